"""Entity detection, resolution and mention finding across the corpus. Pure: articles in, links out.

Three passes, each linear in the size of the corpus:

1. detect: in each article, runs of capitalised words become candidate names, with the evidence
   around them (a title before the name, an appositive role after it, an acronym in brackets, a
   preposition that suggests a place). Rules, not name lists: see names.py for the vocabulary.
2. resolve: across the corpus, surnames join the full name, acronyms join what they abbreviate,
   the curated registry corrects names and types, and each entity gets a type and a stable id.
3. find: one Aho-Corasick automaton over every known surface form finds every mention in every
   article at once, so the cost grows with the text, not with entities x articles.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import ahocorasick

from .model import Article, Entity, Mention
from .names import (
    EVENT_WORDS,
    INSTITUTIONS,
    MULTI_WORD_PLACES,
    NAME_CONNECTORS,
    NATIONALITIES,
    ORGANISATION_WORDS,
    PLACE_ALIASES,
    PLACE_FOLLOWERS,
    PLACE_NAMES,
    PLACE_PREPOSITIONS,
    PLACE_WORDS,
    ROLE_NOUNS,
    ROLE_QUALIFIERS,
    ROLE_TITLES,
    SENTENCE_OPENERS,
    SPEECH_VERBS,
    WEEKDAYS_MONTHS,
)
from .registry import EMPTY_REGISTRY, Registry, RegistryEntry
from .slugs import slug_for, unique_slugs
from .text import sentence_spans

# The first mentions of a name decide its type and roles; later ones (newest articles come first) are
# left to pass 3, which counts every mention. Keeps detection near-constant per recurring name.
CONTEXT_SAMPLE = 200
CAPTION = -1  # Mention.paragraph of a mention in the photo caption (render keeps the caption's links last)
TYPE_DIRS = {"person": "people", "organisation": "organisations", "place": "places", "event": "events"}


@dataclass(frozen=True, slots=True)
class EntityLinks:
    entities: tuple[Entity, ...]
    mentions: tuple[tuple[Mention, ...], ...]  # one tuple per article, in input order


def link_entities(articles: Sequence[Article], registry: Registry | None = None) -> EntityLinks:
    """Find the people, organisations, places and named events each article names, and resolve
    them across the corpus so that "Umerov" in one article and "Rustem Umerov" in another are one page."""
    registry = registry or EMPTY_REGISTRY
    evidence = _Evidence()
    texts = [_ArticleText.of(article) for article in articles]
    for article, text in zip(articles, texts, strict=True):
        _detect_article(text.text, article, evidence)
    resolved = _resolve(evidence, registry)
    return _find_mentions(texts, resolved)


@dataclass(frozen=True, slots=True)
class _ArticleText:
    """An article's caption and paragraphs as one text (blank lines between), and where each starts."""

    parts: list[tuple[int, str]]  # (Mention.paragraph, text)
    starts: list[int]
    text: str

    @classmethod
    def of(cls, article: Article) -> _ArticleText:
        parts = [(CAPTION, article.caption)] if article.caption else []
        parts.extend((index, paragraph.text) for index, paragraph in enumerate(article.paragraphs))
        starts, position = [], 0
        for _, text in parts:
            starts.append(position)
            position += len(text) + 2
        return cls(parts, starts, "\n\n".join(text for _, text in parts))


# --- pass 1: detection --------------------------------------------------------------------------


def _char_class(predicate) -> str:
    """A regex character class of every BMP character for which `predicate` holds (Unicode upper case)."""
    ranges: list[str] = []
    start = previous = None
    for code in range(0x10000):
        if predicate(chr(code)):
            if start is None:
                start = code
            previous = code
        elif start is not None:
            ranges.append(re.escape(chr(start)) + ("-" + re.escape(chr(previous)) if previous != start else ""))
            start = None
    return "[" + "".join(ranges) + "]"


