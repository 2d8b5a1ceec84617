"""The production switch (issue 14): PRAKTIJKBOT_PRODUCTIE wants PostgreSQL and Redis, the
endpoints Rasa starts with name its own SQL tracker store and RedisLockStore, and Rasa's
engines built from that file work on the real servers (tests/services.py)."""

from __future__ import annotations

import asyncio
import json
import stat

import pytest

from bot import settings
from bot.launch.rasa_files import write_endpoints

PG = "postgresql://praktijkbot:db-geheim-1@db.example:5433/praktijkbot"
TRACKER = "postgresql://rasa:db-geheim-2@db.example/tracker"
REDIS = "redis://:redis-geheim-3@redis.example:6380/2"


def test_production_refuses_sqlite_and_missing_services_naming_each_variable():
    with pytest.raises(settings.SettingsError) as refused:
        settings.load({"PRAKTIJKBOT_PRODUCTIE": "ja", "PRAKTIJKBOT_DB_URL": "sqlite:///x.db"})
    message = str(refused.value)
    for name in ("PRAKTIJKBOT_DB_URL", "TRACKER_DB_URL", "REDIS_URL"):
        assert name in message
    assert "x.db" not in message  # a URL may hold a password: never shown


def test_production_with_postgres_and_redis_starts_and_hides_their_passwords():
    environ = {
        "PRAKTIJKBOT_PRODUCTIE": "1",
        "PRAKTIJKBOT_DB_URL": PG,
        "TRACKER_DB_URL": TRACKER,
        "REDIS_URL": REDIS,
    }
    config = settings.load(environ)
    assert config.production and config.redis_url == REDIS
    assert {"db-geheim-1", "db-geheim-2", "redis-geheim-3"} <= set(config.secret_values())
    assert "redis-geheim-3" not in repr(config)
    assert not settings.load({}).production  # the embedded default: SQLite, one machine


def test_an_invalid_redis_url_is_refused():
    with pytest.raises(settings.SettingsError, match="REDIS_URL"):
        settings.load({"REDIS_URL": "http://redis.example"})


def test_the_endpoints_name_rasas_sql_tracker_store_and_redis_lock_store(tmp_path):
    path = write_endpoints(tmp_path, 5005, "http://127.0.0.1:5055", "s", TRACKER, REDIS)
    endpoints = json.loads(path.read_text())
    assert endpoints["tracker_store"] == {
        "type": "SQL",
        "dialect": "postgresql",
        "url": "db.example",
        "db": "tracker",
        "username": "rasa",
        "password": "db-geheim-2",
    }
    assert endpoints["lock_store"] == {
        "type": "redis",
        "url": "redis.example",
        "port": 6380,
        "db": 2,
        "key_prefix": "praktijkbot",
        "use_ssl": False,
        "password": "redis-geheim-3",
    }
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_without_services_the_endpoints_keep_sqlite_and_no_lock_store(tmp_path):
    endpoints = json.loads(write_endpoints(tmp_path, 5005, "http://a", "s").read_text())
    assert endpoints["tracker_store"] == {
        "type": "SQL",
        "dialect": "sqlite",
        "db": str(tmp_path / "rasa_tracker.db"),
    }
    assert "lock_store" not in endpoints


def test_rasas_own_engines_work_from_our_endpoints_on_the_real_services(
    tmp_path,
    postgres,
    redis,
):
    """Two Rasa instances built from the same file share trackers and conversation locks."""
    from rasa.core.lock_store import LockStore, RedisLockStore
    from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.utils.endpoints import read_endpoint_config

    path = write_endpoints(tmp_path, 5005, "http://a", "s", postgres.database(), redis.url)
    domain = Domain.empty()

    def instance():
        trackers = TrackerStore.create(read_endpoint_config(str(path), "tracker_store"), domain)
        locks = LockStore.create(read_endpoint_config(str(path), "lock_store"))
        return trackers, locks

    (trackers_a, locks_a), (trackers_b, locks_b) = instance(), instance()
    assert isinstance(trackers_a, SQLTrackerStore) and trackers_a.engine.dialect.name == (
        "postgresql"
    )
    assert isinstance(locks_a, RedisLockStore)
    tracker = DialogueStateTracker("web-123", domain.slots)
    tracker.update(UserUttered("hallo"))

    async def shared_tracker() -> list[str]:
        await trackers_a.save(tracker)
        seen = await trackers_b.retrieve("web-123")
        return [e.text for e in seen.events if isinstance(e, UserUttered)]

    assert asyncio.run(shared_tracker()) == ["hallo"]
    first = locks_a.issue_ticket("web-123")  # instance A handles a message
    second = locks_b.issue_ticket("web-123")  # a message for the same conversation on B
    assert locks_b.get_or_create_lock("web-123").is_locked(second)  # B waits for A
    locks_a.finish_serving("web-123", first)
    assert not locks_b.get_or_create_lock("web-123").is_locked(second)  # now B's turn
    locks_b.finish_serving("web-123", second)
