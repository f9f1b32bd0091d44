"""Related articles: what the source declares, and what the corpus shows (issue #4 fills this in)."""

from __future__ import annotations

from collections.abc import Sequence

from .model import Article, Entity, Mention, Related, SourceRelated


def resolve_source_related(articles: Sequence[Article], slugs: Sequence[str]) -> list[tuple[SourceRelated, ...]]:
    """Each article's `**Related article:**` titles, linked to a briefing where we have one."""
    return [tuple(SourceRelated(title) for title in a.related_titles) for a in articles]


def rank_related(
    articles: Sequence[Article],
    slugs: Sequence[str],
    mentions: Sequence[Sequence[Mention]],
    entities: Sequence[Entity] = (),
    k: int = 5,
) -> list[tuple[Related, ...]]:
    """Up to k related briefings per article, best first."""
    return [() for _ in articles]
