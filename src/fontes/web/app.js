// fontes web app: vanilla JS + SVG over the REST API. Source text is only ever set with
// textContent / text nodes (never innerHTML), so a document containing HTML shows as text.
"use strict";

const SVGNS = "http://www.w3.org/2000/svg";
const main = document.getElementById("main");
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
let entityNames = null;

// ------------------------------------------------------------------ helpers

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "style") node.style.cssText = v;  // CSSOM, allowed by the CSP (no inline style attributes)
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k === "style") node.style.cssText = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return node;
}

async function api(path) {
  const res = await fetch(path, { headers: { Accept: "application/json" } });
  let body = null;
  try { body = await res.json(); } catch (e) { body = null; }
  if (!res.ok) {
    const msg = body && body.error ? body.error.message : `${res.status} ${res.statusText}`;
    throw new Error(msg);
  }
  return body;
}

function show(...nodes) {
  main.replaceChildren(...nodes.flat(2).filter((n) => n !== null && n !== undefined && n !== false));
}

function showError(err) {
  show(el("div", { class: "error", role: "alert" }, String(err.message || err)));
}

async function names() {
  if (!entityNames) {
    entityNames = {};
    for (const e of await api("/api/entities?limit=5000")) entityNames[e.id] = e.name;
  }
  return entityNames;
}

function entityLink(id, nm) {
  return el("a", { href: `#entity/${encodeURIComponent(id)}` }, (nm && nm[id]) || id);
}

function docLink(docId, start, end, label, eventId) {
  let h = `#doc/${encodeURIComponent(docId)}`;
  if (start !== null && start !== undefined) h += `?hl=${start}-${end}` + (eventId ? `&event=${encodeURIComponent(eventId)}` : "");
  return el("a", { href: h }, label);
}

function dayLabel(iso) {
  if (!iso) return "";
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(iso);
  if (!m) return iso;
  if (m[3]) return `${+m[3]} ${MONTHS[+m[2] - 1]} ${m[1]}`;
  if (m[2]) return `${MONTHS[+m[2] - 1]} ${m[1]}`;
  return m[1];
}

function dualLabel(greg, jul) {
  if (!greg && !jul) return "undated";
  const range = (v) => [...new Set(v.split("/").map(dayLabel))].join(" – ");  // same-day ranges read as one day
  const g = range(greg || "");
  if (jul && jul !== greg) return `${g} (O.S. ${range(jul)})`;
  return g;
}

function toTime(iso) {
  return iso ? Date.parse(iso.slice(0, 10) + "T00:00:00Z") : NaN;
}

function hashParams() {
  const [path, query] = location.hash.slice(1).split("?");
  return { path: decodeURIComponent(path || ""), params: new URLSearchParams(query || "") };
}

// ------------------------------------------------------------------ timeline

