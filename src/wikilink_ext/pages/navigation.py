"""The book's navigation: one toctree of notes for Sphinx, one sidebar built once per build.

Order: the notes linked from the home note's lists, in their order (the book's table of
contents); then every other note as Obsidian's file explorer shows it: folders first, then
notes, each by name, case-insensitively, numbers in numeric order ("Note 2" before "Note 10");
then the notes of ``wikilink_appendices``, in their order. When the home note lists notes
under more than one heading, each heading is a part of the book: a caption in the sidebar
and a part in the PDF (``pdfbook``).

Sphinx gets one hidden toctree in the home note that holds notes, not their headings: it
gives the previous/next links, the PDF's chapter order and ``toc.not_included``.

The sidebar is not rendered per page by the theme (that costs notes times notes, in every
theme: the book theme, furo, alabaster, classic): our templates replace the theme's, and
``toctree()`` in a page's context returns ours. It is built once per build as listings of
at most ``LISTING_SIZE`` entries (a folder, or a group of a big folder's notes), each a small
script under ``_static/wikilink-nav/`` that ``static/wikilink-nav.js`` loads when its folder
opens. Each page carries, without JavaScript, the listed notes and the folders down to the
current page, and names the listings on its path: O(listed + depth) per page, and no
download that grows with the vault. The sidebar shows file names, as Obsidian does, so
editing a note never changes the sidebar; a note added, removed or listed differently
rewrites every page (their sidebar changed).
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

from ..sphinx_ext.domain import vault_domain
from ..sphinx_ext.nodes import ancestors, note_body, wikilink_ref
from ..vault.docnames import note_name

__all__ = ["Nav", "appendices", "explorer_order", "natural_key", "parts", "toc_order"]

TEMPLATES = Path(__file__).parent.parent / "templates"
NAV_JS = "wikilink-nav.js"
#: The theme templates that show the whole toctree, each replaced by ours (``templates/``).
NAV_TEMPLATES = (
    "sbt-sidebar-nav.html",  # sphinx-book-theme
    "sidebar-nav-bs.html",  # pydata-sphinx-theme
    "sidebar/navigation.html",  # furo
    "navigation.html",  # alabaster
    "globaltoc.html",  # Sphinx's basic theme and those built on it (classic, nature, ...)
)


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

#: The most entries one data file of the sidebar holds; a bigger folder is split into groups
#: ("Note 001 - Note 100"), and a folder of many groups into groups of groups.
LISTING_SIZE = 100
ROOT_LISTING = "root"
NAV_DATA = "wikilink-nav"
"""The folder under ``_static`` holding the sidebar's data, one script per listing."""

Entry = list[Any]
"""One row of a listing: ``[0, docname, href]`` a note (``[0, docname, href, name]`` when
its name is not the docname's last part: a docname encodes ``"``, ``'``, ``%``…),
``[1, name, listing]`` a folder, ``[2, first, last, listing]`` a group of a big folder's
entries, named by its first and last."""


@dataclass
class Nav:
    """The sidebar of one build: the listed notes, and the rest of the vault as listings
    (a folder, or a group of a big folder's entries) of at most ``LISTING_SIZE`` entries."""

    listed: list[tuple[str, str]]
    """(docname, ``<li>`` of the listed note with a root-relative link)."""
    listings: dict[str, list[Entry]]
    """Listing id -> its entries; ``root`` is the vault's top folder."""
    parent: dict[str, str]
    """Docname or listing id -> the listing that holds it."""
    groups: list[tuple[str, int]]
    """(caption, how many listed notes) of each part of the home note's list."""
    last: list[tuple[str, str]]
    """(docname, ``<li>``) of the appendices, shown after every other note."""
    digest: str
    toctree_parents: dict[str, str] = field(default_factory=dict)
    """Docname -> the document whose toctree holds it, as Sphinx maps them."""

    def path(self, docname: str) -> list[str]:
        """The listings from the top folder down to the one holding ``docname``."""
        path: list[str] = []
        node = self.parent.get(docname)
        while node is not None:
            path.append(node)
            node = self.parent.get(node)
        return path[::-1]

    def page(self, docname: str, prefix: str) -> str:
        """One page's sidebar: the listed notes and the folders down to the page, and the
        listings the script loads to show the rest. O(listed + depth) whatever the vault."""
        items = []
        for doc, item in self.listed:
            if doc == docname:
                items.append(_note_li(doc, "#", 1, current=True))
            else:
                items.append(item.replace('href="', f'href="{prefix}', 1))
        branch = _branch(docname) if docname in self.parent else ""
        after = "".join(
            _note_li(doc, "#", 1, current=True)
            if doc == docname
            else item.replace('href="', f'href="{prefix}', 1)
            for doc, item in self.last
        )
        tail = f'<ul class="nav bd-sidenav wikilink-nav-rest">{after}</ul>' if after else ""
        return (
            f'<div class="wikilink-nav" data-page="{escape(docname)}" '
            f'data-root="{escape(prefix)}" data-version="{self.digest}" '
            f'data-path="{escape(" ".join(self.path(docname)))}">'
            f"{_grouped(items, self.groups, '')}"
            f'<ul class="nav bd-sidenav wikilink-tree">{branch}</ul>{tail}</div>'
        )

    def scripts(self) -> dict[str, str]:
        """Each listing as the script that hands it to ``wikilink-nav.js``."""
        compact = {"ensure_ascii": False, "separators": (",", ":")}
        return {
            name: f"wikilinkNav({json.dumps(name)},{json.dumps(rows, **compact)});\n"  # type: ignore[arg-type]
            for name, rows in self.listings.items()
        }


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


