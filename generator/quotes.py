"""Who said what: quoted statements in an article and the person each is attributed to. Pure.

A quotation is kept only when the text names its speaker clearly, and the speaker is a person entity:

- after the quote: `“...,” Umerov told reporters`, `“...,” he was quoted as saying`, `“...,” said Umerov`,
  `“...,” according to him`;
- before it, in the same sentence: `Umerov said “...”`, `Medinsky disputed ..., accusing Kyiv of trying
  to “make a show”`, `According to him, ... “central part”`, `he summarized the talks by saying: “...”`.

"He" and "she" (and "him"/"her" after "according to") are the nearest person named before them, in the
same or the previous paragraph, unless another person is named in that sentence too. Anything else
(no speaker, an organisation or a place as the speaker, two people in the subject) is left out, never
guessed. Quoted names are not statements: one word ("memoranda", "open"), Title Case phrases
("Spider's Web"), and what follows "dubbed", "codenamed", "Operation"...

Every search here is a bounded window or a scan of the paragraph: the cost grows with the text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from .model import Article, Mention, Quote
from .text import sentence_spans

QUOTE_LIMIT = 400  # characters: a longer "quotation" is two unmatched quotation marks
QUOTE_MIN_WORDS = 2
WINDOW = 120  # characters after a quote where its attribution is looked for
LEAD = 300  # characters before a quote, in its sentence, where its attribution is looked for

_SPEECH = (
    "said|says|say|saying|told|tells|telling|added|adds|adding|stated|states|noted|notes|noting|"
    "warned|warns|warning|claimed|claims|insisted|insists|disputed|disputes|accused|accuses|accusing|"
    "summarized|summarised|wrote|writes|writing|declared|declares|announced|announces|asked|asks|"
    "replied|replies|argued|argues|explained|explains|stressed|stresses|quoted|confirmed|confirms|"
    "denied|denies|urged|urges|described|describes|promised|vowed|suggested|acknowledged|admitted|"
    "emphasized|emphasised|remarked|commented|recalled|concluded|responded|tweeted|posted"
)
_VERB = re.compile(rf"\b(?:{_SPEECH})\b")
# After a subject: up to three words, then a speech verb ("was quoted as saying", "told reporters").
_VERB_SOON = re.compile(rf"(?:\s+[a-z]+){{0,3}}?\s+(?:{_SPEECH})\b")
_VERB_FIRST = re.compile(rf"\s*(?:{_SPEECH})\s+")
_ACCORDING = re.compile(r"\b[Aa]ccording to\s+")
_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he)\b")
_OBJECT_PRONOUN = re.compile(r"(?:him|her)\b")
_SUBJECT_PRONOUN = re.compile(r"(?:[Hh]e|[Ss]he)\b")
_POSSESSIVE = ("'s", "’s")
# "U.S. officials and Russian negotiator Medinsky", "Umerov and Medinsky": a joint subject.
_JOINT = re.compile(r"(?:\w+s|[A-Z][\w’'-]*) and (?:[\w’'.-]+ ){0,4}$")
# ", who met Trump on Friday," between a subject and its verb.
_INSERTION = re.compile(r",\s+(?:who|which|whose)\b[^,]{0,200},")
# Words before a quotation that make it a name, not a statement.
_NAMING = re.compile(
    r"(?:\b(?:dubbed|codenamed|code-named|nicknamed|titled|entitled|known as|so-called|called)|\bOperation)"
    r"[\s,:]*$"
)
_SMALL_WORDS = frozenset(("a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to"))
_OPENERS = {"“": "”", "«": "»"}
_OPENER = re.compile(r"[“«\"]")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the words inside each pair of quotation marks in `text`: “...”, «...», "...".

    Curly and guillemet pairs may not nest: an opener seen again before its closer restarts there.
    Straight quotes pair up in order. Pairs longer than QUOTE_LIMIT are not quotations."""
    spans: list[tuple[int, int]] = []
    straight_open = -1
    at = 0
    while (match := _OPENER.search(text, at)) is not None:
        where, mark = match.start(), match.group()
        at = where + 1
        if mark == '"':
            if straight_open < 0:
                straight_open = where
            else:
                if where - straight_open - 1 <= QUOTE_LIMIT:
                    spans.append((straight_open + 1, where))
                straight_open = -1
            continue
        close = text.find(_OPENERS[mark], at, at + QUOTE_LIMIT + 1)
        if close < 0:
            continue
        again = text.find(mark, at, close)
        if again >= 0:
            continue  # "“a “b”": the inner one is the quotation
        spans.append((at, close))
        at = close + 1
    spans.sort()
    return spans


