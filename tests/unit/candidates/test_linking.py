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


def test_a_chat_role_is_known_from_linking_or_asked_once(s):
    import datetime as dt

    from bot.candidates.linking import choose_role, conversation_role, hold_until_role
    from bot.store.models import Candidate, Staff

    now = dt.datetime(2026, 1, 1)
    assert conversation_role(s, "tg-1") is None
    hold_until_role(s, "tg-1", "wie betaalt de jobcoach?", now)
    hold_until_role(s, "tg-1", "hallo?", now)  # the first message is the one that waits
    assert conversation_role(s, "tg-1") is None
    assert choose_role(s, "tg-1", "consultant", now) == "wie betaalt de jobcoach?"
    assert conversation_role(s, "tg-1") == "consultant"
    assert choose_role(s, "tg-1", "consultant", now) is None  # released once
    s.add(Candidate(first_name="Sam", region="twente", conversation_id="tg-2"))
    s.add(
        Staff(
            username="jc",
            display_name="JC",
            role="jobcoach",
            password_hash="x",
            telegram_chat_id="3",
        )
    )
    s.commit()
    assert conversation_role(s, "tg-2") == "candidate"
    assert conversation_role(s, "tg-3") == "consultant"


def test_an_old_code_never_links_the_next_candidate_after_a_deletion(s):
    from bot.candidates.privacy import delete_candidate

    code = create_invite(s, 2, NOW)  # Kim, the newest candidate
    s.get(Candidate, 2).conversation_id = "web-kim"
    s.commit()
    assert delete_candidate(s, "web-kim", NOW)
    assert s.query(InviteCode).count() == 0  # foreign keys enforced: the code went along
    s.add(Candidate(first_name="Noa"))
    s.commit()
    assert redeem(s, code, "tg-5", "telegram", NOW).status == "unknown"
    assert candidate_for(s, "tg-5") is None
