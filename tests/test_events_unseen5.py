"""Events on unseen sources, round 5 (issue 10): cross-source merging and conflicts (one act told with
two words, the same act of the same party dated days apart), enactments named by their instrument, and
which time expression dates an event (the content of an order does not, a borrowed date is a day)."""

from __future__ import annotations

from test_events import make_doc
from test_resolve import report

from fontes.events import extract_events
from fontes.events.dating import _inherited
from fontes.model import DualDate
from fontes.resolve import WEEK_DAYS, _words_of, resolve
from fontes.settings import DEFAULTS

# --- one act told with two words, in two sources -------------------------------------------------


def test_resolve_an_assault_and_an_attack_a_day_apart_are_one_happening_in_conflict() -> None:
    a = report("a", "OFFENSIVE", "A last assault on the eastern bastion came on Sunday.",
               "1811-12-08", arguments={"lemma": ["assault"]})
    b = report("b", "OFFENSIVE", "At dawn on the 9th the garrison threw itself in an attack at the siege works.",
               "1811-12-09TMO", arguments={"lemma": ["attack"]})
    corpus = resolve([a, b], DEFAULTS)
    [event] = corpus.events
    assert len(event.reported_by) == 2
    [conflict] = corpus.conflicts
    assert {c.doc_id for c in conflict.claims} == {a.id, b.id}


def test_resolve_two_unrelated_open_acts_on_one_day_with_other_words_stay_apart() -> None:
    a = report("a", "OFFENSIVE", "On 8 December the cavalry made an assault on the bridge.", "1811-12-08",
               arguments={"lemma": ["assault"]})
    b = report("b", "OFFENSIVE", "On 8 December the fleet began a blockade of the harbour.", "1811-12-08",
               arguments={"lemma": ["blockade"]})
    assert len(resolve([a, b], DEFAULTS).events) == 2


def test_words_of_an_event_include_its_group_but_not_placeholder_lemmas() -> None:
    event = report("a", "OFFENSIVE", "x", "1811", arguments={"lemma": ["assault"]}).events[0]
    assert {"assault", "attack", "storm"} <= _words_of(event)
    line = report("b", "OTHER", "y", "1811", arguments={"lemma": ["timeline"]}).events[0]
    assert _words_of(line) == set()


# --- the same act of the same party, days apart ---------------------------------------------------

def test_resolve_the_same_party_sailing_days_apart_in_two_sources_is_one_event_in_conflict() -> None:
    a = report("a", "TRAVEL", "The prince sailed from the coast on 28 October 1688.", "1688-10-28",
               actors=("prince",), arguments={"lemma": ["sail"]})
    b = report("b", "TRAVEL", "The prince sailed for the island on 1 November 1688.", "1688-11-01",
               actors=("prince",), arguments={"lemma": ["sail"]})
    corpus = resolve([a, b], DEFAULTS)
    [event] = corpus.events
    assert len(event.reported_by) == 2
    [conflict] = corpus.conflicts
    assert conflict.kind == "date" and "4 days apart" in conflict.explanation


def test_resolve_the_same_word_beyond_a_week_or_without_a_shared_party_stays_two_events() -> None:
    a = report("a", "TRAVEL", "The prince sailed from the coast on 20 October 1688.", "1688-10-20",
               actors=("prince",), arguments={"lemma": ["sail"]})
    far = report("b", "TRAVEL", "The prince sailed for the island on 11 November 1688.", "1688-11-11",
                 actors=("prince",), arguments={"lemma": ["sail"]})
    assert (11 + 11) > WEEK_DAYS and len(resolve([a, far], DEFAULTS).events) == 2
    other = report("c", "TRAVEL", "The admiral sailed for the island on 23 October 1688.", "1688-10-23",
                   actors=("admiral",), arguments={"lemma": ["sail"]})
    corpus = resolve([a, other], DEFAULTS)
    assert len(corpus.events) == 2 and corpus.conflicts == []


# --- enactments named by their instrument ---------------------------------------------------------

