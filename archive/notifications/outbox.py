"""The outbox: notices are made (``plan``) and kept in ``notices`` before anything is sent,
then sent (``deliver``) and marked. A send that fails for now (server down, login or sender
refused, a 4xx answer) stays ``failed`` with its error and is tried again by the next run, so
none is lost and none is sent twice. A message the server refuses for good (a 5xx answer to
its recipient or its content), or refused ``MAIL_MAX_ATTEMPTS`` times, is ``abandoned``:
reported by the run that gives up, kept, never offered again."""

from __future__ import annotations

import smtplib
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
WAITING = ("pending", "failed")  # statuses a run sends; then "sent" or "abandoned"


@dataclass
class Report:
    """What a run did: notices made per kind, sent, the ones that failed (to be retried) and
    the ones given up, each with why."""

    made: dict[str, int] = field(default_factory=dict)
    sent: int = 0
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (key, recipient, error)
    abandoned: list[tuple[str, str, str]] = field(default_factory=list)


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
            mail.server, mail.port, timeout=mail.timeout, context=mail.tls_context()
        )
    else:
        server = smtplib.SMTP(mail.server, mail.port, timeout=mail.timeout)
    try:
        if mail.use_tls:
            server.starttls(context=mail.tls_context())
        if mail.username:
            server.login(mail.username, mail.password or "")
    except BaseException:
        server.close()  # a refused login or certificate: no socket left open
        raise
    return server


def _session_error(mail: MailSettings, error: Exception) -> str:
    """Why no message could be offered this run (the server, TLS or the login)."""
    where = f"{mail.server}:{mail.port}"
    if isinstance(error, smtplib.SMTPAuthenticationError):
        answer = f"{error.smtp_code} {error.smtp_error.decode('utf-8', 'replace')}"
        return f"the mail server {where} refused the login of {mail.username!r}: {answer}"
    if isinstance(error, smtplib.SMTPException):
        return f"the mail server {where} refused the session: {type(error).__name__}: {error}"
    return f"cannot reach the mail server {where}: {error}"


def _permanent(error: Exception) -> bool:
    """Whether the server refused this message for good: a 5xx to its recipient or content."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPDataError) and error.smtp_code >= 500


def _mark(
    session: Session, notice: Notice, status: str, error: str, listed: list[tuple[str, str, str]]
) -> None:
    notice.status = status
    notice.last_error = error[:MAX_ERROR]
    listed.append((notice.key, notice.recipient, error))
    session.commit()


def _failed(session: Session, notice: Notice, error: str, report: Report) -> None:
    _mark(session, notice, "failed", error, report.failed)


def _refused(
    session: Session, mail: MailSettings, notice: Notice, error: Exception, report: Report
) -> None:
    """Mark a notice the server did not take: given up when refused for good or too often; a
    refused sender (the account's problem, every message alike) is always retried."""
    reason = f"{type(error).__name__}: {error}"
    sender_refused = isinstance(error, smtplib.SMTPSenderRefused)
    if not sender_refused and (_permanent(error) or notice.attempts >= mail.max_attempts):
        _mark(session, notice, "abandoned", reason, report.abandoned)
    else:
        _failed(session, notice, reason, report)


def deliver(session: Session, mail: MailSettings, now: datetime, report: Report) -> None:
    """Send every notice not sent yet (new ones and earlier failures), oldest first; each is
    marked in its own transaction as soon as the server has taken it or refused it. Its
    ``attempts`` count the times it was offered to the server (a run that cannot reach the
    server, or is refused the login, offers none and gives none up)."""
    waiting = list(
        session.scalars(select(Notice).where(Notice.status.in_(WAITING)).order_by(Notice.id))
    )
    if not waiting:
        return
    try:
        server = _connect(mail)
    except (OSError, smtplib.SMTPException) as error:
        reason = _session_error(mail, error)
        for notice in waiting:
            _failed(session, notice, reason, report)
        return
    try:
        for position, notice in enumerate(waiting):
            notice.attempts += 1
            try:
                server.send_message(email_message(notice, mail.sender))
            except (OSError, smtplib.SMTPException) as error:
                _refused(session, mail, notice, error, report)
                if isinstance(error, (OSError, smtplib.SMTPServerDisconnected)):
                    try:
                        server.close()
                        server = _connect(mail)
                    except (OSError, smtplib.SMTPException):
                        for rest in waiting[position + 1 :]:
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
