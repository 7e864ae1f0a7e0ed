"""The OpenAPI 3.1 document of the JSON API, derived when asked from the app's API routes
(``webapp/api/registry.py``), their schemas (``webapp/api/schemas.py``) and the download
formats (``webapp/formats.py``). Nothing here describes an operation by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode

from webapp.api.registry import Operation, Reply, operations
from webapp.api.schemas import Error, ExportQuery, RecordPath
from webapp.formats import RECORD, RESULTS, offered
from webapp.services import MAX_EXPORT

REF = "#/components/schemas/{model}"
INFO = {
    "title": "Thai meeting report archive",
    "version": "1.0.0",
    "description": (
        "Search the archive of Thailand's international cooperation meeting reports and read "
        "its records. JSON in UTF-8 (Thai as is). Errors under /api/ are JSON "
        '`{"error": "..."}`: 400 for a bad parameter, 404 for an unknown id or route, 401 '
        "without a valid token where one is needed (`Authorization: Bearer <token>`), 403 "
        "when the token's user may not do this."
    ),
}
TAGS = [
    {"name": "api", "description": "The JSON API"},
    {"name": "follow-ups", "description": "Follow-up tracking: the dashboard, items, edits"},
    {"name": "export", "description": "Citation and export downloads (not JSON)"},
]
BEARER = {
    "type": "http",
    "scheme": "bearer",
    "description": (
        "A personal API token (`archive users token NAME`). Reading needs one only when the "
        "archive requires login; changing follow-ups needs an editor's or an admin's. Session "
        "cookies are not accepted."
    ),
}
SECURITY = {
    "public": [{}],
    "read": [{}, {"bearerAuth": []}],
    "user": [{"bearerAuth": []}],
    "editor": [{"bearerAuth": []}],
}
CHALLENGE = {
    "description": 'Bearer realm="api" (with error="invalid_token" for a bad token)',
    "required": True,
    "schema": {"type": "string"},
}
HTML_ERROR = {"content": {"text/html": {"schema": {"type": "string"}}}}


class _Schemas(GenerateJsonSchema):
    """pydantic's JSON Schema without a title on every property."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


def parameters(model: type[BaseModel] | None, where: str) -> list[dict[str, Any]]:
    """A query or path model's fields as OpenAPI parameters."""
    if model is None:
        return []
    schema = model.model_json_schema(ref_template=REF, schema_generator=_Schemas)
    required = set(schema.get("required", []))
    empty_left_out = where == "query" and getattr(model, "EMPTY_LEFT_OUT", False)
    out = []
    for name, prop in schema["properties"].items():
        prop = dict(prop)
        param: dict[str, Any] = {"name": name, "in": where}
        if "description" in prop:
            param["description"] = prop.pop("description")
        if where == "path" or name in required:
            param["required"] = True
        if prop.get("type") == "array":
            param.update(style="form", explode=True)
        elif empty_left_out and not param.get("required"):
            param["allowEmptyValue"] = True
        param["schema"] = prop
        out.append(param)
    return out


def _standard_replies(op: Operation) -> dict[int, Reply]:
    """The answers every operation of its kind may give."""
    replies: dict[int, Reply] = {}
    if op.query is not None:
        replies[400] = Reply("A bad parameter (the message names it)")
    if op.body is not None:
        replies[400] = Reply("Not a JSON object, an unknown field or a bad value (named)")
        replies[413] = Reply(f"The body is larger than {op.max_body:,} bytes")
        replies[415] = Reply("The body is not application/json")
    if op.upload is not None:
        replies[400] = Reply(f"No file in the multipart field {op.upload!r}, or too many")
        replies[413] = Reply(f"The body is larger than {op.max_body:,} bytes")
        replies[415] = Reply("The body is not multipart/form-data")
    if op.access == "read":
        replies[401] = Reply(
            "The archive requires login (READ_REQUIRES_LOGIN) and no valid token was sent"
        )
    if op.access == "user":
        replies[401] = Reply("No token, or not the token of an active user")
    if op.access == "editor":
        replies[401] = Reply("No token, or not the token of an active user")
        replies[403] = Reply("The token's user may not do this (a viewer)")
    return replies


