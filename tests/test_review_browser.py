"""The curation report's page (entities/review/) as a curator sees it in headless Chromium: reached
from the entity index, at desktop and phone width, light and dark; each entry a code block that fits
the screen and holds exactly the YAML to paste; not offered by search.

As in test_browser.py, every test fails on a console error or a request to a host other than 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import SEED, build_site, corpus_files, make_seeds
from test_browser import reading, serve_folder, shared_browser
from test_review_page import EXTRA

from generator.pipeline import generate

pytestmark = pytest.mark.browser

REVIEW = "entities/review/"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="session")
def chromium(pytestconfig):
    return shared_browser(pytestconfig)


@pytest.fixture(scope="module")
def review_site(tmp_path_factory):
    """The seed, our corpus and a few articles with two spellings and a shared surname; and its review."""
    work = tmp_path_factory.mktemp("review-site")
    site = build_site(make_seeds(work / "seeds", SEED, *corpus_files(), **EXTRA), work)
    return site, generate(work / "seeds", work / "docs").corpus.review


@pytest.fixture(scope="module")
def served(review_site) -> Iterator[str]:
    with serve_folder(review_site[0]) as url:
        yield url


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_each_entry_is_a_code_block_that_fits_and_holds_the_yaml(chromium, served, review_site, width, scheme):
    review = review_site[1]
    with reading(chromium, served, color_scheme=scheme) as reader:
        page = reader.page
        page.set_viewport_size(VIEWPORTS[width])
        reader.open(REVIEW)
        headings = page.locator("article h2").all_inner_texts()
        assert [h.split(" (")[0] for h in headings] == [
            "Likely duplicates", "Types the text contradicts", "Named only once",
            "Short forms that name more than one entity",
        ]  # fmt: skip
        blocks = page.locator("article pre > code")
        assert blocks.count() == len(review.findings)
        assert [text.strip() for text in blocks.all_inner_texts()] == [f.entry for f in review.findings]
        viewport = VIEWPORTS[width]["width"]
        for i in (0, blocks.count() - 1):
            block = blocks.nth(i)
            block.scroll_into_view_if_needed()
            assert block.is_visible()
            box = block.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= viewport, box
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport  # no sideways scrolling
        code = blocks.first.evaluate("c => [getComputedStyle(c).color, getComputedStyle(c).backgroundColor]")
        assert code[0] != code[1], code  # readable: text and background differ in either scheme
        links = page.locator("article li a[href*='/entities/']")
        assert links.count() >= len(review.findings)  # each named entity leads to its page
        reader.assert_clean()


def test_a_curator_reaches_it_from_the_entity_index_and_search_does_not_offer_it(chromium, served):
    with reading(chromium, served) as reader:
        page = reader.page
        reader.open("entities/")
        page.locator("article a", has_text="What to check").click()
        page.wait_for_url(lambda url: url.endswith("/" + REVIEW))
        assert page.locator("article h1").inner_text().startswith("What to check in the names")
        page.locator("article li a[href$='/entities/places/kiev/']").first.click()  # a likely duplicate, to look at
        page.wait_for_url(lambda url: url.endswith("/entities/places/kiev/"))

        search = page.locator("input.md-search__input")
        search.click()
        search.press_sequentially("named once", delay=20)
        page.wait_for_function("() => document.querySelector('.md-search-result__meta')?.textContent.trim()")
        offered = page.locator(".md-search-result__item a").evaluate_all("links => links.map(a => a.href)")
        assert not [href for href in offered if "/entities/review/" in href], offered
        reader.assert_clean()
