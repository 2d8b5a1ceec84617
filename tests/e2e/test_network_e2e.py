"""Issue 13's "done when" for netwerk in beeld, end to end on the shared stack: a colleague
fills in Noord-Holland Noord in the dashboard (form login, CSRF, over HTTP), and a consultant
who asks the assistant over REST gets those contacts at once: no restart, no retraining."""

from __future__ import annotations

import re

import requests
from test_rest_e2e import Chat

from bot.portal.auth import create_staff
from bot.store.engine import session

PASSWORD = "lang-genoeg-wachtwoord"
REGION = "/dashboard/netwerk/noord-holland-noord"
WHO = "bij wie kan ik terecht in Noord-Holland Noord?"


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def _logged_in(stack, username: str) -> tuple[requests.Session, str]:
    http = requests.Session()
    page = http.get(stack.portal_url + "/dashboard/inloggen", timeout=30).text
    form = {"csrf": _csrf(page), "gebruiker": username, "wachtwoord": PASSWORD}
    http.post(stack.portal_url + "/dashboard/inloggen", data=form, timeout=30)
    return http, _csrf(http.get(stack.portal_url + "/dashboard/account", timeout=30).text)


def test_a_colleague_fills_in_the_region_and_the_assistant_answers_with_it(stack):
    with session(stack.db) as s:
        create_staff(s, "nina-nhn", "Nina", "consulent", PASSWORD, region="noord-holland-noord")
        s.commit()
    before = Chat(stack).text(WHO)
    assert "Noord-Holland Noord" in before and "Pieter Visser" not in before
    http, csrf = _logged_in(stack, "nina-nhn")
    for contact in (
        {
            "soort": "leerwerkloket",
            "naam": "Pieter Visser",
            "organisatie": "Leerwerkloket Noord-Holland Noord",
            "telefoon": "072 567 89 00",
            "email": "p.visser@leerwerkloket-nhn.nl",
            "waarvoor": "scholing, omscholing en de praktijkverklaring",
        },
        {
            "soort": "ambassadeur_praktijkleren",
            "naam": "Fatima Bakker",
            "organisatie": "Gemeente Den Helder",
            "email": "f.bakker@denhelder.nl",
        },
    ):
        form = {"csrf": csrf, "gecontroleerd_op": "", **contact}
        resp = http.post(stack.portal_url + REGION, data=form, allow_redirects=False, timeout=30)
        assert resp.status_code == 303, resp.text
    page = http.get(stack.portal_url + REGION, timeout=30).text
    assert "Pieter Visser" in page and "Fatima Bakker" in page
    after = Chat(stack).text(WHO)  # the same assistant processes, not restarted
    assert after.startswith("Contacten in Noord-Holland Noord:")
    assert "Leerwerkloket: Pieter Visser (Leerwerkloket Noord-Holland Noord)" in after
    assert "telefoon 072 567 89 00" in after and "p.visser@leerwerkloket-nhn.nl" in after
    assert "Fatima Bakker (Gemeente Den Helder), telefoon nog niet ingevuld" in after
    assert "Sw-bedrijf: nog niet ingevuld" in after
    # an answer about the leerwerkloket ends with the region's own, from the directory
    loket = Chat(stack).text("wie is het leerwerkloket in Noord-Holland Noord?")
    assert "Leerwerkloket in Noord-Holland Noord: Pieter Visser" in loket
