"""Plain data passed between the pipeline stages (parse -> enrich -> render -> write)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import NamedTuple, TypeVar

T = TypeVar("T", bound=type)


def _pickled_by_constructor(cls: T) -> T:
    """Pickle as `cls(*field values)`: the `__getstate__` that slotted dataclasses get calls
    `dataclasses.fields()` for every object, which was most of the time of saving and loading
    10,000 parsed articles. Fields not passed to the constructor are recomputed by it."""
    names = tuple(f.name for f in fields(cls) if f.init)
    values = attrgetter(*names)
    if len(names) == 1:
        cls.__reduce__ = lambda self: (cls, (values(self),))
    else:
        cls.__reduce__ = lambda self: (cls, values(self))
    return cls


@_pickled_by_constructor
@dataclass(frozen=True, slots=True)
class Span:
    """A run of paragraph text; `href` is set when the source linked it to a real URL."""

    text: str
    href: str | None = None


@_pickled_by_constructor
@dataclass(frozen=True, slots=True)
class Paragraph:
    spans: tuple[Span, ...]
    # The plain text a reader sees, used for entity detection and search. Stored, not a property:
    # every later stage reads it, many times per paragraph. Derived from `spans`, so not compared.
    text: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        spans = self.spans
        object.__setattr__(self, "text", spans[0].text if len(spans) == 1 else "".join([span.text for span in spans]))


def _pickled_with_packed_paragraphs(cls: T) -> T:
    """Pickle an Article's paragraphs as plain strings and tuples, rebuilt by `_unpacked_article`.

    Half the cost of pickling every Span and Paragraph as an object of its own (the seed cache
    holds 10,000 articles of 15 paragraphs each). A paragraph that is one plain span is its text;
    any other is (text, href, text, href, ...)."""
    names = tuple(f.name for f in fields(cls) if f.init)
    values = attrgetter(*names)
    at = names.index("paragraphs")

    def __reduce__(self: Article) -> tuple:
        packed = list(values(self))
        packed[at] = tuple([_packed_paragraph(paragraph) for paragraph in self.paragraphs])
        return (_unpacked_article, (cls, at, tuple(packed)))

    cls.__reduce__ = __reduce__
    return cls


def _packed_paragraph(paragraph: Paragraph) -> str | tuple[str | None, ...]:
    spans = paragraph.spans
    if len(spans) == 1 and spans[0].href is None:
        return spans[0].text
    return tuple([part for span in spans for part in (span.text, span.href)])


def _unpacked_article(cls: type[Article], at: int, values: tuple) -> Article:
    paragraphs = tuple(
        [
            Paragraph((Span(packed),))
            if packed.__class__ is str
            else Paragraph(tuple(map(Span, packed[::2], packed[1::2])))
            for packed in values[at]
        ]
    )
    return cls(*values[:at], paragraphs, *values[at + 1 :])


@_pickled_with_packed_paragraphs
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


@_pickled_by_constructor
@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation, place or named event with a page of its own."""

    id: str  # stable, e.g. "people/rustem-umerov"; also the page path under entities/
    name: str
    type: str  # "person" | "organisation" | "place" | "event"
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    description: str = ""


class Mention(NamedTuple):
    """Where an entity is named in an article's text (offsets into Paragraph.text, or into the
    caption when `paragraph` is CAPTION).

    A NamedTuple, unlike the other classes here: there are nearly a million at 10,000 articles, and
    a tuple subclass is made from pass 3's plain tuples in C (`Mention._make`), five times faster
    than a dataclass's `__init__`."""

    entity_id: str
    paragraph: int
    start: int
    end: int


@_pickled_by_constructor
@dataclass(frozen=True, slots=True)
class Related:
    """An article computed to be related, with the score and the reasons shown to readers."""

    slug: str
    score: float
    reasons: tuple[str, ...] = ()


@_pickled_by_constructor
@dataclass(frozen=True, slots=True)
class SourceRelated:
    """A `**Related article:**` title from the source, resolved to a briefing when we have it."""

    title: str
    slug: str | None = None


@_pickled_by_constructor
@dataclass(frozen=True, slots=True)
class Quote:
    """A quoted statement and the person the text attributes it to (generator/quotes.py)."""

    text: str  # the quoted words, without the quotation marks
    speaker: str  # a person entity's id, "people/rustem-umerov"
    paragraph: int  # index into Article.paragraphs
    start: int  # offsets of the quoted words in that paragraph's text
    end: int


