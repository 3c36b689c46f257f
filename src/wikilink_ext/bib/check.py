"""Offline checks of a BibTeX file, reported as ``FILE:LINE: message``.

The build (sphinxcontrib-bibtex, through pybtex) forgives a lot and the reader pays: a
missing journal, a DOI pasted as a URL, a typo in an arXiv id, the same paper twice under
two keys. These checks need no network, so they can run in CI and in a pre-commit hook::

    python -m wikilink_ext.bib.check refs.bib [--cited-from DIR] [--store refs.excerpts.yaml]

Besides the form of each entry it checks what can be checked of the works offline: that an
arXiv DOI (10.48550/arXiv.X) and the eprint name the same paper, that accents are written
one way (Unicode or braced TeX) throughout, that acronyms in titles are braced, and, where
the excerpt store holds a work's own "Please cite as" record, that the author list follows it.

pybtex decides what parses; a small scanner of our own finds the line of each entry and
field, which pybtex does not keep.
"""

from __future__ import annotations

import argparse
import bisect
import datetime
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from pybtex.bibtex.utils import split_name_list
from pybtex.database import BibliographyDataError, InvalidNameString, Person
from pybtex.database.input.bibtex import Parser
from pybtex.errors import capture
from pybtex.exceptions import PybtexError
from pybtex.scanner import PrematureEOF

from ..syntax.citations import citation_plugin

__all__ = ["Problem", "check_bib", "collect_cited_keys", "main"]


@dataclass(frozen=True)
class Problem:
    """One finding, at the line of the entry or of the offending field."""

    line: int
    message: str


# --- a scanner that keeps line numbers -------------------------------------------------


@dataclass(frozen=True)
class _Field:
    name: str
    """Lowercase, as BibTeX compares field names."""
    value: str
    """Macros expanded, parts joined, whitespace normalised (as pybtex does)."""
    line: int


@dataclass(frozen=True)
class _Entry:
    type: str
    """Lowercase."""
    key: str
    line: int
    fields: tuple[_Field, ...]

    def get(self, name: str) -> _Field | None:
        """The first field of that name (pybtex keeps the first and drops repeats)."""
        return next((field for field in self.fields if field.name == name), None)

    def value(self, name: str) -> str:
        field = self.get(name)
        return field.value if field else ""


_NAME = re.compile(r"[A-Za-z@!$&*+\-./:;<>?\[\\\]^_`|~\x7f][\w@!$&*+\-./:;<>?\[\\\]^`|~\x7f]*")
_KEY_BRACE = re.compile(r"[^\s,}]+")
_KEY_PAREN = re.compile(r"[^\s,]+")
_NUMBER = re.compile(r"\d+")
_SPACE = re.compile(r"\s*")
_MONTHS = dict(
    zip(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        (
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ),
        strict=True,
    )
)
"""BibTeX's predefined month macros, as pybtex expands them."""


def _skip(text: str, pos: int) -> int:
    return _SPACE.match(text, pos).end()  # type: ignore[union-attr]  # \s* always matches


def _delimited(text: str, pos: int, closer: str) -> tuple[str, int] | None:
    """Read ``{...}`` or ``"..."`` starting just after the opener; braces must balance."""
    depth = 0
    for end in range(pos, len(text)):
        char = text[end]
        if char == "{":
            depth += 1
        elif char == "}" and depth > 0:
            depth -= 1
        elif char == closer and depth == 0:
            return text[pos:end], end + 1
    return None


def _value(text: str, pos: int, macros: dict[str, str]) -> tuple[str, int] | None:
    """Read ``part # part ...``: braced, quoted, a number or a macro name."""
    parts: list[str] = []
    while True:
        pos = _skip(text, pos)
        char = text[pos : pos + 1]
        part: tuple[str, int] | None
        if char in ("{", '"'):
            part = _delimited(text, pos + 1, "}" if char == "{" else '"')
        elif match := _NUMBER.match(text, pos) or _NAME.match(text, pos):
            word = match.group()
            part = (word if word.isdigit() else macros.get(word.lower(), ""), match.end())
        else:
            part = None
        if part is None:
            return None
        parts.append(part[0])
        pos = _skip(text, part[1])
        if not text.startswith("#", pos):
            return " ".join("".join(parts).split()), pos
        pos += 1


