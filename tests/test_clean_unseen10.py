"""Clean stage, round 10: classes of chrome that hold on any site (a data dump's field names, a
site's notice about its web edition, prompts that open a title block or fill a line). The sentences
are made up; each test asserts behaviour that failed before the change it guards, or a line of the
text that the change must leave alone."""

from __future__ import annotations

from fontes import clean
from fontes.model import Document

PARAGRAPH = ("The garrison held the fortress through the winter, and the besiegers withdrew to the river "
             "when the spring floods came and their camp could no longer be supplied from the south.")
SECOND = ("In the spring the governor wrote to the council that the walls had been repaired, that the "
          "granaries were full again and that the town would stand another siege if one came.")


def _zones(text: str) -> dict[str, tuple[str, str]]:
    doc = clean.clean(Document(id="0123456789abcdef", path="page.txt", text=text))
    return {doc.text[z.start:z.end]: (z.kind, z.rule or "") for z in doc.zones}


def test_field_names_of_a_data_dump_are_chrome() -> None:
    text = ("# Record 42\n\n### creator\n\n[Ann Example](#Ann-Example)\n\n### dateOfBirth\n\n*PublicationEvent*\n\n"
            "### has_source_text\n\nRiverton, March 3. O.S.\n\n" + PARAGRAPH + "\n\n### period\n\nCentury.18\n\n"
            "### language\n\n*urn:iso:std:iso:639:eng*\n")
    zones = _zones(text)
    for line in ("### creator", "[Ann Example](#Ann-Example)", "### dateOfBirth", "*PublicationEvent*",
                 "### has_source_text", "Century.18", "*urn:iso:std:iso:639:eng*", "### language"):
        assert zones[line][0] == "boilerplate", line
    assert zones[PARAGRAPH][0] == "body"
    # the value of a field below the dump's first field name is no title block of the page
    assert zones["Riverton, March 3. O.S."][0] == "body"


def test_lines_that_only_look_like_identifiers_stay() -> None:
    assert not clean._machine_line("No.614")
    assert not clean._machine_line("St.Petersburg")
    assert not clean._machine_line("## The Winter Siege")
    assert not clean._machine_line("*McDonald*")
    assert not clean._machine_line("See [the map](#map) below for the roads.")
    assert clean._machine_line("### birthPlace")
    assert clean._machine_line("- [Chapter II](#chapter-ii)")


def test_a_notice_about_the_web_edition_at_the_top_is_chrome() -> None:
    notice = ("The complete letters are online, and a project invites readers to add notes to them. "
              "A short film shows the town as it was.")
    text = "The Winter Letters\n\n" + notice + "\n\n" + PARAGRAPH + "\n\n" + SECOND + "\n"
    zones = _zones(text)
    assert zones[notice] == ("boilerplate", "web_notice")
    assert zones[PARAGRAPH][0] == "body"


def test_a_remark_about_the_web_deep_in_the_text_stays() -> None:
    remark = "Copies of the governor's letters are now online, and they confirm the account given here."
    text = "\n\n".join([PARAGRAPH, SECOND, PARAGRAPH.replace("winter", "autumn"), remark,
                        SECOND.replace("spring", "summer"), PARAGRAPH.replace("river", "sea"),
                        SECOND.replace("council", "king")]) + "\n"
    assert _zones(text)[remark][0] == "body"


def test_a_web_notice_does_not_join_the_chrome_around_it_into_a_block() -> None:
    # a notice between a rights line and a widget: the dated headings below it are the text's
    notice = "We do not have a picture of this record online yet, but a copy may be ordered from the archive."
    text = ("The Dispatches of May\n\nAll rights reserved.\n\n" + notice + "\n\nMay 2.\n\nCouncil,\n\nLetters,\n\n"
            "Share\n\n" + PARAGRAPH + "\n\n" + SECOND + "\n")
    zones = _zones(text)
    assert zones[notice][0] == "boilerplate"
    assert zones["May 2."][0] != "boilerplate"


def test_a_prompt_opening_the_title_block_is_chrome() -> None:
    prompt = "For background information about the letters and their editors see Introduction"
    text = "Letters of the Winter\n\n" + prompt + "\n\n" + PARAGRAPH + "\n"
    zones = _zones(text)
    assert zones[prompt][0] == "boilerplate"
    assert zones["Letters of the Winter"][0] == "metadata"
