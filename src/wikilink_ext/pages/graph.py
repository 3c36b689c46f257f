"""The graph of notes: a local graph on each page (the note, the notes it links to and the
notes linking to it) and a page with the graph of the whole book (``graph.html``).

The data is written at build time as JSON inside the page: a local graph costs only that
note's links, the whole-book graph is written once. ``wikilink-graph.js`` lays it out with
d3-force (vendored, see ``static/vendor/README.md``) and draws SVG in which every node is a
real link; both scripts load only on pages that show a graph. Without JavaScript the graph
box holds a plain list of the same links. HTML only: the PDF has the "Linked from" lists.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..sphinx_ext.domain import vault_domain
from ..sphinx_ext.nodes import note_body
from ..sphinx_ext.uris import relative_uri
from .graphgroups import group_notes
from .linkdata import link_data
from .previews import script_json, scripted

__all__ = ["before_read", "book_graph", "graph_page", "local_graph"]

GRAPH_JS = ("vendor/d3-force.bundle.min.js", "wikilink-graph.js")


def _title(app: Sphinx, docname: str) -> str:
    note = vault_domain(app.env).notes.get(docname)
    return (note.title if note else "") or docname


def local_graph(app: Sphinx, docname: str) -> dict[str, Any] | None:
    """The note and its neighbours; None when it links nowhere and nothing links to it."""
    domain = link_data(app.env)
    outgoing = [d for d in domain.outgoing(docname) if d in app.env.all_docs]
    incoming: dict[str, None] = {}
    for source, _ in domain.incoming(docname):
        if source in app.env.all_docs:
            incoming.setdefault(source)
    if not outgoing and not incoming:
        return None
    order = [docname, *outgoing, *(d for d in incoming if d not in outgoing)]
    index = {d: i for i, d in enumerate(order)}
    graph_nodes = []
    for doc in order:
        kind = "self" if doc == docname else ("both" if doc in incoming else "out")
        if doc != docname and doc not in outgoing:
            kind = "in"
        href = "" if doc == docname else relative_uri(app.builder, docname, doc)
        graph_nodes.append({"title": _title(app, doc), "href": href, "kind": kind})
    links = [[0, index[d]] for d in outgoing] + [[index[d], 0] for d in incoming]
    return {"nodes": graph_nodes, "links": links}


def _fallback(graph: dict[str, Any]) -> str:
    items = "".join(
        f'<li><a href="{escape(n["href"], quote=True)}">{escape(n["title"])}</a>'
        f' <span class="wikilink-graph-kind">({escape(_KIND[n["kind"]])})</span></li>'
        for n in graph["nodes"][1:]
    )
    return f'<ul class="wikilink-graph-fallback">{items}</ul>'


_KIND = {"out": "linked to", "in": "links here", "both": "linked to and links here"}


def add_local_graph(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not scripted(app) or not app.config.wikilink_graph:
        return
    graph = local_graph(app, docname)
    if graph is None:
        return
    book = app.builder.get_relative_uri(docname, app.config.wikilink_graph_page)
    html = (
        '<div class="wikilink-graph-box" id="wikilink-local-graph-box">'
        '<p class="rubric wikilink-graph-title">Graph</p>'
        '<div class="wikilink-graph" id="wikilink-local-graph" data-graph="local" '
        'data-source="wikilink-local-graph-data" role="group" '
        f'aria-label="Notes linked to and from {escape(_title(app, docname), quote=True)}">'
        f"{_fallback(graph)}</div>"
        f'<p class="wikilink-graph-more"><a href="{escape(book, quote=True)}">'
        f"{escape(_words(app, app.config.wikilink_graph_link_text))}</a></p>"
        '<script type="application/json" id="wikilink-local-graph-data">'
        f"{script_json(graph)}</script></div>"
    )
    container = note_body(doctree)
    container.append(nodes.raw("", html, format="html"))


def most_linked(outgoing: dict[str, list[str]], limit: int) -> list[str]:
    """The ``limit`` notes with the most links in and out (ties by name), sorted by name:
    past a few thousand notes a graph of everything is a grey disc and megabytes to load."""
    if len(outgoing) <= limit:
        return sorted(outgoing)
    degree = dict.fromkeys(outgoing, 0)
    for doc, targets in outgoing.items():
        for target in set(targets):
            if target in degree and target != doc:
                degree[doc] += 1
                degree[target] += 1
    ranked = sorted(degree, key=lambda d: (-degree[d], d))
    return sorted(ranked[:limit])


def book_graph(app: Sphinx, fromdoc: str) -> dict[str, Any]:
    """Every note and every link between two notes, once: O(notes + links); past
    ``wikilink_graph_max_notes`` notes, the most linked ones and the links between them.
    The appendices (``wikilink_appendices``) follow the book and are not part of its graph.
    Each note is in a colour group by its tags (``wikilink_graph_groups``, see
    :mod:`.graphgroups`); the groups are the legend."""
    domain = link_data(app.env)
    outside = set(app.config.wikilink_appendices)
    outgoing = {
        d: [t for t in domain.outgoing(d) if t not in outside]
        for d in app.env.all_docs
        if d in domain.notes and d not in outside
    }
    docs = most_linked(outgoing, int(app.config.wikilink_graph_max_notes))
    index = {d: i for i, d in enumerate(docs)}
    links: set[tuple[int, int]] = set()
    for doc in docs:
        for target in outgoing[doc]:
            if target in index:
                links.add((index[doc], index[target]))
    notes = vault_domain(app.env).notes
    grouped = group_notes(
        [list(notes[d].tags) if d in notes else [] for d in docs], app.config.wikilink_graph_groups
    )
    return {
        "total": len(outgoing),
        "groups": [
            {"label": g.label, "kind": g.kind, "fill": g.fill, "count": g.count}
            for g in grouped.groups
        ],
        "nodes": [
            {
                "title": _title(app, d),
                "href": relative_uri(app.builder, fromdoc, d),
                "kind": "note",
                "group": group,
            }
            for d, group in zip(docs, grouped.member, strict=True)
        ],
        "links": [list(pair) for pair in sorted(links)],
    }


def _node(env: BuildEnvironment, docname: str) -> tuple[Any, ...]:
    """What the whole graph shows of a note: its title, its links out and its tags."""
    note = vault_domain(env).notes.get(docname)
    if note is None:
        return ()
    return (note.title, tuple(link_data(env).outgoing(docname)), tuple(note.tags))


def before_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """The graph's view of the notes about to be read, to tell after reading whether the
    graph changed (a rebuild that changed none of it does not write the graph page)."""
    vault_domain(env).graph_before = {d: _node(env, d) for d in docnames}


def _unchanged(app: Sphinx, pagename: str) -> bool:
    """The graph page this application wrote last is still right: the same notes, none read
    since with another title, other links out or other tags, the same sidebar, the file
    there. A new application always writes it (nothing is known of the last one's)."""
    domain = vault_domain(app.env)
    written = domain.graph_written
    before = domain.graph_before
    nav = domain.nav.digest if domain.nav is not None else None
    builder: Any = app.builder
    return (
        written is not None
        and written == (frozenset(app.env.all_docs), nav)
        and all(_node(app.env, d) == old for d, old in before.items())
        and Path(builder.get_outfilename(pagename)).is_file()
    )


def graph_page(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    if not scripted(app) or not app.config.wikilink_graph:
        return
    pagename = app.config.wikilink_graph_page
    if pagename in app.env.all_docs:  # a note of that name wins
        return
    domain = vault_domain(app.env)
    if _unchanged(app, pagename):
        return
    nav = domain.nav.digest if domain.nav is not None else None
    domain.graph_written = (frozenset(app.env.all_docs), nav)
    graph = book_graph(app, pagename)
    if not graph["nodes"]:
        return
    listing = []
    targets_of: dict[int, list[dict[str, Any]]] = {}
    for a, b in graph["links"]:
        targets_of.setdefault(a, []).append(graph["nodes"][b])
    for i, node in enumerate(graph["nodes"]):
        targets = targets_of.get(i, [])
        links = ", ".join(
            f'<a href="{escape(t["href"], quote=True)}">{escape(t["title"])}</a>' for t in targets
        )
        listing.append(
            f'<li><a href="{escape(node["href"], quote=True)}">{escape(node["title"])}</a>'
            + (f" → {links}" if links else "")
            + "</li>"
        )
    title = _words(app, app.config.wikilink_graph_title)
    shown = len(graph["nodes"])
    which = (
        f"Every note ({shown})"
        if shown == graph["total"]
        else f"The {shown} most linked notes of {graph['total']}"
    )
    body = (
        f'<section id="graph-of-the-book"><h1>{escape(title)}</h1>'
        f"<p>{which} and every link between two of them ({len(graph['links'])}). "
        "Select a note to open it; hover or focus one to see its neighbours.</p>"
        '<div class="wikilink-graph wikilink-graph-book" id="wikilink-book-graph" '
        'data-graph="book" data-source="wikilink-book-graph-data" role="group" '
        'aria-label="Graph of all notes"></div>'
        '<details class="wikilink-graph-list" id="wikilink-book-graph-list" open="open">'
        "<summary>The notes and their links, as a list</summary>"
        f"<ul>{''.join(listing)}</ul></details>"
        '<script type="application/json" id="wikilink-book-graph-data">'
        f"{script_json(graph)}</script></section>"
    )
    yield pagename, {"title": escape(title), "body": body}, "page.html"


def add_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if 'data-graph="' in str(context.get("body", "")):
        for script in GRAPH_JS:
            app.add_js_file(script, defer="defer")


def _words(app: Sphinx, template: str) -> str:
    """A configured phrase with ``{project}`` replaced by the site's name."""
    return template.replace("{project}", str(app.config.project or "this site"))
