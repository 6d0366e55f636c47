"""Entity stage, round 11: pre-reform Russian spelling, titled names with a particle, lists of towns,
peoples without a state.

- Russian text written before 1918 ("Россіи", "Александръ Третій") is read whole: the letters і, ѣ, ѳ, ѵ
  belong to words, and a hard sign at a word's end does not hide its stem from the lexicon;
- a sovereign's style capitalises pronouns, titles and reverent nouns ("Мы", "Императоръ",
  "Государству"): no names; an abbreviation before a lower-case word ("Полн. собр.") is no name;
- a capitalised adjective and its capitalised head noun ("Высочайшій Манифестъ") take the head's type;
- a title before a name that opens on its particle ("General von Kluck", "Admiral de Grasse") is one
  titled mention;
- a list whose names are all places or towns of the gazetteer ("Vitebsk and Orsha") names places;
- a people with no state of its name ("Tatars") at large is no entity, acting it is a body.

Every text here is invented for the test.
"""

from __future__ import annotations

from fontes.entities import find_mentions
from fontes.model import Document
from fontes.ner.cyrillic import cyrillic_cands
from fontes.settings import DEFAULTS


def _mentions(text: str) -> dict[str, str]:
    doc = find_mentions(Document(id="t.txt", path="t.txt", text=text), DEFAULTS)
    return {m.text: m.label for m in doc.mentions}


def _cyr(text: str) -> dict[str, str]:
    return {text[c.start:c.end]: c.label for c in cyrillic_cands(text) if not c.nested}


def test_pre_reform_letters_belong_to_words() -> None:
    found = _cyr("Вчера Николай Второй прибылъ изъ Финляндіи въ столицу Россіи.\n")
    assert found.get("Николай Второй") == "PER"
    assert found.get("Финляндіи") == "LOC" and found.get("Россіи") == "LOC"
    assert not any(name.endswith(("Финлянд", "Росс")) for name in found)


def test_sovereign_style_words_are_no_names() -> None:
    found = _cyr("Божіею милостію Мы объявляемъ всѣмъ Нашимъ подданнымъ, что служеніе Отечеству и Государству "
                 "есть долгъ. Императоръ повелѣлъ. Полн. собр. указовъ.\n")
    assert not {"Мы", "Нашимъ", "Государству", "Отечеству", "Императоръ", "Полн"} & set(found)


def test_capitalised_head_noun_types_the_name() -> None:
    found = _cyr("Тогда былъ изданъ Всемилостивѣйшій Указъ о земляхъ.\n")
    assert found.get("Всемилостивѣйшій Указъ") == "WORK"


def test_title_before_a_particle_name() -> None:
    found = _mentions("The army of General von Falkenried crossed the river. Later Admiral de Vauclerc sailed.\n")
    assert found.get("General von Falkenried") == "PER"
    assert found.get("Admiral de Vauclerc") == "PER"


def test_list_of_towns_is_places() -> None:
    found = _mentions("Vitebsk and Orsha were burned by the retreating troops in the autumn.\n")
    assert found.get("Vitebsk") == "LOC" and found.get("Orsha") == "LOC"


def test_stateless_people_at_large_is_no_entity() -> None:
    found = _mentions("The rebel gathered many Kalmyks in the steppe and marched north.\n")
    assert "Kalmyks" not in found


def test_building_named_after_two_saints_is_one_place() -> None:
    text = ("Tsar Peter the Great came to Riga in 1710. Peter prayed in the Cathedral of Saints Peter and Paul "
            "and visited SS. Cyril and Methodius Church.\n")
    doc = find_mentions(Document(id="t.txt", path="t.txt", text=text), DEFAULTS)
    found = {m.text: m.label for m in doc.mentions}
    assert found.get("Cathedral of Saints Peter and Paul") == "LOC"
    assert found.get("SS. Cyril and Methodius Church") == "LOC"
    assert "Paul" not in found and "Saints Peter" not in found
    ruler = {m.entity_id for m in doc.mentions if m.text in ("Peter", "Peter the Great")}
    cathedral = next(m.entity_id for m in doc.mentions if m.text.startswith("Cathedral"))
    assert cathedral not in ruler


def test_page_words_diseases_and_glossary_lines_are_no_names() -> None:
    found = _mentions("Overview\nEveryone in Hartwell Street fell ill.\n_Quinsy = Tonsillitis_\n"
                      "Smallpox 12\nSciatica 3\nThe glass stood at 90 degrees Fahrenheit in Bristol.\n"
                      "Northern Review of Letters. Jun2011, Vol. 4.\n")
    assert not {"Overview", "Everyone", "Quinsy = Tonsillitis", "Smallpox", "Sciatica", "Fahrenheit", "Jun"} & set(found)
    assert found.get("Bristol") == "LOC"


def test_tsars_style_of_all_the_russias() -> None:
    text = "The Emperor of all the Russias received the envoy. Russia then signed.\n"
    doc = find_mentions(Document(id="t.txt", path="t.txt", text=text), DEFAULTS)
    found = {m.text: m for m in doc.mentions}
    assert "the Emperor of all the Russias" in found or "The Emperor of all the Russias" in found
    assert found["Russias"].label == "LOC"
    assert found["Russias"].entity_id == found["Russia"].entity_id


def test_grand_embassy_is_an_event_a_national_embassy_a_body() -> None:
    found = _mentions("In 1697 the tsar left on the Grand Embassy to the west. The Danish Embassy in Hamburg was shut.\n")
    assert found.get("Grand Embassy") == "EVENT"
    assert found.get("Danish Embassy") == "ORG"


def test_corps_in_the_plural_is_a_body() -> None:
    found = _mentions("The Janissaries revolted in the capital and burned the bazaar.\n")
    assert found.get("Janissaries") == "ORG"


def test_foundation_of_a_place_is_the_place() -> None:
    found = _mentions("Foundation of Odessa\nThe Carnegie Foundation of New York paid for the school.\n")
    assert found.get("Odessa") == "LOC" and "Foundation of Odessa" not in found
    assert found.get("Carnegie Foundation of New York") == "ORG"


def test_river_word_belongs_to_the_river_name() -> None:
    found = _mentions("The town lay on the delta of the River Vistula. However, the Oder River was frozen.\n")
    assert "River Vistula" in found and "Oder River" in found


def test_ruler_named_in_two_languages_is_one_entity() -> None:
    text = "Le roi Charles XII écrivit. Karel XII verloor de slag. Charles XII then rode south.\n"
    doc = find_mentions(Document(id="t.txt", path="t.txt", text=text), DEFAULTS)
    ids = {m.entity_id for m in doc.mentions if m.text in ("Karel XII", "Charles XII")}
    assert len(ids) == 1


def test_christ_is_a_person_god_is_no_entity() -> None:
    found = _mentions("The clerks of Tver counted the years from the birth of Christ, as God had willed.\n")
    assert found.get("Christ") == "PER"
    assert "God" not in found
