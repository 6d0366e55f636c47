"""Tests of the time stage: recognition, TIMEX3 normalisation, narrative anchoring, calendars, gold."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fontes.clean import clean
from fontes.evaluation import shared_data_dir
from fontes.ingest import read_document
from fontes.metadata import extract_metadata
from fontes.model import Citation, Document, DualDate
from fontes.time import find_timexes, tag

GOLD = shared_data_dir().parent / "gold" / "seeds"
CORPUS = shared_data_dir().parent / "corpus" / "seeds"
needs_gold = pytest.mark.skipif(not GOLD.is_dir() or not CORPUS.is_dir(), reason=f"example corpus gold not found under {GOLD}")


def found(text: str, dct: str | None = None, narrative: bool | None = None) -> list[tuple[str, str, str]]:
    return [(t.text, t.type, t.value) for t in tag(text, dct=dct, narrative=narrative)]


@pytest.mark.parametrize("text,expected", [
    ("The treaty was signed on 3 March, 1918.", ("3 March, 1918", "DATE", "1918-03-03")),
    ("They met on March 3rd, 1918 at the station.", ("March 3rd, 1918", "DATE", "1918-03-03")),
    ("It happened on the 12th of August 1914.", ("the 12th of August 1914", "DATE", "1914-08-12")),
    ("He wrote on Aug. 12, 1914.", ("Aug. 12, 1914", "DATE", "1914-08-12")),
    ("Dated 12.8.1914 in the margin.", ("12.8.1914", "DATE", "1914-08-12")),
    ("Dated 12/VIII/1914 in the margin.", ("12/VIII/1914", "DATE", "1914-08-12")),
    ("Logged 1914-08-12 by the clerk.", ("1914-08-12", "DATE", "1914-08-12")),
    ("The fleet sailed in June 1905.", ("June 1905", "DATE", "1905-06")),
    ("The fleet sailed in 1905.", ("1905", "DATE", "1905")),
    ("Trade grew in the 1890s.", ("the 1890s", "DATE", "189")),
    ("Trade grew in the 18th century.", ("the 18th century", "DATE", "17")),
    ("Trade grew in the nineteenth century.", ("the nineteenth century", "DATE", "18")),
    ("They marched for 28 days.", ("28 days", "DURATION", "P28D")),
    ("They marched for three weeks.", ("three weeks", "DURATION", "P3W")),
    ("They waited a few hours.", ("a few hours", "DURATION", "PTXH")),
    ("The siege lasted nearly two years.", ("nearly two years", "DURATION", "P2Y")),
    ("The council met every week.", ("every week", "SET", "P1W")),
    ("The paper appeared daily.", ("daily", "SET", "P1D")),
    ("The court moved to the coast every summer.", ("every summer", "SET", "XXXX-SU")),
    ("He served in the Thirty Years War.", ("Thirty Years", "DURATION", "P30Y")),
    ("Reform is needed now.", ("now", "DATE", "PRESENT_REF")),
    ("Help will come very soon.", ("very soon", "DATE", "FUTURE_REF")),
])
def test_timex_recognises_and_normalises_absolute_forms(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in found(text)


@pytest.mark.parametrize("text,expected", [
    ("The train left at 6.15 pm.", ("6.15 pm", "TIME", "1905-01-22T18:15")),
    ("The train left at 2 a.m. sharp.", ("2 a.m.", "TIME", "1905-01-22T02:00")),
    ("The bells rang at noon.", ("noon", "TIME", "1905-01-22T12:00")),
    ("The report came today.", ("today", "DATE", "1905-01-22")),
    ("The report came yesterday.", ("yesterday", "DATE", "1905-01-21")),
    ("The report came last week.", ("last week", "DATE", "1905-W02")),
    ("The vote is next year.", ("next year", "DATE", "1906")),
    ("He resigned two years ago.", ("two years ago", "DATE", "1903")),
    ("The strike began in December.", ("December", "DATE", "1904-12")),
    ("The congress will open in March.", ("March", "DATE", "1905-03")),
    ("They met on Friday and argued.", ("Friday", "DATE", "1905-01-20")),
])
def test_timex_anchors_deictic_expressions_on_the_dct(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in found(text, dct="1905-01-22")


@pytest.mark.parametrize("text,expected", [
    ("The fleet sailed on 14 May 1905. The following morning it was sighted.",
     ("The following morning", "TIME", "1905-05-15TMO")),
    ("The fleet sailed on 14 May 1905. The next day it was sighted.", ("The next day", "DATE", "1905-05-15")),
    ("The fleet sailed on 14 May 1905. Three days later it was sunk.", ("Three days later", "DATE", "1905-05-17")),
    ("The fleet sailed on 14 May 1905. That day the admiral fell ill.", ("That day", "DATE", "1905-05-14")),
    ("The fleet sailed on 14 May 1905. It was sunk on May 28.", ("May 28", "DATE", "1905-05-28")),
    ("The fleet sailed on 14 May 1905. Peace came the following September.",
     ("the following September", "DATE", "1905-09")),
    ("The fleet sailed on 14 November 1905. Peace came the following March.",
     ("the following March", "DATE", "1906-03")),
    ("In 1905 the strikes spread. In late October the tsar gave way.", ("late October", "DATE", "1905-10")),
    ("He died in May 1821, some six years later.", ("some six years later", "DATE", "1827")),
    ("On 10 March 1975 the offensive began, ahead of a campaign planned in 1976. The town fell on 11 March.",
     ("11 March", "DATE", "1975-03-11")),
    ("In December 1941 the front froze. In January the counter-offensive began.", ("January", "DATE", "1942-01")),
    ("The war began in 1914. In early 1915 the front froze.", ("early 1915", "DATE", "1915")),
    ("The unrest of 1905 ended. By the spring order was restored.", ("the spring", "DATE", "1905-SP")),
])
def test_timex_anchors_anaphoric_expressions_on_the_narrative(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in found(text)


@pytest.mark.parametrize("text,expected", [
    ("In January this year the police came.", ("January this year", "DATE", "1905-01")),
    ("In June last year the leaders quarrelled.", ("June last year", "DATE", "1904-06")),
    ("Elections are due this September.", ("this September", "DATE", "1905-09")),
    ("In November the company brought in a new chief.", ("November", "DATE", "1904-11")),
    ("The court ordered that he remain in the city until March 6.", ("March 6", "DATE", "1905-03-06")),
    ("The editorial ran on Saturday, January 21: the strike is over.", ("Saturday, January 21", "DATE", "1905-01-21")),
    ("Revenue was $76 million for the year ended March 31.", ("the year", "DURATION", "P1Y")),
    ("Officials said over the weekend that talks failed.", ("the weekend", "DATE", "1905-W03-WE")),
    ("Profit fell in the fourth quarter. A year ago it had earned $2 million.", ("A year ago", "DATE", "1903-Q4")),
    ("Profit fell in the fourth quarter, against a profit in the year-ago quarter.",
     ("the year-ago quarter", "DATE", "1903-Q4")),
])
def test_timex_follows_news_conventions(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in found(text, dct="1905-01-23", narrative=False)  # a Monday


@pytest.mark.parametrize("text,expected", [
    (("In May 1944 the counter-offensive began; forces that had invaded the north in late 1943 held on. By June the "
      "city had fallen."), ("June", "DATE", "1944-06")),
    ("In May 1942 the front held, keeping the gains of the previous year. In June the offensive began.",
     ("June", "DATE", "1942-06")),
    ("In 486 BC the revolt began. In the following decade the city grew.", ("the following decade", "DATE", "BC047")),
    ("In 489 BC the hero died. A decade earlier the expedition had failed.", ("A decade earlier", "DATE", "BC049")),
])
def test_timex_narrative_time_moves_only_forward_with_the_story(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in found(text)


@pytest.mark.parametrize("text", [
    "They found seventy men formed up on the green at dawn, in March 1775, a minute before the first shot.",
    "Wednesday, the 9th of November, 1917 at 5.05 am; from 2 a.m. to 4.30 a.m. on November 9, and 9/XI/1917.",
    "Profit fell in the third-quarter; a year ago and in the year-earlier period it rose. Fiscal 1989 ended.",
    "The night of 6-7 November 1917, 26 October (8 November) 1917, Oct. 25/Nov. 7, and 1688/9 were marked.",
    "Only about twenty-five years later, in the early 1960s, the last three days before the 1st of May were warm.",
    "Every other week since the Christmas of 1914, at noon, then at 1530 hours, at least a few hours a day.",
])
def test_timex_trigger_words_lose_no_match(text: str) -> None:
    # the tagger runs a rule only near its trigger words; running every rule on every sentence finds the same
    from fontes.time import grammar as timex

    def every_rule(s: str) -> list[tuple[int, int, str]]:
        hits = []
        for a, b in timex._sentences(s):
            for rule in timex._compiled():
                for m in rule.pattern.finditer(s, a, b):
                    if m.end() == b < len(s):
                        m = rule.pattern.match(s, m.start()) or m
                    if m.end() > m.start() and timex._plausible(rule.kind, m, s):
                        hits.append(timex._Hit(m.start(), m.end(), rule.kind, rule.priority))
        hits.sort(key=lambda h: (-(h.end - h.start), -h.priority, h.start))
        taken, occupied = [], bytearray(len(s) + 1)
        for h in hits:
            if not any(occupied[h.start:h.end]):
                taken.append((h.start, h.end, h.kind))
                occupied[h.start:h.end] = b"\x01" * (h.end - h.start)
        return sorted(taken)

    assert sorted((h.start, h.end, h.kind) for h in timex._candidates(text)) == every_rule(text)


@pytest.mark.parametrize("text,expected", [
    ("In late October 1905 the tsar gave way.", ("late October 1905", "1905-10", "END")),
    ("In early 1915 the front froze.", ("early 1915", "1915", "START")),
    ("By mid-July 1916 the offensive stalled.", ("mid-July 1916", "1916-07", "MID")),
    ("At the end of 1916 the offensive stalled.", ("the end of 1916", "1916", "END")),
])
def test_timex_modifiers_become_mod(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in [(t.text, t.value, t.mod) for t in tag(text)]


def test_timex_splits_time_ranges_and_gives_the_start_the_end_date() -> None:
    text = "The talks lasted from 11 p.m. to 1.15 a.m. on 3 March 1918."
    assert found(text) == [("11 p.m.", "TIME", "1918-03-03T23:00"), ("1.15 a.m. on 3 March 1918", "TIME", "1918-03-03T01:15")]


@pytest.mark.parametrize("text,expected", [
    ("The war of 1939-1945 ended.", ("1939-1945", "DATE", "1939/1945")),
    ("The Crimean War (1853-56) ended.", ("1853-56", "DATE", "1853/1856")),
    ("The siege lasted from 1861 to 1865.", ("from 1861 to 1865", "DATE", "1861/1865")),
    ("Sevastopol was besieged Oct. 1854 - Sept. 1855.", ("Oct. 1854 - Sept. 1855", "DATE", "1854-10/1855-09")),
    ("Siege of Sevastopol, 18 Jun–28 Nov 1855.", ("18 Jun–28 Nov 1855", "DATE", "1855-06-18/1855-11-28")),
    ("He lived 30 May 1672 - 28 Jan 1725.", ("30 May 1672 - 28 Jan 1725", "DATE", "1672-05-30/1725-01-28")),
    ("The frost held Dec. - Feb. 1855.", ("Dec. - Feb. 1855", "DATE", "1854-12/1855-02")),
])
def test_timex_joins_a_range_into_one_interval(text: str, expected: tuple[str, str, str]) -> None:
    assert found(text) == [expected]


@pytest.mark.parametrize("text", ["He was born in 1901, died in 1950 - a short life.", "In 1917 - 13 people came.",
                                  "The register runs backwards, 1917 - 1905."])
def test_timex_leaves_dates_that_are_no_range_apart(text: str) -> None:
    assert all("/" not in value for _, _, value in found(text))


@pytest.mark.parametrize("text,expected", [
    ("On the night of 3-4 May 1905 the fleet sailed.", ("the night of 3-4 May 1905", "TIME", "1905-05-03TNI")),
    ("By the evening of 3 May 1905 it had sailed.", ("the evening of 3 May 1905", "TIME", "1905-05-03TEV")),
])
def test_timex_parts_of_day(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in found(text)


@pytest.mark.parametrize("text", ["He had 1500 men and 1200 horses.", "See pp. 1914-1920 of volume 3.", "It may rain.",
                                  "They will march on the capital.", "The fall of the city was swift.",
                                  "They found 77 minutemen on the green."])
def test_timex_skips_numbers_and_words_that_are_not_dates(text: str) -> None:
    assert found(text) == []


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_timex_tag_never_raises(text: str) -> None:
    for t in tag(text):
        assert text[t.start:t.end] == t.text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["9", "November", ",", "1917", "the", "night", "of", "6-7", "a.m.", "late", "1914-18",
                                 "XI", "/", ".", "every", "following", "three", "days", "later", " ", "O.S.", "(", ")"]),
                max_size=30), st.sampled_from([None, "1917-11-09", "bad-date", "0001-01-01", "9999-12-31"]))
def test_timex_tag_never_raises_on_date_like_text(words: list[str], dct: str | None) -> None:
    text = " ".join(words)
    for t in tag(text, dct=dct):
        assert text[t.start:t.end] == t.text


def make_doc(text: str, *, written: str | None = None, place: str | None = None) -> Document:
    doc = Document(id="test", path="test.txt", text=text, place=place)
    if written:
        doc.citation = Citation(date=DualDate(gregorian=None, as_written=written))
    return doc


@pytest.mark.parametrize("written,julian,gregorian", [
    ("25 October 1917", "1917-10-25", "1917-11-07"), ("31 January 1918", "1918-01-31", "1918-02-13"),
])
def test_timex_gives_both_calendars_before_the_switch(written: str, julian: str, gregorian: str) -> None:
    text = f"Written: {written}\nSource: Collected Works, Moscow\n\nThe council met on {written}."
    doc = find_timexes(make_doc(text, place="Petrograd"))
    assert doc.calendar == "julian"
    assert {(t.value, t.gregorian, t.julian) for t in doc.timexes} == {(julian, gregorian, julian)}
    assert (doc.dct.gregorian, doc.dct.julian) == (gregorian, julian)


def test_timex_reads_dates_after_the_switch_as_gregorian() -> None:
    doc = find_timexes(make_doc("Written: 12 May 1919\n\nThe congress met on 12 May 1919 in Moscow.", place="Russia"))
    assert doc.calendar == "gregorian"
    assert [(t.value, t.gregorian, t.julian) for t in doc.timexes] == [("1919-05-12", "1919-05-12", None)] * 2


@pytest.mark.parametrize("text,calendar", [
    ("On 25 October (O.S.) 1917 the Winter Palace in Petrograd fell; the news reached Moscow on 26 October (O.S.).", "julian"),
    ("The Petrograd garrison rose on 7 November 1917 (N.S.), as Moscow learned on 8 November 1917 (N.S.).", "gregorian"),
    ("Petrograd rose on 25 October (7 November) 1917.", "mixed"),
    ("A history of Russia and its people, in the 20th century.", "none"),
])
def test_timex_decides_the_calendar_from_markers(text: str, calendar: str) -> None:
    assert find_timexes(make_doc(text)).calendar == calendar


def test_timex_double_date_carries_both_calendars() -> None:
    doc = find_timexes(make_doc("Petrograd rose on 25 October (7 November) 1917.", place="Russia"))
    assert [(t.julian, t.gregorian) for t in doc.timexes] == [("1917-10-25", "1917-11-07")]


def test_timex_reads_the_written_header_when_metadata_has_not_run() -> None:
    doc = find_timexes(make_doc("Sent: 3 March, 1901\n\nWe arrived in London that day.", place=None))
    assert doc.dct is not None and doc.dct.as_written == "3 March, 1901"
    assert doc.citation.date.gregorian == "1901-03-03"


def load_gold() -> list[dict]:
    return [json.loads(p.read_text("utf-8")) for p in sorted(GOLD.glob("0*.json"))]


def analyse_seed(name: str) -> Document:
    return find_timexes(extract_metadata(clean(read_document(CORPUS / name))))


@needs_gold
def test_timex_finds_gold_timexes_with_the_right_gregorian_value() -> None:
    """At least 95% of gold timexes overlap a found timex whose gregorian value equals the gold's."""
    hits = total = 0
    for gold in load_gold():
        doc = analyse_seed(gold["doc"])
        for g in gold["timexes"]:
            start, end = g["offset"], g["offset"] + len(g["text"])
            total += 1
            hits += any(t.start < end and t.end > start and t.gregorian == g["gregorian"] for t in doc.timexes)
    assert total and hits / total >= 0.95, f"{hits}/{total}"


