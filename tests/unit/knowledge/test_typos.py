"""The typo correction's shortcut chooses the same word as difflib comparing every word
with the same first letter (a typo keeps the first letter)."""

import difflib
import random

from bot.knowledge.typos import CUTOFF, MIN_LENGTH, Typos

VOCABULARY = (
    "praktijkverklaring praktijkleren praktijkopleider startkwalificatie werkgever "
    "gemeente jobcoach financiering opleiding leerbedrijf werkprocessen deelnemer "
    "statushouder bijstand doelgroep aanmelden inschrijving examen certificaat "
    "begeleiding werkfit wajong banenafspraak leerwerkloket ambassadeur 2020 mbo4"
).split()


def by_difflib(word: str) -> str:
    if len(word) < MIN_LENGTH or word in VOCABULARY:
        return word
    near = [v for v in VOCABULARY if abs(len(v) - len(word)) <= 2 and v[0] == word[0]]
    near.sort(key=lambda v: (len(v), v))
    close = difflib.get_close_matches(word, near, n=1, cutoff=CUTOFF)
    return close[0] if close else word


def test_same_word_as_difflib_for_typos_and_unknown_words() -> None:
    typos = Typos(VOCABULARY)
    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz0123456789"
    words = ["praktykverklaring", "werkgevr", "jobcoah", "fietsenmaker", "gemeentes", "abcde"]
    for word in VOCABULARY * 4:
        chars = list(word)
        i = rng.randrange(len(chars))
        chars[i : i + 1] = rng.choice([[], [rng.choice(letters)], [chars[i], rng.choice(letters)]])
        words.append("".join(chars))
    corrected = [typos.closest(w) for w in words]
    assert corrected == [by_difflib(w) for w in words]
    assert typos.closest("praktykverklaring") == "praktijkverklaring"
    assert typos.closest("fietsenmaker") == "fietsenmaker"  # nothing close: left as it is
    assert sum(c != w for c, w in zip(corrected, words)) > len(words) // 2


def test_a_longer_word_is_no_typo_of_a_shorter_one() -> None:
    typos = Typos(["ingeschreven", "opgehouden"])
    assert typos.closest("geschreven") == "geschreven"
    assert typos.closest("gehouden") == "gehouden"
    assert typos.closest("ingeschrevn") == "ingeschreven"


def test_known_and_short_words_are_kept() -> None:
    typos = Typos(VOCABULARY)
    assert typos.closest("werkgever") == "werkgever"
    assert typos.closest("wrkg") == "wrkg"
