// wikilink_ext: instant search with Pagefind (the index is written at the end of the build).
// - In the search dialog of every page (Ctrl+K, the search button): results as you type,
//   ul.wikilink-instant under the field, one li per page with a.title and p.context.
// - On search.html: Sphinx's search is replaced; #search-results gets ul.search with the same
//   items (one per page), so a reader who pressed Enter sees the same results.
// Snippets are Pagefind's excerpts of the note's own text, formulas as Unicode text
// (wikilinkTexToText, wikilink-search.js). Offline: the index is part of the site.
(() => {
  "use strict";
  const script = document.currentScript;
  const bundle = new URL("../_pagefind/pagefind.js", script ? script.src : document.baseURI);
  const root = new URL("..", bundle);
  let engine = null;
  let aliasTable = null;

  function loadAliases() {
    if (!aliasTable) {
      aliasTable = fetch(new URL("_static/wikilink-aliases.json", root))
        .then((response) => (response.ok ? response.json() : []))
        .catch(() => []);
    }
    return aliasTable;
  }

  const key = (url) => decodeURIComponent(new URL(url, root).pathname);
  const fold = (text) => text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();

  async function aliasHits(query) {
    const q = fold(query);
    if (q.length < 2) return [];
    const hits = [];
    for (const note of await loadAliases()) {
      const alias = note.aliases.find((a) => fold(a).includes(q) || q.includes(fold(a)));
      if (alias) {
        hits.push({
          url: new URL(note.url, root).pathname, meta: { title: note.title, demoted: note.demoted },
          excerpt: "", alias,
        });
      }
    }
    return hits;
  }

  function texToText() {  // wikilink-search.js, loaded with the first search
    if (typeof wikilinkTexToText === "function" || !script) return Promise.resolve();
    return new Promise((resolve) => {
      const tex = document.createElement("script");
      tex.src = new URL("wikilink-search.js", script.src).href;
      tex.onload = tex.onerror = () => resolve();
      document.head.appendChild(tex);
    });
  }

  function load() {
    if (!engine) {
      engine = Promise.all([import(bundle.href), texToText()]).then(async ([pagefind]) => {
        const options = { baseUrl: new URL("..", bundle).pathname, excerptLength: 24 };
        await pagefind.options(options);
        pagefind.init();
        // a big site is indexed in parts (wikilink_search_shard_size): searched together,
        // ranked together by Pagefind
        const parts = await fetch(new URL("wikilink-shards.json", bundle))
          .then((response) => (response.ok ? response.json() : []))
          .catch(() => []);
        await Promise.all(
          parts.map((part) => pagefind.mergeIndex(new URL(part, bundle).href, options)),
        );
        return pagefind;
      });
    }
    return engine;
  }

  // Pagefind's excerpt is the page's text, escaped, with <mark> around the matches: it is
  // parsed (never inserted as HTML) into text nodes and <mark> elements; formulas as text.
  function readable(text) {
    const toText = typeof wikilinkTexToText === "function" ? wikilinkTexToText : (t) => t;
    return text.replace(/\\\(([\s\S]*?)(\\\)|$)/g, (m, tex) => toText(tex))
      .replace(/\\\[([\s\S]*?)(\\\]|$)/g, (m, tex) => toText(tex))
      .replace(/\\[)\]]/g, "");
  }

  function excerptNodes(excerpt) {
    const parsed = new DOMParser().parseFromString(`<p>${excerpt}</p>`, "text/html");
    return [...parsed.body.firstChild.childNodes].map((node) => {
      if (node.nodeName !== "MARK") return document.createTextNode(readable(node.textContent));
      const mark = document.createElement("mark");
      mark.textContent = readable(node.textContent);
      return mark;
    });
  }

  async function find(query, limit) {
    const pagefind = await load();
    const search = await pagefind.debouncedSearch(query, {}, 150);
    if (search === null) return null;  // a newer query replaced this one
    const pages = await Promise.all(search.results.slice(0, limit).map((r) => r.data()));
    const byAlias = await aliasHits(query);
    for (const hit of byAlias) {  // the page's own excerpt: of the query's other words
      let found = pages.find((page) => key(page.url) === key(hit.url));
      if (!found) {
        const rest = fold(query).replace(fold(hit.alias), " ").trim() || hit.meta.title;
        const again = await pagefind.search(rest);
        const ranked = await Promise.all(again.results.slice(0, 20).map((r) => r.data()));
        found = ranked.find((page) => key(page.url) === key(hit.url));
      }
      if (found) hit.excerpt = found.excerpt;
    }
    const seen = new Set();
    const unique = [...byAlias, ...pages].filter(
      (page) => !seen.has(key(page.url)) && seen.add(key(page.url)),
    );
    // pages the book marks as not entries (its build manual) come after every entry
    const demoted = (page) => (page.meta && page.meta.demoted ? 1 : 0);
    return unique.sort((a, b) => demoted(a) - demoted(b));
  }

  function render(list, pages) {
    list.replaceChildren();
    for (const page of pages) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = page.url;
      link.textContent = (page.meta && page.meta.title) || page.url;
      const context = document.createElement("p");
      context.className = "context";
      context.append(...excerptNodes(page.excerpt));
      if (!page.excerpt && page.alias) context.textContent = `Also called ${page.alias}`;
      item.append(link, context);
      list.appendChild(item);
    }
  }

  function instantBox(input) {
    const list = document.createElement("ul");
    list.className = "wikilink-instant";
    list.setAttribute("aria-label", "Search results");
    list.setAttribute("aria-live", "polite");
    input.closest("form").after(list);
    input.addEventListener("input", async () => {
      const query = input.value.trim();
      if (!query) { list.replaceChildren(); return; }
      const pages = await find(query, 8);
      if (pages !== null && input.value.trim() === query) render(list, pages);
    });
  }

  function searchPage() {
    if (typeof Search === "undefined") return;
    Search.performSearch = async (query) => {
      const out = document.getElementById("search-results");
      if (!out) return;
      const pages = await find(query, 50);
      if (pages === null) return;
      const heading = document.createElement("h2");
      heading.textContent = pages.length ? "Search Results" : "Your search did not match any documents.";
      const list = document.createElement("ul");
      list.className = "search";
      render(list, pages);
      out.replaceChildren(heading, list);
    };
  }

  searchPage();
  const run = () => {
    for (const input of document.querySelectorAll("#pst-search-dialog input[name=q]")) {
      instantBox(input);
    }
    const field = document.querySelector("#search-input, form.bd-search-page input[name=q]");
    if (field && document.getElementById("search-results")) instantBox(field);
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
