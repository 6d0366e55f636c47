"""Long documents read back from the store hold one copy of each short repeated string (issue 11).

A stored document's JSON is parsed with a new string for every value; a book's hundred thousand
mentions would each hold their own "PER", "body" or entity id. Loading interns short values, so the
objects of a long document take less memory, and nothing written or read changes.
"""

from __future__ import annotations

from fontes import pipeline, store
from fontes.model import Document
from fontes.settings import DEFAULTS

PARAGRAPH = ("On 3 May 1917 General Ivan Petrov sent an order from Petrograd to Colonel Anton Vasin, and the "
             "council of the district met in Moscow on 5 May 1917 to answer it.")


def _long_document(paragraphs: int = 40) -> Document:
    text = "\n\n".join(PARAGRAPH.replace("1917", str(1900 + n % 20)) for n in range(paragraphs)) + "\n"
    return pipeline.analyse(Document(id="longmem", path="longmem.txt", text=text), DEFAULTS.with_(section_chars=2000))


def _rows(kb: store.KnowledgeBase) -> dict[str, list[tuple]]:
    with kb.engine.connect() as conn:
        return {t: conn.exec_driver_sql(f"SELECT * FROM {t} ORDER BY 1, 2").all()
                for t in ("documents", "mentions", "timexes", "events", "event_participants", "zones")}


def test_a_loaded_document_shares_its_short_strings_and_equals_the_saved_one(tmp_path):
    doc = _long_document()
    kb = store.KnowledgeBase.open(tmp_path / "kb.db")
    kb.save_analyses([doc])
    back = kb.analysed_documents()[0]
    back.path = doc.path
    assert back == doc
    assert len(back.mentions) > 40
    # one object per distinct label and per distinct entity id, however many mentions carry it
    assert len({id(m.label) for m in back.mentions}) == len({m.label for m in back.mentions})
    ids = [m.entity_id for m in back.mentions if m.entity_id]
    assert ids and len({id(i) for i in ids}) == len(set(ids))


def test_saving_a_loaded_document_again_writes_the_same_rows(tmp_path):
    doc = _long_document()
    first = store.KnowledgeBase.open(tmp_path / "a.db")
    first.save_analyses([doc])
    loaded = first.analysed_documents()[0]
    loaded.path = doc.path
    second = store.KnowledgeBase.open(tmp_path / "b.db")
    second.save_analyses([loaded])
    assert _rows(first) == _rows(second)
    assert _rows(first)["mentions"]


def test_interning_keeps_long_texts_and_non_string_values_as_they_are():
    import sys

    short = "".join(["P", "ER"])  # a fresh string object
    assert store._interned(short) is sys.intern("PER")
    long_text = "x" * (store.INTERN_CHARS + 1)
    assert store._interned(long_text) is long_text
    assert store._interned(["PER", "LOC"]) == ["PER", "LOC"]
    assert store._interned([[1, 2], [3, 4]]) == [[1, 2], [3, 4]]
    assert store._interned(7) == 7 and store._interned(None) is None
