"""Follow an entity, as built pages show it: who it is (lede and meta description), Open Graph
metadata and feed links in the head (overrides/main.html), visible feed links, the print rule."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, SEED, build_site, make_seeds

from generator.describe import entity_description, meta_description
from generator.model import Entity

MEDINSKY_ROLES = ("head of Russia’s delegation", "Kremlin aide", "former Culture Minister")


def test_the_line_is_the_registry_description_else_the_roles_titles_first():
    medinsky = Entity("people/vladimir-medinsky", "Vladimir Medinsky", "person", roles=MEDINSKY_ROLES)
    assert entity_description(medinsky) == "Kremlin aide; former Culture Minister; head of Russia’s delegation"
    described = Entity("people/v", "V", "person", roles=MEDINSKY_ROLES, description="President of Ukraine.")
    assert entity_description(described) == "President of Ukraine."
    assert entity_description(Entity("places/kyiv", "Kyiv", "place")) == ""
    assert entity_description(Entity("people/x", "X", "person", roles=("chief negotiator",))) == "Chief negotiator"
    assert meta_description(described, "Person", 2) == "V: President of Ukraine. Person, named in 2 briefings."
    assert meta_description(Entity("places/kyiv", "Kyiv", "place"), "Place", 1) == "Kyiv: place, named in 1 briefing."


def _head(page: str) -> str:
    return page.split("</head>", 1)[0]


def _meta(page: str, key: str) -> str | None:
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', _head(page))
    return html.unescape(match[1]) if match else None


def _read(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_the_entity_page_says_who_it_is(sample_site):
    page = _read(sample_site, "entities/people/vladimir-medinsky")
    lede = re.search(r'<p class="entity-lede">(.*?)</p>', page)
    assert lede and lede[1] == "Kremlin aide; former Culture Minister; head of Russia’s delegation"
    assert _meta(page, "description").startswith("Vladimir Medinsky: Kremlin aide; former Culture Minister;")
    assert _meta(page, "og:description") == _meta(page, "description")


def test_pages_have_open_graph_metadata(sample_site):
    page = _read(sample_site, "entities/people/rustem-umerov")
    assert _meta(page, "og:title") == "Rustem Umerov"
    assert _meta(page, "og:type") == "website"
    assert _meta(page, "og:url") == "http://127.0.0.1:8000/entities/people/rustem-umerov/"
    assert _meta(page, "og:site_name") == "Peace Talks Briefings"
    briefing = _read(
        sample_site,
        "briefings/2025-06-02-russia-and-ukraine-agree-to-new-prisoner-exchange-after-second-round-of-talks",
    )
    assert _meta(briefing, "og:type") == "article"
    assert _meta(briefing, "article:published_time") == "2025-06-02"
    assert _meta(briefing, "og:title").startswith("Russia and Ukraine Agree to New Prisoner Exchange")
    assert _meta(briefing, "og:description") == _meta(briefing, "description")
    assert _meta(_read(sample_site, ""), "og:title") == "Peace Talks Briefings"


def test_feeds_are_linked_from_the_head_and_the_page(sample_site):
    page = _read(sample_site, "entities/people/rustem-umerov")
    links = re.findall(r'<link rel="alternate feed" type="application/atom\+xml" title="([^"]*)" href="([^"]*)">', page)
    assert ("Rustem Umerov", "../../../feeds/entities/people/rustem-umerov.xml") in links
    assert ("Peace Talks Briefings: newest briefings", "../../../feeds/site.xml") in links
    visible = re.search(r'Follow Rustem Umerov: <a class="follow-feed" href="([^"]+)"', page)
    assert visible and (sample_site / "entities/people/rustem-umerov" / visible[1]).resolve().is_file()
    home = _read(sample_site, "")
    assert re.search(r'Follow the briefings: <a class="follow-feed" href="feeds/site.xml"', home)
    assert (sample_site / "feeds/site.xml").is_file()


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("hostile-follow")
    seeds = make_seeds(work / "seeds", SEED, FIXTURES / "hostile.txt")
    (seeds / "entities.yml").write_text(
        'entities:\n  - name: Rustem Umerov\n    description: "<script>alert(\'desc\')</script> \\"quoted\\" & co"\n',
        encoding="utf-8",
    )
    return build_site(seeds, work)


def test_metadata_of_hostile_text_is_escaped(hostile_site):
    heads = [_head(path.read_text(encoding="utf-8")) for path in hostile_site.rglob("index.html")]
    assert heads
    for head in heads:
        assert "<script>alert" not in head
        for content in re.findall(r'<meta [^>]*content="([^"]*)"', head):
            assert "<" not in content and ">" not in content
    umerov = _read(hostile_site, "entities/people/rustem-umerov")
    assert (
        _meta(umerov, "og:description")
        == "Rustem Umerov: <script>alert('desc')</script> \"quoted\" & co. Person, named in 1 briefing."
    )
    assert "<script>alert('desc')" not in umerov


def test_print_stylesheet_shows_the_source_url():
    css = (REPO / "docs/stylesheets/extra.css").read_text(encoding="utf-8")
    rule = re.search(r"@media print\s*\{(.*?)\n\}", css, re.S)
    assert rule and '.briefing-meta a[href^="http"]::after { content: " (" attr(href) ")"' in rule[1]
