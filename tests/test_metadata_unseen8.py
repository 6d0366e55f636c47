"""Metadata stage, round 7: genre from the text's voice and its own date line, front matter of
static-site sources, a letter's date line in the header. Made-up texts of the classes met on the
new development documents (letters, diaries, memoirs, newspaper issues, Markdown sources)."""

from __future__ import annotations

from fontes.clean import clean
from fontes.metadata import (
    _dates_itself,
    _first_person_voice,
    _Header,
    extract_metadata,
    front_matter,
)
from fontes.model import Document


def make_doc(text: str, name: str = "test.txt") -> Document:
    doc = Document(id="0123456789abcdef", path=name, text=text, html_meta={})
    return extract_metadata(clean(doc))


_MEMOIR = (
    "I had waited for the signal all the morning, and when my friend came to the gate I knew that our plan "
    "had been found out. We walked along the river together, and I told him what my brother had written to me. "
    "He said that we must leave the town before the night, and I agreed, though my heart was heavy. Our horses "
    "were ready at the inn; I paid the keeper and we rode out by the northern road. My sister stood at the window "
    "and waved to us. I did not see her again for many years, and when we met at last she did not know me. "
    "The road was long and the weather was cold, but we reached the frontier on the third day, and there I "
    "wrote my first letter home. "
)

_HISTORY = (
    "The regiment left the capital in the spring of 1812 and marched towards the frontier. Historians have long "
    "debated the reasons for the delay: the supply of the army was poor, the roads were bad, and the commanders "
    "disagreed about the route. The campaign of 1813 repaired some of the damage, but the losses of the winter "
    "were never made good. By 1815 the regiment had been reformed twice, and its colours were laid up in 1820. "
    "Later writers, such as the authors of the official history published in 1901, blamed the quartermasters. "
)


def test_first_person_narrative_is_a_voice_of_its_time() -> None:
    assert _first_person_voice(_MEMOIR)
    assert not _first_person_voice(_HISTORY)


def test_first_person_inside_quotation_marks_is_not_the_page_voice() -> None:
    quoted = "The clerk copied the will into the register. " + "“" + _MEMOIR + "”" + " " + _HISTORY
    assert not _first_person_voice(quoted)


def test_a_numeral_after_a_name_is_not_the_pronoun() -> None:
    kings = ("Charles I was crowned in the abbey, and James I before him; Henry I and William I had been "
             "crowned there too. ") * 8
    assert not _first_person_voice(kings)


def test_first_person_of_a_modern_writer_is_not_a_source_of_its_time() -> None:
    assert not _first_person_voice(_MEMOIR + "I wrote this post in 2021 after visiting the museum.")


def test_memoir_excerpt_is_primary() -> None:
    doc = make_doc("Chapter Four\n\n" + _MEMOIR + "\n\n" + _MEMOIR.replace("third", "fourth") + "\n")
    assert doc.genre == "primary"


def test_history_is_secondary() -> None:
    doc = make_doc("The Regiment in the Field\n\n" + _HISTORY + "\n\n" + _HISTORY + "\n")
    assert doc.genre == "secondary"


def test_newspaper_issue_of_the_time_it_reports_dates_itself() -> None:
    h = _Header(header=["Northern Courier, Volume 4, Number 12, 7 May 1859, page 2"],
                body="The steamer arrived yesterday with news of the fighting of 1859.\nThe ministry has fallen.")
    assert _dates_itself(h)


def test_modern_journal_issue_over_an_old_subject_does_not() -> None:
    h = _Header(header=["Journal of Maritime Studies. Mar2011, Vol. 12 Issue 3, p10-25."],
                body="The convoys of 1759 and 1760 sailed from the northern ports.\nIn 1761 the trade recovered.")
    assert not _dates_itself(h)


def test_letter_date_line_with_a_place_dates_itself_and_a_bare_heading_does_not() -> None:
    letter = _Header(header=[], body="Valletta, the 3rd March, 1798, old style.\nSir, I have the honour to report.")
    heading = _Header(header=["3rd March 1798."], body="On this day the fleet sailed from Valletta.")
    assert _dates_itself(letter)
    assert not _dates_itself(heading)


def test_dispatch_date_line_in_the_header_dates_a_primary_text() -> None:
    text = ("No. 27.\n\nMr. Grey to Mr. Hale.\n\nValletta, April 9, 1843.\n\n"
            + "Sir: I have the honor to inform you that I received your instructions yesterday, and I went at once "
              "to the governor. He told me that we should have his answer within the week, and I shall send it to "
              "you by the first packet. My secretary has copied the papers, which I enclose. We are all well here, "
              "and I trust that the matter will be settled as you wish. I remain, sir, your obedient servant, "
              "and I shall write again by the next mail, when I hope to give you better news of our affairs. "
              "My colleagues join me in sending their respects, and we await your orders.\n\nI am, &c.\n")
    doc = make_doc(text)
    assert doc.genre == "primary"
    assert doc.citation.date is not None and doc.citation.date.as_written == "April 9, 1843"


def test_front_matter_fields_as_written() -> None:
    text = ("---\ntitle: '\"The Harvest Riots'' Aftermath\" in the Valley'\ndate: '2019-08-03T10:15:00+02:00'\n"
            "author:\n  - Ann Brook\n  - Carl Dunn\ntags: [\"history\"]\n---\n\nSome text about the harvest of 1795.\n")
    assert front_matter(text) == {"title": "\"The Harvest Riots' Aftermath\" in the Valley",
                                  "date": "2019-08-03T10:15:00+02:00", "authors": "Ann Brook; Carl Dunn"}
    assert front_matter("Title: no front matter here\n") == {}
    assert front_matter('---\ntitle: "Only a title"\nauthor: ""\ndate: "soon"\n---\ntext\n') == {"title": "Only a title"}


def test_front_matter_feeds_the_citation() -> None:
    sentence = "The mills of the valley were burned in the harvest of 1795, and the county court met to try the rioters."
    body = " ".join([sentence] * 4)
    doc = make_doc('---\ntitle: "Mills of the Valley"\ndate: 2021-05-04T08:30:00Z\nauthor: Ann Brook\n---\n\n'
                   + body + "\n")
    assert doc.citation.title == "Mills of the Valley"
    assert doc.citation.authors == ["Ann Brook"]
    assert doc.citation.date is not None and doc.citation.date.as_written == "2021-05-04T08:30:00Z"
    assert doc.citation.date.gregorian == "2021-05-04T08:30:00"
