// The proof desk: pages as images from /page/N.png, findings from /state, and a rebuild
// notice on /events (server-sent events). Plain browser JavaScript, no build step.
"use strict";

const PT_TO_PX = 96 / 72;              // CSS px per point at 100 %
const desk = { state: null, zoom: null, single: false, current: 1, block: null, finding: null };
const $ = (id) => document.getElementById(id);
const SVG = "http://www.w3.org/2000/svg";

function el(tag, attrs = {}, text = "") {
  const node = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text) node.textContent = text;
  return node;
}

async function refresh() {
  const response = await fetch("/state", { cache: "no-store" });
  const state = await response.json();
  desk.state = state;
  if (desk.zoom === null && state.pages.length) desk.zoom = fittingZoom(state);
  showStatus(state);
  showPages(state);
  showFindings(state);
  showSelection();
  document.body.dataset.generation = state.generation;
}

// Two pages side by side in the room beside the findings (one, if the issue has one).
function fittingZoom(state) {
  const room = $("pages").clientWidth - 3 * 18;
  const across = Math.min(2, state.pages.length);
  const zoom = room / (across * state.pages[0].width * PT_TO_PX);
  return Math.max(0.3, Math.min(1, zoom));
}

function showStatus(state) {
  $("title").textContent = state.title || "bulletin-pdf";
  const status = $("status");
  status.classList.toggle("failed", !!state.error);
  status.textContent = state.error
    ? "build failed — showing the last good pages"
    : `built in ${state.seconds.toFixed(2)} s` + (state.rendered.length ? `, drew page ${state.rendered.join(", ")}` : "");
  const error = $("error");
  error.hidden = !state.error;
  error.textContent = state.error || "";
}

function showPages(state) {
  if (!state || desk.zoom === null) return;
  const holder = $("pages");
  holder.className = desk.single ? "single" : "spread";
  const wanted = new Set(state.pages.map((p) => String(p.number)));
  for (const node of [...holder.children]) if (!wanted.has(node.dataset.page)) node.remove();
  for (const page of state.pages) {
    let node = holder.querySelector(`.page[data-page="${page.number}"]`);
    if (!node) {
      node = el("div", { class: "page", "data-page": page.number });
      node.append(el("span", { class: "label" }, `第${page.number}版`), el("img", { alt: `page ${page.number}` }));
      const svg = el("svg:svg");
      svg.addEventListener("click", (event) => clickPage(event, Number(node.dataset.page)));
      node.append(svg);
      holder.append(node);
    }
    const img = node.querySelector("img");
    if (img.dataset.version !== String(page.version)) {
      // swap only when the new image is loaded: the page never flashes white
      const next = new Image();
      next.onload = () => { img.src = next.src; img.dataset.version = page.version; };
      next.src = `/page/${page.number}.png?v=${page.version}`;
    }
    node.style.width = `${page.width * PT_TO_PX * desk.zoom}px`;
    node.style.height = `${page.height * PT_TO_PX * desk.zoom}px`;
    node.classList.toggle("current", page.number === desk.current);
    drawOverlay(node.querySelector("svg"), page, state.grid);
  }
  $("zoom").textContent = `${Math.round(desk.zoom * 100)} %`;
}

function drawOverlay(svg, page, grid) {
  svg.setAttribute("viewBox", `0 0 ${page.width} ${page.height}`);
  svg.replaceChildren();
  if ($("grid").checked && grid.columns) {
    for (const [x, w] of grid.columns) {
      svg.append(el("svg:rect", { class: "grid-col", x, y: grid.top, width: w, height: grid.height }));
    }
    const left = grid.columns[0][0];
    const last = grid.columns[grid.columns.length - 1];
    for (const y of grid.baselines) {
      svg.append(el("svg:line", { class: "grid-line", x1: left, x2: last[0] + last[1], y1: y, y2: y }));
    }
  }
  const box = page.boxes.find((b) => b.block === desk.block);
  if (box) {
    svg.append(el("svg:rect", { class: "outline", "data-block": box.block, x: box.x - 2, y: box.y - 2,
                                width: box.width + 4, height: box.height + 4 }));
  }
}

