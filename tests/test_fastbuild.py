"""The fast build (generator/fastbuild.py) writes the site plain `mkdocs build` writes, file for file,
from cold, from its page cache, and after an edit; and it stops using MkDocs' internals it was not
tested with."""

from __future__ import annotations

import filecmp
import inspect
import logging
import os
import shutil
from importlib.metadata import version
from pathlib import Path

import pytest
from conftest import SEED, corpus_files, make_project, make_seeds
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from generator import fastbuild, parallel
from generator.pagecache import PAGES_NAME


def project(tmp_path: Path) -> Path:
    """A project with the real seed and our corpus, and the project's mkdocs.yml."""
    (tmp_path / "project").mkdir()
    folder = make_project(tmp_path / "project")
    make_seeds(folder / "seeds", SEED, *corpus_files())
    return folder


def config_for(folder: Path, site: str, strict: bool = False, config_file: str | None = None):
    config = load_config(
        config_file=config_file or str(folder / "mkdocs.yml"),
        docs_dir=str(folder / "docs"),
        site_dir=str(folder / site),
        strict=strict,
    )
    config.plugins["briefing"].config.seeds = str(folder / "seeds")
    return config


def files_of(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}


def assert_same_site(plain: Path, fast: Path) -> None:
    names = files_of(plain)
    assert files_of(fast) == names
    differing = [name for name in sorted(names) if not filecmp.cmp(plain / name, fast / name, shallow=False)]
    assert differing == [], f"the fast build wrote other bytes for {differing[:5]}"


@pytest.fixture
def forked(monkeypatch):
    """Pages spread over two processes even on a small site (fork_map forks from 400 pages)."""
    monkeypatch.setattr(parallel, "MIN_ITEMS", 2)
    monkeypatch.setenv("BRIEFING_WORKERS", "2")


def kept_count(caplog, copied: bool = False) -> int:
    """Pages the last fast build kept in its site folder (or, with `copied`, copied from another)."""
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("pages kept from the last build")]
    assert lines, "the fast build did not say how many pages it kept"
    kept, _, rest = lines[-1].partition("; ")
    if copied:
        return int(rest.split(" copied")[0]) if rest else 0
    return int(kept.split(": ")[1].split(" of ")[0])


def test_the_fast_build_handles_this_projects_config(tmp_path):
    folder = project(tmp_path)
    assert fastbuild.unsupported(config_for(folder, "site")) is None, "make site would fall back to mkdocs build"


def test_same_site_as_mkdocs_build_cold_kept_and_after_an_edit(tmp_path, forked, caplog):
    caplog.set_level(logging.INFO, logger="mkdocs")
    folder = project(tmp_path)
    mkdocs_build(config_for(folder, "plain"))
    fastbuild.build(config_for(folder, "fast"))
    assert kept_count(caplog) == 0
    assert_same_site(folder / "plain", folder / "fast")

    fastbuild.build(config_for(folder, "fast"))  # nothing changed: every generated page is kept
    pages = len(list((folder / "docs").rglob("*.md")))
    assert kept_count(caplog) == pages - 1  # about.md, hand-written, is always built
    assert_same_site(folder / "plain", folder / "fast")

    seed = folder / "seeds" / SEED.name
    seed.write_text(seed.read_text(encoding="utf-8").replace("Istanbul", "Ankara", 1), encoding="utf-8")
    stylesheet = folder / "docs" / "stylesheets" / "extra.css"  # a static file: copied again when changed
    stylesheet.write_text(stylesheet.read_text(encoding="utf-8") + "\n/* edited */\n", encoding="utf-8")
    fastbuild.build(config_for(folder, "fast"))
    after_edit = kept_count(caplog)
    assert 0 < after_edit < pages - 1
    mkdocs_build(config_for(folder, "plain"))
    assert_same_site(folder / "plain", folder / "fast")


def test_a_new_site_folder_starts_from_the_pages_of_another_built_alike(tmp_path, caplog, monkeypatch):
    """`mkdocs serve` builds into a new temporary folder: it copies what `make site` built. (`make site`
    builds --strict, serve does not; serve's first build names the config file as given, its next ones
    by its absolute path.)"""
    caplog.set_level(logging.INFO, logger="mkdocs")
    folder = project(tmp_path)
    monkeypatch.chdir(folder)
    fastbuild.build(config_for(folder, "site", strict=True, config_file="mkdocs.yml"))
    fastbuild.build(config_for(folder, "elsewhere"))
    pages = len(list((folder / "docs").rglob("*.md")))
    assert kept_count(caplog) == 0
    assert kept_count(caplog, copied=True) == pages - 1
    assert_same_site(folder / "site", folder / "elsewhere")


