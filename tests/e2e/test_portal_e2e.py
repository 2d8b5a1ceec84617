"""The portal's JSON API over HTTP on the session's shared stack: what it cannot trust is
refused, and Rasa's web channel only takes messages from the portal."""

import json
import urllib.request

import pytest


def _http(method, url, body=None, headers=None):
    data = (
        body
        if isinstance(body, bytes)
        else (json.dumps(body).encode() if body is not None else None)
    )
    req = urllib.request.Request(
        url,
        data=data,
        method=method,
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode(errors="replace")


@pytest.mark.both_shapes
def test_portal_api_refuses_what_it_cannot_trust(stack):
    base = stack.portal_url
    assert _http("POST", base + "/api/session", {"rol": "beheerder"})[0] == 400
    assert _http("POST", base + "/api/session", b"{kapot")[0] == 400
    assert _http("POST", base + "/api/message", {"text": "hoi"})[0] == 401
    _, data = _http("POST", base + "/api/session", {"rol": "kandidaat"})
    headers = {"X-Session": data["token"]}
    assert _http("POST", base + "/api/message", b"{kapot", headers)[0] == 400
    assert _http("POST", base + "/api/message", {"payload": "<img src=x>"}, headers)[0] == 400
    status, data = _http("POST", base + "/api/message", {"text": "x" * 1500}, headers)
    assert status == 200 and "lang" in data["messages"][-1]["text"]  # calm reply, no crash
    status, data = _http("GET", base + "/api/messages?after=abc", headers=headers)
    assert status == 200 and len(data["messages"]) == 2
    # Rasa's web channel only takes messages from the portal
    status, _ = _http(
        "POST", stack.rasa_url + "/webhooks/web/webhook", {"sender": "web-x", "message": "hoi"}
    )
    assert status == 403
