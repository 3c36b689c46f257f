"""The notes the checks read: the published notes of a vault, found by the build's own scan.

``python -m wikilink_ext.bib.check --cited-from VAULT`` and ``python -m
wikilink_ext.bib.quotes VAULT`` read exactly what the build publishes: one walk
(:func:`wikilink_ext.vault.scan.scan_vault`), so ``publish: false``, folders starting with
``.`` or ``_``, the ignore patterns and the encoding rules hold for them as for the build.
The patterns are the vault's ``conf.py`` values of ``wikilink_ignore`` and
``exclude_patterns`` when it has one (read without Sphinx), else the defaults.
"""

from __future__ import annotations

import ast
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..vault.publish import DEFAULT_IGNORE
from ..vault.scan import read_note, scan_vault
from ..vault.settings import template_patterns

__all__ = ["Note", "conf_patterns", "named", "published_notes"]


@dataclass(frozen=True)
class Note:
    docname: str
    path: Path
    text: str


def conf_patterns(vault: Path) -> list[str]:
    """``wikilink_ignore`` and ``exclude_patterns`` as the vault's conf.py sets them.

    Only literal assignments are read (``ast.literal_eval``): a check never runs conf.py.
    """
    values: dict[str, list[str]] = {"wikilink_ignore": list(DEFAULT_IGNORE)}
    conf = vault / "conf.py"
    if conf.is_file():
        tree = ast.parse(conf.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
                if isinstance(target, ast.Name) and target.id in (
                    "wikilink_ignore",
                    "exclude_patterns",
                ):
                    try:
                        values[target.id] = [str(v) for v in ast.literal_eval(node.value)]
                    except (ValueError, TypeError, SyntaxError):
                        continue
    return [
        *values["wikilink_ignore"],
        *values.get("exclude_patterns", []),
        *template_patterns(vault),
    ]


def published_notes(vault: Path, ignore: Iterable[str] | None = None) -> list[Note]:
    """Every published note of ``vault``, in docname order, decoded as the build decodes it."""
    patterns = conf_patterns(vault) if ignore is None else list(ignore)
    scan = scan_vault(vault, ignore=patterns)
    notes: list[Note] = []
    for docname in sorted(scan.published):
        path = vault / scan.paths.get(docname, docname + ".md")
        text, _ = read_note(path.read_bytes())
        if text is not None:
            notes.append(Note(docname, path, text))
    return notes


def named(notes: Iterable[Note], name: str) -> Note | None:
    """The note called ``name`` (its file name, case-insensitively), shortest path first."""
    found = [n for n in notes if posixpath.basename(n.docname).casefold() == name.casefold()]
    return min(found, key=lambda n: (n.docname.count("/"), n.docname), default=None)
