"""Issue 17: e-mail when new agendas and minutes are published.

`python build.py udsend` runs as a real process against a real SMTP server on 127.0.0.1
(aiosmtpd, with STARTTLS and login); the mails it receives are parsed and checked. The
server drops a second copy of a Message-ID it has accepted, as a mailing list server does.
"""
from __future__ import annotations

import email
import http.server
import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from bs4 import BeautifulSoup
from conftest import BUILD_DATE, ROOT, build_site, make_site

from site_builder.outputs import netlify
from site_builder.problems import SiteError

USER, PASSWORD = "udsend", "hemmelig-test"
SECRETS = ("Xyzzy-lukket", "Fortroligt-kladde", "Embargo-quux")

TOPICS = """
    - kortnavn: das
      navn: Den Administrative Styregruppe
      organer: [das]
      slags: [dagsordener, referater]
      adresser: [das@lister.example.org]
      tilmelding: das-join@lister.example.org
    - kortnavn: alt
      navn: Alt nyt
      adresser: [alt@lister.example.org]
    - kortnavn: aftaler
      navn: Aftaler
      slags: [aftaler]
      adresser: [aftaler@lister.example.org]
"""

OLD_MINUTES = """
    ---
    organ: das
    dato: 2020-03-09
    status: referat
    ---

    ## 1. Godkendelse af dagsorden

    ### Beslutning

    Godkendt.
"""

NEW_MEETING = """
    ---
    organ: das
    dato: 2020-08-17
    status: {status}
    {approved}
    punkter:
      2:
        lukket: ja
    ---

    ## 1. Ny takstmodel for botilbud

    ### Indstilling

    Det indstilles, at DAS godkender modellen.
    {decision}

    ## 2. Personsag om Xyzzy-lukket

    Teksten om Xyzzy-lukket.

    ## 3. Orientering om kapacitet

    Tekst.
"""

DRAFT = """
    ---
    organ: das
    dato: 2020-09-01
    status: dagsorden
    kladde: ja
    ---

    ## 1. Fortroligt-kladde punkt

    Tekst.
"""

EMBARGOED = """
    ---
    organ: das
    dato: 2020-09-14
    status: dagsorden
    offentlig_fra: 2030-01-01
    ---

    ## 1. Embargo-quux punkt

    Tekst.
"""

AGREEMENT = """
    ---
    titel: Testlands Socialaftale 2021-2022
    periode: 2021-2022
    status: høring
    resumé: Aftalen om samarbejdet i 2021 og 2022.
    ---

    ## Indledning

    Tekst.
"""


# The SMTP server ------------------------------------------------------------------------

class Inbox:
    """aiosmtpd handler: keeps each accepted mail once per Message-ID."""

    def __init__(self):
        self.mails: list[email.message.EmailMessage] = []
        self.raw_accepted = 0
        self.refuse = False
        self.on_data = None  # called with the number of mails accepted so far
        self.answered = threading.Event()  # set when a DATA command has been answered

    async def handle_DATA(self, server, session, envelope):
        try:
            return self._data(envelope)
        finally:
            self.answered.set()

    def _data(self, envelope):
        if self.on_data and self.on_data(len(self.mails)) == "refuse":
            return "451 4.3.0 Midlertidig fejl"
        if self.refuse:
            return "451 4.3.0 Midlertidig fejl i testserveren"
        self.raw_accepted += 1
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        for name in ("To", "Subject", "From", "Message-ID"):  # plain text, not header objects
            value = str(message[name])
            del message[name]
            message[name] = value
        if any(m["Message-ID"] == message["Message-ID"] for m in self.mails):
            return "250 2.0.0 Kopi af en kendt Message-ID kasseret"
        self.mails.append(message)
        return "250 2.0.0 OK"


def _authenticate(server, session, envelope, mechanism, auth_data):
    return AuthResult(success=auth_data.login == USER.encode()
                      and auth_data.password == PASSWORD.encode(), handled=False)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("tls")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem"),
                    "-subj", "/CN=127.0.0.1", "-addext",
                    "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                   check=True, capture_output=True)
    return folder


@pytest.fixture
def smtp(certificate):
    import ssl
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certificate / "cert.pem", certificate / "key.pem")
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port(),
                            tls_context=context, require_starttls=True,
                            authenticator=_authenticate, auth_require_tls=True)
    controller.start()
    inbox.port = controller.port
    inbox.environment = {
        "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(controller.port), "SMTP_USER": USER,
        "SMTP_PASSWORD": PASSWORD, "SMTP_FROM": "Sekretariatet <nyt@example.org>",
        "SSL_CERT_FILE": str(certificate / "cert.pem")}
    yield inbox
    controller.stop()


