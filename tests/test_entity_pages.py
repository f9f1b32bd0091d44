"""Entity cross-links as a reader meets them: links in briefings, entity pages, the index, briefing.json."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import json
import re

import pytest
from conftest import SEED, SEED_ENTITIES, SEED_SLUG, SEED_TITLE, build_site, corpus_files, indexed_pages, make_seeds

from generator import render
from generator.enrich import Settings, build_corpus
from generator.parse import parse_seed
from generator.registry import Registry, RegistryEntry
from generator.render import CO_MENTION_LIMIT, ENTITY_RECENT_LIMIT, render_site

# How the seed writes a name when it is not the entity's name
SURFACE = {"United States": "U.S.", "Volodymyr Zelensky": "Zelensky", "Spider's Web": "Spider’s Web"}


def article_html(site, slug: str) -> tuple[str, str]:
    """(the article text, the entities section) of a briefing page, character references decoded."""
    html = htmllib.unescape((site / "briefings" / slug / "index.html").read_text(encoding="utf-8"))
    body = html.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]
    text, _, section = body.partition('id="people-organisations-and-places"')
    text = text.split('id="who-said-what"', 1)[0]  # its list links each speaker again (issue 15)
    return text, section


def slugs_by_seed(site) -> dict[str, str]:
    data = json.loads((site / "briefing.json").read_text(encoding="utf-8"))
    return {a["seed"]: a["slug"] for a in data["articles"]}


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("seed-entities")
    return build_site(make_seeds(work / "seeds", SEED), work, strict=True)


@pytest.mark.parametrize(("entity_id", "name"), [(i, name) for i, (name, _) in SEED_ENTITIES.items()], ids=list)
def test_seed_page_links_first_mention_of_each_entity_to_its_page(seed_site, entity_id, name):
    text, section = article_html(seed_site, SEED_SLUG)
    assert text.count(f'href="../../entities/{entity_id}/"') == 1, "exactly the first mention is linked"
    assert f'<a href="../../entities/{entity_id}/">{SURFACE.get(name, name)}</a>' in text
    assert f'href="../../entities/{entity_id}/"' in section
    page = htmllib.unescape((seed_site / "entities" / entity_id / "index.html").read_text(encoding="utf-8"))
    assert re.search(rf"<h1[^>]*>{re.escape(name)}<", page)


def test_seed_page_links_no_other_entity(seed_site):
    text, section = article_html(seed_site, SEED_SLUG)
    for part in (text, section):
        assert sorted(set(re.findall(r'href="\.\./\.\./entities/([^"]+)/"', part))) == sorted(SEED_ENTITIES)
    pages = [page.parent.relative_to(seed_site / "entities") for page in seed_site.glob("entities/*/*/index.html")]
    assert sorted(page.as_posix() for page in pages) == sorted(SEED_ENTITIES)  # and no page for anything else


def test_entities_section_lists_type_and_mention_count(seed_site):
    _, section = article_html(seed_site, SEED_SLUG)
    items = re.findall(r"<li><a [^>]*>([^<]+)</a> · (\w+) · (\d+) mentions?</li>", section)
    assert sorted((name, kind) for name, kind, _ in items) == sorted(SEED_ENTITIES.values())
    counts = {name: int(n) for name, _, n in items}
    # "Rustem Umerov", "Umerov"; "Vladimir Medinsky" and "Medinsky" three times; the credit "/ TASS"
    assert (counts["Rustem Umerov"], counts["Vladimir Medinsky"], counts["Keith Kellogg"]) == (2, 4, 2)
    assert (counts["TASS"], counts["Spider's Web"]) == (1, 1)


def test_entity_page_shows_roles_articles_newest_first_and_companions(sample_site):
    first_round = slugs_by_seed(sample_site)["first_round_istanbul.txt"]
    page = sample_site / "entities" / "people" / "vladimir-medinsky" / "index.html"
    html = htmllib.unescape(page.read_text(encoding="utf-8"))
    roles = html.split('id="roles-in-the-text"', 1)[1].split("</ul>", 1)[0]
    listed = {role.replace("’", "'") for role in re.findall(r"<li>([^<]+)</li>", roles)}
    assert {"Kremlin aide", "former Culture Minister", "head of Russia's delegation"} <= listed
    assert "Culture Minister" not in listed
    articles = html.split('id="articles"', 1)[1].split("<h2", 1)[0]
    assert articles.index(SEED_SLUG) < articles.index(first_round)
    assert "led by Kremlin aide <strong>Vladimir Medinsky</strong>, a former Culture Minister" in articles
    assert "Kremlin aide and former Culture Minister <strong>Vladimir Medinsky</strong>, later confirmed" in articles
    companions = html.split('id="often-mentioned-with"', 1)[1]
    assert 'href="../rustem-umerov/"' in companions
    assert "Also named:</strong> Medinsky" in html


def test_caption_links_an_entity_named_only_there(sample_site):
    swap = slugs_by_seed(sample_site)["prisoner_swap.txt"]
    html = (sample_site / "briefings" / swap / "index.html").read_text(encoding="utf-8")
    caption = html.split("Freed prisoners of war wrapped in flags", 1)[1].split("</p>", 1)[0]
    assert 'href="../../entities/places/chernihiv/"' in caption
    assert html.count('href="../../entities/places/chernihiv/"') == 2  # the caption and the entities section


def test_entities_index_groups_by_type_with_article_counts(sample_site):
    html = (sample_site / "entities" / "index.html").read_text(encoding="utf-8")
    headings = re.findall(r"<h2 data-search-exclude id=\"[^\"]+\">([^<]+)", html)  # lists: not searched
    assert headings == ["People", "Organisations", "Places", "Events and operations"]
    people = html.split(">People<", 1)[1].split("<h2", 1)[0]
    assert re.search(r'href="people/rustem-umerov/">Rustem Umerov</a> <small>3 articles', people)
    assert re.search(r'href="people/sergei-sobyanin/">Sergei Sobyanin</a> <small>1 article\b', people)
    places = html.split(">Places<", 1)[1].split("<h2", 1)[0]
    assert re.search(r"Russia</a> <small>4 articles", places)  # all but the metro
    events = html.split(">Events and operations<", 1)[1]
    assert re.search(r"Spider(&#x27;|')s Web</a> <small>2 articles", events)


def test_briefing_json_has_entities_per_article_and_for_the_site(sample_site):
    data = json.loads((sample_site / "briefing.json").read_text(encoding="utf-8"))
    slugs = slugs_by_seed(sample_site)
    seed = next(a for a in data["articles"] if a["slug"] == SEED_SLUG)
    rows = {row["id"]: row for row in seed["entities"]}
    assert rows["people/rustem-umerov"] == {
        "id": "people/rustem-umerov",
        "name": "Rustem Umerov",
        "type": "person",
        "mentions": 2,
    }
    assert set(rows) == set(SEED_ENTITIES)
    entities = {row["id"]: row for row in data["entities"]}
    umerov = entities["people/rustem-umerov"]
    assert umerov["url"] == "entities/people/rustem-umerov/"
    newest_first = [SEED_SLUG, slugs["drone_attacks.txt"], slugs["first_round_istanbul.txt"]]
    assert umerov["articles"] == newest_first
    assert {"Defense Minister", "chief Ukrainian negotiator"} <= set(umerov["roles"])
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
    # Front matter is not Markdown: its description (the page's <meta>) is HTML-escaped text, no link.
    front, body = page.split("\n---\n", 1)
    assert not re.search(r"(?<!\\)\]\(javascript", body)  # the brackets are escaped: no link
    assert 'description: "Kyiv: &lt;script&gt;alert(1)&lt;/script&gt; *bold*' in front


def round_of_talks(i: int) -> str:
    """Article i of a series 9 days apart from 1 January 2024: all name Kyiv, nine in ten name Lviv."""
    day = dt.date(2024, 1, 1) + dt.timedelta(days=9 * i)
    lviv = " Later the envoys travelled to Lviv for a second day." if i % 10 else ""
    return (
        f"# Round {i} of the talks\n\n{day:%B %d, %Y}\n\n"
        f"The envoys met in Kyiv for round {i} on Monday.{lviv}\n\nOriginal url:\n\n<https://example.org/round-{i}>\n"
    )


ROUNDS = 60  # more than ENTITY_RECENT_LIMIT


def test_entity_page_shows_the_newest_with_sentences_and_the_earlier_ones_a_line_each():
    assert ENTITY_RECENT_LIMIT < ROUNDS
    corpus = build_corpus([parse_seed(round_of_talks(i), f"round-{i:03}.txt") for i in range(ROUNDS)])
    page = render_site(corpus)["entities/places/kyiv.md"]
    assert "<small>Place · 60 articles</small>" in page
    recent, _, earlier = page.partition("## Earlier articles")
    sentences = re.findall(r"^    The envoys met in \*\*Kyiv\*\* for round (\d+) on Monday\.$", recent, re.M)
    assert sentences == [str(i) for i in range(ROUNDS - 1, ROUNDS - 1 - ENTITY_RECENT_LIMIT, -1)]  # newest first
    assert "10 earlier articles [below](#earlier-articles)" in recent
    assert "envoys met" not in earlier, "earlier articles carry no sentence"
    assert "### 2024" in earlier
    lines = re.findall(r"^- (\d+ \w+) · \[Round (\d+) of the talks\]\(\.\./\.\./briefings/[^)]+\.md\)$", earlier, re.M)
    assert [n for _, n in lines] == [str(i) for i in range(9, -1, -1)]
    assert lines[-1][0] == "1 January"


def test_entity_page_caps_often_mentioned_with():
    text = "# Summit\n\nJune 03, 2025\n\n{}\n\nOriginal url:\n\n<https://example.org/summit>\n"
    places = ", ".join(["Kyiv", "Moscow", "Istanbul", "Ankara", "Berlin", "Paris", "London", "Warsaw", "Rome"])
    body = f"Envoys from {places}, Madrid, Vienna, Prague, Oslo and Tokyo met in Geneva."
    corpus = build_corpus([parse_seed(text.format(body), "summit.txt")])
    assert len(corpus.entities) > CO_MENTION_LIMIT + 1
    page = render_site(corpus)["entities/places/geneva.md"]
    companions = page.split("## Often mentioned with", 1)[1]
    assert companions.count("\n- [") == CO_MENTION_LIMIT


@pytest.fixture(scope="module")
def rounds_site(tmp_path_factory):
    """60 articles, built strictly, with few enough earlier lines allowed that Kyiv's page shows counts."""
    work = tmp_path_factory.mktemp("rounds")
    seeds = make_seeds(work / "seeds", **{f"round-{i:03}.txt": round_of_talks(i) for i in range(ROUNDS)})
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render, "ENTITY_EARLIER_LIMIT", 5)  # Kyiv: 10 earlier (counts); Lviv: 4 (a line each)
        return build_site(seeds, work, strict=True)


