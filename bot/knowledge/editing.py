"""Changing the knowledge base from the dashboard: example questions for an entry, a new
entry, a regional variant. The YAML files stay the truth and a change shows in a diff: the
change is a block of lines inserted in the house style, the rest of the file is left byte
for byte. Before anything is written, the new file is read back (it must hold exactly the
intended change) and the whole knowledge base with it is checked by the validator of
`make kb-check`; a refused change writes nothing and says why (EditError, in Dutch)."""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
import tempfile
import textwrap
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.catalogue import say
from bot.knowledge.kb import KNOWLEDGE_DIR, load_raw_entries, read_yaml
from bot.knowledge.validation import validate

MAX_TEXT = 2000  # an answer
MAX_LINE = 300  # a title, a question, a document's name
MAX_QUESTIONS = 40  # added at once
WRAP = 92
_ENTRY_START = re.compile(r"^  - ")
_TOP_LEVEL = re.compile(r"^\S")
_lock = threading.Lock()  # one change at a time in this process


class EditError(ValueError):
    """A change that is refused; `problems` are the reasons, for the curator (Dutch)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Change:
    path: Path  # the file written
    entry_id: str
    before: str
    after: str


def one_line(text: str, limit: int = MAX_LINE) -> str:
    """Whitespace made single spaces; too long is refused."""
    text = " ".join(str(text or "").split())
    if len(text) > limit:
        raise EditError([say("kennisbank.too_long", length=limit)])
    return text


def parse_sources(text: str) -> list[dict[str, Any]]:
    """The source lines of the form, one per line: '<file> <lines>' (a seed file in
    knowledge/sources/ and its lines, '002_....txt 120-131') or '<document name> | <date>'
    (a named regional document, 'Werkafspraken leerwerkloket Twente | 2026-10-01')."""
    sources: list[dict[str, Any]] = []
    for raw in str(text or "").splitlines():
        line = one_line(raw)
        if not line:
            continue
        if "|" in line:
            name, _, day = (part.strip() for part in line.rpartition("|"))
            try:
                sources.append({"document": name, "date": dt.date.fromisoformat(day)})
            except ValueError:
                raise EditError([say("kennisbank.bad_source", line=line)]) from None
            continue
        parts = line.split()
        if len(parts) != 2:
            raise EditError([say("kennisbank.bad_source", line=line)])
        lines = int(parts[1]) if parts[1].isdigit() else parts[1]  # as YAML reads it back
        sources.append({"file": parts[0], "lines": lines})
    return sources


def _scalar(value: Any) -> str:
    """One YAML scalar on one line, quoted only when YAML needs it."""
    dumped = yaml.safe_dump(value, allow_unicode=True, width=10**9, default_flow_style=True)
    return dumped.removesuffix("\n...\n").rstrip("\n")


def _folded(key: str, text: str, indent: int) -> list[str]:
    """`key: >-` with the text wrapped below it (folding joins the lines with spaces)."""
    pad = " " * indent
    lines = textwrap.wrap(text, WRAP - indent - 2, break_long_words=False, break_on_hyphens=False)
    return [f"{pad}{key}: >-", *(f"{pad}  {line}" for line in lines)]


def _sources_lines(sources: list[dict[str, Any]], indent: int) -> list[str]:
    pad = " " * indent
    if not sources:
        return [f"{pad}sources: []"]  # the validator says what is missing
    out = [f"{pad}sources:"]
    for src in sources:
        if "document" in src:
            out += [
                f"{pad}  - document: {_scalar(src['document'])}",
                f"{pad}    date: {src['date']}",
            ]
        else:
            out += [f"{pad}  - file: {_scalar(src['file'])}", f"{pad}    lines: {src['lines']}"]
    return out


def _entry_block(lines: list[str], entry_id: str) -> tuple[int, int]:
    """[start, end) of the entry's lines in its file (the end before blank lines and
    comments that lead into the next entry)."""
    wanted = re.compile(rf"^  - id: ['\"]?{re.escape(entry_id)}['\"]?\s*$")
    start = next((i for i, line in enumerate(lines) if wanted.match(line)), None)
    if start is None:
        raise EditError([say("kennisbank.cannot_edit", entry=entry_id)])
    end = start + 1
    while end < len(lines) and not (_ENTRY_START.match(lines[end]) or _TOP_LEVEL.match(lines[end])):
        end += 1
    while end > start + 1 and (
        not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")
    ):
        end -= 1
    return start, end


def _key_run(lines: list[str], start: int, end: int, key: str) -> tuple[int, int] | None:
    """The line of `    key:` inside the entry, and the end of the block below it."""
    head = next((i for i in range(start, end) if lines[i].rstrip() == f"    {key}:"), None)
    if head is None:
        return None
    stop = head + 1
    while stop < end and (lines[stop].startswith("      ") or not lines[stop].strip()):
        stop += 1
    while stop > head + 1 and not lines[stop - 1].strip():
        stop -= 1
    return head, stop


def _write_checked(
    path: Path,
    after: str,
    expected: Callable[[dict[str, Any]], None],
    entry_id: str,
    directory: Path,
    today: dt.date,
) -> Change:
    """Write `after` to `path` when it reads back as the old data changed by `expected` and
    the knowledge base with it passes the validator."""
    before = path.read_text(encoding="utf-8")
    try:
        wanted = copy.deepcopy(yaml.safe_load(before))
        expected(wanted)
        if yaml.safe_load(after) != wanted:
            raise EditError([say("kennisbank.cannot_edit", entry=entry_id)])
    except yaml.YAMLError:
        raise EditError([say("kennisbank.cannot_edit", entry=entry_id)]) from None
    problems = _validate_with(directory, path.name, after, today)
    if problems:
        raise EditError(problems)
    _replace(path, after)
    return Change(path, entry_id, before, after)


def _validate_with(directory: Path, filename: str, text: str, today: dt.date) -> list[str]:
    """The validator over the knowledge base as it would be with `filename` changed: a
    shadow directory of links to everything else."""
    with tempfile.TemporaryDirectory(prefix="kb-check-") as tmp:
        shadow = Path(tmp)
        for item in directory.iterdir():
            if item.name != "entries":
                (shadow / item.name).symlink_to(item.resolve())
        (shadow / "entries").mkdir()
        for item in (directory / "entries").glob("*.yml"):
            if item.name != filename:
                (shadow / "entries" / item.name).symlink_to(item.resolve())
        (shadow / "entries" / filename).write_text(text, encoding="utf-8")
        return validate(shadow, today)


def _replace(path: Path, text: str) -> None:
    """Atomically: a reader sees the old file or the new one, never half of it."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _new_questions(raw: dict[str, Any], questions: list[str]) -> list[str]:
    """The questions the entry does not have yet (compared without case and spacing)."""
    have = {" ".join(str(q).split()).lower() for q in raw.get("questions") or []}
    new = list(dict.fromkeys(q for q in (one_line(q) for q in questions) if q))
    new = [q for q in new if q.lower() not in have]
    if len(new) > MAX_QUESTIONS:
        raise EditError([say("kennisbank.too_many_questions", count=MAX_QUESTIONS)])
    return new


