"""Figures: an image on its own, captioned by the paragraph that follows it.

Obsidian has no figure syntax. What reads right in its reading view, and in any Markdown
viewer, is an image alone in its paragraph followed directly by a paragraph that begins
with an emphasised label, ``*Figure:* text`` or ``*Figure: text*`` (or that label on the
line right under the image, in the same paragraph); the image's alt text
is the text after ``|`` (``![[plot.png|what it shows]]``) or in the brackets
(``![what it shows](plot.png)``). With ``wikilink_figure_captions`` the pair becomes a
docutils ``figure`` with a ``caption``: ``<figure>`` and ``<figcaption>`` in HTML and EPUB,
a float in LaTeX (image and caption on one page), numbered by Sphinx when ``numfig`` is
on. The label is then dropped, the number takes its place. It is opt-in, so other vaults'
images and italic paragraphs are left as they are.
"""

from __future__ import annotations

import posixpath
from typing import Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

__all__ = ["CAPTION_LABEL", "FigureCaptions", "caption_label_end"]

CAPTION_LABEL = "Figure:"
"""The label that makes a paragraph the caption of the image before it."""


def caption_label_end(emphasised: str) -> int | None:
    """Where the caption text starts after the label, when ``emphasised`` (the text of the
    paragraph's leading emphasis) begins with the label; ``None`` when it does not."""
    stripped = emphasised.lstrip()
    if not stripped.startswith(CAPTION_LABEL):
        return None
    return len(emphasised) - len(stripped) + len(CAPTION_LABEL)


class FigureCaptions(SphinxTransform):
    """Image + ``*Figure:*`` paragraph → ``figure(image, caption)``."""

    # after InlineBlockTargets (200) has put block targets inside their paragraphs, before
    # Sphinx's AutoNumbering (210) looks for figures to number
    default_priority = 205

    def apply(self, **kwargs: Any) -> None:
        if not getattr(self.config, "wikilink_figure_captions", False):
            return
        keep_label = not self.config.numfig
        for paragraph in list(self.document.findall(nodes.paragraph)):
            parent = paragraph.parent
            if parent is None:
                continue
            split = _image_then_caption(paragraph)
            if split is not None:
                # the caption on the line under the image, in the same paragraph
                figure = self._figure(split[0], paragraph, split[1], keep_label)
                parent.replace(paragraph, figure)
                continue
            index = parent.index(paragraph)
            if index == 0 or _label_emphasis(paragraph) is None:
                continue
            before = parent[index - 1]
            lone = _lone_image(before)
            if lone is None:
                continue
            figure = self._figure(lone, before, paragraph, keep_label)
            parent.remove(paragraph)
            parent.replace(before, figure)

    def _figure(
        self,
        image: nodes.image,
        before: nodes.Node,
        caption_paragraph: nodes.paragraph,
        keep_label: bool,
    ) -> nodes.figure:
        if not keep_label:
            _drop_label(caption_paragraph)
        targets = [
            n
            for n in _children(before) + _children(caption_paragraph)
            if isinstance(n, nodes.target)
        ]
        for target in targets:
            if target.parent is not None:
                target.parent.remove(target)
        caption = nodes.caption("", "", *caption_paragraph.children)
        caption.source, caption.line = caption_paragraph.source, caption_paragraph.line
        image.parent = None
        figure = nodes.figure("", image, caption, classes=["wikilink-figure"])
        figure.source, figure.line = image.source, image.line
        # a block id (``^id``) of the image or the caption marks the figure: a link to it
        # lands on the figure, its preview shows the caption (and no anchor sits inside the
        # caption, which LaTeX also writes to its .aux file)
        for target in targets:
            for anchor in target["ids"]:
                figure["ids"].append(anchor)
                self.document.ids[anchor] = figure
            for key in ("wikilink_block", "wikilink_block_aliases"):
                if key in target and key not in figure:
                    figure[key] = target[key]
        uri = str(image.get("original_uri") or image.get("uri", ""))
        stem = posixpath.splitext(posixpath.basename(uri))[0] or "image"
        # an anchor named for the image (``#figure-plot``), unique in the page
        base = nodes.make_id(f"figure-{stem}")
        anchor, count = base, 1
        while anchor in self.document.ids:
            count += 1
            anchor = f"{base}-{count}"
        figure["ids"].insert(0, anchor)
        self.document.ids[anchor] = figure
        return figure


