// wikilink_ext: make the visible sidebar buttons work. pydata-sphinx-theme and
// sphinx-book-theme bind their handlers to document.querySelector(".primary-toggle") (and
// ".secondary-toggle"), the first such button in the page: pydata's own header button, which
// sphinx-book-theme hides. A click on any other toggle is passed on to that first button.
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
  const run = () => { forward(".primary-toggle"); forward(".secondary-toggle"); };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
