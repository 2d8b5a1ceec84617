"""`python -m bot.launch.rasa_server run ...`: Rasa's own CLI, with one speed fix and a
limit on request size.

Rasa 3.6 validates every action server response with `jsonschema.validate`,
which re-checks the schema itself on every call (jsonschema 4.17). Measured
with py-spy under load, that was a third of the Rasa server's CPU time. Here
the validator is built once per schema; validation itself still runs, and an
invalid response still raises the same error.

Sanic would read request bodies of up to 100 MB before any channel sees them; the server
takes at most MAX_REQUEST_BYTES (413 above that). A message webhook gets
a JSON object with a text message or a 400 (bot.channels.webhook.validate_request), where
Rasa's REST channel would answer 500.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import sanic.config
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for

from bot import settings
from bot.channels.webhook import validate_request

_validators: dict[str, Any] = {}
MAX_REQUEST_BYTES = 256 * 1024  # above a Telegram update (64 KB: the channel answers 200)


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


def main() -> None:
    settings.load_or_exit()  # its channels and the project database read them
    jsonschema.validate = cached_validate
    sanic.config.DEFAULT_CONFIG["REQUEST_MAX_SIZE"] = MAX_REQUEST_BYTES  # before the app exists
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
