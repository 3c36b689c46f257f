"""Every quotation in a vault, checked against stored excerpts of the cited works.

A quotation is (a) the body of a ``> [!quote]`` callout (or an alias such as ``cite``),
cited by the keys anywhere in that callout, or (b) text in straight or curly double
quotation marks, however short, followed in the same sentence by a citation
(``[@key…]``, ``@key``, ``[[@key]]`` or ``[[References#^id|…]]``). Quoted text that is
only a link (``"[Title](url)"``) is a title, not a quotation.

The excerpt store is a YAML file (``refs.excerpts.yaml``)::

    olah2020zoom:                        # a refs.bib key
      - locator: "Polysemantic Neurons"  # section or page, as cited ("" if none)
        url: https://distill.pub/2020/circuits/zoom-in/
        copied: 2026-12-05               # when it was copied
        via: "search tool, pages corpus" # where it was copied from
        text: >-
          the exact passage, long enough to hold every quotation taken from it
      - cite_as: "@article{…}"           # optional: the work's own "Please cite as" BibTeX

A quotation passes when its text occurs in one excerpt of a cited key, exactly, letter for
letter and in the same case; only typography is forgiven (:func:`normalise`: white space,
the kind of quotation mark, apostrophe and dash, ligatures, soft hyphens). An ellipsis
(``…``, ``...``, ``[…]``) or a code span inside a quotation splits it into parts that must
occur in that order; punctuation at either end of a part is ignored (a quotation may end on
the writer's comma or full stop). An ellipsis in a stored excerpt marks words the store
left out: no part of a quotation may run across it. Offline; ``--refresh`` checks the
stored excerpts against their URLs::

    python -m wikilink_ext.bib.quotes book --store refs.excerpts.yaml [--refresh]

Pure: no Sphinx, no docutils.
"""

from __future__ import annotations

import argparse
import datetime
import difflib
import re
import sys
import unicodedata
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

from .prose import CITE, CODE, LINK_CLOSE, LINK_OPEN, MARKERS, Block, blocks, sentences

__all__ = [
    "Excerpt",
    "Failure",
    "Quotation",
    "check_quotation",
    "find_quotations",
    "load_store",
    "main",
    "normalise",
    "refresh",
]

# --- the store --------------------------------------------------------------------------


@dataclass(frozen=True)
class Excerpt:
    key: str
    text: str
    """The passage as copied (empty for an item that only holds ``cite_as``)."""
    line: int
    """1-based line of the item in the store file."""
    locator: str = ""
    url: str = ""
    copied: str = ""
    via: str = ""
    cite_as: str = ""


_FIELDS = ("locator", "url", "copied", "via", "text", "cite_as")


def load_store(text: str) -> dict[str, list[Excerpt]]:
    """Parse the excerpt store; ``ValueError("LINE: message")`` when it is malformed."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise ValueError(f"{line}: not valid YAML: {getattr(error, 'problem', error)}") from None
    store: dict[str, list[Excerpt]] = {}
    if root is None:
        return store
    if not isinstance(root, yaml.MappingNode):
        raise ValueError(f"{root.start_mark.line + 1}: the store must map citation keys to lists")
    for key_node, items_node in root.value:
        key = str(key_node.value)
        line = key_node.start_mark.line + 1
        if not isinstance(items_node, yaml.SequenceNode):
            raise ValueError(f"{line}: {key}: expected a list of excerpts")
        excerpts = store.setdefault(key, [])
        for item in items_node.value:
            item_line = item.start_mark.line + 1
            if not isinstance(item, yaml.MappingNode):
                raise ValueError(f"{item_line}: {key}: an excerpt must be a mapping")
            fields: dict[str, str] = {}
            for name_node, value_node in item.value:
                name = str(name_node.value)
                if name not in _FIELDS:
                    allowed = ", ".join(_FIELDS)
                    raise ValueError(
                        f"{name_node.start_mark.line + 1}: {key}: unknown field '{name}' "
                        f"(expected {allowed})"
                    )
                if not isinstance(value_node, yaml.ScalarNode):
                    raise ValueError(
                        f"{value_node.start_mark.line + 1}: {key}: '{name}' is not text"
                    )
                fields[name] = str(value_node.value)
            if not fields.get("text", "").strip() and not fields.get("cite_as", "").strip():
                raise ValueError(f"{item_line}: {key}: an excerpt needs 'text' (or 'cite_as')")
            excerpts.append(Excerpt(key=key, line=item_line, **{"text": "", **fields}))
    return store


# --- normalisation ----------------------------------------------------------------------

_QUOTES = (
    "\"'`\u00b4\u201c\u201d\u201e\u201f\u2018\u2019\u201a\u201b\u00ab\u00bb\u2039\u203a\u2033\u2032"
)
"""Every quotation mark, apostrophe and prime; all compare equal."""
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b"
"""Hyphens, dashes and the minus sign; all compare equal."""
_QUOTE_RE = re.compile("[" + re.escape(_QUOTES) + "]")
_DASH_RE = re.compile(r"\s*(?:[" + re.escape(_DASHES) + r"]+)\s*")
_SPACE_RE = re.compile(r"\s+")
_ELLIPSIS = re.compile(r"\[\s*(?:…|\.\s?\.\s?\.)\s*\]|…|\.\s?\.\s?\.")
_EDGE = " \t\n.,;:!?" + _QUOTES + MARKERS


def normalise(text: str) -> str:
    """Compare-ready text: Unicode NFKC, one kind of quotation mark, one dash without
    spaces around it, single spaces, soft hyphens dropped; the case is kept."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    text = _QUOTE_RE.sub("'", text)
    text = _DASH_RE.sub("-", text)
    return _SPACE_RE.sub(" ", text).strip()


