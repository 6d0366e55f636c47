"""Event stage on unseen kinds of text (issue 10): copular, passive and nominal statements,
chronology lines without a verb, and dates from the narrative time of a passage."""

from __future__ import annotations

import pytest
from test_events import make_doc

from fontes.events import extract_events
from fontes.model import Document, DualDate, Timex, Zone


def dated(doc: Document) -> list[tuple[str, str | None]]:
    return [(e.type, e.when.gregorian if e.when else None) for e in extract_events(doc).events]


# --- copular, passive and nominal statements -----------------------------------------------------

# battles and sieges are OTHER, as the annotators' brief types them (eval/ANNOTATING.md: "births,
# deaths, battles, coronations, executions, murders"); an attack or an invasion is an OFFENSIVE
@pytest.mark.parametrize("sentence,written,expected", [
    ("The siege of the fortress on 14 May 1696 was the first success of the new fleet.", "14 May 1696", "OTHER"),
    ("There was a massacre on 3 April 1703 in the town.", "3 April 1703", "OTHER"),
    ("The city was founded on 16 May 1703 by the Tsar.", "16 May 1703", "OTHER"),
    ("The assassination of the governor took place on 13 March 1881 in the capital.", "13 March 1881", "OTHER"),
    ("The execution of the conspirators followed on 15 April 1881.", "15 April 1881", "OTHER"),
    ("The poet was born in the old capital on 6 June 1799.", "6 June 1799", "OTHER"),
    ("The old writer died at a railway station on 20 November 1910.", "20 November 1910", "OTHER"),
    ("The Battle of the river was fought on 30 November 1700.", "30 November 1700", "OTHER"),
    ("The Tsar was crowned in the cathedral on 26 May 1896.", "26 May 1896", "OTHER"),
])
def test_events_copular_passive_and_nominal_statements_are_events(sentence: str, written: str, expected: str) -> None:
    doc = make_doc(sentence, timexes=[(written, "DATE", "1700-01-01", None)])
    assert dated(doc) == [(expected, "1700-01-01")]


@pytest.mark.parametrize("sentence", [
    "They were capable of fighting and dying for the cause.",  # a gerund is no death
    "A firm foundation has been laid for the new building.",  # a metaphor
    "He bore the burden of the office with patience.",  # "bear" only as "was born"
])
def test_events_figurative_or_gerund_uses_are_not_events(sentence: str) -> None:
    assert dated(make_doc(sentence)) == []


# --- chronology lines ----------------------------------------------------------------------------

def chronology(lines: list[tuple[str, str, str, str | None]]) -> Document:
    """A document of chronology lines, each with the (written, gregorian, julian) of its leading date."""
    text = "\n".join(line for line, *_ in lines)
    return make_doc(text, timexes=[(w, "DATE", g, j) for _, w, g, j in lines])


@pytest.mark.parametrize("line,written,expected", [
    ("• March 2, 1881 – The Tsar returns to the palace.", "March 2, 1881", "TRAVEL"),
    ("1703: Foundation of the city on the Neva", "1703", "OTHER"),
    ("12 June 1812. The army crosses the river", "12 June 1812", "OTHER"),
    ("- 14 December 1825: revolt of the guards regiments in the square", "14 December 1825", "UPRISING"),
    ("* 8 February 1904 — surprise attack on the fleet at anchor", "8 February 1904", "OFFENSIVE"),
    ("17 October 1905 Manifesto signed by the Emperor", "17 October 1905", "OTHER"),
    ("1905 | Revolution in the provinces", "1905", "REVOLUTION"),
])
def test_events_chronology_line_is_an_event_dated_by_its_leading_date(line: str, written: str, expected: str) -> None:
    doc = chronology([(line, written, "1900-01-01", "1899-12-20")])
    [event] = extract_events(doc).events
    assert (event.type, event.when.gregorian, event.when.julian) == (expected, "1900-01-01", "1899-12-20")
    assert doc.text[event.start:event.end] == event.evidence and line.lstrip("•*- ").split()[0] in event.evidence


def test_events_chronology_year_and_day_written_apart_are_one_date() -> None:
    text = "1700, February 18 – last day of the old reckoning"
    doc = make_doc(text, timexes=[("1700", "DATE", "1700", None), ("February 18", "DATE", "1881-02-18", None)])
    [event] = extract_events(doc).events
    assert (event.type, event.when.gregorian, event.when.as_written) == ("OTHER", "1700-02-18", "1700, February 18")


