"""A killed build leaves nothing behind: its forked workers die with it, and the build lock
goes with them, so the next build runs and the published output stays as it was.

The build is `python build.py` on a synthetic archive big enough for worker processes
(parallel.MIN_PARALLEL), killed with SIGKILL - the build process only, not its process group
- while its workers render pages into the staging folder. Processes are found in /proc.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import ROOT
from system_deps import copy_engine

from benchmarks import synthetic
from site_builder.build import parallel
from site_builder.build.publish import build_lock, lock_path

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(),
                                reason="the processes are found in /proc")

ARCHIVE_DATE = "2026-01-15"  # after the synthetic archive's last meeting
MEETINGS = 60  # 89 pages: the pages are rendered by workers
GONE_WITHIN = 5.0  # seconds


def _stat(pid: int) -> tuple[str, int, int] | None:
    """(state, parent pid, start time) of a process, None when there is none."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = text[text.rindex(")") + 2:].split()
    return fields[0], int(fields[1]), int(fields[19])


def _children(parent: int) -> dict[int, int]:
    """The living children of `parent`: pid -> start time (which tells a reused pid apart)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _stat(int(entry.name))
            if stat and stat[1] == parent and stat[0] not in "ZX":
                found[int(entry.name)] = stat[2]
    return found


def _alive(pid: int, started: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[2] == started and stat[0] not in "ZX"


def _wait_until_gone(processes: dict[int, int], seconds: float) -> dict[int, int]:
    deadline = time.monotonic() + seconds
    while True:
        alive = {pid: started for pid, started in processes.items() if _alive(pid, started)}
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.05)


def _kill(processes: dict[int, int]) -> None:
    for pid, started in processes.items():
        if _alive(pid, started):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _stagings(output: Path) -> list[Path]:
    return sorted(output.parent.glob(f".{output.name}.tmp-*"))


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> tuple[Path, Path]:
    """(engine, site): a copy of the engine as it is now (every build of the test runs the
    same code while the working tree changes) and the synthetic archive."""
    root = tmp_path_factory.mktemp("worker-death")
    engine = root / "engine"
    copy_engine(engine)
    synthetic.generate(root / "site", MEETINGS)
    return engine, root / "site"


def _command(engine: Path, site: Path, output: Path) -> list[str]:
    return [sys.executable, str(engine / "build.py"), "--site", str(site), "--out",
            str(output), "--dato", ARCHIVE_DATE, "--uden-cache"]


def _build(engine: Path, site: Path, output: Path) -> subprocess.CompletedProcess:
    return subprocess.run(_command(engine, site, output), cwd=engine, capture_output=True,
                          text=True, timeout=300, env={**os.environ, "SITE_JOBS": "2"})


def test_killing_a_build_kills_its_workers_and_the_next_build_runs(archive, tmp_path):
    engine, site = archive
    output = tmp_path / "public"
    first = _build(engine, site, output)
    assert first.returncode == 0, first.stderr
    before = _snapshot(output)
    assert "index.html" in before

    with open(tmp_path / "build.log", "wb") as log:
        build = subprocess.Popen(_command(engine, site, output), cwd=engine, stdout=log,
                                 stderr=log, env={**os.environ, "SITE_JOBS": "2"},
                                 start_new_session=True)
    workers: dict[int, int] = {}
    try:
        deadline = time.monotonic() + 120
        # the lock is taken before the staging folder is made, and the page workers are
        # forked after it: they are the ones that could keep the lock
        while len(workers) < 2:
            assert build.poll() is None, "the build ended before its workers were seen: " + \
                (tmp_path / "build.log").read_text(errors="replace")
            assert time.monotonic() < deadline, "no workers within 120 s"
            if _stagings(output):
                workers = _children(build.pid)
            time.sleep(0.005)
        os.kill(build.pid, signal.SIGKILL)
        build.wait(timeout=30)

        left = _wait_until_gone(workers, GONE_WITHIN)
        assert not left, f"workers {sorted(left)} of the killed build still run"
        assert _snapshot(output) == before  # the killed build published nothing

        again = _build(engine, site, output)
        assert again.returncode == 0, again.stderr
        assert "kører allerede" not in again.stderr
        assert _snapshot(output) == before  # same site, same date: the same output
        assert _stagings(output) == []  # the killed build's staging folder is gone
    finally:
        _kill(workers)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(build.pid, signal.SIGKILL)
        build.wait(timeout=30)


def _fork(child) -> int:
    """Fork; the child runs `child()` and ends without returning into pytest."""
    pid = os.fork()
    if pid == 0:
        try:
            child()
        finally:
            os._exit(0)
    return pid


def test_a_forked_child_does_not_keep_the_build_lock(tmp_path):
    output = tmp_path / "public"
    child = None
    try:
        with build_lock(output):
            child = _fork(lambda: time.sleep(60))
            time.sleep(0.2)  # the child has closed its copy of the lock file by now
            other = os.open(lock_path(output), os.O_RDWR)
            try:
                with pytest.raises(BlockingIOError):  # the build still holds its lock
                    fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
            finally:
                os.close(other)
        assert _stat(child) is not None and _stat(child)[0] not in "ZX"  # still running
        other = os.open(lock_path(output), os.O_RDWR)
        try:
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free: the child lets go
        finally:
            os.close(other)
    finally:
        if child:
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)


def test_a_worker_whose_parent_is_already_gone_ends_at_once():
    """The race: the build died between the fork and the worker's set-up."""
    for prctl in (parallel._PRCTL, None):
        child = _fork(lambda: (parallel._die_with_parent(os.getppid() + 1, prctl),
                               time.sleep(60)))
        started = time.monotonic()
        _pid, status = os.waitpid(child, 0)
        assert os.waitstatus_to_exitcode(status) == 1
        assert time.monotonic() - started < 10


