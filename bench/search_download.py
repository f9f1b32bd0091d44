"""What a reader downloads to search: bytes fetched per query through the header search, gzipped.

Serves a built site on 127.0.0.1, opens its home page in headless Chromium (a fresh browser
context per query: nothing cached), focuses the header search, types the query as a reader does
and waits until the results are shown and nothing more is fetched. Every file the server sent
from the focus on counts, at its gzip size (level 6) or as it is where that is smaller (Pagefind's
index files are compressed already): what a server compressing its responses sends. The header
search script itself, which every page loads, is counted in `script_bytes`.

    python bench/search_download.py bench/out/work-1000/site [--query Umerov --query ...]

Default queries: the surname of the person and the name of the organisation named in most
articles (from the site's briefing.json), and the word "prisoners".
"""

from __future__ import annotations

import argparse
import gzip
import json
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
HOST = "127.0.0.1"
SEARCH_SCRIPT = "assets/javascripts/briefing-search.js"
QUIET_SECONDS = 0.7  # no request for this long after the results are shown: the query is done
TIMEOUT_MS = 30_000


@dataclass(frozen=True)
class QueryDownload:
    query: str
    results: int  # matching pages, as the search box reports them
    first: tuple[str, ...]  # titles of the first results shown
    requests: int
    bytes: int  # gzipped, everything fetched from the focus on
    script_bytes: int  # gzipped, the header search script every page loads
    files: tuple[tuple[str, int], ...] = ()  # each file fetched and its gzipped size


class _Recorder(SimpleHTTPRequestHandler):
    served: list[tuple[float, str]]

    def log_message(self, format, *args):
        pass

    def send_head(self):
        self.served.append((time.monotonic(), unquote(urlsplit(self.path).path)))
        return super().send_head()


@contextmanager
def serving(site: Path) -> Iterator[tuple[str, list[tuple[float, str]]]]:
    """Serve `site` on 127.0.0.1 (a free port); yield its URL and the list of (time, path) it served."""
    served: list[tuple[float, str]] = []
    handler = type("Recorder", (_Recorder,), {"served": served})
    server = ThreadingHTTPServer((HOST, 0), partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}/", served
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def transfer_size(path: Path) -> int:
    """Bytes a compressing server sends for this file: gzip level 6, unless that is no smaller."""
    body = path.read_bytes()
    return min(len(body), len(gzip.compress(body, 6, mtime=0)))


def _file(site: Path, url_path: str) -> Path | None:
    path = site / url_path.lstrip("/")
    if path.is_dir():
        path = path / "index.html"
    return path if path.is_file() else None


def default_queries(site: Path) -> list[str]:
    """The most named person's surname, the most named organisation, and a common word."""
    data = json.loads((site / "briefing.json").read_text(encoding="utf-8"))
    queries = []
    for kind in ("person", "organisation"):
        named = [e for e in data["entities"] if e["type"] == kind]
        if named:
            top = max(named, key=lambda e: (len(e["articles"]), e["name"]))
            queries.append(top["name"].split()[-1] if kind == "person" else top["name"])
    return [*queries, "prisoners"]


def search_download(
    site: Path, queries: Sequence[str] | None = None, width: int = 1280, delay_ms: int = 30
) -> list[QueryDownload]:
    """Bytes downloaded per query through the header search of the built site in `site`, typing a
    key every `delay_ms` (a slow typist's pauses start searches for the prefixes on the way)."""
    from playwright.sync_api import sync_playwright

    site = Path(site)
    queries = list(queries) if queries else default_queries(site)
    script = _file(site, SEARCH_SCRIPT)
    script_bytes = transfer_size(script) if script else 0
    found = []
    with serving(site) as (base, served), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for query in queries:
                context = browser.new_context(viewport={"width": width, "height": 900})
                context.set_default_timeout(TIMEOUT_MS)
                try:
                    page = context.new_page()
                    found.append(_one_query(page, base, served, site, query, script_bytes, delay_ms))
                finally:
                    context.close()
        finally:
            browser.close()
    return found


def _one_query(page, base: str, served: list, site: Path, query: str, script_bytes: int, delay_ms: int):
    page.goto(base, wait_until="networkidle")  # the page's own loads (sitemap.xml too) are over
    start = len(served)
    field = page.locator("input.md-search__input")
    button = page.locator("label.md-header__button[for=__search]")
    if button.is_visible():  # phone width: the header's search button opens the box
        button.click()
    else:
        field.click()
    field.press_sequentially(query, delay=delay_ms)
    page.wait_for_function(  # the count is in, and the first results are drawn (or there are none)
        "q => document.querySelector('.md-search__input').value === q"
        " && (/^No /.test(document.querySelector('.md-search-result__meta').textContent)"
        " || (/\\d/.test(document.querySelector('.md-search-result__meta').textContent)"
        " && document.querySelector('.md-search-result__item') !== null))",
        arg=query,
    )
    _wait_quiet(served)
    meta = page.locator(".md-search-result__meta").inner_text()
    titles = page.locator(".md-search-result__item h1").all_inner_texts()
    paths = [path for _, path in served[start:]]
    files = tuple((path, transfer_size(f)) for path, f in ((p, _file(site, p)) for p in paths) if f is not None)
    digits = "".join(ch for ch in meta if ch.isdigit())
    return QueryDownload(
        query=query,
        results=int(digits) if digits else 0,
        first=tuple(titles[:3]),
        requests=len(paths),
        bytes=sum(size for _, size in files),
        script_bytes=script_bytes,
        files=files,
    )


def _wait_quiet(served: list, limit: float = 20.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        last = served[-1][0] if served else 0.0
        if time.monotonic() - last >= QUIET_SECONDS:
            return
        time.sleep(0.1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site folder (mkdocs build's site_dir)")
    parser.add_argument("--query", action="append", help="a query to type (repeatable; default: see above)")
    parser.add_argument("--width", type=int, default=1280, help="viewport width (390 for a phone)")
    parser.add_argument("--delay", type=int, default=30, help="milliseconds between keys (default: 30)")
    parser.add_argument("--files", action="store_true", help="also list every file each query fetched")
    args = parser.parse_args(argv)
    rows = search_download(args.site, args.query, args.width, args.delay)
    print("| query | results | first results | requests | downloaded (gzip) | + search script |")
    print("|---|---:|---|---:|---:|---:|")
    for row in rows:
        first = "; ".join(row.first)
        print(
            f"| {row.query} | {row.results:,} | {first} | {row.requests} | {row.bytes / 1024:,.1f} KB"
            f" | {row.script_bytes / 1024:,.1f} KB |"
        )
    for row in rows if args.files else ():
        print(f"\n{row.query}:")
        for path, size in row.files:
            print(f"  {size / 1024:8.1f} KB  {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
