"""The production shape for the tests (issue 14): `PROD` is one bot.launch.prod.ProdStack a
test session shares, with two Rasa instances and two action servers behind nginx, two
schedulers (1 s tick), the portal behind nginx and the Telegram poller (whose webhook calls go
through nginx), on the session's PostgreSQL and Redis (tests/services.py), with its own
SMTP inbox and fake Bot API. The e2e tests marked `both_shapes` run on it and on the SQLite
stack (conftest.py parametrises their `stack`); tests/prod/ uses it as the `prod` fixture.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import smtp_server
from fake_telegram import FakeTelegram
from services import SERVERS
from stacks import NO_MODEL, PROJECT_KNOWLEDGE

from bot.launch.prod import ProdStack
from bot.run import MODEL, ROOT

PROD_VAR = ROOT / "var" / "test-prod"


@dataclass
class LocalProdStack(ProdStack):
    """ProdStack with what the e2e tests ask of a stack (tests/stacks.py's LocalStack)."""

    telegram: FakeTelegram | None = None
    inbox: smtp_server.Inbox | None = None

    @property
    def db(self) -> str:
        return self.db_url

    @property
    def knowledge(self) -> Path:
        return Path(self.env.get("PRAKTIJKBOT_KNOWLEDGE_DIR") or PROJECT_KNOWLEDGE)


class ProdSession:
    """Spawned once (the models load while other tests run), stopped at the end."""

    def __init__(self) -> None:
        self.stack: LocalProdStack | None = None
        self.ready = False
        self.error: str | None = None
        self._smtp = None

    def spawn(self) -> None:
        if self.stack is not None or self.error or not MODEL.exists():
            return
        shutil.rmtree(PROD_VAR, ignore_errors=True)
        PROD_VAR.mkdir(parents=True)
        postgres, redis = SERVERS.postgres(), SERVERS.redis()
        telegram = FakeTelegram().start()
        self._smtp, inbox = smtp_server.start()
        knowledge = PROD_VAR / "knowledge"
        shutil.copytree(PROJECT_KNOWLEDGE, knowledge)
        env = {
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(self._smtp.port),
            "PRAKTIJKBOT_KNOWLEDGE_DIR": str(knowledge),
        }
        self.stack = LocalProdStack(
            instances=2,
            var_dir=PROD_VAR,
            db_url=postgres.database("prod"),
            tracker_db_url=postgres.database("prodtracker"),
            redis_url=redis.url,
            tick_seconds=1.0,
            telegram_token=telegram.token,
            telegram_base_url=telegram.base_url,
            env=env,
            telegram=telegram,
            inbox=inbox,
        )
        try:
            self.stack.spawn()
        except Exception as exc:  # noqa: BLE001 - each test that needs it fails with this
            self.error = f"De productieopzet start niet ({exc}); zie {PROD_VAR / 'logs'}"
            self.stack.stop()

    def get(self) -> LocalProdStack:
        if not MODEL.exists():
            pytest.fail(NO_MODEL)
        self.spawn()
        if self.error:
            pytest.fail(self.error)
        if not self.ready:
            try:
                self.stack.finish()
            except (RuntimeError, TimeoutError) as exc:
                self.error = f"De productieopzet start niet ({exc}); zie {PROD_VAR / 'logs'}"
                self.stack.stop()
                pytest.fail(self.error)
            self.ready = True
        return self.stack

    def stop(self) -> None:
        if self.stack is not None:
            self.stack.stop()
        if self._smtp is not None:
            self._smtp.stop()
        self.stack, self.ready, self._smtp = None, False, None


PROD = ProdSession()