async function viewTimeline() {
  const [data, nm] = await Promise.all([api("/api/chronology?limit=5000"), names()]);
  const rows = data.rows.filter((r) => r.gregorian_start);
  if (!rows.length) return show(el("h1", {}, "Timeline"), el("p", { class: "muted" }, "No dated events in this knowledge base."));
  let lo = Math.min(...rows.map((r) => toTime(r.gregorian_start)));
  let hi = Math.max(...rows.map((r) => toTime(r.gregorian_end || r.gregorian_start))) + 86400000;
  const pad = Math.max((hi - lo) * 0.03, 86400000);
  const full = [lo - pad, hi + pad];
  // open on the shortest period holding 80% of the events; "Whole period" shows outliers such as later editions
  const starts = rows.map((r) => toTime(r.gregorian_start)).sort((p, q) => p - q);
  const k = Math.max(1, Math.ceil(starts.length * 0.8));
  let best = 0;
  for (let i = 0; i + k - 1 < starts.length; i++) if (starts[i + k - 1] - starts[i] < starts[best + k - 1] - starts[best]) best = i;
  const core = [starts[best], starts[best + k - 1] + 86400000];
  const corePad = Math.max((core[1] - core[0]) * 0.05, 3 * 86400000);
  let domain = [Math.max(full[0], core[0] - corePad), Math.min(full[1], core[1] + corePad)];
  const wrap = el("div", { class: "timeline-wrap", id: "timeline" });
  const info = el("span", { class: "muted" });
  const zoom = (f) => {
    const mid = (domain[0] + domain[1]) / 2, half = ((domain[1] - domain[0]) / 2) * f;
    domain = [mid - half, mid + half];
    draw();
  };
  const toolbar = el("div", { class: "toolbar" },
    el("button", { onclick: () => zoom(0.5), "aria-label": "zoom in" }, "Zoom in"),
    el("button", { onclick: () => zoom(2), "aria-label": "zoom out" }, "Zoom out"),
    el("button", { onclick: () => { domain = full.slice(); draw(); } }, "Whole period"),
    info);
  show(el("h1", {}, "Timeline"),
    el("p", { class: "muted small" }, "Western (Gregorian) axis; Old Style dates in brackets. Bars are the span a date can mean (a month, a night, a range); click an event to read its evidence. Scroll the wheel over the chart to zoom, drag to pan."),
    toolbar, wrap);

  function draw() {
    const width = Math.max(wrap.clientWidth - 4, 700), left = 10, right = width - 10;
    const rowH = 26, top = 34, height = top + rows.length * rowH + 10;
    const x = (t) => left + ((t - domain[0]) / (domain[1] - domain[0])) * (right - left);
    const root = svg("svg", { width, height, role: "img", "aria-label": "timeline of events" });
    const axis = svg("g", { class: "axis" });
    for (const t of ticks(domain)) {
      const xx = x(t.time);
      axis.append(svg("line", { x1: xx, x2: xx, y1: 20, y2: height }), svg("text", { x: xx + 3, y: 14 }, t.label));
    }
    root.append(axis);
    rows.forEach((r, i) => {
      const y = top + i * rowH;
      const s = toTime(r.gregorian_start), e = toTime(r.gregorian_end || r.gregorian_start) + 86400000;
      const x0 = x(s), x1 = Math.max(x(e), x0 + 4);
      const src = r.sources[0] || {};
      const who = [r.actors.map((a) => nm[a] || a).join(", "), r.targets.map((a) => nm[a] || a).join(", ")]
        .filter(Boolean).join(" → ");
      const g = svg("g", {
        class: "event" + (r.modality && r.modality !== "asserted" ? " planned" : ""), tabindex: 0,
        "data-type": r.type, "data-id": r.id,
        onclick: () => { location.hash = `#doc/${encodeURIComponent(src.doc_id)}?hl=${src.start}-${src.end}&event=${encodeURIComponent(src.event_id)}`; },
        onkeydown: (ev) => { if (ev.key === "Enter") ev.currentTarget.dispatchEvent(new MouseEvent("click")); },
      });
      const isSpan = x1 - x0 > 8;
      g.append(svg("rect", { class: isSpan ? "span" : "point", x: x0, y: y + 4, width: isSpan ? x1 - x0 : 6, height: 14, rx: 2 }));
      const label = `${r.type.replace(/_/g, " ")} · ${dualLabel(r.gregorian, r.julian)}${who ? " · " + who : ""}` +
        (r.sources.length > 1 ? ` · ${r.sources.length} sources` : "") + (r.modality && r.modality !== "asserted" ? ` (${r.modality})` : "");
      const outside = x1 < left || x0 > right;  // outside the zoomed period: label kept, dimmed, at the edge
      if (outside) g.setAttribute("opacity", "0.45");
      const tx = Math.max(left + 2, Math.min(x1 + 6, right - 10));
      g.append(svg("text", { x: tx, y: y + 16 }, label));
      g.append(svg("title", {}, `${label}\n“${src.evidence || ""}”\n${src.citation || src.doc || ""}`));
      root.append(g);
    });
    let dragX = null, start = null;
    root.addEventListener("wheel", (ev) => {
      ev.preventDefault();
      const t = domain[0] + ((ev.offsetX - left) / (right - left)) * (domain[1] - domain[0]);
      const f = ev.deltaY > 0 ? 1.25 : 0.8;
      domain = [t - (t - domain[0]) * f, t + (domain[1] - t) * f];
      draw();
    }, { passive: false });
    root.addEventListener("mousedown", (ev) => { dragX = ev.clientX; start = domain.slice(); });
    root.addEventListener("mousemove", (ev) => {
      if (dragX === null || Math.abs(ev.clientX - dragX) <= 3) return;
      const dt = ((ev.clientX - dragX) / (right - left)) * (start[1] - start[0]);
      domain = [start[0] - dt, start[1] - dt];
      root.querySelectorAll("g.event, g.axis").forEach((n) => n.setAttribute("transform", `translate(${ev.clientX - dragX},0)`));
    });
    const endDrag = (ev) => {  // a click (no movement) must reach the event, so only a real drag redraws
      if (dragX === null) return;
      const moved = Math.abs(ev.clientX - dragX) > 3;
      dragX = null;
      if (moved) draw();
    };
    root.addEventListener("mouseup", endDrag);
    root.addEventListener("mouseleave", endDrag);
    wrap.replaceChildren(root);
    info.textContent = `${rows.length} dated events · ${dayLabel(new Date(domain[0]).toISOString())} – ${dayLabel(new Date(domain[1]).toISOString())}`;
  }
  draw();
}

