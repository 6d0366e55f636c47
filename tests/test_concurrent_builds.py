"""Builds side by side against one database (issue 15): two ``fontes build`` processes started at the
same moment on two folders, into one new SQLite file or one new PostgreSQL database (a real server from
Debian's packages, ``tests/pg.py``), as several machines of a cluster would. Both must succeed (before,
the second died creating tables the first had just created), and the database must equal the one that
building the two folders one after the other gives: resolve runs under a lock, so neither resolve misses
what the other stored.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pg
import pytest
import sqlalchemy as sa
from kbfixtures import REPO
from test_crash import assert_same_tables, make_corpus, snapshot

pytestmark = pytest.mark.slow


def build(folders: list[Path], db: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "fontes", "build", *map(str, folders), "--db", db, "-q",
                             "--no-embed"], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def side_by_side_equals_one_after_the_other(tmp_path: Path, together: str, apart: str) -> None:
    first = make_corpus(tmp_path / "first", n=6, seed=1)
    second = make_corpus(tmp_path / "second", n=6, seed=2)
    procs = [build([first], together), build([second], together)]
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, f"a build beside another failed ({proc.returncode}):\n{out}\n{err}"
    for folder in (first, second):
        proc = build([folder], apart)
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
    assert_same_tables(snapshot(together), snapshot(apart), "two builds side by side")


def test_two_builds_side_by_side_on_one_sqlite_file_equal_two_in_a_row(tmp_path):
    side_by_side_equals_one_after_the_other(tmp_path, str(tmp_path / "together.db"), str(tmp_path / "apart.db"))


@pytest.mark.postgres
@pytest.mark.skipif(not pg.available(), reason="PostgreSQL server not installed: apt-get install postgresql")
def test_two_builds_side_by_side_on_one_postgresql_database_equal_two_in_a_row(tmp_path):
    with pg.running_postgres() as url:
        server = url.rsplit("/", 1)[0]
        admin = sa.create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text("CREATE DATABASE apart"))
        admin.dispose()
        side_by_side_equals_one_after_the_other(tmp_path, url, f"{server}/apart")


def test_a_database_inside_the_folder_it_builds_is_not_read_as_a_source(tmp_path):
    """``fontes build FOLDER --db FOLDER/kb.db``: the database, its journal, its lock file and its search
    index beside it are the knowledge base's own files, not sources (each was an error line before)."""
    make_corpus(tmp_path, n=2, seed=3)
    for _ in range(2):  # the second build finds the database, lock and index the first one made
        proc = build([tmp_path], str(tmp_path / "kb.db"))
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        assert "error" not in (out + err).lower(), out + err
    assert (tmp_path / "kb.db.lock").exists()
    assert len(snapshot(str(tmp_path / "kb.db"))["documents"]) == 2
