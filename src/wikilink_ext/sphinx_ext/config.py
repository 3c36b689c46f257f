"""The extension's options: one table, declared once, validated when the configuration is read.

Every ``wikilink_*`` option is a field of :class:`WikilinkConfig` (the ``wikilink_`` prefix
dropped), with its default, a validator, what it expects and its help text, as MyST-Parser
declares ``MdParserConfig``. :func:`register` registers every field with Sphinx,
:func:`validate` checks every value at ``config-inited``, and :func:`options_markdown`
writes the table of options of "How this book is built" (a test keeps the two in sync).

Adding an option is one line in :class:`WikilinkConfig`::

    my_option: int = option(3, integer(1, 9), "What it does.")
"""

from __future__ import annotations

import dataclasses
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from ..vault.publish import DEFAULT_IGNORE

__all__ = [
    "PREFIX",
    "WikilinkConfig",
    "options_markdown",
    "read_config",
    "register",
    "validate",
]

PREFIX = "wikilink_"

Rebuild = Literal["env", "html"]
"""What a changed value invalidates: every note (``env``) or only the written pages."""


@dataclasses.dataclass(frozen=True)
class Check:
    """A validator and the words for what it accepts (shown in errors and in the docs)."""

    test: Callable[[Any], bool]
    expects: str


def _is_bool(value: Any) -> bool:
    return isinstance(value, bool)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


BOOL = Check(_is_bool, "True or False")
TEXT = Check(lambda v: isinstance(v, str), "a string")
URL = Check(lambda v: isinstance(v, str), "a URL (empty for none)")
NAME = Check(lambda v: isinstance(v, str) and bool(v.strip()), "a note name")
DOCNAME = Check(lambda v: v is None or isinstance(v, str), "a docname or None")
GLOBS = Check(
    lambda v: isinstance(v, list | tuple) and all(isinstance(s, str) for s in v),
    "a list of glob patterns",
)


def integer(low: int, high: int | None = None) -> Check:
    if high is None:
        return Check(lambda v: _is_int(v) and v >= low, f"an integer of at least {low}")
    return Check(lambda v: _is_int(v) and low <= v <= high, f"an integer from {low} to {high}")


def one_of(*values: str) -> Check:
    return Check(lambda v: v in values, " or ".join(f'"{v}"' for v in values))


def _patterns(value: Any) -> bool:
    if not isinstance(value, Mapping):
        return False
    try:
        return all(isinstance(k, str) and re.compile(v) is not None for k, v in value.items())
    except (re.error, TypeError):
        return False


PATTERNS = Check(_patterns, "a mapping of names to regular expressions")

_HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


def _colour_groups(value: Any) -> bool:
    """Tag → ``#rgb``, ``#rrggbb`` or ``""`` (a colour of the palette)."""
    return isinstance(value, Mapping) and all(
        isinstance(tag, str)
        and bool(tag.strip("# "))
        and isinstance(colour, str)
        and (colour == "" or _HEX_COLOUR.fullmatch(colour) is not None)
        for tag, colour in value.items()
    )


COLOUR_GROUPS = Check(
    _colour_groups, 'a mapping of tags to colours ("#rrggbb", or "" for one of the palette)'
)


