"""Functions of the C library that Python's os module lacks, where the system has them:
renameat2 and syncfs for the swap (publish.py), prctl for the workers (parallel.py),
mallopt and malloc_trim for memory (memory.py)."""
from __future__ import annotations

import ctypes
from typing import Callable


def function(name: str) -> Callable | None:
    """The C library's function `name` (errno kept for ctypes.get_errno), or None."""
    try:
        return getattr(ctypes.CDLL(None, use_errno=True), name)
    except (OSError, AttributeError):
        return None
