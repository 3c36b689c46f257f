"""What of a note's file a reader may see: the copy behind a page's "source" button.

The page never shows ``%%comments%%``, the ``publish`` switch or properties it does not
render, so neither may the downloadable source. :func:`reader_copy` keeps the frontmatter
properties a page shows (title, aliases, tags, description, cssclasses) and removes every
comment, as Obsidian reads them: ``%%`` opens a comment that runs to the next ``%%``, across
lines, or to the end of the note when it is not closed. Inside fenced code and code spans
``%%`` is text (the page shows it there). Hiding a little more than the page does is
allowed; showing more is not.

Pure: no Sphinx, no file system.
"""

from __future__ import annotations

import re

import yaml

from .frontmatter import parse_frontmatter

__all__ = ["PUBLIC_PROPERTIES", "reader_copy", "shown_properties"]

PUBLIC_PROPERTIES = frozenset(
    {"title", "aliases", "alias", "tags", "tag", "description", "cssclasses", "cssclass"}
)
_SPHINX_FIELDS = frozenset({"orphan", "tocdepth", "nocomments", "nosearch"})
"""Sphinx's own file-wide metadata, and MyST's (``myst``, ``substitutions``, ``html_meta``)."""
_MYST_FIELDS = frozenset({"myst", "substitutions", "html_meta"})


def _shown(key: object) -> bool:
    name = str(key).strip()
    return (
        name.casefold() in PUBLIC_PROPERTIES
        or name in _SPHINX_FIELDS
        or name in _MYST_FIELDS
        or name.startswith("og:")
    )


def shown_properties(frontmatter: str) -> str:
    """The YAML source ``frontmatter`` with only the properties a page may show; unchanged
    when it is not a readable mapping (the note is then not published at all)."""
    try:
        data = yaml.load(frontmatter, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return frontmatter
    if not isinstance(data, dict):
        return frontmatter
    kept = {k: v for k, v in data.items() if _shown(k)}
    if kept == data:
        return frontmatter
    return yaml.safe_dump(kept, allow_unicode=True, sort_keys=False) if kept else "{}"


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_MARKER = "%%"


def reader_copy(text: str) -> str:
    """The note ``text`` without comments and without properties the page does not show."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    read = parse_frontmatter(text)
    lines = text.split("\n")
    head = ""
    if read.present and read.end_line:
        lines = lines[read.end_line :]
        public = {k: v for k, v in read.data.items() if _shown(k)}
        if public:
            dumped = yaml.safe_dump(public, allow_unicode=True, sort_keys=False)
            head = f"---\n{dumped}---\n"
    elif read.present:  # no closing line: the whole note was read as frontmatter, or not at all
        return ""
    return head + _without_comments(lines)


def _without_comments(lines: list[str]) -> str:
    kept: list[str] = []
    fence: str | None = None
    in_comment = False
    for line in lines:
        if fence is not None and not in_comment:
            kept.append(line)
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]).strip():
                fence = None
            continue
        opening = _FENCE.match(line)
        if opening and not in_comment:
            fence = opening.group(1)
            kept.append(line)
            continue
        visible, in_comment, dropped = _line_without_comments(line, in_comment)
        if not (dropped and not visible.strip()):
            kept.append(visible)
    return "\n".join(kept)


def _line_without_comments(line: str, in_comment: bool) -> tuple[str, bool, bool]:
    """(the visible part, still inside a comment at the end, whether anything was hidden)."""
    if not in_comment and _MARKER not in line:  # most lines: nothing to hide, no walk
        return line, False, False
    out: list[str] = []
    dropped = in_comment
    pos = 0
    while pos < len(line):
        if in_comment:
            close = line.find(_MARKER, pos)
            if close == -1:
                return "".join(out), True, True
            pos, in_comment = close + 2, False
            continue
        if line[pos] == "`":
            run = len(line[pos:]) - len(line[pos:].lstrip("`"))
            end = line.find("`" * run, pos + run)
            if end != -1:
                out.append(line[pos : end + run])
                pos = end + run
                continue
            out.append(line[pos : pos + run])
            pos += run
            continue
        if line.startswith(_MARKER, pos):
            in_comment, dropped = True, True
            pos += 2
            continue
        out.append(line[pos])
        pos += 1
    return "".join(out), in_comment, dropped
