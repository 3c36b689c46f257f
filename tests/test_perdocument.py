"""Per-note data at scale (issue 18): a parallel-read worker sends back only the notes it
read (the environment each batch pickled back grew with every batch merged before it, so
``-j`` reading grew as N²), and doctrees are not kept in memory once their page is done."""

from __future__ import annotations

import multiprocessing
import pickle
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sphinx.project import Project
from sphinx.testing.util import SphinxTestApp

from wikilink_ext.sphinx_ext.perdocument import (
    KEPT_PICKLED,
    SPHINX_PER_DOCUMENT,
    PerDocument,
    PickledPerDocument,
)


def _pickled_in_child(data: PerDocument[int], change: Callable[[PerDocument[int]], Any]) -> bytes:
    """Pickle ``data`` in a forked process (as Sphinx's ParallelTasks forks) after ``change``."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        change(data)
        send.send_bytes(pickle.dumps(data, pickle.HIGHEST_PROTOCOL))

    process = context.Process(target=child)
    process.start()
    sent = receive.recv_bytes()
    process.join()
    return sent


def test_owner_pickles_everything() -> None:
    data = PerDocument({"a": 1, "b": 2})
    data["c"] = 3
    data.setdefault("d", 4)
    copy = pickle.loads(pickle.dumps(data))
    assert copy == {"a": 1, "b": 2, "c": 3, "d": 4}
    assert isinstance(copy, PerDocument)


def _pickling_peak(data: object) -> int:
    """Bytes allocated at most while ``data`` is pickled, the pickle itself left out."""
    tracemalloc.start()
    try:
        size = len(pickle.dumps(data, pickle.HIGHEST_PROTOCOL))
        return tracemalloc.get_traced_memory()[1] - size
    finally:
        tracemalloc.stop()


def test_each_entry_is_pickled_alone() -> None:
    """Issue 18: the environment pickled after reading kept a memo entry for every object of
    every note until the end, 370 MB at 17,000 notes; entry by entry, one note's at a time."""
    notes = {
        f"note {n}": [(f"target {n} {k}", ("text", f"words {k}"), {"anchor": k}) for k in range(50)]
        for n in range(400)
    }
    whole = _pickling_peak({"notes": dict(notes)})
    per_entry = _pickling_peak({"notes": PerDocument(notes)})
    assert per_entry < whole / 4  # what remains: the entries pickled, before they are joined
    assert pickle.loads(pickle.dumps(PerDocument(notes))) == notes


def test_worker_pickles_only_what_it_wrote() -> None:
    data = PerDocument({"old": 1, "older": 2})

    def read_two(d: PerDocument[int]) -> None:
        d["new"] = 3
        d.setdefault("also new", 4)
        d.setdefault("old", 99)  # present: not a write
        d.update({"updated": 5})

    sent = pickle.loads(_pickled_in_child(data, read_two))
    assert sent == {"new": 3, "also new": 4, "updated": 5}
    assert data == {"old": 1, "older": 2}  # the parent's copy is untouched


def test_worker_that_wrote_nothing_sends_nothing() -> None:
    sent = pickle.loads(_pickled_in_child(PerDocument({"old": 1}), lambda d: None))
    assert sent == {}


def test_unpickled_copy_belongs_to_its_new_process() -> None:
    """The main process unpickles a worker's data and owns it: it pickles it whole."""
    sent = pickle.loads(_pickled_in_child(PerDocument({"old": 1}), lambda d: d.update(x=2)))
    sent["y"] = 3
    assert pickle.loads(pickle.dumps(sent)) == {"x": 2, "y": 3}


def _vault(root: Path, n: int) -> Path:
    root.mkdir(parents=True)
    for i in range(n):
        (root / f"Note {i}.md").write_text(
            f"# Note {i}\n\nThis note links to [[Note {(i + 1) % n}]] in a sentence.\n",
            encoding="utf-8",
        )
    (root / "index.md").write_text("# Home\n\n1. [[Note 0]]\n", encoding="utf-8")
    (root / "conf.py").write_text(
        'extensions = ["wikilink_ext"]\nexclude_patterns = ["_build"]\n', encoding="utf-8"
    )
    return root


