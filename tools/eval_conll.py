"""Entity detection against CoNLL-2003 gold annotations: `make eval-conll CONLL=path/to/eng.testa`.

Each CoNLL document becomes a seed in our format: the first sentence is the `# ` title, the
dateline ("LONDON 1996-08-22") gives the date line (`August 22, 1996`) and opens the body
("LONDON 1996-08-22 - Japan began ..."), every other sentence is a paragraph of its own (table rows
included). The seeds are generated in-process into a temporary docs folder (`generate`), and the
surfaces of the mentions the generator found, read from its own paragraph text, are scored per
document against the gold entity surfaces:

- gold: distinct (normalised surface, type) of the PER, ORG and LOC spans of the body. The headline
  is left out unless `--with-title`: the generator does not look for entities in titles.
- predicted: distinct (normalised surface, type) of the mentions; person -> PER, organisation -> ORG,
  place -> LOC. Events, and any surface that is a MISC surface in the gold of that document (and no
  PER/ORG/LOC one), count neither way.
- normalised: casefolded, whitespace collapsed, curly apostrophes straightened.

Untyped scores compare surfaces only; typed ones compare (surface, type). Figures are micro-averaged
over documents. Detection throughput is timed apart, on one core: `detect_article` for every article,
then `link_entities` (resolution and mention finding), with BRIEFING_WORKERS=1.

The CoNLL text is Reuters' (copyright): keep it and any `--keep` folder outside the repository.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.enrich import newest_first  # noqa: E402
from generator.entities import CAPTION, detect_article, link_entities  # noqa: E402
from generator.model import Article  # noqa: E402
from generator.parse import parse_seed  # noqa: E402
from generator.pipeline import generate  # noqa: E402
from generator.seeds import with_seed_name  # noqa: E402

SCORED_TYPES = ("PER", "ORG", "LOC")
GENERATOR_TYPES = {"person": "PER", "organisation": "ORG", "place": "LOC", "event": "MISC"}
_DATE_TOKEN = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
DATELINE_MAX_TOKENS = 12  # "AL-AIN , United Arab Emirates 1996-12-06" is 7
DATELINE_SEARCH = 3  # the dateline is one of the first sentences after the headline (bylines come first)


# --- reading CoNLL ------------------------------------------------------------------------------


@dataclass(slots=True)
class Sentence:
    tokens: list[str]
    tags: list[str]  # NER column, as written (IOB1 or IOB2)


@dataclass(slots=True)
class Document:
    number: int  # 1-based, in file order
    sentences: list[Sentence]


def read_conll(lines: Iterable[str]) -> tuple[list[Document], str]:
    """Documents (split at `-DOCSTART-`, sentences at blank lines) and the tagging scheme seen:
    "IOB1" when some entity starts with an I- tag, "IOB2" when every entity starts with B-.
    The token is the first column, the NER tag the last (POS and chunk columns are not needed)."""
    documents: list[Document] = []
    tokens: list[str] = []
    tags: list[str] = []

    def end_sentence() -> None:
        if tokens:
            if not documents:  # a file that does not start with -DOCSTART-
                documents.append(Document(1, []))
            documents[-1].sentences.append(Sentence(tokens.copy(), tags.copy()))
            tokens.clear()
            tags.clear()

    for line in lines:
        columns = line.split()
        if not columns:
            end_sentence()
        elif columns[0] == "-DOCSTART-":
            end_sentence()
            documents.append(Document(len(documents) + 1, []))
        else:
            tokens.append(columns[0])
            tags.append(columns[-1] if len(columns) > 1 else "O")
    end_sentence()
    documents = [d for d in documents if d.sentences]
    for number, document in enumerate(documents, start=1):
        document.number = number
    return documents, _scheme(s.tags for d in documents for s in d.sentences)


def _scheme(sentences: Iterable[list[str]]) -> str:
    starts_with_i = starts_with_b = False
    for tags in sentences:
        previous = "O"
        for tag in tags:
            if tag.startswith("B-"):
                starts_with_b = True
            elif tag.startswith("I-") and previous[2:] != tag[2:]:
                starts_with_i = True
            previous = tag
    if starts_with_i or not starts_with_b:
        return "IOB1"
    return "IOB2"


def entity_chunks(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(first token, last token + 1, type) of each entity. One rule reads both schemes: B-X always
    starts an entity; I-X continues one of type X, or starts one (IOB1, or ill-formed IOB2)."""
    chunks: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        continues = prefix == "I" and label == kind and start >= 0
        if start >= 0 and not continues:
            chunks.append((start, i, kind))
            start, kind = -1, ""
        if prefix in ("B", "I") and not continues:
            start, kind = i, label
    return chunks


