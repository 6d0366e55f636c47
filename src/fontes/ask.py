"""Ask: answer who/what/when/where questions from the knowledge base, each answer with its cited passages.

No external service: the question is parsed with the spaCy pipeline fontes already uses
(wh-word, voice, lemmas), its event-type cues come from the event stage's trigger lexicon
(``data/event_triggers.yaml``), its participants from the knowledge base's own entity names
and aliases. Matching events answer it; their merged corpus event gives the date both
calendars, every report gives a quoted passage, and a recorded conflict (or reports that
disagree) is shown with both claims. When no event fits, the closest passages from search
are offered and the answer says plainly that the sources do not state it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml
from rapidfuzz import fuzz

from fontes.errors import QueryError
from fontes.model import Claim, Conflict, DualDate, Entity, Event
from fontes.settings import DEFAULTS, Settings

DATA = Path(__file__).with_name("data")
WH_WORDS = ("who", "whom", "whose", "what", "when", "where", "which", "how")
_WHEN_NOUNS = {"date", "day", "year", "month", "time", "hour", "night", "morning", "evening"}
_WHERE_NOUNS = {"place", "city", "town", "country", "location"}
_STOP = {"be", "do", "have", "the", "a", "an", "of", "to", "in", "on", "at", "by", "for", "with", "from", "and", "or",
         "who", "whom", "whose", "what", "when", "where", "which", "how", "did", "was", "were", "is", "are", "?",
         "new", "his", "her", "their", "its", "that", "this", "it", "he", "she", "they", "as", "there"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


# ---------------------------------------------------------------- what the answer looks like


@dataclass
class Passage:
    """A quoted passage that supports (or disputes) an answer."""

    doc_id: str
    doc: str
    citation: str | None
    evidence: str
    start: int
    end: int
    event_id: str | None = None
    event_type: str | None = None
    says: str | None = None  # the date (or value) this source claims


@dataclass
class Answer:
    question: str
    kind: str  # who | what | when | where | other
    found: bool
    answer: str  # the short answer: a name, or a date in both calendars
    text: str  # one paragraph for a reader
    dates: list[dict[str, str | None]] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    disagreement: list[dict[str, Any]] = field(default_factory=list)  # conflicting claims, each with a passage
    events: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)  # entity ids the question names
    cues: list[str] = field(default_factory=list)  # event types the question asks about

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Question:
    text: str
    kind: str
    passive: bool
    wh_role: str  # what the wh-word is in the clause: agent (did it) or patient (had it done to them)
    lemmas: list[str]
    cues: set[str]
    entities: list[Entity]
    words: set[str]  # content words besides cues and entity names, lower case


# ---------------------------------------------------------------- lexicon and parsing


@lru_cache(maxsize=1)
def cue_lexicon() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(lemma -> event types, lemma -> object classes that narrow it) from the event trigger lexicon."""
    lexicon: dict[str, set[str]] = {}
    narrowing: dict[str, set[str]] = {}
    path = DATA / "event_triggers.yaml"
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 0.01 s instead of 0.1-0.9 s per command
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) if path.exists() else {}
    classes = {k: set(v) for k, v in (data.get("classes") or {}).items()}
    for etype, entries in (data.get("verbs") or {}).items():
        for entry in entries or []:
            lemma = entry if isinstance(entry, str) else entry.get("lemma")
            if not lemma:
                continue
            lexicon.setdefault(lemma, set()).add(etype)
            if isinstance(entry, dict) and entry.get("object") in classes:
                narrowing.setdefault(f"{lemma}:{etype}", set()).update(classes[entry["object"]])
    for etype, nouns in (data.get("nouns") or {}).items():
        for noun in nouns or []:
            lexicon.setdefault(noun, set()).add(etype)
    return lexicon, narrowing


