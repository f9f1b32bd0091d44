"""Reader-level tests: headless Chromium reads the built site served from 127.0.0.1.

Every test also checks what a reader never sees but would suffer from: console errors, and
requests to any host but 127.0.0.1 (the site must work offline). The tests skip, saying why,
where Chromium or Playwright is missing; CI installs Chromium with apt (.ci/run).
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    FIXTURES,
    SEED,
    SEED_BRIEFING,
    SEED_SLUG,
    SEED_TITLE,
    build_site,
    corpus_files,
    make_seeds,
)

HOSTILE_SEED = FIXTURES / "hostile.txt"
TIMEOUT_MS = 15_000
LOCAL_HOST = "127.0.0.1"

pytestmark = pytest.mark.browser


def missing_browser() -> str | None:
    """Why browser tests cannot run here, or None when they can.

    CI sets BRIEFING_REQUIRE_BROWSER=1 (.ci/run): there a missing browser fails the tests instead.
    """
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    if not CHROMIUM.is_file():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium chromium-driver)"
    return None


def skip_without_browser() -> None:
    reason = missing_browser()
    if reason and os.environ.get("BRIEFING_REQUIRE_BROWSER"):
        pytest.fail(f"BRIEFING_REQUIRE_BROWSER is set but {reason}")
    if reason:
        print(f"\nbrowser tests skipped: {reason}")
        pytest.skip(reason)


_RUNNING: dict[str, object] = {}


def shared_browser(config: pytest.Config):
    """One headless Chromium for the whole test session, closed when the session ends.

    Playwright's sync API allows one instance per thread, so every browser test module gets
    its browser here rather than starting its own.
    """
    skip_without_browser()
    if "browser" not in _RUNNING:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        _RUNNING["browser"] = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)

        def close() -> None:
            _RUNNING.pop("browser").close()
            playwright.stop()

        config.add_cleanup(close)
    return _RUNNING["browser"]


@pytest.fixture(scope="session")
def browser(pytestconfig):
    return shared_browser(pytestconfig)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 (a free port) in a thread; yield the base URL."""
    server = ThreadingHTTPServer((LOCAL_HOST, 0), partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def site_url(sample_site) -> Iterator[str]:
    with serve_folder(sample_site) as url:
        yield url


@pytest.fixture(scope="session")
def site_data(sample_site) -> dict:
    return json.loads((sample_site / "briefing.json").read_text(encoding="utf-8"))


# --- a reader: one page plus everything it logged ----------------------------------------------


@dataclass
class Reader:
    """A browser page that records every request, console error and dialog it sees."""

    page: object
    base: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def open(self, path: str = "") -> None:
        response = self.page.goto(urljoin(self.base, path), wait_until="load")
        assert response is not None and response.ok, f"{path}: HTTP {response.status if response else '?'}"

    def path(self) -> str:
        return urlsplit(self.page.url).path.lstrip("/")

    def assert_clean(self) -> None:
        """No console error, no JavaScript error, and not one request to another host."""
        assert not self.errors, "console errors:\n" + "\n".join(self.errors)
        remote = [url for url in self.requests if not _is_local(url)]
        assert not remote, "requests leaving 127.0.0.1:\n" + "\n".join(remote)


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname == LOCAL_HOST


@contextmanager
def reading(browser, base: str, color_scheme: str = "light") -> Iterator[Reader]:
    context = browser.new_context(color_scheme=color_scheme, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    reader = Reader(page, base)
    context.on("request", lambda request: reader.requests.append(request.url))
    page.on("console", lambda msg: msg.type == "error" and reader.errors.append(f"{page.url}: {msg.text}"))
    page.on("pageerror", lambda error: reader.errors.append(f"{page.url}: {error}"))
    page.on("worker", lambda worker: worker.on("console", lambda msg: _worker_console(reader, msg)))

    def on_dialog(dialog) -> None:
        reader.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        yield reader
    finally:
        context.close()


def _worker_console(reader: Reader, msg) -> None:
    if msg.type == "error":
        reader.errors.append(f"worker: {msg.text}")


@pytest.fixture
def reader(browser, site_url) -> Iterator[Reader]:
    with reading(browser, site_url) as reader:
        yield reader


def heading(page) -> str:
    """The page's h1 as a reader sees it (without the permalink sign)."""
    return (
        page.locator("article h1")
        .first.evaluate(
            "h => [...h.childNodes].filter(n => !n.classList?.contains('headerlink')).map(n => n.textContent).join('')"
        )
        .strip()
    )


def entity_by_url(site_data: dict, url: str) -> dict:
    for entity in site_data["entities"]:
        if url.endswith(entity["url"]):
            return entity
    raise AssertionError(f"{url} is not an entity page listed in briefing.json")


def article_by_url(site_data: dict, url: str) -> dict:
    for article in site_data["articles"]:
        if url.endswith(article["url"]):
            return article
    raise AssertionError(f"{url} is not a briefing listed in briefing.json")


# --- what a reader does -----------------------------------------------------------------------


def test_home_lists_the_briefings_newest_first(reader, site_data):
    reader.open()
    headings = reader.page.locator("article h2 a:not(.headerlink)")
    titles = [text.strip() for text in headings.all_inner_texts()]
    assert titles == [article["title"] for article in site_data["articles"]]
    assert len(titles) == 1 + len(corpus_files())  # the seed and our corpus

    shown = reader.page.locator("article h2 + p small").all_inner_texts()
    dates = [datetime.strptime(text.split(" · ")[0].strip(), "%d %B %Y").date() for text in shown]
    assert len(dates) == len(titles)
    assert dates == sorted(dates, reverse=True)
    assert titles[0] == SEED_TITLE  # 2 June 2025, the newest, its whole headline
    reader.assert_clean()


def test_search_for_medinsky_offers_his_page_and_the_seed_briefing(reader, site_data):
    medinsky = [e for e in site_data["entities"] if "Medinsky" in e["name"]]
    assert medinsky, "briefing.json names no entity called Medinsky (entity pages not built?)"
    reader.open()
    page = reader.page
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("Medinsky", delay=20)  # as a reader types: a search per pause
    results = page.locator(".md-search-result__item a")
    results.first.wait_for()
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__meta')?.textContent.match(/\\d/)"
    )  # the result count is in: the list is complete
    hrefs = [urljoin(page.url, href) for href in results.evaluate_all("links => links.map(a => a.href)")]
    offered = {urlsplit(href).path.lstrip("/") for href in hrefs}
    assert SEED_BRIEFING in offered, f"search offered: {sorted(offered)}"
    assert any(entity["url"] in offered for entity in medinsky), f"search offered: {sorted(offered)}"
    # Not the pages of everyone he is "Often mentioned with", nor the index of all entities.
    others = {path for path in offered if path.startswith("entities/")}
    assert others <= {entity["url"] for entity in medinsky}, f"search offered: {sorted(offered)}"

    entity_result = page.locator(f".md-search-result__item a[href*='/{medinsky[0]['url']}']").first
    entity_result.click()
    page.wait_for_url(lambda url: urlsplit(url).path.endswith("/" + medinsky[0]["url"]))
    assert heading(page) == medinsky[0]["name"]
    reader.assert_clean()


def _seed_briefing_link(reader, selector: str, missing: str, text: str | None = None):
    """Open the seed's briefing and find the first link matching `selector` (and `text`): (link, URL)."""
    reader.open(SEED_BRIEFING)
    links = reader.page.locator(selector)
    assert links.count() > 0, missing
    link = (links.filter(has_text=text) if text else links).first
    return link, urljoin(reader.page.url, link.get_attribute("href"))


def test_entity_link_in_a_briefing_opens_the_entity_page(reader, site_data):
    page = reader.page
    link, href = _seed_briefing_link(
        reader,
        "article p a[href*='entities/']",
        "the seed briefing links no person, organisation or place in its text",
        text="Vladimir Medinsky",
    )
    entity = entity_by_url(site_data, href)
    link.click()
    page.wait_for_url(href)
    assert reader.path() == entity["url"]
    assert heading(page) == entity["name"]
    # The entity page leads back to the briefing the reader came from.
    back = page.locator(f"article a[href*='{SEED_SLUG}']")
    assert back.count() > 0, f"{entity['url']} does not link back to the seed's briefing"
    reader.assert_clean()


def test_related_article_link_opens_that_article(reader, site_data):
    page = reader.page
    link, href = _seed_briefing_link(
        reader, "h2:has-text('Related articles') + ul a", "the seed briefing lists no related articles"
    )
    title = link.inner_text().strip()
    article = article_by_url(site_data, href)
    link.click()
    page.wait_for_url(href)
    assert reader.path() == article["url"]
    assert heading(page) == article["title"] == title
    reader.assert_clean()


def test_light_dark_toggle_switches_the_colours_and_remembers_them(reader):
    reader.open(SEED_BRIEFING)
    page = reader.page

    def scheme() -> str:
        return page.evaluate("document.body.getAttribute('data-md-color-scheme')")

    def background() -> str:
        return page.evaluate("getComputedStyle(document.body).backgroundColor")

    assert scheme() == "default"
    light = background()
    page.get_by_title("Switch to dark mode").click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    dark = background()
    assert dark != light
    assert page.get_by_title("Switch to light mode").is_visible()

    reader.open("timeline/")  # the choice survives a new page
    assert scheme() == "slate" and background() == dark
    page.get_by_title("Switch to light mode").click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'default'")
    assert background() == light
    reader.assert_clean()


def test_on_a_phone_the_timeline_never_breaks_a_source_name_across_lines(reader):
    """ "The / Moscow Times" split over two lines read as two things."""
    reader.page.set_viewport_size({"width": 390, "height": 844})
    reader.open("timeline/")
    lines = reader.page.locator("article small.briefing-source").evaluate_all(
        "sources => sources.map(s => [s.textContent, s.getClientRects().length])"
    )
    assert len(lines) >= 4 and all(" " in text for text, _ in lines), lines  # names that could break
    assert [count for _, count in lines] == [1] * len(lines), lines


def test_whole_tour_has_no_console_error_and_stays_on_127_0_0_1(reader, site_data):
    """Follow the menu tabs, a briefing, an entity and a search with instant navigation."""
    page = reader.page
    reader.open()
    for tab in ("Timeline", "People, organisations and places", "About", "Briefings"):
        page.locator(".md-tabs__link", has_text=tab).first.click()
        page.wait_for_load_state()
        assert page.locator("article h1").first.is_visible()
    page.locator("article h2 a:not(.headerlink)").first.click()
    page.wait_for_url(f"**/{SEED_BRIEFING}")
    page.locator("article p a[href*='entities/']").first.click()
    page.wait_for_url("**/entities/**")
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("prisoner", delay=20)
    page.locator(".md-search-result__item").first.wait_for()
    # A page opened directly (not through instant navigation) must work the same.
    reader.open("entities/")
    assert len(reader.requests) > 10  # the listener did see the traffic
    assert any("/pagefind/fragment/" in url for url in reader.requests)  # the search's results were loaded
    reader.assert_clean()


@pytest.fixture(scope="module")
def site_at_its_site_url(tmp_path_factory) -> Iterator[str]:
    """The sample site built with SITE_URL set to the address it is served on, as a deployment would."""
    work = tmp_path_factory.mktemp("site_url")
    with serve_folder(work / "site") as url, pytest.MonkeyPatch.context() as env:
        env.setenv("SITE_URL", url)
        build_site(make_seeds(work / "seeds", SEED, *corpus_files()), work)
        yield url


def test_instant_navigation_loads_pages_in_place_when_site_url_matches(browser, site_at_its_site_url):
    with reading(browser, site_at_its_site_url) as reader:
        reader.open()
        page = reader.page
        page.evaluate("window.__still_here = true")
        page.locator("article h2 a:not(.headerlink)").first.click()
        page.wait_for_url(f"**/{SEED_BRIEFING}")
        page.locator("article h1").wait_for()
        assert page.evaluate("window.__still_here === true"), "the click reloaded the page: instant navigation is off"
        page.locator(".md-tabs__link", has_text="Timeline").first.click()
        page.wait_for_url("**/timeline/")
        assert page.evaluate("window.__still_here === true")
        reader.assert_clean()


# --- a hostile seed ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Iterator[tuple[str, dict]]:
    if not HOSTILE_SEED.is_file():
        pytest.skip(f"{HOSTILE_SEED.relative_to(FIXTURES.parent.parent)} does not exist yet")
    work = tmp_path_factory.mktemp("hostile")
    site = build_site(make_seeds(work / "seeds", HOSTILE_SEED), work)
    data = json.loads((site / "briefing.json").read_text(encoding="utf-8"))
    with serve_folder(site) as url:
        yield url, data


def test_hostile_seed_opens_no_dialog_and_runs_no_script(browser, hostile_site):
    url, data = hostile_site
    assert data["articles"], "the hostile seed produced no briefing"
    with reading(browser, url) as reader:
        for path in ("", data["articles"][0]["url"], "timeline/", "entities/"):
            reader.open(path)
            reader.page.wait_for_timeout(300)  # let any injected timer or onerror handler fire
            # Click every link the seed put in the page text: none may run script.
            for link in reader.page.locator("article a[href^='javascript:' i]").all():
                raise AssertionError(f"{path}: javascript: link survived: {link.get_attribute('href')}")
            assert reader.page.locator("article iframe, article script, article object").count() == 0, path
        # Search results are built from the index text in the browser: the seed's markup must stay text there too.
        search = reader.page.locator("input.md-search__input")
        for query in ("Hostile", "script"):
            search.click()
            search.fill("")
            search.press_sequentially(query, delay=20)
            reader.page.locator(".md-search-result__item").first.wait_for()
            reader.page.wait_for_timeout(300)
            assert reader.page.locator(".md-search-result script, .md-search-result iframe").count() == 0, query
            assert reader.page.locator(".md-search-result img:not([src^='data:'])").count() == 0, query
        assert not reader.dialogs, f"the hostile seed opened dialogs: {reader.dialogs}"
        assert not [url for url in reader.requests if not _is_local(url)]