@pytest.mark.parametrize("line,written,value", [
    ("12 March 1917", "12 March 1917", "1917-03-12"),  # a bare date line (a letter's date)
    ("1917 was a year of upheaval for the whole country.", "1917", "1917"),  # prose with the year as its subject
    ("1905 Revolution", "1905", "1905"),  # a name, not an entry
])
def test_events_date_led_lines_that_are_not_entries_give_nothing(line: str, written: str, value: str) -> None:
    doc = make_doc(line, timexes=[(written, "DATE", value, None)])
    assert [e for e in extract_events(doc).events if e.arguments.get("lemma") == ["timeline"]] == []


def test_events_dated_chrome_line_without_a_trigger_is_no_event() -> None:
    doc = make_doc("12 March 2015 – 3 comments so far", timexes=[("12 March 2015", "DATE", "2015-03-12", None)])
    doc.zones = [Zone(0, len(doc.text), "boilerplate")]
    assert extract_events(doc).events == []


# --- narrative time -----------------------------------------------------------------------------

def test_events_undated_statement_takes_the_time_of_the_paragraphs_before() -> None:
    text = "On 2 January 1905 the garrison gave up the fortress.\n\nThe general was dismissed from his post."
    doc = make_doc(text, timexes=[("2 January 1905", "DATE", "1905-01-15", "1905-01-02")])
    doc.genre = "secondary"
    dismissal = next(e for e in extract_events(doc).events if e.type == "DISMISSAL")
    assert (dismissal.when.gregorian, dismissal.when.julian, dismissal.when.as_written) == ("1905-01-15", "1905-01-02", None)
    assert dismissal.arguments["dated_by"] == ["passage"]


def test_events_narrative_time_stops_at_a_heading() -> None:
    text = "On 2 January 1905 the garrison gave up the fortress.\n\nThe Later Years\n\nThe general was dismissed from his post."
    doc = make_doc(text, timexes=[("2 January 1905", "DATE", "1905-01-15", "1905-01-02")])
    dismissal = next(e for e in extract_events(doc).events if e.type == "DISMISSAL")
    assert dismissal.when is None


@pytest.mark.parametrize("relative,days", [("The same day", 0), ("The next morning", 1), ("Three days later", 3)])
def test_events_relative_date_counted_from_the_page_is_counted_from_the_narrative(relative: str, days: int) -> None:
    text = f"On 2 January 1905 the garrison gave up the fortress. {relative} the general was arrested by his officers."
    page = DualDate("1950-06-01")
    wrong = f"1950-06-0{1 + days}"  # what a time stage anchored on the page's date would say
    doc = make_doc(text, timexes=[("2 January 1905", "DATE", "1905-01-15", "1905-01-02"), (relative, "DATE", wrong, None)],
                   dct=page)
    arrest = next(e for e in extract_events(doc).events if e.type == "ARREST")
    assert (arrest.when.gregorian, arrest.when.julian) == (f"1905-01-{15 + days}", f"1905-01-0{2 + days}")


def test_events_relative_date_the_time_stage_anchored_elsewhere_is_kept() -> None:
    text = "On 2 January 1905 the garrison gave up the fortress. The next morning the general was arrested by his officers."
    doc = make_doc(text, timexes=[("2 January 1905", "DATE", "1905-01-02", None), ("The next morning", "DATE", "1905-01-03", None)],
                   dct=DualDate("1950-06-01"))
    arrest = next(e for e in extract_events(doc).events if e.type == "ARREST")
    assert arrest.when.gregorian == "1905-01-03"


def test_events_secondary_text_in_the_present_is_not_dated_by_its_page() -> None:
    doc = make_doc("The Tsar returns to the palace with his guards.", dct=DualDate("2019-05-01"))
    doc.genre = "secondary"
    [event] = extract_events(doc).events
    assert event.type == "TRAVEL" and event.when is None


