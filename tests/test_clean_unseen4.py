"""Clean stage on layouts it was not written for (issue 10, brief C): general signals of chrome.

Every text here is written for the test; none comes from the evaluation corpus or the examples.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fontes.clean import clean, html_chrome_lines, label_lines
from fontes.ingest import read_document
from fontes.metadata import extract_metadata
from fontes.model import Document

PARAGRAPH_A = ("The ferry left the quay on the morning of 4 May 1822 with forty passengers on board, "
               "and the wind rose before noon.")
PARAGRAPH_B = ("By evening the harbour master had sent two boats after her, but the crew of the second "
               "boat turned back when the rain came.")


def verdicts(text: str) -> dict[str, tuple[str, str]]:
    """Each line's text -> (kind, rule), the last copy winning."""
    return {line.text: (kind, rule) for line, kind, rule in label_lines(text)}


def kind_of(text: str, line: str) -> str:
    return verdicts(text)[line][0]


def cited(text: str) -> Document:
    doc = clean(Document(id="0123456789abcdef", path="page.txt", text=text))
    return extract_metadata(doc)


@pytest.mark.parametrize("line", [
    "View full screen - View 2 of Item 40. The harbour seal | A town's charter",
    "Print version - The letters of the harbour master, 1822 to 1830",
])
def test_a_line_led_by_a_control_is_chrome(line):
    text = f"The Harbour Charter\n\n{line}\n\n{PARAGRAPH_A}\n\n{PARAGRAPH_B}\n"
    assert verdicts(text)[line] == ("boilerplate", "ui_lead")


@pytest.mark.parametrize("line", ["New Documents - The Charter of 1822", "Main Text | Contents of the Charter"])
def test_a_heading_led_by_nouns_is_not_a_control(line):
    text = f"{line}\n\n{PARAGRAPH_A}\n\n{PARAGRAPH_B}\n"
    assert kind_of(text, line) != "boilerplate"


def test_a_lone_bulleted_label_is_a_tab_but_a_list_is_text():
    text = (f"The Ferry Disaster\n\n• Overview\n\n{PARAGRAPH_A}\n\n• Sources\n\n{PARAGRAPH_B}\n\n"
            f"• Rowing boats\n• Sail boats\n\n{PARAGRAPH_A}\n")
    found = verdicts(text)
    assert found["• Overview"] == ("boilerplate", "lone_bullet")
    assert found["• Sources"] == ("boilerplate", "lone_bullet")
    assert found["• Rowing boats"][0] == "body" and found["• Sail boats"][0] == "body"


def test_short_lines_between_widgets_above_the_text_are_chrome_and_the_title_stays():
    text = ("The Harbour Seal of 1822\n\nLot Closed\nEstimate\n300 - 500 GBP\nLot Details\n\n"
            f"{PARAGRAPH_A}\n\n{PARAGRAPH_B}\n")
    found = verdicts(text)
    assert found["Estimate"] == ("boilerplate", "head_block")
    assert found["300 - 500 GBP"] == ("boilerplate", "head_block")
    assert found["The Harbour Seal of 1822"][0] == "metadata"
    assert cited(text).citation.title == "The Harbour Seal of 1822"


def test_a_long_line_of_prose_without_its_full_stop_is_body():
    line = ("A pair of letters about the sale of the ferry company's shares, written in 1822 to the town "
            "council by the owners of the quay and their lawyers in the county town")
    text = f"The Ferry Company\n\nLot Details\n\n{line}\n\n{PARAGRAPH_B}\n"
    assert kind_of(text, line) == "body"


def test_a_short_line_shown_twice_is_not_a_paragraph():
    title = "Prints and Maps, Including Charts. Part 3"
    text = f"{title}\n{title}\n\n{PARAGRAPH_A}\n\n{PARAGRAPH_B}\n"
    lines = label_lines(text)
    assert [k for _, k, _ in lines[:2]] == ["metadata", "boilerplate"]
    assert lines[1][2] == "title_copy"


