from bot.cli import main
from bot.store.engine import session
from bot.store.models import CheckIn, Traject


def test_consultant_registers_a_traject_end_to_end(project_db, capsys):
    assert main(["kandidaat", "--voornaam", "Sam", "--regio", "twente", "--toestemming"]) == 0
    assert (
        main(
            [
                "traject",
                "--kandidaat",
                "1",
                "--leerbedrijf",
                "Bakkerij",
                "--start",
                "2026-12-01",
                "--eind",
                "2027-03-01",
            ]
        )
        == 0
    )
    assert main(["werkproces", "--traject", "1", "--naam", "Bereidt deeg voor"]) == 0
    assert main(["praktijkverklaring", "--traject", "1", "--datum", "2027-03-01"]) == 0
    assert "2027-04-01, 2027-09-01, 2028-03-01" in capsys.readouterr().out
    with session(project_db) as s:
        traject = s.get(Traject, 1)
        assert traject.status == "afgerond" and len(traject.werkprocessen) == 1
        assert s.query(CheckIn).filter(CheckIn.kind.like("nazorg-%")).count() == 3


def test_no_candidate_without_consent(capsys):
    assert main(["kandidaat", "--voornaam", "Sam"]) == 1
    assert "toestemming" in capsys.readouterr().err


def test_unknown_traject_gives_a_clear_error(capsys):
    assert main(["werkproces", "--traject", "42", "--naam", "x"]) == 1
    assert "Traject 42 bestaat niet" in capsys.readouterr().err


def test_werkproces_done_stop_and_figures(project_db, capsys):
    main(["kandidaat", "--voornaam", "Sam", "--regio", "twente", "--toestemming"])
    main(["traject", "--kandidaat", "1", "--leerbedrijf", "Bakkerij", "--start", "2026-12-01"])
    main(["werkproces", "--traject", "1", "--naam", "Bereidt deeg voor"])
    assert main(["werkproces-klaar", "--werkproces", "1", "--datum", "2027-01-05"]) == 0
    assert main(["stop", "--traject", "1", "--reden", "verhuisd"]) == 0
    assert main(["stop", "--traject", "1"]) == 1  # already stopped: a clear error
    assert "niet actief" in capsys.readouterr().err
    assert main(["cijfers"]) == 0
    out = capsys.readouterr().out
    # one candidate: instroom (by the traject, no intake), gestart, werkproces, no
    # praktijkverklaring, gestopt; counted as in the dashboard (bot.candidates.funnel)
    assert "gestopt" in out and "Twente | 1 | 1 | 1 | 0 | 1 | 0" in out


def test_traject_jobcoach_links_the_staff_account(project_db, capsys):
    """Issue 12: `traject --jobcoach anna` links Anna's account, so the escalations reach her
    and she sees the candidate; an unknown user name is an error, not a loose name."""
    from bot.portal import auth
    from bot.store.models import Candidate, Staff

    with session(project_db) as s:
        auth.create_staff(s, "anna", "Anna de Vries", "jobcoach", "lang-genoeg-wachtwoord")
        auth.create_staff(s, "bert", "Bert", "jobcoach", "lang-genoeg-wachtwoord")
        s.commit()
    main(["kandidaat", "--voornaam", "Sam", "--regio", "twente", "--toestemming"])
    args = ["traject", "--kandidaat", "1", "--leerbedrijf", "Bakkerij", "--start", "2026-12-01"]
    assert main([*args, "--jobcoach", "Anna"]) == 0
    assert "Anna de Vries" in capsys.readouterr().out
    assert main([*args, "--jobcoach", "niemand"]) == 1
    assert "bestaat niet" in capsys.readouterr().err
    with session(project_db) as s:
        anna = s.query(Staff).filter_by(username="anna").one()
        traject = s.get(Traject, 1)
        assert traject.jobcoach_id == anna.id and s.query(Traject).count() == 1
        assert auth.may_see(s, anna, s.get(Candidate, 1).id)
    assert main(["jobcoach", "--traject", "1", "--gebruiker", "bert"]) == 0
    with session(project_db) as s:
        bert = s.query(Staff).filter_by(username="bert").one()
        assert s.get(Traject, 1).jobcoach_id == bert.id


def test_intake_and_nazorg_from_the_command_line(project_db, capsys):
    """Issue 13: a consultant's intake stores the background and counts as instroom; a
    follow-up answer given outside the chat is stored as one, and its check-in is not sent."""
    from bot.store.models import Candidate, Event

    assert main(["intake", "--voornaam", "Sam", "--situatie", "uitkering"]) == 1
    assert "toestemming" in capsys.readouterr().err
    assert main(["intake", "--voornaam", "Sam", "--leeftijd", "24", "--woonplaats", "Enschede",
                 "--situatie", "uitkering", "--opleiding", "vmbo", "--toestemming",
                 "--datum", "2026-03-02"]) == 0  # fmt: skip
    main(["traject", "--kandidaat", "1", "--leerbedrijf", "Bakkerij", "--start", "2026-03-09"])
    assert main(["nazorg", "--traject", "1", "--maanden", "1", "--werk", "school"]) == 1
    assert "geen nazorggesprek" in capsys.readouterr().err  # no praktijkverklaring yet
    main(["praktijkverklaring", "--traject", "1", "--datum", "2026-06-01"])
    assert main(["nazorg", "--traject", "1", "--maanden", "1", "--werk", "school"]) == 0
    with session(project_db) as s:
        sam = s.get(Candidate, 1)
        assert (sam.age, sam.situation, sam.schooling) == (24, "uitkering", "vmbo")
        intake = s.query(Event).filter_by(kind="intake_afgerond").one()
        assert intake.at.date().isoformat() == "2026-03-02" and intake.region == sam.region
        assert s.query(Event).filter_by(kind="uitstroom_school", detail="nazorg-1").count() == 1
        follow_up = s.query(CheckIn).filter_by(kind="nazorg-1").one()
        assert follow_up.status == "beantwoord" and follow_up.answered_at is not None
