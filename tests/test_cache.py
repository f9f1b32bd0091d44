"""The on-disk cache: a changed input is recomputed, an unchanged one is not, a bad file is ignored."""

from __future__ import annotations

import pickle

import pytest
from conftest import SEED, SEED_TITLE

from generator.cache import CACHE_NAME, Cache, cache_key, code_fingerprint, content_key, read_authenticated
from generator.cache import write_authenticated as write_cache
from generator.errors import SeedError
from generator.model import Article
from generator.parse import parse_seed

TEXT = SEED.read_text(encoding="utf-8")


class ParseCache:
    """`parse_seed` with memory: the cache exercised with a real computation (the pipeline caches
    whole seed analyses the same way, in analyse.py)."""

    def __init__(self, cache: Cache) -> None:
        self.cache = cache

    def parse(self, text: str, name: str) -> Article:
        return self.cache.get("parse", content_key(name, text), lambda: parse_seed(text, name), kind=Article)


def read_cache(path):
    """The payload of a cache file (authenticated with the test session's key)."""
    return read_authenticated(path, cache_key())


def parse_twice(tmp_path, first: dict[str, str], second: dict[str, str]) -> ParseCache:
    """Parse `first` (name -> text) with a fresh cache, save it, then parse `second` with the saved one."""
    path = tmp_path / CACHE_NAME
    cache = ParseCache(Cache.load(path))
    for name, text in first.items():
        cache.parse(text, name)
    cache.cache.save()
    again = ParseCache(Cache.load(path))
    for name, text in second.items():
        again.parse(text, name)
    return again


def test_unchanged_seed_is_not_parsed_again(tmp_path):
    again = parse_twice(tmp_path, {"a.txt": TEXT, "b.txt": TEXT}, {"a.txt": TEXT, "b.txt": TEXT})
    assert (again.cache.hits, again.cache.misses) == (2, 0)


def test_changed_seed_is_parsed_again(tmp_path):
    edited = TEXT.replace("Istanbul on Monday", "Istanbul on Tuesday")
    again = parse_twice(tmp_path, {"a.txt": TEXT, "b.txt": TEXT}, {"a.txt": edited, "b.txt": TEXT})
    assert (again.cache.hits, again.cache.misses) == (1, 1)
    article = again.parse(edited, "a.txt")
    assert "Istanbul on Tuesday" in article.text


def test_cached_article_equals_a_fresh_parse(tmp_path):
    again = parse_twice(tmp_path, {"a.txt": TEXT}, {})
    assert again.parse(TEXT, "a.txt") == parse_seed(TEXT, "a.txt")
    assert again.cache.hits == 1


def test_same_text_under_another_name_is_parsed_again(tmp_path):
    # Warnings and the fallback title name the file, so the name is part of the key.
    again = parse_twice(tmp_path, {"a.txt": TEXT}, {"renamed.txt": TEXT})
    assert (again.cache.hits, again.cache.misses) == (0, 1)


@pytest.mark.parametrize(
    "content",
    [b"", b"not a pickle at all", pickle.dumps({"fingerprint": "0" * 64, "entries": {}}), pickle.dumps([1, 2])],
    ids=["empty", "garbage", "other-generator", "wrong-shape"],
)
def test_unusable_cache_file_is_ignored_and_replaced(tmp_path, content):
    path = tmp_path / CACHE_NAME
    path.write_bytes(content)
    cache = ParseCache(Cache.load(path))
    assert cache.parse(TEXT, "a.txt").title == SEED_TITLE
    assert cache.cache.misses == 1
    cache.cache.save()
    assert read_cache(path)["fingerprint"] == code_fingerprint()


def test_truncated_cache_file_is_ignored(tmp_path):
    path = tmp_path / CACHE_NAME
    cache = ParseCache(Cache.load(path))
    cache.parse(TEXT, "a.txt")
    cache.cache.save()
    path.write_bytes(path.read_bytes()[:40])
    assert Cache.load(path).get("parse", content_key("a.txt", TEXT), lambda: "recomputed") == "recomputed"


def test_entry_of_the_wrong_type_is_recomputed(tmp_path):
    path = tmp_path / CACHE_NAME
    key = content_key("a.txt", TEXT)
    write_cache(path, cache_key(), {"fingerprint": code_fingerprint(), "entries": {f"parse:{key}": "oops"}})
    cache = ParseCache(Cache.load(path))
    assert cache.parse(TEXT, "a.txt").title.startswith("Russia")
    assert cache.cache.misses == 1


def test_entries_not_used_are_dropped_on_save(tmp_path):
    path = tmp_path / CACHE_NAME
    parse_twice(tmp_path, {"a.txt": TEXT, "b.txt": TEXT}, {"a.txt": TEXT}).cache.save()
    entries = read_cache(path)["entries"]
    assert list(entries) == [f"parse:{content_key('a.txt', TEXT)}"]


def test_nothing_is_written_when_nothing_changed(tmp_path):
    path = tmp_path / CACHE_NAME
    parse_twice(tmp_path, {"a.txt": TEXT}, {})
    before = path.stat().st_mtime_ns
    again = ParseCache(Cache.load(path))
    again.parse(TEXT, "a.txt")
    again.cache.save()
    assert path.stat().st_mtime_ns == before


