"""Records as the evaluation sees them, and relevance: paths by suffix, country and text rules."""

import pytest

from evaluation.records import RecordSet, short_path


def test_short_path_keeps_folder_and_name_of_absolute_paths():
    assert short_path("/work/shared/seeds/000_a.txt") == "seeds/000_a.txt"
    assert short_path("/x/main/corpus/01_tokyo.txt") == "corpus/01_tokyo.txt"
    assert short_path("2020/09/17/ข่าว_1.txt") == "2020/09/17/ข่าว_1.txt"


def test_relevant_paths_and_rules(records):
    records = RecordSet(records)
    assert records.relevant(["seeds/000_a.txt"]) == {1}
    assert records.relevant(["000_a.txt"]) == {1}  # by suffix
    assert records.relevant(["corpus/99_missing.txt"]) == set()
    assert records.relevant([{"country": "JP"}]) == {2, 3}
    assert records.relevant([{"contains": "ร่วมมือ"}]) == {1, 3}  # title or text
    assert records.relevant([{"contains": "ภัยพิบัติ"}, "seeds/000_a.txt"]) == {1, 2}
    with pytest.raises(ValueError):
        records.relevant([{"venue": "x"}])


def test_entity_rule_reads_titles_in_any_language_and_partners():
    from evaluation.records import EvalRecord

    records = RecordSet(
        [
            EvalRecord(1, "a", "นายกฯ หารือ สปป.ลาว เรื่องการค้า", "ข้อความ"),
            EvalRecord(2, "b", "Thailand and Lao PDR sign MOU", "text"),
            EvalRecord(3, "c", "ประชุมทวิภาคี", "ลาว ในเนื้อความเท่านั้น"),
            EvalRecord(4, "d", "ประชุมทวิภาคี", "x", partners=frozenset({"country:LA"})),
            EvalRecord(5, "e", "Laos", "x"),
            EvalRecord(6, "f", "ภูเขาไฟลาวาปะทุ", "x"),  # "ลาว" inside a word is not Laos
            EvalRecord(7, "g", "การประชุมอเมริกาใต้", "x"),  # nor "ริกา" (Riga) in อเมริกา
        ]
    )
    assert records.relevant([{"entity": "country:LA"}]) == {1, 2, 4, 5}
    assert records.relevant([{"entity": "city:Riga"}]) == set()
    assert records.relevant([{"entity": "org:ASEAN"}]) == set()
    with pytest.raises(ValueError):
        records.relevant([{"entity": "country:ZZ"}])


def test_entity_queries_name_the_entities_most_titles_are_about():
    from evaluation.query_generator import entity_queries
    from evaluation.records import EvalRecord

    titles = ["ไทย-เยอรมนี หารือ", "Germany and Thailand", "เยอรมนีมอบทุน", "อาเซียนประชุม"]
    records = [EvalRecord(i, str(i), t, "") for i, t in enumerate(titles)]
    queries = entity_queries(records)
    assert {"kind": "entity_en", "query": "Germany", "relevant": [{"entity": "country:DE"}]} in (
        queries
    )
    assert {"kind": "entity_th", "query": "เยอรมนี", "relevant": [{"entity": "country:DE"}]} in (
        queries
    )
    assert not any(q["query"] in ("ASEAN", "Thailand") for q in queries)  # too few; everywhere
