"""Shared fixtures: the real seed, our small corpus in tests/fixtures/corpus, and site builds in tmp_path.

The tests run on a plain clone: `CORPUS` is ours. `../shared/corpus`, the evaluation set of `make eval`,
is used in addition when it is there (`gold_corpora`), never instead.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_3be0f6f4840430dd.txt"
SEED_TITLE = "Russia and Ukraine Agree to New Prisoner Exchange After Second Round of Talks, But No Ceasefire In Sight"
# The URL of the seed's briefing: its date and its long title cut after a word that reads (issue 12).
SEED_SLUG = "2025-06-02-russia-and-ukraine-agree-to-new-prisoner-exchange-after-second-round-of-talks"
SEED_BRIEFING = f"briefings/{SEED_SLUG}/"
# What a careful reader expects the seed's page to link, with the seed alone (issue 12, "Done means"):
# entity id (its page is entities/<id>/) -> (name, type). Nothing else may be linked.
SEED_ENTITIES = {
    "people/rustem-umerov": ("Rustem Umerov", "person"),
    "people/vladimir-medinsky": ("Vladimir Medinsky", "person"),
    "people/donald-trump": ("Donald Trump", "person"),
    "people/keith-kellogg": ("Keith Kellogg", "person"),
    "people/vladimir-putin": ("Vladimir Putin", "person"),
    "people/volodymyr-zelensky": ("Volodymyr Zelensky", "person"),
    "people/alexander-ryumin": ("Alexander Ryumin", "person"),
    "organisations/tass": ("TASS", "organisation"),
    "organisations/reuters": ("Reuters", "organisation"),
    "organisations/the-economist": ("The Economist", "organisation"),
    "organisations/kremlin": ("Kremlin", "organisation"),
    "organisations/white-house": ("White House", "organisation"),
    "places/russia": ("Russia", "place"),
    "places/ukraine": ("Ukraine", "place"),
    "places/istanbul": ("Istanbul", "place"),
    "places/turkey": ("Turkey", "place"),
    "places/kyiv": ("Kyiv", "place"),
    "places/moscow": ("Moscow", "place"),
    "places/sumy": ("Sumy", "place"),
    "places/kharkiv": ("Kharkiv", "place"),
    "places/washington": ("Washington", "place"),
    "places/united-states": ("United States", "place"),
    "events/spiders-web": ("Spider's Web", "event"),
}
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Our own four articles (written for the tests) and what they should link (gold.yaml).
CORPUS = FIXTURES / "corpus"
SHARED_CORPUS = REPO.parent / "shared" / "corpus"
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
    """The articles of our own corpus (tests/fixtures/corpus), always present."""
    return sorted(CORPUS.glob("*.txt"))


def gold_corpora() -> list[Path]:
    """Folders of articles with a gold.yaml: ours, then ../shared/corpus when it is beside the clone.
    For parametrising: an absent shared corpus adds no test rather than a skipped one."""
    return [CORPUS] + ([SHARED_CORPUS] if (SHARED_CORPUS / "gold.yaml").is_file() else [])


def make_seeds(folder: Path, *sources: Path, **texts: str) -> Path:
    """A seeds folder holding copies of `sources` plus files written from `texts` (name=text)."""
    folder.mkdir(parents=True, exist_ok=True)
    for source in sources:
        shutil.copy(source, folder / source.name)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def load_tool(name: str):
    """A script of tools/ as a module (`tools/eval_entities.py`: `load_tool("eval_entities")`)."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location(name, REPO / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def make_project(folder: Path) -> Path:
    """A project folder as a user has one: mkdocs.yml and the hand-written docs (seeds are the test's)."""
    shutil.copy(REPO / "mkdocs.yml", folder / "mkdocs.yml")
    for name in HAND_WRITTEN_DOCS:
        source = REPO / "docs" / name
        if source.is_dir():
            shutil.copytree(source, folder / "docs" / name)
        elif source.is_file():
            (folder / "docs").mkdir(exist_ok=True)
            shutil.copy(source, folder / "docs" / name)
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


@dataclass(frozen=True)
class IndexedPage:
    title: str
    text: str  # the words Pagefind indexed for the page, as one text


FRAGMENT_SIGNATURE = b"pagefind_dcd"


def indexed_pages(site: Path) -> dict[str, IndexedPage]:
    """What the site's Pagefind index holds, page by page: {"briefings/<slug>/": IndexedPage}.

    Read from Pagefind's fragments (one gzipped JSON per page, its indexed text and metadata), which
    Pagefind 1.5 writes for the browser; the format is Pagefind's own, so a change fails here, clearly."""
    pages = {}
    for fragment in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(FRAGMENT_SIGNATURE), (
            f"{fragment}: not a Pagefind 1.5 fragment (gzip, {FRAGMENT_SIGNATURE!r}, JSON): "
            "Pagefind's format changed; update indexed_pages in tests/conftest.py"
        )
        record = json.loads(data[len(FRAGMENT_SIGNATURE) :])
        pages[record["url"].lstrip("/")] = IndexedPage(record["meta"].get("title", ""), record["content"])
    assert pages, f"{site / 'pagefind'}: no search index"
    return pages


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The site built from the real seed plus our corpus, shared by read-only tests."""
    work = tmp_path_factory.mktemp("sample")
    seeds = make_seeds(work / "seeds", SEED, *corpus_files())
    return build_site(seeds, work)
