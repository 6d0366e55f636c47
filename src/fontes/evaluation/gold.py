"""Score fontes's annotations against hand-made gold in the format of shared/gold/SCHEMA.md.

Both sides are gold-format dicts (``fontes.annotate`` writes the system side), so any folder of
annotations can be scored. Parts and conventions:

- boilerplate: the gold's strings against the system's boilerplate lines, both stripped of
  surrounding whitespace and non-breaking spaces. A system line also counts as found gold
  strings when it splits, at runs of non-breaking or double spaces, into gold strings (the gold
  splits a line holding two prompts), or when the gold strings it contains make up 80% of it (the
  gold quotes an HTML page's text nodes, a browser shows them as one line). A system line counts as
  correct when it or all its parts are
  gold strings, or its line number is in the gold's ``boilerplate_lines``; lines the gold lists
  as ``metadata_lines`` are neither chrome nor body and are not counted, nor are chrome fragments
  cut from a kept line that the gold lists as ``boilerplate_fragments``. ``body_keep`` lost:
  gold sentences that no system body line contains.
- metadata: exact match per field (whitespace collapsed; author and translator lists as sets;
  dates on gregorian, julian and as_written; ``accessed`` on its Gregorian day). Accuracy over all
  fields, including those the gold leaves empty; P/R/F1 over the fields either side fills.
- mentions: distinct (surface form, type) pairs per document, possessive 's and a leading
  determiner ("the Tsar" = "Tsar") removed; and the same untyped.
- aliases: B-cubed over the gold's distinct (document, surface form) items, clustered by the
  gold's global entity ids and by the system's. Recall averages over all gold items (an item
  the system did not find is its own singleton); precision over the items the system found
  (so missing mentions lower recall here and are not rewarded as perfect singletons).
- timexes: spans matched one-to-one by overlap (and strictly, by identical span); value accuracy
  = share of overlap-matched timexes whose Gregorian value equals the gold's.
- events: same type and overlapping evidence (the gold's ``also_evidence`` passages count),
  one-to-one with the most pairs, then the best fit (a system event's trigger word inside the gold
  passage, then overlap over union; untyped, the same type first);
  date accuracy on matched events the gold dates from the document itself (``when_source``
  document or context; ``history`` dates are not expected from the text and not scored).
- cross-document events: pairwise links between reports of the same happening, system reports
  mapped to gold events by the event matching.
- conflicts: found if the claims' documents are the gold's and each gold claim has a system
  claim of its document with the same disputed value (date values on their Gregorian day) or
  overlapping evidence; diagnosis checked where the gold's explanation names one.

Nothing is skipped by zone: fontes analyses chrome and metadata lines too (SCHEMA: facts stated
in chrome are still the site's claims), so gold items with ``zone`` boilerplate count.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from fontes.annotate import surface

METADATA_FIELDS = ("title", "authors", "date", "first_published", "source", "translators", "publisher", "accessed")
_SPACES = re.compile(r"[\s\u00a0]+")
_SPLIT = re.compile(r"\u00a0\s*|\s{2,}")
_STRIP = " \t\r\n\u00a0\u2009\u202f\ufeff"


@dataclass
class Score:
    """Precision, recall and F1 of one part, with the counts behind them and extra figures."""

    part: str
    tp: float = 0.0
    fp: float = 0.0
    fn: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)
    p: float | None = None  # set directly for averaged measures (B-cubed)
    r: float | None = None

    @property
    def precision(self) -> float:
        if self.p is not None:
            return self.p
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if not self.fn else 0.0)

    @property
    def recall(self) -> float:
        if self.r is not None:
            return self.r
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else (1.0 if not self.fp else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, tp: float = 0, fp: float = 0, fn: float = 0) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def to_dict(self) -> dict[str, Any]:
        return {"part": self.part, "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn, **self.extra}


@dataclass
class Report:
    """Scores per part, and per-document details for auditing."""

    scores: list[Score]
    details: dict[str, Any] = field(default_factory=dict)

    def score(self, part: str) -> Score:
        return next(s for s in self.scores if s.part == part)

    def to_dict(self) -> dict[str, Any]:
        return {"scores": [s.to_dict() for s in self.scores], "details": self.details}


# ---------------------------------------------------------------- helpers

def norm(text: Any) -> Any:
    """Whitespace (including non-breaking spaces) collapsed and stripped."""
    if isinstance(text, str):
        return _SPACES.sub(" ", text).strip()
    return text


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _find_all(text: str, needle: str) -> list[tuple[int, int]]:
    out, start = [], 0
    if not needle:
        return out
    while (i := text.find(needle, start)) >= 0:
        out.append((i, i + len(needle)))
        start = i + 1
    return out


def _find_spaced(text: str, needle: str) -> list[tuple[int, int]]:
    """Where a quoted string stands when its whitespace differs from the text's (a source's line
    breaks kept in the gold, collapsed by ingest; or the other way round)."""
    words = needle.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(map(re.escape, words)))
    return [m.span() for m in pattern.finditer(text)]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _span(text: str, quoted: str, offset: int | None, used: Counter[str] | None = None) -> tuple[int, int] | None:
    """Where a quoted string stands in the text: at its offset if that fits, else its next occurrence."""
    if offset is not None and text[offset:offset + len(quoted)] == quoted:
        return offset, offset + len(quoted)
    spots = _find_all(text, quoted) or _find_spaced(text, quoted)
    if not spots:
        return None
    n = used[quoted] if used is not None else 0
    if used is not None:
        used[quoted] += 1
    return spots[min(n, len(spots) - 1)]


def _matching(edges: dict[int, list[int]]) -> list[tuple[int, int]]:
    """A maximum one-to-one matching (gold i, system j); each gold item tries its best candidates first.

    Augmenting paths (Kuhn's algorithm), so a gold item never loses a partner that another gold
    item could have done without: the number of pairs is the largest possible.
    """
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges.get(i, []):
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in sorted(edges):
        augment(i, set())
    return sorted((i, j) for j, i in owner.items())


def _match(gold: list[tuple[int, int]], system: list[tuple[int, int]], *, strict: bool = False) -> list[tuple[int, int]]:
    """One-to-one matching of spans by overlap (or identical spans if strict): (gold i, system j)."""
    edges: dict[int, list[int]] = {}
    for i, g in enumerate(gold):
        scored = [(-_overlap(g, s), j) for j, s in enumerate(system) if (g == s if strict else _overlap(g, s) > 0)]
        edges[i] = [j for _, j in sorted(scored)]
    return _matching(edges)


def _day(value: Any) -> Any:
    if isinstance(value, dict):
        value = value.get("gregorian")
    if isinstance(value, str):
        return value[:10]
    return value


# ---------------------------------------------------------------- parts

def score_boilerplate(gold: dict[str, Any], system: dict[str, Any], text: str | None, bp: Score, lost: Score) -> dict:
    gold_strings = [norm(g) for g in gold.get("boilerplate", [])]
    gold_set = set(gold_strings)
    meta = {norm(m) for m in gold.get("metadata_lines", [])}
    fragments = {norm(f) for f in gold.get("boilerplate_fragments", [])}
    gold_lines = set(gold.get("boilerplate_lines", []))
    line_numbers = {}
    if text is not None:
        for n, (a, b) in enumerate(_line_spans(text), 1):
            line_numbers.setdefault(norm(text[a:b]), n)
    found, wrong = set(), []
    for line in system.get("boilerplate", []):
        whole = norm(line)
        parts = [norm(p) for p in _SPLIT.split(line.strip(_STRIP)) if norm(p)]
        hits = {whole} & gold_set | {p for p in parts if p in gold_set}
        # a page's line made of several gold strings (the text nodes of one block of HTML)
        pieces = {g for g in gold_set if len(g) >= 2 and g in whole} if whole not in gold_set else set()
        made_of = bool(pieces) and sum(len(g.replace(" ", "")) for g in pieces) >= 0.8 * len(whole.replace(" ", ""))
        if made_of:
            hits |= pieces
        found |= hits
        if whole in gold_set or made_of or (parts and all(p in gold_set for p in parts)):
            continue
        if line_numbers.get(whole) in gold_lines or whole in meta or whole in fragments:
            continue
        wrong.append(whole)
    missed = [g for g in dict.fromkeys(gold_strings) if g not in found]
    bp.add(tp=len(found), fp=len(wrong), fn=len(missed))
    body = [norm(b) for b in system.get("body", [])]
    body_text = " ".join(body)
    lost_keep = [k for k in gold.get("body_keep", []) if norm(k) not in body_text]
    lost.add(tp=len(gold.get("body_keep", [])) - len(lost_keep), fn=len(lost_keep))
    return {"missed": missed, "wrong": wrong, "body_keep_lost": lost_keep}


def _field_value(name: str, value: Any) -> Any:
    if name in ("authors", "translators"):
        return tuple(sorted(norm(v) for v in value or [])) or None
    if name == "date":
        if not value:
            return None
        return (value.get("gregorian"), value.get("julian"), norm(value.get("as_written")))
    if name == "accessed":
        return _day(value) or None
    return norm(value) or None


def score_metadata(gold: dict[str, Any], system: dict[str, Any], sc: Score) -> dict:
    wrong = {}
    exact = 0
    for name in METADATA_FIELDS:
        g = _field_value(name, (gold.get("metadata") or {}).get(name))
        s = _field_value(name, (system.get("metadata") or {}).get(name))
        if g == s:
            exact += 1
            if g is not None:
                sc.add(tp=1)
        else:
            wrong[name] = {"gold": g, "system": s}
            sc.add(fp=int(s is not None), fn=int(g is not None))
    sc.extra["exact"] = sc.extra.get("exact", 0) + exact
    sc.extra["fields"] = sc.extra.get("fields", 0) + len(METADATA_FIELDS)
    sc.extra["accuracy"] = round(sc.extra["exact"] / sc.extra["fields"], 4)
    return wrong


_DETERMINER = re.compile(r"^(?:the|a|an|his|her|their|its|our|this|that)\s+(?=\S)", re.IGNORECASE)


def mention_key(text: str) -> str:
    """A mention compared without a leading determiner: 'the Tsar' and 'Tsar' are one mention."""
    return _DETERMINER.sub("", surface(text))


def _mention_set(data: dict[str, Any]) -> set[tuple[str, str]]:
    return {(mention_key(m), e.get("type")) for e in data.get("entities", []) for m in e.get("mentions", [])}


def score_mentions(gold: dict[str, Any], system: dict[str, Any], typed: Score, untyped: Score) -> dict:
    g, s = _mention_set(gold), _mention_set(system)
    typed.add(tp=len(g & s), fp=len(s - g), fn=len(g - s))
    gu, su = {x for x, _ in g}, {x for x, _ in s}
    untyped.add(tp=len(gu & su), fp=len(su - gu), fn=len(gu - su))
    return {"missed": sorted(gu - su), "spurious": sorted(su - gu),
            "wrong_type": sorted(f"{x}: {t}" for x, t in s - g if x in gu)}


def score_aliases(gold_docs: dict[str, dict], system_docs: dict[str, dict]) -> Score:
    """B-cubed P/R/F1 over the gold's (document, surface) items, by global entity id."""
    gold_id: dict[tuple[str, str], str] = {}
    for name, data in gold_docs.items():
        for e in data.get("entities", []):
            for m in e.get("mentions", []):
                gold_id.setdefault((name, surface(m)), e["id"])
    sys_id: dict[tuple[str, str], str] = {}
    for name, data in system_docs.items():
        for e in data.get("entities", []):
            for m in e.get("mentions", []):
                sys_id.setdefault((name, surface(m)), e["id"])
    items = sorted(gold_id)
    system_of = {item: sys_id.get(item, f"\0missing:{item}") for item in items}
    gold_clusters: dict[str, set] = {}
    sys_clusters: dict[str, set] = {}
    for item in items:
        gold_clusters.setdefault(gold_id[item], set()).add(item)
        sys_clusters.setdefault(system_of[item], set()).add(item)
    p = r = 0.0
    found = [item for item in items if item in sys_id]
    for item in items:
        g, s = gold_clusters[gold_id[item]], sys_clusters[system_of[item]]
        both = len(g & s)
        r += both / len(g)
        if item in sys_id:
            p += both / len(s)
    return Score("aliases (B-cubed)", p=p / len(found) if found else 0.0, r=r / len(items) if items else 0.0,
                 extra={"items": len(items), "found": len(found)})


def score_timexes(gold: dict, system: dict, text: str | None, relaxed: Score, strict: Score) -> dict:
    text = text or ""
    used: Counter[str] = Counter()
    gold_items = [(t, _span(text, t["text"], t.get("offset"), used)) for t in gold.get("timexes", [])]
    unplaced = [t["text"] for t, s in gold_items if s is None]  # not in the text: counted as missed
    gold_items = [(t, s) for t, s in gold_items if s is not None]
    used = Counter()
    sys_items = [(t, _span(text, t["text"], t.get("offset"), used)) for t in system.get("timexes", [])]
    sys_items = [(t, s) for t, s in sys_items if s is not None]
    gs, ss = [s for _, s in gold_items], [s for _, s in sys_items]
    pairs = _match(gs, ss)
    relaxed.add(tp=len(pairs), fp=len(ss) - len(pairs), fn=len(gs) - len(pairs) + len(unplaced))
    exact = _match(gs, ss, strict=True)
    strict.add(tp=len(exact), fp=len(ss) - len(exact), fn=len(gs) - len(exact) + len(unplaced))
    right = [(i, j) for i, j in pairs if gold_items[i][0].get("gregorian") == sys_items[j][0].get("gregorian")]
    relaxed.extra["value_total"] = relaxed.extra.get("value_total", 0) + len(pairs)
    relaxed.extra["value_correct"] = relaxed.extra.get("value_correct", 0) + len(right)
    total = relaxed.extra["value_total"]
    relaxed.extra["value_accuracy"] = round(relaxed.extra["value_correct"] / total, 4) if total else None
    matched_g = {i for i, _ in pairs}
    matched_s = {j for _, j in pairs}
    return {"missed": [gold_items[i][0]["text"] for i in range(len(gs)) if i not in matched_g] + unplaced,
            "spurious": [sys_items[j][0]["text"] for j in range(len(ss)) if j not in matched_s],
            "wrong_value": [{"text": gold_items[i][0]["text"], "gold": gold_items[i][0].get("gregorian"),
                             "system": sys_items[j][0].get("gregorian")}
                            for i, j in pairs if (i, j) not in right]}


def _event_spans(text: str, event: dict[str, Any]) -> list[tuple[int, int]]:
    spans = []
    for k, passage in enumerate([event.get("evidence"), *event.get("also_evidence", [])]):
        if not passage:
            continue
        found = _span(text, passage, event.get("offset") if k == 0 else None)
        if found:
            spans.append(found)
    return spans


def match_events(gold: dict, system: dict, text: str, *, typed: bool = True) -> list[tuple[int, int]]:
    """One-to-one (gold index, system index) pairs: same type (if typed) and overlapping evidence.

    As many pairs as possible, and among those the best-fitting ones (see _event_fit): a system
    event whose passage is a whole sentence overlaps every gold event of its clauses equally, and
    the one it means is the one that holds its trigger word, not the first in the file."""
    gold_events, sys_events = gold.get("events", []), system.get("events", [])
    gspans = [_event_spans(text, e) for e in gold_events]
    sspans = [_event_spans(text, e) for e in sys_events]
    fits: dict[tuple[int, int], float] = {}
    for i, g in enumerate(gold_events):
        for j, s in enumerate(sys_events):
            if typed and g.get("type") != s.get("type"):
                continue
            fit = _event_fit(text, gspans[i], sspans[j], s.get("trigger"), g.get("type") == s.get("type"))
            if fit > 0:
                fits[(i, j)] = fit
    return _best_matching(fits, len(gold_events), len(sys_events))


_PRIMARY_FIT, _TRIGGER_FIT, _TYPE_FIT = 1.0, 2.0, 4.0


def _event_fit(text: str, gold: list[tuple[int, int]], system: list[tuple[int, int]], trigger: str | None,
               same_type: bool) -> float:
    """How well a system event fits a gold event, 0 when their passages do not overlap: the same
    type first (when matching untyped), then the system's trigger word inside the gold passage, then
    the gold's own evidence before its ``also_evidence`` passages, then the overlap over the union
    of the two passages (a tight passage beats a paragraph)."""
    best = 0.0
    for k, a in enumerate(gold):
        for b in system:
            ov = _overlap(a, b)
            if ov <= 0:
                continue
            fit = ov / (max(a[1], b[1]) - min(a[0], b[0]))
            if trigger and re.search(rf"(?<!\w){re.escape(trigger)}(?!\w)", text[max(a[0], b[0]):min(a[1], b[1])]):
                fit += _TRIGGER_FIT
            if k == 0:
                fit += _PRIMARY_FIT
            best = max(best, fit)
    return best + _TYPE_FIT if best and same_type else best


def _best_matching(fits: dict[tuple[int, int], float], n_gold: int, n_system: int) -> list[tuple[int, int]]:
    """The one-to-one pairs with the most pairs, and among those the greatest total fit (an
    optimal assignment: each pair weighs more than any sum of fits, so no pair is given up for a
    better fit). Falls back to the augmenting-path matching when SciPy is missing."""
    if not fits:
        return []
    try:
        import numpy as np
        from scipy.optimize import linear_sum_assignment
    except ImportError:  # pragma: no cover - scipy comes with datasketch
        edges: dict[int, list[int]] = {}
        for (i, j), fit in sorted(fits.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1])):
            edges.setdefault(i, []).append(j)
        return _matching(edges)
    pair = 1.0 + 2 * (_TYPE_FIT + _TRIGGER_FIT + _PRIMARY_FIT + 1.0) * min(n_gold, n_system)
    weights = np.zeros((n_gold, n_system))
    for (i, j), fit in fits.items():
        weights[i, j] = pair + fit
    rows, cols = linear_sum_assignment(weights, maximize=True)
    return sorted((int(i), int(j)) for i, j in zip(rows, cols) if (int(i), int(j)) in fits)


