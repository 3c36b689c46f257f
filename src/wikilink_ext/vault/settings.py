"""What the vault's own Obsidian settings (``.obsidian/app.json``) say about rendering.

Only this one file of ``.obsidian`` is read, and only for options that change how notes
look (Obsidian's "Strict line breaks"); a missing or unreadable file means Obsidian's
defaults.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

__all__ = ["app_settings", "properties_shown", "strict_line_breaks"]


def app_settings(root: str | os.PathLike[str]) -> dict[str, Any]:
    """The vault's ``.obsidian/app.json`` as a dict ({} when absent or not a JSON object)."""
    path = Path(root, ".obsidian", "app.json")
    try:
        if not path.resolve(strict=True).is_relative_to(Path(root).resolve()):
            return {}  # a symlink out of the vault is never read
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RuntimeError):
        return {}
    return data if isinstance(data, dict) else {}


def strict_line_breaks(root: str | os.PathLike[str]) -> bool:
    """Obsidian's "Strict line breaks" (``strictLineBreaks``; off unless the vault says so)."""
    return app_settings(root).get("strictLineBreaks") is True


def properties_shown(root: str | os.PathLike[str]) -> bool:
    """Obsidian's "Properties in document" (``propertiesInDocument``): shown unless hidden."""
    return app_settings(root).get("propertiesInDocument") != "hidden"
