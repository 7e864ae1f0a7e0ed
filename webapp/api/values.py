"""The value types the API's schemas are made of: each validates a request value and states
itself in the OpenAPI document, so that the two never differ.

Query values arrive as text and are read as the services read them (Thai digits included);
JSON bodies are strict (no ``"50"`` for 50, no ``true`` for 1).
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

from archive.thai.numbers import whole_number
from archive.tracking.errors import TrackingError
from archive.tracking.fields import parse_date
from indexer.search import service as search_service


def optional(*, schema: dict[str, Any] | None = None, **constraints: Any) -> Any:
    """A field that may be left out but, when sent, holds a value of its type: left out, it
    is not in the model's ``model_fields_set`` (and the document shows no default)."""

    def document(field_schema: dict[str, Any]) -> None:
        field_schema.pop("default", None)
        field_schema.update(schema or {})

    return Field(default=None, json_schema_extra=document, **constraints)


def _query_int(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return whole_number(value)
    except ValueError:
        raise PydanticCustomError(
            "int_parsing", "not a number: {value}", {"value": repr(value[:20])}
        ) from None


QueryInt = Annotated[int, BeforeValidator(_query_int)]
"""A whole number in a URL parameter, read as the services read it (``whole_number``)."""


def _whole_number(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


WholeNumber = Annotated[int, BeforeValidator(_whole_number)]
"""A whole number in a JSON body: ``5`` or ``5.0``, never ``"5"`` nor ``true``."""


def text(limit: int) -> Any:
    """Text of at most ``limit`` characters (pydantic refuses lone surrogates: not Unicode),
    without NUL, which PostgreSQL cannot store in text."""
    return Annotated[str, Field(max_length=limit, pattern=r"^[^\x00]*$")]


def _date_text(value: str) -> str:
    try:
        valid = parse_date(value) is not None
    except TrackingError:
        valid = False
    if not valid:
        raise PydanticCustomError(
            "date", "not a date: {value} (use YYYY-MM-DD)", {"value": repr(value[:40])}
        )
    return value


DateText = Annotated[str, AfterValidator(_date_text)]
"""A date as text: ``YYYY-MM-DD``, or ``D/M/YYYY`` with a Buddhist-era year."""


# ----------------------------------------------------------------------------- facets


def facet_names() -> tuple[str, ...]:
    """The search's facets, read when asked (``indexer.search``: one list)."""
    return tuple(search_service.FACET_NAMES)


def facet_filter_pattern() -> str:
    """A ``field:value`` filter of one of the facets."""
    return "^(%s):.*\\S" % "|".join(facet_names())


def _facet_filter(value: str) -> str:
    if re.search(facet_filter_pattern(), value) is None:
        raise PydanticCustomError(
            "facet_filter",
            "not field:value with a field of {names}: {value}",
            {"names": ", ".join(facet_names()), "value": repr(value[:40])},
        )
    return value


class _FacetFilterPattern:
    """States the facet filter's pattern in the document, with the facets of the moment."""

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        schema["pattern"] = facet_filter_pattern()
        return schema


FacetFilter = Annotated[str, AfterValidator(_facet_filter), _FacetFilterPattern()]
"""``field:value`` of a facet (``country:JP``, ``year:2561``)."""


def keyed_by_facets(schema: dict[str, Any], _model: Any) -> None:
    """A ``json_schema_extra`` that closes an object schema to one property per facet, each
    as its ``additionalProperties`` says (the facets of the moment the document is built)."""
    names = facet_names()
    schema["properties"] = {name: schema["additionalProperties"] for name in names}
    schema["required"] = list(names)
    schema["additionalProperties"] = False
