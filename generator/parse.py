"""Parse one scraped seed file into an Article. Pure: text in, Article out; never opens files.

The seed format, top to bottom (every part optional except some text):

    ---                      optional YAML front matter; its fields override what is inferred
    # Title                  (any heading level; a plain first line is accepted with a warning)
    June 02, 2025            a line holding only a date (weekday, time, "Published:" allowed)
    Caption. **Credit**      photo caption ending in a bold credit
    paragraphs ...           [text](#) dead links lose the link; real URLs stay links
    **Related article:** [Title](#)
    *Reuters contributed reporting.*
    Original url:
    <https://...>
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import PurePath

import yaml

from .dates import BadDate, date_line, parse_date_value
from .errors import SeedError
from .escape import is_safe_url
from .model import Article, Paragraph, Span
from .sources import plain_http_host, source_name_for

FRONT_MATTER_KEYS = {
    "title",
    "date",
    "source",
    "source_url",
    "url",
    "caption",
    "photo_credit",
    "credit",
    "related",
    "slug",
}
TITLE_FROM_TEXT_CHARACTERS = 100

_HEADING_MARK = re.compile(r"(#{1,6})\s+")  # a Markdown heading's `#`s; `_heading` reads the rest
_CAPTION = re.compile(r"^(?P<caption>[^*]*?)\s*\*\*(?P<credit>[^*]{1,120})\*\*\s*$")
_RELATED_LABEL = (
    r"(?:related(?:\s+(?:articles?|stories|story|reading|coverage|content))?"
    r"|read\s+(?:more|also)|see\s+also|also\s+read)"
)
_RELATED = re.compile(
    rf"^[*_\s]*{_RELATED_LABEL}\s*[*_]*\s*:\s*[*_]*\s*(?P<rest>.+)$"  # "Related article: ...", bold or not
    rf"|^[*_\s]*{_RELATED_LABEL}[*_]*\s+(?P<link>\[[^\]]+\]\([^)]*\))[*_\s]*$",  # "Related article [Title](#)"
    re.IGNORECASE,
)
_ORIGINAL_URL = re.compile(
    r"^[*_\s]*(?:original\s+(?:url|link|article)|source\s+url)\s*[*_]*\s*:?[*_\s]*(?P<rest>.*)$", re.IGNORECASE
)
_FIELD_LINE = re.compile(r"^[A-Za-z_][\w-]*[ \t]*:(?:[ \t]|$)")  # `title: ...`, the start of real front matter
_ITALIC_LINE = re.compile(r"^(?:\*(?P<star>[^*].*?)\*|_(?P<under>[^_].*?)_)$")
_HREF = r"(?P<href>[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)"  # allows one level of balanced parentheses
_LINK_REST = rf"(?P<text>[^\]\n]*)\]\({_HREF}(?:\s+\"[^\"]*\")?\)"  # after the `[`
_LINK = re.compile(rf"!?\[{_LINK_REST}")
_LINK_OR_AUTOLINK = re.compile(rf"{_LINK.pattern}|<(?P<auto>[a-z][a-z0-9+.-]*:[^<>\s]+)>", re.IGNORECASE)
# `_LINK` from its `[` on: a pattern that starts with one literal character is searched for that
# character in C, several times faster than trying the pattern at every position. The `!` of an
# image is looked at by hand.
_LINK_FROM_BRACKET = re.compile(rf"\[{_LINK_REST}")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
# A `*` not preceded by a word character or another `*` (the look-behind comes after the literal
# for speed, as above; it checks the same character).
_ITALIC = re.compile(r"\*(?<![\w*]\*)(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_CHARACTERS = tuple(chr(code) for code in range(0x80) if _CONTROL.match(chr(code)))
_BARE_URL = re.compile(r"^<?https?://[^\s<>]+>?$", re.IGNORECASE)
_URL = re.compile(r"https?://[^\s<>()\"'\[\]]+", re.IGNORECASE)
# Finding blocks in the whole text at once (a few regex calls per article, not several per line):
# the blank lines between runs of text (blank as `str.strip` sees it: `\s` is the same set), and
# the lines that may be a Related or Original url line (each starts with one of these words after
# `*`, `_` and spaces), which are then checked exactly, line by line.
_BLANK_LINES_AT = re.compile(r"(?:[^\S\n]*\n)*")
_BLANK_LINES_BETWEEN = re.compile(r"(\n(?:[^\S\n]*\n)+)")  # a line's end, then blank lines; starts with a literal
# `\s` without `\n`, spelled out: one character class is much quicker to repeat than `(?:[*_]|[^\S\n])`.
_SPACE_NOT_NEWLINE = r"\t\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_LABEL_WORD = r"(?:re(?:lated|ad)|s(?:ee|ource)|also|original)"  # how _RELATED and _ORIGINAL_URL labels start
# What `_MAY_BE_LABEL` can match first in a text that starts with no space (`re.IGNORECASE` also
# matches the long s, "ſ", for "s"; tests/test_parse.py checks the set against every character).
_LABEL_FIRST_CHARACTERS = frozenset("*_rRsSaAoOſ")
_MAY_BE_LABEL = re.compile(rf"[*_{_SPACE_NOT_NEWLINE}]*{_LABEL_WORD}", re.IGNORECASE)
_MAY_STAND_ALONE = re.compile(rf"\n{_MAY_BE_LABEL.pattern}", re.IGNORECASE)  # starts with a literal: searched in C
_GROUP_1 = itemgetter(1)  # a C callable for `sub`: Python 3.11 expands a "\1" template in Python, per match
_LINK_TEXT = itemgetter("text")
_SENTENCE_END = tuple(".!?:;\"'”’»)…")
_UNFINISHED = tuple(",–—(“«")
# A line ending in one of these words stops mid-sentence even if the next one starts with a capital.
_FUNCTION_WORDS = frozenset(
    re.findall(
        r"\w+",
        "a an the of to in on at by for from with and or but as that which who whom whose its his her their our "
        "is are was were be been has have had will would than into onto about between against",
    )
)

Warn = Callable[[int | None, str], None]


# Fields whose value is one piece of text (`related` is a list of them). A list or mapping given for
# one of these is refused with a warning, never turned into text.
TEXT_FIELDS = FRONT_MATTER_KEYS - {"related"}
# Real front matter is a few lines; YAML is parsed in Python at about 1 MB/s, so a longer block is
# not parsed at all.
FRONT_MATTER_CHARACTERS = 64 * 1024


class _AliasRefused(yaml.MarkedYAMLError):
    """A YAML alias (`*name`) in front matter: refused, so that nested aliases cannot expand."""


class _FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text, so a bad date is one warning, not a lost front matter, and
    refuses aliases: a few hundred bytes of nested `*name`s expand to gigabytes (a "billion laughs")."""

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _AliasRefused(problem=f"alias *{event.anchor}", problem_mark=event.start_mark)
        return super().compose_node(parent, index)


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(slots=True)
class _Block:
    """A run of non-blank lines, with the line number (1-based) where it starts."""

    line: int
    text: str