def _children(node: nodes.Node) -> list[nodes.Node]:
    return list(node.children) if isinstance(node, nodes.Element) else []


def _lone_image(node: nodes.Node) -> nodes.image | None:
    """The image when ``node`` is one (a standalone ``![[…]]``) or a paragraph holding only
    an image (``![…](…)``), besides block targets and spaces."""
    if isinstance(node, nodes.image):
        return node
    if not isinstance(node, nodes.paragraph):
        return None
    rest = [
        child
        for child in node.children
        if not isinstance(child, nodes.target)
        and not (isinstance(child, nodes.Text) and not child.astext().strip())
    ]
    if len(rest) == 1 and isinstance(rest[0], nodes.image):
        return rest[0]
    return None


def _image_then_caption(paragraph: nodes.paragraph) -> tuple[nodes.image, nodes.paragraph] | None:
    """``![[plot.png]]`` and ``*Figure:* text`` on the next line of one paragraph: the image,
    and the rest of the paragraph from the label on, as a paragraph of its own."""
    children = list(paragraph.children)
    first = next((c for c in children if not isinstance(c, nodes.target)), None)
    if not isinstance(first, nodes.image):
        return None
    start = children.index(first) + 1
    while start < len(children) and _line_break(children[start]):
        start += 1
    if start == children.index(first) + 1 or start == len(children):
        return None  # the caption must start a line of its own
    rest = children[start:]
    if _leading_label(rest) is None:
        return None
    del paragraph.children[start:]
    caption = nodes.paragraph("", "", *rest)
    caption.source, caption.line = paragraph.source, paragraph.line
    return first, caption


def _line_break(node: nodes.Node) -> bool:
    """A line break in a paragraph: a soft break (strict line breaks) or a hard one."""
    if isinstance(node, nodes.Text):
        return not node.astext().strip()
    return isinstance(node, nodes.raw) and node.astext().strip() in {"<br />", "\\\\"}


def _label_emphasis(paragraph: nodes.paragraph) -> nodes.emphasis | None:
    """The paragraph's leading emphasis when it begins with the caption label."""
    return _leading_label(list(paragraph.children))


def _leading_label(children: list[nodes.Node]) -> nodes.emphasis | None:
    first = next((c for c in children if not isinstance(c, nodes.target)), None)
    if isinstance(first, nodes.emphasis) and caption_label_end(first.astext()) is not None:
        return first
    return None


def _drop_label(paragraph: nodes.paragraph) -> None:
    """``*Figure:* text`` → ``text``; ``*Figure: text*`` → ``*text*``."""
    emphasis = _label_emphasis(paragraph)
    if emphasis is None:
        return
    first_text = emphasis[0] if emphasis.children else None
    end = caption_label_end(first_text.astext()) if isinstance(first_text, nodes.Text) else None
    if first_text is None or end is None:
        return
    remainder = first_text.astext()[end:].lstrip()
    if remainder:
        emphasis.replace(first_text, nodes.Text(remainder))
    else:
        emphasis.remove(first_text)
    if emphasis.astext().strip():
        return
    # the label alone was emphasised: the caption is what follows it
    index = paragraph.index(emphasis)
    paragraph.remove(emphasis)
    following = paragraph[index] if index < len(paragraph) else None
    if isinstance(following, nodes.Text):
        paragraph.replace(following, nodes.Text(following.astext().lstrip()))
