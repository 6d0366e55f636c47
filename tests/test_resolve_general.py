"""Resolve on unseen documents (issue 10): one conflict record per happening with every source's
claim, reprints that never disagree with themselves, and merging by names, places and calendars."""

from __future__ import annotations

from test_resolve import report

from fontes.model import Timex
from fontes.resolve import resolve
from fontes.settings import DEFAULTS


def test_resolve_one_conflict_per_happening_with_every_sources_claim() -> None:
    a = report("a", "ARMISTICE", "The armistice was signed on 15 December.", "1917-12-15", actors=("russia",))
    b = report("b", "ARMISTICE", "The armistice came into force on 16 December.", "1917-12-16", actors=("russia",))
    c = report("c", "ARMISTICE", "An armistice was concluded on 16 December.", "1917-12-16", actors=("russia",))
    corpus = resolve([a, b, c], DEFAULTS)
    [event] = corpus.events
    [conflict] = corpus.conflicts  # not one per pair of sources
    assert conflict.about == event.id and conflict.diagnosis == "unexplained"
    assert sorted((x.doc_id[0], x.says) for x in conflict.claims) == [
        ("a", "1917-12-15"), ("b", "1917-12-16"), ("c", "1917-12-16")]


def test_resolve_a_source_read_thirteen_days_behind_by_two_others_is_read_as_old_style() -> None:
    a = report("a", "ARMISTICE", "The armistice was signed on 15 December.", "1917-12-15", actors=("russia",))
    b = report("b", "ARMISTICE", "The armistice came into force on 16 December.", "1917-12-16", actors=("russia",))
    c = report("c", "ARMISTICE", "The armistice was signed on 2 December.", "1917-12-02", actors=("russia",))
    corpus = resolve([a, b, c], DEFAULTS)
    [event] = corpus.events
    assert c.calendar == "julian" and (c.events[0].when.gregorian, c.events[0].when.julian) == ("1917-12-15", "1917-12-02")
    assert [x.diagnosis for x in corpus.conflicts] == ["unexplained"]  # a and b stay a day apart


def test_resolve_reprints_of_one_text_do_not_conflict() -> None:
    body = ("The armistice between the two governments was signed at the fortress after long talks between "
            "the delegations, who had met in the officers' club of the garrison for a week. ")
    a = report("a", "ARMISTICE", body + "It was signed on 15 December.", "1917-12-15", actors=("russia",))
    b = report("b", "ARMISTICE", body + "It was signed on 16 December.", "1917-12-16", actors=("russia",))
    corpus = resolve([a, b], DEFAULTS)
    assert len(corpus.events) == 1 and corpus.conflicts == []


def test_resolve_different_texts_with_the_same_disagreement_still_conflict() -> None:
    a = report("a", "ARMISTICE", "The armistice was signed on 15 December, after a week of talks.", "1917-12-15",
               actors=("russia",))
    b = report("b", "ARMISTICE", "Delegates put their names to the truce document on 16 December.", "1917-12-16",
               actors=("russia",))
    [conflict] = resolve([a, b], DEFAULTS).conflicts
    assert conflict.diagnosis == "unexplained"


def test_resolve_two_deaths_on_one_day_are_two_happenings() -> None:
    a = report("a", "OTHER", "The poet died on 10 February.", "1837-02-10", targets=("poet",),
               arguments={"lemma": ["die"], "actors": ["The poet"]})
    b = report("b", "OTHER", "The admiral died on 10 February.", "1837-02-10", targets=("admiral",),
               arguments={"lemma": ["die"], "actors": ["The admiral"]})
    assert len(resolve([a, b], DEFAULTS).events) == 2
    c = report("c", "OTHER", "A great fire broke out on 10 February.", "1837-02-10", arguments={"lemma": ["break"]})
    d = report("d", "OTHER", "The new bridge was opened on 10 February.", "1837-02-10", arguments={"lemma": ["open"]})
    assert len(resolve([c, d], DEFAULTS).events) == 2


