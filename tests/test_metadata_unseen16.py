"""Citation fields of unseen kinds of page (round 16): a page's date line with its clock time, a full
title over the heading that repeats its part, a lead-in closed by a colon, a forum member's name over
the member panel, lines that are no site's name. Invented texts only."""

from __future__ import annotations

from test_metadata_unseen10 import BODY, make_doc

from fontes.metadata import _name_shaped, _without_full_title, clocked_date


def test_clocked_date_keeps_the_clock_that_closes_the_line():
    assert clocked_date("Sat 14 Mar 2015 09:41") == "Sat 14 Mar 2015 09:41"
    assert clocked_date("March 3, 2015 at 10:32 am") == "March 3, 2015 at 10:32 am"
    # a clock that does not close the line is not the date's: the date alone
    assert clocked_date("March 3, 2015 at 10:32 by the harbour master") == "March 3, 2015"
    assert clocked_date("no date here") is None


def test_date_line_with_clock_under_the_title_dates_the_page():
    doc = make_doc(f"The Envoys of the North\n\nTue 14 Apr 2015 18:20\n\n{BODY}\n")
    assert doc.citation.date is not None
    assert doc.citation.date.as_written == "Tue 14 Apr 2015 18:20"


def test_clock_in_the_site_chrome_is_not_the_page_date():
    # a forum's "now" clock under its name, above the login notice: the chrome's, not the post's
    doc = make_doc(f"Harbour Forum\nApril 2, 2024, 03:12:45 am\nWelcome, Guest. Please login or register.\n\n"
                   f"The Envoys of the North\n\n{BODY}\n")
    assert doc.citation.date is None or "2024" not in doc.citation.date.as_written


def test_full_title_over_its_heading_gives_the_heading():
    assert _without_full_title(["Northern Provinces - The Salt Tax", "The Salt Tax"]) == ["The Salt Tax"]
    assert _without_full_title(["The Salt Tax | Old Towns", "The Salt Tax"]) == ["The Salt Tax"]
    # a heading that repeats no part of the line above stays under it
    lines = ["Northern Provinces - The Salt Tax", "The Grain Tax"]
    assert _without_full_title(lines) == lines


def test_lead_in_with_a_colon_is_no_title():
    doc = make_doc(f"As the old chronicle has it:\n\n{BODY}\n")
    assert doc.citation.title != "As the old chronicle has it:"


def test_name_shaped_lines():
    assert _name_shaped("History of Old Towns")
    assert _name_shaped("The Harbour Review")
    assert _name_shaped("Trans Harbour travel")
    assert not _name_shaped("What was your worst day at sea")
    assert not _name_shaped("seaman 1977")


def test_forum_member_over_the_panel_is_the_author_not_the_publisher():
    text = ("harbour pilot 77\nSenior Member\n- Joined\n- Jul 26, 2003\n- Messages\n- 16,208\n"
            f"The Envoys of the North\n\n{BODY}\n")
    doc = make_doc(text)
    if any(z.rule == "profile" for z in doc.zones):  # the cleaner read the member panel
        assert doc.citation.authors == ["harbour pilot 77"]
        assert doc.citation.publisher != "harbour pilot 77"
