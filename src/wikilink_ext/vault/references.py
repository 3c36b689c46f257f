"""The References note: list items that each hold one citation key and end with ``^id``.

``[[References#^id|…]]`` anywhere in the vault is then a citation of that key. Parsed once
per build from the note's text, before any note is read, because citations are recorded
while notes are read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

__all__ = ["ReferenceList", "key_filter", "parse_reference_list"]


@dataclass
class ReferenceList:
    keys: dict[str, str] = field(default_factory=dict)
    """Block id → citation key."""
    problems: list[tuple[int, str]] = field(default_factory=list)
    """(1-based line, message) for items that are not exactly one key, or duplicate ids."""


def _citation_keys(tokens: list[Token]) -> list[str]:
    keys: list[str] = []
    for token in tokens:
        if token.type == "citation":
            keys.extend(item.key for item in token.meta["citation"].items)
        elif token.type == "wikilink_open" and token.meta["target"].path.startswith("@"):
            keys.append(token.meta["target"].path[1:])
        if token.children:
            keys.extend(_citation_keys(token.children))
    return keys


def parse_reference_list(text: str, md: MarkdownIt) -> ReferenceList:
    """Map each block id of a list item to the single citation key the item holds."""
    result = ReferenceList()
    tokens = md.parse(text)
    lines: dict[str, int] = {}
    for index, token in enumerate(tokens):
        if token.type != "list_item_open":
            continue
        block_id = (token.meta or {}).get("block_id")
        depth, end = 0, index
        for end in range(index, len(tokens)):
            depth += tokens[end].nesting
            if depth == 0:
                break
        keys = list(dict.fromkeys(_citation_keys(tokens[index:end])))
        line = (token.map[0] + 1) if token.map else 1
        if not keys and block_id is None:
            continue
        if len(keys) != 1:
            found = ", ".join(keys) if keys else "none"
            result.problems.append(
                (line, f"References item must hold exactly one citation key (found: {found})")
            )
            continue
        if block_id is None:
            continue
        if block_id in result.keys:
            result.problems.append(
                (line, f"duplicate block id ^{block_id} (first at line {lines[block_id]})")
            )
            continue
        result.keys[block_id] = keys[0]
        lines[block_id] = line
    return result


def _trie_pattern(words: Iterable[str]) -> str:
    """A regular expression matching exactly ``words``, shaped as a trie (no backtracking
    across alternatives: matching one key costs its length, whatever the number of keys)."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:  # type: ignore[type-arg]
        branches = [re.escape(char) + build(node[char]) for char in sorted(node) if char]
        if not branches:
            return ""
        body = "|".join(branches)
        if "" in node:
            return f"(?:{body})?"
        return branches[0] if len(branches) == 1 else f"(?:{body})"

    return build(trie)


def key_filter(keys: Iterable[str]) -> str:
    """A sphinxcontrib-bibtex ``:filter:`` expression selecting exactly ``keys``.

    sphinxcontrib-bibtex evaluates the filter once per entry of the bibliography files; a
    set literal (``key in {…}``) is rebuilt at each evaluation, so 5,000 entries cost
    25 million steps. A regular expression is one constant, compiled once (``re`` caches
    it), and matching one entry costs the length of its key. The filter lower-cases
    ``key``, so the keys are lower-cased here too.
    """
    pattern = "^" + _trie_pattern(sorted({k.lower() for k in keys})) + "$"
    return f"key % {pattern!r}"
