"""The build's life cycle: scan the vault before reading, collect while reading, re-resolve
the notes that link to whatever changed.

Incremental builds: a note added, renamed or deleted re-reads the notes that named it (and
the table-of-contents note); a note whose title changed has every note linking to it
written again (links show the title), one whose headings or block ids changed only the
notes linking into those headings or blocks; writing re-runs link resolution for them.
"""

from __future__ import annotations

import glob
from collections.abc import Collection
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from ..syntax.markdown import obsidian_parser
from ..vault.docnames import note_name
from ..vault.index import Heading, VaultIndex, heading_key
from ..vault.references import ReferenceList, parse_reference_list
from ..vault.scan import read_note, rescan_vault, scan_vault, unsafe_paths
from ..vault.settings import template_patterns
from .domain import NoteData, vault_domain
from .messages import Problem, warn
from .perdocument import PerDocument


def _names(docnames: set[str]) -> set[str]:
    return {note_name(d).casefold() for d in docnames}


def scan(app: Sphinx, changed_paths: Collection[str] | None = None) -> None:
    """Build the vault index once, before any note is parsed.

    ``changed_paths`` (vault-relative): the live preview's watcher says only these changed
    since the last scan, which is then updated for them alone when it can be
    (:func:`~wikilink_ext.vault.scan.rescan_vault`), else the vault is walked again."""
    env = app.env
    domain = vault_domain(env)
    previous = dict(domain.scanned)
    result = None
    if changed_paths is not None and domain.scan_ignore is not None:
        result = rescan_vault(app.srcdir, domain.scan, changed_paths, domain.scan_ignore)
    if result is None:
        # the patterns publishing.exclude_unsafe added keep Sphinx's discovery away from
        # files the scan handles itself (symlinks, renamed notes): they must not hide those
        links, renamed = unsafe_paths(app.srcdir)
        kept_away = {glob.escape(path) for path in links | renamed}
        domain.scan_ignore = [
            *app.config.wikilink_ignore,
            *(p for p in app.config.exclude_patterns if p not in kept_away),
        ]
        result = scan_vault(
            app.srcdir,
            ignore=domain.scan_ignore,
            cache=previous,
            drawings=app.config.wikilink_publish_excalidraw,
            counted=app.config.wikilink_ignore,
        )
    published = {d: fm for d, fm in result.notes.items() if fm.publish}
    unpublished = {d: fm for d, fm in result.notes.items() if not fm.publish}
    # which notes Sphinx reads is decided in publishing.py, from result.notes
    aliases = app.config.wikilink_alias_links
    ignored_notes = {p[:-3] for p in result.ignored if p.endswith(".md")}
    # files in ignored folders stay linkable (Obsidian has no such notion); notes do not
    named = result.named
    domain.index = VaultIndex(
        {d: (fm.aliases if aliases else ()) for d, fm in published.items()},
        result.attachments | {p for p in result.ignored if not p.endswith(".md")},
        named=named,
    )
    domain.index_unpublished = VaultIndex({d: () for d in unpublished}, named=named)
    domain.index_ignored = VaultIndex(ignored_notes)
    domain.scan = result
    # aliases that appeared or vanished change what [[alias]] resolves to
    changed_aliases: set[str] = set()
    for docname, fm in result.notes.items():
        old = previous.get(docname)
        if old is not None and (old.aliases != fm.aliases or old.publish != fm.publish):
            changed_aliases |= {a.casefold() for a in (*old.aliases, *fm.aliases)}
            changed_aliases.add(note_name(docname).casefold())
    domain.changed_names = changed_aliases
    domain.data["scanned"] = PerDocument(result.notes)
    resolution = domain.index.resolve(app.config.wikilink_references_note, "")
    domain.references_docname = resolution.target if resolution.kind == "note" else None
    domain.references = _references(app)


def _references(app: Sphinx) -> ReferenceList:
    name = app.config.wikilink_references_note
    resolution = vault_domain(app.env).index.resolve(name, "")
    if resolution.kind != "note" or resolution.target is None:
        return ReferenceList()
    domain = vault_domain(app.env)
    path = Path(app.srcdir, domain.scan.paths.get(resolution.target, resolution.target + ".md"))
    text, _ = read_note(path.read_bytes())
    return parse_reference_list(text or "", obsidian_parser())


