"""``![[…]]``: images, other files, and transclusion of notes, sections and blocks.

An embedded note is parsed with the same parser and rendered in place, inside a container,
with its links resolved from the embedded note. Cycles and runaway nesting are cut with a
located warning, the inner embed shown as a link. Nothing outside the source directory is
ever read: the embedded path must resolve to a note or file the vault scan listed.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from ..syntax.wikilinks import WikiTarget, default_display
from ..vault.index import heading_key
from ..vault.scan import read_note
from .messages import Problem, warn
from .nodes import wikilink_media, wikilink_ref
from .renderer import AUDIO_SUFFIXES, IMAGE_SUFFIXES, VIDEO_SUFFIXES

if TYPE_CHECKING:
    from .renderer import ObsidianRenderer

__all__ = ["render_embed", "select_tokens"]


def _outside(path: str, docname: str) -> bool:
    """A drive letter, or ``..`` that climbs above the vault from the embedding note's folder
    (``../assets/img.png`` from ``notes/A`` stays inside; a leading ``/`` is the vault root)."""
    if len(path) > 1 and path[1] == ":":
        return True
    parts: list[str] = posixpath.dirname(docname).split("/") if "/" in docname else []
    if path.startswith(("/", "\\")):
        parts = []
    for part in path.replace("\\", "/").split("/"):
        if part == "..":
            if not parts:
                return True
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return False


def select_tokens(tokens: list[Token], target: WikiTarget) -> list[Token] | None:
    """The tokens of the whole note, of one heading's section, or of one marked block."""
    body = [t for t in tokens if t.type != "front_matter"]
    if target.block is not None:
        for index, token in enumerate(body):
            if (token.meta or {}).get("block_id") == target.block:
                if token.nesting == 0:
                    return [token]
                depth = 0
                for end in range(index, len(body)):
                    depth += body[end].nesting
                    if depth == 0:
                        opener = token
                        chosen = body[index : end + 1]
                        if opener.type == "list_item_open":
                            # a list item alone: keep it inside a list of its own
                            kind = "bullet_list" if opener.markup in "-*+" else "ordered_list"
                            wrapper_open = Token(f"{kind}_open", "ul", 1)
                            wrapper_close = Token(f"{kind}_close", "ul", -1)
                            return [wrapper_open, *chosen, wrapper_close]
                        return chosen
        return None
    if target.headings:
        wanted = target.headings
        stack: list[tuple[int, str]] = []
        for index, token in enumerate(body):
            if token.type != "heading_open":
                continue
            level = int(token.tag[1])
            text = body[index + 1].content
            while stack and stack[-1][0] >= level:
                stack.pop()
            ancestors = [t for _, t in stack]
            stack.append((level, text))
            if heading_key(text) != heading_key(wanted[-1]):
                continue
            position = 0
            for ancestor in ancestors:
                if position < len(wanted) - 1 and heading_key(ancestor) == heading_key(
                    wanted[position]
                ):
                    position += 1
            if position != len(wanted) - 1:
                continue
            end = len(body)
            for later in range(index + 3, len(body)):
                if body[later].type == "heading_open" and int(body[later].tag[1]) <= level:
                    end = later
                    break
            return body[index:end]
        return None
    return body


