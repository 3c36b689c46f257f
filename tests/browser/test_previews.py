"""Previews as Quartz shows them: the rendered target, not a line of summary. A heading
link's preview holds that heading's whole section, a note link's the note's first section,
a citation's its bibliography entry with "Cited in"; maths typeset, the box scrolls."""

from __future__ import annotations

from .browser_harness import Reader, require_browser

require_browser()

BUILT = "How this book is built.html"
PREVIEW = "#wikilink-preview"
RENDERED = f"{PREVIEW} .wikilink-preview-rendered"
SECTION = "deeper-layers-q-and-k-composition"
PARAGRAPH_STARTS = """(root) => [...document.querySelector(root).querySelectorAll('p')]
  .map((p) => { const copy = p.cloneNode(true);
                copy.querySelectorAll('mjx-container, .math').forEach((m) => m.remove());
                return copy.textContent.trim().split(/\\s+/).slice(0, 6).join(' '); })"""


def hover_preview(page: object, link: object) -> None:
    link.scroll_into_view_if_needed()  # type: ignore[attr-defined]
    link.hover()  # type: ignore[attr-defined]
    page.wait_for_selector(RENDERED, state="visible")  # type: ignore[attr-defined]


def test_heading_preview_holds_the_whole_section(reader: Reader) -> None:
    page = reader.open("QK-Circuit.html")
    section = page.evaluate(PARAGRAPH_STARTS, f"section#{SECTION}")
    assert len(section) >= 2
    page = reader.open(BUILT)
    link = page.locator("a.wikilink[data-wikilink-preview]", has_text="Q- and K-composition")
    hover_preview(page, link.first)
    assert page.evaluate(PARAGRAPH_STARTS, RENDERED) == section
    page.wait_for_selector(f"{RENDERED} mjx-container")
    assert "\\(" not in page.locator(RENDERED).inner_text()
    box = page.evaluate(
        """(sel) => { const b = document.querySelector(sel); const s = getComputedStyle(b);
                      return [s.overflowY, b.scrollHeight > b.clientHeight]; }""",
        PREVIEW,
    )
    assert box[0] == "auto"
    if reader.width_name == "phone":
        assert box[1]  # a long section scrolls inside the box


def test_note_preview_shows_its_first_section_rendered(reader: Reader) -> None:
    page = reader.open("Induction Circuit.html")
    link = page.locator('article a.wikilink[href="Induction%20head.html"]').first
    hover_preview(page, link)
    rendered = page.locator(RENDERED)
    assert rendered.locator("div.callout").count() >= 1  # its Definition callout
    assert "attention head" in rendered.inner_text()
    assert rendered.locator("section").count() == 0  # the first section only
    assert rendered.locator(".wikilink-backlinks-box, .wikilink-graph-box").count() == 0


def test_citation_preview_shows_the_reference_and_where_it_is_cited(reader: Reader) -> None:
    page = reader.open("Induction head.html")
    cite = page.locator('article a.reference.internal[href^="References.html#"]').first
    hover_preview(page, cite)
    title = page.locator(f"{PREVIEW} .wikilink-preview-title").inner_text()
    assert "et al." in title and "20" in title
    text = page.locator(RENDERED).inner_text()
    assert "Elhage" in text and "Cited in" in text
    assert page.locator(f"{RENDERED} .wikilink-cited-in a").count() >= 2
    assert cite.get_attribute("title") is None  # no second, browser tooltip


def test_note_preview_renders_its_maths_not_the_description(reader: Reader) -> None:
    """QK-Circuit's preview was its ``description`` property, TeX left raw ("bilinear form
    W_Q^T W_K"); now its first section, formulas typeset."""
    page = reader.open("OV-Circuit.html")
    link = page.locator('article a.wikilink[href="QK-Circuit.html"]').first
    hover_preview(page, link)
    page.wait_for_selector(f"{RENDERED} mjx-container")
    text = page.locator(RENDERED).inner_text()
    assert "W_Q^T W_K" not in text and "\\(" not in text
    assert "decides which earlier positions the head attends to" in text
