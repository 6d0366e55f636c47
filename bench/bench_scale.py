"""Scale benchmark (issue 15): real builds of generated documents, local and on Dask, SQLite and PostgreSQL.

Documents are made of real public text read at run time: sentences of the WikiWars articles
(and TempEval-3 when present) under ../shared/data, ~100-150 words each, seeded. Each
configuration runs ``fontes build`` end to end in a subprocess (read, analyse, save, resolve,
no embeddings) and is measured from outside: wall time, documents/s, words/s/core, the peak
RSS of the driver and of each worker process (sampled), the database size per page; then
100 more documents are added to the built database and timed. The table is printed once at
the end.

    python bench/bench_scale.py                      # 1k documents, every configuration
    python bench/bench_scale.py --sizes 1000,10000 --configs local-1,dask-2
    python bench/bench_scale.py --sizes 1000,10000 --configs local-1 --words 10,20   # memory vs count

Configurations are ``ENGINE-WORKERS[-pg]``: local-1, dask-1, dask-2, local-1-pg, dask-2-pg...
PostgreSQL runs are skipped when the server is not installed (tests/pg.py starts one on loopback).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FONTES_SHARED", REPO.parent / "shared")) / "data"
DEFAULT_CONFIGS = "local-1,dask-1,dask-2,local-1-pg,dask-2-pg"
ADDED = 100  # documents added to a built database, the incremental case


def real_sentences(shared: Path = SHARED) -> list[str]:
    """Sentences of the WikiWars articles (and TempEval-3 documents when present), tags removed."""
    files = sorted((shared / "wikiwars").rglob("*.sgm")) + sorted((shared / "tempeval3").rglob("*.tml"))[:200]
    out: list[str] = []
    for path in files:
        raw = path.read_text("utf-8", errors="replace")
        body = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
        text = re.sub(r"<[^>]+>", " ", body.group(1) if body else raw)
        for sentence in re.split(r"(?<=[.!?])\s+", " ".join(text.split())):
            if 40 <= len(sentence) <= 400 and sentence[0].isupper():
                out.append(sentence)
    if not out:
        raise SystemExit(f"no WikiWars/TempEval text under {shared}; set FONTES_SHARED to the shared folder")
    return out


def make_documents(folder: Path, n: int, *, seed: int = 15, words: tuple[int, int] = (100, 150),
                   start: int = 0, sentences: list[str] | None = None) -> int:
    """Write n documents doc{start..}.txt of random real sentences, ~100-150 words each; returns the words."""
    pool = sentences or real_sentences()
    rng = random.Random(seed * 1_000_003 + start)
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(start, start + n):
        target, chosen, count = rng.randint(*words), [], 0
        while count < target:
            sentence = rng.choice(pool)
            chosen.append(sentence)
            count += len(sentence.split())
        paragraphs = [" ".join(chosen[j:j + 3]) for j in range(0, len(chosen), 3)]
        (folder / f"doc{i:06d}.txt").write_text("\n\n".join(paragraphs) + "\n", "utf-8")
        total += count
    return total


@dataclass
class Run:
    """One measured build: a configuration at a size."""

    config: str
    documents: int
    words: int
    seconds: float
    workers: int
    driver_mb: float
    worker_mb: float
    db_bytes: int
    add_seconds: float
    summary: str


def measure(cmd: list[str], interval: float = 0.25) -> tuple[float, float, float, str]:
    """Run cmd; wall seconds, peak RSS (MB) of the driver and of the largest worker process, last output line."""
    import psutil

    started = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    root = psutil.Process(proc.pid)
    driver = worker = 0.0
    while proc.poll() is None:
        try:
            driver = max(driver, root.memory_info().rss / 2**20)
            for child in root.children(recursive=True):
                if "resource_tracker" not in " ".join(child.cmdline()):
                    worker = max(worker, child.memory_info().rss / 2**20)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            pass
        time.sleep(interval)
    out, err = proc.communicate()
    seconds = time.monotonic() - started
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{out}\n{err[-3000:]}")
    return seconds, driver, worker, (out.strip().splitlines() or [""])[-1]


def db_size(db: str) -> int:
    if "://" not in db:
        return Path(db).stat().st_size + sum(p.stat().st_size for p in Path(db).parent.glob(Path(db).name + "-*"))
    import sqlalchemy as sa

    engine = sa.create_engine(db)
    with engine.connect() as conn:
        size = conn.execute(sa.text("SELECT pg_database_size(current_database())")).scalar_one()
    engine.dispose()
    return int(size)


def run_config(config: str, folder: Path, added: Path, words: int, n: int, db: str) -> Run:
    engine, workers, *rest = config.split("-")
    options = ["--engine", engine, "--workers", workers]
    fontes = [sys.executable, "-m", "fontes", "build", "-q", "--no-embed", "--db", db, *options]
    seconds, driver, worker, summary = measure([*fontes, str(folder)])
    size = db_size(db)
    add_seconds = measure([*fontes, str(added)])[0]
    return Run(config, n, words, seconds, int(workers), driver, worker, size, add_seconds, summary)


def table(runs: list[Run], cores: int) -> str:
    """The measured runs as a Markdown table, with scaling efficiency 1 -> 2 workers per engine and database."""
    by = {(r.config, r.documents): r for r in runs}
    lines = ["| configuration | documents | seconds | documents/s | words/s/core | efficiency 1→2 | peak RSS driver MB "
             "| peak RSS per worker MB | DB bytes/page | add 100 documents s |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in runs:
        used = min(r.workers, cores)
        one = by.get((r.config.replace(f"-{r.workers}", "-1", 1), r.documents))
        eff = f"{one.seconds / r.seconds / r.workers:.2f}" if one and r.workers > 1 else ""
        lines.append(f"| {r.config} | {r.documents:,} | {r.seconds:,.0f} | {r.documents / r.seconds:.1f} | "
                     f"{r.words / r.seconds / used:,.0f} | {eff} | {r.driver_mb:,.0f} | "
                     f"{f'{r.worker_mb:,.0f}' if r.worker_mb else '(in the driver)'} | "
                     f"{r.db_bytes / r.documents:,.0f} | {r.add_seconds:,.1f} |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000", help="comma-separated document counts (default 1000)")
    ap.add_argument("--configs", default=DEFAULT_CONFIGS, help=f"comma-separated (default {DEFAULT_CONFIGS})")
    ap.add_argument("--words", default="100,150", help="words per document, min,max (default 100,150)")
    ap.add_argument("--tmp", default=None, help="working folder (default: a fresh temporary one)")
    args = ap.parse_args()
    sys.path.insert(0, str(REPO / "tests"))
    import pg

    cores = os.cpu_count() or 1
    low, high = (int(w) for w in args.words.split(","))
    sentences = real_sentences()
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="fontes-scale-", dir=args.tmp) as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            folder, added = Path(tmp) / f"docs{n}", Path(tmp) / f"added{n}"
            words = make_documents(folder, n, sentences=sentences, words=(low, high))
            make_documents(added, ADDED, start=n, sentences=sentences, words=(low, high))
            print(f"{n:,} documents, {words:,} words ({words / n:.0f} per document)", flush=True)
            for config in args.configs.split(","):
                if config.endswith("-pg"):
                    if not pg.available():
                        print(f"  {config}: skipped, PostgreSQL server not installed", flush=True)
                        continue
                    with pg.running_postgres() as url:
                        run = run_config(config, folder, added, words, n, url)
                else:
                    run = run_config(config, folder, added, words, n, str(Path(tmp) / f"{config}-{n}.db"))
                runs.append(run)
                print(f"  {config}: {run.seconds:,.0f} s, peak RSS driver {run.driver_mb:,.0f} MB, worker "
                      f"{run.worker_mb:,.0f} MB, {run.db_bytes / n:,.0f} B/page, add {ADDED}: {run.add_seconds:,.1f} s; "
                      f"{run.summary}", flush=True)
    print(f"\n{cores} cores; load average at the end {os.getloadavg()[0]:.1f}\n")
    print(table(runs, cores))


if __name__ == "__main__":
    main()
