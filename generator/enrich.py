"""The cross-article stage: order, slugs, entities and related articles. Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

from .cache import Cache
from .entities import ArticleEvidence, Memo, link_entities
from .figures import find_figures
from .model import Article, Briefing, Corpus, Figure
from .registry import Registry
from .related import rank_related, resolve_source_related
from .slugs import slug_for, unique_slugs


@dataclass(frozen=True, slots=True)
class Settings:
    related_count: int = 5
    registry: Registry | None = None  # seeds/entities.yml, when the user wrote one
    site_url: str = ""  # mkdocs.yml's site_url: the feeds' addresses (relative without it)
    site_name: str = ""  # mkdocs.yml's site_name: the site feed's title


DEFAULT_SETTINGS = Settings()

# `stage("entities")` returns a context manager around that stage's work; the pipeline passes one
# that times it (the benchmark prints the figures). The default does nothing.
StageHook = Callable[[str], AbstractContextManager]


def _untimed(name: str) -> AbstractContextManager:
    return nullcontext()


def newest_first(article: Article) -> tuple:
    """Sort key: newest first, undated last, ties broken by title then seed name (deterministic)."""
    ordinal = article.date.toordinal() if article.date else dt.date.min.toordinal()
    return (article.date is None, -ordinal, article.title.casefold(), article.seed)


def briefing_slug(article: Article) -> str:
    base = article.slug_hint or article.title
    slug = slug_for(base, fallback=article.seed.rsplit(".", 1)[0])
    return f"{article.date.isoformat()}-{slug}" if article.date and not article.slug_hint else slug


def build_corpus(
    articles: Iterable[Article],
    settings: Settings = DEFAULT_SETTINGS,
    stage: StageHook = _untimed,
    evidence: Mapping[str, ArticleEvidence] | None = None,
    words: Mapping[str, Mapping[str, int]] | None = None,
    memo: tuple[Cache, Mapping[str, str]] | None = None,
    figures: Mapping[str, tuple[Figure, ...]] | None = None,
) -> Corpus:
    """The corpus; `evidence` and `words`, when given, are each article's `detect_article` and
    `article_words` by seed name, worked out ahead (analyse.analyse_seeds). `memo`, a cache and each
    seed's key, keeps what depends on one article and a corpus-wide input from run to run."""
    ordered: Sequence[Article] = sorted(articles, key=newest_first)
    # Slugs are numbered in seed-name order so that adding a newer article never renames an older one.
    by_seed = sorted(range(len(ordered)), key=lambda i: ordered[i].seed)
    numbered = unique_slugs(briefing_slug(ordered[i]) for i in by_seed)
    slugs = [""] * len(ordered)
    for index, slug in zip(by_seed, numbered, strict=True):
        slugs[index] = slug

    with stage("entities"):
        known = [evidence[a.seed] for a in ordered] if evidence is not None else None
        kept = Memo(memo[0], [memo[1][a.seed] for a in ordered]) if memo is not None else None
        links = link_entities(ordered, settings.registry, evidence=known, memo=kept)
    with stage("related"):
        source_related = resolve_source_related(ordered, slugs)
        bags = [words[a.seed] for a in ordered] if words is not None else None
        related = rank_related(ordered, slugs, links.mentions, links.entities, k=settings.related_count, bags=bags)

    # Key figures depend on the article alone: found with the rest of a seed's own analysis, when given.
    found_figures = [figures[a.seed] if figures is not None else find_figures(a) for a in ordered]

    referenced_by: dict[str, list[str]] = {}
    for slug, declared in zip(slugs, source_related, strict=True):
        for item in declared:
            if item.slug and item.slug != slug:
                referenced_by.setdefault(item.slug, []).append(slug)

    briefings = tuple(
        Briefing(
            article=article,
            slug=slug,
            mentions=links.mentions[i],
            linked=links.linked[i],
            related=related[i],
            source_related=source_related[i],
            referenced_by=tuple(referenced_by.get(slug, ())),
            quotes=links.quotes[i],
            figures=found_figures[i],
        )
        for i, (article, slug) in enumerate(zip(ordered, slugs, strict=True))
    )
    return Corpus(briefings=briefings, entities=links.entities, review=links.review)
