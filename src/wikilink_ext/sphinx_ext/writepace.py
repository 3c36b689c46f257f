"""A parallel write keeps the resolved pages in memory to a bounded lead over the writers.

In a ``-j`` write, the main process resolves every page (post-transforms, backlinks) and
hands batches to writer processes; it queues batches without waiting, so when it resolves
faster than the writers write (two cores: one writer), it holds the resolved doctrees of
all the pages not yet written: about half the vault at the end of the loop, over a gigabyte
at 17,000 notes (issue 18). Here each writer counts the pages it has written in memory
shared with the main process, and the main process waits, after resolving a page, while it
is more than :func:`window` pages ahead: two batches, so that a writer always has the next
batch waiting and never idles. When the writers stop making progress (they finished every
batch started; the next one starts only when the main process has resolved it), it stops
waiting until they write again.
"""

from __future__ import annotations

import math
import multiprocessing
import time
from dataclasses import dataclass, field
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from . import parallelwrite
from .domain import vault_domain

__all__ = ["WritePace", "window"]

STALL = 0.25
"""Seconds without a page written after which the writers are taken to be idle."""


def window(pages: int, writers: int) -> int:
    """Two of the batches Sphinx's ``make_chunks`` cuts ``pages`` into for ``writers``."""
    size = pages // max(writers, 1)
    if size >= 10:
        size = int(math.sqrt(pages / writers * 10))
    return 2 * max(size, 1) + 1


@dataclass
class WritePace:
    written: Any
    """A counter in shared memory: pages the writers (and the main process) have written."""
    window: int
    resolved: int = 0
    idle_at: int = -1
    """The count written when the writers were last found idle (no wait until it moves)."""
    most_ahead: int = field(default=0)

    def page_written(self) -> None:
        with self.written.get_lock():
            self.written.value += 1

    def page_resolved(self) -> None:
        self.resolved += 1
        last, since = self.written.value, time.monotonic()
        while self.resolved - last > self.window and last != self.idle_at:
            time.sleep(0.01)
            now = self.written.value
            if now != last:
                last, since = now, time.monotonic()
            elif time.monotonic() - since > STALL:
                self.idle_at = last
        self.most_ahead = max(self.most_ahead, self.resolved - last)


def start(app: Sphinx, builder: Any) -> None:
    """Before the writers are forked: the shared counter they inherit."""
    domain = vault_domain(app.env)
    domain.write_pace = None
    if parallelwrite.installed(builder):
        return  # every writer resolves its own pages: no resolved page waits in this process
    if app.parallel > 1 and getattr(builder, "parallel_ok", False):
        writers = app.parallel - 1  # Sphinx's main process resolves, the others write
        counter = multiprocessing.get_context("fork").Value("q", 0)
        domain.write_pace = WritePace(counter, window(len(app.env.all_docs), writers))


def page_written(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    pace = vault_domain(app.env).write_pace
    if pace is not None and doctree is not None:
        pace.page_written()


def page_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    pace = vault_domain(app.env).write_pace
    if pace is not None:
        pace.page_resolved()