@pytest.mark.parametrize("line,written,expected", [
    ("Battle of the river crossing, 30 November 1700", "30 November 1700", "OTHER"),
    ("Foundation of the city on the Neva (1703)", "1703", "OTHER"),
    ("Coronation of the young Emperor – 26 May 1896", "26 May 1896", "OTHER"),
])
def test_events_caption_or_map_label_ending_in_a_date_is_an_event(line: str, written: str, expected: str) -> None:
    doc = chronology([(line, written, "1700-01-01", None)])
    [event] = extract_events(doc).events
    assert (event.type, event.when.gregorian) == (expected, "1700-01-01")


@pytest.mark.parametrize("line,written", [
    ("Posted by admin – 12 March 2015", "12 March 2015"),  # no happening named
    ("The family in the garden, 1913", "1913"),  # a caption of a scene
])
def test_events_label_without_a_happening_is_no_event(line: str, written: str) -> None:
    doc = chronology([(line, written, "1913", None)])
    assert extract_events(doc).events == []


@pytest.mark.parametrize("sentence,targets,actors", [
    ("The assassination of the Emperor took place on 13 March 1881.", ["the Emperor"], []),
    ("The siege of the fortress on 14 May 1696 was a success.", ["the fortress"], []),
    ("The revolt of the guards on 14 December 1825 failed.", [], ["the guards"]),
])
def test_events_of_complement_of_an_event_noun_is_its_target_or_actor(sentence: str, targets: list[str], actors: list[str]) -> None:
    written = next(w for w in ("13 March 1881", "14 May 1696", "14 December 1825") if w in sentence)
    [event] = extract_events(make_doc(sentence, timexes=[(written, "DATE", "1800-01-01", None)])).events
    assert (event.arguments["targets"], event.arguments["actors"]) == (targets, actors)


def test_events_a_description_keeps_the_name_in_apposition() -> None:
    doc = make_doc("His son Alexander III was crowned in Moscow on 15 May 1883.", timexes=[("15 May 1883", "DATE", "1883-05-27", "1883-05-15")])
    [event] = extract_events(doc).events
    assert event.arguments["targets"] == ["His son Alexander III"]


def test_events_a_time_named_by_an_event_word_is_no_event() -> None:
    doc = make_doc("In the fall of 1917 the army was tired of the war.", timexes=[("the fall of 1917", "DATE", "1917-FA", None)])
    assert extract_events(doc).events == []


def test_events_entry_below_a_date_only_line_takes_its_date() -> None:
    text = "  • 1676\n    The old Tsar dies and his son becomes tsar.\n  • 9 Mar 1697\n    The embassy departs for the west."
    doc = make_doc(text, timexes=[("1676", "DATE", "1676", None), ("9 Mar 1697", "DATE", "1697-03-19", "1697-03-09")])
    events = extract_events(doc).events
    # two happenings in the first entry: a death and an accession, both of the entry's date
    assert [(e.type, e.evidence, e.when.gregorian) for e in events] == [
        ("APPOINTMENT", "The old Tsar dies and his son becomes tsar.", "1676"),
        ("OTHER", "The old Tsar dies and his son becomes tsar.", "1676"),
        ("TRAVEL", "The embassy departs for the west.", "1697-03-19")]


@pytest.mark.parametrize("line,written", [
    ("  3. 5th of November the prince lands at the bay in the west", "5th of November"),  # a numbered list
    ("22nd of January the convention assembles for the first time", "22nd of January"),  # lower case after a day
])
def test_events_numbered_or_unpunctuated_chronology_line_is_an_entry(line: str, written: str) -> None:
    doc = chronology([(line, written, "1688-11-15", "1688-11-05")])
    [event] = extract_events(doc).events
    assert event.when.gregorian == "1688-11-15" and written in event.evidence


# --- narrative statements no trigger types (issue 10: "every typed happening the text states") -----

@pytest.mark.parametrize("sentence", [
    "On 30 November 1700 the Russian army collapsed under the snowstorm.",
    "The bridge was built by a shipyard company in 1700.",
    "The garrison surrendered its muskets to the regiment on 30 November 1700.",
])
def test_events_narrative_clause_without_a_trigger_is_an_other_event(sentence: str) -> None:
    written = next(w for w in ("30 November 1700", "1700") if w in sentence)
    doc = make_doc(sentence, timexes=[(written, "DATE", "1700-12-11", None)])
    assert dated(doc) == [("OTHER", "1700-12-11")]


