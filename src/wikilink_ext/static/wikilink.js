// wikilink_ext: foldable callouts (Obsidian's "> [!note]-" and "> [!note]+").
document.addEventListener("DOMContentLoaded", () => {
  for (const callout of document.querySelectorAll("div.callout-foldable")) {
    const title = callout.querySelector(":scope > .admonition-title");
    if (!title) continue;
    const marker = document.createElement("span");
    marker.className = "callout-fold";
    marker.textContent = "▾";
    title.appendChild(marker);
    title.setAttribute("role", "button");
    title.setAttribute("tabindex", "0");
    const toggle = () => {
      callout.classList.toggle("callout-folded");
      title.setAttribute("aria-expanded", String(!callout.classList.contains("callout-folded")));
    };
    title.setAttribute("aria-expanded", String(!callout.classList.contains("callout-folded")));
    title.addEventListener("click", toggle);
    title.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); toggle(); } });
  }
});
