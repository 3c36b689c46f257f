"""Warnings that stay: a rebuild reports the warnings of the notes it did not read or write.

Sphinx warns about a note only while it reads or writes it, so a second build with nothing
changed prints nothing and ``-W`` fails once, then passes. This module keeps every located
warning of a build, per document and per phase (read, write), in the doctree folder
(``wikilink-warnings-read.json``, shared like the saved environment, and
``wikilink-warnings-write-<builder>.json``), and at the end of the next
build repeats those of the documents that build did not read (read phase) or did not write
(write phase). A document read or written again replaces its own.

Warnings are caught in the main process, where Sphinx also replays those of parallel
workers; each is repeated through Sphinx's logger, so ``suppress_warnings`` and ``-W``
apply as the first time.
"""

from __future__ import annotations

import contextlib
import copy
import json
import logging
import os
import time
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging as sphinx_logging

__all__ = []

READ_STORE = "wikilink-warnings-read.json"
WRITE_STORE = "wikilink-warnings-write-{builder}.json"
logger = sphinx_logging.getLogger("wikilink_ext")

Record = list[str]
"""[message, location, type, subtype]."""


class _Catcher(logging.Handler):
    """Collects the build's warnings by document and phase."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__(logging.WARNING)
        self.app = app
        self.phase: str | None = None
        self.started = time.time()
        self.read: set[str] = set()
        self.caught: dict[str, dict[str, list[Record]]] = {}
        self.translate = sphinx_logging.WarningLogRecordTranslator(app)

    def emit(self, record: logging.LogRecord) -> None:
        if self.phase is None or getattr(record, "wikilink_replayed", False):
            return
        try:
            message = record.getMessage()
            located = copy.copy(record)
            located.msg, located.args = "", ()
            self.translate.filter(located)  # type: ignore[arg-type]
            location = str(getattr(located, "location", "") or "")
            docname = _docname(self.app.env, location)
            if docname is None:
                return
            entry = [message, location, str(getattr(record, "type", "") or ""),
                     str(getattr(record, "subtype", "") or "")]  # fmt: skip
            entries = self.caught.setdefault(docname, {}).setdefault(self.phase, [])
            if entry not in entries:  # a page resolved twice (navigation) warns twice
                entries.append(entry)
        except Exception:  # never let bookkeeping break a build
            return


def _docname(env: BuildEnvironment, location: str) -> str | None:
    path, _, line = location.rpartition(":")
    if not line.isdigit():
        path = location
    if not path:
        return None
    try:
        return env.path2doc(os.path.abspath(path))
    except (OSError, ValueError):
        return None


def _catcher(app: Sphinx) -> _Catcher | None:
    for handler in logging.getLogger(sphinx_logging.NAMESPACE).handlers:
        if isinstance(handler, _Catcher) and handler.app is app:
            return handler
    return None


def start(app: Sphinx) -> None:
    logging.getLogger(sphinx_logging.NAMESPACE).addHandler(_Catcher(app))


def reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    catcher = _catcher(app)
    if catcher is not None:
        catcher.phase = "read"
        catcher.read = set(docnames)


def writing(app: Sphinx, env: BuildEnvironment) -> None:
    catcher = _catcher(app)
    if catcher is not None:
        catcher.phase = "write"
        catcher.started = time.time()  # a page with a later mtime was written by this build


def _written(app: Sphinx, started: float) -> set[str] | None:
    """Documents whose page this build wrote (None: the builder writes them all or cannot
    tell, so none of its write-phase warnings is repeated)."""
    builder: Any = app.builder
    if not hasattr(builder, "get_outfilename"):
        return None
    written = set()
    for docname in app.env.all_docs:
        try:
            if os.stat(builder.get_outfilename(docname)).st_mtime >= started:
                written.add(docname)
        except OSError:
            continue
    return written


def _load(path: Path) -> dict[str, list[Record]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _keep(
    path: Path, docnames: list[str], fresh: set[str] | None, caught: dict[str, list[Record]]
) -> list[Record]:
    """Store the warnings of one phase; return the stored ones of documents not ``fresh``
    (None: every document is fresh), to repeat."""
    old = _load(path)
    new: dict[str, list[Record]] = {}
    repeat: list[Record] = []
    for docname in docnames:
        if fresh is None or docname in fresh or docname not in old:
            entries = caught.get(docname, [])
        else:
            entries = old[docname]
            repeat += entries
        if entries:
            new[docname] = entries
    with contextlib.suppress(OSError):
        path.write_text(json.dumps(new), encoding="utf-8")
    return repeat


def finish(app: Sphinx, exception: Exception | None) -> None:
    catcher = _catcher(app)
    if catcher is None:
        return
    logging.getLogger(sphinx_logging.NAMESPACE).removeHandler(catcher)
    if exception is not None:
        return
    docnames = sorted(app.env.all_docs)
    by_phase: dict[str, dict[str, list[Record]]] = {"read": {}, "write": {}}
    for docname, phases in catcher.caught.items():
        for phase, entries in phases.items():
            by_phase[phase][docname] = entries
    # the environment (so what was read) is shared by every builder of the doctree folder;
    # what was written is each builder's own
    repeat = _keep(Path(app.doctreedir, READ_STORE), docnames, catcher.read, by_phase["read"])
    write_store = Path(app.doctreedir, WRITE_STORE.format(builder=app.builder.name))
    written = _written(app, catcher.started)
    repeat += _keep(write_store, docnames, written, by_phase["write"])
    # a warning this build already printed (a note re-rendered while another is written,
    # as an embed or a preview) is not printed twice, nor is one stored in both phases
    shown = {tuple(r) for phases in catcher.caught.values() for e in phases.values() for r in e}
    unique = [r for r in dict.fromkeys(map(tuple, repeat)) if r not in shown]
    for message, location, kind, subtype in unique:
        logger.warning(
            message,
            location=location or None,
            type=kind or None,
            subtype=subtype or None,
            extra={"wikilink_replayed": True},
        )