@pytest.mark.parametrize("sentence", [
    "Historians believe that the decree mattered less than the war.",  # an opinion
    "The revolutionary fervour of the capital only increased.",  # no one acted or underwent it
    "The rise of the new party announced a new era.",  # a trigger verb judged already (no speaker)
    "The treaty is a long and difficult document to read.",  # copular
    "We know the names of the conspirators from the trial.",  # the writer's knowledge
])
def test_events_statement_that_narrates_no_happening_is_no_event(sentence: str) -> None:
    assert dated(make_doc(sentence)) == []


@pytest.mark.parametrize("line,written,expected", [
    ("5th of November Prince William lands at the harbour in Devon", "5th of November", "TRAVEL"),
    ("23rd of February Royal Assent is received for the first Act", "23rd of February", "ADOPTION"),
    ("19 March 1697 The Embassy departs the capital.", "19 March 1697", "TRAVEL"),
])
def test_events_chronology_line_is_typed_by_a_narrowed_pattern_its_words_satisfy(line: str, written: str, expected: str) -> None:
    doc = chronology([(line, written, "1697-03-19", None)])
    assert [e.type for e in extract_events(doc).events] == [expected]


@pytest.mark.parametrize("sentence,place,expected", [
    ("On 17 December 1688 William entered London with his army.", "London", ["TRAVEL"]),
    ("On 17 December 1688 William entered a protest against the verdict.", None, []),
])
def test_events_entering_a_named_place_is_travel(sentence: str, place: str | None, expected: list[str]) -> None:
    mentions = [("William", "PER", "william-iii")] + ([(place, "LOC", "london")] if place else [])
    doc = make_doc(sentence, timexes=[("17 December 1688", "DATE", "1688-12-27", "1688-12-17")], mentions=mentions)
    assert [e.type for e in extract_events(doc).events if e.type != "OTHER"] == expected


def test_events_war_named_in_passing_is_no_event_but_a_dated_war_is() -> None:
    passing = make_doc("He was a veteran of the Crimean War and a friend of the Tsar.",
                       mentions=[("Crimean War", "EVENT", "crimean-war")])
    assert dated(passing) == []
    text = "The Crimean War (1853-1856) changed the balance of power in the region."
    doc = make_doc(text, timexes=[("1853-1856", "DATE", "1853/1856", None)], mentions=[("Crimean War", "EVENT", "crimean-war")])
    assert dated(doc) == [("OTHER", "1853/1856")]


# --- tables, date lines, passives with an agent, clauses of their own, more triggers (issue 10) ----------

def table(heading: str, rows: list[tuple[str, str, str]]) -> Document:
    """A heading, then rows of a name and its date columns; each date as (written, gregorian)."""
    text = heading + "\n" + "\n".join(f"{name} {first} {last}" for name, first, last in rows)
    doc = make_doc(text)
    pos = len(heading) + 1
    for name, first, last in rows:
        for written, at in ((first, pos + len(name) + 1), (last, pos + len(name) + len(first) + 2)):
            doc.timexes.append(Timex(at, at + len(written), written, "DATE", f"1582-{at % 12 + 1:02d}-15",
                                     f"1582-{at % 12 + 1:02d}-15", None))
        pos += len(name) + len(first) + len(last) + 3
    doc.timexes.sort(key=lambda t: t.start)
    return doc


ROWS = [("Most Italian states", "4 October 1582", "15 October 1582"), ("Savoy", "21 December 1582", "1 January 1583"),
        ("Portugal", "4 October 1582", "15 October 1582"), ("Catholic cantons", "21 December 1582", "1 January 1583")]


def test_events_table_rows_are_events_of_the_kind_their_heading_names() -> None:
    doc = table("Adoption of the new calendar", ROWS)
    events = extract_events(doc).events
    assert [e.type for e in events] == ["ADOPTION"] * len(ROWS)
    last_dates = sorted((t for t in doc.timexes), key=lambda t: t.start)[1::2]
    assert [e.when.gregorian for e in events] == [t.gregorian for t in last_dates]  # the row's last column
    assert [e.evidence.split(" ")[0] for e in events] == ["Most", "Savoy", "Portugal", "Catholic"]