_UP = _char_class(str.isupper)
_TOKEN_REST = rf"(?:\.(?:{_UP}\.)+|[\w\-]*(?:['’]\w+)*)"  # after the capital: "U.S.", "Dolmabahçe", "O'Brien"
_CONNECTOR = "|".join(NAME_CONNECTORS)
# A run of capitalised words joined by single spaces, optionally through a lower-case connector. The
# look-behind comes after the first capital (same meaning) so the engine can skip ahead to capitals.
_RUN = re.compile(rf"{_UP}(?<![\w'’.]{_UP}){_TOKEN_REST}(?:(?: (?:{_CONNECTOR}))? {_UP}{_TOKEN_REST})*")
_WORD_AFTER = re.compile(r" ([\w'’\-]+)")
_ACRONYM_AFTER = re.compile(r" \((?P<acronym>[A-Z][A-Z0-9&]{1,9})\)")
_ROLE_NOUN = "|".join(sorted(ROLE_NOUNS, key=len, reverse=True))
_ROLE_BEFORE = re.compile(
    rf"(?<![\w'’])(?P<role>(?:(?:{_UP}[\w.\-]*(?:['’]s)?|former|deputy|senior|chief|top|special|acting|presidential|"
    rf"foreign|defense|defence|then|longtime) )*(?:{_ROLE_NOUN})) $"
)
_ROLE_PHRASE = (
    r"(?P<role>[\w'’\- ]{2,70}?)(?= who\b| which\b| that\b| whose\b| and\b| at\b| in\b| on\b| since\b|[,.;:)]|$)"
)
_APPOSITIVE = re.compile(rf", (?:a|an|the) {_ROLE_PHRASE}")
_SERVED_AS = re.compile(
    rf"(?:, (?:a|an|the) [\w'’\- ]{{0,60}}?)?,? who (?:also |previously |once |later )?(?:has |had )?"
    rf"(?:served|serves|worked|works|acted|acts|was appointed|became) as (?:a |an |the )?{_ROLE_PHRASE}"
)
_QUOTED = r"(?:[^\"”’'\n]|['’](?=\w)){2,60}?"  # an apostrophe inside a word ("Spider's") does not close
# Operation "Spider's Web" / the “Spider’s Web” operation: a quoted name next to the word is an event.
_OPERATION = re.compile(
    rf"\b(?:Operation|operation) [\"“‘'](?P<name>{_QUOTED})[,.]?[\"”’'](?!\w)"
    rf"|(?<!\w)[\"“‘'](?P<name2>{_QUOTED})[,.]?[\"”’'] (?:[Oo]peration|[Oo]ffensive|[Cc]ampaign)\b"
)
_ABBREVIATION_END = re.compile(
    r"(?:\b(?:[A-Z]\.)+|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sgt|Capt|Sen|Rep|Gov|Prof|Jr|Sr|No|vs|Adm|Rev))\.$"
)
_OPENING = " \u00a0\"'“‘«(”’»"
_NOT_NAMES = ROLE_TITLES | ROLE_QUALIFIERS | ORGANISATION_WORDS | PLACE_WORDS | EVENT_WORDS | SENTENCE_OPENERS


@dataclass(slots=True)
class _Stats:
    """Everything detection saw about one candidate name across the corpus."""

    count: int = 0
    person: int = 0  # a title, role noun or appositive role next to it
    place: int = 0  # "in X", "X region"
    actor: int = 0  # "X said"
    event: int = 0  # Operation "X"
    roles: list[str] = field(default_factory=list)
    acronyms: list[str] = field(default_factory=list)
    the_form: bool = False