def _raw_entry(entry_id: str, directory: Path) -> tuple[Path, dict[str, Any]]:
    for filename, raw in load_raw_entries(directory):
        if str(raw.get("id")) == entry_id:
            return directory / "entries" / filename, raw
    raise EditError([say("kennisbank.no_entry", entry=entry_id)])


def _with_questions(entry: dict[str, Any], new: list[str]) -> None:
    entry["questions"] = [*(entry.get("questions") or []), *new]


def _entry_in(data: dict[str, Any], entry_id: str) -> dict[str, Any]:
    return next(e for e in data.get("entries") or [] if str(e.get("id")) == entry_id)


def add_questions(
    entry_id: str,
    questions: list[str],
    directory: Path = KNOWLEDGE_DIR,
    today: dt.date | None = None,
) -> Change:
    """Example questions appended to an entry's `questions:` (those it has already are left
    out)."""
    with _lock:
        path, raw = _raw_entry(entry_id, directory)
        new = _new_questions(raw, questions)
        if not new:
            raise EditError([say("kennisbank.no_new_questions")])
        lines = path.read_text(encoding="utf-8").split("\n")
        start, end = _entry_block(lines, entry_id)
        run = _key_run(lines, start, end, "questions")
        if run is None:
            raise EditError([say("kennisbank.cannot_edit", entry=entry_id)])
        lines[run[1] : run[1]] = [f"      - {_scalar(q)}" for q in new]
        return _write_checked(
            path,
            "\n".join(lines),
            lambda data: _with_questions(_entry_in(data, entry_id), new),
            entry_id,
            directory,
            today or dt.date.today(),
        )


