"""``archive show`` and ``archive list``: records as text or JSON."""

from __future__ import annotations

import json
from typing import Any

import click

from archive.cli.context import Context, pass_context
from archive.store.lookups import get_record, list_records
from archive.store.serialize import record_dict


@click.command()
@click.argument("record_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print the record as JSON.")
@click.option("--text", is_flag=True, help="Include the original text (JSON).")
@pass_context
def show(obj: Context, record_id: int, as_json: bool, text: bool) -> None:
    """Show one record."""
    with obj.db.session() as session:
        record = get_record(session, record_id)
        if record is None:
            raise click.ClickException(f"no record with id {record_id}")
        data = record_dict(record, text=text)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(_describe(data))


@click.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of records.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many.")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many.")
@pass_context
def list_(obj: Context, as_json: bool, limit: int | None, offset: int) -> None:
    """List records in id order."""
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


def _describe(data: dict[str, Any]) -> str:
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