def score_events(gold: dict, system: dict, text: str | None, typed: Score, untyped: Score) -> dict:
    text = text or ""
    gold_events, sys_events = gold.get("events", []), system.get("events", [])
    pairs = match_events(gold, system, text)
    typed.add(tp=len(pairs), fp=len(sys_events) - len(pairs), fn=len(gold_events) - len(pairs))
    loose = match_events(gold, system, text, typed=False)
    untyped.add(tp=len(loose), fp=len(sys_events) - len(loose), fn=len(gold_events) - len(loose))
    dated = [(i, j) for i, j in pairs if gold_events[i].get("when")
             and gold_events[i].get("when_source", "document") in ("document", "context")]
    right = [(i, j) for i, j in dated
             if (sys_events[j].get("when") or {}).get("gregorian") == gold_events[i]["when"].get("gregorian")]
    gold_dated = [e for e in gold_events if e.get("when") and (e.get("when") or {}).get("gregorian")
                  and e.get("when_source", "document") in ("document", "context")]
    typed.extra["gold_dated"] = typed.extra.get("gold_dated", 0) + len(gold_dated)
    typed.extra["date_total"] = typed.extra.get("date_total", 0) + len(dated)
    typed.extra["date_correct"] = typed.extra.get("date_correct", 0) + len(right)
    total = typed.extra["date_total"]
    typed.extra["date_accuracy"] = round(typed.extra["date_correct"] / total, 4) if total else None
    matched_g = {i for i, _ in pairs}
    matched_s = {j for _, j in pairs}
    return {"missed": [f"{e['type']}: {e.get('evidence')}" for i, e in enumerate(gold_events) if i not in matched_g],
            "spurious": [f"{e['type']}: {e.get('evidence')}" for j, e in enumerate(sys_events) if j not in matched_s],
            "wrong_date": [{"event": gold_events[i]["id"], "gold": gold_events[i]["when"].get("gregorian"),
                            "system": (sys_events[j].get("when") or {}).get("gregorian")}
                           for i, j in dated if (i, j) not in right],
            "map": {sys_events[j].get("id"): gold_events[i]["id"] for i, j in pairs}}


