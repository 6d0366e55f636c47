"""Clean stage, round 7: classes of chrome seen on new kinds of source (static-site sources with
front matter, catalogue records, rights notices) and two ways body text was lost. The sentences
are made up; each test asserts behaviour that failed before the change it guards."""

from __future__ import annotations

from fontes import clean
from fontes.model import Document

PARAGRAPH = ("The garrison held the fortress through the winter, and the besiegers withdrew to the river "
             "when the spring floods came and their camp could no longer be supplied from the south.")


def _zones(text: str) -> dict[str, tuple[str, str]]:
    doc = clean.clean(Document(id="0123456789abcdef", path="page.txt", text=text))
    return {doc.text[z.start:z.end]: (z.kind, z.rule or "") for z in doc.zones}


def test_front_matter_settings_are_chrome_and_citation_keys_metadata() -> None:
    text = ("---\nlayout: article\ntitle: \"The Winter Siege\"\nauthor: \"\"\nsummary_image: /img/siege.png\n"
            "publishedAt: 2021-03-04\nkeywords:\n  - \"sieges\"\n  - \"rivers\"\n---\n\n" + PARAGRAPH + "\n")
    zones = _zones(text)
    assert zones["layout: article"][0] == "boilerplate"
    assert zones["summary_image: /img/siege.png"][0] == "boilerplate"
    assert zones['author: ""'][0] == "boilerplate"  # an empty author is the template's, not a byline
    assert zones['- "rivers"'][0] == "boilerplate"  # a list item goes with its key
    assert zones['title: "The Winter Siege"'][0] == "metadata"
    assert zones["---"][0] == "boilerplate"
    assert zones[PARAGRAPH][0] == "body"


def test_front_matter_author_list_is_metadata() -> None:
    text = "---\ntitle: A Letter Home\nauthor:\n  - Ann Example\n  - Ben Sample\n---\n\n" + PARAGRAPH
    zones = _zones(text)
    assert zones["- Ann Example"][0] == "metadata"
    assert zones["author:"][0] == "metadata"


def test_a_rule_without_closing_rule_is_no_front_matter() -> None:
    text = "---\nnote: the river rose in the night\n\n" + PARAGRAPH
    assert clean._front_matter_end(clean.page_of(text)) is None


def test_markdown_image_and_shortcode_lines_are_chrome_but_inline_markup_stays() -> None:
    inline = "The map ![plan](plan.png) shows the walls as the engineers drew them in the year of the siege."
    text = (PARAGRAPH + "\n\n![A plan of the walls](/uploads/walls-plan.jpg)\n\n"
            '{{< figure src="gate.jpg" caption="Figure 2. The north gate, 1790" >}}\n\n' + inline + "\n")
    zones = _zones(text)
    assert zones["![A plan of the walls](/uploads/walls-plan.jpg)"] == ("boilerplate", "placeholder")
    assert zones['{{< figure src="gate.jpg" caption="Figure 2. The north gate, 1790" >}}'][0] == "boilerplate"
    assert zones[inline][0] == "body"


def test_rights_notices_of_databases_are_chrome_but_a_sentence_on_copyright_stays() -> None:
    notice = ("Copyright of The Example Quarterly is the property of Sample Press and its content may not be "
              "copied without the copyright holder's written permission.")
    law = ("Copyright law in that kingdom dates from a statute passed in 1710, which gave authors fourteen "
           "years of protection and made booksellers register every new title.")
    text = PARAGRAPH + "\n\n" + law + "\n\n" + notice + "\n\nFor Personal Use Only - Example Archive Copyright 2009\n"
    zones = _zones(text)
    assert zones[notice] == ("boilerplate", "copyright")
    assert zones["For Personal Use Only - Example Archive Copyright 2009"][0] == "boilerplate"
    assert zones[law][0] == "body"


def test_widget_word_inside_a_hard_wrapped_sentence_stays_body() -> None:
    text = ("Report of the consul, 4 May\n\nOn the morning of the fourth, at ten, I received from\n"
            "the governor the following telegram:\nThe town is quiet and the garrison holds the bridge, "
            "and no further disorder is feared by the authorities.\n")
    zones = _zones(text)
    assert zones["the governor the following telegram:"][0] == "body"


def test_is_sentence_in_any_script() -> None:
    assert clean.is_sentence("Войска вошли в город.")
    assert clean.is_sentence("Všem věrným poddaným.")
    assert not clean.is_sentence("ВОЙСКА ГОРОДА.")  # capitals: a heading, not a sentence's end


def test_opening_sentence_above_the_first_paragraph_is_body() -> None:
    opening = "We make this known to all our loyal people."
    text = "Proclamation of the Governor (1801)\n\n" + opening + "\n\n" + PARAGRAPH + "\n\n" + PARAGRAPH + "\n"
    zones = _zones(text)
    assert zones[opening][0] == "body"
    assert zones["Proclamation of the Governor (1801)"][0] == "metadata"


def test_a_title_above_the_first_paragraph_stays_metadata() -> None:
    text = "The Winter Siege of the Northern Fortress\n\n" + PARAGRAPH + "\n\n" + PARAGRAPH + "\n"
    assert _zones(text)["The Winter Siege of the Northern Fortress"][0] == "metadata"


def test_record_field_labels_are_chrome_and_their_values_stay() -> None:
    text = (PARAGRAPH + "\n\nObject type\nCoin\nMaterials and techniques\nSilver, struck\nCredit line\n"
            "Given by a private donor\n• Physical description:\nRound, worn at the rim\n\n" + PARAGRAPH + "\n")
    zones = _zones(text)
    for label in ("Object type", "Materials and techniques", "Credit line", "• Physical description:"):
        assert zones[label] == ("boilerplate", "field_label"), label
    for value in ("Coin", "Silver, struck", "Given by a private donor"):
        assert zones[value][0] != "boilerplate", value


def test_a_field_word_inside_a_heading_is_no_field_label() -> None:
    assert clean._local_rule(clean._Line(0, 30, "Description of the northern gate", True)) is None
