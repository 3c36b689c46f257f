"""The book as a reader uses it, in a real browser, at desktop and phone widths: links land
where they point, folded callouts fold, previews show and hide, graphs draw and navigate,
backlinks link back, search finds aliases, formulas render offline. Every test also proves
(in the ``reader`` fixture) that its pages asked nothing of the network and logged no error."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import pytest
import yaml

from .browser_harness import Reader, require_browser

require_browser()

BUILT = "How this book is built.html"
HEADING_LINK_TEXT = "QK-Circuit > Mechanism > One-layer models a token-to-token score table"
HEADING_ID = "one-layer-models-a-token-to-token-score-table"


def page_name(url: str) -> str:
    return unquote(urlsplit(url).path.rsplit("/", 1)[-1])


def visible_to_reader(page: Any, selector: str) -> bool:
    """The element is inside the viewport and not covered (by a sticky header, say): the
    topmost element at its first line is the element itself or inside it."""
    return bool(
        page.evaluate(
            """(selector) => {
              const el = document.querySelector(selector);
              const r = el.getBoundingClientRect();
              if (r.bottom <= 0 || r.top >= innerHeight || r.height === 0) return false;
              const x = Math.min(r.left + Math.min(r.width, 40) / 2, innerWidth - 1);
              const y = Math.max(0, r.top) + 4;
              const hit = document.elementFromPoint(x, y);
              return hit !== null && (el === hit || el.contains(hit));
            }""",
            selector,
        )
    )


def test_heading_link_lands_on_its_section(reader: Reader) -> None:
    page = reader.open(BUILT)
    link = page.locator("a.wikilink", has_text=HEADING_LINK_TEXT)
    assert link.count() == 1
    link.click()
    page.wait_for_url(re.compile(rf"QK-Circuit\.html#{HEADING_ID}$"))
    page.wait_for_function("() => document.readyState === 'complete'")
    heading = f"#{HEADING_ID} > h3"
    assert page.locator(heading).inner_text().startswith("One-layer models")
    page.wait_for_function(
        """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
                     return r.top >= 0 && r.top < innerHeight / 2; }""",
        arg=heading,
    )
    assert visible_to_reader(page, heading)


def test_folded_callout_opens_and_closes_with_mouse_and_keyboard(reader: Reader) -> None:
    page = reader.open(BUILT)
    callout = page.locator("div.callout-foldable.callout-question")
    title = callout.locator(":scope > .admonition-title")
    body = callout.locator(":scope > :not(.admonition-title)").first
    assert "Why fold a callout?" in title.inner_text()
    assert body.is_hidden() and title.get_attribute("aria-expanded") == "false"

    title.click()
    assert body.is_visible() and title.get_attribute("aria-expanded") == "true"
    title.click()
    assert body.is_hidden() and title.get_attribute("aria-expanded") == "false"

    title.focus()
    page.keyboard.press("Enter")
    assert body.is_visible() and title.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Space")
    assert body.is_hidden() and title.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Space")
    assert body.is_visible()
    # Space toggles, it does not also scroll the page
    assert visible_to_reader(page, "div.callout-foldable.callout-question > .admonition-title")


def test_nested_callout_folded_open_starts_open(reader: Reader) -> None:
    page = reader.open(BUILT)
    page.locator("div.callout-foldable.callout-question > .admonition-title").click()
    nested = page.locator("div.callout-foldable.callout-example")
    title = nested.locator(":scope > .admonition-title")
    assert title.get_attribute("aria-expanded") == "true"
    title.click()
    assert title.get_attribute("aria-expanded") == "false"
    assert nested.locator(":scope > :not(.admonition-title)").first.is_hidden()


PREVIEW = "#wikilink-preview"


def test_preview_on_hover_and_on_keyboard_focus_and_escape(reader: Reader) -> None:
    page = reader.open("Induction head.html")
    link = page.locator("article a.wikilink[data-wikilink-preview]").first
    target = page_name(link.evaluate("a => a.href"))
    title = target.removesuffix(".html")

    link.scroll_into_view_if_needed()
    link.hover()
    page.wait_for_selector(PREVIEW, state="visible")
    assert page.locator(f"{PREVIEW} .wikilink-preview-title").inner_text().startswith(title)
    assert len(page.locator(f"{PREVIEW} .wikilink-preview-text").inner_text()) > 40
    assert link.get_attribute("aria-describedby") == "wikilink-preview"
    page.keyboard.press("Escape")
    page.wait_for_selector(PREVIEW, state="hidden")
    assert link.get_attribute("aria-describedby") is None

    page.mouse.move(0, 0)
    # keyboard: Tab from the element before the link (focus-visible, as a keyboard reader)
    link.evaluate(
        """a => { const b = document.createElement('button'); b.id = 'before-link';
                 b.textContent = 'x'; a.before(b); }"""
    )
    page.focus("#before-link")
    page.keyboard.press("Tab")
    assert link.evaluate("a => document.activeElement === a")
    page.wait_for_selector(PREVIEW, state="visible")
    assert page.locator(f"{PREVIEW} .wikilink-preview-title").inner_text().startswith(title)
    box = page.locator(PREVIEW).bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= reader.width
    page.keyboard.press("Escape")
    page.wait_for_selector(PREVIEW, state="hidden")
    assert link.evaluate("a => document.activeElement === a")


def test_preview_of_heading_link_shows_that_section(reader: Reader) -> None:
    page = reader.open(BUILT)
    link = page.locator("a.wikilink[data-wikilink-preview]", has_text="Q- and K-composition")
    link.first.hover()
    page.wait_for_selector(PREVIEW, state="visible")
    title = page.locator(f"{PREVIEW} .wikilink-preview-title").inner_text()
    assert title.startswith("QK-Circuit") and "composition" in title
    # that section's text has a formula: typeset by the book's MathJax, not raw TeX
    page.wait_for_selector(f"{PREVIEW} .wikilink-preview-text mjx-container")
    assert "\\(" not in page.locator(f"{PREVIEW} .wikilink-preview-text").inner_text()


def test_local_graph_draws_and_its_nodes_navigate(reader: Reader) -> None:
    page = reader.open("Induction head.html")
    graph = page.locator("#wikilink-local-graph")
    assert graph.get_attribute("data-rendered") == "true"
    nodes = graph.locator("svg a.wikilink-graph-node")
    assert nodes.count() >= 3
    assert graph.locator("svg line.wikilink-graph-edge").count() >= nodes.count() - 1
    current = graph.locator("a.wikilink-graph-node.is-current")
    assert current.count() == 1 and "Induction head" in (current.text_content() or "")
    box = graph.bounding_box()
    assert box is not None and box["width"] > 150 and box["height"] > 100
    for i in range(nodes.count()):  # every node is inside the drawing
        node = nodes.nth(i).locator("circle").bounding_box()
        assert node is not None
        assert (
            box["x"] - 1 <= node["x"] and node["x"] + node["width"] <= box["x"] + box["width"] + 1
        )
    other = graph.locator("a.wikilink-graph-node[href]").first
    href = other.get_attribute("href")
    assert href
    other.scroll_into_view_if_needed()
    other.locator("circle").click()
    page.wait_for_url(re.compile(re.escape(quote(page_name(reader.url(href))))))
    assert page_name(page.url) == page_name(reader.url(href))


def test_graph_node_follows_with_keyboard(reader: Reader) -> None:
    page = reader.open("Circuit.html")
    node = page.locator("#wikilink-local-graph a.wikilink-graph-node[href]").first
    href = node.get_attribute("href")
    assert href
    node.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(quote(page_name(reader.url(href))))))


def test_book_graph_page_draws_every_note(reader: Reader, book_html: Path) -> None:
    page = reader.open("graph.html")
    graph = page.locator("#wikilink-book-graph")
    assert graph.get_attribute("data-rendered") == "true"
    notes = {p.name for p in book_html.glob("*.html")} - {
        "genindex.html",
        "search.html",
        "graph.html",
        "How this book is built.html",  # the appendix (wikilink_appendices) is outside the graph
    }
    hrefs = graph.locator("svg a.wikilink-graph-node").evaluate_all(
        "nodes => nodes.map(a => a.href.baseVal !== undefined ? a.href.baseVal : a.href)"
    )
    assert {page_name(reader.url(h)) for h in hrefs} == notes
    titles = set(graph.locator("svg a.wikilink-graph-node text").all_text_contents())
    assert {"Induction head", "Superposition", "Circuit"} <= titles
    # the tooltip names the note and its colour group (test_graph_colours.py)
    tooltips = graph.locator("svg a.wikilink-graph-node title").all_text_contents()
    assert "Circuit (#mechinterp/circuits)" in tooltips
    box = graph.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 200
    graph.locator('a.wikilink-graph-node[href="Superposition.html"] circle').click()
    page.wait_for_url(re.compile(r"/Superposition\.html$"))


def test_backlinks_list_the_notes_that_link_here_and_their_links_work(reader: Reader) -> None:
    page = reader.open("QK-Circuit.html")
    box = page.locator(".wikilink-backlinks-box")
    assert "Linked from" in box.locator(".wikilink-backlinks-title").inner_text()
    sources = box.locator(".wikilink-backlink-source a")
    names = [page_name(reader.url(h)) for h in sources.evaluate_all("as => as.map(a => a.href)")]
    assert "Induction head.html" in names and "OV-Circuit.html" in names
    # each context is the sentence that links here, with the link marked
    assert box.locator(".wikilink-backlink-mark").count() >= len(names)
    source = sources.filter(has_text="Induction head").first
    source.scroll_into_view_if_needed()
    source.click()
    page.wait_for_url(re.compile(r"/Induction%20head\.html"))
    # and the note we came from does link to QK-Circuit
    assert page.locator('article a.wikilink[href^="QK-Circuit.html"]').count() >= 1


def test_backlink_jump_lands_on_the_linking_sentence(reader: Reader) -> None:
    page = reader.open("QK-Circuit.html")
    jump = page.locator(".wikilink-backlinks-box a:has(.wikilink-backlink-jump)").first
    href = jump.evaluate("a => a.href")
    fragment = urlsplit(href).fragment
    assert fragment
    jump.scroll_into_view_if_needed()
    jump.click()
    page.wait_for_url(re.compile(re.escape("#" + fragment) + "$"))
    target = page.locator(f"[id='{fragment}']")
    assert target.count() == 1
    page.wait_for_function(
        """(id) => { const r = document.getElementById(id).getBoundingClientRect();
                     return r.bottom > 0 && r.top < innerHeight; }""",
        arg=fragment,
    )


def aliases_of(note: str) -> list[str]:
    """The aliases of the note's frontmatter, as its author wrote them."""
    text = (Path(__file__).resolve().parents[2] / "book" / f"{note}.md").read_text()
    front = yaml.safe_load(text.split("---", 2)[1])
    return [str(alias) for alias in front["aliases"]]


