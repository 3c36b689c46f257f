"""Who links to whom, with the words around each link, and each note's summary: the data
behind backlinks, hover previews and the graph.

Collected per note when it is read (a Sphinx domain: cleared per document, merged after a
parallel read); the reverse index (target → links in) is computed once per build, after
reading, so that writing a page costs only that page's links. Incremental builds: a note
whose links, title or summaries changed has the notes on the other end of its links written
again (``env-get-updated``), so their backlinks, previews and local graphs stay current: a
note whose title or summaries changed, all of them; else only those whose links from it
changed (an edit elsewhere in the note rewrites no other page).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Set
from dataclasses import dataclass, field
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

from ..sphinx_ext.domain import cite_domain, vault_domain
from ..sphinx_ext.nodes import wikilink_ref
from ..sphinx_ext.perdocument import PerDocument
from ..syntax.blockids import block_key
from ..vault.context import WHOLE, Excerpt, Segment, around, clean, opening
from ..vault.index import find_heading

__all__ = ["LinkData", "NoteLinks", "OutLink", "link_data", "segments"]


@dataclass(frozen=True, slots=True)
class OutLink:
    """One wikilink (or embed) on a note's page."""

    target: str
    """Docname of the note linked to."""
    headings: tuple[str, ...]
    block: str | None
    context: Excerpt
    """The sentence that links, the linking words marked."""
    anchor: str | None
    """Id of the section of the linking note that holds the link."""
    own: bool
    """Written in this note (not inside content embedded from another note)."""
    embed: bool


@dataclass(slots=True)
class NoteLinks:
    links: list[OutLink] = field(default_factory=list)
    summary: Excerpt = ()
    """The frontmatter description, else the first paragraph."""
    sections: dict[str, Excerpt] = field(default_factory=dict)
    """Section id → the section's first paragraph."""
    blocks: dict[str, Excerpt] = field(default_factory=dict)
    """Block id → the block's text."""

    def fingerprint(self) -> tuple[Any, ...]:
        return (self.summary, tuple(sorted(self.sections.items())), tuple(sorted(self.blocks)))


class LinkData(Domain):
    """Links between notes with their context, and the notes' summaries."""

    name = "wikilink-links"
    label = "Links between notes"
    initial_data = {"notes": PerDocument()}  # noqa: RUF012
    data_version = 2  # 2: slotted links (issue 18: memory)

    _incoming: dict[str, list[tuple[str, OutLink]]] | None = None
    before: dict[str, tuple[Any, ...]]
    removed_targets: set[str]

    @property
    def notes(self) -> dict[str, NoteLinks]:
        return self.data["notes"]  # type: ignore[no-any-return]

    def clear_doc(self, docname: str) -> None:
        self.notes.pop(docname, None)
        self._incoming = None

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["notes"]:
                self.notes[docname] = otherdata["notes"][docname]
        self._incoming = None

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []

    def incoming(self, docname: str) -> list[tuple[str, OutLink]]:
        """(linking docname, link) for every link written in another note to ``docname``;
        the appendices' links are not counted (``wikilink_appendices``)."""
        if self._incoming is None:
            found: dict[str, list[tuple[str, OutLink]]] = {}
            outside = set(self.env.config.wikilink_appendices)
            for source in sorted(self.notes):
                if source in outside:
                    continue
                for link in self.notes[source].links:
                    if link.own and link.target != source:
                        found.setdefault(link.target, []).append((source, link))
            self._incoming = found
        return self._incoming.get(docname, [])

    def outgoing(self, docname: str) -> list[str]:
        """Docnames this note links to (its own links, not itself), in order, once each."""
        data = self.notes.get(docname)
        seen: dict[str, None] = {}
        for link in data.links if data else ():
            if link.own and link.target != docname:
                seen.setdefault(link.target)
        return list(seen)

    def neighbours(self, docname: str) -> set[str]:
        return set(self.outgoing(docname)) | {s for s, _ in self.incoming(docname)}


