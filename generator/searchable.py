"""What a page offers to the search index: the markings in its HTML that Pagefind reads (search.py).

Pagefind reads the built HTML in site_dir, so it indexes whatever built the pages (plain `mkdocs
build`, `mkdocs serve`, or pages rendered in other processes). Three markings in the HTML decide
what it sees:

- `data-pagefind-body` on the page's content (`mark_searchable`): a page without it (front matter
  `search: {exclude: true}`, the 404 page) is left out of the index entirely;
- `data-pagefind-ignore="all"` on every block of a section whose heading carries
  `data-search-exclude` (`SectionExclusion`, a Markdown extension), the rule Material's search
  plugin applied: the heading's section runs to the next heading;
- every element carrying `data-search-exclude` (those headings, a chart) is ignored through an
  exclude selector, so the headings themselves are left as they were.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

from .errors import BriefingError

EXCLUDE = "data-search-exclude"  # on a heading in Markdown: `## Related articles { data-search-exclude }`
IGNORE = "data-pagefind-ignore"
BODY = "data-pagefind-body"
# Besides the marked sections: any element marked like a heading (a chart's <figure>), and the
# permalink sign Python-Markdown's toc extension puts in every heading.
EXCLUDE_SELECTORS = (f"[{EXCLUDE}]", ".headerlink")
# The element of Material's base.html (9.x) around the page's content: its <article>, and the
# breadcrumbs when navigation.path is on (a <nav>, which Pagefind skips by itself).
CONTENT = '<div class="md-content" data-md-component="content">'
HEADINGS = frozenset(f"h{level}" for level in range(1, 7))
# A start tag and its attributes (quoted values may hold ">"), then its end: the tag a raw HTML block opens
# with. A block that opens with a comment or text is left as it is.
_ATTRIBUTE = r"""\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?"""
_FIRST_TAG = re.compile(rf"^(\s*<[A-Za-z][\w:-]*(?:{_ATTRIBUTE})*)(\s*/?>)")


def is_searchable(meta: Mapping) -> bool:
    """False for a page whose front matter says `search: {exclude: true}` (Material's own switch)."""
    search = meta.get("search")
    return not (isinstance(search, Mapping) and search.get("exclude"))


def mark_searchable(html: str, where: str) -> str:
    """The page's HTML with its content marked as what Pagefind indexes. `where` names the page in errors."""
    if CONTENT not in html:
        raise BriefingError(
            f"{where}: no {CONTENT} in the built page, so search cannot index it "
            "(the theme's base.html differs from Material 9's)"
        )
    return html.replace(CONTENT, f"{CONTENT[:-1]} {BODY}>", 1)


class SectionExclusion(Extension):
    """Marks the blocks of each `data-search-exclude` section `data-pagefind-ignore="all"`.

    Pagefind's ignore attribute covers one element and its children, while a Markdown section is a
    run of sibling blocks after its heading; marking them here, on the tree Python-Markdown already
    holds, costs no second parse of the HTML."""

    def extendMarkdown(self, md: Markdown) -> None:
        # After attr_list (8), which turns `{ data-search-exclude }` into the attribute.
        md.treeprocessors.register(_ExcludedSections(md), "briefing_search_exclusion", 7)


class _ExcludedSections(Treeprocessor):
    def run(self, root: ET.Element) -> None:
        excluded = False
        for block in root:
            if block.tag in HEADINGS:
                excluded = EXCLUDE in block.attrib  # the heading itself: EXCLUDE_SELECTORS
            elif excluded:
                self._ignore(block)

    def _ignore(self, block: ET.Element) -> None:
        placeholder = HTML_PLACEHOLDER_RE.fullmatch((block.text or "").strip()) if block.tag == "p" else None
        if placeholder is None or len(block):
            block.set(IGNORE, "all")
            return
        # A raw HTML block (an SVG graph) stands in the tree as <p>placeholder</p> until the end:
        # mark its own first tag, which takes the paragraph's place in the output (at the end of
        # the tag's attributes, as the serializer's lexical order puts them on the others).
        stash = self.md.htmlStash.rawHtmlBlocks
        index = int(placeholder.group(1))
        raw = stash[index]
        if isinstance(raw, ET.Element):
            raw.set(IGNORE, "all")
        else:
            stash[index] = _FIRST_TAG.sub(rf'\1 {IGNORE}="all"\2', str(raw), count=1)
