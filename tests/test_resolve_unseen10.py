"""Resolve at scale (issues 11 and 15): a long document resolved and saved in bounded pieces gives the
rows one piece would, and the incremental resolve's blocking keys link only documents resolve can
compare (a date window by type, a word or a party for open types, a once-only happening, a misread
figure), so it still equals a full resolve in random insertion orders. Measures are deterministic
(keys, components, rows), never wall time or memory: ``bench/bench_doclen.py`` and
``bench/bench_incremental.py`` print those."""

from __future__ import annotations

import copy
import hashlib
import os
import random
import sys
from pathlib import Path

import pytest
from kbfixtures import REPO, SEEDS
from test_doclen import _text

from fontes import incremental, store, witnesses
from fontes.build import (
    RemoveReport,
    _resolve_into,
    analyse_document,
    analyse_file,
    resolve_stored,
)
from fontes.model import Document, DualDate, Event
from fontes.settings import DEFAULTS
from fontes.store import KnowledgeBase

SHARED = Path(os.environ.get("FONTES_SHARED", REPO.parent / "shared")) / "data"


# --- bounded pieces give the same result -------------------------------------------------------

def test_resolve_minhash_made_in_batches_equals_one_update():
    from datasketch import MinHash

    grams = frozenset(hashlib.blake2b(str(i).encode(), digest_size=8).digest() for i in range(3 * witnesses.SKETCH_BATCH + 5))
    whole = MinHash(num_perm=witnesses.NUM_PERM, seed=1)
    whole.update_batch(list(grams))
    assert (witnesses.minhash(grams).hashvalues == whole.hashvalues).all()
    assert (witnesses.minhash(list(grams) * 2).hashvalues == whole.hashvalues).all()  # repeats change nothing


def shingles_of_words(words: list[str]) -> frozenset[bytes]:
    """The 5-gram digests as computed before streaming, from the text's whole word list."""
    n = max(0, len(words) - witnesses.SHINGLE_WORDS + 1)
    return frozenset(hashlib.blake2b(" ".join(words[i:i + witnesses.SHINGLE_WORDS]).encode(), digest_size=8).digest()
                     for i in range(n))


def _text_keys_from_a_word_list(doc: Document) -> list[str]:
    """The keys as computed before streaming: every word in one list, every 5-gram in one set."""
    from datasketch import MinHash

    words = witnesses._WORD.findall(doc.clean_text.lower())
    if len(words) < witnesses.MIN_SHINGLES + witnesses.SHINGLE_WORDS - 1:
        return []
    out = ["text:" + hashlib.sha256(" ".join(words).encode()).hexdigest()]
    grams = shingles_of_words(words)
    if len(grams) < witnesses.MIN_SHINGLES:
        return out
    sketch = MinHash(num_perm=witnesses.NUM_PERM, seed=1)
    sketch.update_batch(list(grams))
    for i, (start, end) in enumerate(incremental._lsh().hashranges):
        out.append(f"band:{i}:" + hashlib.blake2b(sketch.hashvalues[start:end].tobytes(), digest_size=10).hexdigest())
    return out


@pytest.mark.parametrize("text", [
    "A short note.",
    "one two three " * 8,  # enough words, too few distinct 5-grams
    " ".join(f"w{i}" for i in range(23)),  # one word short of a text with 5-grams
    " ".join(f"w{i}" for i in range(24)),
    "Der Gesandte reiste am 3. März über Straße und Brücke nach Norden; " * 40,
])
def test_resolve_text_keys_read_as_a_stream_equal_those_of_a_word_list(text):
    doc = Document(id="d", path="d.txt", text=text)
    assert incremental._text_keys(doc) == _text_keys_from_a_word_list(doc)


def test_resolve_json_digest_in_chunks_equals_the_digest_of_the_whole(monkeypatch):
    text = store._Json('{"a": "' + "é" * 50 + "\U0001f600" + "x" * 30 + '"}')
    expected = hashlib.sha256(str(text).encode()).hexdigest()
    assert store._digest(text) == expected
    monkeypatch.setattr(store, "DIGEST_CHUNK", 7)
    assert store._digest(text) == expected


_long_text = _text  # the same real prose as tests/test_doclen.py


@pytest.fixture(scope="module")
def long_corpus() -> list[Document]:
    """The example corpus and a long document made of its paragraphs (a reprint of them all, in sections)."""
    long = Document(id="long-" + "0" * 59, path="long_reprint.txt", text=_long_text(24000))
    return [analyse_file(p) for p in sorted(SEEDS.glob("*.txt"))] + [analyse_document(long, DEFAULTS)]


def test_resolve_saved_in_tiny_pieces_equals_one_saved_in_large_ones(long_corpus, tmp_path, monkeypatch):
    """Row by row: the database of a long document and the examples is the same whether its JSON is
    hashed, its rows inserted and its text sketched in large pieces or in pieces of a few items."""
    big = KnowledgeBase.open(tmp_path / "big.db")
    big.save_analyses(copy.deepcopy(long_corpus))
    resolve_stored(big)
    monkeypatch.setattr(store, "INSERT_BATCH", 3)
    monkeypatch.setattr(store, "DIGEST_CHUNK", 11)
    monkeypatch.setattr(witnesses, "SKETCH_BATCH", 5)
    small = KnowledgeBase.open(tmp_path / "small.db")
    small.save_analyses(copy.deepcopy(long_corpus))
    resolve_stored(small)
    a, b = big.dump(), small.dump()
    assert [t for t in a if a[t] != b[t]] == []
    assert a["mentions"] and a["corpus_events"] and a["resolve_keys"]