@needs_gold
@pytest.mark.parametrize("gold", load_gold() if GOLD.is_dir() else [], ids=lambda g: g["doc"])
def test_timex_decides_each_gold_document_calendar(gold: dict) -> None:
    assert analyse_seed(gold["doc"]).calendar == gold["calendar"]


@needs_gold
def test_timex_marks_zones_like_the_gold() -> None:
    right = total = 0
    for gold in load_gold():
        doc = analyse_seed(gold["doc"])
        for g in gold["timexes"]:
            match = [t for t in doc.timexes if t.start == g["offset"]]
            if match and "zone" in g:
                total += 1
                right += match[0].zone == g["zone"]
    assert total and right / total >= 0.8, f"{right}/{total}"


def test_timex_redecide_rereads_a_document_in_the_other_calendar() -> None:
    from fontes.time import calendars

    text = "Sent: 9 November, 1917\nSource: Collected Works, London\n\nThe order reached Petrograd on November 8."
    doc = find_timexes(make_doc(text, place="Russia"))
    assert doc.calendar == "gregorian"
    calendars.redecide(doc, "julian", "another source dates the same order 13 days later")
    assert doc.calendar == "julian"
    assert [(t.value, t.gregorian, t.julian) for t in doc.timexes][-1] == ("1917-11-08", "1917-11-21", "1917-11-08")
    assert (doc.dct.gregorian, doc.dct.julian) == ("1917-11-22", "1917-11-09")
    calendars.redecide(doc, "gregorian", "back again")
    assert (doc.dct.gregorian, doc.dct.julian) == ("1917-11-09", "1917-10-27")


