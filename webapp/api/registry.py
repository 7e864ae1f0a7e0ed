"""API routes declared with their schemas: one declaration gives the Flask route, the request's
validation and the operation of the OpenAPI document (``webapp/api/openapi.py``).

    api = ApiRoutes(bp, tag="follow-ups")

    @api.route("/follow-ups/<item_id>", "PATCH", access="editor", body=FollowUpPatch,
               path=ItemPath, replies={200: Reply("The item", FollowUp)})
    def update_follow_up(item_id: str, body: FollowUpPatch, account: Account) -> Response:
        '''Change a follow-up item (the summary; the rest of the docstring describes it).'''

Before the view runs, the wrapper checks the caller (``access``), then reads the URL
parameters into ``query`` and a JSON body into ``body``: a value the schema refuses is a 400
naming the field. The view receives ``query``, ``body`` and ``account`` when its signature
names them. Path parameters are routed by Flask's converters (an id that fits no route, or no
record, is a 404), so ``path`` only documents them.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import wraps
from typing import Any, TypeVar, get_origin

from flask import Blueprint, Flask, abort, request
from pydantic import BaseModel, ValidationError
from werkzeug.datastructures import MultiDict

from webapp.api import access as api_access
from webapp.auth import csrf

View = TypeVar("View", bound=Callable[..., Any])

EXTENSION = "api_routes"  # app.extensions key: every ApiRoutes registered on the app
# A change's body at its longest (notes, note and agencies at their maximum lengths, JSON with
# every character \u-escaped) is under 1 MiB; the site's own limit is for GET requests.
MAX_BODY = 1024 * 1024


@dataclass(frozen=True)
class Reply:
    """One documented answer: its description and the schema of its JSON (None: ``Error``)."""

    description: str
    schema: Any = None


@dataclass(frozen=True)
class Operation:
    """One route as the document describes it."""

    rule: str  # the Flask rule, with the blueprint's prefix
    method: str
    operation_id: str
    summary: str
    description: str | None
    tags: tuple[str, ...]
    access: api_access.Access
    query: type[BaseModel] | None
    body: type[BaseModel] | None
    path: type[BaseModel] | None
    replies: Mapping[int, Reply]
    max_body: int = MAX_BODY
    upload: str | None = None  # a multipart/form-data body: the (repeatable) file field

    @property
    def openapi_path(self) -> str:
        """The rule as an OpenAPI path template (``/api/records/{record_id}``)."""
        return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", self.rule)


def _field_problem(error: ValidationError, model: type[BaseModel]) -> str:
    """The first thing the schema refused, as ``field: why``."""
    first = error.errors(include_url=False)[0]
    if not first["loc"]:
        return "body: a JSON object is required"
    name = str(first["loc"][0])
    if first["type"] == "extra_forbidden":
        return f"{name}: not a field of this request (one of {', '.join(model.model_fields)})"
    if first["type"] == "missing":
        return f"{name}: required"
    return f"{name}: {first['msg']}"


def _validated(model: type[BaseModel], data: Any) -> BaseModel:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        abort(400, description=_field_problem(error, model))


def query_values(model: type[BaseModel], args: MultiDict[str, str]) -> dict[str, Any]:
    """The URL parameters a query model knows: a list for a list field, else the first."""
    return {
        name: args.getlist(name) if get_origin(info.annotation) is list else args[name]
        for name, info in model.model_fields.items()
        if name in args
    }


def json_body(model: type[BaseModel], limit: int) -> BaseModel:
    """The request's JSON body as ``model`` (413 over ``limit`` bytes, 415 not JSON, 400 not
    valid)."""
    request.max_content_length = limit
    if request.mimetype != "application/json":
        abort(415, description="Content-Type must be application/json")
    data = request.get_json(silent=True)
    if data is None:
        abort(400, description="body: a JSON object is required")
    return _validated(model, data)


@dataclass
class ApiRoutes:
    """The API routes of one blueprint (which then takes no CSRF token: API callers send a
    bearer token, never a cookie); registering the blueprint on an app adds them to the app's
    OpenAPI document."""

    blueprint: Blueprint
    tag: str = "api"
    operations: list[Operation] = field(default_factory=list)

    def __post_init__(self) -> None:
        csrf.exempt(self.blueprint)  # bearer tokens only, no cookies: a forged request has none
        self.blueprint.record_once(self._register)

    def _register(self, state: Any) -> None:
        app: Flask = state.app
        app.extensions.setdefault(EXTENSION, []).append(self)

    def route(
        self,
        rule: str,
        method: str = "GET",
        *,
        replies: Mapping[int, Reply],
        access: api_access.Access = "read",
        query: type[BaseModel] | None = None,
        body: type[BaseModel] | None = None,
        path: type[BaseModel] | None = None,
        max_body: int = MAX_BODY,
        upload: str | None = None,
    ) -> Callable[[View], View]:
        """Route ``rule`` to the view, checking the caller and validating the request against
        ``query`` and ``body``; the view's docstring is the operation's summary (first line)
        and description (the rest). ``upload`` names the file field of a multipart body (the
        view reads it, within its own limit)."""

        def decorator(view: View) -> View:
            wanted = set(inspect.signature(view).parameters)

            @wraps(view)
            def wrapped(*args: Any, **kwargs: Any) -> Any:
                account = api_access.check(access)
                if query is not None:
                    found = _validated(query, query_values(query, request.args))
                    if "query" in wanted:
                        kwargs["query"] = found
                if body is not None:
                    kwargs["body"] = json_body(body, max_body)
                if "account" in wanted:
                    kwargs["account"] = account
                return view(*args, **kwargs)

            summary, _, rest = inspect.cleandoc(view.__doc__ or view.__name__).partition("\n")
            self.operations.append(
                Operation(
                    rule=(self.blueprint.url_prefix or "") + rule,
                    method=method.lower(),
                    operation_id=view.__name__,
                    summary=summary,
                    description=" ".join(rest.split()) or None,
                    tags=(self.tag,),
                    access=access,
                    query=query,
                    body=body,
                    path=path,
                    replies=replies,
                    max_body=max_body,
                    upload=upload,
                )
            )
            self.blueprint.add_url_rule(rule, view.__name__, wrapped, methods=[method])
            return view

        return decorator


def operations(app: Flask) -> list[Operation]:
    """Every API operation registered on ``app``."""
    return [op for routes in app.extensions.get(EXTENSION, []) for op in routes.operations]
