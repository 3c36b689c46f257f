"""``nox -s linkcheck``, proved offline: a vault whose notes and refs.bib link to a local HTTP
server (200, 301 → 200, 404, an answer slower than the timeout, an allowed redirect),
checked by Sphinx's linkcheck builder; then the refs.bib report of bib/links.py."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from loopback import QuietHandler, serve
from wikilink_ext.bib.links import bib_links, judge, main

SLOW = 3.0
"""Seconds the slow page waits; linkcheck_timeout is far below it."""


class _Handler(QuietHandler):
    def _answer(self, body: bool) -> None:
        path = self.path.split("?")[0]
        if path == "/slow":
            time.sleep(SLOW)
        if path in ("/moved", "/doi/10.1234/abc"):
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status = 404 if path == "/missing" else 200
        payload = b"<html><body>page</body></html>"
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if body:
            self.wfile.write(payload)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)


@pytest.fixture
def server() -> Iterator[str]:
    with serve(_Handler) as url:
        yield url


def _vault(root: Path, base: str) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "conf.py").write_text(
        'extensions = ["wikilink_ext", "sphinxcontrib.bibtex"]\n'
        'bibtex_bibfiles = ["refs.bib"]\n'
        'exclude_patterns = ["_build"]\n',
        encoding="utf-8",
    )
    (root / "refs.bib").write_text(
        "@misc{work2020,\n"
        "  author = {Doe, Jane},\n"
        "  title  = {A Work},\n"
        "  year   = {2020},\n"
        f"  url    = {{{base}/ok?bib}},\n"
        "  doi    = {10.1234/abc},\n"
        "}\n",
        encoding="utf-8",
    )
    (root / "References.md").write_text(
        "# References\n\n- Doe (2020). *A Work*. [@work2020] ^work\n", encoding="utf-8"
    )
    (root / "index.md").write_text(
        "# Links\n\n"
        f"[ok]({base}/ok) and [moved]({base}/moved).\n\n"
        f"[missing]({base}/missing).\n\n"
        f"[slow]({base}/slow).\n\n"
        "A cited work [@work2020].\n",
        encoding="utf-8",
    )


def test_linkcheck_reports_each_status(tmp_path: Path, server: str) -> None:
    src = tmp_path / "vault"
    _vault(src, server)
    app = SphinxTestApp(
        "linkcheck",
        srcdir=src,
        confoverrides={
            "linkcheck_timeout": 0.5,
            "linkcheck_retries": 1,
            "linkcheck_workers": 4,
            # the DOI resolver answers on the network; in the book it is checked, here it is
            # rewritten to the local server, as doi.org → publisher is redirected there
            "linkcheck_allowed_redirects": {f"{server}/doi/.*": f"{server}/ok"},
        },
    )
    app.connect(
        "linkcheck-process-uri",
        lambda _app, uri: uri.replace("https://doi.org/", server + "/doi/"),
    )
    try:
        app.build()
    finally:
        app.cleanup()
    rows = [
        json.loads(line) for line in (Path(app.outdir) / "output.json").read_text().splitlines()
    ]
    status = {row["uri"]: (row["status"], row["filename"], row["lineno"]) for row in rows}
    assert status[f"{server}/ok"] == ("working", "index.md", 3)
    assert status[f"{server}/moved"] == ("redirected", "index.md", 3)
    assert status[f"{server}/missing"][:2] == ("broken", "index.md")
    assert status[f"{server}/slow"] == ("timeout", "index.md", 7)
    # refs.bib: the url and the DOI come from the rendered bibliography
    assert status[f"{server}/ok?bib"][0] == "working"
    assert status[f"{server}/doi/10.1234/abc"][0] == "working"  # an allowed redirect
    moved = next(row for row in rows if row["uri"] == f"{server}/moved")
    assert moved["info"] == f"{server}/ok"

    # and the refs.bib report, as nox -s linkcheck prints it
    links = bib_links((src / "refs.bib").read_text(encoding="utf-8"))
    assert [(link.field, link.line) for link in links] == [("url", 5), ("doi", 6)]
    rewritten = [
        {**row, "uri": row["uri"].replace(server + "/doi/", "https://doi.org/")} for row in rows
    ]
    assert [s for _link, s, _info in judge(links, rewritten)] == ["working", "working"]


def test_bib_links_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@misc{a,\n  title = {A},\n  year = {2020},\n  url = {https://a.example/}\n}\n"
        "@misc{b,\n  title = {B},\n  year = {2020},\n  doi = {10.1/b},\n"
        "  eprint = {2101.00001},\n  archiveprefix = {arXiv}\n}\n",
        encoding="utf-8",
    )
    output = tmp_path / "output.json"
    output.write_text(
        json.dumps({"uri": "https://a.example/", "status": "working", "info": ""})
        + "\n"
        + json.dumps({"uri": "https://doi.org/10.1/b", "status": "broken", "info": "404"})
        + "\n",
        encoding="utf-8",
    )
    assert main([str(bib), "--linkcheck", str(output)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{bib}:9: b: doi broken: https://doi.org/10.1/b (404)",
        f"{bib}:10: b: eprint unchecked: https://arxiv.org/abs/2101.00001 "
        "(not in the linkcheck output)",
        f"{bib}: 3 links (1 broken, 1 unchecked, 1 working)",
    ]
