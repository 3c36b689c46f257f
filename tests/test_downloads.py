"""The download links under the sidebar: Read the Docs' own, from its build variables."""

from __future__ import annotations

import pytest

from wikilink_ext.pages.downloads import read_the_docs_downloads

RTD = {
    "READTHEDOCS": "True",
    "READTHEDOCS_CANONICAL_URL": "https://book.readthedocs.io/fr/stable/",
    "READTHEDOCS_LANGUAGE": "fr",
    "READTHEDOCS_VERSION": "stable",
}


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        (
            RTD,
            {
                "PDF": "https://book.readthedocs.io/_/downloads/fr/stable/pdf/",
                "EPUB": "https://book.readthedocs.io/_/downloads/fr/stable/epub/",
            },
        ),
        ({**RTD, "READTHEDOCS": ""}, {}),  # not on Read the Docs
        ({k: v for k, v in RTD.items() if k != "READTHEDOCS_VERSION"}, {}),
        ({}, {}),
    ],
)
def test_read_the_docs_download_links(environ: dict[str, str], expected: dict[str, str]) -> None:
    assert read_the_docs_downloads(environ) == expected
