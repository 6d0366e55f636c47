"""Speed of the default build (issue 12, item 1): the spaCy pipelines the stages run multiply their
matrices with numpy's BLAS (thinc's ``NumpyOps(use_blis=False)``) and find exactly what they found
with BLIS. Deterministic checks only; ``bench/bench_pipeline.py`` prints the seconds."""

from __future__ import annotations

import spacy
from thinc.api import NumpyOps

from fontes import entities, ner, pipeline
from fontes.events.parse import PARSER_MODEL, _nlp
from fontes.settings import DEFAULTS

# invented sentences: names, dates, a clause for the parser, a line break and a list
TEXTS = [
    "On 14 Brumaire the envoy Count Aldo Verrin left Castelbrune for the court at Oranmouth.",
    "The council of Lower Harlow met again in March 1712, and Mayor Jonas Pellew refused to sign the treaty.",
    "Letter from Captain E. Marwood to the Admiralty,\nwritten aboard the Thistle off Cape Sorrel, 3rd June.",
    "Present: Mr. Tobias Quill, Mrs. Quill, the Bishop of Westmarch; absent: Dr. Ivo Kest.",
]


def _uses_numpy_blas(nlp) -> bool:
    nodes = [node for _, pipe in nlp.pipeline if hasattr(getattr(pipe, "model", None), "walk")
             for node in pipe.model.walk()]
    return bool(nodes) and all(isinstance(n.ops, NumpyOps) and not n.ops.use_blis for n in nodes)


def _analysis(nlp) -> list:
    return [([(e.start, e.end, e.label_) for e in doc.ents],
             [(t.tag_, t.dep_, t.head.i, t.lemma_) for t in doc] if doc.has_annotation("DEP") else None)
            for doc in nlp.pipe(TEXTS)]


def test_the_stages_run_the_ner_and_the_parser_on_numpy_blas():
    pipeline.stages(DEFAULTS)
    assert _uses_numpy_blas(entities.load_model(DEFAULTS))
    assert _uses_numpy_blas(_nlp(DEFAULTS.spacy_model))


def test_the_ner_model_is_loaded_on_numpy_blas_even_outside_the_pipeline():
    assert _uses_numpy_blas(ner.load_model(DEFAULTS))


def test_numpy_blas_finds_the_same_names_as_blis():
    blis = spacy.load(str(ner.MODEL_DIR))
    assert not _uses_numpy_blas(blis)
    assert _analysis(ner.use_numpy_gemm(spacy.load(str(ner.MODEL_DIR)))) == _analysis(blis)


def test_numpy_blas_parses_tags_and_lemmatises_as_blis():
    blis = spacy.load(PARSER_MODEL)
    fast = ner.use_numpy_gemm(spacy.load(PARSER_MODEL))
    assert _uses_numpy_blas(fast)
    found = _analysis(fast)
    assert found == _analysis(blis)
    assert any(ents for ents, _ in found) and all(parse for _, parse in found)


def test_switching_twice_changes_nothing():
    nlp = ner.use_numpy_gemm(spacy.load(str(ner.MODEL_DIR)))
    before = _analysis(nlp)
    assert ner.use_numpy_gemm(nlp) is nlp and _uses_numpy_blas(nlp)
    assert _analysis(nlp) == before
