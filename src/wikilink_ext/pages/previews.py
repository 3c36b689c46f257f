"""Hover previews: what each wikilink on a page points to, written into the page itself.

Each HTML page that has wikilinks carries one ``<script type="application/json"
id="wikilink-previews">`` with, for every link target on that page, the target's title and
summary: the note's ``description`` (else its first paragraph), the first paragraph of a
``#heading`` section, or the text of a ``#^block``. ``wikilink-previews.js`` shows it on
hover and on keyboard focus. No request is made, so previews work offline, from
``file://`` and on any static host; the data costs only the links of that page.

Then the rendered target, as Quartz shows it: each page's rendered body is also written at
build time to ``_static/wikilink-previews/<hash>.js`` (a script, so that it loads from
``file://`` too), loaded on the first hover of a link to that page. The script cuts from it
what the link points to: the note's first section, the linked heading's whole section, the
block, or a citation's bibliography entry with its "Cited in" line; MathJax typesets it,
images and links are resolved against the target page, and the box scrolls.

Why not sphinx-tippy or sphinx-hoverxref: hoverxref asks Read the Docs' embed API (a
server) for each tip; sphinx-tippy scrapes every built page's HTML for the section under an
anchor (it knows no frontmatter description and finds nothing under a block id's empty
anchor) and loads tippy.js and Popper from a CDN by default.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from ..sphinx_ext.domain import vault_domain
from ..sphinx_ext.uris import relative_uri
from ..syntax.blockids import block_key
from ..vault.context import Excerpt
from .linkdata import OutLink, anchor_of, link_data

__all__ = ["page_previews", "remove_stale", "script_json", "scripted"]


def script_json(data: Any) -> str:
    """JSON safe inside a ``<script>`` element (no ``</script>``, no HTML comment)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _preview(app: Sphinx, link: OutLink, anchor: str | None) -> dict[str, Any] | None:
    env = app.env
    note = vault_domain(env).notes.get(link.target)
    data = link_data(env).notes.get(link.target)
    if note is None or data is None:
        return None
    title = note.title or link.target
    excerpt: Excerpt = data.summary
    if link.block:
        excerpt = data.blocks.get(block_key(link.block), ()) or excerpt
    elif link.headings and anchor:
        heading = next((h.text for h in note.headings if h.anchor == anchor), None)
        if heading and heading != title:
            title = f"{title} \u203a {heading}"  # single right-pointing angle quote
        excerpt = data.sections.get(anchor, ()) or excerpt
    return {"title": title, "text": [list(s) for s in excerpt]}


PREVIEW_DIR = "_static/wikilink-previews"


def preview_file(docname: str) -> str:
    """The page's rendered-body script, under a name with no character to escape."""
    digest = hashlib.sha1(docname.encode("utf-8")).hexdigest()[:16]
    return f"{PREVIEW_DIR}/{digest}.js"


def write_rendered(app: Sphinx, pagename: str, body: str) -> None:
    data = script_json({"page": pagename, "html": body})
    target = Path(app.outdir, preview_file(pagename))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"window.wikilinkPreviewLoaded({data});\n", encoding="utf-8")


def remove_stale(app: Sphinx, exception: BaseException | None) -> None:
    """A note removed or unpublished since the last build leaves no rendered body behind."""
    folder = Path(app.outdir, PREVIEW_DIR)
    if exception is not None or not folder.is_dir():
        return
    kept = {Path(preview_file(docname)).name for docname in app.env.all_docs}
    for path in folder.iterdir():
        if path.name not in kept:
            path.unlink()


def citation_previews(app: Sphinx, pagename: str, doctree: nodes.Node) -> dict[str, Any]:
    """href → {title, cite, page} for the page's citations (their bibliography entry)."""
    note = app.config.wikilink_references_note
    if not note or note not in app.env.all_docs:
        return {}
    prefix = relative_uri(app.builder, pagename, note) + "#"
    found: dict[str, Any] = {}
    for reference in doctree.findall(nodes.reference):
        href = str(reference.get("refuri", ""))
        if href.startswith(prefix) and href not in found and reference.get("internal"):
            found[href] = {"title": reference.astext(), "text": [], "cite": True, "doc": note}
    return found


def page_previews(app: Sphinx, pagename: str) -> dict[str, Any]:
    """href (as the page writes it) → {title, text, doc}; only this page's links."""
    found: dict[str, Any] = {}
    data = link_data(app.env).notes.get(pagename)
    for link in data.links if data else ():
        anchor = anchor_of(app.env, link)
        if link.target == pagename:
            if not anchor:
                continue
            href = "#" + anchor
        else:
            href = relative_uri(app.builder, pagename, link.target)
            if anchor:
                href += "#" + anchor
        if href in found:
            continue
        preview = _preview(app, link, anchor)
        if preview is not None:
            found[href] = {**preview, "doc": link.target}
    return found


def scripted(app: Sphinx) -> bool:
    """An HTML builder whose pages may run scripts."""
    return app.builder.format == "html" and not _embedded(app)


def _embedded(app: Sphinx) -> bool:
    """EPUB and help builders: no scripts (an EPUB with scripts must declare them)."""
    return bool(getattr(app.builder, "embedded", False))


def add_previews(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if doctree is None or not app.config.wikilink_previews or _embedded(app):
        return
    write_rendered(app, pagename, str(context.get("body", "")))
    previews = {**citation_previews(app, pagename, doctree), **page_previews(app, pagename)}
    if not previews:
        return
    pathto = context["pathto"]
    for preview in previews.values():
        preview["page"] = preview.pop("doc")
        try:
            preview["src"] = pathto(preview_file(preview["page"]), 1)
        except TypeError:  # the JSON/pickle builders' pathto takes the path alone
            preview["src"] = pathto(preview_file(preview["page"]))
    context["body"] = context.get("body", "") + (
        '\n<script type="application/json" id="wikilink-previews">'
        + script_json(previews)
        + "</script>\n"
    )
    app.add_js_file("wikilink-previews.js", defer="defer")
