"""Entity stage, round 14: errors of short, unseen web captures.

- a list of names after a plural head of places ("the towns of A, B and C", "the mountains A and B"), and
  a name after a verb of taking or nearing ("capturing X", "approaching X"), are places, not people;
- a name ending in a landform or site ("X Beach", "X Ridge", "X Hills") is a place;
- a name written with its peerage in apposition ("X, 3rd Earl of Y") is one titled mention, like a title
  before a name; civic and church offices ("Alderman X", "Archpriest X") are titles;
- web platforms of a page's share buttons and credits are bodies (Wikipedia a work).

Every text here is invented for the test.
"""

from __future__ import annotations

from test_entities_unseen13 import _mentions


def test_list_after_a_plural_place_head_is_places() -> None:
    found = _mentions("In the spring the rebels took the towns of Varnitsa, Dolsko and Kretovo without a fight.")
    assert found.get("Dolsko") == "LOC" and found.get("Kretovo") == "LOC"
    found = _mentions("The revolt soon spread towards the mountains Velvar and Dushan and reached the river.")
    assert found.get("Velvar") == "LOC" and found.get("Dushan") == "LOC"


def test_comma_list_of_places_without_and() -> None:
    found = _mentions("The new calendar was taken up by Zurich, Bern, Basel, Ortenhausen and the rest of them.")
    assert found.get("Ortenhausen") == "LOC"


def test_landform_head_makes_a_place() -> None:
    found = _mentions("The boats came ashore at Seagrove Beach while the guns fired from Hollins Ridge.")
    assert found.get("Seagrove Beach") == "LOC"
    assert found.get("Hollins Ridge") == "LOC"


def test_civic_and_church_titles_are_titles() -> None:
    found = _mentions("The order was carried by Alderman Thomas Wickham to Captain Grell at the gate.")
    assert found.get("Alderman Thomas Wickham") == "PER" and found.get("Captain Grell") == "PER"
    found = _mentions("The oath was read by Archpriest Milan Todorovic before the assembled elders.")
    assert found.get("Archpriest Milan Todorovic") == "PER"


def test_peerage_in_apposition_is_one_mention() -> None:
    found = _mentions("The standard was raised by Robert Haldane, 4th Earl of Carrow, in the autumn of 1715.")
    assert found.get("Robert Haldane, 4th Earl of Carrow") == "PER"


def test_web_platforms_are_bodies() -> None:
    found = _mentions("Share this:\nTwitter\nFacebook\nGoogle+\nFrom Wikipedia, the free encyclopedia.\n"
                      "See en.wikipedia.org for more.")
    assert found.get("Twitter") == "ORG" and found.get("Facebook") == "ORG" and found.get("Google+") == "ORG"
    assert found.get("Wikipedia") == "WORK"
    assert not any("wikipedia.org" in m for m in found)
