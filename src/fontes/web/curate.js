// fontes web app: corrections, the review queue and uploads. Loaded before app.js, whose helpers
// (el, api, show, route, dualLabel...) these functions use when they run. Every change is a POST to
// /api/corrections with the user's token (asked once, kept for this tab only); the server stores it
// with the user's name, re-applies it after every build, and answers with what it did.
"use strict";

let serverInfo = null;

async function serverStats() {
  if (!serverInfo) serverInfo = await api("/api/stats").catch(() => ({}));
  return serverInfo;
}

async function canEdit() {
  return Boolean((await serverStats()).ingest_enabled);
}

function token(ask = true) {
  let t = sessionStorage.getItem("fontes-token");
  if (!t && ask) t = prompt("Your token (a user's token, or the operator's FONTES_API_TOKEN):") || "";
  return t;
}

async function authFetch(method, path, body, isForm = false) {
  const t = token();
  if (!t) throw new Error("a token is needed to change the knowledge base");
  const headers = { Accept: "application/json", Authorization: `Bearer ${t}` };
  if (body && !isForm) headers["Content-Type"] = "application/json";
  const res = await fetch(path, { method, headers, body: body ? (isForm ? body : JSON.stringify(body)) : undefined });
  const out = await res.json().catch(() => null);
  if (res.status === 401) sessionStorage.removeItem("fontes-token");
  if (!res.ok) throw new Error(out && out.error ? out.error.message : `${res.status} ${res.statusText}`);
  sessionStorage.setItem("fontes-token", t);
  return out;
}

// One correction; on success the view is drawn again from the corrected knowledge base.
async function correct(request, status) {
  if (status) status.textContent = " saving…";
  try {
    const done = await authFetch("POST", "/api/corrections", request);
    entityNames = null;
    if (status) status.textContent = done.applied ? ` saved (#${done.id}, by ${done.author})` : ` saved (#${done.id}) but not applied: ${done.note}`;
    await route();
    return done;
  } catch (err) {
    if (status) status.textContent = " " + err.message;
    return null;
  }
}

function select(name, options, value) {
  const s = el("select", { name, "aria-label": name }, options.map((o) => el("option", { value: o }, o)));
  if (value) s.value = value;
  return s;
}

function curatedNote(curated) {
  const parts = Object.entries(curated || {}).map(([k, s]) => `${s.status || k} by ${s.by}${s.why || s.note ? ": " + (s.note || s.why) : ""}`);
  return parts.length ? el("span", { class: "curated small", title: parts.join("\n") }, "✔ curated: " + parts.join("; ")) : null;
}

// ------------------------------------------------------------------ events (reader, timeline)

function eventEditor(ev, types) {
  const status = el("span", { class: "muted small", role: "status" });
  const type = select("type", types, ev.type);
  const date = el("input", { name: "date", size: 12, placeholder: "1917-11-22", value: ev.when ? (ev.when.julian && ev.calendarShown === "julian" ? ev.when.julian : ev.when.gregorian) || "" : "" });
  const cal = select("calendar", ["gregorian", "julian"], "gregorian");
  const actors = el("input", { name: "actors", size: 18, placeholder: "actor; another actor" });
  const id = ev.id || ev.event_id;
  const form = el("form", { class: "toolbar edit-event", "data-event": id, onsubmit: async (e) => {
    e.preventDefault();
    if (type.value !== ev.type) await correct({ kind: "event.type", event: id, type: type.value }, status);
    const d = date.value.trim();
    if (d && (!ev.when || d !== ev.when.gregorian || cal.value !== "gregorian")) await correct({ kind: "event.date", event: id, value: d, calendar: cal.value }, status);
    const names = actors.value.split(";").map((s) => s.trim()).filter(Boolean);
    if (names.length) await correct({ kind: "event.actors", event: id, entities: names }, status);
  } },
  type, "date", date, cal, "actors", actors,
  el("button", { type: "submit" }, "Save"),
  el("button", { type: "button", class: "danger", onclick: async () => {
    if (confirm("Not an event? It will be left out of every rebuild.")) await correct({ kind: "event.reject", event: id }, status);
  } }, "Reject"),
  status);
  return el("details", { class: "editor", onclick: (e) => e.stopPropagation() }, el("summary", {}, "✎ correct"), form);
}

