"""``wikilink-ext serve``: the live preview rebuilds a saved note in the server's own process
with the Sphinx application it keeps, and the served site stays right (issue 18)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import zero_config_vault

MARKER = "EDITED-WHILE-SERVING"


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return zero_config_vault(tmp_path)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(url: str, ready: Callable[[str], bool], seconds: float = 180) -> str:
    deadline = time.monotonic() + seconds
    page = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                page = response.read().decode("utf-8")
            if ready(page):
                return page
        except OSError:
            pass
        time.sleep(0.3)
    return page


def _backlinks(page: str) -> str:
    start = page.find('id="wikilink-linked-from"')
    return page[start : page.find("</section>", start)] if start >= 0 else ""


def test_serve_shows_an_edit_and_the_new_link_in_the_targets_backlinks(
    vault: Path, tmp_path: Path
) -> None:
    port = _free_port()
    out = tmp_path / "serve"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    command = ["serve", str(vault), str(out), "--port", str(port), "-j", "1", "-q"]
    process = subprocess.Popen(
        [sys.executable, "-m", "wikilink_ext", *command],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        ideas = _wait_for(f"{base}/Ideas.html", lambda page: "Second idea" in page)
        assert "Second idea" in ideas and "Sections" not in _backlinks(ideas)
        assert "/websocket-reload" in ideas  # the page reloads itself on the next save
        note = vault / "Sections.md"
        text = note.read_text(encoding="utf-8")
        note.write_text(f"{text}\n\n{MARKER}: see [[Ideas]].\n", encoding="utf-8")
        edited = _wait_for(f"{base}/Sections.html", lambda page: MARKER in page)
        assert MARKER in edited
        ideas = _wait_for(f"{base}/Ideas.html", lambda page: "Sections" in _backlinks(page))
        assert "Sections" in _backlinks(ideas)  # the target's page was written again
        assert not (vault / "conf.py").exists()  # nothing written into the vault
    finally:
        process.terminate()
        process.wait(timeout=60)


def _reads(app: Any) -> list[list[str]]:
    """The notes each build of ``app`` reads."""
    reads: list[list[str]] = []
    app.connect("env-before-read-docs", lambda app, env, docnames: reads.append(list(docnames)))
    return reads


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """Four notes, with none of the test vault's odd file names (a note named with ``%25``
    is read again in every build that reads anything)."""
    root = tmp_path / "Small"
    root.mkdir()
    (root / ".obsidian").mkdir()
    for name, links in (("Home", "Sections, Gamma"), ("Sections", "Gamma"), ("Gamma", "")):
        text = f"# {name}\n\nAbout {name.lower()}."
        text += "".join(f" See [[{target.strip()}]]." for target in links.split(",") if target)
        (root / f"{name}.md").write_text(text + "\n", encoding="utf-8")
    (root / "Delta.md").write_text("# Delta\n\nLinks nowhere.\n", encoding="utf-8")
    return root


def test_a_rebuild_keeps_the_application_and_reads_only_the_saved_note(
    small: Path, tmp_path: Path
) -> None:
    from wikilink_ext.preview import Rebuilder

    vault = small
    rebuild = Rebuilder(vault, tmp_path / "out", jobs=1, quiet=True)
    try:
        rebuild(changed_paths=())
        app = rebuild.app
        reads = _reads(app)
        scripts = []
        for i in range(3):
            note = vault / "Sections.md"
            note.write_text(note.read_text(encoding="utf-8") + f"\n\nEdit {i}.\n", "utf-8")
            rebuild(changed_paths=[note.resolve()])
            assert rebuild.app is app  # the same application, its environment in memory
            scripts.append(len(app.registry.js_files))
        assert reads == [["Sections"]] * 3
        assert scripts[0] == scripts[1] == scripts[2]  # a page's own scripts do not pile up
        page = (tmp_path / "out" / "html" / "Sections.html").read_text(encoding="utf-8")
        assert "Edit 2." in page
    finally:
        rebuild.close()


def test_a_new_note_is_found_and_linked_to_without_a_restart(vault: Path, tmp_path: Path) -> None:
    from wikilink_ext.preview import Rebuilder

    rebuild = Rebuilder(vault, tmp_path / "out", jobs=1, quiet=True)
    try:
        rebuild(changed_paths=())
        fresh = vault / "Fresh idea.md"
        fresh.write_text("# Fresh idea\n\nWritten while the preview runs.\n", "utf-8")
        note = vault / "Sections.md"
        note.write_text(note.read_text(encoding="utf-8") + "\n\nSee [[Fresh idea]].\n", "utf-8")
        rebuild(changed_paths=[fresh.resolve(), note.resolve()])
        html = tmp_path / "out" / "html"
        assert "Written while the preview runs" in (html / "Fresh idea.html").read_text("utf-8")
        page = (html / "Sections.html").read_text(encoding="utf-8")
        assert 'href="Fresh%20idea.html"' in page  # resolved: the vault was scanned again
        assert "Sections" in _backlinks((html / "Fresh idea.html").read_text("utf-8"))
    finally:
        rebuild.close()


def test_a_saved_configuration_starts_a_new_application(vault: Path, tmp_path: Path) -> None:
    from wikilink_ext.preview import Rebuilder

    rebuild = Rebuilder(vault, tmp_path / "out", jobs=1, quiet=True)
    try:
        rebuild(changed_paths=())
        first = rebuild.app
        pyproject = vault / "pyproject.toml"
        pyproject.write_text('[tool.wikilink_ext]\nproject = "Renamed Garden"\n', "utf-8")
        rebuild(changed_paths=[pyproject.resolve()])
        assert rebuild.app is not first
        page = (tmp_path / "out" / "html" / "Ideas.html").read_text(encoding="utf-8")
        assert "Renamed Garden" in page
    finally:
        rebuild.close()


def test_a_theme_that_is_not_installed_is_one_line_and_no_server(
    small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from wikilink_ext.cli import main

    (small / "pyproject.toml").write_text('[tool.wikilink_ext]\nhtml_theme = "no_such_theme"\n')
    code = main(["serve", str(small), str(tmp_path / "out"), "--port", "0", "-j", "1", "-q"])
    err = capsys.readouterr().err
    assert code == 2 and "no_such_theme" in err and "Traceback" not in err
    assert len([line for line in err.splitlines() if "wikilink-ext" in line]) == 1


def _pages(html: Path) -> dict[str, str]:
    """Every page of a site, by its path (the reader's view: HTML, not Sphinx's own data)."""
    return {
        page.relative_to(html).as_posix(): page.read_text(encoding="utf-8")
        for page in sorted(html.rglob("*.html"))
        if "_static" not in page.relative_to(html).parts
    }


CLEAN_BUILD = """
import sys
from pathlib import Path
from wikilink_ext.preview import Rebuilder
clean = Rebuilder(Path(sys.argv[1]), Path(sys.argv[2]), jobs=1, quiet=True)
clean(changed_paths=())
clean.close()
sys.exit(1 if clean.failure else 0)
"""


def _clean_build(vault: Path, out: Path) -> dict[str, str]:
    """The site a first build of the vault writes, as the preview makes it (in a process
    of its own: two applications in one would share docutils' registries)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    command = [sys.executable, "-c", CLEAN_BUILD, str(vault), str(out)]
    subprocess.run(command, env=env, check=True, capture_output=True)
    return _pages(out / "html")


def test_every_kind_of_save_shows_what_a_clean_build_shows(small: Path, tmp_path: Path) -> None:
    """Edits in place (a title, an alias, a tag, a new link) take the rescan of the saved
    paths only; a new, a deleted and a renamed note the walk of the whole vault. After each
    save the site served equals a clean build of the vault as it is then, page for page."""
    from wikilink_ext.preview import Rebuilder

    vault = small
    gamma, delta = vault / "Gamma.md", vault / "Delta.md"
    saves: list[tuple[str, Callable[[], list[Path]]]] = [
        (
            "title, alias and tag",
            lambda: [
                _write(
                    gamma, "---\naliases: [G-ray]\ntags: [physics]\n---\n# Gamma ray\n\nAbout.\n"
                )
            ],
        ),
        ("a link to the alias", lambda: [_write(delta, "# Delta\n\nSee [[G-ray]].\n")]),
        (
            "a new note",
            lambda: [_write(vault / "Epsilon.md", "# Epsilon\n\nAfter [[Delta]].\n")],
        ),
        (
            "a tag changed",
            lambda: [_write(gamma, gamma.read_text("utf-8").replace("physics", "optics"))],
        ),
        ("a note deleted", lambda: [_delete(vault / "Sections.md")]),
        ("a note renamed", lambda: _rename(delta, vault / "Delta prime.md")),
    ]
    rebuild = Rebuilder(vault, tmp_path / "out", jobs=1, quiet=True)
    try:
        rebuild(changed_paths=())
        for i, (what, save) in enumerate(saves):
            rebuild(changed_paths=[p.resolve() for p in save()])
            assert rebuild.app is not None, rebuild.failure
            served = _pages(tmp_path / "out" / "html")
            clean = _clean_build(vault, tmp_path / f"clean-{i}")
            assert served.keys() == clean.keys(), what
            for page, text in clean.items():
                assert served[page] == text, f"{what}: {page}"
    finally:
        rebuild.close()


def _write(path: Path, text: str) -> Path:
    time.sleep(0.01)  # a new modification time even on a coarse clock
    path.write_text(text, encoding="utf-8")
    return path


def _delete(path: Path) -> Path:
    path.unlink()
    return path


def _rename(path: Path, to: Path) -> list[Path]:
    path.rename(to)
    return [path, to]


def _walks(monkeypatch: pytest.MonkeyPatch, vault: Path) -> list[str]:
    """The folders of the vault walked from now on (the scan's, Sphinx's discovery's)."""
    walked: list[str] = []
    real = os.walk

    def walk(top: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(top).resolve().is_relative_to(vault.resolve()):
            walked.append(str(top))
        return real(top, *args, **kwargs)

    monkeypatch.setattr(os, "walk", walk)
    return walked


def test_a_saved_note_is_not_a_walk_of_the_vault(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A note edited in place is read again alone: neither the scan nor Sphinx's list of
    documents walks the vault for it; a new note is a walk (its place is the walk's)."""
    from wikilink_ext.preview import Rebuilder

    vault = small
    rebuild = Rebuilder(vault, tmp_path / "out", jobs=1, quiet=True)
    try:
        rebuild(changed_paths=())
        walked = _walks(monkeypatch, vault)
        note = _write(vault / "Gamma.md", "---\naliases: [G]\n---\n# Gamma\n\nEdited.\n")
        rebuild(changed_paths=[note.resolve()])
        rebuild(changed_paths=[note.resolve()])  # the second save of the same note
        picture = vault / "picture.png"
        picture.write_bytes(b"\x89PNG")
        _write(note, note.read_text("utf-8") + "\nMore.\n")  # saved through a temporary file
        rebuild(changed_paths=[(vault / "4913").resolve(), picture.resolve(), note.resolve()])
        assert walked == []
        assert rebuild.app.env.domains["wikilink"].scan.notes["Gamma"].aliases == ("G",)
        fresh = _write(vault / "Fresh.md", "# Fresh\n\nNew.\n")
        rebuild(changed_paths=[fresh.resolve()])
        assert walked  # a new note: the whole vault, as a clean build sees it
        assert (tmp_path / "out" / "html" / "Fresh.html").is_file()
    finally:
        rebuild.close()


def test_the_graph_page_is_written_again_only_when_the_graph_changed(
    small: Path, tmp_path: Path
) -> None:
    from wikilink_ext.preview import Rebuilder

    vault = small
    graph = tmp_path / "out" / "html" / "graph.html"
    rebuild = Rebuilder(vault, tmp_path / "out", jobs=1, quiet=True)
    try:
        rebuild(changed_paths=())
        written = graph.stat().st_mtime_ns
        delta = _write(vault / "Delta.md", "# Delta\n\nStill links nowhere, in other words.\n")
        rebuild(changed_paths=[delta.resolve()])
        assert graph.stat().st_mtime_ns == written  # no title, link or tag changed
        _write(delta, "# Delta\n\nNow links to [[Gamma]].\n")
        rebuild(changed_paths=[delta.resolve()])
        assert graph.stat().st_mtime_ns != written
        assert 'Delta</a> → <a href="Gamma.html">Gamma</a>' in graph.read_text("utf-8")
    finally:
        rebuild.close()


def test_the_environment_is_saved_when_the_preview_stops_not_on_every_save(
    small: Path, tmp_path: Path
) -> None:
    """Sphinx pickles the whole environment after every build that read a note; the
    preview keeps it in memory and writes it once, when it stops: the next preview of the
    same output reads nothing again."""
    from wikilink_ext.preview import Rebuilder

    vault = small
    saved = tmp_path / "out" / ".doctrees" / "environment.pickle"
    rebuild = Rebuilder(vault, tmp_path / "out", jobs=1, quiet=True)
    try:
        rebuild(changed_paths=())
        first = saved.read_bytes()
        note = _write(vault / "Sections.md", "# Sections\n\nSee [[Delta]] now.\n")
        rebuild(changed_paths=[note.resolve()])
        assert saved.read_bytes() == first  # not pickled again for a save
    finally:
        rebuild.close()
    assert saved.read_bytes() != first  # the preview stopped: its environment is on disk
    again = Rebuilder(vault, tmp_path / "out", jobs=1, quiet=True)
    try:
        reads: list[list[str]] = []
        again._start()
        again.app.connect(
            "env-before-read-docs", lambda app, env, docnames: reads.append(list(docnames))
        )
        again.app.build()
        assert reads == [[]]
    finally:
        again.close()


def test_a_new_application_finds_the_mathjax_path_it_saved(
    small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Sphinx compares the saved configuration with the one it reads at start, before the
    builder exists: the offline MathJax chosen later differed at every start. (The
    themes' and MyST's own changes at that point are theirs.)"""
    from wikilink_ext.preview import Rebuilder

    for _ in range(2):
        rebuild = Rebuilder(small, tmp_path / "out", jobs=1, quiet=False)
        try:
            rebuild(changed_paths=())
        finally:
            rebuild.close()
    status = capsys.readouterr().out
    assert "loading pickled environment" in status
    assert "mathjax_path" not in status
