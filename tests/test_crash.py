"""Crash test (issue 11, item 7): a real ``fontes build`` killed with SIGKILL at random points, then
run again to completion, leaves the same database as a build that was never interrupted.

The corpus is ~40 documents made from the example corpus with varied text (each gets dated
sentences of its own, so every file has its own hash, events and entities). On SQLite and on a real
PostgreSQL server on loopback (``tests/pg.py``), a build is killed after a random delay, started
again and killed again, then run to the end; every table of the store is compared, normalised, with
the tables of an uninterrupted SQLite build. The three builds run side by side (threads driving
subprocesses), so the module takes about as long as the slowest of them. The randomness is seeded
(``FONTES_CRASH_SEED``, default 11) and the kill delays are printed, so a failure can be replayed.
"""

from __future__ import annotations

import json
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
from kbfixtures import REPO, SEEDS

from fontes.store import KnowledgeBase, metadata

pytestmark = pytest.mark.slow

SEED = int(os.environ.get("FONTES_CRASH_SEED", "11"))
DOCUMENTS = 40
KILLS = 2  # kills per crashed build, each after a random delay, before the run that completes it
NAMES = ["Krylenko", "Dukhonin", "Trotsky", "Kamenev", "Joffe", "Karakhan", "Bonch-Bruevich", "Sverdlov"]
PLACES = ["Petrograd", "Moscow", "Brest-Litovsk", "Mogilev", "Kiev", "Pskov"]
MONTHS = ["January", "February", "March", "November", "December"]
VERBS = ["ordered", "telegraphed", "appointed", "dismissed", "met", "arrested"]


def make_corpus(folder: Path, n: int = DOCUMENTS, seed: int = SEED) -> Path:
    """n documents from the example corpus, each with one to three dated sentences of its own inserted."""
    rng = random.Random(seed)
    seeds = sorted(Path(SEEDS).glob("*.txt"))
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        paragraphs = seeds[i % len(seeds)].read_text("utf-8").split("\n\n")
        extra = [f"On {rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.choice([1917, 1918])}, {rng.choice(NAMES)} "
                 f"{rng.choice(VERBS)} {rng.choice(NAMES)} at {rng.choice(PLACES)}." for _ in range(rng.randint(1, 3))]
        cut = rng.randint(len(paragraphs) // 2, len(paragraphs))
        (folder / f"doc{i:02d}.txt").write_text("\n\n".join(paragraphs[:cut] + extra + paragraphs[cut:]), "utf-8")
    return folder


def start_build(folder: Path, db: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "fontes", "build", str(folder), "--db", db, "-q", "--no-embed"],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen, timeout: float = 600) -> None:
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, f"build failed ({proc.returncode}):\n{out}\n{err}"


def _normal(value: object) -> object:
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return value


def snapshot(db: str) -> dict[str, list[tuple]]:
    """Every table of the store as a sorted list of rows, JSON and floats normalised."""
    with KnowledgeBase.open(db) as kb, kb.engine.connect() as conn:
        return {table.name: sorted((tuple(_normal(v) for v in row) for row in conn.execute(sa.select(table))),
                                   key=repr)
                for table in metadata.sorted_tables}


def assert_same_tables(got: dict[str, list[tuple]], want: dict[str, list[tuple]], label: str) -> None:
    assert want["documents"] and want["events"] and want["entities"], "the reference build is empty"
    for name, rows in want.items():
        if got[name] != rows:
            missing = [r for r in rows if r not in got[name]][:3]
            extra = [r for r in got[name] if r not in rows][:3]
            pytest.fail(f"{label}: table {name} differs from the uninterrupted build "
                        f"({len(got[name])} rows, want {len(rows)})\nmissing: {missing!r:.1500}\nextra: {extra!r:.1500}")


def crash_and_resume(folder: Path, db: str, rng: random.Random, kills: int, label: str) -> list[str]:
    """Kill ``fontes build`` ``kills`` times after random delays, then build to completion; the kill log."""
    log = []
    for k in range(kills):
        # a 40-document build takes 12 s or more (start-up about 3 s): the first kill lands inside it,
        # the second inside the resumed build or after it has finished
        delay = rng.uniform(3.0, 10.0) if k == 0 else rng.uniform(2.0, 8.0)
        proc = start_build(folder, db)
        try:
            proc.wait(timeout=delay)
            log.append(f"{label} run {k}: finished before the kill at {delay:.1f} s (rc {proc.returncode})")
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
            log.append(f"{label} run {k}: killed after {delay:.1f} s")
        proc.communicate()
    finish(start_build(folder, db))
    return log


def _run(folder: Path, db: str, seed: int | None, label: str) -> tuple[list[str], dict[str, list[tuple]], float]:
    started = time.monotonic()
    if seed is None:
        finish(start_build(folder, db))
        log = [f"{label}: uninterrupted"]
    else:
        log = crash_and_resume(folder, db, random.Random(seed), kills=KILLS, label=label)
    return log, snapshot(db), time.monotonic() - started


@pytest.fixture(scope="module")
def builds(request, tmp_path_factory) -> Iterator[dict[str, Future]]:
    """The uninterrupted build, the crashed SQLite build and the crashed PostgreSQL build, side by side."""
    tmp = tmp_path_factory.mktemp("crash")
    corpus = make_corpus(tmp / "corpus")
    want_pg = pg.available() and any("postgres" in item.name for item in request.session.items)
    with ExitStack() as stack:
        url = stack.enter_context(pg.running_postgres()) if want_pg else None
        with ThreadPoolExecutor(3) as pool:
            runs = {"reference": pool.submit(_run, corpus, str(tmp / "reference.db"), None, "reference"),
                    "sqlite": pool.submit(_run, corpus, str(tmp / "crashed.db"), SEED, "sqlite")}
            if url:
                runs["postgresql"] = pool.submit(_run, corpus, url, SEED + 1, "postgresql")
            for future in runs.values():  # the PostgreSQL server stays up until every run has read its tables
                future.exception()
        yield runs


def check_run(builds: dict[str, Future], name: str) -> None:
    log, got, seconds = builds[name].result()
    print("\n".join(log) + f"\n{name}: {seconds:.0f} s")
    assert any("killed" in line for line in log), f"no kill landed inside a build: {log}"
    assert_same_tables(got, builds["reference"].result()[1], f"{name} (FONTES_CRASH_SEED={SEED}): " + "; ".join(log))


def test_crash_sqlite_build_killed_at_random_points_resumes_to_the_same_database(builds):
    check_run(builds, "sqlite")


@pytest.mark.postgres
@pytest.mark.skipif(not pg.available(), reason="PostgreSQL server not installed: apt-get install postgresql")
def test_crash_postgres_build_killed_at_random_points_resumes_to_the_same_database(builds):
    check_run(builds, "postgresql")