def test_a_briefings_lists_are_kept_out_of_search_but_its_text_is_found(sample_site):
    """A search for an article's title finds that article, not every article whose lists name it."""
    lists = ("related-articles", "people-organisations-and-places")
    html = (sample_site / "briefings" / SEED_SLUG / "index.html").read_text(encoding="utf-8")
    for heading in lists:
        assert re.search(rf'<h2 [^>]*data-search-exclude(="")? id="{heading}"', html), heading
    index = indexed_pages(sample_site)
    briefings = {url: page for url, page in index.items() if url.startswith("briefings/")}
    assert len(briefings) == 1 + len(corpus_files())
    seed = briefings[f"briefings/{SEED_SLUG}/"].text
    assert "Related articles" not in seed and "People, organisations and places" not in seed
    first_round = slugs_by_seed(sample_site)["first_round_istanbul.txt"]
    related = (sample_site / "briefings" / first_round / "index.html").read_text(encoding="utf-8")
    assert SEED_TITLE in htmllib.unescape(related.split('id="related-articles"', 1)[1])  # listed there...
    holders = {url for url, page in briefings.items() if SEED_TITLE in f"{page.title} {page.text}"}
    assert holders == {f"briefings/{SEED_SLUG}/"}  # ... but found on its own page only
    assert any("6,000 bodies" in page.text for page in briefings.values())


