"""Instant search with Pagefind: results as you type, in the search box of every page and on
the search page, offline, one result per page, snippets of the note's own text.

Sphinx's search looks words up in a whole-site index and lists a page once per matching
section title as well as for its text (duplicates), cuts its snippets from the theme's HTML
(the tags line included), and only searches on Enter. Pagefind (a well-kept static search
library, MIT) indexes the built pages once at the end of the build and answers in the
browser from a few small fragment files.

What it indexes is marked in each page: the note's body only (``data-pagefind-body``), with
the tags line, backlinks, graph, cite box and header links left out, and the pages named in
``wikilink_search_demoted`` (a build manual, say) at a low weight so that they do not
outrank the entries. Aliases are not page text (they would show in snippets): a small table
``_static/wikilink-aliases.json`` lists each note's aliases, and a note whose alias matches
the query comes first. The extended Pagefind binary (``pagefind[extended]``) splits Chinese
and Japanese text into words.

Off when the ``pagefind`` package is not installed (the theme's Sphinx search stays). When on,
Sphinx's own index is not built (an empty one keeps the theme's search page whole). A site of
more than ``wikilink_search_shard_size`` pages is indexed in parts (:func:`run_pagefind`).
"""

from __future__ import annotations

import fnmatch
import functools
import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from ..sphinx_ext.domain import vault_domain

__all__ = [
    "PREVIEW_TAG",
    "add_scripts",
    "drop_sphinx_index",
    "index_site",
    "keep_sphinx_index_out",
    "mark_body",
    "pagefind_available",
    "replaces_sphinx_index",
    "run_pagefind",
]

logger = logging.getLogger(__name__)

BUNDLE = "_pagefind"
SHARDS = "wikilink-shards.json"
"""In the bundle: the folders of the index's other parts, relative to it (``[]``: one part)."""
STAGING = ".wikilink-pagefind-part"
BODY_MARK = b"data-pagefind-body"
LEFT_OUT = (
    ".wikilink-note-tags",
    ".wikilink-backlinks-box",
    ".wikilink-graph-box",
    ".headerlink",
    "script",
    "style",
    ".cite-this-page",
    ".wikilink-sr-only",
)


@functools.cache
def pagefind_available() -> bool:
    """Once per process: a page asks through :func:`_enabled` (the import system's search
    was 0.7 % of writing the pages)."""
    return importlib.util.find_spec("pagefind") is not None


def _enabled(app: Sphinx) -> bool:
    return (
        bool(app.config.wikilink_search)
        and app.builder.format == "html"
        and not getattr(app.builder, "embedded", False)
        and pagefind_available()
    )


def replaces_sphinx_index(app: Sphinx) -> bool:
    """Pagefind answers the searches of this build's pages."""
    return _enabled(app)


def drop_sphinx_index(app: Sphinx, *args: Any) -> None:
    """Sphinx's own index is not built when Pagefind answers: in a parallel write it was a
    quarter of the main process's work, and 15 MB at 17,000 notes that no reader loads
    (issue 18). :func:`index_site` writes an empty one for the theme's search page."""
    builder: Any = app.builder
    if getattr(builder, "indexer", None) is not None and replaces_sphinx_index(app):
        builder.indexer = None