# Running udsend -------------------------------------------------------------------------

def _write(site: Path, name: str, text: str) -> None:
    path = site / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def _meeting(status: str, decision: bool = False, approved: bool = False) -> str:
    return NEW_MEETING.format(
        status=status,
        approved="godkendt:\n      dato: 2020-09-21" if approved else "",
        decision="\n    ### Beslutning\n\n    Modellen blev godkendt med en ændring."
        if decision else "")


@pytest.fixture
def site(tmp_path) -> Path:
    root = make_site(tmp_path / "site", {
        "data/abonnementer.yaml": TOPICS, "content/moeder/das/2020-03-09.md": OLD_MINUTES})
    return root


def udsend_process(site: Path, inbox: Inbox, *extra: str) -> subprocess.Popen:
    env = {**os.environ, **inbox.environment}
    return subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "udsend", "--site", str(site),
         "--dato", "2020-10-01", *extra], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def udsend(site: Path, inbox: Inbox, *extra: str) -> tuple[int, str, str]:
    process = udsend_process(site, inbox, *extra)
    out, err = process.communicate(timeout=120)
    return process.returncode, out, err


def _text(message) -> str:
    return message.get_body(("plain",)).get_content()


def _html(message) -> str:
    return message.get_body(("html",)).get_content()


def _state(site: Path) -> dict:
    return json.loads((site / ".udsend" / "udsend-tilstand.json").read_text("utf-8"))


# The mails ------------------------------------------------------------------------------

def test_agenda_minutes_and_approval_each_mailed_once_and_nothing_else(site, smtp):
    code, out, err = udsend(site, smtp)
    assert code == 0, err
    assert "Første kørsel" in out and smtp.mails == []  # the archive is not sent

    _write(site, "content/moeder/das/2020-08-17.md", _meeting("dagsorden"))
    _write(site, "content/moeder/das/2020-09-01.md", DRAFT)
    _write(site, "content/moeder/das/2020-09-14.md", EMBARGOED)
    code, out, err = udsend(site, smtp)
    assert code == 0, err
    assert "Sendt: 2 e-mails." in out
    by_list = {m["To"]: m for m in smtp.mails}
    assert set(by_list) == {"das@lister.example.org", "alt@lister.example.org"}
    agenda = by_list["das@lister.example.org"]
    assert agenda["Subject"] == "Testsekretariatet: DAS: dagsorden til mødet den 17. august 2020"
    assert agenda["From"] == "Sekretariatet <nyt@example.org>"
    text = _text(agenda)
    assert "Dagsordenen er offentliggjort." in text
    assert "1. Ny takstmodel for botilbud" in text and "3. Orientering om kapacitet" in text
    assert "https://test.example.org/organer/das/2020-08-17/#punkt-1" in text
    html = BeautifulSoup(_html(agenda), "html.parser")
    links = {a["href"] for a in html.find_all("a")}
    assert "https://test.example.org/organer/das/2020-08-17/" in links
    assert "https://test.example.org/organer/das/2020-08-17/#punkt-3" in links
    assert "Beslutning" not in text

    code, out, err = udsend(site, smtp)  # an unchanged rebuild
    assert code == 0, err
    assert "Intet nyt" in out and len(smtp.mails) == 2

    _write(site, "content/moeder/das/2020-08-17.md", _meeting("referat", decision=True))
    code, out, err = udsend(site, smtp)
    assert code == 0, err
    minutes = [m for m in smtp.mails[2:] if m["To"] == "das@lister.example.org"]
    assert len(smtp.mails) == 4 and len(minutes) == 1
    assert minutes[0]["Subject"].endswith("DAS: referat fra mødet den 17. august 2020")
    assert "Beslutning: Modellen blev godkendt med en ændring." in _text(minutes[0])
    decision = BeautifulSoup(_html(minutes[0]), "html.parser").select_one(".decision")
    assert "Modellen blev godkendt med en ændring." in decision.get_text()

    _write(site, "content/moeder/das/2020-08-17.md",
           _meeting("referat", decision=True, approved=True))
    _write(site, "content/aftaler/testlands-socialaftale-2021-2022.md", AGREEMENT)
    code, out, err = udsend(site, smtp)
    assert code == 0, err
    new = {m["To"]: m for m in smtp.mails[4:]}
    assert set(new) == {"das@lister.example.org", "alt@lister.example.org",
                        "aftaler@lister.example.org"}
    assert new["das@lister.example.org"]["Subject"].endswith(
        "referatet fra mødet den 17. august 2020 er godkendt")
    assert "godkendt den 21. september 2020" in _text(new["das@lister.example.org"])
    assert "Testlands Socialaftale 2021-2022 (høring)" in _text(new["aftaler@lister.example.org"])
    assert "Testlands Socialaftale" not in _text(new["das@lister.example.org"])
    assert "2 nye dokumenter" in new["alt@lister.example.org"]["Subject"]

    everything = "\n".join(m.as_string() + _text(m) + _html(m) for m in smtp.mails)
    for secret in SECRETS:
        assert secret not in everything
    assert "2. " not in "\n".join(_text(m) for m in smtp.mails)  # the closed item's number
    ids = [m["Message-ID"] for m in smtp.mails]
    assert len(set(ids)) == len(ids) == smtp.raw_accepted == 7
    assert _state(site)["outbox"] is None


