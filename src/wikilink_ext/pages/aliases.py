"""Search by alias: a note's ``aliases`` become index entries that point at the note.

Sphinx's search looks up index entries as well as words, so a reader who searches for an
alias (say "TMS") finds the note even when the alias appears nowhere in its text; the
aliases also appear in the general index, each leading to its note. The PDF prints no index.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from ..sphinx.domain import vault_domain

__all__ = ["connect"]


class IndexAliases(SphinxTransform):
    """Add an index node under the note's title, before Sphinx's domains collect entries."""

    default_priority = 840  # Sphinx's index domain reads index nodes at 850

    def apply(self, **kwargs: Any) -> None:
        docname = self.env.docname
        frontmatter = vault_domain(self.env).scan.notes.get(docname)
        top = next((c for c in self.document.children if isinstance(c, nodes.section)), None)
        if frontmatter is None or not frontmatter.aliases or top is None or not top["ids"]:
            return
        target = str(top["ids"][0])
        entries = [("single", str(alias), target, "main", None) for alias in frontmatter.aliases]
        index = addnodes.index(entries=entries, inline=False)
        title = next((i for i, c in enumerate(top.children) if isinstance(c, nodes.title)), -1)
        top.insert(title + 1, index)


def connect(app: Sphinx) -> None:
    app.add_transform(IndexAliases)
