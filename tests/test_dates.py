"""dates.py: a line holding only a date, in the ways outlets write it, to an ISO date."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.dates import BadDate, date_line, find_date, parse_date_value


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("June 02, 2025", "2025-06-02"),
        ("2 June 2025", "2025-06-02"),
        ("23 July 2025", "2025-07-23"),
        ("2025-06-02", "2025-06-02"),
        ("Monday, June 2, 2025 14:35", "2025-06-02"),
        ("Published: 2025-06-02T14:35:00Z", "2025-06-02"),
        ("Updated June 3, 2025 at 10:00 a.m. EDT", "2025-06-03"),
        ("Thu, 15 May 2025 09:00:00 +0300", "2025-05-15"),
        ("Jun. 2nd, 2025", "2025-06-02"),
        ("02.06.2025", "2025-06-02"),
        ("2025/06/02", "2025-06-02"),
        ("SEPT 9, 2025", "2025-09-09"),
        ("2 июня 2025 г.", "2025-06-02"),
        ("23 липня 2025 року", "2025-07-23"),
    ],
)
def test_date_lines(line, iso):
    assert date_line(line).isoformat() == iso


@pytest.mark.parametrize(
    "line",
    [
        "On June 2, 2025 the talks began.",  # a sentence that mentions a date
        "Talks in Istanbul",
        "June 2025",
        "20250602",
        "Delegations met on 2 June 2025 in Istanbul",
        "x" * 100 + " June 2, 2025",
    ],
)
def test_lines_that_are_not_date_lines(line):
    assert date_line(line) is None


@pytest.mark.parametrize("line", ["February 30, 2025", "2025-13-01", "31.04.2025"])
def test_impossible_dates_raise_bad_date(line):
    with pytest.raises(BadDate, match="is not a valid date"):
        date_line(line)


def test_front_matter_values():
    assert parse_date_value(dt.date(2025, 6, 2)) == dt.date(2025, 6, 2)
    assert parse_date_value(dt.datetime(2025, 6, 2, 14, 35)) == dt.date(2025, 6, 2)
    assert parse_date_value("2 June 2025") == dt.date(2025, 6, 2)
    assert parse_date_value(None) is None
    assert find_date("said on June 2, 2025.") == dt.date(2025, 6, 2)
