"""The query file: valid, every kind present, each kind following its rules."""

import re
from collections import Counter

from archive.reference.entities import entity_by_id
from archive.reference.gazetteer import country_by_code
from evaluation.queries import FILE_KINDS, load_queries
from tests.conftest import CORPUS, SEEDS

THAIGOV_PATH = re.compile(r"^20\d\d/\d\d/\d\d/[^/]+_\d+\.txt$")


def test_query_file_is_valid():
    queries = load_queries()
    assert len(queries) >= 100
    per_kind = Counter(q.kind for q in queries)
    assert set(per_kind) == set(FILE_KINDS)
    assert min(per_kind.values()) >= 15, per_kind
    assert len({(q.kind, q.query) for q in queries}) == len(queries)
    for q in queries:
        for entry in q.relevant:
            if isinstance(entry, dict):
                assert q.kind in ("country_en", "subword", "entity_en", "entity_th"), q
                continue
            if entry.startswith("seeds/"):
                if SEEDS.exists():
                    assert (SEEDS / entry.removeprefix("seeds/")).is_file(), entry
            elif entry.startswith("corpus/"):
                assert (CORPUS / entry.removeprefix("corpus/")).is_file(), entry
            else:
                assert THAIGOV_PATH.match(entry), entry


def test_query_kinds_follow_their_rules():
    thai_only = re.compile("[\u0e01-\u0e4e]+")
    for q in load_queries():
        if q.kind in ("known_title", "known_body", "typo"):
            assert len(q.relevant) == 1 and isinstance(q.relevant[0], str), q
            assert thai_only.fullmatch(q.query), q  # Thai without spaces
        elif q.kind == "subword":
            assert q.relevant == [{"contains": q.query}], q
        elif q.kind == "country_en":
            venue, entity = q.relevant
            country = country_by_code(venue["country"])
            assert country is not None and country.name_en == q.query, q
            assert entity == {"entity": f"country:{country.code}"}, q
        elif q.kind in ("entity_en", "entity_th"):
            (rule,) = q.relevant
            named = entity_by_id(rule["entity"])
            assert named is not None, q
            assert q.query == (named.name_en if q.kind == "entity_en" else named.name_th), q
        elif q.kind == "mixed":
            assert re.search("[A-Za-z]", q.query) and re.search("[\u0e01-\u0e4e]", q.query), q
