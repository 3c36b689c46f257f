"""The book's own promises, checked on every entry: structure, length, sources, links."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wikilink_ext.syntax.markdown import obsidian_parser
from wikilink_ext.vault.scan import read_frontmatter

BOOK = Path(__file__).resolve().parent.parent / "book"
INDEX = (BOOK / "index.md").read_text(encoding="utf-8")
PARTS = {
    title: re.findall(r"^\d+\. \[\[([^\]|]+)\]\] \u2014 \S", body, re.M)
    for title, body in re.findall(r"^## (.+)\n((?:(?!^## ).*\n?)*)", INDEX, re.M)
}
ENTRIES = [name for entries in PARTS.values() for name in entries]
NOTES = {p.stem for p in BOOK.glob("*.md")}


def test_index_lists_24_concepts_then_10_methods_each_with_a_one_liner() -> None:
    assert [(title, len(entries)) for title, entries in PARTS.items() if entries] == [
        ("The main concepts", 24),
        ("The main methods", 10),
    ]
    assert len(set(ENTRIES)) == 34


def tokens_of(text: str) -> list:  # type: ignore[type-arg]
    found = []
    stack = list(obsidian_parser().parse(text))
    while stack:
        token = stack.pop(0)
        found.append(token)
        stack[0:0] = token.children or []
    return found


def prose_words(text: str) -> int:
    body = text.split("\n---", 1)[1] if text.startswith("---") else text
    body = re.sub(r"\$\$.*?\$\$|\$[^$\n]+\$", " ", body, flags=re.S)  # maths
    body = re.sub(r"\[-?@[^\]]+\]|@\w+", " ", body)  # citations
    return len(re.findall(r"[A-Za-z][A-Za-z'\u2019-]*", body))


@pytest.mark.parametrize("name", ENTRIES)
def test_entry(name: str) -> None:
    path = BOOK / f"{name}.md"
    assert path.exists(), f"missing note {name}.md"
    text = path.read_text(encoding="utf-8")
    front = read_frontmatter(text)
    assert front.get("aliases"), "frontmatter aliases"
    assert front.get("tags"), "frontmatter tags"
    assert front.get("description"), "frontmatter description"
    tokens = tokens_of(text)
    headings = [
        tokens[i + 1].content
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.tag == "h1"
    ]
    assert headings == [name], "one H1, equal to the note's name"
    kinds = [t.meta["kind"].canonical for t in tokens if t.type == "callout_open"]
    assert "abstract" in kinds or "note" in kinds, "a definition callout"
    assert "example" in kinds, "an 'in practice' / worked example callout"
    keys = {item.key for t in tokens if t.type == "citation" for item in t.meta["citation"].items}
    assert len(keys) >= 2, f"at least two sources, found {sorted(keys)}"
    links = {t.meta["target"].path for t in tokens if t.type in ("wikilink_open", "wikilink_embed")}
    for link in links - {""}:
        assert link in NOTES or (BOOK / link).exists(), (
            f"link to a note that does not exist: {link}"
        )
    assert any(link in ENTRIES for link in links), "links to related entries"
    words = prose_words(text)
    assert 500 <= words <= 1700, f"{words} words"  # 500-1,500 of prose, with headings and lists


def test_quotes_in_notes_cite_their_source() -> None:
    """Every quote callout in the vault carries a citation (the build warns too)."""
    for path in BOOK.glob("*.md"):
        tokens = list(obsidian_parser().parse(path.read_text(encoding="utf-8")))
        for index, token in enumerate(tokens):
            if token.type == "callout_open" and token.meta["kind"].canonical == "quote":
                depth, end = 0, index
                for end in range(index, len(tokens)):
                    depth += tokens[end].nesting
                    if depth == 0:
                        break
                inner = [t for tok in tokens[index:end] for t in [tok, *(tok.children or [])]]
                cited = any(
                    t.type == "citation" or (t.type == "wikilink_open" and t.meta["target"].block)
                    for t in inner
                )
                assert cited, f"{path.name}:{(token.map or [0])[0] + 1}: quote without a citation"
