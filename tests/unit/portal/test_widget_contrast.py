"""WCAG 2.1 AA contrast for the widget's colours (text 4.5:1, focus ring 3:1), read from
the stylesheet the pages use."""

import re
from pathlib import Path

CSS = (Path(__file__).resolve().parents[3] / "bot" / "portal" / "static" / "chat.css").read_text()


def luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def rule(selector: str) -> str:
    match = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", CSS)
    assert match, selector
    return match.group(1)


def colour(block: str, prop: str) -> str:
    return re.search(rf"(?<![-\w]){prop}:\s*(#[0-9a-fA-F]{{6}})", block).group(1)


def test_text_colours_pass_aa():
    body, bot, user, button = rule("body"), rule(".bot"), rule(".user"), rule("button")
    pairs = [
        (colour(body, "color"), colour(body, "background")),
        (colour(body, "color"), colour(bot, "background")),
        (colour(user, "color"), colour(user, "background")),
        (colour(button, "color"), colour(button, "background")),
        (colour(rule("button.keuze"), "color"), colour(rule("button.keuze"), "background")),
        (colour(rule(".status"), "color"), colour(body, "background")),
        (colour(rule("h1"), "color"), colour(body, "background")),
    ]
    for fg, bg in pairs:
        assert contrast(fg, bg) >= 4.5, (fg, bg, contrast(fg, bg))


def test_focus_ring_is_visible():
    ring = re.search(r"outline:\s*\d+px solid (#[0-9a-fA-F]{6})", CSS).group(1)
    assert contrast(ring, "#ffffff") >= 3.0


def test_touch_targets_are_large():
    assert "min-height: 48px" in rule("button")
    assert "min-height: 48px" in rule("input")
