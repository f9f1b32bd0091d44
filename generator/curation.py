"""What a curator should look at in what detection found, each with a ready-to-paste correction.

`python -m generator report` prints it. Four kinds of finding, each bounded in number:

- likely duplicates: two entities of one type whose names are a letter or two apart
  ("Zelensky" / "Zelenskyy", "Kyiv" / "Kiev");
- types the text contradicts: a place seen with a title, a person seen "in" it, a city seen as a
  side in match reports;
- single-mention entities, which are the likeliest to be noise;
- short forms detection left ambiguous: a surname or acronym that names two entities.

Pure: the articles and their evidence in, findings out. Each finding carries a `seeds/entities.yml`
fragment, dumped by PyYAML so that any name, however odd, pastes as valid YAML.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import yaml

from .detect import ArticleEvidence
from .mentions import find_mentions
from .model import Article
from .registry import EMPTY_REGISTRY, Registry
from .resolve import merge_evidence, resolve_names

MAX_PER_KIND = 50


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str  # "duplicate" | "type" | "single" | "ambiguous"
    names: tuple[str, ...]
    why: str
    entry: str  # YAML for seeds/entities.yml


def curation_report(
    articles: Sequence[Article], evidence: Sequence[ArticleEvidence], registry: Registry = EMPTY_REGISTRY
) -> list[Finding]:
    names, hints = merge_evidence(evidence)
    resolved = resolve_names(names, hints, registry)
    links = find_mentions(articles, resolved)
    counts = Counter(mention.entity_id for mentions in links.mentions for mention in mentions)
    found = [entity for entity in links.entities if counts[entity.id]]
    findings = _duplicates(found)
    by_name = {entity.name: entity for entity in found}
    votes: dict[str, Counter] = defaultdict(Counter)  # entity name -> votes of every name it owns
    for name, stats in names.items():
        owners = resolved.forms.get(name)
        if owners:
            owner = resolved.drafts[owners[0]].name
            votes[owner].update(person=stats.person, place=stats.place, team=stats.team, actor=stats.actor)
            votes[owner]["country"] += stats.known == "country"
    findings += _contradicted(by_name, votes)
    singles = sorted((entity for entity in found if counts[entity.id] == 1), key=lambda e: e.name.casefold())
    findings += [
        Finding("single", (e.name,), f"{e.type}, named once in all the articles", _yaml({"ignore": [e.name]}))
        for e in singles[:MAX_PER_KIND]
    ]
    ambiguous = []
    for form, owners in sorted(resolved.forms.items()):
        owned = sorted({resolved.drafts[i].name for i in owners if resolved.drafts[i].name in by_name})
        if len(owned) > 1 and form not in owned:
            entry = _yaml({"entities": [{"name": owned[0], "aliases": [form]}]})
            why = f'"{form}" may name {" or ".join(owned)}; each article takes the one it names in full'
            ambiguous.append(Finding("ambiguous", (form, *owned), why, entry))
    return findings + ambiguous[:MAX_PER_KIND]


def _duplicates(entities: Sequence) -> list[Finding]:
    """Entities of one type whose folded names are one letter apart ("zelensky" / "zelenskyy"), or two
    with the same consonants, as transliterations differ ("kyiv" / "kiev"); compared only within a type
    and a first letter, lengths close."""
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for entity in entities:
        folded = _fold(entity.name)
        if len(folded) >= 4:
            groups[(entity.type, folded[0])].append((folded, entity))
    findings = []
    for members in groups.values():
        members.sort(key=lambda item: item[0])
        for i, (a, first) in enumerate(members):
            for b, second in members[i + 1 : i + 40]:  # bounded: a group of thousands stays linear
                if abs(len(a) - len(b)) > 2:
                    continue
                distance = _distance(a, b)
                if (distance == 1 and len(a) >= 5) or (
                    distance == 2 and len(a) == len(b) and _skeleton(a) == _skeleton(b)
                ):
                    keep, other = sorted((first.name, second.name), key=lambda n: (len(n), n))
                    entry = _yaml({"entities": [{"name": keep, "aliases": [other]}]})
                    why = f"two {first.type} pages, {distance} letter{'s' if distance > 1 else ''} apart"
                    findings.append(Finding("duplicate", (keep, other), why, entry))
    return findings[:MAX_PER_KIND]


def _contradicted(by_name: dict, votes: dict[str, Counter]) -> list[Finding]:
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
            entry = _yaml({"entities": [{"name": name, "type": suggestion}]})
            findings.append(Finding("type", (name,), why, entry))
    return findings[:MAX_PER_KIND]


def _skeleton(folded: str) -> str:
    return "".join(c for c in folded if c not in "aeiouy")


def _fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if c.isalnum())


def _distance(a: str, b: str) -> int:
    """Levenshtein distance, stopping early: only 0, 1, 2 or "more" (3) matter here."""
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
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None).strip()


def format_report(findings: Sequence[Finding]) -> str:
    """The report as text: a section per kind, each finding with its entry, indented to paste."""
    titles = {
        "duplicate": "Likely duplicates",
        "type": "Types the text contradicts",
        "single": "Named only once",
        "ambiguous": "Short forms that name more than one entity",
    }
    lines = []
    for kind, title in titles.items():
        items = [f for f in findings if f.kind == kind]
        lines.append(f"## {title} ({len(items)})")
        lines.append("")
        for finding in items:
            lines.append(f"- {' / '.join(finding.names)}: {finding.why}")
            lines.extend("    " + line for line in finding.entry.splitlines())
        if not items:
            lines.append("(none)")
        lines.append("")
    lines.append("Paste an entry into seeds/entities.yml (merging the entities: and ignore: lists) and build again.")
    return "\n".join(lines)
