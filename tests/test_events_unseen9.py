"""Events on unseen sources, round 8: receipt told of the message itself ("the news reached the court",
"the intelligence was received at the capital") and a parcel sent by a bearer in letters and diaries
("I sent you by the carrier a ring"), told in the past only. All sentences are made up."""

from __future__ import annotations

from test_events import make_doc

from fontes.events import extract_events
from fontes.events.lines import _dateline_events
from fontes.events.triggers import triggers


def _types(text: str, mentions: list[tuple[str, str, str]] = ()) -> list[str]:
    return [e.type for e in extract_events(make_doc(text, mentions=mentions)).events]


def test_news_reaching_a_court_is_a_message_received() -> None:
    assert "MESSAGE_RECEIVED" in _types("When the news reached the court, the ministers met at once.")


def test_intelligence_received_in_the_passive_is_a_message_received() -> None:
    assert "MESSAGE_RECEIVED" in _types("The intelligence was received at the capital with dismay.")


def test_news_received_in_a_relative_clause_is_no_message_received() -> None:
    types = _types("He told them of the news which the envoy had already received.")
    assert "MESSAGE_RECEIVED" not in types


def test_a_parcel_sent_by_a_bearer_is_a_message_sent() -> None:
    text = "I sent you by the carrier a silver ring for your sister."
    assert "MESSAGE_SENT" in _types(text)


def test_a_letters_present_send_by_the_bearer_is_no_message_sent() -> None:
    text = "The book I send you by this bearer; read it at leisure."
    assert "MESSAGE_SENT" not in _types(text)


def test_sent_by_the_king_in_the_passive_is_no_bearer() -> None:
    text = "The regiment was sent by the king to the frontier."
    assert "MESSAGE_SENT" not in _types(text)


# --- receipt notes on dispatches and cables ----------------------------------------------------------



def _datelines(doc) -> list[tuple[str, str]]:
    return [(e.type, e.evidence) for e in _dateline_events(doc, triggers())]


def test_a_receipt_note_in_brackets_is_a_message_received() -> None:
    text = "No. 12.\nMr. Hale to Mr. Orme.\n(Received May 9.)\nSir: The court is in mourning.\n"
    doc = make_doc(text, timexes=[("May 9", "DATE", "1840-05-09", None)])
    assert _datelines(doc) == [("MESSAGE_RECEIVED", "Received May 9.)")]


def test_a_receipt_note_after_headlines_is_not_taken_for_a_place() -> None:
    text = "Riots in the Capital. Troops Called Out. Received June 2, 9.40 a.m. LONDON, June 2. The strike spread."
    doc = make_doc(text, timexes=[("June 2", "DATE", "1911-06-02", None), ("9.40 a.m.", "TIME", "1911-06-02T09:40", None)])
    assert ("MESSAGE_RECEIVED", "Received June 2, 9.40 a.m.") in _datelines(doc)


def test_a_lowercase_received_inside_a_sentence_is_no_receipt_note() -> None:
    text = "The despatch, it was said, was received June 2 by the minister.\n"
    doc = make_doc(text, timexes=[("June 2", "DATE", "1911-06-02", None)])
    assert _datelines(doc) == []
