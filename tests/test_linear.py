"""Parse work grows linearly with the input, on hostile inputs (issue 10).

Work is counted, not timed: every Python call made while parsing, plus every line executed
in ``wikilink_ext`` (so a loop that rescans the line or the token stream per item shows,
even when it calls nothing). The count is the same on a busy machine as on an idle one.
Each case is parsed at sizes n and 2n; the doubling may cost at most 2.5 times the
work. The same input is also parsed by plain markdown-it-py with the MyST plugins the build
enables, and the work our plugins add (ours minus plain) must be linear too, so where
markdown-it itself is superlinear (``^[`` runs) we do not add to it.

``WIKILINK_LINEAR_SIZES=10000,20000,…,1000000`` runs the same cases at the sizes given, and
``pytest -s`` prints the figures.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable

import pytest
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from wikilink_ext.syntax.markdown import use_obsidian
from workcount import work as count_work

RATIO = 2.5


def _plain() -> MarkdownIt:
    config = MdParserConfig(
        enable_extensions={"dollarmath", "strikethrough"}, dmath_double_inline=True
    )
    return create_md_parser(config, RendererHTML)


def _ours() -> MarkdownIt:
    return use_obsidian(_plain())


def work(md: MarkdownIt, text: str) -> int:
    """Python calls during ``md.parse(text)`` plus lines executed in wikilink_ext."""
    return count_work(lambda: md.parse(text))


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda size: unit * max(1, size // len(unit))


def _nested_quotes(size: int) -> str:
    """Lines ``> x``, ``> > x``, … as deep as the size allows (about √(2·size) levels)."""
    depth = int((2 * size) ** 0.5) // 2
    return "".join("> " * level + "x\n" for level in range(1, depth + 1))


def _nested_callouts(size: int) -> str:
    depth = int((2 * size) ** 0.5) // 2
    return "".join("> " * level + "[!note] t\n" for level in range(depth))


CASES: dict[str, tuple[Callable[[int], str], int]] = {
    # name: (input of about n characters, n)
    "task list": (_repeat("- [ ] task item\n"), 4_000),
    "task list, done and other states": (_repeat("- [x] a\n- [?] b\n- [ ] c\n"), 4_000),
    "%% comment lines in a paragraph": (lambda n: "text\n" + _repeat("%% c %%\n")(n), 4_000),
    "%%-opening lines in a paragraph": (lambda n: "text\n" + _repeat("%%a\n")(n), 4_000),
    "%% without a close": (lambda n: "%%\n" + _repeat("text line\n")(n), 4_000),
    "inline %% without a close": (lambda n: "a %% " + _repeat("text ")(n), 4_000),
    "^id lines after list items": (_repeat("- item\n\n^abc\n\n"), 4_000),
    "^id lines right under list items": (_repeat("- item\n^abc\n"), 4_000),
    "block ids on every paragraph": (_repeat("para ^b1\n\n"), 4_000),
    "run of @{": (_repeat("@{"), 2_000),
    "run of [@{": (_repeat("[@{"), 500),
    "[[ without ]]": (_repeat("[["), 1_000),
    "[[ with text, without ]]": (_repeat("[[a "), 1_000),
    "![[ chain": (_repeat("![["), 1_000),
    "== run": (_repeat("=="), 4_000),
    "==a runs": (_repeat("==a "), 4_000),
    "links on one line": (_repeat("[[a]] "), 4_000),
    "embeds on one line": (_repeat("![[a#b]] "), 4_000),
    "citations on one line": (_repeat("[@a] "), 4_000),
    "in-text citations on one line": (_repeat("@a "), 4_000),
    "tags on one line": (_repeat("#a "), 4_000),
    "^[ run (markdown-it itself is quadratic)": (_repeat("^["), 250),
    "nested quotes": (_nested_quotes, 8_000),
    "nested callouts": (_nested_callouts, 8_000),
    "one line 1,000 quotes deep": (lambda n: ">" * (n // 8) + " x\n", 8_000),
    "callouts one after another": (_repeat("> [!tip] T\n> body\n\n"), 4_000),
    "table with an id row": (
        lambda n: "| a | b |\n| - | - |\n" + _repeat("| 1 | 2 |\n")(n) + "^t\n",
        8_000,
    ),
}


def _sizes(base: int) -> list[int]:
    given = os.environ.get("WIKILINK_LINEAR_SIZES")
    if given:
        return [int(size) for size in given.split(",")]
    return [base, 2 * base]


@pytest.fixture(scope="module")
def parsers() -> tuple[MarkdownIt, MarkdownIt]:
    return _plain(), _ours()


@pytest.mark.parametrize("name", list(CASES))
def test_doubling_the_input_at_most_doubles_and_a_half_the_work(
    name: str, parsers: tuple[MarkdownIt, MarkdownIt]
) -> None:
    plain, ours = parsers
    make, base = CASES[name]
    rows = []
    for size in _sizes(base):
        text = make(size)
        rows.append((len(text), work(plain, text), work(ours, text)))
    print(f"\n{name}: " + "; ".join(f"{n} chars: plain {p}, ours {o}" for n, p, o in rows))
    for (n1, p1, o1), (n2, p2, o2) in itertools.pairwise(rows):
        scale = n2 / n1  # the inputs are whole repeats, so not exactly 2
        plain_ratio = p2 / p1
        assert o2 / o1 <= max(RATIO, plain_ratio) * scale / 2, (name, n1, n2, o1, o2)
        added1, added2 = max(o1 - p1, 1), max(o2 - p2, 1)
        # a small absolute slack for cases where our plugins add almost nothing
        assert added2 <= RATIO * scale / 2 * added1 + 0.01 * o2, (name, n1, n2, added1, added2)
