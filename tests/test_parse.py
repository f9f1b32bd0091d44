"""parse_seed: the real seed field by field, then one small fixture per real-world variant."""

from __future__ import annotations

import codecs
import datetime as dt

import pytest
from conftest import FIXTURES, SEED, SEED_TITLE, gold_corpora

from generator.errors import SeedError
from generator.parse import parse_seed
from generator.sources import source_name_for

SEED_TEXT = SEED.read_text(encoding="utf-8")


def parse_fixture(name: str):
    return parse_seed((FIXTURES / name).read_text(encoding="utf-8"), name)


@pytest.fixture(scope="module")
def seed():
    return parse_seed(SEED_TEXT, SEED.name)


def test_seed_title_date_and_source(seed):
    assert seed.title == SEED_TITLE  # the whole headline, however long
    assert seed.date == dt.date(2025, 6, 2)
    assert seed.source_url == (
        "https://www.themoscowtimes.com/2025/06/02/russia-and-ukraine-agree-to-new-prisoner-exchange"
        "-after-second-round-of-talks-but-no-ceasefire-in-sight-a89296"
    )
    assert seed.source_name == "The Moscow Times"
    assert seed.warnings == ()


def test_seed_caption_credit_and_agency_line(seed):
    assert seed.caption == "Ukrainian and Russian negotiators meet on June 2 in Istanbul."
    assert seed.photo_credit == "Alexander Ryumin / TASS"
    assert seed.credit == "Reuters contributed reporting."  # the italic line under the text
    assert all("contributed reporting" not in p.text and "Ryumin" not in p.text for p in seed.paragraphs)


def test_seed_related_titles_are_listed_not_kept_as_text(seed):
    assert seed.related_titles == (
        "What Is Russia Demanding in Its Peace Memorandum to Ukraine?",
        "What We Know About Ukraine's Drone Attacks in Russia",
    )
    assert all("Related article" not in p.text and "Peace Memorandum" not in p.text for p in seed.paragraphs)


def test_seed_broken_paragraph_is_rejoined(seed):
    texts = [p.text for p in seed.paragraphs]
    # The scraper broke "...agreed to a new" / "prisoner swap, ..." into two blocks: one paragraph again.
    assert any(
        "He also said the delegations agreed to a new prisoner swap, as well as to exchange 6,000" in t for t in texts
    )
    assert not any(t.startswith("prisoner swap") for t in texts)
    assert all(not t[:1].islower() for t in texts)
    assert texts[0].startswith("Russia and Ukraine agreed to a new prisoner exchange after their delegates met")
    assert texts[-1] == (
        'Later on Monday, the White House said Trump is "open" to meeting his Russian and Ukrainian counterparts '
        "in Turkey."
    )
    assert len(texts) == 18  # the 19 blocks of text in the file, two of them one paragraph


def test_seed_dead_links_keep_their_text(seed):
    text = " ".join(p.text for p in seed.paragraphs)
    for words in ("he was quoted as saying", "later confirmed that", "Medinsky disputed", "The two sides last met"):
        assert words in text
    assert "Moscow also threatened to capture" in text and "stunning coordinated drone attacks on airbases" in text
    assert all(span.href is None for p in seed.paragraphs for span in p.spans)
    assert all("](#)" not in p.text and "[" not in p.text for p in seed.paragraphs)


def test_real_links_stay_links_and_relative_ones_are_dropped():
    article = parse_fixture("links_dead_and_real.txt")
    (paragraph,) = article.paragraphs
    assert paragraph.text == "Moscow has rejected the call, according to Reuters and the ministry."
    assert [(s.text, s.href) for s in paragraph.spans if s.href] == [("Reuters", "https://www.reuters.com/world/")]


def test_crlf_and_bom_parse_like_the_original(seed):
    text = codecs.BOM_UTF8.decode("utf-8") + SEED_TEXT.replace("\n", "\r\n")
    assert parse_seed(text, SEED.name) == seed


def test_old_mac_line_endings(seed):
    assert parse_seed(SEED_TEXT.replace("\n", "\r"), SEED.name) == seed


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("June 02, 2025", "2025-06-02"),
        ("2 June 2025", "2025-06-02"),
        ("23 July 2025", "2025-07-23"),
        ("2025-06-02", "2025-06-02"),
        ("Monday, June 2, 2025 14:35", "2025-06-02"),
    ],
)
def test_date_forms_in_a_seed(line, expected):
    article = parse_seed(SEED_TEXT.replace("June 02, 2025", line), SEED.name)
    assert article.date.isoformat() == expected
    assert article.warnings == ()