def _fields(
    text: str, pos: int, closer: str, macros: dict[str, str], lines: Callable[[int], int]
) -> tuple[list[_Field], int] | None:
    fields: list[_Field] = []
    while True:
        pos = _skip(text, pos)
        name = _NAME.match(text, pos)
        if name is not None:
            pos = _skip(text, name.end())
            if not text.startswith("=", pos):
                return None
            value = _value(text, pos + 1, macros)
            if value is None:
                return None
            fields.append(_Field(name.group().lower(), value[0], lines(name.start())))
            pos = _skip(text, value[1])
        if text.startswith(",", pos):
            pos += 1
            continue
        if text.startswith(closer, pos):
            return fields, pos + 1
        return None


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _scan(text: str) -> list[_Entry]:
    """Entries as pybtex reads them, with lines; what pybtex cannot read is skipped here."""
    starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def lines(pos: int) -> int:
        return bisect.bisect_right(starts, pos)

    macros = dict(_MONTHS)
    entries: list[_Entry] = []
    pos = text.find("@")
    while pos >= 0:
        at = pos
        pos = text.find("@", pos + 1)
        kind = _NAME.match(text, _skip(text, at + 1))
        if kind is None:
            continue
        opener_at = _skip(text, kind.end())
        opener = text[opener_at : opener_at + 1]
        if opener not in ("{", "("):
            continue
        closer = "}" if opener == "{" else ")"
        body = _skip(text, opener_at + 1)
        command = kind.group().lower()
        if command == "comment":
            continue
        if command == "preamble":
            value = _value(text, body, macros)
            if value is not None:
                pos = text.find("@", value[1])
            continue
        if command == "string":
            found = _fields(text, body, closer, macros, lines)
            if found is not None:
                for field in found[0]:
                    macros[field.name] = field.value
                pos = text.find("@", found[1])
            continue
        key = (_KEY_BRACE if closer == "}" else _KEY_PAREN).match(text, body)
        if key is None:
            continue
        found = _fields(text, key.end(), closer, macros, lines)
        if found is None:
            continue
        entries.append(_Entry(command, key.group(), lines(at), tuple(found[0])))
        pos = text.find("@", found[1])
    return entries


# --- the rules --------------------------------------------------------------------------

_Required = tuple[tuple[str, ...], ...]
_MISC: _Required = (("author", "title"), ("year",))
_REQUIRED: dict[str, _Required] = {
    "article": (("author",), ("title",), ("journal",), ("year",)),
    "book": (("author", "editor"), ("title",), ("publisher",), ("year",)),
    "booklet": (("title",),),
    "inbook": (("author", "editor"), ("title",), ("chapter", "pages"), ("publisher",), ("year",)),
    "incollection": (("author",), ("title",), ("booktitle",), ("publisher",), ("year",)),
    "inproceedings": (("author",), ("title",), ("booktitle",), ("year",)),
    "conference": (("author",), ("title",), ("booktitle",), ("year",)),
    "manual": (("title",),),
    "mastersthesis": (("author",), ("title",), ("school",), ("year",)),
    "phdthesis": (("author",), ("title",), ("school",), ("year",)),
    "proceedings": (("title",), ("year",)),
    "techreport": (("author",), ("title",), ("institution",), ("year",)),
    "unpublished": (("author",), ("title",), ("note",)),
    "misc": _MISC,
    # pybtex's styles format these like @misc
    "online": _MISC,
    "software": _MISC,
    "dataset": _MISC,
    "patent": _MISC,
}
"""Per entry type, groups of fields of which one must be present (BibTeX's standard styles)."""