def test_events_a_dated_decree_is_an_enactment() -> None:
    doc = make_doc("In her decree from December 19, 1811, she ordered that the fiscal year would open in April.",
                   timexes=[("December 19, 1811", "DATE", "1811-12-19", None)])
    dated = {e.type: e.when.gregorian for e in extract_events(doc).events}
    assert dated.get("ADOPTION") == "1811-12-19"


def test_events_an_edict_named_in_passing_is_no_enactment() -> None:
    doc = make_doc("The veterans of the Spring Edict met again in the square.",
                   mentions=[("Spring Edict", "WORK", "spring-edict")])
    assert "ADOPTION" not in {e.type for e in extract_events(doc).events}


def test_events_a_heading_naming_a_proclamation_and_its_date_is_the_enactment() -> None:
    text = "Proclamation on the Reform of the Calendar, December 20, 1811\n\nThe council met."
    doc = make_doc(text, timexes=[("December 20, 1811", "DATE", "1811-12-20", None)])
    [event] = [e for e in extract_events(doc).events if e.type == "ADOPTION"]
    assert event.evidence.startswith("Proclamation") and event.when.gregorian == "1811-12-20"


# --- which time expression dates an event ----------------------------------------------------------

def test_events_what_an_order_says_does_not_date_the_order() -> None:
    doc = make_doc("The council ordered that the old count be dropped and that the year be reckoned from the "
                   "first day of March.", timexes=[("the first day of March", "DATE", "1812-03-01", None)])
    [order] = [e for e in extract_events(doc).events if e.type == "ORDER"]
    assert order.when is None or order.when.gregorian != "1812-03-01"


def test_a_date_borrowed_from_another_sentence_is_its_day_but_a_span_of_hours_is_kept() -> None:
    assert _inherited(DualDate("1811-12-10TMO", "1811-11-28TMO", "the morning of the 10th")) == DualDate(
        "1811-12-10", "1811-11-28", None)
    span = "1811-11-22T02:00/1811-11-22T04:30"
    assert _inherited(DualDate(span, None, "from 2 a.m. to 4.30 a.m.")).gregorian == span


def test_events_a_sentence_after_a_morning_attack_is_dated_to_its_day() -> None:
    text = ("On the morning of the 10th the garrison launched an attack at the siege works. "
            "Marek Dobrin surrendered the fort.")
    doc = make_doc(text, timexes=[("the morning of the 10th", "TIME", "1811-12-10TMO", None)],
                   mentions=[("Marek Dobrin", "PER", "dobrin")])
    dated = {e.evidence.split()[0]: e.when.gregorian for e in extract_events(doc).events if e.when}
    assert dated == {"On": "1811-12-10TMO", "Marek": "1811-12-10"}


def test_events_a_dispatch_dated_by_a_weekday_dates_the_paragraphs_under_it() -> None:
    text = "Varnemouth, Friday.\n\nTwo thousand weavers have gone to the hill villages and are carrying the news."
    doc = make_doc(text, timexes=[("Friday", "DATE", "1811-03-08", None)],
                   mentions=[("Varnemouth", "LOC", "varnemouth")])
    [journey] = [e for e in extract_events(doc).events if e.type == "TRAVEL"]
    assert journey.when is not None and journey.when.gregorian == "1811-03-08"


def test_a_weekday_is_a_named_day_only_when_placed_on_a_day() -> None:
    from fontes.events.dating import _named_day
    from fontes.model import Timex

    assert _named_day(Timex(0, 6, "Friday", "DATE", "1811-03-08", "1811-03-08", None))
    assert not _named_day(Timex(0, 6, "Friday", "DATE", "XXXX-WXX-5", None, None))
    assert not _named_day(Timex(0, 5, "today", "DATE", "1811-03-08", "1811-03-08", None))


# --- a fight told as a battle by one source and as an attack by another ----------------------------

