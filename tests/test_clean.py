"""Tests of the clean stage: site chrome out, body sentences kept, citation lines set apart."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from fontes.clean import clean, is_fragment, removed
from fontes.ingest import read_document
from fontes.model import Document

REPO = Path(__file__).resolve().parents[1]
SEEDS = sorted((REPO / "examples" / "seeds").glob("*.txt"))
GOLD = Path(os.environ.get("FONTES_SHARED") or REPO.parent / "shared") / "gold" / "seeds"
needs_gold = pytest.mark.skipif(not GOLD.is_dir(), reason=f"gold annotations not found at {GOLD}")


def make_doc(text: str) -> Document:
    return clean(Document(id="test", path="test.txt", text=text))


def gold_of(path: Path) -> dict:
    return json.loads((GOLD / f"{path.name}.json").read_text("utf-8"))


def kinds_on_line(doc: Document, number: int) -> set[str]:
    """Kinds of the zones on a 1-based line."""
    start = sum(len(line) + 1 for line in doc.text.split("\n")[: number - 1])
    end = start + len(doc.text.split("\n")[number - 1])
    return {z.kind for z in doc.zones if z.start < end and z.end > start}


@needs_gold
@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_clean_removes_every_gold_boilerplate_line(path):
    doc = clean(read_document(path))
    body = doc.lines("body")
    for chrome in gold_of(path)["boilerplate"]:
        assert not any(chrome in line for line in body), chrome
        assert chrome not in doc.clean_text


@needs_gold
@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_clean_keeps_every_gold_body_sentence(path):
    doc = clean(read_document(path))
    body = doc.lines("body")
    for sentence in gold_of(path)["body_keep"]:
        assert any(sentence in line for line in body), sentence


@needs_gold
@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_clean_labels_gold_lines_by_kind(path):
    doc = clean(read_document(path))
    gold = gold_of(path)
    for number in gold["boilerplate_lines"]:
        assert kinds_on_line(doc, number) == {"boilerplate"}, number
    metadata = doc.lines("metadata")
    for line in gold["metadata_lines"]:
        assert any(line.endswith(m) for m in metadata), line  # a section label may be cut off the front
    assert sorted(doc.text[z.start:z.end] for z in doc.zones if is_fragment(z)) == sorted(gold["boilerplate_fragments"])


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_clean_zones_are_ordered_disjoint_and_cover_all_text(path):
    doc = clean(read_document(path))
    covered = set()
    for a, b in zip(doc.zones, doc.zones[1:]):
        assert a.end <= b.start
    for z in doc.zones:
        assert z.rule and z.start < z.end
        covered.update(range(z.start, z.end))
    assert all(i in covered or c.isspace() for i, c in enumerate(doc.text))


SITE_CAPTURE = """Home
Archive
Subscribe
Share on Facebook   Tweet   Email
The Harbour Strike of 1889
By Eleanor Whitcombe
Lecturer in Social History, University of Northport, HistoryHub contributor
4.2/5
(128 ratings)
A docker at the gates, 1889 In August 1889 the dockers of the port walked out over the "tanner", a wage of sixpence an hour. Within a week more than a hundred thousand workers had joined them.

The strike committee met daily at a public house near the river. Donations arrived from as far away as Australia, which kept the strikers fed through September.
Read more: the strike in pictures.  Click here to see photographs of the strike.

Quick poll
Which factor mattered most for the strikers' success?
Public sympathy
  412 (52%)
Overseas donations
  301 (38%)
Union organisation
  79 (10%)
Fun fact:
Dock labourers were often hired by the half day at the gates.
Cite this article:
  • Author Eleanor Whitcombe
  • Access Date
    May 4, 2019