def parse_seed(text: str, name: str) -> Article:
    """Turn a seed's text into an Article; `name` is the seed's file name, used in messages.

    Recoverable oddities become warnings on the Article ("name:line: message").
    Raises SeedError only when there is no article at all (an empty or blank file).
    """
    warnings: list[str] = []

    def warn(line: int | None, message: str) -> None:
        warnings.append(f"{name}:{line}: {message}" if line else f"{name}: {message}")

    if not text.strip("\ufeff"):
        raise SeedError(name, "file is empty; skipped")
    text = text.lstrip("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _has_control(text) and (control := _CONTROL.search(text)):
        warn(text.count("\n", 0, control.start()) + 1, "removed control characters (is this really text?)")
        text = _CONTROL.sub("", text)
    if not text or text.isspace():  # `not text.strip()`, without copying the text
        raise SeedError(name, "file holds only blank lines or spaces; skipped")

    meta, body_start = _front_matter(text, warn)
    blocks = _blocks(text, first_line=body_start)

    title, date, date_seen, blocks = _take_heading(blocks, warn)
    if "title" in meta and str(meta["title"] or "").strip():
        title = _plain(str(meta["title"]))
    if "date" in meta:
        date_seen = True
        try:
            date = parse_date_value(meta["date"])
        except BadDate as error:
            date = None
            warn(1, f"front matter date: {error}; the article is listed as undated")
        else:
            if date is None:
                warn(1, f"front matter date {str(meta['date'])[:40]!r} is not a date I can read; listed as undated")
    if date is None and not date_seen:
        warn(None, "no date found; the article is listed as undated")

    caption, photo_credit, blocks = _take_caption(blocks)
    body = _read_body(blocks, warn)
    if not title:
        title, source = _derived_title(name, body.paragraphs)
        warn(1, f"no title line found; using {source} ({_shorten(title)!r})")

    source_url = _text(meta, "source_url", _text(meta, "url", body.source_url))
    if source_url and not _is_safe_url(source_url):
        warn(None, f"source URL {_shorten(source_url)!r} is not an http(s) address; dropped")
        source_url = ""
    if not body.paragraphs:
        warn(None, "no article text found")

    return Article(
        seed=name,
        title=_plain(title),
        date=date,
        paragraphs=tuple(body.paragraphs),
        caption=_plain(_text(meta, "caption", caption)),
        photo_credit=_plain(_text(meta, "photo_credit", photo_credit)),
        credit=_plain(_text(meta, "credit", " ".join(body.credits))),
        source_name=_plain(_text(meta, "source", "")) or (source_name_for(source_url) if source_url else ""),
        source_url=source_url,
        related_titles=_related_titles(meta, body.related_titles, warn),
        warnings=tuple(warnings),
        slug_hint=_text(meta, "slug", ""),
    )


def _is_safe_url(url: str) -> bool:
    """`is_safe_url`, answered without `urlsplit` for a plain http(s) URL (the usual source URL)."""
    return plain_http_host(url) is not None or is_safe_url(url)


def _has_control(text: str) -> bool:
    """Whether `_CONTROL` would find anything: one `in` per character is a fast scan in C."""
    return any(map(text.__contains__, _CONTROL_CHARACTERS))


def _text(meta: dict, key: str, default: str) -> str:
    """A front matter field as text when present (an empty field clears the inferred value)."""
    if key not in meta:
        return default
    value = meta[key]
    return "" if value is None else str(value).strip()


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _related_titles(meta: dict, inferred: list[str], warn: Warn) -> tuple[str, ...]:
    related = meta.get("related", inferred)
    if related is None:
        related = []
    elif isinstance(related, str | int | float):
        related = [related]
    elif not isinstance(related, list):
        warn(1, "front matter 'related' should be a list of article titles; ignored")
        related = inferred
    return tuple(title for item in related if (title := _plain(str(item))))


def _front_matter(text: str, warn: Warn) -> tuple[dict, int]:
    """YAML front matter between `---` lines at the very top; returns (fields, first body line)."""
    first = text.partition("\n")[0]
    if first.strip() != "---":
        return {}, 1
    match = re.search(r"^(?:---|\.\.\.)[ \t]*$", text[len(first) :], re.MULTILINE)
    if not match:
        return {}, 2  # a lone `---` line at the top: a rule, not front matter
    block = text[len(first) : len(first) + match.start()]
    end_line = text.count("\n", 0, len(first) + match.start()) + 1  # the closing `---`, 1-based
    if len(block) > FRONT_MATTER_CHARACTERS and _FIELD_LINE.match(block.strip()):
        warn(1, f"front matter is longer than {FRONT_MATTER_CHARACTERS // 1024} KB; its fields are ignored")
        return {}, end_line + 1
    try:
        node, meta = _load_yaml(block)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as error:
        if not _FIELD_LINE.match(block.strip()):
            return {}, 2  # `---` over ordinary text (a scraped rule, not front matter): keep the text
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        if isinstance(error, _AliasRefused):
            warn(line, f"front matter uses a YAML {error.problem}, which is not allowed; its fields are ignored")
        else:
            warn(line, "front matter is not valid YAML; its fields are ignored")
        return {}, end_line + 1
    if meta is None:
        return {}, end_line + 1
    if not isinstance(meta, dict):
        return {}, 2  # `---` ... `---` around ordinary text: not front matter; keep the text
    for key in sorted(set(map(str, meta)) - FRONT_MATTER_KEYS):
        warn(1, f"unknown front matter field {key[:40]!r} ignored (known: {', '.join(sorted(FRONT_MATTER_KEYS))})")
    fields = {str(k): v for k, v in meta.items() if str(k) in FRONT_MATTER_KEYS}
    return _as_written(fields, node, warn), end_line + 1


def _load_yaml(block: str) -> tuple[yaml.Node | None, object]:
    """`yaml.load(block, Loader=_FrontMatterLoader)`, and the node tree it was built from (its lines)."""
    loader = _FrontMatterLoader(block)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def _as_written(fields: dict, node: yaml.Node, warn: Warn) -> dict:
    """The front matter fields with each text field as written (`title: 1984` is "1984", not a number);
    a list or mapping where text is expected is dropped with a warning naming its line."""
    values: dict[str, yaml.Node] = {}
    lines: dict[str, int] = {}
    for key_node, value_node in node.value if isinstance(node, yaml.MappingNode) else ():
        if isinstance(key_node, yaml.ScalarNode):
            values[key_node.value] = value_node
            lines[key_node.value] = key_node.start_mark.line + 1
    kept = {}
    for key, value in fields.items():
        value_node = values.get(key)
        if value is None or value_node is None:
            kept[key] = value
        elif key in TEXT_FIELDS:
            if isinstance(value_node, yaml.ScalarNode):
                kept[key] = value_node.value
            else:
                warn(lines[key], f"front matter '{key}' should be text, not a list or mapping; ignored")
        elif isinstance(value_node, yaml.SequenceNode):  # related: a list of titles
            items = value_node.value
            titles = [item.value for item in items if isinstance(item, yaml.ScalarNode)]
            if len(titles) < len(items):
                warn(lines[key], f"front matter '{key}' should list titles as text; lists and mappings in it ignored")
            kept[key] = titles
        else:
            kept[key] = value_node.value if isinstance(value_node, yaml.ScalarNode) else value
    return kept


def _blocks(text: str, first_line: int) -> list[_Block]:
    """Runs of non-blank lines from `first_line` on, each line stripped. A Related or Original url
    line always stands alone: only a run holding a line that may be one is split line by line."""
    blank = _BLANK_LINES_AT.match(text, _line_start(text, first_line))
    number = first_line + blank[0].count("\n")
    body = text[blank.end() : len(text.rstrip())]  # from the first non-blank line to the last
    if not body:
        return []
    may_stand_alone = [match.start() + 1 for match in _MAY_STAND_ALONE.finditer(body)]
    if _MAY_BE_LABEL.match(body):
        may_stand_alone.insert(0, 0)
    may_stand_alone.append(len(body))  # past every run: the loop needs no length checks
    blocks: list[_Block] = []
    runs_and_gaps = _BLANK_LINES_BETWEEN.split(body)  # run, gap, run, gap, ..., run
    last = len(runs_and_gaps) - 1
    start, candidate = 0, 0
    for index in range(0, last + 1, 2):
        run = runs_and_gaps[index]
        end = start + len(run)
        if may_stand_alone[candidate] < end:
            while may_stand_alone[candidate] < end:
                candidate += 1
            lines = run.split("\n")
            _split_standalone_lines(lines, number, blocks)
            number += len(lines) - 1
        elif "\n" in run:
            lines = run.split("\n")
            blocks.append(_Block(number, "\n".join([line.strip() for line in lines])))
            number += len(lines) - 1
        else:
            blocks.append(_Block(number, run.strip()))
        if index < last:
            gap = runs_and_gaps[index + 1]
            number += gap.count("\n")
            start = end + len(gap)
    return blocks


def _line_start(text: str, line: int) -> int:
    """Where 1-based line `line` starts in `text` (its length when there is no such line)."""
    position = 0
    for _ in range(line - 1):
        position = text.find("\n", position) + 1
        if not position:
            return len(text)
    return position


def _split_standalone_lines(lines: list[str], first_line: int, blocks: list[_Block]) -> None:
    """Append a run of non-blank lines as blocks, each Related or Original url line a block of its own."""
    current: list[str] = []
    start = first_line
    for number, raw in enumerate(lines, start=first_line):
        line = raw.strip()
        alone = len(line) < 1000 and bool(_RELATED.match(line) or _ORIGINAL_URL.match(line))
        if alone and current:
            blocks.append(_Block(start, "\n".join(current)))
            current = []
        if not current:
            start = number
        current.append(line)
        if alone:
            blocks.append(_Block(start, "\n".join(current)))
            current = []
    if current:
        blocks.append(_Block(start, "\n".join(current)))


def _split_first_line(block: _Block) -> tuple[str, list[_Block]]:
    first, _, rest = block.text.partition("\n")
    return first, ([_Block(block.line + 1, rest)] if rest else [])


def _date_of(line: str, number: int, warn: Warn) -> tuple[object, bool]:
    """(date or None, whether this is a date line)."""
    try:
        date = date_line(line)
    except BadDate as error:
        warn(number, f"{error}; the article is listed as undated")
        return None, True
    return date, date is not None


def _take_heading(blocks: list[_Block], warn: Warn) -> tuple[str, object, bool, list[_Block]]:
    """Title (a `#` line) and date (a line holding only a date), in either order, at the top.

    If the date is not there, it may still stand alone within the first three blocks."""
    title, date, date_seen = "", None, False
    for _ in range(2):
        if not blocks:
            break
        first, rest = _split_first_line(blocks[0])
        if not title and (heading := _heading(first)) and heading[1].strip():
            title, blocks = heading[1], rest + blocks[1:]
            continue
        if not date_seen:
            found, is_date = _date_of(first, blocks[0].line, warn)
            if is_date:
                date, date_seen, blocks = found, True, rest + blocks[1:]
                continue
        break
    if not title and blocks and _looks_like_title(blocks[0].text):
        title = blocks[0].text
        warn(blocks[0].line, "title line has no '# '; using the first line as the title")
        blocks = blocks[1:]
        if not date_seen and blocks:
            first, rest = _split_first_line(blocks[0])
            found, is_date = _date_of(first, blocks[0].line, warn)
            if is_date:
                date, date_seen, blocks = found, True, rest + blocks[1:]
    if not date_seen:
        for index, block in enumerate(blocks[:3]):
            first, rest = _split_first_line(block)
            found, is_date = _date_of(first, block.line, warn)
            if is_date:
                date, date_seen, blocks = found, True, blocks[:index] + rest + blocks[index + 1 :]
                break
    return title, date, date_seen, blocks


def _heading(line: str) -> tuple[int, str] | None:
    r"""(level, title) when one line is a Markdown heading (`## Title`, `## Title ##`), else None.

    Same as matching `#{1,6}\s+(?P<title>.*?)(?:\s+#+)?\s*$`, whose lazy `.*?` made it slow."""
    mark = _HEADING_MARK.match(line)
    if not mark:
        return None
    title = line[mark.end() :].rstrip()
    bare = title.rstrip("#")  # closing `#`s count only after a space: `C#` keeps its `#`
    if bare != title and bare[-1:].isspace():
        title = bare.rstrip()
    return len(mark[1]), title


def _looks_like_title(text: str) -> bool:
    """A plain first line that reads as a headline: one short line, no final full stop, not a date."""
    if "\n" in text or len(text) > 200 or len(text.split()) < 2 or text.endswith((".", ":", ";", ",")):
        return False
    if _CAPTION.match(text) or _RELATED.match(text) or _ORIGINAL_URL.match(text) or _LINK.search(text):
        return False
    try:
        return date_line(text) is None
    except BadDate:
        return False


def _derived_title(name: str, paragraphs: list[Paragraph]) -> tuple[str, str]:
    """A title for a seed without one: its file name when that has words, else its first sentence."""
    stem = PurePath(name).stem
    words = [w for w in re.split(r"[\W_]+", stem) if w]
    if any(w.isalpha() and len(w) > 1 for w in words):
        text = " ".join(words)
        return text[:1].upper() + text[1:], "the file name"
    if paragraphs:
        text = paragraphs[0].text
        sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
        if len(sentence) > TITLE_FROM_TEXT_CHARACTERS:
            sentence = sentence[:TITLE_FROM_TEXT_CHARACTERS].rsplit(" ", 1)[0] + "…"
        sentence = sentence.rstrip(".").strip()
        if any(c.isalnum() for c in sentence):
            return sentence, "the first sentence"
    return (stem.strip() or "Untitled"), "the file name"


def _take_caption(blocks: list[_Block]) -> tuple[str, str, list[_Block]]:
    """A photo caption is the first block (one line, or a few hard-wrapped ones) ending in a **bold credit**."""
    if blocks and len(blocks[0].text) <= 600 and blocks[0].text.count("\n") <= 3:
        match = _CAPTION.match(" ".join(blocks[0].text.split("\n")))  # a hard-wrapped caption too
        if match:
            return match["caption"], match["credit"].strip(), blocks[1:]
    return "", "", blocks


@dataclass(slots=True)
class _Body:
    paragraphs: list[Paragraph] = field(default_factory=list)
    related_titles: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    source_url: str = ""


@dataclass(slots=True)
class _Text:
    parts: list[str]
    italic: bool = False
    heading: bool = False

    @property
    def last(self) -> str:
        return self.parts[-1]


def _read_body(blocks: list[_Block], warn: Warn) -> _Body:
    body = _Body()
    texts: list[_Text] = []
    footer_line = 0
    for block in blocks:
        flat = block.text.replace("\n", " ")
        if footer_line:
            url = _first_url(flat)
            if url and not body.source_url:
                body.source_url = url
            if not url or len(flat) > len(url) + 4:  # more than `<url>`: say where the rest starts
                line = block.line + _first_line_beyond(block.text, url)
                warn(line, f"text after the 'Original url:' line (line {footer_line}) ignored")
            continue
        if flat[0] in _LABEL_FIRST_CHARACTERS and len(flat) < 2000 and _MAY_BE_LABEL.match(flat):
            if match := _ORIGINAL_URL.match(flat):
                footer_line = block.line
                body.source_url = _first_url(match["rest"])
                continue
            if match := _RELATED.match(flat):
                body.related_titles.extend(_related_title(match["rest"] or match["link"]))
                continue
        first = flat[0]  # blocks are never empty, and start with no space
        if (
            first in "*_"
            and (match := _ITALIC_LINE.match(flat))
            and ("*" if match["star"] else "_") not in _italic_inner(match)
        ):
            texts.append(_Text([_italic_inner(match)], italic=True))
            continue
        if first == "#" and (heading := _heading(flat)):
            if heading[0] == 1:
                warn(block.line, "a second '# ' title line inside the text; is this two articles in one file?")
            texts.append(_Text([heading[1]], heading=True))  # a sub-heading: keep its words
            continue
        if texts and not texts[-1].parts[-1].endswith(_SENTENCE_END) and _continues(texts[-1], flat):
            texts[-1].parts.append(flat)  # the scraper broke a sentence in two
        else:
            texts.append(_Text([flat]))
    if footer_line and not body.source_url:
        warn(footer_line, "'Original url:' line without an http(s) address")
    if not footer_line and texts and _BARE_URL.match(texts[-1].last) and len(texts[-1].parts) == 1:
        body.source_url = _first_url(texts.pop().last)  # the footer's URL without its label
    while texts and texts[-1].italic:  # italic lines at the end: the agency credit
        body.credits.insert(0, texts.pop().parts[0])
    for text in texts:
        parts = text.parts
        paragraph = _inline(parts[0].strip() if len(parts) == 1 else " ".join([part.strip() for part in parts]))
        if paragraph.text.strip():
            body.paragraphs.append(paragraph)
    return body


def _first_line_beyond(text: str, url: str) -> int:
    """The number (from 0) of the first line of `text` holding more than `url` in `<>` (0 if none)."""
    for number, line in enumerate(text.split("\n")):
        if line.replace(url, "", 1).strip(" <>.,;") if url else line.strip():
            return number
    return 0


def _italic_inner(match: re.Match) -> str:
    return match["star"] or match["under"]


def _continues(previous: _Text, text: str) -> bool:
    """Whether `text` is the rest of a sentence that `previous` left unfinished."""
    if previous.heading or previous.italic:
        return False
    end = previous.last.rstrip()
    if not end or end.endswith(_SENTENCE_END):
        return False
    first = text[:1]
    if not end[-1].isalnum() and not end.endswith(_UNFINISHED) and not (end[-1] == "-" and end[-2:-1].isalpha()):
        return False  # ends in a symbol: "---", "***", a URL's "/" ...
    if first.islower() or end.endswith(_UNFINISHED) or end[-1] == "-":
        return first.isalnum() or first in "“\"'‘«("
    last_word = end.rsplit(None, 1)[-1]
    return last_word in _FUNCTION_WORDS and (first.isupper() or first.isdigit())


def _related_title(rest: str) -> list[str]:
    titles = [_plain(match["text"]) for match in _LINK.finditer(rest)]
    if not titles:
        titles = [_plain(rest)]
    return [title for title in titles if title]


def _first_url(text: str) -> str:
    match = _URL.search(text)
    return match[0].rstrip(".,;") if match else ""


def _inline(text: str) -> Paragraph:
    """Split a paragraph into plain spans and real links; dead `(#)` links keep only their text."""
    if "[" not in text and "<" not in text:  # no link of either kind: one plain span
        plain = _unemphasise(text) if "*" in text or "&" in text else text
        return Paragraph((Span(plain),) if plain else ())
    if _only_dead_links(text):  # each link becomes its words: one plain span, made in C
        plain = _LINK_FROM_BRACKET.sub(_LINK_TEXT, text)
        return Paragraph((Span(plain),) if plain else ())
    spans: list[Span] = []
    plain_parts: list[str] = []  # the plain span being gathered: text around dead links, and their words
    position = 0
    autolinks = "<" in text
    for match in (_LINK_OR_AUTOLINK if autolinks else _LINK_FROM_BRACKET).finditer(text):
        auto = match["auto"] if autolinks else None
        start = match.start()
        if not autolinks and start > position and text[start - 1] == "!":
            start -= 1  # an image, `![...](...)`: the link pattern starts at its `!`
        plain_parts.append(_unemphasise(text[position:start]))
        href, label = (auto, auto) if auto else (match["href"], match["text"])
        if href[:1] != "#" and _is_safe_url(href):  # `#...` has no scheme: never safe, so not asked
            if plain := "".join(plain_parts):
                spans.append(Span(plain))
            plain_parts = []
            spans.append(Span(_plain(label) or href, href))
        else:
            plain_parts.append(_unemphasise(label))
        position = match.end()
    plain_parts.append(_unemphasise(text[position:]))
    if plain := "".join(plain_parts):
        spans.append(Span(plain))
    return Paragraph(tuple(spans))


def _only_dead_links(text: str) -> bool:
    """No autolink, image, emphasis or entity, and every `](` (where each link's address starts,
    as a link's text holds no `]`) is followed by `#`, which is never a safe URL."""
    return (
        "<" not in text
        and "*" not in text
        and "&" not in text
        and "![" not in text
        and text.count("](") == text.count("](#")
    )


def _unemphasise(text: str) -> str:
    """Drop Markdown emphasis markers and decode HTML entities a scraper left (`&#8217;`, `&amp;`);
    the words stay, and escaping happens at render time."""
    if "*" in text:  # both markers need one; the test is much cheaper than the two regexes
        text = _ITALIC.sub(_GROUP_1, _BOLD.sub(_GROUP_1, text) if "**" in text else text)
    return html.unescape(text) if "&" in text else text


def _plain(text: str) -> str:
    """One line of plain words: links keep their text, emphasis and extra whitespace go."""
    return " ".join(_unemphasise(_LINK.sub(_LINK_TEXT, text) if "[" in text else text).split())
