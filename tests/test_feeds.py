"""Atom feeds: the site's newest briefings and one per entity (generator/feeds.py), written with
feedgen into docs/feeds/ as the generator's own files, deterministic, escaped and bounded."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import FIXTURES, SEED, build_site, corpus_files, make_seeds

from generator.enrich import Settings
from generator.feeds import (
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
from generator.model import Article, Briefing, Entity, Paragraph, Span
from generator.pipeline import generate
from generator.write import OWNED_PATHS, read_manifest

ATOM = "{http://www.w3.org/2005/Atom}"
SITE_URL = "http://127.0.0.1:8000/"  # mkdocs.yml's default


def _briefing(n: int, date: dt.date | None) -> Briefing:
    article = Article(f"{n:03}.txt", f"Title {n}", date, (Paragraph((Span(f"Text {n}."),)),), source_name="Agency")
    return Briefing(article, f"slug-{n}")


def _parse(text: str) -> ET.Element:
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == f"{ATOM}feed"
    return root


def test_entries_are_the_newest_dated_ones_at_most_the_limit():
    briefings = [_briefing(n, dt.date(2025, 1, 1) - dt.timedelta(days=n)) for n in range(30)]
    briefings.append(_briefing(999, None))  # undated: last, and never in a feed
    shown = entries(briefings, lambda b: feed_entry(b, b.article.title), 20)
    assert [item.slug for item in shown] == [f"slug-{n}" for n in range(20)]
    assert len(entries(briefings, lambda b: feed_entry(b, b.article.title), 50)) == 30
    assert entries([_briefing(1, None)], lambda b: feed_entry(b, ""), 20) == []


def test_a_feed_is_atom_with_stable_ids_and_dates_from_the_articles():
    shown = [
        FeedEntry("b", "Newer", dt.date(2025, 6, 2), "Summary.", "The Moscow Times"),
        FeedEntry("a", "Older", dt.date(2025, 5, 16), "", ""),
    ]
    entity = Entity("people/rustem-umerov", "Rustem Umerov", "person")
    text = entity_feed(entity, shown, "Peace Talks Briefings", SITE_URL)
    assert text == entity_feed(entity, shown, "Peace Talks Briefings", SITE_URL)  # no clock, no randomness
    root = _parse(text)
    assert root.findtext(f"{ATOM}id") == SITE_URL + "feeds/entities/people/rustem-umerov.xml"
    assert root.findtext(f"{ATOM}title") == "Rustem Umerov"
    assert root.findtext(f"{ATOM}updated") == "2025-06-02T00:00:00+00:00"  # the newest article's date
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links == {
        "alternate": SITE_URL + "entities/people/rustem-umerov/",
        "self": SITE_URL + "feeds/entities/people/rustem-umerov.xml",
    }
    found = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in found] == ["Newer", "Older"]  # newest first
    assert [e.findtext(f"{ATOM}id") for e in found] == [SITE_URL + "briefings/b/", SITE_URL + "briefings/a/"]
    assert found[0].findtext(f"{ATOM}published") == "2025-06-02T00:00:00+00:00"
    assert found[0].findtext(f"{ATOM}summary") == "Summary."
    assert found[0].findtext(f"{ATOM}author/{ATOM}name") == "The Moscow Times"


def test_without_a_site_url_links_are_relative_to_the_feed():
    root = _parse(site_feed([FeedEntry("a", "T", dt.date(2025, 6, 2), "", "")], "Site"))
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links == {"alternate": "../", "self": "site.xml"}
    assert root.find(f"{ATOM}entry/{ATOM}link").get("href") == "../briefings/a/"
    assert root.findtext(f"{ATOM}id") == SITE_FEED  # relative to the site root (README, Feeds)
    shown = [FeedEntry("a", "T", dt.date(2025, 6, 2), "", "")]  # the same entry, in feeds three folders down
    for entity in (Entity("people/a-b", "A B", "person"), Entity("places/c", "C", "place")):
        entry = _parse(entity_feed(entity, shown, "Site")).find(f"{ATOM}entry/{ATOM}link")
        assert entry.get("href") == "../../../briefings/a/"
    assert _parse(site_feed(shown, "Site")).find(f"{ATOM}entry/{ATOM}link").get("href") == "../briefings/a/"


def test_an_empty_feed_is_still_valid_and_dated_without_the_clock():
    root = _parse(site_feed([], "Site", SITE_URL))
    assert root.findtext(f"{ATOM}updated") == "1970-01-01T00:00:00+00:00"
    assert root.findall(f"{ATOM}entry") == []


def test_text_is_escaped_by_the_library_and_xml_invalid_characters_dropped():
    hostile = "<script>alert('x')</script> & \x01\x0b\ufffe"
    root = _parse(
        entity_feed(
            Entity("people/x", hostile, "person"),
            [FeedEntry("a", hostile, dt.date(2025, 6, 2), hostile, hostile)],
            hostile,
        )
    )
    assert root.findtext(f"{ATOM}title") == "<script>alert('x')</script> &"  # text, not an element
    assert not [element for element in root.iter() if "script" in element.tag]


def test_feeds_are_owned_paths():
    assert "feeds/" in OWNED_PATHS
    assert entity_feed_path("people/rustem-umerov") == "feeds/entities/people/rustem-umerov.xml"


def test_generate_writes_a_feed_per_entity_listed_in_the_manifest_and_reuses_them(tmp_path):
    seeds = make_seeds(tmp_path / "seeds", SEED, *corpus_files())
    docs = tmp_path / "docs"
    settings = Settings(site_url="https://briefings.example/", site_name="Briefings")
    result = generate(seeds, docs, settings)
    manifest = read_manifest(docs)
    assert SITE_FEED in manifest
    articles = {
        e["id"]: e["articles"] for e in json.loads((docs / "briefing.json").read_text(encoding="utf-8"))["entities"]
    }
    followed = [entity for entity in result.corpus.entities if len(articles[entity.id]) >= 2]
    assert followed and len(followed) < len(result.corpus.entities)
    for entity in result.corpus.entities:  # a feed for each entity named in two articles or more, only
        assert (entity_feed_path(entity.id) in manifest) == (entity in followed)
        page = (docs / "entities" / f"{entity.id}.md").read_text(encoding="utf-8")
        assert ("Named in one article so far" in page) == (entity not in followed)
    before = {path: (docs / path).read_bytes() for path in manifest if path.startswith("feeds/")}
    again = generate(seeds, docs, settings)
    assert not [path for path in again.report.written if path.startswith("feeds/")]  # same inputs: left alone
    assert before == {path: (docs / path).read_bytes() for path in before}
    root = _parse((docs / SITE_FEED).read_text(encoding="utf-8"))
    assert root.findtext(f"{ATOM}id") == "https://briefings.example/feeds/site.xml"
    assert len(root.findall(f"{ATOM}entry")) == len(result.corpus.briefings)


def test_an_entity_feed_holds_its_newest_twenty_and_the_site_feed_fifty(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for n in range(60):  # 60 days of talks, each naming the same negotiator
        day = dt.date(2025, 3, 1) + dt.timedelta(days=n)
        (seeds / f"day-{n:02}.txt").write_text(
            f"# Talks resume, day {n + 1}\n\n{day:%B} {day.day}, {day.year}\n\n"
            f"Rustem Umerov met the delegation in Istanbul on day {n + 1} of the talks.\n",
            encoding="utf-8",
        )
    generate(seeds, tmp_path / "docs", Settings(site_url=SITE_URL))
    site = _parse((tmp_path / "docs" / SITE_FEED).read_text(encoding="utf-8"))
    assert [e.findtext(f"{ATOM}title") for e in site.findall(f"{ATOM}entry")] == [
        f"Talks resume, day {n}" for n in range(60, 10, -1)
    ]
    person = _parse((tmp_path / "docs" / entity_feed_path("people/rustem-umerov")).read_text(encoding="utf-8"))
    titles = [e.findtext(f"{ATOM}title") for e in person.findall(f"{ATOM}entry")]
    assert titles == [f"Talks resume, day {n}" for n in range(60, 40, -1)]
    assert person.findtext(f"{ATOM}updated").startswith("2025-04-29")


@pytest.fixture(scope="module")
def feed_site(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("feeds")
    return build_site(make_seeds(work / "seeds", SEED, *corpus_files(), FIXTURES / "hostile.txt"), work)


def test_the_built_site_serves_every_feed_and_each_parses(feed_site):
    data = json.loads((feed_site / "briefing.json").read_text(encoding="utf-8"))
    site = _parse((feed_site / SITE_FEED).read_text(encoding="utf-8"))
    titles = [entry.findtext(f"{ATOM}title") for entry in site.findall(f"{ATOM}entry")]
    assert titles == [a["title"] for a in data["articles"] if a["date"]][:SITE_FEED_LIMIT]
    for entity in [e for e in data["entities"] if len(e["articles"]) >= 2]:
        root = _parse((feed_site / entity_feed_path(entity["id"])).read_text(encoding="utf-8"))
        ids = [entry.findtext(f"{ATOM}id") for entry in root.findall(f"{ATOM}entry")]
        dated = {a["slug"] for a in data["articles"] if a["date"]}
        assert ids == [SITE_URL + f"briefings/{slug}/" for slug in entity["articles"] if slug in dated][
            :ENTITY_FEED_LIMIT
        ] or (set(ids) == {SITE_URL + f"briefings/{slug}/" for slug in entity["articles"] if slug in dated})


def test_hostile_seed_text_in_feeds_is_inert(feed_site):
    for path in (feed_site / "feeds").rglob("*.xml"):
        text = path.read_text(encoding="utf-8")
        root = _parse(text)  # well-formed XML
        assert "<script" not in text.casefold(), path
        assert not [element for element in root.iter() if not element.tag.startswith(ATOM)], path
    site = _parse((feed_site / SITE_FEED).read_text(encoding="utf-8"))
    assert any(
        "<script>alert('title')</script>" in (e.findtext(f"{ATOM}title") or "") for e in site.iter(f"{ATOM}entry")
    )