Related articles
Cookie settings
Privacy policy
"""
SITE_BODY = [
    'In August 1889 the dockers of the port walked out over the "tanner", a wage of sixpence an hour.',
    "Within a week more than a hundred thousand workers had joined them.",
    "The strike committee met daily at a public house near the river.",
    "Donations arrived from as far away as Australia, which kept the strikers fed through September.",
]
SITE_CHROME = [
    "Home", "Archive", "Subscribe", "Share on Facebook   Tweet   Email", "4.2/5", "(128 ratings)",
    "A docker at the gates, 1889", "Read more: the strike in pictures.", "Click here to see photographs of the strike.",
    "Quick poll", "Which factor mattered most for the strikers' success?", "Public sympathy", "412 (52%)",
    "Union organisation", "79 (10%)", "Fun fact:", "Dock labourers were often hired by the half day at the gates.",
    "Cite this article:", "• Author Eleanor Whitcombe", "May 4, 2019", "Related articles", "Cookie settings",
    "Privacy policy",
]


def test_clean_handles_an_unseen_site_capture():
    doc = make_doc(SITE_CAPTURE)
    body = doc.lines("body")
    for sentence in SITE_BODY:
        assert any(sentence in line for line in body), sentence
    chrome = [text.strip() for text, _ in removed(doc)]
    for line in SITE_CHROME:
        assert line in chrome, line
        assert line not in doc.clean_text
    assert doc.lines("metadata") == [
        "The Harbour Strike of 1889", "By Eleanor Whitcombe",
        "Lecturer in Social History, University of Northport, HistoryHub contributor",
    ]


@pytest.mark.parametrize(
    "line,rule",
    [
        ("(12 votes)", "vote_count"),
        ("3 comments", "vote_count"),
        ("4.5/5", "vote_count"),
        ("Share this page", "ui_control"),
        ("Print version", "ui_control"),
        ("Subscribe to our newsletter", "ui_control"),
        ("Click here to read the full treaty.", "prompt"),
        ("- Did you know?", "trivia_marker"),
        ("More at: example.org/archive/1917", "link_line"),
    ],
)
def test_clean_labels_chrome_lines_anywhere(line, rule):
    text = f"A first paragraph of running text says what happened. Then it ends.\n\n{line}\n\n" \
           "A second paragraph of running text goes on to say more about it. It ends too."
    doc = make_doc(text)
    assert (line, rule) in removed(doc)
    assert len(doc.lines("body")) == 2


@pytest.mark.parametrize(
    "sentence",
    [
        "Share prices fell sharply in October 1929 as the markets panicked.",
        "Print workers struck in 1889, demanding higher wages and shorter hours.",
        "Rate rises followed the war, and the government fell within the year.",
        "Follow the river north for two days and you reach the old fortress.",
        "In Paris, 1919 Was the year the peace conference redrew the map of Europe.",
        "Home rule was debated again in 1912, and the bill passed the Commons.",
    ],
)
def test_clean_never_removes_a_body_sentence_that_starts_like_chrome(sentence):
    text = f"A first paragraph of running text that says what happened, and then it ends.\n\n{sentence}\n"
    doc = make_doc(text)
    assert sentence in doc.lines("body")
    assert removed(doc) == []


def test_clean_cuts_an_image_caption_from_the_first_sentence():
    doc = make_doc("Title of the page\n\nGeneral Haig at his headquarters, 1917 The offensive began at dawn, "
                   "and by noon the first line had fallen.\n")
    assert removed(doc) == [("General Haig at his headquarters, 1917", "fragment:caption")]
    assert doc.lines("body") == ["The offensive began at dawn, and by noon the first line had fallen."]


def test_clean_reads_a_citation_header_as_metadata_and_an_address_as_body():
    text = ("J. Q. Public\n\nAppeal to the Workers\n\nWritten: 1 May, 1905\nSource: Collected Writings, Volume 2\n"
            "Translated: A. Translator\n\nTo the workers of all factories,\nand to their committees\n\n"
            "Comrades, the hour has come to stand together, and we call on you to do so.\n\nJ. Q. Public\n")
    doc = make_doc(text)
    assert doc.lines("metadata") == ["J. Q. Public", "Appeal to the Workers", "Written: 1 May, 1905",
                                     "Source: Collected Writings, Volume 2", "Translated: A. Translator"]
    assert doc.lines("body")[:2] == ["To the workers of all factories,", "and to their committees"]
    assert doc.lines("body")[-1] == "J. Q. Public"  # the signature is part of the text


def _benchmark_texts() -> list[tuple[str, str]]:
    """Plain texts of other publishers: TempEval-3 news (TBAQ, platinum) and WikiWars articles."""
    from fontes.errors import InputError
    from fontes.evaluation import shared_data_dir, tempeval, wikiwars

    data = shared_data_dir(REPO)
    if not data.is_dir():
        return []
    try:
        docs = tempeval.read_tbaq(data) + tempeval.read_platinum(data) + wikiwars.read_wikiwars(data)
    except InputError:
        return []
    return [(d.name, d.text) for d in docs]


BENCHMARK_TEXTS = _benchmark_texts()


@pytest.mark.skipif(not BENCHMARK_TEXTS, reason="TempEval-3 / WikiWars data not found in ../shared/data")
def test_clean_keeps_news_and_encyclopedia_prose_as_body():
    from fontes.clean import is_body_paragraph

    body_words = all_words = 0
    for name, text in BENCHMARK_TEXTS:
        doc = make_doc(text)
        lost = [line for line, _ in removed(doc) if is_body_paragraph(line)]
        assert not lost, (name, lost)
        body_words += sum(len(line.split()) for line in doc.lines("body"))
        all_words += len(text.split())
    assert len(BENCHMARK_TEXTS) > 250
    assert body_words / all_words > 0.97


PROSE = ("The fleet left the harbour at dawn, and by noon the first ships had reached the open sea.\n"
         "Its admiral wrote that evening that the crossing had gone better than anyone had feared.\n")


def test_clean_removes_a_picture_caption_under_its_file_name():
    text = "The Battle at Sea\nBattleAtSea 2.jpg\nThe battle at sea\nA. Painter\nDate 30 November 1853\n\n" + PROSE
    doc = make_doc(text)
    assert ("The battle at sea", "image_caption") in removed(doc)
    assert ("A. Painter", "image_caption") in removed(doc)
    assert "Date 30 November 1853" not in [t for t, _ in removed(doc)]  # a dated line is never a caption
    assert PROSE.splitlines()[0] in doc.lines("body")


@pytest.mark.parametrize("line", ["The battle is located in the Black Sea", "Location within the Black Sea",
                                  "Die Schlacht befindet sich im Schwarzen Meer", "Lage im Schwarzen Meer"])
def test_clean_removes_a_location_map_caption(line):
    doc = make_doc(f"{PROSE}\n{line}\n\n{PROSE}")
    assert (line, "template") in removed(doc)


def test_clean_keeps_a_sentence_that_says_where_a_place_is():
    sentence = "The fortress is located in the delta of the river, on an island of sand."
    doc = make_doc(f"{PROSE}\n{sentence}\n")
    assert sentence in doc.lines("body")


@pytest.mark.parametrize("line", ["Download PDF", "Other views: larger", "Report this page", "Zoom in | Clip",
                                  "Rotate | Full screen | OCR text", "MLA APA Chicago", "Previous issue",
                                  "0 ratings 0% found this document useful (0 votes)", "Uploaded by jsmith"])
def test_clean_removes_a_line_made_only_of_control_words(line):
    doc = make_doc(f"{PROSE}\n{line}\n\n{PROSE}")
    assert line in [t for t, _ in removed(doc)]


@pytest.mark.parametrize("line", ["Main Events", "The Last Page of the Diary", "Related Families"])
def test_clean_keeps_a_heading_that_is_not_made_of_control_words(line):
    doc = make_doc(f"{PROSE}\n{line}\n\n{PROSE}")
    assert line not in [t for t, _ in removed(doc)]


@pytest.mark.parametrize("line", ["← Back to Legends", "Next page »", "« Previous"])
def test_clean_removes_arrow_navigation(line):
    doc = make_doc(f"{PROSE}\n{line}\n")
    assert line in [t for t, _ in removed(doc)]


def test_clean_removes_a_site_menu_before_the_text_but_keeps_the_first_heading():
    menu = ["About The Project", "Crimean War", "Criminal Network", "Portfolio of Criminals", "Project Team"]
    doc = make_doc("\n".join(menu) + "\nHistorical Context\n" + PROSE)
    assert [t for t, r in removed(doc) if r == "menu"] == menu
    assert "Historical Context" not in [t for t, _ in removed(doc)]


def test_clean_keeps_a_title_block_of_short_lines():
    header = ["The Siege of the Fortress", "Anna Berg", "Northport University Press", "Part One"]
    doc = make_doc("\n".join(header) + "\n\n" + PROSE)
    assert removed(doc) == []
    assert doc.lines("metadata")[0] == "The Siege of the Fortress"


def test_clean_removes_a_wiki_tagline_and_a_second_copy_of_the_title():
    doc = make_doc("The Proclamation of 1699\nThe Proclamation of 1699\nFrom Documents in Russian History\n"
                   "Jump to: navigation, search\n\n" + PROSE)
    assert ("The Proclamation of 1699", "title_copy") in removed(doc)
    assert ("From Documents in Russian History", "tagline") in removed(doc)
    assert doc.lines("metadata") == ["The Proclamation of 1699"]


def test_clean_model_fits_the_features_it_is_given():
    """The stored classifier was trained on the features clean computes now (else it is ignored)."""
    from fontes.clean import CLASSES, line_features, line_model, page_of

    model = line_model()
    assert model is not None and model["classes"] == list(CLASSES)
    rows = line_features(page_of("A title\n\n" + PROSE))
    assert all(len(row) == model["features"] for row in rows)
    assert all(len(row) == model["features"] for row in model["weights"])


def test_clean_classifier_never_removes_running_prose():
    """Whatever the classifier says, a paragraph of running text stays body (issue 10: no body lost)."""
    from fontes.clean import label_lines

    text = "Share | Print | Email\n\n" + PROSE + "\nShare | Print | Email\n"
    kinds = {line.text: kind for line, kind, _ in label_lines(text)}
    assert all(kinds[sentence] == "body" for sentence in PROSE.splitlines())


def test_clean_header_without_labels_stops_after_a_title_block():
    """An infobox's lines before the first paragraph are text, not a citation header of twenty lines."""
    infobox = ["Battle at Sea", "Part of the War"] + [f"{n} ships of the line" for n in range(2, 12)]
    doc = make_doc("\n".join(infobox) + "\n\n" + PROSE)
    assert doc.lines("metadata")[:2] == ["Battle at Sea", "Part of the War"]
    assert len(doc.lines("metadata")) <= 8
    assert "11 ships of the line" in doc.lines("body")


