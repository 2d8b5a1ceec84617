"""`praktijkbot` (in .venv/bin): consultants register trajecten (also in the dashboard).

praktijkbot kandidaat --voornaam Sam --regio twente --toestemming
praktijkbot intake --voornaam Sam --leeftijd 24 --woonplaats Enschede --situatie uitkering \
    --opleiding vmbo --op-school nee --toestemming [--datum 2026-03-01]   (een intake zonder chat)
praktijkbot traject --kandidaat 1 --leerbedrijf "Bakkerij" --start 2026-12-01 [--eind ...] \
    [--jobcoach anna]   (de gebruikersnaam van de jobcoach: die krijgt de meldingen)
praktijkbot jobcoach --traject 1 --gebruiker anna
praktijkbot werkproces --traject 1 --naam "Bereidt deeg voor"
praktijkbot werkproces-klaar --werkproces 3 [--datum 2027-01-10]
praktijkbot stop --traject 1 --reden "verhuisd"
praktijkbot praktijkverklaring --traject 1 --datum 2027-03-01
praktijkbot nazorg --traject 1 --maanden 6 --werk school [--datum 2027-09-01]
    (het antwoord op "wat doe je nu?", als de kandidaat het niet in de chat gaf)
praktijkbot uitnodiging --kandidaat 1 [--dagen 7]   (koppelcode voor Telegram of de webchat)
praktijkbot medewerker --gebruiker anna --naam "Anna de Vries" --rol jobcoach \
    [--email anna@example.nl] [--telegram-chat 12345] [--regio twente] [--standaard]
    (wachtwoord uit PRAKTIJKBOT_WACHTWOORD, anders wordt er een gemaakt en één keer getoond)
praktijkbot cijfers            (instroom, voortgang, uitval en uitstroom per regio)
"""

from __future__ import annotations

import argparse
import datetime as dt
import secrets
import sys

from bot import settings
from bot.candidates.figures import counts_per_region, format_table
from bot.candidates.intake import intake, store_intake
from bot.candidates.linking import create_invite
from bot.candidates.trajecten import (
    TrajectError,
    add_werkproces,
    assign_jobcoach,
    complete_werkproces,
    record_follow_up,
    record_praktijkverklaring,
    register_traject,
    stop_traject,
)
from bot.catalogue import say
from bot.portal.auth import ROLES, AuthError, create_staff
from bot.questions import conversations
from bot.store.engine import session
from bot.store.models import Candidate


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(say("cli.not_a_date", value=text)) from exc


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="praktijkbot", description="Trajecten registreren")
    sub = p.add_subparsers(dest="command", required=True)
    k = sub.add_parser("kandidaat", help="een kandidaat aanmaken")
    k.add_argument("--voornaam", required=True)
    k.add_argument("--regio")
    k.add_argument(
        "--toestemming",
        action="store_true",
        help="de kandidaat gaf toestemming om gegevens te bewaren (verplicht)",
    )
    _intake_parser(sub)
    t = sub.add_parser("traject", help="een traject registreren")
    t.add_argument("--kandidaat", type=int, required=True)
    t.add_argument("--leerbedrijf", required=True)
    t.add_argument("--start", type=_date, required=True)
    t.add_argument("--eind", type=_date)
    t.add_argument("--praktijkopleider", default="")
    t.add_argument("--jobcoach", default="", help="gebruikersnaam van de jobcoach (medewerker)")
    t.add_argument("--checkin-dagen", type=int, default=14)
    j = sub.add_parser("jobcoach", help="de jobcoach van een traject (een medewerker) koppelen")
    j.add_argument("--traject", type=int, required=True)
    j.add_argument("--gebruiker", required=True)
    w = sub.add_parser("werkproces", help="een werkproces toevoegen")
    w.add_argument("--traject", type=int, required=True)
    w.add_argument("--naam", required=True)
    d = sub.add_parser("werkproces-klaar", help="een werkproces afgerond")
    d.add_argument("--werkproces", type=int, required=True)
    d.add_argument("--datum", type=_date, default=dt.date.today())
    st = sub.add_parser("stop", help="een traject is gestopt (uitval)")
    st.add_argument("--traject", type=int, required=True)
    st.add_argument("--reden", default="")
    st.add_argument("--datum", type=_date, default=dt.date.today())
    u = sub.add_parser("uitnodiging", help="een koppelcode maken voor een kandidaat")
    u.add_argument("--kandidaat", type=int, required=True)
    u.add_argument("--dagen", type=int, default=7)
    m = sub.add_parser("medewerker", help="een account voor het dashboard maken")
    m.add_argument("--gebruiker", required=True)
    m.add_argument("--naam", required=True)
    m.add_argument("--rol", required=True, choices=list(ROLES))
    m.add_argument("--email")
    m.add_argument("--telegram-chat")
    m.add_argument("--regio")
    m.add_argument("--standaard", action="store_true", help="standaard-jobcoach van de regio")
    sub.add_parser("cijfers", help="instroom, voortgang, uitval en uitstroom per regio")
    v = sub.add_parser("praktijkverklaring", help="vastleggen dat de praktijkverklaring is behaald")
    v.add_argument("--traject", type=int, required=True)
    v.add_argument("--datum", type=_date, default=dt.date.today())
    n = sub.add_parser("nazorg", help="het antwoord van een nazorggesprek (1, 6 of 12 maanden)")
    n.add_argument("--traject", type=int, required=True)
    n.add_argument("--maanden", type=int, required=True, choices=[1, 6, 12])
    n.add_argument("--werk", required=True, choices=_values("followup", "fu_work"))
    n.add_argument("--datum", type=_date, default=dt.date.today())
    return p


