"""Resolve step: global entities, merged events with their dating reasoning, and conflicts across documents.

Reports of one happening are merged when their types are compatible (the same type, or stages
of one process such as ceasefire / armistice / treaty), their participants do not contradict
each other and their dates are compatible: equal, nested (a month and a day in it), a day apart,
or apart by the Julian-Gregorian offset of that date (13 days in 1900-1918, 12 in the 1800s),
which is then a conflict diagnosed as a calendar shift, unless one source marks its calendar
(O.S./N.S., a double date) and the other's was only guessed: then it is the same day read in the
other calendar, one happening and no conflict. Types that cover many unrelated happenings (OTHER,
OFFENSIVE, TRAVEL...) merge only on a shared participant, place or name ("the siege of Azov" and
"Azov was besieged"), or on the same word or one of its group ("an assault" and "an attack",
data/happenings.yaml); a fight told as OTHER ("Siege of Kars") joins an OFFENSIVE ("the Russians
captured Kars") that shares its place or party. The same act of the same party told with the same
word a few days apart (WEEK_DAYS) by two sources is one happening whose date they disagree on. Each
source keeps its own Claim; the merged date is decided from the claims
and the reasoning is recorded. A happening has at most one conflict record, with every source's
claim and the diagnosis of its strongest disagreement; it also covers the content and status of
one act (a draft vs a formal submission). Copies, reprints and versions of one text are its
witnesses (``fontes.witnesses``): only the leading witness's reports are merged and compared, each other
witness's reports join the happening of the passage they copy, and where they read differently (a
changed date) the difference is a variant of the text, recorded apart from the conflicts. The
chronology's own consistency (a receipt before its sending, a source reporting something after its
own date) is checked last.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from fontes import calendars, witnesses
from fontes.events import family_of, triggers
from fontes.model import (
    Claim,
    Conflict,
    Corpus,
    CorpusEvent,
    Document,
    DualDate,
    Entity,
    Event,
)
from fontes.settings import DEFAULTS, Settings

NEAR_DAYS = 1  # a night-time act, a signing vs its entry into force: one day apart is the same happening
# types of happenings that occur once between the same parties (an armistice, a revolution):
# two reports of them 13 days apart are one happening in two calendars, not two happenings
SINGULAR = frozenset({"ARMISTICE", "CEASEFIRE", "TREATY", "REVOLUTION", "UPRISING", "SEIZURE_OF_POWER", "RECOGNITION"})
# types that name many unrelated happenings (any death, foundation, battle or journey): two reports
# of them are one only when they share a participant, a place or a name, or the same word
OPEN_TYPES = frozenset({"OTHER", "OFFENSIVE", "TRAVEL", "ARREST", "SPEECH", "PUBLICATION"})
SOFT_DAYS = 3  # a date inferred from context ("simultaneously", the paragraph's date) may be off by this much
_STOP = {"the", "a", "an", "of", "to", "and", "all", "both", "those", "us", "in", "at", "on", "for", "with", "by", "his", "her", "their", "its"}


@dataclass
class _Report:
    """One document's event as the resolver sees it."""

    doc: Document
    event: Event
    bounds: tuple[date, date] | None  # Gregorian days the claimed date covers
    hard: bool  # dated by a time expression of the document (not inferred from context)
    roles: dict = field(default_factory=dict, repr=False, compare=False)  # role -> (entity ids, name words)
    soft: tuple[date, date] | None = None  # the passage's time, for an event its own text leaves undated
    types: dict = field(default_factory=dict, repr=False, compare=False)  # global entity id -> its type

    @property
    def day(self) -> date | None:
        return self.bounds[0] if self.bounds and self.bounds[0] == self.bounds[1] else None


@dataclass
class _Cluster:
    reports: list[_Report] = field(default_factory=list)
    relations: list[tuple[_Report, _Report, str, int]] = field(default_factory=list)  # (a, b, relation, days)
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def types(self) -> set[str]:
        return {r.event.type for r in self.reports}

    @property
    def docs(self) -> set[str]:
        return {r.doc.id for r in self.reports}

    def summary(self) -> tuple[set[str], date | None, date | None]:
        """Its documents and the first and last day its dated reports cover (kept up to date as it grows)."""
        docs, span, seen = self._memo.setdefault("summary", (set(), [None, None], [0]))
        for report in self.reports[seen[0]:]:
            docs.add(report.doc.id)
            bounds = report.bounds or report.soft  # a passage's time too: only to rule far dates out
            if bounds:
                span[0] = min(span[0] or bounds[0], bounds[0])
                span[1] = max(span[1] or bounds[1], bounds[1])
        seen[0] = len(self.reports)
        return docs, span[0], span[1]

    def participants(self, role: str) -> tuple[set[str], set[str]]:
        """Entity ids and name words of all its reports' actors or targets (kept up to date as it grows)."""
        ids, words, seen = self._memo.setdefault(role, (set(), set(), [0]))
        for report in self.reports[seen[0]:]:
            mine_ids, mine_words = _role_of(report, role)
            ids |= mine_ids
            words |= mine_words
        seen[0] = len(self.reports)
        return ids, words


# --- the step ---------------------------------------------------------------------------------

@dataclass
class Linked:
    """Entities linked beforehand over more documents than a resolve is given (the first level of an
    incremental resolve, fontes.incremental): each document as the linker left it (its mentions'
    global ids, its entities) and the global entities."""

    docs: dict[str, Document]
    entities: list[Entity]


def resolve(docs: list[Document], settings: Settings = DEFAULTS, linked: Linked | None = None) -> Corpus:
    """Link entities across documents, merge the events they report, and record the conflicts.

    Reads every document's mentions, entities and events; writes a Corpus (and sets Event.links
    and the documents' calendar when the corpus shows it was misread). With ``linked`` the
    entities are not linked again: each document takes the global ids given there.
    """
    from fontes.metadata import unify_authors

    unify_authors(docs)  # initialled authors take the full name another source gives them
    texts = witnesses.group_witnesses(docs)
    entities = _link_entities(docs, settings, texts, linked)
    copies = _copies(docs, texts)  # id(copied event) -> the copy, its witness and the leader's event
    types = {e.id: e.type for e in entities}
    clusters = _cluster(docs, copies, types)
    before = {d.id: d.calendar for d in docs}
    if _redecide_calendars(docs, clusters):
        by_id = {d.id: d for d in docs}
        for doc in docs:  # a copy reads its dates in the calendar its leading witness was found to use
            lead = by_id.get(texts.leader(doc.id), doc)
            if lead is not doc and lead.calendar != before[lead.id] and doc.calendar == before[lead.id]:
                _recompute_dates(doc, lead.calendar)
                doc.calendar, doc.calendar_reason = lead.calendar, lead.calendar_reason
        clusters = _cluster(docs, copies, types)
    from fontes import chain

    chain.link_events([d for d in docs if texts.is_leader(d.id)]
                      + [_unaligned(d, copies) for d in docs if not texts.is_leader(d.id)])
    _copy_links(copies)
    corpus = Corpus(documents=docs, entities=entities, witnesses=dict(texts.text_of))
    conflicts: list[Conflict] = []
    followers: dict[int, list[_Copy]] = defaultdict(list)  # id(leader's event) -> its copies
    for c in copies.values():
        followers[id(c.lead)].append(c)
    digests = _unique_digests(clusters)
    for cluster in sorted(clusters, key=lambda c: (_cluster_key(c), digests[id(c)])):
        event = _corpus_event(cluster, digests[id(cluster)])
        corpus.events.append(event)
        dated = _date_conflicts(event, cluster, texts)
        status = [c for c in _status_conflicts(event, cluster) if not texts.same_text(*{x.doc_id for x in c.claims})]
        content = [c for c in _content_conflicts(event, cluster) if not texts.same_text(*{x.doc_id for x in c.claims})]
        conflicts.extend(_one_record(dated + status + content))
        corpus.variants.extend(_variants(event, cluster, followers))
    conflicts.extend(_consistency_conflicts(docs, corpus, copies))
    corpus.conflicts = conflicts
    chain.assign_roles(corpus)
    return corpus


