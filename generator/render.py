"""Corpus -> {relative path: file text}. Pure and deterministic: same corpus, same bytes."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
import json
import operator
import pickle
import posixpath
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import jinja2
import jinja2.bccache
import numpy as np
import orjson
from scipy import sparse

from . import curation, graph
from .cache import Cache, code_fingerprint
from .charts import bar_chart, count_by_month
from .describe import entity_description, meta_description
from .escape import Markdown, code_block, escape_html, escape_inline, escape_line_start, escape_markdown, link
from .feeds import (
    ENTITY_FEED_LIMIT,
    SITE_FEED,
    SITE_FEED_LIMIT,
    FeedEntry,
    entity_feed,
    entity_feed_path,
    entries,
    feed_entry,
    site_feed,
)
from .model import (
    CAPTION,
    CREDIT,
    EXTRA_PARTS,
    PHOTO_CREDIT,
    Article,
    Briefing,
    Corpus,
    Entity,
    Figure,
    Finding,
    Mention,
    Paragraph,
    Quote,
    Span,
    part_text,
    without_credits,
)
from .text import sentence_window, sentences

WORDS_PER_MINUTE = 220
SUMMARY_CHARACTERS = 300
HOME_LIMIT = 50

ENTITY_TYPE_TITLES = {
    "person": "People",
    "organisation": "Organisations",
    "place": "Places",
    "event": "Events and operations",
}
ENTITY_TYPE_NAMES = {"person": "Person", "organisation": "Organisation", "place": "Place", "event": "Event"}
CO_MENTION_LIMIT = 10
CO_MENTION_NAMED_LIMIT = 200  # entities of one article that count for "often mentioned with" (co_mentions)
ENTITY_RECENT_LIMIT = 50  # newest articles on an entity's page shown with the sentence of first mention
ENTITY_EARLIER_LIMIT = 500  # older ones listed a line each up to this many; beyond, counts per month
ENTITY_INDEX = "entities/index.md"
# An entity named in one article only gets no feed and no graph: both would repeat its one briefing,
# and they are most of the cost of an entity page (7 in 10 entities of the synthetic corpus, and of a
# 5 MB seed without full stops, are named once). Its page links the site's feed instead.
FOLLOW_MIN_ARTICLES = 2
ENTITY_QUOTE_LIMIT = 50  # newest quotes listed on a person's page
NETWORK = "network.md"
REVIEW = "entities/review.md"  # the curation report (curation.py): linked from the entity index, out of search


def summary(article: Article) -> str:
    """The lede: the first paragraph's opening sentences, up to about SUMMARY_CHARACTERS."""
    if not article.paragraphs:
        return article.caption
    text = article.paragraphs[0].text
    kept = ""
    for sentence in sentences(text):
        if kept and len(kept) + len(sentence) > SUMMARY_CHARACTERS:
            break
        kept = f"{kept} {sentence}".strip()
    if len(kept) > SUMMARY_CHARACTERS * 2:
        kept = kept[:SUMMARY_CHARACTERS].rsplit(" ", 1)[0] + "…"
    return kept


def reading_minutes(article: Article) -> int:
    return max(1, round(article.word_count / WORDS_PER_MINUTE))


def long_date(article: Article) -> str:
    return f"{article.date.day} {article.date:%B %Y}" if article.date else "Undated"


def briefing_path(slug: str) -> str:
    return f"briefings/{slug}.md"


def entity_path(entity_id: str) -> str:
    return f"entities/{entity_id}.md"


def relative(from_path: str, to_path: str) -> Markdown:
    """A link target from one generated page to another, as MkDocs resolves .md links."""
    return _relative_to_folder(from_path.rpartition("/")[0], to_path)


@functools.lru_cache(maxsize=1 << 17)  # keyed by folder, not page: a few folders x every target
def _relative_to_folder(folder: str, to_path: str) -> Markdown:
    start, target = folder.split("/"), to_path.split("/")
    if _CLEAN.isdisjoint(start[:-1] + target) and start[-1] not in ("..", ".") and not folder.startswith("/"):
        # Both are plain relative paths (what render_site makes): no call to os.getcwd() per link.
        start = [part for part in start if part]
        common = 0
        while common < min(len(start), len(target)) and start[common] == target[common]:
            common += 1
        return Markdown("/".join([".."] * (len(start) - common) + target[common:]) or ".")
    return Markdown(posixpath.relpath(to_path, folder or "."))


_CLEAN = frozenset(("", ".", ".."))  # path parts that need posixpath's full treatment


@functools.lru_cache(maxsize=1 << 16)
def _escape_text(value: str) -> Markdown:
    return escape_markdown(value)


def _finalize(value: object) -> Markdown:
    """Jinja's `finalize`: escape_markdown, remembering plain strings (names and titles recur on many pages)."""
    if type(value) is Markdown:  # most values: made by us, already escaped
        return value
    if type(value) is int:  # counts: digits alone never make Markdown
        return Markdown(value)
    return _escape_text(value) if type(value) is str else escape_markdown(value)


def paragraph_markdown(paragraph: Paragraph, entity_links: dict[tuple[int, int], str]) -> Markdown:
    """A paragraph as Markdown; `entity_links` maps (start, end) offsets in its text to link targets."""
    spans = paragraph.spans
    text = paragraph.text
    escaped = escape_inline(text)
    if len(spans) == 1 and not spans[0].href and not entity_links:  # most paragraphs: one escape
        return escape_line_start(escaped.strip())
    # Text that escaping leaves as it is (most of it) has no part that escaping would change either.
    escape = _unchanged if escaped == text else escape_inline
    targets = sorted(entity_links.items())
    parts: list[str] = []
    offset = 0
    for span in spans:
        end = offset + len(span.text)
        if span.href:
            parts.append(link(span.text, span.href))
        else:
            cursor = offset
            for (start, stop), target in targets:
                if start < cursor or stop > end:
                    continue  # overlaps a real link or a previous entity link
                parts.append(escape(text[cursor:start]))
                parts.append(f"[{escape_markdown(text[start:stop])}]({target})")
                cursor = stop
            parts.append(escape(text[cursor:end]))
        offset = end
    return escape_line_start("".join(parts).strip())


def _unchanged(text: str) -> str:
    return text


