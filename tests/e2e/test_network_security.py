"""Nothing open that need not be (issue 11, part 1), against the real running stack.

- Rasa, the action server and the portal listen on 127.0.0.1 only: the kernel's table of
  listening sockets says so, and from another address of this machine (127.0.0.2, in the
  loopback range, so no packet leaves the machine) their ports cannot be reached, while a
  socket that listens everywhere can be (the control).
- CORS: a preflight from a foreign origin gets no Access-Control-Allow-Origin, anywhere;
  the portal's own origin does get one from Rasa.
- The action server refuses a call without its secret (403), so nobody reads a candidate's
  data through an action; with the secret (as Rasa calls it) the same call would.
- The portal runs in its own environment: a current aiohttp, and Rasa is not even there.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import re
import socket
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from stacks import running_stack

from bot.launch.ports import free_port
from bot.run import PORTAL_PYTHON, ROOT
from bot.store.engine import session
from bot.store.models import Candidate

pytestmark = pytest.mark.server
NAME = "Wendelientje"
FOREIGN = "https://aanvaller.example"
LISTEN = "0A"  # TCP state in /proc/net/tcp
MINIMUM_AIOHTTP = (3, 13, 3)  # the last advisories known when this was written were fixed here


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    with running_stack(tmp_path_factory.mktemp("var")) as s:
        yield s


@pytest.fixture(autouse=True)
def project_db(stack, monkeypatch):
    monkeypatch.setenv("PRAKTIJKBOT_DB_URL", stack.db)
    return stack.db


def listening_addresses(port: int) -> set[str]:
    """The local addresses of the sockets that listen on `port` (IPv4 and IPv6)."""
    found = set()
    for table in ("tcp", "tcp6"):
        path = Path("/proc/net") / table
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            address, state = fields[1], fields[3]
            host, _, port_hex = address.partition(":")
            if state != LISTEN or int(port_hex, 16) != port:
                continue
            raw = bytes.fromhex(host)  # each 32-bit word in the kernel's (little-endian) order
            raw = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
            found.add(str(ipaddress.ip_address(raw)))
    return found


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=3):
            return True
    except OSError:
        return False


def request(url: str, method: str = "GET", body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, dict(resp.headers), resp.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read().decode()


def test_the_control_a_socket_open_everywhere_is_reached_from_another_address():
    port = free_port()
    with socket.socket() as server:
        server.bind(("0.0.0.0", port))
        server.listen()
        assert listening_addresses(port) == {"0.0.0.0"}
        assert reachable("127.0.0.2", port)


def test_rasa_actions_and_portal_listen_on_this_machine_only(stack):
    ports = {"Rasa": stack.rasa_port, "actieserver": stack.action_port}
    ports["portaal"] = stack.portal_port
    for name, port in ports.items():
        assert listening_addresses(port) == {"127.0.0.1"}, name
        assert reachable("127.0.0.1", port), name  # it does run
        assert not reachable("127.0.0.2", port), name


def _preflight(url: str, origin: str) -> dict[str, str]:
    headers = {
        "Origin": origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, authorization",
    }
    _, got, _ = request(url, "OPTIONS", headers=headers)
    return {k.lower(): v for k, v in got.items()}


def test_cors_lets_in_the_portal_only(stack):
    rasa = stack.rasa_url
    targets = [
        f"{rasa}/webhooks/rest/webhook",
        f"{rasa}/webhooks/web/webhook",
        f"{rasa}/conversations/tg-1234/tracker?token={stack.token}",
        f"{rasa}/model/parse",
        f"{stack.action_url}/webhook",
        f"{stack.portal_url}/api/message",
        f"{stack.portal_url}/api/session",
    ]
    for url in targets:
        headers = _preflight(url, FOREIGN)
        assert "access-control-allow-origin" not in headers, url
        assert "access-control-allow-credentials" not in headers, url
    for url in (f"{rasa}/status?token={stack.token}", f"{stack.portal_url}/widget.js"):
        status, plain, _ = request(url, headers={"Origin": FOREIGN})
        assert status == 200 and "access-control-allow-origin" not in {k.lower() for k in plain}
    own = f"http://localhost:{stack.portal_port}"  # the control: the portal's own origin
    assert _preflight(f"{rasa}/webhooks/rest/webhook", own)["access-control-allow-origin"] == own


def _what_we_know_call(sender: str) -> dict:
    tracker = {
        "sender_id": sender,
        "slots": {},
        "latest_message": {"text": "wat weet je van mij?"},
        "events": [],
        "paused": False,
        "followup_action": None,
        "active_loop": {},
        "latest_action_name": None,
    }
    return {
        "next_action": "action_what_we_know",
        "sender_id": sender,
        "tracker": tracker,
        "domain": {},
        "version": "3.6.2",
    }


def test_the_action_server_refuses_a_call_without_its_secret(stack):
    with session(stack.db) as s:
        s.add(
            Candidate(
                first_name=NAME,
                region="twente",
                conversation_id="tg-7301",
                channel="telegram",
                consent_at=dt.datetime.utcnow(),
            )
        )
        s.commit()
    url, call = f"{stack.action_url}/webhook", _what_we_know_call("tg-7301")
    for headers in ({}, {"X-Action-Secret": "geraden"}, {"X-Action-Secret": ""}):
        status, _, body = request(url, "POST", call, headers)
        assert status == 403 and NAME not in body, headers
    status, _, body = request(f"{stack.action_url}/actions")
    assert status == 403 and "action_what_we_know" not in body
    assert request(f"{stack.action_url}/health")[0] == 200  # health stays open
    # The control: Rasa's call, with the secret, gets the candidate's data.
    status, _, body = request(url, "POST", call, {"X-Action-Secret": stack.action_secret})
    assert status == 200 and NAME in body


def _portal_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(PORTAL_PYTHON), "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_the_portal_runs_in_its_own_environment_with_a_current_aiohttp(stack):
    portal = [p for p in stack.procs if "bot.portal" in p.args]
    assert len(portal) == 1 and portal[0].args[0] == str(PORTAL_PYTHON)
    pinned = re.search(r"^aiohttp==(\S+)$", (ROOT / "requirements-portal.txt").read_text(), re.M)
    done = _portal_python(
        "import sys, aiohttp, bot.portal.app\n"
        "print(aiohttp.__version__)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rasa', 'rasa_sdk', 'sanic')))"
    )
    version, imported = done.stdout.split("\n")[:2]
    assert version == pinned[1] and imported == "[]", done.stderr
    assert tuple(int(n) for n in version.split(".")[:3]) >= MINIMUM_AIOHTTP
    assert _portal_python("import rasa").returncode != 0  # Rasa is not there at all
    status, _, _ = request(f"{stack.portal_url}/health")
    assert status == 200
