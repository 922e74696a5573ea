"""E-mail subscriptions: what a subscriber can sign up for, and what is new since the last
sending.

    data/site.yaml          abonnement: where the sign-up form on /abonner/ posts
    data/abonnementer.yaml  the topics: which bodies and kinds, and the mailing list
                            address(es) `python build.py udsend` sends each topic to

No subscriber's address is ever in the repository or the site: people sign up with the
mailing list service (by the form or by mail), and udsend sends one mail per topic to the
list's own address. What is new is read from the *built* site (its open data and the
agreements' feed), so nothing the build left out (closed items' text, drafts, embargoed
documents) can reach a mail.
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .. import danish, urls
from ..content.coerce import Checker, parse_date
from ..content.schema_data import SITE, SUBSCRIPTION_KINDS, SUBSCRIPTION_TOPIC
from ..content.source import Located, SourceError, read_yaml_file
from ..outputs import netlify
from ..problems import Problems, SiteError

TOPICS_FILE = "abonnementer.yaml"
_ADDRESS = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")
ATOM = "{http://www.w3.org/2005/Atom}"


@dataclass(frozen=True)
class Topic:
    slug: str
    name: str
    bodies: tuple[str, ...]  # empty: every body
    kinds: tuple[str, ...]
    addresses: tuple[str, ...]
    join_address: str | None = None

    def wants(self, event: "Event") -> bool:
        return event.kind in self.kinds and (
            event.body is None or not self.bodies or event.body in self.bodies)


@dataclass(frozen=True)
class SignupForm:
    action: str | None  # where the form posts; None: no form, sign up by mail
    netlify: bool = False
    line: int | None = None


# Configuration -------------------------------------------------------------------------

def signup_form(site_root: Path) -> SignupForm:
    """data/site.yaml's `abonnement:` (the loader has checked and reported its values)."""
    path = site_root / "data" / "site.yaml"
    try:
        located = read_yaml_file(path)
    except (OSError, SourceError):
        return SignupForm(None)
    if not isinstance(located.value, dict) or "abonnement" not in located.value:
        return SignupForm(None)
    entry = located.value["abonnement"]
    quiet = Problems(site_root)
    values = Checker(quiet, path).mapping(entry, SITE.field("abonnement").schema,
                                          "abonnement.")
    line = entry.key_lines.get("formular", entry.line) if isinstance(entry.value, dict) \
        else entry.line
    if values.get("netlify_forms"):
        return SignupForm(urls.subscribe(), netlify=True, line=line)
    return SignupForm(values.get("formular"), line=line)


def check_form_target(site_root: Path, form: SignupForm, problems: Problems) -> None:
    """A form that posts elsewhere needs that origin under form-action in the CSP: the
    browser refuses to send it otherwise, and the reader is left with a dead button."""
    if not form.action or form.netlify:
        return
    origin = _origin(form.action)
    allowed = form_action_sources(site_root)
    if origin not in allowed and "*" not in allowed:
        problems.error(site_root / "data" / "site.yaml", form.line, "abonnement.formular",
                       f"netlify.toml tillader ikke formularer til {origin}; tilføj "
                       f"{origin} under form-action i Content-Security-Policy i netlify.toml")


def form_action_sources(site_root: Path) -> set[str]:
    """form-action of the CSP that Netlify sends for /abonner/: the site's own netlify.toml
    if it has one, else the project's."""
    own = site_root / "netlify.toml"
    config = netlify.load_config(own if own.is_file() else netlify.NETLIFY_TOML)
    policy = netlify.headers_for(config, urls.subscribe()).get("Content-Security-Policy", "")
    for directive in policy.split(";"):
        words = directive.split()
        if words and words[0] == "form-action":
            return {word.rstrip("/") for word in words[1:]}
    return {"*"}  # no form-action: the browser allows any target


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def load_topics(site_root: Path, bodies: set[str], problems: Problems) -> list[Topic]:
    """data/abonnementer.yaml (optional), checked: every problem goes to `problems`."""
    path = site_root / "data" / TOPICS_FILE
    if not path.is_file():
        return []
    try:
        located = read_yaml_file(path)
    except SourceError as exc:
        problems.error(path, exc.line, exc.field, exc.message)
        return []
    if located.value is None:
        return []
    if not isinstance(located.value, list):
        problems.error(path, located.line, None,
                       "forventede en liste af poster, der hver begynder med '- '")
        return []
    checker = Checker(problems, path)
    topics: list[Topic] = []
    seen: dict[str, int] = {}
    for entry in located.value:
        topic = _topic(checker, entry, bodies, seen)
        if topic:
            topics.append(topic)
    return topics


