"""Events on unseen sources, round 12: a report's clause or subject is the happening ("it is reported
that the rebels surrounded ...", "skirmishes are reported ..."); a verb of occurrence needs no actor
("an exchange of shots occurred"); a primary source's active perfect tells what just happened; people
sent back travel, an army fleeing is the battle's rout, coming to the throne is an accession. All
sentences are made up."""

from __future__ import annotations

from test_events import make_doc

from fontes.events import extract_events


def _events(text: str, timexes=(), mentions=(), genre: str | None = None) -> list[tuple[str, str]]:
    doc = make_doc(text, timexes=list(timexes), mentions=list(mentions))
    doc.genre = genre
    return [(e.type, e.evidence) for e in extract_events(doc).events]


# --- what a report tells ------------------------------------------------------------------------------

def test_the_clause_of_an_impersonal_report_is_the_happening() -> None:
    text = "It is also reported that the Orvelians surrounded and scattered a column of Mirovian riflemen."
    events = _events(text, mentions=[("Orvelians", "ORG", "orvelia")])
    assert events == [("OTHER", text)]


def test_the_subject_of_a_passive_report_is_the_happening() -> None:
    text = "Skirmishes are reported along the northern frontier and near the salt marshes of Dalvo."
    assert _events(text, mentions=[("Dalvo", "LOC", "dalvo")]) == [("OTHER", text)]


def test_a_report_with_a_pronoun_subject_tells_nothing_by_itself() -> None:
    text = "It was reported in the gazette of the province of Dalvo."
    assert _events(text, mentions=[("Dalvo", "LOC", "dalvo")]) == []


# --- occurrence, the perfect of a dispatch ----------------------------------------------------------

def test_a_verb_of_occurrence_makes_its_subject_a_happening() -> None:
    text = "An exchange of fire occurred near Tarvik on the eastern bank."
    events = _events(text, mentions=[("Tarvik", "LOC", "tarvik")], genre="secondary")
    assert events == [("OTHER", text)]


def test_a_dispatch_perfect_is_a_happening_but_not_a_secondary_one() -> None:
    text = "Mirovia has assumed charge of the Orvelian interests in the capital."
    mentions = [("Mirovia", "LOC", "mirovia")]
    assert _events(text, mentions=mentions, genre="primary") == []  # "assume" states, whatever the tense
    text = "Mirovia has broken all relations with the Orvelian government."
    assert [t for t, _ in _events(text, mentions=mentions, genre="primary")] == ["OTHER"]
    assert _events(text, mentions=mentions, genre="secondary") == []


def test_a_passive_perfect_states_a_result_even_in_a_primary_source() -> None:
    text = "A solid foundation has been laid by the council of Mirovia."
    assert _events(text, mentions=[("council of Mirovia", "ORG", "mirovia-council")], genre="primary") == []


# --- a few verb patterns -------------------------------------------------------------------------------

def test_people_sent_back_travel() -> None:
    text = "The runaway oarsmen were sent back to their galleys by the admiral."
    assert [t for t, _ in _events(text)] == ["TRAVEL"]


def test_an_army_fleeing_in_battle_is_no_escape() -> None:
    text = "The Mirovian cavalry fled at the first charge of the enemy."
    assert [t for t, _ in _events(text, mentions=[("Mirovian", "ORG", "mirovia")])] == ["OTHER"]
    text = "The prisoner fled from the fortress of Tarvik."
    assert [t for t, _ in _events(text, mentions=[("Tarvik", "LOC", "tarvik")])] == ["ESCAPE"]


def test_coming_to_the_throne_is_an_accession() -> None:
    text = "Orvel the Younger came to the throne in 1702."
    events = _events(text, timexes=[("1702", "DATE", "1702", "1702")],
                     mentions=[("Orvel the Younger", "PER", "orvel-the-younger")])
    assert events == [("OTHER", text)]
