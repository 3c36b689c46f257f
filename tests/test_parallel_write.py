"""With ``-j`` and Pagefind, every process resolves and writes its own pages (issue 18:
Sphinx resolved every page in the main process and wrote with one process on two cores).

The pages are those of a serial build, byte for byte; every image and attachment is copied;
Sphinx's own search index is not built, an empty one keeps the theme's search page whole
and loads again without a warning."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import copy_root
from wikilink_ext.pages.search import pagefind_available
from wikilink_ext.sphinx_ext import parallelwrite

pytestmark = pytest.mark.skipif(not pagefind_available(), reason="pagefind is a dependency")


def _build(make_app: Any, src: Path, parallel: int, **overrides: Any) -> tuple[Any, set[int]]:
    """The build, and the processes that resolved its pages (recorded in a file: the
    writers are forked)."""
    app: SphinxTestApp = make_app(
        "html", srcdir=src, parallel=parallel, freshenv=True, confoverrides=overrides
    )
    pids = src / "resolved-by.txt"
    pids.unlink(missing_ok=True)

    def record(app: Any, doctree: Any, docname: str) -> None:
        with open(pids, "a", encoding="utf-8") as out:
            out.write(f"{os.getpid()}\n")

    app.connect("doctree-resolved", record)
    app.build()
    return app, {int(line) for line in pids.read_text(encoding="utf-8").split()}


def _pages(outdir: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(outdir)): p.read_bytes()
        for p in sorted(outdir.rglob("*"))
        if p.is_file() and p.suffix in {".html", ".png", ".jpg", ".svg", ".pdf", ".txt"}
    }


def test_every_writer_resolves_its_pages_and_writes_what_a_serial_build_writes(
    make_app: Any, tmp_path: Path
) -> None:
    serial_src = copy_root("compat", tmp_path / "serial" / "My Vault")
    parallel_src = copy_root("compat", tmp_path / "parallel" / "My Vault")
    serial, _ = _build(make_app, serial_src, 1)
    parallel, resolvers = _build(make_app, parallel_src, 2)

    assert parallelwrite.installed(parallel.builder)
    assert os.getpid() in resolvers  # the first page, which compiles the templates
    assert len(resolvers - {os.getpid()}) >= 2, "the writers resolve the pages"
    written, expected = _pages(Path(parallel.outdir)), _pages(Path(serial.outdir))
    assert sorted(written) == sorted(expected)
    assert any(name.startswith("_images") for name in written)
    different = [name for name in expected if written[name] != expected[name]]
    assert not different


def test_sphinx_index_is_empty_and_loads_again_without_a_warning(
    make_app: Any, tmp_path: Path
) -> None:
    src = copy_root("compat", tmp_path / "My Vault")
    app, _ = _build(make_app, src, 2)
    index = Path(app.outdir, "searchindex.js").read_text(encoding="utf-8")
    assert index.startswith("Search.setIndex(")
    assert '"docnames":[]' in index
    assert "Ideas" not in index
    (src / "Ideas.md").write_text(
        (src / "Ideas.md").read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8"
    )
    again: SphinxTestApp = make_app("html", srcdir=src, parallel=2)
    again.build()
    assert "search index couldn't be loaded" not in again._warning.getvalue()


def test_sphinx_write_comes_back_when_turned_off(make_app: Any, tmp_path: Path) -> None:
    src = copy_root("compat", tmp_path / "My Vault")
    app, resolvers = _build(make_app, src, 2, wikilink_parallel_write=False)
    assert not parallelwrite.installed(app.builder)
    assert resolvers == {os.getpid()}
    shutil.rmtree(app.outdir)
