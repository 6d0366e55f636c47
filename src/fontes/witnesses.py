"""Resolve step: witnesses of one text. Copies, reprints and versions of a document are grouped into one
text (identical body text by hash, near-identical by MinHash LSH over word 5-grams), and each copy's
events are aligned with those of the text's leading witness, so a text's claims count once.

Historians' folders are full of reprints (the same decree in three collections, a newspaper story
syndicated in twenty papers, two captures of one page, issue 11): they are one witness, not independent
testimony. Their differences (a date changed in a reprint) are variants of the text, not conflicts
between sources. A build also analyses a copy of a text only once (``analysed_once``).
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from fontes.model import Document

SHINGLE_WORDS = 5  # word 5-grams: one changed word touches five of them
NUM_PERM = 128  # MinHash permutations: Jaccard estimated within about ±0.09
CANDIDATE = 0.5  # LSH threshold for candidates, below SAME_TEXT so that none is missed; each is then checked
# exact Jaccard of the two 5-gram sets: a reprint with one date or a paragraph changed stays above 0.8,
# two articles on one subject share well under 0.2 of their 5-grams
SAME_TEXT = 0.7
MIN_SHINGLES = 20  # a text shorter than ~25 words is a text of its own
SAME_PASSAGE = 0.8  # evidence of two witnesses' events this similar (a changed date aside) is one passage
# shingles hashed per MinHash update: the library makes a (shingles x NUM_PERM) array of 64-bit values
# for each update, 1 KB a shingle, so a book's 300k shingles at once would take 300 MB (issue 11)
SKETCH_BATCH = 4096
_WORD = re.compile(r"\w+")


@dataclass
class Witnesses:
    """Which documents are witnesses of which text, and the witness whose reports stand for each text."""

    text_of: dict[str, str] = field(default_factory=dict)  # document id -> text id (its leading witness's id)
    similarity: dict[str, float] = field(default_factory=dict)  # document id -> Jaccard with its leader's text

    def same_text(self, *doc_ids: str) -> bool:
        """Whether all the documents named are witnesses of one text (False for fewer than two)."""
        texts = {self.text_of.get(d, d) for d in doc_ids}
        return len(set(doc_ids)) >= 2 and len(texts) == 1

    def leader(self, doc_id: str) -> str:
        """The witness that stands for this document's text (itself when it has no copies)."""
        return self.text_of.get(doc_id, doc_id)

    def is_leader(self, doc_id: str) -> bool:
        return self.leader(doc_id) == doc_id

    def groups(self) -> dict[str, list[str]]:
        """Text id -> its witnesses, only for texts with more than one."""
        out: dict[str, list[str]] = defaultdict(list)
        for doc_id, text in self.text_of.items():
            out[text].append(doc_id)
        return {t: sorted(ids) for t, ids in out.items() if len(ids) > 1}


