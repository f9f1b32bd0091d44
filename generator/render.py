"""Corpus -> {relative path: file text}. Pure and deterministic: same corpus, same bytes."""

from __future__ import annotations

import functools
import heapq
import json
import posixpath
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import jinja2

from .entities import CAPTION
from .escape import Markdown, escape_html, escape_inline, escape_line_start, escape_markdown, link
from .model import Article, Briefing, Corpus, Entity, Mention, Paragraph, Span
from .text import sentences

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
ENTITY_RECENT_LIMIT = 50  # newest articles on an entity's page shown with the sentence of first mention
ENTITY_EARLIER_LIMIT = 500  # older ones listed a line each up to this many; beyond, counts per month


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
    return _relative_to_folder(posixpath.dirname(from_path), to_path)


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
    return _escape_text(value) if type(value) is str else escape_markdown(value)


def paragraph_markdown(paragraph: Paragraph, entity_links: dict[tuple[int, int], str]) -> Markdown:
    """A paragraph as Markdown; `entity_links` maps (start, end) offsets in its text to link targets."""
    parts: list[str] = []
    offset = 0
    for span in paragraph.spans:
        end = offset + len(span.text)
        if span.href:
            parts.append(link(span.text, span.href))
        else:
            cursor = offset
            for (start, stop), target in sorted(entity_links.items()):
                if start < cursor or stop > end:
                    continue  # overlaps a real link or a previous entity link
                parts.append(escape_inline(paragraph.text[cursor:start]))
                parts.append(f"[{escape_markdown(paragraph.text[start:stop])}]({target})")
                cursor = stop
            parts.append(escape_inline(paragraph.text[cursor:end]))
        offset = end
    return escape_line_start("".join(parts).strip())


def first_mention_links(briefing: Briefing, page: str) -> list[dict[tuple[int, int], str]]:
    """Per paragraph, the offsets to link: the first mention of each entity in the article text.

    A mention inside a real link of the source cannot carry a second link, so the next mention is
    linked instead. The caption's links come last in the list (index -1, as `CAPTION` says): an entity
    named only in the caption is linked there, one named in the text is linked in the text.
    """
    links: list[dict[tuple[int, int], str]] = [{} for _ in range(len(briefing.article.paragraphs) + 1)]
    for mention in first_mentions(briefing).values():
        links[mention.paragraph][(mention.start, mention.end)] = relative(page, entity_path(mention.entity_id))
    return links


def first_mentions(briefing: Briefing) -> dict[str, Mention]:
    """Each entity's first linkable mention: in the text before the caption, never inside a source link."""
    linked_ranges = [_link_ranges(paragraph) for paragraph in briefing.article.paragraphs]
    chosen: dict[str, Mention] = {}
    for mention in sorted(briefing.mentions, key=lambda m: (m.paragraph == CAPTION, m.paragraph, m.start)):
        if mention.entity_id in chosen:
            continue
        ranges = linked_ranges[mention.paragraph] if mention.paragraph != CAPTION else ()
        if any(start < mention.end and mention.start < end for start, end in ranges):
            continue
        chosen[mention.entity_id] = mention
    return chosen


def _link_ranges(paragraph: Paragraph) -> list[tuple[int, int]]:
    ranges, offset = [], 0
    for span in paragraph.spans:
        if span.href:
            ranges.append((offset, offset + len(span.text)))
        offset += len(span.text)
    return ranges


def caption_markdown(article: Article, links: dict[tuple[int, int], str]) -> Markdown:
    """The photo caption, escaped like a paragraph, with links for entities named only there."""
    return paragraph_markdown(Paragraph((Span(article.caption),)), links)


def mention_counts(briefing: Briefing) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for mention in briefing.mentions:
        counts[mention.entity_id] += 1
    return dict(counts)


def _front_matter(fields: dict) -> Markdown:
    """YAML front matter; JSON is valid YAML and quotes every string safely.

    Material prints `title` and `description` into the page as raw HTML, so they are HTML-escaped here."""
    fields = {key: escape_html(value) if key in ("title", "description") else value for key, value in fields.items()}
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items() if value]
    return Markdown("---\n" + "\n".join(lines) + "\n---")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=False,  # we emit Markdown; `finalize` escapes every value instead
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
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
    )
    return env


