"""Small text helpers shared by the stages: sentence boundaries that survive "U.S." and "Mr."."""

from __future__ import annotations

import re

_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)]*\s+(?=[\"'“‘«(]?[A-Z0-9À-ÖØ-ÞА-ЯЁІЇЄҐ])")
_ABBREVIATION = re.compile(
    r"[\"'“‘«(]*(?:(?:[A-Z]\.){1,3}|(?:Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sgt|Capt|Sen|Rep|Gov|Prof|Jr|Sr|No|vs|Adm|Rev"
    r"|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec)\.)"
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence in `text`."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        dot = match.start()
        word_start = max(start, text.rfind(" ", start, dot) + 1)
        if text[dot] == "." and _ABBREVIATION.fullmatch(text, word_start, dot + 1):
            continue  # "U.S. President", "Mr. Smith": not the end of a sentence
        stop = dot + len(match.group().rstrip())
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