@dataclass(frozen=True)
class NewEntry:
    id: str
    audience: str
    title: str
    answer: str
    questions: list[str]
    sources: list[dict[str, Any]]


def add_entry(
    topic_file: str,
    new: NewEntry,
    directory: Path = KNOWLEDGE_DIR,
    today: dt.date | None = None,
) -> Change:
    """A new entry appended to a topic's file, reviewed today."""
    today = today or dt.date.today()
    with _lock:
        path = directory / "entries" / Path(topic_file).name
        if path.suffix != ".yml" or not path.is_file():
            raise EditError([say("kennisbank.no_topic", topic=topic_file)])
        questions = list(dict.fromkeys(q for q in (one_line(q) for q in new.questions) if q))
        fields = {
            "id": one_line(new.id).lower(),
            "audience": one_line(new.audience),
            "title": one_line(new.title),
            "answer": one_line(new.answer, MAX_TEXT),
            "questions": questions,
            "sources": new.sources,
            "reviewed": today,
        }
        block = [
            f"  - id: {_scalar(fields['id'])}",
            f"    audience: {_scalar(fields['audience'])}",
            f"    title: {_scalar(fields['title'])}",
            *_folded("answer", fields["answer"], 4),
            "    questions:",
            *(f"      - {_scalar(q)}" for q in questions),
            *_sources_lines(new.sources, 4),
            f"    reviewed: {today}",
        ]
        text = path.read_text(encoding="utf-8")
        after = text.rstrip("\n") + "\n\n" + "\n".join(block) + "\n"

        def expected(data: dict[str, Any]) -> None:
            data.setdefault("entries", [])
            data["entries"] = [*(data["entries"] or []), fields]

        return _write_checked(path, after, expected, fields["id"], directory, today)


def add_regional(
    entry_id: str,
    region: str,
    answer: str,
    sources: list[dict[str, Any]],
    directory: Path = KNOWLEDGE_DIR,
    today: dt.date | None = None,
    questions: list[str] = (),
) -> Change:
    """A regional variant: the answer for one arbeidsmarktregio (regions.yml), given only
    when the user's region is that one (Entry.for_region); with `questions` (the gap's),
    added to the entry's example questions in the same change, so the ranker finds it."""
    with _lock:
        path, raw = _raw_entry(entry_id, directory)
        region = one_line(region).lower()
        if region in (raw.get("regional") or {}):
            raise EditError([say("kennisbank.variant_exists", region=region)])
        answer = one_line(answer, MAX_TEXT)
        new = _new_questions(raw, list(questions))
        lines = path.read_text(encoding="utf-8").split("\n")
        start, end = _entry_block(lines, entry_id)
        variant = [
            f"      {_scalar(region)}:",
            *_folded("answer", answer, 8),
            *_sources_lines(sources, 8),
        ]
        inserts = []  # (index, lines), applied from the end of the file back
        run = _key_run(lines, start, end, "regional")
        inserts.append((end, ["    regional:", *variant]) if run is None else (run[1], variant))
        if new:
            asked = _key_run(lines, start, end, "questions")
            if asked is None:
                raise EditError([say("kennisbank.cannot_edit", entry=entry_id)])
            inserts.append((asked[1], [f"      - {_scalar(q)}" for q in new]))
        for index, block in sorted(inserts, key=lambda i: i[0], reverse=True):
            lines[index:index] = block

        def expected(data: dict[str, Any]) -> None:
            entry = _entry_in(data, entry_id)
            variants = entry.get("regional") or {}
            entry["regional"] = {**variants, region: {"answer": answer, "sources": sources}}
            if new:
                _with_questions(entry, new)

        return _write_checked(
            path, "\n".join(lines), expected, entry_id, directory, today or dt.date.today()
        )


def topic_files(directory: Path = KNOWLEDGE_DIR) -> list[str]:
    return sorted(p.name for p in (directory / "entries").glob("*.yml"))


def regions(directory: Path = KNOWLEDGE_DIR) -> dict[str, str]:
    """Region id -> name, for the form."""
    data = read_yaml(directory / "regions.yml") or {}
    return {str(r["id"]): str(r.get("name", r["id"])) for r in data.get("regions") or []}
