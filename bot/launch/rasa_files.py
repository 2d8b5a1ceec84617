"""The endpoints and credentials files the Rasa server is started with, written per start
into the var directory (one pair per Rasa port, so test stacks do not share them).
`credentials.yml` in the repository only documents the REST contract."""

from __future__ import annotations

import json
from pathlib import Path


def write_endpoints(var_dir: Path, rasa_port: int, action_url: str) -> Path:
    """The action server and the SQLite tracker store in `var_dir`."""
    var_dir.mkdir(parents=True, exist_ok=True)
    path = var_dir / f"endpoints-{rasa_port}.yml"
    path.write_text(
        f'action_endpoint:\n  url: "{action_url}/webhook"\n'
        "tracker_store:\n  type: SQL\n  dialect: sqlite\n"
        f'  db: "{var_dir / "rasa_tracker.db"}"\n',
        encoding="utf-8",
    )
    return path


def write_credentials(
    var_dir: Path,
    rasa_port: int,
    portal_secret: str,
    telegram_token: str = "",
    telegram_secret: str = "",
    telegram_base_url: str = "",
) -> Path:
    """rest, the web widget's channel and (with a token) Telegram; readable by the owner only."""
    var_dir.mkdir(parents=True, exist_ok=True)
    credentials: dict[str, object] = {
        "rest": None,
        "bot.channels.web.WebInput": {"portal_secret": portal_secret},
    }
    if telegram_token:
        credentials["bot.channels.telegram.TelegramInput"] = {
            "token": telegram_token,
            "webhook_secret": telegram_secret,
            "base_url": telegram_base_url or None,
        }
    path = var_dir / f"credentials-{rasa_port}.yml"
    path.write_text(json.dumps(credentials, indent=1), encoding="utf-8")  # JSON is YAML
    path.chmod(0o600)  # holds the tokens
    return path
