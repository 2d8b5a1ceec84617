"""The knowledge base's validator: the one check for entries written by hand and by the
dashboard (`make kb-check` runs it through tools/knowledge_check.py).

Rejects an entry without sources or reviewed date, a dead source reference (missing file,
line range outside the file), a named document without a date, duplicate ids, unknown
regions, eligibility rules that point at entries that do not exist, and a text in the
catalogue (texts/) without a valid audience. Its messages are for curators (the catalogue's
area `validation`).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from bot.catalogue import load as load_texts
from bot.catalogue import say
from bot.knowledge.kb import (
    AUDIENCES,
    KNOWLEDGE_DIR,
    as_date,
    load_facet_vocabulary,
    load_raw_entries,
    parse_lines,
    read_yaml,
)
from bot.knowledge.regions import CONTACT_FIELDS

DIRECTORY_FIELDS = tuple(key for key, _ in CONTACT_FIELDS)

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MIN_QUESTIONS = 4
MAX_TITLE = 60
MAX_DOCUMENT = 200
MAX_REVIEW_MONTHS = 60


def _line_counts(directory: Path) -> dict[str, int]:
    counts = {}
    for path in (directory / "sources").iterdir():
        if path.is_file():
            counts[path.name] = len(path.read_text(encoding="utf-8").splitlines())
    return counts


def check_sources(
    where: str, sources: Any, line_counts: dict[str, int], today: dt.date | None = None
) -> list[str]:
    """A source is a file of knowledge/sources/ with its lines, or a named document (a
    regional agreement, say) with its date."""
    errors = []
    if not sources:
        return [say("validation.no_sources", where=where)]
    for src in sources:
        src = src if isinstance(src, dict) else {}
        if "document" in src:
            errors += _check_document(where, src, today or dt.date.today())
            continue
        name = str(src.get("file", ""))
        if name not in line_counts:
            errors.append(say("validation.no_file", where=where, name=name))
            continue
        try:
            start, end = parse_lines(src.get("lines"))
        except (TypeError, ValueError):
            errors.append(say("validation.bad_lines", where=where, lines=src.get("lines")))
            continue
        if not 1 <= start <= end <= line_counts[name]:
            errors.append(
                say(
                    "validation.lines_outside",
                    where=where,
                    start=start,
                    end=end,
                    name=name,
                    count=line_counts[name],
                )
            )
    return errors


def _check_document(where: str, src: dict[str, Any], today: dt.date) -> list[str]:
    name = src.get("document")
    errors = []
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_DOCUMENT:
        errors.append(say("validation.document_name", where=where, length=MAX_DOCUMENT))
    day = as_date(src.get("date"))
    if day is None:
        errors.append(say("validation.document_date", where=where))
    elif day > today:
        errors.append(say("validation.document_future", where=where, date=day))
    return errors


def check_entry(
    filename: str,
    raw: dict[str, Any],
    line_counts: dict[str, int],
    regions: set[str],
    today: dt.date,
    vocabulary: dict[str, Any] | None = None,
) -> list[str]:
    entry_id = str(raw.get("id", ""))
    where = f"{filename}:{entry_id or '?'}"
    errors = []
    if not ID_PATTERN.match(entry_id):
        errors.append(say("validation.bad_id", where=where))
    if raw.get("audience") not in AUDIENCES:
        errors.append(say("validation.bad_audience", where=where, options=", ".join(AUDIENCES)))
    title = str(raw.get("title") or "").strip()
    if not title:
        errors.append(say("validation.no_title", where=where))
    elif len(title) > MAX_TITLE:
        errors.append(say("validation.long_title", where=where, length=MAX_TITLE))
    if not str(raw.get("answer") or "").strip():
        errors.append(say("validation.no_answer", where=where))
    questions = raw.get("questions") or []
    if len(questions) < MIN_QUESTIONS:
        errors.append(say("validation.few_questions", where=where, count=MIN_QUESTIONS))
    for q in questions:
        if not isinstance(q, str) or not q.strip():
            errors.append(say("validation.question_not_text", where=where, question=repr(q)))
    for key in ("title", "answer", "more"):
        if raw.get(key) is not None and not isinstance(raw.get(key), str):
            errors.append(say("validation.not_text", where=where, key=key))
    errors += check_sources(where, raw.get("sources"), line_counts, today)
    reviewed = as_date(raw.get("reviewed"))
    if reviewed is None:
        errors.append(say("validation.no_reviewed", where=where))
    elif reviewed > today:
        errors.append(say("validation.reviewed_future", where=where, date=reviewed))
    months = raw.get("review_months")
    if months is not None and (
        not isinstance(months, int)
        or isinstance(months, bool)
        or not 1 <= months <= MAX_REVIEW_MONTHS
    ):
        errors.append(say("validation.review_months", where=where, most=MAX_REVIEW_MONTHS))
    directory = raw.get("directory")
    if directory and directory not in DIRECTORY_FIELDS:
        errors.append(
            say("validation.bad_directory", where=where, options=", ".join(DIRECTORY_FIELDS))
        )
    for region, variant in (raw.get("regional") or {}).items():
        if region not in regions:
            errors.append(say("validation.unknown_region", where=where, region=region))
        if not str((variant or {}).get("answer") or "").strip():
            errors.append(say("validation.variant_no_answer", where=where, region=region))
        errors += check_sources(
            f"{where}[{region}]", (variant or {}).get("sources"), line_counts, today
        )
    consultant = raw.get("consultant")
    if consultant is not None:
        if raw.get("audience") != "both":
            errors.append(say("validation.consultant_not_both", where=where))
        elif not isinstance(consultant, dict) or not str(consultant.get("answer") or "").strip():
            errors.append(say("validation.consultant_no_answer", where=where))
    if vocabulary is not None:
        errors += check_facets(where, raw.get("facets"), vocabulary, regions)
    return errors


def check_facets(
    where: str, facets: Any, vocabulary: dict[str, Any], regions: set[str]
) -> list[str]:
    """Every facet kind and value must be in knowledge/facets.yml (a pilot may be a region)."""
    if facets is None:
        return []
    if not isinstance(facets, dict):
        return [say("validation.facets_not_block", where=where)]
    errors = []
    for kind, values in facets.items():
        if kind not in vocabulary:
            errors.append(say("validation.facet_kind", where=where, kind=kind))
            continue
        known = set(vocabulary[kind] or {}) | (regions if kind == "pilot" else set())
        for value in [values] if isinstance(values, str) else values or []:
            if value not in known:
                errors.append(say("validation.facet_value", where=where, kind=kind, value=value))
    return errors


def check_eligibility(directory: Path, ids: set[str]) -> list[str]:
    path = directory / "eligibility.yml"
    if not path.exists():
        return [say("validation.no_eligibility")]
    data = read_yaml(path) or {}
    errors = []
    line_counts = _line_counts(directory)
    for rule in data.get("rules") or []:
        where = f"eligibility.yml:{rule.get('id')}"
        if rule.get("sources") is not None:
            errors += check_sources(where, rule["sources"], line_counts)
        for ref in rule.get("entries") or []:
            if ref not in ids:
                errors.append(say("validation.rule_entry", where=where, entry=ref))
    case = data.get("case") or {}
    slots = {q.get("slot") for q in data.get("questions") or []}
    if not case.get("next_step", {}).get("sources"):
        errors.append(say("validation.case_no_sources"))
    else:
        errors += check_sources("eligibility.yml:case", case["next_step"]["sources"], line_counts)
    if set(case.get("lead") or {}) != {"niet", "bespreek", "wel"} or not case.get("offer"):
        errors.append(say("validation.case_lead"))
    if set(case.get("open_points") or {}) != slots:
        errors.append(say("validation.case_open_points"))
    return errors


def check_regions(directory: Path, line_counts: dict[str, int]) -> tuple[set[str], list[str]]:
    path = directory / "regions.yml"
    if not path.exists():
        return set(), [say("validation.no_regions")]
    data = read_yaml(path) or {}
    ids, errors = set(), []
    for region in data.get("regions") or []:
        rid = str(region.get("id", ""))
        if not ID_PATTERN.match(rid) or rid in ids:
            errors.append(say("validation.bad_region_id", region=rid))
        ids.add(rid)
        if region.get("sources"):
            errors += check_sources(f"regions.yml:{rid}", region["sources"], line_counts)
    return ids, errors


def _region_entries(directory: Path) -> dict[str, str]:
    data = read_yaml(directory / "regions.yml") or {}
    return {
        str(r.get("id")): str(r["pilot_entry"])
        for r in data.get("regions") or []
        if r.get("pilot_entry")
    }


def validate(directory: Path = KNOWLEDGE_DIR, today: dt.date | None = None) -> list[str]:
    today = today or dt.date.today()
    line_counts = _line_counts(directory)
    regions, errors = check_regions(directory, line_counts)
    seen: set[str] = set()
    try:
        raw_entries = load_raw_entries(directory)
    except yaml.YAMLError as exc:
        return errors + [say("validation.yaml_error", error=exc)]
    vocabulary = load_facet_vocabulary(directory)
    for filename, raw in raw_entries:
        errors += check_entry(filename, raw, line_counts, regions, today, vocabulary)
        entry_id = str(raw.get("id", ""))
        if entry_id in seen:
            errors.append(say("validation.duplicate", where=f"{filename}:{entry_id}"))
        seen.add(entry_id)
    errors += check_eligibility(directory, seen)
    errors += [
        say("validation.facet_entry", kind="region", value=rid, entry=entry)
        for rid, entry in _region_entries(directory).items()
        if entry not in seen
    ]
    errors += check_texts(directory)
    errors += [
        say("validation.facet_entry", kind=kind, value=value, entry=spec["entry"])
        for kind, values in vocabulary.items()
        if isinstance(values, dict)
        for value, spec in values.items()
        if isinstance(spec, dict) and spec.get("entry") and spec["entry"] not in seen
    ]
    return errors


def check_texts(directory: Path) -> list[str]:
    """The catalogue of what the assistant says (texts/, read by bot/catalogue.py)."""
    try:
        load_texts(directory / "texts")
    except (ValueError, yaml.YAMLError) as exc:
        return [say("validation.texts", error=exc)]
    return []
