"""The vault index: which note or file a link names, resolved as Obsidian resolves it.

Built once per build from the list of notes (with their frontmatter aliases) and
attachments, before any note is parsed; every link, embed, backlink and the toctree read
it. Lookups are dictionary hits, so resolving a link costs the same in a vault of ten
notes or ten thousand.

Rules, in order (each documented in the extension's reference page):

1. A path with a folder (``[[folder/Note]]``) is a path from the vault root, then a path
   relative to the linking note (``./``, ``../`` as in Markdown links), then the end of a
   longer path (Obsidian writes the shortest unique path).
2. A bare name matches note names exactly, then case-insensitively.
3. Several matches: the one in the linking note's folder, then the nearest by path; the
   choice is reported as ambiguous unless one candidate is in the linking note's folder.
4. Frontmatter ``aliases`` match (case-insensitively) when no note name does.
5. A name with a file extension other than ``.md`` names an attachment, by the same rules.
"""

from __future__ import annotations

import difflib
import posixpath
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "Heading",
    "Resolution",
    "VaultIndex",
    "find_heading",
    "heading_key",
    "heading_path_in_order",
]

Kind = Literal["note", "attachment", "missing"]


@dataclass(frozen=True)
class Resolution:
    """The outcome of resolving one link target."""

    kind: Kind
    target: str | None = None
    """A docname (``folder/Note``) for notes, a vault-relative path for attachments."""
    candidates: tuple[str, ...] = ()
    """All matches when the choice between them was not forced (ambiguous)."""
    via: str = ""
    """Which rule matched: ``path``, ``relative``, ``suffix``, ``name``, ``casefold``, ``alias``."""
    suggestions: tuple[str, ...] = ()
    """Close names for a missing target ("did you mean …?")."""

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1


def _folder(path: str) -> str:
    return posixpath.dirname(path)


def _common_depth(a: str, b: str) -> int:
    parts_a, parts_b = a.split("/") if a else [], b.split("/") if b else []
    depth = 0
    for left, right in zip(parts_a, parts_b, strict=False):
        if left != right:
            break
        depth += 1
    return depth


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _normalise(path: str) -> str | None:
    """Collapse ``.`` and ``..``; None when the path climbs out of the vault."""
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)


@dataclass
class _Table:
    """Exact and case-folded lookups over a set of vault paths."""

    paths: set[str] = field(default_factory=set)
    folded_paths: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    names: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    folded_names: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    nfc_paths: dict[str, str] = field(default_factory=dict)
    """Path as linked (NFC) → stored path, where the two differ: names stored as NFD, and
    notes whose docname encodes their name (:mod:`wikilink_ext.vault.docnames`)."""

    def add(self, path: str, named: str | None = None) -> None:
        """Index ``path`` under the name it is linked by: ``named`` (the note's vault path as
        written, when its docname differs), else the NFC form of ``path``."""
        self.paths.add(path)
        key = _nfc(named if named is not None else path)
        if key != path:
            self.nfc_paths[key] = path
        self.folded_paths[key.casefold()].append(path)
        name = posixpath.basename(key)
        self.names[name].append(path)
        self.folded_names[name.casefold()].append(path)


