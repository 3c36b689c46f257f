"""Embeds on hostile vaults: balanced slices, bounded work, readable failures.

Each test writes a small vault, builds it, and checks the warnings and the size of what was
written; none asserts a time (the bounds make the work finite, ``nox -s bench`` times it).
"""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def build(src: Path, files: dict[str, str], **overrides: object) -> tuple[str, str]:
    """Build ``files`` as a vault; return (warnings, index.html without scripts)."""
    src.mkdir(parents=True, exist_ok=True)
    files = {"conf.py": 'extensions = ["wikilink_ext"]\n', **files}
    for name, text in files.items():
        (src / name).write_text(text, encoding="utf-8")
    warning = StringIO()
    app = SphinxTestApp(
        "html", srcdir=src, status=StringIO(), warning=warning, confoverrides=overrides
    )
    try:
        app.build()
    finally:
        app.cleanup()
    html = Path(app.outdir, "index.html").read_text(encoding="utf-8")
    assert len(html) < 3_000_000  # bounded output
    # the page's text, without link-preview data that other features put in scripts
    shown = re.sub(r"<script\b.*?</script>", "", html, flags=re.DOTALL)
    return ANSI.sub("", warning.getvalue()), shown


def test_section_through_a_callout_with_a_heading_does_not_crash(tmp_path: Path) -> None:
    warnings, html = build(
        tmp_path,
        {
            "index.md": "# Home\n\n![[B#Definition]]\n",
            "B.md": "# B\n\n## Definition\n> [!note]\n> # Inner\n> text in the callout\n\n"
            "## Later\n\nnot embedded\n",
        },
    )
    assert warnings == ""
    assert "text in the callout" in html
    assert "not embedded" not in html


def test_fan_out_is_bounded_with_one_located_warning_naming_the_chain(tmp_path: Path) -> None:
    files = {"index.md": "# Home\n\n" + "![[L2]]\n\n" * 10}
    for level in range(2, 9):
        body = "" if level == 8 else f"![[L{level + 1}]]\n\n" * 10
        files[f"L{level}.md"] = f"# L{level}\n\nText of level {level}.\n\n{body}"
    warnings, html = build(tmp_path, files, wikilink_embed_depth=10)
    limit = [line for line in warnings.splitlines() if "wikilink.embed-limit" in line]
    # one per page that embeds more than the bound: index, L2, L3, L4 and L5 (L6 has 110)
    assert len(limit) == 5, warnings
    mine = [line for line in limit if " at index → " in line]
    assert len(mine) == 1
    limit_200 = r"L\d\.md:\d+: WARNING: embed limit reached \(wikilink_embed_max_count=200"
    assert re.search(limit_200, mine[0])
    assert "index → L2 → L3 → L4" in mine[0]
    assert html.count('class="wikilink-embed markdown-embed docutils container"') == 200
    assert len(html) < 2_000_000


def test_two_thousand_section_embeds_of_one_note(tmp_path: Path) -> None:
    sections = "".join(f"## S{n}\n\nSection {n} text.\n\n" for n in range(2000))
    links = "".join(f"![[Big#S{n}]]\n\n" for n in range(2000))
    warnings, html = build(tmp_path, {"index.md": "# Home\n\n" + links, "Big.md": sections})
    assert warnings.count("wikilink.embed-limit") == 1
    assert "Section 199 text." in html and "Section 200 text." not in html
    # the rest stay visible as links, not lost
    assert html.count("wikilink-embed-link") >= 1800


def test_char_bound(tmp_path: Path) -> None:
    big = "word " * 2000 + "\n"
    warnings, html = build(
        tmp_path,
        {"index.md": "# Home\n\n![[Big]]\n\n![[Big]]\n\n![[Big]]\n", "Big.md": big},
        wikilink_embed_max_chars=25_000,
    )
    assert "wikilink_embed_max_chars=25000 characters" in warnings
    assert html.count("word word") > 0
    assert html.count('class="wikilink-embed markdown-embed docutils container"') == 2


def test_unresolved_embeds_are_readable_text(tmp_path: Path) -> None:
    warnings, html = build(
        tmp_path,
        {"index.md": "# Home\n\n![[Missing note]]\n\n![[../outside]]\n"},
    )
    assert "index.md:3: WARNING: no note or file named 'Missing note'" in warnings
    assert "index.md:5: WARNING: embed leaves the source directory" in warnings
    assert "![[" not in html
    assert re.search(r'class="[^"]*wikilink-broken[^"]*"[^>]*>Missing note<', html)
    assert re.search(r'class="[^"]*wikilink-broken[^"]*"[^>]*>\.\./outside<', html)


def test_embedded_block_and_list_do_not_show_their_id(tmp_path: Path) -> None:
    warnings, html = build(
        tmp_path,
        {
            "index.md": "# Home\n\n![[B#^the-list]]\n\n![[B#^the-callout]]\n\n![[B#^item]]\n",
            "B.md": "# B\n\n- one\n- two\n\n^the-list\n\n> [!tip] Tip\n> tip body\n\n"
            "^the-callout\n\n- three ^item\n- four\n",
        },
    )
    assert warnings == ""
    assert "^the-list" not in html and "^the-callout" not in html and "^item" not in html
    assert "two" in html and "tip body" in html and "three" in html
