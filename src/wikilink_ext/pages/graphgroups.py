"""Groups of the book graph: which colour each note takes, from its tags.

Obsidian's graph view colours notes by *groups*, each a search query (``tag:#x``) and a
colour; a note takes the colour of the first group in the list that matches it, and a tag
query matches nested tags too (``tag:inbox`` matches ``#inbox/to-read``). The configured
groups (``wikilink_graph_groups``, tag → colour) follow those rules. Without configured groups
each note falls in the group of its first tag, cut to the deepest level of the tag hierarchy
at which the notes fall into at most :data:`PALETTE_SIZE` groups (a vault whose every tag
starts ``#project/`` is grouped by what follows, not painted one colour).

Colours come from a colour-blind-safe palette (Okabe and Ito's seven hues; the stylesheet
holds them as ``--wikilink-graph-group-<slot>``), given to the groups in the order of their
names: a tag keeps its colour from build to build while the set of groups stays the same
(configure ``wikilink_graph_groups`` to pin them). Pure: no Sphinx.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = [
    "PALETTE_SIZE",
    "Group",
    "GroupedNotes",
    "group_notes",
    "normal_tag",
]

PALETTE_SIZE = 7
"""Hues of the palette (``--wikilink-graph-group-0`` to ``-6`` in ``wikilink-reader.css``)."""


def normal_tag(tag: str) -> str:
    """A tag as compared: without its ``#``, case-folded (Obsidian's tags ignore case)."""
    return tag.strip().lstrip("#").casefold()


def _under(tag: str, group: str) -> bool:
    """Whether ``tag`` is ``group`` or nested below it (both normal)."""
    return tag == group or tag.startswith(group + "/")


@dataclass(frozen=True)
class Group:
    """One entry of the legend."""

    label: str
    """What the legend says: ``#tag``, "Other tags" or "No tag"."""
    kind: str
    """``tag`` (a group of its own), ``other`` (tags past the palette) or ``none`` (untagged)."""
    fill: str
    """CSS colour of its nodes: a palette variable or a configured ``#rrggbb``."""
    count: int


@dataclass(frozen=True)
class GroupedNotes:
    groups: list[Group]
    """In the legend's order: configured order, or most notes first; then other, none."""
    member: list[int]
    """Index into ``groups`` of each note, in the order the notes were given."""


def _palette(slot: int) -> str:
    return f"var(--wikilink-graph-group-{slot})"


def _slots(names: Sequence[str]) -> dict[str, int]:
    """A palette slot for each name (at most :data:`PALETTE_SIZE`), in the order of the names:
    the slots depend on the set of groups, never on how many notes each has, and the first
    slots are the hues furthest apart (blue, orange, green, purple)."""
    return {name: slot for slot, name in enumerate(sorted(names))}


def _prefix(tag: str, depth: int) -> str:
    return "/".join(tag.split("/")[:depth])


def _automatic_keys(first_tags: Sequence[str | None]) -> list[str | None]:
    """Each note's first tag cut to the deepest level giving at most PALETTE_SIZE groups."""
    tags = [t for t in first_tags if t]
    deepest = max((t.count("/") + 1 for t in tags), default=1)
    depth = 1
    for level in range(1, deepest + 1):
        if len({_prefix(t, level) for t in tags}) <= PALETTE_SIZE:
            depth = level
    return [_prefix(t, depth) if t else None for t in first_tags]


def group_notes(
    note_tags: Sequence[Sequence[str]], configured: Mapping[str, str] | None = None
) -> GroupedNotes:
    """The legend and each note's group, from each note's tags in order (first tag first).

    ``configured`` maps a tag (with or without ``#``) to a colour (``#rrggbb``, or ``""`` for
    one of the palette): a note joins the first matching group, as in Obsidian.
    """
    normal = [[normal_tag(t) for t in tags if normal_tag(t)] for tags in note_tags]
    shown: dict[str, str] = {}  # normal tag -> the tag as first written
    for tags in note_tags:
        for tag in tags:
            shown.setdefault(normal_tag(tag), tag.strip().lstrip("#"))
    keys: list[str | None]
    fills: dict[str, str]
    order: list[str]
    if configured:
        wanted = {normal_tag(t): c for t, c in configured.items() if normal_tag(t)}
        keys = [
            next((g for g in wanted if any(_under(t, g) for t in tags)), None) for tags in normal
        ]
        auto = _slots([g for g, c in wanted.items() if not c])
        fills = {g: c or _palette(auto[g]) for g, c in wanted.items()}
        order = [g for g in wanted if g in set(keys)]
        labels = {g: next(t for t in configured if normal_tag(t) == g).lstrip("#") for g in order}
        untagged = [k is None and not tags for k, tags in zip(keys, normal, strict=True)]
        other = [k is None and bool(tags) for k, tags in zip(keys, normal, strict=True)]
    else:
        keys = _automatic_keys([tags[0] if tags else None for tags in normal])
        counts = Counter(k for k in keys if k is not None)
        order = sorted(counts, key=lambda g: (-counts[g], g))[:PALETTE_SIZE]
        slots = _slots(order)
        fills = {g: _palette(slots[g]) for g in order}
        labels = {g: _label(g, shown) for g in order}
        untagged = [k is None for k in keys]
        other = [k is not None and k not in fills for k in keys]
    counts = Counter(k for k in keys if k in fills)
    groups = [Group("#" + labels[g], "tag", fills[g], counts[g]) for g in order]
    index = {g: i for i, g in enumerate(order)}
    member = [index[k] if k is not None and k in index else -1 for k in keys]
    for kind, label, fill, flags in (
        ("other", "Other tags", "var(--wikilink-graph-other)", other),
        ("none", "No tag", "var(--wikilink-graph-none)", untagged),
    ):
        if any(flags):
            groups.append(Group(label, kind, fill, sum(flags)))
            member = [len(groups) - 1 if flag else m for m, flag in zip(member, flags, strict=True)]
    return GroupedNotes(groups, member)


def _label(key: str, shown: Mapping[str, str]) -> str:
    """A group's name as the vault writes it (the casing of its first use)."""
    if key in shown:
        return shown[key]
    for tag, written in shown.items():
        if tag.startswith(key + "/"):
            return "/".join(written.split("/")[: key.count("/") + 1])
    return key
