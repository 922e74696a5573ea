"""A deploy after one edited meeting, as Netlify (netlify/plugins/build-cache) or the GitHub
workflow (actions/cache) runs it: a fresh checkout in the same place (every file written
anew, with the time of the clone, and no output folder), the cache folder <site>/.cache/
restored from the last deploy, one meeting edited, `python build.py`. Its output is
compared byte for byte with a cold build (`--uden-cache`) of the same checkout
(benchmarks/run.py prints it; tests/test_deploy_cache.py holds the same property).
"""
from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

from benchmarks.harness import Bench, Run, edit_meeting


@dataclass
class Deploy:
    first: Run  # the first deploy: nothing kept yet
    edited: Run  # the deploy after one edited meeting, with the kept cache folder
    cold: Run  # a cold build of the same checkout
    identical: bool  # the edited deploy's output equals the cold build's
    cache_mb: float


def fresh_checkout(archive: Path, checkout: Path) -> None:
    """What a clone writes: the archive's files, each new (its time is now)."""
    if checkout.exists():
        shutil.rmtree(checkout)
    for source in sorted(archive.rglob("*")):
        if source.is_file() and ".cache" not in source.relative_to(archive).parts:
            target = checkout / source.relative_to(archive)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())


def digest_tree(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def simulate_deploy(archive: Path, workdir: Path) -> Deploy:
    checkout = workdir / "deploy" / "site"  # one place for every deploy, as on Netlify
    kept = workdir / "deploy" / "kept-cache"  # the build cache Netlify keeps
    fresh_checkout(archive, checkout)
    first = Bench(checkout, checkout / "public", []).build()
    if kept.exists():
        shutil.rmtree(kept)
    shutil.copytree(checkout / ".cache", kept)  # onPostBuild: utils.cache.save(".cache")
    cache_mb = sum(p.stat().st_size for p in kept.rglob("*") if p.is_file()) / 1e6

    fresh_checkout(archive, checkout)
    shutil.copytree(kept, checkout / ".cache")  # onPreBuild: utils.cache.restore(".cache")
    edit_meeting(checkout, 0)
    edited = Bench(checkout, checkout / "public", []).build()
    cold_out = workdir / "deploy" / "cold"
    if cold_out.exists():
        shutil.rmtree(cold_out)
    cold = Bench(checkout, cold_out, ["--uden-cache"]).build()
    identical = digest_tree(checkout / "public") == digest_tree(cold_out)
    return Deploy(first, edited, cold, identical, cache_mb)