_ENTITY_ID = operator.attrgetter("entity_id")
_CARD_FIELDS = operator.attrgetter("slug", "title", "date", "source", "minutes", "summary")
_MENTION_PLACE = operator.attrgetter("paragraph", "start", "end")


def caption_markdown(article: Article, links: dict[tuple[int, int], str]) -> Markdown:
    """The photo caption, escaped like a paragraph, with links for entities named only there."""
    return line_markdown(article.caption, links)


def line_markdown(text: str, links: dict[tuple[int, int], str]) -> Markdown:
    """A line outside the paragraphs (caption, credit), escaped like a paragraph, with its entity links."""
    return paragraph_markdown(Paragraph((Span(text),)), links)


def mention_counts(briefing: Briefing) -> dict[str, int]:
    """Mentions per entity, in order of first mention (Counter keeps that order, and counts in C)."""
    return dict(Counter(map(_ENTITY_ID, briefing.mentions)))


def _front_matter(fields: dict) -> Markdown:
    """YAML front matter; JSON is valid YAML and quotes every string safely.

    Material prints `title` and `description` into the page as raw HTML, so they are HTML-escaped here."""
    fields = {key: escape_html(value) if key in ("title", "description") else value for key, value in fields.items()}
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items() if value]
    return Markdown("---\n" + "\n".join(lines) + "\n---")


class _TemplateCache(jinja2.BytecodeCache):
    """Compiled templates kept in the generator's cache: compiling them costs a tenth of a second,
    more than a whole rerun spends rendering the few pages that changed."""

    def __init__(self, cache: Cache) -> None:
        self.cache = cache

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.cache.find("template", f"{bucket.key}:{bucket.checksum}")
        if isinstance(data, bytes):
            bucket.bytecode_from_string(data)  # Jinja discards it if another Python compiled it

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.cache.put("template", f"{bucket.key}:{bucket.checksum}", bucket.bytecode_to_string())


TEMPLATES = (
    "briefing.md.j2", "entity.md.j2", "entities_index.md.j2", "home.md.j2", "timeline.md.j2", "network.md.j2",
    "review.md.j2",
)  # fmt: skip


def _environment(cache: Cache | None = None) -> jinja2.Environment:
    env = jinja2.Environment(
        bytecode_cache=_TemplateCache(cache) if cache is not None else None,
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=False,  # we emit Markdown; `finalize` escapes every value instead
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # an environment lives for one run: no stat of the template files per page
    )
    env.filters["link"] = link
    env.globals.update(
        relative=relative,
        briefing_path=briefing_path,
        entity_path=entity_path,
        long_date=long_date,
        summary=summary,
        reading_minutes=reading_minutes,
        paragraph_markdown=paragraph_markdown,
        caption_markdown=caption_markdown,
        front_matter=_front_matter,
        type_titles=ENTITY_TYPE_TITLES,
        type_names=ENTITY_TYPE_NAMES,
        Markdown=Markdown,
        graph_key=graph.KEY,
        code_block=code_block,
    )
    return env


@dataclass(frozen=True, slots=True)
class Card:
    """A briefing as every page that lists it shows it: escaped and formatted once, not once per link."""

    slug: str
    path: str  # briefings/<slug>.md
    title: Markdown
    date: str  # "2 June 2025", or "Undated"
    day_month: str  # "2 June", or "" when undated
    source: Markdown
    minutes: int
    summary: str  # plain text: front matter, home page, briefing.json


def card_text(article: Article) -> tuple[Markdown, str, str, Markdown, int, str]:
    """What a card shows that depends on the article alone: worked out per seed, ahead (analyse.py)."""
    return (
        escape_markdown(article.title),
        long_date(article),
        f"{article.date.day} {article.date:%B}" if article.date else "",
        escape_markdown(article.source_name),
        reading_minutes(article),
        summary(article),
    )


def card_for(briefing: Briefing, text: tuple | None = None) -> Card:
    return Card(briefing.slug, briefing_path(briefing.slug), *(text or card_text(briefing.article)))


@dataclass(frozen=True, slots=True)
class Mentioned:
    """Which entities a briefing names, how often (in order of first mention), and where each is first
    linkable; `story`: the counts of those its text names, leaving out an entity named only in a credit
    line (model.story_counts), which is who co-occurs in it for "Often mentioned with" and the graphs."""

    counts: dict[str, int]
    first: dict[str, Mention]
    story: dict[str, int]

    def linked_in_story(self) -> list[str]:
        """The entities linked here that its text names: the ones it joins to the others it names."""
        return [entity_id for entity_id in self.first if entity_id in self.story]


def mentioned(briefing: Briefing) -> Mentioned:
    counts = mention_counts(briefing)
    first = {mention.entity_id: mention for mention in briefing.linked}
    return Mentioned(counts, first, without_credits(dict(counts), briefing.mentions))


def render_site(corpus: Corpus) -> dict[str, str]:
    """Every generated file's relative path (under docs/) and text."""
    site = Site(corpus)
    return {path: site.render(path) for path in site.paths()}


