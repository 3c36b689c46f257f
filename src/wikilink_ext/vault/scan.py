"""Walk a vault once: its notes (with the frontmatter fields link resolution needs) and files.

Each note is read only when it changed since the last build (the caller passes the previous
results in ``cache``). Nothing outside the vault root is ever opened: a symlink that leaves
it is reported and skipped, and so are dangling symlinks, symlink loops and binary files
named ``.md``. Whether a note is published is decided by :mod:`wikilink_ext.vault.publish`;
every note is listed here, published or not, so that links to the others can say why.

File names are compared in Unicode NFC (as Sphinx names documents): a note whose name is
stored decomposed (NFD, as macOS writes it) is listed under its NFC docname, with its real
path kept in :attr:`VaultScan.paths` for reading.
"""

from __future__ import annotations

import os
import posixpath
import stat
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .docnames import docname_for, note_name
from .frontmatter import parse_frontmatter
from .publish import Cause, Verdict, decide, excluded

__all__ = [
    "ScanProblem",
    "ScannedNote",
    "VaultScan",
    "read_frontmatter",
    "read_note",
    "rescan_vault",
    "scan_vault",
    "string_list",
    "unsafe_paths",
]

NOTE_SUFFIX = ".md"
DRAWING_SUFFIX = ".excalidraw.md"
DRAWING_REASON = "an Excalidraw drawing (wikilink_publish_excalidraw)"
_SNIFF = 8192
MAX_NOTE_BYTES = 16 * 1024 * 1024
"""A note larger than this is not read: no vault writes one by hand, and reading a sparse
or runaway file of gigabytes would exhaust memory before any warning could be given."""


@dataclass(frozen=True)
class ScannedNote:
    """The scan's record of one note: what the build needs of it before any note is parsed
    (its modification time, publish decision and a few properties). The parse of its
    frontmatter block is :class:`wikilink_ext.vault.frontmatter.Frontmatter`."""

    mtime_ns: int
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    publish: bool = True
    title: str | None = None
    description: str | None = None
    cssclasses: tuple[str, ...] = ()
    reason: str = ""
    """Why the note is not published, for people (empty when it is)."""
    cause: Cause | None = None
    """Why the note is not published, for code (None when it is)."""
    problems: tuple[tuple[int, str, str], ...] = ()
    """(line, subtype, message) to report for this note, whenever it is scanned."""


@dataclass(frozen=True)
class ScanProblem:
    """A file the scan could not use: reported, located, never fatal."""

    relpath: str
    line: int
    subtype: str
    message: str


@dataclass
class VaultScan:
    notes: dict[str, ScannedNote] = field(default_factory=dict)
    """docname (vault-relative NFC posix path without ``.md``) → its record, every note."""
    attachments: set[str] = field(default_factory=set)
    """Vault-relative posix paths of every other file (inside the vault)."""
    paths: dict[str, str] = field(default_factory=dict)
    """docname → real vault-relative path, for notes whose name is not stored in NFC or is
    encoded in their docname (:mod:`wikilink_ext.vault.docnames`)."""
    ignored: set[str] = field(default_factory=set)
    """Vault-relative paths of the notes a ``wikilink_ignore`` pattern left out (with ``.md``)."""
    skipped: set[str] = field(default_factory=set)
    """Vault-relative paths of files and folders the build must not read (see problems)."""
    problems: list[ScanProblem] = field(default_factory=list)

    @property
    def published(self) -> dict[str, ScannedNote]:
        return {d: fm for d, fm in self.notes.items() if fm.publish}

    @property
    def named(self) -> dict[str, str]:
        """docname → the note's vault path as written (NFC, no ``.md``), where they differ."""
        return {
            docname: _nfc(path[: -len(NOTE_SUFFIX)])
            for docname, path in self.paths.items()
            if _nfc(path[: -len(NOTE_SUFFIX)]) != docname
        }

    def name_of(self, docname: str) -> str:
        """The note's name as written (its file name without ``.md``)."""
        path = self.paths.get(docname)
        if path is None:
            return note_name(docname)
        return posixpath.basename(_nfc(path[: -len(NOTE_SUFFIX)]))


