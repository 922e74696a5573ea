"""Fuzzing the loader and the renderer: random and mutated meeting files (broken YAML, wrong
types, huge values, control characters, invalid UTF-8, deep nesting, duplicate keys,
anchors and aliases) end in a built site or SiteError (problems, each with the file and a
message) or OutputError - never another exception. The same generator runs 10,000+ cases in
benchmarks/fuzz.py; the suite runs about 200, derandomised so that CI is repeatable."""
from __future__ import annotations

import string

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzzing import (BUILD_DATE, KEYS, SCALARS, TARGET, VALID, FuzzSite, check_site_error,
                     make_case)
from site_builder.pipeline import BuildOptions, load_and_check
from site_builder.problems import SiteError

OUTCOMES = ("built", "SiteError", "OutputError")
SETTINGS = dict(deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def fuzz_site(tmp_path_factory) -> FuzzSite:
    return FuzzSite.create(tmp_path_factory.mktemp("fuzz") / "site")


@settings(max_examples=130, **SETTINGS)
@given(rng=st.randoms(use_true_random=False))
def test_random_and_mutated_meeting_files(fuzz_site, rng):
    _kind, data = make_case(rng)
    assert fuzz_site.run(data) in OUTCOMES


_scalars = st.one_of(st.sampled_from(SCALARS), st.text(max_size=40),
                     st.integers(), st.floats(), st.booleans(), st.none(), st.dates())
_values = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8),
                                                 inner, max_size=4)), max_leaves=12)


@settings(max_examples=50, **SETTINGS)
@given(front=st.dictionaries(st.sampled_from(KEYS), _values, max_size=8),
       body=st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("#|-*[]()\n "),
                    max_size=400),
       valid_core=st.booleans())
def test_structured_front_matter_of_any_type(fuzz_site, front, body, valid_core):
    if valid_core:
        front = {"organ": "das", "dato": "2020-05-25", "status": "referat", **front}
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body
    assert fuzz_site.run(text.encode("utf-8", "surrogatepass")) in OUTCOMES


@settings(max_examples=25, **SETTINGS)
@given(data=st.binary(max_size=600))
def test_arbitrary_bytes(fuzz_site, data):
    assert fuzz_site.run(b"---\norgan: das\n" + data) in OUTCOMES


@pytest.mark.parametrize("text,expected", [
    ("---\norgan: das\norgan: kkr\n---\n", "nøglen 'organ' står to gange"),
    ("---\norgan: &a das\ndato: *a\n---\n", "YAML-ankre (&) og -henvisninger (*) bruges"),
    ("---\ndeltagere: &a [*a]\n---\n", "YAML-ankre (&) og -henvisninger (*) bruges ikke her"),
    ("---\npunkter: " + "[" * 50 + "]" * 50 + "\n---\n", "YAML er indlejret mere end 20"),
    ("---\ntitel: a\x00b\n---\n", "ugyldigt kontroltegn U+0000"),
    ("---\ntitel: \xff\n---\n", "filen er ikke gemt som UTF-8"),
    ("---\norgan: [das\n---\n", "ugyldig YAML"),
])
def test_known_hostile_files_give_their_own_message(fuzz_site, text, expected):
    fuzz_site.root.joinpath(TARGET).write_bytes(
        text.encode("latin-1") if "\xff" in text else text.encode("utf-8"))
    with pytest.raises(SiteError) as caught:
        load_and_check(BuildOptions(fuzz_site.root, fuzz_site.root / "public", BUILD_DATE,
                                    jobs=1))
    check_site_error(caught.value)
    assert any(expected in p.message for p in caught.value.problems), \
        [p.format() for p in caught.value.problems]


def test_the_runner_reports_a_crash_as_a_crash(fuzz_site, monkeypatch):
    """A failure the runner must not hide: an exception that is not a SiteError."""
    import site_builder.content.documents as documents

    def broken(*args, **kwargs):
        raise KeyError("boom")
    monkeypatch.setattr(documents, "split_agenda", broken)
    with pytest.raises(KeyError):
        fuzz_site.run(b"---\norgan: das\ndato: 2020-05-25\nstatus: referat\n---\n")


def test_a_case_that_loads_is_rendered(fuzz_site, monkeypatch):
    """The valid seed is built, its meeting page is there; a crash while rendering a page
    is a crash, not an outcome."""
    import site_builder.pipeline as pipeline

    output = fuzz_site.root / "public"
    assert fuzz_site.run(VALID.encode("utf-8")) == "built"
    page = (output / "organer/das/2020-05-25/index.html").read_text(encoding="utf-8")
    assert "Udmøntning af Nordjysk Socialaftale" in page
    before = (output / "organer/das/2020-05-25/index.html").stat().st_mtime_ns

    def broken(*args, **kwargs):
        raise KeyError("boom")
    monkeypatch.setattr(pipeline, "render_page", broken)
    with pytest.raises(KeyError):
        fuzz_site.run(VALID.encode("utf-8"))
    assert (output / "organer/das/2020-05-25/index.html").stat().st_mtime_ns == before


def test_keys_and_scalars_cover_the_schema():
    assert {"organ", "dato", "status", "punkter", "bilag", "lukket", "kladde"} <= set(KEYS)
    assert any(c in "".join(SCALARS) for c in string.punctuation)