def _type_stem(etype: str) -> str:
    word = etype.split("_")[0].lower()
    for suffix in ("ation", "ition", "ment", "sion", "tion", "al", "ance", "ence", "ure", "ing"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def cue_types(lemmas: Iterable[str]) -> set[str]:
    """Event types a question's words point to: trigger lexicon first, else the type names' own stems."""
    from fontes.model import EVENT_TYPES

    lexicon, narrowing = cue_lexicon()
    lemmas = [lemma.lower() for lemma in lemmas]
    found: set[str] = set()
    for lemma in lemmas:
        types = lexicon.get(lemma, set())
        if len(types) > 1:  # "send" is an order or a message: the question's nouns decide
            narrowed = {t for t in types if narrowing.get(f"{lemma}:{t}", set()) & set(lemmas)}
            plain = {t for t in types if f"{lemma}:{t}" not in narrowing}
            types = narrowed or plain or types
        found |= types
    if not found:
        stems = {t: _type_stem(t) for t in EVENT_TYPES if t != "OTHER"}
        for lemma in lemmas:
            if len(lemma) < 4:
                continue
            found |= {t for t, stem in stems.items() if lemma.startswith(stem) or stem.startswith(lemma)}
    return found


# The question is read without a statistical parser (issue 12: loading spaCy cost ~3 s of the 4 s a
# `fontes ask` took): tokens by a regular expression, lemmas by the inflection rules below checked
# against the words that matter (the trigger lexicon and the stop words), voice and the wh-word's
# role by the word order English questions use. bench/bench_cli.py compares this reading with
# spaCy's parse on generated and real questions.
_TOKEN = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]+)*|\d+|\S", re.UNICODE)
_BE = {"am", "is", "are", "was", "were", "be", "been", "being", "’s", "'s"}
_DO = {"do", "does", "did"}
_IRREGULAR = {  # inflected form -> lemma, for the verbs questions about events use
    "am": "be", "is": "be", "are": "be", "was": "be", "were": "be", "been": "be", "being": "be",
    "has": "have", "had": "have", "having": "have", "does": "do", "did": "do", "done": "do",
    "sent": "send", "gave": "give", "given": "give", "wrote": "write", "written": "write", "took": "take",
    "taken": "take", "went": "go", "gone": "go", "got": "get", "gotten": "get", "spoke": "speak",
    "spoken": "speak", "became": "become", "overthrew": "overthrow", "overthrown": "overthrow", "met": "meet",
    "made": "make", "held": "hold", "fought": "fight", "began": "begin", "begun": "begin", "left": "leave",
    "won": "win", "led": "lead", "fled": "flee", "broke": "break", "broken": "break", "struck": "strike",
    "sought": "seek", "brought": "bring", "told": "tell", "said": "say", "found": "find", "forbade": "forbid",
    "forbidden": "forbid", "rose": "rise", "risen": "rise", "saw": "see", "seen": "see", "knew": "know",
    "known": "know", "chose": "choose", "chosen": "choose", "drew": "draw", "drawn": "draw", "fell": "fall",
    "fallen": "fall", "ran": "run", "sold": "sell", "bought": "buy", "paid": "pay", "laid": "lay", "lay": "lie",
    "lain": "lie", "slew": "slay", "slain": "slay", "shot": "shoot", "swore": "swear", "sworn": "swear",
    "bore": "bear", "born": "bear", "borne": "bear", "withdrew": "withdraw", "withdrawn": "withdraw",
    "undertook": "undertake", "undertaken": "undertake", "upheld": "uphold", "beat": "beat", "beaten": "beat",
    "bid": "bid", "cast": "cast", "set": "set", "put": "put", "let": "let", "quit": "quit", "read": "read",
    "men": "man", "women": "woman", "children": "child", "people": "people",
}
_PAST_ONLY = {"did", "went", "ran", "began", "been", "being", "men", "women", "children", "people", "am", "had"}
_PARTICIPLES = {form for form in _IRREGULAR if form.endswith(("en", "n", "t", "d")) and form not in _PAST_ONLY}
_SUFFIXES = (("ies", "y"), ("ied", "y"), ("ying", "ie"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"),
             ("d", ""), ("es", ""), ("s", ""))


@lru_cache(maxsize=1)
def _known_lemmas() -> frozenset[str]:
    """Lemmas worth finding: the trigger lexicon's verbs and nouns, and the stop words."""
    lexicon, _ = cue_lexicon()
    return frozenset(lexicon) | frozenset(_STOP)


def lemma(word: str) -> str:
    """The dictionary form of an English word, as far as the question reader needs it (lower case)."""
    low = word.lower().replace("’", "'")
    if low in _IRREGULAR:
        return _IRREGULAR[low]
    known = _known_lemmas()
    if low in known:
        return low
    for suffix, replacement in _SUFFIXES:
        if low.endswith(suffix) and len(low) - len(suffix) >= 2:
            stem = low[: -len(suffix)] + replacement
            if stem in known:
                return stem
            if not replacement and len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in known:
                return stem[:-1]  # stopped -> stop, cabled -> cable above
    return low


def _is_participle(word: str) -> bool:
    low = word.lower()
    return low in _PARTICIPLES or (low.endswith("ed") and len(low) > 3 and low not in _STOP)


def _passive(lower: list[str]) -> bool:
    """A form of 'be' followed within the clause by a past participle: 'When was the treaty signed?'."""
    for i, word in enumerate(lower):
        if word in _BE:
            for later in lower[i + 1: i + 8]:
                if later in (",", ";", "?", "and", "that", "which", "who"):
                    break
                if _is_participle(later):
                    return True
    return False


def _wh_role(lower: list[str], passive: bool) -> str:
    """'agent' when the wh-word does the action (Who dismissed X? By whom was X dismissed?), else 'patient'."""
    at = next((i for i, w in enumerate(lower) if w in ("who", "whom", "whose", "what", "which")), None)
    if at is None:
        return "patient" if passive else "agent"
    if at > 0 and lower[at - 1] == "by":
        return "agent"
    if lower[at] == "whom":
        return "patient"
    after = lower[at + 1] if at + 1 < len(lower) else ""
    if after in _DO:
        return "patient"  # "Who did the Council appoint?": do-support puts the subject after 'did'
    return "patient" if passive else "agent"


def question_kind(lower: list[str]) -> str:
    """What a question asks for, from its first wh-word among the first four lower-cased tokens:
    when, where, who, what, why… ("what year" asks when, "which town" asks where); "other" without one."""
    for i, tok in enumerate(lower[:4]):
        if tok in WH_WORDS:
            nxt = lower[i + 1] if i + 1 < len(lower) else ""
            if tok in ("what", "which") and nxt in _WHEN_NOUNS:
                return "when"
            if tok in ("what", "which") and nxt in _WHERE_NOUNS:
                return "where"
            if tok in ("whom", "whose"):
                return "who"
            if tok == "how":
                return "what"
            return tok if tok != "which" else "what"
    return "other"


def parse(question: str, entities: list[Entity], settings: Settings = DEFAULTS) -> Question:
    """Read the wh-word, voice, event cues and the entities a question names."""
    text = " ".join(question.split())
    if not text or not re.search(r"\w", text):
        raise QueryError("the question is empty; ask e.g. 'When was X dismissed?' or 'Who was appointed Y?'")
    if len(text) > 500:
        raise QueryError(f"the question is {len(text)} characters long; ask it in under 500")
    tokens = []
    for tok in _TOKEN.findall(text):  # a clitic is a token of its own, as in spaCy ("Ostrovo" "'s")
        clitic = re.search(r"[’'](s|re|ve|d|ll|m)$", tok, re.IGNORECASE)
        tokens += [tok[: clitic.start()], tok[clitic.start():]] if clitic and clitic.start() > 0 else [tok]
    lower = [t.lower() for t in tokens]
    kind = question_kind(lower)
    passive = _passive(lower)
    wh_role = _wh_role(lower, passive)
    named = match_entities(text, entities)
    names = " ".join(n for e in named for n in (e.name, *e.aliases)).lower()
    words_only = [t for t in tokens if re.search(r"\w", t)]
    lemmas = [lemma(t) for t in words_only]
    cues = cue_types(lem for lem in lemmas if lem not in names.split())
    words = {t.lower() for t, lem in zip(words_only, lemmas) if t.isalpha() and t.lower() not in _STOP
             and lem not in _STOP and t.lower() not in names and not cue_types([lem])}
    return Question(text=text, kind=kind, passive=passive, wh_role=wh_role, lemmas=lemmas, cues=cues, entities=named, words=words)


def match_entities(text: str, entities: list[Entity], threshold: float = 88.0) -> list[Entity]:
    """Entities whose name or alias the text contains (whole words), longest first; fuzzy for single names."""
    low = text.lower()
    tokens = re.findall(r"[\w’'-]+", text)
    found: list[tuple[int, Entity, str]] = []  # (score, entity, the name it was found by)
    for entity in entities:
        best, by = 0, ""
        for name in sorted({entity.name, *entity.aliases}):
            if not name or len(name) < 3:
                continue
            if re.search(r"(?<!\w)" + re.escape(name.lower()) + r"(?!\w)", low):
                if len(name) + 100 > best:
                    best, by = len(name) + 100, name.lower()
            elif entity.type == "PER" and name[:1].isupper():
                last = name.split()[-1]
                if len(last) >= 5 and any(t[:1].isupper() and fuzz.ratio(t, last) >= threshold for t in tokens):
                    best = max(best, len(last))
        if best:
            found.append((best, entity, by))
    found.sort(key=lambda x: -x[0])
    # Drop an entity whose only match lies inside a longer entity's name ("Council" in "Council of ..."),
    # or whose name was found only inside a longer name found for another ("Adler" in "Anna Adler").
    out: list[Entity] = []
    longer: list[str] = []
    for _, entity, by in found:
        inside = by and any(by != other and re.search(r"(?<!\w)" + re.escape(by) + r"(?!\w)", other) for other in longer)
        if not inside and not any(entity.name.lower() in other.name.lower() and entity.id != other.id for other in out):
            out.append(entity)
            if by:
                longer.append(by)
    return out


# ---------------------------------------------------------------- dates in words


def format_date(gregorian: str | None, julian: str | None = None) -> str:
    """'22 November 1917 (9 November Old Style)' from TIMEX3 values; ranges as 'a – b'."""
    if not gregorian and not julian:
        return "undated"
    if not gregorian:
        return f"{_words(julian)} Old Style"
    main = _words(gregorian)
    if julian and julian != gregorian:
        old = _words(julian, time=False)
        if gregorian[:4] == julian[:4] and re.fullmatch(r"\d+ \w+ \d{4}", old):
            old = old[:-5]
        day, _, rest = main.partition(",")
        return f"{day} ({old} Old Style)" + (f",{rest}" if rest else "")
    return main


def _words(value: str, time: bool = True) -> str:
    if "/" in value:
        a, b = value.split("/", 1)
        if a[:10] == b[:10] and "T" in a and "T" in b:
            return f"{_day(a)}, {a[11:16]}–{b[11:16]}" if time else _day(a)
        return f"{_words(a, time)} – {_words(b, time)}"
    out = _day(value)
    m = re.search(r"T(\d{2}:\d{2})", value)
    if time and m:
        out += f", {m.group(1)}"
    return out


_SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "AU": "autumn", "WI": "winter"}


