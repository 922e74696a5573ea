"""Raw HTML in Markdown is sanitised and front-matter values are escaped everywhere: the
site cannot be defaced through its own content. Checked on real built output (every HTML
file), and in a real Chromium with the strict CSP for the pages that show hostile values."""
from __future__ import annotations

import re
import textwrap
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import sync_playwright

from browser_site import serve
from conftest import build_site, make_site
from system_deps import CHROMIUM_ARGS, chromium

MEETING_URL = "organer/das/2020-05-25/index.html"

WORD_PASTE = """
<table class="MsoTableGrid" border="1" cellspacing="0" style="border-collapse:collapse;border:none">
<tr style="height:20pt"><td width="200" valign="top" style="width:150pt;padding:0cm 5pt"><p class="MsoNormal"><b><span style="font-size:10.0pt;font-family:Arial">Kommune</span></b><o:p></o:p></p></td><td valign="top" style="width:80pt"><p class="MsoNormal"><b>Pladser</b><o:p></o:p></p></td></tr>
<tr><td style="width:150pt"><p class="MsoNormal">Aalborg Kommune<o:p></o:p></p></td><td><p class="MsoNormal" align="right" style="text-align:right">112<o:p></o:p></p></td></tr>
<tr><td colspan="2" style="background:yellow"><table><tr><td>Indre tabel fra Word</td></tr></table></td></tr>
</table>

<ul style="margin-top:0cm" type="disc">
<li class="MsoNormal" style="mso-list:l0 level1 lfo1;color:red">Første punkt fra Word</li>
<li class="MsoNormal">Andet punkt<ol start="3" style="x"><li>Underpunkt tre</li></ol></li>
</ul>

<!--[if !supportLists]--><p class="MsoListParagraph" style="text-indent:-18pt"><span style="mso-list:Ignore">1.<span style="font:7.0pt">&nbsp;</span></span>Wordliste som afsnit</p><!--[endif]-->

<style>p.MsoNormal{margin:0cm;color:red}</style>
"""

HOSTILE_BODY = """
<script>window.__pwned = "script"</script>

<p onclick="window.__pwned='onclick'" style="color:red" onmouseover="x()">Afsnit med handlere</p>

<iframe src="https://evil.example/"></iframe>

<img src=x onerror="window.__pwned='img'">

<svg onload="window.__pwned='svg'"><circle r="1"/></svg>

<object data="x.swf"></object><embed src="x.swf"><base href="https://evil.example/">

<meta http-equiv="refresh" content="0;url=https://evil.example/"><link rel="stylesheet" href="https://evil.example/x.css">

<form action="https://evil.example/"><input name="a"><button formaction="javascript:alert(1)">Send</button></form>

<a href="javascript:window.__pwned='a'">rå javascript</a>
<a href="&#x6A;avascript:alert(1)">kodet javascript</a>
<a href=" JaVaScRiPt:alert(1)">blandet javascript</a>
<a href="jav&#x09;ascript:alert(1)">tab javascript</a>
<a href="https://example.org/ok" title="fint" target="_blank" onclick="x()">godt link</a>

[md javascript](javascript:window.__pwned='md')
[md store bogstaver](JAVASCRIPT:alert(1))
[md kodet](&#106;avascript:alert(1))
[md data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
[md vbscript](vbscript:msgbox(1))
[md fil](file:///etc/passwd)
<javascript:alert(1)>
[md godt](https://example.org/)
"""


MEETING = textwrap.dedent("""\
    ---
    organ: das
    dato: 2020-05-25
    titel: <script>window.__pwned="titel"</script>Møde med <b>fed</b> titel
    tid: 9.00
    sted: <img src=x onerror=alert(1)>
    status: referat
    deltagere:
      - navn: <b onmouseover=window.__pwned=3>Anne</b>
        organisation: '"><svg onload=window.__pwned=4>'
        rolle: </li><script>window.__pwned=5</script>
    afbud:
      - navn: Bo
        stedfortræder: <iframe src=//evil.example></iframe>
    referent:
      - '</p><script>window.__pwned=6</script>'
    sagsnr: 2020-1<script>window.__pwned=7</script>
    punkter:
      1:
        bilag:
          - titel: <img src=x onerror=window.__pwned=8>
            url: https://example.org/bilag.pdf
    ---

    ## 1. <script>window.__pwned="punkt"</script> Punkt med <i>kursiv</i>

    ### <img src=x onerror=window.__pwned=9>

    {hostile}

    ## 2. Word

    ### Sagsfremstilling

    {word}
    """)


