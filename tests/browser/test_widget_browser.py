"""The web widget in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright):
open the chat, ask, see the answer, press a button, reload and still see the
conversation, link with a code, receive a proactive check-in; the embeddable snippet;
HTML typed by a user is shown as text. Screenshots go to var/test-artifacts/.
On the session's shared stack; `browser` is in tests/browser/conftest.py."""

import datetime as dt

from stacks import shot

from bot.candidates.linking import create_invite
from bot.candidates.trajecten import register_traject
from bot.store.engine import session
from bot.store.models import Candidate, CheckIn


def bot_messages(page):
    return page.locator("#gesprek li.bot")


def send(page, text):
    page.get_by_label("Je bericht").fill(text)
    page.get_by_role("button", name="Verstuur").click()


def test_candidate_chat_question_button_reload_link_and_proactive_checkin(stack, browser, axe):
    page = browser.new_page(viewport={"width": 390, "height": 844})  # phone width
    page.goto(stack.portal_url + "/")
    page.get_by_role("button", name="Ik wil me aanmelden").wait_for()  # greeting with buttons
    send(page, "wat is een praktijkverklaring?")  # a candidate entry, without line numbers
    answer = page.locator("#gesprek li.bot", has_text="Bron:")
    answer.wait_for()
    assert ", r. " not in answer.inner_text()
    shot(page, "kandidaat-antwoord")
    axe(page)
    page.get_by_role("button", name="Ik wil me aanmelden").first.click()
    page.locator("#gesprek li.bot", has_text="Mag ik je antwoorden bewaren?").wait_for()
    count = page.locator("#gesprek li").count()
    page.reload()
    page.locator("#gesprek li.bot", has_text="Mag ik je antwoorden bewaren?").wait_for()
    assert page.locator("#gesprek li").count() == count  # the conversation survived
    shot(page, "kandidaat-na-herladen")
    page.get_by_role("button", name="Nee, liever niet").click()
    page.locator("#gesprek li.bot", has_text="Ik bewaar niets").wait_for()

    with session(stack.db) as s:
        c = Candidate(first_name="Lina", region="twente")
        s.add(c)
        s.flush()
        code = create_invite(s, c.id, dt.datetime.utcnow())
        s.commit()
        candidate_id = c.id
    page.get_by_role("button", name="Ik heb een code").click()
    page.locator("#gesprek li.bot", has_text="Typ je koppelcode").wait_for()
    send(page, code)
    page.locator("#gesprek li.bot", has_text="Gelukt").wait_for()
    with session(stack.db) as s:
        c = s.get(Candidate, candidate_id)
        assert c.channel == "web" and c.conversation_id.startswith("web-")
        t = register_traject(s, candidate_id, "Bakkerij", dt.date.today())
        checkin = s.query(CheckIn).filter_by(traject_id=t.id).one()
        checkin.due_at = dt.datetime.utcnow()
        s.commit()
    # The page has been open all along; the scheduler's check-in appears by itself.
    page.locator("#gesprek li.bot", has_text="korte check-in").wait_for(timeout=30_000)
    page.get_by_role("button", name="Gaat wel").wait_for()
    shot(page, "kandidaat-check-in")
    axe(page)
    page.get_by_role("button", name="Gaat wel").click()
    page.locator("#gesprek li.bot", has_text="Aan welke taak").wait_for()
    page.close()


def test_typed_html_is_shown_as_text_and_keyboard_works(stack, browser, axe):
    page = browser.new_page()
    page.goto(stack.portal_url + "/consulent")
    page.get_by_role("heading", name="Chat voor consulenten").wait_for()
    page.get_by_label("Uw vraag").focus()
    page.keyboard.type("<script>window.hacked=1</script><b>vet</b>")
    page.keyboard.press("Enter")
    page.locator("#gesprek li.user", has_text="<script>").wait_for()
    page.locator("#gesprek li.bot").first.wait_for()
    assert page.evaluate("window.hacked") is None
    assert page.locator("#gesprek b").count() == 0
    assert page.locator("#gesprek script").count() == 0
    page.keyboard.press("Tab")  # focus moves to the send button, then on
    shot(page, "consulent-html-als-tekst")
    axe(page)
    page.close()


def test_embeddable_snippet_opens_the_chat(stack, browser, axe):
    page = browser.new_page()
    page.goto(stack.portal_url + "/health")  # any page on a server; the snippet loads cross-page
    page.set_content(
        "<html lang='nl'><head><title>Gemeente Voorbeeld</title></head>"
        "<body><main><h1>Gemeente Voorbeeld</h1></main>"
        f"<script src='{stack.portal_url}/widget.js' data-rol='kandidaat'></script></body></html>"
    )
    button = page.get_by_role("button", name="Chat over praktijkleren")
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    frame = page.frame_locator("iframe[title='Chat met de praktijkbot']")
    frame.get_by_role("button", name="Ik wil me aanmelden").wait_for()
    shot(page, "widget-op-andere-site")
    axe(page)
    axe(next(f for f in page.frames if "/embed" in f.url))
    page.close()
