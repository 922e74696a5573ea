"""Decisions are recognised as decisions, and nothing else is ever shown as one; text under
a '#' group heading is shown as the group's introduction, never dropped."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import build_site, make_site
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.content.agenda import split_agenda
from site_builder.content.model_sections import is_decision_heading
from site_builder.guards import decisions
from site_builder.pipeline import BuildOptions, load_and_check
from site_builder.problems import Problems, SiteError

MEETING = "content/moeder/das/2020-05-25.md"
PAGE = "/organer/das/2020-05-25/"
BUILD_DATE = dt.date(2020, 6, 1)


def soup(folder: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((folder / url.strip("/") / "index.html").read_text(encoding="utf-8"),
                         "html.parser")


def text(element) -> str:
    return " ".join(element.get_text(" ").split())


def politicians_decisions(output: Path) -> dict[str, str]:
    section = soup(output, "/politikere/").find(id="beslutninger").find_parent("section")
    return {li.select_one(".meta a")["href"]: text(li.p)
            for li in section.select("li.decision-summary")}


def results(output: Path) -> dict[int, str | None]:
    meetings = json.loads((output / "data" / "moeder.json").read_text(encoding="utf-8"))["data"]
    meeting = next(m for m in meetings if m["web"] and m["web"].endswith(PAGE))
    return {int(i["number"]): i.get("result") for i in meeting["agendaItem"]}


def highlighted(page: BeautifulSoup, number: int) -> list[str]:
    return [text(div) for div in page.find(id=f"punkt-{number}").select(".decision")]


# Which headings hold a decision ----------------------------------------------------------

@pytest.mark.parametrize("heading", [
    "Beslutning", "Referat", "Afgørelse", "Beslutning:", "BESLUTNING", "Referat:",
    "Beslutning i Socialudvalget den 12. april 2011", "Beslutning i Byrådet",
    "Referat fra mødet", "Udvalgets beslutning", "Styregruppens beslutning",
    "Den Administrative Styregruppes beslutning", "DAS' beslutning", "KKR's beslutning",
    "Byrådets afgørelse", "Beslutninger", "  Beslutning  ",
])
def test_decision_headings_are_recognised(heading):
    assert is_decision_heading(heading)


@pytest.mark.parametrize("heading", [
    "Indstillingen blev godkendt", "Indstilling", "Resumé", "Sagsfremstilling", "Bilag",
    "Beslutningsforslag", "Beslutningstema", "Referatet blev godkendt",
    "Forslag til beslutning", "Baggrund for byrådets beslutning",
    "Bemærkninger til kommunernes beslutning", "Tidligere beslutninger", "Konklusion",
    "", None,
])
def test_other_headings_are_not_decisions(heading):
    assert not is_decision_heading(heading)


def test_a_body_can_add_its_own_decision_headings():
    own = ("Konklusion", "Aftalt")
    assert is_decision_heading("Konklusion", own)
    assert is_decision_heading("konklusion fra mødet", own)
    assert is_decision_heading("Aftalt:", own)
    assert not is_decision_heading("Konklusionerne i rapporten", own)
    assert not is_decision_heading("Konklusion", ())


# A small site with every kind of heading -----------------------------------------------

ORGANER_WITH_OWN = """\
- slug: das
  navn: Den Administrative Styregruppe
  forkortelse: DAS
  type: administrativ
  overordnet: kkr
  beslutningsoverskrifter:
    - Konklusion
- slug: kkr
  navn: KKR Testland
  forkortelse: KKR
  type: politisk