# --- detokenising -------------------------------------------------------------------------------

_ATTACH_LEFT = frozenset(
    (",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "...", "''", "'", "n't", "'s", "'re", "'ve", "'ll", "'d", "'m")
)
_ATTACH_RIGHT = frozenset(("(", "[", "{", "``", "`"))
_BEFORE_OPENING_SINGLE = frozenset((",", ":", ";", "(", "-", "--", '"', "``"))
_BEFORE_CLOSING_DOUBLE = frozenset((",", "?", "!"))  # '..., " he said': a quote the last sentence opened
_AFTER_CLOSING_DOUBLE = frozenset((",", ".", "?", "!", ";", ":", ")", "'s"))
_BEFORE_OPENING_DOUBLE = frozenset(("(", ":", "-", "--"))


def _closes(tokens: Sequence[str], i: int, quote_open: bool) -> bool:
    """Whether the `"` at `i` closes a quotation: by its neighbours when they tell, else by alternation
    (which carries from sentence to sentence: a quotation may run over several)."""
    if i == len(tokens) - 1:
        return True
    if i == 0:
        return False
    if tokens[i - 1] in _BEFORE_CLOSING_DOUBLE or tokens[i + 1] in _AFTER_CLOSING_DOUBLE:
        return True
    if tokens[i - 1] in _BEFORE_OPENING_DOUBLE:
        return False
    return quote_open


def detokenise(tokens: Sequence[str], quote_open: bool = False) -> tuple[str, list[int], bool]:
    """The sentence as text, where each token starts in it, and whether a `"` is left open.

    No space before closing punctuation and clitics ("'s", "n't"), none after opening brackets;
    `"` tokens open and close in turn (see `_closes`); a lone `'` closes (possessive plural, end of
    quote) unless it follows the start, a comma or an opening mark and precedes a word."""
    out: list[str] = []
    starts: list[int] = []
    length = 0
    glue_next = True  # no space before the first token
    for i, token in enumerate(tokens):
        folded = token.casefold()
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if token == '"':
            left = _closes(tokens, i, quote_open)
            right = quote_open = not left
        elif token == "'" and (i == 0 or tokens[i - 1] in _BEFORE_OPENING_SINGLE) and following[:1].isalnum():
            left, right = False, True
        else:
            left = folded in _ATTACH_LEFT
            right = token in _ATTACH_RIGHT or (token.endswith("$") and following[:1].isdigit())
        if not (glue_next or left):
            out.append(" ")
            length += 1
        starts.append(length)
        out.append(token)
        length += len(token)
        glue_next = right
    return "".join(out), starts, quote_open


# --- converting to seeds ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldSpan:
    start: int  # character offsets into Seed.text
    end: int
    type: str  # PER ORG LOC MISC
    surface: str
    in_title: bool


@dataclass(slots=True)
class Seed:
    name: str  # file name
    document: int
    title: str
    date: dt.date | None
    text: str
    spans: list[GoldSpan] = field(default_factory=list)


def dateline_date(sentence: Sentence) -> dt.date | None:
    """The date of a dateline sentence ("LONDON 1996-08-22"), else None."""
    if len(sentence.tokens) > DATELINE_MAX_TOKENS:
        return None
    match = _DATE_TOKEN.fullmatch(sentence.tokens[-1])
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups()))
    except ValueError:
        return None


def format_date(date: dt.date) -> str:
    return f"{date:%B} {date.day}, {date.year}"


