"""A Sphinx extension for the benchmark only: CPU time and memory at each phase of a build.

Prints one line per mark to stderr, ``wikilink-bench-phase NAME WALL CPU_SELF CPU_CHILDREN
MAXRSS_MB``; the CPU of the children is that of the ``-j`` workers already joined (and of
Pagefind once it ended). :func:`bench.phases_of` turns the lines into read / write / finish.
"""

from __future__ import annotations

import resource
import sys
import time
from typing import Any

_START = time.perf_counter()


def _mark(name: str) -> None:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        f"wikilink-bench-phase {name} {time.perf_counter() - _START:.2f} "
        f"{own.ru_utime + own.ru_stime:.2f} {children.ru_utime + children.ru_stime:.2f} "
        f"{own.ru_maxrss / 1024:.0f}",
        file=sys.stderr,
        flush=True,
    )


def setup(app: Any) -> dict[str, Any]:
    app.connect("env-before-read-docs", lambda app, env, docnames: _mark("read"), priority=999)
    app.connect("env-updated", lambda app, env: _mark("write"), priority=1)
    app.connect("build-finished", lambda app, error: _mark("finish"), priority=1)
    app.connect("build-finished", lambda app, error: _mark("end"), priority=999)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
