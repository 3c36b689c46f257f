"""The links of a BibTeX file and what Sphinx's ``linkcheck`` said of each.

The bibliography style renders an entry's ``url`` (and other ``*url`` fields), its
``doi`` as ``https://doi.org/DOI`` and an arXiv ``eprint`` as ``https://arxiv.org/abs/ID``
(pybtex's ``unsrt`` web references), so a linkcheck build of the book checks them on the
pages that list the sources. This module closes the loop: it lists those links with the
line of their field and reads ``output.json`` of the linkcheck build, so a broken DOI is
reported at ``refs.bib:LINE`` and a link the build never checked is an error too::

    python -m wikilink_ext.bib.links refs.bib --linkcheck build/linkcheck/output.json

Pure: no Sphinx (it only reads the JSON lines the linkcheck builder writes).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .check import _is_url_field, _scan

__all__ = ["BibLink", "bib_links", "judge", "main"]

DOI_RESOLVER = "https://doi.org/"
ARXIV_ABS = "https://arxiv.org/abs/"


@dataclass(frozen=True)
class BibLink:
    key: str
    field: str
    uri: str
    """As the bibliography renders it (a DOI through its resolver)."""
    line: int


def bib_links(text: str) -> list[BibLink]:
    """Every link an entry's bibliography item shows, in file order."""
    links: list[BibLink] = []
    for entry in _scan(text):
        archive = (entry.value("archiveprefix") or entry.value("eprinttype")).lower()
        for field in entry.fields:
            value = field.value.strip()
            if not value:
                continue
            if _is_url_field(field.name):
                links.append(BibLink(entry.key, field.name, value, field.line))
            elif field.name == "doi":
                links.append(BibLink(entry.key, "doi", DOI_RESOLVER + value, field.line))
            elif field.name == "eprint" and archive in ("arxiv", ""):
                links.append(BibLink(entry.key, "eprint", ARXIV_ABS + value, field.line))
    return links


def judge(
    links: Iterable[BibLink], results: Iterable[Mapping[str, Any]]
) -> list[tuple[BibLink, str, str]]:
    """(link, status, info) per link: linkcheck's status, or ``unchecked`` if it never saw it.

    A status is one of linkcheck's (``working``, ``redirected``, ``broken``, ``timeout``,
    ``ignored``, ``rate-limited`` …).
    """
    by_uri = {str(row["uri"]): row for row in results}
    judged: list[tuple[BibLink, str, str]] = []
    for link in links:
        row = by_uri.get(link.uri)
        if row is None:
            judged.append((link, "unchecked", "not in the linkcheck output"))
        else:
            judged.append((link, str(row["status"]), str(row.get("info", ""))))
    return judged


FAILING = frozenset({"broken", "timeout", "unchecked"})
"""Statuses that fail ``nox -s linkcheck``; ``redirected`` is reported but allowed (add the
redirect to ``linkcheck_allowed_redirects`` once checked by hand)."""


def main(argv: Sequence[str] | None = None) -> int:
    """Report every link of a .bib file with its linkcheck status; 1 if one failed."""
    parser = argparse.ArgumentParser(
        prog="python -m wikilink_ext.bib.links",
        description="Report the linkcheck status of every DOI, URL and arXiv id of a .bib file.",
    )
    parser.add_argument("bib", type=Path)
    parser.add_argument(
        "--linkcheck", type=Path, required=True, metavar="JSON", help="linkcheck's output.json"
    )
    args = parser.parse_args(argv)
    links = bib_links(args.bib.read_text(encoding="utf-8"))
    rows = [
        json.loads(line)
        for line in args.linkcheck.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    failed = 0
    counts: dict[str, int] = {}
    for link, status, info in judge(links, rows):
        counts[status] = counts.get(status, 0) + 1
        if status != "working":
            detail = f" ({info})" if info else ""
            print(f"{args.bib}:{link.line}: {link.key}: {link.field} {status}: {link.uri}{detail}")
        failed += status in FAILING
    summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
    print(f"{args.bib}: {len(links)} links ({summary})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
