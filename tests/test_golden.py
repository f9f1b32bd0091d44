"""Golden files: the real seed's briefing page and its briefing.json entry, as committed in tests/golden/.

A difference is shown as a unified diff. When the change is intended, `make golden` rewrites the files
(tools/regen_golden.py); review `git diff tests/golden` and commit them with the change.
"""

from __future__ import annotations

import difflib
import importlib.util
import json
import sys

import pytest
from conftest import REPO, SEED, SEED_SLUG, SEED_TITLE

GOLDEN = REPO / "tests" / "golden"


def load_regen():
    spec = importlib.util.spec_from_file_location("regen_golden", REPO / "tools" / "regen_golden.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["regen_golden"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated() -> dict[str, str]:
    return load_regen().render_golden()


@pytest.mark.parametrize("name", ["seed_briefing.md", "seed_article.json"])
def test_the_seeds_output_matches_its_golden_file(generated, name):
    expected_path = GOLDEN / name
    assert expected_path.is_file(), f"{expected_path.relative_to(REPO)} is missing: run `make golden`"
    expected, actual = expected_path.read_text(encoding="utf-8"), generated[name]
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                fromfile=f"tests/golden/{name} (committed)",
                tofile=f"{name} (generated now)",
            )
        )
        pytest.fail(f"{name} differs from its golden file; if intended, run `make golden`:\n{diff}", pytrace=False)


def test_golden_files_are_the_seed_alone_with_its_whole_title(generated):
    """What the golden files hold, independently of the generator's details."""
    article = json.loads(generated["seed_article.json"])
    assert (article["seed"], article["slug"], article["title"]) == (SEED.name, SEED_SLUG, SEED_TITLE)
    assert f"# {SEED_TITLE}\n" in generated["seed_briefing.md"]
