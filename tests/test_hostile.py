"""A seed full of attacks builds into a site where all of it is inert text or gone.

tests/fixtures/hostile.txt holds the attacks (tags, scripts, event handlers, iframes, styles,
javascript:/data: links, Markdown, attr_list and Jinja syntax, a `---` line, hostile front matter);
the browser tests reuse it to check that no dialog opens.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser

import pytest
import yaml
from conftest import FIXTURES, SEED, build_site, indexed_pages, make_seeds

HOSTILE = (FIXTURES / "hostile.txt").read_text(encoding="utf-8")
# The same attacks, with the title coming from front matter instead of the `#` line.
HOSTILE_FM_TITLE = HOSTILE.replace(
    "---\nsource:", "---\ntitle: \"</title><script>alert('fm-title')</script><b onclick=alert(1)>FM\"\nsource:", 1
)
HOSTILE_NAME = "<img src=x onerror=alert('file-name')> {{ 7*7 }}.txt"
BAD_SCHEMES = re.compile(r"^\s*(?:javascript|data|vbscript):", re.IGNORECASE)


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside <script> elements."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)


def assert_inert(markup: str, baseline: str | None = None) -> Elements:
    page = Elements(markup)
    for tag, attrs in page.tags:
        assert tag not in {"iframe", "object", "embed", "frame", "frameset", "base", "applet"}, tag
        handlers = [name for name in attrs if name.lower().startswith("on")]
        assert not handlers, f"<{tag}> has {handlers}"
        for name in ("href", "src", "action", "formaction", "xlink:href"):
            assert not BAD_SCHEMES.match(attrs.get(name, "")), f"<{tag} {name}={attrs[name]!r}>"
    assert not any("alert" in script for script in page.scripts), "a seed's script is in the page"
    if baseline is not None:
        clean = Elements(baseline)
        for kind in ("script", "style", "link", "meta", "form", "svg", "img", "input", "button", "details"):
            count = sum(1 for tag, _ in page.tags if tag == kind)
            assert count == sum(1 for tag, _ in clean.tags if tag == kind), f"extra <{kind}> from the seed"
    return page


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile")
    seeds = make_seeds(
        work / "seeds",
        SEED,
        **{
            "hostile.txt": HOSTILE,
            "hostile_fm_title.txt": HOSTILE_FM_TITLE,
            HOSTILE_NAME: "June 2, 2025\n\nA seed without a title: it is named after its file.\n",
        },
    )
    return build_site(seeds, work)


@pytest.fixture(scope="module")
def pages(site):
    data = json.loads((site / "briefing.json").read_text(encoding="utf-8"))
    by_seed = {a["seed"]: (site / a["url"] / "index.html").read_text(encoding="utf-8") for a in data["articles"]}
    return by_seed


def test_briefing_pages_are_inert(pages):
    clean = pages[SEED.name]
    for name in ("hostile.txt", "hostile_fm_title.txt"):
        page = assert_inert(pages[name], baseline=clean)
        text = html.unescape("".join(page.text))
        # What the reader sees is the seed's text, literally.
        assert "<script>alert('body-script')</script>" in text
        assert '{{ config.site_name }} and {% include "base.html" %} and {# comment #} and ${7*7}' in text
        assert "{: onclick=\"alert('attr-list')\" }" in text
        assert "!!! danger" in text
        # A real link survives; hostile ones do not.
        assert '<a href="https://example.org/safe">safe link</a>' in pages[name]


def test_titles_are_escaped_in_head_header_and_heading(pages):
    hostile = pages["hostile.txt"]
    assert "<title>Hostile &lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt; {{ 7*7 }}" in hostile
    fm = pages["hostile_fm_title.txt"]
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(&#x27;fm-title&#x27;)&lt;/script&gt;" in fm
    assert "<script>alert(" not in hostile and "<script>alert(" not in fm


def test_a_hostile_file_name_is_inert_text(pages):
    page = assert_inert(pages[HOSTILE_NAME], baseline=pages[SEED.name])
    assert "Img src x onerror alert file name 7 7" in html.unescape("".join(page.text))


def test_home_timeline_and_entity_index_are_inert(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Hostile &lt;script&gt;" in home
    for path in ("index.html", "timeline/index.html", "entities/index.html", "404.html"):
        assert_inert((site / path).read_text(encoding="utf-8"))


def test_every_page_of_the_site_is_inert(site):
    """Entity pages and anything else built from seed text, too."""
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        assert_inert(page.read_text(encoding="utf-8"))


def test_search_index_holds_the_seeds_markup_as_the_text_a_reader_sees(site):
    """Pagefind indexes text, and the header search puts it in the page as text (briefing-search.js;
    the reader test types "Hostile" in it): the index holds the seed's tags as the characters shown."""
    index = indexed_pages(site)
    hostile = {url: page for url, page in index.items() if "alert(" in page.title + page.text}
    assert hostile, "the hostile pages are searchable"
    for url, page in hostile.items():
        shown = Elements((site / url / "index.html").read_text(encoding="utf-8"))
        assert page.title in "".join(shown.text), url  # the title as the page shows it, not markup
    assert any("<script>alert('title')</script>" in page.title for page in hostile.values())


def test_generated_markdown_front_matter_is_only_the_expected_fields(site):
    docs = site.parent / "docs" / "briefings"
    for page in docs.glob("*hostile*.md"):
        front = yaml.safe_load(page.read_text(encoding="utf-8").split("---\n")[1])
        assert set(front) <= {"title", "description", "date", "source", "source_url", "seed", "entities"}
        assert "<" not in front["title"]
        assert "<" not in front.get("description", "")
        assert "source_url" not in front  # javascript: URL dropped, and the footer URL was not http(s)-clean


def test_hostile_seed_warns_about_the_dropped_url(tmp_path, monkeypatch):
    from generator.pipeline import generate

    monkeypatch.chdir(tmp_path)
    seeds = make_seeds(tmp_path / "seeds", **{"hostile.txt": HOSTILE})
    result = generate(seeds, tmp_path / "docs")
    assert "seeds/hostile.txt: source URL \"javascript:alert('fm-source-url')\" is not an http(s) address; dropped" in (
        result.warnings
    )
