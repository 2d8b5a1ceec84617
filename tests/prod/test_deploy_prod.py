"""The deployment files of the production shape (issue 14): instance units that restart and
give up like the single-machine ones, a target that starts two of each, and an nginx
configuration whose upstreams are exactly those instances."""

from __future__ import annotations

import configparser
import re

import pytest

from bot.launch.supervisor import Policy
from bot.run import ROOT

DEPLOY = ROOT / "deploy"


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(DEPLOY / "systemd" / name, encoding="utf-8")
    return parser


def wanted() -> list[str]:
    return unit("praktijkbot-prod.target")["Unit"]["Wants"].split()


@pytest.mark.parametrize(
    ("service", "port_variable"),
    [("rasa", "RASA_PORT"), ("actions", "ACTION_PORT"), ("dispatcher", None)],
)
def test_instance_units_restart_give_up_like_make_run_and_never_run_as_root(service, port_variable):
    u = unit(f"praktijkbot-{service}@.service")
    assert u["Service"]["ExecStart"].endswith(f"-m bot.launch.service {service}")
    assert u["Service"]["Restart"] == "always"
    assert int(u["Unit"]["StartLimitBurst"]) == Policy().max_failures
    assert int(u["Unit"]["StartLimitIntervalSec"]) == Policy().window
    assert u["Service"]["User"] == "praktijkbot"
    assert u["Service"]["EnvironmentFile"] == "/etc/praktijkbot/praktijkbot.env"
    assert u["Service"]["ReadWritePaths"] == "/opt/praktijkbot/var"  # the only volume
    if port_variable:
        assert u["Service"]["Environment"] == f"{port_variable}=%i"
    instances = [w for w in wanted() if w.startswith(f"praktijkbot-{service}@")]
    assert len(instances) >= 2


def test_nginx_balances_exactly_the_instances_the_target_starts():
    conf = (DEPLOY / "nginx" / "praktijkbot.conf").read_text(encoding="utf-8")

    def upstream(name: str) -> set[int]:
        block = re.search("upstream " + name + r" \{(.*?)\}", conf, re.S).group(1)
        return {int(port) for port in re.findall(r"server 127\.0\.0\.1:(\d+)", block)}

    def started(service: str) -> set[int]:
        return {
            int(w.split("@")[1].split(".")[0])
            for w in wanted()
            if w.startswith(f"praktijkbot-{service}@")
        }

    assert upstream("praktijkbot_rasa") == started("rasa")
    assert upstream("praktijkbot_actions") == started("actions")
    # the processes keep their default addresses: nginx listens there, on this machine only
    assert "listen 127.0.0.1:5005;" in conf and "listen 127.0.0.1:5055;" in conf
    assert "non_idempotent" not in conf  # a POST that reached an instance is never repeated


def test_the_nginx_file_is_the_template_make_run_prod_starts_nginx_with():
    """One template (bot/launch/nginx.py) for the file and the child nginx: they cannot drift."""
    from bot.launch.nginx import deploy_file

    conf = (DEPLOY / "nginx" / "praktijkbot.conf").read_text(encoding="utf-8")
    assert conf == deploy_file(), "python -m bot.launch.nginx > deploy/nginx/praktijkbot.conf"
    # a killed instance is skipped: nginx tries the other one on a refused connection or 502/503
    assert conf.count("proxy_next_upstream error timeout http_502 http_503;") == 3
    assert conf.count("max_fails=2 fail_timeout=10s;") == 4


def test_nginx_waits_longer_than_rasas_lock_on_a_conversation():
    """A message for a conversation whose instance died waits for Rasa's lock (Redis) to
    expire; nginx must not give up first (tests/prod/test_failover.py shows it)."""
    from rasa.core.lock_store import LOCK_LIFETIME

    from bot.launch.nginx import RASA_READ_TIMEOUT

    assert int(RASA_READ_TIMEOUT.rstrip("s")) > LOCK_LIFETIME


def test_the_environment_example_switches_production_on():
    example = (DEPLOY / "praktijkbot.env.example").read_text(encoding="utf-8")
    assert "PRAKTIJKBOT_PRODUCTIE=1" in example
    assert re.search(r"^REDIS_URL=redis://", example, re.M)
    assert re.search(r"^TRACKER_DB_URL=postgresql://", example, re.M)


@pytest.mark.parametrize("service", ["rasa", "actions"])
def test_separate_rasa_and_action_units_refuse_to_start_without_the_shared_action_secret(
    service, monkeypatch
):
    """Each unit would otherwise make up its own secret, and Rasa's calls would get 403."""
    from bot.launch.service import main

    for name in ("ACTION_SECRET", "RASA_TOKEN", "PORTAL_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("RASA_TOKEN", "t")
    monkeypatch.setenv("PORTAL_SECRET", "p")
    with pytest.raises(SystemExit, match="ACTION_SECRET"):
        main([service])
