"""The project's own database (SQLAlchemy 1.4): SQLite by default, PostgreSQL in production.

Set PRAKTIJKBOT_DB_URL, e.g. postgresql://user:pw@host/praktijkbot.
"""

from __future__ import annotations

import datetime as dt
import threading
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Column, DateTime, Float, Integer, String, Text, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import declarative_base, sessionmaker

from bot.store.migrate import default_url, upgrade  # the schema is owned by the Alembic migrations

Base = declarative_base()
__all__ = ["Base", "KnowledgeGap", "default_url", "engine", "session"]


class KnowledgeGap(Base):
    """A question the knowledge base could not answer, for curators."""

    __tablename__ = "knowledge_gaps"
    __table_args__ = {"sqlite_autoincrement": True}  # as every table (bot.store.models)

    id = Column(Integer, primary_key=True)
    asked_at = Column(DateTime, nullable=False, default=dt.datetime.utcnow, index=True)
    question = Column(Text, nullable=False)  # redacted: see bot.knowledge.gaps.redact
    best_entry = Column(String(100))
    best_score = Column(Float)
    region = Column(String(100))
    # a curator's handling (bot.knowledge.gaps.mark_handled): an open gap has none
    handled_at = Column(DateTime)
    handled_as = Column(String(20))  # bot.knowledge.gaps.HANDLINGS
    handled_entry = Column(String(100))


# Alembic's command context is module-global: two threads migrating at once break each other
# (the first requests of a fresh process arrive in parallel).
_lock = threading.Lock()


def engine(url: str | None = None) -> Engine:
    """The engine for `url` (default: PRAKTIJKBOT_DB_URL or var/praktijkbot.db), migrated."""
    with _lock:
        return _engine(url or default_url())


@lru_cache(maxsize=32)
def _engine(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    eng = create_engine(url, future=True, pool_pre_ping=True)
    if url.startswith("sqlite"):
        event.listen(eng, "connect", _sqlite_pragmas)
    upgrade(url)
    return eng


def _sqlite_pragmas(connection, _record) -> None:
    """Foreign keys enforced (a deleted candidate takes its codes and rows along), WAL so the
    scheduler, the actions and the portal do not block each other, and a busy timeout."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def session(url: str | None = None):
    return sessionmaker(bind=engine(url), future=True, expire_on_commit=False)()