def test_resolve_one_siege_in_two_calendars_named_in_two_ways_is_one_event() -> None:
    a = report("a", "OFFENSIVE", "The siege of Azov began on 14 May 1696.", "1696-05-14",
               arguments={"lemma": ["siege"], "of": ["Azov"]})
    b = report("b", "OFFENSIVE", "Azov was besieged from 24 May 1696.", "1696-05-24", targets=("azov",),
               arguments={"lemma": ["besiege"], "targets": ["Azov"]})
    corpus = resolve([a, b], DEFAULTS)
    [event] = corpus.events
    assert len(event.reported_by) == 2 and event.when.gregorian == "1696-05-24"


def test_resolve_timeline_line_joins_the_narrative_of_another_source_by_its_names() -> None:
    a = report("a", "OTHER", "1703: Foundation of St Petersburg", "1703-05-27",
               arguments={"lemma": ["timeline"], "entry": ["Foundation of St Petersburg"]})
    b = report("b", "OTHER", "St Petersburg was founded by the Tsar on 27 May 1703.", "1703-05-27", targets=("st-petersburg",),
               arguments={"lemma": ["found"], "targets": ["St Petersburg"]})
    [event] = resolve([a, b], DEFAULTS).events
    assert len(event.reported_by) == 2


def test_resolve_one_day_in_two_calendars_one_marked_is_one_event_and_no_conflict() -> None:
    marked = report("a", "OTHER", "The Emperor was assassinated on 1 March (O.S.) 1881.", "1881-03-13", julian="1881-03-01",
                    targets=("emperor",), calendar="julian", written="1 March (O.S.) 1881", arguments={"lemma": ["assassinate"]})
    marked.timexes[0].confidence, marked.timexes[0].calendar_reason = 0.95, "marked 'O.S.' after the date"
    guessed = report("b", "OTHER", "The Emperor was killed by a bomb on 1 March 1881.", "1881-03-01", julian="1881-02-17",
                     targets=("emperor",), written="1 March 1881", arguments={"lemma": ["kill"]})
    guessed.timexes[0].confidence = 0.6
    corpus = resolve([marked, guessed], DEFAULTS)
    [event] = corpus.events
    assert len(event.reported_by) == 2 and event.when.gregorian == "1881-03-13"
    assert corpus.conflicts == [] and "one happening" in event.reasoning


def test_resolve_a_description_does_not_contradict_a_name() -> None:
    a = report("a", "OTHER", "His son was crowned on 15 May 1883.", "1883-05-27", targets=(),
               arguments={"lemma": ["crown"], "targets": ["His son"], "place": ["Moscow"]})
    b = report("b", "OTHER", "The coronation of Alexander III took place in Moscow on 27 May 1883.", "1883-05-27",
               targets=("alexander-iii",), arguments={"lemma": ["coronation"], "targets": ["Alexander III"], "place": ["Moscow"]})
    [event] = resolve([a, b], DEFAULTS).events
    assert len(event.reported_by) == 2


# --- one happening far apart, and why two sources date it differently (issue 10) ------------------

def test_resolve_one_death_dated_with_a_misread_figure_is_one_event_with_a_transcription_conflict() -> None:
    a = report("a", "OTHER", "On 13 March 1881 the Emperor was assassinated in the capital.", "1881-03-13",
               targets=("emperor",), written="13 March 1881", arguments={"lemma": ["assassinate"]})
    b = report("b", "OTHER", "On Sunday, March 3d, 1881, the Emperor died of his wounds.", "1881-03-03",
               actors=("emperor",), written="Sunday, March 3d, 1881", arguments={"lemma": ["die"]})
    corpus = resolve([a, b], DEFAULTS)
    [event] = corpus.events
    [conflict] = corpus.conflicts
    assert conflict.diagnosis == "transcription" and conflict.about == event.id
    assert "Sunday" in conflict.explanation and "1881-03-13 was" in conflict.explanation  # its own weekday betrays it


