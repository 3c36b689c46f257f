"""Docutils nodes the extension adds; all but ``callout`` are gone before any writer runs."""

from __future__ import annotations

from typing import Any

from docutils import nodes

__all__ = ["callout", "depart_callout_latex", "visit_callout_latex", "wikilink_ref"]


class wikilink_ref(nodes.inline):
    """A link to a note, heading or block, resolved after every note has been read.

    Attributes: ``reftarget`` (the path as written), ``headings`` (list), ``block``
    (str or None), ``refdoc`` (the linking docname), ``embedded_from`` (docname or None).
    """


class callout(nodes.admonition):
    """An Obsidian callout; an admonition whose LaTeX box depends on the callout's family."""


#: Sphinx's named LaTeX admonition boxes, one per colour family of Obsidian's callouts.
LATEX_BOX = {
    "blue": "note",
    "cyan": "hint",
    "green": "tip",
    "orange": "warning",
    "red": "danger",
    "purple": "important",
    "grey": "note",
    "gray": "note",
}


def visit_callout_latex(self: Any, node: callout) -> None:
    box = LATEX_BOX.get(node.get("family", ""), "note")
    self.body.append(f"\n\\begin{{sphinxadmonition}}{{{box}}}")
    self.no_latex_floats += 1


def depart_callout_latex(self: Any, node: callout) -> None:
    self.body.append("\\end{sphinxadmonition}\n")
    self.no_latex_floats -= 1