def test_beyond_the_line_limit_earlier_articles_are_counted_per_month_with_links_to_the_timeline(rounds_site):
    html = htmllib.unescape((rounds_site / "entities/places/kyiv/index.html").read_text(encoding="utf-8"))
    earlier = html.split('id="earlier-articles"', 1)[1].split("<h2", 1)[0]
    assert "10 more articles name Kyiv" in earlier
    months = re.findall(r'<a href="\.\./\.\./\.\./timeline/#([\w-]+)">(\w+)</a> (\d+)', earlier)
    assert months == [
        ("march-2024", "March", "3"),
        ("february-2024", "February", "3"),
        ("january-2024", "January", "4"),
    ]
    timeline = (rounds_site / "timeline" / "index.html").read_text(encoding="utf-8")
    for anchor, _, _ in months:
        assert f'id="{anchor}"' in timeline
    lviv = htmllib.unescape((rounds_site / "entities/places/lviv/index.html").read_text(encoding="utf-8"))
    assert len(re.findall(r"<li>\d+ \w+ · <a href=\"\.\./\.\./\.\./briefings/", lviv)) == 4


def test_article_lists_are_kept_out_of_search_but_the_entity_page_is_found(rounds_site, seed_site):
    html = (rounds_site / "entities/places/kyiv/index.html").read_text(encoding="utf-8")
    for heading in ("articles", "earlier-articles"):
        assert re.search(rf'<h2 [^>]*data-search-exclude(="")? id="{heading}"', html), heading
    for site, url, name, sentence in (
        (rounds_site, "entities/places/kyiv/", "Kyiv", "The envoys met in Kyiv"),
        (seed_site, "entities/people/vladimir-medinsky/", "Vladimir Medinsky", "Kremlin aide and former Culture"),
    ):
        index = indexed_pages(site)
        assert index[url].title == name
        assert name in index[url].text and sentence not in index[url].text
        assert any(sentence in page.text for other, page in index.items() if other.startswith("briefings/"))
    index = indexed_pages(rounds_site)
    places = sorted(url for url in index if url.startswith("entities/places/"))
    assert places == ["entities/places/kyiv/", "entities/places/lviv/"]
    # Neither the lists of articles (Lviv's year headings included) nor "Often mentioned with" are indexed.
    for url in places:
        text = index[url].text
        assert not [h for h in ("Earlier articles", "Often mentioned with", "2024", "round of talks") if h in text], (
            text
        )


