"""Related articles: what the source says is related, and what the corpus shows is related.

Source-declared: a `**Related article:**` title links to the briefing whose title matches it after
`normalise_title` (NFKC, curly quotes straightened, case and punctuation ignored, spaces collapsed).
A title we do not have stays unlinked; a title naming the article itself is dropped.

Computed: for an article a and a candidate b (weights in `Scoring`),

    content = 0.5 * E(a, b) + 0.5 * T(a, b)      (T alone while no entity is named by two articles)
    score   = content * (0.75 + 0.25 * D(a, b))

- E, shared entities weighted by rarity: cosine of the articles' entity vectors, weight
  (1 + log mentions) * log(N / df) for N articles, df of them naming the entity. An entity every
  article names weighs 0, one in nearly every article ("Russia") next to nothing. Each norm also
  counts one unshared entity of weight 1, so an article naming only "Russia" is not all about it.
  Only the entities the text names count (`model.story_counts`): two articles with photos by the
  same photographer, or from the same agency's wire, are not related by that.
- T, similar wording: TF-IDF cosine of the words (stop words out, plural "s" folded), with
  scikit-learn's defaults (tf = 1 + log count, idf = log((1 + N) / (1 + df)) + 1), over each
  article's 25 heaviest shareable words (as Lucene's MoreLikeThis); the norm counts all its words.
- D, closeness in date: exp(-days apart / 30), 0.5 when either is undated. It reorders related
  articles but never makes one related on its own: it only scales `content`.

b is listed only when content >= 0.07: slots stay empty rather than filled with articles that share
nothing meaningful. Ties go by slug. Reasons name the three rarest shared entities, or the words
that matched most when no entity is shared, and the date difference.

Sparse: the vectors are rows of sparse matrices, so their product is computed through the inverted
index (feature -> articles) and only touches pairs of articles that share a feature. Features in more
than 5% of the articles (and more than 50 of them) are left out: they would pair up most of the corpus
while saying little (for entities they weigh under log 20 anyway). A feature in more than
`candidate_df` (100) articles' vectors leads an article only to the 100 of them where it weighs most:
each article has a bounded number of candidates, so the work grows linearly with the corpus. A
candidate's score still counts every feature the two articles share.
"""

from __future__ import annotations

import math
import string
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
from scipy import sparse

from .model import Article, Entity, Mention, Related, SourceRelated, story_counts
from .parallel import fork_map, worker_count


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
    candidate_df: int = 100  # a feature proposes as candidates at most this many articles, where it weighs most
    unseen_entity: float = 1.0  # weight of one unshared entity counted in every entity vector's norm
    terms_per_article: int = 25  # as Lucene MoreLikeThis (maxQueryTerms)
    reason_names: int = 3


DEFAULT_SCORING = Scoring()

# --- Source-declared ------------------------------------------------------------------------------

_QUOTES = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"'}
)


class _Punctuation(dict):
    """A str.translate table, filled in as characters are met: dashes (Pd) become spaces, other
    punctuation (P*) goes, anything else stays."""

    def __missing__(self, code: int) -> str | None:
        category = unicodedata.category(chr(code))
        self[code] = value = " " if category == "Pd" else None if category.startswith("P") else chr(code)
        return value


_PUNCTUATION_TABLE = _Punctuation()


def normalise_title(title: str) -> str:
    """A title as compared for matching: 'Spider’s Web' and "spider's web!" are the same;
    "face-to-face" matches "face to face"."""
    text = unicodedata.normalize("NFKC", title).translate(_QUOTES).casefold()
    return " ".join(text.translate(_PUNCTUATION_TABLE).split())


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

