// fontes web app: linked views and saving charts. Loaded before app.js.
// A period chosen on the timeline (shift-drag, or "Filter the other views to this period") lives in the
// URL (?from=YYYY-MM-DD&to=YYYY-MM-DD), so the network, the map and the entity list show only what takes
// part in the events of that period, and a link to any view shares it as it is.
"use strict";

function period() {
  const params = new URLSearchParams((location.hash.split("?")[1]) || "");
  const from = params.get("from"), to = params.get("to");
  return from || to ? { from, to } : null;
}

function periodQuery(p = period()) {
  if (!p) return "";
  const q = new URLSearchParams();
  if (p.from) q.set("from", p.from);
  if (p.to) q.set("to", p.to);
  return q.toString();
}

// The nav links carry the period, and a chip in the header says it and clears it.
function syncPeriodNav() {
  const q = periodQuery();
  for (const a of document.querySelectorAll("#nav a")) {
    const view = a.dataset.view;
    if (["timeline", "network", "map", "entities"].includes(view)) a.setAttribute("href", `#${view}${q ? "?" + q : ""}`);
  }
  let chip = document.getElementById("period-chip");
  if (!chip) {
    chip = el("span", { id: "period-chip", class: "chip" });
    document.getElementById("nav").after(chip);
  }
  const p = period();
  chip.replaceChildren();
  if (p) chip.append(`Period: ${dayLabel(p.from) || "…"} – ${dayLabel(p.to) || "…"} `,
    el("button", { type: "button", "aria-label": "clear the period", onclick: () => { location.hash = "#" + (location.hash.slice(1).split("?")[0] || "timeline"); } }, "✕"));
}

function periodNote(what) {
  const p = period();
  if (!p) return null;
  return el("p", { class: "note", id: "period-note" }, `${what} in the events of ${dayLabel(p.from) || "…"} – ${dayLabel(p.to) || "…"} only. `,
    el("a", { href: "#" + location.hash.slice(1).split("?")[0] }, "Show all"));
}

function isoDay(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

// Save a chart for a publication: SVG as drawn (with its styles inlined), or PNG at twice its size.
function saveButtons(getSvg, name) {
  const save = (kind) => {
    const node = getSvg();
    if (!node) return;
    const copy = node.cloneNode(true);
    copy.setAttribute("xmlns", SVGNS);
    inlineStyles(node, copy);
    const text = new XMLSerializer().serializeToString(copy);
    const url = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
    if (kind === "svg") return download(url, `${name}.svg`);
    const img = new Image();
    img.onload = () => {
      const w = +node.getAttribute("width") || node.clientWidth, h = +node.getAttribute("height") || node.clientHeight;
      const canvas = document.createElement("canvas");
      canvas.width = w * 2; canvas.height = h * 2;
      const ctx = canvas.getContext("2d");
      ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.scale(2, 2); ctx.drawImage(img, 0, 0);
      download(canvas.toDataURL("image/png"), `${name}.png`);
    };
    img.src = url;
  };
  return el("span", { class: "save" }, el("button", { type: "button", class: "save-svg", onclick: () => save("svg") }, "Save SVG"),
    el("button", { type: "button", class: "save-png", onclick: () => save("png") }, "Save PNG"));
}

function download(url, filename) {
  const a = el("a", { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
}

// The page's CSS does not travel with an SVG file: copy the computed fill, stroke and font of each node.
function inlineStyles(from, to) {
  const src = [from, ...from.querySelectorAll("*")], dst = [to, ...to.querySelectorAll("*")];
  src.forEach((n, i) => {
    const cs = getComputedStyle(n);
    const keep = ["fill", "stroke", "stroke-width", "opacity", "font-family", "font-size", "font-weight", "font-style"];
    dst[i].setAttribute("style", keep.map((k) => `${k}:${cs.getPropertyValue(k)}`).join(";") + ";" + (dst[i].getAttribute("style") || ""));
  });
}

// A view's own state (the timeline's zoom, the map's centre and scale) written into the URL without a
// reload, so the link shares the view as it is; the period and other parameters are kept.
function keepInUrl(view, values) {
  const [path, query] = location.hash.slice(1).split("?");
  if ((path || "timeline").split("/")[0] !== view) return;
  const params = new URLSearchParams(query || "");
  for (const [k, v] of Object.entries(values)) params.set(k, v);
  history.replaceState(null, "", `#${path || view}?${params.toString()}`);
}
