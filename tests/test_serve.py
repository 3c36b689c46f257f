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