function ticks(domain) {
  const span = domain[1] - domain[0], day = 86400000, out = [];
  const a = new Date(domain[0]), b = new Date(domain[1]);
  if (span > 3 * 365 * day) {
    const step = Math.ceil(span / (365 * day) / 10);
    for (let y = a.getUTCFullYear(); y <= b.getUTCFullYear(); y += step) out.push({ time: Date.UTC(y, 0, 1), label: String(y) });
  } else if (span > 60 * day) {
    const step = Math.max(1, Math.round(span / (30 * day) / 10));
    for (let d = new Date(Date.UTC(a.getUTCFullYear(), a.getUTCMonth(), 1)); d <= b; d.setUTCMonth(d.getUTCMonth() + step))
      out.push({ time: d.getTime(), label: `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}` });
  } else {
    const step = Math.max(1, Math.round(span / day / 12));
    for (let t = Date.UTC(a.getUTCFullYear(), a.getUTCMonth(), a.getUTCDate()); t <= domain[1]; t += step * day) {
      const d = new Date(t);
      out.push({ time: t, label: `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}` });
    }
  }
  return out.filter((t) => t.time >= domain[0] && t.time <= domain[1]);
}

// ------------------------------------------------------------------ reader

async function viewDocument(docId, params) {
  const [doc, nm] = await Promise.all([api(`/api/documents/${encodeURIComponent(docId)}`), names()]);
  const hl = (params.get("hl") || "").split("-").map(Number);
  const text = doc.text;
  const marks = [];
  for (const z of doc.zones) if (z.kind !== "body") marks.push({ s: z.start, e: z.end, cls: z.kind === "boilerplate" ? "chrome" : "meta", title: z.kind + (z.rule ? `: ${z.rule}` : "") });
  for (const m of doc.mentions) marks.push({ s: m.start, e: m.end, cls: "mention", title: `${m.label} ${(m.entity_id && nm[m.entity_id]) || m.entity_id || ""}`, entity: m.entity_id });
  for (const t of doc.timexes) marks.push({ s: t.start, e: t.end, cls: "timex", title: `${t.type} ${t.value}${t.gregorian && t.gregorian !== t.value ? " = N.S. " + t.gregorian : ""}${t.julian ? " (O.S. " + t.julian + ")" : ""}` });
  for (const ev of doc.events) marks.push({ s: ev.start, e: ev.end, cls: "evidence", title: `${ev.type} ${ev.when ? dualLabel(ev.when.gregorian, ev.when.julian) : ""}`, event: ev.id });
  if (hl.length === 2 && !isNaN(hl[0])) marks.push({ s: hl[0], e: hl[1], cls: "hl", title: "evidence" });
  const bounds = new Set([0, text.length]);
  for (const m of marks) { bounds.add(Math.max(0, m.s)); bounds.add(Math.min(text.length, m.e)); }
  const cuts = [...bounds].sort((p, q) => p - q);
  const body = el("div", { class: "doc-text", id: "doc-text" });
  for (let i = 0; i + 1 < cuts.length; i++) {
    const s = cuts[i], e = cuts[i + 1];
    const piece = text.slice(s, e);
    const active = marks.filter((m) => m.s <= s && m.e >= e && m.e > m.s);
    if (!active.length) { body.append(document.createTextNode(piece)); continue; }
    const span = el("span", { class: [...new Set(active.map((m) => m.cls))].join(" "), title: active.map((m) => m.title).join(" | ") }, piece);
    const ent = active.find((m) => m.entity);
    if (ent) span.addEventListener("click", () => { location.hash = `#entity/${encodeURIComponent(ent.entity)}`; });
    if (active.some((m) => m.cls === "hl")) span.setAttribute("data-hl", "1");
    body.append(span);
  }
  const events = el("ol", {}, doc.events.map((ev) => el("li", {
    "data-event": ev.id,
    onclick: () => { location.hash = `#doc/${encodeURIComponent(doc.id)}?hl=${ev.start}-${ev.end}&event=${encodeURIComponent(ev.id)}`; },
  }, el("span", { class: "tag" }, ev.type), ev.when ? dualLabel(ev.when.gregorian, ev.when.julian) + " — " : "",
    `“${ev.evidence.length > 140 ? ev.evidence.slice(0, 140) + "…" : ev.evidence}”`)));
  const cit = doc.citation || {};
  const remove = await removeButton(doc);
  show(
    el("h1", {}, cit.title || doc.name),
    el("p", { class: "muted small" }, cit.formatted || cit.short || doc.path, doc.genre ? ` · ${doc.genre} source` : "",
      doc.calendar ? ` · dates written in the ${doc.calendar} calendar` : ""),
    remove,
    el("p", { class: "legend" }, el("span", { class: "doc-text-legend mention", style: "background:var(--mention)" }, "entity"),
      el("span", { style: "background:var(--timex)" }, "time expression"),
      el("span", { style: "box-shadow: inset 0 -3px 0 #f87171" }, "event evidence"),
      el("span", { style: "background:var(--hl)" }, "selected passage"),
      el("span", { style: "color:#9ca3af;text-decoration:line-through" }, "site chrome")),
    el("div", { class: "reader" }, body, el("aside", { class: "side" }, el("h2", {}, `Events (${doc.events.length})`), events)));
  const target = body.querySelector("[data-hl]");
  if (target) target.scrollIntoView({ block: "center" });
}

