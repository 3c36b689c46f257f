"""The vault's boundary is the build's boundary: nothing a note names outside it is read.

A note can name a file by a Markdown link (``[x](../../t.txt)``), an image
(``![](../../x.png)``), or a directive (``{include}``, ``{literalinclude}``, ``{raw}`` and
``{csv-table}`` with ``:file:``, ``{bibliography}``). Paths are resolved as Sphinx resolves
them (relative to the note, ``/`` from the vault root), symlinks included; one that ends
outside the vault is a located ``wikilink.outside`` warning and is neither read nor copied:
directives are not run, links and images keep their text.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from .domain import vault_domain
from .messages import Problem, warn

__all__ = [
    "directive_outside",
    "exists_in_vault",
    "is_folder",
    "is_outside",
    "is_unpublished",
]

_FILE_OPTION = re.compile(r"^\s*:file:\s*(.+?)\s*$", re.MULTILINE)
_URL_OPTION = re.compile(r"^\s*:url:\s*(.+?)\s*$", re.MULTILINE)
_PATH_ARGUMENT = {"include", "literalinclude", "image", "figure", "bibliography"}
_RST_DIRECTIVE = re.compile(r"^([ \t]*)\.\.[ \t]+([\w:.-]+)[ \t]*::[ \t]*(.*)$")
_WEB = ("http://", "https://")


def is_outside(env: Any, docname: str, target: str) -> bool:
    """Whether the local path ``target``, written in ``docname``, leaves the source directory."""
    if not target or "://" in target or target.startswith(("data:", "mailto:", "#")):
        return False
    if urlsplit(target).scheme and len(urlsplit(target).scheme) > 1:
        return False  # a URL scheme (a one-letter "scheme" is a Windows drive)
    path = unquote(target.split("#", 1)[0].split("?", 1)[0])
    if not path:
        return False
    if path.startswith("<"):
        return True  # docutils' standard includes live in its package, not the vault
    if re.match(r"^[A-Za-z]:[\\/]", path):
        return True
    try:
        real = _in_vault(env, docname, path).resolve()
    except (OSError, RuntimeError, ValueError):
        return True
    return not real.is_relative_to(Path(env.srcdir).resolve())


def _in_vault(env: Any, docname: str, path: str) -> Path:
    """Where ``path`` written in ``docname`` points, as Sphinx reads it: from the vault root
    when it starts with ``/``, else from the note's folder in the vault (its docname's folder,
    which is also right for a page the extension generates outside the vault)."""
    path = path.replace("\\", "/")
    srcdir = Path(env.srcdir)
    if path.startswith("/"):
        return srcdir / path.lstrip("/")
    return srcdir / posixpath.dirname(docname) / path


def is_folder(env: Any, docname: str, path: str) -> bool:
    """Whether the local ``path`` written in ``docname`` names a folder of the vault."""
    if is_outside(env, docname, path):
        return False
    try:
        return _in_vault(env, docname, unquote(path)).is_dir()
    except (OSError, ValueError):
        return False


def exists_in_vault(env: Any, docname: str, path: str) -> bool:
    """Whether the local ``path`` written in ``docname`` names a file; a path that leaves
    the vault counts as found here (:func:`is_outside` reports it, once)."""
    if is_outside(env, docname, path):
        return True
    try:
        return _in_vault(env, docname, path).is_file()
    except (OSError, ValueError):
        return False


def is_unpublished(env: Any, docname: str, target: str) -> bool:
    """Whether the local path ``target`` names a note that is not published, a hidden file
    (``.env``) or any file in a hidden folder (``.trash``, ``.obsidian``), itself or through
    a symlink (``alias.txt`` → ``Private.md``): reading it would publish what is not meant."""
    if not target or "://" in target or target.startswith(("data:", "mailto:", "#")):
        return False
    path = unquote(target.split("#", 1)[0].split("?", 1)[0]).replace("\\", "/")
    relpath = posixpath.normpath(
        posixpath.join(posixpath.dirname(docname), path.lstrip("/"))
        if not path.startswith("/")
        else path.lstrip("/")
    )
    if relpath.startswith("../") or relpath == "..":
        return False  # outside the vault: is_outside's to report
    if _private_path(env, relpath):
        return True
    srcdir = Path(env.srcdir).resolve()
    try:
        real = (srcdir / relpath).resolve()
    except (OSError, RuntimeError, ValueError):
        return False
    if real.is_relative_to(srcdir) and real != srcdir / relpath:
        return _private_path(env, real.relative_to(srcdir).as_posix())
    return False


def _private_path(env: Any, relpath: str) -> bool:
    if any(part.startswith(".") for part in relpath.split("/") if part not in (".", "..")):
        return True
    if relpath.casefold().endswith(".md"):
        note = vault_domain(env).scan.notes.get(unicodedata.normalize("NFC", relpath[:-3]))
        return note is not None and not note.publish
    return False


def directive_outside(
    env: Any, docname: str, name: str, first_line: str, content: str
) -> tuple[Problem, str] | None:
    """The path a directive would read from outside the vault or from an unpublished note.

    ``{eval-rst}`` is reStructuredText: each directive in it is checked the same way. A
    ``:url:`` option (``{csv-table}``, ``{raw}``) may name a web address, never a file
    (``file:///etc/hostname``) nor any other scheme: docutils would read it as it is."""
    if name == "eval-rst":
        return _rst_outside(env, docname, content)
    for url in _URL_OPTION.findall(content):
        if not url.startswith(_WEB):
            return Problem.OUTSIDE, str(url)
    paths = list(_FILE_OPTION.findall(content))
    if name in _PATH_ARGUMENT:
        paths += first_line.split() if name == "bibliography" else [first_line.strip()]
    for path in paths:
        if path and is_outside(env, docname, path):
            return Problem.OUTSIDE, str(path)
        if path and is_unpublished(env, docname, path):
            return Problem.UNPUBLISHED, str(path)
    return None


def _rst_outside(env: Any, docname: str, source: str) -> tuple[Problem, str] | None:
    lines = source.splitlines()
    for index, line in enumerate(lines):
        found = _RST_DIRECTIVE.match(line)
        if found is None:
            continue
        indent = len(found.group(1))
        body: list[str] = []
        for following in lines[index + 1 :]:
            if following.strip() and len(following) - len(following.lstrip()) <= indent:
                break
            body.append(following)
        directive = found.group(2).split(":")[-1]  # "rst:include" and "include" alike
        refused = directive_outside(env, docname, directive, found.group(3), "\n".join(body))
        if refused is not None:
            return refused
    return None


def _text_of(node: nodes.Element, fallback: str) -> nodes.Node:
    text = node.astext() or fallback
    span = nodes.inline(text, text, classes=["wikilink-outside"])
    span.source, span.line = node.source, node.line
    return span


def _where(docname: str, node: nodes.Node) -> tuple[str, int]:
    current: nodes.Node | None = node
    while current is not None and not current.line:
        current = current.parent
    return (docname, (current.line or 0) if current is not None else 0)


def guard(app: Sphinx, doctree: nodes.document) -> None:
    """Before Sphinx collects images and downloads: drop the ones that leave the vault."""
    env = app.env
    docname = env.docname
    for image in list(doctree.findall(nodes.image)):
        uri = str(image.get("uri", ""))
        if is_outside(env, docname, uri) or is_unpublished(env, docname, uri):
            outside = is_outside(env, docname, uri)
            warn(
                Problem.OUTSIDE if outside else Problem.UNPUBLISHED,
                f"image {'outside the vault' if outside else 'that is not published'}: "
                f"{uri!r}; not copied",
                _where(docname, image),
            )
            alt = str(image.get("alt", ""))
            replacement = nodes.inline(alt, alt, classes=["wikilink-outside"])
            gone: nodes.Element = image
            if isinstance(image.parent, nodes.reference) and len(image.parent.children) == 1:
                gone = image.parent
            if isinstance(gone.parent, nodes.TextElement):
                gone.replace_self(replacement)
            else:
                gone.replace_self(nodes.paragraph("", "", replacement))
    for download in list(doctree.findall(addnodes.download_reference)):
        target = str(download.get("reftarget", ""))
        if is_unpublished(env, docname, target):
            warn(
                Problem.UNPUBLISHED,
                f"link to a file that is not published: {target!r}; not copied",
                _where(docname, download),
            )
            download.replace_self(_text_of(download, target))
        elif is_outside(env, docname, target):
            warn(
                Problem.OUTSIDE,
                f"link to a file outside the vault: {target!r}; not copied",
                _where(docname, download),
            )
            download.replace_self(_text_of(download, target))
