"""Issue 4: the politicians' tab, case threads across bodies, agreements with their approval
trail, the glossary and its <abbr> marks - on the built bundled site and small sites."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, build_site, make_site

from site_builder.content.model_records import GlossaryTerm
from site_builder.outputs.glossary import Abbreviator
from site_builder.problems import SiteError

DAS = "/organer/das/2020-05-25/"
SOCIALAFTALE = "/sager/socialaftale-2021-2022/"
SOCIALTILSYN = "/sager/socialtilsyn-nord-aarsrapport-2019/"
UDMELDINGER = "/sager/centrale-udmeldinger-2020/"


def soup(folder: Path, url: str) -> BeautifulSoup:
    path = folder / url.lstrip("/") / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text(element) -> str:
    return " ".join(element.get_text(" ").split())


def matters(page: BeautifulSoup) -> dict[str, BeautifulSoup]:
    section = page.find(id="paa-vej").find_parent("section")
    return {text(a.find("h3")): a for a in section.find_all("article")}


# The politicians' tab ------------------------------------------------------------------

def test_politicians_tab_lists_the_matters_heading_for_kkr(bundled_site):
    found = matters(soup(bundled_site, "/politikere/"))
    assert set(found) == {"Socialtilsyn Nords årsrapport 2019", "Nordjysk Socialaftale 2021-2022",
                          "Afrapportering på de centrale udmeldinger"}
    report = found["Socialtilsyn Nords årsrapport 2019"]
    assert "Næste politiske behandling: KKR Nordjylland den 19. juni 2020" in text(report)
    assert report.find("h3").a["href"] == SOCIALTILSYN
    # The Socialaftale's whole process, in order: DAS, DAS again, KKR, the councils.
    steps = [text(li) for li in
             found["Nordjysk Socialaftale 2021-2022"].select("ol.process > li")]
    assert [re.sub(r" \((overstået|kommende)\)$", "", s) for s in steps] == [
        "25. maj 2020 Den Administrative Styregruppe på socialområdet: punkt 4",
        "17. august 2020 Den Administrative Styregruppe på socialområdet",
        "14. september 2020 KKR Nordjylland Politisk behandling",
        "dato ikke fastsat De nordjyske byråd og regionsrådet Politisk behandling"]
    assert steps[0].endswith("(overstået)") and steps[1].endswith("(kommende)")
    item_link = found["Nordjysk Socialaftale 2021-2022"].select_one("ol.process a")
    assert item_link["href"] == DAS + "#punkt-4"


def test_the_nearest_political_decision_comes_first(bundled_site):
    assert list(matters(soup(bundled_site, "/politikere/"))) == [
        "Socialtilsyn Nords årsrapport 2019",  # KKR 19 June 2020
        "Afrapportering på de centrale udmeldinger",  # KKR 14 September 2020
        "Nordjysk Socialaftale 2021-2022"]


def test_a_case_whose_political_steps_are_over_leaves_the_tab(tmp_path):
    output = tmp_path / "public"
    build_site(ROOT, output, dt.date(2020, 7, 1))  # after KKR 19 June and the 30 June deadline
    found = matters(soup(output, "/politikere/"))
    assert "Socialtilsyn Nords årsrapport 2019" not in found
    assert "Nordjysk Socialaftale 2021-2022" in found
    milestones = soup(output, "/politikere/").find(id="aarshjul").find_parent("section")
    assert "16. juni 2020" not in text(milestones)
    assert "17. august 2020" in text(milestones)


def test_politicians_tab_shows_the_agreements_and_their_approval_steps(bundled_site):
    section = soup(bundled_site, "/politikere/").find(id="aftalerne").find_parent("section")
    titles = [text(h) for h in section.find_all("h3")]
    assert titles == ["Nordjysk Socialaftale 2018-2020", "Nordjysk Socialaftale 2021-2022"]
    draft = section.find(id="aftale-nordjysk-socialaftale-2021-2022").find_parent("article")
    assert "Under behandling" in text(draft) and "Udkast" in text(draft)
    assert ("Næste skridt i godkendelsen: Den Administrative Styregruppe på socialområdet den "
            "17. august 2020") in text(draft)
    for short in draft.select("tbody .short"):  # the abbreviation shown on phones instead
        short.decompose()
    rows = [[text(td) for td in tr.find_all("td")] for tr in draft.select("tbody tr")]
    assert rows[0] == ["25. maj 2020", "Den Administrative Styregruppe på socialområdet",
                       "Første udkast drøftet"]
    assert rows[2][:2] == ["14. september 2020", "KKR Nordjylland"]


def test_politicians_tab_shows_coming_milestones_from_the_build_date(bundled_site):
    section = soup(bundled_site, "/politikere/").find(id="aarshjul").find_parent("section")
    dates = [t["datetime"] for t in section.select("li.occasion .occasion-when time")]
    assert dates[0] == "2020-06-16"
    assert all(d >= "2020-06-01" for d in dates) and dates == sorted(dates)
    assert "Socialpolitisk Dialogforum 2020 Aflyst" in text(section)
    assert section.find("a", href="/kalender/") is not None


def _decisions(page: BeautifulSoup) -> dict[str, str]:
    """Seneste beslutninger: the item link's target -> the text shown for it."""
    section = page.find(id="beslutninger").find_parent("section")
    return {li.select_one(".meta a")["href"]: text(li.p)
            for li in section.select("li.decision-summary")}


