"""The ``archive`` command line: a thin layer over the library; each command is one call."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import click

from archive.config import database_url, resolve_home
from archive.store.db import Database


class Context:
    """Lazily opened data folder and database."""

    def __init__(self, home: str | None) -> None:
        self._home_arg = home
        self._db: Database | None = None

    @property
    def home(self) -> Path:
        return resolve_home(self._home_arg)

    @property
    def db(self) -> Database:
        if self._db is None:
            try:
                self._db = Database(database_url(self.home))
            except Exception as error:
                raise click.ClickException(f"cannot open the database: {error}") from error
        return self._db

    def close(self) -> None:
        """Release the database connections (when the command ends)."""
        if self._db is not None:
            self._db.dispose()
            self._db = None


pass_context = click.make_pass_decorator(Context)


def index_exists(home: Path) -> bool:
    """Whether the data folder has a search index."""
    from indexer.search.engine import exists
    from indexer.search.service import index_root

    return exists(index_root(home))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--home",
    envvar="ARCHIVE_HOME",
    type=click.Path(file_okay=False),
    help="Data folder (database, search index). Default: $ARCHIVE_HOME or ./instance.",
)
@click.pass_context
def main(ctx: click.Context, home: str | None) -> None:
    """Searchable archive of Thailand's international cooperation meetings."""
    ctx.obj = Context(home)
    ctx.call_on_close(ctx.obj.close)