def _day(value: str) -> str:
    season = re.match(r"^(\d{4})-(SP|SU|FA|AU|WI)", value)
    if season:
        return f"{_SEASONS[season.group(2)]} {season.group(1)}"
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not m:
        return value
    y, mo, d = m.groups()
    if d:
        return f"{int(d)} {MONTHS[int(mo) - 1]} {y}"
    if mo:
        return f"{MONTHS[int(mo) - 1]} {y}"
    return y


# ---------------------------------------------------------------- answering


CANDIDATE_CAP = 200  # events scored in Python at most; more are pre-ranked in SQL by named participants and words


def ask(kb: Any, question: str, settings: Settings = DEFAULTS) -> Answer:
    """Answer a who/what/when/where question from a KnowledgeBase.

    Only candidate events are read (by the question's event types and named entities, through
    the indexed ``events.type`` and ``event_participants.entity_id`` columns), so the cost does
    not grow with the size of the knowledge base.
    """
    entities = _entity_names(kb)
    q = parse(question, entities, settings)
    by_id = {e.id: e for e in entities}
    with kb.engine.connect() as conn:
        candidates = _candidates(q, _candidate_events(conn, q))
        if not candidates:
            return _fallback(kb, q)
        primary = candidates[0][1]
        parent = _parent(conn, primary.doc_id or "", primary.id)
        # Every report of the same happening (merged by resolve) is a passage; else the top events.
        group = (_reports(conn, parent) if parent else []) or [primary]
        when = _when(conn, primary, parent) if q.kind == "when" else (None, None)
        conflict = _conflict(conn, {parent} | {ev.id for ev in group})
        docs = _document_rows(conn, {ev.doc_id or "" for ev in group} | {c.doc_id for c in (conflict.claims if conflict else [])})
    passages = [_passage(ev, docs) for ev in group]
    if q.kind == "when":
        short = format_date(*when)
    elif q.kind == "where":
        place = primary.place or next((ev.place for ev in group if ev.place), None)
        short = _name(place, by_id) if place else ""
    elif q.kind == "who":
        ids = []
        for ev in group:
            ids += [i for i in _answer_slot(q, ev) if i not in ids]
        short = _join([_name(i, by_id) for i in ids])
    else:
        short = f"{primary.type.replace('_', ' ').lower()} — {primary.evidence.strip()}"
    dates = [{"gregorian": ev.when.gregorian if ev.when else None, "julian": ev.when.julian if ev.when else None,
              "display": format_date(ev.when.gregorian, ev.when.julian) if ev.when else "undated",
              "doc_id": ev.doc_id, "event_id": ev.id} for ev in group]
    disagreement = _disagreement(conflict, group, docs)
    found = bool(short)
    if not found:
        text = (f"The sources report {_article(primary.type)} but do not say {_what_missing(q.kind)}. "
                f"Closest passage: “{primary.evidence.strip()}” ({passages[0].citation or passages[0].doc}).")
    else:
        text = _sentence(q, short, primary, passages, by_id)
    if disagreement:
        text += " The sources disagree: " + "; ".join(
            f"{d['citation'] or d['doc']} says {format_date(d['says']) if d['says'] else 'otherwise'}" for d in disagreement
        ) + (f" ({disagreement[0]['diagnosis']}: {disagreement[0]['explanation']})" if disagreement[0].get("diagnosis") else "") + "."
    return Answer(question=question, kind=q.kind, found=found, answer=short or "The sources do not say.", text=text,
                  dates=dates, passages=passages, disagreement=disagreement, events=[ev.id for ev in group],
                  entities=[e.id for e in q.entities], cues=sorted(q.cues))