def test_proev_shows_the_mails_and_sends_nothing(site, smtp):
    assert udsend(site, smtp)[0] == 0
    _write(site, "content/moeder/das/2020-08-17.md", _meeting("dagsorden"))
    before = _state(site)
    code, out, err = udsend(site, smtp, "--proev")
    assert code == 0, err
    assert "Til: das@lister.example.org" in out and "Ny takstmodel for botilbud" in out
    assert "Prøve: 2 e-mails ville blive sendt" in out
    assert smtp.mails == [] and _state(site) == before


def test_a_failing_build_sends_nothing(site, smtp):
    assert udsend(site, smtp)[0] == 0
    _write(site, "content/moeder/das/2020-08-17.md", _meeting("dagsorden"))
    _write(site, "content/moeder/das/2020-08-18.md", "---\norgan: das\ndto: 2020-08-18\n---\n")
    before = _state(site)
    code, out, err = udsend(site, smtp)
    assert code == 1 and "dto: ukendt nøgle" in err
    assert smtp.mails == [] and _state(site) == before


def test_a_refusing_smtp_server_gives_a_danish_error_and_the_next_run_sends(site, smtp):
    assert udsend(site, smtp)[0] == 0
    _write(site, "content/moeder/das/2020-08-17.md", _meeting("dagsorden"))
    smtp.refuse = True
    code, out, err = udsend(site, smtp)
    assert code == 1
    assert f"SMTP-serveren 127.0.0.1:{smtp.port} svarede 451" in err
    assert "2 e-mails er ikke sendt endnu og sendes, næste gang" in err
    assert "Traceback" not in err and smtp.mails == []
    smtp.refuse = False
    code, out, err = udsend(site, smtp)
    assert code == 0, err
    assert sorted(m["To"] for m in smtp.mails) == ["alt@lister.example.org",
                                                    "das@lister.example.org"]
    assert smtp.raw_accepted == 2
    assert "Intet nyt" in udsend(site, smtp)[1] and len(smtp.mails) == 2


def test_an_unreachable_server_and_a_wrong_password(site, smtp):
    assert udsend(site, smtp)[0] == 0
    _write(site, "content/moeder/das/2020-08-17.md", _meeting("dagsorden"))
    smtp.environment["SMTP_PORT"] = str(_free_port())
    code, out, err = udsend(site, smtp)
    assert code == 1 and "kunne ikke nås" in err and "Traceback" not in err
    smtp.environment.update(SMTP_PORT=str(smtp.port), SMTP_PASSWORD="forkert")
    code, out, err = udsend(site, smtp)
    assert code == 1 and "svarede 535" in err
    smtp.environment["SMTP_PASSWORD"] = PASSWORD
    assert udsend(site, smtp)[0] == 0 and len(smtp.mails) == 2


