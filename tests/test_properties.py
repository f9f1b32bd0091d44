"""Properties over any input: the parser and decoder never fail unexpectedly, escaping is always inert."""

from __future__ import annotations

import contextlib
import re
import sys
from html.parser import HTMLParser

import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.dates import BadDate, date_line
from generator.errors import SeedError
from generator.escape import escape_markdown
from generator.model import Article
from generator.parse import parse_seed
from generator.seeds import decode_seed

# Lines that exercise the parser's rules, mixed with arbitrary text.
SEED_LINES = st.sampled_from(
    [
        "---",
        "...",
        "# Title",
        "## Sub",
        "#",
        "June 02, 2025",
        "2 June 2025",
        "February 30, 2025",
        "2025-06-02T14:35:00Z",
        "Monday, June 2, 2025 14:35",
        "title: x",
        "date: 2025-13-45",
        "related: [a, b]",
        "related: {a: 1}",
        "caption:",
        "source_url: javascript:alert(1)",
        "? complex key",
        "- item",
        "Caption. **Credit / Agency**",
        "**Related article:** [Title](#)",
        "Related: [x](javascript:alert(1))",
        "*Reuters contributed reporting.*",
        "_italic_",
        "Original url:",
        "Original url: https://www.themoscowtimes.com/x",
        "<https://example.org/a>",
        "<https://[bad>",
        "[text](#)",
        "[t](http://[::1)",
        "a sentence broken in the",
        "middle continues here.",
        "",
        "   ",
        "\ufeff",
        "\x00",
        "\r",
    ]
)
SEED_TEXT = st.lists(st.one_of(SEED_LINES, st.text(max_size=40)), max_size=30).map("\n".join)
MD = markdown.Markdown(extensions=["toc", "tables", "fenced_code", "attr_list", "admonition"])


def check_article(result: Article, name: str) -> None:
    assert result.title.strip()
    assert all(p.text.strip() for p in result.paragraphs)
    for warning in result.warnings:
        assert warning.startswith(name) and "\n" not in warning


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(text=st.one_of(st.text(), SEED_TEXT))
def test_parser_returns_an_article_or_a_seed_error(text):
    try:
        article = parse_seed(text, "seeds/x.txt")
    except SeedError as error:
        assert str(error).startswith("seeds/x.txt") and "\n" not in str(error)
        assert not text.strip("\ufeff \t\r\n\x00\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u2028\u2029") or "only" in str(error)
        return
    check_article(article, "seeds/x.txt")


@settings(max_examples=300, deadline=None)
@given(
    data=st.one_of(
        st.binary(),
        SEED_TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.binary().map(lambda b: b"\xef\xbb\xbf" + b),
    )
)
def test_decoder_returns_text_or_a_seed_error(data):
    try:
        text, notes = decode_seed(data, "seeds/x.txt")
    except SeedError as error:
        assert "\n" not in str(error)
        return
    assert isinstance(text, str)
    assert all(n.startswith("seeds/x.txt") and "\n" not in n for n in notes)


@given(line=st.one_of(st.text(max_size=100), SEED_LINES))
def test_date_line_returns_a_date_none_or_bad_date(line):
    with contextlib.suppress(BadDate):
        assert date_line(line) is None or date_line(line).year >= 1


class Tags(HTMLParser):
    def __init__(self, markup):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


PRINTABLE_TEXT = st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=80)
MARKUP_TEXT = st.lists(
    st.sampled_from(
        [
            "<",
            ">",
            "&",
            "*",
            "_",
            "`",
            "[",
            "]",
            "(",
            ")",
            "#",
            "!",
            "|",
            "{",
            "}",
            ":",
            "-",
            "+",
            "=",
            "\\",
            "1.",
            " ",
            "  ",
            "a",
            "script",
            "&amp;",
            "&#60;",
            "{:",
            "}",
            "http://x.org",
            "~~",
            "$",
            "^",
        ]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(PRINTABLE_TEXT, MARKUP_TEXT))
def test_escaped_text_renders_as_exactly_that_text(text):
    """Whatever a seed says, its escaped Markdown renders as one paragraph of that literal text."""
    rendered = MD.reset().convert(escape_markdown(text))
    page = Tags(rendered)
    assert set(page.tags) <= {"p"}, rendered
    expected = re.sub(r"\s+", " ", text).strip()
    assert "".join(page.text).strip() == expected, rendered  # the parser already decoded the entities


def test_parse_work_grows_linearly_with_the_article():
    """Count the parser's executed lines (not time) for an article and one four times longer."""

    def executed_lines(paragraphs: int) -> int:
        body = "\n\n".join(
            f"Paragraph {i} says [something](#) with **bold** text and a break in the" for i in range(paragraphs)
        )
        text = f"# Title\n\nJune 2, 2025\n\n{body}\n\nend.\n"
        count = 0

        def tracer(frame, event, arg):
            nonlocal count
            if frame.f_code.co_filename.endswith(("parse.py", "dates.py", "escape.py")):
                if event == "line":
                    count += 1
                return tracer
            return None

        sys.settrace(tracer)
        try:
            article = parse_seed(text, "x.txt")
        finally:
            sys.settrace(None)
        assert len(article.paragraphs) == 1  # every paragraph ends mid-sentence: all rejoined into one
        return count

    small, large = executed_lines(500), executed_lines(2000)
    assert large < 4.5 * small, (small, large)


PAGE_NAMES = st.sampled_from(["index.md", "timeline.md", "briefings/a.md", "briefings/b.md", "entities/p/x.md"])
USER_NAMES = st.one_of(PAGE_NAMES, st.just("notes.md"))
CONTENTS = st.sampled_from(["one\n", "two\n", "three\n"])
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("generate"), st.dictionaries(PAGE_NAMES, CONTENTS, max_size=5)),
        st.tuples(st.just("user writes"), USER_NAMES, CONTENTS),
        st.tuples(st.just("user deletes"), USER_NAMES),
    ),
    max_size=10,
)


@settings(max_examples=200, deadline=None)
@given(steps=STEPS)
def test_a_file_that_does_not_match_the_manifest_is_never_changed_or_deleted(steps):
    import tempfile
    from pathlib import Path

    from generator.write import digest, read_manifest, write_pages

    with tempfile.TemporaryDirectory() as folder:
        docs = Path(folder) / "docs"
        docs.mkdir()
        for step in steps:
            if step[0] == "user writes":
                (docs / step[1]).parent.mkdir(parents=True, exist_ok=True)
                (docs / step[1]).write_text(step[2])
                continue
            if step[0] == "user deletes":
                (docs / step[1]).unlink(missing_ok=True)
                continue
            manifest = read_manifest(docs)
            before = {p.relative_to(docs).as_posix(): p.read_bytes() for p in docs.rglob("*") if p.is_file()}
            report = write_pages(step[1], docs)
            for path, data in before.items():
                if path == ".briefing-manifest.json" or manifest.get(path) == digest(data):
                    continue  # ours, unchanged since we wrote it: may be replaced or removed
                assert (docs / path).read_bytes() == data, (path, report)
            for path, text in step[1].items():
                owned_before = path not in before or manifest.get(path) == digest(before[path])
                if owned_before:
                    assert (docs / path).read_text() == text