@dataclass(slots=True)
class _Evidence:
    """What pass 1 gathers over the whole corpus, plus its caches (the same runs recur in every article)."""

    names: dict[str, _Stats] = field(default_factory=lambda: defaultdict(_Stats))
    organisation_hints: Counter = field(default_factory=Counter)  # names in credit lines and sources
    pieces: dict[str, list] = field(default_factory=dict)  # run text -> its pieces (runs recur)
    runs_seen: dict[str, int] = field(default_factory=dict)
    shapes: dict[tuple, object] = field(default_factory=dict)  # (tokens, sentence start) -> _shape(...)

    def add(self, name: str) -> _Stats:
        stats = self.names[name]
        stats.count += 1
        return stats


def _detect_article(text: str, article: Article, evidence: _Evidence) -> None:
    _detect_text(text, evidence)
    # Credit lines name news organisations: "Reuters contributed reporting.", "Photographer / TASS".
    for line in (article.credit, article.photo_credit.rsplit("/", 1)[-1], article.source_name):
        for match in _RUN.finditer(line):
            evidence.organisation_hints[match.group().removeprefix("The ")] += 1


def _detect_text(text: str, evidence: _Evidence) -> None:
    """Candidates in one article's text (caption and paragraphs joined by blank lines)."""
    masked = text
    if "peration" in text or "ffensive" in text or "ampaign" in text:
        for match in _OPERATION.finditer(text):
            name = (match["name"] or match["name2"]).strip()
            if name[:1].isupper():
                evidence.add(name).event += 1
                masked = masked[: match.start()] + " " * (match.end() - match.start()) + masked[match.end() :]
    pieces_of = evidence.pieces
    seen = evidence.runs_seen
    for match in _RUN.finditer(masked):
        run = match.group()
        times = seen.get(run, 0)
        if times >= CONTEXT_SAMPLE:
            continue  # a name seen this often has told us all its context will: skip the work
        seen[run] = times + 1
        pieces = pieces_of.get(run)
        if pieces is None:
            pieces = pieces_of[run] = [(at - match.start(), tuple(t), p) for at, t, p in _pieces(match.start(), run)]
        offset = match.start()
        for at, tokens, possessive in pieces:
            _candidate(text, offset + at, tokens, possessive, evidence)


_PARTICLES = frozenset(("de", "da", "di", "del", "der", "van", "von", "bin", "al", "la", "le"))


def _pieces(offset: int, run: str) -> Iterator[tuple[int, list[str], bool]]:
    """Split a run at possessives ("Russia's delegation") and at connectors that do not join a name.

    A connector ("of", "for the") stays inside a name only after a head noun or title ("Security
    Service of Ukraine", "Secretary of State"), inside a name that already has one, or as a particle
    of a person's name ("Ludwig van Beethoven"); "Istanbul for the Kremlin" is two names.
    """
    words: list[tuple[int, str]] = []
    position = offset
    for word in run.split(" "):
        words.append((position, word))
        position += len(word) + 1
    tokens: list[str] = []
    start = offset
    i = 0
    while i < len(words):
        at, word = words[i]
        if not word[:1].isupper():
            j = i
            while j < len(words) and not words[j][1][:1].isupper():
                j += 1
            last = tokens[-1] if tokens else ""
            joins = bool(tokens) and (
                last in ORGANISATION_WORDS
                or last in PLACE_WORDS
                or last in EVENT_WORDS
                or last in ROLE_TITLES
                or any(not t[:1].isupper() for t in tokens)
                or word in _PARTICLES
            )
            if joins:
                tokens.extend(w for _, w in words[i:j])
            else:
                if tokens:
                    yield start, tokens, False
                tokens = []
                start = words[j][0] if j < len(words) else position
            i = j
            continue
        ends = word.endswith(("'s", "’s")) and len(word) > 2
        if ends:
            word = word[:-2]
        elif word.endswith(("'", "’")):
            word, ends = word[:-1], True
        if not tokens:
            start = at
        tokens.append(word)
        i += 1
        if ends:
            yield start, tokens, True
            tokens = []
    if tokens:
        yield start, tokens, False