# ---------------------------------------------------------------- reading only what a question needs


def _entity_names(kb: Any) -> list[Entity]:
    """Every corpus entity with its aliases (no roles), most mentioned first: two queries, whatever the size."""
    from fontes.store import aliases, entities

    with kb.engine.connect() as conn:
        rows = conn.execute(sa.select(entities.c.id, entities.c.name, entities.c.type, entities.c.mention_count)
                            .order_by(entities.c.mention_count.desc(), entities.c.name, entities.c.id)).all()
        names: dict[str, list[str]] = {}
        for entity_id, alias in conn.execute(sa.select(aliases.c.entity_id, aliases.c.alias)
                                             .order_by(aliases.c.entity_id, aliases.c.idx)):
            names.setdefault(entity_id, []).append(alias)
    return [Entity(id=r.id, name=r.name, type=r.type, aliases=names.get(r.id, []), mention_count=r.mention_count or 0)
            for r in rows]


def _candidate_events(conn: Any, q: Question, cap: int = CANDIDATE_CAP) -> list[Event]:
    """Events of the question's types and/or with its named participants, at most ``cap``, in document order.

    With both types and names, events of those types where a named entity takes part win when
    there are any; else any event of those types. Beyond ``cap``, events are pre-ranked in SQL
    by how many named entities take part and how many question words their evidence contains.
    """
    from fontes.store import event_participants as ep
    from fontes.store import events as ev

    named = sorted({e.id for e in q.entities})
    cues = sorted(q.cues)
    if not named and not cues:
        return []
    words = sa.literal(0)
    for w in sorted(q.words):
        words = words + sa.case((sa.func.lower(ev.c.evidence).contains(w.lower(), autoescape=True), 1), else_=0)
    rows: list[Any] = []
    if named:
        query = (sa.select(ev).join(ep, (ep.c.doc_id == ev.c.doc_id) & (ep.c.event_idx == ev.c.idx))
                 .where(ep.c.entity_id.in_(named)).group_by(ev.c.doc_id, ev.c.idx)
                 .order_by((4 * sa.func.count(sa.distinct(ep.c.entity_id)) + words).desc(), ev.c.doc_id, ev.c.idx))
        if cues:
            query = query.where(ev.c.type.in_(cues))
        rows = conn.execute(query.limit(cap)).all()
    if not rows and cues:
        rows = conn.execute(sa.select(ev).where(ev.c.type.in_(cues))
                            .order_by(words.desc(), ev.c.doc_id, ev.c.idx).limit(cap)).all()
    return [_event(r) for r in sorted(rows, key=lambda r: (r.doc_id, r.idx))]


