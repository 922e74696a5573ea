"""Every text computed from the build date stays true on any later (or earlier) day without
anyone editing a file: the bundled site built on days from 2011 to 2040 never calls an
ended agreement current, never says minutes are "ikke godkendt endnu" years later, and
never shows a past date as coming or planned."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, build_site, make_site

from site_builder.content.model import APPROVAL_HORIZON
from site_builder.pipeline import BuildOptions, load_and_check

DATES = [dt.date(2011, 1, 1), dt.date(2011, 9, 1), dt.date(2020, 6, 1), dt.date(2022, 12, 31),
         dt.date(2026, 12, 4), dt.date(2040, 1, 1)]
NOT_YET = ("ikke godkendt endnu", "endnu ikke godkendt")
CURRENT = ("Udkast", "Høring", "Godkendt")  # badges of an agreement whose period lasts


def text(element) -> str:
    return " ".join(element.get_text(" ").split())


class Built:
    """The bundled site built on one day, with its model."""

    def __init__(self, output: Path, date: dt.date):
        self.output, self.date = output, date
        self.site, _ = load_and_check(BuildOptions(ROOT, output, date, jobs=1))
        self._pages: dict[str, BeautifulSoup] = {}

    def page(self, url: str) -> BeautifulSoup:
        if url not in self._pages:
            path = self.output / url.strip("/") / "index.html"
            self._pages[url] = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        return self._pages[url]

    def all_pages(self) -> list[tuple[str, BeautifulSoup]]:
        return [(path.relative_to(self.output).as_posix(),
                 BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser"))
                for path in sorted(self.output.rglob("index.html"))]


@pytest.fixture(scope="module", params=DATES, ids=[d.isoformat() for d in DATES])
def built(request, tmp_path_factory) -> Built:
    output = tmp_path_factory.mktemp(f"on-{request.param.isoformat()}") / "public"
    build_site(ROOT, output, request.param)
    return Built(output, request.param)


def _date(element) -> dt.date | None:
    time = element.find("time") if element is not None else None
    return dt.date.fromisoformat(time["datetime"][:10]) if time else None


# Minutes ---------------------------------------------------------------------------------

def _minutes_texts(built: Built, meeting) -> list[str]:
    """Everything the site says about one meeting's minutes: its page, the lists that name
    it (its body's page, the front page) and the calendar."""
    texts = [text(built.page(meeting.url).select_one(".meeting-status"))]
    for url in (f"/organer/{meeting.body}/", "/"):
        link = built.page(url).find("a", href=meeting.url)
        if link is not None:
            texts.append(text(link.find_parent("li")))
    row = built.page("/kalender/").find(id=f"{meeting.body}-{meeting.date.isoformat()}")
    if row is not None:
        texts.append(text(row))
    return texts


def test_minutes_are_never_not_yet_approved_long_after_the_meeting(built):
    for meeting in built.site.meetings:
        if meeting.status != "referat":
            continue
        texts = _minutes_texts(built, meeting)
        approved = meeting.approved and meeting.approved.date <= built.date
        late = built.date - meeting.date > APPROVAL_HORIZON
        for said in texts:
            if approved or late:
                assert not any(n in said for n in NOT_YET), (meeting.key, said)
            if late and not approved:
                assert "godkendelse ikke registreret" in said \
                    or "godkendelse er ikke registreret" in said, (meeting.key, said)
            if not approved:  # an approval dated after the build date is not shown
                assert "godkendt den" not in said.lower() and \
                    "Referat, godkendt" not in said, (meeting.key, said)


def test_the_politicians_tab_says_the_same_about_the_minutes(built):
    page = built.page("/politikere/")
    section = page.find(id="beslutninger").find_parent("section")
    for group in section.select("section.decision-group"):
        meeting = built.site.meeting(group.find("a")["href"].strip("/").split("/", 1)[1])
        said = text(group.select_one(".meta"))
        approved = meeting.approved and meeting.approved.date <= built.date
        if built.date - meeting.date > APPROVAL_HORIZON or approved:
            assert not any(n in said for n in NOT_YET), said
        else:
            assert said == "Referatet er endnu ikke godkendt.", said
    glance = page.select_one(".at-a-glance")
    if glance is not None and built.date > dt.date(2021, 6, 1):
        assert not any(n in text(glance) for n in NOT_YET)


# Agreements ------------------------------------------------------------------------------

def test_an_ended_agreement_is_never_called_current(built):
    for agreement in built.site.agreements:
        ended = agreement.period[1] < built.date.year
        places = [built.page(agreement.url).select_one(".facts")]
        lists = [built.page("/aftaler/").select_one("main"), built.page("/").select_one("main"),
                 built.page("/politikere/").find(id="aftalerne").find_parent("section")]
        for where in lists:
            link = where.find("a", href=agreement.url)
            if link is not None:
                places.append(link.find_parent(["li", "section", "article"]))
        if agreement.case:
            case_page = built.page(f"/sager/{agreement.case}/")
            places.append(case_page.find("a", href=agreement.url).find_parent("dd"))
        for place in places:
            badges = [text(b) for b in place.select(".status")]
            assert badges, (agreement.slug, text(place))
            said = text(place)
            if ended:
                assert set(badges) <= {"Afsluttet", "Afløst"}, (agreement.slug, badges)
                for current in ("Gældende", "gælder nu", "Under behandling",
                                "under behandling", "Aftale under behandling", "Planlagt"):
                    assert current not in said, (agreement.slug, current, said)
            else:
                assert "Afsluttet" not in badges


def test_a_draft_that_ended_says_its_approval_is_not_registered(built):
    page = built.page("/aftaler/nordjysk-socialaftale-2021-2022/")
    facts = text(page.select_one(".facts"))
    if built.date.year > 2022:
        assert "Afsluttet – perioden sluttede med udgangen af 2022; godkendelsen er ikke " \
            "registreret (sidst registreret som udkast)" in facts
    else:
        assert "Udkast – aftalen er under behandling" in facts


def test_approval_steps_are_planned_only_while_ahead(built):
    for agreement in built.site.agreements:
        table = built.page(agreement.url).find("table")
        if table is None:
            continue
        ended = agreement.period[1] < built.date.year
        for row in table.select("tbody tr"):
            when, _who, outcome = row.find_all("td")
            date = _date(when)
            if text(outcome) == "Planlagt":
                assert not ended
                assert date is None or date >= built.date, text(row)
            if date is None and ended:
                assert text(when) == "Ikke registreret", text(row)
            if date and date > built.date:
                assert text(outcome) == "Planlagt", text(row)  # no outcome from the future


# Cases and the politicians' tab ----------------------------------------------------------

def test_case_steps_are_coming_only_when_their_date_is_ahead(built):
    for case in built.site.cases:
        ended = any(a.case == case.slug and a.period[1] < built.date.year
                    for a in built.site.agreements)
        for step in built.page(case.url).select("li.case-step"):
            when = step.select_one(".case-step-when")
            date, said = _date(when), text(when)
            if "Kommende" in said:
                assert date is not None and date >= built.date, said
            if "Overstået" in said and date is not None:
                assert date < built.date, said
            if date is None and ended:
                assert "Dato ikke registreret" in said, said
            if "Udfald:" in text(step):
                assert date is None or date <= built.date, text(step)


def test_what_is_coming_on_the_politicians_tab_is_ahead(built):
    page = built.page("/politikere/")
    section = page.find(id="paa-vej").find_parent("section")
    ended_titles = {a.title for a in built.site.agreements if a.period[1] < built.date.year}
    for matter in section.find_all("article"):
        assert text(matter.find("h3")) not in ended_titles
        nxt = _date(matter.select_one(".matter-next"))
        assert nxt is None or nxt >= built.date
        for step in matter.select("li.process-step"):
            date, said = _date(step), text(step)
            if said.endswith("(kommende)"):
                assert date is None or date >= built.date, said
            if said.endswith("(overstået)") and date is not None:
                assert date < built.date, said
    agreements = page.find(id="aftalerne").find_parent("section")
    for nxt in agreements.select(".matter-next"):
        date = _date(nxt)
        assert date is None or date >= built.date, text(nxt)
    for occasion in page.find(id="aarshjul").find_parent("section").select("li.occasion"):
        last = occasion.select(".occasion-when time")[-1]
        assert dt.date.fromisoformat(last["datetime"]) >= built.date, text(occasion)


def test_a_step_without_a_date_is_coming_only_while_the_case_is_live(built):
    """The councils' step of the Socialaftale has no date: it is "dato ikke fastsat" and on
    its way while the case is live, and not registered once a year has passed since the
    case's last date (KKR, 14 September 2020) or the agreement's period has ended."""
    live = built.date <= dt.date(2021, 9, 14)
    case = built.page("/sager/socialaftale-2021-2022/")
    councils = case.select("li.case-step")[-1]
    assert "De nordjyske byråd og regionsrådet" in text(councils)
    on_the_way = text(built.page("/politikere/").find(id="paa-vej").find_parent("section"))
    if live:
        assert "Dato ikke fastsat" in text(councils)
        assert "Nordjysk Socialaftale 2021-2022 Næste politiske behandling" in on_the_way
    else:
        assert "Dato ikke registreret" in text(councils) and "Kommende" not in text(councils)
        assert "Nordjysk Socialaftale 2021-2022" not in on_the_way
    if built.date.year > 2022:  # every period and every case of the bundled site is over
        assert "Der er ingen sager på vej til politisk behandling lige nu." in on_the_way
        for name, page in built.all_pages():
            main = page.find("main")
            if main is not None:
                assert "dato ikke fastsat" not in text(main).lower(), name


def test_old_minutes_say_their_approval_is_not_registered(built):
    body = built.page("/organer/socialdirektoerkredsen/")
    row = text(body.find("a", href="/organer/socialdirektoerkredsen/2011-10-06/")
               .find_parent("li"))
    status = text(built.page("/organer/socialdirektoerkredsen/2011-10-06/")
                  .select_one(".meeting-status"))
    if built.date > dt.date(2011, 12, 14):  # the body's next meeting (data/kalender.yaml)
        assert "Referat, godkendelse ikke registreret" in row
        assert status == "Referat Referatets godkendelse er ikke registreret på sitet."
    else:
        assert "Referat, ikke godkendt endnu" in row
        assert status == "Referat Referatet er endnu ikke godkendt."


# Small sites: each rule on its own -------------------------------------------------------

def _meeting(date: str, status: str, approved: str = "") -> str:
    return (f"---\norgan: das\ndato: {date}\nstatus: {status}\n{approved}---\n\n"
            "## 1. Punkt\n\n### Referat\n\nTaget til efterretning.\n")


@pytest.mark.parametrize("build_date, calendar, expected", [
    ("2020-06-01", "", "Referat, ikke godkendt endnu"),
    # the body's next meeting (in the calendar) has been held: approval not registered
    ("2020-08-18", "- organ: das\n  dato: 2020-08-17\n", "Referat, godkendelse ikke registreret"),
    # the next meeting is today: the approval can still come
    ("2020-08-17", "- organ: das\n  dato: 2020-08-17\n", "Referat, ikke godkendt endnu"),
    # a cancelled meeting approves nothing
    ("2020-08-18", "- organ: das\n  dato: 2020-08-17\n  aflyst: ja\n",
     "Referat, ikke godkendt endnu"),
    # no next meeting known, but a year has passed
    ("2021-05-26", "", "Referat, godkendelse ikke registreret"),
])
def test_when_minutes_stop_being_not_yet_approved(tmp_path, build_date, calendar, expected):
    files = {"content/moeder/das/2020-05-25.md": _meeting("2020-05-25", "referat")}
    if calendar:
        files["data/kalender.yaml"] = calendar
    site = make_site(tmp_path / "site", files)
    build_site(site, date=dt.date.fromisoformat(build_date))
    page = BeautifulSoup((site / "public/organer/das/index.html").read_text("utf-8"),
                         "html.parser")
    row = page.find("a", href="/organer/das/2020-05-25/").find_parent("li")
    assert expected in text(row)


@pytest.mark.parametrize("build_date, expected", [
    ("2020-05-25", "Referatet er ikke skrevet endnu."),
    ("2020-08-01", "Referatet er ikke skrevet endnu."),
    ("2020-09-01", "Der er intet referat af mødet på sitet."),
])
def test_an_agenda_whose_minutes_never_came(tmp_path, build_date, expected):
    site = make_site(tmp_path / "site", {
        "content/moeder/das/2020-05-25.md": _meeting("2020-05-25", "dagsorden")})
    build_site(site, date=dt.date.fromisoformat(build_date))
    page = BeautifulSoup((site / "public/organer/das/2020-05-25/index.html").read_text("utf-8"),
                         "html.parser")
    assert expected in text(page.select_one(".meeting-status"))


def test_an_approval_dated_after_the_build_date_is_not_shown_yet(tmp_path):
    site = make_site(tmp_path / "site", {
        "content/moeder/das/2020-05-25.md": _meeting(
            "2020-05-25", "referat", "godkendt:\n  dato: 2020-08-17\n")})
    build_site(site, date=dt.date(2020, 6, 1))
    page = BeautifulSoup((site / "public/organer/das/2020-05-25/index.html").read_text("utf-8"),
                         "html.parser")
    assert text(page.select_one(".meeting-status")) == "Referat Referatet er endnu ikke godkendt."