class Site:
    """What the pages share, computed once; then any page by its path, so pages can be rendered
    in any order, in several processes, or not at all when their inputs have not changed."""

    def __init__(
        self,
        corpus: Corpus,
        article_keys: Mapping[str, str] | None = None,
        card_texts: Mapping | None = None,
        cache: Cache | None = None,
        site_url: str = "",
        site_name: str = "",
    ) -> None:
        """By seed name, worked out ahead when given: `article_keys`, a key that changes whenever the
        article's content does (the seed's cache key; otherwise page keys hash each article), and
        `card_texts`, each article's `card_text`. `cache` keeps the compiled templates. `site_url` and
        `site_name` (mkdocs.yml's) make the feeds' addresses and titles."""
        self.corpus = corpus
        self.site_url, self.site_name = site_url, site_name
        self.env = _environment(cache)
        for name in TEMPLATES:  # loaded here, once, not in each worker process
            self.env.get_template(name)
        texts = card_texts or {}
        self.cards = {b.slug: card_for(b, texts.get(b.article.seed)) for b in corpus.briefings}
        self.named = {briefing.slug: mentioned(briefing) for briefing in corpus.briefings}
        self.briefings = {briefing_path(briefing.slug): briefing for briefing in corpus.briefings}
        self.entities = {entity_path(entity.id): entity for entity in corpus.entities}
        self.entities_by_id = {entity.id: entity for entity in corpus.entities}
        # Every briefing page lives in briefings/, so an entity's list item reads the same on all of them.
        self.entity_items = {
            e.id: Markdown(
                f"[{escape_markdown(e.name)}]({relative('briefings/', entity_path(e.id))}) · {escape_markdown(e.type)}"
            )
            for e in corpus.entities
        }
        # Entity pages all sit two folders down (entities/<type>/): an article's link reads the same on each.
        self.linked = {
            slug: Markdown(f"[{card.title}]({relative('entities/type/', card.path)})")
            for slug, card in self.cards.items()
        }
        self.dated_lines = {
            slug: Markdown(f"- {card.day_month} · {self.linked[slug]}" if card.day_month else f"- {self.linked[slug]}")
            for slug, card in self.cards.items()
        }
        self.article_digests: dict[str, str | bytes] = dict(article_keys or {})
        # The graph's neighbours are the same ranking, a little longer: one computation for both.
        self.together = co_mentions(corpus, self.named, max(CO_MENTION_LIMIT, graph.NEIGHBOURS))
        self._neighbourhoods: dict[str, list] = {}  # entity id -> Site.joining
        self._graph_nodes: dict[str, tuple[graph.Node, str]] = {}  # entity id -> Site._graph_node
        self._network: Network | None = None
        self.titles = {briefing.slug: briefing.article.title for briefing in corpus.briefings}  # plain text, for SVG
        self._counted_months: dict[str, list] = {}  # entity id -> _month_counts
        self.found: dict[str, list[Briefing]] = defaultdict(list)  # entity id -> briefings linking it, newest first
        for briefing in corpus.briefings:
            for entity_id in self.named[briefing.slug].first:
                self.found[entity_id].append(briefing)
        self.quoted = quotes_by_speaker(corpus)  # person id -> (briefing, quote), newest first
        self.feeds = {
            entity_feed_path(entity.id): entity
            for entity in corpus.entities
            if len(self.found.get(entity.id, ())) >= FOLLOW_MIN_ARTICLES
        }
        self._charts: dict[str, Markdown] = {}  # entity id -> its mentions chart
        self._tokens: dict[str, str] = {}  # slug or entity id -> _listed / _named
        self._months: dict[str, dict[tuple[int, int], int]] = {}  # entity id -> _mentions_by_month
        self.month_of = {b.slug: (b.article.date.year, b.article.date.month) if b.article.date else None
                         for b in corpus.briefings}  # fmt: skip
        self._feed_items: dict[str, FeedEntry | None] = {}  # slug -> its feed entry (None: undated)

    def feed_entries(self, briefings: Sequence[Briefing], limit: int) -> list[FeedEntry]:
        """The `limit` newest of `briefings` as feed entries, each made once per run whatever the feeds it is in."""
        return entries(briefings, self._feed_entry, limit)

    def _feed_inputs(self, briefings: Sequence[Briefing], limit: int) -> list[tuple[str, str | bytes]]:
        """What a feed of `briefings` shows, for its key: the slug and content of each entry (feeds.entries:
        the `limit` newest dated ones), without making the entries."""
        dated = itertools.takewhile(lambda briefing: briefing.article.date is not None, briefings)
        return [(b.slug, self._article_digest(b)) for b in itertools.islice(dated, limit)]

    def _followed(self, path: str) -> tuple[Sequence[Briefing], int]:
        """What the feed at `path` follows, newest first, and how many of them it shows: its key and
        its page both take them from here."""
        if path == SITE_FEED:
            return self.corpus.briefings, SITE_FEED_LIMIT
        return self.found.get(self.feeds[path].id, []), ENTITY_FEED_LIMIT

    def _feed_entry(self, briefing: Briefing) -> FeedEntry | None:
        slug = briefing.slug
        if slug not in self._feed_items:
            self._feed_items[slug] = feed_entry(briefing, self.cards[slug].summary)
        return self._feed_items[slug]

    def chart(self, entity: Entity) -> Markdown:
        """The entity's mentions per month (once per entity: its page's key and its page both show it)."""
        chart = self._charts.get(entity.id)
        if chart is None:
            chart = self._charts[entity.id] = bar_chart(self._mentions_by_month(entity.id), "mentions", entity.name)
        return chart

    def _mentions_by_month(self, entity_id: str) -> dict[tuple[int, int], int]:
        """What the entity's chart shows, once per entity (its page's key and its chart both read it):
        its mentions per (year, month), undated articles left out."""
        counts = self._months.get(entity_id)
        if counts is None:
            counts = self._months[entity_id] = {}
            named, month_of = self.named, self.month_of
            for briefing in self.found.get(entity_id, ()):
                slug = briefing.slug
                month = month_of[slug]
                if month is not None:
                    counts[month] = counts.get(month, 0) + named[slug].counts[entity_id]
        return counts

    def paths(self) -> list[str]:
        return [
            *self.briefings, *self.entities, ENTITY_INDEX, REVIEW, "index.md", "timeline.md", NETWORK, "briefing.json",
            SITE_FEED, *self.feeds,
        ]  # fmt: skip

    def key(self, path: str) -> str | None:
        """A hash of everything the page at `path` shows, and of the generator's code: the same key,
        the same page, so a page whose key has not changed need not be rendered again. None for
        briefing.json, which holds nearly everything: always rendered."""
        cards = self.cards
        if path in self.briefings:
            inputs = self._briefing_inputs(self.briefings[path])
        elif path in self.entities:
            inputs = self._entity_inputs(self.entities[path])
        elif path == "index.md":
            shown = self.corpus.briefings[:HOME_LIMIT]
            inputs = (len(self.corpus.briefings), [_CARD_FIELDS(cards[b.slug]) for b in shown])
        elif path == "timeline.md":
            inputs = [
                (b.slug, cards[b.slug].date, cards[b.slug].title, cards[b.slug].source) for b in self.corpus.briefings
            ]
        elif path == ENTITY_INDEX:
            inputs = [(e.id, e.name, e.type, e.aliases, len(self.found.get(e.id, ()))) for e in self.corpus.entities]
        elif path == SITE_FEED:
            inputs = (self.site_url, self.site_name, self._feed_inputs(*self._followed(path)))
        elif path in self.feeds:
            inputs = (self.site_url, self.site_name, self.feeds[path], self._feed_inputs(*self._followed(path)))
        elif path == NETWORK:
            inputs = self.network()  # the view itself
        elif path == REVIEW:
            inputs = self.corpus.review
        else:
            return None
        return hashlib.blake2b(repr((code_fingerprint(), path, inputs)).encode(), digest_size=16).hexdigest()

    def _briefing_inputs(self, briefing: Briefing) -> tuple:
        named = self.named[briefing.slug]
        linked = [item.slug for item in briefing.related if item.slug]
        linked += [item.slug for item in briefing.source_related if item.slug]
        linked += briefing.referenced_by
        return (
            self._article_digest(briefing),
            briefing.slug,
            [(item.slug, item.reasons) for item in briefing.related],
            [(item.title, item.slug) for item in briefing.source_related],
            briefing.referenced_by,
            [self._listed(slug) for slug in linked],
            named.counts,
            [(m.entity_id, m.paragraph, m.start, m.end) for m in named.first.values()],
            [self._named(entity_id) for entity_id in named.counts],
            [(q.text, q.speaker, q.paragraph, self._speaker_name(q.speaker)) for q in briefing.quotes],
            [(f.number, f.counted, f.paragraph) for f in briefing.figures],
        )

    def _listed(self, slug: str) -> str:
        """A short hash of what a list line of the briefing shows on other pages (its slug, title and
        dates), made once per briefing: the keys of the pages listing it hold this, not the fields."""
        token = self._tokens.get(slug)
        if token is None:
            card = self.cards[slug]
            shown = repr((slug, card.title, card.date, card.day_month)).encode()
            token = self._tokens[slug] = hashlib.blake2b(shown, digest_size=8).hexdigest()
        return token

    def _named(self, entity_id: str) -> str:
        """A short hash of what other pages show of an entity (its id, name and type), made once per entity."""
        token = self._tokens.get(entity_id)
        if token is None:
            e = self.entities_by_id[entity_id]
            token = self._tokens[entity_id] = hashlib.blake2b(
                repr((e.id, e.name, e.type)).encode(), digest_size=8
            ).hexdigest()
        return token

    def _speaker_name(self, entity_id: str) -> str | None:
        entity = self.entities_by_id.get(entity_id)
        return entity.name if entity is not None else None

    def _article_digest(self, briefing: Briefing) -> str | bytes:
        """What identifies the article's content: its seed's cache key when known, else a hash of it."""
        digest = self.article_digests.get(briefing.article.seed)
        if digest is None:
            data = pickle.dumps(briefing.article, protocol=pickle.HIGHEST_PROTOCOL)
            digest = self.article_digests[briefing.article.seed] = hashlib.blake2b(data, digest_size=16).digest()
        return digest

    def _entity_inputs(self, entity: Entity) -> tuple:
        items = self.found.get(entity.id, [])
        named = self.named
        listed = self._listed
        recent = [
            (self._article_digest(b), listed(b.slug), named[b.slug].counts[entity.id],
             _MENTION_PLACE(named[b.slug].first[entity.id]))
            for b in items[:ENTITY_RECENT_LIMIT]
        ]  # fmt: skip
        earlier = items[ENTITY_RECENT_LIMIT:]  # what the page shows of them: a line each, or counts by month
        if len(earlier) <= ENTITY_EARLIER_LIMIT:
            shown = [listed(b.slug) for b in earlier]
        else:
            shown = [(y, n, [(m.label, m.count) for m in ms]) for y, n, ms in self._month_counts(entity.id, earlier)]
        together = [(self._named(other), n) for other, n in self.together.get(entity.id, [])[:CO_MENTION_LIMIT]]
        quoted = self.quoted.get(entity.id, [])
        shown_quotes = quoted[:ENTITY_QUOTE_LIMIT]
        quotes = [(listed(b.slug), q.text, q.paragraph) for b, q in shown_quotes]
        return (entity.id, entity.name, entity.type, entity.aliases, entity.roles, entity.description,
                recent, shown, together, quotes, len(quoted), self._mentions_by_month(entity.id),
                self._joining_inputs(entity))  # fmt: skip

    def render(self, path: str) -> str:
        if path in self.briefings:
            briefing = self.briefings[path]
            view = briefing_view(
                briefing, self.cards, self.named[briefing.slug], self.entity_items, self.entities_by_id
            )
            return self.env.get_template("briefing.md.j2").render(view)
        if path in self.entities:
            return self.render_entity(self.entities[path])
        if path == ENTITY_INDEX:
            return self.render_entity_index()
        if path == REVIEW:
            return self.env.get_template("review.md.j2").render(sections=review_sections(self.corpus), page=path)
        cards, briefings = self.cards, self.corpus.briefings
        if path == "index.md":
            return self.env.get_template("home.md.j2").render(
                cards=[cards[b.slug] for b in briefings[:HOME_LIMIT]],
                total=len(briefings),
                page=path,
                feed=relative(path, SITE_FEED),
            )
        if path == "timeline.md":
            return self.env.get_template("timeline.md.j2").render(
                groups=[(label, [cards[b.slug] for b in items]) for label, items in timeline_groups(briefings)],
                page=path,
                chart=bar_chart(count_by_month((b.article.date, 1) for b in briefings), "articles"),
                feed=relative(path, SITE_FEED),
            )
        if path == NETWORK:
            return self.env.get_template("network.md.j2").render(network=self.network(), page=path)
        if path == "briefing.json":
            return export_json(self.corpus, cards, self.named)
        if path == SITE_FEED:
            return site_feed(self.feed_entries(*self._followed(path)), self.site_name, self.site_url)
        if path in self.feeds:
            shown = self.feed_entries(*self._followed(path))
            return entity_feed(self.feeds[path], shown, self.site_name, self.site_url)
        raise KeyError(path)

    def render_entity(self, entity: Entity) -> str:
        """An entity's page.

        It shows the ENTITY_RECENT_LIMIT newest articles with the sentence of first mention, then
        "Earlier articles": one line each (date and title) by year, or, past ENTITY_EARLIER_LIMIT, counts
        per year and month linking to the timeline, which lists every article. Sentences are computed only
        for the articles shown with one; the article lists are kept out of the search index (their titles
        and sentences are indexed on the briefings themselves).
        """
        page, named, feed = entity_path(entity.id), self.named, entity_feed_path(entity.id)
        items = self.found.get(entity.id, [])
        earlier = items[ENTITY_RECENT_LIMIT:]
        compact = len(earlier) <= ENTITY_EARLIER_LIMIT
        type_name = ENTITY_TYPE_NAMES.get(entity.type, entity.type)
        return self.env.get_template("entity.md.j2").render(
            e=entity,
            type_name=type_name,
            lede=entity_description(entity),
            description=meta_description(entity, type_name, len(items)),
            chart=self.chart(entity),
            feed=feed if feed in self.feeds else "",
            feed_link=relative(page, feed),
            site_feed_link=relative(page, SITE_FEED),
            total=len(items),
            appearances=[
                Markdown(
                    f"- {self.linked[b.slug]} <small>{self.cards[b.slug].date} · "
                    f"{_plural(named[b.slug].counts[entity.id], 'mention')}</small>\n\n"
                    f"    {_highlighted_sentence(b.article, named[b.slug].first[entity.id])}"
                )
                for b in items[:ENTITY_RECENT_LIMIT]
            ],
            earlier_by_year=[
                (year, [self.dated_lines[b.slug] for b in group])
                for year, group in (_by_year(earlier) if compact else [])
            ],
            earlier_counts=[] if compact else self._month_counts(entity.id, earlier),
            earlier_total=len(earlier),
            timeline=relative(page, "timeline.md"),
            together=self._together(entity),
            quotes=entity_quote_lines(self.quoted.get(entity.id, [])[:ENTITY_QUOTE_LIMIT], self.cards),
            quotes_more=max(0, len(self.quoted.get(entity.id, [])) - ENTITY_QUOTE_LIMIT),
            network=self.neighbourhood(entity),
        )

    def _month_counts(self, entity_id: str, earlier: Sequence[Briefing]) -> list[tuple[str, int, list[MonthCount]]]:
        """_counts_by_year_and_month, once per entity: its page's key and its page both show them."""
        counts = self._counted_months.get(entity_id)
        if counts is None:
            counts = self._counted_months[entity_id] = _counts_by_year_and_month(earlier)
        return counts

    def _together(self, entity: Entity) -> list[tuple[Entity, str, int]]:
        """The CO_MENTION_LIMIT entities most often named in the same articles: (entity, link, articles)."""
        page, entities = entity_path(entity.id), self.entities_by_id
        return [
            (entities[other], relative(page, entity_path(other)), n)
            for other, n in self.together.get(entity.id, [])[:CO_MENTION_LIMIT]
        ]

    def joining(self, entity: Entity) -> list[tuple[str, int, list[str]]]:
        """What an entity's graph shows, once per entity (its page's key and its page both need it): its
        graph.NEIGHBOURS strongest co-mentioned entities (the "Often mentioned with" ranking, longer), each
        with the number of articles joining them and the slugs of the graph.JOINING newest. Found in one
        pass over the entity's articles, stopping once every neighbour has its articles."""
        found = self._neighbourhoods.get(entity.id)
        if found is not None:
            return found
        if len(self.found.get(entity.id, ())) < FOLLOW_MIN_ARTICLES:
            self._neighbourhoods[entity.id] = []
            return []  # named in one article: its briefing shows all the graph would
        named = self.named
        ranked = self.together.get(entity.id, [])[: graph.NEIGHBOURS]
        joining: dict[str, list[str]] = {other: [] for other, _ in ranked}
        wanted = {other: min(n, graph.JOINING) for other, n in ranked}  # n articles join them: stop at those
        for briefing in self.found.get(entity.id, []):
            if not wanted:
                break
            counts = named[briefing.slug].story
            if entity.id not in counts:
                continue  # named here only in a credit line: not with the others (co_mentions)
            for other in [o for o in wanted if o in counts]:
                joining[other].append(briefing.slug)
                wanted[other] -= 1
                if not wanted[other]:
                    del wanted[other]
        found = self._neighbourhoods[entity.id] = [(other, n, joining[other]) for other, n in ranked]
        return found

    def _joining_inputs(self, entity: Entity) -> list:
        """What the entity's graph shows of others, for its page's key: names, types, counts, titles."""
        return [
            (self._named(other), n, [self._listed(slug) for slug in slugs]) for other, n, slugs in self.joining(entity)
        ]

    def neighbourhood(self, entity: Entity) -> Neighbourhood:
        """The view of an entity's "In the network" section: the graph's nodes and links, and the lines
        under it naming the articles joining each neighbour."""
        centre = graph.Node(entity.id, entity.name, entity.type, "./", len(self.found.get(entity.id, [])))
        neighbours = []
        lines = []
        titles, linked = self.titles, self.linked
        for other, n, slugs in self.joining(entity):
            node, line = self._graph_node(other)
            neighbours.append((node, graph.Link(entity.id, other, n, tuple(titles[slug] for slug in slugs))))
            more = f" and {n - len(slugs):,} more" if n > len(slugs) else ""
            lines.append(
                Markdown(f"{line}{_plural(n, 'article')}</small>: {'; '.join(linked[s] for s in slugs)}{more}")
            )
        return Neighbourhood(centre, tuple(neighbours), tuple(lines))

    def _graph_node(self, entity_id: str) -> tuple[graph.Node, str]:
        """An entity as every other entity page's graph shows it, and the start of its line under the
        graph: the same on all of them, as they all sit two folders down (entities/<type>/)."""
        made = self._graph_nodes.get(entity_id)
        if made is None:
            e, page = self.entities_by_id[entity_id], entity_path(entity_id)
            made = self._graph_nodes[entity_id] = (
                graph.Node(entity_id, e.name, e.type, page_href("entities/type/x.md", page)),
                f"- [{_escape_text(e.name)}]({relative('entities/type/', page)}) <small>",
            )
        return made

    def network(self) -> Network:
        """The network page's view: the graph.NETWORK_NODES entities in most articles and the
        graph.NETWORK_EDGES pairs of them named together most often, with up to graph.JOINING of the
        newest articles joining each; an article counts only what its text names (Mentioned.story),
        not its credit lines. One pass over the articles marks which of those entities each
        links; a product of that table with itself counts every pair."""
        if self._network is not None:
            return self._network
        entities, names = self.entities_by_id, {e.id: e.name for e in self.corpus.entities}
        briefings = self.corpus.briefings  # newest first
        in_story = [self.named[b.slug].linked_in_story() for b in briefings]
        counts = Counter(entity_id for linked in in_story for entity_id in linked if entity_id in entities)
        top = graph.top_entities(counts, names)
        column = {entity_id: c for c, entity_id in enumerate(top)}
        rows, columns = [], []
        for row, linked in enumerate(in_story):
            for entity_id in column.keys() & linked:
                rows.append(row)
                columns.append(column[entity_id])
        linking = np.zeros((len(briefings), len(top)), dtype=np.int32)
        linking[rows, columns] = 1
        together = linking.T @ linking  # articles naming both, for every pair of the top entities
        pairs = {
            (a, b): int(together[column[a], column[b]])
            for a, b in itertools.combinations(sorted(top), 2)
            if together[column[a], column[b]]
        }
        strongest = graph.strongest_pairs(pairs, names)
        joining = {  # the newest articles naming both
            (a, b): [
                briefings[row].slug
                for row in np.flatnonzero(linking[:, column[a]] & linking[:, column[b]])[: graph.JOINING]
            ]
            for a, b in strongest
        }
        linked = {i for pair in strongest for i in pair}  # an entity with no line drawn is left out
        nodes = tuple(
            graph.Node(i, names[i], entities[i].type, page_href(NETWORK, entity_path(i)), counts[i])
            for i in top
            if i in linked or not strongest
        )
        links = tuple(
            graph.Link(a, b, pairs[a, b], tuple(self.titles[slug] for slug in joining[a, b])) for a, b in strongest
        )
        lines = tuple(
            Markdown(
                f"- [{escape_markdown(names[a])}]({relative(NETWORK, entity_path(a))}) and "
                f"[{escape_markdown(names[b])}]({relative(NETWORK, entity_path(b))}) "
                f"<small>{_plural(pairs[a, b], 'article')}</small>"
            )
            for a, b in strongest
        )
        self._network = Network(nodes, links, lines)
        return self._network

    def render_entity_index(self) -> str:
        article_counts = {entity_id: len(items) for entity_id, items in self.found.items()}
        groups: dict[str, list[Entity]] = defaultdict(list)
        for entity in sorted(
            self.corpus.entities, key=lambda e: (-article_counts.get(e.id, 0), e.name.casefold(), e.id)
        ):
            groups[entity.type].append(entity)
        ordered_groups = [(kind, groups[kind]) for kind in ENTITY_TYPE_TITLES if groups.get(kind)]
        return self.env.get_template("entities_index.md.j2").render(
            groups=ordered_groups, counts=article_counts, page=ENTITY_INDEX, review=relative(ENTITY_INDEX, REVIEW)
        )