// Add an event from the passage selected in the reader's text.
function selectionAdder(doc, body, types) {
  const status = el("span", { class: "muted small", role: "status" });
  const type = select("new-type", types, "OTHER");
  const date = el("input", { name: "new-date", size: 12, placeholder: "date (optional)" });
  const cal = select("new-calendar", ["gregorian", "julian"], "gregorian");
  // the passage is kept when it is selected: choosing a type or typing a date clears the page's selection
  let range = null;
  const chosen = el("span", { class: "muted small", id: "selected-passage" }, "select a passage in the text");
  const onSelect = () => {
    if (!document.body.contains(body)) { document.removeEventListener("selectionchange", onSelect); return; }
    const r = selectionOffsets(body);
    if (r) { range = r; chosen.textContent = `“${doc.text.slice(r[0], r[1]).slice(0, 80)}${r[1] - r[0] > 80 ? "…" : ""}”`; }
  };
  document.addEventListener("selectionchange", onSelect);
  const add = el("button", { type: "button", id: "add-event", onclick: async () => {
    if (!range) { status.textContent = " select the passage in the text first"; return; }
    const req = { kind: "event.add", doc: doc.id, start: range[0], end: range[1], type: type.value };
    if (date.value.trim()) req.date = { value: date.value.trim(), calendar: cal.value };
    await correct(req, status);
  } }, "Add event from selection");
  return el("div", { class: "toolbar" }, add, chosen, type, date, cal, status);
}

// Offsets into the document text of the current selection inside the reader (its text nodes hold the
// document's text in order, so the offset is the length of the text before the selection).
function selectionOffsets(body) {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const r = sel.getRangeAt(0);
  if (!body.contains(r.startContainer) || !body.contains(r.endContainer)) return null;
  const before = document.createRange();
  before.setStart(body, 0);
  before.setEnd(r.startContainer, r.startOffset);
  const start = before.toString().length;
  const end = start + r.toString().length;
  return end > start ? [start, end] : null;
}

function calendarTool(doc) {
  const status = el("span", { class: "muted small", role: "status" });
  const cal = select("doc-calendar", ["julian", "gregorian"], doc.calendar === "gregorian" ? "gregorian" : "julian");
  const reason = el("input", { name: "calendar-reason", size: 24, placeholder: "why (e.g. written in Petrograd, 1917)" });
  return el("details", { class: "editor" }, el("summary", {}, "✎ calendar of this document"),
    el("form", { class: "toolbar", onsubmit: async (e) => {
      e.preventDefault();
      await correct({ kind: "calendar.set", doc: doc.id, calendar: cal.value, reason: reason.value }, status);
    } }, "its dates are written in the", cal, "calendar", reason, el("button", { type: "submit" }, "Save"), status));
}

// ------------------------------------------------------------------ entities

function entityTools(e) {
  const status = el("span", { class: "muted small", role: "status" });
  const name = el("input", { name: "rename", size: 22, value: e.name });
  const type = select("retype", ["PER", "ORG", "LOC", "WORK", "EVENT"], e.type);
  const merge = el("input", { name: "merge", size: 22, placeholder: "another entity's name" });
  const split = select("split", e.aliases.filter((a) => a !== e.name), null);
  return el("details", { class: "editor", id: "entity-tools" }, el("summary", {}, "✎ correct this entity"),
    el("form", { class: "toolbar", onsubmit: async (ev) => {
      ev.preventDefault();
      if (name.value.trim() && name.value.trim() !== e.name) await correct({ kind: "entity.rename", entity: e.id, name: name.value.trim() }, status);
      if (type.value !== e.type) await correct({ kind: "entity.retype", entity: e.id, type: type.value }, status);
    } }, "name", name, "type", type, el("button", { type: "submit" }, "Save")),
    el("form", { class: "toolbar", onsubmit: async (ev) => {
      ev.preventDefault();
      if (merge.value.trim()) await correct({ kind: "entity.merge", entity: e.id, with: [merge.value.trim()] }, status);
    } }, "the same as", merge, el("button", { type: "submit" }, "Merge")),
    e.aliases.length > 1 ? el("form", { class: "toolbar", onsubmit: async (ev) => {
      ev.preventDefault();
      await correct({ kind: "entity.split", entity: e.id, mentions: [split.value], name: split.value }, status);
    } }, "not the same:", split, el("button", { type: "submit" }, "Split off")) : null,
    status);
}