def test_a_title_shown_again_below_the_chrome_is_a_copy_and_not_the_site_name():
    text = ("The Siege of the Old Fort\n\nFrom Harbourpedia, the free encyclopedia\nJump to navigation\n"
            f"The Siege of the Old Fort\n\n{PARAGRAPH_A}\n\n{PARAGRAPH_B}\n")
    lines = label_lines(text)
    assert lines[0][1] == "metadata"
    assert (lines[3][1], lines[3][2]) == ("boilerplate", "title_copy")
    doc = cited(text)
    assert doc.citation.title == "The Siege of the Old Fort" and doc.citation.publisher != "The Siege of the Old Fort"


def test_short_lines_between_the_last_paragraph_and_the_footer_are_chrome():
    text = (f"The Ferry Disaster\n\n{PARAGRAPH_A}\n\n{PARAGRAPH_B}\n\nOther stories from the quay.\nMore in this section\n"
            "Share this:\nFacebook\nTwitter\n")
    found = verdicts(text)
    assert found["Other stories from the quay."] == ("boilerplate", "tail_chrome")
    assert found["More in this section"][0] == "boilerplate"


def test_a_letter_closing_after_the_text_stays():
    text = (f"Letter to the Harbour Master\n\n{PARAGRAPH_A}\n\n{PARAGRAPH_B}\n\nYour obedient servant,\n"
            "Share this:\nFacebook\nTwitter\n")
    assert kind_of(text, "Your obedient servant,") == "body"


@pytest.mark.parametrize("line", ["See the full list of passengers here.", "Read the harbour plan here"])
def test_a_short_prompt_ending_in_here_is_chrome(line):
    text = f"The Ferry Disaster\n\n{PARAGRAPH_A}\n\n{line}\n\n{PARAGRAPH_B}\n"
    assert verdicts(text)[line] == ("boilerplate", "prompt")


def test_a_sentence_ending_in_here_with_no_control_verb_is_body():
    line = "The ferry sank here."
    text = f"The Ferry Disaster\n\n{PARAGRAPH_A}\n\n{line}\n\n{PARAGRAPH_B}\n"
    assert kind_of(text, line) == "body"


def test_a_site_invitation_at_the_top_is_chrome():
    line = "Search over 3,000 records from the parish registers of the county."
    text = f"{line}\n{PARAGRAPH_A}\n\n{PARAGRAPH_B}\n"
    assert verdicts(text)[line] == ("boilerplate", "slogan")


def test_a_lower_case_fragment_between_paragraphs_is_an_alt_text():
    text = f"The Ferry Disaster\n\n{PARAGRAPH_A}\n\nsketch of the quay\n\n{PARAGRAPH_B}\n\nA third paragraph closes it.\n"
    assert verdicts(text)["sketch of the quay"] == ("boilerplate", "stray_fragment")


def test_a_caption_shown_twice_is_chrome_everywhere():
    caption = "Boats at the quay of the old town, 1890"
    inside = f"The Ferry Disaster\n\n{PARAGRAPH_A}\n\n{caption}\n\n{caption}\n\n{PARAGRAPH_B}\n"
    inside_lines = [(k, r) for line, k, r in label_lines(inside) if line.text == caption]
    assert [k for k, _ in inside_lines] == ["boilerplate", "boilerplate"] and inside_lines[1][1] == "doubled"
    above = f"The Ferry Disaster\n\n{caption}\n\n{caption}\n\n{PARAGRAPH_A}\n\n{PARAGRAPH_B}\n"
    lines = label_lines(above)
    assert [k for _, k, _ in lines[1:3]] == ["boilerplate", "boilerplate"]
    assert lines[0][1] == "metadata"


@pytest.mark.parametrize("label", ["Monthly Archives: June 2011", "Browsing Category"])
def test_blog_archive_labels_are_chrome(label):
    text = f"{label}\n\nThe Ferry Disaster\n\n{PARAGRAPH_A}\n\n{PARAGRAPH_B}\n"
    assert kind_of(text, label) == "boilerplate"