def test_recent_decisions_show_what_was_decided_not_the_resume(bundled_site):
    page = soup(bundled_site, "/politikere/")
    found = _decisions(page)
    assert 1 <= len(found) <= 8
    # Item 7: the minutes' decision, not the case summary.
    assert found[DAS + "#punkt-7"] == "Beslutning: DAS godkendte takststigningen"
    assert "ønsker Aalborg Kommune godkendelse" not in text(
        page.find(id="beslutninger").find_parent("section"))
    # The decision itself, from its start (its sub-heading as a lead-in), cut at a word:
    # not only its first paragraph, which can be a mere lead-in.
    assert found[DAS + "#punkt-3"].startswith("Beslutning: DAS vurderede, at der ikke skal")
    assert "DAS vurderede endvidere" in found[DAS + "#punkt-3"]
    assert found[DAS + "#punkt-3"].endswith(" …")
    assert found[DAS + "#punkt-4"].startswith("Beslutning: Fokusområde 3: DAS vurderede ikke")
    # Item 6's decision opens with "DAS bemærkede følgende til oplægget:" and a list: the
    # list is part of the decision. No Resumé is ever shown in its place.
    assert found[DAS + "#punkt-6"].startswith(
        "Beslutning: DAS bemærkede følgende til oplægget: Kan man behandle borgerne")
    assert not [t for t in found.values() if not t.startswith("Beslutning: ")]
    # Only items that decided something: no orientations (9, 10), no formalities (1, 2, 11).
    for number in (1, 2, 9, 10, 11):
        assert DAS + f"#punkt-{number}" not in found, number


def test_recent_decisions_are_grouped_under_their_meeting(bundled_site):
    section = soup(bundled_site, "/politikere/").find(id="beslutninger").find_parent("section")
    groups = section.select("section.decision-group")
    assert groups, "no meeting groups"
    first = groups[0]
    assert first.find("h3").a["href"] == DAS
    assert text(first.find("h3")) == "Den Administrative Styregruppe på socialområdet, 25. maj 2020"
    assert "Referatet er endnu ikke godkendt." in text(first)
    titles = [text(a) for a in first.select("li .meta a")]
    assert "Punkt 7. Anmodning om takststigning på Aalborg Krisecenter" in titles
    # The kind of item ("Drøftelse") is no label for a decision.
    assert not [t for t in section.select(".tag, .status") if "Drøftelse" in text(t)]
    assert not re.search(r"· Drøftelse|Drøftelse ·", text(section))


def test_decisions_of_a_small_site(tmp_path):
    site = make_site(tmp_path / "site", {"content/moeder/das/2020-05-25.md": """
        ---
        organ: das
        dato: 2020-05-25
        status: referat
        punkter:
          3:
            type: orientering
        ---

        ## 1. Godkendelse af dagsorden

        ### Referat

        Godkendt.

        ## 2. Takster 2021

        ### Referat

        DAS godkendte taksterne.

        Anden sætning.

        ## 3. Orientering fra sekretariatet

        ### Referat

        Taget til efterretning.

        ## 4. Kun et resumé

        ### Resumé

        Et punkt uden referat.
        """})
    build_site(site)
    found = _decisions(soup(site / "public", "/politikere/"))
    assert found == {"/organer/das/2020-05-25/#punkt-2":
                     "Beslutning: DAS godkendte taksterne. Anden sætning."}


