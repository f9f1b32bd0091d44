"""slug_for: readable ASCII URLs; a long title is cut at a word boundary that still reads."""

from __future__ import annotations

import pytest
from conftest import SEED_TITLE
from slugify import slugify

from generator.slugs import MAX_SLUG_LENGTH, STOP_WORDS, cut_slug, slug_for, unique_slugs

LONG_TITLES = [
    SEED_TITLE,
    "Ministers of Five Countries Agree on a Framework for Talks but Not on a Date or on Who Will Chair",
    "Moscow Opens Three New Stations on the Big Circle Line of the Metro in Time for the Start of the School Year",
    "European Leaders Gather in London to Discuss Security Guarantees for Ukraine and the Future of the Coalition",
]


def test_the_real_seeds_long_title_is_cut_after_a_word_that_reads():
    slug = slug_for(SEED_TITLE)
    assert len(slug) <= MAX_SLUG_LENGTH == 80
    assert slug == "russia-and-ukraine-agree-to-new-prisoner-exchange-after-second-round-of-talks"  # not "...-talks-no"


def test_a_cut_ending_on_stop_words_drops_them():
    title = LONG_TITLES[1]  # 80 characters reach "...-on-a-date-or"
    assert slug_for(title) == "ministers-of-five-countries-agree-on-a-framework-for-talks-but-not-on-a-date"
    assert cut_slug("talks-resume-in-the-spring", 17) == "talks-resume"  # "in-the" dropped
    assert cut_slug("talks-resume-in-the-spring", 17) == cut_slug("talks-resume-in-the-spring", 19)


@pytest.mark.parametrize("title", LONG_TITLES)
def test_a_cut_slug_is_the_longest_run_of_leading_words_that_fits_and_reads(title):
    every = slugify(title).split("-")  # all the title's words, uncut
    words = slug_for(title).split("-")
    assert len("-".join(words)) <= MAX_SLUG_LENGTH
    assert words == every[: len(words)]  # leading words, in order, none skipped (python-slugify skips some)
    assert words[-1] not in STOP_WORDS
    longer = [every[:n] for n in range(len(words) + 1, len(every) + 1)]
    assert not any(len("-".join(w)) <= MAX_SLUG_LENGTH and w[-1] not in STOP_WORDS for w in longer)


def test_a_title_that_fits_is_kept_whole_even_ending_on_a_short_word():
    assert slug_for("Who Is Behind It") == "who-is-behind-it"
    assert slug_for("Talks to Resume In") == "talks-to-resume-in"


def test_a_single_word_longer_than_the_cap_is_cut_to_the_cap():
    assert slug_for("A" + "b" * 200) == "a" + "b" * (MAX_SLUG_LENGTH - 1)


def test_a_cut_made_only_of_stop_words_keeps_them_rather_than_nothing():
    slug = slug_for("Of " * 60)
    assert slug and len(slug) <= MAX_SLUG_LENGTH and set(slug.split("-")) == {"of"}


def test_cyrillic_is_transliterated_and_empty_text_falls_back():
    assert slug_for("Россия и Украина договорились о новом обмене пленными") == (
        "rossiia-i-ukraina-dogovorilis-o-novom-obmene-plennymi"
    )
    assert slug_for("!!!", fallback="seed-name") == "seed-name"
    assert slug_for("", fallback="") == "untitled"


def test_unique_slugs_number_repeats_in_order():
    assert unique_slugs(["a", "b", "a", "a"]) == ["a", "b", "a-2", "a-3"]
