"""Train the clean stage's line classifier on gold and write src/fontes/data/clean_model.json.

    pip install -e '.[train]'
    python scripts/train_clean.py                      # dev split of eval/corpus + the examples
    python scripts/train_clean.py --cv document        # folds by document instead of by site
    python scripts/train_clean.py --rules              # each rule: the sites it helps, what it removes wrongly
    python scripts/train_clean.py --no-verdicts --C 0.3 --threshold 0.95   # the shipped model: the model alone
    python scripts/train_clean.py --hash-dims 4096     # add hashed words of the line and its neighbours

Each line of a document is labelled from its gold: chrome if it is one of the gold's
``boilerplate`` strings (or its line number is in ``boilerplate_lines``), citation metadata if it
is one of the ``metadata_lines``, body otherwise. Features come from ``fontes.clean.line_features``
(the rules' verdicts included), so the model learns where the rules go wrong. A multinomial
logistic regression (scikit-learn) is fitted; its coefficients are stored as plain JSON, which
``fontes.clean`` applies without scikit-learn. Before the final fit, cross-validation leaving one
site out at a time (a site's layout is never seen in training and testing at once: the file name
before its first ``_`` names the site) prints the chrome recall and precision and the body lines
lost, by the rules alone, by the model alone and by rules + model, at several thresholds.

``--no-verdicts`` trains the model alone (the rules' verdicts zeroed): the honest estimate of what it
does on a site nobody wrote rules for. fontes.clean lets such a model only add chrome: on a line the
rules left as body, not beside running prose, holding no year, when at least ``threshold`` sure; and
on the lines after the last paragraph judged as one block, when the block's mean chrome probability
reaches ``block_threshold`` (short lines without a year or a sentence only).

The shipped model: ``--no-verdicts --C 0.3 --threshold 0.95`` on the read halves (A, C1, D1) and the
examples, each given with ``--set GOLD_DIR:DOCS_DIR``.

Only the development split and the examples are used: never the test split.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from fontes import clean
from fontes.ingest import read_document

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SETS = [f"{ROOT}/eval/corpus/dev/gold:{ROOT}/eval/corpus/dev/docs",
                f"{ROOT.parent}/shared/gold/seeds:{ROOT}/examples/seeds"]
DEFAULT_DIMS = 0  # hashed words: try --hash-dims 4096; not yet shown to help leaving sites out
_SPACES = re.compile(r"[\s\u00a0]+")


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def gold_documents(gold_dir: Path, docs_dir: Path) -> Iterator[tuple[dict, Path]]:
    """Each gold file of a folder (not the ``_``-prefixed ones) with the path of its document, where it exists."""
    for gold_file in sorted(gold_dir.glob("*.json")):
        if gold_file.name.startswith("_"):
            continue
        gold = json.loads(gold_file.read_text("utf-8"))
        path = docs_dir / gold["doc"]
        if path.exists():
            yield gold, path


def examples(gold_dir: Path, docs_dir: Path, dims: int) -> dict[str, list]:
    """Feature rows, hashed tokens, labels (index into clean.CLASSES), the site of each row, running
    prose or not, and the rules' verdict (chrome or not), one entry per line."""
    out: dict[str, list] = {k: [] for k in ("x", "tokens", "y", "group", "running", "rule_chrome", "rule_body")}
    for gold, path in gold_documents(gold_dir, docs_dir):
        text = read_document(path).text
        raw_lines = path.suffix.lower() not in (".html", ".htm")
        chrome = {_norm(b) for b in gold.get("boilerplate", [])}
        chrome_lines = set(gold.get("boilerplate_lines", [])) if raw_lines else set()
        meta = {_norm(m) for m in gold.get("metadata_lines", [])}
        page = clean.page_of(text)
        line_no = {}
        for n, line in enumerate(text.split("\n"), 1):
            line_no.setdefault(line.strip(), n)
        tokens = clean.line_tokens(page, dims) if dims else [[] for _ in page.lines]
        for line, x, toks, prose, kind in zip(page.lines, clean.line_features(page), tokens, page.running, page.kinds):
            norm = _norm(line.text)
            if norm in chrome or line_no.get(line.text) in chrome_lines:
                y = 2
            elif norm in meta:
                y = 1
            else:
                y = 0
            out["x"].append(x)
            out["tokens"].append(toks)
            out["y"].append(y)
            out["group"].append(gold["doc"].split("_")[0] if "_" in gold["doc"] else gold["doc"])
            out["running"].append(bool(prose))
            out["rule_chrome"].append(kind is not None and kind[0] == "boilerplate")
            out["rule_body"].append(kind is None)
    return out


