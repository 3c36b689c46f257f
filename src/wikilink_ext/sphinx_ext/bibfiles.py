"""A bibliography that cannot be read is reported and left out, never a crash.

sphinxcontrib-bibtex parses every ``bibtex_bibfiles`` entry when the builder starts and
stops the build with a traceback on a file that is not UTF-8 or has a syntax error. This
check runs first, when the configuration is read: each file of the vault that leads out
of it (a symlink), is not a regular file, cannot be decoded or cannot be parsed is one located
``wikilink`` warning and is dropped from the list, so the notes still build and each
citation of its keys is reported as unknown where it stands.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from .domain import vault_domain
from .messages import Problem, warn

__all__ = ["citing_notes_if_bibliography_changed", "unusable_bibfile"]


def unusable_bibfile(path: Path, srcdir: Path, encoding: str) -> tuple[Problem, int, str] | None:
    """Why ``path`` cannot be given to sphinxcontrib-bibtex: (subtype, line, message)."""
    try:
        real = path.resolve(strict=True)
        info = real.stat()
    except (OSError, RuntimeError) as error:
        return Problem.UNREADABLE, 1, f"bibliography cannot be read ({error}); left out"
    root = srcdir.resolve()
    named = Path(os.path.normpath(os.path.abspath(path)))  # as written, ".." applied
    # conf.py may name a file beside the vault ("../refs.bib"): the site's own choice; a
    # file of the vault that leads out of it (a symlink) is the vault's, and is refused
    if named.is_relative_to(os.path.abspath(srcdir)) and not real.is_relative_to(root):
        return Problem.OUTSIDE, 1, "bibliography leads outside the source directory; not read"
    if not stat.S_ISREG(info.st_mode):
        return Problem.UNREADABLE, 1, "bibliography is not a regular file; left out"
    raw = real.read_bytes()
    try:
        text = raw.decode(encoding)
    except (UnicodeDecodeError, LookupError) as error:
        start = getattr(error, "start", 0)
        line = raw[:start].count(b"\n") + 1
        return (
            Problem.UNREADABLE,
            line,
            f"bibliography is not {encoding} (byte {start}); left out "
            "(save it as UTF-8, or set bibtex_encoding)",
        )
    from pybtex.database import BibliographyDataError
    from pybtex.database.input.bibtex import Parser
    from pybtex.exceptions import PybtexError

    try:
        Parser().parse_string(text)
    except BibliographyDataError:
        pass  # a duplicate key: sphinxcontrib-bibtex reports it and keeps the file
    except PybtexError as error:
        line = int(getattr(error, "lineno", 0) or 1)
        return Problem.CITATION, line, f"bibliography cannot be parsed ({error}); left out"
    return None


def check_bibfiles(app: Sphinx, config: Config) -> None:
    files = getattr(config, "bibtex_bibfiles", None)
    if not files:
        return
    srcdir = Path(app.srcdir)
    encoding = str(getattr(config, "bibtex_encoding", "utf-8-sig"))
    kept = []
    for name in files:
        path = srcdir / name
        problem = unusable_bibfile(path, srcdir, encoding)
        if problem is None:
            kept.append(name)
        else:
            subtype, line, message = problem
            warn(subtype, message, f"{path}:{line}")
    if len(kept) != len(files):
        config.bibtex_bibfiles = kept  # a new list: the default one is shared


def _accepted(app: Sphinx) -> list[Any]:
    """What the notes' citations were checked against: each accepted file, as it is now."""
    files = getattr(app.config, "bibtex_bibfiles", None) or []
    found: list[Any] = [str(getattr(app.config, "bibtex_encoding", ""))]
    for name in files:
        path = Path(app.confdir, name)
        try:
            info = path.stat()
            found.append((str(path.resolve()), info.st_mtime_ns, info.st_size))
        except OSError:
            found.append((str(path), None, None))
    return found


def citing_notes_if_bibliography_changed(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Notes that cite, to re-read when the accepted bibliographies changed.

    A note is told at reading time which of its keys are unknown; a file accepted since the
    last build (conf.py names it now, or its encoding), left out, or edited changes that
    without the note changing, and sphinxcontrib-bibtex re-reads no note for it.
    """
    domain = vault_domain(env)
    now = _accepted(app)
    before = domain.data.get("bibliographies")
    domain.data["bibliographies"] = now
    if before is None or before == now:
        return []
    return sorted(d for d, data in domain.notes.items() if data.cites and d in env.found_docs)
