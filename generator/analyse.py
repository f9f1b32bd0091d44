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
    """Every seed in `paths` (name order), from the cache or worked out. A bad seed is reported and skipped.

    Every file is read and hashed here; only the seeds the cache does not know are analysed, spread
    over worker processes, which send their results back pickled, as the cache keeps them. (A rerun
    after one seed changed forks nothing, and unpickles each cached seed once.)"""
    shown = DisplayNames()
    result = AnalysedSeeds(SeedSet())
    read: list[tuple[Path, str, bytes, str] | str] = []  # (path, display, bytes, key), or a one-line error
    for path in paths:
        display = shown(path)
        try:
            with open(path, "rb", buffering=0) as handle:
                data = handle.read()
        except OSError as error:
            read.append(f"{display}: cannot be read ({error.strerror}); skipped")
            continue
        read.append((path, display, data, content_key(path.name, display, data)))
    found = [None if isinstance(seed, str) else cache.find(NAMESPACE, seed[3]) for seed in read]
    missing = [i for i, seed in enumerate(read) if not isinstance(seed, str) and not isinstance(found[i], Analysed)]
    parent = os.getpid()

    def work(share: Sequence[int]) -> list[Analysed | bytes | str]:
        done: list[Analysed | bytes | str] = []
        for i in share:
            path, display, data, _ = read[i]  # type: ignore[misc]
            try:
                analysed = analyse(data, path.name, display)
            except SeedError as error:
                done.append(str(error))
                continue
            in_parent = os.getpid() == parent
            done.append(analysed if in_parent else pickle.dumps(analysed, protocol=pickle.HIGHEST_PROTOCOL))
        return done

    for i, outcome in zip(missing, fork_map(work, missing), strict=True):
        key = read[i][3]  # type: ignore[index]
        if isinstance(outcome, bytes):
            cache.adopt({f"{NAMESPACE}:{key}": outcome})
            outcome = cache.find(NAMESPACE, key)
        elif isinstance(outcome, Analysed):
            cache.put(NAMESPACE, key, outcome)
        found[i] = outcome
    for seed, analysed in zip(read, found, strict=True):
        if isinstance(seed, str) or isinstance(analysed, str):
            result.seeds.warnings.append(seed if isinstance(seed, str) else analysed)  # type: ignore[arg-type]
            continue
        if not isinstance(analysed, Analysed):
            raise RuntimeError(f"{seed[1]}: a worker process's result went missing")
        result.seeds.warnings.extend(analysed.notes)
        result.seeds.articles.append(analysed.article)
        result.evidence[analysed.article.seed] = analysed.evidence
        result.words[analysed.article.seed] = analysed.words
        result.keys[analysed.article.seed] = seed[3]
        result.cards[analysed.article.seed] = analysed.card
    return result
