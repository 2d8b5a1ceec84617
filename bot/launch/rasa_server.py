"""`python -m bot.launch.rasa_server run ...`: Rasa's own CLI, with one speed fix, a
limit on request size, and logs without secrets or personal data.

Speed: Rasa 3.6 validates every action server response with `jsonschema.validate`,
which re-checks the schema itself on every call (jsonschema 4.17). Measured
with py-spy under load, that was a third of the Rasa server's CPU time. Here
the validator is built once per schema; validation itself still runs, and an
invalid response still raises the same error.

Logs: `bot.launch.logs.protect()` (secrets, tracebacks), and Rasa's structured log events
lose what a person wrote (their `text`, `message`, slots, events...) and render an
exception as frames and type only: Rasa's own renderers print the exception's message, and
`dict_tracebacks` even every frame's local variables.

Sanic would read request bodies of up to 100 MB before any channel sees them; the server
takes at most MAX_REQUEST_BYTES (413 above that). A message webhook gets
a JSON object with a text message or a 400 (bot.channels.webhook.validate_request), where
Rasa's REST channel would answer 500.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import jsonschema
import sanic.config
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for

from bot import settings
from bot.channels.webhook import validate_request
from bot.launch import rasa_locks
from bot.launch.logs import HIDDEN, protect, safe_traceback

_validators: dict[str, Any] = {}
MAX_REQUEST_BYTES = 256 * 1024  # above a Telegram update (64 KB: the channel answers 200)
# Keys of Rasa's structured log events that can hold what a person wrote or what is known
# about them (Rasa's own list of "anonymizable" keys, and a few more).
PERSONAL_KEYS = {
    "text", "response_text", "user_text", "slot_values", "parse_data_text",
    "parse_data_entities", "prediction_events", "tracker_latest_message", "prefilled_slots",
    "message", "response", "slot_candidates", "rasa_event", "rasa_events", "tracker_states",
    "current_states", "old_states", "successes", "current_entity", "next_entity", "states",
    "entity", "token_text", "user_message", "json_message", "metadata", "events", "tracker",
    "slots", "value", "slot_value", "entities", "parse_data", "request", "body",
}  # fmt: skip


def command(
    model: Path,
    endpoints: Path,
    credentials: Path,
    address: tuple[str, int],
    token: str,
    origins: list[str],
) -> list[str]:
    """How bot.run starts this: Rasa's `run` on `address`, its HTTP API behind `token`, and
    CORS for `origins` only (the portal's own)."""
    host, port = address
    return [
        *(sys.executable, "-m", "bot.launch.rasa_server", "run", "--model", str(model)),
        *("--endpoints", str(endpoints), "--credentials", str(credentials)),
        *("--interface", host, "--port", str(port)),
        *("--enable-api", f"--auth-token={token}"),  # a token may start with "-"
        *("--cors", *origins),
    ]


def cached_validate(
    instance: Any, schema: dict, cls: Any = None, *args: Any, **kwargs: Any
) -> None:
    key = json.dumps(schema, sort_keys=True, default=str)
    validator = _validators.get(key)
    if validator is None:
        validator_class = cls or validator_for(schema)
        validator_class.check_schema(schema)
        validator = validator_class(schema, *args, **kwargs)
        _validators[key] = validator
    error = best_match(validator.iter_errors(instance))
    if error is not None:
        raise error


def without_personal_data(_: Any, __: str, event: dict[str, Any]) -> dict[str, Any]:
    """A structlog processor: personal fields hidden, an exception as frames and type."""
    for key in PERSONAL_KEYS & event.keys():
        event[key] = HIDDEN
    exc_info = event.pop("exc_info", None)
    event.pop("exception", None)
    if exc_info is True:
        exc_info = sys.exc_info()
    elif isinstance(exc_info, BaseException):
        exc_info = (type(exc_info), exc_info, exc_info.__traceback__)
    if isinstance(exc_info, tuple) and exc_info[0] is not None:
        event["exception"] = safe_traceback(*exc_info)
    return event


def _safe_structlog() -> None:
    """Rasa configures structlog once at its start; put our processor before its renderer."""
    import structlog

    configure = structlog.configure

    def safe_configure(*args: Any, processors: Any = None, **kwargs: Any) -> None:
        if processors:
            kept = [p for p in processors if p is not structlog.processors.dict_tracebacks]
            processors = [*kept[:-1], without_personal_data, kept[-1]]
        configure(*args, processors=processors, **kwargs)

    structlog.configure = safe_configure


def main() -> None:
    settings.load_or_exit()  # its channels and the project database read them
    protect()
    _safe_structlog()
    jsonschema.validate = cached_validate
    sanic.config.DEFAULT_CONFIG["REQUEST_MAX_SIZE"] = MAX_REQUEST_BYTES  # before the app exists
    rasa_locks.apply()
    import rasa.core.run

    configure_app = rasa.core.run.configure_app

    def configured(*args: Any, **kwargs: Any) -> Any:
        app = configure_app(*args, **kwargs)
        app.register_middleware(validate_request, "request")
        return app

    rasa.core.run.configure_app = configured
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
