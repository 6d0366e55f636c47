"""Coverage-guided fuzzing of the same properties as ``test_fuzz.py`` with atheris (optional).

    pip install atheris
    python tests/fuzz_atheris.py time|clean|metadata|html|all [-max_total_time=60] [libFuzzer flags]

A crash (any exception other than the expected InputError, or a broken invariant) stops the run and
libFuzzer writes the input to ``crash-*``. ``test_fuzz.py`` runs ``all`` for a few seconds when
atheris is installed; CI does not depend on it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).parent))

with atheris.instrument_imports(include=["fontes"]):
    from fontes.clean import clean
    from fontes.errors import InputError
    from fontes.ingest import read_document
    from fontes.metadata import extract_metadata
    from fontes.model import Document
    from fontes.time import find_timexes, tag

# the properties themselves, imported after the instrumented imports
from test_fuzz import _check_timexes, _check_zones, assert_real_date

TMP = Path(tempfile.mkdtemp(prefix="fontes-atheris-"))


def _text(data: bytes) -> str:
    return atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))


def fuzz_time(data: bytes) -> None:
    text = _text(data)
    _check_timexes(text, tag(text), lambda t: "gregorian")
    doc = find_timexes(clean(Document(id="f", path="f.txt", text=text or "x", place="Petrograd")))
    _check_timexes(doc.text, doc.timexes, lambda t: t.calendar or doc.calendar or "gregorian")


def fuzz_clean(data: bytes) -> None:
    _check_zones(clean(Document(id="f", path="f.txt", text=_text(data))))


def fuzz_metadata(data: bytes) -> None:
    doc = extract_metadata(clean(Document(id="f", path="f.txt", text=_text(data))))
    if doc.citation.date is not None:
        assert_real_date(doc.citation.date.gregorian, "gregorian", "citation date")


def fuzz_html(data: bytes) -> None:
    path = TMP / "page.html"
    path.write_bytes(data)
    try:
        doc = read_document(path)
    except InputError as err:
        assert str(path) in str(err)
        return
    _check_zones(clean(doc))


def fuzz_all(data: bytes) -> None:
    """The first byte picks the target: one process (one model load) for a short run of all four."""
    if data:
        (fuzz_time, fuzz_clean, fuzz_metadata, fuzz_html)[data[0] % 4](data[1:])


TARGETS = {"time": fuzz_time, "clean": fuzz_clean, "metadata": fuzz_metadata, "html": fuzz_html, "all": fuzz_all}

if __name__ == "__main__":
    target = TARGETS[sys.argv.pop(1)]
    seed = (b"Sent: 9 November, 1917\nBy V. I. Lenin\n\nOn 25 October (7 November) 1917 the Soviet took power; "
            b"31/02/1917; <html><title>x<body><p>y</p>")
    for warm in (fuzz_time, fuzz_clean, fuzz_metadata, fuzz_html):
        warm(seed)  # warm-up: models and lexicons load outside libFuzzer's timer
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()
