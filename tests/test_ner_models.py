"""The two bundled NER models (issue 12, item 5): the HIPE-tuned default (CC BY-NC-SA 4.0) and
``fontes-open``, trained on fontes's own gold (MIT), chosen with ``FONTES_NER_MODEL``; and how the
open model's training data is read from gold (``scripts/train_ner.py --data open``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from kbfixtures import REPO

from fontes import ner
from fontes.settings import Settings

sys.path.insert(0, str(REPO / "scripts"))


def fontes(*args: str, model: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "FONTES_NER_MODEL"}
    if model is not None:
        env["FONTES_NER_MODEL"] = model
    return subprocess.run([sys.executable, "-m", "fontes", *args], cwd=REPO, env=env, capture_output=True, text=True)


def test_info_names_the_model_chosen_in_the_environment_and_its_licence():
    default = json.loads(fontes("info", "--format", "json").stdout)["ner_model"]
    chosen = json.loads(fontes("info", "--format", "json", model="fontes-open").stdout)["ner_model"]
    assert default["setting"] == "fontes-hist" and "NC" in default["licence"]
    assert chosen["setting"] == "fontes-open" and chosen["licence"] == "MIT"


def test_open_model_meta_names_only_sources_anyone_may_use():
    meta = json.loads((ner.OPEN_DIR / "meta.json").read_text("utf-8"))
    assert meta["license"] == "MIT"
    assert not any("HIPE" in source or "TempEval" in source for source in meta["sources"])


def test_open_model_finds_people_and_places_in_historical_prose():
    nlp = ner.load_model(Settings(spacy_model=ner.OPEN_MODEL))
    doc = nlp("On 3 March 1861 the Emperor Alexander signed the manifesto at St. Petersburg, "
              "and General Milyutin read it to the Senate.")
    found = {(e.text, e.label_) for e in doc.ents}
    assert any(label == "PERSON" and "Milyutin" in text for text, label in found), found
    assert any(label in {"GPE", "LOC", "FAC"} and "Petersburg" in text for text, label in found), found


def test_an_unknown_model_in_the_environment_is_refused_with_what_to_set(tmp_path):
    (tmp_path / "a.txt").write_text("On 2 May 1703 the army reached the river.", "utf-8")
    result = fontes("build", str(tmp_path), "--db", str(tmp_path / "kb.db"), "--no-embed", "-q",
                    model=str(tmp_path / "no-such-model"))
    assert result.returncode != 0
    assert "FONTES_NER_MODEL" in result.stderr + result.stdout


@pytest.mark.parametrize("mention, form", [
    ("The Streltsy", "Streltsy"),
    ("Treaty of Paris", "Treaty of Paris"),
    ("the rebels", None),
    ("Streltsy regiments", None),
    ("Duke of", None),
])
def test_training_reads_names_not_descriptions_from_gold(mention, form):
    train_ner = pytest.importorskip("train_ner")
    assert train_ner.name_form(mention) == form


def test_training_spans_cover_every_occurrence_in_the_body_and_none_in_chrome():
    train_ner = pytest.importorskip("train_ner")
    text = "Home | Peter the Great\nPeter the Great founded the city. Later Peter the Great left.\n"
    gold = {"boilerplate": ["Home | Peter the Great"],
            "entities": [{"id": "peter", "type": "PER", "name": "Peter the Great", "mentions": ["Peter the Great"]}]}
    spans = train_ner.gold_spans(text, gold, train_ner.body_ranges(text, gold))
    assert [text[a:b] for _, a, b in spans] == ["Peter the Great", "Peter the Great"]
    assert all(a > text.index("\n") for _, a, _ in spans)