def _replies(op: Operation) -> dict[int, Reply]:
    return {**_standard_replies(op), **op.replies}


def _schemas(op: Operation) -> list[tuple[Any, JsonSchemaMode]]:
    """The schemas an operation's document refers to, with the mode of each: a model or any
    other type (``list[SavedSearch]``)."""
    found: list[tuple[Any, JsonSchemaMode]] = []
    if op.body is not None:
        found.append((op.body, "validation"))
    for reply in _replies(op).values():
        found.append((reply.schema if reply.schema is not None else Error, "serialization"))
    return found


def _operation(op: Operation, refs: Mapping[Any, dict[str, Any]]) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    replies = _replies(op)
    for status in sorted(replies):
        reply = replies[status]
        schema = reply.schema if reply.schema is not None else Error
        answer: dict[str, Any] = {
            "description": reply.description,
            "content": {"application/json": {"schema": refs[(schema, "serialization")]}},
        }
        if status == 401:
            answer["headers"] = {"WWW-Authenticate": CHALLENGE}
        answers[str(status)] = answer
    operation: dict[str, Any] = {
        "operationId": op.operation_id,
        "tags": list(op.tags),
        "summary": op.summary,
        "security": SECURITY[op.access],
        "parameters": [*parameters(op.path, "path"), *parameters(op.query, "query")],
        "responses": answers,
    }
    if op.description:
        operation["description"] = op.description
    if op.body is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": refs[(op.body, "validation")]}},
        }
    if op.upload is not None:
        files = {"type": "array", "items": {"type": "string", "format": "binary"}}
        operation["requestBody"] = {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {op.upload: files},
                        "required": [op.upload],
                    },
                    "encoding": {op.upload: {"contentType": "application/octet-stream"}},
                }
            },
        }
    return operation


def _bare(media_type: str) -> str:
    return media_type.split(";")[0]


def _download(media_type: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "headers": {
            "Content-Disposition": {
                "description": 'attachment; filename="archive-….ext"',
                "schema": {"type": "string"},
            }
        },
        "content": {_bare(media_type): {"schema": {"type": "string", "format": "binary"}}},
    }


def download_paths() -> dict[str, Any]:
    """The citation and export downloads of ``webapp/formats.py`` (files, not JSON)."""
    paths: dict[str, Any] = {}
    for spec in offered(RECORD):
        paths[f"/records/{{record_id}}/cite.{spec.extension}"] = {
            "get": {
                "operationId": f"cite_{spec.extension}",
                "tags": ["export"],
                "summary": f"One record's citation as .{spec.extension}",
                "parameters": parameters(RecordPath, "path"),
                "responses": {
                    "200": _download(spec.media_type, "The citation file"),
                    "404": {"description": "No record with this id (HTML page)", **HTML_ERROR},
                },
            }
        }
    for spec in offered(RESULTS):
        paths[f"/export.{spec.extension}"] = {
            "get": {
                "operationId": f"export_{spec.extension}",
                "tags": ["export"],
                "summary": f"Every hit of a search as .{spec.extension} (at most {MAX_EXPORT} "
                "records)",
                "parameters": parameters(ExportQuery, "query"),
                "responses": {
                    "200": _download(spec.media_type, "The export file"),
                    "400": {
                        "description": "A bad parameter, or too many records (HTML page)",
                        **HTML_ERROR,
                    },
                },
            }
        }
    return paths


def document(app: Flask) -> dict[str, Any]:
    """The OpenAPI 3.1 document of ``app``'s API, as of now."""
    ops = operations(app)
    wanted = dict.fromkeys(schema for op in ops for schema in _schemas(op))
    refs, defs = TypeAdapter.json_schemas(
        [(schema, mode, TypeAdapter(schema)) for schema, mode in wanted],
        ref_template=REF,
        schema_generator=_Schemas,
    )
    paths: dict[str, Any] = {}
    for op in ops:
        paths.setdefault(op.openapi_path, {})[op.method] = _operation(op, refs)
    paths.update(download_paths())
    return {
        "openapi": "3.1.0",
        "info": INFO,
        "tags": TAGS,
        "paths": paths,
        "components": {
            "schemas": defs.get("$defs", {}),
            "securitySchemes": {"bearerAuth": BEARER},
        },
    }