def _sentence_initial(text: str, start: int) -> bool:
    if start > 1 and text[start - 1] == " " and (text[start - 2].isalnum() or text[start - 2] in ",;-"):
        return False  # the common case: a word and a space before it
    i = start - 1
    while i >= 0 and text[i] in _OPENING:
        i -= 1
    if i < 0:
        return True
    if text[i] in "!?…:\n":  # "\n": the blank line between paragraphs
        return True
    return text[i] == "." and not _ABBREVIATION_END.search(text, max(0, i - 8), i + 1)


def _previous_word(text: str, start: int) -> tuple[str, str]:
    """The two words before `start`, nearest first (lower-case words only matter here)."""
    before = text[max(0, start - 40) : start].split()
    return (before[-1] if before else "", before[-2] if len(before) > 1 else "")


def _next_word(text: str, end: int) -> str:
    found = _WORD_AFTER.match(text, end)
    return found[1] if found else ""


def _role_prefix(tokens: list[str]) -> int:
    """How many leading tokens are a title ("U.S. Secretary of State"), or 0."""
    end = 0
    i = 0
    while i < len(tokens):
        if tokens[i] in ROLE_TITLES:
            end = i + 1
            # "Secretary of State", "Minister of Defense": the connector and qualifier belong to the title
            while end + 1 < len(tokens) and tokens[end] in ("of", "for") and tokens[end + 1] in ROLE_QUALIFIERS:
                end += 2
            i = end
            continue
        i += 1
    return end


def _is_name_token(token: str) -> bool:
    return token[:1].isupper() and token not in ROLE_TITLES and token not in ROLE_QUALIFIERS


def _shape(tokens: tuple[str, ...], initial: bool) -> tuple[int, str, str, bool] | None:
    """What a run of capitalised words names, from the words alone: (offset, name, title, single) or None.

    Cached per run, since the same names recur across a corpus; context is looked at in `_candidate`.
    """
    offset = 0
    title = ""
    cut = _role_prefix(tokens)
    if cut:
        rest = tokens[cut:]
        if not rest or not all(_is_name_token(t) for t in rest if t[:1].isupper()) or not rest[0][:1].isupper():
            return None  # a bare title: "President", "Defense Minister"
        title = " ".join(tokens[:cut])
        offset = len(title) + 1
        tokens = rest
        initial = False
    elif initial:
        first = tokens[0]
        if first in SENTENCE_OPENERS or (
            len(tokens) > 1 and len(first) > 4 and first.lower().endswith(("ly", "ed", "ing"))
        ):
            offset += len(first) + 1
            tokens = tokens[1:]
            while tokens and not tokens[0][:1].isupper():  # "Of the ..." left dangling
                offset += len(tokens[0]) + 1
                tokens = tokens[1:]
            initial = False  # the opener took the sentence's capital letter: what follows is a name
    while tokens and (tokens[-1] in NATIONALITIES or not tokens[-1][:1].isupper()):  # "Freed Ukrainian soldiers"
        tokens = tokens[:-1]
    if not tokens:
        return None
    single = len(tokens) == 1
    if single:
        token = tokens[0]
        if len(token) < 2 or token in WEEKDAYS_MONTHS or token in NATIONALITIES:
            return None
        if token in _NOT_NAMES and token not in INSTITUTIONS and token not in PLACE_NAMES:
            return None
        if "-" in token and all(p in PLACE_NAMES or p in NATIONALITIES for p in token.split("-")):
            return None  # "Russia-Ukraine talks"
        if initial and not (token in PLACE_NAMES or token in INSTITUTIONS or token in PLACE_ALIASES):
            return None  # a capitalised word that may only start the sentence; pass 3 still finds known names
    elif all(t in WEEKDAYS_MONTHS or t in NATIONALITIES or not t[:1].isupper() for t in tokens):
        return None
    return offset, " ".join(tokens), title, single


