"""Resolve step and chain of command: merged events, dating reasoning, conflicts with diagnoses, links and roles."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from fontes.chain import chain, link_events
from fontes.model import Document, DualDate, Event, Timex
from fontes.resolve import resolve
from fontes.settings import DEFAULTS


def report(doc_name: str, etype: str, sentence: str, gregorian: str | None, *, julian: str | None = None,
           actors: tuple[str, ...] = (), targets: tuple[str, ...] = (), calendar: str = "gregorian",
           written: str | None = None, arguments: dict | None = None, genre: str | None = "secondary",
           dct: str | None = None) -> Document:
    """A one-event document whose event is dated by a time expression of its own sentence."""
    text = sentence
    doc = Document(id=doc_name * 8, path=f"/corpus/{doc_name}.txt", text=text, calendar=calendar, genre=genre,
                   dct=DualDate(dct) if dct else None)
    if gregorian:
        doc.timexes.append(Timex(0, 1, written or gregorian, "DATE", julian or gregorian, gregorian, julian))
    doc.events.append(Event(
        id=f"{doc_name}#e1", type=etype, start=0, end=len(text), evidence=text, trigger=etype.lower(),
        actors=list(actors), targets=list(targets), doc_id=doc.id, timex_index=0 if gregorian else None,
        when=DualDate(gregorian, julian, written or gregorian) if gregorian else None, arguments=arguments or {},
    ))
    return doc


def add(doc: Document, etype: str, sentence: str, gregorian: str | None, **kw) -> Event:
    """Append a sentence reporting one more event, dated by a time expression of its own."""
    start = len(doc.text) + 1
    doc.text += " " + sentence
    if gregorian:
        doc.timexes.append(Timex(start, start + 1, gregorian, "DATE", gregorian, gregorian, None))
    event = Event(id=f"{doc.name}#e{len(doc.events) + 1}", type=etype, start=start, end=start + len(sentence),
                  evidence=sentence, doc_id=doc.id, when=DualDate(gregorian, None, gregorian) if gregorian else None,
                  timex_index=len(doc.timexes) - 1 if gregorian else None, **kw)
    doc.events.append(event)
    return event


# --- merging and dating -------------------------------------------------------------------------

def test_resolve_same_day_in_two_calendars_is_one_event_without_conflict() -> None:
    a = report("a", "ORDER", "Dated 20 November 1917, the council sent orders to the commander.", "1917-11-20",
               actors=("council",), targets=("commander",))
    b = report("b", "ORDER", "On the night of November 7 the council ordered the commander.", "1917-11-20TNI",
               julian="1917-11-07TNI", actors=("council",), targets=("commander",), calendar="julian",
               written="the night of November 7")
    corpus = resolve([a, b], DEFAULTS)
    [event] = corpus.events
    assert event.type == "ORDER" and len(event.reported_by) == 2
    assert event.when.gregorian in ("1917-11-20", "1917-11-20TNI")
    assert "agree" in event.reasoning or "contain" in event.reasoning
    assert corpus.conflicts == []


@pytest.mark.parametrize("early,late,offset", [
    ("1917-12-02", "1917-12-15", 13),  # 1900-1918: 13 days
    ("1917-12-02", "1917-12-16", 13),  # 13 days plus a day (signing vs entry into force)
    ("1850-06-01", "1850-06-13", 12),  # 1800s: 12 days
    ("1750-03-10", "1750-03-21", 11),  # 1700s after 1700: 11 days
])
def test_resolve_calendar_offset_is_diagnosed_as_calendar_shift(early: str, late: str, offset: int) -> None:
    a = report("a", "ARMISTICE", "The preliminary armistice was signed.", late, actors=("russia",))
    b = report("b", "CEASEFIRE", "A formal ceasefire was declared.", early, actors=("russia", "central-powers"))
    corpus = resolve([a, b], DEFAULTS)
    [merged] = [e for e in corpus.events if len(e.reported_by) == 2]
    [conflict] = [c for c in corpus.conflicts if c.kind == "date"]
    assert conflict.diagnosis == "calendar_shift"
    assert conflict.about == merged.id
    assert {c.says for c in conflict.claims} == {early, late}
    assert f"offset on that date is {offset} days" in conflict.explanation
    assert "b.txt gives the Old Style date" in conflict.explanation  # the earlier date is the O.S. one
    assert merged.reasoning and "Old Style" in merged.reasoning


@pytest.mark.parametrize("early,late", [("1917-12-02", "1917-12-07"), ("1917-12-02", "1918-01-20"), ("1950-06-01", "1950-06-14")])
def test_resolve_other_gaps_are_different_happenings(early: str, late: str) -> None:
    a = report("a", "ARMISTICE", "An armistice was signed.", late)
    b = report("b", "ARMISTICE", "An armistice was signed.", early)
    corpus = resolve([a, b], DEFAULTS)
    assert len(corpus.events) == 2 and corpus.conflicts == []


def test_resolve_thirteen_days_apart_needs_more_than_a_common_type_of_message() -> None:
    a = report("a", "MESSAGE_SENT", "A telegram was sent to the mayor.", "1905-01-10", targets=("mayor",))
    b = report("b", "MESSAGE_SENT", "A telegram was sent to the admiral.", "1905-01-23", targets=("admiral",))
    assert len(resolve([a, b], DEFAULTS).events) == 2


def test_resolve_one_day_apart_with_different_stages() -> None:
    a = report("a", "CEASEFIRE", "A ceasefire was declared.", "1917-12-15")
    b = report("b", "ARMISTICE", "The armistice was signed.", "1917-12-16")
    corpus = resolve([a, b], DEFAULTS)
    [conflict] = corpus.conflicts
    assert (conflict.diagnosis, conflict.kind) == ("stages", "date")


def test_resolve_different_participants_stay_apart() -> None:
    a = report("a", "DISMISSAL", "The general was dismissed.", "1917-11-22", targets=("ivanov",),
               arguments={"targets": ["General Ivanov"]})
    b = report("b", "DISMISSAL", "The admiral was dismissed.", "1917-11-22", targets=("kolchak",),
               arguments={"targets": ["Admiral Kolchak"]})
    assert len(resolve([a, b], DEFAULTS).events) == 2


def test_resolve_undated_report_joins_the_unique_matching_happening() -> None:
    a = report("a", "ARMISTICE", "The armistice was signed on 15 December.", "1917-12-15", actors=("russia",))
    b = report("b", "ARMISTICE", "until the conclusion of a general armistice", None)
    corpus = resolve([a, b], DEFAULTS)
    [event] = corpus.events
    assert [c.doc_id for c in event.reported_by] == [a.id, b.id]
    assert event.when.gregorian == "1917-12-15"


# --- what an act was: content and status ----------------------------------------------------------

def test_resolve_same_order_with_different_content_is_a_participants_conflict() -> None:
    a = report("a", "ORDER", "The council sent orders to the commander to approach the enemy commanders.", "1917-11-20",
               targets=("commander",), arguments={"content_recipients": ["the commanding authorities of the enemy armies"]})
    b = report("b", "ORDER", "The council ordered the commander to propose an armistice to all countries.", "1917-11-20",
               targets=("commander",), arguments={"content_recipients": ["all the belligerent countries"]})
    corpus = resolve([a, b], DEFAULTS)
    [conflict] = corpus.conflicts
    assert (conflict.kind, conflict.diagnosis) == ("participants", "unexplained")
    assert "enemy armies" in conflict.explanation and "belligerent countries" in conflict.explanation


def test_resolve_draft_against_formal_is_a_stages_conflict() -> None:
    a = report("a", "MESSAGE_SENT", "A draft message has been sent to the allied representatives.", "1917-11-20",
               targets=("allies",), arguments={"status": ["draft"], "targets": ["allied representatives"]})
    b = report("b", "PROPOSAL", "A proposal was formally submitted to the Allied representatives.", "1917-11-21",
               targets=("allies",), arguments={"status": ["formally"], "targets": ["Allied representatives"]})
    b.timexes.clear()
    b.events[0].timex_index, b.events[0].when = None, DualDate("1917-11-21")  # "simultaneously": inferred
    corpus = resolve([a, b], DEFAULTS)
    assert len(corpus.events) == 1
    [conflict] = corpus.conflicts
    assert (conflict.kind, conflict.diagnosis) == ("status", "stages")
    assert [c.says for c in conflict.claims] == ["draft", "formally"]


def test_resolve_one_record_per_happening_when_date_and_status_differ() -> None:
    a = report("a", "ARMISTICE", "The preliminary armistice was signed.", "1917-12-16", arguments={"status": ["preliminary"]})
    b = report("b", "CEASEFIRE", "A formal ceasefire was declared.", "1917-12-02", arguments={"status": ["formal"]})
    [conflict] = resolve([a, b], DEFAULTS).conflicts
    assert conflict.diagnosis == "calendar_shift" and "preliminary" in conflict.explanation


# --- calendars ----------------------------------------------------------------------------------

def test_resolve_redecides_a_calendar_when_the_corpus_runs_thirteen_days_ahead() -> None:
    old = report("old", "ARMISTICE", "The armistice was signed.", "1917-12-02", actors=("russia",))
    add(old, "TREATY", "The treaty was signed.", "1917-12-20", actors=["russia"])
    new = report("new", "ARMISTICE", "The armistice was signed.", "1917-12-15", actors=("russia",))
    add(new, "TREATY", "The treaty was signed.", "1918-01-02", actors=["russia"])
    corpus = resolve([old, new], DEFAULTS)
    assert old.calendar == "julian" and "offset" in old.calendar_reason
    assert (old.events[0].when.gregorian, old.events[0].when.julian) == ("1917-12-15", "1917-12-02")
    assert len(corpus.events) == 2 and not [c for c in corpus.conflicts if c.kind == "date"]


# --- chain of command and consistency ---------------------------------------------------------------

def _command_doc() -> Document:
    doc = report("cmd", "MESSAGE_SENT", "The council sent a wireless message to the general.", "1917-11-20",
                 actors=("council",), targets=("general",))
    doc.events[0].channel = "wireless"
    add(doc, "MESSAGE_RECEIVED", "The message was received at headquarters.", "1917-11-21", actors=["stavka"])
    add(doc, "ORDER", "The general was given a categorical order.", "1917-11-22", targets=["general"])
    add(doc, "REFUSAL", "He refused to obey.", "1917-11-22", actors=["general"])
    add(doc, "DISMISSAL", "He was dismissed from his post.", "1917-11-22", targets=["general"])
    add(doc, "APPOINTMENT", "Ensign Petrov has been appointed the new Commander-in-Chief.", "1917-11-22", targets=["petrov"])
    return doc


def test_chain_links_receipt_refusal_and_succession() -> None:
    doc = _command_doc()
    link_events([doc])
    sent, received, order, refusal, dismissal, appointment = doc.events
    assert sent.links["received_as"] == [received.id] and received.links["receipt_of"] == [sent.id]
    assert order.links["refused_by"] == [refusal.id] and refusal.links["refuses"] == [order.id]
    assert dismissal.links["replaced_by"] == [appointment.id]


def test_chain_lists_who_told_whom_in_date_order_with_roles() -> None:
    corpus = resolve([_command_doc()], DEFAULTS)
    steps = chain(corpus)
    assert [s.type for s in steps] == ["MESSAGE_SENT", "MESSAGE_RECEIVED", "ORDER", "REFUSAL", "DISMISSAL", "APPOINTMENT"]
    first = steps[0]
    assert (first.who, first.whom, first.channel, first.when.gregorian) == (["council"], ["general"], "wireless", "1917-11-20")
    assert first.evidence == "The council sent a wireless message to the general." and first.citation
    roles = {e.id: e.roles for e in corpus.entities}
    assert [(r.title, r.start) for r in roles["petrov"]] == [("Commander-in-Chief", "1917-11-22")]
    assert [(r.title, r.end) for r in roles["general"]] == [("Commander-in-Chief", "1917-11-22")]


def test_resolve_receipt_before_sending_is_a_consistency_conflict() -> None:
    doc = report("late", "MESSAGE_SENT", "The council sent a telegram.", "1917-11-20")
    add(doc, "MESSAGE_RECEIVED", "The telegram was received at the front.", "1917-11-18")
    link_events([doc])
    doc.events[1].links["receipt_of"] = [doc.events[0].id]  # what a misdated source would link
    corpus = resolve([doc], DEFAULTS)
    [conflict] = [c for c in corpus.conflicts if c.kind == "consistency"]
    assert conflict.diagnosis == "consistency" and "before" in conflict.explanation


def test_resolve_primary_source_reporting_past_its_own_date_is_flagged() -> None:
    doc = report("letter", "TREATY", "The treaty was signed on 3 March.", "1918-03-03", genre="primary", dct="1918-01-10")
    [conflict] = resolve([doc], DEFAULTS).conflicts
    assert conflict.kind == "consistency" and "after its own date" in conflict.explanation


def test_resolve_source_reporting_many_things_past_its_own_date_is_one_record() -> None:
    """A misdated source (or a table of later years) is one question about its date, not one per event."""
    doc = report("decree", "ADOPTION", "The law took effect on 1 May.", "1907-05-01", genre="primary", dct="1906-11-09")
    add(doc, "OTHER", "Land was sold in 1908.", "1908")
    add(doc, "OTHER", "Land was sold in 1909.", "1909")
    [conflict] = resolve([doc], DEFAULTS).conflicts
    assert conflict.kind == "consistency" and len(conflict.claims) == 3
    assert "3 events" in conflict.explanation and "from 1907-05-01 to 1909" in conflict.explanation


# --- gold -----------------------------------------------------------------------------------------

def _shared() -> Path:
    return Path(os.environ.get("FONTES_SHARED", Path(__file__).resolve().parents[2] / "shared"))


@pytest.mark.slow
def test_resolve_gold_seeds_conflicts_found_with_their_diagnosis() -> None:
    """Issue 5: every gold conflict found; the armistice dating one diagnosed as a calendar shift."""
    from fontes.annotate import annotate_corpus
    from fontes.evaluation.gold import score_conflicts
    from fontes.pipeline import analyse_path
    from fontes.pipeline import resolve as resolve_corpus

    gold_dir = _shared() / "gold" / "seeds"
    if not gold_dir.is_dir():
        pytest.skip(f"gold annotations not found at {gold_dir} (set FONTES_SHARED)")
    paths = sorted((Path(__file__).resolve().parents[1] / "examples" / "seeds").glob("*.txt"))
    docs = [analyse_path(p) for p in paths]
    corpus = resolve_corpus(docs)
    gold = json.loads((gold_dir / "_corpus.json").read_text("utf-8"))
    texts = {d.name: d.text for d in docs}
    scores, details = score_conflicts(gold, annotate_corpus(corpus), texts)
    assert details["missed"] == []
    assert scores.extra["diagnosis_correct"] == scores.extra["diagnosis_checked"] >= 1
    armistice = [c for c in corpus.conflicts if c.diagnosis == "calendar_shift"]
    assert armistice and "Old Style" in armistice[0].explanation
    # the same day written in two calendars is not flagged as a date conflict
    assert not [c for c in corpus.conflicts if c.kind == "date" and c.diagnosis != "calendar_shift"]


@pytest.mark.parametrize(("named", "other_name", "merged"), [
    (["treaty"], ["nystad peace treaty"], True),  # "the Treaty of Nystad" (of: Nystad) and "the Nystad Peace Treaty"
    (["treaty"], ["utrecht peace treaty"], False),
])
def test_resolve_undated_named_happening_joins_the_same_name_in_other_words(named, other_name, merged) -> None:
    a = report("a", "TREATY", "The war was ended by the Treaty of Nystad in September 1721.", "1721-09",
               arguments={"name": named, "of": ["Nystad"]})
    b = report("b", "TREATY", "Nobody dared to break the Nystad Peace Treaty.", None, arguments={"name": other_name})
    b.events[0].trigger = a.events[0].trigger = "Treaty"
    corpus = resolve([a, b], DEFAULTS)
    assert (len(corpus.events) == 1) == merged


def test_resolve_undated_outbreak_of_a_war_joins_the_war_breaking_out() -> None:
    a = report("a", "OTHER", "The war broke out in 1756.", "1756", arguments={"actors": ["the war"], "lemma": ["break"]})
    b = report("b", "OTHER", "Ever since the outbreak of the war, trade has suffered.", None,
               arguments={"of": ["the war"], "lemma": ["outbreak"]})
    a.events[0].trigger, b.events[0].trigger = "broke", "outbreak"
    corpus = resolve([a, b], DEFAULTS)
    [event] = corpus.events
    assert len(event.reported_by) == 2 and event.when.gregorian == "1756"
