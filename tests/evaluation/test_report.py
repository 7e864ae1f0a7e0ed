"""The report's table: kind x metric rows, the project in bold where no baseline beats it."""

from evaluation.report import markdown_table


def test_table_rows_bold_and_skipped_columns():
    table = {
        ("typo", "project"): (0.75, 0.5, 0.75),
        ("typo", "trigram"): (0.0, 0.6, 0.0),
    }
    counts = {"typo": 20}
    text = markdown_table(table, counts, ["project", "icu", "trigram"], {"icu": "no PyICU"})
    assert text.splitlines() == [
        "| kind | n | metric | project | icu | trigram |",
        "| --- | ---: | --- | ---: | ---: | ---: |",
        "| typo | 20 | success@10 | **0.750** | skipped | 0.000 |",
        "|  |  | MRR@10 | 0.500 | skipped | 0.600 |",
        "|  |  | precision@10 | **0.750** | skipped | 0.000 |",
    ]
