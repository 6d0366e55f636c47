"""Clean stage, round 11: chrome of unfamiliar sites (a message box and its close button, a site's
record number, credit lines, breadcrumbs with ">>", a search page's state, a browser's fallback
text, a catalogue's rights notice, lower-case keyword lists, teaser lists under a "related" heading)
and timelines that open a page, which are text and never a header (body lost). The sentences are
made up; each test asserts behaviour that failed before the change it guards, or a line the change
must leave alone."""

from __future__ import annotations

from test_clean_unseen10 import PARAGRAPH, SECOND, _zones

from fontes import clean


def _kind(text: str, line: str) -> str:
    return _zones(text)[line][0]


def _between(line: str) -> str:
    return f"The Winter Siege\n\n{PARAGRAPH}\n\n{line}\n\n{SECOND}\n"


def test_message_box_with_close_button_is_chrome() -> None:
    for line in ("Your order has been saved! ×", "Request could not be sent. ✕"):
        assert _kind(_between(line), line) == "boilerplate", line
    # a multiplication sign inside a line of the text is no close button
    line = "The field measured 40 × 60 fathoms and was sown with rye"
    assert _kind(_between(line), line) != "boilerplate"


def test_record_number_and_contribution_credit_are_chrome() -> None:
    for line in ("ABC #40917", "Contributed to the Riverton Archive by a private donor",
                 "Digitized by the County Library", "Images provided by the State Library", "Read by Ann Example"):
        assert _kind(_between(line), line) == "boilerplate", line
    # a sentence of the text that starts so is text
    line = ("Read by the priest in every church of the province on the following Sunday, the decree was "
            "heard with great joy by the people of the villages.")
    assert _kind(_between(line), line) == "body"


def test_breadcrumb_with_double_arrows_is_chrome() -> None:
    line = "Home >> Great Encyclopedia, Volume 4 >> Fortresses of the Northern Coast to Fishing >> The Winter Siege"
    assert _kind(_between(line), line) == "boilerplate"


def test_search_page_state_and_browser_fallback_are_chrome() -> None:
    for line in ("Start Over You searched for: Subjects Fortresses--History. Remove constraint Subjects: Fortresses.",
                 "Your browser does not support the audio element.",
                 "Number of results to display per page"):
        assert _kind(_between(line), line) == "boilerplate", line


def test_search_results_are_not_the_page_header() -> None:
    text = ("Search\nSearch Results\n\nFortress papers, 1701-1709\n12 items\n\n" + PARAGRAPH + "\n\n"
            "Garrison letters, 1710-1712\n3 items\n\n" + SECOND + "\n")
    zones = _zones(text)
    assert zones["Fortress papers, 1701-1709"][0] == "body"


def test_long_database_rights_notice_is_chrome() -> None:
    line = ("Copyright of Northern History Quarterly is the property of Example Press and its content may not "
            "be copied or emailed to multiple sites without the holder's written permission. However, users may "
            "print or download articles for individual use. This summary may be shortened. No warranty is given "
            "about its accuracy. Users should refer to the original published version. (Copyright applies to all "
            "summaries.)")
    assert _kind(_between(line), line) == "boilerplate"


def test_lower_case_keywords_above_the_text_are_chrome() -> None:
    text = "The Winter Siege\nfortress, governor, siege, river and granary\n\n" + PARAGRAPH + "\n\n" + SECOND + "\n"
    zones = _zones(text)
    assert zones["fortress, governor, siege, river and granary"][0] == "boilerplate"
    assert zones["The Winter Siege"][0] == "metadata"


def test_teaser_list_under_a_related_heading_ends_the_page() -> None:
    text = (f"The Winter Siege\n\n{PARAGRAPH}\n\n{SECOND}\n\nExplore other letters within this collection\n"
            "A letter from the governor to his brother\n3 March 1702 / 14 March 1702\n"
            "Petition of the townspeople to the council\nJune 1698\n")
    zones = _zones(text)
    for line in ("A letter from the governor to his brother", "3 March 1702 / 14 March 1702",
                 "Petition of the townspeople to the council", "June 1698"):
        assert zones[line][0] == "boilerplate", line
    assert zones[SECOND][0] == "body"


