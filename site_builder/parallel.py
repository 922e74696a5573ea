"""Using both cores: content files are read, and pages rendered, in worker processes.

Workers are forked, so they start with the parent's model and templates; results come
back (or are written) in a fixed order, so the output is byte-identical to a
single-process build.
"""
from __future__ import annotations

import contextlib
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterator, Sequence, TypeVar

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


def _set_work(work: dict[str, tuple[Callable, Sequence]]) -> None:
    global _work
    _work = work


def _run(name: str, start: int, end: int) -> list:
    """Tasks [start, end) of the named work: the worker has the tasks since it was forked,
    so only the range is sent to it (a page's task holds its part of the model)."""
    function, tasks = _work[name]
    return [function(task) for task in tasks[start:end]]


def _forking(jobs: int, count: int) -> bool:
    return jobs > 1 and count >= MIN_PARALLEL and \
        "fork" in multiprocessing.get_all_start_methods()


def _ranges(count: int, jobs: int) -> list[tuple[int, int]]:
    size = max(1, count // (jobs * 8))
    return [(start, min(start + size, count)) for start in range(0, count, size)]


def _pool(jobs: int, work: dict[str, tuple[Callable, Sequence]]) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                               initializer=_set_work, initargs=(work,))


def map_ordered(function: Callable[[T], R], tasks: Sequence[T], jobs: int,
                progress: Callable[[int], None] | None = None) -> list[R]:
    """`[function(t) for t in tasks]`, in worker processes when that pays off.

    `function` may be a closure over the whole model: the workers are forked, so nothing
    but ranges of tasks and the results is pickled. `progress(done)` is told, in this
    process, how many tasks have finished so far.
    """
    if not _forking(jobs, len(tasks)):
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
    if not _forking(jobs, sum(len(tasks) for _function, tasks in work.values())):
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
