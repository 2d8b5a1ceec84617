"""What the portal's aiohttp application holds, shared by its handlers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import aiohttp
from aiohttp import web

from bot.portal.limits import PortalLimits
from bot.rasa_client import RasaClient

RASA_KEY = web.AppKey("rasa_url", str)
RASA_CLIENT_KEY = web.AppKey("rasa_client", RasaClient)
SECRET_KEY = web.AppKey("portal_secret", str)
HTTP_KEY = web.AppKey("http", aiohttp.ClientSession)
NOW_KEY = web.AppKey("now", Callable[[], dt.datetime])
LIMITS_KEY = web.AppKey("limits", PortalLimits)
PROXIES_KEY = web.AppKey("trusted_proxies", frozenset)


def client_ip(request: web.Request) -> str:
    """The caller's address; behind a trusted proxy (PORTAL_TRUSTED_PROXIES) the one it saw."""
    remote = request.remote or ""
    if remote in request.app[PROXIES_KEY]:
        forwarded = request.headers.get("X-Forwarded-For", "").split(",")[-1].strip()
        return forwarded or remote
    return remote
