"""The curation report (`python -m generator report`, the site's entities/review.md): what a curator
should look at, bounded, made from the pipeline's own entity passes, with entries that work when pasted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

import generator.entities
from generator.curation import MAX_PER_KIND, format_report
from generator.entities import link_entities
from generator.parse import parse_seed
from generator.pipeline import generate

REPO = Path(__file__).resolve().parents[1]


def _article(name: str, body: str):
    return parse_seed(f"# {name}\n\nJune 2, 2025\n\n{body}\n", f"{name}.txt")


ARTICLES = {
    "kyiv": "Drones struck Kyiv overnight, officials in Kyiv said.",
    "kiev": "Officials in Kiev said the talks would resume. Negotiators met in Kiev on Monday.",
    "coach": "Chelsea coach Enzo Maresca said the players were tired.",
    "shared": "Paul Adams met Karina Adams in Istanbul. Adams said little.",
    "palace": "Delegations met at the Dolmabahçe Palace. Later the Dolmabahce Palace was closed.",
}


def _review(articles: dict[str, str] = ARTICLES):
    return link_entities([_article(name, body) for name, body in articles.items()]).review


def _write_seeds(folder: Path, articles: dict[str, str]) -> Path:
    folder.mkdir()
    for name, body in articles.items():
        (folder / f"{name}.txt").write_text(f"# {name}\n\nJune 2, 2025\n\n{body}\n", encoding="utf-8")
    return folder


def test_two_spellings_of_a_place_are_offered_as_one_with_an_entry():
    duplicates = [f for f in _review().findings if f.kind == "duplicate"]
    kiev = next(f for f in duplicates if "Kyiv" in f.names)
    assert set(kiev.names) == {"Kyiv", "Kiev"} and set(kiev.ids) == {"places/kyiv", "places/kiev"}
    entry = yaml.safe_load(kiev.entry)
    assert entry in (
        {"entities": [{"name": "Kiev", "aliases": ["Kyiv"]}]},
        {"entities": [{"name": "Kyiv", "aliases": ["Kiev"]}]},
    )


def test_names_the_same_but_for_an_accent_are_likely_duplicates():
    palace = [f for f in _review().findings if f.kind == "duplicate" and "Dolmabahce Palace" in f.names]
    assert [set(f.names) for f in palace] == [{"Dolmabahce Palace", "Dolmabahçe Palace"}]
    assert palace[0].why == "two place pages, alike but for accents"


def test_a_shared_surname_is_listed_and_names_seen_once_are_offered_to_ignore():
    found = _review()
    ambiguous = [f for f in found.findings if f.kind == "ambiguous"]
    assert [f.names for f in ambiguous] == [("Adams", "Karina Adams", "Paul Adams")]
    assert ambiguous[0].ids == ("", "people/karina-adams", "people/paul-adams")  # the short form has no page
    singles = {f.names[0]: f for f in found.findings if f.kind == "single"}
    assert "Enzo Maresca" in singles and "Kyiv" not in singles  # Kyiv is named twice
    assert yaml.safe_load(singles["Enzo Maresca"].entry) == {"ignore": ["Enzo Maresca"]}
    assert dict(found.totals) == {kind: sum(f.kind == kind for f in found.findings) for kind in dict(found.totals)}


def test_each_list_is_capped_and_counts_what_it_leaves_out():
    syllables = ["ka", "lo", "mi", "ru", "te", "vo", "zan", "bel"]
    surnames = [(a + b + c).capitalize() for a in syllables for b in syllables for c in syllables][: MAX_PER_KIND + 30]
    text = " ".join(f"Officials said Minister Anna {name} arrived." for name in surnames)
    found = _review({"many": text})
    totals = dict(found.totals)
    singles = [f for f in found.findings if f.kind == "single"]
    assert len(singles) == MAX_PER_KIND and totals["single"] >= MAX_PER_KIND + 30
    assert all(sum(f.kind == kind for f in found.findings) <= MAX_PER_KIND for kind in totals)
    assert f"## Named only once ({MAX_PER_KIND} of {totals['single']:,})" in format_report(found)


def test_the_pipeline_runs_entity_detection_once_for_pages_and_report(tmp_path, monkeypatch):
    """The review page comes from the passes that link the pages, not from a second detection."""
    calls = []
    real = generator.entities.find_mentions
    monkeypatch.setattr(generator.entities, "find_mentions", lambda *a, **k: calls.append(1) or real(*a, **k))
    result = generate(_write_seeds(tmp_path / "seeds", ARTICLES), tmp_path / "docs")
    assert len(calls) == 1
    assert result.corpus.review == _review()
    assert "Karina Adams" in (tmp_path / "docs" / "entities" / "review.md").read_text(encoding="utf-8")


def test_the_report_command_prints_the_pipelines_review_and_writes_nothing(tmp_path):
    seeds = _write_seeds(tmp_path / "seeds", ARTICLES)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "generator", "report", "--seeds", str(seeds)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "## Likely duplicates (2)" in done.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seeds"]  # no docs/, no cache
    assert done.stdout == format_report(generate(seeds, tmp_path / "docs").corpus.review) + "\n"


def test_a_pasted_entry_merges_the_pages(tmp_path):
    seeds = _write_seeds(tmp_path / "seeds", ARTICLES)
    entry = next(f.entry for f in _review().findings if f.kind == "duplicate" and "Kyiv" in f.names)
    (seeds / "entities.yml").write_text(entry + "\n", encoding="utf-8")
    result = generate(seeds, tmp_path / "docs")
    places = [e.name for e in result.corpus.entities if e.type == "place"]
    assert ("Kyiv" in places) != ("Kiev" in places)  # one page for both spellings
    assert not any(f.kind == "duplicate" and "Kyiv" in f.names for f in result.corpus.review.findings)


def test_the_text_form_pastes_each_entry_indented_under_its_finding():
    text = format_report(_review())
    assert text.index("## Likely duplicates") < text.index("## Types the text contradicts")
    assert "\n    entities:" in text
