"""``![[…]]``: images, other files, and transclusion of notes, sections and blocks.

An embedded note is parsed with the same parser and rendered in place, inside a container,
with its links resolved from the embedded note. What is shown is cut by the pure slicer
(:mod:`wikilink_ext.vault.slices`), balanced by construction. Cycles and runaway nesting are
cut with a located warning, the inner embed shown as a link. Nothing outside the source
directory is ever read: the embedded path must resolve to a note or file the vault scan
listed.

The work per page is bounded: each embedded note is read and parsed once per page, and the
page shows at most ``wikilink_embed_max_count`` embeds and ``wikilink_embed_max_chars``
characters of embedded Markdown (nested embeds and repeats included). Past either bound the
embed is a link and one ``wikilink.embed-limit`` warning names the chain that reached it.

This module needs a few services of the renderer (:class:`EmbedHost`), not the renderer
itself, so the renderer imports it and not the other way round.
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection, MutableMapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from docutils import nodes
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from sphinx.environment import BuildEnvironment

from ..syntax.wikilinks import WikiTarget, default_display
from ..vault.scan import read_note
from ..vault.slices import NoteSlices, balanced
from .domain import VaultDomain
from .media import AUDIO_SUFFIXES, IMAGE_SUFFIXES, VIDEO_SUFFIXES
from .messages import Problem, warn
from .nodes import wikilink_media, wikilink_ref, wikilink_ref_to

__all__ = ["EmbedHost", "render_embed", "select_tokens"]


class EmbedHost(Protocol):
    """What embedding needs from the renderer."""

    md: MarkdownIt
    md_env: MutableMapping[str, Any]
    current_node: Any

    @property
    def sphinx_env(self) -> BuildEnvironment: ...
    @property
    def vault(self) -> VaultDomain: ...
    @property
    def docname(self) -> str: ...
    @property
    def embedding(self) -> bool: ...
    def location(self, token: SyntaxTreeNode) -> tuple[str, int]: ...
    def add_line_and_source_path(self, node: Any, token: SyntaxTreeNode) -> None: ...
    def current_node_context(
        self, node: Any, append: bool = False
    ) -> AbstractContextManager[None]: ...
    def embedded(
        self, docname: str, source: str, footnotes: Collection[str] = ()
    ) -> AbstractContextManager[None]: ...
    def _render_tokens(self, tokens: list[Token]) -> None: ...
    def _download(self, path: str, token: SyntaxTreeNode, *, children: bool) -> None: ...


@dataclass
class _PageEmbeds:
    """Per page: parsed notes, and how much has been embedded so far."""

    notes: dict[str, NoteSlices] = field(default_factory=dict)
    count: int = 0
    chars: int = 0
    warned: bool = False


def _page(renderer: EmbedHost) -> _PageEmbeds:
    page = renderer.md_env.get("wikilink_embeds")
    if not isinstance(page, _PageEmbeds):
        page = renderer.md_env["wikilink_embeds"] = _PageEmbeds()
    return page


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
    return _select(NoteSlices.of(tokens), target)


def _select(note: NoteSlices, target: WikiTarget) -> list[Token] | None:
    if target.block is not None:
        return note.block(target.block)
    return note.section(target.headings)


def _chars(tokens: list[Token]) -> int:
    return sum(len(token.content) for token in tokens)


def _over_limit(
    renderer: EmbedHost, token: SyntaxTreeNode, page: _PageEmbeds, chars: int, chain: str
) -> bool:
    config = renderer.sphinx_env.config
    max_count, max_chars = config.wikilink_embed_max_count, config.wikilink_embed_max_chars
    if page.count + 1 <= max_count and page.chars + chars <= max_chars:
        return False
    if not page.warned:
        page.warned = True
        bound = (
            f"wikilink_embed_max_count={max_count} embeds"
            if page.count + 1 > max_count
            else f"wikilink_embed_max_chars={max_chars} characters"
        )
        warn(
            Problem.EMBED_LIMIT,
            f"embed limit reached ({bound} per page) at {chain}; this and further embeds "
            "on the page are shown as links",
            renderer.location(token),
        )
    return True


def render_embed(renderer: EmbedHost, token: SyntaxTreeNode) -> None:
    target: WikiTarget = token.meta["target"]
    env = renderer.sphinx_env
    location = renderer.location(token)
    if target.path and _outside(target.path, renderer.docname):
        warn(Problem.OUTSIDE, f"embed leaves the source directory: {target.path!r}", location)
        _unresolved(renderer, token, target)
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
    chain = " → ".join([env.docname, *stack, docname])
    whole_ancestor = not target.fragment and docname in [env.docname, *stack]
    if key in fragments or whole_ancestor:
        warn(Problem.CYCLE, f"embed cycle: {chain}; the inner embed is shown as a link", location)
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
    page = _page(renderer)
    note = page.notes.get(docname)
    if note is None:
        env.note_dependency(str(path))
        text, _ = read_note(path.read_bytes())  # the scan reports a note that is not UTF-8
        note = page.notes[docname] = NoteSlices.of(renderer.md.parse(text or "", {}))
    chosen = _select(note, target)
    if chosen is None or not balanced(chosen):
        _as_link(renderer, token, target)  # the resolver reports the missing heading/block
        return
    chars = _chars(chosen)
    if _over_limit(renderer, token, page, chars, chain):
        _as_link(renderer, token, target)
        return
    page.count += 1
    page.chars += chars
    container = nodes.container(classes=["wikilink-embed", "markdown-embed"])
    renderer.add_line_and_source_path(container, token)
    # the source line names the note and heading; a block's ``^id`` is never shown
    shown = (target.path or docname) if target.block is not None else default_display(target)
    title = _link(renderer, token, target, "wikilink-embed-title", shown or docname)
    container.append(nodes.paragraph("", "", title, classes=["wikilink-embed-source"]))
    renderer.current_node.append(container)
    fragments.append(key)
    footnotes = {str(t.meta["label"]) for t in chosen if t.type == "footnote_reference_open"}
    try:
        with (
            renderer.current_node_context(container),
            renderer.embedded(docname, str(path), footnotes),
        ):
            renderer._render_tokens([t.copy() for t in chosen])
    finally:
        fragments.pop()


def _link(
    renderer: EmbedHost, token: SyntaxTreeNode, target: WikiTarget, kind: str, text: str
) -> wikilink_ref:
    """A link to what the embed names, resolved later like any wikilink."""
    node = wikilink_ref_to(
        target, renderer.docname, embedded=renderer.embedding, classes=["wikilink", kind]
    )
    renderer.add_line_and_source_path(node, token)
    node.append(nodes.Text(text))
    return node


def _unresolved(renderer: EmbedHost, token: SyntaxTreeNode, target: WikiTarget) -> None:
    """Readable text for an embed that cannot be shown: what it names, marked unresolved."""
    text = _display(target) or default_display(target) or token.content
    span = nodes.inline(text, text, classes=["wikilink", "wikilink-broken", "wikilink-embed-link"])
    span["reftitle"] = "unresolved embed"
    renderer.add_line_and_source_path(span, token)
    _append_inline(renderer, span)


def _display(target: WikiTarget) -> str | None:
    """The embed's own text: ``![[x.webp|192]]`` has a width, not a text (Obsidian shows
    a missing file's name)."""
    return None if target.size is not None else target.display


def _as_link(renderer: EmbedHost, token: SyntaxTreeNode, target: WikiTarget) -> None:
    text = _display(target) or default_display(target)
    _append_inline(renderer, _link(renderer, token, target, "wikilink-embed-link", text))


def _append_inline(renderer: EmbedHost, node: nodes.Node) -> None:
    """Inline content at block level (a standalone embed) goes in a paragraph of its own."""
    if isinstance(renderer.current_node, nodes.TextElement):
        renderer.current_node.append(node)
    else:
        renderer.current_node.append(nodes.paragraph("", "", node))


def _embed_file(renderer: EmbedHost, token: SyntaxTreeNode, target: WikiTarget, path: str) -> None:
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
