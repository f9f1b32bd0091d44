"""Related articles (#4): source-declared titles resolved to briefings, and computed related articles."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import itertools
import json
import re

import pytest
import yaml
from conftest import CORPUS, SEED, gold_corpora

from generator.enrich import Settings, build_corpus
from generator.entities import link_entities
from generator.model import Article, Entity, Mention, Paragraph, Span
from generator.parse import parse_seed
from generator.related import (
    Scoring,
    candidate_counts,
    normalise_title,
    rank_related,
    resolve_source_related,
    words,
)

# --- Hand-built articles ----------------------------------------------------------------------------

_letters = itertools.product("bcdfghjklmnpqrstvwxz", repeat=3)


def filler(n: int = 40) -> str:
    """Words no other call returns: text that shares nothing with any other article."""
    return " ".join("zu" + "".join(next(_letters)) + "a" for _ in range(n))


def article(seed: str, text: str = "", title: str = "", date: str | None = None, related: tuple = ()) -> Article:
    return Article(
        seed=seed,
        title=title or filler(3),
        date=dt.date.fromisoformat(date) if date else None,
        paragraphs=tuple(Paragraph((Span(p),)) for p in (text or filler()).split("\n\n")),
        related_titles=tuple(related),
    )


def entity(entity_id: str) -> Entity:
    kind, _, key = entity_id.partition("/")
    return Entity(entity_id, key.replace("-", " ").title(), {"people": "person", "places": "place"}[kind])


def named(*entity_ids: str) -> tuple[Mention, ...]:
    return tuple(Mention(e, 0, 0, 1) for e in entity_ids)


TALKS = (
    "Delegations met in Istanbul for peace talks and agreed on a prisoner exchange. The delegation from Kyiv "
    "handed over a memorandum on the ceasefire, and the negotiators promised another round of talks about "
    "prisoners, bodies of soldiers and a humanitarian corridor."
)
METRO = (
    "The metro celebrated its anniversary with new stations, chandeliers and mosaics. Commuters and tourists "
    "crowded the platforms of the circle line as the mayor promised extensions to the suburbs."
)


# --- Source-declared --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("declared", "title"),
    [
        (
            "Ukraine Says Drones Hit Bombers in ‘Spider’s Web’ Operation",
            "ukraine says drones hit bombers in 'spider's web' operation",
        ),
        ("Talks End — “No Progress”", 'talks end: "no progress"!'),
        ("Face-to-face talks", "face to face  talks"),
        ("ﬁrst round of talks", "First Round of Talks"),  # NFKC: the "fi" ligature
    ],
)
def test_source_title_matches_ignoring_case_punctuation_and_quotes(declared, title):
    assert normalise_title(declared) == normalise_title(title)
    articles = [article("a.txt", related=(declared,)), article("b.txt", title=title)]
    linked, _ = resolve_source_related(articles, ["a", "b"])
    assert [(item.title, item.slug) for item in linked] == [(declared, "b")]


def test_different_titles_do_not_match():
    assert normalise_title("Russia and Ukraine Hold Talks") != normalise_title("Russia and Ukraine Hold More Talks")


def test_title_not_in_corpus_stays_unlinked():
    articles = [article("a.txt", related=("An Article We Do Not Have",)), article("b.txt", title="Something Else")]
    declared, nothing = resolve_source_related(articles, ["a", "b"])
    assert [(item.title, item.slug) for item in declared] == [("An Article We Do Not Have", None)]
    assert nothing == ()


def test_source_naming_the_article_itself_links_another_copy_or_nothing():
    alone = [article("a.txt", title="Same Title", related=("Same Title", "Other"))]
    assert [(i.title, i.slug) for i in resolve_source_related(alone, ["a"])[0]] == [("Other", None)]
    twins = [article("a.txt", title="Same Title", related=("same title",)), article("b.txt", title="Same Title")]
    assert [i.slug for i in resolve_source_related(twins, ["a", "b"])[0]] == ["b"]


def test_title_named_twice_is_listed_once():
    articles = [article("a.txt", related=("Other Story", "“Other Story”")), article("b.txt", title="Other Story")]
    assert [i.slug for i in resolve_source_related(articles, ["a", "b"])[0]] == ["b"]


def test_linked_article_shows_the_reverse_link():
    corpus = build_corpus([article("a.txt", title="First", related=("Second",)), article("b.txt", title="Second")])
    first, second = sorted(corpus.briefings, key=lambda b: b.article.seed)
    assert [i.slug for i in first.source_related] == [second.slug]
    assert second.referenced_by == (first.slug,)
    assert first.referenced_by == ()


# --- Computed: entities ------------------------------------------------------------------------------


def test_shared_rare_entity_relates_articles_and_a_ubiquitous_one_does_not():
    articles = [article(s) for s in ("a.txt", "b.txt", "c.txt", "d.txt", "e.txt")]
    mentions = [
        named("places/russia", "people/rustem-umerov"),
        named("places/russia", "people/rustem-umerov"),
        named("places/russia", "people/hakan-fidan"),  # shares only Russia with a
        named("places/russia"),
        named("people/marco-rubio"),
    ]
    ids = {m.entity_id for ms in mentions for m in ms}
    related = rank_related(articles, ["a", "b", "c", "d", "e"], mentions, [entity(e) for e in ids], k=5)
    assert [r.slug for r in related[0]] == ["b"]
    assert related[0][0].reasons == ("shares Rustem Umerov, Russia",)  # rarest first
    assert [r.slug for r in related[2]] == []


def test_reasons_name_the_three_rarest_shared_entities():
    ids = ["people/rustem-umerov", "people/vladimir-medinsky", "places/istanbul", "places/turkey", "places/russia"]
    # df: umerov 2, medinsky 2, istanbul 3, turkey 4, russia 5 (every article: never a reason)
    mentions = [named(*ids), named(*ids), named(*ids[2:]), named(*ids[3:]), named(*ids[4:])]
    articles = [
        article(s, date=d) for s, d in zip("abcde", ["2025-05-24", "2025-05-16", None, None, None], strict=True)
    ]
    related = rank_related(articles, list("abcde"), mentions, [entity(e) for e in ids], k=1)
    (best,) = related[0]
    assert best.slug == "b"
    assert best.reasons == ("shares Rustem Umerov, Vladimir Medinsky, Istanbul and 1 more", "8 days earlier")


def test_entity_names_come_from_the_entities_given():
    articles = [article("a.txt"), article("b.txt"), article("c.txt")]
    mentions = [named("people/x"), named("people/x"), ()]
    (item,) = rank_related(articles, list("abc"), mentions, [Entity("people/x", "Keith Kellogg", "person")])[0]
    assert item.reasons == ("shares Keith Kellogg",)


# --- Computed: text and date -------------------------------------------------------------------------


def test_without_entities_similar_wording_relates_articles():
    articles = [
        article("a.txt", TALKS + " " + filler(), title="Prisoner exchange agreed"),
        article("b.txt", TALKS + " " + filler(), title="Talks in Istanbul"),
        article("c.txt", METRO + " " + filler(), title="Metro anniversary"),
    ]
    related = rank_related(articles, list("abc"), [(), (), ()])
    assert [r.slug for r in related[0]] == ["b"]
    assert [r.slug for r in related[1]] == ["a"]
    assert related[2] == ()
    (reason,) = related[0][0].reasons
    assert reason.startswith("both mention ")
    named_words = reason.removeprefix("both mention ").split(", ")
    assert len(named_words) == 3
    for word in named_words:
        assert word in articles[0].text and word.lower() in articles[1].text.lower()


def test_words_fold_plurals_possessives_and_punctuation_and_drop_stop_words():
    counted = words("Prisoners, the prisoner’s “talks” — face-to-face talks in Kyiv's 2025 U.S. said")
    assert counted == {"prisoner": 2, "talk": 2, "face": 2, "kyiv": 1}


def test_closer_in_date_ranks_first_among_equally_similar():
    articles = [
        article("a.txt", TALKS, title="Talks", date="2025-05-16"),
        article("b.txt", TALKS, title="Talks", date="2026-03-20"),
        article("c.txt", TALKS, title="Talks", date="2025-05-24"),
    ]
    (first, second), _, _ = rank_related(articles, list("abc"), [(), (), ()])
    assert (first.slug, second.slug) == ("c", "b")
    assert first.score > second.score
    assert first.reasons[-1] == "8 days later"
    assert second.reasons[-1] == "10 months later"


def test_date_alone_never_makes_articles_related():
    articles = [
        article("a.txt", TALKS, title="Talks", date="2025-05-16"),
        article("b.txt", METRO, title="Metro", date="2025-05-16"),
    ]
    assert rank_related(articles, ["a", "b"], [(), ()]) == [(), ()]


def test_same_day_and_one_day_wording():
    articles = [
        article("a.txt", TALKS, date="2025-05-16"),
        article("b.txt", TALKS, date="2025-05-16"),
        article("c.txt", TALKS, date="2025-05-15"),
    ]
    related = rank_related(articles, list("abc"), [(), (), ()])
    assert {r.slug: r.reasons[-1] for r in related[0]} == {"b": "same day", "c": "1 day earlier"}


def test_ties_are_broken_by_slug_and_k_limits_the_list():
    articles = [article(f"{n}.txt", TALKS, title="Talks", date="2025-05-16") for n in range(6)]
    slugs = ["m", "z", "b", "x", "a", "q"]
    related = rank_related(articles, slugs, [()] * 6, k=3)
    assert [r.slug for r in related[0]] == ["a", "b", "q"]
    assert all(len(items) == 3 for items in related)
    assert rank_related(articles, slugs, [()] * 6, k=0) == [()] * 6


def test_in_a_large_corpus_only_what_pairs_share_relates_them():
    """120 articles all naming Russia and using the same words; pairs also share a person."""
    n = 120
    common = "Russia said the war would continue as officials met again in the capital on Monday."
    articles = [article(f"{i:03}.txt", f"{common} {filler(30)}", date="2025-05-16") for i in range(n)]
    mentions = [named("places/russia", f"people/person-{i // 2}") for i in range(n)]
    known = [entity("places/russia"), *(entity(f"people/person-{p}") for p in range(n // 2))]
    related = rank_related(articles, [a.seed for a in articles], mentions, known)
    for i, items in enumerate(related):
        partner = articles[i ^ 1].seed
        assert [(r.slug, r.reasons) for r in items] == [(partner, (f"shares Person {i // 2}", "same day"))]


def test_candidates_per_article_stay_bounded_as_the_corpus_grows():
    """Pairs i, i ^ 1 share a person and a topic; a topic is in 5% of the corpus (so the topic
    still counts in the score). Through the topic an article reaches at most `candidate_df` others,
    however many name it: the pairs scored grow linearly with the corpus, not quadratically."""
    scoring = Scoring(candidate_df=10)

    def corpus(n):
        articles = [article(f"{i:04}.txt", "Report.", title="Report") for i in range(n)]  # no word is shareable
        mentions = [named(f"people/person-{i // 2}", f"places/topic-{i // 2 % 20}") for i in range(n)]
        return articles, mentions

    for n in (200, 800, 3200):  # the topic is in 10, 40, 160 articles
        counts = candidate_counts(*corpus(n), scoring)
        assert max(counts) <= 1 + scoring.candidate_df
        assert min(counts) >= 1  # the partner, found through the rare person

    articles, mentions = corpus(800)
    known = [entity(f"people/person-{p}") for p in range(400)] + [entity(f"places/topic-{t}") for t in range(20)]
    slugs = [a.seed for a in articles]
    bounded = rank_related(articles, slugs, mentions, known, scoring=scoring)
    exhaustive = rank_related(articles, slugs, mentions, known, scoring=Scoring(candidate_df=800))
    for i in range(800):
        partner = bounded[i][0]
        assert partner == exhaustive[i][0]  # same partner, same score: the common topic still counts
        assert partner.slug == slugs[i ^ 1]
        assert partner.reasons == (f"shares Person {i // 2}, Topic {i // 2 % 20}",)
        assert len(bounded[i]) == len(exhaustive[i]) == 5
        assert [r.score for r in bounded[i]] == [r.score for r in exhaustive[i]]


def test_an_article_never_lists_itself():
    articles = [article("a.txt", TALKS, title="Talks"), article("b.txt", TALKS, title="Talks")]
    related = rank_related(articles, ["a", "b"], [named("people/x"), named("people/x")], [entity("people/x")])
    assert [[r.slug for r in items] for items in related] == [["b"], ["a"]]


def test_a_single_article_has_nothing_related():
    assert rank_related([article("a.txt", TALKS)], ["a"], [()]) == [()]


# --- The sample corpora and the seed ------------------------------------------------------------------
# Ours (tests/fixtures/corpus) always, ../shared/corpus as well when it is beside the clone; each with
# its gold.yaml. The seed is in the set, as on the site.

CORPORA = gold_corpora()


def corpus_id(corpus) -> str:
    return f"{corpus.parent.name}/{corpus.name}"


def sample_articles(corpus=CORPUS) -> list[Article]:
    paths = [SEED, *sorted(corpus.glob("*.txt"))]
    return [parse_seed(path.read_text(encoding="utf-8"), path.name) for path in paths]


def load_gold(corpus) -> dict[str, dict]:
    return yaml.safe_load((corpus / "gold.yaml").read_text(encoding="utf-8"))["articles"]


def gold_mentions(articles: list[Article], gold: dict[str, dict]) -> tuple[list[tuple[Mention, ...]], list[Entity]]:
    """The entities gold.yaml names, found wherever their surface forms occur: a perfect detector."""
    forms = {form: name for g in gold.values() for name, found in g["required"].items() for form in found}
    ids = {name: f"gold/{name.casefold().replace(' ', '-')}" for name in forms.values()}
    mentions = []
    for a in articles:
        found = []
        for p, paragraph in enumerate(a.paragraphs):
            for form, name in forms.items():
                for match in re.finditer(rf"\b{re.escape(form)}\b", paragraph.text):
                    found.append(Mention(ids[name], p, match.start(), match.end()))
        mentions.append(tuple(found))
    return mentions, [Entity(i, name, "person") for name, i in ids.items()]


def stands_alone(gold: dict[str, dict], seed: str) -> bool:
    """No related article in gold, and no required entity shared with another article: a story of its own."""
    names = set(gold[seed]["required"])
    return not gold[seed]["related_in_corpus"] and not any(
        names & set(other["required"]) for name, other in gold.items() if name != seed
    )


@pytest.mark.parametrize("entities", ["none detected", "gold entities", "detected"])
@pytest.mark.parametrize("corpus", CORPORA, ids=corpus_id)
def test_sample_corpus_related_as_gold_expects(corpus, entities):
    """Every related_in_corpus of gold.yaml is listed, with the seed in the set; a story of its own
    lists none of the others and is listed by none."""
    articles, gold = sample_articles(corpus), load_gold(corpus)
    seeds = [a.seed for a in articles]
    if entities == "detected":
        links = link_entities(articles)
        mentions, known = list(links.mentions), list(links.entities)
    else:
        mentions, known = gold_mentions(articles, gold) if entities == "gold entities" else ([()] * len(articles), [])
    related = rank_related(articles, seeds, mentions, known, k=5)
    listed = dict(zip(seeds, ([r.slug for r in items] for items in related), strict=True))
    alone = {seed for seed in gold if stands_alone(gold, seed)}
    assert alone, "gold.yaml should hold an unrelated article to check against"
    for seed, expected in gold.items():
        assert set(expected["related_in_corpus"]) <= set(listed[seed]), (seed, listed[seed])
        if expected["related_in_corpus"]:
            assert listed[seed][0] in {*expected["related_in_corpus"], SEED.name}, (seed, listed[seed])
        if seed in alone:
            assert not set(gold) & set(listed[seed]), (seed, listed[seed])
            assert not any(seed in listed[other] for other in gold), seed


def test_related_count_setting_limits_the_list():
    corpus = build_corpus(sample_articles(), Settings(related_count=1))
    assert max(len(b.related) for b in corpus.briefings) == 1


# --- The built site (the seed and our corpus) --------------------------------------------------------


def site_articles(site) -> dict[str, dict]:
    data = json.loads((site / "briefing.json").read_text(encoding="utf-8"))
    return {a["seed"]: a for a in data["articles"]}


def section(site, slug: str, heading_id: str) -> str:
    """The HTML of one h2 section of a briefing page (empty when the page has no such section)."""
    html = (site / "briefings" / slug / "index.html").read_text(encoding="utf-8")
    heading = re.search(rf'<h2[^>]* id="{heading_id}"', html)
    if heading is None:
        return ""
    start = heading.start()
    end = html.find("<h2", start + 1)
    return html[start : end if end != -1 else html.find("</article>", start)]


def test_site_first_round_and_swap_list_each_other_and_not_the_metro_first(sample_site):
    articles = site_articles(sample_site)
    first, swap = articles["first_round_istanbul.txt"], articles["prisoner_swap.txt"]
    metro = articles["metro_stations.txt"]
    assert swap["slug"] in [r["slug"] for r in first["related"]]
    assert first["slug"] in [r["slug"] for r in swap["related"]]
    for a in (first, swap):
        assert a["related"][0]["slug"] != metro["slug"]
        assert all(r["reasons"] and r["score"] > 0 for r in a["related"])
        html = section(sample_site, a["slug"], "related-articles")
        for r in a["related"]:
            assert f'href="../{r["slug"]}/"' in html
            assert " · ".join(r["reasons"]) in html
    assert metro["related"] == [] and section(sample_site, metro["slug"], "related-articles") == ""


def test_site_swap_source_related_links_to_the_first_round(sample_site):
    articles = site_articles(sample_site)
    first, swap = articles["first_round_istanbul.txt"], articles["prisoner_swap.txt"]
    assert swap["source_related"] == [{"title": first["title"], "slug": first["slug"]}]
    html = section(sample_site, swap["slug"], "mentioned-by-the-source")
    assert f'<a href="../{first["slug"]}/">{first["title"]}</a>' in html


def test_site_seed_source_related_finds_the_drone_article_whatever_its_apostrophe(sample_site):
    """The seed names "Ukraine's Drone Attacks" (straight); our article's title has "Ukraine’s" (curly)."""
    articles = site_articles(sample_site)
    seed, drones = articles[SEED.name], articles["drone_attacks.txt"]
    assert drones["title"] == "What We Know About Ukraine’s Drone Attacks in Russia"
    assert seed["source_related"] == [
        {"title": "What Is Russia Demanding in Its Peace Memorandum to Ukraine?", "slug": None},
        {"title": "What We Know About Ukraine's Drone Attacks in Russia", "slug": drones["slug"]},
    ]
    html = htmllib.unescape(section(sample_site, seed["slug"], "mentioned-by-the-source"))
    first, second = re.findall(r"<li>.*?</li>", html, re.S)
    assert "What Is Russia Demanding" in first and "<a" not in first and "not in this briefing set" in first
    assert f'href="../{drones["slug"]}/"' in second