def _strings(value: Any, found: list[str]) -> bool:
    """Collect the usable strings of ``value``; True when its shape is not a flat list."""
    if value is None:
        return False
    if isinstance(value, str):
        found.extend(value.split(","))
        return False
    if isinstance(value, Mapping):
        for key, item in value.items():
            if item is None or isinstance(item, list | tuple | Mapping):
                found.append(str(key))
                _strings(item, found)
            else:  # "- Dr: Who" is YAML for a mapping; the author wrote "Dr: Who"
                found.append(f"{key}: {item}")
        return True
    if isinstance(value, list | tuple):
        odd = False
        for item in value:
            if isinstance(item, list | tuple | Mapping):
                odd = True
                _strings(item, found)
            elif item is not None:
                found.append(str(item))
        return odd
    found.append(str(value))
    return False


def string_list(value: Any) -> tuple[str, ...]:
    """A YAML list or a comma-separated string, as Obsidian accepts for aliases and tags.

    Nested lists and mappings are flattened to the strings they hold (see :func:`_strings`).
    """
    found: list[str] = []
    _strings(value, found)
    return tuple(dict.fromkeys(s.strip() for s in found if s.strip()))


def read_note(raw: bytes) -> tuple[str | None, str | None]:
    """Decode a note: (text, problem). Binary files give no text; non-UTF-8 bytes are replaced."""
    if b"\x00" in raw[:_SNIFF]:
        return None, "binary file named .md; skipped"
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        return (
            raw.decode("utf-8-sig", errors="replace"),
            f"not UTF-8 (byte {error.start}); read with replacement characters",
        )


def read_frontmatter(text: str) -> dict[str, Any]:
    """Parse a leading ``---`` YAML block; unreadable frontmatter reads as empty."""
    return parse_frontmatter(text).data


def _field(data: Mapping[Any, Any], *names: str) -> Any:
    """A property by any of ``names``, case-insensitively (Obsidian's property names are)."""
    wanted = {n.casefold() for n in names}
    for key, value in data.items():
        if str(key).strip().casefold() in wanted:
            return value
    return None


def _record(relpath: str, path: Path, mtime_ns: int, patterns: list[str]) -> ScannedNote:
    raw = path.read_bytes()
    text, problem = read_note(raw)
    problems: list[tuple[int, str, str]] = []
    if text is None:
        return ScannedNote(
            mtime_ns,
            publish=False,
            reason="a binary file",
            cause=Cause.BINARY,
            problems=((1, "unreadable", problem or ""),),
        )
    if problem:
        problems.append((1, "unreadable", problem))
    read = parse_frontmatter(text)
    data = read.data
    verdict = decide(relpath, data, patterns=patterns, unreadable=read.problem, keys=read.keys)
    if verdict.problem:
        publish_line = next((n for k, n in read.keys if k.strip().casefold() == "publish"), 1)
        line = read.line if read.problem else publish_line
        problems.append((line, "unpublished", verdict.problem))
    if not verdict.published:
        # nothing of an unpublished note is kept (the scan is pickled with the build)
        return ScannedNote(
            mtime_ns,
            publish=False,
            reason=verdict.reason,
            cause=verdict.cause,
            problems=tuple(problems),
        )
    lists: dict[str, tuple[str, ...]] = {}
    for name, keys in (("aliases", ("aliases", "alias")), ("tags", ("tags", "tag"))):
        value = _field(data, *keys)
        found: list[str] = []
        if _strings(value, found):
            problems.append(
                (
                    1,
                    "syntax",
                    f"frontmatter {name} should be a list of strings; "
                    f"kept {', '.join(repr(s.strip()) for s in found if s.strip()) or 'nothing'}",
                )
            )
        lists[name] = tuple(dict.fromkeys(s.strip() for s in found if s.strip()))
    title = _field(data, "title")
    description = _field(data, "description")
    return ScannedNote(
        mtime_ns=mtime_ns,
        aliases=lists["aliases"],
        tags=tuple(t.lstrip("#") for t in lists["tags"] if t.lstrip("#")),
        publish=verdict.published,
        title=str(title) if title and not isinstance(title, list | dict) else None,
        description=str(description).strip() if description else None,
        cssclasses=string_list(_field(data, "cssclasses", "cssclass")),
        reason=verdict.reason,
        problems=tuple(problems),
    )


