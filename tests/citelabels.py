"""What a reader can check of a citation: the label it prints names one work only.

The bibliography gives each entry a label ("Olah et al., 2020a"); a citation in the text
must print its own entry's year as that label does ("2020a"), and no two entries may share
a label. Read from the built HTML (links into the bibliography) and from the PDF's text.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections import defaultdict
from pathlib import Path

_ENTRY = re.compile(
    r'<div class="citation" id="([^"]+)" role="(?:doc-biblioentry|listitem)">\s*'
    r'<span class="label">'
    r"(.*?)</span>\s*</span>",
    re.S,
)
_NOT_CITATIONS = re.compile(r'<ul class="wikilink-sources[^"]*">.*?</ul>', re.S)
"""The per-note lists of sources: they link to the entries, but print no label."""
_LINK = re.compile(r'<a class="reference internal" href="([^"#]*)#([^"]+)"[^>]*>(.*?)</a>', re.S)
_YEAR = re.compile(r"(?:\d{4}|n\.d\.)[a-z]?$")


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def html_labels(out: Path) -> dict[tuple[str, str], str]:
    """(page, anchor) → label of every bibliography entry of the built HTML."""
    labels: dict[tuple[str, str], str] = {}
    for page in out.rglob("*.html"):
        relative = page.relative_to(out).as_posix()
        for anchor, label in _ENTRY.findall(page.read_text(encoding="utf-8")):
            labels[(relative, anchor)] = _text(label).strip("[]")
    return labels


def html_citations(out: Path) -> list[tuple[str, str, str]]:
    """(page, printed text, its entry's label) of every link into a bibliography entry
    outside the lists of sources: the citations in the text."""
    labels = html_labels(out)
    found = []
    for page in sorted(out.rglob("*.html")):
        relative = page.relative_to(out).as_posix()
        folder = posixpath.dirname(relative)
        text = _NOT_CITATIONS.sub("", page.read_text(encoding="utf-8"))
        for href, anchor, inner in _LINK.findall(text):
            target = posixpath.normpath(posixpath.join(folder, href)) if href else relative
            label = labels.get((target, anchor))
            if label is not None:
                found.append((relative, _text(inner), label))
    return found


def html_problems(out: Path) -> list[str]:
    """Labels shared by two entries, and citations that do not print their entry's year."""
    labels = html_labels(out)
    problems = []
    by_label: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for where, label in labels.items():
        by_label[label].add(where)
    # the same entry may be listed on several pages (one bibliography per document in LaTeX)
    problems += [
        f"{label!r} labels {len(w)} entries" for label, w in by_label.items() if len(w) > 1
    ]
    for page, printed, label in html_citations(out):
        year = _YEAR.search(label)
        if year and year.group() not in printed.split(", ")[-1].split():
            problems.append(f"{page}: {printed!r} cites the entry labelled {label!r}")
    return problems


_PRINTED = re.compile(r"([A-Z][\w'-]+(?: et al\.| and [A-Z][\w'-]+)?),? \(?((?:19|20)\d\d)([a-z]?)")


def text_problems(text: str) -> list[str]:
    """In running text (the PDF's): an "Author, Year" printed bare where the bibliography
    tells two works of that author and year apart with a letter."""
    flat = " ".join(text.split())
    found = _PRINTED.findall(flat)
    lettered = {(who, year) for who, year, letter in found if letter}
    bare = [(who, year) for who, year, letter in found if not letter and (who, year) in lettered]
    return [f"{who}, {year} printed without its letter" for who, year in sorted(set(bare))]