def link_data(env: BuildEnvironment) -> LinkData:
    domain = env.domains["wikilink-links"]
    assert isinstance(domain, LinkData)
    return domain


# -- turning doctree nodes into excerpts ----------------------------------------------------

_SKIPPED = (
    nodes.footnote_reference,
    nodes.citation_reference,
    nodes.substitution_reference,
    nodes.target,
    nodes.raw,
    nodes.comment,
    nodes.system_message,
    nodes.image,
    addnodes.index,
)


def _cite_text(env: BuildEnvironment, node: addnodes.pending_xref) -> str:
    """An unresolved citation as short author-year text (it is formatted only later)."""
    domain: Any = cite_domain(env)
    entries = domain.bibdata.data.entries if domain is not None else {}
    labels = []
    for raw in str(node.get("reftarget", "")).split(","):
        key = re.sub(r"\{[^}]*\}", "", raw).strip()  # {prefix}key{locator}
        entry = entries.get(key)
        if entry is None:
            continue
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        names = [" ".join(p.last_names) for p in people]
        who = names[0] + (" et al." if len(names) > 2 else "") if names else key
        if len(names) == 2:
            who = f"{names[0]} and {names[1]}"
        year = entry.fields.get("year", "")
        labels.append((who, year))
    if not labels:
        return ""
    # as sphinxcontrib-bibtex's author_year style writes them
    if node.get("reftype") == "t":
        return ", ".join(f"{who} [{year}]" for who, year in labels)
    return "[" + ", ".join(f"{who}, {year}".strip(", ") for who, year in labels) + "]"


def _owned(
    env: BuildEnvironment, node: nodes.Node, links: Collection[nodes.Node]
) -> list[tuple[str, str, int | None]]:
    """The text of ``node`` as segments, each with the ``id`` of the link in ``links`` whose
    text it is (None outside them). One pass, whatever the number of links."""
    ids = {id(link) for link in links}
    out: list[tuple[str, str, int | None]] = []

    def walk(current: nodes.Node, owner: int | None) -> None:
        if isinstance(current, nodes.math):
            out.append(("math", current.astext(), owner))
        elif isinstance(current, nodes.literal) and owner is None:
            out.append(("code", current.astext(), None))
        elif isinstance(current, nodes.Text):
            out.append(("text", str(current), owner))
        elif isinstance(current, addnodes.pending_xref) and current.get("refdomain") == "cite":
            out.append(("text", _cite_text(env, current), None))
        elif isinstance(current, _SKIPPED):
            return
        elif isinstance(current, nodes.Element):
            if "task-checkbox" in current.get("classes", ()):
                return
            inner = id(current) if id(current) in ids else owner
            for child in current.children:
                walk(child, inner)

    walk(node, None)
    return out


def segments(
    env: BuildEnvironment, node: nodes.Node, marks: Collection[nodes.Node] = ()
) -> list[Segment]:
    """The text of ``node`` as segments, maths kept as TeX, the text of ``marks`` marked."""
    return [
        ("mark" if kind == "text" and owner is not None else kind, text)
        for kind, text, owner in _owned(env, node, marks)
    ]


_WINDOW = 1_000
"""Characters kept on each side of a link for its context: the context is one sentence cut
to 240 characters around the link, so text further away can never show, and a paragraph of
a hundred thousand links costs each of them this much, not the whole paragraph."""