WATCHED = textwrap.dedent("""\
    import os, sys, time
    sys.path.insert(0, sys.argv[1])
    from site_builder.build import parallel
    parent = os.getpid()
    child = os.fork()
    if child == 0:
        try:
            parallel._die_with_parent(parent, None if sys.argv[2] == "poll" else parallel._PRCTL)
            time.sleep(60)
        finally:
            os._exit(0)
    print(child, flush=True)
    time.sleep(60)
""")


@pytest.mark.parametrize("how", ["prctl", "poll"])
def test_a_worker_dies_with_its_killed_parent(how):
    """Both ways: the kernel's parent-death signal (Linux) and polling the parent's pid."""
    if how == "prctl" and parallel._PRCTL is None:
        pytest.skip("no prctl here")
    parent = subprocess.Popen([sys.executable, "-c", WATCHED, str(ROOT), how],
                              stdout=subprocess.PIPE, text=True, start_new_session=True)
    worker: dict[int, int] = {}
    try:
        pid = int(parent.stdout.readline())
        worker = {pid: _stat(pid)[2]}
        time.sleep(0.3)
        assert _wait_until_gone(worker, 0) == worker  # it waits while its parent lives
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=30)
        assert not _wait_until_gone(worker, GONE_WITHIN)
    finally:
        _kill(worker)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(parent.pid, signal.SIGKILL)
        parent.wait(timeout=30)
        parent.stdout.close()


def test_old_outputs_are_set_aside_and_removed_by_the_next_build_even_if_its_worker_dies(
        tmp_path, monkeypatch):
    """A build does not wait for the old output to be removed: it sets it aside
    (.public.old-...), and the next build removes it in a worker beside its loading. If
    that worker dies, the build goes on and publishes; the build after it removes what
    was left, in a worker or, with one process, at its end."""
    from conftest import BUILD_DATE, make_site

    from site_builder.build import publish
    from site_builder.pipeline import BuildOptions, build

    site = make_site(tmp_path / "site", {})
    output = tmp_path / "public"
    page = site / "content" / "sider" / "om-sekretariatet.md"
    page.parent.mkdir(parents=True, exist_ok=True)

    def edit(text: str) -> None:
        page.write_text(f"---\ntitel: Om sekretariatet\n---\n\n{text}\n", "utf-8")

    def set_aside() -> list[Path]:
        return sorted(output.parent.glob(f".{output.name}.old-*"))

    build(BuildOptions(site, output, BUILD_DATE, jobs=2))
    assert set_aside() == []
    edit("Sekretariatet betjener kommunerne.")
    build(BuildOptions(site, output, BUILD_DATE, jobs=2))
    first = set_aside()
    assert len(first) == 1 and not (first[0] / "om-sekretariatet").exists()  # the old site
    edit("Sekretariatet betjener de elleve kommuner.")
    parent, remove_tree = os.getpid(), publish.remove_tree

    def dying(folder: Path, *args) -> None:
        if os.getpid() != parent:  # the worker
            os._exit(3)
        remove_tree(folder, *args)
    monkeypatch.setattr(publish, "remove_tree", dying)
    build(BuildOptions(site, output, BUILD_DATE, jobs=2))
    assert "elleve" in (output / "om-sekretariatet" / "index.html").read_text()
    assert first[0] in set_aside() and len(set_aside()) == 2  # the worker removed nothing
    monkeypatch.undo()
    build(BuildOptions(site, output, BUILD_DATE, jobs=2))
    assert len(set_aside()) == 1 and first[0] not in set_aside()  # only the last build's
    before = set_aside()
    build(BuildOptions(site, output, BUILD_DATE, jobs=1))  # no worker: at the end
    assert len(set_aside()) == 1 and set_aside() != before
    assert _stagings(output) == []
    assert "elleve" in (output / "om-sekretariatet" / "index.html").read_text()
