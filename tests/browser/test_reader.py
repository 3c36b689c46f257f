# ruff: noqa: F811  (the fixtures imported below are arguments of the tests)
"""The book as a reader uses it: links, callouts, previews, graph, search, maths, a11y.

Each test opens the built book in chromium with the network cut off (browser_fixtures.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

import pytest

# The fixtures live in a module of their own, not in a conftest.py: tests/conftest.py is
# imported as "conftest" by other tests, and a second one would shadow it.
from browser_fixtures import (  # noqa: F401 (fixtures are found by name)
    DESKTOP,
    PHONE,
    Visit,
    base_url,
    browser,
    site,
    visit,
)

pytestmark = pytest.mark.browser

HOW = "How%20this%20book%20is%20built.html"


def in_viewport(page: Any, selector: str) -> bool:
    return bool(
        page.eval_on_selector(
            selector,
            "e => { const r = e.getBoundingClientRect();"
            " return r.top >= 0 && r.top < window.innerHeight; }",
        )
    )


def test_a_wikilink_lands_on_the_right_section_of_the_right_page(
    visit: Callable[..., Visit],
) -> None:
    v = visit()
    page = v.open(HOW)
    anchor = "one-layer-models-a-token-to-token-score-table"
    link = page.locator(f'a.wikilink[href="QK-Circuit.html#{anchor}"]').first
    link.click()
    page.wait_for_url(f"**/QK-Circuit.html#{anchor}")
    assert page.locator("h1").first.inner_text().startswith("QK-Circuit")
    heading = page.locator(f"section#{anchor} > h2, section#{anchor} > h3").first
    assert "token-to-token score table" in heading.inner_text()
    page.wait_for_function(
        f"() => {{ const r = document.getElementById('{anchor}').getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight; }"
    )
    assert in_viewport(page, f"#{anchor}")
    assert v.errors == [] and v.blocked == []


def test_a_folded_callout_opens_and_closes_with_mouse_and_keyboard(
    visit: Callable[..., Visit],
) -> None:
    v = visit()
    page = v.open(HOW)
    title = page.locator(
        "div.callout-foldable > .admonition-title", has_text="Why fold a callout?"
    ).first
    callout = title.locator("xpath=..")
    body = callout.locator(":scope > :not(.admonition-title)").first
    assert title.get_attribute("aria-expanded") == "false"
    assert not body.is_visible()
    title.click()
    assert title.get_attribute("aria-expanded") == "true"
    assert body.is_visible()
    title.click()
    assert title.get_attribute("aria-expanded") == "false"
    assert not body.is_visible()
    title.focus()
    page.keyboard.press("Enter")
    assert body.is_visible()
    page.keyboard.press(" ")
    assert not body.is_visible()
    assert v.errors == [] and v.blocked == []


def test_a_preview_appears_on_hover_and_on_keyboard_focus(visit: Callable[..., Visit]) -> None:
    v = visit()
    page = v.open("Neuron.html")
    link = page.locator("article a.wikilink[data-wikilink-preview]").first
    target = unquote(link.get_attribute("href") or "").split("#")[0].removesuffix(".html")
    popup = page.locator("#wikilink-preview")
    link.scroll_into_view_if_needed()
    link.hover()
    popup.wait_for(state="visible")
    assert target.split("/")[-1] in popup.locator(".wikilink-preview-title").inner_text()
    assert len(popup.locator(".wikilink-preview-text").inner_text()) > 20
    assert link.get_attribute("aria-describedby") == "wikilink-preview"
    page.mouse.move(1, 1)
    popup.wait_for(state="hidden")
    page.keyboard.press("Shift")  # keyboard modality, so that focus is :focus-visible
    link.focus()
    popup.wait_for(state="visible")
    page.keyboard.press("Escape")
    popup.wait_for(state="hidden")
    assert v.errors == [] and v.blocked == []


def test_the_book_graph_renders_and_its_nodes_navigate(visit: Callable[..., Visit]) -> None:
    v = visit()
    page = v.open("graph.html")
    page.wait_for_selector('#wikilink-book-graph[data-rendered="true"] svg')
    nodes = page.locator("#wikilink-book-graph a.wikilink-graph-node")
    assert nodes.count() >= 24
    node = nodes.filter(has_text="QK-Circuit").first
    href = node.get_attribute("href")
    assert href and "QK-Circuit" in href
    node.focus()  # as Tab would: the node keeps the focus (it is not moved in the document)
    assert page.evaluate("() => document.activeElement.textContent") == "QK-CircuitQK-Circuit"
    page.keyboard.press("Enter")
    page.wait_for_url("**/QK-Circuit.html")
    # the note's local graph: itself and its neighbours, each a link to the note
    page.wait_for_selector('#wikilink-local-graph[data-rendered="true"] svg')
    local = page.locator("#wikilink-local-graph a.wikilink-graph-node[href]")
    assert local.count() >= 2
    local.first.scroll_into_view_if_needed()
    # a node whose circle is not covered by another node's label, clicked with the mouse
    x, y, destination = page.evaluate(
        """() => {
          for (const node of document.querySelectorAll(
              "#wikilink-local-graph a.wikilink-graph-node[href]")) {
            const r = node.querySelector("circle").getBoundingClientRect();
            const x = r.left + r.width / 2, y = r.top + r.height / 2;
            const hit = document.elementFromPoint(x, y);
            if (hit && hit.closest("a") === node) return [x, y, node.getAttribute("href")];
          }
          return [0, 0, null];
        }"""
    )
    assert destination, "every node of the local graph is covered by another"
    page.mouse.click(x, y)
    page.wait_for_url("**/" + destination.split("#")[0].split("/")[-1])
    assert v.errors == [] and v.blocked == []


def test_search_finds_an_entry_by_an_alias_its_text_never_uses(
    visit: Callable[..., Visit],
) -> None:
    v = visit()
    page = v.open("search.html?q=TMS")
    page.wait_for_selector("#search-results ul.search li")
    titles = page.locator("#search-results ul.search li a").all_inner_texts()
    assert "Toy model of Superposition" in titles
    assert v.errors == [] and v.blocked == []


def test_search_snippets_show_formulas_as_text(visit: Callable[..., Visit]) -> None:
    v = visit()
    page = v.open("search.html?q=bilinear")
    page.wait_for_selector("#search-results ul.search li p.context")
    snippets = " ".join(page.locator("#search-results p.context").all_inner_texts())
    assert "W_Q" in snippets  # W_{QK}, W_Q^T… as plain text
    assert "\\(" not in snippets and "{QK}" not in snippets


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_maths_renders_with_the_network_off(visit: Callable[..., Visit], scheme: str) -> None:
    v = visit(scheme=scheme)
    page = v.open("QK-Circuit.html")
    page.wait_for_selector("article mjx-container")
    page.wait_for_function("() => document.fonts.status === 'loaded'")
    assert page.locator("article mjx-container").count() >= 5
    text = page.locator("article").inner_text()
    assert "\\(" not in text and "W_{QK}" not in text
    # the formula takes the colour of the text around it (readable in dark mode too)
    colours = page.eval_on_selector(
        "article p mjx-container",
        "e => [getComputedStyle(e).color, getComputedStyle(e.parentElement).color]",
    )
    assert colours[0] == colours[1]
    assert v.blocked == [] and v.errors == []


PAGES = [
    "index.html",
    "Neuron.html",
    "QK-Circuit.html",
    HOW,
    "References.html",
    "graph.html",
    "search.html?q=superposition",
]


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
@pytest.mark.parametrize("path", PAGES)
def test_no_console_errors_and_no_sideways_scrolling(
    visit: Callable[..., Visit], path: str, width: int
) -> None:
    v = visit(width=width, touch=width == PHONE)
    page = v.open(path)
    page.wait_for_timeout(500)  # let deferred scripts (MathJax, graph, previews) run
    assert v.errors == []
    assert v.blocked == []
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1


def axe_violations(page: Any, rules: list[str]) -> list[str]:
    axe = pytest.importorskip("axe_playwright_python.sync_playwright", reason="test group")
    results = axe.Axe().run(
        page, options={"runOnly": {"type": "rule", "values": rules}, "resultTypes": ["violations"]}
    )
    return [
        f"{violation['id']}: {node['target']} {node.get('failureSummary', '')}"
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["Neuron.html", HOW, "graph.html"])
def test_accessibility_basics(visit: Callable[..., Visit], path: str, scheme: str) -> None:
    """Heading order, link names and the contrast of every callout colour (How this book is
    built shows every callout type), in light and dark mode, checked by axe-core."""
    v = visit(scheme=scheme)
    page = v.open(path)
    page.wait_for_timeout(500)
    for callout in page.locator("div.callout-foldable.callout-folded > .admonition-title").all():
        callout.click()  # open folded callouts so that their text is checked too
    violations = axe_violations(page, ["heading-order", "link-name", "color-contrast"])
    assert violations == [], "\n".join(violations)