class _TextBuilder:
    """Seed text written piece by piece, keeping the character offsets of each gold entity."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.spans: list[GoldSpan] = []
        self.quote_open = False  # a `"` the last sentence left open

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def add_sentence(self, sentence: Sentence, in_title: bool = False) -> None:
        text, starts, still_open = detokenise(sentence.tokens, self.quote_open and not in_title)
        if not in_title:
            self.quote_open = still_open
        base = self.length
        for first, last, kind in entity_chunks(sentence.tags):
            start = base + starts[first]
            end = base + starts[last - 1] + len(sentence.tokens[last - 1])
            self.spans.append(GoldSpan(start, end, kind, text[start - base : end - base], in_title))
        self.add(text)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def to_seed(document: Document, name: str) -> Seed:
    """The document as seed text, in our format, with the character span of every gold entity."""
    sentences = document.sentences
    out = _TextBuilder()
    out.add("# ")
    out.add_sentence(sentences[0], in_title=True)
    title = out.text[2:]
    rest = sentences[1:]
    date, at = None, -1
    for i, sentence in enumerate(rest[:DATELINE_SEARCH]):
        if (date := dateline_date(sentence)) is not None:
            at = i
            break
    if date is not None:
        out.add(f"\n\n{format_date(date)}")
    for i, sentence in enumerate(rest):
        if i == at + 1 and at >= 0:
            out.add("" if sentence.tokens[0] in ("-", "--") else " -")  # "LONDON 1996-08-22 - Japan ..."
            out.add(" ")
        else:
            out.add("\n\n")
        out.add_sentence(sentence)
    out.add("\n")
    return Seed(name, document.number, title, date, out.text, out.spans)


def seed_name(number: int) -> str:
    return f"doc-{number:05d}.txt"


# --- scoring ------------------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")


def normalise(surface: str) -> str:
    return _SPACE.sub(" ", surface.replace("’", "'").replace("‘", "'")).strip().casefold()


@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp + self.fp + self.fn else None


def compare(gold: set, predicted: set) -> Counts:
    return Counts(len(gold & predicted), len(predicted - gold), len(gold - predicted))


@dataclass(slots=True)
class DocumentScore:
    document: int
    title: str
    gold: set[tuple[str, str]]  # (normalised surface, type), PER/ORG/LOC
    predicted: set[tuple[str, str]]  # after dropping events and MISC surfaces
    shown: dict[str, str]  # normalised surface -> how the text wrote it (first seen)
    misc_dropped: int = 0  # predicted surfaces that are MISC in gold

    @property
    def untyped(self) -> Counts:
        return compare({s for s, _ in self.gold}, {s for s, _ in self.predicted})

    @property
    def typed(self) -> Counts:
        return compare(self.gold, self.predicted)

    def of_type(self, kind: str) -> Counts:
        return compare({g for g in self.gold if g[1] == kind}, {p for p in self.predicted if p[1] == kind})


def score_document(
    document: int,
    title: str,
    gold_spans: Iterable[GoldSpan],
    predicted: Iterable[tuple[str, str]],
    with_title: bool = False,
) -> DocumentScore:
    """`predicted`: (surface as written, generator type: person, organisation, place, event)."""
    shown: dict[str, str] = {}
    gold: set[tuple[str, str]] = set()
    misc: set[str] = set()
    for span in gold_spans:
        if span.in_title and not with_title:
            continue
        surface = normalise(span.surface)
        shown.setdefault(surface, span.surface)
        if span.type in SCORED_TYPES:
            gold.add((surface, span.type))
        else:
            misc.add(surface)
    gold_surfaces = {s for s, _ in gold}
    kept: set[tuple[str, str]] = set()
    dropped: set[str] = set()
    for written, kind in predicted:
        surface = normalise(written)
        shown.setdefault(surface, written)
        label = GENERATOR_TYPES.get(kind, "MISC")
        if label not in SCORED_TYPES:
            continue
        if surface in misc and surface not in gold_surfaces:
            dropped.add(surface)
            continue
        kept.add((surface, label))
    return DocumentScore(document, title, gold, kept, shown, len(dropped))


def _contains_words(longer: str, shorter: str) -> bool:
    return shorter != longer and f" {shorter} " in f" {longer} "


@dataclass(slots=True)
class Errors:
    """Error classes over all documents, each counted once per document."""

    false_positives: Counter = field(default_factory=Counter)  # (surface, predicted type)
    false_negatives: Counter = field(default_factory=Counter)  # (surface, gold type)
    confusions: Counter = field(default_factory=Counter)  # (surface, gold type, predicted type)
    overlaps: dict[tuple, Counter] = field(default_factory=lambda: defaultdict(Counter))  # error -> overlapping surface
    classes: Counter = field(default_factory=Counter)  # coarse: "FP spurious PER", "FN boundary LOC", ...
    shown: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, score: DocumentScore) -> None:
        gold_types, predicted_types = _by_surface(score.gold), _by_surface(score.predicted)
        for surface, written in score.shown.items():
            self.shown[surface][written] += 1
        self._unmatched(predicted_types, gold_types, "FP", "spurious", self.false_positives)
        self._unmatched(gold_types, predicted_types, "FN", "missed", self.false_negatives)
        for surface, kinds in predicted_types.items():
            if surface in gold_types and not kinds & gold_types[surface]:
                for gold_kind in gold_types[surface]:
                    for kind in kinds:
                        self.confusions[surface, gold_kind, kind] += 1
                        self.classes[f"type {gold_kind}->{kind}"] += 1

    def _unmatched(self, these: dict, others: dict, label: str, unlike: str, counts: Counter) -> None:
        """Surfaces of `these` that `others` lacks: false positives (found, not gold) or false
        negatives (gold, not found), each a boundary error when it overlaps one of `others`."""
        for surface, kinds in these.items():
            if surface in others:
                continue
            near = [o for o in others if _contains_words(o, surface) or _contains_words(surface, o)]
            for kind in kinds:
                counts[surface, kind] += 1
                self.overlaps[label, surface, kind].update(near)
                self.classes[f"{label} {'boundary' if near else unlike} {kind}"] += 1

    def written(self, surface: str) -> str:
        return _commonest(self.shown[surface], 1)[0][0] if self.shown.get(surface) else surface


# --- running the generator ----------------------------------------------------------------------


@contextmanager
def _environment(**values: str) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def write_seeds(seeds: Sequence[Seed], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for seed in seeds:
        (folder / seed.name).write_text(seed.text, encoding="utf-8")
    lines = ["seed\tstart\tend\ttype\tin_title\tsurface"]
    lines += [
        f"{seed.name}\t{s.start}\t{s.end}\t{s.type}\t{int(s.in_title)}\t{s.surface}"
        for seed in seeds
        for s in seed.spans
    ]
    (folder / "gold.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def mention_surfaces(article: Article, mentions: Iterable, types: dict[str, str]) -> list[tuple[str, str]]:
    """(surface as the generator's own text has it, entity type) of each mention."""
    found = []
    for mention in mentions:
        entity_id, paragraph, start, end = mention
        text = article.caption if paragraph == CAPTION else article.paragraphs[paragraph].text
        found.append((text[start:end], types[entity_id]))
    return found


@dataclass(slots=True)
class Run:
    predicted: dict[str, list[tuple[str, str]]]  # seed name -> (surface, type) of every mention
    warnings: list[str]
    seconds: float


def run_generator(seeds_dir: Path, docs_dir: Path) -> Run:
    """The whole generator, in-process, as `make site` runs it (it may fork workers)."""
    start = time.perf_counter()
    result = generate(seeds_dir, docs_dir)
    seconds = time.perf_counter() - start
    types = {entity.id: entity.type for entity in result.corpus.entities}
    predicted = {
        briefing.article.seed: mention_surfaces(briefing.article, briefing.mentions, types)
        for briefing in result.corpus.briefings
    }
    return Run(predicted, result.warnings, seconds)


@dataclass(slots=True)
class Timing:
    articles: int
    words: int
    detect: float  # seconds, best of the repeats (warm: detection memoises its plans of capitalised runs)
    link: float  # resolution + mention finding, best of the repeats
    cold: float  # both, on the first run in this process (empty memos, as in a fresh worker process)
    predicted: dict[str, list[tuple[str, str]]]  # from the pure functions, to check against the full run

    @property
    def total(self) -> float:
        return self.detect + self.link


def time_detection(seeds: Sequence[Seed], repeat: int = 3) -> Timing:
    """Pass 1 (detect_article per article) and passes 2-3 (link_entities), on one core, as the pipeline
    orders the articles (newest first). The cyclic garbage collector is off, as in `generate`."""
    articles = sorted((with_seed_name(parse_seed(seed.text, seed.name), seed.name) for seed in seeds), key=newest_first)
    detect = link = cold = float("inf")
    links = None
    collecting = gc.isenabled()
    gc.disable()
    try:
        with _environment(BRIEFING_WORKERS="1"):
            for run in range(max(1, repeat)):
                start = time.perf_counter()
                evidence = [detect_article(article) for article in articles]
                middle = time.perf_counter()
                links = link_entities(articles, evidence=evidence)
                end = time.perf_counter()
                detect, link = min(detect, middle - start), min(link, end - middle)
                if run == 0:
                    cold = end - start
                gc.collect()
    finally:
        if collecting:
            gc.enable()
    assert links is not None
    types = {entity.id: entity.type for entity in links.entities}
    predicted = {
        article.seed: mention_surfaces(article, mentions, types)
        for article, mentions in zip(articles, links.mentions, strict=True)
    }
    return Timing(len(articles), sum(a.word_count for a in articles), detect, link, cold, predicted)


# --- report -------------------------------------------------------------------------------------


def _figure(value: float | None) -> str:
    return "    -" if value is None else f"{value:5.3f}"


def _prf(counts: Counts) -> str:
    return f"{_figure(counts.precision)} {_figure(counts.recall)} {_figure(counts.f1)}"


def per_document_table(scores: Sequence[DocumentScore]) -> list[str]:
    lines = [f"{'doc':>5}  {'title':<40}  {'gold':>4}  {'untyped P     R    F1':<17}  {'typed P     R    F1':<17}"]
    for s in scores:
        title = s.title if len(s.title) <= 40 else s.title[:39] + "…"
        lines.append(f"{s.document:>5}  {title:<40}  {len(s.gold):>4}  {_prf(s.untyped)}  {_prf(s.typed)}")
    return lines


def totals(scores: Sequence[DocumentScore]) -> tuple[Counts, Counts, dict[str, Counts]]:
    untyped, typed = Counts(), Counts()
    by_type = {kind: Counts() for kind in SCORED_TYPES}
    for s in scores:
        untyped.add(s.untyped)
        typed.add(s.typed)
        for kind in SCORED_TYPES:
            by_type[kind].add(s.of_type(kind))
    return untyped, typed, by_type


def summary_table(scores: Sequence[DocumentScore]) -> list[str]:
    untyped, typed, by_type = totals(scores)
    lines = [f"{'':<9} {'gold':>6} {'found':>6} {'TP':>6}  {'P':>5} {'R':>5} {'F1':>5}"]
    for label, c in [("untyped", untyped), ("typed", typed), *by_type.items()]:
        lines.append(f"{label:<9} {c.tp + c.fn:>6} {c.tp + c.fp:>6} {c.tp:>6}  {_prf(c)}")
    return lines


def _by_surface(pairs) -> dict[str, set[str]]:
    """(surface, type) pairs -> each surface's types."""
    types: dict[str, set[str]] = defaultdict(set)
    for surface, kind in pairs:
        types[surface].add(kind)
    return types


def confusion_table(scores: Sequence[DocumentScore]) -> list[str]:
    """Gold type (rows) by predicted type (columns) over surfaces, per document; '-' is none."""
    matrix: Counter = Counter()
    for s in scores:
        gold, predicted = _by_surface(s.gold), _by_surface(s.predicted)
        for surface in gold.keys() | predicted.keys():
            for g in gold.get(surface) or {"-"}:
                for p in predicted.get(surface) or {"-"}:
                    matrix[g, p] += 1
    kinds = [*SCORED_TYPES, "-"]
    lines = ["gold\\found " + " ".join(f"{k:>6}" for k in kinds)]
    for g in kinds:
        lines.append(f"{g:<11}" + " ".join(f"{matrix[g, p] if (g, p) != ('-', '-') else '':>6}" for p in kinds))
    return lines


def _commonest(counter: Counter, limit: int) -> list[tuple]:
    """`most_common`, ties in key order (sets of surfaces iterate in a different order every run)."""
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:limit]


