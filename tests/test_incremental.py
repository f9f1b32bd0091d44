"""A rerun after a change renders only the pages whose inputs changed, and writes the same files a
fresh run would."""

from __future__ import annotations

import sys

import pytest
from conftest import REPO, SEED, corpus_files, make_seeds

from generator import render
from generator.pipeline import generate

sys.path.insert(0, str(REPO / "bench"))
import synth


def _tree(docs):
    return {
        path.relative_to(docs).as_posix(): path.read_bytes()
        for path in docs.rglob("*")
        if path.is_file() and not path.name.startswith(".")
    }


@pytest.fixture
def seeds(tmp_path):
    folder = make_seeds(tmp_path / "seeds", SEED, *corpus_files())
    for path in synth.synthesise(40, tmp_path / "synthetic"):
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


@pytest.fixture
def rendered(monkeypatch):
    """The paths render.Site.render is called for (in this process: no forked workers, whose calls it would miss)."""
    from generator import parallel

    monkeypatch.setattr(parallel, "MIN_ITEMS", 1 << 30)
    paths: list[str] = []
    real = render.Site.render

    def counting(site, path):
        paths.append(path)
        return real(site, path)

    monkeypatch.setattr(render.Site, "render", counting)
    return paths


def _edit_one_seed(seeds):
    path = sorted(seeds.glob("0*_*.txt"))[20]  # a synthetic article in the middle
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[8] += " An official added one more detail on Tuesday."
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_a_rerun_with_nothing_changed_renders_only_briefing_json(seeds, tmp_path, rendered):
    docs = tmp_path / "docs"
    first = generate(seeds, docs)
    rendered.clear()
    again = generate(seeds, docs)
    assert again.report.written == []
    assert rendered == ["briefing.json"]
    assert again.report.unchanged == len(first.report.written)


def test_after_one_seed_changed_the_rerun_writes_what_a_fresh_run_writes(seeds, tmp_path, rendered):
    docs = tmp_path / "docs"
    first = generate(seeds, docs)
    edited = _edit_one_seed(seeds)
    rendered.clear()
    rerun = generate(seeds, docs)
    pages = len(first.report.written)
    assert 0 < len(rendered) < pages / 4, rendered  # the edited briefing, pages naming it, the lists
    assert any(path.startswith("briefings/") for path in rerun.report.written)
    assert len(rerun.report.written) <= len(rendered)

    fresh = tmp_path / "fresh"
    generate(seeds, fresh)
    assert _tree(docs) == _tree(fresh), f"a rerun after editing {edited.name} differs from a fresh run"


def _rename_an_entity(seeds, corpus):
    path = seeds / "entities.yml"
    path.write_text("entities:\n  - name: Rustem Umerov the Negotiator\n    aliases: [Rustem Umerov, Umerov]\n")
    return path


def _retitle_a_related_article(seeds, corpus):
    """A new title for an article another briefing lists as related, its slug kept (front matter)."""
    target = min((item.slug for briefing in corpus.briefings for item in briefing.related), key=len)  # kept whole
    (briefing,) = [b for b in corpus.briefings if b.slug == target]
    path = seeds / briefing.article.seed
    text = path.read_text(encoding="utf-8")
    path.write_text(f"---\ntitle: Retitled {briefing.article.title}\nslug: {target}\n---\n{text}", encoding="utf-8")
    return path


@pytest.mark.parametrize("change", [_retitle_a_related_article, _rename_an_entity])
def test_what_other_pages_list_of_a_briefing_or_an_entity_is_in_their_keys(seeds, tmp_path, change):
    """Pages listing a briefing (its title, date) or naming an entity (its name) hold a short hash of
    those in their keys: a new title or name reaches every page that shows it."""
    docs = tmp_path / "docs"
    edited = change(seeds, generate(seeds, docs).corpus)
    generate(seeds, docs)
    fresh = tmp_path / "fresh"
    generate(seeds, fresh)
    assert _tree(docs) == _tree(fresh), f"a rerun after changing {edited.name} differs from a fresh run"


def test_a_page_edited_by_hand_is_still_refused_when_its_inputs_did_not_change(seeds, tmp_path):
    docs = tmp_path / "docs"
    generate(seeds, docs)
    page = sorted((docs / "briefings").glob("*.md"))[3]
    page.write_text(page.read_text(encoding="utf-8") + "\nMy own note.\n", encoding="utf-8")
    rerun = generate(seeds, docs)
    assert any("was edited by hand" in message for message in rerun.warnings)
    assert page.read_text(encoding="utf-8").endswith("My own note.\n")


def test_a_rerun_finds_mentions_again_only_in_the_edited_article(seeds, tmp_path, monkeypatch):
    from generator import mentions as entities

    docs = tmp_path / "docs"
    generate(seeds, docs)
    edited = _edit_one_seed(seeds)
    searched: list[str] = []
    real = entities._mentions_in
    monkeypatch.setattr(entities, "_mentions_in", lambda a, f, u: searched.append(a.seed) or real(a, f, u))
    generate(seeds, docs)
    assert searched == [edited.name]


def test_a_rerun_compiles_no_template(seeds, tmp_path, monkeypatch):
    import jinja2

    docs = tmp_path / "docs"
    generate(seeds, docs)
    monkeypatch.setattr(jinja2.Environment, "compile", lambda *args, **kw: pytest.fail("compiled a template"))
    _edit_one_seed(seeds)
    assert generate(seeds, docs).report.written  # rendered the edited briefing from cached templates
