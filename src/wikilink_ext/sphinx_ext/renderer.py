"""MyST's Sphinx renderer plus one ``render_<token>`` method per Obsidian token.

Links become :class:`~wikilink_ext.sphinx_ext.nodes.wikilink_ref` nodes, resolved once every
note has been read (:mod:`wikilink_ext.sphinx_ext.resolve`); citations go through
sphinxcontrib-bibtex's roles; callouts become admonitions; embeds parse the embedded note
with the same parser.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Collection, Iterator, MutableMapping
from contextlib import contextmanager
from dataclasses import replace
from typing import Any
from urllib.parse import unquote

from docutils import nodes
from docutils.parsers.rst import roles
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from myst_parser.mdit_to_docutils import base as myst_base
from myst_parser.mdit_to_docutils.base import clean_astext, token_line
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.mocking import MockInliner
from sphinx import addnodes

from ..syntax.citations import Citation, CiteItem
from ..syntax.mathblock import display_math
from ..syntax.wikilinks import WikiTarget, wikilink_problem
from ..vault.references import key_filter
from .domain import NoteData, VaultDomain, cite_domain, vault_domain
from .embeds import render_embed
from .media import AUDIO_SUFFIXES, IMAGE_SUFFIXES, VIDEO_SUFFIXES
from .messages import Problem, warn
from .nodes import callout, callout_icon, task_checkbox, wikilink_ref, wikilink_ref_to

__all__ = ["AUDIO_SUFFIXES", "IMAGE_SUFFIXES", "VIDEO_SUFFIXES", "ObsidianRenderer"]

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]+):")
_ALT_SIZE = re.compile(r"^(.*?)\|\s*(\d+)(?:\s*x\s*(\d+))?\s*$")


@functools.cache
def _has_lexer(language: Any) -> bool:
    """Whether Pygments (through Sphinx) can highlight ``language``."""
    if not language or language in ("default", "none", "text"):
        return True
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        get_lexer_by_name(str(language))
    except ClassNotFound:
        return False
    return True


def _only_comments(content: str) -> bool:
    """Whether frontmatter holds nothing but blank lines and YAML comments."""
    return all(not line.strip() or line.lstrip().startswith("#") for line in content.splitlines())


def _text(token: SyntaxTreeNode) -> str:
    """A token's plain text, shortened, for a message."""
    text = "".join(node.content for node in token.walk() if node.type == "text")
    return text if len(text) <= 60 else text[:59] + "…"


def _no_spare_document(*args: Any, **kwargs: Any) -> None:
    """Stands for MyST's ``make_document`` while its result would be thrown away."""


