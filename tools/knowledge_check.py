"""Validator for the knowledge base: `python -m tools.knowledge_check` (make kb-check).

Rejects an entry without sources or reviewed date, a dead source reference
(missing file, line range outside the file), duplicate ids, unknown regions,
eligibility rules that point at entries that do not exist, and a text in the
catalogue (texts/) without a valid audience.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from bot.catalogue import load as load_texts
from bot.knowledge.kb import (
    AUDIENCES,
    KNOWLEDGE_DIR,
    load_facet_vocabulary,
    load_raw_entries,
    parse_lines,
)
from bot.knowledge.regions import CONTACT_FIELDS

DIRECTORY_FIELDS = tuple(key for key, _ in CONTACT_FIELDS)

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MIN_QUESTIONS = 4
MAX_TITLE = 60


def _line_counts(directory: Path) -> dict[str, int]:
    counts = {}
    for path in (directory / "sources").iterdir():
        if path.is_file():
            counts[path.name] = len(path.read_text(encoding="utf-8").splitlines())
    return counts


def check_sources(where: str, sources: Any, line_counts: dict[str, int]) -> list[str]:
    errors = []
    if not sources:
        return [f"{where}: geen bronnen (sources ontbreekt)"]
    for src in sources:
        name = str((src or {}).get("file", ""))
        if name not in line_counts:
            errors.append(f"{where}: bronbestand '{name}' bestaat niet in knowledge/sources/")
            continue
        try:
            start, end = parse_lines((src or {}).get("lines"))
        except (TypeError, ValueError):
            errors.append(f"{where}: regels '{src.get('lines')}' zijn geen bereik als 12-30")
            continue
        if not 1 <= start <= end <= line_counts[name]:
            errors.append(
                f"{where}: regels {start}-{end} vallen buiten {name} ({line_counts[name]} regels)"
            )
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
        errors.append(f"{where}: id ontbreekt of bevat andere tekens dan a-z, 0-9 en '-'")
    if raw.get("audience") not in AUDIENCES:
        errors.append(f"{where}: audience moet een van {', '.join(AUDIENCES)} zijn")
    title = str(raw.get("title") or "").strip()
    if not title:
        errors.append(f"{where}: title ontbreekt")
    elif len(title) > MAX_TITLE:
        errors.append(f"{where}: title is langer dan {MAX_TITLE} tekens")
    if not str(raw.get("answer") or "").strip():
        errors.append(f"{where}: answer ontbreekt")
    questions = raw.get("questions") or []
    if len(questions) < MIN_QUESTIONS:
        errors.append(f"{where}: minder dan {MIN_QUESTIONS} voorbeeldvragen")
    for q in questions:
        if not isinstance(q, str) or not q.strip():
            errors.append(
                f"{where}: voorbeeldvraag is geen tekst (zet haar tussen aanhalingstekens): {q!r}"
            )
    for key in ("title", "answer", "more"):
        if raw.get(key) is not None and not isinstance(raw.get(key), str):
            errors.append(f"{where}: {key} is geen tekst (zet het tussen aanhalingstekens)")
    errors += check_sources(where, raw.get("sources"), line_counts)
    reviewed = raw.get("reviewed")
    if not isinstance(reviewed, dt.date):
        try:
            reviewed = dt.date.fromisoformat(str(reviewed))
        except ValueError:
            reviewed = None
    if reviewed is None:
        errors.append(f"{where}: reviewed ontbreekt of is geen datum (JJJJ-MM-DD)")
    elif reviewed > today:
        errors.append(f"{where}: reviewed ligt in de toekomst ({reviewed})")
    directory = raw.get("directory")
    if directory and directory not in DIRECTORY_FIELDS:
        errors.append(f"{where}: directory moet een van {', '.join(DIRECTORY_FIELDS)} zijn")
    for region, variant in (raw.get("regional") or {}).items():
        if region not in regions:
            errors.append(f"{where}: regio '{region}' staat niet in regions.yml")
        if not str((variant or {}).get("answer") or "").strip():
            errors.append(f"{where}: regionale variant '{region}' heeft geen answer")
        errors += check_sources(f"{where}[{region}]", (variant or {}).get("sources"), line_counts)
    consultant = raw.get("consultant")
    if consultant is not None:
        if raw.get("audience") != "both":
            errors.append(f"{where}: een consultant-blok hoort alleen bij audience: both")
        elif not isinstance(consultant, dict) or not str(consultant.get("answer") or "").strip():
            errors.append(f"{where}: consultant-blok zonder answer")
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
        return [f"{where}: facets moet een blok zijn (soort: [waarden])"]
    errors = []
    for kind, values in facets.items():
        if kind not in vocabulary:
            errors.append(f"{where}: facet-soort '{kind}' staat niet in facets.yml")
            continue
        known = set(vocabulary[kind] or {}) | (regions if kind == "pilot" else set())
        for value in [values] if isinstance(values, str) else values or []:
            if value not in known:
                errors.append(f"{where}: facet {kind}: '{value}' staat niet in facets.yml")
    return errors


def check_eligibility(directory: Path, ids: set[str]) -> list[str]:
    path = directory / "eligibility.yml"
    if not path.exists():
        return ["eligibility.yml ontbreekt"]
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    errors = []
    line_counts = _line_counts(directory)
    for rule in data.get("rules") or []:
        if rule.get("sources") is not None:
            errors += check_sources(
                f"eligibility.yml:{rule.get('id')}", rule["sources"], line_counts
            )
        for ref in rule.get("entries") or []:
            if ref not in ids:
                errors.append(f"eligibility.yml:{rule.get('id')}: kennisitem '{ref}' bestaat niet")
    case = data.get("case") or {}
    slots = {q.get("slot") for q in data.get("questions") or []}
    if not case.get("next_step", {}).get("sources"):
        errors.append("eligibility.yml: case.next_step heeft geen bronnen")
    else:
        errors += check_sources("eligibility.yml:case", case["next_step"]["sources"], line_counts)
    if set(case.get("lead") or {}) != {"niet", "bespreek", "wel"} or not case.get("offer"):
        errors.append("eligibility.yml: case.lead (niet, bespreek, wel) en case.offer zijn nodig")
    if set(case.get("open_points") or {}) != slots:
        errors.append("eligibility.yml: case.open_points moet elke vraag (slot) één keer noemen")
    return errors


def check_regions(directory: Path, line_counts: dict[str, int]) -> tuple[set[str], list[str]]:
    path = directory / "regions.yml"
    if not path.exists():
        return set(), ["regions.yml ontbreekt"]
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    ids, errors = set(), []
    for region in data.get("regions") or []:
        rid = str(region.get("id", ""))
        if not ID_PATTERN.match(rid) or rid in ids:
            errors.append(f"regions.yml: id '{rid}' ontbreekt, is ongeldig of dubbel")
        ids.add(rid)
        if region.get("sources"):
            errors += check_sources(f"regions.yml:{rid}", region["sources"], line_counts)
    return ids, errors


def validate(directory: Path = KNOWLEDGE_DIR, today: dt.date | None = None) -> list[str]:
    today = today or dt.date.today()
    line_counts = _line_counts(directory)
    regions, errors = check_regions(directory, line_counts)
    seen: set[str] = set()
    try:
        raw_entries = load_raw_entries(directory)
    except yaml.YAMLError as exc:
        return errors + [f"YAML-fout: {exc}"]
    vocabulary = load_facet_vocabulary(directory)
    for filename, raw in raw_entries:
        errors += check_entry(filename, raw, line_counts, regions, today, vocabulary)
        entry_id = str(raw.get("id", ""))
        if entry_id in seen:
            errors.append(f"{filename}:{entry_id}: id komt vaker voor")
        seen.add(entry_id)
    errors += check_eligibility(directory, seen)
    errors += check_texts(directory)
    errors += [
        f"facets.yml: {kind} '{value}': kennisitem '{spec['entry']}' bestaat niet"
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
        return [f"texts: {exc}"]
    return []


def main() -> int:
    errors = validate()
    count = len(load_raw_entries())
    if errors:
        print(f"Kennisbank: {len(errors)} fout(en) in {count} items:")
        for line in errors:
            print(f"  - {line}")
        return 1
    print(f"Kennisbank in orde: {count} items.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
