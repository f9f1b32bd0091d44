"""The header search as a reader uses it in headless Chromium: a name finds its entity page first, then
the briefings that name it, at desktop and phone width, in light and dark, with instant navigation.

As in test_browser.py, every test fails on a console error or a request to a host other than 127.0.0.1.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from conftest import REPO, SEED, SEED_BRIEFING, SEED_TITLE, build_site, corpus_files, make_seeds
from test_browser import reading, serve_folder, shared_browser

sys.path.insert(0, str(REPO / "tools"))
from measure_reload import make_project, rewrite_first_paragraph, serving

pytestmark = pytest.mark.browser

SERVE_TIMEOUT = 90.0
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="session")
def chromium(pytestconfig):
    return shared_browser(pytestconfig)


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[str, dict]]:
    """The seed plus our corpus, built with SITE_URL set to the address it is served on (instant navigation on)."""
    work = tmp_path_factory.mktemp("search_browser")
    with serve_folder(work / "site") as url, pytest.MonkeyPatch.context() as env:
        env.setenv("SITE_URL", url)
        site = build_site(make_seeds(work / "seeds", SEED, *corpus_files()), work)
        yield url, json.loads((site / "briefing.json").read_text(encoding="utf-8"))


def search(page, query: str) -> list[tuple[str, str]]:
    """Type `query` in the header search as a reader does; the results shown: (title, path)."""
    field = page.locator("input.md-search__input")
    button = page.locator("label.md-header__button[for=__search]")
    if button.is_visible():  # a phone or tablet: the header's search button opens the search
        button.click()
    else:
        field.click()
    field.fill("")
    field.press_sequentially(query, delay=20)
    page.wait_for_function(
        "q => document.querySelector('.md-search__input').value === q"
        " && /\\d/.test(document.querySelector('.md-search-result__meta').textContent)"
        " && document.querySelectorAll('.md-search-result__item').length > 0",
        arg=query,
    )
    shown = page.locator(".md-search-result__item a").evaluate_all(
        "links => links.map(a => [a.querySelector('h1').textContent, new URL(a.href).pathname])"
    )
    return [(title, path.lstrip("/")) for title, path in shown]


def briefings_naming(data: dict, entity_url: str) -> dict[str, str]:
    """The briefings that name the entity: their URL -> title."""
    entity = next(e for e in data["entities"] if e["url"] == entity_url)
    titles = {a["url"].split("/")[1]: (a["url"], a["title"]) for a in data["articles"]}
    return dict(titles[slug] for slug in entity["articles"])


@pytest.mark.parametrize("width", list(VIEWPORTS))
@pytest.mark.parametrize(
    ("query", "entity_url"),
    [("Umerov", "entities/people/rustem-umerov/"), ("Medinsky", "entities/people/vladimir-medinsky/")],
)
def test_a_name_finds_the_entity_page_first_then_the_briefings(chromium, served, width, query, entity_url):
    url, data = served
    with reading(chromium, url) as reader:
        reader.page.set_viewport_size(VIEWPORTS[width])
        reader.open()
        shown = search(reader.page, query)
        entity = next(e for e in data["entities"] if e["url"] == entity_url)
        assert shown[0] == (entity["name"], entity_url), shown
        briefings = briefings_naming(data, entity_url)
        assert len(briefings) >= 2
        # Then the briefings that name him, each under its own title (not the site's name).
        assert dict(shown[1:]) == {title: path for path, title in briefings.items()}, shown
        assert reader.page.locator(".md-search-result__item").first.is_visible()
        assert any("/pagefind/fragment/" in request for request in reader.requests)
        reader.assert_clean()


def test_a_result_opens_by_instant_navigation_and_search_works_on_the_next_page(chromium, served):
    url, _ = served
    with reading(chromium, url) as reader:
        page = reader.page
        reader.open()
        page.evaluate("window.__still_here = true")
        search(page, "Medinsky")
        page.locator(".md-search-result__item a").first.click()
        page.wait_for_url("**/entities/people/vladimir-medinsky/")
        assert page.locator("article h1").first.inner_text().startswith("Vladimir Medinsky")
        assert not page.locator("input#__search").is_checked()  # the search closed on arrival
        shown = search(page, "Umerov")  # the header search works on the page instant navigation loaded
        assert shown[0][1] == "entities/people/rustem-umerov/"
        page.keyboard.press("ArrowDown")  # keys as in Material's search: to the first result, and open it
        page.keyboard.press("Enter")
        page.wait_for_url("**/entities/people/rustem-umerov/")
        assert page.evaluate("window.__still_here === true"), "the result link reloaded the page"
        reader.assert_clean()


def test_the_search_follows_the_colour_scheme(chromium, served):
    url, _ = served
    colours = {}
    for scheme in ("light", "dark"):
        with reading(chromium, url, color_scheme=scheme) as reader:
            reader.open()
            search(reader.page, "Umerov")
            colours[scheme] = reader.page.evaluate(
                "() => [getComputedStyle(document.querySelector('.md-search-result__meta')).backgroundColor,"
                " getComputedStyle(document.querySelector('.md-search-result__item h1')).color]"
            )
            reader.assert_clean()
    assert colours["light"][0] != colours["dark"][0] and colours["light"][1] != colours["dark"][1], colours


def test_keys_open_and_close_the_search_as_in_material(chromium, served):
    url, _ = served
    with reading(chromium, url) as reader:
        page = reader.page
        reader.open()
        page.keyboard.press("/")
        assert page.locator("input#__search").is_checked()
        assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
        page.keyboard.type("zqxjvw")
        page.wait_for_function("document.querySelector('.md-search-result__meta').textContent.startsWith('No')")
        page.keyboard.press("Escape")
        assert not page.locator("input#__search").is_checked()
        reader.assert_clean()


def test_nothing_is_downloaded_for_search_until_the_reader_uses_it(chromium, served):
    url, _ = served
    with reading(chromium, url) as reader:
        reader.open()
        reader.page.wait_for_load_state("networkidle")
        assert not [r for r in reader.requests if "/pagefind/" in urlsplit(r).path], reader.requests
        reader.assert_clean()


def test_while_serving_search_finds_what_an_edited_seed_now_says(chromium, tmp_path):
    """`serve` indexes in the background after each build: the edit shows at once, and search finds it soon after."""
    project = make_project(tmp_path, [SEED])
    with serving(project) as server:
        server.wait_for_log("Search: indexed", timeout=SERVE_TIMEOUT)
        with reading(chromium, server.url) as reader:
            reader.open()
            assert search(reader.page, "Umerov")[0][1] == "entities/people/rustem-umerov/"
            rewrite_first_paragraph(project / "seeds" / SEED.name, "zebraprobeword")
            deadline = time.monotonic() + SERVE_TIMEOUT
            while server.count("Search: indexed") < 2:
                assert time.monotonic() < deadline, "\n".join(server.lines[-20:])
                time.sleep(0.1)
            reader.open()
            assert search(reader.page, "zebraprobeword") == [(SEED_TITLE, SEED_BRIEFING)]
            reader.assert_clean()
