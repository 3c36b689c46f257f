"""A parallel write in which every process resolves the pages it writes.

Sphinx's ``-j N`` write resolves every page in the main process (post-transforms,
``doctree-resolved``, the search index, the images to copy) and hands batches to N - 1 writer
processes, each started only when the main process has queued its next batch. On two cores
that is one writer, idle while the main process resolves, and a main process that holds the
resolved pages the writer has not taken yet: at 2,000 notes the write took 59 s of wall time
for 60 s of CPU (issue 18). Here N processes each take a batch, resolve its pages and write
them, all cores busy; the main process hands out the batches and keeps what Sphinx keeps
from a page in the main process.

With Sphinx's own search index off (Pagefind answers the searches, see
:func:`..pages.search.drop_sphinx_index`), that is only the images to copy; so this write is
used only then, and only by builders whose main-process step is the HTML builder's. An
extension that keeps state from ``doctree-resolved`` in the main process would lose it in the
writers: ``wikilink_parallel_write = False`` gives Sphinx's own write back.

Before the writers are forked, the environment (every note's links, titles, tables) is
frozen out of the garbage collector's reach: a writer's collections would otherwise touch,
and so copy, every object of it.
"""

from __future__ import annotations

import functools
import gc
import inspect
from collections.abc import Sequence
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment
from sphinx.locale import __
from sphinx.util import logging
from sphinx.util.build_phase import BuildPhase
from sphinx.util.display import status_iterator
from sphinx.util.parallel import ParallelTasks, make_chunks

from ..pages import search

__all__ = ["install", "installed"]

logger = logging.getLogger(__name__)

_WRITE = "_write_parallel"
"""The builder's method for a parallel write (Sphinx's, private; pinned by a test)."""


def _applies(app: Sphinx, builder: Builder) -> bool:
    return (
        bool(app.config.wikilink_parallel_write)
        and bool(getattr(builder, "parallel_ok", False))
        and isinstance(builder, StandaloneHTMLBuilder)
        and type(builder).write_doc_serialized is StandaloneHTMLBuilder.write_doc_serialized
        and search.replaces_sphinx_index(app)
    )


def install(app: Sphinx, builder: Builder) -> None:
    """At ``write-started``: this builder writes in parallel as described above, or as
    Sphinx does (the choice is made again at every build: ``serve`` keeps its builder)."""
    builder.__dict__.pop(_WRITE, None)
    if _applies(app, builder):
        setattr(builder, _WRITE, functools.partial(_write_parallel, app, builder))


def installed(builder: Builder) -> bool:
    return _WRITE in builder.__dict__


_TAKES_TAGS = "tags" in inspect.signature(BuildEnvironment.get_and_resolve_doctree).parameters
"""Sphinx 9 passes the builder's tags (and warns without them); Sphinx 8.2 takes none."""


def _write_page(builder: Any, docname: str) -> None:
    """What Sphinx does for one page in a serial write."""
    builder.phase = BuildPhase.RESOLVING
    tags = {"tags": builder.tags} if _TAKES_TAGS else {}
    doctree = builder.env.get_and_resolve_doctree(docname, builder, **tags)
    builder.phase = BuildPhase.WRITING
    builder.write_doc_serialized(docname, doctree)
    builder.write_doc(docname, doctree)


def _write_parallel(app: Sphinx, builder: Any, docnames: Sequence[str], nproc: int) -> None:
    processes = app.parallel
    search.drop_sphinx_index(app)
    # the first page in this process: the templates the writers inherit are compiled
    first, rest = docnames[0], docnames[1:]
    _write_page(builder, first)
    chunks = make_chunks(rest, processes)
    progress = status_iterator(
        chunks,
        __("writing output... "),
        "darkgreen",
        len(chunks),
        app.verbosity,
    )

    def write_chunk(chunk: list[str]) -> dict[str, str]:
        known = set(builder.images)
        for docname in chunk:
            _write_page(builder, docname)
        return {path: name for path, name in builder.images.items() if path not in known}

    def chunk_done(chunk: list[str], images: dict[str, str]) -> None:
        builder.images.update(images)  # copied at the end, by the main process
        next(progress, None)

    tasks = ParallelTasks(processes)
    gc.collect()
    gc.freeze()
    try:
        for chunk in chunks:
            tasks.add_task(write_chunk, chunk, chunk_done)
        tasks.join()
    finally:
        gc.unfreeze()
    logger.info("")
