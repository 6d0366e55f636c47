"""Round 13: chrome of short web captures on unseen sites (invented pages, not corpus text)."""

from __future__ import annotations

from test_clean_unseen12 import _kinds

PROSE = ("The garrison of the river fort held out through the long winter, and the besiegers built a second "
         "line of trenches before the thaw came.\n\n"
         "When the ice broke in the spring the relief fleet sailed up the river and the siege was lifted within "
         "a week, after forty days of fighting.\n")


def _chrome(text: str, line: str) -> bool:
    return _kinds(text)[line][0] == "boilerplate"


def test_forum_member_panel_and_rank_are_chrome_the_post_is_not():
    page = ("Ivan Petrov\nSenior Member\n- Joined\n- Mar 3, 2011\n- Messages\n- 2,417\n"
            "The Winter Siege\n" + PROSE)
    kinds = _kinds(page)
    for line in ("Senior Member", "- Joined", "- Mar 3, 2011", "- Messages", "- 2,417"):
        assert kinds[line][0] == "boilerplate", line
    assert kinds["Ivan Petrov"][0] != "boilerplate"
    assert kinds[PROSE.splitlines()[0]][0] == "body"


def test_one_label_and_number_is_no_member_panel():
    """A heading "Posts" over a number is not a panel unless a second label follows."""
    page = PROSE + "\nPosts\n1712\n\n" + PROSE
    kinds = _kinds(page)
    assert kinds["Posts"][1] != "profile" and kinds["1712"][1] != "profile"


def test_raw_html_tags_and_page_markers_are_chrome():
    page = "P. 112\n" + PROSE + '<img src="https://example.org/icons/by.svg"><br/>\n'
    assert _chrome(page, "P. 112")
    assert _chrome(page, '<img src="https://example.org/icons/by.svg"><br/>')


def test_picture_source_labels_and_credit_closing_a_caption_are_chrome():
    page = (PROSE + "\nThe storming of the river fort, 3 May 1702. The drawing shows the assault of the dragoons "
            "on the outer wall. All images: City Archive, unless otherwise stated.\n\n" + PROSE
            + "\nSource pictures: Wikimedia\n")
    kinds = _kinds(page)
    assert kinds["Source pictures: Wikimedia"][0] == "boilerplate"
    caption = [t for t in kinds if t.startswith("The storming")][0]
    assert kinds[caption][0] == "boilerplate"
    # a paragraph that merely mentions pictures keeps its place
    assert kinds[PROSE.splitlines()[0]][0] == "body"


def test_depiction_captions_and_holder_credits_are_chrome_headings_are_not():
    page = ("The River Fort\n\nPosted by a reader on 3 May 2015\n\nArtist's impression of the river fort in winter\n\n"
            + PROSE + "\nThe harbour, in a photograph taken about 1890 by an unknown traveller.(City Museum of Photography)\n\n"
            + "The second campaign\n\n" + PROSE)
    kinds = _kinds(page)
    assert kinds["Artist's impression of the river fort in winter"][0] == "boilerplate"
    assert kinds["The harbour, in a photograph taken about 1890 by an unknown traveller.(City Museum of Photography)"][0] \
        == "boilerplate"
    assert kinds["The second campaign"][0] != "boilerplate"


def test_museum_caption_block_with_catalogue_number_is_chrome():
    page = (PROSE + "Anna Weiss\nThe relief of the fort\nca. 1820,\netching\nCity Art Collection [inv. no. 4.12]\n\n"
            + PROSE)
    kinds = _kinds(page)
    for line in ("Anna Weiss", "The relief of the fort", "ca. 1820,", "etching", "City Art Collection [inv. no. 4.12]"):
        assert kinds[line][0] == "boilerplate", line


def test_citation_count_starts_a_list_of_other_works():
    page = ("A Study of River Forts\n\n" + PROSE + "\n14 Citations\n\nForts of the Northern Rivers\n\n"
            "This paper surveys the forts built along the northern rivers in the eighteenth century and their sieges.\n")
    kinds = _kinds(page)
    assert kinds["14 Citations"][0] == "boilerplate"
    assert kinds["Forts of the Northern Rivers"][0] == "boilerplate"
    assert kinds[PROSE.splitlines()[0]][0] == "body"


def test_section_heading_below_keywords_is_body_not_title():
    page = ("ISSN: 1234-5678\n\nJane Roe\n\nKeywords: forts, sieges, rivers\n\nThe first siege\n\n" + PROSE)
    kinds = _kinds(page)
    assert kinds["Keywords: forts, sieges, rivers"][0] == "boilerplate"
    assert kinds["The first siege"][0] == "body"
    assert kinds["Jane Roe"][0] == "metadata"


def test_paywall_pitch_is_chrome():
    page = PROSE + "\nSubscribers get unlimited page views, downloads, and exclusive features.\n"
    assert _chrome(page, "Subscribers get unlimited page views, downloads, and exclusive features.")
