"""Author-year citations whose text and bibliography agree: labels like ``Elhage et al.,
2021``, ``a``, ``b``… added when two works would share one (``Olah et al., 2020a`` and
``2020b``), entries sorted by the author part of the label, then year and title (so a reader
finds ``Elhage et al., 2021`` before ``Elhage et al., 2022``), titles printed as published
(no forced sentence case), and an arXiv paper linked once.

Two pybtex plugins, both named ``wikilink-authoryear``: the bibliography style
(``bibtex_default_style``) and the reference style of the citations in the text
(``bibtex_reference_style``), which is sphinxcontrib-bibtex's ``author_year`` with the year
printed as the bibliography's label prints it. Select both; with ``author_year`` alone, two
works of the same authors and year would both be cited as "Olah et al., 2020".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pybtex.plugin import register_plugin
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle
from pybtex.style.template import field, optional, sentence

__all__ = ["NAME", "register"]

NAME = "wikilink-authoryear"


def _surname(person: Any) -> str:
    return " ".join(str(part).replace("{", "").replace("}", "") for part in person.rich_last_names)


def _who(entry: Any) -> str:
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    if not people:
        return str(entry.fields.get("title", entry.key)).replace("{", "").replace("}", "")
    if len(people) == 1:
        return _surname(people[0])
    if len(people) == 2:
        return f"{_surname(people[0])} and {_surname(people[1])}"
    return f"{_surname(people[0])} et al."


class AuthorYearLabels(BaseLabelStyle):  # type: ignore[misc]
    """``Author, Year``, with a, b… added when two entries would share a label."""

    def format_labels(self, sorted_entries: Iterable[Any]) -> Iterator[str]:
        entries = list(sorted_entries)
        labels = [f"{_who(e)}, {e.fields.get('year', 'n.d.')}" for e in entries]
        counts = Counter(labels)
        seen: Counter[str] = Counter()
        for label in labels:
            if counts[label] > 1:
                seen[label] += 1
                yield label + "abcdefghijklmnopqrstuvwxyz"[seen[label] - 1]
            else:
                yield label


class AuthorYearSorting(BaseSortingStyle):  # type: ignore[misc]
    """By the label's author part, year, then title: the order in which a reader looks up
    ``Elhage et al., 2021``. Sorting on the whole author list (pybtex's ``author_year_title``)
    puts a 2022 paper whose second author sorts first before the 2021 one."""

    def sorting_key(self, entry: Any) -> tuple[str, str, str]:
        title = str(entry.fields.get("title", "")).replace("{", "").replace("}", "")
        return (_who(entry).casefold(), str(entry.fields.get("year", "")), title.casefold())


def _arxiv_id(text: str) -> str:
    return re.sub(r"v\d+$", "", text.strip().removesuffix(".pdf").rstrip("/"))


def _arxiv_abs_url(url: str, eprint: str) -> bool:
    """``url`` is the arXiv page (abstract or PDF, any version) of ``eprint``."""
    match = re.match(r"(?:https?://)?(?:www\.)?arxiv\.org/(?:abs|pdf)/(.+)$", url.strip())
    return match is not None and _arxiv_id(match.group(1)) == _arxiv_id(eprint)


class AuthorYearStyle(UnsrtStyle):  # type: ignore[misc]
    default_label_style = AuthorYearLabels
    default_sorting_style = AuthorYearSorting

    def format_title(self, e: Any, which_field: str, as_sentence: bool = True) -> Any:
        title = field(which_field)  # as published: no change of case
        return sentence[title] if as_sentence else title

    def format_web_refs(self, e: Any) -> Any:
        """As unsrt's, without a ``URL:`` that only repeats the ``arXiv:`` link."""
        url = str(e.fields.get("url", ""))
        eprint = str(e.fields.get("eprint", ""))
        parts = [
            optional[self.format_eprint(e)],
            optional[self.format_pubmed(e)],
            optional[self.format_doi(e)],
        ]
        if not (eprint and _arxiv_abs_url(url, eprint)):
            visited = optional[" (visited on ", field("urldate"), ")"]
            parts.insert(0, optional[self.format_url(e), visited])
        return sentence[tuple(parts)]


_LABEL_YEAR = re.compile(r"(?:\d{4}|n\.d\.)[a-z]?$")


def label_year(label: str, year: str) -> str:
    """The year as the label ``label`` prints it (``2020a``), else ``year``."""
    match = _LABEL_YEAR.search(label)
    return match.group() if match else year


def _year_as_labelled(template: Any, as_labelled: Any) -> Any:
    """The template with each ``year`` node replaced by ``as_labelled``."""
    if not hasattr(template, "_clone"):  # a string or a text: a leaf
        return template
    clone = template._clone()
    clone.children = [
        as_labelled if getattr(child, "name", None) == "year" else child
        for child in (_year_as_labelled(c, as_labelled) for c in template.children)
    ]
    return clone


def _reference_style() -> type:
    from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle
    from sphinxcontrib.bibtex.style.template import node
    from sphinxcontrib.bibtex.style.template import year as plain_year

    @node  # type: ignore[untyped-decorator]
    def labelled_year(children: Any, data: dict[str, Any]) -> Any:
        """The entry's year with the bibliography label's letter (``2020a``)."""
        from pybtex.richtext import Text

        year = plain_year.format_data(data)
        return Text(label_year(str(data["formatted_entry"].label), str(year)))

    @dataclass
    class AuthorYearReferences(AuthorYearReferenceStyle):
        """``author_year`` whose year is the one the bibliography's label prints."""

        def inner(self, role_name: str) -> Any:
            return _year_as_labelled(super().inner(role_name), labelled_year)

    return AuthorYearReferences


def register() -> None:
    """Make both styles known to pybtex (idempotent)."""
    register_plugin("pybtex.style.formatting", NAME, AuthorYearStyle)  # False if already there
    try:
        from sphinxcontrib.bibtex.plugin import register_plugin as register_reference_style

        references = _reference_style()
    except ImportError:  # sphinxcontrib-bibtex is optional for vaults without citations
        return
    register_reference_style("sphinxcontrib.bibtex.style.referencing", NAME, references)