# --- witnesses of one text --------------------------------------------------------------------

@dataclass(frozen=True)
class _Copy:
    """An event of a non-leading witness that copies a passage of the text's leading witness."""

    doc: Document
    event: Event
    lead: Event  # the leading witness's event for the same passage


def _copies(docs: list[Document], texts: "witnesses.Witnesses") -> dict[int, _Copy]:
    """id(event) -> _Copy for every event of a witness that copies the leading witness's passage; those
    reports are not merged or compared again (they count once)."""
    by_id = {d.id: d for d in docs}
    out: dict[int, _Copy] = {}
    for doc in docs:
        lead = by_id.get(texts.leader(doc.id))
        if lead is None or lead is doc:
            continue
        for j, i in witnesses.align_events(lead, doc).items():
            out[id(doc.events[j])] = _Copy(doc, doc.events[j], lead.events[i])
    return out


def _unaligned(doc: Document, copies: dict[int, _Copy]) -> Document:
    """A witness with only the events that no other witness of its text has (an added passage)."""
    view = Document(id=doc.id, path=doc.path, text=doc.text)
    view.events = [e for e in doc.events if id(e) not in copies]
    return view


def _copy_links(copies: dict[int, _Copy]) -> None:
    """A copied event links where the leading witness's event links (chain of command)."""
    for c in copies.values():
        if c.lead.links:
            c.event.links = {k: list(v) for k, v in c.lead.links.items()}


def _variants(event: CorpusEvent, cluster: "_Cluster", followers: dict[int, list[_Copy]]) -> list[Conflict]:
    """One record per happening where witnesses of one text date a passage differently: a variant of
    the text (a misprint, an edit or a correction in one version), not sources disagreeing."""
    claims: list[Claim] = []
    texts_told: list[str] = []
    for report in cluster.reports:
        lead_value = report.event.when.gregorian if report.event.when else None
        readings: dict[str, list[tuple[Document, Event]]] = defaultdict(list)
        for c in followers.get(id(report.event), []):
            value = c.event.when.gregorian if c.event.when else None
            if witnesses.readings_differ(lead_value, value):
                readings[value].append((c.doc, c.event))
        if not readings:
            continue
        agree = sum(1 for c in followers[id(report.event)] if (c.event.when.gregorian if c.event.when else None) == lead_value)
        claims.append(_claim(report))
        parts = []
        for value, found in sorted(readings.items()):
            doc, e = min(found, key=lambda x: (x[0].name, x[0].id))
            claims.append(Claim(doc.id, e.id, value, e.evidence))
            written = e.when.as_written if e.when and e.when.as_written else value
            parts.append(f"{len(found)} witness{'es' if len(found) > 1 else ''} ({doc.path}"
                         + (f" and {len(found) - 1} more" if len(found) > 1 else "") + f") read{'s' if len(found) == 1 else ''} "
                         f"'{written}' ({value} N.S.)")
        lead_written = report.event.when.as_written if report.event.when and report.event.when.as_written else lead_value
        texts_told.append(
            f"One text in {1 + len(followers[id(report.event)])} witnesses: {report.doc.path}"
            + (f" and {agree} other{'s' if agree != 1 else ''}" if agree else "")
            + f" read{'s' if not agree else ''} '{lead_written}' ({lead_value} N.S.); " + "; ".join(parts)
            + ". A variant of the text (a misprint, an edit or a correction in one version), not independent testimony."
        )
    if not claims:
        return []
    return [Conflict(event.id, claims, "variant", " ".join(texts_told), kind="variant")]


# --- entities ---------------------------------------------------------------------------------

def _link_entities(docs: list[Document], settings: Settings, texts: "witnesses.Witnesses | None" = None,
                   linked: Linked | None = None) -> list[Entity]:
    """Global entities from the entity stage; the events' local ids are rewritten to match.

    An exact copy of another witness's text (the same mentions) is not linked again: its mentions
    take the global ids its leading witness's mentions get. With ``linked``, the links made before."""
    from fontes import entities as entity_stage

    link = getattr(entity_stage, "link_entities", None)
    if link is None:
        merged: dict[str, Entity] = {}
        for doc in docs:
            for entity in doc.entities:
                merged.setdefault(entity.id, entity)
        return list(merged.values())
    before = [{(m.start, m.end): m.entity_id for m in doc.mentions} for doc in docs]
    if linked is not None:
        result = _take_links(docs, linked)
    else:
        twins = _twins(docs, texts)
        result = link([d for d in docs if d.id not in twins], settings)
        _stable_role_ids([d for d in docs if d.id not in twins], result or [])
        _link_twins(docs, twins, before, result or [])
    for doc, old_ids in zip(docs, before):
        votes: dict[str, Counter[str]] = defaultdict(Counter)
        for m in doc.mentions:
            old = old_ids.get((m.start, m.end))
            if old and m.entity_id:
                votes[old][m.entity_id] += 1
        mapping = {old: c.most_common(1)[0][0] for old, c in votes.items()}
        for event in doc.events:
            event.actors = list(dict.fromkeys(mapping.get(a, a) for a in event.actors))
            event.targets = list(dict.fromkeys(mapping.get(t, t) for t in event.targets))
            event.place = mapping.get(event.place, event.place) if event.place else None
    return list(result or [])


def _stable_role_ids(docs: list[Document], entities: list[Entity]) -> None:
    """Give each role mention no holder was found for ("the President", an entity of its own) an id
    made from its name and where it stands (its document, its first mention), not the linker's number
    in the order of all clusters ("role--president-25"), which any added document may shift: then
    adding a document renames no entity of another (fontes.incremental)."""
    from fontes.aliases import ROLE_PREFIX, slug
    from fontes.names import role_key

    first: dict[str, tuple[str, int]] = {}
    for doc in docs:
        for m in doc.mentions:
            if m.entity_id and m.entity_id.startswith(ROLE_PREFIX):
                first.setdefault(m.entity_id, (doc.id, m.start))
    renamed = {}
    for entity in entities:
        if entity.id in first:
            where = hashlib.sha256(f"{first[entity.id][0]}:{first[entity.id][1]}".encode()).hexdigest()[:10]
            renamed[entity.id] = f"{ROLE_PREFIX}{slug(role_key(entity.name)) or 'role'}-{where}"
    if not renamed:
        return
    for entity in entities:
        entity.id = renamed.get(entity.id, entity.id)
    for doc in docs:
        for m in doc.mentions:
            if m.entity_id in renamed:
                m.entity_id = renamed[m.entity_id]
        for e in doc.entities:
            e.id = renamed.get(e.id, e.id)


def _take_links(docs: list[Document], linked: Linked) -> list[Entity]:
    """Give each document the global ids its mentions and entities were linked to beforehand."""
    for doc in docs:
        done = linked.docs[doc.id]
        if len(done.mentions) != len(doc.mentions):
            raise ValueError(f"{doc.id}: linked beforehand with other mentions")
        for m, had in zip(doc.mentions, done.mentions):
            m.entity_id = had.entity_id
        doc.entities = list(done.entities)
    return linked.entities


def _twins(docs: list[Document], texts: "witnesses.Witnesses | None") -> dict[str, Document]:
    """Document id -> its leading witness, for witnesses whose mentions are exactly the leader's."""
    if texts is None:
        return {}
    by_id = {d.id: d for d in docs}
    out = {}
    for doc in docs:
        lead = by_id.get(texts.leader(doc.id))
        if lead is not None and lead is not doc and _mention_keys(doc) == _mention_keys(lead):
            out[doc.id] = lead
    return out


def _mention_keys(doc: Document) -> list[tuple]:
    return [(m.start, m.end, m.text, m.label, m.entity_id) for m in doc.mentions]


