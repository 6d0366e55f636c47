"""Removed sources (issue 11, item 3): fontes remove, build --prune and DELETE /api/documents/{id} leave the
database a build without those documents would give, on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pg
import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result
from fastapi.testclient import TestClient
from kbfixtures import SEEDS

from fontes.api import create_app
from fontes.build import remove, resolve_stored
from fontes.cli import cli
from fontes.store import KnowledgeBase

REMOVED = "002_0d7dc69e49c0d186.txt"  # the wireless-message page: two of the three conflicts need it
SEARCH_TABLES = ("search_sentence", "search_entity", "search_event", "search_embedding")


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def five(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five example documents built (with embeddings) into a database."""
    tmp = tmp_path_factory.mktemp("five")
    shutil.copytree(SEEDS, tmp / "seeds")
    db = tmp / "five.db"
    result = run("build", str(tmp / "seeds"), "--db", str(db), "-q")
    assert result.exit_code == 0, result.stderr
    return db


@pytest.fixture(scope="module")
def four(five: Path) -> Path:
    """The other four built from the same files into a fresh database: what removal must give."""
    db = five.with_name("four.db")
    others = sorted(str(p) for p in (five.parent / "seeds").iterdir() if p.name != REMOVED)
    result = run("build", *others, "--db", str(db), "-q")
    assert result.exit_code == 0, result.stderr
    return db


def _copy(db: Path, tmp_path: Path) -> Path:
    target = tmp_path / db.name
    shutil.copy(db, target)
    return target


def _search_rows(kb: KnowledgeBase) -> dict[str, int]:
    with kb.engine.connect() as conn:
        return {t: conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar_one() for t in SEARCH_TABLES}


def _mentions_of_doc(kb: KnowledgeBase, doc_id: str) -> list[str]:
    """Tables that still hold a row naming doc_id."""
    found = []
    with kb.engine.connect() as conn:
        for table in sa.inspect(conn).get_table_names():
            columns = [c["name"] for c in sa.inspect(conn).get_columns(table)]
            if "doc_id" in columns and conn.execute(sa.text(f"SELECT count(*) FROM {table} WHERE doc_id = :d"),
                                                    {"d": doc_id}).scalar_one():
                found.append(table)
    return found


def assert_same_corpus(kb: KnowledgeBase, expected: KnowledgeBase) -> None:
    assert kb.dump() == expected.dump()  # every row of every table: documents, entities, events, conflicts...
    assert [c.about for c in kb.conflicts()] == [c.about for c in expected.conflicts()]
    assert {e.id for e in kb.entities()} == {e.id for e in expected.entities()}


def test_remove_gives_the_database_of_a_build_without_the_document(five, four, tmp_path):
    db = _copy(five, tmp_path)
    with KnowledgeBase.open(db) as kb:
        doc_id = kb.document(REMOVED).id
        before = kb.counts()
    result = run("remove", REMOVED, "--db", str(db))
    assert result.exit_code == 0, result.stderr
    assert f"removed {REMOVED}" in result.output
    with KnowledgeBase.open(db) as kb, KnowledgeBase.open(four) as expected:
        assert_same_corpus(kb, expected)
        assert _search_rows(kb) == _search_rows(expected)  # index rows and embeddings of the others only
        assert _mentions_of_doc(kb, doc_id) == []
        assert kb.counts()["conflicts"] < before["conflicts"] and kb.counts()["entities"] < before["entities"]
        hits = kb.engine.connect().execute(sa.text(
            "SELECT count(*) FROM search_fts JOIN search_sentence s ON s.id = search_fts.rowid "
            "WHERE search_fts MATCH 'wireless'")).scalar_one()
        assert hits == 0


def test_remove_refuses_an_unknown_document_and_changes_nothing(five, tmp_path):
    db = _copy(five, tmp_path)
    with KnowledgeBase.open(db) as kb:
        before = kb.dump()
    result = CliRunner().invoke(cli, ["remove", REMOVED, "nothing-like-this.txt", "--db", str(db)])
    assert result.exit_code == 1 and "nothing-like-this.txt: no such document" in result.stderr
    with KnowledgeBase.open(db) as kb:
        assert kb.dump() == before


