"""The OpenAPI 3.1 document of the JSON API, served at ``/api/openapi.json``.

Written by hand as data: it states what ``webapp/api.py`` answers (the search service's JSON of
``indexer/search.py``, the record JSON of ``archive/serialize.py``) and
``tests/webapp/test_openapi.py`` checks real responses against it. Change both together.
"""

from __future__ import annotations

from typing import Any

FACET_FIELDS = (
    "year",
    "month",
    "country",
    "city",
    "organization",
    "mission_group",
    "agency",
    "kind",
    "status",
)
"""The facet names of ``indexer.search.FACETS``, in order (a test keeps them in step)."""

_FILTER_PATTERN = "^(%s):.*\\S" % "|".join(FACET_FIELDS)


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
            for name in FACET_FIELDS
        },
        "required": list(FACET_FIELDS),
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
                    name: _closed({"th": _STRING, "en": _STRING}) for name in FACET_FIELDS
                },
                "required": list(FACET_FIELDS),
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
    "FollowUp": _closed(
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
            "follow_ups": {"type": "array", "items": _ref("FollowUp")},
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

_CITE_TYPES = {
    "bib": ["application/x-bibtex"],
    "ris": ["application/x-research-info-systems"],
    "json": ["application/vnd.citationstyles.csl+json"],
}
_EXPORT_TYPES = {
    **_CITE_TYPES,
    "csv": ["text/csv"],
    "xlsx": ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
}


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
            '`{"error": "..."}`: 400 for a bad parameter, 404 for an unknown id or route.'
        ),
    },
    "tags": [
        {"name": "api", "description": "The JSON API"},
        {"name": "export", "description": "Citation and export downloads (not JSON)"},
    ],
    "paths": {
        "/api/search": {
            "get": {
                "operationId": "search",
                "tags": ["api"],
                "summary": "Search records: hits of one page and facet counts of all of them",
                "parameters": [*_SEARCH_PARAMS, _param("limit")],
                "responses": {
                    "200": _json(_ref("SearchResult"), "The search result"),
                    "400": _error("A bad parameter"),
                    "503": _error("No search index yet (run `archive index`)"),
                },
            }
        },
        "/api/facets": {
            "get": {
                "operationId": "facets",
                "tags": ["api"],
                "summary": "Facet counts of a query, with the facets' Thai and English labels",
                "parameters": [_param(n) for n in ("q", "f", "x")],
                "responses": {
                    "200": _json(_ref("Facets"), "The facet counts"),
                    "400": _error("A bad parameter"),
                    "503": _error("No search index yet (run `archive index`)"),
                },
            }
        },
        "/api/records/{record_id}": {
            "get": {
                "operationId": "record",
                "tags": ["api"],
                "summary": "One record",
                "parameters": [_param("record_id")],
                "responses": {
                    "200": _json(_ref("Record"), "The record"),
                    "404": _error("No record with this id"),
                },
            }
        },
        "/api/openapi.json": {
            "get": {
                "operationId": "openapi",
                "tags": ["api"],
                "summary": "This document",
                "responses": {"200": _json({"type": "object"}, "The OpenAPI document")},
            }
        },
        **{f"/records/{{record_id}}/cite.{ext}": _cite(ext, t) for ext, t in _CITE_TYPES.items()},
        **{f"/export.{ext}": _export(ext, t) for ext, t in _EXPORT_TYPES.items()},
    },
    "components": {"schemas": _SCHEMAS, "parameters": _PARAMETERS},
}