// Removing a document (DELETE /api/documents/{id}) needs the operator's token; the button shows only
// when the server has one, and the token is asked for once and kept for this tab only.
async function removeButton(doc) {
  const stats = await api("/api/stats").catch(() => ({}));
  if (!stats.ingest_enabled) return null;
  const status = el("span", { class: "muted small", role: "status" });
  const button = el("button", { type: "button", id: "remove-doc", class: "danger", onclick: async () => {
    if (!confirm(`Remove “${doc.name}” and everything only it supports (its events, claims, entities found only in it)?`)) return;
    let token = sessionStorage.getItem("fontes-token");
    if (!token) token = prompt("Operator token (FONTES_API_TOKEN):") || "";
    if (!token) return;
    button.disabled = true;
    status.textContent = " removing and resolving the other documents again…";
    const res = await fetch(`/api/documents/${encodeURIComponent(doc.id)}`,
      { method: "DELETE", headers: { Accept: "application/json", Authorization: `Bearer ${token}` } });
    const body = await res.json().catch(() => null);
    if (res.ok) {
      sessionStorage.setItem("fontes-token", token);
      entityNames = null;
      location.hash = "#documents";
      return;
    }
    if (res.status === 401) sessionStorage.removeItem("fontes-token");
    button.disabled = false;
    status.textContent = " " + (body && body.error ? body.error.message : `${res.status} ${res.statusText}`);
  } }, "Remove this document");
  return el("p", { class: "toolbar remove" }, button, status);
}

async function viewDocuments() {
  const docs = await api("/api/documents");
  show(el("h1", {}, "Documents"), el("table", {},
    el("tr", {}, el("th", {}, "Source"), el("th", {}, "Citation"), el("th", {}, "Date"), el("th", {}, "Genre"), el("th", {}, "Calendar")),
    docs.map((d) => el("tr", {}, el("td", {}, docLink(d.id, null, null, d.name)), el("td", {}, d.short_citation || ""),
      el("td", {}, dualLabel(d.dct_gregorian, d.dct_julian)), el("td", {}, d.genre || ""), el("td", {}, d.calendar || "")))));
}

// ------------------------------------------------------------------ entities

async function viewEntities() {
  const list = await api("/api/entities?limit=5000");
  show(el("h1", {}, "Entities"), el("table", {},
    el("tr", {}, el("th", {}, "Name"), el("th", {}, "Type"), el("th", {}, "Also called"), el("th", {}, "Mentions")),
    list.map((e) => el("tr", {}, el("td", {}, entityLink(e.id, { [e.id]: e.name })), el("td", {}, e.type),
      el("td", { class: "small" }, e.aliases.filter((a) => a !== e.name).join(" · ")), el("td", {}, e.mention_count)))));
}

async function viewEntity(id) {
  const [e, nm] = await Promise.all([api(`/api/entities/${encodeURIComponent(id)}`), names()]);
  show(
    el("h1", {}, e.name, " ", el("span", { class: "tag" }, e.type)),
    e.aliases.length ? el("p", {}, el("strong", {}, "Also called: "), e.aliases.join(" · ")) : null,
    e.lat !== null && e.lat !== undefined ? el("p", { class: "muted" }, `Coordinates ${e.lat.toFixed(2)}, ${e.lon.toFixed(2)}`) : null,
    el("h2", {}, "Roles"),
    e.roles.length ? el("ul", {}, e.roles.map((r) => el("li", {}, el("strong", {}, r.title), ` ${r.start ? dayLabel(r.start) : "?"} – ${r.end ? dayLabel(r.end) : ""}`,
      r.evidence ? el("blockquote", {}, r.evidence) : null))) : el("p", { class: "muted" }, "No roles recorded."),
    el("h2", {}, `Events (${e.events.length})`),
    el("table", {}, el("tr", {}, el("th", {}, "Date"), el("th", {}, "Event"), el("th", {}, "Evidence")),
      e.events.map((r) => {
        const s = r.sources[0] || {};
        return el("tr", {}, el("td", {}, dualLabel(r.gregorian, r.julian)),
          el("td", {}, el("span", { class: "tag" }, r.type), r.actors.map((a) => nm[a] || a).join(", "), r.targets.length ? " → " + r.targets.map((a) => nm[a] || a).join(", ") : ""),
          el("td", { class: "small" }, docLink(s.doc_id, s.start, s.end, `“${s.evidence}”`, s.event_id), " — ", s.citation || s.doc || ""));
      })),
    el("h2", {}, `Mentions (${e.mentions.length})`),
    el("ul", { class: "small" }, e.mentions.slice(0, 60).map((m) => el("li", {}, "…", m.before, el("mark", {}, m.text), m.after, "… ",
      docLink(m.doc_id, m.start, m.end, m.citation || m.doc)))));
}

