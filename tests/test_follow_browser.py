"""Follow an entity, as a reader in Chromium sees it: the entity page's chart at desktop and phone
width, its feed link (fetched from the served site and parsed), the timeline's chart, and a printed
briefing showing its source URL. No console error, no request leaving 127.0.0.1 (test_browser's Reader)."""

from __future__ import annotations

import urllib.request
import xml.etree.ElementTree as ET
from urllib.parse import urljoin

import pytest

# test_browser's fixtures (one shared Chromium, the sample site served on 127.0.0.1) and its Reader.
import test_browser
from conftest import SEED_BRIEFING
from test_browser import reading

pytestmark = pytest.mark.browser
browser, site_url, reader = test_browser.browser, test_browser.site_url, test_browser.reader

ATOM = "{http://www.w3.org/2005/Atom}"
ENTITY = "entities/people/rustem-umerov/"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


def _fetch_feed(url: str) -> ET.Element:
    with urllib.request.urlopen(url, timeout=10) as response:  # 127.0.0.1: the test's own server
        assert response.status == 200
        root = ET.fromstring(response.read())
    assert root.tag == f"{ATOM}feed"
    return root


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_entity_page_shows_its_chart_and_links_its_feed(browser, site_url, width, scheme):
    with reading(browser, site_url, color_scheme=scheme) as reader:
        page = reader.page
        page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
        reader.open(ENTITY)
        chart = page.locator("article figure.briefing-chart svg")
        chart.wait_for()
        box = chart.bounding_box()
        assert box and box["width"] > 150 and box["height"] > 40
        assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTHS[width][0]  # fits the screen
        assert "Mentions of Rustem Umerov per month" in chart.get_attribute("aria-label")
        bars = chart.locator("rect")
        assert bars.count() >= 1
        fill = bars.first.evaluate("r => getComputedStyle(r).fill")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert fill not in ("", "none", background), (fill, background)  # drawn in the theme's colour
        assert page.locator("p.entity-lede").inner_text().strip()  # who it is

        visible = page.locator("a.follow-feed")
        assert visible.is_visible()
        head = page.locator('head link[rel~="alternate"][type="application/atom+xml"][title="Rustem Umerov"]')
        feed_url = urljoin(page.url, head.get_attribute("href"))
        assert urljoin(page.url, visible.get_attribute("href")) == feed_url
        root = _fetch_feed(feed_url)
        assert root.findtext(f"{ATOM}title") == "Rustem Umerov"
        assert root.findall(f"{ATOM}entry")
        reader.assert_clean()


def test_timeline_shows_articles_per_month(reader):
    reader.open("timeline/")
    chart = reader.page.locator("article figure.briefing-chart svg")
    chart.wait_for()
    assert chart.is_visible()
    assert chart.get_attribute("aria-label").startswith("Articles per month")
    site_feed = reader.page.locator('head link[type="application/atom+xml"]').first.get_attribute("href")
    assert _fetch_feed(urljoin(reader.page.url, site_feed)).findall(f"{ATOM}entry")
    reader.assert_clean()


def test_a_printed_briefing_shows_its_source_url(reader):
    reader.open(SEED_BRIEFING)
    source = reader.page.locator("article .briefing-meta a[href^='http']").first
    href = source.get_attribute("href")
    after = "a => getComputedStyle(a, '::after').content"
    assert source.evaluate(after) in ("none", "normal", "")  # on screen: the name alone
    reader.page.emulate_media(media="print")
    assert source.evaluate(after) == f'" ({href})"'
    reader.assert_clean()
