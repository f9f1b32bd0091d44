"""`make bench` (part 2): hostile and oversized seeds (issue 13): time, peak memory and docs/ size per case.

Each case is a fresh `python -m generator generate` in a project folder of its own under
bench/out/hostile/ (seeds made here, deterministically, from bench/synth.py's article text; kept
while this file and the synthesiser are unchanged). Printed per case: the exit status and first
message, wall time, peak RSS of the largest process (VmHWM) and peak PSS of the whole process
tree (both sampled every 0.1 s, as bench/run.py does), the size of docs/ (apparent bytes: generated
pages, manifest and cache) and how many files it holds, then the budget, where the issue sets one:

- a 20 MB seed: under 60 s and under 1 GB;
- a 5 MB one-line seed (no sentence breaks): under 50 MB of docs/.

Rows marked "limit lifted" run with generator.seeds.MAX_SEED_BYTES raised, to show what the code
itself costs past the limit. `--mkdocs` also runs `build` (mkdocs) on the 5 MB one-line seed: minutes.

    python bench/hostile.py [--only 5mb-one-line,...] [--mkdocs] [--json out.json]
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import os
import pickle
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out" / "hostile"
MB = 1_000_000
sys.path.insert(0, str(BENCH))

from run import _tree_pss_kb  # noqa: E402  (bench/run.py: PSS of a process tree)

GOOD = """# Delegations Meet in Istanbul

June 2, 2025

Defense Minister Rustem Umerov met Vladimir Medinsky in Istanbul on Monday. The talks lasted an hour.

Original url:

