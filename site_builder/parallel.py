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

_job: Callable | None = None  # the function a forked worker runs (set by its initializer)


def default_jobs() -> int:
    """SITE_JOBS, or the number of cores this process may use."""
    configured = os.environ.get("SITE_JOBS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def _run(chunk):
    return [_job(task) for task in chunk]


def _set_job(function: Callable) -> None:
    global _job
    _job = function


def _forking(jobs: int, tasks: Sequence) -> bool:
    return jobs > 1 and len(tasks) >= MIN_PARALLEL and \
        "fork" in multiprocessing.get_all_start_methods()


def _chunks(tasks: Sequence[T], jobs: int) -> list[Sequence[T]]:
    size = max(1, len(tasks) // (jobs * 8))
    return [tasks[i:i + size] for i in range(0, len(tasks), size)]


def map_ordered(function: Callable[[T], R], tasks: Sequence[T], jobs: int,
                progress: Callable[[int], None] | None = None) -> list[R]:
    """`[function(t) for t in tasks]`, in worker processes when that pays off.

    `function` may be a closure over the whole model: the workers are forked, so nothing
    but the tasks and results is pickled. `progress(done)` is told, in this process, how
    many tasks have finished so far.
    """
    if not _forking(jobs, tasks):
        results = []
        for task in tasks:
            results.append(function(task))
            if progress:
                progress(len(results))
        return results
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_set_job,
                             initargs=(function,)) as pool:
        results: list[R] = []
        for part in pool.map(_run, _chunks(tasks, jobs)):
            results.extend(part)
            if progress:
                progress(len(results))
        return results


@contextlib.contextmanager
def in_background(function: Callable[[T], R], tasks: Sequence[T], jobs: int,
                  progress: Callable[[int], None] | None = None
                  ) -> Iterator[Callable[[], list[R]]]:
    """`map_ordered` in worker processes while this process goes on with other work: the
    `with` gives a function that waits for the results. Work that cannot be split (the
    search index, the feeds) is then done beside the work that can (the pages), instead
    of after it. The workers are forked on entry, so they see the model as it is then.
    Without workers the tasks run when the results are asked for."""
    if not _forking(jobs, tasks):
        yield lambda: map_ordered(function, tasks, 1, progress)
        return
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_set_job,
                               initargs=(function,))
    try:
        futures = [pool.submit(_run, chunk) for chunk in _chunks(tasks, jobs)]

        def results() -> list[R]:
            done: list[R] = []
            for future in futures:
                done.extend(future.result())
                if progress:
                    progress(len(done))
            return done

        yield results
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