_SEPARATORS = ("-", "–", "—", "/")  # "face-to-face" is three words
_PUNCTUATION = string.punctuation + "“”‘’«»„…"
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
    `folded` caches that per distinct word when called for many texts. Tokens are counted first (in
    C), then folded once per distinct token.
    """
    folded = {} if folded is None else folded
    text = text.lower()
    for separator in _SEPARATORS:
        if separator in text:
            text = text.replace(separator, " ")
    counts: Counter[str] = Counter()
    for token, n in Counter(text.split()).items():  # much faster than a regular expression
        word = folded.get(token, "")
        if word == "":
            word = folded[token] = _fold(token)
        if word is not None:
            counts[word] += n
    return counts


def _fold(token: str) -> str | None:
    """A token as counted: "prisoners," -> "prisoner", "russia’s" -> "russia"; None when not a word."""
    word = token.strip(_PUNCTUATION)
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    if len(word) < 3 or not word.isalpha():
        return None
    if word[-1] == "s" and word[-2] not in "siu" and len(word) > 3:
        word = word[:-1]
    return None if word in STOP_WORDS else word


@dataclass(frozen=True, slots=True)
class _Vectors:
    """One kind of feature (words or entities) for every article, as rows of a sparse matrix."""

    matrix: sparse.csr_matrix  # articles x features: the shareable features, weight / the article's full norm
    features: list[str]  # column -> feature, in sorted order (ties between equal weights go by name)
    idf: dict[str, float]

    def row(self, article: int) -> dict[str, float]:
        """The article's kept features and weights."""
        start, end = self.matrix.indptr[article], self.matrix.indptr[article + 1]
        columns, weights = self.matrix.indices[start:end].tolist(), self.matrix.data[start:end].tolist()
        return {self.features[c]: w for c, w in zip(columns, weights, strict=True)}


def _plain_idf(n: int, df: np.ndarray) -> np.ndarray:
    """log(N / df): an entity every article names weighs 0, so it is never a reason on its own."""
    return np.log(n / df)


def _smooth_idf(n: int, df: np.ndarray) -> np.ndarray:
    """scikit-learn's default for words: common words weigh little but still shape the cosine."""
    return np.log((1 + n) / (1 + df)) + 1.0


def _vectors(
    bags: Sequence[Mapping[str, int]],
    scoring: Scoring,
    idf_of: Callable[[int, np.ndarray], np.ndarray],
    keep: int | None = None,
    unseen: float = 0.0,
) -> _Vectors:
    """TF-IDF vectors (tf = 1 + log count) of unit length, as a sparse matrix.

    A vector keeps only the features another article can share (2 <= df <= cap), at most `keep`
    of them, the heaviest; its norm still counts the rest, so what an article alone talks about
    dilutes its similarity to others, as in a plain TF-IDF cosine. `unseen` adds a feature nobody
    shares to every norm, so that a vector of one common feature is not entirely about it.
    """
    n = len(bags)
    df_count: Counter[str] = Counter()
    for bag in bags:
        df_count.update(bag.keys())
    features = sorted(df_count)
    column = {f: c for c, f in enumerate(features)}
    df = np.array([df_count[f] for f in features], dtype=np.float64)
    idf = idf_of(n, df) if features else np.zeros(0)

    lengths = np.fromiter(map(len, bags), dtype=np.int64, count=n)
    rows = np.repeat(np.arange(n), lengths)
    columns = np.fromiter(chain.from_iterable(map(column.__getitem__, bag) for bag in bags), dtype=np.int64)
    counts = np.fromiter(chain.from_iterable(bag.values() for bag in bags), dtype=np.float64)
    weights = (1.0 + np.log(counts)) * idf[columns] if len(columns) else counts
    norms = np.sqrt(np.bincount(rows, weights * weights, minlength=n) + unseen * unseen)
    norms[norms == 0] = 1.0

    cap = max(n * scoring.max_df, scoring.max_df_floor)
    shareable = (df[columns] >= 2) & (df[columns] <= cap) & (weights > 0)
    rows, columns, weights = rows[shareable], columns[shareable], weights[shareable]
    matrix = sparse.csr_matrix((weights / norms[rows], (rows, columns)), shape=(n, len(features)))
    if keep is not None:
        matrix = _heaviest(matrix, keep)
    return _Vectors(matrix, features, dict(zip(features, idf.tolist(), strict=True)))