def render_site(corpus: Corpus) -> dict[str, str]:
    """Every generated file's relative path (under docs/) and text."""
    env = _environment()
    by_slug = corpus.by_slug()
    entities = {entity.id: entity for entity in corpus.entities}
    pages: dict[str, str] = {}

    briefing_template = env.get_template("briefing.md.j2")
    for briefing in corpus.briefings:
        page = briefing_path(briefing.slug)
        counts = mention_counts(briefing)
        pages[page] = briefing_template.render(
            b=briefing,
            a=briefing.article,
            page=page,
            paragraph_links=first_mention_links(briefing, page),
            counts=counts,
            entity_ids=list(counts),  # in order of first mention, like `mentions | map | unique` but once
            entities=entities,
            by_slug=by_slug,
        )

    pages.update(render_entity_pages(env, corpus))
    pages["index.md"] = env.get_template("home.md.j2").render(
        briefings=corpus.briefings[:HOME_LIMIT], total=len(corpus.briefings), page="index.md"
    )
    pages["timeline.md"] = env.get_template("timeline.md.j2").render(
        groups=timeline_groups(corpus.briefings), page="timeline.md"
    )
    pages["briefing.json"] = export_json(corpus)
    return pages


@dataclass(frozen=True, slots=True)
class EntityAppearance:
    """One of the newest articles on an entity's page: how often it names the entity and where it first does."""

    briefing: Briefing
    mentions: int
    sentence: Markdown


@dataclass(frozen=True, slots=True)
class MonthCount:
    """How many of an entity's older articles fall in one month, and that month on the timeline."""

    label: str  # "May"
    count: int
    anchor: str  # the timeline's heading id for the month, "may-2025"


def render_entity_pages(env: jinja2.Environment, corpus: Corpus) -> dict[str, str]:
    """One page per entity and the index.

    A page shows the ENTITY_RECENT_LIMIT newest articles with the sentence of first mention, then
    "Earlier articles": one line each (date and title) by year, or, past ENTITY_EARLIER_LIMIT, counts
    per year and month linking to the timeline, which lists every article. Sentences are computed only
    for the articles shown with one; the article lists are kept out of the search index (their titles
    and sentences are indexed on the briefings themselves).
    """
    found: dict[str, list[tuple[Briefing, int, Mention]]] = defaultdict(list)
    entity_ids_by_slug: dict[str, list[str]] = {}
    for briefing in corpus.briefings:  # newest first
        counts = mention_counts(briefing)
        entity_ids_by_slug[briefing.slug] = list(counts)
        for entity_id, mention in first_mentions(briefing).items():
            found[entity_id].append((briefing, counts[entity_id], mention))
    article_counts = {entity_id: len(items) for entity_id, items in found.items()}
    entities = {entity.id: entity for entity in corpus.entities}

    pages: dict[str, str] = {}
    template = env.get_template("entity.md.j2")
    for entity in corpus.entities:
        page = entity_path(entity.id)
        items = found.get(entity.id, [])
        together: Counter[str] = Counter()
        for briefing, _, _ in items:
            together.update(entity_ids_by_slug[briefing.slug])  # C speed; the entity itself is dropped below
        often = heapq.nsmallest(
            CO_MENTION_LIMIT,
            (
                (n, entities[other].name.casefold(), other)
                for other, n in together.items()
                if other != entity.id and other in entities
            ),
            key=lambda row: (-row[0], row[1], row[2]),
        )
        earlier = [briefing for briefing, _, _ in items[ENTITY_RECENT_LIMIT:]]
        compact = len(earlier) <= ENTITY_EARLIER_LIMIT
        pages[page] = template.render(
            e=entity,
            page=page,
            type_name=ENTITY_TYPE_NAMES.get(entity.type, entity.type),
            total=len(items),
            appearances=[
                EntityAppearance(briefing, n, _highlighted_sentence(briefing.article, mention))
                for briefing, n, mention in items[:ENTITY_RECENT_LIMIT]
            ],
            earlier_by_year=_by_year(earlier) if compact else [],
            earlier_counts=[] if compact else _counts_by_year_and_month(earlier),
            earlier_total=len(earlier),
            together=[(entities[other], n) for n, _, other in often],
        )

    groups: dict[str, list[Entity]] = defaultdict(list)
    for entity in sorted(corpus.entities, key=lambda e: (-article_counts.get(e.id, 0), e.name.casefold(), e.id)):
        groups[entity.type].append(entity)
    page = "entities/index.md"
    ordered_groups = [(kind, groups[kind]) for kind in ENTITY_TYPE_TITLES if groups.get(kind)]
    pages[page] = env.get_template("entities_index.md.j2").render(
        groups=ordered_groups, counts=article_counts, page=page
    )
    return pages