_YEAR = re.compile(r"\d{4}")
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_DOI_PREFIX = re.compile(r"(?i)(https?://)?(dx\.)?doi\.org/|doi:\s*")
_ARXIV = re.compile(r"\d{4}\.\d{4,5}(v\d+)?|[a-z\-]+(\.[A-Z]{2})?/\d{7}(v\d+)?")
_ARXIV_URL = re.compile(r"(?i)https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/(.+?)(?:\.pdf)?/?")
_URL = re.compile(r"https?://\S+")
_PERSONS = ("author", "editor")


def _is_url_field(name: str) -> bool:
    return name == "url" or (name.endswith("url") and name != "urldate")


def _normal_title(title: str) -> str:
    """Lowercase, without braces, punctuation or whitespace: ``{GPT}-2`` == ``gpt 2``."""
    return re.sub(r"[\W_]+", "", title.lower())


def _arxiv_ids(entry: _Entry) -> list[tuple[_Field, str]]:
    """The arXiv ids an entry states: its eprint (if the archive is arXiv) and arXiv URLs."""
    found: list[tuple[_Field, str]] = []
    archive = (entry.value("archiveprefix") or entry.value("eprinttype")).lower()
    eprint = entry.get("eprint")
    if eprint is not None and archive == "arxiv":
        found.append((eprint, eprint.value))
    for field in entry.fields:
        match = _ARXIV_URL.fullmatch(field.value) if _is_url_field(field.name) else None
        if match:
            found.append((field, match.group(1)))
    return found


def _field_problems(entry: _Entry, current_year: int) -> list[Problem]:
    key = entry.key
    problems: list[Problem] = []
    seen: dict[str, _Field] = {}
    for field in entry.fields:
        if field.name in seen:
            first = seen[field.name].line
            problems.append(
                Problem(field.line, f"{key}: field '{field.name}' repeated (first on line {first})")
            )
            continue
        seen[field.name] = field
        value = field.value
        if not value:
            continue  # an empty field is a missing one, reported as such if required
        if field.name == "year" and not (
            _YEAR.fullmatch(value) and 1900 <= int(value) <= current_year + 1
        ):
            problems.append(
                Problem(
                    field.line,
                    f"{key}: year '{value}' is not a 4-digit year "
                    f"between 1900 and {current_year + 1}",
                )
            )
        elif field.name == "doi":
            if _DOI_PREFIX.match(value):
                bare = _DOI_PREFIX.sub("", value, count=1)
                message = f"{key}: doi '{value}' has a resolver prefix; write '{bare}'"
                problems.append(Problem(field.line, message))
            elif not _DOI.fullmatch(value):
                problems.append(
                    Problem(field.line, f"{key}: doi '{value}' does not look like 10.NNNN/suffix")
                )
        elif _is_url_field(field.name) and not _URL.fullmatch(value):
            problems.append(
                Problem(
                    field.line,
                    f"{key}: {field.name} '{value}' does not start with http:// or https://",
                )
            )
        elif field.name in _PERSONS:
            problems.extend(Problem(field.line, f"{key}: {error}") for error in _name_errors(value))
    for field, arxiv_id in _arxiv_ids(entry):
        if not _ARXIV.fullmatch(arxiv_id):
            problems.append(
                Problem(
                    field.line,
                    f"{key}: arXiv id '{arxiv_id}' is neither NNNN.NNNNN[vN] nor archive/NNNNNNN",
                )
            )
    return problems


def _name_errors(value: str) -> list[str]:
    """What pybtex says of a name list (``Too many commas``), so that it gets a line."""
    with capture() as errors:
        for name in split_name_list(value):
            Person(name)
    return [str(error) for error in errors]


def _entry_problems(entry: _Entry, parent: _Entry | None, current_year: int) -> list[Problem]:
    """Required fields and links; ``parent`` is the ``crossref`` entry fields are inherited from."""
    key = entry.key
    problems: list[Problem] = []
    required = _REQUIRED.get(entry.type)
    if required is None:
        problems.append(Problem(entry.line, f"{key}: unknown entry type @{entry.type}"))
        required = ()

    def has(name: str) -> bool:
        return bool(entry.value(name) or (parent is not None and parent.value(name)))

    for group in required:
        if not any(has(name) for name in group):
            names = " or ".join(f"'{name}'" for name in group)
            problems.append(Problem(entry.line, f"{key}: @{entry.type} needs field {names}"))
    if not any(entry.value(name) for name in ("url", "doi", "eprint")):
        problems.append(Problem(entry.line, f"{key}: no url, doi or eprint"))
    problems.extend(_field_problems(entry, current_year))
    return problems


