"""Compiled page templates kept between builds, beside the saved environment.

Every ``sphinx-build`` process (so every rebuild of ``wikilink-ext serve``, which runs one
per save) compiles the theme's Jinja templates again: about a sixth of an incremental
rebuild with sphinx-book-theme. Jinja's own bytecode cache, keyed by each template's name
and source checksum, keeps the compiled code in ``<doctrees>/wikilink-jinja/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache
from sphinx.application import Sphinx

__all__ = []

FOLDER = "wikilink-jinja"


def use_cache(app: Sphinx) -> None:
    templates: Any = getattr(app.builder, "templates", None)
    environment = getattr(templates, "environment", None)
    if environment is None or environment.bytecode_cache is not None:
        return
    folder = Path(app.doctreedir, FOLDER)
    folder.mkdir(parents=True, exist_ok=True)
    environment.bytecode_cache = FileSystemBytecodeCache(str(folder))