def error_report(errors: Errors, limit: int) -> list[str]:
    def near(key: tuple) -> str:
        found = errors.overlaps.get(key)
        if not found:
            return ""
        surface, count = _commonest(found, 1)[0]
        return f"  (overlaps {errors.written(surface)!r}{f' x{count}' if count > 1 else ''})"

    lines = ["", "error classes (surface x documents):"]
    for name, count in sorted(errors.classes.items(), key=lambda item: (-item[1], item[0])):
        lines.append(f"  {count:>5}  {name}")
    lines += ["", f"top {limit} false positives (surface, found type; not a gold surface of that document):"]
    for (surface, kind), count in _commonest(errors.false_positives, limit):
        lines.append(f"  {count:>4}  {errors.written(surface)!r} found {kind}, gold -{near(('FP', surface, kind))}")
    lines += ["", f"top {limit} false negatives (surface, gold type; not found in that document):"]
    for (surface, kind), count in _commonest(errors.false_negatives, limit):
        lines.append(f"  {count:>4}  {errors.written(surface)!r} gold {kind}, found -{near(('FN', surface, kind))}")
    lines += ["", f"top {limit} type confusions (surface, gold type -> found type):"]
    for (surface, gold_kind, kind), count in _commonest(errors.confusions, limit):
        lines.append(f"  {count:>4}  {errors.written(surface)!r} gold {gold_kind} -> found {kind}")
    return lines


