"""Parse one scraped seed file into an Article. Pure: text in, Article out; never opens files."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

import yaml

from .dates import BadDate, find_date, parse_date_value
from .errors import SeedError
from .escape import is_safe_url
from .model import Article, Paragraph, Span
from .sources import source_name_for

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

_TITLE = re.compile(r"^#{1,6}\s+(?P<title>.+?)\s*#*\s*$")
_CAPTION = re.compile(r"^(?P<caption>.*?)\s*\*\*(?P<credit>[^*]{1,120})\*\*\s*$")
_RELATED = re.compile(
    r"^[*_\s]*(?:related(?:\s+articles?)?|read\s+(?:more|also)|see\s+also)\s*:?[*_\s]*:?\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
_ORIGINAL_URL = re.compile(r"^[*_\s]*original\s+url\s*:?[*_\s]*(?P<rest>.*)$", re.IGNORECASE)
_ITALIC_LINE = re.compile(r"^(?:\*(?P<star>[^*].*?)\*|_(?P<under>[^_].*?)_)$")
_LINK = re.compile(r"\[(?P<text>[^\]\n]*)\]\((?P<href>[^)\s]*)(?:\s+\"[^\"]*\")?\)")
_AUTOLINK = re.compile(r"<(?P<href>[a-z][a-z0-9+.-]*:[^<>\s]+)>", re.IGNORECASE)
_LINK_OR_AUTOLINK = re.compile(f"{_LINK.pattern}|{_AUTOLINK.pattern.replace('href', 'auto')}", re.IGNORECASE)
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
_SENTENCE_END = tuple(".!?:;\"'”’»)…")


@dataclass(slots=True)
class _Block:
    """A run of non-blank lines, with the line number (1-based) where it starts."""

    line: int
    text: str


def parse_seed(text: str, name: str) -> Article:
    """Turn a seed's text into an Article; `name` is the seed's file name, used in messages.

    Recoverable oddities become warnings on the Article ("name:line: message").
    Raises SeedError only when there is no article at all (empty file).
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    warnings: list[str] = []

    def warn(line: int | None, message: str) -> None:
        warnings.append(f"{name}:{line}: {message}" if line else f"{name}: {message}")

    if not text.strip():
        raise SeedError(name, "file is empty; skipped")

    meta, body_start = _front_matter(text, name, warn)
    blocks = _blocks(text.split("\n"), first_line=body_start)

    title, blocks = _take_title(blocks)
    if meta.get("title"):
        title = str(meta["title"]).strip()
    if not title:
        title = _title_from_file_name(name)
        warn(1, f"no title line found; using the file name ({title!r})")

    warnings_before_date = len(warnings)
    date, blocks = _take_date(blocks, warn)
    if "date" in meta:
        try:
            date = parse_date_value(meta["date"])
        except BadDate as error:
            warn(1, f"front matter date: {error}")
        if date is None:
            warn(1, f"front matter date {meta['date']!r} is not a date I can read")
    if date is None and len(warnings) == warnings_before_date:
        warn(None, "no date found; the article is listed as undated")

    caption, photo_credit, blocks = _take_caption(blocks)
    body = _read_body(blocks, warn)

    source_url = str(meta.get("source_url") or meta.get("url") or body.source_url or "")
    if source_url and not is_safe_url(source_url):
        warn(None, f"source URL {source_url[:80]!r} is not an http(s) address; dropped")
        source_url = ""
    related = meta.get("related", body.related_titles)
    if isinstance(related, str):
        related = [related]
    if not body.paragraphs:
        warn(None, "no article text found")

    return Article(
        seed=name,
        title=_plain(title),
        date=date,
        paragraphs=tuple(body.paragraphs),
        caption=_plain(str(meta.get("caption", caption))),
        photo_credit=_plain(str(meta.get("photo_credit", photo_credit))),
        credit=_plain(str(meta.get("credit", body.credit))),
        source_name=str(meta.get("source") or (source_name_for(source_url) if source_url else "")),
        source_url=source_url,
        related_titles=tuple(_plain(str(t)) for t in related if str(t).strip()),
        warnings=tuple(warnings),
        slug_hint=str(meta.get("slug", "")),
    )


