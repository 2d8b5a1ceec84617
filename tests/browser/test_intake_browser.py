"""Issue 12 on a phone-size candidate chat (headless Chromium): Hugo, easily overloaded,
asks to sign up and sees the consent question within two short messages, all on one
screen, with "Vraag 1 van N" and yes/no buttons; after "ja" the next question counts on.
Screenshot: var/test-artifacts/intake-eerste-vraag.png."""

from stacks import shot

from bot.questions import conversations

COUNT = len(conversations()["intake"].questions)


def test_hugo_sees_the_first_intake_question_on_one_phone_screen(stack, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})  # phone size
    page.goto(stack.portal_url + "/")
    start = page.get_by_role("button", name="Ik wil me aanmelden")
    start.wait_for()
    # a candidate's start screen never offers the consultants' client check (issue 12)
    assert page.get_by_role("button", name="Check of mijn klant in aanmerking komt").count() == 0
    before = page.locator("#gesprek li.bot").count()
    start.first.click()
    consent = page.locator("#gesprek li.bot", has_text="Mag ik je antwoorden bewaren?")
    consent.wait_for()
    new = page.locator("#gesprek li.bot").all()[before:]
    assert 1 <= len(new) <= 2  # at most two messages up to and with the first question
    assert f"Vraag 1 van {COUNT}" in consent.inner_text()
    boxes = [b.bounding_box() for b in new]
    screen = page.viewport_size["height"]  # both on one screen: nothing scrolled away
    assert boxes and all(b and 0 <= b["y"] and b["y"] + b["height"] <= screen for b in boxes)
    shot(page, "intake-eerste-vraag")
    page.get_by_role("button", name="Ja, dat mag").click()
    page.locator("#gesprek li.bot", has_text=f"Vraag 2 van {COUNT}").wait_for()
    assert "Hoe heet je" in page.locator("#gesprek li.bot").last.inner_text()