def _link_twins(docs: list[Document], twins: dict[str, Document], before: list[dict], entities: list[Entity]) -> None:
    """Give each twin's mentions and local entities the global ids of its leader's."""
    if not twins:
        return
    old_of = {d.id: old for d, old in zip(docs, before)}
    new_ids: dict[str, dict[str | None, str | None]] = {}  # leader id -> local id -> global id
    for lead in {id(d): d for d in twins.values()}.values():
        old = old_of[lead.id]
        new_ids[lead.id] = {old.get((m.start, m.end)): m.entity_id for m in lead.mentions}
    docs_of = {e.id: e for e in entities}
    for doc in docs:
        lead = twins.get(doc.id)
        if lead is None:
            continue
        mapping = new_ids[lead.id]
        for m in doc.mentions:
            m.entity_id = mapping.get(m.entity_id, m.entity_id)
            entity = docs_of.get(m.entity_id)
            if entity is not None and doc.id not in entity.doc_ids:
                entity.doc_ids.append(doc.id)
        for e in doc.entities:
            e.id = mapping.get(e.id, e.id)


# --- clustering -------------------------------------------------------------------------------

def _reports(docs: list[Document], copies: dict[int, _Copy] | None = None, types: dict[str, str] | None = None
             ) -> list[_Report]:
    out = []
    for doc in docs:
        for event in doc.events:
            if event.modality != "asserted" or (copies and id(event) in copies):
                continue
            bounds = _bounds(event.when.gregorian) if event.when and event.when.gregorian else None
            soft = None
            if event.arguments.get("dated_by") == ["passage"]:
                # the time of the paragraphs before: too loose to merge on, but it rules out far dates
                soft, bounds = bounds, None
            hard = bounds is not None and (event.timex_index is not None or bool(event.when and event.when.as_written))
            out.append(_Report(doc, event, bounds, hard, soft=soft, types=types if types is not None else {}))
    return out


def _bounds(value: str | None) -> tuple[date, date] | None:
    if not value:
        return None
    try:
        return calendars.value_bounds(value)
    except (ValueError, IndexError):
        return None


def _cluster(docs: list[Document], copies: dict[int, _Copy] | None = None, types: dict[str, str] | None = None
             ) -> list[_Cluster]:
    """Greedy merge: dated reports first (finest first), then undated ones onto a unique match.

    Events that copy another witness's passage (``copies``) are left out: their text is merged once."""
    reports = _reports(docs, copies, types)
    reports.sort(key=lambda r: (r.bounds is None, not r.hard, _width(r), r.bounds[0] if r.bounds else date.max))
    clusters: list[_Cluster] = []
    by_type: dict[str, set[int]] = defaultdict(set)  # event type -> clusters holding it, in creation order
    by_key: dict[tuple, set[int]] = defaultdict(set)  # word, name, participant or sentence -> clusters
    position: dict[int, int] = {}  # id(cluster) -> its index in clusters
    months = _MonthIndex()  # the months each cluster's dates cover: a dated report meets only those near it
    doc_clusters: dict[str, set[int]] = defaultdict(set)  # document id -> clusters holding one of its reports
    for report in reports:
        best, best_score, best_rel = None, 0.0, None
        candidates = []
        keys = _keys(report)
        # only a cluster holding a type of this report's family can take it (see _fit); an undated
        # report only one holding its own type and sharing a word, a participant or its sentence
        if report.bounds is not None:
            family = _kin(report.event.type)
            window = months.near(report)  # clusters dated near it: the others are too far
            if window is None:
                window = {i for t in family for i in by_type.get(t, ())}
            if report.event.type not in SINGULAR:  # see _fit: its document's other sentences are other happenings
                window -= doc_clusters[report.doc.id]
            window |= {i for k in keys if k[0] == "s" for i in by_key.get(k, ())}  # its sentence's
            near = sorted(i for i in window if any(i in by_type.get(t, ()) for t in family))
        else:
            near = sorted(by_type.get(report.event.type, set()) & {i for k in keys for i in by_key.get(k, ())})
        for cluster in (clusters[i] for i in near):
            if _too_far(report, cluster):
                continue
            score, rel = _fit(report, cluster)
            if score > 0:
                candidates.append((score, cluster, rel))
            if score > best_score:
                best, best_score, best_rel = cluster, score, rel
        if best is not None and report.bounds is None:
            exact = [c for s, c, r in candidates if report.event.type in c.types]
            if len(exact) > 1 or (not exact and len(candidates) > 1):
                best = None  # undated and ambiguous: keep apart
        if best is None:
            best = _Cluster([report])
            clusters.append(best)
        else:
            if best_rel is not None:
                best.relations.extend(best_rel)
            best.reports.append(report)
        home = position.setdefault(id(best), len(clusters) - 1)
        months.add(home, best)
        doc_clusters[report.doc.id].add(home)
        by_type[report.event.type].add(home)
        for key in keys:
            by_key[key].add(home)
    return _join_siblings(clusters)


def _keys(report: _Report) -> set[tuple]:
    """What an undated report can join a cluster by (see the end of _fit): its sentence, its trigger
    word, its participants' ids and words, the names it is about."""
    event = report.event
    keys: set[tuple] = {("s", report.doc.id, event.start), ("t", (event.trigger or "").lower())}
    keys |= {("i", x) for x in (*event.actors, *event.targets, *([event.place] if event.place else []))}
    keys |= {("w", w) for w in _content_words([p for k in ("actors", "targets", "of") for p in event.arguments.get(k, [])])}
    keys |= {("n", w) for w in _role_of(report, "names")[1]}
    return keys


def _join_siblings(clusters: list[_Cluster]) -> list[_Cluster]:
    """One sentence reporting one act as two events (a message carrying an order) stays in one cluster."""
    merged: list[_Cluster] = []
    by_key: dict[tuple[str, int], set[int]] = defaultdict(set)  # (doc, sentence start) -> merged clusters
    for cluster in clusters:
        keys = {(r.doc.id, r.event.start) for r in cluster.reports}
        home = next((
            i for i in sorted({i for k in keys for i in by_key.get(k, ())})
            if all(family_of(a) & family_of(b) for a in merged[i].types for b in cluster.types)
            and not (merged[i].docs - {d for d, _ in keys}) & (cluster.docs - {d for d, _ in keys})
        ), None)
        if home is None:
            home = len(merged)
            merged.append(cluster)
        else:
            merged[home].reports.extend(cluster.reports)
            merged[home].relations.extend(cluster.relations)
        for key in keys:
            by_key[key].add(home)
    return merged


FAR_DAYS = 31  # more than any calendar offset plus the slack _date_relation allows


class _MonthIndex:
    """Which clusters have dates in which month, so that a dated report is compared only with the
    clusters ``_too_far`` would not rule out (a long document's thousands of events are then not
    each compared with every cluster of their type: resolve stays linear in its length, issue 11).

    A cluster is filed under every month from its first to its last day (``_Cluster.summary``);
    one spanning more than WIDE_MONTHS, or not dated, is offered to every report.
    """

    WIDE_MONTHS = 36

    def __init__(self) -> None:
        self.by_month: dict[int, set[int]] = defaultdict(set)
        self.filed: dict[int, tuple[int, int]] = {}  # cluster index -> the months it is filed under
        self.wide: set[int] = set()

    def add(self, index: int, cluster: _Cluster) -> None:
        """File (again) the cluster at ``index`` after a report joined it."""
        if index in self.wide:
            return
        _, first, last = cluster.summary()
        if first is None or _month(last) - _month(first) > self.WIDE_MONTHS:
            self.wide.add(index)
            return
        lo, hi = _month(first), _month(last)
        old = self.filed.get(index)
        for m in range(lo, hi + 1):
            if old is None or not old[0] <= m <= old[1]:
                self.by_month[m].add(index)
        self.filed[index] = (min(lo, old[0]), max(hi, old[1])) if old else (lo, hi)

    def near(self, report: _Report) -> set[int] | None:
        """The clusters whose dates come within the report's reach (None: every cluster may)."""
        bounds = report.bounds or report.soft
        if bounds is None:
            return None
        reach = timedelta(days=ONCE_DAYS if _once(report) else FAR_DAYS)
        try:
            lo, hi = _month(bounds[0] - reach), _month(bounds[1] + reach)
        except OverflowError:
            return None
        if hi - lo > 3 * self.WIDE_MONTHS:
            return None
        out = set(self.wide)
        for m in range(lo, hi + 1):
            out |= self.by_month.get(m, set())
        return out


