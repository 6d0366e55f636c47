"""Time to add documents to a knowledge base with the incremental resolve, against resolving it all.

Documents are real news text: the first sentences of TempEval-3 articles under ../shared/data
(read at run time, never copied into the repo), with the article's date as a date line. They are
analysed once (``fontes build`` into --source-db, reused when it exists); then a knowledge base of
N of them is resolved in full, ADD more are stored and resolved incrementally, and the same N+ADD
are resolved in full. Both databases are compared row by row. Prints the times, the components
the documents' keys make (fontes.incremental) with every key and with the second level's keys only
(entity names link nothing there), how many documents the one-level plan would resolve ("planned")
and how many analyses the incremental run loaded ("loaded"), and the resolve of a rebuild in which
nothing changed.

    python bench/bench_incremental.py --docs 200 --add 100 --source-db /tmp/fontes-news.db
"""

from __future__ import annotations

import argparse
import copy
import os
import re
import tempfile
import time
from pathlib import Path

from fontes import incremental
from fontes.build import RemoveReport, _resolve_into, build, resolve_stored
from fontes.settings import DEFAULTS
from fontes.store import KnowledgeBase

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FONTES_SHARED", REPO.parent / "shared")) / "data"
MONTHS = "January February March April May June July August September October November December".split()


def write_documents(n: int, folder: Path) -> int:
    """n short documents from TempEval-3 articles: a date line and the article's first six sentences."""
    folder.mkdir(parents=True, exist_ok=True)
    k = 0
    for path in sorted((SHARED / "tempeval3").rglob("*.tml")):
        m = re.search(r"<TEXT>(.*?)</TEXT>", path.read_text(encoding="utf-8", errors="replace"), re.S)
        if not m:
            continue
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", " ".join(re.sub(r"<[^>]+>", "", m.group(1)).split()))
                     if 20 <= len(s) <= 400]
        if len(sentences) < 3:
            continue
        d = re.search(r"(19|20)(\d\d)(\d\d)(\d\d)", path.stem)
        head = (f"{MONTHS[int(d.group(3)) - 1]} {int(d.group(4))}, {d.group(1)}{d.group(2)}\n\n"
                if d and 1 <= int(d.group(3)) <= 12 else "")
        (folder / f"{k:05d}_{path.stem}.txt").write_text(head + " ".join(sentences[:6]) + "\n", encoding="utf-8")
        k += 1
        if k >= n:
            break
    return k


PARTIES = ("Peru", "Chile", "Denmark", "Japan", "Siam", "Persia", "Norway", "Greece", "Egypt", "Brazil", "Sweden",
           "Portugal", "Mexico", "Korea", "Morocco", "Tunis", "Hawaii", "Liberia", "Spain", "Austria")
DEEDS = ("signed a treaty of commerce with {p}", "recognised the government of {p}",
         "sent a minister to {p}", "received an envoy from {p}")


def write_generated(n: int, folder: Path) -> int:
    """n invented dispatches, one a year (1701 on), every one naming the United States: a name held by
    every document, while their happenings are years apart (the case the two-level resolve is for)."""
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(n):
        year, month, day = 1701 + k, 1 + k % 12, 1 + (7 * k) % 27
        party = PARTIES[k % len(PARTIES)]
        deed = DEEDS[k % len(DEEDS)].format(p=party)
        (folder / f"{k:05d}_dispatch.txt").write_text(
            f"Washington, {MONTHS[month - 1]} {day + 1}, {year}.\n\n"
            f"The United States {deed} on {MONTHS[month - 1]} {day}, {year}. "
            f"The President informed Congress of it.\n", encoding="utf-8")
    return n


