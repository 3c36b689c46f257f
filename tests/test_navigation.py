"""Navigation: one toctree of notes, one sidebar built once per build and shared by every page."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import copy_root
from wikilink_ext.pages.navigation import explorer_order, natural_key

ORDER = [
    "Zebra",
    "Note 10",
    "archive/Old",
    "Projects/2024/Q1",
    "Projects/Plan",
    "apple",
    "Banana",
    "Note 2",
]


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Note 10", "Note 2", "Note 1"], ["Note 1", "Note 2", "Note 10"]),
        (["banana", "Apple", "cherry"], ["Apple", "banana", "cherry"]),
        (["a10b2", "a10b10", "a9"], ["a9", "a10b2", "a10b10"]),
        (["b", "B"], ["B", "b"]),  # equal ignoring case: a stable, deterministic order
    ],
)
def test_natural_key(names: list[str], expected: list[str]) -> None:
    assert sorted(names, key=natural_key) == expected


def test_explorer_order_puts_folders_first_depth_first() -> None:
    docs = ["z", "a/x", "B/y", "a/b/c", "a/Note 10", "a/Note 9", "m"]
    assert explorer_order(docs) == ["a/b/c", "a/Note 9", "a/Note 10", "a/x", "B/y", "m", "z"]


@pytest.fixture
def vault(sphinx_test_tempdir: Path, request: pytest.FixtureRequest) -> Path:
    return copy_root("nav", sphinx_test_tempdir / f"nav-{request.node.name}")


def build(make_app: Callable[..., SphinxTestApp], src: Path, **kwargs: object) -> SphinxTestApp:
    app = make_app("html", srcdir=src, freshenv=False, **kwargs)
    written: list[str] = []
    app.connect("html-page-context", lambda a, page, *_: written.append(page))
    app.written = written  # type: ignore[attr-defined]
    app.build()
    return app


def page(app: SphinxTestApp, name: str) -> str:
    return Path(app.outdir, name + ".html").read_text(encoding="utf-8")


def sidebar(html: str) -> str:
    match = re.search(r'<div class="wikilink-nav".*?</div>', html, re.S)
    assert match, "no sidebar"
    return match.group(0)


def listings(app: SphinxTestApp) -> dict[str, list[list[Any]]]:
    """The sidebar's data as the browser gets it: each script under _static/wikilink-nav/."""
    found = {}
    for script in Path(app.outdir, "_static", "wikilink-nav").glob("*.js"):
        match = re.fullmatch(r'wikilinkNav\(("[^"]+"),(.*)\);\n', script.read_text("utf-8"), re.S)
        assert match, f"{script.name} is not a listing"
        found[json.loads(match.group(1))] = json.loads(match.group(2))
    return found


def explorer(app: SphinxTestApp) -> tuple[list[str], list[str]]:
    """The notes and folders of the whole tree, every listing opened, in order."""
    data = listings(app)
    docs: list[str] = []
    folders: list[str] = []

    def walk(name: str, folder: str) -> None:
        for entry in data[name]:
            if entry[0] == 0:
                docs.append(entry[1])
            elif entry[0] == 1:
                path = f"{folder}/{entry[1]}" if folder else entry[1]
                folders.append(path)
                walk(entry[2], path)
            else:
                walk(entry[3], folder)

    walk("root", "")
    return docs, folders


def test_toctree_holds_notes_in_home_then_explorer_order(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, vault)
    assert app.env.toctree_includes["index"] == ORDER
    assert "toc.not_included" not in app.warning.getvalue()
    # notes, not headings: the toctree entry of Q1 carries no sub-list of its sections
    assert "A heading" not in page(app, "Zebra").split('id="wikilink-nav"')[0]
    # previous/next follow the same order
    assert 'href="Note%2010.html"' in page(app, "Zebra").split('class="prev-next-area"')[-1]


def test_shared_tree_has_folders_in_explorer_order(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, vault)
    docs, folders = explorer(app)
    assert docs == ORDER[2:]  # the listed notes are above the tree, not in it
    assert folders == ["archive", "Projects", "Projects/2024"]
    data = listings(app)
    assert [0, "Projects/2024/Q1", "Projects/2024/Q1.html"] in data[
        next(e[2] for e in data[next(e[2] for e in data["root"] if e[1] == "Projects")])
    ]  # root-relative links, prefixed at view time
    assert "A heading" not in json.dumps(data)  # notes only


