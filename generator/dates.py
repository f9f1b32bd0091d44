"""Find a publication date in a short line, whatever way the outlet wrote it."""

from __future__ import annotations

import datetime as dt
import re

_MONTH_NAMES = [
    ("january", "jan", "января", "январь", "січня", "січень"),
    ("february", "feb", "февраля", "февраль", "лютого", "лютий"),
    ("march", "mar", "марта", "март", "березня", "березень"),
    ("april", "apr", "апреля", "апрель", "квітня", "квітень"),
    ("may", "мая", "май", "травня", "травень"),
    ("june", "jun", "июня", "июнь", "червня", "червень"),
    ("july", "jul", "июля", "июль", "липня", "липень"),
    ("august", "aug", "августа", "август", "серпня", "серпень"),
    ("september", "sep", "sept", "сентября", "сентябрь", "вересня", "вересень"),
    ("october", "oct", "октября", "октябрь", "жовтня", "жовтень"),
    ("november", "nov", "ноября", "ноябрь", "листопада", "листопад"),
    ("december", "dec", "декабря", "декабрь", "грудня", "грудень"),
]
_MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_TIME = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"

_PATTERNS = [
    re.compile(rf"(?<!\d)(?P<year>\d{{4}})-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}}){_TIME}(?!\d)"),
    re.compile(r"(?<!\d)(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})(?!\d)"),
    re.compile(rf"(?<!\w){_MONTH}\s+{_DAY},?\s+{_YEAR}(?!\d)", re.IGNORECASE),
    re.compile(rf"(?<!\d){_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}(?!\d)", re.IGNORECASE),
    re.compile(r"(?<![\d.])(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})(?!\d)"),
]
# What may surround the date on a date line: weekday, time, time zone, "Published", "Updated".
_FILLER = re.compile(
    r"\b(?:published|updated|last|posted|on|at|date|dated|mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?"
    r"|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?|utc|gmt|msk|cet|cest|eet|eest|est|edt"
    r"|[ap]\.?m\.?|г|года|року|р)\b\.?|\d{1,2}:\d{2}(?::\d{2})?|[+-]\d{2}:?\d{2}|[\s,.:;|/()\-–—·•*_]+",
    re.IGNORECASE,
)


_YEAR_DIGITS = re.compile(r"\d{4}")  # every pattern above needs a year: a quick test before them


class BadDate(ValueError):
    """The line names a date that does not exist (e.g. February 30)."""


def _search(line: str) -> tuple[re.Match, int, int, int] | None:
    if not _YEAR_DIGITS.search(line):
        return None
    for pattern in _PATTERNS:
        match = pattern.search(line)
        if match:
            month = match["month"]
            number = int(month) if month.isdigit() else _MONTHS[month.lower()]
            return match, int(match["year"]), number, int(match["day"])
    return None


def _make(match: re.Match, year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as error:
        raise BadDate(f"{match[0]!r} is not a valid date") from error


def find_date(line: str) -> dt.date | None:
    """The first date written anywhere in `line`, or None. Raises BadDate for an impossible one."""
    found = _search(line)
    return _make(*found) if found else None


def date_line(line: str) -> dt.date | None:
    """The date when `line` is a date line ("June 02, 2025", "Monday, June 2, 2025 14:35",
    "Published: 2025-06-02T14:35Z"), else None: a sentence that mentions a date is not a date line.
    Raises BadDate when the line is a date line naming an impossible date."""
    if len(line) > 80:
        return None
    found = _search(line)
    if not found:
        return None
    match = found[0]
    rest = line[: match.start()] + " " + line[match.end() :]
    if _FILLER.sub("", rest).strip():
        return None
    return _make(*found)


def parse_date_value(value: object) -> dt.date | None:
    """A date from front matter, which YAML may already have turned into a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value is None:
        return None
    return find_date(str(value))
