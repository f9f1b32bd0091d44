"""Stable, human, unique URL slugs for briefings and entities."""

from __future__ import annotations

from collections.abc import Iterable

from slugify import slugify

MAX_SLUG_LENGTH = 80


def slug_for(text: str, fallback: str = "untitled") -> str:
    """ASCII slug (Cyrillic and diacritics transliterated), capped at a word boundary."""
    return slugify(text, max_length=MAX_SLUG_LENGTH, word_boundary=True) or slugify(fallback) or "untitled"


def unique_slugs(wanted: Iterable[str]) -> list[str]:
    """Keep the first of each slug as is and number the rest (-2, -3, ...), in input order."""
    taken: set[str] = set()
    slugs = []
    for slug in wanted:
        candidate, n = slug, 2
        while candidate in taken:
            candidate, n = f"{slug}-{n}", n + 1
        taken.add(candidate)
        slugs.append(candidate)
    return slugs
