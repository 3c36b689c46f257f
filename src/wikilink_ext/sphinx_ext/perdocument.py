"""Per-document data that a parallel-read worker sends back without what it was given.

Sphinx's ``-j`` read forks a worker per batch of notes; the worker pickles its whole
environment back and the main process merges the batch's documents from it
(``merge_domaindata``). A worker forked late holds every note merged before it, so each
batch pickled (and the main process unpickled) a copy of nearly all the data read so far:
at 17,000 notes, 58 batches of up to 90 MB, time growing as N² (issue 18). A
:class:`PerDocument` mapping pickled in a worker holds only the entries the worker wrote,
which are all the merge reads; pickled in the process that made it (the environment saved
at the end of a build), it holds everything.

Each entry is pickled by itself. Pickled as one object, the environment Sphinx saves after
reading keeps one memo entry for every object it holds until the last is written: at 17,000
notes that memo was 370 MB on top of the environment, the build's peak (issue 18). An
entry's memo lasts only while that entry is pickled.
"""

from __future__ import annotations

import os
import pickle
from typing import Any, TypeVar

__all__ = ["SPHINX_PER_DOCUMENT", "PerDocument"]

V = TypeVar("V")


class PerDocument(dict[str, V]):
    """A dict of docname → data; pickled in a forked process, only what that process set."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._owner = os.getpid()
        self._written: set[str] = set()
        self._writer = self._owner

    def _note_write(self, key: str) -> None:
        pid = os.getpid()
        if pid == self._owner:
            return
        if pid != self._writer:  # first write in this worker: forget the parent's record
            self._writer, self._written = pid, set()
        self._written.add(key)

    def __setitem__(self, key: str, value: V) -> None:
        self._note_write(key)
        super().__setitem__(key, value)

    def setdefault(self, key: str, default: V) -> V:
        if key not in self:
            self._note_write(key)
        return super().setdefault(key, default)

    def update(self, *args: Any, **kwargs: Any) -> None:
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def written_here(self) -> dict[str, V]:
        """The entries this process set: all of them in the owner, a worker's own else."""
        if os.getpid() == self._owner:
            return dict(self)
        if os.getpid() != self._writer:
            return {}
        return {key: self[key] for key in self._written if key in self}

    def __reduce__(self) -> tuple[Any, ...]:
        entries = {
            key: pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
            for key, value in self.written_here().items()
        }
        return (_unpickle, (type(self), entries))


def _unpickle(kind: type[PerDocument[Any]], entries: dict[str, bytes]) -> PerDocument[Any]:
    return kind({key: pickle.loads(entry) for key, entry in entries.items()})


SPHINX_PER_DOCUMENT = ("tocs", "toc_num_entries", "titles", "longtitles")
"""Sphinx's own per-document maps that a worker fills and the merge copies one docname at
a time (its toctree and title collectors): with the vault's data, nine tenths of what each
batch pickled back (a note's table of contents is a tree of docutils nodes)."""


def send_back_only_read(app: Any, env: Any, docnames: list[str]) -> None:
    """Before the notes are read (and the workers forked): Sphinx's per-document maps become
    :class:`PerDocument` too; in the main process they behave as the dicts they were."""
    for name in SPHINX_PER_DOCUMENT:
        current = getattr(env, name, None)
        if type(current) is dict:
            setattr(env, name, PerDocument(current))
