"""Whether a note is published: one decision, in one place, for the whole build.

A note is published only when all of these hold:

1. **It is inside the vault**: its path, with every symlink resolved, is under the vault's
   root. A symlink that leads out of the vault is never read.
2. **It is not in an excluded folder**: no part of its path starts with ``.`` (``.obsidian``,
   ``.trash``, ``.git``), it is not in the vault's templates folder, and it matches none of
   the configured patterns (``wikilink_ignore``, Sphinx's ``exclude_patterns``). A folder
   starting with ``_`` is published: Obsidian shows it like any other; only ``_drafts`` and
   ``private`` are left out by default (:data:`DEFAULT_IGNORE`). Patterns are
   globs written by the vault's owner; a note's own name is only ever *matched*, never used
   as a pattern, so ``Plan [draft].md`` means exactly that file.
3. **Its frontmatter can be read** (:mod:`wikilink_ext.vault.frontmatter`): when it cannot
   (invalid YAML, aliases, too large), the note is *not* published. An author who wrote
   ``publish: false`` in a block the build cannot read meant it all the same.
4. **Its frontmatter does not say ``publish`` is false.** Obsidian Publish reads the
   ``publish`` property (``publish: true`` selects a note, ``publish: false`` hides it).
   Property names are case-insensitive in Obsidian, so ``Publish`` counts; the value may be
   a checkbox or text, so any case and surrounding spaces of ``false``/``no``/``off``/``0``
   counts as false, and so does an empty value (``publish:``, ``null``: an unticked box).
   ``true``/``yes``/``on``/``1`` publish. Any other value (``publish: draft``, ``.nan``,
   ``2``) is not a yes: not published, with a warning. So is a ``publish`` property given
   twice (``publish: false`` then ``Publish: true``): YAML would keep one silently.

A pattern with no ``/`` names a folder at any depth and in any case (``_drafts`` leaves out
``a/_Drafts/``). The templates folder is the one Obsidian's Templates or Templater plugin is
set to (``.obsidian/templates.json``), and the top-level ``Templates`` folder in any case; a
content folder named ``Templates`` deeper in the vault is published
(:func:`wikilink_ext.vault.settings.template_patterns`).

Pure: no Sphinx, no file system; :mod:`wikilink_ext.vault.scan` gathers the facts.
"""

from __future__ import annotations

import enum
import fnmatch
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "DEFAULT_IGNORE",
    "Cause",
    "Verdict",
    "decide",
    "excluded",
    "excluded_reason",
    "publish_value",
]

DEFAULT_IGNORE: tuple[str, ...] = ("_drafts", "private")
"""The two folder names that say "not for readers" by convention (Quartz leaves ``private``
out by default; this extension once left every ``_`` folder out): a vault that moves to this
version, or to it from Quartz, publishes no drafts it kept there. Obsidian shows every other
folder, so nothing else is left out; the ``wikilink.excluded`` warning says what these did."""

_NO = frozenset({"false", "no", "off", "0", "n", "null", "~", ""})
_YES = frozenset({"true", "yes", "on", "1", "y"})


class Cause(enum.Enum):
    """Why a note is not published: what code branches on (the phrase is for people)."""

    HIDDEN = "hidden"
    """In a folder, or a file, whose name starts with ``.``."""
    IGNORED = "ignored"
    """Matched by a ``wikilink_ignore`` or ``exclude_patterns`` pattern."""
    OUTSIDE = "outside"
    UNREADABLE = "unreadable"
    """Its frontmatter cannot be read."""
    BINARY = "binary"
    """A binary file named ``.md``."""
    PUBLISH_FALSE = "publish-false"
    PUBLISH_UNCLEAR = "publish-unclear"
    """A ``publish`` value that is neither true nor false."""
    DRAWING = "drawing"
    """An Excalidraw drawing (``*.excalidraw.md``), left out unless
    ``wikilink_publish_excalidraw``."""