# --- layout-free chrome of forums, blogs, archives and shops (issue 10) ------------------------

@pytest.mark.parametrize(
    "line,rule",
    [
        ("July 20, 09:29 PM GMT", "timestamp"),
        ("Post by Reader42 Tue Mar 18, 2014 10:50 pm", "timestamp"),
        ("Tags: Russia, Cossacks, Catherine the Great", "taxonomy"),
        ("Tag Archives: empresses", "taxonomy"),
        ("Main page » Russian history", "nav_bar"),
        ("Page 3 of 3 Previous 1, 2, 3", "pagination"),
        ("Pages: [1] 2 3", "pagination"),
        ("Modern historians believe that [read more]", "teaser"),
        ("Your email address will not be published. Required fields are marked *", "appeal"),
        ("On this day: the empire in a click", "trivia_marker"),
        ("Go to Foreigners in Russia", "ui_control"),
        ("Logged", "ui_control"),
        ("Posts: 28 Views: 2454", "vote_count"),
        ("• Karma: 1,963", "vote_count"),
        ("Fredd said...", "comment_header"),
    ],
)
def test_clean_labels_platform_chrome_anywhere(line, rule):
    text = f"A first paragraph of running text says what happened. Then it ends.\n\n{line}\n\n" \
           "A second paragraph of running text goes on to say more about it. It ends too."
    doc = make_doc(text)
    assert (line, rule) in removed(doc)
    assert len(doc.lines("body")) == 2


