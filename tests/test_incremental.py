"""Incremental builds re-resolve the notes that link to whatever changed; -j builds match."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import copy_root
from edits import edit

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def vault(sphinx_test_tempdir: Path, request: pytest.FixtureRequest) -> Path:
    return copy_root("links", sphinx_test_tempdir / f"incremental-{request.node.name}")


def build(make_app: Callable[..., SphinxTestApp], src: Path, **kwargs: object) -> SphinxTestApp:
    app = make_app("html", srcdir=src, freshenv=False, **kwargs)
    app.build()
    return app


def page(app: SphinxTestApp, name: str) -> str:
    return Path(app.outdir, name + ".html").read_text(encoding="utf-8")


def warned(app: SphinxTestApp) -> str:
    return ANSI.sub("", app.warning.getvalue())


def test_renamed_heading_re_resolves_linking_notes(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    build(make_app, vault)
    alpha = vault / "Alpha.md"
    edit(alpha, alpha.read_text().replace("## Second section", "## Renamed section"))
    app = build(make_app, vault)
    assert "'Alpha' has no heading 'Second section'" in warned(app)
    assert "index.md" in warned(app)  # index.md was not edited, but is written again
    assert 'href="Alpha.html#second-section"' not in page(app, "index")


def test_added_note_resolves_a_formerly_missing_link(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    index = vault / "index.md"
    edit(index, index.read_text() + "\nSee [[Newcomer]].\n")
    first = build(make_app, vault)
    assert "no note or file named 'Newcomer'" in warned(first)
    edit(vault / "Newcomer.md", "# Newcomer\n")
    app = build(make_app, vault)
    assert 'href="Newcomer.html"' in page(app, "index")
    assert "Newcomer" in app.env.toctree_includes["index"]


def test_deleted_note_becomes_a_broken_link(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    build(make_app, vault)
    (vault / "Beta.md").unlink()
    app = build(make_app, vault)
    assert "no note or file named 'beta'" in warned(app)
    assert 'href="Beta.html"' not in page(app, "index")
    assert "Beta" not in app.env.toctree_includes["index"]


def test_renamed_note(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    build(make_app, vault)
    (vault / "Beta.md").rename(vault / "Bravo.md")
    index = vault / "index.md"
    app = build(make_app, vault)
    assert "no note or file named 'beta'" in warned(app)
    edit(index, index.read_text().replace("[[beta]]", "[[Bravo]]"))
    app = build(make_app, vault)
    assert 'href="Bravo.html"' in page(app, "index")


def test_removed_block_id(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    build(make_app, vault)
    alpha = vault / "Alpha.md"
    edit(alpha, alpha.read_text().replace(" ^para-one", ""))
    app = build(make_app, vault)
    assert "'Alpha' has no block ^para-one" in warned(app)


def test_edited_embedded_note_rebuilds_the_embedding_note(make_app, sphinx_test_tempdir) -> None:  # type: ignore[no-untyped-def]
    src = copy_root("embeds", sphinx_test_tempdir / "incremental-embeds")
    build(make_app, src)
    source = src / "Source.md"
    edit(source, source.read_text().replace("Second part text.", "Second part, edited."))
    app = build(make_app, src)
    assert "Second part, edited." in page(app, "index")


def _pages(outdir: Path) -> dict[str, str]:
    found = {}
    for path in sorted(outdir.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        # drop what legitimately differs between two builds (asset hashes)
        found[str(path.relative_to(outdir))] = re.sub(r"\?v=[0-9a-f]+", "", text)
    return found


def test_parallel_build_matches_serial(make_app, sphinx_test_tempdir) -> None:  # type: ignore[no-untyped-def]
    outputs = []
    for jobs in (1, 2):
        # same folder name: the project is named after the vault's folder
        src = copy_root("links", sphinx_test_tempdir / f"parallel-{jobs}" / "links")
        app = make_app("html", srcdir=src, parallel=jobs, freshenv=True)
        app.build()
        # (re-creating apps in one process repeats "already registered" notices: not ours)
        assert not [line for line in warned(app).splitlines() if ".md:" in line]
        assert app.parallel == jobs
        outputs.append(_pages(Path(app.outdir)))
    assert outputs[0] == outputs[1]


def test_a_note_renamed_for_sphinx_is_read_once(make_app, sphinx_test_tempdir) -> None:  # type: ignore[no-untyped-def]
    """``145%.md`` is the document ``145%25``: a rebuild with nothing changed reads nothing,
    and an edit of it reads it (and only it) again."""
    src = copy_root("links", sphinx_test_tempdir / "incremental-renamed")
    (src / "145%.md").write_text("# 145%\n\nSee [[Alpha]].\n", encoding="utf-8")
    reads: list[list[str]] = []

    def counting(**kwargs: object) -> SphinxTestApp:
        app = make_app("html", srcdir=src, freshenv=False, **kwargs)
        app.connect(
            "env-before-read-docs", lambda app, env, docnames: reads.append(sorted(docnames))
        )
        app.build()
        return app

    counting()
    assert "145%25" in reads[-1]
    counting()
    assert reads[-1] == []
    edit(src / "145%.md", "# 145%\n\nSee [[Alpha]] again.\n")
    app = counting()
    assert reads[-1] == ["145%25"]
    assert "again" in page(app, "145%25")
