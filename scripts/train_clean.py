"""Train the clean stage's line classifier on gold and write src/fontes/data/clean_model.json.

    pip install -e '.[train]'
    python scripts/train_clean.py                      # dev split of eval/corpus + the examples
    python scripts/train_clean.py --set eval/corpus/dev/gold:eval/corpus/dev/docs --folds 5

Each line of a document is labelled from its gold: chrome if it is one of the gold's
``boilerplate`` strings (or its line number is in ``boilerplate_lines``), citation metadata if it
is one of the ``metadata_lines``, body otherwise. Features come from ``fontes.clean.line_features``
(the rules' verdicts included), so the model learns where the rules go wrong. A multinomial
logistic regression (scikit-learn) is fitted; its coefficients are stored as plain JSON, which
``fontes.clean`` applies without scikit-learn. Cross-validation by document (GroupKFold) prints
the chrome recall and the body lines lost at the chosen threshold before the final fit.

Only the development split and the examples are used: never the test split.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import numpy as np

from fontes import clean
from fontes.ingest import read_document

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SETS = [f"{ROOT}/eval/corpus/dev/gold:{ROOT}/eval/corpus/dev/docs",
                f"{ROOT.parent}/shared/gold/seeds:{ROOT}/examples/seeds"]
_SPACES = re.compile(r"[\s\u00a0]+")


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def examples(gold_dir: Path, docs_dir: Path) -> tuple[list[list[float]], list[int], list[str], list[bool]]:
    """Feature rows, labels (index into clean.CLASSES), the document of each row, running prose or not."""
    xs, ys, groups, running = [], [], [], []
    for gold_file in sorted(gold_dir.glob("*.json")):
        if gold_file.name.startswith("_"):
            continue
        gold = json.loads(gold_file.read_text("utf-8"))
        path = docs_dir / gold["doc"]
        if not path.exists():
            continue
        text = read_document(path).text
        raw_lines = path.suffix.lower() not in (".html", ".htm")
        chrome = {_norm(b) for b in gold.get("boilerplate", [])}
        chrome_lines = set(gold.get("boilerplate_lines", [])) if raw_lines else set()
        meta = {_norm(m) for m in gold.get("metadata_lines", [])}
        page = clean.page_of(text)
        line_no = {}
        for n, line in enumerate(text.split("\n"), 1):
            line_no.setdefault(line.strip(), n)
        for line, x, prose in zip(page.lines, clean.line_features(page), page.running):
            norm = _norm(line.text)
            if norm in chrome or line_no.get(line.text) in chrome_lines:
                y = 2
            elif norm in meta:
                y = 1
            else:
                y = 0
            xs.append(x)
            ys.append(y)
            groups.append(gold["doc"])
            running.append(bool(prose))
    return xs, ys, groups, running


def _score(probs: np.ndarray, y: np.ndarray, running: np.ndarray, rule_chrome: np.ndarray,
           threshold: float) -> dict[str, float]:
    """Chrome recall and precision of the rules alone and of rules + model (as fontes.clean combines them)."""
    best = probs.argmax(1)
    sure = probs.max(1) >= threshold
    chrome = ((best == 2) & sure & ~running) | (rule_chrome & ~(sure & (best != 2)))
    gold_chrome = y == 2

    def pr(mask: np.ndarray) -> tuple[float, float, int]:
        return (round(float((mask & gold_chrome).sum() / max(1, gold_chrome.sum())), 3),
                round(float((mask & gold_chrome).sum() / max(1, mask.sum())), 3), int((mask & (y == 0)).sum()))

    return {"rules (recall, precision, body lines)": pr(rule_chrome), "rules+model": pr(chrome)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", action="append", help="GOLD_DIR:DOCS_DIR (repeatable)")
    parser.add_argument("--threshold", type=float, default=0.8)
    parser.add_argument("--C", type=float, default=0.5, help="inverse regularisation strength")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "src/fontes/data/clean_model.json")
    args = parser.parse_args()
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    xs, ys, groups, prose = [], [], [], []
    for spec in args.set or DEFAULT_SETS:
        gold_dir, docs_dir = (Path(p) for p in spec.split(":"))
        if "test" in gold_dir.parts:
            raise SystemExit(f"{gold_dir}: the test split is never trained on")
        if gold_dir.is_dir():
            x, y, g, r = examples(gold_dir, docs_dir)
            prose += r
            xs += x
            ys += y
            groups += g
            print(f"{gold_dir}: {len(set(g))} documents, {len(y)} lines, {sum(v == 2 for v in y)} chrome")
    X, y = np.array(xs), np.array(ys)
    running = np.array(prose)
    model = LogisticRegression(C=args.C, fit_intercept=False, max_iter=2000, class_weight="balanced")
    folds = min(args.folds, len(set(groups)))
    if folds >= 2:
        probs = np.zeros((len(y), 3))
        for train, test in GroupKFold(n_splits=folds).split(X, y, groups):
            probs[test] = model.fit(X[train], y[train]).predict_proba(X[test])
        print(f"cross-validated by document ({folds} folds), threshold {args.threshold}:",
              _score(probs, y, running, X[:, clean.VERDICT_FEATURE + 2] > 0.5, args.threshold))
    model.fit(X, y)
    weights = [[round(float(w), 6) for w in row] for row in model.coef_]
    args.out.write_text(json.dumps({
        "classes": list(clean.CLASSES), "threshold": args.threshold, "features": X.shape[1],
        "trained_on": sorted({Path(s.split(":")[0]).as_posix().split("/eval/")[-1].split("/shared/")[-1]
                              for s in (args.set or DEFAULT_SETS)}),
        "documents": len(set(groups)), "lines": int(len(y)), "weights": weights}, indent=1) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