def test_events_table_rows_need_a_heading_that_names_a_happening_and_more_than_one_row() -> None:
    assert extract_events(table("Places and days", ROWS)).events == []  # no kind of happening named
    assert extract_events(table("Adoption of the new calendar", ROWS[:1])).events == []  # one line is no table


@pytest.mark.parametrize("text,written,etype", [
    ("London 19th October 1720. Sir, I am favoured with yours of the summer.", "19th October 1720", "MESSAGE_SENT"),
    ("Telegrams. ST. PETERSBURG, October 31. The Tsar issued a manifesto.", "October 31", "MESSAGE_SENT"),
])
def test_events_date_line_of_a_letter_or_dispatch_is_its_sending(text: str, written: str, etype: str) -> None:
    place = "London" if "London" in text else "PETERSBURG"
    doc = make_doc(text, timexes=[(written, "DATE", "1720-10-30", "1720-10-19")], mentions=[(place, "LOC", "x")])
    sent = [e for e in extract_events(doc).events if e.type == etype]
    assert [(e.when.gregorian, e.when.julian) for e in sent] == [("1720-10-30", "1720-10-19")]
    assert sent[0].evidence.endswith(written + ".")


def test_events_a_place_and_a_date_inside_a_sentence_is_no_date_line() -> None:
    doc = make_doc("The fleet reached London 19th October 1720 and anchored in the river.",
                   timexes=[("19th October 1720", "DATE", "1720-10-30", "1720-10-19")], mentions=[("London", "LOC", "london")])
    assert "MESSAGE_SENT" not in [e.type for e in extract_events(doc).events]


def test_events_passive_with_an_acting_agent_narrates_a_happening() -> None:
    doc = make_doc("In 1881 the first grenade was thrown by a conspirator from the crowd.", timexes=[("1881", "DATE", "1881", None)])
    assert [e.type for e in extract_events(doc).events] == ["OTHER"]


def test_events_clause_of_its_own_that_no_trigger_types_is_an_event_beside_the_typed_one() -> None:
    doc = make_doc("In 1703 the army attacked the town and the garrison surrendered quietly.")
    assert sorted(e.type for e in extract_events(doc).events) == ["OFFENSIVE", "OTHER"]
    doc = make_doc("In 1703 the army attacked the town and took many prisoners.")  # no subject of its own
    assert [e.type for e in extract_events(doc).events] == ["OFFENSIVE"]


@pytest.mark.parametrize("sentence,mentions,expected", [
    ("In 1903 he first came to the capital.", [], ["TRAVEL"]),
    ("In 1773 a detachment moved into Kazan.", [("Kazan", "LOC", "kazan")], ["TRAVEL"]),
    ("In 1773 he came to a decision.", [], []),
    ("In 1908 the Empress summoned him to the palace.", [], ["ORDER"]),
    ("In 1676 Feodor became tsar.", [], ["APPOINTMENT"]),
    ("In 1613 the assembly elected Michael.", [], ["APPOINTMENT"]),
    ("In 1760 the soldier deserted during a leave.", [], ["ESCAPE"]),
    ("In 1877 the Senate decided that the law would stand.", [], ["ADOPTION"]),
    ("In 1700 Peter decided to leave the city.", [("Peter", "PER", "peter")], ["TRAVEL"]),  # a person's decision: the act decided on
    ("In 1905 the Tsar directed the Government to abstain from interference.", [], ["ORDER"]),
])
def test_events_narrowed_triggers_of_movement_office_and_decision(sentence: str, mentions: list, expected: list[str]) -> None:
    doc = make_doc(sentence, timexes=[(sentence.split(" ")[1].rstrip(","), "DATE", "1700", None)], mentions=mentions)
    assert [e.type for e in extract_events(doc).events if e.type != "OTHER"] == expected


def test_events_deserted_place_is_no_desertion() -> None:
    doc = make_doc("In 1877 a deserter said that the town was deserted.", timexes=[("1877", "DATE", "1877", None)])
    assert "ESCAPE" not in [e.type for e in extract_events(doc).events]


def test_events_support_only_noun_that_took_place_is_a_happening() -> None:
    doc = make_doc("A strike of railway men has taken place at the terminus of the line.")
    assert [e.type for e in extract_events(doc).events] == ["OTHER"]