def test_heading_level_two_and_weekday_time_date():
    article = parse_fixture("title_h2_weekday_time.txt")
    assert article.title == "Zelensky Waits in Ankara as Putin Skips Istanbul Talks"
    assert article.date == dt.date(2025, 6, 2)
    assert [p.text for p in article.paragraphs] == ["President Volodymyr Zelensky waited in Ankara on Thursday."]


def test_date_above_title():
    article = parse_fixture("date_before_title.txt")
    assert (article.title, article.date) == ("Date Above the Title", dt.date(2025, 6, 2))
    assert (article.caption, article.photo_credit) == ("Caption under a photo.", "Jane Doe / AP")


def test_plain_first_line_is_the_title_with_a_warning():
    article = parse_fixture("plain_title_line.txt")
    assert article.title == "A Headline Without a Hash"
    assert article.date == dt.date(2025, 7, 23)
    assert article.warnings == ("plain_title_line.txt:1: title line has no '# '; using the first line as the title",)


def test_related_lines_not_bold_and_a_break_around_one():
    article = parse_fixture("related_not_bold_broken_across.txt")
    assert article.related_titles == ("Earlier Talks in Istanbul", "Ceasefire Proposal Rejected")
    assert [p.text for p in article.paragraphs] == [
        "The two sides agreed to hold another round of talks in July.",
        "Related talks on grain exports are planned.",  # a sentence starting "Related" is text
    ]
    assert article.source_url == "https://www.reuters.com/world/europe/talks-example-2025-06-02/"
    assert article.source_name == "Reuters"


def test_hard_wrapped_lines_and_several_breaks():
    article = parse_fixture("hard_wrapped_several_breaks.txt")
    assert [p.text for p in article.paragraphs] == [
        "This paragraph was wrapped at a fixed width by the scraper and is one paragraph.",
        "The first break left a sentence that ends in the middle and goes on here.",
        "The second break happened after a comma, Kyiv said, and after the word with Moscow it continued.",
        "A new paragraph starts here. Its second sentence is on a line of its own.",
    ]


def test_hard_wrapped_caption_and_a_footer_url_without_its_label():
    text = (
        "# Title\n\nJune 2, 2025\n\nDelegations at the talks\nin Istanbul. **Alexander Ryumin /\nTASS**\n\n"
        "Text.\n\n<https://www.themoscowtimes.com/2025/06/02/x>\n"
    )
    article = parse_seed(text, "x.txt")
    assert (article.caption, article.photo_credit) == (
        "Delegations at the talks in Istanbul.",
        "Alexander Ryumin / TASS",
    )
    assert [p.text for p in article.paragraphs] == ["Text."]
    assert (article.source_url, article.source_name) == (
        "https://www.themoscowtimes.com/2025/06/02/x",
        "The Moscow Times",
    )


def test_front_matter_overrides_what_is_inferred():
    article = parse_fixture("front_matter_overrides.txt")
    assert article.title == "The Title From Front Matter"
    assert article.date == dt.date(2025, 5, 25)
    assert (article.source_name, article.source_url) == ("Example Wire", "https://example.org/story")
    assert article.related_titles == ("First Related Story", "Second Related Story")
    assert [p.text for p in article.paragraphs] == ["Text of the article."]
    assert article.warnings == ()


def test_front_matter_problems_are_warnings_not_lost_text():
    text = "---\ndate: 2025-13-45\nauthor: Someone\n---\n# Title\n\nText.\n"
    article = parse_seed(text, "fm.txt")
    assert article.title == "Title" and article.date is None
    assert [p.text for p in article.paragraphs] == ["Text."]
    assert article.warnings[0].startswith("fm.txt:1: unknown front matter field 'author' ignored")
    assert (
        article.warnings[1]
        == "fm.txt:1: front matter date: '2025-13-45' is not a valid date; the article is listed as undated"
    )


def test_invalid_yaml_front_matter_names_the_line():
    article = parse_seed("---\ntitle: [unclosed\n---\n# Title\n\nJune 2, 2025\n\nText.\n", "bad.txt")
    assert article.title == "Title"
    assert article.warnings == ("bad.txt:3: front matter is not valid YAML; its fields are ignored",)


