"""The book's navigation: one toctree of notes for Sphinx, one sidebar built once per build.

Order: the notes linked from the home note's lists, in their order (the book's table of
contents); then every other note as Obsidian's file explorer shows it: folders first, then
notes, each by name, case-insensitively, numbers in numeric order ("Note 2" before "Note 10");
then the notes of ``wikilink_appendices``, in their order. When the home note lists notes
under more than one heading, each heading is a part of the book: a caption in the sidebar
and a part in the PDF (``pdfbook``).

Sphinx gets one hidden toctree in the home note that holds notes, not their headings: it
gives the previous/next links, the PDF's chapter order and ``toc.not_included``.

The sidebar is not rendered per page by the theme (that costs notes times notes): it is built
once per build as a string and written to ``_static/wikilink-nav.js``, which every page
loads and which marks the current page. Each page also carries, without JavaScript, the
listed notes and the folders down to the current page (O(listed + depth) per page). The
sidebar shows file names, as Obsidian does, so editing a note never changes the sidebar; a
note added, removed or listed differently rewrites every page (their sidebar changed).
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from ..sphinx.domain import vault_domain
from ..sphinx.nodes import ancestors, note_body, wikilink_ref
from ..vault.docnames import note_name

__all__ = ["Nav", "appendices", "explorer_order", "natural_key", "parts", "toc_order"]

TEMPLATES = Path(__file__).parent.parent / "templates"
NAV_JS = "wikilink-nav.js"


def natural_key(name: str) -> tuple[Any, ...]:
    """Obsidian's "File name (A to Z)": case-insensitive, digit runs compared as numbers."""
    parts = re.split(r"(\d+)", name.casefold())
    return (tuple(int(p) if i % 2 else p for i, p in enumerate(parts)), name)


@dataclass
class _Folder:
    path: str
    folders: dict[str, _Folder] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def sorted_folders(self) -> list[_Folder]:
        return sorted(self.folders.values(), key=lambda f: natural_key(posixpath.basename(f.path)))

    def sorted_notes(self) -> list[str]:
        return sorted(self.notes, key=lambda d: natural_key(posixpath.basename(d)))


def _tree(docnames: list[str]) -> _Folder:
    root = _Folder("")
    for docname in docnames:
        folder = root
        parts = docname.split("/")[:-1]
        for depth, part in enumerate(parts):
            path = "/".join(parts[: depth + 1])
            folder = folder.folders.setdefault(part, _Folder(path))
        folder.notes.append(docname)
    return root


def explorer_order(docnames: list[str]) -> list[str]:
    """The notes in the order of Obsidian's file explorer, folders first, depth first."""
    order: list[str] = []

    def walk(folder: _Folder) -> None:
        for sub in folder.sorted_folders():
            walk(sub)
        order.extend(folder.sorted_notes())

    walk(_tree(docnames))
    return order


def _section_title(node: nodes.Node) -> str:
    """The title of the innermost section holding ``node`` ("" outside any section)."""
    for ancestor in ancestors(node):
        if isinstance(ancestor, nodes.section):
            title = next((c for c in ancestor.children if isinstance(c, nodes.title)), None)
            return title.astext() if title is not None else ""
    return ""


def listed_notes(app: Sphinx, doctree: nodes.document, docname: str) -> list[tuple[str, str]]:
    """(docname, title of the section holding the list) for each note the home note links
    from its lists, in order, each once."""
    domain = vault_domain(app.env)
    listed: list[tuple[str, str]] = []
    seen = {docname}
    for node in doctree.findall(wikilink_ref):
        if not node["reftarget"] or node["refdoc"] != docname:
            continue
        if not any(isinstance(a, nodes.list_item) for a in ancestors(node)):
            continue
        resolution = domain.index.resolve(node["reftarget"], docname)
        target = resolution.target
        if resolution.kind != "note" or target is None or target in seen:
            continue
        if target in app.env.found_docs:
            seen.add(target)
            listed.append((target, _section_title(node)))
    return listed


def parts(listed: list[str], under: list[str]) -> list[tuple[str, list[str]]]:
    """The listed notes grouped by the heading they are listed under, in order; empty when
    they all sit under one heading (a book without parts)."""
    groups: list[tuple[str, list[str]]] = []
    for doc, title in zip(listed, under, strict=False):
        if not groups or groups[-1][0] != title:
            groups.append((title, []))
        groups[-1][1].append(doc)
    return groups if len(groups) > 1 else []


def appendices(app: Sphinx) -> list[str]:
    """The notes of ``wikilink_appendices`` that exist, in their order."""
    return [d for d in app.config.wikilink_appendices if d in app.env.found_docs]


