"""Event stage, lines: chronology and timeline entries, map labels and the header lines of a document's own record."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from fontes.events.common import (
    _WORDS,
    _YEAR,
    ASSERTED_MODALITIES,
    _dual,
    _ids,
    _is_dated,
)
from fontes.events.triggers import Triggers, _form_types
from fontes.model import Document, DualDate, Event, Timex

# --- timeline and chronology lines --------------------------------------------------------------

# "• March 2, 1881 – The Tsar returns", "1703: Foundation of St Petersburg", "12 June 1812. Napoleon
# crosses the Niemen", "1905 | Revolution": a line led by a date (after a bullet or a number) and a
# separator is a dated entry of a chronology, the rest of the line its evidence (issue 10).
_BULLET = re.compile(r"[\s•·*▪►‣◦●○■□–—-]*(?:\d{1,3}[.)]\s+(?=\D))?")
_RUN_JOIN = re.compile(r"\s*,?\s*")
_RANGE_SEP = re.compile(r"\s*(?:–|—|-|to|until)\s*")
_ENTRY_SEP = re.compile(r"\s*(?:[–—:|\t]|-(?=\s)|\.(?=\s+\S)|\)|,(?=\s*[A-Z]))\s*")
_SPACE_CAPITAL = re.compile(r"\s+(?=[A-Z\"“'‘(\[])")
_SPACE_LETTER = re.compile(r"\s+(?=[A-ZÀ-ÖØ-ÞА-ЯЁ])")  # a capital letter, not a bracket or a quote
_SPACE_WORD = re.compile(r"\s+(?=[^\W\d_]|[\"“'‘(\[])")
_ALPHA_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class _Line:
    """One chronology entry: the whole line, where its text after the date starts, and its date."""

    start: int
    end: int
    rest: int
    when: DualDate
    index: int | None
    date_end: int
    label: bool = False  # a caption or map label with its date last ("Battle of Narva, 30 November 1700")
    # a table row: a name, then its date columns ("Portugal 4 October 1582 15 October 1582"); or, not a
    # label, its date, then columns of figures ("1907 | 211,922 | 48,271")
    row: bool = False


def _timeline_lines(doc: Document, skip: list[tuple[int, int]]) -> list[_Line]:
    """The lines of a document that are chronology entries (see _BULLET and _ENTRY_SEP)."""
    by_start: dict[int, int] = {}
    by_end: dict[int, int] = {}
    for i, t in enumerate(doc.timexes):
        if t.type in ("DATE", "TIME"):
            by_start.setdefault(t.start, i)
            by_end[t.end] = i
    if not by_start:
        return []
    out: list[_Line] = []
    pos = 0
    text = doc.text
    heading: _Line | None = None  # a line holding only a date: the entry is the next line
    year_led: list[tuple[int, int, int]] = []  # "1642 The fleet sails ...": a bare year, a space, a capital
    after_stop = True  # the line before ended a sentence, or was blank
    for raw in text.splitlines(keepends=True):
        line_start, pos = pos, pos + len(raw)
        line = raw.rstrip("\r\n")
        if not line.strip():
            after_stop = True
            continue
        opens, after_stop = after_stop, line.rstrip().endswith((".", "!", "?", ":"))
        pending, heading = heading, None
        if len(line) > 400:
            continue
        lead = _BULLET.match(line).end()
        first = by_start.get(line_start + lead)
        if first is None:  # "1. 10th of October ...": a list number before the date
            numbered = _NUMBERED.match(line)
            first = by_start.get(line_start + numbered.end()) if numbered else None
            lead = numbered.end() if first is not None else lead
        if any(a <= line_start + lead < b for a, b in skip):
            continue
        line_end = line_start + len(line.rstrip())
        if first is not None:
            entry = _entry(doc, first, line_start, line_end, by_start)
            if entry is None:
                heading = _date_only(doc, first, line_start, line_end, by_start)
                if heading is None and opens and _entry(doc, first, line_start, line_end, by_start, bare_year=True):
                    year_led.append((first, line_start, line_end))
        elif pending is not None:  # "• 1676" then "Tsar Alexis dies and Feodor becomes tsar."
            first_char = line_start + len(line) - len(line.lstrip())
            entry = _Line(first_char, line_end, first_char, pending.when, pending.index, first_char)
            if len(_ALPHA_WORD.findall(line)) < 2:
                entry = None
        else:
            entry = _label(doc, line_start, line_end, by_end)
        if entry is not None:
            out.append(entry)
    if len(year_led) >= CHRONOLOGY_LINES:  # several lines led by a year make a chronology, not names
        out.extend(e for first, a, b in year_led if (e := _entry(doc, first, a, b, by_start, bare_year=True)))
        out.sort(key=lambda line: line.start)
    if sum(line.row for line in out) < TABLE_ROWS:
        out = [line for line in out if not line.row]  # a lone line ending in a date is no table
    return out


# lines opening with a bare year, a space and a capital ("1642 The fleet sails ...", "1643 The port is
# blockaded") that make a chronology; one alone may open with a name ("1905 Revolution ...")
CHRONOLOGY_LINES = 3


TABLE_ROWS = 3  # rows of names and dates that make a table


_NUMBERED = re.compile(r"[\s•·*▪►‣◦●○■□–—-]*\d{1,3}[.)]\s+")


def _date_only(doc: Document, first: int, line_start: int, line_end: int, by_start: dict[int, int]) -> _Line | None:
    """A line that is a date and nothing else ("• 1697 - 1698", "June 1853"): the heading of the entry below it."""
    text, timexes = doc.text, doc.timexes
    end = timexes[first].end
    run = [first]
    while True:
        gap = _RANGE_SEP.match(text, end) or _RUN_JOIN.match(text, end)
        nxt = by_start.get(gap.end()) if gap else None
        if nxt is None or nxt in run or len(run) > 2:
            break
        run.append(nxt)
        end = timexes[nxt].end
    if text[end:line_end].strip(" .,:;–—-"):
        return None
    when, index = _run_date(doc, run[:1]) if len(run) == 1 else _run_date(doc, run)
    if when is None:
        return None
    if len(run) > 1 and _RANGE_SEP.match(text, timexes[run[0]].end) and _is_dated(timexes[run[-1]]):
        last = timexes[run[-1]]
        first_t = timexes[run[0]]
        when = DualDate(f"{first_t.gregorian or first_t.value}/{last.gregorian or last.value}",
                        f"{first_t.julian}/{last.julian}" if first_t.julian and last.julian else None,
                        text[first_t.start:last.end])
        index = None
    return _Line(line_start, line_end, line_end, when, index, end)


# (or "of"/"dated" before the date: "Ukaz of 9 November 1906", "Edict dated 3 March 1702")
_LABEL_TAIL = re.compile(r"\s*(?:[,–—:|(\t]|-\s|\s(?:of|dated)\s)\s*$")
LABEL_WORDS = 12  # a caption or map label is short; a longer line ending in a date is prose
# a sentence ends before the date: a stop after a word, not after a regnal number or an initial
# ("Manifesto of Alexander III. (29 April 1881)", "J. Smith, 1853")
_SENTENCE_BREAK = re.compile(r"(?<![\s(.][IVXLC])(?<![\s(.][IVXLC]{2})(?<![\s(.][IVXLC]{3})(?<!\b\w)[.!?]\s")


def _label(doc: Document, line_start: int, line_end: int, by_end: dict[int, int]) -> _Line | None:
    """A short line that names a happening and ends with its date: "Battle of Narva, 30 November 1700",
    "Foundation of St Petersburg (1703)", a map label or a picture caption."""
    text = doc.text
    stripped = text[line_start:line_end]
    tail = len(stripped) - len(stripped.rstrip(" ).]"))
    end = line_end - tail
    last = by_end.get(end)
    if last is None or doc.timexes[last].start <= line_start or not _is_dated(doc.timexes[last]):
        return None
    start = doc.timexes[last].start
    before = text[line_start:start]
    sep = _LABEL_TAIL.search(before)
    words = _ALPHA_WORD.findall(before)
    first = line_start + len(stripped) - len(stripped.lstrip())
    if not 1 <= len(words) <= LABEL_WORDS or _SENTENCE_BREAK.search(before):
        return None
    if sep is None:
        return _row(doc, first, line_end, last, by_end)
    return _Line(first, line_end, first, _dual(doc.timexes[last]), last, line_end, label=True)


_ROW_NAME_END = re.compile(r"(?:\b[^\W\d_]+\.?|\))\s+$")
_ROW_CAPITAL = re.compile(r"\b[A-ZÀ-ÞА-ЯЁ]")
# a line of prose that ends in a date has a preposition, an article or a verb before it
_ROW_NOT_LAST = frozenset("""on in at of by from to until till since before after during the a an and or but
was were is are be been had has have which that when while dated signed until""".split())


def _row(doc: Document, first: int, line_end: int, last: int, by_end: dict[int, int]) -> _Line | None:
    """A table row: a name ("Portugal", "Most Italian states", "Holland (now the Netherlands)") and then
    only its date columns, one or two dates apart by spaces, the last one the row's date; a line of
    prose ending in a date has a preposition or a verb before it ("... was signed on 30 March")."""
    text, timexes = doc.text, doc.timexes
    start = timexes[last].start
    columns = 1
    gap = re.search(r"\s+$", text[first:start])
    prev = by_end.get(start - len(gap.group())) if gap else None
    if prev is not None and _is_dated(timexes[prev]) and timexes[prev].start > first:
        start, columns = timexes[prev].start, 2
    name = text[first:start]
    last_word = _ROW_NAME_END.search(name)
    if (last_word is None or last_word.group().strip(" .").lower() in _ROW_NOT_LAST or not _ROW_CAPITAL.search(name)
            or columns == 1 and len(_ALPHA_WORD.findall(name)) > 6):
        return None
    return _Line(first, line_end, first, _dual(timexes[last]), last, line_end, label=True, row=True)


def _entry(doc: Document, first: int, line_start: int, line_end: int, by_start: dict[int, int],
           bare_year: bool = False) -> _Line | None:
    """The chronology entry a line led by timex ``first`` makes, or None when it is prose or a bare date;
    ``bare_year``: a year and a capital after a space lead an entry (the line is one of a chronology's)."""
    text, timexes = doc.text, doc.timexes
    run = [first]
    end = timexes[first].end
    while True:  # "1700, February 18": a year and a day written apart are one date
        nxt = by_start.get(_RUN_JOIN.match(text, end).end())
        if nxt is None or nxt in run or len(run) > 2:
            break
        run.append(nxt)
        end = timexes[nxt].end
    closing = None
    sep = _RANGE_SEP.match(text, end)
    if sep and sep.end() < line_end and by_start.get(sep.end()) is not None and any(
            c.isdigit() for c in timexes[by_start[sep.end()]].text):
        closing = by_start[sep.end()]  # "1700–1721 – the Great Northern War"
        end = timexes[closing].end
    when, index = _run_date(doc, run)
    if when is None:
        return None
    if closing is not None:
        last = timexes[closing]
        if _is_dated(last):
            g = f"{when.gregorian}/{last.gregorian or last.value}"
            j = f"{when.julian}/{last.julian}" if when.julian and last.julian else None
            when = DualDate(g, j, text[timexes[first].start:end])
    sep = _ENTRY_SEP.match(text, end)
    if sep is None or sep.end() == end:
        # a space and a capital only after a full date ("17 October 1905 Manifesto signed by ..."),
        # not after a bare year ("1905 Revolution" is a name)
        if re.match(r"^\d{4}-\d{2}-\d{2}", when.gregorian or ""):
            sep = _SPACE_WORD.match(text, end)  # "22nd of January the convention assembles": a diary's or a chronology's day
        elif re.match(r"^\d{4}-\d{2}", when.gregorian or ""):
            sep = _SPACE_CAPITAL.match(text, end)
        elif bare_year:  # "1642 The fleet sails ...", not "1689 (Old Style)"
            sep = _SPACE_LETTER.match(text, end)
        else:
            sep = None
        if sep is None:
            return None
    rest = sep.end()
    figures = _FIGURES_ROW.fullmatch(text[end:line_end]) is not None
    if len(_ALPHA_WORD.findall(text[rest:line_end])) < 2 and not figures:
        return None
    return _Line(line_start + len(text[line_start:line_end]) - len(text[line_start:line_end].lstrip()),
                 line_end, rest, when, index, end, row=figures)


# the rest of a table row led by its date, in columns of figures ("1907 | 211,922 | 48,271"): the
# row records what happened that year (issue 10: each dated line of a table is an entry)
_FIGURES_ROW = re.compile(r"(?:\s*[|\t]\s*[\d.,%]+)+\s*\|?\s*")


def _run_date(doc: Document, run: list[int]) -> tuple[DualDate | None, int | None]:
    """The date of a run of time expressions: one, or a year and a day-month written apart."""
    timexes = doc.timexes
    if len(run) == 1 or not all(_is_dated(timexes[i]) or (timexes[i].value or "").startswith("XXXX") for i in run):
        t = timexes[run[0]]
        return (_dual(t), run[0]) if _is_dated(t) else (None, None)
    years = [i for i in run if re.fullmatch(r"\d{4}", timexes[i].value or "")]
    days = [i for i in run if re.match(r"^(?:\d{4}|XXXX)-\d{2}", timexes[i].value or "")]
    if not years or not days:
        t = timexes[run[0]]
        return (_dual(t), run[0]) if _is_dated(t) else (None, None)
    year, day = timexes[years[0]], timexes[days[0]]
    value = year.value + day.value[4:]
    written = doc.text[timexes[run[0]].start:timexes[run[-1]].end]
    return _dual_of(value, day, written), None


def _dual_of(value: str, like: Timex, written: str | None) -> DualDate:
    """A value in the calendar another time expression was read in, in both calendars as that one is."""
    from fontes import calendars

    if like.julian and like.julian == like.value and like.gregorian != like.value:  # read as Old Style
        return DualDate(calendars.convert_value(value, "gregorian", mod=like.mod), value, written)
    if like.julian:  # read as New Style, in the dual era
        return DualDate(value, calendars.convert_value(value, "julian", mod=like.mod), written)
    return DualDate(value, None, written)


def _timeline_events(doc: Document, lines: list[_Line], found: list[Event], nlp: Any) -> tuple[list[Event], set[int]]:
    """An event for each chronology entry: the parsed events of its line take the line's date when
    their own sentence gives none but the leading one; a line with none becomes one event typed
    from its words (OTHER when none is known). Returns the new events and the ids of the untyped
    narrative events (see clauses._Context._narrated) that the entries replace."""
    out: list[Event] = []
    drop: set[int] = set()
    found = sorted(found, key=lambda e: e.start)
    starts = [e.start for e in found]
    order = sorted(range(len(doc.timexes)), key=lambda i: doc.timexes[i].start)
    timex_starts = [doc.timexes[i].start for i in order]
    for line in lines:
        inside = [e for e in found[bisect_left(starts, line.start):bisect_left(starts, line.end)]
                  if e.modality in ASSERTED_MODALITIES]  # "attempts to flee": the entry still happened
        narrated = [e for e in inside if e.arguments.get("lemma") == ["narrated"]]
        if narrated:  # the entry's own words type it ("the Association makes its Declaration")
            drop.update(id(e) for e in narrated)
            inside = [e for e in inside if e not in narrated]
        for event in inside:
            lo, hi = bisect_left(timex_starts, max(event.start, line.date_end)), bisect_left(timex_starts, event.end)
            own = [order[k] for k in range(lo, hi) if _is_dated(doc.timexes[order[k]])]
            if not own and (event.when is None or event.timex_index is None or event.when.as_written is None
                            or doc.timexes[event.timex_index].start < line.date_end):
                event.when, event.timex_index = line.when, line.index
                event.arguments.pop("dated_by", None)  # dated by its own entry's date, not the passage
                event.confidence = min(event.confidence, 0.95)
        if inside:
            continue
        rest = doc.text[line.rest:line.end]
        zone = doc.zone_at(line.start)
        etype = _line_type(_without_dates(doc, line.rest, line.end), nlp)
        if etype is None and line.row and line.label and zone == "body":
            etype = _heading_type(doc, line.start, nlp)  # "Portugal 4 October 1582" under "Adoption of ..."
        if etype is None and (zone != "body" or line.label):
            continue  # a dated line of chrome ("12 March 2015 – 3 comments") reports nothing
        if etype is None and _states_nothing(doc, line, nlp):
            continue  # a diary's "Ye 6th. A wett day.": the entry notes the weather, no happening
        out.append(Event(
            id="", type=etype or "OTHER", start=line.start, end=line.end, evidence=doc.text[line.start:line.end],
            trigger=None, when=line.when, timex_index=line.index, zone=zone, doc_id=doc.id, confidence=0.85,
            arguments={"lemma": ["timeline"], "actors": [], "targets": [], "place": [], "entry": [rest]},
            actors=_ids(m for m in doc.mentions if line.rest <= m.start < line.end and m.label in ("PER", "ORG"))[:3],
            place=next(iter(_ids(m for m in doc.mentions if line.rest <= m.start < line.end and m.label == "LOC")), None),
        ))
    return out, drop


def _states_nothing(doc: Document, line: _Line, nlp: Any) -> bool:
    """Whether an untyped entry is a note that names no one and nothing done: a sentence closed by a
    full stop, or an aside in brackets, with no verb and no named person, place or body ("A cold wett
    day.", "(also 1 January 1583)"). A chronology's caption ("1700, February 18 – last day of the old
    reckoning") has no closing stop and still reports its day."""
    text = doc.text[line.rest:line.end].strip()
    if not (text.endswith((".", "!")) or text[:1] in "([" and text[-1:] in ")]"):
        return False
    if any(line.rest <= m.start < line.end for m in doc.mentions):
        return False
    words = _without_dates(doc, line.rest, line.end)
    return not any(tok.pos_ in ("VERB", "AUX") or tok.tag_ == "NNP" for tok in nlp(words))


def _without_dates(doc: Document, lo: int, hi: int) -> str:
    """A line's text with its time expressions blanked: "Signed at Paris, March 30" holds no march,
    "May 5" no modal verb; only the entry's other words type it."""
    chars = list(doc.text[lo:hi])
    for t in doc.timexes:
        if t.start < hi and lo < t.end:
            for k in range(max(t.start, lo), min(t.end, hi)):
                chars[k - lo] = " "
    return "".join(chars)


def _heading_type(doc: Document, before: int, nlp: Any) -> str | None:
    """The type of the nearest heading above an offset that names a kind of happening ("Adoption of
    the Gregorian calendar", "Battles of the war"), the document's title counting as the first heading:
    the rows of a table under it report happenings of that kind."""
    from fontes.events.dating import _is_heading

    lines = [line for line in doc.text[:before].splitlines() if _is_heading(line)]
    if doc.citation.title:
        lines.insert(0, doc.citation.title)
    for line in reversed(lines):
        etype = _line_type(line, nlp)
        if etype is not None:
            return etype
    return None


def _line_type(text: str, nlp: Any) -> str | None:
    """The type of the first trigger word of a chronology line (an event noun or verb in any form)
    whose pattern the line's words can satisfy."""
    table = _form_types(nlp)
    words = _WORDS.findall(text.lower())
    present = set(words)
    for word in words:
        for etype, need in table.get(word, ()):
            if not need or need & present:
                return etype
    return None



def _stripped_lines(text: str) -> Iterator[tuple[int, str]]:
    """Each line of a text without its surrounding blanks, with the offset of its first character."""
    pos = 0
    for raw_line in text.splitlines(keepends=True):
        line = raw_line.rstrip("\r\n")
        yield pos + len(line) - len(line.lstrip()), line.strip()
        pos += len(raw_line)


# --- an instrument's closing formula -------------------------------------------------------------

CLOSING_CHARS = 300  # a closing formula is one short line


def _closing_events(doc: Document, table: Triggers, nlp: Any) -> list[Event]:
    """"Done at Paris, the thirtieth day of March, 1856.": a line led by a closing formula of
    data/event_triggers.yaml ``closing_lines`` and holding a dated time expression concludes the
    instrument the heading above it names, of that heading's type (none: no event)."""
    events: list[Event] = []
    for start, stripped in _stripped_lines(doc.text):
        lower = stripped.lower()
        if not stripped or len(stripped) > CLOSING_CHARS or not any(
                lower.startswith(c) and lower[len(c):len(c) + 1].isspace() for c in table.closing_lines):
            continue
        end = start + len(stripped)
        dated = [(i, t) for i, t in enumerate(doc.timexes) if start <= t.start < end and _is_dated(t)]
        etype = _instrument_type(doc, start, nlp) if dated else None
        if etype is None:
            continue
        i, t = dated[0]
        events.append(Event(id="", type=etype, start=start, end=end, evidence=doc.text[start:end],
                            trigger=stripped.split()[0], when=_dual(t), timex_index=i, zone=doc.zone_at(start),
                            doc_id=doc.id, confidence=0.85, arguments={"lemma": ["closing"]}))
    return events


_INSTRUMENTS = ("TREATY", "ARMISTICE", "CEASEFIRE", "ADOPTION", "ORDER")


def _instrument_type(doc: Document, before: int, nlp: Any) -> str | None:
    """The type of the instrument that the nearest heading above an offset names ("ANNEXES TO TREATY OF
    PARIS.", "Decree on Land"), the document's title counting as the first heading; None when no
    heading names a treaty, an armistice or an enactment."""
    from fontes.events.dating import _is_heading

    lines = [line for line in doc.text[:before].splitlines()
             if _is_heading(line) or 0 < len(line.strip()) < 80 and line.isupper()]
    if doc.citation.title:
        lines.insert(0, doc.citation.title)
    for line in reversed(lines):
        etype = _line_type(line, nlp)
        if etype in _INSTRUMENTS:
            return etype
    return None


# --- header lines of the document's own record --------------------------------------------------

def _header_events(doc: Document, table: Triggers) -> list[Event]:
    """"Sent: 9 November 1917" → MESSAGE_SENT; "First Published: In X, date" / "Source: ..., Year" → PUBLICATION."""
    events: list[Event] = []
    for offset, stripped in _stripped_lines(doc.text):
        if not stripped or len(stripped) > 300:
            continue
        lower = stripped.lower()
        record = _record_line(doc, table, offset, stripped) or _stamp_line(doc, table, offset, stripped)
        if record is not None:
            events.append(record)
            continue
        for label, etype in table.headers:
            if not lower.startswith(label):
                continue
            rest = stripped[len(label):]
            has_colon = rest.lstrip().startswith(":")
            if not has_colon and not (label.endswith("published") and _YEAR.search(rest)):
                continue  # "Published according to ..." without a date is not a publication record
            if not has_colon and not rest[:1].isspace():
                continue
            start, end = offset, offset + len(stripped)
            when, index = _line_date(doc, start, end, stripped)
            zone = doc.zone_at(start)
            actors = _header_actors(doc, start, end, etype)
            events.append(Event(
                id="", type=etype, start=start, end=end, evidence=doc.text[start:end], trigger=label,
                actors=actors, when=when, timex_index=index, zone=zone, doc_id=doc.id,
                channel=None, arguments={"actors": actors},
            ))
            break
    return events


RECORD_CHARS = 160  # a record line is short


def _record_line(doc: Document, table: Triggers, start: int, line: str) -> Event | None:
    """"Issued by the Pope, February 24, 1581/2", "revised March 2002": a short line of the text's own
    record, led by a word of data/event_triggers.yaml ``record_lines`` and ending in its date."""
    lower = line.lower()
    label, etype = next(((lab, t) for lab, t in table.record_lines if lower.startswith(lab)), (None, None))
    if label is None or etype is None or len(line) > RECORD_CHARS or not line[len(label):len(label) + 1].isspace():
        return None
    end = start + len(line)
    inside = [(i, t) for i, t in enumerate(doc.timexes) if start <= t.start < end and _is_dated(t)]
    if not inside or doc.text[inside[-1][1].end:end].strip(" .,;:)]") != "":
        return None  # the date closes the line
    i, t = inside[-1]
    actors = _header_actors(doc, start, end, etype) if etype == "PUBLICATION" else []
    return Event(id="", type=etype, start=start, end=end, evidence=doc.text[start:end], trigger=label, actors=actors,
                 when=_dual(t), timex_index=i, zone=doc.zone_at(start), doc_id=doc.id, channel=None,
                 arguments={"actors": actors, "lemma": ["record"]})


# a machine time stamp, a date with its time of day ("2001-05-03T14:02:11+00:00"), standing alone on a line
# or as the value of a page's front-matter field
_STAMP = re.compile(r"""['"]?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?['"]?""")


def _stamp_line(doc: Document, table: Triggers, start: int, line: str) -> Event | None:
    """"date: 2001-05-03T14:02:11Z", "2001-05-03T14:02:11+00:00": a page's time stamp, alone on its line or
    as a front-matter field named in data/event_triggers.yaml ``stamp_fields``, is its publication."""
    label, _, value = line.partition(":") if not line[:1].isdigit() else ("", "", line)
    if label and label.strip().lower() not in table.stamp_fields or not _STAMP.fullmatch(value.strip()):
        return None
    end = start + len(line)
    when, index = _line_date(doc, start, end, line)
    if when is None:
        return None
    return Event(id="", type="PUBLICATION", start=start, end=end, evidence=doc.text[start:end],
                 trigger=label.strip() or value.strip(), when=when, timex_index=index, zone=doc.zone_at(start),
                 doc_id=doc.id, channel=None, arguments={"actors": [], "lemma": ["stamp"]})


# "London 19th October 1720.", "ST. PETERSBURG, October 31.", "Received October 31, 10.17 p.m.": a
# place (or a header word) and a day, standing alone as a sentence, date a letter or a dispatch (issue 10)
# (a day particle may stand between the place and the day: "Lund, d. 4 mars 1705", "Paris, le 3 mai")
_DATELINE_WORDS = re.compile(r"(?:[A-ZА-ЯЁ][^\s,;:]*[,\s]\s*){1,4}(?:(?:d\.|den|le|am)\s+)?$")
_DATELINE_BEFORE = re.compile(r"(?:^|[\n.!?\]):]|\u2014|\s—)\s*$")
_LINE_BEFORE = re.compile(r"(?:^|\n)[ \t]*$")
# the writer's calendar may follow the day: "Corfu, the 9th June, 1671, old style.", "April 1. O.S."
_CALENDAR_MARK = r"(?:[.,]?\s*(?:\(?(?:old|new) style\)?|\(?[ON]\.\s?S\.?\)?))?"
_DATELINE_END = re.compile(r"\s*" + _CALENDAR_MARK + r"\s*[.,]?\s*(?:$|\n|(?=[A-ZА-ЯЁ\"“]))")
_LINE_END = re.compile(r"[ \t]*(?:$|\n)")
_NOTE_BEFORE = re.compile(r"(?:^|[\n.!?\]):(])\s*$")  # a header note may stand in brackets: "(Received April 3.)"
_NOTE_END = re.compile(r"\s*" + _CALENDAR_MARK + r"\s*[.,]?\)\s*(?:$|\n|(?=[A-ZА-ЯЁ\"“]))")
_DAY = re.compile(r"^(?:\d{4}|XXXX)-\d{2}-\d{2}")


def _dateline_events(doc: Document, table: Triggers) -> list[Event]:
    """The sending (or, after a header word, the receipt) of a letter or a dispatch that its date line
    states: a place and a day, with nothing else in their sentence."""
    labels = dict(table.headers)
    out: list[Event] = []
    for i, t in enumerate(doc.timexes):
        if t.type not in ("DATE", "TIME") or not _DAY.match(t.value or ""):
            continue
        words = _labelled_start(doc.text, t.start, table.headers) or _dateline_words(doc.text, t.start)
        if words is None:
            continue
        end = t.end
        nxt = next((x for x in doc.timexes if x.start > t.start and x.type == "TIME" and 0 <= x.start - end <= 2), None)
        if nxt is not None:  # "Received October 31, 10.17 p.m."
            end = nxt.end
        tail = (_NOTE_END if doc.text[words.start() - 1:words.start()] == "(" else _DATELINE_END).match(doc.text, end)
        if tail is None:
            continue
        start = words.start()
        prefix = doc.text[start:t.start].strip(" ,")
        etype = labels.get(prefix.lower())
        if etype is None:
            places = [m for m in doc.mentions if m.end > start and m.start < t.start and m.label == "LOC"]
            if len(_ALPHA_WORD.findall(prefix)) > 3 or not (places or _own_line(doc, start, end + len(tail.group().rstrip()), t.start)):
                continue
            etype = "MESSAGE_SENT"
        elif etype == "PUBLICATION":
            continue
        end = end + len(tail.group().rstrip().rstrip(","))
        when = _dual(nxt if nxt is not None and _is_dated(nxt) else t)
        out.append(Event(
            id="", type=etype, start=start, end=end, evidence=doc.text[start:end], trigger=prefix,
            actors=[], when=when, timex_index=doc.timexes.index(nxt) if nxt is not None and _is_dated(nxt) else i,
            zone=doc.zone_at(start), doc_id=doc.id, confidence=0.85, arguments={"lemma": ["dateline"]},
        ))
    return out


def _labelled_start(text: str, day: int, headers: tuple[tuple[str, str], ...]) -> re.Match[str] | None:
    """A header word just before a day that opens its sentence or a bracket: "... Russia. Received
    October 31, 10.17 p.m.", "(Received April 3.)": a receipt or sending note inside a run of headlines,
    where the capitalised words before it would otherwise be taken for a place."""
    for label, _ in headers:
        found = re.compile(r"(?i:" + re.escape(label) + r")[ \t]+$").search(text, max(0, day - len(label) - 3), day)
        if found is not None and found.group()[:1].isupper() and _NOTE_BEFORE.search(text, max(0, found.start() - 3), found.start()):
            return found
    return None


def _dateline_words(text: str, day: int) -> re.Match[str] | None:
    """The capitalised words before a day that open its sentence: the longest run of them that starts
    after a sentence break, else a shorter one that starts a line ("... of\nthe United Kingdom,\nSt.\n
    Andrews, May 3" gives "St.\nAndrews, ", not the run from "United", which "the" precedes)."""
    pos, before = max(0, day - 60), _DATELINE_BEFORE
    while (words := _DATELINE_WORDS.search(text, pos, day)) is not None:
        if before.search(text, max(0, words.start() - 3), words.start()):
            return words
        # a shorter run must open a line of its own: inside a line, a capitalised word after a full stop
        # may close a quoted letter's last sentence as easily as open a date line
        pos, before = words.start() + 1, _LINE_BEFORE
    return None


def _own_line(doc: Document, start: int, end: int, day: int) -> bool:
    """A line that holds nothing but one or two words and a day ("Adrianople, April 1. O.S.") dates a
    letter even where the entity stage knows no place by that name: no person is named in it."""
    if not _LINE_BEFORE.search(doc.text, max(0, start - 40), start) or not _LINE_END.match(doc.text, end):
        return False
    if len(_ALPHA_WORD.findall(doc.text[start:day])) > 2 or doc.text[start:day].count("\n"):
        return False
    return not any(m.end > start and m.start < day and m.label == "PER" for m in doc.mentions)


def _line_date(doc: Document, start: int, end: int, line: str) -> tuple[DualDate | None, int | None]:
    """The date of a header line: its last dated time expression, else a bare year in it."""
    inside = [(i, t) for i, t in enumerate(doc.timexes) if start <= t.start < end and _is_dated(t)]
    if inside:
        i, t = inside[-1]
        return _dual(t), i
    years = _YEAR.findall(line)
    return (DualDate(gregorian=years[-1], julian=None, as_written=years[-1]), None) if years else (None, None)


def _header_actors(doc: Document, start: int, end: int, etype: str) -> list[str]:
    """Publishers and works named in a publication line; the document's authors for its own sending."""
    if etype == "PUBLICATION":
        return _ids(m for m in doc.mentions if start <= m.start < end and m.label in ("ORG", "WORK"))
    authors = {a.lower() for a in doc.citation.authors}
    if authors:
        return _ids(m for m in doc.mentions if m.label == "PER" and m.text.lower() in authors)
    return _ids(m for m in doc.mentions if m.label == "PER" and m.zone == "metadata")[:1]