def _candidate(text: str, start: int, tokens: tuple[str, ...], possessive: bool, ev: _Evidence) -> None:
    """Record one candidate name with the evidence around it: roles, acronym, hints at its type."""
    initial = _sentence_initial(text, start)
    if initial and len(tokens) > 1:
        first = tokens[0]
        if (
            first not in ROLE_TITLES
            and first not in ROLE_QUALIFIERS
            and first not in NATIONALITIES
            and f" {first.lower()} " in text
        ):  # "Earlier Putin said": a word this text also writes in lower case only starts the sentence
            start += len(first) + 1
            tokens = tokens[1:]
            initial = not tokens[0][:1].isupper()
    key = (tokens, initial)
    shape = ev.shapes.get(key, False)
    if shape is False:
        shape = ev.shapes[key] = _shape(tokens, initial)
    if shape is None:
        return
    offset, name, title, single = shape
    start += offset
    end = start + len(name)
    after = _next_word(text, end)
    if after and not possessive and not title and after in ROLE_NOUNS:
        return  # "Kremlin aide": a modifier inside a role phrase, not a mention of its own
    stats = ev.add(name)
    if title:
        stats.person += 1
        _add_role(stats.roles, title)
    if name.startswith("The "):
        stats.the_form = True
    prev, prev2 = _previous_word(text, start)
    if prev == "to" and prev2 == "according":  # "according to Interfax": a source, not a destination
        stats.actor += 1
    elif prev in PLACE_PREPOSITIONS or (prev == "the" and prev2 in PLACE_PREPOSITIONS):
        stats.place += 1
    if after in PLACE_FOLLOWERS:
        stats.place += 1
    elif after in SPEECH_VERBS:
        stats.actor += 1
    if text.startswith(" (", end):
        acronym = _ACRONYM_AFTER.match(text, end)
        if acronym and acronym["acronym"] != name and acronym["acronym"] not in stats.acronyms:
            stats.acronyms.append(acronym["acronym"])
    if not single or title:
        # Roles around a person's name: "Kremlin aide Vladimir Medinsky, a former Culture Minister who ..."
        if not title and prev in ROLE_NOUNS:
            found = _ROLE_BEFORE.search(text, max(0, start - 80), start)
            if found:
                words = found["role"].split(" ")
                while words and words[0] in SENTENCE_OPENERS:
                    words = words[1:]
                if words:
                    _add_role(stats.roles, " ".join(words))
                    stats.person += 1
        if text.startswith(",", end):
            for pattern in (_APPOSITIVE, _SERVED_AS):
                found = pattern.match(text, end)
                if found and _is_role(found["role"]):
                    _add_role(stats.roles, found["role"].strip())
                    stats.person += 1


def _add_role(roles: list[str], role: str) -> None:
    """Keep roles in order of first appearance; "President" adds nothing after "U.S. President"."""
    folded = role.casefold()
    if not any(r.casefold() == folded or r.casefold().endswith(" " + folded) for r in roles):
        roles.append(role)


def _is_role(phrase: str) -> bool:
    words = phrase.split()
    return 0 < len(words) <= 7 and any(w.casefold() in ROLE_NOUNS for w in words)


# --- pass 2: resolution -------------------------------------------------------------------------


@dataclass(slots=True)
class _Draft:
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
class _Resolved:
    drafts: list[_Draft]
    forms: dict[str, list[int]]  # surface form -> draft indexes, most likely first
    full_forms: set[tuple[str, int]]  # (form, draft) pairs that name the entity unambiguously


def _head(tokens: list[str]) -> str:
    for i, token in enumerate(tokens):
        if not token[:1].isupper():
            return tokens[i - 1] if i else token
    return tokens[-1]