def test_timex_marker_after_a_date_sets_its_calendar() -> None:
    doc = find_timexes(make_doc("In Petrograd the rising began on 25 October 1917 O.S. and Moscow followed on 15 November 1917.",
                                place="Russia"))
    marked = next(t for t in doc.timexes if t.text.startswith("25 October"))
    assert (marked.calendar, marked.julian) == ("julian", marked.value)


@pytest.mark.parametrize("text,julian,gregorian", [
    ("Written: 10 February 1688/9\nSource: State Papers, London\n\nThe king left London on 10 February 1688/9.",
     "1689-02-10", "1689-02-20"),
    ("Written: 10 February 1688\nSource: State Papers, London\n\nThe king left London on 10 February 1688.",
     "1689-02-10", "1689-02-20"),
    ("Written: 10 April 1688\nSource: State Papers, London\n\nThe king left London on 10 April 1688.",
     "1688-04-10", "1688-04-20"),
])
def test_timex_applies_the_lady_day_year_start_in_english_julian_documents(text: str, julian: str, gregorian: str) -> None:
    doc = find_timexes(make_doc(text, place="England"))
    assert doc.calendar == "julian"
    body = [t for t in doc.timexes if t.start > text.index("\n\n")]
    assert [(t.julian, t.gregorian) for t in body] == [(julian, gregorian)]


