// wikilink_ext: search-result snippets show formulas as readable text, not raw TeX.
// Sphinx builds each snippet from the page's HTML, where a formula is still its TeX source
// (MathJax typesets it only in the browser); the build gave each formula its Unicode text
// (data-text, pages/maths.py), which replaces the TeX before Sphinx reads the page.
"use strict";

if (typeof Search !== "undefined" && typeof Search.htmlToText === "function") {
  const sphinxHtmlToText = Search.htmlToText;
  Search.htmlToText = (htmlString, anchor) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    // the theme puts its buttons, the printed contents and the previous/next links inside
    // [role=main]: keep snippets to the note's own text
    for (const chrome of page.querySelectorAll(
      "[role=main] .d-print-none, [role=main] .onlyprint, [role=main] .bd-sidebar-secondary, " +
        "[role=main] .prev-next-area, [role=main] .bd-footer-article, [role=main] footer",
    )) {
      chrome.remove();
    }
    for (const math of page.querySelectorAll(".math")) {
      if (math.dataset.text !== undefined) math.textContent = math.dataset.text;
    }
    return sphinxHtmlToText(page.documentElement.outerHTML, anchor);
  };
}
