"""End to end: build the site and read the HTML a reader gets."""

from __future__ import annotations

import html as htmllib
import json
import re

from conftest import SEED, SEED_SLUG, SEED_TITLE, build_site, make_seeds


def article_text(site, slug: str) -> tuple[str, str]:
    """(the page's whole HTML, its article as the words a reader sees: tags out, references decoded)."""
    html = (site / "briefings" / slug / "index.html").read_text(encoding="utf-8")
    article = html.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]
    return html, " ".join(htmllib.unescape(re.sub(r"<[^>]+>", "", article)).split())


def test_seed_page_shows_rejoined_sentence_and_no_dead_links(tmp_path):
    site = build_site(make_seeds(tmp_path / "seeds", SEED), tmp_path, strict=True)
    html, text = article_text(site, SEED_SLUG)
    # The seed breaks this sentence after "agreed to a new": the reader gets it whole.
    assert "He also said the delegations agreed to a new prisoner swap, as well as to exchange 6,000 bodies" in text
    article = html.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]
    assert 'href="#"' not in article and "(#)" not in text and "[" not in text
    for words in ("he was quoted as saying", "later confirmed that", "The two sides last met in Istanbul"):
        assert words in text  # the text of each dead link stays, as plain words
    assert "Alexander Ryumin / TASS" in text
    assert "Reuters contributed reporting." in text


def test_seed_page_shows_every_parsed_field_to_the_reader(tmp_path):
    site = build_site(make_seeds(tmp_path / "seeds", SEED), tmp_path)
    html, text = article_text(site, SEED_SLUG)
    assert f"<title>{htmllib.escape(SEED_TITLE, quote=False)} - " in html  # the whole headline, not the cut URL
    assert text.startswith(SEED_TITLE)
    assert "2 June 2025" in text
    assert re.search(r'<a href="https://www\.themoscowtimes\.com/2025/06/02/[^"]+">The Moscow Times</a>', html)
    assert "Ukrainian and Russian negotiators meet on June 2 in Istanbul. Photo: Alexander Ryumin / TASS" in text
    assert "What Is Russia Demanding in Its Peace Memorandum to Ukraine?" in text
    assert "What We Know About Ukraine's Drone Attacks in Russia" in text
    assert 'Later on Monday, the White House said Trump is "open" to meeting' in text  # the last paragraph
    assert "Related article" not in text and "Original url" not in text and "](#)" not in text


def test_briefing_json_lists_the_seed(tmp_path):
    site = build_site(make_seeds(tmp_path / "seeds", SEED), tmp_path)
    data = json.loads((site / "briefing.json").read_text(encoding="utf-8"))
    (article,) = data["articles"]
    assert article["seed"] == SEED.name
    assert article["title"] == SEED_TITLE
    assert article["date"] == "2025-06-02"
    assert article["source_url"].startswith("https://www.themoscowtimes.com/2025/06/02/")
    assert article["source"] == "The Moscow Times"
    assert article["url"] == f"briefings/{SEED_SLUG}/"
    assert (site / article["url"] / "index.html").is_file()
    assert [r["title"] for r in article["source_related"]] == [
        "What Is Russia Demanding in Its Peace Memorandum to Ukraine?",
        "What We Know About Ukraine's Drone Attacks in Russia",
    ]
    assert all(r["slug"] is None for r in article["source_related"])  # the seed alone: neither is in the set


def test_home_lists_briefings_newest_first(sample_site):
    html = (sample_site / "index.html").read_text(encoding="utf-8")
    dates = re.findall(r"(\d{1,2} (?:May|June) 2025)", html)
    assert dates[:5] == ["2 June 2025", "1 June 2025", "25 May 2025", "16 May 2025", "14 May 2025"]


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
    description = htmllib.unescape(re.search(r'<meta name="description" content="([^"]*)"', html)[1])
    assert description.startswith("Russia and Ukraine agreed to a new prisoner exchange after their delegates met")
    lede = html.split('<p class="briefing-lede" id="p1">', 1)[1].split("</p>", 1)[0]
    assert "agreed to a new prisoner exchange after their delegates met for a second round" in re.sub(
        r"<[^>]+>", "", lede
    )
