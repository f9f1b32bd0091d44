"""Plain data passed between the pipeline stages (parse -> enrich -> render -> write)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Span:
    """A run of paragraph text; `href` is set when the source linked it to a real URL."""

    text: str
    href: str | None = None


@dataclass(frozen=True, slots=True)
class Paragraph:
    spans: tuple[Span, ...]

    @property
    def text(self) -> str:
        """The plain text a reader sees, used for entity detection and search."""
        return "".join(span.text for span in self.spans)


@dataclass(frozen=True, slots=True)
class Article:
    """One seed file, as parsed. Everything here comes from the seed's own text."""

    seed: str  # seed file name, e.g. "000_3be0f6f4840430dd.txt"
    title: str
    date: dt.date | None
    paragraphs: tuple[Paragraph, ...]
    caption: str = ""
    photo_credit: str = ""
    credit: str = ""  # agency credit line, e.g. "Reuters contributed reporting."
    source_name: str = ""
    source_url: str = ""
    related_titles: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    slug_hint: str = ""  # a slug asked for in front matter

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)

    @property
    def word_count(self) -> int:
        return sum(len(p.text.split()) for p in self.paragraphs)


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation, place or named event with a page of its own."""

    id: str  # stable, e.g. "people/rustem-umerov"; also the page path under entities/
    name: str
    type: str  # "person" | "organisation" | "place" | "event"
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True, slots=True)
class Mention:
    """Where an entity is named in an article's text (offsets into Paragraph.text)."""

    entity_id: str
    paragraph: int
    start: int
    end: int
    sentence: str = ""


@dataclass(frozen=True, slots=True)
class Related:
    """An article computed to be related, with the score and the reasons shown to readers."""

    slug: str
    score: float
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceRelated:
    """A `**Related article:**` title from the source, resolved to a briefing when we have it."""

    title: str
    slug: str | None = None


@dataclass(frozen=True, slots=True)
class Briefing:
    """An article placed in the corpus: its unique slug and everything cross-article."""

    article: Article
    slug: str
    mentions: tuple[Mention, ...] = ()
    related: tuple[Related, ...] = ()
    source_related: tuple[SourceRelated, ...] = ()
    referenced_by: tuple[str, ...] = ()  # slugs of briefings whose source names this one

    @property
    def url(self) -> str:
        return f"briefings/{self.slug}/"


@dataclass(frozen=True, slots=True)
class Corpus:
    briefings: tuple[Briefing, ...]  # newest first, undated last
    entities: tuple[Entity, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    def by_slug(self) -> dict[str, Briefing]:
        return {b.slug: b for b in self.briefings}
