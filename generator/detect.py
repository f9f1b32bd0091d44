"""Pass 1 of entity detection: the candidate names in one article and the evidence around each.

Runs of capitalised words become candidate names, with what the text around them says: a title
before the name, an appositive role after it, an acronym in brackets, a preposition that suggests a
place. Rules, not name lists: see names.py for the vocabulary. The result depends on that one
article only, so it can be cached per seed and computed in worker processes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from . import gazetteer
from .model import CAPTION, Article, article_parts
from .names import (
    EVENT_WORDS,
    INSTITUTIONS,
    KNOWN_PEOPLE,
    MULTI_WORD_PLACES,
    NAME_CONNECTORS,
    NATIONALITIES,
    NEWS_AGENCIES,
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
    STOP_WORDS,
    TEAM_VERBS,
    WEEKDAYS_MONTHS,
)
from .roles import add_role, roles_after, roles_before
from .text import UPPER

# Detection looks at the first sightings of a run of capitalised words in each article, and skips
# the rest (pass 3 still finds every mention): the context of the 9th "Moscow" in one article tells
# nothing the first 8 did not, and a long list of names costs no more than it must. Per article, so
# that an article's evidence never depends on the others or on their order.
SIGHTINGS_PER_ARTICLE = 8
# The longest name detection keeps: the longest real ones ("Rally for the Return of Refugees and
# Democracy in Rwanda", "Coordination Headquarters for the Treatment of Prisoners of War") have 10
# words and 70 characters. A longer run of capitalised words is a heading or pasted text, and a
# name of 300,000 characters crashed the Aho-Corasick automaton of pass 3.
MAX_NAME_WORDS = 14
MAX_NAME_CHARS = 120
MAX_RUN_CHARS = 400  # a run longer than this (before it is split into names) is skipped whole


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
    team: dict[str, int]  # "X beat Y", "X 320", "X AT Y": a side in a match report
    known: dict[str, str]  # what a gazetteer knows of the name: see _known
    roles: dict[str, tuple[str, ...]]  # in order of appearance
    acronyms: dict[str, tuple[str, ...]]  # "Security Service of Ukraine (SBU)"
    hints: tuple[str, ...]  # names in credit lines and the source: news organisations


def detect_article(article: Article) -> ArticleEvidence:
    """Pass 1 for one article: the candidate names it contains and the evidence around each.

    Depends on this article alone (never on its neighbours or their order), so the result can be
    cached per seed and computed in any process; `link_entities(..., evidence=...)` takes it back.
    """
    found = _Found()
    parts = article_parts(article)
    _detect_text("\n\n".join(text for index, text in parts if index >= CAPTION), found)
    for paragraph in [text for index, text in parts if index >= 0][:3]:
        dateline = _DATELINE.match(paragraph)
        if dateline:  # "LONDON 1996-08-22 - ...", "KYIV, June 2 (Reuters) - ...": where the story was filed
            name = dateline["place"]
            found.names[name] = found.names.get(name, 0) + 1
            found.place[name] = found.place.get(name, 0) + 2
    # Credit lines name news organisations ("Reuters contributed reporting.", "... / TASS") and, before
    # the slash of a photo credit, the photographer: "Alexander Ryumin / TASS".
    photographer, _, agency = article.photo_credit.rpartition("/")
    credited = _credit_names(agency) + _credit_names(article.credit)
    for name in credited:
        found.names[name] = found.names.get(name, 0) + 1
    for name in _credit_names(photographer):
        found.names[name] = found.names.get(name, 0) + 1
        found.person[name] = found.person.get(name, 0) + 1
    hints = (*credited, *_credit_names(article.source_name))
    return ArticleEvidence(
        names=found.names,
        person=found.person,
        place=found.place,
        actor=found.actor,
        event=found.event,
        team=found.team,
        known={name: kind for name in found.names if (kind := _known(name))},
        roles={name: tuple(roles) for name, roles in found.roles.items()},
        acronyms={name: tuple(acronyms) for name, acronyms in found.acronyms.items()},
        hints=hints,
    )


_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+){0,3})(?:, [A-Z][\w.' -]{1,30}?)?"
    r"(?: \d{4}-\d\d-\d\d|,? (?:[A-Z][a-z]{2,8}\.? \d{1,2}|\d{1,2} [A-Z][a-z]{2,8}))\b"
)


def _known(name: str) -> str:
    """What the gazetteers say of a candidate name: "country", "big place" (a city that may start a
    sentence), "place", "first name" (its first word is one), "given name" (it is one: "Alan"),
    "initial" ("D. Bicknell"), "named after a place" (its first or last word is a city) or ""."""
    looked = name.title() if name.isupper() and len(name) > 3 else name
    if looked.startswith(("St ", "St. ")):
        looked = "Saint " + looked.partition(" ")[2]  # GeoNames writes "Saint Louis"
    if looked in MULTI_WORD_PLACES:
        return "place"
    if looked in gazetteer.countries():
        return "country"
    population = gazetteer.places().get(looked)
    if population is not None:
        return "big place" if population >= gazetteer.BIG_CITY else "place"
    first = looked.split(" ", 1)[0]
    if " " in looked:
        if len(first) == 2 and first[1] == ".":
            return "initial"
        if first in gazetteer.first_names():
            return "first name"
        last = looked.rpartition(" ")[2]
        if (
            gazetteer.places().get(first, 0) >= gazetteer.BIG_CITY
            or gazetteer.places().get(last, 0) >= gazetteer.BIG_CITY
        ):
            return "named after a place"  # "Atlanta Braves", "Arminia Bielefeld", "Sydney Newsroom"
    elif looked in gazetteer.first_names():
        return "given name"  # "Alan" alone
    return ""


def _credit_names(line: str) -> tuple[str, ...]:
    """The names in a credit line: its runs of capitalised words, without a leading "The" and
    without the words that only say what the line is ("Photo", "Additional Reporting")."""
    names = []
    for match in _RUN.finditer(line):
        words = [w for w in match.group().removeprefix("The ").split(" ") if w not in _CREDIT_WORDS]
        if words and words[0][:1].isupper():
            names.append(" ".join(words))
    return tuple(names)


_CREDIT_WORDS = frozenset(("Photo", "Photos", "Photograph", "Picture", "Handout", "Reporting", "Additional", "By"))


_UP = UPPER
# After the capital: "U.S.", an initial ("D. Bicknell"), "St." or "Mr." before a name, "Dolmabahçe", "O'Brien".
_TOKEN_REST = rf"(?:\.(?:{_UP}\.)+|(?:t|r|rs|s)?\.(?= {_UP}[a-z])|(?:nc|orp|td|ros)\.(?!\w)|[\w\-]*(?:['’]\w+)*)"
_CONNECTOR = "|".join(NAME_CONNECTORS)
# A run of capitalised words joined by single spaces, optionally through a lower-case connector. The
# look-behind comes after the first capital (same meaning) so the engine can skip ahead to capitals.
_RUN = re.compile(rf"{_UP}(?<![\w'’.]{_UP}){_TOKEN_REST}(?:(?: (?:{_CONNECTOR}))? {_UP}{_TOKEN_REST})*")
_WORD_AFTER = re.compile(r" ([\w'’\-]+)")
_ACRONYM_AFTER = re.compile(r" \((?P<acronym>[A-Z][A-Z0-9&]{1,9})\)")
_QUOTED = r"(?:[^\"”’'\n]|['’](?=\w)){2,60}?"  # an apostrophe inside a word ("Spider's") does not close
# Operation "Spider's Web" / the “Spider’s Web” operation: a quoted name next to the word is an event.
_OPERATION = re.compile(
    rf"\b(?:Operation|operation) [\"“‘'](?P<name>{_QUOTED})[,.]?[\"”’'](?!\w)"
    rf"|(?<!\w)[\"“‘'](?P<name2>{_QUOTED})[,.]?[\"”’'] (?:[Oo]peration|[Oo]ffensive|[Cc]ampaign)\b"
    # "the operation, dubbed “Spider’s Web.”"
    rf"|\b(?:[Oo]peration|[Oo]ffensive|[Cc]ampaign),? (?:[\w’'-]+ ){{0,3}}?(?:dubbed|called|named|code-?named|known as)"
    rf" [\"“‘'](?P<name3>{_QUOTED})[,.]?[\"”’'](?!\w)"
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
    team: dict[str, int] = field(default_factory=dict)
    roles: dict[str, list[str]] = field(default_factory=dict)
    acronyms: dict[str, list[str]] = field(default_factory=dict)


def _detect_text(text: str, found: _Found) -> None:
    """Candidates in one article's text (caption and paragraphs joined by blank lines)."""
    masked = text
    if "peration" in text or "ffensive" in text or "ampaign" in text:
        for match in _OPERATION.finditer(text):
            name = (match["name"] or match["name2"] or match["name3"]).strip()
            if name[:1].isupper():
                found.names[name] = found.names.get(name, 0) + 1
                found.event[name] = found.event.get(name, 0) + 1
                masked = masked[: match.start()] + " " * (match.end() - match.start()) + masked[match.end() :]
    plans = _PLANS
    seen: dict[str, int] = {}
    for match in _RUN.finditer(masked):
        run = match.group()
        if len(run) > MAX_RUN_CHARS:
            continue  # a runaway run ("Vladimir Putin" pasted 50,000 times) names nothing
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


