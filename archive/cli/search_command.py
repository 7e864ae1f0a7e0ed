"""``archive search``: the search service from the command line."""

from __future__ import annotations

import json

import click

from archive.cli.context import Context, pass_context
from indexer.search.facets import facet_names
from indexer.search.generations import Index
from indexer.search.service import SearchError, SearchRequest, index_root, parse_filters
from indexer.search.service import search as run_search


@click.command(context_settings={"ignore_unknown_options": True})
@click.argument("query", nargs=-1)
@click.option(
    "--filter",
    "filters",
    multiple=True,
    metavar="FIELD=VALUE",
    help=f"Facet filter (repeatable); FIELD!=VALUE excludes. Fields: {', '.join(facet_names())}.",
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
