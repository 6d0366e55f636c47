"""Clean and citation on layouts fontes was not written for (issue 10, round 5).

Chrome of archive viewers and file-sharing pages named by general signals (controls' words,
file formats, pagers, picture placeholders), the page's ARIA roles and class names read at
ingest time as marks on the document, container labels ("Book Title:") as the citation's
source, "Title:" labels, the <title> as the page states it, and the site's name the <title>
adds as the publisher. Texts are written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fontes import clean, metadata
from fontes.clean import STRUCTURE_PREFIX, label_lines, structure_marks
from fontes.ingest import read_document
from fontes.model import Document

BODY = ("The regiment left the town on the morning of the third day and marched north along the river, "
        "where the bridges had been burnt by the retreating garrison two nights before.")
BODY2 = ("By the end of the week the fortress was surrounded on three sides, and the besiegers began "
         "to dig their first trenches in the frozen ground below the walls.")


def _kind(line: str, where: str = "mid") -> str:
    text = (line + "\n\n" + BODY if where == "top" else BODY + "\n\n" + line) + "\n\n" + BODY2 + "\n"
    return next(kind for found, kind, _ in label_lines(text) if found.text == line.strip())


@pytest.mark.parametrize("line", [
    "Browse the issue",
    "Read the full text",
    "Select an issue",
    "Document Information",
    "Article identifier",
    "Original text:",
    "Correct this text",
    "Page images",
    "Browse by decade",
    "Add to reading list",
    "PDF",
    "EPUB",
    "Previous",
    "[graphic]",
    "[Illustration: The harbour at dawn]",
    "Download as PDF, TXT or read online",
    "You are on page 2/7",
    "|<   21   22   23   24   25   >>",
])
@pytest.mark.parametrize("where", ["top", "mid"])
def test_viewer_and_archive_chrome_is_removed_anywhere(line: str, where: str) -> None:
    assert _kind(line, where) == "boilerplate"


@pytest.mark.parametrize("line", [
    "The Original Charter",
    "Title of the page",
    "Title of the treaty",
    "Select Committee on the Harbour",
    "Browsing the old registers, the clerk found the missing entry for the year of the flood.",
    "The garrison read the full text of the order aloud on the square before the church.",
    "Previous owners of the house",
    "Map of the siege works",
    "PDF files were unknown to the clerks of the eighteenth century, who kept every copy by hand.",
])
def test_headings_and_sentences_with_control_words_stay(line: str) -> None:
    assert _kind(line) != "boilerplate"


PAGE = f"""<html><head><title>The Siege of the Fortress | Regional Notes</title></head><body>
<div role="banner"><a href="/">Regional Notes</a></div>
<ul role="navigation"><li><a href="/a">Periods</a></li><li><a href="/b">Regions</a></li></ul>
<main><article><h1>The Siege of the Fortress</h1>
<p>{BODY}</p>
<p>{BODY2}</p>
<p>The garrison surrendered in the spring, after the last of its stores had been eaten and the walls had been
breached in two places by the heavy guns.</p>
</article></main>
<div class="more-stories"><p>Winter quarters of the old army</p><p>A town rebuilt after the fire</p></div>
<div role="contentinfo"><p>These notes are written by volunteers of the society</p></div>
</body></html>
"""


@pytest.fixture()
def page(tmp_path: Path) -> Path:
    path = tmp_path / "siege.html"
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_ingest_marks_the_page_structure_and_clean_reads_it_without_the_file(page: Path) -> None:
    doc = read_document(page)
    reasons = {doc.text[m.start:m.end]: m.value for m in doc.marks
               if m.kind == "chrome" and (m.value or "").startswith(STRUCTURE_PREFIX)}
    assert reasons["These notes are written by volunteers of the society"] == STRUCTURE_PREFIX + 'role "contentinfo"'
    assert reasons["Winter quarters of the old army"] == STRUCTURE_PREFIX + 'class "more-stories"'
    page.unlink()  # the cleaner no longer reads the page again
    clean.clean(doc)
    chrome = {doc.text[z.start:z.end] for z in doc.zones if z.kind == "boilerplate"}
    body = " ".join(doc.lines("body"))
    assert {"Winter quarters of the old army", "A town rebuilt after the fire",
            "These notes are written by volunteers of the society"} <= chrome
    assert BODY in body and BODY2 in body


def test_structure_marks_need_the_page_lines_to_be_the_text() -> None:
    assert structure_marks(PAGE, "some other text\nentirely", None) == []


def test_structure_marks_are_not_taken_as_format_chrome_as_they_stand() -> None:
    """A paragraph of the main text inside a container named for a site part stays body."""
    text = BODY + "\n"
    doc = Document(id="x", path="", text=text, media_type="text/html", main_spans=[(0, len(BODY))])
    from fontes.model import Mark

    doc.marks = [Mark(0, len(BODY), "chrome", STRUCTURE_PREFIX + 'class "share"')]
    clean.clean(doc)
    assert [z.kind for z in doc.zones] == ["body"]


def test_page_title_is_the_title_as_the_page_states_it_and_its_site_the_publisher(page: Path) -> None:
    doc = read_document(page)
    clean.clean(doc)
    metadata.extract_metadata(doc)
    assert doc.citation.title == "The Siege of the Fortress | Regional Notes"
    assert doc.citation.publisher == "Regional Notes"


def _citation(text: str) -> metadata.Citation:
    doc = Document(id="t", path="", text=text)
    clean.clean(doc)
    metadata.extract_metadata(doc)
    return doc.citation


def test_container_label_gives_the_source_and_title_label_the_title() -> None:
    c = _citation("Book Title: Papers of a Harbour Town, Volume 3\nPublisher: Northport Press\n\n"
                  + BODY + "\n\n" + BODY2 + "\n")
    assert c.source == "Papers of a Harbour Town, Volume 3"
    assert c.title != "Book Title: Papers of a Harbour Town, Volume 3"
    assert c.publisher == "Northport Press"
    c = _citation("Journal: Quarterly Review of Local History\nTitle: Letters of the Harbour Master\n\n"
                  + BODY + "\n\n" + BODY2 + "\n")
    assert c.source == "Quarterly Review of Local History"
    assert c.title == "Letters of the Harbour Master"


@pytest.mark.parametrize(("page_title", "title", "site"), [
    ("The Siege | Regional Notes", "The Siege", "Regional Notes"),
    ("The Siege - Regional Notes", "The Siege", "Regional Notes"),
    ("The Siege", "The Siege", None),
    ("Regional Notes | The Siege", "The Siege", None),
    (None, "The Siege", None),
])
def test_title_site(page_title: str | None, title: str, site: str | None) -> None:
    assert metadata._title_site(page_title, title) == site


@pytest.mark.parametrize("line", [
    "Newspaper: the paper of the third of May printed the whole decree on its front page, with a commentary.",
    "Source: the clerk copied the order into the register that evening, and sent the copy to the governor.",
    "Title: The tsar took a new title that winter, and the council confirmed it on the same day without a vote.",
])
def test_a_sentence_led_by_a_label_word_stays_in_the_text(line: str) -> None:
    assert _kind(line) == "body"


@pytest.mark.parametrize(("line", "label"), [
    ("Source: Collected Papers, Northport Press, Volume 2, 1972, pp. 31-33.", "source"),
    ("Book Title: Papers of a Harbour Town", "book title"),
    ("Title: Letters of the Harbour Master", "title"),
])
def test_citation_labels_with_their_values(line: str, label: str) -> None:
    assert clean.citation_label(line)[0] == label


@pytest.mark.parametrize("line", [
    "How to cite: Smith, John. The Siege of the Fortress. Regional Notes, 2019.",
    "Suggested citation: Regional Notes, The Siege of the Fortress, accessed 3 May 2021",
    "Showing results 1 - 20 of 350",
    "1 of 25 results",
    "Document views: 1,204",
    "Rotate left",
    "Refine your search",
    "Submit",
])
def test_citation_widgets_and_search_results_are_chrome(line: str) -> None:
    assert _kind(line) == "boilerplate"


@pytest.mark.parametrize("line", ["Military posts 1905", "Old pages 12"])
def test_a_heading_with_a_count_word_and_a_year_stays(line: str) -> None:
    assert _kind(line) != "boilerplate"


@pytest.mark.parametrize(("text", "written", "iso"), [
    ("3 марта 2019", "3 марта 2019", "2019-03-03"),
    ("3. März 2019", "3. März 2019", "2019-03-03"),
    ("le 3 mars 2019", "3 mars 2019", "2019-03-03"),
    ("Published: 03.04.2019", "03.04.2019", "2019-04-03"),
    ("3/21/2019", "3/21/2019", "2019-03-21"),
    ("45.67.2019 and then 4.5.2019", "4.5.2019", "2019-05-04"),
])
def test_find_date_reads_foreign_month_names_and_dates_in_figures(text: str, written: str, iso: str) -> None:
    found = metadata.find_date(text)
    assert found is not None and found[:2] == (written, iso)
    assert text[found[2]:found[3]] == written


def test_a_historical_date_in_figures_under_a_heading_is_no_page_stamp() -> None:
    assert metadata.find_date("30.03.1856") is None


def _head(head: str) -> metadata.Citation:
    return _citation(head + "\n\n" + BODY + "\n\n" + BODY2 + "\n")


def test_page_stamps_in_figures_and_updated_lines_date_the_page() -> None:
    assert _head("The Siege of the Fortress\n\nJane Smith\n\nPublished: 03.04.2019").date.as_written == "03.04.2019"
    c = _head("THE SIEGE OF THE FORTRESS\nBy JANE SMITH, Staff Writer\nMar 3, 2019 Updated Mar 4, 2019")
    assert c.date.as_written == "Mar 3, 2019"


def test_a_title_line_with_the_site_after_a_bar_names_the_publisher() -> None:
    c = _head("The Siege of the Fortress | Regional History Notes\n\nAuthor: Jane Smith\nDate: 3 March 2019")
    assert c.title == "The Siege of the Fortress | Regional History Notes"
    assert c.publisher == "Regional History Notes"
    assert _head("Crimean War - The Last Year\n\nAuthor: Jane Smith").publisher is None


@pytest.mark.parametrize("line", ["Прочитания: 1234", "1 204 просмотра", "Zobrazení: 56", "Aufrufe: 3.410"])
def test_counters_in_other_languages_are_chrome(line: str) -> None:
    assert _kind(line) == "boilerplate"


NEWS = f"""Начало
Новини
Политика
Икономика
Култура
Спорт
ИСТОРИЯ
Годишнина от въстанието в града
12.03.2019 10:45
Прочитания: 1234
{BODY}