def test_parallel_read_sends_back_only_its_batch(make_app, sphinx_test_tempdir: Path) -> None:  # type: ignore[no-untyped-def]
    # 41 notes and 2 processes: batches of 14, so the third batch's worker is forked after
    # the first batch was merged, and holds its notes
    src = _vault(sphinx_test_tempdir / "perdocument-parallel", 40)
    app: SphinxTestApp = make_app("html", srcdir=src, parallel=2, freshenv=True)
    extra: list[tuple[str, set[str]]] = []

    def record(app: Any, env: Any, docnames: set[str], other: Any) -> None:
        for domain in ("wikilink", "wikilink-links"):
            extra.append((domain, set(other.domaindata[domain]["notes"]) - set(docnames)))
        extra.append(("scanned", set(other.domaindata["wikilink"]["scanned"])))
        for name in SPHINX_PER_DOCUMENT:
            extra.append((name, set(getattr(other, name)) - set(docnames)))
        extra.append(("project", set(other.project.docnames)))  # the files are not sent

    app.connect("env-merge-info", record)
    app.build()
    assert len(extra) >= 3 * 7  # three batches or more were merged
    assert [(domain, names) for domain, names in extra if names] == []
    notes = app.env.domaindata["wikilink-links"]["notes"]
    assert len(notes) == 41  # and the main process has every note
    assert len(app.env.tocs) == len(app.env.titles) == 41
    assert "Note 1" in Path(app.outdir, "Note 0.html").read_text(encoding="utf-8")
    assert "Linked from" in Path(app.outdir, "Note 1.html").read_text(encoding="utf-8")
    # the environment saved for the next build has the whole project, as Sphinx's own class
    saved = pickle.loads(Path(app.doctreedir, "environment.pickle").read_bytes())
    assert type(saved.project) is Project
    assert set(saved.project.docnames) == set(app.env.found_docs) and len(app.env.found_docs) == 41


def test_resolved_doctrees_are_not_kept(make_app, sphinx_test_tempdir: Path) -> None:  # type: ignore[no-untyped-def]
    """Sphinx keeps the bytes of every doctree it loads for writing until the build ends
    (340 MB at 17,000 notes); each is let go once its page is resolved. (A serial build
    hands the doctrees it read straight to the writer; a parallel one loads them.)"""
    src = _vault(sphinx_test_tempdir / "doctree-cache", 8)
    app: SphinxTestApp = make_app("html", srcdir=src, parallel=2, freshenv=True)
    app.build()
    assert Path(app.outdir, "Note 3.html").exists()
    assert app.env._pickled_doctree_cache == {}


