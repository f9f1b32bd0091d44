"""`python -m generator report`: what a curator should look at, with entries that work when pasted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from generator.curation import curation_report, format_report
from generator.detect import detect_article
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
}


def _findings():
    articles = [_article(name, body) for name, body in ARTICLES.items()]
    return curation_report(articles, [detect_article(a) for a in articles])


def test_two_spellings_of_a_place_are_offered_as_one_with_an_entry():
    duplicate = [f for f in _findings() if f.kind == "duplicate"]
    assert [set(f.names) for f in duplicate] == [{"Kyiv", "Kiev"}]
    entry = yaml.safe_load(duplicate[0].entry)
    assert entry == {"entities": [{"name": "Kiev", "aliases": ["Kyiv"]}]} or entry == {
        "entities": [{"name": "Kyiv", "aliases": ["Kiev"]}]
    }


def test_a_shared_surname_is_listed_and_names_seen_once_are_offered_to_ignore():
    findings = _findings()
    kinds = {(f.kind, f.names[0]) for f in findings}
    assert ("ambiguous", "Adams") in kinds
    singles = {f.names[0] for f in findings if f.kind == "single"}
    assert "Enzo Maresca" in singles and "Kyiv" not in singles  # Kyiv is named twice


def test_the_report_reads_seeds_writes_nothing_and_its_entry_merges_the_pages(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name, body in ARTICLES.items():
        (seeds / f"{name}.txt").write_text(f"# {name}\n\nJune 2, 2025\n\n{body}\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "generator", "report", "--seeds", str(seeds)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "## Likely duplicates (1)" in done.stdout
    assert "Kiev / Kyiv" in done.stdout or "Kyiv / Kiev" in done.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seeds"]  # no docs/, no cache
    entry = next(f.entry for f in _findings() if f.kind == "duplicate")
    (seeds / "entities.yml").write_text(entry + "\n", encoding="utf-8")
    places = [e.name for e in generate(seeds, tmp_path / "docs").corpus.entities if e.type == "place"]
    assert ("Kyiv" in places) != ("Kiev" in places)  # one page for both spellings


def test_the_text_form_pastes_each_entry_indented_under_its_finding():
    text = format_report(_findings())
    assert text.index("## Likely duplicates") < text.index("## Types the text contradicts")
    assert "\n    entities:" in text