class VaultIndex:
    """Name resolution over a vault's notes and attachments."""

    def __init__(
        self,
        notes: Mapping[str, Sequence[str]] | Iterable[str],
        attachments: Iterable[str] = (),
        named: Mapping[str, str] | None = None,
    ) -> None:
        """``notes`` maps each docname (``folder/Note``, no suffix) to its aliases; ``named``
        maps a docname to the note's vault path as written, where the two differ."""
        self._notes = _Table()
        self._files = _Table()
        self._aliases: dict[str, list[str]] = defaultdict(list)
        self._alias_text: dict[str, str] = {}
        alias_map = notes if isinstance(notes, Mapping) else dict.fromkeys(notes, ())
        named = named or {}
        for docname, aliases in alias_map.items():
            self._notes.add(docname, named.get(docname))
            for alias in aliases:
                self._aliases[_nfc(alias.strip()).casefold()].append(docname)
                self._alias_text[_nfc(alias.strip()).casefold()] = alias.strip()
        for path in attachments:
            self._files.add(path)
        self._cache: dict[tuple[str, str], Resolution] = {}

    @property
    def docnames(self) -> set[str]:
        return self._notes.paths

    @property
    def attachments(self) -> set[str]:
        return self._files.paths

    def resolve(self, link: str, source: str) -> Resolution:
        """Resolve ``link`` (as written, without ``#fragment``) from the note ``source``.

        Only the linking note's folder matters, so answers are cached per (link, folder):
        a name linked from a thousand notes of one folder is resolved once.
        """
        key = (link, _folder(source) if link.strip() else source)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._resolve(link, source)
            if cached.kind == "missing" and link.strip() and link != link.strip():
                # a file name that itself ends in a space ("Maven .md"), as the generated
                # home page and Markdown links write it
                kept = self._resolve(link, source, strip=False)
                cached = kept if kept.kind != "missing" else cached
            self._cache[key] = cached
        return cached

    def _resolve(self, link: str, source: str, *, strip: bool = True) -> Resolution:
        link = _nfc((link.strip() if strip else link).replace("\\", "/"))
        if not link:
            return Resolution("note", source, via="self")
        stem, ext = posixpath.splitext(link)
        if ext.casefold() == ".md":
            found = self._lookup(self._notes, "note", stem, source, aliases=True)
            if found.kind == "missing":
                return self._drawing_image(link, source) or found
            return found
        found = self._lookup(self._notes, "note", link, source, aliases=not ext)
        if found.kind == "missing" and ext:
            attachment = self._lookup(self._files, "attachment", link, source, aliases=False)
            if attachment.kind != "missing":
                return attachment
            drawing = self._drawing_image(link, source)
            if drawing is not None:
                return drawing
            # "Dr. Who", "Node.js": a dot that is not a file extension, in an alias
            by_alias = self._aliases.get(link.casefold(), [])
            if by_alias:
                return self._choose("note", sorted(set(by_alias)), _folder(source), "alias")
            return Resolution("missing", suggestions=self._suggest(link, self._files))
        return found

    def _drawing_image(self, link: str, source: str) -> Resolution | None:
        """``[[Sketch.excalidraw]]`` when the drawing is not a published note: the image the
        Excalidraw plugin exports beside it (``Sketch.excalidraw.svg``, ``.png``), if any."""
        stem = link[:-3] if link.casefold().endswith(".md") else link
        if not stem.casefold().endswith(".excalidraw"):
            return None
        for candidate in (stem + ".svg", stem + ".png", stem[:-11] + ".svg", stem[:-11] + ".png"):
            found = self._lookup(self._files, "attachment", candidate, source, aliases=False)
            if found.kind == "attachment":
                return found
        return None

    def _lookup(
        self, table: _Table, kind: Kind, link: str, source: str, *, aliases: bool
    ) -> Resolution:
        here = _folder(source)
        if link.startswith("/"):
            link = link.lstrip("/")
        if "/" in link:
            rooted = _normalise(link)
            if rooted is not None and rooted in table.paths:
                return Resolution(kind, rooted, via="path")
            if rooted is not None and rooted in table.nfc_paths:
                return Resolution(kind, table.nfc_paths[rooted], via="path")
            relative = _normalise(posixpath.join(here, link))
            if relative is not None and relative in table.paths:
                return Resolution(kind, relative, via="relative")
            if relative is not None and relative in table.nfc_paths:
                return Resolution(kind, table.nfc_paths[relative], via="relative")
            if rooted is not None:
                folded = table.folded_paths.get(rooted.casefold(), [])
                if folded:
                    return self._choose(kind, folded, here, "casefold")
            if relative is not None:  # ``../concepts/CPU`` for ``concepts/Cpu.md``
                folded = table.folded_paths.get(_nfc(relative).casefold(), [])
                if folded:
                    return self._choose(kind, folded, here, "casefold")
            if rooted is not None:
                suffix = "/" + rooted.casefold()
                name = posixpath.basename(rooted).casefold()
                ends = [
                    p
                    for p in table.folded_names.get(name, [])
                    if ("/" + p.casefold()).endswith(suffix)
                ]
                if ends:
                    return self._choose(kind, ends, here, "suffix")
        else:
            exact = table.names.get(link, [])
            if exact:
                return self._choose(kind, exact, here, "name")
            folded = table.folded_names.get(link.casefold(), [])
            if folded:
                return self._choose(kind, folded, here, "casefold")
        if aliases:
            by_alias = self._aliases.get(link.casefold(), [])
            if by_alias:
                return self._choose(kind, sorted(set(by_alias)), here, "alias")
        return Resolution("missing", suggestions=self._suggest(link, table))

    @staticmethod
    def _choose(kind: Kind, candidates: list[str], here: str, via: str) -> Resolution:
        if len(candidates) == 1:
            return Resolution(kind, candidates[0], via=via)
        local = [c for c in candidates if _folder(c) == here]
        if len(local) == 1:
            return Resolution(kind, local[0], via=via)
        ranked = sorted(
            candidates, key=lambda c: (-_common_depth(_folder(c), here), c.count("/"), c)
        )
        return Resolution(kind, ranked[0], candidates=tuple(ranked), via=via)

    def _suggest(self, link: str, table: _Table) -> tuple[str, ...]:
        """Close matches by name, for "did you mean" (only computed for missing links)."""
        name = posixpath.basename(link).casefold()
        pool = dict(self._alias_text) if table is self._notes else {}
        pool.update({n.casefold(): n for n in table.names})  # a note's own name wins
        close = difflib.get_close_matches(name, list(pool), n=3, cutoff=0.75)
        return tuple(pool[c] for c in close)


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading of a note, with the HTML/LaTeX anchor Sphinx gave its section."""

    text: str
    level: int
    anchor: str


def heading_key(text: str) -> str:
    """Obsidian-tolerant comparison key: case-folded, punctuation dropped, spaces collapsed.

    Obsidian cannot keep ``# | ^ : % [ ]`` in a link to a heading and its editor drops
    them when it writes one, so the stored heading and the link text differ there.
    """
    kept = "".join(ch if ch.isalnum() or ch.isspace() else " " for ch in text.casefold())
    return " ".join(kept.split())


@dataclass
class _Outline:
    """A note's headings indexed once: the exact texts and tolerant keys in document order,
    and the first heading of each text and of each key."""

    headings: Sequence[Heading]
    size: int
    last: Heading | None
    exact_texts: list[str]
    tolerant_texts: list[str]
    first_exact: dict[str, Heading]
    first_tolerant: dict[str, Heading]

    def current(self, headings: Sequence[Heading]) -> bool:
        return (
            self.headings is headings
            and self.size == len(headings)
            and self.last is (headings[-1] if headings else None)
        )


_outline: list[_Outline] = []  # the last note asked about: links to one note come in runs


def _outline_of(headings: Sequence[Heading]) -> _Outline:
    if _outline and _outline[0].current(headings):
        return _outline[0]
    exact_texts = [h.text for h in headings]
    tolerant_texts = [heading_key(h.text) for h in headings]
    first_exact: dict[str, Heading] = {}
    first_tolerant: dict[str, Heading] = {}
    for heading, tolerant in zip(headings, tolerant_texts, strict=True):
        first_exact.setdefault(heading.text, heading)
        first_tolerant.setdefault(tolerant, heading)
    outline = _Outline(
        headings,
        len(headings),
        headings[-1] if headings else None,
        exact_texts,
        tolerant_texts,
        first_exact,
        first_tolerant,
    )
    _outline[:] = [outline]
    return outline


_MAX_REGROUPED_PARTS = 16  # "#" inside headings is rare; beyond this, parts are taken as written


def find_heading(headings: Sequence[Heading], wanted: Sequence[str]) -> Heading | None:
    """The heading named by ``#H1#H2…``, found as Obsidian finds it: ``H1``, then the first
    ``H2`` after it in document order, and so on (``H2`` need not sit under ``H1``).

    Exact text wins over the tolerant key. A heading may itself hold "#" (Obsidian writes
    ``[[#<font color="#ffc000">A</font>#B]]`` for a coloured heading), so parts are also
    read joined. The outline is indexed once per note, so many links into one note cost
    one pass, and a one-part link is a dictionary hit.
    """
    if not wanted:
        return None
    outline = _outline_of(headings)
    for tolerant in (False, True):
        key = heading_key if tolerant else str
        first = outline.first_tolerant if tolerant else outline.first_exact
        if len(wanted) == 1:
            found = first.get(key(wanted[0]))
            if found is not None:
                return found
            continue
        texts = outline.tolerant_texts if tolerant else outline.exact_texts
        index = heading_path_in_order(wanted, texts, key)
        if index is not None:
            return headings[index]
    return None


def heading_path_in_order(
    wanted: Sequence[str], names: Sequence[str], key: Callable[[str], str]
) -> int | None:
    """Index in ``names`` (already keyed, in document order) of the heading that ``#A#B#C``
    names: ``A``, then the first ``B`` after it, then the first ``C`` after that.

    This is how Obsidian follows a heading path ("You can add multiple hashtags for each
    subheading", Obsidian Help, Internal links): each part is searched after the previous
    one, not among its children. Parts may also be read joined by "#" (a heading that holds
    "#"); the earliest heading that accounts for a number of parts is kept, which is the
    greedy choice that finds a match whenever one exists.
    """
    size = len(wanted)
    regroup = size <= _MAX_REGROUPED_PARTS
    joined = {  # (start, stop) -> the key of parts[start:stop] read as one heading
        (start, stop): key("#".join(wanted[start:stop]))
        for start in range(size)
        for stop in (range(start + 1, size + 1) if regroup else (start + 1,))
    }
    reached = {0}  # how many parts the headings seen so far account for
    for index, name in enumerate(names):
        gained: set[int] = set()
        for start in reached:
            stops = range(start + 1, size + 1) if regroup else (start + 1,)
            for stop in stops:
                if joined[start, stop] == name:
                    if stop == size:
                        return index
                    gained.add(stop)
        reached |= gained
    return None
