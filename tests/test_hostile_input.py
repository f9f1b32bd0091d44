"""Hostile and oversized input (issue 13): each case ends in one clear line or a correct build, exit 0 or
1, never a traceback. Fixtures are made here, in tmp_path, by small generators; the time and memory
budgets are the benchmark's (bench/hostile.py), not asserted here."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import pickle
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, build_site, make_project, make_seeds

from generator import cache as cache_module
from generator.cache import CACHE_NAME, Cache, cache_key, code_fingerprint, key_path, read_authenticated
from generator.cli import _failed_file, main
from generator.lock import LOCK_NAME
from generator.seeds import MAX_SEED_BYTES
from generator.text import QUOTE_CONTEXT

ARTICLE = """# Delegations Meet in Istanbul

June 2, 2025

Defense Minister Rustem Umerov met Vladimir Medinsky in Istanbul on Monday. The talks lasted an hour.

Umerov said Ukraine proposed a third meeting later in June.

Original url:

<https://example.com/2025/06/02/talks>
"""
SECRET = "hostile-input-secret-7f3a9c"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder: mkdocs.yml, the hand-written docs, and a seeds folder holding one good article."""
    make_project(tmp_path)
    make_seeds(tmp_path / "seeds", **{"good.txt": ARTICLE})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def generate(capsys, *options: str) -> tuple[int, list[str]]:
    """`python -m generator generate` in the current folder: (exit status, stderr lines)."""
    code = main(["generate", *options])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err.splitlines()


def warnings_in(lines: list[str]) -> list[str]:
    return [line.removeprefix("warning: ") for line in lines if line.startswith("warning: ")]


def docs_text(docs: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in docs.rglob("*") if p.suffix in (".md", ".json"))


# --- 1. links in the seeds folder -------------------------------------------------------------------


def test_a_link_leading_outside_the_seeds_folder_is_refused_and_nothing_of_it_is_published(project, capsys):
    outside = project / "private.txt"
    outside.write_text(ARTICLE.replace("Delegations Meet", f"Private {SECRET}"), encoding="utf-8")
    (project / "seeds" / "x.txt").symlink_to(outside)
    (project / "seeds" / "etc.txt").symlink_to("/etc/passwd")
    (project / "seeds" / "up.txt").symlink_to("../private.txt")
    code, lines = generate(capsys)
    assert code == 0
    refused = "is a link that leads outside the seeds folder; skipped (copy the file in instead)"
    assert warnings_in(lines) == [f"seeds/{name}: {refused}" for name in ("etc.txt", "up.txt", "x.txt")]
    assert SECRET not in docs_text(project / "docs") and "root:" not in docs_text(project / "docs")
    assert main(["generate", "--strict"]) == 1


def test_a_link_outside_stays_out_of_the_built_site_and_its_search_index(tmp_path):
    outside = tmp_path / "private.txt"
    outside.write_text(ARTICLE.replace("Rustem Umerov", f"Rustem Umerov {SECRET}"), encoding="utf-8")
    seeds = make_seeds(tmp_path / "seeds", **{"good.txt": ARTICLE})
    (seeds / "x.txt").symlink_to(outside)
    site = build_site(seeds, tmp_path / "work")
    for path in site.rglob("*"):
        if path.suffix in (".html", ".json"):
            assert SECRET not in path.read_text(encoding="utf-8"), path


def test_a_link_inside_the_seeds_folder_is_followed(project, capsys):
    archive = project / "seeds" / "archive"
    archive.mkdir()
    (archive / "talks.txt").write_text(ARTICLE.replace("Istanbul", "Ankara"), encoding="utf-8")
    (project / "seeds" / "linked.txt").symlink_to("archive/talks.txt")
    code, lines = generate(capsys)
    assert code == 0 and warnings_in(lines) == []
    assert "Ankara" in (project / "docs" / "briefings" / "2025-06-02-delegations-meet-in-ankara.md").read_text()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda seeds: (seeds / "x.txt").symlink_to("x.txt"), "is a link that leads round in a loop; skipped"),
        (lambda seeds: (seeds / "x.txt").symlink_to("gone.txt"), "is a link to a file that does not exist; skipped"),
        (lambda seeds: (seeds / "x.txt").symlink_to("sub"), "is a link to a folder, not a file; skipped"),
        (
            lambda seeds: (os.mkfifo(seeds / "sub" / "pipe"), (seeds / "x.txt").symlink_to("sub/pipe")),
            "is not a regular file (a device, pipe or socket); skipped",
        ),
    ],
    ids=["loop", "dangling", "folder", "pipe"],
)
def test_a_link_that_cannot_be_a_seed_is_one_warning(project, capsys, make, message):
    (project / "seeds" / "sub").mkdir()
    make(project / "seeds")
    code, lines = generate(capsys)
    assert code == 0 and warnings_in(lines) == [f"seeds/x.txt: {message}"]
    assert (project / "docs" / "briefings" / "2025-06-02-delegations-meet-in-istanbul.md").is_file()


