"""The book graph's colours as a reader sees them: a legend of the tag groups above the graph,
notes of different tags in different colours, every node standing out from the page in light
and dark mode, and a way to tell the groups apart that is not colour alone. And the graph is
one click away in the sidebar of every kind of page, on a laptop and in a phone's drawer."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .browser_harness import Reader, require_browser

require_browser()

BOX = "#wikilink-book-graph"
LEGEND = "div.wikilink-graph-legend"
# the book's tag groups (each entry's first tag, book/*.md)
BOOK_GROUPS = {
    "#mechinterp/circuits",
    "#mechinterp/methods",
    "#mechinterp/foundations",
    "#mechinterp/superposition",
}


def node(page: Any, href: str) -> Any:
    return page.locator(f'{BOX} a.wikilink-graph-node[href="{href}"]')


def fill(page: Any, href: str) -> str:
    return str(node(page, href).locator("circle").evaluate("c => getComputedStyle(c).fill"))


def rgb(css: str) -> tuple[float, ...]:
    values = [float(v) for v in re.findall(r"[\d.]+", css)[:3]]
    assert len(values) == 3, css
    return tuple(values)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two CSS rgb() colours."""

    def luminance(css: str) -> float:
        def channel(c: float) -> float:
            c /= 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(c) for c in rgb(css))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_legend_is_visible_and_lists_the_tag_groups(reader: Reader) -> None:
    page = reader.open("graph.html")
    legend = page.locator(LEGEND)
    legend.scroll_into_view_if_needed()
    assert legend.is_visible()
    labels = legend.locator("span.wikilink-graph-legend-label").all_inner_texts()
    assert set(labels) >= BOOK_GROUPS
    # each entry says how many notes it holds; together, every note of the graph
    written = legend.locator(".wikilink-graph-legend-count").all_inner_texts()
    counts = [int(c.strip(" ()")) for c in written]
    assert sum(counts) == page.locator(f"{BOX} a.wikilink-graph-node").count()
    # the legend sits just above the graph, inside the page's width (a phone's too)
    box = legend.bounding_box()
    graph = page.locator(BOX).bounding_box()
    assert box["y"] + box["height"] <= graph["y"] + 1
    assert box["x"] >= 0 and box["x"] + box["width"] <= reader.width


def test_notes_with_different_tags_have_different_colours(reader: Reader) -> None:
    page = reader.open("graph.html")
    circuits = fill(page, "Induction%20head.html")  # #mechinterp/circuits
    superposition = fill(page, "Superposition.html")  # #mechinterp/superposition
    methods = fill(page, "Ablation.html")  # #mechinterp/methods
    assert len({circuits, superposition, methods}) == 3
    assert fill(page, "Induction%20Circuit.html") == circuits  # the same tag, the same colour
    # each legend swatch is its group's colour
    legend = page.locator(LEGEND)
    swatch = legend.locator("button", has_text="#mechinterp/circuits").locator(
        "span.wikilink-graph-swatch"
    )
    assert swatch.evaluate("s => getComputedStyle(s).backgroundColor") == circuits


def test_every_node_stands_out_from_the_page_in_light_and_dark_mode(moded_reader: Reader) -> None:
    """WCAG 1.4.11: a node's edge (its outline) at least 3:1 against the graph's background,
    whatever its fill; yellow and sky blue on white would not be."""
    page = moded_reader.open("graph.html")
    background = page.locator(BOX).evaluate("b => getComputedStyle(b).backgroundColor")
    assert (
        contrast(background, "rgb(255, 255, 255)") < 1.5
        or contrast(background, "rgb(0, 0, 0)") < 1.5
    ), background  # a real page colour, not transparent
    strokes = page.locator(f"{BOX} a.wikilink-graph-node circle").evaluate_all(
        "cs => cs.map(c => [getComputedStyle(c).stroke, getComputedStyle(c).strokeWidth])"
    )
    assert strokes
    for stroke, width in strokes:
        assert float(width.rstrip("px")) >= 1
        assert contrast(stroke, background) >= 3, (stroke, background)


def test_groups_are_told_apart_without_colour(reader: Reader) -> None:
    """The tooltip names the group, and a legend entry picks out its notes."""
    page = reader.open("graph.html")
    title = node(page, "Superposition.html").locator("title").text_content()
    assert title == "Superposition (#mechinterp/superposition)"
    button = page.locator(LEGEND).locator("button", has_text="#mechinterp/superposition")
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    outside = "el => el.classList.contains('is-outside')"
    assert node(page, "Superposition.html").evaluate(outside) is False
    assert node(page, "Induction%20head.html").evaluate(outside) is True
    faded = node(page, "Induction%20head.html").evaluate("a => getComputedStyle(a).opacity")
    assert float(faded) < 0.5
    button.click()  # pressed again: every note again
    assert button.get_attribute("aria-pressed") == "false"
    assert node(page, "Induction%20head.html").evaluate(outside) is False


PAGE_TYPES = [
    "Induction head.html",
    "index.html",
    "References.html",
    "tags/index.html",
    "tags/mechinterp.circuits.html",
    "search.html",
    "genindex.html",
]


def open_sidebar(page: Any, reader: Reader) -> Any:
    """The sidebar as the reader reaches it: beside the page on a laptop, in the drawer the
    visible ☰ opens on a phone."""
    if reader.width_name == "phone":
        page.locator("button.primary-toggle:visible").click()
        drawer = page.locator("dialog#pst-primary-sidebar-modal[open]")
        drawer.wait_for(state="visible", timeout=3000)
        return drawer
    return page.locator("#pst-primary-sidebar")


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_the_sidebar_link_opens_the_book_graph(reader: Reader, path: str) -> None:
    page = reader.open(path)
    link = open_sidebar(page, reader).locator("a.wikilink-graph-link", has_text="Book graph")
    link.scroll_into_view_if_needed()
    assert link.is_visible()
    link.click()
    page.wait_for_url("**/graph.html")
    page.locator(f"{BOX}[data-rendered='true']").wait_for(timeout=10000)
    assert page.locator(f"{BOX} svg a.wikilink-graph-node").count() > 30


def test_the_graph_page_keeps_the_link_marked_as_the_current_page(reader: Reader) -> None:
    page = reader.open("graph.html")
    link = open_sidebar(page, reader).locator("a.wikilink-graph-link")
    link.scroll_into_view_if_needed()
    assert link.is_visible()
    assert link.get_attribute("aria-current") == "page"
