"""The pages of the PDF that cite a work, for the bibliography's "Cited in" lines.

A page number exists only once LaTeX has set the pages, so each citation in the text gets
a LaTeX anchor and label (``wikilink-cited-<n>``) where it stands, and "Cited in" asks for
the pages of the labels of each citing note: ``Neuron (pp. 3, 5)``, each number a link to
the citation on that page, each page once (``\\wikilinkcitedpages``, defined with the book's
other macros in :mod:`wikilink_ext.pages.pdfbook`). LaTeX only: the HTML "Cited in" links to
the notes, which are its pages.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..sphinx_ext.nodes import ancestors

__all__ = ["CITED", "cited_pages", "citing_places"]

#: The prefix of the labels (and PDF destinations) of the citations in the text.
CITED = "wikilink-cited-"


def _keys(xref: addnodes.pending_xref) -> list[str]:
    """The keys of a citation: ``{prefix}key{locator}`` items, comma-separated."""
    raw = str(xref.get("reftarget", ""))
    return [k for k in (re.sub(r"\{[^}]*\}", "", item).strip() for item in raw.split(",")) if k]


def _docname(node: nodes.Node, default: str) -> str:
    """The note that holds ``node`` in the book's one LaTeX document: Sphinx marks the
    sections of each included note with its ``docname`` (the included notes' nodes keep
    their own document as parent, not the ``start_of_file`` that holds them)."""
    for ancestor in ancestors(node):
        if isinstance(ancestor, (nodes.section, nodes.document)) and ancestor.get("docname"):
            return str(ancestor["docname"])
    return default


def _moving(node: nodes.Node) -> bool:
    """A heading or caption: LaTeX moves its text (contents, outline), where no label goes.
    A callout's title is only typeset, and keeps its citations' places."""
    return isinstance(node, nodes.caption) or (
        isinstance(node, nodes.title) and isinstance(node.parent, (nodes.section, nodes.table))
    )


class MarkCitingPlaces(SphinxPostTransform):
    """Put an anchor and a label before each citation in the text (LaTeX only)."""

    default_priority = 8  # before sphinxcontrib-bibtex resolves the citations (10)
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        default = str(self.document.get("docname", self.env.docname))
        # an appendix is in the document twice: in the toctree, where the PDF drops it
        # (:mod:`.pdfbook`), and appended whole, where it stays
        dropped = {
            id(x)
            for sof in self.document.findall(addnodes.start_of_file)
            if sof["docname"] in self.config.latex_appendices
            for x in sof.findall(addnodes.pending_xref)
        }
        for number, xref in enumerate(
            [
                x
                for x in self.document.findall(addnodes.pending_xref)
                if x.get("refdomain") == "cite"
                and id(x) not in dropped
                and not any(_moving(a) for a in ancestors(x))
            ]
        ):
            label = f"{CITED}{number}"
            mark = nodes.raw("", rf"\hypertarget{{{label}}}{{}}\label{{{label}}}", format="latex")
            mark["wikilink_cited"] = _keys(xref)
            mark["wikilink_docname"] = _docname(xref, default)
            mark["wikilink_label"] = label
            xref.parent.insert(xref.parent.index(xref), mark)


def citing_places(document: nodes.Node) -> dict[tuple[str, str], list[str]]:
    """The labels of the citations of each work in each note, in the document's order."""
    places: dict[tuple[str, str], list[str]] = {}
    for mark in document.findall(nodes.raw):
        keys: list[str] = mark.get("wikilink_cited", [])
        for key in keys:
            places.setdefault((mark["wikilink_docname"], key), []).append(mark["wikilink_label"])
    return places


def cited_pages(labels: list[str]) -> nodes.raw:
    """`` (p. 3)`` or `` (pp. 3, 5)`` after a note's name in "Cited in", LaTeX computing the
    numbers."""
    return nodes.raw("", r"\wikilinkcitedpages{" + ",".join(labels) + "}", format="latex")
