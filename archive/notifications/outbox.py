"""The outbox: notices are made (``plan``) and kept in ``notices`` before anything is sent,
then sent (``deliver``) and marked; a failed send stays there with its error and is tried
again by the next run, so none is lost and none is sent twice."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate, make_msgid

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.notifications.kinds import KINDS, Due
from archive.notifications.settings import MailSettings
from archive.store.models import Notice

MAX_ERROR = 2000


@dataclass
class Report:
    """What a run did: notices made per kind, sent, and the ones that failed (with why)."""

    made: dict[str, int] = field(default_factory=dict)
    sent: int = 0
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (key, recipient, error)


def plan(due: Due, report: Report) -> None:
    """Keep a notice for everything due (the caller commits, with the kinds' state changes)."""
    for kind, due_now in KINDS.items():
        for draft in due_now(due):
            message = draft.message
            due.session.add(
                Notice(
                    key=draft.key,
                    kind=draft.kind,
                    recipient=draft.recipient,
                    subject=message.subject,
                    text=message.text(),
                    html=message.html(),
                    unsubscribe_url=message.unsubscribe_url,
                    status="pending",
                    attempts=0,
                    created_at=due.now,
                )
            )
            due.session.flush()  # a key made twice in one run fails here, not at commit
            report.made[kind] = report.made.get(kind, 0) + 1


def email_message(notice: Notice, sender: str) -> EmailMessage:
    """The notice as a MIME message: plain text and HTML alternatives, UTF-8, with the
    List-Unsubscribe headers of RFC 2369 and RFC 8058 (one click)."""
    message = EmailMessage(policy=SMTP)
    message["Subject"] = notice.subject
    message["From"] = sender
    message["To"] = notice.recipient
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].strip("> ") or None)
    if notice.unsubscribe_url:
        message["List-Unsubscribe"] = f"<{notice.unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(notice.text, charset="utf-8")
    message.add_alternative(notice.html, subtype="html", charset="utf-8")
    return message


def _connect(mail: MailSettings) -> smtplib.SMTP:
    if mail.use_ssl:
        server: smtplib.SMTP = smtplib.SMTP_SSL(
            mail.server, mail.port, timeout=mail.timeout, context=ssl.create_default_context()
        )
    else:
        server = smtplib.SMTP(mail.server, mail.port, timeout=mail.timeout)
        if mail.use_tls:
            server.starttls(context=ssl.create_default_context())
    if mail.username:
        server.login(mail.username, mail.password or "")
    return server


def _failed(session: Session, notice: Notice, error: str, report: Report) -> None:
    notice.status = "failed"
    notice.last_error = error[:MAX_ERROR]
    report.failed.append((notice.key, notice.recipient, error))
    session.commit()


def deliver(session: Session, mail: MailSettings, now: datetime, report: Report) -> None:
    """Send every notice not sent yet (new ones and earlier failures), oldest first; each is
    marked in its own transaction as soon as the server has taken it or refused it."""
    waiting = list(
        session.scalars(
            select(Notice).where(Notice.status.in_(("pending", "failed"))).order_by(Notice.id)
        )
    )
    if not waiting:
        return
    for notice in waiting:
        notice.attempts += 1
    session.commit()
    try:
        server = _connect(mail)
    except (OSError, smtplib.SMTPException) as error:
        reason = f"cannot reach the mail server {mail.server}:{mail.port}: {error}"
        for notice in waiting:
            _failed(session, notice, reason, report)
        return
    try:
        for notice in waiting:
            try:
                server.send_message(email_message(notice, mail.sender))
            except (OSError, smtplib.SMTPException) as error:
                _failed(session, notice, f"{type(error).__name__}: {error}", report)
                if isinstance(error, (OSError, smtplib.SMTPServerDisconnected)):
                    try:
                        server.close()
                        server = _connect(mail)
                    except (OSError, smtplib.SMTPException):
                        for rest in waiting[waiting.index(notice) + 1 :]:
                            _failed(session, rest, f"connection lost: {error}", report)
                        return
                continue
            notice.status, notice.sent_at, notice.last_error = "sent", now, None
            session.commit()
            report.sent += 1
    finally:
        try:
            server.quit()
        except (OSError, smtplib.SMTPException):
            server.close()
