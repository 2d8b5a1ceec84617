"""Starting the whole assistant for end-to-end tests: one place for the env dance.

`SESSION` is the one real stack a test session shares: the Rasa server, the action server,
the scheduler (1 s tick), the portal and the Telegram poller, with their own database, a
local SMTP server (`stack.inbox`) and the fake Bot API (`stack.telegram`). `conftest.py`
spawns it right after collection when a selected test asks for the `stack` fixture, so the
model loads while the unit tests run; the fixture waits until it is ready. Tests keep apart
by their own conversation ids, chat ids and candidates, not by separate stacks.

`running_stack` starts a private stack, for a test that needs a configuration the shared one
cannot have (say why in that test).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import smtp_server
from fake_telegram import FakeTelegram

from bot.launch.ports import free_port
from bot.run import MODEL, ROOT, Stack
from bot.store.engine import engine

ARTIFACTS = ROOT / "var" / "test-artifacts"
SESSION_VAR = ROOT / "var" / "test-stack"  # the shared stack's databases and logs/

PROJECT_KNOWLEDGE = ROOT / "knowledge"  # what bot.knowledge.kb reads without a setting

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NO_MODEL = "Geen model: draai `make train` (make test doet dat zelf)."


@contextlib.contextmanager
def environ(settings: dict[str, str]):
    """`settings` in os.environ for the duration (child processes inherit them)."""
    saved = {k: os.environ.get(k) for k in settings}
    os.environ.update(settings)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@dataclass
class LocalStack(Stack):
    """bot.run's Stack on free ports; `env` (database, SMTP) goes to its processes only,
    also when a test restarts it, and never stays behind in the test process."""

    env: dict[str, str] = field(default_factory=dict)
    telegram: FakeTelegram | None = None
    inbox: smtp_server.Inbox | None = None

    @property
    def knowledge(self) -> Path:
        """The knowledge directory the servers read (and the dashboard writes)."""
        return Path(self.env.get("PRAKTIJKBOT_KNOWLEDGE_DIR") or PROJECT_KNOWLEDGE)

    @property
    def telegram_webhook(self) -> str:
        """Where Telegram's webhook calls arrive (the production shape: through nginx)."""
        return f"{self.rasa_url}/webhooks/telegram/webhook"

    @property
    def db(self) -> str:
        """The project database the servers write (tests read it with `session(stack.db)`)."""
        return self.env["PRAKTIJKBOT_DB_URL"]

    def spawn(self) -> None:
        """Start the action server and Rasa without waiting for them."""
        engine(self.db)  # migrated once before the servers start, not by several at once
        with environ(self.env):
            self.start_actions()
            self.start_rasa()

    def finish(self) -> LocalStack:
        """Wait for the model, then start the scheduler, the portal and Telegram."""
        try:
            with environ(self.env):
                self.wait_ready()
                self.start_dispatcher()
                self.start_portal()
                self.start_telegram()
                self.wait_portal()
        except Exception:
            self.stop()
            raise
        return self

    def start(self) -> LocalStack:
        self.spawn()
        return self.finish()


def local_stack(var: Path, env: dict[str, str] | None = None, **kwargs) -> LocalStack:
    settings = {"PRAKTIJKBOT_DB_URL": f"sqlite:///{var / 'praktijkbot.db'}", **(env or {})}
    return LocalStack(
        rasa_port=free_port(),
        action_port=free_port(),
        portal_port=free_port(),
        var_dir=var,
        log_dir=var / "logs",
        tick_seconds=1.0,
        env=settings,
        **kwargs,
    )


@contextlib.contextmanager
def running_stack(var: Path, env: dict[str, str] | None = None, **kwargs):
    """A private stack (Rasa, actions, scheduler with a 1 s tick, portal) with its own
    database in `var`; `env` is set for the test process and the servers. It loads the model
    again (about 20 s): prefer the session's `stack` fixture."""
    if not MODEL.exists():
        pytest.fail(NO_MODEL)
    stack = local_stack(var, env, **kwargs)
    with environ(stack.env):
        stack.start()
        try:
            yield stack
        finally:
            stack.stop()


class SessionStack:
    """The stack the whole test session shares; spawned once, stopped at the end.
    (tests/prod_stack.py's ProdSession is the same for the production shape.)"""

    VAR = SESSION_VAR
    WHAT = "De teststack"

    def __init__(self) -> None:
        self.stack = None
        self.ready = False
        self.error: str | None = None
        self._smtp = None

    def spawn(self) -> None:
        if self.stack is not None or not MODEL.exists():
            return  # without a model the `stack` fixture fails each test that needs it
        shutil.rmtree(SESSION_VAR, ignore_errors=True)
        SESSION_VAR.mkdir(parents=True)
        telegram = FakeTelegram().start()
        self._smtp, inbox = smtp_server.start()
        smtp = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(self._smtp.port)}
        # A copy of the knowledge: a test that changes it in the dashboard (curators) never
        # changes the project's files.
        knowledge = SESSION_VAR / "knowledge"
        shutil.copytree(PROJECT_KNOWLEDGE, knowledge)
        self.stack = local_stack(
            SESSION_VAR,
            {**smtp, "PRAKTIJKBOT_KNOWLEDGE_DIR": str(knowledge)},
            telegram_token=telegram.token,
            telegram_base_url=telegram.base_url,
            telegram=telegram,
            inbox=inbox,
        )
        self.stack.spawn()

    def get(self):
        """The running stack; waits for it the first time."""
        if not MODEL.exists():
            pytest.fail(NO_MODEL)
        if not self.ready:
            self._start(retries=1)
        return self.stack

    def _start(self, retries: int) -> None:
        if not self.error:
            self.spawn()
        if self.error:
            pytest.fail(self.error)
        try:
            self.stack.finish()
        except (RuntimeError, TimeoutError) as exc:
            failure = f"{self.WHAT} start niet ({exc}); zie {self.VAR / 'logs'}"
            self.stop()
            if not retries:
                self.error = failure
                pytest.fail(failure)
            RETRIED.append(failure)  # once more, on new ports; the session's summary says why
            self._start(retries - 1)
            return
        self.ready = True

    def stop(self) -> None:
        if self.stack is not None:
            self.stack.stop()
        if self._smtp is not None:
            self._smtp.stop()
        self.stack, self.ready, self._smtp = None, False, None


SESSION = SessionStack()
RETRIED: list[str] = []  # why a session's stack started only at its second attempt


@contextlib.contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Chromium ontbreekt: `make test` installeert het (als root) of apt-get install chromium"
        )
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


def wait_for(predicate, timeout: float = 30.0, every: float = 0.3):
    """The first truthy value of `predicate` within `timeout` seconds (else its last value)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    return predicate()
