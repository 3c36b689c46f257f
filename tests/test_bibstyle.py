"""The author-year bibliography style: labels, disambiguation, titles as published."""

from __future__ import annotations

from pybtex.database import parse_string

from wikilink_ext.bib.style import AuthorYearLabels, AuthorYearStyle

BIB = r"""
@misc{one, author = {Smith, Jane}, title = {Circuits in {GPT-2} Small}, year = {2020}}
@misc{two, author = {Smith, Jane and Doe, John}, title = {B}, year = {2020}}
@misc{three, author = {Lee, A and Kim, B and Park, C}, title = {C}, year = {2021}}
@misc{four, author = {Lee, A and Kim, B and Park, C}, title = {D}, year = {2021}}
"""


def test_labels() -> None:
    entries = list(parse_string(BIB, "bibtex").entries.values())
    labels = list(AuthorYearLabels().format_labels(entries))
    assert labels == [
        "Smith, 2020",
        "Smith and Doe, 2020",
        "Lee et al., 2021a",
        "Lee et al., 2021b",
    ]


def test_titles_keep_their_case() -> None:
    data = parse_string(BIB, "bibtex")
    formatted = list(AuthorYearStyle().format_entries(data.entries.values()))
    by_key = {entry.key: entry.text.render_as("text") for entry in formatted}
    assert "Circuits in GPT-2 Small" in by_key["one"]
    assert [entry.key for entry in formatted] == ["three", "four", "one", "two"]  # author, year


ORDER = r"""
@misc{toy, author = {Elhage, N and Hume, T and Olsson, C}, title = {Toy Models}, year = {2022}}
@misc{framework, author = {Elhage, N and Nanda, N and Olsson, C}, title = {A Framework},
  year = {2021}}
@misc{essay, author = {Olah, Chris}, title = {Essay}, year = {2022}}
@misc{zoom, author = {Olah, Chris and Cammarata, N and Schubert, L}, title = {Zoom In},
  year = {2020}}
@misc{equi, author = {Olah, Chris and Cammarata, N and Voss, C}, title = {Equivariance},
  year = {2020}}
"""


def test_sorted_by_label_author_then_year() -> None:
    """Elhage et al. 2021 comes before Elhage et al. 2022, whatever the second authors; the
    a/b letters follow the printed order."""
    data = parse_string(ORDER, "bibtex")
    formatted = list(AuthorYearStyle().format_entries(data.entries.values()))
    assert [(entry.key, entry.label) for entry in formatted] == [
        ("framework", "Elhage et al., 2021"),
        ("toy", "Elhage et al., 2022"),
        ("essay", "Olah, 2022"),
        ("equi", "Olah et al., 2020a"),
        ("zoom", "Olah et al., 2020b"),
    ]


LINKS = r"""
@misc{same, author = {A, B}, title = {T}, year = {2023}, eprint = {2302.03025},
  url = {https://arxiv.org/abs/2302.03025}}
@misc{versioned, author = {B, C}, title = {T}, year = {2023}, eprint = {2302.03025},
  url = {http://www.arxiv.org/pdf/2302.03025v2.pdf}}
@misc{venue, author = {C, D}, title = {T}, year = {2023}, eprint = {2302.03025},
  url = {https://openreview.net/forum?id=x}}
"""


def test_an_arxiv_paper_is_linked_once() -> None:
    data = parse_string(LINKS, "bibtex")
    formatted = {e.key: e.text for e in AuthorYearStyle().format_entries(data.entries.values())}
    for key in ("same", "versioned"):
        html = formatted[key].render_as("html")
        assert html.count("arxiv.org") == 1, html
        assert "URL:" not in html
    html = formatted["venue"].render_as("html")
    assert "URL:" in html and "openreview.net" in html and html.count("arxiv.org") == 1