_CAPS_JOINERS = frozenset(["AT", "OF", "IN", "THE", "AND", "V", "VS", "TO", "FOR", "ON", "A", "WITH", "BY", "FROM"])


def _caps_groups(run: str) -> Iterator[tuple[int, list[str], bool]]:
    """A run in capitals ("BOSTON AT OAKLAND", "SOCCER - JAPAN GET LUCKY WIN") is split at its
    function words; of what is left, only groups a gazetteer knows, and short acronyms, are names."""
    group: list[str] = []
    start = position = 0
    for word in [*run.split(" "), "AT"]:
        if word in _CAPS_JOINERS:
            if group and (_known(" ".join(group)) or (len(group) == 1 and len(group[0]) <= 5)):
                yield start, group, False
            group = []
            start = position + len(word) + 1
        else:
            group.append(word)
        position += len(word) + 1


def _plan(run: str) -> tuple[_Piece, ...]:
    """The pieces of a run that may name something, with their shape wherever they stand."""
    plans = []
    for at, words, possessive in _caps_groups(run) if run.isupper() and " " in run else _pieces(0, run):
        tokens = tuple(words)
        inside, initial = _shape(tokens, False), _shape(tokens, True)
        first = tokens[0]
        opener, without = "", None
        if (
            len(tokens) > 1
            and first not in ROLE_TITLES
            and first not in ROLE_QUALIFIERS
            and first not in NATIONALITIES
            and first not in gazetteer.first_names()  # "Christian Cullen", though "christian" is a word too
            and _known(" ".join(tokens[:2])) not in ("country", "big place", "place")  # "New York Stock Exchange"
        ):
            opener = f" {first.lower()} "
            without = _shape(tokens[1:], not tokens[1][:1].isupper())
        if inside is None and initial is None and without is None:
            continue
        fixed = not opener and inside == initial
        plans.append(_Piece(at, possessive, inside, initial, fixed, opener, len(first) + 1, without))
    return tuple(plans)