def test_curly_quotes_survive():
    article = parse_fixture("curly_quotes.txt")
    assert article.title == "Ukraine Says Drones Hit Dozens of Russian Bombers in ‘Spider’s Web’ Operation"
    assert article.paragraphs[0].text == "Kyiv’s “Spider’s Web” operation hit airfields, officials said."
    assert article.related_titles == ("Russia’s “Summer Offensive” Explained",)


def test_cyrillic_title_text_and_date():
    article = parse_fixture("cyrillic_статья.txt")
    assert article.title == "Россия и Украина договорились о новом обмене пленными"
    assert article.date == dt.date(2025, 6, 2)
    assert article.paragraphs[0].text.startswith("Делегации России и Украины")


def test_no_title_uses_file_name_words_and_warns():
    article = parse_seed("June 2, 2025\n\nTalks resumed in Istanbul.\n", "talks-resume.txt")
    assert article.title == "Talks resume"
    assert article.warnings == ("talks-resume.txt:1: no title line found; using the file name ('Talks resume')",)


def test_no_title_and_a_hash_file_name_uses_the_first_sentence():
    article = parse_seed("June 2, 2025\n\nTalks resumed in Istanbul. More later.\n", "000_3be0f6f4840430dd.txt")
    assert article.title == "Talks resumed in Istanbul"
    assert "using the first sentence" in article.warnings[0]


def test_no_date_is_kept_undated_with_a_warning():
    article = parse_seed("# Title\n\nOn June 2, 2025 the talks began.\n", "seeds/nodate.txt")
    assert article.date is None
    assert article.paragraphs[0].text == "On June 2, 2025 the talks began."  # a sentence is not a date line
    assert article.warnings == ("seeds/nodate.txt: no date found; the article is listed as undated",)


def test_impossible_date_names_the_line():
    article = parse_seed("# Title\n\nFebruary 30, 2025\n\nText.\n", "feb.txt")
    assert article.date is None
    assert article.warnings == ("feb.txt:3: 'February 30, 2025' is not a valid date; the article is listed as undated",)


@pytest.mark.parametrize(
    ("text", "message"), [("", "file is empty"), ("\ufeff", "file is empty"), (" \n\t\r\n", "only blank")]
)
def test_empty_and_blank_files_are_a_seed_error(text, message):
    with pytest.raises(SeedError, match=message) as caught:
        parse_seed(text, "seeds/empty.txt")
    assert str(caught.value).startswith("seeds/empty.txt: ")
    assert "\n" not in str(caught.value)


def test_a_dashes_line_inside_the_text_is_text():
    article = parse_seed("# Title\n\nJune 2, 2025\n\nBefore.\n\n---\n\nAfter.\n", "dash.txt")
    assert [p.text for p in article.paragraphs] == ["Before.", "---", "After."]


@pytest.mark.parametrize(
    ("after", "line"),
    [("\n\nSubscribe to our newsletter\n", 59), ("\nSubscribe to our newsletter\n", 58), (" and more\n", 57)],
    ids=["own-paragraph", "next-line", "same-line"],
)
def test_text_after_the_footer_is_reported(after, line):
    assert SEED_TEXT.rstrip().endswith("-a89296>")  # the real seed ends on the URL line (line 57)
    article = parse_seed(SEED_TEXT.rstrip() + after, "seed.txt")
    assert article.source_name == "The Moscow Times" and article.source_url.endswith("-a89296")
    assert article.warnings == (f"seed.txt:{line}: text after the 'Original url:' line (line 55) ignored",)
    assert all("Subscribe" not in p.text for p in article.paragraphs)


def test_two_articles_in_one_file_are_flagged():
    text = SEED_TEXT.replace("*Reuters contributed", "# Another Article\n\nMore.\n\n*Reuters contributed")
    article = parse_seed(text, "two.txt")
    assert any("a second '# ' title line" in w for w in article.warnings)


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://www.themoscowtimes.com/2025/06/02/x", "The Moscow Times"),
        ("https://themoscowtimes.com/x", "The Moscow Times"),
        ("https://www.reuters.com/world/", "Reuters"),
        ("https://edition.cnn.com/x", "CNN"),
        ("https://www.example.org./story", "example.org"),
        ("http://[bad", ""),
    ],
)
def test_source_name_from_the_domain(url, name):
    assert source_name_for(url) == name