def _note_entry(docname: str, href: str) -> Entry:
    name = note_name(docname)
    return [0, docname, href] if name == posixpath.basename(docname) else [0, docname, href, name]


def _first(entry: Entry) -> str:
    return note_name(entry[1]) if entry[0] == 0 else str(entry[1])


def _last(entry: Entry) -> str:
    return str(entry[2]) if entry[0] == 2 else _first(entry)


def _split(listing: str, entries: list[Entry], listings: dict[str, list[Entry]]) -> None:
    """Store ``entries`` as ``listing``, in groups of groups when there are too many."""
    level = 0
    while len(entries) > LISTING_SIZE:
        groups: list[Entry] = []
        for k in range(0, len(entries), LISTING_SIZE):
            chunk = entries[k : k + LISTING_SIZE]
            name = f"{listing}.{level}.{k // LISTING_SIZE}"
            listings[name] = chunk
            groups.append([2, _first(chunk[0]), _last(chunk[-1]), name])
        entries, level = groups, level + 1
    listings[listing] = entries


def _listing_id(path: str) -> str:
    return "f" + hashlib.sha1(path.encode("utf-8"), usedforsecurity=False).hexdigest()[:12]


def build_nav(app: Sphinx) -> Nav:
    """The sidebar from the toctree order of this build: O(notes), once."""
    env = app.env
    home = _home(app)
    data = vault_domain(env).notes.get(home)
    last = appendices(app)
    # a generated home page lists every note: the folder tree shows them (loaded when a
    # folder opens) rather than one flat list of the whole vault on every page
    generated = home == app.config.wikilink_generated_home
    pairs = zip(data.listed, data.listed_under, strict=False) if data and not generated else ()
    found = [(d, title) for d, title in pairs if d in env.found_docs and d not in last]
    listed = [d for d, _ in found]
    taken = {home, *listed, *last}
    rest = [d for d in env.found_docs if d not in taken]

    def uri(docname: str) -> str:
        return app.builder.get_target_uri(docname)

    listed_items = [(doc, _note_li(doc, uri(doc), 1)) for doc in listed]
    groups = [(title, len(docs)) for title, docs in parts(listed, [t for _, t in found])]
    listings: dict[str, list[Entry]] = {}

    def walk(folder: _Folder, listing: str) -> None:
        entries: list[Entry] = []
        for sub in folder.sorted_folders():
            sub_id = _listing_id(sub.path)
            walk(sub, sub_id)
            entries.append([1, note_name(sub.path), sub_id])
        entries.extend(_note_entry(doc, uri(doc)) for doc in folder.sorted_notes())
        _split(listing, entries, listings)

    walk(_tree(rest), ROOT_LISTING)
    parent: dict[str, str] = {}
    for name, entries in listings.items():
        for entry in entries:
            parent[entry[1] if entry[0] == 0 else entry[-1]] = name
    hasher = hashlib.sha1(usedforsecurity=False)
    hasher.update("".join(item for _, item in listed_items).encode("utf-8"))
    hasher.update(json.dumps(listings, sort_keys=True).encode("utf-8"))
    last_items = [(doc, _note_li(doc, uri(doc), 1)) for doc in last]
    hasher.update("".join(item for _, item in last_items).encode("utf-8"))
    toctree_parents: dict[str, str] = {}
    for holder, children in env.toctree_includes.items():  # as _get_toctree_ancestors does
        toctree_parents |= dict.fromkeys(children, holder)
    return Nav(
        listed_items,
        listings,
        parent,
        groups,
        last_items,
        hasher.hexdigest()[:12],
        toctree_parents,
    )


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
    """One small script per listing under ``_static/wikilink-nav/``; stale ones removed."""
    if not _enabled(app):
        return
    nav = _nav(app) or build_nav(app)
    vault_domain(app.env).nav = nav
    folder = Path(app.outdir, "_static", NAV_DATA)
    folder.mkdir(parents=True, exist_ok=True)
    scripts = {f"{name}.js": text for name, text in nav.scripts().items()}
    for stale in folder.iterdir():
        if stale.name not in scripts:
            stale.unlink()
    for name, text in scripts.items():
        target = folder / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")