def key_report(keys: dict[str, dict[str, bool]], top: int = 12) -> None:
    """What links the components: the most widely held active keys, and per class of key ("name",
    "event", "given"...) the largest component left when that class links nothing."""
    holders: dict[str, int] = {}
    active: set[str] = set()
    for mine in keys.values():
        for k, on in mine.items():
            holders[k] = holders.get(k, 0) + 1
            if on:
                active.add(k)
    widest = sorted((k for k in active if holders[k] > 1), key=lambda k: -holders[k])[:top]
    print("widest active keys (holders): " + ", ".join(f"{k} ({holders[k]})" for k in widest))
    classes = sorted({k.split(":", 1)[0] for k in active})
    sizes = []
    for cls in classes:
        without = {d: {k: on and not k.startswith(cls + ":") for k, on in mine.items()} for d, mine in keys.items()}
        comps = incremental.components(without)
        sizes.append(f"{cls} {max(map(len, comps))}")
    print("largest component with one class of key made passive: " + ", ".join(sizes))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=200, help="documents in the knowledge base before the addition")
    ap.add_argument("--add", type=int, default=100, help="documents added")
    ap.add_argument("--source-db", default=str(Path(tempfile.gettempdir()) / "fontes-news.db"),
                    help="analysed documents (built here from the generated files when it holds too few)")
    ap.add_argument("-j", "--workers", type=int, default=1)
    ap.add_argument("--generated", action="store_true",
                    help="invented dispatches years apart that all name the United States, instead of news")
    args = ap.parse_args()
    need = args.docs + args.add
    source = KnowledgeBase.open(args.source_db)
    if len(source.document_ids()) < need:
        folder = Path(tempfile.mkdtemp()) / "news"
        (write_generated if args.generated else write_documents)(need, folder)
        t = time.perf_counter()
        build([folder], source, workers=args.workers)
        print(f"analysed {need} documents in {time.perf_counter() - t:.1f} s (the per-document stages)")
    docs = source.analysed_documents()[:need]
    if len(docs) < need:
        raise SystemExit(f"only {len(docs)} documents available; lower --docs or --add")
    base, added = docs[:args.docs], docs[args.docs:]
    tmp = Path(tempfile.mkdtemp())

    kb = KnowledgeBase.open(tmp / "incremental.db")
    kb.save_analyses(copy.deepcopy(base))
    t = time.perf_counter()
    resolve_stored(kb)
    full_base = time.perf_counter() - t
    kb.save_analyses(copy.deepcopy(added))
    plan = incremental.plan(incremental.KeySource(kb=kb), kb.document_ids(),
                            kb.analysed_documents_of(d.id for d in added))
    loaded: set[str] = set()
    read = kb.analysed_documents_of

    def counted(ids):  # the analyses the incremental resolve loads (the two levels load few)
        ids = set(ids)
        loaded.update(ids)
        return read(ids)

    whole = kb.analysed_documents

    def everything():  # a whole resolve loads them all
        loaded.update(kb.document_ids())
        return whole()

    kb.analysed_documents_of, kb.analysed_documents = counted, everything
    t = time.perf_counter()
    _resolve_into(RemoveReport(), kb, DEFAULTS)
    add_time = time.perf_counter() - t
    del kb.analysed_documents_of, kb.analysed_documents

    t = time.perf_counter()
    _resolve_into(RemoveReport(), kb, DEFAULTS)  # nothing changed since: a rebuild of the same files
    unchanged = time.perf_counter() - t

    ref = KnowledgeBase.open(tmp / "full.db")
    ref.save_analyses(copy.deepcopy(docs))
    t = time.perf_counter()
    resolve_stored(ref)
    full_all = time.perf_counter() - t
    keys = ref.resolve_keys()
    comps = incremental.components(keys)
    second = incremental.components({d: {k: on and incremental.links_events(k) for k, on in mine.items()}
                                     for d, mine in keys.items()})
    a, b = kb.dump(), ref.dump()
    same = [name for name in a if a[name] != b[name]] == []

    print(f"{'documents':>10} {'added':>6} {'full resolve N':>15} {'add (incremental)':>18} "
          f"{'full resolve N+add':>19} {'ratio':>6} {'planned':>8} {'loaded':>7} {'components':>11} {'largest':>8} "
          f"{'largest (events)':>17} {'equal':>6}")
    print(f"{args.docs:>10} {args.add:>6} {full_base:>13.1f} s {add_time:>16.1f} s {full_all:>17.1f} s "
          f"{add_time / full_all:>6.2f} {len(plan.documents):>8} {len(loaded):>7} {len(comps):>11} {max(map(len, comps)):>8} "
          f"{max(map(len, second)):>17} {str(same):>6}")
    key_report(keys)
    print(f"resolve after a rebuild with nothing changed: {unchanged:.2f} s (a full resolve: {full_all:.1f} s)")


if __name__ == "__main__":
    main()
