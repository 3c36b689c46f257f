"""Colour groups of the book graph (pure): Obsidian's rules for configured groups, the
automatic grouping by first tag, and colours that stay with their tag."""

from __future__ import annotations

import pytest

from wikilink_ext.pages.graphgroups import PALETTE_SIZE, group_notes
from wikilink_ext.sphinx_ext.config import COLOUR_GROUPS


def legend(notes: list[list[str]], configured: dict[str, str] | None = None) -> list[str]:
    return [f"{g.label} ({g.count})" for g in group_notes(notes, configured).groups]


def members(notes: list[list[str]], configured: dict[str, str] | None = None) -> list[str]:
    grouped = group_notes(notes, configured)
    return [grouped.groups[m].label for m in grouped.member]


@pytest.mark.parametrize(
    ("notes", "expected"),
    [
        # the first tag decides; most notes first, ties by name
        ([["b"], ["a", "b"], ["b"]], ["#b (2)", "#a (1)"]),
        # nested tags: grouped by the whole tag while there are colours enough
        (
            [["m/circuits"], ["m/methods", "m/circuits"], ["m/circuits"], ["meta"]],
            ["#m/circuits (2)", "#m/methods (1)", "#meta (1)"],
        ),
        # untagged notes are a group of their own, last
        ([["a"], []], ["#a (1)", "No tag (1)"]),
        ([[], []], ["No tag (2)"]),
        # tags compare without case or "#"; the legend shows the first spelling
        ([["#Topic"], ["topic"]], ["#Topic (2)"]),
    ],
)
def test_automatic_groups(notes: list[list[str]], expected: list[str]) -> None:
    assert legend(notes) == expected


def test_past_the_palette_the_smallest_groups_are_other_tags() -> None:
    notes = [[f"t{i}"] * 1 for i in range(PALETTE_SIZE + 2)] + [["t0"], ["t1"]]
    shown = legend(notes)
    assert shown[:2] == ["#t0 (2)", "#t1 (2)"]
    assert len(shown) == PALETTE_SIZE + 1 and shown[-1] == "Other tags (2)"
    # too many groups one level down: the level above
    deep = [[f"a/{i}"] for i in range(PALETTE_SIZE + 1)] + [["b/x"]]
    assert legend(deep) == [f"#a ({PALETTE_SIZE + 1})", "#b (1)"]


def test_configured_groups_follow_obsidian() -> None:
    notes = [["inbox/to-read"], ["work", "inbox"], ["misc"], []]
    configured = {"#inbox": "#ff0000", "work": ""}
    # the first group in the list that matches wins; a tag matches its nested tags
    assert members(notes, configured) == ["#inbox", "#inbox", "Other tags", "No tag"]
    fills = {g.label: g.fill for g in group_notes(notes, configured).groups}
    assert fills["#inbox"] == "#ff0000"
    # groups no note falls in are left out of the legend
    assert "#work" not in fills
    assert members([["work"]], configured) == ["#work"]
    assert group_notes([["work"]], configured).groups[0].fill.startswith("var(")


def test_a_tag_keeps_its_colour_when_other_groups_grow() -> None:
    def fill(notes: list[list[str]], label: str) -> str:
        return next(g.fill for g in group_notes(notes).groups if g.label == label)

    before = [["alpha"], ["beta"], ["gamma"]]
    after = [["alpha"], ["beta"], ["beta"], ["beta"], ["gamma"]]
    for label in ("#alpha", "#beta", "#gamma"):
        assert fill(before, label) == fill(after, label)
    # in the order of their names, so the first groups get the hues furthest apart
    assert [fill(before, g) for g in ("#alpha", "#beta")] == [
        "var(--wikilink-graph-group-0)",
        "var(--wikilink-graph-group-1)",
    ]
    # and groups never share a palette colour
    many = [[f"t{i}"] for i in range(PALETTE_SIZE)]
    assert len({g.fill for g in group_notes(many).groups}) == PALETTE_SIZE


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ({"a": "#fff", "#b/c": "#0072B2", "d": ""}, True),
        ({}, True),
        ({"a": "red"}, False),
        ({"a": "#12345"}, False),
        ({"a": 3}, False),
        ({"#": "#fff"}, False),
        (["a"], False),
    ],
)
def test_configured_colours_are_checked(value: object, ok: bool) -> None:
    assert COLOUR_GROUPS.test(value) is ok
