import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from bot.knowledge.kb import KNOWLEDGE_DIR, load
from tools.knowledge_check import validate

MIN_ENTRIES = 70


def test_the_real_knowledge_base_is_valid():
    assert validate() == []


def test_enough_entries_and_topics():
    kb = load()
    assert len(kb.entries) >= MIN_ENTRIES
    topics = {e.topic for e in kb.entries.values()}
    assert {
        "doelgroep",
        "financiering",
        "proces",
        "praktijkverklaring",
        "rollen",
        "cijfers",
    } <= topics


def test_every_entry_cites_an_existing_passage():
    kb = load()
    assert len(kb.entries) > 50
    for entry in kb.entries.values():
        assert entry.sources, entry.id
        for src in entry.sources:
            if src.document:  # a named regional document with its date (not in sources/)
                assert src.date, f"{entry.id}: {src.document} zonder datum"
                continue
            lines = (KNOWLEDGE_DIR / "sources" / src.file).read_text(encoding="utf-8").splitlines()
            passage = " ".join(lines[src.start - 1 : src.end]).strip()
            assert passage, f"{entry.id}: lege passage {src}"


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, target)
    return target


def _rewrite_first_entry(kb_dir: Path, change) -> None:
    path = kb_dir / "entries" / "doelgroep.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["entries"][0])
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_rejects_entry_without_sources(kb_copy):
    _rewrite_first_entry(kb_copy, lambda e: e.pop("sources"))
    assert any("geen bronnen" in err for err in validate(kb_copy))


def test_rejects_entry_without_reviewed_date(kb_copy):
    _rewrite_first_entry(kb_copy, lambda e: e.pop("reviewed"))
    assert any("reviewed ontbreekt" in err for err in validate(kb_copy))


def test_rejects_reviewed_date_in_the_future(kb_copy):
    _rewrite_first_entry(kb_copy, lambda e: e.update(reviewed=dt.date(2999, 1, 1)))
    assert any("toekomst" in err for err in validate(kb_copy))


def test_rejects_dead_line_reference(kb_copy):
    _rewrite_first_entry(kb_copy, lambda e: e["sources"][0].update(lines="99990-99999"))
    assert any("vallen buiten" in err for err in validate(kb_copy))


def test_rejects_missing_source_file(kb_copy):
    _rewrite_first_entry(kb_copy, lambda e: e["sources"][0].update(file="bestaat-niet.txt"))
    assert any("bestaat niet" in err for err in validate(kb_copy))


def test_rejects_unknown_region(kb_copy):
    _rewrite_first_entry(
        kb_copy, lambda e: e.update(regional={"atlantis": {"answer": "x", "sources": e["sources"]}})
    )
    assert any("atlantis" in err for err in validate(kb_copy))


def test_rejects_duplicate_ids(kb_copy):
    path = kb_copy / "entries" / "doelgroep.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["entries"].append(dict(data["entries"][0]))
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert any("vaker voor" in err for err in validate(kb_copy))


def test_adding_an_entry_needs_no_code(kb_copy):
    new = {
        "topic": "test",
        "entries": [
            {
                "id": "test-nieuw",
                "audience": "consultant",
                "title": "Nieuw item",
                "answer": "Een antwoord.",
                "questions": ["vraag een", "vraag twee", "vraag drie", "vraag vier"],
                "sources": [{"file": "003_4f479158f4b574a5.txt", "lines": "1-2"}],
                "reviewed": "2026-01-01",
            }
        ],
    }
    (kb_copy / "entries" / "test.yml").write_text(yaml.safe_dump(new), encoding="utf-8")
    assert validate(kb_copy) == []
    assert load(kb_copy).get("test-nieuw").title == "Nieuw item"


def test_regional_variant_wins_when_region_known():
    kb = load()
    entry = next(e for e in kb.entries.values() if "twente" in e.regional)
    assert entry.for_region("twente").answer != entry.answer
    assert entry.for_region(None).answer == entry.answer
    assert entry.for_region("zeeland").answer == entry.answer


def test_regions_yml_is_the_list_of_regions_only():
    """Their contacts are the live directory in the database (bot.knowledge.directory); a
    pilot region names the entry about its pilot."""
    kb = load()
    assert len(kb.regions) == 35
    assert all(set(r) <= {"id", "name", "aliases", "pilot_entry"} for r in kb.regions.values())


def test_rejects_unknown_directory_field(kb_copy):
    _rewrite_first_entry(kb_copy, lambda e: e.update(directory="telefoonboek"))
    assert any("directory" in err for err in validate(kb_copy))


def test_consultants_are_never_addressed_with_je():
    """What a consultant reads is in the u-form; a quote from a source may say "je"."""
    import re

    from bot.knowledge.kb import load

    je = re.compile(r"\b(je|jij|jou|jouw|jezelf)\b", re.IGNORECASE)
    quoted = re.compile(r"[\"“”][^\"“”]*[\"“”]")
    found = [
        e.id
        for e in load().entries.values()
        if e.audience != "candidate"
        and je.search(quoted.sub(" ", f"{e.answer_for('consultant')} {e.more_for('consultant')}"))
    ]
    assert found == []
