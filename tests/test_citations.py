"""Pandoc citation syntax: the group parser, the markdown-it plugin and its invariants."""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.utils import read_fixture_file

from wikilink_ext.syntax.citations import Citation, CiteItem, citation_plugin, parse_citation_group

FIXTURES = Path(__file__).parent / "fixtures"


def _md() -> MarkdownIt:
    return MarkdownIt("commonmark").use(citation_plugin)


def _one(key: str, prefix: str = "", locator: str = "", suppress: bool = False) -> Citation:
    return Citation((CiteItem(key, prefix, locator, suppress),), narrative=False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("@key", _one("key")),
        ("@key, p. 3", _one("key", locator="p. 3")),
        ("@key p. 3", _one("key", locator="p. 3")),
        ("see @key, sec. 2", _one("key", prefix="see", locator="sec. 2")),
        ("-@key", _one("key", suppress=True)),
        ("see -@key, p. 1", _one("key", prefix="see", locator="p. 1", suppress=True)),
        (" @key ", _one("key")),
        ("@key.", _one("key", locator=".")),
        ("@a.b:c-d/e+f", _one("a.b:c-d/e+f")),
        ("@_k1", _one("_k1")),
        ("@1999doe", _one("1999doe")),
        ("@{key with anything: 1;2}", _one("key with anything: 1;2")),
        ("@{a{b}c}, p. 1", _one("a{b}c", locator="p. 1")),
        ("@key, pp.\n 3-5", _one("key", locator="pp. 3-5")),
        ("cf. foo@bar.com @key", _one("key", prefix="cf. foo@bar.com")),
        (
            "@a; see @b, p. 2; -@c",
            Citation(
                (CiteItem("a"), CiteItem("b", "see", "p. 2"), CiteItem("c", suppress_author=True)),
                narrative=False,
            ),
        ),
    ],
)
def test_parse_citation_group(text: str, expected: Citation) -> None:
    assert parse_citation_group(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "text",
        "foo@bar.com",
        "@",
        "@ key",
        "@-key",
        "@.key",
        "@{}",
        "@{unclosed",
        "@{two\nlines}",
        "@{a{b{c}}}",  # braces nest one level deep, no more
        "@{" + "k" * 500 + "}",  # a curly key is at most 400 characters
        "@{@{@{@{",
        "\\@key",
        "@a;",
        ";@a",
        "@a; text",
        "@a @b",
        "@a, cited in @b",
    ],
)
def test_parse_citation_group_rejects(text: str) -> None:
    assert parse_citation_group(text) is None


def test_keys_property() -> None:
    citation = parse_citation_group("@a; @b")
    assert citation is not None
    assert citation.keys == ("a", "b")


@pytest.mark.parametrize(
    ("line", "title", "source", "expected"), read_fixture_file(FIXTURES / "citations.md")
)
def test_fixtures(line: int, title: str, source: str, expected: str) -> None:
    assert _md().render(source) == expected, f"{title} (fixture line {line})"


def _citations(tokens: list[Token]) -> list[Token]:
    found: list[Token] = []
    for token in tokens:
        if token.type == "citation":
            found.append(token)
        if token.children:
            found.extend(_citations(token.children))
    return found


def test_token_shape() -> None:
    tokens = _md().parse("Intro.\n\nAs @a [p. 1] shows\nand [see -@b, ch. 2; @c].\n")
    first, second = _citations(tokens)
    assert (first.type, first.tag, first.nesting, first.map) == ("citation", "", 0, None)
    assert first.content == "@a [p. 1]"
    assert first.markup == "@"
    assert first.meta == {
        "citation": Citation((CiteItem("a", locator="p. 1"),), narrative=True),
        "line_offset": 0,
    }
    assert second.content == "[see -@b, ch. 2; @c]"
    assert second.markup == "[]"
    assert second.meta["line_offset"] == 1
    assert second.meta["citation"] == Citation(
        (CiteItem("b", "see", "ch. 2", suppress_author=True), CiteItem("c")), narrative=False
    )


def _visible(rendered: str) -> Counter[str]:
    """Characters a reader sees: tags dropped, entities decoded, whitespace ignored."""
    text = html.unescape(re.sub(r"<[^>]*>", "", rendered))
    return Counter(char for char in text if not char.isspace())


_CITATION_TEXT = st.text(
    alphabet=st.sampled_from(list("ab1_ @[];,.-{}:/\\*`()<>!\n")), max_size=60
) | st.text(max_size=60)


@settings(max_examples=300, deadline=None)
@given(_CITATION_TEXT)
def test_plugin_never_raises_nor_loses_text(source: str) -> None:
    """Whatever markdown-it alone would show, the plugin shows too (citations as source)."""
    md = _md()
    tokens = md.parse(source)
    rendered = md.renderer.render(tokens, md.options, {})
    for token in _citations(tokens):
        assert token.content
        assert token.content in source
    lost = _visible(MarkdownIt("commonmark").render(source)) - _visible(rendered)
    assert not lost, lost


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abc @[];,.{}\n")), max_size=60))
def test_every_character_survives(source: str) -> None:
    """With no Markdown syntax about, every input character is in the output or a citation."""
    md = _md()
    tokens = md.parse(source)
    rendered = html.unescape(md.renderer.render(tokens, md.options, {}))
    raw = "".join(token.content for token in _citations(tokens))
    for char in source:
        if not char.isspace():
            assert char in rendered or char in raw
