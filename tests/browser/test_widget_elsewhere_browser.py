"""The embeddable widget where it will live: on a municipality's page from another site.
The host page is served from 127.0.0.2 (another site than the portal's 127.0.0.1), so the
chat frame is a third-party frame and Chromium refuses it localStorage. The chat still
greets, sends and answers (its session then lives in memory), and when it cannot start it
says so in plain Dutch instead of staying empty. Every page is checked with axe-core.
On the session's shared stack; `browser` and `axe` are in tests/browser/conftest.py."""

from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from stacks import shot

from bot.catalogue import say

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
FRAME = "iframe[title='Chat met de praktijkbot']"
NOT_REACHABLE = "De chat werkt nu niet."
STORAGE_REFUSED = """() => {
  try { window.localStorage.getItem("x"); return false; } catch (e) { return true; }
}"""


class ForeignSite:
    """A municipality's page on http://127.0.0.2:<port>/ with the widget's snippet."""

    def __init__(self, portal_url: str) -> None:
        html = (
            "<!doctype html><html lang='nl'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            "<title>Gemeente Voorbeeld</title></head><body><main><h1>Gemeente Voorbeeld</h1>"
            "<p>Werk en inkomen: leren in de praktijk.</p></main>"
            f"<script src='{portal_url}/widget.js' data-rol='kandidaat'></script></body></html>"
        ).encode()

        class Page(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the http.server name)
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(html)))
                self.end_headers()
                self.wfile.write(html)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.2", 0), Page)
        self.url = f"http://127.0.0.2:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def site(stack):
    foreign = ForeignSite(stack.portal_url)
    yield foreign
    foreign.stop()


def open_widget(browser, site, viewport):
    """The host page with the chat opened; (page, frame locator, chat frame)."""
    page = browser.new_page(viewport=viewport)
    page.goto(site.url)
    button = page.get_by_role("button", name="Chat over praktijkleren")
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    chat = page.frame_locator(FRAME)
    chat.locator("h1").wait_for()
    frame = page.frame(url=re.compile(r"/embed\?rol=kandidaat$"))
    assert frame is not None
    return page, chat, frame


@pytest.mark.parametrize("name, viewport", [("telefoon", PHONE), ("desktop", DESKTOP)])
def test_widget_on_another_site_without_storage_greets_sends_and_answers(
    stack, browser, axe, site, name, viewport
):
    page, chat, frame = open_widget(browser, site, viewport)
    assert page.evaluate("location.hostname") == "127.0.0.2"
    assert frame.evaluate("location.hostname") == "127.0.0.1"
    assert frame.evaluate(STORAGE_REFUSED), "the chat frame is meant to be denied localStorage"
    chat.get_by_role("button", name="Ik wil me aanmelden").wait_for()  # the greeting
    chat.get_by_label("Je bericht").fill("wat is een praktijkverklaring?")
    chat.get_by_role("button", name="Verstuur").click()
    chat.locator("#gesprek li.user", has_text="wat is een praktijkverklaring?").wait_for()
    chat.locator("#gesprek li.bot", has_text="Bron:").wait_for()  # answered
    assert chat.get_by_role("alert").is_hidden()
    shot(page, f"widget-elders-{name}")
    axe(page)
    axe(frame)
    page.close()


def test_widget_says_so_when_the_portal_cannot_be_reached_and_tries_again(
    stack, browser, axe, site
):
    page = browser.new_page(viewport=PHONE)
    down = True

    def api(route):
        if down:
            route.abort("connectionrefused")
        else:
            route.continue_()

    page.route(re.compile(r"/api/"), api)
    page.goto(site.url)
    page.get_by_role("button", name="Chat over praktijkleren").click()
    chat = page.frame_locator(FRAME)
    alert = chat.get_by_role("alert")
    alert.get_by_text(NOT_REACHABLE).wait_for()
    assert chat.locator("#gesprek li").count() == 0
    shot(page, "widget-elders-niet-bereikbaar")
    axe(page.frame(url=re.compile(r"/embed")))

    down = False
    alert.get_by_role("button", name="Probeer opnieuw").click()
    chat.get_by_role("button", name="Ik wil me aanmelden").wait_for()
    assert alert.is_hidden()
    page.close()


def test_widget_shows_the_portals_own_words_when_it_refuses_a_session(stack, browser, site):
    page = browser.new_page(viewport=PHONE)
    refusal = say("channels.slow_down")
    page.route(
        re.compile(r"/api/session$"),
        lambda route: route.fulfill(status=429, json={"fout": refusal}),
    )
    page.goto(site.url)
    page.get_by_role("button", name="Chat over praktijkleren").click()
    chat = page.frame_locator(FRAME)
    chat.get_by_role("alert").get_by_text(refusal).wait_for()
    assert chat.locator("#gesprek li").count() == 0
    shot(page, "widget-elders-sessie-geweigerd")
    page.close()
