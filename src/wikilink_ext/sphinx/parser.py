"""MyST's Sphinx parser with the Obsidian plugins added.

MyST offers no hook for extra markdown-it plugins, so this repeats the few lines of
``MystParser.parse`` that build the parser, with our renderer and :func:`use_obsidian`.
``tests/test_myst_shape.py`` fails loudly if MyST changes the pieces used here.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from myst_parser.config.main import (
    MdParserConfig,
    TopmatterReadError,
    merge_file_level,
    read_topmatter,
)
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser
from myst_parser.warnings_ import create_warning

from ..syntax.markdown import use_obsidian
from .renderer import ObsidianRenderer

__all__ = ["ObsidianParser"]


class ObsidianParser(MystParser):
    """Parses Markdown as MyST plus Obsidian Flavored Markdown."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        config: MdParserConfig = document.settings.env.myst_config
        try:
            topmatter = read_topmatter(inputstring)
        except TopmatterReadError:
            pass
        else:
            if topmatter:

                def warning(wtype: Any, msg: str) -> None:
                    create_warning(document, msg, wtype, line=1, append_to=document)

                config = merge_file_level(config, topmatter, warning)
        parser = use_obsidian(create_md_parser(config, ObsidianRenderer))
        parser.options["document"] = document
        parser.render(inputstring)