def _links(groups: Iterable[list[tuple[str, str]]]) -> set[frozenset]:
    out = set()
    for reports in groups:
        unique = sorted(set(reports))
        out |= {frozenset((a, b)) for k, a in enumerate(unique) for b in unique[k + 1:]}
    return out


def score_corpus_events(gold_corpus: dict, system_corpus: dict, event_map: dict[str, dict[str, str]]) -> Score:
    """Pairwise links between reports merged into one happening, system reports mapped to gold events."""
    gold_links = _links([(r["doc"], r["event"]) for r in ev.get("reported_by", [])] for ev in gold_corpus.get("events", []))
    sys_groups = []
    for ev in system_corpus.get("events", []):
        reports = []
        for r in ev.get("reported_by", []):
            mapped = event_map.get(r["doc"], {}).get(r["event"])
            reports.append((r["doc"], mapped if mapped else f"\0{r['event']}"))
        sys_groups.append(reports)
    sys_links = _links(sys_groups)
    return Score("cross-document events", tp=len(gold_links & sys_links), fp=len(sys_links - gold_links),
                 fn=len(gold_links - sys_links), extra={"gold_links": len(gold_links)})


_DIAGNOSES = (("calendar", "calendar_shift"), ("granularity", "granularity"), ("stage", "stages"))