def test_seed_errors_are_raised_every_time_not_cached(tmp_path):
    cache = ParseCache(Cache.load(tmp_path / CACHE_NAME))
    for _ in range(2):
        with pytest.raises(SeedError):
            cache.parse("   \n", "blank.txt")
    assert cache.cache.hits == 0


def test_key_separates_its_parts():
    assert content_key("ab", "c") != content_key("a", "bc")


def test_generate_parses_only_seeds_that_changed_since_the_last_run(tmp_path, monkeypatch):
    from conftest import SEED, corpus_files, make_seeds

    import generator.analyse
    from generator.pipeline import generate

    seeds = make_seeds(tmp_path / "seeds", SEED, *corpus_files())
    parsed: list[str] = []
    real_parse = generator.analyse.parse_seed
    monkeypatch.setattr(
        generator.analyse, "parse_seed", lambda text, name: parsed.append(name) or real_parse(text, name)
    )

    first = generate(seeds, tmp_path / "docs")
    assert len(parsed) == len(first.corpus.briefings) == 1 + len(corpus_files())

    parsed.clear()
    generate(seeds, tmp_path / "docs")
    assert parsed == []

    edited = seeds / SEED.name
    edited.write_text(edited.read_text(encoding="utf-8").replace("6,000 bodies", "6,001 bodies"), encoding="utf-8")
    again = generate(seeds, tmp_path / "docs")
    assert [name.endswith(SEED.name) for name in parsed] == [True]  # only the edited seed
    assert (
        "6,001 bodies" in (tmp_path / "docs" / again.corpus.briefings[0].url.rstrip("/")).with_suffix(".md").read_text()
    )


def test_unchanged_entries_are_written_back_as_the_bytes_they_were(tmp_path):
    path = tmp_path / CACHE_NAME
    parse_twice(tmp_path, {"a.txt": TEXT, "b.txt": TEXT}, {})
    before = read_cache(path)["entries"]
    assert all(isinstance(data, bytes) for data in before.values())  # each entry is a pickle of its own
    again = ParseCache(Cache.load(path))
    again.parse(TEXT, "a.txt")
    again.parse(TEXT.replace("Istanbul", "Ankara"), "b.txt")
    again.cache.save()
    after = read_cache(path)["entries"]
    key = f"parse:{content_key('a.txt', TEXT)}"
    assert after[key] is not None and after[key] == before[key]
    assert len(after) == 2


def test_an_entry_that_cannot_be_unpickled_is_recomputed(tmp_path):
    path = tmp_path / CACHE_NAME
    used, unused = f"parse:{content_key('a.txt', TEXT)}", "parse:unused"
    entries = {used: b"not a pickle", unused: b"not a pickle either"}
    write_cache(path, cache_key(), {"fingerprint": code_fingerprint(), "entries": entries})
    cache = ParseCache(Cache.load(path))
    assert cache.parse(TEXT, "a.txt") == parse_seed(TEXT, "a.txt")
    assert (cache.cache.hits, cache.cache.misses) == (0, 1)


def test_entries_used_in_a_worker_process_are_adopted_and_saved(tmp_path):
    # A worker reads with its own copy of the cache; the parent adopts what it used, then saves once.
    path = tmp_path / CACHE_NAME
    parse_twice(tmp_path, {"a.txt": TEXT}, {})
    parent, worker = Cache.load(path), ParseCache(Cache.load(path))
    worker.parse(TEXT, "a.txt")
    worker.parse(TEXT, "b.txt")
    assert (worker.cache.hits, worker.cache.misses) == (1, 1)
    parent.adopt(pickle.loads(pickle.dumps(worker.cache.used_entries())))
    assert parent.misses == 1
    assert ParseCache(parent).parse(TEXT, "b.txt") == parse_seed(TEXT, "b.txt") and parent.misses == 1
    parent.save()
    again = ParseCache(Cache.load(path))
    again.parse(TEXT, "a.txt")
    again.parse(TEXT, "b.txt")
    assert (again.cache.hits, again.cache.misses) == (2, 0)


def test_generate_redoes_a_seed_whose_cached_analysis_cannot_be_used(tmp_path):
    from conftest import corpus_files, make_seeds

    from generator.pipeline import generate

    seeds = make_seeds(tmp_path / "seeds", SEED, *corpus_files())
    first = generate(seeds, tmp_path / "docs")
    path = tmp_path / "docs" / CACHE_NAME
    stored = read_cache(path)
    spoiled = [key for key in stored["entries"] if key.startswith("seed:")]
    stored["entries"][spoiled[0]] = b"not a pickle"
    stored["entries"][spoiled[1]] = pickle.dumps("not an analysis")
    write_cache(path, cache_key(), stored)
    again = generate(seeds, tmp_path / "docs")
    assert again.warnings == first.warnings and again.corpus == first.corpus
    assert again.report.written == []  # the same pages: nothing to write
