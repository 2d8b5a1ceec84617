"""Validator for the knowledge base: `python -m tools.knowledge_check` (make kb-check).

The checks live in bot/knowledge/validation.py: the dashboard's kennisbank pages refuse a
change with the same validator before they write it.
"""

from __future__ import annotations

import sys

from bot.knowledge.kb import load_raw_entries
from bot.knowledge.validation import check_texts, validate

__all__ = ["check_texts", "main", "validate"]


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
