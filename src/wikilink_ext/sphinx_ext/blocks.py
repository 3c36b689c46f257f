"""Block ids at scale: a note with 100,000 ``^id`` paragraphs builds in linear time.

The renderer marks each block with a target placed just before it. Thousands of sibling
targets make two standard transforms quadratic (Sphinx's reordering of consecutive
targets and docutils' target propagation each look a target up among its siblings). A
paragraph's target is therefore moved inside the paragraph, in one pass per parent, before
those transforms run: the anchor is the same, and the HTML and LaTeX writers place it in
the paragraph, where a link to the block should land.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from docutils.transforms import Transform

__all__ = ["InlineBlockTargets"]


class InlineBlockTargets(Transform):
    default_priority = 200  # before ReorderConsecutiveTargetAndIndexNodes (220)

    def apply(self, **kwargs: Any) -> None:
        parents: dict[int, nodes.Element] = {}
        for target in self.document.findall(nodes.target):
            if "wikilink_block" in target and target.parent is not None:
                parents[id(target.parent)] = target.parent
        for parent in parents.values():
            children = list(parent.children)
            kept: list[nodes.Node] = []
            for index, child in enumerate(children):
                following = children[index + 1] if index + 1 < len(children) else None
                if (
                    isinstance(child, nodes.target)
                    and "wikilink_block" in child
                    and isinstance(following, nodes.paragraph)
                ):
                    following.insert(0, child)
                    continue
                kept.append(child)
            if len(kept) != len(children):
                parent.children = []
                parent.extend(kept)
