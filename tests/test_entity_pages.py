"""Entity cross-links as a reader meets them: links in briefings, entity pages, the index, briefing.json."""

from __future__ import annotations

import html as htmllib
import json
import re

import pytest
from conftest import SEED, build_site, make_seeds

from generator.enrich import Settings, build_corpus
from generator.parse import parse_seed
from generator.registry import Registry, RegistryEntry
from generator.render import render_site

SEED_SLUG = "2025-06-02-russia-and-ukraine-agree-to-new-prisoner-exchange"
FIRST_ROUND_SLUG = "2025-05-16-russia-and-ukraine-hold-first-direct-talks-in-three-years-agree-to-swap-1000"
SEED_ENTITIES = {
    "people/rustem-umerov": "Rustem Umerov",
    "people/vladimir-medinsky": "Vladimir Medinsky",
    "people/donald-trump": "Donald Trump",
    "people/vladimir-putin": "Vladimir Putin",
    "people/volodymyr-zelensky": "Volodymyr Zelensky",
    "people/keith-kellogg": "Keith Kellogg",
    "organisations/the-economist": "The Economist",
    "organisations/reuters": "Reuters",
    "organisations/tass": "TASS",
    "places/russia": "Russia",
    "places/ukraine": "Ukraine",
    "places/istanbul": "Istanbul",
    "places/turkey": "Turkey",
    "places/sumy": "Sumy",
    "places/kharkiv": "Kharkiv",
    "places/kyiv": "Kyiv",
    "places/moscow": "Moscow",
    "events/spiders-web": "Spider's Web",
}


def article_html(site, slug: str) -> tuple[str, str]:
    """(the article text, the entities section) of a briefing page, character references decoded."""
    html = htmllib.unescape((site / "briefings" / slug / "index.html").read_text(encoding="utf-8"))
    body = html.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]
    text, _, section = body.partition('id="people-organisations-and-places"')
    return text, section


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("seed-entities")
    return build_site(make_seeds(work / "seeds", SEED), work, strict=True)


@pytest.mark.parametrize(("entity_id", "name"), SEED_ENTITIES.items())
def test_seed_page_links_first_mention_of_each_entity_to_its_page(seed_site, entity_id, name):
    text, section = article_html(seed_site, SEED_SLUG)
    assert text.count(f'href="../../entities/{entity_id}/"') == 1, "exactly the first mention is linked"
    assert f'<a href="../../entities/{entity_id}/">{name}</a>' in text
    assert f'href="../../entities/{entity_id}/"' in section
    page = htmllib.unescape((seed_site / "entities" / entity_id / "index.html").read_text(encoding="utf-8"))
    assert re.search(rf"<h1[^>]*>{re.escape(name)}<", page)


def test_entities_section_lists_type_and_mention_count(seed_site):
    _, section = article_html(seed_site, SEED_SLUG)
    items = re.findall(r"<li><a [^>]*>([^<]+)</a> · (\w+) · (\d+) mentions?</li>", section)
    assert ("Rustem Umerov", "person", "2") in items
    assert ("Vladimir Medinsky", "person", "3") in items
    assert ("TASS", "organisation", "1") in items
    assert ("Spider's Web", "event", "1") in items
    assert not any(name in {"Defense Minister", "Ukrainian", "Monday", "President"} for name, _, _ in items)


def test_entity_page_shows_roles_articles_newest_first_and_companions(sample_site):
    page = sample_site / "entities" / "people" / "vladimir-medinsky" / "index.html"
    html = htmllib.unescape(page.read_text(encoding="utf-8"))
    roles = html.split('id="roles-in-the-text"', 1)[1].split("</ul>", 1)[0]
    assert re.findall(r"<li>([^<]+)</li>", roles) == [
        "Kremlin aide",
        "former Culture Minister",
        "head of Russia's delegation",
    ]
    articles = html.split('id="articles"', 1)[1].split("<h2", 1)[0]
    assert articles.index(SEED_SLUG) < articles.index(FIRST_ROUND_SLUG)
    assert "led by Kremlin aide <strong>Vladimir Medinsky</strong>, a former Culture Minister" in articles
    companions = html.split('id="often-mentioned-with"', 1)[1]
    assert 'href="../rustem-umerov/"' in companions
    assert "Also named:</strong> Medinsky" in html