def _month(day: date) -> int:
    return day.year * 12 + day.month - 1


def _too_far(report: _Report, cluster: _Cluster) -> bool:
    """Whether some report of another document in the cluster is surely "far" in date from this one
    (then _fit is 0); a cheap test that spares comparing a report with every cluster of its type."""
    bounds = report.bounds or report.soft
    if bounds is None:
        return False
    docs, first, last = cluster.summary()
    if first is None or report.doc.id in docs:
        return False
    limit = ONCE_DAYS if _once(report) else FAR_DAYS
    return (first - bounds[1]).days > limit or (bounds[0] - last).days > limit


# --- one happening reported far apart: a death is undergone once, a digit may be misread ------

ONCE_DAYS = 400  # a year and a calendar offset: a Lady Day year (1648/9) or a misprinted year still meets


@lru_cache(maxsize=1)
def _happenings_yaml() -> dict:
    """data/happenings.yaml, read once."""
    from importlib import resources

    from fontes.datafiles import load_yaml

    return load_yaml(resources.files("fontes").joinpath("data/happenings.yaml").read_text("utf-8"))


@lru_cache(maxsize=1)
def _happenings() -> tuple[dict[str, str], frozenset[str], dict[str, frozenset[str]]]:
    """data/happenings.yaml: lemma -> the kind of happening undergone once; lemmas whose actor undergoes
    it; kind -> the entity types that can undergo it."""
    raw = _happenings_yaml()
    groups = {lemma: kind for kind, lemmas in raw["once"].items() for lemma in lemmas}
    undergo = {kind: frozenset(t) for kind, t in (raw.get("undergoer_types") or {}).items()}
    return groups, frozenset(raw.get("actor_undergoes", [])), undergo


def _once(report: _Report) -> str | None:
    """The kind of once-only happening a report is (a death, a coronation...), by its word."""
    groups, _, _ = _happenings()
    kinds = {groups[w] for w in report.event.arguments.get("lemma", []) if w in groups}
    return kinds.pop() if len(kinds) == 1 else None


@lru_cache(maxsize=1)
def _word_groups() -> dict[str, frozenset[str]]:
    """data/happenings.yaml ``same_word``: lemma -> the lemmas that name the same kind of act."""
    raw = _happenings_yaml()
    out: dict[str, frozenset[str]] = {}
    for group in raw.get("same_word") or []:
        for word in group:
            out[word] = out.get(word, frozenset()) | frozenset(group)
    return out


def _words_of(event: Event) -> set[str]:
    """An event's own lemmas and the lemmas of the same group ("assault" -> "attack", "storm"...)."""
    groups = _word_groups()
    mine = set(event.arguments.get("lemma", [])) - {"timeline", "narrated", "dateline"}
    return mine | {w for lemma in mine for w in groups.get(lemma, ())}


@lru_cache(maxsize=1)
def _fights() -> frozenset[str]:
    """data/happenings.yaml ``fights``: words of an OTHER happening that is a fight."""
    return frozenset(_happenings_yaml().get("fights") or [])


def _is_fight(event: Event) -> bool:
    """An OTHER happening named as a fight, by its word or a timeline entry's words ("Siege of Kars")."""
    if event.type != "OTHER":
        return False
    words = set(event.arguments.get("lemma", [])) | set(re.findall(r"[a-z]+", " ".join(event.arguments.get("entry", [])).lower()))
    return bool(words & _fights())


FIGHT_TYPES = frozenset({"OTHER", "OFFENSIVE"})


def _kin(etype: str) -> set[str]:
    """Types a report of this type may share a happening with: its family, and a fight (OTHER) with an
    OFFENSIVE (see _fight_pair)."""
    return family_of(etype) | (set(FIGHT_TYPES) if etype in FIGHT_TYPES else set())


def _fight_pair(report: _Report, cluster: _Cluster) -> bool:
    """A fight told as OTHER by one source and as an OFFENSIVE by another: one happening at most."""
    types = {report.event.type} | cluster.types
    if types != FIGHT_TYPES:
        return False
    return _is_fight(report.event) or any(_is_fight(r.event) for r in cluster.reports)


WEEK_DAYS = 7  # two sources dating one act by the same party with the same word a few days apart disagree


def _undergoers(report: _Report) -> frozenset[str]:
    """Who undergoes a once-only happening: its targets ("X was executed"), or its actors for an
    intransitive word ("X died"); failing both, the parties of the other events of its sentence
    ("X was conveyed to the palace and died")."""
    _, by_actor, undergo = _happenings()
    event = report.event
    mine = set(event.targets)
    if set(event.arguments.get("lemma", [])) & by_actor:
        mine |= set(event.actors)
    if not mine and not event.actors:
        for other in report.doc.events:
            if other is not event and other.start == event.start:
                mine |= set(other.targets) or set(other.actors)
    allowed = undergo.get(_once(report) or "", frozenset())
    # a group ("the Turks were killed") dies many times: only a party of the kind's types, where known
    return frozenset(x for x in mine if not allowed or report.types.get(x, "") in allowed or x not in report.types)


def _one_happening_apart(a: _Report, b: _Report, days: int, participants: float) -> bool:
    """Whether two reports dated far apart are still one happening: the same once-only happening of
    the same party within ONCE_DAYS, or the same word, type and party with dates one digit apart."""
    if not (a.bounds and b.bounds) or abs(days) > ONCE_DAYS:
        return False
    kind = _once(a)
    if kind and kind == _once(b) and _undergoers(a) & _undergoers(b):
        return True
    same_word = _words_of(a.event) & _words_of(b.event)
    if not (a.event.type == b.event.type and participants > 0 and same_word):
        return False
    # the same act of the same party told with the same word a few days apart (one dated by its own
    # sentence): two sources disagree on its day; or dates one figure apart (a misread or misprint)
    return (abs(days) <= WEEK_DAYS and (a.hard or b.hard)) or _digit_slip(a.bounds[0], b.bounds[0])


def _digit_slip(a: date, b: date) -> bool:
    """Dates that differ as a misread or misprinted figure would: the same month and year with days
    3/13/23, 1/11/21/31 or 12/21, or the same day and month with years one digit apart."""
    if (a.year, a.month) == (b.year, b.month) and a.day != b.day:
        x, y = sorted((str(a.day), str(b.day)), key=len)
        return (len(x) < len(y) and y.endswith(x)) or (len(x) == len(y) == 2 and x == y[::-1])
    if (a.month, a.day) == (b.month, b.day) and a.year != b.year:
        return sum(p != q for p, q in zip(str(a.year), str(b.year))) == 1
    return False


def _width(report: _Report) -> int:
    return (report.bounds[1] - report.bounds[0]).days if report.bounds else 10**6


