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

const PARTS = { MO: "morning of", MI: "midday of", AF: "afternoon of", EV: "evening of", NI: "night of", DT: "daytime of" };
const SEASONS = { SP: "spring", SU: "summer", FA: "autumn", AU: "autumn", WI: "winter" };

// A TIMEX3 value as people write it ("night of 6 Nov 1917", "spring 1917"), never with its raw suffix.
function dayLabel(iso) {
  if (!iso) return "";
  const season = /^(\d{4})-(SP|SU|FA|AU|WI)$/.exec(iso);
  if (season) return `${SEASONS[season[2]]} ${season[1]}`;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T(?:(\d{2}):(\d{2})|(MO|MI|AF|EV|NI|DT)))?/.exec(iso);
  if (!m) return iso;
  let out = m[1];
  if (m[3]) out = `${+m[3]} ${MONTHS[+m[2] - 1]} ${m[1]}`;
  else if (m[2]) out = `${MONTHS[+m[2] - 1]} ${m[1]}`;
  if (m[4]) out += `, ${+m[4]}:${m[5]}`;
  if (m[6]) out = `${PARTS[m[6]]} ${out}`;
  return out;
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
  const chosen = period();
  const zoomed = /^(\d{4}-\d{2}-\d{2}),(\d{4}-\d{2}-\d{2})$/.exec(hashParams().params.get("zoom") || "");
  if (zoomed) domain = [toTime(zoomed[1]), toTime(zoomed[2])];
  else if (chosen && (chosen.from || chosen.to)) {  // open on the period in the URL, a little around it
    const a = chosen.from ? toTime(chosen.from) : full[0], b = chosen.to ? toTime(chosen.to) + 86400000 : full[1];
    const m = Math.max((b - a) * 0.1, 86400000);
    domain = [a - m, b + m];
  }
  const wrap = el("div", { class: "timeline-wrap", id: "timeline" });
  const info = el("span", { class: "muted" });
  const zoom = (f) => {
    const mid = (domain[0] + domain[1]) / 2, half = ((domain[1] - domain[0]) / 2) * f;
    domain = [mid - half, mid + half];
    draw();
  };
  const editable = await canEdit();
  const types = (await serverStats()).event_types || [];
  let editing = false;
  const panel = el("div", { id: "timeline-editor" });
  const editToggle = editable ? el("button", { id: "edit-mode", "aria-pressed": "false", onclick: () => {
    editing = !editing;
    editToggle.setAttribute("aria-pressed", String(editing));
    editToggle.textContent = editing ? "Editing: click an event" : "Edit";
    if (!editing) panel.replaceChildren();
  } }, "Edit") : null;
  const editRow = (r) => {
    const src = r.sources[0] || {};
    panel.replaceChildren(el("section", { class: "card" },
      el("div", {}, el("span", { class: "tag" }, r.type), dualLabel(r.gregorian, r.julian), " — ", src.citation || src.doc || "", " ",
        docLink(src.doc_id, src.start, src.end, "read it in the source", src.event_id)),
      el("blockquote", {}, src.evidence || ""), curatedNote(r.curated),
      eventEditor({ id: src.event_id, type: r.type, when: { gregorian: r.gregorian, julian: r.julian } }, types)));
    const d = panel.querySelector("details");
    if (d) d.open = true;
  };
  const toolbar = el("div", { class: "toolbar" },
    editToggle,
    el("button", { onclick: () => zoom(0.5), "aria-label": "zoom in" }, "Zoom in"),
    el("button", { onclick: () => zoom(2), "aria-label": "zoom out" }, "Zoom out"),
    el("button", { onclick: () => { domain = full.slice(); draw(); } }, "Whole period"),
    el("button", { id: "use-period", title: "Shift-drag on the chart to choose a period", onclick: () => {
      location.hash = `#timeline?from=${isoDay(domain[0])}&to=${isoDay(domain[1] - 86400000)}`;
    } }, "Filter the other views to this period"),
    saveButtons(() => wrap.querySelector("svg"), "fontes-timeline"),
    info);
  show(el("h1", {}, "Timeline"),
    el("p", { class: "muted small" }, "Western (Gregorian) axis; Old Style dates in brackets. Bars are the span a date can mean (a month, a night, a range); click an event to read its evidence. Scroll the wheel over the chart to zoom, drag to pan, shift-drag to choose a period that filters the network, the map and the entities."),
    toolbar, wrap, panel);

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
    if (chosen) {  // the period the other views are filtered to
      const a = chosen.from ? x(toTime(chosen.from)) : left, b = chosen.to ? x(toTime(chosen.to) + 86400000) : right;
      root.append(svg("rect", { class: "period", x: Math.max(left, a), y: 20, width: Math.max(2, Math.min(right, b) - Math.max(left, a)), height: height - 20 }));
    }
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
        onclick: () => {
          if (editing) return editRow(r);
          location.hash = `#doc/${encodeURIComponent(src.doc_id)}?hl=${src.start}-${src.end}&event=${encodeURIComponent(src.event_id)}`;
        },
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
    let brush = null;
    const timeAt = (offsetX) => domain[0] + ((offsetX - left) / (right - left)) * (domain[1] - domain[0]);
    root.addEventListener("mousedown", (ev) => {
      if (ev.shiftKey) {  // brush: choose a period
        brush = { x: ev.offsetX, rect: svg("rect", { class: "brush", x: ev.offsetX, y: 20, width: 1, height: height - 20 }) };
        root.append(brush.rect);
        return;
      }
      dragX = ev.clientX; start = domain.slice();
    });
    root.addEventListener("mousemove", (ev) => {
      if (brush) {
        brush.rect.setAttribute("x", Math.min(brush.x, ev.offsetX));
        brush.rect.setAttribute("width", Math.abs(ev.offsetX - brush.x));
        return;
      }
      if (dragX === null || Math.abs(ev.clientX - dragX) <= 3) return;
      const dt = ((ev.clientX - dragX) / (right - left)) * (start[1] - start[0]);
      domain = [start[0] - dt, start[1] - dt];
      root.querySelectorAll("g.event, g.axis").forEach((n) => n.setAttribute("transform", `translate(${ev.clientX - dragX},0)`));
    });
    const endDrag = (ev) => {  // a click (no movement) must reach the event, so only a real drag redraws
      if (brush) {
        const a = timeAt(Math.min(brush.x, ev.offsetX)), b = timeAt(Math.max(brush.x, ev.offsetX));
        brush = null;
        if (b - a >= 86400000 / 2) location.hash = `#timeline?from=${isoDay(a)}&to=${isoDay(b)}`;
        else draw();
        return;
      }
      if (dragX === null) return;
      const moved = Math.abs(ev.clientX - dragX) > 3;
      dragX = null;
      if (moved) draw();
    };
    root.addEventListener("mouseup", endDrag);
    root.addEventListener("mouseleave", endDrag);
    wrap.replaceChildren(root);
    keepInUrl("timeline", { zoom: `${isoDay(domain[0])},${isoDay(domain[1])}` });
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
  for (const m of doc.mentions) marks.push({ s: m.start, e: m.end, cls: "mention", title: `${m.label} ${(m.entity_id && nm[m.entity_id]) || m.entity_id || ""}${m.source === "edition" ? " (marked by the edition)" : ""}`, entity: m.entity_id });
  for (const t of doc.timexes) marks.push({ s: t.start, e: t.end, cls: "timex", title: `${t.type} ${t.value}${t.gregorian && t.gregorian !== t.value ? " = N.S. " + t.gregorian : ""}${t.julian ? " (O.S. " + t.julian + ")" : ""}` });
  for (const ev of doc.events) marks.push({ s: ev.start, e: ev.end, cls: "evidence", title: `${ev.type} ${ev.when ? dualLabel(ev.when.gregorian, ev.when.julian) : ""}`, event: ev.id });
  for (const mk of doc.marks || []) if (mk.kind === "low_confidence") marks.push({ s: mk.start, e: mk.end, cls: "lowconf", title: `OCR confidence ${mk.value}` });
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
  const editable = await canEdit();
  const types = (await serverStats()).event_types || [];
  const events = el("ol", {}, doc.events.map((ev) => el("li", {
    "data-event": ev.id,
    onclick: () => { location.hash = `#doc/${encodeURIComponent(doc.id)}?hl=${ev.start}-${ev.end}&event=${encodeURIComponent(ev.id)}`; },
  }, el("span", { class: "tag" }, ev.type), ev.when ? dualLabel(ev.when.gregorian, ev.when.julian) + " — " : "",
    `“${ev.evidence.length > 140 ? ev.evidence.slice(0, 140) + "…" : ev.evidence}”`, " ", curatedNote(ev.curated),
    editable ? eventEditor(ev, types) : null)));
  const cit = doc.citation || {};
  const remove = await removeButton(doc);
  show(
    el("h1", {}, cit.title || doc.name),
    el("p", { class: "muted small" }, cit.formatted || cit.short || doc.path, doc.genre ? ` · ${doc.genre} source` : "",
      doc.calendar ? ` · dates written in the ${doc.calendar} calendar` : ""),
    remove,
    editable ? calendarTool(doc) : null,
    editable ? selectionAdder(doc, body, types) : null,
    el("p", { class: "legend" }, el("span", { class: "doc-text-legend mention", style: "background:var(--mention)" }, "entity"),
      el("span", { style: "background:var(--timex)" }, "time expression"),
      el("span", { style: "box-shadow: inset 0 -3px 0 #f87171" }, "event evidence"),
      el("span", { style: "background:var(--hl)" }, "selected passage"),
      el("span", { style: "color:#6b7280;text-decoration:line-through" }, "site chrome")),
    el("div", { class: "reader" }, body, el("aside", { class: "side" }, pagePanel(doc, hl.length === 2 && !isNaN(hl[0]) ? hl : null),
      el("h2", {}, `Events (${doc.events.length})`), events)));
  const target = body.querySelector("[data-hl]");
  if (target) target.scrollIntoView({ block: "center" });
}

