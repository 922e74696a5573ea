"""`python build.py udsend [--proev] [--tilstand FIL]`: build the site, then e-mail what is
new since the last sending to each subscription topic's mailing list.

    1. build (a build that fails sends nothing)
    2. finish the outbox a killed or failed run left (mail/send.py)
    3. compare the built site's open data and agreements' feed with the state's facts
       (mail/subscriptions.py); on the very first run only record them
    4. render one mail per topic (mail/render.py), put them in the outbox, send them
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from ..content.source import read_yaml_file
from .render import render_mails
from .send import (STATE_VERSION, Connect, SmtpSettings, connect, load_state, save_state,
                   send_outbox, state_lock)
from .subscriptions import UdsendError, new_events, read_published, topics_or_raise

STATE_NAME = "udsend-tilstand.json"
PREVIEW_SENDER = "afsender@example.org"


def default_state_path(site_root: Path) -> Path:
    return site_root / ".udsend" / STATE_NAME


@dataclass
class UdsendReport:
    lines: list[str] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)  # --proev: the mails as they would go
    sent: int = 0


def udsend(site_root: Path, output: Path, state_path: Path, try_only: bool = False,
           environ: Mapping[str, str] | None = None,
           connect_to: Connect = connect) -> UdsendReport:
    """Runs after a successful build of `output`."""
    environ = os.environ if environ is None else environ
    report = UdsendReport()

    def settings() -> SmtpSettings:  # asked for only when there is something to send
        return SmtpSettings.from_environment(environ)
    with state_lock(state_path):
        state = load_state(state_path)
        before = state["facts"] if state else {}
        if state and state.get("outbox"):
            before = state["outbox"]["facts"]
            if try_only:
                _show(report, state["outbox"]["mails"], "fra en afbrudt udsendelse")
            else:
                report.sent += len(send_outbox(state, state_path, settings(), connect_to))
                state["facts"], state["outbox"] = state["outbox"]["facts"], None
                save_state(state_path, state)
        published = read_published(output)
        facts = published.facts()
        if state is None:
            if not try_only:
                save_state(state_path, {"version": STATE_VERSION, "batch": 0, "facts": facts,
                                        "outbox": None})
            report.lines.append(
                f"Prøve: første kørsel; {len(facts)} dokumenter på sitet ville blive "
                "registreret, og intet sendt." if try_only else
                f"Første kørsel: {len(facts)} dokumenter på sitet er registreret i "
                f"{state_path}; intet er sendt. Fremover sendes det, der kommer til.")
            return report
        events = new_events(published, before)
        topics = topics_or_raise(site_root, set(published.bodies))
        batch = state.get("batch", 0) + 1
        sender = settings().sender if events and not try_only else \
            environ.get("SMTP_FROM") or PREVIEW_SENDER
        name, base_url = _site_info(site_root)
        mails = render_mails(site_root, name, base_url, sender, batch, topics, events)
        if try_only:
            _show(report, [_as_dict(m) for m in mails], "nye")
            report.lines.append(f"Prøve: {len(mails)} e-mail{'' if len(mails) == 1 else 's'} "
                                f"ville blive sendt ({len(events)} nye dokumenter); intet "
                                "er sendt, og tilstanden er uændret.")
            return report
        if not mails:
            state["facts"] = facts
            save_state(state_path, state)
            report.lines.append("Intet nyt at sende siden sidste udsendelse."
                                if not events else
                                f"{len(events)} nye dokumenter, men intet emne i "
                                "data/abonnementer.yaml omfatter dem; intet er sendt.")
            return report
        state["batch"] = batch
        state["outbox"] = {"batch": batch, "facts": facts,
                           "mails": [_as_dict(m) for m in mails]}
        save_state(state_path, state)
        report.sent += len(send_outbox(state, state_path, settings(), connect_to))
        state["facts"], state["outbox"] = facts, None
        save_state(state_path, state)
    report.lines.append(f"Sendt: {report.sent} e-mail{'' if report.sent == 1 else 's'}.")
    return report


def _as_dict(mail) -> dict:
    return {"id": mail.id, "topic": mail.topic, "to": list(mail.to), "subject": mail.subject,
            "message": mail.message, "status": "planned", "reply": None}


def _show(report: UdsendReport, mails: list[dict], what: str) -> None:
    from email import message_from_string, policy
    for mail in mails:
        message = message_from_string(mail["message"], policy=policy.default)
        text = message.get_body(("plain",))
        report.shown.append(
            f"--- e-mail ({what}) ---\nTil: {', '.join(mail['to'])}\n"
            f"Emne: {mail['subject']}\nMessage-ID: {message['Message-ID']}\n\n"
            + (text.get_content() if text else ""))


def _site_info(site_root: Path) -> tuple[str, str]:
    """data/site.yaml's name and base_url (the build has checked them)."""
    located = read_yaml_file(site_root / "data" / "site.yaml")
    return (str(located.value["navn"].value).strip(),
            str(located.value["base_url"].value).strip().rstrip("/"))
