"""The endpoints and credentials files the Rasa server is started with, written per start
into the var directory (one pair per Rasa port, so test stacks do not share them), both
readable by the owner only: they hold the secrets.
`credentials.yml` in the repository only documents the REST contract."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sqlalchemy.engine import make_url

ACTION_SECRET_HEADER = "X-Action-Secret"  # bot.launch.action_server checks it


def _write_private(path: Path, text: str) -> Path:
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)  # before the secrets go in
    path.write_text(text, encoding="utf-8")
    return path


def tracker_store(db_url: str) -> dict[str, object]:
    """Rasa's own SQL tracker store (SQLTrackerStore) for a SQLAlchemy URL, in its documented
    keys: SQLite in a file, or PostgreSQL shared by every Rasa instance."""
    url = make_url(db_url)
    config: dict[str, object] = {"type": "SQL", "dialect": url.drivername, "db": url.database}
    optional = {"url": url.host, "port": url.port, "username": url.username}
    config.update({key: value for key, value in optional.items() if value})
    if url.password:
        config["password"] = url.password
    if url.query:
        config["query"] = dict(url.query)
    return config


def lock_store(redis_url: str) -> dict[str, object]:
    """Rasa's own RedisLockStore: one conversation is handled by one Rasa instance at a time."""
    url = urlsplit(redis_url)
    config: dict[str, object] = {
        "type": "redis",
        "url": url.hostname,
        "port": url.port or 6379,
        "db": int(url.path.strip("/") or 1),
        "key_prefix": "praktijkbot",  # Rasa wants letters and digits only
        "use_ssl": url.scheme == "rediss",
    }
    if url.username:
        config["username"] = unquote(url.username)
    if url.password:
        config["password"] = unquote(url.password)
    return config


def write_endpoints(
    var_dir: Path,
    rasa_port: int,
    action_url: str,
    action_secret: str,
    tracker_db_url: str = "",
    redis_url: str = "",
) -> Path:
    """The action server (with its secret), the tracker store (`tracker_db_url`, default
    SQLite in `var_dir`) and, with `redis_url`, the Redis lock store (production mode)."""
    var_dir.mkdir(parents=True, exist_ok=True)
    endpoints = {
        "action_endpoint": {
            "url": f"{action_url}/webhook",
            "headers": {ACTION_SECRET_HEADER: action_secret},
        },
        "tracker_store": tracker_store(
            tracker_db_url or f"sqlite:///{var_dir / 'rasa_tracker.db'}"
        ),
    }
    if redis_url:
        endpoints["lock_store"] = lock_store(redis_url)
    return _write_private(var_dir / f"endpoints-{rasa_port}.yml", json.dumps(endpoints, indent=1))


def write_credentials(
    var_dir: Path,
    rasa_port: int,
    portal_secret: str,
    rest_token: str = "",
    telegram_token: str = "",
    telegram_secret: str = "",
    telegram_base_url: str = "",
) -> Path:
    """Our REST channel (with a token; none: no REST channel), the web widget's channel and
    (with a token) Telegram."""
    var_dir.mkdir(parents=True, exist_ok=True)
    credentials: dict[str, object] = {
        "bot.channels.web.WebInput": {"portal_secret": portal_secret},
    }
    if rest_token:
        credentials["bot.channels.rest.RestInput"] = {"token": rest_token}
    if telegram_token:
        credentials["bot.channels.telegram.TelegramInput"] = {
            "token": telegram_token,
            "webhook_secret": telegram_secret,
            "base_url": telegram_base_url or None,
        }
    return _write_private(
        var_dir / f"credentials-{rasa_port}.yml", json.dumps(credentials, indent=1)
    )  # JSON is YAML
