"""Starts the whole assistant and supervises it: the action server, the Rasa server, the
scheduler, the portal and (with a token) the Telegram poller; stops them cleanly.

`python -m bot.run` (make run) or `python -m bot.run --shell` (make shell).
Tests use `Stack` to start the same processes on free ports. The settings come from
bot.settings; ports, probes and the Rasa files from bot.launch.
"""

from __future__ import annotations

import argparse
import logging
import os
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bot import settings
from bot.launch.banner import running
from bot.launch.ports import connect_host, http_status, portal_origins, wait_http
from bot.launch.rasa_files import write_credentials, write_endpoints
from bot.launch.rasa_server import command as rasa_command
from bot.launch.shell import run_shell
from bot.launch.supervisor import (
    GaveUp,
    Policy,
    Supervisor,
    Watcher,
    http_probe,
    kill_hard,
    spawn,
    why_stopped,
)
from bot.portal.auth import ensure_admin
from bot.rasa_client import RasaClient
from bot.store.engine import session
from bot.store.migrate import upgrade

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "praktijkbot.tar.gz"
# The portal is the public surface: its own environment, with a current aiohttp and no Rasa
# (Rasa pins an aiohttp with known advisories). `make install` creates it.
PORTAL_PYTHON = ROOT / ".venv-portal" / "bin" / "python"


def _env(extra: dict[str, str]) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "RASA_TELEMETRY_ENABLED": "false",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "PYTHONWARNINGS": "ignore",
        }
    )
    env.update(extra)
    return env


