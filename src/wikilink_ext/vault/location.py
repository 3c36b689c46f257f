"""Whether a folder is plausibly a vault, before a build reads every file below it.

``wikilink-ext build /`` or ``build ~`` would walk the whole disk or a home folder (its
keys, mail and browser profiles) and publish what it finds. Obsidian marks a vault with a
``.obsidian`` folder; a file-system root or a home folder without one is refused unless the
user insists (``--force``).
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["refusal"]


def refusal(folder: Path, home: Path | None = None) -> str | None:
    """Why ``folder`` should not be built as a vault, or None."""
    real = folder.resolve()
    if (real / ".obsidian").is_dir():
        return None
    if real.parent == real:
        return f"{real} is the root of a file system, not a vault"
    try:
        home_dir = (home or Path.home()).resolve()
    except RuntimeError:  # no home folder known
        return None
    if real == home_dir:
        return f"{real} is your home folder, not a vault (it has no .obsidian folder)"
    return None