def group_witnesses(docs: list[Document]) -> Witnesses:
    """Group documents whose body text is identical or nearly so into texts with their witnesses.

    Reads each document's clean text; the leading witness of a text is the one whose exact text most
    witnesses share (then the first by file name and id), so a single edited copy is never the leader.
    """
    by_text: dict[str, list[Document]] = defaultdict(list)  # hash of the normalised body -> its copies
    for doc in docs:
        key, count, _ = text_digest(doc.clean_text)  # read word by word: a book's words are never one list
        if count < MIN_SHINGLES + SHINGLE_WORDS - 1:
            key += doc.id  # a headline or a one-line note may recur in unrelated sources: its own text
        by_text[key].append(doc)
    grams = _text_grams(by_text)
    parent = {key: key for key in by_text}

    def find(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for a, b, _ in _near_pairs(grams):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[str, list[str]] = defaultdict(list)  # root -> text hashes
    for key in by_text:
        members[find(key)].append(key)
    out = Witnesses()
    for keys in members.values():
        lead_key = min(keys, key=lambda k: (-len(by_text[k]), min((d.name, d.id) for d in by_text[k])))
        leader = min(by_text[lead_key], key=lambda d: (d.name, d.id))
        for key in keys:
            share = 1.0 if key == lead_key else _jaccard(grams[key], grams[lead_key])
            for doc in by_text[key]:
                out.text_of[doc.id] = leader.id
                out.similarity[doc.id] = round(share, 4)
    return out


def text_digest(text: str) -> tuple[str, int, Iterator[bytes]]:
    """The digest ``group_witnesses`` keys a text by (of its lower-cased words joined by spaces), its
    number of words, and a stream of its 5-gram digests (with repeats), read word by word: a book's
    words are never one list (issue 11)."""
    digest, count = hashlib.sha256(), 0
    for m in _WORD.finditer(text.lower()):
        digest.update((" " + m.group()).encode() if count else m.group().encode())
        count += 1
    return digest.hexdigest(), count, _gram_stream(text)


def _gram_stream(text: str) -> Iterator[bytes]:
    window: list[str] = []
    for m in _WORD.finditer(text.lower()):
        window.append(m.group())
        if len(window) > SHINGLE_WORDS:
            del window[0]
        if len(window) == SHINGLE_WORDS:
            yield hashlib.blake2b(" ".join(window).encode(), digest_size=8).digest()


def _text_grams(by_text: dict[str, list[Document]]) -> dict[str, frozenset[bytes]]:
    """Text hash -> the 5-gram digests of its first copy; none when there is one text only (a book built
    alone): texts are compared with one another only, so its 5-grams are never made (issue 11)."""
    if len(by_text) < 2:
        return {}
    return {key: frozenset(_gram_stream(copies[0].clean_text)) for key, copies in by_text.items()}


def _jaccard(a: frozenset[bytes], b: frozenset[bytes]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def _near_pairs(grams: dict[str, frozenset[bytes]]) -> Iterator[tuple[str, str, float]]:
    """Pairs of distinct texts whose 5-gram sets overlap by SAME_TEXT or more (LSH candidates, then checked)."""
    from datasketch import MinHashLSH

    long = {k: g for k, g in grams.items() if len(g) >= MIN_SHINGLES}
    if len(long) < 2:
        return
    lsh = MinHashLSH(threshold=CANDIDATE, num_perm=NUM_PERM)
    for key in sorted(long):
        sketch = minhash(long[key])
        for other in lsh.query(sketch):
            share = _jaccard(long[key], long[other])
            if share >= SAME_TEXT:
                yield other, key, share
        lsh.insert(key, sketch)


def minhash(grams: Iterable[bytes]):
    """The MinHash sketch of a set of shingles, made SKETCH_BATCH shingles at a time: a sketch keeps the
    least hash per permutation, so it is the same whatever the batches, and memory stays bounded."""
    from datasketch import MinHash

    sketch = MinHash(num_perm=NUM_PERM, seed=1)
    batch: list[bytes] = []
    for gram in grams:
        batch.append(gram)
        if len(batch) >= SKETCH_BATCH:
            sketch.update_batch(batch)
            batch = []
    if batch:
        sketch.update_batch(batch)
    return sketch


# --- events of one text in several witnesses ----------------------------------------------------

def align_events(leader: Document, follower: Document) -> dict[int, int]:
    """Follower event index -> the leader's event that reports the same passage of the text.

    Identical evidence first, then evidence equal but for its numbers (a changed date), then the most
    similar evidence of the same type (SAME_PASSAGE); each leader event is taken once, in text order.
    """
    out: dict[int, int] = {}
    free = set(range(len(leader.events)))
    for key_of in (_exact_key, _masked_key):
        waiting: dict[tuple, list[int]] = defaultdict(list)
        for i in sorted(free):
            waiting[key_of(leader.events[i])].append(i)
        for j, event in enumerate(follower.events):
            if j in out:
                continue
            queue = waiting.get(key_of(event))
            if queue:
                out[j] = queue.pop(0)
                free.discard(out[j])
    for j, event in enumerate(follower.events):
        if j in out:
            continue
        best, best_ratio = None, SAME_PASSAGE
        for i in sorted(free):
            other = leader.events[i]
            if other.type != event.type:
                continue
            matcher = SequenceMatcher(None, other.evidence, event.evidence, autojunk=False)
            if matcher.quick_ratio() >= best_ratio and (ratio := matcher.ratio()) >= best_ratio:
                best, best_ratio = i, ratio
        if best is not None:
            out[j] = best
            free.discard(best)
    return out


def _exact_key(event) -> tuple:
    return (event.type, event.evidence)


def _masked_key(event) -> tuple:
    return (event.type, re.sub(r"\d+", "#", event.evidence))


def readings_differ(a: str | None, b: str | None) -> bool:
    """Whether two witnesses' dates of one passage differ (a missing date is no reading)."""
    return bool(a and b and a != b)


def reading_counts(values: Iterable[str]) -> Counter[str]:
    return Counter(v for v in values if v)


# --- a build analyses each text once -------------------------------------------------------------

def analysed_once(docs: list[Document], analyse: Callable[[list[Document]], Iterable[Document | str]]
                  ) -> Iterator[Document | str]:
    """Analysed documents (or error lines) in input order, running ``analyse`` once per distinct text.

    A copy (the same file name and text, saved with other line endings, another encoding or more
    trailing blank lines) takes the analysis of its first occurrence in ``docs``: the per-document
    stages read the text and the file name only, so the result is what analysing it would give.
    """
    keys = [_copy_key(d) for d in docs]
    first: dict[tuple, int] = {}
    last: dict[tuple, int] = {}
    for i, key in enumerate(keys):
        first.setdefault(key, i)
        last[key] = i
    results = iter(analyse([docs[i] for i in sorted(set(first.values()))]))
    kept: dict[tuple, Document | str] = {}
    for i, (doc, key) in enumerate(zip(docs, keys)):
        if first[key] == i:
            result = next(results)
            if last[key] > i:
                kept[key] = result
            yield result
            continue
        original = kept[key] if last[key] > i else kept.pop(key)
        yield (f"{doc.path}: the same text as another file, which failed ({original})"
               if isinstance(original, str) else copy_analysis(original, doc))


def _copy_key(doc: Document) -> tuple:
    return (doc.name, doc.media_type, doc.text.rstrip(), doc.main_spans is None, not doc.pages)


def copy_analysis(original: Document, doc: Document) -> Document:
    """The analysis of ``original`` given to ``doc``, a copy of the same text: its own id, path, bytes."""
    out = copy.deepcopy(original)
    out.id, out.path, out.text, out.encoding = doc.id, doc.path, doc.text, doc.encoding
    end = len(doc.text)
    for zone in out.zones:
        zone.end = min(zone.end, end)
        zone.start = min(zone.start, zone.end)
    out.zones = [z for z in out.zones if z.end > z.start]
    return out