class ObsidianRenderer(SphinxRenderer):
    """Renders Obsidian Flavored Markdown tokens to docutils nodes."""

    def setup_render(self, options: dict[str, Any], env: MutableMapping[str, Any]) -> None:
        """MyST's, without the document it builds and drops when it is given one: it reads
        ``options.get("document", make_document())``, and a new document's settings were 3 %
        of a vault's build (issue 18)."""
        if "document" not in options:
            super().setup_render(options, env)
            return
        spare = myst_base.make_document
        myst_base.make_document = _no_spare_document  # type: ignore[assignment]
        try:
            super().setup_render(options, env)
        finally:
            myst_base.make_document = spare

    # -- state ---------------------------------------------------------------------------

    @property
    def vault(self) -> VaultDomain:
        return vault_domain(self.sphinx_env)

    @property
    def docname(self) -> str:
        """The note whose links are being rendered (the embedded one inside an embed)."""
        stack = self.md_env.get("wikilink_embed_stack") or []
        return str(stack[-1]) if stack else str(self.sphinx_env.docname)

    @property
    def embedding(self) -> bool:
        return bool(self.md_env.get("wikilink_embed_stack"))

    def note_data(self) -> NoteData:
        """Data of the document being read (embeds record into the embedding note)."""
        return self.vault.note(self.sphinx_env.docname)

    def add_line_and_source_path(self, node: Any, token: SyntaxTreeNode) -> None:
        super().add_line_and_source_path(node, token)
        offset = (getattr(token, "meta", None) or {}).get("line_offset")
        if offset and node.line:
            node.line += offset
        source = self.md_env.get("wikilink_source")
        if source:
            node.source = source

    # -- robustness and titles -----------------------------------------------------------

    def _render_tokens(self, tokens: list[Token]) -> None:
        """Render block by block: a block that fails is shown as its text, with a warning."""
        chunk: list[Token] = []
        for token in tokens:
            chunk.append(token)
            if token.level == 0 and token.nesting <= 0:
                self._render_block(chunk)
                chunk = []
        if chunk:
            self._render_block(chunk)

    def _render_block(self, chunk: list[Token]) -> None:
        first = chunk[0]
        line = (first.map[0] + 1 if first.map else 0) + (first.meta or {}).get("line_offset", 0)
        node, count = self.current_node, len(self.current_node.children)
        try:
            super()._render_tokens(chunk)
        except Exception as error:  # a note must never stop the build
            self.current_node = node
            del node.children[count:]
            warn(
                Problem.INTERNAL,
                f"could not render this block ({type(error).__name__}: {error}); shown as its text",
                (self.docname, line),
            )
            text = "\n".join(t.content for t in chunk if t.content and t.type != "front_matter")
            if text:
                paragraph = nodes.paragraph(text, text, classes=["wikilink-broken"])
                paragraph.line = line
                node.append(paragraph)

    def update_section_level_state(self, section: nodes.section, level: int) -> None:
        """Nest sections as MyST does, without its warnings: Obsidian notes skip levels freely
        (a note starting at ``##`` or ``###`` is the rule, not a mistake)."""
        parent_level = max(lvl for lvl in self._level_to_section if level > lvl)
        self._level_to_section[parent_level].append(section)
        self._level_to_section[level] = section
        self._level_to_section = {
            lvl: sec for lvl, sec in self._level_to_section.items() if lvl <= level
        }

    def render_front_matter(self, token: SyntaxTreeNode) -> None:
        """Properties as MyST reads them; the ``title`` heading is the parser's (Obsidian's
        title rule), not MyST's ``title_to_header``. Empty properties (``---`` twice, as
        Obsidian leaves them) are an empty properties block, not a YAML error. Only the
        properties a page shows reach the document's metadata
        (:func:`~wikilink_ext.vault.visible.shown_properties`): the rest (``publish``, private
        fields) would reach JSON output and templates."""
        from ..vault.visible import shown_properties

        if _only_comments(token.content):
            return  # "---", "# a comment", "---": no properties (YAML reads it as null)
        written = token.content  # the properties table shows what the author wrote
        if token.token is not None:
            token.token.content = shown_properties(written)
        config = self.md_config
        self.md_config = replace(config, title_to_header=False)
        try:
            super().render_front_matter(token)
        finally:
            self.md_config = config
        if self.sphinx_env.config.wikilink_properties and not self.embedding:
            self._properties(token, written)

    def _properties(self, token: SyntaxTreeNode, content: str) -> None:
        """The properties table (:mod:`.properties`); the parser puts it under the title."""
        from ..vault.frontmatter import parse_frontmatter
        from .properties import properties_table

        data = {
            key: value
            for key, value in parse_frontmatter(f"---\n{content}\n---\n").data.items()
            if str(key).strip().casefold() != "publish"  # the switch, never shown
        }
        line = token_line(token, 0)
        lines = content.splitlines()

        def render_inline(text: str, into: nodes.Element, key: str) -> None:
            # located at the property's own line (nested_render_text takes 0-based lines;
            # the frontmatter's first property is on the line after ``---``)
            at = next((n for n, t in enumerate(lines) if t.startswith(key + ":")), 0)
            with self.current_node_context(into):
                self.nested_render_text(text, line + at, inline=True)

        table = properties_table(data, render_inline) if data else None
        if table is not None:
            table.source, table.line = self.document["source"], line
            self.current_node.append(table)

    # -- block ids -------------------------------------------------------------------------

    def _block_target(self, token: SyntaxTreeNode, holder: nodes.Element | None = None) -> None:
        """Make the block's ``^id`` (and a second id, if any) a link target: a target node
        placed before the block, or ids on ``holder`` (the section of a heading)."""
        meta = token.meta or {}
        if not meta.get("block_id") or self.embedding:
            return
        anchors: list[str] = []
        for block_id in [meta["block_id"], *meta.get("block_aliases", [])]:
            anchor = self._claim_block_id(block_id, token_line(token, 0))
            if anchor is not None:
                anchors.append(anchor)
        if not anchors:
            return
        target = holder if holder is not None else nodes.target("", "")
        target["ids"].extend(anchors)
        target["wikilink_block"] = meta["block_id"]
        target["wikilink_block_aliases"] = list(meta.get("block_aliases", []))
        if holder is None:
            self.add_line_and_source_path(target, token)
            self.current_node.append(target)

    def _claim_block_id(self, block_id: str, line: int) -> str | None:
        """The anchor of ``^block_id``, recorded for the note; ``None``, with a located
        warning, when the note already has that id in any case (Obsidian reads ``^Abc`` and
        ``^abc`` as one id: the block stays, without a second anchor)."""
        from ..syntax.blockids import block_key

        key = block_key(block_id)
        data = self.note_data()
        first: dict[str, tuple[str, int]] = self.md_env.setdefault("wikilink_block_ids", {})
        if key in data.blocks:
            spelling, at = first.get(key, (block_id, line))
            message = f"duplicate block id ^{block_id}"
            if spelling != block_id:
                message += (
                    f": ^{spelling} (line {at}) is the same id, as block ids ignore case in "
                    "Obsidian; links go there"
                )
            warn(Problem.BLOCK, message, (self.sphinx_env.docname, line))
            return None
        first[key] = (block_id, line)
        data.blocks[key] = "block-" + key
        return data.blocks[key]

    def generate_heading_target(
        self, token: SyntaxTreeNode, level: int, node: nodes.Element, title_node: nodes.Element
    ) -> None:
        """A heading in Chinese, Greek, Cyrillic… gets an anchor of its own letters
        (:mod:`~wikilink_ext.vault.anchors`), not docutils' ``id1``, and a second heading
        of the same text ``name-1``, not ``id1``; set before docutils registers the target,
        which then keeps it."""
        from ..vault.anchors import unicode_anchor, unique_anchor

        anchor = None
        if not node["ids"]:
            text = clean_astext(title_node)  # without raw HTML (a coloured heading)
            anchor = unicode_anchor(text) or nodes.make_id(text) or None
        if anchor is not None:
            node["ids"].append(unique_anchor(anchor, self.document.ids))
            self.document.ids[node["ids"][0]] = node
        super().generate_heading_target(token, level, node, title_node)

    def render_heading(self, token: SyntaxTreeNode) -> None:
        super().render_heading(token)
        if (token.meta or {}).get("block_id"):
            # ``^id`` under a heading names its section (or the rubric MyST makes instead)
            holder = self.current_node
            if not isinstance(holder, nodes.section) and holder.children:
                last = holder.children[-1]
                holder = last if isinstance(last, nodes.Element) else holder
            self._block_target(token, holder)

    def render_paragraph(self, token: SyntaxTreeNode) -> None:
        self._block_target(token)
        if (token.meta or {}).get("flattened"):
            warn(
                Problem.NESTING,
                "quotes, callouts or lists nested too deep: the innermost are shown flattened",
                self.location(token),
            )
        inline = token.children[0] if token.children else None
        parts = [c for c in (inline.children or []) if inline is not None] if inline else []
        embeds = [
            c
            for c in parts
            if c.type == "wikilink_embed" or (c.type == "image" and self._embedded_note(c))
        ]
        if embeds and all(
            c in embeds or c.type == "softbreak" or (c.type == "text" and not c.content.strip())
            for c in parts
        ):
            # an embed on its own line is a block, as in Obsidian: no paragraph around it
            for embed in embeds:
                self.rules[f"render_{embed.type}"](embed)
            return
        super().render_paragraph(token)

    def render_list_item(self, token: SyntaxTreeNode) -> None:
        meta = token.meta or {}
        if not meta.get("block_id") and meta.get("task") is None:
            super().render_list_item(token)
            return
        item = nodes.list_item()
        self.copy_attributes(token, item, keys=("class", "id"))
        self.add_line_and_source_path(item, token)
        with self.current_node_context(item, append=True):
            self._block_target(token, item)  # the item itself (``- ^id`` has no text)
            self.render_children(token)
        self._add_task(token, item)

    def render_bullet_list(self, token: SyntaxTreeNode) -> None:
        self._block_target(token)
        if not self._bibliography(token):
            super().render_bullet_list(token)

    def _bibliography(self, token: SyntaxTreeNode) -> bool:
        """In the References note, a list of key items becomes the formatted bibliography."""
        env = self.sphinx_env
        if self.embedding or env.docname != self.vault.references_docname:
            return False
        keys: list[str] = []
        anchors: list[str] = []
        items = []
        for item in token.children or []:
            found = [
                i.key
                for node in item.walk()
                if node.type == "citation"
                for i in node.meta["citation"].items
            ]
            items.append((item, list(dict.fromkeys(found))))
        if not any(len(found) == 1 for _, found in items):
            return False  # not a bibliography: rendered as written
        for item, found in items:
            if len(found) != 1:
                # one malformed item drops that item alone (items with a ^id or with
                # several keys are reported by the References check, before reading)
                if not found and not (item.meta or {}).get("block_id"):
                    warn(
                        Problem.CITATION,
                        "References item holds no citation key; left out of the bibliography",
                        (env.docname, token_line(item, 0)),
                    )
                continue
            keys.append(found[0])
            block_id = (item.meta or {}).get("block_id")
            if block_id:
                anchor = self._claim_block_id(block_id, token_line(item, 0))
                if anchor is not None:
                    anchors.append(anchor)
        if anchors:
            # one target for every item: thousands of sibling targets are quadratic to
            # Sphinx's transforms (see blocks.py)
            self.current_node.append(nodes.target("", "", ids=anchors))
        cites = self.note_data().cites
        seen = set(cites)
        cites += [k for k in dict.fromkeys(keys) if k not in seen]
        self.current_node += self.run_directive(
            "bibliography", "", f":filter: {key_filter(keys)}\n", token_line(token, 0)
        )
        return True

    def render_ordered_list(self, token: SyntaxTreeNode) -> None:
        self._block_target(token)
        super().render_ordered_list(token)

    def render_blockquote(self, token: SyntaxTreeNode) -> None:
        self._block_target(token)
        super().render_blockquote(token)

    def render_table(self, token: SyntaxTreeNode) -> None:
        self._block_target(token)
        super().render_table(token)

    def render_fence(self, token: SyntaxTreeNode) -> None:
        self._block_target(token)
        if (token.info or "").strip().casefold() == "mermaid":
            from .mermaid import mermaid_diagram

            source = token.content.rstrip("\n")
            diagram = mermaid_diagram(source, source)
            self.add_line_and_source_path(diagram, token)
            self.current_node.append(diagram)
            return
        super().render_fence(token)
        block = self.current_node.children[-1] if self.current_node.children else None
        if isinstance(block, nodes.literal_block) and not _has_lexer(block.get("language")):
            # dataview, query…: code of a plugin, which Obsidian without it shows as code
            block["classes"].append(f"language-{block['language']}")
            block["language"] = "text"

    def render_math_block(self, token: SyntaxTreeNode) -> None:
        """``$$…$$`` is one formula (blank lines inside included); an amsmath environment
        such as ``align*`` is written as it stands, as MathJax in Obsidian draws it."""
        self._block_target(token)
        content, nowrap = display_math(token.content)
        node = nodes.math_block(content, content, nowrap=nowrap, number=None)
        self.add_line_and_source_path(node, token)
        self.current_node.append(node)

    def render_math_inline_double(self, token: SyntaxTreeNode) -> None:
        self.render_math_block(token)

    def render_softbreak(self, token: SyntaxTreeNode) -> None:
        """A single newline is a line break in Obsidian unless "Strict line breaks" is on
        (``wikilink_strict_line_breaks``, read from ``.obsidian/app.json`` by default)."""
        if self.sphinx_env.config.wikilink_strict_line_breaks or self._inside(nodes.title):
            super().render_softbreak(token)  # a two-line setext heading: one line of title
        else:
            self.render_hardbreak(token)

    # -- tasks -------------------------------------------------------------------------

    def _add_task(self, token: SyntaxTreeNode, item: nodes.Element) -> None:
        """Obsidian task states: ``[ ]`` to do, any other character done (``[x]``, ``[-]``,
        ``[?]``…), the character kept for themes (``data-task`` and a class)."""
        state = (token.meta or {}).get("task")
        if state is None:
            return
        name = {" ": "todo", "x": "done", "X": "done"}.get(state, "other")
        item["classes"] += ["task-list-item", f"task-{name}"]
        if state != " ":
            item["classes"].append("is-checked")
        if name == "other":
            item["classes"].append(f"task-state-{ord(state):x}")  # a class for any character
        item["wikilink_task"] = state
        box = task_checkbox("", state=state)
        first = next(iter(item.findall(nodes.paragraph)), None)
        if first is not None:
            first.insert(0, box)
        else:
            item.insert(0, nodes.paragraph("", "", box))

    # -- wikilinks ---------------------------------------------------------------------------

    def _link_name(self, path: str) -> str:
        """What a link is recorded under for rebuilds: the case-folded name without ``.md``."""
        base = posixpath.basename(path.replace("\\", "/"))
        return (base[:-3] if base.casefold().endswith(".md") else base).casefold()

    def _citation_key(self, target: WikiTarget) -> str | None:
        """``[[@key]]``, or a link to a block of the References note, cites a key."""
        if target.path.startswith("@") and len(target.path) > 1:
            return target.path[1:]
        if target.block is None or not target.path:
            return None
        resolution = self.vault.index.resolve(target.path, self.docname)
        if resolution.target is None or resolution.target != self.vault.references_docname:
            return None
        return self.vault.references.keys.get(target.block)

    def _malformed(self, token: SyntaxTreeNode, embed: bool) -> bool:
        problem = wikilink_problem(token.meta["target"])
        if problem is None:
            return False
        raw = ("![[" if embed else "[[") + token.content + "]]"
        warn(Problem.SYNTAX, f"malformed link {raw}: {problem}", self.location(token))
        span = nodes.inline(raw, raw, classes=["wikilink", "wikilink-broken"])
        self.add_line_and_source_path(span, token)
        if embed and not isinstance(self.current_node, nodes.TextElement):
            self.current_node.append(nodes.paragraph("", "", span))
        else:
            self.current_node.append(span)
        return True

    def render_wikilink(self, token: SyntaxTreeNode) -> None:
        target: WikiTarget = token.meta["target"]
        if self._malformed(token, embed=False):
            return
        key = self._citation_key(target)
        if key is not None:
            if target.display and self.sphinx_env.config.wikilink_citation_display == "author":
                span = nodes.inline(classes=["wikilink-citation-text"])
                with self.current_node_context(span, append=True):
                    self.render_children(token)
                self.current_node.append(nodes.Text(" "))
                self._cite(Citation((CiteItem(key),), narrative=False), token, role="cite:p")
            else:
                self._cite(Citation((CiteItem(key),), narrative=False), token)
            return
        if self._unknown_reference_block(target, token):
            return
        self.note_data().link(
            self._link_name(target.path or self.docname), target.headings, target.block
        )
        resolution = self.vault.index.resolve(target.path, self.docname) if target.path else None
        if resolution is not None and resolution.kind == "attachment" and resolution.target:
            self._download(resolution.target, token, children=True)
            return
        node = wikilink_ref_to(target, self.docname, embedded=self.embedding, classes=["wikilink"])
        self.add_line_and_source_path(node, token)
        with self.current_node_context(node, append=True):
            self.render_children(token)

    def _unknown_reference_block(self, target: WikiTarget, token: SyntaxTreeNode) -> bool:
        """A link to a block of the References note that maps to no key: a citation error."""
        if target.block is None or not target.path:
            return False
        resolution = self.vault.index.resolve(target.path, self.docname)
        if resolution.target is None or resolution.target != self.vault.references_docname:
            return False
        warn(
            Problem.CITATION,
            f"the References note has no item with block id ^{target.block}",
            self.location(token),
        )
        span = nodes.inline(classes=["citation", "wikilink-broken"])
        self.add_line_and_source_path(span, token)
        with self.current_node_context(span, append=True):
            self.render_children(token)
        return True

    def render_html_inline(self, token: SyntaxTreeNode) -> None:
        """Raw HTML inside link text is shown as text, never emitted; elsewhere it is
        sanitised as Obsidian does (:mod:`.sanitize`), a refused tag shown as text."""
        from .sanitize import clean_tag

        cleaned = None if self._inside(wikilink_ref) else clean_tag(token.content)
        if cleaned and self._raw_image(cleaned, token):
            return
        if cleaned is None:
            self.current_node.append(nodes.Text(token.content))
        elif cleaned and token.token is not None:
            token.token.content = cleaned
            super().render_html_block(token)
            self._mark_sanitised()

    def render_html_block(self, token: SyntaxTreeNode) -> None:
        from .sanitize import clean_block

        if token.token is not None:
            token.token.content = clean_block(token.content)
        if self._raw_image(token.content, token):
            return
        super().render_html_block(token)
        self._mark_sanitised()

    def _mark_sanitised(self) -> None:
        """The raw node MyST just appended holds HTML already sanitised here; the check of
        directives' raw output (:class:`.sanitize.SanitiseRawOutput`) leaves it alone."""
        last = self.current_node.children[-1] if self.current_node.children else None
        if isinstance(last, nodes.raw):
            last["wikilink_sanitised"] = True

    def _raw_image(self, html: str, token: SyntaxTreeNode) -> bool:
        """``<img src="local.png">``: an image node, so Sphinx copies the file
        (:mod:`.rawimages`); a missing file is its alt text with a located warning."""
        from .boundary import is_outside
        from .rawimages import local_image

        attrs = local_image(html)
        if attrs is None:
            return False
        src = attrs["src"]
        image = nodes.image(uri=src, alt=attrs.get("alt", ""))
        for size in ("width", "height"):
            value = attrs.get(size, "").strip()
            if value:
                image[size] = value + "px" if value.isdigit() else value
        self.add_line_and_source_path(image, token)
        shown = attrs.get("alt") or src
        if not isinstance(self.current_node, nodes.TextElement):
            paragraph = nodes.paragraph()
            self.add_line_and_source_path(paragraph, token)
            self.current_node.append(paragraph)
            with self.current_node_context(paragraph):
                return self._raw_image(html, token)
        if is_outside(self.sphinx_env, self.docname, src):
            warn(Problem.OUTSIDE, f"image outside the vault: {src!r}", self.location(token))
        elif self._resolve_image(image):
            self.current_node.append(image)
            return True
        else:
            warn(Problem.MISSING, f"no image file {src!r}", self.location(token))
        span = nodes.inline(shown, shown, classes=["wikilink", "wikilink-broken"])
        self.add_line_and_source_path(span, token)
        self.current_node.append(span)
        return True

    def _inside(self, kind: type[nodes.Node]) -> bool:
        node: nodes.Node | None = self.current_node
        while node is not None:
            if isinstance(node, kind):
                return True
            node = node.parent
        return False

    def run_directive(
        self, name: str, first_line: str, content: str, position: int, *args: Any, **kwargs: Any
    ) -> list[nodes.Element]:
        """A directive that would read a file outside the vault, or a note that is not
        published, is not run."""
        if self._refused(name, first_line, content, position):
            return []
        return super().run_directive(name, first_line, content, position, *args, **kwargs)

    def render_restructuredtext(self, token: SyntaxTreeNode) -> None:
        """``{eval-rst}`` is not run when a directive in it would read such a file."""
        if not self._refused("eval-rst", "", token.content, token_line(token, 0)):
            super().render_restructuredtext(token)

    def _refused(self, name: str, first_line: str, content: str, position: int) -> bool:
        from .boundary import directive_outside

        refused = directive_outside(self.sphinx_env, self.docname, name, first_line, content)
        if refused is None:
            return False
        problem, path = refused
        where = "outside the vault" if problem == Problem.OUTSIDE else "that is not published"
        warn(
            problem,
            f"{{{name}}} names a file {where}: {path!r}; not read",
            (self.docname, position),
        )
        return True

    def render_link_anchor(self, token: SyntaxTreeNode, target: str) -> None:
        """``[text](#Heading)``: a heading of this note, as Obsidian reads it (not an id)."""
        if target == "#" and target == str(token.attrGet("href") or ""):
            # ``[Hide](#)`` in a page pasted from the web: a link to nowhere, as ``[text]()``
            warn(Problem.MISSING, f"link with no target: [{_text(token)}](#)", self.location(token))
            self._text_only(token, "wikilink", "wikilink-broken")
        elif len(target) > 1 and target == str(token.attrGet("href") or ""):
            self.render_link_unknown(token)
        else:
            super().render_link_anchor(token, target)

    def render_link_unknown(self, token: SyntaxTreeNode) -> None:
        """``[text](Note%20name.md)`` and ``[text](<Note name.md>)`` resolve like wikilinks;
        ``obsidian://``, ``zotero://`` and other schemes stay external links."""
        from .boundary import exists_in_vault, is_folder, is_outside, is_unpublished

        # a Markdown destination is URL-encoded (``145%25.md``): decoded, as Obsidian does,
        # after it is cut at its first ``#`` (``C%23.md`` is the note "C#", ``C.md#x`` a heading)
        raw = str(token.attrGet("href") or "")
        raw_path, hash_sign, raw_fragment = raw.partition("#")
        path, fragment = unquote(raw_path), unquote(raw_fragment)
        href = path + hash_sign + fragment
        if not href.strip():  # ``[text]()``: Obsidian shows the text, linking nowhere
            warn(Problem.MISSING, f"link with no target: [{_text(token)}]()", self.location(token))
            self._text_only(token, "wikilink", "wikilink-broken")
            return
        if is_outside(self.sphinx_env, self.docname, raw):
            warn(
                Problem.OUTSIDE, f"link to a file outside the vault: {href!r}", self.location(token)
            )
            self._text_only(token, "wikilink-outside")
            return
        if not path.casefold().endswith(".md") and is_unpublished(
            self.sphinx_env, self.docname, raw
        ):
            warn(  # a hidden file (.env) or a symlink to an unpublished note
                Problem.UNPUBLISHED,
                f"link to a file that is not published: {href!r}; not copied",
                self.location(token),
            )
            self._text_only(token, "wikilink", "wikilink-broken")
            return
        if _SCHEME.match(href) and not path.casefold().endswith(".md"):
            self.render_link_url(token)
            return
        if path and not _SCHEME.match(href) and is_folder(self.sphinx_env, self.docname, path):
            # Obsidian opens no page for a folder: the text stays, unlinked
            warn(Problem.MISSING, f"link to a folder, not a note: {href!r}", self.location(token))
            self._text_only(token, "wikilink", "wikilink-broken")
            return
        # ``[text](#Heading)`` is a heading of this note, as ``[[#Heading]]`` (Obsidian)
        if (path or fragment) and (
            not path or path.casefold().endswith(".md") or self._is_note(path)
        ):
            headings: tuple[str, ...] = ()
            block = None
            if fragment.startswith("^"):
                block = fragment[1:]
            elif fragment:
                headings = tuple(p for p in fragment.split("#") if p)
            link = path[:-3] if path.casefold().endswith(".md") else path
            if not link and not headings and block is None:
                super().render_link_unknown(token)
                return
            node = wikilink_ref(
                classes=["wikilink"],
                reftarget=link,
                headings=list(headings),
                block=block,
                refdoc=self.docname,
                embedded=self.embedding,
            )
            self.note_data().link(self._link_name(link or self.docname), headings, block)
            self.add_line_and_source_path(node, token)
            with self.current_node_context(node, append=True):
                if token.children:
                    self.render_children(token)
                else:
                    node.append(nodes.Text(link))
            return
        if (
            path
            and not _SCHEME.match(href)
            and self.vault.index.resolve(path, self.docname).kind == "missing"
            and not exists_in_vault(self.sphinx_env, self.docname, path)
        ):  # ``[text](/blog/post)`` in an article pasted from the web: a broken link, kept
            warn(
                Problem.MISSING,
                f"no note or file named {path!r} for [{_text(token)}]({raw})",
                self.location(token),
            )
            self._text_only(token, "wikilink", "wikilink-broken")
            return
        super().render_link_unknown(token)

    def _is_note(self, path: str) -> bool:
        return self.vault.index.resolve(path, self.docname).kind == "note"

    # -- attachments and embeds ------------------------------------------------------------

    def _download(self, path: str, token: SyntaxTreeNode, *, children: bool) -> None:
        node = addnodes.download_reference(
            refdoc=self.sphinx_env.docname, reftarget="/" + path, refexplicit=True
        )
        node["classes"] += ["wikilink", "wikilink-attachment"]
        self.add_line_and_source_path(node, token)
        inner = nodes.literal(classes=["xref", "download"])
        node.append(inner)
        with self.current_node_context(inner):
            if children and token.children:
                self.render_children(token)
            else:
                inner.append(nodes.Text(posixpath.basename(path)))
        self.current_node.append(node)

    def render_wikilink_embed(self, token: SyntaxTreeNode) -> None:
        if not self._malformed(token, embed=True):
            render_embed(self, token)

    def _text_only(self, token: SyntaxTreeNode, *classes: str) -> None:
        """A link or image that cannot be followed: its text, marked, so nothing is lost."""
        span = nodes.inline(classes=list(classes))
        self.add_line_and_source_path(span, token)
        with self.current_node_context(span, append=True):
            self.render_children(token)

    def _embedded_note(self, token: SyntaxTreeNode) -> WikiTarget | None:
        """``![who](who.md)``, ``![s](other.md#Section)``, ``![i](Figure9)``: Obsidian embeds
        the note (a Markdown link to a note is an internal link), as ``![[…]]`` would."""
        src = str(token.attrGet("src") or "")
        if not src.strip() or _SCHEME.match(src):
            return None
        path, _, fragment = unquote(src).partition("#")
        if not path.strip():
            return None
        if not path.casefold().endswith(".md") and not self._is_note(path):
            return None
        link = path[:-3] if path.casefold().endswith(".md") else path
        if fragment.startswith("^"):
            return WikiTarget(link, block=fragment[1:], embed=True)
        headings = tuple(p for p in fragment.split("#") if p)
        return WikiTarget(link, headings=headings, embed=True)

    def render_image(self, token: SyntaxTreeNode) -> None:
        """``![alt|200](img.png)``, ``![alt|200x100](img.png)``: a size in the alt text."""
        note = self._embedded_note(token)
        if note is not None:
            token.meta["target"] = note
            self.note_data().link(self._link_name(note.path), note.headings, note.block)
            render_embed(self, token)
            return
        if not str(token.attrGet("src") or "").strip():
            # ``![alt]()``: no file to show (Sphinx would try to copy the note's folder)
            warn(Problem.MISSING, f"image with no file: ![{_text(token)}]()", self.location(token))
            self._text_only(token, "wikilink", "wikilink-broken")
            return
        super().render_image(token)
        image = self.current_node.children[-1]
        if not isinstance(image, nodes.image):
            return
        if not self._resolve_image(image):
            # Obsidian shows a missing image's text; Sphinx would report image.not_readable
            # with no line and write a broken <img>
            self.current_node.remove(image)
            src = unquote(str(token.attrGet("src")))
            shown = _text(token) or src
            warn(Problem.MISSING, f"no image file {src!r}", self.location(token))
            span = nodes.inline(shown, shown, classes=["wikilink", "wikilink-broken"])
            self.add_line_and_source_path(span, token)
            self.current_node.append(span)
            return
        match = _ALT_SIZE.match(str(image.get("alt", "")))
        if match:
            image["alt"] = match.group(1).strip()
            image["width"] = f"{match.group(2)}px"
            if match.group(3):
                image["height"] = f"{match.group(3)}px"

    def _resolve_image(self, image: nodes.image) -> bool:
        """``![](name.png)`` finds the file anywhere in the vault, as Obsidian does; a
        leading ``/`` is the vault's root; the path is URL-decoded (``a%20b.png``). False
        when there is no such file (a URL is taken as found)."""
        from .boundary import exists_in_vault

        uri = str(image.get("uri", ""))
        if not uri or _SCHEME.match(uri) or uri.startswith(("data:", "//")):
            return True
        path = unquote(uri.partition("#")[0].partition("?")[0])
        resolution = self.vault.index.resolve(path, self.docname)
        if resolution.kind == "attachment" and resolution.target:
            image["uri"] = "/" + resolution.target
            return True
        return exists_in_vault(self.sphinx_env, self.docname, path)

    # -- citations ---------------------------------------------------------------------------

    def location(self, token: SyntaxTreeNode) -> tuple[str, int]:
        """(docname, line) of a token: in embedded content, the embedded note's own line."""
        line = token_line(token, 0) if token.map else 0
        return (self.docname, line + (token.meta or {}).get("line_offset", 0))

    def _known_keys(self) -> Any:
        """The bibliography's entries by key (a mapping, looked up, never copied per citation),
        or None when sphinxcontrib-bibtex is not loaded."""
        domain = cite_domain(self.sphinx_env)
        return None if domain is None else domain.bibdata.data.entries

    def render_citation(self, token: SyntaxTreeNode) -> None:
        if self._inside(wikilink_ref):  # [[X|@media queries]]: link text, not a citation
            self.current_node.append(nodes.Text(token.content or token.markup or ""))
            return
        self._cite(token.meta["citation"], token)

    def vault_bibliography(self) -> list[nodes.Node]:
        """Where citations resolve when the vault has no References note: one bibliography
        of every cited entry, at the end of the home note (sphinxcontrib-bibtex needs one)."""
        if cite_domain(self.sphinx_env) is None or self.vault.references_docname is not None:
            return []
        title = nodes.rubric("", "References", classes=["wikilink-bibliography"])
        return [title, *self.run_directive("bibliography", "", "", 0)]

    def _cite(self, citation: Citation, token: SyntaxTreeNode, role: str | None = None) -> None:
        """Call sphinxcontrib-bibtex's role, exactly as ``{cite:p}`` would."""
        if role is None:
            if citation.narrative:
                role = "cite:t"
            elif all(item.suppress_author for item in citation.items):
                role = "cite:yearpar"
            else:
                role = "cite:p"
        if cite_domain(self.sphinx_env) is None:  # sphinxcontrib.bibtex not loaded: text
            self.current_node.append(nodes.Text(token.content or token.markup or ""))
            return
        known = self._known_keys()
        unknown = [
            item.key for item in citation.items if known is not None and item.key not in known
        ]
        for key in unknown if not self.embedding else ():  # reported once, where written
            warn(Problem.CITATION, f"unknown citation key {key!r}", self.location(token))
        if unknown:
            span = nodes.inline(classes=["citation", "wikilink-broken"])
            span.append(nodes.Text(token.content or ", ".join("@" + k for k in unknown)))
            self.add_line_and_source_path(span, token)
            self.current_node.append(span)
            return
        parts = []
        data = self.note_data()
        for item in citation.items:
            text = item.key
            if item.prefix:
                text = "{" + item.prefix.replace("{", "(").replace("}", ")") + "}" + text
            if item.locator:
                text += "{" + item.locator.replace("{", "(").replace("}", ")") + "}"
            parts.append(text)
            if item.key not in data.cites:
                data.cites.append(item.key)
        lineno = token_line(token, 0) if token.map else 0
        role_func: Any
        role_func, messages = roles.role(role, self.language_module_rst, lineno, self.reporter)
        if role_func is None:  # sphinxcontrib.bibtex not loaded
            self.current_node.append(nodes.Text(token.content or ",".join(parts)))
            return
        rawtext = ",".join(parts)
        inliner: Any = MockInliner(self)
        result, messages2 = role_func(role, f":{role}:`{rawtext}`", rawtext, lineno, inliner)
        self.current_node += [*result, *messages, *messages2]

    # -- callouts ------------------------------------------------------------------------------

    def render_callout(self, token: SyntaxTreeNode) -> None:
        meta = token.meta or {}
        kind = meta["kind"]
        node = callout(classes=["callout", f"callout-{kind.canonical}"])
        node["family"] = kind.family
        if kind.name != kind.canonical:
            node["classes"].append(f"callout-{nodes.make_id(kind.name)}")
        for extra in str(meta.get("metadata", "")).split():
            node["classes"].append(nodes.make_id(extra))
        fold = meta.get("fold", "")
        if fold:
            node["classes"] += [
                "callout-foldable",
                "callout-folded" if fold == "-" else "callout-open",
            ]
        self.add_line_and_source_path(node, token)
        self._block_target(token)
        self.current_node.append(node)
        children = list(token.children or [])
        title = nodes.title(classes=["callout-title"])
        self.add_line_and_source_path(title, token)
        title.append(callout_icon(kind=kind.canonical))
        node.append(title)
        if children and children[0].type == "callout_title":
            with self.current_node_context(title):
                self.render_children(children[0])
            children = children[1:]
        elif meta.get("hide_title"):  # an Admonition-plugin block with an empty ``title:``
            node.remove(title)
        else:
            from ..syntax.callouts import default_title

            title.append(nodes.Text(default_title(kind.name)))
        with self.current_node_context(node):
            for child in children:
                self.rules[f"render_{child.type}"](child)
        if kind.canonical == "quote":
            self._check_quote_cited(node, token)

    def _check_quote_cited(self, node: nodes.Element, token: SyntaxTreeNode) -> None:
        cited = any(
            isinstance(n, addnodes.pending_xref) and n.get("refdomain") == "cite"
            for n in node.findall()
        )
        if not cited and not self.embedding and self.sphinx_env.config.wikilink_uncited_quotes:
            warn(
                Problem.UNCITED_QUOTE,
                "quote callout cites no source: add [@key] or a link to a References block",
                (self.sphinx_env.docname, token_line(token, 0)),
            )

    # -- small inline syntaxes -------------------------------------------------------------

    def render_mark(self, token: SyntaxTreeNode) -> None:
        node = nodes.inline(classes=["mark"])
        node["wikilink_mark"] = True
        self.add_line_and_source_path(node, token)
        with self.current_node_context(node, append=True):
            self.render_children(token)

    def render_s(self, token: SyntaxTreeNode) -> None:
        """``~~text~~``: struck through in HTML and in the PDF (MyST's is HTML only)."""
        node = nodes.inline(classes=["strike"])
        self.add_line_and_source_path(node, token)
        with self.current_node_context(node, append=True):
            self.render_children(token)

    def render_tag(self, token: SyntaxTreeNode) -> None:
        tag = token.meta["tag"]
        data = self.note_data()
        if not self.embedding:  # an embedded note's tags are its own
            data.tag(tag)
        node = nodes.inline(classes=["tag"])
        node["wikilink_tag"] = tag
        node.append(nodes.Text("#" + tag))
        self.add_line_and_source_path(node, token)
        self.current_node.append(node)

    def render_footnote_ref(self, token: SyntaxTreeNode) -> None:
        """``[^1]`` with no ``[^1]:`` anywhere in the note stays text, as in Obsidian (docutils
        would report an unlocated "Unknown target name"). The parser records the labels; a
        warning only where a footnote was plausibly meant (``[^b]at`` is a regular expression)."""
        from ..syntax.footnotes import looks_like_footnote

        label = str(token.meta["label"])
        if self.embedding:
            scoped = self._embedded_footnote(token)
            if scoped is None:
                self.current_node.append(nodes.Text(f"[^{label}]"))
                return
            reference = nodes.footnote_reference(f"[^{label}]", auto=1, refname=scoped)
            self.add_line_and_source_path(reference, token)
            self.document.note_autofootnote_ref(reference)
            self.document.note_footnote_ref(reference)
            self.current_node.append(reference)
            return
        defined = self.md_env.get("wikilink_footnote_labels")
        if defined is not None and label not in defined:
            if looks_like_footnote(label, str(token.meta.get("following", ""))):
                warn(
                    Problem.FOOTNOTE,
                    f"footnote [^{label}] has no definition in this note",
                    self.location(token),
                )
            self.current_node.append(nodes.Text(f"[^{label}]"))
            return
        super().render_footnote_ref(token)

    def render_footnote_reference(self, token: SyntaxTreeNode) -> None:
        """A definition ``[^1]: …`` that nothing references is shown all the same, reported
        once as ``wikilink.footnote`` at its line (not as Sphinx's unlocated ref.footnote)."""
        if self.embedding:
            # numbered with the page's other footnotes (a second "1" could not be told apart)
            footnote = nodes.footnote(auto=1)
            footnote["names"].append(self._embedded_footnote(token))  # defined here
            self.add_line_and_source_path(footnote, token)
            self.document.note_autofootnote(footnote)
            self.document.note_explicit_target(footnote, footnote)
            with self.current_node_context(footnote, append=True):
                self.render_children(token)
            return
        referenced = self.md_env.get("wikilink_footnote_refs")
        label = str(token.meta["label"])
        super().render_footnote_reference(token)
        if referenced is None or label in referenced:
            return
        warn(
            Problem.FOOTNOTE,
            f"footnote [^{label}] is defined but never referenced",
            self.location(token),
        )
        for node in [*self.document.footnotes, *self.document.autofootnotes]:
            if label in node["names"]:
                # Sphinx warns about named unreferenced footnotes; docutils names a
                # nameless one, unless it has a "dupname"
                node["names"].remove(label)
                node["dupnames"].append(label)

    def render_footnote_inline(self, token: SyntaxTreeNode) -> None:
        """``^[text]``: an auto-numbered footnote, numbered with the ``[^label]`` ones."""
        count = self.md_env.setdefault("wikilink_inline_footnotes", 0) + 1
        self.md_env["wikilink_inline_footnotes"] = count
        label = f"wikilink-inline-{count}"
        reference = nodes.footnote_reference(f"^[{token.content}]", auto=1, refname=label)
        self.add_line_and_source_path(reference, token)
        self.document.note_autofootnote_ref(reference)
        self.document.note_footnote_ref(reference)
        self.current_node.append(reference)
        footnote = nodes.footnote(auto=1)
        footnote["names"].append(label)
        self.add_line_and_source_path(footnote, token)
        self.document.note_autofootnote(footnote)
        self.document.note_explicit_target(footnote, footnote)
        paragraph = nodes.paragraph()
        footnote.append(paragraph)
        with self.current_node_context(paragraph):
            self.render_children(token)
        self.document.append(footnote)

    def render_comment_inline(self, token: SyntaxTreeNode) -> None:
        """Obsidian comments never reach any output."""

    def render_comment_block(self, token: SyntaxTreeNode) -> None:
        """Obsidian comments never reach any output."""

    @contextmanager
    def embedded(
        self, docname: str, source: str, footnotes: Collection[str] = ()
    ) -> Iterator[None]:
        """Render with ``docname`` as the linking note (for embeds). ``footnotes``: the
        labels the embedded tokens define, which get names of their own in this embed."""
        stack = self.md_env.setdefault("wikilink_embed_stack", [])
        scopes = self.md_env.setdefault("wikilink_footnote_scopes", [])
        count = self.md_env["wikilink_embeds_rendered"] = (
            self.md_env.get("wikilink_embeds_rendered", 0) + 1
        )
        old_source = self.md_env.get("wikilink_source")
        stack.append(docname)
        scopes.append((f"wikilink-embed-{count}-", frozenset(footnotes)))
        self.md_env["wikilink_source"] = source
        try:
            yield
        finally:
            stack.pop()
            scopes.pop()
            self.md_env["wikilink_source"] = old_source

    def _embedded_footnote(self, token: SyntaxTreeNode) -> str | None:
        """Inside an embed, the name of the embedded note's footnote ``[^label]``: its own,
        so that a ``[^1]`` of the embedding note and one of the embedded note are two
        footnotes, each with its text. ``None`` when the embedded part does not define it
        (a block embed without the note's footnotes): the reference stays text."""
        scopes = self.md_env.get("wikilink_footnote_scopes") or []
        prefix, defined = scopes[-1]
        label = str(token.meta["label"])
        return prefix + label if label in defined else None
