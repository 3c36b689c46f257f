"""Links every page carries under the sidebar's list of notes: the book graph and the book's
downloads (PDF, EPUB), so that a reader finds them from any page, on a phone in the drawer.

``wikilink_downloads`` maps a label to a URL (``{"PDF": "…", "EPUB": "…"}``). Left empty on
Read the Docs, it names Read the Docs' own download links of the version being built
(``/_/downloads/<language>/<version>/pdf/`` and ``…/epub/``); elsewhere it stays empty.
"""

from __future__ import annotations

import os
from html import escape
from typing import Any
from urllib.parse import urlsplit

from sphinx.application import Sphinx

__all__ = ["add_links", "download_links", "read_the_docs_downloads"]


def read_the_docs_downloads(environ: dict[str, str]) -> dict[str, str]:
    """Read the Docs' download links of the version being built, from its build variables."""
    canonical = environ.get("READTHEDOCS_CANONICAL_URL", "")
    language = environ.get("READTHEDOCS_LANGUAGE", "")
    version = environ.get("READTHEDOCS_VERSION", "")
    if environ.get("READTHEDOCS") != "True" or not (canonical and language and version):
        return {}
    parts = urlsplit(canonical)
    base = f"{parts.scheme}://{parts.netloc}/_/downloads/{language}/{version}"
    return {"PDF": f"{base}/pdf/", "EPUB": f"{base}/epub/"}


def download_links(app: Sphinx) -> dict[str, str]:
    configured = dict(app.config.wikilink_downloads or {})
    return configured or read_the_docs_downloads(dict(os.environ))


def add_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    items = []
    if app.config.wikilink_graph:
        # on the graph page too, marked as the current page: the sidebar stays the same
        href = context["pathto"](app.config.wikilink_graph_page)
        here = pagename == app.config.wikilink_graph_page
        items.append(
            ('<li class="current">' if here else "<li>")
            + f'<a class="wikilink-graph-link" href="{escape(href)}"'
            + (' aria-current="page"' if here else "")
            + f">{escape(app.config.wikilink_graph_nav_text)}</a></li>"
        )
    for label, url in download_links(app).items():
        items.append(
            f'<li><a class="wikilink-download" href="{escape(url)}" download>'
            f"Download {escape(label)}</a></li>"
        )
    if items:
        context["wikilink_nav_extra"] = (
            '<nav class="wikilink-nav-extra" aria-label="Site">'
            f'<ul class="nav bd-sidenav">{"".join(items)}</ul></nav>'
        )
