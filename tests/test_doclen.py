"""Long documents: analysed in bounded sections, work linear in length (issue 11, item 2).

Deterministic measures only (lengths of the texts each stage sees, counts of calls), never wall
time; ``bench/bench_doclen.py`` prints the seconds and memory.
"""

from __future__ import annotations

import cProfile
import pstats
from pathlib import Path

import pytest

from fontes import entities, pipeline
from fontes.model import Document
from fontes.names import Cand
from fontes.settings import DEFAULTS

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "seeds"


def _text(chars: int) -> str:
    """Real prose of about ``chars`` characters: paragraphs of the example corpus, repeated in turn."""
    paras = [p.strip() for f in sorted(SEEDS.glob("*.txt")) for p in f.read_text(encoding="utf-8").split("\n\n")
             if len(p.split()) >= 12]
    out, size, i = [], 0, 0
    while size < chars:
        out.append(paras[i % len(paras)])
        size += len(out[-1]) + 2
        i += 1
    return "\n\n".join(out) + "\n"


def _doc(text: str) -> Document:
    return Document(id="long", path="long.txt", text=text)


def test_sections_cover_the_text_and_cut_at_paragraph_breaks():
    text = ("word " * 30 + "\n\n") * 200 + "x" * 5000 + " tail"
    cuts = pipeline.sections(text, 1000)
    assert cuts[0][0] == 0 and cuts[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(cuts, cuts[1:]))  # no gap, no overlap
    assert all(0 < end - start <= 1000 for start, end in cuts)
    paragraph_cuts = [end for _, end in cuts[:-1] if end < 200 * 152]
    assert paragraph_cuts and all(text[end - 2:end] == "\n\n" for end in paragraph_cuts)
    assert pipeline.sections("short", 1000) == [(0, 5)]


def test_a_long_text_is_analysed_in_bounded_sections_with_offsets_into_the_whole(monkeypatch):
    size = 5000
    settings = DEFAULTS.with_(section_chars=size)
    seen: dict[str, list[int]] = {}
    real = pipeline.stages(settings)

    def recording(name, stage):
        def run(doc, s):
            seen.setdefault(name, []).append(len(doc.text))
            return stage(doc, s)
        return run

    monkeypatch.setattr(pipeline, "stages", lambda s=DEFAULTS: [(n, recording(n, st)) for n, st in real])
    text = _text(4 * size)
    doc = pipeline.analyse(_doc(text), settings)
    # the whole-document stages read it all once; the NER, time and event stages never more than a section
    assert seen["clean"] == [len(text)] and seen["metadata"] == [len(text)]
    for name in ("time", "entities", "events"):
        assert len(seen[name]) >= 4 and max(seen[name]) <= size and sum(seen[name]) == len(text)
    # every annotation points into the whole text
    assert doc.mentions and doc.timexes and doc.events
    assert all(doc.text[m.start:m.end] == m.text for m in doc.mentions)
    assert all(doc.text[t.start:t.end] == t.text for t in doc.timexes)
    assert all(doc.text[e.start:e.end] in e.evidence or e.evidence in doc.text[e.start - 200:e.end + 200]
               for e in doc.events)
    assert max(m.start for m in doc.mentions) > 3 * size  # the last section's mentions were moved back
    ids = {e.id for e in doc.entities}
    assert len(ids) == len(doc.entities) and all(m.entity_id in ids for m in doc.mentions)
    assert len({e.id for e in doc.events}) == len(doc.events)
    assert all(e.timex_index is None or doc.timexes[e.timex_index].start < e.end + 2000 for e in doc.events)
    # one person named in every section is one document-local entity
    trotsky = [e for e in doc.entities if e.type == "PER" and "Trotsky" in e.name]
    assert len(trotsky) == 1 and trotsky[0].mention_count >= 4