# --- blocking keys: precise, and still over resolve's comparisons ------------------------------

def _doc(name: str, *events: Event) -> Document:
    doc = Document(id=name * 4, path=f"{name}.txt", text="x")
    doc.events = list(events)
    return doc


def _event(etype: str, day: str | None, lemma: str, *, actors: list[str] = (), targets: list[str] = ()) -> Event:
    args = {"lemma": [lemma], "actors": list(actors), "targets": list(targets)}
    return Event(id="e", type=etype, start=0, end=1, evidence=lemma, trigger=lemma,
                 when=DualDate(day) if day else None, timex_index=0 if day else None, arguments=args)


def _linked(a: Document, b: Document) -> bool:
    keys = {d.id: incremental.document_keys(d) for d in (a, b)}
    return len(incremental.components(keys)) == 1


def test_resolve_keys_dated_reports_meet_within_the_calendar_window_only():
    near = _linked(_doc("a", _event("ORDER", "1917-03-01", "order")), _doc("b", _event("ORDER", "1917-03-14", "order")))
    month = _linked(_doc("a", _event("ORDER", "1917-03-01", "order")), _doc("b", _event("PROPOSAL", "1917-03-30", "propose")))
    far = _linked(_doc("a", _event("ORDER", "1917-03-01", "order")), _doc("b", _event("ORDER", "1917-07-01", "order")))
    other_family = _linked(_doc("a", _event("ORDER", "1917-03-01", "order")), _doc("b", _event("TREATY", "1917-03-01", "sign")))
    assert near and month and not far and not other_family


def test_resolve_keys_open_types_meet_by_a_word_or_a_party_only():
    plain = _linked(_doc("a", _event("OTHER", "1917-03-01", "flood")), _doc("b", _event("OTHER", "1917-03-01", "vote")))
    word = _linked(_doc("a", _event("OFFENSIVE", "1917-03-01", "assault")), _doc("b", _event("OFFENSIVE", "1917-03-02", "attack")))
    party = _linked(_doc("a", _event("TRAVEL", "1917-03-01", "go", actors=["the Delegation"])),
                    _doc("b", _event("TRAVEL", "1917-03-01", "leave", actors=["Delegation members"])))
    assert word and party and not plain


def test_resolve_keys_a_once_only_happening_and_a_misread_year_meet_far_apart():
    death = _linked(_doc("a", _event("OTHER", "1850-01-10", "die", actors=["Ostrovo"])),
                    _doc("b", _event("OTHER", "1850-09-20", "death", targets=["Varga"])))
    slip = _linked(_doc("a", _event("ORDER", "1917-03-05", "order")), _doc("b", _event("ORDER", "1918-03-05", "order")))
    no_slip = _linked(_doc("a", _event("ORDER", "1917-03-05", "order")), _doc("b", _event("ORDER", "1918-03-09", "order")))
    assert death and slip and not no_slip


def test_resolve_keys_an_undated_report_meets_only_a_type_it_may_join():
    dated = _doc("a", _event("ARREST", "1917-03-01", "arrest", targets=["the Minister"]))
    same_type = _doc("b", _event("ARREST", None, "detain", targets=["the Minister"]))
    other_type = _doc("c", _event("TREATY", None, "sign", targets=["the Minister"]))
    assert _linked(dated, same_type) and not _linked(dated, other_type)


# --- incremental == full on a generated corpus, in random orders ---------------------------------

@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> list[Document]:
    """Short news documents made from public text (TempEval-3 articles, a date line and six sentences)."""
    if not (SHARED / "tempeval3").is_dir():
        pytest.skip("no ../shared/data/tempeval3")
    sys.path.insert(0, str(REPO / "bench"))
    from bench_incremental import write_documents

    folder = tmp_path_factory.mktemp("news")
    write_documents(24, folder)
    return [analyse_file(p) for p in sorted(folder.glob("*.txt"))]


@pytest.mark.parametrize("seed", [3, 4])
def test_resolve_incremental_in_random_batches_equals_a_full_resolve_on_generated_text(generated, tmp_path, seed):
    docs = list(generated)
    full = KnowledgeBase.open(tmp_path / "full.db")
    full.save_analyses(copy.deepcopy(docs))
    resolve_stored(full)
    expected = full.dump()
    random.Random(seed).shuffle(docs)
    kb = KnowledgeBase.open(tmp_path / "inc.db")
    for start in range(0, len(docs), 5):
        kb.save_analyses(copy.deepcopy(docs[start:start + 5]))
        _resolve_into(RemoveReport(), kb, DEFAULTS)
    got = kb.dump()
    assert [t for t in expected if got[t] != expected[t]] == []
    assert expected["corpus_events"] and expected["entities"]


def test_resolve_full_resolve_never_links_generated_documents_across_components(generated, tmp_path):
    comps = incremental.components({d.id: incremental.document_keys(d) for d in generated})
    home = {doc_id: n for n, comp in enumerate(comps) for doc_id in comp}
    kb = KnowledgeBase.open(tmp_path / "full.db")
    kb.save_analyses(copy.deepcopy(generated))
    resolve_stored(kb)
    corpus = kb.corpus()
    groups = [[c.doc_id for c in e.reported_by] for e in corpus.events]
    groups += [[c.doc_id for c in x.claims] for x in [*corpus.conflicts, *kb.variants()]]
    groups += [list(e.doc_ids) for e in corpus.entities]
    assert all(len({home[d] for d in g}) <= 1 for g in groups)
