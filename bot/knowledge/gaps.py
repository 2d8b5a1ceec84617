"""Recording knowledge gaps: questions the knowledge base could not answer."""

from __future__ import annotations

import re

from sqlalchemy import select

from bot.catalogue import say
from bot.store.engine import KnowledgeGap, session

MAX_QUESTION = 500
_EMAIL = re.compile(r"\S+@\S+")
_LONG_NUMBER = re.compile(r"\d[\d\s-]{5,}\d")  # phone numbers, BSN, IBAN digits


def redact(text: str) -> str:
    """Remove the personal data a question may carry before it is stored."""
    text = _EMAIL.sub("[e-mail]", text)
    text = _LONG_NUMBER.sub("[nummer]", text)
    return " ".join(text.split())[:MAX_QUESTION]


def record_gap(
    question: str,
    best_entry: str | None = None,
    best_score: float | None = None,
    region: str | None = None,
    db_url: str | None = None,
) -> int:
    with session(db_url) as s:
        gap = KnowledgeGap(
            question=redact(question), best_entry=best_entry, best_score=best_score, region=region
        )
        s.add(gap)
        s.commit()
        return gap.id


def list_gaps(limit: int = 100, db_url: str | None = None) -> list[KnowledgeGap]:
    with session(db_url) as s:
        rows = s.execute(select(KnowledgeGap).order_by(KnowledgeGap.asked_at.desc()).limit(limit))
        return list(rows.scalars())


def main() -> None:
    """`make gaps`: the latest questions the knowledge base could not answer."""
    gaps = list_gaps()
    if not gaps:
        print(say("cli.no_gaps"))
        return
    print(say("cli.gaps", count=len(gaps)))
    for g in gaps:
        best = (
            " " + say("cli.gap_nearest", entry=g.best_entry, score=g.best_score)
            if g.best_entry
            else ""
        )
        region = f" [{g.region}]" if g.region else ""
        print(f"- {g.asked_at:%Y-%m-%d %H:%M}{region} {g.question}{best}")


if __name__ == "__main__":
    main()
