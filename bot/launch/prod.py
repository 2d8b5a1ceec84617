"""The production shape on one machine (issue 14): N Rasa instances and N action servers,
each on its own free port on 127.0.0.1, behind nginx (Debian's package, a child process with
a configuration generated into the var directory: bot.launch.nginx), sharing PostgreSQL (the
project data and Rasa's SQL tracker store) and Redis (Rasa's lock store); two schedulers,
the portal and (with a token) the Telegram poller. `make run-prod` (bot.launch.run_prod)
starts it; the tests and the benchmark use `ProdStack`.

Every process is started with the very command `make run` uses (bot.run.Stack); a `Piece`
only names it per instance and gives it the shared services and secrets. The supervisor of
`make run` (bot.launch.supervisor) restarts a process that stops or hangs.

Addresses: `rasa_url` is nginx in front of the Rasa instances (HTTP API, REST channel, web
channel); `portal_url` is nginx's public server: the portal, and the Telegram webhook
(`/webhooks/telegram/`) to the Rasa instances. The schedulers, the portal and the poller
reach Rasa through nginx, and the Rasa instances their action servers too; the Telegram
poller hands its updates to the public server's webhook location, as Telegram would.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, inspect

from bot.launch.nginx import Balancer, child_config
from bot.launch.ports import free_port, http_status, wait_http
from bot.launch.rasa_files import write_endpoints
from bot.launch.supervisor import Policy, Supervisor, Watcher, http_probe, why_stopped
from bot.rasa_client import RasaClient
from bot.run import MODEL, ROOT, Stack, _env
from bot.store.migrate import upgrade

NGINX = "/usr/sbin/nginx"
NGINX_USER = "www-data"  # Debian's nginx workers, when nginx is started as root


@dataclass
class Piece(Stack):
    """bot.run.Stack for one process (or one instance) of the production shape: its process
    is called `<kind>-<instance>`, its databases and Redis are the given ones, and `extra`
    goes into its environment (the production switch)."""

    instance: str = ""
    database: str = ""
    trackers: str = ""
    redis: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def db_url(self) -> str:
        return self.database

    @property
    def tracker_db_url(self) -> str:
        return self.trackers

    def write_endpoints(self) -> Path:
        action = (self.var_dir, self.rasa_port, self.action_url, self.action_secret)
        return write_endpoints(*action, self.trackers, self.redis)

    def _spawn(self, name: str, args: list[str], env: dict[str, str]):
        named = f"{name}-{self.instance}" if self.instance else name
        return super()._spawn(named, args, {**env, **self.extra})


@dataclass
class ProdStack:
    """The production shape as child processes; `start()`, `stop()`.

    `rasa_port`, `action_port`, `public_port`: where nginx listens (0: a free port).
    `kill_instance(i)` kills Rasa instance i (0-based, as in `instance_pids()`) with SIGKILL;
    the supervisor starts it again, `wait_instance_ready(i)` waits until it has its model."""

    instances: int = 2
    var_dir: Path = ROOT / "var" / "prod"
    db_url: str = ""
    tracker_db_url: str = ""
    redis_url: str = ""
    dispatchers: int = 2
    rasa_port: int = 0
    action_port: int = 0
    public_port: int = 0
    tick_seconds: float = 5.0
    model: Path = MODEL
    token: str = ""
    rest_token: str = ""
    portal_secret: str = ""
    action_secret: str = ""
    telegram_token: str = ""
    telegram_base_url: str = ""
    telegram_secret: str = ""
    telegram_webhook_url: str = ""
    env: dict[str, str] = field(default_factory=dict)  # more settings for every process
    policy: Policy = field(default_factory=Policy)
    log_dir: Path | None = None
    nginx: str = NGINX

    def __post_init__(self) -> None:
        if not (self.db_url and self.tracker_db_url and self.redis_url):
            raise ValueError("ProdStack wants db_url, tracker_db_url and redis_url")
        self.log_dir = self.log_dir or self.var_dir / "logs"
        self.rasa_port = self.rasa_port or free_port()
        self.action_port = self.action_port or free_port()
        self.public_port = self.public_port or free_port()
        self.portal_port = free_port()  # the portal itself; outside reaches it through nginx
        self.rasa_ports = [free_port() for _ in range(self.instances)]
        self.action_ports = [free_port() for _ in range(self.instances)]
        for name in ("token", "rest_token", "portal_secret", "action_secret"):
            setattr(self, name, getattr(self, name) or secrets.token_urlsafe(24))
        if self.telegram_token:
            self.telegram_secret = self.telegram_secret or secrets.token_urlsafe(24)
        self.base = self.piece("", log_dir=self.log_dir)
        self.watcher: Watcher | None = None

    # addresses
    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.action_port}"

    @property
    def portal_url(self) -> str:
        return f"http://127.0.0.1:{self.public_port}"

    @property
    def telegram_webhook(self) -> str:
        """Where Telegram's updates arrive: nginx's public server, to a Rasa instance."""
        return f"{self.portal_url}/webhooks/telegram/webhook"

    def instance_url(self, i: int) -> str:
        """Rasa instance i itself, not through nginx."""
        return f"http://127.0.0.1:{self.rasa_ports[i]}"

    @property
    def children(self) -> dict[str, subprocess.Popen]:
        return self.base.children

    @property
    def production_env(self) -> dict[str, str]:
        """The production switch and its services, for every process."""
        return {
            **self.env,
            "PRAKTIJKBOT_PRODUCTIE": "1",
            "PRAKTIJKBOT_DB_URL": self.db_url,
            "TRACKER_DB_URL": self.tracker_db_url,
            "REDIS_URL": self.redis_url,
            "PORTAL_TRUSTED_PROXIES": "127.0.0.1",  # nginx, in front of the portal
        }

    def piece(self, instance: str, **kwargs: object) -> Piece:
        """A Stack that shares this one's processes, secrets and services."""
        shared = {
            "var_dir": self.var_dir,
            "model": self.model,
            "token": self.token,
            "rest_token": self.rest_token,
            "portal_secret": self.portal_secret,
            "action_secret": self.action_secret,
            "telegram_token": self.telegram_token,
            "telegram_base_url": self.telegram_base_url,
            "telegram_secret": self.telegram_secret,
            "tick_seconds": self.tick_seconds,
            "database": self.db_url,
            "trackers": self.tracker_db_url,
            "redis": self.redis_url,
            "extra": self.production_env,
            "rasa_port": self.rasa_port,  # nginx, unless the piece is a Rasa instance
            "action_port": self.action_port,
            "portal_port": self.portal_port,
        }
        if hasattr(self, "base"):
            shared.update(children=self.base.children, commands=self.base.commands)
            shared["log_dir"] = self.log_dir
        return Piece(instance=instance, **{**shared, **kwargs})

    # starting
    def start_nginx(self) -> None:
        balancer = Balancer(
            self.rasa_port,
            self.action_port,
            tuple(self.rasa_ports),
            tuple(self.action_ports),
            self.portal_port,
            f"    listen 127.0.0.1:{self.public_port};",
            str(self.log_dir / "nginx-error.log"),
        )
        prefix = self.var_dir / "nginx"
        user = NGINX_USER if os.geteuid() == 0 else ""
        config = prefix / "nginx.conf"
        prefix.mkdir(parents=True, exist_ok=True)
        config.write_text(child_config(balancer, prefix, self.log_dir, user), encoding="utf-8")
        if user:  # the workers write request bodies there
            entry = pwd.getpwnam(user)
            for temp in (prefix / "tmp").iterdir():
                os.chown(temp, entry.pw_uid, entry.pw_gid)
        binary = shutil.which(self.nginx) or self.nginx
        if not Path(binary).exists():
            raise RuntimeError("nginx ontbreekt: apt-get install nginx (scripts/need_services.sh)")
        error_log = str(self.log_dir / "nginx-error.log")
        args = [binary, "-e", error_log, "-p", str(prefix), "-c", str(config)]
        self.base.commands["nginx"] = (args, _env({}))
        self.base.respawn("nginx")

    def _tracker_tables(self) -> bool:
        engine = create_engine(self.tracker_db_url, future=True)
        try:
            return inspect(engine).has_table("events")
        finally:
            engine.dispose()

    def start_instances(self) -> None:
        """The action servers, then the Rasa instances. Rasa makes its tracker tables when
        they are missing; two instances doing that at once on PostgreSQL can collide, so on
        a fresh database the others start once the first one has made them."""
        for i, port in enumerate(self.action_ports):
            self.piece(str(i), action_port=port).start_actions()
        for i, port in enumerate(self.rasa_ports):
            # its CORS admits the portal's public origin: nginx's public server
            self.piece(str(i), rasa_port=port, portal_port=self.public_port).start_rasa()
            deadline = time.monotonic() + 120
            while i == 0 and not self._tracker_tables():
                self._check_alive("Rasa")
                if time.monotonic() > deadline:
                    raise TimeoutError("Rasa maakt zijn tabellen niet in TRACKER_DB_URL")
                time.sleep(0.5)

    def _check_alive(self, what: str) -> None:
        for name, proc in self.children.items():
            if proc.poll() is not None:
                why = why_stopped(name, proc, self.base.log_file(name))
                raise RuntimeError(f"Een proces stopte bij het opstarten ({what}): {why}")

    def wait_ready(self, timeout: float = 240.0) -> None:
        """Every Rasa instance has its model, every action server answers."""
        for i in range(self.instances):
            self.wait_instance_ready(i, timeout, check_children=True)
        for port in self.action_ports:
            if http_status(f"http://127.0.0.1:{port}/health") != 200:
                raise RuntimeError(f"actieserver op poort {port} antwoordt niet")

    def wait_instance_ready(
        self, i: int, timeout: float = 240.0, check_children: bool = False
    ) -> None:
        """Rasa instance i answers and has loaded its model (after a restart too)."""
        rasa = RasaClient(self.instance_url(i), self.token, timeout=2.0)
        deadline = time.monotonic() + timeout
        while not rasa.model_loaded():
            if check_children:
                self._check_alive("Rasa")
            if self.watcher is not None and self.watcher.gave_up is not None:
                raise RuntimeError(str(self.watcher.gave_up))
            if time.monotonic() > deadline:
                raise TimeoutError(f"Rasa-instantie {i} heeft haar model niet binnen {timeout} s")
            time.sleep(0.5)

    def wait_portal(self, timeout: float = 60.0) -> None:
        wait_http(f"{self.portal_url}/health", timeout, "Het portaal antwoordt niet achter nginx")

    def spawn(self) -> None:
        """Start nginx, the action servers and the Rasa instances without waiting for the
        models (the tests do this early; `finish()` waits)."""
        upgrade(self.db_url)  # once, before processes that would each migrate at the same time
        self.var_dir.mkdir(parents=True, exist_ok=True)
        self.start_nginx()
        self.start_instances()

    def finish(self) -> ProdStack:
        """Wait for the models, then start the schedulers, the portal and Telegram, and
        supervise everything."""
        self.wait_ready()
        for k in range(self.dispatchers):
            self.piece(str(k)).start_dispatcher()
        self.piece("").start_portal()
        # The poller hands each update to nginx's public server, as Telegram's webhook would.
        telegram = self.piece("", rasa_port=self.public_port)
        telegram.telegram_webhook_url = self.telegram_webhook_url
        telegram.start_telegram()
        self.wait_portal()
        self.watcher = Watcher(self.supervisor()).start()
        return self

    def start(self) -> ProdStack:
        try:
            self.spawn()
            return self.finish()
        except BaseException:  # also Ctrl-C while starting: leave no process behind
            self.stop()
            raise

    def supervisor(self) -> Supervisor:
        """Restarts what stops or hangs, like `make run`; servers probed on their health URL."""
        urls = {f"rasa-{i}": f"{self.instance_url(i)}/" for i in range(self.instances)}
        for i, port in enumerate(self.action_ports):
            urls[f"actions-{i}"] = f"http://127.0.0.1:{port}/health"
        urls["portal"] = f"http://127.0.0.1:{self.portal_port}/health"
        probes = {name: http_probe(url) for name, url in urls.items()}
        return Supervisor(self.children, self.base.respawn, probes, self.policy)

    # for the failure tests and the benchmark
    def instance_pids(self) -> list[int]:
        return [self.children[f"rasa-{i}"].pid for i in range(self.instances)]

    def kill_instance(self, i: int) -> None:
        """`kill -9` Rasa instance i; the supervisor starts it again."""
        proc = self.children[f"rasa-{i}"]
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()

    def stop(self) -> None:
        """Stops every process (the supervisor first); nothing is left running."""
        self.base.watcher, self.watcher = self.watcher, None
        self.base.stop()
