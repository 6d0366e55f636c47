"""Resumable builds (issue 15, item 4): ``fontes build`` killed with SIGKILL while analysing, at a random
moment and while resolving, then run again, leaves the database of an uninterrupted build; on a local
process pool and on a Dask LocalCluster, on SQLite and on a real PostgreSQL server (``tests/pg.py``).

A kill point is chosen by watching the database from outside: "analysing" kills the build once a
random number of its documents are stored (and not all of them), "resolving" kills it right after
the last document is stored, when only resolve is left, "random" after a random delay. Only the
driver process is killed (``kill -9 PID``), as an operator or a scheduler would; its workers must go
away by themselves, and the test checks none is left. The corpus is tests/test_crash.py's (the
example corpus with dated sentences of its own per file); every table is compared, normalised,
with an uninterrupted local SQLite build. Randomness is seeded (``FONTES_CRASH_SEED``) and the kill
log is printed, so a failure can be replayed.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import pg
import pytest
import sqlalchemy as sa
from kbfixtures import REPO
from test_crash import SEED, assert_same_tables, finish, make_corpus, snapshot

pytestmark = pytest.mark.slow

DOCUMENTS = 12
KILLS = ("analysing", "random", "resolving")
RUNS = {  # name: (engine options, database kind)
    "local-sqlite": (["--workers", "2"], "sqlite"),
    "dask-sqlite": (["--engine", "dask", "--workers", "2"], "sqlite"),
    "dask-postgresql": (["--engine", "dask", "--workers", "2"], "postgresql"),
}


def start_build(folder: Path, db: str, options: list[str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "fontes", "build", str(folder), "--db", db, "-q", "--no-embed",
                             *options], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def stored_documents(url: str) -> int:
    """Documents stored so far, read from outside the build (0 while the tables do not exist yet)."""
    engine = sa.create_engine(url if "://" in url else f"sqlite:///{url}")
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text("SELECT count(*) FROM documents")).scalar_one()
    except sa.exc.SQLAlchemyError:
        return 0
    finally:
        engine.dispose()


def kill_build(proc: subprocess.Popen) -> None:
    """SIGKILL the driver only, then check that its workers went away by themselves (and reap any that did not)."""
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    deadline = time.monotonic() + 30
    while _group_alive(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.5)
    left = _group_alive(proc.pid)
    if left:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)  # the workers held the pipes open too
    assert not left, "worker processes outlived the killed build by 30 s"


def _group_alive(pgid: int) -> bool:
    out = subprocess.run(["pgrep", "-g", str(pgid)], capture_output=True, text=True).stdout.split()
    return bool(out)


def killed_at(kind: str, proc: subprocess.Popen, db: str, rng: random.Random, total: int) -> str:
    """Wait for the kill point ``kind``, kill; what happened, for the log."""
    if kind == "random":
        delay = rng.uniform(2.0, 30.0)
        try:
            proc.wait(timeout=delay)
            return f"random: finished before {delay:.1f} s"
        except subprocess.TimeoutExpired:
            kill_build(proc)
            return f"random: killed after {delay:.1f} s with {stored_documents(db)} stored"
    before = stored_documents(db)
    goal = total if kind == "resolving" else rng.randint(before + 1, max(before + 1, total - 2))
    while proc.poll() is None and stored_documents(db) < goal:
        time.sleep(0.2)
    if proc.poll() is not None:
        return f"{kind}: finished before the kill point ({goal} stored)"
    kill_build(proc)
    return f"{kind}: killed with {stored_documents(db)} of {total} stored (goal {goal})"


def crash_and_resume(folder: Path, db: str, options: list[str], rng: random.Random, label: str) -> list[str]:
    log = []
    for kind in KILLS:
        log.append(f"{label} {killed_at(kind, start_build(folder, db, options), db, rng, DOCUMENTS)}")
    finish(start_build(folder, db, options))
    return log


@pytest.fixture(scope="module")
def builds(request, tmp_path_factory) -> Iterator[dict[str, Future]]:
    """The uninterrupted local build and each crashed-and-resumed build, side by side."""
    pytest.importorskip("distributed")
    tmp = tmp_path_factory.mktemp("resumable")
    corpus = make_corpus(tmp / "corpus", n=DOCUMENTS, seed=SEED + 15)
    want_pg = pg.available() and any("postgres" in item.name for item in request.session.items)

    def reference() -> dict:
        db = str(tmp / "reference.db")
        finish(start_build(corpus, db, []))
        return snapshot(db)

    def crashed(name: str, url: str, seed: int) -> tuple[list[str], dict]:
        log = crash_and_resume(corpus, url, RUNS[name][0], random.Random(seed), name)
        return log, snapshot(url)

    with ExitStack() as stack:
        url = stack.enter_context(pg.running_postgres()) if want_pg else None
        with ThreadPoolExecutor(len(RUNS) + 1) as pool:
            runs = {"reference": pool.submit(reference)}
            for i, (name, (_, kind)) in enumerate(RUNS.items()):
                if kind == "sqlite":
                    runs[name] = pool.submit(crashed, name, str(tmp / f"{name}.db"), SEED + i)
                elif url:
                    runs[name] = pool.submit(crashed, name, url, SEED + i)
            for future in runs.values():
                future.exception()
        yield runs


def check(builds: dict[str, Future], name: str) -> None:
    log, got = builds[name].result()
    print("\n" + "\n".join(log))
    assert sum("killed" in line for line in log) >= 2, f"fewer than two kills landed inside a build: {log}"
    assert_same_tables(got, builds["reference"].result(), f"{name} (FONTES_CRASH_SEED={SEED}): " + "; ".join(log))


@pytest.mark.parametrize("name", [n for n, (_, kind) in RUNS.items() if kind == "sqlite"])
def test_resumable_build_killed_while_analysing_and_resolving_gives_the_uninterrupted_database(builds, name):
    check(builds, name)


@pytest.mark.postgres
@pytest.mark.skipif(not pg.available(), reason="PostgreSQL server not installed: apt-get install postgresql")
def test_resumable_postgres_dask_build_killed_while_analysing_and_resolving_gives_the_same_database(builds):
    check(builds, "dask-postgresql")
