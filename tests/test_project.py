"""The project's shape: pure modules stay pure, MyST keeps the seams we use, the files that
describe the project agree with each other, and the book's bibliography passes its check."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

import wikilink_ext

ROOT = Path(__file__).resolve().parent.parent
# Every module of the pure layers: syntax/, vault/ and bib/ import no Sphinx or docutils.
PURE = sorted(
    ".".join(path.relative_to(ROOT / "src" / "wikilink_ext").with_suffix("").parts)
    for folder in ("syntax", "vault", "bib")
    for path in (ROOT / "src" / "wikilink_ext" / folder).glob("*.py")
)


@pytest.mark.parametrize("module", PURE)
def test_pure_modules_import_neither_sphinx_nor_docutils(module: str) -> None:
    code = (
        f"import sys; import wikilink_ext.{module}; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('sphinx', 'docutils', "
        "'myst_parser')); print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def _imports(path: Path) -> set[str]:
    """Modules a file imports, relative ones as written (``.renderer``, ``.embeds``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            found.add(base)
            joiner = "" if base.endswith(".") else "."
            found.update(base + joiner + alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_embeds_do_not_import_the_renderer() -> None:
    """STYLE.md: the renderer uses embedding; embedding gets the renderer's services passed in."""
    embeds = ROOT / "src" / "wikilink_ext" / "sphinx_ext" / "embeds.py"
    assert not {".renderer", "..sphinx.renderer"} & _imports(embeds)
    renderer = ROOT / "src" / "wikilink_ext" / "sphinx_ext" / "renderer.py"
    assert ".embeds" in _imports(renderer)


def test_myst_parser_has_the_shape_we_extend() -> None:
    """ObsidianParser repeats MystParser.parse with our plugins: fail loudly if MyST moves."""
    from myst_parser.config.main import merge_file_level, read_topmatter
    from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
    from myst_parser.parsers.mdit import create_md_parser
    from myst_parser.parsers.sphinx_ import MystParser

    source = inspect.getsource(MystParser.parse)
    assert "create_md_parser(config, SphinxRenderer)" in source
    assert "read_topmatter" in source and "merge_file_level" in source
    assert list(inspect.signature(create_md_parser).parameters) == ["config", "renderer"]
    for method in (
        "render_paragraph",
        "render_list_item",
        "render_link_unknown",
        "render_html_inline",
        "run_directive",
        "nested_render_text",
        "_render_tokens",
        "add_line_and_source_path",
        "current_node_context",
    ):
        assert hasattr(SphinxRenderer, method), method
    assert callable(read_topmatter) and callable(merge_file_level)


def test_readthedocs_builds_what_nox_builds() -> None:
    rtd = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text())
    noxfile = (ROOT / "noxfile.py").read_text()
    assert rtd["version"] == 2
    assert rtd["sphinx"]["configuration"] == "book/conf.py"
    assert set(rtd["formats"]) >= {"pdf", "epub"}
    installs = rtd["python"]["install"]
    assert {"requirements": "book/requirements.txt"} in installs
    assert any(i.get("method") == "pip" and i.get("path") == "." for i in installs)
    assert 'BOOK = ROOT / "book"' in noxfile and 'LOCK = BOOK / "requirements.txt"' in noxfile


def test_lock_pins_every_direct_dependency() -> None:
    pins = {
        line.split("==")[0].lower().replace("_", "-")
        for line in (ROOT / "book" / "requirements.txt").read_text().splitlines()
        if "==" in line
    }
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    wanted = [*pyproject["project"]["dependencies"], *pyproject["dependency-groups"]["book"]]
    for requirement in wanted:
        name = requirement.split(">")[0].split("<")[0].split("=")[0].strip().lower()
        assert name.replace("_", "-") in pins, name


def test_citation_cff_agrees_with_pyproject_and_conf() -> None:
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    conf = ast.parse((ROOT / "book" / "conf.py").read_text())
    values = {
        node.targets[0].id: node.value.value
        for node in conf.body
        if isinstance(node, ast.Assign)
        and isinstance(node.targets[0], ast.Name)
        and isinstance(node.value, ast.Constant)
    }
    assert cff["cff-version"] == "1.2.0"
    for field in ("message", "title", "authors", "version", "license", "url"):
        assert cff.get(field), field
    assert "version" not in pyproject and "version" in pyproject["dynamic"]
    assert cff["version"] == wikilink_ext.__version__
    assert cff["title"] == values["project"]
    assert cff["authors"][0]["name"] == values["author"]
    assert cff["url"] == values["html_baseurl"]
    assert "CC-BY-4.0" in cff["license"]
    assert cff["preferred-citation"]["type"] == "book"
    assert cff["preferred-citation"]["title"] == values["project"]


def test_citation_cff_is_valid_by_the_schema() -> None:
    """The Citation File Format's own JSON schema, through cffconvert (offline)."""
    from cffconvert import Citation

    Citation((ROOT / "CITATION.cff").read_text(encoding="utf-8")).validate()


def test_citation_cff_names_both_licences_and_the_code() -> None:
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert sorted(cff["license"]) == ["CC-BY-4.0", "MIT"]
    assert cff["repository-code"].startswith("https://github.com/")
    assert (ROOT / "LICENSE").read_text().startswith("MIT")


def test_book_bibliography_passes_its_check() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "wikilink_ext.bib.check",
            "refs.bib",
            "--cited-from",
            "book",
            "--store",
            "refs.excerpts.yaml",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout
    assert "OK" in result.stdout


def test_invalid_option_fails_at_start_up(make_app, rootdir, sphinx_test_tempdir) -> None:  # type: ignore[no-untyped-def]
    from sphinx.errors import ConfigError

    with pytest.raises(ConfigError, match="wikilink_embed_depth must be an integer from 1 to 50"):
        make_app("html", srcdir=rootdir / "test-embeds", confoverrides={"wikilink_embed_depth": 0})


def test_obsidian_settings_agree_with_the_book() -> None:
    """Wikilinks on, shortest paths (what the extension resolves), figures as attachments."""
    import json

    app = json.loads((ROOT / "book" / ".obsidian" / "app.json").read_text())
    assert app["useMarkdownLinks"] is False
    assert app["newLinkFormat"] == "shortest"
    assert (ROOT / "book" / app["attachmentFolderPath"]).is_dir()


def _code_strings(path: Path) -> list[str]:
    """The string constants of a module that are not docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_the_wheel_holds_no_rule_or_name_of_the_book() -> None:
    """The extension is generic: the book's own claim patterns and names live in book/."""
    import runpy

    book = runpy.run_path(str(ROOT / "book" / "conf.py"))
    own = [*book["wikilink_claim_patterns"].values(), book["project"], "mechinterp"]
    own += list(book["wikilink_claim_patterns"])  # "a head or layer index"
    for path in sorted((ROOT / "src" / "wikilink_ext").rglob("*.py")):
        for text in _code_strings(path):
            assert not any(o.casefold() in text.casefold() for o in own), (path.name, text)


def test_the_wheel_readme_is_the_extensions_and_the_changelog_has_the_version() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    readme = (ROOT / project["readme"]).read_text(encoding="utf-8")
    assert readme.startswith("# wikilink_ext")
    assert "wikilink_uncited_claims" in readme  # the opt-in checks are documented there
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{wikilink_ext.__version__}]" in changelog
    urls = project["urls"]
    assert {"Source", "Issues", "Changelog"} <= set(urls)
