"""Docutils nodes the extension adds; all but ``callout``, ``callout_icon`` and
``wikilink_media`` are gone before any writer runs."""

from __future__ import annotations

from typing import Any

from docutils import nodes

__all__ = [
    "callout",
    "callout_icon",
    "depart_callout",
    "depart_callout_latex",
    "skip",
    "task_checkbox",
    "visit_callout",
    "visit_callout_icon_html",
    "visit_callout_latex",
    "visit_media_html",
    "visit_task_checkbox_html",
    "visit_task_checkbox_latex",
    "visit_task_checkbox_plain",
    "visit_task_checkbox_text",
    "wikilink_media",
    "wikilink_ref",
    "wikilink_ref_to",
]


class wikilink_ref(nodes.inline):
    """A link to a note, heading or block, resolved after every note has been read.

    Attributes: ``reftarget`` (the path as written), ``headings`` (list), ``block``
    (str or None), ``refdoc`` (the linking docname), ``embedded`` (written inside embedded
    content: reported on the embedded note's own page, not again here).
    """


def wikilink_ref_to(
    target: Any, refdoc: str, *, embedded: bool, classes: list[str]
) -> wikilink_ref:
    """The pending link to ``target`` (a parsed :class:`~wikilink_ext.syntax.wikilinks.
    WikiTarget`) written in ``refdoc``; resolved once every note is read."""
    return wikilink_ref(
        classes=classes,
        reftarget=target.path,
        headings=list(target.headings),
        block=target.block,
        refdoc=refdoc,
        embedded=embedded,
    )


class callout(nodes.admonition):
    """An Obsidian callout; an admonition whose LaTeX box depends on the callout's family."""


class callout_icon(nodes.Inline, nodes.Element):
    """The icon at the start of a callout's title: inline SVG in HTML, nothing elsewhere.

    Attribute ``kind``: the canonical callout type. Empty, so a title's text is unchanged.
    """


def visit_callout_icon_html(self: Any, node: callout_icon) -> None:
    from .icons import icon_svg

    if self.builder.name.startswith("epub"):  # inline SVG needs an OPF property Sphinx omits
        raise nodes.SkipNode
    self.body.append(f'<span class="callout-icon">{icon_svg(node["kind"])}</span>')
    raise nodes.SkipNode


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


def visit_callout(self: Any, node: callout) -> None:
    """HTML and text: an admonition."""
    self.visit_admonition(node)


def depart_callout(self: Any, node: callout) -> None:
    self.depart_admonition(node)


def visit_callout_latex(self: Any, node: callout) -> None:
    box = LATEX_BOX.get(node.get("family", ""), "note")
    # Keep the title with the start of the body: room for the title's lines and three more.
    title = next(iter(node.findall(nodes.title)), None)
    lines = 4 + (len(title.astext()) // 80 + 1 if title is not None else 0)
    self.body.append(f"\n\\needspace{{{lines}\\baselineskip}}")
    self.body.append(f"\n\\begin{{sphinxadmonition}}{{{box}}}")
    self.no_latex_floats += 1


def depart_callout_latex(self: Any, node: callout) -> None:
    self.body.append("\\end{sphinxadmonition}\n")
    self.no_latex_floats -= 1


class wikilink_media(nodes.General, nodes.Inline, nodes.Element):
    """An inline player (audio, video) or viewer (PDF) for an embedded file, HTML only.

    It sits next to the file's download link, whose copied location it reuses.
    """


def visit_media_html(self: Any, node: wikilink_media) -> None:
    import posixpath
    from urllib.parse import quote

    from sphinx import addnodes

    download = next(
        (n for n in node.parent.findall(addnodes.download_reference) if n.get("filename")), None
    )
    if download is None:
        raise nodes.SkipNode
    src = posixpath.join(self.builder.dlpath, quote(download["filename"]))
    kind = node["kind"]
    if kind == "audio":
        self.body.append(
            f'<audio class="wikilink-media" controls preload="metadata" src="{src}"></audio>'
        )
    elif kind == "video":
        self.body.append(
            f'<video class="wikilink-media" controls preload="metadata" src="{src}"></video>'
        )
    else:
        self.body.append(
            f'<iframe class="wikilink-media wikilink-pdf" src="{src}" title="{kind}"></iframe>'
        )
    raise nodes.SkipNode


class task_checkbox(nodes.Inline, nodes.Element):
    """The box of a task (``- [ ]``, ``- [x]``, ``- [?]``): a disabled checkbox in HTML, as
    Obsidian, GitHub and MyST draw it, ticked for every state but a space; a glyph elsewhere.

    Attribute ``state``: the character between the brackets (themes style ``data-task``).
    """


def _task_done(node: task_checkbox) -> bool:
    return str(node["state"]) != " "


def visit_task_checkbox_html(self: Any, node: task_checkbox) -> None:
    from html import escape

    # attribute values written out: the EPUB is XHTML, where a bare "disabled" is an error
    done = _task_done(node)
    checked = ' checked="checked"' if done else ""
    state = str(node["state"])
    # a name for screen readers (axe: a form field needs a label); a custom status is said
    label = ("done" if state.lower() == "x" else f"done ({state})") if done else "to do"
    self.body.append(
        f'<input type="checkbox" class="task-list-item-checkbox" disabled="disabled"{checked}'
        f' data-task="{escape(state)}" aria-label="{escape(label)}" /> '
    )
    raise nodes.SkipNode


def visit_task_checkbox_text(self: Any, node: task_checkbox) -> None:
    self.add_text(f"[{node['state']}] ")
    raise nodes.SkipNode


def visit_task_checkbox_plain(self: Any, node: task_checkbox) -> None:
    self.body.append(f"[{node['state']}] ")
    raise nodes.SkipNode


def visit_task_checkbox_latex(self: Any, node: task_checkbox) -> None:
    self.body.append("☑ " if _task_done(node) else "☐ ")
    raise nodes.SkipNode


def skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def note_body(doctree: nodes.document) -> nodes.Element:
    """Where page additions go: the note's one top-level section (its title's), else the
    document itself (a note whose body failed to render)."""
    return next((c for c in doctree.children if isinstance(c, nodes.section)), doctree)


def ancestors(node: nodes.Node) -> list[nodes.Element]:
    """The node's parents, innermost first."""
    found: list[nodes.Element] = []
    parent = node.parent
    while parent is not None:
        found.append(parent)
        parent = parent.parent
    return found
