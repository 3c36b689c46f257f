"""The References page of the built book as a reader meets it (issue 17): works ordered by
author then year (Elhage 2021 before Elhage 2022), each linked once (no second arXiv link),
no note the authors wrote for themselves, and each entry at an anchor named by its key
rather than a generated ``#id19``. test_references_page.py checks the style on refs.bib;
this checks the page the book's configuration renders."""

from __future__ import annotations

import itertools
import re

from pybtex.database import parse_file

from .browser_harness import ROOT, Reader, require_browser

require_browser()

KEYS = set(parse_file(str(ROOT / "refs.bib")).entries)
NOTE_TO_SELF = re.compile(
    r"author (?:order|list) as in|cited in its|please cite as|note-to-self|in obsidian",
    re.IGNORECASE,
)


def arxiv_id(href: str) -> str:
    found = re.match(
        r"https?://(?:www\.)?arxiv\.org/(?:abs|pdf)/([^/?#]+?)(?:v\d+)?(?:\.pdf)?$", href
    )
    return found.group(1) if found else href.rstrip("/")


def test_references_page_reads_as_a_bibliography(reader: Reader) -> None:
    page = reader.open("References.html")
    entries = page.locator("article div.citation").evaluate_all(
        """(divs) => divs.map((d) => ({
             id: d.id,
             label: (d.querySelector('.label') || {}).textContent || '',
             text: d.innerText,
             hrefs: [...d.querySelectorAll('a[href^="http"]')].map((a) => a.href),
           }))"""
    )
    assert len(entries) >= 40
    # anchored at their keys: links from other sites and the PDF keep working
    assert {e["id"] for e in entries} <= KEYS
    assert not [e["id"] for e in entries if re.fullmatch(r"id\d+", e["id"])]
    labels = [e["label"].strip("[] \n") for e in entries]
    elhage = [label for label in labels if label.startswith("Elhage")]
    assert elhage == ["Elhage et al., 2021", "Elhage et al., 2022"]
    # the same first author: years in order
    for before, after in itertools.pairwise(labels):
        name_b, _, year_b = before.rpartition(", ")
        name_a, _, year_a = after.rpartition(", ")
        if name_b == name_a:
            assert year_b <= year_a, (before, after)
    for entry in entries:
        works = [arxiv_id(h) for h in entry["hrefs"]]
        assert len(works) == len(set(works)), (entry["id"], works)
        assert not NOTE_TO_SELF.search(entry["text"]), entry["text"]
