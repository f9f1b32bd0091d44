"""escape.py: seed text becomes Markdown that renders as exactly that text, and only safe links."""

from __future__ import annotations

import markdown
import pytest

from generator.escape import escape_html, escape_markdown, is_safe_url, link, markdown_url

UNSAFE_URLS = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html,x", "vbscript:x"]
UNSAFE_URLS += ["/relative", "#", "", "http://[bad", "file:///etc/passwd"]
MD = markdown.Markdown(extensions=["toc", "tables", "fenced_code", "attr_list", "admonition"])


def rendered(text: str) -> str:
    return MD.reset().convert(escape_markdown(text))


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("Costs $5 ^ 2 ~ 3", "<p>Costs $5 ^ 2 ~ 3</p>"),  # no stray backslashes
        ("1999. That year", "<p>1999. That year</p>"),  # not a numbered list
        ("2) second", "<p>2) second</p>"),
        ("- not a list", "<p>- not a list</p>"),
        ("+ not a list", "<p>+ not a list</p>"),
        ("> not a quote", "<p>&gt; not a quote</p>"),
        ("# not a heading", "<p># not a heading</p>"),
        ("--- not a rule", "<p>--- not a rule</p>"),
        ("***", "<p>***</p>"),
        ("!!! note", "<p>!!! note</p>"),
        ("a | b", "<p>a | b</p>"),
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ("&lt;b&gt; &amp;", "<p>&amp;lt;b&amp;gt; &amp;amp;</p>"),
        ("{{ x }} {% y %}", "<p>{{ x }} {% y %}</p>"),
        ("text {: onclick=alert(1) }", "<p>text {: onclick=alert(1) }</p>"),
        ("[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>"),
        ("`code` *em* _em_ \\", "<p>`code` *em* _em_ \\</p>"),
        ("bell\x07 and \x02stash\x03", "<p>bell and stash</p>"),
        ("    indented code", "<p>indented code</p>"),
    ],
)
def test_seed_text_renders_literally(text, html):
    assert rendered(text) == html


@pytest.mark.parametrize(
    "url",
    UNSAFE_URLS,
)
def test_unsafe_urls_are_not_links(url):
    assert not is_safe_url(url)
    assert markdown_url(url) == ""
    assert link("label", url) == "label"


def test_safe_url_cannot_break_out_of_the_link():
    out = MD.reset().convert(link("x", 'https://example.org/a b>"<script>'))
    assert out == '<p><a href="https://example.org/a%20b%3E%22%3Cscript%3E">x</a></p>'


def test_escape_html_for_front_matter_titles():
    assert escape_html('</title><script>alert("x")</script>\n& more') == (
        "&lt;/title&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more"
    )