def _fit(report: _Report, cluster: _Cluster) -> tuple[float, list | None]:
    """How well a report fits a cluster (0 = not at all) and the date relations it adds."""
    event = report.event
    same_doc = [r for r in cluster.reports if r.doc.id == report.doc.id]
    retold = bool(same_doc) and event.type in SINGULAR and all(
        r.event.type in SINGULAR and _date_relation(report, r)[0] in ("same", "nested", "near") for r in same_doc
    )  # a secondary source retells its one revolution: the lead's "uprising", the body's "storming"
    if same_doc and not retold and not all(r.event.start == event.start for r in same_doc):
        return 0.0, None  # one document reports distinct happenings in distinct sentences
    names = {n for r in cluster.reports for n in r.event.arguments.get("name", [])}
    mine = set(event.arguments.get("name", []))
    if (names or mine) and report.bounds is None and not (names & mine) and not (
        _name_words(event) & {w for r in cluster.reports for w in _name_words(r.event)}
    ):
        return 0.0, None  # a named happening ("the October Revolution") joins only the same name
    if event.type in cluster.types:
        score = 2.0
    elif family_of(event.type) & cluster.types and all(family_of(event.type) & family_of(t) for t in cluster.types):
        score = 1.0
    elif _fight_pair(report, cluster):
        score = 1.0  # "Siege of Kars" and "the Russians captured Kars": a shared place or party is still needed
    else:
        return 0.0, None
    if same_doc and not retold:
        return score + 1.0, []  # one sentence reporting one act twice (the message that carried an order)
    participants = _participants_fit(report, cluster)
    if participants <= 0 and _once(report) and any(
            _once(r) == _once(report) and _undergoers(r) & _undergoers(report) for r in cluster.reports):
        participants = 1.0  # "X was assassinated" and "X ... died": one party undergoes one death
    if participants < 0:
        return 0.0, None  # different people: a different happening
    if score < 2.0 and participants <= 0 and not ({event.type} | cluster.types) <= SINGULAR:
        return 0.0, None  # a message and a proposal are one act only if they concern the same people
    if report.bounds is not None and event.type in OPEN_TYPES and participants <= 0 and not _same_lemma(event, cluster):
        return 0.0, None  # two deaths, two battles on one day are two happenings unless they share a name
    score += participants
    places = {r.event.place for r in cluster.reports if r.event.place}
    if event.place and places:
        score += 0.5 if event.place in places else -0.5
    relations = []
    for other in cluster.reports:
        if other.doc.id == report.doc.id and not retold:
            continue
        rel, days = _date_relation(report, other)
        if rel == "far" and _one_happening_apart(report, other, days, participants):
            rel = "disagree"  # one death, one coronation, or a digit misread: far apart, still one happening
        if rel == "far":
            return 0.0, None
        if rel == "shift" and not ({event.type, other.event.type} <= SINGULAR or (event.type == other.event.type and participants > 0)):
            return 0.0, None  # 13 days apart is a coincidence unless the same people or a one-off happening
        if rel != "unknown":
            relations.append((report, other, rel, days))
    if report.bounds is None:
        # undated: merged only onto a unique happening of its type that it names the same way or
        # shares a participant with
        # the same event noun ("the armistice"); a verb ("landed", "decided") names no one happening
        word = (event.trigger or "").lower()
        nouns = triggers().nouns
        same_word = (word in nouns or bool(set(event.arguments.get("lemma", [])) & nouns.keys())) and any(
            (r.event.trigger or "").lower() == word for r in cluster.reports)
        # "the outbreak of the war" names what "the war broke out" has as its subject
        of_words = _content_words(event.arguments.get("of", []))
        same_word = same_word or bool(of_words and of_words & _content_words(
            [w for r in cluster.reports for role in ("actors", "targets", "of") for w in r.event.arguments.get(role, [])]))
        if event.type not in cluster.types or not (same_word or participants > 0 and event.type not in OPEN_TYPES):
            return 0.0, None  # an undated journey or battle joins only one it names the same way
        score -= 0.5
    elif relations:
        score += 1.0 if all(r[2] in ("same", "nested") for r in relations) else 0.5
    if score < 1.5:
        return 0.0, None
    return score, relations


def _same_lemma(event: Event, cluster: _Cluster) -> bool:
    """Whether a report names its happening with the same word as a report of the cluster; a timeline
    line by the words of its entry ("5 November: William lands at Torbay" and "William landed")."""
    mine = _words_of(event)
    if mine and any(mine & _words_of(r.event) for r in cluster.reports):
        return True
    return any(_entry_says(event, r.event) or _entry_says(r.event, event) for r in cluster.reports)


def _entry_says(line: Event, other: Event) -> bool:
    """A timeline line whose entry uses the other report's word, inflected ("lands" for "land")."""
    if "timeline" not in line.arguments.get("lemma", []):
        return False
    words = re.findall(r"[a-z]+", " ".join(line.arguments.get("entry", [])).lower())
    lemmas = {w for w in other.arguments.get("lemma", []) if len(w) >= 4 and w != "timeline"}
    return any(w.startswith(lemma) and len(w) - len(lemma) <= 3 for lemma in lemmas for w in words)


def _name_words(event: Event) -> set[str]:
    """The distinctive words of a happening's name: "the Treaty of X" and "the X Peace Treaty" share X."""
    names = event.arguments.get("name", [])
    if not names:
        return set()
    return _content_words(names + event.arguments.get("of", [])) - set(triggers().nouns)


def _participants_fit(report: _Report, cluster: _Cluster) -> float:
    """+1 when the reports share an actor or a target (entity id or name word), or a name in any
    role; -1 when both name targets (or, failing those, actors) by entity or proper name and none is
    shared; 0 when one side names none or only describes them ("his son")."""
    verdicts = []
    for role in ("targets", "actors"):
        mine_ids, mine_words = _role_of(report, role)
        their_ids, their_words = cluster.participants(role)
        if not (mine_ids or mine_words) or not (their_ids or their_words):
            verdicts.append(0)
        elif mine_ids & their_ids or mine_words & their_words:
            verdicts.append(1)
        elif (mine_ids and their_ids) or (_role_of(report, f"{role}:names")[1] and cluster.participants(f"{role}:names")[1]):
            verdicts.append(-1)  # two named parties, none shared
        else:
            verdicts.append(0)  # a description ("his son", "the Emperor") does not contradict a name
    if 1 in verdicts:
        return 1.0 if verdicts[0] != -1 else -1.0
    if verdicts[0] != -1:  # "the siege of Azov" and "Azov was besieged": one name in any role
        mine_ids, mine_words = _role_of(report, "names")
        their_ids, their_words = cluster.participants("names")
        if mine_ids & their_ids or mine_words & their_words:
            return 1.0
    return -1.0 if -1 in verdicts else 0.0


def _role_of(report: _Report, role: str) -> tuple[frozenset[str], frozenset[str]]:
    """Entity ids and name words of a report's actors or targets, or ("names") of every
    participant, its place and what it is of or named ("the siege of Azov"), in any role."""
    if role not in report.roles:
        event = report.event
        if role.endswith(":names"):
            report.roles[role] = (frozenset(), frozenset(_name_words_in(event.arguments.get(role.split(":")[0], []))))
        elif role == "names":
            ids = frozenset([*event.actors, *event.targets, *([event.place] if event.place else [])])
            phrases = [p for key in ("actors", "targets", "place", "of", "name", "entry") for p in event.arguments.get(key, [])]
            report.roles[role] = (ids, frozenset(_name_words_in(phrases)))
        else:
            report.roles[role] = (frozenset(getattr(event, role)), frozenset(_content_words(event.arguments.get(role, []))))
    return report.roles[role]


def _name_words_in(phrases: list[str]) -> set[str]:
    """Capitalised words of phrases, lower-cased, that are not an article or an event noun
    ("Siege"): the names a happening is about."""
    nouns = set(triggers().nouns)
    out = set()
    for phrase in phrases:
        for m in re.finditer(r"\b([A-Z][\w'’-]{2,})", phrase):
            word = m.group(1).lower()
            if word not in _STOP and word not in nouns:
                out.add(word)
    return out


def _date_relation(a: _Report, b: _Report) -> tuple[str, int]:
    """same | nested | near | shift | far | unknown, and the difference in days."""
    if a.bounds is None or b.bounds is None:
        return "unknown", 0
    if a.bounds == b.bounds:
        return "same", 0
    (a0, a1), (b0, b1) = a.bounds, b.bounds
    if (a0 <= b0 and b1 <= a1) or (b0 <= a0 and a1 <= b1):
        return "nested", 0
    gap = (b0 - a1).days if b0 > a1 else (a0 - b1).days
    days = (b0 - a0).days
    if gap <= NEAR_DAYS:
        return "near", days
    offset = _calendar_offset(min(a0, b0))
    if not (a.hard and b.hard):
        return ("near", days) if gap <= SOFT_DAYS else ("far", days)  # an inferred date is only roughly right
    if offset and abs(gap - offset) <= NEAR_DAYS:
        return "shift", days
    return "far", days


@lru_cache(maxsize=4096)
def _calendar_offset(day: date) -> int:
    """Julian-Gregorian offset on a day, if some country still dated by the Julian calendar then."""
    last_switch = max(c.switch for c in calendars.countries().values())
    if day >= last_switch or day < date(*calendars.GREGORIAN_START):
        return 0
    return calendars.shift_days(day.isoformat())


def _cluster_key(cluster: _Cluster) -> tuple:
    dated = [r.bounds[0] for r in cluster.reports if r.bounds]
    return (min(dated) if dated else date.max, min(r.event.start for r in cluster.reports))


