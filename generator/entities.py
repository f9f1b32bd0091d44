"""Entity detection, resolution and mention finding across the corpus. Pure: articles in, links out.

Three passes, each linear in the size of the corpus:

1. detect: in each article on its own (`detect_article`), runs of capitalised words become candidate
   names, with the evidence around them (a title before the name, an appositive role after it, an
   acronym in brackets, a preposition that suggests a place). Rules, not name lists: see names.py for
   the vocabulary. The result depends on that one article only, so it can be cached and computed in
   parallel; `link_entities` takes it precomputed.
2. resolve: across the corpus, surnames join the full name, acronyms join what they abbreviate,
   the curated registry corrects names and types, and each entity gets a type and a stable id.
3. find: one Aho-Corasick automaton over every known surface form finds every mention in every
   article at once, so the cost grows with the text, not with entities x articles.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import ahocorasick

from .cache import Cache
from .model import Article, Entity, Mention, Paragraph
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
from .parallel import fork_map
from .registry import EMPTY_REGISTRY, Registry, RegistryEntry
from .slugs import slug_for, unique_slugs

# Detection looks at the first sightings of a run of capitalised words in each article, and skips
# the rest (pass 3 still finds every mention): the context of the 9th "Moscow" in one article tells
# nothing the first 8 did not, and a long list of names costs no more than it must. Per article, so
# that an article's evidence never depends on the others or on their order.
SIGHTINGS_PER_ARTICLE = 8
_MENTION = functools.partial(tuple.__new__, Mention)  # Mention._make, without its Python-level checks
CAPTION = -1  # Mention.paragraph of a mention in the photo caption (render keeps the caption's links last)
TYPE_DIRS = {"person": "people", "organisation": "organisations", "place": "places", "event": "events"}


@dataclass(frozen=True, slots=True)
class EntityLinks:
    entities: tuple[Entity, ...]
    mentions: tuple[tuple[Mention, ...], ...]  # one tuple per article, in input order
    linked: tuple[tuple[Mention, ...], ...] = ()  # per article: each entity's first linkable mention (_first_linkable)


@dataclass(frozen=True, slots=True)
class ArticleEvidence:
    """What detection saw in one article, before any other article is looked at.

    Plain dicts and tuples of str and int: small, and cheap to pickle, so that the pipeline can cache
    it per seed and compute it in worker processes. The counts are sparse: a name missing from
    `person` was never seen next to a title or role.
    """

    names: dict[str, int]  # candidate name -> times seen
    person: dict[str, int]  # a title, role noun or appositive role next to it
    place: dict[str, int]  # "in X", "X region"
    actor: dict[str, int]  # "X said", "according to X"
    event: dict[str, int]  # Operation "X"
    roles: dict[str, tuple[str, ...]]  # in order of appearance
    acronyms: dict[str, tuple[str, ...]]  # "Security Service of Ukraine (SBU)"
    hints: tuple[str, ...]  # names in credit lines and the source: news organisations


def detect_article(article: Article) -> ArticleEvidence:
    """Pass 1 for one article: the candidate names it contains and the evidence around each.

    Depends on this article alone (never on its neighbours or their order), so the result can be
    cached per seed and computed in any process; `link_entities(..., evidence=...)` takes it back.
    """
    found = _Found()
    _detect_text("\n\n".join(text for _, text in _parts(article)), found)
    # Credit lines name news organisations: "Reuters contributed reporting.", "Photographer / TASS".
    hints = tuple(
        match.group().removeprefix("The ")
        for line in (article.credit, article.photo_credit.rsplit("/", 1)[-1], article.source_name)
        for match in _RUN.finditer(line)
    )
    return ArticleEvidence(
        names=found.names,
        person=found.person,
        place=found.place,
        actor=found.actor,
        event=found.event,
        roles={name: tuple(roles) for name, roles in found.roles.items()},
        acronyms={name: tuple(acronyms) for name, acronyms in found.acronyms.items()},
        hints=hints,
    )


def link_entities(
    articles: Sequence[Article],
    registry: Registry | None = None,
    evidence: Sequence[ArticleEvidence] | None = None,
    memo: Memo | None = None,
) -> EntityLinks:
    """Find the people, organisations, places and named events each article names, and resolve
    them across the corpus so that "Umerov" in one article and "Rustem Umerov" in another are one page.

    `evidence`, when given, is `detect_article(article)` for each article, in the same order (computed
    ahead, in parallel or from a cache); otherwise it is computed here. `memo`, when given, keeps each
    article's mentions from one run to the next while the resolved names stay the same.
    """
    if evidence is None:
        evidence = [detect_article(article) for article in articles]
    elif len(evidence) != len(articles):
        raise ValueError(f"evidence for {len(evidence)} articles, but {len(articles)} articles")
    names, hints = _merge(evidence)
    resolved = _resolve(names, hints, registry or EMPTY_REGISTRY)
    return _find_mentions(articles, resolved, memo)


def _parts(article: Article) -> list[tuple[int, str]]:
    """(Mention.paragraph, text) of the caption, when there is one, and of each paragraph."""
    parts = [(CAPTION, article.caption)] if article.caption else []
    parts.extend((index, paragraph.text) for index, paragraph in enumerate(article.paragraphs))
    return parts


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
_ABBREVIATED_TITLES = frozenset(("Mr", "Mrs", "Ms", "Dr", "St", "Gen", "Lt", "Col", "Sgt", "Capt", "Sen", "Rep", "Gov"))
_ABBREVIATED_TITLES |= {"Prof", "Jr", "Sr", "No", "vs", "Adm", "Rev"}
_ABBREVIATION_END = re.compile(rf"(?:\b(?:[A-Z]\.)+|\b(?:{'|'.join(sorted(_ABBREVIATED_TITLES))}))\.$")
_OPENING = " \u00a0\"'“‘«(”’»"
_NOT_NAMES = ROLE_TITLES | ROLE_QUALIFIERS | ORGANISATION_WORDS | PLACE_WORDS | EVENT_WORDS | SENTENCE_OPENERS


@dataclass(slots=True)
class _Found:
    """ArticleEvidence while one article is being read."""

    names: dict[str, int] = field(default_factory=dict)
    person: dict[str, int] = field(default_factory=dict)
    place: dict[str, int] = field(default_factory=dict)
    actor: dict[str, int] = field(default_factory=dict)
    event: dict[str, int] = field(default_factory=dict)
    roles: dict[str, list[str]] = field(default_factory=dict)
    acronyms: dict[str, list[str]] = field(default_factory=dict)


def _detect_text(text: str, found: _Found) -> None:
    """Candidates in one article's text (caption and paragraphs joined by blank lines)."""
    masked = text
    if "peration" in text or "ffensive" in text or "ampaign" in text:
        for match in _operations(text):
            name = (match["name"] or match["name2"]).strip()
            if name[:1].isupper():
                found.names[name] = found.names.get(name, 0) + 1
                found.event[name] = found.event.get(name, 0) + 1
                masked = masked[: match.start()] + " " * (match.end() - match.start()) + masked[match.end() :]
    plans = _PLANS
    seen: dict[str, int] = {}
    for match in _RUN.finditer(masked):
        run = match.group()
        pieces = plans.get(run)
        if pieces is None:
            if len(plans) >= _PLAN_LIMIT:
                plans.clear()
            pieces = plans[run] = _plan(run)
        if pieces:
            times = seen.get(run, 0)
            if times == SIGHTINGS_PER_ARTICLE:
                continue  # what this article says about the name, its first sightings have said
            seen[run] = times + 1
            offset = match.start()
            for piece in pieces:
                _candidate(text, offset, piece, found)


