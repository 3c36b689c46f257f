/* wikilink_ext: hover previews of wikilinks (no network: data is in the page).
 *
 * Data: <script type="application/json" id="wikilink-previews">, an object mapping each
 * link's href (relative to the page, as written in the <a>) to {title, text}, where text is
 * a list of [kind, string] segments, kind "text" | "mark" | "code" | "math" (TeX source).
 *
 * Behaviour (stable hooks for browser tests):
 * - a.wikilink with a preview gets data-wikilink-preview="" once this script has run;
 * - hovering it with a mouse (after 250 ms) or focusing it with the keyboard shows ONE shared
 *   popup, div#wikilink-preview.wikilink-preview[role=tooltip], not [hidden] while shown,
 *   and the link gets aria-describedby="wikilink-preview";
 * - inside it: .wikilink-preview-title (the note, "Note › Heading" for a heading link) and
 *   p.wikilink-preview-text;
 * - Escape, blur, leaving link and popup, a click or tap elsewhere hide it ([hidden]);
 * - touch and pen taps never open it: a tap follows the link.
 * All note text is inserted with textContent, never as HTML.
 */
(() => {
  "use strict";
  const POPUP_ID = "wikilink-preview";
  let popup = null;
  let current = null;
  let showTimer = 0;
  let hideTimer = 0;

  function readData() {
    const script = document.getElementById("wikilink-previews");
    if (!script) return null;
    try {
      const raw = JSON.parse(script.textContent);
      const map = new Map();
      for (const [href, preview] of Object.entries(raw)) {
        map.set(new URL(href, document.baseURI).href, preview);
      }
      return map;
    } catch (error) {
      return null;
    }
  }

  function ensurePopup() {
    if (popup) return popup;
    popup = document.createElement("div");
    popup.id = POPUP_ID;
    popup.className = "wikilink-preview";
    popup.setAttribute("role", "tooltip");
    popup.hidden = true;
    popup.addEventListener("mouseenter", () => clearTimeout(hideTimer));
    popup.addEventListener("mouseleave", () => scheduleHide());
    document.body.appendChild(popup);
    return popup;
  }

  function fill(preview) {
    const box = ensurePopup();
    box.replaceChildren();
    const title = document.createElement("p");
    title.className = "wikilink-preview-title";
    title.textContent = preview.title || "";
    box.appendChild(title);
    const text = document.createElement("p");
    text.className = "wikilink-preview-text";
    let hasMath = false;
    for (const [kind, value] of preview.text || []) {
      if (kind === "math") {
        const span = document.createElement("span");
        span.className = "math notranslate nohighlight";
        span.textContent = "\\(" + value + "\\)";
        text.appendChild(span);
        hasMath = true;
      } else if (kind === "code") {
        const code = document.createElement("code");
        code.textContent = value;
        text.appendChild(code);
      } else if (kind === "mark") {
        const strong = document.createElement("strong");
        strong.textContent = value;
        text.appendChild(strong);
      } else {
        text.appendChild(document.createTextNode(value));
      }
    }
    if (text.childNodes.length) box.appendChild(text);
    if (hasMath && window.MathJax && typeof window.MathJax.typesetPromise === "function") {
      window.MathJax.typesetPromise([text]).catch(() => {});
    }
  }

  function place(link) {
    const box = ensurePopup();
    const rect = link.getBoundingClientRect();
    const margin = 8;
    const width = Math.min(box.offsetWidth, window.innerWidth - 2 * margin);
    let left = Math.min(Math.max(margin, rect.left), window.innerWidth - width - margin);
    let top = rect.bottom + 6;
    if (top + box.offsetHeight > window.innerHeight - margin && rect.top > box.offsetHeight + 12) {
      top = rect.top - box.offsetHeight - 6;
    }
    box.style.left = `${Math.round(left + window.scrollX)}px`;
    box.style.top = `${Math.round(top + window.scrollY)}px`;
  }

  function show(link, preview) {
    clearTimeout(hideTimer);
    clearTimeout(showTimer);
    if (current && current !== link) current.removeAttribute("aria-describedby");
    fill(preview);
    const box = ensurePopup();
    box.hidden = false;
    place(link);
    link.setAttribute("aria-describedby", POPUP_ID);
    current = link;
  }

  function hide() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (popup) popup.hidden = true;
    if (current) current.removeAttribute("aria-describedby");
    current = null;
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 200);
  }

  function init() {
    const data = readData();
    if (!data || !data.size) return;
    for (const link of document.querySelectorAll("a.wikilink[href]")) {
      const preview = data.get(link.href);
      if (!preview) continue;
      link.setAttribute("data-wikilink-preview", "");
      link.addEventListener("pointerenter", (event) => {
        if (event.pointerType !== "mouse") return;
        clearTimeout(hideTimer);
        clearTimeout(showTimer);
        showTimer = setTimeout(() => show(link, preview), 250);
      });
      link.addEventListener("pointerleave", (event) => {
        if (event.pointerType !== "mouse") return;
        clearTimeout(showTimer);
        if (current === link) scheduleHide();
      });
      link.addEventListener("focus", () => {
        if (link.matches(":focus-visible")) show(link, preview);
      });
      link.addEventListener("blur", () => {
        if (current === link) hide();
      });
      link.addEventListener("click", hide);
    }
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && current) hide();
    });
    document.addEventListener("pointerdown", (event) => {
      if (current && popup && !popup.contains(event.target)) hide();
    });
    window.addEventListener("resize", hide);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