def test_a_search_for_a_name_finds_its_page_not_every_page_listing_it_as_a_companion(sample_site):
    """Searching "Medinsky" offers his page and the briefings whose text names him, not the pages of
    everyone he is "Often mentioned with", nor the lists of all entities or of all briefings."""
    index = indexed_pages(sample_site)
    pages = {
        f"{page.parent.relative_to(sample_site).as_posix()}/": page.read_text(encoding="utf-8")
        for page in sample_site.glob("entities/*/*/index.html")
    }
    listing = {  # the entity pages whose "Often mentioned with" names him
        url for url, html in pages.items() if "vladimir-medinsky/" in html.partition('id="often-mentioned-with"')[2]
    }
    assert len(listing) >= 3, listing  # ... several list him,
    assert listing <= set(index)  # and are in the index themselves
    holders = {url for url, page in index.items() if "Medinsky" in f"{page.title} {page.text}"}
    slugs = slugs_by_seed(sample_site)
    assert holders == {  # ... but found on his own page and the briefings that name him
        "entities/people/vladimir-medinsky/",
        *(f"briefings/{slugs[seed]}/" for seed in (SEED.name, "first_round_istanbul.txt", "drone_attacks.txt")),
    }
    assert "Medinsky" in (sample_site / "entities/index.html").read_text(encoding="utf-8")  # listed there, not found


def test_a_briefing_or_entity_page_shows_its_tab_as_the_current_one(sample_site):
    """Generated pages are not in the navigation, yet the reader sees which tab they are in."""

    def lit(relative: str) -> list[str]:
        html = (sample_site / relative / "index.html").read_text(encoding="utf-8")
        return re.findall(r'md-tabs__item--active">\s*<a href="[^"]*" class="md-tabs__link">\s*([^<]+?)\s*</a>', html)

    assert lit(f"briefings/{SEED_SLUG}") == ["Briefings"]
    assert lit("entities/people/vladimir-medinsky") == ["People, organisations and places"]
    assert lit("timeline") == ["Timeline"]  # a page in the navigation lights its own tab only
    assert lit("entities") == ["People, organisations and places"]
    assert lit(".") == ["Briefings"]
