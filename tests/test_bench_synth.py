"""The benchmark's synthetic corpus: deterministic, parseable, and shaped like real seeds."""

from __future__ import annotations

import collections
import random
import sys

import pytest
from conftest import REPO

from generator.parse import parse_seed

sys.path.insert(0, str(REPO / "bench"))
import synth

N = 40


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("synth")
    return {path.name: path.read_text(encoding="utf-8") for path in synth.synthesise(N, folder)}


def test_same_seed_gives_identical_files(seeds, tmp_path):
    again = {path.name: path.read_text(encoding="utf-8") for path in synth.synthesise(N, tmp_path)}
    assert again == seeds


def test_another_seed_gives_another_corpus(seeds, tmp_path):
    other = {p.name: p.read_text(encoding="utf-8") for p in synth.synthesise(N, tmp_path, seed=synth.DEFAULT_SEED + 1)}
    assert other != seeds


def test_seeds_have_the_raw_features_of_real_ones(seeds):
    texts = list(seeds.values())
    assert all(t.startswith("# ") for t in texts)
    assert all("Original url:\n\n<https://" in t for t in texts)
    assert all(" **" in t.split("\n")[6] and t.split("\n")[6].endswith("**") for t in texts)  # caption + credit
    assert sum("](#)" in t.replace("**Related article:** [", "") for t in texts) > N / 2  # dead links
    assert sum("**Related article:** [" in t for t in texts) > N / 3
    assert sum("contributed reporting.*" in t for t in texts) > N / 4


def test_every_seed_parses_with_date_caption_and_about_800_words(seeds):
    for name, text in seeds.items():
        article = parse_seed(text, name)
        assert article.title and article.date is not None, name
        assert article.photo_credit and article.caption, name
        assert article.source_url.startswith("https://"), name
        assert 550 <= article.word_count <= 1100, (name, article.word_count)
        assert "](#)" not in article.text and "**" not in article.text, name


def test_broken_paragraphs_are_rejoined_by_the_parser(seeds):
    for name, text in seeds.items():
        article = parse_seed(text, name)
        assert not any(p.text[:1].islower() for p in article.paragraphs), name


def test_related_lines_name_other_synthetic_articles(seeds):
    titles = {parse_seed(text, name).title for name, text in seeds.items()}
    named = [t for name, text in seeds.items() for t in parse_seed(text, name).related_titles]
    assert named and sum(t in titles for t in named) > len(named) / 2


def test_people_recur_with_role_first_and_surname_later():
    rng = random.Random(1)
    world = synth.build_world(rng)
    assert len(world.people) + len(world.organisations) + len(world.places) >= 300
    story = synth.Storyline("talks", synth.FIRST_DAY, 10, [0, 1], [0], [0])
    mentions = synth._Mentions(world, rng, story)
    first = [mentions.person() for _ in range(30)]
    person = world.people[0]
    assert person.name in " ".join(first)
    assert first.count(person.surname) >= 1  # later mentions: surname only


def test_entity_frequency_is_skewed(seeds):
    counts = collections.Counter()
    world = synth.build_world(random.Random(synth.DEFAULT_SEED))
    for text in seeds.values():
        for person in world.people[:50]:
            if person.surname in text:
                counts[person.surname] += 1
    top = [c for _, c in counts.most_common()]
    assert top and top[0] >= 4 * top[len(top) // 2]
