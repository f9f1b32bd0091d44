"""Search (generator/search.py): what stays out of the Pagefind index, and the index a build leaves in site/."""

from __future__ import annotations

import re
import shutil
import stat
import textwrap
import threading
import time
from pathlib import Path

import markdown
import material
import pytest
from conftest import REPO, SEED, build_site, indexed_pages, make_seeds

from generator import searchable
from generator.errors import BriefingError
from generator.search import BackgroundIndex, IndexReport, index_site
from generator.searchable import SectionExclusion, is_searchable, mark_searchable

IGNORED = 'data-pagefind-ignore="all"'
MATERIAL = Path(material.__file__).resolve().parent / "templates"


def convert(text: str) -> str:
    md = markdown.Markdown(extensions=["attr_list", "toc", SectionExclusion()])
    return md.convert(textwrap.dedent(text))


def ignored(html: str) -> list[str]:
    """The opening tags Pagefind ignores (with their children): marked, or matched by the exclude selector."""
    return [tag for tag in re.findall(r"<[a-z][^>]*>", html) if IGNORED in tag or "data-search-exclude" in tag]


# --- what a page offers to the index ----------------------------------------------------------


def test_a_section_under_an_excluded_heading_is_ignored_to_the_next_heading():
    html = convert(
        """
        # Title

        Shown text.

        ## Related articles { data-search-exclude }

        Hidden paragraph.

        - hidden item

        <div class="graph"><svg><text>Hidden label</text></svg></div>

        ## Roles in the text

        Shown again.
        """
    )
    marked = ignored(html)
    assert [tag.split()[0] for tag in marked] == ["<h2", "<p", "<ul", "<div"]  # heading, text, list, raw HTML
    assert '<h2 data-search-exclude id="related-articles">' in html  # the heading as it was: the selector's
    assert '<div class="graph" data-pagefind-ignore="all">' in html  # the raw block's own tag, in place
    assert "<p>Shown text.</p>" in html and "<p>Shown again.</p>" in html
    assert IGNORED not in html.split('id="roles-in-the-text"', 1)[1]


def test_any_next_heading_ends_the_excluded_section_as_material_did():
    """Material's search ended a section at the next heading of any level: a sub-heading that is to be
    excluded too says so itself (the entity page's year headings do)."""
    html = convert(
        """
        ## Earlier articles { data-search-exclude }

        ### 2024 { data-search-exclude }

        - hidden

        ### 2023

        - shown
        """
    )
    assert len(ignored(html)) == 3  # the two headings and the list under the second
    assert IGNORED not in html.split('id="2023"', 1)[1]


def test_a_page_without_excluded_headings_is_unchanged():
    text = "# Title\n\nText with <b>inline HTML</b>.\n\n## Roles\n\n- one\n\n<div>raw</div>\n"
    plain = markdown.Markdown(extensions=["attr_list", "toc"]).convert(text)
    assert convert(text) == plain


@pytest.mark.parametrize(
    ("meta", "searchable"),
    [
        ({}, True),
        ({"title": "A page"}, True),
        ({"search": {"exclude": True}}, False),
        ({"search": {"exclude": False}}, True),
        ({"search": {"boost": 2}}, True),
        ({"search": "exclude"}, True),  # not Material's form: ignored, as Material ignores it
    ],
)
def test_front_matter_search_exclude_takes_a_page_out_of_the_index(meta, searchable):
    assert is_searchable(meta) is searchable


def test_the_content_is_marked_as_what_pagefind_indexes():
    page = '<header>x</header><div class="md-content" data-md-component="content"><article>y</article></div>'
    marked = mark_searchable(page, "a.md")
    assert marked.count("data-pagefind-body") == 1
    assert '<div class="md-content" data-md-component="content" data-pagefind-body>' in marked


def test_a_page_without_materials_content_element_is_an_error_naming_it():
    with pytest.raises(BriefingError) as error:
        mark_searchable("<html><body><article>y</article></body></html>", "briefings/x.md")
    message = str(error.value)
    assert message.startswith("briefings/x.md: ") and "\n" not in message


def test_the_header_is_materials_with_only_its_search_block_replaced():
    """partials/header.html is a copy of Material's (9.8.2): if Material's changes, so must the copy."""
    material = (MATERIAL / "partials" / "header.html").read_text(encoding="utf-8")
    ours = (REPO / "generator" / "theme" / "partials" / "header.html").read_text(encoding="utf-8")
    start = material.find('    {% if "material/search" in config.plugins %}')
    end = material.find("    {% if config.repo_url %}")
    assert 0 < start < end, "Material's partials/header.html no longer has its search block where it was"
    expected = material[:start] + '    {% include "partials/briefing-search.html" %}\n' + material[end:]
    assert ours.split("-#}\n", 1)[1] == expected.split("-#}\n", 1)[1], (
        "Material's partials/header.html changed: copy it again into generator/theme/partials/header.html "
        "with its search block replaced by the include of partials/briefing-search.html"
    )


def test_materials_page_has_the_content_element_search_marks():
    base = (MATERIAL / "base.html").read_text(encoding="utf-8")
    assert searchable.CONTENT in base, f"Material's base.html has no {searchable.CONTENT}: update searchable.CONTENT"
    assert 'id="__search"' in base, "Material's base.html lost the search toggle the header search opens"


