"""Tests of the time stage on unseen-source forms (round 14): classes of text, not sentences of the
corpus. Danish and Norwegian dates ("14. januar 1690") and a text in those languages keeping
Denmark-Norway's Old Style before 1700; place names in other languages ("Russie", "Bulgarie");
the day of a one-day happening the text names by its proper name a paragraph away; a blog
post's "Today is ..." under its own date; a "2004/07/12 09:01:54" stamp; an ordinal word after a
month that begins a name ("in mid-March the Third Fleet"); "the Earl of Mar", "that Mar" (a name);
a newspaper page's "1900-1930, January 12, 1905" (the run's years, then the issue's day);
"1.1.1701 (new style: 12.1.1701)", a double date in figures.

Every text here is written for the test (invented places and people where a name is needed)."""

from __future__ import annotations

from test_time_unseen13 import stage, values

from fontes.time import anchors, calendars, tag


def test_norwegian_and_danish_month_names_are_read() -> None:
    assert values("Den 14. januar 1690 red kongen ut.") == [("14. januar 1690", "1690-01-14")]
    assert values("Fra den 1. marts 1700 gjaldt den nye kalender.") == [("1. marts 1700", "1700-03-01")]


def test_a_norwegian_text_keeps_the_old_style_before_1700() -> None:
    text = ("Kalenderen\n\nBonden sovnet søndag 11. februar 1700 og skrev om været i boken sin. "
            "Det var ikke lett for bøndene, og de visste ikke hva som skulle skje med dagene. "
            "Presten sa at det var fordi kongen hadde bestemt det, og folk måtte finne seg i det. "
            "Men mange av dem kunne ikke forstå hvorfor de skulle miste dager av sitt liv.")
    got = stage(text, genre="secondary")
    assert got["11. februar 1700"] == "1700-02-21"


def test_place_names_in_other_languages_name_their_country() -> None:
    scores = calendars.place_scores("Le tsar quitta Saint-Pétersbourg pour la Russie; la Bulgarie et la Grèce.")
    assert scores.get("Russia", 0) >= 2 and scores.get("Bulgaria") and scores.get("Greece")
    assert calendars.find_country("Dänemark").name == "Denmark"


def test_a_known_day_a_paragraph_away_from_its_happening_votes() -> None:
    named = anchors.named_in_text("The prince read the manifesto in the church at Veliko Tarnovo.")
    assert any(a.event == "Bulgarian declaration of independence" for a in named)
    text = ("The prince read the manifesto in the church at Veliko Tarnovo, before the assembled crowd.\n\n"
            "September 22, 1908 stays a memorable day for the whole nation and its people.\n\n"
            "Such was the will of the people, and so the prince spoke to them.")
    got = stage(text, genre="secondary")
    assert got["September 22, 1908"] == "1908-10-05"


def test_a_day_a_paragraph_away_from_nothing_known_keeps_its_reading() -> None:
    text = ("The prince read the manifesto in the church at Veliko Tarnovo, before the crowd.\n\n"
            "September 23, 1908 was a quiet day in the capital, and the shops were open.")
    assert stage(text, genre="secondary")["September 23, 1908"] == "1908-09-23"


def test_a_posts_today_is_its_own_day() -> None:
    text = ("Tuesday, July 12, 2011\n\nThe Long Memory\n\n"
            "Today is the day the lodges of Kellaby parade through the town, as every year. "
            "The custom goes back to a battle fought in 1690, though few of the marchers know it.\n\n"
            "Things look different today from the way they looked then.")
    got = stage(text, genre="secondary")
    assert got["Today"] == "2011-07-12"
    assert got["today"] == "PRESENT_REF"  # not the subject of its clause: the writer's present at large


def test_a_slashed_stamp_is_a_day_and_time() -> None:
    assert values("Posted 2004/07/12 09:01:54 by the host") == [("2004/07/12 09:01:54", "2004-07-12T09:01:54")]


def test_an_ordinal_word_that_begins_a_name_is_no_day() -> None:
    assert values("In mid-March the Third Fleet reached the canal.") == [("mid-March", "XXXX-03")]
    assert values("He wrote on March the third, 1905.") == [("March the third, 1905", "1905-03-03")]


def test_a_short_month_after_a_title_or_that_is_a_name() -> None:
    assert values("The Earl of Mar raised his standard; that Mar was no soldier.") == []
    assert values("In Mar. 1716 the rising ended.") == [("Mar. 1716", "1716-03")]


def test_a_range_of_years_before_a_dated_day_is_no_year_first_date() -> None:
    assert values("Kellaby Herald. 1900-1930, January 12, 1905, Image 6") == [
        ("1900-1930", "1900/1930"), ("January 12, 1905", "1905-01-12")]
    assert values("1700, February 18: the last old day.")[0] == ("1700, February 18", "1700-02-18")


def test_a_numeric_day_with_its_new_style_gloss_is_one_double_date() -> None:
    got = [(t.text, t.value, t.anchor) for t in tag("1.1.1701 (new style: 12.1.1701): the reformed towns changed.")]
    assert got == [("1.1.1701 (new style: 12.1.1701)", "1701-01-01", "double:J:1701-01-12")]
    assert values("On 3.5.1701 the council met.") == [("3.5.1701", "1701-05-03")]