# --- command line -------------------------------------------------------------------------------


def _inside_repository(path: Path) -> bool:
    try:
        path.resolve().relative_to(REPO)
    except ValueError:
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("conll", type=Path, help="a CoNLL-2003 file (eng.testa, eng.train; never eng.testb)")
    parser.add_argument("--per-doc", action="store_true", help="a line per document")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="the N most frequent errors of each kind")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="keep the converted seeds (and gold.tsv) in DIR")
    parser.add_argument("--with-title", action="store_true", help="score the headline's entities too")
    parser.add_argument("--repeat", type=int, default=3, help="timing runs of the entity stages (best is shown)")
    parser.add_argument("--min-typed-f1", type=float, default=None, metavar="X")
    parser.add_argument("--min-untyped-f1", type=float, default=None, metavar="Y")
    args = parser.parse_args(argv)

    if "testb" in args.conll.name.casefold():
        print(f"{args.conll}: eng.testb is the held-out test split; use eng.testa or eng.train", file=sys.stderr)
        return 2
    if not args.conll.is_file():
        print(f"{args.conll}: no such file (a CoNLL-2003 file such as eng.testa)", file=sys.stderr)
        return 2
    if args.keep and _inside_repository(args.keep):
        print(
            f"note: {args.keep} is inside the repository; never commit CoNLL text (Reuters copyright)", file=sys.stderr
        )
    with open(args.conll, encoding="utf-8", errors="replace") as handle:
        documents, scheme = read_conll(handle)
    if not documents:
        print(f"{args.conll}: no CoNLL documents found", file=sys.stderr)
        return 2
    seeds = [to_seed(document, seed_name(document.number)) for document in documents]

    timing = time_detection(seeds, args.repeat)  # first, while this process's memos are empty
    with tempfile.TemporaryDirectory(prefix="eval-conll-") as tmp:
        seeds_dir = args.keep or Path(tmp) / "seeds"
        write_seeds(seeds, seeds_dir)
        run = run_generator(seeds_dir, Path(tmp) / "docs")

    scores = [
        score_document(seed.document, seed.title, seed.spans, run.predicted.get(seed.name, ()), args.with_title)
        for seed in seeds
    ]
    differ = sum(
        1 for seed in seeds if Counter(run.predicted.get(seed.name, ())) != Counter(timing.predicted.get(seed.name, ()))
    )
    errors = Errors()
    for score in scores:
        errors.add(score)

    lines = []
    if args.per_doc:
        lines += [*per_document_table(scores), ""]
    dated = sum(seed.date is not None for seed in seeds)
    missing = len(seeds) - len(run.predicted)
    lines.append(
        f"{args.conll}: {len(documents)} documents ({scheme}), {dated} with a dateline; "
        f"gold {'with' if args.with_title else 'without'} the headlines; "
        f"MISC gold and found events count neither way"
        + (f"; {missing} document(s) the generator skipped" if missing else "")
    )
    lines += summary_table(scores)
    dropped = sum(s.misc_dropped for s in scores)
    lines.append(f"found surfaces that are MISC in gold (not counted): {dropped}")
    lines += ["", *confusion_table(scores)]
    lines += [
        "",
        f"entity stages on one core: {timing.articles} articles, {timing.words:,} words: "
        f"detect {timing.detect:.2f} s + resolve/find {timing.link:.2f} s = {timing.total:.2f} s, "
        f"{timing.articles / timing.total:,.0f} articles/s ({timing.words / timing.total:,.0f} words/s; "
        f"best of {max(1, args.repeat)}); first run {timing.cold:.2f} s, "
        f"{timing.articles / timing.cold:,.0f} articles/s",
        f"whole generator (generate, into a temporary docs folder): {run.seconds:.1f} s, "
        f"{len(run.warnings)} warning(s)",
    ]
    if differ:
        lines.append(f"note: {differ} document(s) got other mentions from the pure functions than from generate")
    if args.errors:
        lines += error_report(errors, args.errors)
    print("\n".join(lines))

    untyped, typed, _ = totals(scores)
    failed = []
    if args.min_typed_f1 is not None and (typed.f1 or 0.0) < args.min_typed_f1:
        failed.append(f"typed F1 {typed.f1 or 0.0:.3f} < {args.min_typed_f1}")
    if args.min_untyped_f1 is not None and (untyped.f1 or 0.0) < args.min_untyped_f1:
        failed.append(f"untyped F1 {untyped.f1 or 0.0:.3f} < {args.min_untyped_f1}")
    if failed:
        print("below the bar: " + "; ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
