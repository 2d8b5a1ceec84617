"""Issue 5 end to end, in headless Chromium: a candidate says they want to stop; the
jobcoach gets the e-mail (local SMTP) and the Telegram message (fake Bot API), logs in,
takes over, replies; the candidate sees the reply; the jobcoach resolves; the bot is back.
Plus: crisis language gets the safety information first and a severity-1 escalation.
On the session's shared stack, with its SMTP inbox and fake Bot API (chat 777 is Anna's)."""

import datetime as dt

import pytest
from stacks import shot

from bot.candidates.linking import create_invite
from bot.candidates.trajecten import register_traject
from bot.portal.auth import create_staff
from bot.store.engine import session
from bot.store.models import Candidate, Escalation, Staff

PASSWORD = "lang-genoeg-wachtwoord"


@pytest.fixture
def world(stack, axe):
    return stack, stack.telegram, stack.inbox, axe


def new_candidate(stack, name, coach_username):
    with session(stack.db) as s:
        coach = s.query(Staff).filter_by(username=coach_username).one_or_none()
        if coach is None:
            coach = create_staff(
                s,
                coach_username,
                "Anna de Vries",
                "jobcoach",
                PASSWORD,
                email="anna@test.local",
                telegram_chat_id="777",
                region="twente",
            )
        c = Candidate(first_name=name, region="twente")
        s.add(c)
        s.flush()
        register_traject(s, c.id, "Bakkerij", dt.date.today()).jobcoach_id = coach.id
        code = create_invite(s, c.id, dt.datetime.utcnow())
        s.commit()
        return c.id, code


def candidate_page(browser, stack, code):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(stack.portal_url + "/")
    page.get_by_role("button", name="Ik heb een code").wait_for()
    page.locator("#gesprek li.bot").first.wait_for()
    page.get_by_role("button", name="Ik heb een code").click()
    page.locator("#gesprek li.bot", has_text="Typ je koppelcode").wait_for()
    say(page, code)
    page.locator("#gesprek li.bot", has_text="Gelukt").wait_for()
    return page


def say(page, text):
    page.get_by_label("Je bericht").fill(text)
    page.get_by_role("button", name="Verstuur").click()


def test_wants_to_stop_jobcoach_notified_takes_over_replies_and_resolves(world, browser):
    stack, fake, inbox, axe = world
    candidate_id, code = new_candidate(stack, "Lina", "anna")
    cand = candidate_page(browser, stack, code)
    say(cand, "ik wil stoppen met mijn traject")
    told = cand.locator("#gesprek li.bot", has_text="melding")
    told.wait_for()
    assert "Anna de Vries" in told.inner_text() and "binnen één werkdag" in told.inner_text()

    # e-mail and Telegram reach the jobcoach within seconds (scheduler tick: 1 s)
    def mails():
        return [m for m in inbox.messages if "(Lina)" in m["Subject"]]

    def chats():
        return [p for p in fake.sent(777) if "(Lina)" in p["text"]]

    deadline = dt.datetime.now() + dt.timedelta(seconds=20)
    while dt.datetime.now() < deadline and not (mails() and chats()):
        cand.wait_for_timeout(300)
    assert [m["To"] for m in mails()] == ["anna@test.local"]
    assert "Kandidaat wil stoppen" in mails()[0]["Subject"]
    assert len(chats()) == 1 and "Kandidaat wil stoppen" in chats()[0]["text"]

    coach = browser.new_page()
    coach.goto(stack.portal_url + "/dashboard/")
    axe(coach)
    coach.get_by_label("Gebruikersnaam").fill("anna")
    coach.get_by_label("Wachtwoord").fill(PASSWORD)
    coach.get_by_role("button", name="Inloggen").click()
    with session(stack.db) as s:  # Lina's (the Twente queue may hold others, without owner)
        lina = s.query(Escalation).filter_by(candidate_id=candidate_id, reason="wil_stoppen").one()
    coach.get_by_role("link", name="Kandidaat wil stoppen").first.wait_for()
    coach.goto(f"{stack.portal_url}/dashboard/escalaties/{lina.id}")
    coach.get_by_text("ik wil stoppen met mijn traject").wait_for()
    shot(coach, "dashboard-melding")
    axe(coach)
    coach.get_by_role("button", name="Gesprek overnemen").click()
    cand.locator("#gesprek li.bot", has_text="neemt het gesprek nu over").wait_for(timeout=15_000)

    coach.get_by_label("Je antwoord aan Lina").fill("Hoi Lina, ik bel je morgen om 10 uur.")
    coach.get_by_role("button", name="Verstuur").click()
    cand.locator("#gesprek li.bot", has_text="Anna (jobcoach): Hoi Lina").wait_for(timeout=15_000)

    before = cand.locator("#gesprek li.bot").count()
    say(cand, "Oké, dank je wel")
    cand.locator("#gesprek li.user", has_text="Oké, dank je wel").wait_for()
    cand.wait_for_timeout(1500)
    assert cand.locator("#gesprek li.bot").count() == before  # the bot is quiet
    coach.reload()
    coach.locator(".gesprek li.kandidaat", has_text="Oké, dank je wel").wait_for()
    shot(coach, "dashboard-overgenomen")
    axe(coach)

    coach.get_by_label("Notitie bij afsluiten").fill("Gebeld; Lina blijft, praat met leerbedrijf.")
    coach.get_by_role("button", name="Afsluiten en de bot weer aanzetten").click()
    coach.get_by_text("Afgesloten op").wait_for()
    # the conversation is kept after closing, the reply signed with Anna's first name
    coach.locator(".gesprek li.jobcoach", has_text="Anna (jobcoach): Hoi Lina").wait_for()
    coach.locator(".gesprek li.kandidaat", has_text="Oké, dank je wel").wait_for()
    shot(coach, "dashboard-afgesloten-gesprek")
    cand.locator("#gesprek li.bot", has_text="Ik ben er weer").wait_for(timeout=15_000)
    say(cand, "wat is een praktijkverklaring?")  # a candidate gets candidate entries
    cand.locator("#gesprek li.bot", has_text="Bron:").wait_for(timeout=30_000)
    shot(cand, "kandidaat-na-overdracht")
    axe(cand)
    with session(stack.db) as s:
        e = s.query(Escalation).filter_by(candidate_id=candidate_id, reason="wil_stoppen").one()
        assert e.status == "afgehandeld" and e.handoff_at and "Lina blijft" in e.note
    cand.close()
    coach.close()


def test_crisis_language_gets_safety_information_first(world, browser):
    stack, _, _, _ = world
    candidate_id, code = new_candidate(stack, "Mo", "anna")
    cand = candidate_page(browser, stack, code)
    first_new = cand.locator("#gesprek li.bot").count()
    say(cand, "ik wil niet meer leven")
    cand.locator("#gesprek li.bot", has_text="0800-0113").wait_for()
    replies = cand.locator("#gesprek li.bot")
    first = replies.nth(first_new).inner_text()
    assert "0800-0113" in first and "112" in first  # the very first reply
    cand.locator("#gesprek li.bot", has_text="vandaag nog").wait_for()
    with session(stack.db) as s:
        e = s.query(Escalation).filter_by(candidate_id=candidate_id, reason="crisis").one()
        assert e.severity == 1
    cand.close()
