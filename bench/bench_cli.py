"""The commands a user runs, timed from the outside: `fontes chronology` and `fontes ask` (issue 12).

    python bench/bench_cli.py --db /tmp/fontes-large.db            # a KB from bench/make_corpus.py
    python bench/bench_cli.py --parse-only                         # only the question-reading comparison

Each figure is the wall time of a subprocess running the installed `fontes` command, as a user
would (interpreter start, imports, opening the database, the work, printing):

- chronology: time to the first line on stdout and to the end, for --format csv, json and the
  default table (stdout a pipe), over --chronology-runs runs each;
- ask: the wall time of `fontes ask QUESTION --db DB`, over --ask-runs runs (questions cycled
  from templates filled with the KB's people), p50/p95;
- the question reader: `fontes.ask.parse` (no statistical parser) against the spaCy parse it
  replaced, on the tests' questions, the latency bench's templates and eval/questions/dev.jsonl:
  how often kind, voice, the wh-word's role, the event cues and the content words agree.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FONTES = shutil.which("fontes") or str(Path(sys.executable).with_name("fontes"))


def first_line_and_total(cmd: list[str], *, first_only: bool = False) -> tuple[float, float, int]:
    """Seconds to the first line on stdout, seconds to exit, and the number of lines printed
    (``first_only``: the command is stopped after its first line, as `| head -1` would)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1,
                            env={**os.environ, "COLUMNS": "160"})
    assert proc.stdout is not None
    first = None
    lines = 0
    for _ in proc.stdout:
        if first is None:
            first = time.perf_counter() - t0
        lines += 1
        if first_only:
            proc.kill()
            break
    proc.wait()
    total = time.perf_counter() - t0
    if proc.returncode and not first_only:
        raise SystemExit(f"{' '.join(cmd)} failed with exit code {proc.returncode}")
    return first if first is not None else total, total, lines


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[max(0, int(round(len(values) * q)) - 1)]


# ---------------------------------------------------------------- the question reader, old and new


def spacy_reading(question: str, entities: list) -> dict:
    """What the spaCy-based reader (fontes before issue 12) made of a question."""
    import spacy

    from fontes.ask import _STOP, cue_types, match_entities, question_kind
    from fontes.ner import pipeline_name
    from fontes.settings import DEFAULTS

    global _NLP
    if "_NLP" not in globals():
        _NLP = spacy.load(pipeline_name(DEFAULTS.spacy_model), disable=["ner"])
    text = " ".join(question.split())
    doc = _NLP(text)
    lower = [t.lower_ for t in doc]
    kind = question_kind(lower)
    passive = any(t.dep_ in ("auxpass", "nsubjpass") for t in doc)
    wh = next((t for t in doc if t.lower_ in ("who", "whom", "whose", "what", "which")), None)
    if wh is None:
        role = "patient" if passive else "agent"
    elif wh.dep_ == "pobj" and wh.head.lower_ == "by" or wh.dep_ == "agent":
        role = "agent"
    elif wh.dep_ in ("nsubjpass", "dobj") or wh.lower_ == "whom":
        role = "patient"
    elif (wh.i + 1 < len(doc) and doc[wh.i + 1].lemma_ == "do" and wh.i + 2 < len(doc)
          and not doc[wh.i + 2].tag_.startswith("VB")):
        role = "patient"
    elif wh.dep_ == "nsubj":
        others = [t for t in doc if t.dep_ in ("nsubj", "nsubjpass") and t.i != wh.i]
        role = "patient" if others or passive else "agent"
    else:
        role = "patient" if passive else "agent"
    named = match_entities(text, entities)
    names = " ".join(n for e in named for n in (e.name, *e.aliases)).lower()
    lemmas = [t.lemma_.lower() for t in doc if not t.is_punct]
    cues = cue_types(lemma for lemma in lemmas if lemma not in names.split())
    words = {t.lower_ for t in doc if t.is_alpha and t.lower_ not in _STOP and t.lemma_.lower() not in _STOP
             and t.lower_ not in names and not cue_types([t.lemma_.lower()])}
    return {"kind": kind, "passive": passive, "wh_role": role if wh is not None else role,
            "cues": sorted(cues), "words": sorted(words)}


def questions(people: list[str]) -> list[str]:
    rng = random.Random(12)
    out = ["Who was appointed Commander of the Northern Army?", "Who dismissed General Ostrovo?",
           "By whom was Ostrovo dismissed?", "Who refused to obey?", "Whom did the Council appoint?",
           "When was Ostrovo dismissed?", "Where was the truce?", "Who won the football cup?",
           "When was Ostrovo arrested?", "When was Dukhonin dismissed?", "Who was appointed Commander-in-Chief?",
           "When was the treaty signed?", "Who signed the armistice?", "What did the Council order?",
           "Who did the Council appoint?", "Where did the mutiny break out?", "Who sent the telegram?",
           "To whom was the telegram sent?", "What happened on 7 November 1917?", "When did the Council meet?",
           "Which general was relieved of his command?", "Who was overthrown?", "What was proclaimed in Petrograd?",
           "Who has been arrested?", "When were the ministers arrested?", "Who ordered the troops to fire?",
           "Where was the treaty of Brest-Litovsk signed?", "What year was the armistice agreed?",
           "Who proposed an armistice to the Germans?", "Who refused the offer?", "When did the Tsar abdicate?",
           "By whom was the order issued?", "Who was the commander of the fleet?", "What did Ostrovo's men seize?"]
    templates = ("When was {} dismissed?", "Who appointed {}?", "Where was {} arrested?", "Who did {} order?",
                 "Whom did {} dismiss?", "When did {} sign the treaty?", "Who was appointed by {}?",
                 "What did {} propose?", "Where did {} travel?", "When was {} appointed commander?")
    out += [t.format(rng.choice(people)) for t in templates for _ in range(6)]
    dev = REPO / "eval" / "questions" / "dev.jsonl"
    if dev.exists():
        out += [json.loads(line)["question"] for line in dev.read_text(encoding="utf-8").splitlines() if line.strip()]
    return out


