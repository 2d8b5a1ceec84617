"""Keyboard-only helpers for the browser tests (a helper module, not a test module): the
controls a page offers in document order, where Tab goes, and whether the control that has
the focus shows it."""

from __future__ import annotations

SUBSTOPS = 6  # the most Tab stops one control may have

# Every control the keyboard can reach and a person can see: links, buttons, fields. A skip
# link counts (it shows when it gets the focus); what is hidden or disabled does not.
FOCUSABLES = """() => {
  const all = document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex="-1"])');
  return Array.from(all).filter((el) => !el.disabled && el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== 'hidden');
}"""

DESCRIBE = f"""() => ({FOCUSABLES})().map((el) =>
  (el.id ? '#' + el.id : el.tagName.toLowerCase()) + ' '
  + (el.textContent || el.name || '').trim().slice(0, 40))"""

ACTIVE = f"""() => ({FOCUSABLES})().indexOf(document.activeElement)"""

# What the focused control looks like: its outline, or the ring drawn with a box shadow.
FOCUS_STYLE = """() => {
  const el = document.activeElement, s = getComputedStyle(el), r = el.getBoundingClientRect();
  return { outline: s.outlineStyle, width: parseFloat(s.outlineWidth) || 0, shadow: s.boxShadow,
           inView: r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
           tag: el.tagName.toLowerCase(), id: el.id,
           text: (el.textContent || '').trim().slice(0, 40) };
}"""

UNLABELLED = """() => Array.from(document.querySelectorAll(
    'input:not([type=hidden]), select, textarea'))
  .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                  && !el.getAttribute('aria-labelledby'))
  .map((el) => el.outerHTML.slice(0, 120))"""


def controls(target) -> list[str]:
    return target.evaluate(DESCRIBE)


def focus_is_visible(target) -> dict:
    """The focused control's look; fails unless it shows a ring of 2px or more, in view."""
    style = target.evaluate(FOCUS_STYLE)
    ring = (style["outline"] != "none" and style["width"] >= 2) or style["shadow"] != "none"
    assert ring and style["inView"], f"no visible focus on {style}"
    return style


def tab_through(page, target=None) -> list[int]:
    """From the first control of `target` (the page or a frame), presses Tab until each further
    control has had the focus, and returns the position in document order of each control
    that got it, checking that each one shows it. A date field has stops of its own (day,
    month, year, its calendar button): Tab is pressed again while the focus stays in it."""
    target = target or page
    target.evaluate(f"() => ({FOCUSABLES})()[0].focus()")
    order = [target.evaluate(ACTIVE)]
    focus_is_visible(target)
    for _ in range(len(controls(target)) - 1):
        for _press in range(SUBSTOPS):
            page.keyboard.press("Tab")
            now = target.evaluate(ACTIVE)
            if now != order[-1]:
                break
        order.append(now)
        focus_is_visible(target)
    return order


def unlabelled(target) -> list[str]:
    return target.evaluate(UNLABELLED)
