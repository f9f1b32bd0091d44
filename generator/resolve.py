"""Pass 2 of entity detection: every article's evidence merged, and names resolved across the corpus.

Surnames join the full name ("Umerov" -> "Rustem Umerov"), acronyms join what they abbreviate, the
curated registry corrects names and types, and each entity gets a type.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from .detect import ArticleEvidence, head_noun
from .names import (
    COUNTRY_NAMES,
    EVENT_WORDS,
    INSTITUTIONS,
    KNOWN_PEOPLE,
    MULTI_WORD_PLACES,
    NATIONALITIES,
    NEWS_AGENCIES,
    ORGANISATION_WORDS,
    PLACE_ALIASES,
    PLACE_NAMES,
    PLACE_WORDS,
    ROLE_QUALIFIERS,
    ROLE_TITLES,
    SENTENCE_OPENERS,
    STOP_WORDS,
    WEEKDAYS_MONTHS,
)
from .registry import Registry, RegistryEntry
from .roles import add_role


@dataclass(slots=True)
class _Stats:
    """Everything detection saw about one candidate name across the corpus: votes for each type."""

    count: int = 0
    person: int = 0  # a title, role noun or appositive role next to it
    place: int = 0  # "in X", "X region", a dateline
    actor: int = 0  # "X said"
    event: int = 0  # Operation "X"
    team: int = 0  # "X beat Y", "X 320": a side in a match report
    known: str = ""  # what a gazetteer knows of it (detect._known)
    roles: list[str] = field(default_factory=list)
    acronyms: list[str] = field(default_factory=list)
    the_form: bool = False
    spellings: list[str] = field(default_factory=list)  # other surface forms merged into this name


_VOTES = ("person", "place", "actor", "event", "team")


def merge_evidence(evidence: Sequence[ArticleEvidence]) -> tuple[dict[str, _Stats], set[str]]:
    """Every article's evidence added up, in corpus order (roles keep the order they first appear in),
    and the names in credit lines."""
    names: dict[str, _Stats] = {}
    hints: set[str] = set()
    for item in evidence:
        for name, n in item.names.items():
            stats = names.get(name)
            if stats is None:
                stats = names[name] = _Stats(the_form=name.startswith("The "), known=item.known.get(name, ""))
            stats.count += n
        for vote in _VOTES:
            for name, n in getattr(item, vote).items():
                stats = names.get(name)
                if stats is not None:
                    setattr(stats, vote, getattr(stats, vote) + n)
        for name, found in item.roles.items():
            for role in found:
                add_role(names[name].roles, role)
        for name, found in item.acronyms.items():
            into = names[name].acronyms
            into.extend(a for a in found if a not in into)
        hints.update(item.hints)
    return names, hints


@dataclass(slots=True)
class Draft:
    """An entity being assembled from candidate names (and perhaps a registry entry)."""

    name: str
    type: str = ""
    forms: list[str] = field(default_factory=list)  # surface forms, full forms first
    surnames: list[str] = field(default_factory=list)  # short forms that another entity may share
    roles: list[str] = field(default_factory=list)
    description: str = ""
    count: int = 0
    entry: RegistryEntry | None = None


@dataclass(slots=True)
class Resolved:
    drafts: list[Draft]
    forms: dict[str, list[int]]  # surface form -> draft indexes, most likely first
    full_forms: set[tuple[str, int]]  # (form, draft) pairs that name the entity unambiguously


def _infer_type(name: str, stats: _Stats, hints: set[str]) -> str:
    """The most telling evidence wins: the word lists and gazetteers, the head noun, an acronym, a
    credit line, a title or role; then the votes of the contexts it was seen in."""
    tokens = name.removeprefix("The ").split(" ")
    head = head_noun(tokens)
    known = stats.known
    sides = stats.team and stats.team >= stats.place  # seen as a side in match reports more than as a place
    if name in INSTITUTIONS or name in NEWS_AGENCIES:
        return "organisation"
    if name in KNOWN_PEOPLE:
        return "person"
    compass = len(tokens) > 1 and tokens[0] in _COMPASS and known not in ("first name", "initial")
    if compass and not sides and head not in ORGANISATION_WORDS:
        return "place"  # "South Korea", "West Indies", "East Timor"
    if name in MULTI_WORD_PLACES or name in PLACE_NAMES or name in PLACE_ALIASES or known in ("country", "big place"):
        # A country's side is still the country (news reports "Japan beat Syria"); a city's is its club.
        country = known == "country" or name in COUNTRY_NAMES or name in MULTI_WORD_PLACES
        return "organisation" if sides and not country else "place"
    if stats.event or tokens[0] == "Operation" or head in EVENT_WORDS:
        return "event"
    if head in ORGANISATION_WORDS:
        return "organisation"
    if head in PLACE_WORDS:
        # "Manchester City", "Notts County" in match reports; never "Czech Republic"
        return "organisation" if sides and head not in _STATE_WORDS else "place"
    if any(t in ORGANISATION_WORDS for t in tokens):
        return "organisation"
    if any(t in PLACE_WORDS for t in tokens):
        return "place"
    letters = name.replace(".", "").replace("&", "")
    dateline = stats.place >= stats.count  # in capitals at the head of a story: "ZORIVKA, June 2 (Reuters) -"
    if (
        letters.isupper()
        and len(letters) >= 2
        and " " not in name
        and (len(letters) <= 5 or not known)
        and not dateline
    ):
        return "organisation"  # an acronym: TASS, SBU, NATO
    if name.removeprefix("The ") in hints or stats.the_form:
        return "organisation"
    if known in ("initial", "first name", "given name") or stats.person or _PATRONYMIC.search(name):
        return "person"
    if known == "place":
        return "organisation" if sides else "place"
    if len(tokens) > 1:
        if known == "named after a place" and not (stats.place and stats.place >= stats.count / 2):
            return "organisation"  # "Atlanta Braves", "Arminia Bielefeld", "Kyiv Independent"
        if any(t in PLACE_NAMES for t in tokens):
            return "organisation"  # "Kyiv Independent", "Moscow Metro"-like names without a head noun
        if stats.place and stats.place >= stats.count / 2:
            return "place"
        if sides:
            return "organisation"
        return "person"
    if sides or stats.actor > stats.place or not stats.place:
        return "organisation"  # "X said", "according to X", never "in X" or "X region"
    return "place"


_COMPASS = frozenset(("North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Central"))
_STATE_WORDS = frozenset(("Republic", "Kingdom", "States", "Emirates", "Islands", "Federation"))
_PATRONYMIC = re.compile(r"\w-(?:ul|ur|ud|al|el|ad|ibn|bin)-\w")  # "Inzamam-ul-Haq", "Ata-ur-Rehman"


def resolve_names(found: dict[str, _Stats], hints: set[str], registry: Registry) -> Resolved:
    """Each candidate name joined to the entity it names, every entity with a type and the surface
    forms pass 3 looks for."""
    ignored = {name.casefold() for name in registry.ignore}
    names = _canonical_names(found, ignored)
    _name_known_people(names)
    order = sorted(names, key=lambda n: (-names[n].count, n))
    types = {n: _infer_type(n, names[n], hints) for n in order}
    surnames = _people_by_surname(names, order, types)
    acronym_owner: dict[str, str] = {}
    for n in order:
        for acronym in names[n].acronyms:
            acronym_owner.setdefault(acronym, n)

    drafts = _Drafts(registry, names, types)
    owner: dict[str, int] = {}
    for n in order:  # full names first, so that short forms can join them
        short = " " not in n and not drafts.in_registry(n)
        if short and (acronym_owner.get(n, n) != n or (n in surnames and n not in PLACE_NAMES)):
            continue
        owner[n] = drafts.for_name(n)
    for n in order:
        if n not in owner:
            long_form = acronym_owner.get(n) or surnames[n][0]
            owner[n] = owner.get(long_form, drafts.for_name(long_form))

    forms = _FormTable(ignored)
    for n in order:
        index = owner[n]
        draft = drafts.items[index]
        stats = names[n]
        draft.count += stats.count
        if not draft.type and draft.entry is not None:
            draft.type = types[n]
        for role in stats.roles:
            add_role(draft.roles, role)
        forms.add(n, index, full=" " in n or draft.entry is not None or n == draft.name)
        if stats.the_form:
            forms.add(f"The {n}", index, full=True)
        for spelling in stats.spellings:
            forms.add(spelling, index, full=True)
        for acronym in stats.acronyms:
            if acronym_owner.get(acronym) == n:
                forms.add(acronym, index, full=True)
        for short, long_form in PLACE_ALIASES.items():
            if long_form == n:
                forms.add(short, index, full=True)
    for position in range(len(registry.entries)):  # entries detection missed: pass 3 finds them all the same
        drafts.for_entry(position)
    for index, draft in enumerate(drafts.items):
        if draft.entry is not None:
            for surface in (draft.entry.name, *draft.entry.aliases):
                forms.add(surface, index, full=True)
            draft.type = draft.type or _infer_type(draft.name, _Stats(), hints)
            if draft.type == "person" and " " in draft.name:
                surnames[draft.name.rsplit(" ", 1)[1]].append(draft.name)
                owner.setdefault(draft.name, index)
    # Surnames of people as short forms; shared surnames are resolved per article in pass 3.
    for surname, people in surnames.items():
        for person in people:
            if drafts.items[owner[person]].type == "person":
                forms.add(surname, owner[person], full=False)
    return Resolved(drafts=drafts.items, forms=forms.ranked(drafts.items), full_forms=forms.full)


def _canonical_names(found: dict[str, _Stats], ignored: set[str]) -> dict[str, _Stats]:
    """Candidates merged under one spelling: "The Economist" with "Economist", short forms of places
    ("U.S.") with the full name, curly apostrophes with straight ones; ignored names dropped."""
    names: dict[str, _Stats] = {}
    for raw, stats in found.items():
        if raw.casefold() in ignored:
            continue
        key = PLACE_ALIASES.get(raw, raw).replace("’", "'")
        if key.isupper() and stats.known and stats.known != "initial" and stats.team <= stats.place:
            # Not when the capitals are a side in a table ("CHICAGO 73 57"): the club, not the city.
            key = key.title()  # "KYIV, June 2 (Reuters)", "NEW YORK 1996-08-22": the place, as it is written elsewhere
            stats.spellings.append(raw)
        if key.startswith("The ") and key.removeprefix("The ").casefold() not in ignored:
            key = key.removeprefix("The ")
            stats.the_form = True
        if key in names:
            _merge_stats(names[key], stats)
        else:
            names[key] = stats
    return names


def _people_by_surname(names: dict[str, _Stats], order: list[str], types: dict[str, str]) -> dict[str, list[str]]:
    """Surname -> the people of that name, likeliest first: "Umerov" joins "Rustem Umerov"."""
    surnames: dict[str, list[str]] = defaultdict(list)
    for n in order:
        tokens = n.split(" ")
        alone = names.get(tokens[-1])
        if (
            types[n] == "person"
            and len(tokens) > 1
            and distinctive(tokens[-1])
            and not (alone and alone.known in ("country", "big place"))  # "First Chicago"; but "Bob Dole"
        ):
            surnames[tokens[-1]].append(n)
    return surnames


class _Drafts:
    """The entities being assembled: one per registry entry a name matches, else one per name."""

    def __init__(self, registry: Registry, names: dict[str, _Stats], types: dict[str, str]) -> None:
        self.items: list[Draft] = []
        self._entries = registry.entries
        self._names, self._types = names, types
        self._by_surface: dict[str, int] = {}  # casefolded name or alias -> entry position
        for position, entry in enumerate(registry.entries):
            for surface in (entry.name, *entry.aliases):
                self._by_surface.setdefault(surface.casefold(), position)
        self._of_entry: dict[int, int] = {}  # entry position -> draft index
        self._of_name: dict[str, int] = {}

    def in_registry(self, name: str) -> bool:
        return name.casefold() in self._by_surface

    def for_entry(self, position: int) -> int:
        if position not in self._of_entry:
            entry = self._entries[position]
            self._of_entry[position] = len(self.items)
            self.items.append(Draft(name=entry.name, type=entry.type or "", description=entry.description, entry=entry))
        return self._of_entry[position]

    def for_name(self, name: str) -> int:
        position = self._by_surface.get(name.casefold())
        if position is not None:
            return self.for_entry(position)
        if name not in self._of_name:
            self._of_name[name] = len(self.items)
            self.items.append(Draft(name=_display_name(name, self._names[name]), type=self._types[name]))
        return self._of_name[name]


class _FormTable:
    """Surface form -> the drafts it may name; (form, draft) pairs that name it in full."""

    def __init__(self, ignored: set[str]) -> None:
        self.ignored = ignored
        self.forms: dict[str, list[int]] = defaultdict(list)
        self.full: set[tuple[str, int]] = set()

    def add(self, form: str, index: int, full: bool) -> None:
        if not form or form.casefold() in self.ignored:
            return
        for spelling in dict.fromkeys((form, form.replace("'", "’"))):
            if index not in self.forms[spelling]:
                self.forms[spelling].append(index)
            if full:
                self.full.add((spelling, index))

    def ranked(self, drafts: list[Draft]) -> dict[str, list[int]]:
        """Each form's drafts, likeliest first: full names, then the most mentioned."""
        for form, indexes in self.forms.items():
            indexes.sort(key=lambda i: ((form, i) not in self.full, -drafts[i].count, drafts[i].name))
        return dict(self.forms)


