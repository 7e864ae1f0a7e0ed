"""``archive users``: accounts of the web site and their API tokens."""

from __future__ import annotations

import sys

import click

from archive.accounts import UserError, add_user, issue_token, list_users
from archive.cli.context import Context, pass_context
from archive.notifications.subscriptions import FieldError, set_contact_details
from archive.store.vocabulary import ROLES


@click.group()
def users() -> None:
    """Accounts of the web site: viewers read, editors track follow-ups, admins manage users."""


@users.command(name="add")
@click.argument("name")
@click.option(
    "--role", type=click.Choice(ROLES), default="viewer", show_default=True
)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--email", help="The user's e-mail address (reminders, digests).")
@click.option(
    "--language", type=click.Choice(["th", "en"]), default="th", show_default=True,
    help="The language of the user's e-mails.",
)
@pass_context
def users_add(
    obj: Context, name: str, role: str, password_stdin: bool, email: str | None, language: str
) -> None:
    """Add a user; the password is asked for (twice), or read from standard input."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with obj.db.session() as session:
            user = add_user(session, name, password, role)
            set_contact_details(session, user, email=email, language=language)
            session.commit()
    except (UserError, FieldError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Added {name} ({role}{', ' + email if email else ''}).")


@users.command(name="list")
@pass_context
def users_list(obj: Context) -> None:
    """List users with their role and whether they have an API token."""
    with obj.db.session() as session:
        for user in list_users(session):
            token = "token" if user.token_hash else "-"
            state = "" if user.active else " (disabled)"
            click.echo(f"{user.name}\t{user.role}\t{token}{state}")


@users.command(name="token")
@click.argument("name")
@pass_context
def users_token(obj: Context, name: str) -> None:
    """Print a new personal API token for NAME (replacing the old one); it is shown only once."""
    try:
        with obj.db.session() as session:
            token = issue_token(session, name)
            session.commit()
    except UserError as error:
        raise click.ClickException(str(error)) from error
    click.echo(token)
