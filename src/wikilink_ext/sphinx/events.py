"""The build's life cycle: scan the vault before reading, collect while reading, re-resolve
the notes that link to whatever changed.

Incremental builds: a note added, renamed or deleted re-reads the notes that named it (and
the table-of-contents note); a note whose title, headings or block ids changed has the
notes linking to it written again, which re-runs link resolution for them.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..syntax.markdown import obsidian_parser
from ..vault.index import Heading, VaultIndex
from ..vault.references import ReferenceList, parse_reference_list
from ..vault.scan import scan_vault
from .domain import NoteData, vault_domain
from .messages import Problem, warn

__all__ = ["connect"]


def _names(docnames: set[str]) -> set[str]:
    return {posixpath.basename(d).casefold() for d in docnames}


def scan(app: Sphinx) -> None:
    """Build the vault index once, before any note is parsed."""
    env = app.env
    domain = vault_domain(env)
    previous = dict(domain.frontmatter)
    result = scan_vault(
        app.srcdir,
        ignore=[*app.config.wikilink_ignore, *app.config.exclude_patterns],
        cache=previous,
    )
    published = {d: fm for d, fm in result.notes.items() if fm.publish}
    unpublished = {d: fm for d, fm in result.notes.items() if not fm.publish}
    excluded = [d + ".md" for d in unpublished] + list(app.config.wikilink_ignore)
    for pattern in excluded:
        if pattern not in app.config.exclude_patterns:
            app.config.exclude_patterns.append(pattern)
    aliases = app.config.wikilink_alias_links
    domain.index = VaultIndex(
        {d: (fm.aliases if aliases else ()) for d, fm in published.items()}, result.attachments
    )
    domain.index_unpublished = VaultIndex({d: () for d in unpublished})
    domain.scan = result
    # aliases that appeared or vanished change what [[alias]] resolves to
    changed_aliases: set[str] = set()
    for docname, fm in result.notes.items():
        old = previous.get(docname)
        if old is not None and (old.aliases != fm.aliases or old.publish != fm.publish):
            changed_aliases |= {a.casefold() for a in (*old.aliases, *fm.aliases)}
            changed_aliases.add(posixpath.basename(docname).casefold())
    domain.changed_names = changed_aliases
    domain.data["frontmatter"] = result.notes
    resolution = domain.index.resolve(app.config.wikilink_references_note, "")
    domain._references_docname = resolution.target if resolution.kind == "note" else None
    domain.references = _references(app)


def _references(app: Sphinx) -> ReferenceList:
    name = app.config.wikilink_references_note
    resolution = vault_domain(app.env).index.resolve(name, "")
    if resolution.kind != "note" or resolution.target is None:
        return ReferenceList()
    path = Path(app.srcdir, resolution.target + ".md")
    return parse_reference_list(path.read_text(encoding="utf-8"), obsidian_parser())


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
            if isinstance(child, nodes.section) and child["ids"]:
                title = child[0].astext() if child.children else ""
                headings.append(Heading(title, level, child["ids"][0]))
                walk(child, level + 1)

    walk(doctree, 1)
    data.headings = headings
    data.title = headings[0].text if headings else posixpath.basename(env.docname)
    frontmatter = vault_domain(env).scan.notes.get(env.docname)
    if frontmatter is not None:
        data.description = frontmatter.description
        for tag in frontmatter.tags:
            if tag not in data.tags:
                data.tags.append(tag)
        for child in doctree.children:
            if isinstance(child, nodes.section):
                child["classes"] += [c for c in frontmatter.cssclasses if c]
                break


def updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Notes to write again because what they link to changed its headings or blocks."""
    domain = vault_domain(env)
    before: dict[str, Any] = getattr(domain, "before", {})
    changed = {
        doc
        for doc, targets in before.items()
        if doc not in domain.notes or domain.notes[doc].targets() != targets
    }
    if not changed:
        return []
    return sorted(domain.linking_to(_names(changed)) & env.found_docs)


def ignore_patterns(app: Sphinx, config: Any) -> None:
    """Exclude ``wikilink_ignore`` at config-inited: the saved configuration then equals the
    next build's, so an incremental build is not taken for a changed configuration."""
    for pattern in config.wikilink_ignore:
        if pattern not in config.exclude_patterns:
            config.exclude_patterns.append(pattern)


def connect(app: Sphinx) -> None:
    app.connect("config-inited", ignore_patterns)
    app.connect("builder-inited", scan)
    app.connect("env-get-outdated", outdated)
    app.connect("env-before-read-docs", before_read)
    app.connect("doctree-read", collect)
    app.connect("env-get-updated", updated)