def test_resolve_a_siege_line_and_a_capture_of_the_same_place_are_one_happening() -> None:
    a = report("a", "OTHER", "June - Nov. 1811 Siege of Ostrovel (victory of the defenders).", "1811-06/1811-11",
               arguments={"lemma": ["timeline"], "entry": ["Siege of Ostrovel (victory of the defenders)."]})
    a.timexes[0].gregorian = a.events[0].when.gregorian = "1811-06/1811-11"
    b = report("b", "OFFENSIVE", "18 Jun - 28 Nov 1811 the northern army captures Ostrovel", "1811-06-18/1811-11-28",
               targets=("ostrovel",), arguments={"lemma": ["capture"], "targets": ["Ostrovel"]})
    [event] = resolve([a, b], DEFAULTS).events
    assert len(event.reported_by) == 2


def test_resolve_a_battle_and_an_attack_elsewhere_stay_apart() -> None:
    a = report("a", "OTHER", "The battle of Ostrovel was fought on 4 May 1811.", "1811-05-04",
               arguments={"lemma": ["battle"], "of": ["Ostrovel"]})
    b = report("b", "OFFENSIVE", "On 4 May 1811 the northern army attacked Kestrelburg.", "1811-05-04",
               targets=("kestrelburg",), arguments={"lemma": ["attack"], "targets": ["Kestrelburg"]})
    assert len(resolve([a, b], DEFAULTS).events) == 2
    c = report("c", "OTHER", "The bridge at Ostrovel was opened on 4 May 1811.", "1811-05-04",
               arguments={"lemma": ["open"], "of": ["Ostrovel"]})
    d = report("d", "OFFENSIVE", "On 4 May 1811 the northern army attacked Ostrovel.", "1811-05-04",
               targets=("ostrovel",), arguments={"lemma": ["attack"], "targets": ["Ostrovel"]})
    assert len(resolve([c, d], DEFAULTS).events) == 2  # not a fight: an opening is no battle


# --- hard-wrapped lines of one paragraph are parsed together -------------------------------------

def test_events_a_sentence_wrapped_over_two_lines_is_parsed_whole() -> None:
    doc = make_doc("In 1811 the Third Army\nlanded at Varnemouth with its guns.\nThe council met.",
                   timexes=[("1811", "DATE", "1811", None)], mentions=[("Varnemouth", "LOC", "varnemouth")])
    [event] = [e for e in extract_events(doc).events if e.type == "OFFENSIVE"]
    assert "Third Army\nlanded" in event.evidence and event.when.gregorian == "1811"


def test_rewrapped_joins_only_lines_that_stop_mid_sentence() -> None:
    from fontes.events.parse import _rewrapped, _segments

    doc = make_doc("Naval Operations.\nthe fleet sailed at dawn\nand the army followed.\n\nA new paragraph begins\nHere")
    joined = [doc.text[s:e] for s, e in _rewrapped(doc, [(z.start, z.end) for z in doc.zones])]
    assert joined == ["Naval Operations.", "the fleet sailed at dawn\nand the army followed.", "A new paragraph begins",
                      "Here"]
    assert [doc.text[s:e] for s, e in _segments(doc)] == joined


def test_events_a_stray_full_stop_before_a_lower_case_word_does_not_cut_the_sentence() -> None:
    text = "On Sunday a fresh assault was launched on. the eastern bastion, in which the colonel fell."
    doc = make_doc(text, timexes=[("Sunday", "DATE", "1811-12-08", None)])
    [event] = [e for e in extract_events(doc).events if e.type == "OFFENSIVE"]
    assert event.evidence == text


def test_mended_text_keeps_its_length_and_reads_asides_and_stray_stops() -> None:
    from fontes.events.parse import _mended

    text = "The prince gathered a force – debate still rages about it – and sailed. It was made on. the right"
    mended = _mended(text)
    assert len(mended) == len(text)
    assert "( debate still rages about it )" in mended and "made on, the right" in mended
    assert _mended("The war (1700–1721) – a long one.") == "The war (1700–1721) – a long one."


def test_events_the_subject_before_a_dashed_aside_still_sails() -> None:
    text = "Marek Dobrin hired three ships – nobody knows who paid for them – and sailed from Varnemouth on 28 October 1811."
    doc = make_doc(text, timexes=[("28 October 1811", "DATE", "1811-10-28", None)],
                   mentions=[("Marek Dobrin", "PER", "dobrin"), ("Varnemouth", "LOC", "varnemouth")])
    [journey] = [e for e in extract_events(doc).events if e.type == "TRAVEL"]
    assert "dobrin" in journey.actors


