"""Related articles: what the source says is related, and what the corpus shows is related.

Source-declared: a `**Related article:**` title links to the briefing whose title matches it after
`normalise_title` (NFKC, curly quotes straightened, case and punctuation ignored, spaces collapsed).
A title we do not have stays unlinked; a title naming the article itself is dropped.

Computed: for an article a and a candidate b,

    content = w_e * E(a, b) + w_t * T(a, b)         w_e = 0.6, w_t = 0.4 (T alone when no entities)
    score   = content * (1 - w_d + w_d * D(a, b))   w_d = 0.25

- E: cosine of the two articles' entity sets, each entity weighted by idf = log(N / df), N articles
  and df the number naming it. A rare entity counts a lot; one named by every article counts 0.
- T: TF-IDF cosine of the words (tf = 1 + log count, same idf), over each article's top
  `terms_per_article` terms: shared wording, the only evidence while no entities are detected.
- D: closeness in date, exp(-days apart / 30); 0.5 when either is undated. It reorders related
  articles but never makes an article related on its own: it only scales `content`.

Features named by a single article (nothing to share) or, in corpora over `min_cap` articles, by more
than `max_df` of them are dropped. An article is listed only when `content >= min_content`, so slots
stay empty rather than filled with noise. Ties are broken by slug.

Sparse: inverted indexes map each entity and term to the articles holding it with their weights;
each article accumulates dot products only over the articles it shares a feature with.
"""

from __future__ import annotations

import heapq
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from .model import Article, Entity, Mention, Related, SourceRelated


@dataclass(frozen=True, slots=True)
class Scoring:
    """The knobs of the related-article score (see the module docstring)."""

    entity_weight: float = 0.5
    text_weight: float = 0.5
    date_weight: float = 0.25
    date_scale_days: float = 30.0
    min_content: float = 0.07  # below this nothing is listed, however few items there are
    max_df: float = 0.05  # features in more than this share of the articles are ignored ...
    max_df_floor: int = 50  # ... when they are also in more than this many (small corpora keep them)
    unseen_entity: float = 1.0  # weight of one unshared entity counted in every entity vector's norm
    terms_per_article: int = 25  # as Lucene MoreLikeThis (maxQueryTerms)
    reason_names: int = 3


DEFAULT_SCORING = Scoring()

# --- Source-declared ------------------------------------------------------------------------------

_QUOTES = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"'}
)


def normalise_title(title: str) -> str:
    """A title as compared for matching: 'Spider’s Web' and "spider's web!" are the same."""
    text = unicodedata.normalize("NFKC", title).translate(_QUOTES).casefold()
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Pd":
            kept.append(" ")  # "face-to-face" matches "face to face"
        elif not category.startswith("P"):
            kept.append(char)
    return " ".join("".join(kept).split())


def resolve_source_related(articles: Sequence[Article], slugs: Sequence[str]) -> list[tuple[SourceRelated, ...]]:
    """Each article's `**Related article:**` titles, linked to a briefing where we have one."""
    by_title: dict[str, list[int]] = defaultdict(list)
    for index, article in enumerate(articles):
        by_title[normalise_title(article.title)].append(index)

    resolved: list[tuple[SourceRelated, ...]] = []
    for index, article in enumerate(articles):
        items: list[SourceRelated] = []
        seen: set[str] = set()
        for title in article.related_titles:
            key = normalise_title(title)
            if not key or key in seen:
                continue
            seen.add(key)
            matches = [j for j in by_title.get(key, ()) if j != index]
            if not matches and index in by_title.get(key, ()):
                continue  # the source names the article itself
            best = min(matches, key=lambda j: (_days_apart(article, articles[j]), slugs[j]), default=None)
            items.append(SourceRelated(title, slugs[best] if best is not None else None))
        resolved.append(tuple(items))
    return resolved


def _days_apart(a: Article, b: Article) -> float:
    return abs((a.date - b.date).days) if a.date and b.date else math.inf


# --- Computed -------------------------------------------------------------------------------------

_WORD = re.compile(r"\w{3,}")
STOP_WORDS = frozenset(
    """
    about above after again against all also although among and another any are around because been before
    being below between both but can cannot could did does doing down during each either even ever every
    few for from further had has have having her here hers herself him himself his how however into its
    itself just last least less let like made make many may more most much must near neither nor not now
    off once one only other our ours out over own per rather said same say she should since some still
    such than that the their theirs them themselves then there these they this those though through thus
    told too under until upon very was way were what when where whether which while who whom whose why
    will with within without would yet you your yours according ago already week year
    two three four five six seven eight nine ten
    monday tuesday wednesday thursday friday saturday sunday
    """.split()  # noqa: SIM905 (a word list reads better as text)
)


