"""Search: full-text syntax, facets and filters in both calendars, hostile queries, semantic and hybrid ranking."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kbfixtures import invented_kb

from fontes.errors import QueryError
from fontes.search import Filters, SearchIndex, index_for, rrf, to_fts5


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> SearchIndex:
    kb = invented_kb(tmp_path_factory.mktemp("search") / "kb.db")
    return index_for(kb)


def texts(result) -> list[str]:
    return [h.text for h in result.hits]


@pytest.mark.parametrize(("query", "must", "must_not"), [
    ('"refused to obey"', "refused to obey", None),
    ("telegram OR truce", "truce", None),
    ("dismissed -historian", "Thereupon General Ostrovo was dismissed", "historian"),
    ("NOT historian dismissed", "Thereupon General Ostrovo was dismissed", "historian"),
    ("dismiss*", "dismissed", None),
    ("appoint*", "appointed", None),
])
def test_search_syntax(index, query, must, must_not):
    result = index.search(query)
    assert any(must in t for t in texts(result)), (query, texts(result))
    if must_not:
        assert not any(must_not in t for t in texts(result))


def test_search_phrase_is_not_bag_of_words(index):
    assert index.search('"obey refused"').total == 0
    assert index.search("obey refused").total == 1


def test_search_chrome_is_not_indexed(index):
    assert index.search("Share this page").total == 0


def test_search_hits_point_into_the_document(index):
    hit = index.search('"appointed the new Commander"').hits[0]
    assert hit.text.startswith("Colonel Varga")
    assert hit.end - hit.start == len(hit.text)
    marked = [hit.text[s:e].lower() for s, e in hit.highlights]
    assert "appointed" in marked


@pytest.mark.parametrize(("filters", "expected"), [
    (Filters(entity="ostrovo"), 2),
    (Filters(entity="varga"), 0),
    (Filters(event_type="dismissal"), 2),
    (Filters(genre="secondary"), 1),
    (Filters(doc="bbbbbb"), 1),
    (Filters(date_from="1850-03-18", date_to="1850-03-31"), 1),  # Gregorian: only the history's 20 March
    (Filters(date_from="1850-03-01", date_to="1850-03-05", calendar="julian"), 1),  # O.S. 3 March = N.S. 15 March
    (Filters(date_from="1851"), 0),
])
def test_search_filters(index, filters, expected):
    assert index.search("dismissed", filters=filters).total == expected


def _engines(index: SearchIndex) -> tuple[SearchIndex, SearchIndex]:
    """The same tables ranked by the tantivy index and by FTS5's bm25() over every match."""
    return SearchIndex(index.engine), SearchIndex(index.engine, text_engine="fts5")


@pytest.mark.parametrize("query", ["dismissed", '"refused to obey"', "telegram OR truce", "dismissed -historian",
                                   "NOT historian dismissed", "dismiss*", "Ostrovo", "general dismissed OR appointed",
                                   '"was dismissed" OR telegram -truce'])
def test_search_tantivy_matches_what_fts5_matches(index, query):
    tantivy, fts5 = _engines(index)
    a, b = tantivy.search(query, limit=200), fts5.search(query, limit=200)
    assert tantivy.text_index() is not None and fts5.text_index() is None
    assert a.total == b.total and {h.sentence_id for h in a.hits} == {h.sentence_id for h in b.hits}
    assert not a.approximate and a.candidates is None


@pytest.mark.parametrize("filters", [Filters(entity="ostrovo"), Filters(event_type="dismissal"), Filters(genre="secondary"),
                                     Filters(doc="bbbbbb"), Filters(date_from="1850-03-18", date_to="1850-03-31"),
                                     Filters(date_from="1850-03-01", date_to="1850-03-05", calendar="julian"),
                                     Filters(entity="varga"), Filters(date_from="1851")])
def test_search_tantivy_filters_equal_sql_filters(index, filters):
    tantivy, fts5 = _engines(index)
    for query in ("dismissed", "Ostrovo OR telegram"):
        a, b = tantivy.search(query, filters=filters, limit=200), fts5.search(query, filters=filters, limit=200)
        assert a.total == b.total and {h.sentence_id for h in a.hits} == {h.sentence_id for h in b.hits}


