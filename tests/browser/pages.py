"""Shared by the look and keyboard browser tests: a beheerder with one candidate, a traject
and an open melding in the session's database, logging in, and every dashboard page's path.
(A helper module, not a test module.)"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.candidates.trajecten import register_traject
from bot.escalations import records
from bot.portal.auth import create_staff
from bot.store.engine import KnowledgeGap, session
from bot.store.models import Candidate

PASSWORD = "lang-genoeg-wachtwoord"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@dataclass
class World:
    username: str
    candidate_id: int
    escalation_id: int

    def dashboard_paths(self) -> dict[str, str]:
        """Every dashboard page a beheerder reaches from the menu, by a short name."""
        return {
            "vandaag": "/dashboard/",
            "meldingen": "/dashboard/escalaties",
            "melding": f"/dashboard/escalaties/{self.escalation_id}",
            "kandidaten": "/dashboard/kandidaten",
            "kandidaat": f"/dashboard/kandidaten/{self.candidate_id}",
            "account": "/dashboard/account",
            "medewerkers": "/dashboard/medewerkers",
            "niet-aangekomen": "/dashboard/meldingen",
            "effect": "/dashboard/effect",
            "netwerk": "/dashboard/netwerk",
            "netwerk-regio": "/dashboard/netwerk/twente",
            "kennisbank": "/dashboard/kennisbank",
        }


def make_world(db: str, prefix: str) -> World:
    with session(db) as s:
        create_staff(s, f"{prefix}-beheerder", "Bram Beheer", "beheerder", PASSWORD)
        coach = create_staff(
            s, f"{prefix}-coach", "Carla Coach", "jobcoach", PASSWORD, region="twente"
        )
        candidate = Candidate(first_name="Sanne", region="twente")
        s.add(candidate)
        s.flush()
        register_traject(s, candidate.id, "Zorg", dt.date.today()).jobcoach_id = coach.id
        escalation = records.create(
            s, candidate, "wil_persoon", "ik wil een mens spreken", dt.datetime.utcnow()
        )
        # an unanswered question with a pasted link: one long word must not widen the page
        link = "https://www.voorbeeld.nl/" + "praktijkleren-met-de-praktijkverklaring-" * 4
        s.add(KnowledgeGap(question=f"staat dit ergens {link}", asked_at=dt.datetime.utcnow()))
        s.commit()
        return World(f"{prefix}-beheerder", candidate.id, escalation.id)


def log_in(page, portal_url: str, username: str) -> None:
    page.goto(portal_url + "/dashboard/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Vandaag").wait_for()
