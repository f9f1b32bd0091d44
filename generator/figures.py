"""Key figures: the numbers an article gives and what each counts ("around 50,000 Russian troops"). Pure.

A figure is a number (ASCII digits, "6,000", "2.5 million", "40%", or a number word from "two" up)
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
    rf"(?:[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+(?:\.[0-9]+)?)(?:\s?%|\s(?:percent|per\scent))?{_SCALE}"
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
_TIME_UNITS = _words("year years day days month months week weeks")
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


# Where a figure can start, found in one pass over a paragraph (Aho-Corasick, in C) in its folded
# copy (_folded): every number word, stored with its length, and "0", which stands for every digit,
# stored with 0. (Counted words are ASCII English words, so a figure's digits are ASCII too: "٥٠" is
# not looked for.)
_NUMBER_START_FINDER = ahocorasick.Automaton()
for _word in _WORD_NUMBERS.split("|"):
    _NUMBER_START_FINDER.add_word(_word, len(_word))
_NUMBER_START_FINDER.add_word("0", 0)
_NUMBER_START_FINDER.make_automaton()
_FOLD = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ123456789", b"abcdefghijklmnopqrstuvwxyz000000000")


def _folded(text: str) -> str:
    """`text` with ASCII letters in lower case, every digit "0" and, outside Latin-1, every character
    "?": one character for one, so offsets hold. The automaton walks this copy faster than the text
    itself: its first step looks through one edge per distinct first character, and the ten digits
    are one here (a third less, as measured; bytes.translate costs less than str.lower)."""
    if text.isascii():
        return text.encode("ascii").translate(_FOLD).decode("ascii")
    return text.encode("latin-1", "replace").translate(_FOLD).decode("latin-1")


# "around ", "more than ", "between " just before a number: where its figure starts.
_LEAD = re.compile(rf"(?:{_QUALIFIER}|between)\s$", re.IGNORECASE)
_LEADS = (*_QUALIFIER.strip("(?:)").split("|"), "between")
# The leads by their last four letters, longest first: the lead a window ends with, in one look-up.
_LEADS_BY_END: dict[str, tuple[str, ...]] = {}
for _lead_words in sorted(_LEADS, key=len, reverse=True):
    _LEADS_BY_END[_lead_words[-4:]] = (*_LEADS_BY_END.get(_lead_words[-4:], ()), _lead_words)
_LEAD_SPAN = 24  # longer than the longest lead and its space
_YEAR = re.compile(r"1[89]\d\d|20\d\d|2100")


def _matches(text: str) -> list[re.Match]:
    """_FIGURE's matches in `text`, in order, tried only where a number starts: a digit that does not
    continue a number, or a number word at the start of a word.

    Running _FIGURE over every character costs about 0.3 s per megabyte of text (it tries every
    qualifier and number word at each one), and so does looking for each number word in turn; one
    automaton finds both kinds of start at C speed (half the time of a digit regex and the automaton
    apart), and most paragraphs have few numbers or none. A start the filters below keep too many
    costs one failed _FIGURE.match: its look-behind rejects a number inside a word or a number."""
    folded = _folded(text)
    starts: list[int] = []
    for last, length in _NUMBER_START_FINDER.iter(folded):
        if length:  # a number word
            at = last - length + 1
            if at == 0 or not text[at - 1].isalpha():
                starts.append(at)
        elif last == 0 or folded[last - 1] not in "0.,":  # not a digit that continues a number ("6,000")
            starts.append(last)
    matches: list[re.Match] = []
    end = 0
    for start in sorted(starts):
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
    for lead in _LEADS_BY_END.get(body[-4:], ()):
        if body.endswith(lead):
            return end - 1 - len(lead)
    return None  # (_LEAD's "$" also matches before a final newline, but no figure follows such a lead)


def _figure(text: str, match: re.Match, index: int) -> Figure | None:
    qualifier, between, first, joiner, second = match.groups()  # one call: a figure has many candidates
    if between and not (second and joiner.lower() == "and"):
        return None  # "between 2020 and ...", "between two of them"
    if (len(first) == 4 and _YEAR.fullmatch(first)) or (second and len(second) == 4 and _YEAR.fullmatch(second)):
        return None  # a year
    start, stop = match.span()
    before = text[max(0, start - 12) : start].split()
    previous = before[-1].lower().rstrip(".") if before else ""
    if previous in _MONTHS or previous in _BEFORE_SKIPS or previous + "." in _BEFORE_SKIPS:
        return None
    if previous in ("the", "these", "those") and first.lower() in ("two", "both"):
        return None  # "the two sides": a pair already named, not a figure
    if text[stop : stop + 1] == ":":
        return None  # "14:35"
    words, end = _counted(text, stop, share=first.endswith(("%", "percent", "cent")))
    if not words:
        return None
    if words[0].lower() in _MONTHS:
        return None  # "2 June"
    if words[-1].lower() in _TIME_UNITS:
        following = _WORD.match(text, end)
        if following and following[1].lower() in _TIME_UNITS_AFTER:
            return None  # "three years ago": when, not how many
    number = f"{first} {'to' if between else joiner} {second}" if second else first
    if qualifier:
        number = f"{qualifier} {number}"
    return Figure(" ".join(number.split()), " ".join(words), index, start, end)


# The words after a number, as far as _counted can look: COUNTED_WORDS, a joining "of", the word
# after the last, and a final "each". One match and a split instead of a match per word.
_NEXT_WORDS = re.compile(rf"(?:\s[A-Za-z][A-Za-z’'-]*){{0,{COUNTED_WORDS + 4}}}")


def _counted(text: str, at: int, share: bool = False) -> tuple[list[str], int]:
    """The words counted by a number ending at `at`, and where they end: up to COUNTED_WORDS words,
    stopping at punctuation or a stop word; "of" joins a second part ("40% of homes" when `share`);
    a final "each" is kept. A word in -ed that no counted word follows is a verb ("people fled")."""
    run = _NEXT_WORDS.match(text, at).group()
    after, lowered = run.split(), run.lower().split()  # each word follows one space: split finds them
    words: list[str] = []
    content = 0
    end = at
    joined = False
    taken = 0  # how many of `after` are in `words`
    while content < COUNTED_WORDS and taken < len(after):
        lower = lowered[taken]
        following = lowered[taken + 1] if taken + 1 < len(after) else None
        if lower == "of" and (content or share) and not joined:
            if following is None or following in _STOP:
                break
            joined = True
        elif lower in _STOP:
            break
        elif content and lower.endswith("ed") and (following is None or following in _STOP):
            break  # "people fled": a verb
        else:
            content += 1
        words.append(after[taken])
        end += 1 + len(after[taken])
        taken += 1
    if words and lowered[taken - 1] == "of":
        words.pop()
    if not words:
        return [], at
    if taken < len(after) and lowered[taken] == "each":
        words.append(after[taken])
        end += 1 + len(after[taken])
    return words, end