@dataclass(frozen=True, slots=True)
class Neighbourhood:
    """What an entity page's "In the network" section shows: the graph's nodes and links (graph.py lays
    them out and draws them) and a line per neighbour naming the articles joining them."""

    centre: graph.Node
    neighbours: tuple[tuple[graph.Node, graph.Link], ...]
    lines: tuple[Markdown, ...]

    @property
    def svg(self) -> Markdown:
        label = f"{self.centre.name} and the entities most often named with it"
        return graph.svg(graph.neighbourhood(self.centre, self.neighbours), label)


@dataclass(frozen=True, slots=True)
class Network:
    """The network page's view: its nodes and links, and a line per link."""

    nodes: tuple[graph.Node, ...]
    links: tuple[graph.Link, ...]
    lines: tuple[Markdown, ...]

    @property
    def svg(self) -> Markdown:
        label = "The entities named in most articles and the pairs of them named together most often"
        return graph.svg(graph.network(self.nodes, self.links), label)


def page_href(from_path: str, to_path: str) -> str:
    """A link from one generated page to another as the built site's URLs have it (entities/people/x/),
    for HTML the Markdown passes through untouched (the graphs' SVG), where MkDocs rewrites no .md link."""
    if from_path == to_path:
        return "./"
    return _relative_to_folder(from_path.removesuffix(".md"), to_path.removesuffix(".md")) + "/"


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def briefing_view(
    briefing: Briefing,
    cards: dict[str, Card],
    named: Mentioned,
    entity_items: dict[str, str],
    entities: Mapping[str, Entity] | None = None,
) -> dict:
    """Everything the briefing template shows, as Markdown or plain values: the template only lays it out."""
    article, card = briefing.article, cards[briefing.slug]
    page = card.path
    links: list[dict[tuple[int, int], str]] = [{} for _ in range(len(article.paragraphs) + EXTRA_PARTS)]
    for mention in named.first.values():
        links[mention.paragraph][(mention.start, mention.end)] = relative(page, entity_path(mention.entity_id))
    by_count = sorted(named.counts.items(), key=lambda item: item[1], reverse=True)  # ties: first mention first
    return {
        "front_matter": _front_matter(
            {
                "title": article.title,
                "description": card.summary,
                "date": article.date.isoformat() if article.date else "",
                "source": article.source_name,
                "source_url": article.source_url,
                "seed": article.seed,
                "entities": list(named.counts),
            }
        ),
        "card": card,
        "source": link(article.source_name, article.source_url) if article.source_url and card.source else card.source,
        "caption": caption_markdown(article, links[CAPTION]) if article.caption else "",
        "photo_credit": line_markdown(article.photo_credit, links[PHOTO_CREDIT]) if article.photo_credit else "",
        # Each paragraph with its anchor (#p1 for the first), which quotes and figures link to.
        "paragraphs": [
            Markdown(f"{paragraph_markdown(p, links[i])}\n{{: #p{i + 1}{' .briefing-lede' if i == 0 else ''} }}")
            for i, p in enumerate(article.paragraphs)
        ],
        "credit": line_markdown(article.credit, links[CREDIT]) if article.credit else "",
        "source_related": [
            (cards[item.slug], relative(page, cards[item.slug].path)) if item.slug else (item.title, None)
            for item in briefing.source_related
        ],
        "referenced_by": [(cards[slug], relative(page, cards[slug].path)) for slug in briefing.referenced_by],
        "related": [
            (cards[item.slug], relative(page, cards[item.slug].path), " · ".join(item.reasons))
            for item in briefing.related
        ],
        # One line per entity, formatted here: a long list costs a template many small steps per line.
        "entity_lines": [
            Markdown(f"- {entity_items[entity_id]} · {_plural(count, 'mention')}") for entity_id, count in by_count
        ],
        "quotes": quote_lines(briefing.quotes, page, entities or {}),
        "figures": figure_lines(briefing.figures),
    }


