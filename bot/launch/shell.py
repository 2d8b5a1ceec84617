"""`make shell`: chat with the assistant in the terminal, over the REST channel, as an
integration would (the conversation is `rest-shell-...`). A button is pressed by typing
the number shown before it."""

from __future__ import annotations

import secrets
import sys
from collections.abc import Callable
from typing import Any

from bot.rasa_client import RasaClient, RasaError


def show(replies: list[dict[str, Any]], write: Callable[[str], Any]) -> list[dict[str, Any]]:
    """Prints the bot's replies; returns their buttons, numbered from 1 as printed."""
    buttons: list[dict[str, Any]] = []
    for reply in replies:
        if reply.get("text"):
            write(str(reply["text"]))
        for button in reply.get("buttons") or []:
            buttons.append(button)
            write(f"  [{len(buttons)}] {button.get('title', '')}")
    return buttons


def chat(
    rasa: RasaClient,
    rest_token: str,
    read: Callable[[str], str] = input,
    write: Callable[[str], Any] = print,
) -> None:
    """Until end of input (Ctrl-D) or Ctrl-C."""
    sender = f"shell-{secrets.token_hex(4)}"
    buttons: list[dict[str, Any]] = []
    while True:
        try:
            text = read("> ")
        except (EOFError, KeyboardInterrupt):
            write("")
            return
        number = text.strip()
        if number.isdigit() and 0 < int(number) <= len(buttons):
            text = str(buttons[int(number) - 1].get("payload") or "")
        try:
            buttons = show(rasa.rest_message(sender, text, rest_token), write)
        except RasaError as exc:
            write(str(exc))


def run_shell(stack: Any) -> int:
    """`make shell`: the action server and Rasa of a bot.run.Stack, and a chat in this terminal
    over the REST channel (on this machine only)."""
    stack.rest_channel = True
    try:
        stack.start_actions()
        stack.start_rasa()
        stack.wait_ready()
        print("Typ een bericht; een knop kiest u met het nummer ervoor. Stoppen: Ctrl-D.")
        chat(RasaClient(stack.rasa_url, timeout=120), stack.rest_token)
        return 0
    except (RuntimeError, TimeoutError) as exc:
        print(f"Starten mislukt: {exc}. Zie var/logs/ voor details.", file=sys.stderr)
        return 1
    finally:
        stack.stop()
