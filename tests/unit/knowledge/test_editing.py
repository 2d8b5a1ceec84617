"""Changing the entry files from the dashboard (bot/knowledge/editing.py): only the new
lines are added (a hand-written file keeps every other byte), the validator of `make
kb-check` decides before anything is written, and a regional variant answers only in its
region."""

import datetime as dt
import difflib
import shutil
from pathlib import Path

import pytest
import yaml

from bot.knowledge import editing
from bot.knowledge.editing import EditError, NewEntry
from bot.knowledge.facets import fit
from bot.knowledge.kb import PROJECT_KNOWLEDGE, Source, load
from bot.knowledge.replies import source_line
from bot.knowledge.validation import validate

TODAY = dt.date.today()  # a "reviewed" date may not lie in the future
SEED = "003_4f479158f4b574a5.txt"


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(PROJECT_KNOWLEDGE, target)
    return target


def _only_inserted(before: str, after: str) -> list[str]:
    """The lines `after` adds to `before`; fails when anything else changed."""
    a, b = before.split("\n"), after.split("\n")
    added = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        assert tag in ("equal", "insert"), (tag, a[i1:i2], b[j1:j2])
        if tag == "insert":
            added += b[j1:j2]
    return added


def _first_entry(kb_dir: Path, filename: str) -> str:
    data = yaml.safe_load((kb_dir / "entries" / filename).read_text(encoding="utf-8"))
    return data["entries"][0]["id"]


@pytest.mark.parametrize("filename", ["cijfers.yml", "financiering.yml", "pilots.yml"])
def test_a_hand_written_file_keeps_every_byte_but_the_added_questions(kb_copy, filename):
    path = kb_copy / "entries" / filename
    before = path.read_text(encoding="utf-8")
    entry_id = _first_entry(kb_copy, filename)
    change = editing.add_questions(
        entry_id, ["wie betaalt de jobcoach: de school?", "  twee   spaties "], kb_copy, TODAY
    )
    after = path.read_text(encoding="utf-8")
    assert change.before == before and change.after == after
    added = _only_inserted(before, after)
    assert added == ["      - 'wie betaalt de jobcoach: de school?'", "      - twee spaties"]
    # without the added lines the file is the hand-written one, byte for byte
    kept = [line for line in after.split("\n") if line not in added]
    assert "\n".join(kept) == before
    entry = load(kb_copy).get(entry_id)
    assert entry.questions[-2:] == ("wie betaalt de jobcoach: de school?", "twee spaties")
    # the questions it already has are not added twice
    with pytest.raises(EditError, match="geen nieuwe voorbeeldvragen"):
        editing.add_questions(entry_id, ["Twee spaties"], kb_copy, TODAY)


def test_a_new_entry_with_a_named_regional_document_is_appended_and_cited(kb_copy):
    path = kb_copy / "entries" / "proces.yml"
    before = path.read_text(encoding="utf-8")
    sources = editing.parse_sources(
        f"Werkafspraken leerwerkloket Twente | 2026-10-01\n{SEED} 42-48\n"
    )
    new = NewEntry(
        "proces-vakantie",
        "consultant",
        "Vakantie tijdens het traject",
        "Een deelnemer spreekt vakantie af met het leerbedrijf. " * 4,
        ["mag een deelnemer op vakantie", "vakantiedagen deelnemer", "vrij nemen", "verlof"],
        sources,
    )
    editing.add_entry("proces.yml", new, kb_copy, TODAY)
    added = _only_inserted(before, path.read_text(encoding="utf-8"))
    assert "  - id: proces-vakantie" in added and max(len(line) for line in added) <= 100
    assert validate(kb_copy, TODAY) == []
    entry = load(kb_copy).get("proces-vakantie")
    assert entry.answer == " ".join(new.answer.split())  # the folded block reads back whole
    assert entry.reviewed == TODAY
    assert entry.sources[0] == Source(
        "", 0, 0, "Werkafspraken leerwerkloket Twente", dt.date(2026, 10, 1)
    )
    line = source_line(load(kb_copy), entry.sources)
    assert "Werkafspraken leerwerkloket Twente (01-10-2026)" in line and "r. 42-48" in line


def test_an_invalid_change_is_refused_in_dutch_and_nothing_is_written(kb_copy):
    files = {p: p.read_bytes() for p in (kb_copy / "entries").iterdir()}
    new = NewEntry(
        "proces-kapot",
        "consultant",
        "Kapot",
        "Een antwoord.",
        ["een vraag", "nog een"],
        editing.parse_sources("bestaat-niet.txt 1-2\nRegionaal besluit | 2999-01-01"),
    )
    with pytest.raises(EditError) as refused:
        editing.add_entry("proces.yml", new, kb_copy, TODAY)
    problems = " ".join(refused.value.problems)
    assert "minder dan 4 voorbeeldvragen" in problems
    assert "bronbestand 'bestaat-niet.txt' bestaat niet" in problems
    assert "in de toekomst" in problems
    duplicate = NewEntry("cijfers-pilots", "consultant", "T", "A", list("abcd"), [])
    with pytest.raises(EditError, match="geen bronnen"):
        editing.add_entry("proces.yml", duplicate, kb_copy, TODAY)
    with pytest.raises(EditError, match="bestaat niet"):
        editing.add_questions("bestaat-niet", ["een vraag"], kb_copy, TODAY)
    with pytest.raises(EditError, match="onleesbaar"):
        editing.parse_sources("alleen-een-bestand.txt")
    assert {p: p.read_bytes() for p in (kb_copy / "entries").iterdir()} == files  # no leftovers


def test_a_regional_variant_is_given_only_in_its_region(kb_copy):
    entry_id = "doelgroep-werkfit"
    assert not load(kb_copy).get(entry_id).regional
    sources = editing.parse_sources("Werkafspraken Zeeland | 2026-10-01")
    editing.add_regional(
        entry_id,
        "zeeland",
        "In Zeeland kijkt het leerwerkloket samen met de werkgever.",
        sources,
        kb_copy,
        TODAY,
        questions=["werkfit in zeeland"],
    )
    entry = load(kb_copy).get(entry_id)
    assert entry.for_region("zeeland").answer.startswith("In Zeeland")
    assert entry.for_region("twente").answer == entry.answer
    assert entry.for_region(None).answer == entry.answer
    assert "werkfit in zeeland" in entry.questions
    # the variant does not make the entry regional: asked about another region it still fits
    assert not fit(entry, {"pilot": frozenset({"twente"})}).strict_conflict
    assert fit(entry, {"pilot": frozenset({"zeeland"})}).matched >= 1
    with pytest.raises(EditError, match="al een variant"):
        editing.add_regional(entry_id, "zeeland", "Nog een.", sources, kb_copy, TODAY)
    with pytest.raises(EditError, match="atlantis"):
        editing.add_regional(entry_id, "atlantis", "Ergens.", sources, kb_copy, TODAY)
    assert validate(kb_copy, TODAY) == []
