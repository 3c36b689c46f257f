# ruff: noqa: RUF001  (curly quotation marks and dashes are what these tests are about)
"""Quotations against the excerpt store: normalisation tables, a fixture vault that passes
and fails, the store's format, the command line, and the book itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from loopback import QuietHandler, serve
from wikilink_ext.bib.quotes import (
    Excerpt,
    Quotation,
    check_quotation,
    find_quotations,
    load_store,
    main,
    normalise,
    occurs,
    page_text,
    parts,
    refresh,
)
from wikilink_ext.syntax.markdown import obsidian_parser

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "quotes"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Two\n  lines\tand\u00a0a space ", "Two lines and a space"),
        ('“curly” and ‘single’ and "straight"', "'curly' and 'single' and 'straight'"),
        ("can’t", "can't"),
        ("a — b", "a-b"),
        ("a–b", "a-b"),
        ("a - b", "a-b"),
        ("ﬁne ligature", "fine ligature"),
        ("CASE Kept", "CASE Kept"),  # exact: a change of case is a change
        ("soft\u00adhyphen", "softhyphen"),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


@pytest.mark.parametrize(
    ("quotation", "expected"),
    [
        ("The whole thing.", ["The whole thing"]),
        ("one … two", ["one", "two"]),
        ("one...two", ["one", "two"]),
        ("one . . . two", ["one", "two"]),
        ("one [...] two […] three", ["one", "two", "three"]),
        ("…leading and trailing…", ["leading and trailing"]),
        ("with \x01 code", ["with", "code"]),
        ("'nested,' she said,", ["nested,' she said"]),  # quote marks at the edges go
    ],
)
def test_parts(quotation: str, expected: list[str]) -> None:
    assert parts(quotation) == expected


@pytest.mark.parametrize(
    ("pieces", "text", "expected"),
    [
        (["a b"], "x a b y", True),
        (["a", "b"], "b then a then b", True),
        (["b", "a"], "a then b", False),
        (["ab", "ab"], "ab", False),  # parts may not overlap
        (["missing"], "x a b y", False),
        (["by weight"], "connected by weights", False),  # whole words only
        (["a b"], ["x a", "b y"], False),  # not across an omission the excerpt marks
        (["a", "b"], ["x a", "b y"], True),  # a quotation's own ellipsis may span it
        (["B"], "a b", False),  # case kept
    ],
)
def test_occurs(pieces: list[str], text: str | list[str], expected: bool) -> None:
    assert occurs(pieces, text) is expected


def _quotations(text: str, refs: dict[str, str] | None = None) -> list[tuple[int, str, tuple]]:
    found = find_quotations(text, obsidian_parser(), refs)
    return [(q.line, q.display, q.keys) for q in found]


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ('He said "one two three four" [@k].', [(1, "one two three four", ("k",))]),
        ('He said "one two" [@k].', [(1, "one two", ("k",))]),  # short: checked too
        ('He said "one" [@k].', [(1, "one", ("k",))]),
        ('He said "one two three four". Then [@k].', []),  # citation in the next sentence
        ('He said "one two three four", as @k put it.', [(1, "one two three four", ("k",))]),
        ("He said “one two three four” [[@k]].", [(1, "one two three four", ("k",))]),
        ('Title "[one two three four](u)" [@k].', []),
        ('A\nb "one two three four"\n[@k].', [(2, "one two three four", ("k",))]),
        ('Code `"one two three four" [@k]`.', []),
        ('Math $"one two three four" [@k]$.', []),
        (
            'Et al. "one two three four" et al. said [@k; @j].',
            [(1, "one two three four", ("k", "j"))],
        ),
        ('"one two three four" [[References#^b|R]].', [(1, "one two three four", ("key",))]),
        ("> [!quote] T [@k]\n> Body text here.", [(2, "Body text here.", ("k",))]),
        ('> [!quote] T\n> "Body text here." [@k]', [(2, "Body text here.", ("k",))]),
        ("> [!note] T\n> Body text here. [@k]", []),
        ("> [!quote] T\n> Uncited body.", [(2, "Uncited body.", ())]),
    ],
)
def test_find_quotations(markdown: str, expected: list[tuple[int, str, tuple]]) -> None:
    assert _quotations(markdown, {"b": "key"}) == expected


STORE = {"k": [Excerpt("k", "The whole, exact passage — with a dash.", 2, locator="sec. 1")]}


@pytest.mark.parametrize(
    ("text", "keys", "expected"),
    [
        ("whole, exact passage - with a dash", ("k",), None),
        ("the whole, exact passage", ("k",), "not verbatim"),  # case kept
        ("exact", ("k",), None),
        ("The whole … with a dash.", ("other", "k"), None),
        ("The whole passage", ("k",), 'not verbatim in the excerpts of k: "The whole passage"'),
        ("The whole", ("nope",), 'no excerpt of nope in the store for the quotation "The whole"'),
        ("The whole", (), 'quotation "The whole" cites no source that could be checked'),
    ],
)
def test_check_quotation(text: str, keys: tuple[str, ...], expected: str | None) -> None:
    message = check_quotation(Quotation(1, text, keys, False), STORE)
    if expected is None:
        assert message is None
    else:
        assert message is not None and expected in message


def test_hint_names_the_closest_span() -> None:
    message = check_quotation(Quotation(1, "exact passage with a dish", ("k",), False), STORE)
    assert message is not None
    assert 'closest (k, sec. 1): "exact passage — with a' in message


@pytest.mark.parametrize(
    ("yaml_text", "error"),
    [
        ("- a list", "1: the store must map citation keys to lists"),
        ("k: text", "1: k: expected a list of excerpts"),
        ("k:\n  - just text", "2: k: an excerpt must be a mapping"),
        ("k:\n  - locator: x", "2: k: an excerpt needs 'text' (or 'cite_as')"),
        ("k:\n  - text: x\n    page: 3", "3: k: unknown field 'page'"),
        ("k:\n  - text: [x]", "2: k: 'text' is not text"),
        ("k: [\n", "not valid YAML"),
    ],
)
def test_store_errors(yaml_text: str, error: str) -> None:
    with pytest.raises(ValueError, match=error.replace("(", r"\(").replace(")", r"\)")):
        load_store(yaml_text)


def test_store_keeps_provenance_and_lines() -> None:
    store = load_store((FIXTURES / "refs.excerpts.yaml").read_text(encoding="utf-8"))
    assert sorted(store) == ["elhage2021", "olah2020zoom"]
    first = store["olah2020zoom"][0]
    assert (first.line, first.locator, first.copied, first.via) == (
        3,
        "Claim 1: Features",
        "2026-12-05",
        "fixture",
    )
    assert store["olah2020zoom"][3].cite_as.startswith("@article{olah2020zoom")


def test_fixture_vault(capsys: pytest.CaptureFixture[str]) -> None:
    vault = FIXTURES / "vault"
    status = main([str(vault), "--store", str(FIXTURES / "refs.excerpts.yaml")])
    out = capsys.readouterr().out.splitlines()
    fails = f"{vault / 'Fails.md'}"
    assert status == 1
    assert [line.split(": ", 1)[0] for line in out[:-1]] == [
        f"{fails}:4",
        f"{fails}:6",
        f"{fails}:8",
        f"{fails}:11",
        f"{fails}:13",
        f"{fails}:15",
        f"{fails}:17",
        f"{fails}:19",
    ]
    assert out[0].endswith(
        '"Features are the basic unit of neural networks."; closest (olah2020zoom, '
        'Claim 1: Features): "Features are the fundamental unit of neural networks."'
    )
    assert "no excerpt of vaswani2017" in out[2]
    assert out[-1].startswith(f"{vault}: 7 of 15 quotations verified against 5 excerpts")


def test_passing_vault(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "Note.md").write_text('Olah wrote "They correspond to directions." [@z].\n')
    store = tmp_path / "store.yaml"
    store.write_text("z:\n  - text: They correspond to directions.\n")
    assert main([str(tmp_path), "--store", str(store)]) == 0
    assert capsys.readouterr().out.startswith(f"{tmp_path}: 1 of 1 quotations verified")


def test_book_quotations_are_verified(capsys: pytest.CaptureFixture[str]) -> None:
    """``nox -s quotes`` on the book: every quotation occurs in refs.excerpts.yaml."""
    status = main([str(ROOT / "book"), "--store", str(ROOT / "refs.excerpts.yaml")])
    out = capsys.readouterr().out
    assert status == 0, out


# --- --refresh, against a local server --------------------------------------------------

PAGE = (
    "<html><head><style>p { color: red }</style><script>var hidden = 'Secret text';</script>"
    "</head><body><h1>Zoom&nbsp;In</h1><p>Features are the <em>fundamental</em> unit of\n"
    "neural networks. They correspond to &ldquo;directions&rdquo;.</p></body></html>"
)


class _Pages(QuietHandler):
    def do_GET(self) -> None:
        if self.path == "/missing":
            self.send_error(404)
            return
        kind, body = (
            ("application/pdf", b"%PDF-1.4")
            if self.path == "/paper.pdf"
            else ("text/html; charset=utf-8", PAGE.encode())
        )
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def pages() -> Iterator[str]:
    with serve(_Pages) as url:
        yield url


def test_refresh_confirms_excerpts_at_their_url(pages: str) -> None:
    store = load_store(
        f"z:\n"
        f"  - url: {pages}/zoom\n"
        f"    text: Features are the fundamental unit of neural networks.\n"
        f"  - url: {pages}/zoom\n"
        f"    text: 'They correspond to \"directions\".'\n"
        f"  - url: {pages}/zoom\n"
        f"    text: Features are … directions.\n"
        f"  - url: {pages}/zoom\n"
        f"    text: A passage the page does not hold.\n"
        f"  - url: {pages}/zoom\n"
        f"    text: Secret text\n"
        f"  - url: {pages}/missing\n"
        f"    text: Anything.\n"
        f"  - url: {pages}/paper.pdf\n"
        f"    text: Anything.\n"
        f"  - text: No url, nothing to refresh.\n"
    )
    failures = [(f.line, f.message) for f in refresh(store, timeout=5)]
    assert [line for line, _message in failures] == [8, 10, 12, 14]
    assert failures[0][1] == (
        f'z: excerpt no longer found at {pages}/zoom: "A passage the page does not hold."'
    )
    assert failures[1][1].startswith(f"z: excerpt no longer found at {pages}/zoom")  # a script
    assert failures[2][1].startswith(f"z: could not check {pages}/missing: HTTP Error 404")
    assert failures[3][1] == (
        f"z: could not check {pages}/paper.pdf: application/pdf is not HTML, check it by hand"
    )


def test_page_text_drops_markup_and_decodes_entities() -> None:
    assert " ".join(page_text(PAGE).split()) == (
        "Zoom In Features are the fundamental unit of neural networks. "
        "They correspond to “directions”."
    )


def test_unpublished_notes_are_not_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The build's one scan decides what is checked: a draft's quotation is not the book's."""
    (tmp_path / "Note.md").write_text('Olah wrote "They correspond to directions." [@z].\n')
    (tmp_path / "Draft.md").write_text('---\npublish: false\n---\nSee "Not stored at all." [@z].\n')
    store = tmp_path / "store.yaml"
    store.write_text("z:\n  - text: They correspond to directions.\n")
    assert main([str(tmp_path), "--store", str(store)]) == 0
    assert capsys.readouterr().out.startswith(f"{tmp_path}: 1 of 1 quotations verified")
