"""The publish decision and the readers it relies on, as tables (no Sphinx)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from wikilink_ext.pages.tagpages import tag_slug
from wikilink_ext.sphinx_ext.sanitize import clean_block, clean_tag
from wikilink_ext.vault.frontmatter import MAX_BYTES, parse_frontmatter
from wikilink_ext.vault.index import VaultIndex
from wikilink_ext.vault.publish import decide, excluded_reason, publish_value
from wikilink_ext.vault.references import key_filter
from wikilink_ext.vault.scan import read_note, string_list


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        (False, False),
        (None, False),  # `publish:` with no value, `null`, `~`: an unticked box
        ("true", True),
        ("True", True),
        (" yes ", True),
        ("on", True),
        ("1", True),
        (1, True),
        ("false", False),
        ("False ", False),
        ("FALSE", False),
        ("no", False),
        ("No", False),
        ("off", False),
        ("0", False),
        (0, False),
        ("", False),
        ("null", False),
        ("draft", None),  # neither: not published, and the author is told
        (["false"], None),
        ({"a": 1}, None),
    ],
)
def test_publish_value(value: Any, expected: bool | None) -> None:
    assert publish_value(value) is expected


@pytest.mark.parametrize(
    ("relpath", "frontmatter", "kwargs", "published", "reason"),
    [
        ("Note.md", {}, {}, True, ""),
        ("Note.md", {"publish": True}, {}, True, ""),
        ("Note.md", {"publish": False}, {}, False, "publish: false"),
        ("Note.md", {"Publish": "no"}, {}, False, "publish: false"),
        ("Note.md", {" PUBLISH ": 0}, {}, False, "publish: false"),
        ("Note.md", {"publish": True, "Publish": False}, {}, False, "publish: false"),
        ("Note.md", {"publish": "draft"}, {}, False, "publish: 'draft'"),
        ("Plan [draft].md", {"publish": False}, {}, False, "publish: false"),
        ("Plan [draft].md", {}, {}, True, ""),
        (".trash/Old.md", {}, {}, False, "in the hidden folder '.trash'"),
        (".obsidian/x.md", {}, {}, False, "in the hidden folder '.obsidian'"),
        ("a/_drafts/D.md", {}, {}, True, ""),  # Obsidian shows "_" folders
        ("a/_Drafts/D.md", {}, {"patterns": ["_drafts"]}, False, "ignored by the pattern"),
        (".hidden.md", {}, {}, False, "a hidden file"),
        ("Templates/Day.md", {}, {"patterns": ["Templates"]}, False, "ignored by the pattern"),
        ("Notes/Templates x.md", {}, {"patterns": ["Templates"]}, True, ""),
        # a note's own name is never a pattern: "[draft]" is not a character class
        ("Plan d.md", {}, {"patterns": ["Plan [draft].md"]}, False, "ignored by the pattern"),
        ("Note.md", {}, {"inside": False}, False, "outside the vault"),
        ("Note.md", {}, {"unreadable": "invalid YAML"}, False, "unreadable frontmatter"),
    ],
)
def test_decide(
    relpath: str, frontmatter: dict[str, Any], kwargs: Any, published: bool, reason: str
) -> None:
    verdict = decide(relpath, frontmatter, **kwargs)
    assert verdict.published is published
    assert verdict.reason.startswith(reason)


def test_configured_patterns_are_globs_written_by_the_owner() -> None:
    # the owner's pattern is a glob; the character class matches "Plan d.md" (see above),
    # which is why a note's own name must never be added as a pattern unescaped
    assert excluded_reason("Plan [draft].md", ["Plan [draft].md"]) is None
    assert excluded_reason("private/a/b.md", ["private"]) is not None


@pytest.mark.parametrize(
    ("text", "data", "problem"),
    [
        ("# no frontmatter\n", {}, None),
        ("---\npublish: false\n---\n# x\n", {"publish": False}, None),
        ("\ufeff---\npublish: false\n---\n# x\n", {"publish": False}, None),
        ("---\r\npublish: false\r\n---\r\n", {"publish": False}, None),
        ("---\npublish: [\n---\n", {}, "invalid frontmatter YAML"),
        ("---\npublish: false\n", {}, "no closing"),
        ("---\n- a\n- b\n---\n", {}, "not a mapping"),
        ("---\na: &x [1, 2]\nb: *x\n---\n", {}, "YAML alias"),
        ("---\n---\n", {}, None),
    ],
)
def test_parse_frontmatter(text: str, data: dict[str, Any], problem: str | None) -> None:
    read = parse_frontmatter(text)
    assert read.data == data
    if problem is None:
        assert read.problem is None
    else:
        assert read.problem is not None and problem in read.problem


def test_alias_bomb_is_refused_before_it_expands() -> None:
    lines = ["---", 'a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 30)]
    lines += ["aliases: *a29", "---", "# Bomb"]
    read = parse_frontmatter("\n".join(lines))
    assert read.data == {}
    assert read.problem is not None and "alias" in read.problem
    assert read.line == 3  # the first alias, in the note's own lines


def test_frontmatter_over_the_size_cap_is_unreadable() -> None:
    big = "---\n" + "".join(f"k{i}: {'v' * 60}\n" for i in range(MAX_BYTES // 60 + 10)) + "---\n"
    read = parse_frontmatter(big)
    assert read.data == {} and read.problem is not None and "larger than" in read.problem


@pytest.mark.parametrize(
    ("raw", "text", "problem"),
    [
        (b"# ok\n", "# ok\n", None),
        (b"\xef\xbb\xbf# bom\n", "# bom\n", None),
        (b"caf\xe9\n", "caf\ufffd\n", "not UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", None, "binary"),
    ],
)
def test_read_note(raw: bytes, text: str | None, problem: str | None) -> None:
    got, why = read_note(raw)
    assert got == text
    assert (why is None) if problem is None else (why is not None and problem in why)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ()),
        ("a, b", ("a", "b")),
        (["Dr. Who", "Node.js"], ("Dr. Who", "Node.js")),
        ([["a", "b"], "c"], ("a", "b", "c")),
        ({"Dr": "Who"}, ("Dr: Who",)),
        ([{"Dr": "Who"}, "x"], ("Dr: Who", "x")),
        ([1, 2.5], ("1", "2.5")),
    ],
)
def test_string_list(value: Any, expected: tuple[str, ...]) -> None:
    assert string_list(value) == expected


@pytest.mark.parametrize(
    ("link", "target"),
    [
        ("Dr. Who", "Doctor"),
        ("dr. who", "Doctor"),
        ("Node.js", "Runtime"),
        ("Caf\u00e9", "Caf\u0065\u0301"),  # NFC link, NFD file name
        ("Caf\u0065\u0301", "Caf\u0065\u0301"),
    ],
)
def test_resolution_of_dotted_aliases_and_nfd_names(link: str, target: str) -> None:
    index = VaultIndex(
        {"Doctor": ["Dr. Who"], "Runtime": ["Node.js"], "Caf\u0065\u0301": []}, {"a.png"}
    )
    found = index.resolve(link, "")
    assert (found.kind, found.target) == ("note", target)


@pytest.mark.parametrize(
    ("tags", "distinct"),
    [
        (["a/b", "a--b"], True),
        (["a/b", "A/B"], False),  # tags are case-insensitive in Obsidian
        (["a b", "a-b"], True),
        (["<script>", "script"], True),
        (["x" * 300, "x" * 301], True),
    ],
)
def test_tag_slugs_are_distinct(tags: list[str], distinct: bool) -> None:
    slugs = [tag_slug(t) for t in tags]
    assert (len(set(slugs)) == len(slugs)) is distinct
    for slug in slugs:
        assert re.fullmatch(r"[\w.-]{1,100}", slug)


def test_key_filter_selects_exactly_the_keys() -> None:
    keys = ["olah2020zoom", "olah2020", "Elhage2021", "a.b+c", "x" * 40]
    expression = key_filter(keys)
    assert expression.startswith("key % ")
    pattern = eval(expression.removeprefix("key % "))  # a plain string literal
    for key in keys:
        assert re.search(pattern, key.lower(), re.IGNORECASE)
    for other in ["olah2020zoo", "olah", "elhage2021x", "abbc", "x" * 39, ""]:
        assert not re.search(pattern, other, re.IGNORECASE)


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("<script>", None),
        ("</script>", None),
        ("<iframe src=x>", None),
        ("<style>", None),
        ("<br>", "<br>"),
        ("</br>", ""),
        ("<sup>", "<sup>"),
        ("</sup>", "</sup>"),
        ('<span class="x" onclick="alert(1)">', '<span class="x">'),
        ('<a href="javascript:alert(1)">', '<a rel="noopener noreferrer">'),
        ("<img src=x onerror=alert(1)>", '<img src="x">'),
        ("<!-- note -->", ""),
        # Obsidian's coloured text: kept, without what could run
        ('<font color="#ffc000">', '<font color="#ffc000">'),
        ("</font>", "</font>"),
        ('<font color="red" onmouseover="alert(1)" style="x">', '<font color="red">'),
    ],
)
def test_clean_tag(tag: str, expected: str | None) -> None:
    assert clean_tag(tag) == expected


def test_clean_block() -> None:
    cleaned = clean_block('<div onclick="x()"><script>alert(1)</script><b>bold</b></div>')
    assert cleaned == "<div><b>bold</b></div>"
