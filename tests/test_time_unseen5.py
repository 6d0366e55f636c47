"""Tests of the time stage on unseen-source forms (issue 10, fifth round): the unmarked calendar of
eighteenth-century Russian narratives, a year that straddles two calendar years (the Byzantine
era's September year), an offset set off by commas after the date it restates, "that January 1",
and the year of a document that writes none, from a known happening it names.

Every text here is written for the test (invented places and people where a name is needed)."""

from __future__ import annotations

from fontes.model import Document, Timex
from fontes.time import find_timexes, tag


def analysed(text: str, *, genre: str | None = "secondary", place: str | None = None) -> Document:
    return find_timexes(Document(id="t", path="t.txt", text=text, genre=genre, place=place))


def by_text(doc: Document) -> dict[str, Timex]:
    return {t.text: t for t in doc.timexes}


def values(text: str, dct: str | None = None) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in tag(text, dct=dct)]


# --- the calendar of an unmarked eighteenth-century Russian narrative ----------------------------

def test_time_unseen5_eighteenth_century_russian_months_are_old_style() -> None:
    doc = analysed("The Cossack Ivan Borodkin raised the steppe against the governors of Russia. "
                   "In October 1771 his band burned the mill at Verkhnyaya Sosna; in March 1772 the "
                   "governor of Orenburg sent two regiments after him.")
    assert doc.calendar == "julian"
    assert "1800" in doc.calendar_reason
    october = by_text(doc)["October 1771"]
    assert october.julian == "1771-10"
    assert october.gregorian == "1771-10-12/1771-11-11"  # the Old Style month is these New Style days


def test_time_unseen5_nineteenth_century_russian_narrative_stays_new_style() -> None:
    doc = analysed("The Cossack Ivan Borodkin raised the steppe against the governors of Russia. "
                   "On 4 October 1871 his band burned the mill at Verkhnyaya Sosna near Moscow.")
    assert doc.calendar == "gregorian"
    assert by_text(doc)["4 October 1871"].gregorian == "1871-10-04"


# --- a year across two calendar years ------------------------------------------------------------

def test_time_unseen5_day_of_a_straddling_year_takes_the_year_it_falls_in() -> None:
    found = values("Before 1700 the year began in autumn: the year 7190 began on September 1, "
                   "and on 3 March the court moved.")
    assert ("September 1", "1681-09-01") in found
    assert ("3 March", "1682-03-05") not in found
    assert ("3 March", "1682-03-03") in found


def test_time_unseen5_the_year_named_again_counts_its_days_from_its_start() -> None:
    found = values("In the year 7190 began on September 1, while abroad the year 1681 began on January 1.")
    assert ("January 1", "1681-01-01") in found


# --- an offset that restates the date before it ---------------------------------------------------

def test_time_unseen5_offset_in_apposition_restates_the_date() -> None:
    assert ("just a year before", "1731") in values("In 1731, just a year before, the envoy came home.")
    assert ("two days later", "1731-05-05") in values("On 5 May 1731, two days later, the envoy left.")


def test_time_unseen5_offset_in_its_own_sentence_still_counts() -> None:
    assert ("Two days later", "1731-05-07") in values("The envoy left on 5 May 1731. Two days later, he came back.")
    assert ("a year later", "1732") in values("In 1731 the envoy came home, and a year later he died.")


# --- "that January 1" -------------------------------------------------------------------------------

def test_time_unseen5_that_before_a_month_and_day_is_a_conjunction() -> None:
    found = values("In 1731 the council ordered that January 1 would open the year.")
    assert ("January 1", "1731-01-01") in found
    assert not [t for t, _ in found if t.startswith("that")]
    assert ("that January", "1731-01") in values("In 1731 the rivers froze that January.")


# --- a document with no year ------------------------------------------------------------------------

def test_time_unseen5_year_of_a_yearless_cable_from_a_known_happening() -> None:
    doc = analysed("THE CZAR'S MANIFESTO.\n\nST. PETERSBURG, October 31. The Czar issued a manifesto "
                   "last evening promising a constitution.", genre="primary")
    assert by_text(doc)["October 31"].value == "1905-10-31"
    assert "writes no year" in doc.calendar_reason


def test_time_unseen5_yearless_text_without_a_fitting_happening_keeps_no_year() -> None:
    doc = analysed("KOBLENZ, May 12. The mayor opened the new bridge over the Lahn yesterday.", genre="primary")
    assert by_text(doc)["May 12"].value.startswith("XXXX")
    # a happening named, but on another day: no year either
    doc = analysed("KOBLENZ, May 12. A manifesto was read in the square.", genre="primary")
    assert by_text(doc)["May 12"].value.startswith("XXXX")


# --- a calendar named by the countries that used it -----------------------------------------------

def test_time_unseen5_calendar_named_by_the_countries_that_kept_it() -> None:
    doc = analysed("In the duchy of Varnholm the regent died on 2 March 1705 (Old Style). That same day was "
                   "reckoned as 2 March 1705 in the countries which still used the Julian calendar, and "
                   "13 March 1705 in those which had adopted the Gregorian calendar.", place="Russia")
    found = by_text(doc)
    assert found["13 March 1705"].gregorian == "1705-03-13"
    assert found["13 March 1705"].calendar == "gregorian"
    assert "adopted the Gregorian calendar" in found["13 March 1705"].calendar_reason