# --- calendars --------------------------------------------------------------------------------

def _redecide_calendars(docs: list[Document], clusters: list[_Cluster]) -> bool:
    """Flip a document's calendar when the corpus dates its happenings by exactly the offset.

    Needs at least two of the document's dated reports shifted the same way and none agreeing.
    """
    shifted: Counter[str] = Counter()
    agreeing: Counter[str] = Counter()
    direction: dict[str, set[int]] = defaultdict(set)
    for cluster in clusters:
        for a, b, rel, days in cluster.relations:
            if rel == "shift":
                for r, sign in ((a, -1 if days > 0 else 1), (b, 1 if days > 0 else -1)):
                    shifted[r.doc.id] += 1
                    direction[r.doc.id].add(sign)
            elif rel in ("same", "nested"):
                agreeing[a.doc.id] += 1
                agreeing[b.doc.id] += 1
    changed = False
    for doc in docs:
        n = shifted[doc.id]
        if n < 2 or agreeing[doc.id] or len(direction[doc.id]) != 1 or _set_by_user(doc.calendar_reason):
            continue
        sign = direction[doc.id].pop()
        # sign -1: this document's dates run behind the others': it writes Old Style
        new = "julian" if sign < 0 else "gregorian"
        if doc.calendar == new:
            continue
        _recompute_dates(doc, new)
        doc.calendar_reason = (
            f"resolve: {n} happenings this document dates are dated by the other sources exactly the "
            f"Julian-Gregorian offset {'later' if sign < 0 else 'earlier'}, and none agree; read as {new}"
        )
        doc.calendar = new
        changed = True
    return changed


def _set_by_user(reason: str | None) -> bool:
    """A calendar a user set (fontes.corrections): resolve never overrides it."""
    return bool(reason and reason.startswith("set by "))


def _recompute_dates(doc: Document, calendar: str) -> None:
    """Rewrite the N.S./O.S. values of a document's time expressions and events for a new calendar."""
    for timex in doc.timexes:
        if not timex.value or not re.match(r"^\d{4}", timex.value) or _set_by_user(timex.calendar_reason):
            continue
        if calendar == "julian":
            timex.julian, timex.gregorian = timex.value, calendars.convert_value(timex.value, "gregorian", mod=timex.mod)
        else:
            timex.gregorian, timex.julian = timex.value, None
        timex.calendar = calendar
    for event in doc.events:
        if event.when is None:
            continue
        if event.timex_index is not None and event.timex_index < len(doc.timexes):
            t = doc.timexes[event.timex_index]
            event.when = DualDate(t.gregorian or t.value, t.julian, t.text)
        elif event.when.gregorian and calendar == "julian":
            value = event.when.gregorian
            event.when = DualDate(calendars.convert_value(value, "gregorian"), value, event.when.as_written)


# --- merged events ----------------------------------------------------------------------------

def _claims_digest(cluster: _Cluster, *, with_documents: bool = False) -> str:
    """A digest of the reports a happening merges (their event ids, "<file name>#e<n>"): its id does not
    depend on the rest of the corpus, so resolving only the documents a change touches (fontes.incremental)
    gives the ids a full resolve gives, and a copy of a text leading its witnesses keeps the ids.
    Two files of one name (always resolved together, see fontes.incremental) add their hashes."""
    reports = sorted(f"{r.doc.id} {r.event.id}" if with_documents else r.event.id for r in cluster.reports)
    return hashlib.blake2b("\n".join(reports).encode(), digest_size=5).hexdigest()


def _unique_digests(clusters: list[_Cluster]) -> dict[int, str]:
    """id(cluster) -> its digest, with the documents' hashes where two clusters' event ids coincide."""
    plain = {id(c): _claims_digest(c) for c in clusters}
    seen = Counter(plain.values())
    return {id(c): plain[id(c)] if seen[plain[id(c)]] == 1 else _claims_digest(c, with_documents=True)
            for c in clusters}


def _corpus_event(cluster: _Cluster, digest: str) -> CorpusEvent:
    reports = cluster.reports
    types = Counter(r.event.type for r in reports)
    etype = max(types, key=lambda t: (types[t], -min(r.event.start for r in reports if r.event.type == t)))
    when, reasoning = _decide_date(cluster)
    claims = [Claim(r.doc.id, r.event.id, r.event.when.gregorian if r.event.when else None, r.event.evidence) for r in reports]
    actors = list(dict.fromkeys(a for r in reports for a in r.event.actors))
    targets = list(dict.fromkeys(t for r in reports for t in r.event.targets if t not in actors))
    places = Counter(r.event.place for r in reports if r.event.place)
    stamp = when.gregorian.split("/")[0].split("T")[0] if when and when.gregorian else "undated"
    return CorpusEvent(
        id=f"{etype.lower()}-{stamp}-{digest}", type=etype, when=when, reported_by=claims, reasoning=reasoning,
        actors=actors, targets=targets, place=places.most_common(1)[0][0] if places else None,
    )


def _name(report: _Report) -> str:
    return report.doc.name


def _decide_date(cluster: _Cluster) -> tuple[DualDate | None, str]:
    """The merged date and how it was chosen from the claims."""
    dated = [r for r in cluster.reports if r.bounds]
    if not dated:
        return None, "No source dates it."
    hard = [r for r in dated if r.hard] or dated
    basis = "" if any(r.hard for r in dated) else " (inferred from the sources' context, not stated)"
    shifts = [rel for rel in cluster.relations if rel[2] == "shift"]
    for a, b, _, days in shifts:
        misread = _misread(a, b)
        if misread is not None:
            sure = b if misread is a else a
            return _dual(sure), (
                f"{_name(sure)} says {_quote(sure)}, its calendar marked ({_calendar_reason(sure)}); "
                f"{_name(misread)} says {_quote(misread)}, {abs(days)} days off, the Julian-Gregorian offset: "
                f"the same day read in the other calendar, one happening. {_name(sure)}'s date is kept."
            )
    if shifts:
        a, b, _, days = shifts[0]
        early, late = (a, b) if days > 0 else (b, a)
        offset = _calendar_offset(early.bounds[0])
        chosen = late
        reasoning = (
            f"{_name(early)} says {_quote(early)} and {_name(late)} says {_quote(late)}: "
            f"{abs(days)} days apart, the {offset}-day Julian-Gregorian offset"
            + (f" plus {abs(abs(days) - offset)} day" if abs(days) != offset else "")
            + f". Reading {_name(early)}'s date as Old Style gives "
            f"{calendars.convert_value(early.event.when.gregorian.split('T')[0], 'gregorian')} N.S.; "
            f"the New Style date {late.event.when.gregorian} of {_name(late)} is kept."
        )
        return _dual(chosen), reasoning
    finest = min(hard, key=_width)
    values = Counter(r.event.when.gregorian for r in hard)
    if len(hard) == 1:
        return _dual(finest), f"One source dates it: {_name(finest)} says {_quote(finest)}{basis}."
    if len(values) == 1:
        written = "; ".join(f"{_name(r)} writes {_quote(r)}" for r in hard)
        return _dual(finest), f"{len(hard)} sources agree on {finest.event.when.gregorian} N.S. ({written}){basis}."
    near = [rel for rel in cluster.relations if rel[2] == "near"]
    detail = "; ".join(f"{_name(r)}: {_quote(r)}" for r in hard)
    if near:
        return _dual(finest), f"The sources differ by at most a day ({detail}); the most precise, {finest.event.when.gregorian}, is kept{basis}."
    return _dual(finest), f"The most precise date is kept, {finest.event.when.gregorian}, which the coarser claims contain ({detail}){basis}."


EXPLICIT_CALENDAR = 0.9  # the time stage's confidence for a calendar marked at the date (O.S./N.S., a double date)


def _timex_of(report: _Report):
    i = report.event.timex_index
    timexes = report.doc.timexes
    return timexes[i] if i is not None and 0 <= i < len(timexes) else None