_PARTICLES = frozenset(
    ("de", "da", "di", "del", "der", "den", "du", "dos", "van", "von", "bin", "ibn", "al", "la", "le")
)


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
            if word in ("and", "in"):
                # Inside the name of an organisation only: "Organisation for Security and Cooperation
                # in Europe", "National Security and Defense Council"; "Russia and Ukraine" is two.
                joins = bool(tokens) and (
                    (any(t in ORGANISATION_WORDS for t in tokens) and any(not t[:1].isupper() for t in tokens))
                    or (word == "and" and _group_head(words, j) in ORGANISATION_WORDS)
                    or (word == "and" and f"{' '.join(tokens)} and {_group(words, j)}" in gazetteer.countries())
                )
            else:
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


def _group(words: list[tuple[int, str]], j: int) -> str:
    """The capitalised words from `j` on, before the next lower-case one ("Tobago" in "Trinidad and Tobago")."""
    group = []
    while j < len(words) and words[j][1][:1].isupper():
        group.append(words[j][1])
        j += 1
    return " ".join(group)


def _group_head(words: list[tuple[int, str]], j: int) -> str:
    return _group(words, j).rpartition(" ")[2]


def sentence_initial(text: str, start: int) -> bool:
    """Whether the word at `start` opens a sentence (or follows a dateline's " - "), so that its
    capital letter says nothing."""
    if start > 1 and text[start - 1] == " " and (text[start - 2].isalnum() or text[start - 2] in ",;"):
        return False  # the common case: a word and a space before it
    if start > 2 and text[start - 3 : start] in (" - ", " – ", " — "):
        return True  # "LONDON 1996-08-30 - Results of ..."
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


