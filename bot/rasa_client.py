"""Rasa's HTTP API, the one client for it: the scheduler triggers check-ins, the dashboard
pauses and resumes a conversation, writes a jobcoach's reply into it and reads it back,
`make run` waits until the model is loaded, and `make shell` talks to the REST channel.

Synchronous (requests, one HTTP session per thread, so the scheduler's workers can share
a client); the portal calls it from a worker thread. Every call to the API carries the API
token; a REST message carries the REST channel's token instead.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import requests


class RasaError(Exception):
    """Rasa did not take the request (not reachable, or an answer other than 200)."""


@dataclass(frozen=True)
class Turn:
    """What a triggered intent did: the messages Rasa did not send itself, the
    conversation's events (what ran) and whether the conversation is paused."""

    messages: list[dict[str, Any]]
    events: list[dict[str, Any]]
    paused: bool


class RasaClient:
    def __init__(self, url: str, token: str = "", timeout: float = 30.0) -> None:
        self.url, self.token, self.timeout = url.rstrip("/"), token, timeout
        self._local = threading.local()

    def _http(self) -> requests.Session:
        if not hasattr(self._local, "session"):
            self._local.session = requests.Session()
        return self._local.session

    def _conversation(self, conversation_id: str, tail: str) -> str:
        return f"{self.url}/conversations/{quote(conversation_id, safe='')}/{tail}"

    def _request(self, method: str, url: str, api: bool = True, **kwargs: Any) -> requests.Response:
        params = {**kwargs.pop("params", {}), **({"token": self.token} if api else {})}
        try:
            response = self._http().request(
                method, url, params=params, timeout=self.timeout, **kwargs
            )
        except requests.RequestException as exc:
            raise RasaError(f"Rasa is niet bereikbaar: {type(exc).__name__}") from exc
        if response.status_code != 200:
            raise RasaError(f"Rasa antwoordde {response.status_code}")
        return response

    def trigger_intent(
        self,
        conversation_id: str,
        intent: str,
        entities: dict[str, str],
        output_channel: str = "latest",
    ) -> Turn:
        """Run the intent as if the candidate sent it: the bot's messages (the ones Rasa did
        not already send on `output_channel` itself) and the conversation afterwards."""
        response = self._request(
            "POST",
            self._conversation(conversation_id, "trigger_intent"),
            params={"output_channel": output_channel},
            json={"name": intent, "entities": entities},
        )
        body = response.json()
        tracker = body.get("tracker") if isinstance(body.get("tracker"), dict) else {}
        messages = [m for m in body.get("messages") or [] if isinstance(m, dict)]
        events = [e for e in tracker.get("events") or [] if isinstance(e, dict)]
        return Turn(messages, events, bool(tracker.get("paused")))

    def append(self, conversation_id: str, events: list[dict[str, Any]]) -> None:
        self._request("POST", self._conversation(conversation_id, "tracker/events"), json=events)

    def pause(self, conversation_id: str) -> None:
        """The bot stays quiet; Rasa still records what the candidate writes."""
        self.append(conversation_id, [{"event": "pause", "timestamp": time.time()}])

    def resume(self, conversation_id: str) -> None:
        self.append(conversation_id, [{"event": "resume", "timestamp": time.time()}])

    def add_bot_message(self, conversation_id: str, text: str, metadata: dict[str, str]) -> None:
        """A message sent outside Rasa, written into the conversation's history."""
        event = {"event": "bot", "text": text, "timestamp": time.time(), "metadata": metadata}
        self.append(conversation_id, [event])

    def events(self, conversation_id: str) -> list[dict[str, Any]]:
        """The conversation's events; empty when Rasa cannot give them."""
        try:
            response = self._request("GET", self._conversation(conversation_id, "tracker"))
        except RasaError:
            return []
        return response.json().get("events") or []

    def rest_message(self, sender: str, text: str, rest_token: str) -> list[dict[str, Any]]:
        """A message on the REST channel (conversation `rest-<sender>`); the bot's replies."""
        response = self._request(
            "POST",
            f"{self.url}/webhooks/rest/webhook",
            api=False,
            json={"sender": sender, "message": text},
            headers={"Authorization": f"Bearer {rest_token}"},
        )
        replies = response.json()
        return [m for m in replies if isinstance(m, dict)] if isinstance(replies, list) else []

    def model_loaded(self) -> bool:
        try:
            self._request("GET", f"{self.url}/status")
        except RasaError:
            return False
        return True
