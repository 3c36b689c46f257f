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
 * Then the rendered target, as Quartz shows it: each entry's "src" is a script written at
 * build time that holds the target page's rendered body (our own build's HTML). It loads on
 * the first hover and the box shows div.wikilink-preview-text.wikilink-preview-rendered: the
 * note's first section, the linked heading's whole section, the block, or (for a citation,
 * "cite": true) its bibliography entry with "Cited in"; maths typeset by the page's MathJax,
 * images and links resolved against the target page; the box scrolls.
 * Until then (or from file:// without that script) the summary text shows, via textContent.
 */
(() => {
  "use strict";
  const POPUP_ID = "wikilink-preview";
  let popup = null;
  let current = null;
  let showTimer = 0;
  let hideTimer = 0;
  const rendered = new Map();  // src URL -> Promise of a parsed <body>
  const waiting = new Map();   // page name -> resolve function

  window.wikilinkPreviewLoaded = (data) => {
    const resolve = waiting.get(data.page);
    if (resolve) resolve(data.html);
  };

  function loadRendered(preview, page) {
    const src = new URL(preview.src, document.baseURI).href;
    if (!rendered.has(src)) {
      rendered.set(src, new Promise((resolve) => {
        const script = document.createElement("script");
        script.src = src;
        script.onerror = () => resolve(null);
        script.onload = () => setTimeout(() => resolve(null), 0);  // page name unknown yet
        waiting.set(page, (html) => {
          const doc = new DOMParser().parseFromString("<body>" + html + "</body>", "text/html");
          resolve(doc.body);
        });
        document.head.appendChild(script);
      }));
    }
    return rendered.get(src);
  }

  const CHROME = ".wikilink-backlinks-box, .wikilink-graph-box, .wikilink-note-tags, "
    + ".headerlink, script, style, .wikilink-citebox, #wikilink-previews";

  function cut(body, target) {
    const anchor = decodeURIComponent(target.hash.slice(1));
    let part = null;
    if (anchor) {
      const found = body.querySelector(`[id="${CSS.escape(anchor)}"]`);
      if (!found) return null;
      part = found;
      if (found.tagName === "SPAN" && !found.textContent.trim()) {  // a block id's anchor
        const parent = found.parentElement;
        part = parent && !/^(SECTION|ARTICLE|DIV|BODY)$/.test(parent.tagName)
          ? parent : found.nextElementSibling;
      }
      if (!part) return null;
      part = part.cloneNode(true);
      // the box's title already names the heading
      const heading = part.tagName === "SECTION" && part.querySelector(":scope > h1, :scope > h2,"
        + " :scope > h3, :scope > h4, :scope > h5, :scope > h6");
      if (heading) heading.remove();
    } else {
      // the note's first section: what comes before its first sub-section, title left out
      const top = body.querySelector("section") || body;
      part = document.createElement("div");
      for (const child of top.children) {
        if (child.tagName === "SECTION") break;
        if (/^H1$/.test(child.tagName)) continue;
        part.appendChild(child.cloneNode(true));
      }
    }
    for (const extra of part.querySelectorAll(CHROME)) extra.remove();
    for (const el of part.querySelectorAll("[id]")) el.removeAttribute("id");
    if (part.id) part.removeAttribute("id");
    for (const el of part.querySelectorAll("[src]")) {
      el.setAttribute("src", new URL(el.getAttribute("src"), target).href);
    }
    for (const el of part.querySelectorAll("a[href]")) {
      el.setAttribute("href", new URL(el.getAttribute("href"), target).href);
      el.setAttribute("tabindex", "-1");
    }
    return part;
  }

  function typeset(element) {
    if (window.MathJax && typeof window.MathJax.typesetPromise === "function") {
      window.MathJax.typesetPromise([element]).catch(() => {});
    }
  }

  function enrich(link, preview) {
    if (!preview.src) return;
    const target = new URL(link.href, document.baseURI);
    loadRendered(preview, preview.page).then((body) => {
      if (!body || current !== link) return;
      const part = cut(body, target);
      if (!part) return;
      const box = ensurePopup();
      const label = preview.cite && part.querySelector(".label");
      if (label) {
        box.querySelector(".wikilink-preview-title").textContent = label.textContent.trim();
        label.remove();
      }
      const old = box.querySelector(".wikilink-preview-text");
      const view = document.createElement("div");
      view.className = "wikilink-preview-text wikilink-preview-rendered";
      view.appendChild(part);
      if (old) old.replaceWith(view); else box.appendChild(view);
      typeset(view);
      place(link);
    });
  }

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
    box.scrollTop = 0;
    place(link);
    link.setAttribute("aria-describedby", POPUP_ID);
    current = link;
    enrich(link, preview);
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
    const links = "article a.wikilink[href], article a.reference.internal[href]";
    for (const link of document.querySelectorAll(links)) {
      const preview = data.get(link.href);
      if (!preview) continue;
      link.setAttribute("data-wikilink-preview", "");
      if (preview.cite && link.title) {  // our preview replaces the browser's tooltip
        link.dataset.title = link.title;
        link.removeAttribute("title");
      }
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