@dataclass
class _BlockText:
    """A block's owned segments, and where each link's text starts in them."""

    owned: list[tuple[str, str, int | None]]
    starts: dict[int, int]

    @classmethod
    def of(
        cls, env: BuildEnvironment, block: nodes.Node, links: Collection[nodes.Node]
    ) -> _BlockText:
        owned = _owned(env, block, links)
        starts: dict[int, int] = {}
        for i, (kind, _, owner) in enumerate(owned):
            if kind == "text" and owner is not None:
                starts.setdefault(owner, i)
        return cls(owned, starts)

    def context(self, links: Set[int]) -> Excerpt:
        """The words around the first of ``links`` (at most :data:`_WINDOW` each side)."""
        owned = self.owned
        first = min((self.starts[i] for i in links if i in self.starts), default=0)
        picked: list[Segment] = []
        budget, i = _WINDOW, first - 1
        while i >= 0 and budget > 0:
            kind, text, _ = owned[i]
            picked.append((kind, text if kind in WHOLE else text[-budget:]))
            budget -= len(text)
            i -= 1
        picked.reverse()
        budget, i = _WINDOW, first
        while i < len(owned) and budget > 0:
            kind, text, owner = owned[i]
            marked = kind == "text" and owner in links
            picked.append(("mark" if marked else kind, text if kind in WHOLE else text[:budget]))
            if not marked:
                budget -= len(text)
            i += 1
        return around(picked)


def _block_of(node: nodes.Node) -> nodes.Element | None:
    """The paragraph, title or other text block that holds ``node``."""
    current = node.parent
    while current is not None and not isinstance(current, nodes.TextElement):
        current = current.parent
    return current if isinstance(current, nodes.Element) else None


def _section_id(node: nodes.Node) -> str | None:
    current = node.parent
    while current is not None:
        if isinstance(current, nodes.section) and current["ids"]:
            return str(current["ids"][0])
        current = current.parent
    return None


def _first_paragraph(env: BuildEnvironment, section: nodes.Element) -> Excerpt:
    for child in section.children:
        if isinstance(child, nodes.section):
            break
        if isinstance(child, nodes.paragraph):
            excerpt = opening(segments(env, child))
            if excerpt:
                return excerpt
        if isinstance(child, nodes.Admonition | nodes.container | nodes.block_quote):
            found = _first_paragraph(env, child)
            if found:
                return found
    return ()


def _block_text(env: BuildEnvironment, target: nodes.Element) -> Excerpt:
    """A block id's target sits just before its block, or first inside a list item or a
    paragraph (see :mod:`wikilink_ext.sphinx_ext.blocks`)."""
    parent = target.parent
    if parent is None:
        return ()
    index = parent.index(target)
    following = parent.children[index + 1] if index + 1 < len(parent.children) else None
    if isinstance(parent, nodes.list_item | nodes.paragraph) and index == 0:
        return opening(segments(env, parent))
    if following is None:
        return ()
    if isinstance(following, nodes.Element) and not isinstance(following, nodes.TextElement):
        paragraph = next(following.findall(nodes.paragraph), None)
        if paragraph is not None:
            return opening(segments(env, paragraph))
    return opening(segments(env, following))


