"""Atom feeds: the site's newest briefings, and one per entity, written with feedgen.

Pure and deterministic: no clock. A feed's `updated` is its newest article's date; every id is
the page's address (site_url + path), or the path alone when the generator is run without a
site URL (`python -m generator generate` with no SITE_URL). Undated articles are left out: a feed
entry needs a date, and inventing one would put them at the top or bottom of a reader's list.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from feedgen.entry import FeedEntry as AtomEntry
from feedgen.feed import FeedGenerator
from lxml import etree

from .escape import xml_text
from .model import Briefing, Entity

# Entries per feed, the newest. The site's feed is what a new reader skims; an entity's feed is for
# following what comes next (its page lists every article), and feed readers poll every feed a reader
# follows: 20 entries, as Substack's and about twice WordPress' and Jekyll's default, halve what the
# 813 entity feeds of 10,000 articles weigh (17.4 MB to 8.9 MB) and the time they take to write.
SITE_FEED_LIMIT = 50
ENTITY_FEED_LIMIT = 20
SITE_FEED = "feeds/site.xml"
NO_DATE = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)  # `updated` of a feed without a dated article


def entity_feed_path(entity_id: str) -> str:
    """`feeds/entities/people/rustem-umerov.xml` for `people/rustem-umerov`."""
    return f"feeds/entities/{entity_id}.xml"


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One briefing as every feed shows it: plain text the library escapes, made XML-safe once
    (a briefing is in the site's feed and in the feed of each entity it names)."""

    slug: str
    title: str
    date: dt.date
    summary: str
    source: str = ""
    moment: dt.datetime = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in ("title", "summary", "source"):
            object.__setattr__(self, name, xml_text(getattr(self, name)))
        object.__setattr__(self, "moment", _moment(self.date))


def feed_entry(briefing: Briefing, summary: str) -> FeedEntry | None:
    """The briefing as a feed entry; None when undated (a feed entry needs a date)."""
    article = briefing.article
    if article.date is None:
        return None
    return FeedEntry(briefing.slug, article.title, article.date, summary, article.source_name)


def entries(
    briefings: Sequence[Briefing], entry_for: Callable[[Briefing], FeedEntry | None], limit: int
) -> list[FeedEntry]:
    """The `limit` newest dated briefings of `briefings` (newest first, undated last), as entries."""
    shown = []
    for briefing in briefings:
        entry = entry_for(briefing)
        if entry is None:
            break  # undated ones come last: nothing dated follows
        shown.append(entry)
        if len(shown) == limit:
            break
    return shown


def address(site_url: str, path: str) -> str:
    """A page's address and id: absolute under `site_url` when there is one, else relative to the site root."""
    return (site_url.rstrip("/") + "/" + path) if site_url else path


def _href(site_url: str, path: str, feed_path: str) -> str:
    """A link in the feed at `feed_path`: absolute, or without a site URL relative to the feed itself."""
    if site_url:
        return address(site_url, path)
    # Both are plain paths from the site root (no "." or ".." parts): no posixpath.relpath, which
    # asks the operating system for the working folder twice a call.
    target, folder = [part for part in path.split("/") if part], feed_path.split("/")[:-1]
    common = 0
    while common < min(len(target), len(folder)) and target[common] == folder[common]:
        common += 1
    relative = "/".join([".."] * (len(folder) - common) + target[common:]) or "."
    return relative + "/" if path.endswith("/") or not path else relative


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def atom_feed(
    title: str, subtitle: str, page: str, feed_path: str, shown: Sequence[FeedEntry], site_url: str = ""
) -> str:
    """An Atom document: `page` is the HTML page it follows (site-relative, "" for the home page).

    feedgen writes the feed's own elements, and each entry once per run and folder (`_entry_xml`: a
    briefing is in the site's feed and in the feed of every entity it names, and building an entry is
    most of a feed's cost); the entries go in where feedgen would put them."""
    feed = FeedGenerator()
    feed.id(address(site_url, feed_path))
    feed.title(xml_text(title))
    feed.subtitle(xml_text(subtitle))
    feed.link(href=_href(site_url, page, feed_path), rel="alternate", type="text/html")
    feed.link(href=_href(site_url, feed_path, feed_path), rel="self", type="application/atom+xml")
    feed.updated(shown[0].moment if shown else NO_DATE)
    feed.generator("briefing-generator")  # no version: the feed changes only when its articles do
    feed.language("en")
    head, end = feed.atom_str(pretty=True).decode("utf-8").rsplit("</feed>", 1)
    # An entry's link differs between feeds only by the way up to the site's root: "../../../" from
    # each entity type's folder alike, so one entry serves the feeds of every type.
    up = _href(site_url, "", feed_path)
    return head + "".join([_entry_xml(item, site_url, up) for item in shown]) + "</feed>" + end


@functools.lru_cache(maxsize=1 << 15)
def _entry_xml(item: FeedEntry, site_url: str, up: str) -> str:
    """One entry as feedgen writes it, indented as in a pretty-printed feed, for feeds whose way to
    the site's root is `up` ("../" from feeds/; the site URL when there is one)."""
    entry = AtomEntry()
    page_path = f"briefings/{item.slug}/"
    entry.id(address(site_url, page_path))
    entry.title(item.title or item.slug)
    entry.link(href=up + page_path, rel="alternate", type="text/html")
    if item.summary:
        entry.summary(item.summary)
    if item.source:
        entry.author({"name": item.source})
    entry.published(item.moment)
    entry.updated(item.moment)
    xml = etree.tostring(entry.atom_entry(), pretty_print=True, encoding="unicode")
    return "".join(["  " + line for line in xml.splitlines(keepends=True)])


def site_feed(shown: Sequence[FeedEntry], site_name: str, site_url: str = "") -> str:
    return atom_feed(site_name or "Briefings", "The newest briefings", "", SITE_FEED, shown, site_url)


def entity_feed(entity: Entity, shown: Sequence[FeedEntry], site_name: str, site_url: str = "") -> str:
    subtitle = f"Briefings that name {entity.name}" + (f" ({site_name})" if site_name else "")
    return atom_feed(entity.name, subtitle, f"entities/{entity.id}/", entity_feed_path(entity.id), shown, site_url)