def _operations(text: str) -> Iterator[re.Match]:
    """_OPERATION's matches, looked for only around the words every match contains.

    The pattern has no literal prefix, so a search through a whole article costs more than the rest
    of its detection, in the many articles that merely mention a "campaign". Every match lies within
    70 characters before and 80 after one of these words, so searching those windows finds the same.
    """
    windows: list[tuple[int, int]] = []
    for word in ("peration", "ffensive", "ampaign"):
        at = text.find(word)
        while at >= 0:
            windows.append((max(0, at - 70), at + 80))
            at = text.find(word, at + 1)
    windows.sort()
    low, high = windows[0]
    for start, end in windows[1:]:
        if start > high:
            yield from _OPERATION.finditer(text, low, high)
            low = start
        high = max(high, end)
    yield from _OPERATION.finditer(text, low, high)


# What each piece of a run may name, worked out once per distinct run: the same runs recur in every
# article, and most ("The", "But", "Monday") name nothing wherever they stand. A cache of a pure
# function, bounded, so it never changes a result.
_PLANS: dict[str, tuple[_Piece, ...]] = {}
_PLAN_LIMIT = 200_000


_Shape = tuple[int, str, str, bool]  # (offset, name, title, single): see _shape


class _Piece(NamedTuple):
    """A piece of a run that may name something, and what it names wherever it stands."""

    at: int  # offset in the run
    possessive: bool  # "Russia's": the next word belongs to the possessive, not to the name
    inside: _Shape | None  # the shape of the piece inside a sentence
    initial: _Shape | None  # ... at the start of a sentence
    fixed: bool  # the same either way: no need to look at the text before it
    opener: str  # " earlier ": a first word that, written in lower case in the text, only starts the sentence
    opener_length: int
    without_opener: _Shape | None