def _name_known_people(names: dict[str, _Stats]) -> None:
    """A surname alone of a well-known person ("Zelensky") is that person, unless the corpus names
    another person of that surname in full: the full name joins the candidates, and the surname
    then joins it as any surname does."""
    full_names = {n.rsplit(" ", 1)[1]: n for n in names if " " in n}
    for name in [n for n in names if n in KNOWN_PEOPLE]:
        full = KNOWN_PEOPLE[name]
        if full_names.get(name, full) != full:
            continue
        stats = names.setdefault(full, _Stats())
        stats.person += 1
        if full.rsplit(" ", 1)[1] != name:  # another spelling ("Zelenskyy"): the full name's own surname
            names.setdefault(full.rsplit(" ", 1)[1], _Stats())


def distinctive(alias: str) -> bool:
    """Whether a short form may stand for a name wherever the text writes it: never a stop word, a
    pronoun, a single letter, a word of the lists that say what a name is ("League", "Cup"), a
    month, a nationality or a number ("Baudouin I", "World War Two", "German I")."""
    letters = alias.strip(".").replace(".", "")
    return (
        len(letters) > 1
        and not letters.isdigit()
        and not letters.isupper()  # an acronym ("NATO") is never a surname
        and alias not in _NOT_ALIASES
        and alias.title() not in _NOT_ALIASES
        and alias not in PLACE_NAMES
        and alias not in INSTITUTIONS
        and not (set(letters) <= set("IVXL"))  # a regnal number: "Baudouin II"
    )


_NOT_ALIASES = (
    STOP_WORDS
    | SENTENCE_OPENERS
    | WEEKDAYS_MONTHS
    | NATIONALITIES
    | ORGANISATION_WORDS
    | PLACE_WORDS
    | EVENT_WORDS
    | ROLE_TITLES
    | ROLE_QUALIFIERS
)


def _merge_stats(into: _Stats, other: _Stats) -> None:
    into.count += other.count
    into.person += other.person
    into.place += other.place
    into.actor += other.actor
    into.event += other.event
    into.team += other.team
    into.known = into.known or other.known
    into.spellings.extend(other.spellings)
    into.the_form = into.the_form or other.the_form
    for role in other.roles:
        add_role(into.roles, role)
    into.acronyms.extend(a for a in other.acronyms if a not in into.acronyms)


def _display_name(name: str, stats: _Stats) -> str:
    return f"The {name}" if stats.the_form and _infer_the(name) else name


def _infer_the(name: str) -> bool:
    """Keep "The" for titles of publications ("The Economist"), not for "The Kremlin" at a sentence start."""
    return name not in INSTITUTIONS and name not in PLACE_NAMES
