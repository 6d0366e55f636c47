"""Tests of the TempEval-3 and WikiWars readers and scorers, on hand-checked cases and the real data."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from fontes.errors import InputError
from fontes.evaluation import shared_data_dir, tempeval, wikiwars
from fontes.evaluation.tempeval import TimexSpan, align, read_tml, score_document

BENCH = Path(__file__).resolve().parents[1] / "bench"
DATA = shared_data_dir()
needs_te3 = pytest.mark.skipif(not (DATA / tempeval.PLATINUM).is_dir(), reason=f"TempEval-3 data not found under {DATA}")
needs_wikiwars = pytest.mark.skipif(not (DATA / wikiwars.KEYINLINE).is_dir(), reason=f"WikiWars data not found under {DATA}")

TEXT = "On Friday morning we met on 22 March 2013 for two days."


def span(sub: str, type_: str | None = None, value: str | None = None, text: str = TEXT, nth: int = 0) -> TimexSpan:
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return TimexSpan(start, start + len(sub), sub, type_, value)


GOLD = [
    span("Friday morning", "DATE", "2013-03-22TMO"),
    span("22 March 2013", "DATE", "2013-03-22"),
    span("two days", "DURATION", "P2D"),
]
SYSTEM = [
    span("Friday", "DATE", "2013-03-22"),  # relaxed only; type right, value wrong
    span("22 March 2013", "DATE", "2013-03-22"),  # strict; type and value right
    span("we", "DATE", "PRESENT_REF"),  # false alarm
    span("two days", "DATE", "P2W"),  # strict; type and value wrong
]


def test_tempeval_scores_hand_checked_case():
    # By hand: 3 gold, 4 system; strict 2, relaxed 3, type right 2, value right 1.
    counts = score_document(GOLD, SYSTEM)
    assert counts.astuple() == (3, 4, 2, 3, 2, 1)
    assert counts.strict_prf.precision == pytest.approx(2 / 4)
    assert counts.strict_prf.recall == pytest.approx(2 / 3)
    assert counts.strict_prf.f1 == pytest.approx(4 / 7)  # 2·(1/2)(2/3)/(7/6)
    assert counts.relaxed_prf.f1 == pytest.approx(6 / 7)  # P 3/4, R 1
    # attribute F1 = accuracy over relaxed matches × relaxed F1
    assert counts.type_f1 == pytest.approx(2 / 3 * 6 / 7)
    assert counts.value_f1 == pytest.approx(1 / 3 * 6 / 7)
    assert counts.value_accuracy == pytest.approx(1 / 3)


def test_tempeval_sums_counts_over_documents_micro():
    perfect = score_document(GOLD, GOLD)
    total = tempeval.score([(GOLD, SYSTEM), (GOLD, GOLD)])
    assert total.astuple() == (6, 7, 5, 6, 5, 4)
    assert perfect.as_dict()["value_f1"] == 100.0
    assert total.as_dict()["strict_f1"] == pytest.approx(round(100 * 2 * 5 / 13, 2))  # 2·strict/(sys+gold)


@pytest.mark.parametrize(
    "gold,system,pairs,missed,spurious",
    [
        # one system timex over two gold ones pairs with one only (one-to-one, in text order)
        ([("March",), ("April",)], [("March and April",)], [(0, 0)], [1], []),
        # identical extents are paired before mere overlaps (nested TIMEX2 gold)
        ([("the week of 5 March",), ("5 March",)], [("5 March",)], [(1, 0)], [0], []),
        # no overlap, no pair; adjacency is not overlap
        ([("March",)], [(" and",)], [], [0], [0]),
    ],
)
def test_tempeval_aligns_one_to_one(gold, system, pairs, missed, spurious):
    text = "In the week of 5 March and April."
    al = align([span(g[0], text=text) for g in gold], [span(s[0], text=text) for s in system])
    assert (al.pairs, al.missed, al.spurious) == (pairs, missed, spurious)


TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>X_1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2013-03-22" functionInDocument="CREATION_TIME">March 22, 2013</TIMEX3></DCT>
<TEXT>
Talks <EVENT eid="e1">ended</EVENT> on <TIMEX3 tid="t1" type="DATE" value="2013-03-22">Friday</TIMEX3> &amp; lasted <TIMEX3 tid="t2" type="DURATION" value="P2D" mod="MORE_THAN">more than two days</TIMEX3>.<TIMEX3 tid="t3" type="DATE" value="2013"/>
</TEXT>
</TimeML>
"""


