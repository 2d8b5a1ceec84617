"""Safety first, always (issue 12), end to end on the session's shared stack: the real Rasa
server, action server, scheduler and portal, Telegram against the fake Bot API, e-mail to the
local SMTP server, the dashboard over HTTP.

Playing Halima: "soms denk ik ik wil niet meer leven", written while her jobcoach has taken
the conversation over (Rasa is paused and runs no action), gets the 113/112 message at once
and makes the melding urgency 1, with an e-mail to her jobcoach and to the region's fallback;
the jobcoach's reply is signed with her first name; after closing, the conversation is still
on the melding's page. On Telegram and on the web (portal API). Plus: crisis language in the
middle of a form and of a check-in gets the same safety message first.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.request

import pytest
import requests
from stacks import wait_for

from bot.candidates.linking import create_invite
from bot.candidates.trajecten import register_traject
from bot.escalations.crisis import safety_message
from bot.portal.auth import create_staff
from bot.store.engine import session
from bot.store.models import Candidate, CheckIn, Escalation, Traject

PASSWORD = "lang-genoeg-wachtwoord"
HALIMA = "soms denk ik ik wil niet meer leven"


class Dashboard:
    """A jobcoach in the dashboard, over HTTP (form login, CSRF token per session)."""

    def __init__(self, stack, username: str) -> None:
        self.url, self.http = stack.portal_url, requests.Session()
        page = self.http.get(self.url + "/dashboard/inloggen", timeout=30).text
        self.http.post(
            self.url + "/dashboard/inloggen",
            data={"csrf": self._csrf(page), "gebruiker": username, "wachtwoord": PASSWORD},
            timeout=30,
        )
        self.csrf = self._csrf(self.http.get(self.url + "/dashboard/account", timeout=30).text)

    @staticmethod
    def _csrf(html: str) -> str:
        return re.search(r'name="csrf" value="([^"]+)"', html).group(1)

    def page(self, escalation_id: int) -> str:
        return self.http.get(f"{self.url}/dashboard/escalaties/{escalation_id}", timeout=30).text

    def act(self, escalation_id: int, action: str, **form: str) -> int:
        resp = self.http.post(
            f"{self.url}/dashboard/escalaties/{escalation_id}/{action}",
            data={"csrf": self.csrf, **form},
            allow_redirects=False,
            timeout=60,
        )
        return resp.status_code


def halima(stack, region: str) -> tuple[int, str, str]:
    """Halima, with her jobcoach Sanne and Rob, the region's default jobcoach (the fallback).
    Returns her id, her invite code and Sanne's username."""
    with session(stack.db) as s:
        sanne = create_staff(
            s, f"sanne-{region}", "Sanne de Wit", "jobcoach", PASSWORD,
            email=f"sanne@{region}.test", region=region,
        )  # fmt: skip
        create_staff(
            s, f"rob-{region}", "Rob", "jobcoach", PASSWORD,
            email=f"rob@{region}.test", region=region, default_for_region=True,
        )  # fmt: skip
        c = Candidate(first_name="Halima", region=region)
        s.add(c)
        s.flush()
        register_traject(s, c.id, "Zorgcentrum", dt.date.today()).jobcoach_id = sanne.id
        code = create_invite(s, c.id, dt.datetime.utcnow())
        s.commit()
        return c.id, code, sanne.username


def the_melding(stack, candidate_id: int) -> Escalation:
    with session(stack.db) as s:
        return s.query(Escalation).filter_by(candidate_id=candidate_id).one()


def urgent_mails(stack, region: str) -> list[str]:
    return sorted(
        m["To"]
        for m in stack.inbox.messages
        if m["To"].endswith(f"@{region}.test") and "Urgentie 1" in m["Subject"]
    )


def check_after_crisis(stack, coach: Dashboard, candidate_id: int, region: str) -> int:
    melding = the_melding(stack, candidate_id)  # merged into the taken-over one
    assert (melding.severity, melding.reason) == (1, "crisis")
    assert HALIMA in melding.excerpt and "ik wil stoppen" in melding.excerpt
    # (the first melding's mail says urgency 1 too when it leaves after the crisis: the mail
    # tells the melding as it is when sent)
    wait_for(lambda: len(set(urgent_mails(stack, region))) >= 2, timeout=30)
    mails = sorted(set(urgent_mails(stack, region)))
    assert mails == [f"rob@{region}.test", f"sanne@{region}.test"]  # jobcoach and fallback
    page = coach.page(melding.id)
    assert HALIMA in page and "0800-0113" in page
    return melding.id


def close_and_look_back(coach: Dashboard, escalation_id: int) -> None:
    assert coach.act(escalation_id, "afsluiten", notitie="Samen 113 gebeld.") == 303
    page = coach.page(escalation_id)
    assert "Afgesloten op" in page  # and the conversation is still there
    assert HALIMA in page and "Sanne (jobcoach): Ik bel je nu." in page and "0800-0113" in page


def sent_texts(fake, chat: int) -> list[str]:
    return [p.get("text", "") for p in fake.sent(chat)]


