"""Ctrl-C while `make run` is still starting leaves no process behind."""

import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from bot.launch.ports import free_port
from bot.run import MODEL, ROOT

pytestmark = pytest.mark.server


def _open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_ctrl_c_while_starting_stops_every_process(tmp_path):
    if not MODEL.exists():
        pytest.fail("Geen model: draai `make train`.")
    ports = {"RASA_PORT": free_port(), "ACTION_PORT": free_port(), "PORTAL_PORT": free_port()}
    env = {
        **os.environ,
        **{k: str(v) for k, v in ports.items()},
        "PRAKTIJKBOT_DB_URL": f"sqlite:///{tmp_path / 'p.db'}",
        "TRACKER_DB_URL": f"sqlite:///{tmp_path / 't.db'}",
        "TELEGRAM_TOKEN": "",
    }
    run = subprocess.Popen(
        [sys.executable, "-m", "bot.run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        # as from a terminal: a run started in the background (nohup, `cmd &`) inherits an
        # ignored SIGINT, and Ctrl-C would never reach it
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 120
    while not _open(ports["ACTION_PORT"]) and time.monotonic() < deadline:
        time.sleep(0.3)
    assert _open(ports["ACTION_PORT"]), "de actieserver startte niet"
    run.send_signal(signal.SIGINT)  # Rasa is still loading its model
    assert run.wait(timeout=60) == 130
    time.sleep(1)
    assert [name for name, port in ports.items() if _open(port)] == []
    assert "Gestopt." in run.stdout.read()