def words(text: str, folded: dict[str, str | None] | None = None) -> Counter[str]:
    """Lower-cased words of three letters or more and their counts; stop words and numbers left out.

    A plural "s" is dropped ("prisoners" counts as "prisoner") so singular and plural match.
    `folded` caches that per distinct word when called for many texts (the loops stay in C).
    """
    folded = {} if folded is None else folded
    tokens = _WORD.findall(text.lower())
    for word in set(tokens).difference(folded):
        folded[word] = _fold(word)
    counts = Counter(map(folded.__getitem__, tokens))
    counts.pop(None, None)
    return counts  # type: ignore[return-value]


def _fold(word: str) -> str | None:
    if not word.isalpha():
        return None
    if word[-1] == "s" and word[-2] not in "siu" and len(word) > 3:
        word = word[:-1]
    return None if word in STOP_WORDS else word


@dataclass(frozen=True, slots=True)
class _Index:
    vectors: list[dict[str, float]]  # per article: the features it can share, weighted, over its full norm
    postings: dict[str, list[tuple[int, float]]]  # feature -> (article, weight)
    idf: dict[str, float]


def _plain_idf(n: int, df: int) -> float:
    """log(N / df): an entity every article names weighs 0, so it is never a reason on its own."""
    return math.log(n / df)


def _smooth_idf(n: int, df: int) -> float:
    """scikit-learn's default for words: common words weigh little but still shape the cosine."""
    return math.log((1 + n) / (1 + df)) + 1.0


def _index(
    bags: Sequence[Mapping[str, int]],
    scoring: Scoring,
    idf_of: Callable[[int, int], float],
    keep: int | None = None,
    unseen: float = 0.0,
) -> _Index:
    """TF-IDF vectors (tf = 1 + log count) of unit length, and the inverted index over them.

    A vector keeps only the features another article can share (2 <= df <= cap), at most `keep`
    of them, the heaviest; its norm still counts the rest, so what an article alone talks about
    dilutes its similarity to others, as in a plain TF-IDF cosine. `unseen` adds a feature nobody
    shares to every norm, so that a vector of one common feature is not entirely about it.
    """
    n = len(bags)
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    cap = max(n * scoring.max_df, scoring.max_df_floor)
    idf = {f: idf_of(n, d) for f, d in df.items()}
    shareable = {f for f, d in df.items() if 2 <= d <= cap and idf[f] > 0}
    squared = {f: w * w for f, w in idf.items()}
    log = math.log
    vectors: list[dict[str, float]] = []
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for index, bag in enumerate(bags):
        # Most features occur once (tf weight 1): sum their squares in C, then correct the rest.
        squares = unseen * unseen + sum(map(squared.__getitem__, bag))
        for feature, count in [item for item in bag.items() if item[1] > 1]:
            squares += ((1.0 + log(count)) ** 2 - 1.0) * squared[feature]
        kept = sorted(((1.0 + log(bag[f])) * idf[f], f) for f in shareable.intersection(bag))
        if keep is not None and len(kept) > keep:
            kept = heapq.nlargest(keep, kept)
        norm = math.sqrt(squares) or 1.0
        vector = {feature: weight / norm for weight, feature in kept}
        for feature, weight in vector.items():
            postings[feature].append((index, weight))
        vectors.append(vector)
    return _Index(vectors, dict(postings), idf)


def _accumulate(scores: dict[int, float], index: _Index, article: int, scale: float) -> None:
    """Add scale * cosine(article, other) to scores[other], for every other article sharing a feature."""
    get = scores.get
    postings = index.postings
    for feature, weight in index.vectors[article].items():
        weight *= scale
        for other, other_weight in postings[feature]:
            scores[other] = get(other, 0.0) + weight * other_weight


