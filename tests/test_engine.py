"""Engines (issue 15): a real Dask cluster of two worker processes on loopback builds the same database as a
local build, the build streams documents through a bounded window, and copies in flight are analysed once.

The corpus is the example corpus plus a few hundred documents of real public text (WikiWars sentences
under ../shared/data, read at test time by bench/bench_scale.py's generator). The Dask build attaches to
a LocalCluster started here (``--scheduler tcp://127.0.0.1:PORT``), as a user attaches to their cluster.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from kbfixtures import REPO, SEEDS
from test_crash import assert_same_tables, snapshot

from fontes import engine as engines
from fontes.build import build
from fontes.settings import DEFAULTS
from fontes.store import KnowledgeBase

sys.path.insert(0, str(REPO / "bench"))
from bench_scale import SHARED, make_documents  # noqa: E402

GENERATED = int(os.environ.get("FONTES_ENGINE_DOCS", "200"))


def run_build(folder: Path, db: str, *args: str) -> str:
    proc = subprocess.run([sys.executable, "-m", "fontes", "build", str(folder), "--db", db, "-q", "--no-embed", *args],
                          cwd=REPO, capture_output=True, text=True, timeout=3000)
    assert proc.returncode == 0, f"build {args} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "wikiwars").is_dir(), reason="WikiWars text not under ../shared/data")
def test_engine_dask_cluster_of_two_workers_builds_the_same_database_as_a_local_build(tmp_path):
    distributed = pytest.importorskip("distributed")
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus / "seeds")
    make_documents(corpus / "generated", GENERATED)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        with ThreadPoolExecutor(2) as pool:
            local = pool.submit(run_build, corpus, str(tmp_path / "local.db"))
            dask = pool.submit(run_build, corpus, str(tmp_path / "dask.db"), "--engine", "dask",
                               "--scheduler", cluster.scheduler_address)
            outputs = local.result(), dask.result()
        with distributed.Client(cluster) as client:  # the work really went to the cluster's two workers
            assert len(client.scheduler_info()["workers"]) == 2
    files = GENERATED + len(list(SEEDS.iterdir()))
    assert all(f"{files} file(s): {files} analysed" in out for out in outputs), outputs
    assert_same_tables(snapshot(str(tmp_path / "dask.db")), snapshot(str(tmp_path / "local.db")), "dask")


def test_engine_window_keeps_at_most_window_items_in_flight():
    read, done, most = [0], [0], [0]

    def items():
        for i in range(50):
            read[0] += 1
            most[0] = max(most[0], read[0] - done[0])
            yield i

    def result(x: int) -> int:
        done[0] += 1
        return x * x

    out = list(engines._windowed(lambda x: x, result, items(), window=4))
    assert out == [i * i for i in range(50)]
    assert most[0] <= 4


@pytest.mark.parametrize("workers,window", [(1, 2), (2, 4), (8, 16), (64, 64), (500, 64)])
def test_engine_window_is_two_per_worker_within_bounds(workers, window):
    assert engines.window_for(workers) == window


def test_engine_errors_say_what_to_do():
    with pytest.raises(engines.EngineError, match="needs --engine dask"):
        engines.open_engine("local", scheduler="tcp://127.0.0.1:8786")
    with pytest.raises(engines.EngineError, match="no such engine"):
        engines.open_engine("spark")


@pytest.mark.slow
def test_engine_copy_still_in_flight_takes_its_originals_analysis(tmp_path, monkeypatch):
    """A copy read while its original is still being analysed waits for it and takes its analysis."""
    from fontes import pipeline

    analysed = []
    real = pipeline.analyse
    monkeypatch.setattr(pipeline, "analyse", lambda doc, settings: analysed.append(doc.path) or real(doc, settings))
    texts = sorted(SEEDS.glob("*.txt"))
    for folder in ("a", "b"):
        for src in texts[:2]:
            text = src.read_text("utf-8")
            # b/ holds the same texts saved with Windows line endings: other bytes, the same text
            (tmp_path / "corpus" / folder).mkdir(parents=True, exist_ok=True)
            (tmp_path / "corpus" / folder / src.name).write_bytes(
                (text if folder == "a" else text.replace("\n", "\r\n")).encode())
    dbs = {}
    for workers in (1, 2):
        db = str(tmp_path / f"w{workers}.db")
        with KnowledgeBase.open(db) as kb:
            report = build([tmp_path / "corpus"], kb, DEFAULTS, engine=engines.LocalEngine(workers))
            assert len(report.analysed) == 4 and not report.errors, report.summary()
            by_path = {Path(d.path).parent.name + "/" + d.name: d for d in kb.analysed_documents()}
        for src in texts[:2]:
            original, copy = by_path[f"a/{src.name}"], by_path[f"b/{src.name}"]
            assert original.id != copy.id
            assert [(m.start, m.end, m.text) for m in copy.mentions] == [
                (m.start, m.end, m.text) for m in original.mentions]
        dbs[workers] = snapshot(db)
    assert [Path(p).parent.name for p in analysed] == ["a", "a"]  # in this process (one worker): copies not analysed
    assert_same_tables(dbs[2], dbs[1], "two workers")