@pytest.mark.parametrize("text,expected", [
    ("the night of 3/4 May 1917", None), ("on 1/14 February 1918", ("1918-02-01", "1918-02-14")),
])
def test_timex_double_dates_must_be_a_calendar_shift_apart(text: str, expected: tuple[str, str] | None) -> None:
    doc = find_timexes(make_doc(text, place="Russia"))
    doubles = [(t.julian, t.gregorian) for t in doc.timexes if t.calendar == "mixed"]
    assert doubles == ([expected] if expected else [])


@pytest.mark.parametrize("text,calendar", [
    ("London, 10 April 1740\n\nSir, the fleet sailed from Portsmouth on 2 April and reached Lisbon on 9 April.", "julian"),
    ("London, 10 April 1760\n\nSir, the fleet sailed from Portsmouth on 2 April and reached Lisbon on 9 April.", "gregorian"),
    ("Paris, 10 April 1740\n\nMonsieur, the fleet sailed from Brest on 2 April and reached Lisbon on 9 April.", "gregorian"),
])
def test_timex_dateline_place_and_switch_date_decide_the_calendar(text: str, calendar: str) -> None:
    doc = Document(id="t", path="t.txt", text=text, genre="primary")
    assert find_timexes(doc).calendar == calendar


@pytest.mark.parametrize("text,expected", [
    ("После войны осенью 1855 г. стороны начали переговоры.", ("осенью 1855 г.", "DATE", "1855-FA")),
    ("Im Herbst 1855 fiel Sewastopol.", ("Herbst 1855", "DATE", "1855-FA")),
    ("À l'automne 1855, Sébastopol tombe.", ("automne 1855", "DATE", "1855-FA")),
])
def test_timex_seasons_in_other_languages(text: str, expected: tuple[str, str, str]) -> None:
    assert found(text) == [expected]
