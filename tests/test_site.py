"""End to end: build the site and read the HTML a reader gets."""

from __future__ import annotations

import json
import re

from conftest import SEED, build_site, make_seeds

SEED_SLUG = "2025-06-02-russia-and-ukraine-agree-to-new-prisoner-exchange"


def test_seed_page_shows_rejoined_sentence_and_no_dead_links(tmp_path):
    site = build_site(make_seeds(tmp_path / "seeds", SEED), tmp_path, strict=True)
    html = (site / "briefings" / SEED_SLUG / "index.html").read_text(encoding="utf-8")
    assert "agreed to a new prisoner swap, as well as to exchange 6,000 bodies" in html
    article = html.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]
    assert 'href="#"' not in article
    assert "Alexander Ryumin / TASS" in article
    assert "Reuters contributed reporting." in article


def test_seed_page_shows_every_parsed_field_to_the_reader(tmp_path):
    site = build_site(make_seeds(tmp_path / "seeds", SEED), tmp_path)
    html = (site / "briefings" / SEED_SLUG / "index.html").read_text(encoding="utf-8")
    article = html.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]
    text = re.sub(r"<[^>]+>", "", article)
    assert "<title>Russia and Ukraine Agree to New Prisoner Exchange - " in html
    assert re.search(r"<h1[^>]*>Russia and Ukraine Agree to New Prisoner Exchange", article)
    assert "2 June 2025" in text
    assert re.search(r'<a href="https://www\.themoscowtimes\.com/2025/06/02/[^"]+">The Moscow Times</a>', article)
    assert "Delegations from Russia and Ukraine at the talks in Istanbul." in text
    assert "Ukraine Says Drones Hit Dozens of Russian Bombers in &#x27;Spider&#x27;s Web&#x27; Operation" in text or (
        "Ukraine Says Drones Hit Dozens of Russian Bombers in 'Spider's Web' Operation" in text
    )
    assert "Russia and Ukraine Hold First Direct Talks in Three Years, Agree to Swap 1,000 Prisoners Each" in text
    assert "Related article" not in text and "Original url" not in text and "](#)" not in text


def test_briefing_json_lists_the_seed(tmp_path):
    site = build_site(make_seeds(tmp_path / "seeds", SEED), tmp_path)
    data = json.loads((site / "briefing.json").read_text(encoding="utf-8"))
    (article,) = data["articles"]
    assert article["seed"] == SEED.name
    assert article["date"] == "2025-06-02"
    assert article["source_url"].startswith("https://www.themoscowtimes.com/2025/06/02/")
    assert article["source"] == "The Moscow Times"
    assert article["url"] == f"briefings/{SEED_SLUG}/"
    assert (site / article["url"] / "index.html").is_file()


def test_home_lists_briefings_newest_first(sample_site):
    html = (sample_site / "index.html").read_text(encoding="utf-8")
    dates = re.findall(r"(\d{1,2} (?:May|June) 2025)", html)
    assert dates[:4] == ["2 June 2025", "25 May 2025", "16 May 2025", "15 May 2025"]


def test_site_makes_no_request_to_another_host(sample_site):
    for page in sample_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html, page
        loaded = re.findall(r'<(?:script|img|iframe|source)[^>]*\ssrc="(https?://[^"]+)"', html)
        loaded += re.findall(r'<link[^>]*\shref="(https?://[^"]+)"', html)
        for url in loaded:
            assert url.startswith("http://127.0.0.1"), f"{page}: loads {url}"


def test_briefing_page_carries_the_summary_as_lede_and_description(tmp_path):
    site = build_site(make_seeds(tmp_path / "seeds", SEED), tmp_path, strict=True)
    html = (site / "briefings" / SEED_SLUG / "index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="Russia and Ukraine held a second round of direct peace talks' in html
    lede = html.split('<p class="briefing-lede">', 1)[1].split("</p>", 1)[0]
    assert "held a second round of direct peace talks" in lede