// ------------------------------------------------------------------ conflicts

function conflictTools(c) {
  const status = el("span", { class: "muted small", role: "status" });
  const state = select("status", ["explained", "settled"], "explained");
  const note = el("input", { name: "note", size: 40, placeholder: "the explanation, or how it was settled" });
  return el("form", { class: "toolbar settle", "data-conflict": c.id, onsubmit: async (ev) => {
    ev.preventDefault();
    await correct({ kind: "conflict.settle", conflict: c.id, status: state.value, note: note.value }, status);
  } }, "Mark", state, note, el("button", { type: "submit" }, "Save"), status);
}

// ------------------------------------------------------------------ review queue

async function viewReview() {
  const [items, editable] = await Promise.all([api("/api/review?limit=100"), canEdit()]);
  let at = 0;
  const list = el("ol", { class: "review", id: "review-list" });
  const status = el("p", { class: "muted small", role: "status" });
  const draw = () => {
    list.replaceChildren(...items.map((it, i) => el("li", { class: "card" + (i === at ? " current" : ""), "data-key": it.key, tabindex: 0, onclick: () => { at = i; draw(); } },
      el("div", {}, el("span", { class: "tag" }, it.kind.replace(/_/g, " ")), el("strong", {}, it.question), el("span", { class: "muted small" }, ` (${it.score.toFixed(2)})`)),
      it.evidence ? el("blockquote", {}, it.evidence) : null,
      el("div", { class: "small muted" }, it.doc || ""),
      i === at ? el("div", { class: "answer" }) : null)));
    const cur = list.querySelector(".current");
    if (cur) cur.scrollIntoView({ block: "nearest" });
  };
  const accept = async () => {
    const it = items[at];
    if (!it) return;
    try {
      await authFetch("POST", "/api/corrections", { kind: "review.accept", item: it.key });
      items.splice(at, 1);
      status.textContent = `accepted: ${it.question}`;
      if (at >= items.length) at = Math.max(0, items.length - 1);
      draw();
    } catch (err) { status.textContent = err.message; }
  };
  const correctCurrent = () => {
    const it = items[at];
    const box = list.querySelector(".current .answer");
    if (!it || !box) return;
    const s = el("span", { class: "muted small", role: "status" });
    const input = el("input", { name: "answer", size: 28 });
    const forms = {
      calendar: () => [select("calendar", ["julian", "gregorian"], it.target.calendar === "julian" ? "gregorian" : "julian"), (v) => ({ kind: "calendar.set", doc: it.target.doc, calendar: v })],
      date_calendar: () => [select("calendar", ["julian", "gregorian"], it.target.calendar === "julian" ? "gregorian" : "julian"), (v) => ({ kind: "calendar.set", doc: it.target.doc, passage: it.target.passage, calendar: v })],
      merge: () => [input, (v) => ({ kind: "entity.split", entity: it.target.entity, mentions: it.target.mentions, name: v || it.target.mentions[0] })],
      undated_event: () => [input, (v) => ({ kind: "event.date", event: it.target.event, value: v, calendar: "gregorian" })],
      event_without_actor: () => [input, (v) => ({ kind: "event.actors", event: it.target.event, entities: [v] })],
      conflict: () => [input, (v) => ({ kind: "conflict.settle", conflict: it.target.conflict, status: "explained", note: v })],
    };
    const [field, make] = forms[it.kind]();
    input.placeholder = { merge: "name of the other entity", undated_event: "YYYY-MM-DD (Gregorian)", event_without_actor: "who (an entity name)", conflict: "why they disagree" }[it.kind] || "";
    box.replaceChildren(el("form", { class: "toolbar", onsubmit: async (e) => {
      e.preventDefault();
      const done = await correct(make(field.value.trim()), s);
      if (done) status.textContent = `corrected (#${done.id})`;
    } }, field, el("button", { type: "submit" }, "Save"), s));
    field.focus();
  };
  show(el("h1", {}, `Review (${items.length})`),
    el("p", { class: "muted small" }, "What fontes is least sure of, first. Keys: a accept · c correct · j next · k previous. Every answer is stored with your name and kept through rebuilds."),
    editable ? null : el("p", { class: "note" }, "This server takes no corrections (start it with a token: FONTES_API_TOKEN or FONTES_API_USERS)."),
    status, items.length ? list : el("p", { class: "muted" }, "Nothing to review."));
  draw();
  const onKey = (e) => {
    if (!location.hash.startsWith("#review")) { document.removeEventListener("keydown", onKey); return; }
    if (e.target.closest && e.target.closest("input, select, textarea")) return;
    if (e.key === "j") { at = Math.min(items.length - 1, at + 1); draw(); }
    else if (e.key === "k") { at = Math.max(0, at - 1); draw(); }
    else if (e.key === "a" && editable) { e.preventDefault(); accept(); }
    else if (e.key === "c" && editable) { e.preventDefault(); correctCurrent(); }
  };
  document.addEventListener("keydown", onKey);
}

