"""The markdown parser is made once per configuration, not once per note (issue 18: 3 % of
a build), and a note's own ``myst`` properties still get a parser of their own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

from wikilink_ext.sphinx_ext import parser as parser_module


def _vault(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for i in range(6):
        (root / f"Note {i}.md").write_text(
            f"---\ntags: [t{i}]\n---\n# Note {i}\n\nSee [[Note {(i + 1) % 6}]] and https://example.org.\n",
            encoding="utf-8",
        )
    # a note of its own configuration, between the others
    (root / "Own.md").write_text(
        "---\nmyst:\n  enable_extensions: [deflist]\n---\n# Own\n\nTerm\n: Its definition.\n",
        encoding="utf-8",
    )
    (root / "index.md").write_text(
        "# Home\n\n"
        + "".join(f"- [[Note {i}]]\n" for i in range(6))
        + "- [[Own]]\n\nTerm\n: Not a definition here.\n",
        encoding="utf-8",
    )
    (root / "conf.py").write_text('extensions = ["wikilink_ext"]\n', encoding="utf-8")
    return root


def test_one_parser_per_configuration(
    make_app: Any, sphinx_test_tempdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[object] = []
    create = parser_module.create_md_parser

    def counting(config: Any, renderer: Any) -> Any:
        made.append(config)
        return create(config, renderer)

    monkeypatch.setattr(parser_module, "create_md_parser", counting)
    monkeypatch.setattr(parser_module, "_last_made", None)
    src = _vault(sphinx_test_tempdir / "parse-cost")
    app: SphinxTestApp = make_app("html", srcdir=src, freshenv=True)
    app.build()
    # the notes' configuration, the one note's own, and the notes' again after it at most
    assert 2 <= len(made) <= 3
    own = Path(app.outdir, "Own.html").read_text(encoding="utf-8")
    assert "<dl" in own and "Its definition." in own  # its own extension applied
    note = Path(app.outdir, "Note 3.html").read_text(encoding="utf-8")
    assert 'href="https://example.org"' in note and 'href="Note%204.html"' in note
    # read after the note of its own: no definition list (deflist is not on for it)
    home = Path(app.outdir, "index.html").read_text(encoding="utf-8")
    assert "Not a definition here." in home and "<dl" not in home
    for i in range(6):  # no note took another's configuration
        page = Path(app.outdir, f"Note {i}.html").read_text(encoding="utf-8")
        assert f"Note {(i + 1) % 6}" in page and "<dl" not in page
