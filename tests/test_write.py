"""write_pages: only files on the manifest are ever replaced or removed; writes are atomic."""

from __future__ import annotations

import json
import os

import pytest
from conftest import SEED, SEED_SLUG, SEED_TITLE, make_seeds

from generator import write as write_module
from generator.errors import WriteError
from generator.pipeline import generate
from generator.write import MANIFEST_NAME, read_manifest, write_pages


@pytest.fixture
def docs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path / "docs"


def test_writes_pages_and_lists_them_in_the_manifest(docs):
    report = write_pages({"index.md": "home\n", "briefings/a.md": "a\n"}, docs)
    assert report.written == ["briefings/a.md", "index.md"]
    assert (docs / "briefings" / "a.md").read_text() == "a\n"
    assert sorted(read_manifest(docs)) == ["briefings/a.md", "index.md"]
    again = write_pages({"index.md": "home\n", "briefings/a.md": "a\n"}, docs)
    assert again.written == [] and again.unchanged == 2


def test_hand_written_page_beside_generated_ones_survives(docs):
    docs.mkdir()
    (docs / "notes.md").write_text("my notes\n")
    write_pages({"index.md": "home\n"}, docs)
    write_pages({}, docs)  # everything generated goes away...
    assert (docs / "notes.md").read_text() == "my notes\n"  # ...but not the user's file
    assert not (docs / "index.md").exists()


def test_hand_written_file_where_a_generated_one_would_go_is_refused(docs):
    (docs / "briefings").mkdir(parents=True)
    (docs / "briefings" / "a.md").write_text("mine\n")
    report = write_pages({"briefings/a.md": "generated\n", "index.md": "home\n"}, docs)
    assert (docs / "briefings" / "a.md").read_text() == "mine\n"
    assert report.refused == [
        "docs/briefings/a.md: was not written by the generator; not overwriting it "
        "(move it away to let the generator write here)"
    ]
    assert "briefings/a.md" not in read_manifest(docs)
    assert (docs / "index.md").read_text() == "home\n"  # the rest is still written


def test_hand_edited_generated_file_is_refused_then_freed_when_moved_away(docs):
    write_pages({"index.md": "v1\n"}, docs)
    (docs / "index.md").write_text("v1 plus my edit\n")
    report = write_pages({"index.md": "v2\n"}, docs)
    assert (docs / "index.md").read_text() == "v1 plus my edit\n"
    assert report.refused == [
        "docs/index.md: was edited by hand since it was generated; not overwriting it "
        "(move it away to let the generator write here)"
    ]
    (docs / "index.md").unlink()
    assert write_pages({"index.md": "v2\n"}, docs).refused == []
    assert (docs / "index.md").read_text() == "v2\n"