def _explicit(report: _Report) -> bool:
    """Whether a report's date names its calendar (marked O.S./N.S., a double date), not a guess by
    the document's place and time."""
    t = _timex_of(report)
    return t is not None and t.julian is not None and t.confidence >= EXPLICIT_CALENDAR


def _misread(a: _Report, b: _Report) -> _Report | None:
    """Of two reports of one happening a calendar offset apart, the one whose calendar was guessed
    when the other's is marked: the same day read in the other calendar, not a disagreement."""
    ea, eb = _explicit(a), _explicit(b)
    return b if ea and not eb else a if eb and not ea else None


def _calendar_reason(report: _Report) -> str:
    t = _timex_of(report)
    return (t.calendar_reason or t.calendar or "marked") if t is not None else "marked"


def _quote(report: _Report) -> str:
    when = report.event.when
    written = when.as_written if when and when.as_written else None
    value = when.gregorian if when else None
    return f"'{written}' ({value} N.S.)" if written else f"{value} N.S."


def _dual(report: _Report) -> DualDate:
    w = report.event.when
    return DualDate(w.gregorian, w.julian, w.as_written) if w else DualDate(None)


# --- conflicts --------------------------------------------------------------------------------

def _claim(report: _Report, says: str | None = None) -> Claim:
    if says is not None:
        return Claim(report.doc.id, report.event.id, says, report.event.evidence)
    return Claim(report.doc.id, report.event.id, report.event.when.gregorian if report.event.when else None,
                 _dated_evidence(report))


DATE_REACH = 600  # characters back to the written date a "this day" or an undated sentence stands on


def _dated_evidence(report: _Report) -> str:
    """The passage a date claim quotes: the event's evidence, reaching back to where the date is written
    in figures when the sentence itself only says "this day" or nothing (a heading, a date line)."""
    event, doc = report.event, report.doc
    value = event.when.gregorian if event.when else None
    own = _timex_of(report)
    if not value or (own is not None and event.start <= own.start and own.end <= event.end and re.search(r"\d", own.text)):
        return event.evidence
    for t in reversed(doc.timexes):
        if t.end <= event.start and event.start - t.start <= DATE_REACH and re.search(r"\d", t.text) \
                and (t.gregorian or t.value) in (value, value.split("T")[0]) \
                and doc.text[t.start:event.end].endswith(event.evidence):  # the day of "at four" on "this day"
            return doc.text[t.start:event.end]
    return event.evidence


def _date_conflicts(event: CorpusEvent, cluster: _Cluster, texts: "witnesses.Witnesses | None" = None) -> list[Conflict]:
    """One record for a happening whose sources date it differently: every source's dated claim, the
    diagnosis of the strongest disagreement (a calendar shift, else stages of a process, else a
    difference of precision, else unexplained) and an explanation of each disagreeing pair. Reprints
    of one text (near-identical documents) do not disagree with each other."""
    pairs: list[tuple[_Report, _Report, str, int]] = []
    seen: set[frozenset[str]] = set()
    for a, b, rel, days in cluster.relations:
        pair = frozenset((a.event.id, b.event.id))
        if pair in seen or rel in ("same", "nested", "unknown") or a.doc.id == b.doc.id:
            continue
        if not (a.hard and b.hard) and not (rel == "disagree" and abs(days) <= WEEK_DAYS and (a.hard or b.hard)):
            continue  # an inferred date is only roughly right, unless it is days off one the other source writes
        if texts is not None and texts.same_text(a.doc.id, b.doc.id):
            continue  # two witnesses of one text: a variant, reported apart
        if rel == "shift" and _misread(a, b) is not None:
            continue  # one day in two calendars: one source's calendar was guessed, the other's marked
        seen.add(pair)
        pairs.append((a, b, rel, days))
    if not pairs:
        return []
    texts, diagnoses = [], []
    for a, b, rel, days in pairs:
        diagnosis, text = _pair_explanation(a, b, rel, days)
        diagnoses.append(diagnosis)
        texts.append(text)
    order = ("calendar_shift", "transcription", "reporting_date", "overnight", "stages", "granularity", "unexplained")
    diagnosis = min(diagnoses, key=order.index)
    claims: list[Claim] = []
    involved = {id(r) for a, b, _, _ in pairs for r in (a, b)}
    by_doc: dict[str, _Report] = {}
    for report in cluster.reports:  # one claim per source: its finest dated report among the disagreeing ones
        if id(report) in involved:
            best = by_doc.get(report.doc.id)
            if best is None or _width(report) < _width(best):
                by_doc[report.doc.id] = report
    for report in sorted(by_doc.values(), key=lambda r: r.bounds[0] if r.bounds else date.max):
        claims.append(_claim(report))
    return [Conflict(event.id, claims, diagnosis, " ".join(dict.fromkeys(texts)), kind="date")]


def _pair_explanation(a: _Report, b: _Report, rel: str, days: int) -> tuple[str, str]:
    """Diagnosis and explanation of two sources dating one happening differently."""
    early, late = (a, b) if days > 0 else (b, a)
    stages = early.event.type != late.event.type
    if rel == "shift":
        offset = _calendar_offset(early.bounds[0])
        as_os = calendars.convert_value(early.event.when.gregorian.split("T")[0], "gregorian")
        rest = abs(days) - offset
        explanation = (
            f"{_name(early)}'s {_quote(early)} is {abs(days)} days before {_name(late)}'s {_quote(late)}; "
            f"the Julian-Gregorian offset on that date is {offset} days. Read as Old Style, "
            f"{_name(early)}'s date is {as_os} N.S."
            + (f", {abs(rest)} day{'s' if abs(rest) != 1 else ''} from {_name(late)}'s" if rest else f", the same day as {_name(late)}'s")
            + f": most likely {_name(early)} gives the Old Style date"
            + (f" (its document calendar is {early.doc.calendar})" if early.doc.calendar else "")
            + "."
            + (f" The sources also name different stages of the process ({early.event.type} vs {late.event.type})." if stages else "")
        )
        return "calendar_shift", explanation
    if rel == "disagree":
        return _far_explanation(early, late, days, stages)
    granular = _width(a) != _width(b)
    if not granular and not stages:
        special = _reported_on_its_own_date(early, late) or _overnight(early, late, days)
        if special:
            return special
    diagnosis = "granularity" if granular else ("stages" if stages else "unexplained")
    explanation = (
        f"{_name(early)} says {_quote(early)}, {_name(late)} says {_quote(late)}"
        + (": different precision" if granular else f", {abs(days)} day{'s' if abs(days) != 1 else ''} apart")
        + (f"; they report different stages ({early.event.type} vs {late.event.type})" if stages else "")
        + ("" if granular or stages else "; a night-time act or a signing vs its entry into force would explain it")
        + "."
    )
    return diagnosis, explanation


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _far_explanation(early: _Report, late: _Report, days: int, stages: bool) -> tuple[str, str]:
    """Why two sources date one happening far apart: a year counted from 25 March, a misread figure
    (told by a weekday that fits the other date), or no reason the texts give."""
    a, b = early.bounds[0], late.bounds[0]
    head = f"{_name(early)} says {_quote(early)}, {_name(late)} says {_quote(late)}, {abs(days)} days apart"
    weekday = _weekday_fits(early, late) or _weekday_fits(late, early)
    if b.year == a.year + 1 and (a.month, a.day) <= (3, 25) and (b.month, b.day) <= (3, 25) and abs(
            (b.replace(year=a.year) - a).days) <= _calendar_offset(a) + NEAR_DAYS:
        return "calendar_shift", (
            f"{head}: a year apart in the months before 25 March. Where the year began on Lady Day (25 March, "
            f"England until 1752), a date of January to March was written with the year before: "
            f"{_name(early)} has the year as it was counted then (Old Style), {_name(late)} as it is counted now"
            " (or one of them added a year twice); the same day, most likely."
            + (f" {weekday}" if weekday else "")
        )
    if _digit_slip(a, b) or weekday:
        return "transcription", (
            f"{head}: the dates differ by one figure, as a misread or misprinted number would"
            + (f". {weekday}" if weekday else "; a transcription error in one source, most likely")
            + "."
        )
    return "unexplained", (f"{head}; the same " + ("happening at different stages" if stages else "happening")
                           + ", and no calendar offset or misread figure explains the difference.")


