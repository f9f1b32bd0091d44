"""Small text helpers shared by the stages: sentence boundaries that survive "U.S." and "Mr."."""

from __future__ import annotations

import re


def _char_class(predicate) -> str:
    """A regex character class of every BMP character for which `predicate` holds (Unicode upper case)."""
    ranges: list[str] = []
    start = previous = None
    for code in range(0x10000):
        if predicate(chr(code)):
            if start is None:
                start = code
            previous = code
        elif start is not None:
            ranges.append(re.escape(chr(start)) + ("-" + re.escape(chr(previous)) if previous != start else ""))
            start = None
    return "[" + "".join(ranges) + "]"


UPPER = _char_class(str.isupper)  # a regex class of every upper-case letter: names in any alphabet

_TITLES = (
    "Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sgt|Capt|Sen|Rep|Gov|Prof|Jr|Sr|No|vs|Adm|Rev|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec"
)
# The end of a sentence: punctuation, closing quotes, white space, then a capital or digit. Group 1
# ends where the sentence does. Most texts hold no "!", "?" or "…": for them, a pattern that starts
# with a literal "." finds the same boundaries several times faster (the engine skips to each ".").
_ENDING = r"[.!?…]*[\"'”’»)]*)\s+(?=[\"'“‘«(]?[A-Z0-9À-ÖØ-ÞА-ЯЁІЇЄҐ])"
_BOUNDARY = re.compile(r"((?:\.|[!?…])" + _ENDING)
_FULL_STOP_BOUNDARY = re.compile(r"(\." + _ENDING)
_ABBREVIATION = re.compile(rf"[\"'“‘«(]*(?:(?:[A-Z]\.){{1,3}}|(?:{_TITLES})\.)")
# How the text before the full stop of any abbreviation above ends: a capital letter, or one of the
# titles (the last 2, 3 or 4 characters). A cheap test before the full one.
_TITLE_ENDINGS = frozenset(_TITLES.split("|"))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence in `text`."""
    spans: list[tuple[int, int]] = []
    start = 0
    boundary = _BOUNDARY if "!" in text or "?" in text or "…" in text else _FULL_STOP_BOUNDARY
    for match in boundary.finditer(text):
        dot = match.start()
        if text[dot] == "." and (
            "A" <= text[dot - 1] <= "Z"
            or text[dot - 2 : dot] in _TITLE_ENDINGS
            or text[dot - 3 : dot] in _TITLE_ENDINGS
            or text[dot - 4 : dot] in _TITLE_ENDINGS
        ):
            word_start = max(start, text.rfind(" ", start, dot) + 1)
            if _ABBREVIATION.fullmatch(text, word_start, dot + 1):
                continue  # "U.S. President", "Mr. Smith": not the end of a sentence
        spans.append((start, match.end(1)))
        start = match.end()
    if start < len(text) and text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


def sentence_span_at(text: str, offset: int) -> tuple[int, int]:
    """(start, end) of the sentence containing character `offset`; the whole text if none does."""
    for start, end in sentence_spans(text):
        if start <= offset < end:
            return start, end
    return 0, len(text)


def sentence_at(text: str, offset: int) -> str:
    """The sentence containing character `offset`."""
    start, end = sentence_span_at(text, offset)
    return text[start:end]


# A quoted sentence shows at most this many characters either side of what it quotes: a "sentence"
# can be a whole file when the text has no sentence breaks, and every entity page quotes one.
QUOTE_CONTEXT = 400
# Sentence boundaries are looked for this far beyond the quoted window, so that the ones inside it
# are found as in the whole text (a boundary needs the characters around it).
_QUOTE_MARGIN = 100


def sentence_window(text: str, start: int, end: int, context: int = QUOTE_CONTEXT) -> tuple[int, int, bool, bool]:
    """(begin, stop, cut_before, cut_after): the sentence holding `text[start:end]`, as
    `sentence_span_at` finds it, cut to at most `context` characters either side of that part, at a
    word boundary; `cut_before`/`cut_after` say where it was cut. The cost depends on `context`, not on
    the length of `text`: only the text around the part is searched for sentence breaks."""
    low = max(0, start - context - _QUOTE_MARGIN)
    high = min(len(text), end + context + _QUOTE_MARGIN)
    window = text[low:high]
    begin, stop = low, high
    for a, b in sentence_spans(window):
        if a <= start - low < b:
            begin, stop = low + a, low + b
            break
    cut_before = begin < start - context
    if cut_before:
        begin = start - context
        space = text.find(" ", begin, start)
        begin = space + 1 if space >= 0 else begin
    cut_after = stop > end + context
    if cut_after:
        stop = end + context
        space = text.rfind(" ", end, stop)
        stop = space if space >= 0 else stop
    return begin, stop, cut_before, cut_after
