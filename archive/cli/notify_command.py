"""``archive notify``: send the e-mails that are due (run it from cron or a systemd timer)."""

from __future__ import annotations

import tomllib

import click

from archive.cli.context import Context, pass_context
from archive.config import site_settings
from archive.notifications.errors import Busy, NotifyError
from archive.notifications.run import notify as run_notify
from archive.notifications.settings import MailSettings
from indexer.search.generations import Index, exists
from indexer.search.indexing import apply_pending
from indexer.search.service import index_root
from webapp.auth import secret_key


@click.command()
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    help="The day to count due dates from (default: today).",
)
@click.option("--no-send", is_flag=True, help="Make the notices due, but do not send any yet.")
@pass_context
def notify(obj: Context, today: object, no_send: bool) -> None:
    """Send everything due: saved-search digests, follow-up reminders, agency digests and the
    dashboard summary; retry earlier failed sends. Mail settings: MAIL_* in site.toml."""
    home = obj.home
    try:
        settings = site_settings(home)
        mail = MailSettings.from_settings(settings, home)
    except (NotifyError, tomllib.TOMLDecodeError) as error:
        raise click.ClickException(str(error)) from error
    root = index_root(home)
    index = None
    if exists(root):
        apply_pending(obj.db, home)  # the digests search what the database holds now
        index = Index(root)
    else:
        click.echo("no search index: saved-search digests wait for `archive index`", err=True)
    secret = settings.get("SECRET_KEY") or secret_key(home)
    try:
        report = run_notify(
            obj.db,
            index,
            mail,
            secret,
            today=today.date() if today else None,  # type: ignore[attr-defined]
            send=not no_send,
        )
    except Busy as error:
        raise click.ClickException(str(error)) from error
    finally:
        if index is not None:
            index.close()
    made = ", ".join(f"{kind} {count}" for kind, count in report.made.items()) or "none"
    click.echo(
        f"made: {made}; sent: {report.sent}; failed: {len(report.failed)};"
        f" abandoned: {len(report.abandoned)}"
    )
    for key, recipient, error in report.failed:
        click.echo(f"failed {key} to {recipient}: {error} (will be retried)", err=True)
    for key, recipient, error in report.abandoned:  # this run gave up: said once, here
        click.echo(f"abandoned {key} to {recipient}: {error} (will not be retried)", err=True)
    if report.failed or report.abandoned:
        raise SystemExit(1)