def _weekday_fits(report: _Report, other: _Report) -> str:
    """A weekday a source writes beside its date that does not fit that date but fits the other source's."""
    t = _timex_of(report)
    around = report.event.evidence + (" " + t.text if t is not None else "")
    written = [d for d in _WEEKDAYS if re.search(rf"\b{d}\b", around, re.IGNORECASE)]
    if len(written) != 1 or not (report.day and other.day):
        return ""
    day = _WEEKDAYS.index(written[0])
    if report.day.weekday() != day and other.day.weekday() == day:
        return (f"{_name(report)} itself calls the day a {written[0].title()}, which {report.day.isoformat()} was "
                f"not and {other.day.isoformat()} was: {_name(report)}'s figure is the error")
    return ""


def _reported_on_its_own_date(early: _Report, late: _Report) -> tuple[str, str] | None:
    """One source dates the happening on the day it was itself written or printed: the report, not the event."""
    for report, other in ((late, early), (early, late)):
        own = report.doc.dct.gregorian if report.doc.dct and report.doc.dct.gregorian else None
        if own and report.day and own[:10] == report.day.isoformat() and report is late:
            return "reporting_date", (
                f"{_name(report)} dates it {_quote(report)}, the date of its own issue, and {_name(other)} "
                f"{_quote(other)}: the day it was reported, not the day it happened, most likely.")
    return None


def _overnight(early: _Report, late: _Report, days: int) -> tuple[str, str] | None:
    """A day apart, one source at night or in the evening or early morning: one act across midnight."""
    marks = ("TNI", "TEV", "TMO")
    values = [r.event.when.gregorian or "" for r in (early, late)]
    words = re.search(r"\b(night|midnight|evening|dawn|early morning)\b", early.event.evidence + " " + late.event.evidence,
                      re.IGNORECASE)
    if abs(days) != 1 or not (any(v.endswith(marks) for v in values) or words):
        return None
    return "overnight", (
        f"{_name(early)} says {_quote(early)}, {_name(late)} says {_quote(late)}, a day apart: one source "
        "speaks of the night or the early hours, so one act across midnight (or in two time zones) "
        "dated on either side of it, most likely.")


def _one_record(conflicts: list[Conflict]) -> list[Conflict]:
    """One conflict per happening: the first (the dating one, if any) takes the others' explanations."""
    if len(conflicts) <= 1:
        return conflicts
    first, *rest = conflicts
    first.explanation += " " + " ".join(c.explanation for c in rest)
    return [first]


def _content_words(phrases: list[str]) -> set[str]:
    return {w for p in phrases for w in re.findall(r"[a-z]+", p.lower()) if w not in _STOP and len(w) > 2}


def _content_conflicts(event: CorpusEvent, cluster: _Cluster) -> list[Conflict]:
    """Two sources report one order or message but with different addressees of what it demanded."""
    out: list[Conflict] = []
    seen: set[frozenset] = set()
    reports = [r for r in cluster.reports if r.event.arguments.get("content_recipients")]
    for i, a in enumerate(reports):
        for b in reports[i + 1:]:
            if a.doc.id == b.doc.id:
                continue
            wa = _content_words(a.event.arguments["content_recipients"])
            wb = _content_words(b.event.arguments["content_recipients"])
            ra = "; ".join(a.event.arguments["content_recipients"])
            rb = "; ".join(b.event.arguments["content_recipients"])
            key = frozenset(((a.doc.id, ra), (b.doc.id, rb)))
            if wa and wb and not wa & wb and key not in seen:
                seen.add(key)
                out.append(Conflict(
                    event.id,
                    [_claim(a, ra), _claim(b, rb)],
                    "unexplained",
                    f"Both report the same {event.type.lower().replace('_', ' ')}, but its content is addressed "
                    f"to different parties: {_name(a)} has '{ra}', {_name(b)} has '{rb}'. One source may "
                    f"merge two acts or widen the order's scope.",
                    kind="participants",
                ))
    return out


def _status_conflicts(event: CorpusEvent, cluster: _Cluster) -> list[Conflict]:
    """One source calls an act a draft or preliminary, another formal or final."""
    cues = triggers().status
    tentative = [r for r in cluster.reports if cues["tentative"] & set(r.event.arguments.get("status", []))]
    formal = [r for r in cluster.reports if cues["formal"] & set(r.event.arguments.get("status", []))]
    out = []
    for a in tentative:
        for b in formal:
            if a.doc.id == b.doc.id:
                continue
            sa = "/".join(dict.fromkeys(a.event.arguments["status"]))
            sb = "/".join(dict.fromkeys(b.event.arguments["status"]))
            out.append(Conflict(
                event.id, [_claim(a, sa), _claim(b, sb)], "stages",
                f"{_name(a)} calls it {sa} ({a.event.type}), {_name(b)} {sb} ({b.event.type}): different "
                f"stages of one process (a draft or preliminary act and the formal one), or one source "
                f"overstates it.",
                kind="status",
            ))
    return out


def _consistency_conflicts(docs: list[Document], corpus: Corpus,
                           copies: dict[int, _Copy] | None = None) -> list[Conflict]:
    """Effects dated before their causes; a source that reports something after its own date (once per
    text: a copied passage is checked in its leading witness)."""
    copies = copies or {}
    by_id = {e.id: (doc, e) for doc in docs for e in doc.events if id(e) not in copies}
    about = _AboutIndex(corpus)
    out: list[Conflict] = []
    for doc, event in by_id.values():
        for relation in ("receipt_of", "refuses", "reply_to", "obeys"):
            for cause_id in event.links.get(relation, []):
                cause_doc, cause = by_id.get(cause_id, (None, None))
                if cause is None:
                    continue
                eb = _bounds(event.when.gregorian) if event.when else None
                cb = _bounds(cause.when.gregorian) if cause.when else None
                if eb and cb and eb[1] < cb[0]:
                    out.append(Conflict(
                        about(event.id), [Claim(cause_doc.id, cause.id, cause.when.gregorian, cause.evidence),
                                                   Claim(doc.id, event.id, event.when.gregorian, event.evidence)],
                        "consistency",
                        f"{event.type} ({event.when.gregorian}) is dated before the {cause.type} it answers "
                        f"({cause.when.gregorian}).", kind="consistency",
                    ))
    for doc in docs:
        own = _bounds(doc.dct.gregorian) if doc.dct and doc.dct.gregorian else None
        if own is None or doc.genre != "primary":
            continue
        late = []
        for event in doc.events:
            if id(event) in copies or event.modality != "asserted" or event.zone != "body" or event.timex_index is None or not event.when:
                continue
            eb = _bounds(event.when.gregorian)
            if eb and eb[0] > own[1]:
                late.append(event)
        if late:
            out.append(_late_reports(doc, late, about))
    return out


def _late_reports(doc: Document, late: list[Event], about: "_AboutIndex") -> Conflict:
    """One record for a source that reports things done after its own date: the doubt is about the
    source's date (or its later additions), so a table of later years is one question, not one per row."""
    claims = [Claim(doc.id, e.id, e.when.gregorian, e.evidence) for e in late]
    if len(late) == 1:
        what = f"reports this as done on {late[0].when.gregorian}"
    else:
        days = sorted(e.when.gregorian for e in late)
        what = f"reports {len(late)} events as done after it, from {days[0]} to {days[-1]}"
    return Conflict(about(late[0].id), claims, "consistency",
                    f"{doc.name} is dated {doc.dct.gregorian} but {what}, after its own date: a misdated source, "
                    f"a later addition, or a misread date.", kind="consistency")


class _AboutIndex:
    """The merged event that a document's event reports (the first one, as the corpus lists them), or
    the event itself; indexed once, so checking a long document's events stays linear."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.index: dict[str, str] | None = None

    def __call__(self, event_id: str) -> str:
        if self.index is None:
            self.index = {}
            for ce in self.corpus.events:
                for claim in ce.reported_by:
                    self.index.setdefault(claim.event_id, ce.id)
        return self.index.get(event_id, event_id)
