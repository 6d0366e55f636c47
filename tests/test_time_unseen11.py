"""Tests of the time stage on unseen-source forms (round 11): classes of text, not sentences of the
corpus. A weekday a sentence looks forward to ("are arranging to depart on Thursday") is the next
one and does not move the narrative's time; a text written in Swedish keeps the Swedish calendar of
1700-1712 even where an edition names a foreign place; a numeric date ending a sentence
("... to the 19.12.1665."); a range whose second day takes its article; a month after a range of
days stays inside the range.

Every text here is written for the test (invented places and people where a name is needed)."""

from __future__ import annotations

from test_time_event_dating import dates_of
from test_time_unseen10 import stage

from fontes.time import calendars, tag
from fontes.time.ranges import merge_ranges


def values(text: str) -> dict[str, str]:
    return {t.text: t.value for t in merge_ranges(text, tag(text))}


# --- a day looked forward to -----------------------------------------------------------------------

def test_time_unseen11_weekday_of_a_plan_is_the_next_one() -> None:
    text = "On 14 March 1888 the envoy of Varnia left the capital. The other envoys are arranging to depart on Thursday."
    assert values(text)["Thursday"] == "1888-03-15"  # 14 March 1888 was a Wednesday


def test_time_unseen11_weekday_of_a_plan_does_not_move_the_narrative() -> None:
    text = ("On 14 March 1888 the envoy of Varnia left the capital. The other envoys are preparing to leave on "
            "Saturday. The same day the garrison of Ostrel was reinforced.")
    got = values(text)
    assert got["Saturday"] == "1888-03-17"
    assert got["The same day"] == "1888-03-14"


def test_time_unseen11_weekday_told_in_the_past_stays_before() -> None:
    text = "On 14 March 1888 the envoy of Varnia left the capital. The others had departed on Monday."
    assert values(text)["Monday"] == "1888-03-12"


# --- a text in Swedish ------------------------------------------------------------------------------

_SWEDISH = ("Utgifven i Lyon 1860.\n\n"
            "Tornby, d. 9 febr. 1709.\n\n"
            "Jagh hafwer fått tijn breff och tackar migh medh hela hiertat; jagh är wedh godh hälsa och "
            "hoppas at dhet skall wara så äfwen medh tigh. Intet nytt här uti lägret, men jagh skall skrifwa "
            "mera när dhe andra komma, och jagh beder at tu icke oroar tigh öfwer migh eller dhem.")


def test_time_unseen11_swedish_function_words_say_sweden() -> None:
    assert calendars._written_in(_SWEDISH) is calendars.countries()["Sweden"]
    assert calendars._written_in("The army and the king were in good health; it is said that they left.") is None


def test_time_unseen11_swedish_letter_keeps_the_swedish_calendar() -> None:
    doc = stage(_SWEDISH, genre="primary")
    day = next(t for t in doc.timexes if t.text.startswith("9 febr"))
    assert day.calendar == "swedish"
    assert day.gregorian == "1709-02-19"  # Swedish 9 Feb 1709 = Julian 8 Feb = Gregorian 19 Feb
    assert day.julian == "1709-02-08"


# --- numeric dates and ranges -----------------------------------------------------------------------

def test_time_unseen11_numeric_date_ending_a_sentence() -> None:
    assert values("The register was closed on 3.11.1702. Nobody saw it again.")["3.11.1702"] == "1702-11-03"
    assert "1.2.2020" not in values("Release 1.2.2020.4 of the program.")


def test_time_unseen11_range_whose_end_takes_its_article() -> None:
    got = values("The accounts run from the 2.3.1701 to the 28.2.1702.")
    assert got["2.3.1701 to the 28.2.1702"] == "1701-03-02/1702-02-28"


def test_time_unseen11_years_do_not_join_across_an_article() -> None:
    got = values("He served from 1861 to the 1865 session.")
    assert got.get("1861") == "1861" and got.get("1865") == "1865"


def test_time_unseen11_month_after_a_range_of_days_stays_inside_it() -> None:
    got = values("The chart covers the weeks from the 2.1.1703 to the 20.12.1703. There is a first peak in early June.")
    assert got["early June"] == "1703-06"


# --- a week of a month ------------------------------------------------------------------------------

def test_time_unseen11_week_of_a_month_is_seven_days() -> None:
    assert values("The ice broke in the second week of February, 1700.")["the second week of February, 1700"] == \
        "1700-02-08/1700-02-14"
    got = values("On 3 March 1856 he promised to come in the last week of April.")
    assert got["the last week of April"] == "1856-04-24/1856-04-30"


# --- events are not dated by a day looked forward to ------------------------------------------------

def _event_dates(text: str) -> list[tuple[str, str | None]]:
    return dates_of(text, genre="primary")


def test_time_unseen11_event_after_a_planned_weekday_keeps_the_dispatch_day() -> None:
    found = _event_dates("OSTREL, March 14, 1888.\n"
                         "The envoy of Varnia to-day asked for his passports.\n"
                         "The other envoys are arranging to depart on Thursday.\n"
                         "Before leaving, the envoy handed a note of protest to the Porte.\n")
    handed = [when for evidence, when in found if "handed" in evidence]
    assert handed == ["1888-03-14"], found