def test_resolve_two_deaths_of_two_people_far_apart_stay_two_happenings() -> None:
    a = report("a", "OTHER", "The admiral was executed on 13 March 1881.", "1881-03-13", targets=("admiral",),
               arguments={"lemma": ["execute"]})
    b = report("b", "OTHER", "The general was executed on 3 March 1881.", "1881-03-03", targets=("general",),
               arguments={"lemma": ["execute"]})
    corpus = resolve([a, b], DEFAULTS)
    assert len(corpus.events) == 2 and corpus.conflicts == []


def test_resolve_an_execution_a_year_apart_before_lady_day_is_a_calendar_conflict() -> None:
    a = report("a", "OTHER", "The King was beheaded on 30 January 1648.", "1649-02-09", julian="1649-01-30",
               targets=("king",), arguments={"lemma": ["behead"]})
    b = report("b", "OTHER", "The King was executed on 30 January 1649.", "1650-02-09", julian="1650-01-30",
               targets=("king",), arguments={"lemma": ["execute"]})
    corpus = resolve([a, b], DEFAULTS)
    [event] = corpus.events
    [conflict] = corpus.conflicts
    assert conflict.diagnosis == "calendar_shift" and "25 March" in conflict.explanation


def test_resolve_a_day_apart_across_a_night_is_diagnosed_overnight() -> None:
    a = report("a", "ORDER", "On the night of 20 November the council ordered the commander to open talks.",
               "1917-11-20TNI", actors=("council",), targets=("commander",))
    b = report("b", "ORDER", "The council ordered the commander on 21 November to open talks.", "1917-11-21",
               actors=("council",), targets=("commander",))
    [conflict] = resolve([a, b], DEFAULTS).conflicts
    assert conflict.diagnosis == "overnight" and "midnight" in conflict.explanation


def test_resolve_a_newspaper_dating_a_happening_on_its_own_issue_is_a_reporting_date() -> None:
    a = report("a", "OTHER", "The fortress surrendered unconditionally on 19 December.", "1877-12-19",
               actors=("pasha",), arguments={"lemma": ["surrender"]})
    b = report("b", "OTHER", "The fortress surrendered unconditionally today, 20 December.", "1877-12-20",
               actors=("pasha",), arguments={"lemma": ["surrender"]}, genre="primary", dct="1877-12-20")
    [conflict] = resolve([a, b], DEFAULTS).conflicts
    assert conflict.diagnosis == "reporting_date" and "its own issue" in conflict.explanation


def test_resolve_a_claim_quotes_the_date_line_its_sentence_stands_on() -> None:
    heading = "29th January 1649."
    a = report("a", "OTHER", heading + "\nThe King was executed on this day, outside the hall.", "1649-02-08",
               julian="1649-01-29", targets=("king",), arguments={"lemma": ["execute"]})
    event = a.events[0]
    event.start = len(heading) + 1
    event.evidence = a.text[event.start:]
    a.timexes[0] = Timex(0, len("29th January 1649"), "29th January 1649", "DATE", "1649-01-29", "1649-02-08", "1649-01-29")
    this_day = a.text.index("this day")
    a.timexes.append(Timex(this_day, this_day + 8, "this day", "DATE", "1649-01-29", "1649-02-08", "1649-01-29"))
    event.timex_index = 1
    b = report("b", "OTHER", "The King was executed on Tuesday, 30 January 1649.", "1649-02-09", julian="1649-01-30",
               targets=("king",), arguments={"lemma": ["execute"]})
    [conflict] = resolve([a, b], DEFAULTS).conflicts
    quoted = {c.doc_id[0]: c.evidence for c in conflict.claims}
    assert quoted["a"].startswith(heading) and a.text.find(quoted["a"]) == 0
