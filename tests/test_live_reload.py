"""`make serve` in a real browser: a seed edited, added or removed shows up in the open page by itself.

Runs `python -m generator serve` (MkDocs' live-reload server) in a copy of the project and watches
the page in headless Chromium. No timing is asserted: each change gets a generous timeout; the
figures come from `make measure-reload`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import REPO, SEED, SEED_BRIEFING, SEED_TITLE
from test_browser import shared_browser

sys.path.insert(0, str(REPO / "tools"))
from measure_reload import (
    NEW_SEED,
    NEW_SEED_NAME,
    NEW_SEED_SLUG,
    NEW_SEED_TITLE,
    NOT_FOUND,
    make_project,
    rewrite_first_paragraph,
    serving,
    wait_until,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser(pytestconfig):
    return shared_browser(pytestconfig)


TIMEOUT = 60.0


def test_serve_reloads_the_open_page_when_seeds_change(browser, tmp_path):
    project = make_project(tmp_path, [SEED])
    (project / "docs" / "notes.md").write_text("# Notes\n\nHand-written.\n", encoding="utf-8")
    hand_written = {path: path.read_bytes() for path in (project / "docs").rglob("*") if path.is_file()}

    with serving(project) as server:
        first_build = server.wait_until_settled(quiet=1.0, timeout=TIMEOUT)
        page = browser.new_page()
        page.goto(server.url + SEED_BRIEFING)
        assert SEED_TITLE in page.inner_text("h1")

        # Edit: the open briefing shows the new paragraph without anyone reloading it.
        page.evaluate("window.__before_reload = true")
        rewrite_first_paragraph(project / "seeds" / SEED.name, "reloadprobeedited")
        wait_until(page, lambda text: "reloadprobeedited" in text, timeout=TIMEOUT)
        assert page.evaluate("window.__before_reload === undefined"), "the new text came without a page load"

        # The generator's own writes into docs/ must not set off another build (and another reload).
        assert server.wait_until_settled(timeout=TIMEOUT) == first_build + 1

        # Add: the open home page lists the new seed.
        page.goto(server.url)
        (project / "seeds" / NEW_SEED_NAME).write_text(NEW_SEED, encoding="utf-8")
        wait_until(page, lambda text: NEW_SEED_TITLE in text, timeout=TIMEOUT)
        page.goto(server.url + f"briefings/{NEW_SEED_SLUG}/")
        assert NEW_SEED_TITLE in page.inner_text("h1")

        # Remove: its open briefing becomes the 404 page, and the home page forgets it.
        (project / "seeds" / NEW_SEED_NAME).unlink()
        wait_until(page, lambda text: NOT_FOUND in text, timeout=TIMEOUT)
        page.goto(server.url)
        assert NEW_SEED_TITLE not in page.inner_text("body")
        server.wait_until_settled(timeout=TIMEOUT)

        # A hand-written page in docs/ still reloads when it is edited (only generated files are ignored).
        page.goto(server.url + "notes/")
        notes = project / "docs" / "notes.md"
        notes.write_text("# Notes\n\nHand-written, and edited.\n", encoding="utf-8")
        hand_written[notes] = notes.read_bytes()
        wait_until(page, lambda text: "and edited" in text, timeout=TIMEOUT)
        server.wait_until_settled(timeout=TIMEOUT)
        page.close()

    after = {path: path.read_bytes() for path in hand_written if path.is_file()}
    assert after == hand_written, "serve changed or removed a hand-written file in docs/"
    assert not list(Path(project / "docs").glob("**/*.tmp")), "temporary files left in docs/"
