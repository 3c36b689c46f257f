"""MyST's Sphinx parser with the Obsidian plugins added.

MyST offers no hook for extra markdown-it plugins, so this repeats the few lines of
``MystParser.parse`` that build the parser, with our renderer and :func:`use_obsidian`.
``test_myst_parser_has_the_shape_we_extend`` in ``tests/test_project.py`` fails loudly if
MyST changes the pieces used here.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from markdown_it import MarkdownIt
from myst_parser.config.main import (
    MdParserConfig,
    TopmatterReadError,
    merge_file_level,
    read_topmatter,
)
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser
from myst_parser.warnings_ import create_warning

from ..syntax.linkify import quicken_linkify
from ..syntax.markdown import use_obsidian
from ..vault.titles import leading_h1, note_title, same_title
from .domain import vault_domain
from .messages import Problem, warn
from .pagetitle import apply_title, keep_rules
from .renderer import ObsidianRenderer

__all__ = ["ObsidianParser"]


_last_made: tuple[MdParserConfig, MarkdownIt] | None = None


def markdown_parser(config: MdParserConfig) -> MarkdownIt:
    """The parser for ``config``, made again only when the configuration changes (a note's
    ``myst`` properties, a new build's configuration): making it (MyST's rules, every
    Obsidian plugin, linkify's expressions) for each note was 3 % of a build (issue 18).
    Nothing of one note stays in it: markdown-it keeps a parse's state in the parse, the
    renderer its state in ``setup_render``, and the note's document is set before each."""
    global _last_made
    if _last_made is None or _last_made[0] != config:
        parser = use_obsidian(create_md_parser(config, ObsidianRenderer))
        _last_made = (config, quicken_linkify(parser, fuzzy_links=config.linkify_fuzzy_links))
    return _last_made[1]


class ObsidianParser(MystParser):
    """Parses Markdown as MyST plus Obsidian Flavored Markdown."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        config: MdParserConfig = document.settings.env.myst_config
        topmatter: dict[str, Any] | None = None
        try:
            topmatter = read_topmatter(inputstring)
        except TopmatterReadError:
            pass
        except Exception:  # e.g. a YAML alias bomb: MyST reports malformed properties
            topmatter = None
        else:
            if topmatter:

                def warning(wtype: Any, msg: str) -> None:
                    create_warning(document, msg, wtype, line=1, append_to=document)

                config = merge_file_level(config, topmatter, warning)
        parser = markdown_parser(config)
        parser.options["document"] = document
        env = document.settings.env
        docname = str(env.docname)
        h1 = None
        try:
            md_env: dict[str, Any] = {}
            tokens = parser.parse(inputstring, md_env)
            h1 = leading_h1(tokens)
            md_env["wikilink_footnote_labels"] = {  # defined here, wherever referenced
                str(t.meta["label"]) for t in tokens if t.type == "footnote_reference_open"
            }
            md_env["wikilink_footnote_refs"] = {  # referenced here
                str(c.meta["label"])
                for t in tokens
                if t.type == "inline"
                for c in t.children or ()
                if c.type == "footnote_ref"
            }
            parser.renderer.render(tokens, parser.options, md_env)
            if docname == env.config.root_doc and isinstance(parser.renderer, ObsidianRenderer):
                document.extend(parser.renderer.vault_bibliography())
        except Exception as error:  # a note must never stop the build
            warn(
                Problem.INTERNAL,
                f"could not read this note ({type(error).__name__}: {error}); "
                "shown as its source text",
                (docname, 1),
            )
            document.clear()
            document += nodes.literal_block(inputstring, inputstring)
        fm_title = topmatter.get("title") if isinstance(topmatter, dict) else None
        if docname == env.config.wikilink_generated_home:
            fm_title = h1  # the generated home page is titled by the vault's name, its H1
        title = note_title(vault_domain(env).scan.name_of(docname), fm_title)
        apply_title(document, title, from_h1=same_title(h1, title))
        keep_rules(document)