def _identities(entry: _Entry) -> list[tuple[str, str]]:
    """What makes two entries the same work: (kind, normalised value) pairs."""
    found: list[tuple[str, str]] = []
    doi = entry.value("doi")
    if _DOI.fullmatch(doi):
        found.append(("DOI", doi.lower()))
    for _field, arxiv_id in _arxiv_ids(entry):
        if _ARXIV.fullmatch(arxiv_id):
            found.append(("arXiv id", re.sub(r"v\d+$", "", arxiv_id)))
            break
    title = _normal_title(entry.value("title"))
    if title:
        found.append(("title", title))
    return found


def _duplicate_problems(entries: Sequence[_Entry]) -> list[Problem]:
    problems: list[Problem] = []
    keys: dict[str, _Entry] = {}
    works: dict[tuple[str, str], _Entry] = {}
    for entry in entries:
        first = keys.get(entry.key.lower())
        if first is not None:
            problems.append(
                Problem(
                    entry.line,
                    f"{entry.key}: key already used on line {first.line} "
                    "(BibTeX keys are case-insensitive)",
                )
            )
            continue
        keys[entry.key.lower()] = entry
        reported: set[str] = set()
        for identity in _identities(entry):
            other = works.setdefault(identity, entry)
            if other is not entry and other.key not in reported:
                reported.add(other.key)
                problems.append(
                    Problem(
                        entry.line,
                        f"{entry.key}: same {identity[0]} as '{other.key}' (line {other.line})",
                    )
                )
    return problems


# --- the works themselves: identifiers, accents, title case, "Please cite as" -----------

_ARXIV_DOI = re.compile(r"(?i)10\.48550/arxiv\.(.+)")


def _arxiv_doi_problems(entry: _Entry) -> list[Problem]:
    """A DOI 10.48550/arXiv.X (arXiv's own DOI) must name the same paper as the eprint."""
    doi = entry.get("doi")
    match = _ARXIV_DOI.fullmatch(doi.value) if doi is not None else None
    if doi is None or match is None:
        return []
    named = re.sub(r"v\d+$", "", match.group(1))
    problems = []
    for field, arxiv_id in _arxiv_ids(entry):
        if re.sub(r"v\d+$", "", arxiv_id) != named:
            problems.append(
                Problem(
                    field.line,
                    f"{entry.key}: {field.name} names arXiv {arxiv_id} but the DOI "
                    f"'{doi.value}' names arXiv {named}: two different works",
                )
            )
    return problems


_TEX_ACCENT = re.compile(
    r"\\[`'^\"~=.](?:\s*\{\s*\\?\w\s*\}|\s*\\?[A-Za-z])"
    r"|\\[uvHckbdrt](?![A-Za-z])(?:\s*\{\s*\\?\w\s*\}|\s+\\?[A-Za-z])"
)
r"""``\'e``, ``\"{o}``, ``\v c``, ``\'\i``: a TeX accent command and its letter."""
_UNICODE_ACCENT = re.compile(r"[^\x00-\x7f]")
_ACCENT_FIELDS = ("author", "editor", "title", "booktitle", "journal", "publisher", "school")


def _braced(text: str, start: int) -> bool:
    """Whether ``text[start]`` sits inside a brace group."""
    depth = 0
    for char in text[:start]:
        depth += {"{": 1, "}": -1}.get(char, 0)
    return depth > 0