@dataclass(frozen=True)
class Verdict:
    """Whether a note is published, and if not, why (for the warnings that mention it)."""

    published: bool
    reason: str = ""
    """Why it is not published, as a phrase: ``publish: false``, ``in .trash`` …"""
    cause: Cause | None = None
    """Why it is not published, as a value (None when it is)."""
    problem: str | None = None
    """Something the author should fix (an unreadable value), reported once, located."""
    pattern: str | None = None
    """The pattern that left the note out (``Cause.IGNORED``)."""
    in_folder: bool = False
    """Whether the pattern named a folder holding the note (not the note itself)."""


def publish_value(value: Any) -> bool | None:
    """True (publish), False (do not) or None (a value that is neither: do not, and warn)."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        # a checkbox is 0 or 1; .nan, .inf or 2 say neither
        if value == 0 or value == 1:
            return bool(value)
        return None
    if isinstance(value, str):
        text = value.strip().casefold()
        if text in _NO:
            return False
        if text in _YES:
            return True
    return None


def _publish_keys(data: Mapping[Any, Any]) -> list[Any]:
    return [value for key, value in data.items() if str(key).strip().casefold() == "publish"]


def excluded(relpath: str, patterns: Iterable[str] = ()) -> Verdict | None:
    """The verdict for the vault path ``relpath`` when an excluded folder or pattern holds
    it, or None."""
    parts = relpath.split("/")
    for part in parts[:-1]:
        if part.startswith("."):
            return Verdict(False, f"in the hidden folder {part!r}", Cause.HIDDEN)
    if parts[-1].startswith("."):
        return Verdict(False, "a hidden file", Cause.HIDDEN)
    for pattern in patterns:
        pattern = pattern.rstrip("/")
        reason = f"ignored by the pattern {pattern!r}"
        if fnmatch.fnmatchcase(relpath, pattern):
            return Verdict(False, reason, Cause.IGNORED, pattern=pattern, in_folder="/" in pattern)
        if fnmatch.fnmatchcase(relpath, pattern + "/*"):
            return Verdict(False, reason, Cause.IGNORED, pattern=pattern, in_folder=True)
        if "/" not in pattern and any(
            fnmatch.fnmatchcase(part.casefold(), pattern.casefold()) for part in parts[:-1]
        ):  # a folder name: at any depth, in any case (``a/_Drafts/``)
            return Verdict(False, reason, Cause.IGNORED, pattern=pattern, in_folder=True)
    return None


def excluded_reason(relpath: str, patterns: Iterable[str] = ()) -> str | None:
    """Why the vault path ``relpath`` is in an excluded folder or pattern, or None."""
    verdict = excluded(relpath, patterns)
    return verdict.reason if verdict is not None else None


def decide(
    relpath: str,
    frontmatter: Mapping[Any, Any],
    *,
    inside: bool = True,
    patterns: Iterable[str] = (),
    unreadable: str | None = None,
    keys: Iterable[tuple[str, int]] = (),
) -> Verdict:
    """The publish decision for the note at vault path ``relpath``.

    ``inside`` says whether its resolved path is in the vault; ``unreadable`` is why its
    frontmatter could not be read (None when it was); ``keys`` are the frontmatter's
    property names with their lines, repeats included.
    """
    if not inside:
        return Verdict(False, "outside the vault (a symlink that leaves it)", Cause.OUTSIDE)
    verdict = excluded(relpath, patterns)
    if verdict is not None:
        return verdict
    if unreadable is not None:
        return Verdict(
            False,
            "unreadable frontmatter",
            Cause.UNREADABLE,
            f"{unreadable}; the note is not published",
        )
    lines = [line for key, line in keys if key.strip().casefold() == "publish"]
    if len(lines) > 1:
        return Verdict(
            False,
            "publish given twice",
            Cause.PUBLISH_UNCLEAR,
            f"publish is set {len(lines)} times (lines {', '.join(map(str, lines))}); "
            "the note is not published",
        )
    values = _publish_keys(frontmatter)
    for value in values:
        wanted = publish_value(value)
        if wanted is None:
            return Verdict(
                False,
                f"publish: {value!r}",
                Cause.PUBLISH_UNCLEAR,
                f"publish: {value!r} is neither true nor false; the note is not published",
            )
        if not wanted:
            return Verdict(False, "publish: false", Cause.PUBLISH_FALSE)
    return Verdict(True)
