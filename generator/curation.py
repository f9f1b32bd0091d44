"""What a curator should look at in what detection found, each with a ready-to-paste correction.

`python -m generator report` prints it and the site shows it (`entities/review.md`). Four kinds of
finding, at most MAX_PER_KIND of each (and how many there are in all):

- likely duplicates: two entities of one type whose names are spelt alike or a letter or two apart
  ("Zelensky" / "Zelenskyy", "Kyiv" / "Kiev");
- types the text contradicts: a place seen with a title, a person seen "in" it, a city seen as a
  side in match reports;
- single-mention entities, which are the likeliest to be noise;
- short forms detection left ambiguous: a surname or acronym that names two entities.

Pure, and no second detection: it reads what link_entities worked out anyway. Each finding carries a
`seeds/entities.yml` fragment, dumped by PyYAML so that any name, however odd, pastes as valid YAML.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from itertools import chain
from operator import itemgetter
from typing import TYPE_CHECKING

import yaml

from .model import Entity, Finding, Review

if TYPE_CHECKING:
    from .mentions import EntityLinks
    from .resolve import Resolved, _Stats

MAX_PER_KIND = 50  # findings kept of each kind: a 10,000-article corpus has thousands of names seen once
KINDS = {
    "duplicate": "Likely duplicates",
    "type": "Types the text contradicts",
    "single": "Named only once",
    "ambiguous": "Short forms that name more than one entity",
}


def review(names: Mapping[str, _Stats], resolved: Resolved, links: EntityLinks) -> Review:
    """The findings, from what entity detection worked out anyway (link_entities): the merged evidence
    of every name, the resolved names and their forms, and every mention found. Entries are written
    (YAML) for the findings kept only."""
    counts = Counter(map(itemgetter(0), chain.from_iterable(links.mentions)))  # mentions per entity id
    found = [entity for entity in links.entities if counts[entity.id]]
    by_name = {entity.name: entity for entity in found}
    votes: dict[str, Counter] = defaultdict(Counter)  # entity name -> votes of every name it owns
    for name, stats in names.items():
        owners = resolved.forms.get(name)
        if owners:
            owner = resolved.drafts[owners[0]].name
            votes[owner].update(person=stats.person, place=stats.place, team=stats.team, actor=stats.actor)
            votes[owner]["country"] += stats.known == "country"
    singles = sorted((entity for entity in found if counts[entity.id] == 1), key=lambda e: e.name.casefold())
    kinds: dict[str, list[_Found]] = {
        "duplicate": _duplicates(found, counts),
        "type": _contradicted(by_name, votes),
        "single": [
            ((e.name,), f"{e.type}, named once in all the articles", (e.id,), {"ignore": [e.name]}) for e in singles
        ],
        "ambiguous": _ambiguous(resolved, by_name, counts),
    }
    return Review(
        tuple(
            Finding(kind, names, why, _yaml(entry), ids)
            for kind in KINDS
            for names, why, ids, entry in kinds[kind][:MAX_PER_KIND]
        ),
        tuple((kind, len(kinds[kind])) for kind in KINDS),
    )


# A finding before its entry is written: names, why, the names' entity ids, the entry as data.
_Found = tuple[tuple[str, ...], str, tuple[str, ...], dict]


def _ambiguous(resolved: Resolved, by_name: dict[str, Entity], counts: Counter) -> list[_Found]:
    """Short forms ("Adams") that name two entities or more, each article taking the one it names in full.
    The entry gives the form to the one mentioned most."""
    findings = []
    for form, owners in sorted(resolved.forms.items()):
        if len(owners) < 2:
            continue
        named = {resolved.drafts[i].name for i in owners if resolved.drafts[i].name in by_name}
        owned = sorted(named, key=lambda name: (-counts[by_name[name].id], name))
        if len(owned) > 1 and form not in owned:
            which = "either" if len(owned) == 2 else f"any of these {len(owned)}"
            why = f"a short form that may name {which}; each article takes the one it names in full"
            ids = ("", *(by_name[name].id for name in owned))
            findings.append(((form, *owned), why, ids, {"entities": [{"name": owned[0], "aliases": [form]}]}))
    return findings


NEAR = 40  # names compared with each name that shares a key with it: a key shared by thousands stays linear


def _duplicates(entities: Sequence[Entity], counts: Counter) -> list[_Found]:
    """Entities of one type whose folded names are the same ("Dolmabahçe" / "Dolmabahce") or one letter
    apart ("zelensky" / "zelenskyy"), or of one length with the same consonants, as transliterations
    differ ("kyiv" / "kiev"). The entry keeps the name mentioned most (the corpus' own spelling), the
    other becoming its alias.

    Names one letter apart share a key: the name with one letter taken out, or the shorter name itself
    (hashes of them, so a long name holds no copies); transliterations share their consonants. Only
    names sharing a key are compared, so the work grows with the number of names."""
    folded = [_fold(entity.name) for entity in entities]
    first: dict[int, int] = {}  # key -> the first name holding it (most keys are held by one name)
    sharing: dict[int, list[int]] = {}  # key -> every name holding it, for keys held by two or more
    for i, (entity, name) in enumerate(zip(entities, folded, strict=True)):
        if len(name) < 4:
            continue
        kind = entity.type + "\0"
        keys = {hash(kind + name), hash((kind, len(name), _skeleton(name)))}
        keys.update([hash(kind + name[:k] + name[k + 1 :]) for k in range(len(name))])
        for key in keys:
            holder = first.setdefault(key, i)
            if holder != i:
                sharing.setdefault(key, [holder]).append(i)
    pairs: set[tuple[int, int]] = set()
    for members in sharing.values():
        members.sort(key=folded.__getitem__)
        pairs.update((i, j) for n, i in enumerate(members) for j in members[n + 1 : n + 1 + NEAR])
    findings = []
    for i, j in pairs:
        first, second, a, b = entities[i], entities[j], folded[i], folded[j]
        if first.type != second.type:
            continue  # a hash shared by chance
        distance = _distance(a, b)
        if (
            distance == 0
            or (distance == 1 and len(a) >= 5)
            or (distance == 2 and len(a) == len(b) and _skeleton(a) == _skeleton(b))
        ):
            keep, other = sorted((first, second), key=lambda e: (-counts[e.id], len(e.name), e.name))
            apart = f"{distance} letter{'s' if distance > 1 else ''} apart" if distance else "alike but for accents"
            entry = {"entities": [{"name": keep.name, "aliases": [other.name]}]}
            findings.append(((keep.name, other.name), f"two {first.type} pages, {apart}", (keep.id, other.id), entry))
    return sorted(findings, key=lambda found: (found[0][0].casefold(), found[0], found[2]))


def _contradicted(by_name: dict[str, Entity], votes: dict[str, Counter]) -> list[_Found]:
    findings = []
    for name in sorted(votes):
        entity = by_name.get(name)
        if entity is None:
            continue
        seen = votes[name]
        suggestion, why = "", ""
        if entity.type == "place" and seen["person"]:
            suggestion, why = "person", f"typed a place, but seen with a title or role {seen['person']} time(s)"
        elif entity.type == "person" and seen["place"] >= 2 and not seen["person"]:
            suggestion, why = "place", f'typed a person, but seen as a place ("in ...") {seen["place"]} times'
        elif entity.type == "place" and seen["team"] >= 2 and not seen["country"]:  # a country's side is the country
            suggestion, why = "organisation", f"typed a place, but seen as a side in match reports {seen['team']} times"
        elif entity.type == "organisation" and seen["place"] > max(seen["actor"], seen["team"]) and seen["place"] >= 2:
            suggestion, why = "place", f'typed an organisation, but seen as a place ("in ...") {seen["place"]} times'
        if suggestion:
            findings.append(((name,), why, (entity.id,), {"entities": [{"name": name, "type": suggestion}]}))
    return findings


def _skeleton(folded: str) -> str:
    """The consonants of a folded name ("kyiv" and "kiev": "kv")."""
    return folded.translate(_VOWELS)


_VOWELS = str.maketrans("", "", "aeiouy")


def _fold(name: str) -> str:
    """The letters and digits of a name, lower case, accents taken off ("Dolmabahçe" -> "dolmabahce")."""
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKD", name.casefold()))


_NOT_ALNUM = re.compile(r"[\W_]+")  # \w is what str.isalnum() accepts, and "_"


def _distance(a: str, b: str) -> int:
    """Levenshtein distance, stopping early: only 0, 1, 2 or "more" (3) matter here. The common start
    and end are taken off first (they change nothing), so two names a letter apart cost a few steps."""
    size = min(len(a), len(b))
    start = 0
    while start < size and a[start] == b[start]:
        start += 1
    end = 0
    while end < size - start and a[-1 - end] == b[-1 - end]:
        end += 1
    a, b = a[start : len(a) - end], b[start : len(b) - end]
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > 2:
            return 3
        previous = current
    return min(previous[-1], 3)


def _yaml(data: dict) -> str:
    """An entry as YAML: PyYAML quotes whatever needs it, so any name pastes back as the same string;
    one line per item, however long the name (libyaml's emitter when installed, the same text faster)."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(
        data, Dumper=dumper, allow_unicode=True, sort_keys=False, default_flow_style=None, width=4096
    ).strip()


def format_report(found: Review) -> str:
    """The report as text: a section per kind, each finding with its entry, indented to paste."""
    totals = dict(found.totals)
    lines = []
    for kind, title in KINDS.items():
        items = [f for f in found.findings if f.kind == kind]
        shown = f"{len(items)} of {totals[kind]:,}" if totals.get(kind, 0) > len(items) else f"{len(items)}"
        lines.append(f"## {title} ({shown})")
        lines.append("")
        for finding in items:
            lines.append(f"- {' / '.join(finding.names)}: {finding.why}")
            lines.extend("    " + line for line in finding.entry.splitlines())
        if not items:
            lines.append("(none)")
        lines.append("")
    lines.append("Paste an entry into seeds/entities.yml (merging the entities: and ignore: lists) and build again.")
    return "\n".join(lines)