def _accent_problems(entries: Sequence[_Entry]) -> list[Problem]:
    r"""Accents one way throughout (the file's majority: Unicode letters or TeX commands),
    and a TeX accent braced (``{\'e}``), so that sorting and case changes keep it whole."""
    found: list[tuple[_Entry, _Field, str, str]] = []  # (entry, field, style, example)
    problems: list[Problem] = []
    for entry in entries:
        for field in entry.fields:
            if field.name not in _ACCENT_FIELDS:
                continue
            for match in _TEX_ACCENT.finditer(field.value):
                found.append((entry, field, "TeX", match.group()))
                if not _braced(field.value, match.start()):
                    problems.append(
                        Problem(
                            field.line,
                            f"{entry.key}: accent '{match.group()}' in {field.name} is not "
                            "braced; write {" + match.group() + "}",
                        )
                    )
            for match in _UNICODE_ACCENT.finditer(field.value):
                found.append((entry, field, "Unicode", match.group()))
    styles = [style for _e, _f, style, _x in found]
    if len(set(styles)) < 2:
        return problems
    majority = max(("Unicode", "TeX"), key=lambda style: (styles.count(style), style == "Unicode"))
    first = next(example for _e, _f, style, example in found if style == majority)
    reported: set[tuple[str, str]] = set()
    for entry, field, style, example in found:
        if style != majority and (entry.key, field.name) not in reported:
            reported.add((entry.key, field.name))
            problems.append(
                Problem(
                    field.line,
                    f"{entry.key}: {field.name} writes an accent as {style} ('{example}') "
                    f"but the file writes accents as {majority} ('{first}'); use one way",
                )
            )
    return problems


_CASE_FIELDS = ("title", "booktitle")
_WORD = re.compile(r"[^\s{}]+")


def _title_case_problems(entry: _Entry) -> list[Problem]:
    """Acronyms and words with inner capitals (GPT-2, TCAV, InceptionV1) braced in titles,
    or styles that lowercase titles print them as "gpt-2"."""
    problems = []
    for name in _CASE_FIELDS:
        field = entry.get(name)
        if field is None:
            continue
        value = field.value
        unbraced = [
            match.group()
            for match in _WORD.finditer(value)
            if not _braced(value, match.start())
            and not match.group().startswith("\\")
            and any(char.isupper() for char in match.group()[1:])
        ]
        if unbraced:
            words = ", ".join(f"'{word}'" for word in dict.fromkeys(unbraced))
            braced = ", ".join("{" + word.strip(":,.;()") + "}" for word in dict.fromkeys(unbraced))
            problems.append(
                Problem(
                    field.line,
                    f"{entry.key}: {name} has {words} without braces; a style that changes "
                    f"the case of titles would lowercase it: write {braced}",
                )
            )
    return problems


def _person_names(value: str) -> list[tuple[str, str]]:
    """(last names, first initials) per person, LaTeX decoded, case folded."""
    import codecs

    import latexcodec  # noqa: F401  (registers the "ulatex" codec; pybtex depends on it)

    people: list[tuple[str, str]] = []
    for name in split_name_list(value):
        with capture():
            person = Person(name)
        last: str = codecs.decode(  # type: ignore[call-overload]
            " ".join(person.prelast_names + person.last_names), "ulatex"
        )
        first: str = codecs.decode(  # type: ignore[call-overload]
            " ".join(person.first_names + person.middle_names), "ulatex"
        )
        initials = "".join(part[0] for part in re.findall(r"\w+", first))
        people.append(
            (
                unicodedata.normalize("NFC", last.replace("{", "").replace("}", "")).casefold(),
                initials.casefold(),
            )
        )
    return people


def _cite_as_problems(entry: _Entry, cite_as: str) -> list[Problem]:
    """The author list as the work asks to be cited (its own "Please cite as" BibTeX).

    A difference is accepted when the entry's ``note`` says why (it mentions "cite as").
    """
    theirs = next(iter(_scan(cite_as)), None)
    ours = entry.get("author")
    if theirs is None or ours is None or not theirs.value("author"):
        return []
    if "cite as" in entry.value("note").lower():
        return []
    mine, wanted = _person_names(ours.value), _person_names(theirs.value("author"))
    if mine == wanted:
        return []
    if len(mine) != len(wanted):
        detail = f"{len(mine)} names where the work's 'Please cite as' has {len(wanted)}"
    else:
        index = next(i for i, (a, b) in enumerate(zip(mine, wanted, strict=True)) if a != b)
        detail = (
            f"name {index + 1} is '{mine[index][0]}' where the work's 'Please cite as' "
            f"has '{wanted[index][0]}'"
        )
    return [
        Problem(
            ours.line,
            f"{entry.key}: author list differs from the work's own: {detail} "
            "(follow it, or say why in a note that mentions 'cite as')",
        )
    ]