def _nfc(path: str) -> str:
    return unicodedata.normalize("NFC", path)


def _docname(relpath: str) -> str:
    """The docname of the note at ``relpath`` (see :mod:`wikilink_ext.vault.docnames`)."""
    return docname_for(_nfc(relpath[: -len(NOTE_SUFFIX)]))


def unsafe_paths(root: str | os.PathLike[str]) -> tuple[set[str], set[str]]:
    """What a tool that follows symlinks must not open, found with a cheap walk (no reads).

    Returns (symlinks to leave alone: dangling, looping, leaving the vault, or folders;
    notes whose docname differs from their stored name, by their NFC path: names stored
    as NFD, and names :func:`~wikilink_ext.vault.docnames.docname_for` encodes).
    """
    root_path = Path(root).resolve()
    links: set[str] = set()
    nfd: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(root_path, followlinks=False):
        rel_dir = Path(dirpath).relative_to(root_path).as_posix()
        rel_dir = "" if rel_dir == "." else rel_dir + "/"
        dirnames[:] = [d for d in dirnames if not d.startswith(".") or d == ".trash"]
        for name in [*dirnames, *filenames]:
            full = Path(dirpath, name)
            if name in dirnames and full.is_symlink():
                links.add(_nfc(rel_dir + name))
            elif full.is_symlink():
                try:
                    if not full.resolve(strict=True).is_relative_to(root_path):
                        links.add(_nfc(rel_dir + name))
                except (OSError, RuntimeError):
                    links.add(_nfc(rel_dir + name))
            elif name.endswith(NOTE_SUFFIX) and _docname(rel_dir + name) + NOTE_SUFFIX != (
                rel_dir + name
            ):
                nfd.add(_nfc(rel_dir + name))
    return links, nfd


def _not_a_file(path: Path, limit: int | None) -> str | None:
    """Why ``path`` must not be opened (a FIFO blocks, a device never ends), or None."""
    try:
        info = path.stat()
    except OSError as error:
        return f"cannot be read ({error.strerror})"
    if stat.S_ISFIFO(info.st_mode):
        return "a named pipe (FIFO), not a file"
    if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode):
        return "a device, not a file"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file"
    if limit is not None and info.st_size > limit:
        return f"{info.st_size:,} bytes, larger than the {limit:,}-byte limit for a note"
    return None


def _excluded_summary(folders_out: Mapping[str, list[str]], notes: int) -> ScanProblem:
    """One problem for every note that folder patterns left out, at the first of them."""
    paths = sorted(p for found in folders_out.values() for p in found)
    folders = len({posixpath.dirname(p) for p in paths})
    share = f" ({100 * len(paths) / notes:.0f} % of the vault's notes)" if notes else ""
    patterns = ", ".join(repr(p) for p in sorted(folders_out))
    return ScanProblem(
        paths[0],
        1,
        "excluded",
        f"{len(paths)} note(s) in {folders} folder(s){share} not published, this one first: "
        "their folders match "
        f"wikilink_ignore ({patterns}); remove the pattern to publish them, or add "
        '"wikilink.excluded" to suppress_warnings',
    )


