"""Tests of the time stage on unseen-source forms (issue 10, sixth round): classes of text, not
sentences of the corpus. "lately" is no time expression (TimeML leaves it out); a month name a
capture deformed (a drop capital run into it, one slip of a typist or of OCR) inside a written
date; an editor's bracketed second year ("1719 [/20]"); whole centuries as durations keep their
unit (P3CE, as TIMEX annotators write them); a date far after the story that dates what a later age
did with its traces, a date that names a past happening ("the March 1830 rising", "the Act (1827)")
and the end of a stretch at a later happening are asides; a season or month coordinated with a dated
one shares its year.

Every text here is written for the test (invented places and people where a name is needed)."""

from __future__ import annotations

from fontes.time import tag
from fontes.time.lexicon import garbled_month


def values(text: str, dct: str | None = None) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in tag(text, dct=dct)]


# --- "lately" -------------------------------------------------------------------------------------

def test_time_unseen6_lately_is_no_time_expression() -> None:
    found = values("The granary lately built by the parish of Oakmere burned in 1820.")
    assert ("1820", "1820") in found
    assert all("lately" not in text for text, _ in found)


def test_time_unseen6_recently_is_still_a_past_reference() -> None:
    assert ("recently", "PAST_REF") in values("The mill at Oakmere was recently sold to a tanner.")


# --- deformed month names inside a written date -------------------------------------------------

def test_time_unseen6_drop_capital_run_into_a_month_name() -> None:
    # a paragraph's large initial "O" ("On ...") captured as a letter of the month name
    assert ("OMarch 3, 1890", "1890-03-03") in values("OMarch 3, 1890, the mayor of Eastwick opened the new bridge.")


def test_time_unseen6_one_slip_in_a_long_month_name() -> None:
    assert ("12 Decembcr 1888", "1888-12-12") in values("The vessel left Greyport on 12 Decembcr 1888 with coal.")
    found = values("He wrote to his brother on the 5th of Setpember 1790.")
    assert ("the 5th of Setpember 1790", "1790-09-05") in found
    assert ("Febuary 9, 1901", "1901-02-09") in values("The council met on Febuary 9, 1901, at noon.")


def test_time_unseen6_words_near_short_month_names_are_not_months() -> None:
    # "Marsh", "Jane" are one letter from "March", "June": names, not slips; the year stays a year
    assert values("Captain Marsh 12, 1901 edition.") == [("1901", "1901")]
    assert values("Augusta 5, 1863 was printed.") == [("1863", "1863")]
    assert garbled_month("Jane") is None
    assert garbled_month("Marsh") is None
    assert garbled_month("October") is None  # a known name is no slip


# --- an editor's bracketed second year ------------------------------------------------------------

def test_time_unseen6_bracketed_second_year_is_a_dual_year() -> None:
    # before 1752 the English civil year began on 25 March: the editor adds the historical year
    assert ("2 February 1719 [/20]", "1720-02-02") in values("The bond is dated 2 February 1719 [/20] at Bristol.")


# --- centuries as durations ------------------------------------------------------------------------

def test_time_unseen6_whole_centuries_keep_their_unit() -> None:
    text = "The abbey stood for nearly four centuries; the town grew for two decades."
    found = [(t.text, t.value, t.mod) for t in tag(text)]
    assert ("nearly four centuries", "P4CE", "LESS_THAN") in found
    assert ("two decades", "P20Y", None) in found  # decades stay in years, as TempEval writes them


# --- a far later date is an aside -----------------------------------------------------------------

def test_time_unseen6_a_later_age_finding_the_traces_does_not_move_the_story() -> None:
    found = values("The garrison of Fort Lenning surrendered on 12 August 1842. Letters discovered in 1961 "
                   "show that the commander had asked for relief. On 20 August the survivors reached the coast.")
    assert ("1961", "1961") in found
    assert ("20 August", "1842-08-20") in found


def test_time_unseen6_a_later_year_without_such_a_verb_still_moves_the_story() -> None:
    found = values("Harlow was born in 1840. In 1890 he moved to the capital; on 3 May he opened a shop.")
    assert ("3 May", "1890-05-03") in found


def test_time_unseen6_a_stretch_ending_at_a_later_happening_does_not_move_the_story() -> None:
    found = values("The fort fell on 20 October 1711. A blockade followed that lasted until the surrender of "
                   "the port in February 1712. By the start of July the fleet had sailed north.")
    assert ("February 1712", "1712-02") in found
    assert ("the start of July", "1711-07") in found  # still the story's year, not the stretch's end


def test_time_unseen6_a_date_naming_a_past_happening_does_not_move_the_story() -> None:
    found = values("On 3 May 1832 the council met. Its chairman, a veteran of the March 1830 rising, spoke first. "
                   "On 9 June the council dissolved.")
    assert ("March 1830", "1830-03") in found
    assert ("9 June", "1832-06-09") in found


def test_time_unseen6_a_bracketed_earlier_year_is_an_aside_under_a_year_heading() -> None:
    found = values("In 1832 the villagers rose against the Forest Act (1827) and burned the lodges. "
                   "On 9 June the militia arrived.")
    assert ("9 June", "1832-06-09") in found


# --- coordination shares the year --------------------------------------------------------------------

def test_time_unseen6_two_seasons_share_the_year_written_after_both() -> None:
    found = values("The duchy fell in 1803. Its envoys had asked for help in the spring and summer of 1802.")
    assert ("the spring", "1802-SP") in found


def test_time_unseen6_month_slash_month_shares_the_year() -> None:
    found = values("In 1871 the league broke up. In March/April 1868 its founders had met at Lindau.")
    assert ("March", "1868-03") in found
