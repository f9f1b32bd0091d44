"""The work each seed needs on its own: decode, parse, detect entity candidates, count words.

It depends on one file's bytes only, so it is cached by content (a changed seed, a changed
generator: a different key) and spread over worker processes; the cross-article stages then start
from these results.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .cache import Cache, content_key
from .entities import ArticleEvidence, detect_article
from .errors import SeedError
from .figures import find_figures
from .model import Article, Figure
from .parallel import fork_map
from .parse import parse_seed
from .related import article_words
from .render import card_text
from .seeds import DisplayNames, SeedSet, decode_seed, read_seed, with_seed_name

NAMESPACE = "seed"


@dataclass(frozen=True, slots=True)
class Analysed:
    """One seed, parsed and analysed: what the cross-article stages need from it."""

    article: Article
    notes: tuple[str, ...]  # one-line warnings about this file (decoding, parsing), naming it
    evidence: ArticleEvidence  # entities.detect_article
    words: dict[str, int]  # related.article_words
    card: tuple  # render.card_text
    figures: tuple[Figure, ...] = ()  # figures.find_figures: one article's text alone, so found here


@dataclass(slots=True)
class AnalysedSeeds:
    seeds: SeedSet  # the articles, in name order, and every warning
    evidence: dict[str, ArticleEvidence] = field(default_factory=dict)  # by seed file name
    words: dict[str, dict[str, int]] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)  # by seed file name: the hash of its file (and name)
    cards: dict[str, tuple] = field(default_factory=dict)
    figures: dict[str, tuple[Figure, ...]] = field(default_factory=dict)


_FOLDED: dict[str, str | None] = {}  # related.words' memo of folded tokens, per process


def analyse(data: bytes, name: str, display: str) -> Analysed:
    """Raises SeedError for a file that is not a usable seed."""
    text, notes = decode_seed(data, display)
    parsed = parse_seed(text, display)
    article = with_seed_name(parsed, name)
    words = dict(article_words(article, _FOLDED))
    return Analysed(
        article, (*notes, *parsed.warnings), detect_article(article), words, card_text(article), find_figures(article)
    )


@dataclass(frozen=True, slots=True)
class _Seed:
    """One seed file as read: what its analysis needs, and its cache key."""

    path: Path
    display: str  # how messages name it
    data: bytes
    key: str  # content_key of its name, display name and bytes


def analyse_seeds(paths: Sequence[Path], cache: Cache) -> AnalysedSeeds:
    """Every seed in `paths` (name order), from the cache or worked out. A bad seed is reported and skipped.

    Every file is read and hashed here; only the seeds the cache does not know are analysed, spread
    over worker processes, which send their results back pickled, as the cache keeps them. (A rerun
    after one seed changed forks nothing, and unpickles each cached seed once.)"""
    shown, roots = DisplayNames(), {}
    seeds = [_read(path, shown(path), roots) for path in paths]
    results: list[Analysed | str | None] = [
        seed if isinstance(seed, str) else _cached(cache, seed.key) for seed in seeds
    ]
    missing = [i for i, result in enumerate(results) if result is None]
    parent = os.getpid()

    def work(share: Sequence[int]) -> list[Analysed | bytes | str]:
        """Each seed's Analysed (pickled in a worker process), or why it is not a usable seed."""
        done: list[Analysed | bytes | str] = []
        for i in share:
            seed: _Seed = seeds[i]  # type: ignore[assignment]
            try:
                analysed = analyse(seed.data, seed.path.name, seed.display)
            except SeedError as error:
                done.append(str(error))
                continue
            done.append(analysed if os.getpid() == parent else pickle.dumps(analysed, pickle.HIGHEST_PROTOCOL))
        return done

    for i, outcome in zip(missing, fork_map(work, missing), strict=True):
        key = seeds[i].key  # type: ignore[union-attr]
        if isinstance(outcome, bytes):
            cache.adopt({f"{NAMESPACE}:{key}": outcome})
            outcome = _cached(cache, key)
        elif isinstance(outcome, Analysed):
            cache.put(NAMESPACE, key, outcome)
        results[i] = outcome

    collected = AnalysedSeeds(SeedSet())
    for seed, result in zip(seeds, results, strict=True):
        if isinstance(result, str):
            collected.seeds.warnings.append(result)
            continue
        if result is None:
            raise RuntimeError(f"{seed.display}: a worker process's result went missing")  # type: ignore[union-attr]
        name = result.article.seed
        collected.seeds.warnings.extend(result.notes)
        collected.seeds.articles.append(result.article)
        collected.evidence[name] = result.evidence
        collected.words[name] = result.words
        collected.cards[name] = result.card
        collected.figures[name] = result.figures
        collected.keys[name] = seed.key  # type: ignore[union-attr]
    return collected


def _read(path: Path, display: str, roots: dict[Path, Path]) -> _Seed | str:
    """The seed file at `path`, or why it cannot be read (seeds.read_seed); `roots` memoises each
    folder's resolved path."""
    folder = path.parent
    root = roots.get(folder)
    if root is None:
        root = roots[folder] = folder.resolve()
    try:
        data = read_seed(path, root, display)
    except SeedError as error:
        return str(error)
    return _Seed(path, display, data, content_key(path.name, display, data))


def _cached(cache: Cache, key: str) -> Analysed | None:
    found = cache.find(NAMESPACE, key)
    return found if isinstance(found, Analysed) else None
