"""The failure classes seen on real wire copy (issue 12, section 4), each as a general rule.

The snippets are short sentences in the style of the Reuters copy where each class showed up; the
measure on real text is `make eval-conll` (CoNLL-2003) and `make eval` (the sample corpus).
"""

from __future__ import annotations

import pytest

from generator.entities import link_entities
from generator.parse import parse_seed


def entities(*bodies: str) -> dict[str, str]:
    """Name -> type of every entity the articles link, each body an article of its own."""
    articles = [parse_seed(f"# Report {i}\n\nJune 2, 2025\n\n{body}\n", f"{i}.txt") for i, body in enumerate(bodies)]
    links = link_entities(articles)
    return {entity.name: entity.type for entity in links.entities}


def aliases(*bodies: str) -> set[str]:
    articles = [parse_seed(f"# Report {i}\n\nJune 2, 2025\n\n{body}\n", f"{i}.txt") for i, body in enumerate(bodies)]
    return {alias for entity in link_entities(articles).entities for alias in entity.aliases}


def test_ordinary_words_never_become_short_forms_of_a_name():
    found = aliases(
        "German I beat Italy on Sunday. I think it was fair, the coach said.",
        "King Baudouin I opened the session. Later I spoke to him.",
        "Premier League side Sheffield United lost. The League said nothing.",
    )
    assert not found & {"I", "G", "League", "Date", "Select", "Two"}


@pytest.mark.parametrize(
    ("line", "place"),
    [
        ("LONDON 1996-08-22 - Shares fell in early trade.", "London"),
        ("KYIV, June 2 (Reuters) - Ukraine said the talks would go on.", "Kyiv"),
        ("NEW YORK 1996-08-22 - Stocks rose on Wall Street.", "New York"),
    ],
)
def test_a_dateline_in_capitals_is_the_place_as_it_is_written_elsewhere(line, place):
    assert entities(line)[place] == "place"


def test_a_city_that_plays_is_its_club_a_country_stays_a_country():
    found = entities(
        "Liverpool beat Barcelona 3-0 on Tuesday. Barcelona coach Hansi Flick was angry.",
        "Japan beat Syria 2-1 in the Asian Cup.",
    )
    assert found["Liverpool"] == found["Barcelona"] == "organisation"
    assert found["Japan"] == found["Syria"] == "place"


def test_agencies_and_international_bodies_are_organisations_regions_are_places():
    found = entities("Reuters reported that the United Nations would meet. South Korea and the West Indies agreed.")
    assert found["Reuters"] == found["United Nations"] == "organisation"
    assert found["South Korea"] == found["West Indies"] == "place"


def test_headings_labels_and_capitalised_months_are_not_names():
    found = entities("Standings after Sunday's games:\n\nGroup A\n\nDECEMBER\n\nChoice of venue was left open.")
    assert not found


def test_a_word_that_only_says_what_the_name_is_stays_outside_it():
    found = entities("Defender Hassan Abbas scored twice. Hosts UAE lost to Japan.")
    assert found["Hassan Abbas"] == "person"
    assert found["UAE"] == "organisation"
    assert not any(name.startswith(("Defender", "Hosts")) for name in found)


def test_and_inside_the_name_of_an_organisation_but_not_between_two_names():
    found = entities(
        "The National Security and Defense Council met. The Russian Union of Industrialists and "
        "Entrepreneurs objected. Russia and Ukraine said nothing."
    )
    assert found["National Security and Defense Council"] == "organisation"
    assert found["Russian Union of Industrialists and Entrepreneurs"] == "organisation"
    assert found["Russia"] == found["Ukraine"] == "place"


def test_a_first_name_an_initial_or_a_team_name_says_what_a_new_name_is():
    found = entities(
        "Phil Simmons took four wickets. D. Bicknell made 50. The Atlanta Braves won again.",
    )
    assert found["Phil Simmons"] == found["D. Bicknell"] == "person"
    assert found["Atlanta Braves"] == "organisation"


def test_a_dateline_is_read_in_the_first_paragraphs_whatever_comes_before_them():
    article = parse_seed(
        "# Talks\n\nJune 2, 2025\n\nDelegates at the talks. **Jane Doe / AP**\n\n"
        "ZORIVKA, June 2 (Reuters) - Ukraine said the talks would go on.\n\n*Reuters contributed reporting.*\n",
        "t.txt",
    )
    assert article.caption and article.credit  # the caption and credit lines come first in the parts
    found = {e.name.casefold(): e.type for e in link_entities([article]).entities}
    assert found["zorivka"] == "place"  # in no gazetteer: the dateline alone says it
