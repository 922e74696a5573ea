"""Nothing is lost: a build killed at any moment, a full disk, an unwritable output folder or
a second build at the same time leave the published output exactly as it was (or, when the
kill came after the swap, exactly the new one), and the next build succeeds.

The kill loop runs `python build.py` on a synthetic archive big enough to take a few
seconds and kills its whole process group (workers included) with SIGKILL at random
moments: half of them anywhere in the build, half while it writes its staging folder.
Tests run as root in CI, where chmod does not stop writes: disk faults are made in-process
(the writer's `open` raising ENOSPC or EACCES), with a file in the way of the output folder,
and - where the machine lets us mount - on a real tiny or read-only tmpfs.
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, build_site, make_site, run_cli
from system_deps import copy_engine

from benchmarks import synthetic
from site_builder import cli
from site_builder.build import writer
from site_builder.build.publish import LOCKED, lock_path

ARCHIVE_DATE = "2026-01-15"  # after the synthetic archive's last meeting
MEETINGS = 120
KILLS = 15
UNCHANGED = "Det offentliggjorte site er uændret."


def snapshot(folder: Path) -> dict[str, str]:
    """Every file of a folder (path -> sha256); empty folders count too."""
    state = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_dir():
            if not any(path.iterdir()):
                state[relative + "/"] = "tom mappe"
        else:
            state[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return state


def _command(engine: Path, site: Path, output: Path, *extra: str) -> list[str]:
    return [sys.executable, str(engine / "build.py"), "--site", str(site), "--out",
            str(output), "--dato", ARCHIVE_DATE, *extra]


def _build(engine: Path, site: Path, output: Path, *extra: str) -> float:
    started = time.monotonic()
    result = subprocess.run(_command(engine, site, output, *extra), cwd=engine,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return time.monotonic() - started


def _stagings(output: Path) -> list[Path]:
    return sorted(output.parent.glob(f".{output.name}.tmp-*"))


class Archive:
    """The synthetic archive in two versions: v1 is published, builds of v2 get killed."""

    def __init__(self, root: Path):
        # A copy of the engine as it is now: every build of the test runs the same code and
        # templates, also while the working tree changes.
        self.engine = root / "engine"
        copy_engine(self.engine)
        self.site = root / "site"
        synthetic.generate(self.site, MEETINGS, seed=5)
        self.meeting = sorted((self.site / "content" / "moeder").glob("*/*.md"))[-1]
        self.v1 = self.meeting.read_bytes()
        self.v2 = self.v1.replace(b"\n---\n", b"\n---\n\nTilf\xc3\xb8jet i version 2.\n", 1)
        assert self.v2 != self.v1
        self.mtime = self.meeting.stat().st_mtime_ns
        self.output = root / "public"
        self.cache = self.site / ".cache"
        self.use(1)
        self.seconds = _build(self.engine, self.site, self.output, "--uden-cache")
        self.old = snapshot(self.output)
        self.pristine = root / "pristine"
        shutil.copytree(self.output, self.pristine)
        self.use(2)
        _build(self.engine, self.site, root / "v2", "--uden-cache")
        self.new = snapshot(root / "v2")
        assert self.new != self.old

    def use(self, version: int) -> None:
        self.meeting.write_bytes(self.v1 if version == 1 else self.v2)
        os.utime(self.meeting, ns=(self.mtime, self.mtime + version))

    def restore_old_output(self) -> None:
        """Put v1's output back (after a build of v2 got through); the cache's list of what
        is in the output would then be wrong, so it goes too."""
        shutil.rmtree(self.output)
        shutil.copytree(self.pristine, self.output)
        shutil.rmtree(self.cache, ignore_errors=True)


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Archive:
    return Archive(tmp_path_factory.mktemp("faults"))


def _start(archive: Archive, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(_command(archive.engine, archive.site, archive.output, *extra),
                            cwd=archive.engine,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)


def _wait_for_staging(process: subprocess.Popen, output: Path, before: list[Path]) -> bool:
    """Until the build has made its staging folder (True) or has ended (False)."""
    while process.poll() is None:
        if [p for p in _stagings(output) if p not in before]:
            return True
        time.sleep(0.005)
    return False


def test_killing_the_build_at_random_moments_never_breaks_the_published_site(archive):
    rng = random.Random(8)
    outcomes = {"old": 0, "new": 0, "killed while writing": 0}
    for kill in range(KILLS):
        extra = ("--uden-cache",) if kill % 2 == 0 else ()
        before = _stagings(archive.output)
        process = _start(archive, *extra)
        if kill % 4 < 2:  # anywhere: starting, reading, checking, writing, swapping
            time.sleep(rng.uniform(0.05, archive.seconds))
        elif _wait_for_staging(process, archive.output, before):  # while writing
            outcomes["killed while writing"] += 1
            time.sleep(rng.uniform(0, archive.seconds / 2))
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
        state = snapshot(archive.output)
        assert state in (archive.old, archive.new), f"kill {kill}: a mixed or broken output"
        if state == archive.new:  # the kill came after the swap, or the build was done
            outcomes["new"] += 1
            archive.restore_old_output()
        else:
            outcomes["old"] += 1
    print(f"{KILLS} kills: {outcomes}")
    assert outcomes["old"] >= 1  # at least one kill must have hit a build in progress
    # the next build (with the cache the killed builds left) succeeds and is right
    _build(archive.engine, archive.site, archive.output)
    assert snapshot(archive.output) == archive.new
    assert _stagings(archive.output) == []  # leftovers of killed builds are gone
    archive.use(1)
    _build(archive.engine, archive.site, archive.output)
    assert snapshot(archive.output) == archive.old
    archive.use(2)


def test_a_second_build_at_the_same_time_gets_the_lock_message(archive):
    archive.use(2)
    before = _stagings(archive.output)
    first = _start(archive, "--uden-cache")
    try:
        assert _wait_for_staging(first, archive.output, before), \
            "the first build ended before it wrote anything"
        os.killpg(first.pid, signal.SIGSTOP)  # hold it in the middle of writing
        second = subprocess.run(_command(archive.engine, archive.site, archive.output),
                                cwd=archive.engine, capture_output=True, text=True,
                                timeout=300)
        assert second.returncode == 1
        assert second.stderr.strip().splitlines()[-1] == \
            "fejl: " + LOCKED.format(output=archive.output)
        assert "Traceback" not in second.stderr
        check = subprocess.run(_command(archive.engine, archive.site, archive.output)[:2]
                               + ["check", "--site", str(archive.site), "--dato", ARCHIVE_DATE],
                               cwd=archive.engine, capture_output=True, text=True, timeout=300)
        assert check.returncode == 0, check.stderr  # checking writes nothing: no lock
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(first.pid, signal.SIGCONT)
    assert first.wait(timeout=300) == 0, first.stderr.read().decode()
    first.stderr.close()
    assert snapshot(archive.output) == archive.new  # the first build's output is whole
    archive.restore_old_output()


def test_a_held_lock_stops_a_build_before_it_touches_anything(published):
    site, output, before = published
    with open(lock_path(output), "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = run_cli("--site", str(site), "--out", str(output), "--dato", "2020-06-01")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == ["fejl: " + LOCKED.format(output=output)]
    assert snapshot(output) == before and _stagings(output) == []


# Disk faults, made in-process ------------------------------------------------------------

SMALL_SITE = {
    "content/moeder/das/2020-05-25.md": """
        ---
        organ: das
        dato: 2020-05-25
        status: referat
        punkter:
          1:
            bilag:
              - titel: Rapport
                fil: 2020-05-25/rapport.pdf
        ---

        ## 1. Godkendelse af dagsorden

        ### Referat

        Godkendt.
        """,
    "content/moeder/das/2020-05-25/rapport.pdf": b"%PDF-1.4 rapport",
    "content/sider/om.md": "---\ntitel: Om sitet\n---\nTekst.\n",
}


@pytest.fixture
def published(tmp_path) -> tuple[Path, Path, dict]:
    site = make_site(tmp_path / "site", SMALL_SITE)
    output = tmp_path / "out" / "public"
    build_site(site, output)
    return site, output, snapshot(output)


def _failing_open(code: int, after: int, when=lambda path: True):
    calls = {"n": 0}

    def fake_open(path, mode="r", *args, **kwargs):
        if "r" not in mode and when(str(path)):
            calls["n"] += 1
            if calls["n"] > after:
                raise OSError(code, os.strerror(code), str(path))
        return open(path, mode, *args, **kwargs)
    return fake_open


def _run_main(capsys, site: Path, output: Path, *extra: str) -> tuple[int, list[str]]:
    code = cli.main(["--site", str(site), "--out", str(output), "--dato", "2020-06-01",
                     "--uden-cache", *extra])
    captured = capsys.readouterr()
    return code, captured.err.strip().splitlines()


@pytest.mark.parametrize("code,reason", [
    (errno.ENOSPC, "disken er fuld, så sitet kunne ikke bygges i"),
    (errno.EDQUOT, "disken er fuld, så sitet kunne ikke bygges i"),
    (errno.EACCES, "sitet kunne ikke skrives i {parent}: ingen skriveadgang"),
    (errno.EROFS, "sitet kunne ikke skrives i {parent}: disken er skrivebeskyttet"),
    (errno.EIO, "sitet kunne ikke skrives i {parent}: læse- eller skrivefejl på disken"),
])
@pytest.mark.parametrize("after", [0, 7])
def test_a_disk_fault_gives_one_danish_error_and_leaves_the_output(
        published, capsys, monkeypatch, code, reason, after):
    site, output, before = published
    monkeypatch.setattr(writer, "open", _failing_open(code, after), raising=False)
    exit_code, lines = _run_main(capsys, site, output, "--jobs", "1")
    assert exit_code == 1
    assert len(lines) == 1, lines
    assert lines[0].startswith("fejl: " + reason.format(parent=output.parent)), lines
    assert lines[0].endswith(UNCHANGED + (" Frigør plads, og byg igen."
                                          if code in (errno.ENOSPC, errno.EDQUOT) else ""))
    assert ".public.tmp-" not in lines[0]  # the message names the real folder
    assert snapshot(output) == before
    assert _stagings(output) == []
    monkeypatch.undo()
    assert cli.main(["--site", str(site), "--out", str(output), "--dato", "2020-06-01"]) == 0
    assert snapshot(output) == before


def test_a_full_disk_in_a_worker_process_gives_the_same_one_error(tmp_path, capsys,
                                                                  monkeypatch):
    pages = {f"content/sider/side-{n}.md": f"---\ntitel: Side {n}\n---\nTekst {n}.\n"
             for n in range(60)}  # enough pages to render them in worker processes
    site = make_site(tmp_path / "site", pages)
    output = tmp_path / "public"
    build_site(site, output)
    before = snapshot(output)
    monkeypatch.setattr(writer, "open", _failing_open(errno.ENOSPC, 0,
                                                      lambda p: "side-42" in p), raising=False)
    exit_code, lines = _run_main(capsys, site, output, "--jobs", "2")
    assert exit_code == 1
    assert lines == [f"fejl: disken er fuld, så sitet kunne ikke bygges i {tmp_path} "
                     f"(ved side-42/index.html). {UNCHANGED} Frigør plads, og byg igen."]
    assert snapshot(output) == before and _stagings(output) == []


def test_a_file_in_the_way_of_the_output_folder(published, tmp_path):
    site, _output, _before = published
    blocker = tmp_path / "fil"
    blocker.write_text("ikke en mappe", encoding="utf-8")
    for output, reason in ((blocker / "public", "der ligger en fil, hvor der skal være en "
                            "mappe"), (blocker / "under" / "public",
                                       "en del af stien er en fil, ikke en mappe")):
        result = run_cli("--site", str(site), "--out", str(output), "--dato", "2020-06-01")
        assert result.returncode == 1
        assert result.stderr.strip().splitlines() == [
            f"fejl: sitet kunne ikke skrives i {output.parent}: {reason}. {UNCHANGED}"]
    assert blocker.read_text(encoding="utf-8") == "ikke en mappe"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through chmod")
def test_a_folder_without_write_permission(published):
    site, output, before = published
    output.parent.chmod(0o555)
    try:
        result = run_cli("--site", str(site), "--out", str(output), "--dato", "2020-06-01")
    finally:
        output.parent.chmod(0o755)
    assert result.returncode == 1
    assert "ingen skriveadgang" in result.stderr and UNCHANGED in result.stderr
    assert snapshot(output) == before


# Disk faults on a real file system, where the machine lets us mount one -----------------

@contextlib.contextmanager
def tmpfs(folder: Path, size: int):
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs",
                              str(folder)], capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def _disk_use(folder: Path) -> int:
    """Bytes a tmpfs needs for a folder: whole 4 KiB pages per file and folder."""
    return sum(-(-max(p.stat().st_size, 1) // 4096) * 4096 for p in folder.rglob("*")) + 4096


def test_a_really_full_disk(published, tmp_path):
    site, output, before = published
    size = int(_disk_use(output) * 1.5)  # room for one site, not for the next beside it
    with tmpfs(tmp_path / "disk", size) as disk:
        target = disk / "public"
        first = run_cli("--site", str(site), "--out", str(target), "--dato", "2020-06-01",
                        "--uden-cache")
        assert first.returncode == 0, first.stderr
        published_state = snapshot(target)
        assert published_state == before
        second = run_cli("--site", str(site), "--out", str(target), "--dato", "2020-06-01",
                         "--uden-cache")
        assert second.returncode == 1
        lines = second.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(
            f"fejl: disken er fuld, så sitet kunne ikke bygges i {disk}"), lines
        assert snapshot(target) == published_state
        assert _stagings(target) == []  # the half-written staging folder is removed


def test_a_really_read_only_disk(published, tmp_path):
    site, output, before = published
    with tmpfs(tmp_path / "disk", 8 * 1024 * 1024) as disk:
        target = disk / "public"
        assert run_cli("--site", str(site), "--out", str(target),
                       "--dato", "2020-06-01").returncode == 0
        remount = subprocess.run(["mount", "-o", "remount,ro", str(disk)], capture_output=True)
        if remount.returncode != 0:
            pytest.skip("cannot remount read-only here")
        result = run_cli("--site", str(site), "--out", str(target), "--dato", "2020-06-01")
        assert result.returncode == 1
        assert result.stderr.strip().splitlines() == [
            f"fejl: sitet kunne ikke skrives i {disk}: disken er skrivebeskyttet. {UNCHANGED}"]
        assert snapshot(target) == before


def _flush_log(monkeypatch, syncfs: bool) -> list:
    """Run publish.swap_in on a system with or without syncfs(), recording each fsync (by
    path), each syncfs and the moment of the swap, in order."""
    from site_builder.build import publish

    events: list = []
    real_fsync, real_exchange = os.fsync, publish._exchange
    monkeypatch.setattr(publish.os, "fsync", lambda fd: (
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}"))), real_fsync(fd))[1])
    monkeypatch.setattr(publish, "flush_file_system",
                        lambda folder: (events.append(("syncfs", str(folder))) or True)
                        if syncfs else False)
    monkeypatch.setattr(publish, "_exchange", lambda first, second: (
        events.append(("swap", "")), real_exchange(first, second))[1])
    return events


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
@pytest.mark.parametrize("syncfs", [True, False])
def test_the_flush_before_the_swap_covers_what_the_build_wrote(tmp_path, monkeypatch, syncfs):
    """Before the swap the new output is on disk: by one syncfs() of its file system (on
    Linux; benchmarks/durability.py measured it the fastest flush, also beside other
    writers), else by an fsync of every folder of the new output and every file the build
    wrote; a file taken over from the published output (a hard link, flushed when that
    output was swapped in) needs only its folder."""
    from site_builder.build import publish

    output = tmp_path / "public"
    (output / "moeder" / "a").mkdir(parents=True)
    (output / "moeder" / "a" / "index.html").write_text("uændret")
    (output / "gammel.html").write_text("fjernes")
    staging = publish.new_staging(output)
    (staging / "moeder" / "a").mkdir(parents=True)
    (staging / "moeder" / "b").mkdir()
    os.link(output / "moeder" / "a" / "index.html", staging / "moeder" / "a" / "index.html")
    (staging / "moeder" / "b" / "index.html").write_text("ny")
    os.link(output / "gammel.html", staging / "flyttet.html")  # same file, another place
    folders = {str(staging), *(str(p) for p in staging.rglob("*") if p.is_dir())}
    written = {str(staging / "moeder" / "b" / "index.html"), str(staging / "flyttet.html")}
    events = _flush_log(monkeypatch, syncfs)

    publish.swap_in(staging, output)

    swap = events.index(("swap", ""))
    before = events[:swap]
    if syncfs:
        assert before == [("syncfs", str(staging))]
    else:
        flushed = {path for kind, path in before if kind == "fsync"}
        assert flushed == folders | written
    assert ("fsync", str(tmp_path)) in events[swap:]  # the folder holding the output
    assert (output / "moeder" / "b" / "index.html").read_text() == "ny"
    assert not staging.exists() and not (output / "gammel.html").exists()
