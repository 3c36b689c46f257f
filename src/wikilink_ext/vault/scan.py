"""Walk a vault once: its notes (with the frontmatter fields link resolution needs) and files.

Only the frontmatter block of each note is read, and only when the file changed since the
last build (the caller passes the previous results in ``cache``). Nothing outside the vault
root is ever opened: symlinks that leave it are skipped.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

__all__ = ["FrontMatter", "VaultScan", "read_frontmatter", "scan_vault", "string_list"]

NOTE_SUFFIX = ".md"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader when libyaml is there


@dataclass(frozen=True)
class FrontMatter:
    """The frontmatter fields that matter before any note is parsed."""

    mtime_ns: int
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    publish: bool = True
    title: str | None = None
    description: str | None = None
    cssclasses: tuple[str, ...] = ()


@dataclass
class VaultScan:
    notes: dict[str, FrontMatter] = field(default_factory=dict)
    """docname (vault-relative posix path without ``.md``) → frontmatter."""
    attachments: set[str] = field(default_factory=set)
    """Vault-relative posix paths of every other file."""
    ignored: set[str] = field(default_factory=set)
    """Vault-relative posix paths of the files that ``ignore`` left out (notes keep ``.md``)."""


def string_list(value: Any) -> tuple[str, ...]:
    """A YAML list or a comma-separated string, as Obsidian accepts for aliases and tags."""
    if value is None:
        return ()
    if isinstance(value, str):
        items: Iterable[Any] = value.split(",")
    elif isinstance(value, list | tuple):
        items = value
    else:
        items = [value]
    return tuple(str(item).strip() for item in items if item is not None and str(item).strip())


def read_frontmatter(text: str) -> dict[str, Any]:
    """Parse a leading ``---`` YAML block; malformed YAML reads as empty (MyST reports it)."""
    if not text.startswith("---"):
        return {}
    lines = text.splitlines()
    if not lines or lines[0].rstrip() != "---":
        return {}
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            try:
                data = yaml.load("\n".join(lines[1:index]), Loader=_LOADER)
            except yaml.YAMLError:
                return {}
            return data if isinstance(data, dict) else {}
    return {}


def _frontmatter(path: Path, mtime_ns: int) -> FrontMatter:
    with path.open(encoding="utf-8", errors="replace") as handle:
        head = handle.read(4096)
        if head.startswith("---") and head.count("\n---") == 0:
            head += handle.read()
    data = read_frontmatter(head)
    publish = data.get("publish", True)
    title = data.get("title")
    return FrontMatter(
        mtime_ns=mtime_ns,
        aliases=string_list(data.get("aliases", data.get("alias"))),
        tags=tuple(t.lstrip("#") for t in string_list(data.get("tags", data.get("tag")))),
        publish=publish is not False and str(publish).lower() != "false",
        title=str(title) if title else None,
        description=str(data["description"]).strip() if data.get("description") else None,
        cssclasses=string_list(data.get("cssclasses", data.get("cssclass"))),
    )


def _ignored(relpath: str, patterns: Iterable[str]) -> bool:
    return any(
        fnmatch.fnmatchcase(relpath, pattern) or fnmatch.fnmatchcase(relpath, pattern + "/*")
        for pattern in patterns
    )


def scan_vault(
    root: str | os.PathLike[str],
    ignore: Iterable[str] = (),
    cache: Mapping[str, FrontMatter] | None = None,
) -> VaultScan:
    """List a vault's notes and attachments; hidden folders (``.obsidian``, ``.trash``) skipped."""
    root_path = Path(root).resolve()
    patterns = list(ignore)
    cache = cache or {}
    result = VaultScan()
    for dirpath, dirnames, filenames in os.walk(root_path, followlinks=False):
        rel_dir = Path(dirpath).relative_to(root_path).as_posix()
        rel_dir = "" if rel_dir == "." else rel_dir
        in_ignored = _ignored(rel_dir, patterns) if rel_dir else False
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "_build")
        for filename in sorted(filenames):
            if filename.startswith("."):
                continue
            relpath = f"{rel_dir}/{filename}".lstrip("/")
            if in_ignored or _ignored(relpath, patterns):
                result.ignored.add(relpath)
                continue
            full = Path(dirpath, filename)
            if full.is_symlink() and not full.resolve().is_relative_to(root_path):
                continue
            if filename.endswith(NOTE_SUFFIX):
                docname = relpath[: -len(NOTE_SUFFIX)]
                mtime = full.stat().st_mtime_ns
                cached = cache.get(docname)
                result.notes[docname] = (
                    cached if cached and cached.mtime_ns == mtime else _frontmatter(full, mtime)
                )
            else:
                result.attachments.add(relpath)
    return result
