"""Highlights: fixtures, token shapes, and a no-visible-text-lost property."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.utils import read_fixture_file

from textutil import is_subsequence, visible
from wikilink_ext.syntax.highlight import highlight_plugin

FIXTURES = Path(__file__).parent / "fixtures" / "highlight.md"


def _md() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("strikethrough").use(highlight_plugin)


@pytest.mark.parametrize(
    ("line", "title", "text", "expected"),
    read_fixture_file(FIXTURES),
    ids=[f"{case[0]}-{case[1]}" for case in read_fixture_file(FIXTURES)],
)
def test_fixtures(line: int, title: str, text: str, expected: str) -> None:
    assert _md().render(text) == expected


def test_token_shapes() -> None:
    children = _md().parse("==a *b*==\n")[1].children
    assert children is not None
    assert [(t.type, t.tag, t.nesting, t.markup) for t in children] == [
        ("mark_open", "mark", 1, "=="),
        ("text", "", 0, ""),
        ("em_open", "em", 1, "*"),
        ("text", "", 0, ""),
        ("em_close", "em", -1, "*"),
        ("mark_close", "mark", -1, "=="),
    ]


def test_unmatched_markers_are_merged_back_into_text() -> None:
    children = _md().parse("a ==b\n")[1].children
    assert children is not None
    assert [(t.type, t.content) for t in children] == [("text", "a ==b")]


@given(st.text(alphabet="ab =*_~\n", max_size=40))
def test_property_no_visible_text_lost(text: str) -> None:
    if "~~~" in text:
        text = text.replace("~", "")  # a "~~~" fence would turn text into an info string
    expected = "".join(ch for ch in text if ch.isalnum())
    assert is_subsequence(expected, visible(_md().render(text)))


@given(st.text(max_size=200))
def test_property_never_raises(text: str) -> None:
    _md().render(text)