def test_time_unseen5_french_countries_mark() -> None:
    doc = analysed("Le 13 mars 1705 dans les pays qui avaient adopté le calendrier grégorien, le régent mourut.",
                   place="Russia")
    assert by_text(doc)["13 mars 1705"].gregorian == "1705-03-13"


# --- a Julian day counted past the switch ---------------------------------------------------------

def test_time_unseen5_next_day_after_a_marked_last_julian_day_is_the_first_new_style_day() -> None:
    doc = analysed("Sweden kept the old reckoning until 17 February (Julian) 1753, and the next day "
                   "the almanacs of Uppsala began the new count.", place="Sweden")
    nxt = by_text(doc)["the next day"]
    assert nxt.gregorian == "1753-03-01"
    assert nxt.julian == "1753-02-18"


# --- relative days in French and German ---------------------------------------------------------

def test_time_unseen5_relative_days_in_french_and_german() -> None:
    found = values("Le 3 mars 1731 la flotte partit. Le lendemain elle revint. La veille, il pleuvait.")
    assert ("Le lendemain", "1731-03-04") in found
    assert ("La veille", "1731-03-03") in found
    assert ("Am folgenden Tag", "1731-03-04") in values("Am 3. März 1731 fuhr die Flotte. Am folgenden Tag kam sie zurück.")
    assert values("The tag on the bag said nothing.") == []


# --- more forms: a cable's stamp, ordinal years --------------------------------------------------

def test_time_unseen5_cable_stamp_date_comma_clock_time_is_one_expression() -> None:
    assert ("October 31, 10.17 p.m.", "1905-10-31T22:17") in values("In 1905. Received October 31, 10.17 p.m. from Riga.")
    assert ("May 5, 1905", "1905-05-05") in values("On May 5, 1905, 10 men died.")  # a year, not a clock time


def test_time_unseen5_ordinal_years_of_translated_decrees() -> None:
    found = values("Count the years from the 1731st year from the birth of Christ, and keep the new 1732nd year.")
    assert ("the 1731st year from the birth of Christ", "1731") in found
    assert ("the new 1732nd year", "1732") in found
    assert values("It was the 15th year of his life.") == []


# --- a bare clock hour in an afternoon ---------------------------------------------------------------

def test_time_unseen5_bare_hour_after_the_afternoon_is_an_afternoon_hour() -> None:
    assert ("half-past three o'clock", "1731-05-05T15:30") in values(
        "On 5 May 1731 at noon the envoy spoke. I am sure it was half-past three o'clock when he left.")
    assert ("4 o'clock", "1731-05-05T16:00") in values("On 5 May 1731 at 2 pm the envoy spoke. It was 4 o'clock when he left.")


def test_time_unseen5_bare_hour_after_the_morning_stays_a_morning_hour() -> None:
    assert ("4 o'clock", "1731-05-05T04:00") in values("On 5 May 1731 at 5 am the envoy spoke. It was 4 o'clock when he left.")
    assert ("half-past three o'clock", "1731-05-05T03:30") in values(
        "On 5 May 1731 the envoy rose at dawn. It was half-past three o'clock when he left.")
    # a later hour than seven is read as written
    assert ("10 o'clock", "1731-05-05T10:00") in values("On 5 May 1731 at noon the envoy spoke. At 10 o'clock he left.")


def test_time_unseen5_yearless_text_happening_in_another_paragraph_gives_no_year() -> None:
    doc = analysed("KOBLENZ, October 31. The council met about the bridge.\n\nElsewhere: the Czar's manifesto "
                   "is printed in full on page four.", genre="primary")
    assert by_text(doc)["October 31"].value.startswith("XXXX")


def test_time_unseen5_small_hours_after_last_night_are_of_the_writers_day() -> None:
    found = values("2 September 1731. The servants sat up late last night, and the cook called us up about "
                   "three in the morning.")
    assert ("last night", "1731-09-01TNI") in found
    assert ("three in the morning", "1731-09-02T03:00") in found


# --- names and adjectives that are no time ----------------------------------------------------------

def test_time_unseen5_the_future_as_an_adjective_is_no_time() -> None:
    assert values("Its defenders included the father of the future celebrated poet Ilya Varsin.") == []
    assert values("He met the future Tsar at the fair.") == []
    assert ("the future", "FUTURE_REF") in values("In the future I will rule.")


# --- the narrative's day running on and ending ---------------------------------------------------------

def test_time_unseen5_the_day_wearing_on_and_ending_is_the_narratives_day() -> None:
    found = values("On 5 May 1731 the envoy came. As the day wore on, the noise grew. More than 300 crossed "
                   "by the end of the day. The guards kept the town in doubt all day long.")
    assert ("the day", "1731-05-05") in found
    assert ("the end of the day", "1731-05-05") in found
    assert ("all day long", "P1D") in found
    assert values("At the end of the day, it matters little.") == []  # an idiom, no day
