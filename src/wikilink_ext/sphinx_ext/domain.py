"""The vault's cross-document state, kept the Sphinx way: per document, picklable, mergeable.

What each note defines (title, headings with their anchors, block ids, tags) and what it
links to is collected while the note is read; links are resolved against it when pages are
written. The :class:`~wikilink_ext.vault.index.VaultIndex` of names is rebuilt at the start of
every build from a scan of the vault and lives on the domain object, not in the pickle.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass, field
from typing import Any

from sphinx.domains import Domain

from ..syntax.blockids import block_key
from ..vault.index import Heading, VaultIndex, heading_key
from ..vault.references import ReferenceList
from ..vault.scan import ScannedNote, VaultScan
from .perdocument import PerDocument

__all__ = ["NoteData", "VaultDomain", "cite_domain", "env_builder", "vault_domain"]


@dataclass
class NoteData:
    """What one note defines and uses; rebuilt whenever the note is read."""

    title: str = ""
    headings: list[Heading] = field(default_factory=list)
    blocks: dict[str, str] = field(default_factory=dict)
    """Block id (:func:`~wikilink_ext.syntax.blockids.block_key`) → anchor of its node."""
    tags: dict[str, None] = field(default_factory=dict)
    """The note's tags in order of first use, each once (a dict: looking a tag up in a list
    made a note of n distinct tags cost n² steps)."""
    links: set[str] = field(default_factory=set)
    """Case-folded names of every note or file this note links to or embeds (for rebuilds)."""
    fragments: set[tuple[str, str]] = field(default_factory=set)
    """(case-folded name, ``#heading key`` or ``^block id``) of each link into a note's
    heading or block: a renamed heading writes again only the notes that link to it."""
    cites: list[str] = field(default_factory=list)
    """Citation keys in order of first use."""
    description: str | None = None
    """Frontmatter ``description``: the page's HTML meta description."""
    listed: list[str] = field(default_factory=list)
    """Docnames this note links from its lists (the home note's give the book's order)."""
    listed_under: list[str] = field(default_factory=list)
    """Title of the section holding each listed link, parallel to ``listed`` (the home
    note's headings group the book into parts)."""

    def link(self, name: str, headings: Iterable[str] = (), block: str | None = None) -> None:
        """Record a link to the note or file ``name`` (case-folded), into a heading or block."""
        self.links.add(name)
        self.fragments.update((name, "#" + heading_key(h)) for h in headings)
        if block:
            self.fragments.add((name, "^" + block_key(block)))

    def tag(self, name: str) -> None:
        """Record the tag ``name`` (again: no change)."""
        self.tags.setdefault(name, None)

    def targets(self) -> tuple[Any, ...]:
        """What other notes can point at; a change here re-resolves the notes linking in."""
        return (self.title, tuple(self.headings), tuple(sorted(self.blocks.items())))


class VaultDomain(Domain):
    """Holds the vault: notes, anchors and links."""

    name = "wikilink"
    label = "Obsidian vault"
    initial_data = {"notes": PerDocument(), "scanned": PerDocument()}  # noqa: RUF012
    data_version = 5  # 3: tags as a dict; 4: per-document containers; 5: slotted headings

    # Rebuilt at the start of every build (events.scan); never pickled.
    index: VaultIndex
    index_unpublished: VaultIndex
    index_ignored: VaultIndex
    scan: VaultScan
    references: ReferenceList
    changed_names: set[str]
    before: dict[str, Any]
    removed_docs: set[str]
    """Documents this build removed (see publishing.remove_stale_output)."""
    copied_before: set[str]
    """Images and downloads the documents used before this build (publishing)."""
    scan_ignore: list[str] | None = None
    """The patterns the last whole scan left out, for a rescan of a few paths."""
    references_docname: str | None = None
    """Docname of the References note, if the vault has one."""
    # Worked out once per build by the pages layer, from the whole vault; reset at
    # ``env-updated`` (tag pages) or ``env-get-updated`` (navigation); never pickled.
    tags_folder: str | None = None
    """The folder of the tag pages (:func:`wikilink_ext.pages.tagpages.tags_dir`)."""
    tag_plan: Any = None
    """Which tags get a page (:class:`wikilink_ext.pages.tagpages.TagPlan`)."""
    nav: Any = None
    """The shared sidebar (:class:`wikilink_ext.pages.navigation.Nav`)."""
    write_pace: Any = None
    """A parallel write's pace (:class:`wikilink_ext.sphinx_ext.writepace.WritePace`)."""
    graph_before: dict[str, Any] = {}  # noqa: RUF012 (replaced, never changed in place)
    """The whole graph's view of the notes read in this build, before they were read."""
    graph_written: tuple[frozenset[str], str | None] | None = None
    """(notes, sidebar digest) of the graph page this application wrote last."""

    @property
    def notes(self) -> dict[str, NoteData]:
        return self.data["notes"]  # type: ignore[no-any-return]

    @property
    def scanned(self) -> dict[str, ScannedNote]:
        """The last scan's record of each note, reused for files that did not change."""
        return self.data["scanned"]  # type: ignore[no-any-return]

    def note(self, docname: str) -> NoteData:
        return self.notes.setdefault(docname, NoteData())

    def clear_doc(self, docname: str) -> None:
        self.notes.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["notes"]:
                self.notes[docname] = otherdata["notes"][docname]

    def linking_to(self, names: Iterable[str]) -> set[str]:
        """Docnames whose links name any of ``names`` (case-folded basenames)."""
        wanted = {n.casefold() for n in names}
        return {doc for doc, data in self.notes.items() if data.links & wanted}

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []


def cite_domain(env: Any) -> Any | None:
    """sphinxcontrib-bibtex's domain, or None when the vault does not use citations."""
    return env.domains.get("cite") if hasattr(env.domains, "get") else None


def env_builder(env: Any) -> Any:
    """The builder of the build that ``env`` belongs to (Sphinx 9 keeps the application as
    ``env._app``; 8.x as ``env.app``, deprecated since)."""
    app = getattr(env, "_app", None)
    return (app if app is not None else env.app).builder


def vault_domain(env: Any) -> VaultDomain:
    domain = env.domains["wikilink"]
    assert isinstance(domain, VaultDomain)
    return domain
