// wikilink_ext: search-result snippets show formulas as readable text, not raw TeX.
// Sphinx builds each snippet from the page's HTML, where a formula is still its TeX source
// (MathJax typesets it only in the browser); rewrite those elements before Sphinx reads them.
"use strict";

const WIKILINK_TEX_SYMBOLS = {
  alpha: "α", beta: "β", gamma: "γ", delta: "δ", epsilon: "ε", varepsilon: "ε", zeta: "ζ",
  eta: "η", theta: "θ", iota: "ι", kappa: "κ", lambda: "λ", mu: "μ", nu: "ν", xi: "ξ",
  pi: "π", rho: "ρ", sigma: "σ", tau: "τ", phi: "φ", varphi: "φ", chi: "χ", psi: "ψ",
  omega: "ω", Gamma: "Γ", Delta: "Δ", Theta: "Θ", Lambda: "Λ", Xi: "Ξ", Pi: "Π",
  Sigma: "Σ", Phi: "Φ", Psi: "Ψ", Omega: "Ω",
  cdot: "·", times: "×", otimes: "⊗", oplus: "⊕", in: "∈", notin: "∉", le: "≤", leq: "≤",
  ge: "≥", geq: "≥", neq: "≠", ne: "≠", approx: "≈", sim: "∼", equiv: "≡", to: "→",
  rightarrow: "→", leftarrow: "←", mapsto: "↦", infty: "∞", sum: "∑", prod: "∏",
  int: "∫", partial: "∂", nabla: "∇", setminus: "∖", subseteq: "⊆", subset: "⊂",
  cup: "∪", cap: "∩", forall: "∀", exists: "∃", dots: "…", ldots: "…", cdots: "⋯",
  vdots: "⋮", lVert: "‖", rVert: "‖", Vert: "‖", lvert: "|", rvert: "|", langle: "⟨",
  rangle: "⟩", top: "ᵀ", sqrt: "√", pm: "±", ",": " ", ";": " ", ":": " ", "!": "",
  quad: " ", qquad: "  ", "{": "{", "}": "}", "|": "‖", "\\": " ",
};
// Commands whose argument is shown as plain text; sizing commands that simply vanish.
const WIKILINK_TEX_TEXT = /^(text|mathrm|mathbf|mathit|mathsf|mathtt|boldsymbol|operatorname|mathcal|hat|tilde|bar|vec|overline)$/;
const WIKILINK_TEX_DROP = /^(left|right|big|Big|bigg|Bigg|bigl|bigr|Bigl|Bigr|displaystyle|textstyle|limits|nolimits)$/;
const WIKILINK_SUB = { "0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆", "7": "₇", "8": "₈", "9": "₉", "+": "₊", "-": "₋", "=": "₌", "(": "₍", ")": "₎", a: "ₐ", e: "ₑ", h: "ₕ", i: "ᵢ", j: "ⱼ", k: "ₖ", l: "ₗ", m: "ₘ", n: "ₙ", o: "ₒ", p: "ₚ", r: "ᵣ", s: "ₛ", t: "ₜ", u: "ᵤ", v: "ᵥ", x: "ₓ" };
const WIKILINK_SUP = { "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "+": "⁺", "-": "⁻", "=": "⁼", "(": "⁽", ")": "⁾", a: "ᵃ", b: "ᵇ", c: "ᶜ", d: "ᵈ", e: "ᵉ", f: "ᶠ", g: "ᵍ", h: "ʰ", i: "ⁱ", j: "ʲ", k: "ᵏ", l: "ˡ", m: "ᵐ", n: "ⁿ", o: "ᵒ", p: "ᵖ", r: "ʳ", s: "ˢ", t: "ᵗ", u: "ᵘ", v: "ᵛ", w: "ʷ", x: "ˣ", y: "ʸ", z: "ᶻ", T: "ᵀ", "ᵀ": "ᵀ", " ": "" };

/** Plain text for a TeX formula: symbols as Unicode, scripts raised or lowered where Unicode can. */
function wikilinkTexToText(tex) {
  let s = tex.trim().replace(/^\\\(|\\\)$|^\\\[|\\\]$|^\$\$?|\$\$?$/g, "").trim();
  let i = 0;
  const group = () => {
    // one argument: {…} or a single (possibly command) token
    while (s[i] === " ") i += 1;
    if (s[i] === "{") {
      let depth = 0;
      const start = i + 1;
      for (; i < s.length; i += 1) {
        if (s[i] === "{") depth += 1;
        else if (s[i] === "}" && --depth === 0) break;
      }
      const inner = s.slice(start, i);
      i += 1;
      return wikilinkTexToText(inner);
    }
    if (s[i] === "\\") return command();
    return s[i++] ?? "";
  };
  const script = (table, mark) => {
    const text = group();
    const mapped = [...text].map((c) => table[c]);
    if (text && mapped.every((c) => c !== undefined)) return mapped.join("");
    return mark + (/[^A-Za-z0-9]/.test(text) ? `(${text})` : text);
  };
  const command = () => {
    i += 1;
    let name = s[i] ?? "";
    if (/[A-Za-z]/.test(name)) name = /^[A-Za-z]+/.exec(s.slice(i))[0];
    i += name.length;
    if (WIKILINK_TEX_DROP.test(name)) return "";
    if (WIKILINK_TEX_TEXT.test(name)) return group();
    if (name === "mathbb") return { R: "ℝ", N: "ℕ", Z: "ℤ", Q: "ℚ", C: "ℂ", E: "𝔼" }[group()] ?? "";
    if (name === "frac" || name === "tfrac" || name === "dfrac") {
      const num = group();
      const den = group();
      const wrap = (t) => ([...t].length > 1 ? `(${t})` : t);
      return `${wrap(num)}/${wrap(den)}`;
    }
    if (name === "begin" || name === "end") { group(); return " "; }
    return WIKILINK_TEX_SYMBOLS[name] ?? name;
  };
  let out = "";
  while (i < s.length) {
    const c = s[i];
    if (c === "\\") out += command();
    else if (c === "_") { i += 1; out += script(WIKILINK_SUB, "_"); }
    else if (c === "^") { i += 1; out += script(WIKILINK_SUP, "^"); }
    else if (c === "{" || c === "}") i += 1;
    else if (c === "&") { i += 1; out += " "; }
    else { out += c; i += 1; }
  }
  return out.replace(/\s+/g, " ").trim();
}

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
      math.textContent = wikilinkTexToText(math.textContent);
    }
    return sphinxHtmlToText(page.documentElement.outerHTML, anchor);
  };
}
