"""``fold``, the comparison key of names: pythainlp's normaliser only where it may change the
text (it is not imported for the rest), with the same keys as always calling it."""

from __future__ import annotations

import json
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st
from pythainlp.util import normalize as thai_normalize

from archive.thai.normalize import clean_text, collapse_spaces, fold, thai_to_arabic_digits
from tests.conftest import ROOT


def _always_normalised(text: str) -> str:
    """``fold`` as it was, for text without odd dashes: pythainlp's normaliser every time."""
    return collapse_spaces(thai_normalize(thai_to_arabic_digits(clean_text(text)).lower()))


THAI_AND_SPACES = st.lists(
    st.sampled_from(
        [chr(c) for c in range(0x0E01, 0x0E5C)] + [" ", "  ", "\n", "\u200b", "\u200c", "a", "-"]
    ),
    max_size=12,
).map("".join)


@given(THAI_AND_SPACES)
@settings(max_examples=3000, deadline=None)
def test_fold_is_the_same_as_always_normalising(text: str) -> None:
    assert fold(text) == _always_normalised(text)


def test_fold_repairs_thai_and_keys_names() -> None:
    assert fold("เเปลก") == "แปลก"  # two sara e: sara ae
    assert fold("นานาาา") == "นานา"
    assert fold("กรุงเวียงจันทน์") == "กรุงเวียงจันทน์"
    assert fold("  Lao\u00a0 PDR\n") == "lao pdr"
    assert fold("สปป.ลาว ๒๕๖๓") == "สปป.ลาว 2563"


def test_fold_of_plain_names_does_not_import_pythainlp() -> None:
    code = (
        "import json, sys\n"
        "from archive.thai.normalize import fold\n"
        "keys = [fold(n) for n in ('Laos', 'ASEAN+3', 'กรุงเวียงจันทน์', 'ความร่วมมือ')]\n"
        "print(json.dumps([keys, 'pythainlp' in sys.modules]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    keys, imported = json.loads(out.stdout)
    assert keys == ["laos", "asean+3", "กรุงเวียงจันทน์", "ความร่วมมือ"]
    assert imported is False
