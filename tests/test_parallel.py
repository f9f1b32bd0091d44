"""Pages spread over worker processes: the same files as one process writes, and failures still surface."""

from __future__ import annotations

import os
import sys

import pytest
from conftest import REPO, SEED, corpus_files, make_seeds

from generator import parallel
from generator.errors import WriteError
from generator.parallel import fork_map
from generator.pipeline import generate

sys.path.insert(0, str(REPO / "bench"))
import synth

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork on this platform")


def test_results_come_back_in_the_order_of_the_items():
    items = list(range(101))
    results = fork_map(lambda share: [(n * n, os.getpid()) for n in share], items, workers=3)
    assert [square for square, _ in results] == [n * n for n in items]
    assert len({pid for _, pid in results}) == 3  # really three processes, the parent one of them


def test_an_error_in_a_worker_is_raised_in_the_parent():
    def work(share):
        if 7 in share:
            raise WriteError("docs/x.md: cannot write (No space left on device)")
        return list(share)

    with pytest.raises(WriteError, match="No space left"):
        fork_map(work, list(range(20)), workers=2)


def test_an_error_in_the_parent_stops_the_workers(monkeypatch):
    forked = []
    real_fork = os.fork

    def fork():
        pid = real_fork()
        if pid:
            forked.append(pid)
        return pid

    def work(share):
        if 0 in share:
            raise ValueError("parent's share failed")
        return list(share)

    monkeypatch.setattr(parallel.os, "fork", fork)
    with pytest.raises(ValueError, match="parent's share"):
        fork_map(work, list(range(20)), workers=3)
    assert len(forked) == 2
    for pid in forked:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # stopped and reaped: no worker left behind


@pytest.fixture
def seeds(tmp_path, monkeypatch):
    """The seed, the sample corpus and 50 synthetic articles; worker processes from the first item on."""
    folder = make_seeds(tmp_path / "seeds", SEED, *corpus_files())
    for path in synth.synthesise(50, tmp_path / "synthetic"):
        (folder / path.name).write_bytes(path.read_bytes())
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    return folder


def test_several_processes_write_the_same_files_as_one(seeds, tmp_path, monkeypatch):
    trees = {}
    for workers in ("1", "2", "3"):
        monkeypatch.setenv("BRIEFING_WORKERS", workers)
        docs = tmp_path / f"docs-{workers}"
        result = generate(seeds, docs)
        assert result.report.refused == [] and len(result.report.written) > 100
        trees[workers] = {
            path.relative_to(docs).as_posix(): path.read_bytes()
            for path in docs.rglob("*")
            if path.is_file() and not path.name.startswith(".")
        }
    assert trees["1"] == trees["2"] == trees["3"]


def test_workers_reuse_and_refill_the_cache(seeds, tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_WORKERS", "2")
    docs = tmp_path / "docs"
    generate(seeds, docs)
    edited = seeds / SEED.name
    edited.write_text(edited.read_text(encoding="utf-8").replace("6,000 bodies", "6,001 bodies"), encoding="utf-8")
    rerun = generate(seeds, docs)
    monkeypatch.setenv("BRIEFING_WORKERS", "1")
    fresh = generate(seeds, tmp_path / "fresh")
    assert rerun.corpus == fresh.corpus
    assert any("6,001 bodies" in p.text for b in rerun.corpus.briefings for p in b.article.paragraphs)


def test_a_full_disk_while_workers_write_is_one_line_and_keeps_what_was_written(seeds, tmp_path, monkeypatch):
    """Each process stops writing at its first failure; the run ends with the first failure's message."""
    from generator import write

    monkeypatch.setenv("BRIEFING_WORKERS", "2")
    real_write = write._atomic_write

    def full_disk_for_entities(path: str, data: bytes):
        if "/entities/" in path:
            raise OSError(28, "No space left on device")
        return real_write(path, data)

    monkeypatch.setattr(write, "_atomic_write", full_disk_for_entities)
    docs = tmp_path / "docs"
    with pytest.raises(WriteError) as caught:
        generate(seeds, docs)
    assert "\n" not in str(caught.value) and str(caught.value).endswith(": cannot write (No space left on device)")
    assert "/entities/" in str(caught.value)
    monkeypatch.setattr(write, "_atomic_write", real_write)
    again = generate(seeds, docs)  # the disk has room again: everything is written, nothing refused
    assert again.report.refused == [] and (docs / "entities" / "index.md").is_file()
