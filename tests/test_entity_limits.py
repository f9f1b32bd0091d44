"""Runaway input never becomes a runaway name (issue 13, item 2): a paragraph of one name pasted
tens of thousands of times used to crash the whole build (a stack overflow in the Aho-Corasick
automaton fed a 300,000-character "name")."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from generator.detect import MAX_NAME_CHARS, MAX_NAME_WORDS, detect_article
from generator.parse import parse_seed

REPO = Path(__file__).resolve().parents[1]


def _seed(repeats: int) -> str:
    runaway = " ".join(["Vladimir Putin"] * repeats)
    return f"# Pasted text\n\nJune 2, 2025\n\n{runaway}\n\nVladimir Putin met Donald Trump in Istanbul.\n"


def test_a_pasted_name_builds_and_names_no_page_after_the_runaway_run(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "pasted.txt").write_text(_seed(50_000), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}  # this checkout's generator, wherever the venv points
    done = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--seeds", str(seeds), "--docs", str(tmp_path / "docs")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    entities = json.loads((tmp_path / "docs" / "briefing.json").read_text(encoding="utf-8"))["entities"]
    names = {entity["name"] for entity in entities}
    assert {"Vladimir Putin", "Donald Trump", "Istanbul"} <= names
    assert all(len(name) <= MAX_NAME_CHARS and len(name.split()) <= MAX_NAME_WORDS for name in names)


def test_detection_keeps_long_real_names_but_not_longer_runs():
    real = "Coordination Headquarters for the Treatment of Prisoners of War"
    article = parse_seed(f"# T\n\nJune 2, 2025\n\nThe {real} said on Monday it would talk.\n", "t.txt")
    assert real in detect_article(article).names
    article = parse_seed(_seed(200), "t.txt")
    assert all(len(name) <= MAX_NAME_CHARS for name in detect_article(article).names)
