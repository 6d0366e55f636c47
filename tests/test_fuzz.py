"""Fuzz tests (issue 11, item 7): the time parser, the cleaner, the citation header parser and the
HTML reader on random and hostile input never raise, never hang, and keep their invariants.

Each input has a time bound twice over: hypothesis's ``deadline`` and a SIGALRM guard that fails
the test (with the input) if one call takes more than ``PER_INPUT_SECONDS``, so a hang is a failure,
not a stuck CI job. The whole module runs in well under a minute. ``tests/fuzz_atheris.py`` runs the
same properties under atheris (coverage-guided) when it is installed; CI does not need it.
"""

from __future__ import annotations

import calendar as pycalendar
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fontes.clean import clean
from fontes.errors import InputError
from fontes.ingest import read_document
from fontes.metadata import extract_metadata
from fontes.model import Document

PER_INPUT_SECONDS = 5
FUZZ = settings(deadline=timedelta(seconds=PER_INPUT_SECONDS), derandomize=True, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@contextmanager
def time_bound(what: str, seconds: float = PER_INPUT_SECONDS) -> Iterator[None]:
    """Fail if the body takes more than ``seconds``, interrupting a hang (main thread, POSIX)."""

    def on_alarm(signum, frame):
        raise AssertionError(f"{what} took more than {seconds} s on one input")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert time.monotonic() - started < seconds, f"{what} took more than {seconds} s on one input"


# ---------------------------------------------------------------- dates are real dates

def _julian_days(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 else 28
    return pycalendar.monthrange(2001, month)[1]


def _gregorian_days(year: int, month: int) -> int:
    if month == 2:
        return 29 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 28
    return pycalendar.monthrange(2001, month)[1]


_DAY_VALUE = re.compile(r"^(BC)?(\d{4})-(\d{2})(?![\dW])(?:-(\d{2}))?(?:T(\d{2})(?::(\d{2}))?)?")


def assert_real_date(value: str | None, calendar: str, where: str) -> None:
    """Every month a TIMEX3 value names is 1..12, every day exists in that month of the calendar."""
    if not value:
        return
    for part in value.split("/"):
        m = _DAY_VALUE.match(part)
        if not m:
            continue
        year = 1 - int(m[2]) if m[1] else int(m[2])
        month = int(m[3])
        assert 1 <= month <= 12, f"{where}: month {month} in {value!r}"
        if m[4] is not None and calendar in ("gregorian", "julian"):
            days = (_julian_days if calendar == "julian" else _gregorian_days)(year, month)
            assert 1 <= int(m[4]) <= days, f"{where}: day {m[4]} in {value!r} ({calendar})"
        if m[5] is not None:
            assert int(m[5]) <= 24, f"{where}: hour {m[5]} in {value!r}"
        if m[6] is not None:
            assert int(m[6]) <= 59, f"{where}: minute {m[6]} in {value!r}"


# ---------------------------------------------------------------- generators

MONTHS = ["January", "February", "Feb.", "March", "April", "May", "June", "July", "Aug", "September", "Sept.",
          "October", "Nov", "December", "Febuary", "13th month"]
TIME_WORDS = ["the", "of", "on", "in", "O.S.", "N.S.", "(O.S.)", "Old Style", "New Style", "old style", "/", "-", ".",
              ",", "and", "to", "until", "from", "between", "the same day", "next day", "two days later", "last week",
              "yesterday", "today", "Friday", "Monday", "morning", "evening", "at", "o'clock", "noon", "midnight",
              "p.m.", "a.m.", "AD", "BC", "B.C.", "century", "1917/18", "1917-02-30", "31/02/1917", "29/02/1900",
              "30.02.1918", "1917-13-45", "1e308", "99999999999999999999", "0", "00", "-1", "32", "29", "31", "30",
              "1900", "1582", "1752", "1917", "1918", "2000", "9999", "10000", "the 31st", "Julian", "Gregorian",
              "week", "weeks", "years", "every", "each", "early", "late", "mid-", "spring", "Christmas", "Easter",
              "decade", "1910s", "'17", "Petrograd", "Moscow", "London", "1917-W05", "T10:61", "25:00", "\n", "\n\n"]


def _number() -> st.SearchStrategy[str]:
    return st.one_of(st.integers(-5, 40).map(str), st.integers(0, 3000).map(str),
                     st.integers(-10**30, 10**30).map(str), st.floats(allow_nan=True).map(str))


time_text = st.lists(st.one_of(st.sampled_from(MONTHS), st.sampled_from(TIME_WORDS), _number(),
                               st.text(max_size=6)), max_size=40).map(" ".join)

HEADER_LABELS = ["Title", "Author", "Authors", "By", "Sent", "Written", "Date", "Published", "First Published",
                 "Source", "Translated", "Translator", "Publisher", "Online Version", "Transcription", "URL",
                 "Accessed", "Retrieved", "Edited by", "Copyright", "Place", "From", "To", "Subject", "Volume",
                 "Collection", "Archive", ""]
header_value = st.one_of(
    time_text,
    st.lists(st.sampled_from(["V. I. Lenin", "Trotsky", "L. D.", "and", "&", ",", "Smith", "J. R. R.", "Dr.",
                              "Progress Publishers", "Moscow", "Volume 26", "pp. 312-313", "Marxists.org",
                              "https://example.org/a?b=c", "(", ")", ";", ":", "ed.", "trans.", "et al."]),
             max_size=12).map(" ".join),
    st.text(max_size=40),
)
header_line = st.one_of(
    st.tuples(st.sampled_from(HEADER_LABELS), st.sampled_from([": ", ":", " ", " - "]), header_value)
    .map(lambda t: f"{t[0]}{t[1]}{t[2]}"),
    st.sampled_from(["Wireless Message", "DECREE ON PEACE", "by V. I. Lenin", "Petrograd, 9 November 1917",
                     "Home | About | Contact", "Share this", "Print", "", "* * *", "Chapter I", "Letter to the editor"]),
    header_value,
)
BODY = ("The Council of People's Commissars ordered General Dukhonin on 9 November 1917 to open "
        "negotiations for an armistice. He refused and was dismissed the same day.")


def _html_piece() -> st.SearchStrategy[str]:
    tags = st.sampled_from(["p", "div", "title", "head", "body", "html", "script", "style", "a", "b", "i", "table",
                            "tr", "td", "li", "ul", "h1", "h2", "br", "span", "nav", "footer", "article", "main",
                            "meta", "iframe", "svg", "template", "noscript", "pre", "!--", "![CDATA[", "?xml", "x:y"])
    attrs = st.sampled_from(["", ' class="x"', " href='javascript:alert(1)'", ' content="2017-02-30"',
                             ' name="author" content="Lenin"', ' name="date" content="1917-13-45"', " a=", ' "', "'"])
    words = st.one_of(time_text, st.text(max_size=30), st.sampled_from([BODY, "&amp;", "&#0;", "&#x110000;", "&bogus;",
                                                                        "\x00", "\ufeff", "\u2029", "<", ">", "&"]))
    return st.one_of(
        st.tuples(tags, attrs).map(lambda t: f"<{t[0]}{t[1]}>"),
        tags.map(lambda t: f"</{t}>"),
        words,
    )


html_text = st.lists(_html_piece(), max_size=60).map("".join)


# ---------------------------------------------------------------- properties

@pytest.fixture(scope="module", autouse=True)
def warm() -> None:
    """Load models, lexicons and citeproc once, so the per-input bound measures the input alone."""
    from fontes.ner import load_model
    from fontes.settings import DEFAULTS
    from fontes.time import find_timexes

    load_model(DEFAULTS)("V. I. Lenin")  # the byline check asks the NER model
    with tempfile.TemporaryDirectory(prefix="fontes-fuzz-") as tmp:
        page = Path(tmp) / "warm.html"
        page.write_text(f"<html><head><title>Decree</title></head><body><p>{BODY}</p></body></html>", "utf-8")
        doc = read_document(page)
    find_timexes(extract_metadata(clean(Document(id="w", path="w.txt", text="Sent: 9 November, 1917\n\n" + BODY))))
    clean(doc)


def _check_timexes(text: str, timexes: list, calendar_of) -> None:
    for t in timexes:
        assert 0 <= t.start <= t.end <= len(text), (t.start, t.end, len(text))
        assert text[t.start:t.end] == t.text
        assert t.type in ("DATE", "TIME", "DURATION", "SET")
        assert isinstance(t.value, str) and t.value
        where = f"{t.text!r} -> {t.value!r}"
        assert_real_date(t.value, calendar_of(t), where)
        assert_real_date(t.gregorian, "gregorian", where)
        assert_real_date(t.julian, "julian", where)


def _tag(text: str, **kwargs) -> list:
    from fontes.time import tag

    return tag(text, **kwargs)


@pytest.mark.parametrize("text", ["31/02/1917", "1917-02-30", "December 1e308", "30 February 1918", "29 February 1900",
                                  "1917-13-45", "the 45th of Smarch 1917", "1917/18", "25:61 on 1 May 1917"])
def test_fuzz_time_known_hostile_dates(text):
    with time_bound("tag"):
        found = _tag(f"It happened on {text}.")
    _check_timexes(f"It happened on {text}.", found, lambda t: "gregorian")


@settings(FUZZ, max_examples=250)
@given(text=time_text, dct=st.one_of(st.none(), st.sampled_from(["1917-11-09", "2000-02-29", "1917-02-30", "x"])))
def test_fuzz_time_tag_never_raises_and_gives_real_dates(text, dct):
    with time_bound("fontes.time.tag"):
        found = _tag(text, dct=dct)
    assert isinstance(found, list)
    _check_timexes(text, found, lambda t: "gregorian")


@settings(FUZZ, max_examples=80)
@given(text=time_text, place=st.sampled_from([None, "Petrograd", "London", "Russia", "Athens"]))
def test_fuzz_time_stage_gives_real_dates_in_the_documents_calendar(text, place):
    from fontes.time import find_timexes

    text = text or "x"
    doc = Document(id="fuzz", path="fuzz.txt", text=text, place=place)
    with time_bound("clean + find_timexes"):
        doc = find_timexes(clean(doc))
    assert isinstance(doc, Document)

    def calendar_of(t):
        return t.calendar or doc.calendar or "gregorian"

    _check_timexes(text, doc.timexes, calendar_of)


def _check_zones(doc: Document) -> None:
    end = 0
    for zone in doc.zones:
        assert 0 <= zone.start <= zone.end <= len(doc.text), zone
        assert zone.start >= end, f"zones overlap or are unsorted at {zone}"
        assert zone.kind in ("body", "metadata", "boilerplate"), zone
        assert zone.rule, f"zone without a rule: {zone}"
        end = zone.end


@settings(FUZZ, max_examples=200)
@given(lines=st.lists(st.one_of(header_line, st.text(max_size=120), st.just(BODY)), max_size=30),
       newline=st.sampled_from(["\n", "\n\n", "\r\n", "\n \n"]))
def test_fuzz_clean_zones_sorted_disjoint_inside_with_a_rule(lines, newline):
    doc = Document(id="fuzz", path="fuzz.txt", text=newline.join(lines))
    with time_bound("clean"):
        doc = clean(doc)
    _check_zones(doc)


@settings(FUZZ, max_examples=150)
@given(header=st.lists(header_line, max_size=15), body=st.lists(st.one_of(st.just(BODY), time_text), max_size=4),
       meta=st.dictionaries(st.sampled_from(["title", "author", "date", "url", "sitename"]), header_value, max_size=3))
def test_fuzz_metadata_from_header_lines(header, body, meta):
    text = "\n".join(header) + "\n\n" + "\n\n".join(body)
    doc = Document(id="fuzz", path="fuzz.txt", text=text, html_meta=meta)
    with time_bound("clean + extract_metadata"):
        doc = extract_metadata(clean(doc))
    assert isinstance(doc, Document)
    c = doc.citation
    for value in (c.title, c.source, c.publisher, c.url, c.first_published):
        assert value is None or isinstance(value, str)
    assert all(isinstance(a, str) and a for a in c.authors), c.authors
    if c.date is not None:
        assert_real_date(c.date.gregorian, "gregorian", f"citation date {c.date}")
        assert_real_date(c.date.julian, "julian", f"citation date {c.date}")
    if c.accessed:
        assert_real_date(c.accessed, "gregorian", f"accessed {c.accessed!r}")
    assert doc.genre in (None, "primary", "secondary")


@pytest.fixture(scope="module")
def html_dir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="fontes-fuzz-") as tmp:
        yield Path(tmp)


_counter = iter(range(10**9))


@settings(FUZZ, max_examples=120)
@given(html=html_text, encoding=st.sampled_from(["utf-8", "utf-16", "latin-1", "raw"]),
       suffix=st.sampled_from([".html", ".htm", ".HTML"]), junk=st.binary(max_size=40))
@example(html="<html><head><title>Unclosed title<body><p>" + BODY, encoding="utf-8", suffix=".html", junk=b"")
@example(html="", encoding="utf-8", suffix=".html", junk=b"")
@example(html="<p>x</p>", encoding="raw", suffix=".html", junk=b"\x00\xff\xfe\x00" * 10)
def test_fuzz_html_reader_gives_a_document_or_an_input_error(html_dir, html, encoding, suffix, junk):
    path = html_dir / f"page{next(_counter)}{suffix}"
    data = junk + html.encode("utf-8", "surrogatepass") if encoding == "raw" else \
        html.encode(encoding, "replace")
    path.write_bytes(data)
    try:
        with time_bound("read_document"):
            doc = read_document(path)
    except InputError as err:
        assert str(path) in str(err), err
        return
    finally:
        path.unlink()
    assert isinstance(doc, Document)
    assert doc.text.strip() and doc.media_type == "text/html"
    assert "\r" not in doc.text
    for start, end in doc.main_spans or []:
        assert 0 <= start <= end <= len(doc.text)
    with time_bound("clean of an HTML page"):
        _check_zones(clean(doc))


_TAGS = ["p", "div", "title", "head", "body", "html", "a", "b", "i", "table", "tr", "td", "li", "ul", "h1", "span",
         "nav", "footer", "article", "main"]
_MARKUP = re.compile(r"</?(?:" + "|".join(_TAGS) + r")\b[^<>]*>", re.IGNORECASE)
markup_text = st.lists(st.one_of(
    st.tuples(st.sampled_from(_TAGS), st.sampled_from(["", ' class="x"', ' id="a b"'])).map(lambda t: f"<{t[0]}{t[1]}>"),
    st.sampled_from(_TAGS).map(lambda t: f"</{t}>"),
    st.sampled_from([BODY, "Wireless Message", "Sent: 9 November, 1917", "Home | About", "9 November 1917"]),
), max_size=40).map("".join)


@settings(FUZZ, max_examples=80)
@given(html=markup_text)
@example(html="<html><head><title>Unclosed title<body><p>" + BODY + "</p></body></html>")
def test_fuzz_html_reader_leaves_no_literal_tags(html_dir, html):
    """Text with no "<" of its own comes out with no tag of the page in it, however the tags nest."""
    path = html_dir / f"tags{next(_counter)}.html"
    path.write_text(html, "utf-8")
    try:
        with time_bound("read_document"):
            doc = read_document(path)
    except InputError:
        return
    finally:
        path.unlink()
    assert not _MARKUP.search(doc.text), doc.text


def test_fuzz_atheris_short_run_when_installed():
    """The same properties under atheris (coverage-guided) for a few seconds, only where it is installed."""
    pytest.importorskip("atheris")
    script = Path(__file__).with_name("fuzz_atheris.py")
    with tempfile.TemporaryDirectory(prefix="fontes-atheris-") as tmp:  # crash-* files land here
        done = subprocess.run([sys.executable, str(script), "all", "-max_total_time=8", "-rss_limit_mb=4096",
                               "-timeout=10", "-seed=11"], capture_output=True, text=True, timeout=180, check=False,
                              cwd=tmp, env={**os.environ, "TMPDIR": tmp})  # libFuzzer exits without cleaning up
    assert done.returncode == 0, f"atheris found a failing input:\n{done.stdout[-3000:]}\n{done.stderr[-4000:]}"
