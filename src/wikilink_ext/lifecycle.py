"""The build, event by event: every handler of the extension, in the order Sphinx runs them.

:data:`LIFECYCLE` is the one list :func:`wikilink_ext.setup` connects. It is written in the
order of a build (Sphinx's events in the order Sphinx emits them; within an event, by
priority, then as listed, which is the order Sphinx calls handlers of equal priority), so
reading it top to bottom is reading the build. ``tests/test_lifecycle.py`` pins this
order, and the orderings below that matter.

The phases, after sphinxcontrib-bibtex's "collect at read time, compute at env-updated,
resolve at write time":

1. **configure** (``config-inited``): defaults for a bare vault, then validation, then
   options derived from others (exclude patterns, templates, static path, LaTeX macros);
2. **scan** (``builder-inited``): the one walk of the vault (:mod:`wikilink_ext.vault.scan`)
   before any note is parsed, then its report;
3. **decide what to read** (``env-get-outdated``, ``env-before-read-docs``);
4. **read** (``doctree-read``): guard the vault's boundary, then collect per note;
5. **decide what to write** (``env-updated``, ``env-get-updated``);
6. **write** (``write-started``, ``doctree-resolved``, ``html-collect-pages``,
   ``html-page-context``);
7. **finish** (``build-finished``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from .pages import (
    assets,
    backlinks,
    citebox,
    downloads,
    epub,
    graph,
    linkdata,
    maths,
    metadata,
    navigation,
    pdfbook,
    previews,
    readercopy,
    search,
    sources,
    tagpages,
    themechecks,
)
from .sphinx_ext import (
    bibfiles,
    boundary,
    config,
    defaults,
    doctreecache,
    editorial,
    events,
    mermaid,
    parallelwrite,
    perdocument,
    publishing,
    replay,
    sanitize,
    templatecache,
    writepace,
)

__all__ = ["EVENTS", "LIFECYCLE", "RESCAN", "Hook"]

DEFAULT_PRIORITY = 500
"""Sphinx's default priority, and that of its own collectors."""

EVENTS: tuple[str, ...] = (
    "config-inited",
    "builder-inited",
    "env-get-outdated",
    "env-before-read-docs",
    "source-read",
    "doctree-read",
    "env-merge-info",
    "env-updated",
    "env-get-updated",
    "env-check-consistency",
    "write-started",
    "doctree-resolved",
    "html-collect-pages",
    "html-page-context",
    "build-finished",
)
"""Sphinx's events in the order a build emits them."""


@dataclass(frozen=True)
class Hook:
    event: str
    handler: Callable[..., Any]
    priority: int = DEFAULT_PRIORITY
    why: str = ""
    """Why it runs where it does, when that matters."""


