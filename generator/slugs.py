"""Stable, human, unique URL slugs for briefings and entities."""

from __future__ import annotations

from collections.abc import Iterable

from slugify import slugify

MAX_SLUG_LENGTH = 80

# Words a cut URL must not end on: it would read as a phrase broken off ("...-of-talks-but-no").
# Only a slug that was cut is trimmed; a title that itself ends on one of these keeps it.
STOP_WORDS = frozenset(
    """a an the of to in on at for and but or nor no not with without by from as is are was were be been
    after before into onto over under than then that this these those its it their his her our your
    about against between during since until via per vs amid among while if so yet""".split()  # noqa: SIM905
)


def cut_slug(slug: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """`slug` (words joined by "-") cut to at most `max_length` characters: whole words from the
    start up to the first that does not fit, then stop words dropped from the end. A first word
    longer than the cap is cut mid-word; a cut made only of stop words keeps them."""
    if len(slug) <= max_length:
        return slug
    words: list[str] = []
    length = -1
    for word in slug.split("-"):
        if length + 1 + len(word) > max_length:
            break
        words.append(word)
        length += 1 + len(word)
    if not words:
        return slug[:max_length].strip("-")
    kept = list(words)
    while kept and kept[-1] in STOP_WORDS:
        kept.pop()
    return "-".join(kept or words)


def slug_for(text: str, fallback: str = "untitled") -> str:
    """ASCII slug (Cyrillic and diacritics transliterated), capped at a word boundary that reads."""
    return cut_slug(slugify(text)) or cut_slug(slugify(fallback)) or "untitled"


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