def parts(quotation: str) -> list[str]:
    """The normalised parts of a quotation: split at ellipses and code spans, edges trimmed."""
    pieces = _ELLIPSIS.split(unicodedata.normalize("NFKC", quotation).replace(CODE, "…"))
    cleaned = (normalise(p.replace(LINK_OPEN, "").replace(LINK_CLOSE, "")) for p in pieces)
    return [p.strip(_EDGE) for p in cleaned if p.strip(_EDGE)]


def segments(excerpt: str) -> list[str]:
    """The normalised runs of an excerpt between the omissions its ellipses mark."""
    runs = _ELLIPSIS.split(unicodedata.normalize("NFKC", excerpt))
    return [normalise(run) for run in runs]


def _whole(piece: str) -> re.Pattern[str]:
    """``piece`` where it is not part of a longer word ("by weight" is not in "by weights")."""
    before = r"(?<!\w)" if piece[:1].isalnum() else ""
    after = r"(?!\w)" if piece[-1:].isalnum() else ""
    return re.compile(before + re.escape(piece) + after)


def occurs(pieces: Sequence[str], text: str | Sequence[str]) -> bool:
    """Whether the parts occur as whole words, in order, without overlapping, each inside
    one segment of the text (a normalised string, or :func:`segments` of an excerpt)."""
    runs = [text] if isinstance(text, str) else list(text)
    index, pos = 0, 0
    for piece in pieces:
        pattern = _whole(piece)
        found = None
        while index < len(runs) and (found := pattern.search(runs[index], pos)) is None:
            index, pos = index + 1, 0
        if found is None:
            return False
        pos = found.end()
    return True


# --- quotations in notes ----------------------------------------------------------------


@dataclass(frozen=True)
class Quotation:
    line: int
    text: str
    """As written, markup removed (markers stand for code spans)."""
    keys: tuple[str, ...]
    """The cited keys (empty when the quotation cites nothing checkable)."""
    callout: bool
    """Whether it is the body of a quote callout (else quoted text in a sentence)."""

    @property
    def display(self) -> str:
        shown = self.text
        for marker in MARKERS:
            shown = shown.replace(marker, "…" if marker == CODE else "")
        return " ".join(shown.split())


_QUOTED = re.compile(r"\"([^\"]+)\"|“([^“”]+)”")


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text.replace(CODE, " x ")))


def _inline_quotations(block: Block) -> list[Quotation]:
    found: list[Quotation] = []
    spans = sentences(block.text)
    for match in _QUOTED.finditer(block.text):
        inner = match.group(1) if match.group(1) is not None else match.group(2)
        bare = inner.strip()
        if not _words(bare) or CITE in bare:
            continue
        if bare.startswith(LINK_OPEN) and bare.endswith(LINK_CLOSE) and bare.count(LINK_OPEN) == 1:
            continue  # "[Title](url)": a title
        end = next((s.end for s in spans if s.start <= match.end() <= s.end), len(block.text))
        after = block.text.find(CITE, match.end(), end)
        if after < 0:
            continue  # quoted but not attributed: a term, a scare quote, our own words
        found.append(Quotation(block.line_at(match.start()), inner, block.cites[after], False))
    return found


