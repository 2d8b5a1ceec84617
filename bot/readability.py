"""The plain-language (B1) check for every text a candidate can see.

Three rules:
- Flesch-Douma reading ease (textstat, Dutch) of at least MIN_READING_EASE, scored
  after the programme's own names are replaced by one short word: a reader of
  this assistant knows the word "praktijkverklaring", it only scores as long;
- no sentence longer than MAX_SENTENCE_WORDS words;
- jargon only with an explanation next to it (in brackets, after a colon, or
  followed by "dat is", "dat betekent" or "dus").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MIN_READING_EASE = 60.0
MAX_SENTENCE_WORDS = 20
# Reading-ease formulas say nothing about a two-word button; short texts are checked
# word by word instead: no word longer than MAX_SHORT_SYLLABLES syllables.
SHORT_TEXT_WORDS = 5
MAX_SHORT_SYLLABLES = 3
PROGRAMME_NAMES = (  # longer names first: "ambassadeur praktijkleren" before "praktijkleren"
    "ambassadeur praktijkleren",  # the programme's contact person in a region
    "praktijkverklaringen",
    "praktijkverklaring",
    "praktijkleren",
    "praktijkopleiders",
    "praktijkopleider",
    "leerwerkloket",
    "werkgeversservicepunt",
    "praktijkbot",
    "mbo-certificaat",
    "mbo-diploma",
    "mbo-opleiding",
    "mbo-school",
    "jobcoach",
    # school types the candidate knows by name
    "praktijkonderwijs",
    "universiteit",
    "vmbo",
    "havo",
    "hbo",
)
JARGON = (
    "startkwalificatie",
    "inclusieve adviesfunctie",
    "derde leerweg",
    "werkprocessen",
    "werkproces",
    "oplo",
    "crebo",
    "beroepspraktijkvorming",
    "kwalificatiedossier",
    "bpv",
    "duo-check",
    "voorliggende voorziening",
    "schoolbaar",
    "leerbaar",
)
_EXPLAINED = re.compile(r"^\s*(\(|:|,? dat is|,? dat betekent|,? dus|,? oftewel|,? zoals)")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class Finding:
    text: str
    problem: str


def _neutralise(text: str) -> str:
    for name in PROGRAMME_NAMES:
        text = re.sub(name, "pv", text, flags=re.IGNORECASE)
    return text


def _textstat():
    import textstat

    textstat.set_lang("nl")
    return textstat


def reading_ease(text: str) -> float:
    return float(_textstat().flesch_reading_ease(_neutralise(text)))


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text) if s.strip()]


def unexplained_jargon(text: str) -> list[str]:
    """Jargon words that are not explained at any of their occurrences."""
    found = []
    lower = text.lower()
    for word in JARGON:
        matches = list(re.finditer(rf"\b{re.escape(word)}\b", lower))
        explained = any(
            lower[: m.start()].rstrip().endswith("(")  # "taken (werkprocessen)"
            or _EXPLAINED.match(lower[m.end() :])
            for m in matches
        )
        if matches and not explained:
            found.append(word)
    return found


def check(text: str, ignore_lines_starting: tuple[str, ...] = ("Bron:",)) -> list[Finding]:
    """Problems with `text` as candidate-facing Dutch; empty when it is plain enough."""
    body = "\n".join(
        line for line in text.splitlines() if not line.strip().startswith(ignore_lines_starting)
    )
    problems = []
    if len(body.split()) < SHORT_TEXT_WORDS:
        for word in re.findall(r"[^\W\d_]+", _neutralise(body)):
            if _textstat().syllable_count(word) > MAX_SHORT_SYLLABLES:
                problems.append(Finding(text, f"lang woord in korte tekst: {word}"))
        return problems + [
            Finding(text, f"vakterm zonder uitleg: {w}") for w in unexplained_jargon(body)
        ]
    ease = reading_ease(body)
    if ease < MIN_READING_EASE:
        problems.append(Finding(text, f"leesgemak {ease:.0f} < {MIN_READING_EASE:.0f}"))
    for sentence in sentences(body):
        words = len(sentence.split())
        if words > MAX_SENTENCE_WORDS:
            problems.append(Finding(text, f"zin van {words} woorden: {sentence[:60]}..."))
    for word in unexplained_jargon(body):
        problems.append(Finding(text, f"vakterm zonder uitleg: {word}"))
    return problems