def test_site_source_title_not_in_corpus_is_shown_without_link(sample_site):
    first = site_articles(sample_site)["first_round_istanbul.txt"]
    ((title, slug),) = [(s["title"], s["slug"]) for s in first["source_related"]]
    assert (title, slug) == ("Trump Says Nothing Will Happen Until He Meets Putin", None)
    html = section(sample_site, first["slug"], "mentioned-by-the-source")
    (item,) = re.findall(r"<li>.*?</li>", html, re.S)
    assert title in item
    assert "<a" not in item
    assert "not in this briefing set" in item


def test_site_articles_named_by_a_source_are_referenced_by_it(sample_site):
    articles = site_articles(sample_site)
    for named, by in (("first_round_istanbul.txt", "prisoner_swap.txt"), ("drone_attacks.txt", SEED.name)):
        html = section(sample_site, articles[named]["slug"], "referenced-by")
        assert f'href="../{articles[by]["slug"]}/"' in html, (named, by)
    assert section(sample_site, articles[SEED.name]["slug"], "referenced-by") == ""  # no one names the newest


def test_site_the_seed_and_the_article_about_its_operation_are_related(sample_site):
    """Only the seed and the drone article name "Spider's Web": the rarest thing they share leads the reasons."""
    articles = site_articles(sample_site)
    seed, drones = articles[SEED.name], articles["drone_attacks.txt"]
    for a, b in ((seed, drones), (drones, seed)):
        (item,) = [r for r in a["related"] if r["slug"] == b["slug"]]
        assert item["reasons"][0].startswith("shares Spider's Web"), item
