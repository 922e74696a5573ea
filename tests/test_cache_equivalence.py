"""A cache never outlives the truth: after any sequence of changes, a build with the cache
gives byte for byte the same output and the same messages as a build without it.

A stateful property (hypothesis' rule-based state machine) over the changes editors make:
meeting text, items opened and closed, bilag that appear, disappear, are renamed or are
referred to before they exist, data/*.yaml, the site's own templates and the build date.
After every step the cached build (one output folder and one cache kept across the steps,
as on an editor's machine or a CI runner with a kept cache) is compared with a clean build.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from conftest import make_site, output_files
from site_builder.pipeline import BuildOptions, build
from site_builder.problems import SiteError

MEETING = "content/moeder/das/2020-05-25.md"
BILAG_DIR = "content/moeder/das/2020-05-25"
NAMES = ("oversigt.pdf", "budget.pdf")
WORDS = ("Takster", "Krisecenter", "Handleplan", "Styregruppen", "Budget", "Udmelding")
DATES = (dt.date(2020, 5, 1), dt.date(2020, 6, 1), dt.date(2021, 1, 1))


class CacheMatchesCleanBuild(RuleBasedStateMachine):
    @initialize()
    def start(self):
        self.folder = Path(tempfile.mkdtemp(prefix="cache-equivalence-"))
        self.site = make_site(self.folder / "site", {})
        self.clock = 1_600_000_000_000_000_000  # file times only go forwards, as on a disk
        self.text = "Indledende tekst."
        self.closed = False
        self.referenced: str | None = None
        self.body_name = "Den Administrative Styregruppe"
        self.date = DATES[1]
        self.template_note = None
        self._write_meeting()

    def teardown(self):
        shutil.rmtree(self.folder, ignore_errors=True)

    # what the site looks like ------------------------------------------------------------

    def _touch(self, path: Path) -> None:
        self.clock += 1_000_000_007
        os.utime(path, ns=(self.clock, self.clock))

    def _write(self, relative: str, text: str | bytes) -> None:
        path = self.site / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        self._touch(path)
        self._touch(path.parent)

    def _write_meeting(self) -> None:
        front = "---\norgan: das\ndato: 2020-05-25\nstatus: referat\npunkter:\n  2:\n"
        front += f"    lukket: {'ja' if self.closed else 'nej'}\n"
        if self.referenced:
            front += ("  1:\n    bilag:\n      - titel: Oversigt\n"
                      f"        fil: 2020-05-25/{self.referenced}\n")
        self._write(MEETING, front + "---\n\n## 1. Takster\n\n" + self.text +
                    "\n\n## 2. Personalesag\n\nFortrolig tekst om en medarbejder.\n")

    # the changes -------------------------------------------------------------------------

    @rule(words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=4))
    def edit_text(self, words):
        self.text = " ".join(words) + "."
        self._write_meeting()

    @rule()
    def toggle_closed(self):
        self.closed = not self.closed
        self._write_meeting()

    @rule(name=st.sampled_from(NAMES), content=st.sampled_from([b"%PDF-1.4 a", b"ny tekst"]))
    def add_or_change_bilag(self, name, content):
        self._write(f"{BILAG_DIR}/{name}", content)

    @rule(name=st.sampled_from(NAMES))
    def remove_bilag(self, name):
        path = self.site / BILAG_DIR / name
        if path.exists():
            path.unlink()
            self._touch(path.parent)

    @rule(old=st.sampled_from(NAMES), new=st.sampled_from(NAMES))
    def rename_bilag(self, old, new):
        source = self.site / BILAG_DIR / old
        if source.exists() and old != new:
            source.rename(self.site / BILAG_DIR / new)
            self._touch(source.parent)

    @rule(name=st.one_of(st.none(), st.sampled_from(NAMES)))
    def refer_to_bilag(self, name):
        self.referenced = name
        self._write_meeting()

    @rule(name=st.sampled_from(["Den Administrative Styregruppe", "Styregruppen"]))
    def rename_body(self, name):
        path = self.site / "data/organer.yaml"
        text = path.read_text(encoding="utf-8").replace(self.body_name, name, 1)
        self.body_name = name
        self._write("data/organer.yaml", text)

    @rule(note=st.one_of(st.none(), st.sampled_from(["Egen note", "Anden note"])))
    def own_template(self, note):
        own = self.site / "templates" / "404.html"
        if note is None:
            if own.exists():
                own.unlink()
                self._touch(own.parent)
        else:
            self._write("templates/404.html", "{% extends \"base.html\" %}{% block content %}"
                        f"<h1>{note}</h1>{{% endblock %}}")

    @rule(date=st.sampled_from(DATES))
    def build_on(self, date):
        self.date = date

    # the property ------------------------------------------------------------------------

    def _build(self, output: Path, cache: Path | None):
        try:
            report = build(BuildOptions(self.site, output, self.date, jobs=1,
                                        cache_dir=cache))
        except SiteError as error:
            return "fejl", [p.format() for p in error.problems], None
        return "bygget", [p.format() for p in report.warnings], output_files(output)

    @invariant()
    def cached_build_equals_clean_build(self):
        cached = self._build(self.folder / "public", self.folder / "cache")
        clean_output = self.folder / "clean" / "public"
        shutil.rmtree(clean_output.parent, ignore_errors=True)
        clean = self._build(clean_output, None)
        assert cached[:2] == clean[:2], (cached[:2], clean[:2])
        if clean[2] is not None:
            assert cached[2] == clean[2], sorted(
                name for name in set(cached[2]) | set(clean[2])
                if cached[2].get(name) != clean[2].get(name))


CacheMatchesCleanBuild.TestCase.settings = settings(
    max_examples=12, stateful_step_count=8, deadline=None)
test_a_cached_build_equals_a_clean_build = CacheMatchesCleanBuild.TestCase


def test_adding_a_missing_bilag_clears_its_error_in_a_cached_build():
    """The review's case, step by step: the error of a missing bilag stayed until the
    meeting file was edited or .cache/ deleted."""
    machine = CacheMatchesCleanBuild()
    try:
        machine.start()
        machine.refer_to_bilag("oversigt.pdf")
        machine.cached_build_equals_clean_build()
        machine.add_or_change_bilag("oversigt.pdf", b"%PDF-1.4 a")
        machine.cached_build_equals_clean_build()
        machine.rename_bilag("oversigt.pdf", "budget.pdf")
        machine.cached_build_equals_clean_build()
        machine.refer_to_bilag("budget.pdf")
        machine.cached_build_equals_clean_build()
    finally:
        machine.teardown()
