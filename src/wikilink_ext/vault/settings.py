"""What the vault's own Obsidian settings (``.obsidian/``) tell the build.

Only the templates folder, for now: Obsidian's Templates core plugin stores it as ``folder``
in ``.obsidian/templates.json``, the Templater plugin as ``templates_folder`` in
``.obsidian/plugins/templater-obsidian/data.json``. Notes there are templates, never pages.
"""

from __future__ import annotations

import glob
import json
import os
from pathlib import Path

__all__ = ["template_patterns"]

_SOURCES = (
    (".obsidian/templates.json", "folder"),
    (".obsidian/plugins/templater-obsidian/data.json", "templates_folder"),
)
_MAX_BYTES = 1024 * 1024


def template_patterns(root: str | os.PathLike[str]) -> list[str]:
    """The vault's templates folders, as literal (escaped) ignore patterns; never raises."""
    patterns: list[str] = []
    for relpath, key in _SOURCES:
        path = Path(root, relpath)
        try:
            if not path.is_file() or path.stat().st_size > _MAX_BYTES:
                continue
            folder = json.loads(path.read_text(encoding="utf-8")).get(key)
        except (OSError, ValueError, AttributeError):
            continue
        if isinstance(folder, str) and folder.strip("/ ").strip():
            patterns.append(glob.escape(folder.strip("/ ").strip()))
    return patterns
