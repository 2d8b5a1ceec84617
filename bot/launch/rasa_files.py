"""The endpoints and credentials files the Rasa server is started with, written per start
into the var directory (one pair per Rasa port, so test stacks do not share them), both
readable by the owner only: they hold the secrets.
`credentials.yml` in the repository only documents the REST contract."""

from __future__ import annotations

import json
from pathlib import Path

ACTION_SECRET_HEADER = "X-Action-Secret"  # bot.launch.action_server checks it


def _write_private(path: Path, text: str) -> Path:
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)  # before the secrets go in
    path.write_text(text, encoding="utf-8")
    return path


def write_endpoints(var_dir: Path, rasa_port: int, action_url: str, action_secret: str) -> Path:
    """The action server (with its secret) and the SQLite tracker store in `var_dir`."""
    var_dir.mkdir(parents=True, exist_ok=True)
    endpoints = {
        "action_endpoint": {
            "url": f"{action_url}/webhook",
            "headers": {ACTION_SECRET_HEADER: action_secret},
        },
        "tracker_store": {
            "type": "SQL",
            "dialect": "sqlite",
            "db": str(var_dir / "rasa_tracker.db"),
        },
    }
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