// A scanned page beside the text: its image with the lines' boxes, the evidence's lines highlighted and
// the lines the OCR was least sure of outlined.
function pagePanel(doc, hl) {
  const pages = doc.pages || [];
  const withImage = pages.map((p, i) => i).filter((i) => pages[i].image);
  if (!withImage.length) return null;
  let idx = hl ? pages.findIndex((p) => p.start <= hl[0] && hl[0] < p.end) : withImage[0];
  if (idx < 0 || !pages[idx].image) idx = withImage[0];
  const page = pages[idx];
  const overlay = svg("svg", { class: "page-overlay", viewBox: `0 0 ${page.width || 1} ${page.height || 1}`, preserveAspectRatio: "none" },
    (doc.boxes || []).filter((b) => b.page === idx).map((b) => {
      const lit = hl && b.start < hl[1] && hl[0] < b.end;
      const low = b.confidence !== null && b.confidence !== undefined && b.confidence < 0.6;
      return svg("rect", { class: "box" + (lit ? " hl" : "") + (low ? " low" : ""), x: b.x, y: b.y, width: b.w, height: b.h },
        svg("title", {}, doc.text.slice(b.start, b.end) + (b.confidence != null ? ` (OCR confidence ${b.confidence.toFixed(2)})` : "")));
    }));
  return el("figure", { class: "page-image", id: "page-image", "data-page": idx },
    el("div", { class: "page-frame" }, el("img", { src: `/api/documents/${encodeURIComponent(doc.id)}/pages/${idx}/image`, alt: `page ${page.label} of ${doc.name}` }), overlay),
    el("figcaption", { class: "small muted" }, `p. ${page.label} — the evidence's lines are highlighted; dashed: lines the OCR was unsure of`));
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
  show(el("h1", {}, "Documents"), (await canEdit()) ? uploadPanel() : null, el("table", { id: "documents-table" },
    el("tr", {}, el("th", {}, "Source"), el("th", {}, "Citation"), el("th", {}, "Date"), el("th", {}, "Genre"), el("th", {}, "Calendar")),
    docs.map((d) => el("tr", {}, el("td", {}, docLink(d.id, null, null, d.name)), el("td", {}, d.short_citation || ""),
      el("td", {}, dualLabel(d.dct_gregorian, d.dct_julian)), el("td", {}, d.genre || ""), el("td", {}, d.calendar || "")))));
}

