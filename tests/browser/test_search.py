"""Search as a reader uses it (Pagefind): results as you type in the search box of any page,
each page listed once, snippets of the note's own text, the build manual after the entries."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .browser_harness import Reader, open_context, require_browser, serve

require_browser()

DEMOTED = {"How this book is built.html", "References.html"}


def names(page: object, selector: str) -> list[str]:
    hrefs = page.locator(selector).evaluate_all("as => as.map(a => a.href)")  # type: ignore[attr-defined]
    return [unquote(urlsplit(h).path.rsplit("/", 1)[-1]) for h in hrefs]


def test_search_lists_each_page_once_and_entries_first(reader: Reader) -> None:
    page = reader.open("search.html?q=induction%20head")
    page.wait_for_selector("#search-results ul.search li", timeout=20000)
    found = names(page, "#search-results ul.search li > a")
    assert found[0] == "Induction head.html"
    assert len(found) == len(set(found)) >= 5
    entries = [i for i, name in enumerate(found) if name not in DEMOTED]
    manual = [i for i, name in enumerate(found) if name in DEMOTED]
    assert manual and max(entries) < min(manual)
    snippets = " ".join(page.locator("#search-results p.context").all_inner_texts())
    assert "Tags:" not in snippets and "all tags" not in snippets
    assert "Download the bibliographies" not in snippets


def test_results_appear_as_you_type(reader: Reader) -> None:
    page = reader.open("Neuron.html")
    page.locator("button.search-button__button:visible").first.click()
    field = page.locator("#pst-search-dialog input[name=q]")
    field.wait_for(state="visible")
    field.press_sequentially("superpos", delay=60)  # no Enter
    results = page.locator("#pst-search-dialog ul.wikilink-instant li > a")
    results.first.wait_for(state="visible", timeout=10000)
    found = names(page, "#pst-search-dialog ul.wikilink-instant li > a")
    assert {"Superposition.html", "Toy model of Superposition.html"} <= set(found)
    assert len(found) == len(set(found))
    assert page.url.endswith("Neuron.html")  # still on the page: nothing was submitted
    results.filter(has_text="Toy model of Superposition").first.click()
    page.wait_for_url("**/Toy%20model%20of%20Superposition.html")


CJK_NOTES = {
    "index": "# 首页\n\n- [[算法]]\n- [[数据结构]]\n- [[其他]]\n",
    "算法": "# 算法\n\n我们用线段树来回答区间查询，这是一个常见的技巧。\n",  # noqa: RUF001
    "数据结构": "# 数据结构\n\n线段树是一种二叉树。树状数组也很有用。\n",
    "其他": "# 其他\n\n这里没有那个词，只有二叉树。\n",  # noqa: RUF001
}


def test_chinese_words_are_found_inside_sentences(browser: object, tmp_path: Path) -> None:
    """Issue 19's "search in other scripts": 线段树 in every note that has it, mid-sentence
    (Chinese has no spaces between words; Pagefind's extended build splits them)."""
    source = tmp_path / "vault"
    source.mkdir()
    (source / "conf.py").write_text(
        'extensions = ["wikilink_ext"]\nhtml_theme = "sphinx_book_theme"\nlanguage = "zh_CN"\n',
        encoding="utf-8",
    )
    for name, text in CJK_NOTES.items():
        (source / f"{name}.md").write_text(text, encoding="utf-8")
    out = tmp_path / "html"
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(source), str(out)]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    with serve(out) as base:
        context, _ = open_context(browser, 1280, 900)
        page = context.new_page()
        page.goto(base + "index.html")
        page.wait_for_load_state("load")
        page.locator("button.search-button__button:visible").first.click()
        page.locator("#pst-search-dialog input[name=q]").press_sequentially("线段树", delay=60)
        page.locator("#pst-search-dialog ul.wikilink-instant li > a").first.wait_for()
        page.wait_for_timeout(500)
        found = set(names(page, "#pst-search-dialog ul.wikilink-instant li > a"))
        context.close()
    assert found == {"算法.html", "数据结构.html"}


def test_a_site_indexed_in_parts_is_searched_as_one(browser: object, tmp_path: Path) -> None:
    """Issue 18: past ``wikilink_search_shard_size`` pages the index is in parts; a reader's
    search finds pages of every part, and a page of the last part by its own word."""
    from test_search_parts import make_vault

    source = make_vault(tmp_path, 2)  # six pages: three parts
    out = tmp_path / "html"
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(source), str(out)]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert (out / "_pagefind" / "part-2" / "pagefind-entry.json").is_file()
    with serve(out) as base:
        reader = Reader(browser, base, "desktop")
        page = reader.open("Alpha.html")
        page.locator("button.search-button__button:visible").first.click()
        field = page.locator("#pst-search-dialog input[name=q]")
        field.press_sequentially("lantern", delay=60)
        results = page.locator("#pst-search-dialog ul.wikilink-instant li > a")
        results.nth(4).wait_for(timeout=10000)
        page.wait_for_timeout(500)
        found = names(page, "#pst-search-dialog ul.wikilink-instant li > a")
        field.fill("")
        field.press_sequentially("epsilonword", delay=60)
        page.wait_for_timeout(1000)
        results.first.wait_for(timeout=10000)
        last = names(page, "#pst-search-dialog ul.wikilink-instant li > a")
        reader.close()
        reader.assert_clean()
        # on a phone, a snippet with a long URL wraps inside the page (a real vault's did not)
        phone = Reader(browser, base, "phone")
        page = phone.open("search.html?q=alphaword")
        page.wait_for_selector("#search-results ul.search li p.context", timeout=20000)
        snippet = page.locator("#search-results p.context").first
        assert "utm_campaign=xxxx" in snippet.inner_text()
        widths = snippet.evaluate("p => [p.scrollWidth, p.clientWidth]")
        overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
        phone.close()
        phone.assert_clean()
    assert widths[0] <= widths[1] and overflow <= 0
    assert sorted(found) == ["Alpha.html", "Beta.html", "Delta.html", "Epsilon.html", "Gamma.html"]
    # first: a part where no page has the word offers its nearest match ("Epsilon" on the
    # home page), as one index does for a word no page has; Pagefind ranks it lower
    assert last[0] == "Epsilon.html"
