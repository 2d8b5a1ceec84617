"""The portal's look (issue 13, part 5) as data: WCAG 2.1 AA contrast of the project's
tokens (text 4.5:1, controls and the focus ring 3:1), the widget using the same values,
the vendored NL Design System CSS matching its pinned refresh script, and every page
loading the components and the tokens from the portal itself (nothing from elsewhere).
axe-core checks the rendered pages in tests/browser/test_look_browser.py."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
STATIC = ROOT / "bot" / "portal" / "static"
TEMPLATES = ROOT / "bot" / "portal" / "templates"
TOKENS = (STATIC / "tokens.css").read_text(encoding="utf-8")
VENDOR = STATIC / "vendor" / "utrecht-component-library-css"


def colours() -> dict[str, str]:
    found = dict(re.findall(r"--praktijkbot-color-([a-z-]+):\s*(#[0-9a-fA-F]{6});", TOKENS))
    assert found, "no --praktijkbot-color-* tokens in tokens.css"
    return found


def luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_text_pairs_pass_aa():
    c = colours()
    pairs = [  # (text, background) as the pages use them
        ("text", "background"),
        ("text-muted", "background"),
        ("primary", "background"),
        ("background", "primary"),
        ("background", "primary-dark"),
        ("text", "primary-subtle"),
        ("primary", "primary-subtle"),
        ("primary-dark", "primary-subtle"),
        ("text-muted", "primary-subtle"),
        ("text", "error-subtle"),
        ("text", "warning-subtle"),
        ("text", "ok-subtle"),
        ("background", "error"),
        ("warning", "background"),
        ("text", "focus-inverse"),
        ("text", "background-alt"),
        ("text-muted", "warning-subtle"),
        ("background", "control-border"),
    ]
    for fg, bg in pairs:
        assert contrast(c[fg], c[bg]) >= 4.5, (fg, bg, round(contrast(c[fg], c[bg]), 2))


def test_controls_and_focus_ring_are_visible():
    c = colours()
    assert contrast(c["control-border"], c["background"]) >= 3.0  # WCAG 1.4.11
    for ground in ("background", "primary-subtle"):
        assert contrast(c["focus"], c[ground]) >= 3.0, ground  # the ring's dark outline
    # on the dark blue (primary button, menu) the yellow inner ring carries the contrast
    assert contrast(c["focus-inverse"], c["primary"]) >= 3.0
    assert re.search(r"--utrecht-focus-outline-width:\s*[3-9]px", TOKENS)


def test_touch_targets_are_large():
    size = re.search(r"--praktijkbot-target-size:\s*(\d+)px", TOKENS)
    assert size and int(size.group(1)) >= 44
    assert "--utrecht-button-min-block-size: var(--praktijkbot-target-size)" in TOKENS


def test_widget_uses_the_tokens_values():
    widget = (STATIC / "widget.js").read_text(encoding="utf-8")
    named = re.findall(r'"(#[0-9a-fA-F]{6})",?\s*// --praktijkbot-color-([a-z-]+)', widget)
    assert len(named) >= 4
    c = colours()
    for value, token in named:
        assert c[token].lower() == value.lower(), token


def test_vendored_css_matches_its_pinned_refresh_script():
    script = (ROOT / "scripts" / "vendor_nlds.sh").read_text(encoding="utf-8")
    package = re.search(r"^PACKAGE=(\S+)$", script, re.M).group(1)
    version = re.search(r"^VERSION=(\S+)$", script, re.M).group(1)
    integrity = re.search(r"^INTEGRITY=(\S+)$", script, re.M).group(1)
    note = (VENDOR / "VERSION").read_text(encoding="utf-8")
    assert note.splitlines()[0] == f"{package}@{version}"
    assert f"integrity: {integrity}" in note and "license: EUPL-1.2" in note
    assert "EUROPEAN UNION PUBLIC LICENCE" in (VENDOR / "LICENSE.md").read_text(encoding="utf-8")
    css = (VENDOR / "index.css").read_text(encoding="utf-8")
    assert ".utrecht-button--primary-action" in css and ".utrecht-skip-link" in css


def test_every_page_loads_components_and_tokens_from_the_portal():
    pages = [STATIC / "chat.html", TEMPLATES / "base.html"]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        links = re.findall(r'<link rel="stylesheet" href="([^"]+)">', html)
        assert links[:2] == [
            "/static/vendor/utrecht-component-library-css/index.css",
            "/static/tokens.css",
        ], page.name
        assert "utrecht-skip-link" in html and "praktijkbot-theme" in html, page.name
    files = list(STATIC.glob("*.css")) + list(STATIC.glob("*.html")) + [VENDOR / "index.css"]
    assert len(files) >= 5  # chat.css, dashboard.css, tokens.css, chat.html, the vendor file
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), path.name
        assert "@import" not in text, path.name


def test_templates_extend_base_and_keep_its_blocks():
    base = (TEMPLATES / "base.html").read_text(encoding="utf-8")
    assert "{% block content %}{% endblock %}" in base
    assert 'aria-label="Hoofdmenu"' in base and 'id="inhoud"' in base
    templates = list(TEMPLATES.glob("*.html"))
    assert len(templates) >= 10
    for template in templates:
        if template.name == "base.html" or "{% block content %}" not in template.read_text():
            continue  # base itself, and parts a page includes (today_list, network_fields)
        text = template.read_text(encoding="utf-8")
        assert text.startswith('{% extends "base.html" %}'), template