def test_search_top_k_is_the_head_of_the_full_ranking(index):
    """Exact top-k: the first hits of a small limit are those of ranking every match (no capped candidate set)."""
    full = index.search("Ostrovo OR dismissed OR telegram", limit=200)
    assert full.total >= 4
    for k in (1, 2, 3):
        top = index.search("Ostrovo OR dismissed OR telegram", limit=k)
        assert [h.sentence_id for h in top.hits] == [h.sentence_id for h in full.hits[:k]]
        assert top.total == full.total
    scores = [h.score for h in full.hits]
    assert scores == sorted(scores) and all(s < 0 for s in scores)  # lower is better, as FTS5's bm25()


def test_search_text_index_follows_the_tables(tmp_path):
    """The directory beside the database is rebuilt when missing, stale (rows appended behind its back)
    or after documents are removed; a fresh SearchIndex opens it instead of rebuilding."""
    import shutil

    from sqlalchemy import text

    kb = invented_kb(tmp_path / "kb.db")
    index = index_for(kb)
    path = index.text_index_path()
    assert path == tmp_path / "kb.db.search" and (path / "fontes-stamp.txt").is_file()
    before = index.search("dismissed").total
    reopened = SearchIndex(kb.engine)
    assert reopened.text_index().stamp == index.text_index().stamp and reopened.search("dismissed").total == before
    shutil.rmtree(path)
    assert SearchIndex(kb.engine).search("dismissed").total == before and path.is_dir()
    with kb.engine.begin() as conn:  # a row appended behind the index's back
        conn.execute(text('INSERT INTO search_sentence(id, doc_id, start, "end", text) '
                          "VALUES (100000, 'zzz', 0, 20, 'He was dismissed again.')"))
    assert SearchIndex(kb.engine).search("dismissed").total == before + 1
    doc = kb.document_ids()[0]
    kb.remove_documents([doc])
    fresh = SearchIndex(kb.engine)
    with kb.engine.connect() as conn:
        left = conn.execute(text("SELECT count(*) FROM search_sentence WHERE text LIKE '%dismissed%'")).scalar_one()
    assert fresh.search("dismissed").total == left


def test_search_facets_count_matches(index):
    facets = index.search("Ostrovo", facets=True).facets
    assert dict(facets["genre"]) == {"primary": 3, "secondary": 1}
    assert ("DISMISSAL", 2) in facets["event_type"]
    assert dict(facets["entity"])["ostrovo"] == 4


def test_search_documents_scope_groups_sentences(index):
    result = index.search("Ostrovo", scope="documents")
    assert result.total == 2 and len({h.doc_id for h in result.hits}) == 2


@pytest.mark.parametrize("query", ['"; DROP TABLE documents; --', 'NEAR(a b', "col:foo ^bar", '"unbalanced', "a OR",
                                   "AND OR NOT", "*", "text:obey", "'", "()", "-", "\x00", "é" * 3000])
def test_search_hostile_simple_queries_never_crash(index, query):
    try:
        result = index.search(query)
    except QueryError as err:
        assert "query" in str(err)
    else:
        assert result.total >= 0


@pytest.mark.parametrize("query", ['NEAR(a', "armistice AND", '"open', "bogus:word", "^"])
def test_search_advanced_syntax_errors_are_query_errors(index, query):
    with pytest.raises(QueryError, match="advanced"):
        index.search(query, mode="advanced")


def test_search_advanced_passes_fts5_syntax(index):
    assert index.search("NEAR(refused obey, 2)", mode="advanced").total == 1
    assert index.search("text:telegram", mode="advanced").total == 2


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60), st.sampled_from(["simple", "advanced"]))
def test_search_any_string_gets_results_or_query_error(index, query, mode):
    try:
        result = index.search(query, mode=mode)
    except QueryError:
        return
    assert isinstance(result.total, int)


@given(st.text(max_size=40))
def test_search_simple_translation_is_valid_or_refused(query):
    try:
        expr = to_fts5(query)
    except QueryError:
        return
    assert expr.count('"') % 2 == 0


def test_search_rrf_rewards_agreement():
    fused = rrf([[(1, 9.0), (2, 8.0), (3, 7.0)], [(3, 0.9), (1, 0.8), (4, 0.1)]])
    assert [item for item, _ in fused][:2] == [1, 3]


