"""The opt-in editorial checks of a reference work, run as each note is read.

``wikilink_uncited_claims``: warn ``wikilink.uncited-claim`` for each sentence that states
a number, a date or an attribution (or a claim of ``wikilink_claim_patterns``, the vault's
own kinds) with no citation in it or in its paragraph.

Off by default (ordinary vaults are not reference books); the detector is the pure
:mod:`wikilink_ext.bib.claims`. Each note is checked once, when it is read, from its own
source (embeds are checked where they are written). ``%%editorial%%`` in or right after a
sentence marks it as the author's own.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from docutils import nodes
from markdown_it import MarkdownIt
from sphinx.application import Sphinx

from ..bib.claims import Rules, compile_rules, uncited_claims
from ..syntax.markdown import obsidian_parser
from .domain import vault_domain
from .messages import Problem, warn


@cache
def _parser() -> MarkdownIt:
    return obsidian_parser()


@cache
def _rules(patterns: tuple[tuple[str, str], ...]) -> Rules:
    return compile_rules(dict(patterns))


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def check(app: Sphinx, doctree: nodes.document) -> None:
    if not app.config.wikilink_uncited_claims:
        return
    env = app.env
    docname = env.docname
    source = Path(env.doc2path(docname))
    domain = vault_domain(env)
    if source.suffix != ".md" or docname == domain.references_docname:
        return
    references = domain.references.keys
    for claim in uncited_claims(
        source.read_text(encoding="utf-8"),
        _parser(),
        references,
        references_note=app.config.wikilink_references_note,
        extra=_rules(tuple(app.config.wikilink_claim_patterns.items())),
    ):
        warn(
            Problem.UNCITED_CLAIM,
            f'uncited claim ({claim.kind}: {claim.evidence}): "{_short(claim.sentence)}"; '
            "cite a source in the sentence or its paragraph, or mark it %%editorial%%",
            (docname, claim.line),
        )