@pytest.mark.parametrize("line", ["1853", "June 1853", "Petrograd, 25 October 1917, 10:45 AM", "1905-1907",
                                  "The tags on the crates were read at 10:45 am by the customs officer."])
def test_clean_keeps_years_datelines_and_sentences_that_look_like_widgets(line):
    text = f"A first paragraph of running text says what happened. Then it ends.\n\n{line}\n\n" \
           "A second paragraph of running text goes on to say more about it. It ends too."
    assert removed(make_doc(text)) == []


def test_clean_removes_a_slogan_above_the_title():
    doc = make_doc("Trans Steppe Travel\n\nYour guide to the steppe! Let's travel together!\n\nThe Great Rising\n\n"
                   + PROSE)
    assert ("Your guide to the steppe! Let's travel together!", "slogan") in removed(doc)
    assert "The Great Rising" in doc.lines("metadata")


def test_clean_removes_a_picture_caption_between_paragraphs_but_not_a_heading():
    text = ("The rising began in the south, and within a month it had reached the river towns.\n\n"
            "Emelyan Ivanovich Pugachev in 1774\n"
            "The rebels took the fortress after a siege of three weeks, and the garrison surrendered.\n\n"
            "The Siege of the Fortress\n"
            "The governor wrote to the capital for help, but the relief column came too late to save it.\n")
    doc = make_doc(text)
    assert removed(doc) == [("Emelyan Ivanovich Pugachev in 1774", "caption")]


