"""Event stage, dating: the date of an event's own clause, else of its sentence, else the narrative time of its passage."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

from fontes.datafiles import load_yaml
from fontes.events.common import (
    _DATED,
    _RANGE_JOIN,
    _RANGE_OPEN,
    _dual,
    _is_dated,
    _name_of,
    _within,
)
from fontes.model import Document, DualDate, Timex
from fontes.time.anchoring import _tense


class _Dating:
    """The date of an event found in a parsed sentence (a part of events.clauses._Context)."""

    def _in_timex(self, tok: Any) -> bool:
        at = self.base + tok.idx
        return any(t.start <= at < t.end for t in self.doc.timexes if t.start <= at)

    def _timex_at(self, tok: Any) -> tuple[int, Timex] | None:
        lo, hi = self._char(tok)
        for i, t in enumerate(self.doc.timexes):
            if t.start < hi and lo < t.end and _is_dated(t):
                return i, t
        return None

    def _date(self, sent: Any, anchor: Any, focus: Any) -> tuple[DualDate | None, int | None]:
        """Date of the clause (see _clause_date); of a span, its first day for a beginning, its last for an
        end ("the battle, fought 1-3 July, ended in a victory": 3 July; "from 2 to 13 August, when ...": 13 August)."""
        when, index = self._clause_date(sent, anchor, focus)
        if when is None or not _DAY_SPAN.match(when.gregorian or ""):
            return when, index  # a span of years or months glosses a name ("the war (1700-1721) ended"): kept
        end = _span_end(anchor, focus)
        if end is not None and index is not None and not self._span_is_subject(anchor, focus, self.doc.timexes[index]):
            end = None  # "the congress began, sitting from 1 to 3 July": its own span; "the year 7150 began": its first day
        if end is None and index is not None and _WHEN_AFTER.match(self.doc.text, self.doc.timexes[index].end) and (
                self.base + focus.idx > self.doc.timexes[index].end):
            end = 1  # "... lasted from 2 to 13 August, when the army took the town back": the span's last day
        return (_span_part(when, end) if end is not None else when), index

    def _span_is_subject(self, anchor: Any, focus: Any, t: Timex) -> bool:
        """Whether a span of dates is (in) the subject of the verb of beginning or ending ("the year 7150 began")."""
        for tok in (focus, anchor):
            for c in tok.children:
                if c.dep_ in ("nsubj", "nsubjpass"):
                    sub = list(c.subtree)
                    lo, hi = self.base + sub[0].idx, self.base + sub[-1].idx + len(sub[-1])
                    if lo < t.end and t.start < hi:
                        return True
        return False

    def _clause_date(self, sent: Any, anchor: Any, focus: Any) -> tuple[DualDate | None, int | None]:
        """Date of the clause: a timex governed by the event's own clause, else the nearest in the
        sentence, else the document date (present or perfect tense) or the paragraph's last date."""
        s_lo, s_hi = self.base + sent.start_char, self.base + sent.end_char
        trigger_at = self.base + focus.idx
        inside = [
            (i, t) for i, t in enumerate(self.doc.timexes)
            if s_lo <= t.start < s_hi and _is_dated(t) and not t.start <= trigger_at < t.end
        ]  # "the anniversary of the revolution" names a later day, not the revolution's
        inside = self._without_named_spans(inside, focus)
        candidates = []
        relative = focus.pos_ in ("NOUN", "PROPN") and any(  # "ever since the outbreak of the war": earlier than the writing
            a.lower_ in ("since", "after", "before", "until", "till", "following") and a.dep_ == "prep"
            for a in focus.ancestors if a.i >= anchor.i or a.i >= focus.i - 6
        )
        owned = []
        for i, t in inside:
            span = self.sdoc.char_span(t.start - self.base, t.end - self.base, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            gov = self._governor(root)
            own = gov == anchor or gov == focus or root.head == focus or _within(root, focus, gov)
            if own:
                owned.append((-_granularity(t), not _EXPLICIT.search(t.text), abs(root.i - focus.i), i))
                continue
            if self._verb_modality(gov) in ("hypothetical", "conditional") and gov != anchor:
                continue  # "decided to have an army by the spring": the spring is the plan's date
            implicative = self.mod["implicative"]
            if gov.dep_ in ("xcomp", "ccomp") and anchor in list(gov.ancestors) and not _carried_out(gov, implicative):
                continue  # the same, when the decision is told as made: its content's time is not its own
            if _in_content(root, anchor, implicative):
                continue  # "ordered that it be said: ... counted from the first day of January": what was said
            if relative and gov not in list(focus.ancestors):
                continue  # "ever since the outbreak of the war, ... and now": another clause's time
            aside = gov not in list(focus.ancestors) and gov not in list(anchor.ancestors)
            candidates.append((_bracketed(self.doc.text, t), aside, abs(root.i - focus.i), i, t))
        if owned:  # "on the night of the 9th ... made on the morning of the 10th an attack": the finest, then nearest
            i = min(owned)[-1]  # (a written date before one counted from it: "In 1698, a year before")
            return _life_end(self._offset(self._span_date(self._clock_time(i, inside)), focus), focus), i
        if candidates:  # the nearest, a date in brackets last: it glosses the phrase before it
            # one on the event's own clause path before another clause's ("In 1610, when the duchy took the
            # new style, ten days were skipped, so 4 May became 14 May"), the finest of them, then the nearest
            candidates = _finest_within([c for c in candidates if not c[1]] or candidates)
            *_, i, t = min(candidates, key=lambda c: c[:3])
            return _life_end(self._offset(self._span_date(self._clock_time(i, inside)), focus), focus), i
        aged = _age_year(self.doc, s_lo, s_hi)
        if aged is not None:  # "crowned at age 12" after "born ... 1501": 1513
            return aged, None
        present = anchor.tag_ in ("VBZ", "VBP") or any(
            c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBZ", "VBP") for c in anchor.children
        )
        if present and not relative and self.doc.dct is not None and self.doc.zone_at(s_lo) == "body" and (
                self.doc.genre != "secondary") and not self._dct_of_another_time(s_lo):
            # a secondary text's present is historical, not its page's date
            return DualDate(self.doc.dct.gregorian, self.doc.dct.julian, self.doc.dct.as_written), None
        if relative:
            return None, None  # "ever since the outbreak of the war": earlier, by how much unsaid
        if self._presupposed(focus, anchor):
            # a presupposed happening is dated earlier, by how much unsaid, unless it heads a dated line
            # ("1640: the blockade of the port is lifted": the entry's date is its own)
            head = _line_head(self.doc, s_lo)
            return (_inherited(self._span_date(head)), None) if head is not None else (None, None)
        before = [
            i for i, t in enumerate(self.doc.timexes)
            if self.zone_start <= t.start < s_lo and _is_dated(t) and t.type in ("DATE", "TIME") and _DATED.match(t.value or "")
        ]  # "now", "today" date the writing, not a past act
        reference = _reference(self.doc, before) if before else None
        if reference is not None:
            # narrative reference time of the paragraph: inferred, so no as_written and no timex index
            return _inherited(self._span_date(reference)), None
        if self.time_index is None:
            self.time_index = _TimeIndex.of(self.doc)
        earlier = _narrative_time(self.doc, self.zone_start, self.time_index)
        if earlier is None and before:  # only asides before it in the paragraph, and no time above: the last of them
            return _inherited(self._span_date(before[-1])), None
        if earlier is not None:  # the passage's time, from the paragraphs before (issue 10)
            self.dated_by = "passage"
            return _inherited(_dual(self.doc.timexes[earlier])), None
        return None, None

    def _dct_of_another_time(self, offset: int) -> bool:
        """Whether the page's date lies years away from the time its narrative has reached before an
        offset (a blog post of 2012 reprinting a dispatch of 1912): the present tense of the dispatch
        is then its own day, not the post's."""
        dct = _day_of(self.doc.dct.gregorian if self.doc.dct else None)
        if dct is None:
            return False
        if self.time_index is None:
            self.time_index = _TimeIndex.of(self.doc)
        earlier = _narrative_time(self.doc, offset, self.time_index)
        if earlier is None:
            return False
        when = _day_of(self.doc.timexes[earlier].gregorian or self.doc.timexes[earlier].value)
        return when is not None and abs(dct.year - when.year) > 1

    def _clock_time(self, index: int, inside: list[tuple[int, Timex]]) -> int:
        """The finer of a day and the clock time the same sentence gives on it ("executed on this day ...
        at four in the afternoon"): the event is dated to the hour, as the sentence dates it."""
        day = self.doc.timexes[index].gregorian or self.doc.timexes[index].value or ""
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
            return index
        times = [i for i, t in inside if t.type == "TIME" and (t.gregorian or t.value or "").startswith(day + "T")]
        return times[0] if len(times) == 1 else index

    def _without_named_spans(self, inside: list[tuple[int, Timex]], focus: Any) -> list[tuple[int, Timex]]:
        """Leave out the years that name another thing's span ("the Great Northern War (1700-1721)", "a
        battle of the War of 1853-1856", "Lindbergh (1902-1974)") when the sentence gives a finer date:
        they date the war or the life, not the event (unless the event is that named thing)."""
        finer = [i for i, t in inside if _MONTH_LEVEL.match(t.gregorian or t.value or "")]
        if not finer:
            return inside
        focus_lo = self.base + focus.idx
        kept = []
        for i, t in inside:
            before = _NAMED_SPAN.search(self.doc.text, max(0, t.start - 60), t.start)
            if (before and _SPAN_VALUE.match(t.gregorian or t.value or "")
                    and not before.start(1) <= focus_lo < before.end(1)):
                continue  # the span names a thing before it; not the trigger's own date
            kept.append((i, t))
        return kept

    def _presupposed(self, focus: Any, anchor: Any) -> bool:
        """A named happening that its clause only refers to ("attempting to violate the X Treaty"):
        the paragraph's time is the referring act's, not the happening's."""
        if focus.pos_ not in ("NOUN", "PROPN") or _name_of(focus) is None or anchor == focus:
            return False
        lemma = anchor.lemma_.lower()
        return lemma not in self.t.support_verbs and lemma not in self.mod["creation_verbs"] and lemma not in self.t.happening_verbs

    def _span_date(self, index: int) -> DualDate:
        """A timex's date, or the range it closes or opens ("from 2 a.m. to 4.30 a.m. on November 9")."""
        timexes = self.doc.timexes
        t = timexes[index]
        narrated = _renarrate(self.doc, index)
        if narrated is not None:
            return narrated
        for a, b in ((index - 1, index), (index, index + 1)):
            if a < 0 or b >= len(timexes) or not (_is_dated(timexes[a]) and _is_dated(timexes[b])):
                continue
            first, last = timexes[a], timexes[b]
            between = self.doc.text[first.end:last.start]
            opener = self.doc.text[max(0, first.start - 8):first.start].lower()
            if _RANGE_JOIN.match(between) and _RANGE_OPEN.search(opener):
                g = f"{first.gregorian or first.value}/{last.gregorian or last.value}"
                j = f"{first.julian}/{last.julian}" if first.julian and last.julian else None
                return DualDate(gregorian=g, julian=j, as_written=self.doc.text[first.start:last.end])
        return _dual(t)

    def _offset(self, when: DualDate, focus: Any) -> DualDate:
        """"one day after an uprising": the uprising is dated that many days before the clause's date."""
        if not when.gregorian or "/" in when.gregorian:
            return when
        start = self._phrase_span(focus)[0] if focus.pos_ in ("NOUN", "PROPN") else focus.i
        word = focus.doc[start - 1] if start > 0 else None
        if word is None or word.lower_ not in ("after", "before"):
            return when
        lo = self._char(word)[0]
        span = next((t for t in self.doc.timexes if t.type == "DURATION" and 0 <= lo - t.end <= 2), None)
        match = re.fullmatch(r"P(\d+)D", span.value or "") if span else None
        day = re.match(r"^(\d{4}-\d{2}-\d{2})", when.gregorian)
        if not match or not day:
            return when
        days = int(match[1]) * (-1 if word.lower_ == "after" else 1)
        shifted = (date.fromisoformat(day[1]) + timedelta(days=days)).isoformat()
        julian = None
        if when.julian and re.match(r"^\d{4}-\d{2}-\d{2}", when.julian):
            julian = (date.fromisoformat(when.julian[:10]) + timedelta(days=days)).isoformat()
        return DualDate(gregorian=shifted, julian=julian, as_written=None)


_CLOCK = re.compile(r"T[^/]*")
_AGE = re.compile(r"(?i)\bage\b")
_AGE_VALUE = re.compile(r"^P(\d{1,3})Y$")
_BORN = re.compile(r"(?i)\b(?:born|birth)\b")
BIRTH_REACH = 80  # how far before a date the word "born" may stand to make it a birth date


# a birth is the first year of a life's span, a death its last ("X (1902-1974) was born in ...")
_LIFE_ENDS = {"bear": 0, "birth": 0, "die": 1, "death": 1}
_YEAR_SPAN = re.compile(r"^(\d{4})/(\d{4})$")


def _life_end(when: DualDate, focus: Any) -> DualDate:
    """The year of a birth or a death dated by a span of years (a life's, in brackets after the name):
    the span's first year for a birth, its last for a death; any other date as it is."""
    end = _LIFE_ENDS.get(focus.lemma_.lower())
    span = _YEAR_SPAN.match(when.gregorian or "")
    if end is None or span is None:
        return when
    julian = _YEAR_SPAN.match(when.julian or "")
    return DualDate(gregorian=span[end + 1], julian=julian[end + 1] if julian else None, as_written=when.as_written)


# a beginning is a span's first day, an end its last ("the year began", "the siege ended", "came to an end")
_SPAN_ENDS = {"begin": 0, "start": 0, "commence": 0, "end": 1, "conclude": 1, "finish": 1, "terminate": 1, "cease": 1}
_DAY_SPAN = re.compile(r"^\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2}$")
_WHEN_AFTER = re.compile(r"[)\]]?\s*,\s*when\b", re.IGNORECASE)


def _span_end(anchor: Any, focus: Any) -> int | None:
    """0 when the event is the beginning of something, 1 when its end ("came to an end"), else None."""
    for tok in (focus, anchor):
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in _SPAN_ENDS:
            return _SPAN_ENDS[tok.lemma_.lower()]
        if tok.lemma_.lower() in ("come", "draw", "bring") and any(
                c.dep_ == "prep" and c.lower_ == "to" and any(g.lemma_.lower() in ("end", "close") for g in c.children)
                for c in tok.children):
            return 1
    return None


def _span_part(when: DualDate, end: int) -> DualDate:
    """The first (end 0) or last (end 1) point of a span of dates "A/B" in both calendars."""
    def part(value: str | None) -> str | None:
        return value.split("/")[end] if value and value.count("/") == 1 else value

    return DualDate(gregorian=part(when.gregorian), julian=part(when.julian), as_written=when.as_written)


_HEAD_SEPARATOR = re.compile(r"\s*(?:[:–—]|-{1,2}(?=\s))")


def _line_head(doc: Document, offset: int) -> int | None:
    """Index of the date that heads the line of an offset, set off by a colon or a dash ("September 9,
    1855: ...", "1698 – ..."): the date of the entry the line is; None when the line starts otherwise."""
    line_start = doc.text.rfind("\n", 0, offset) + 1
    on_line = [i for i, t in enumerate(doc.timexes) if line_start <= t.start <= offset]
    if not on_line:
        return None
    i = min(on_line, key=lambda k: doc.timexes[k].start)
    t = doc.timexes[i]
    lead = not doc.text[line_start:t.start].strip(" \t•*-")
    return i if lead and _is_dated(t) and _HEAD_SEPARATOR.match(doc.text, t.end) else None


def _finest_within(candidates: list[tuple[bool, bool, int, int, Timex]]) -> list[tuple[bool, bool, int, int, Timex]]:
    """Leave out a year or month that another date of the sentence names a day of ("1698 – On 12th of
    September ... founded"): the sentence dates the act by the finer one."""
    values = [c[-1].value or "" for c in candidates]
    kept = [c for c, v in zip(candidates, values)
            if not (_SPAN_VALUE.match(v) or re.fullmatch(r"\d{4}-\d{2}", v))
            or not any(o.startswith(v + "-") for o in values)]
    return kept or candidates


def _age_year(doc: Document, lo: int, hi: int) -> DualDate | None:
    """The year of an act done at an age ("crowned at age 12") between two offsets: the year of the
    last birth date the text gave before them ("born ... on May 3, 1501") and the age; None
    without an age or a birth."""
    ages = [t for t in doc.timexes if lo <= t.start < hi and t.type == "DURATION" and _AGE.search(t.text)
            and _AGE_VALUE.match(t.value or "")]
    if len(ages) != 1:
        return None
    births = [t for t in doc.timexes if t.end <= lo and _is_dated(t) and re.match(r"^\d{4}", t.value or "")
              and _BORN.search(doc.text, max(0, t.start - BIRTH_REACH), t.start)]
    if not births:
        return None
    year = int(births[-1].value[:4]) + int(_AGE_VALUE.match(ages[0].value)[1])
    return DualDate(gregorian=f"{year:04d}", julian=f"{year:04d}", as_written=None)


def _looked_forward(text: str, t: Timex) -> bool:
    """A weekday the sentence looks forward to ("are preparing to leave on Friday"): a plan's day,
    not the time the narrative has reached."""
    return _tense(text, t.start, t.end) == "future"


def _inherited(when: DualDate) -> DualDate:
    """The date an event takes from an earlier sentence (the paragraph's or the passage's time): its day,
    not the moment of that other sentence's act ("on the morning of the 10th he attacked. ... He
    surrendered." dates the surrender to the 10th, not to its morning). A span of hours ("from 2 a.m.
    to 4.30 a.m. on the 9th") is the time frame the passage narrates and is kept. Inferred, so not written."""
    def day(value: str | None) -> str | None:
        if value and "/" not in value and re.match(r"^\d{4}-\d{2}-\d{2}T", value):
            return _CLOCK.sub("", value)
        return value

    return DualDate(gregorian=day(when.gregorian), julian=day(when.julian), as_written=None)


def _bracketed(text: str, t: Timex) -> bool:
    """A date in brackets right after a phrase ("announcing the revolution (24 February/8 March)"):
    the date of that phrase, not of the sentence's other clauses."""
    return bool(re.search(r"[(\[]\s*$", text[max(0, t.start - 3):t.start])) and bool(
        re.match(r"\s*[)\]]", text[t.end:t.end + 3]))


_CONTENT_DEPS = ("ccomp", "xcomp", "csubj")


def _in_content(tok: Any, anchor: Any, implicative: Any = frozenset()) -> bool:
    """Whether a token stands, however deep, in a clausal complement below the anchor: what the
    anchor's clause says, orders or decides ("ordered that it be said: it is known that ... from the
    first day of January"), whose time is the content's, not the act's. The complement of an
    implicative verb ("was forced to evacuate the port on 8 September") is an act carried out."""
    node = tok
    while node.head != node and node != anchor:
        if node.dep_ in _CONTENT_DEPS and anchor in node.ancestors and not _carried_out(node, implicative):
            return True
        node = node.head
    return False


def _carried_out(clause: Any, implicative: Any) -> bool:
    """An infinitive complement of an implicative verb ("managed to", "was forced to"): the act happened."""
    return clause.dep_ == "xcomp" and clause.head.lemma_.lower() in implicative


def _granularity(t: Timex) -> int:
    """How fine a time expression's own value is: 4 a clock time or part of a day, 3 a day, 2 a month
    (or season), 1 a year or coarser. Read on the value in the text's own calendar: a month converted
    to the other calendar becomes a range of days without being any finer."""
    value = (t.value or t.gregorian or "").split("/")[0]
    if re.match(r"^\d{4}-\d{2}-\d{2}T", value):
        return 4
    if re.match(r"^\d{4}-\d{2}-\d{2}", value):
        return 3
    if re.match(r"^\d{4}-(\d{2}|SP|SU|FA|AU|WI|Q\d|H\d|W\d{2})", value):
        return 2
    return 1


# a year or span right after a name, in brackets or after "of": "the Great Northern War (1700-1721)",
# "the Crimean War of 1853-1856"; group 1 is the name's last word
_NAMED_SPAN = re.compile(r"([A-ZА-ЯЁ][^\W\d_]+)(?:\s\(|\sof\s)$")
_SPAN_VALUE = re.compile(r"^\d{4}(?:/\d{4})?$")
_MONTH_LEVEL = re.compile(r"^\d{4}-\d{2}")


# --- narrative time ---------------------------------------------------------------------------------

PASSAGE_CHARS = 1500  # how far back the narrative time of a passage is looked for (a few paragraphs)
_EXPLICIT = re.compile(r"\d")


@dataclass
class _TimeIndex:
    """The timexes and body zones of one document in text order, for look-ups by offset."""

    order: list[int]  # timex indexes by start
    starts: list[int]
    zones: list[tuple[int, int]]  # body zones by start
    zone_ends: list[int]

    @classmethod
    def of(cls, doc: Document) -> _TimeIndex:
        order = sorted(range(len(doc.timexes)), key=lambda i: doc.timexes[i].start)
        zones = sorted((z.start, z.end) for z in doc.zones if z.kind == "body" or _dateline(doc, z.start, z.end))
        return cls(order, [doc.timexes[i].start for i in order], zones, [e for _, e in zones])

    def between(self, lo: int, hi: int) -> list[int]:
        """Indexes of the timexes starting in [lo, hi), in text order."""
        return self.order[bisect_left(self.starts, lo):bisect_left(self.starts, hi)]


# "London, Wednesday.", "ST. PETERSBURG, October 31.": a place, a comma and a day, alone on the line
_DATELINE = re.compile(r"^(?:[A-ZА-ЯЁ][^\s,;:]*\s?){1,3},\s*$")
DATELINE_CHARS = 60


def _dateline(doc: Document, start: int, end: int) -> bool:
    """A zone that is a dispatch's date line, a place and a day (the cleaner may file it with the page's
    record): its day is the time of the paragraphs below it, as a dated heading's is."""
    line = doc.text[start:end].strip()
    if not line or len(line) > DATELINE_CHARS:
        return False
    for t in doc.timexes:
        if start <= t.start < end and _is_dated(t) and re.match(r"^\d{4}-\d{2}-\d{2}", t.gregorian or t.value or "") \
                and not doc.text[t.end:end].strip(" ."):
            place = any(start <= m.start < t.start and m.label == "LOC" for m in doc.mentions)
            return place and bool(_DATELINE.match(doc.text[start:t.start].strip()))
    return False


def _narrative_time(doc: Document, before: int, index: _TimeIndex | None = None) -> int | None:
    """Index of the last explicit date of the body before an offset, in the same passage: the
    paragraphs just before it, back to a heading (whose own date counts) or PASSAGE_CHARS. Dates of
    chrome and of the page's own record are not the narrative's, nor are "today" and "now"."""
    index = index or _TimeIndex.of(doc)
    k = bisect_left(index.zone_ends, before + 1)  # zones ending at or before the offset come first
    aside: int | None = None
    for start, end in reversed(index.zones[:k]):
        if end > before:
            continue
        if before - end > PASSAGE_CHARS:
            break
        inside = [i for i in index.between(start, end)
                  if _is_dated(doc.timexes[i]) and doc.timexes[i].type in ("DATE", "TIME")
                  and (_EXPLICIT.search(doc.timexes[i].text) or _relative_days(doc.timexes[i].text) is not None
                       or (_named_day(doc.timexes[i]) and not _looked_forward(doc.text, doc.timexes[i])))]
        reference = _reference(doc, inside) if inside else None
        if reference is not None:
            return reference
        if inside:
            aside = aside if aside is not None else inside[-1]
            continue  # only asides in this paragraph: the time is the one before them
        if _is_heading(doc.text[start:end]):
            return aside
    return aside


def _reference(doc: Document, indexes: list[int]) -> int | None:
    """The last of some earlier dates (timex indexes in text order) that sets the time the narrative has
    reached: not an aside in brackets that makes a clause of its own ("(the bishop had left in March 1644,
    which delayed the vote.)"), nor a flashback in the pluperfect beside its sentence's own date ("In
    1689 she wrote to her brother, who had been exiled in 1671"); None when all are such."""
    for k in range(len(indexes) - 1, -1, -1):
        t = doc.timexes[indexes[k]]
        if _bracketed_clause(doc.text, t):
            continue
        if _pluperfect(doc.text, t) and any(
                _same_sentence(doc.text, t, doc.timexes[o]) and not _pluperfect(doc.text, doc.timexes[o])
                for o in indexes[:k]):
            continue
        return indexes[k]
    return None


_OPEN_BRACKET = re.compile(r"[(\[][^()\[\]\n]*$")
_CLOSE_BRACKET = re.compile(r"^[^()\[\]\n]*[)\]]")
ASIDE_WORDS = 4  # words besides the date that make a bracket an aside of its own, not a gloss ("(4 May 1610 NS)")


def _bracketed_clause(text: str, t: Timex) -> bool:
    """A date inside brackets that hold a clause of their own (an aside), not just the date and a gloss."""
    left = _OPEN_BRACKET.search(text, max(0, t.start - 200), t.start)
    right = _CLOSE_BRACKET.match(text[t.end:t.end + 200])
    if not left or not right:
        return False
    words = re.findall(r"[^\W\d_]+", left.group()[1:] + " " + right.group()[:-1])
    return len(words) >= ASIDE_WORDS


_PLUPERFECT = re.compile(r"(?i)\bhad\s+(?:(?:not|never|already|just|long|been)\s+)*[^\W\d_]+(?:ed|en|wn|t)\b")
_CLAUSE_BOUNDARY = re.compile(r"[,;:.!?()\n]")


def _pluperfect(text: str, t: Timex) -> bool:
    """Whether the clause of a date is in the pluperfect ("who had been exiled ... in 1671")."""
    lo = max((m.end() for m in _CLAUSE_BOUNDARY.finditer(text, max(0, t.start - 120), t.start)), default=t.start - 120)
    nxt = _CLAUSE_BOUNDARY.search(text, t.end, t.end + 120)
    hi = nxt.start() if nxt else t.end + 120
    return bool(_PLUPERFECT.search(text[max(0, lo):t.start] + " " + text[t.end:hi]))


def _same_sentence(text: str, a: Timex, b: Timex) -> bool:
    lo, hi = min(a.end, b.end), max(a.start, b.start)
    return not re.search(r"[.!?]\s+[A-Z\d]|\n", text[lo:hi])


_WEEKDAY = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.IGNORECASE)


