"""Screenshots of the pages a reader sees, light and dark, desktop and phone, into screenshots/.

Builds the seed plus the sample corpus (tests/fixtures/corpus) into a temporary folder, serves it on
127.0.0.1 and photographs the home page, the seed's briefing, an entity page, the lists, the curation
report and the header search's results for a name (search-*.png). `--seed-only` builds the real seed alone
(docs/screenshots/search.png is its search-light-desktop.top.png).

  python tools/screenshots.py [--out screenshots] [--seed-only] [--query Umerov]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "tools"))

from conftest import CORPUS, SEED, build_site, make_seeds  # noqa: E402
from measure_reload import chromium  # noqa: E402

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=REPO / "screenshots")
    parser.add_argument("--seed-only", action="store_true", help="build the real seed alone, without the corpus")
    parser.add_argument("--query", default="Umerov", help="what to type in the header search (default: Umerov)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="screenshots-") as temp:
        work = Path(temp)
        corpus = [] if args.seed_only else sorted(CORPUS.glob("*.txt"))
        site = build_site(make_seeds(work / "seeds", SEED, *corpus), work)
        data = json.loads((site / "briefing.json").read_text(encoding="utf-8"))
        pages = {"home": "", "briefing": data["articles"][0]["url"], "timeline": "timeline/", "entities": "entities/"}
        pages["review"] = "entities/review/"  # the curation report
        people = [e for e in data["entities"] if "Medinsky" in e["name"]] or data["entities"]
        if people:
            pages["entity"] = people[0]["url"]
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        try:
            with chromium() as browser:
                for scheme in ("light", "dark"):
                    for size, viewport in SIZES.items():
                        context = browser.new_context(color_scheme=scheme, viewport=viewport)
                        page = context.new_page()
                        for name, path in pages.items():
                            page.goto(base + path, wait_until="load")
                            target = args.out / f"{name}-{scheme}-{size}.png"
                            page.screenshot(path=str(target), full_page=True)
                            page.screenshot(path=str(target.with_suffix(".top.png")))  # what shows first
                            print(target)
                        page.goto(base, wait_until="load")
                        search(page, args.query)
                        target = args.out / f"search-{scheme}-{size}.png"
                        page.screenshot(path=str(target.with_suffix(".top.png")))
                        print(target.with_suffix(".top.png"))
                        context.close()
        finally:
            server.shutdown()
            server.server_close()
    return 0


def search(page, query: str) -> None:
    """Type `query` in the header search (opened by its button on a phone) and wait for the results."""
    button = page.locator("label.md-header__button[for=__search]")
    (button if button.is_visible() else page.locator("input.md-search__input")).click()
    page.locator("input.md-search__input").press_sequentially(query, delay=40)
    page.locator(".md-search-result__item").first.wait_for()
    page.wait_for_timeout(500)  # the other results' fragments


if __name__ == "__main__":
    sys.exit(main())