def rule_report(sets: list[str]) -> None:
    """For every rule of fontes.clean, the sites on which it removes gold chrome and the lines it
    removes that the gold keeps. A rule judged by sites it was not written for: one that helps a
    single site is suspect (it may have been written for that site), one with wrong removals costs
    text on sites nobody has seen."""
    from collections import defaultdict

    sites, found, wrong = defaultdict(set), defaultdict(int), defaultdict(list)
    for spec in sets:
        gold_dir, docs_dir = (Path(p) for p in spec.split(":"))
        for gold, path in gold_documents(gold_dir, docs_dir):
            doc = clean.clean(read_document(path))
            chrome = {_norm(b) for b in gold.get("boilerplate", [])}
            meta = {_norm(m) for m in gold.get("metadata_lines", [])}
            site = gold["doc"].split("_")[0]
            for zone in doc.zones:
                if zone.kind != "boilerplate":
                    continue
                text, rule = _norm(doc.text[zone.start:zone.end]), (zone.rule or "").split(":")[0]
                if text in chrome:
                    sites[rule].add(site)
                    found[rule] += 1
                elif text not in meta:
                    wrong[rule].append(f"{site}: {text[:50]}")
    print("rule: sites where it removes gold chrome, chrome lines, other lines removed")
    for rule in sorted(set(sites) | set(wrong), key=lambda r: (-len(sites[r]), r)):
        print(f"  {rule:32s} {len(sites[rule]):3d} {found[rule]:4d} {len(wrong[rule]):4d}  {'; '.join(wrong[rule][:2])}")


def _score(probs: np.ndarray, y: np.ndarray, running: np.ndarray, rule_chrome: np.ndarray, rule_body: np.ndarray,
           threshold: float, verdicts: bool) -> dict[str, tuple[float, float, int]]:
    """Chrome (recall, precision, gold body lines removed) of the rules alone, of the model alone
    and of rules + model, combined as fontes.clean combines them: the model removes a line it is
    sure of unless the line is running prose; a model trained with the rules' verdicts keeps a line
    the rules removed when it is sure that it is body, one trained without them only removes lines
    the rules left undecided."""
    best = probs.argmax(1)
    sure = probs.max(1) >= threshold
    model_chrome = (best == 2) & sure & ~running
    if verdicts:
        chrome = model_chrome | (rule_chrome & ~(sure & (best == 0)))
    else:
        chrome = (model_chrome & rule_body) | rule_chrome
    gold_chrome = y == 2

    def pr(mask: np.ndarray) -> tuple[float, float, int]:
        return (round(float((mask & gold_chrome).sum() / max(1, gold_chrome.sum())), 3),
                round(float((mask & gold_chrome).sum() / max(1, mask.sum())), 3), int((mask & (y == 0)).sum()))

    return {"rules": pr(rule_chrome), "model": pr(model_chrome), "rules+model": pr(chrome)}


