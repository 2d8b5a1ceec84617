"""Issue 12, "a dashboard a jobcoach can work from": the queries behind "vandaag" (who needs
attention, by urgency and waiting time, only what the viewer may see), the meldingen list
(filters, search, pages, limits on every parameter) and the candidate's timeline (the
question asked and the candidate's own words, closed meldingen kept)."""

import datetime as dt

import pytest

from bot.candidates import journey
from bot.candidates.trajecten import register_traject
from bot.portal import auth
from bot.portal.dashboard import worklist
from bot.portal.dashboard.timeline import timeline
from bot.store.engine import session
from bot.store.models import Candidate, CheckIn, Escalation, Staff

PASSWORD = "lang-genoeg-wachtwoord"
NOW = dt.datetime(2026, 11, 27, 10, 0)


def _hours(n):
    return NOW - dt.timedelta(hours=n)


@pytest.fixture
def world(project_db):
    """Twente: Anna coaches Hugo, Janneke and Halima; Bert coaches Sam. A consultant for
    Twente, one without a region, an administrator."""
    with session() as s:
        staff = {
            u: auth.create_staff(s, u, u.title(), role, PASSWORD, region=region)
            for u, role, region in (
                ("anna", "jobcoach", "twente"),
                ("bert", "jobcoach", "twente"),
                ("carla", "consulent", "twente"),
                ("nora", "consulent", None),
                ("root", "beheerder", None),
            )
        }
        people = {}
        for name, coach in (
            ("Hugo", "anna"),
            ("Janneke", "anna"),
            ("Halima", "anna"),
            ("Sam", "bert"),
        ):
            c = Candidate(first_name=name, region="twente", channel="telegram")
            s.add(c)
            s.flush()
            t = register_traject(s, c.id, "Bakkerij", dt.date(2026, 10, 1), jobcoach=coach)
            people[name] = (c, t)

        def melding(name, reason, severity, hours, status="open", coach="anna", excerpt=""):
            e = Escalation(
                candidate_id=people[name][0].id if name else None,
                reason=reason,
                severity=severity,
                staff_id=staff[coach].id if coach else None,
                status=status,
                excerpt=excerpt or f"Kandidaat: {reason}",
                created_at=_hours(hours),
            )
            s.add(e)
            return e

        melding("Hugo", "wil_persoon", 3, 30)
        melding("Janneke", "wil_stoppen", 2, 2, excerpt="Kandidaat: ik stop ermee, te druk")
        melding("Janneke", "conflict", 2, 50, status="afgehandeld")
        melding("Sam", "crisis", 1, 1, coach="bert")
        melding(None, "niet_begrepen", 3, 5, coach=None)
        # Halima: a check-in sent two days ago, reminded, not answered; and unreachable
        s.flush()
        ci = s.query(CheckIn).filter_by(traject_id=people["Halima"][1].id).one()
        ci.status, ci.sent_at = "herinnerd", _hours(49)
        people["Halima"][0].unreachable_at = _hours(3)
        # Hugo: a check-in sent an hour ago: not late yet
        ci = s.query(CheckIn).filter_by(traject_id=people["Hugo"][1].id).one()
        ci.status, ci.sent_at = "verstuurd", _hours(1)
        s.commit()
    return {name: c.id for name, (c, _) in people.items()}


def _staff(s, username):
    return s.query(Staff).filter_by(username=username).one()


def _who(items):
    return [
        (a.candidate.first_name if a.candidate else None, [n.kind for n in a.needs]) for a in items
    ]


def test_vandaag_orders_by_urgency_then_waiting_time_and_shows_only_what_one_may_see(world):
    with session() as s:
        anna = _who(worklist.attention(s, _staff(s, "anna"), NOW))
        carla = _who(worklist.attention(s, _staff(s, "carla"), NOW))
        root = _who(worklist.attention(s, _staff(s, "root"), NOW))
        nora = worklist.attention(s, _staff(s, "nora"), NOW)
    # Halima: not reached (2) and waiting longest at that urgency; Janneke's melding (2);
    # Hugo: a melding (3); his check-in of an hour ago is not late yet
    assert anna == [
        ("Halima", ["not_reached", "checkin_open"]),
        ("Janneke", ["melding"]),
        ("Hugo", ["melding"]),
    ]
    assert carla == [("Sam", ["melding"])] + anna  # the region's consultant: also Bert's
    assert root == carla + [(None, ["melding"])]  # a melding without a candidate: admins
    assert nora == []  # a consultant without a region sees nothing


def test_waiting_time_reads_for_people():
    assert worklist.waited(_hours(0.5), NOW) == "30 min"
    assert worklist.waited(_hours(5), NOW) == "5 uur"
    assert worklist.waited(_hours(72), NOW) == "3 dagen"