def _by_year(briefings: Sequence[Briefing]) -> list[tuple[str, list[Briefing]]]:
    """Briefings (newest first) grouped by year, in that order; undated ones last."""
    groups: dict[str, list[Briefing]] = {}
    for briefing in briefings:
        date = briefing.article.date
        groups.setdefault(str(date.year) if date else "Undated", []).append(briefing)
    return list(groups.items())


def _counts_by_year_and_month(briefings: Sequence[Briefing]) -> list[tuple[str, int, list[MonthCount]]]:
    """(year, articles that year, counts per month newest first), in the order of `briefings` (newest first).

    Each month's anchor is the id MkDocs' toc gives the timeline's "May 2025" heading."""
    months: dict[str, dict[str, int]] = {}
    for briefing in briefings:
        date = briefing.article.date
        year, month = (str(date.year), f"{date:%B}") if date else ("Undated", "")
        per_month = months.setdefault(year, {})
        per_month[month] = per_month.get(month, 0) + 1
    return [
        (
            year,
            sum(per_month.values()),
            [MonthCount(month, n, f"{month}-{year}".lower() if month else "undated") for month, n in per_month.items()],
        )
        for year, per_month in months.items()
    ]


def _highlighted_sentence(article: Article, mention: Mention) -> Markdown:
    """The sentence of a mention, escaped, with the mention itself in bold."""
    text = article.caption if mention.paragraph == CAPTION else article.paragraphs[mention.paragraph].text
    sentence = mention.sentence or text
    begin = text.find(sentence, max(0, mention.end - len(sentence)))
    if begin < 0 or not (begin <= mention.start and mention.end <= begin + len(sentence)):
        return escape_markdown(sentence)
    start, end = mention.start - begin, mention.end - begin
    bold = f"**{escape_markdown(sentence[start:end])}**"
    return escape_line_start((escape_inline(sentence[:start]) + bold + escape_inline(sentence[end:])).strip())


def timeline_groups(briefings: Sequence[Briefing]) -> list[tuple[str, list[Briefing]]]:
    """Briefings grouped by month, newest first; undated ones last."""
    groups: dict[str, list[Briefing]] = {}
    for briefing in briefings:
        date = briefing.article.date
        groups.setdefault(f"{date:%B %Y}" if date else "Undated", []).append(briefing)
    return list(groups.items())


def export_json(corpus: Corpus) -> str:
    """`briefing.json`: the site in machine-readable form (schema in the README)."""
    entities = {entity.id: entity for entity in corpus.entities}
    articles = []
    for b in corpus.briefings:
        counts = mention_counts(b)
        articles.append(
            {
                "seed": b.article.seed,
                "slug": b.slug,
                "url": b.url,
                "title": b.article.title,
                "date": b.article.date.isoformat() if b.article.date else None,
                "source": b.article.source_name or None,
                "source_url": b.article.source_url or None,
                "summary": summary(b.article),
                "entities": [
                    {"id": eid, "name": entities[eid].name, "type": entities[eid].type, "mentions": n}
                    for eid, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
                    if eid in entities
                ],
                "related": [
                    {"slug": r.slug, "score": round(r.score, 4), "reasons": list(r.reasons)} for r in b.related
                ],
                "source_related": [{"title": s.title, "slug": s.slug} for s in b.source_related],
            }
        )
    entity_articles: dict[str, list[str]] = defaultdict(list)
    for b in corpus.briefings:
        for eid in sorted(mention_counts(b)):
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
    """JSON with one record per line: encoded at C speed (`indent` would use the slow pure-Python
    encoder, which took seconds at 10,000 articles), and a diff still shows which records changed."""
    lists = []
    for key, rows in data.items():
        body = ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows)
        lists.append(f"{json.dumps(key)}: [\n{body}\n]")
    return "{\n" + ",\n".join(lists) + "\n}\n"
