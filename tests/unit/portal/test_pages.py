"""The chat page speaks to its reader: `je` to a candidate, `u` to a consultant (issue 9,
register and audience), in its field, its hint and its skip link too."""

import re

from bot.portal.app import _page


def _html(role: str) -> str:
    return _page(role, embedded=False).text


def test_the_consultant_page_says_u_and_the_candidate_page_je():
    consultant, candidate = _html("consulent"), _html("kandidaat")
    assert "Uw vraag" in consultant and "Typ hier uw vraag" in consultant
    assert not re.search(r"\b(je|jij|jouw)\b", consultant, re.IGNORECASE)
    assert "Je bericht" in candidate and "Typ hier je bericht" in candidate
    assert "{{" not in consultant and "{{" not in candidate