def _event(row: Any) -> Event:
    """A document event from its row of the events table (every field ask reads is a column there)."""
    m = row._mapping
    dated = m["when_gregorian"] is not None or m["when_julian"] is not None or m["when_as_written"] is not None
    return Event(id=m["id"], type=m["type"], start=m["start"], end=m["end"], evidence=m["evidence"], trigger=m["trigger"],
                 actors=list(m["actors"] or []), targets=list(m["targets"] or []), place=m["place"],
                 when=DualDate(m["when_gregorian"], m["when_julian"], m["when_as_written"]) if dated else None,
                 timex_index=m["timex_index"], modality=m["modality"] or "asserted", channel=m["channel"],
                 zone=m["zone"] or "body", doc_id=m["doc_id"],
                 confidence=1.0 if m["confidence"] is None else m["confidence"], links=dict(m["links"] or {}))


def _parent(conn: Any, doc_id: str, event_id: str) -> str | None:
    """The merged corpus event that a document event reports (the earliest, if several)."""
    from fontes.store import claims, corpus_events

    return conn.execute(
        sa.select(corpus_events.c.id).join(claims, claims.c.parent == corpus_events.c.id)
        .where(claims.c.parent_kind == "report", claims.c.doc_id == doc_id, claims.c.event_id == event_id)
        .order_by(corpus_events.c.gregorian_start, corpus_events.c.id).limit(1)).scalar()