def _count_descending(item: tuple[str, int]) -> int:
    return -item[1]


def co_mentions(corpus: Corpus, named: dict[str, Mentioned], limit: int) -> dict[str, list[tuple[str, int]]]:
    """For each entity, the `limit` entities named most often in the articles that link it (ties by
    name): one sparse product, articles linking x entities^T times articles naming x entities.

    An article counts as naming only its CO_MENTION_NAMED_LIMIT most mentioned entities: the product
    holds a pair for each entity it links times each one it names, and a seed naming thousands of
    entities (a list, a dump) would make that millions of pairs (25 million, 700 MB, for 5,000)."""
    ids = [entity.id for entity in corpus.entities]
    column = {entity_id: c for c, entity_id in enumerate(ids)}
    linking: tuple[list[int], list[int]] = ([], [])
    naming: tuple[list[int], list[int]] = ([], [])
    for row, briefing in enumerate(corpus.briefings):
        mentioned = named[briefing.slug]
        counts = mentioned.story
        if len(counts) > CO_MENTION_NAMED_LIMIT:  # the most mentioned ones (ties: first mention first)
            counts = dict(sorted(counts.items(), key=_count_descending)[:CO_MENTION_NAMED_LIMIT])
        for pairs, keys in ((linking, mentioned.linked_in_story()), (naming, counts)):
            columns = [column[entity_id] for entity_id in keys if entity_id in column]
            pairs[0].extend([row] * len(columns))
            pairs[1].extend(columns)
    shape = (len(corpus.briefings), len(ids))

    def matrix(pairs: tuple[list[int], list[int]]) -> sparse.csr_matrix:
        return sparse.csr_matrix((np.ones(len(pairs[0])), pairs), shape=shape)

    together = (matrix(linking).T @ matrix(naming)).tocsr()
    by_name = np.empty(len(ids), dtype=np.int64)
    by_name[sorted(range(len(ids)), key=lambda c: (corpus.entities[c].name.casefold(), ids[c]))] = np.arange(len(ids))
    result: dict[str, list[tuple[str, int]]] = {}
    for c, entity_id in enumerate(ids):
        start, end = together.indptr[c], together.indptr[c + 1]
        others, counts = together.indices[start:end], together.data[start:end]
        keep = others != c
        others, counts = others[keep], counts[keep]
        best = np.lexsort((by_name[others], -counts))[:limit]
        result[entity_id] = [
            (ids[o], int(n)) for o, n in zip(others[best].tolist(), counts[best].tolist(), strict=True)
        ]
    return result


