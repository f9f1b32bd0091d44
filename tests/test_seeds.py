"""Bad seed files: each is skipped or guessed with a one-line message naming the file, and the rest builds."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from conftest import FIXTURES, SEED, SEED_SLUG, SEED_TITLE, build_site, make_seeds

from generator.analyse import analyse_seeds
from generator.cache import Cache
from generator.pipeline import generate
from generator.seeds import SeedSet, decode_seed, list_seeds

GOOD = SEED.read_text(encoding="utf-8")


def read_seeds(folder) -> SeedSet:
    """The seeds folder as the pipeline reads it (pipeline.generate): listed, then each seed analysed."""
    paths, ignored = list_seeds(folder)
    seeds = analyse_seeds(paths, Cache()).seeds
    seeds.ignored = ignored
    return seeds


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    """Run in tmp_path so messages name files as `seeds/foo.txt`."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(folder, name, data: bytes | str):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def one_line_each(messages):
    assert all("\n" not in m for m in messages), messages
    return messages


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "seeds/bad.txt: file is empty; skipped"),
        (b"  \n\t\r\n   \n", "seeds/bad.txt: file holds only blank lines or spaces; skipped"),
        (bytes(range(256)) * 4, "seeds/bad.txt: looks like a binary file, not text; skipped"),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64,
            "seeds/bad.txt: looks like a binary file, not text; skipped",
        ),
    ],
    ids=["empty", "whitespace", "binary", "png"],
)
def test_unusable_file_is_skipped_with_one_line_and_the_rest_builds(in_tmp, data, message):
    seeds = in_tmp / "seeds"
    write(seeds, "bad.txt", data)
    write(seeds, "good.txt", GOOD)
    result = read_seeds(seeds)
    assert [a.seed for a in result.articles] == ["good.txt"]
    assert one_line_each(result.warnings) == [message]


def test_cp1252_is_decoded_and_said(in_tmp):
    text = "# Café talks in Montréal\n\nJune 2, 2025\n\nThe café said “hello” — twice.\n"
    write(in_tmp / "seeds", "latin.txt", text.encode("cp1252"))
    result = read_seeds(in_tmp / "seeds")
    (article,) = result.articles
    assert article.title == "Café talks in Montréal"
    assert article.paragraphs[0].text == "The café said “hello” — twice."
    assert result.warnings == [
        "seeds/latin.txt:1: not valid UTF-8; decoded as Windows-1252; check its letters and save it as UTF-8"
    ]


def test_cp1251_cyrillic_is_decoded_as_cyrillic(in_tmp):
    text = "# Переговоры в Стамбуле\n\n2 июня 2025\n\nРоссия и Украина провели переговоры.\n"
    write(in_tmp / "seeds", "ru.txt", text.encode("cp1251"))
    result = read_seeds(in_tmp / "seeds")
    assert result.articles[0].title == "Переговоры в Стамбуле"
    assert result.articles[0].date.isoformat() == "2025-06-02"
    assert result.warnings == [
        "seeds/ru.txt:1: not valid UTF-8; decoded as Windows-1251 (Cyrillic); check its letters and save it as UTF-8"
    ]


def test_utf8_bom_and_crlf_are_silent(in_tmp):
    write(in_tmp / "seeds", "bom.txt", codecs.BOM_UTF8 + GOOD.replace("\n", "\r\n").encode("utf-8"))
    result = read_seeds(in_tmp / "seeds")
    assert result.warnings == []
    assert result.articles[0].title == SEED_TITLE


def test_utf16_with_bom_is_decoded_and_said(in_tmp):
    write(in_tmp / "seeds", "notepad.txt", GOOD.encode("utf-16"))
    result = read_seeds(in_tmp / "seeds")
    assert result.articles[0].title == SEED_TITLE
    assert result.warnings == ["seeds/notepad.txt: decoded as UTF-16 (save it as UTF-8 to be safe)"]


def test_decode_is_pure_and_names_the_line_of_the_first_bad_byte():
    text, notes = decode_seed(b"line one\nline two caf\xe9\n", "x.txt")
    assert text == "line one\nline two café\n"
    assert notes[0].startswith("x.txt:2: not valid UTF-8")


def test_non_seed_files_are_ignored_and_said_once_as_information(in_tmp):
    seeds = in_tmp / "seeds"
    write(seeds, "good.txt", GOOD)
    for name in ("README.md", ".DS_Store", "good.txt~", "#good.txt#", ".good.txt.swp", "good.txt.bak", "~$lock.txt"):
        write(seeds, name, b"\x00junk")
    write(seeds, "entities.yml", "entities: []\n")  # the registry: not a seed, not "ignored"
    (seeds / "drafts").mkdir()
    result = generate(seeds, in_tmp / "docs")
    assert [b.article.seed for b in result.corpus.briefings] == ["good.txt"]
    assert result.warnings == []  # so --strict does not fail because of a README
    (note,) = [n for n in result.notes if "ignored" in n]
    assert note == (
        "seeds: ignored 8 file(s) that are not seeds (*.txt): "
        "#good.txt#, .DS_Store, .good.txt.swp, README.md, drafts/, good.txt.bak, good.txt~, ~$lock.txt"
    )


def test_missing_seeds_folder_is_fatal_in_one_line(in_tmp):
    from generator.errors import ConfigError

    with pytest.raises(ConfigError) as caught:
        read_seeds(in_tmp / "nope")
    assert str(caught.value) == "nope: seeds folder not found (create it and put article .txt files in it)"


