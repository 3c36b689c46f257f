"""Comments: fixtures, token shapes, options, and a no-visible-text-lost property."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.utils import read_fixture_file

from textutil import is_subsequence, visible
from wikilink_ext.syntax.comments import comment_plugin

FIXTURES = Path(__file__).parent / "fixtures" / "comments.md"


def _md(**options: bool) -> MarkdownIt:
    return MarkdownIt("commonmark").use(comment_plugin, **options)


@pytest.mark.parametrize(
    ("line", "title", "text", "expected"),
    read_fixture_file(FIXTURES),
    ids=[f"{case[0]}-{case[1]}" for case in read_fixture_file(FIXTURES)],
)
def test_fixtures(line: int, title: str, text: str, expected: str) -> None:
    assert _md().render(text) == expected


def test_inline_token() -> None:
    children = _md().parse("a %%secret%% b\n")[1].children
    assert children is not None
    token = children[1]
    assert (token.type, token.tag, token.nesting) == ("comment_inline", "", 0)
    assert (token.content, token.markup, token.meta) == ("secret", "%%", {"closed": True})


def test_block_token() -> None:
    tokens = _md().parse("%%\nsecret\n\nmore\n%%\n")
    assert len(tokens) == 1
    token = tokens[0]
    assert (token.type, token.tag, token.nesting, token.map) == ("comment_block", "", 0, [0, 5])
    assert token.content == "\nsecret\n\nmore\n"
    assert token.hidden and token.block
    assert token.meta == {"closed": True}


def test_unclosed_tokens_are_marked() -> None:
    tokens = _md().parse("%%\nsecret\n")
    assert tokens[0].meta == {"closed": False}
    assert tokens[0].map == [0, 2]
    children = _md().parse("a %%b\n")[1].children
    assert children is not None and children[-1].meta == {"closed": False}


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("a %%unclosed\nb\n", "<p>a %%unclosed\nb</p>\n"),
        ("%%\nunclosed\n\nall\n", "<p>%%\nunclosed</p>\n<p>all</p>\n"),
        ("a %%closed%% b\n", "<p>a  b</p>\n"),
    ],
)
def test_unclosed_literal_option(text: str, html: str) -> None:
    assert _md(hide_unclosed=False).render(text) == html


# Plain text may hold paragraph breaks; comment text may hold single newlines, which is what
# the module supports (see its docstring for comments opened mid-paragraph across blank lines).
_plain = st.text(alphabet="ab\n.", max_size=10)
_comment = st.text(alphabet="xy\n", max_size=8).filter(lambda s: "\n\n" not in s)


@given(st.lists(st.one_of(_plain.map(lambda s: ("text", s)), _comment.map(lambda s: ("c", s)))))
def test_property_no_visible_text_lost(parts: list[tuple[str, str]]) -> None:
    text = "".join(value if kind == "text" else f"%%{value}%%" for kind, value in parts)
    expected = "".join(value for kind, value in parts if kind == "text")
    html = _md().render(text)
    seen = visible(html)
    assert is_subsequence("".join(ch for ch in expected if ch.isalnum()), seen)
    assert "x" not in seen and "y" not in seen


@given(st.text(max_size=200))
def test_property_never_raises(text: str) -> None:
    _md().render(text)
    _md(hide_unclosed=False).render(text)
    _md().render(text.replace("a", "%%"))