def option(
    default: Any,
    check: Check,
    help: str,
    *,
    rebuild: Rebuild = "env",
    documented: bool = True,
) -> Any:
    """One option: a dataclass field whose metadata the table, docs and checks read.

    ``help`` is Markdown (one line of the table in the manual).
    """
    metadata = {"check": check, "help": help, "rebuild": rebuild, "documented": documented}
    if isinstance(default, list | dict):
        return dataclasses.field(default_factory=lambda: type(default)(default), metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


@dataclasses.dataclass(frozen=True)
class WikilinkConfig:
    """Every option of the extension, set in conf.py as ``wikilink_<field>``."""

    # -- links and the vault
    references_note: str = option(
        "References",
        NAME,
        "The note whose list items map block ids to citation keys; it renders as the bibliography.",
    )
    citation_display: str = option(
        "style",
        one_of("style", "author"),
        'Links to a References block render as a citation in the book\'s style (`"style"`) or '
        'keep the author\'s display text, linked to the entry (`"author"`).',
    )
    toc_note: str | None = option(
        None,
        DOCNAME,
        "The note whose wikilinks give the book's navigation order (`None`: `root_doc`).",
    )
    appendices: list[str] = option(
        [],
        Check(
            lambda v: isinstance(v, list | tuple) and all(isinstance(s, str) for s in v),
            "a list of docnames",
        ),
        "Notes that follow the book rather than belong to it, such as a build manual: last "
        "in the navigation (after the References), lettered appendices in the PDF (the "
        "default of `latex_appendices`), and outside the link graph (their links add no "
        "backlinks and they are not in the book graph).",
    )
    ignore: list[str] = option(
        list(DEFAULT_IGNORE),
        GLOBS,
        "Glob patterns of vault paths that are not part of the book (as hidden folders, "
        "starting with `.`, never are; folders starting with `_` are published, as Obsidian "
        'shows them: `["_*"]` leaves them out). The default leaves out folders named '
        "`_drafts` and `private` (`[]` publishes them). Added to `exclude_patterns`; a "
        "pattern with no `/` names a folder at any depth, in any case. The templates folder "
        "(`.obsidian/templates.json`, else the top-level `Templates`) is left out too. A link "
        "to a note left out is reported as `wikilink.ignored`, files there stay linkable; "
        "notes in folders these patterns leave out are counted in one `wikilink.excluded` "
        "warning.",
    )
    alias_links: bool = option(
        True, BOOL, "Resolve `[[alias]]` by frontmatter aliases when no note has that name."
    )
    # -- how notes look (as Obsidian's reading view)
    strict_line_breaks: bool | None = option(
        None,
        Check(lambda v: v is None or isinstance(v, bool), "True, False or None"),
        'Obsidian\'s "Strict line breaks": `False` shows a single newline as a line break '
        "(Obsidian's default), `True` joins the lines; `None` follows the vault's "
        "`.obsidian/app.json` (`strictLineBreaks`).",
    )
    properties: bool | None = option(
        None,
        Check(lambda v: v is None or isinstance(v, bool), "True, False or None"),
        "Show a note's properties (its frontmatter: author, date, rating…) as a table under "
        "its title, as Obsidian's reading view does; `None` follows the vault's "
        '`.obsidian/app.json` (shown unless `propertiesInDocument` is `"hidden"`).',
    )
    figure_captions: bool = option(
        False,
        BOOL,
        "An image alone in its paragraph followed directly by a paragraph that begins with "
        "an emphasised `Figure:` (`*Figure:* text`) becomes a figure with that caption "
        "(`<figure>` and `<figcaption>`, a float in the PDF); with `numfig = True` Sphinx "
        "numbers it and the number replaces the label.",
    )
    publish_excalidraw: bool = option(
        False,
        BOOL,
        "Publish Excalidraw drawings (`*.excalidraw.md`) as notes; by default they are left "
        "out (their Markdown is the drawing's data) and an embed shows the exported SVG or "
        "PNG when the vault has one.",
    )
    # -- embeds
    embed_depth: int = option(
        5, integer(1, 50), "How deep embeds may nest before the innermost is shown as a link."
    )
    embed_max_count: int = option(
        200,
        integer(1),
        "Most embeds one page shows, nested embeds and repeats included; the rest are links.",
    )
    embed_max_chars: int = option(
        1_000_000,
        integer(1),
        "Most characters of embedded Markdown one page shows; the rest are links.",
    )
    # -- what the build adds to pages
    navigation: bool = option(
        True,
        BOOL,
        "Replace the sidebar of sphinx-book-theme and pydata-sphinx-theme with the shared "
        "one (`False`: the theme renders its own on every page).",
        rebuild="html",
    )
    backlinks: bool = option(True, BOOL, 'The "Linked from" list at the end of each note.')
    previews: bool = option(True, BOOL, "Hover previews of wikilinks (HTML).", rebuild="html")
    graph: bool = option(
        True,
        BOOL,
        "The local graph on each note and the whole-book graph page (HTML).",
        rebuild="html",
    )
    graph_page: str = option(
        "graph",
        TEXT,
        "Name of the whole-book graph page (skipped if a note has that name).",
        rebuild="html",
    )
    graph_max_notes: int = option(
        2000,
        integer(1),
        "The most notes the whole-vault graph page shows: past it, the most linked notes and "
        "the links between them (the page says how many it leaves out).",
        rebuild="html",
    )
    graph_groups: dict[str, str] = option(
        {},
        COLOUR_GROUPS,
        "Colour groups of the graph page, as Obsidian's graph groups: tag → colour; a note "
        "takes the first group whose tag it has (nested tags included). Empty: one group per "
        "first tag, in a colour-blind-safe palette, with a legend.",
        rebuild="html",
    )
    graph_title: str = option(
        "Graph of {project}",
        TEXT,
        'Title of that page; `{project}` is the site\'s name (this book: "Graph of the book").',
        rebuild="html",
    )
    graph_link_text: str = option(
        "The graph of every note",
        TEXT,
        'The link to it under each note\'s graph (this book: "The graph of the whole book").',
        rebuild="html",
    )
    graph_nav_text: str = option(
        "Graph",
        TEXT,
        'The graph page\'s link in the sidebar of every page (this book: "Book graph").',
        rebuild="html",
    )
    search: bool = option(
        True,
        BOOL,
        "Instant search with Pagefind (as you type, every page's search box), when the "
        "`pagefind` package is installed (Sphinx's own index is then not built); `False` "
        "keeps Sphinx's own search.",
        rebuild="html",
    )
    search_demoted: list[str] = option(
        [],
        GLOBS,
        "Page-name patterns whose results come after the others (this book: the build "
        "manual and the References).",
        rebuild="html",
    )
    search_shard_size: int = option(
        2000,
        integer(1),
        "The most pages one Pagefind index holds: a bigger site is indexed in parts, one after "
        "the other, which the reader's browser searches together (Pagefind's memory grows "
        "with the pages of one index).",
        rebuild="html",
    )
    parallel_write: bool = option(
        True,
        BOOL,
        "With `-j N` and Pagefind search, each of N processes resolves and writes its own "
        "pages (Sphinx resolves every page in one process and writes with the others); `False` "
        "if another extension keeps state from `doctree-resolved` in the main process.",
        rebuild="html",
    )
    downloads: dict[str, str] = option(
        {},
        Check(
            lambda v: (
                isinstance(v, dict)
                and all(isinstance(k, str) and isinstance(u, str) for k, u in v.items())
            ),
            "a mapping of labels to URLs",
        ),
        "Download links under the sidebar of every page (label → URL); empty: Read the "
        "Docs' own PDF and EPUB links of the version being built, when built there.",
        rebuild="html",
    )
    tag_pages_max: int = option(
        1000,
        integer(0),
        "The most tag pages generated: past it the least used tags get no page (their `#tag` "
        "stays text) and the build warns `wikilink.config`.",
        rebuild="html",
    )
    # -- citations (sphinxcontrib-bibtex)
    sources: bool = option(
        False,
        BOOL,
        "A list of sources under each note that cites something (needs sphinxcontrib-bibtex).",
    )
    sources_heading: str = option(
        "Sources",
        TEXT,
        'Title of the list of sources appended to each note that cites something; `""` turns '
        "the lists off.",
    )
    cite_box: bool = option(
        False,
        BOOL,
        'The "Cite this page" box on every HTML page and `book.bib`; it links each file of '
        "`bibtex_bibfiles` for download, copied next to the HTML.",
    )
    cite_pdf_url: str = option(
        "", URL, "Where the book's PDF is downloaded, shown in the cite box.", rebuild="html"
    )
    # -- editorial checks (opt-in; for reference works)
    uncited_quotes: bool = option(
        False, BOOL, "Warn `wikilink.uncited-quote` for a quote callout that cites nothing."
    )
    uncited_claims: bool = option(
        False,
        BOOL,
        "Warn `wikilink.uncited-claim` for a sentence that states a number, a percentage, a "
        "date or an attribution with no citation in it or its paragraph (`%%editorial%%` "
        "marks the author's own).",
    )
    claim_patterns: dict[str, str] = option(
        {},
        PATTERNS,
        "More kinds of claim for `wikilink_uncited_claims`, as `{description: regular "
        "expression}`, tried before the built-in ones (e.g. a field's own notation).",
    )
    # -- set by the extension itself
    generated_home: str | None = option(
        None,
        DOCNAME,
        "Set by the extension: the docname of the generated home page, when the vault has "
        "no home note.",
        documented=False,
    )


def fields() -> tuple[dataclasses.Field[Any], ...]:
    return dataclasses.fields(WikilinkConfig)


def _default(spec: dataclasses.Field[Any]) -> Any:
    if spec.default_factory is not dataclasses.MISSING:
        return spec.default_factory()
    return spec.default


def register(app: Sphinx) -> None:
    """Register every field of :class:`WikilinkConfig` as ``wikilink_<field>``."""
    for spec in fields():
        # types=frozenset(): :func:`validate` checks the value and names what it expects
        app.add_config_value(
            PREFIX + spec.name, _default(spec), spec.metadata["rebuild"], types=frozenset()
        )


def read_config(config: Config) -> WikilinkConfig:
    """The options as one typed value."""
    return WikilinkConfig(**{spec.name: getattr(config, PREFIX + spec.name) for spec in fields()})


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return repr(value)


def options_markdown() -> str:
    """The Markdown table of the documented options (generated into the book's manual)."""
    rows = ["| Option | Default | Expects | What it does |", "|---|---|---|---|"]
    for spec in fields():
        if not spec.metadata["documented"]:
            continue
        check: Check = spec.metadata["check"]
        expects = re.sub(r"[0-9]+", r"`\g<0>`", check.expects)  # a bound, not a claim
        help_text = spec.metadata["help"]
        rows.append(
            f"| `{PREFIX}{spec.name}` | `{_show(_default(spec))}` | {expects} | {help_text} |"
        )
    return "\n".join(rows) + "\n"


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
    for spec in fields():
        name = PREFIX + spec.name
        value = getattr(config, name)
        check: Check = spec.metadata["check"]
        if not check.test(value):
            raise ConfigError(f"{name} must be {check.expects}, got {value!r}")
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


_BEGIN = "%% options: generated by python -m wikilink_ext.sphinx_ext.config; do not edit %%"
_END = "%% end of options %%"


def sync_manual(path: Path) -> bool:
    """Write the options table between its markers in ``path``; True when it changed."""
    text = path.read_text(encoding="utf-8")
    start, end = text.index(_BEGIN) + len(_BEGIN), text.index(_END)
    new = text[:start] + "\n\n" + options_markdown() + "\n" + text[end:]
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m wikilink_ext.sphinx_ext.config NOTE``: regenerate the options table in NOTE."""
    for name in argv if argv is not None else sys.argv[1:]:
        print(f"{name}: {'updated' if sync_manual(Path(name)) else 'up to date'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
