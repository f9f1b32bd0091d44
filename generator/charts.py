"""Small bar charts of counts over time, as static inline SVG made at build time (no JavaScript).

The SVG is built from numbers and from labels of our own (month names, counts); the one piece of
seed text, the subject's name in the accessible label, is HTML-escaped by escape.py. Colours come
from the theme (Material's CSS variables, currentColor), so the chart follows light and dark mode.
Its size is bounded whatever the corpus: at most MAX_BARS months, or years when the dates span more,
and then the last MAX_BARS years.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

from .escape import Markdown, escape_html

MAX_BARS = 36
WIDTH, HEIGHT = 400, 124
LEFT, RIGHT, TOP, BOTTOM = 30, 6, 14, 26  # margins around the bars: count labels left, period labels below
MAX_BAR_WIDTH = 40
LABEL_EVERY_BAR = 6  # up to this many bars, each is labelled; beyond, the first and the last
BAR_COLOUR = "var(--md-typeset-a-color, currentColor)"

Month = tuple[int, int]  # (year, month)


def count_by_month(dated: Iterable[tuple[dt.date | None, int]]) -> dict[Month, int]:
    """Sum of the counts per (year, month); undated items are not on a time axis and are left out."""
    counts: dict[Month, int] = {}
    for date, n in dated:
        if date is not None:
            month = (date.year, date.month)
            counts[month] = counts.get(month, 0) + n
    return counts


def buckets(counts: dict[Month, int]) -> tuple[str, list[tuple[str, int]]]:
    """("month" | "year", [(label, count)] oldest first, every period of the span, empty ones too)."""
    if not counts:
        return "month", []
    first, last = min(counts), max(counts)
    span = (last[0] - first[0]) * 12 + last[1] - first[1] + 1
    if span <= MAX_BARS:
        bars = []
        year, month = first
        for _ in range(span):
            bars.append((f"{dt.date(year, month, 1):%b %Y}", counts.get((year, month), 0)))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return "month", bars
    by_year: dict[int, int] = {}
    for (year, _), n in counts.items():
        by_year[year] = by_year.get(year, 0) + n
    start = max(first[0], last[0] - MAX_BARS + 1)
    return "year", [(str(year), by_year.get(year, 0)) for year in range(start, last[0] + 1)]


def _number(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def bar_chart(counts: dict[Month, int], what: str, subject: str = "") -> Markdown:
    """An inline SVG bar chart of `what` ("mentions", "articles") per month (or year), as raw HTML
    for a Markdown page: one block with no blank line, so Python-Markdown passes it through as is.
    Empty when there is nothing dated to show."""
    drawn = _drawn(tuple(sorted(counts.items())), what)
    if drawn is None:
        return Markdown("")
    period, summary, bars = drawn
    of = f" of {subject}" if subject else ""
    label = escape_html(f"{what.capitalize()}{of} per {period}, {summary}")
    return Markdown(
        f'<figure class="briefing-chart" data-search-exclude>\n<svg class="briefing-chart__svg" role="img" '
        f'aria-label="{label}" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        'style="max-width:100%;height:auto" xmlns="http://www.w3.org/2000/svg" font-size="13" fill="currentColor">'
        f"<title>{label}</title>{bars}</svg>\n<figcaption>{what.capitalize()} per {period}</figcaption>\n</figure>"
    )


@functools.lru_cache(maxsize=1 << 12)
def _drawn(counts: tuple[tuple[Month, int], ...], what: str) -> tuple[str, str, str] | None:
    """The chart of `counts` but for its label: (period, "May 2025 to Jun 2025; most: 3 in Jun 2025",
    the SVG's axis, bars and labels). Drawn once per set of counts: a corpus' entities have far fewer
    (a tenth, in the synthetic one) than there are entities, most of them named in a month or two."""
    period, bars = buckets(dict(counts))
    if not bars:
        return None
    peak = max(n for _, n in bars) or 1
    best_label, best = max(bars, key=lambda bar: bar[1])  # the first of the highest
    span = bars[0][0] if len(bars) == 1 else f"{bars[0][0]} to {bars[-1][0]}"
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = inner_w / len(bars)
    gap = max(min(2.0, step / 4), step - MAX_BAR_WIDTH)  # a few bars stay bars, not slabs
    base = TOP + inner_h
    parts = [
        f'<line x1="{LEFT}" y1="{base}" x2="{WIDTH - RIGHT}" y2="{base}" stroke="currentColor" stroke-opacity="0.4"/>',
        f'<text x="{LEFT - 4}" y="{TOP + 4}" text-anchor="end">{peak:,}</text>',
        f'<text x="{LEFT - 4}" y="{base}" text-anchor="end">0</text>',
    ]
    for index, (name, n) in enumerate(bars):
        if n:
            h = max(1.0, inner_h * n / peak)
            x = LEFT + index * step + gap / 2
            parts.append(
                f'<rect x="{_number(x)}" y="{_number(base - h)}" width="{_number(step - gap)}" height="{_number(h)}" '
                f'style="fill:{BAR_COLOUR}"><title>{name}: {n:,}</title></rect>'
            )
    if len(bars) <= LABEL_EVERY_BAR:  # under each bar
        for index, (name, _) in enumerate(bars):
            x = _number(LEFT + (index + 0.5) * step)
            parts.append(f'<text x="{x}" y="{HEIGHT - 6}" text-anchor="middle">{name}</text>')
    else:  # the span's ends
        parts.append(f'<text x="{LEFT}" y="{HEIGHT - 6}">{bars[0][0]}</text>')
        parts.append(f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 6}" text-anchor="end">{bars[-1][0]}</text>')
    return period, f"{span}; most: {best:,} in {best_label}", "".join(parts)