def _reports(conn: Any, parent: str) -> list[Event]:
    """Every document event whose merged corpus event is ``parent``, in document order."""
    from fontes.store import claims
    from fontes.store import events as ev

    pairs = conn.execute(sa.select(claims.c.doc_id, claims.c.event_id).where(
        claims.c.parent == parent, claims.c.parent_kind == "report")).all()
    rows: dict[tuple[str, int], Any] = {}
    for doc_id, event_id in pairs:
        if _parent(conn, doc_id, event_id) == parent:
            rows.update({(r.doc_id, r.idx): r for r in conn.execute(
                sa.select(ev).where(ev.c.doc_id == doc_id, ev.c.id == event_id))})
    return [_event(rows[k]) for k in sorted(rows)]


def _document_rows(conn: Any, ids: set[str]) -> dict[str, dict[str, Any]]:
    from fontes.store import documents

    cols = [documents.c.id, documents.c.name, documents.c.path, documents.c.genre, documents.c.short_citation]
    return {r.id: dict(r._mapping) for r in conn.execute(sa.select(*cols).where(documents.c.id.in_(sorted(ids))))}


def _when(conn: Any, ev: Event, parent: str | None) -> tuple[str | None, str | None]:
    if parent:
        from fontes.store import corpus_events

        row = conn.execute(sa.select(corpus_events.c.when_gregorian, corpus_events.c.when_julian)
                           .where(corpus_events.c.id == parent)).first()
        if row is not None and (row[0] or row[1]):
            return row[0], row[1]
    return (ev.when.gregorian, ev.when.julian) if ev.when else (None, None)


