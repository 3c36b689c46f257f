"""The extension's options: one table, validated when the configuration is read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

__all__ = ["OPTIONS", "Option", "register", "validate"]


@dataclass(frozen=True)
class Option:
    name: str
    default: Any
    check: Callable[[Any], bool]
    expects: str
    help: str


def _strings(value: Any) -> bool:
    return isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)


OPTIONS: tuple[Option, ...] = (
    Option(
        "wikilink_references_note",
        "References",
        lambda v: isinstance(v, str) and bool(v.strip()),
        "a note name",
        "The note whose list items map block ids to citation keys; it renders as the bibliography.",
    ),
    Option(
        "wikilink_citation_display",
        "style",
        lambda v: v in ("style", "author"),
        '"style" or "author"',
        'Links to a References block render as a citation in the book\'s style ("style") or '
        'keep the author\'s display text, linked to the entry ("author").',
    ),
    Option(
        "wikilink_toc_note",
        None,
        lambda v: v is None or isinstance(v, str),
        "a docname or None",
        "The note whose wikilinks give the book's navigation order (default: root_doc).",
    ),
    Option(
        "wikilink_ignore",
        ["templates", "Templates"],
        _strings,
        "a list of glob patterns",
        "Vault paths that are not part of the book (hidden folders such as .obsidian and "
        ".trash are always skipped).",
    ),
    Option(
        "wikilink_embed_depth",
        5,
        lambda v: isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 50,
        "an integer from 1 to 50",
        "How deep embeds may nest before the innermost is shown as a link.",
    ),
    Option(
        "wikilink_sources_heading",
        "Sources",
        lambda v: isinstance(v, str),
        "a string (empty to disable)",
        "Title of the list of sources appended to each note that cites something.",
    ),
    Option(
        "wikilink_strict_line_breaks",
        None,
        lambda v: v is None or isinstance(v, bool),
        "True, False or None",
        'Obsidian\'s "Strict line breaks": False shows a single newline as a line break '
        "(Obsidian's default), True joins the lines; None follows the vault's "
        ".obsidian/app.json (strictLineBreaks).",
    ),
    Option(
        "wikilink_properties",
        None,
        lambda v: v is None or isinstance(v, bool),
        "True, False or None",
        "Show a note's properties (its frontmatter: author, date, rating…) as a table under "
        "its title, as Obsidian's reading view does; None follows the vault's "
        '.obsidian/app.json (shown unless propertiesInDocument is "hidden").',
    ),
    Option(
        "wikilink_publish_excalidraw",
        False,
        lambda v: isinstance(v, bool),
        "True or False",
        "Publish Excalidraw drawings (*.excalidraw.md) as notes; by default they are left "
        "out (their Markdown is the drawing's data) and an embed shows the exported "
        "SVG or PNG when the vault has one.",
    ),
    Option(
        "wikilink_alias_links",
        True,
        lambda v: isinstance(v, bool),
        "True or False",
        "Resolve [[alias]] by frontmatter aliases when no note has that name.",
    ),
)


def register(app: Sphinx) -> None:
    for option in OPTIONS:
        app.add_config_value(option.name, option.default, "env", types=frozenset())


LATEX_MACROS = r"""
% wikilink_ext: highlights, tags and unresolved links
\providecommand{\DUrolemark}[1]{\colorbox{yellow!40}{#1}}
\providecommand{\DUroletag}[1]{\textcolor{violet}{#1}}
\expandafter\def\csname DUrolewikilink-broken\endcsname#1{\textcolor{gray}{#1}}
\providecommand{\DUrolestrike}[1]{\sbox0{#1}\rlap{\rule[0.5ex]{\wd0}{0.4pt}}\usebox0}
"""


def _line_of(app: Sphinx, name: str) -> int:
    """The line of conf.py that sets ``name`` (1 when it is set elsewhere, e.g. with -D)."""
    try:
        lines = (app.confdir / "conf.py").read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    return next((n for n, line in enumerate(lines, 1) if line.startswith(name)), 1)


def validate(app: Sphinx, config: Config) -> None:
    """Fail at start-up, naming the option, rather than deep inside a build."""
    for option in OPTIONS:
        value = getattr(config, option.name)
        if not option.check(value):
            raise ConfigError(f"{option.name} must be {option.expects}, got {value!r}")
    if "alert" in (getattr(config, "myst_enable_extensions", None) or ()):
        from .messages import Problem, warn

        warn(
            Problem.CONFIG,
            "myst_enable_extensions has 'alert': GitHub alerts read '> [!…]' differently from "
            "Obsidian callouts (important, caution, error); wikilink_ext renders them as "
            "Obsidian does, so remove 'alert'",
            f"{app.confdir / 'conf.py'}:{_line_of(app, 'myst_enable_extensions')}",
        )
    elements = dict(config.latex_elements)
    if "wikilink_ext:" not in elements.get("preamble", ""):
        elements["preamble"] = elements.get("preamble", "") + LATEX_MACROS
        config.latex_elements = elements
