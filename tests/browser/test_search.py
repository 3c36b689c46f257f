"""Search as a reader uses it (Pagefind): results as you type in the search box of any page,
each page listed once, snippets of the note's own text, the build manual after the entries."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from .browser_harness import Reader, require_browser

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