# --- indexing -----------------------------------------------------------------------------------


def _fake_pagefind(folder: Path, script: str) -> Path:
    path = folder / "pagefind"
    path.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


def test_a_failing_pagefind_is_one_line_naming_the_site(tmp_path, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(_fake_pagefind(tmp_path, "echo 'Error: disk full' >&2; exit 3")))
    site = tmp_path / "site"
    site.mkdir()
    with pytest.raises(BriefingError) as error:
        index_site(site)
    assert str(error.value) == f"{site}: Pagefind failed to index the site: Error: disk full"


def test_a_pagefind_that_cannot_run_is_one_line_naming_the_site(tmp_path, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "missing" / "pagefind"))
    site = tmp_path / "site"
    site.mkdir()
    with pytest.raises(BriefingError) as error:
        index_site(site)
    assert str(error.value).startswith(f"{site}: cannot run Pagefind (") and "\n" not in str(error.value)


# --- a built site -------------------------------------------------------------------------------

CURATION = """\
---
title: Curation report
search:
  exclude: true
---

# Curation report

Zanzibarquux appears on this page only.
"""
NOTES = """\
# Notes

Plainwordalpha is searchable.

## Hidden part { data-search-exclude }

Secretwordbeta stays out of search.

## Shown part

Plainwordgamma is searchable again.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("search")
    (work / "docs").mkdir()
    (work / "docs" / "curation.md").write_text(CURATION, encoding="utf-8")
    (work / "docs" / "notes.md").write_text(NOTES, encoding="utf-8")
    return build_site(make_seeds(work / "seeds", SEED), work)


def test_the_build_leaves_pagefinds_bundle_in_the_site(site):
    bundle = site / "pagefind"
    for name in ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json"):
        assert (bundle / name).is_file(), name
    assert list(bundle.glob("wasm.*.pagefind")) and list(bundle.glob("index/*.pf_index"))
    pages = indexed_pages(site)
    html = {p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html")} - {"./"} | {""}
    # every page but the excluded ones (this test's and the curation report); not the 404 page either
    assert set(pages) == html - {"curation/", "entities/review/"}
    assert not (site / "search" / "search_index.json").exists()  # Material's search plugin is gone


def test_a_page_with_search_exclude_is_not_indexed(site):
    assert "Zanzibarquux" in (site / "curation" / "index.html").read_text(encoding="utf-8")  # built...
    pages = indexed_pages(site)
    assert "curation/" not in pages
    assert not [url for url, page in pages.items() if "Zanzibarquux" in page.text]  # ... but not found


def test_an_excluded_section_of_a_hand_written_page_is_not_indexed(site):
    notes = indexed_pages(site)["notes/"]
    assert notes.title == "Notes"
    assert "Plainwordalpha" in notes.text and "Plainwordgamma" in notes.text
    assert "Secretwordbeta" not in notes.text and "Hidden part" not in notes.text


def test_result_titles_are_the_pages_own(site):
    pages = indexed_pages(site)
    assert pages[""].title == "Briefings"  # the home page: not the site's name
    assert pages["entities/people/rustem-umerov/"].title == "Rustem Umerov"
    assert not [url for url, page in pages.items() if not page.title or "¶" in page.title + page.text]


def test_indexing_again_replaces_the_last_index(site, tmp_path):
    copy = shutil.copytree(site, tmp_path / "site")
    (copy / "notes" / "index.html").unlink()
    report = index_site(copy)
    assert report.pages == len(indexed_pages(site)) - 1
    assert "notes/" not in indexed_pages(copy)  # no fragment left from the last run


def test_while_serving_the_last_index_answers_until_the_new_one_is_in_place(site, tmp_path):
    copy = shutil.copytree(site, tmp_path / "site")
    results: list = []
    finished = threading.Event()
    background = BackgroundIndex(lambda result: (results.append(result), finished.set()))
    background.start(copy)
    assert finished.wait(60) and isinstance(results[-1], IndexReport), results
    first = sorted(p.name for p in (copy / "pagefind").rglob("*"))
    assert set(indexed_pages(copy)) == set(indexed_pages(site))

    shutil.rmtree(copy / "pagefind")  # what the next build's clean does; then that build adds a page
    shutil.copytree(copy / "notes", copy / "notes-2")
    finished.clear()
    background.start(copy)
    assert sorted(p.name for p in (copy / "pagefind").rglob("*")) == first  # the last index, at once
    assert finished.wait(60) and isinstance(results[-1], IndexReport), results
    assert "notes-2/" in indexed_pages(copy)  # then the new one
    background.cancel()


def test_a_new_build_stops_the_indexing_still_running(site, tmp_path, monkeypatch):
    copy = shutil.copytree(site, tmp_path / "site")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(_fake_pagefind(tmp_path, "exec sleep 30")))
    results: list = []
    background = BackgroundIndex(results.append)
    background.start(copy)
    started = time.monotonic()
    background.cancel()
    assert time.monotonic() - started < 10 and results == []  # killed, and not reported as a failure
    assert not (copy / ".pagefind-last").exists()
