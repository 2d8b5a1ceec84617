"""`python -m bot.launch.action_server`: rasa-sdk's action server with `bot.actions`, closed.

- It listens on ACTION_HOST (127.0.0.1 unless a deployment opens it on purpose).
- Every route except GET /health needs ACTION_SECRET in the X-Action-Secret header, which
  Rasa sends (the endpoints file, bot.launch.rasa_files); without it: 403. An action answers
  with the candidate's data, so nobody else may call one.
- No CORS: only the Rasa server calls it, never a browser.
- An action that fails is logged without the request (rasa-sdk's own handler logs it and
  answers with the whole tracker in the body); Rasa gets a 500 with no data in it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot import settings
from bot.launch.logs import protect

SECRET_HEADER = "X-Action-Secret"
OPEN_PATHS = {"/health"}
log = logging.getLogger("praktijkbot.actions")

if TYPE_CHECKING:
    from sanic import Sanic


def create_app(secret: str, actions: str = "bot.actions") -> Sanic:
    """The rasa-sdk app with the secret required; imported late, after `protect()`."""
    from rasa_sdk.endpoint import create_app as sdk_app
    from sanic import response
    from sanic.exceptions import SanicException

    from bot.channels.webhook import same_secret

    if not secret:
        raise ValueError("De actieserver heeft een geheim nodig (ACTION_SECRET).")
    app = sdk_app(actions, cors_origins=None)

    @app.middleware("request")
    async def require_secret(request):
        if request.path not in OPEN_PATHS and not same_secret(
            request.headers.get(SECRET_HEADER), secret
        ):
            return response.json({"error": "forbidden"}, status=403)
        return None

    async def failed(request, exception: Exception):
        if isinstance(exception, SanicException):
            status = getattr(exception, "status_code", 500) or 500
            return response.json({"error": type(exception).__name__}, status=status)
        log.error("actie mislukt", exc_info=exception)  # frames and type only (protect)
        return response.json({"error": "action failed"}, status=500)

    app.error_handler.add(Exception, failed)  # replaces rasa-sdk's, which echoes the tracker
    return app


def main() -> None:
    config = settings.load_or_exit(required=("ACTION_SECRET",))
    protect()
    from rasa_sdk import utils

    utils.configure_colored_logging("INFO")
    utils.update_sanic_log_level()
    app = create_app(config.action_secret)
    app.run(
        host=config.action_host,
        port=config.action_port,
        workers=1,
        access_log=False,
        motd=False,
    )


if __name__ == "__main__":
    main()