def is_statement(words: str, before: str) -> bool:
    """Whether quoted `words` (with the text `before` the opening mark) read as something said."""
    tokens = words.split()
    if len(tokens) < QUOTE_MIN_WORDS:
        return False
    if _NAMING.search(before[-40:]):
        return False
    content = [t for t in tokens if t.strip(".,;:!?").lower() not in _SMALL_WORDS]
    # "Spider’s Web.", "Free Russia": a name
    return not (len(tokens) <= 6 and content and all(t[:1].isupper() for t in content))


def clean_quote(words: str) -> str:
    """The quoted words as shown: no trailing comma, nor a full stop after a fragment."""
    words = " ".join(words.split()).rstrip(",;: ")
    if words[:1].islower():
        words = words.rstrip(".")
    return words


class _Paragraphs:
    """An article's paragraphs with their sentences and their mentions, for looking up speakers."""

    def __init__(self, article: Article, mentions: Sequence[Mention]) -> None:
        self.texts = [p.text for p in article.paragraphs]
        self.mentions: list[list[Mention]] = [[] for _ in self.texts]
        for mention in mentions:
            if 0 <= mention.paragraph < len(self.texts):
                self.mentions[mention.paragraph].append(mention)
        for found in self.mentions:
            found.sort(key=lambda m: m.start)
        self.starts = [[m.start for m in found] for found in self.mentions]
        self._sentences: dict[int, tuple[list[tuple[int, int]], list[int]]] = {}

    def sentence_at(self, index: int, offset: int) -> tuple[int, int]:
        found = self._sentences.get(index)
        if found is None:
            spans = sentence_spans(self.texts[index]) or [(0, len(self.texts[index]))]
            found = self._sentences[index] = (spans, [start for start, _ in spans])
        spans, starts = found
        return spans[max(bisect.bisect_right(starts, offset) - 1, 0)]

    def mention_at(self, index: int, offset: int) -> Mention | None:
        at = bisect.bisect_left(self.starts[index], offset)
        found = self.mentions[index]
        return found[at] if at < len(found) and found[at].start == offset else None

    def mentions_between(self, index: int, start: int, end: int) -> list[Mention]:
        found, starts = self.mentions[index], self.starts[index]
        return found[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]

    def person_before(self, index: int, offset: int) -> str | None:
        """The person a pronoun at `offset` refers to: the nearest person named before it in this
        paragraph or the previous one; None when another person is named in that sentence or since."""
        for paragraph in (index, index - 1):
            if paragraph < 0:
                return None
            found = self.mentions[paragraph]
            at = bisect.bisect_left(self.starts[paragraph], offset) if paragraph == index else len(found)
            while at > 0 and not is_person(found[at - 1].entity_id):
                at -= 1
            if at == 0:
                continue  # nobody named before it in this paragraph
            nearest = found[at - 1]
            sentence_start, _ = self.sentence_at(paragraph, nearest.start)
            while at > 0 and found[at - 1].start >= sentence_start:
                other = found[at - 1].entity_id
                if other != nearest.entity_id and is_person(other):
                    return None  # two people in that sentence: which one?
                at -= 1
            return nearest.entity_id
        return None


def is_person(entity_id: str) -> bool:
    return entity_id.startswith("people/")


def find_quotes(article: Article, mentions: Sequence[Mention]) -> tuple[Quote, ...]:
    """Every quotation in the article's paragraphs whose speaker the text names, in reading order.

    `mentions` are the article's entity mentions (Briefing.mentions): offsets into its paragraphs."""
    paragraphs: _Paragraphs | None = None
    quotes: list[Quote] = []
    for index, paragraph in enumerate(article.paragraphs):
        text = paragraph.text
        if "“" not in text and '"' not in text and "«" not in text:
            continue
        for start, end in quote_spans(text):
            words = text[start:end]
            if not is_statement(words, text[max(0, start - 41) : start - 1]):
                continue
            if paragraphs is None:
                paragraphs = _Paragraphs(article, mentions)
            speaker = _speaker(paragraphs, index, start, end)
            if speaker is not None:
                quotes.append(Quote(clean_quote(words), speaker, index, start, end))
    return tuple(quotes)