def gold_diagnosis(explanation: str | None) -> str | None:
    """The diagnosis a gold explanation names, if any (calendar shift, granularity, stages)."""
    text = (explanation or "").lower()
    return next((d for word, d in _DIAGNOSES if word in text), None)


def _claim_matches(gold_claim: dict, sys_claim: dict, texts: dict[str, str]) -> bool:
    if gold_claim["doc"] != sys_claim.get("doc"):
        return False
    g, s = gold_claim.get("says"), sys_claim.get("says")
    if g and s and re.fullmatch(r"\d{4}(-\d{2}){0,2}.*", g) and _day(g) == _day(s):
        return True
    text = texts.get(gold_claim["doc"], "")
    gs, ss = _span(text, gold_claim.get("evidence") or "", None), _span(text, sys_claim.get("evidence") or "", None)
    return bool(gs and ss and _overlap(gs, ss) > 0)


def score_conflicts(gold_corpus: dict, system_corpus: dict, texts: dict[str, str]) -> tuple[Score, dict]:
    gold_conflicts = gold_corpus.get("conflicts", [])
    sys_conflicts = system_corpus.get("conflicts", [])
    pairs, used = [], set()
    for i, g in enumerate(gold_conflicts):
        for j, s in enumerate(sys_conflicts):
            if j in used or {c["doc"] for c in g["claims"]} != {c.get("doc") for c in s.get("claims", [])}:
                continue
            if all(any(_claim_matches(gc, sc, texts) for sc in s["claims"]) for gc in g["claims"]):
                pairs.append((i, j))
                used.add(j)
                break
    checked = [(i, j) for i, j in pairs if gold_diagnosis(gold_conflicts[i].get("explanation"))]
    right = [(i, j) for i, j in checked
             if sys_conflicts[j].get("diagnosis") == gold_diagnosis(gold_conflicts[i].get("explanation"))]
    false_alarms = 0
    for apparent in gold_corpus.get("apparent_conflicts_resolved", []):
        docs = {c["doc"] for c in apparent["claims"]}
        for j, s in enumerate(sys_conflicts):
            if j not in used and {c.get("doc") for c in s.get("claims", [])} == docs and all(
                    any(_claim_matches(gc, sc, texts) for sc in s["claims"]) for gc in apparent["claims"]):
                false_alarms += 1
                break
    score = Score("conflicts", tp=len(pairs), fp=len(sys_conflicts) - len(pairs), fn=len(gold_conflicts) - len(pairs),
                  extra={"diagnosis_checked": len(checked), "diagnosis_correct": len(right),
                         "apparent_conflicts_flagged": false_alarms})
    matched = {i for i, _ in pairs}
    return score, {"missed": [gold_conflicts[i]["about"] for i in range(len(gold_conflicts)) if i not in matched]}


