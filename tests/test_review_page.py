"""The curation report as a page of the built site (entities/review.md): what it lists on the real seed
and our corpus, linked from the entity index, kept out of search, bounded, and inert whatever the names."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import markdown
import pytest
import yaml
from conftest import SEED, build_site, corpus_files, indexed_pages, make_seeds
from test_curation import ARTICLES
from test_hostile import assert_inert

from generator.curation import MAX_PER_KIND, format_report
from generator.pipeline import generate

REVIEW = Path("entities") / "review.md"
SECTIONS = ("Likely duplicates", "Types the text contradicts", "Named only once", "Short forms that name more")
EXTRA = {f"{name}.txt": f"# {name}\n\nJune 2, 2025\n\n{body}\n" for name, body in ARTICLES.items()}


def _page(tmp_path: Path, *sources: Path, **texts: str) -> tuple[str, object]:
    result = generate(make_seeds(tmp_path / "seeds", *sources, **texts), tmp_path / "docs")
    return (tmp_path / "docs" / REVIEW).read_text(encoding="utf-8"), result


def _code_blocks(page_html: str) -> list[str]:
    return [html.unescape(block) for block in re.findall(r"<pre><code>(.*?)</code></pre>", page_html, re.S)]


def test_on_the_seed_it_lists_the_names_seen_once_and_says_the_rest_is_empty(tmp_path):
    page, result = _page(tmp_path, SEED)
    assert (
        page.startswith("---\n") and "\nsearch:\n  exclude: true\n---\n" in page
    )  # Material's (and Pagefind's) own key
    front = yaml.safe_load(page.split("---\n")[1])
    assert front["search"] == {"exclude": True} and front["title"] == "What to check in the names"
    assert page.count("None found.") == 3  # no duplicates, contradicted types or ambiguous short forms here
    singles = [f for f in result.corpus.review.findings if f.kind == "single"]
    assert f"## Named only once ({len(singles)})" in page
    assert "- [Alexander Ryumin](people/alexander-ryumin.md): person, named once in all the articles" in page
    assert "\n        ignore: [Alexander Ryumin]\n" in page  # an indented code block inside the list item
    index = (tmp_path / "docs" / "entities" / "index.md").read_text(encoding="utf-8")
    assert "[What to check](review.md)" in index


def test_on_our_corpus_the_names_seen_once_are_those_mentioned_once(tmp_path):
    page, result = _page(tmp_path, SEED, *corpus_files())
    data = json.loads((tmp_path / "docs" / "briefing.json").read_text(encoding="utf-8"))
    mentions: dict[str, int] = {}
    for article in data["articles"]:
        for entity in article["entities"]:
            mentions[entity["id"]] = mentions.get(entity["id"], 0) + entity["mentions"]
    once = {entity_id for entity_id, n in mentions.items() if n == 1}
    listed = {f.ids[0] for f in result.corpus.review.findings if f.kind == "single"}
    assert listed == once and len(listed) < MAX_PER_KIND
    for entity_id in listed:
        assert f"]({entity_id}.md)" in page


def test_duplicates_and_ambiguous_short_forms_each_come_with_their_entry(tmp_path):
    page, result = _page(tmp_path, SEED, *corpus_files(), **EXTRA)
    assert (
        "- [Kyiv](places/kyiv.md) / [Kiev](places/kiev.md): two place pages, 2 letters apart" in page
    )  # Kyiv: named most
    assert "- “Adams” / [Karina Adams](people/karina-adams.md) / [Paul Adams](people/paul-adams.md): " in page
    rendered = markdown.markdown(page.split("---\n", 2)[2], extensions=["admonition", "attr_list", "toc"])
    entries = [f.entry for f in result.corpus.review.findings]
    assert _code_blocks(rendered) == [entry + "\n" for entry in entries]  # each entry exactly, ready to copy
    assert [page.index(f"## {title}") for title in SECTIONS] == sorted(page.index(f"## {t}") for t in SECTIONS)


def test_a_large_corpus_makes_a_bounded_page_that_says_how_many_more(tmp_path):
    syllables = ["ka", "lo", "mi", "ru", "te", "vo", "zan", "bel"]
    names = [(a + b + c).capitalize() for a in syllables for b in syllables for c in syllables]
    texts = {
        f"many{k}.txt": f"# Many {k}\n\nJune 2, 2025\n\n"
        + " ".join(f"Officials said Minister Anna {name} arrived." for name in names[k::4])
        + "\n"
        for k in range(4)
    }
    page, result = _page(tmp_path, **texts)
    totals = dict(result.corpus.review.totals)
    assert totals["single"] > 2 * MAX_PER_KIND
    assert page.count("        ignore: [") == MAX_PER_KIND
    assert f"And {totals['single'] - MAX_PER_KIND:,} more, not listed here" in page
    assert len(page.encode()) < 60_000


# Names from seeds (and the registry), hostile to Markdown, HTML, Jinja and YAML alike.
HOSTILE_NAMES = {
    "<script>alert('review')</script>": "person",
    "{{ 7*7 }} {% if true %}Jinja": "organisation",
    "- Dash: Name #c": "organisation",
    "'Quote \"Double & @at !tag %dir": "organisation",
    "Kyiv <b onclick=alert(1)>": "place",
    "Kyiv <i onclick=alert(1)>": "place",
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("review-hostile")
    registry = {"entities": [{"name": name, "type": kind} for name, kind in HOSTILE_NAMES.items()]}
    text = "# Names\n\nJune 2, 2025\n\n" + " ".join(f"Officials said {name} met them." for name in HOSTILE_NAMES)
    seeds = make_seeds(work / "seeds", SEED, **{"names.txt": text + "\n", "entities.yml": yaml.safe_dump(registry)})
    return build_site(seeds, work, strict=True)


def test_hostile_names_are_inert_on_the_page_and_their_entries_paste_back_as_written(hostile_site):
    docs = hostile_site.parent / "docs"
    review = generate(docs.parent / "seeds", docs).corpus.review
    listed = {name for finding in review.findings for name in finding.names}
    assert set(HOSTILE_NAMES) <= listed, set(HOSTILE_NAMES) - listed
    page = (hostile_site / "entities" / "review" / "index.html").read_text(encoding="utf-8")
    shown = assert_inert(page)
    assert not any(tag in ("b", "i") for tag, _ in shown.tags)
    text = html.unescape("".join(shown.text))
    assert "<script>alert('review')</script>" in text and "{{ 7*7 }} {% if true %}Jinja" in text
    pasted = [yaml.safe_load(block) for block in _code_blocks(page)]
    assert pasted == [yaml.safe_load(f.entry) for f in review.findings]
    ignored = {name for entry in pasted for name in entry.get("ignore", [])}
    assert set(HOSTILE_NAMES) <= ignored  # each is named once; "- Dash: Name #c" stays one string
    merged = [entry["entities"][0] for entry in pasted if "aliases" in entry.get("entities", [{}])[0]]
    assert {merged[0]["name"], *merged[0]["aliases"]} == {"Kyiv <b onclick=alert(1)>", "Kyiv <i onclick=alert(1)>"}
    assert format_report(review).count("alert('review')") == 2  # the command prints the same names, raw


def test_the_built_page_is_reachable_and_out_of_search(hostile_site):
    index = (hostile_site / "entities" / "index.html").read_text(encoding="utf-8")
    assert 'href="review/"' in index
    page = (hostile_site / "entities" / "review" / "index.html").read_text(encoding="utf-8")
    assert "<h1" in page and page.count("<h2") == 4
    indexed = indexed_pages(hostile_site)  # Pagefind's index
    assert not [url for url in indexed if url.startswith("entities/review/")]
    assert any(url.startswith("entities/") for url in indexed)  # other entity pages are


def test_a_hand_written_page_in_its_place_is_never_overwritten(tmp_path):
    docs = tmp_path / "docs"
    (docs / "entities").mkdir(parents=True)
    (docs / REVIEW).write_text("# My own notes\n", encoding="utf-8")
    result = generate(make_seeds(tmp_path / "seeds", SEED), docs)
    assert (docs / REVIEW).read_text(encoding="utf-8") == "# My own notes\n"
    assert any("entities/review.md: was not written by the generator" in warning for warning in result.warnings)