def _named_day(t: Timex) -> bool:
    """A weekday the time stage placed on a day ("London, Friday.", "on Wednesday"): a dispatch's or a
    narrative's day, written without a figure but no less a reference time than "3 March"."""
    return bool(_WEEKDAY.search(t.text)) and bool(re.match(r"^\d{4}-\d{2}-\d{2}", t.gregorian or t.value or ""))


def _day_of(value: str | None) -> date | None:
    m = re.match(r"^(\d{4}-\d{2}-\d{2})", value or "")
    try:
        return date.fromisoformat(m[1]) if m else None
    except ValueError:
        return None


def _is_heading(line: str) -> bool:
    line = line.strip()
    return 0 < len(line) < 80 and line[-1] not in ".!?:;,\"”’)"


def _relative_days(text: str) -> int | None:
    """Days from the narrative time that a relative expression names ("the same day" 0, "the next morning" 1)."""
    lowered = text.lower()
    for pattern, days in _relative_table():
        m = pattern.search(lowered)
        if m:
            if days == "n":
                n = m.group("n")
                return int(n) if n.isdigit() else _NUMBERS.get(n)
            return int(days)
    return None


_NUMBERS = {"one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10}


@lru_cache(maxsize=1)
def _relative_table() -> tuple[tuple[re.Pattern[str], Any], ...]:
    raw = load_yaml(resources.files("fontes").joinpath("data/event_triggers.yaml").read_text("utf-8"))
    return tuple((re.compile(pattern), days) for pattern, days in raw.get("relative_days", []))


def _renarrate(doc: Document, index: int) -> DualDate | None:
    """The date of a relative expression ("the same day", "the next morning") counted from the
    narrative time of its passage, when the time stage counted it from the page's own date (or left
    it undated) although the passage gives an earlier explicit date; None to keep the time stage's."""
    t = doc.timexes[index]
    if _EXPLICIT.search(t.text):
        return None
    days = _relative_days(t.text)
    if days is None:
        return None
    if _is_dated(t):  # kept unless it is the page's own date moved by the expression's days
        own = _day_of(t.gregorian or t.value)
        page = _day_of(doc.dct.gregorian) if doc.dct else None
        if own is None or page is None or (own - page).days != days:
            return None
    earlier = [i for i, x in enumerate(doc.timexes)
               if x.end <= t.start and t.start - x.end <= PASSAGE_CHARS and x.type in ("DATE", "TIME") and _is_dated(x)
               and (_EXPLICIT.search(x.text) or _relative_days(x.text) is not None) and doc.zone_at(x.start) == "body"]
    earlier.sort(key=lambda i: doc.timexes[i].start)
    if not earlier:
        return None
    anchor = doc.timexes[earlier[-1]]
    g, j = anchor.gregorian or anchor.value, anchor.julian
    if not re.match(r"^\d{4}-\d{2}-\d{2}", g or ""):
        return None

    def shift(value: str | None) -> str | None:
        if not value or not re.match(r"^\d{4}-\d{2}-\d{2}", value):
            return None
        return (date.fromisoformat(value[:10]) + timedelta(days=days)).isoformat()

    return DualDate(gregorian=shift(g), julian=shift(j), as_written=t.text)
