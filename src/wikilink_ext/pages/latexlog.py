"""What XeLaTeX's log says about the PDF it made: references it could not resolve, and lines
set wider than the text (overfull boxes).

LaTeX only warns about either, and latexmk still succeeds, so a PDF with a "??" in place of a
page number or a line running into the margin is built without a word. ``nox -s pdf`` runs
``python -m wikilink_ext.pages.latexlog <file.log>``, which fails on any unresolved reference
and reports the overfull lines. Pure text: no Sphinx, no TeX needed.
"""

from __future__ import annotations

import re
import sys
from typing import NamedTuple

__all__ = ["Overfull", "overfull_boxes", "undefined_references"]

# "LaTeX Warning: Reference `x' on page 3 undefined on input line 10."
# "LaTeX Warning: Hyper reference `x' on page 3 undefined on input line 10."
# "LaTeX Warning: Citation `x' on page 3 undefined on input line 10."
# "Package natbib Warning: Citation `x' on page 3 undefined on input line 10."
# A long label wraps the log's 79-character lines, so line ends are joined first.
_UNDEFINED = re.compile(
    r"Warning: (?:Hyper reference|Reference|Citation) [`'](?P<label>[^']*)' on page "
    r"(?P<page>\S+) undefined"
)
_OVERFULL = re.compile(
    r"^Overfull \\hbox \((?P<points>[\d.]+)pt too wide\) (?:in paragraph|in alignment|detected)"
    r" at lines? (?P<lines>\d+(?:--\d+)?)",
    re.M,
)


class Overfull(NamedTuple):
    """A line set wider than its box, by ``points``, in the paragraph that starts at ``line``
    of the .tex file."""

    points: float
    line: str


def _unwrapped(log: str) -> str:
    # TeX breaks log lines at 79 characters (max_print_line); a warning then spans lines
    return re.sub(r"(?m)^(.{79})\n", r"\1", log)


def undefined_references(log: str) -> list[str]:
    """The labels LaTeX could not resolve, once each, in the order of the log."""
    found = [m["label"] for m in _UNDEFINED.finditer(_unwrapped(log))]
    return list(dict.fromkeys(found))


def overfull_boxes(log: str) -> list[Overfull]:
    """The overfull lines, once each: tabulary sets a table twice (it measures, then sets),
    and LaTeX logs each of its lines at both passes."""
    found = [
        Overfull(float(m["points"]), m["lines"].split("--")[0]) for m in _OVERFULL.finditer(log)
    ]
    return list(dict.fromkeys(found))


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m wikilink_ext.pages.latexlog FILE.log", file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8", errors="replace") as file:
        log = file.read()
    for box in overfull_boxes(log):
        print(f"{argv[0]}: overfull line ({box.points}pt too wide) at .tex line {box.line}")
    undefined = undefined_references(log)
    for label in undefined:
        print(f"{argv[0]}: undefined reference {label!r}", file=sys.stderr)
    return 1 if undefined else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