def _conflict(conn: Any, about: set[str | None]) -> Conflict | None:
    """The first recorded conflict about one of these events, with its claims."""
    from fontes.store import claims, conflicts

    ids = sorted(a for a in about if a)
    row = conn.execute(sa.select(conflicts).where(conflicts.c.about.in_(ids)).order_by(conflicts.c.idx).limit(1)).first()
    if row is None:
        return None
    found = [Claim(**{k: v for k, v in r._mapping.items() if k in Claim.__dataclass_fields__}) for r in conn.execute(
        sa.select(claims).where(claims.c.parent == row.id, claims.c.parent_kind == "conflict").order_by(claims.c.idx))]
    return Conflict(about=row.about, claims=found, diagnosis=row.diagnosis, explanation=row.explanation, kind=row.kind)


def _candidates(q: Question, events: list[Event]) -> list[tuple[float, Event]]:
    named = {e.id for e in q.entities}
    scored = []
    for ev in events:
        score = 0.0
        participants = set(ev.actors) | set(ev.targets) | ({ev.place} if ev.place else set())
        if q.cues:
            if ev.type not in q.cues:
                continue
            score += 3
        elif not named & participants:
            continue
        score += 2 * len(named & participants)
        if named and not named & participants and not q.cues:
            continue
        evidence = ev.evidence.lower()
        score += sum(0.5 for w in q.words if w in evidence)
        if q.kind == "who" and not _answer_slot(q, ev):
            score -= 1
        elif q.kind == "who" and named and set(_answer_slot(q, ev)) <= named:
            score -= 1.5  # "Who appointed X?" is not answered by X
        if q.kind == "when" and not (ev.when and (ev.when.gregorian or ev.when.julian)):
            score -= 1.5
        if q.kind == "where" and not ev.place:
            score -= 0.5
        if ev.modality != "asserted":
            score -= 1
        if ev.zone != "body":
            score -= 0.25
        scored.append((score, ev))
    if named and q.cues:  # a named participant must take part when any candidate has them
        with_named = [(s, ev) for s, ev in scored if named & (set(ev.actors) | set(ev.targets) | {ev.place})]
        scored = with_named or scored
    scored.sort(key=lambda x: -x[0])
    return scored


def _answer_slot(q: Question, ev: Event) -> list[str]:
    """Which participants answer 'who': the side of the event the wh-word stands for."""
    return list(ev.targets if q.wh_role == "patient" else ev.actors)


def _passage(ev: Event, docs: dict[str, dict[str, Any]]) -> Passage:
    row = docs.get(ev.doc_id or "", {})
    return Passage(doc_id=ev.doc_id or "", doc=row.get("name") or (ev.doc_id or ""), citation=row.get("short_citation"),
                   evidence=ev.evidence, start=ev.start, end=ev.end, event_id=ev.id, event_type=ev.type,
                   says=ev.when.gregorian if ev.when else None)


