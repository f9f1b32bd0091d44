"""The work each seed needs on its own: decode, parse, detect entity candidates, count words.

It depends on one file's bytes only, so it is cached by content (a changed seed, a changed
generator: a different key) and spread over worker processes; the cross-article stages then start
from these results.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .cache import Cache, content_key
from .entities import ArticleEvidence, detect_article
from .errors import SeedError
from .model import Article
from .parallel import fork_map
from .parse import parse_seed
from .related import article_words
from .render import card_text
from .seeds import DisplayNames, SeedSet, decode_seed, with_seed_name

NAMESPACE = "seed"


@dataclass(frozen=True, slots=True)
class Analysed:
    """One seed, parsed and analysed: what the cross-article stages need from it."""

    article: Article
    notes: tuple[str, ...]  # one-line warnings about this file (decoding, parsing), naming it
    evidence: ArticleEvidence  # entities.detect_article
    words: dict[str, int]  # related.article_words
    card: tuple  # render.card_text


@dataclass(slots=True)
class AnalysedSeeds:
    seeds: SeedSet  # the articles, in name order, and every warning
    evidence: dict[str, ArticleEvidence] = field(default_factory=dict)  # by seed file name
    words: dict[str, dict[str, int]] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)  # by seed file name: the hash of its file (and name)
    cards: dict[str, tuple] = field(default_factory=dict)


_FOLDED: dict[str, str | None] = {}  # related.words' memo of folded tokens, per process


def analyse(data: bytes, name: str, display: str) -> Analysed:
    """Raises SeedError for a file that is not a usable seed."""
    text, notes = decode_seed(data, display)
    parsed = parse_seed(text, display)
    article = with_seed_name(parsed, name)
    words = dict(article_words(article, _FOLDED))
    return Analysed(article, (*notes, *parsed.warnings), detect_article(article), words, card_text(article))


def analyse_seeds(paths: Sequence[Path], cache: Cache) -> AnalysedSeeds:
    """Every seed in `paths` (name order), from the cache or worked out, the work spread over
    worker processes. A bad seed is reported and skipped."""
    parent = os.getpid()

    def work(share: Sequence[Path]) -> list[tuple[str, str, bytes | None]]:
        shown = DisplayNames()
        done: list[tuple[str, str]] = []
        for path in share:
            display = shown(path)
            try:
                with open(path, "rb", buffering=0) as handle:
                    data = handle.read()
                key = content_key(path.name, display, data)
                cache.get(NAMESPACE, key, lambda: analyse(data, path.name, display), kind=Analysed)  # noqa: B023
                done.append(("ok", key))
            except SeedError as error:
                done.append(("error", str(error)))
            except OSError as error:
                done.append(("error", f"{display}: cannot be read ({error.strerror}); skipped"))
        if os.getpid() == parent:
            return [(status, value, None) for status, value in done]
        entries = cache.used_entries()  # a worker's results go back pickled, as the cache stores them
        return [(status, value, entries.get(f"{NAMESPACE}:{value}")) for status, value in done]

    outcomes = fork_map(work, list(paths))
    result = AnalysedSeeds(SeedSet())
    cache.adopt({f"{NAMESPACE}:{key}": data for status, key, data in outcomes if data is not None})
    for status, value, _ in outcomes:
        if status == "error":
            result.seeds.warnings.append(value)
            continue
        analysed: Analysed = cache.get(NAMESPACE, value, _missing, kind=Analysed)
        result.seeds.warnings.extend(analysed.notes)
        result.seeds.articles.append(analysed.article)
        result.evidence[analysed.article.seed] = analysed.evidence
        result.words[analysed.article.seed] = analysed.words
        result.keys[analysed.article.seed] = value
        result.cards[analysed.article.seed] = analysed.card
    return result


def _missing() -> Analysed:
    raise RuntimeError("a worker process's result went missing")