def _topic(checker: Checker, entry: Located, bodies: set[str],
           seen: dict[str, int]) -> Topic | None:
    values = checker.mapping(entry, SUBSCRIPTION_TOPIC)
    lines = entry.key_lines if isinstance(entry.value, dict) else {}
    errors = len(checker.problems.items)
    slug = values["kortnavn"]
    if slug and urls.slugify(slug) != slug:
        checker.error(lines.get("kortnavn", entry.line), "kortnavn",
                      f"'{slug}' skal skrives med små bogstaver, ae/oe/aa og bindestreger, "
                      f"fx '{urls.slugify(slug)}'")
    elif slug in seen:
        checker.error(lines.get("kortnavn", entry.line), "kortnavn",
                      f"emnet '{slug}' findes allerede (linje {seen[slug]})")
    elif slug:
        seen[slug] = entry.line
    for body in values["organer"]:
        if body not in bodies:
            checker.error(lines.get("organer", entry.line), "organer",
                          f"'{body}' er ikke et organ i data/organer.yaml")
    for kind in values["slags"]:
        if kind not in SUBSCRIPTION_KINDS:
            checker.error(lines.get("slags", entry.line), "slags", f"'{kind}' er ikke "
                          f"gyldig; vælg en af: {', '.join(SUBSCRIPTION_KINDS)}")
    join = values["tilmelding"]
    for name, address in [("adresser", a) for a in values["adresser"]] + (
            [("tilmelding", join)] if join else []):
        if not _ADDRESS.match(address):
            checker.error(lines.get(name, entry.line), name,
                          f"'{address}' er ikke en e-mailadresse som liste@example.org")
    if len(checker.problems.items) > errors or not slug:
        return None
    return Topic(slug, values["navn"] or slug, tuple(values["organer"]),
                 tuple(values["slags"]) or SUBSCRIPTION_KINDS, tuple(values["adresser"]),
                 join)


def topics_or_raise(site_root: Path, bodies: set[str]) -> list[Topic]:
    problems = Problems(site_root)
    topics = load_topics(site_root, bodies, problems)
    problems.raise_if_errors()
    return topics


# What the built site publishes -----------------------------------------------------------

@dataclass(frozen=True)
class Published:
    """The documents of a built site, as udsend compares them with its state."""

    meetings: dict[str, dict]  # web address -> the meeting's open data
    agreements: dict[str, dict]  # web address -> title, summary, updated
    bodies: dict[str, dict]  # slug -> the body's open data

    def facts(self) -> dict[str, dict]:
        """What is compared between sendings, per document address."""
        result = {url: {"status": m["meetingState"],
                        "approved": (m.get("minutesApproved") or {}).get("date")}
                  for url, m in self.meetings.items()}
        result.update({url: {"title": a["title"]} for url, a in self.agreements.items()})
        return result


