"""Shared fixtures: the real seed, the sample corpus in ../shared/corpus, and site builds in tmp_path."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_3be0f6f4840430dd.txt"
CORPUS = REPO.parent / "shared" / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
HAND_WRITTEN_DOCS = ("about.md", "stylesheets")
CHROMIUM = Path("/usr/bin/chromium")  # Debian's chromium; Playwright never downloads a browser here
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session", autouse=True)
def cache_key_folder():
    """The generator's cache key (generator/cache.py) in a folder of the test session's own, outside
    every tmp_path a test builds in (a key inside the project is refused), not in ~/.cache."""
    folder = tempfile.mkdtemp(prefix="briefing-test-cache-home-")
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = folder
    yield Path(folder)
    if before is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = before
    shutil.rmtree(folder, ignore_errors=True)


def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        pytest.skip(f"sample corpus not found at {CORPUS}")
    return sorted(CORPUS.glob("*.txt"))


def make_seeds(folder: Path, *sources: Path, **texts: str) -> Path:
    """A seeds folder holding copies of `sources` plus files written from `texts` (name=text)."""
    folder.mkdir(parents=True, exist_ok=True)
    for source in sources:
        shutil.copy(source, folder / source.name)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def build_site(seeds_dir: Path, work: Path, strict: bool = False, related_count: int = 5) -> Path:
    """Build the real mkdocs.yml against `seeds_dir` into `work/site` (docs in `work/docs`); return site dir."""
    docs = work / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    for name in HAND_WRITTEN_DOCS:
        source = REPO / "docs" / name
        if source.is_dir():
            shutil.copytree(source, docs / name, dirs_exist_ok=True)
        elif source.is_file() and not (docs / name).exists():
            shutil.copy(source, docs / name)
    config = load_config(
        config_file=str(REPO / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(work / "site"), strict=strict
    )
    plugin = config.plugins["briefing"]
    plugin.config.seeds = str(seeds_dir.resolve())
    plugin.config.related_count = related_count
    build(config)
    return work / "site"


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The site built from the real seed plus the sample corpus, shared by read-only tests."""
    work = tmp_path_factory.mktemp("sample")
    seeds = make_seeds(work / "seeds", SEED, *corpus_files())
    return build_site(seeds, work)
