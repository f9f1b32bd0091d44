"""Key figures: the numbers an article gives and what each counts ("around 50,000 Russian troops"). Pure.

A figure is a number (digits, "6,000", "2.5 million", "40%", or a number word from "two" up)
with an optional qualifier ("around", "more than") or range ("between two and three", shown as
"two to three"), followed by the words it counts, up to a stop word or punctuation: "four regions
that Russia..." counts "regions"; "of" may join two parts ("bodies of killed soldiers"), and a
following "each" is kept.

Not figures: number words inside a quotation (“two roads in front of us”), dates ("June 2",
"May 16", years 1800-2100), times, ordinals ("third meeting"),
numbers inside words or ids ("F-16", "42-year-old", "COVID-19"), numbers after "page", "No.",
"article", "aged"..., "the two sides" (a pair already known), and numbers that count nothing
("in 2025", "at 5"). Repeats of the same number counting the same thing are shown once, and an
article shows at most FIGURE_LIMIT, in reading order.
"""

from __future__ import annotations

import re

import ahocorasick

from .model import Article, Figure
from .quotes import quote_spans

FIGURE_LIMIT = 8
COUNTED_WORDS = 4  # at most this many words after the number, "of" not counted


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_WORD_NUMBERS = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred"
)
_SCALE = r"(?:\s(?:hundred|thousand|million|billion|trillion))?"
_NUMBER = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)(?:\s?%|\s(?:percent|per\scent))?{_SCALE}"
    rf"|(?:{_WORD_NUMBERS})(?:-(?:one|two|three|four|five|six|seven|eight|nine))?{_SCALE}"
)
_QUALIFIER = (
    r"(?:around|about|some|nearly|almost|over|roughly|approximately|up to|at least|more than|"
    r"fewer than|less than|as many as|an estimated|as few as)"
)
# One regex pass over the paragraph: qualifier or "between", the number, an optional second one.
_FIGURE = re.compile(
    rf"(?<![\w.,$€£-])(?:(?P<qualifier>{_QUALIFIER})\s|(?P<between>between)\s)?"
    rf"(?P<first>{_NUMBER})(?:\s(?P<joiner>to|and|or)\s(?P<second>{_NUMBER}))?(?![\w-]|[.,]\d)",
    re.IGNORECASE,
)
_WORD = re.compile(r"\s([A-Za-z][A-Za-z’'-]*)")
_MONTHS = _words(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
_BEFORE_SKIPS = _words("page pages p no no. number article articles chapter section paragraph aged age point")
_STOP = _words("""the a an this that these those which who whom whose where when while in on at to for from with
    by and or but as into onto over under after before since during near than then is are was were be
    been being have has had will would could can should may might must do does did not it its their his
    her they he she we you i ago later earlier more less also only about around per if so such because
    each of out up down off against between among via p.m a.m am pm gmt utc years-old year-old old
    inside outside across within along behind beyond toward towards through throughout without above below
    beneath upon amid despite like including deep""")
_TIME_UNITS_AFTER = _words("ago later earlier")


def find_figures(article: Article, limit: int = FIGURE_LIMIT) -> tuple[Figure, ...]:
    """The article's key figures, in reading order: at most `limit`, each number-and-noun once."""
    figures: list[Figure] = []
    seen: set[tuple[str, str]] = set()
    for index, paragraph in enumerate(article.paragraphs):
        text = paragraph.text
        quoted = None
        for match in _matches(text):
            figure = _figure(text, match, index)
            if figure is None:
                continue
            if not figure.number[-1].isdigit() and not figure.number.endswith("%"):
                quoted = quote_spans(text) if quoted is None else quoted
                if any(start <= figure.start < end for start, end in quoted):
                    continue  # “There are two roads in front of us”: words, not a figure
            key = (figure.number.lower(), figure.counted.split(" of ")[0].split()[-1].lower())
            if key in seen:
                continue
            seen.add(key)
            figures.append(figure)
            if len(figures) >= limit:
                return tuple(figures)
    return tuple(figures)


_DIGITS = re.compile(r"\d[\d,.]*")
# Every number word, found in one pass over a paragraph (Aho-Corasick, in C), with its length.
_NUMBER_WORD_FINDER = ahocorasick.Automaton()
for _word in _WORD_NUMBERS.split("|"):
    _NUMBER_WORD_FINDER.add_word(_word, len(_word))
_NUMBER_WORD_FINDER.make_automaton()
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
# "around ", "more than ", "between " just before a number: where its figure starts.
_LEAD = re.compile(rf"(?:{_QUALIFIER}|between)\s$", re.IGNORECASE)
_LEADS = (*_QUALIFIER.strip("(?:)").split("|"), "between")
_LEAD_SPAN = 24  # longer than the longest lead and its space
_YEAR = re.compile(r"1[89]\d\d|20\d\d|2100")


def _matches(text: str) -> list[re.Match]:
    """_FIGURE's matches in `text`, in order, tried only where a number starts: a digit, or a number
    word at the start of a word.

    Running _FIGURE over every character costs about 0.3 s per megabyte of text (it tries every
    qualifier and number word at each one), and so does looking for each number word in turn; digits
    are found by a regex and number words by one automaton, both at C speed, and most paragraphs have
    few numbers or none."""
    starts = [m.start() for m in _DIGITS.finditer(text)]
    lower = text.lower()
    if len(lower) != len(text):  # "İ" lowers to two characters: lower ASCII only, so offsets hold
        lower = text.translate(_ASCII_LOWER)
    for last, length in _NUMBER_WORD_FINDER.iter(lower):
        at = last - length + 1
        if at == 0 or not lower[at - 1].isalpha():
            starts.append(at)
    matches: list[re.Match] = []
    end = 0
    for start in sorted(set(starts)):
        if start < end:
            continue  # inside the previous figure ("two to three", "6,000")
        lead = _lead(text, max(end, start - _LEAD_SPAN), start)
        match = (_FIGURE.match(text, lead) if lead is not None else None) or _FIGURE.match(text, start)
        if match is not None:
            matches.append(match)
            end = match.end()
    return matches


def _lead(text: str, start: int, end: int) -> int | None:
    """Where a lead ("around ", "more than ", "between ") ending at `end`, and starting at `start` or
    later, starts: _LEAD.search(text, start, end), without trying each position of the window in turn
    (a tenth of the time figures take). Text outside ASCII goes to _LEAD itself: its case-insensitive
    matching knows letters that lower() does not map to ASCII ("K", the Kelvin sign, matches "k")."""
    window = text[start:end]
    if not window or not window[-1].isspace():
        return None  # a number's lead ends in a space: most numbers have none
    if not window.isascii():
        found = _LEAD.search(text, start, end)
        return found.start() if found else None
    body = window[:-1].lower()
    if body.endswith(_LEADS):
        return end - 1 - max(len(lead) for lead in _LEADS if body.endswith(lead))
    return None  # (_LEAD's "$" also matches before a final newline, but no figure follows such a lead)


def _figure(text: str, match: re.Match, index: int) -> Figure | None:
    first, second = match["first"], match["second"]
    if match["between"] and not (second and match["joiner"].lower() == "and"):
        return None  # "between 2020 and ...", "between two of them"
    if match["joiner"] and not second:
        return None
    for number in (first, second):
        if number and len(number) == 4 and _YEAR.fullmatch(number):
            return None  # a year
    before = text[max(0, match.start() - 12) : match.start()].split()
    previous = before[-1].lower().rstrip(".") if before else ""
    if previous in _MONTHS or previous in _BEFORE_SKIPS or previous + "." in _BEFORE_SKIPS:
        return None
    if previous in ("the", "these", "those") and first.lower() in ("two", "both"):
        return None  # "the two sides": a pair already named, not a figure
    if text[match.end() : match.end() + 1] in (":",):
        return None  # "14:35"
    counted, end = _counted(text, match.end(), share=first.endswith(("%", "percent", "cent")))
    if not counted:
        return None
    if counted.split()[0].lower() in _MONTHS:
        return None  # "2 June"
    if counted.split()[-1].lower() in ("year", "years", "day", "days", "month", "months", "week", "weeks"):
        following = _WORD.match(text, end)
        if following and following[1].lower() in _TIME_UNITS_AFTER:
            return None  # "three years ago": when, not how many
    qualifier = match["qualifier"]
    if second:
        joiner = "to" if match["between"] else match["joiner"]
        number = f"{first} {joiner} {second}"
    else:
        number = first
    if qualifier:
        number = f"{qualifier} {number}"
    return Figure(" ".join(number.split()), counted, index, match.start(), end)


def _counted(text: str, at: int, share: bool = False) -> tuple[str, int]:
    """The words counted by a number ending at `at`, and where they end: up to COUNTED_WORDS words,
    stopping at punctuation or a stop word; "of" joins a second part ("40% of homes" when `share`);
    a final "each" is kept. A word in -ed that no counted word follows is a verb ("people fled")."""
    words: list[str] = []
    content = 0
    end = at
    joined = False
    while content < COUNTED_WORDS:
        match = _WORD.match(text, end)
        if match is None:
            break
        word = match[1]
        lower = word.lower()
        if lower == "of" and (content or share) and not joined:
            following = _WORD.match(text, match.end())
            if following is None or following[1].lower() in _STOP:
                break
            joined = True
            words.append(word)
            end = match.end()
            continue
        if lower in _STOP:
            break
        if content and lower.endswith("ed"):
            following = _WORD.match(text, match.end())
            if following is None or following[1].lower() in _STOP:
                break
        words.append(word)
        content += 1
        end = match.end()
    if words and words[-1].lower() == "of":
        words.pop()
    if not words:
        return "", at
    each = _WORD.match(text, end)
    if each is not None and each[1].lower() == "each":
        words.append(each[1])
        end = each.end()
    return " ".join(words), end