def _pybtex_problems(text: str) -> list[Problem]:
    """What pybtex cannot parse: the build would drop or mangle these entries."""
    problems: list[Problem] = []
    with capture() as errors:
        try:
            Parser().parse_string(text)
        except PybtexError as raised:  # pragma: no cover - capture() collects them all
            errors.append(raised)
    for error in errors:
        if isinstance(error, BibliographyDataError | InvalidNameString):
            continue  # duplicates and names are reported with their lines by the scanner
        line = getattr(error, "lineno", None) or 1
        message = re.sub(r" in line \d+", "", str(error), count=1)
        if isinstance(error, PrematureEOF):
            # the end of the file says nothing: point at the entry left open
            line = _line_of(text, error.error_context_info[0])
            message = "syntax error: entry not closed before the end of the file"
        problems.append(Problem(line, message))
    return problems


def check_bib(
    text: str,
    cited: set[str] | None = None,
    *,
    current_year: int | None = None,
    cite_as: Mapping[str, str] | None = None,
) -> list[Problem]:
    """All problems of a BibTeX file, sorted by line.

    ``cited``: the keys the book cites (compared case-insensitively, as BibTeX does); when
    given, an entry nothing cites is a problem. ``current_year`` defaults to today's.
    ``cite_as``: key → the work's own "Please cite as" BibTeX record (from the excerpt
    store), whose author list the entry must follow.
    """
    year = datetime.date.today().year if current_year is None else current_year
    entries = _scan(text)
    problems = _pybtex_problems(text)
    by_key = {entry.key.lower(): entry for entry in reversed(entries)}
    for entry in entries:
        parent = by_key.get(entry.value("crossref").lower())
        problems.extend(_entry_problems(entry, parent, year))
        problems.extend(_arxiv_doi_problems(entry))
        problems.extend(_title_case_problems(entry))
        if cite_as and entry.key in cite_as:
            problems.extend(_cite_as_problems(entry, cite_as[entry.key]))
    problems.extend(_accent_problems(entries))
    problems.extend(_duplicate_problems(entries))
    if cited is not None:
        wanted = {key.lower() for key in cited}
        problems.extend(
            Problem(entry.line, f"{entry.key}: not cited anywhere")
            for entry in entries
            if entry.key.lower() not in wanted
        )
    return sorted(problems, key=lambda problem: problem.line)


# --- cited keys -------------------------------------------------------------------------

_WIKI_CITE = re.compile(r"\[\[@([^\[\]|#^]+?)\s*(?:[|#^][^\[\]]*)?\]\]")
"""``[[@key]]``, ``[[@key|text]]``, ``[[@key#Heading]]``: links to literature notes."""


def _markdown() -> MarkdownIt:
    return (
        MarkdownIt("commonmark")
        .use(front_matter_plugin)
        .use(footnote_plugin)
        .use(dollarmath_plugin)
        .use(citation_plugin)
    )


def _token_keys(tokens: Sequence[Token]) -> set[str]:
    keys: set[str] = set()
    text: list[str] = []
    for token in [*tokens, Token("end", "", 0)]:
        if token.type == "text":
            text.append(token.content)
            continue
        keys.update(match.group(1) for match in _WIKI_CITE.finditer("".join(text)))
        text.clear()
        if token.type == "citation":
            keys.update(token.meta["citation"].keys)
        if token.children:
            keys |= _token_keys(token.children)
    return keys