// ------------------------------------------------------------------ entities

async function viewEntities() {
  const list = await api(`/api/entities?limit=5000&${periodQuery()}`);
  show(el("h1", {}, "Entities"), periodNote("Entities"), el("table", { id: "entity-table" },
    el("tr", {}, el("th", {}, "Name"), el("th", {}, "Type"), el("th", {}, "Also called"), el("th", {}, "Mentions")),
    list.map((e) => el("tr", {}, el("td", {}, entityLink(e.id, { [e.id]: e.name })), el("td", {}, e.type),
      el("td", { class: "small" }, e.aliases.filter((a) => a !== e.name).join(" · ")), el("td", {}, e.mention_count)))));
}

async function viewEntity(id) {
  const [e, nm] = await Promise.all([api(`/api/entities/${encodeURIComponent(id)}`), names()]);
  show(
    el("h1", {}, e.name, " ", el("span", { class: "tag" }, e.type)),
    curatedNote(e.curated),
    (await canEdit()) ? entityTools(e) : null,
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
    e.mentions.length > 60 ? el("p", { class: "muted small" }, `showing 60 of ${e.mentions.length}`) : null,
    // mentions in the text first; those in citation headers and site chrome apart, after them
    ["body", "metadata", "boilerplate"].map((zone) => {
      const ms = e.mentions.filter((m) => (m.zone || "body") === zone).slice(0, 60);
      if (!ms.length) return null;
      return [zone === "body" ? null : el("h3", { class: "small muted" }, zone === "metadata" ? "In citation headers" : "In site chrome"),
        el("ul", { class: "small", "data-zone": zone }, ms.map((m) => el("li", {}, "…", m.before, el("mark", {}, m.text), m.after, "… ",
          docLink(m.doc_id, m.start, m.end, m.citation || m.doc))))];
    }));
}

