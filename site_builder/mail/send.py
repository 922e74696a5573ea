"""Sending the planned mails over SMTP exactly once, across failures and kill -9.

The state file (JSON, replaced atomically: written to a temporary file, flushed to disk,
then renamed over the old one) holds the facts of the last finished sending and, while a
sending is under way, its *outbox*: every planned mail, whole, with its status:

    planned  not tried yet
    pending  written to the file BEFORE the SMTP transaction starts
    sent     written AFTER the server accepted it (its reply is kept)

A resumed run sends the outbox's mails that are not `sent`, byte for byte as planned, and
only then looks for anything newer. A `planned` mail was never tried, and a mail the
server refused with an SMTP reply was not accepted: both are sent. A `pending` mail is the
one case that cannot be known: the process died between handing the mail over and writing
down the server's reply. It is sent again with the same Message-ID (derived from the
mail's content, mail_render.mail_id), which mailing list servers use to drop a copy they
have already received (Mailman does); a mail is never skipped.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import smtplib
import socket
import ssl
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

from .subscriptions import UdsendError

STATE_VERSION = 1


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    user: str | None
    password: str | None
    sender: str

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> "SmtpSettings":
        missing = [name for name in ("SMTP_HOST", "SMTP_FROM") if not environ.get(name)]
        if missing:
            raise UdsendError(f"miljøvariablen {' og '.join(missing)} mangler; sæt SMTP_HOST, "
                              "SMTP_PORT, SMTP_USER, SMTP_PASSWORD og SMTP_FROM (se "
                              "docs/abonnementer.md), eller brug --proev")
        port_text = environ.get("SMTP_PORT") or "587"
        if not port_text.isdigit():
            raise UdsendError(f"SMTP_PORT: '{port_text}' er ikke et portnummer som 587")
        return cls(environ["SMTP_HOST"], int(port_text), environ.get("SMTP_USER") or None,
                   environ.get("SMTP_PASSWORD") or None, environ["SMTP_FROM"])


# The state file -----------------------------------------------------------------------

def load_state(path: Path) -> dict | None:
    """The state, or None before the first run."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UdsendError(f"{path} kan ikke læses ({exc.strerror})") from None
    try:
        state = json.loads(text)
    except ValueError:
        state = None
    if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
        raise UdsendError(f"{path} er ikke en tilstandsfil fra udsend; ret eller slet den "
                          "(slettes den, sendes der intet ved næste kørsel, men alt "
                          "registreres forfra)")
    return state


def save_state(path: Path, state: dict) -> None:
    """Atomically: a reader (or a resumed run after kill -9) sees the old or the new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(state, stream, ensure_ascii=False, indent=1, sort_keys=True)
            stream.write("\n")
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError):
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


@contextlib.contextmanager
def state_lock(path: Path):
    """One udsend at a time per state file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".laas"), "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise UdsendError(f"en anden udsend kører allerede med {path}; vent, til den er "
                              "færdig") from None
        yield


# Sending ------------------------------------------------------------------------------

Connect = Callable[[SmtpSettings], smtplib.SMTP]


def connect(settings: SmtpSettings) -> smtplib.SMTP:
    """SMTP with STARTTLS (required; the certificate is checked) and login if a user is set."""
    smtp = smtplib.SMTP(settings.host, settings.port, timeout=60)
    try:
        smtp.ehlo()
        if not smtp.has_extn("starttls"):
            raise UdsendError(f"SMTP-serveren {settings.host}:{settings.port} tilbyder ikke "
                              "STARTTLS; udsend sender ikke uden kryptering")
        smtp.starttls(context=ssl.create_default_context())
        smtp.ehlo()
        if settings.user:
            _login(smtp, settings)
    except BaseException:
        with contextlib.suppress(Exception):
            smtp.close()
        raise
    return smtp


def _login(smtp: smtplib.SMTP, settings: SmtpSettings) -> None:
    """AUTH PLAIN where offered (one attempt: a wrong password is one clear refusal, not a
    walk through every mechanism), else whatever smtplib finds."""
    smtp.user, smtp.password = settings.user, settings.password or ""
    if "plain" in smtp.esmtp_features.get("auth", "").lower().split():
        code, reply = smtp.auth("PLAIN", smtp.auth_plain)
        if code not in (235, 503):
            raise smtplib.SMTPAuthenticationError(code, reply)
    else:
        smtp.login(settings.user, settings.password or "")


def send_outbox(state: dict, path: Path, settings: SmtpSettings,
                connect_to: Connect = connect) -> list[dict]:
    """Send every mail of the outbox that is not sent; returns those sent now. On an SMTP
    failure the state is saved and UdsendError says what was not sent."""
    outbox = state["outbox"]
    todo = [mail for mail in outbox["mails"] if mail["status"] != "sent"]
    sent: list[dict] = []
    if not todo:
        return sent
    smtp = None
    try:
        smtp = connect_to(settings)
        for mail in todo:
            mail["status"] = "pending"
            save_state(path, state)
            reply = _transaction(smtp, settings.sender, mail)
            mail["status"], mail["reply"] = "sent", reply
            save_state(path, state)
            sent.append(mail)
    except smtplib.SMTPResponseException as exc:
        # the server answered with a refusal: that mail was not accepted
        for mail in todo:
            if mail["status"] == "pending":
                mail["status"] = "planned"
        save_state(path, state)
        detail = exc.smtp_error.decode("utf-8", "replace") if isinstance(
            exc.smtp_error, bytes) else str(exc.smtp_error)
        raise UdsendError(_failure(settings, f"svarede {exc.smtp_code} {detail}".strip(),
                                   outbox)) from None
    except (smtplib.SMTPException, OSError, socket.timeout) as exc:
        save_state(path, state)
        raise UdsendError(_failure(settings, _reason(exc), outbox)) from None
    finally:
        if smtp is not None:
            with contextlib.suppress(Exception):
                smtp.quit()
    return sent


def _transaction(smtp: smtplib.SMTP, sender: str, mail: dict) -> str:
    code, reply = smtp.mail(sender)
    if code != 250:
        raise smtplib.SMTPSenderRefused(code, reply, sender)
    for address in mail["to"]:
        code, reply = smtp.rcpt(address)
        if code not in (250, 251):
            raise smtplib.SMTPRecipientsRefused({address: (code, reply)})
    code, reply = smtp.data(mail["message"].encode("utf-8"))
    if code != 250:
        raise smtplib.SMTPDataError(code, reply)
    return f"{code} {reply.decode('utf-8', 'replace')}"


def _reason(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "afviste modtageren " + ", ".join(exc.recipients)
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return "afbrød forbindelsen"
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return "svarede ikke i tide"
    if isinstance(exc, ConnectionRefusedError):
        return "kunne ikke nås (forbindelsen blev afvist)"
    if isinstance(exc, ssl.SSLError):
        return f"kunne ikke starte en krypteret forbindelse ({exc.reason or exc})"
    if isinstance(exc, OSError):
        return f"kunne ikke nås ({exc.strerror or exc})"
    return str(exc)


def _failure(settings: SmtpSettings, reason: str, outbox: dict) -> str:
    left = sum(1 for mail in outbox["mails"] if mail["status"] != "sent")
    return (f"SMTP-serveren {settings.host}:{settings.port} {reason}; {left} e-mail"
            f"{'' if left == 1 else 's'} er ikke sendt endnu og sendes, næste gang "
            "python build.py udsend kører")
