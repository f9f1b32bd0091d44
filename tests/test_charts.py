"""Mentions over time (generator/charts.py): inline SVG from numbers, bounded, accessible, and passed
through Markdown as raw HTML on the built entity pages and the timeline."""

from __future__ import annotations

import datetime as dt
import html
import re
import xml.etree.ElementTree as ET

from conftest import indexed_pages
from hypothesis import given
from hypothesis import strategies as st

from generator.charts import MAX_BARS, bar_chart, buckets, count_by_month

SVG = "{http://www.w3.org/2000/svg}"


def _svg(figure: str) -> ET.Element:
    root = ET.fromstring(figure.replace(" data-search-exclude", ' data-search-exclude=""'))
    assert root.tag == "figure"
    return root.find(f"{SVG}svg")


def test_counts_are_summed_per_month_and_undated_left_out():
    counts = count_by_month([(dt.date(2025, 6, 2), 4), (dt.date(2025, 6, 30), 1), (None, 9), (dt.date(2025, 3, 1), 2)])
    assert counts == {(2025, 6): 5, (2025, 3): 2}


def test_every_month_of_the_span_is_a_bar_empty_ones_too():
    period, bars = buckets({(2024, 11): 1, (2025, 2): 3})
    assert period == "month"
    assert bars == [("Nov 2024", 1), ("Dec 2024", 0), ("Jan 2025", 0), ("Feb 2025", 3)]


def test_a_long_span_is_counted_by_year_and_bounded():
    period, bars = buckets({(2020, 1): 1, (2023, 6): 2, (2023, 7): 3})
    assert period == "year"
    assert bars == [("2020", 1), ("2021", 0), ("2022", 0), ("2023", 5)]
    period, bars = buckets({(1900, 1): 1, (2025, 1): 1})
    assert len(bars) == MAX_BARS and bars[-1] == ("2025", 1)


@given(st.dictionaries(st.tuples(st.integers(1, 9999), st.integers(1, 12)), st.integers(1, 10**6), max_size=60))
def test_any_counts_make_a_bounded_chart(counts):
    _, bars = buckets(counts)
    assert len(bars) <= MAX_BARS
    figure = bar_chart(counts, "mentions", "X")
    if counts:
        assert len(_svg(figure).findall(f"{SVG}rect")) <= MAX_BARS
        assert len(figure) < 12_000
    else:
        assert figure == ""


def test_the_chart_is_accessible_themed_and_labelled():
    figure = bar_chart({(2025, 5): 1, (2025, 6): 4}, "mentions", "Rustem Umerov")
    svg = _svg(figure)
    assert svg.get("role") == "img"
    label = svg.get("aria-label")
    assert label == "Mentions of Rustem Umerov per month, May 2025 to Jun 2025; most: 4 in Jun 2025"
    assert svg.findtext(f"{SVG}title") == label
    texts = [t.text for t in svg.findall(f"{SVG}text")]
    assert texts == ["4", "0", "May 2025", "Jun 2025"]
    assert svg.get("fill") == "currentColor"  # text follows the page's colour (dark mode too)
    assert all("var(--md-" in rect.get("style") for rect in svg.findall(f"{SVG}rect"))
    assert "<script" not in figure and "\n\n" not in figure  # one raw HTML block for Python-Markdown


def test_the_subject_is_the_only_text_from_a_seed_and_is_escaped():
    figure = bar_chart({(2025, 6): 1}, "mentions", "<script>alert(1)</script> & co")
    assert "<script" not in figure
    assert _svg(figure).get("aria-label").startswith("Mentions of <script>alert(1)</script> & co per month")


def _figure(page: str) -> str:
    match = re.search(r'<figure class="briefing-chart".*?</figure>', page, re.S)
    assert match, "no chart figure on the page"
    return match[0]


def test_the_built_entity_page_and_timeline_show_the_svg(sample_site):
    page = (sample_site / "entities/people/rustem-umerov/index.html").read_text(encoding="utf-8")
    figure = _figure(page)
    assert "&lt;svg" not in page  # passed through, not escaped as text
    svg = ET.fromstring(re.search(r"<svg.*?</svg>", figure, re.S)[0])
    assert "Mentions of Rustem Umerov per month" in svg.get("aria-label")
    assert svg.findall(f"{SVG}rect")
    assert "<figcaption>Mentions per month</figcaption>" in figure
    timeline = (sample_site / "timeline/index.html").read_text(encoding="utf-8")
    assert "Articles per month" in html.unescape(_figure(timeline))


def test_the_chart_is_kept_out_of_search(sample_site):
    index = indexed_pages(sample_site)
    umerov = index["entities/people/rustem-umerov/"].text
    assert "Rustem Umerov" in umerov  # the page is indexed...
    assert "Mentions per month" not in umerov  # ... without its chart's caption
    assert "Articles per month" not in index["timeline/"].text
