"""A pybtex style for author-year books: labels like ``Elhage et al., 2021``, entries sorted
by author, year and title, and titles printed as published (no forced sentence case).

Registered under the name ``wikilink-authoryear``; select it with
``bibtex_default_style = "wikilink-authoryear"`` next to
``bibtex_reference_style = "author_year"`` so the bibliography's labels match the text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from pybtex.plugin import register_plugin
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.template import field, sentence

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


class AuthorYearStyle(UnsrtStyle):  # type: ignore[misc]
    default_label_style = AuthorYearLabels
    default_sorting_style = "author_year_title"

    def format_title(self, e: Any, which_field: str, as_sentence: bool = True) -> Any:
        title = field(which_field)  # as published: no change of case
        return sentence[title] if as_sentence else title


def register() -> None:
    """Make the style known to pybtex (idempotent)."""
    register_plugin("pybtex.style.formatting", NAME, AuthorYearStyle)  # False if already there
