"""The one place where untrusted seed text is made inert for Markdown and HTML."""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urlsplit

SAFE_SCHEMES = {"http", "https", "mailto"}
# Line starts that would open a list, quote or numbered list. `1999. That year` -> `1999\. That year`.
_LINE_START = re.compile(r"^(\s*)(?:([-+>])|(\d+)([.)]))")
# C0 controls (bar tab/newline) and DEL: Python-Markdown uses \x02/\x03 as its own placeholders.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")  # \t \n \v \f \r become spaces


class Markdown(str):
    """Markdown the generator built itself: templates output it without escaping."""

    __slots__ = ()


# Only characters Python-Markdown treats as escapable get a backslash (`\$` would show it); `<`, `>`
# and `&` become entities. One str.translate pass: this runs for every value on every page.
_INLINE_TABLE: dict[int, str | None] = {ord(c): "\\" + c for c in "\\`*_{}[]#|!"}
_INLINE_TABLE |= {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"}
_INLINE_TABLE |= {c: None for c in [*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F]}
# Every other whitespace character (newline, tab, no-break space...) becomes a space in the same pass;
# only runs of spaces are then left to collapse, which most pieces of text do not have.
_INLINE_TABLE |= {c: " " for c in range(0x10000) if chr(c).isspace() and c not in _INLINE_TABLE and c != 0x20}
_SPACE_RUNS = re.compile(r"  +")


# The same escapes as replacements, for text with no control or whitespace character but the space
# (`isprintable`): a few `in` tests and replaces run several times faster than a translate with a table
# like the one above, which CPython cannot do at its fast one-to-one speed. Backslash and & go first.
_INLINE_REPLACEMENTS = [("\\", "\\\\"), ("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")]
_INLINE_REPLACEMENTS += [(c, "\\" + c) for c in "`*_{}[]#|!"]


def escape_inline(text: str) -> str:
    """Escape a piece of a line; whitespace runs (newlines too) become one space, edges kept."""
    if text.isprintable():
        for char, escaped in _INLINE_REPLACEMENTS:
            if char in text:
                text = text.replace(char, escaped)
    else:
        text = text.translate(_INLINE_TABLE)
    return _SPACE_RUNS.sub(" ", text) if "  " in text else text


def _line_start(match: re.Match) -> str:
    if match[2]:
        return f"{match[1]}\\{match[2]}"
    return f"{match[1]}{match[3]}\\{match[4]}"


def escape_line_start(markdown: str) -> Markdown:
    """Stop a line from starting a list, quote or numbered list (headings are escaped inline)."""
    first = markdown.lstrip()[:1]
    if first and (first in "-+>" or first.isdecimal()):
        return Markdown(_LINE_START.sub(_line_start, markdown))
    return Markdown(markdown)


def escape_markdown(value: object) -> Markdown:
    """Seed text -> Markdown that renders as exactly that text: no markup, HTML or templates."""
    if isinstance(value, Markdown):
        return value
    if value is None:
        return Markdown("")
    return escape_line_start(escape_inline(str(value).strip()))


def escape_html(value: object) -> str:
    """Seed text for a place MkDocs/Material print as HTML without escaping: front matter `title`."""
    return html.escape(re.sub(r"\s+", " ", _CONTROL.sub("", str(value))).strip(), quote=True)


def code_block(text: str, indent: int = 4) -> Markdown:
    """Text shown exactly as written, in an indented code block (`indent` spaces: 8 inside a list item).

    Markdown, HTML and template syntax are all literal there, and Python-Markdown escapes `<` and `&`
    in it; only control characters (its own placeholders among them) are dropped, and every line,
    blank ones too, is indented, so no line can end the block."""
    pad = " " * indent
    return Markdown("\n".join(pad + line for line in _CONTROL.sub("", text).splitlines()))


def is_safe_url(url: str) -> bool:
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # e.g. "http://[bad-ipv6"
        return False
    scheme = parts.scheme.lower()
    return scheme in SAFE_SCHEMES and (bool(parts.netloc) or scheme == "mailto")


def markdown_url(url: str) -> Markdown:
    """A URL ready for `[text](...)`: only http(s)/mailto, with nothing that can end the link."""
    if not is_safe_url(url):
        return Markdown("")
    return Markdown("<" + quote(url.strip(), safe=":/?#@!$&'*+,;=%~-._") + ">")


def link(text: object, url: str) -> Markdown:
    """`[text](url)` for an external URL, or just the text when the URL is not safe."""
    target = markdown_url(url)
    label = escape_markdown(text)
    return Markdown(f"[{label}]({target})") if target else label


# Characters XML 1.0 cannot hold at all (C0 controls bar tab/newline/CR, lone surrogates, U+FFFE/U+FFFF):
# lxml refuses a string holding one, so they are dropped from text bound for a feed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: object) -> str:
    """Seed text for the feed library (which escapes `<`, `&` itself): only what XML can hold, one line."""
    text = str(value)
    if text.isprintable() and "  " not in text:  # no control, separator or whitespace but single spaces
        return text.strip()
    return re.sub(r"\s+", " ", _NOT_XML.sub("", text)).strip()