def test_a_changed_or_removed_page_in_site_is_built_again_and_strays_go(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="mkdocs")
    folder = project(tmp_path)
    fastbuild.build(config_for(folder, "fast"))
    site = folder / "fast"
    page = next((site / "briefings").glob("*/index.html"))
    original = page.read_bytes()
    page.write_bytes(b"<p>edited by hand</p>")
    gone = next((site / "entities" / "places").glob("*/index.html"))
    gone.unlink()
    (site / "stray.html").write_text("left from another build")
    (site / ".hidden").write_text("MkDocs keeps hidden files at the top of site/")

    fastbuild.build(config_for(folder, "fast"))
    assert page.read_bytes() == original
    assert gone.is_file()
    assert not (site / "stray.html").exists()
    assert (site / ".hidden").is_file()


def test_a_page_cache_written_with_another_key_is_not_used(tmp_path, caplog, cache_key_folder):
    caplog.set_level(logging.INFO, logger="mkdocs")
    folder = project(tmp_path)
    fastbuild.build(config_for(folder, "fast"))
    stored = folder / "docs" / PAGES_NAME
    assert stored.is_file()
    data = bytearray(stored.read_bytes())
    data[-1] ^= 1  # tampered with: its tag no longer matches
    stored.write_bytes(bytes(data))
    fastbuild.build(config_for(folder, "fast"))
    assert kept_count(caplog) == 0


def test_warnings_of_a_kept_page_are_logged_again_so_strict_still_fails(tmp_path, monkeypatch):
    """What MkDocs logged while building a page is kept with it: `--strict` fails on every build."""
    from generator.plugin import BriefingPlugin

    def warn_on_timeline(self, markdown, page, config, files):
        if page.file.src_uri == "timeline.md":
            logging.getLogger("mkdocs.plugins.briefing").warning("a warning while building the timeline")
        return markdown

    monkeypatch.setattr(BriefingPlugin, "on_page_markdown", warn_on_timeline, raising=False)
    folder = project(tmp_path)
    for _ in range(2):
        with pytest.raises(Abort, match="1 warnings in strict mode"):
            fastbuild.build(config_for(folder, "fast", strict=True))


def test_a_config_it_was_not_tested_with_is_built_by_mkdocs(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="mkdocs")
    folder = project(tmp_path)
    text = (folder / "mkdocs.yml").read_text(encoding="utf-8")
    (folder / "mkdocs.yml").write_text(text.replace("plugins:\n", "plugins:\n  - tags\n"), encoding="utf-8")
    config = config_for(folder, "site")
    assert "tags" in (fastbuild.unsupported(config) or "")
    fastbuild.build(config)
    assert any("built by MkDocs itself" in r.getMessage() for r in caplog.records)
    assert (folder / "site" / "index.html").is_file()


def test_mkdocs_internals_are_the_ones_the_fast_build_was_tested_with():
    installed = {package: version(package) for package in fastbuild.TESTED_WITH}
    assert installed == fastbuild.TESTED_WITH, (
        f"installed {installed}; generator/fastbuild.py calls MkDocs' build internals and was tested with "
        f"{fastbuild.TESTED_WITH}: read mkdocs/commands/build.py's build() for changes, update _build to match, "
        "run this file, then update TESTED_WITH"
    )
    from mkdocs.commands import build, serve

    expected = {
        "_populate_page": ["page", "config", "files", "dirty"],
        "_build_page": ["page", "config", "doc_files", "nav", "env", "dirty", "excluded"],
        "_build_theme_template": ["template_name", "env", "files", "config", "nav"],
    }
    for name, parameters in expected.items():
        assert list(inspect.signature(getattr(build, name)).parameters) == parameters, f"mkdocs build.{name} changed"
    assert serve.build is build.build, "mkdocs serve no longer calls mkdocs.commands.build.build by that name"


def test_the_page_cache_file_is_the_generators_own_for_serve(tmp_path):
    """serve's docs watch ignores the page cache: saving it must not start another build."""
    from generator.plugin import GeneratedFiles

    docs = tmp_path / "docs"
    docs.mkdir()
    assert GeneratedFiles(docs).owns(os.fspath(docs / PAGES_NAME))
    assert not GeneratedFiles(docs).owns(os.fspath(docs / "about.md"))


def test_cli_build_uses_the_fast_build(tmp_path, monkeypatch):
    from generator.cli import main

    folder = project(tmp_path)
    shutil.rmtree(folder / "seeds")
    make_seeds(folder / "seeds", SEED)
    monkeypatch.chdir(folder)
    calls = []
    original = fastbuild._build
    monkeypatch.setattr(fastbuild, "_build", lambda *args: calls.append(1) or original(*args))
    assert main(["build"]) == 0
    assert calls == [1]
    assert (folder / "site" / "index.html").is_file()