# --- 3. a seed without sentence breaks ---------------------------------------------------------------


def one_line_seed(characters: int, names: int = 300, seed: int = 13) -> str:
    """One paragraph of `characters` with no sentence break, naming `names` invented people."""
    rng = random.Random(seed)
    syllables = ["ka", "lo", "mi", "ra", "to", "ve", "su", "ne", "do", "ri"]
    people = [
        f"{''.join(rng.choices(syllables, k=2)).title()} {''.join(rng.choices(syllables, k=3)).title()}ov"
        for _ in range(names)
    ]
    filler = ["and", "then", "the", "officials", "said", "that", "talks", "would", "go", "on", "in", "the", "city"]
    words: list[str] = []
    size = 0
    while size < characters:
        word = rng.choice(people) if rng.random() < 0.1 else rng.choice(filler)
        words.append(word)
        size += len(word) + 1
    return f"# A Report Without Full Stops\n\nJune 2, 2025\n\n{' '.join(words)}\n"


def test_a_seed_without_sentence_breaks_makes_output_proportional_to_its_size(project, capsys):
    text = one_line_seed(300_000)
    (project / "seeds" / "good.txt").unlink()
    (project / "seeds" / "long.txt").write_text(text, encoding="utf-8")
    code, _ = generate(capsys)
    assert code == 0
    docs = project / "docs"
    generated = sum(p.stat().st_size for p in docs.rglob("*") if p.is_file() and ".briefing-" not in p.name)
    assert generated < 20 * len(text)  # it was 300 times the seed (every entity page quoted all of it)
    entity_pages = list((docs / "entities" / "people").glob("*.md"))
    assert len(entity_pages) > 100
    for page in entity_pages:
        quote = next(line for line in page.read_text(encoding="utf-8").splitlines() if line.startswith("    "))
        assert len(quote) < 2 * QUOTE_CONTEXT + 100 and "…" in quote  # cut, at one end or both


def test_a_quote_in_an_ordinary_article_is_its_whole_sentence():
    from generator.text import sentence_span_at, sentence_window

    text = "First sentence here. Mr. Umerov met U.S. envoys in Istanbul on Monday. Last one."
    start = text.index("Istanbul")
    begin, stop = sentence_span_at(text, start)
    assert sentence_window(text, start, start + len("Istanbul")) == (begin, stop, False, False)
    long = "word " * 1000 + "Istanbul " + "word " * 1000
    begin, stop, before, after = sentence_window(long, 5000, 5008)
    assert (before, after) == (True, True) and stop - begin <= 2 * QUOTE_CONTEXT + 8
    assert long[begin] != " " and long[stop - 1] != " "


# --- 4. a seed over the size limit -------------------------------------------------------------------


def test_a_seed_over_the_size_limit_is_refused_unread_and_the_rest_builds(project, capsys):
    with open(project / "seeds" / "huge.txt", "wb") as handle:
        handle.truncate(MAX_SEED_BYTES + 1)  # sparse: no megabytes written
    code, lines = generate(capsys)
    assert code == 0
    assert warnings_in(lines) == [
        "seeds/huge.txt: is 10.0 MiB, over the 10 MiB limit for one article; skipped, unread "
        "(split it into one file per article)"
    ]
    assert (project / "docs" / "briefings" / "2025-06-02-delegations-meet-in-istanbul.md").is_file()


def test_a_seed_at_the_size_limit_is_read(project, capsys, monkeypatch):
    monkeypatch.setattr("generator.seeds.MAX_SEED_BYTES", len(ARTICLE.encode()))
    code, lines = generate(capsys)
    assert code == 0 and warnings_in(lines) == []


# --- 5. YAML front matter ----------------------------------------------------------------------------


