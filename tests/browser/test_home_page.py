"""The home page as a new reader meets it: what the book is, how to read it, where the PDF
and EPUB are, then the entries in two parts, each with its one-line description (issue 17:
it was a bare numbered list of titles after four quote boxes)."""

from __future__ import annotations

from .browser_harness import Reader, require_browser

require_browser()


def test_the_home_page_says_how_to_read_the_book_then_lists_described_entries(
    reader: Reader,
) -> None:
    page = reader.open("index.html")
    article = page.locator("article.bd-article")
    headings = [h.strip() for h in article.locator("h2").all_inner_texts()]
    assert headings[:3] == ["How to read this book", "The main concepts", "The main methods"]
    # the book says what it is first; the quote boxes come after the entries
    first = article.locator("section > p").first
    assert first.inner_text().startswith("Mechanistic interpretability")
    after_the_lists = article.locator("div.callout").evaluate_all(
        """(boxes) => { const list = document.querySelector('section#the-main-methods ol');
          return boxes.map((b) => Boolean(list.compareDocumentPosition(b) &
                                          Node.DOCUMENT_POSITION_FOLLOWING)); }"""
    )
    assert all(after_the_lists)
    # the PDF and the EPUB, from the text itself
    for label in ("PDF", "EPUB"):
        link = article.locator("section#how-to-read-this-book a", has_text=label)
        assert link.count() == 1, label
        assert (link.get_attribute("href") or "").startswith("https://"), label
    # each entry: a link and a one-line description, grouped in two parts
    for part, count in (("the-main-concepts", 24), ("the-main-methods", 10)):
        items = article.locator(f"section#{part} ol > li")
        assert items.count() == count, part
        for text in items.all_inner_texts():
            title, _, description = text.partition(" \u2014 ")
            assert title and len(description.split()) >= 5, text