// ------------------------------------------------------------------ network

async function viewNetwork() {
  const net = await api(`/api/network?${periodQuery()}`);
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
    root.append(svg("g", { class: "event", tabindex: 0, onclick: () => { location.hash = `#entity/${encodeURIComponent(n.id)}`; },
      onkeydown: (ev) => { if (ev.key === "Enter") location.hash = `#entity/${encodeURIComponent(n.id)}`; } },
      svg("circle", { cx: n.x, cy: n.y, r: 9, fill: n.type === "PER" ? "#f59e0b" : "#64748b", stroke: "#fff", "stroke-width": 2 }),
      svg("text", { x: n.x + 12, y: n.y + 4 }, n.name.length > 40 ? n.name.slice(0, 38) + "…" : n.name)));
  }
  const legend = el("p", { class: "legend" }, Object.entries(colors).map(([t, c]) => el("span", { style: `color:${c}` }, "■ " + t.replace(/_/g, " ").toLowerCase())));
  show(el("h1", {}, "Network of actors"), periodNote("Actors"), el("p", { class: "muted small" }, "Who acted on whom: an arrow runs from the actor to the target; click an arrow for its evidence, a name for the entity."),
    el("div", { class: "toolbar" }, saveButtons(() => root, "fontes-network")), legend, root);
}

// ------------------------------------------------------------------ map