def test_the_top_of_the_tab_names_the_next_political_meeting(bundled_site):
    glance = soup(bundled_site, "/politikere/").select_one(".at-a-glance")
    assert glance is not None
    lines = [" ".join(p.get_text().split()) for p in glance.find_all("p")]
    assert lines[0] == ("Næste politiske møde: KKR Nordjylland fredag den 19. juni 2020 – "
                        "1 sag til behandling")
    assert glance.find("a", href="#paa-vej") is not None
    assert lines[1] == "Seneste referat: DAS, 25. maj 2020 (ikke godkendt endnu)"
    # It comes before the page's own table of contents: the first thing under the lead.
    assert glance.find_next("nav")["aria-label"] == "På denne side"


def test_politicians_tab_has_the_glossary_and_links_to_it(bundled_site):
    section = soup(bundled_site, "/politikere/").find(id="ordliste").find_parent("section")
    terms = {text(dt): text(dd) for dt, dd in zip(section.find_all("dt"), section.find_all("dd"))}
    assert terms["KKR"] == "Kommunekontaktrådet"
    assert section.find("a", href="/ordliste/") is not None


def test_navigation_and_footer_lead_to_the_new_pages(bundled_site):
    page = soup(bundled_site, "/")
    nav = {text(a): a["href"] for a in page.select("nav.site-nav a")}
    assert nav["For politikere"] == "/politikere/" and nav["Kalender"] == "/kalender/"
    footer = {a["href"] for a in page.select("footer a")}
    assert {"/abonner/", "/ordliste/", "/data/"} <= footer
    for url in ("/politikere/", "/kalender/", "/abonner/", "/ordliste/", "/data/", "/sager/"):
        assert (bundled_site / url.strip("/") / "index.html").is_file(), url


# Case threads -----------------------------------------------------------------------------

def test_case_pages_exist_and_link_both_ways(bundled_site):
    meeting = soup(bundled_site, DAS)
    for number, case in ((4, SOCIALAFTALE), (8, SOCIALTILSYN), (9, UDMELDINGER)):
        link = meeting.find(id=f"punkt-{number}").find("a", class_="item-case")
        assert link is not None and link["href"] == case, number
        assert link.get_text().startswith("Sagens forløb: ")
        page = soup(bundled_site, case)
        assert page.find("a", href=f"{DAS}#punkt-{number}") is not None, case
    unrelated = meeting.find(id="punkt-7")
    assert unrelated.find("a", class_="item-case") is None
    listing = {a["href"] for a in soup(bundled_site, "/sager/").select("main h2 a")}
    assert listing == {SOCIALAFTALE, SOCIALTILSYN, UDMELDINGER}


def test_the_socialtilsyn_thread_goes_from_das_to_kkr_to_hjoerring_to_socialstyrelsen(
        bundled_site):
    steps = soup(bundled_site, SOCIALTILSYN).select("ol.case-thread > li")
    who = [text(s.select_one(".case-step-who")) for s in steps]
    assert who == ["Den Administrative Styregruppe på socialområdet", "KKR Nordjylland",
                   "Hjørring Byråd", "Socialstyrelsen"]
    when = text(steps[3].select_one(".case-step-when"))
    assert when.startswith("Frist: 30. juni 2020") and "senest" not in when
    assert "19. juni 2020" in text(steps[1]) and "Dato ikke fastsat" in text(steps[2])
    assert "Overstået" in text(steps[0]) and "Overstået" not in text(steps[1])
    assert steps[1].select_one(".case-step-who a")["href"] == "/organer/kkr/"


def test_the_socialaftale_thread_merges_the_agreements_approval_steps(bundled_site):
    page = soup(bundled_site, SOCIALAFTALE)
    steps = page.select("ol.case-thread > li")
    assert len(steps) == 4  # DAS 25 May is both the item and an approval step: shown once
    assert "Udfald: Første udkast drøftet" in text(steps[0])
    assert steps[0].find("a", href=DAS + "#punkt-4") is not None
    assert "De nordjyske byråd og regionsrådet" in text(steps[3])
    assert page.find("a", href="/aftaler/nordjysk-socialaftale-2021-2022/") is not None