def test_clean_keeps_a_timeline_whose_months_repeat():
    text = "June 1853\nRussia occupies the principalities.\nJune 1853\nThe fleets sail for the straits.\n" \
           "October 1853\nThe Porte declares war.\n"
    assert removed(make_doc(text)) == []


def test_clean_keeps_a_heading_the_html_extractor_dropped_inside_the_text(tmp_path):
    paragraph = "The war began in the autumn, and by the winter the armies had dug in along the river. " * 3
    html = (f"<html><head><title>The War | Example Site</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>The War</h1><p>{paragraph}</p><div class='box'><span>The Winter Lines</span></div>"
            f"<p>{paragraph.replace('war', 'siege')}</p><p>{paragraph.replace('war', 'peace')}</p></article>"
            f"<footer>© 2024 Example Site. All rights reserved.</footer></body></html>")
    path = tmp_path / "war.html"
    path.write_text(html, encoding="utf-8")
    doc = clean(read_document(path))
    chrome = [t for t, _ in removed(doc)]
    assert "The Winter Lines" not in chrome
    assert any(t.startswith("© 2024 Example Site") for t in chrome)


def test_clean_keeps_numbered_sections_that_are_not_a_gallery():
    text = PROSE + "\nArticle 1\n" + PROSE + "\nArticle 2\n" + PROSE
    assert removed(make_doc(text)) == []
    gallery = "View of the fortress 1\nView of the fortress 2\nView of the fortress\n\n" + PROSE
    assert [r for _, r in removed(make_doc(gallery))] == ["gallery"] * 3


def test_clean_reads_ocr_lines_split_by_blank_lines_as_text_not_as_a_header():
    text = ("The Daily Courier, Saturday 4 March 1905, page 3\n\nLondon, Wednesday.\n\n"
            "The Government have closed the ironworks and the shipyard at the capital because many of the workmen\n\n"
            "refused to resume work.\n\nThere were many arrests in the city during the last week, and more are expected.\n")
    doc = make_doc(text)
    assert "refused to resume work." in doc.lines("body")
    assert doc.lines("metadata") == ["The Daily Courier, Saturday 4 March 1905, page 3", "London, Wednesday."]


# --- chrome on unseen layouts: widgets in any language, blocks of chrome, running heads (issue 10) --

_BETWEEN = ("A first paragraph of running text says what happened. Then it ends.\n\n{line}\n\n"
            "A second paragraph of running text goes on to say more about it. It ends too.")


@pytest.mark.parametrize(
    "line,rule",
    [
        ("Read also: The Treaty of the Two Rivers", "link_to_page"),
        ("Next: The Treaty of the Two Rivers", "link_to_page"),
        ("Читайте также: Договор о двух реках", "link_to_page"),
        ("Lesen Sie auch: Der Vertrag", "link_to_page"),
        ("Photo: State Historical Museum", "image_credit"),
        ("Фото: Государственный исторический музей", "image_credit"),
        ("Figure 2. Map of the siege.", "caption"),
        ("Image 1 of 5", "gallery"),
        ("Rating: 4.5/5", "vote_count"),
        ("Copyright 2024 The Example Society. All rights reserved.", "copyright"),
        ("Все права защищены", "copyright"),
        ("Click to expand...", "template"),
        ("Loading...", "ui_control"),
        ("5 min read", "template"),
        ("Поделиться", "ui_control"),
        ("Начало", "ui_control"),
        ("Similar threads", "ui_control"),
        ("This entry was posted in Sieges. Bookmark the permalink.", "appeal"),
    ],
)
def test_clean_labels_widgets_of_any_site_and_language(line, rule):
    doc = make_doc(_BETWEEN.format(line=line))
    assert (line, rule) in removed(doc)
    assert len(doc.lines("body")) == 2


