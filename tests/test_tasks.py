"""Tasks: fixtures, token shapes, and a no-visible-text-lost property."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.utils import read_fixture_file

from textutil import is_subsequence, visible
from wikilink_ext.syntax.tasks import task_checked, task_plugin

FIXTURES = Path(__file__).parent / "fixtures" / "tasks.md"


def _md() -> MarkdownIt:
    return MarkdownIt("commonmark").use(task_plugin)


@pytest.mark.parametrize(
    ("line", "title", "text", "expected"),
    read_fixture_file(FIXTURES),
    ids=[f"{case[0]}-{case[1]}" for case in read_fixture_file(FIXTURES)],
)
def test_fixtures(line: int, title: str, text: str, expected: str) -> None:
    assert _md().render(text) == expected


def test_token_shape() -> None:
    tokens = _md().parse("- [?] *ask*\n- plain\n")
    assert tokens[0].attrs == {"class": "contains-task-list"}
    item = tokens[1]
    assert (item.type, item.tag, item.nesting, item.map) == ("list_item_open", "li", 1, [0, 1])
    assert item.meta == {"task": "?"}
    assert item.attrs == {"class": "task-list-item is-checked"}
    inline = tokens[3]
    assert inline.content == "*ask*"
    assert inline.children is not None and inline.children[0].type == "em_open"
    plain = tokens[6]
    assert plain.type == "list_item_open" and plain.meta == {} and plain.attrs == {}


def test_task_checked() -> None:
    assert not task_checked(" ")
    assert task_checked("x") and task_checked("-") and task_checked("?")


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["- ", "* ", "1. "]),
            st.one_of(st.none(), st.sampled_from(list(' xX?-/>!<"&a1'))),
            st.text(alphabet="ab c", max_size=10),
        ),
        max_size=6,
    )
)
def test_property_no_visible_text_lost(items: list[tuple[str, str | None, str]]) -> None:
    lines = []
    for bullet, task, text in items:
        marker = "" if task is None else f"[{task}] "
        lines.append(f"{bullet}{marker}{text}")
    expected = "".join(ch for _, _, text in items for ch in text if ch.isalnum())
    assert is_subsequence(expected, visible(_md().render("\n".join(lines))))


@given(st.text(max_size=200))
def test_property_never_raises(text: str) -> None:
    _md().render(text)
    _md().render("- [" + text)
