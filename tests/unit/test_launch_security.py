"""What `make run` opens, without starting servers: the addresses it binds, the CORS origins it
allows, the secrets in the files it writes for Rasa (readable by the owner only), and the
settings a deployment uses to open something on purpose."""

from __future__ import annotations

import json
import stat

import pytest

from bot import settings
from bot.channels.rest import conversation_id, read_body
from bot.launch.ports import connect_host, portal_origins
from bot.launch.rasa_files import ACTION_SECRET_HEADER, write_credentials, write_endpoints
from bot.launch.rasa_server import command
from bot.launch.shell import chat
from bot.run import Stack


def _private(path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_endpoints_carry_the_action_secret_and_only_the_owner_reads_them(tmp_path):
    path = write_endpoints(tmp_path, 5005, "http://127.0.0.1:5055", "actie-geheim")
    endpoints = json.loads(path.read_text())
    assert endpoints["action_endpoint"] == {
        "url": "http://127.0.0.1:5055/webhook",
        "headers": {ACTION_SECRET_HEADER: "actie-geheim"},
    }
    assert _private(path)


def test_credentials_have_our_rest_channel_with_its_token_or_none_at_all(tmp_path):
    path = write_credentials(tmp_path, 5005, "portaal-geheim", "rest-token")
    credentials = json.loads(path.read_text())
    assert credentials["bot.channels.rest.RestInput"] == {"token": "rest-token"}
    assert "rest" not in credentials  # Rasa's own REST channel: anyone as any conversation
    assert _private(path)
    off = json.loads(write_credentials(tmp_path, 5006, "portaal-geheim", "").read_text())
    assert list(off) == ["bot.channels.web.WebInput"]


def test_rasa_is_started_on_its_address_with_cors_for_the_portal_only(tmp_path):
    origins = portal_origins(8080, "https://praktijkbot.gemeente.nl/pad")
    assert origins == [
        "http://localhost:8080",
        "http://127.0.0.1:8080",
        "https://praktijkbot.gemeente.nl",
    ]
    args = command(
        tmp_path / "m", tmp_path / "e", tmp_path / "c", ("127.0.0.1", 5005), "t", origins
    )
    assert args[args.index("--interface") + 1] == "127.0.0.1"
    assert args[args.index("--cors") + 1 :] == origins and "*" not in args
    assert "--auth-token=t" in args and "--enable-api" in args


def test_everything_listens_on_this_machine_only_unless_a_deployment_says_otherwise(
    monkeypatch,
):
    stack = Stack.from_settings(settings.load({}))
    assert (stack.rasa_host, stack.action_host) == ("127.0.0.1", "127.0.0.1")
    assert settings.load({}).portal_host == "127.0.0.1"
    assert stack.rest_channel and stack.rest_token == ""  # made per start
    opened = Stack.from_settings(
        settings.load(
            {
                "RASA_HOST": "0.0.0.0",
                "ACTION_HOST": "10.1.2.3",
                "REST_CHANNEL": "0",
                "ACTION_SECRET": "vast-geheim",
            }
        )
    )
    assert opened.rasa_host == "0.0.0.0" and opened.rasa_url.startswith("http://127.0.0.1:")
    assert opened.action_url == "http://10.1.2.3:5055" and not opened.rest_channel
    assert opened.action_secret == "vast-geheim"


@pytest.mark.parametrize(
    ("host", "reached_at"),
    [("0.0.0.0", "127.0.0.1"), ("::", "127.0.0.1"), ("10.0.0.5", "10.0.0.5"), ("::1", "[::1]")],
)
def test_connect_host(host, reached_at):
    assert connect_host(host) == reached_at


def test_a_rest_conversation_is_always_in_the_rest_namespace():
    assert conversation_id("tg-1234") == "rest-tg-1234"
    assert conversation_id("web-abc") == "rest-web-abc"
    assert conversation_id("rest-e2e-1") == "rest-e2e-1"
    assert all(
        conversation_id(s).startswith("rest-") for s in ("", "x", "webc-1", " rest-", "REST-1")
    )


def test_a_rest_body_gives_a_conversation_and_a_text_and_nothing_else():
    forged = {
        "sender": "tg-1234",
        "message": "wat weet je van mij?",
        "metadata": {"role": "candidate", "candidate_id": 1},
        "input_channel": "telegram",
    }
    assert read_body(forged) == ("rest-tg-1234", "wat weet je van mij?")
    assert read_body({"sender": 42, "message": ""}) == ("rest-42", "")
    refused = [None, [], "x", {"sender": "x"}, {"message": "hoi"}, {"sender": "", "message": "a"}]
    refused += [{"sender": ["a"], "message": "a"}, {"sender": True, "message": "a"}]
    refused += [{"sender": "x", "message": 5}, {"sender": "x" * 124, "message": "a"}]
    assert [read_body(body) for body in refused] == [None] * len(refused)
    assert read_body({"sender": "x" * 123, "message": "a"})  # rest- + 123 = 128: the column


class _Rasa:
    """Rasa's REST channel as the shell sees it (the real one: tests/test_rest_identity.py)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []

    def rest_message(self, sender: str, text: str, rest_token: str) -> list[dict]:
        self.sent.append((sender, text, rest_token))
        return [{"text": "Kies:", "buttons": [{"title": "Ja", "payload": "/affirm"}]}]


def test_the_shell_talks_rest_with_its_token_and_numbers_the_buttons():
    rasa, typed, shown = _Rasa(), iter(["hallo", "1", "2"]), []

    def read(prompt: str) -> str:
        try:
            return next(typed)
        except StopIteration:
            raise EOFError from None  # Ctrl-D

    chat(rasa, "rest-token", read=read, write=shown.append)
    assert [text for _, text, _ in rasa.sent] == ["hallo", "/affirm", "2"]  # 2: no such button
    assert {token for _, _, token in rasa.sent} == {"rest-token"}
    assert len({sender for sender, _, _ in rasa.sent}) == 1
    assert shown[:2] == ["Kies:", "  [1] Ja"] and shown[-1] == ""