@dataclass(frozen=True, slots=True)
class MonthCount:
    """How many of an entity's older articles fall in one month, and that month on the timeline."""

    label: str  # "May"
    count: int
    anchor: str  # the timeline's heading id for the month, "may-2025"


def _by_year(briefings: Sequence[Briefing]) -> list[tuple[str, list[Briefing]]]:
    """Briefings (newest first) grouped by year, in that order; undated ones last."""
    groups: dict[str, list[Briefing]] = {}
    for briefing in briefings:
        date = briefing.article.date
        groups.setdefault(str(date.year) if date else "Undated", []).append(briefing)
    return list(groups.items())


def _counts_by_year_and_month(briefings: Sequence[Briefing]) -> list[tuple[str, int, list[MonthCount]]]:
    """(year, articles that year, counts per month newest first), in the order of `briefings` (newest first).

    Each month's anchor is the id MkDocs' toc gives the timeline's "May 2025" heading. Counted by
    (year, month) numbers, each month's name written once: an entity with thousands of articles."""
    counted: dict[tuple[int, int] | None, int] = {}
    for briefing in briefings:
        date = briefing.article.date
        month = (date.year, date.month) if date else None
        counted[month] = counted.get(month, 0) + 1
    months: dict[str, dict[str, int]] = {}
    for month, n in counted.items():  # in order of first appearance, as the briefings are
        year, name = (str(month[0]), f"{dt.date(month[0], month[1], 1):%B}") if month else ("Undated", "")
        months.setdefault(year, {})[name] = n
    return [
        (
            year,
            sum(per_month.values()),
            [MonthCount(month, n, f"{month}-{year}".lower() if month else "undated") for month, n in per_month.items()],
        )
        for year, per_month in months.items()
    ]


