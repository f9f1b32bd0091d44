"""Pass 3 of entity detection: every mention of the resolved names in every article.

One Aho-Corasick automaton over every known surface form finds every mention in every article at
once, so the cost grows with the text, not with entities x articles.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
from collections.abc import Sequence
from dataclasses import dataclass

import ahocorasick

from .cache import Cache
from .detect import MAX_NAME_CHARS, sentence_initial
from .model import NO_REVIEW, Article, Entity, Mention, Paragraph, Quote, Review, article_parts
from .parallel import fork_map
from .quotes import find_quotes
from .resolve import Draft, Resolved
from .slugs import slug_for, unique_slugs

_MENTION = functools.partial(tuple.__new__, Mention)  # Mention._make, without its Python-level checks
TYPE_DIRS = {"person": "people", "organisation": "organisations", "place": "places", "event": "events"}


@dataclass(frozen=True, slots=True)
class EntityLinks:
    entities: tuple[Entity, ...]
    mentions: tuple[tuple[Mention, ...], ...]  # one tuple per article, in input order
    linked: tuple[tuple[Mention, ...], ...] = ()  # per article: each entity's first linkable mention (_first_linkable)
    quotes: tuple[
        tuple[Quote, ...], ...
    ] = ()  # per article: who said what (quotes.find_quotes), found with its mentions
    review: Review = NO_REVIEW  # what a curator should check (curation.review, added by entities.link_entities)


@dataclass(frozen=True, slots=True)
class Memo:
    """Where pass 3 keeps its results (`find` and `put`), and a key per article
    that changes whenever its content does (the seed's cache key)."""

    cache: Cache
    article_keys: Sequence[str]


def find_mentions(articles: Sequence[Article], resolved: Resolved, memo: Memo | None = None) -> EntityLinks:
    drafts = resolved.drafts
    order = sorted(range(len(drafts)), key=lambda i: (drafts[i].name.casefold(), i))
    ids = [""] * len(drafts)
    for index, entity_id in zip(order, _entity_ids([drafts[i] for i in order]), strict=True):
        ids[index] = entity_id
    forms = _Forms.of(resolved, ids)
    used: dict[tuple[int, int] | None, None] = {}  # (draft, surface number), in order of first use
    all_mentions: tuple[tuple[Mention, ...], ...] = ((),) * len(articles)
    all_linked, all_quotes = all_mentions, ((),) * len(articles)
    if forms.surfaces:
        per_article, linked, quotes = [], [], []
        for data in _kept_mentions(articles, forms, memo):
            places, keys, first, said = pickle.loads(data)
            used.update(dict.fromkeys(keys))
            mentions = tuple(map(_MENTION, places))
            per_article.append(mentions)
            linked.append(tuple([mentions[i] for i in first]))
            quotes.append(said)
        all_mentions, all_linked, all_quotes = tuple(per_article), tuple(linked), tuple(quotes)
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
    return EntityLinks(entities=entities, mentions=all_mentions, linked=all_linked, quotes=all_quotes)


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
    def of(cls, resolved: Resolved, ids: list[str]) -> _Forms:
        # The registry's names, too, are capped as detection's are: the automaton is only fed names.
        surfaces = sorted(form for form in resolved.forms if len(form) <= MAX_NAME_CHARS)
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
    form) pairs it used, in order (replayed into `used`, which orders aliases), the positions of
    the mentions that get a link (_first_linkable), and its quotes (who said what: the article and
    these mentions are all they depend on, so they are found here, in the worker processes, and kept
    with the mentions). From the memo when
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
            said = find_quotes(articles[i], tuple(map(_MENTION, mentions)))
            results.append(pickle.dumps((mentions, tuple(here), first, said), protocol=pickle.HIGHEST_PROTOCOL))
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
    for paragraph, text in article_parts(article):
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
    briefing links. In the paragraphs first, then the caption and the credit lines; never inside a
    link the source made."""
    link_ranges = [_link_ranges(paragraph) if len(paragraph.spans) > 1 else () for paragraph in article.paragraphs]
    chosen: dict[str, int] = {}
    for i in sorted(range(len(mentions)), key=lambda i: (mentions[i][1] < 0, abs(mentions[i][1]), mentions[i][2])):
        entity_id, paragraph, start, end = mentions[i]
        if entity_id in chosen:
            continue
        ranges = link_ranges[paragraph] if paragraph >= 0 else ()
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
            if not full and sentence_initial(text, start) and _in_lower_case(article, forms.surfaces[number]):
                continue  # a surname with no full name here, starting a sentence, and an ordinary word here
            chosen = (full or candidates[number])[0]
        mentions[index] = (forms.ids[chosen], paragraph, start, end)
        keys[index] = (chosen, number)


def _in_lower_case(article: Article, word: str) -> bool:
    """Whether the article also writes `word` in lower case, between spaces: an ordinary word there."""
    needle = f" {word.lower()} "
    return any(needle in text for _, text in article_parts(article))


def _entity_ids(drafts: list[Draft]) -> list[str]:
    """`people/rustem-umerov`: type folder and name slug, numbered when two entities share both."""
    return unique_slugs(
        f"{TYPE_DIRS.get(d.type, 'places')}/{slug_for(d.name.replace(chr(39), '').replace('’', ''), fallback='entity')}"
        for d in drafts  # apostrophes dropped: "Spider's Web" -> spiders-web
    )
