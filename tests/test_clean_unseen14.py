"""Round 14: chrome of short web captures on unseen sites (invented pages, not corpus text)."""

from __future__ import annotations

import pytest
from test_clean_unseen12 import _kinds
from test_clean_unseen13 import PROSE, _chrome

COMMENT = ("What a strange war that was; the little kingdom had no chance against the fleet, and everyone "
           "in the capital knew it by the second week.")


def test_a_discussion_and_its_comment_form_are_chrome_to_the_page_end():
    page = (PROSE + "\n3 thoughts on “The Winter Siege”\n\nAnna K. on said:\n\n" + COMMENT
            + "\n\nLeave a Reply\nFill in your details below or click an icon to log in:\n")
    kinds = _kinds(page)
    for line in ("3 thoughts on “The Winter Siege”", COMMENT, "Fill in your details below or click an icon to log in:"):
        assert kinds[line][0] == "boilerplate", line
    assert kinds[PROSE.splitlines()[0]][0] == "body"


def test_a_leave_a_comment_link_under_the_title_is_no_discussion():
    """Above the text's last paragraph the comment link starts nothing: the text below stays."""
    page = "The Winter Siege\nLeave a comment\n\n" + PROSE
    kinds = _kinds(page)
    assert all(kinds[line][0] == "body" for line in PROSE.splitlines() if line)


def test_a_count_of_comments_in_a_sentence_is_no_discussion_heading():
    sentence = "12 replies to the tsar's letter survive in the archive, most of them unsigned."
    page = PROSE + "\n" + sentence + "\n\n" + PROSE
    assert _kinds(page)[sentence][0] == "body"


@pytest.mark.parametrize("line", ["Connecting to %s", "%d readers like this:", "April 20, 2024, 01:09:01 am",
                                  "2004/07/12 09:01:54", "#History #OnThisDay #Sieges", "- 2/7",
                                  "0 Members and 12 Guests are viewing this topic.",
                                  "(Russia - Reign of Peter - Navy - Shipbuilding - Archangel)",
                                  "This feature requires Flash player to be installed",
                                  "View original post 312 more words", "Comments Off on The Winter Siege",
                                  "Current Mood: sleepy", "Single Post Navigation"])
def test_machine_lines_of_any_site_are_chrome(line):
    assert _chrome(PROSE + "\n" + line + "\n\n" + PROSE, line)


@pytest.mark.parametrize("line", ["On 9/19 October 1660 the estates met at 10:30 in the morning.",
                                  "Dated 12 March 1701, 10:45", "(1701 - 1702)", "Section 2/3 of the treaty",
                                  "The fleet sailed at 100% strength, and the %s placeholder is mere jargon here."])
def test_dates_clocks_and_brackets_of_the_text_stay(line):
    assert not _chrome(PROSE + "\n" + line + "\n\n" + PROSE, line)


def test_captions_credited_by_a_rights_sign_or_listing_the_picture_kind_are_chrome():
    credited = "The general and his staff at the front (Image © War Museum Q 1234)"
    listed = "General Ivanov, 1905, Portrait"
    poster = "poster of the northern campaign – 1915"
    page = PROSE + "\n" + credited + "\n\n" + listed + "\n\n" + poster + "\n\n" + PROSE
    for line in (credited, listed, poster):
        assert _chrome(page, line), line


def test_a_headline_list_under_a_heading_in_the_page_is_chrome():
    heads = ["Fortress Holds Out: Garrison Repels Third Assault -- Heavy Losses on Both Sides Reported.",
             "Fire in the Harbour: Two Warehouses Burned Through the Night."]
    page = PROSE + "\nOTHER HEADLINES\n" + "\n".join(heads) + "\n"
    for line in ("OTHER HEADLINES", *heads):
        assert _chrome(page, line), line


def test_a_related_heading_over_prose_stays():
    page = PROSE + "\nRelated Families\n" + PROSE
    assert not _chrome(page, "Related Families")
    assert not _chrome(page, PROSE.splitlines()[0])