def scan_vault(
    root: str | os.PathLike[str],
    ignore: Iterable[str] = (),
    cache: Mapping[str, ScannedNote] | None = None,
    *,
    drawings: bool = False,
    counted: Iterable[str] = (),
) -> VaultScan:
    """List a vault's notes and attachments; never raises for a file the vault holds.

    ``drawings``: publish Excalidraw drawings (``*.excalidraw.md``) as notes. Their Markdown
    is the drawing's data (text elements, then compressed JSON), shown by the plugin as a
    picture: by default they are left out, with one warning for the vault.

    ``counted``: the patterns among ``ignore`` whose folders the vault's owner should hear
    about (``wikilink_ignore``): the notes they leave out are summed up in one problem, so
    a third of a vault does not vanish without a word.
    """
    root_path = Path(root).resolve()
    patterns = list(ignore)
    cache = cache or {}
    result = VaultScan()
    left_out: list[str] = []
    counted_patterns = {p.rstrip("/") for p in counted}
    folders_out: dict[str, list[str]] = {}  # pattern → notes in folders it leaves out

    def skip(relpath: str, subtype: str, message: str) -> None:
        result.skipped.add(relpath)
        result.problems.append(ScanProblem(relpath, 1, subtype, message))

    stored: dict[str, str] = {}  # docname → the file that has it

    def inside(full: Path, relpath: str) -> bool:
        try:
            real = full.resolve(strict=True)
        except FileNotFoundError:
            skip(relpath, "unreadable", "dangling symlink; skipped")
            return False
        except (RuntimeError, OSError) as error:  # a symlink loop, a permission problem
            skip(relpath, "unreadable", f"cannot be read ({error.__class__.__name__}); skipped")
            return False
        if not real.is_relative_to(root_path):
            skip(relpath, "outside", "symlink that leads outside the vault; not read")
            return False
        return True

    for dirpath, dirnames, filenames in os.walk(root_path, followlinks=False):
        rel_dir = Path(dirpath).relative_to(root_path).as_posix()
        rel_dir = "" if rel_dir == "." else rel_dir
        kept = []
        for d in sorted(dirnames):
            relpath = f"{rel_dir}/{d}".lstrip("/")
            if d.startswith(".") and d != ".trash":
                continue  # .obsidian, .git: settings and history, never notes
            full = Path(dirpath, d)
            if full.is_symlink():
                # os.walk does not follow it, Sphinx would: never let it be read
                if inside(full, relpath):
                    result.skipped.add(relpath)
                continue
            kept.append(d)
        dirnames[:] = kept
        # a name stored in NFC first: it keeps the docname when another differs only by form
        for filename in sorted(filenames, key=lambda n: (_nfc(n), n != _nfc(n), n)):
            relpath = f"{rel_dir}/{filename}".lstrip("/")
            full = Path(dirpath, filename)
            is_note = filename.endswith(NOTE_SUFFIX)
            if full.is_symlink() and not inside(full, relpath):
                continue
            unusable = _not_a_file(full, limit=MAX_NOTE_BYTES if is_note else None)
            if unusable is not None:
                skip(relpath, "unreadable", f"{unusable}; skipped")
                if is_note:
                    docname = _docname(relpath)
                    result.notes[docname] = ScannedNote(
                        0, publish=False, reason=unusable, cause=Cause.UNREADABLE
                    )
                continue
            if not is_note:
                # an attachment in `_assets/` or a template folder stays linkable, as in
                # Obsidian; only hidden folders (.obsidian, .trash) hold nothing to publish
                if not any(part.startswith(".") for part in relpath.split("/")):
                    result.attachments.add(relpath)
                continue
            docname = _docname(relpath)
            first = stored.setdefault(docname, relpath)
            if first != relpath:
                skip(
                    relpath,
                    "ambiguous",
                    f"same note name as {first!r} (the names differ only in their Unicode "
                    "form, which links cannot tell apart); not published: rename one of them",
                )
                result.paths[docname] = first  # Sphinx cannot tell them apart either
                continue
            if docname != relpath[: -len(NOTE_SUFFIX)]:
                result.paths[docname] = relpath
            verdict = excluded(relpath, patterns)
            if not drawings and filename.endswith(DRAWING_SUFFIX):
                verdict = Verdict(False, DRAWING_REASON, Cause.DRAWING)
                left_out.append(relpath)
            if verdict is not None:
                result.notes[docname] = ScannedNote(
                    0, publish=False, reason=verdict.reason, cause=verdict.cause
                )
                if verdict.cause is Cause.IGNORED:
                    result.ignored.add(relpath)
                    if verdict.in_folder and verdict.pattern in counted_patterns:
                        folders_out.setdefault(verdict.pattern, []).append(relpath)
                continue
            try:
                mtime = full.stat().st_mtime_ns
                cached = cache.get(docname)
                fm = (
                    cached
                    if cached and cached.mtime_ns == mtime
                    else _record(relpath, full, mtime, patterns)
                )
            except OSError as error:
                skip(relpath, "unreadable", f"cannot be read ({error.strerror}); skipped")
                continue
            result.notes[docname] = fm
            for line, subtype, message in fm.problems:
                result.problems.append(ScanProblem(relpath, line, subtype, message))
            if fm.cause is Cause.BINARY:
                result.skipped.add(relpath)
    if folders_out:
        result.problems.append(_excluded_summary(folders_out, len(result.notes)))
    if left_out:
        result.problems.append(
            ScanProblem(
                left_out[0],
                1,
                "excalidraw",
                f"{len(left_out)} Excalidraw drawing(s) left out, this one first: their "
                "Markdown is drawing data (wikilink_publish_excalidraw = True publishes them)",
            )
        )
    return result