@pytest.mark.parametrize("line", ["Начало войны", "Úvod do dějin", "Next to the river", "Photographs of the siege survive in two albums.",
                                  "Figure of speech", "Read also the letters of the time, which tell more."])
def test_clean_keeps_headings_that_only_start_like_a_widget(line):
    assert removed(make_doc(_BETWEEN.format(line=line))) == []


def test_clean_removes_a_block_of_chrome_after_the_text_but_not_the_signature_above_it():
    text = (PROSE + "\nJohn Smith\n\nShare this:\n\nFacebook\n\nLike this:\n\nLike Loading...\n\nRelated\n\n"
            "The Treaty of the Two Rivers\n\nIn \"18th century\"\n\nRecent Posts\n\nMarch 2015\n\n"
            "© 2024 The History Blog. All rights reserved.\n")
    doc = make_doc(text)
    chrome = {t for t, _ in removed(doc)}
    assert {"Like Loading...", "Related", "The Treaty of the Two Rivers", "In \"18th century\"", "March 2015"} <= chrome
    assert "John Smith" not in chrome
    assert all(line in doc.lines("body") for line in PROSE.strip().split("\n") if line.strip())


def test_clean_keeps_short_lines_between_paragraphs_that_no_chrome_surrounds():
    text = PROSE + "\nThe Winter Lines\n\n" + PROSE + "\nShare this:\n\nFacebook\n"
    doc = make_doc(text)
    assert "The Winter Lines" not in {t for t, _ in removed(doc)}


def test_clean_removes_a_running_head_beside_the_page_number():
    text = ("ANNEXES TO THE TREATY.\n257\n\n" + PROSE + "\n12 THE HISTORY OF THE WAR\n\n" + PROSE)
    doc = make_doc(text)
    rules = dict(removed(doc))
    assert rules.get("ANNEXES TO THE TREATY.") == "running_head"
    assert rules.get("12 THE HISTORY OF THE WAR") == "running_head"


def test_clean_keeps_a_year_heading_in_capitals():
    text = "THE WAR OF 1812\n\n" + PROSE + "\nTHE PEACE 1815\n\n" + PROSE
    assert "running_head" not in {r for _, r in removed(make_doc(text))}


def test_clean_finds_the_title_block_below_a_long_site_menu():
    menu = "\n\n".join(["Subscribe now", "Sign in", "The Daily Ledger", "Politics", "World", "Business", "Opinion",
                        "History", "Culture", "Science"])
    doc = make_doc(menu + "\n\nThe Day the Machine Flew\n\nBy Jane Reporter\n\n" + PROSE)
    assert "The Day the Machine Flew" in doc.lines("metadata")
    assert "Science" in {t for t, _ in removed(doc)}


def test_clean_keeps_a_table_between_two_page_numbers():
    rows = "Savoy 21 December 1582 1 January 1583\n\nSpain 4 October 1582 15 October 1582\n\nFrance 9 December\n\n"
    text = PROSE + "\n230\n\n" + rows + "231\n\n" + PROSE
    doc = make_doc(text)
    assert {r for _, r in removed(doc)} == {"template"}
    assert "France 9 December" in doc.lines("body")


def test_clean_removes_teasers_above_the_site_navigation_but_keeps_the_title_below():
    text = ("Famous people of the empire on our channel\n\nA Court Jeweller\n\n"
            "A Court Jeweller was a famous master of his craft in the last days of the empire, and worked for the court.\n\n"
            "Go to Foreigners in the Empire\n\n17 October\n\n" + PROSE + "\n" + PROSE)
    doc = make_doc(text)
    rules = dict(removed(doc))
    assert rules.get("A Court Jeweller") == "above_navigation"
    assert "17 October" not in rules
    assert all(line in doc.lines("body") for line in PROSE.strip().split("\n"))
