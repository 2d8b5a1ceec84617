"""The portal's look (issue 13, part 5): every page a person reaches (the candidate and
consultant chat, the widget on a host page, the login page and every dashboard page) on a
phone and a desktop viewport, each with its screenshot (var/test-artifacts/look-*.png, copied
to LOOK_SHOTS if set) and axe-core's WCAG 2.1 AA check (contrast included). The pages load
the NL Design System's component CSS and the project's tokens, and nothing from elsewhere;
none is wider than its viewport."""

from __future__ import annotations

import os
import shutil

import pytest
from pages import DESKTOP, PHONE, log_in, make_world
from stacks import ARTIFACTS, shot
from test_widget_elsewhere_browser import ForeignSite

VIEWPORTS = [("telefoon", PHONE), ("desktop", DESKTOP)]


def keep(page, name: str) -> None:
    """The screenshot, after checking the page reflows (WCAG 1.4.10): nothing wider than
    the viewport, so a phone never scrolls sideways (a wide table scrolls in its box)."""
    wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert wide <= 1, f"{name}: {wide}px wider than the viewport"
    shot(page, name)
    target = os.environ.get("LOOK_SHOTS")
    if target:
        os.makedirs(target, exist_ok=True)
        shutil.copy(ARTIFACTS / f"{name}.png", os.path.join(target, f"{name}.png"))


@pytest.fixture(scope="module")
def site(stack):
    """A municipality's page on another site (127.0.0.2) with the widget's snippet."""
    foreign = ForeignSite(stack.portal_url)
    yield foreign
    foreign.stop()


@pytest.fixture(scope="module")
def world(stack):
    return make_world(stack.db, "look")


@pytest.mark.parametrize("name, viewport", VIEWPORTS)
def test_chat_pages_look_and_pass_axe(stack, browser, axe, name, viewport):
    page = browser.new_page(viewport=viewport)
    page.goto(stack.portal_url + "/")
    page.get_by_role("button", name="Ik wil me aanmelden").wait_for()
    page.get_by_label("Je bericht").fill("wat is een praktijkverklaring?")
    page.get_by_role("button", name="Verstuur").click()
    page.locator("#gesprek li.bot", has_text="Bron:").wait_for()
    keep(page, f"look-chat-kandidaat-{name}")
    axe(page)
    page.goto(stack.portal_url + "/consulent")
    page.get_by_role("heading", name="Chat voor consulenten").wait_for()
    keep(page, f"look-chat-consulent-{name}")
    axe(page)
    page.close()


@pytest.mark.parametrize("name, viewport", VIEWPORTS)
def test_widget_looks_and_passes_axe(stack, browser, axe, site, name, viewport):
    page = browser.new_page(viewport=viewport)
    page.goto(site.url)
    button = page.get_by_role("button", name="Chat over praktijkleren")
    keep(page, f"look-widget-dicht-{name}")
    button.click()
    chat = page.frame_locator("iframe[title='Chat met de praktijkbot']")
    chat.get_by_role("button", name="Ik wil me aanmelden").wait_for()
    keep(page, f"look-widget-open-{name}")
    axe(page)
    frame = next(f for f in page.frames if "/embed" in f.url)
    axe(frame)
    page.close()


@pytest.mark.parametrize("name, viewport", VIEWPORTS)
def test_dashboard_pages_look_and_pass_axe(stack, browser, axe, world, name, viewport):
    page = browser.new_page(viewport=viewport)
    page.goto(stack.portal_url + "/dashboard/")
    page.get_by_label("Gebruikersnaam").wait_for()
    keep(page, f"look-login-{name}")
    axe(page)
    log_in(page, stack.portal_url, world.username)
    paths = world.dashboard_paths()
    assert len(paths) == 12
    for short, path in paths.items():
        response = page.goto(stack.portal_url + path)
        assert response is not None and response.status == 200, path
        keep(page, f"look-{short}-{name}")
        axe(page)
    page.close()
