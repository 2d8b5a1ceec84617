"""Dashboard accounts: argon2, sessions, lock-out, who sees which candidate."""

import datetime as dt

import pytest

from bot.candidates.trajecten import register_traject
from bot.portal import auth
from bot.store.engine import session
from bot.store.models import AuditEntry, Candidate, Escalation, Staff

NOW = dt.datetime(2026, 11, 22, 9, 0)
PASSWORD = "lang-genoeg-wachtwoord"


@pytest.fixture
def s(project_db):
    with session(project_db) as s:
        yield s


def test_passwords_are_argon2_and_must_be_long(s):
    staff = auth.create_staff(s, "Anna", "Anna", "jobcoach", PASSWORD)
    assert staff.password_hash.startswith("$argon2") and PASSWORD not in staff.password_hash
    assert staff.username == "anna"
    with pytest.raises(auth.AuthError):
        auth.create_staff(s, "kort", "Kort", "jobcoach", "kort")
    with pytest.raises(auth.AuthError):
        auth.create_staff(s, "anna", "Anna 2", "jobcoach", PASSWORD)
    with pytest.raises(auth.AuthError):
        auth.create_staff(s, "piet", "Piet", "koning", PASSWORD)


def test_login_session_expiry_and_logout(s):
    auth.create_staff(s, "anna", "Anna", "jobcoach", PASSWORD)
    s.commit()
    login = auth.login(s, "ANNA", PASSWORD, NOW)
    staff, csrf = auth.current(s, login.token, NOW + dt.timedelta(hours=1))
    assert staff.username == "anna" and csrf == login.csrf
    assert auth.current(s, login.token, NOW + dt.timedelta(hours=auth.SESSION_HOURS)) is None
    assert auth.current(s, "verzonnen", NOW) is None
    auth.logout(s, login.token, NOW)
    assert auth.current(s, login.token, NOW) is None
    actions = [a.action for a in s.query(AuditEntry).order_by(AuditEntry.id)]
    assert actions == ["inloggen", "uitloggen"]


def test_wrong_name_and_wrong_password_look_the_same_and_lock_out(s):
    auth.create_staff(s, "anna", "Anna", "jobcoach", PASSWORD)
    s.commit()
    with pytest.raises(auth.AuthError) as unknown:
        auth.login(s, "niemand", PASSWORD, NOW)
    with pytest.raises(auth.AuthError) as wrong:
        auth.login(s, "anna", "fout-wachtwoord-123", NOW)
    assert str(unknown.value) == str(wrong.value)
    for _ in range(auth.MAX_FAILURES - 1):
        with pytest.raises(auth.AuthError):
            auth.login(s, "anna", "fout-wachtwoord-123", NOW)
    with pytest.raises(auth.AuthError, match="Te veel"):  # right, but a second to wait
        auth.login(s, "anna", PASSWORD, NOW + dt.timedelta(milliseconds=500))
    assert auth.login(s, "anna", PASSWORD, NOW + dt.timedelta(seconds=1)).token


def test_csrf_comparison():
    assert auth.csrf_ok("abc", "abc")
    assert not auth.csrf_ok("abc", "abd") and not auth.csrf_ok("abc", None)


def test_jobcoach_sees_only_own_candidates(s):
    a = auth.create_staff(s, "a", "A", "jobcoach", PASSWORD, region="twente")
    b = auth.create_staff(s, "b", "B", "jobcoach", PASSWORD, region="twente")
    consultant = auth.create_staff(s, "c", "C", "consulent", PASSWORD, region="twente")
    admin = auth.create_staff(s, "d", "D", "beheerder", PASSWORD)
    mine, theirs, other_region = (
        Candidate(first_name="Mijn", region="twente"),
        Candidate(first_name="Hun", region="twente"),
        Candidate(first_name="Ver", region="zeeland"),
    )
    s.add_all([mine, theirs, other_region])
    s.flush()
    register_traject(s, mine.id, "Bakkerij", NOW.date()).jobcoach_id = a.id
    register_traject(s, theirs.id, "Garage", NOW.date()).jobcoach_id = b.id
    s.add(Escalation(candidate_id=other_region.id, reason="wil_stoppen", severity=2, staff_id=a.id))
    s.commit()
    assert auth.may_see(s, a, mine.id) and not auth.may_see(s, a, theirs.id)
    assert auth.may_see(s, a, other_region.id)  # told about it as the one notified
    assert auth.may_see(s, b, theirs.id) and not auth.may_see(s, b, mine.id)
    assert auth.may_see(s, consultant, mine.id) and not auth.may_see(s, consultant, other_region.id)
    assert all(auth.may_see(s, admin, c.id) for c in (mine, theirs, other_region))
    assert s.query(Staff).count() == 4