def _speaker(paragraphs: _Paragraphs, index: int, start: int, end: int) -> str | None:
    """The person entity the quotation at text[start:end] is attributed to, if the text says."""
    found = _speaker_after(paragraphs, index, end + 1)
    if found is None:
        found = _speaker_before(paragraphs, index, start - 1)
    if found is None:
        return None
    kind, where = found
    entity_id = kind if kind != "pronoun" else paragraphs.person_before(index, where)
    return entity_id if entity_id is not None and is_person(entity_id) else None


def _subject_at(paragraphs: _Paragraphs, index: int, at: int) -> tuple[tuple[str, int], int] | None:
    """A mention or a pronoun starting at `at`: ((entity id or "pronoun", offset), where it ends)."""
    text = paragraphs.texts[index]
    mention = paragraphs.mention_at(index, at)
    if mention is not None:
        return (mention.entity_id, at), mention.end
    pronoun = _SUBJECT_PRONOUN.match(text, at)
    if pronoun is not None:
        return ("pronoun", at), pronoun.end()
    return None


def _speaker_after(paragraphs: _Paragraphs, index: int, at: int) -> tuple[str, int] | None:
    """`,” Umerov told reporters`, `,” he was quoted as saying`, `,” said Umerov`, `,” according to him`."""
    text = paragraphs.texts[index]
    window_end = min(len(text), at + WINDOW)
    while at < window_end and text[at] in " ,":
        at += 1
    subject = _subject_at(paragraphs, index, at)
    if subject is not None:
        found, subject_end = subject
        if _possessive(text, subject_end):
            return None
        return found if _VERB_SOON.match(text, subject_end, window_end) else None
    verb = _VERB_FIRST.match(text, at, window_end)
    if verb is not None:
        after = _subject_at(paragraphs, index, verb.end())
        return after[0] if after is not None and not _possessive(text, after[1]) else None
    according = _ACCORDING.match(text, at, window_end)
    if according is not None:
        return _according(paragraphs, index, according.end())
    return None


def _according(paragraphs: _Paragraphs, index: int, at: int) -> tuple[str, int] | None:
    text = paragraphs.texts[index]
    if _OBJECT_PRONOUN.match(text, at):
        return ("pronoun", at)
    subject = _subject_at(paragraphs, index, at)
    return subject[0] if subject is not None and not _possessive(text, subject[1]) else None


def _speaker_before(paragraphs: _Paragraphs, index: int, opener: int) -> tuple[str, int] | None:
    """The subject of the first speech verb before the quotation in its sentence, or the X of
    "according to X"; None when the subject is joint or another speaker comes in between."""
    text = paragraphs.texts[index]
    sentence_start = max(paragraphs.sentence_at(index, opener)[0], opener - LEAD)
    according = _ACCORDING.search(text, sentence_start, opener)
    if according is not None:
        return _according(paragraphs, index, according.end())
    verb = _VERB.search(text, sentence_start, opener)
    if verb is None:
        return None
    masked = [(m.start(), m.end()) for m in _INSERTION.finditer(text, sentence_start, verb.start())]
    candidates = [
        item
        for item in _candidates(paragraphs, index, sentence_start, verb.start())
        if not any(a < item[1] < b for a, b in masked) and not _possessive(text, item[2])
    ]
    if not candidates:
        return None
    kind, where, _ = candidates[-1]
    if _JOINT.search(text, max(sentence_start, where - 80), where):
        return None
    speaker = kind if kind != "pronoun" else paragraphs.person_before(index, where)
    # Another person followed by a speech verb between the verb and the quotation: whose words?
    for other, other_at, other_end in _candidates(paragraphs, index, verb.end(), opener):
        other_id = other if other != "pronoun" else paragraphs.person_before(index, other_at)
        if other_id not in (speaker, None) and is_person(other_id) and _VERB.search(text, other_end, opener):
            return None
    return (kind, where)


def _candidates(paragraphs: _Paragraphs, index: int, start: int, end: int) -> list[tuple[str, int, int]]:
    """Mentions and he/she pronouns in text[start:end]: (entity id or "pronoun", start, end), in order."""
    text = paragraphs.texts[index]
    items = [(m.entity_id, m.start, m.end) for m in paragraphs.mentions_between(index, start, end) if m.end <= end]
    items += [("pronoun", m.start(), m.end()) for m in _PRONOUN.finditer(text, start, end)]
    items.sort(key=lambda item: item[1])
    return items


def _possessive(text: str, end: int) -> bool:
    """Whether the name ending at `end` is followed by a possessive ('s): "Putin's spokesman said"."""
    return text[end : end + 2] in _POSSESSIVE