def keep_sphinx_index_out(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    """At ``html-collect-pages``, before Sphinx dumps its index: no page was written, so
    :func:`drop_sphinx_index` did not run, and Sphinx would dump the index it loaded."""
    drop_sphinx_index(app)
    return []


def mark_body(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Wrap the note's body in ``data-pagefind-body``; its aliases are indexed with it."""
    if doctree is None or not _enabled(app):
        return
    demoted = any(fnmatch.fnmatchcase(pagename, p) for p in app.config.wikilink_search_demoted)
    weight = ' data-pagefind-weight="0.1" data-pagefind-meta="demoted:1"' if demoted else ""
    context["body"] = (
        f'<div class="wikilink-search-body" data-pagefind-body{weight}>'
        f"{context.get('body', '')}</div>"
    )


def add_scripts(app: Sphinx) -> None:
    if _enabled(app):
        app.add_js_file("wikilink-pagefind.js", defer="defer")
        app.add_css_file("wikilink-pagefind.css")


def alias_table(app: Sphinx) -> list[dict[str, Any]]:
    """Each published note with aliases: its URL from the site's root, title and aliases."""
    domain = vault_domain(app.env)
    table = []
    for docname in sorted(app.env.all_docs):
        front = domain.scanned.get(docname)
        aliases = [str(a) for a in (front.aliases if front else ()) if str(a).strip()]
        if aliases:
            note = domain.notes.get(docname)
            title = (note.title if note else "") or docname
            url = app.builder.get_target_uri(docname)
            demoted = any(
                fnmatch.fnmatchcase(docname, p) for p in app.config.wikilink_search_demoted
            )
            table.append({"url": url, "title": title, "aliases": aliases, "demoted": demoted})
    return table


PREVIEW_TAG = "wikilink_preview"
"""Set by ``wikilink-ext serve``: the preview runs Pagefind itself, after the reload."""


def index_site(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or not _enabled(app):
        return
    _empty_sphinx_index(app)
    table = json.dumps(alias_table(app), ensure_ascii=False, separators=(",", ":"))
    Path(app.outdir, "_static", "wikilink-aliases.json").write_text(table, encoding="utf-8")
    if app.tags.has(PREVIEW_TAG):
        return
    problem = run_pagefind(Path(app.outdir), app.config.wikilink_search_shard_size)
    if problem is not None:
        logger.warning(
            "Pagefind could not index the site (its search finds nothing; "
            "wikilink_search = False gives Sphinx's search): %s",
            problem,
            type="wikilink",
            subtype="search",
        )


def _empty_sphinx_index(app: Sphinx) -> None:
    """The theme's search page loads ``searchindex.js``: an index of no page, so that it
    loads, and no stale index from a build before this one stays."""
    builder: Any = app.builder
    if not getattr(builder, "search", False) or getattr(builder, "indexer", None) is not None:
        return
    keys = ("docnames", "filenames", "titles")
    tables = ("terms", "objects", "objtypes", "objnames", "titleterms", "alltitles")
    empty: dict[str, Any] = {**dict.fromkeys(keys, ()), **{k: {} for k in tables}}
    # the version Sphinx checks when it loads the index again (a mismatch is a warning)
    empty.update(indexentries={}, envversion=app.env.version)
    path = Path(app.outdir, builder.searchindex_filename)
    if builder.indexer_dumps_unicode:
        with open(path, "w", encoding="utf-8") as text:
            builder.indexer_format.dump(empty, text)
    else:
        with open(path, "wb") as binary:
            builder.indexer_format.dump(empty, binary)


def run_pagefind(outdir: Path, shard_size: int) -> str | None:
    """Index the site in ``outdir``; what went wrong, or None. The bundle is written beside
    the old one and then takes its place: a fresh bundle (fragments of notes removed or
    unpublished since must not stay behind) with no moment without one.

    Past ``shard_size`` pages the site is indexed in parts, one Pagefind run each: Pagefind
    holds a whole index in memory (2.5 GB at 17,000 notes, issue 18). The first part is the
    bundle itself, the others are folders in it, listed in :data:`SHARDS`; the page's script
    merges them (Pagefind's ``mergeIndex``) and Pagefind ranks the results of all of them
    together."""
    fresh, bundle = outdir / f"{BUNDLE}.new", outdir / BUNDLE
    shutil.rmtree(fresh, ignore_errors=True)
    pages = _indexed_pages(outdir, shard_size)
    parts = [pages[i : i + shard_size] for i in range(0, len(pages), shard_size)]
    try:
        if len(parts) <= 1:
            problem = _pagefind(outdir, fresh)
        else:
            for k, part in enumerate(parts):
                problem = _index_part(outdir, part, _part_path(fresh, k))
                if problem is not None:
                    break
        if problem is None:
            names = [f"{_part_path(fresh, k).name}/" for k in range(1, len(parts))]
            (fresh / SHARDS).write_text(json.dumps(names), encoding="utf-8")
    finally:
        shutil.rmtree(outdir / STAGING, ignore_errors=True)
    if problem is not None:
        shutil.rmtree(fresh, ignore_errors=True)
        return problem
    shutil.rmtree(bundle, ignore_errors=True)
    fresh.rename(bundle)
    return None


def _part_path(fresh: Path, k: int) -> Path:
    return fresh if k == 0 else fresh / f"part-{k}"


def _pagefind(site: Path, output: Path) -> str | None:
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--quiet"]
    command += ["--output-path", str(output), "--exclude-selectors", ", ".join(LEFT_OUT)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode or not (output / "pagefind.js").is_file():
        return (result.stderr or result.stdout).strip()[-500:] or "no bundle was written"
    return None


def _indexed_pages(outdir: Path, shard_size: int) -> list[Path]:
    """The site's pages, in order (a folder's pages together), outside the search bundles.
    Past ``shard_size`` of them, only those that mark their body, as every note does: that
    is Pagefind's own rule for a whole site, which each part must then follow by itself."""
    pages = sorted(
        path
        for path in outdir.rglob("*.html")
        if not any(
            part.startswith((BUNDLE, STAGING, ".")) for part in path.relative_to(outdir).parts[:-1]
        )
    )
    if len(pages) <= shard_size:
        return pages
    marked = [page for page in pages if BODY_MARK in page.read_bytes()]
    return marked or pages


def _index_part(outdir: Path, pages: list[Path], output: Path) -> str | None:
    """Index ``pages`` alone: a folder that mirrors the site with links to just those pages
    (their URLs stay the site's), indexed into ``output``."""
    staging = outdir / STAGING
    shutil.rmtree(staging, ignore_errors=True)
    for page in pages:
        mirror = staging / page.relative_to(outdir)
        mirror.parent.mkdir(parents=True, exist_ok=True)
        try:
            mirror.symlink_to(page.absolute())
        except OSError:  # no symbolic links here (Windows without the right): a copy
            shutil.copyfile(page, mirror)
    return _pagefind(staging, output)