@pytest.mark.parametrize("moment", ["before-acceptance", "after-acceptance", "between-mails"])
def test_exactly_once_across_kill_9(site, smtp, moment):
    """The process is killed with SIGKILL at a moment of the SMTP conversation; the next run
    sends what is missing, and every mail arrives once."""
    assert udsend(site, smtp)[0] == 0
    _write(site, "content/moeder/das/2020-08-17.md", _meeting("dagsorden"))
    process = udsend_process(site, smtp)
    killed = []

    def kill(accepted: int):
        if killed:
            return None
        if moment == "between-mails" and accepted == 0:
            return None  # the first mail goes through; kill during the second
        killed.append(accepted)
        smtp.answered.clear()
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        return "refuse" if moment == "before-acceptance" else None
    smtp.on_data = kill
    process.communicate(timeout=120)
    assert process.returncode == -signal.SIGKILL and killed
    assert smtp.answered.wait(10)  # the server has finished with the killed run's mail
    smtp.on_data = None
    received_before = len(smtp.mails)
    assert received_before == {"before-acceptance": 0, "after-acceptance": 1,
                               "between-mails": 2}[moment]
    outbox = _state(site)["outbox"]
    assert [m["status"] for m in outbox["mails"]].count("pending") == 1

    code, out, err = udsend(site, smtp)
    assert code == 0, err
    assert sorted(m["To"] for m in smtp.mails) == ["alt@lister.example.org",
                                                    "das@lister.example.org"]
    ids = [m["Message-ID"] for m in smtp.mails]
    assert len(set(ids)) == 2
    # Only when the server had accepted the mail the killed run was sending does the resumed
    # run hand it over again: with the same Message-ID, and the list keeps one copy.
    assert smtp.raw_accepted == (2 if moment == "before-acceptance" else 3)
    assert "Intet nyt" in udsend(site, smtp)[1] and len(smtp.mails) == 2


# The HTML mail --------------------------------------------------------------------------

@pytest.fixture
def html_mail(site, smtp) -> str:
    assert udsend(site, smtp)[0] == 0
    _write(site, "content/moeder/das/2020-08-17.md", _meeting("referat", decision=True))
    _write(site, "content/aftaler/testlands-socialaftale-2021-2022.md", AGREEMENT)
    assert udsend(site, smtp)[0] == 0
    return _html(next(m for m in smtp.mails if m["To"] == "alt@lister.example.org"))


def test_the_html_mail_is_valid_html(html_mail, tmp_path):
    from test_html_valid import run_vnu
    (tmp_path / "mail").mkdir()
    (tmp_path / "mail" / "mail.html").write_text(html_mail, encoding="utf-8")
    messages = run_vnu(tmp_path / "mail")
    assert [m for m in messages if m.get("type") in ("error", "non-document-error")] == []


def test_the_html_mail_passes_axe(html_mail, browser):
    from system_deps import node_modules
    from test_accessibility import AXE_TAGS, RUN_AXE, new_page
    for width in (1280, 360):
        page, problems = new_page(browser, width)
        page.set_content(html_mail)
        page.add_script_tag(path=str(node_modules() / "axe-core" / "axe.min.js"))
        violations = page.evaluate(RUN_AXE, AXE_TAGS)
        page.context.close()
        assert violations == [], violations
        assert "Beslutning" in html_mail and "Testlands Socialaftale" in html_mail


# /abonner/ ------------------------------------------------------------------------------

def test_the_bundled_page_says_how_to_subscribe_by_mail(bundled_site):
    page = BeautifulSoup((bundled_site / "abonner" / "index.html").read_text("utf-8"),
                         "html.parser")
    assert page.select_one("form.subscribe-form") is None
    section = page.find(id="e-mail")
    mailtos = [a["href"] for a in page.select('a[href^="mailto:"]')]
    assert section is not None and "das-join@lister.example.org" in " ".join(mailtos)


def test_no_address_but_the_lists_own_in_the_built_site(bundled_site):
    import re
    address = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
    allowed = set(address.findall((ROOT / "data" / "abonnementer.yaml").read_text("utf-8")))
    found = set()
    for path in bundled_site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".txt"):  # not .ics: UIDs
            found |= set(address.findall(path.read_text("utf-8", "replace")))
    assert found and found <= allowed, found - allowed


class _Recorder(http.server.BaseHTTPRequestHandler):
    posts: list[str] = []

    def do_POST(self):
        _Recorder.posts.append(self.rfile.read(int(self.headers["Content-Length"])).decode())
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(b"<!doctype html><title>ok</title><p>Tak</p>")

    def log_message(self, *args):
        pass


def _form_site(tmp_path, target: str, form_action: str) -> Path:
    site = make_site(tmp_path / "site", {"data/abonnementer.yaml": TOPICS})
    yaml = (site / "data" / "site.yaml").read_text("utf-8")
    (site / "data" / "site.yaml").write_text(
        yaml + f"abonnement:\n  formular: {target}\n", "utf-8")
    toml = netlify.NETLIFY_TOML.read_text("utf-8").replace(
        "form-action 'self'", f"form-action {form_action}")
    (site / "netlify.toml").write_text(toml, "utf-8")
    return site


