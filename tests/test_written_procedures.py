"""Decisions by written procedure (content/beslutninger/): a record shows on its own page,
in the body's list beside its archive, in the case's thread, in the feeds, the calendar
(its deadline), on /politikere/ while open, in search and in the open data; closed, draft
and embargoed records are guarded like meetings; invalid records give path:line errors.
On built output."""
from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, build_site, make_site, run_cli
from site_builder.pipeline import BuildOptions, load_and_check
from site_builder.problems import SiteError

RECORD = "/beslutninger/das/2020-05-20-kapacitet-paa-bakkely/"
SECRET = "Hemmeligtforslagsord"

FILES = {
    "data/sager.yaml": """\
        - slug: kapacitet
          titel: Kapacitet på Bakkely
        """,
    "content/moeder/das/2020-06-15.md": """\
        ---
        organ: das
        dato: 2020-06-15
        status: dagsorden
        ---
        ## 1. Kapacitet
        Tekst.
        """,
    "content/beslutninger/das/2020-05-20-kapacitet-paa-bakkely.md": """\
        ---
        organ: das
        titel: Kapacitetsjustering på Bakkely
        afsender: Sekretariatet
        sendt: 2020-05-20
        frist: 2020-06-05
        udfald: afventer
        sag: kapacitet
        bilag:
          - titel: Forslaget som PDF
            fil: 2020-05-20-kapacitet-paa-bakkely/forslag.pdf
        ---
        Driftsherren foreslår at nedlægge to pladser. Frugtkurvsord.
        """,
    "content/beslutninger/das/2020-05-20-kapacitet-paa-bakkely/forslag.pdf":
        b"%PDF-1.4\n%%EOF\n",
    "content/beslutninger/das/2020-03-02-bemaerkninger.md": """\
        ---
        organ: das
        titel: Forslag med bemærkninger
        sendt: 2020-03-02
        frist: 2020-03-16
        udfald: bemærkninger
        næste_møde: das/2020-06-15
        ---
        Forslaget gik videre.
        """,
    "content/beslutninger/das/2020-02-03-lukket.md": f"""\
        ---
        organ: das
        titel: Et lukket forslag
        sendt: 2020-02-03
        frist: 2020-02-10
        udfald: godkendt
        lukket: ja
        ---
        {SECRET} om en navngiven borger.
        """,
    "content/beslutninger/das/2020-02-04-kladde.md": f"""\
        ---
        organ: das
        titel: Kladdeforslag
        sendt: 2020-02-04
        frist: 2020-02-10
        udfald: godkendt
        kladde: ja
        ---
        {SECRET}
        """,
    "content/beslutninger/das/2020-02-05-embargo.md": f"""\
        ---
        organ: das
        titel: Embargoforslag
        sendt: 2020-02-05
        frist: 2020-02-10
        udfald: godkendt
        offentlig_fra: 2030-01-01
        ---
        {SECRET}
        """,
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_site(tmp_path_factory.mktemp("wp") / "site", FILES)
    out = root.parent / "out"
    build_site(root, out, dt.date(2020, 6, 1))
    return out


def page(out, url: str) -> BeautifulSoup:
    return BeautifulSoup((out / url.strip("/") / "index.html").read_text("utf-8"),
                         "html.parser")


def text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split())


def test_the_record_page_has_everything_the_record_says(built):
    record = page(built, RECORD)
    assert text(record.find("h1")) == "Kapacitetsjustering på Bakkely"
    facts = text(record.select_one(".facts"))
    assert "Sendt af Sekretariatet" in facts
    assert "20. maj 2020" in facts and "5. juni 2020" in facts
    assert "Afventer bemærkninger" in text(record.select_one(".meeting-status"))
    bilag = record.select_one(".attachments a")
    assert bilag["href"] == RECORD + "bilag/forslag.pdf"
    assert (built / RECORD.strip("/") / "bilag" / "forslag.pdf").read_bytes().startswith(b"%PDF")
    assert record.find("a", href="/sager/kapacitet/") is not None


def test_remarks_link_to_the_next_meeting(built):
    record = page(built, "/beslutninger/das/2020-03-02-bemaerkninger/")
    status = record.select_one(".meeting-status")
    assert "Bemærkninger modtaget" in text(status)
    assert status.find("a", href="/organer/das/2020-06-15/") is not None


def test_the_body_archive_lists_its_records(built):
    archive = page(built, "/beslutninger/das/")
    links = [a["href"] for a in archive.select(".meeting-list a")]
    assert links == [RECORD, "/beslutninger/das/2020-03-02-bemaerkninger/",
                     "/beslutninger/das/2020-02-03-lukket/"]
    assert archive.find("a", href="/organer/das/") is not None
    # and the body's own archive page lists them beside its meetings
    body = page(built, "/organer/das/")
    listed = body.find(id="skriftlige-beslutninger").find_next("ul")
    assert [a["href"] for a in listed.select("a")] == links
    assert "Godkendt uden bemærkninger" in text(listed) or "Afventer" in text(listed)


def test_the_case_thread_has_the_record(built):
    thread_page = page(built, "/sager/kapacitet/")
    thread = text(thread_page.find("main"))
    assert "Frist: 5. juni 2020" in thread
    link = thread_page.find("a", string="Skriftlig procedure: Kapacitetsjustering på Bakkely")
    assert link is not None and link["href"] == RECORD
    assert "Skriftlig procedure: Kapacitetsjustering på Bakkely" in thread
    data = json.loads((built / "data" / "sager.json").read_text("utf-8"))
    case = next(c for c in data["data"] if c["identifier"] == "kapacitet")
    assert any("Kapacitetsjustering på Bakkely" in (a["description"] or "")
               for a in case["actions"])


