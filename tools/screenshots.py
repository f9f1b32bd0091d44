"""Screenshots of the pages a reader sees, light and dark, desktop and phone, into screenshots/.

Builds the seed plus the sample corpus (../shared/corpus) into a temporary folder, serves it on
127.0.0.1 and photographs the home page, the seed's briefing, an entity page, the lists and the curation report.

  python tools/screenshots.py [--out screenshots]
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
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="screenshots-") as temp:
        work = Path(temp)
        site = build_site(make_seeds(work / "seeds", SEED, *sorted(CORPUS.glob("*.txt"))), work)
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
                        context.close()
        finally:
            server.shutdown()
            server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
