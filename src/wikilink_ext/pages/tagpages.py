"""Tags: ``#tag`` and frontmatter ``tags`` link to a generated page per tag, and an index
page lists every tag with its count (HTML only; in the PDF tags stay text)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from html import escape
from typing import Any
from urllib.parse import quote

from docutils import nodes
from sphinx.application import Sphinx

from ..sphinx.domain import vault_domain

__all__ = ["connect", "tag_slug"]

TAGS_DIR = "tags"


def tag_slug(tag: str) -> str:
    """Tags are case-insensitive in Obsidian; nested tags keep their hierarchy in the name."""
    return re.sub(r"[^\w/-]+", "-", tag.casefold()).strip("-").replace("/", "--") or "tag"


def _relative(fromdoc: str, target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(fromdoc) or ".")


def _suffix(app: Sphinx) -> str:
    return str(getattr(app.builder, "link_suffix", ".html"))


def link_tags(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html":
        return
    for node in list(doctree.findall(nodes.inline)):
        tag = node.get("wikilink_tag")
        if tag is None:
            continue
        uri = quote(_relative(docname, f"{TAGS_DIR}/{tag_slug(tag)}{_suffix(app)}"))
        reference = nodes.reference("", "", *node.children, refuri=uri, classes=["tag"])
        reference["reftitle"] = f"Notes tagged #{tag}"
        node.replace_self(reference)


def _by_tag(app: Sphinx) -> dict[str, list[str]]:
    domain = vault_domain(app.env)
    found: dict[str, dict[str, str]] = {}
    names: dict[str, str] = {}
    for docname, data in domain.notes.items():
        if docname not in app.env.all_docs:
            continue
        for tag in data.tags:
            slug = tag_slug(tag)
            names.setdefault(slug, tag)
            found.setdefault(slug, {})[docname] = data.title or docname
    return {
        names[slug]: sorted(docs, key=lambda d: docs[d].casefold())
        for slug, docs in sorted(found.items())
    }


def tag_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    if app.builder.format != "html" or not vault_domain(app.env).notes:
        return
    domain = vault_domain(app.env)
    tags = _by_tag(app)
    if not tags:
        return
    rows = []
    suffix = _suffix(app)  # .xhtml in the EPUB
    for tag, docs in tags.items():
        rows.append(
            f'<li><a class="tag" href="{quote(tag_slug(tag))}{suffix}">#{escape(tag)}</a> '
            f'<span class="tag-count">({len(docs)})</span></li>'
        )
        items = "".join(
            f'<li><a href="{escape(quote(_relative(f"{TAGS_DIR}/x", d + suffix)))}">'
            f"{escape(domain.notes[d].title or d)}</a></li>"
            for d in docs
        )
        body = (
            f'<section id="tag"><h1>Notes tagged #{escape(tag)}</h1>'
            f'<ul class="tag-notes">{items}</ul>'
            f'<p><a href="index{suffix}">All tags</a></p></section>'
        )
        yield f"{TAGS_DIR}/{tag_slug(tag)}", {"title": f"#{tag}", "body": body}, "page.html"
    index = f'<section id="tags"><h1>Tags</h1><ul class="tag-index">{"".join(rows)}</ul></section>'
    yield f"{TAGS_DIR}/index", {"title": "Tags", "body": index}, "page.html"


def page_meta(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Frontmatter ``description`` becomes the page's meta description."""
    data = vault_domain(app.env).notes.get(pagename)
    if data is not None and data.description:
        context["metatags"] = context.get("metatags", "") + (
            f'\n<meta name="description" content="{escape(data.description, quote=True)}" />'
        )


def connect(app: Sphinx) -> None:
    app.connect("doctree-resolved", link_tags)
    app.connect("html-collect-pages", tag_pages)
    app.connect("html-page-context", page_meta)
