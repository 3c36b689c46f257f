"""Benchmark: plain MyST against MyST + wikilink_ext on a generated vault.

Prints the time of a full build, of a no-change rebuild and of a rebuild after one note
changed, for both, and how many notes each rebuild read and wrote. Not a test: nothing
here asserts a speed; run it with ``nox -s bench`` (``-- --notes 2000`` for a bigger vault).
"""

from __future__ import annotations

import argparse
import posixpath
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from sphinx.application import Sphinx

WORDS = [
    "neuron",
    "feature",
    "circuit",
    "head",
    "attention",
    "residual",
    "stream",
    "superposition",
    "sparse",
    "layer",
]


def make_vault(root: Path, notes: int, links: int, *, wikilinks: bool, seed: int = 0) -> None:
    """The same notes, written with wikilinks or with MyST's own Markdown links."""
    rng = random.Random(seed)
    names = [f"Note {i:05d}" for i in range(notes)]
    folders = ["", "a/", "b/", "a/c/"]
    where = {name: folders[i % len(folders)] for i, name in enumerate(names)}

    def link(source: str, target: str, section: int | None) -> str:
        if wikilinks:
            return (
                f"[[{target}#Section {section}|{target}]]"
                if section is not None
                else f"[[{target}]]"
            )
        path = posixpath.relpath(f"{where[target]}{target}.md", where[source] or ".")
        anchor = f"#section-{section}" if section is not None else ""
        return f"[{target}](<{path}{anchor}>)"

    for i, name in enumerate(names):
        folder = where[name]
        lines = ["---", f"aliases: [Alias {i}]", "tags: [bench]", "---", f"# {name}", ""]
        for section in range(3):
            lines += [f"## Section {section}", ""]
            for _ in range(3):
                words = " ".join(rng.choice(WORDS) for _ in range(40))
                targets = rng.sample(names, k=max(1, links // 9))
                links_text = " ".join(
                    link(name, t, rng.randrange(3) if rng.random() < 0.3 else None) for t in targets
                )
                lines += [f"{words} {links_text} ^b{section}{rng.randrange(10**6)}", ""]
            lines += ["> [!note] A callout", f"> With ==highlight== and #tag{section}.", ""]
        path = root / f"{folder}{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines), encoding="utf-8")
    index = ["# Index", ""] + [f"- [[{n}]]" for n in names]
    if not wikilinks:
        index = ["# Index", "", "```{toctree}", *[f"{where[n]}{n}" for n in names], "```"]
    (root / "index.md").write_text("\n".join(index) + "\n", encoding="utf-8")


CONF = {
    "myst": 'extensions = ["myst_parser"]\nhtml_theme = "basic"\nmyst_heading_anchors = 2\n',
    "wikilink_ext": 'extensions = ["wikilink_ext"]\nhtml_theme = "basic"\n',
}


def build(src: Path, out: Path, *, fresh: bool) -> tuple[float, int, int]:
    read: list[str] = []
    written: list[str] = []
    start = time.perf_counter()
    app = Sphinx(
        str(src),
        str(src),
        str(out / "html"),
        str(out / "doctrees"),
        "html",
        freshenv=fresh,
        status=None,
        warning=None,
        parallel=1,
    )
    app.connect("env-before-read-docs", lambda a, e, docs: read.extend(docs))
    app.connect("doctree-resolved", lambda a, d, doc: written.append(doc))
    app.build()
    return time.perf_counter() - start, len(read), len(written)


def run(kind: str, notes: int, links: int, work: Path, repeat: int) -> dict[str, list[float] | int]:
    src = work / kind
    if src.exists():
        shutil.rmtree(src)
    make_vault(src, notes, links, wikilinks=kind == "wikilink_ext")
    (src / "conf.py").write_text(CONF[kind], encoding="utf-8")
    out = work / f"{kind}-out"
    full: list[float] = []
    for _ in range(repeat):
        shutil.rmtree(out, ignore_errors=True)
        full.append(build(src, out, fresh=True)[0])
    noop, noop_read, noop_written = build(src, out, fresh=False)
    note = next(src.rglob("Note 00007.md"))
    time.sleep(0.01)
    note.write_text(note.read_text().replace("## Section 1", "## Section one"), encoding="utf-8")
    one, one_read, one_written = build(src, out, fresh=False)
    return {
        "full": full,
        "noop": [noop],
        "one": [one],
        "noop_read": noop_read,
        "noop_written": noop_written,
        "one_read": one_read,
        "one_written": one_written,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notes", type=int, default=400)
    parser.add_argument("--links", type=int, default=20, help="wikilinks per note")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print(
            f"vault: {args.notes} notes in 4 folders, about {args.links} links each "
            "(Markdown links for plain MyST, wikilinks for wikilink_ext)"
        )
        results = {kind: run(kind, args.notes, args.links, work, args.repeat) for kind in CONF}
    base = statistics.median(results["myst"]["full"])  # type: ignore[arg-type]
    ours = statistics.median(results["wikilink_ext"]["full"])  # type: ignore[arg-type]
    print(
        f"{'':14}{'full build':>12}{'no change':>12}{'one note':>12}   read/written after one edit"
    )
    for kind, r in results.items():
        full = statistics.median(r["full"])  # type: ignore[arg-type]
        print(
            f"{kind:14}{full:11.2f}s{r['noop'][0]:11.2f}s{r['one'][0]:11.2f}s"  # type: ignore[index]
            f"   {r['one_read']}/{r['one_written']}"
        )
    print(f"wikilink_ext overhead on a full build: {100 * (ours - base) / base:+.1f}%")


if __name__ == "__main__":
    main()