def _infer_type(name: str, stats: _Stats, hints: Counter) -> str:
    """The most telling evidence wins: gazetteer, head noun, acronym, credit line, title, context."""
    tokens = name.removeprefix("The ").split(" ")
    head = _head(tokens)
    if name in MULTI_WORD_PLACES or name in PLACE_NAMES or name in PLACE_ALIASES:
        return "place"
    if name in INSTITUTIONS:
        return "organisation"
    if stats.event or tokens[0] == "Operation" or head in EVENT_WORDS:
        return "event"
    if head in ORGANISATION_WORDS:
        return "organisation"
    if head in PLACE_WORDS:
        return "place"
    if any(t in ORGANISATION_WORDS for t in tokens):
        return "organisation"
    if any(t in PLACE_WORDS for t in tokens):
        return "place"
    letters = name.replace(".", "").replace("&", "")
    if letters.isupper() and len(letters) >= 2:
        return "organisation"  # an acronym: TASS, SBU, NATO
    if hints[name.removeprefix("The ")] or stats.the_form:
        return "organisation"
    if stats.person:
        return "person"
    if len(tokens) > 1:
        if any(t in PLACE_NAMES for t in tokens):
            return "organisation"  # "Kyiv Independent", "Moscow Metro"-like names without a head noun
        if stats.place and stats.place >= stats.count / 2:
            return "place"
        return "person"
    if stats.actor > stats.place:
        return "organisation"  # "X said", "according to X", and a place-like use less often
    return "place"


def _resolve(evidence: _Evidence, registry: Registry) -> _Resolved:
    ignored = {name.casefold() for name in registry.ignore}
    by_surface: dict[str, RegistryEntry] = {}
    for entry in registry.entries:
        for surface in (entry.name, *entry.aliases):
            by_surface.setdefault(surface.casefold(), entry)

    # Merge "The Economist" with "Economist"; map short forms of places ("U.S.") to the full name.
    names: dict[str, _Stats] = {}
    for raw, stats in evidence.names.items():
        if raw.casefold() in ignored:
            continue
        key = PLACE_ALIASES.get(raw, raw).replace("’", "'")  # one entity whichever apostrophe the text used
        if key.startswith("The ") and key.removeprefix("The ").casefold() not in ignored:
            key = key.removeprefix("The ")
            stats.the_form = True
        if key in names:
            _merge_stats(names[key], stats)
        else:
            names[key] = stats

    order = sorted(names, key=lambda n: (-names[n].count, n))
    types = {n: _infer_type(n, names[n], evidence.organisation_hints) for n in order}
    # Surnames: "Umerov" joins "Rustem Umerov"; a one-word name that is the last word of a person's name.
    people_by_surname: dict[str, list[str]] = defaultdict(list)
    for n in order:
        tokens = n.split(" ")
        if types[n] == "person" and len(tokens) > 1 and tokens[-1] not in WEEKDAYS_MONTHS:
            people_by_surname[tokens[-1]].append(n)
    acronym_owner: dict[str, str] = {}
    for n in order:
        for acronym in names[n].acronyms:
            acronym_owner.setdefault(acronym, n)

    drafts: list[_Draft] = []
    draft_of: dict[str, int] = {}
    registry_draft: dict[int, int] = {}  # id(entry) -> draft index

    def draft_for(n: str) -> int:
        entry = by_surface.get(n.casefold())
        if entry is not None:
            if id(entry) not in registry_draft:
                registry_draft[id(entry)] = len(drafts)
                drafts.append(
                    _Draft(name=entry.name, type=entry.type or "", description=entry.description, entry=entry)
                )
            return registry_draft[id(entry)]
        if n not in draft_of:
            draft_of[n] = len(drafts)
            drafts.append(_Draft(name=_display_name(n, names[n]), type=types[n]))
        return draft_of[n]

    owner: dict[str, int] = {}
    # Full names first, so that short forms can join them.
    for n in order:
        tokens = n.split(" ")
        if len(tokens) == 1 and n.casefold() not in by_surface:
            if n in acronym_owner and acronym_owner[n] != n:
                continue
            if n in people_by_surname and n not in PLACE_NAMES:
                continue
        owner[n] = draft_for(n)
    for n in order:
        if n in owner:
            continue
        if n in acronym_owner:
            owner[n] = owner.get(acronym_owner[n], draft_for(acronym_owner[n]))
        else:
            owner[n] = owner[people_by_surname[n][0]]

    forms: dict[str, list[int]] = defaultdict(list)
    full_forms: set[tuple[str, int]] = set()

    def add_form(form: str, index: int, full: bool) -> None:
        if form.casefold() in ignored or not form:
            return
        for spelling in dict.fromkeys((form, form.replace("'", "’"))):
            if index not in forms[spelling]:
                forms[spelling].append(index)
            if full:
                full_forms.add((spelling, index))

    for n in order:
        index = owner[n]
        draft = drafts[index]
        stats = names[n]
        draft.count += stats.count
        if not draft.type and draft.entry is not None:
            draft.type = types[n]
        for role in stats.roles:
            _add_role(draft.roles, role)
        add_form(n, index, full=len(n.split(" ")) > 1 or draft.entry is not None or n == draft.name)
        if stats.the_form:
            add_form(f"The {n}", index, full=True)
        for acronym in stats.acronyms:
            if acronym_owner.get(acronym) == n:
                add_form(acronym, index, full=True)
        for short, full in PLACE_ALIASES.items():
            if full == n:
                add_form(short, index, full=True)
    for entry in registry.entries:  # corrections for names detection missed: found by pass 3 all the same
        if id(entry) not in registry_draft:
            registry_draft[id(entry)] = len(drafts)
            drafts.append(_Draft(name=entry.name, type=entry.type or "", description=entry.description, entry=entry))
    for index, draft in enumerate(drafts):
        if draft.entry is not None:
            for surface in (draft.entry.name, *draft.entry.aliases):
                add_form(surface, index, full=True)
            draft.type = draft.type or _infer_type(draft.name, _Stats(), evidence.organisation_hints)
            if draft.type == "person" and " " in draft.name:
                people_by_surname[draft.name.rsplit(" ", 1)[1]].append(draft.name)
                owner.setdefault(draft.name, index)
    # Surnames of people as short forms; shared surnames are resolved per article in pass 3.
    for surname, people in people_by_surname.items():
        for person in people:
            if drafts[owner[person]].type == "person":
                add_form(surname, owner[person], full=False)
    for form, indexes in forms.items():
        indexes.sort(key=lambda i: ((form, i) not in full_forms, -drafts[i].count, drafts[i].name))
    return _Resolved(drafts=drafts, forms=dict(forms), full_forms=full_forms)


