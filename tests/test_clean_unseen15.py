"""Round 15: chrome of short web captures on unseen sites (invented pages, not corpus text):
a blog's author box closing the page, a caption wrapped onto a second line, number words in topics."""

from __future__ import annotations

from test_clean_unseen12 import _kinds
from test_clean_unseen13 import PROSE

from fontes.clean import topic_words

BIO = "Grew up on a farm by the river and taught school for thirty years before he started writing about the past."


def test_an_author_box_closing_the_page_is_chrome():
    page = "The Winter Siege\n\n" + PROSE + "\nAbout Tom Fairweather\n" + BIO + "\n"
    kinds = _kinds(page)
    assert kinds["About Tom Fairweather"] == ("boilerplate", "author_box")
    assert kinds[BIO][0] == "boilerplate"
    assert kinds[PROSE.splitlines()[0]][0] == "body"


def test_a_heading_about_someone_followed_by_the_text_is_no_author_box():
    """'About NAME' with more text below than a biography's few lines heads a section of the text."""
    page = "The Winter Siege\n\n" + PROSE + "\nAbout Tom Fairweather\n" + PROSE + "\n" + BIO + "\n"
    kinds = _kinds(page)
    assert kinds[PROSE.splitlines()[-1]][0] == "body"
    assert kinds["About Tom Fairweather"][1] != "author_box"


def test_a_caption_wrapped_onto_a_second_line_before_the_page_chrome_is_chrome():
    second = "The fort is shown in red, the trenches of the besiegers in blue and the river in green."
    page = ("The Winter Siege\n\n" + PROSE + "\nFigure 2. Map of the siege in 1702.\n" + second
            + "\n\nShare this:\nLeave a Reply\n")
    kinds = _kinds(page)
    assert kinds["Figure 2. Map of the siege in 1702."][0] == "boilerplate"
    assert kinds[second] == ("boilerplate", "caption")
    assert kinds[PROSE.splitlines()[-1]][0] == "body"


def test_a_paragraph_after_a_caption_with_text_below_stays_body():
    second = "The garrison sent a messenger across the ice to the relief fleet, which lay at anchor downstream."
    page = ("The Winter Siege\n\n" + PROSE + "\nFigure 2. Map of the siege in 1702.\n" + second + "\n\n" + PROSE)
    assert _kinds(page)[second][0] == "body"


def test_number_words_are_no_topic_words():
    assert topic_words("Exactly One Hundred Years Ago") == {"exact", "years", "ago"}
    assert "siege" in topic_words("The Siege of One Town")


def test_a_forum_signature_under_the_logged_control_is_chrome():
    motto = "“Who rules himself rules a kingdom.” - an old proverb"
    page = ("The Winter Siege\n\n" + PROSE + "\nReport Spam   Logged\n" + motto + "\nShare on Facebook Share on Twitter\n")
    kinds = _kinds(page)
    assert kinds["Report Spam   Logged"][0] == "boilerplate"
    assert kinds[motto] == ("boilerplate", "signature")
    assert kinds[PROSE.splitlines()[-1]][0] == "body"


def test_a_site_name_and_slogan_above_the_title_are_chrome():
    page = ("Old Harbour Notes\n\nTales Of Markets And Fairs From Bygone Ages\n\nThe Winter Siege Of The River Fort\n\n"
            + PROSE)
    kinds = _kinds(page)
    assert kinds["Old Harbour Notes"] == ("boilerplate", "site_masthead")
    assert kinds["Tales Of Markets And Fairs From Bygone Ages"] == ("boilerplate", "site_masthead")
    assert kinds["The Winter Siege Of The River Fort"][0] == "metadata"


def test_a_title_and_its_subtitle_on_the_topic_stay_metadata():
    page = "The Winter Siege\n\nThe River Fort Under The Besiegers\n\nA Garrison Holds Out\n\n" + PROSE
    kinds = _kinds(page)
    assert kinds["The Winter Siege"][1] != "site_masthead"