def test_same_title_gets_distinct_deterministic_urls(tmp_path):
    seeds = make_seeds(tmp_path / "seeds", **{"b.txt": GOOD, "a.txt": GOOD, "c.txt": GOOD})
    first = generate(seeds, tmp_path / "docs1").corpus
    slugs = {b.article.seed: b.slug for b in first.briefings}
    assert slugs == {"a.txt": SEED_SLUG, "b.txt": f"{SEED_SLUG}-2", "c.txt": f"{SEED_SLUG}-3"}
    again = generate(seeds, tmp_path / "docs2").corpus
    assert {b.article.seed: b.slug for b in again.briefings} == slugs
    assert sorted(p.name for p in (tmp_path / "docs1" / "briefings").iterdir()) == sorted(
        f"{s}.md" for s in slugs.values()
    )


def test_long_title_has_a_capped_url_and_the_full_title_on_the_page(tmp_path):
    title = " ".join(["Negotiators"] + ["extraordinarily"] * 20 + ["agree"])[:300]
    title = (title + " x" * 150)[:300]
    assert len(title) == 300
    seeds = make_seeds(tmp_path / "seeds", **{"long.txt": GOOD.replace(SEED_TITLE, title, 1)})
    site = build_site(seeds, tmp_path)
    (page,) = (site / "briefings").iterdir()
    assert page.name.startswith("2025-06-02-negotiators-extraordinarily-")
    assert len(page.name) <= len("2025-06-02-") + 80 and page.name.endswith("-extraordinarily")  # whole words
    html = (page / "index.html").read_text(encoding="utf-8")
    assert "<h1" in html and title in html


def test_cyrillic_file_name_and_title_get_a_working_ascii_url(tmp_path):
    seeds = make_seeds(tmp_path / "seeds", FIXTURES / "cyrillic_статья.txt")
    site = build_site(seeds, tmp_path)
    data = json.loads((site / "briefing.json").read_text(encoding="utf-8"))
    (article,) = data["articles"]
    assert article["seed"] == "cyrillic_статья.txt"
    assert article["url"] == "briefings/2025-06-02-rossiia-i-ukraina-dogovorilis-o-novom-obmene-plennymi/"
    assert article["url"].isascii()
    page = site / article["url"] / "index.html"
    assert "Россия и Украина договорились о новом обмене пленными" in page.read_text(encoding="utf-8")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="briefings/2025-06-02-rossiia-i-ukraina-dogovorilis-o-novom-obmene-plennymi/"' in home


def test_undated_article_is_kept_and_listed_as_undated(tmp_path):
    undated = GOOD.replace("June 02, 2025\n", "")
    seeds = make_seeds(tmp_path / "seeds", SEED, **{"undated.txt": undated.replace("Agree to New", "Discuss a")})
    site = build_site(seeds, tmp_path)
    data = json.loads((site / "briefing.json").read_text(encoding="utf-8"))
    assert [a["date"] for a in data["articles"]] == ["2025-06-02", None]  # undated last
    timeline = (site / "timeline" / "index.html").read_text(encoding="utf-8")
    assert "Undated" in timeline and "Russia and Ukraine Discuss a Prisoner Exchange" in timeline


def test_five_megabyte_article_builds(tmp_path):
    """Built end to end (about 13 s; parsing alone scales linearly, see test_properties)."""
    paragraph = "Delegations met in Istanbul on Monday and agreed to exchange prisoners, officials said. " * 6
    count = 5 * 1024 * 1024 // len(paragraph) + 1
    body = "\n\n".join(f"{i}: {paragraph}" for i in range(count))
    text = f"# A Very Long Article\n\nJune 2, 2025\n\n{body}\n\nThe final paragraph.\n"
    assert len(text.encode("utf-8")) > 5 * 1024 * 1024
    site = build_site(make_seeds(tmp_path / "seeds", **{"huge.txt": text}), tmp_path)
    page = site / "briefings" / "2025-06-02-a-very-long-article" / "index.html"
    html = page.read_text(encoding="utf-8")
    article = html.split('<article class="md-content__inner md-typeset">', 1)[1]
    # Each paragraph carries its anchor, #p1 for the first (issue 15).
    assert article.count(f'<p id="p{count}">{count - 1}: Delegations met in Istanbul') == 1
    assert article.count('<p id="p') + article.count('<p class="briefing-lede" id="p1">') >= count + 1
    assert f'<p id="p{count + 1}">The final paragraph.</p>' in article


def test_seed_name_copy_keeps_every_other_field():
    import dataclasses

    from generator.model import Article
    from generator.seeds import with_seed_name

    values = {f.name: (f"value of {f.name}",) for f in dataclasses.fields(Article)}  # distinct, whatever the type
    article = Article(**values)
    assert with_seed_name(article, "new.txt") == dataclasses.replace(article, seed="new.txt", warnings=())


def test_files_are_named_as_display_path_names_them(in_tmp):
    from generator.seeds import DisplayNames, display_path

    shown = DisplayNames()
    paths = [
        in_tmp / "seeds" / "a.txt",
        Path("seeds/b.txt"),
        Path("b.txt"),
        Path("../x/c.txt"),
        in_tmp.parent / "d.txt",
    ]
    paths += [Path("seeds/new\nline.txt"), Path("/"), Path("seeds/..")]
    assert [shown(p) for p in paths] == [display_path(p) for p in paths]
