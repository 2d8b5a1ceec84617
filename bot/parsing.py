"""Reading short answers typed in a form: ja/nee/weet ik niet, and ages."""

from __future__ import annotations

import re

from bot.buttons import read_payload
from bot.text import fold, tokens

UNKNOWN = "onbekend"

_YES = {
    "ja",
    "jawel",
    "jazeker",
    "zeker",
    "klopt",
    "yes",
    "jep",
    "jup",
    "ok",
    "oke",
    "okay",
    "inderdaad",
    "correct",
    "wel",
    "affirm",
}
_NO = {"nee", "neen", "nope", "nein", "niet", "geen", "no", "deny", "nooit"}
_UNKNOWN_PHRASES = (
    "weet ik niet",
    "weet niet",
    "geen idee",
    "onbekend",
    "weet ik nog niet",
    "niet bekend",
    "dont know",
    "dont_know",
    "wk niet",
    "idk",
    "geen flauw",
    "weet het niet",
    "nakijken",
    "misschien",
    "twijfel",
)

_UNITS = {
    "nul": 0,
    "een": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
}
_TEENS = {
    "tien": 10,
    "elf": 11,
    "twaalf": 12,
    "dertien": 13,
    "veertien": 14,
    "vijftien": 15,
    "zestien": 16,
    "zeventien": 17,
    "achttien": 18,
    "negentien": 19,
}
_TENS = {
    "twintig": 20,
    "dertig": 30,
    "veertig": 40,
    "vijftig": 50,
    "zestig": 60,
    "zeventig": 70,
    "tachtig": 80,
    "negentig": 90,
}


def parse_yes_no(text: str) -> str | None:
    """'ja' | 'nee' | 'onbekend', or None when the answer is not clear."""
    pressed = read_payload(text)
    if pressed:
        return {"affirm": "ja", "deny": "nee", "dont_know": UNKNOWN}.get(pressed[0])
    folded = " ".join(tokens(text))
    if any(p in folded for p in _UNKNOWN_PHRASES):
        return UNKNOWN
    words = folded.split()
    if not words:
        return None
    yes = any(w in _YES for w in words[:3])
    no = any(w in _NO for w in words[:4])
    if yes and not no:
        return "ja"
    if no and not yes:
        return "nee"
    if yes and no:  # "ja, niet meer bruikbaar" / "nee hoor" -> the first word decides
        return "ja" if words[0] in _YES else "nee" if words[0] in _NO else None
    return None


def dutch_number(word: str) -> int | None:
    """'tweeentwintig' -> 22; 'achttien' -> 18; supports 0-99."""
    word = fold(word)
    for table in (_UNITS, _TEENS, _TENS):
        if word in table:
            return table[word]
    for tens_word, tens in _TENS.items():
        head = word.removesuffix(tens_word)
        if head != word and head.endswith("en") and head[:-2] in _UNITS:
            return tens + _UNITS[head[:-2]]
    return None


def parse_age(text: str) -> int | str | None:
    """An age in years (int), 'onbekend', or None when no age can be read."""
    if parse_yes_no(text) == UNKNOWN:
        return UNKNOWN
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    if not numbers:
        numbers = [n for n in (dutch_number(w) for w in tokens(text)) if n is not None]
    if len(numbers) != 1:
        return None
    age = numbers[0]
    return age if 0 < age < 120 else None


# A message in the middle of a form that asks something rather than answers it.
_QUESTION_WORDS = frozenset(
    "wat wie hoe waarom wanneer waar welke welk hoeveel hoelang waarvoor waarmee".split()
)
_ASKING_VERBS = frozenset(
    "kan kun kunt mag moet moeten wil wilt is zijn heb hebt heeft krijg krijgt "
    "betaal betaalt ga gaat doe doet werkt bestaat".split()
)
_SUBJECTS = frozenset("ik je jij u we wij er het een de dat dit mijn men".split())
# "wat ik leuk vind", "hoe ik moet reizen": an answer that starts like a question.
_STATEMENT_AFTER_QUESTION_WORD = frozenset("ik je jij we wij hij zij ze mijn".split())


def looks_like_question(text: str) -> bool:
    """'wat is een jobcoach', 'kan ik ook parttime?', 'waarom?': a question, not an answer.
    A clear ja, nee or 'weet ik niet' ('nee, taal is te moeilijk') is an answer."""
    text = (text or "").strip()
    if not text or read_payload(text) is not None:
        return False
    if text.endswith("?"):
        return True
    words = tokens(text)
    if not words or parse_yes_no(text) is not None:  # ja, nee, "weet ik niet"
        return False
    first, second = words[0], (words[1] if len(words) > 1 else "")
    if first in _QUESTION_WORDS:
        return second not in _STATEMENT_AFTER_QUESTION_WORD
    return first in _ASKING_VERBS and second in _SUBJECTS