def collect(app: Sphinx, doctree: nodes.document) -> None:
    """Record the note's links (target, context, where) and its summaries."""
    env = app.env
    docname = env.docname
    vault = vault_domain(env)
    data = NoteLinks()
    found: list[tuple[wikilink_ref, str]] = []
    for node in doctree.findall(wikilink_ref):
        refdoc = node["refdoc"]
        path = node["reftarget"]
        if path:
            resolution = vault.index.resolve(path, refdoc)
            if resolution.kind != "note" or resolution.target is None:
                continue
            target = resolution.target
        else:
            target = refdoc
        found.append((node, target))
    # links to the same note from one paragraph share one context, all of them marked
    together: dict[tuple[int, str], list[wikilink_ref]] = {}
    for node, target in found:
        block = _block_of(node)
        if block is not None:
            together.setdefault((id(block), target), []).append(node)
    in_block: dict[int, list[wikilink_ref]] = {}
    for (block_id, _), nodes_ in together.items():
        in_block.setdefault(block_id, []).extend(nodes_)
    texts: dict[int, _BlockText] = {}
    contexts: dict[tuple[int, str], Excerpt] = {}
    for node, target in found:
        embed = "wikilink-embed-title" in node.get("classes", ())
        block = _block_of(node)
        context: Excerpt = ()
        if block is not None and not embed:
            key = (id(block), target)
            if key not in contexts:
                if id(block) not in texts:  # the block's text, walked once for all its links
                    texts[id(block)] = _BlockText.of(env, block, in_block[id(block)])
                contexts[key] = texts[id(block)].context({id(n) for n in together[key]})
            context = contexts[key]
        data.links.append(
            OutLink(
                target=target,
                headings=tuple(node.get("headings") or ()),
                block=node.get("block"),
                context=context,
                anchor=_section_id(node),
                own=node["refdoc"] == docname,
                embed=embed,
            )
        )
    frontmatter = vault.scan.notes.get(docname)
    top = next((c for c in doctree.children if isinstance(c, nodes.section)), None)
    if frontmatter is not None and frontmatter.description:
        data.summary = clean([("text", frontmatter.description)])
    elif top is not None:
        data.summary = _first_paragraph(env, top)
    for section in doctree.findall(nodes.section):
        if section["ids"] and section is not top:
            excerpt = _first_paragraph(env, section)
            if excerpt:
                data.sections[str(section["ids"][0])] = excerpt
    for marker in doctree.findall(nodes.Element):
        block_id = marker.get("wikilink_block")
        if block_id:
            excerpt = (
                _first_paragraph(env, marker)
                if isinstance(marker, nodes.section)
                else _block_text(env, marker)
            )
            if excerpt:
                for name in [block_id, *marker.get("wikilink_block_aliases", [])]:
                    data.blocks.setdefault(block_key(str(name)), excerpt)
    link_data(env).notes[docname] = data


def anchor_of(env: BuildEnvironment, link: OutLink) -> str | None:
    """The id a link lands on in its target (None: the top of the page)."""
    data = vault_domain(env).notes.get(link.target)
    if data is None:
        return None
    if link.block:
        return data.blocks.get(block_key(link.block))
    if link.headings:
        found = find_heading(data.headings, link.headings)
        return found.anchor if found else None
    return None


# -- incremental builds ---------------------------------------------------------------------


def _state(env: BuildEnvironment, docname: str) -> tuple[Any, ...]:
    data = link_data(env).notes.get(docname)
    note = vault_domain(env).notes.get(docname)
    title = note.title if note else None
    if data is None:
        return (title, (), None)
    return (title, tuple(data.links), data.fingerprint())


def _targets(state: tuple[Any, ...]) -> set[str]:
    return {link.target for link in state[1]}


def _by_target(state: tuple[Any, ...]) -> dict[str, list[OutLink]]:
    links: dict[str, list[OutLink]] = {}
    for link in state[1]:
        links.setdefault(link.target, []).append(link)
    return links


def remember_removed(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    domain = link_data(env)
    domain.removed_targets = set()
    for docname in removed:
        domain.removed_targets |= _targets(_state(env, docname))
    return []


def before_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    link_data(env).before = {d: _state(env, d) for d in docnames}


def updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Notes on the other end of a changed note's links, old or new, to write again."""
    domain = link_data(env)
    rewrite: set[str] = set(getattr(domain, "removed_targets", set()))
    for docname, old in getattr(domain, "before", {}).items():
        new = _state(env, docname)
        if new == old:
            continue
        if new[0] != old[0] or new[2] != old[2]:  # title or summaries: shown by neighbours
            rewrite |= _targets(old) | _targets(new)
            rewrite |= {s for s, _ in domain.incoming(docname)}
        else:  # only the notes whose links from this one changed (their backlinks show them)
            before, after = _by_target(old), _by_target(new)
            rewrite |= {t for t in before.keys() | after.keys() if before.get(t) != after.get(t)}
    domain.before = {}
    domain.removed_targets = set()
    return sorted(rewrite & env.found_docs)