def test_resolve_setting_sail_and_sailing_are_one_word() -> None:
    a = report("a", "TRAVEL", "The prince sailed from the coast on 28 October 1688.", "1688-10-28",
               actors=("prince",), arguments={"lemma": ["sail"]})
    b = report("b", "TRAVEL", "The prince's fleet again set sail on 1 November 1688.", "1688-11-01",
               actors=("prince",), arguments={"lemma": ["set"]})
    [event] = resolve([a, b], DEFAULTS).events
    assert len(event.reported_by) == 2


# --- lines of the text's own record without a colon ------------------------------------------------

def test_events_issued_translated_and_revised_lines_are_publications_of_the_text() -> None:
    text = ("Issued by the Patriarch Anselm, March 3, 1811\n\nThe text of the bull follows here.\n\n"
            "translated by Jane Roe, November 1999;\nrevised March 2002\n")
    doc = make_doc(text, timexes=[("March 3, 1811", "DATE", "1811-03-03", None), ("November 1999", "DATE", "1999-11", None),
                                  ("March 2002", "DATE", "2002-03", None)])
    dated = sorted((e.when.gregorian, e.evidence.split()[0]) for e in extract_events(doc).events if e.type == "PUBLICATION")
    assert dated == [("1811-03-03", "Issued"), ("1999-11", "translated"), ("2002-03", "revised")]


def test_events_a_record_word_in_a_longer_line_without_its_date_last_is_no_record() -> None:
    doc = make_doc("Revised in March 2002 by the editors who added many notes to the text of the bull.",
                   timexes=[("March 2002", "DATE", "2002-03", None)])
    assert all(e.arguments.get("lemma") != ["record"] for e in extract_events(doc).events)


def test_events_a_date_in_brackets_glosses_its_phrase_not_the_clause_before() -> None:
    text = ("1811, 6 March: Marek Dobrin, against the council's advice, crosses the Ostra with his escort and "
            "arrives in Varnemouth, proclaiming the new charter (8 March).")
    doc = make_doc(text, timexes=[("1811, 6 March", "DATE", "1811-03-06", None), ("8 March", "DATE", "1811-03-08", None)],
                   mentions=[("Marek Dobrin", "PER", "dobrin"), ("Varnemouth", "LOC", "varnemouth")])
    [journey] = [e for e in extract_events(doc).events if e.type == "TRAVEL"]
    assert journey.when.gregorian == "1811-03-06"


def test_events_a_dispatch_date_line_filed_with_the_record_still_dates_its_paragraph() -> None:
    from fontes.model import Zone

    text = "Varnemouth, Wednesday.\nThe Governor has shut the mills because the weavers refused to return to the looms."
    doc = make_doc(text, timexes=[("Wednesday", "DATE", "1811-03-06", None)],
                   mentions=[("Varnemouth", "LOC", "varnemouth")])
    doc.zones[0] = Zone(doc.zones[0].start, doc.zones[0].end, "metadata")  # the cleaner's verdict
    dated = [e.when.gregorian for e in extract_events(doc).events if e.when and e.start > 20]
    assert dated and set(dated) == {"1811-03-06"}


def test_events_the_act_one_was_forced_to_do_is_dated_by_its_own_date() -> None:
    text = ("9 Sep 1811 Ostrovel is taken\n\nAfter the fall of the outer forts, the garrison was forced to abandon "
            "the harbour of Ostrovel on 8 September 1811, ending the siege.")
    doc = make_doc(text, timexes=[("9 Sep 1811", "DATE", "1811-09-09", None), ("8 September 1811", "DATE", "1811-09-08", None)],
                   mentions=[("Ostrovel", "LOC", "ostrovel")])
    [event] = [e for e in extract_events(doc).events if e.evidence.startswith("After")]
    assert event.when.gregorian == "1811-09-08" and event.modality == "asserted"
