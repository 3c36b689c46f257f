"""What ``extensions = ["wikilink_ext"]`` alone sets, so that any vault builds as it is.

Each default applies only where the user's conf.py (or ``-D``) did not set the value:

- ``myst_enable_extensions = ["dollarmath", "strikethrough", "linkify"]``,
  ``myst_dmath_double_inline = True`` and ``myst_linkify_fuzzy_links = False``: Obsidian's
  ``$…$``, ``$$…$$``, ``~~…~~`` and bare ``https://…`` links (linkify-it-py);
- ``latex_engine = "xelatex"``: Unicode in notes (``☑``, arrows, CJK) without pdflatex errors,
  with ``latex_use_xindy = False`` (makeindex comes with every TeX Live; xindy does not);
- ``myst_dmath_allow_space = False``: ``$`` is maths only with no space inside it; with
  :mod:`wikilink_ext.syntax.dollars` (no digit right after the closing ``$``), prices
  ("$11 million (and later $4 million)") stay text, as in Obsidian;
- ``smartquotes = False``: quotes and dashes stay as typed (a copied ``--flag`` still works);
- ``suppress_warnings = ["misc.highlighting_failure"]``: a code block that Pygments cannot
  lex is shown as plain text, as in Obsidian (code in an unknown language always is);
- ``bibtex_cite_id = "{key}"`` (with sphinxcontrib-bibtex): each bibliography entry is
  anchored at its citation key (``References.html#elhage2021mathematical``), not at a
  generated ``#id19`` that moves whenever an entry is added;
- ``project``: the vault folder's name, as Obsidian shows it; ``author`` and ``copyright``
  empty (not Sphinx's "Author name not set") until conf.py sets them;
- ``root_doc``: the vault's home note (:func:`~wikilink_ext.vault.home.find_home_note`), or a
  generated page that lists every note when the vault has none.

The book features (cite box, per-page sources, the uncited-quote check) are off unless
switched on: ``wikilink_cite_box``, ``wikilink_sources``, ``wikilink_uncited_quotes``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.project import Project
from sphinx.util._pathlib import _StrPath

from ..vault.docnames import note_name
from ..vault.home import find_home_note
from ..vault.settings import properties_shown, strict_line_breaks

__all__ = ["DEFAULTS", "user_set"]

DEFAULTS: dict[str, Any] = {
    "myst_enable_extensions": ["dollarmath", "strikethrough", "linkify"],
    "myst_dmath_double_inline": True,
    # bare URLs are links, as in Obsidian; only with a scheme: "notes.md" is a domain name
    # to linkify's fuzzy mode (.md is Moldova's), and Obsidian shows it as text
    "myst_linkify_fuzzy_links": False,
    # Obsidian's (and Pandoc's) rule: "$11 and $4" is text, not maths (with syntax/dollars.py)
    "myst_dmath_allow_space": False,
    # Obsidian shows every character as typed ("--stack" stays two hyphens)
    "smartquotes": False,
    "latex_engine": "xelatex",
    # makeindex, which every TeX Live has; xindy (xelatex's default) is a separate package
    "latex_use_xindy": False,
    # a code block Pygments cannot lex is shown as plain text, as Obsidian shows it
    "suppress_warnings": ["misc.highlighting_failure"],
    # a bibliography entry's anchor is its key: stable links from outside the book
    "bibtex_cite_id": "{key}",
}

GENERATED_HOME = "index"
DRAWING_PATTERNS = ("*.excalidraw.md", "**/*.excalidraw.md")


def user_set(config: Config, name: str) -> bool:
    """Whether conf.py or the command line (``-D``) gave ``name`` a value."""
    names = {name, "master_doc"} if name == "root_doc" else {name}
    return any(n in config._raw_config or n in config.overrides for n in names)


def _top_notes(srcdir: Path) -> list[str]:
    try:
        entries = os.listdir(srcdir)
    except OSError:
        return []
    return [
        e[:-3]
        for e in entries
        if e.endswith(".md") and not e.startswith(".") and (srcdir / e).is_file()
    ]


def apply_defaults(app: Sphinx, config: Config) -> None:
    for name, value in DEFAULTS.items():
        if name in config.values and not user_set(config, name):
            setattr(config, name, list(value) if isinstance(value, list) else value)
    if not user_set(config, "project"):
        config.project = Path(app.srcdir).resolve().name  # the vault's name, as Obsidian shows it
    if not user_set(config, "author"):
        config.author = ""  # not Sphinx's "Author name not set" in every page's footer
    if not user_set(config, "copyright") and not user_set(config, "project_copyright"):
        config.copyright = config.project_copyright = ""  # no bare "©."
        if "html_show_copyright" in config.values and not user_set(config, "html_show_copyright"):
            config.html_show_copyright = False  # alabaster prints "©." for an empty one
    if "html_title" in config.values and not user_set(config, "html_title"):
        config.html_title = config.project  # not "<vault> documentation"
    if config.wikilink_strict_line_breaks is None:  # as the vault's Obsidian settings say
        config.wikilink_strict_line_breaks = strict_line_breaks(app.srcdir)
    if not config.wikilink_publish_excalidraw:  # Sphinx never lists them (the scan warns)
        drawings = [p for p in DRAWING_PATTERNS if p not in config.exclude_patterns]
        config.exclude_patterns = [*config.exclude_patterns, *drawings]
    if config.wikilink_properties is None:
        config.wikilink_properties = properties_shown(app.srcdir)
    config.wikilink_generated_home = None
    if not user_set(config, "root_doc"):
        srcdir = Path(app.srcdir)
        home = find_home_note(_top_notes(srcdir), srcdir.resolve().name)
        if home is None:
            config.wikilink_generated_home = GENERATED_HOME
            home = GENERATED_HOME
        config.root_doc = home


# -- the generated home page --------------------------------------------------------------

_ESCAPE = re.compile(r"([\\`*_\[\]<>#|!~=$%^])")


def _md(text: str) -> str:
    return _ESCAPE.sub(r"\\\1", text)


#: Folder levels the generated home page nests; deeper folders share one item ("k/l/m"), so
#: the page stays inside the parser's nesting limit (syntax.markdown.MAX_NESTING) however
#: deep the vault goes.
HOME_DEPTH = 30


def home_markdown(title: str, docnames: list[str], paths: Mapping[str, str] | None = None) -> str:
    """A home note listing every note, folder by folder, in the file explorer's order.

    ``paths`` maps a docname to its note's vault path (the docname encodes some characters
    and shortens long names); by default the path is the docname decoded.
    """
    lines = [f"# {_md(title)}", ""]
    shown: list[str] = []
    for docname in sorted(docnames, key=_explorer_key):
        folders = docname.split("/")[:-1]
        if len(folders) > HOME_DEPTH:
            folders = [*folders[: HOME_DEPTH - 1], "/".join(folders[HOME_DEPTH - 1 :])]
        common = 0
        while common < min(len(shown), len(folders)) and shown[common] == folders[common]:
            common += 1
        for depth in range(common, len(folders)):
            lines.append("  " * depth + f"- **{_md(note_name(folders[depth]))}**")
        shown = folders
        # the link names the note's vault path, URL-encoded once: "145%.md" is 145%25.md
        path = (paths or {}).get(docname) or "/".join(map(note_name, docname.split("/"))) + ".md"
        lines.append("  " * len(folders) + f"- [{_md(note_name(docname))}](/{quote(path)})")
    return "\n".join(lines) + "\n"


def _explorer_key(docname: str) -> tuple[Any, ...]:
    """Obsidian's file explorer: in each folder, sub-folders first, then notes, by name."""
    parts = docname.split("/")
    return (*((0, p.casefold()) for p in parts[:-1]), (1, parts[-1].casefold()))