# ---------------------------------------------------------------- whole corpus

def score(gold_docs: dict[str, dict], gold_corpus: dict, system_docs: dict[str, dict], system_corpus: dict,
          texts: dict[str, str]) -> Report:
    """Score system annotations against the gold; ``texts`` maps document names to their full text."""
    bp, lost = Score("boilerplate lines"), Score("body_keep kept")
    meta = Score("metadata fields")
    genre, calendar = Score("genre"), Score("calendar")
    m_typed, m_untyped = Score("mentions (typed)"), Score("mentions (untyped)")
    t_relaxed, t_strict = Score("timexes (overlap)"), Score("timexes (strict)")
    e_typed, e_untyped = Score("events (type+evidence)"), Score("events (evidence only)")
    details: dict[str, Any] = {}
    event_map: dict[str, dict[str, str]] = {}
    for name, gold in sorted(gold_docs.items()):
        system = system_docs.get(name, {"doc": name})
        text = texts.get(name)
        d: dict[str, Any] = {}
        d["boilerplate"] = score_boilerplate(gold, system, text, bp, lost)
        d["metadata"] = score_metadata(gold, system, meta)
        for label, sc in (("genre", genre), ("calendar", calendar)):
            ok = gold.get(label) == system.get(label)
            sc.add(tp=int(ok), fp=int(not ok and system.get(label) is not None), fn=int(not ok))
            if not ok:
                d[label] = {"gold": gold.get(label), "system": system.get(label)}
        d["mentions"] = score_mentions(gold, system, m_typed, m_untyped)
        d["timexes"] = score_timexes(gold, system, text, t_relaxed, t_strict)
        d["events"] = score_events(gold, system, text, e_typed, e_untyped)
        event_map[name] = d["events"].pop("map")
        if name not in system_docs:
            d["missing"] = True
        details[name] = d
    aliases = score_aliases(gold_docs, system_docs)
    cross = score_corpus_events(gold_corpus, system_corpus, event_map)
    conflicts, conflict_details = score_conflicts(gold_corpus, system_corpus, texts)
    details["_corpus"] = {"conflicts": conflict_details}
    scores = [bp, lost, meta, genre, calendar, m_typed, m_untyped, aliases, t_relaxed, t_strict, e_typed, e_untyped,
              cross, conflicts]
    return Report(scores=scores, details=details)