def toc_order(
    home: str, listed: list[str], docnames: set[str], last: Sequence[str] = ()
) -> list[str]:
    """The home note's listed notes, then every other note in file-explorer order, then the
    notes of ``last`` (the appendices)."""
    taken = {home, *listed, *last}
    first = [d for d in listed if d not in last]
    return [*first, *explorer_order([d for d in docnames if d not in taken]), *last]


def _home(app: Sphinx) -> str:
    return str(app.config.wikilink_toc_note or app.config.root_doc)


def add_toctree(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    if docname != _home(app):
        return
    found = listed_notes(app, doctree, docname)
    note = vault_domain(app.env).note(docname)
    note.listed = [doc for doc, _ in found]
    note.listed_under = [title for _, title in found]
    order = toc_order(docname, note.listed, app.env.found_docs, appendices(app))
    toctree = addnodes.toctree()
    toctree["parent"] = docname
    toctree["entries"] = [(None, doc) for doc in order]
    toctree["includefiles"] = order
    toctree["maxdepth"] = 1
    toctree["caption"] = None
    toctree["glob"] = False
    toctree["hidden"] = True
    toctree["includehidden"] = False
    toctree["numbered"] = 0
    toctree["titlesonly"] = True
    wrapper = nodes.compound(classes=["toctree-wrapper"])
    wrapper.append(toctree)
    container = note_body(doctree)
    container.append(wrapper)


# --- the sidebar ----------------------------------------------------------------------


@dataclass
class Nav:
    """The sidebar of one build: the whole tree once, and what each page needs of it."""

    tree: str
    """The whole sidebar as HTML, links relative to the site root."""
    listed: list[tuple[str, str]]
    """(docname, ``<li>`` of the listed note with a root-relative link)."""
    in_tree: set[str]
    """The notes of the file-explorer part of the tree (and the appendices)."""
    digest: str
    groups: list[tuple[str, int]] = field(default_factory=list)
    """(caption, number of listed notes) for each part of the book; empty without parts."""

    def page(self, docname: str, prefix: str) -> str:
        """One page's sidebar: the listed notes and the current branch, then the script that
        puts the whole tree in place. O(listed + depth), whatever the size of the vault."""
        items = []
        for doc, item in self.listed:
            if doc == docname:
                items.append(_note_li(doc, "#", 1, current=True))
            else:
                items.append(item.replace('href="', f'href="{prefix}', 1))
        rest = _branch(docname) if docname in self.in_tree else ""
        fallback = _grouped(items, self.groups, rest)
        return (
            f'<div id="wikilink-nav" class="wikilink-nav" data-page="{escape(docname)}">'
            f"{fallback}</div>"
            f'<script src="{prefix}_static/{NAV_JS}?v={self.digest}"></script>'
        )


def _grouped(items: list[str], groups: list[tuple[str, int]], rest: str) -> str:
    """The listed notes' items under their parts' captions, then ``rest``, as lists."""
    if not groups:
        return f'<ul class="nav bd-sidenav">{"".join(items)}{rest}</ul>'
    out = []
    start = 0
    for caption, count in groups:
        out.append(
            f'<p aria-level="2" class="caption" role="heading">'
            f'<span class="caption-text">{escape(caption)}</span></p>'
            f'<ul class="nav bd-sidenav">{"".join(items[start : start + count])}</ul>'
        )
        start += count
    if rest:
        out.append(f'<ul class="nav bd-sidenav wikilink-nav-rest">{rest}</ul>')
    return "".join(out)


def _label(docname: str) -> str:
    return escape(note_name(docname))


def _note_li(docname: str, href: str, level: int, *, current: bool = False) -> str:
    if current:
        return (
            f'<li class="toctree-l{level} current active" data-doc="{escape(docname)}">'
            f'<a class="reference internal current" aria-current="page" href="#">'
            f"{_label(docname)}</a></li>"
        )
    return (
        f'<li class="toctree-l{level}" data-doc="{escape(docname)}">'
        f'<a class="reference internal" href="{escape(href)}">{_label(docname)}</a></li>'
    )


def _folder_open(path: str, level: int, *, is_open: bool = False) -> str:
    state = " open" if is_open else ""
    current = " current" if is_open else ""
    return (
        f'<li class="toctree-l{level} wikilink-folder{current}">'
        f'<details{state} data-folder="{escape(path)}">'
        f'<summary class="wikilink-folder-name">{escape(note_name(path))}</summary>'
        f'<ul class="nav bd-sidenav">'
    )


_FOLDER_CLOSE = "</ul></details></li>"


def _branch(docname: str) -> str:
    """The folders down to ``docname``, open, with the note in the innermost one."""
    parts = docname.split("/")[:-1]
    opened = [
        _folder_open("/".join(parts[: i + 1]), i + 1, is_open=True) for i in range(len(parts))
    ]
    note = _note_li(docname, "#", len(parts) + 1, current=True)
    return "".join(opened) + note + _FOLDER_CLOSE * len(parts)


def build_nav(app: Sphinx) -> Nav:
    """The sidebar from the toctree order of this build: O(notes), once."""
    env = app.env
    home = _home(app)
    data = vault_domain(env).notes.get(home)
    last = appendices(app)
    pairs = zip(data.listed, data.listed_under, strict=False) if data else iter(())
    found = [(d, title) for d, title in pairs if d in env.found_docs and d not in last]
    listed = [d for d, _ in found]
    taken = {home, *listed, *last}
    rest = [d for d in env.found_docs if d not in taken]

    def uri(docname: str) -> str:
        return app.builder.get_target_uri(docname)

    listed_items = [(doc, _note_li(doc, uri(doc), 1)) for doc in listed]
    groups = [(title, len(docs)) for title, docs in parts(listed, [t for _, t in found])]
    parts_html: list[str] = []

    def walk(folder: _Folder, level: int) -> None:
        for sub in folder.sorted_folders():
            parts_html.append(_folder_open(sub.path, level))
            walk(sub, level + 1)
            parts_html.append(_FOLDER_CLOSE)
        parts_html.extend(_note_li(doc, uri(doc), level) for doc in folder.sorted_notes())

    walk(_tree(rest), 1)
    parts_html.extend(_note_li(doc, uri(doc), 1) for doc in last)
    tree = _grouped([item for _, item in listed_items], groups, "".join(parts_html))
    digest = hashlib.sha1(tree.encode("utf-8"), usedforsecurity=False).hexdigest()[:12]
    return Nav(tree, listed_items, {*rest, *last}, digest, groups)


_SCRIPT = """\
// wikilink_ext: the book's navigation, written once per build and shared by every page.
(function () {
  var nav = document.getElementById("wikilink-nav");
  if (!nav) return;
  var root = document.documentElement.dataset.content_root || "";
  nav.innerHTML = TREE.split('href="').join('href="' + root);
  var page = nav.dataset.page;
  var items = nav.querySelectorAll("li[data-doc]");
  for (var i = 0; i < items.length; i++) {
    var li = items[i];
    if (li.dataset.doc !== page) continue;
    li.classList.add("current", "active");
    var a = li.querySelector("a");
    a.classList.add("current");
    a.setAttribute("aria-current", "page");
    for (var d = li.parentElement.closest("details"); d; d = d.parentElement.closest("details")) {
      d.open = true;
      d.parentElement.classList.add("current");
    }
    break;
  }
})();
"""


def _nav(app: Sphinx) -> Nav | None:
    nav = vault_domain(app.env).nav
    return nav if isinstance(nav, Nav) else None


def _enabled(app: Sphinx) -> bool:
    """HTML pages with a sidebar (not EPUB, whose readers have their own navigation)."""
    builder = app.builder
    return (
        bool(app.config.wikilink_navigation)
        and builder.format == "html"
        and not builder.name.startswith("epub")
    )


def nav_changed(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Every page, when the sidebar changed (a note added, removed or listed elsewhere)."""
    if not _enabled(app):
        return []
    nav = build_nav(app)
    vault_domain(app.env).nav = nav
    domain = vault_domain(env)
    previous = domain.data.get("nav_digest")
    domain.data["nav_digest"] = nav.digest
    if previous is None or previous == nav.digest:
        return []
    return sorted(env.found_docs)


def write_nav(app: Sphinx, builder: Any) -> None:
    if not _enabled(app):
        return
    nav = _nav(app) or build_nav(app)
    vault_domain(app.env).nav = nav
    static = Path(app.outdir, "_static")
    static.mkdir(parents=True, exist_ok=True)
    script = _SCRIPT.replace("TREE", json.dumps(nav.tree), 1)
    target = static / NAV_JS
    if not target.exists() or target.read_text(encoding="utf-8") != script:
        target.write_text(script, encoding="utf-8")


def page_nav(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if not _enabled(app):
        return
    nav = _nav(app)
    if nav is None:
        return
    context["wikilink_nav"] = nav.page(pagename, str(context.get("content_root", "")))


def use_templates(app: Sphinx, config: Config) -> None:
    """Our sidebar replaces the theme's (sphinx-book-theme and pydata-sphinx-theme)."""
    if config.wikilink_navigation and str(TEMPLATES) not in config.templates_path:
        # a new list: the default one is shared by every Sphinx application in the process
        config.templates_path = [*config.templates_path, str(TEMPLATES)]


def add_css(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.add_js_file("wikilink-header.js", defer="defer")
    if _enabled(app):
        app.add_css_file("wikilink-nav.css")
