"""A local SMTP server (aiosmtpd) that keeps what it receives, for the tests."""

from __future__ import annotations

import asyncio
from email import message_from_bytes

from aiosmtpd.controller import Controller

from bot.launch.ports import free_port


class Inbox:
    def __init__(self) -> None:
        self.messages = []
        self.refuse = 0  # refuse this many messages (temporary failure)
        self.delay = 0.0  # seconds before a recipient is accepted (a slow mail server)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        await asyncio.sleep(self.delay)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        if self.refuse > 0:
            self.refuse -= 1
            return "451 Probeer het later nog eens"
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def start() -> tuple[Controller, Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller, inbox
