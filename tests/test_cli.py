"""``python -m wikilink_ext build``: a vault with no conf.py publishes with the defaults."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import ROOTS, zero_config_vault
from wikilink_ext.cli import _sphinx, main, settings


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return zero_config_vault(tmp_path)


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


def test_drafts_and_private_folders_stay_out_by_default_and_other_underscore_folders_show(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Obsidian shows ``_`` folders; the two names that say "not for readers" stay out."""
    vault = tmp_path / "Garden"
    for path, text in {
        "Home.md": "# Home\n\n[[Seen]]\n",
        "_notes/Seen.md": "# Seen\n\nSEEN-TEXT\n",
        "_drafts/Draft.md": "# Draft\n\nDRAFT-CANARY\n",
        "Work/Private/Secret.md": "# Secret\n\nPRIVATE-CANARY\n",
    }.items():
        (vault / path).parent.mkdir(parents=True, exist_ok=True)
        (vault / path).write_text(text, encoding="utf-8")
    out = tmp_path / "site"
    assert main(["build", str(vault), str(out), "-j", "1", "-q"]) == 0
    assert "SEEN-TEXT" in (out / "html" / "_notes" / "Seen.html").read_text(encoding="utf-8")
    for page in (out / "html").rglob("*"):
        if page.is_file():
            data = page.read_bytes()
            assert b"DRAFT-CANARY" not in data and b"PRIVATE-CANARY" not in data, page
    err = capsys.readouterr().err
    assert err.count("[wikilink.excluded]") == 1
    assert "2 note(s) in 2 folder(s)" in err


def test_not_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "note.md").write_text("# a\n", encoding="utf-8")
    assert main(["build", str(tmp_path / "note.md")]) == 2
    assert "is a file; give the vault's folder" in capsys.readouterr().err


# -- issue 18: errors and help, --pdf, warnings that stay, generic words, serve --------------


def _err(capsys: pytest.CaptureFixture[str]) -> str:
    return capsys.readouterr().err


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["build", "{vault}", "-j", "abc"], "argument -j/--jobs: must be 'auto' or a whole number"),
        (["build", "{tmp}/missing"], "missing: no such folder"),
        (["build", "{tmp}/empty"], "no notes (*.md) in this folder"),
        (["build", "{vault}", "{vault}/site"], "the output folder is inside the vault"),
    ],
)
def test_a_users_mistake_is_one_line_and_no_traceback(
    vault: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    arguments: list[str],
    message: str,
) -> None:
    (tmp_path / "empty").mkdir()
    argv = [a.format(vault=vault, tmp=tmp_path) for a in arguments]
    try:
        code = main(argv)
    except SystemExit as exit:  # argparse's own usage errors
        code = int(exit.code or 0)
    err = _err(capsys)
    assert code == 2 and message in err and "Traceback" not in err


def test_invalid_pyproject_and_missing_theme_are_one_line(
    vault: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (vault / "pyproject.toml").write_text("[tool.wikilink_ext\n", encoding="utf-8")
    assert main(["build", str(vault), str(tmp_path / "a"), "-q"]) == 2
    assert "pyproject.toml: not valid TOML" in _err(capsys)
    (vault / "pyproject.toml").write_text(
        '[tool.wikilink_ext]\nhtml_theme = "nope"\n', encoding="utf-8"
    )
    assert main(["build", str(vault), str(tmp_path / "b"), "-q", "-j", "1"]) == 2
    assert "no theme named 'nope'" in _err(capsys)


def test_version_and_options_anywhere(
    vault: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.startswith("wikilink-ext 0.1.0")
    out = tmp_path / "site"
    assert main(["-q", "build", "-j", "1", str(vault), "-q", str(out)]) == 0
    assert (out / "html" / "index.html").is_file()


def test_build_help_names_the_configuration_and_the_layout(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    text = capsys.readouterr().out
    for needed in ("conf.py", "[tool.wikilink_ext]", "OUT/html/", "OUT/latex/", "OUT/.doctrees/"):
        assert needed in text


def test_warnings_stay_on_a_rebuild(
    vault: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(ROOTS / "test-compat" / "refs.bib", vault)  # [@alice] warns while read
    out = tmp_path / "site"
    for build in range(4):  # nothing changed after the first: the same warnings, the same status
        code = main(["build", str(vault), str(out), "-j", "1", "-q", "-W"])
        err = _err(capsys)
        found = ("[wikilink.ignored]" in err, "[wikilink.citation]" in err)  # written, read
        assert (build, code, found) == (build, 1, (True, True))
        if build == 1:  # another builder on the same saved state (as --pdf does) in between
            assert _sphinx(vault, out, "latex", jobs=1, strict=False, quiet=True)[0] == 0
            assert "[wikilink.citation]" in _err(capsys)


def test_warnings_stay_with_parallel_builds(
    vault: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "site"
    counts = []
    for _ in range(2):
        main(["build", str(vault), str(out), "-j", "2", "-q"])
        counts.append(_err(capsys).count("WARNING"))
    assert counts[0] == counts[1] > 0


def test_generic_words_on_a_garden(vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert main(["build", str(vault), str(out), "-j", "1", "-q"]) == 0
    pages = [p.read_text(encoding="utf-8") for p in (out / "html").glob("*.html")]
    text = "\n".join(pages)
    assert "Author name not set" not in text and "©" not in text and "&#169;" not in text
    assert "of the book" not in text and "whole book" not in text and "Book graph" not in text
    assert 'class="wikilink-graph-link" href="graph.html">Graph</a>' in text
    assert "<h1>Graph of My Vault</h1>" in (out / "html" / "graph.html").read_text(encoding="utf-8")


def test_the_book_keeps_its_words() -> None:
    conf = (Path(__file__).parents[1] / "book" / "conf.py").read_text(encoding="utf-8")
    assert 'wikilink_graph_title = "Graph of the book"' in conf


@pytest.mark.skipif(shutil.which("latexmk") is None, reason="needs TeX Live (latexmk)")
def test_pdf_builds_html_and_the_pdf_quietly_without_xindy(
    vault: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "site"
    bare = tmp_path / "bin"  # a PATH without xindy, as the README's TeX packages give
    bare.mkdir()
    for tool in ("make", "latexmk", "xelatex", "makeindex", "perl", "kpsewhich", "sh"):
        found = shutil.which(tool)
        if found:
            (bare / tool).symlink_to(found)
    path = os.environ["PATH"]
    os.environ["PATH"] = f"{bare}:{':'.join(p for p in path.split(':') if 'tex' in p)}"
    try:
        assert shutil.which("xindy") is None
        assert main(["build", str(vault), str(out), "--pdf", "-q", "-j", "1"]) == 0
    finally:
        os.environ["PATH"] = path
    captured = capfd.readouterr()
    pdfs = list((out / "latex").glob("*.pdf"))
    assert (out / "html" / "index.html").is_file() and len(pdfs) == 1
    pdf = pdfs[0]
    assert f"wikilink-ext: PDF {pdf}" in captured.out
    assert len(captured.out.splitlines()) <= 3  # quiet: no latexmk transcript
