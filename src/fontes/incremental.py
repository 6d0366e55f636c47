"""Incremental resolve: blocking keys per document, the components they make, and re-resolving only those.

Resolve (``fontes.resolve``) compares a document with another only through a key both hold: a
name key the entity linker blocks on, a type of happening and a date window, a word an undated
report can join by, a MinHash band of its text, an author's surname, its file name. Documents
joined by such keys form components, and a full resolve never links across two of them:
``resolve(all) == ⋃ resolve(component)`` (tests/test_incremental.py checks it on real text,
built in random orders, one document at a time and with removals). Adding, changing or removing
documents therefore re-resolves only the components they join or leave, with the same code, and
replaces only their rows; ids come from content (entity names, the claims a happening merges), so
they are the ids a full resolve gives.

A key is *active* when it links the documents that hold it, or *passive* when it only answers an
active one: a noun naming a happening ("the armistice") joins an undated report to any report with
that trigger word, but two dated reports sharing the verb "said" are never compared through it.
Documents are linked through a key only when one of them holds it actively.

Keys only ever over-approximate what resolve compares, and follow its rules as closely as they can:
dated reports meet within the calendar window of their family of types (open types only with a
shared word or party), once-only happenings and misread figures further apart, undated reports only
by a word of a type they may join. Entities shared by most sources (a country in a corpus about it)
are real links, though, and can put nearly every document in one component; then an incremental
resolve is a full one (``Plan.documents`` says how many it loads; ``fontes.build.FULL_SHARE``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from fontes import aliases, calendars, witnesses
from fontes.events import family_of, triggers
from fontes.model import Document
from fontes.settings import DEFAULTS, Settings

# --- the windows, from the thresholds of fontes.resolve and fontes.chain ----------------------
# Two dated reports of two documents are one happening only when their dates are at most
# MAX_OFFSET + resolve.NEAR_DAYS apart (the Julian-Gregorian offset: 13 days after 1900), except a
# once-only happening (a death) or the same word with a misread figure, up to resolve.ONCE_DAYS; a
# calendar re-decided by resolve moves a document's dates by at most the offset, so each side is
# widened by it as well.
MAX_OFFSET = 13
CALENDAR_SLACK = MAX_OFFSET + 1
EVENT_REACH = (MAX_OFFSET + 1) // 2 + CALENDAR_SLACK + 1  # two intervals widened so meet within 44 days
EVENT_BUCKET = EVENT_REACH  # days per date bucket (a day's interval touches three or four)
ONCE_REACH = 400 // 2 + CALENDAR_SLACK + 1
ONCE_BUCKET = 2 * ONCE_REACH
CHAIN_REACH = 31  # chain.LINK_WINDOW_DAYS: a receipt, refusal or reply within a month of its cause
CHAIN_BUCKET = 64
_EFFECTS = {"MESSAGE_RECEIVED": "send", "REFUSAL": "order"}
_CAUSES = {"MESSAGE_SENT": ("send",), "PROPOSAL": ("send",), "ORDER": ("send", "order")}
KEYS_VERSION = "3"  # stored keys of another version are not compared with these: the next resolve is full
# (3: role mentions without a holder have ids from where they stand, resolve._stable_role_ids)


# --- keys -------------------------------------------------------------------------------------

def document_keys(doc: Document, settings: Settings = DEFAULTS) -> dict[str, bool]:
    """Every key through which resolve may compare this document with another: key -> active.

    Reads the document as the per-document stages (and users' document-level corrections) left it.
    """
    keys: dict[str, bool] = {}

    def add(key: str, active: bool = True) -> None:
        keys[key[:300]] = keys.get(key[:300], False) or active

    from fontes.metadata import _name_key

    add(f"doc:{doc.name}")  # event ids are "<file name>#e<n>": two files of one name share them
    for author in doc.citation.authors if doc.citation else []:  # metadata.unify_authors
        family, _ = _name_key(author)
        if family:
            add(f"author:{family}")
    for key in _text_keys(doc):
        add(key)
    for key, active in _entity_keys(doc, settings):
        add(key, active)
    for key, active in _event_keys(doc):
        add(key, active)
    return keys


def _text_keys(doc: Document) -> list[str]:
    """The exact-text digest and the MinHash LSH bands fontes.witnesses groups copies by (read as a
    stream of words: a long document's words and 5-grams are never held at once)."""
    digest, count, grams = witnesses.text_digest(doc.clean_text)
    if count < witnesses.MIN_SHINGLES + witnesses.SHINGLE_WORDS - 1:
        return []  # a text of its own (see witnesses.group_witnesses)
    out = ["text:" + digest]
    distinct: set[bytes] = set()  # the first MIN_SHINGLES distinct 5-grams: enough to tell a short text

    def counted() -> Iterable[bytes]:
        for gram in grams:
            if len(distinct) < witnesses.MIN_SHINGLES:
                distinct.add(gram)
            yield gram

    sketch = witnesses.minhash(counted())
    if len(distinct) < witnesses.MIN_SHINGLES:
        return out
    lsh = _lsh()
    for i, (start, end) in enumerate(lsh.hashranges):
        out.append(f"band:{i}:" + hashlib.blake2b(sketch.hashvalues[start:end].tobytes(), digest_size=10).hexdigest())
    return out


@lru_cache(maxsize=1)
def _lsh():
    from datasketch import MinHashLSH

    return MinHashLSH(threshold=witnesses.CANDIDATE, num_perm=witnesses.NUM_PERM)


def _entity_keys(doc: Document, settings: Settings) -> Iterable[tuple[str, bool]]:
    """The linker's own blocking keys of each local entity (aliases._keys), its roles, the slug of
    each name (entity ids are slugs, numbered when two clusters share one), and the corpus-wide word
    lists the linker consults: given names that open a longer name, pen names."""
    by_id: dict[str, list[str]] = defaultdict(list)
    labels: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for m in doc.mentions:
        if m.entity_id:
            if m.text not in by_id[m.entity_id]:
                by_id[m.entity_id].append(m.text)
            labels[m.entity_id][m.label] += 1
    local = {e.id: e for e in doc.entities}
    for eid, names in by_id.items():
        entity = local.get(eid)
        label = entity.type if entity else max(labels[eid], key=labels[eid].get)
        if entity is not None:
            names = names + [a for a in entity.aliases if a not in names]
        for role in entity.roles if entity else []:
            for key in aliases.role_keys(role.title):
                yield f"role:{key}", True
        if eid.startswith(aliases.ROLE_PREFIX):
            yield f"role:{aliases._role_key(names[0])}", True
            continue
        node = aliases._Node(label, list(names), [doc.id])
        for key in aliases._keys(node):
            yield f"name:{key}", True
        for name in names:
            yield f"slug:{aliases.slug(name)}", True
        if label == "PER":
            for p in node.persons():
                if p.given or p.number or p.epithet or p.land or p.patronymic:
                    yield f"given:{p.given[0] if p.given else p.surname}", False
                else:
                    yield f"given:{p.surname}", True  # a bare name: linked only if it opens no longer name
                if p.pseudonym:
                    yield f"pen:{p.pseudonym}", False
                yield f"pen:{p.surname}", True


def _event_keys(doc: Document) -> Iterable[tuple[str, bool]]:
    """Date windows by type of happening for dated reports (resolve._fit: types of one family, or a
    fight told as OTHER beside an OFFENSIVE), a wider window for once-only happenings, the day and
    decade a misread figure keeps (resolve._digit_slip); for undated reports the words they may join a
    happening by, typed (an undated report joins only a happening holding its own type); chain
    windows for receipts, refusals and replies (chain.link_events)."""
    from fontes import resolve

    nouns = triggers().nouns
    for event in doc.events:
        day = _bounds(event.when.gregorian) if event.when and event.when.gregorian else None
        if event.modality in ("asserted", "planned") and day is not None:
            group = _EFFECTS.get(event.type) or ("send" if event.type == "MESSAGE_SENT" and _is_reply(event) else None)
            if group:
                for b in _buckets(day[0] - _days(CHAIN_REACH + CALENDAR_SLACK), day[0] + _days(CALENDAR_SLACK), CHAIN_BUCKET):
                    yield f"chain:{group}:{b}", True
            for cause in _CAUSES.get(event.type, ()):
                for b in _buckets(day[0] - _days(CALENDAR_SLACK), day[0] + _days(CALENDAR_SLACK), CHAIN_BUCKET):
                    yield f"chain:{cause}:{b}", False
        if event.modality != "asserted":
            continue
        if event.type in ("APPOINTMENT", "DISMISSAL"):
            for target in event.targets:  # chain.assign_roles makes an entity of an id no cluster took
                yield f"slug:{target}", True
        word = (event.trigger or "").lower()
        dated = day is not None and event.arguments.get("dated_by") != ["passage"]
        roles = resolve._content_words([p for k in ("actors", "targets", "of") for p in event.arguments.get(k, [])])
        names = resolve._name_words_in([p for k in ("actors", "targets", "place", "of", "name", "entry")
                                        for p in event.arguments.get(k, [])])
        names |= resolve._name_words_in(event.arguments.get("actors", []) + event.arguments.get("targets", []))
        # the words an undated report of any type it may share a happening with can join it by
        for t in sorted(_compatible(event.type)):
            yield f"word:{t}:{word}", False
            for w in roles:
                yield f"content:{t}:{w}", False
            for w in names:
                yield f"named:{t}:{w}", False
        if dated:
            kinds = set(family_of(event.type)) | ({"OFFENSIVE"} if resolve._is_fight(event) else set())
            if event.type in resolve.OPEN_TYPES:
                # two deaths or battles on one day are one only if they share a word or a party (resolve._fit)
                said = {**{w: True for w in roles | names}, **_open_words(event)}
                for t in sorted(kinds):
                    for b in _buckets(day[0] - _days(EVENT_REACH), day[1] + _days(EVENT_REACH), 2 * EVENT_BUCKET):
                        for w, on in sorted(said.items()):
                            yield f"event:{t}:{b}:{w}", on
            else:
                for t in sorted(kinds):
                    for b in _buckets(day[0] - _days(EVENT_REACH), day[1] + _days(EVENT_REACH), EVENT_BUCKET):
                        yield f"event:{t}:{b}", True
            once = _once_kind(event)
            if once:
                for b in _buckets(day[0] - _days(ONCE_REACH), day[1] + _days(ONCE_REACH), ONCE_BUCKET):
                    yield f"once:{once}:{b}", True
            for first in _start_days(day[0]):
                for w in sorted(resolve._words_of(event)):
                    yield f"slip:{event.type}:{w}:{first.month}-{first.day}:{first.year // 10}", True
        else:
            if word in nouns or set(event.arguments.get("lemma", [])) & nouns.keys():
                yield f"word:{event.type}:{word}", True  # "the armistice": joins a happening a report names with that noun
            for w in roles:
                yield f"content:{event.type}:{w}", True
            for w in names:
                yield f"named:{event.type}:{w}", True


def _open_words(event) -> dict[str, bool]:
    """The words resolve._same_lemma matches a happening of an open type by (word -> active): its lemmas
    and their group; a timeline line's entry words, by every stem they may inflect ("lands" -> "land"),
    which meet any report's lemma (held passively: two reports meet by lemma only through their groups)."""
    from fontes import resolve

    out = {f"w={w}": True for w in resolve._words_of(event)}
    for w in event.arguments.get("lemma", []):
        if len(w) >= 4 and w != "timeline":
            out.setdefault(f"e={w}", False)
    if "timeline" in event.arguments.get("lemma", []):
        for word in re.findall(r"[a-z]+", " ".join(event.arguments.get("entry", [])).lower()):
            out.update({f"e={word[:k]}": True for k in range(max(4, len(word) - 3), len(word) + 1)})
    return out


@lru_cache(maxsize=64)
def _compatible(etype: str) -> frozenset[str]:
    """Types that may share a happening with this one (resolve keeps a happening's types pairwise of one
    family, or the two types of a fight): an undated report of one of them may join by a word of this."""
    from fontes import resolve
    from fontes.model import EVENT_TYPES

    mine = family_of(etype)
    out = {t for t in (*EVENT_TYPES, etype) if family_of(t) & mine}
    return frozenset(out | (resolve.FIGHT_TYPES if etype in resolve.FIGHT_TYPES else set()))


def _once_kind(event) -> str | None:
    from fontes import resolve

    groups, _, _ = resolve._happenings()
    kinds = {groups[w] for w in event.arguments.get("lemma", []) if w in groups}
    return kinds.pop() if len(kinds) == 1 else None


def _start_days(first: date) -> list[date]:
    """The first day a date covers, and where a calendar re-decided by resolve may move it."""
    from fontes import resolve

    offset = resolve._calendar_offset(first)
    out = [first]
    for shift in (offset - 1, offset, offset + 1, 1 - offset, -offset, -offset - 1) if offset else ():
        try:
            out.append(first + _days(shift))
        except OverflowError:
            pass
    return out


def _is_reply(event) -> bool:
    from fontes import chain

    return chain._is_reply(event)


def _bounds(value: str) -> tuple[date, date] | None:
    try:
        return calendars.value_bounds(value)
    except (ValueError, IndexError):
        return None


def _days(n: int) -> timedelta:
    return timedelta(days=n)


def _buckets(first: date, last: date, width: int) -> range:
    """The buckets of ``width`` days an interval touches: two intervals that overlap share one."""
    return range(first.toordinal() // width, last.toordinal() // width + 1)


# --- components -------------------------------------------------------------------------------

def components(keys: dict[str, dict[str, bool]]) -> list[list[str]]:
    """Document ids grouped into the connected components of "holds a key another holds actively"."""
    parent = {d: d for d in keys}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    holders: dict[str, list[str]] = defaultdict(list)
    active: set[str] = set()
    for doc_id, mine in keys.items():
        for key, on in mine.items():
            holders[key].append(doc_id)
            if on:
                active.add(key)
    for key in active:
        docs = holders[key]
        root = find(docs[0])
        for other in docs[1:]:
            r = find(other)
            if r != root:
                parent[max(r, root)] = min(r, root)
                root = min(r, root)
    out: dict[str, list[str]] = defaultdict(list)
    for d in keys:
        out[find(d)].append(d)
    return sorted((sorted(c) for c in out.values()), key=lambda c: c[0])


# --- what a change touches --------------------------------------------------------------------

@dataclass
class Plan:
    """What an incremental resolve does: the documents it resolves again (whole components) and the
    documents gone since the last resolve."""

    documents: list[str] = field(default_factory=list)  # ids to load and resolve
    gone: list[str] = field(default_factory=list)
    keys: dict[str, dict[str, bool]] = field(default_factory=dict)  # new keys of new or changed documents
    total: int = 0  # documents in the knowledge base


def state_of(settings: Settings, decisions: Iterable = ()) -> dict[str, str]:
    """What a stored resolve depends on besides the documents: the settings and the users' corrections."""
    raw = json.dumps(asdict(settings) if hasattr(settings, "__dataclass_fields__") else vars(settings),
                     sort_keys=True, default=str)
    told = json.dumps([asdict(d) if hasattr(d, "__dataclass_fields__") else repr(d) for d in decisions],
                      sort_keys=True, default=str)
    authority = getattr(settings, "authority_file", None)
    if authority:  # the file's content, not only its name
        try:
            raw += hashlib.sha256(open(authority, "rb").read()).hexdigest()
        except OSError:
            pass
    return {"settings": hashlib.sha256(raw.encode()).hexdigest(), "corrections": hashlib.sha256(told.encode()).hexdigest(),
            "keys": KEYS_VERSION}


def plan(stored: dict[str, dict[str, bool]] | "KeySource", present: Iterable[str], new_docs: list[Document],
         settings: Settings = DEFAULTS, *, seeds: Iterable[str] = (), links: Callable[[str], bool] | None = None,
         fresh_keys: dict[str, dict[str, bool]] | None = None) -> Plan:
    """The components that documents added or re-analysed (``new_docs``) and documents gone (keys
    stored but no longer ``present``) join or leave: every document to resolve again.

    ``stored`` is the keys of the last resolve, in memory or read from the store as needed (then
    only the keys of the components touched are read). ``seeds``: stored documents to resolve again
    as well (their entities were linked anew); ``links``: which keys link documents (default all;
    ``links_events`` for the second level of a two-level resolve).
    """
    source = stored if isinstance(stored, KeySource) else KeySource(stored)
    present = set(present)
    fresh = fresh_keys if fresh_keys is not None else {d.id: document_keys(d, settings) for d in new_docs}
    gone = sorted(source.documents() - present)
    seeds = set(seeds) & present
    before = _reach(set(gone) | ((set(fresh) | seeds) & source.documents()), source.keys_of, source.holders_of, links)
    out = set(gone) | set(fresh)

    def keys_of(ids: set[str]) -> dict[str, dict[str, bool]]:
        found = {d: k for d, k in source.keys_of(ids - out).items()}
        found.update({d: fresh[d] for d in ids if d in fresh})
        return found

    by_key: dict[str, dict[str, bool]] = defaultdict(dict)
    for d, mine in fresh.items():
        for k, on in mine.items():
            by_key[k][d] = on

    def holders_of(keys: set[str]) -> dict[str, dict[str, bool]]:
        found = {k: {d: on for d, on in held.items() if d not in out} for k, held in source.holders_of(keys).items()}
        for k in keys & by_key.keys():
            found.setdefault(k, {}).update(by_key[k])
        return found

    todo = _reach((before - out) | set(fresh) | seeds, keys_of, holders_of, links)
    return Plan(documents=sorted(todo), gone=gone, keys=fresh, total=len(present))


# --- two levels: entities over light rows, then events by event keys only ---------------------

ENTITY_KEYS = ("name:", "slug:", "role:", "given:", "pen:")
TEXT_KEYS = ("text:", "band:")


def links_events(key: str) -> bool:
    """Whether a key links documents at the second level (events, conflicts, chains, witnesses,
    authors): entity names do not, the entity ids the first level gave are inputs there."""
    return not key.startswith(ENTITY_KEYS)


class StoredWitnesses:
    """The leading witness of each stored document's text, as the last resolve stored it (a text of
    one witness is its own leader): what the entity linker needs to know of the witnesses."""

    def __init__(self, text_of: dict[str, str]) -> None:
        self.text_of = text_of

    def leader(self, doc_id: str) -> str:
        return self.text_of.get(doc_id, doc_id)


def witnesses_settled(source: KeySource, fresh: dict[str, dict[str, bool]], gone: Iterable[str],
                      text_of: dict[str, str]) -> bool:
    """Whether the stored witnesses still hold: no document added or re-analysed shares a text key
    (a digest or a MinHash band) with another, and none gone or re-analysed was a witness of a
    shared text. Otherwise the first level cannot know the leaders, and resolve must be whole."""
    if any(d in text_of for d in (*gone, *fresh)):
        return False
    held: dict[str, int] = defaultdict(int)
    for mine in fresh.values():
        for k in mine:
            if k.startswith(TEXT_KEYS):
                held[k] += 1
    if any(n > 1 for n in held.values()):
        return False
    others = source.holders_of(set(held))
    return not any(set(docs) - set(fresh) for docs in others.values())


def relinked(linked: dict[str, Document], stored: dict[str, tuple[list, list]]) -> set[str]:
    """Documents whose mentions or entities the first level linked otherwise than the last resolve."""
    out = set()
    for doc_id, doc in linked.items():
        old = stored.get(doc_id)
        if old is None or [m.entity_id for m in doc.mentions] != old[0] or _plain(doc.entities) != old[1]:
            out.add(doc_id)
    return out


def retyped(entities: list, stored: dict[str, tuple[dict, list, list]]) -> set[str]:
    """Documents naming an entity that appeared, went or changed its type (event merging reads types)."""
    new = {e.id: e for e in entities}
    out: set[str] = set()
    for eid in new.keys() | stored.keys():
        e, row = new.get(eid), stored.get(eid)
        if e is None or row is None or e.type != row[0].get("type"):
            out |= set(e.doc_ids if e is not None else ()) | set((row[0].get("doc_ids") or []) if row else ())
    return out


def _plain(obj) -> object:
    return json.loads(json.dumps([asdict(x) for x in obj], default=str))


class KeySource:
    """The stored keys, as a mapping (document -> key -> active) or read from the knowledge base."""

    def __init__(self, keys: dict[str, dict[str, bool]] | None = None, kb=None) -> None:
        self.keys, self.kb = keys, kb
        self._holders: dict[str, dict[str, bool]] | None = None

    def documents(self) -> set[str]:
        return set(self.keys) if self.kb is None else self.kb.resolve_key_documents()

    def keys_of(self, ids: set[str]) -> dict[str, dict[str, bool]]:
        if self.kb is not None:
            return self.kb.resolve_keys_of(ids)
        return {d: self.keys[d] for d in ids if d in self.keys}

    def holders_of(self, keys: set[str]) -> dict[str, dict[str, bool]]:
        """Key -> its holders, for the keys some document holds actively (the others link nothing)."""
        if self.kb is not None:
            return self.kb.resolve_key_holders(keys)
        if self._holders is None:
            self._holders = defaultdict(dict)
            for d, mine in self.keys.items():
                for k, on in mine.items():
                    self._holders[k][d] = on
        return {k: self._holders[k] for k in keys if k in self._holders}


def _reach(seeds: set[str], keys_of, holders_of, links: Callable[[str], bool] | None = None) -> set[str]:
    """The documents connected to seeds (their components): breadth first over shared keys, each key
    taken once, linking its holders when one of them holds it actively (and ``links`` takes it)."""
    seen, frontier, done = set(seeds), set(seeds), set()
    while frontier:
        keys = {k for mine in keys_of(frontier).values() for k in mine if links is None or links(k)} - done
        done |= keys
        frontier = set()
        for held in holders_of(keys).values():
            if any(held.values()):
                frontier |= set(held) - seen
        seen |= frontier
    return seen
