"""Spread independent work over the machine's cores by forking: a child inherits everything the parent
has computed (the corpus, the templates) without copying or pickling it; only results come back."""

from __future__ import annotations

import ctypes
import os
import pickle
import signal
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items a fork costs more than it saves (and small sites are the live-preview case).
MIN_ITEMS = 400


def worker_count(items: int) -> int:
    """Processes to use: one per core available to us, or BRIEFING_WORKERS (1 turns forking off)."""
    if not hasattr(os, "fork") or items < MIN_ITEMS:
        return 1
    wanted = os.environ.get("BRIEFING_WORKERS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def fork_map(work: Callable[[Sequence[T]], list[R]], items: Sequence[T], workers: int | None = None) -> list[R]:
    """`work(items)`, with the items dealt round-robin to `workers` processes (the parent is one of them).

    Results come back in the order of `items`. An exception in a child is raised again here."""
    workers = worker_count(len(items)) if workers is None else workers
    if workers <= 1 or len(items) < 2:
        return work(items)
    shares = [items[k::workers] for k in range(workers)]
    children = [_spawn(work, share) for share in shares[1:]]
    try:
        results = [work(shares[0])]
    except BaseException:
        for pid, reader in children:  # stop the children: nobody will read their results
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(reader)
        raise
    failure: BaseException | None = None
    for pid, reader in children:
        status, payload = _answer(pid, reader)
        if status == "error":
            failure = failure or payload
        else:
            results.append(payload)
    if failure is not None:
        raise failure
    merged: list[R] = [None] * len(items)  # type: ignore[list-item]
    for k, share_results in enumerate(results):
        merged[k::workers] = share_results
    return merged


def in_child(work: Callable[[], R]) -> R:
    """`work()` run in a forked process, its result sent back (an exception in it is raised here).

    What the work allocates goes back to the system when the child ends: the generator's run inside
    MkDocs' long-lived process would otherwise leave its peak heap there, which the page workers
    forked later would inherit and, touching it, copy."""
    if not hasattr(os, "fork"):
        return work()
    status, payload = _answer(*_spawn(lambda _share: work(), [None]))
    if status == "error":
        raise payload
    return payload


def _answer(pid: int, reader: int) -> tuple[str, object]:
    """What a child sent: ("ok", result) or ("error", exception), once it has ended."""
    with os.fdopen(reader, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    try:
        return pickle.loads(data)
    except Exception:  # the child died before it could answer
        return "error", RuntimeError("a worker process stopped without a result")


def _spawn(work: Callable[[Sequence[T]], list[R]], share: Sequence[T]) -> tuple[int, int]:
    reader, writer = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    pid = os.fork()
    if pid:
        os.close(writer)
        return pid, reader
    # The child: do the share, send the result, and leave without running the parent's exit handlers.
    os.close(reader)
    code = 0
    try:
        _die_with(parent)
        try:
            answer = pickle.dumps(("ok", work(share)), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as error:
            code = 1
            try:
                answer = pickle.dumps(("error", error))
            except Exception:
                answer = pickle.dumps(("error", RuntimeError(traceback.format_exc(limit=5))))
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(answer)
    finally:
        os._exit(code)


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with(parent: int) -> None:
    """Make this (forked) process end when `parent` does: a worker whose parent was killed must not
    go on writing pages. On Linux the kernel sends it SIGKILL (prctl PR_SET_PDEATHSIG); elsewhere a
    thread checks every half second whether its parent is still there."""
    if sys.platform.startswith("linux") and _set_parent_death_signal(signal.SIGKILL):
        if os.getppid() != parent:  # the parent died before the request was made
            os._exit(1)
        return
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _set_parent_death_signal(signal_number: int) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signal_number, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False