def _plan(run: str) -> tuple[_Piece, ...]:
    """The pieces of a run that may name something, with their shape wherever they stand."""
    plans = []
    for at, words, possessive in _pieces(0, run):
        tokens = tuple(words)
        inside, initial = _shape(tokens, False), _shape(tokens, True)
        first = tokens[0]
        opener, without = "", None
        if len(tokens) > 1 and first not in ROLE_TITLES and first not in ROLE_QUALIFIERS and first not in NATIONALITIES:
            opener = f" {first.lower()} "
            without = _shape(tokens[1:], not tokens[1][:1].isupper())
        if inside is None and initial is None and without is None:
            continue
        fixed = not opener and inside == initial
        plans.append(_Piece(at, possessive, inside, initial, fixed, opener, len(first) + 1, without))
    return tuple(plans)


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
    if text[i] != ".":
        return False
    if text[i - 1] != "." and not any(text[i - n : i] in _ABBREVIATED_TITLES for n in (2, 3, 4)):
        return True  # cheap test first: no abbreviation can end here
    return not _ABBREVIATION_END.search(text, max(0, i - 8), i + 1)


def _role_prefix(tokens: Sequence[str]) -> int:
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


# What the word before a name may say about it: a preposition of place ("in Kyiv"), "the" (after one:
# "in the Kremlin"), "to" (in "according to Interfax") or a role noun ("Kremlin aide Vladimir Medinsky").
_PLACE_BEFORE, _THE, _TO, _ROLE_NOUN_BEFORE = 1, 2, 4, 8
_BEFORE = {
    word: (word in PLACE_PREPOSITIONS) * _PLACE_BEFORE
    | (word == "the") * _THE
    | (word == "to") * _TO
    | (word in ROLE_NOUNS) * _ROLE_NOUN_BEFORE
    for word in (*PLACE_PREPOSITIONS, *ROLE_NOUNS, "the", "to")
}


# The first three letters of every word after a name that tells something about it: a cheap test
# that spares the regex for the words that cannot ("and", "met", "was").
_TELLING_STARTS = frozenset(word[:3] for word in ROLE_NOUNS | PLACE_FOLLOWERS | SPEECH_VERBS)