async function viewMap() {
  const places = await api(`/api/places?${periodQuery()}`);
  const W = Math.max(main.clientWidth - 40, 800), H = 560;
  const points = places.filter((p) => p.kind === "city");
  const areas = places.filter((p) => p.kind !== "city");
  // fit the cities (areas are labelled where their shapes are; only they fit the map when there is no city)
  const fitOn = points.length ? points : places;
  let box = [-25, 30, 65, 72];  // lon0, lat0, lon1, lat1: Europe and western Asia until places say otherwise
  if (fitOn.length) {
    const lons = fitOn.map((p) => p.lon), lats = fitOn.map((p) => p.lat);
    const padLon = Math.max(3, (Math.max(...lons) - Math.min(...lons)) * 0.15), padLat = Math.max(2, (Math.max(...lats) - Math.min(...lats)) * 0.15);
    box = [Math.min(...lons) - padLon, Math.min(...lats) - padLat, Math.max(...lons) + padLon, Math.max(...lats) + padLat];
  }
  const home = { cx: (box[0] + box[2]) / 2, cy: (box[1] + box[3]) / 2, k: Math.min(W / (box[2] - box[0]), H / (box[3] - box[1])) };
  let view = { ...home };
  const at = /^(-?[\d.]+),(-?[\d.]+),([\d.]+)$/.exec(hashParams().params.get("at") || "");
  if (at) view = { cx: +at[1], cy: +at[2], k: +at[3] };
  let shapes = null;
  const note = el("p", { class: "muted small" }, "Cities as points, countries and regions as italic labels on their land; scroll to zoom, drag to pan, click a place for its page.");
  try {
    if (window.topojsonMissing || !window.topojson) throw new Error("topojson-client not installed");
    const world = await api("/vendor/world-atlas/countries-110m.json");
    shapes = window.topojson.feature(world, world.objects.countries).features;
  } catch (err) {
    note.append(document.createTextNode(` (Country shapes unavailable: ${err.message}; run npm ci in src/fontes/web.)`));
  }
  const byName = new Map((shapes || []).map((f) => [((f.properties && f.properties.name) || "").toLowerCase(), f]));
  const wrap = el("div", { class: "map-wrap", id: "map" });
  const info = el("span", { class: "muted small" });
  const zoomBy = (f) => { view.k *= f; draw(); };
  show(el("h1", {}, "Map of places"), periodNote("Places"), note,
    el("div", { class: "toolbar" }, saveButtons(() => wrap.querySelector("svg"), "fontes-map"),
      el("button", { onclick: () => zoomBy(1.5), "aria-label": "zoom in" }, "Zoom in"),
      el("button", { onclick: () => zoomBy(1 / 1.5), "aria-label": "zoom out" }, "Zoom out"),
      el("button", { onclick: () => { view = { ...home }; draw(); } }, "Fit the places"), info),
    wrap, places.length ? null : el("p", { class: "muted" }, "No place has coordinates yet."));

  function draw() {
    const px = (lon, lat) => [W / 2 + (lon - view.cx) * view.k, H / 2 - (lat - view.cy) * view.k];
    const root = svg("svg", { width: W, height: H, role: "img", "aria-label": "map of places", style: "background:#eaf2f8;border:1px solid #d9dee7" });
    const step = view.k > 40 ? 1 : view.k > 12 ? 5 : 10;
    for (let lon = -180; lon <= 180; lon += step) root.append(svg("line", { x1: px(lon, 0)[0], y1: 0, x2: px(lon, 0)[0], y2: H, stroke: "#d6e3ee" }));
    for (let lat = -80; lat <= 80; lat += step) root.append(svg("line", { x1: 0, y1: px(0, lat)[1], x2: W, y2: px(0, lat)[1], stroke: "#d6e3ee" }));
    const named = new Set(areas.map((a) => a.name.toLowerCase()));
    if (shapes) {
      const g = svg("g", { class: "countries" });
      for (const f of shapes) {
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
        const name = (f.properties && f.properties.name) || "";
        const mentioned = named.has(name.toLowerCase());
        g.append(svg("path", { d, fill: mentioned ? "#efe3cf" : "#f8f5ee", stroke: "#b9b2a3", "stroke-width": 0.7 }, svg("title", {}, name)));
      }
      root.append(g);
    }
    // labels placed greedily, most mentioned first, where they overlap no other label or point
    const taken = [];
    const free = (b) => b[0] >= 0 && b[2] <= W && b[1] >= 0 && b[3] <= H && !taken.some((t) => b[0] < t[2] && t[0] < b[2] && b[1] < t[3] && t[1] < b[3]);
    const dots = points.map((p) => ({ p, xy: px(p.lon, p.lat), r: 4 + Math.min(8, Math.sqrt(p.mentions || 1) * 1.5) }));
    for (const d of dots) taken.push([d.xy[0] - d.r, d.xy[1] - d.r, d.xy[0] + d.r, d.xy[1] + d.r]);
    let hidden = 0;
    const place = (x, y, text, r, size) => {
      const w = text.length * size * 0.58, h = size + 2;
      const spots = r ? [[x + r + 3, y + h / 3], [x - r - 3 - w, y + h / 3], [x - w / 2, y - r - 3], [x - w / 2, y + r + h]]
        : [[x - w / 2, y + h / 3], [x - w / 2, y - 18], [x - w / 2, y + 22], [x - w / 2, y - 36], [x - w / 2, y + 40]];
      for (const [lx, ly] of spots) {
        const b = [lx, ly - h + 2, lx + w, ly + 2];
        if (free(b)) { taken.push(b); return [lx, ly]; }
      }
      hidden++;
      return null;
    };
    const layer = svg("g", {});
    for (const a of [...areas].sort((p, q) => q.mentions - p.mentions)) {
      const f = byName.get(a.name.toLowerCase());
      let [x, y] = f ? px(...centroid(f)) : px(a.lon, a.lat);
      if (x < 0 || x > W || y < 0 || y > H) [x, y] = px(a.lon, a.lat);  // the label point is off the map: the capital
      x = Math.min(Math.max(x, 40), W - 40); y = Math.min(Math.max(y, 20), H - 20);
      const at = place(x, y, a.name, 0, 13);
      const g = svg("g", { class: "event place-country", "data-kind": a.kind, tabindex: 0, onclick: () => { location.hash = `#entity/${encodeURIComponent(a.id)}`; },
        onkeydown: (ev) => { if (ev.key === "Enter") location.hash = `#entity/${encodeURIComponent(a.id)}`; } },
        svg("title", {}, `${a.name} (${a.kind}): ${a.mentions} mentions in ${a.docs} documents`));
      if (at) g.append(svg("text", { x: at[0], y: at[1], style: "font-size:13px" }, a.name));
      layer.append(g);
    }
    for (const d of [...dots].sort((p, q) => q.p.mentions - p.p.mentions)) {
      const [x, y] = d.xy;
      const g = svg("g", { class: "event place-city", "data-kind": "city", tabindex: 0, onclick: () => { location.hash = `#entity/${encodeURIComponent(d.p.id)}`; },
        onkeydown: (ev) => { if (ev.key === "Enter") location.hash = `#entity/${encodeURIComponent(d.p.id)}`; } },
        svg("circle", { cx: x, cy: y, r: d.r, fill: "#b91c1c", opacity: 0.8, stroke: "#fff" }),
        svg("title", {}, `${d.p.name}: ${d.p.mentions} mentions in ${d.p.docs} documents`));
      const at = place(x, y, d.p.name, d.r, 12);
      if (at) g.append(svg("text", { x: at[0], y: at[1] }, d.p.name));
      layer.append(g);
    }
    root.append(layer);
    let drag = null;
    root.addEventListener("wheel", (ev) => {
      ev.preventDefault();
      const f = ev.deltaY > 0 ? 1 / 1.25 : 1.25;
      const lon = view.cx + (ev.offsetX - W / 2) / view.k, lat = view.cy - (ev.offsetY - H / 2) / view.k;
      view = { k: view.k * f, cx: lon - (ev.offsetX - W / 2) / (view.k * f), cy: lat + (ev.offsetY - H / 2) / (view.k * f) };
      draw();
    }, { passive: false });
    root.addEventListener("mousedown", (ev) => { drag = { x: ev.clientX, y: ev.clientY, cx: view.cx, cy: view.cy }; });
    root.addEventListener("mousemove", (ev) => {
      if (!drag || Math.abs(ev.clientX - drag.x) + Math.abs(ev.clientY - drag.y) <= 3) return;
      root.querySelectorAll("g").forEach((n) => n.setAttribute("transform", `translate(${ev.clientX - drag.x},${ev.clientY - drag.y})`));
    });
    const end = (ev) => {
      if (!drag) return;
      const dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      const start = drag;
      drag = null;
      if (Math.abs(dx) + Math.abs(dy) > 3) { view = { k: view.k, cx: start.cx - dx / view.k, cy: start.cy + dy / view.k }; draw(); }
    };
    root.addEventListener("mouseup", end);
    root.addEventListener("mouseleave", end);
    wrap.replaceChildren(root);
    keepInUrl("map", { at: `${view.cx.toFixed(3)},${view.cy.toFixed(3)},${view.k.toFixed(2)}` });
    info.textContent = `${points.length} cities, ${areas.length} countries and regions` + (hidden ? ` · ${hidden} labels hidden where they would overlap (zoom in)` : "");
  }
  draw();
}

