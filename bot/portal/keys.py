"""What the portal's aiohttp application holds, shared by its handlers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import aiohttp
from aiohttp import web

RASA_KEY = web.AppKey("rasa_url", str)
RASA_TOKEN_KEY = web.AppKey("rasa_token", str)
SECRET_KEY = web.AppKey("portal_secret", str)
HTTP_KEY = web.AppKey("http", aiohttp.ClientSession)
NOW_KEY = web.AppKey("now", Callable[[], dt.datetime])