// ------------------------------------------------------------------ network

async function viewNetwork() {
  const net = await api("/api/network");
  if (!net.nodes.length) return show(el("h1", {}, "Network"), el("p", { class: "muted" }, "No actor-to-actor events (orders, appointments, dismissals, authorisations) yet."));
  const W = Math.max(main.clientWidth - 40, 800), H = 620;
  const nodes = net.nodes.map((n, i) => ({ ...n, x: W / 2 + Math.cos(i * 2.4) * W * 0.3, y: H / 2 + Math.sin(i * 2.4) * H * 0.3, vx: 0, vy: 0 }));
  const byId = Object.fromEntries(nodes.map((n) => [n.id, n]));
  const links = net.edges.map((e) => ({ ...e, s: byId[e.source], t: byId[e.target] }));
  for (let it = 0; it < 400; it++) {  // a small force layout: repulsion, springs, gravity
    for (const a of nodes) for (const b of nodes) {
      if (a === b) continue;
      const dx = a.x - b.x, dy = a.y - b.y, d2 = Math.max(dx * dx + dy * dy, 100);
      a.vx += (dx / d2) * 1800; a.vy += (dy / d2) * 1800;
    }
    for (const l of links) {
      const dx = l.t.x - l.s.x, dy = l.t.y - l.s.y, d = Math.sqrt(dx * dx + dy * dy) || 1, f = (d - 170) * 0.02;
      l.s.vx += (dx / d) * f; l.s.vy += (dy / d) * f; l.t.vx -= (dx / d) * f; l.t.vy -= (dy / d) * f;
    }
    for (const n of nodes) {
      n.vx += (W / 2 - n.x) * 0.02; n.vy += (H / 2 - n.y) * 0.03;
      n.x = Math.min(W - 90, Math.max(90, n.x + n.vx * 0.5)); n.y = Math.min(H - 30, Math.max(30, n.y + n.vy * 0.5));
      n.vx *= 0.6; n.vy *= 0.6;
    }
  }
  const colors = { ORDER: "#b45309", APPOINTMENT: "#15803d", DISMISSAL: "#b91c1c", AUTHORIZATION: "#1d4ed8", MESSAGE_SENT: "#7c3aed", REFUSAL: "#be185d", PROPOSAL: "#0e7490", ARREST: "#374151" };
  const root = svg("svg", { width: W, height: H, role: "img", "aria-label": "network of actors", style: "background:#fff;border:1px solid #d9dee7" });
  const defs = svg("defs");
  for (const [t, c] of Object.entries(colors)) defs.append(svg("marker", { id: `arrow-${t}`, viewBox: "0 0 10 10", refX: 22, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" }, svg("path", { d: "M0,0 L10,5 L0,10 z", fill: c })));
  root.append(defs);
  links.forEach((l, i) => {
    const ev = l.events[0];
    const g = svg("g", { class: "event", onclick: () => { location.hash = `#doc/${encodeURIComponent(ev.doc_id)}?hl=${ev.start}-${ev.end}`; } },
      svg("line", { x1: l.s.x, y1: l.s.y + (i % 3) * 2, x2: l.t.x, y2: l.t.y + (i % 3) * 2, stroke: colors[l.type] || "#555", "stroke-width": 1.5 + Math.min(l.events.length, 4), "marker-end": `url(#arrow-${l.type})`, opacity: 0.75 }),
      svg("text", { x: (l.s.x + l.t.x) / 2, y: (l.s.y + l.t.y) / 2 - 4 + (i % 3) * 12, "text-anchor": "middle", style: `fill:${colors[l.type] || "#555"};font-size:10px` }, l.type.replace(/_/g, " ").toLowerCase()),
      svg("title", {}, l.events.map((e) => `${l.type} ${e.date}: “${e.evidence}”`).join("\n")));
    root.append(g);
  });
  for (const n of nodes) {
    root.append(svg("g", { class: "event", onclick: () => { location.hash = `#entity/${encodeURIComponent(n.id)}`; } },
      svg("circle", { cx: n.x, cy: n.y, r: 9, fill: n.type === "PER" ? "#f59e0b" : "#64748b", stroke: "#fff", "stroke-width": 2 }),
      svg("text", { x: n.x + 12, y: n.y + 4 }, n.name.length > 40 ? n.name.slice(0, 38) + "…" : n.name)));
  }
  const legend = el("p", { class: "legend" }, Object.entries(colors).map(([t, c]) => el("span", { style: `color:${c}` }, "■ " + t.replace(/_/g, " ").toLowerCase())));
  show(el("h1", {}, "Network of actors"), el("p", { class: "muted small" }, "Who acted on whom: an arrow runs from the actor to the target; click an arrow for its evidence, a name for the entity."), legend, root);
}

// ------------------------------------------------------------------ map

async function viewMap() {
  const places = await api("/api/places");
  const W = Math.max(main.clientWidth - 40, 800), H = 560;
  let box = [-25, 30, 65, 72];  // lon0, lat0, lon1, lat1: Europe and western Asia until places say otherwise
  if (places.length) {
    const lons = places.map((p) => p.lon), lats = places.map((p) => p.lat);
    box = [Math.min(...lons) - 12, Math.min(...lats) - 8, Math.max(...lons) + 12, Math.max(...lats) + 8];
  }
  const kx = W / (box[2] - box[0]), ky = H / (box[3] - box[1]), k = Math.min(kx, ky);
  const cx = (box[0] + box[2]) / 2, cy = (box[1] + box[3]) / 2;
  const px = (lon, lat) => [W / 2 + (lon - cx) * k, H / 2 - (lat - cy) * k];
  const root = svg("svg", { width: W, height: H, role: "img", "aria-label": "map of places", style: "background:#eaf2f8;border:1px solid #d9dee7" });
  const note = el("p", { class: "muted small" }, "Places the sources name, at the coordinates fontes linked them to; click a place for its page.");
  for (let lon = -180; lon <= 180; lon += 10) root.append(svg("line", { x1: px(lon, -85)[0], y1: 0, x2: px(lon, -85)[0], y2: H, stroke: "#d6e3ee" }));
  for (let lat = -80; lat <= 80; lat += 10) root.append(svg("line", { x1: 0, y1: px(0, lat)[1], x2: W, y2: px(0, lat)[1], stroke: "#d6e3ee" }));
  try {
    if (window.topojsonMissing || !window.topojson) throw new Error("topojson-client not installed");
    const world = await api("/vendor/world-atlas/countries-110m.json");
    const geo = window.topojson.feature(world, world.objects.countries);
    const g = svg("g", { class: "countries" });
    for (const f of geo.features) {
      const polys = f.geometry ? (f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates) : [];
      let d = "";
      for (const poly of polys) for (const ring of poly) {
        // a ring that crosses the antimeridian jumps across the map: lift the pen there instead of drawing
        d += ring.map(([lon, lat], i) => {
          const [x, y] = px(lon, lat);
          const jump = i && Math.abs(lon - ring[i - 1][0]) > 180;
          return `${i && !jump ? "L" : "M"}${x.toFixed(1)},${y.toFixed(1)}`;
        }).join("");
      }
      g.append(svg("path", { d, fill: "#f8f5ee", stroke: "#b9b2a3", "stroke-width": 0.7 }, svg("title", {}, (f.properties && f.properties.name) || "")));
    }
    root.append(g);
  } catch (err) {
    note.append(document.createTextNode(` (Country shapes unavailable: ${err.message}; run npm ci in src/fontes/web.)`));
  }
  for (const p of places) {
    const [x, y] = px(p.lon, p.lat);
    root.append(svg("g", { class: "event", onclick: () => { location.hash = `#entity/${encodeURIComponent(p.id)}`; } },
      svg("circle", { cx: x, cy: y, r: 4 + Math.min(8, Math.sqrt(p.mentions || 1) * 1.5), fill: "#b91c1c", opacity: 0.8, stroke: "#fff" }),
      svg("text", { x: x + 10, y: y + 4, style: "font-weight:bold" }, p.name),
      svg("title", {}, `${p.name}: ${p.mentions} mentions in ${p.docs} documents`)));
  }
  show(el("h1", {}, "Map of places"), note, root,
    places.length ? null : el("p", { class: "muted" }, "No place has coordinates yet."));
}

// ------------------------------------------------------------------ chain of command

async function viewChain() {
  const [rows, nm] = await Promise.all([api("/api/chain"), names()]);
  if (!rows.length) return show(el("h1", {}, "Chain of command"), el("p", { class: "muted" }, "No orders, messages, appointments or dismissals recorded."));
  const lanes = [];
  for (const r of rows) for (const p of [...r.actors, ...r.targets]) if (!lanes.includes(p)) lanes.push(p);
  const laneW = 170, W = Math.max(lanes.length * laneW + 40, 700), rowH = 46, top = 60, H = top + rows.length * rowH + 20;
  const lx = (id) => 20 + lanes.indexOf(id) * laneW + laneW / 2;
  const root = svg("svg", { width: W, height: H, role: "img", "aria-label": "sequence diagram", style: "background:#fff;border:1px solid #d9dee7" });
  root.append(svg("defs", {}, svg("marker", { id: "seq-arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" }, svg("path", { d: "M0,0 L10,5 L0,10 z", fill: "#334155" }))));
  for (const id of lanes) {
    const x = lx(id), name = nm[id] || id;
    root.append(svg("line", { x1: x, y1: 40, x2: x, y2: H - 10, stroke: "#cbd5e1", "stroke-dasharray": "4 4" }),
      svg("rect", { x: x - laneW / 2 + 6, y: 8, width: laneW - 12, height: 28, rx: 4, fill: "#f1f5f9", stroke: "#94a3b8" }),
      svg("text", { x, y: 27, "text-anchor": "middle", style: "font-weight:bold;font-size:11px" }, name.length > 24 ? name.slice(0, 22) + "…" : name, svg("title", {}, name)));
  }
  rows.forEach((r, i) => {
    const y = top + i * rowH + 18, src = r.sources[0] || {};
    const from = r.actors[0], tos = r.targets.length ? r.targets : [];
    const g = svg("g", { class: "event", onclick: () => { location.hash = `#doc/${encodeURIComponent(src.doc_id)}?hl=${src.start}-${src.end}&event=${encodeURIComponent(src.event_id)}`; } });
    const label = `${r.type.replace(/_/g, " ").toLowerCase()} · ${dualLabel(r.gregorian, r.julian)}${r.channel ? " · by " + r.channel : ""}`;
    if (from && tos.length) {
      for (const to of tos) g.append(svg("line", { x1: lx(from), y1: y, x2: lx(to), y2: y, stroke: "#334155", "stroke-width": 1.6, "marker-end": "url(#seq-arrow)" }));
      const mid = (lx(from) + lx(tos[0])) / 2;
      g.append(svg("text", { x: mid, y: y - 6, "text-anchor": "middle" }, label));
    } else {
      const x = lx(from || tos[0]);
      g.append(svg("rect", { x: x - 6, y: y - 10, width: 12, height: 20, fill: "#fde68a", stroke: "#b45309" }), svg("text", { x: x + 12, y: y + 4 }, label));
    }
    g.append(svg("title", {}, `“${src.evidence || ""}” — ${src.citation || src.doc || ""}`));
    root.append(g);
  });
  show(el("h1", {}, "Chain of command"), el("p", { class: "muted small" }, "Who told whom what, when, and by which channel, in date order; click a step for its evidence."), el("div", { style: "overflow:auto" }, root));
}

// ------------------------------------------------------------------ conflicts

async function viewConflicts() {
  const conflicts = await api("/api/conflicts");
  show(el("h1", {}, `Conflicts (${conflicts.length})`),
    conflicts.length ? null : el("p", { class: "muted" }, "The sources do not contradict each other anywhere fontes could see."),
    conflicts.map((c) => el("section", { class: "card conflict" },
      el("h2", {}, el("span", { class: "tag" }, c.kind), c.about),
      el("p", {}, el("strong", {}, c.diagnosis.replace(/_/g, " ") + ": "), c.explanation),
      el("div", { class: "sides" }, c.claims.map((cl) => el("div", { class: "card" },
        el("div", {}, el("strong", {}, cl.says ? dualLabel(cl.says) : "(no value)"), " — ", cl.citation || cl.doc || cl.doc_id),
        el("blockquote", {}, cl.evidence),
        cl.start !== null ? docLink(cl.doc_id, cl.start, cl.end, "Open in the reader") : null))))));
}

// ------------------------------------------------------------------ search and ask

function highlighted(textValue, ranges) {
  const out = [];
  let at = 0;
  for (const [s, e] of ranges) {
    if (s > at) out.push(document.createTextNode(textValue.slice(at, s)));
    out.push(el("mark", {}, textValue.slice(s, e)));
    at = e;
  }
  out.push(document.createTextNode(textValue.slice(at)));
  return out;
}

async function viewSearch(params) {
  const q = params.get("q") || "";
  document.getElementById("search-input").value = q;
  const form = el("form", { class: "toolbar", id: "search-options" });
  const field = (name, label, node) => el("label", {}, label + " ", node);
  const sel = (name, opts) => {
    const s = el("select", { name }, opts.map((o) => el("option", { value: o }, o)));
    s.value = params.get(name) || opts[0];
    return s;
  };
  form.append(
    field("mode", "mode", sel("mode", ["simple", "advanced"])),
    field("ranking", "ranking", sel("ranking", ["bm25", "hybrid", "semantic"])),
    field("scope", "in", sel("scope", ["sentences", "documents"])),
    field("from", "from", el("input", { name: "from", size: 10, placeholder: "1917-11", value: params.get("from") || "" })),
    field("to", "to", el("input", { name: "to", size: 10, placeholder: "1917-12-31", value: params.get("to") || "" })),
    field("calendar", "calendar", sel("calendar", ["gregorian", "julian"])),
    el("button", { type: "submit" }, "Apply"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const p = new URLSearchParams(params);
    for (const [k, v] of new FormData(form)) { if (v) p.set(k, v); else p.delete(k); }
    location.hash = "#search?" + p.toString();
  });
  if (!q) return show(el("h1", {}, "Search"), form);
  const apiParams = new URLSearchParams(params);
  apiParams.set("facets", "true");
  let res;
  try { res = await api("/api/search?" + apiParams.toString()); } catch (err) {
    return show(el("h1", {}, "Search"), form, el("div", { class: "error", role: "alert", id: "search-error" }, err.message));
  }
  const nm = await names();
  const facetBox = el("aside", { class: "facets" });
  const labels = { source: "Source", genre: "Genre", event_type: "Event type", entity: "Entity" };
  const keys = { source: "doc", genre: "genre", event_type: "event_type", entity: "entity" };
  for (const [name, counts] of Object.entries(res.facets || {})) {
    if (!counts.length) continue;
    facetBox.append(el("h3", {}, labels[name] || name));
    for (const [value, n] of counts) {
      const p = new URLSearchParams(params);
      p.set(keys[name], value);
      const shown = name === "entity" ? nm[value] || value : name === "source" ? value.slice(0, 10) + "…" : value;
      facetBox.append(el("a", { href: "#search?" + p.toString() }, `${shown} (${n})`));
    }
  }
  const active = ["doc", "genre", "event_type", "entity"].filter((k) => params.get(k));
  const hits = el("div", { id: "search-results" }, res.hits.map((h) => el("div", { class: "hit" },
    el("div", {}, ...highlighted(h.text, h.highlights)),
    el("div", { class: "small muted" }, docLink(h.doc_id, h.start, h.end, h.citation || h.doc || h.doc_id), h.date ? ` · ${dayLabel(h.date.split("/")[0])}` : "", ` · ${h.zone}`))));
  show(el("h1", {}, `Search: ${q}`), form,
    res.note ? el("div", { class: "note" }, res.note) : null,
    active.length ? el("p", { class: "small" }, "Filters: ", active.map((k) => {
      const p = new URLSearchParams(params); p.delete(k);
      return el("a", { href: "#search?" + p.toString(), style: "margin-right:.6rem" }, `${k}=${k === "entity" ? nm[params.get(k)] || params.get(k) : params.get(k)} ✕`);
    })) : null,
    el("p", { class: "muted small" }, `${res.total_estimated ? "about " : ""}${res.total} match${res.total === 1 ? "" : "es"} (${res.ranking}${res.approximate ? `, approximate: ${res.candidates} ranked` : ""})`),
    el("div", { class: "search-layout" }, facetBox, hits));
}

async function viewAsk(params) {
  const q = params.get("q") || "";
  document.getElementById("ask-input").value = q;
  if (!q) return show(el("h1", {}, "Ask"), el("p", { class: "muted" }, "Ask who, what, when or where; answers quote their sources."));
  let a;
  try { a = await api("/api/ask?q=" + encodeURIComponent(q)); } catch (err) {
    return show(el("h1", {}, "Ask"), el("div", { class: "error", role: "alert" }, err.message));
  }
  show(el("h1", {}, q),
    el("div", { class: "answer-big", id: "answer" }, a.answer),
    el("p", {}, a.text),
    a.disagreement.length ? el("section", {}, el("h2", {}, "The sources disagree"), el("div", { class: "sides" }, a.disagreement.map((d) => el("div", { class: "card" },
      el("strong", {}, d.says ? dualLabel(d.says) : "(no value)"), " — ", d.citation || d.doc || "", el("blockquote", {}, d.evidence))))) : null,
    el("h2", {}, a.passages.length ? "Cited passages" : "No passage found"),
    a.passages.map((p) => el("div", { class: "card passage" }, el("blockquote", {}, p.evidence),
      el("div", { class: "small" }, p.event_type ? el("span", { class: "tag" }, p.event_type) : null, docLink(p.doc_id, p.start, p.end, p.citation || p.doc, p.event_id)))));
}

// ------------------------------------------------------------------ router

const routes = {
  timeline: viewTimeline, network: viewNetwork, map: viewMap, chain: viewChain, conflicts: viewConflicts,
  documents: viewDocuments, entities: viewEntities,
};

async function route() {
  const { path, params } = hashParams();
  const [head, ...rest] = path.split("/");
  const id = rest.join("/");
  for (const a of document.querySelectorAll("#nav a")) a.classList.toggle("active", a.dataset.view === (head || "timeline"));
  show(el("p", { class: "muted" }, "Loading…"));
  try {
    if (head === "doc") await viewDocument(id, params);
    else if (head === "entity") await viewEntity(id);
    else if (head === "search") await viewSearch(params);
    else if (head === "ask") await viewAsk(params);
    else await (routes[head] || viewTimeline)();
    main.setAttribute("data-view", head || "timeline");
  } catch (err) {
    showError(err);
  }
}

document.getElementById("search-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const q = document.getElementById("search-input").value.trim();
  if (q) location.hash = "#search?q=" + encodeURIComponent(q);
});
document.getElementById("ask-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const q = document.getElementById("ask-input").value.trim();
  if (q) location.hash = "#ask?q=" + encodeURIComponent(q);
});
window.addEventListener("hashchange", route);
route();
