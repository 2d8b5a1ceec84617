"""`make fuzz`: generated hostile input against the running assistant, per channel.

Channels: REST (`/webhooks/rest/webhook`), the portal's chat API (`/api/session`,
`/api/message`, `/api/messages`) and the Telegram webhook (with its secret; replies go to a
fake Bot API). Inputs: random Unicode, huge and empty bodies, wrong JSON types, forged
payloads and intents, very long button payloads. After every batch a normal question must
still be answered. Printed per channel: inputs tried, 5xx, connection failures, and whether
the assistant answered again afterwards.

`python -m tools.fuzz -n 10000` starts its own stack on free ports; the test suite runs a
500-input sample per channel against the shared stack (tests use `fuzz_channel`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

from bot.run import ROOT

NORMAL_QUESTION = "wie betaalt de jobcoach?"
FORGED = [
    "/confirm_delete",
    "/EXTERNAL_checkin",
    '/EXTERNAL_checkin{"checkin_id": 1}',
    '/link_account{"invite_code": "AAAA-BBBB"}',
    '/choose_entry{"kb_entry_id": "../../etc/passwd"}',
    '/more_info{"kb_entry_id": null}',
    "/start_eligibility{" + "a" * 5000 + "}",
    "/session_start",
    "/restart",
    '/inform{"elig_age": "-1e309"}',
    "/" + "x" * 100_000,
    "<script>alert(1)</script>",
    "{{7*7}} ${jndi:ldap://x}",
    "\x00\x01\x02",
]


def _unicode(rng: random.Random, length: int) -> str:
    blocks = [(0x20, 0x7E), (0xA0, 0x24F), (0x370, 0x3FF), (0x600, 0x6FF), (0x1F300, 0x1F6FF)]
    out = []
    for _ in range(length):
        lo, hi = rng.choice(blocks)
        out.append(chr(rng.randint(lo, hi)))
    if rng.random() < 0.1:
        out.insert(rng.randrange(len(out) + 1), "\u202e\ufeff\u200b")
    return "".join(out)


def texts(rng: random.Random) -> Iterator[Any]:
    """An endless mix of hostile message values (not only strings)."""
    while True:
        r = rng.random()
        if r < 0.35:
            yield _unicode(rng, rng.choice([0, 1, 5, 40, 300, 5000]))
        elif r < 0.55:
            yield rng.choice(FORGED)
        elif r < 0.7:
            yield rng.choice([None, 0, -1, 1e308, True, [], {}, ["hoi"], {"text": "hoi"}])
        elif r < 0.8:
            yield " " * rng.randint(0, 50_000)
        else:
            yield _unicode(rng, rng.randint(1, 80))


def _body(rng: random.Random, value: Any, sender_key: str = "sender") -> bytes:
    """A request body around `value`: mostly JSON objects, sometimes broken or the wrong type."""
    r = rng.random()
    if r < 0.7:
        body: Any = {sender_key: f"fuzz-{rng.randrange(50)}", "message": value}
        if rng.random() < 0.2:
            body["metadata"] = {"role": "candidate", "candidate_id": rng.randrange(10)}
        if rng.random() < 0.1:
            body[sender_key] = rng.choice([None, 5, "", "tg-1", "x" * 5000, ["a"]])
        return json.dumps(body, default=str).encode()
    if r < 0.8:
        return json.dumps(value, default=str).encode()
    if r < 0.9:
        return rng.choice([b"", b"{", b"null", b"[1,2]", b'{"message": "\\ud800"}', b"\xff\xfe"])
    return b'{"message": "' + b"a" * rng.choice([70_000, 2_000_000]) + b'"}'


def _telegram_update(rng: random.Random, value: Any) -> bytes:
    chat = rng.choice([5001, 5002, -1, 0, "x", None, 10**20])
    r = rng.random()
    if r < 0.5:
        update: Any = {
            "update_id": rng.randrange(10**9),
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": chat, "type": "private"},
                "text": value,
            },
        }
    elif r < 0.75:
        update = {
            "update_id": rng.randrange(10**9),
            "callback_query": {
                "id": "q",
                "chat_instance": "c",
                "data": value,
                "from": {"id": 1, "is_bot": False, "first_name": "F"},
                "message": {"message_id": 2, "date": 0, "chat": {"id": chat, "type": "private"}},
            },
        }
    else:
        return _body(rng, value)
    return json.dumps(update, default=str).encode()


@dataclass
class Figures:
    channel: str
    tried: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    server_errors: int = 0
    failures: int = 0  # no HTTP answer at all (connection reset, timeout)
    answered_after: bool = False
    examples: list[str] = field(default_factory=list)

    def line(self) -> str:
        codes = ", ".join(f"{k}: {v}" for k, v in sorted(self.statuses.items()))
        again = "ja" if self.answered_after else "NEE"
        return (
            f"{self.channel:10} {self.tried:6} inputs  5xx: {self.server_errors:3}  "
            f"geen antwoord: {self.failures:3}  daarna weer antwoord: {again}  ({codes})"
        )


@dataclass(frozen=True)
class Target:
    """One channel: how to send a generated input, and how to check a normal question."""

    name: str
    send: Callable[[aiohttp.ClientSession, random.Random, Any], Any]
    normal: Callable[[aiohttp.ClientSession], Any]


PORTAL_MAX_BODY = 64 * 1024  # what the portal takes (then 413)
RASA_MAX_BODY = 256 * 1024  # what the Rasa server takes (bot.launch.rasa_server)


async def _post(
    session: aiohttp.ClientSession,
    url: str,
    data: bytes,
    headers: dict,
    limit: int = RASA_MAX_BODY,
) -> int:
    try:
        async with session.post(url, data=data, headers=headers) as resp:
            await resp.read()
            return resp.status
    except (aiohttp.ClientError, ConnectionError):
        # A server refusing a body over its limit answers 413 and closes the connection
        # while the client is still writing: the client sees the close, not the 413.
        if len(data) > limit:
            return 413
        raise


def rest_target(rasa_url: str, rest_token: str) -> Target:
    url = f"{rasa_url}/webhooks/rest/webhook"
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {rest_token}"}

    async def send(session, rng, value):
        return await _post(session, url, _body(rng, value), headers)

    async def normal(session):
        body = json.dumps({"sender": "fuzz-normal", "message": NORMAL_QUESTION}).encode()
        async with session.post(url, data=body, headers=headers) as resp:
            return resp.status == 200 and any(
                "Bron" in m.get("text", "") for m in await resp.json()
            )

    return Target("rest", send, normal)


def _address(rng: random.Random) -> dict[str, str]:
    """A caller of its own (the portal trusts X-Forwarded-For from 127.0.0.1 here), so the
    inputs exercise the API instead of its rate limits; a few share one address."""
    if rng.random() < 0.05:
        return {"X-Forwarded-For": "10.9.9.9"}
    return {"X-Forwarded-For": f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(256)}"}


def portal_target(portal_url: str) -> Target:
    async def token(session, role="consulent", address=None):
        headers = address or {"X-Forwarded-For": "10.0.0.1"}
        async with session.post(
            f"{portal_url}/api/session", json={"rol": role}, headers=headers
        ) as resp:
            return (await resp.json()).get("token", "")

    async def send(session, rng, value):
        r = rng.random()
        address = _address(rng)
        if r < 0.15:
            url = f"{portal_url}/api/session"
            return await _post(session, url, _body(rng, value, "rol"), address, PORTAL_MAX_BODY)
        header = await token(session, address=address) if rng.random() < 0.8 else _unicode(rng, 30)
        headers = {"X-Session": header, "Content-Type": "application/json", **address}
        if r < 0.25:
            async with session.get(
                f"{portal_url}/api/messages", params={"after": str(value)[:50]}, headers=headers
            ) as resp:
                await resp.read()
                return resp.status
        body = {"text": value} if rng.random() < 0.6 else {"payload": value, "title": value}
        data = json.dumps(body, default=str).encode()
        return await _post(session, f"{portal_url}/api/message", data, headers, PORTAL_MAX_BODY)

    async def normal(session):
        address = {"X-Forwarded-For": "10.0.0.1"}
        headers = {"X-Session": await token(session, address=address), **address}
        headers["Content-Type"] = "application/json"
        body = json.dumps({"text": NORMAL_QUESTION}).encode()
        async with session.post(f"{portal_url}/api/message", data=body, headers=headers) as resp:
            data = await resp.json()
        return any("Bron" in (m.get("text") or "") for m in data.get("messages", []))

    return Target("portal", send, normal)


def telegram_target(rasa_url: str, secret: str, answered: Callable[[], Any]) -> Target:
    url = f"{rasa_url}/webhooks/telegram/webhook"

    async def send(session, rng, value):
        headers = {"Content-Type": "application/json"}
        if rng.random() < 0.9:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        return await _post(session, url, _telegram_update(rng, value), headers)

    async def normal(session):
        return await answered(session, url, secret)

    return Target("telegram", send, normal)


async def fuzz_channel(target: Target, n: int, seed: int = 9, concurrency: int = 4) -> Figures:
    """Send `n` generated inputs, then check that a normal question is answered again."""
    rng = random.Random(seed)
    figures = Figures(target.name)
    values = texts(rng)
    timeout = aiohttp.ClientTimeout(total=90)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        lock = asyncio.Lock()
        counter = iter(range(n))

        async def worker(k: int) -> None:
            local = random.Random(seed * 1000 + k)
            for _ in counter:
                value = next(values)
                try:
                    status = await target.send(session, local, value)
                    key = f"{status // 100}xx"
                except (aiohttp.ClientError, asyncio.TimeoutError, ConnectionError) as exc:
                    status, key = None, f"{type(exc).__name__} ({exc})"[:80]
                async with lock:
                    figures.tried += 1
                    figures.statuses[key] = figures.statuses.get(key, 0) + 1
                    if status is None:
                        figures.failures += 1
                        if len(figures.examples) < 5:
                            figures.examples.append(f"{key}: {value!r}"[:160])
                    elif status >= 500:
                        figures.server_errors += 1
                        if len(figures.examples) < 5:
                            figures.examples.append(repr(value)[:120])

        await asyncio.gather(*(worker(k) for k in range(concurrency)))
        for _ in range(3):
            try:
                if await target.normal(session):
                    figures.answered_after = True
                    break
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
                pass
            await asyncio.sleep(2)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000, help="inputs per channel")
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "tests"))
    from fake_telegram import FakeTelegram  # the local fake Bot API of the tests

    from bot.launch.ports import free_port
    from bot.run import Stack

    fake = FakeTelegram().start()
    os.environ["PORTAL_TRUSTED_PROXIES"] = "127.0.0.1"  # see _address
    with tempfile.TemporaryDirectory() as tmp:
        var = Path(tmp)
        stack = Stack(
            rasa_port=free_port(),
            action_port=free_port(),
            portal_port=free_port(),
            var_dir=var,
            log_dir=var / "logs",
            telegram_token=fake.token,
            telegram_base_url=fake.base_url,
        )
        print("Assistent starten...", flush=True)
        stack.start()
        try:
            figures = asyncio.run(_all(stack, fake, args.n, args.seed))
        finally:
            stack.stop()
    print(f"\n{args.n} invoer per kanaal (seed {args.seed})")
    for f in figures:
        print(f.line())
        for example in f.examples:
            print(f"    5xx bij: {example}")
    return 0 if all(f.server_errors == 0 and f.answered_after for f in figures) else 1


def telegram_answered(fake) -> Callable[..., Any]:
    """A normal question to the Telegram webhook, answered through the fake Bot API."""

    async def answered(session, url, secret):
        chat = 5999
        before = len(fake.sent(chat))
        for text in ("consulent", NORMAL_QUESTION):
            update = {
                "update_id": random.randrange(10**9),
                "message": {
                    "message_id": 1,
                    "date": 0,
                    "chat": {"id": chat, "type": "private"},
                    "text": text,
                },
            }
            headers = {"X-Telegram-Bot-Api-Secret-Token": secret}
            async with session.post(url, json=update, headers=headers) as resp:
                await resp.read()
        for _ in range(60):
            if any("Bron" in p.get("text", "") for p in fake.sent(chat)[before:]):
                return True
            await asyncio.sleep(0.5)
        return False

    return answered


async def _all(stack, fake, n: int, seed: int) -> list[Figures]:
    targets = [
        rest_target(stack.rasa_url, stack.rest_token),
        portal_target(stack.portal_url),
        telegram_target(stack.rasa_url, stack.telegram_secret, telegram_answered(fake)),
    ]
    return [await fuzz_channel(t, n, seed) for t in targets]


if __name__ == "__main__":
    raise SystemExit(main())
