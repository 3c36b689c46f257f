/* wikilink_ext: graphs of notes, drawn as SVG; layout by d3-force (vendor/, loaded first).
 *
 * Markup (stable hooks for browser tests):
 * - div.wikilink-graph[data-graph="local"]#wikilink-local-graph on each note that has links
 *   (data in script#wikilink-local-graph-data), and div#wikilink-book-graph
 *   [data-graph="book"] on graph.html (data in script#wikilink-book-graph-data);
 *   data: {nodes: [{title, href, kind}], links: [[from, to]]}, kind "self" | "out" | "in" |
 *   "both" (local) or "note" (book); node 0 of a local graph is the page's own note.
 * - Without JavaScript the box shows a plain list (ul.wikilink-graph-fallback; on graph.html
 *   details#wikilink-book-graph-list). Once drawn, the box holds svg.wikilink-graph-svg and
 *   gets data-rendered="true"; the list is removed (local) or closed (book).
 * - Each node is <a class="wikilink-graph-node" href=…> (kind class wikilink-graph-<kind>,
 *   the page's own note also .is-current, no href) with a <circle>, a <text> label and a
 *   <title>: focusable with Tab, Enter follows it, as does a click or tap.
 * - Hover or focus on a node marks it and its neighbours .is-active and the rest
 *   .is-faded (the svg gets .has-active); its label is repeated on top in
 *   text.wikilink-graph-toplabel. Nodes never move in the DOM: Tab goes through them in
 *   the order of the data (alphabetical on graph.html).
 * - The book graph's data also has groups: [{label, kind, fill, count}] (kind "tag",
 *   "other" or "none"), and each node a group (an index). A node's fill is its group's
 *   (custom property --wikilink-graph-fill on the node) and its <title> names the group.
 *   div.wikilink-graph-legend (before the box) lists the groups: each entry is a
 *   button.wikilink-graph-legend-item (aria-pressed) with a swatch, the group's name and its
 *   count; pressing one marks the nodes outside it .is-outside (the svg gets .has-group).
 * Note titles are set with textContent only.
 */
