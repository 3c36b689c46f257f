"""Pure pieces of "nothing private": the reader's copy of a note, ambiguous publish values,
templates folders. Tables, no Sphinx."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wikilink_ext.vault.frontmatter import parse_frontmatter
from wikilink_ext.vault.publish import decide, excluded_reason, publish_value
from wikilink_ext.vault.settings import template_patterns
from wikilink_ext.vault.visible import reader_copy, shown_properties


@pytest.mark.parametrize(
    ("note", "copy"),
    [
        ("a %%secret%% b", "a  b"),
        ("a\n%%\nsecret\n\nmore secret\n%%\nb", "a\nb"),
        ("a %%unclosed\n\nstill hidden", "a "),
        ("`%%code%%` and ``x %% y`` stay", "`%%code%%` and ``x %% y`` stay"),
        ("```\n%%in a fence%%\n```\n%%gone%%", "```\n%%in a fence%%\n```"),
        ("~~~md\n%%\n~~~\nafter", "~~~md\n%%\n~~~\nafter"),
        ("---\npublish: true\nsecret: x\n---\n# T", "# T"),
        ("---\ntitle: T\nSecret: x\ntags: [a]\n---\nbody", "---\ntitle: T\ntags:\n- a\n---\nbody"),
        ("---\rpublish: false\rsecret: x\r---\rbody %%c%%\r", "body \n"),
        ("\ufeff---\ndescription: d\n---\nx", "---\ndescription: d\n---\nx"),
    ],
)
def test_reader_copy(note: str, copy: str) -> None:
    assert reader_copy(note) == copy


def test_shown_properties_keep_what_a_page_shows() -> None:
    kept = shown_properties("title: T\nsecret: s\norphan: true\nog:image: x.png\n")
    assert "secret" not in kept and "title: T" in kept and "orphan" in kept and "og:image" in kept
    assert shown_properties("secret: s\n") == "{}"  # not empty: MyST warns on an empty block


@pytest.mark.parametrize(
    ("value", "verdict"),
    [(float("nan"), None), (float("inf"), None), (2, None), (1, True), (0, False), (1.0, True)],
)
def test_numbers_other_than_0_and_1_are_not_a_publish_decision(
    value: float, verdict: bool | None
) -> None:
    assert publish_value(value) is verdict


@pytest.mark.parametrize(
    "frontmatter",
    [
        "publish: false\nPublish: true\n",
        "publish: true\npublish: true\n",
        "Publish: no\npublish: yes\n",
    ],
)
def test_a_repeated_publish_key_is_not_published_and_says_where(frontmatter: str) -> None:
    read = parse_frontmatter(f"---\n{frontmatter}---\n")
    verdict = decide("Note.md", read.data, keys=read.keys)
    assert not verdict.published
    assert verdict.problem is not None and "lines 2, 3" in verdict.problem


@pytest.mark.parametrize(
    ("relpath", "excluded"),
    [
        ("TEMPLATES/T.md", True),  # the top-level templates folder, in any case
        ("Meta/Templates/T.md", False),  # a content folder named so, deeper in the vault
        ("a/b/templates/T.md", False),
        ("Templates.md", False),  # a note named so is not a folder
        ("My templates/T.md", False),
    ],
)
def test_the_top_level_templates_folder_only(tmp_path: Path, relpath: str, excluded: bool) -> None:
    for folder in ("TEMPLATES", "Meta/Templates", "a/b/templates", "My templates"):
        (tmp_path / folder).mkdir(parents=True)
    patterns = template_patterns(tmp_path)
    assert patterns == ["TEMPLATES/**"]
    assert (excluded_reason(relpath, patterns) is not None) is excluded


def test_a_folder_pattern_names_a_folder_at_any_depth_and_case() -> None:
    assert excluded_reason("a/_Drafts/D.md", ["_drafts"]) is not None
    assert excluded_reason("_drafts.md", ["_drafts"]) is None


def test_the_templates_folder_of_the_obsidian_settings(tmp_path: Path) -> None:
    (tmp_path / ".obsidian" / "plugins" / "templater-obsidian").mkdir(parents=True)
    (tmp_path / ".obsidian" / "templates.json").write_text(json.dumps({"folder": "Meta/[x]/"}))
    data = tmp_path / ".obsidian" / "plugins" / "templater-obsidian" / "data.json"
    data.write_text(json.dumps({"templates_folder": "Scaffold"}))
    patterns = template_patterns(tmp_path)
    assert patterns == ["Meta/[[]x]/**", "Scaffold/**"]
    assert excluded_reason("Meta/[x]/Day.md", patterns) is not None
    assert excluded_reason("Meta/x/Day.md", patterns) is None  # the name is literal
    assert excluded_reason("Scaffold/Day.md", patterns) is not None
    assert excluded_reason("Notes/Scaffold/Day.md", patterns) is None  # a path from the top


def test_broken_obsidian_settings_are_ignored(tmp_path: Path) -> None:
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / ".obsidian" / "templates.json").write_text("{not json")
    assert template_patterns(tmp_path) == []
