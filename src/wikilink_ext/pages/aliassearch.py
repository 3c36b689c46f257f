"""Search finds a note by its aliases, as Obsidian's quick switcher does.

Each alias of a note's frontmatter becomes a main index entry of that note in the HTML
search index only: Sphinx's search ranks an entry that matches the query above words found
in the text, so searching ``TMS`` or ``W_QK`` finds the note that has that alias first. The
entries are added to the resolved HTML doctree, so the general index and the PDF are not
changed.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from ..sphinx.domain import vault_domain


def add_alias_entries(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html" or not app.config.wikilink_alias_search:
        return
    fm = vault_domain(app.env).frontmatter.get(docname)
    if fm is None or not fm.aliases:
        return
    # "single" entries split at ";" into sub-entries: keep an alias whole
    entries = [("single", alias.replace(";", ","), "", "main", None) for alias in fm.aliases]
    doctree.insert(0, addnodes.index(entries=entries))


def connect(app: Sphinx) -> None:
    app.add_config_value(
        "wikilink_alias_search",
        True,
        "html",
        types=frozenset({bool}),
        description="Search finds a note by its frontmatter aliases, above words in the text.",
    )
    app.connect("doctree-resolved", add_alias_entries)