def _front_matter(text: str, name: str, warn) -> tuple[dict, int]:
    """YAML front matter between `---` lines at the very top; returns (fields, first body line)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, 1
    end = next((i for i, line in enumerate(lines[1:], start=1) if line.strip() in ("---", "...")), None)
    if end is None:
        return {}, 1  # a lone `---` line: not front matter, just text
    try:
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        warn(line, "front matter is not valid YAML; ignored")
        return {}, end + 2
    if not isinstance(meta, dict):
        warn(1, "front matter is not a mapping of fields; ignored")
        return {}, end + 2
    for key in sorted(set(map(str, meta)) - FRONT_MATTER_KEYS):
        warn(1, f"unknown front matter field {key!r} ignored (known: {', '.join(sorted(FRONT_MATTER_KEYS))})")
    return {str(k): v for k, v in meta.items() if str(k) in FRONT_MATTER_KEYS}, end + 2


def _blocks(lines: list[str], first_line: int) -> list[_Block]:
    blocks: list[_Block] = []
    current: list[str] = []
    start = first_line
    for number, line in enumerate(lines[first_line - 1 :], start=first_line):
        if line.strip():
            if not current:
                start = number
            current.append(line.strip())
        elif current:
            blocks.append(_Block(start, "\n".join(current)))
            current = []
    if current:
        blocks.append(_Block(start, "\n".join(current)))
    return blocks


def _split_first_line(block: _Block) -> tuple[str, list[_Block]]:
    first, _, rest = block.text.partition("\n")
    return first, ([_Block(block.line + 1, rest)] if rest else [])


def _take_title(blocks: list[_Block]) -> tuple[str, list[_Block]]:
    if blocks:
        first, rest = _split_first_line(blocks[0])
        match = _TITLE.match(first)
        if match:
            return match["title"], rest + blocks[1:]
    return "", blocks


def _take_date(blocks: list[_Block], warn) -> tuple[object, list[_Block]]:
    """The date is a short line of its own near the top (within the first three blocks)."""
    for index, block in enumerate(blocks[:3]):
        first, rest = _split_first_line(block)
        if len(first) > 60 or _CAPTION.match(first):
            continue
        try:
            date = find_date(first)
        except BadDate as error:
            warn(block.line, f"{error}; the article is listed as undated")
            return None, blocks[:index] + rest + blocks[index + 1 :]
        if date:
            return date, blocks[:index] + rest + blocks[index + 1 :]
    return None, blocks


def _take_caption(blocks: list[_Block]) -> tuple[str, str, list[_Block]]:
    """A photo caption is the first block, a single line ending in a **bold credit**."""
    if blocks and "\n" not in blocks[0].text:
        match = _CAPTION.match(blocks[0].text)
        if match and len(match["caption"]) <= 400:
            return match["caption"], match["credit"].strip(), blocks[1:]
    return "", "", blocks


@dataclass(slots=True)
class _Body:
    paragraphs: list[Paragraph]
    related_titles: list[str]
    credit: str
    source_url: str


def _read_body(blocks: list[_Block], warn) -> _Body:
    texts: list[str] = []
    related: list[str] = []
    credits: list[str] = []
    source_url = ""
    footer = False
    for block in blocks:
        flat = " ".join(block.text.split("\n"))
        if footer:
            if not source_url:
                source_url = _first_url(flat)
            continue
        if match := _ORIGINAL_URL.match(flat):
            footer = True
            source_url = _first_url(match["rest"])
            continue
        if (match := _RELATED.match(flat)) and (
            "[" in match["rest"] or flat.lstrip("*_").lower().startswith("related")
        ):
            title = _related_title(match["rest"])
            if title:
                related.append(title)
            continue
        if match := _ITALIC_LINE.match(flat):
            credits.append(match["star"] or match["under"])
            continue
        if title := _TITLE.match(flat):
            flat = title["title"]  # a sub-heading inside the body: keep its words
        if texts and flat[:1].islower() and not texts[-1].rstrip().endswith(_SENTENCE_END):
            texts[-1] = f"{texts[-1].rstrip()} {flat}"  # the scraper broke a sentence in two
        else:
            texts.append(flat)
    paragraphs = [_inline(t) for t in texts]
    return _Body([p for p in paragraphs if p.text.strip()], related, " ".join(credits), source_url)


def _related_title(rest: str) -> str:
    match = _LINK.search(rest)
    title = match["text"] if match else rest
    return title.strip().strip("*_").strip()


def _first_url(text: str) -> str:
    match = re.search(r"https?://[^\s<>()\"']+", text)
    return match[0].rstrip(".,;") if match else ""


def _inline(text: str) -> Paragraph:
    """Split a paragraph into plain spans and real links; dead `(#)` links keep only their text."""
    spans: list[Span] = []
    position = 0
    for match in _LINK_OR_AUTOLINK.finditer(text):
        spans.append(Span(_unemphasise(text[position : match.start()])))
        if match["auto"]:
            href, label = match["auto"], match["auto"]
        else:
            href, label = match["href"], match["text"]
        if is_safe_url(href):
            spans.append(Span(_plain(label), href))
        else:
            spans.append(Span(_plain(label)))
        position = match.end()
    spans.append(Span(_unemphasise(text[position:])))
    merged: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        if merged and merged[-1].href is None and span.href is None:
            merged[-1] = Span(merged[-1].text + span.text)
        else:
            merged.append(span)
    return Paragraph(tuple(merged))


def _unemphasise(text: str) -> str:
    """Drop Markdown emphasis markers; the words stay (escaping happens at render time)."""
    return _ITALIC.sub(r"\1", _BOLD.sub(r"\1", text))


def _plain(text: str) -> str:
    return _unemphasise(text).strip()


def _title_from_file_name(name: str) -> str:
    stem = PurePath(name).stem
    words = re.sub(r"[_\-.]+", " ", stem).strip()
    return words[:1].upper() + words[1:] if words else "Untitled"
