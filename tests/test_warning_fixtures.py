"""Markdown in, exact warnings out: one note per fixture case, one build for all of them."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file
from sphinx.testing.util import SphinxTestApp

CASES = read_fixture_file(Path(__file__).parent / "fixtures" / "warnings.md")
HEADER = 2  # every case note starts with "# Case N" and a blank line
ANSI = re.compile(r"\x1b\[[0-9;]*m")

SUPPORT = {
    "conf.py": 'extensions = ["wikilink_ext", "sphinxcontrib.bibtex"]\n'
    'bibtex_bibfiles = ["refs.bib"]\nexclude_patterns = ["_build"]\n'
    "wikilink_uncited_quotes = True\n",
    "refs.bib": "@misc{known2020, author = {Known, A}, title = {Known}, year = {2020},"
    " url = {https://example.org}}\n",
    "Alpha.md": "# Alpha\n\nA paragraph. ^para\n\n## Section\n\nText.\n",
    "a/Note.md": "# Note in a\n",
    "b/Note.md": "# Note in b\n",
    "Secret.md": "---\npublish: false\n---\n# Secret\n",
    "References.md": "# References\n\n- Known (2020). [@known2020] ^k1\n",
    "index.md": "# Index\n",
    "Don't panic.md": "# Don't panic\n\n## Towel\n",
}


@pytest.fixture(scope="module")
def warnings_by_case(tmp_path_factory: pytest.TempPathFactory) -> dict[int, list[str]]:
    src = tmp_path_factory.mktemp("warning-fixtures")
    for name, text in SUPPORT.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(text, encoding="utf-8")
    for number, (_, _, text, _) in enumerate(CASES):
        (src / f"case{number:02d}.md").write_text(f"# Case {number}\n\n{text}", encoding="utf-8")
    warning = StringIO()
    app = SphinxTestApp("html", srcdir=src, status=StringIO(), warning=warning)
    try:
        app.build()
    finally:
        app.cleanup()
    found: dict[int, list[str]] = {n: [] for n in range(len(CASES))}
    for line in ANSI.sub("", warning.getvalue()).splitlines():
        match = re.match(r".*/case(\d+)\.md:(\d+): WARNING: (.*)$", line)
        if match:
            number, lineno, message = int(match[1]), int(match[2]), match[3]
            found[number].append(f"{lineno - HEADER}: {message}")
        else:
            assert "case" not in line, line
    return found


@pytest.mark.parametrize(
    ("number", "title", "expected"),
    [(n, title, expected) for n, (_, title, _, expected) in enumerate(CASES)],
    ids=[title for _, title, _, _ in CASES],
)
def test_warnings(
    warnings_by_case: dict[int, list[str]], number: int, title: str, expected: str
) -> None:
    assert sorted(warnings_by_case[number]) == sorted(expected.splitlines())