(() => {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";

  function el(name, attributes) {
    const node = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, value);
    return node;
  }

  function layout(nodes, links, local, aspect, narrow) {
    // wide boxes: pull harder vertically than horizontally so the layout fills the box
    const pullY = Math.min(0.2, 0.04 * Math.max(1, aspect));
    const pullX = Math.min(0.3, 0.04 * Math.max(1, 2 / aspect));
    const simulation = d3
      .forceSimulation(nodes)
      .force("link", d3.forceLink(links).distance(local ? (narrow ? 80 : 110) : 90).strength(local ? 0.5 : 0.05))
      .force("charge", d3.forceManyBody().strength(local ? -420 : -380))
      .force("collide", d3.forceCollide(local ? 34 : 22))
      .force("x", d3.forceX(0).strength(pullX))
      .force("y", d3.forceY(0).strength(pullY))
      .stop();
    if (local && nodes.length) {
      nodes[0].fx = 0;
      nodes[0].fy = 0;
    }
    const ticks = Math.ceil(Math.log(simulation.alphaMin()) / Math.log(1 - simulation.alphaDecay()));
    for (let i = 0; i < ticks; i++) simulation.tick();
  }

  // The force layout keeps the nodes apart, not their labels (centred above a node, or
  // beside it pointing away from the centre). Push nodes up or down until no two labels
  // overlap (the page's own node stays at the centre of a local graph).
  function separateLabels(nodes, local, fontSize, radius, sideOf) {
    const box = (node, i) => {
      const text = node.title.length * fontSize * 0.58 + 6;
      const r = radius(i);
      const side = sideOf(node, i);
      if (side === 0) {
        return [node.x - text / 2, node.x + text / 2, node.y - r - fontSize - 5, node.y + r + 2];
      }
      const top = node.y - Math.max(r, fontSize / 2 + 3);
      const bottom = node.y + Math.max(r, fontSize / 2 + 2);
      return side < 0
        ? [node.x - r - 4 - text, node.x + r, top, bottom]
        : [node.x - r, node.x + r + 4 + text, top, bottom];
    };
    for (let pass = 0; pass < 200; pass++) {
      let moved = false;
      for (let i = 0; i < nodes.length; i++) {
        for (let j = i + 1; j < nodes.length; j++) {
          const a = box(nodes[i], i);
          const b = box(nodes[j], j);
          const overlapX = Math.min(a[1], b[1]) - Math.max(a[0], b[0]);
          const overlapY = Math.min(a[3], b[3]) - Math.max(a[2], b[2]);
          if (overlapX <= 0 || overlapY <= 0) continue;
          const [up, down] = nodes[i].y <= nodes[j].y ? [i, j] : [j, i];
          const fixedUp = local && up === 0;
          const fixedDown = local && down === 0;
          const push = overlapY + 1;
          nodes[up].y -= fixedUp ? 0 : fixedDown ? push : push / 2;
          nodes[down].y += fixedDown ? 0 : fixedUp ? push : push / 2;
          moved = true;
        }
      }
      if (!moved) break;
    }
  }

  // big book graphs hide their labels (shown on hover and focus)
  const svgDense = (local, nodes) => !local && nodes.length > 60;

  function draw(box, data) {
    const local = box.dataset.graph === "local";
    const groups = local ? [] : data.groups || [];
    const nodes = data.nodes.map((node, index) => ({ ...node, index }));
    const links = data.links.map(([source, target]) => ({ source, target }));
    box.dataset.rendered = "true"; // the box takes its drawing size (CSS) before measuring
    const aspect = box.clientWidth / Math.max(1, box.clientHeight);
    const narrow = box.clientWidth < 500; // phones: labels under the nodes, not beside them
    layout(nodes, links, local, aspect, narrow);

    const degree = new Array(nodes.length).fill(0);
    const neighbours = nodes.map(() => new Set());
    for (const link of links) {
      const a = link.source.index;
      const b = link.target.index;
      degree[a]++;
      degree[b]++;
      neighbours[a].add(b);
      neighbours[b].add(a);
    }
    const radius = (i) =>
      local ? (i === 0 ? 9 : 6) : Math.min(10, 3 + Math.sqrt(degree[i]));

    // fit the nodes and their labels (estimated width) into the view
    const fontSize = local ? 11 : 9;
    let minX = Infinity;
    let maxX = -Infinity;
    for (const node of nodes) {
      minX = Math.min(minX, node.x);
      maxX = Math.max(maxX, node.x);
    }
    const cx0 = (minX + maxX) / 2;
    const sideOf = (node, i) =>
      narrow || Math.abs(node.x - cx0) < 30 || (local && i === 0) ? 0 : Math.sign(node.x - cx0);
    if (!svgDense(local, nodes)) separateLabels(nodes, local, fontSize, radius, sideOf);
    let minY = Infinity;
    let maxY = -Infinity;
    minX = Infinity;
    maxX = -Infinity;
    nodes.forEach((node, i) => {
      const side = sideOf(node, i);
      const text = node.title.length * fontSize * 0.58 + radius(i) + 4;
      const left = side < 0 ? text : side === 0 ? text / 2 : radius(i);
      const right = side > 0 ? text : side === 0 ? text / 2 : radius(i);
      minX = Math.min(minX, node.x - left);
      maxX = Math.max(maxX, node.x + right);
      minY = Math.min(minY, node.y - radius(i) - fontSize - 6);
      maxY = Math.max(maxY, node.y + radius(i) + 4);
    });
    const pad = 12;
    const width = Math.max(maxX - minX + 2 * pad, 200);
    const height = Math.max(maxY - minY + 2 * pad, 160);
    const cx = (minX + maxX) / 2;
    const cy = (minY + maxY) / 2;
    const svg = el("svg", {
      class: "wikilink-graph-svg" + (svgDense(local, nodes) ? " is-dense" : ""),
      viewBox: `${cx - width / 2} ${cy - height / 2} ${width} ${height}`,
      preserveAspectRatio: "xMidYMid meet",
    });

    const edgeLayer = el("g", { class: "wikilink-graph-edges", "aria-hidden": "true" });
    const edges = links.map((link) => {
      const line = el("line", {
        class: "wikilink-graph-edge",
        x1: link.source.x.toFixed(1),
        y1: link.source.y.toFixed(1),
        x2: link.target.x.toFixed(1),
        y2: link.target.y.toFixed(1),
      });
      edgeLayer.appendChild(line);
      return line;
    });
    svg.appendChild(edgeLayer);

    const nodeLayer = el("g", { class: "wikilink-graph-nodes" });
    const elements = nodes.map((node, i) => {
      const current = local && i === 0;
      const anchor = el("a", {
        class: `wikilink-graph-node wikilink-graph-${node.kind}` + (current ? " is-current" : ""),
        transform: `translate(${node.x.toFixed(1)} ${node.y.toFixed(1)})`,
      });
      if (current) anchor.setAttribute("aria-current", "page");
      else {
        anchor.setAttribute("href", node.href);
        anchor.setAttribute("tabindex", "0"); // SVG links are not all in the tab order
      }
      anchor.appendChild(el("circle", { r: radius(i) }));
      // labels point away from the centre, so they do not cover the middle of the graph
      const side = sideOf(node, i);
      const label = el("text", {
        x: side * (radius(i) + 4),
        y: side ? 4 : -(radius(i) + 5),
        "text-anchor": side > 0 ? "start" : side < 0 ? "end" : "middle",
      });
      label.textContent = node.title;
      anchor.appendChild(label);
      const group = groups[node.group];
      if (group) {
        anchor.style.setProperty("--wikilink-graph-fill", group.fill);
        anchor.classList.add(`wikilink-graph-group-${group.kind}`);
      }
      const tooltip = el("title");
      tooltip.textContent = group ? `${node.title} (${group.label})` : node.title;
      anchor.appendChild(tooltip);
      nodeLayer.appendChild(anchor);
      return anchor;
    });
    svg.appendChild(nodeLayer);
    // the active node's label, drawn again above every node: the nodes themselves never
    // move in the DOM, which would change the Tab order or drop the focus or a click
    const topLabel = el("text", { class: "wikilink-graph-toplabel", "aria-hidden": "true" });
    topLabel.style.display = "none";
    svg.appendChild(topLabel);

    const activate = (i) => {
      svg.classList.add("has-active");
      elements.forEach((node, j) => {
        const on = j === i || neighbours[i].has(j);
        node.classList.toggle("is-active", on);
        node.classList.toggle("is-faded", !on);
      });
      edges.forEach((line, k) => {
        const on = links[k].source.index === i || links[k].target.index === i;
        line.classList.toggle("is-active", on);
        line.classList.toggle("is-faded", !on);
      });
      const label = elements[i].querySelector("text");
      topLabel.textContent = nodes[i].title;
      for (const name of ["x", "y", "text-anchor"]) {
        topLabel.setAttribute(name, label.getAttribute(name));
      }
      topLabel.setAttribute("transform", elements[i].getAttribute("transform"));
      topLabel.style.display = "";
    };
    const reset = () => {
      topLabel.style.display = "none";
      svg.classList.remove("has-active");
      for (const node of [...elements, ...edges]) node.classList.remove("is-active", "is-faded");
    };
    elements.forEach((node, i) => {
      node.addEventListener("mouseenter", () => activate(i));
      node.addEventListener("focus", () => activate(i));
      node.addEventListener("mouseleave", reset);
      node.addEventListener("blur", reset);
    });

    if (local) box.replaceChildren(svg);
    else box.appendChild(svg);
    if (!local) interactive(box, svg, nodes, elements, links, edges);
    if (groups.length) legend(box, svg, groups, nodes, elements);
    const list = document.getElementById("wikilink-book-graph-list");
    if (!local && list) list.open = false;
  }

  // The book graph: zoom (wheel, pinch-free buttons), pan (drag the background), drag a node
  // (its edges follow; a drag does not follow the link). Buttons: div.wikilink-graph-controls.
  function interactive(box, svg, nodes, elements, links, edges) {
    let [x, y, w, h] = svg.getAttribute("viewBox").split(" ").map(Number);
    const home = [x, y, w, h];
    const show = () => svg.setAttribute("viewBox", `${x} ${y} ${w} ${h}`);
    const zoom = (factor, px = 0.5, py = 0.5) => {
      const nw = Math.min(home[2] * 2, Math.max(home[2] / 12, w * factor));
      const nh = (nw * h) / w;
      x += (w - nw) * px;
      y += (h - nh) * py;
      w = nw;
      h = nh;
      show();
    };
    const unitsPerPixel = () => {
      const r = svg.getBoundingClientRect();
      return Math.max(w / r.width, h / r.height);
    };
    svg.addEventListener("wheel", (event) => {
      event.preventDefault();
      const r = svg.getBoundingClientRect();
      zoom(event.deltaY > 0 ? 1.15 : 1 / 1.15,
        (event.clientX - r.left) / r.width, (event.clientY - r.top) / r.height);
    }, { passive: false });

    let drag = null;
    let moved = false;
    svg.addEventListener("pointerdown", (event) => {
      if (event.button !== 0) return;
      const anchor = event.target.closest("a.wikilink-graph-node");
      drag = { index: anchor ? elements.indexOf(anchor) : -1, sx: event.clientX, sy: event.clientY,
        x, y, nx: anchor ? nodes[elements.indexOf(anchor)].x : 0,
        ny: anchor ? nodes[elements.indexOf(anchor)].y : 0 };
      moved = false;
    });
    svg.addEventListener("pointermove", (event) => {
      if (!drag) return;
      const dx = event.clientX - drag.sx;
      const dy = event.clientY - drag.sy;
      if (!moved && Math.hypot(dx, dy) < 4) return;
      if (!moved) svg.setPointerCapture(event.pointerId);
      moved = true;
      const k = unitsPerPixel();
      if (drag.index < 0) {
        x = drag.x - dx * k;
        y = drag.y - dy * k;
        show();
        return;
      }
      const node = nodes[drag.index];
      node.x = drag.nx + dx * k;
      node.y = drag.ny + dy * k;
      elements[drag.index].setAttribute("transform",
        `translate(${node.x.toFixed(1)} ${node.y.toFixed(1)})`);
      links.forEach((link, i) => {
        if (link.source === node) { edges[i].setAttribute("x1", node.x.toFixed(1)); edges[i].setAttribute("y1", node.y.toFixed(1)); }
        if (link.target === node) { edges[i].setAttribute("x2", node.x.toFixed(1)); edges[i].setAttribute("y2", node.y.toFixed(1)); }
      });
    });
    const end = () => { drag = null; };
    svg.addEventListener("pointerup", end);
    svg.addEventListener("pointercancel", end);
    // a drag is not a click: the node's link is not followed after it was moved
    svg.addEventListener("click", (event) => {
      if (moved) { event.preventDefault(); event.stopPropagation(); moved = false; }
    }, true);

    const controls = document.createElement("div");
    controls.className = "wikilink-graph-controls";
    for (const [label, text, action] of [
      ["Zoom in", "+", () => zoom(1 / 1.3)],
      ["Zoom out", "\u2212", () => zoom(1.3)],
      ["Reset view", "\u27f2", () => { [x, y, w, h] = home; show(); }],
    ]) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm";
      button.setAttribute("aria-label", label);
      button.title = label;
      button.textContent = text;
      button.addEventListener("click", action);
      controls.appendChild(button);
    }
    box.insertBefore(controls, svg);
  }

  // The legend of the colour groups, above the graph: a swatch, the group's name (not the
  // colour alone) and how many notes it holds; pressing an entry picks out its notes.
  function legend(box, svg, groups, nodes, elements) {
    const wrapper = document.createElement("div");
    wrapper.className = "wikilink-graph-legend";
    wrapper.setAttribute("role", "group");
    wrapper.setAttribute("aria-label", "Colours: the notes' tags");
    const heading = document.createElement("span");
    heading.className = "wikilink-graph-legend-title";
    heading.textContent = "Colour by tag:";
    wrapper.appendChild(heading);
    const list = document.createElement("ul");
    const buttons = groups.map((group, index) => {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = `wikilink-graph-legend-item wikilink-graph-group-${group.kind}`;
      button.setAttribute("aria-pressed", "false");
      button.title = `Show only the notes of ${group.label}`;
      const swatch = document.createElement("span");
      swatch.className = "wikilink-graph-swatch";
      swatch.setAttribute("aria-hidden", "true");
      swatch.style.setProperty("--wikilink-graph-fill", group.fill);
      const name = document.createElement("span");
      name.className = "wikilink-graph-legend-label";
      name.textContent = group.label;
      const count = document.createElement("span");
      count.className = "wikilink-graph-legend-count";
      count.textContent = ` (${group.count})`;
      button.append(swatch, name, count);
      button.addEventListener("click", () => pick(button.getAttribute("aria-pressed") === "true" ? -1 : index));
      item.appendChild(button);
      list.appendChild(item);
      return button;
    });
    const pick = (index) => {
      svg.classList.toggle("has-group", index >= 0);
      buttons.forEach((button, i) => button.setAttribute("aria-pressed", String(i === index)));
      elements.forEach((node, i) => node.classList.toggle("is-outside", index >= 0 && nodes[i].group !== index));
    };
    wrapper.appendChild(list);
    box.parentNode.insertBefore(wrapper, box);
  }

  function init() {
    if (typeof d3 === "undefined" || !d3.forceSimulation) return; // the list stays
    for (const box of document.querySelectorAll(".wikilink-graph[data-graph]")) {
      const source = document.getElementById(box.dataset.source || "");
      if (!source) continue;
      let data;
      try {
        data = JSON.parse(source.textContent);
      } catch (error) {
        continue;
      }
      if (data && data.nodes && data.nodes.length) draw(box, data);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
