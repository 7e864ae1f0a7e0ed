"""``archive serve``: the web site on waitress."""

from __future__ import annotations

import click
import waitress

from archive.cli.context import Context, pass_context
from webapp import close_app, create_app


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=5000, show_default=True)
@click.option("--debug", is_flag=True, help="Flask's development server with its debugger.")
@pass_context
def serve(obj: Context, host: str, port: int, debug: bool) -> None:
    """Run the web site (search page, record pages, JSON API) on waitress."""
    app = create_app({"ARCHIVE_HOME": str(obj.home)})
    try:
        if debug:
            app.run(host=host, port=port, debug=True)
        else:
            click.echo(f"Serving on http://{host}:{port}/", err=True)
            waitress.serve(app, host=host, port=port)
    finally:
        close_app(app)
