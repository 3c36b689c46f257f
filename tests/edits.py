"""Editing a vault between two builds of an incremental-build test."""

from __future__ import annotations

import os
import time
from pathlib import Path

AHEAD_NS = 2_000_000_000
"""How far past the last build an edited file's mtime is set: more than the coarsest file
system's step (FAT keeps mtimes to 2 s, ext3 and HFS+ to 1 s)."""


def edit(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` with an mtime that Sphinx sees as newer than the last build,
    on any file system and without sleeping: ``os.utime``, as sphinxcontrib-bibtex's tests do."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    mtime = max(before, time.time_ns()) + AHEAD_NS
    os.utime(path, ns=(mtime, mtime))
