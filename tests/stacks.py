"""Starting the whole assistant for end-to-end tests: one place for the env dance."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

from bot.launch.ports import free_port
from bot.run import MODEL, ROOT, Stack
from bot.store.engine import engine

ARTIFACTS = ROOT / "var" / "test-artifacts"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextlib.contextmanager
def running_stack(var: Path, env: dict[str, str] | None = None, **kwargs):
    """Rasa, actions, scheduler (1 s tick) and portal on free ports, with their own
    database in `var`; `env` is set for the test process and the servers."""
    if not MODEL.exists():
        pytest.fail("Geen model: draai `make train` (make test doet dat zelf).")
    settings = {"PRAKTIJKBOT_DB_URL": f"sqlite:///{var / 'praktijkbot.db'}", **(env or {})}
    saved = {k: os.environ.get(k) for k in settings}
    os.environ.update(settings)
    stack = Stack(
        rasa_port=free_port(),
        action_port=free_port(),
        portal_port=free_port(),
        var_dir=var,
        log_dir=var / "logs",
        tick_seconds=1.0,
        **kwargs,
    )
    stack.db = settings["PRAKTIJKBOT_DB_URL"]
    engine(stack.db)  # migrated once before the servers start, not by several at once
    stack.start()
    try:
        yield stack
    finally:
        stack.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextlib.contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium ontbreekt: apt-get install chromium (.ci/run doet dat).")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def shot(page, name: str) -> None:
    """A full-page screenshot kept as a test artifact (var/test-artifacts/)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
