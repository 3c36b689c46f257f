"""Tags: ``#tag`` and frontmatter ``tags`` link to a generated page per tag, and an index
page lists every tag with its count (HTML only; in the PDF tags stay text)."""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

from docutils import nodes
from sphinx.application import Sphinx

from ..sphinx_ext.domain import vault_domain
from ..sphinx_ext.messages import Problem, warn

__all__ = ["tag_slug"]

TAGS_DIR = "tags"
FALLBACK_DIR = "_tags"
"""Where tag pages go when the vault has its own ``tags`` note or folder (never published
with a leading ``_``, so no note can be there)."""
_PLAIN = re.compile(r"^\w[\w.-]*$")
_MAX_SLUG = 80
_MAX_SLUG_BYTES = 200
"""A file name holds at most 255 bytes (not characters: U+20000 is four in UTF-8), and the
slug still needs its suffix (``.html``, ``.xhtml``, ``.fjson``…)."""


def tag_slug(tag: str) -> str:
    """The page name of a tag: distinct tags, distinct pages, case-insensitively.

    Obsidian tags hold letters, digits, ``_``, ``-`` and ``/`` (nesting): ``/`` becomes
    ``.``, which no tag holds, so ``#a/b`` and ``#a--b`` get different pages. Anything else
    (a frontmatter tag can hold any text), or a tag too long for a file name, is shortened
    and a short hash of the whole tag added.
    """
    key = tag.casefold()
    plain = key.replace("/", ".")
    if _PLAIN.match(plain) and ".." not in plain and _fits(plain, _MAX_SLUG, _MAX_SLUG_BYTES):
        return plain
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
    cleaned = re.sub(r"[^\w-]+", "-", plain).strip("-")
    cleaned = _shorten(cleaned, _MAX_SLUG, _MAX_SLUG_BYTES - len(digest) - 1).strip("-")
    return f"{cleaned or 'tag'}-{digest}"


def _fits(text: str, characters: int, size: int) -> bool:
    return len(text) <= characters and len(text.encode("utf-8")) <= size


def _shorten(text: str, characters: int, size: int) -> str:
    """``text`` cut to ``characters`` and to ``size`` UTF-8 bytes, never inside a character."""
    return text[:characters].encode("utf-8")[:size].decode("utf-8", errors="ignore")


def tags_dir(app: Sphinx) -> str:
    """``tags``, unless the vault already has a note or folder there (once per build: it
    looks at every note, and every page asks)."""
    domain = vault_domain(app.env)
    cached = domain.tags_folder
    if cached is None:
        cached = _tags_dir(app)
        if getattr(domain, "scan", None) is not None:
            domain.tags_folder = cached
    return cached


def _tags_dir(app: Sphinx) -> str:
    scan = getattr(vault_domain(app.env), "scan", None)
    if scan is None:
        return TAGS_DIR
    taken = any(
        d.casefold() == TAGS_DIR or d.casefold().startswith(TAGS_DIR + "/") for d in scan.notes
    ) or any(a.casefold().startswith(TAGS_DIR + "/") for a in scan.attachments)
    return FALLBACK_DIR if taken else TAGS_DIR


def _relative(fromdoc: str, target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(fromdoc) or ".")


def _suffix(app: Sphinx) -> str:
    return str(getattr(app.builder, "link_suffix", ".html"))