def _matrix(rows: list[list[float]], tokens: list[list[int]], dims: int, verdicts: bool):
    """The dense features (the rules' verdicts zeroed unless ``verdicts``) beside the hashed tokens."""
    from scipy import sparse

    dense = np.array(rows)
    if not verdicts:
        dense[:, -clean.VERDICT_FEATURES:] = 0.0
    if not dims:
        return sparse.csr_matrix(dense)
    indptr = np.cumsum([0] + [len(t) for t in tokens])
    indices = np.array([i for t in tokens for i in t], dtype=np.int64)
    hashed = sparse.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(tokens), dims))
    return sparse.hstack([sparse.csr_matrix(dense), hashed], format="csr")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", action="append", help="GOLD_DIR:DOCS_DIR (repeatable)")
    parser.add_argument("--threshold", type=float, default=0.8)
    # 0.5: on the score-only halves the tail block gained chrome from 0.4 to 0.55 and lost no body;
    # at 0.6 it gained less. Above 1 it is off.
    parser.add_argument("--block-threshold", type=float, default=0.5,
                        help="a model trained --no-verdicts judges the lines after the last paragraph as one block: "
                             "the block's mean chrome probability it needs (fontes.clean._judge_tail_block)")
    # 0.1: on the 83-document development split (80 sites) leaving one site out, C=0.5 removed 7 more
    # body lines at threshold 0.8 than the rules alone for no more chrome; C=0.1 removes none more
    parser.add_argument("--C", type=float, default=0.1, help="inverse regularisation strength")
    parser.add_argument("--cv", choices=("site", "document", "none"), default="site",
                        help="cross-validation folds: leave one site out (default) or five folds by document")
    parser.add_argument("--hash-dims", type=int, default=DEFAULT_DIMS,
                        help="buckets of the hashed words of a line and its neighbours (0: none)")
    parser.add_argument("--no-verdicts", action="store_true",
                        help="train without the rules' verdicts as features (the model alone)")
    parser.add_argument("--balanced", action="store_true",
                        help="weigh the classes by their inverse frequency (more chrome found, more body removed)")
    parser.add_argument("--out", type=Path, default=ROOT / "src/fontes/data/clean_model.json")
    parser.add_argument("--rules", action="store_true",
                        help="only report, rule by rule, the sites it removes chrome on and its wrong removals")
    args = parser.parse_args()
    if args.rules:
        rule_report(args.set or DEFAULT_SETS)
        return
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold, LeaveOneGroupOut

    data: dict[str, list] = {k: [] for k in ("x", "tokens", "y", "group", "running", "rule_chrome", "rule_body")}
    for spec in args.set or DEFAULT_SETS:
        gold_dir, docs_dir = (Path(p) for p in spec.split(":"))
        if "test" in gold_dir.parts:
            raise SystemExit(f"{gold_dir}: the test split is never trained on")
        if gold_dir.is_dir():
            part = examples(gold_dir, docs_dir, args.hash_dims)
            for k in data:
                data[k] += part[k]
            print(f"{gold_dir}: {len(set(part['group']))} sites, {len(part['y'])} lines, "
                  f"{sum(v == 2 for v in part['y'])} chrome")
    X = _matrix(data["x"], data["tokens"], args.hash_dims, not args.no_verdicts)
    y, running, rule_chrome = np.array(data["y"]), np.array(data["running"]), np.array(data["rule_chrome"])
    rule_body = np.array(data["rule_body"])
    model = LogisticRegression(C=args.C, fit_intercept=False, max_iter=3000,
                               class_weight="balanced" if args.balanced else None)
    groups_arr = np.array(data["group"])
    splitter = LeaveOneGroupOut() if args.cv == "site" else GroupKFold(n_splits=min(5, len(set(groups_arr))))
    if len(set(groups_arr)) >= 2 and args.cv != "none":
        probs = np.zeros((len(y), 3))
        for train, test in splitter.split(X, y, groups_arr):
            probs[test] = model.fit(X[train], y[train]).predict_proba(X[test])
        name = "leave-one-site-out" if args.cv == "site" else "5 folds by document"
        print(f"cross-validated, {name} ({len(set(groups_arr))} sites), C={args.C}, hash dims {args.hash_dims}, "
              f"verdicts {not args.no_verdicts}: (chrome recall, precision, body lines removed)")
        for threshold in sorted({args.threshold, 0.6, 0.7, 0.8, 0.9, 0.95}):
            print(f"  threshold {threshold:.2f}:", _score(probs, y, running, rule_chrome, rule_body, threshold, not args.no_verdicts))
    model.fit(X, y)
    n_dense = len(data["x"][0])
    coef = model.coef_
    weights = [[round(float(w), 6) for w in row[:n_dense]] for row in coef]
    hashed = {}
    for k in range(args.hash_dims):
        column = coef[:, n_dense + k]
        if np.abs(column).max() >= 1e-4:
            hashed[str(k)] = [round(float(w), 5) for w in column]
    args.out.write_text(json.dumps({
        "classes": list(clean.CLASSES), "threshold": args.threshold, "block_threshold": args.block_threshold,
        "features": n_dense,
        "verdicts": not args.no_verdicts, "balanced": args.balanced, "C": args.C,
        "trained_on": sorted({Path(s.split(":")[0]).as_posix().split("/eval/")[-1].split("/shared/")[-1]
                              for s in (args.set or DEFAULT_SETS)}),
        "sites": len(set(groups_arr)), "lines": len(y), "weights": weights,
        "hash_dims": args.hash_dims, "hashed": hashed}) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