def test_feeds_have_the_record(built):
    for name in ("alle", "das"):
        feed = BeautifulSoup((built / "feeds" / f"{name}.xml").read_text("utf-8"), "xml")
        links = [link["href"] for link in feed.find_all("link") if link.parent.name == "entry"]
        assert any(href.endswith(RECORD) for href in links), name


def test_the_calendar_has_the_deadline(built):
    calendar = page(built, "/kalender/")
    link = calendar.find("a", href=RECORD)
    assert link is not None and "Frist for bemærkninger" in text(link)
    ics = (built / "kalender" / "alle.ics").read_text("utf-8")
    assert "DTSTART;VALUE=DATE:20200605" in ics
    assert "Frist for bemærkninger: Kapacitetsjustering" in ics.replace("\r\n ", "")


def test_politicians_tab_shows_an_open_round_only_while_open(built, tmp_path):
    assert page(built, "/politikere/").find("a", href=RECORD) is not None
    root = make_site(tmp_path / "site", FILES)
    build_site(root, tmp_path / "out", dt.date(2020, 6, 10))  # after the deadline
    assert page(tmp_path / "out", "/politikere/").find("a", href=RECORD) is None


def test_search_finds_the_record(built):
    shards = " ".join(p.read_text("utf-8") for p in (built / "soeg").glob("*.json"))
    assert RECORD in shards and "frugtkurvsord" in shards.lower()


def test_open_data_follows_its_schema_and_closed_records_give_title_only(built):
    schema = json.loads((ROOT / "site_builder" / "outputs" / "schemas" / "beslutninger.schema.json")
                        .read_text("utf-8"))
    data = json.loads((built / "data" / "beslutninger.json").read_text("utf-8"))
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    closed = next(r for r in data["data"] if r["name"] == "Et lukket forslag")
    assert closed["public"] is False and "text" not in closed


def test_closed_draft_and_embargoed_records_leak_nothing(built):
    everything = " ".join(p.read_bytes().decode("utf-8", "replace")
                          for p in built.rglob("*") if p.is_file())
    assert SECRET not in everything
    assert "Kladdeforslag" not in everything and "Embargoforslag" not in everything
    assert not (built / "beslutninger" / "das" / "2020-02-04-kladde").exists()
    closed = page(built, "/beslutninger/das/2020-02-03-lukket/")
    assert "Lukket" in text(closed.find("main"))


def test_the_midtjylland_example_builds_its_record(tmp_path):
    out = tmp_path / "out"
    build_site(ROOT / "examples" / "midtjylland", out)
    record = page(out, "/beslutninger/dassos/2012-04-02-eksempel-kapacitetsjustering/")
    assert "Godkendt uden bemærkninger" in text(record.select_one(".meeting-status"))
    assert "eksempel" in text(record.select_one(".prose")).lower()


def test_invalid_records_give_path_line_errors(tmp_path):
    root = make_site(tmp_path / "site", {
        "content/beslutninger/das/2020-05-20-fejl.md": """\
            ---
            organ: kkr
            titel: Fejl
            sendt: 2020-05-21
            frist: 2020-05-01
            udfald: måske
            næste_møde: das
            ---
            Tekst.
            """,
        "content/beslutninger/das/uden-dato.md": """\
            ---
            organ: das
            titel: Uden dato
            sendt: 2020-05-21
            frist: 2020-05-30
            udfald: godkendt
            sag: findes-ikke
            ---
            Tekst.
            """,
        "content/beslutninger/forkert.md": "---\ntitel: x\n---\n",
    })
    with pytest.raises(SiteError) as caught:
        load_and_check(BuildOptions(root, tmp_path / "out", dt.date(2020, 6, 1)))
    found = [p.format() for p in caught.value.problems]
    base = "content/beslutninger/das/2020-05-20-fejl.md"
    expected = [f"{base}:2: organ: 'kkr' passer ikke med mappen",
                f"{base}:4: sendt: 2020-05-21 passer ikke med filnavnet",
                f"{base}:5: frist: fristen ligger før datoen",
                f"{base}:6: udfald: 'måske' er ikke gyldig",
                f"{base}:7: næste_møde: 'das' er ikke et møde",
                "content/beslutninger/das/uden-dato.md: filnavnet skal være datoen",
                "content/beslutninger/forkert.md: en skriftlig procedure skal ligge i "
                "organets mappe"]
    for start in expected:
        assert any(p.startswith(start) for p in found), (start, found)


def test_new_beslutning_scaffolds_a_record_that_builds(tmp_path):
    root = make_site(tmp_path / "site", {})
    result = run_cli("--site", str(root), "new", "beslutning", "--organ", "das",
                     "--dato", "2020-05-20", "--titel", "Kapacitet på Bakkely")
    assert result.returncode == 0, result.stderr
    made = root / "content" / "beslutninger" / "das" / "2020-05-20-kapacitet-paa-bakkely.md"
    assert made.is_file(), result.stdout
    assert "udfald: afventer" in made.read_text("utf-8")
    assert "kladde: ja" in made.read_text("utf-8")
    load_and_check(BuildOptions(root, tmp_path / "out", dt.date(2020, 6, 1)))
