"""The embed slicer: sections and blocks cut at block boundaries, balanced by construction."""

from __future__ import annotations

import pytest

from wikilink_ext.syntax.markdown import obsidian_parser
from wikilink_ext.vault.slices import NoteSlices, balanced

# Each block kind with a heading-like line or a marker inside it, between two sections.
BLOCKS = {
    "callout": "> [!note]\n> # Inner\n> text inside",
    "quote": "> # Inner\n> text inside",
    "nested callout": "> [!note]\n> > [!tip]\n> > ## Inner\n> > text inside",
    "list": "- item\n  # Inner\n  text inside",
    "table": "| a |\n| - |\n| text inside |",
    "code fence": "```\n# Inner\ntext inside\n```",
    "math block": "$$\n# text inside\n$$",
    "footnote": "Body[^1].\n\n[^1]: text inside\n    # Inner",
    "comment": "%%\n# Inner\n%%\ntext inside",
}


def _render(tokens: list) -> str:  # type: ignore[type-arg]
    md = obsidian_parser()
    return str(md.renderer.render(tokens, md.options, {}))


@pytest.mark.parametrize("kind", list(BLOCKS))
def test_section_takes_the_whole_block_and_stops_at_the_next_top_heading(kind: str) -> None:
    text = f"# Title\n\n## Definition\n\n{BLOCKS[kind]}\n\n## Next\n\nafter\n"
    note = NoteSlices.of(obsidian_parser().parse(text))
    chosen = note.section(["Definition"])
    assert chosen is not None
    assert balanced(chosen)
    html = _render(chosen)
    assert "Definition" in html
    assert "after" not in html and "Next" not in html
    if kind not in ("comment", "footnote"):
        assert "text inside" in html


def test_issue_9_callout_with_a_heading_inside_is_not_cut() -> None:
    text = "## Definition\n> [!note]\n> # Inner\n> text\n"
    chosen = NoteSlices.of(obsidian_parser().parse(text)).section(["Definition"])
    assert chosen is not None and balanced(chosen)
    assert [t.type for t in chosen][-1] == "callout_close"


def test_a_heading_inside_a_callout_ends_where_the_callout_ends() -> None:
    text = "> [!note]\n> ## Inner\n> inside\n\noutside\n"
    chosen = NoteSlices.of(obsidian_parser().parse(text)).section(["Inner"])
    assert chosen is not None and balanced(chosen)
    html = _render(chosen)
    assert "inside" in html and "outside" not in html


def test_nested_heading_path_and_same_level_end() -> None:
    text = "# A\n\n## X\n\none\n\n# B\n\n## X\n\ntwo\n\n### Deeper\n\nthree\n\n## Y\n\nfour\n"
    note = NoteSlices.of(obsidian_parser().parse(text))
    chosen = note.section(["B", "X"])
    assert chosen is not None
    html = _render(chosen)
    assert "two" in html and "three" in html
    assert "one" not in html and "four" not in html
    assert note.section(["A", "X"]) is not None
    assert note.section(["C", "X"]) is None
    assert note.section(["Missing"]) is None


def test_section_under_a_heading_that_holds_a_hash() -> None:
    """Obsidian writes ``#<font color="#ffc000">A</font>#X``: the "#" of the colour is
    part of the heading, not a step of the path."""
    text = '## <font color="#ffc000">A</font>\n\n### X\n\none\n\n## B\n\n### X\n\ntwo\n'
    note = NoteSlices.of(obsidian_parser().parse(text))
    chosen = note.section(['<font color="', 'ffc000">A</font>', "X"])
    assert chosen is not None
    html = _render(chosen)
    assert "one" in html and "two" not in html


@pytest.mark.parametrize(
    ("text", "first", "last", "shown"),
    [
        ("> [!note]\n> body\n\n^b\n", "callout_open", "callout_close", "body"),
        ("> quote\n\n^b\n", "blockquote_open", "blockquote_close", "quote"),
        ("- one\n- two\n\n^b\n", "bullet_list_open", "bullet_list_close", "two"),
        ("| a |\n| - |\n| 1 |\n\n^b\n", "table_open", "table_close", "1"),
        ("```\ncode\n```\n\n^b\n", "fence", "fence", "code"),
        ("- one ^b\n- two\n", "bullet_list_open", "bullet_list_close", "one"),
        ("Para text ^b\n\nOther\n", "paragraph_open", "paragraph_close", "Para"),
        ("> quote\n\n^a\n\n^b\n\nOther\n", "blockquote_open", "blockquote_close", "quote"),
        # under a heading, the id names the heading's whole section
        (
            "## H\n^b\n\nPara\n\n### Sub\n\ndeep\n\n## Other\n",
            "heading_open",
            "paragraph_close",
            "deep",
        ),
    ],
)
def test_block_embeds_take_the_whole_block_without_its_id(
    text: str, first: str, last: str, shown: str
) -> None:
    chosen = NoteSlices.of(obsidian_parser().parse(text)).block("b")
    assert chosen is not None and balanced(chosen)
    assert (chosen[0].type, chosen[-1].type) == (first, last)
    html = _render(chosen)
    assert shown in html and "^b" not in html and "Other" not in html
    if text.startswith("- one ^b"):
        assert "two" not in html


def test_balanced() -> None:
    tokens = obsidian_parser().parse("> a\n")
    assert balanced(tokens)
    assert not balanced(tokens[:-1])
    assert not balanced(tokens[1:])


def test_many_block_ids_index_in_one_pass() -> None:
    text = "".join(f"line {n} ^b{n}\n\n" for n in range(20_000))
    note = NoteSlices.of(obsidian_parser().parse(text))
    assert len(note.blocks) == 20_000
    chosen = note.block("b19999")
    assert chosen is not None and "line 19999" in _render(chosen)