def test_deleting_a_seed_removes_its_page_only_if_unchanged(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    other = SEED.read_text(encoding="utf-8").replace(SEED_TITLE, "Russia and Ukraine Meet Again", 1)
    seeds = make_seeds(tmp_path / "seeds", SEED, **{"other.txt": other})
    docs = tmp_path / "docs"
    generate(seeds, docs)
    pages = {p.name for p in (docs / "briefings").iterdir()}
    assert len(pages) == 2
    (seeds / "other.txt").unlink()
    result = generate(seeds, docs)
    assert {p.name for p in (docs / "briefings").iterdir()} == {f"{SEED_SLUG}.md"}
    gone = "briefings/2025-06-02-russia-and-ukraine-meet-again.md"
    # Its page goes, and the feeds of the entities it shared with the seed, now named in one article.
    assert gone in result.report.removed
    assert all(path == gone or path.startswith("feeds/entities/") for path in result.report.removed)
    assert not list((docs / "feeds" / "entities").rglob("*.xml"))

    # A generated page the user edited is left in place when its seed goes.
    page = docs / "briefings" / f"{SEED_SLUG}.md"
    page.write_text(page.read_text() + "\nMy annotation.\n")
    (seeds / SEED.name).unlink()
    result = generate(seeds, docs)
    assert page.read_text().endswith("My annotation.\n")
    [warning] = result.warnings
    kept = f"{page.relative_to(tmp_path)}: no longer generated, but edited by hand since; left in place"
    assert warning.startswith(kept) and "`build --strict` fails on those links until you delete the page" in warning
    assert page.name.replace(".md", "") not in json.dumps(read_manifest(docs))


def test_no_temporary_files_remain(docs):
    write_pages({"index.md": "a\n", "briefings/x.md": "x\n"}, docs)
    write_pages({"index.md": "b\n", "briefings/x.md": "y\n"}, docs)
    leftovers = [p for p in docs.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


def test_a_failed_write_never_replaces_the_old_file(docs, monkeypatch):
    write_pages({"index.md": "old complete page\n", "timeline.md": "t\n"}, docs)

    real_write = os.write
    calls = []

    def disk_fills_up(fd, data):
        calls.append(len(data))
        if len(calls) == 1:
            return real_write(fd, bytes(data[: len(data) // 2]))  # half written, then the disk is full
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write_module.os, "write", disk_fills_up)
    with pytest.raises(WriteError) as caught:
        write_pages({"index.md": "new page that is much longer\n", "timeline.md": "t\n"}, docs)
    assert str(caught.value) == "docs/index.md: cannot write (No space left on device)"
    assert (docs / "index.md").read_text() == "old complete page\n"
    assert [p.name for p in docs.rglob("*.tmp")] == []
    monkeypatch.undo()
    assert write_pages({"index.md": "new\n", "timeline.md": "t\n"}, docs).written == ["index.md"]


@pytest.mark.parametrize(
    "path", ["../outside.md", "/etc/passwd", "briefings/../../x.md", MANIFEST_NAME, "about.md", "stylesheets/x.css"]
)
def test_a_generated_path_cannot_escape_docs(docs, path):
    with pytest.raises(WriteError, match="outside"):
        write_pages({path: "x"}, docs)
    assert not (docs.parent / "outside.md").exists() and not (docs.parent / "x.md").exists()


def test_a_manifest_entry_outside_docs_is_never_deleted(docs, tmp_path):
    victim = tmp_path / "victim.md"
    victim.write_text("precious\n")
    docs.mkdir()
    manifest = {"files": {"../victim.md": write_module.digest(b"precious\n")}}
    (docs / MANIFEST_NAME).write_text(json.dumps(manifest))
    report = write_pages({"index.md": "home\n"}, docs)
    assert victim.read_text() == "precious\n"
    assert report.refused == [f"docs/{MANIFEST_NAME}: entry '../victim.md' is outside the generator's paths; ignored"]
    assert "../victim.md" not in read_manifest(docs)


def test_a_manifest_entry_for_a_hand_written_page_is_never_deleted(docs):
    docs.mkdir()
    (docs / "about.md").write_text("about\n")
    (docs / MANIFEST_NAME).write_text(json.dumps({"files": {"about.md": write_module.digest(b"about\n")}}))
    write_pages({"index.md": "home\n"}, docs)
    assert (docs / "about.md").read_text() == "about\n"


def test_a_corrupt_manifest_protects_files_instead_of_deleting_them(docs):
    write_pages({"index.md": "home\n", "briefings/a.md": "a\n"}, docs)
    (docs / MANIFEST_NAME).write_text("{not json")
    report = write_pages({"index.md": "home\n"}, docs)  # a.md no longer generated, but unknown now
    assert (docs / "briefings" / "a.md").exists()
    assert report.removed == [] and report.unchanged == 1


def test_temporary_files_left_by_a_killed_run_are_cleaned_up_and_nothing_else(docs):
    write_pages({"index.md": "a\n", "briefings/x.md": "x\n"}, docs)
    leftovers = [docs / ".index.md.k3j2h1xz.tmp", docs / "briefings" / ".x.md.ab_cd123.tmp", docs / ".timeline.md.tmp"]
    keep = [docs / ".notes.md.k3j2h1xz.tmp", docs / "briefings" / "draft.tmp", docs / ".notes.md.tmp"]
    for path in leftovers + keep:
        path.write_text("partial")
    # A leftover under the very name the next write wants does not stop it.
    report = write_pages({"index.md": "b\n", "briefings/x.md": "x\n", "timeline.md": "t\n"}, docs)
    assert report.written == ["index.md", "timeline.md"] and (docs / "timeline.md").read_text() == "t\n"
    assert [p.exists() for p in leftovers + keep] == [False, False, False, True, True, True]


def test_a_front_matter_slug_cannot_leave_the_briefings_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = "---\nslug: ../../../escaped\n---\n" + SEED.read_text(encoding="utf-8")
    seeds = make_seeds(tmp_path / "seeds", **{"a.txt": text})
    result = generate(seeds, tmp_path / "docs")
    (briefing,) = result.corpus.briefings
    assert (tmp_path / "docs" / "briefings" / f"{briefing.slug}.md").is_file()
    assert "/" not in briefing.slug and ".." not in briefing.slug
    assert not list(tmp_path.glob("escaped*")) and not list(tmp_path.parent.glob("escaped*"))


def test_a_generated_folder_linked_outside_docs_is_never_written_through(docs, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    docs.mkdir()
    (docs / "briefings").symlink_to(outside, target_is_directory=True)
    with pytest.raises(WriteError, match="outside the generator's own paths"):
        write_pages({"briefings/a.md": "# A\n"}, docs)
    assert list(outside.iterdir()) == []


def test_a_page_that_is_a_link_is_replaced_not_written_through(docs, tmp_path):
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me", encoding="utf-8")
    write_pages({"index.md": "# Home\n"}, docs)
    (docs / "index.md").unlink()
    (docs / "index.md").symlink_to(precious)
    report = write_pages({"index.md": "# Home, new\n"}, docs)
    assert report.refused  # not the file the generator wrote: refused, and the link's target untouched
    assert precious.read_text(encoding="utf-8") == "keep me"


def _settle(docs):
    """As if the manifest had been saved a while after the pages were written."""
    manifest = docs / MANIFEST_NAME
    stat = manifest.stat()
    os.utime(manifest, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**10))


def test_a_page_as_it_was_left_is_not_read_back(docs, monkeypatch):
    pages = {"index.md": "home\n", "briefings/a.md": "a\n"}
    write_pages(pages, docs)
    _settle(docs)
    monkeypatch.setattr(write_module, "_file_digest", lambda path: pytest.fail(f"read {path}"))
    assert write_pages(pages, docs).unchanged == 2


def test_a_same_size_edit_is_caught_even_when_the_stat_was_trusted(docs):
    write_pages({"index.md": "home\n"}, docs)
    _settle(docs)
    page = docs / "index.md"
    stat = page.stat()
    page.write_text("HOME\n")  # same size; a later mtime
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5 * 10**9))
    report = write_pages({"index.md": "new home\n"}, docs)
    assert report.refused and page.read_text() == "HOME\n"
