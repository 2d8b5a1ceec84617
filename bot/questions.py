"""Questions as data, for every form: the candidate's conversations
(knowledge/conversations.yml) and the consultant's quick-check (knowledge/eligibility.yml,
read by bot.knowledge.eligibility). Their buttons, which apply, and reading the answers people type
("ik ben 22", "gaat wel hoor", "mbo 2", "Sam").

Pure Python: the one form engine (bot/actions/forms.py) only calls these functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot import buttons
from bot.catalogue import say
from bot.knowledge import places
from bot.parsing import UNKNOWN, parse_age, parse_yes_no
from bot.text import fold, words

CONVERSATIONS_FILE = Path(__file__).resolve().parent.parent / "knowledge" / "conversations.yml"
MIN_AGE, MAX_AGE = 15, 80  # a candidate's own age
# Longer first: "mijn naam is" before "mijn naam". A greeting in front is dropped first.
_NAME_PREFIXES = (
    "mijn voornaam is",
    "mijn naam is",
    "mijn voornaam",
    "mijn naam",
    "voornaam is",
    "voornaam",
    "naam is",
    "naam",
    "ik heet",
    "ik ben",
    "noem me",
    "heet",
)
_NAME_SUFFIXES = ("is mijn naam", "is mijn voornaam", "heet ik")
_GREETINGS = ("hoi", "hallo", "hey", "hai", "hi", "goedemorgen", "goedemiddag", "dag", "oke", "ok")
_PLACE_PREFIXES = ("ik woon in", "ik woon", "woon in", "in de buurt van", "bij", "in")


@dataclass(frozen=True)
class Option:
    value: str
    title: str
    match: tuple[str, ...] = ()
    ack: str | None = None  # None: the question's own ack


@dataclass(frozen=True)
class Question:
    slot: str
    kind: str  # choice | yes_no | age | name | place
    ask: tuple[str, ...]
    label: str
    hint: str
    options: tuple[Option, ...] = ()
    free_text: bool = False
    unknown_button: bool = False
    problems_are_answers: bool = False  # e.g. "waar maak je je zorgen over?"
    must_answer: bool = False  # consent: only an option counts, never "weet ik niet"
    unfinished: tuple[str, tuple[str, ...]] | None = None  # (value, words): not gained
    ack: str = ""  # catalogue key said after an answer; an option's own ack goes first
    only_if: tuple[tuple[str, Any], ...] = ()  # asked only when these answers were given
    ages: tuple[int, int] = (MIN_AGE, MAX_AGE)  # kind age: the ages taken as an answer

    def buttons(self, extra: list[Option] | None = None) -> list[dict[str, str]]:
        options = list(extra or []) + list(self.options)
        shown = [buttons.button(o.title, "inform", choice=o.value) for o in options]
        if not options and self.kind == "yes_no":
            shown += buttons.yes_no_buttons()
        if self.unknown_button:
            shown.append(buttons.unknown_button())
        return shown

    def applies(self, answers: dict[str, Any]) -> bool:
        return all(answers.get(slot) == value for slot, value in self.only_if)

    def is_answer(self, parsed: str | None) -> bool:
        """A button, a listed option, a name, an age, a place or "weet ik niet": not just
        any free text, which might be a question or a risk signal instead."""
        if parsed is None:
            return False
        if self.must_answer:
            return parsed in {o.value for o in self.options}
        if self.kind != "choice" or parsed == UNKNOWN:
            return True
        return parsed in {o.value for o in self.options}

    def ack_for(self, value: Any) -> str:
        """The catalogue key of the acknowledgement after `value`, or ""."""
        if value is None or value == UNKNOWN:
            return ""
        for option in self.options:
            if option.value == value and option.ack is not None:
                return option.ack
        return self.ack

    def display(self, value: Any) -> str:
        """How a stored answer reads in a summary."""
        if value is None:
            return "-"
        if value == UNKNOWN:
            return say("forms.unknown_answer")
        for option in self.options:
            if option.value == value:
                return option.title
        return str(value)


@dataclass(frozen=True)
class Conversation:
    name: str
    questions: tuple[Question, ...]
    texts: dict[str, Any] = field(default_factory=dict)
    progress: bool = False  # "Vraag 3 van 11" with every question
    how_many: tuple[str, ...] = ()  # "hoeveel vragen zijn het?" and the like

    def question(self, slot: str) -> Question:
        return next(q for q in self.questions if q.slot == slot)

    @property
    def slots(self) -> list[str]:
        return [q.slot for q in self.questions]

    def summary_lines(self, answers: dict[str, Any]) -> list[str]:
        return [
            f"{q.label}: {q.display(answers.get(q.slot))}"
            for q in self.questions
            if answers.get(q.slot) is not None
        ]


def applicable(questions: tuple[Question, ...], answers: dict[str, Any]) -> list[Question]:
    """The questions that apply given the answers so far, in order."""
    return [q for q in questions if q.applies(answers)]


def choice_payload(value: str) -> str:
    return buttons.payload("inform", choice=value)


def _texts(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    return tuple(" ".join(str(v).split()) for v in items)


def question_from_data(data: dict[str, Any]) -> Question:
    """One question as written in a knowledge file."""
    return Question(
        slot=data["slot"],
        kind=data["kind"],
        ask=_texts(data["ask"]),
        label=data["label"],
        hint=" ".join(str(data["hint"]).split()),
        options=tuple(
            Option(
                str(o["value"]),
                str(o["title"]),
                tuple(str(m) for m in o.get("match") or ()),
                None if o.get("ack") is None else str(o["ack"]),
            )
            for o in data.get("options") or ()
        ),
        free_text=bool(data.get("free_text")),
        unknown_button=bool(data.get("unknown_button")),
        problems_are_answers=bool(data.get("problems_are_answers")),
        must_answer=bool(data.get("must_answer")),
        unfinished=_unfinished(data.get("unfinished")),
        ack=str(data.get("ack") or ""),
        only_if=tuple(dict(data.get("only_if") or {}).items()),
        ages=tuple(data.get("ages") or (MIN_AGE, MAX_AGE)),
    )


def _unfinished(data: dict[str, Any] | None) -> tuple[str, tuple[str, ...]] | None:
    if not data:
        return None
    return str(data["value"]), tuple(str(m) for m in data.get("match") or ())


_NOT_TEXTS = ("questions", "progress", "how_many")


def load_conversations(path: Path = CONVERSATIONS_FILE) -> dict[str, Conversation]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        name: Conversation(
            name,
            tuple(question_from_data(q) for q in section["questions"]),
            {k: v for k, v in section.items() if k not in _NOT_TEXTS},
            bool(section.get("progress")),
            tuple(str(p) for p in section.get("how_many") or ()),
        )
        for name, section in data.items()
    }


@lru_cache(maxsize=1)
def conversations() -> dict[str, Conversation]:
    return load_conversations()


def _payload_choice(text: str) -> str | None:
    pressed = buttons.read_payload(text)
    if pressed is None or pressed[0] != "inform":
        return None
    value = pressed[1].get("choice")
    return str(value) if value else None


def _clean(text: str) -> str:
    return " ".join(text.replace("\n", " ").split())


def _strip_prefix(text: str, prefixes: tuple[str, ...]) -> str:
    folded = fold(text)
    for prefix in prefixes:
        if folded.startswith(prefix + " "):
            return text[len(prefix) :].strip()
    return text


def _strip_suffix(text: str, suffixes: tuple[str, ...]) -> str:
    folded = fold(text)
    for suffix in suffixes:
        if folded.endswith(" " + suffix):
            return text[: -len(suffix)].strip()
    return text


def parse_name(text: str) -> str | None:
    """The first name in "Halima", "mijn naam Halima", "hoi, ik heet Halima en ik ben 23"."""
    name = _clean(text).strip(" .!,")
    name = re.split(r"\s*[,;:]\s*|\s+en\s+", _strip_prefix(name, _GREETINGS).strip(" .!,"))
    name = [part for part in name if part]
    if not name:
        return None
    first = _strip_prefix(name[0], _GREETINGS).strip(" .!,")
    if fold(first) in (*_GREETINGS, *_NAME_PREFIXES) and len(name) > 1:  # "hoi, ik ben Sam"
        first = name[1]
    name = _strip_suffix(_strip_prefix(first, _NAME_PREFIXES), _NAME_SUFFIXES).strip(" .!,")
    if not re.fullmatch(r"[^\W\d_][^\W\d_'’ -]*(?:[ '’-][^\W\d_][^\W\d_'’-]*){0,2}", name):
        return None
    if len(name) > 40 or fold(name) in {"ja", "nee", "hoi", "hallo", "stop", "weet ik niet"}:
        return None
    return name[0].upper() + name[1:]


def parse_place(text: str) -> str | None:
    """The place in "Hengelo", "ik woon in Den Bosch", "een dorp bij Best", as it is written in
    knowledge/places.yml; None for a place that is not known there (or more than one place):
    then it is asked once more, never guessed."""
    if len(text) > 200:
        return None
    place = _strip_prefix(_clean(text).strip(" .!?,"), _PLACE_PREFIXES).strip(" .!?,")
    found = places.answer(place) or places.find(text)
    return found.name if found else None


def _match_option(question: Question, text: str) -> str | None:
    said = words(text)
    best: tuple[int, str] | None = None
    for option in question.options:
        for phrase in (option.title, option.value.replace("_", " "), *option.match):
            key = words(phrase)
            if key.strip() and key in said and (best is None or len(key) > best[0]):
                best = (len(key), option.value)
    return best[1] if best else None


def parse_answer(question: Question, text: str) -> str | None:
    """The value to store for `text`, UNKNOWN for 'weet ik niet', or None (ask again)."""
    text = text or ""
    choice = _payload_choice(text)
    if choice is not None:
        known = {o.value for o in question.options}
        if choice in known or question.free_text:
            return choice[:200]
        return None
    if parse_yes_no(text) == UNKNOWN:
        return UNKNOWN
    if question.kind == "age":
        age = parse_age(text)
        if isinstance(age, int):
            low, high = question.ages
            return str(age) if low <= age <= high else None
        return age
    if question.kind == "name":
        return parse_name(text)
    if question.kind == "place":
        return parse_place(text)
    if question.kind == "yes_no":
        matched = _match_option(question, text)
        return matched or parse_yes_no(text)
    if question.unfinished:  # "vmbo maar niet afgemaakt": that diploma was not gained
        value, phrases = question.unfinished
        if any(words(p) in words(text) for p in phrases):
            return value
    matched = _match_option(question, text)
    if matched is not None:
        return matched
    cleaned = _clean(text)
    if question.free_text and 2 <= len(cleaned) <= 200 and re.search(r"[^\W\d_]{2}", cleaned):
        return cleaned
    return None
