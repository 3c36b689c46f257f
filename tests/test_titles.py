"""Obsidian's title rule and the home note, as tables (pure functions, no Sphinx)."""

from __future__ import annotations

import pytest

from wikilink_ext.syntax.markdown import obsidian_parser
from wikilink_ext.vault.home import find_home_note
from wikilink_ext.vault.titles import leading_h1, note_title, same_title

MD = obsidian_parser()


@pytest.mark.parametrize(
    ("text", "h1"),
    [
        ("# Title\n\nText", "Title"),
        ("---\ntags: [a]\n---\n# Title\n", "Title"),
        ("%% a comment %%\n# Title\n", "Title"),
        ("<!-- note -->\n# Title\n", "Title"),
        ("## Starts at H2\n", None),
        ("Text first.\n\n# Later H1\n", None),
        ("", None),
        ("> # In a quote\n", None),
        ("#\n", None),
        ("Title\n=====\n", "Title"),
    ],
)
def test_leading_h1(text: str, h1: str | None) -> None:
    assert leading_h1(MD.parse(text)) == h1


@pytest.mark.parametrize(
    ("docname", "frontmatter", "title"),
    [
        ("Note", None, "Note"),
        ("folder/Note", None, "Note"),
        ("folder/2024.01.02 Standup", None, "2024.01.02 Standup"),
        ("Note", "From properties", "From properties"),
        ("Note", "  ", "Note"),
        ("Note", 2024, "2024"),
        ("Untitled 2", None, "Untitled 2"),
        ("Café Crème", None, "Café Crème"),
        ("10 - TCP", None, "10 - TCP"),  # its first heading, "introduzione", is content
    ],
)
def test_note_title(docname: str, frontmatter: object, title: str) -> None:
    assert note_title(docname, frontmatter) == title


@pytest.mark.parametrize(
    ("h1", "title", "same"),
    [
        ("Circuit", "Circuit", True),
        ("circuit  head", "Circuit head", True),
        ("introduzione", "10 - TCP", False),
        ("1 [[Alpha]]", "Heading link", False),
        (None, "Note", False),
    ],
)
def test_h1_is_the_title_only_when_it_says_it(h1: str | None, title: str, same: bool) -> None:
    assert same_title(h1, title) is same


@pytest.mark.parametrize(
    ("docnames", "vault", "home"),
    [
        (["index", "Home", "A"], "v", "index"),
        (["Home", "README", "A"], "v", "Home"),
        (["home", "A"], "v", "home"),
        (["README", "Welcome"], "v", "README"),
        (["Welcome", "A"], "v", "Welcome"),
        (["My Vault", "A"], "my vault", "My Vault"),
        (["A", "B"], "v", None),
        (["sub/index", "A"], "v", None),  # only the vault's top level counts
        (["Index", "index"], "v", "index"),  # exact case first
        ([], "", None),
    ],
)
def test_find_home_note(docnames: list[str], vault: str, home: str | None) -> None:
    assert find_home_note(docnames, vault) == home


def test_generated_home_lists_notes_folder_by_folder() -> None:
    from wikilink_ext.sphinx_ext.defaults import home_markdown

    text = home_markdown("My vault", ["b", "A", "x/y/Deep", "x/Note", "x/y/Another"])
    assert text.splitlines() == [
        "# My vault",
        "",
        "- **x**",
        "  - **y**",
        "    - [Another](/x/y/Another.md)",
        "    - [Deep](/x/y/Deep.md)",
        "  - [Note](/x/Note.md)",
        "- [A](/A.md)",
        "- [b](/b.md)",
    ]


@pytest.mark.parametrize(
    ("text", "types"),
    [
        # $$ straight after a paragraph line is display maths, and the links after it stay
        (
            "Text\n$$\na \\\\ b\n$$\nSee [[X]] and $y$.\n",
            ["paragraph_open", "inline", "paragraph_close", "math_block", "paragraph_open"],
        ),
        # without a closing $$ the paragraph goes on
        ("Text\n$$\nnot maths\n", ["paragraph_open", "inline", "paragraph_close"]),
        ("- item\n$$\nx\n$$\n", ["bullet_list_open", "list_item_open", "paragraph_open"]),
    ],
)
def test_display_maths_interrupts_a_paragraph(text: str, types: list[str]) -> None:
    tokens = MD.parse(text)
    assert [t.type for t in tokens][: len(types)] == types
    if "math_block" in types:
        math = next(t for t in tokens if t.type == "math_block")
        assert "a \\\\ b" in math.content
        inline = [t for t in tokens if t.type == "inline"][-1]
        kinds = [c.type for c in inline.children or []]
        assert kinds.count("wikilink_open") == 1
        assert "math_inline" in kinds
