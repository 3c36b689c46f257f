"""What assistive technology reads from the book's HTML.

docutils writes each bibliography entry as ``role="doc-biblioentry"`` inside a
``role="list"``; DPUB-ARIA 1.1 deprecated that role (its children are list items now), and
axe-core reports the list as critical (aria-required-children: a list must hold list items).
Each entry is written as a ``listitem`` instead, with the same markup otherwise.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes

__all__ = ["depart_citation_html", "visit_citation_html"]


def visit_citation_html(self: Any, node: nodes.citation) -> None:
    if not isinstance(node.previous_sibling(), nodes.citation):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def depart_citation_html(self: Any, node: nodes.citation) -> None:
    self.body.append("</div>\n")
    if not isinstance(node.next_node(descend=False, siblings=True), nodes.citation):
        self.body.append("</div>\n")
