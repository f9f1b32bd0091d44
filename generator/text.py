"""Small text helpers shared by the stages: sentence boundaries that survive "U.S." and "Mr."."""

from __future__ import annotations

import re

_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)]*\s+(?=[\"'“‘«(]?[A-Z0-9À-ÖØ-ÞА-ЯЁІЇЄҐ])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Z]\.){1,3}|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sgt|Capt|Sen|Rep|Gov|Prof|Jr|Sr|No|vs|Jan|Feb|Mar|Apr"
    r"|Aug|Sept|Sep|Oct|Nov|Dec)\.)$"
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence in `text`."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        stop = match.start() + len(match.group().rstrip())
        if _ABBREVIATION.search(text[start : match.start() + 1]):
            continue
        spans.append((start, stop))
        start = match.end()
    if start < len(text) and text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


def sentence_at(text: str, offset: int) -> str:
    """The sentence containing character `offset`."""
    for start, end in sentence_spans(text):
        if start <= offset < end:
            return text[start:end]
    return text