def ignore_patterns(app: Sphinx, config: Config) -> None:
    """``wikilink_ignore`` joins ``exclude_patterns`` when the configuration is read, not
    later: Sphinx compares the pickled configuration with conf.py on the next build, and
    any difference re-reads every note. The templates folder of the vault's Obsidian
    settings joins them too."""
    wanted = [*config.wikilink_ignore, *template_patterns(app.srcdir)]
    added = [p for p in dict.fromkeys(wanted) if p not in config.exclude_patterns]
    # a new list: the default one is shared by every Sphinx application in the process
    config.exclude_patterns = [*config.exclude_patterns, *added]


def outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Notes to re-read because a note they name appeared, vanished or changed aliases."""
    domain = vault_domain(env)
    names = _names(added | removed) | domain.changed_names
    extra = domain.linking_to(names) if names else set()
    toc = app.config.wikilink_toc_note or app.config.root_doc
    if added or removed:
        extra.add(toc)
    return sorted(d for d in extra - added - removed if d in env.found_docs)


def before_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    domain = vault_domain(env)
    domain.before = {d: domain.notes[d].targets() for d in docnames if d in domain.notes}
    ref_note = app.config.wikilink_references_note
    resolution = domain.index.resolve(ref_note, "")
    if resolution.target in docnames:
        for line, message in domain.references.problems:
            warn(Problem.CITATION, message, (resolution.target, line))


def collect(app: Sphinx, doctree: nodes.document) -> None:
    """Record the note's title, headings (with their anchors) and its sections' levels."""
    env = app.env
    data: NoteData = vault_domain(env).note(env.docname)
    headings: list[Heading] = []

    def walk(node: nodes.Element, level: int) -> None:
        for child in node.children:
            if isinstance(child, nodes.section) and child.get("wikilink_generated"):
                walk(child, level + 1)  # the title made from the file name: not a heading
            elif isinstance(child, nodes.section) and child["ids"]:
                title = child[0].astext() if child.children else ""
                headings.append(Heading(title, level, child["ids"][0]))
                walk(child, level + 1)

    walk(doctree, 1)
    data.headings = headings
    data.title = str(
        doctree.get("wikilink_title")
        or (headings[0].text if headings else vault_domain(env).scan.name_of(env.docname))
    )
    frontmatter = vault_domain(env).scan.notes.get(env.docname)
    if frontmatter is not None:
        data.description = frontmatter.description
        for tag in frontmatter.tags:
            data.tag(tag)
        for child in doctree.children:
            if isinstance(child, nodes.section):
                child["classes"] += [c for c in frontmatter.cssclasses if c]
                break


def updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Notes to write again because what they link to changed: its title (every link shows
    it) or the headings and blocks they link into."""
    domain = vault_domain(env)
    before: dict[str, Any] = getattr(domain, "before", {})
    whole: set[str] = set()  # names whose every linking note is written again
    parts: set[tuple[str, str]] = set()  # (name, "#heading key" or "^block") that changed
    for doc, old in before.items():
        data = domain.notes.get(doc)
        new = data.targets() if data is not None else None
        if new == old:
            continue
        name = note_name(doc).casefold()
        if new is None or old[0] != new[0]:
            whole.add(name)  # gone or retitled
            continue
        old_headings, new_headings = set(old[1]), set(new[1])
        if old[1] != new[1] and old_headings == new_headings:
            whole.add(name)  # the same headings in another order: nesting may differ
            continue
        parts |= {(name, "#" + heading_key(h.text)) for h in old_headings ^ new_headings}
        parts |= {(name, "^" + block) for block, _ in set(old[2]) ^ set(new[2])}
    linking = domain.linking_to(whole) if whole else set()
    if parts:
        linking |= {
            doc
            for doc, data in domain.notes.items()
            if getattr(data, "fragments", None) is None or data.fragments & parts
        }
    return sorted(linking & env.found_docs)
