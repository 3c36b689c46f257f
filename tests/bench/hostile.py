"""Benchmark: small hostile inputs must cost work in proportion to their size.

Builds generated vaults at a size n and 2n and prints the CPU time of each and their ratio
(about 2 for linear work; issue 13 saw x2.8 to x4 per doubling): block ids, a References
note listing a large refs.bib, distinct tags (frontmatter and inline), a YAML alias bomb,
and issue 22's links on one line (100,000 took over 300 s) and broken links with ``|``.
Not a test: nothing here asserts a speed; run it with ``nox -s bench`` or
``python tests/bench/hostile.py`` (``--scale 4`` for bigger inputs).
"""

from __future__ import annotations

import argparse
import io
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sphinx.application import Sphinx

CONF = 'extensions = ["wikilink_ext"]\n'


def build(src: Path) -> tuple[float, Path]:
    out = src.parent / (src.name + "-out")
    start = time.process_time()  # CPU time of this process: steadier on a busy machine
    app = Sphinx(
        str(src), str(src), str(out), str(out / ".doctrees"), "html",
        status=io.StringIO(), warning=io.StringIO(), freshenv=True,
    )  # fmt: skip
    app.build()
    return time.process_time() - start, out


def block_ids(root: Path, n: int) -> None:
    root.mkdir()
    (root / "conf.py").write_text(CONF)
    body = "".join(f"paragraph {i} ^b{i}\n\n" for i in range(n))
    (root / "index.md").write_text(f"# Blocks\n\n{body}[[#^b{n - 1}]]\n")


def bibliography(root: Path, n: int) -> None:
    root.mkdir()
    (root / "conf.py").write_text(
        'extensions = ["wikilink_ext", "sphinxcontrib.bibtex"]\nbibtex_bibfiles = ["refs.bib"]\n'
    )
    (root / "refs.bib").write_text(
        "".join(
            f"@misc{{key{i},\n  author = {{Author, A{i}}},\n  title = {{Title {i}}},\n"
            f"  year = {{2020}},\n}}\n\n"
            for i in range(n)
        )
    )
    items = "".join(f"- Author {i}. [@key{i}] ^r{i}\n" for i in range(n))
    (root / "References.md").write_text(f"# References\n\n{items}")
    (root / "index.md").write_text("# Home\n\n- [[References]]\n")


def tags(root: Path, n: int) -> None:
    root.mkdir()
    (root / "conf.py").write_text(CONF)
    listed = ", ".join(f"t{i}" for i in range(n))
    (root / "index.md").write_text(f"---\ntags: [{listed}]\n---\n# Tags\n")


def inline_tags(root: Path, n: int) -> None:
    root.mkdir()
    (root / "conf.py").write_text(CONF)
    line = " ".join(f"#t{i}" for i in range(n))
    (root / "index.md").write_text(f"# Tags\n\n{line}\n")


def links_on_one_line(root: Path, n: int) -> None:
    root.mkdir()
    (root / "conf.py").write_text(CONF)
    for i in range(10):
        (root / f"N{i}.md").write_text(f"# N{i}\n\ntext\n")
    line = " ".join(f"[[N{i % 10}]]" for i in range(n))
    (root / "index.md").write_text(f"# Home\n\n{line}\n")


def broken_links_with_pipes(root: Path, n: int) -> None:
    root.mkdir()
    (root / "conf.py").write_text(CONF)
    line = " and ".join(f"[[gone|a|b|{i}]]" for i in range(n))
    (root / "index.md").write_text(f"# Home\n\n{line}\n")


def alias_bomb(root: Path, n: int) -> None:
    root.mkdir()
    (root / "conf.py").write_text(CONF)
    lines = ["---", "a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, n)]
    lines += [f"aliases: *a{n - 1}", "---", "# Bomb"]
    (root / "Bomb.md").write_text("\n".join(lines) + "\n")
    (root / "index.md").write_text("# Home\n\n- [[Bomb]]\n")


CASES: dict[str, tuple[Callable[[Path, int], None], int]] = {
    "block ids": (block_ids, 10_000),
    "refs.bib entries": (bibliography, 1_000),
    "distinct tags": (tags, 2_000),
    "distinct #tags": (inline_tags, 16_000),
    "links on one line": (links_on_one_line, 50_000),
    "broken links with |": (broken_links_with_pipes, 20_000),
    "alias bomb levels": (alias_bomb, 10),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every size")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="wikilink-hostile-"))
    try:
        print(f"{'case':<20}{'n':>8}{'time n':>10}{'time 2n':>10}{'ratio':>8}")
        for name, (make, size) in CASES.items():
            n = max(2, int(size * args.scale))
            times = []
            for k in (n, 2 * n):
                src = tmp / f"{name.replace(' ', '-')}-{k}"
                make(src, k)
                seconds, out = build(src)
                times.append(seconds)
            pages = len(list((out / "tags").glob("*.html"))) if name == "distinct tags" else None
            extra = f"  ({pages} tag pages at 2n)" if pages is not None else ""
            print(
                f"{name:<20}{n:>8}{times[0]:>9.2f}s{times[1]:>9.2f}s"
                f"{times[1] / times[0]:>8.2f}{extra}"
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
