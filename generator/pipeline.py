"""The whole generator as one readable sequence: read seeds, parse, enrich, render, write."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from .cache import CACHE_NAME, Cache, ParseCache
from .enrich import DEFAULT_SETTINGS, Settings, build_corpus
from .model import Corpus
from .registry import load_registry
from .render import render_site
from .seeds import REGISTRY_NAME, display_path, read_seeds
from .write import WriteReport, write_pages


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
    times: StageTimes = field(default_factory=StageTimes)  # read, entities, related, enrich, render, write


def generate(seeds_dir: Path, docs_dir: Path, settings: Settings = DEFAULT_SETTINGS) -> GenerateResult:
    """Regenerate the Markdown for `seeds_dir` into `docs_dir`; report problems, raise only fatal ones."""
    times = StageTimes()
    try:
        cache = Cache.load(docs_dir / CACHE_NAME)
        with times("read"):
            seeds = read_seeds(seeds_dir, parse=ParseCache(cache).parse)
            registry_path = seeds_dir / REGISTRY_NAME
            if settings.registry is None and registry_path.is_file():
                settings = replace(settings, registry=load_registry(registry_path))
        # What each stage hands on lives until the end: keep the cyclic garbage collector from
        # walking it again and again (at 10,000 articles, every full collection walks millions of
        # objects; this saves about a sixth of the render time). Only scheduling changes.
        gc.freeze()
        with times("enrich"):  # includes "entities" and "related", timed on their own too
            corpus = build_corpus(seeds.articles, settings, stage=times)
        gc.freeze()
        with times("render"):
            pages = render_site(corpus)
        with times("write"):
            report = write_pages(pages, docs_dir)
            cache.save()
    finally:
        gc.unfreeze()
    notes = []
    if seeds.ignored:
        notes.append(
            f"{display_path(seeds_dir)}: ignored {len(seeds.ignored)} file(s) that are not seeds (*.txt): "
            + ", ".join(seeds.ignored)
        )
    notes.append(
        f"{len(corpus.briefings)} briefing(s), {len(corpus.entities)} entities: "
        f"{len(report.written)} file(s) written, {report.unchanged} unchanged, {len(report.removed)} removed"
    )
    return GenerateResult(corpus, report, warnings=seeds.warnings + report.refused, notes=notes, times=times)
