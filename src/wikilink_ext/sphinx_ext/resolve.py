"""Resolve wikilinks once every note has been read, and report what cannot be resolved.

Runs as a post-transform, so a note's links always see the current headings and block ids
of the notes they point to, including in incremental builds (see ``events.py``).
"""

from __future__ import annotations

import difflib
from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_refnode

from ..syntax.blockids import block_key
from ..vault.docnames import note_name
from ..vault.index import find_heading
from ..vault.publish import Cause
from .domain import env_builder, vault_domain
from .messages import Problem
from .messages import warn as report
from .nodes import wikilink_ref

__all__ = ["ResolveWikilinks"]


def _written(docname: str) -> str:
    """The note's path as written (a docname encodes ``'``, ``"``, ``%``…)."""
    return "/".join(note_name(part) for part in docname.split("/"))


def _shown(node: wikilink_ref) -> str:
    text = str(node["reftarget"])
    if node.get("block"):
        return f"{text}#^{node['block']}"
    for heading in node.get("headings") or []:
        text += "#" + heading
    return text


class ResolveWikilinks(SphinxPostTransform):
    """Turn each :class:`wikilink_ref` into a reference, or into visible broken-link text."""

    default_priority = 5  # before Sphinx's own reference resolver

    def run(self, **kwargs: Any) -> None:
        # replaced parent by parent in one pass: docutils' replace_self looks the node up in
        # its parent's children, which made a paragraph of n links cost n² steps
        swaps: dict[int, tuple[nodes.Element, dict[int, nodes.Element]]] = {}
        for node in list(self.document.findall(wikilink_ref)):
            replacement = self.resolve(node)
            replacement.update_basic_atts(node)
            parent = node.parent
            swaps.setdefault(id(parent), (parent, {}))[1][id(node)] = replacement
        for parent, replaced in swaps.values():
            parent[:] = [replaced.get(id(child), child) for child in parent.children]

    def resolve(self, node: wikilink_ref) -> nodes.Element:
        """The reference ``node`` becomes, or its text marked as broken."""
        domain = vault_domain(self.env)
        source_doc = node["refdoc"]
        # a link inside embedded content is reported once, on the embedded note's own page,
        # not again on every page that embeds it
        quiet = bool(node.get("embedded")) and source_doc in self.env.all_docs

        def warn(problem: Problem, message: str, location: Any) -> None:
            if not quiet:
                report(problem, message, location)

        path = node["reftarget"]
        if path:
            resolution = domain.index.resolve(path, source_doc)
            if resolution.kind != "note" or resolution.target is None:
                unpublished = domain.index_unpublished.resolve(path, source_doc)
                if unpublished.kind == "note" and unpublished.target is not None:
                    note = domain.scan.notes.get(unpublished.target)
                    why = note.reason if note is not None and note.reason else "publish: false"
                    if note is not None and note.cause is Cause.DRAWING:  # one subtype for all
                        warn(
                            Problem.EXCALIDRAW,
                            f"[[{_shown(node)}]] is an Excalidraw drawing with no exported SVG "
                            "or PNG beside it; shown as a link (wikilink_publish_excalidraw)",
                            node,
                        )
                    elif note is not None and note.cause is Cause.IGNORED:
                        warn(
                            Problem.IGNORED,
                            f"[[{_shown(node)}]] links to {f'{unpublished.target}.md'!r}, "
                            f"{note.reason}",
                            node,
                        )
                    else:
                        warn(
                            Problem.UNPUBLISHED,
                            f"link to a note that is not published ({why}): [[{_shown(node)}]]",
                            node,
                        )
                    return self.broken(node)
                message = f"no note or file named {path!r} for [[{_shown(node)}]]"
                if resolution.suggestions:
                    message += (
                        "; did you mean "
                        + " or ".join(repr(s) for s in resolution.suggestions)
                        + "?"
                    )
                warn(Problem.MISSING, message, node)
                return self.broken(node)
            if resolution.ambiguous:
                warn(
                    Problem.AMBIGUOUS,
                    f"[[{_shown(node)}]] matches {len(resolution.candidates)} notes "
                    f"({', '.join(resolution.candidates)}); using {resolution.target!r} "
                    "(write the folder to choose)",
                    node,
                )
            docname = resolution.target
        else:
            docname = source_doc
        data = domain.notes.get(docname)
        anchor: str | None = None
        if node.get("block"):
            block = node["block"]
            anchor = data.blocks.get(block_key(block)) if data else None
            if anchor is None:
                warn(
                    Problem.BLOCK,
                    f"{_written(docname)!r} has no block ^{block} ([[{_shown(node)}]])",
                    node,
                )
        elif node.get("headings"):
            found = find_heading(data.headings if data else [], node["headings"])
            if found is None:
                headings = "#".join(node["headings"])
                message = f"{_written(docname)!r} has no heading {headings!r} ([[{_shown(node)}]])"
                texts = [h.text for h in data.headings] if data else []
                close = difflib.get_close_matches(node["headings"][-1], texts, n=2, cutoff=0.7)
                if close:
                    message += "; did you mean " + " or ".join(repr(c) for c in close) + "?"
                warn(Problem.HEADING, message, node)
            else:
                anchor = found.anchor
        if docname not in self.env.all_docs:
            warn(Problem.MISSING, f"note {docname!r} is not part of this build", node)
            return self.broken(node)
        title = data.title if data else None
        reference = make_refnode(
            env_builder(self.env), self.env.docname, docname, anchor, node.children, title
        )
        reference["classes"] += node["classes"]
        return reference

    @staticmethod
    def broken(node: wikilink_ref) -> nodes.Element:
        """Keep the text, visibly marked: a reader sees what the author linked."""
        replacement = nodes.inline("", "", *node.children, classes=["wikilink", "wikilink-broken"])
        replacement["reftitle"] = "unresolved link"
        replacement.source, replacement.line = node.source, node.line
        return replacement