def _find(s, user, **params):
    rows, total = worklist.meldingen(s, _staff(s, user), worklist.parse_filter(params))
    return [(c.first_name if c else None, e.reason) for e, c, _ in rows], total


def test_meldingen_open_closed_filters_and_search(world):
    with session() as s:
        assert _find(s, "anna") == ([("Janneke", "wil_stoppen"), ("Hugo", "wil_persoon")], 2)
        assert _find(s, "anna", status="afgehandeld") == ([("Janneke", "conflict")], 1)
        assert _find(s, "anna", status="alle", urgentie="2")[1] == 2
        assert _find(s, "carla", reden="crisis") == ([("Sam", "crisis")], 1)
        assert _find(s, "carla", jobcoach="bert") == ([("Sam", "crisis")], 1)
        assert _find(s, "root", jobcoach="niemand") == ([(None, "niet_begrepen")], 1)
        assert _find(s, "carla", jobcoach="niemand")[1] == 0  # no candidate: admins only
        assert _find(s, "carla", regio="zeeland")[1] == 0
        # search: the candidate's name or the excerpt's text, any case; % is only a character
        assert _find(s, "anna", zoek="HUGO") == ([("Hugo", "wil_persoon")], 1)
        assert _find(s, "anna", zoek="te druk") == ([("Janneke", "wil_stoppen")], 1)
        assert _find(s, "anna", zoek="%")[1] == 0
        assert _find(s, "nora", status="alle")[1] == 0


def test_meldingen_are_paged(world, monkeypatch):
    monkeypatch.setattr(worklist, "PAGE_SIZE", 2)
    with session() as s:
        first, total = _find(s, "root", status="alle")
        second, _ = _find(s, "root", status="alle", pagina="2")
        third, _ = _find(s, "root", status="alle", pagina="3")
    assert total == 5 and len(first) == len(second) == 2 and len(third) == 1
    assert not set(first) & set(second)


@pytest.mark.parametrize(
    "params",
    [
        {"status": "weg"},
        {"urgentie": "4"},
        {"urgentie": "12"},
        {"reden": "bestaat_niet"},
        {"pagina": "0"},
        {"pagina": "99999"},
        {"pagina": "-1"},
        {"zoek": "x" * 101},
        {"regio": "<script>"},
        {"jobcoach": "a" * 61},
    ],
)
def test_every_filter_parameter_has_a_limit(params):
    with pytest.raises(worklist.FilterError):
        worklist.parse_filter(params)


def test_filter_keeps_its_values_in_links():
    f = worklist.parse_filter({"status": "alle", "zoek": "  ik   stop ", "pagina": "2"})
    assert f.search == "ik stop"
    assert f.query(pagina=3) == {"status": "alle", "zoek": "ik stop", "pagina": "3"}
    assert worklist.parse_filter({}).query() == {}


def test_timeline_shows_question_words_and_closed_meldingen(world):
    with session() as s:
        janneke = s.get(Candidate, world["Janneke"])
        janneke.intake_summary = "Voornaam: Janneke\nLeeftijd: 22"
        janneke.consent_at = _hours(24 * 40)
        ci = s.query(CheckIn).filter(CheckIn.traject_id == janneke.trajecten[0].id).one()
        ci.status, ci.sent_at = "verstuurd", _hours(20)
        answers = {"ci_mood": "gaat_wel", "ci_opleider_time": "soms", "ci_worries": "werk"}
        said = {"ci_mood": "gaat wel, beetje druk", "ci_opleider_time": "soms"}
        journey.store_checkin(s, ci, answers, "", _hours(19), said=said)
        s.commit()
        moments = timeline(s, janneke)
    kinds = [m.kind for m in moments]
    assert kinds[0] == "gepland"  # the next check-in on top
    assert {"intake", "traject", "checkin", "melding"} <= set(kinds)
    checkin = next(m for m in moments if m.kind == "checkin")
    shown = [(a.question, a.answer, a.said) for a in checkin.answers]
    assert shown == [
        ("Hoe gaat het op je werk?", "Gaat wel", "gaat wel, beetje druk"),
        (
            "Heeft je praktijkopleider tijd voor je? Dat is de collega die je helpt op het werk.",
            "Soms",
            None,  # the same as the button: not repeated
        ),
        ("Maak je je ergens zorgen over?", "Ruzie of gedoe op het werk", None),
    ]
    meldingen = {m.escalation.reason: m.escalation.status for m in moments if m.kind == "melding"}
    assert meldingen == {"wil_stoppen": "open", "conflict": "afgehandeld"}
    at = [m.at for m in moments[1:]]
    assert at == sorted(at, reverse=True)  # newest first