# Aliases whose words the note's text does not contain (or not more than other notes do)
@pytest.mark.parametrize(
    ("note", "alias"),
    [
        ("Toy model of Superposition", "TMS"),
        ("QK-Circuit", "W_QK"),
        ("The Indirect Object Identification Circuit", "IOI circuit"),
        ("Transformer Circuits", "Residual stream framework"),
    ],
)
def test_search_finds_an_entry_by_its_alias(reader: Reader, note: str, alias: str) -> None:
    assert alias in aliases_of(note)
    page = reader.open(f"search.html?q={quote(alias)}")
    page.wait_for_selector("#search-results ul.search li", timeout=20000)
    first = page.locator("#search-results ul.search li a").first
    assert page_name(first.evaluate("a => a.href")) == f"{note}.html"


def test_maths_renders_offline(reader: Reader) -> None:
    page = reader.open("QK-Circuit.html")
    assert page.locator("article mjx-container").count() >= 5
    assert page.locator("article mjx-container mjx-math").first.is_visible()
    article = page.locator("article").inner_text()
    assert "\\(" not in article and "\\[" not in article and "$$" not in article
    # MathJax came from the book itself
    assert page.evaluate(
        "() => [...document.scripts].some(s => /_static\\/mathjax\\//.test(s.src))"
    )


