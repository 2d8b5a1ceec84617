"""The candidate's intake (issue 3): derive, pre-screen and store.

The questions are data (knowledge/conversations.yml, section `intake`); this module
turns the answers into a candidate record, a pre-screen with the eligibility rules
(knowledge/eligibility.yml) and a short summary for the consultant and the jobcoach.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from sqlalchemy.orm import Session

from bot.candidates.linking import candidate_for
from bot.catalogue import say
from bot.knowledge import places
from bot.knowledge.eligibility import Result, RuleSet, load_rules
from bot.knowledge.kb import load_regions
from bot.parsing import UNKNOWN
from bot.questions import Conversation, conversations
from bot.store.models import Candidate, Event

# Which diplomas are a startkwalificatie (mbo 2 or higher, havo, vwo): the candidate is
# asked for their diploma, never for the word "startkwalificatie".
STARTKWALIFICATIE = {
    "mbo2plus": "ja",
    "havo_vwo": "ja",
    "hbo_wo": "ja",
    "geen": "nee",
    "praktijkonderwijs": "nee",
    "vmbo": "nee",
    "entree": "nee",
}


# The candidate record's columns and the intake questions they come from. Columns marked
# `as_given` store the answer itself ("weet ik niet" as empty); the others are derived.
FIELDS = (
    ("first_name", "intake_first_name"),
    ("age", "intake_age"),
    ("region", "intake_place"),
    ("situation", "intake_situation"),
    ("schooling", "intake_schooling"),
    ("enrolled_at_school", "intake_enrolled"),
    ("sector", "intake_sector"),
    ("learning_style", "intake_learning_style"),
    ("support_needs", "intake_support"),
    ("contact_preference", "intake_contact"),
)
_DERIVED = {"age", "region", "enrolled_at_school"}


def intake() -> Conversation:
    return conversations()["intake"]


@lru_cache(maxsize=1)
def _rules() -> RuleSet:
    return load_rules()


def derive_startkwalificatie(schooling: str | None) -> str:
    return STARTKWALIFICATIE.get(schooling or "", UNKNOWN)


def required_slots(answers: dict[str, Any]) -> list[str]:
    """The intake questions still to ask: only the consent question until it is "ja"
    (no personal question without consent; a refusal ends the intake)."""
    if answers.get("intake_consent") != "ja":
        return ["intake_consent"]
    return intake().slots


def prescreen(answers: dict[str, Any]) -> Result:
    """The eligibility rules on what the intake knows; the rest counts as 'bespreek'."""
    age = answers.get("intake_age")
    known = {
        "elig_age": int(age) if age and age != UNKNOWN else UNKNOWN,
        "elig_startkwalificatie": derive_startkwalificatie(answers.get("intake_schooling")),
        "elig_mbo_enrolled": answers.get("intake_enrolled") or UNKNOWN,
    }
    return _rules().evaluate(known)


def summary_text(answers: dict[str, Any]) -> str:
    """What the candidate sees before "Klopt dit?"."""
    shown = {k: v for k, v in answers.items() if k != "intake_consent"}
    lines = "\n".join(f"- {line}" for line in intake().summary_lines(shown))
    return say("intake.summary", lines=lines)


def consultant_summary(answers: dict[str, Any], result: Result) -> str:
    lines = intake().summary_lines({k: v for k, v in answers.items() if k != "intake_consent"})
    derived = derive_startkwalificatie(answers.get("intake_schooling"))
    lines.append(say("intake.startkwalificatie", value=derived))
    lines.append(say("intake.prescreen", summary=result.summary))
    lines += [f"- {f.reason}" for f in result.findings]
    return "\n".join(lines)


def _region(place: str | None) -> str | None:
    """The arbeidsmarktregio (its id) of the woonplaats; None when it is not known. A region's
    own name is taken too: that is how a stored intake comes back for review."""
    if not place or place == UNKNOWN:
        return None
    found = places.answer(place)
    if found is not None:
        return found.region
    wanted = places.key(place)
    for rid, region in load_regions().items():
        if wanted in (places.key(rid), places.key(str(region.get("name") or ""))):
            return rid
    return None


def _region_name(region: str | None) -> str | None:
    """How a stored region id reads for the candidate ("Twente")."""
    if not region:
        return None
    return str(load_regions().get(region, {}).get("name") or region)


def answers_from_candidate(candidate: Candidate) -> dict[str, str]:
    """A stored candidate as intake answers (to review an intake that was done before)."""
    answers = {slot: getattr(candidate, column) for column, slot in FIELDS}
    answers["intake_age"] = str(candidate.age) if candidate.age else None
    answers["intake_place"] = _region_name(candidate.region)
    answers["intake_consent"] = "ja"
    return {slot: (value if value is not None else UNKNOWN) for slot, value in answers.items()}


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def store_intake(
    s: Session,
    conversation_id: str | None,
    channel: str | None,
    answers: dict[str, Any],
    now: dt.datetime,
) -> Candidate:
    """Create (or update, for a conversation already linked) the candidate record. Without a
    conversation (a consultant's intake, `praktijkbot intake`) always a new one."""
    if answers.get("intake_consent") != "ja":
        raise ValueError("Zonder toestemming wordt er niets bewaard.")
    candidate = candidate_for(s, conversation_id) if conversation_id else None
    if candidate is None:
        candidate = Candidate(conversation_id=conversation_id, created_at=now)
        s.add(candidate)
    result = prescreen(answers)
    known = {k: (None if v == UNKNOWN else v) for k, v in answers.items()}
    candidate.channel = channel
    candidate.consent_at = candidate.consent_at or now
    for column, slot in FIELDS:
        if column not in _DERIVED:
            setattr(candidate, column, known.get(slot))
    candidate.age = _int(known.get("intake_age"))
    candidate.region = _region(answers.get("intake_place"))
    candidate.enrolled_at_school = answers.get("intake_enrolled")
    candidate.has_startkwalificatie = derive_startkwalificatie(answers.get("intake_schooling"))
    candidate.intake_summary = consultant_summary(answers, result)
    candidate.prescreen = result.outcome
    candidate.last_active_at = now
    s.flush()
    s.add(Event(kind="intake_afgerond", candidate_id=candidate.id, region=candidate.region, at=now))
    return candidate
