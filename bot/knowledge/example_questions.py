"""Whether a consultant's message asks for an example: a participant's story like the client's,
or a pilot company like the client's workplace."""

from __future__ import annotations

import re

from bot.knowledge.question_parts import clause_asks_admission, split_clauses, split_sentences

EXAMPLE_WORDS = re.compile(
    r"\bvoorbeeld\w*|\biemand (zoals|als|die op)\b"
    r"|\b(deelnemer|kandidaat) (zoals|als) (hij|zij|hem|haar|mijn klant|deze klant)\b"
    r"|\biemand die (precies )?(dit|dat|hetzelfde) (mee)?maakte\b"
    r"|\bvergelijkbare? (klant|kandidaat|casus|situatie|deelnemer|persoon)"
    r"|\bvb\b|\bdie op (hem|haar|mijn klant|mijn client\w*) lijkt\b|\blijkt op (hem|haar|mijn klant)\b"
    r"|\b(heeft|was er) (er )?iemand\b.{0,30}\b(in de pilots|gedaan|meegemaakt)\b",
    re.IGNORECASE,
)


# "Is er in de pilots een vergelijkbaar groenbedrijf?", "een voorbeeld uit de modehoek?"
COMPANY_WORDS = re.compile(
    r"\b(vergelijkbaa?re?|soortgelijke?) \w*(bedrijf|werkgever|organisatie|sector|branche)\b"
    r"|\b\w*(bedrijf|werkgever)\w* (in|uit|bij) de pilots\b"
    r"|\bin de pilots ((een|ook|zo'n|zon|vergelijkbaa?re?) )*\w*(bedrijf|werkgever|atelier|werkplaats)"
    r"|\b(voorbeeld|pilot|bedrijf) (uit|in) de [\w/-]*(hoek|sector|branche)\b"
    r"|\b(praktijk)?voorbeelde?n? (van [\w-]+ )?(in|bij|uit) (een|de|het) [\w/-]*(bedrijf|atelier|werkplaats)\b"
    r"|\b(is|was|bestaat|bestond) (er )?(daar |daarvoor )?(ook )?(al )?een (landelijke |regionale )?pilot"
    r"( (voor|die|waar|met)\b|\?|$)"
    r"|\b(is|was|bestaat|bestond) er (binnen|in) de pilots (ook )?(iets|een aanpak|een pilot) voor\b"
    # "(kan goed naaien) Is er ervaring met praktijkleren in die richting?"
    r"|\b(ervaring|praktijkleren|pv'?s|praktijkverklaringen|voorbeelden?|pilots?)\b[\w ]{0,30}"
    r"\bin (die|deze|dat|dezelfde) (richting|hoek|sector|branche|vak)\b",
    re.IGNORECASE,
)


# "(werkt bij een groothandel.) Welke kwalificatie doen ze daar?": the client's workplace
_THERE = re.compile(r"\b(daar|bij hen|bij dat bedrijf|bij die werkgever)\b", re.IGNORECASE)
# "(wil in de groothandel.) Welk bedrijf heeft daar ervaring?"
_WHICH_COMPANY = re.compile(
    r"\bwelke? (\w+ )?(bedrijf|bedrijven|werkgever|werkgevers|organisatie|organisaties)\b"
    r"|\bis er (een|ook een|al een) (\w+ )?(bedrijf|werkgever|organisatie)\b",
    re.IGNORECASE,
)


def company_asked(focus: str, case: bool = False) -> list[str] | None:
    """A question for a pilot company like the client's: its other questions (maybe none),
    leaving out whether the client can take part (the case answer says that); else None.
    In a case description, a question about the client's workplace ("daar") counts too."""
    which = [COMPANY_WORDS, *((_WHICH_COMPANY, _THERE) if case else ())]
    if not any(p.search(focus) for p in which):
        return None
    company = which[:2]  # the clauses that ask for the company itself
    return [
        x
        for x in split_clauses(focus)
        if not any(p.search(x) for p in company) and not clause_asks_admission(x)
    ]


# One person like the client: "hoeveel uur werkte een vergelijkbare deelnemer?" is in her story
_ONE_LIKE = re.compile(
    r"\b(een|die) vergelijkbare? (klant|kandidaat|deelnemer|persoon)\b|\biemand (zoals|als)\b"
    r"|\bvoorbeeld van (iemand|een deelnemer|een kandidaat)\b",
    re.IGNORECASE,
)


def asks_for_one_like(focus: str) -> bool:
    """ "Hoe lang deed een vergelijkbare deelnemer erover?": one person like the client."""
    return bool(_ONE_LIKE.search(focus))


def wants_example(focus: str) -> bool:
    """ "Een voorbeeld van iemand zoals hij?": a participant's story. "Hoeveel uur werkten de
    deelnemers in de voorbeelden?" asks for a figure, not a story."""
    asking = [x for x in split_sentences(focus) if EXAMPLE_WORDS.search(x)]
    if not asking:
        return False
    return not re.match(r"\s*hoeveel\b", asking[0], re.I) or bool(_ONE_LIKE.search(asking[0]))
