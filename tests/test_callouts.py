"""Callouts: fixtures, token shapes, the type table, and a no-text-lost property."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.utils import read_fixture_file

from textutil import is_subsequence, visible
from wikilink_ext.syntax.callouts import (
    CALLOUT_TYPES,
    CalloutKind,
    callout_plugin,
    default_title,
    parse_callout_header,
    resolve_callout,
)

FIXTURES = Path(__file__).parent / "fixtures" / "callouts.md"


def _md() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").use(callout_plugin)


@pytest.mark.parametrize(
    ("line", "title", "text", "expected"),
    read_fixture_file(FIXTURES),
    ids=[f"{case[0]}-{case[1]}" for case in read_fixture_file(FIXTURES)],
)
def test_fixtures(line: int, title: str, text: str, expected: str) -> None:
    assert _md().render(text) == expected


@pytest.mark.parametrize(
    ("name", "canonical", "family"),
    [
        ("note", "note", "blue"),
        ("abstract", "abstract", "cyan"),
        ("Summary", "abstract", "cyan"),
        ("TLDR", "abstract", "cyan"),
        ("info", "info", "blue"),
        ("todo", "todo", "blue"),
        ("hint", "tip", "cyan"),
        ("important", "tip", "cyan"),
        ("check", "success", "green"),
        ("done", "success", "green"),
        ("help", "question", "orange"),
        ("faq", "question", "orange"),
        ("caution", "warning", "orange"),
        ("attention", "warning", "orange"),
        ("fail", "failure", "red"),
        ("missing", "failure", "red"),
        ("error", "danger", "red"),
        ("bug", "bug", "red"),
        ("example", "example", "purple"),
        ("cite", "quote", "grey"),
        ("my-custom", "note", "blue"),
    ],
)
def test_resolve_callout(name: str, canonical: str, family: str) -> None:
    kind = resolve_callout(name)
    assert kind == CalloutKind(name=name.lower(), canonical=canonical, family=family)


def test_thirteen_canonical_types() -> None:
    assert len(set(CALLOUT_TYPES.values())) == 13
    assert len(CALLOUT_TYPES) == 13 + 14  # 14 aliases


@pytest.mark.parametrize(
    ("name", "title"), [("note", "Note"), ("TLDR", "Tldr"), ("my-type", "My-type"), ("", "")]
)
def test_default_title(name: str, title: str) -> None:
    assert default_title(name) == title


def test_parse_header() -> None:
    header = parse_callout_header("[!Warning|wide]- Mind **this**")
    assert header is not None
    assert header.kind.name == "warning"
    assert (header.metadata, header.fold, header.title) == ("wide", "-", "Mind **this**")
    assert parse_callout_header("[!note]Title") is None
    assert parse_callout_header("not a callout") is None


def test_token_shapes() -> None:
    tokens = _md().parse("> [!tip|meta]+ A *title*\n> first\n> second\n>\n> - item\n")
    opener = tokens[0]
    assert (opener.type, opener.tag, opener.nesting, opener.map) == (
        "callout_open",
        "div",
        1,
        [0, 5],
    )
    assert opener.meta == {
        "kind": CalloutKind("tip", "tip", "cyan"),
        "metadata": "meta",
        "fold": "+",
        "has_title": True,
    }
    assert [t.type for t in tokens[1:8]] == [
        "callout_title_open",
        "inline",
        "callout_title_close",
        "paragraph_open",
        "inline",
        "paragraph_close",
        "bullet_list_open",
    ]
    assert tokens[2].content == "A *title*"
    assert tokens[2].children is not None and tokens[2].children[1].type == "em_open"
    assert tokens[5].content == "first\nsecond"
    assert tokens[4].map == [1, 3]
    assert tokens[-1].type == "callout_close"
    assert [t.level for t in tokens[:4]] == [0, 1, 2, 1]


def test_title_only_has_no_body_and_untitled_has_no_title_tokens() -> None:
    assert [t.type for t in _md().parse("> [!tip] Only\n")] == [
        "callout_open",
        "callout_title_open",
        "inline",
        "callout_title_close",
        "callout_close",
    ]
    tokens = _md().parse("> [!tip]\n> body\n")
    assert tokens[0].meta["has_title"] is False
    assert [t.type for t in tokens] == [
        "callout_open",
        "paragraph_open",
        "inline",
        "paragraph_close",
        "callout_close",
    ]


def test_nested_at_depth() -> None:
    src = "".join("> " * depth + "[!note] level\n" for depth in range(1, 6))
    tokens = _md().parse(src)
    assert [t.type for t in tokens].count("callout_open") == 5
    assert "blockquote_open" not in [t.type for t in tokens]


_words = st.text(alphabet="abc xyz", min_size=0, max_size=12)
_type = st.sampled_from(["note", "TIP", "faq", "custom", "tldr"])


@given(
    st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=3),
            _type,
            st.sampled_from(["", "+", "-"]),
            _words,
            st.lists(_words, max_size=3),
        ),
        max_size=4,
    )
)
def test_property_no_visible_text_lost(
    blocks: list[tuple[int, str, str, str, list[str]]],
) -> None:
    chunks = []
    expected = ""
    for depth, kind, fold, title, body in blocks:
        prefix = "> " * depth
        lines = [f"{prefix}[!{kind}]{fold} {title}".rstrip()]
        lines += [f"{prefix}{line}" for line in body]
        chunks.append("\n".join(lines))
        expected += title + "".join(body)
    html = _md().render("\n\n".join(chunks))
    assert is_subsequence("".join(ch for ch in expected if ch.isalnum()), visible(html))


@given(st.text(max_size=200))
def test_property_never_raises(text: str) -> None:
    _md().render(text)
    _md().render("> [!note] " + text.replace("\n", "\n> "))


def _all() -> MarkdownIt:
    from wikilink_ext.syntax.comments import comment_plugin
    from wikilink_ext.syntax.highlight import highlight_plugin
    from wikilink_ext.syntax.tags import tag_plugin
    from wikilink_ext.syntax.tasks import task_plugin

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    for plugin in (callout_plugin, comment_plugin, highlight_plugin, tag_plugin, task_plugin):
        md.use(plugin)
    return md


def test_plugins_compose() -> None:
    html = _all().render(
        "> [!todo] Chores %%private%% ==now== #home\n> - [x] dishes #done\n> - [ ] laundry\n"
    )
    assert html == (
        '<div class="callout" data-callout="todo">\n'
        '<div class="callout-title"><div class="callout-title-inner">'
        'Chores  <mark>now</mark> <a href="#home" class="tag">#home</a></div></div>\n'
        '<ul class="contains-task-list">\n'
        '<li class="task-list-item is-checked"><input type="checkbox"'
        ' class="task-list-item-checkbox" disabled checked data-task="x">'
        'dishes <a href="#done" class="tag">#done</a></li>\n'
        '<li class="task-list-item"><input type="checkbox" class="task-list-item-checkbox"'
        ' disabled data-task=" ">laundry</li>\n'
        "</ul>\n"
        "</div>\n"
    )


@given(st.text(alphabet="ab #=%[]!x>- \n|+`", max_size=120))
def test_property_all_plugins_never_raise(text: str) -> None:
    _all().render(text)