def test_no_spare_document_per_note(make_app, sphinx_test_tempdir: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """MyST's renderer built a docutils document per note and threw it away when given the
    note's own (3 % of a build, issue 18): none is built for a note now."""
    from myst_parser.mdit_to_docutils import base

    made: list[object] = []
    make_document = base.make_document

    def counting(*args: Any, **kwargs: Any) -> Any:
        made.append(args)
        return make_document(*args, **kwargs)

    monkeypatch.setattr(base, "make_document", counting)
    src = _vault(sphinx_test_tempdir / "perdocument-spare", 5)
    app: SphinxTestApp = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert "Note 1" in Path(app.outdir, "Note 0.html").read_text(encoding="utf-8")
    assert made == []


def test_per_link_records_carry_no_dict() -> None:
    """Issue 18: a link, a note's links and a heading are kept for every note of the vault
    (26,000 links at 2,000 generated notes); without a ``__dict__`` each, the main process
    holds 6 MB less there, 50 MB at 17,000 notes. They still pickle (the environment)."""
    from wikilink_ext.pages.linkdata import NoteLinks, OutLink
    from wikilink_ext.vault.index import Heading

    link = OutLink("Note 1", (), None, (("text", "see"),), "section", True, False)
    notes = NoteLinks(links=[link])
    heading = Heading("A heading", 2, "a-heading")
    for record in (link, notes, heading):
        assert not hasattr(record, "__dict__")
        assert pickle.loads(pickle.dumps(record, pickle.HIGHEST_PROTOCOL)) == record


def test_kept_pickled_reads_as_a_dict() -> None:
    data = PickledPerDocument({"a": [1], "b": [2]})
    data["c"] = [3]
    assert data.setdefault("d", [4]) == [4]
    assert data.setdefault("a", [99]) == [1]
    assert data["a"] == [1] and data.get("b") == [2] and data.get("zz", "none") == "none"
    assert "c" in data and "zz" not in data and len(data) == 4
    assert sorted(data) == ["a", "b", "c", "d"]
    assert dict(data.items()) == {"a": [1], "b": [2], "c": [3], "d": [4]}
    assert sorted(data.values()) == [[1], [2], [3], [4]]
    assert data == {"a": [1], "b": [2], "c": [3], "d": [4]}
    assert (data != {"a": [1], "b": [2], "c": [3], "d": [4]}) is False
    assert dict(data) == {**data} == {"a": [1], "b": [2], "c": [3], "d": [4]}  # not pickles
    assert data.pop("d") == [4] and data.pop("d", None) is None
    try:
        data.pop("d")
    except KeyError:
        pass
    else:
        raise AssertionError("pop of a missing key without a default")
    data["a"].append(5)  # a read is a copy: what was held is unchanged
    assert data["a"] == [1]
    assert all(type(raw) is bytes for raw in dict.values(data))  # held pickled


def test_kept_pickled_is_saved_and_loaded_as_it_is_held(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Saving the environment writes the pickles it holds, and loading keeps them: no entry
    is unpickled until it is read."""
    data = PickledPerDocument({"a": [1], "b": [2]})
    saved = pickle.dumps(data, pickle.HIGHEST_PROTOCOL)
    loads = pickle.loads
    calls: list[bytes] = []

    def counting(raw: bytes, *args: Any, **kwargs: Any) -> Any:
        calls.append(raw)
        return loads(raw, *args, **kwargs)

    monkeypatch.setattr(pickle, "loads", counting)
    copy = loads(saved)
    assert isinstance(copy, PickledPerDocument)
    assert calls == []
    assert copy["b"] == [2] and len(calls) == 1


def test_kept_pickled_worker_sends_back_only_what_it_wrote() -> None:
    data = PickledPerDocument({"old": 1})
    sent = pickle.loads(_pickled_in_child(data, lambda d: d.update(new=2)))  # type: ignore[arg-type]
    assert isinstance(sent, PickledPerDocument)
    assert sent == {"new": 2}


def _held(make: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        kept = make()
        held = tracemalloc.get_traced_memory()[0]
        del kept
        return held
    finally:
        tracemalloc.stop()


def test_tables_of_contents_are_held_pickled(make_app, sphinx_test_tempdir: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 18: Sphinx's tables of contents and titles, docutils nodes, were the biggest
    part of the main process at 17,000 notes; pickled, a tenth of that."""
    src = _vault(sphinx_test_tempdir / "perdocument-tocs", 30)
    for i in range(30):
        with (src / f"Note {i}.md").open("a", encoding="utf-8") as note:
            note.writelines(f"\n## Part {k} of note {i}\n\nWords.\n" for k in range(6))
    app: SphinxTestApp = make_app("html", srcdir=src, parallel=2, freshenv=True)
    app.build()
    for name in KEPT_PICKLED:
        assert isinstance(getattr(app.env, name), PickledPerDocument)
    tocs = dict(app.env.tocs.items())
    assert tocs["Note 4"].astext().count("Part") == 6
    as_objects = _held(lambda: pickle.loads(pickle.dumps(tocs)))
    as_pickles = _held(lambda: PickledPerDocument(tocs))
    assert as_pickles < as_objects / 4
    page = Path(app.outdir, "Note 4.html").read_text(encoding="utf-8")
    assert 'href="#part-5-of-note-4"' in page  # the page's own table of contents


def test_numbered_toctree_numbers_its_entries(make_app, sphinx_test_tempdir: Path) -> None:  # type: ignore[no-untyped-def]
    """Sphinx writes section numbers into the tables of contents and titles it holds: with
    a numbered toctree, those are held as objects, so the numbers are kept."""
    src = _vault(sphinx_test_tempdir / "perdocument-numbered", 2)
    (src / "index.md").write_text(
        "# Home\n\n```{toctree}\n:numbered:\n\nNote 0\nNote 1\n```\n", encoding="utf-8"
    )
    app: SphinxTestApp = make_app("html", srcdir=src, freshenv=True)
    app.build()
    home = Path(app.outdir, "index.html").read_text(encoding="utf-8")
    first = Path(app.outdir, "Note 0.html").read_text(encoding="utf-8")
    assert '">2. Note 1</a>' in home  # the toctree's entry
    assert '<span class="section-number">2. </span>Note 1' in first  # its "next" link