def _values(conversation: str, slot: str) -> list[str]:
    return [o.value for o in conversations()[conversation].question(slot).options]


# the intake's questions as options: (option, slot, its answers or None for free input)
INTAKE_OPTIONS = (
    ("--voornaam", "intake_first_name", None),
    ("--leeftijd", "intake_age", None),
    ("--woonplaats", "intake_place", None),
    ("--situatie", "intake_situation", "choice"),
    ("--opleiding", "intake_schooling", "choice"),
    ("--op-school", "intake_enrolled", "choice"),
    ("--sector", "intake_sector", "choice"),
    ("--leren", "intake_learning_style", "choice"),
)


def _intake_parser(sub) -> None:
    i = sub.add_parser("intake", help="een intake vastleggen (zonder chat), met de achtergrond")
    for option, slot, kind in INTAKE_OPTIONS:
        choices = _values("intake", slot) if kind else None
        kind_of = int if slot == "intake_age" else str
        label = intake().question(slot).label
        i.add_argument(option, dest=slot, type=kind_of, choices=choices, help=label)
    i.add_argument("--toestemming", action="store_true", help="verplicht, zoals bij kandidaat")
    i.add_argument("--datum", type=_date, default=dt.date.today())


def _intake(s, args) -> str:
    if not args.toestemming:
        raise TrajectError(say("cli.no_consent"))
    answers = {slot: getattr(args, slot) for _, slot, _ in INTAKE_OPTIONS}
    answers = {k: v for k, v in answers.items() if v is not None}
    answers["intake_consent"] = "ja"
    now = dt.datetime.combine(args.datum, dt.time(10, 0))
    c = store_intake(s, None, None, answers, now)
    return say("cli.intake_made", id=c.id, region=c.region or say("cli.region_unknown"))


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    config = settings.load_or_exit()
    with session() as s:
        try:
            if args.command == "kandidaat":
                if not args.toestemming:
                    raise TrajectError(say("cli.no_consent"))
                c = Candidate(
                    first_name=args.voornaam, region=args.regio, consent_at=dt.datetime.utcnow()
                )
                s.add(c)
                s.flush()
                message = say("cli.candidate_made", id=c.id)
            elif args.command == "intake":
                message = _intake(s, args)
            elif args.command == "nazorg":
                now = dt.datetime.combine(args.datum, dt.time(10, 0))
                record_follow_up(s, args.traject, args.maanden, args.werk, now)
                message = say("cli.follow_up_recorded", months=args.maanden, traject=args.traject)
            elif args.command == "traject":
                t = register_traject(
                    s,
                    args.kandidaat,
                    args.leerbedrijf,
                    args.start,
                    args.eind,
                    args.praktijkopleider,
                    args.jobcoach,
                    args.checkin_dagen,
                )
                message = say("cli.traject_made", id=t.id, days=args.checkin_dagen)
                if t.jobcoach_id:
                    message += "\n" + say("cli.jobcoach_linked", name=t.jobcoach)
            elif args.command == "jobcoach":
                t = assign_jobcoach(s, args.traject, args.gebruiker)
                message = say("cli.jobcoach_linked", name=t.jobcoach)
            elif args.command == "werkproces":
                w = add_werkproces(s, args.traject, args.naam)
                s.flush()
                message = say("cli.werkproces_made", id=w.id)
            elif args.command == "werkproces-klaar":
                complete_werkproces(s, args.werkproces, args.datum)
                message = say("cli.werkproces_done")
            elif args.command == "stop":
                stop_traject(s, args.traject, args.reden, args.datum)
                message = say("cli.traject_stopped")
            elif args.command == "uitnodiging":
                try:
                    code = create_invite(s, args.kandidaat, dt.datetime.utcnow(), args.dagen)
                except ValueError as exc:
                    raise TrajectError(str(exc)) from exc
                bare = code.replace("-", "")
                message = say("cli.invite_made", code=code, days=args.dagen, bare_code=bare)
            elif args.command == "medewerker":
                password = config.staff_password or secrets.token_urlsafe(12)
                try:
                    staff = create_staff(
                        s,
                        args.gebruiker,
                        args.naam,
                        args.rol,
                        password,
                        args.email,
                        args.telegram_chat,
                        args.regio,
                        args.standaard,
                    )
                except AuthError as exc:
                    raise TrajectError(str(exc)) from exc
                made = {"id": staff.id, "username": staff.username, "password": password}
                message = say("cli.staff_made", **made)
                if not config.staff_password:
                    message = say("cli.staff_made_password", **made)
            elif args.command == "cijfers":
                message = format_table(counts_per_region(s))
            else:
                follow_ups = record_praktijkverklaring(s, args.traject, args.datum)
                dates = ", ".join(f.due_at.date().isoformat() for f in follow_ups)
                message = say("cli.pv_recorded", dates=dates)
            s.commit()
        except TrajectError as exc:
            print(say("cli.error", error=exc), file=sys.stderr)
            return 1
    print(message)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
