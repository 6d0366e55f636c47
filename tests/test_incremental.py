"""Incremental resolve (issue 15, item 3): adding or removing documents one at a time, in any order,
leaves the database a full resolve of the same documents gives, ids included; and the full resolve
never links documents of two components (fontes.incremental)."""

from __future__ import annotations

import copy
import random
from pathlib import Path

import pytest
from kbfixtures import REPO, SEEDS

from fontes import incremental
from fontes.build import RemoveReport, _resolve_into, _resolve_with_corrections, analyse_file, remove, resolve_stored
from fontes.model import Document
from fontes.settings import DEFAULTS
from fontes.store import KnowledgeBase

DEV = REPO / "eval" / "corpus" / "dev" / "docs"


def analysed_documents() -> list[Document]:
    """The example corpus and a dozen development documents, as the per-document stages leave them."""
    paths = sorted(SEEDS.glob("*.txt")) + sorted(p for p in DEV.iterdir() if p.is_file())[:12]
    return [analyse_file(p) for p in paths]


@pytest.fixture(scope="module")
def analysed() -> list[Document]:
    return analysed_documents()


def _full(docs: list[Document], db: Path) -> KnowledgeBase:
    kb = KnowledgeBase.open(db)
    kb.save_analyses(copy.deepcopy(docs))
    resolve_stored(kb)
    return kb


def _add_one_at_a_time(docs: list[Document], db: Path) -> KnowledgeBase:
    kb = KnowledgeBase.open(db)
    for doc in docs:  # as `fontes build` does for one new file: store its analysis, resolve what it touches
        kb.save_analyses([copy.deepcopy(doc)])
        _resolve_into(RemoveReport(), kb, DEFAULTS)
    return kb


@pytest.fixture(scope="module")
def full(analysed, tmp_path_factory) -> dict:
    return _full(analysed, tmp_path_factory.mktemp("full") / "full.db").dump()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_incremental_added_one_at_a_time_in_random_order_equals_a_full_resolve(analysed, full, tmp_path, seed):
    order = list(analysed)
    random.Random(seed).shuffle(order)
    kb = _add_one_at_a_time(order, tmp_path / "inc.db")
    got = kb.dump()
    assert [t for t in full if got[t] != full[t]] == []  # every row of every table, ids and conflict order included
    assert got["conflicts"] and got["corpus_events"] and got["entities"]


def assert_removals_equal_a_full_resolve(analysed: list[Document], tmp_path: Path, seed: int, count: int) -> None:
    """Add every document one at a time, remove ``count`` of them: the rows of a full resolve of the rest."""
    kb = _add_one_at_a_time(analysed, tmp_path / "inc.db")
    gone = random.Random(seed).sample([d.id for d in analysed], count)
    for doc_id in gone:
        remove([doc_id], kb)
    expected = _full([d for d in analysed if d.id not in gone], tmp_path / "rest.db").dump()
    got = kb.dump()
    assert [t for t in expected if got[t] != expected[t]] == []


def test_incremental_removals_equal_a_full_resolve_of_the_rest(analysed, tmp_path):
    assert_removals_equal_a_full_resolve(analysed, tmp_path, seed=5, count=4)


def test_incremental_unchanged_knowledge_base_resolves_nothing(analysed, tmp_path):
    kb = _full(analysed, tmp_path / "full.db")
    before = kb.dump()
    corpus, _ = _resolve_with_corrections(kb, DEFAULTS)
    assert corpus.documents == [] and kb.dump() == before


def test_incremental_full_resolve_never_links_across_components(analysed, tmp_path):
    """resolve(all) == ⋃ resolve(component): every merged event, conflict and entity of a full
    resolve stays within one component of the documents' keys."""
    comps = incremental.components({d.id: incremental.document_keys(d) for d in analysed})
    home = {doc_id: n for n, comp in enumerate(comps) for doc_id in comp}
    kb = _full(analysed, tmp_path / "full.db")
    corpus = kb.corpus()
    groups = [[c.doc_id for c in e.reported_by] for e in corpus.events]
    groups += [[c.doc_id for c in x.claims] for x in [*corpus.conflicts, *kb.variants()]]
    groups += [list(e.doc_ids) for e in corpus.entities]
    assert all(len({home[d] for d in g}) <= 1 for g in groups)
    assert any(len(set(g)) > 1 for g in groups)  # the corpus does link documents (the test could fail)


def test_incremental_a_document_sharing_nothing_is_resolved_alone(analysed, tmp_path):
    """A short note with no name, date or event in common with the rest is its own component: adding
    it loads only itself."""
    kb = _full(analysed, tmp_path / "full.db")
    note = tmp_path / "note.txt"
    note.write_text("Shopping list: flour, eggs and milk.\n", encoding="utf-8")
    doc = analyse_file(note)
    kb.save_analyses([doc])
    fresh = kb.analysed_documents_of([doc.id])
    plan = incremental.plan(incremental.KeySource(kb=kb), kb.document_ids(), fresh)
    assert plan.documents == [doc.id] and plan.total == len(analysed) + 1
    assert incremental.plan(kb.resolve_keys(), kb.document_ids(), fresh).documents == [doc.id]  # keys in memory


def test_incremental_components_link_only_through_an_active_key():
    keys = {"a": {"k": True}, "b": {"k": False}, "c": {"k": False, "j": False}, "d": {"j": False}}
    assert incremental.components(keys) == [["a", "b", "c"], ["d"]]
