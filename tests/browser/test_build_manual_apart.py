"""The build manual ("How this book is built", an appendix) as a reader of the book meets it:
after every entry in the sidebar, not a node of the book graph (test_reader.py), and its
syntax demos add nothing to the entries' "Linked from" lists. On the book itself, so that
dropping ``wikilink_appendices`` from book/conf.py fails here, not only in a test root."""

from __future__ import annotations

from .browser_harness import Reader, require_browser

require_browser()

MANUAL = "How this book is built"


def test_the_manual_comes_after_every_entry_in_the_sidebar(reader: Reader) -> None:
    page = reader.open("Induction head.html")
    titles = page.locator("#pst-primary-sidebar nav.bd-links a").all_text_contents()
    titles = [t.strip() for t in titles]
    assert MANUAL in titles and "Causal scrubbing" in titles and "Neuron" in titles
    assert titles.index(MANUAL) == len(titles) - 1
    # set apart from the last part, under a rule
    rest = page.locator("#pst-primary-sidebar ul.wikilink-nav-rest a")
    assert rest.all_text_contents() == [MANUAL]


def test_the_manual_adds_no_backlinks_to_the_entries(reader: Reader) -> None:
    page = reader.open("Induction head.html")
    box = page.locator(".wikilink-backlinks-box")
    box.scroll_into_view_if_needed()
    assert box.is_visible()
    sources = [s.strip() for s in box.locator(".wikilink-backlink-source a").all_text_contents()]
    assert "Induction Circuit" in sources  # the entries that link here are listed
    assert not [s for s in sources if MANUAL in s]
    assert "embeds this note" not in box.inner_text()
