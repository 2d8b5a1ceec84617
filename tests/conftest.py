import os
from pathlib import Path

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")


@pytest.fixture(autouse=True)
def project_db(tmp_path: Path, monkeypatch):
    """Every test gets its own SQLite database for the project's data."""
    url = f"sqlite:///{tmp_path / 'praktijkbot.db'}"
    monkeypatch.setenv("PRAKTIJKBOT_DB_URL", url)
    return url
