"""The service definitions for production (deploy/systemd) match what `make run` starts:
one unit per process of bot.launch.service, each restarted when it stops, giving up after
the same 5 failures in 5 minutes, and a health check that restarts what hangs."""

from __future__ import annotations

import configparser
import shutil
import subprocess

import pytest

from bot.launch.service import SERVICES
from bot.launch.supervisor import Policy
from bot.run import ROOT

UNITS = ROOT / "deploy" / "systemd"


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(UNITS / name, encoding="utf-8")
    return parser


@pytest.mark.parametrize("service", SERVICES)
def test_every_process_has_a_unit_that_restarts_it_and_gives_up_like_make_run(service):
    u = unit(f"praktijkbot-{service}.service")
    assert u["Service"]["ExecStart"].endswith(f"-m bot.launch.service {service}")
    assert u["Service"]["Restart"] in ("always", "on-failure")
    policy = Policy()
    assert int(u["Unit"]["StartLimitBurst"]) == policy.max_failures
    assert int(u["Unit"]["StartLimitIntervalSec"]) == policy.window
    assert u["Service"]["EnvironmentFile"] == "/etc/praktijkbot/praktijkbot.env"
    assert u["Service"]["User"] == "praktijkbot"  # never root


def test_the_health_timer_restarts_what_hangs_and_the_target_starts_everything():
    assert "health --restart" in unit("praktijkbot-health.service")["Service"]["ExecStart"]
    assert unit("praktijkbot-health.timer")["Timer"]["OnUnitActiveSec"] == "1min"
    wants = unit("praktijkbot.target")["Unit"]["Wants"].split()
    assert len(SERVICES) >= 5
    for service in SERVICES:
        if service != "telegram":  # polling only: enabled on purpose (docs/deploy.md)
            assert f"praktijkbot-{service}.service" in wants
    assert "praktijkbot-health.timer" in wants


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze ontbreekt")
def test_systemd_reads_the_units_without_complaint():
    units = sorted(str(p) for p in UNITS.iterdir())
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *units], capture_output=True, text=True
    )
    complaints = [
        line
        for line in result.stderr.splitlines()
        if "is not executable" not in line  # /opt/praktijkbot exists only on the server
    ]
    assert complaints == []