def _hostile_site(root: Path) -> Path:
    return make_site(root, {
        "content/moeder/das/2020-05-25.md": MEETING.format(hostile=HOSTILE_BODY,
                                                           word=WORD_PASTE),
        "content/aftaler/aftale-2021.md": """
            ---
            titel: <script>window.__pwned="aftale"</script>Aftale
            periode: 2021
            status: udkast
            resumé: <img src=x onerror=window.__pwned=10>
            dele:
              - <svg onload=window.__pwned=11>
            godkendelser:
              - instans: <b onclick=window.__pwned=12>Byrådene</b>
                dato: 2020-09-14
            ---
            ## <script>window.__pwned=13</script> Del

            Tekst <a href="javascript:alert(1)">link</a>.
            """,
        "content/sider/om.md": """
            ---
            titel: <script>window.__pwned="side"</script>Om sitet
            beskrivelse: '"><script>window.__pwned=14</script><meta x="'
            ---
            ## <img src=x onerror=window.__pwned=15>

            Tekst.
            """,
    })


@pytest.fixture(scope="module")
def hostile_output(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    site = _hostile_site(root / "site")
    output = root / "public"
    build_site(site, output)
    return output


def _soup(folder: Path, relative: str) -> BeautifulSoup:
    return BeautifulSoup((folder / relative).read_text(encoding="utf-8"), "html.parser")


_BAD_SCHEME = re.compile(r"^(javascript|vbscript|data|file):", re.IGNORECASE)
_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "srcset", "data",
                   "poster", "background")


def _own_link(tag) -> bool:
    """The site's own <link>s: its style sheet from /assets/, a preload of its own files,
    canonical and feed addresses."""
    rel, href = set(tag.get("rel") or []), tag.get("href", "")
    if rel == {"stylesheet"}:
        return href.startswith("/assets/")
    if rel == {"preload"}:
        return re.match(r"^/(?!/)", href) is not None
    return bool(rel) and rel <= {"canonical", "alternate", "icon", "manifest", "search"} \
        and re.match(r"^(/|https?://)", href) is not None


def unsafe_markup(folder: Path) -> list[str]:
    """Everything in the built HTML that a strict site must not contain."""
    found = []
    for path in sorted(folder.rglob("*.html")):
        name = path.relative_to(folder).as_posix()
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(True):
            if tag.name in ("iframe", "frame", "object", "embed", "base", "img", "svg",
                            "math", "style"):
                found.append(f"{name}: <{tag.name}>")
            if tag.name == "link" and not _own_link(tag):
                found.append(f"{name}: <link {tag.attrs}>")
            if tag.name == "script" and (tag.string or "").strip() or \
                    tag.name == "script" and not tag.get("src", "").startswith("/assets/"):
                found.append(f"{name}: inline <script>")
            if tag.name == "meta" and tag.get("http-equiv"):
                found.append(f"{name}: <meta http-equiv>")
            for attribute, value in tag.attrs.items():
                if attribute.lower().startswith("on"):
                    found.append(f"{name}: {tag.name} {attribute}=")
                if attribute.lower() == "style":
                    found.append(f"{name}: {tag.name} style=")
                if attribute.lower() in _URL_ATTRIBUTES:
                    url = re.sub(r"[\x00-\x20]", "", unquote(str(value)))
                    if _BAD_SCHEME.match(url):
                        found.append(f"{name}: {tag.name} {attribute}={value}")
    return found


def test_nothing_unsafe_reaches_any_page(hostile_output):
    pages = list(hostile_output.rglob("*.html"))
    assert len(pages) > 5
    assert unsafe_markup(hostile_output) == []


