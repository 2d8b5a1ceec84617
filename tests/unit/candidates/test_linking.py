"""Invite codes: random, single-use, expiring, rate-limited; one conversation per candidate."""

import datetime as dt

import pytest

from bot.candidates.linking import (
    ALPHABET,
    MAX_FAILURES,
    candidate_for,
    create_invite,
    mark_unreachable,
    redeem,
)
from bot.cli import main
from bot.store.engine import session
from bot.store.models import Candidate, Escalation, InviteCode

NOW = dt.datetime(2026, 11, 22, 12, 0)


@pytest.fixture
def s(project_db):
    with session(project_db) as s:
        s.add_all([Candidate(first_name="Sam"), Candidate(first_name="Kim")])
        s.commit()
        yield s


def test_codes_are_random_and_only_their_hash_is_stored(s):
    codes = {create_invite(s, 1, NOW) for _ in range(50)}
    s.commit()
    assert len(codes) == 50
    for code in codes:
        assert len(code) == 9 and code[4] == "-"
        assert set(code.replace("-", "")) <= set(ALPHABET)
    stored = {i.code_hash for i in s.query(InviteCode)}
    assert len(stored) == 50
    assert not any(code.replace("-", "") in h for code in codes for h in stored)


def test_code_links_once_in_any_spelling(s):
    code = create_invite(s, 1, NOW)
    s.commit()
    result = redeem(s, code.lower().replace("-", " "), "tg-1", "telegram", NOW)
    assert result.status == "linked" and "Sam" in result.message
    c = s.get(Candidate, 1)
    assert (c.conversation_id, c.channel) == ("tg-1", "telegram")
    assert candidate_for(s, "tg-1").id == 1 and candidate_for(s, "tg-9") is None
    assert redeem(s, code, "tg-2", "telegram", NOW).status == "used"


def test_expired_and_unknown_codes(s):
    code = create_invite(s, 1, NOW, valid_days=1)
    s.commit()
    assert redeem(s, code, "tg-1", "telegram", NOW + dt.timedelta(days=2)).status == "expired"
    assert redeem(s, "ABCD-EFGH", "tg-1", "telegram", NOW).status == "unknown"


def test_wrong_codes_are_rate_limited(s):
    for _ in range(MAX_FAILURES):
        assert redeem(s, "WRON-GCOD", "web-x", "web", NOW).status == "unknown"
    good = create_invite(s, 1, NOW)
    s.commit()
    assert redeem(s, good, "web-x", "web", NOW).status == "limited"
    assert (
        redeem(s, good, "web-x", "web", NOW + dt.timedelta(hours=1, seconds=1)).status == "linked"
    )


def test_a_conversation_belongs_to_one_candidate(s):
    redeem(s, create_invite(s, 1, NOW), "web-x", "web", NOW)
    redeem(s, create_invite(s, 2, NOW), "web-x", "web", NOW)
    assert s.get(Candidate, 1).conversation_id is None
    assert s.get(Candidate, 2).conversation_id == "web-x"


def test_blocked_bot_marks_unreachable_and_tells_the_jobcoach_once(s):
    redeem(s, create_invite(s, 1, NOW), "tg-1", "telegram", NOW)
    mark_unreachable(s, "tg-1", NOW)
    mark_unreachable(s, "tg-1", NOW)
    assert s.get(Candidate, 1).unreachable_at == NOW
    assert s.query(Escalation).filter_by(reason="onbereikbaar").count() == 1


def test_cli_makes_an_invite(s, capsys):
    assert main(["uitnodiging", "--kandidaat", "1"]) == 0
    assert "Koppelcode:" in capsys.readouterr().out
    assert main(["uitnodiging", "--kandidaat", "99"]) == 1