_HEAD_WORDS = ORGANISATION_WORDS | PLACE_WORDS | EVENT_WORDS


def _role_word_before(tokens: Sequence[str]) -> bool:
    """At a sentence start, a word that only says what the name is: "Defender Hassan Abbas",
    "Hosts UAE", "Champions Liverpool": not itself a first name or a place, before a name that
    stands on its own (an acronym, a first name, a known place)."""
    first, rest = tokens[0], " ".join(tokens[1:])
    if first in gazetteer.first_names() or _known(first) or first.isupper():
        return False
    return (rest.isupper() and len(rest) <= 5) or _known(rest) in ("country", "big place", "place", "first name")


def _modifier(tokens: Sequence[str]) -> bool:
    """Whether the first word of a name only qualifies it: a nationality, a weekday or month, a
    "Bergamo-based", or any word before a first name that is not one itself ("Actor Sylvester")."""
    first = tokens[0]
    if first in WEEKDAYS_MONTHS:
        return True
    if "-" in first and first.rpartition("-")[2].islower():
        return True
    if _known(" ".join(tokens)) in ("country", "big place", "place"):
        return False
    if first in NATIONALITIES:
        second = tokens[1]
        if first in gazetteer.first_names() and second not in gazetteer.first_names() and len(second) > 2:
            return False  # "Christian Blanc"
        return head_noun(tokens) not in _HEAD_WORDS
    names = gazetteer.first_names()
    return len(tokens) > 2 and tokens[1] in names and first not in names and first.lower() != first


def head_noun(tokens: Sequence[str]) -> str:
    """The head noun of a name: its last word before any lower-case connector."""
    for i, token in enumerate(tokens):
        if not token[:1].isupper():
            return tokens[i - 1] if i else token
    return tokens[-1]


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
            len(tokens) > 1
            and ((first.lower().endswith(("ly", "ed", "ing")) and len(first) > 4) or _role_word_before(tokens))
        ):
            offset += len(first) + 1
            tokens = tokens[1:]
            while tokens and not tokens[0][:1].isupper():  # "Of the ..." left dangling
                offset += len(tokens[0]) + 1
                tokens = tokens[1:]
            initial = False  # the opener took the sentence's capital letter: what follows is a name
    # "Freed Ukrainian soldiers", "Allensbach April"
    while tokens and (tokens[-1] in NATIONALITIES or tokens[-1] in WEEKDAYS_MONTHS or not tokens[-1][:1].isupper()):
        tokens = tokens[:-1]
    if tokens and "-" in tokens[-1] and tokens[-1].rpartition("-")[2].islower():
        tokens = (*tokens[:-1], tokens[-1].rpartition("-")[0])  # "United Nations-sponsored", "Kremlin-backed"
    while len(tokens) > 1 and _modifier(tokens):
        # "Australian Tom Moody", "Bergamo-based Atalanta", "August Chicago NAPM", "Namibian Frankie
        # Fredericks"; not "Russian Federation", "British Airways" or "Saudi Arabia"
        offset += len(tokens[0]) + 1
        tokens = tokens[1:]
    if not tokens or len(tokens) > MAX_NAME_WORDS or sum(map(len, tokens)) + len(tokens) > MAX_NAME_CHARS:
        return None
    if len(tokens) > 1 and len(tokens[-1]) == 1 and tokens[0] not in gazetteer.first_names():
        return None  # a heading or a label: "Group A", "Pool B", "German I"
    single = len(tokens) == 1
    if single:
        token = tokens[0]
        if len(token) < 2 or token in WEEKDAYS_MONTHS or token in NATIONALITIES or token in STOP_WORDS:
            return None
        if token.isupper() and token.title() in STOP_WORDS | WEEKDAYS_MONTHS:
            return None  # a heading in capitals: "DECEMBER", "RESULTS"
        if token in _NOT_NAMES and token not in INSTITUTIONS and token not in PLACE_NAMES:
            return None
        if "-" in token and all(p in PLACE_NAMES or p in NATIONALITIES for p in token.split("-")):
            return None  # "Russia-Ukraine talks"
        if initial and not (
            token in PLACE_NAMES
            or token in INSTITUTIONS
            or token in PLACE_ALIASES
            or token in KNOWN_PEOPLE
            or token in NEWS_AGENCIES
            or _known(token) in ("country", "big place")
        ):
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
_TELLING_STARTS = frozenset(word[:3] for word in ROLE_NOUNS | PLACE_FOLLOWERS | SPEECH_VERBS | TEAM_VERBS)
_TEAM_BEFORE = TEAM_VERBS | {"against"}
# After a side at the start of a line of results: a score and the other side ("Ayr 2 Clyde 1"), or
# a row of a table of standings ("Ayr 10 5 3 2 15 10 18"); not "Net 451 vs 380".
_RESULT_ROW = re.compile(rf" \d{{1,3}},? (?:{_UP}[\w.'’-]* )+\d{{1,3}}\b| (?:\d{{1,3}} ){{3,}}")
_SCORE = re.compile(r" \d{1,3}(?:-\d{1,3})?(?=[ ,;)]|$)")  # "Surrey 320", "Israel 2,", not "LONDON 1996-08-22"


