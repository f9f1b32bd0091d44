"""Entity detection, resolution and mention finding across the corpus. Pure: articles in, links out.

Three passes, each linear in the size of the corpus, each a module of its own:

1. `detect`: in each article on its own (`detect_article`), the candidate names and the evidence
   around them. Depends on that article alone, so the pipeline caches it per seed.
2. `resolve`: across the corpus, surnames join full names, acronyms what they abbreviate, the
   registry corrects names and types, and each entity gets its type.
3. `mentions`: every mention of every resolved name in every article.

Then `curation` reads what the three found for what a curator should check (the report).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .curation import review
from .detect import ArticleEvidence, detect_article
from .mentions import TYPE_DIRS, EntityLinks, Memo, find_mentions
from .model import CAPTION, Article
from .registry import EMPTY_REGISTRY, Registry
from .resolve import merge_evidence, resolve_names

__all__ = ["CAPTION", "TYPE_DIRS", "ArticleEvidence", "EntityLinks", "Memo", "detect_article", "link_entities"]


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
    article's mentions from one run to the next while the resolved names stay the same. The links
    carry the curation report (curation.review), made from the same passes.
    """
    if evidence is None:
        evidence = [detect_article(article) for article in articles]
    elif len(evidence) != len(articles):
        raise ValueError(f"evidence for {len(evidence)} articles, but {len(articles)} articles")
    names, hints = merge_evidence(evidence)
    resolved = resolve_names(names, hints, registry or EMPTY_REGISTRY)
    links = find_mentions(articles, resolved, memo)
    return replace(links, review=review(names, resolved, links))
