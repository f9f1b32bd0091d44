"""Reader-level tests of "Key figures" and "Who said what" (issue 15): headless Chromium, as
tests/test_browser.py (whose fixtures these use), at desktop and phone width."""

from __future__ import annotations

import pytest
from conftest import SEED_BRIEFING
from test_browser import browser, reading, site_url  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("size", list(SIZES))
def test_key_figures_and_who_said_what_are_visible(browser, site_url, size):  # noqa: F811
    with reading(browser, site_url) as reader:
        page = reader.page
        page.set_viewport_size(SIZES[size])
        reader.open(SEED_BRIEFING)
        box = page.locator(".admonition.key-figures")
        assert box.is_visible()
        assert box.locator(".admonition-title").inner_text().strip() == "Key figures"
        assert "6,000 bodies of killed soldiers each" in box.inner_text()
        # Near the top: the box starts within the first screen, above the lede.
        top = box.bounding_box()["y"]
        assert top < SIZES[size]["height"]
        assert top < page.locator("#p1").bounding_box()["y"]
        width = page.evaluate("document.documentElement.clientWidth")
        assert box.bounding_box()["x"] + box.bounding_box()["width"] <= width  # no sideways scrolling

        section = page.locator("h2#who-said-what")
        section.scroll_into_view_if_needed()
        assert section.is_visible()
        quotes = page.locator("h2#who-said-what + ul > li")
        assert quotes.count() >= 4
        first = quotes.first
        assert first.locator("a").first.inner_text() == "Rustem Umerov"
        assert "can be resolved only at the level of leaders" in first.inner_text()
        reader.assert_clean()


def test_a_quote_leads_to_its_paragraph_and_its_speaker(browser, site_url):  # noqa: F811
    with reading(browser, site_url) as reader:
        page = reader.page
        reader.open(SEED_BRIEFING)
        medinsky = page.locator("h2#who-said-what + ul > li", has_text="make a show")
        medinsky.get_by_role("link", name="paragraph 6").click()
        page.wait_for_url("**#p6")
        target = page.locator("#p6")
        assert "make a show" in target.inner_text()
        # Scrolled to it (by the browser, or by Material's instant navigation, which scrolls itself).
        page.wait_for_function(
            "(() => { const r = document.getElementById('p6').getBoundingClientRect();"
            " return r.top >= 0 && r.top < innerHeight; })()"
        )
        medinsky.get_by_role("link", name="Vladimir Medinsky").click()
        page.wait_for_url("**/entities/people/vladimir-medinsky/")
        quotes = page.locator("h2#quotes + ul")
        assert quotes.is_visible()
        assert "Unfortunately, something didn’t work out so well." in quotes.inner_text()
        reader.assert_clean()


def test_dark_mode_keeps_the_figures_readable(browser, site_url):  # noqa: F811
    with reading(browser, site_url, color_scheme="dark") as reader:
        page = reader.page
        reader.open(SEED_BRIEFING)
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        colours = page.locator(".admonition.key-figures li a").first.evaluate(
            "a => [getComputedStyle(a).color, getComputedStyle(document.body).backgroundColor]"
        )
        assert colours[0] != colours[1]
        reader.assert_clean()
