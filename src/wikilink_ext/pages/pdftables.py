"""Column widths for the PDF's tables that hold code, from what their cells hold.

Sphinx sets a table without given widths with ``tabulary``, which shares the line among the
columns by the length of their text: a column of short option names or commands next to a
column of sentences is squeezed to a few characters, so ``nox -s build`` breaks after
``-s`` and ``wikilink_citation_display`` runs into the next column (overfull lines in the
log). Markdown tables cannot say ``:widths:`` and a vault holds no ``tabularcolumns``
directive, so, for the LaTeX builder only, each table with inline code gets widths (as
``:widths:`` gives them) that leave every column room for its longest unbreakable piece: a
short piece of code whole, a long one's longest word, a word of prose; the rest of the line
goes to the columns with more to say. Nothing changes in HTML.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

__all__ = ["Column", "column_widths", "measure"]

#: The text width in characters of the monospaced font (FreeMono: 0.6 em; 6.5 in of text
#: at 10 pt is 78 of them; A4 a few less).
LINE = 76
#: What one character of prose takes, in monospaced characters (a serif font's average).
PROSE = 0.75
#: Code up to this many characters stays whole when there is room (commands, option names,
#: short values); longer code may break between its words.
WHOLE = 24
#: Where code may break when room is short: after these (as LaTeX lets inline code break).
BREAKS = re.compile(r"(?<=[_./,:-])|\s+")
#: The share of the line a column with a lot to say (sentences) gets before any other
#: column is widened to keep its code whole.
TALKING = 0.4
#: Each column's padding (``\tabcolsep`` on each side), in monospaced characters.
PADDING = 2


class Column(NamedTuple):
    """A column's widths in monospaced characters: the least it can take (its longest piece
    that cannot break), what keeps its code whole, and its longest cell on one line."""

    floor: float
    need: float
    want: float


def _longest(pieces: list[str], scale: float = 1.0) -> float:
    return max((len(p) * scale for p in pieces if p), default=0.0)


def _cell(entry: nodes.Element) -> Column:
    floor = need = want = 0.0
    for node in entry.findall(nodes.Text):
        text = node.astext()
        if any(isinstance(a, nodes.literal) for a in _ancestors(node, entry)):
            whole = [text] if len(text) <= WHOLE else text.split()
            need = max(need, _longest(whole))
            floor = max(floor, _longest(BREAKS.split(text)))
            want += len(text)
        else:
            words = _longest(text.split(), PROSE)
            need, floor = max(need, words), max(floor, words)
            want += len(text) * PROSE
    return Column(floor, need, want)


def _ancestors(node: nodes.Node, stop: nodes.Element) -> list[nodes.Node]:
    found = []
    parent = node.parent
    while parent is not None and parent is not stop:
        found.append(parent)
        parent = parent.parent
    return found


def measure(rows: Sequence[Sequence[nodes.Element]]) -> list[Column] | None:
    """Each column's widths over its cells; None when a row has another number of cells."""
    columns: list[Column] | None = None
    for row in rows:
        cells = [_cell(entry) for entry in row]
        if columns is None:
            columns = cells
        if len(cells) != len(columns):
            return None
        columns = [Column(*map(max, c, d)) for c, d in zip(columns, cells, strict=True)]
    return columns


def _raise(current: list[float], goal: list[float], room: float) -> list[float]:
    """Bring each width toward its goal, sharing ``room`` by how far each is from it."""
    gaps = [max(g - c, 0.0) for c, g in zip(current, goal, strict=True)]
    if not sum(gaps) or room <= 0:
        return current
    share = min(1.0, room / sum(gaps))
    return [c + gap * share for c, gap in zip(current, gaps, strict=True)]


def column_widths(columns: Sequence[Column], line: float = LINE) -> list[int]:
    """Widths in hundredths of the line. First every column its floor; then the columns of
    sentences (wider than the line) a share of it (:data:`TALKING`, split by how much each
    says); then room to keep code whole; then the rest by how much more each would say."""
    wants = [c.want + PADDING for c in columns]
    widths = [c.floor + PADDING for c in columns]
    said = [w if w > line else 0.0 for w in wants]
    if sum(said):
        talking = [TALKING * line * s / sum(said) for s in said]
        widths = _raise(widths, talking, line - sum(widths))
    widths = _raise(widths, [c.need + PADDING for c in columns], line - sum(widths))
    widths = _raise(widths, wants, line - sum(widths))
    total = sum(widths)
    return [max(1, round(100 * w / total)) for w in widths]


class CodeTableWidths(SphinxPostTransform):
    """Give every table with inline code column widths from its cells (LaTeX only)."""

    default_priority = 400
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for table in list(self.document.findall(nodes.table)):
            if "colwidths-given" in table["classes"] or table.next_node(nodes.literal) is None:
                continue
            tgroup = table.next_node(nodes.tgroup)
            if tgroup is None:
                continue
            colspecs = [c for c in tgroup.children if isinstance(c, nodes.colspec)]
            rows = [
                [e for e in row.children if isinstance(e, nodes.entry)]
                for row in tgroup.findall(nodes.row)
                if row.parent.parent is tgroup  # not the rows of a table in a cell
            ]
            if any(e.get("morecols") or e.get("morerows") for row in rows for e in row):
                continue
            columns = measure(rows)
            if columns is None or len(columns) != len(colspecs):
                continue
            for colspec, width in zip(colspecs, column_widths(columns), strict=True):
                colspec["colwidth"] = width
            table["classes"].append("colwidths-given")