def collect_cited_keys(
    texts: Iterable[str],
    extra: Callable[[str], set[str]] | None = None,
    *,
    md: MarkdownIt | None = None,
) -> set[str]:
    """Keys cited by Markdown documents: pandoc citations and ``[[@key]]`` wikilinks.

    Parsed with markdown-it, so code, math and front matter cite nothing. ``extra`` gets each
    document's source and returns more keys (e.g. from a wikilink parser); ``md`` replaces
    the default parser (it must use :func:`citation_plugin`).
    """
    parser = _markdown() if md is None else md
    keys: set[str] = set()
    for text in texts:
        keys |= _token_keys(parser.parse(text))
        if extra is not None:
            keys |= extra(text)
    return keys


# --- command line -----------------------------------------------------------------------


def _reference_links(text: str, name: str) -> Callable[[str], set[str]]:
    """Keys cited by ``[[References#^id]]`` links, read with the vault's own parser."""
    from ..syntax.markdown import obsidian_parser
    from ..vault.references import parse_reference_list

    md = obsidian_parser()
    by_block = parse_reference_list(text, md).keys

    def keys(text: str) -> set[str]:
        found: set[str] = set()
        stack = list(md.parse(text))
        while stack:
            token = stack.pop()
            stack.extend(token.children or [])
            if token.type != "wikilink_open":
                continue
            target = token.meta["target"]
            named = target.path.rsplit("/", 1)[-1].casefold() == name.casefold()
            if target.block and named and target.block in by_block:
                found.add(by_block[target.block])
        return found

    return keys


def _count(number: int, noun: str) -> str:
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{number} {noun if number == 1 else plural}"


def main(argv: Sequence[str] | None = None) -> int:
    """Check a BibTeX file; exit status 1 if there are problems."""
    parser = argparse.ArgumentParser(
        prog="python -m wikilink_ext.bib.check", description="Check a BibTeX file offline."
    )
    parser.add_argument("bib", type=Path, help="the .bib file")
    parser.add_argument(
        "--cited-from",
        type=Path,
        metavar="DIR",
        help="also report entries that no published note of the vault DIR cites (its conf.py's "
        "wikilink_ignore and exclude_patterns apply, as in the build)",
    )
    parser.add_argument(
        "--references-note",
        default="References",
        metavar="NAME",
        help="the note that lists the keys with block ids; it does not count as citing them, "
        "but a [[NAME#^id]] link elsewhere cites that item's key (default: References)",
    )
    parser.add_argument(
        "--store",
        type=Path,
        metavar="YAML",
        help="the excerpt store (refs.excerpts.yaml): an item's cite_as, the work's own "
        "'Please cite as' BibTeX, is the author list the entry must follow",
    )
    args = parser.parse_args(argv)
    bib: Path = args.bib
    cite_as: dict[str, str] = {}
    if args.store is not None and args.store.exists():
        from .quotes import load_store

        try:
            store = load_store(args.store.read_text(encoding="utf-8"))
        except ValueError as error:
            print(f"{args.store}:{error}")
            return 1
        cite_as = {
            key: item.cite_as for key, items in store.items() for item in items if item.cite_as
        }
    try:
        raw = bib.read_bytes()
        text = raw.decode("utf-8-sig")
    except OSError as error:
        print(f"{bib}:1: cannot be read ({error.strerror})")
        return 1
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        print(f"{bib}:{line}: not UTF-8 (byte {error.start}); save the file as UTF-8")
        return 1
    cited: set[str] | None = None
    summary = ""
    if args.cited_from is not None:
        from .notes import named, published_notes

        notes = published_notes(args.cited_from)
        references = named(notes, args.references_note)
        citing = [note for note in notes if note is not references]
        extra = None
        if references is not None:
            extra = _reference_links(references.text, args.references_note)
        cited = collect_cited_keys((note.text for note in citing), extra)
        summary = f", all cited from {_count(len(notes), 'published note')}"
    problems = check_bib(text, cited, cite_as=cite_as)
    for problem in problems:
        print(f"{bib}:{problem.line}: {problem.message}")
    if problems:
        return 1
    print(f"{bib}: OK, {_count(len(_scan(text)), 'entry')}{summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
