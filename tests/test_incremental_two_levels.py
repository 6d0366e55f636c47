"""Incremental resolve in two levels (issue 15, item 3): entities linked again over light rows of every
document, then events, conflicts and chains resolved over the components their own keys make. The
result is the full resolve's, row for row, in any insertion order; and a name held by most documents
no longer makes an added document load most of the corpus."""

from __future__ import annotations

import copy
import random
from pathlib import Path

import pytest
from test_incremental import _add_one_at_a_time, _full, analysed_documents, assert_removals_equal_a_full_resolve

from fontes import build, incremental
from fontes.build import RemoveReport, _resolve_into, analyse_file
from fontes.model import Document
from fontes.settings import DEFAULTS
from fontes.store import KnowledgeBase


@pytest.fixture(scope="module")
def analysed() -> list[Document]:
    return analysed_documents()


@pytest.fixture
def two_levels(monkeypatch) -> list[int]:
    """Every incremental resolve tries the two levels; counts those that were done in two levels."""
    done: list[int] = []
    real = build._resolve_two_levels

    def counted(*args, **kwargs):
        corpus = real(*args, **kwargs)
        if corpus is not None:
            done.append(len(corpus.documents))
        return corpus

    monkeypatch.setattr(build, "TWO_LEVEL_SHARE", -1.0)
    monkeypatch.setattr(build, "_resolve_two_levels", counted)
    return done


@pytest.mark.parametrize("seed", [3, 4])
def test_two_levels_added_in_random_order_equal_a_full_resolve(analysed, two_levels, tmp_path, seed):
    order = list(analysed)
    random.Random(seed).shuffle(order)
    expected = _full(analysed, tmp_path / "full.db").dump()
    got = _add_one_at_a_time(order, tmp_path / "inc.db").dump()
    assert [t for t in expected if got[t] != expected[t]] == []
    assert len(two_levels) >= len(analysed) // 2  # the two levels were used, not the whole resolve


def test_two_levels_removals_equal_a_full_resolve_of_the_rest(analysed, two_levels, tmp_path):
    assert_removals_equal_a_full_resolve(analysed, tmp_path, seed=6, count=3)


# --- a name held by most documents ------------------------------------------------------------

YEARS = [1861, 1867, 1875, 1883, 1890, 1898, 1904, 1912, 1919, 1926]
PARTIES = ["Peru", "Chile", "Denmark", "Japan", "Siam", "Persia", "Norway", "Greece", "Egypt", "Brazil"]


def _write(folder: Path, n: int, year: int, party: str) -> Path:
    path = folder / f"report{n:02d}.txt"
    path.write_text(
        f"Washington, May 4, {year}.\n\n"
        f"The United States signed a commercial treaty with {party} on May 3, {year}. "
        f"The Senate of the United States ratified it in June.\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def shared_name(tmp_path_factory) -> list[Document]:
    """Reports of treaties years apart, every one naming the United States."""
    folder = tmp_path_factory.mktemp("shared")
    return [analyse_file(_write(folder, n, year, party)) for n, (year, party) in enumerate(zip(YEARS, PARTIES))]


def test_two_levels_a_name_held_by_every_document_loads_few(shared_name, tmp_path, monkeypatch):
    ids = {d.id for d in shared_name}
    keys = {d.id: incremental.document_keys(d) for d in shared_name}
    assert len(incremental.components(keys)) == 1  # the shared name joins them all
    base, added = shared_name[:-1], shared_name[-1]
    kb = _full(base, tmp_path / "inc.db")
    loaded: list[str] = []
    real = KnowledgeBase.analysed_documents_of

    def recorded(self, which):
        which = list(which)
        loaded.extend(which)
        return real(self, which)

    monkeypatch.setattr(KnowledgeBase, "analysed_documents_of", recorded)
    kb.save_analyses([copy.deepcopy(added)])
    _resolve_into(RemoveReport(), kb, DEFAULTS)
    monkeypatch.undo()
    assert set(loaded) <= ids and len(set(loaded)) <= 2  # the added report (and at most one more), not the corpus
    expected = _full(shared_name, tmp_path / "full.db").dump()
    got = kb.dump()
    assert [t for t in expected if got[t] != expected[t]] == []
    assert any(len(e.doc_ids) == len(shared_name) for e in kb.entities())  # the name is in every document


def test_two_levels_event_keys_leave_entity_names_out():
    assert not incremental.links_events("name:LOC:uni") and not incremental.links_events("slug:united-states")
    assert incremental.links_events("event:TREATY:1234") and incremental.links_events("text:abc")
    keys = {"a": {"name:x": True, "event:T:1": True}, "b": {"name:x": True}, "c": {"event:T:1": False}}
    plan = incremental.plan(keys, ["a", "b", "c", "d"], [], seeds=["a"], links=incremental.links_events,
                            fresh_keys={"d": {"name:x": True}})
    assert plan.documents == ["a", "c", "d"]  # b shares only the name with a and d


def test_two_levels_a_role_without_holder_keeps_its_id_when_documents_are_added(tmp_path):
    """"The President" with no holder is an entity of its own; an added document (wherever its id sorts)
    renames no other document's such entity, so the other documents need not be resolved again."""
    from fontes import resolve

    texts = [f"Boston, June {d}, 18{y}.\n\nThe President received the delegates from {p} on June {d - 1}, 18{y}.\n"
             for d, y, p in ((4, 42, "Maine"), (9, 57, "Ohio"), (15, 73, "Iowa"))]
    docs = []
    for n, text in enumerate(texts):
        path = tmp_path / f"letter{n}.txt"
        path.write_text(text, encoding="utf-8")
        docs.append(analyse_file(path))

    def role_ids(some: list[Document]) -> dict[str, set[str]]:
        corpus = resolve.resolve(copy.deepcopy(some))
        return {e.doc_ids[0]: e.id for e in corpus.entities if e.id.startswith("role--")}

    together = role_ids(docs)
    assert len(set(together.values())) == len(together) == len(docs)  # one each, no two alike
    for doc in docs:  # numbered in the order of all clusters, all but one would change
        assert role_ids([doc]) == {doc.id: together[doc.id]}
