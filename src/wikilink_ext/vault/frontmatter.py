"""Read a note's frontmatter without trusting it: bounded, alias-free YAML.

Obsidian's properties are plain keys with scalars or lists; they never need YAML anchors
and aliases (``&a`` / ``*a``), and an alias "bomb" of a few hundred bytes expands to
gigabytes once anything walks it. So frontmatter that uses aliases, that is larger than
:data:`MAX_BYTES`, that holds more than :data:`MAX_NODES` values, or that is not valid
YAML is *unreadable*: the caller gets a located problem, never a half-read mapping, and
the publish decision (:mod:`wikilink_ext.vault.publish`) treats it as not published.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

__all__ = ["MAX_BYTES", "MAX_NODES", "Frontmatter", "parse_frontmatter"]

MAX_BYTES = 64 * 1024
"""Largest frontmatter block read (UTF-8 bytes between the ``---`` lines)."""
MAX_NODES = 10_000
"""Most YAML nodes (scalars, lists, mappings) a frontmatter block may hold."""

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader when libyaml is there
_BOM = "\ufeff"


@dataclass(frozen=True)
class Frontmatter:
    """The outcome of reading one note's frontmatter."""

    data: dict[str, Any]
    """The mapping ({} when there is none or it cannot be read)."""
    present: bool = False
    """The note starts with a ``---`` line (after an optional BOM)."""
    problem: str | None = None
    """Why the frontmatter cannot be read; None when it was read (or is absent)."""
    line: int = 1
    """1-based line the problem is at."""
    end_line: int = 0
    """Line of the closing ``---`` (0 when there is no frontmatter)."""
    keys: tuple[tuple[str, int], ...] = ()
    """Every top-level property name with its 1-based line, in order, repeats included
    (YAML keeps only the last of a repeated key; the publish decision must see them all)."""


def parse_frontmatter(text: str) -> Frontmatter:
    """Parse the leading ``---`` YAML block of ``text`` (a UTF-8 BOM before it is allowed)."""
    if text.startswith(_BOM):
        text = text[1:]
    # CR-only and CRLF line ends are line ends, as markdown-it and Obsidian read them
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.startswith("---"):
        return Frontmatter({})
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return Frontmatter({})
    size = 0
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            return _load("\n".join(lines[1:index]), index + 1)
        size += len(line.encode("utf-8", "replace")) + 1
        if size > MAX_BYTES:
            return Frontmatter(
                {}, True, f"frontmatter larger than {MAX_BYTES // 1024} KB", index + 1, 0
            )
    return Frontmatter({}, True, "frontmatter has no closing '---' line", 1, 0)


def _load(source: str, end_line: int) -> Frontmatter:
    try:
        nodes = 0
        for event in yaml.parse(source, Loader=_LOADER):
            if isinstance(event, yaml.AliasEvent):
                line = event.start_mark.line + 2 if event.start_mark else 1
                return Frontmatter(
                    {},
                    True,
                    "frontmatter uses a YAML alias (*name); properties cannot, so it is not read",
                    line,
                    end_line,
                )
            if isinstance(event, yaml.NodeEvent):
                nodes += 1
                if nodes > MAX_NODES:
                    return Frontmatter(
                        {}, True, f"frontmatter holds more than {MAX_NODES} values", 1, end_line
                    )
        loader = _LOADER(source)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        return Frontmatter({}, True, f"invalid frontmatter YAML: {reason}", line, end_line)
    if data is None:
        return Frontmatter({}, True, None, 1, end_line)
    if not isinstance(data, dict):
        return Frontmatter({}, True, "frontmatter is not a mapping of properties", 2, end_line)
    pairs = node.value if node is not None else []
    keys = tuple((str(key.value), key.start_mark.line + 2) for key, _ in pairs)
    return Frontmatter(data, True, None, 1, end_line, keys)