@pytest.mark.both_shapes
def test_halima_writes_crisis_language_during_a_takeover_on_telegram(stack):
    fake, chat, region = stack.telegram, 2301, "achterhoek"
    candidate_id, code, coach_name = halima(stack, region)
    fake.push_message(chat, f"/start {code}")
    assert wait_for(lambda: [t for t in sent_texts(fake, chat) if "Gelukt" in t])
    fake.push_message(chat, "ik wil stoppen met mijn traject")
    assert wait_for(lambda: [t for t in sent_texts(fake, chat) if "melding" in t])
    escalation_id = the_melding(stack, candidate_id).id
    coach = Dashboard(stack, coach_name)
    assert coach.act(escalation_id, "overnemen") == 303
    assert wait_for(lambda: [t for t in sent_texts(fake, chat) if "neemt het gesprek" in t])

    before = len(sent_texts(fake, chat))
    fake.push_message(chat, HALIMA)
    assert wait_for(lambda: len(sent_texts(fake, chat)) >= before + 2)
    after = sent_texts(fake, chat)[before:]
    assert after[0] == safety_message() and "113" in after[0] and "112" in after[0]
    assert "Sanne" in after[1] and "vandaag nog" in after[1]
    check_after_crisis(stack, coach, candidate_id, region)

    assert coach.act(escalation_id, "antwoord", tekst="Ik bel je nu.", sleutel="tg-1") == 303
    assert wait_for(lambda: "Sanne (jobcoach): Ik bel je nu." in sent_texts(fake, chat))
    close_and_look_back(coach, escalation_id)


class WebChat:
    """The web widget's page, as far as the portal can tell."""

    def __init__(self, stack) -> None:
        self.url = stack.portal_url
        self.token = self._call("POST", "/api/session", {"rol": "kandidaat"})["token"]

    def _call(self, method, path, body=None):
        request = urllib.request.Request(
            self.url + path,
            data=json.dumps(body).encode() if body is not None else None,
            method=method,
            headers={"Content-Type": "application/json", "X-Session": getattr(self, "token", "")},
        )
        with urllib.request.urlopen(request, timeout=120) as resp:
            return json.loads(resp.read())

    def send(self, text: str | None = None, payload: str | None = None) -> list[str]:
        body = {"payload": payload, "label": payload} if payload else {"text": text}
        messages = self._call("POST", "/api/message", body)["messages"]
        return [m["text"] for m in messages if m["sender"] == "bot"]

    def all_bot_texts(self) -> list[str]:
        messages = self._call("GET", "/api/messages?after=0")["messages"]
        return [m["text"] for m in messages if m["sender"] == "bot"]


@pytest.mark.both_shapes
def test_halima_writes_crisis_language_during_a_takeover_on_the_web(stack):
    region = "drenthe"
    candidate_id, code, coach_name = halima(stack, region)
    chat = WebChat(stack)
    assert "koppelcode" in " ".join(chat.send(payload="/link_account"))
    assert "Halima" in " ".join(chat.send(code))
    assert "melding" in " ".join(chat.send("ik wil stoppen met mijn traject"))
    escalation_id = the_melding(stack, candidate_id).id
    coach = Dashboard(stack, coach_name)
    assert coach.act(escalation_id, "overnemen") == 303
    assert wait_for(lambda: [t for t in chat.all_bot_texts() if "neemt het gesprek" in t])

    replies = chat.send(HALIMA)  # Rasa is paused: only the channel answers
    assert replies[0] == safety_message() and "113" in replies[0] and "112" in replies[0]
    assert "Sanne" in replies[1]
    check_after_crisis(stack, coach, candidate_id, region)

    assert coach.act(escalation_id, "antwoord", tekst="Ik bel je nu.", sleutel="web-1") == 303
    assert wait_for(lambda: "Sanne (jobcoach): Ik bel je nu." in chat.all_bot_texts())
    close_and_look_back(coach, escalation_id)


def test_crisis_language_in_the_middle_of_the_intake_gets_the_safety_message_first(stack):
    chat = WebChat(stack)
    assert chat.send(payload="/start_intake")
    replies = chat.send("hij slaat mij")
    assert replies[0] == safety_message()


def test_crisis_language_as_a_check_in_answer_gets_the_safety_message_first(stack):
    fake, chat, region = stack.telegram, 2302, "zeeland"
    candidate_id, code, _ = halima(stack, region)
    fake.push_message(chat, f"/start {code}")
    assert wait_for(lambda: [t for t in sent_texts(fake, chat) if "Gelukt" in t])
    with session(stack.db) as s:
        traject = s.query(Traject).filter_by(candidate_id=candidate_id).one()
        checkin = s.query(CheckIn).filter_by(traject_id=traject.id).one()
        checkin.due_at = dt.datetime.utcnow()
        s.commit()
    assert wait_for(lambda: [t for t in sent_texts(fake, chat) if "Hoe gaat het" in t])
    before = len(sent_texts(fake, chat))
    fake.push_message(chat, HALIMA)
    assert wait_for(lambda: len(sent_texts(fake, chat)) > before)
    assert sent_texts(fake, chat)[before] == safety_message()
    with session(stack.db) as s:
        crisis = s.query(Escalation).filter_by(candidate_id=candidate_id, severity=1).one()
        assert HALIMA in crisis.excerpt