def page_nav(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The page's sidebar, for our templates and for any theme that calls ``toctree()``.

    Runs before the themes' own handlers: furo renders ``toctree()`` for every page, the
    whole vault each time, when it is Sphinx's.
    """
    if not _enabled(app):
        return
    nav = _nav(app)
    if nav is None:
        return
    html = nav.page(pagename, str(context.get("content_root", "")))
    context["wikilink_nav"] = html
    context["toctree"] = lambda **kwargs: html


def sidebar_check_once(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """pydata-sphinx-theme's ``suppress_sidebar_toctree()``, which its layout (and the book
    theme's) calls on every page, answered from the toctree parents mapped once per build.

    The theme asks Sphinx's ``_get_toctree_ancestors``, which maps every document to its
    parent again on each call: 1.2 ms a page at 17,000 notes, 20 s of a build, growing as
    notes x notes (issue 18). The answer is the theme's: no ancestor below the root, the
    toctree is suppressed; one, and hidden entries count, it is not; else the theme
    decides.
    """
    theirs = context.get("suppress_sidebar_toctree")
    nav = _nav(app) if _enabled(app) else None
    if not callable(theirs) or nav is None:
        return
    parents = nav.toctree_parents

    def suppress_sidebar_toctree(startdepth: int = 1, **kwargs: Any) -> bool:
        ancestors: list[str] = []
        current = pagename
        while current in parents and current not in ancestors:
            ancestors.append(current)
            current = parents[current]
        try:
            ancestors[-startdepth]
        except IndexError:
            return True
        if kwargs.get("includehidden", False):
            return False
        return bool(theirs(startdepth=startdepth, **kwargs))

    context["suppress_sidebar_toctree"] = suppress_sidebar_toctree


def show_sidebar(app: Sphinx) -> None:
    """Themes whose sidebars show no navigation (classic, nature, ...) get ours first,
    unless the project chose its sidebars (``html_sidebars``)."""
    if not _enabled(app) or app.config.html_sidebars:
        return
    theme = getattr(app.builder, "theme", None)
    sidebars = tuple(getattr(theme, "sidebar_templates", ()) or ())
    names = {name if name.endswith(".html") else f"{name}.html" for name in sidebars}
    if sidebars and not names & set(NAV_TEMPLATES):
        app.config.html_sidebars = {"**": ["globaltoc.html", *sidebars]}


def use_templates(app: Sphinx, config: Config) -> None:
    """Our sidebar templates replace the theme's (``NAV_TEMPLATES``).

    First in the list: pydata-sphinx-theme appends its components folder to the default
    ``templates_path`` list itself, which every later Sphinx application of the process
    shares, and a folder before ours would win."""
    if config.wikilink_navigation:
        # a new list: the default one is shared by every Sphinx application in the process
        others = [path for path in config.templates_path if path != str(TEMPLATES)]
        config.templates_path = [str(TEMPLATES), *others]


def add_assets(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.add_js_file("wikilink-header.js", defer="defer")  # the phone's menu buttons
    if _enabled(app):
        app.add_css_file("wikilink-nav.css")
        app.add_js_file(NAV_JS, defer="defer")
