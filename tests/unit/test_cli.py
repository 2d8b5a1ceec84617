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
    assert "gestopt" in out and "twente | 0 | 1 | 1 | 0 | 1" in out
