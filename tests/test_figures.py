"""Key figures (issue 15, §2): numbers with what they count, on the real seed and on small texts,
and the "Key figures" box of a built briefing."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import SEED, SEED_SLUG, build_site, make_seeds

from generator.figures import FIGURE_LIMIT, find_figures
from generator.model import Article, Paragraph, Span
from generator.parse import parse_seed
from generator.seeds import with_seed_name


def article(*paragraphs: str) -> Article:
    return Article("a.txt", "Title", dt.date(2025, 6, 1), tuple(Paragraph((Span(text),)) for text in paragraphs))


def figures(*paragraphs: str) -> list[str]:
    return [figure.text for figure in find_figures(article(*paragraphs))]


@pytest.fixture(scope="module")
def seed_article():
    return with_seed_name(parse_seed(SEED.read_text(encoding="utf-8"), str(SEED)), SEED.name)


def test_seed_figures(seed_article):
    found = find_figures(seed_article)
    assert [figure.text for figure in found] == [
        "6,000 bodies of killed soldiers each",
        "two to three days",  # the text says "between two and three days"
        "four regions",  # "four partially occupied regions" later counts the same regions: once
        "1,000 prisoners each",
        "around 50,000 Russian troops",
    ]
    for figure in found:  # each points at its words in its paragraph
        words = seed_article.paragraphs[figure.paragraph].text[figure.start : figure.end]
        assert words.endswith(figure.counted) and (figure.number in words or "between" in words)


def test_seed_skips_dates_ordinals_and_pairs(seed_article):
    texts = " | ".join(figure.text for figure in find_figures(seed_article))
    for absent in ("June", "May 16", "16", "third", "second", "two sides", "two memoranda", "hour"):
        assert absent not in texts


def test_what_is_not_a_figure():
    assert figures("On June 2, 2025 they met; on 16 May they met again, in 2024 too.") == []
    assert figures("The 42-year-old F-16 pilot and COVID-19 at 14:35.") == []
    assert figures("See page 5 and No. 10 and article 51 of the charter.") == []
    assert figures("The two sides met for a third time; the two delegations left.") == []
    assert figures("It happened three years ago.") == []
    assert figures("“There are two roads in front of us,” he said.") == []  # words in a quotation
    assert figures("He counted to 10.") == []  # counts nothing


def test_what_is_a_figure():
    assert figures("Some 2.5 million people fled, and 40% of homes were hit.") == [
        "Some 2.5 million people",
        "40% of homes",
    ]
    assert figures("They freed more than 300 prisoners of war each.") == ["more than 300 prisoners of war each"]
    assert figures("The truce would last two or three days.") == ["two or three days"]
    # "İ" lowers to two characters: a number word after it is still found where it is.
    assert figures("In İstanbul the delegations held two rounds of talks.") == ["two rounds of talks"]


def test_figures_are_bounded_and_repeats_shown_once():
    text = " ".join(f"They sent {n},000 troops and {n} tanks." for n in range(2, 20))
    assert len(figures(text)) == FIGURE_LIMIT
    assert figures("They swapped 1,000 prisoners. Later 1,000 prisoners more.") == ["1,000 prisoners"]


def test_briefing_page_shows_key_figures_near_the_top(tmp_path):
    site = build_site(make_seeds(tmp_path / "seeds", SEED), tmp_path, strict=True)
    page = (site / "briefings" / SEED_SLUG / "index.html").read_text(encoding="utf-8")
    body = page.split('<article class="md-content__inner md-typeset">', 1)[1]
    box = body.split('<div class="admonition abstract key-figures">', 1)[1].split("</div>", 1)[0]
    assert body.index("key-figures") < body.index('id="p1"')  # above the text
    assert '<p class="admonition-title">Key figures</p>' in box
    assert '<li><a href="#p3"><strong>6,000</strong> bodies of killed soldiers each</a></li>' in box
    assert '<a href="#p7"><strong>two to three</strong> days</a>' in box
    assert '<a href="#p12"><strong>around 50,000</strong> Russian troops</a>' in box
    assert 'id="p3"' in body and "6,000 bodies" in body.split('id="p3"', 1)[1].split("</p>", 1)[0]

    data = json.loads((site / "briefing.json").read_text(encoding="utf-8"))
    (entry,) = data["articles"]
    assert entry["figures"][0] == {
        "text": "6,000 bodies of killed soldiers each",
        "paragraph": 2,
        "url": f"briefings/{SEED_SLUG}/#p3",
    }


def test_figures_in_text_outside_ascii_keep_their_place():
    # Curly quotes and a dash (outside Latin-1) before the number: found, and pointing at its words.
    paragraph = "“We are ready,” he said — about 1,200 soldiers were freed; ٥٠ guards stayed."
    found = find_figures(article(paragraph))
    assert [figure.text for figure in found] == ["about 1,200 soldiers"]  # digits are ASCII: "٥٠" is not one
    assert paragraph[found[0].start : found[0].end] == "about 1,200 soldiers"
