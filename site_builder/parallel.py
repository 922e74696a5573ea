"""Using both cores: content files are read, and pages rendered, in worker processes.

Workers are forked, so they start with the parent's model and templates; results come
back (or are written) in a fixed order, so the output is byte-identical to a
single-process build.
"""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_PARALLEL = 40  # below this many tasks, starting workers costs more than it saves

_job: Callable | None = None  # the function the forked workers run, set before forking


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


def map_ordered(function: Callable[[T], R], tasks: Sequence[T], jobs: int,
                progress: Callable[[int], None] | None = None) -> list[R]:
    """`[function(t) for t in tasks]`, in worker processes when that pays off.

    `function` may be a closure over the whole model: the workers are forked, so nothing
    but the tasks and results is pickled. `progress(done)` is told, in this process, how
    many tasks have finished so far.
    """
    global _job
    if jobs <= 1 or len(tasks) < MIN_PARALLEL or "fork" not in \
            multiprocessing.get_all_start_methods():
        results = []
        for task in tasks:
            results.append(function(task))
            if progress:
                progress(len(results))
        return results
    size = max(1, len(tasks) // (jobs * 8))
    chunks = [tasks[i:i + size] for i in range(0, len(tasks), size)]
    _job = function
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            results: list[R] = []
            for part in pool.map(_run, chunks):
                results.extend(part)
                if progress:
                    progress(len(results))
            return results
    finally:
        _job = None
