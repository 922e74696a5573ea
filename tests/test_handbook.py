"""The editors' handbook: it builds with MkDocs + Material, its key reference lists every key
the schema knows, its Markdown stays plain, it explains every error the fixtures show (and,
in tests/test_handbook_messages.py, every message the code can give), and the complete
examples on the pages about data/ and agreements build as they say."""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, ROOT, build_site, make_site, run_cli

from site_builder.editor import handbook, message_kinds

DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("handbook") / "site_handbook"
    result = run_cli("handbook", "--out", str(output))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"åbn {output / 'index.html'}" in result.stdout
    return output


def test_every_page_of_the_handbook_is_built(built: Path):
    for page in sorted(DOCS.glob("*.md")):
        html = (built / page.with_suffix(".html").name).read_text(encoding="utf-8")
        assert '<html lang="da"' in html
    assert (built / "noegler.html").is_file()
    assert not (DOCS / handbook.REFERENCE).exists(), "the key reference is generated, " \
        "never committed"


def test_key_reference_lists_every_key_the_schema_knows(built: Path):
    soup = BeautifulSoup((built / "noegler.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article") or soup
    headings = {h.get_text(" ", strip=True).rstrip("¶").strip(): h for h in article.find_all("h2")}
    schemas = handbook.all_schemas()
    assert len(schemas) >= 12
    for item in schemas:
        assert item.name in headings, f"no section for {item.name}"
        table = headings[item.name].find_next("table")
        rows = [[cell.get_text(" ", strip=True) for cell in row.find_all("td")]
                for row in table.select("tbody tr")]
        assert [row[0] for row in rows] == item.keys
        for field, row in zip(item.fields, rows):
            assert row[2] == ("ja" if field.required else "nej")
            assert _squeeze(row[4]).startswith(_squeeze(field.description.replace("`", "")))
            for choice in field.choices:
                assert choice in row[3]
            if field.example and field.example != "...":
                assert row[5] == field.example
    kinds = headings["Sådan skrives værdierne"].find_next("table").get_text(" ")
    assert "dato som ÅÅÅÅ-MM-DD" in kinds


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_key_reference_follows_the_schema(monkeypatch):
    """The reference is made from the schema at build time, so a new key appears by itself."""
    from site_builder.content import schema

    extra = schema.Schema("Prøveskema", "data/proeve.yaml", (
        schema.Field("proevenoegle", "tekst", "En nøgle, der kun findes i denne test."),))
    monkeypatch.setattr(schema, "PROEVE", extra, raising=False)
    text = handbook.key_reference()
    assert "## Prøveskema" in text and "| `proevenoegle` |" in text


def test_handbook_markdown_is_plain():
    """No Material-only syntax, so docs/ reads the same on GitHub or in another tool."""
    forbidden = [
        (r"^\s*(!!!|\?\?\?\+?|===) ", "admonition, details or tab"),
        (r"\{[:#.][^}]*\}", "attribute list"),
        (r":(material|fontawesome|octicons|simple)-[a-z0-9-]+:", "icon shortcode"),
        (r"--8<--", "snippet"),
        (r"^: ", "definition list"),
        (r"^\[\^", "footnote"),
        (r"<[a-z][^>]*>", "raw HTML"),
    ]
    for page in sorted(DOCS.glob("*.md")):
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith("    "):
                continue  # code block
            # the one HTML allowed: an entry's anchor in fejlbeskeder.md, which GitHub,
            # MkDocs and the preview all keep (tests/test_handbook_messages.py)
            text = re.sub(r'<a id="[a-z0-9-]+"></a>', "", line)
            text = re.sub(r"`[^`]*`", "", text)
            for pattern, what in forbidden:
                assert not re.search(pattern, text), f"{page.name}:{number}: {what}: {line}"


def test_error_page_explains_every_error_of_the_fixtures():
    page = (DOCS / "fejlbeskeder.md").read_text(encoding="utf-8")
    for case in sorted((FIXTURES / "invalid").iterdir()):
        for expected in (case / "forventet.txt").read_text(encoding="utf-8").splitlines():
            assert expected in page, (
                f"docs/fejlbeskeder.md does not explain {expected!r} "
                f"(tests/fixtures/invalid/{case.name}): add it with what the editor should do")


def test_a_broken_link_in_the_handbook_stops_its_build(tmp_path: Path, monkeypatch):
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs)
    with open(docs / "bilag.md", "a", encoding="utf-8") as handle:
        handle.write("\nSe også [siden, der ikke findes](findes-ikke.md).\n")
    monkeypatch.setattr(handbook, "DOCS", docs)
    with pytest.raises(handbook.HandbookError, match="findes-ikke.md"):
        handbook.build_handbook(tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_without_mkdocs_the_handbook_says_what_to_install(tmp_path: Path, monkeypatch):
    """MkDocs and Material are not in requirements.txt (Netlify's install): the handbook
    command names the file that installs them, and nothing is written."""
    for name in ("mkdocs", "mkdocs.commands", "mkdocs.commands.build", "mkdocs.config",
                 "mkdocs.exceptions"):
        monkeypatch.setitem(sys.modules, name, None)  # import raises ImportError
    with pytest.raises(handbook.HandbookError) as raised:
        handbook.build_handbook(tmp_path / "out")
    assert "requirements-handbook.txt" in str(raised.value)
    assert str(raised.value).startswith("håndbogen kunne ikke bygges: mkdocs")
    assert not (tmp_path / "out").exists()
    public = (ROOT / "requirements.txt").read_text(encoding="utf-8").lower()
    assert "mkdocs" not in public and "markdown==" not in public
    assert "mkdocs-material==" in (ROOT / "requirements-handbook.txt").read_text("utf-8")


def test_getting_started_puts_the_web_editor_first_and_defines_the_words():
    start = (DOCS / "kom-i-gang.md").read_text(encoding="utf-8")
    assert start.index("## Vej 1: i browseren på GitHub") < start.index(
        "## Vej 2: på din egen computer")
    for needed in ("Edit this file", "Create a new branch for this commit and start a pull "
                   "request", "GitHub Desktop", "Clone repository", "`py build.py serve`",
                   "`py --version`", "Add python.exe to PATH", "python3"):
        assert needed in start, needed
    for word in ("front matter", "gren", "pull request", "flette ind", "bygge"):
        assert f"| **{word}**" in start, word
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    # the words are explained where the handbook's first page first uses them
    for word, explanation in (("**gren**", "din egen kopi"), ("**pull request**",
                              "en anmodning"), ("**bygges**", "laves til færdige"),
                              ("**front matter**", "mellem to linjer med `---`")):
        assert word in index and explanation in index, word
    assert index.index("(kom-i-gang.md)") < index.index("## Sådan hænger det sammen")


def test_the_markdown_primers_examples_are_what_the_site_does(bundled_site: Path):
    from site_builder.content import markdown_html

    primer = (DOCS / "skriv-tekst.md").read_text(encoding="utf-8")
    blocks = re.findall(r"(?:^    .*\n|^\n)+", primer, re.MULTILINE)
    code = "\n".join(line[4:] for block in blocks for line in block.splitlines())
    table = code[code.index("Tabel 1."):]
    table = table[:table.index("| Sødisebakke | 30 | 28 |") + 24]
    html = markdown_html.render(table, parent_level=2)
    assert "<caption>Tabel 1. Antal pladser pr. tilbud, 2019 og 2020</caption>" in html
    assert "<strong>Den Administrative Styregruppe</strong>" in markdown_html.render(
        code, parent_level=2)
    # every address the primer gives leads to a page (and item) of the bundled site
    links = set(re.findall(r"\]\((/[^)\s]*)\)", primer)) | set(
        re.findall(r"`(/[a-z0-9/-]*/(?:#punkt-\d+)?)`", primer))
    assert "/organer/das/2020-05-25/#punkt-8" in links and "/om-sitet/" in links
    for link in links:
        path, _, anchor = link.partition("#")
        page = bundled_site / path.strip("/") / "index.html"
        assert page.is_file(), link
        if anchor:
            assert f'id="{anchor}"' in page.read_text(encoding="utf-8"), link


def test_the_key_reference_says_how_to_write_every_kind_of_value():
    text = handbook.key_reference()
    kinds = text[text.index("| Slags | Sådan skrives den |"):].split("\n\n")[0]
    for row in kinds.splitlines()[2:]:
        kind, help_text = [cell.strip() for cell in row.strip("|").split("|")]
        assert help_text != kind, row  # not "tekst | tekst"
    assert "| mapping | flere nøgler, der står på linjerne under denne nøgle" in kinds


def test_the_built_handbook_has_an_anchor_for_every_kind_of_message(built: Path):
    soup = BeautifulSoup((built / "fejlbeskeder.html").read_text(encoding="utf-8"),
                         "html.parser")
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    anchors = {message_kinds.anchor(key) for key in message_kinds.collect().kinds()}
    assert anchors <= ids, sorted(anchors - ids)
    # the pages about data/ link to entries (MkDocs' strict build checks the anchors)
    organs = (built / "organer.html").read_text(encoding="utf-8")
    assert 'href="fejlbeskeder.html#skal-skrives-med-smaa-bogstaver-ae-oe-aa"' in organs
    nav = BeautifulSoup((built / "index.html").read_text(encoding="utf-8"), "html.parser")
    titles = " ".join(a.get_text(" ", strip=True) for a in nav.select("nav a"))
    for title in ("Organer", "Sager", "Kalender", "Ordliste", "Aftaler og godkendelser"):
        assert title in titles, title


def _code_blocks(page: str) -> list[str]:
    """The page's indented code blocks under "## Et helt eksempel", as written."""
    text = (DOCS / page).read_text(encoding="utf-8").split("## Et helt eksempel", 1)[1]
    text = text.split("\n## ", 1)[0]
    return ["\n".join(line[4:] for line in block.group().splitlines()).strip("\n") + "\n"
            for block in re.finditer(r"^    \S.*\n(?:^    .*\n|^\n)*", text, re.MULTILINE)]


def test_the_complete_examples_of_the_how_to_pages_build(tmp_path: Path):
    """The examples of docs/organer.md, sager.md, kalender.md, ordliste.md and aftaler.md
    together make a site that builds without a warning and shows what the pages say."""
    organs, = _code_blocks("organer.md")[:1]
    cases, item = _code_blocks("sager.md")[:2]
    calendar, = _code_blocks("kalender.md")[:1]
    glossary, = _code_blocks("ordliste.md")[:1]
    agreement, = _code_blocks("aftaler.md")[:1]
    assert "beslutningsoverskrifter:" in organs and "godkendelser:" in agreement
    meeting = ("---\norgan: das\ndato: 2020-05-25\nstatus: referat\n" + item + "---\n\n"
               "## 4. Socialtilsyn Nords årsrapport 2019\n\n### Resumé\n\nÅrsrapporten "
               "forelægges.\n\n### Konklusion\n\nDAS tog årsrapporten til efterretning.\n")
    site = make_site(tmp_path / "site", {
        "data/organer.yaml": organs, "data/sager.yaml": cases, "data/kalender.yaml": calendar,
        "data/ordliste.yaml": glossary, "content/moeder/das/2020-05-25.md": meeting,
        "content/aftaler/nordjysk-socialaftale-2021-2022.md": agreement})
    output = tmp_path / "public"
    report = build_site(site, output)
    # no "punkt 4 har ingen beslutning": "### Konklusion" is DAS's decision heading
    assert report.warnings == [], [w.format() for w in report.warnings]

    def page(url: str) -> BeautifulSoup:
        return BeautifulSoup((output / url.strip("/") / "index.html").read_text("utf-8"),
                             "html.parser")

    body = page("/organer/das/")
    assert "Den Administrative Styregruppe på socialområdet" in body.get_text()
    assert body.find("a", href="/organer/kkr/") is not None  # overordnet: kkr
    minutes = page("/organer/das/2020-05-25/")
    assert "DAS tog årsrapporten til efterretning" in minutes.select_one(".decision").get_text()
    case = page("/sager/socialtilsyn-aarsrapport-2019/")
    assert "Hjørring Byråd" in case.get_text()
    assert case.find("a", href=re.compile(r"^/organer/das/2020-05-25/")) is not None
    year = page("/kalender/").get_text(" ")
    assert "Socialpolitisk Dialogforum 2020" in year and "Frist for rapporterne" in year
    assert "Central udmelding" in page("/ordliste/").get_text()
    approvals = page("/aftaler/nordjysk-socialaftale-2021-2022/").select_one("table")
    rows = [[c.get_text(" ", strip=True) for c in tr.find_all("td")]
            for tr in approvals.select("tbody tr")]
    # built on 2020-06-01: the first step is done, the next are planned, the last undated
    assert rows[0][2] == "Første udkast drøftet"
    assert [r[2] for r in rows[1:]] == ["Planlagt", "Planlagt", "Planlagt"]
    assert rows[-1][0] == "Ikke fastsat"
