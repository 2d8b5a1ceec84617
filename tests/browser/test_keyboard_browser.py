"""Keyboard only (WCAG 2.1: 2.1.1 keyboard, 2.4.1 bypass blocks, 2.4.3 focus order, 2.4.7
focus visible, 3.3.2 labels): on the chat, the widget, the login page and every dashboard
page, Tab reaches every control once, in document order (the order the page reads), each
control shows a focus ring of at least 2px, the skip link comes first and leads past the
header, every field has a label, and a candidate can hold a whole conversation with the
keyboard alone. Screenshots of focused controls: var/test-artifacts/toetsenbord-*.png."""

from __future__ import annotations

import re

import pytest
from keyboard import controls, focus_is_visible, tab_through, unlabelled
from pages import DESKTOP, PASSWORD, PHONE, make_world
from stacks import shot


@pytest.fixture(scope="module")
def world(stack):
    return make_world(stack.db, "toets")


def test_chat_with_the_keyboard_only(stack, browser):
    page = browser.new_page(viewport=PHONE)
    page.goto(stack.portal_url + "/")
    page.get_by_role("button", name="Ik wil me aanmelden").wait_for()
    assert unlabelled(page) == []

    # Tab order: skip link, "Ik heb een code", the greeting's choices, the field, Verstuur.
    names = controls(page)
    assert names[0].startswith("a Direct naar je bericht")
    assert names[1].startswith("#code-knop") and names[-2].startswith("#bericht")
    assert names[-1].startswith("button Verstuur")
    assert tab_through(page) == list(range(len(names)))

    # A fresh page: the first Tab shows the skip link; Enter puts the cursor in the field.
    page.reload()
    page.get_by_role("button", name="Ik wil me aanmelden").wait_for()
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("Tab")
    style = focus_is_visible(page)
    assert style["text"] == "Direct naar je bericht"
    shot(page, "toetsenbord-chat-skiplink")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "bericht"

    # Type and send with Enter; the answer comes, the cursor stays in the field.
    page.keyboard.type("wat is een praktijkverklaring?")
    page.keyboard.press("Enter")
    page.locator("#gesprek li.bot", has_text="Bron:").wait_for()
    assert page.evaluate("document.activeElement.id") == "bericht"

    # Back from the field to the answer's last choice, and choose it with the keyboard.
    page.keyboard.press("Shift+Tab")
    choice = page.evaluate("document.activeElement.textContent")
    assert page.evaluate("document.activeElement.classList.contains('keuze')"), choice
    focus_is_visible(page)
    shot(page, "toetsenbord-chat-keuze")
    before = page.locator("#gesprek li.user").count()
    page.keyboard.press("Enter")
    page.locator("#gesprek li.user", has_text=choice).wait_for()
    assert page.locator("#gesprek li.user").count() == before + 1
    page.close()


def test_widget_opens_and_chats_with_the_keyboard_only(stack, browser):
    from test_widget_elsewhere_browser import ForeignSite

    site = ForeignSite(stack.portal_url)
    try:
        page = browser.new_page(viewport=DESKTOP)
        page.goto(site.url)
        page.keyboard.press("Tab")
        style = focus_is_visible(page)
        assert style["text"] == "Chat over praktijkleren"
        shot(page, "toetsenbord-widget-knop")
        page.keyboard.press("Enter")
        frame_el = page.locator("iframe[title='Chat met de praktijkbot']")
        frame_el.wait_for()
        frame = next(f for f in page.frames if re.search(r"/embed\?rol=kandidaat$", f.url))
        frame.get_by_role("button", name="Ik wil me aanmelden").wait_for()
        assert unlabelled(frame) == []
        # The focus went into the chat (the field, once the greeting is there): Tab moves
        # through the chat's own controls, each showing its focus, to the message field.
        assert controls(frame)[0].startswith("a Direct naar je bericht")
        assert frame.evaluate("document.hasFocus()")
        for _ in range(len(controls(frame)) + 1):
            if frame.evaluate("document.activeElement.id") == "bericht":
                break
            page.keyboard.press("Tab")
            focus_is_visible(frame)
        assert frame.evaluate("document.activeElement.id") == "bericht"
        focus_is_visible(frame)
        page.keyboard.type("wat is een praktijkverklaring?")
        page.keyboard.press("Enter")
        frame.locator("#gesprek li.bot", has_text="Bron:").wait_for()
        shot(page, "toetsenbord-widget-gesprek")
        page.close()
    finally:
        site.stop()


def test_login_and_dashboard_with_the_keyboard_only(stack, browser, world):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(stack.portal_url + "/dashboard/")
    assert unlabelled(page) == []
    assert tab_through(page) == list(range(len(controls(page))))
    page.goto(stack.portal_url + "/dashboard/")
    page.keyboard.press("Tab")  # the skip link
    assert focus_is_visible(page)["text"] == "Direct naar de inhoud"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "gebruiker"
    page.keyboard.type(world.username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Vandaag").wait_for()

    paths = world.dashboard_paths()
    assert len(paths) == 12
    for short, path in paths.items():
        page.goto(stack.portal_url + path)
        assert unlabelled(page) == [], path
        names = controls(page)
        assert names[0].startswith("a Direct naar de inhoud"), (path, names[:3])
        assert tab_through(page) == list(range(len(names))), path
        # The skip link passes the header and the menu: the next Tab is in the content.
        page.goto(stack.portal_url + path)
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "inhoud", path
        page.keyboard.press("Tab")
        passed = page.evaluate("!document.activeElement.closest('header, nav')")
        assert passed, (path, page.evaluate("document.activeElement.outerHTML.slice(0, 80)"))
        if short in ("vandaag", "melding"):
            shot(page, f"toetsenbord-{short}")
    # The menu says where you are.
    page.goto(stack.portal_url + "/dashboard/meldingen")
    current = page.locator(".hoofdmenu a[aria-current=page]")
    assert current.count() == 1 and current.inner_text() == "Niet aangekomen"
    page.close()
