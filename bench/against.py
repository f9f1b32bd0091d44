"""`make bench-against`: this generator against an earlier commit's, side by side, on the same seeds.

A feature's cost is the difference between two runs, and on a shared two-core machine two runs made
minutes apart differ by more than that (the same cold generate took 23 to 28 CPU-seconds in one
afternoon). So the two generators run at the same time, one per core, each in one process
(BRIEFING_WORKERS=1) writing into a RAM disk when there is one, round after round: whatever the
machine does, it does to both. Printed: each round's CPU seconds (user + system, from wait4) and
the ratio, and their medians.

With `--callgrind`, each also runs once under valgrind's callgrind, which counts the instructions the
process executes: the same count for the same code and input, whatever else the machine is doing,
at about 40 times the run time (25 minutes at 10,000 articles).

The earlier commit's `generator/` is taken with `git archive` into bench/out/; its pages go to a
temporary folder and are deleted with it. `--with C` applies commit C's change to it first: a
speed-up of code both have (C) then counts on both sides, and the difference left is what the
commits between them cost on their own.

    python bench/against.py [--base 4aa8f5c] [--with C ...] [--size 10000] [--rounds 3] [--callgrind]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

from run import corpus  # noqa: E402

BEFORE_ISSUE_15 = "4aa8f5c"  # the last commit before issue 15's first change
CHILD = """
import sys, pathlib
sys.path.insert(0, sys.argv[1])
from generator.pipeline import generate
generate(pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3]))
"""


def _full(commit: str) -> str:
    found = subprocess.run(["git", "rev-parse", commit], cwd=REPO, capture_output=True, text=True, check=True)
    return found.stdout.strip()


def checkout(commit: str, patches: Sequence[str] = ()) -> Path:
    """The commit's generator/ under bench/out/tree-<commit>[+<patch>...]/, with each patch commit's
    change to generator/ applied (made once; commits do not change)."""
    full = _full(commit)
    tree = BENCH / "out" / "+".join([f"tree-{full[:12]}", *(_full(patch)[:12] for patch in patches)])
    if not (tree / "generator").is_dir():
        tree.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", full, "generator"], cwd=REPO, capture_output=True)
        if archive.returncode:
            raise SystemExit(f"git archive {commit}: {archive.stderr.decode().strip()}")
        with tempfile.TemporaryFile() as handle:
            handle.write(archive.stdout)
            handle.seek(0)
            with tarfile.open(fileobj=handle) as tar:
                tar.extractall(tree, filter="data")
        for patch in patches:
            change = subprocess.run(
                ["git", "diff", f"{patch}^", patch, "--", "generator"], cwd=REPO, capture_output=True, check=True
            )
            applied = subprocess.run(["patch", "-p1", "-d", str(tree)], input=change.stdout, capture_output=True)
            if applied.returncode:
                shutil.rmtree(tree)
                raise SystemExit(f"{patch} does not apply to {commit}: {applied.stdout.decode().strip()}")
    return tree


def _command(tree: Path, seeds: Path, docs: Path, callgrind: Path | None) -> list[str]:
    command = [sys.executable, "-c", CHILD, str(tree), str(seeds), str(docs)]
    if callgrind is not None:
        command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={callgrind}", *command]
    return command


def side_by_side(trees: dict[str, Path], seeds: Path, scratch: Path, callgrind: bool = False) -> dict[str, float]:
    """Each tree's cold generate, all started at once: CPU seconds (or instructions with `callgrind`)."""
    env = {**os.environ, "BRIEFING_WORKERS": "1"}
    running = {}
    for name, tree in trees.items():
        docs = scratch / name
        shutil.rmtree(docs, ignore_errors=True)
        docs.mkdir(parents=True)
        out = scratch / f"{name}.callgrind" if callgrind else None
        log = open(scratch / f"{name}.log", "w+")  # noqa: SIM115 (closed below)
        process = subprocess.Popen(_command(tree, seeds, docs, out), env=env, stdout=log, stderr=subprocess.STDOUT)
        running[process.pid] = (name, log)
    spent: dict[str, float] = {}
    while running:
        pid, status, usage = os.wait4(-1, 0)
        name, log = running.pop(pid)
        log.seek(0)
        text = log.read()
        log.close()
        if os.waitstatus_to_exitcode(status):
            raise SystemExit(f"{name}: the generator failed:\n{text[-2000:]}")
        if callgrind:
            collected = re.search(r"Collected : (\d+)", text)
            spent[name] = float(collected[1]) if collected else float("nan")
        else:
            spent[name] = usage.ru_utime + usage.ru_stime
    return spent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default=BEFORE_ISSUE_15, help="the commit to compare with")
    parser.add_argument("--with", dest="patches", action="append", default=[], help="a commit to apply to the base")
    parser.add_argument("--size", type=int, default=10000, help="synthetic articles")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of both at once")
    parser.add_argument("--callgrind", action="store_true", help="also count instructions, once each")
    args = parser.parse_args(argv)
    base = "+".join([args.base, *args.patches])
    trees = {base: checkout(args.base, args.patches), "this": REPO}
    seeds = corpus(args.size)
    ram = Path("/dev/shm")
    with tempfile.TemporaryDirectory(prefix="against-", dir=ram if ram.is_dir() else None) as scratch:
        print(f"{args.size:,} articles, cold generate, one process each, both at once: CPU seconds")
        ratios = []
        for round_ in range(1, args.rounds + 1):
            spent = side_by_side(trees, seeds, Path(scratch))
            before, now = spent[base], spent["this"]
            ratios.append(now / before)
            print(f"  round {round_}: {base} {before:.2f} s, this {now:.2f} s, {ratios[-1]:.3f}×")
        median = statistics.median(ratios)
        print(f"  median ratio {median:.3f}× ({(median - 1) * 100:+.1f}%)")
        if args.callgrind:
            counted = side_by_side(trees, seeds, Path(scratch), callgrind=True)
            ratio = counted["this"] / counted[base]
            print(
                f"  instructions (callgrind): {base} {counted[base] / 1e9:.1f} G, "
                f"this {counted['this'] / 1e9:.1f} G, {ratio:.3f}× ({(ratio - 1) * 100:+.1f}%)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