{BODY2}
"""


def test_a_section_label_in_capitals_above_the_title_is_chrome_and_not_the_title() -> None:
    doc = Document(id="n", path="", text=NEWS)
    clean.clean(doc)
    metadata.extract_metadata(doc)
    rules = {doc.text[z.start:z.end]: z.rule for z in doc.zones}
    assert rules["ИСТОРИЯ"] in ("section_label", "menu")  # with the menu above it, or on its own
    alone = Document(id="m", path="", text=NEWS[NEWS.index("ИСТОРИЯ"):])
    clean.clean(alone)
    assert next(z.rule for z in alone.zones if alone.text[z.start:z.end] == "ИСТОРИЯ") == "section_label"
    assert rules["Прочитания: 1234"] == "vote_count"
    assert doc.citation.title == "Годишнина от въстанието в града"
    assert doc.citation.date.as_written == "12.03.2019 10:45"  # the date line's clock is the post's time


def test_a_title_in_capitals_stays_the_title() -> None:
    c = _head("MANIFESTO\n\nJane Smith\n3 March 1905")
    assert c.title == "MANIFESTO"


def _head_kinds(head: str) -> dict[str, str]:
    text = head + "\n\n" + BODY + "\n\n" + BODY2 + "\n"
    return {line.text: rule for line, _, rule in label_lines(text)}


def test_the_rest_of_a_menu_under_the_site_controls_is_chrome() -> None:
    rules = _head_kinds("Regional Notes\nSearch\nLogin\nPolitics\nCulture\nThe Siege of the Fortress\nJane Smith")
    assert rules["Politics"] == rules["Culture"] == "menu"
    assert rules["The Siege of the Fortress"] == rules["Jane Smith"] == "header"


def test_a_one_word_title_under_the_controls_stays() -> None:
    assert _head_kinds("Home\nPrint\nShare\nManifesto")["Manifesto"] == "header"


def test_structure_marks_survive_a_line_the_text_does_not_share_with_the_page() -> None:
    paragraphs = [BODY, BODY2, "The garrison surrendered in the spring, after the last of its stores had been eaten "
                  "and the walls had been breached in two places by the heavy guns."]
    text = "\n".join(["Regional Notes", "Periods", "Regions", "The Siege of the Fortress", "A LINE OF ITS OWN",
                      *paragraphs, "Winter quarters of the old army", "A town rebuilt after the fire",
                      "These notes are written by volunteers of the society"]) + "\n"
    marked = {text[m.start:m.end] for m in structure_marks(PAGE, text, None)}
    assert {"Periods", "Regions", "Winter quarters of the old army",
            "These notes are written by volunteers of the society"} <= marked
    assert not marked & {"A LINE OF ITS OWN", "The Siege of the Fortress", *paragraphs}
