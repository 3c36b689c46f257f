"""The quick test before linkify-it's pretest (issue 18, 4 % of a build): it never hides a
link that linkify-it would find with fuzzy links off, and it spares most paragraphs the
regular expression."""

from __future__ import annotations

from pathlib import Path

import pytest
from linkify_it import LinkifyIt
from markdown_it import MarkdownIt

from wikilink_ext.syntax.linkify import may_hold_link, quicken_linkify
from wikilink_ext.syntax.markdown import use_obsidian

BOOK = Path(__file__).parent.parent / "book"
TRICKY = [
    "see https://example.org/a_b for more",
    "HTTPS://EXAMPLE.ORG in capitals",
    "mailto:someone@example.org",
    "write to someone@example.org",
    "ftp://files.example.org/x",
    "protocol-relative //cdn.example.org/lib.js",
    "a bare example.org and www.example.org",
    "an address 192.168.1.1 and 10.0.0.1/24",
    "ｈｔｔｐｓ：／／example.org in full width",  # noqa: RUF001
    "Ratio 3:1, time 10:30, a colon: here",
    "a@b, @mention, user@localhost",
    "no link at all in this sentence",
]


def book_paragraphs() -> list[str]:
    return [
        paragraph
        for note in sorted(BOOK.rglob("*.md"))
        for paragraph in note.read_text(encoding="utf-8").split("\n\n")
    ]


def linkify_it() -> LinkifyIt:
    return LinkifyIt().set({"fuzzy_link": False})


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_text_is_let_through_when_it_holds_a_link(text: str) -> None:
    assert may_hold_link(text) or not linkify_it().test(text)


def test_no_paragraph_of_the_book_loses_a_link() -> None:
    finder = linkify_it()
    skipped = [text for text in book_paragraphs() if not may_hold_link(text)]
    assert len(skipped) > 100
    assert not [text for text in skipped if finder.test(text)]


def parser(quick: bool) -> MarkdownIt:
    """As MyST makes it: linkify on, fuzzy links off (``myst_linkify_fuzzy_links``)."""
    md = use_obsidian(MarkdownIt("commonmark", {"linkify": True}).enable("linkify"))
    md.linkify.set({"fuzzy_link": False})
    return quicken_linkify(md, fuzzy_links=False) if quick else md


def test_same_tokens_and_fewer_regular_expressions() -> None:
    text = "\n\n".join([*book_paragraphs(), *TRICKY])
    slow = parser(False)
    calls = []
    original = LinkifyIt.pretest

    def counting(self: LinkifyIt, value: str) -> bool:
        calls.append(value)
        return original(self, value)

    mp = pytest.MonkeyPatch()
    mp.setattr(LinkifyIt, "pretest", counting)
    try:
        expected = slow.parse(text)
        slow_calls = len(calls)
        calls.clear()
        quick = parser(True)
        got = quick.parse(text)
    finally:
        mp.undo()
    assert [t.as_dict() for t in got] == [t.as_dict() for t in expected]
    assert any(c.type == "link_open" for t in got for c in t.children or ())
    assert len(calls) < slow_calls / 2


def test_fuzzy_links_keep_linkify_its_own_test() -> None:
    md = use_obsidian(MarkdownIt("commonmark", {"linkify": True}).enable("linkify"))
    assert quicken_linkify(md, fuzzy_links=True).linkify.pretest.__func__ is LinkifyIt.pretest
