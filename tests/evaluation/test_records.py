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
