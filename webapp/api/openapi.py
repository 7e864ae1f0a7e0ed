"""The OpenAPI 3.1 document of the JSON API, served at ``/api/openapi.json``.

Written by hand as data: it states what ``webapp/api.py`` answers (the search service's JSON of
``indexer/search.py``, the record JSON of ``archive/serialize.py``, follow-up tracking of
``webapp/tracking.py``) and
``tests/webapp/test_openapi.py`` checks real responses against it. Change both together.
"""

from __future__ import annotations

from typing import Any

from archive.store.vocabulary import FOLLOW_UP_STATUSES
from archive.tracking.edits import MAX_NOTES, SORTS
from indexer.search.service import FACET_NAMES
from webapp.followups.service import (
    API_FLAGS,
    API_MAX_AGENCIES,
    API_MAX_AGENCY,
    API_MAX_ASSIGNEE,
    API_MAX_QUERY,
)
from webapp.followups.service import MAX_PER_PAGE as API_MAX_LIMIT
from webapp.followups.service import PER_PAGE as API_PER_PAGE
from webapp.formats import RECORD, RESULTS, offered

_FILTER_PATTERN = "^(%s):.*\\S" % "|".join(FACET_NAMES)


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "type": [schema["type"], "null"]}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _closed(properties: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """An object with exactly these keys, every one present (``null`` where it may be)."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
        **extra,
    }


_STRING = {"type": "string"}
_DATE = {"type": "string", "format": "date", "description": "YYYY-MM-DD (Common Era)"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict[str, Any]:
    return _json(_ref("Error"), description)


def _binary(media_types: list[str], description: str) -> dict[str, Any]:
    return {
        "description": description,
        "headers": {
            "Content-Disposition": {
                "description": 'attachment; filename="archive-….ext"',
                "schema": {"type": "string"},
            }
        },
        "content": {m: {"schema": {"type": "string", "format": "binary"}} for m in media_types},
    }


_HTML_ERROR = {"content": {"text/html": {"schema": {"type": "string"}}}}

_PARAMETERS: dict[str, Any] = {
    "q": {
        "name": "q",
        "in": "query",
        "description": (
            'Words in Thai or English, with the query syntax ("phrases", -word, OR, '
            "field:value filters). Empty: every record."
        ),
        "schema": {"type": "string", "maxLength": 500},
    },
    "page": {
        "name": "page",
        "in": "query",
        "description": "Page of hits, from 1.",
        "schema": {"type": "integer", "minimum": 1, "maximum": 10000, "default": 1},
    },
    "limit": {
        "name": "limit",
        "in": "query",
        "description": "Hits per page.",
        "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 10},
    },
    "sort": {
        "name": "sort",
        "in": "query",
        "description": "relevance (default), or date: newest first.",
        "schema": {"type": "string", "enum": ["relevance", "date"], "default": "relevance"},
    },
    "f": {
        "name": "f",
        "in": "query",
        "description": (
            "Keep only records with this facet value, as field:value (repeatable; values of "
            "one field are OR-ed, fields AND-ed). Years may be Buddhist Era, countries names."
        ),
        "style": "form",
        "explode": True,
        "schema": {"type": "array", "items": {"type": "string", "pattern": _FILTER_PATTERN}},
        "example": ["country:JP"],
    },
    "x": {
        "name": "x",
        "in": "query",
        "description": "Leave out records with this facet value, as field:value (repeatable).",
        "style": "form",
        "explode": True,
        "schema": {"type": "array", "items": {"type": "string", "pattern": _FILTER_PATTERN}},
        "example": ["kind:project"],
    },
    "record_id": {
        "name": "record_id",
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 0, "maximum": 2**63 - 1},
    },
}


def _param(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/parameters/{name}"}


_SEARCH_PARAMS = [_param(n) for n in ("q", "page", "sort", "f", "x")]

_SCHEMAS: dict[str, Any] = {
    "Error": _closed(
        {"error": {"type": "string", "minLength": 1, "description": "What was wrong."}},
        description="Every API error: 400 bad parameter, 404 unknown id or route, 5xx.",
    ),
    "Venue": _closed(
        {
            "raw": {"type": "string", "description": "The place as the document states it."},
            "city": _nullable({"type": "string", "description": "English city name"}),
            "country_code": _nullable(
                {"type": "string", "pattern": "^[A-Z]{2}$", "description": "ISO 3166-1"}
            ),
            "country_name_th": _nullable(_STRING),
            "country_name_en": _nullable(_STRING),
        }
    ),
    "Hit": _closed(
        {
            "id": {"type": "integer"},
            "title": _STRING,
            "date_start": _nullable(_DATE),
            "date_end": _nullable(_DATE),
            "venue": {"oneOf": [_ref("Venue"), {"type": "null"}]},
            "organization": _nullable(_STRING),
            "document_kind": _STRING,
            "open_follow_ups": {"type": "integer", "minimum": 0},
            "score": {"type": "number"},
            "snippet": {
                "type": "string",
                "description": "An HTML fragment: the text escaped, matched words in <mark>.",
            },
        }
    ),
    "FacetCounts": {
        "type": "object",
        "description": "Facet name -> [value, records] pairs, most records first.",
        "properties": {
            name: {
                "type": "array",
                "items": {
                    "type": "array",
                    "prefixItems": [_STRING, {"type": "integer", "minimum": 0}],
                    "minItems": 2,
                    "maxItems": 2,
                },
            }
            for name in FACET_NAMES
        },
        "required": list(FACET_NAMES),
        "additionalProperties": False,
    },
    "SearchResult": _closed(
        {
            "total": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "limit": {"type": "integer", "minimum": 1, "maximum": 100},
            "hits": {"type": "array", "items": _ref("Hit"), "maxItems": 100},
            "facets": _ref("FacetCounts"),
            "corrected_query": _nullable(
                {"type": "string", "description": "Did you mean …? (only when nothing matched)"}
            ),
            "notice": _nullable(
                {"type": "string", "description": "How the query was read, when not as typed."}
            ),
        }
    ),
    "Facets": _closed(
        {
            "total": {"type": "integer", "minimum": 0},
            "facets": _ref("FacetCounts"),
            "labels": {
                "type": "object",
                "properties": {
                    name: _closed({"th": _STRING, "en": _STRING}) for name in FACET_NAMES
                },
                "required": list(FACET_NAMES),
                "additionalProperties": False,
            },
        }
    ),
    "Meeting": _closed(
        {
            "name": _STRING,
            "venue": {"oneOf": [_ref("Venue"), {"type": "null"}]},
            "date_start": _nullable(_DATE),
            "date_end": _nullable(_DATE),
        }
    ),
    "Finding": _closed(
        {
            "number": _nullable({"type": "string", "description": "As numbered: 1, 2.1, ก …"}),
            "heading": _nullable(_STRING),
            "text": _STRING,
        }
    ),
    "RecordFollowUp": _closed(
        {
            "id": _STRING,
            "text": _STRING,
            "agencies": {"type": "array", "items": _STRING},
            "due_date": _nullable(_DATE),
            "status": {"type": "string", "enum": ["open", "in_progress", "done", "cancelled"]},
            "removed_from_source": {"type": "boolean"},
        }
    ),
    "Reporter": _closed(
        {
            "name": _nullable(_STRING),
            "position": _nullable(_STRING),
            "unit": _nullable(_STRING),
            "phone": _nullable(_STRING),
        }
    ),
    "Record": _closed(
        {
            "id": {"type": "integer"},
            "title": _STRING,
            "document_kind": _STRING,
            "organization": _nullable(_STRING),
            "mission_group": _nullable(_STRING),
            "venue": {"oneOf": [_ref("Venue"), {"type": "null"}]},
            "date_start": _nullable(_DATE),
            "date_end": _nullable(_DATE),
            "published": _nullable(_DATE),
            "updated": _nullable(_DATE),
            "meetings": {"type": "array", "items": _ref("Meeting")},
            "findings": {"type": "array", "items": _ref("Finding")},
            "follow_ups": {"type": "array", "items": _ref("RecordFollowUp")},
            "people": {"type": "array", "items": _STRING},
            "reporter": {"oneOf": [_ref("Reporter"), {"type": "null"}]},
            "source_url": _nullable({"type": "string"}),
            "source_path": _STRING,
            "content_hash": {"type": "string", "pattern": "^[0-9a-f]+$"},
            "warnings": {"type": "array", "items": _STRING},
        },
        description="The record JSON of archive/serialize.py (also `archive show --json`).",
    ),
}

# ----------------------------------------------------------------------------- follow-ups

_STATUS = {"type": "string", "enum": list(FOLLOW_UP_STATUSES)}
_LOCAL_TIME = {
    "type": "string",
    "pattern": "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}$",
    "description": "Local time of the server, YYYY-MM-DDTHH:MM:SS",
}
_PROGRESS = {"type": "integer", "minimum": 0, "maximum": 100, "description": "Per cent done"}
_VERSION = {
    "type": "integer",
    "minimum": 1,
    "description": "Incremented by every change (optimistic locking)",
}
_BREAKDOWN_ROW = {
    "type": "array",
    "description": "[value, items, open items, overdue items]",
    "prefixItems": [_STRING, *[{"type": "integer", "minimum": 0}] * 3],
    "minItems": 4,
    "maxItems": 4,
}


def _breakdown(value: dict[str, Any], description: str) -> dict[str, Any]:
    row = {**_BREAKDOWN_ROW, "prefixItems": [value, *_BREAKDOWN_ROW["prefixItems"][1:]]}
    return {"type": "array", "items": row, "description": description}


_FOLLOW_UP_COMMON = {
    "id": {"type": "string", "description": "`<record id>-<key>`"},
    "record_id": {"type": "integer"},
    "record_title": _STRING,
    "meeting_date": _nullable(_DATE),
    "text": _STRING,
    "status": _STATUS,
    "progress": _PROGRESS,
    "due_date": _nullable(_DATE),
    "overdue": {
        "type": "boolean",
        "description": "Due date passed (against the server's date), not done or cancelled",
    },
    "agencies": {"type": "array", "items": _STRING},
    "assignee": _nullable({"type": "string", "description": "A user name"}),
    "version": _VERSION,
    "removed_from_source": {
        "type": "boolean",
        "description": "No longer in its source document after a re-ingest (kept, not deleted)",
    },
    "manual": {"type": "boolean", "description": "Added by hand, not parsed from the document"},
}

_TRACKING_SCHEMAS: dict[str, Any] = {
    "FollowUpChange": _closed(
        {
            "at": _LOCAL_TIME,
            "user": _nullable({"type": "string", "description": "Who (null: the system)"}),
            "field": {
                "type": "string",
                "description": (
                    "The field changed (status, progress, due_date, agencies, assignee, notes, "
                    "text, removed_from_source), or created, link, note (a note alone)"
                ),
            },
            "old_value": _nullable(
                {"type": "string", "description": "As text; dates ISO, agencies a JSON list"}
            ),
            "new_value": _nullable(_STRING),
            "note": _nullable({"type": "string", "description": "The editor's note"}),
            "version": {"type": "integer", "description": "The item's version after it"},
        },
        description="One history entry: append-only, never edited or deleted.",
    ),
    "FollowUpSummary": _closed(
        {
            **_FOLLOW_UP_COMMON,
            "organization": _nullable(_STRING),
            "mission_group": _nullable(_STRING),
        },
        description="One follow-up item of the list.",
    ),
    "FollowUp": _closed(
        {
            **_FOLLOW_UP_COMMON,
            "notes": {
                "type": "string",
                "description": "Markdown, as typed (plain text in JSON: never rendered here)",
            },
            "links": {
                "type": "array",
                "description": "Later records that report on this item",
                "items": _closed({"record_id": {"type": "integer"}, "title": _STRING}),
            },
            "history": {
                "type": "array",
                "items": _ref("FollowUpChange"),
                "description": "Oldest first",
            },
        },
        description="One follow-up item with its links and its whole history.",
    ),
    "FollowUpCounts": _closed(
        {
            "total": {"type": "integer", "minimum": 0},
            "status": _closed(
                {status: {"type": "integer", "minimum": 0} for status in FOLLOW_UP_STATUSES}
            ),
            "overdue": {"type": "integer", "minimum": 0},
            "agency": _breakdown(_STRING, "By responsible agency"),
            "mission_group": _breakdown(_STRING, "By mission group"),
            "organization": _breakdown(_STRING, "By organisation"),
            "year": _breakdown({"type": "integer"}, "By meeting year (CE), latest first"),
        },
        description="Counts of every filtered item (not only the page).",
    ),
    "FollowUpList": _closed(
        {
            "today": {**_DATE, "description": "The date overdue is computed against"},
            "as_of": _nullable(
                {**_DATE, "description": "The past date the list was rebuilt for, or null"}
            ),
            "total": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "limit": {"type": "integer", "minimum": 1, "maximum": API_MAX_LIMIT},
            "counts": _ref("FollowUpCounts"),
            "items": {
                "type": "array",
                "items": _ref("FollowUpSummary"),
                "maxItems": API_MAX_LIMIT,
            },
        }
    ),
    "FollowUpPatch": {
        "type": "object",
        "description": (
            "Any of the editable fields, an optional note, and the version the change starts "
            "from (required). Fields left out are unchanged; a note alone is recorded too."
        ),
        "properties": {
            "status": _STATUS,
            "progress": _PROGRESS,
            "due_date": {
                "type": ["string", "null"],
                "format": "date",
                "maxLength": 40,
                "description": (
                    "YYYY-MM-DD; D/M/YYYY with a Buddhist-era year (31/03/2562) is also "
                    "accepted; null removes it"
                ),
            },
            "agencies": {
                "type": "array",
                "maxItems": API_MAX_AGENCIES,
                "items": {"type": "string", "maxLength": API_MAX_AGENCY},
                "description": "Responsible agencies (replaces the list)",
            },
            "assignee": {
                "type": ["string", "null"],
                "maxLength": API_MAX_ASSIGNEE,
                "description": "An active user's name; null unassigns",
            },
            "notes": {
                "type": "string",
                "maxLength": MAX_NOTES,
                "description": "Markdown (replaces the notes)",
            },
            "note": {
                "type": ["string", "null"],
                "maxLength": MAX_NOTES,
                "description": "Why: stored with every history entry of this change",
            },
            "version": _VERSION,
        },
        "required": ["version"],
        "additionalProperties": False,
    },
    "Conflict": _closed(
        {
            "error": {"type": "string", "minLength": 1},
            "current_version": {"type": "integer"},
            "your_version": {"type": "integer"},
            "changes": {
                "type": "array",
                "items": _ref("FollowUpChange"),
                "description": "What others changed since your version",
            },
        },
        description="The item changed since the version sent: nothing was saved.",
    ),
}


def _array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    param = {"name": name, "in": "query", "description": description, "schema": schema}
    if schema["type"] == "array":
        param.update(style="form", explode=True)
    return param


_FLAG = {"type": "string", "enum": list(API_FLAGS)}

_FOLLOW_UP_PARAMS = [
    _query("status", _array(_STATUS), "Keep items with this status (repeatable: any of them)."),
    _query("agency", _array(_STRING), "Responsible agency (repeatable)."),
    _query("mission_group", _array(_STRING), "The record's mission group (repeatable)."),
    _query("organization", _array(_STRING), "The record's organisation (repeatable)."),
    _query(
        "year",
        _array({"type": "integer"}),
        "The meeting's year, CE or Buddhist era (2562 = 2019) (repeatable).",
    ),
    _query("assignee", _array(_STRING), "The assigned user's name (repeatable)."),
    _query("overdue", _FLAG, "1: only overdue items."),
    _query("removed", _FLAG, "1: include items removed from their source document."),
    _query("record", {"type": "integer"}, "Only the items of this record."),
    _query("q", {"type": "string", "maxLength": API_MAX_QUERY}, "Words in the item's text."),
    _query(
        "sort",
        {"type": "string", "enum": list(SORTS)},
        "Sort column; default: overdue items first, then by due date.",
    ),
    _query("desc", _FLAG, "1: sort descending."),
    _query("page", {"type": "integer", "minimum": 1, "maximum": 100_000, "default": 1}, "Page."),
    _query(
        "limit",
        {"type": "integer", "minimum": 1, "maximum": API_MAX_LIMIT, "default": API_PER_PAGE},
        "Items per page.",
    ),
    _query(
        "as_of",
        {"type": "string", "format": "date"},
        "The list as it stood at the end of this past date, rebuilt from the history.",
    ),
]

_ITEM_ID = {
    "name": "item_id",
    "in": "path",
    "required": True,
    "description": "A follow-up item's id, as `id` in the list",
    "schema": {"type": "string", "minLength": 1, "maxLength": 40, "pattern": "^[^/]+$"},
}

_READ_SECURITY: list[dict[str, list[str]]] = [{}, {"bearerAuth": []}]
_EDIT_SECURITY: list[dict[str, list[str]]] = [{"bearerAuth": []}]


def _unauthorized(description: str) -> dict[str, Any]:
    return {
        **_error(description),
        "headers": {
            "WWW-Authenticate": {
                "description": 'Bearer realm="api" (with error="invalid_token" for a bad token)',
                "required": True,
                "schema": {"type": "string"},
            }
        },
    }


_READ_401 = _unauthorized(
    "The archive requires login (READ_REQUIRES_LOGIN) and no valid token was sent"
)

_FOLLOW_UP_PATHS: dict[str, Any] = {
    "/api/follow-ups": {
        "get": {
            "operationId": "follow_ups",
            "tags": ["follow-ups"],
            "summary": "Follow-up items: the manager's dashboard as JSON (counts and one page)",
            "security": _READ_SECURITY,
            "parameters": _FOLLOW_UP_PARAMS,
            "responses": {
                "200": _json(_ref("FollowUpList"), "Counts and one page of items"),
                "400": _error("A bad parameter (the message names it)"),
                "401": _READ_401,
            },
        }
    },
    "/api/follow-ups/{item_id}": {
        "parameters": [_ITEM_ID],
        "get": {
            "operationId": "follow_up",
            "tags": ["follow-ups"],
            "summary": "One follow-up item with its history",
            "security": _READ_SECURITY,
            "responses": {
                "200": _json(_ref("FollowUp"), "The item"),
                "401": _READ_401,
                "404": _error("No follow-up item with this id"),
            },
        },
        "patch": {
            "operationId": "update_follow_up",
            "tags": ["follow-ups"],
            "summary": "Change a follow-up item (an editor's or admin's token)",
            "description": (
                "Send the fields to change and the `version` you read. Every changed field "
                "becomes a history entry carrying your user name and `note`; the item's "
                "version goes up by one and the search index (facets status and agency) is "
                "updated at once. If someone else saved first, nothing is saved and the "
                "answer is 409 with their changes."
            ),
            "security": _EDIT_SECURITY,
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": _ref("FollowUpPatch")}},
            },
            "responses": {
                "200": _json(_ref("FollowUp"), "The item after the change"),
                "400": _error("Not a JSON object, an unknown field or a bad value (named)"),
                "401": _unauthorized("No token, or not the token of an active user"),
                "403": _error("The token's user is a viewer"),
                "404": _error("No follow-up item with this id"),
                "409": _json(_ref("Conflict"), "Changed by someone else since `version`"),
                "413": _error("The body is larger than 1 MiB"),
                "415": _error("The body is not application/json"),
            },
        },
    },
}




def _bare(media_type: str) -> str:
    return media_type.split(";")[0]


def _cite(ext: str, media_types: list[str]) -> dict[str, Any]:
    return {
        "get": {
            "operationId": f"cite_{ext}",
            "tags": ["export"],
            "summary": f"One record's citation as .{ext}",
            "parameters": [_param("record_id")],
            "responses": {
                "200": _binary(media_types, "The citation file"),
                "404": {"description": "No record with this id (HTML page)", **_HTML_ERROR},
            },
        }
    }


def _export(ext: str, media_types: list[str]) -> dict[str, Any]:
    return {
        "get": {
            "operationId": f"export_{ext}",
            "tags": ["export"],
            "summary": f"Every hit of a search as .{ext} (at most 5000 records)",
            "parameters": [_param(n) for n in ("q", "sort", "f", "x")],
            "responses": {
                "200": _binary(media_types, "The export file"),
                "400": {
                    "description": "A bad parameter, or too many records (HTML page)",
                    **_HTML_ERROR,
                },
            },
        }
    }


OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "Thai meeting report archive",
        "version": "1.0.0",
        "description": (
            "Search the archive of Thailand's international cooperation meeting reports and "
            "read its records. JSON in UTF-8 (Thai as is). Errors under /api/ are JSON "
            '`{"error": "..."}`: 400 for a bad parameter, 404 for an unknown id or route, '
            "401 without a valid token where one is needed (`Authorization: Bearer <token>`), "
            "403 when the token's user may not do this."
        ),
    },
    "tags": [
        {"name": "api", "description": "The JSON API"},
        {"name": "follow-ups", "description": "Follow-up tracking: the dashboard, items, edits"},
        {"name": "export", "description": "Citation and export downloads (not JSON)"},
    ],
    "paths": {
        "/api/search": {
            "get": {
                "operationId": "search",
                "tags": ["api"],
                "security": _READ_SECURITY,
                "summary": "Search records: hits of one page and facet counts of all of them",
                "parameters": [*_SEARCH_PARAMS, _param("limit")],
                "responses": {
                    "200": _json(_ref("SearchResult"), "The search result"),
                    "400": _error("A bad parameter"),
                    "401": _READ_401,
                    "503": _error("No search index yet (run `archive index`)"),
                },
            }
        },
        "/api/facets": {
            "get": {
                "operationId": "facets",
                "tags": ["api"],
                "security": _READ_SECURITY,
                "summary": "Facet counts of a query, with the facets' Thai and English labels",
                "parameters": [_param(n) for n in ("q", "f", "x")],
                "responses": {
                    "200": _json(_ref("Facets"), "The facet counts"),
                    "400": _error("A bad parameter"),
                    "401": _READ_401,
                    "503": _error("No search index yet (run `archive index`)"),
                },
            }
        },
        "/api/records/{record_id}": {
            "get": {
                "operationId": "record",
                "tags": ["api"],
                "security": _READ_SECURITY,
                "summary": "One record",
                "parameters": [_param("record_id")],
                "responses": {
                    "200": _json(_ref("Record"), "The record"),
                    "401": _READ_401,
                    "404": _error("No record with this id"),
                },
            }
        },
        "/api/openapi.json": {
            "get": {
                "operationId": "openapi",
                "tags": ["api"],
                "security": [{}],
                "summary": "This document",
                "responses": {"200": _json({"type": "object"}, "The OpenAPI document")},
            }
        },
        **_FOLLOW_UP_PATHS,
        **{
            f"/records/{{record_id}}/cite.{f.extension}": _cite(f.extension, [_bare(f.media_type)])
            for f in offered(RECORD)
        },
        **{
            f"/export.{f.extension}": _export(f.extension, [_bare(f.media_type)])
            for f in offered(RESULTS)
        },
    },
    "components": {
        "schemas": {**_SCHEMAS, **_TRACKING_SCHEMAS},
        "parameters": _PARAMETERS,
        "securitySchemes": {
            "bearerAuth": {
                "type": "http",
                "scheme": "bearer",
                "description": (
                    "A personal API token (`archive users token NAME`). Reading needs one "
                    "only when the archive requires login; changing follow-ups needs an "
                    "editor's or an admin's. Session cookies are not accepted."
                ),
            }
        },
    },
}