def test_a_text_within_one_section_is_analysed_as_before(monkeypatch):
    text = _text(3000)
    whole = pipeline.analyse(_doc(text), DEFAULTS)
    again = pipeline.analyse(_doc(text), DEFAULTS.with_(section_chars=len(text)))
    assert [(m.start, m.end, m.label) for m in whole.mentions] == [(m.start, m.end, m.label) for m in again.mentions]


def _candidates(copies: int) -> list[Cand]:
    """The entity stage's candidates for ``copies`` repetitions of one passage: titled names (nested
    outer mentions), the names inside them, and the model's spans around them."""
    out = []
    for i in range(copies):
        base = i * 200
        out += [Cand(base, base + 30, "PER", entities.RULE, "rule", nested=True, title="general"),
                Cand(base + 8, base + 30, "PER", entities.MODEL),
                Cand(base + 40, base + 70, "ORG", entities.RULE, "rule", head="council"),
                Cand(base + 60, base + 90, "LOC", entities.MODEL),
                Cand(base + 100, base + 140, "PER", entities.RULE, "rule", nested=True, role="chairman"),
                Cand(base + 150, base + 160, "LOC", entities.WEAK)]
    return out


@pytest.mark.parametrize("n", [300])
def test_settling_candidates_is_linear_in_their_number(monkeypatch, n):
    calls = {"n": 0}
    overlaps, named_role = entities._overlaps, entities._named_role

    def counted(fn):
        def wrapper(*args):
            calls["n"] += 1
            return fn(*args)
        return wrapper

    monkeypatch.setattr(entities, "_overlaps", counted(overlaps))
    monkeypatch.setattr(entities, "_named_role", counted(named_role))
    counts, kept = [], []
    for copies in (n, 4 * n):
        calls["n"] = 0
        kept.append(len(entities._settle(_candidates(copies))))
        counts.append(calls["n"])
    assert kept[1] == 4 * kept[0]  # the same choice in every copy
    assert counts[0] > 0 and counts[1] <= 4.5 * counts[0], counts


def _calls(text: str, settings) -> int:
    profile = cProfile.Profile()
    profile.enable()
    pipeline.analyse(_doc(text), settings)
    profile.disable()
    return sum(stat[1] for stat in pstats.Stats(profile).stats.values())  # primitive calls


def test_the_pipeline_makes_a_linear_number_of_calls_in_the_text_length():
    settings = DEFAULTS.with_(section_chars=3000)
    pipeline.analyse(_doc(_text(3000)), settings)  # models and word lists loaded before counting
    small, large = _calls(_text(6000), settings), _calls(_text(24000), settings)
    assert large <= 4.6 * small, (small, large)


# --- bounded memory: nothing whole-document is built beside the document's own objects (issue 11) ---

def _long_analysed(size: int = 3000, sections: int = 4):
    settings = DEFAULTS.with_(section_chars=size)
    return pipeline.analyse(_doc(_text(sections * size)), settings)


def test_the_stored_json_is_made_one_annotation_at_a_time_and_reads_back_equal(tmp_path):
    from fontes import store

    doc = _long_analysed()
    # the same text the whole-tree serialisation gives, so content hashes of stored documents do not change
    assert str(store.document_json(doc)) == store._json_dumps(store.document_data(doc))
    kb = store.KnowledgeBase.open(tmp_path / "kb.db")
    kb.save_analyses([doc])
    back = kb.analysed_documents()[0]
    back.path = doc.path
    assert back == doc and type(back.events[0]) is type(doc.events[0])
    assert kb.documents()[0].mentions == doc.mentions
    # annotations are made while the JSON is parsed, so no dict per annotation is held beside the objects
    parsed = store._loads_model(store.document_json(doc))
    assert all(type(x) is type(y) for name in ("events", "mentions", "timexes", "zones", "entities")
               for x, y in zip(parsed[name], getattr(doc, name)))


