"""Fixtures for the plugins together: where one syntax meets another.

Each case renders the same with the standalone parser and with MyST's parser plus the
plugins (as the Sphinx build parses), so MyST-only syntax that Obsidian does not have
(``% line comments``) is checked too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.utils import read_fixture_file
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from wikilink_ext.syntax.markdown import obsidian_parser, use_obsidian

FIXTURES = read_fixture_file(Path(__file__).parent / "fixtures" / "obsidian.md")


def myst_parser() -> MarkdownIt:
    config = MdParserConfig(enable_extensions={"dollarmath", "strikethrough"})
    return use_obsidian(create_md_parser(config, RendererHTML))


@pytest.mark.parametrize("parser", [obsidian_parser, myst_parser])
@pytest.mark.parametrize(
    ("line", "title", "text", "expected"), FIXTURES, ids=[case[1] for case in FIXTURES]
)
def test_fixtures(parser: object, line: int, title: str, text: str, expected: str) -> None:
    assert callable(parser)
    assert parser().render(text) == expected
