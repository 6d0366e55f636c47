"""Floors: the examples' and the test split's figures may not fall more than two points below the
values measured when they were last set (eval/floors.json, written by `python scripts/corpus.py floors`).

The test split is scored here, never read for errors: improvements are made on dev.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fontes.cli import _score_gold, suite_sets
from fontes.evaluation.gold import figures

ROOT = Path(__file__).resolve().parents[1]
FLOORS = json.loads((ROOT / "eval" / "floors.json").read_text("utf-8"))
SETS = {name: (gold, docs) for name, gold, docs in
        suite_sets(ROOT / "eval" / "corpus", ROOT.parent / "shared" / "gold" / "seeds", ("examples", "test"))}
TOLERANCE = 0.02


@pytest.fixture(scope="module", params=sorted(FLOORS))
def measured(request):
    name = request.param
    if name not in SETS:
        pytest.fail(f"{name}: gold or documents missing (expected eval/corpus/test or ../shared/gold/seeds)")
    gold, docs = SETS[name]
    report, errors, _ = _score_gold(gold, docs, quiet=True)
    return name, figures(report), errors


def test_figures_hold(measured):
    name, got, errors = measured
    assert not errors, errors
    low = {k: (round(got[k] or 0.0, 4), floor) for k, floor in FLOORS[name].items()
           if k != "body_lost" and (got[k] or 0.0) < floor - TOLERANCE}
    assert not low, f"{name}: figures below their floor (got, floor): {low}"


def test_no_body_lost(measured):
    name, got, _ = measured
    assert got["body_lost"] <= FLOORS[name]["body_lost"]