def _candidate(text: str, offset: int, piece: _Piece, found: _Found) -> None:
    """Record one candidate name with the evidence around it: roles, acronym, hints at its type.

    Runs for every candidate in the corpus (about 90 per article): the common case comes first.
    """
    start = offset + piece.at
    if piece.fixed or (
        start > 1 and text[start - 1] == " " and (text[start - 2].isalnum() or text[start - 2] in ",;-")
    ):  # the same shape anywhere, or plainly inside a sentence: a word and a space before it
        shape = piece.inside
    elif _sentence_initial(text, start):
        # "Earlier Putin said": a word this text also writes in lower case only starts the sentence
        if piece.opener and piece.opener in text:
            shape = piece.without_opener
            start += piece.opener_length
        else:
            shape = piece.initial
    else:
        shape = piece.inside
    if shape is None:
        return
    skip, name, title, single = shape
    start += skip
    end = start + len(name)
    following = text[end : end + 1]
    after = ""  # the word after the name, when it is one that tells something (most are not)
    if following == " " and text[end + 1 : end + 4] in _TELLING_STARTS:
        word = _WORD_AFTER.match(text, end)
        after = word[1] if word else ""
        if not piece.possessive and not title and after in ROLE_NOUNS:
            return  # "Kremlin aide": a modifier inside a role phrase, not a mention of its own
    names, person, place, actor = found.names, found.person, found.place, found.actor
    names[name] = names.get(name, 0) + 1
    if title:
        person[name] = person.get(name, 0) + 1
        _add_role(found.roles.setdefault(name, []), title)
    before = text[max(0, start - 40) : start].rsplit(None, 2)  # the two words before, nearest last
    kind = _BEFORE.get(before[-1], 0) if before else 0
    if kind:
        prev2 = before[-2] if len(before) > 1 else ""
        if kind & _TO and prev2 == "according":  # "according to Interfax": a source, not a destination
            actor[name] = actor.get(name, 0) + 1
        elif kind & _PLACE_BEFORE or (kind & _THE and prev2 in PLACE_PREPOSITIONS):
            place[name] = place.get(name, 0) + 1
    if after:
        if after in PLACE_FOLLOWERS:
            place[name] = place.get(name, 0) + 1
        elif after in SPEECH_VERBS:
            actor[name] = actor.get(name, 0) + 1
    elif following == " " and text.startswith("(", end + 1):
        acronym = _ACRONYM_AFTER.match(text, end)
        if acronym and acronym["acronym"] != name:
            acronyms = found.acronyms.setdefault(name, [])
            if acronym["acronym"] not in acronyms:
                acronyms.append(acronym["acronym"])
    if not single or title:
        # Roles around a person's name: "Kremlin aide Vladimir Medinsky, a former Culture Minister who ..."
        if kind & _ROLE_NOUN_BEFORE and not title:
            role = _ROLE_BEFORE.search(text, max(0, start - 80), start)
            if role:
                words = role["role"].split(" ")
                while words and words[0] in SENTENCE_OPENERS:
                    words = words[1:]
                if words:
                    _add_role(found.roles.setdefault(name, []), " ".join(words))
                    person[name] = person.get(name, 0) + 1
        if following == ",":
            # Cheap tests first: the appositive needs "a", "an" or "the", the other phrase a "who".
            patterns = []
            if text.startswith((", a ", ", an ", ", the "), end):
                patterns.append(_APPOSITIVE)
            if text.find(" who ", end, end + 80) >= 0:
                patterns.append(_SERVED_AS)
            for pattern in patterns:
                role = pattern.match(text, end)
                if role and _is_role(role["role"]):
                    _add_role(found.roles.setdefault(name, []), role["role"].strip())
                    person[name] = person.get(name, 0) + 1


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


