"""The live preview's rescan of the paths a save changed (issue 18): for what it handles, the
same scan as a walk of the whole vault; for anything else, None (the preview walks)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from wikilink_ext.vault.scan import VaultScan, rescan_vault, scan_vault

IGNORE = ["Drafts"]


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    (root / "Part").mkdir(parents=True)
    (root / "Drafts").mkdir()
    (root / ".obsidian").mkdir()
    (root / "Home.md").write_text("# Home\n\n[[Note]]\n", "utf-8")
    (root / "Part" / "Note.md").write_text("---\naliases: [N]\n---\n# Note\n", "utf-8")
    (root / "Part" / "Odd.md").write_text("---\ntags: {a: 1}\n---\n# Odd\n", "utf-8")
    (root / "Drafts" / "Draft.md").write_text("# Draft\n", "utf-8")
    (root / "Part" / "figure.png").write_bytes(b"\x89PNG")
    return root


def _same(rescanned: VaultScan | None, root: Path) -> None:
    assert rescanned is not None
    walked = scan_vault(root, ignore=IGNORE)
    assert rescanned.notes == walked.notes
    assert list(rescanned.notes) == list(walked.notes)
    assert rescanned.attachments == walked.attachments
    assert rescanned.problems == walked.problems
    assert (rescanned.paths, rescanned.ignored, rescanned.skipped) == (
        walked.paths,
        walked.ignored,
        walked.skipped,
    )


def _save(path: Path, text: str) -> None:
    time.sleep(0.01)  # another modification time
    path.write_text(text, encoding="utf-8")


HANDLED: list[tuple[str, Callable[[Path], list[str]]]] = [
    ("an alias changed", lambda r: [_edit(r, "Part/Note.md", "---\naliases: [M]\n---\n# N\n")]),
    ("unpublished", lambda r: [_edit(r, "Part/Note.md", "---\npublish: false\n---\n# N\n")]),
    ("problems changed", lambda r: [_edit(r, "Part/Odd.md", "---\naliases: {b: 2}\n---\n")]),
    ("problems gone", lambda r: [_edit(r, "Part/Odd.md", "# Odd, fixed\n")]),
    ("an attachment added", lambda r: [_add(r, "Part/chart.svg")]),
    ("an attachment deleted", lambda r: [_remove(r, "Part/figure.png")]),
    ("a temporary file came and went", lambda _: ["Part/4913", "Part/Note.md~"]),
    ("a hidden file", lambda r: [_add(r, ".DS_Store"), _add(r, "Part/.Note.md.swp")]),
    ("in the settings folder", lambda r: [_add(r, ".obsidian/workspace.json")]),
    ("saved unchanged", lambda _: ["Home.md"]),
]


def _edit(root: Path, relpath: str, text: str) -> str:
    _save(root / relpath, text)
    return relpath


def _add(root: Path, relpath: str) -> str:
    (root / relpath).write_bytes(b"data")
    return relpath


def _remove(root: Path, relpath: str) -> str:
    (root / relpath).unlink()
    return relpath


@pytest.mark.parametrize(("what", "save"), HANDLED, ids=[w for w, _ in HANDLED])
def test_a_rescan_of_the_saved_paths_is_the_walk(
    vault: Path, what: str, save: Callable[[Path], list[str]]
) -> None:
    before = scan_vault(vault, ignore=IGNORE)
    _same(rescan_vault(vault, before, save(vault), IGNORE), vault)


WALKED: list[tuple[str, Callable[[Path], list[str]]]] = [
    ("a new note", lambda r: [_edit(r, "New.md", "# New\n")]),
    ("a note deleted", lambda r: [_remove(r, "Home.md")]),
    ("a note renamed", lambda r: [_rename(r, "Home.md", "Start.md"), "Start.md"]),
    ("a folder moved", lambda r: [_rename(r, "Part", "Chapter"), "Chapter"]),
    ("problems appear", lambda r: [_edit(r, "Home.md", "---\ntags: {a: 1}\n---\n")]),
    ("an ignored note", lambda r: [_edit(r, "Drafts/Draft.md", "# Draft 2\n")]),
    ("a hidden note", lambda r: [_edit(r, ".Hidden.md", "# Hidden\n")]),
    ("the trash", lambda r: [_edit(r, ".trash/Old.md", "# Old\n")]),
    ("a symlink", lambda r: [_link(r, "Part/Alias.md", "Home.md")]),
]


def _rename(root: Path, relpath: str, to: str) -> str:
    (root / relpath).rename(root / to)
    return relpath


def _link(root: Path, relpath: str, to: str) -> str:
    (root / relpath).symlink_to(root / to)
    return relpath


@pytest.mark.parametrize(("what", "save"), WALKED, ids=[w for w, _ in WALKED])
def test_what_only_a_walk_can_tell_gives_none(
    vault: Path, what: str, save: Callable[[Path], list[str]]
) -> None:
    (vault / ".trash").mkdir()
    before = scan_vault(vault, ignore=IGNORE)
    assert rescan_vault(vault, before, save(vault), IGNORE) is None
