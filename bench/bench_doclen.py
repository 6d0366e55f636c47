"""Document-length bench: one long plain-text document through ``fontes build``, per size.

    python bench/bench_doclen.py                       # 0.1, 1, 2 and 10 MB (10 MB takes ~30 min)
    python bench/bench_doclen.py --sizes 20            # a 20 MB book (~1 h of one core)
    python bench/bench_doclen.py --sizes 0.1,0.4,1     # quicker, while developing
    python bench/bench_doclen.py --sizes 0.1 --json    # figures as JSON

Where the text comes from: the paragraphs of the repo's example corpus (``examples/seeds``) and of
the development split of the evaluation corpus (``eval/corpus/dev/docs``; HTML files reduced to
their text), all real historical prose with dates, people and places. They are concatenated in a
seeded random order, with each repetition varied so the document is not one block copied many
times: years are shifted by a few (``1917`` -> ``1919``), some day numbers change, and one
paragraph in five names a person from a small list of invented names, so dates and names keep
appearing all through the document. A document of N MB is cut at a paragraph boundary at N * 10^6
bytes and written into a temporary folder (never into the repo).

Each size runs what a user runs, ``fontes build FILE --db tmp.db`` with default options, in a
child process; the bench prints wall-clock seconds, words (``\\w+`` runs) per second, the
child's CPU seconds (user + system: words per CPU second is the figure to compare on a busy
machine) and its peak resident memory (``ru_maxrss`` of that child alone, from ``os.wait4``: each size
runs in a fresh process, so the figure is its own, models included). Memory should stay within a
window whatever the length (issue 11): the text is analysed in sections, rows are written in
batches, and a document's annotations are never held as one tree of dicts.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORD = re.compile(r"\w+")
YEAR = re.compile(r"\b(1[5-9]\d\d)\b")
DAY = re.compile(r"\b([1-9]|1\d|2[0-8])( (?:January|February|March|April|May|June|July|August|September|"
                 r"October|November|December))\b")
NAMES = ["Anna Baranova", "Boris Cerny", "Clara Dubois", "Dmitri Engel", "Elena Faber", "Fyodor Gorski",
         "Hugo Jansen", "Irina Kovac", "Karl Lenz", "Marek Novak", "Nadia Orlova", "Pavel Rossi"]
TEMPLATES = ["{name} wrote of it in a letter of {day} {month} {year}.",
             "On {day} {month} {year} {name} arrived at the headquarters.",
             "{name} was appointed commissioner on {day} {month} {year}."]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def source_paragraphs() -> list[str]:
    """Paragraphs of real text: examples/seeds and eval/corpus/dev/docs (HTML reduced to its text)."""
    files = sorted((REPO / "examples" / "seeds").glob("*")) + sorted((REPO / "eval" / "corpus" / "dev" / "docs").glob("*"))
    out: list[str] = []
    for path in files:
        if not path.is_file():
            continue
        raw = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix in (".html", ".htm"):
            raw = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", raw)
            raw = re.sub(r"(?i)</?(p|div|h\d|li|br|tr)\b[^>]*>", "\n\n", raw)
            raw = html.unescape(re.sub(r"<[^>]+>", " ", raw))
        for para in re.split(r"\n\s*\n", raw):
            para = " ".join(para.split())
            if len(para) >= 80 and len(WORD.findall(para)) >= 12:
                out.append(para)
    return out


def vary(para: str, rng: random.Random) -> str:
    """One repetition of a paragraph: years shifted, some day numbers changed, sometimes a dated name."""
    shift = rng.randint(-3, 3)
    para = YEAR.sub(lambda m: str(int(m.group(1)) + shift), para)
    para = DAY.sub(lambda m: f"{rng.randint(1, 28)}{m.group(2)}" if rng.random() < 0.5 else m.group(0), para)
    if rng.random() < 0.2:
        para += " " + rng.choice(TEMPLATES).format(name=rng.choice(NAMES), day=rng.randint(1, 28),
                                                   month=rng.choice(MONTHS), year=rng.randint(1600, 1920))
    return para


def make_document(megabytes: float, seed: int = 11) -> str:
    """A plain-text document of about ``megabytes`` * 10^6 bytes, cut at a paragraph boundary."""
    paras = source_paragraphs()
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    parts: list[str] = []
    size = 0
    while size < target:
        order = paras[:]
        rng.shuffle(order)
        for para in order:
            text = vary(para, rng)
            parts.append(text)
            size += len(text.encode("utf-8")) + 2
            if size >= target:
                break
    return "\n\n".join(parts) + "\n"


def run_build(path: Path, db: Path, fontes: str, extra: tuple[str, ...] = ()) -> dict[str, float]:
    """``fontes build path --db db`` in a child; its seconds and its own peak RSS (MB)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen([fontes, "build", str(path), "--db", str(db), "--quiet", *extra], stdout=out, stderr=err,
                                text=True)
        _, status, usage = os.wait4(proc.pid, 0)  # this child's rusage, not the maximum over all children
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode != 0:
        sys.stderr.write(stdout[-2000:] + stderr[-2000:])
        raise SystemExit(f"fontes build failed on {path.name} (exit {proc.returncode})")
    return {"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime, "peak_rss_mb": usage.ru_maxrss / 1024,
            "summary": stdout.strip().splitlines()[-1:]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="0.1,1,2,10", help="document sizes in MB, comma-separated (default 0.1,1,2,10)")
    ap.add_argument("--fontes", default=str(Path(sys.executable).with_name("fontes")), help="the fontes command")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--keep", help="write the documents into this folder and keep them")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--no-embed", action="store_true",
                    help="build without sentence embeddings (the search stage's model and vectors left out of the peak)")
    args = ap.parse_args()
    sizes = sorted(float(s) for s in args.sizes.split(",") if s.strip())
    rows = []
    with tempfile.TemporaryDirectory(prefix="fontes-doclen-") as tmp:
        folder = Path(args.keep) if args.keep else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for mb in sizes:
            text = make_document(mb, args.seed)
            path = folder / f"doclen_{mb:g}mb.txt"
            path.write_text(text, encoding="utf-8")
            words = len(WORD.findall(text))
            result = run_build(path, Path(tmp) / f"doclen_{mb:g}.db", args.fontes,
                               ("--no-embed",) if args.no_embed else ())
            row = {"mb": mb, "bytes": len(text.encode("utf-8")), "words": words, **result,
                   "words_per_second": words / result["seconds"],
                   "words_per_cpu_second": words / max(result["cpu_seconds"], 1e-9)}
            rows.append(row)
            if not args.json:
                print(f"{mb:>6g} MB  {words:>9,} words  {result['seconds']:>8.1f} s  "
                      f"{row['words_per_second']:>7,.0f} words/s  ({result['cpu_seconds']:,.0f} CPU s, "
                      f"{row['words_per_cpu_second']:,.0f} words/CPU s)  peak RSS {result['peak_rss_mb']:>7,.0f} MB",
                      flush=True)
    if args.json:
        print(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
