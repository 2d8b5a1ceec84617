"""What `make run` prints once everything runs: where each part is, and how to stop."""

from __future__ import annotations

from typing import Any

from bot.launch.ports import local


def running(stack: Any) -> str:
    """The addresses of a started bot.run.Stack (passed in: bot.run imports this module)."""
    if stack.telegram_polling:
        telegram = "actief (polling; geen publieke URL nodig)"
    elif stack.telegram_token:
        telegram = f"actief (webhook: {stack.telegram_webhook_url})"
    else:
        telegram = "niet actief: zet TELEGRAM_TOKEN om Telegram aan te zetten"
    rest = "uit (REST_CHANNEL=0)"
    if stack.rest_channel:
        rest = (
            f"POST {local(stack.rasa_url)}/webhooks/rest/webhook  (gesprekken rest-...)\n"
            f"               header  Authorization: Bearer {stack.rest_token}\n"
            '               body    {"sender": "ik", "message": "wie betaalt de jobcoach?"}'
        )
    return (
        "\npraktijkbot draait.\n"
        f"  REST:        {rest}\n"
        f"  Actieserver: {local(stack.action_url)}\n"
        f"  API-token:   {stack.token} (voor /conversations/... en trigger_intent)\n"
        "  Database:    var/praktijkbot.db (kandidaten, trajecten, check-ins, kennisgaten),\n"
        "               var/rasa_tracker.db (gesprekken)\n"
        f"  Check-ins:   planner draait, kijkt elke {stack.tick_seconds:.0f} s\n"
        "  Logs:        var/logs/\n"
        f"  Webchat:     {local(stack.portal_url)}/  (kandidaten)   "
        f"{local(stack.portal_url)}/consulent  (consulenten)\n"
        f'  Widget:      <script src="{local(stack.portal_url)}/widget.js" '
        'data-rol="kandidaat"></script>\n'
        f"  Dashboard:   {local(stack.portal_url)}/dashboard/  (jobcoaches, consulenten)\n"
        f"  Telegram:    {telegram}\n"
        "Stoppen: Ctrl-C"
    )
