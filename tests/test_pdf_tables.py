"""Column widths for the PDF's tables with code (:mod:`wikilink_ext.pages.pdftables`)."""

from __future__ import annotations

import pytest

from wikilink_ext.pages.pdftables import LINE, PADDING, Column, column_widths


def chars(widths: list[int]) -> list[float]:
    """Each column's room for text, in monospaced characters."""
    return [w / 100 * LINE - PADDING for w in widths]


@pytest.mark.parametrize(
    ("columns", "whole"),
    [
        # a command next to sentences: the command whole, the sentences the rest
        ([Column(6, 16, 16), Column(10, 10, 200)], [16, None]),
        # option names, values and reasons: the names and values whole while there is room
        ([Column(9, 22, 22), Column(12, 16, 30), Column(10, 10, 300)], [22, 16, None]),
    ],
)
def test_code_stays_whole_when_it_can(columns: list[Column], whole: list[int | None]) -> None:
    widths = column_widths(columns)
    assert abs(sum(widths) - 100) <= 1
    for room, need in zip(chars(widths), whole, strict=True):
        if need is not None:
            assert room >= need - 0.5
    assert widths[-1] == max(widths)  # the sentences get the most


def test_sentences_keep_a_share_when_code_is_long() -> None:
    """Four columns whose code cannot all stay whole: each column at least its floor (the
    longest piece that cannot break), and the sentences a fair share of the line."""
    columns = [Column(9, 26, 26), Column(12, 26, 26), Column(10, 10, 90), Column(10, 10, 300)]
    widths = column_widths(columns)
    rooms = chars(widths)
    assert all(room >= c.floor - 0.5 for room, c in zip(rooms, columns, strict=True))
    assert widths[3] >= 25


def test_without_room_for_the_floors_the_line_is_shared_by_them() -> None:
    widths = column_widths([Column(40, 40, 40), Column(40, 40, 40)])
    assert widths == [50, 50]
