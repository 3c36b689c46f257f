"""What the vault's own Obsidian settings (``.obsidian/``) tell the build.

- the templates folder: Obsidian's Templates core plugin stores it as ``folder`` in
  ``.obsidian/templates.json``, the Templater plugin as ``templates_folder`` in
  ``.obsidian/plugins/templater-obsidian/data.json``. Notes there are templates, never pages;
- how notes look (``.obsidian/app.json``): "Strict line breaks" and "Properties in document".

Only these files are read, never through a symlink that leaves the vault, and never one
larger than a settings file can be; a missing or unreadable file means Obsidian's defaults.
"""

from __future__ import annotations

import glob
import json
import os
from pathlib import Path
from typing import Any

__all__ = ["app_settings", "properties_shown", "strict_line_breaks", "template_patterns"]

_TEMPLATE_SOURCES = (
    (".obsidian/templates.json", "folder"),
    (".obsidian/plugins/templater-obsidian/data.json", "templates_folder"),
)
_MAX_BYTES = 1024 * 1024


def _json(root: str | os.PathLike[str], relpath: str) -> dict[str, Any]:
    """A settings file of the vault as a dict ({} when absent, outside, too large or not a
    JSON object)."""
    path = Path(root, relpath)
    try:
        real = path.resolve(strict=True)
        if not real.is_relative_to(Path(root).resolve()) or not real.is_file():
            return {}  # a symlink out of the vault is never read
        if real.stat().st_size > _MAX_BYTES:
            return {}
        data = json.loads(real.read_text(encoding="utf-8"))
    except (OSError, ValueError, RuntimeError):
        return {}
    return data if isinstance(data, dict) else {}


def template_patterns(root: str | os.PathLike[str]) -> list[str]:
    """The vault's templates folders, as literal (escaped) ignore patterns; never raises.

    The folders Obsidian's Templates and Templater plugins are set to, as paths from the
    vault's top (``Scaffold/**``: not a folder of that name anywhere), and the top-level
    folder named ``templates`` in any case, where Obsidian users keep templates when the
    settings are not in the repository. A content folder ``Notes/Templates/`` is published.
    """
    folders: list[str] = []
    for relpath, key in _TEMPLATE_SOURCES:
        folder = _json(root, relpath).get(key)
        if isinstance(folder, str) and folder.strip("/ ").strip():
            folders.append(folder.strip("/ ").strip())
    try:
        with os.scandir(root) as entries:
            folders += sorted(
                e.name
                for e in entries
                if e.name.casefold() == "templates" and e.is_dir(follow_symlinks=False)
            )
    except OSError:
        pass
    return [f"{glob.escape(folder)}/**" for folder in dict.fromkeys(folders)]


def app_settings(root: str | os.PathLike[str]) -> dict[str, Any]:
    """The vault's ``.obsidian/app.json`` as a dict ({} when absent or not a JSON object)."""
    return _json(root, ".obsidian/app.json")


def strict_line_breaks(root: str | os.PathLike[str]) -> bool:
    """Obsidian's "Strict line breaks" (``strictLineBreaks``; off unless the vault says so)."""
    return app_settings(root).get("strictLineBreaks") is True


def properties_shown(root: str | os.PathLike[str]) -> bool:
    """Obsidian's "Properties in document" (``propertiesInDocument``): shown unless hidden."""
    return app_settings(root).get("propertiesInDocument") != "hidden"
