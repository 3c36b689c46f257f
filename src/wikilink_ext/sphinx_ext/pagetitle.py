"""Give every page one title, by Obsidian's rule (:mod:`wikilink_ext.vault.titles`).

Sphinx takes a page's title from its first section. Obsidian notes rarely start with a
``# H1``: without this, a note starting at ``##`` would be titled by its first sub-heading,
a note with no heading would have no title (``toc.no_title``) and vanish from the
navigation, and its PDF chapter would merge into the previous one. So after a note is
rendered, its body is put inside one top-level section whose title is the note's title:
the leading H1's own section when the note has one, else a new section.
"""

from __future__ import annotations

from docutils import nodes

from ..vault.anchors import unicode_anchor, unique_anchor

__all__ = ["apply_title", "keep_rules"]

# nodes that stay before the title section (docinfo and properties, comments, substitutions)
_BEFORE = (nodes.PreBibliographic, nodes.docinfo, nodes.field_list)


def apply_title(document: nodes.document, title: str, *, from_h1: bool) -> None:
    """Make ``document`` one section titled ``title`` holding the whole note.

    ``from_h1``: the title is the note's leading H1, whose section is already the first
    node of the body; the sections and blocks after it move inside it.
    """
    document["wikilink_title"] = title
    shown_first = [
        child
        for child in document.children
        if isinstance(child, nodes.Element) and "wikilink-properties" in child["classes"]
    ]
    for table in shown_first:  # the properties table goes right under the title
        document.remove(table)
    children = list(document.children)
    start = 0
    while start < len(children) and isinstance(children[start], _BEFORE):
        start += 1
    body = children[start:]
    if from_h1 and body and isinstance(body[0], nodes.section):
        top = body[0]
        rest = body[1:]
    else:
        top = nodes.section()
        top["wikilink_generated"] = True  # not a heading of the note: no [[#…]] lands here
        top += nodes.title(title, title)
        top["names"].append(nodes.fully_normalize_name(title))
        anchor = unicode_anchor(title)
        if anchor is not None:
            top["ids"].append(unique_anchor(anchor, document.ids))
            document.ids[top["ids"][0]] = top
        top.source = document.get("source")
        top.line = 1
        top[0].source, top[0].line = top.source, 1
        document.note_implicit_target(top, top)
        rest = body
    for node in rest:
        document.remove(node)
    if top.parent is None:
        document.insert(start, top)
    top.extend(rest)
    for table in reversed(shown_first):
        top.insert(1, table)


def keep_rules(document: nodes.document) -> None:
    """``---`` where docutils refuses a transition (right under a heading, at the end of a
    note or of a section, twice in a row, inside an embedded note) stays a rule: an empty ``rule``
    container, drawn by CSS.

    Obsidian notes put rules there all the time; docutils would warn and move them.
    """
    for node in list(document.findall(nodes.transition)):
        parent = node.parent
        nested = not isinstance(parent, nodes.document | nodes.section)  # e.g. in an embed
        before = node.previous_sibling()
        # the last body element (footnotes move to the end of the page, and docutils would
        # move a closing transition past the section that follows, next to another rule)
        after = parent.index(node) + 1
        while after < len(parent) and isinstance(parent[after], nodes.footnote):
            after += 1
        last = after == len(parent) or isinstance(parent[after], nodes.section)
        if nested or last or before is None or isinstance(before, nodes.title | nodes.transition):
            rule = nodes.container(classes=["rule"])
            rule.source, rule.line = node.source, node.line
            node.replace_self(rule)