def test_remove_through_the_api_needs_the_token_and_matches_the_build(five, four, tmp_path):
    db = _copy(five, tmp_path)
    with KnowledgeBase.open(db) as kb:
        doc_id = kb.document(REMOVED).id
    client = TestClient(create_app(db, token="s3cret", upload_dir=tmp_path / "up"), raise_server_exceptions=False)
    assert client.delete(f"/api/documents/{doc_id}").status_code == 401
    assert client.delete(f"/api/documents/{doc_id}", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert client.delete("/api/documents/0000000000", headers={"Authorization": "Bearer s3cret"}).status_code == 404
    response = client.delete(f"/api/documents/{doc_id}", headers={"Authorization": "Bearer s3cret"})
    assert response.status_code == 200, response.text
    assert response.json()["removed"] == [{"id": doc_id, "name": REMOVED}]
    assert client.get(f"/api/documents/{doc_id}").status_code == 404
    assert client.get("/api/search?q=wireless").json()["total"] == 0
    assert len(client.get("/api/conflicts").json()) == response.json()["conflicts"] == 1
    with KnowledgeBase.open(db) as kb, KnowledgeBase.open(four) as expected:
        assert_same_corpus(kb, expected)
    read_only = TestClient(create_app(db), raise_server_exceptions=False)
    assert read_only.delete(f"/api/documents/{doc_id}").status_code in (404, 405)


def test_remove_the_last_document_leaves_an_empty_knowledge_base(five, tmp_path):
    db = _copy(five, tmp_path)
    with KnowledgeBase.open(db) as kb:
        remove([d["id"] for d in kb.document_rows()], kb)
        counts = kb.counts()
        assert _search_rows(kb)["search_embedding"] == 0
    assert all(n == 0 for n in counts.values()), counts


def test_build_reports_gone_files_and_prunes_them(five, four, tmp_path):
    folder = five.parent / "seeds"  # the folder five.db was built from; the file is put back afterwards
    db = _copy(five, tmp_path)
    shutil.move(folder / REMOVED, tmp_path / REMOVED)
    try:
        kept = run("build", str(folder), "--db", str(db), "-q", "--no-embed")
        assert kept.exit_code == 0
        assert f"gone: {folder / REMOVED} was built before" in kept.stderr and "--prune" in kept.stderr
        assert "1 gone" in kept.output
        with KnowledgeBase.open(db) as kb:
            assert kb.document(REMOVED) is not None  # reported, not removed without --prune
        pruned = run("build", str(folder), "--db", str(db), "-q", "--prune")
        assert pruned.exit_code == 0 and f"pruned: {folder / REMOVED}" in pruned.stderr
        assert "gone" not in run("build", str(folder), "--db", str(db), "-q", "--no-embed").stderr
    finally:
        shutil.move(tmp_path / REMOVED, folder / REMOVED)
    with KnowledgeBase.open(db) as kb, KnowledgeBase.open(four) as expected:
        assert_same_corpus(kb, expected)
        assert _search_rows(kb) == _search_rows(expected)


def test_build_does_not_call_a_renamed_file_gone(tmp_path):
    folder = tmp_path / "letters"
    folder.mkdir()
    shutil.copy(SEEDS / REMOVED, folder / "a.txt")
    db = tmp_path / "kb.db"
    assert run("build", str(folder), "--db", str(db), "-q", "--no-embed").exit_code == 0
    (folder / "a.txt").rename(folder / "b.txt")
    again = run("build", str(folder), "--db", str(db), "-q", "--no-embed", "--prune")
    assert again.exit_code == 0 and "gone" not in again.stderr and "pruned" not in again.stderr
    with KnowledgeBase.open(db) as kb:
        assert len(kb.document_ids()) == 1


# ------------------------------------------------------------------ PostgreSQL


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    if not pg.available():
        pytest.skip("PostgreSQL server not installed: apt-get install postgresql")
    with pg.running_postgres() as url:
        yield url


@pytest.mark.postgres
def test_remove_on_postgresql_matches_the_build_without_the_document(five, four, pg_url):
    with KnowledgeBase.open(five) as source, KnowledgeBase.open(pg_url) as kb:
        kb.save_analyses(source.analysed_documents())  # the five documents as the build analysed them
        resolve_stored(kb)
        assert kb.counts()["conflicts"] == source.counts()["conflicts"]
        report = remove([REMOVED], kb)
        assert [r["name"] for r in report.removed] == [REMOVED]
        with KnowledgeBase.open(four) as expected:
            assert_same_corpus(kb, expected)
