"""Live knowledge (bot/knowledge/live.py): the action server's answerer follows the files.
A curator's change is answered from at the next question, without a restart; a broken file
keeps the last good knowledge."""

import shutil
import time
from pathlib import Path

import pytest

from bot.knowledge import editing, live
from bot.knowledge.editing import NewEntry
from bot.knowledge.kb import PROJECT_KNOWLEDGE

QUESTION = "heeft een deelnemer recht op vakantiedagen tijdens het traject"


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(PROJECT_KNOWLEDGE, target)
    return target


def test_the_fingerprint_changes_with_a_saved_change_only(kb_copy):
    before = live.fingerprint(kb_copy)
    assert before == live.fingerprint(kb_copy)
    assert {name for name, *_ in before} >= {"proces.yml", "regions.yml", "facets.yml"}
    editing.add_questions("proces-stappen", ["welke stappen zet ik nou eerst"], kb_copy)
    assert live.fingerprint(kb_copy) != before


def test_the_answerer_is_built_again_only_after_a_change(kb_copy):
    built = []

    def builder(directory):
        if len(built) == 2:
            raise ValueError("a file half-edited by hand")
        built.append(object())
        return built[-1]

    knowledge = live.Live(kb_copy, builder)
    first = knowledge.answerer()
    assert knowledge.answerer() is first and len(built) == 1
    path = kb_copy / "entries" / "proces.yml"
    editing._replace(path, path.read_text(encoding="utf-8") + "\n")
    second = knowledge.answerer()
    assert second is not first and len(built) == 2
    editing._replace(path, path.read_text(encoding="utf-8") + "\n")
    assert knowledge.answerer() is second  # the build failed: the last good one answers
    assert knowledge.answerer() is second and knowledge.builds == 2  # and it is not retried


def test_a_refused_question_is_answered_from_a_new_entry_at_the_next_question(kb_copy):
    """The done-when in-process: the same Live object (as in the running action server)."""
    knowledge = live.Live(kb_copy)
    answerer = knowledge.answerer()
    answerer.record = None
    assert answerer.respond(QUESTION).kind == "refuse"
    new = NewEntry(
        "proces-vakantie",
        "consultant",
        "Vakantie tijdens het traject",
        "Vakantie spreekt de deelnemer af met het leerbedrijf, net als elke werknemer.",
        [QUESTION, "mag een deelnemer op vakantie", "vakantiedagen praktijkleren", "verlof pv"],
        editing.parse_sources("Testafspraak vakantie | 2026-11-01"),
    )
    saved = time.monotonic()
    editing.add_entry("proces.yml", new, kb_copy)
    outcome = knowledge.answerer().respond(QUESTION)
    print(f"\nopgeslagen -> eerste antwoord uit de wijziging: {time.monotonic() - saved:.1f} s")
    assert outcome.kind == "answer" and outcome.entry_id == "proces-vakantie"
    assert "Testafspraak vakantie (01-11-2026)" in outcome.replies[0].text
