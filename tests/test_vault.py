"""Link resolution as a table: one row per Obsidian rule (see src/wikilink_ext/vault/index.py)."""

from __future__ import annotations

import pytest

from wikilink_ext.vault.index import Heading, VaultIndex, find_heading, heading_key

VAULT = VaultIndex(
    {
        "index": (),
        "Neuron": ("Neurons",),
        "QK-Circuit": ("QK circuit",),
        "a/Note": (),
        "b/Note": (),
        "b/c/Other": (),
        "x/Deep/Note": (),
        "Case": (),
        "case": (),
    },
    ["figures/plot.png", "docs/paper.pdf", "Figure 1.png"],
)


@pytest.mark.parametrize(
    ("link", "source", "kind", "target", "via", "ambiguous"),
    [
        ("Neuron", "index", "note", "Neuron", "name", False),
        ("neuron", "a/Note", "note", "Neuron", "casefold", False),
        ("Neuron.md", "index", "note", "Neuron", "name", False),
        ("Neurons", "index", "note", "Neuron", "alias", False),
        ("qk circuit", "index", "note", "QK-Circuit", "alias", False),
        ("b/Note", "index", "note", "b/Note", "path", False),
        ("/b/Note", "a/Note", "note", "b/Note", "path", False),
        ("../b/Note", "a/Note", "note", "b/Note", "relative", False),
        ("c/Other", "index", "note", "b/c/Other", "suffix", False),
        ("B/NOTE", "index", "note", "b/Note", "casefold", False),
        ("Note", "b/c/Other", "note", "b/Note", "name", True),  # nearest by path, not forced
        ("Note", "a/Note", "note", "a/Note", "name", False),  # same folder: forced
        ("Note", "index", "note", "a/Note", "name", True),
        ("Case", "index", "note", "Case", "name", False),  # exact case beats case-folding
        ("case", "index", "note", "case", "name", False),
        ("plot.png", "index", "attachment", "figures/plot.png", "name", False),
        ("Figure 1.png", "a/Note", "attachment", "Figure 1.png", "name", False),
        ("docs/paper.pdf", "index", "attachment", "docs/paper.pdf", "path", False),
        ("PAPER.PDF", "index", "attachment", "docs/paper.pdf", "casefold", False),
        ("Nothing", "index", "missing", None, "", False),
        ("../../etc/passwd", "index", "missing", None, "", False),
        ("plot", "index", "missing", None, "", False),  # attachments need their extension
    ],
)
def test_resolve(
    link: str, source: str, kind: str, target: str | None, via: str, ambiguous: bool
) -> None:
    found = VAULT.resolve(link, source)
    assert (found.kind, found.target, found.via, found.ambiguous) == (kind, target, via, ambiguous)


def test_ambiguous_lists_candidates_nearest_first() -> None:
    found = VAULT.resolve("Note", "b/c/Other")
    assert found.candidates == ("b/Note", "a/Note", "x/Deep/Note")


def test_suggestions_for_missing_names() -> None:
    assert "Neuron" in VAULT.resolve("Nueron", "index").suggestions
    assert "Neurons" in VAULT.resolve("Neurns", "index").suggestions


def test_empty_link_is_the_linking_note() -> None:
    assert VAULT.resolve("", "a/Note").target == "a/Note"


HEADINGS = [
    Heading("Intro", 1, "intro"),
    Heading("Setup", 2, "setup"),
    Heading("Details", 3, "details"),
    Heading("Results: 95%", 2, "results-95"),
    Heading("Details", 3, "details-1"),
    Heading('<font color="#ffc000">Colour</font>', 2, "colour"),
    Heading("Shade", 3, "shade"),
    Heading('<font color="#00ff00">Green</font>', 2, "green"),
    Heading("Shade", 3, "shade-1"),
]


@pytest.mark.parametrize(
    ("wanted", "anchor"),
    [
        (["Setup"], "setup"),
        (["setup"], "setup"),  # case-insensitive
        (["Details"], "details"),  # first in document order
        (["Results: 95%", "Details"], "details-1"),  # nested
        (
            ["Intro", "Results 95", "Details"],
            "details-1",
        ),  # ancestors in order, punctuation dropped
        (["Setup", "Details"], "details"),
        (["Results 95"], "results-95"),
        (["Nope"], None),
        # Obsidian reads a path part by part in document order, not as parent and child:
        # its help ("Internal links": "You can add multiple hashtags for each subheading")
        # and reimplementations that follow it (obsidian-webpage-export issue #458:
        # "#S1#E02 and #S2#E02 can jump to the first and second E02 headings"; a plugin's
        # resolveSubpath mock "as Obsidian does": "#Keep#Cellar is the Cellar after Keep")
        (["Setup", "Results: 95%"], "results-95"),  # a sibling after Setup, not under it
        (["Intro", "Setup", "Shade"], "shade"),  # Shade sits under a sibling of Setup
        (["Results: 95%", "Setup"], None),  # Setup comes before Results
        (['<font color="', 'ffc000">Colour</font>'], "colour"),  # a "#" inside the heading
        # Obsidian's own link to a heading under a coloured heading (Ludobico's vault)
        (['<font color="', 'ffc000">Colour</font>', "Shade"], "shade"),
        (['<font color="', '00ff00">Green</font>', "Shade"], "shade-1"),
        (['<font color="', '00ff00">Green</font>', "Details"], None),
    ],
)
def test_find_heading(wanted: list[str], anchor: str | None) -> None:
    found = find_heading(HEADINGS, wanted)
    assert (found.anchor if found else None) == anchor


def test_heading_key() -> None:
    assert heading_key("  A:  B|c  ") == "a b c"


def test_a_file_name_that_ends_in_a_space() -> None:
    # "Welcome to Apache Maven .md" (a real vault's file): the generated home page links
    # it by its path, space included, and must not report it missing
    index = VaultIndex({"Resources/Welcome to Apache Maven ": ()}, set())
    found = index.resolve("/Resources/Welcome to Apache Maven ", "index")
    assert found.target == "Resources/Welcome to Apache Maven "
    assert index.resolve("Other ", "index").kind == "missing"