def _highlighted_sentence(article: Article, mention: Mention) -> Markdown:
    """The sentence of a mention, escaped, with the mention itself in bold. Found here, for the few
    mentions an entity page quotes, not for each of the million that pass 3 finds at 10,000 articles.
    A sentence longer than text.QUOTE_CONTEXT characters either side of the mention is cut, with "…"
    where it was cut (a seed without sentence breaks would otherwise be quoted whole on every page)."""
    text = part_text(article, mention.paragraph)
    begin, stop, cut_before, cut_after = sentence_window(text, mention.start, mention.end)
    sentence = text[begin:stop]
    before, after = ("… " if cut_before else ""), (" …" if cut_after else "")
    if not (begin <= mention.start and mention.end <= stop):
        return Markdown(before + escape_markdown(sentence) + after)
    start, end = mention.start - begin, mention.end - begin
    bold = f"**{escape_markdown(sentence[start:end])}**"
    quoted = (escape_inline(sentence[:start]) + bold + escape_inline(sentence[end:])).strip()
    return escape_line_start(before + quoted + after)


def timeline_groups(briefings: Sequence[Briefing]) -> list[tuple[str, list[Briefing]]]:
    """Briefings grouped by month, newest first; undated ones last."""
    groups: dict[str, list[Briefing]] = {}
    for briefing in briefings:
        date = briefing.article.date
        groups.setdefault(f"{date:%B %Y}" if date else "Undated", []).append(briefing)
    return list(groups.items())


