"""The judged query set of issue 13 (tests/search_judgements.yaml): reading it, building the
two sites it judges, searching through the real search page in Chromium, and scoring what a
search engine answers. tests/test_search_quality.py asserts the judgements;
benchmarks/search_quality.py prints recall@3 and MRR beside Pagefind's.

An answer is the list of results in order; each result shows one or more links (the search
page: one per result; Pagefind: a page and its sub-results), compared with the judged URLs
as written (a path, with #anchor for an item or an agreement part).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
JUDGEMENTS = ROOT / "tests" / "search_judgements.yaml"
SITES = ("bundled", "synthetic")
BUNDLED_DATE = dt.date(2026, 12, 4)
SYNTHETIC_DATE = dt.date(2026, 1, 15)  # after the synthetic archive's last meeting
SYNTHETIC_MEETINGS = 40
SYNTHETIC_SEED = 1
# Seed texts for the synthetic archive: the repository's own content/ (it has no *.txt, so
# the generator falls back to its Markdown), never a folder outside the repository.
SYNTHETIC_SEEDS = ROOT / "content"
KINDS = ("inflection", "compound", "spelling", "typo", "number", "name", "place", "meeting",
         "bilag", "pdf", "agreement", "case", "operator", "filter", "ranking", "private")
PAGE_KINDS = ("operator", "typo", "filter")  # what only the search page does
FILTERS = ("organ", "type", "aar", "sortering")  # the page's choices
_KEYS = {"q", "site", "kind", "first", "top3", "within", "never", "empty", "notice", "filters",
         "note"}


@dataclass(frozen=True)
class Judged:
    q: str
    site: str
    kind: str
    note: str
    first: frozenset[str] = frozenset()  # the first result is one of these
    top3: tuple[tuple[str, ...], ...] = ()  # each: one of these among the first 3
    within: frozenset[str] | None = None  # every one of the first 3 is one of these
    never: frozenset[str] = frozenset()
    empty: bool = False
    notice: str | None = None
    filters: dict[str, str] = field(default_factory=dict)

    @property
    def page_only(self) -> bool:
        """Operators, the typo fallback, the filters and the order are the search page's
        (search-page.js and what it loads), not search-core.js's: checked in Chromium only.
        So is a word with a hyphen inside (a case number): lunr's query parser splits it
        into two words that either may match, the page searches it as written."""
        return self.kind in PAGE_KINDS or bool(self.filters) or \
            re.search(r"\w-\w", self.q) is not None

    @property
    def id(self) -> str:
        chosen = "".join(f" {name}={value}" for name, value in self.filters.items())
        return f"{self.site}: {self.q}{chosen}"

    def positives(self) -> frozenset[str]:
        """The URLs that count as a right answer."""
        return (frozenset(url for choice in self.top3 for url in choice) | self.first
                | (self.within or set()))

    def urls(self) -> frozenset[str]:
        return self.positives() | self.never


def load(path: Path = JUDGEMENTS) -> list[Judged]:
    """The judged queries; a malformed entry raises ValueError naming it."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]
    judged = []
    for number, entry in enumerate(entries, start=1):
        where = f"{path.name}: query {number} ({entry.get('q')!r})"
        unknown = set(entry) - _KEYS
        if unknown or not isinstance(entry.get("q"), str) or not entry.get("note"):
            raise ValueError(f"{where}: needs q (text) and note; unknown keys {sorted(unknown)}")
        if entry.get("site") not in SITES or entry.get("kind") not in KINDS:
            raise ValueError(f"{where}: site must be one of {SITES}, kind one of {KINDS}")
        filters = {str(k): str(v) for k, v in (entry.get("filters") or {}).items()}
        if set(filters) - set(FILTERS):
            raise ValueError(f"{where}: filters are {FILTERS}")
        top3 = tuple((c,) if isinstance(c, str) else tuple(c) for c in entry.get("top3") or ())
        item = Judged(entry["q"], entry["site"], entry["kind"], entry["note"],
                      frozenset(entry.get("first") or ()), top3,
                      frozenset(entry["within"]) if entry.get("within") else None,
                      frozenset(entry.get("never") or ()), bool(entry.get("empty")),
                      entry.get("notice"), filters)
        expects = bool(item.first or item.top3 or item.within or item.never)
        if item.empty == expects or len(item.top3) > 3:
            raise ValueError(f"{where}: either empty: true, or first/top3/within (at most 3 "
                             "in top3), with never: if wanted")
        judged.append(item)
    return judged


# The sites ---------------------------------------------------------------------------------

