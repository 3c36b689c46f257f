"""What ``extensions = ["wikilink_ext"]`` alone sets, so that any vault builds as it is.

Each default applies only where the user's conf.py (or ``-D``) did not set the value:

- ``myst_enable_extensions = ["dollarmath", "strikethrough"]`` and
  ``myst_dmath_double_inline = True``: Obsidian's ``$…$``, ``$$…$$`` and ``~~…~~``;
- ``myst_dmath_allow_space = False``: ``$`` is maths only with no space inside it; with
  :mod:`wikilink_ext.syntax.dollars` (no digit right after the closing ``$``), prices
  ("$11 million (and later $4 million)") stay text, as in Obsidian;
- ``smartquotes = False``: quotes and dashes stay as typed (a copied ``--flag`` still works);
- ``latex_engine = "xelatex"``: Unicode in notes (``☑``, arrows, CJK) without pdflatex errors;
- ``suppress_warnings = ["misc.highlighting_failure"]``: a code block that Pygments cannot
  lex is shown as plain text, as in Obsidian (code in an unknown language always is);
- ``project``: the vault folder's name, as Obsidian shows it;
- ``root_doc``: the vault's home note (:func:`~wikilink_ext.vault.home.find_home_note`), or a
  generated page that lists every note when the vault has none.

The book features (cite box, per-page sources, the uncited-quote check) are off unless
switched on: ``wikilink_cite_box``, ``wikilink_sources``, ``wikilink_uncited_quotes``.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.project import Project

from ..vault.home import find_home_note
from ..vault.settings import properties_shown, strict_line_breaks

__all__ = ["DEFAULTS", "connect", "user_set"]

DEFAULTS: dict[str, Any] = {
    "myst_enable_extensions": ["dollarmath", "strikethrough"],
    "myst_dmath_double_inline": True,
    # Obsidian's (and Pandoc's) rule: "$11 and $4" is text, not maths (with syntax/dollars.py)
    "myst_dmath_allow_space": False,
    # Obsidian shows every character as typed ("--stack" stays two hyphens)
    "smartquotes": False,
    "latex_engine": "xelatex",
    # a code block Pygments cannot lex is shown as plain text, as Obsidian shows it
    "suppress_warnings": ["misc.highlighting_failure"],
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


def home_markdown(title: str, docnames: list[str]) -> str:
    """A home note listing every note, folder by folder, in the file explorer's order."""
    lines = [f"# {_md(title)}", ""]
    shown: list[str] = []
    for docname in sorted(docnames, key=_explorer_key):
        folders = docname.split("/")[:-1]
        common = 0
        while common < min(len(shown), len(folders)) and shown[common] == folders[common]:
            common += 1
        for depth in range(common, len(folders)):
            lines.append("  " * depth + f"- **{_md(folders[depth])}**")
        shown = folders
        name = posixpath.basename(docname)
        # a Markdown destination is URL-encoded: "145%.md" is written 145%25.md
        lines.append("  " * len(folders) + f"- [{_md(name)}](/{quote(docname)}.md)")
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
        found = super().discover(exclude_paths, include_paths)
        notes = sorted(d for d in found if d != self.home_docname)
        text = home_markdown(self.home_title, notes)
        self.home_path.parent.mkdir(parents=True, exist_ok=True)
        if not self.home_path.is_file() or self.home_path.read_text(encoding="utf-8") != text:
            self.home_path.write_text(text, encoding="utf-8")
        self.docnames.add(self.home_docname)
        self._docname_to_path[self.home_docname] = self.home_path
        self._path_to_docname[self.home_path] = self.home_docname
        return self.docnames


def _generate_home(app: Sphinx) -> None:
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


def _redirect_index(app: Sphinx, exception: Exception | None) -> None:
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


def connect(app: Sphinx) -> None:
    app.add_config_value("wikilink_cite_box", False, "env", types=frozenset({bool}))
    app.add_config_value("wikilink_sources", False, "env", types=frozenset({bool}))
    app.add_config_value("wikilink_uncited_quotes", False, "env", types=frozenset({bool}))
    app.add_config_value("wikilink_generated_home", None, "env", types=frozenset())
    app.connect("config-inited", apply_defaults, priority=100)
    app.connect("builder-inited", _generate_home)
    app.connect("build-finished", _redirect_index)