def _candidate(text: str, offset: int, piece: _Piece, found: _Found) -> None:
    """Record one candidate name with the evidence around it: roles, acronym, hints at its type.

    Runs for every candidate in the corpus (about 90 per article): the common case comes first.
    """
    start = offset + piece.at
    if piece.fixed or (
        start > 1 and text[start - 1] == " " and (text[start - 2].isalnum() or text[start - 2] in ",;")
    ):  # the same shape anywhere, or plainly inside a sentence: a word and a space before it
        shape = piece.inside
    elif sentence_initial(text, start):
        # "Earlier Putin said": a word this text also writes in lower case only starts the sentence
        if piece.opener and piece.opener in text:
            shape = piece.without_opener
            start += piece.opener_length
        else:
            shape = piece.initial
            if shape is None and piece.inside is not None and _RESULT_ROW.match(text, start + len(piece.inside[1])):
                shape = piece.inside  # a side in a table of results: "Ayr 2 Clyde 1"
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
    names, person, place, actor = found.names, found.person, found.place, found.actor
    names[name] = names.get(name, 0) + 1
    before = text[max(0, start - 40) : start].rsplit(None, 2)  # the two words before, nearest last
    kind = _BEFORE.get(before[-1], 0) if before else 0
    if kind:
        prev2 = before[-2] if len(before) > 1 else ""
        if kind & _TO and prev2 == "according":  # "according to Interfax": a source, not a destination
            actor[name] = actor.get(name, 0) + 1
        elif kind & _PLACE_BEFORE or (kind & _THE and prev2 in PLACE_PREPOSITIONS):
            place[name] = place.get(name, 0) + 1
    if (after and after in TEAM_VERBS) or (before and before[-1] in _TEAM_BEFORE) or _SCORE.match(text, end):
        found.team[name] = found.team.get(name, 0) + 1
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
        # Roles around a person's name: "Kremlin aide and former Culture Minister Vladimir Medinsky, a ..."
        roles = roles_before(text, start - len(title) - 1 if title else start, title)
        if roles:
            person[name] = person.get(name, 0) + 1
            for role in roles:
                add_role(found.roles.setdefault(name, []), role)
        if following == ",":
            for role in roles_after(text, end):
                add_role(found.roles.setdefault(name, []), role)
                person[name] = person.get(name, 0) + 1
