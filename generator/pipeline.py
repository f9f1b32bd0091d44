"""The whole generator as one readable sequence: read seeds, parse, enrich, render, write."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from .analyse import AnalysedSeeds, analyse_seeds
from .cache import CACHE_NAME, Cache
from .enrich import DEFAULT_SETTINGS, Settings, build_corpus
from .model import Corpus
from .parallel import fork_map
from .registry import registry_in
from .render import Site
from .seeds import display_path, list_seeds
from .write import Outcome, PageWriter, WriteReport


class StageTimes(dict[str, float]):
    """Seconds spent in each named stage, in the order the stages ran; `with times("render"): ...`."""

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self[name] = self.get(name, 0.0) + time.perf_counter() - start


@dataclass(slots=True)
class GenerateResult:
    corpus: Corpus
    report: WriteReport
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # informational, never fail --strict
    times: StageTimes = field(default_factory=StageTimes)  # read, entities, related, enrich, render, write...


def _render_and_write(site: Site, writer: PageWriter, paths: list[str]) -> list[Outcome | None]:
    """Render and write pages one by one (no process ever holds every page's text at once), except the
    pages whose inputs are the same as when they were written: those are left as they are.

    One outcome per page (fork_map needs as many): None for the pages not tried after a write failed."""
    outcomes: list[Outcome | None] = []
    failed = False
    for path in paths:
        if failed:  # the disk is full or read-only: the next page would fail the same way
            outcomes.append(None)
            continue
        key = site.key(path)
        outcome = writer.reuse(path, key) or writer.write(path, site.render(path), key)
        outcomes.append(outcome)
        failed = outcome.status == "failed"
    return outcomes


def read_and_enrich(
    seeds_dir: Path, cache: Cache, settings: Settings = DEFAULT_SETTINGS, times: StageTimes | None = None
) -> tuple[AnalysedSeeds, Corpus]:
    """Every seed read and analysed (from `cache` when it knows it), then the corpus: what `generate`
    renders and `python -m generator report` prints the curation report of."""
    times = StageTimes() if times is None else times
    with times("read"):  # and each seed's own analysis: parse, entity candidates, words
        paths, ignored = list_seeds(seeds_dir)
        analysed = analyse_seeds(paths, cache)
        analysed.seeds.ignored = ignored
        if settings.registry is None:
            settings = replace(settings, registry=registry_in(seeds_dir))
    with times("enrich"):  # includes "entities" and "related", timed on their own too
        corpus = build_corpus(
            analysed.seeds.articles,
            settings,
            times,
            analysed.evidence,
            analysed.words,
            (cache, analysed.keys),
            analysed.figures,
        )
    return analysed, corpus


def generate(seeds_dir: Path, docs_dir: Path, settings: Settings = DEFAULT_SETTINGS) -> GenerateResult:
    """Regenerate the Markdown for `seeds_dir` into `docs_dir`; report problems, raise only fatal ones."""
    times = StageTimes()
    # The stages build millions of small objects that live until the end, and make few reference
    # cycles: the cyclic garbage collector would walk them again and again for nothing (a fifth of
    # the render time at 10,000 articles). Off for the run, as it was before it.
    collecting = gc.isenabled()
    gc.disable()
    try:
        cache = Cache.load(docs_dir / CACHE_NAME)
        analysed, corpus = read_and_enrich(seeds_dir, cache, settings, times)
        seeds = analysed.seeds
        gc.freeze()  # forked workers then share the corpus' memory instead of copying what a collection touches
        with times("render"):  # what all pages share; each page is rendered just before it is written
            site = Site(corpus, analysed.keys, analysed.cards, cache, settings.site_url, settings.site_name)
            paths = site.paths()
        with times("render+write"):
            writer = PageWriter(docs_dir, paths)
            done = fork_map(lambda share: _render_and_write(site, writer, share), paths)
            outcomes = [outcome for outcome in done if outcome is not None]
        with times("write"):
            report = writer.finish(outcomes, set(paths))
            cache_problem = cache.save()
    finally:
        gc.unfreeze()
        if collecting:
            gc.enable()
    notes = [cache.note] if cache.note else []
    if seeds.ignored:
        notes.append(
            f"{display_path(seeds_dir)}: ignored {len(seeds.ignored)} file(s) that are not seeds (*.txt): "
            + ", ".join(seeds.ignored)
        )
    notes.append(
        f"{len(corpus.briefings)} briefing(s), {len(corpus.entities)} entities: "
        f"{len(report.written)} file(s) written, {report.unchanged} unchanged, {len(report.removed)} removed"
    )
    warnings = seeds.warnings + report.refused + ([cache_problem] if cache_problem else [])
    return GenerateResult(corpus, report, warnings=warnings, notes=notes, times=times)
