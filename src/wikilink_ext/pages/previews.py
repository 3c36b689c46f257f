"""Hover previews: what each wikilink on a page points to, written into the page itself.

Each HTML page that has wikilinks carries one ``<script type="application/json"
id="wikilink-previews">`` with, for every link target on that page, the target's title and
summary: the note's ``description`` (else its first paragraph), the first paragraph of a
``#heading`` section, or the text of a ``#^block``. ``wikilink-previews.js`` shows it on
hover and on keyboard focus. No request is made, so previews work offline, from
``file://`` and on any static host; the data costs only the links of that page.

Why not sphinx-tippy or sphinx-hoverxref: hoverxref asks Read the Docs' embed API (a
server) for each tip; sphinx-tippy scrapes every built page's HTML for the section under an
anchor (it knows no frontmatter description and finds nothing under a block id's empty
anchor) and loads tippy.js and Popper from a CDN by default.
"""

from __future__ import annotations

import json
from typing import Any

from sphinx.application import Sphinx

from ..sphinx.domain import vault_domain
from ..vault.context import Excerpt
from .linkdata import OutLink, anchor_of, link_data

__all__ = ["page_previews", "script_json", "scripted"]


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
        excerpt = data.blocks.get(link.block, ()) or excerpt
    elif link.headings and anchor:
        heading = next((h.text for h in note.headings if h.anchor == anchor), None)
        if heading and heading != title:
            title = f"{title} \u203a {heading}"  # single right-pointing angle quote
        excerpt = data.sections.get(anchor, ()) or excerpt
    return {"title": title, "text": [list(s) for s in excerpt]}


def page_previews(app: Sphinx, pagename: str) -> dict[str, Any]:
    """href (as the page writes it) → {title, text}; only this page's links."""
    found: dict[str, Any] = {}
    data = link_data(app.env).notes.get(pagename)
    for link in data.links if data else ():
        anchor = anchor_of(app.env, link)
        if link.target == pagename:
            if not anchor:
                continue
            href = "#" + anchor
        else:
            href = app.builder.get_relative_uri(pagename, link.target)
            if anchor:
                href += "#" + anchor
        if href in found:
            continue
        preview = _preview(app, link, anchor)
        if preview is not None:
            found[href] = preview
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
    previews = page_previews(app, pagename)
    if not previews:
        return
    context["body"] = context.get("body", "") + (
        '\n<script type="application/json" id="wikilink-previews">'
        + script_json(previews)
        + "</script>\n"
    )
    app.add_js_file("wikilink-previews.js", defer="defer")