def rank_related(
    articles: Sequence[Article],
    slugs: Sequence[str],
    mentions: Sequence[Sequence[Mention]],
    entities: Sequence[Entity] = (),
    k: int = 5,
    scoring: Scoring = DEFAULT_SCORING,
) -> list[tuple[Related, ...]]:
    """Up to k related briefings per article, best first, each with the reasons a reader sees."""
    if k <= 0 or len(articles) < 2:
        return [() for _ in articles]
    texts = [f"{a.title}\n\n{a.text}" for a in articles]
    folded: dict[str, str | None] = {}
    by_words = _index([words(t, folded) for t in texts], scoring, _smooth_idf, keep=scoring.terms_per_article)
    named = [Counter(m.entity_id for m in ms) for ms in mentions]
    by_entity = _index(named, scoring, _plain_idf, unseen=scoring.unseen_entity)
    use_entities = any(by_entity.vectors)
    w_e = scoring.entity_weight if use_entities else 0.0
    w_t = scoring.text_weight if use_entities else 1.0
    evidence = _Evidence(articles, texts, named, by_entity, by_words, {e.id: e for e in entities}, scoring)
    ordinals = [a.date.toordinal() if a.date else None for a in articles]
    floor, w_d, scale = scoring.min_content, scoring.date_weight, scoring.date_scale_days
    exp = math.exp

    ranked: list[tuple[Related, ...]] = []
    for i in range(len(articles)):
        content: dict[int, float] = {}
        _accumulate(content, by_words, i, w_t)
        if use_entities:
            _accumulate(content, by_entity, i, w_e)
        content.pop(i, None)
        day = ordinals[i]
        candidates = []
        for j, value in [item for item in content.items() if item[1] >= floor]:
            other = ordinals[j]
            closeness = 0.5 if day is None or other is None else exp(-abs(day - other) / scale)
            candidates.append((-round(value * (1.0 - w_d + w_d * closeness), 9), slugs[j], j))
        ranked.append(
            tuple(
                Related(slug, -negative, evidence.reasons(i, j)) for negative, slug, j in heapq.nsmallest(k, candidates)
            )
        )
    return ranked


_TYPE_ORDER = {"person": 0, "event": 1, "organisation": 2, "place": 3}


@dataclass(frozen=True, slots=True)
class _Evidence:
    """What two articles have in common, put into words for the reader."""

    articles: Sequence[Article]
    texts: Sequence[str]
    named: Sequence[Mapping[str, int]]  # entity id -> mentions, per article
    by_entity: _Index
    by_words: _Index
    entities: Mapping[str, Entity]
    scoring: Scoring

    def reasons(self, i: int, j: int) -> tuple[str, ...]:
        """The rarest entities both name, else the words that matched most; then when."""
        reasons = []
        shown = self.scoring.reason_names
        mine, theirs, idf = self.named[i], self.named[j], self.by_entity.idf
        shared = sorted((e for e in mine if e in theirs and idf[e] > 0), key=lambda e: self._rarest_first(e, i, j))
        if shared:
            reasons.append("shares " + _listing([self._name(e) for e in shared], shown))
        else:
            mine_w, theirs_w = self.by_words.vectors[i], self.by_words.vectors[j]
            terms = sorted((t for t in mine_w if t in theirs_w), key=lambda t: (-mine_w[t] * theirs_w[t], t))
            if terms:
                reasons.append("both mention " + ", ".join(_surface(self.texts[i], t) for t in terms[:shown]))
        when = _relative_date(self.articles[i], self.articles[j])
        if when:
            reasons.append(when)
        return tuple(reasons)

    def _name(self, entity_id: str) -> str:
        entity = self.entities.get(entity_id)
        return entity.name if entity else entity_id

    def _rarest_first(self, entity_id: str, i: int, j: int) -> tuple:
        """Rarest first; among equally rare, people before places, then the most mentioned."""
        entity = self.entities.get(entity_id)
        kind = _TYPE_ORDER.get(entity.type, len(_TYPE_ORDER)) if entity else len(_TYPE_ORDER)
        mentions = self.named[i][entity_id] + self.named[j][entity_id]
        return (-self.by_entity.idf[entity_id], kind, -mentions, self._name(entity_id).casefold())


def _listing(names: Sequence[str], shown: int) -> str:
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {more} more" if more > 0 else "")


def _surface(text: str, term: str) -> str:
    """How the text writes a counted word: "Istanbul" keeps its capital, "Prisoners" opening a sentence does not."""
    lowered = text.lower()
    if len(lowered) != len(text):
        return term
    first = None
    start = lowered.find(term)
    while start != -1:
        end = start + len(term)
        if lowered[end : end + 1] == "s":
            end += 1  # the plural we counted as the singular
        before = lowered[start - 1] if start else " "
        after = lowered[end] if end < len(lowered) else " "
        if not before.isalnum() and not after.isalnum():
            written = text[start:end]
            if written == lowered[start:end]:
                return written
            first = first or written
        start = lowered.find(term, end)
    return first or term


def _relative_date(a: Article, b: Article) -> str:
    """When b was published relative to a: "same day", "8 days earlier", "3 months later"."""
    if not (a.date and b.date):
        return ""
    days = (b.date - a.date).days
    if days == 0:
        return "same day"
    span = abs(days)
    if span < 60:
        amount, unit = span, "day"
    elif span < 730:
        amount, unit = round(span / 30.44), "month"
    else:
        amount, unit = round(span / 365.25), "year"
    return f"{amount} {unit}{'' if amount == 1 else 's'} {'earlier' if days < 0 else 'later'}"