def test_credit_under_a_bare_credit_label_is_chrome() -> None:
    text = (f"The Winter Siege\n\n{PARAGRAPH}\n\n{SECOND}\n\nImage credit:\n"
            "The governor and his family, after a lost painting (1650-1700) © Example Picture Library / Example Images\n")
    zones = _zones(text)
    assert zones["The governor and his family, after a lost painting (1650-1700) © Example Picture Library / "
                 "Example Images"][0] == "boilerplate"


TIMELINES = {
    "cyrillic dual dates": ["19 (30) ноября 1700 — битва у крепости", "16 (27) мая 1703 — основание города",
                            "27 июня (8 июля) 1709 — битва у реки", "30 августа (10 сентября) 1721 — мир"],
    "month and year": ["January 1700: the allies invade the province", "November 1700: a victory at the fortress",
                       "May 1703: a new city is founded on the river", "September 1721: peace is signed"],
    "year and dash": ["1700 - Fortress", "1703 - New city founded", "1709 - River battle", "1721 - Peace"],
    "prose without stops": ["In the spring of 1700 the allies attacked the port", "Late in 1700 the king landed",
                            "In May 1703 the tsar founded the city", "In July 1709 the army was beaten"],
    "dates in figures": ["30.11.1700 Fortress", "27.05.1703 New city", "08.07.1709 River battle", "10.09.1721 Peace"],
    "year above its event": ["1700", "Fortress", "1703", "New city", "1709", "River battle", "1721", "Peace"],
    "years with stops": ["1700. Fortress.", "1703. New city.", "1709. River battle.", "1721. Peace."],
    "days under a year": ["1700", "30 November: the king attacks the camp", "2 December: the garrison sallies out",
                          "19 December: the enemy withdraws"],
    "cyrillic days": ["30 ноября — штурм лагеря", "2 декабря — вылазка гарнизона", "19 декабря — отступление"],
}


def test_timeline_opening_a_page_is_never_its_header() -> None:
    for name, lines in TIMELINES.items():
        for text in ("Timeline of the War\nBy Ann Example\n\n" + "\n".join(lines) + "\n",
                     "The War\n\n" + "\n".join(lines) + f"\n\n{PARAGRAPH}\n\n{SECOND}\n"):
            zones = _zones(text)
            lost = [line for line in lines if zones[line][0] != "body"]
            assert not lost, (name, lost)


def test_timeline_after_the_text_is_no_tail_chrome() -> None:
    lines = TIMELINES["year and dash"]
    text = f"The War\n\n{PARAGRAPH}\n\n{SECOND}\n\nTimeline\n" + "\n".join(lines) + "\n\nShare\nPrint\nRelated articles\n"
    zones = _zones(text)
    assert all(zones[line][0] == "body" for line in lines)
    assert zones["Share"][0] == "boilerplate"


def test_blog_archive_months_stay_chrome() -> None:
    # months of a blog's archive are no timeline: a month and a year, nothing besides
    text = f"The War\n\n{PARAGRAPH}\n\n{SECOND}\n\nShare\nArchives\nMarch 2021\nFebruary 2021\nJanuary 2021\nPrint\n"
    zones = _zones(text)
    assert zones["February 2021"][0] == "boilerplate"


def test_counter_line_with_one_count_is_chrome() -> None:
    for line in ("Item 3 of 25", "Views 1,234 Downloads 56 Size 2MB"):
        assert clean._is_count(line), line
    assert not clean._is_count("Chapter 3 of the second book")


def test_toolbars_and_citation_widgets_are_chrome() -> None:
    for line in ("Zoom In Zoom Out Fit Page Fit Width Rotate Print Save Share",
                 'MLA: Doe, Jane. "The Winter Siege." Northern Notes, 2020.',
                 "APA: Doe, J. (2020). The Winter Siege. Northern Notes.",
                 "Upload your own documents and get free access", "Was this page helpful? Yes No"):
        assert _kind(_between(line), line) == "boilerplate", line
    # a dateline led by a city's name is no citation widget
    line = "Chicago: the strikers met again in the square and the police stood by all afternoon."
    assert _kind(_between(line), line) == "body"