def _strip_quotation(text: str) -> str:
    """The body of a quote callout without its citations and surrounding quotation marks."""
    bare = text.replace(CITE, " ").strip()
    for opener, closer in (('"', '"'), ("“", "”")):
        if bare.startswith(opener) and bare.rstrip(".,;").endswith(closer) and len(bare) > 1:
            bare = bare[1:].rstrip(".,;")[:-1]
            break
    return bare.strip()


def find_quotations(
    text: str,
    md: MarkdownIt,
    references: Mapping[str, str] | None = None,
    *,
    references_note: str = "References",
) -> list[Quotation]:
    """The quotations of one note, in order (see the module's docstring for the rules)."""
    found: list[Quotation] = []
    callouts: dict[int, list[Block]] = {}
    for block in blocks(text, md, references, references_note=references_note):
        if block.callout_kind == "quote" and block.callout is not None:
            callouts.setdefault(block.callout, []).append(block)
        else:
            found.extend(_inline_quotations(block))
    for members in callouts.values():
        keys = tuple(dict.fromkeys(k for b in members for k in b.cited_keys()))
        for block in members:
            if block.kind == "callout_title":
                continue
            body = _strip_quotation(block.text)
            if body:
                found.append(Quotation(block.line, body, keys, True))
    return sorted(found, key=lambda q: q.line)


# --- checking ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Failure:
    line: int
    message: str


def _closest(pieces: Sequence[str], excerpts: Iterable[Excerpt]) -> tuple[str, Excerpt] | None:
    """The span of an excerpt most like the quotation, to show what the source says."""
    wanted = " ".join(pieces).split()
    if not wanted:
        return None
    best: tuple[float, str, Excerpt] | None = None
    for excerpt in excerpts:
        words = excerpt.text.split()
        folded = [normalise(w).strip(_EDGE) for w in words]
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(wanted)
        for size in {max(1, min(n, len(words))) for n in range(len(wanted) - 1, len(wanted) + 3)}:
            for start in range(0, max(1, len(words) - size + 1)):
                matcher.set_seq1(folded[start : start + size])
                if best is not None and matcher.real_quick_ratio() <= best[0]:
                    continue
                score = matcher.ratio()
                if best is None or score > best[0]:
                    best = (score, " ".join(words[start : start + size]), excerpt)
    return None if best is None else (best[1], best[2])


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def check_quotation(quotation: Quotation, store: Mapping[str, Sequence[Excerpt]]) -> str | None:
    """Why the quotation fails (a message), or None when it occurs in an excerpt."""
    shown = _short(quotation.display)
    if not quotation.keys:
        return f'quotation "{shown}" cites no source that could be checked'
    pieces = parts(quotation.text)
    excerpts = [e for key in quotation.keys for e in store.get(key, ()) if e.text.strip()]
    if not excerpts:
        keys = ", ".join(quotation.keys)
        return f'no excerpt of {keys} in the store for the quotation "{shown}"'
    if any(occurs(pieces, segments(e.text)) for e in excerpts):
        return None
    keys = ", ".join(quotation.keys)
    message = f'quotation not verbatim in the excerpts of {keys}: "{shown}"'
    closest = _closest(pieces, excerpts)
    if closest is not None:
        where = f"{closest[1].key}, {closest[1].locator}" if closest[1].locator else closest[1].key
        message += f'; closest ({where}): "{_short(closest[0], 120)}"'
    return message


def check_note(
    text: str,
    store: Mapping[str, Sequence[Excerpt]],
    md: MarkdownIt,
    references: Mapping[str, str] | None = None,
    *,
    references_note: str = "References",
) -> tuple[int, list[Failure]]:
    """(number of quotations, failures) for one note."""
    quotations = find_quotations(text, md, references, references_note=references_note)
    failures = [
        Failure(q.line, message)
        for q in quotations
        if (message := check_quotation(q, store)) is not None
    ]
    return len(quotations), failures


# --- refresh (network) ------------------------------------------------------------------


class _Text(HTMLParser):
    """Visible text of an HTML page: no scripts, styles or markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "noscript", "template"):
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "noscript", "template") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def page_text(html: str) -> str:
    """The text of an HTML page, as a reader sees it (tags dropped, entities decoded)."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return " ".join(parser.parts)


def _fetch(url: str, timeout: float) -> tuple[str, str]:
    """(content type, body) of a URL."""
    request = urllib.request.Request(url, headers={"User-Agent": "wikilink-ext-quotes/1"})
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        kind = answer.headers.get_content_type()
        charset = answer.headers.get_content_charset() or "utf-8"
        return kind, answer.read().decode(charset, errors="replace")


