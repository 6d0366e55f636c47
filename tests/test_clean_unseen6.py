"""Citation title on layouts fontes was not written for (issue 10, round 6).

A page saved with chrome the cleaner does not know keeps the site's name, a section's name or
another page's teaser above its own title, and all of them read as header lines. The page's title
is the first header line on the text's topic (sharing a content word with the text); lines above
it that share none and are shaped like a site's or a section's name are left out. Likewise a
page's title set off by a blank line under a menu of the site's sections is not one of the menu's
items when it names the text's topic. Texts are made up for these tests.
"""

from __future__ import annotations

import pytest

from fontes.clean import clean, label_lines
from fontes.metadata import _on_topic, extract_metadata
from fontes.model import Document

TEXT = (
    "The lighthouse on the northern cape was lit for the first time in the autumn of 1791, after the keepers "
    "had waited three weeks for the lamps to arrive from the coast. Sailors who had feared the reefs of the cape "
    "for a generation now steered by its beam, and the merchants of the harbour town paid for a second keeper.\n\n"
    "In the winter storms of 1794 the tower cracked, and the lamps were moved to a wooden scaffold while masons "
    "rebuilt the upper storey in stone brought by sledge across the frozen bay. The new lantern was larger, and "
    "the keepers wrote in their log that it could be seen from the islands on a clear night.\n"
)


def _title(head: str) -> str | None:
    doc = Document(id="0123456789abcdef", path="page.txt", text=head + "\n\n" + TEXT)
    return extract_metadata(clean(doc)).citation.title


@pytest.mark.parametrize("chrome", [
    "Heronsgate Review Online",                     # the site's name
    "Maritime Chronicle\nRegional Stories",        # site and section
    "Ashcombe Society\n\nWhy Windmills Stopped Turning",  # site and another page's teaser
])
def test_title_skips_off_topic_lines_above_it(chrome: str) -> None:
    assert _title(chrome + "\n\nThe Lighthouse of the Northern Cape") == "The Lighthouse of the Northern Cape"


def test_title_without_chrome_unchanged() -> None:
    assert _title("The Lighthouse of the Northern Cape") == "The Lighthouse of the Northern Cape"


def test_lone_off_topic_site_name_is_no_title() -> None:
    # a long text whose only header line shares no word with it: the line names the site, not the text
    assert _title("Heronsgate Review Online") != "Heronsgate Review Online"


def test_lone_title_of_one_word_stays() -> None:
    # one word says too little to judge its topic: a title such as "Chronology" is kept
    assert _on_topic(["Gazetteer"], TEXT) == ["Gazetteer"]


def test_title_that_runs_on_is_not_cut() -> None:
    # the first line ends open (a colon, "of the"): it is the title's first part, not a site's name
    assert _on_topic(["Winter of 1794:", "The Storm"], TEXT) == ["Winter of 1794:", "The Storm"]
    assert _on_topic(["Notes on the rebuilding of the", "Tower"], TEXT) == ["Notes on the rebuilding of the", "Tower"]


def test_off_topic_title_kept_when_nothing_below_is_on_topic() -> None:
    # two header lines, neither on the text's topic: no evidence which is the title, both stay
    lines = ["A Winter Account", "Recollections of a Keeper's Daughter"]
    assert _on_topic(lines, "Short text.") == lines


def test_line_with_figures_is_never_skipped() -> None:
    # a dateline or a numbered heading above the title is the text's own
    assert _on_topic(["Part 3", "The Lighthouse of the Northern Cape"], TEXT)[0] == "Part 3"


def test_lone_title_of_one_content_word_stays() -> None:
    # "The Charter": one word beside the article, too little to judge the topic by
    assert _on_topic(["The Charter"], TEXT) == ["The Charter"]


MENU = "Heronsgate Review\nEssays\nPeople\nPlaces\nContact"


def _kinds(text: str) -> dict[str, str]:
    return {line.text: kind for line, kind, _ in label_lines(text)}


def test_title_under_a_menu_is_not_a_menu_item() -> None:
    kinds = _kinds(MENU + "\n\nThe Northern Cape Lighthouse\n\n12 May 2019\n\n" + TEXT)
    assert kinds["Essays"] == kinds["Places"] == "boilerplate"
    assert kinds["The Northern Cape Lighthouse"] == "metadata"
    assert _title(MENU + "\n\nThe Northern Cape Lighthouse\n\n12 May 2019") == "The Northern Cape Lighthouse"


def test_off_topic_line_under_a_menu_stays_in_the_menu() -> None:
    # set off by a blank line but about nothing in the text: the menu's own last part
    kinds = _kinds(MENU + "\n\nWindmill Restoration Projects\n\n12 May 2019\n\n" + TEXT)
    assert kinds["Windmill Restoration Projects"] == "boilerplate"


def test_menu_item_on_topic_without_a_blank_line_stays_in_the_menu() -> None:
    # a menu's item may name the text's subject ("Lighthouses"); only a line set apart is the title
    kinds = _kinds(MENU + "\nNorthern Lighthouses\n\n12 May 2019\n\n" + TEXT)
    assert kinds["Northern Lighthouses"] == "boilerplate"