class ProjectWithHome(Project):
    """Sphinx's project (the list of documents) plus the generated home page.

    The page is written under the doctree folder, never into the vault, and mapped to
    ``root_doc``; a class rather than a patched method, so the environment still pickles.
    """

    home_docname: str
    home_path: Path
    home_title: str

    def discover(
        self, exclude_paths: Iterable[str] = (), include_paths: Iterable[str] = ("**",)
    ) -> set[str]:
        super().discover(exclude_paths, include_paths)
        if not self.home_path.is_file():  # filled once the published notes are known
            self.write_home([])
        self.docnames.add(self.home_docname)
        self._docname_to_path[self.home_docname] = self.home_path
        self._path_to_docname[self.home_path] = self.home_docname
        return self.docnames

    def write_home(self, notes: list[str]) -> bool:
        """Write the home page listing ``notes`` (the published ones); True if it changed."""
        paths = {d: self.doc2path(d, False).as_posix() for d in notes}
        text = home_markdown(self.home_title, notes, paths)
        self.home_path.parent.mkdir(parents=True, exist_ok=True)
        if self.home_path.is_file() and self.home_path.read_text(encoding="utf-8") == text:
            return False
        self.home_path.write_text(text, encoding="utf-8")
        return True

    def doc2path(self, docname: str, absolute: bool) -> _StrPath:
        """The home page's name relative to the vault is ``index.md``, as a note's would be:
        the search index and ``_sources`` name it, and must not show the builder's folders."""
        if docname == self.home_docname and not absolute:
            return _StrPath(f"{docname}.md")
        return super().doc2path(docname, absolute)


def generate_home(app: Sphinx) -> None:
    """Give the build a root document when the vault has no home note."""
    docname = app.config.wikilink_generated_home
    if not docname:
        return
    project = app.env.project
    project.__class__ = ProjectWithHome
    assert isinstance(project, ProjectWithHome)
    project.home_docname = docname
    project.home_path = Path(app.doctreedir) / "wikilink-home" / f"{docname}.md"
    project.home_title = str(app.config.project or Path(app.srcdir).name)


def redirect_index(app: Sphinx, exception: Exception | None) -> None:
    """``index.html`` leads to the home note when the home note has another name."""
    if exception is not None or app.builder.name != "html":
        return
    index = Path(app.outdir, "index.html")
    if app.config.root_doc == "index" or index.exists():
        return
    target = app.builder.get_target_uri(app.config.root_doc)
    index.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="0; url={target}">'
        f'<link rel="canonical" href="{target}"></head>'
        f'<body><a href="{target}">{target}</a></body></html>\n',
        encoding="utf-8",
    )