def test_tempeval_reads_timeml_offsets_and_dct(tmp_path):
    path = tmp_path / "X_1.tml"
    path.write_text(TML, encoding="utf-8")
    doc = read_tml(path)
    assert doc.name == "X_1" and doc.dct == "2013-03-22"
    assert doc.text == "\nTalks ended on Friday & lasted more than two days.\n"
    assert [(doc.text[t.start:t.end], t.type, t.value, t.mod) for t in doc.timexes] == [
        ("Friday", "DATE", "2013-03-22", None),
        ("more than two days", "DURATION", "P2D", "MORE_THAN"),
    ]  # the empty t3 is not scored


@pytest.mark.parametrize("content,problem", [("<TimeML><TEXT>x</TimeML>", "not well-formed"), ("<TimeML/>", "no <TEXT>")])
def test_tempeval_names_the_bad_file(tmp_path, content, problem):
    path = tmp_path / "bad.tml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(str(path)) + ".*" + re.escape(problem)):
        read_tml(path)


KEY = """<DOC>
<DOCID>00_Test</DOCID>
<DATETIME> <TIMEX2 val="2009-12-19T17:00:00">2009-12-19T17:00:00</TIMEX2> </DATETIME>
<TEXT>
On <TIMEX2 val="1939-09-01">September 1, 1939</TIMEX2>, war. <TIMEX2 val="1939-W37">The week of <TIMEX2 val="1939-09-10">10 September</TIMEX2></TIMEX2> passed in <TIMEX2>a period of calm</TIMEX2>.
</TEXT>
</DOC>
"""


def test_wikiwars_reads_nested_timex2(tmp_path):
    path = tmp_path / "00_Test.key.xml"
    path.write_text(KEY, encoding="utf-8")
    doc = wikiwars.read_key_inline(path)
    assert doc.name == "00_Test" and doc.dct == "2009-12-19T17:00:00"
    assert doc.text == "\nOn September 1, 1939, war. The week of 10 September passed in a period of calm.\n"
    assert [(doc.text[t.start:t.end], t.value) for t in doc.timexes] == [
        ("September 1, 1939", "1939-09-01"),
        ("The week of 10 September", "1939-W37"),
        ("10 September", "1939-09-10"),
        ("a period of calm", None),
    ]


def test_wikiwars_scores_hand_checked_case(tmp_path):
    path = tmp_path / "00_Test.key.xml"
    path.write_text(KEY, encoding="utf-8")
    doc = wikiwars.read_key_inline(path)
    system = [
        span("September 1", "DATE", "1939-09-01", text=doc.text),  # overlap, value right
        span("10 September", "DATE", "1939-09-10", text=doc.text),  # exact (the nested one), value right
        span("a period", "DURATION", "P1M", text=doc.text),  # overlap; gold has no val: wrong
        span("war", "DATE", "1939", text=doc.text),  # false alarm
    ]
    # By hand: gold 4, system 4, overlap 3, exact 1, value right 2.
    counts = wikiwars.score_document(doc.timexes, system)
    assert counts.astuple() == (4, 4, 3, 1, 2)
    assert counts.overlap_prf.f1 == pytest.approx(3 / 4)
    assert counts.exact_prf.f1 == pytest.approx(1 / 4)
    assert counts.value_accuracy == pytest.approx(2 / 3)
    assert counts.value_prf.f1 == pytest.approx(2 / 3 * 3 / 4)


@pytest.mark.parametrize(
    "timex2,timex3,same",
    [
        ("1939-09-01", "1939-09-01", True),
        ("1776-WI", "1776-wi", True),
        ("2009-12-19T17:00:00", "2009-12-19T17:00", True),  # zero seconds = no seconds
        ("2009-12-19T17:00:30", "2009-12-19T17:00", False),
        ("1939-09", "1939-09-01", False),  # granularity matters
        ("BC0490", "-0489", False),  # ISO astronomical years are not mapped
        ("XXXX-XX-XX", "P1D", False),  # TIMEX2 set vs TIMEX3 set value: not mapped
        (None, "1939", False),  # gold without val
        ("PRESENT_REF", "PRESENT_REF", True),
    ],
)
def test_wikiwars_compares_values_conservatively(timex2, timex3, same):
    assert wikiwars.same_value(timex2, timex3) is same


