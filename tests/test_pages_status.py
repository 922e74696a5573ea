"""Status texts that must stay true as time passes: the front page's coming meetings come
from the same calendar as /kalender/, an agreement is only "gældende" while it is approved
and its period lasts, and a body without planned meetings says so."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, build_site

from site_builder.content.model_records import Agreement
from site_builder.outputs.pages import agreement_state

LATER = dt.date(2026, 12, 1)  # after every date of the bundled site


def soup(folder: Path, url: str) -> BeautifulSoup:
    path = folder / url.strip("/") / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text(element) -> str:
    return " ".join(element.get_text().split())


def section_of(page: BeautifulSoup, heading_id: str) -> BeautifulSoup:
    return page.find(id=heading_id).find_parent("section")


@pytest.fixture(scope="module")
def later_site(tmp_path_factory) -> Path:
    """The bundled site built on a day after all its meetings and agreements."""
    output = tmp_path_factory.mktemp("later") / "public"
    build_site(ROOT, output, LATER)
    return output


def test_front_page_coming_meetings_are_the_calendars(bundled_site):
    front = section_of(soup(bundled_site, "/"), "kommende")
    calendar = soup(bundled_site, "/kalender/").find(id="kommende").find_next_siblings("section")
    calendar_ids = [li["id"] for s in calendar for li in s.select("li.occasion")]
    front_ids = [li["id"] for li in front.select("li.occasion")]
    assert front_ids and front_ids == calendar_ids[:len(front_ids)]
    # KKR's planned meeting, which has no agenda yet, is there as planned.
    kkr = front.find(id="kkr-2020-06-19")
    assert "Planlagt" in text(kkr) and "19. juni 2020" in text(kkr)
    assert "Der er ingen kommende møder" not in text(front)
    assert front.find("a", href="/kalender/") is not None


def test_front_page_names_the_agreement_in_force_and_the_one_in_process(bundled_site):
    page = soup(bundled_site, "/")
    headings = {text(h): h for h in page.select("main h2")}
    assert "Gældende aftale" in headings and "Aftale under behandling" in headings
    in_force = headings["Gældende aftale"].find_parent("section")
    assert in_force.a["href"] == "/aftaler/nordjysk-socialaftale-2018-2020/"
    assert "Godkendt" in text(in_force)
    draft = headings["Aftale under behandling"].find_parent("section")
    assert draft.a["href"] == "/aftaler/nordjysk-socialaftale-2021-2022/"
    assert "Udkast" in text(draft)


def test_later_the_front_page_calls_no_agreement_in_force(later_site):
    page = soup(later_site, "/")
    headings = [text(h) for h in page.select("main h2")]
    assert "Gældende aftale" not in headings and "Aftale under behandling" not in headings
    assert "Seneste aftale (perioden sluttede 2022)" in headings
    coming = section_of(page, "kommende")
    assert "Der er ingen kommende møder eller milepæle i kalenderen." in text(coming)


def test_later_the_politicians_tab_has_no_agreement_under_treatment(later_site):
    section = section_of(soup(later_site, "/politikere/"), "aftalerne")
    assert "Under behandling" not in text(section)
    assert "Gældende aftale" not in text(section)
    assert "Aftaleperioden sluttede med udgangen af 2022." in text(section)
    # Steps that never got a date are not "planned" any more.
    assert "Planlagt" not in text(section)
    agreement = soup(later_site, "/aftaler/nordjysk-socialaftale-2021-2022/")
    assert "perioden sluttede med udgangen af 2022" in text(agreement.select_one(".facts"))
    assert "Planlagt" not in text(agreement.find("table"))


def test_later_a_body_page_says_it_has_no_planned_meetings(later_site, bundled_site):
    planned = section_of(soup(later_site, "/organer/das/"), "planlagte-moeder")
    assert text(planned) == "Planlagte møder Der er ingen planlagte møder i kalenderen."
    # On the build date of the seeds, DAS's meeting of 17 August is planned.
    planned = section_of(soup(bundled_site, "/organer/das/"), "planlagte-moeder")
    assert "17. august 2020" in text(planned)


def _agreement(period, status) -> Agreement:
    return Agreement(slug="a", title="A", period=period, status=status, summary=None,
                     parts=(), approvals=(), case=None, intro_html="", sections=(),
                     source=Path("a.md"), updated=dt.datetime(2020, 1, 1))


@pytest.mark.parametrize("period, status, year, state", [
    ((2018, 2020), "godkendt", 2020, "gaeldende"),
    ((2018, 2020), "godkendt", 2021, "afsluttet"),
    ((2021, 2022), "godkendt", 2020, "vedtaget"),
    ((2021, 2022), "udkast", 2020, "under-behandling"),
    ((2021, 2022), "høring", 2022, "under-behandling"),
    ((2021, 2022), "udkast", 2023, "afsluttet"),
    ((2021, 2022), "afløst", 2021, "afloest"),
])
def test_agreement_state(period, status, year, state):
    assert agreement_state(_agreement(period, status), year) == state


def test_minutes_say_whether_they_are_approved(bundled_site):
    front = section_of(soup(bundled_site, "/"), "nyeste")
    das = front.find("a", href="/organer/das/2020-05-25/").find_parent("li")
    assert "Referat, ikke godkendt endnu" in text(das.select_one(".status"))
    body = soup(bundled_site, "/organer/socialdirektoerkredsen/")
    approved = body.find("a", href="/organer/socialdirektoerkredsen/2011-08-11/").find_parent("li")
    assert "Referat, godkendt den 6. oktober 2011" in text(approved)
    calendar = soup(bundled_site, "/kalender/").find(id="das-2020-05-25")
    assert "Referat, ikke godkendt endnu" in text(calendar)


# Wording, dates and headings -------------------------------------------------------------------

def test_calendar_ranges_and_past_occasions_grouped_by_year(bundled_site):
    page = soup(bundled_site, "/kalender/")
    milestone = page.find(id="milepael-centrale-udmeldinger-justeringer-efter-das-moedet-2020-08-18")
    when = milestone.select_one(".occasion-when")
    assert text(when) == "18.–28. august 2020"
    assert [t["datetime"] for t in when.find_all("time")] == ["2020-08-18", "2020-08-28"]
    past = page.find(id="tidligere").find_next_siblings("section")
    assert [text(s.find("h3")) for s in past] == ["2020", "2011"]
    assert "Når dagsordenen er offentliggjort" in text(page.select_one(".lead"))


def test_one_date_style_for_planned_meetings_on_body_pages(bundled_site):
    planned = section_of(soup(bundled_site, "/organer/das/"), "planlagte-moeder")
    assert text(planned.select_one(".occasion-when")) == "mandag den 17. august 2020"


def test_danish_date_ranges():
    from site_builder.danish import date_range
    assert date_range(dt.date(2020, 8, 18), dt.date(2020, 8, 28)) == "18.–28. august 2020"
    assert date_range(dt.date(2020, 8, 28), dt.date(2020, 9, 2)) == \
        "28. august – 2. september 2020"
    assert date_range(dt.date(2020, 12, 28), dt.date(2021, 1, 2)) == \
        "28. december 2020 – 2. januar 2021"
    assert date_range(dt.date(2020, 5, 25), None) == "mandag den 25. maj 2020"


def test_agreement_page_text_has_its_own_heading_and_linkable_parts(bundled_site):
    page = soup(bundled_site, "/aftaler/nordjysk-socialaftale-2021-2022/")
    levels = [(h.name, text(h)) for h in page.select("main h2, main h3")]
    start = levels.index(("h2", "Aftalens indhold"))
    assert levels[start + 1:] == [("h3", "Vision"),
                                  ("h3", "Fokusområde 3: Effektive indsatser for færre ressourcer")]
    assert page.find("h3", id="vision") is not None
    assert page.find(id="fokusomraade-3-effektive-indsatser-for-faerre-ressourcer").name == "h3"
    caption = page.select_one("main table caption")
    assert "visually-hidden" in caption["class"]  # the h2 above says it already
    assert text(page.select_one(".facts dd")) == "2021–2022"


def test_case_steps_and_pages_without_redundant_words(bundled_site):
    page = soup(bundled_site, "/sager/socialtilsyn-nord-aarsrapport-2019/")
    assert page.select_one("main .kicker") is None  # the breadcrumb leads to all cases
    deadline = page.select("ol.case-thread > li")[-1].select_one(".case-step-when")
    assert text(deadline).startswith("Frist: 30. juni 2020")
    assert "  " not in deadline.get_text().split("Frist:")[1].split("2020")[0]
    meeting = soup(bundled_site, "/organer/socialdirektoerkredsen/2011-10-06/")
    assert meeting.select_one(".meeting-header .lead") is None  # was "Møde i Socialdirektørkredsen"


def test_organ_cards_say_something_useful(bundled_site):
    page = soup(bundled_site, "/organer/")
    cards = {text(li.find("h3")): text(li.select_one(".meta")) for li in page.select("li.card")}
    assert cards["KKR Nordjylland"] == "Ingen offentliggjorte møder · næste møde 19. juni 2020"
    assert cards["Den Administrative Styregruppe på socialområdet (DAS)"] == \
        "1 møde på sitet · næste møde 17. august 2020"
    body = soup(bundled_site, "/organer/das/")
    assert "Hører under" in [text(d) for d in body.select(".facts dt")]


def test_the_404_page_offers_a_search(bundled_site):
    page = BeautifulSoup((bundled_site / "404.html").read_text(encoding="utf-8"), "html.parser")
    form = page.select_one("main form[role=search]")
    assert form["action"] == "/soeg/" and form.find("input", attrs={"name": "q"})
    assert page.find("label", attrs={"for": form.find("input")["id"]})
