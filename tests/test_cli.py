"""The command line as a user meets it: one line per problem, exit 0/1/2, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import REPO, SEED, SEED_SLUG, make_project, make_seeds

from generator.cli import main

GOOD = SEED.read_text(encoding="utf-8")


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder (mkdocs.yml, hand-written docs) with a seeds folder holding the real seed."""
    make_project(tmp_path)
    make_seeds(tmp_path / "seeds", SEED)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
    env["PYTHONPATH"] = str(REPO)  # this checkout's generator, wherever the venv's editable install points
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], capture_output=True, text=True, timeout=300, env=env
    )


def lines(stderr: str, prefix: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(prefix)]


def test_help_names_the_commands_options_and_exit_status(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for word in ("generate", "build", "serve", "exit status", "--strict", "manifest"):
        assert word in out
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    out = capsys.readouterr().out
    for option in ("--seeds", "--docs", "--strict", "--site-dir"):
        assert option in out


def test_generate_with_a_bad_seed_builds_the_rest_and_exits_0(project, capsys):
    (project / "seeds" / "empty.txt").write_bytes(b"")
    (project / "seeds" / "README.md").write_text("about my seeds")
    assert main(["generate"]) == 0
    err = capsys.readouterr().err
    assert lines(err, "warning:") == ["warning: seeds/empty.txt: file is empty; skipped"]
    assert "seeds: ignored 1 file(s) that are not seeds (*.txt): README.md" in err.splitlines()
    assert (project / "docs" / "briefings" / f"{SEED_SLUG}.md").is_file()


def test_generate_strict_fails_on_a_warning_but_not_on_ignored_files(project, capsys):
    (project / "seeds" / "README.md").write_text("about my seeds")
    assert main(["generate", "--strict"]) == 0
    (project / "seeds" / "undated.txt").write_text(GOOD.replace("June 02, 2025", ""), encoding="utf-8")
    capsys.readouterr()
    assert main(["generate", "--strict"]) == 1
    err = capsys.readouterr().err
    assert lines(err, "warning:") == ["warning: seeds/undated.txt: no date found; the article is listed as undated"]
    assert lines(err, "error:") == ["error: 1 warning(s) in strict mode"]


def test_generate_refuses_to_overwrite_a_hand_written_file(project, capsys):
    (project / "docs" / "index.md").write_text("# My own home page\n")
    assert main(["generate"]) == 0
    assert (project / "docs" / "index.md").read_text() == "# My own home page\n"
    assert lines(capsys.readouterr().err, "warning:") == [
        "warning: docs/index.md: was not written by the generator; not overwriting it "
        "(move it away to let the generator write here)"
    ]
    assert main(["generate", "--strict"]) == 1


@pytest.mark.parametrize("command", ["generate", "build"])
def test_missing_seeds_folder_is_one_line_exit_2(project, command, capsys):
    assert main([command, "--seeds", "nowhere"]) == 2
    assert capsys.readouterr().err == (
        "error: nowhere: seeds folder not found (create it and put article .txt files in it)\n"
    )


def test_invalid_registry_is_one_line_exit_2_for_generate(project, capsys):
    (project / "seeds" / "entities.yml").write_text("entities: [unclosed\n")
    assert main(["generate"]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and err.startswith("error: ") and "entities.yml" in err


def test_build_with_a_bad_seed_exits_0_and_reports_one_line(project):
    (project / "seeds" / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    result = run("build")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert [line for line in result.stderr.splitlines() if "binary.txt" in line] == [
        "WARNING -  briefing: seeds/binary.txt: looks like a binary file, not text; skipped"
    ]
    assert (project / "site" / "briefings" / SEED_SLUG / "index.html").is_file()


def test_build_strict_fails_on_a_seed_warning(project):
    (project / "seeds" / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    result = run("build", "--strict")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert lines(result.stderr, "error:") == [lines(result.stderr, "error:")[0]]
    assert "in strict mode" in lines(result.stderr, "error:")[0]
    assert "WARNING -  briefing: seeds/binary.txt: looks like a binary file, not text; skipped" in result.stderr


def test_build_with_an_invalid_registry_is_one_line_no_traceback(project):
    (project / "seeds" / "entities.yml").write_text("entities: [unclosed\n")
    result = run("build")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "Aborted" not in result.stderr + result.stdout
    errors = [line for line in result.stderr.splitlines() if "ERROR" in line or line.startswith("error:")]
    assert len(errors) == 1 and "entities.yml" in errors[0]


def test_build_missing_seeds_via_the_real_command(project):
    result = run("build", "--seeds", "missing")
    assert (result.returncode, result.stderr) == (
        2,
        "error: missing: seeds folder not found (create it and put article .txt files in it)\n",
    )