@pytest.mark.slow
def test_search_semantic_and_hybrid_find_paraphrases(index):
    index.embed_all()
    semantic = index.search("the general was removed from command", ranking="semantic", limit=3)
    assert any("dismissed" in t for t in texts(semantic))
    hybrid = index.search("general removed from command", ranking="hybrid", limit=3)
    assert hybrid.ranking == "hybrid" and any("dismissed" in t for t in texts(hybrid))


@pytest.mark.postgres
def test_search_postgres_full_text_carries_over():
    """The same index on PostgreSQL: tsvector + websearch_to_tsquery, filters and hostile strings."""
    import pg
    from kbfixtures import invented_corpus

    from fontes.store import KnowledgeBase

    if not pg.available():
        pytest.skip("PostgreSQL server not installed: apt-get install postgresql")
    with pg.running_postgres() as url, KnowledgeBase.open(url) as kb:
        kb.save(invented_corpus())
        index = index_for(kb)
        assert index.backend == "postgresql"
        assert any("refused to obey" in t for t in texts(index.search('"refused to obey"')))
        assert index.search("dismissed -historian").total == 1
        assert index.search("dismissed", filters=Filters(event_type="DISMISSAL", genre="secondary")).total == 1
        assert index.search("Ostrovo", facets=True).facets["genre"]
        for hostile in ['"; DROP TABLE documents; --', "NEAR(a b", '"open', "a OR"]:
            try:
                index.search(hostile)
            except QueryError:
                pass
        with pytest.raises(QueryError):
            index.search("a & | !(", mode="advanced")


def _vectors(db) -> dict[tuple[str, int, int], bytes]:
    import sqlite3

    with sqlite3.connect(db) as conn:
        try:
            return {(d, s, e): v for d, s, e, v in conn.execute('SELECT doc_id, start, "end", vec FROM search_embedding')}
        except sqlite3.OperationalError:  # no index yet
            return {}


@pytest.mark.slow
def test_search_build_embeds_new_documents_only(tmp_path):
    from click.testing import CliRunner

    from fontes.cli import cli
    from fontes.store import KnowledgeBase

    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "a.txt").write_text("On 3 March 1850 General Ostrovo was dismissed. He left the camp at night.\n")
    db = str(tmp_path / "kb.db")

    def build(*extra):
        result = CliRunner().invoke(cli, ["build", str(folder), "--db", db, "-q", *extra], catch_exceptions=False)
        assert result.exit_code == 0, result.output

    build("--no-embed")
    assert _vectors(db) == {}
    build()
    first = _vectors(db)
    assert len(first) == 2 and {len(v) for v in first.values()} == {256 * 4}  # static model, little-endian float32
    with KnowledgeBase.open(db) as kb:
        assert index_for(kb).search("the general was removed from command", ranking="semantic").ranking == "semantic"
    (folder / "b.txt").write_text("A truce was signed at Kalvara in April 1850.\n")
    build()
    second = _vectors(db)
    assert len(second) == 3 and {k: second[k] for k in first} == first  # the old document was not embedded again
    build("--force")
    assert _vectors(db) == second
    (folder / "a.txt").write_text("On 4 March 1850 General Ostrovo was dismissed.\n")  # replaced: its vectors go
    build()
    third = _vectors(db)
    assert not set(third) & set(first) and len(third) == 2  # b's sentence and the new a's
    assert {k: v for k, v in third.items() if k in second} == {k: v for k, v in second.items() if k not in first}


# ---------------------------------------------------------------- embedding models (issue 12)


