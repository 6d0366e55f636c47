"""A long document is stored as its sections (issue 11, item 2): its documents row holds the document
without its time expressions, mentions and events, and one document_sections record per section holds
those, made, written and read one at a time. Every reader gives back the same document, the row tables
and the digest are those of the document stored whole, and the search index reads rows, not the JSON.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json

import pytest
from test_doclen_memory import _long_document
from test_resolve_unseen10 import shingles_of_words

from fontes import search, store


@pytest.fixture
def small_sections(monkeypatch):
    monkeypatch.setattr(store, "SECTION_CHARS", 1000)
    monkeypatch.setattr(store, "SECTION_ITEMS", 7)


@pytest.fixture(scope="module")
def long_doc():
    return _long_document()


def _tables(kb: store.KnowledgeBase) -> dict[str, list[tuple]]:
    dump = kb.dump()
    dump.pop("document_sections")
    dump["documents"] = [r[:-3] + r[-1:] for r in dump["documents"]]  # all but data and analysis (data_hash kept)
    return dump


def test_the_digest_made_a_piece_at_a_time_is_that_of_the_whole_json(long_doc):
    main, parts = store.sectioned_json(long_doc)
    parts = list(parts)
    assert json.loads(main)["digest"] == store._digest(store.document_json(long_doc))
    assert json.loads(main)["sections"] == len(parts)
    joined = {k: [x for _, _, p in parts for x in json.loads(p)[k]] for k in store.SECTIONED}
    assert joined == {k: json.loads(store.document_json(long_doc))[k] for k in store.SECTIONED}


def test_a_sectioned_document_reads_back_as_the_whole_one(tmp_path, long_doc, small_sections):
    whole = store.KnowledgeBase.open(tmp_path / "whole.db")
    with pytest.MonkeyPatch.context() as m:
        m.setattr(store, "SECTION_CHARS", 10**9)
        whole.save_analyses([long_doc])
    kb = store.KnowledgeBase.open(tmp_path / "kb.db")
    kb.save_analyses([long_doc])
    with kb.engine.connect() as conn:
        records = conn.exec_driver_sql("SELECT kind, count(*) FROM document_sections GROUP BY kind").all()
        row = json.loads(conn.exec_driver_sql("SELECT data FROM documents").scalar_one())
    assert dict(records) == {"analysis": -(-len(long_doc.mentions) // 7), "data": -(-len(long_doc.mentions) // 7)}
    assert row["mentions"] == [] and row["sections"] > 1
    assert _tables(kb) == _tables(whole)  # rows of mentions, events... and the digest: as stored whole
    for a, b in ((kb.analysed_documents()[0], long_doc), (kb.document(long_doc.id), long_doc),
                 (kb.analysed_documents_of([long_doc.id])[0], long_doc), (next(kb.iter_documents()), long_doc)):
        a.path = b.path
        assert a == b
    assert kb.events() == whole.events()
    assert kb.link_documents() == whole.link_documents()
    assert kb.save_analyses([long_doc]) == []  # unchanged: the stored digest is the whole JSON's
    kb.remove_documents([long_doc.id])
    assert kb.counts()["document_sections"] == 0


def test_the_search_index_reads_rows_and_writes_what_the_stored_document_gives(tmp_path, long_doc, small_sections):
    kb = store.KnowledgeBase.open(tmp_path / "kb.db")
    kb.save_analyses([long_doc])

    def rows(reader) -> dict[str, list[tuple]]:
        index = search.SearchIndex(kb.engine)
        index.rebuild(search.IndexInput(documents=reader()))
        with kb.engine.connect() as conn:
            return {t: conn.exec_driver_sql(f"SELECT * FROM {t} ORDER BY 1, 2").all()
                    for t in ("search_sentence", "search_entity", "search_event")}

    light = next(kb.iter_index_documents())
    assert light.text == long_doc.text and len(light.mentions) == len(long_doc.mentions)
    assert rows(kb.iter_documents) == rows(kb.iter_index_documents)
    assert rows(kb.iter_index_documents)["search_entity"]


def _grouped_as_before(docs: list) -> dict[str, str]:
    """The text key group_witnesses gave each document when it held the words and 5-grams of each text."""
    from fontes import witnesses

    out = {}
    for doc in docs:
        words = witnesses._WORD.findall(doc.clean_text.lower())
        key = hashlib.sha256(" ".join(words).encode()).hexdigest()
        if len(words) < witnesses.MIN_SHINGLES + witnesses.SHINGLE_WORDS - 1:
            key += doc.id
        out[doc.id] = key
        assert frozenset(witnesses._gram_stream(doc.clean_text)) == shingles_of_words(words)
    return out


def test_a_book_alone_is_grouped_without_its_5_grams_and_copies_as_before(long_doc, monkeypatch):
    from fontes import witnesses

    copy, edited = dataclasses.replace(long_doc, id="copy"), dataclasses.replace(long_doc, id="edited")
    edited.text = long_doc.text.replace("1901", "1999", 1)  # a year no paragraph has
    keys = _grouped_as_before([long_doc, copy, edited])
    assert keys[long_doc.id] == keys["copy"] != keys["edited"]
    texts = witnesses.group_witnesses([long_doc, copy, edited])
    assert texts.text_of == {long_doc.id: "copy", "copy": "copy", "edited": "copy"}  # one name: the first id leads
    assert 0.9 < texts.similarity["edited"] < 1.0

    def never(_):  # a generator: text_digest makes one and never reads it
        raise AssertionError("a text alone is compared with nothing")
        yield

    monkeypatch.setattr(witnesses, "_gram_stream", never)
    assert witnesses.group_witnesses([long_doc]).text_of == {long_doc.id: long_doc.id}
