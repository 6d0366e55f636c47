"""Tests of the time stage on unseen-source forms (round 17): a page on the First Balkan War written
in a Balkan country's Old Style dates the allies' declarations of war on their Old Style days (5
October 1912) and is read Old Style, its other days with it; a page in New Style dates them 8 and 18
October 1912 and stays New Style. The declarations are known happenings (data/calendar_anchors.yaml),
valid for any text on that war, whatever place the page names most (the Ottoman Empire, the other
side, often does).

Every text here is written for the test."""

from __future__ import annotations

from fontes import clean, metadata
from fontes.model import Document
from fontes.settings import DEFAULTS
from fontes.time import anchors, find_timexes


def stage(text: str, genre: str | None = "secondary") -> tuple[str, dict[str, str | None]]:
    """The document's calendar and the Gregorian value of each expression, as the pipeline runs it."""
    doc = Document(id="t", path="t.txt", text=text)
    doc = metadata.extract_metadata(clean.clean(doc, DEFAULTS), DEFAULTS)
    doc.genre = genre or doc.genre
    doc = find_timexes(doc, DEFAULTS)
    return doc.calendar, {t.text: t.gregorian for t in doc.timexes}


OLD_STYLE_PAGE = (
    "The mobilisation of the allied armies was announced at the end of September 1912, and the Ottoman "
    "Empire answered with its own. On October 5, 1912, Bulgaria declared war on the Ottoman Empire; the "
    "royal manifesto read in the squares of every town is dated October 5, 1912. The Ottoman Empire "
    "had lost most of its European lands by the spring, and the Ottoman Empire signed the peace in 1913.\n\n"
    "The Ottoman garrison of the valley town surrendered on November 2, 1912, after a week of shelling."
)

NEW_STYLE_PAGE = (
    "On 8 October 1912 Montenegro declared war on the Ottoman Empire, and the First Balkan War began. "
    "Bulgaria, Serbia and Greece declared war on the Ottoman Empire on 18 October 1912.\n\n"
    "The Ottoman garrison of the valley town surrendered on 15 November 1912, after a week of shelling."
)


def test_old_style_declaration_reads_the_page_old_style() -> None:
    calendar, values = stage(OLD_STYLE_PAGE)
    assert calendar == "julian"
    assert values["October 5, 1912"] == "1912-10-18"
    # an unmarked day of the same page follows its calendar
    assert values["November 2, 1912"] == "1912-11-15"


def test_new_style_declarations_keep_the_page_new_style() -> None:
    calendar, values = stage(NEW_STYLE_PAGE)
    assert calendar == "gregorian"
    assert values["8 October 1912"] == "1912-10-08"
    assert values["18 October 1912"] == "1912-10-18"
    assert values["15 November 1912"] == "1912-11-15"


def test_declaration_anchor_needs_its_day() -> None:
    """A declaration of war on another day of 1912 is no vote: the known day decides, not the words."""
    by_event = {a.event: a for a in anchors.load_anchors()}
    declaration = by_event["Bulgaria, Greece and Serbia declare war on the Ottoman Empire"]
    assert anchors.match_anchor(declaration, "1912-10-05") is not None
    assert anchors.match_anchor(declaration, "1912-10-18") is not None
    assert anchors.match_anchor(declaration, "1912-10-11") is None