def render_embed(renderer: ObsidianRenderer, token: SyntaxTreeNode) -> None:
    target: WikiTarget = token.meta["target"]
    env = renderer.sphinx_env
    location = renderer.location(token)
    if target.path and _outside(target.path, renderer.docname):
        warn(Problem.OUTSIDE, f"embed leaves the source directory: {target.path!r}", location)
        _append_inline(
            renderer, nodes.inline(text=f"![[{token.content}]]", classes=["wikilink-broken"])
        )
        return
    vault = renderer.vault
    resolution = vault.index.resolve(target.path, renderer.docname) if target.path else None
    if resolution is not None and resolution.kind == "attachment" and resolution.target:
        _embed_file(renderer, token, target, resolution.target)
        return
    docname = resolution.target if resolution is not None else renderer.docname
    if resolution is not None and (resolution.kind == "missing" or docname is None):
        _as_link(renderer, token, target)  # the resolver reports it, located
        return
    assert docname is not None
    stack: list[str] = renderer.md_env.get("wikilink_embed_stack") or []
    fragments: list[tuple[str, str]] = renderer.md_env.setdefault("wikilink_embed_fragments", [])
    key = (docname, target.fragment)
    whole_ancestor = not target.fragment and docname in [env.docname, *stack]
    if key in fragments or whole_ancestor:
        chain = [env.docname, *stack]
        shown = " → ".join([*chain, docname])
        warn(Problem.CYCLE, f"embed cycle: {shown}; the inner embed is shown as a link", location)
        _as_link(renderer, token, target)
        return
    if len(stack) >= env.config.wikilink_embed_depth:
        warn(
            Problem.CYCLE,
            f"embeds nested deeper than wikilink_embed_depth={env.config.wikilink_embed_depth}",
            location,
        )
        _as_link(renderer, token, target)
        return
    path = Path(env.doc2path(docname))
    srcdir = Path(env.srcdir).resolve()
    if not path.resolve().is_relative_to(srcdir):
        warn(Problem.OUTSIDE, f"embed leaves the source directory: {target.path!r}", location)
        _as_link(renderer, token, target)
        return
    env.note_dependency(str(path))
    text, _ = read_note(path.read_bytes())  # the scan reports a note that is not UTF-8
    tokens = renderer.md.parse(text or "", {})
    chosen = select_tokens(tokens, target)
    if chosen is None:
        _as_link(renderer, token, target)  # the resolver reports the missing heading/block
        return
    container = nodes.container(classes=["wikilink-embed", "markdown-embed"])
    renderer.add_line_and_source_path(container, token)
    title = _link(
        renderer, token, target, "wikilink-embed-title", default_display(target) or docname
    )
    container.append(nodes.paragraph("", "", title, classes=["wikilink-embed-source"]))
    renderer.current_node.append(container)
    fragments.append(key)
    try:
        with renderer.current_node_context(container), renderer.embedded(docname, str(path)):
            renderer._render_tokens([t.copy() for t in chosen])
    finally:
        fragments.pop()


def _link(
    renderer: ObsidianRenderer, token: SyntaxTreeNode, target: WikiTarget, kind: str, text: str
) -> wikilink_ref:
    """A link to what the embed names, resolved later like any wikilink."""
    node = wikilink_ref(
        classes=["wikilink", kind],
        reftarget=target.path,
        headings=list(target.headings),
        block=target.block,
        refdoc=renderer.docname,
    )
    renderer.add_line_and_source_path(node, token)
    node.append(nodes.Text(text))
    return node


def _as_link(renderer: ObsidianRenderer, token: SyntaxTreeNode, target: WikiTarget) -> None:
    text = target.display or default_display(target)
    _append_inline(renderer, _link(renderer, token, target, "wikilink-embed-link", text))


def _append_inline(renderer: ObsidianRenderer, node: nodes.Node) -> None:
    """Inline content at block level (a standalone embed) goes in a paragraph of its own."""
    if isinstance(renderer.current_node, nodes.TextElement):
        renderer.current_node.append(node)
    else:
        renderer.current_node.append(nodes.paragraph("", "", node))


def _embed_file(
    renderer: ObsidianRenderer, token: SyntaxTreeNode, target: WikiTarget, path: str
) -> None:
    suffix = posixpath.splitext(path)[1].casefold()
    if suffix in IMAGE_SUFFIXES:
        image = nodes.image(uri="/" + path, alt=target.display or posixpath.basename(path))
        size = target.size
        if size is not None:
            image["width"] = f"{size[0]}px"
            image["alt"] = posixpath.basename(path)
            if size[1] is not None:
                image["height"] = f"{size[1]}px"
        renderer.add_line_and_source_path(image, token)
        renderer.current_node.append(image)
        return
    wrapper = nodes.inline(classes=["wikilink-file-embed"])
    _append_inline(renderer, wrapper)
    with renderer.current_node_context(wrapper):
        renderer._download(path, token, children=False)
    if suffix in AUDIO_SUFFIXES or suffix in VIDEO_SUFFIXES or suffix == ".pdf":
        kind = "audio" if suffix in AUDIO_SUFFIXES else ("pdf" if suffix == ".pdf" else "video")
        wrapper.append(wikilink_media(kind=kind))