def _merge_stats(into: _Stats, other: _Stats) -> None:
    into.count += other.count
    into.person += other.person
    into.place += other.place
    into.actor += other.actor
    into.event += other.event
    into.the_form = into.the_form or other.the_form
    for role in other.roles:
        _add_role(into.roles, role)
    into.acronyms.extend(a for a in other.acronyms if a not in into.acronyms)


def _display_name(name: str, stats: _Stats) -> str:
    return f"The {name}" if stats.the_form and _infer_the(name) else name


def _infer_the(name: str) -> bool:
    """Keep "The" for titles of publications ("The Economist"), not for "The Kremlin" at a sentence start."""
    return name not in INSTITUTIONS and name not in PLACE_NAMES


# --- pass 3: mentions ---------------------------------------------------------------------------


def _find_mentions(texts: Sequence[_ArticleText], resolved: _Resolved) -> EntityLinks:
    drafts = resolved.drafts
    surfaces = sorted(resolved.forms)
    ids = dict(
        zip(
            sorted(range(len(drafts)), key=lambda i: (drafts[i].name.casefold(), i)),
            _entity_ids(sorted(drafts, key=lambda d: d.name.casefold())),
            strict=True,
        )
    )
    automaton = ahocorasick.Automaton()
    for number, surface in enumerate(surfaces):
        automaton.add_word(surface, number)
    if surfaces:
        automaton.make_automaton()
    lengths = [len(s) for s in surfaces]
    candidates = [resolved.forms[s] for s in surfaces]
    full_owners = [[i for i in resolved.forms[s] if (s, i) in resolved.full_forms] for s in surfaces]
    certain = [len(c) == 1 and len(f) == 1 for c, f in zip(candidates, full_owners, strict=True)]
    used_forms: dict[int, dict[int, None]] = defaultdict(dict)
    all_mentions: list[tuple[Mention, ...]] = []
    for item in texts:
        text = item.text
        hits = _matches(automaton, text, lengths) if surfaces else []
        if not hits:
            all_mentions.append(())
            continue
        present = {i for _, _, n in hits for i in full_owners[n]}
        starts, ends = _sentence_bounds(text)
        sentence_cache: dict[int, str] = {}
        mentions: list[Mention] = []
        part_start = part_end = -1
        paragraph = 0
        for start, end, n in hits:
            if certain[n]:
                chosen = candidates[n][0]
            else:
                chosen = next((i for i in candidates[n] if i in present), -1)
                if chosen < 0:
                    if not full_owners[n] and _sentence_initial(text, start) and f" {surfaces[n].lower()} " in text:
                        continue  # a surname with no full name here, starting a sentence, and an ordinary word here
                    chosen = (full_owners[n] or candidates[n])[0]
            if start >= part_end:  # moved into a later paragraph
                part = bisect.bisect_right(item.starts, start) - 1
                part_start = item.starts[part]
                paragraph, part_text = item.parts[part]
                part_end = part_start + len(part_text)
            index = bisect.bisect_right(starts, start) - 1
            sentence = sentence_cache.get(index)
            if sentence is None:  # clipped to the paragraph: a sentence never runs into the next one
                sentence = sentence_cache[index] = text[max(starts[index], part_start) : min(ends[index], part_end)]
            mentions.append(Mention(ids[chosen], paragraph, start - part_start, end - part_start, sentence))
            used_forms[chosen][n] = None
        all_mentions.append(tuple(mentions))

    mentioned = sorted(used_forms, key=lambda i: ids[i])
    entities = tuple(
        Entity(
            id=ids[i],
            name=drafts[i].name,
            type=drafts[i].type,
            aliases=tuple(surfaces[n] for n in used_forms[i] if surfaces[n] != drafts[i].name),
            roles=tuple(drafts[i].roles),
            description=drafts[i].description,
        )
        for i in mentioned
    )
    return EntityLinks(entities=entities, mentions=tuple(all_mentions))