@dataclass
class Stack:
    """The assistant's processes as children: started, supervised (restarted when one stops
    or hangs, bot.launch.supervisor) and stopped. `foreground` runs one of them in place of
    this process instead (bot.launch.service, for systemd)."""

    rasa_port: int = 5005
    action_port: int = 5055
    rasa_host: str = "127.0.0.1"
    action_host: str = "127.0.0.1"
    action_secret: str = ""
    rest_channel: bool = True
    rest_token: str = ""
    var_dir: Path = ROOT / "var"
    model: Path = MODEL
    token: str = ""
    log_dir: Path | None = None
    tick_seconds: float = 5.0
    portal_port: int = 8080
    portal_secret: str = ""
    telegram_token: str = ""
    telegram_base_url: str = ""
    telegram_secret: str = ""
    telegram_webhook_url: str = ""
    children: dict[str, subprocess.Popen] = field(default_factory=dict)
    commands: dict[str, tuple[list[str], dict[str, str]]] = field(default_factory=dict)
    foreground: bool = False
    policy: Policy = field(default_factory=Policy)
    watcher: Watcher | None = None

    @classmethod
    def from_settings(cls, config: settings.Settings, **kwargs: object) -> Stack:
        """The stack `make run` starts: ports, token and Telegram from the settings."""
        return cls(
            rasa_port=config.rasa_port,
            action_port=config.action_port,
            rasa_host=config.rasa_host,
            action_host=config.action_host,
            action_secret=config.action_secret,
            rest_channel=config.rest_channel,
            rest_token=config.rest_token,
            token=config.rasa_token,
            tick_seconds=config.tick_seconds,
            portal_port=config.portal_port,
            telegram_token=config.telegram_token,
            telegram_base_url=config.telegram_base_url,
            telegram_secret=config.telegram_webhook_secret,
            telegram_webhook_url=config.telegram_webhook_url,
            **kwargs,
        )

    @property
    def rasa_url(self) -> str:
        return f"http://{connect_host(self.rasa_host)}:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://{connect_host(self.action_host)}:{self.action_port}"

    def write_endpoints(self) -> Path:
        """Makes the action server's secret when none was given."""
        self.action_secret = self.action_secret or secrets.token_urlsafe(24)
        action = (self.var_dir, self.rasa_port, self.action_url, self.action_secret)
        return write_endpoints(*action, self.tracker_db_url, settings.current().redis_url)

    @property
    def procs(self) -> list[subprocess.Popen]:
        return list(self.children.values())

    def _spawn(self, name: str, args: list[str], env: dict[str, str]) -> subprocess.Popen:
        if self.foreground:
            os.chdir(ROOT)
            os.execve(args[0], args, env)
        self.commands[name] = (args, env)
        return self.respawn(name)

    def respawn(self, name: str) -> subprocess.Popen:
        """(Re)start `name` with the command it was first started with."""
        self.children[name] = spawn(*self.commands[name], ROOT, self.log_file(name))
        return self.children[name]

    def log_file(self, name: str) -> Path | None:
        return self.log_dir / f"{name}.log" if self.log_dir is not None else None

    def supervisor(self) -> Supervisor:
        """Restarts what stops or hangs; the HTTP servers are probed on their health URL."""
        urls = {"actions": f"{self.action_url}/health", "rasa": f"{self.rasa_url}/"}
        urls["portal"] = f"{self.portal_url}/health"
        probes = {name: http_probe(url) for name, url in urls.items() if name in self.children}
        return Supervisor(self.children, self.respawn, probes, self.policy)

    def supervise_in_background(self) -> None:
        """The tests' stacks heal themselves like `make run` (until `stop()`)."""
        self.watcher = Watcher(self.supervisor()).start()

    @property
    def portal_url(self) -> str:
        return f"http://127.0.0.1:{self.portal_port}"

    @property
    def telegram_polling(self) -> bool:
        return bool(self.telegram_token) and not self.telegram_webhook_url

    def write_credentials(self) -> Path:
        """Makes the portal's, REST's and Telegram's secrets when none were given."""
        self.portal_secret = self.portal_secret or secrets.token_urlsafe(24)
        if self.rest_channel:
            self.rest_token = self.rest_token or secrets.token_urlsafe(24)
        if self.telegram_token:
            self.telegram_secret = self.telegram_secret or secrets.token_urlsafe(24)
        return write_credentials(
            self.var_dir,
            self.rasa_port,
            self.portal_secret,
            self.rest_token if self.rest_channel else "",
            self.telegram_token,
            self.telegram_secret,
            self.telegram_base_url,
        )

    @property
    def db_url(self) -> str:
        return settings.current().db_url or f"sqlite:///{self.var_dir / 'praktijkbot.db'}"

    @property
    def tracker_db_url(self) -> str:
        return settings.current().tracker_db_url or f"sqlite:///{self.var_dir / 'rasa_tracker.db'}"

    def start_actions(self) -> None:
        # The actions queue jobcoach notifications, per channel that is configured.
        self.action_secret = self.action_secret or secrets.token_urlsafe(24)
        env = _env(
            {
                "PRAKTIJKBOT_DB_URL": self.db_url,
                "TELEGRAM_TOKEN": self.telegram_token,
                "TELEGRAM_BASE_URL": self.telegram_base_url,
                "ACTION_HOST": self.action_host,
                "ACTION_PORT": str(self.action_port),
                "ACTION_SECRET": self.action_secret,
            }
        )
        # rasa_sdk directly: `rasa run actions` would import TensorFlow for nothing.
        self._spawn("actions", [sys.executable, "-m", "bot.launch.action_server"], env)

    def start_rasa(self) -> None:
        self.token = self.token or secrets.token_urlsafe(24)
        args = rasa_command(
            self.model,
            self.write_endpoints(),
            self.write_credentials(),
            (self.rasa_host, self.rasa_port),
            self.token,
            portal_origins(self.portal_port, settings.current().portal_public_url),
        )
        # The secrets it has from its files, so that its logs can hide them (bot.launch.logs).
        secrets_known = {
            "RASA_TOKEN": self.token,
            "PORTAL_SECRET": self.portal_secret,
            "REST_TOKEN": self.rest_token,
            "ACTION_SECRET": self.action_secret,
            "TELEGRAM_TOKEN": self.telegram_token,
            "TELEGRAM_WEBHOOK_SECRET": self.telegram_secret,
        }
        self._spawn("rasa", args, _env({"PRAKTIJKBOT_DB_URL": self.db_url, **secrets_known}))

    def start_dispatcher(self) -> None:
        """The check-in scheduler; needs the Rasa token, so start Rasa first."""
        env = _env(
            {
                "PRAKTIJKBOT_DB_URL": self.db_url,
                "TRACKER_DB_URL": self.tracker_db_url,
                "RASA_URL": self.rasa_url,
                "RASA_TOKEN": self.token,
                "PRAKTIJKBOT_TICK_SECONDS": str(self.tick_seconds),
                "TELEGRAM_TOKEN": self.telegram_token,
                "TELEGRAM_BASE_URL": self.telegram_base_url,
            }
        )
        self._spawn("dispatcher", [sys.executable, "-m", "bot.candidates.dispatcher"], env)

    def start_portal(self) -> None:
        env = _env(
            {
                "PRAKTIJKBOT_DB_URL": self.db_url,
                "RASA_URL": self.rasa_url,
                "PORTAL_SECRET": self.portal_secret,
                "PORTAL_PORT": str(self.portal_port),
                "RASA_TOKEN": self.token,
                "TELEGRAM_TOKEN": self.telegram_token,
                "TELEGRAM_BASE_URL": self.telegram_base_url,
            }
        )
        if not PORTAL_PYTHON.exists():
            raise RuntimeError("het portaal heeft zijn eigen omgeving nodig: make install")
        self._spawn("portal", [str(PORTAL_PYTHON), "-m", "bot.portal"], env)

    def start_telegram(self) -> None:
        """Polling without a public URL; with TELEGRAM_WEBHOOK_URL register the webhook."""
        if not self.telegram_token:
            return
        env = _env(
            {
                "TELEGRAM_TOKEN": self.telegram_token,
                "TELEGRAM_BASE_URL": self.telegram_base_url,
                "TELEGRAM_WEBHOOK_SECRET": self.telegram_secret,
                "RASA_URL": self.rasa_url,
            }
        )
        args = [sys.executable, "-m", "bot.channels.telegram_poller"]
        if self.telegram_webhook_url:
            subprocess.run([*args, "--set-webhook", self.telegram_webhook_url], env=env, check=True)
            return
        self._spawn("telegram", args, env)

    def wait_ready(self, timeout: float = 180.0) -> None:
        deadline = time.monotonic() + timeout
        checks = {"actieserver": f"{self.action_url}/health", "Rasa": f"{self.rasa_url}/"}
        while checks:
            for name, url in list(checks.items()):
                if http_status(url) == 200:
                    del checks[name]
            for name, proc in self.children.items():
                if proc.poll() is not None:
                    why = why_stopped(name, proc, self.log_file(name))
                    raise RuntimeError(f"Een proces stopte bij het opstarten: {why}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"Niet klaar binnen {timeout:.0f} s: {', '.join(checks)}")
            time.sleep(0.5)
        # Rasa answers on / before the model is loaded; wait for the model too.
        rasa = RasaClient(self.rasa_url, self.token, timeout=2.0)
        while not rasa.model_loaded():
            if time.monotonic() > deadline:
                raise TimeoutError("Rasa heeft het model niet geladen")
            time.sleep(0.5)

    def wait_portal(self, timeout: float = 30.0) -> None:
        wait_http(f"{self.portal_url}/health", timeout, "Het portaal start niet")

    def start(self) -> Stack:
        upgrade(self.db_url)  # once, before processes that would each migrate at the same time
        try:
            self.start_actions()
            self.start_rasa()
            self.wait_ready()
            self.start_dispatcher()
            self.start_portal()
            self.start_telegram()
            self.wait_portal()
        except BaseException:  # also Ctrl-C while starting: leave no process behind
            self.stop()
            raise
        return self

    def stop(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None
        for proc in reversed(self.procs):
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
        for proc in reversed(self.procs):
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                kill_hard(proc)
        self.children.clear()


def main() -> int:
    config = settings.load_or_exit()
    parser = argparse.ArgumentParser(description="Start praktijkbot")
    parser.add_argument("--shell", action="store_true", help="chat in de terminal")
    parser.add_argument(
        "--admin-password",
        default=config.admin_password or None,
        help="wachtwoord voor de eerste beheerder (anders wordt er een gemaakt en getoond)",
    )
    args = parser.parse_args()
    if not MODEL.exists():
        print("Geen getraind model gevonden. Gebruik: make run (traint eerst).", file=sys.stderr)
        return 1
    stack = Stack.from_settings(config, log_dir=ROOT / "var" / "logs")
    print("praktijkbot start op (dit duurt ongeveer een halve minuut)...", flush=True)
    if args.shell:
        return run_shell(stack)
    try:
        with session() as s:
            generated = ensure_admin(s, args.admin_password)
            s.commit()
    except ValueError as exc:
        print(f"Beheerder aanmaken mislukt: {exc}", file=sys.stderr)
        return 1
    if generated:
        print(
            "Eerste beheerder voor het dashboard: gebruiker 'beheerder', wachtwoord: "
            f"{generated}\n(wordt niet nog eens getoond; bewaar het nu)",
            flush=True,
        )
    try:
        stack.start()
    except (RuntimeError, TimeoutError) as exc:
        print(f"Starten mislukt: {exc}. Zie var/logs/ voor details.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl-C while starting: start() has stopped what it started
        print("Gestopt.", flush=True)
        return 130
    print(running(stack), flush=True)
    stopping = False

    def _stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    supervisor, code = stack.supervisor(), 0
    try:
        while not stopping:
            supervisor.poll()
            time.sleep(0.5)
    except GaveUp as exc:
        print(str(exc), file=sys.stderr)
        code = 1
    finally:
        stack.stop()
        print("praktijkbot is gestopt.")
    return code


if __name__ == "__main__":
    sys.exit(main())