def _merge(evidence: Sequence[ArticleEvidence]) -> tuple[dict[str, _Stats], set[str]]:
    """Every article's evidence added up, in corpus order (roles keep the order they first appear in),
    and the names in credit lines."""
    count: dict[str, int] = {}
    person: dict[str, int] = {}
    place: dict[str, int] = {}
    actor: dict[str, int] = {}
    event: dict[str, int] = {}
    roles: dict[str, list[str]] = {}
    acronyms: dict[str, list[str]] = {}
    hints: set[str] = set()
    for item in evidence:
        for total, more in ((count, item.names), (person, item.person), (place, item.place), (actor, item.actor)):
            get = total.get
            for name, n in more.items():
                total[name] = get(name, 0) + n
        for name, n in item.event.items():
            event[name] = event.get(name, 0) + n
        for name, found in item.roles.items():
            into = roles.setdefault(name, [])
            for role in found:
                _add_role(into, role)
        for name, found in item.acronyms.items():
            into = acronyms.setdefault(name, [])
            into.extend(a for a in found if a not in into)
        hints.update(item.hints)
    names = {
        name: _Stats(
            count=n,
            person=person.get(name, 0),
            place=place.get(name, 0),
            actor=actor.get(name, 0),
            event=event.get(name, 0),
            roles=roles.get(name, []),
            acronyms=acronyms.get(name, []),
            the_form=name.startswith("The "),
        )
        for name, n in count.items()
    }
    return names, hints


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


def _infer_type(name: str, stats: _Stats, hints: set[str]) -> str:
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
    if name.removeprefix("The ") in hints or stats.the_form:
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


def _resolve(found: dict[str, _Stats], hints: set[str], registry: Registry) -> _Resolved:
    ignored = {name.casefold() for name in registry.ignore}
    by_surface: dict[str, RegistryEntry] = {}
    for entry in registry.entries:
        for surface in (entry.name, *entry.aliases):
            by_surface.setdefault(surface.casefold(), entry)

    # Merge "The Economist" with "Economist"; map short forms of places ("U.S.") to the full name.
    names: dict[str, _Stats] = {}
    for raw, stats in found.items():
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
    types = {n: _infer_type(n, names[n], hints) for n in order}
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
            draft.type = draft.type or _infer_type(draft.name, _Stats(), hints)
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


@dataclass(frozen=True, slots=True)
class Memo:
    """Where pass 3 keeps its results (`find` and `put`), and a key per article
    that changes whenever its content does (the seed's cache key)."""

    cache: Cache
    article_keys: Sequence[str]


def _find_mentions(articles: Sequence[Article], resolved: _Resolved, memo: Memo | None = None) -> EntityLinks:
    drafts = resolved.drafts
    order = sorted(range(len(drafts)), key=lambda i: (drafts[i].name.casefold(), i))
    ids = [""] * len(drafts)
    for index, entity_id in zip(order, _entity_ids([drafts[i] for i in order]), strict=True):
        ids[index] = entity_id
    forms = _Forms.of(resolved, ids)
    used: dict[tuple[int, int] | None, None] = {}  # (draft, surface number), in order of first use
    all_mentions: tuple[tuple[Mention, ...], ...] = ((),) * len(articles)
    all_linked = all_mentions
    if forms.surfaces:
        per_article, linked = [], []
        for data in _kept_mentions(articles, forms, memo):
            places, keys, first = pickle.loads(data)
            used.update(dict.fromkeys(keys))
            mentions = tuple(map(_MENTION, places))
            per_article.append(mentions)
            linked.append(tuple([mentions[i] for i in first]))
        all_mentions, all_linked = tuple(per_article), tuple(linked)
    used.pop(None, None)

    aliases: dict[int, list[str]] = {}
    for index, number in used:  # type: ignore[misc]
        found = aliases.setdefault(index, [])
        if forms.surfaces[number] != drafts[index].name:
            found.append(forms.surfaces[number])
    entities = tuple(
        Entity(
            id=ids[i],
            name=drafts[i].name,
            type=drafts[i].type,
            aliases=tuple(aliases[i]),
            roles=tuple(drafts[i].roles),
            description=drafts[i].description,
        )
        for i in sorted(aliases, key=lambda i: ids[i])
    )
    return EntityLinks(entities=entities, mentions=all_mentions, linked=all_linked)