def test_search_snippets_are_the_notes_own_text(reader: Reader) -> None:
    """A result's snippet quotes the note, not the theme's buttons or printed contents."""
    page = reader.open("search.html?q=TMS%20superposition")
    page.wait_for_selector("#search-results ul.search li p.context")
    snippet = page.locator("#search-results p.context").first.inner_text()
    page.goto(reader.url("Toy model of Superposition.html"))
    article = page.locator("article").first.evaluate(
        """a => { const copy = a.cloneNode(true);  // as the index reads it: the note's text
                  copy.querySelectorAll('.headerlink, script, style, .wikilink-note-tags, '
                    + '.cite-this-page').forEach(e => e.remove());
                  return copy.textContent; }"""
    )

    def words_of(text: str) -> str:  # the index puts ". " between a heading and its text
        return " ".join(re.sub(r"[^\w\s]", " ", text).lower().split())

    words = words_of(" ".join(snippet.strip(".").split()[1:-1]))  # first, last may be cut
    assert len(words) > 40
    assert "tags" not in words.split()[:3] and "copy to clipboard" not in words
    assert words in words_of(article)


OVERLAPPING_LABELS = """(box) => {
  const labels = [...document.querySelectorAll(box + ' svg a.wikilink-graph-node text')]
    .map((t) => [t.textContent, t.getBoundingClientRect()]);
  const found = [];
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) {
      const a = labels[i][1], b = labels[j][1];
      const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (x > 1 && y > 1) found.push(labels[i][0] + ' / ' + labels[j][0]);
    }
  }
  return found;
}"""


@pytest.mark.parametrize(
    ("path", "box"),
    [
        ("QK-Circuit.html", "#wikilink-local-graph"),
        ("Induction head.html", "#wikilink-local-graph"),
        ("graph.html", "#wikilink-book-graph"),
    ],
)
def test_graph_labels_do_not_overlap(reader: Reader, path: str, box: str) -> None:
    page = reader.open(path)
    assert page.locator(f"{box} svg text").count() >= 8
    assert page.evaluate(OVERLAPPING_LABELS, box) == []
