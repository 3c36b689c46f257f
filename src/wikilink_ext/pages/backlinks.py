"""“Linked from”: at the end of each note, the notes that link to it, as Obsidian's
backlinks pane shows them.

HTML: each linking note with the sentence that links (the linking words emphasised) and a
link to the section that holds it. Other builders (the PDF): one short paragraph,
"Linked from: A, B, C", each an internal reference. Docutils nodes, placed at read time and
filled once every note has been read; on Sphinx's HTML pages, when no sentence holds a
formula or code, the box is written directly as the HTML the translator writes for those
nodes (tested byte for byte against it).
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..sphinx_ext.domain import env_builder, vault_domain
from ..sphinx_ext.nodes import note_body
from ..sphinx_ext.uris import relative_uri
from ..vault.context import Excerpt
from .linkdata import OutLink, link_data

__all__ = ["excerpt_nodes"]

HEADING = "Linked from"

#: LaTeX before the PDF's "Linked from" line: no page break between it and the text before
#: it, so that it never starts a page alone.
KEEP_WITH_PREVIOUS = r"\nopagebreak" + "\n"
#: Around a list (or other LaTeX list environment) right before it: no page break where the
#: list ends (its end leaves a penalty where a page may break, which no later command can take
#: back once TeX has put it on the page).
NO_BREAK_AFTER = (r"\begingroup\wikilinknobreakafterlist" + "\n", r"\endgroup" + "\n")
_LISTS = (nodes.bullet_list, nodes.enumerated_list, nodes.definition_list, nodes.field_list)


def _keep_with_previous(placeholder: nodes.Element) -> None:
    """For LaTeX: tie the placeholder's place to the block that ends the text before it."""
    parent = placeholder.parent
    position = parent.index(placeholder)
    parent.insert(position, nodes.raw("", KEEP_WITH_PREVIOUS, format="latex"))
    last: nodes.Node | None = parent[position - 1] if position else None
    while isinstance(last, (nodes.section, nodes.container)) and len(last):
        last = last[-1]
    if isinstance(last, _LISTS) and last.parent is not None:
        before, after = NO_BREAK_AFTER
        holder = last.parent
        holder.insert(holder.index(last) + 1, nodes.raw("", after, format="latex"))
        holder.insert(holder.index(last), nodes.raw("", before, format="latex"))


class wikilink_backlinks(nodes.General, nodes.Element):
    """Placeholder for a note's backlinks; carries ``docname``."""


def add_placeholder(app: Sphinx, doctree: nodes.document) -> None:
    if not app.config.wikilink_backlinks:
        return
    container = note_body(doctree)
    container.append(wikilink_backlinks(docname=app.env.docname))


def excerpt_nodes(excerpt: Excerpt) -> list[nodes.Node]:
    """Inline nodes for an excerpt: text, maths, the linking words emphasised."""
    out: list[nodes.Node] = []
    for kind, text in excerpt:
        if kind == "math":
            out.append(nodes.math(text, text))
        elif kind == "code":
            out.append(nodes.literal(text, text))
        elif kind == "mark":
            out.append(nodes.strong(text, text, classes=["wikilink-backlink-mark"]))
        else:
            out.append(nodes.Text(text))
    return out


_SPECIAL = {
    ord("&"): "&amp;",
    ord("<"): "&lt;",
    ord('"'): "&quot;",
    ord(">"): "&gt;",
    ord("@"): "&#64;",
}
"""The characters docutils' HTML translator writes as references (its ``encode``)."""


def _text(text: str) -> str:
    """Text as the HTML translator writes a Text node."""
    return nodes.unescape(text).translate(_SPECIAL)


def _attribute(value: str) -> str:
    """An attribute's value as the translator writes it (its ``attval``)."""
    return re.sub("[\n\r\t\v\f]", " ", value).translate(_SPECIAL)


def _each_sentence_once(links: list[OutLink]) -> list[OutLink]:
    """A linking note's links, one per sentence (two links in one sentence: one line)."""
    seen: set[Excerpt] = set()
    kept = []
    for link in links:
        if link.context not in seen:
            seen.add(link.context)
            kept.append(link)
    return kept