def build_sites(folder: Path) -> dict[str, Path]:
    """Builds the bundled site and the synthetic archive into `folder`; site -> built folder."""
    from benchmarks.synthetic import generate
    from site_builder.pipeline import BuildOptions, build

    bundled = folder / "bundled"
    build(BuildOptions(ROOT, bundled, BUNDLED_DATE))
    archive = folder / "synthetic-source"
    generate(archive, SYNTHETIC_MEETINGS, seed=SYNTHETIC_SEED, seeds=SYNTHETIC_SEEDS)
    synthetic = folder / "synthetic"
    build(BuildOptions(archive, synthetic, SYNTHETIC_DATE))
    return {"bundled": bundled, "synthetic": synthetic}


def source_folder(site: str, built: Path) -> Path:
    """The content/ and data/ a built site was made from (build_sites' layout)."""
    return ROOT if site == "bundled" else built.parent / "synthetic-source"


# Scoring -----------------------------------------------------------------------------------

@dataclass
class Answer:
    results: list[tuple[str, ...]]  # per result, in order, the links it shows
    text: str = ""  # what the page says besides the results (status, notices)

    @classmethod
    def of_links(cls, links: list[str], text: str = "") -> "Answer":
        return cls([(link,) for link in links], text)

    def first(self) -> list[str]:
        return [result[0] for result in self.results]


def _shown(results: list[tuple[str, ...]]) -> set[str]:
    return {link for result in results for link in result}


def problems(judged: Judged, answer: Answer) -> list[str]:
    """What is wrong with an answer (nothing: the judgement holds)."""
    wrong = []
    top = answer.results[:3]
    if judged.empty and answer.results:
        wrong.append(f"must find nothing, found {len(answer.results)}")
    if judged.first and not (top and set(top[0]) & judged.first):
        wrong.append(f"not first: {' or '.join(sorted(judged.first))}")
    for choice in judged.top3:
        if not set(choice) & _shown(top):
            wrong.append(f"not in the top 3: {' or '.join(choice)}")
    if judged.within is not None:
        if not answer.results:
            wrong.append("found nothing")
        outside = [result[0] for result in top if not set(result) & judged.within]
        if outside:
            wrong.append(f"in the top 3 but not judged right: {', '.join(outside)}")
    excluded = judged.never & _shown(answer.results)
    if excluded:
        wrong.append(f"must not be found: {', '.join(sorted(excluded))}")
    if judged.notice and judged.notice not in answer.text:
        wrong.append(f"the page does not say {judged.notice!r}")
    return wrong


def recall_at_3(judged: Judged, answer: Answer) -> float | None:
    """The share of the judged results among the first 3 (None: nothing to find)."""
    if judged.top3:
        shown = _shown(answer.results[:3])
        return sum(bool(set(choice) & shown) for choice in judged.top3) / len(judged.top3)
    if judged.first:
        return float(bool(answer.results and set(answer.results[0]) & judged.first))
    if judged.within is not None:
        top = answer.results[:3]
        return float(bool(top) and all(set(result) & judged.within for result in top))
    return None


def reciprocal_rank(judged: Judged, answer: Answer) -> float | None:
    """1 / the rank of the first right result (0: none; None: nothing to find)."""
    right = judged.positives()
    if not right:
        return None
    for rank, result in enumerate(answer.results, start=1):
        if set(result) & right:
            return 1 / rank
    return 0.0


# The search page in Chromium ------------------------------------------------------------------

# Done: the query is in the address, the results are all shown and the status says so.
_DONE = """() => {
  const page = document.querySelector('[data-search-page]');
  const status = page.querySelector('[data-search-status]').textContent;
  const list = page.querySelector('[data-search-results]');
  return new URLSearchParams(location.search).has('q') && !list.hasAttribute('aria-busy')
    && /resultat|kunne ikke/i.test(status) && !/Søger/.test(status);
}"""
_LINKS = """items => items.map(item => {
  const link = item.querySelector('a[href]');
  return link ? link.getAttribute('href') : '';
})"""


class SearchPage:
    """/soeg/ of a served site in Chromium, used as a reader uses it: choose the filters,
    type the query, press Enter, read the result links in order (the first page of 20)."""

    def __init__(self, browser, base: str):
        self.base = base
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.page.set_default_timeout(15000)
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def search(self, judged: Judged) -> Answer:
        page = self.page
        self.errors.clear()
        page.goto(self.base + "/soeg/")
        form = page.locator("[data-search-form]")
        for name, value in judged.filters.items():
            form.locator(f"[name={name}]").select_option(value)
        box = form.locator("input[name=q]")
        box.fill(judged.q)
        box.press("Enter")
        page.wait_for_function(_DONE)
        links = page.locator("[data-search-results] > li").evaluate_all(_LINKS)
        text = page.locator("[data-search-page]").inner_text()
        return Answer.of_links(links, text)

    def close(self) -> None:
        self.context.close()
