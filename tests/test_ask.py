"""Ask: who/what/when/where questions answered from events, with both calendars, cited passages and disagreements."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from kbfixtures import REPO, invented_kb, seeds_db

from fontes.ask import ask, format_date
from fontes.errors import QueryError


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    return invented_kb(tmp_path_factory.mktemp("ask") / "kb.db")


@pytest.mark.parametrize(("question", "answer"), [
    ("Who was appointed Commander of the Northern Army?", "Petr Varga"),
    ("Who dismissed General Ostrovo?", "Council of the Republic"),
    ("By whom was Ostrovo dismissed?", "Council of the Republic"),
    ("Who refused to obey?", "Ivan Ostrovo"),
    ("Whom did the Council appoint?", "Petr Varga"),
])
def test_ask_who(kb, question, answer):
    result = ask(kb, question)
    assert result.found and result.answer == answer
    assert result.passages and all(p.evidence for p in result.passages)


def test_ask_when_gives_both_calendars_and_cites(kb):
    result = ask(kb, "When was Ostrovo dismissed?")
    assert result.answer == "15 March 1850 (3 March Old Style)"
    assert {p.doc for p in result.passages} == {"letter.txt", "history.txt"}
    assert any("Thereupon General Ostrovo was dismissed" in p.evidence for p in result.passages)


def test_ask_shows_both_claims_when_sources_disagree(kb):
    result = ask(kb, "When was Ostrovo dismissed?")
    says = sorted(d["says"] for d in result.disagreement)
    assert says == ["1850-03-15", "1850-03-20"]
    assert "disagree" in result.text


def test_ask_where(kb):
    assert ask(kb, "Where was the truce?").answer == "Kalvara"


@pytest.mark.parametrize("question", ["Who won the football cup?", "When was Ostrovo arrested?",
                                      '"; DROP TABLE events; --'])
def test_ask_says_plainly_when_sources_do_not_say(kb, question):
    result = ask(kb, question)
    assert not result.found and result.answer == "The sources do not say."


@pytest.mark.parametrize("question", ["", "   ", "???", "x" * 600])
def test_ask_rejects_empty_or_huge_questions(kb, question):
    with pytest.raises(QueryError):
        ask(kb, question)


@pytest.mark.parametrize(("greg", "jul", "text"), [
    ("1917-11-22", "1917-11-09", "22 November 1917 (9 November Old Style)"),
    ("1918-01-10", "1917-12-28", "10 January 1918 (28 December 1917 Old Style)"),
    ("1917-11-22T02:00/1917-11-22T04:30", "1917-11-09T02:00/1917-11-09T04:30",
     "22 November 1917 (9 November Old Style), 02:00–04:30"),
    ("1850-SP", None, "spring 1850"),
    ("1919-05", None, "May 1919"),
])
def test_ask_format_date(greg, jul, text):
    assert format_date(greg, jul) == text


# ------------------------------------------------------------------ acceptance on the example corpus


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    return seeds_db(tmp_path_factory.mktemp("seeds"))


def _cli_ask(db, question):
    out = subprocess.run([sys.executable, "-m", "fontes", "ask", question, "--db", str(db), "--json"],
                         check=False, capture_output=True, text=True, cwd=REPO, timeout=300)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_ask_seeds_dismissal_date_quotes_the_wireless_message(seeds):
    answer = _cli_ask(seeds, "When was Dukhonin dismissed?")
    assert answer["answer"].startswith("22 November 1917 (9 November Old Style)")
    assert any("Wireless Message" in (p["citation"] or "") and "dismissed" in p["evidence"]
               for p in answer["passages"])


def test_ask_seeds_who_was_appointed_commander_in_chief(seeds):
    answer = _cli_ask(seeds, "Who was appointed Commander-in-Chief?")
    assert "Krylenko" in answer["answer"]