def test_search_static_model_embeds_without_pytorch():
    """The default model runs with numpy and a tokenizer: torch and sentence-transformers cannot even be imported."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "sys.modules['torch'] = sys.modules['sentence_transformers'] = sys.modules['transformers'] = None\n"
        "import numpy as np\n"
        "from fontes.embeddings import default_model, embed\n"
        "v = embed(['General Ostrovo was dismissed from his post.', 'The general was removed from command.',\n"
        "           'Bake the bread for forty minutes.'])\n"
        "print(default_model(), round(float(v[0] @ v[1]), 3), round(float(v[0] @ v[2]), 3),\n"
        "      [round(float(x), 3) for x in np.linalg.norm(v, axis=1)])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    name, related, unrelated, norms = out.stdout.split(maxsplit=3)
    assert name == "m2v-minilm-l6-256-int8"
    assert float(related) > float(unrelated) + 0.1  # a paraphrase is nearer than an unrelated sentence
    assert norms.strip() == "[1.0, 1.0, 1.0]"


@pytest.mark.parametrize("texts_in", [[], ["", "   "], ["Ostrovo", "Ostrovo"], ["\u2603 \U0001F600", "a" * 20_000]])
def test_search_static_embeddings_shape_and_determinism(texts_in):
    import numpy as np

    from fontes.embeddings import STATIC_MODEL, embed

    vecs = embed(texts_in, STATIC_MODEL)
    assert vecs.shape == (len(texts_in), 256) and vecs.dtype == np.float32
    norms = np.linalg.norm(vecs, axis=1)
    assert all(abs(n - 1) < 1e-5 or n == 0 for n in norms)  # unit length, or zero for a text with no known token
    assert np.array_equal(vecs, embed(texts_in, STATIC_MODEL))


def test_search_static_model_ships_its_licence():
    import json

    from fontes.embeddings import STATIC_DIR, STATIC_MODEL

    config = json.loads((STATIC_DIR / "config.json").read_text())
    assert config["name"] == STATIC_MODEL and config["license"] == "Apache-2.0"
    assert "all-MiniLM-L6-v2" in (STATIC_DIR / "LICENSE").read_text()
    assert sum(p.stat().st_size for p in STATIC_DIR.iterdir()) < 10_000_000


def test_search_unknown_embedding_model_is_a_query_error(monkeypatch):
    from fontes.embeddings import default_model

    monkeypatch.setenv("FONTES_EMBEDDING_MODEL", "no-such-model")
    with pytest.raises(QueryError, match="FONTES_EMBEDDING_MODEL"):
        default_model()


def test_search_vectors_of_an_older_model_are_recognised_and_replaced(tmp_path):
    """A knowledge base embedded by all-MiniLM-L6-v2 (384 floats a sentence, from before issue 12, whose
    model name a rebuild used to drop) is re-embedded with the default model, never mixed with it."""
    import numpy as np
    from sqlalchemy import text

    from fontes.embeddings import MINILM_MODEL, STATIC_MODEL, available

    kb = invented_kb(tmp_path / "kb.db")
    index = index_for(kb)
    assert index.embed_all() > 0 and index.vector_model() == STATIC_MODEL
    index.rebuild(index_input(kb))  # the model's name outlives a rebuild of the index
    assert index.meta("embedding_model") == STATIC_MODEL
    with kb.engine.begin() as conn:  # what an old knowledge base holds
        old = (np.ones(384) / np.sqrt(384)).astype("<f4")
        conn.execute(text("UPDATE search_embedding SET vec = :v"), {"v": old.tobytes()})
        conn.execute(text("DELETE FROM search_meta WHERE key = 'embedding_model'"))
    index._vectors = None
    assert index.vector_model() == MINILM_MODEL
    result = index.search("the general was removed from command", ranking="semantic")
    if available(MINILM_MODEL):  # the torch extra: the old vectors are still searched with their own model
        assert result.ranking == "semantic"
    else:  # a base install says why and what to run, and ranks by BM25
        assert result.ranking == "bm25" and MINILM_MODEL in result.note and "--embed" in result.note
    total = index.embed_all()
    with kb.engine.connect() as conn:
        sizes = {r[0] for r in conn.execute(text("SELECT length(vec) FROM search_embedding"))}
        sentences = conn.execute(text("SELECT count(*) FROM search_sentence")).scalar_one()
    assert total == sentences and sizes == {256 * 4} and index.vector_model() == STATIC_MODEL
    semantic = index.search("the general was removed from command", ranking="semantic", limit=3)
    assert semantic.ranking == "semantic" and any("dismissed" in t for t in texts(semantic))
    assert index.embed_all() == 0  # nothing left to embed


def index_input(kb):
    from fontes.search import IndexInput

    return IndexInput(documents=kb.documents())
