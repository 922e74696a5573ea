"""Using both cores: content files are read, and pages rendered, in worker processes.

Workers are forked, so they start with the parent's model and templates; results come
back (or are written) in a fixed order, so the output is byte-identical to a
single-process build. Workers die with the build that forked them, also when it is
killed with SIGKILL (`_die_with_parent`): a worker left behind would wait for work forever.
"""
from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterator, Sequence, TypeVar

from . import libc

T = TypeVar("T")
R = TypeVar("R")

MIN_PARALLEL = 40  # below this many tasks, starting workers costs more than it saves


def default_jobs() -> int:
    """SITE_JOBS, or the number of cores this process may use."""
    configured = os.environ.get("SITE_JOBS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


_work: dict[str, tuple[Callable, Sequence]] = {}  # a forked worker's work, by name


def _start_worker(parent: int, work: dict[str, tuple[Callable, Sequence]]) -> None:
    """A forked worker's initializer: `parent` is the pid of the build that forked it."""
    global _work
    _die_with_parent(parent)
    _work = work


_PR_SET_PDEATHSIG = 1
PARENT_POLL_SECONDS = 0.5


def _find_prctl() -> Callable | None:
    """Linux's prctl(), looked up in the parent: a forked child of a process with threads
    should not call into the dynamic loader."""
    return libc.function("prctl") if sys.platform.startswith("linux") else None


_PRCTL = _find_prctl()


def _die_with_parent(parent: int, prctl: Callable | None = _PRCTL) -> None:
    """End this worker when `parent` ends. On Linux the kernel sends SIGKILL when the
    parent dies (PR_SET_PDEATHSIG: strictly, when the thread that forked it ends - the
    thread that uses the pool, which outlives the pool); elsewhere a thread polls the
    parent's pid. Either way, a parent
    that died before this was set up is caught by the pid check (the worker was then
    adopted by another process)."""
    if prctl is None or prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        threading.Thread(target=_watch_parent, args=(parent,), name="watch-parent",
                         daemon=True).start()
    if os.getppid() != parent:
        os._exit(1)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)


def _run(name: str, start: int, end: int) -> list:
    """Tasks [start, end) of the named work: the worker has the tasks since it was forked,
    so only the range is sent to it (a page's task holds its part of the model)."""
    function, tasks = _work[name]
    return [function(task) for task in tasks[start:end]]


def forking(jobs: int, count: int) -> bool:
    """Whether work of `count` tasks is done in forked workers with `jobs` processes."""
    return jobs > 1 and count >= MIN_PARALLEL and \
        "fork" in multiprocessing.get_all_start_methods()


def _ranges(count: int, jobs: int) -> list[tuple[int, int]]:
    size = max(1, count // (jobs * 8))
    return [(start, min(start + size, count)) for start in range(0, count, size)]


def _pool(jobs: int, work: dict[str, tuple[Callable, Sequence]]) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                               initializer=_start_worker, initargs=(os.getpid(), work))


def map_ordered(function: Callable[[T], R], tasks: Sequence[T], jobs: int,
                progress: Callable[[int], None] | None = None) -> list[R]:
    """`[function(t) for t in tasks]`, in worker processes when that pays off.

    `function` may be a closure over the whole model: the workers are forked, so nothing
    but ranges of tasks and the results is pickled. `progress(done)` is told, in this
    process, how many tasks have finished so far.
    """
    if not forking(jobs, len(tasks)):
        results = []
        for task in tasks:
            results.append(function(task))
            if progress:
                progress(len(results))
        return results
    with _pool(jobs, {"": (function, tasks)}) as pool:
        results: list[R] = []
        for part in pool.map(_run, *zip(*(("", a, b) for a, b in _ranges(len(tasks), jobs)))):
            results.extend(part)
            if progress:
                progress(len(results))
        return results


@contextlib.contextmanager
def in_background(jobs: int, work: dict[str, tuple[Callable, Sequence]],
                  progress: dict[str, Callable[[int], None]] | None = None
                  ) -> Iterator[Callable[[str], list]]:
    """Several `map_ordered`s in one set of worker processes while this process goes on
    with other work: the `with` gives `results(name)`, which waits for that work's results.
    Work that cannot be split (the feeds, putting the search index together) is then done
    beside the work that can (the pages), instead of after it. The works are started in
    the order given; the workers are forked on entry and see the model as it is then.
    Without workers each work is done when its results are asked for."""
    progress = progress or {}
    if not forking(jobs, sum(len(tasks) for _function, tasks in work.values())):
        yield lambda name: map_ordered(*work[name], 1, progress.get(name))
        return
    pool = _pool(jobs, work)
    try:
        futures = {name: [pool.submit(_run, name, start, end)
                          for start, end in _ranges(len(tasks), jobs)]
                   for name, (_function, tasks) in work.items()}

        def results(name: str) -> list:
            done: list = []
            for future in futures[name]:
                done.extend(future.result())
                if name in progress:
                    progress[name](len(done))
            return done

        yield results
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


@contextlib.contextmanager
def beside(jobs: int, size: int, function: Callable[[], R]) -> Iterator[Callable[[], R]]:
    """`function()` in one forked worker while this process goes on with other work: the
    `with` gives a callable that waits for its result. A worker whose result was not asked
    for when the `with` ends (an error stopped the build) is stopped. With one job, or
    `size` (how many things it works through) too small for a worker to pay off, the
    function is called when its result is asked for."""
    if not forking(jobs, size):
        yield function
        return
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    worker = context.Process(target=_beside, args=(os.getpid(), function, sending),
                             name="beside", daemon=True)
    worker.start()
    sending.close()

    def result() -> R:
        try:
            done, value = receiving.recv()
        except EOFError:
            raise RuntimeError(f"worker process {worker.pid} ended without a result") from None
        if not done:
            raise value
        return value
    try:
        yield result
    finally:
        if worker.is_alive():
            worker.terminate()
        worker.join()
        receiving.close()


def _beside(parent: int, function: Callable[[], R], sending) -> None:
    """`beside`'s worker: the function's result, or what it raised, sent back. The cyclic
    collector stays off: it would walk the whole model the worker was forked with, and
    the worker ends with its one piece of work."""
    _die_with_parent(parent)
    gc.disable()
    try:
        outcome: tuple = (True, function())
    except BaseException as exc:  # (the parent raises it)
        outcome = (False, exc)
    sending.send(outcome)
    sending.close()