def _heaviest(matrix: sparse.csr_matrix, keep: int) -> sparse.csr_matrix:
    """Each row's `keep` largest entries (ties: the feature that sorts first), the rest dropped."""
    indptr, indices, data = matrix.indptr, matrix.indices, matrix.data
    long_rows = np.flatnonzero(np.diff(indptr) > keep)
    if not len(long_rows):
        return matrix
    kept = np.ones(len(data), dtype=bool)
    for row in long_rows.tolist():
        start, end = indptr[row], indptr[row + 1]
        order = np.lexsort((indices[start:end], -data[start:end]))
        kept[start + order[keep:]] = False
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(indptr))
    return sparse.csr_matrix((data[kept], (rows[kept], indices[kept])), shape=matrix.shape)


def rank_related(
    articles: Sequence[Article],
    slugs: Sequence[str],
    mentions: Sequence[Sequence[Mention]],
    entities: Sequence[Entity] = (),
    k: int = 5,
    scoring: Scoring = DEFAULT_SCORING,
    bags: Sequence[Mapping[str, int]] | None = None,
) -> list[tuple[Related, ...]]:
    """Up to k related briefings per article, best first, each with the reasons a reader sees.

    `bags`, when given, is `article_words(article)` for each article (computed ahead, per seed)."""
    n = len(articles)
    if k <= 0 or n < 2:
        return [() for _ in articles]
    texts = _Texts(articles)
    named = [story_counts(ms) for ms in mentions]
    by_words, by_entity, w_t, w_e = _features(texts, named, scoring, bags)

    days = np.array([a.date.toordinal() if a.date else np.nan for a in articles])
    slug_rank = np.empty(n, dtype=np.int64)
    slug_rank[sorted(range(n), key=slugs.__getitem__)] = np.arange(n)
    evidence = _Evidence(articles, texts, named, by_entity, by_words, entities, scoring)

    candidates = _Candidates(by_words, by_entity, w_t, w_e, scoring)

    def rank(start: int, stop: int) -> list[tuple[Related, ...]]:
        rows, columns, values = candidates.between(start, stop)
        keep = values >= scoring.min_content
        rows, columns, values = rows[keep], columns[keep], values[keep]
        closeness = np.exp(-np.abs(days[rows] - days[columns]) / scoring.date_scale_days)
        closeness[np.isnan(closeness)] = 0.5
        scores = np.round(values * (1.0 - scoring.date_weight + scoring.date_weight * closeness), 9)
        best = _top(rows, scores, np.searchsorted(rows, np.arange(start, stop + 1)), k)
        rows, columns, scores = rows[best], columns[best], scores[best]
        order = np.lexsort((slug_rank[columns], -scores, rows))
        rows, columns, scores = rows[order], columns[order], scores[order]
        first = np.searchsorted(rows, rows, side="left")
        best = np.arange(len(rows)) - first < k
        picked: dict[int, list[tuple[int, float]]] = defaultdict(list)
        for i, j, score in zip(rows[best].tolist(), columns[best].tolist(), scores[best].tolist(), strict=True):
            picked[i].append((j, score))
        ranked = []
        for i in range(start, stop):
            items = picked.get(i, [])
            reasons = evidence.reasons(i, [j for j, _ in items])
            ranked.append(tuple(Related(slugs[j], score, why) for (j, score), why in zip(items, reasons, strict=True)))
        return ranked

    # Each chunk of articles is ranked on its own, the chunks spread over worker processes.
    workers = worker_count(n)
    size = -(-n // (workers * -(-n // (workers * _CHUNK))))  # at most _CHUNK, the same number per worker
    chunks = [(start, min(start + size, n)) for start in range(0, n, size)]
    done = fork_map(lambda share: [rank(*chunk) for chunk in share], chunks, workers)
    return [related for chunk in done for related in chunk]


def article_words(article: Article, folded: dict[str, str | None] | None = None) -> Counter[str]:
    """The words of an article's title and text, as `words` counts them."""
    return words(_text_of(article), folded)


def _text_of(article: Article) -> str:
    return f"{article.title}\n\n{article.text}"


class _Texts:
    """Articles' titles and texts, joined only for the few that a reason quotes."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self.articles = articles

    def __getitem__(self, index: int) -> str:
        return _text_of(self.articles[index])

    def __len__(self) -> int:
        return len(self.articles)


def _features(
    texts: Sequence[str], named: Sequence[Mapping[str, int]], scoring: Scoring, bags: Sequence | None = None
) -> tuple[_Vectors, _Vectors, float, float]:
    """The word and entity vectors, and the weights of T and E in `content`."""
    if bags is None:
        folded: dict[str, str | None] = {}
        bags = [words(texts[i], folded) for i in range(len(texts))]
    by_words = _vectors(bags, scoring, _smooth_idf, keep=scoring.terms_per_article)
    by_entity = _vectors(named, scoring, _plain_idf, unseen=scoring.unseen_entity)
    if by_entity.matrix.nnz == 0:
        return by_words, by_entity, 1.0, 0.0  # T alone while no entity is named by two articles
    return by_words, by_entity, scoring.text_weight, scoring.entity_weight


class _Candidates:
    """`content` of the candidate pairs (a, b), a != b, for a chunk of articles a at a time.

    The candidates of a are the articles b that share a feature f with a and are among the
    `scoring.candidate_df` articles where f weighs most (all of them for a feature in fewer articles).
    The sparse product goes through those lists only, so each article has at most that many
    candidates per feature of its own, however large the corpus. A candidate's content still counts
    every feature the two share: what the lists left out is added pair by pair.
    """

    def __init__(self, by_words: _Vectors, by_entity: _Vectors, w_t: float, w_e: float, scoring: Scoring) -> None:
        self.left = sparse.hstack([w_t * by_words.matrix, w_e * by_entity.matrix], format="csr")
        right = sparse.hstack([by_words.matrix, by_entity.matrix], format="csr")
        listed = _strongest(right, scoring.candidate_df)
        self.listed_t = _entries(right, listed).T.tocsr()
        self.left_common = _entries(self.left, _common(right, scoring.candidate_df))
        self.unlisted = _entries(right, ~listed)

    def between(self, start: int, stop: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(a, b, content) of every candidate pair with start <= a < stop, sorted by a."""
        product = (self.left[start:stop] @ self.listed_t).tocoo()
        rows, columns, values = product.row + start, product.col, product.data
        others = rows != columns
        rows, columns, values = rows[others], columns[others], values[others]
        if self.unlisted.nnz and len(rows):
            rest = self.left_common[rows].multiply(self.unlisted[columns]).sum(axis=1)
            values = values + np.asarray(rest).ravel()
        return rows, columns, values


def _top(rows: np.ndarray, scores: np.ndarray, bounds: np.ndarray, k: int) -> np.ndarray:
    """Positions of each row's k best scores, and of any equal to the k-th (ties are settled later,
    by slug). Row r holds positions bounds[r] to bounds[r + 1]: `rows` is sorted."""
    picked = []
    for begin, end in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        if end - begin <= k:
            picked.append(np.arange(begin, end))
        else:
            row = scores[begin:end]
            kth = np.partition(row, end - begin - k)[end - begin - k]
            picked.append(begin + np.flatnonzero(row >= kth))
    return np.concatenate(picked) if picked else np.zeros(0, dtype=np.int64)


def _common(matrix: sparse.csr_matrix, most: int) -> np.ndarray:
    """Which stored entries belong to a feature that more than `most` rows hold."""
    postings = np.bincount(matrix.indices, minlength=matrix.shape[1])
    return postings[matrix.indices] > most


def _strongest(matrix: sparse.csr_matrix, most: int) -> np.ndarray:
    """Which stored entries are among the `most` largest of their column (ties: the first rows)."""
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    order = np.lexsort((rows, -matrix.data, matrix.indices))
    columns = matrix.indices[order]
    rank = np.arange(len(order)) - np.searchsorted(columns, columns, side="left")
    kept = np.empty(len(order), dtype=bool)
    kept[order] = rank < most
    return kept


def _entries(matrix: sparse.csr_matrix, kept: np.ndarray) -> sparse.csr_matrix:
    """The matrix with only the stored entries where `kept` is true."""
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    return sparse.csr_matrix((matrix.data[kept], (rows[kept], matrix.indices[kept])), shape=matrix.shape)


def candidate_counts(
    articles: Sequence[Article], mentions: Sequence[Sequence[Mention]], scoring: Scoring = DEFAULT_SCORING
) -> list[int]:
    """How many candidate pairs `rank_related` scores for each article (a diagnostic: it is bounded
    by `scoring.candidate_df` times the article's features, whatever the size of the corpus)."""
    named = [story_counts(ms) for ms in mentions]
    n = len(articles)
    counts = np.zeros(n, dtype=np.int64)
    if n >= 2:
        candidates = _Candidates(*_features(_Texts(articles), named, scoring), scoring)
        for start in range(0, n, _CHUNK):
            rows = candidates.between(start, min(start + _CHUNK, n))[0]
            counts += np.bincount(rows, minlength=n)
    return counts.tolist()


_CHUNK = 2000  # articles per sparse product: bounds memory at any corpus size
_TYPE_ORDER = {"person": 0, "event": 1, "organisation": 2, "place": 3}


class _Evidence:
    """What two articles have in common, put into words for the reader."""

    def __init__(
        self,
        articles: Sequence[Article],
        texts: Sequence[str],
        named: Sequence[Mapping[str, int]],  # entity id -> mentions, per article
        by_entity: _Vectors,
        by_words: _Vectors,
        entities: Sequence[Entity],
        scoring: Scoring,
    ) -> None:
        self.articles, self.texts, self.named, self.by_words = articles, texts, named, by_words
        self.shown = scoring.reason_names
        known = {e.id: e for e in entities}
        self.names = {e: known[e].name if e in known else e for e in by_entity.idf}
        # Rarest first; among equally rare, people before places (then the most mentioned, by name).
        other = len(_TYPE_ORDER)
        self.rank = {
            e: (-idf, _TYPE_ORDER.get(known[e].type, other) if e in known else other)
            for e, idf in by_entity.idf.items()
            if idf > 0
        }
        self.word_rows: dict[int, dict[str, float]] = {}

    def reasons(self, i: int, others: Sequence[int]) -> list[tuple[str, ...]]:
        """Why each of `others` is related to i: the rarest entities both name, else the words that
        matched most; then when."""
        if not others:
            return []
        mine, rank, names = self.named[i], self.rank, self.names
        mine_ranked = [e for e in mine if e in rank]
        mine_w = self._word_row(i)
        all_reasons = []
        for j in others:
            reasons = []
            theirs = self.named[j]
            shared = sorted(
                (*rank[e], -mine[e] - theirs[e], names[e].casefold(), names[e]) for e in mine_ranked if e in theirs
            )
            if shared:
                reasons.append("shares " + _listing([key[-1] for key in shared], self.shown))
            else:
                theirs_w = self._word_row(j)
                terms = sorted((t for t in mine_w if t in theirs_w), key=lambda t: (-mine_w[t] * theirs_w[t], t))
                if terms:
                    text = self.texts[i]
                    lowered = text.lower()
                    surface = [_surface(text, lowered, t) for t in terms[: self.shown]]
                    reasons.append("both mention " + ", ".join(surface))
            when = _relative_date(self.articles[i], self.articles[j])
            if when:
                reasons.append(when)
            all_reasons.append(tuple(reasons))
        return all_reasons

    def _word_row(self, article: int) -> dict[str, float]:
        row = self.word_rows.get(article)
        if row is None:
            row = self.word_rows[article] = self.by_words.row(article)
        return row


def _listing(names: Sequence[str], shown: int) -> str:
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {more} more" if more > 0 else "")


def _surface(text: str, lowered: str, term: str) -> str:
    """How the text writes a counted word: "Istanbul" keeps its capital, "Prisoners" opening a sentence does not."""
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
