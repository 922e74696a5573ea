"""One Danish e-mail per subscription topic: plain text and HTML from the Jinja templates
templates/mail/udsend.txt and udsend.html."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urlsplit

from .. import urls
from ..outputs.templating import make_environment
from .subscriptions import Event, Topic

NOUNS = {"dagsordener": "dagsordenen", "referater": "referatet", "aftaler": "aftalen"}


@dataclass(frozen=True)
class PlannedMail:
    id: str
    topic: str
    to: tuple[str, ...]
    subject: str
    message: str  # the whole message as sent (RFC 5322), so a resumed run sends the same


def mail_id(batch: int, topic: Topic, events: list[Event]) -> str:
    """Derived from what the mail says (and the sending it belongs to): the same mail has
    the same id, and so the same Message-ID, however often it is tried."""
    text = "\n".join([str(batch), topic.slug, *topic.addresses, *(e.id for e in events)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def render_mails(site_root: Path, site_name: str, base_url: str, sender: str, batch: int,
                 topics: list[Topic], events: list[Event],
                 now: dt.datetime | None = None) -> list[PlannedMail]:
    env = make_environment(site_root, {})
    env.autoescape = lambda name: bool(name) and name.endswith(".html")
    now = now or dt.datetime.now(dt.timezone.utc)
    host = urlsplit(base_url).hostname or "localhost"
    mails = []
    for topic in topics:
        chosen = [e for e in events if topic.wants(e)]
        if not chosen:
            continue
        identifier = mail_id(batch, topic, chosen)
        subject = (f"{site_name}: {chosen[0].title}" if len(chosen) == 1 else
                   f"{site_name}: {len(chosen)} nye dokumenter ({topic.name})")
        view = {
            "subject": subject, "topic": topic, "site_name": site_name,
            "heading": f"Nyt fra {site_name}",
            "intro": (f"Siden sidste e-mail om »{topic.name}« er der kommet "
                      + ("dette" if len(chosen) == 1 else f"{len(chosen)} nye dokumenter")
                      + " på sitet."),
            "events": [_view(e) for e in chosen],
            "subscribe_url": base_url + urls.subscribe(),
        }
        message = EmailMessage()
        message["From"] = sender
        message["To"] = ", ".join(topic.addresses)
        message["Subject"] = subject
        message["Date"] = format_datetime(now)
        message["Message-ID"] = f"<udsend-{identifier}@{host}>"
        message["Auto-Submitted"] = "auto-generated"
        # quoted-printable: 7-bit lines of at most 76 characters for any SMTP server
        message.set_content(env.get_template("mail/udsend.txt").render(view),
                            cte="quoted-printable")
        message.add_alternative(env.get_template("mail/udsend.html").render(view),
                                subtype="html", cte="quoted-printable")
        message["Content-Language"] = "da"
        mails.append(PlannedMail(identifier, topic.slug, topic.addresses, subject,
                                 message.as_string(policy=policy.SMTP)))
    return mails


def _view(event: Event) -> dict:
    return {"title": event.title, "lead": event.lead, "url": event.url,
            "summary": event.summary, "points": event.items,
            "noun": NOUNS[event.kind]}