def link_tags(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html":
        return
    plan = _plan(app)
    folder = tags_dir(app)
    # replaced parent by parent in one pass: replace_self looks each node up among its
    # siblings, n² steps for a paragraph of n tags
    swaps: dict[int, tuple[nodes.Element, dict[int, nodes.Element]]] = {}
    for node in list(doctree.findall(nodes.inline)):
        tag = node.get("wikilink_tag")
        if tag is None or tag_slug(tag) not in plan.kept:
            continue
        uri = quote(_relative(docname, f"{folder}/{tag_slug(tag)}{_suffix(app)}"))
        reference = nodes.reference("", "", *node.children, refuri=uri, classes=["tag"])
        reference["reftitle"] = f"Notes tagged #{tag}"
        reference.update_basic_atts(node)
        swaps.setdefault(id(node.parent), (node.parent, {}))[1][id(node)] = reference
    for parent, replaced in swaps.values():
        parent[:] = [replaced.get(id(child), child) for child in parent.children]


def note_tags(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Under the note's title: its frontmatter tags, each linked to its page, and a link to
    the index of all tags (HTML only).

    Obsidian shows the frontmatter's tags in the note's properties, and inline tags where
    they are written; listing the inline ones here too showed them twice.
    """
    frontmatter = vault_domain(app.env).scan.notes.get(docname)
    if app.builder.format != "html" or frontmatter is None or not frontmatter.tags:
        return
    plan = _plan(app)
    kept = [t for t in frontmatter.tags if tag_slug(t) in plan.kept]
    top = next((c for c in doctree.children if isinstance(c, nodes.section)), None)
    if not kept or top is None:
        return
    folder = tags_dir(app)
    line = nodes.paragraph(classes=["wikilink-note-tags"])
    line += nodes.inline("", "Tags: ", classes=["wikilink-sr-only"])
    for index, tag in enumerate(kept):
        if index:
            line += nodes.Text(" ")
        uri = quote(_relative(docname, f"{folder}/{tag_slug(tag)}{_suffix(app)}"))
        reference = nodes.reference("", "#" + tag, refuri=uri, classes=["tag"])
        reference["reftitle"] = f"Notes tagged #{tag}"
        line += reference
    line += nodes.Text(" · ")
    line += nodes.reference(
        "",
        "all tags",
        refuri=quote(_relative(docname, f"{folder}/index{_suffix(app)}")),
        classes=["tag-index"],
    )
    position = 1 if top.children and isinstance(top[0], nodes.title) else 0
    top.insert(position, line)


class TagPlan:
    """Which tags get a page: every tag, up to ``wikilink_tag_pages_max``, most used first."""

    def __init__(self, tags: dict[str, list[str]], limit: int) -> None:
        ranked = sorted(tags, key=lambda t: (-len(tags[t]), t.casefold()))
        self.tags = {t: tags[t] for t in sorted(ranked[:limit], key=str.casefold)}
        self.kept = {tag_slug(t) for t in self.tags}
        self.dropped = ranked[limit:]
        self.first_dropped_in = tags[self.dropped[0]][0] if self.dropped else None


def _plan(app: Sphinx) -> TagPlan:
    domain = vault_domain(app.env)
    plan = domain.tag_plan
    if not isinstance(plan, TagPlan):
        plan = domain.tag_plan = TagPlan(_by_tag(app), app.config.wikilink_tag_pages_max)
    return plan


def reset_plan(app: Sphinx, env: Any) -> None:
    domain = vault_domain(env)
    domain.tag_plan = domain.tags_folder = None


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
    plan = _plan(app)
    tags = plan.tags
    if not tags:
        return
    folder = tags_dir(app)
    if folder != TAGS_DIR:
        taken = sorted(d for d in domain.scan.notes if d.casefold().split("/")[0] == TAGS_DIR) or [
            TAGS_DIR
        ]
        warn(
            Problem.CONFIG,
            f"the vault has its own {TAGS_DIR!r} note or folder; tag pages go to {folder}/",
            (taken[0], 1),
        )
    if plan.dropped and plan.first_dropped_in is not None:
        limit = app.config.wikilink_tag_pages_max
        warn(
            Problem.CONFIG,
            f"{len(tags) + len(plan.dropped)} tags, more than wikilink_tag_pages_max={limit}: "
            f"the {len(plan.dropped)} least used (#{plan.dropped[0]} …) get no page",
            (plan.first_dropped_in, 1),
        )
    rows = []
    suffix = _suffix(app)  # .xhtml in the EPUB
    for tag, docs in tags.items():
        rows.append(
            f'<li><a class="tag" href="{quote(tag_slug(tag))}{suffix}">#{escape(tag)}</a> '
            f'<span class="tag-count">({len(docs)})</span></li>'
        )
        items = "".join(
            f'<li><a href="{escape(app.builder.get_relative_uri(f"{folder}/x", d))}">'
            f"{escape(domain.notes[d].title or d)}</a></li>"
            for d in docs
        )
        body = (
            f'<section id="tag"><h1>Notes tagged #{escape(tag)}</h1>'
            f'<ul class="tag-notes">{items}</ul>'
            f'<p><a href="index{suffix}">All tags</a></p></section>'
        )
        # Sphinx's templates print "title" as HTML: it must be escaped here
        yield f"{folder}/{tag_slug(tag)}", {"title": escape(f"#{tag}"), "body": body}, "page.html"
    index = f'<section id="tags"><h1>Tags</h1><ul class="tag-index">{"".join(rows)}</ul></section>'
    yield f"{folder}/index", {"title": "Tags", "body": index}, "page.html"


def page_meta(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Frontmatter ``description`` becomes the page's meta description."""
    data = vault_domain(app.env).notes.get(pagename)
    if data is not None and data.description:
        context["metatags"] = context.get("metatags", "") + (
            f'\n<meta name="description" content="{escape(data.description, quote=True)}" />'
        )


def remove_stale_pages(app: Sphinx, env: Any) -> list[str]:
    """A tag no note carries any more loses its page (the output equals a clean build's).
    Runs once the notes are read, before pages are written or packed into an EPUB; only the
    extension's own tag folder is looked at (no note lives there)."""
    if app.builder.format != "html":
        return []
    folder = tags_dir(app)
    tags = _plan(app).tags
    written = {tag_slug(t) for t in tags} | ({"index"} if tags else set())
    suffix = str(getattr(app.builder, "out_suffix", ".html"))
    root = Path(app.outdir, folder)
    if not root.is_dir() or any(d.split("/")[0] == folder for d in env.all_docs):
        return []
    for page in root.glob("*" + suffix):
        if page.name[: -len(suffix)] not in written:
            page.unlink()
    return []
