"""The book's References page as a reader meets it: ordered by author then year, each work
linked once, and nothing on it that the book's authors wrote for themselves."""

from __future__ import annotations

import re
from pathlib import Path

from pybtex.database import parse_file

from wikilink_ext.bib.style import AuthorYearStyle
from wikilink_ext.syntax.markdown import obsidian_parser

ROOT = Path(__file__).resolve().parent.parent
ENTRIES = list(AuthorYearStyle().format_entries(parse_file(ROOT / "refs.bib").entries.values()))

# what a reader of the bibliography should never meet: reasons for picking a version or an
# author order, which belong in the entry's `annote` field (not printed)
NOTE_TO_SELF = re.compile(
    r"author (?:order|list) as in|cited in its|please cite as|note-to-self|in obsidian",
    re.IGNORECASE,
)


def test_book_bibliography_is_sorted_by_author_then_year() -> None:
    labels = [entry.label for entry in ENTRIES]
    elhage = [label for label in labels if label.startswith("Elhage et al.")]
    assert elhage == sorted(elhage), elhage
    keys = [entry.key for entry in ENTRIES]
    assert keys.index("elhage2021mathematical") < keys.index("elhage2022toy")


def _arxiv(href: str) -> str:
    pattern = r"https?://(?:www\.)?arxiv\.org/(?:abs|pdf)/([^/?#]+?)(?:v\d+)?(?:\.pdf)?$"
    found = re.match(pattern, href)
    return found.group(1) if found else href.rstrip("/")


def test_no_entry_links_the_same_work_twice() -> None:
    for entry in ENTRIES:
        hrefs = [_arxiv(h) for h in re.findall(r'href="([^"]+)"', entry.text.render_as("html"))]
        assert len(hrefs) == len(set(hrefs)), (entry.key, hrefs)


def test_bibliography_holds_no_note_to_self() -> None:
    for entry in ENTRIES:
        text = entry.text.render_as("text")
        assert not NOTE_TO_SELF.search(text), (entry.key, text)


def _published_text(markdown: str) -> str:
    """The words a reader sees: everything but %%comments%%."""
    seen: list[str] = []
    stack = list(obsidian_parser().parse(markdown))
    while stack:
        token = stack.pop(0)
        if token.type.startswith("comment"):
            continue
        if token.type in ("text", "code_inline"):
            seen.append(token.content)
        stack[0:0] = token.children or []
    return " ".join(seen)


def test_references_note_speaks_to_readers() -> None:
    text = _published_text((ROOT / "book" / "References.md").read_text(encoding="utf-8"))
    assert "Every work cited" in text  # the page's own introduction is read
    assert not NOTE_TO_SELF.search(text), text
