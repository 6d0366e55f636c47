"""Events on unseen sources, round 10: a decision is an adoption when a body or "we" decide ("the
Chamber and the Council decided"), not a person or a group of men; asking or begging someone to act is
a proposal; a petition addressed, a note handed over, a letter mailed are messages sent; a letter
arriving, news got, a reply "in receipt" are messages received (a complement shares its head's
subject: "reports began reaching the port"); signing a convention or a protocol is a treaty; a
page's machine time stamp is its publication; a happening named again without a date of its own is
no new report. All sentences are made up."""

from __future__ import annotations

from test_events import make_doc

from fontes.events import extract_events
from fontes.events.lines import _header_events
from fontes.events.triggers import triggers


def _types(text: str, mentions: list[tuple[str, str, str]] = (), timexes=()) -> list[str]:
    return [e.type for e in extract_events(make_doc(text, mentions=mentions, timexes=timexes)).events]


# --- decisions ------------------------------------------------------------------------------------

def test_a_chamber_and_a_council_deciding_is_an_adoption() -> None:
    assert "ADOPTION" in _types("In 1790 the Chamber and the Council decided to lower the salt tax.",
                                timexes=[("1790", "DATE", "1790", None)])


def test_we_had_decided_is_an_adoption() -> None:
    assert "ADOPTION" in _types("We had decided to close the harbour to foreign ships.")


def test_a_count_and_myself_deciding_is_no_adoption() -> None:
    text = "Count Orvel and myself decided to postpone the audience."
    assert "ADOPTION" not in _types(text, [("Count Orvel", "PER", "orvel")])


def test_a_group_of_men_deciding_is_no_adoption() -> None:
    assert "ADOPTION" not in _types("The elders, fearing a revolt, decided to leave the valley at once.")


# --- proposals -------------------------------------------------------------------------------------

def test_nobles_asking_a_prince_to_invade_is_a_proposal() -> None:
    text = "Five barons asked the Prince of Orvel to mediate between the towns."
    assert "PROPOSAL" in _types(text, [("Prince of Orvel", "PER", "orvel")])


def test_begging_someone_to_accept_a_crown_is_a_proposal() -> None:
    assert "PROPOSAL" in _types("The villagers begged the abbot to lower the tithe.")


def test_asking_a_question_is_no_proposal() -> None:
    assert "PROPOSAL" not in _types("The envoy asked whether the duke was at home.")


# --- messages sent and received --------------------------------------------------------------------

def test_a_petition_addressed_to_a_ruler_is_a_message_sent() -> None:
    text = "In March the guild addressed a petition to the Duke of Valdoria."
    assert "MESSAGE_SENT" in _types(text, [("Valdoria", "LOC", "valdoria")])


def test_a_note_handed_to_a_government_is_a_message_sent() -> None:
    assert "MESSAGE_SENT" in _types("The consul handed a note to the mayor of the port.")


def test_a_letter_mailed_is_a_message_sent() -> None:
    assert "MESSAGE_SENT" in _types("The parcel of deeds was mailed to the bank on the 20th of May.",
                                    timexes=[("the 20th of May", "DATE", "1850-05-20", None)])


def test_a_letter_arriving_is_a_message_received() -> None:
    types = _types("Her letter from the coast arrived on Monday.")
    assert "MESSAGE_RECEIVED" in types and "TRAVEL" not in types


def test_a_reply_in_receipt_is_a_message_received() -> None:
    assert "MESSAGE_RECEIVED" in _types("Yesterday I was in receipt of your letter of the third.")


def test_reports_beginning_to_reach_a_port_are_received_not_a_journey() -> None:
    text = "In 1790 reports began reaching Valdoria of a famine in the hills."
    types = _types(text, [("Valdoria", "LOC", "valdoria")], timexes=[("1790", "DATE", "1790", None)])
    assert "MESSAGE_RECEIVED" in types and "TRAVEL" not in types


# --- treaties --------------------------------------------------------------------------------------

def test_two_states_signing_a_military_convention_is_a_treaty() -> None:
    text = "Valdoria and Orvel signed a postal convention."
    assert "TREATY" in _types(text, [("Valdoria", "LOC", "valdoria"), ("Orvel", "LOC", "orvel")])


# --- a page's time stamp ---------------------------------------------------------------------------

def _headers(text: str, timexes=()) -> list[tuple[str, str]]:
    doc = make_doc(text, timexes=timexes)
    return [(e.type, e.evidence) for e in _header_events(doc, triggers())]


def test_a_front_matter_time_stamp_is_the_publication() -> None:
    text = "---\ntitle: A history\ndate: 2019-03-04T10:15:00Z\n---\nThe text.\n"
    assert _headers(text) == [("PUBLICATION", "date: 2019-03-04T10:15:00Z")]


def test_a_bare_time_stamp_line_is_the_publication() -> None:
    text = "Posted by the editor\n2014-06-01T08:00:12+00:00\nThe text.\n"
    assert _headers(text) == [("PUBLICATION", "2014-06-01T08:00:12+00:00")]


def test_a_time_stamp_inside_a_sentence_or_another_field_is_no_publication() -> None:
    text = "modified: 2019-03-04T10:15:00Z\nThe file was saved at 2019-03-04T10:15:00Z by the clerk.\n"
    assert _headers(text) == []


# --- a happening named again ----------------------------------------------------------------------

def test_a_mutiny_named_again_is_not_a_second_report() -> None:
    text = ("In May the crews raised a mutiny against the captain. "
            "The mutiny spread to the other ships of the squadron.")
    assert _types(text).count("UPRISING") == 1


# --- a person's decision told as made (round 2) -----------------------------------------------------

def test_a_person_deciding_to_act_is_typed_by_the_act_decided_on() -> None:
    text = "In 1712 the captain decided to leave the port before the storm."
    types = _types(text, timexes=[("1712", "DATE", "1712", None)])
    assert "TRAVEL" in types and "ADOPTION" not in types


def test_a_person_who_waited_and_decided_to_invade_is_no_adoption() -> None:
    text = "In 1654 the king waited for weeks and decided to invade the province."
    types = _types(text, timexes=[("1654", "DATE", "1654", None)])
    assert "OFFENSIVE" in types and "ADOPTION" not in types


def test_a_body_deciding_stays_an_adoption_and_its_content_is_not_told() -> None:
    text = "In 1790 the council decided to invade the province."
    types = _types(text, timexes=[("1790", "DATE", "1790", None)])
    assert "ADOPTION" in types and "OFFENSIVE" not in types


def test_a_person_wanting_to_act_is_still_no_act() -> None:
    text = "In 1712 the captain wanted to leave the port before the storm."
    assert "TRAVEL" not in _types(text, timexes=[("1712", "DATE", "1712", None)])