def _matches(automaton: ahocorasick.Automaton, text: str, lengths: list[int]) -> list[tuple[int, int, int]]:
    """Leftmost-longest whole-word matches of known surface forms: (start, end, surface number)."""
    hits: list[tuple[int, int, int]] = []
    size = len(text)
    for last, number in automaton.iter_long(text):
        start = last - lengths[number] + 1
        end = last + 1
        if (start and (text[start - 1].isalnum() or text[start - 1] == "_")) or (
            end < size and (text[end].isalnum() or text[end] == "_")
        ):
            continue  # part of a longer word: "Russia" in "Russian"
        hits.append((start, end, number))
    return hits


def _sentence_bounds(text: str) -> tuple[list[int], list[int]]:
    """Sentence starts and ends in an article's whole text, for bisecting mention offsets."""
    spans = sentence_spans(text) or [(0, len(text))]
    return [a for a, _ in spans], [b for _, b in spans]


def _entity_ids(drafts: list[_Draft]) -> list[str]:
    """`people/rustem-umerov`: type folder and name slug, numbered when two entities share both."""
    return unique_slugs(
        f"{TYPE_DIRS.get(d.type, 'places')}/{slug_for(d.name.replace(chr(39), '').replace('’', ''), fallback='entity')}"
        for d in drafts  # apostrophes dropped: "Spider's Web" -> spiders-web
    )