def test_the_form_posts_to_the_configured_target_under_the_csp(tmp_path, browser):
    from browser_site import Handler, serve
    receiver = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    target = f"http://127.0.0.1:{receiver.server_address[1]}/tilmeld"
    site = _form_site(tmp_path, target, f"'self' http://127.0.0.1:{receiver.server_address[1]}")
    build_site(site)
    policy = netlify.headers_for(netlify.load_config(site / "netlify.toml"), "/abonner/")[
        "Content-Security-Policy"]

    class Strict(Handler):
        def end_headers(self):
            self.send_header("Content-Security-Policy", policy)
            http.server.SimpleHTTPRequestHandler.end_headers(self)

    _Recorder.posts = []
    try:
        with serve(site / "public", Strict) as base:
            context = browser.new_context()
            page = context.new_page()
            blocked = []
            page.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text
                    else None)
            page.goto(base + "/abonner/")
            page.get_by_label("Din e-mailadresse").fill("laeser@example.net")
            page.get_by_label("KKR Testland").uncheck()
            page.get_by_label("Aftaler").uncheck()
            with page.expect_navigation():
                page.get_by_role("button", name="Tilmeld mig").click()
            context.close()
    finally:
        receiver.shutdown()
    assert blocked == []
    assert len(_Recorder.posts) == 1
    fields = _Recorder.posts[0].split("&")
    assert "organ=das" in fields and "organ=kkr" not in fields
    assert {"slags=dagsordener", "slags=referater"} <= set(fields)
    assert "slags=aftaler" not in fields and fields[0].startswith("email=")
    assert "example.net" not in "".join(
        p.read_text("utf-8", "replace") for p in (site / "public").rglob("*.html"))


def test_the_form_page_is_valid_and_accessible(tmp_path, browser):
    from browser_site import serve
    from system_deps import node_modules
    from test_accessibility import AXE_TAGS, RUN_AXE, new_page
    from test_html_valid import run_vnu
    site = _form_site(tmp_path, "https://lister.example.org/tilmeld",
                      "'self' https://lister.example.org")
    build_site(site)
    html = (site / "public" / "abonner" / "index.html").read_text("utf-8")
    form = BeautifulSoup(html, "html.parser").select_one("form.subscribe-form")
    assert form["action"] == "https://lister.example.org/tilmeld" and form["method"] == "post"
    assert run_vnu(site / "public" / "abonner") == []
    with serve(site / "public") as base:
        page, problems = new_page(browser, 360, bypass_csp=True)
        page.goto(base + "/abonner/")
        page.add_script_tag(path=str(node_modules() / "axe-core" / "axe.min.js"))
        violations = page.evaluate(RUN_AXE, AXE_TAGS)
        page.context.close()
    assert violations == [] and problems == []


def test_netlify_forms_post_to_the_page_itself(tmp_path):
    site = make_site(tmp_path / "site", {})
    yaml = (site / "data" / "site.yaml").read_text("utf-8")
    (site / "data" / "site.yaml").write_text(yaml + "abonnement:\n  netlify_forms: ja\n",
                                             "utf-8")
    build_site(site)
    form = BeautifulSoup((site / "public" / "abonner" / "index.html").read_text("utf-8"),
                         "html.parser").select_one("form.subscribe-form")
    assert form["data-netlify"] == "true" and form["name"] == "abonnement"
    assert not form.get("action")  # posted to /abonner/ itself: form-action 'self'
    assert [i["name"] for i in form.select("input")][:1] == ["email"]


def test_a_target_the_csp_forbids_stops_the_build(tmp_path):
    site = _form_site(tmp_path, "https://lister.example.org/tilmeld", "'self'")
    with pytest.raises(SiteError) as caught:
        build_site(site)
    assert [p.format() for p in caught.value.problems] == [
        "data/site.yaml:8: abonnement.formular: netlify.toml tillader ikke formularer til "
        "https://lister.example.org; tilføj https://lister.example.org under form-action i "
        "Content-Security-Policy i netlify.toml"]


def test_bad_topics_are_reported_at_their_lines(tmp_path):
    site = make_site(tmp_path / "site", {"data/abonnementer.yaml": """
        - kortnavn: das
          navn: DAS
          organer: [dsa]
          slags: [nyheder]
          adresser: [ikke-en-adresse]
    """})
    with pytest.raises(SiteError) as caught:
        build_site(site)
    assert [p.format() for p in caught.value.problems] == [
        "data/abonnementer.yaml:3: organer: 'dsa' er ikke et organ i data/organer.yaml",
        "data/abonnementer.yaml:4: slags: 'nyheder' er ikke gyldig; vælg en af: "
        "dagsordener, referater, aftaler",
        "data/abonnementer.yaml:5: adresser: 'ikke-en-adresse' er ikke en e-mailadresse som "
        "liste@example.org"]
