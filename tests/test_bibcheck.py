"""The BibTeX checker: one failing example per rule, a clean file, the CLI, cited keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from wikilink_ext.bib.check import Problem, check_bib, collect_cited_keys, main

YEAR = 2025

CLEAN = r"""% Comments and text outside entries are ignored.
@string{tc = "Transformer Circuits Thread"}
@comment{anything at all}
@preamble{"\newcommand{\noop}[1]{}"}

@article{elhage2021framework,
  author  = {Elhage, Nelson and Nanda, Neel and Olsson, Catherine},
  title   = {A Mathematical Framework for {Transformer} Circuits},
  journal = tc # { (online)},
  year    = {2021},
  url     = {https://transformer-circuits.pub/2021/framework/index.html},
}

@InProceedings(vaswani2017attention,
  author        = {Vaswani, Ashish and others},
  title         = "Attention Is All You Need",
  booktitle     = {Advances in Neural Information Processing Systems},
  year          = 2017,
  eprint        = {1706.03762v7},
  archivePrefix = {arXiv},
)

@misc{olah2020zoom,
  title = {Zoom In: An Introduction to Circuits},
  year  = {2020},
  month = mar,
  doi   = {10.23915/distill.00024.001},
}

@misc{witten1991,
  author = {Witten, Edward},
  year   = {1991},
  url    = {https://arxiv.org/abs/hep-th/9108028},
}

@book{goodfellow2016deep,
  editor    = {Goodfellow, Ian and Bengio, Yoshua and Courville, Aaron},
  title     = {Deep Learning},
  publisher = {MIT Press},
  year      = {2016},
  url       = {http://www.deeplearningbook.org},
}

@incollection{lecun2012,
  author    = {LeCun, Yann and Bottou, L{\'e}on},
  title     = {Efficient {BackProp}},
  booktitle = {Neural Networks: Tricks of the Trade},
  publisher = {Springer},
  year      = {2012},
  doi       = {10.1007/978-3-642-35289-8_3},
}

@phdthesis{olah2024thesis,
  author = {Olah, Chris},
  title  = {Interpretability},
  school = {Nowhere},
  year   = {2026},
  url    = {https://example.org/thesis.pdf},
}

@techreport{tr2019,
  author      = {Doe, Jane},
  title       = {A Report},
  institution = {Lab},
  year        = {1900},
  url         = {https://example.org/tr},
  biburl      = {https://dblp.org/rec/tr2019.bib},
}
"""

ALL_KEYS = {
    "elhage2021framework",
    "vaswani2017attention",
    "olah2020zoom",
    "witten1991",
    "goodfellow2016deep",
    "lecun2012",
    "olah2024thesis",
    "tr2019",
}


def _lines(problems: list[Problem]) -> list[str]:
    return [f"{problem.line}: {problem.message}" for problem in problems]


def _misc(key: str, *fields: str) -> str:
    """An ``@misc`` entry, one field per line, the entry on the first line."""
    body = "".join(f"  {field},\n" for field in fields)
    return f"@misc{{{key},\n{body}}}\n"


OK = ("title = {T}", "year = {2020}", "url = {https://example.org}")


def test_clean_file_has_no_problems() -> None:
    assert _lines(check_bib(CLEAN, current_year=YEAR)) == []


def test_clean_file_cited_in_any_case() -> None:
    cited = {key.upper() for key in ALL_KEYS}
    assert _lines(check_bib(CLEAN, cited, current_year=YEAR)) == []


@pytest.mark.parametrize(
    ("bib", "expected"),
    [
        pytest.param(
            _misc("a", *OK) + "@misc{b,\n  title = {U,\n}\n",
            ["6: syntax error: entry not closed before the end of the file"],
            id="unparseable",
        ),
        pytest.param(
            _misc("a", "title = {T}", "year = {2020}", "howpublished = nosuchmacro", OK[2]),
            ["4: undefined string: nosuchmacro"],
            id="undefined-macro",
        ),
        pytest.param(
            _misc("Key", *OK) + _misc("key", "title = {Other}", *OK[1:]),
            ["6: key: key already used on line 1 (BibTeX keys are case-insensitive)"],
            id="duplicate-key",
        ),
        pytest.param(
            "@article{a,\n  author = {A}, title = {T}, year = {2020},\n"
            "  url = {https://example.org}\n}\n",
            ["1: a: @article needs field 'journal'"],
            id="article-journal",
        ),
        pytest.param(
            "@inproceedings{a,\n  author = {A}, title = {T}, year = {2020}, doi = {10.1000/1}\n}\n",
            ["1: a: @inproceedings needs field 'booktitle'"],
            id="inproceedings-booktitle",
        ),
        pytest.param(
            _misc("a", "year = {2020}", "note = {no title}", OK[2]),
            ["1: a: @misc needs field 'author' or 'title'"],
            id="misc-author-or-title",
        ),
        pytest.param(
            _misc("a", "title = {T}", "year = {}", OK[2]),
            ["1: a: @misc needs field 'year'"],
            id="empty-field-is-missing",
        ),
        pytest.param(
            "@book{a,\n  title = {T}, publisher = {P}, year = {2020}, url = {https://e.org}\n}\n",
            ["1: a: @book needs field 'author' or 'editor'"],
            id="book-author-or-editor",
        ),
        pytest.param(
            "@incollection{a,\n  author = {A}, title = {T}, booktitle = {B}, year = {2020},\n"
            "  url = {https://e.org}\n}\n",
            ["1: a: @incollection needs field 'publisher'"],
            id="incollection-publisher",
        ),
        pytest.param(
            "@phdthesis{a, author = {A}, title = {T}, year = {2020}, url = {https://e.org}}\n",
            ["1: a: @phdthesis needs field 'school'"],
            id="phdthesis-school",
        ),
        pytest.param(
            "@techreport{a, author = {A}, title = {T}, year = {2020}, url = {https://e.org}}\n",
            ["1: a: @techreport needs field 'institution'"],
            id="techreport-institution",
        ),
        pytest.param(
            "@artcle{a, author = {A}, title = {T}, year = {2020}, url = {https://e.org}}\n",
            ["1: a: unknown entry type @artcle"],
            id="unknown-type",
        ),
        pytest.param(
            "@inproceedings{a, author = {A}, title = {T}, crossref = {conf}, doi = {10.1000/1}}\n"
            "@proceedings{conf, title = {Conf}, booktitle = {Conf}, year = {2020},\n"
            "  doi = {10.1000/2}}\n"
            "@inproceedings{b, author = {B}, title = {U}, crossref = {no}, doi = {10.1000/3}}\n",
            [
                "4: b: @inproceedings needs field 'booktitle'",
                "4: b: @inproceedings needs field 'year'",
            ],
            id="crossref-inherits",
        ),
        pytest.param(
            _misc("a", "title = {T}", "year = {20xx}", OK[2]),
            ["3: a: year '20xx' is not a 4-digit year between 1900 and 2026"],
            id="year-not-digits",
        ),
        pytest.param(
            _misc("a", "title = {T}", "year = 1899", OK[2]),
            ["3: a: year '1899' is not a 4-digit year between 1900 and 2026"],
            id="year-too-old",
        ),
        pytest.param(
            _misc("a", "title = {T}", "year = {2027}", OK[2]),
            ["3: a: year '2027' is not a 4-digit year between 1900 and 2026"],
            id="year-in-future",
        ),
        pytest.param(
            _misc("a", "title = {T}", "year = {2020}", "doi = {https://doi.org/10.1000/182}"),
            ["4: a: doi 'https://doi.org/10.1000/182' has a resolver prefix; write '10.1000/182'"],
            id="doi-prefix",
        ),
        pytest.param(
            _misc("a", "title = {T}", "year = {2020}", "doi = {doi:10.1000/182}"),
            ["4: a: doi 'doi:10.1000/182' has a resolver prefix; write '10.1000/182'"],
            id="doi-scheme",
        ),
        pytest.param(
            _misc("a", "title = {T}", "year = {2020}", "doi = {10.10/x}"),
            ["4: a: doi '10.10/x' does not look like 10.NNNN/suffix"],
            id="doi-malformed",
        ),
        pytest.param(
            _misc(
                "a",
                "title = {T}",
                "year = {2020}",
                "eprint = {arXiv:1706.03762}",
                "archiveprefix = {arXiv}",
            ),
            ["4: a: arXiv id 'arXiv:1706.03762' is neither NNNN.NNNNN[vN] nor archive/NNNNNNN"],
            id="arxiv-eprint",
        ),
        pytest.param(
            _misc(
                "a", "title = {T}", "year = {2020}", "url = {https://arxiv.org/pdf/1706.376.pdf}"
            ),
            ["4: a: arXiv id '1706.376' is neither NNNN.NNNNN[vN] nor archive/NNNNNNN"],
            id="arxiv-url",
        ),
        pytest.param(
            _misc(
                "a", "title = {T}", "year = {2020}", "eprint = {hep-th/99}", "eprinttype = {arxiv}"
            ),
            ["4: a: arXiv id 'hep-th/99' is neither NNNN.NNNNN[vN] nor archive/NNNNNNN"],
            id="arxiv-old-style",
        ),
        pytest.param(
            _misc("a", "title = {T}", "year = {2020}", "eprint = {whatever}"),
            [],
            id="non-arxiv-eprint-is-not-checked",
        ),
        pytest.param(
            _misc("a", "title = {T}", "year = {2020}", "note = {in a drawer}"),
            ["1: a: no url, doi or eprint"],
            id="no-link",
        ),
        pytest.param(
            _misc("a", "title = {T}", "year = {2020}", "url = {www.example.org}"),
            ["4: a: url 'www.example.org' does not start with http:// or https://"],
            id="url-scheme",
        ),
        pytest.param(
            _misc("a", *OK, "biburl = {ftp://dblp.org/a.bib}"),
            ["5: a: biburl 'ftp://dblp.org/a.bib' does not start with http:// or https://"],
            id="other-url-field",
        ),
        pytest.param(
            _misc("a", *OK, "year = {2021}"),
            ["5: a: field 'year' repeated (first on line 3)"],
            id="repeated-field",
        ),
        pytest.param(
            _misc("a", "author = {Doe, J, Jr, X}", *OK),
            ["2: a: Too many commas in 'Doe, J, Jr, X'"],
            id="bad-name",
        ),
        pytest.param(
            _misc("a", "title = {T}", "year = {2020}", "doi = {10.1000/ABC}")
            + _misc("b", "title = {U}", "year = {2020}", "doi = {10.1000/abc}"),
            ["6: b: same DOI as 'a' (line 1)"],
            id="same-doi",
        ),
        pytest.param(
            _misc(
                "a",
                "title = {T}",
                "year = {2020}",
                "eprint = {1706.03762v1}",
                "archiveprefix = {arXiv}",
            )
            + _misc(
                "b", "title = {U}", "year = {2020}", "url = {https://arxiv.org/abs/1706.03762}"
            ),
            ["7: b: same arXiv id as 'a' (line 1)"],
            id="same-arxiv",
        ),
        pytest.param(
            _misc("a", "title = {The {GPT}-2 Model}", "year = {2020}", OK[2])
            + _misc("b", "title = {the gpt 2 model.}", "year = {2021}", OK[2]),
            ["6: b: same title as 'a' (line 1)"],
            id="same-title",
        ),
    ],
)
def test_rule(bib: str, expected: list[str]) -> None:
    assert _lines(check_bib(bib, current_year=YEAR)) == expected


def test_uncited() -> None:
    bib = _misc("a", *OK) + _misc("b", "title = {U}", *OK[1:])
    assert _lines(check_bib(bib, {"A"}, current_year=YEAR)) == ["6: b: not cited anywhere"]
    assert _lines(check_bib(bib, None, current_year=YEAR)) == []


def test_problems_are_sorted_by_line() -> None:
    bib = _misc("a", "title = {T}", "year = {1}") + _misc("b", "year = {2}")
    lines = [problem.line for problem in check_bib(bib, current_year=YEAR)]
    assert lines == sorted(lines)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[@a; see @b, p. 3] and @c [p. 4]", {"a", "b", "c"}),
        ("[-@a] and [[@lit]] and [[@lit2|Lit]] and [[@lit3#Notes]]", {"a", "lit", "lit2", "lit3"}),
        ("mail doe@example.com, `@code`, $x@y$", set()),
        ("```\n@fenced\n```\n\n    @indented\n", set()),
        ("---\ncitekey: '@front'\n---\nbody @a\n", {"a"}),
        ("[@link](https://example.com) [@{curly key}]", {"curly key"}),
        ("text[^1]\n\n[^1]: see @note\n", {"note"}),
        ("> [!note]\n> *[[@h_i]]* and **@j**\n", {"h_i", "j"}),
    ],
)
def test_collect_cited_keys(text: str, expected: set[str]) -> None:
    assert collect_cited_keys([text]) == expected


def test_collect_cited_keys_extra_hook() -> None:
    def extra(text: str) -> set[str]:
        return {"from-hook"} if "cite me" in text else set()

    assert collect_cited_keys(["@a", "cite me"], extra) == {"a", "from-hook"}


def test_cli_ok(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(_misc("a", *OK), encoding="utf-8")
    notes = tmp_path / "vault"
    (notes / "sub").mkdir(parents=True)
    (notes / "sub" / "note.md").write_text("As [@a] shows.", encoding="utf-8")
    (notes / ".trash").mkdir()
    (notes / ".trash" / "old.md").write_text("[@gone]", encoding="utf-8")
    assert main([str(bib), "--cited-from", str(notes)]) == 0
    assert capsys.readouterr().out == f"{bib}: OK, 1 entry, all cited from 1 published note\n"


def test_cli_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(_misc("a", *OK) + _misc("b", "title = {U}", *OK[1:]), encoding="utf-8")
    notes = tmp_path / "vault"
    notes.mkdir()
    (notes / "note.md").write_text("[[@a]]", encoding="utf-8")
    assert main([str(bib), "--cited-from", str(notes)]) == 1
    assert capsys.readouterr().out == f"{bib}:6: b: not cited anywhere\n"


# --- the works themselves ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("bib", "expected"),
    [
        pytest.param(
            _misc(
                "a",
                *OK,
                "doi = {10.48550/arXiv.2211.00593}",
                "eprint = {2211.00593v2}",
                "archiveprefix = {arXiv}",
            ),
            [],
            id="arxiv-doi-matches-eprint",
        ),
        pytest.param(
            _misc(
                "a",
                *OK,
                "doi = {10.48550/arXiv.2211.00593}",
                "eprint = {2211.00539}",
                "archiveprefix = {arXiv}",
            ),
            [
                "6: a: eprint names arXiv 2211.00539 but the DOI '10.48550/arXiv.2211.00593' "
                "names arXiv 2211.00593: two different works"
            ],
            id="arxiv-doi-mismatch",
        ),
        pytest.param(
            _misc(
                "a",
                "title = {T}",
                "year = {2020}",
                "url = {https://arxiv.org/abs/1706.03762}",
                "doi = {10.48550/ARXIV.1706.03763}",
            ),
            [
                "4: a: url names arXiv 1706.03762 but the DOI '10.48550/ARXIV.1706.03763' "
                "names arXiv 1706.03763: two different works"
            ],
            id="arxiv-doi-vs-url",
        ),
        pytest.param(
            _misc("a", "author = {Vi{\\'e}gas, Fernanda and M{\\\"u}ller, J}", *OK)
            + _misc("b", "author = {Viégas, Fernanda}", "title = {U}", *OK[1:]),
            [
                "8: b: author writes an accent as Unicode ('é') but the file writes accents "
                "as TeX ('\\'e'); use one way"
            ],
            id="accents-mixed-tex-majority",
        ),
        pytest.param(
            _misc("a", "author = {Viégas, Fernanda and Müller, J}", *OK)
            + _misc("b", "author = {Vi{\\'e}gas, Fernanda}", "title = {U}", *OK[1:]),
            [
                "8: b: author writes an accent as TeX ('\\'e') but the file writes accents "
                "as Unicode ('é'); use one way"
            ],
            id="accents-mixed-unicode-majority",
        ),
        pytest.param(
            _misc("a", "author = {Vi\\'egas, Fernanda}", *OK),
            ["2: a: accent '\\'e' in author is not braced; write {\\'e}"],
            id="accent-unbraced",
        ),
        pytest.param(
            _misc("a", "author = {Vi{\\'e}gas, Fernanda and Sm{\\v c}ek, A}", *OK)
            + _misc("b", "title = {\\textbf{Bold} and \\url{x}}", *OK[1:]),
            [],
            id="accents-consistent-and-commands-ignored",
        ),
        pytest.param(
            _misc("a", "title = {Interpretability in {GPT-2} small and {TCAV}}", *OK[1:]),
            [],
            id="acronyms-braced",
        ),
        pytest.param(
            _misc("a", "title = {A Circuit in GPT-2 small: the IOI Task with {TCAV}}", *OK[1:]),
            [
                "2: a: title has 'GPT-2', 'IOI' without braces; a style that changes the case "
                "of titles would lowercase it: write {GPT-2}, {IOI}"
            ],
            id="acronyms-unbraced",
        ),
        pytest.param(
            _misc("a", "title = {T}", "booktitle = {Proceedings of InceptionV1 Day}", *OK[1:]),
            [
                "3: a: booktitle has 'InceptionV1' without braces; a style that changes the "
                "case of titles would lowercase it: write {InceptionV1}"
            ],
            id="inner-capital-booktitle",
        ),
    ],
)
def test_work_rule(bib: str, expected: list[str]) -> None:
    assert _lines(check_bib(bib, current_year=YEAR)) == expected


CITE_AS = (
    "@article{templeton2024scaling, author = {Templeton, Adly and Conerly, Tom and Olah, Chris}}"
)


@pytest.mark.parametrize(
    ("author", "note", "expected"),
    [
        pytest.param("Templeton, Adly and Conerly, Tom and Olah, Chris", "", [], id="same"),
        pytest.param("Adly Templeton and Tom Conerly and Chris Olah", "", [], id="same-other-form"),
        pytest.param(
            "Templeton, Adly and Conerly, Tom and Marcus, Jonathan and Olah, Chris",
            "",
            [
                "2: k: author list differs from the work's own: 4 names where the work's "
                "'Please cite as' has 3 (follow it, or say why in a note that mentions 'cite as')"
            ],
            id="more-names",
        ),
        pytest.param(
            "Templeton, Adly and Olah, Chris and Conerly, Tom",
            "",
            [
                "2: k: author list differs from the work's own: name 2 is 'olah' where the "
                "work's 'Please cite as' has 'conerly' (follow it, or say why in a note that "
                "mentions 'cite as')"
            ],
            id="order",
        ),
        pytest.param(
            "Templeton, Adly and Conerly, Tom and Marcus, Jonathan and Olah, Chris",
            "note = {All 4 authors of the paper; its Please cite as lists 3}",
            [],
            id="explained-in-note",
        ),
    ],
)
def test_cite_as(author: str, note: str, expected: list[str]) -> None:
    fields = [f"author = {{{author}}}", *OK] + ([note] if note else [])
    bib = _misc("k", *fields)
    assert _lines(check_bib(bib, current_year=YEAR, cite_as={"k": CITE_AS})) == expected


def test_cli_reads_cite_as_from_the_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(_misc("k", "author = {Olah, Chris}", *OK), encoding="utf-8")
    store = tmp_path / "refs.excerpts.yaml"
    store.write_text(
        "k:\n  - cite_as: '@misc{k, author = {Olah, Chris and Cammarata, Nick}}'\n"
        "    url: https://example.org\n",
        encoding="utf-8",
    )
    assert main([str(bib), "--store", str(store)]) == 1
    assert "2: k: author list differs from the work's own: 1 names where" in capsys.readouterr().out


def test_cli_counts_only_citations_of_published_notes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A draft (publish: false), a folder starting with _, a pattern of the vault's conf.py:
    the build leaves them out, so a key cited only there is not cited."""
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "".join(
            _misc(key, f"title = {{{key.title()}}}", *OK[1:])
            for key in ("a", "draft", "under", "pattern")
        ),
        encoding="utf-8",
    )
    vault = tmp_path / "vault"
    (vault / "_drafts").mkdir(parents=True)
    (vault / "private").mkdir()
    (vault / "note.md").write_text("As [@a] shows.", encoding="utf-8")
    (vault / "draft.md").write_text("---\npublish: false\n---\n[@draft]", encoding="utf-8")
    (vault / "_drafts" / "wip.md").write_text("[@under]", encoding="utf-8")
    (vault / "private" / "p.md").write_text("[@pattern]", encoding="utf-8")
    (vault / "conf.py").write_text(
        'wikilink_ignore = ["_drafts"]\nexclude_patterns = ["private"]\n', encoding="utf-8"
    )
    assert main([str(bib), "--cited-from", str(vault)]) == 1
    out = capsys.readouterr().out
    assert [line.split(": ", 1)[1] for line in out.splitlines()] == [
        "draft: not cited anywhere",
        "under: not cited anywhere",
        "pattern: not cited anywhere",
    ]