LIFECYCLE: tuple[Hook, ...] = (
    # 1. configure
    Hook("config-inited", defaults.apply_defaults, 100, "before validation: fills unset values"),
    Hook("config-inited", config.validate),
    Hook("config-inited", events.ignore_patterns, why="wikilink_ignore joins exclude_patterns"),
    Hook("config-inited", publishing.exclude_unsafe),
    Hook("config-inited", navigation.use_templates),
    Hook("config-inited", assets.add_static_path),
    Hook("config-inited", pdfbook.add_macros),
    Hook("config-inited", maths.formulas_out_of_tab_order),
    Hook("config-inited", maths.choose_offline_mathjax, why="not later: see its docstring"),
    Hook("config-inited", epub.whole_contents, why="the EPUB's contents take the hidden toctree"),
    Hook("config-inited", bibfiles.check_bibfiles, 900, "before sphinxcontrib-bibtex parses them"),
    # 2. scan
    Hook("builder-inited", replay.start, why="warnings of notes not read again are replayed"),
    Hook("builder-inited", templatecache.use_cache),
    Hook("builder-inited", readercopy.take_over, why="_sources is the reader's copy"),
    Hook("builder-inited", defaults.generate_home),
    Hook("builder-inited", events.scan, why="the vault index, before any note is parsed"),
    Hook("builder-inited", navigation.add_assets),
    Hook("builder-inited", navigation.show_sidebar),
    Hook("builder-inited", maths.use_offline_mathjax),
    Hook("builder-inited", epub.leave_out_vendor),
    Hook("builder-inited", assets.add_static_files),
    Hook("builder-inited", search.add_scripts),
    Hook("builder-inited", publishing.report, 510, "after events.scan: reports its problems"),
    # 3. decide what to read
    Hook("env-get-outdated", publishing.keep_published, 100, "unpublished notes are not read"),
    Hook("env-get-outdated", events.outdated),
    Hook("env-get-outdated", bibfiles.citing_notes_if_bibliography_changed),
    Hook("env-get-outdated", linkdata.remember_removed),
    Hook("env-before-read-docs", events.before_read),
    Hook("env-before-read-docs", linkdata.before_read),
    Hook("env-before-read-docs", graph.before_read, why="the graph page is written if it changed"),
    Hook("env-before-read-docs", perdocument.send_back_only_read, why="before -j forks workers"),
    Hook("env-before-read-docs", replay.reading, 900),
    # 4. read
    Hook("doctree-read", boundary.guard, 100, "before Sphinx's image collectors copy a file"),
    Hook("doctree-read", navigation.add_toctree, 400, "before Sphinx's toctree collector"),
    Hook("doctree-read", events.collect),
    Hook("doctree-read", sources.add_placeholder),
    Hook("doctree-read", editorial.check),
    Hook("doctree-read", linkdata.collect),
    Hook("doctree-read", backlinks.add_placeholder),
    Hook("doctree-read", metadata.add_aliases),
    Hook("doctree-read", mermaid.mark_pages, why="pages with a diagram load Mermaid"),
    # 5. decide what to write
    Hook("env-updated", publishing.remove_stale_output, why="before pages or the EPUB are written"),
    Hook("env-updated", tagpages.reset_plan),
    Hook("env-updated", tagpages.remove_stale_pages, 600, "after reset_plan"),
    Hook("env-updated", replay.writing, 900),
    Hook(
        "env-get-updated",
        perdocument.unpickle_for_section_numbers,
        100,
        "before Sphinx's toctree collector numbers sections",
    ),
    Hook("env-get-updated", events.updated),
    Hook("env-get-updated", navigation.nav_changed),
    Hook("env-get-updated", linkdata.updated),
    # 6. write
    Hook("write-started", parallelwrite.install, 400, "before writepace.start, which asks"),
    Hook("write-started", navigation.write_nav),
    Hook("write-started", writepace.start, why="before the writers are forked"),
    Hook("doctree-resolved", search.drop_sphinx_index, 100, "before the page is indexed"),
    Hook("doctree-resolved", graph.add_local_graph, 400, 'before the cite box: "Linked from"'),
    Hook("doctree-resolved", citebox.add_box),
    Hook("doctree-resolved", tagpages.link_tags),
    Hook("doctree-resolved", tagpages.note_tags),
    Hook("doctree-resolved", metadata.add_keywords),
    Hook("doctree-resolved", pdfbook.on_doctree_resolved),
    Hook("doctree-resolved", doctreecache.release, 900, "the page is resolved: its bytes go"),
    Hook("doctree-resolved", writepace.page_resolved, 950, "the page is resolved: wait"),
    Hook("html-collect-pages", tagpages.tag_pages),
    Hook("html-collect-pages", search.keep_sphinx_index_out, why="also when no page was written"),
    Hook("html-collect-pages", graph.graph_page),
    Hook("html-collect-pages", publishing.forget_removed_words),
    Hook("html-page-context", publishing.source_name, 100, "before the reader's copy is named"),
    Hook("html-page-context", navigation.page_nav, 400, "before the theme builds its sidebar"),
    Hook("html-page-context", themechecks.take_out, 400, "before the theme's emptiness check"),
    Hook("html-page-context", citebox.add_meta),
    Hook("html-page-context", tagpages.page_meta),
    Hook("html-page-context", previews.add_previews),
    Hook("html-page-context", graph.add_scripts),
    Hook("html-page-context", maths.add_search_script),
    Hook("html-page-context", maths.add_math_text),
    Hook("html-page-context", mermaid.load_on_page),
    Hook("html-page-context", search.mark_body),
    Hook("html-page-context", downloads.add_links),
    Hook("html-page-context", themechecks.put_back, 600, "after the theme's emptiness check"),
    Hook(
        "html-page-context",
        navigation.sidebar_check_once,
        600,
        "after pydata-sphinx-theme defines the check",
    ),
    Hook("html-page-context", sanitize.escape_page_title, 900, "after the theme sets the title"),
    Hook("html-page-context", readercopy.write_copy, 900, "after source_name"),
    Hook("html-page-context", writepace.page_written, 950, "the page is done"),
    # 7. finish
    Hook("build-finished", replay.finish, 100, "repeats the warnings of notes not read again"),
    Hook("build-finished", defaults.redirect_index),
    Hook("build-finished", citebox.write_book_bib),
    Hook("build-finished", mermaid.copy_script),
    Hook("build-finished", previews.remove_stale),
    Hook("build-finished", maths.copy_mathjax),
    Hook("build-finished", search.index_site, 800, "after unpublished pages are removed"),
)

RESCAN: tuple[Callable[[Any, Collection[str] | None], None], ...] = (
    events.scan,
    publishing.report,
)
"""The ``builder-inited`` handlers that read the vault. ``wikilink-ext serve`` keeps one
application between builds (``builder-inited`` is emitted once): it runs these again before
each rebuild, so that a new note, a renamed one or changed frontmatter is seen, with the
vault-relative paths its watcher saw change (None: unknown, the whole vault is scanned)."""