@_pickled_by_constructor
@dataclass(frozen=True, slots=True)
class Figure:
    """A number and what it counts, "around 50,000" "Russian troops" (generator/figures.py)."""

    number: str  # "6,000", "around 50,000", "two to three"
    counted: str  # "bodies of killed soldiers each"
    paragraph: int  # index into Article.paragraphs
    start: int  # offsets of the phrase in that paragraph's text
    end: int

    @property
    def text(self) -> str:
        return f"{self.number} {self.counted}"


@_pickled_by_constructor
@dataclass(frozen=True, slots=True)
class Briefing:
    """An article placed in the corpus: its unique slug and everything cross-article."""

    article: Article
    slug: str
    mentions: tuple[Mention, ...] = ()
    linked: tuple[Mention, ...] = ()  # each entity's first linkable mention, in reading order: where the page links it
    related: tuple[Related, ...] = ()
    source_related: tuple[SourceRelated, ...] = ()
    referenced_by: tuple[str, ...] = ()  # slugs of briefings whose source names this one
    quotes: tuple[Quote, ...] = ()  # who said what, in reading order (quotes.find_quotes)
    figures: tuple[Figure, ...] = ()  # key figures, in reading order (figures.find_figures)

    @property
    def url(self) -> str:
        return f"briefings/{self.slug}/"


@_pickled_by_constructor
@dataclass(frozen=True, slots=True)
class Finding:
    """Something a curator should look at in what detection found (generator/curation.py)."""

    kind: str  # "duplicate" | "type" | "single" | "ambiguous"
    names: tuple[str, ...]
    why: str
    entry: str  # YAML to paste into seeds/entities.yml
    ids: tuple[str, ...] = ()  # the entity id of each name, "" for a name with no page of its own


@_pickled_by_constructor
@dataclass(frozen=True, slots=True)
class Review:
    """The curation report: a bounded number of findings of each kind, and how many there were in all."""

    findings: tuple[Finding, ...] = ()
    totals: tuple[tuple[str, int], ...] = ()  # (kind, findings of that kind before the cap)


NO_REVIEW = Review()


@_pickled_by_constructor
@dataclass(frozen=True, slots=True)
class Corpus:
    briefings: tuple[Briefing, ...]  # newest first, undated last
    entities: tuple[Entity, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    review: Review = NO_REVIEW  # what a curator should check in the entities (curation.review)


# Mention.paragraph of a mention outside the paragraphs: negative, so that a list of one item per
# paragraph plus these three, indexed by Mention.paragraph, keeps them last.
CAPTION = -1  # the photo caption
PHOTO_CREDIT = -2  # "Alexander Ryumin / TASS"
CREDIT = -3  # "Reuters contributed reporting."
EXTRA_PARTS = 3


def article_parts(article: Article) -> list[tuple[int, str]]:
    """(Mention.paragraph, text) of the caption and the credit lines, when there are, and of each
    paragraph: the text entity detection reads, and where a mention's offsets point."""
    parts = [(index, text) for index, text in _extra_parts(article) if text]
    parts.extend((index, paragraph.text) for index, paragraph in enumerate(article.paragraphs))
    return parts


def part_text(article: Article, paragraph: int) -> str:
    """The text a mention's `paragraph` refers to."""
    if paragraph >= 0:
        return article.paragraphs[paragraph].text
    return dict(_extra_parts(article))[paragraph]


def story_counts(mentions: Sequence[Mention]) -> Counter[str]:
    """Mentions per entity in the article's own text, its paragraphs and caption, in order of first
    mention. A credit line says who made the article, not what it is about: an entity named only
    there (the photographer of "Alexander Ryumin / TASS", the agency of "Reuters contributed
    reporting.") neither makes two articles related nor is "mentioned with" the rest of the story."""
    return without_credits(Counter(map(_ENTITY_ID, mentions)), mentions)  # Counter counts in C


def without_credits(counts: dict[str, int], mentions: Sequence[Mention]) -> dict[str, int]:
    """`counts` (all of `mentions`, changed in place) less the credit lines' few mentions: story_counts
    from counts a caller already has."""
    for mention in mentions:  # half the cost of a second Counter subtracted (callgrind, 10,000 articles)
        if mention.paragraph < CAPTION:
            left = counts[mention.entity_id] - 1
            if left:
                counts[mention.entity_id] = left
            else:
                del counts[mention.entity_id]
    return counts


_ENTITY_ID = attrgetter("entity_id")


def _extra_parts(article: Article) -> tuple[tuple[int, str], ...]:
    return ((CAPTION, article.caption), (PHOTO_CREDIT, article.photo_credit), (CREDIT, article.credit))
