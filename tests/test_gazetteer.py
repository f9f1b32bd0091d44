"""The gazetteers: what they know, and the copy saved in the user's cache folder."""

from __future__ import annotations

import pytest

from generator import gazetteer


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """Gazetteers read in a process of their own: a cache folder of this test's, nothing in memory."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    gazetteer._tables.cache_clear()
    yield tmp_path
    gazetteer._tables.cache_clear()


def test_places_countries_and_first_names_that_detection_relies_on(fresh):
    places = gazetteer.places()
    assert places["Kharkiv"] >= gazetteer.BIG_CITY and places["Sumy"] >= gazetteer.BIG_CITY
    assert 15_000 <= places["Hove"] < gazetteer.BIG_CITY
    assert {"Ukraine", "Turkey", "Russia"} <= gazetteer.countries()
    names = gazetteer.first_names()
    assert {"Keith", "Rustem", "Volodymyr", "Hassan"} <= names
    assert not {"Sheffield", "Houston", "Merrill"} & names  # first names in the list, but too rare to tell


def test_the_saved_copy_gives_the_same_tables_and_a_spoiled_one_is_written_again(fresh):
    read = gazetteer._tables()
    saved = gazetteer._saved_path()
    assert saved.is_file() and fresh in saved.parents
    gazetteer._tables.cache_clear()
    assert gazetteer._tables() == read  # from the saved copy
    for spoiled in (b"not json", b'{"places": {"Kyiv": "many"}, "countries": [], "first_names": []}', b"[]"):
        saved.write_bytes(spoiled)
        gazetteer._tables.cache_clear()
        assert gazetteer._tables() == read
        assert saved.read_bytes() != spoiled


def test_a_cache_folder_that_cannot_be_written_costs_nothing_but_time(fresh, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(fresh / "a-file"))
    (fresh / "a-file").write_text("in the way", encoding="utf-8")
    assert "Kyiv" in gazetteer.places()