def summary_rows(report: Report) -> list[dict[str, Any]]:
    """One row per part: P, R, F1 and the part's extra figure as text."""
    rows = []
    for s in report.scores:
        note = ""
        x = s.extra
        if "accuracy" in x:
            note = f"{x['exact']}/{x['fields']} fields exact ({x['accuracy']:.1%})"
        elif "value_accuracy" in x and x["value_accuracy"] is not None:
            note = f"Gregorian value {x['value_correct']}/{x['value_total']} ({x['value_accuracy']:.1%})"
        elif "date_accuracy" in x and x["date_accuracy"] is not None:
            note = f"date {x['date_correct']}/{x['date_total']} ({x['date_accuracy']:.1%})"
        elif "diagnosis_checked" in x:
            note = (f"diagnosis {x['diagnosis_correct']}/{x['diagnosis_checked']}; "
                    f"{x['apparent_conflicts_flagged']} apparent conflicts flagged")
        elif s.part == "body_keep kept":
            note = f"{int(s.fn)} body_keep sentences lost"
        elif "items" in x:
            note = f"{x['found']}/{x['items']} gold (document, surface) items found"
        rows.append({**asdict(s), "precision": s.precision, "recall": s.recall, "f1": s.f1, "note": note})
    return rows


# ---------------------------------------------------------------- the headline figures

