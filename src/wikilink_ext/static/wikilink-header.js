// wikilink_ext: the theme's header as a reader uses it.
// 1. The visible sidebar buttons work. pydata-sphinx-theme and sphinx-book-theme bind their
//    handlers to document.querySelector(".primary-toggle") (and ".secondary-toggle"), the
//    first such button in the page: pydata's own header button, which sphinx-book-theme
//    hides. A click on any other toggle is passed on to that first button.
// 2. "Skip to main content" skips the article's toolbar too and lands on the text, so the
//    first link of a note is a few Tabs away.
(() => {
  const forward = (selector) => {
    const [bound, ...others] = document.querySelectorAll(selector);
    for (const button of others) {
      button.addEventListener("click", (event) => {
        event.preventDefault();
        event.stopPropagation();
        button.blur();  // as the themes do, so that the tooltip does not stay
        bound.click();
      });
    }
  };
  const skipToText = () => {
    const article = document.querySelector("article.bd-article");
    const skip = document.querySelector("#pst-skip-link a");
    if (!article || !skip) return;
    if (!article.id) article.id = "wikilink-text";
    skip.setAttribute("href", "#" + article.id);
  };
  const run = () => {
    forward(".primary-toggle");
    forward(".secondary-toggle");
    skipToText();
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
