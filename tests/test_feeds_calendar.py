"""Issue 4: subscriptions without accounts - Atom feeds, iCalendar files, the calendar page
and /abonner/ - on the built bundled site and small sites."""
from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import feedparser
import icalendar
from bs4 import BeautifulSoup

from conftest import build_site, make_site, output_files

BASE = "https://www.rammeaftalernord.dk"
FEEDS = {"alle", "dagsordener", "referater", "aftaler", "das", "socialdirektoerkredsen", "fu",
         "kdk", "kkr"}
CALENDARS = {"alle", "das", "socialdirektoerkredsen", "fu", "kdk", "kkr"}


def soup(folder: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((folder / url.strip("/") / "index.html").read_text(encoding="utf-8"),
                         "html.parser")


def built_file(folder: Path, address: str, base: str = BASE) -> Path:
    """The file of the build that serves an absolute address of the site."""
    assert address.startswith(base + "/"), address
    path = urlparse(address).path.lstrip("/")
    return folder / (path + "index.html" if path == "" or path.endswith("/") else path)


def calendars(folder: Path) -> dict[str, icalendar.Calendar]:
    return {p.stem: icalendar.Calendar.from_ical(p.read_bytes())
            for p in sorted((folder / "kalender").glob("*.ics"))}


# Atom feeds --------------------------------------------------------------------------------

def test_every_feed_parses_and_every_entry_is_complete_and_leads_to_a_page(bundled_site):
    files = sorted((bundled_site / "feeds").glob("*.xml"))
    assert {p.stem for p in files} == FEEDS
    entries = 0
    for path in files:
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, (path.name, feed.get("bozo_exception"))
        assert feed.feed.id == f"{BASE}/feeds/{path.name}"
        assert feed.feed.title and feed.feed.updated_parsed
        for entry in feed.entries:
            entries += 1
            assert entry.id.startswith("tag:www.rammeaftalernord.dk,"), entry.id
            assert entry.title and entry.updated_parsed, entry.id
            assert built_file(bundled_site, entry.link).is_file(), entry.link
    assert entries >= 10


def test_the_feeds_hold_the_right_documents(bundled_site):
    def titles(name):
        return [e.title for e in feedparser.parse(
            (bundled_site / "feeds" / f"{name}.xml").read_bytes()).entries]

    assert titles("das") == ["DAS: referat fra mødet den 25. maj 2020"]
    assert len(titles("alle")) == 5  # three meetings and two agreements
    assert sorted(titles("aftaler")) == ["Nordjysk Socialaftale 2018-2020 (godkendt)",
                                         "Nordjysk Socialaftale 2021-2022 (udkast)"]
    assert titles("dagsordener") == [] and len(titles("referater")) == 3
    entry = feedparser.parse((bundled_site / "feeds" / "das.xml").read_bytes()).entries[0]
    assert entry.id == "tag:www.rammeaftalernord.dk,2020-05-25:/organer/das/2020-05-25/"
    assert "8. Socialtilsyn Nords årsrapport 2019" in entry.summary


AGENDA = """
    ---
    organ: das
    dato: 2020-08-17
    status: {status}
    ---

    ## 1. Godkendelse af dagsorden

    Tekst.
    """


def test_an_agenda_that_becomes_minutes_keeps_its_entry_id(tmp_path):
    site = make_site(tmp_path / "site", {
        "content/moeder/das/2020-08-17.md": AGENDA.format(status="dagsorden")})
    build_site(site)

    def feed(name):
        return feedparser.parse((site / "public" / "feeds" / f"{name}.xml").read_bytes())

    before = feed("alle").entries[0]
    assert [e.id for e in feed("dagsordener").entries] == [before.id]
    assert feed("referater").entries == []
    path = site / "content" / "moeder" / "das" / "2020-08-17.md"
    path.write_text(path.read_text(encoding="utf-8").replace("status: dagsorden",
                                                             "status: referat"), "utf-8")
    os.utime(path, (path.stat().st_atime, path.stat().st_mtime + 3600))
    build_site(site)
    after = feed("alle").entries[0]
    assert after.id == before.id
    assert after.updated_parsed > before.updated_parsed
    assert [e.id for e in feed("referater").entries] == [before.id]
    assert feed("dagsordener").entries == []
    assert after.title == "DAS: referat fra mødet den 17. august 2020"


# iCalendar files -----------------------------------------------------------------------

def test_every_ics_parses_without_errors_and_has_unique_stable_uids(bundled_site):
    found = calendars(bundled_site)
    assert set(found) == CALENDARS
    for name, calendar in found.items():
        for component in calendar.walk():
            assert component.errors == [], (name, component.name, component.errors)
        events = calendar.walk("VEVENT")
        uids = [str(e["UID"]) for e in events]
        assert len(uids) == len(set(uids)), name
        for event in events:
            assert re.fullmatch(r"[a-z0-9-]+-\d{4}-\d{2}-\d{2}@www\.rammeaftalernord\.dk",
                                str(event["UID"])), event["UID"]
            assert "DTSTAMP" in event and "SUMMARY" in event and "DTSTART" in event
            assert built_file(bundled_site, str(event["URL"])).is_file()
        if any(isinstance(e.decoded("DTSTART"), dt.datetime) for e in events):
            zones = [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")]
            assert zones == ["Europe/Copenhagen"], name
    das_uids = {str(e["UID"]) for e in found["das"].walk("VEVENT")}
    assert {"das-2020-05-25@www.rammeaftalernord.dk",
            "das-2020-08-17@www.rammeaftalernord.dk"} <= das_uids
    assert das_uids <= {str(e["UID"]) for e in found["alle"].walk("VEVENT")}


def test_meeting_times_are_copenhagen_times_and_planned_days_are_whole_days(bundled_site):
    events = {str(e["UID"]).split("@")[0]: e
              for e in calendars(bundled_site)["alle"].walk("VEVENT")}
    meeting = events["das-2020-05-25"]
    start = meeting.decoded("DTSTART")
    assert start == dt.datetime(2020, 5, 25, 9, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
    assert start.astimezone(dt.timezone.utc).hour == 7  # summer time
    assert meeting.decoded("DTEND").hour == 12
    assert str(meeting["URL"]) == f"{BASE}/organer/das/2020-05-25/"
    assert "4. Udkast til Nordjysk Socialaftale 2021-2022" in str(meeting["DESCRIPTION"])
    planned = events["das-2020-08-17"]
    assert planned.decoded("DTSTART") == dt.date(2020, 8, 17)
    assert planned.decoded("DTEND") == dt.date(2020, 8, 18)
    winter = events["socialdirektoerkredsen-2011-12-14"]
    assert winter.decoded("DTSTART").utcoffset() == dt.timedelta(hours=1)
    cancelled = events["milepael-socialpolitisk-dialogforum-2020-2020-08-17"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    several_days = events["milepael-centrale-udmeldinger-justeringer-efter-das-moedet-2020-08-18"]
    assert several_days.decoded("DTEND") == dt.date(2020, 8, 29)


def test_feeds_calendars_and_data_are_the_same_when_nothing_changed(tmp_path):
    site = make_site(tmp_path / "site", {
        "data/kalender.yaml": "- organ: das\n  dato: 2020-08-17\n  tid: 9.00\n"
                              "- dato: 2020-09-01\n  titel: Frist\n",
        "data/sager.yaml": "- slug: sagen\n  titel: Sagen\n",
        "content/moeder/das/2020-08-17.md": AGENDA.format(status="dagsorden"),
    })
    build_site(site, tmp_path / "first")
    build_site(site, tmp_path / "second")
    first, second = output_files(tmp_path / "first"), output_files(tmp_path / "second")
    generated = [n for n in first if n.startswith(("kalender/", "feeds/", "data/"))]
    assert len(generated) >= 10
    assert [n for n in generated if first[n] != second[n]] == []


# The calendar page --------------------------------------------------------------------------

def test_the_calendar_page_shows_das_17_august_2020_as_planned(bundled_site):
    page = soup(bundled_site, "/kalender/")
    planned = page.find(id="das-2020-08-17")
    text = " ".join(planned.get_text(" ").split())
    assert "mandag den 17. august 2020" in text and "Planlagt" in text
    assert planned.find("a") is None  # no meeting page yet
    held = page.find(id="das-2020-05-25")
    assert held.find("a")["href"] == "/organer/das/2020-05-25/"
    assert "Referat" in held.get_text()
    coming = [t["datetime"] for t in
              page.find(id="kommende").find_next("ul").select(".occasion-when time")]
    assert coming[0] == "2020-06-16"


def test_a_planned_meeting_that_has_its_file_is_linked(tmp_path):
    site = make_site(tmp_path / "site", {
        "data/kalender.yaml": """
            - organ: das
              dato: 2020-08-17
              tid: 9.00-12.00
              beskrivelse: Næste møde.
            - organ: kkr
              dato: 2020-09-14
            """,
        "content/moeder/das/2020-08-17.md": AGENDA.format(status="dagsorden"),
    })
    build_site(site)
    page = soup(site / "public", "/kalender/")
    das = page.find(id="das-2020-08-17")
    assert das.find("a")["href"] == "/organer/das/2020-08-17/"
    assert "Dagsorden" in das.get_text() and "Planlagt" not in das.get_text()
    assert "kl. 9.00–12.00" in das.get_text() and "Næste møde." in das.get_text()
    assert "Planlagt" in page.find(id="kkr-2020-09-14").get_text()
    events = icalendar.Calendar.from_ical(
        (site / "public" / "kalender" / "das.ics").read_bytes()).walk("VEVENT")
    assert [str(e["UID"]) for e in events] == ["das-2020-08-17@test.example.org"]
    assert str(events[0]["URL"]) == "https://test.example.org/organer/das/2020-08-17/"
    assert "kkr-2020-09-14" not in (site / "public" / "kalender" / "das.ics").read_text()
    body = soup(site / "public", "/organer/kkr/")
    assert "Planlagt" in body.find(id="planlagte-moeder").find_parent("section").get_text()
    # DAS's planned meeting has its file: it is in the archive, and nothing else is planned.
    planned = soup(site / "public", "/organer/das/").find(id="planlagte-moeder").parent
    assert "Der er ingen planlagte møder i kalenderen." in planned.get_text()


# /abonner/ ---------------------------------------------------------------------------

def test_the_subscribe_page_writes_out_every_feed_and_calendar_address(bundled_site):
    page = soup(bundled_site, "/abonner/")
    addresses = [code.get_text() for code in page.select("main code")]
    assert {f"{BASE}/feeds/{n}.xml" for n in FEEDS} | \
        {f"{BASE}/kalender/{n}.ics" for n in CALENDARS} == set(addresses)
    for address in addresses:
        assert built_file(bundled_site, address).is_file(), address
        assert page.find("code", string=address).find_parent("a")["href"] == address
    assert page.find("script") is None or not page.find("script").string
    assert "uden at oprette en konto" in page.get_text()


# Closed items ------------------------------------------------------------------------------

CANARY = "KANARIE-4b1e-lukket"


def test_closed_items_give_only_their_title_to_feeds_calendars_and_cases(tmp_path):
    site = make_site(tmp_path / "site", {
        "data/sager.yaml": "- slug: sagen\n  titel: Sagen\n",
        "data/kalender.yaml": "- organ: das\n  dato: 2020-05-25\n",
        "content/moeder/das/2020-05-25.md": f"""
            ---
            organ: das
            dato: 2020-05-25
            status: referat
            punkter:
              1:
                sag: sagen
              2:
                lukket: ja
                sag: sagen
                sagsnr: {CANARY}-sagsnr
            ---

            ## 1. Åbent punkt

            Åben tekst.

            ## 2. Personalesag

            ### Resumé

            {CANARY} i resuméet.

            ### Referat

            {CANARY} i referatet.
            """,
    })
    build_site(site)
    files = output_files(site / "public")
    assert [name for name, data in files.items() if CANARY.encode() in data] == []
    feed = feedparser.parse(files["feeds/das.xml"])
    assert "2. Personalesag" in feed.entries[0].summary
    ics = icalendar.Calendar.from_ical(files["kalender/das.ics"]).walk("VEVENT")[0]
    assert "2. Personalesag" in str(ics["DESCRIPTION"])
    case = BeautifulSoup(files["sager/sagen/index.html"], "html.parser")
    assert case.find("a", href="/organer/das/2020-05-25/#punkt-1") is not None
    assert case.find("a", href="/organer/das/2020-05-25/#punkt-2") is None