@needs_te3
def test_tempeval_platinum_matches_published_counts():
    docs = tempeval.read_platinum()
    timexes = [t for d in docs for t in d.timexes]
    assert (len(docs), len(timexes), sum(d.words for d in docs)) == (20, 138, 6175)
    assert {k: sum(t.type == k for t in timexes) for k in ("DATE", "DURATION", "TIME", "SET")} == {
        "DATE": 96, "DURATION": 34, "TIME": 4, "SET": 4}
    assert all(d.text[t.start:t.end] == t.text for d in docs for t in d.timexes)
    assert tempeval.score((d.timexes, d.timexes) for d in docs).as_dict()["value_f1"] == 100.0


@needs_te3
def test_tempeval_input_text_equals_gold_text():
    inputs = sorted((DATA / tempeval.PLATINUM).parent.joinpath("TE3-platinum-test").glob("*.TE3input"))
    gold = {d.name: d for d in tempeval.read_platinum()}
    assert len(inputs) == 20
    for path in inputs:
        doc = read_tml(path)
        assert doc.timexes == [] and doc.text == gold[doc.name].text and doc.dct == gold[doc.name].dct


@needs_wikiwars
def test_wikiwars_offsets_agree_with_the_standoff_key():
    """The inline reader's offsets equal the APF key's (which counts UTF-8 bytes from the file start, tags removed)."""
    docs = wikiwars.read_wikiwars()
    assert (len(docs), sum(len(d.timexes) for d in docs)) == (22, 2659)
    base = DATA / wikiwars.KEYINLINE
    for doc in docs:
        raw = (base / f"{doc.name}.key.xml").read_text(encoding="utf-8")
        prefix = re.sub(r"<[^>]+>", "", raw[: raw.index("<TEXT>")]).encode()
        apf = (base.parent / "key" / f"{doc.name}.key.apf.xml").read_text(encoding="utf-8")
        key = sorted((int(a), int(b) + 1) for a, b in re.findall(r'START="(\d+)" END="(\d+)"', apf))
        mine = sorted((_utf8_offset(prefix, doc.text, t.start), _utf8_offset(prefix, doc.text, t.end)) for t in doc.timexes)
        assert mine == [k for k in key if k[0] >= len(prefix)], doc.name


def _utf8_offset(prefix: bytes, text: str, i: int) -> int:
    return len(prefix) + len(text[:i].encode())


@pytest.fixture
def peers():
    sys.path.insert(0, str(BENCH))
    try:
        import peers

        yield peers
    finally:
        sys.path.remove(str(BENCH))


@pytest.mark.parametrize(
    "tagged,source,at,expected",
    [
        ("\n\n\nOn Friday.\n\n", "\n\nOn Friday.\n", (6, 12), "Friday"),  # HeidelTime adds line breaks
        ("On Friday? AT&T", "On Friday? AT\u00a0T", (3, 9), "Friday"),  # a character replaced
        ("Friday March 22 2013", "Friday, March 22, 2013", (7, 20), "March 22, 2013"),  # commas dropped (ctparse)
    ],
)
def test_eval_time_realigns_peer_offsets(peers, tagged, source, at, expected):
    start, end = peers.realign(tagged, source)(*at)
    assert source[start:end] == expected


def test_eval_time_reads_heideltime_output(peers):
    from peers import heideltime

    source = "\nOn Friday & at 5 p.m. <x> it ended."
    out = ('<?xml version="1.0"?>\n<!DOCTYPE TimeML SYSTEM "TimeML.dtd">\n<TimeML>\n\nOn <TIMEX3 tid="t1" type="DATE" '
           'value="2013-03-22">Friday</TIMEX3> & at <TIMEX3 tid="t2" type="TIME" value="2013-03-22T17:00">5 p.m.</TIMEX3>'
           " <x> it ended.\n\n</TimeML>\n")
    spans = heideltime.parse_timeml(out, source)
    assert [(source[s.start:s.end], s.type, s.value) for s in spans] == [
        ("Friday", "DATE", "2013-03-22"), ("5 p.m.", "TIME", "2013-03-22T17:00")]