def _disagreement(conflict: Conflict | None, group: list[Event], docs: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Both claims of a recorded conflict about this happening, or of reports whose dates differ."""
    if conflict is not None:
        return [{"doc_id": c.doc_id, "doc": docs.get(c.doc_id, {}).get("name"),
                 "citation": docs.get(c.doc_id, {}).get("short_citation"), "says": c.says, "evidence": c.evidence,
                 "diagnosis": conflict.diagnosis, "explanation": conflict.explanation} for c in conflict.claims]
    dated = {}
    for ev in group:
        if ev.when and ev.when.gregorian:
            dated.setdefault(ev.when.gregorian[:10], ev)
    days = sorted(dated)
    if len(days) > 1 and not _overlap(days):
        return [{"doc_id": ev.doc_id, "doc": docs.get(ev.doc_id, {}).get("name"),
                 "citation": docs.get(ev.doc_id, {}).get("short_citation"), "says": ev.when.gregorian,
                 "evidence": ev.evidence, "diagnosis": None, "explanation": None} for ev in dated.values()]
    return []


def _overlap(days: list[str]) -> bool:
    """Days that are one a prefix of another (1917-11 and 1917-11-22) agree at a coarser granularity."""
    return all(a.startswith(b) or b.startswith(a) for a in days for b in days)


def _fallback(kb: Any, q: Question) -> Answer:
    from fontes.search import index_for

    words = [w for w in re.findall(r"\w+", q.text) if w.lower() not in _STOP]
    passages: list[Passage] = []
    if words:
        try:
            result = index_for(kb).search(" OR ".join(words), limit=3)
        except QueryError:
            result = None
        with kb.engine.connect() as conn:
            docs = _document_rows(conn, {hit.doc_id for hit in result.hits} if result else set())
        for hit in result.hits if result else []:
            row = docs.get(hit.doc_id, {})
            passages.append(Passage(doc_id=hit.doc_id, doc=row.get("name") or hit.doc_id,
                                    citation=row.get("short_citation"), evidence=hit.text, start=hit.start, end=hit.end))
    text = "The sources do not say."
    if passages:
        text += " No recorded event answers this question; the closest passages are quoted below."
    return Answer(question=q.text, kind=q.kind, found=False, answer="The sources do not say.", text=text,
                  passages=passages, entities=[e.id for e in q.entities], cues=sorted(q.cues))


def _name(entity_id: str | None, by_id: dict[str, Entity]) -> str:
    if not entity_id:
        return ""
    entity = by_id.get(entity_id)
    return entity.name if entity else entity_id


def _join(names: list[str]) -> str:
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _article(etype: str) -> str:
    word = etype.replace("_", " ").lower()
    return ("an " if word[0] in "aeiou" else "a ") + word


def _what_missing(kind: str) -> str:
    return {"who": "who", "when": "when", "where": "where"}.get(kind, "this")


def _sentence(q: Question, short: str, primary: Event, passages: list[Passage], by_id: dict[str, Entity]) -> str:
    cite = "; ".join(f"{p.citation or p.doc}: “{p.evidence.strip()}”" for p in passages[:3])
    what = primary.type.replace("_", " ").lower()
    if q.kind == "when":
        return f"{short}. Sources: {cite}"
    if q.kind == "who":
        return f"{short} ({what}). Sources: {cite}"
    if q.kind == "where":
        return f"{short} ({what}). Sources: {cite}"
    return f"{cite}"


# ---------------------------------------------------------------- command line

import click


@click.command("ask")
@click.argument("question")
@click.option("--db", default="fontes.db", show_default=True, envvar="FONTES_DB",
              help="SQLite file or SQLAlchemy URL (postgresql+psycopg://user@host/db).")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
def ask_command(question: str, db: str, as_json: bool) -> None:
    """Answer a who/what/when/where question from the knowledge base, quoting the sources.

    \b
    Examples:
      fontes ask "When was the commander dismissed?"
      fontes ask "Who was appointed Commander-in-Chief?"
    """
    import json

    from fontes.errors import FontesError
    from fontes.store import KnowledgeBase

    if "://" not in db and not Path(db).exists():
        raise click.ClickException(f"{db}: no knowledge base here; build one first: fontes build PATH --db {db}")
    try:
        answer = ask(KnowledgeBase.open(db), question)
    except FontesError as err:
        raise click.ClickException(str(err)) from err
    if as_json:
        click.echo(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(answer.answer)
    if answer.dates and answer.kind != "when":
        click.echo("Date: " + "; ".join(sorted({d["display"] for d in answer.dates if d.get("display")})))
    for d in answer.disagreement:
        click.echo(f"  disagreement: {d.get('citation') or d.get('doc')} says {format_date(d['says']) if d.get('says') else '?'}:"
                   f" “{' '.join(d['evidence'].split())}”")
    if answer.disagreement and answer.disagreement[0].get("diagnosis"):
        click.echo(f"  ({answer.disagreement[0]['diagnosis']}: {answer.disagreement[0]['explanation']})")
    for p in answer.passages:
        click.echo(f"\n  “{' '.join(p.evidence.split())}”\n    — {p.citation or p.doc}")
    if not answer.found:
        click.echo("\n" + answer.text)