<https://example.com/2025/06/02/talks>
"""


# ---------------------------------------------------------------- seeds


@functools.cache
def _paragraphs(articles: int = 400) -> list[str]:
    """Body paragraphs of `articles` synthetic articles (bench/synth.py): realistic names and prose."""
    import synth

    with tempfile.TemporaryDirectory() as folder:
        paths = synth.synthesise(articles, Path(folder))
        found = []
        for path in paths:
            for line in path.read_text(encoding="utf-8").split("\n")[8:]:
                if line.strip() and not line.startswith(("Original url", "<http", "*")):
                    found.append(line)
    return found


def large_seed(size: int, one_line: bool, paragraphs: list[str], seed: int = 13) -> str:
    """A seed of `size` bytes: synthetic paragraphs in random order, each a paragraph of its own, or
    (`one_line`) all on one line with every sentence break removed."""
    rng = random.Random(seed)
    head = f"# A {size // MB} MB Seed{' on One Line' if one_line else ''}\n\nJune 2, 2025\n\n"
    tail = "\n\nOriginal url:\n\n<https://example.com/large>\n"
    parts, total, budget = [], 0, size - len(head) - len(tail)
    while total < budget:
        text = rng.choice(paragraphs)
        if one_line:
            text = re.sub(r"[.!?…]", "", text)
        parts.append(text)
        total += len(text.encode()) + 2
    body = (" " if one_line else "\n\n").join(parts).encode()[:budget].decode("utf-8", "ignore")
    return head + body.rstrip() + tail


def alias_bomb(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{k}: &a{k} [" + ", ".join([f"*a{k - 1}"] * 9) + "]" for k in range(1, levels)]
    return "---\n" + "\n".join(lines) + f"\ntitle: *a{levels - 1}\n---\n" + GOOD


@dataclass
class Case:
    name: str
    label: str
    make: Callable[[Path], None]  # writes the project's seeds/ (and anything else the case needs)
    budget_s: float | None = None
    budget_mb: float | None = None  # peak memory
    budget_docs_mb: float | None = None
    lift_limit: int | None = None  # MAX_SEED_BYTES for this run
    command: str = "generate"
    runs: int = 1  # runs at once (the lock)


def _write(project: Path, name: str, text: str) -> None:
    (project / "seeds").mkdir(parents=True, exist_ok=True)
    (project / "seeds" / name).write_text(text, encoding="utf-8")


def _seed_case(size: int, one_line: bool):
    def make(project: Path) -> None:
        _write(project, "good.txt", GOOD)
        _write(project, "large.txt", large_seed(size, one_line, _paragraphs()))

    return make


def _symlink(project: Path) -> None:
    _write(project, "good.txt", GOOD)
    (project / "seeds" / "passwd.txt").symlink_to("/etc/passwd")


def _bomb(project: Path) -> None:
    _write(project, "bomb.txt", alias_bomb())


def _cache_runs_code(project: Path) -> None:
    class RunsCode:
        def __reduce__(self):
            return (os.system, (f"touch {project / 'CODE-RAN'}",))

    _write(project, "good.txt", GOOD)
    (project / "docs").mkdir(parents=True, exist_ok=True)
    (project / "docs" / ".briefing-cache.pickle").write_bytes(pickle.dumps(RunsCode()))


def _repeated_name(project: Path) -> None:
    _write(project, "putin.txt", "# Repeated\n\nJune 2, 2025\n\n" + " ".join(["Vladimir Putin"] * 50_000) + "\n")


def _corpus(project: Path) -> None:
    import synth

    synth.synthesise(400, project / "seeds")


CASES = [
    Case("5mb-one-line", "5 MB, one line, no sentence breaks", _seed_case(5 * MB, True), budget_docs_mb=50),
    Case("20mb", "20 MB of paragraphs (over the 10 MiB limit)", _seed_case(20 * MB, False), 60, 1000),
    Case("20mb-one-line", "20 MB, one line (over the limit)", _seed_case(20 * MB, True), 60, 1000),
    Case("10mb-one-line", "10 MB, one line (just under the limit)", _seed_case(10 * MB, True)),
    Case("10mb", "10 MB of paragraphs (just under the limit)", _seed_case(10 * MB, False)),
    Case("20mb-lifted", "20 MB of paragraphs, limit lifted", _seed_case(20 * MB, False), 60, 1000, lift_limit=10**9),
    Case("20mb-one-line-lifted", "20 MB, one line, limit lifted", _seed_case(20 * MB, True), 60, 1000,
         lift_limit=10**9),
    Case("symlink", "seed linking to /etc/passwd", _symlink),
    Case("alias-bomb", "YAML alias bomb (9 levels, 9**9 strings)", _bomb),
    Case("cache-code", "cache file that would run code", _cache_runs_code),
    Case("two-runs", "two runs at once, 400 seeds (the lock)", _corpus, runs=2),
    Case("repeated-name", "'Vladimir Putin' x 50,000 in one paragraph", _repeated_name),
    Case("5mb-one-line-build", "5 MB, one line: mkdocs build", _seed_case(5 * MB, True), command="build"),
]  # fmt: skip


# ---------------------------------------------------------------- running


def _stamp() -> str:
    hasher = hashlib.sha256(Path(__file__).read_bytes() + (BENCH / "synth.py").read_bytes())
    return hasher.hexdigest()[:16]


def prepare(case: Case) -> Path:
    """The case's project folder: seeds as made by `case.make` (kept while unchanged), a fresh docs/."""
    project = OUT / case.name
    stamp = project / ".stamp"
    if not (stamp.is_file() and stamp.read_text() == _stamp()):
        shutil.rmtree(project, ignore_errors=True)
        project.mkdir(parents=True)
        case.make(project)
        stamp.write_text(_stamp())
    for name in ("docs", "site"):
        shutil.rmtree(project / name, ignore_errors=True)
    if case.name == "cache-code":  # its docs/ holds the hostile cache: made again each run
        (project / "CODE-RAN").unlink(missing_ok=True)
        case.make(project)
    if case.command == "build":
        shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
        for name in ("about.md", "stylesheets"):
            source = REPO / "docs" / name
            target = project / "docs" / name
            if source.is_dir():
                shutil.copytree(source, target, dirs_exist_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(source, target)
    return project


def _command(case: Case) -> list[str]:
    code = "import sys; import generator.seeds as s; "
    if case.lift_limit:
        code += f"s.MAX_SEED_BYTES = {case.lift_limit}; "
    code += f"from generator.cli import main; sys.exit(main([{case.command!r}]))"
    return [sys.executable, "-c", code]


def run_case(case: Case, project: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
    env["PYTHONPATH"] = str(REPO)
    logs = [open(project / f"stderr-{k}.txt", "w+") for k in range(case.runs)]  # noqa: SIM115
    start = time.perf_counter()
    children = [
        subprocess.Popen(_command(case), cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT) for log in logs
    ]
    peak_pss, maxrss, codes = 0, 0, {}
    while len(codes) < len(children):
        running = [c.pid for c in children if c.pid not in codes]
        peak_pss = max(peak_pss, sum(_tree_pss_kb(pid) for pid in running))
        maxrss = max([maxrss, *(_tree_hwm_kb(pid) for pid in running)])
        for child in children:
            if child.pid not in codes and child.poll() is not None:
                codes[child.pid] = child.returncode
        time.sleep(0.1)
    elapsed = time.perf_counter() - start
    messages = []
    for log in logs:
        log.seek(0)
        messages.append(log.read())
        log.close()
    docs = project / "docs"
    files = [p for p in docs.rglob("*") if p.is_file()] if docs.is_dir() else []
    lines = [line for text in messages for line in text.splitlines()]
    shown = [line for line in lines if line.startswith(("warning", "error")) or (": " in line and "docs/" in line)]
    return {
        "case": case.name,
        "label": case.label,
        "seed_mb": sum(p.stat().st_size for p in (project / "seeds").rglob("*.txt") if p.is_file()) / MB,
        "exit": sorted(codes.values()),
        "message": (shown or lines or [""])[0][:110],
        "traceback": any("Traceback" in text for text in messages),
        "code_ran": (project / "CODE-RAN").exists(),
        "seconds": elapsed,
        "maxrss_mb": maxrss / 1024,
        "peak_pss_mb": peak_pss / 1024,
        "docs_mb": sum(p.stat().st_size for p in files) / MB,
        "docs_files": len(files),
        "budget": _budget(case, elapsed, max(maxrss, peak_pss) / 1024, sum(p.stat().st_size for p in files) / MB),
    }


def _tree_hwm_kb(pid: int) -> int:
    """The largest peak RSS (VmHWM, since its last exec) of a process and its descendants, in kB.

    Not the rusage of the child: a forked child's ru_maxrss counts the bench's own memory, which the
    child held until it ran `exec`."""
    peak, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                peak = max(peak, next((int(line.split()[1]) for line in status if line.startswith("VmHWM:")), 0))
            with open(f"/proc/{current}/task/{current}/children") as children:
                pending.extend(int(child) for child in children.read().split())
        except (OSError, ValueError):
            continue
    return peak


def _budget(case: Case, seconds: float, memory_mb: float, docs_mb: float) -> str:
    checks = []
    if case.budget_s is not None:
        checks.append(f"< {case.budget_s:g} s: {'met' if seconds < case.budget_s else 'NOT MET'}")
    if case.budget_mb is not None:
        checks.append(f"< {case.budget_mb / 1000:g} GB: {'met' if memory_mb < case.budget_mb else 'NOT MET'}")
    if case.budget_docs_mb is not None:
        checks.append(f"docs/ < {case.budget_docs_mb:g} MB: {'met' if docs_mb < case.budget_docs_mb else 'NOT MET'}")
    return "; ".join(checks) or "-"


def report(rows: list[dict]) -> str:
    lines = [
        "| case | seed | exit | first message | time | peak RSS | peak PSS, tree | docs/ | files | budget |",
        "|---|---:|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        exit_ = ", ".join(str(c) for c in r["exit"]) + (" TRACEBACK" if r["traceback"] else "")
        exit_ += " CODE RAN" if r["code_ran"] else ""
        message = r["message"].replace("|", "\\|")
        lines.append(
            f"| {r['label']} | {r['seed_mb']:.1f} MB | {exit_} | `{message}` | {r['seconds']:.1f} s | "
            f"{r['maxrss_mb']:.0f} MB | {r['peak_pss_mb']:.0f} MB | {r['docs_mb']:.1f} MB | {r['docs_files']:,} | "
            f"{r['budget']} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="", help="comma-separated case names: " + ", ".join(c.name for c in CASES))
    parser.add_argument("--mkdocs", action="store_true", help="also build the 5 MB one-line seed's site (minutes)")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args(argv)
    wanted = {name.strip() for name in args.only.split(",") if name.strip()}
    cases = [c for c in CASES if (c.name in wanted if wanted else c.command != "build" or args.mkdocs)]
    rows = []
    for case in cases:
        project = prepare(case)
        print(f"  {case.name} ...", file=sys.stderr, flush=True)
        rows.append(run_case(case, project))
    print(report(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