// ------------------------------------------------------------------ uploads

function uploadPanel() {
  const status = el("div", { class: "small", role: "status", id: "upload-status" });
  const input = el("input", { type: "file", multiple: true, id: "upload-input", "aria-label": "files to upload" });
  const folder = el("input", { type: "file", multiple: true, webkitdirectory: true, "aria-label": "a folder to upload" });
  const send = async (files) => {
    files = [...files].filter((f) => !f.name.startsWith("."));
    if (!files.length) return;
    const form = new FormData();
    for (const f of files) form.append("files", f, f.name);
    status.replaceChildren(el("span", {}, `uploading ${files.length} file(s)…`));
    try {
      const job = await authFetch("POST", "/api/uploads", form, true);
      await follow(job, status);
    } catch (err) { status.replaceChildren(el("span", { class: "error" }, err.message)); }
  };
  input.addEventListener("change", () => send(input.files));
  folder.addEventListener("change", () => send(folder.files));
  const zone = el("div", { class: "dropzone", id: "dropzone" }, "Drop source files or a folder here, or choose: ", input, " folder: ", folder);
  zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", async (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    send(await droppedFiles(e.dataTransfer));
  });
  return el("section", { class: "card" }, el("h2", {}, "Add sources"), zone, status);
}

// Files of a drop, folders walked (webkitGetAsEntry), so a dropped folder sends what it holds.
async function droppedFiles(dt) {
  const entries = [...(dt.items || [])].map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean);
  if (!entries.length) return [...dt.files];
  const out = [];
  const walk = async (entry) => {
    if (entry.isFile) out.push(await new Promise((ok, no) => entry.file(ok, no)));
    else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((ok, no) => reader.readEntries(ok, no));
        if (!batch.length) break;
        for (const e of batch) await walk(e);
      }
    }
  };
  for (const e of entries) await walk(e);
  return out;
}

async function follow(job, status) {
  const bar = el("progress", { max: job.files.length || 1, value: 0 });
  const line = el("span", {});
  const errors = el("ul", { class: "errors" });
  status.replaceChildren(bar, " ", line, errors);
  for (;;) {
    job = await authFetch("GET", `/api/builds/${job.id}`);
    bar.value = job.done || 0;
    line.textContent = `${job.state}: ${job.done || 0} of ${job.files.length} file(s)` + (job.current ? ` · ${job.current}` : "") + (job.summary ? ` · ${job.summary}` : "");
    errors.replaceChildren(...job.errors.map((e) => el("li", { class: "error" }, e)));
    if (job.state === "done" || job.state === "failed") break;
    await new Promise((ok) => setTimeout(ok, 700));
  }
  entityNames = null;
  serverInfo = null;
  if (job.state === "done") {
    const list = document.getElementById("documents-table");
    if (list) await route();
    const again = document.getElementById("upload-status");
    if (again && again !== status) again.replaceChildren(...status.childNodes);
  }
}
