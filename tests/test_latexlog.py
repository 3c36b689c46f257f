"""What XeLaTeX's log says (:mod:`wikilink_ext.pages.latexlog`), from log excerpts."""

from __future__ import annotations

from pathlib import Path

from wikilink_ext.pages.latexlog import Overfull, main, overfull_boxes, undefined_references


def _wrapped(line: str) -> str:
    """As TeX writes a long line to its log: cut every 79 characters."""
    return "\n".join(line[i : i + 79] for i in range(0, len(line), 79))


LOG = "\n".join(
    [
        "LaTeX Warning: Reference `Intro:sec' on page 3 undefined on input line 120.",
        "",
        _wrapped(
            "LaTeX Warning: Hyper reference `References:block-5a521e' on page 101 undefined "
            "on input line 812."
        ),
        "",
        _wrapped(
            "LaTeX Warning: Hyper reference `a-label-long-enough-to-wrap-the-log-line-at-"
            "seventy-nine' on page 7 undefined on input line 9."
        ),
        "",
        "LaTeX Warning: Reference `Intro:sec' on page 4 undefined on input line 130.",
        "",
        r"""Overfull \hbox (8.8765pt too wide) in paragraph at lines 7601--7601
[]\TU/FreeMono(0)/m/n/10 aliases
 []

Overfull \hbox (8.8765pt too wide) detected at line 7601
[]\TU/FreeMono(0)/m/n/10 aliases
 []

Overfull \hbox (12.10272pt too wide) in paragraph at lines 8950--8952
\TU/FreeMono(0)/m/n/10 wikilink.excalidraw
""",
    ]
)
assert max(len(line) for line in LOG.splitlines()) == 79  # the excerpt does wrap


def test_undefined_references_once_each() -> None:
    assert undefined_references(LOG) == [
        "Intro:sec",
        "References:block-5a521e",
        "a-label-long-enough-to-wrap-the-log-line-at-seventy-nine",
    ]


def test_a_clean_log_has_none() -> None:
    assert undefined_references("Output written on book.xdv (176 pages).") == []
    assert overfull_boxes("Underfull \\hbox (badness 10000) in paragraph at lines 1--2") == []


def test_overfull_lines_once_each() -> None:
    """tabulary sets a table twice; LaTeX logs the same line at both passes."""
    assert overfull_boxes(LOG) == [Overfull(8.8765, "7601"), Overfull(12.10272, "8950")]


def test_the_command_fails_on_an_undefined_reference(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.log"
    bad.write_text(LOG, encoding="utf-8")
    assert main([str(bad)]) == 1
    assert "undefined reference 'References:block-5a521e'" in capsys.readouterr().err
    good = tmp_path / "good.log"
    good.write_text("Output written on book.xdv (176 pages).\n", encoding="utf-8")
    assert main([str(good)]) == 0
