"""Ingest speed per format (pages/s) and OCR character error rate on generated scans.

    python bench/bench_ingest.py [--pages 100] [--scans 4]

Each format is read by ``fontes.ingest.read_document`` (reading only, no analysis): a PDF with
a text layer typeset from the example documents (``tests/make_sources.py``), scans of pages of
the same text drawn with Pillow at two noise levels and OCR'd by Debian's Tesseract (CER is
1 - difflib ratio of the OCR'd body text against the drawn text, white space normalised), a
scanned PDF, and the ALTO, PAGE, hOCR and TEI samples of tests/data, and the METS/ALTO newspaper issue
of tests/data split into articles (``read_documents``).
"""

from __future__ import annotations

import argparse
import difflib
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from make_sources import HEAD, make_pdf, make_scan, paginate

from fontes.ingest import read_document

DATA = REPO / "tests" / "data"


def _cer(expected: str, got: str) -> float:
    a, b = " ".join(expected.split()), " ".join(got.split())
    return 1 - difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _cpu() -> float:
    """CPU seconds of this process and its finished children (Tesseract runs as a child)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _time(path: Path, repeat: int = 1) -> tuple[float, float, int]:
    """Wall seconds and CPU seconds of one read, and the pages read."""
    start, cpu = time.perf_counter(), _cpu()
    for _ in range(repeat):
        doc = read_document(path)
    return (time.perf_counter() - start) / repeat, (_cpu() - cpu) / repeat, max(1, len(doc.pages))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=100, help="pages of the text-layer PDF")
    parser.add_argument("--scans", type=int, default=4, help="scanned pages per noise level")
    args = parser.parse_args()
    text = "\n".join(p.read_text() for p in sorted((REPO / "examples" / "seeds").glob("*.txt")))
    rows: list[tuple[str, int, float, float, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        while len(paginate(text)) < args.pages:
            text += "\n" + text
        pdf = tmp_path / "book.pdf"
        pages = make_pdf(text, pdf)[:]
        seconds, cpu, n = _time(pdf)
        rows.append(("PDF text layer", n, n / seconds, cpu / n, ""))
        for label, path in (("ALTO", DATA / "kant_aufklaerung_1784_0017.alto.xml"),
                            ("PAGE XML", DATA / "kant_aufklaerung_1784_0017.page.xml"),
                            ("hOCR", DATA / "dukhonin_scan.hocr"), ("TEI P5", DATA / "trotsky_1917.tei.xml")):
            seconds, cpu, n = _time(path, repeat=20)
            rows.append((label, n, n / seconds, cpu / n, ""))
        rows.append(_issue_row(DATA / "luxzeit_1858-12-07" / "luxzeit_1858-12-07-mets.xml"))
        if shutil.which("tesseract"):
            for noise, tilt in ((0.0, 0.0), (0.006, 0.6)):
                errors, total, cpu = [], 0.0, 0.0
                for k, lines in enumerate(pages[:args.scans]):
                    lines = [ln for ln in lines if ln]
                    png = tmp_path / f"scan{k}.png"
                    drawn = make_scan(lines, png, seed=k, noise=noise, tilt=tilt, head=HEAD, number=str(11 + k))
                    start, cpu0 = time.perf_counter(), _cpu()
                    doc = read_document(png)
                    total += time.perf_counter() - start
                    cpu += _cpu() - cpu0
                    body = "\n".join(doc.text[a:b] for a, b in _body_spans(doc))
                    errors.append(_cer(drawn, body))
                name = "scan PNG, clean" if noise == 0 else f"scan PNG, noise {noise:.1%} tilt {tilt}°"
                rows.append((name, len(errors), len(errors) / total, cpu / len(errors),
                             f"CER {sum(errors) / len(errors):.2%}"))
            from PIL import Image

            spdf = tmp_path / "scanned.pdf"
            Image.open(tmp_path / "scan0.png").convert("RGB").save(spdf, resolution=200)
            seconds, cpu, n = _time(spdf)
            rows.append(("PDF without text layer (OCR)", n, n / seconds, cpu / n, ""))
        else:
            rows.append(("scans", 0, 0.0, 0.0, "skipped: tesseract not installed"))
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall pages/s depends on it; CPU s/page less)")
    print(f"{'format':34} {'pages':>6} {'pages/s':>9} {'CPU s/page':>11}  note")
    for name, n, rate, cpu, note in rows:
        print(f"{name:34} {n:6d} {rate:9.2f} {cpu:11.3f}  {note}")
    print(f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def _issue_row(mets: Path, repeat: int = 10) -> tuple[str, int, float, float, str]:
    """A newspaper issue (METS beside its ALTO pages) split into articles, read afresh each time."""
    from fontes.formats import articles
    from fontes.ingest import read_documents

    start, cpu = time.perf_counter(), _cpu()
    for _ in range(repeat):
        articles._ISSUES.clear()  # the issue cache would make every read after the first free
        docs = read_documents(mets)
    seconds, cpu = (time.perf_counter() - start) / repeat, (_cpu() - cpu) / repeat
    n = len({p.label for d in docs for p in d.pages})
    return "METS/ALTO issue -> articles", n, n / seconds, cpu / n, f"{len(docs)} articles"


def _body_spans(doc) -> list[tuple[int, int]]:
    """The text less what the reader marked as page chrome (running head, page number)."""
    chrome = sorted((m.start, m.end) for m in doc.marks if m.kind == "chrome")
    spans, pos = [], 0
    for start, end in chrome:
        spans.append((pos, start))
        pos = end
    spans.append((pos, len(doc.text)))
    return spans


if __name__ == "__main__":
    main()
