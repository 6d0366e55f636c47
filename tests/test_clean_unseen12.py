"""Issue 10, session 12: the learned line classifier (features of any page, the model alone)."""

from __future__ import annotations

import json

from fontes import clean
from fontes.clean import (
    CLASSES,
    label_lines,
    line_features,
    line_model,
    line_tokens,
    page_of,
)

PROSE = ("The garrison of the river fort held out through the long winter, and the besiegers built a second "
         "line of trenches before the thaw came.\n"
         "When the ice broke in the spring the relief fleet sailed up the river and the siege was lifted within "
         "a week, after forty days of fighting.\n")


def _kinds(text: str) -> dict[str, tuple[str, str]]:
    return {line.text: (kind, rule) for line, kind, rule in label_lines(text)}


def test_features_describe_place_and_neighbours_of_every_line():
    """Every line gets one row of the same width; the last features are the rules' verdicts."""
    page = page_of("Home | News | Contact\n\n" + PROSE + "\nShare this page\n")
    rows = line_features(page)
    assert len(rows) == len(page.lines)
    assert len({len(r) for r in rows}) == 1
    verdicts = [r[-clean.VERDICT_FEATURES:] for r in rows]
    assert all(v[:3].count(1.0) == 1 for v in verdicts)  # undecided, metadata or chrome: exactly one
    # the position on the page (share of the page above the line) runs from 0 to 1
    share = clean.SHAPE_SIZE + 12
    assert rows[0][share] == 0.0 and rows[-1][share] == 1.0


def test_hashed_tokens_are_stable_and_mark_neighbours():
    page = page_of("Subscribe now\n\n" + PROSE)
    first = line_tokens(page, 1024)
    assert first == line_tokens(page, 1024)
    assert all(0 <= t < 1024 for row in first for t in row)
    # the first line's bag holds the words of the line below it, marked as below
    assert clean._hash(">the", 1024) in first[0]


def test_installed_model_is_the_model_alone_and_conservative():
    """The shipped model does not read the rules' verdicts (its weights on them are zero) and only
    acts when very sure."""
    model = line_model()
    assert model is not None and model["classes"] == list(CLASSES)
    if not model.get("verdicts", True):
        assert all(abs(w) < 1e-9 for row in model["weights"] for w in row[-clean.VERDICT_FEATURES:])
    assert float(model["threshold"]) >= 0.9
    json.dumps(model)  # plain JSON weights: no scikit-learn object at run time


def test_a_signature_and_a_closing_after_the_text_stay_body():
    text = ("A Letter from the Front\n\n" + PROSE + "\nWith every good wish,\nColonel A. N. Other\n")
    kinds = _kinds(text)
    assert kinds["With every good wish,"][0] == "body"


def test_a_lone_year_of_a_timeline_is_never_taken_by_the_model():
    text = "Chronology\n\n1712\nThe fort was rebuilt in stone.\n\n1714\nA new bastion was added.\n\n" + PROSE
    kinds = _kinds(text)
    assert kinds["1712"][0] != "boilerplate" and kinds["1714"][0] != "boilerplate"


def test_model_removal_names_the_model_and_its_probability():
    """Where the model removes a line, its rule says so: "classifier:<p>" with p at the threshold or above."""
    model = line_model()
    text = ("Menu\nLog in\nRegister\nSearch the archive\n\n" + PROSE
            + "\nShare\nTweet\nEmail\nPrint\nRelated articles\nMost read\nNewsletter sign-up\n")
    for _, kind, rule in label_lines(text):
        if rule.startswith("classifier:"):
            assert kind == "boilerplate" or model.get("verdicts", True)
            assert float(rule.split(":")[1]) >= float(model["threshold"]) - 0.005
    # running prose is never removed, whatever the model says
    kinds = _kinds(text)
    assert all(kinds[s][0] == "body" for s in PROSE.splitlines())


def test_a_sure_model_alone_still_spares_closings_years_prose_and_rule_verdicts(monkeypatch):
    """Even a model sure that every line is chrome removes only lines the rules left as body that are
    neither next to running prose nor hold a year; the rules' own verdicts stand."""
    monkeypatch.setattr(clean, "line_model", lambda: {"threshold": 0.95, "verdicts": False})
    monkeypatch.setattr(clean, "line_probabilities", lambda page: [[0.0, 0.01, 0.99] for _ in page.lines])
    text = ("A Letter from the Front\n\nBack to the list of letters\n\n" + PROSE
            + "\nWith every good wish,\n\nAutumn of 1916\n\nMore letters like this one\n")
    page = page_of(text)
    before = list(page.kinds)
    clean._apply_model(page)
    after = {line.text: kind for line, kind in zip(page.lines, page.kinds)}
    assert all(after[s] is None for s in PROSE.splitlines())
    assert after["With every good wish,"] is None  # right below the prose
    assert after["Autumn of 1916"] is None  # a year
    assert after["More letters like this one"] == ("boilerplate", "classifier:0.99")
    for line, old in zip(page.lines, before):
        if old is not None:
            assert after[line.text] == old  # the model alone never overrides the rules
