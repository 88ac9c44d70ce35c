"""What the accessibility tests run inside a page: axe-core, and a walk through every control with
the Tab key that tells whether focusing it changes what the screen shows.

axe-core comes from npm at the version of package-lock.json (``scripts/setup test`` runs
``npm ci`` into node_modules/); without it the tests skip, except under CI=true, where they fail.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from support import REPO

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0 and 2.1, levels A and AA: the rules the issue asks for, nothing else (no best practices).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_source() -> str:
    if not AXE.is_file():
        message = f"{AXE.relative_to(REPO)} is missing (scripts/setup test runs npm ci)"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return AXE.read_text("utf-8")


def axe_violations(page: Any, name: str) -> list[str]:
    """Run axe-core's WCAG 2.0/2.1 A and AA rules on ``page``; one line per failing element,
    naming the page, the rule and the element (CSS selector and HTML)."""
    page.add_script_tag(content=axe_source())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    found = []
    for rule in result["violations"]:
        for node in rule["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            snippet = " ".join(node["html"].split())[:200]
            why = " ".join(node["failureSummary"].split())[:300]
            found.append(f"{name}: {rule['id']} ({rule['help']}) at {target}: {snippet} -- {why}")
    return found


# The element that has focus, inside the embed kit's preview frame too, and the screen area around
# it (with its <label>s): where a focus ring must show.
FOCUSED = """() => {
  let el = document.activeElement, dx = 0, dy = 0;
  while (el && el.tagName === 'IFRAME' && el.contentDocument) {
    const frame = el.getBoundingClientRect();
    dx += frame.left; dy += frame.top;
    el = el.contentDocument.activeElement;
  }
  if (!el || el === el.ownerDocument.body) return null;
  if (el.dataset.wnSeen) return {again: true};
  el.dataset.wnSeen = '1';
  let box = el.getBoundingClientRect();
  let [left, top, right, bottom] = [box.left, box.top, box.right, box.bottom];
  for (const label of el.labels || []) {
    const r = label.getBoundingClientRect();
    if (r.width && r.height) {
      left = Math.min(left, r.left); top = Math.min(top, r.top);
      right = Math.max(right, r.right); bottom = Math.max(bottom, r.bottom);
    }
  }
  const pad = 8;
  left = Math.max(0, left + dx - pad); top = Math.max(0, top + dy - pad);
  right = Math.min(innerWidth, right + dx + pad); bottom = Math.min(innerHeight, bottom + dy + pad);
  const html = el.outerHTML.replace(/\\s+/g, ' ').slice(0, 160);
  if (right - left < 1 || bottom - top < 1) return {html, clip: null};
  return {html, clip: {x: left, y: top, width: right - left, height: bottom - top}};
}"""
BLUR = """() => {
  let el = document.activeElement;
  while (el && el.tagName === 'IFRAME' && el.contentDocument) el = el.contentDocument.activeElement;
  el.blur();
}"""
NO_MOTION = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def focus_without_ring(page: Any, limit: int = 200) -> tuple[int, list[str]]:
    """Tab through the page: how many controls took focus, and those whose screen area looks the
    same focused and not (no visible focus) or that are off the screen when focused."""
    page.add_style_tag(content=NO_MOTION)
    reached, missing = 0, []
    for _ in range(limit):
        page.keyboard.press("Tab")
        found = page.evaluate(FOCUSED)
        if found is None or found.get("again"):
            break
        reached += 1
        if found["clip"] is None:
            missing.append(f"off screen when focused: {found['html']}")
            continue
        focused = page.screenshot(clip=found["clip"])
        page.evaluate(BLUR)
        if page.screenshot(clip=found["clip"]) == focused:
            missing.append(f"no visible focus: {found['html']}")
    return reached, missing
