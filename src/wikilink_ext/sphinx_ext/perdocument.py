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

Sphinx's tables of contents and titles are docutils nodes, each with a dict and five
attribute lists: pickled, a note's table of contents is a tenth of its size in memory. A
:class:`PickledPerDocument` keeps its entries pickled and unpickles one when it is read: at
17,000 notes the main process holds about 200 MB less through the whole write (issue 18).
"""

from __future__ import annotations

import copyreg
import os
import pickle
from typing import Any, TypeVar

from sphinx.project import Project

__all__ = ["SPHINX_PER_DOCUMENT", "PerDocument", "PickledPerDocument"]

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

    def _written_keys(self) -> list[str]:
        """The keys this process set: all of them in the owner, a worker's own else."""
        if os.getpid() == self._owner:
            return list(self)
        if os.getpid() != self._writer:
            return []
        return [key for key in self._written if key in self]

    def written_here(self) -> dict[str, V]:
        """The entries this process set: all of them in the owner, a worker's own else."""
        return {key: self[key] for key in self._written_keys()}

    def _pickled(self, key: str) -> bytes:
        return pickle.dumps(self[key], pickle.HIGHEST_PROTOCOL)

    def __reduce__(self) -> tuple[Any, ...]:
        entries = {key: self._pickled(key) for key in self._written_keys()}
        return (_unpickle, (type(self), entries))

    @classmethod
    def _from_pickles(cls, entries: dict[str, bytes]) -> PerDocument[V]:
        return cls({key: pickle.loads(entry) for key, entry in entries.items()})


def _unpickle(kind: type[PerDocument[Any]], entries: dict[str, bytes]) -> PerDocument[Any]:
    return kind._from_pickles(entries)


_MISSING: Any = object()
_hold: Any = dict.__setitem__  # a pickle, under the values' type
_held: Any = dict.__getitem__


class PickledPerDocument(PerDocument[V]):
    """A :class:`PerDocument` that holds each value pickled and unpickles it when read.

    Every read gives a new copy: a change to what was read is not kept unless it is set
    again. Only for data that is read, not changed in place (see
    :func:`unpickle_for_section_numbers`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__()
        for key, value in dict(*args, **kwargs).items():
            _hold(self, key, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))

    def __setitem__(self, key: str, value: V) -> None:
        self._note_write(key)
        _hold(self, key, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))

    def __getitem__(self, key: str) -> V:
        return pickle.loads(_held(self, key))  # type: ignore[no-any-return]

    def get(self, key: str, default: Any = None) -> Any:
        raw = dict.get(self, key, _MISSING)
        return default if raw is _MISSING else pickle.loads(raw)

    def pop(self, key: str, default: Any = _MISSING) -> Any:
        raw = dict.pop(self, key, _MISSING)
        if raw is _MISSING:
            if default is _MISSING:
                raise KeyError(key)
            return default
        return pickle.loads(raw)

    def setdefault(self, key: str, default: V) -> V:
        if key not in self:
            self[key] = default
        return self[key]

    def __iter__(self) -> Any:
        # defined here, so that ``dict(this)`` and ``{**this}`` read through __getitem__
        # (a dict subclass that keeps dict's own iterator is copied from its raw values)
        return dict.__iter__(self)

    def keys(self) -> Any:
        return dict.keys(self)

    def values(self) -> Any:
        return [self[key] for key in self]

    def items(self) -> Any:
        return [(key, self[key]) for key in self]

    def copy(self) -> dict[str, V]:
        return dict(self.items())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, dict) and dict(self.items()) == dict(other.items())

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict(self.items())!r})"

    def _pickled(self, key: str) -> bytes:
        return _held(self, key)  # type: ignore[no-any-return]

    @classmethod
    def _from_pickles(cls, entries: dict[str, bytes]) -> PerDocument[V]:
        made = cls()
        for key, entry in entries.items():
            _hold(made, key, entry)
        return made


SPHINX_PER_DOCUMENT = ("tocs", "toc_num_entries", "titles", "longtitles")
"""Sphinx's own per-document maps that a worker fills and the merge copies one docname at
a time (its toctree and title collectors): with the vault's data, nine tenths of what each
batch pickled back (a note's table of contents is a tree of docutils nodes)."""

KEPT_PICKLED = ("tocs", "titles", "longtitles")
"""Those of them that hold docutils nodes, kept pickled: read, never changed in place, but
by section numbering (:func:`unpickle_for_section_numbers`)."""


class _ProjectNotSentBack(Project):
    """The vault's list of files (Sphinx's :class:`~sphinx.project.Project`), pickled in a
    read worker without that list: the merge does not read it, and each batch sent it back
    with every file's path (17,000 paths unpickled 58 times at 17,000 notes, issue 18).
    Pickled in the main process (the saved environment), it is a whole, plain ``Project``.
    """

    _wikilink_owner: int

    def __reduce__(self) -> tuple[Any, ...]:
        if os.getpid() != self._wikilink_owner:
            return (Project, (self.srcdir, self.source_suffix))
        state = {k: v for k, v in vars(self).items() if k != "_wikilink_owner"}
        return (copyreg._reconstructor, (Project, object, None), state)  # type: ignore[attr-defined]


def send_back_only_read(app: Any, env: Any, docnames: list[str]) -> None:
    """Before the notes are read (and the workers forked): Sphinx's per-document maps become
    :class:`PerDocument` too; in the main process they behave as the dicts they were. The
    project (the same object as the application's) is sent back without its files."""
    for name in SPHINX_PER_DOCUMENT:
        current = getattr(env, name, None)
        kind = PickledPerDocument if name in KEPT_PICKLED else PerDocument
        if type(current) in (dict, PerDocument) and kind is not type(current):
            setattr(env, name, kind(current))
    project = getattr(env, "project", None)
    if type(project) is Project:
        project.__class__ = _ProjectNotSentBack
    if isinstance(project, _ProjectNotSentBack):
        project._wikilink_owner = os.getpid()


def unpickle_for_section_numbers(app: Any, env: Any) -> list[str]:
    """Before Sphinx numbers sections (``env-get-updated``): a numbered toctree (a MyST
    ``{toctree}`` with ``:numbered:``) writes its numbers into the tables of contents and
    titles, so those are then held as objects."""
    if env.numbered_toctrees:
        for name in KEPT_PICKLED:
            current = getattr(env, name, None)
            if isinstance(current, PickledPerDocument):
                setattr(env, name, PerDocument(current.items()))
    return []
