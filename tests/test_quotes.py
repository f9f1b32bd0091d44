"""Who said what (issue 15, §1): quotes and their speakers on the real seed and on small texts, the
"Who said what" section of a built briefing, each person's quotes on their page, briefing.json."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import json

import pytest
from conftest import SEED, SEED_SLUG, build_site, make_seeds

from generator.enrich import build_corpus
from generator.model import Article, Paragraph, Span
from generator.parse import parse_seed
from generator.quotes import QUOTE_LIMIT, find_quotes, quote_spans
from generator.seeds import with_seed_name

UMEROV, MEDINSKY = "people/rustem-umerov", "people/vladimir-medinsky"


def article(*paragraphs: str, seed: str = "a.txt", day: int = 1) -> Article:
    return Article(
        seed=seed,
        title="Title",
        date=dt.date(2025, 6, day),
        paragraphs=tuple(Paragraph((Span(text),)) for text in paragraphs),
    )


def quotes_of(*paragraphs: str) -> list[tuple[str, str]]:
    """[(speaker id, quoted words)] of a one-article corpus, as the pipeline finds them."""
    (briefing,) = build_corpus([article(*paragraphs)]).briefings
    return [(quote.speaker, quote.text) for quote in briefing.quotes]


def plain(text: str) -> str:
    return text.replace("’", "'")


@pytest.fixture(scope="module")
def seed_briefing():
    parsed = parse_seed(SEED.read_text(encoding="utf-8"), str(SEED))
    (briefing,) = build_corpus([with_seed_name(parsed, SEED.name)]).briefings
    return briefing


# --- the real seed -------------------------------------------------------------------------------


def test_seed_quotes_umerov_and_medinsky(seed_briefing):
    said = {(quote.speaker, plain(quote.text)) for quote in seed_briefing.quotes}
    assert (UMEROV, "can be resolved only at the level of leaders") in said
    assert (UMEROV, "This is extremely important for making progress in the negotiation process") in said
    assert (MEDINSKY, "make a show") in said
    assert (MEDINSKY, "Unfortunately, something didn't work out so well.") in said


def test_seed_quotes_only_people_and_no_names_in_quotes(seed_briefing):
    texts = [plain(quote.text) for quote in seed_briefing.quotes]
    assert not any("Spider" in text for text in texts)  # the operation's name, not a statement
    assert "memoranda" not in texts and "open" not in texts  # single quoted words
    assert {quote.speaker for quote in seed_briefing.quotes} == {UMEROV, MEDINSKY}
    # "the White House said Trump is "open"": an organisation's word, not Trump's: left out.
    assert all(quote.speaker.startswith("people/") for quote in seed_briefing.quotes)


def test_seed_quotes_point_at_their_words(seed_briefing):
    paragraphs = seed_briefing.article.paragraphs
    for quote in seed_briefing.quotes:
        words = paragraphs[quote.paragraph].text[quote.start : quote.end]
        assert quote.text.rstrip(".") in words
        assert paragraphs[quote.paragraph].text[quote.start - 1] in '“"'
    # "He added ... by saying: “Unfortunately ...”" is paragraph 8; "He" is Medinsky of paragraph 7.
    (unfortunately,) = [q for q in seed_briefing.quotes if q.text.startswith("Unfortunately")]
    assert unfortunately.paragraph == 7


# --- small texts ---------------------------------------------------------------------------------


def test_told_reporters_after_the_quote():
    assert quotes_of("“We will meet again in June,” Rustem Umerov told reporters.") == [
        (UMEROV, "We will meet again in June")
    ]


def test_said_before_the_quote_and_said_name_after():
    assert quotes_of("Rustem Umerov said “the talks went well.”") == [(UMEROV, "the talks went well")]
    assert quotes_of("“The talks went well,” said Rustem Umerov.") == [(UMEROV, "The talks went well")]


def test_pronoun_is_the_person_last_named_in_this_or_the_previous_paragraph():
    found = quotes_of(
        "Rustem Umerov arrived in Istanbul on Monday.",
        "“We brought a list of children,” he said. He added: “This matters for the whole process.”",
    )
    assert found == [(UMEROV, "We brought a list of children"), (UMEROV, "This matters for the whole process.")]


def test_according_to_him():
    found = quotes_of("Vladimir Medinsky spoke for an hour. According to him, the talks were “very useful indeed.”")
    assert found == [(MEDINSKY, "very useful indeed")]


def test_pronoun_too_far_back_or_two_people_is_left_out():
    assert quotes_of("Rustem Umerov arrived.", "Nothing happened.", "“We are ready,” he said.") == []
    two = "Rustem Umerov met Vladimir Medinsky in Istanbul. “We are ready to talk,” he said."
    assert quotes_of(two) == []  # which of the two? never guessed


def test_no_speaker_is_left_out():
    assert quotes_of("“We are ready to talk,” the statement read.") == []
    assert quotes_of("The plan was described as “a real step forward” in the end.") == []
    assert quotes_of("“We are ready to talk.”") == []


def test_organisations_and_places_are_not_speakers():
    assert quotes_of("The Kremlin said “the talks were useful.”") == []
    assert quotes_of("Kyiv claimed that the strike “hit dozens of bombers.”") == []


def test_names_and_scare_quotes_are_not_statements():
    assert quotes_of("Rustem Umerov said the operation, dubbed “Spider’s Web,” was a success.") == []
    assert quotes_of("Rustem Umerov said the plan was “Free Russia.”") == []  # Title Case: a name
    assert quotes_of('Rustem Umerov said both sides drafted "memoranda" in May.') == []  # one word


def test_possessive_and_joint_subjects_are_left_out():
    assert quotes_of("Vladimir Putin's spokesman said “the talks were useful.”") == []
    assert quotes_of("Rustem Umerov and Vladimir Medinsky said “the talks were useful.”") == []


def test_quote_spans_pair_marks_and_cap_the_length():
    text = 'a “b c” d «e f» g "h i"'
    assert [text[start:end] for start, end in quote_spans(text)] == ["b c", "e f", "h i"]
    assert quote_spans("“" + "x" * (QUOTE_LIMIT + 1) + "”") == []
    assert quote_spans("“a “b c” d") == [(4, 7)]  # an opener seen again restarts: "b c"
    # Unmatched marks on a long paragraph: every window is bounded, nothing pairs.
    assert quote_spans("“ word " * 20_000) == []
    assert find_quotes(article("“ Rustem Umerov said " * 5_000), ()) == ()


# --- the built site ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("quotes")
    return build_site(make_seeds(work / "seeds", SEED), work, strict=True)


def article_body(site, path: str) -> str:
    page = (site / path / "index.html").read_text(encoding="utf-8")
    return page.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]


def test_briefing_page_has_who_said_what_linking_speakers_and_paragraphs(seed_site):
    body = article_body(seed_site, f"briefings/{SEED_SLUG}")
    section = body.split('id="who-said-what"', 1)[1].split("<h2", 1)[0]
    assert "data-search-exclude" in body.split('id="who-said-what"', 1)[0].rsplit("<h2", 1)[1]
    items = section.split("<li>")[1:]
    umerov = '<a href="../../entities/people/rustem-umerov/">Rustem Umerov</a>'
    medinsky = '<a href="../../entities/people/vladimir-medinsky/">Vladimir Medinsky</a>'
    assert (
        f'{umerov}: “can be resolved only at the level of leaders” <small><a href="#p4">paragraph 4</a></small>'
        in (items[0])
    )
    assert any(medinsky in item and "“make a show”" in item for item in items)
    assert any(medinsky in item and "Unfortunately, something didn’t work out so well." in item for item in items)
    # Each link leads to a paragraph that has that id and holds the quoted words.
    for item in items:
        anchor = item.split('href="#', 1)[1].split('"', 1)[0]
        quoted = htmllib.unescape(item.split("“", 1)[1].split("”", 1)[0]).rstrip(".")
        paragraph = body.split(f'id="{anchor}"', 1)[1].split("</p>", 1)[0]
        assert quoted in htmllib.unescape(paragraph)


def test_person_page_lists_their_quotes(seed_site):
    body = article_body(seed_site, "entities/people/vladimir-medinsky")
    section = body.split('id="quotes"', 1)[1].split("<h2", 1)[0]
    assert f"briefings/{SEED_SLUG}/#p6" in section
    assert section.index("make a show") < section.index("Unfortunately, something didn’t work out so well.")
    assert "can be resolved" not in section  # Umerov's words stay on Umerov's page
    umerov = article_body(seed_site, "entities/people/rustem-umerov").split('id="quotes"', 1)[1].split("<h2", 1)[0]
    assert "can be resolved only at the level of leaders" in umerov
    kellogg = article_body(seed_site, "entities/people/keith-kellogg")
    assert 'id="quotes"' not in kellogg  # quoted nowhere: no empty section


def test_person_page_lists_quotes_newest_article_first(tmp_path):
    older = "# Older talks\n\nMay 16, 2025\n\n“We hope for more,” Rustem Umerov told reporters.\n"
    newer = "# Newer talks\n\nJune 20, 2025\n\n“We are tired of waiting,” Rustem Umerov told reporters.\n"
    site = build_site(make_seeds(tmp_path / "seeds", **{"older.txt": older, "newer.txt": newer}), tmp_path)
    section = article_body(site, "entities/people/rustem-umerov").split('id="quotes"', 1)[1]
    assert section.index("We are tired of waiting") < section.index("We hope for more")


def test_quotes_are_escaped(tmp_path):
    hostile = (
        "# Hostile\n\nJune 20, 2025\n\n“<script>alert(1)</script> *bold* [x](javascript:y),” Rustem Umerov said.\n"
    )
    site = build_site(make_seeds(tmp_path / "seeds", **{"hostile.txt": hostile}), tmp_path)
    body = article_body(site, "briefings/2025-06-20-hostile")
    section = body.split('id="who-said-what"', 1)[1].split("<h2", 1)[0]
    assert "<script>" not in section and "&lt;script&gt;" in section
    assert "<em>" not in section and 'href="javascript' not in section


def test_briefing_json_carries_quotes(seed_site):
    data = json.loads((seed_site / "briefing.json").read_text(encoding="utf-8"))
    (entry,) = [a for a in data["articles"] if a["slug"] == SEED_SLUG]
    assert {"text": "make a show", "speaker": MEDINSKY, "paragraph": 5, "url": f"briefings/{SEED_SLUG}/#p6"} in (
        entry["quotes"]
    )
    assert all(set(quote) == {"text", "speaker", "paragraph", "url"} for quote in entry["quotes"])


def test_quotes_are_found_with_the_mentions_and_kept_in_the_cache_with_them(seed_briefing):
    """Quotes depend on the article and its mentions alone: pass 3 finds them with the mentions (in the
    worker processes) and the cache keeps them together; figures come with the seed's own analysis."""
    from generator.analyse import analyse
    from generator.cache import Cache
    from generator.entities import Memo, link_entities

    article = seed_briefing.article
    assert seed_briefing.quotes == find_quotes(article, seed_briefing.mentions)  # what a fresh scan finds
    cache = Cache()
    computed = link_entities([article], memo=Memo(cache, ["key"]))
    assert computed.quotes == (seed_briefing.quotes,)
    assert link_entities([article], memo=Memo(cache, ["key"])).quotes == computed.quotes  # read back
    assert analyse(SEED.read_bytes(), SEED.name, SEED.name).figures == seed_briefing.figures