def refresh(
    store: Mapping[str, Sequence[Excerpt]],
    fetch: Callable[[str, float], tuple[str, str]] = _fetch,
    *,
    timeout: float = 20.0,
) -> list[Failure]:
    """Fetch each excerpt's URL and confirm the stored text still occurs on the page.

    Pages that are not HTML or plain text (PDFs) are reported as not checkable.
    """
    pages: dict[str, str | Exception] = {}
    failures: list[Failure] = []
    for excerpts in store.values():
        for excerpt in excerpts:
            if not excerpt.url or not excerpt.text.strip():
                continue
            if excerpt.url not in pages:
                try:
                    kind, body = fetch(excerpt.url, timeout)
                except (OSError, urllib.error.URLError, ValueError) as error:
                    pages[excerpt.url] = error
                else:
                    if kind == "text/html":
                        pages[excerpt.url] = normalise(page_text(body))
                    elif kind.startswith("text/"):
                        pages[excerpt.url] = normalise(body)
                    else:
                        pages[excerpt.url] = ValueError(f"{kind} is not HTML, check it by hand")
            page = pages[excerpt.url]
            if isinstance(page, Exception):
                failures.append(
                    Failure(excerpt.line, f"{excerpt.key}: could not check {excerpt.url}: {page}")
                )
            elif not occurs(parts(excerpt.text), page):
                failures.append(
                    Failure(
                        excerpt.line,
                        f"{excerpt.key}: excerpt no longer found at {excerpt.url}: "
                        f'"{_short(" ".join(excerpt.text.split()))}"',
                    )
                )
    return failures


# --- command line -----------------------------------------------------------------------


def check_vault(
    root: Path, store: Mapping[str, Sequence[Excerpt]], *, references_note: str = "References"
) -> tuple[int, list[tuple[Path, Failure]]]:
    """(number of quotations, located failures) for every published note of the vault."""
    from ..syntax.markdown import obsidian_parser
    from ..vault.references import parse_reference_list
    from .notes import named, published_notes

    md = obsidian_parser()
    notes = published_notes(root)
    references_source = named(notes, references_note)
    references = parse_reference_list(references_source.text, md).keys if references_source else {}
    total = 0
    failures: list[tuple[Path, Failure]] = []
    for note in notes:
        count, found = check_note(note.text, store, md, references, references_note=references_note)
        total += count
        failures.extend((note.path, failure) for failure in found)
    return total, failures


def main(argv: Sequence[str] | None = None) -> int:
    """Check every quotation of a vault; exit status 1 if one fails."""
    parser = argparse.ArgumentParser(
        prog="python -m wikilink_ext.bib.quotes",
        description="Check every quotation of an Obsidian vault against stored excerpts.",
    )
    parser.add_argument("vault", type=Path, help="the vault's folder")
    parser.add_argument(
        "--store", type=Path, default=Path("refs.excerpts.yaml"), help="the excerpt store"
    )
    parser.add_argument(
        "--references-note",
        default="References",
        metavar="NAME",
        help="the note whose ^block ids name citation keys (default: References)",
    )
    parser.add_argument(
        "--refresh",
        action="store_true",
        help="also fetch each excerpt's url and confirm the stored text is still there "
        "(needs the network)",
    )
    args = parser.parse_args(argv)
    store_path: Path = args.store
    try:
        text = store_path.read_text(encoding="utf-8") if store_path.exists() else ""
        store = load_store(text)
    except ValueError as error:
        print(f"{store_path}:{error}")
        return 1
    problems = 0
    if not store_path.exists():
        print(f"{store_path}: no excerpt store (every quotation will fail)")
    if args.refresh:
        stale = refresh(store)
        for failure in stale:
            print(f"{store_path}:{failure.line}: {failure.message}")
        problems += len(stale)
        checked = sum(1 for items in store.values() for e in items if e.url and e.text.strip())
        print(f"{store_path}: {checked - len(stale)} of {checked} excerpts confirmed at their url")
    total, failures = check_vault(args.vault, store, references_note=args.references_note)
    for path, failure in failures:
        print(f"{path}:{failure.line}: {failure.message}")
    problems += len(failures)
    today = datetime.date.today().isoformat()
    print(
        f"{args.vault}: {total - len(failures)} of {total} quotations verified against "
        f"{sum(len(v) for v in store.values())} excerpts ({today})"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