@dataclass(frozen=True, slots=True)
class _Forms:
    """The resolved surface forms as pass 3 reads them, by surface number.

    The automaton maps a form to (number, length, entity id, (draft, number)); the last two are None
    unless the form names one entity only, in full, so that no article can make it name another.
    """

    automaton: ahocorasick.Automaton
    surfaces: list[str]
    candidates: list[list[int]]  # drafts each form may name, most likely first
    full_owners: list[list[int]]  # drafts for which the form is a full name
    ids: list[str]  # entity id of each draft

    def fingerprint(self) -> str:
        """A hash of everything pass 3 reads besides the article."""
        data = repr((self.surfaces, self.candidates, self.full_owners, self.ids)).encode()
        return hashlib.blake2b(data, digest_size=16).hexdigest()

    @classmethod
    def of(cls, resolved: _Resolved, ids: list[str]) -> _Forms:
        surfaces = sorted(resolved.forms)
        candidates = [resolved.forms[s] for s in surfaces]
        full_owners = [[i for i in resolved.forms[s] if (s, i) in resolved.full_forms] for s in surfaces]
        automaton = ahocorasick.Automaton()
        for number, surface in enumerate(surfaces):
            (owner, *others), full = candidates[number], full_owners[number]
            certain = not others and full == [owner]
            value = (ids[owner], (owner, number)) if certain else (None, None)
            automaton.add_word(surface, (number, len(surface), *value))
        if surfaces:
            automaton.make_automaton()
        return cls(automaton, surfaces, candidates, full_owners, ids)


def _kept_mentions(articles: Sequence[Article], forms: _Forms, memo: Memo | None) -> list[bytes]:
    """Each article's mentions, pickled: ((entity id, paragraph, start, end), ...), the (draft,
    form) pairs it used, in order (replayed into `used`, which orders aliases), and the positions of
    the mentions that get a link (_first_linkable). From the memo when
    the article's text and the resolved forms are as they were (kept under both), else searched for,
    the search spread over worker processes.

    Pickled, as the cache stores them and a worker sends them: only one article's tuples are ever
    unpickled at a time (at 10,000 articles, all of them would hold 100 MB until the run ends)."""
    fingerprint = forms.fingerprint() if memo is not None else ""
    found: list[object] = [None] * len(articles)
    if memo is not None:
        found = [memo.cache.find("mentions", f"{fingerprint}:{key}") for key in memo.article_keys]
    missing = [i for i, data in enumerate(found) if not isinstance(data, bytes)]

    def search(share: Sequence[int]) -> list[bytes]:
        results = []
        for i in share:
            here: dict = {}
            mentions = _mentions_in(articles[i], forms, here)
            first = _first_linkable(articles[i], mentions)
            results.append(pickle.dumps((mentions, tuple(here), first), protocol=pickle.HIGHEST_PROTOCOL))
        return results

    for i, data in zip(missing, fork_map(search, missing), strict=True):
        found[i] = data
        if memo is not None:
            memo.cache.put("mentions", f"{fingerprint}:{memo.article_keys[i]}", data)
    return found  # type: ignore[return-value]


