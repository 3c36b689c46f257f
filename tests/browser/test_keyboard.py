"""A keyboard reader and a screen reader: every icon button shows where the focus is, the
formulas are not tab stops (MathJax put each one in the tab order: 27 Tabs to the first link
of Induction head), and axe-core finds no critical or serious violation on any page type."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .browser_harness import Reader, require_browser

require_browser()

NOT_ENTRIES = {"index", "genindex", "search", "graph", "References", "How this book is built"}
PAGE_TYPES = [
    "index.html",
    "Induction head.html",  # an entry: formulas, callouts, citations, backlinks, local graph
    "References.html",
    "How this book is built.html",
    "tags/index.html",
    "tags/mechinterp.circuits.html",
    "graph.html",
    "genindex.html",
    "search.html?q=superposition",
]
FOCUS_RING = """() => {
  const e = document.activeElement, s = getComputedStyle(e);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2
    && !/rgba\\(.*, 0\\)$/.test(s.outlineColor);
  const shadow = s.boxShadow !== 'none' && !/rgba\\(0, 0, 0, 0\\)/.test(s.boxShadow);
  return {name: e.getAttribute('aria-label') || e.title || e.className, ring: outline || shadow,
          header: e.closest('.bd-header-article, .bd-header') !== null};
}"""
FIRST_TEXT_LINK = """() => {
  const links = [...document.querySelectorAll('article.bd-article a[href]')].filter(
    (a) => !a.closest('.wikilink-note-tags') && !a.classList.contains('headerlink'));
  return links.length ? links[0] === document.activeElement : null;
}"""


def entries(book_html: Path) -> list[str]:
    return sorted(p.name for p in book_html.glob("*.html") if p.stem not in NOT_ENTRIES)


def test_icon_buttons_show_a_focus_ring(reader: Reader) -> None:
    page = reader.open("Induction head.html")
    seen: list[Any] = []
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_RING)
        if focused["header"]:
            seen.append(focused)
    assert len(seen) >= 5  # the ☰, source, download, full screen, colour mode buttons …
    assert [f["name"] for f in seen if not f["ring"]] == []


def test_tab_reaches_the_first_link_of_each_entry_in_five_presses(
    laptop: Reader, book_html: Path
) -> None:
    """After the skip link (Tab, Enter), at most five Tabs to the first link of the text."""
    slow = []
    for name in entries(book_html):
        page = laptop.open(name)
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.textContent.trim()") == (
            "Skip to main content"
        )
        page.keyboard.press("Enter")
        for _ in range(5):
            page.keyboard.press("Tab")
            if page.evaluate(FIRST_TEXT_LINK):
                break
        else:
            slow.append(name)
    assert len(entries(book_html)) >= 20
    assert slow == []


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_axe_finds_no_critical_or_serious_violation(reader: Reader, path: str) -> None:
    from axe_playwright_python.base import AXE_SCRIPT

    page = reader.open(path)
    if "search.html" in path:
        page.wait_for_selector("#search-results ul.search li", timeout=20000)
    page.evaluate(AXE_SCRIPT)
    # no preload: axe re-fetches the theme's @import "../basic.css" from the page's folder
    # instead of the stylesheet's (a 404 that the browser itself never asks for)
    results = page.evaluate("() => axe.run(document, {preload: false})")
    found = [
        f"{v['id']} ({v['impact']}): {node['target']}"
        for v in results["violations"]
        if v["impact"] in {"critical", "serious"}
        for node in v["nodes"]
    ]
    assert found == []