function clickPage(event, number) {
  const svg = event.currentTarget;
  const page = desk.state.pages.find((p) => p.number === number);
  const point = svg.createSVGPoint();
  point.x = event.clientX;
  point.y = event.clientY;
  const at = point.matrixTransform(svg.getScreenCTM().inverse());
  // the smallest box under the pointer: a photo inside an article before the article
  const hits = page.boxes.filter((b) => at.x >= b.x && at.x <= b.x + b.width && at.y >= b.y && at.y <= b.y + b.height
                                        && desk.state.blocks[b.block]);
  hits.sort((a, b) => a.width * a.height - b.width * b.height);
  select(hits.length ? hits[0].block : null, null, number);
}

function select(block, finding, page) {
  desk.block = block;
  desk.finding = finding;
  if (page) desk.current = page;
  showPages(desk.state);
  showFindings(desk.state);
  showSelection();
  const outline = document.querySelector(".outline");
  if (outline) outline.scrollIntoView({ block: "center" });
}

function showSelection() {
  const box = $("selection");
  const state = desk.state;
  const info = desk.block && state.blocks[desk.block];
  const finding = desk.finding !== null ? state.findings[desk.finding] : null;
  if (!info && !finding) { box.hidden = true; return; }
  box.hidden = false;
  box.replaceChildren();
  const file = finding && finding.line ? finding : info;
  if (info) box.append(el("div", { class: "block" }, info.label));
  if (file && file.file) box.append(el("code", { class: "yaml-line" }, `${file.file}:${file.line}`));
  if (file && file.field) box.append(el("div", { class: "field" }, file.field));
  const here = state.findings.filter((f) => f.block === desk.block).length;
  if (desk.block) box.append(el("div", {}, here ? `${here} finding(s) for this block` : "no findings for this block"));
  else if (finding) box.append(el("div", {}, finding.page ? `page ${finding.page} as a whole` : "the issue as a whole"));
}

function showFindings(state) {
  const list = $("findings");
  list.replaceChildren();
  const counts = { error: 0, warning: 0, note: 0 };
  state.findings.forEach((f, i) => {
    counts[f.level] += 1;
    const item = el("li", { class: f.level, "data-index": i });
    if (i === desk.finding || (desk.finding === null && f.block && f.block === desk.block)) item.classList.add("chosen");
    item.append(el("div", {}, `${f.level}${f.kind ? " [" + f.kind + "]" : ""}: ${f.what}`));
    const where = [f.page ? `page ${f.page}` : "issue", f.file && f.line ? `${f.file}:${f.line}` : ""].filter(Boolean);
    item.append(el("div", { class: "where" }, where.join(" · ")));
    if (f.fix) item.append(el("div", { class: "fix" }, `fix: ${f.fix}`));
    item.addEventListener("click", () => select(f.block, i, f.page));
    list.append(item);
  });
  $("counts").textContent = `${counts.error} errors, ${counts.warning} warnings, ${counts.note} notes`;
}

function setup() {
  $("view").addEventListener("click", () => {
    desk.single = !desk.single;
    $("view").textContent = desk.single ? "one page" : "side by side";
    showPages(desk.state);
  });
  const turn = (by) => {
    const n = desk.state.pages.length;
    desk.current = Math.min(n, Math.max(1, desk.current + by));
    showPages(desk.state);
  };
  $("prev").addEventListener("click", () => turn(-1));
  $("next").addEventListener("click", () => turn(1));
  $("zoom-in").addEventListener("click", () => { desk.zoom = Math.min(4, desk.zoom * 1.25); showPages(desk.state); });
  $("zoom-out").addEventListener("click", () => { desk.zoom = Math.max(0.2, desk.zoom / 1.25); showPages(desk.state); });
  $("grid").addEventListener("change", () => showPages(desk.state));
  const events = new EventSource("/events");
  events.addEventListener("build", () => refresh());
}

setup();