def test_each_page_has_its_branch_without_javascript(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, vault)
    nav = sidebar(page(app, "Projects/2024/Q1"))
    assert 'data-page="Projects/2024/Q1"' in nav
    # the listed notes, with links relative to this page
    assert 'href="../../Zebra.html"' in nav
    # the folders down to the page, open, and the page marked as current
    assert re.findall(r'<details open data-folder="([^"]+)"', nav) == ["Projects", "Projects/2024"]
    assert re.search(r'class="toctree-l3 current active" data-doc="Projects/2024/Q1"', nav)
    assert 'aria-current="page"' in nav
    # not the rest of the vault: that comes from the shared script
    assert "archive" not in nav and "Banana" not in nav
    # the listings the script loads to show the rest: the top folder, then down to the page
    data = listings(app)
    path = re.search(r'data-path="([^"]*)"', nav).group(1).split()  # type: ignore[union-attr]
    assert path[0] == "root" and [0, "Projects/2024/Q1", "Projects/2024/Q1.html"] in data[path[-1]]
    assert 'data-root="../../"' in nav
    script = r'<script defer="defer" src="../../_static/wikilink-nav\.js'
    assert re.search(script, page(app, "Projects/2024/Q1"))


def test_listed_page_is_marked_in_the_list(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, vault)
    nav = sidebar(page(app, "Note 10"))
    assert re.search(r'class="toctree-l1 current active" data-doc="Note 10"', nav)
    assert "<details" not in nav


def test_sidebar_is_not_the_themes_toctree(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, vault)
    html = page(app, "Banana")
    assert html.count('class="bd-links bd-docs-nav"') == 1
    assert "wikilink-nav" in html.split('class="bd-links bd-docs-nav"')[1][:200]


def test_tag_and_generated_pages_share_the_sidebar(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, vault)
    assert 'data-page="genindex"' in sidebar(page(app, "genindex"))
    tag = page(app, "tags/fruit")
    assert 'data-page="tags/fruit"' in sidebar(tag)
    assert 'data-root="../"' in sidebar(tag)


def test_edit_rewrites_only_that_page(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    build(make_app, vault)
    time.sleep(0.01)
    note = vault / "Banana.md"
    note.write_text(note.read_text() + "\nMore text.\n", encoding="utf-8")
    app = build(make_app, vault)
    assert app.env.all_docs  # the environment was loaded, not rebuilt
    notes = [p for p in app.written if p in ORDER or p == "index"]  # type: ignore[attr-defined]
    # Sphinx writes the note holding the toctree with any note it lists (its HTML is the same)
    assert sorted(notes) == ["Banana", "index"]


def test_edit_reads_only_that_note(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    build(make_app, vault)
    time.sleep(0.01)
    note = vault / "Projects" / "Plan.md"
    note.write_text(note.read_text() + "\nMore text.\n", encoding="utf-8")
    read: list[str] = []
    app = make_app("html", srcdir=vault, freshenv=False)
    app.connect("env-before-read-docs", lambda a, e, docs: read.extend(docs))
    app.build()
    assert read == ["Projects/Plan"]


def test_added_note_updates_every_sidebar(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    first = build(make_app, vault)
    digest = re.search(r'data-version="(\w+)"', page(first, "Banana"))
    time.sleep(0.01)
    (vault / "archive" / "Newer.md").write_text("# Newer\n", encoding="utf-8")
    app = build(make_app, vault)
    assert set(ORDER) <= set(app.written)  # type: ignore[attr-defined]
    assert "archive/Newer" in explorer(app)[0]
    assert digest and digest.group(1) not in page(app, "Banana")


def test_navigation_can_be_turned_off(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, vault, confoverrides={"wikilink_navigation": False})
    assert "wikilink-nav" not in page(app, "Banana")
    assert 'href="Zebra.html"' in page(app, "Banana")  # the theme's own sidebar


def _written_after(make_app, src: Path, edit: Callable[[], None]) -> list[str]:  # type: ignore[no-untyped-def]
    build(make_app, src)
    time.sleep(0.01)
    edit()
    app = build(make_app, src)
    return sorted(p for p in app.written if p in app.env.found_docs)  # type: ignore[attr-defined]


def test_heading_change_writes_only_notes_linking_into_it(
    make_app, sphinx_test_tempdir: Path
) -> None:  # type: ignore[no-untyped-def]
    src = copy_root("links", sphinx_test_tempdir / "nav-heading-change")
    (src / "Linker.md").write_text("# Linker\n\nSee [[Alpha]].\n", encoding="utf-8")
    (src / "Fragment.md").write_text("# Fragment\n\nSee [[Alpha#Other section]].\n", "utf-8")
    alpha = src / "Alpha.md"

    def append_heading() -> None:
        alpha.write_text(alpha.read_text() + "\n## Unlinked heading\n", encoding="utf-8")

    def rename_heading() -> None:
        alpha.write_text(alpha.read_text().replace("## Other section", "## Another"), "utf-8")

    # a heading nobody links to: Alpha, and index (Sphinx writes the note holding the toctree)
    assert _written_after(make_app, src, append_heading) == ["Alpha", "index"]
    # a heading Fragment and index link into: both written again, Linker (no heading) not
    written = _written_after(make_app, src, rename_heading)
    assert "Fragment" in written and "Linker" not in written
    assert (
        "Alpha.html#other-section" not in Path(src, "_build", "html", "Fragment.html").read_text()
    )