def test_the_checker_finds_unsafe_markup(tmp_path):
    """unsafe_markup() must be able to fail."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<p style="x" onclick="y"><a href=" java\tscript:alert(1)">a</a><img src=x>'
        '<script>1</script><iframe></iframe></p>'
        '<link rel="stylesheet" href="https://evil.example/x.css">'
        '<link rel="preload" href="//evil.example/x.json" as="fetch">'
        '<link rel="preload" href="/soeg/indeks.json" as="fetch">', encoding="utf-8")
    assert len(unsafe_markup(tmp_path)) == 8


def test_bundled_site_has_no_unsafe_markup(bundled_site):
    assert unsafe_markup(bundled_site) == []


def test_word_tables_and_lists_survive_without_their_styles(hostile_output):
    soup = _soup(hostile_output, MEETING_URL)
    cells = [td.get_text(" ", strip=True) for td in soup.select(".prose table td")]
    assert ["Kommune", "Pladser", "Aalborg Kommune", "112"] == cells[:4]
    assert "Indre tabel fra Word" in cells
    assert soup.find("td", colspan="2") is not None  # structure is kept
    wrappers = soup.select("div.tabel")
    assert all(w.parent.name != "td" for w in wrappers)  # the inner table stays inside
    items = [li.get_text(" ", strip=True) for li in soup.select(".prose li")]
    assert "Første punkt fra Word" in items and "Underpunkt tre" in items
    assert soup.find("ol", start="3") is not None
    assert "Wordliste som afsnit" in soup.get_text()
    text = (hostile_output / MEETING_URL).read_text(encoding="utf-8")
    for word_noise in ("MsoNormal", "mso-list", "<o:p", "font-family", "[if !supportLists]",
                       "margin:0cm"):
        assert word_noise not in text


def test_links_keep_safe_addresses_and_lose_dangerous_ones(hostile_output):
    soup = _soup(hostile_output, MEETING_URL)
    links = {a.get_text(strip=True): a.get("href") for a in soup.select(".prose a")}
    assert links["godt link"] == "https://example.org/ok"
    assert links["md godt"] == "https://example.org/"
    for text in ("rå javascript", "kodet javascript", "blandet javascript", "tab javascript",
                 "md javascript", "md store bogstaver", "md kodet", "md data", "md vbscript",
                 "md fil"):
        assert links[text] is None, (text, links[text])  # the text stays, the link goes
    good = soup.find("a", string="godt link")
    assert set(good.attrs) == {"href", "title"}


@pytest.mark.parametrize("url,shown", [
    (MEETING_URL, ['<script>window.__pwned="titel"</script>Møde med <b>fed</b> titel',
                   "<img src=x onerror=alert(1)>", "<b onmouseover=window.__pwned=3>Anne</b>",
                   '"><svg onload=window.__pwned=4>', "</li><script>window.__pwned=5</script>",
                   "<iframe src=//evil.example></iframe>",
                   "</p><script>window.__pwned=6</script>",
                   "2020-1<script>window.__pwned=7</script>",
                   "<img src=x onerror=window.__pwned=8>",
                   '<script>window.__pwned="punkt"</script> Punkt med <i>kursiv</i>',
                   "<img src=x onerror=window.__pwned=9>"]),
    ("aftaler/aftale-2021/index.html",
     ['<script>window.__pwned="aftale"</script>Aftale', "<img src=x onerror=window.__pwned=10>",
      "<svg onload=window.__pwned=11>", "<b onclick=window.__pwned=12>Byrådene</b>",
      "<script>window.__pwned=13</script> Del"]),
    ("om/index.html", ['<script>window.__pwned="side"</script>Om sitet',
                       "<img src=x onerror=window.__pwned=15>"]),
])
def test_front_matter_values_and_titles_appear_as_text(hostile_output, url, shown):
    soup = _soup(hostile_output, url)
    text = soup.get_text()
    for value in shown:
        assert value in text, value


def test_values_in_attributes_and_lists_are_escaped(hostile_output):
    page = _soup(hostile_output, "om/index.html")
    assert page.select_one(".lead").get_text() == \
        '"><script>window.__pwned=14</script><meta x="'
    for meta in page.find_all("meta"):
        assert "__pwned" not in str(meta.get("content", "")) or "<" not in str(meta)
    assert '<script>window.__pwned="side"</script>Om sitet' in page.title.get_text()
    for listing in ("index.html", "organer/das/index.html", "aftaler/index.html"):
        soup = _soup(hostile_output, listing)
        assert soup.find("script", src=False) is None
        assert soup.find(attrs={"onerror": True}) is None


def test_hostile_pages_run_no_script_in_a_browser(hostile_output):
    """The real proof: Chromium, strict CSP, every hostile page; nothing runs, no dialog."""
    dialogs: list[str] = []
    with sync_playwright() as playwright, serve(hostile_output) as base:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            for url in ("/organer/das/2020-05-25/", "/aftaler/aftale-2021/", "/om/", "/",
                        "/organer/das/", "/soeg/?q=punkt"):
                page.goto(base + url)
                page.wait_for_load_state("load")
                page.mouse.move(200, 300)
                for link in page.locator("main a:not([href])").all()[:20]:
                    link.click()
                assert page.evaluate("window.__pwned") is None, url
                assert page.url.startswith(base), url
        finally:
            browser.close()
    assert dialogs == []
