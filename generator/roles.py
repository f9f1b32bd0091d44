"""The roles the text gives a person around their name: "The head of Russia's delegation, Kremlin
aide and former Culture Minister Vladimir Medinsky, a ... who also served as ...".

Part of pass 1 (detect.py): pure functions of the text and an offset.
"""

from __future__ import annotations

import re

from .names import ROLE_NOUNS, SENTENCE_OPENERS
from .text import UPPER as _UP

_ROLE_NOUN = "|".join(sorted(ROLE_NOUNS, key=len, reverse=True))
_QUALIFIERS = "former|then|acting|outgoing|incoming|interim|late|retired|current|ex-"
# Roles before a name, read backwards from it: a qualifier of its title ("former" Culture Minister),
# a lower-case role phrase ("chief Ukrainian negotiator", "Kremlin aide and ..."), and a leading
# "the head of Russia's delegation, ".
_QUALIFIER_BEFORE = re.compile(rf"(?<![\w'’-])(?P<qualifier>(?:(?:{_QUALIFIERS}) ?)+?)(?<=[ -])$")
_ROLE_BEFORE = re.compile(
    rf"(?<![\w'’])(?P<role>(?:(?:{_UP}[\w.\-]*(?:['’]s)?|{_QUALIFIERS}|deputy|senior|chief|top|special|presidential|"
    rf"foreign|defense|defence|longtime|lead|main) )*(?:{_ROLE_NOUN}))(?: and)? $"
)
_LEAD_ROLE_BEFORE = re.compile(rf"(?<![\w'’])(?:[Tt]he )?(?P<role>(?:{_ROLE_NOUN}) of [\w’'. -]{{2,40}}?), $")
_ROLE_PHRASE = (
    r"(?P<role>[\w'’\- ]{2,70}?)(?= who\b| which\b| that\b| whose\b| and\b| at\b| in\b| on\b| since\b|[,.;:)]|$)"
)
_APPOSITIVE = re.compile(rf", (?:a|an|the) {_ROLE_PHRASE}")
_SERVED_AS = re.compile(
    rf"(?:, (?:a|an|the) [\w'’\- ]{{0,60}}?)?,? who (?:also |previously |once |later )?(?:has |had )?"
    rf"(?:served|serves|worked|works|acted|acts|was appointed|became) as (?:a |an |the )?{_ROLE_PHRASE}"
)


def roles_before(text: str, at: int, title: str) -> list[str]:
    """The roles written before a name (or before its title, which is the last of them), in reading
    order: "The head of Russia's delegation, Kremlin aide and former Culture Minister Vladimir
    Medinsky" gives "head of Russia's delegation", "Kremlin aide", "former Culture Minister".

    Runs for every name of two words or more, and most have no role before them. Each pattern ends
    where the name starts, so searching for it tries every position of its window: a cheap test of
    the word just before comes first (_ends_with), which is what each pattern needs to match."""
    roles = []
    if title:
        if _ends_with(text, at, _QUALIFIER_WORDS) or text.endswith("ex-", 0, _end(text, at)):
            qualifier = _QUALIFIER_BEFORE.search(text, max(0, at - 40), at)
            if qualifier:
                title = qualifier["qualifier"] + title
                at = qualifier.start()
        roles.append(title)
    chain = _ROLE_BEFORE.search(text, max(0, at - 80), at) if _ends_with(text, at, _ROLE_ENDS) else None
    if chain:
        words = chain["role"].split(" ")
        while words and words[0] in SENTENCE_OPENERS:
            words = words[1:]
        if words:
            roles.insert(0, " ".join(words))
            at = chain.start()
    lead = _LEAD_ROLE_BEFORE.search(text, max(0, at - 60), at) if _ends_with(text, at, (",",)) else None
    if lead:
        roles.insert(0, lead["role"])
    return roles


_QUALIFIER_WORDS = tuple(_QUALIFIERS.split("|"))
_ROLE_ENDS = (*ROLE_NOUNS, *(f"{noun} and" for noun in ROLE_NOUNS))  # "Kremlin aide and former ..."


def _end(text: str, at: int) -> int:
    """Where a pattern searched for up to `at` and ending in "$" can end: at `at`, or before a newline there."""
    return at - 1 if at and text[at - 1] == "\n" else at


def _ends_with(text: str, at: int, words: tuple[str, ...]) -> bool:
    """Whether the text just before `at` (or before a newline there) is one of `words` and a space."""
    end = _end(text, at)
    return end > 0 and text[end - 1] == " " and text.endswith(words, 0, end - 1)


def add_role(roles: list[str], role: str) -> None:
    """Keep roles in order of first appearance; "President" adds nothing after "U.S. President"."""
    folded = role.casefold()
    if not any(r.casefold() == folded or r.casefold().endswith(" " + folded) for r in roles):
        roles.append(role)


def _is_role(phrase: str) -> bool:
    words = phrase.split()
    return 0 < len(words) <= 7 and any(w.casefold() in ROLE_NOUNS for w in words)


def roles_after(text: str, end: int) -> list[str]:
    """Roles in an appositive after the name that ends at `end`: ", a former Culture Minister who",
    ", who served as head of ...". Cheap tests first: the appositive needs "a", "an" or "the", the
    other phrase a "who"."""
    roles = []
    patterns = []
    if text.startswith((", a ", ", an ", ", the "), end):
        patterns.append(_APPOSITIVE)
    if text.find(" who ", end, end + 80) >= 0:
        patterns.append(_SERVED_AS)
    for pattern in patterns:
        role = pattern.match(text, end)
        if role and _is_role(role["role"]):
            roles.append(role["role"].strip())
    return roles