def rescan_vault(
    root: str | os.PathLike[str],
    previous: VaultScan,
    changed: Iterable[str],
    ignore: Iterable[str] = (),
) -> VaultScan | None:
    """The scan of a vault of which only ``changed`` (vault-relative posix paths, as a file
    watcher reports them) changed since ``previous``; None when only a whole scan can say.

    A live preview saves one note at a time: walking and statting the whole vault for it
    cost a fifth of a rebuild at 1,000 notes. Handled here, for the paths changed: a note
    edited in place (read again, its problems replaced where they were), an attachment
    added or deleted, a file that came and went (an editor's temporary file). Anything
    else (a note added, deleted or renamed, a folder, a symlink, a name stored otherwise
    than its docname, a note whose problems appear or whose publish cause is binary) gives
    None: the whole scan decides it, as a clean build would.
    """
    root_path = Path(root).resolve()
    patterns = list(ignore)
    result = VaultScan(
        notes=dict(previous.notes),
        attachments=set(previous.attachments),
        paths=dict(previous.paths),
        ignored=set(previous.ignored),
        skipped=set(previous.skipped),
        problems=list(previous.problems),
    )
    for relpath in dict.fromkeys(changed):
        parts = relpath.split("/")
        if any(part.startswith(".") and part != ".trash" for part in parts[:-1]):
            continue  # in a hidden folder (.obsidian, .git): the walk never enters it
        hidden_note = parts[-1].startswith(".") and relpath.endswith(NOTE_SUFFIX)
        if not relpath or ".trash" in parts or hidden_note:
            return None  # the walk reads .trash, and lists a hidden note as unpublished
        if parts[-1].startswith("."):
            continue  # a hidden file or folder (.DS_Store, a swap file): never listed
        if relpath in result.ignored or any(
            relpath == s or relpath.startswith(s + "/") for s in result.skipped
        ):
            return None  # left out, or inside a symlinked folder the walk does not enter
        full = root_path / relpath
        try:
            info = full.lstat()
        except FileNotFoundError:
            info = None
        except OSError:
            return None
        if relpath.endswith(NOTE_SUFFIX):
            if info is None or not _edited_in_place(result, relpath, full, info, patterns):
                return None
        elif info is None:
            prefix = relpath + "/"
            if any(d.startswith(prefix) for d in result.notes) or any(
                a.startswith(prefix) for a in result.attachments
            ):
                return None  # a folder that went away with what it held
            result.attachments.discard(relpath)
        elif stat.S_ISREG(info.st_mode):
            result.attachments.add(relpath)
        else:
            return None  # a folder, a symlink, a device
    return result


def _edited_in_place(
    result: VaultScan, relpath: str, full: Path, info: os.stat_result, patterns: list[str]
) -> bool:
    """Read the note at ``relpath`` again into ``result``; False when the whole scan must."""
    docname = _docname(relpath)
    old = result.notes.get(docname)
    if (
        old is None  # a new note: its place among the others is the walk's
        or old.mtime_ns == 0  # left out before reading (ignored, a drawing, unreadable)
        or docname != relpath[: -len(NOTE_SUFFIX)]
        or docname in result.paths
        or not stat.S_ISREG(info.st_mode)
        or info.st_size > MAX_NOTE_BYTES
    ):
        return False
    try:
        same = old.mtime_ns == info.st_mtime_ns
        new = old if same else _record(relpath, full, info.st_mtime_ns, patterns)
    except OSError:
        return False
    if new.cause is Cause.BINARY:
        return False
    at = [i for i, problem in enumerate(result.problems) if problem.relpath == relpath]
    if new.problems and not at:
        return False  # where the walk would put them
    if at and at != list(range(at[0], at[0] + len(at))):
        return False
    found = [ScanProblem(relpath, line, subtype, text) for line, subtype, text in new.problems]
    if at:
        result.problems[at[0] : at[-1] + 1] = found
    result.notes[docname] = new
    return True
