"""A parallel write holds a bounded number of resolved pages ahead of its writers (issue 18:
the main process queued every resolved page, half the vault in memory at the end)."""

from __future__ import annotations

import multiprocessing
import threading
import time
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

from test_perdocument import _vault
from wikilink_ext.sphinx_ext import writepace
from wikilink_ext.sphinx_ext.domain import vault_domain
from wikilink_ext.sphinx_ext.writepace import WritePace, window


def test_window_is_two_of_sphinx_batches() -> None:
    assert window(17_000, 1) == 2 * 412 + 1
    assert window(8, 1) == 2 * 8 + 1
    assert window(2_000, 3) == 2 * 81 + 1


def test_main_process_waits_for_a_writer_that_progresses() -> None:
    pace = WritePace(multiprocessing.Value("q", 0), window=3)
    for _ in range(3):
        pace.page_resolved()  # 3 ahead: no wait

    def writer() -> None:
        for _ in range(5):
            time.sleep(0.05)
            pace.page_written()

    thread = threading.Thread(target=writer)
    thread.start()
    for _ in range(5):
        pace.page_resolved()
    thread.join()
    assert pace.most_ahead <= 4
    assert pace.written.value == 5


def test_an_idle_writer_is_not_waited_for() -> None:
    pace = WritePace(multiprocessing.Value("q", 0), window=2)
    start = time.monotonic()
    for _ in range(20):
        pace.page_resolved()
    assert time.monotonic() - start < 2 * writepace.STALL + 1  # one wait, not one per page
    assert pace.most_ahead == 20


def test_parallel_write_keeps_within_the_window(make_app, sphinx_test_tempdir: Path) -> None:  # type: ignore[no-untyped-def]
    src = _vault(sphinx_test_tempdir / "writepace", 60)
    # Sphinx's own parallel write (the main process resolves): the one paced here
    overrides = {"wikilink_parallel_write": False}
    app: SphinxTestApp = make_app(
        "html", srcdir=src, parallel=2, freshenv=True, confoverrides=overrides
    )
    app.build()
    pace = vault_domain(app.env).write_pace
    assert pace is not None
    assert pace.written.value >= 61
    assert pace.resolved == 61
    assert pace.window == window(61, 1)
    assert "Linked from" in Path(app.outdir, "Note 1.html").read_text(encoding="utf-8")