"""

DECISIONS_MEETING = """
    ---
    organ: das
    dato: 2020-05-25
    status: referat
    punkter:
      1:
        type: beslutning
      2:
        type: beslutning
      3:
        type: beslutning
      4:
        type: beslutning
      5:
        type: beslutning
      6:
        type: drøftelse
    ---

    ## 1. Takster 2021

    ### Resumé

    RESUMÉ-EN skal aldrig vises som en beslutning.

    ### Beslutning i Socialudvalget den 12. april 2011

    BESLUTNING-EN: Udvalget godkendte taksterne.

    ## 2. Budget

    ### Indstilling

    INDSTILLING-TO: Det indstilles, at budgettet godkendes.

    ### Styregruppens beslutning

    BESLUTNING-TO: Budgettet blev godkendt.

    ## 3. Kun et resumé

    ### Resumé

    RESUMÉ-TRE er ingen beslutning.

    ### Indstillingen blev godkendt

    TEKST-TRE under en overskrift, der er tekst.

    ## 4. Organets egen overskrift

    ### Konklusion

    KONKLUSION-FIRE: DAS tilsluttede sig.

    ## 5. To behandlinger

    ### Beslutning i Magistraten den 2. april 2011

    MAGISTRATEN-FEM: Indstillingen blev tiltrådt.

    ### Beslutning i Byrådet den 27. april 2011

    BYRAADET-FEM: Indstillingen blev vedtaget.

    ## 6. Drøftelse uden beslutning

    DROEFTELSE-SEKS uden overskrift.
    """


@pytest.fixture(scope="module")
def decision_site(tmp_path_factory) -> Path:
    site = make_site(tmp_path_factory.mktemp("decisions") / "site", {
        "data/organer.yaml": ORGANER_WITH_OWN, MEETING: DECISIONS_MEETING})
    build_site(site, date=BUILD_DATE)
    return site


def test_the_meeting_page_highlights_the_decision_and_nothing_else(decision_site):
    page = soup(decision_site / "public", PAGE)
    assert highlighted(page, 1) == ["BESLUTNING-EN: Udvalget godkendte taksterne."]
    assert highlighted(page, 2) == ["BESLUTNING-TO: Budgettet blev godkendt."]
    assert highlighted(page, 3) == []
    assert highlighted(page, 4) == ["KONKLUSION-FIRE: DAS tilsluttede sig."]
    # Two bodies' decisions: the last one is this meeting's.
    assert highlighted(page, 5) == ["BYRAADET-FEM: Indstillingen blev vedtaget."]
    assert highlighted(page, 6) == []
    # The other sections are all there, only not highlighted.
    for marker in ("RESUMÉ-EN", "INDSTILLING-TO", "TEKST-TRE", "MAGISTRATEN-FEM",
                   "DROEFTELSE-SEKS"):
        assert marker in text(page.find("main"))
    heading = page.find(id="punkt-1").select_one(".decision-heading")
    assert text(heading) == "Beslutning i Socialudvalget den 12. april 2011"


def test_politicians_see_only_decisions_after_beslutning(decision_site):
    found = politicians_decisions(decision_site / "public")
    item = (PAGE + "#punkt-{}").format
    assert found[item(1)] == "Beslutning: BESLUTNING-EN: Udvalget godkendte taksterne."
    assert found[item(2)] == "Beslutning: BESLUTNING-TO: Budgettet blev godkendt."
    assert found[item(4)] == "Beslutning: KONKLUSION-FIRE: DAS tilsluttede sig."
    assert found[item(5)] == "Beslutning: BYRAADET-FEM: Indstillingen blev vedtaget."
    # Up for decision, none recorded: said plainly, no Resumé or other text instead.
    assert found[item(3)] == "Ingen beslutning registreret i referatet."
    assert item(6) not in found  # a discussion without a decision claims nothing
    shown = " ".join(found.values())
    for other in ("RESUMÉ", "INDSTILLING", "TEKST-TRE", "MAGISTRATEN", "DROEFTELSE"):
        assert other not in shown


def test_open_data_result_is_the_decision_or_null(decision_site):
    found = results(decision_site / "public")
    assert found[1] == "BESLUTNING-EN: Udvalget godkendte taksterne."
    assert found[2] == "BESLUTNING-TO: Budgettet blev godkendt."
    assert found[3] is None
    assert found[4] == "KONKLUSION-FIRE: DAS tilsluttede sig."
    assert found[5] == "BYRAADET-FEM: Indstillingen blev vedtaget."
    assert found[6] is None


def test_a_body_without_its_own_heading_does_not_take_it(tmp_path):
    site = make_site(tmp_path / "site", {MEETING: DECISIONS_MEETING})  # no Konklusion
    build_site(site, date=BUILD_DATE)
    assert highlighted(soup(site / "public", PAGE), 4) == []
    assert results(site / "public")[4] is None
    assert politicians_decisions(site / "public")[PAGE + "#punkt-4"] == \
        "Ingen beslutning registreret i referatet."


def test_the_new_key_is_checked_like_any_other(tmp_path):
    site = make_site(tmp_path / "site", {
        "data/organer.yaml": ORGANER_WITH_OWN.replace("  beslutningsoverskrifter:\n"
                                                      "    - Konklusion\n",
                                                      "  beslutningsoverskrift: Konklusion\n"),
        MEETING: DECISIONS_MEETING})
    with pytest.raises(SiteError) as raised:
        build_site(site, date=BUILD_DATE)
    assert "data/organer.yaml:6: beslutningsoverskrift: ukendt nøgle" in str(raised.value)
    assert "beslutningsoverskrifter" in str(raised.value)


def test_the_key_reference_lists_the_new_key():
    from site_builder.editor.handbook import key_reference
    row = next(line for line in key_reference().splitlines()
               if line.startswith("| `beslutningsoverskrifter`"))
    assert "tekstliste" in row and "`Konklusion`" in row
    assert "Beslutning, Referat eller Afgørelse" in row


# The editor's warning --------------------------------------------------------------------

def _warnings(site: Path, date: dt.date = BUILD_DATE) -> list[str]:
    model, _ = load_and_check(BuildOptions(site, site / "public", date, jobs=1))
    problems = Problems(site)
    decisions.check_site(model, problems)
    return [p.format() for p in problems.warnings]


def test_minutes_items_without_a_decision_are_warned_about_at_their_heading(decision_site):
    warnings = _warnings(decision_site)
    lines = (decision_site / MEETING).read_text(encoding="utf-8").split("\n")
    line = {n: lines.index(next(x for x in lines if x.startswith(f"## {n}."))) + 1
            for n in (3,)}
    # (item 6, a discussion written as plain text, is its own record: no warning)
    assert warnings == [
        f"{MEETING}:{line[n]}: advarsel: " + decisions.missing_message(n, ("Konklusion",))
        for n in (3,)]
    assert warnings[0].split(": advarsel: ")[1].startswith(
        "punkt 3 har ingen beslutning i referatet; skriv beslutningen under en overskrift, "
        "der begynder med Beslutning, Referat eller Afgørelse")
    assert "'### Udvalgets beslutning', '### Konklusion'; uden den" in warnings[0]


def test_a_plain_text_item_whose_type_is_beslutning_is_its_decision(tmp_path):
    """Older minutes write the decision as plain text under the item ("Godkendt")."""
    meeting = DECISIONS_MEETING.replace("      6:\n        type: drøftelse\n",
                                        "      6:\n        type: beslutning\n")
    site = make_site(tmp_path / "typed", {"data/organer.yaml": ORGANER_WITH_OWN,
                                          MEETING: meeting})
    assert [w.split(": advarsel: ")[1][:10] for w in _warnings(site)] == ["punkt 3 ha"]
    build_site(site, date=BUILD_DATE)
    assert highlighted(soup(site / "public", PAGE), 6) == ["DROEFTELSE-SEKS uden overskrift."]


def test_agendas_and_closed_items_are_not_warned_about(tmp_path):
    agenda = DECISIONS_MEETING.replace("status: referat", "status: dagsorden")
    site = make_site(tmp_path / "agenda", {MEETING: agenda})
    assert _warnings(site) == []
    closed = DECISIONS_MEETING.replace("      3:\n        type: beslutning\n",
                                       "      3:\n        lukket: ja\n")
    closed = closed.replace("      6:\n        type: drøftelse\n",
                            "      6:\n        lukket: ja\n")
    site = make_site(tmp_path / "closed", {"data/organer.yaml": ORGANER_WITH_OWN,
                                           MEETING: closed})
    assert _warnings(site) == []


# Group introductions and other text that must never vanish --------------------------------

GROUPED_MEETING = """
    ---
    organ: das
    dato: 2020-05-25
    status: dagsorden
    ---

    INDLEDNING-MOEDET før den første overskrift.

    # Rundvisning

    RUNDVISNING-TEKST: **Vi mødes** i forhallen kl. 9.00.

    - PUNKT-I-LISTE om frokost

    <script>alert("INJEKTION")</script>

    # Sager til behandling

    GRUPPE-INTRO-BEHANDLING: punkterne herunder skal besluttes.

    #### UNDEROVERSKRIFT-I-GRUPPE

    ## 1. Budget

    PUNKT-TEKST-EN

    ### Indstilling

    INDSTILLING-EN

    # Sager til behandling

    ANDEN-GRUPPE-SAMME-NAVN har sin egen indledning.

    ## 2. Takster

    PUNKT-TEKST-TO

    # Afslutning

    AFSLUTNING-UDEN-PUNKTER: tak for i dag.
    """


@pytest.fixture(scope="module")
def grouped_site(tmp_path_factory) -> Path:
    site = make_site(tmp_path_factory.mktemp("grouped") / "site", {MEETING: GROUPED_MEETING})
    build_site(site, date=BUILD_DATE)
    return site


def test_text_under_a_group_heading_is_the_groups_introduction(grouped_site):
    page = soup(grouped_site / "public", PAGE)
    main = page.find("main")
    headings = [text(h) for h in main.select("h2.group-heading")]
    assert headings == ["Rundvisning", "Sager til behandling", "Sager til behandling",
                        "Afslutning"]
    intros = [h.find_next_sibling() for h in main.select("h2.group-heading")]
    assert all("group-intro" in div["class"] for div in intros)
    tour = intros[0]
    assert tour.find("strong").get_text() == "Vi mødes"  # rendered Markdown
    assert "PUNKT-I-LISTE om frokost" in text(tour.find("li"))
    assert "GRUPPE-INTRO-BEHANDLING" in text(intros[1])
    assert text(intros[1].find("h3")) == "UNDEROVERSKRIFT-I-GRUPPE"  # below the group's h2
    assert "ANDEN-GRUPPE-SAMME-NAVN" in text(intros[2])
    assert "ANDEN-GRUPPE-SAMME-NAVN" not in text(intros[1])
    assert "AFSLUTNING-UDEN-PUNKTER" in text(intros[3])
    # Each introduction stands before its group's items, in file order.
    order = [m.start() for m in map(lambda w: re.search(w, text(main)), [
        "RUNDVISNING-TEKST", "GRUPPE-INTRO-BEHANDLING", "PUNKT-TEKST-EN",
        "ANDEN-GRUPPE-SAMME-NAVN", "PUNKT-TEKST-TO", "AFSLUTNING-UDEN-PUNKTER"])]
    assert order == sorted(order)


def test_group_introductions_are_sanitised(grouped_site):
    main = soup(grouped_site / "public", PAGE).find("main")
    assert main.find("script") is None
    assert "INJEKTION" not in str(main)


def test_every_line_of_a_meeting_reaches_its_page(grouped_site):
    page = text(soup(grouped_site / "public", PAGE).find("main"))
    for marker in ("INDLEDNING-MOEDET", "RUNDVISNING-TEKST", "PUNKT-I-LISTE",
                   "GRUPPE-INTRO-BEHANDLING", "UNDEROVERSKRIFT-I-GRUPPE", "PUNKT-TEKST-EN",
                   "INDSTILLING-EN", "ANDEN-GRUPPE-SAMME-NAVN", "PUNKT-TEKST-TO",
                   "AFSLUTNING-UDEN-PUNKTER"):
        assert marker in page, marker


def test_the_table_of_contents_names_groups_without_items(grouped_site):
    toc = soup(grouped_site / "public", PAGE).select_one("nav.toc")
    assert [text(p) for p in toc.select(".toc-group")] == [
        "Rundvisning", "Sager til behandling", "Sager til behandling", "Afslutning"]
    assert not [ol for ol in toc.select("ol") if not ol.find("li")]


# Every line of a meeting's text is placed somewhere, or is an error at its line.

_LINES = st.sampled_from([
    "Tekst", "", "# Gruppe", "# Anden gruppe", "## 1. Et punkt", "## 2. Et punkt",
    "## 3. Et punkt", "### Resumé", "### Referat", "#### Underoverskrift", "## Ikke et punkt",
    "##3. Uden mellemrum", "###Referat", "#Gruppe uden mellemrum", "# Resumé", "```", "#",
    "- liste", "> citat",
])


@settings(max_examples=50, deadline=None)
@given(st.lists(_LINES, max_size=25))
def test_no_line_of_a_meeting_vanishes(templates):
    # each line made unique by its number, so that where it went can be found
    lines = [t if t in ("", "#") else f"{t} x{n}" for n, t in enumerate(templates, start=1)]
    agenda, problems = split_agenda("\n".join(lines), 1)
    sections = [agenda.intro] + agenda.groups + [s for i in agenda.items for s in i.sections]
    as_text = {line for section in sections for line in section.lines}
    as_structure = {g.line for g in agenda.groups} | {i.line for i in agenda.items} | {
        s.line for i in agenda.items for s in i.sections if s.heading is not None}
    errors = {p.line for p in problems}
    for number, line in enumerate(lines, start=1):
        if line:
            assert line in as_text or number in as_structure or number in errors, line