def _mentions_in(article: Article, forms: _Forms, used: dict) -> tuple[tuple, ...]:
    """Every mention in one article, as (entity id, paragraph, start, end): leftmost-longest
    whole-word matches of the known surface forms.

    Most forms name the same entity in any article; the others (a surname, an acronym two names
    share) are settled once the whole article has been read, by the full names it contains.
    """
    mentions: list[tuple | None] = []
    keys: list[tuple[int, int] | None] = []  # (draft, surface number) of each mention, for `used`
    open_choices = []  # mentions left to settle: (index, paragraph, text, start, end, number)
    for paragraph, text in _parts(article):
        size = len(text)
        for last, (number, length, entity_id, key) in forms.automaton.iter_long(text):
            start = last - length + 1
            if (start and (text[start - 1].isalnum() or text[start - 1] == "_")) or (
                last + 1 < size and (text[last + 1].isalnum() or text[last + 1] == "_")
            ):
                continue  # part of a longer word: "Russia" in "Russian"
            if entity_id is None:
                open_choices.append((len(mentions), paragraph, text, start, last + 1, number))
                mentions.append(None)
            else:
                mentions.append((entity_id, paragraph, start, last + 1))
            keys.append(key)
    if open_choices:
        _settle(article, mentions, keys, open_choices, forms)
        used.update(dict.fromkeys(keys))
        return tuple(mention for mention in mentions if mention is not None)
    used.update(dict.fromkeys(keys))
    return tuple(mentions)  # type: ignore[arg-type]


def _first_linkable(article: Article, mentions: Sequence[tuple[str, int, int, int]]) -> tuple[int, ...]:
    """Positions in `mentions` of each entity's first linkable mention, in reading order: the one a
    briefing links. In the text before the caption; never inside a link the source made."""
    link_ranges = [_link_ranges(paragraph) if len(paragraph.spans) > 1 else () for paragraph in article.paragraphs]
    chosen: dict[str, int] = {}
    for i in sorted(range(len(mentions)), key=lambda i: (mentions[i][1] == CAPTION, mentions[i][1], mentions[i][2])):
        entity_id, paragraph, start, end = mentions[i]
        if entity_id in chosen:
            continue
        ranges = link_ranges[paragraph] if paragraph != CAPTION else ()
        if ranges and any(low < end and start < high for low, high in ranges):
            continue
        chosen[entity_id] = i
    return tuple(chosen.values())


def _link_ranges(paragraph: Paragraph) -> list[tuple[int, int]]:
    ranges, offset = [], 0
    for span in paragraph.spans:
        if span.href:
            ranges.append((offset, offset + len(span.text)))
        offset += len(span.text)
    return ranges


def _settle(article: Article, mentions: list, keys: list, choices: list[tuple], forms: _Forms) -> None:
    """Choose the entity of each ambiguous mention: one the article names in full, else the likeliest."""
    candidates, full_owners = forms.candidates, forms.full_owners
    numbers = {choice[5] for choice in choices}
    present = {key[0] for key in set(keys) if key is not None}  # drafts named in full here
    for number in numbers:
        present.update(full_owners[number])
    choose = {number: next((i for i in candidates[number] if i in present), -1) for number in numbers}
    for index, paragraph, text, start, end, number in choices:
        chosen = choose[number]
        if chosen < 0:
            full = full_owners[number]
            if not full and _sentence_initial(text, start) and _in_lower_case(article, forms.surfaces[number]):
                continue  # a surname with no full name here, starting a sentence, and an ordinary word here
            chosen = (full or candidates[number])[0]
        mentions[index] = (forms.ids[chosen], paragraph, start, end)
        keys[index] = (chosen, number)


def _in_lower_case(article: Article, word: str) -> bool:
    """Whether the article also writes `word` in lower case, between spaces: an ordinary word there."""
    needle = f" {word.lower()} "
    return any(needle in text for _, text in _parts(article))


def _entity_ids(drafts: list[_Draft]) -> list[str]:
    """`people/rustem-umerov`: type folder and name slug, numbered when two entities share both."""
    return unique_slugs(
        f"{TYPE_DIRS.get(d.type, 'places')}/{slug_for(d.name.replace(chr(39), '').replace('’', ''), fallback='entity')}"
        for d in drafts  # apostrophes dropped: "Spider's Web" -> spiders-web
    )
