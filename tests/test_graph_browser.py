"""The co-mention graphs as a reader sees them in headless Chromium, at desktop and phone width.

As in test_browser.py, every test fails on a console error or a request to a host other than 127.0.0.1.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from test_browser import reading, serve_folder, shared_browser

pytestmark = pytest.mark.browser

MEDINSKY = "entities/people/vladimir-medinsky/"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="session")
def chromium(pytestconfig):
    return shared_browser(pytestconfig)  # the one browser test_browser.py's tests use too


@pytest.fixture(scope="module")
def served(sample_site) -> Iterator[str]:
    with serve_folder(sample_site) as url:
        yield url


@pytest.fixture(scope="module")
def entities(sample_site) -> dict[str, dict]:
    data = json.loads((sample_site / "briefing.json").read_text(encoding="utf-8"))
    return {entity["url"]: entity for entity in data["entities"]}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", list(VIEWPORTS))
@pytest.mark.parametrize("path", [MEDINSKY, "network/"])
def test_the_graph_is_visible_fits_the_page_and_a_node_opens_its_page(chromium, served, entities, path, width, scheme):
    with reading(chromium, served, color_scheme=scheme) as reader:
        page = reader.page
        page.set_viewport_size(VIEWPORTS[width])
        reader.open(path)
        svg = page.locator("article svg.entity-graph__svg").first
        svg.scroll_into_view_if_needed()
        assert svg.is_visible()
        box = svg.bounding_box()
        content = page.locator("article").first.bounding_box()
        assert box["width"] > 200 and box["height"] > 100, box
        frame = page.locator("article div.entity-graph").first.bounding_box()  # on a phone the network scrolls in it
        assert frame["x"] >= content["x"] - 1 and frame["x"] + frame["width"] <= content["x"] + content["width"] + 1
        if path != "network/" or width == "desktop":  # the neighbourhood always fits the width
            assert box["x"] >= content["x"] - 1 and box["x"] + box["width"] <= content["x"] + content["width"] + 1
        # No horizontal scrolling on a phone: the drawing scales down to the width.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        # The nodes are coloured (by type) and their labels are drawn in the page's text colour.
        fill = page.locator("article .entity-graph__node circle").first.evaluate("c => getComputedStyle(c).fill")
        assert fill not in ("", "none", "rgb(0, 0, 0)"), fill
        labels = page.locator("article .entity-graph__node text")
        colour = labels.first.evaluate("t => getComputedStyle(t).fill")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert colour != background

        # A node other than the centre: hover shows its tooltip text; a click opens its page.
        nodes = page.locator("article .entity-graph__node:not(.entity-graph__node--centre)")
        assert nodes.count() >= 5
        node = nodes.first
        tooltip = node.locator("title").text_content()
        assert "article" in tooltip, tooltip
        href = node.get_attribute("href")
        name = node.locator("text").text_content()
        node.locator("circle").click()
        page.wait_for_url(lambda url: urlsplit(url).path.rstrip("/").startswith("/entities/") and url != path)
        target = urlsplit(page.url).path.lstrip("/")
        assert target.startswith("entities/") and target != path, (href, target)
        entity = entities[target]
        assert page.locator("article h1").first.inner_text().startswith(entity["name"].split()[0])
        assert name.rstrip("…").split()[0] in entity["name"]
        reader.assert_clean()


def test_arriving_by_instant_navigation_the_graph_still_works(chromium, served, entities):
    """Material's instant navigation rewrites the links of a page it loads: the graph's must survive it."""
    with reading(chromium, served) as reader:
        page = reader.page
        reader.open()
        search = page.locator("input.md-search__input")
        search.click()
        search.press_sequentially("Medinsky", delay=20)
        page.locator(f".md-search-result__item a[href*='/{MEDINSKY}']").first.click()
        page.wait_for_url(lambda url: urlsplit(url).path.endswith("/" + MEDINSKY))
        node = page.locator("article .entity-graph__node:not(.entity-graph__node--centre)").first
        node.scroll_into_view_if_needed()
        node.locator("circle").click()
        page.wait_for_url(lambda url: not urlsplit(url).path.endswith("/" + MEDINSKY))
        assert urlsplit(page.url).path.lstrip("/") in entities
        reader.assert_clean()