def test_the_agreement_page_lists_the_items_that_discussed_it(bundled_site):
    page = soup(bundled_site, "/aftaler/nordjysk-socialaftale-2021-2022/")
    assert page.find("a", href=DAS + "#punkt-4") is not None
    assert page.find("a", href=SOCIALAFTALE) is not None
    assert "Første udkast drøftet" in text(page)  # the approval steps with their outcome


def test_the_body_page_shows_its_planned_meetings(bundled_site):
    page = soup(bundled_site, "/organer/das/")
    planned = page.find(id="planlagte-moeder").find_parent("section")
    assert "mandag den 17. august 2020" in text(planned) and "Planlagt" in text(planned)
    assert page.find("a", href="/kalender/das.ics") is not None
    assert page.find("a", href="/feeds/das.xml") is not None


# Checks of the new data ------------------------------------------------------------------

MEETING = """
    ---
    organ: das
    dato: 2020-05-25
    status: referat
    punkter:
      1:
        sag: {sag}
    ---

    ## 1. Punkt

    Tekst.
    """


def _problems(site: Path) -> list[str]:
    with pytest.raises(SiteError) as caught:
        build_site(site)
    return [p.format() for p in caught.value.problems]


def test_an_item_naming_an_unknown_case_is_reported_with_its_line(tmp_path):
    site = make_site(tmp_path / "site", {
        "data/sager.yaml": """
            - slug: socialaftale-2021-2022
              titel: Socialaftalen
            """,
        "content/moeder/das/2020-05-25.md": MEETING.format(sag="socialaftale-2021"),
    })
    assert _problems(site) == [
        "content/moeder/das/2020-05-25.md:7: punkter.1.sag: 'socialaftale-2021' er ikke en "
        "sag i data/sager.yaml; mente du 'socialaftale-2021-2022'? (kendte: "
        "socialaftale-2021-2022)"]


def test_bad_case_calendar_and_glossary_entries_are_reported(tmp_path):
    site = make_site(tmp_path / "site", {
        "data/sager.yaml": """
            - slug: Sag Et
              titel: En sag
            - slug: sag-to
              titel: To
              trin:
                - instans: kkr
                  dato: 2020-06-19
                  frist: 2020-06-30
            """,
        "data/kalender.yaml": """
            - organ: dass
              dato: 2020-08-17
            - dato: 2020-08-18
            - organ: das
              dato: 2020-08-17
            - organ: das
              dato: 2020-08-17
            """,
        "data/ordliste.yaml": """
            - forkortelse: KL
              betydning: Kommunernes Landsforening
            - forkortelse: KL
              betydning: Noget andet
            - forkortelse: A B
              betydning: To ord
            """,
    })
    problems = _problems(site)
    expected = [
        "data/kalender.yaml:1: organ: 'dass' er ikke et organ i data/organer.yaml",
        "data/kalender.yaml:3: titel: en milepæl uden organ skal have en titel",
        "data/kalender.yaml:6: dato: mødet står allerede i kalenderen (linje 4)",
        "data/ordliste.yaml:3: forkortelse: 'KL' står allerede i ordlisten (linje 1)",
        "data/ordliste.yaml:5: forkortelse: 'A B' skal være ét ord uden mellemrum",
        "data/sager.yaml:1: slug: 'Sag Et' skal skrives med små bogstaver",
        "data/sager.yaml:6: trin: skriv enten dato: eller frist:, ikke begge",
    ]
    for start in expected:
        assert any(p.startswith(start) for p in problems), (start, problems)
    assert len(problems) == len(expected)


def test_a_body_may_not_take_the_name_of_the_all_feed(tmp_path):
    site = make_site(tmp_path / "site", {"data/organer.yaml": """
        - slug: alle
          navn: Alle
          type: administrativ
        """})
    assert any("'alle' er reserveret til sitets nyhedsfeeds og kalendere" in p
               for p in _problems(site))


def test_a_site_without_the_new_data_files_builds_every_page(tmp_path):
    site = make_site(tmp_path / "site", {})
    build_site(site)
    output = site / "public"
    assert "Der er ingen sager på vej" in text(soup(output, "/politikere/"))
    assert "Der er ingen sager på sitet endnu" in text(soup(output, "/sager/"))
    # The bodies' abbreviations make the glossary when there is no data/ordliste.yaml.
    glossary = soup(output, "/ordliste/")
    assert [text(d) for d in glossary.select("dl.glossary > dt")] == ["DAS", "KKR"]