def export_json(corpus: Corpus, cards: dict[str, Card], named: dict[str, Mentioned]) -> str:
    """`briefing.json`: the site in machine-readable form (schema in the README)."""
    entities = {entity.id: entity for entity in corpus.entities}
    articles = []
    for b in corpus.briefings:
        counts = named[b.slug].counts
        articles.append(
            {
                "seed": b.article.seed,
                "slug": b.slug,
                "url": b.url,
                "title": b.article.title,
                "date": b.article.date.isoformat() if b.article.date else None,
                "source": b.article.source_name or None,
                "source_url": b.article.source_url or None,
                "summary": cards[b.slug].summary,
                "entities": [
                    {"id": eid, "name": entities[eid].name, "type": entities[eid].type, "mentions": n}
                    for eid, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
                    if eid in entities
                ],
                "related": [
                    {"slug": r.slug, "score": round(r.score, 4), "reasons": list(r.reasons)} for r in b.related
                ],
                "source_related": [{"title": s.title, "slug": s.slug} for s in b.source_related],
                "quotes": [
                    {
                        "text": q.text,
                        "speaker": q.speaker,
                        "paragraph": q.paragraph,
                        "url": b.url + "#" + anchor(q.paragraph),
                    }
                    for q in b.quotes
                ],
                "figures": [
                    {"text": f.text, "paragraph": f.paragraph, "url": b.url + "#" + anchor(f.paragraph)}
                    for f in b.figures
                ],
            }
        )
    entity_articles: dict[str, list[str]] = defaultdict(list)
    for b in corpus.briefings:
        for eid in sorted(named[b.slug].counts):
            entity_articles[eid].append(b.slug)
    entity_rows = [
        {
            "id": e.id,
            "name": e.name,
            "type": e.type,
            "aliases": list(e.aliases),
            "roles": list(e.roles),
            "url": f"entities/{e.id}/",
            "articles": entity_articles.get(e.id, []),
        }
        for e in corpus.entities
    ]
    return _json_records({"articles": articles, "entities": entity_rows})


def _json_records(data: dict[str, list]) -> str:
    """JSON with one record per line: a diff still shows which records changed. orjson encodes the
    records (a tenth of the time of the standard library's encoder: 40 MB at 10,000 articles)."""
    lists = []
    for key, rows in data.items():
        body = ",\n".join([_json_record(row) for row in rows])
        lists.append(f"{json.dumps(key)}: [\n{body}\n]")
    return "{\n" + ",\n".join(lists) + "\n}\n"


def _json_record(row: dict) -> str:
    try:
        return orjson.dumps(row).decode("utf-8")
    except orjson.JSONEncodeError:  # a file name that is not valid UTF-8 (a lone surrogate): escaped
        return json.dumps(row)


# --- who said what, key figures (issue 15) ------------------------------------------------------


def anchor(paragraph: int) -> str:
    """The id of a briefing's paragraph (index into Article.paragraphs): "p1" is the first."""
    return f"p{paragraph + 1}"


def quotes_by_speaker(corpus: Corpus) -> dict[str, list[tuple[Briefing, Quote]]]:
    """Each person's quotes across the corpus: newest article first, in reading order within one."""
    quoted: dict[str, list[tuple[Briefing, Quote]]] = defaultdict(list)
    for briefing in corpus.briefings:
        for quote in briefing.quotes:
            quoted[quote.speaker].append((briefing, quote))
    return quoted


def quote_lines(quotes: Sequence[Quote], page: str, entities: Mapping[str, Entity]) -> list[Markdown]:
    """ "- [Speaker](page): “quote” <small>[paragraph 4](#p4)</small>", a line per quote whose speaker has a page."""
    lines = []
    for quote in quotes:
        speaker = entities.get(quote.speaker)
        if speaker is None:
            continue
        name = f"[{escape_markdown(speaker.name)}]({relative(page, entity_path(speaker.id))})"
        where = f"[paragraph {quote.paragraph + 1}](#{anchor(quote.paragraph)})"
        lines.append(Markdown(f"- {name}: “{escape_inline(quote.text)}” <small>{where}</small>"))
    return lines


def figure_lines(figures: Sequence[Figure]) -> list[Markdown]:
    """ "- [**6,000** bodies of killed soldiers each](#p3)": a figure, linked to its paragraph."""
    return [
        Markdown(f"- [**{escape_inline(f.number)}** {escape_inline(f.counted)}](#{anchor(f.paragraph)})")
        for f in figures
    ]


def entity_quote_lines(quoted: Sequence[tuple[Briefing, Quote]], cards: Mapping[str, Card]) -> list[Markdown]:
    """A person's quotes on their page, under each article: "- [Title](../../briefings/<slug>.md) <small>date</small>",
    then "    - “quote” <small>[paragraph 4](../../briefings/<slug>.md#p4)</small>" for each."""
    lines = []
    for slug, group in itertools.groupby(quoted, key=lambda item: item[0].slug):
        card = cards[slug]
        path = relative("entities/type/", card.path)
        lines.append(Markdown(f"- [{card.title}]({path}) <small>{card.date}</small>"))
        for _, quote in group:
            where = f"[paragraph {quote.paragraph + 1}]({path}#{anchor(quote.paragraph)})"
            lines.append(Markdown(f"    - “{escape_inline(quote.text)}” <small>{where}</small>"))
    return lines


# --- what a curator should check (issue 15) ------------------------------------------------------


def review_sections(corpus: Corpus) -> list[tuple[str, str, list[tuple[list[tuple[str, str]], Finding]], int]]:
    """The review page's sections: (anchor, title, [(names with their entity pages, finding)], how many in all)."""
    totals = dict(corpus.review.totals)
    sections = []
    for kind, title in curation.KINDS.items():
        shown = [
            (list(itertools.zip_longest(f.names, f.ids, fillvalue="")), f)
            for f in corpus.review.findings
            if f.kind == kind
        ]
        sections.append((kind, title, shown, totals.get(kind, len(shown))))
    return sections
