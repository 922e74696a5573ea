"""Memory the C heap has freed, given back to the system (with glibc; elsewhere nothing
is done).

numpy's large arrays (the search index's: tens of MB each at 2,000 meetings) come from
malloc. glibc gives a large block its own mapping, returned to the system when it is
freed, but it raises that size limit to the largest block freed so far (up to 32 MB): the
index's later arrays then came from the heap, whose freed pages stay with the process. The
build's main process kept about 400 MB after it laid out the index, and the gate's
workers, forked from it, were counted with it (issue 14: the cold build's peak memory).
`large_blocks_apart` fixes the limit at glibc's default; `give_back` returns the pages
the heap has free (malloc_trim).
"""
from __future__ import annotations

import sys

from . import libc

_M_MMAP_THRESHOLD = -3  # mallopt's parameter (malloc.h)
LARGE = 128 * 1024  # bytes: blocks this large get their own mapping (glibc's default)


def _libc_function(name: str):
    """glibc's `name` (the limit's parameter is glibc's): on Linux only."""
    return libc.function(name) if sys.platform.startswith("linux") else None


def large_blocks_apart() -> None:
    """From now on every block of LARGE bytes or more is mapped on its own (for this
    process and the workers it forks)."""
    mallopt = _libc_function("mallopt")
    if mallopt is not None:
        mallopt(_M_MMAP_THRESHOLD, LARGE)


def give_back() -> None:
    """Return the heap's free pages to the system."""
    trim = _libc_function("malloc_trim")
    if trim is not None:
        trim(0)