def test_html_entities_and_links_in_title_caption_and_text_become_plain_words():
    text = "# [Q&amp;A: What&#8217;s Next](#)\n\nJune 2, 2025\n\nPhoto. **[TASS](#)**\n\n"
    text += "It&#39;s &quot;fine&quot; &amp; good.\n"
    article = parse_seed(text, "x.txt")
    assert article.title == "Q&A: What’s Next"
    assert article.photo_credit == "TASS"
    assert article.paragraphs[0].text == 'It\'s "fine" & good.'


@pytest.mark.parametrize("corpus", gold_corpora(), ids=lambda path: path.parent.name + "/" + path.name)
def test_sample_corpus_parses_without_warnings(corpus):
    for path in sorted(corpus.glob("*.txt")):
        article = parse_seed(path.read_text(encoding="utf-8"), path.name)
        assert article.warnings == (), path.name
        assert article.date and article.source_name == "The Moscow Times" and article.photo_credit
        assert all(not p.text[:1].islower() for p in article.paragraphs), path.name  # breaks rejoined


def test_a_rule_above_the_article_is_not_mistaken_for_front_matter():
    text = '---\n# Title\n\nJune 2, 2025\n\nSaid: "quote" - [x](#) {a: b\n\n---\n\nMore text.\n'
    article = parse_seed(text, "rule.txt")
    assert [p.text for p in article.paragraphs][-3:] == ['Said: "quote" - x {a: b', "---", "More text."]
    assert (article.title, article.date) == ("Title", dt.date(2025, 6, 2))
    assert article.warnings == ()


# The fast paths below stand in for slower regexes; each test checks one against what it replaced.


def random_lines(alphabet: list[str], count: int, seed: int = 7) -> list[str]:
    import random

    rnd = random.Random(seed)
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 12))) for _ in range(count)]


def test_heading_reads_a_line_as_the_markdown_heading_regex_did():
    import re

    from generator.parse import _heading

    before = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<title>.*?)(?:\s+#+)?\s*$")
    for line in random_lines(["#", "##", " ", "\t", "\xa0", "\u2028", "a", "C", "."], 50_000):
        match = before.match(line)
        assert _heading(line) == ((len(match["hashes"]), match["title"]) if match else None), repr(line)


def test_italic_finds_what_the_look_behind_first_regex_found():
    import re

    from generator.parse import _ITALIC

    before = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
    for text in random_lines(["*", "**", "a", " ", "_", "é", ".", "\n"], 50_000):
        assert _ITALIC.sub(r"<\1>", text) == before.sub(r"<\1>", text), repr(text)


def test_dead_links_only_paragraph_reads_as_the_general_path_does(monkeypatch):
    import generator.parse as parse

    texts = random_lines(["[a](#)", "[b](#x)", "[c](https://e.org)", "](", "](#", "!", "[", "a ", "*", "&amp;"], 20_000)
    fast = [parse._inline(text) for text in texts]
    monkeypatch.setattr(parse, "_only_dead_links", lambda text: False)
    assert fast == [parse._inline(text) for text in texts]


def test_label_hints_cover_every_character_a_label_can_start_with():
    import re

    from generator.parse import _LABEL_FIRST_CHARACTERS, _SPACE_NOT_NEWLINE

    first_letters = {c for c in map(chr, range(0x110000)) if re.fullmatch("(?i)[rsao]", c)}
    assert first_letters | {"*", "_"} == _LABEL_FIRST_CHARACTERS
    spaces = {c for c in map(chr, range(0x110000)) if c.isspace() and c != "\n"}
    assert {c for c in spaces if re.fullmatch(f"[{_SPACE_NOT_NEWLINE}]", c)} == spaces
    assert not re.search(f"[{_SPACE_NOT_NEWLINE}]", "".join(c for c in map(chr, range(0x3001)) if c not in spaces))


def test_paragraph_text_is_stored_and_left_out_of_equality():
    from generator.model import Paragraph, Span

    paragraph = Paragraph((Span("Talks in "), Span("Istanbul", "https://example.org"), Span(".")))
    assert paragraph.text == "Talks in Istanbul."
    assert paragraph == Paragraph(paragraph.spans) and hash(paragraph) == hash(Paragraph(paragraph.spans))
    assert repr(paragraph).startswith("Paragraph(spans=(") and repr(paragraph).endswith("))")
    assert Paragraph(()).text == ""
