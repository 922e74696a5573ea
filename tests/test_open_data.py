"""Issue 4: open data - /data/*.json validate against the JSON Schemas kept in the repository
(site_builder/outputs/schemas/), are shaped after OParl / Open Civic Data, and give a closed item
its number and title only."""
from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup
from conftest import BUILD_DATE, ROOT, build_site, make_site, output_files

from site_builder.outputs import open_data
from site_builder.pipeline import BuildOptions, build, load_and_check

SCHEMAS = ROOT / "site_builder" / "outputs" / "schemas"
NAMES = ("organer", "moeder", "sager")
BASE = "https://www.rammeaftalernord.dk"


def load(folder: Path, name: str) -> dict:
    return json.loads((folder / "data" / f"{name}.json").read_text(encoding="utf-8"))


def validator(name: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@pytest.mark.parametrize("name", NAMES)
def test_each_file_validates_against_the_repositorys_schema(bundled_site, name):
    data = load(bundled_site, name)
    errors = [e.message for e in validator(name).iter_errors(data)]
    assert errors == []
    assert data["data"]
    published = (bundled_site / "data" / f"{name}.schema.json").read_bytes()
    assert published == (SCHEMAS / f"{name}.schema.json").read_bytes()


def test_the_schema_does_catch_a_closed_item_with_text(bundled_site):
    data = load(bundled_site, "moeder")
    meeting = next(m for m in data["data"] if m["id"].endswith("/2011-08-11/"))
    closed = next(i for i in meeting["agendaItem"] if not i["public"])
    bad = copy.deepcopy(data)
    bad_meeting = next(m for m in bad["data"] if m["id"] == meeting["id"])
    next(i for i in bad_meeting["agendaItem"] if i["id"] == closed["id"])["summary"] = "tekst"
    assert list(validator("moeder").iter_errors(bad))
    bad_state = copy.deepcopy(data)
    bad_state["data"][0]["meetingState"] = "afholdt"
    assert list(validator("moeder").iter_errors(bad_state))


def test_bodies_after_oparl_organization(bundled_site):
    bodies = {b["slug"]: b for b in load(bundled_site, "organer")["data"]}
    assert set(bodies) == {"das", "socialdirektoerkredsen", "fu", "kdk", "kkr"}
    das = bodies["das"]
    assert das["type"] == "https://schema.oparl.org/1.1/Organization"
    assert das["id"] == das["web"] == f"{BASE}/organer/das/"
    assert das["shortName"] == "DAS" and das["organizationType"] == "administrativ"
    assert das["subOrganizationOf"] == bodies["kkr"]["id"]
    assert bodies["kkr"]["organizationType"] == "politisk"
    assert das["feed"] == f"{BASE}/feeds/das.xml"
    assert das["calendar"] == f"{BASE}/kalender/das.ics"


def test_meetings_with_state_items_public_flag_result_and_case(bundled_site):
    meetings = {m["id"]: m for m in load(bundled_site, "moeder")["data"]}
    das = meetings[f"{BASE}/organer/das/2020-05-25/"]
    assert das["type"] == "https://schema.oparl.org/1.1/Meeting"
    assert das["meetingState"] == "referat" and das["cancelled"] is False
    assert das["start"] == "2020-05-25T09:00:00+02:00" and das["end"] == "2020-05-25T12:00:00+02:00"
    assert das["organization"] == [f"{BASE}/organer/das/"]
    assert [i["order"] for i in das["agendaItem"]] == list(range(1, 14))
    item = das["agendaItem"][7]
    assert item["name"] == "Socialtilsyn Nords årsrapport 2019" and item["public"] is True
    assert item["id"] == f"{BASE}/organer/das/2020-05-25/#punkt-8"
    assert item["case"] == f"{BASE}/sager/socialtilsyn-nord-aarsrapport-2019/"
    assert item["summary"] == "Socialtilsyn Nords årsrapport 2019 forelægges til drøftelse."
    assert item["result"].startswith("Leif Serup, Hjørring Kommune, gav en kort præsentation")
    assert item["itemType"] == "drøftelse"
    planned = next(m for m in meetings.values()
                   if m["date"] == "2020-08-17" and m["organization"] == das["organization"])
    assert planned["meetingState"] == "planlagt" and planned["agendaItem"] == []
    assert planned["web"] is None and planned["id"] == f"{BASE}/kalender/#das-2020-08-17"
    approved = meetings[f"{BASE}/organer/socialdirektoerkredsen/2011-08-11/"]
    assert approved["minutesApproved"] == {
        "date": "2011-10-06", "meeting": f"{BASE}/organer/socialdirektoerkredsen/2011-10-06/"}
    closed = approved["agendaItem"][1]
    assert closed == {"id": f"{BASE}/organer/socialdirektoerkredsen/2011-08-11/#punkt-2",
                      "type": "https://schema.oparl.org/1.1/AgendaItem", "number": "2",
                      "order": 2, "name": closed["name"], "public": False}
    for meeting in meetings.values():
        if meeting["web"]:
            path = meeting["web"][len(BASE):].strip("/")
            assert (bundled_site / path / "index.html").is_file()


def test_cases_with_their_steps_after_open_civic_data(bundled_site):
    cases = {c["identifier"]: c for c in load(bundled_site, "sager")["data"]}
    report = cases["socialtilsyn-nord-aarsrapport-2019"]
    assert report["web"] == f"{BASE}/sager/socialtilsyn-nord-aarsrapport-2019/"
    actions = report["actions"]
    assert [(a["date"], a["organization"]) for a in actions] == [
        ("2020-05-25", "Den Administrative Styregruppe på socialområdet"),
        ("2020-06-19", "KKR Nordjylland"), (None, "Hjørring Byråd"),
        ("2020-06-30", "Socialstyrelsen")]
    assert actions[0]["agendaItem"] == f"{BASE}/organer/das/2020-05-25/#punkt-8"
    assert actions[1]["political"] and actions[2]["political"] and not actions[3]["political"]
    assert actions[3]["deadline"] and not actions[1]["deadline"]
    assert [a["done"] for a in actions] == [True, False, False, False]
    assert cases["socialaftale-2021-2022"]["agreements"] == [
        f"{BASE}/aftaler/nordjysk-socialaftale-2021-2022/"]


def test_the_open_data_page_documents_every_field(bundled_site):
    page = BeautifulSoup((bundled_site / "data" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    documented = {code.get_text() for code in page.select("main table th code")}
    for name in NAMES:
        schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
        for key, definition in schema["$defs"].items():
            if "properties" in definition and key != "closedItem":
                assert set(definition["properties"]) <= documented, (name, key)
        assert page.find("a", href=f"/data/{name}.json") is not None
        assert page.find("a", href=f"/data/{name}.schema.json") is not None


CANARY = "KANARIE-93c0-lukket"


def test_closed_items_give_only_number_and_title_to_the_json(tmp_path):
    site = make_site(tmp_path / "site", {
        "data/sager.yaml": "- slug: sagen\n  titel: Sagen\n",
        "content/moeder/das/2020-05-25.md": f"""
            ---
            organ: das
            dato: 2020-05-25
            status: referat
            punkter:
              1:
                lukket: ja
                sag: sagen
                type: beslutning
                sagsnr: {CANARY}
            ---

            ## 1. Lukket punkt om en medarbejder

            ### Resumé

            {CANARY} i resuméet.

            ### Referat

            {CANARY} i referatet.
            """,
    })
    build_site(site)
    files = output_files(site / "public")
    assert [name for name, data in files.items() if CANARY.encode() in data] == []
    meeting = json.loads(files["data/moeder.json"])["data"][0]
    assert meeting["agendaItem"] == [{
        "id": "https://test.example.org/organer/das/2020-05-25/#punkt-1",
        "type": "https://schema.oparl.org/1.1/AgendaItem", "number": "1", "order": 1,
        "name": "Lukket punkt om en medarbejder", "public": False}]
    assert json.loads(files["data/sager.json"])["data"][0]["actions"] == []
    assert list(validator("moeder").iter_errors(json.loads(files["data/moeder.json"]))) == []


def test_meetings_json_from_the_memo_is_the_json_of_the_whole_list(tmp_path):
    """moeder.json is put together from each meeting's JSON (kept by the build cache for
    the next build): it must be exactly the JSON of the list, with and without a cache,
    also on the second build, which takes every meeting from the memo."""
    site_root = tmp_path / "site"
    shutil.copytree(ROOT / "content", site_root / "content")
    shutil.copytree(ROOT / "data", site_root / "data")
    options = BuildOptions(site_root, tmp_path / "public", BUILD_DATE,
                           cache_dir=tmp_path / "cache")
    site, _ = load_and_check(options)
    expected = open_data._json({"data": open_data.meetings(site)})
    for _ in range(2):
        build(options)
        written = (tmp_path / "public" / "data" / "moeder.json").read_text(encoding="utf-8")
        assert written == expected
    assert len(json.loads(written)["data"]) > 3
