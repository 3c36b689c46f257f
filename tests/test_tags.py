"""Tags: fixtures, token shapes, helpers, and a no-visible-text-lost property."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.utils import read_fixture_file

from textutil import is_subsequence, visible
from wikilink_ext.syntax.tags import (
    frontmatter_tags,
    is_tag_char,
    normalize_tag,
    scan_tag,
    tag_plugin,
)

FIXTURES = Path(__file__).parent / "fixtures" / "tags.md"


def _md() -> MarkdownIt:
    return MarkdownIt("commonmark").use(tag_plugin)


@pytest.mark.parametrize(
    ("line", "title", "text", "expected"),
    read_fixture_file(FIXTURES),
    ids=[f"{case[0]}-{case[1]}" for case in read_fixture_file(FIXTURES)],
)
def test_fixtures(line: int, title: str, text: str, expected: str) -> None:
    assert _md().render(text) == expected


def test_token_shape() -> None:
    children = _md().parse("see #Nested/Tag.\n")[1].children
    assert children is not None
    token = children[1]
    assert (token.type, token.tag, token.nesting) == ("tag", "", 0)
    assert (token.content, token.markup, token.meta) == ("#Nested/Tag", "#", {"tag": "Nested/Tag"})
    assert children[2].content == "."


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("#tag", "tag"),
        ("#1984", None),
        ("#y1984", "y1984"),
        ("#", None),
        ("# x", None),
        ("#a.b", "a"),
        ("x", None),
        ("#日本", "日本"),
    ],
)
def test_scan_tag(text: str, name: str | None) -> None:
    assert scan_tag(text) == name


def test_scan_tag_stops_at_bound() -> None:
    assert scan_tag("#abc", 0, 3) == "ab"


@pytest.mark.parametrize(("char", "ok"), [("a", True), ("_", True), ("/", True), (".", False)])
def test_is_tag_char(char: str, ok: bool) -> None:
    assert is_tag_char(char) is ok


@pytest.mark.parametrize(
    ("tag", "key"), [("#Inbox/To-Read", "inbox/to-read"), ("TAG", "tag"), (" #x ", "x")]
)
def test_normalize_tag(tag: str, key: str) -> None:
    assert normalize_tag(tag) == key


@pytest.mark.parametrize(
    ("value", "tags"),
    [
        ("recipe, cooking", ["recipe", "cooking"]),
        ("#a #b,c", ["a", "b", "c"]),
        (["recipe", "#cooking", " x "], ["recipe", "cooking", "x"]),
        (("a",), ["a"]),
        ([2024, None, True, "", "#"], ["2024"]),
        (None, []),
        ("", []),
        ({"a": 1}, []),
        (7, ["7"]),
    ],
)
def test_frontmatter_tags(value: object, tags: list[str]) -> None:
    assert frontmatter_tags(value) == tags


@given(st.text(alphabet="ab1 #/-_,\n`", max_size=40))
def test_property_no_visible_text_lost(text: str) -> None:
    if "```" in text:
        text = text.replace("`", "")  # a fence would turn text into an info string
    expected = "".join(ch for ch in text if ch.isalnum())
    assert is_subsequence(expected, visible(_md().render(text)))


@given(st.text(max_size=200))
def test_property_never_raises(text: str) -> None:
    _md().render(text)
    frontmatter_tags(text)
