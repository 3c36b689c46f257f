"""What test_reader.py does not cover: search snippets, maths in dark mode, pages that fit a
phone, and an automated accessibility check (axe-core) of the basics in both modes."""

from __future__ import annotations

from typing import Any

import pytest

from .browser_harness import WIDTHS, Reader, require_browser

require_browser()

HOW = "How this book is built.html"  # shows every callout type, folded ones included
KEY_PAGES = [
    "index.html",
    "Neuron.html",
    "QK-Circuit.html",
    HOW,
    "References.html",
    "graph.html",
    "search.html?q=superposition",
]


def test_search_snippets_show_formulas_as_text(reader: Reader) -> None:
    page = reader.open("search.html?q=bilinear")
    page.wait_for_selector("#search-results ul.search li p.context")
    snippets = " ".join(page.locator("#search-results p.context").all_inner_texts())
    assert "W_Q" in snippets  # W_{QK}, W_Q^{h\,T} … as Unicode text
    assert "\\(" not in snippets and "{QK}" not in snippets and "^{" not in snippets


def test_maths_takes_the_colour_of_the_text(moded_reader: Reader) -> None:
    page = moded_reader.open("QK-Circuit.html")
    assert page.locator("article mjx-container").count() >= 5
    assert "\\(" not in page.locator("article").inner_text()
    formula, text = page.eval_on_selector(
        "article p mjx-container",
        "e => [getComputedStyle(e).color, getComputedStyle(e.parentElement).color]",
    )
    assert formula == text


@pytest.mark.parametrize("path", KEY_PAGES)
def test_key_pages_fit_the_screen(reader: Reader, path: str) -> None:
    page = reader.open(path)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - innerWidth")
    assert overflow <= 1, f"{path} scrolls sideways by {overflow}px at {reader.width}px"


def axe_violations(page: Any, rules: list[str]) -> list[str]:
    axe = pytest.importorskip(
        "axe_playwright_python.sync_playwright", reason="axe-playwright-python (test group)"
    )
    options = {"runOnly": {"type": "rule", "values": rules}, "resultTypes": ["violations"]}
    results = axe.Axe().run(page, options=options)
    return [
        f"{violation['id']}: {node['target']} {node.get('failureSummary', '')}"
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]


@pytest.mark.parametrize("path", ["Neuron.html", HOW, "graph.html", "References.html"])
def test_accessibility_basics(moded_reader: Reader, path: str) -> None:
    """Heading order, link names, and the contrast of every text colour, the callouts' eleven
    colour families included, checked by axe-core in light and in dark mode."""
    page = moded_reader.open(path)
    for title in page.locator("div.callout-foldable.callout-folded > .admonition-title").all():
        title.click()  # open the folded callouts so that their text is checked too
    violations = axe_violations(page, ["heading-order", "link-name", "color-contrast"])
    assert violations == [], "\n".join(violations)


def test_widths_are_a_laptop_and_a_phone() -> None:
    assert {w for w, _ in WIDTHS.values()} == {1280, 400}
