"""The set-up contract: `make site` in a copy of the project, sharing this .venv, builds that copy's seeds."""

from __future__ import annotations

import hashlib
import shutil
import subprocess

import pytest
from conftest import REPO, SEED_SLUG, corpus_files

PROJECT_FILES = ("Makefile", "pyproject.toml", "mkdocs.yml", "README.md", "generator", "docs")


def test_make_site_in_a_copy_uses_the_existing_venv(tmp_path):
    venv = REPO / ".venv"
    if not (venv / "bin" / "python").exists() or shutil.which("make") is None:
        pytest.skip("needs make and the project's .venv (run through `make test`)")
    installed_for = (venv / ".installed").read_text().strip() if (venv / ".installed").exists() else ""
    if installed_for != hashlib.sha256((REPO / "pyproject.toml").read_bytes()).hexdigest()[:16]:
        # Never let the copy reinstall into the shared .venv (it would point the install at tmp_path).
        pytest.skip(".venv is not installed for this pyproject.toml yet (run through `make test`)")
    copy = tmp_path / "copy"
    copy.mkdir()
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, copy / name)
    seeds = copy / "seeds"
    seeds.mkdir()
    for path in corpus_files():
        shutil.copy(path, seeds / path.name)
    (copy / ".venv").symlink_to(venv)

    run = subprocess.run(["make", "site"], cwd=copy, capture_output=True, text=True, timeout=300)

    assert run.returncode == 0, run.stdout + run.stderr
    assert "Setting up" not in run.stdout, "make site reinstalled into the shared .venv"
    built = sorted(p.name for p in (copy / "site" / "briefings").iterdir())
    assert len(built) == len(corpus_files())
    assert SEED_SLUG not in built  # the copy's seeds, not this project's
