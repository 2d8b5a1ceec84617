"""The accessibility check every browser test can call: axe-core (pinned in
scripts/need_axe.sh, fetched into var/axe/ by `make test`) runs inside the page or frame and
must find no violation of WCAG 2.1 A/AA. Use the `axe` fixture (tests/browser/conftest.py):
`axe(page)` or `axe(frame)`; frames are checked one by one, each with its own call."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FETCH = ROOT / "scripts" / "need_axe.sh"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

RUN = """async (tags) => {
  const result = await window.axe.run(document, {
    runOnly: { type: "tag", values: tags }, iframes: false, resultTypes: ["violations"],
  });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => n.target.join(" ") + "  " + n.html.slice(0, 160)),
  }));
}"""


def axe_source() -> str:
    """axe.min.js of the pinned version (the fetch script is the one place of the pin)."""
    version = re.search(r"^VERSION=(\S+)$", FETCH.read_text(encoding="utf-8"), re.M)
    path = ROOT / "var" / "axe" / f"axe-{version.group(1) if version else '?'}.min.js"
    if not path.exists():
        pytest.fail(f"axe-core ontbreekt ({path}): draai scripts/need_axe.sh (make test doet dat)")
    return path.read_text(encoding="utf-8")


def violations(target, source: str) -> list[dict]:
    """axe's WCAG 2.1 AA violations in `target` (a Playwright Page or Frame). The script is
    evaluated, not added as a tag, so the portal's Content-Security-Policy does not stop it."""
    if not target.evaluate("() => !!window.axe"):
        target.evaluate(source + "\n;undefined")
    return target.evaluate(RUN, TAGS)


def report(found: list[dict]) -> str:
    lines = []
    for v in found:
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes): {v['help']}")
        lines.extend(f"    {node}" for node in v["nodes"][:5])
    return "\n".join(lines)
