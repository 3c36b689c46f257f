"""The header's buttons as a reader sees them: the visible ☰ opens the book's navigation and
the visible contents button opens the page's contents, on a phone and on a laptop.

Both theme scripts bind their click handlers with ``querySelector(".primary-toggle")``, which
finds pydata-sphinx-theme's own header button first; sphinx-book-theme hides that header and
shows its own buttons, which then did nothing."""

from __future__ import annotations

from .browser_harness import Reader, require_browser

require_browser()

ENTRY = "Induction head.html"
VISIBLE_MENU = "button.primary-toggle:visible"
VISIBLE_CONTENTS = "button.secondary-toggle:visible"
SIDEBAR_HIDDEN = """() => {
  const bar = document.querySelector('#pst-primary-sidebar');
  return bar.classList.contains('pst-sidebar-hidden') || bar.getBoundingClientRect().width < 2;
}"""


def test_phone_menu_button_opens_the_book_navigation(phone: Reader) -> None:
    page = phone.open(ENTRY)
    menu = page.locator(VISIBLE_MENU)
    assert menu.count() == 1
    assert page.locator("#pst-primary-sidebar-modal").is_hidden()
    menu.click()
    drawer = page.locator("dialog#pst-primary-sidebar-modal[open]")
    drawer.wait_for(state="visible", timeout=3000)
    link = drawer.locator("nav.bd-links a", has_text="Superposition").first
    assert link.is_visible()
    link.click()
    page.wait_for_url("**/Superposition.html")


def test_phone_contents_button_opens_the_page_contents(phone: Reader) -> None:
    page = phone.open(ENTRY)
    contents = page.locator(VISIBLE_CONTENTS)
    assert contents.count() == 1
    contents.click()
    drawer = page.locator("dialog#pst-secondary-sidebar-modal[open]")
    drawer.wait_for(state="visible", timeout=3000)
    entry = drawer.locator("nav.page-toc a").first
    assert entry.is_visible()
    href = entry.get_attribute("href")
    assert href and href.startswith("#")
    entry.click()
    page.wait_for_url("**" + href)


def test_laptop_menu_button_hides_and_shows_the_sidebar(laptop: Reader) -> None:
    page = laptop.open(ENTRY)
    sidebar = page.locator("#pst-primary-sidebar nav.bd-links")
    assert sidebar.is_visible()
    page.locator(VISIBLE_MENU).click()
    page.wait_for_function(SIDEBAR_HIDDEN, timeout=3000)
    page.locator(VISIBLE_MENU).click()
    page.wait_for_function(f"() => !({SIDEBAR_HIDDEN})()", timeout=3000)
    sidebar.wait_for(state="visible", timeout=3000)  # after the theme's slide-in


PAGE_TYPES = [
    "index.html",
    ENTRY,
    "References.html",
    "tags/index.html",
    "search.html",
    "graph.html",
]


def test_every_page_links_the_book_graph_and_the_downloads(laptop: Reader) -> None:
    for path in PAGE_TYPES:
        page = laptop.open(path)
        extra = page.locator("#pst-primary-sidebar nav.wikilink-nav-extra")
        assert extra.is_visible(), path
        labels = extra.locator("a").all_inner_texts()
        assert {"Download PDF", "Download EPUB"} <= set(labels), path
        assert "Book graph" in labels, path
        graph_link = extra.locator("a.wikilink-graph-link")
        here = graph_link.get_attribute("aria-current")
        assert (here == "page") == (path == "graph.html"), path
        for link in extra.locator("a.wikilink-download").all():
            assert (link.get_attribute("href") or "").startswith("https://")


def test_phone_drawer_leads_to_the_book_graph(phone: Reader) -> None:
    page = phone.open(ENTRY)
    page.locator(VISIBLE_MENU).click()
    drawer = page.locator("dialog#pst-primary-sidebar-modal[open]")
    link = drawer.locator("nav.wikilink-nav-extra a", has_text="Book graph")
    link.scroll_into_view_if_needed()
    link.click()
    page.wait_for_url("**/graph.html")
    assert page.locator("#wikilink-book-graph").get_attribute("data-rendered") == "true"