# The glossary's <abbr> marks -------------------------------------------------------------

def test_das_fu_and_kkr_are_abbr_with_their_full_names_on_the_das_meeting_page(bundled_site):
    page = soup(bundled_site, DAS)
    titles = {abbr.get_text(): abbr["title"] for abbr in page.find_all("abbr")}
    assert titles["DAS"] == "Den Administrative Styregruppe på socialområdet"
    assert titles["FU"] == "Forretningsudvalget"
    assert titles["KKR"] == "Kommunekontaktrådet"
    assert {"KL", "NOPII", "LSI", "VISO"} <= set(titles)
    # The first occurrence of each in the main content is marked (WCAG H28), once ...
    main = page.find("main")
    assert len(main.find_all("abbr")) == len(titles) == len(page.find_all("abbr"))
    for abbr in main.find_all("abbr"):
        before = "".join(s for s in abbr.find_all_previous(string=True)
                         if s.find_parent("main") is main
                         and not s.find_parent(["nav", "h1", "h2", "h3", "h4", "h5", "h6"]))
        assert not re.search(rf"(?<!\w){abbr.get_text()}(?!\w)", before), abbr.get_text()
    # ... and never in the head, a heading, the table of contents, an attribute or an abbr.
    raw = (bundled_site / DAS.strip("/") / "index.html").read_text(encoding="utf-8")
    assert "<abbr" not in raw.split("<body", 1)[0]
    assert not re.search(r'="[^"]*<abbr', raw)
    assert page.select("abbr abbr") == []
    assert page.select("h1 abbr, h2 abbr, h3 abbr, h4 abbr, nav abbr") == []


def test_the_abbreviator_touches_running_text_in_main_only():
    mark = Abbreviator((GlossaryTerm("KL", "Kommunernes Landsforening"),
                        GlossaryTerm("DAS", 'Den "Administrative" Styregruppe'),
                        GlossaryTerm("ÆH", "Ældre og Handicap")), every=True)
    page = ('<html><head><title>KL</title><meta name="description" content="KL"></head>'
            '<body><nav>KL</nav><main id="indhold"><h2>KL</h2><nav><a href="#">KL</a></nav>'
            '<p title="KL">KL\'s møde kl. 10 i KLX og DAS-mødet, ÆH</p>'
            '<a href="/kl/" aria-label="KL">Om KL</a><abbr title="x">KL</abbr>'
            '<code>KL</code><script src="s.js"></script><p>&AElig;H KL<br>KL</p></main>'
            '<footer>KL</footer></body></html>')
    kl = '<abbr title="Kommunernes Landsforening">KL</abbr>'
    assert mark(page) == (
        '<html><head><title>KL</title><meta name="description" content="KL"></head>'
        '<body><nav>KL</nav><main id="indhold"><h2>KL</h2><nav><a href="#">KL</a></nav>'
        f'<p title="KL">{kl}\'s møde kl. 10 '
        'i KLX og <abbr title="Den &quot;Administrative&quot; Styregruppe">DAS</abbr>-mødet, '
        '<abbr title="Ældre og Handicap">ÆH</abbr></p>'
        f'<a href="/kl/" aria-label="KL">Om {kl}</a>'
        '<abbr title="x">KL</abbr><code>KL</code><script src="s.js"></script>'
        f'<p>&AElig;H {kl}<br>{kl}</p></main><footer>KL</footer></body></html>')
    first_only = Abbreviator((GlossaryTerm("KL", "Kommunernes Landsforening"),))(page)
    assert first_only.count("<abbr") == 2  # the first KL, and the one that was there
    assert first_only.index(kl) < first_only.index("KLX")
    assert Abbreviator(())(page) == page


def test_the_glossary_page_lists_every_term_and_links_bodies(bundled_site):
    page = soup(bundled_site, "/ordliste/")
    terms = [text(d) for d in page.select("dl.glossary > dt")]
    assert {"DAS", "DASSOS", "FU", "KKR", "KDK", "KL", "CU", "VISO", "NOPII", "LSI"} <= set(terms)
    assert terms == sorted(terms, key=str.lower)
    das = page.find(id="das").find_next_sibling("dd")
    assert "Den Administrative Styregruppe på socialområdet" in text(das)
    assert das.find("a", href="/organer/das/") is not None
