"""The cross-article stage: order, slugs, entities and related articles. Pure."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

from .cache import Cache
from .entities import ArticleEvidence, Memo, link_entities
from .figures import find_figures
from .model import Article, Briefing, Corpus, Figure, Mention, Quote
from .quotes import find_quotes
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


def quotes_and_figures(
    articles: Sequence[Article],
    mentions: Sequence[Sequence[Mention]],
    cache: Cache | None = None,
    keys: Sequence[str] | None = None,
    known_figures: Mapping[str, tuple[Figure, ...]] | None = None,
) -> tuple[list[tuple[Quote, ...]], list[tuple[Figure, ...]]]:
    """Each article's quotes (quotes.find_quotes) and key figures (figures.find_figures).

    Figures depend on the article alone: the pipeline finds them with the rest of a seed's analysis
    (in the worker processes, cached with it) and passes them as `known_figures`, by seed name.
    With a cache and each article's key (the seed's content key), quotes are kept from run to run
    under the key and a digest of the article's mentions (their only other input). A rerun then reads
    them instead of scanning every text again. Articles without a quotation mark have no quotes and
    need no digest."""
    quotes: list[tuple[Quote, ...]] = []
    figures: list[tuple[Figure, ...]] = []
    for i, article in enumerate(articles):
        key = keys[i] if cache is not None and keys is not None else None
        known = known_figures.get(article.seed) if known_figures is not None else None
        figures.append(known if known is not None else find_figures(article))
        if not any('"' in p.text or "“" in p.text or "«" in p.text for p in article.paragraphs):
            quotes.append(())
            continue
        if key is None:
            quotes.append(find_quotes(article, mentions[i]))
            continue
        listed = "\0".join([f"{m[0]} {m[1]} {m[2]} {m[3]}" for m in mentions[i]]).encode("utf-8", "surrogatepass")
        quote_key = f"{key}:{hashlib.blake2b(listed, digest_size=16).hexdigest()}"
        said = cache.find("quotes", quote_key)
        if not isinstance(said, tuple):
            said = find_quotes(article, mentions[i])
            cache.put("quotes", quote_key, said)
        quotes.append(said)
    return quotes, figures


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

    with stage("quotes"):  # who said what, and key figures: a pass over each article's text
        keys = [memo[1][a.seed] for a in ordered] if memo is not None else None
        quotes, found_figures = quotes_and_figures(ordered, links.mentions, memo[0] if memo else None, keys, figures)

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
            quotes=quotes[i],
            figures=found_figures[i],
        )
        for i, (article, slug) in enumerate(zip(ordered, slugs, strict=True))
    )
    return Corpus(briefings=briefings, entities=links.entities, review=links.review)