// The centroid of a country's largest polygon (its label point), in lon/lat.
function centroid(feature) {
  const g = feature.geometry;
  if (!g) return [0, 0];
  const polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
  let best = null, bestArea = -1;
  for (const poly of polys) {
    const ring = poly[0];
    let a = 0, cx = 0, cy = 0;
    for (let i = 0; i < ring.length - 1; i++) {
      const [x0, y0] = ring[i], [x1, y1] = ring[i + 1], c = x0 * y1 - x1 * y0;
      a += c; cx += (x0 + x1) * c; cy += (y0 + y1) * c;
    }
    if (Math.abs(a) > bestArea && a !== 0) { bestArea = Math.abs(a); best = [cx / (3 * a), cy / (3 * a)]; }
  }
  return best || polys[0][0][0];
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
  show(el("h1", {}, "Chain of command"), el("p", { class: "muted small" }, "Who told whom what, when, and by which channel, in date order; click a step for its evidence."),
    el("div", { class: "toolbar" }, saveButtons(() => root, "fontes-chain")), el("div", { style: "overflow:auto" }, root));
}

// ------------------------------------------------------------------ conflicts

async function viewConflicts() {
  const conflicts = await api("/api/conflicts");
  const editable = await canEdit();
  show(el("h1", {}, `Conflicts (${conflicts.length})`),
    conflicts.length ? null : el("p", { class: "muted" }, "The sources do not contradict each other anywhere fontes could see."),
    conflicts.map((c) => el("section", { class: "card conflict" },
      el("h2", {}, el("span", { class: "tag" }, c.kind), c.about),
      el("p", {}, el("strong", {}, c.diagnosis.replace(/_/g, " ") + ": "), c.explanation),
      el("div", { class: "sides" }, c.claims.map((cl) => el("div", { class: "card" },
        el("div", {}, el("strong", {}, cl.says ? dualLabel(cl.says) : "(no value)"), " — ", cl.citation || cl.doc || cl.doc_id),
        el("blockquote", {}, cl.evidence),
        cl.start !== null ? docLink(cl.doc_id, cl.start, cl.end, "Open in the reader") : null))),
      curatedNote(c.curated),
      editable ? conflictTools(c) : null)));
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
    el("p", { class: "muted small", id: "search-count" }, (res.hits.length < res.total ? `showing ${res.hits.length} of ` : "") +
      `${res.total_estimated ? "about " : ""}${res.total} match${res.total === 1 ? "" : "es"} (${res.ranking}${res.approximate ? `, approximate: ${res.candidates} ranked` : ""})`),
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
  documents: viewDocuments, entities: viewEntities, review: viewReview,
};

async function route() {
  const { path, params } = hashParams();
  const [head, ...rest] = path.split("/");
  const id = rest.join("/");
  for (const a of document.querySelectorAll("#nav a")) a.classList.toggle("active", a.dataset.view === (head || "timeline"));
  syncPeriodNav();
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
