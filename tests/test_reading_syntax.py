"""Tables for the pure functions behind the reading-view cases of issue 19."""

from __future__ import annotations

import pytest

from wikilink_ext.syntax.footnotes import looks_like_footnote
from wikilink_ext.vault.anchors import unicode_anchor, unique_anchor


@pytest.mark.parametrize(
    ("label", "following", "footnote"),
    [
        ("1", "", True),
        ("1", ".", True),
        ("note-1", " ", True),
        ("gone", "", True),
        ("1", "这", True),  # Chinese follows a reference with no space
        ("b", "a", False),  # [^b]at: a regular expression
        ("0-9", "+", False),  # a character class
        ("a-z", "", False),
        ("\\s", "", False),
        ("1", "*", False),  # a quantifier follows
        ("", "", False),
    ],
)
def test_looks_like_footnote(label: str, following: str, footnote: bool) -> None:
    assert looks_like_footnote(label, following) is footnote


@pytest.mark.parametrize(
    ("text", "anchor"),
    [
        ("线段树", "线段树"),
        ("二叉树 的遍历", "二叉树-的遍历"),
        ("1. 线段树 (Segment Tree)", "1-线段树-segment-tree"),
        ("Привет, мир!", "привет-мир"),
        ("Λόγος", "λόγος"),
        ("Segment Tree", None),  # docutils keeps every letter: its id stays
        ("Café Crème", None),
        ("123", None),
        ("", None),
    ],
)
def test_unicode_anchor(text: str, anchor: str | None) -> None:
    assert unicode_anchor(text) == anchor


def test_unique_anchor() -> None:
    assert unique_anchor("a", set()) == "a"
    assert unique_anchor("a", {"a", "a-1"}) == "a-2"