PAGE = f"""<html><head><title>The Ferry Disaster | Harbour Stories</title></head><body>
<header class="site-header"><div class="site-title">Harbour Stories</div></header>
<nav><ul><li><a href="/">Home</a></li><li><a href="/about">About the harbour</a></li></ul></nav>
<div class="breadcrumbs">Stories / Ships</div>
<article>
<header><h1>The Ferry Disaster</h1><p>By Ann Marlowe</p></header>
<p>{PARAGRAPH_A}</p>
<figure><img src="quay.jpg"><figcaption>The quay in a drawing of the period</figcaption></figure>
<p>{PARAGRAPH_B}</p>
<aside class="fact-box"><p>Passengers: forty</p></aside>
<p>A third paragraph tells how the town mourned the crew for a whole week, and rang the bells at noon.</p>
</article>
<div class="share-buttons"><span>Share on the forum</span></div>
<footer><p>Harbour Stories is written by volunteers in the old town.</p></footer>
</body></html>"""


def test_html_chrome_lines_name_their_container():
    found = dict(html_chrome_lines(PAGE))
    assert found["Harbour Stories"] in ('class "site-title"', "<header> of the site")
    assert found["Home"] == "<nav>"
    assert found["Stories / Ships"] == 'class "breadcrumbs"'
    assert found["The quay in a drawing of the period"] == "<figcaption>"
    assert found["Share on the forum"] == 'class "share"'
    assert found["Harbour Stories is written by volunteers in the old town."] == "<footer>"
    assert found["The Ferry Disaster"] is None  # the article's own header
    assert found["Passengers: forty"] is None  # an aside is the article's fact box as often as not
    assert found[PARAGRAPH_A] is None


def test_html_structure_removes_the_site_chrome_and_keeps_the_text(tmp_path: Path):
    path = tmp_path / "ferry.html"
    path.write_text(PAGE, encoding="utf-8")
    doc = clean(read_document(path))
    chrome = {doc.text[z.start:z.end] for z in doc.zones if z.kind == "boilerplate"}
    body = " ".join(doc.text[z.start:z.end] for z in doc.zones if z.kind == "body")
    assert {"Home", "Stories / Ships", "The quay in a drawing of the period", "Share on the forum"} <= chrome
    assert PARAGRAPH_A in body and PARAGRAPH_B in body
    assert "rang the bells at noon" in body
    rules = {z.rule for z in doc.zones if z.kind == "boilerplate"}
    assert any(r.startswith("html: ") for r in rules)


def test_html_structure_is_not_read_where_the_page_file_is_gone():
    doc = Document(id="0123456789abcdef", path="/nonexistent/page.html", text=f"Home\n{PARAGRAPH_A}\n",
                   media_type="text/html")
    clean(doc)
    assert any(z.kind == "body" for z in doc.zones)


def test_thanks_to_the_reader_is_chrome_where_it_stands():
    text = f"The Harbour Wall\nThank you for your support\n\n{PARAGRAPH_A}\n\n{PARAGRAPH_B}\n"
    assert verdicts(text)["Thank you for your support"] == ("boilerplate", "appeal")


def test_the_page_date_is_quoted_as_the_page_writes_it():
    from fontes.metadata import _page_date

    assert _page_date("2019-05-04", "Posted on Saturday 4 May 2019 by the editor") == "Saturday 4 May 2019"
    assert _page_date("2019-05-04", "A page that never writes its day.") == "2019-05-04"
    assert _page_date("2019-05-04", "The wall fell on 4 May 1919.") == "2019-05-04"


@pytest.mark.parametrize("first,agency", [
    ("Oslo (NTB+) On 4 May 1822 the quay was opened to ships.", "NTB+"),
    ("New York (AP) — A fire broke out in the harbour warehouses.", "AP"),
    ("Paris (France) is a city on the river.", None),
])
def test_a_news_dateline_names_its_agency(first, agency):
    from fontes.metadata import _wire_agency

    assert _wire_agency(first + "\nMore text follows.") == agency