@dataclass(frozen=True)
class Figure:
    """One headline figure of a scored corpus, as the issue on unseen sources states it."""

    key: str
    label: str
    target: float | None  # the floor fontes aims at on unseen documents (None: count only)


FIGURES = (
    Figure("chrome_recall", "chrome lines removed (recall)", 0.90),
    Figure("body_lost", "body sentences lost", 0),
    Figure("citation_f1", "citation fields F1", 0.85),
    Figure("mention_f1", "typed entity mention F1", 0.85),
    Figure("alias_f1", "alias clustering B³ F1", 0.95),
    Figure("timex_f1", "time expression detection F1", 0.92),
    Figure("timex_value_f1", "time expression Gregorian value F1", 0.90),
    Figure("event_f1", "event F1 (type + evidence)", 0.75),
    Figure("event_date_recall", "events with the right Gregorian date (recall)", 0.80),
    Figure("conflicts_found", "cross-source conflicts found (recall)", 1.0),
    Figure("conflicts_reported", "conflicts reported", None),
)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def figures(report: Report) -> dict[str, Any]:
    """The headline figures of a report (FIGURES), with the counts behind the ratios.

    Gregorian value F1: a system timex is right when it overlaps a gold timex (one-to-one) and has
    its Gregorian value; P over all system timexes, R over all gold timexes. Events with the right
    date: gold events the text dates (``when_source`` document or context) that the system found
    with the right type, evidence and Gregorian date, over all such gold events.
    """
    t = report.score("timexes (overlap)")
    right = t.extra.get("value_correct", 0)
    sys_t, gold_t = t.tp + t.fp, t.tp + t.fn
    vp = right / sys_t if sys_t else 0.0
    vr = right / gold_t if gold_t else 0.0
    e = report.score("events (type+evidence)")
    dated_gold = e.extra.get("gold_dated", 0)
    c = report.score("conflicts")
    lost = report.score("body_keep kept")
    return {
        "chrome_recall": report.score("boilerplate lines").recall,
        "body_lost": int(lost.fn),
        "citation_f1": report.score("metadata fields").f1,
        "mention_f1": report.score("mentions (typed)").f1,
        "alias_f1": report.score("aliases (B-cubed)").f1,
        "timex_f1": t.f1,
        "timex_value_f1": _f1(vp, vr),
        "event_f1": e.f1,
        "event_date_recall": e.extra.get("date_correct", 0) / dated_gold if dated_gold else None,
        "conflicts_found": c.tp / (c.tp + c.fn) if c.tp + c.fn else None,
        "conflicts_reported": int(c.tp + c.fp),
        "_counts": {"timex_value": f"{right}/{int(gold_t)}", "event_date": f"{e.extra.get('date_correct', 0)}/{dated_gold}",
                    "conflicts": f"{int(c.tp)}/{int(c.tp + c.fn)}", "chrome": f"{int(report.score('boilerplate lines').tp)}"
                    f"/{int(report.score('boilerplate lines').tp + report.score('boilerplate lines').fn)}"},
    }
