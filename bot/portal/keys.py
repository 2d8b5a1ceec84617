"""What the portal's aiohttp application holds, shared by its handlers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import aiohttp
from aiohttp import web

from bot.rasa_client import RasaClient

RASA_KEY = web.AppKey("rasa_url", str)
RASA_CLIENT_KEY = web.AppKey("rasa_client", RasaClient)
SECRET_KEY = web.AppKey("portal_secret", str)
HTTP_KEY = web.AppKey("http", aiohttp.ClientSession)
NOW_KEY = web.AppKey("now", Callable[[], dt.datetime])