def alias_bomb(levels: int = 9) -> str:
    """A few hundred bytes of nested aliases that would expand to 9**levels strings."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    lines.append(f"title: *a{levels - 1}")
    return "---\n" + "\n".join(lines) + "\n---\n" + ARTICLE


def test_a_yaml_alias_bomb_is_refused_in_one_line(project, capsys):
    (project / "seeds" / "bomb.txt").write_text(alias_bomb(), encoding="utf-8")
    code, lines = generate(capsys)
    assert code == 0
    assert warnings_in(lines) == [
        "seeds/bomb.txt:3: front matter uses a YAML alias *a0, which is not allowed; its fields are ignored"
    ]


NOT_TEXT = "should be text, not a list or mapping; ignored"


@pytest.mark.parametrize(
    ("front_matter", "warning"),
    [
        ("title: [a, b]\n", f"seeds/fm.txt:2: front matter 'title' {NOT_TEXT}"),
        ("source: ok\ncaption: {a: b}\n", f"seeds/fm.txt:3: front matter 'caption' {NOT_TEXT}"),
        (
            "related: [One, [Two]]\n",
            "seeds/fm.txt:2: front matter 'related' should list titles as text; lists and mappings in it ignored",
        ),
    ],
    ids=["title-list", "caption-mapping", "related-nested"],
)
def test_a_list_or_mapping_where_text_is_expected_is_refused(project, capsys, front_matter, warning):
    (project / "seeds" / "good.txt").write_text(f"---\n{front_matter}---\n{ARTICLE}", encoding="utf-8")
    (project / "seeds" / "good.txt").rename(project / "seeds" / "fm.txt")
    code, lines = generate(capsys)
    assert code == 0 and warnings_in(lines) == [warning]
    assert (project / "docs" / "briefings" / "2025-06-02-delegations-meet-in-istanbul.md").is_file()


def test_a_number_in_front_matter_is_the_text_as_written():
    from generator.parse import parse_seed

    article = parse_seed("---\ntitle: 1984\nslug: 0x1F\n---\nText.\n", "n.txt")
    assert (article.title, article.slug_hint) == ("1984", "0x1F")


# --- 6. the cache ------------------------------------------------------------------------------------


class _RunsCode:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_a_cache_file_that_would_run_code_is_not_unpickled(project, capsys):
    marker = project / "code-ran"
    docs = project / "docs"
    payload = {
        "fingerprint": code_fingerprint(),
        "entries": {"x": pickle.dumps(_RunsCode(marker))},
        "y": _RunsCode(marker),
    }
    (docs / CACHE_NAME).write_bytes(pickle.dumps(payload))
    code, lines = generate(capsys)
    assert code == 0 and not marker.exists()
    assert (
        f"docs/{CACHE_NAME}: not a cache this generator wrote (or an older version did); ignored and rebuilt" in lines
    )
    assert isinstance(read_authenticated(docs / CACHE_NAME, cache_key()), dict)  # rebuilt, authenticated
    code, lines = generate(capsys)
    assert not any(CACHE_NAME in line for line in lines)  # said once: the new file is ours


def test_a_tampered_cache_file_is_ignored_with_a_note_and_rebuilt(project, capsys):
    generate(capsys)
    path = project / "docs" / CACHE_NAME
    data = bytearray(path.read_bytes())
    data[-5] ^= 1
    path.write_bytes(bytes(data))
    code, lines = generate(capsys)
    assert code == 0
    assert (
        f"docs/{CACHE_NAME}: written with another key (another user or machine) or changed since; ignored and rebuilt"
        in lines
    )
    assert Cache.load(path).note == ""


def test_a_cache_of_another_generator_version_is_rebuilt_silently(project, capsys):
    generate(capsys)
    path = project / "docs" / CACHE_NAME
    cache_module.write_authenticated(path, cache_key(), {"fingerprint": "0" * 64, "entries": {}})
    code, lines = generate(capsys)
    assert code == 0 and not any(CACHE_NAME in line for line in lines)
    assert read_authenticated(path, cache_key())["fingerprint"] == code_fingerprint()


def test_a_cache_key_others_can_read_is_not_used(project, capsys):
    generate(capsys)
    os.chmod(key_path(), 0o644)
    try:
        code, lines = generate(capsys)
    finally:
        os.chmod(key_path(), 0o600)
    assert code == 0
    assert any(
        line.endswith("the cache key is not yours alone (chmod 600 it, or delete it); nothing is cached")
        for line in lines
    )


def test_a_cache_key_inside_the_project_is_refused(project, capsys, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(project / ".cache"))
    code, lines = generate(capsys)
    assert code == 0 and not (project / ".cache").exists()
    assert ".cache/briefing-generator/cache-key: the cache key would be inside the project; set XDG_CACHE_HOME" in lines


def test_a_folder_where_the_cache_goes_is_one_warning_naming_it(project, capsys):
    (project / "docs" / CACHE_NAME).mkdir()
    code, lines = generate(capsys)
    assert code == 0
    assert warnings_in(lines) == [
        f"docs/{CACHE_NAME}: is a folder where the generator keeps its cache; nothing cached (move it away)"
    ]
    assert main(["generate", "--strict"]) == 1


def test_a_cache_that_cannot_be_saved_is_one_warning_naming_it(project, capsys, monkeypatch):
    def full_disk(path, key, payload):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(cache_module, "write_authenticated", full_disk)
    code, lines = generate(capsys)
    assert code == 0
    assert warnings_in(lines) == [
        f"docs/{CACHE_NAME}: cannot save the cache (No space left on device); the next run redoes every seed"
    ]


# --- 7. two runs at once -----------------------------------------------------------------------------


def cli(*args: str, cwd: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
    return subprocess.Popen(
        [sys.executable, "-m", "generator", *args], cwd=cwd, env=env, stderr=subprocess.PIPE, text=True
    )


def test_a_second_run_waits_for_the_first_and_says_so(project):
    lock = os.open(project / "docs" / LOCK_NAME, os.O_RDWR | os.O_CREAT)
    fcntl.flock(lock, fcntl.LOCK_EX)  # the first run, as far as the second can tell
    try:
        second = cli("generate", cwd=project)
        first_line = second.stderr.readline()
        assert first_line.strip() == (
            f"docs/{LOCK_NAME}: another build is running in this docs folder; waiting for it to finish"
        )
        assert second.poll() is None  # waiting
    finally:
        os.close(lock)
    rest = second.communicate(timeout=120)[1]
    assert second.returncode == 0 and "Traceback" not in rest
    assert "file(s) written" in rest


def test_two_runs_at_once_both_end_correctly(project):
    for i in range(40):  # enough pages that the two runs overlap
        text = ARTICLE.replace("Delegations Meet", f"Delegations Meet Again, Round {i}").replace(
            "June 2", f"May {i % 28 + 1}"
        )
        (project / "seeds" / f"round-{i:02d}.txt").write_text(text, encoding="utf-8")
    runs = [cli("generate", cwd=project) for _ in range(2)]
    errors = [run.communicate(timeout=300)[1] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], errors
    assert not any("Traceback" in err or "cannot write" in err for err in errors)
    manifest = json.loads((project / "docs" / ".briefing-manifest.json").read_text())
    assert all((project / "docs" / page).is_file() for page in manifest["files"])
    assert not list((project / "docs").rglob("*.tmp"))


# --- also fix ----------------------------------------------------------------------------------------


def test_text_right_below_the_footer_url_is_reported(project, capsys):
    (project / "seeds" / "good.txt").write_text(ARTICLE + "Subscribe to our newsletter\n", encoding="utf-8")
    code, lines = generate(capsys)
    assert code == 0
    assert warnings_in(lines) == ["seeds/good.txt:12: text after the 'Original url:' line (line 9) ignored"]


def test_an_error_names_the_destination_when_the_disk_is_full():
    error = OSError(errno.ENOSPC, "No space left on device", "/venv/theme/bundle.js", None, "site/bundle.js")
    assert _failed_file(error) == "site/bundle.js"
    assert _failed_file(OSError(errno.EACCES, "Permission denied", "docs/x.md")) == "docs/x.md"
    assert _failed_file(OSError(errno.EISDIR, "Is a directory", 3)) == "error"  # a descriptor is no name


def test_a_hand_edited_page_whose_seed_is_gone_says_once_what_strict_will_do(project, capsys):
    (project / "seeds" / "other.txt").write_text(
        ARTICLE.replace("Delegations Meet in Istanbul", "Fidan Hosts Talks").replace(
            "Vladimir Medinsky in Istanbul", "Hakan Fidan in Ankara"
        ),
        encoding="utf-8",
    )
    generate(capsys)
    page = project / "docs" / "briefings" / "2025-06-02-fidan-hosts-talks.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nMy note.\n", encoding="utf-8")
    (project / "seeds" / "other.txt").unlink()
    code, lines = generate(capsys, "--strict")
    assert code == 1
    [warning] = warnings_in(lines)
    assert warning.startswith("docs/briefings/2025-06-02-fidan-hosts-talks.md: no longer generated, but edited by hand")
    assert "links to 2 page(s) no longer generated (entities/people/hakan-fidan.md, ...)" in warning
    assert "until you delete the page or fix them" in warning
    code, lines = generate(capsys)
    assert code == 0 and warnings_in(lines) == []  # said once
    assert page.read_text(encoding="utf-8").endswith("My note.\n")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_die_with_their_parent(tmp_path):
    script = f"""
import os, sys, time
sys.path.insert(0, {str(REPO)!r})
from generator.parallel import fork_map

def work(share):
    with open(os.path.join({str(tmp_path)!r}, f"worker-{{os.getpid()}}"), "w"):
        pass
    time.sleep(120)
    return list(share)

fork_map(work, list(range(6)), workers=3)
"""
    parent = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 60
    while len(list(tmp_path.glob("worker-*"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = [int(p.name.split("-")[1]) for p in tmp_path.glob("worker-*") if int(p.name.split("-")[1]) != parent.pid]
    assert len(workers) == 2
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in workers)


def _alive(pid: int) -> bool:
    """Whether process `pid` runs (a zombie, dead but not yet reaped by whoever adopted it, does not)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status
