"""``python -m wikilink_ext build``: a vault with no conf.py publishes with the defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_root
from wikilink_ext.cli import main, settings


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = copy_root("compat", tmp_path / "My Vault")
    (root / "conf.py").unlink()
    (root / "refs.bib").unlink()
    return root


def test_settings_without_configuration(vault: Path) -> None:
    values = settings(vault)
    assert values["extensions"] == ["wikilink_ext"]
    assert values["project"] == "My Vault"
    assert ".obsidian" in values["exclude_patterns"]


def test_pyproject_table_overrides(vault: Path) -> None:
    (vault / "pyproject.toml").write_text(
        '[tool.wikilink_ext]\nproject = "Garden"\nextensions = ["sphinx.ext.githubpages"]\n',
        encoding="utf-8",
    )
    values = settings(vault)
    assert values["project"] == "Garden"
    assert values["extensions"] == ["wikilink_ext", "sphinx.ext.githubpages"]


def test_build_html(vault: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    assert main(["build", str(vault), str(out), "-j", "1", "-q"]) == 0
    html = out / "html"
    assert 'url=Home.html"' in (html / "index.html").read_text(encoding="utf-8")
    assert "<title>Ideas" in (html / "Ideas.html").read_text(encoding="utf-8")
    err = capsys.readouterr().err
    assert "[wikilink.ignored]" in err  # the template link, located
    # -W: the same warning fails the build
    assert main(["build", str(vault), str(tmp_path / "strict"), "-j", "1", "-q", "-W"]) != 0


def test_conf_py_in_the_vault_wins(vault: Path, tmp_path: Path) -> None:
    (vault / "conf.py").write_text(
        'extensions = ["wikilink_ext"]\nproject = "From conf"\nroot_doc = "Ideas"\n',
        encoding="utf-8",
    )
    out = tmp_path / "site"
    assert main(["build", str(vault), str(out), "-j", "1", "-q"]) == 0
    assert (out / "html" / "Ideas.html").is_file()
    index = (out / "html" / "index.html").read_text(encoding="utf-8")
    assert "url=Ideas.html" in index


def test_vault_without_home_note_gets_a_generated_one(vault: Path, tmp_path: Path) -> None:
    (vault / "Home.md").unlink()
    out = tmp_path / "site"
    assert main(["build", str(vault), str(out), "-j", "1", "-q"]) == 0
    index = (out / "html" / "index.html").read_text(encoding="utf-8")
    assert "<h1>My Vault" in index
    assert 'href="Projects/Alpha/Plan.html"' in index
    assert not (vault / "index.md").exists()  # nothing is written into the vault


def test_not_a_folder(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        main(["build", str(tmp_path / "nope")])