class _Progress:
    """A progress bar over the documents of a batch, started once their number is known."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar = None

    def start(self, total: int) -> Callable[[], None]:
        from tqdm import tqdm

        self.bar = tqdm(
            total=total, unit="doc", disable=not self.enabled, file=sys.stderr, leave=False
        )
        return lambda: self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Parser processes, and index writer processes when the index is built "
    "(0: one per core, 1: no pool).",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar (default: when the terminal is interactive).",
)
@pass_context
def ingest(obj: Context, paths: tuple[str, ...], workers: int, progress: bool | None) -> None:
    """Read, parse and store documents: files and folders (recursively).

    Unchanged files change nothing; a changed file updates its record in place. Exit status 0
    when every file was ingested, 1 when some failed. Without a search index, one is built
    while the documents are stored (every record of the archive)."""
    from indexer.ingest import ingest_paths
    from indexer.search.service import index_root

    show = sys.stderr.isatty() if progress is None else progress
    build = None if index_exists(obj.home) else index_root(obj.home)
    bar = _Progress(show)
    try:
        report = ingest_paths(
            obj.db, paths, workers=workers, progress=bar.start, build_index=build, procs=workers
        )
    finally:
        bar.close()
    for failure in report.failed:
        click.echo(f"FAILED {failure.path}: {failure.reason}", err=True)
    if report.indexed is not None:
        click.echo(f"Search index: {report.indexed} records updated.", err=True)
    elif report.changed:
        from indexer.search.service import update_index

        count = update_index(obj.db, obj.home, report.changed)
        click.echo(f"Search index: {count} records updated.", err=True)
    click.echo(f"Ingested: {report.summary()}")
    if report.failed:
        sys.exit(1)


@main.command(name="index")
@click.option(
    "--procs",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Writer processes, each writing a segment (0: one per core, 1: no pool).",
)
@click.option("--progress/--no-progress", default=None, help="Show a progress bar.")
@pass_context
def index_(obj: Context, procs: int, progress: bool | None) -> None:
    """Rebuild the search index from the database, aside, then switch to it atomically."""
    from archive.store.save import count_records
    from indexer.search.service import rebuild_index

    show = sys.stderr.isatty() if progress is None else progress
    with obj.db.session() as session:
        total = count_records(session)
    bar = _Progress(show)
    try:
        count = rebuild_index(obj.db, obj.home, procs=procs, progress=bar.start(total))
    finally:
        bar.close()
    click.echo(f"Indexed {count} records.")


@main.command(context_settings={"ignore_unknown_options": True})
@click.argument("query", nargs=-1)
@click.option(
    "--filter",
    "filters",
    multiple=True,
    metavar="FIELD=VALUE",
    help="Facet filter (repeatable); FIELD!=VALUE excludes. Fields: year, month, "
    "country, city, organization, mission_group, agency, kind, status.",
)
@click.option(
    "--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True
)
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--page", type=click.IntRange(1, 10_000), default=1, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def search(
    obj: Context,
    query: tuple[str, ...],
    filters: tuple[str, ...],
    sort: str,
    limit: int,
    page: int,
    as_json: bool,
) -> None:
    """Search the archive: Thai or English words (all must match), "phrases", OR, NOT,
    field:value. Years in BE or CE; countries in Thai, English or as ISO codes."""
    from indexer.search.engine import Index
    from indexer.search.service import SearchError, SearchRequest, index_root, parse_filters
    from indexer.search.service import search as run_search

    try:
        include, exclude = parse_filters(filters)
        request = SearchRequest(
            q=" ".join(query),
            filters=include,
            excluded=exclude,
            sort=sort,
            page=page,
            per_page=limit,
        )
        result = run_search(Index(index_root(obj.home)), request)
    except SearchError as error:
        raise click.UsageError(str(error)) from error
    except FileNotFoundError as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    if result["notice"]:
        click.echo(f"note: {result['notice']}")
    click.echo(f"{result['total']} records")
    if result["corrected_query"]:
        click.echo(f"did you mean: {result['corrected_query']}")
    for hit in result["hits"]:
        place = (hit["venue"] or {}).get("country_code") or "--"
        click.echo(
            f"{hit['id']:>6}  {hit['date_start'] or '----------'}  {place}  {hit['title'][:90]}"
        )


@main.command()
@click.argument("record_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print the record as JSON.")
@click.option("--text", is_flag=True, help="Include the original text (JSON).")
@pass_context
def show(obj: Context, record_id: int, as_json: bool, text: bool) -> None:
    """Show one record."""
    from archive.store.save import get_record
    from archive.store.serialize import record_dict

    with obj.db.session() as session:
        record = get_record(session, record_id)
        if record is None:
            raise click.ClickException(f"no record with id {record_id}")
        data = record_dict(record, text=text)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(_describe(data))


@main.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of records.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many.")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many.")
@pass_context
def list_(obj: Context, as_json: bool, limit: int | None, offset: int) -> None:
    """List records in id order."""
    from archive.store.save import list_records
    from archive.store.serialize import record_dict

    with obj.db.session() as session:
        data = [record_dict(r) for r in list_records(session, limit=limit, offset=offset)]
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for item in data:
        when = item["date_start"] or "----------"
        place = (item["venue"] or {}).get("country_code") or "--"
        click.echo(
            f"{item['id']:>6}  {when}  {place}  {item['document_kind']:<8} {item['title'][:90]}"
        )


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=5000, show_default=True)
@click.option("--debug", is_flag=True, help="Flask's development server with its debugger.")
@pass_context
def serve(obj: Context, host: str, port: int, debug: bool) -> None:
    """Run the web site (search page, record pages, JSON API) on waitress."""
    from webapp import close_app, create_app

    app = create_app({"ARCHIVE_HOME": str(obj.home)})
    try:
        if debug:
            app.run(host=host, port=port, debug=True)
        else:
            import waitress

            click.echo(f"Serving on http://{host}:{port}/", err=True)
            waitress.serve(app, host=host, port=port)
    finally:
        close_app(app)


@main.group()
def users() -> None:
    """Accounts of the web site: viewers read, editors track follow-ups, admins manage users."""


@users.command(name="add")
@click.argument("name")
@click.option(
    "--role", type=click.Choice(["viewer", "editor", "admin"]), default="viewer", show_default=True
)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@pass_context
def users_add(obj: Context, name: str, role: str, password_stdin: bool) -> None:
    """Add a user; the password is asked for (twice), or read from standard input."""
    from archive.accounts import UserError, add_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with obj.db.session() as session:
            add_user(session, name, password, role)
            session.commit()
    except UserError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Added {name} ({role}).")


@users.command(name="list")
@pass_context
def users_list(obj: Context) -> None:
    """List users with their role and whether they have an API token."""
    from archive.accounts import list_users

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
    from archive.accounts import UserError, issue_token

    try:
        with obj.db.session() as session:
            token = issue_token(session, name)
            session.commit()
    except UserError as error:
        raise click.ClickException(str(error)) from error
    click.echo(token)


def _describe(data: dict) -> str:  # type: ignore[type-arg]
    venue = data["venue"] or {}
    lines = [
        f"#{data['id']} {data['title']}",
        f"  kind: {data['document_kind']}   organisation: {data['organization'] or '-'}",
        f"  dates: {data['date_start'] or '-'} .. {data['date_end'] or '-'}",
        f"  venue: {venue.get('raw') or '-'} ({venue.get('city') or '-'}, "
        f"{venue.get('country_code') or '-'})",
        f"  findings: {len(data['findings'])}   follow-ups: {len(data['follow_ups'])}",
    ]
    for item in data["follow_ups"]:
        agencies = ", ".join(item["agencies"]) or "-"
        removed = ", removed from source" if item["removed_from_source"] else ""
        lines.append(
            f"    [{item['status']}{removed}] {item['text'][:80]} "
            f"({agencies}; due {item['due_date'] or '-'})"
        )
    for warning in data["warnings"]:
        lines.append(f"  warning: {warning}")
    return "\n".join(lines)
