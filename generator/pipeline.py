"""The whole generator as one readable sequence: read seeds, parse, enrich, render, write."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .enrich import DEFAULT_SETTINGS, Settings, build_corpus
from .model import Corpus
from .render import render_site
from .seeds import read_seeds
from .write import WriteReport, write_pages


@dataclass(slots=True)
class GenerateResult:
    corpus: Corpus
    report: WriteReport
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # informational, never fail --strict


def generate(seeds_dir: Path, docs_dir: Path, settings: Settings = DEFAULT_SETTINGS) -> GenerateResult:
    """Regenerate the Markdown for `seeds_dir` into `docs_dir`; report problems, raise only fatal ones."""
    seeds = read_seeds(seeds_dir)
    corpus = build_corpus(seeds.articles, settings)
    report = write_pages(render_site(corpus), docs_dir)
    notes = []
    if seeds.ignored:
        notes.append(
            f"{seeds_dir}: ignored {len(seeds.ignored)} file(s) that are not seeds (*.txt): {', '.join(seeds.ignored)}"
        )
    notes.append(
        f"{len(corpus.briefings)} briefing(s), {len(corpus.entities)} entities: "
        f"{len(report.written)} file(s) written, {report.unchanged} unchanged, {len(report.removed)} removed"
    )
    return GenerateResult(corpus, report, warnings=seeds.warnings + report.refused, notes=notes)
