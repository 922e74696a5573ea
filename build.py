"""Build the site: `python build.py` (see README.md and `python build.py --help`)."""
import os
import sys

from site_builder.cli import main

if __name__ == "__main__":
    code = main()
    # Everything is written, flushed and closed by now. What is left is freeing the
    # model's millions of objects one by one, which the operating system does at once:
    # 0.4 s of every rebuild at 2,000 meetings (benchmarks/run.py).
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: nothing more can be told
        pass
    os._exit(code)
