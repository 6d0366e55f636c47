"""Store on PostgreSQL: migrations, the example corpus built by the CLI, reads, chronology in both calendars, idempotent builds."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pg
import pytest
import sqlalchemy as sa
from kbfixtures import REPO, SEEDS

from fontes.ingest import iter_sources, read_document
from fontes.store import KnowledgeBase, alembic_config, bound, metadata

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not pg.available(), reason="PostgreSQL server not installed: apt-get install postgresql"),
]


def build(db: str) -> str:
    """Run ``fontes build`` on the example corpus into db, as a user would."""
    done = subprocess.run([sys.executable, "-m", "fontes", "build", str(SEEDS), "--db", db, "-q"], cwd=REPO,
                          capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with pg.running_postgres() as url:
        build(url)
        yield url


@pytest.fixture(scope="module")
def kb(url) -> Iterator[KnowledgeBase]:
    with KnowledgeBase.open(url) as kb:
        assert kb.engine.dialect.name == "postgresql"
        yield kb


@pytest.fixture(scope="module")
def sqlite_copy(kb, tmp_path_factory) -> Iterator[KnowledgeBase]:
    """The same analyses and corpus saved to SQLite, to compare the two dialects row for row."""
    with KnowledgeBase.open(tmp_path_factory.mktemp("pg") / "copy.db") as copy:
        copy.save_analyses(kb.analysed_documents())
        copy.save(kb.corpus())
        yield copy


def test_store_postgres_migrates_to_head(kb):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with kb.engine.connect() as conn:
        context = MigrationContext.configure(conn)
        assert context.get_current_revision() == head
        assert set(metadata.tables) <= set(sa.inspect(conn).get_table_names())
        # The migrations build exactly the schema the code declares (tables of other modules aside).
        ours = [d for d in compare_metadata(context, metadata)
                if not (d[0] == "remove_table" and d[1].name not in metadata.tables)
                and not (d[0] == "remove_index" and d[1].table.name not in metadata.tables)]
        assert ours == []


def test_store_postgres_reads_back_the_built_corpus(kb):
    sources = {read_document(p).id: read_document(p) for p in iter_sources([SEEDS])}
    docs = kb.documents()
    assert {d.id for d in docs} == set(sources)
    for doc in docs:
        assert doc.text == sources[doc.id].text  # text with non-ASCII characters survives the round trip
        assert doc.zones and doc.citation.csl
        for m in doc.mentions:
            assert doc.text[m.start:m.end] == m.text
        for e in doc.events:
            assert doc.text[e.start:e.end] == e.evidence
    entities = kb.entities()
    assert entities and all(kb.entity(e.id).name == e.name for e in entities[:10])
    assert kb.events() and kb.corpus_events()


# The incremental resolver's bookkeeping (keys of each document, the last resolve's settings) is written
# by a build, not by saving analyses and a corpus as the copy below does.
RESOLVER_TABLES = {"resolve_keys", "resolve_state"}


def test_store_postgres_matches_sqlite_row_for_row(kb, sqlite_copy):
    on_pg, on_sqlite = kb.dump(), sqlite_copy.dump()
    assert on_pg["resolve_keys"], "a build on PostgreSQL stores the documents' resolve keys"
    assert {t: rows for t, rows in on_pg.items() if t not in RESOLVER_TABLES} == {
        t: rows for t, rows in on_sqlite.items() if t not in RESOLVER_TABLES}


def _dual_dated(kb: KnowledgeBase):
    """Chronology rows dated to one day whose Old Style day differs (a calendar shift to query across)."""
    return [r for r in kb.chronology() if r.gregorian_start == r.gregorian_end and r.julian_start == r.julian_end
            and r.julian_start != r.gregorian_start]


def test_store_postgres_chronology_in_both_calendars(kb, sqlite_copy):
    rows = _dual_dated(kb)
    assert rows, "the example corpus has events dated in both calendars"
    for row in rows:
        by_julian = kb.chronology(date_from=row.julian_start, date_to=row.julian_end, calendar="julian")
        by_gregorian = kb.chronology(date_from=row.gregorian_start, date_to=row.gregorian_end)
        assert row.id in {r.id for r in by_julian} and row.id in {r.id for r in by_gregorian}
        # The Old Style day read as New Style is another day: this event is not on it.
        wrong = kb.chronology(date_from=row.julian_start, date_to=row.julian_end, calendar="gregorian")
        assert row.id not in {r.id for r in wrong}
    for calendar in ("gregorian", "julian"):
        for lo, hi in (("1917-11", "1917-11"), ("1917-11-07", "1917-11-09"), ("1917", "1918")):
            on_pg = kb.chronology(date_from=lo, date_to=hi, calendar=calendar)
            assert [r.id for r in on_pg] == [r.id for r in sqlite_copy.chronology(date_from=lo, date_to=hi,
                                                                                  calendar=calendar)]
            for r in on_pg:
                start, end = (r.gregorian_start, r.gregorian_end) if calendar == "gregorian" else (
                    r.julian_start, r.julian_end)
                assert start <= bound(hi, upper=True) and end >= bound(lo, upper=False), (calendar, lo, hi, r.id)


def test_store_postgres_filters_by_entity_and_type(kb):
    person = next(e for e in kb.entities() if e.type == "PER" and kb.chronology(entity=e.id))
    for row in kb.chronology(entity=person.name):
        assert person.id in (*row.actors, *row.targets, row.place)
    types = {r.type for r in kb.chronology()}
    for t in sorted(types)[:3]:
        assert {r.type for r in kb.chronology(types=[t.lower()])} == {t}


def test_store_postgres_build_twice_changes_nothing(url, kb):
    before = kb.dump()
    report = build(url)
    assert "0 analysed" in report
    after = kb.dump()
    changed = {t: [r for r in after[t] if r not in before[t]][:3] for t in before if after[t] != before[t]}
    assert not changed, changed
