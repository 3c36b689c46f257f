"""Search of a big site: past ``wikilink_search_shard_size`` pages, Pagefind indexes the site
in parts, one run each, so that its memory is bounded (issue 18: 2.5 GB for one index of
17,000 notes). Every page is in exactly one part, and the parts together hold what one
index would; the browser test in ``browser/test_search.py`` searches across them."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from wikilink_ext.pages.search import pagefind_available

pytestmark = pytest.mark.skipif(not pagefind_available(), reason="needs the pagefind package")

NOTES = {
    "index": "# Home\n\n- [[Alpha]]\n- [[Beta]]\n- [[Gamma]]\n- [[Delta]]\n- [[Epsilon]]\n",
    "Alpha": "# Alpha\n\nThe lantern word, and alphaword.\n\n"
    "From https://example.org/?utm_source=letter&utm_medium=mail&utm_campaign=" + "x" * 60 + "\n",
    "Beta": "# Beta\n\nThe lantern word, and betaword.\n",
    "Gamma": "# Gamma\n\nThe lantern word, and gammaword.\n",
    "sub/Delta": "# Delta\n\nThe lantern word, and deltaword.\n",
    "sub/Epsilon": "# Epsilon\n\nThe lantern word, and epsilonword.\n",
}


def make_vault(root: Path, shard_size: int | None) -> Path:
    """The vault of :data:`NOTES`; ``shard_size`` None leaves the option at its default."""
    source = root / "vault"
    source.mkdir(parents=True, exist_ok=True)
    conf = 'extensions = ["wikilink_ext"]\nhtml_theme = "sphinx_book_theme"\n'
    if shard_size is not None:
        conf += f"wikilink_search_shard_size = {shard_size}\n"
    (source / "conf.py").write_text(conf, encoding="utf-8")
    for name, text in NOTES.items():
        path = source / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return source


def build(source: Path, out: Path) -> None:
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(source), str(out)]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr


def part_urls(bundle: Path) -> list[str]:
    """The URLs of the pages one bundle indexes, read from its fragments (gzip, a signature,
    then the page's JSON)."""
    urls = []
    for fragment in sorted((bundle / "fragment").iterdir()):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        urls.append(json.loads(data[len(b"pagefind_dcd") :])["url"])
    return urls


def parts_of(out: Path) -> list[Path]:
    bundle = out / "_pagefind"
    listed = json.loads((bundle / "wikilink-shards.json").read_text(encoding="utf-8"))
    return [bundle, *(bundle / name for name in listed)]


def test_a_big_site_is_indexed_in_parts_that_hold_every_page_once(tmp_path: Path) -> None:
    whole, split = tmp_path / "whole", tmp_path / "split"
    build(make_vault(tmp_path / "a", None), whole)
    build(make_vault(tmp_path / "b", 2), split)

    one = parts_of(whole)
    assert one == [whole / "_pagefind"]  # within the size: one index, as before
    expected = sorted(part_urls(one[0]))
    assert len(expected) == len(NOTES)

    parts = parts_of(split)
    assert len(parts) == 3  # six pages, two a part
    per_part = [part_urls(part) for part in parts]
    assert all(len(urls) == 2 for urls in per_part)
    assert sorted(url for urls in per_part for url in urls) == expected
    for part in parts:
        entry = json.loads((part / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert sum(lang["page_count"] for lang in entry["languages"].values()) == 2
    # nothing of the indexing is left in the site
    assert not (split / ".wikilink-pagefind-part").exists()
    assert not (split / "_pagefind.new").exists()


def test_the_next_build_leaves_no_part_behind(tmp_path: Path) -> None:
    """Fewer parts the next time (the size raised, notes removed): the old parts go."""
    out = tmp_path / "html"
    source = make_vault(tmp_path, 2)
    build(source, out)
    assert (out / "_pagefind" / "part-2").is_dir()
    (source / "conf.py").write_text(
        (source / "conf.py").read_text(encoding="utf-8").replace("= 2", "= 4"),
        encoding="utf-8",
    )
    build(source, out)
    assert [p.name for p in parts_of(out)] == ["_pagefind", "part-1"]
    assert not (out / "_pagefind" / "part-2").exists()
    found = [url for part in parts_of(out) for url in part_urls(part)]
    assert len(found) == len(set(found)) == len(NOTES)
