"""The one place where untrusted seed text is made inert for Markdown and HTML."""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urlsplit

SAFE_SCHEMES = {"http", "https", "mailto"}
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]#|~!$^])")
_LINE_START = re.compile(r"^(\s*)([-+=>:]|\d+(?=[.)]))")


class Markdown(str):
    """Markdown the generator built itself: templates output it without escaping."""

    __slots__ = ()


def escape_inline(text: str) -> str:
    """Escape a piece of a line; whitespace runs (newlines too) become one space, edges kept."""
    text = re.sub(r"\s+", " ", text)
    return html.escape(_MARKDOWN_SPECIALS.sub(r"\\\1", text), quote=False)


def escape_line_start(markdown: str) -> Markdown:
    """Stop a line from starting a list, quote, heading or table row."""
    return Markdown(_LINE_START.sub(r"\1\\\2", markdown))


def escape_markdown(value: object) -> Markdown:
    """Seed text -> Markdown that renders as exactly that text: no markup, HTML or templates."""
    if isinstance(value, Markdown):
        return value
    if value is None:
        return Markdown("")
    return escape_line_start(escape_inline(str(value).strip()))


def is_safe_url(url: str) -> bool:
    parts = urlsplit(url.strip())
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