def test_rows_are_written_in_batches_with_the_same_result(tmp_path, monkeypatch):
    from fontes import search, store

    doc = _long_analysed()
    counts = {}
    for batch in (7, 100_000):
        monkeypatch.setattr(store, "INSERT_BATCH", batch)
        monkeypatch.setattr(search, "ROWS_PER_WRITE", batch)
        kb = store.KnowledgeBase.open(tmp_path / f"kb{batch}.db")
        kb.save_analyses([doc])
        index = search.build_index(kb)
        with kb.engine.connect() as conn:
            counts[batch] = [conn.exec_driver_sql(f"SELECT * FROM {t} ORDER BY 1, 2").all()
                             for t in ("mentions", "timexes", "search_sentence", "search_entity", "search_event")]
        assert index.search("Trotsky").total > 0
    assert counts[7] == counts[100_000] and counts[7][0] and counts[7][2]


def test_sections_after_the_first_leave_no_new_words_in_the_models_vocabularies():
    from fontes import entities
    from fontes.events.parse import _nlp

    size = 3000
    settings = DEFAULTS.with_(section_chars=size)
    base = _text(size)
    pipeline.analyse(_doc(base), settings)  # models loaded
    models = [entities.load_model(settings), _nlp(settings.spacy_model)]

    def invented(n: int) -> str:  # words no vocabulary holds, new in every paragraph
        return "\n\n".join(f"Colonel Quorvath{i}x met Brindlemar{i}q at Velmstad{i}z on 3 May 1917, and "
                           f"Ostrulev{i}k signed the order." for i in range(n * 20))

    before = [len(m.vocab.strings) for m in models]
    doc = pipeline.analyse(_doc(base + "\n\n" + invented(6)), settings)
    grown = [len(m.vocab.strings) - b for m, b in zip(models, before)]
    assert len(pipeline.sections(doc.text, size)) >= 4
    assert any(m.text.startswith("Brindlemar") for m in doc.mentions)  # the invented names were read
    # only the first section (outside any memory zone) may add words; 120 paragraphs x 4 new names did not stay
    assert all(g < 200 for g in grown), grown


# --- resolve is linear in a long document's events (issue 11: a book of thousands of dated events) ---

_TYPES = ("ORDER", "MESSAGE_SENT", "MESSAGE_RECEIVED", "APPOINTMENT", "DISMISSAL", "REFUSAL", "BATTLE", "DEATH")


def _chronicle(n: int) -> Document:
    """A chronicle of n one-sentence events over many years, as a long history book reports them."""
    from fontes.model import DualDate, Event

    sentences, events, at = [], [], 0
    for i in range(n):
        year, month, day = 1600 + i // 24, i % 12 + 1, i % 27 + 1
        sentence = f"On {day} {month} {year} the governor issued order number {i}."
        kind = _TYPES[i % len(_TYPES)]
        events.append(Event(id=f"chronicle#e{i + 1}", type=kind, start=at, end=at + len(sentence), evidence=sentence,
                            trigger="issued", when=DualDate(f"{year}-{month:02d}-{day:02d}", as_written=sentence[3:15]),
                            doc_id="chronicle", arguments={"lemma": ["issue"]}))
        sentences.append(sentence)
        at += len(sentence) + 1
    return Document(id="chronicle", path="chronicle.txt", text=" ".join(sentences), events=events)


def _resolve_calls(doc: Document) -> int:
    profile = cProfile.Profile()
    profile.enable()
    corpus = pipeline.resolve([doc])
    profile.disable()
    assert len(corpus.events) == len(doc.events)  # distinct sentences of one document: distinct happenings
    return sum(stat[1] for stat in pstats.Stats(profile).stats.values())


def test_resolve_makes_a_linear_number_of_calls_in_a_documents_events():
    pipeline.resolve([_chronicle(50)])  # lexicons and tables loaded before counting
    small, large = _resolve_calls(_chronicle(600)), _resolve_calls(_chronicle(2400))
    assert large <= 4.8 * small, (small, large)