class FillBacklinks(SphinxPostTransform):
    """Replace each placeholder with the list of notes linking in (or remove it)."""

    # after the sources list (15) and after Sphinx's and the themes' transforms, which have
    # nothing to do in it (internal links, words, inline formulas) and each walked its
    # nodes, often more than the note's own (issue 18); before display formulas are taken
    # out of paragraphs (900), which a backlink never holds
    default_priority = 850

    def run(self, **kwargs: Any) -> None:
        # a linking note's URI, once per page: each backlink links it twice (its title and
        # the jump to the sentence), and the builder's URIs were a third of this transform
        self._uris: dict[str, str] = {}
        for placeholder in list(self.document.findall(wikilink_backlinks)):
            self.fill(placeholder)

    def _target(self, docname: str, anchor: str | None) -> tuple[str, str]:
        """The link's URI and title; the relative URI computed once per linking note."""
        title = vault_domain(self.env).notes.get(docname)
        if docname not in self._uris:
            builder = env_builder(self.env)
            self._uris[docname] = relative_uri(builder, self.env.docname, docname)
        uri = self._uris[docname]
        return (f"{uri}#{anchor}" if anchor else uri), (title.title if title else docname)

    def _ref(self, docname: str, anchor: str | None, child: nodes.Node) -> nodes.reference:
        """What ``make_refnode`` makes."""
        node = nodes.reference("", "", internal=True)
        node["refuri"], node["reftitle"] = self._target(docname, anchor)
        node += child
        return node

    def _writes_html_itself(self, by_source: dict[str, list[OutLink]]) -> bool:
        """Sphinx's HTML pages, and no formula or code in the sentences (the translator
        gives those their markup and loads MathJax): the box is written as the translator
        writes its nodes, without making them. Making the nodes, and every transform and the
        translator walking them, was a tenth of writing a page (issue 18)."""
        if env_builder(self.env).name not in ("html", "dirhtml"):
            return False
        return all(
            kind not in ("math", "code")
            for links in by_source.values()
            for link in links
            for kind, _ in (link.context or ())
        )

    def _link_html(self, docname: str, anchor: str | None, inner: str) -> str:
        """What the translator writes for :meth:`_ref`'s reference."""
        uri, title = self._target(docname, anchor)
        return (
            f'<a class="reference internal" href="{_attribute(uri)}" '
            f'title="{_attribute(title)}">{inner}</a>'
        )

    def _box_html(self, order: list[str], by_source: dict[str, list[OutLink]], title: Any) -> str:
        """The box as the HTML translator writes the nodes the other branch makes."""
        out = [
            '<div class="wikilink-backlinks-box docutils container" id="wikilink-linked-from">\n'
            f'<p class="wikilink-backlinks-title rubric">{_text(HEADING)}</p>\n'
            '<ul class="wikilink-backlinks simple">\n'
        ]
        for source in order:
            head = self._link_html(source, None, _text(title(source)))
            out.append(
                f'<li class="wikilink-backlink"><p class="wikilink-backlink-source">{head}</p>\n'
            )
            lines: list[str] = []
            for link in _each_sentence_once(by_source[source]):
                if link.embed or not link.context:
                    text = "<em>embeds this note</em>"
                else:
                    text = "".join(
                        f'<strong class="wikilink-backlink-mark">{_text(words)}</strong>'
                        if kind == "mark"
                        else _text(words)
                        for kind, words in link.context
                    )
                if link.anchor:
                    jump = (
                        '<span class="wikilink-backlink-jump">'
                        '<span class="wikilink-jump-icon">\u21a9</span>'
                        '<span class="wikilink-sr-only">'
                        f"{_text(f' to the sentence in {title(source)}')}</span></span>"
                    )
                    text += " " + self._link_html(source, link.anchor, jump)
                lines.append(f'<li><p class="wikilink-backlink-context">{text}</p></li>\n')
            if lines:
                out.append('<ul class="wikilink-backlink-contexts">\n')
                out.extend(lines)
                out.append("</ul>\n")
            out.append("</li>\n")
        out.append("</ul>\n</div>\n")
        return "".join(out)

    def fill(self, placeholder: wikilink_backlinks) -> None:
        docname = placeholder["docname"]
        by_source: dict[str, list[OutLink]] = {}
        for source, link in link_data(self.env).incoming(docname):
            if source in self.env.all_docs:
                by_source.setdefault(source, []).append(link)
        if not by_source:
            placeholder.parent.remove(placeholder)
            return
        notes = vault_domain(self.env).notes
        order = sorted(by_source, key=lambda d: (notes[d].title if d in notes else d).casefold())

        def title(doc: str) -> str:
            return notes[doc].title if doc in notes else doc

        rubric = nodes.rubric("", HEADING, classes=["wikilink-backlinks-title"])
        if env_builder(self.env).format != "html":
            paragraph = nodes.paragraph(classes=["wikilink-backlinks"])
            paragraph += nodes.strong("", HEADING + ": ")
            for index, source in enumerate(order):
                if index:
                    paragraph += nodes.Text(", ")
                paragraph += self._ref(source, None, nodes.Text(title(source)))
            if env_builder(self.env).format == "latex":
                _keep_with_previous(placeholder)
            placeholder.replace_self(paragraph)
            return
        if self._writes_html_itself(by_source):
            html = self._box_html(order, by_source, title)
            placeholder.replace_self(nodes.raw("", html, format="html"))
            return
        items = nodes.bullet_list(classes=["wikilink-backlinks"])
        for source in order:
            item = nodes.list_item(classes=["wikilink-backlink"])
            head = nodes.paragraph(classes=["wikilink-backlink-source"])
            head += self._ref(source, None, nodes.Text(title(source)))
            item += head
            contexts = nodes.bullet_list(classes=["wikilink-backlink-contexts"])
            for link in _each_sentence_once(by_source[source]):
                if link.embed or not link.context:
                    text: list[nodes.Node] = [nodes.emphasis("", "embeds this note")]
                else:
                    text = excerpt_nodes(link.context)
                line = nodes.paragraph("", "", *text, classes=["wikilink-backlink-context"])
                if link.anchor:
                    line += nodes.Text(" ")
                    jump = nodes.inline("", "", classes=["wikilink-backlink-jump"])
                    jump += nodes.inline("", "↩", classes=["wikilink-jump-icon"])
                    jump += nodes.inline(
                        "", f" to the sentence in {title(source)}", classes=["wikilink-sr-only"]
                    )
                    line += self._ref(source, link.anchor, jump)
                contexts += nodes.list_item("", line)
            if len(contexts):
                item += contexts
            items += item
        section = nodes.container(
            "", rubric, items, classes=["wikilink-backlinks-box"], ids=["wikilink-linked-from"]
        )
        placeholder.replace_self(section)
