"""The wikilink and block-id plugins, without Sphinx: tables, fixtures and properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.utils import read_fixture_file

from wikilink_ext.syntax.blockids import block_id_plugin
from wikilink_ext.syntax.wikilinks import (
    WikiTarget,
    default_display,
    parse_wikilink,
    wikilink_plugin,
)

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(
    ("inner", "expected"),
    [
        ("Note", WikiTarget("Note")),
        (" Note ", WikiTarget("Note")),
        ("Note.md", WikiTarget("Note.md")),
        ("folder/Note", WikiTarget("folder/Note")),
        ("Note|text", WikiTarget("Note", display="text")),
        ("Note\\|text", WikiTarget("Note", display="text")),
        ("Note#H", WikiTarget("Note", headings=("H",))),
        ("Note#H1#H2", WikiTarget("Note", headings=("H1", "H2"))),
        ("#H", WikiTarget("", headings=("H",))),
        ("Note#^id-1", WikiTarget("Note", block="id-1")),
        ("#^id", WikiTarget("", block="id")),
        ("Note#H|a|b", WikiTarget("Note", headings=("H",), display="a|b")),
    ],
)
def test_parse_wikilink(inner: str, expected: WikiTarget) -> None:
    assert parse_wikilink(inner) == expected


@pytest.mark.parametrize(
    ("inner", "size"),
    [
        ("a.png|200", (200, None)),
        ("a.png|200x100", (200, 100)),
        ("a.png|alt", None),
        ("a.png", None),
    ],
)
def test_embed_size(inner: str, size: tuple[int, int | None] | None) -> None:
    assert parse_wikilink(inner, embed=True).size == size


def test_default_display() -> None:
    assert default_display(parse_wikilink("Note#A#B")) == "Note > A > B"
    assert default_display(parse_wikilink("#^x")) == "^x"


@pytest.mark.parametrize(
    ("line", "title", "text", "expected"),
    read_fixture_file(FIXTURES / "wikilinks.md"),
    ids=[f[1] for f in read_fixture_file(FIXTURES / "wikilinks.md")],
)
def test_wikilink_fixtures(line: int, title: str, text: str, expected: str) -> None:
    md = MarkdownIt("commonmark").enable("table").use(wikilink_plugin)
    assert md.render(text) == expected


@pytest.mark.parametrize(
    ("line", "title", "text", "expected"),
    read_fixture_file(FIXTURES / "blockids.md"),
    ids=[f[1] for f in read_fixture_file(FIXTURES / "blockids.md")],
)
def test_blockid_fixtures(line: int, title: str, text: str, expected: str) -> None:
    md = MarkdownIt("commonmark").enable("table").use(block_id_plugin)
    assert md.render(text) == expected


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="[]|#^!ab \n\\.`", max_size=60))
def test_plugins_never_raise_and_never_lose_text(text: str) -> None:
    md = MarkdownIt("commonmark").enable("table").use(wikilink_plugin).use(block_id_plugin)
    rendered = md.render(text)
    plain = MarkdownIt("commonmark").enable("table").render(text)
    # every letter CommonMark shows survives: as text, as a link target or as display text
    for letter in "ab":
        assert rendered.count(letter) >= plain.count(letter), (text, rendered)