def read_published(output: Path) -> Published:
    try:
        meetings = json.loads((output / "data" / "moeder.json").read_text("utf-8"))["data"]
        bodies = json.loads((output / "data" / "organer.json").read_text("utf-8"))["data"]
        feed = ET.parse(output / urls.feed("aftaler").lstrip("/")).getroot()
    except (OSError, ValueError, KeyError, ET.ParseError) as exc:
        raise UdsendError(f"det byggede site i {output} kan ikke læses ({exc}); byg det "
                          "med python build.py") from None
    agreements = {}
    for entry in feed.iter(ATOM + "entry"):
        link = entry.find(ATOM + "link")
        if link is None:
            continue
        agreements[link.get("href", "")] = {
            "title": entry.findtext(ATOM + "title", ""),
            "summary": entry.findtext(ATOM + "summary", ""),
            "updated": entry.findtext(ATOM + "updated", "")}
    return Published(
        meetings={m["web"]: m for m in meetings if m.get("web") and not m.get("cancelled")
                  and m.get("meetingState") in ("dagsorden", "referat")},
        agreements=agreements,
        bodies={b["slug"]: b for b in bodies})


class UdsendError(Exception):
    """udsend cannot go on; the message is Danish and says what to do."""


# What is new --------------------------------------------------------------------------

@dataclass(frozen=True)
class MailItem:
    number: str
    title: str
    url: str
    decision: str | None = None


@dataclass(frozen=True)
class Event:
    """One thing to tell subscribers: an agenda or minutes published, minutes approved, an
    agreement new or changed."""

    id: str
    kind: str  # dagsordener | referater | aftaler
    body: str | None
    title: str
    lead: str
    url: str
    items: tuple[MailItem, ...] = field(default=())
    summary: str = ""


def new_events(published: Published, before: dict[str, dict]) -> list[Event]:
    """Everything published now that was not in `before` (the facts of the last sending)."""
    events: list[Event] = []
    for url, meeting in sorted(published.meetings.items(), key=lambda i: (i[1]["date"], i[0])):
        old = before.get(url)
        status = meeting["meetingState"]
        approved = (meeting.get("minutesApproved") or {}).get("date")
        if status == "referat" and (old is None or old.get("status") != "referat"):
            events.append(_meeting_event(published, meeting, "referat", approved))
        elif old is None and status == "dagsorden":
            events.append(_meeting_event(published, meeting, "dagsorden", None))
        elif approved and old is not None and not old.get("approved"):
            events.append(_meeting_event(published, meeting, "godkendt", approved))
    for url, agreement in sorted(published.agreements.items()):
        old = before.get(url)
        if old is None or old.get("title") != agreement["title"]:
            events.append(Event(
                id=f"aftale:{url}:{agreement['title']}", kind="aftaler", body=None,
                title=agreement["title"],
                lead="En ny aftale er lagt på sitet." if old is None else
                f"Aftalen er ændret (før: {old.get('title')}).",
                url=url, summary=agreement["summary"]))
    return events


def _meeting_event(published: Published, meeting: dict, what: str,
                   approved: str | None) -> Event:
    slug = meeting["organization"][0].rstrip("/").rsplit("/", 1)[-1]
    body = published.bodies.get(slug, {})
    name = body.get("shortName") or body.get("name") or slug
    date = parse_date(meeting["date"])
    when = danish.long_date(date) if date else meeting["date"]
    approved_date = parse_date(approved) if approved else None
    approved_text = (f" Referatet blev godkendt den {danish.long_date(approved_date)}."
                     if approved_date else "")
    title, lead = {
        "dagsorden": (f"{name}: dagsorden til mødet den {when}",
                      "Dagsordenen er offentliggjort."),
        "referat": (f"{name}: referat fra mødet den {when}",
                    "Referatet er offentliggjort." + approved_text),
        "godkendt": (f"{name}: referatet fra mødet den {when} er godkendt",
                     approved_text.strip()),
    }[what]
    minutes = what != "dagsorden"
    items = tuple(MailItem(item["number"], item["name"], item["id"],
                           item.get("result") if minutes else None)
                  for item in meeting.get("agendaItem", []) if item.get("public"))
    return Event(id=f"{what}:{meeting['web']}", kind="referater" if minutes else "dagsordener",
                 body=slug, title=title, lead=lead, url=meeting["web"], items=items)
