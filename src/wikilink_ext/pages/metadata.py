"""What search and link previews know of a note beyond its text: aliases and description.

- Each frontmatter alias becomes an index entry pointing at the note (so the general index
  lists "IOI circuit" beside the note's title, and Sphinx's search finds the note by the
  alias as an index term) and, in HTML, a ``keywords`` meta tag, which the search indexes.
- The frontmatter ``description`` becomes the page's ``og:description`` when
  sphinxext-opengraph is used (it reads page metadata fields starting with ``og:``).
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from ..sphinx_ext.domain import vault_domain


def _top(doctree: nodes.document) -> nodes.section | None:
    return next((c for c in doctree.children if isinstance(c, nodes.section)), None)


def add_aliases(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    docname = env.docname
    frontmatter = vault_domain(env).scan.notes.get(docname)
    if frontmatter is None:
        return
    if frontmatter.description:
        env.metadata[docname].setdefault("og:description", frontmatter.description)
    top = _top(doctree)
    aliases = [a for a in dict.fromkeys(frontmatter.aliases) if a.strip()]
    if top is None or not top["ids"] or not aliases:
        return
    anchor = top["ids"][0]
    entries = [("single", alias, anchor, "main", None) for alias in aliases]  # ranked first
    index = addnodes.index(entries=entries, inline=False)
    top.insert(1 if top.children and isinstance(top[0], nodes.title) else 0, index)
    top["wikilink_aliases"] = aliases


def add_keywords(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Aliases as a keywords meta tag: Sphinx's search indexes its words (HTML only)."""
    if app.builder.format != "html":
        return
    top = _top(doctree)
    aliases = top.get("wikilink_aliases") if top is not None else None
    if top is None or not aliases:
        return
    top.insert(0, nodes.meta(name="keywords", content=", ".join(aliases)))
