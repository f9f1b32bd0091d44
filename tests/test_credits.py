"""A credit line says who made an article, not what it is about. The photographer of "Alexander
Ryumin / TASS" and the agency of "Reuters contributed reporting." keep their pages and links, but
two articles are not related by a shared credit, and a credited name is not "mentioned with" the
people of the story, on its page or in the graphs."""

from __future__ import annotations

import re

import pytest

from generator.enrich import build_corpus
from generator.parse import parse_seed
from generator.render import render_site

CREDITED = """# {title}

June {day:02}, 2025

{caption} **Alexander Ryumin / TASS**

{body}

*Reuters contributed reporting.*

Original url:

<https://example.org/{seed}>
"""

TALKS = (
    "Ukraine's Defense Minister Rustem Umerov met Russian envoys in Istanbul for a second round of talks on "
    "a prisoner exchange, and Umerov said the memorandum would be studied in Kyiv."
)
METRO = (
    "Moscow Mayor Sergei Sobyanin opened three metro stations on the circle line, and Sobyanin promised "
    "commuters in Moscow new tram routes to the suburbs by the autumn."
)
HARVEST = "Farmers began the wheat harvest early this year after a warm spring and heavy rains in May."


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    seeds = [
        parse_seed(
            CREDITED.format(title="Talks in Istanbul", day=2, caption="Negotiators meet.", body=TALKS, seed="talks"),
            "talks.txt",
        ),
        parse_seed(
            CREDITED.format(title="New metro stations", day=3, caption="A new station.", body=METRO, seed="metro"),
            "metro.txt",
        ),
        # Unrelated articles: a credit in two articles of twenty is rare, and rare shared names weigh most.
        *(
            parse_seed(
                f"# Harvest {i}\n\nMay {i + 1:02}, 2025\n\n{HARVEST}\n\nOriginal url:\n\n<https://e.org/{i}>\n",
                f"h{i}.txt",
            )
            for i in range(18)
        ),
    ]
    corpus = build_corpus(seeds)
    assert {e.id for e in corpus.entities} >= {"people/alexander-ryumin", "organisations/tass", "organisations/reuters"}
    return render_site(corpus)


def _section(page: str, heading: str) -> str:
    """The text under a `## heading` of a generated page, up to the next one."""
    match = re.search(rf"^## {re.escape(heading)}\b.*\n((?:(?!## ).*\n?)*)", page, re.M)
    return match[1] if match else ""


def _briefing(pages: dict[str, str], title: str) -> str:
    (page,) = [text for path, text in pages.items() if path.startswith("briefings/") and f"# {title}" in text]
    return page


def test_articles_sharing_only_a_photographer_and_an_agency_are_not_related(pages):
    talks, metro = _briefing(pages, "Talks in Istanbul"), _briefing(pages, "New metro stations")
    assert "Alexander Ryumin" in talks and "Alexander Ryumin" in metro  # the credits are still shown
    assert "New metro stations" not in _section(talks, "Related articles")
    assert "Talks in Istanbul" not in _section(metro, "Related articles")


def test_a_credited_name_keeps_its_page_but_is_mentioned_with_nobody(pages):
    ryumin = pages["entities/people/alexander-ryumin.md"]
    assert "2 articles" in ryumin  # both of his photos
    assert _section(ryumin, "Often mentioned with") == ""
    for credited in ("entities/organisations/tass.md", "entities/organisations/reuters.md"):
        assert _section(pages[credited], "Often mentioned with") == ""
    companions = _section(pages["entities/people/rustem-umerov.md"], "Often mentioned with")
    assert "Istanbul" in companions  # the story's own places are
    assert not re.search(r"Ryumin|TASS|Reuters", companions)


def test_the_network_draws_no_line_to_a_credit(pages):
    network = pages["network.md"]
    lines = [line for line in network.splitlines() if line.startswith("- [")]
    assert lines, "the story's entities are still paired"
    assert not [line for line in lines if re.search(r"Ryumin|TASS|Reuters", line)]


def test_a_photographer_the_text_names_is_mentioned_with_the_story():
    text = CREDITED.format(
        title="Photographer detained",
        day=5,
        caption="A protest.",
        body="Police in Istanbul detained the photographer Alexander Ryumin, and Rustem Umerov called it a mistake.",
        seed="detained",
    )
    pages = render_site(build_corpus([parse_seed(text, "detained.txt")]))
    companions = _section(pages["entities/people/alexander-ryumin.md"], "Often mentioned with")
    assert "Rustem Umerov" in companions
    assert "TASS" not in companions and "Reuters" not in companions  # still only in the credits