def test_caption_links_an_entity_named_only_there(sample_site):
    html = (
        (sample_site / "briefings" / "2025-05-25-russia-and-ukraine-complete-largest-prisoner-exchange-of-the-war")
        .joinpath("index.html")
        .read_text(encoding="utf-8")
    )
    caption = html.split("Freed Ukrainian soldiers", 1)[1].split("</p>", 1)[0]
    assert 'href="../../entities/places/chernihiv/"' in caption


def test_entities_index_groups_by_type_with_article_counts(sample_site):
    html = (sample_site / "entities" / "index.html").read_text(encoding="utf-8")
    headings = re.findall(r"<h2 id=\"[^\"]+\">([^<]+)", html)
    assert headings == ["People", "Organisations", "Places", "Events and operations"]
    people = html.split(">People<", 1)[1].split("<h2", 1)[0]
    assert re.search(r'href="people/rustem-umerov/">Rustem Umerov</a> <small>2 articles', people)
    assert re.search(r'href="people/sergei-sobyanin/">Sergei Sobyanin</a> <small>1 article\b', people)
    places = html.split(">Places<", 1)[1].split("<h2", 1)[0]
    assert re.search(r"Russia</a> <small>3 articles", places)


def test_briefing_json_has_entities_per_article_and_for_the_site(sample_site):
    data = json.loads((sample_site / "briefing.json").read_text(encoding="utf-8"))
    seed = next(a for a in data["articles"] if a["slug"] == SEED_SLUG)
    rows = {row["id"]: row for row in seed["entities"]}
    assert rows["people/rustem-umerov"] == {
        "id": "people/rustem-umerov",
        "name": "Rustem Umerov",
        "type": "person",
        "mentions": 2,
    }
    assert set(SEED_ENTITIES) <= set(rows)
    entities = {row["id"]: row for row in data["entities"]}
    umerov = entities["people/rustem-umerov"]
    assert umerov["url"] == "entities/people/rustem-umerov/"
    assert umerov["articles"] == [SEED_SLUG, FIRST_ROUND_SLUG]  # newest first
    assert umerov["roles"] == ["Defense Minister"]
    assert umerov["aliases"] == ["Umerov"]
    assert (sample_site / umerov["url"] / "index.html").is_file()
    sbu = entities["organisations/security-service-of-ukraine"]
    assert sbu["aliases"] == ["SBU"]
    for row in data["entities"]:
        assert set(row) == {"id", "name", "type", "aliases", "roles", "url", "articles"}
        assert row["type"] in {"person", "organisation", "place", "event"}


SOURCE_LINKED = """# Talks in Kyiv

June 03, 2025

The envoy flew to [Kyiv](https://example.org/kyiv) on Monday. Officials in Kyiv welcomed him.

Original url:

<https://example.org/talks>
"""


def test_mention_inside_a_source_link_is_not_linked_again_the_next_one_is():
    corpus = build_corpus([parse_seed(SOURCE_LINKED, "talks.txt")])
    page = render_site(corpus)["briefings/2025-06-03-talks-in-kyiv.md"]
    assert "[Kyiv](<https://example.org/kyiv>)" in page
    assert "Officials in [Kyiv](../entities/places/kyiv.md) welcomed him." in page
    assert page.count("(../entities/places/kyiv.md)") == 2  # the text and the entities section


def test_registry_text_is_escaped_on_entity_pages():
    registry = Registry(
        entries=(RegistryEntry("Kyiv", "place", description="<script>alert(1)</script> *bold* [x](javascript:y)"),)
    )
    corpus = build_corpus([parse_seed(SOURCE_LINKED, "talks.txt")], Settings(registry=registry))
    page = render_site(corpus)["entities/places/kyiv.md"]
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert "\\*bold\\*" in page
    assert not re.search(r"(?<!\\)\]\(javascript", page)  # the brackets are escaped: no link