def compare_readers(entities: list, people: list[str]) -> None:
    from fontes.ask import parse

    qs = questions(people)
    spacy_reading(qs[0], entities)  # load the model before anything is timed
    fields = ("kind", "passive", "wh_role", "cues", "words")
    agree = {f: 0 for f in fields}
    t_new = t_old = 0.0
    differ = []
    for q in qs:
        t = time.perf_counter()
        new = parse(q, entities)
        t_new += time.perf_counter() - t
        t = time.perf_counter()
        old = spacy_reading(q, entities)
        t_old += time.perf_counter() - t
        got = {"kind": new.kind, "passive": new.passive, "wh_role": new.wh_role, "cues": sorted(new.cues),
               "words": sorted(new.words)}
        for f in fields:
            agree[f] += got[f] == old[f]
        if any(got[f] != old[f] for f in fields[:4]):
            differ.append((q, {f: (old[f], got[f]) for f in fields[:4] if got[f] != old[f]}))
    n = len(qs)
    print(f"question reader: fontes.ask.parse vs the spaCy parse it replaced, {n} questions")
    print("  agreement: " + ", ".join(f"{f} {agree[f]}/{n}" for f in fields))
    print(f"  time per question: {1000 * t_new / n:.2f} ms (rules) vs {1000 * t_old / n:.2f} ms (spaCy, model loaded)")
    for q, d in differ[:15]:
        print(f"  differs: {q!r}: " + "; ".join(f"{f} spaCy={a} rules={b}" for f, (a, b) in d.items()))


# ---------------------------------------------------------------- main


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", default="/tmp/fontes-large.db")
    ap.add_argument("--ask-runs", type=int, default=100)
    ap.add_argument("--chronology-runs", type=int, default=10)
    ap.add_argument("--parse-only", action="store_true", help="Only compare the question readers (no KB timing).")
    ap.add_argument("--first-line-only", action="store_true", help="Stop each chronology after its first line.")
    ap.add_argument("--skip", action="append", default=[], choices=["chronology", "ask", "parse"])
    args = ap.parse_args()
    from fontes.store import KnowledgeBase

    if args.parse_only:
        sys.path.insert(0, str(REPO / "tests"))
        from kbfixtures import invented_corpus

        entities = invented_corpus().entities
        compare_readers(entities, [e.name for e in entities if e.type == "PER"])
        return
    kb = KnowledgeBase.open(args.db)
    with kb.engine.connect() as conn:
        docs = conn.exec_driver_sql("SELECT count(*) FROM documents").scalar_one()
        n_events = conn.exec_driver_sql("SELECT count(*) FROM events").scalar_one()
    entities = kb.entities()
    people = [e.name for e in entities if e.type == "PER"]
    print(f"knowledge base: {docs} documents, {n_events} events ({args.db}); command: {FONTES}")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start\n")

    print(f"{'command':58} {'runs':>5} {'first line p50/p95 s':>21} {'total p50/p95 s':>17} {'lines':>8}")
    for fmt in ("csv", "json", "table") if "chronology" not in args.skip else ():
        cmd = [FONTES, "chronology", "--db", args.db] + ([] if fmt == "table" else ["--format", fmt])
        firsts, totals, lines = [], [], 0
        for _ in range(args.chronology_runs):
            f, t, lines = first_line_and_total(cmd, first_only=args.first_line_only)
            firsts.append(f)
            totals.append(t)
        print(f"{'fontes chronology --format ' + fmt:58} {len(firsts):5d} "
              f"{statistics.median(firsts):9.2f} / {pct(firsts, 0.95):5.2f} "
              f"{statistics.median(totals):8.2f} / {pct(totals, 0.95):5.2f} {lines:8d}", flush=True)

    rng = random.Random(7)
    templates = ("When was {} dismissed?", "Who appointed {}?", "Where was {} arrested?", "Who did {} order?")
    asks = [rng.choice(templates).format(rng.choice(people)) for _ in range(args.ask_runs if "ask" not in args.skip else 0)]
    walls, answered = [], 0
    for q in asks:
        t = time.perf_counter()
        out = subprocess.run([FONTES, "ask", q, "--db", args.db, "--json"], capture_output=True, text=True)
        walls.append(time.perf_counter() - t)
        if out.returncode:
            raise SystemExit(f"fontes ask {q!r} failed: {out.stderr[-500:]}")
        answered += json.loads(out.stdout)["found"]
    if walls:
        print(f"{'fontes ask QUESTION --json (wall)':58} {len(walls):5d} {'':21} "
              f"{statistics.median(walls):8.2f} / {pct(walls, 0.95):5.2f}   {answered}/{len(walls)} answered")
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end (2 cores: above 2, every figure waits for the CPU)\n")
    if "parse" not in args.skip:
        compare_readers(entities, people)


if __name__ == "__main__":
    main()
