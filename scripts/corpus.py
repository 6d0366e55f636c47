"""Keep the evaluation corpus (eval/corpus) in order: sources table, cross-document gold, checks.

    python scripts/corpus.py sources     # eval/corpus/sources.tsv -> eval/corpus/SOURCES.md
    python scripts/corpus.py merge       # eval/corpus/parts/*.json -> <split>/gold/_corpus.json
    python scripts/corpus.py check       # every split against ../shared/gold/check_gold.py
    python scripts/corpus.py floors      # measure the examples and test figures -> eval/floors.json

Layout: ``eval/corpus/<split>/docs/<name>`` (the document as captured), ``<split>/gold/<name>.json``
(gold in ../shared/gold/SCHEMA.md's format, written by reading the document), ``sources.tsv``
(one row per document: address, title, site, genre, format, licence, capture date) and
``sites.tsv`` (each site belongs to one split). ``parts/`` holds the cross-document gold of each
annotator's documents (events reported by several documents, conflicts), merged per split.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "eval" / "corpus"
CHECKER = ROOT.parent / "shared" / "gold" / "check_gold.py"
SPLITS = ("dev", "test")


def rows() -> list[dict[str, str]]:
    with open(CORPUS / "sources.tsv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def sources() -> None:
    """SOURCES.md: one table per split, documents that exist only."""
    out = ["# Sources of the evaluation corpus", "",
           "Each document was captured on the date given from the address given, as a user saves it "
           "(site chrome included), and annotated by reading it (gold in `../shared/gold/SCHEMA.md`'s "
           "format) before fontes ran on it. Sites are split between `dev` (errors read, stages improved "
           "on it) and `test` (scored only). Licences as stated by the source; texts under other terms "
           "are short excerpts kept for evaluation only.", ""]
    table = rows()
    for split in SPLITS:
        present = {p.name for p in (CORPUS / split / "docs").glob("*")}
        mine = [r for r in table if r["split"] == split and r["doc"] in present]
        sites = {r["site"] for r in mine}
        out += [f"## {split}: {len(mine)} documents from {len(sites)} sites", "",
                "| document | title | site | genre | format | licence | captured | address |",
                "|---|---|---|---|---|---|---|---|"]
        for r in sorted(mine, key=lambda r: r["doc"]):
            cells = [r["doc"], r["title"], r["site"], r["genre"], r["format"], r["licence"], r["captured"], r["url"]]
            out.append("| " + " | ".join(c.replace("|", "\\|").strip() for c in cells) + " |")
        out.append("")
    (CORPUS / "SOURCES.md").write_text("\n".join(out), encoding="utf-8")
    print(f"wrote {CORPUS / 'SOURCES.md'}")


def merge() -> None:
    """One _corpus.json per split from the annotators' parts (a part belongs to the split of its documents)."""
    for split in SPLITS:
        gold_dir = CORPUS / split / "gold"
        docs = sorted(p.name.removesuffix(".json") for p in gold_dir.glob("*.json") if not p.name.startswith("_"))
        whole: dict = {"corpus": split, "documents": docs, "events": [], "conflicts": [],
                       "apparent_conflicts_resolved": []}
        for part in sorted((CORPUS / "parts").glob("*.json")):
            data = json.loads(part.read_text("utf-8"))
            for key in ("events", "conflicts", "apparent_conflicts_resolved"):
                for item in data.get(key, []):
                    named = {r["doc"] for r in item.get("reported_by", [])} | {c["doc"] for c in item.get("claims", [])}
                    if named and named <= set(docs):
                        whole[key].append(item)
        (gold_dir / "_corpus.json").write_text(json.dumps(whole, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{split}: {len(docs)} documents, {len(whole['events'])} cross-document events, "
              f"{len(whole['conflicts'])} conflicts")


def check() -> int:
    status = 0
    for split in SPLITS:
        print(f"== {split}")
        status |= subprocess.call([sys.executable, str(CHECKER), str(CORPUS / split / "gold"), str(CORPUS / split / "docs")])
    return status


FLOOR_KEYS = ("chrome_recall", "citation_f1", "mention_f1", "alias_f1", "timex_f1", "timex_value_f1", "event_f1",
              "event_date_recall", "conflicts_found")


def floors() -> None:
    """eval/floors.json: the figures measured now on the examples and the test split.

    tests/test_eval_floors.py fails when one of them falls more than two points below.
    """
    out = subprocess.run([sys.executable, "-m", "fontes", "eval", "--json", "-q", "--split", "examples", "--split",
                          "test"], cwd=ROOT, check=True, capture_output=True, text=True).stdout
    results = json.loads(out)
    data = {name: {k: r["figures"][k] for k in FLOOR_KEYS if r["figures"][k] is not None} | {"body_lost": r["figures"]["body_lost"]}
            for name, r in results.items()}
    (ROOT / "eval" / "floors.json").write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(data, indent=1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("sources", "merge", "check", "floors"))
    args = parser.parse_args()
    if args.command == "sources":
        sources()
    elif args.command == "merge":
        merge()
    elif args.command == "floors":
        floors()
    else:
        raise SystemExit(check())


if __name__ == "__main__":
    main()
