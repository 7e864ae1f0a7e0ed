"""Reference tables prepared once and read back from the user's cache folder."""

from __future__ import annotations

import stat

import pytest

from archive.reference import prepared as prepared_module
from archive.reference.gazetteer import _build, _load
from archive.reference.prepared import prepared


def test_built_once_then_read_back(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("ARCHIVE_REFERENCE_CACHE", raising=False)
    built = []

    def build() -> dict[str, list[int]]:
        built.append(1)
        return {"ลาว": [1, 2]}

    assert prepared("sample", build, ["countries.tsv"], ["tables.py"]) == {"ลาว": [1, 2]}
    assert prepared("sample", build, ["countries.tsv"], ["tables.py"]) == {"ลาว": [1, 2]}
    assert len(built) == 1
    (path,) = (tmp_path / "thai-meeting-archive").glob("sample-*.pickle")
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    path.write_bytes(b"not a pickle")  # damaged: built again, and kept again
    assert prepared("sample", build, ["countries.tsv"], ["tables.py"]) == {"ลาว": [1, 2]}
    assert len(built) == 2
    # another source, another file (the old one is removed)
    prepared("sample", build, ["cities.tsv"], ["tables.py"])
    assert len(built) == 3 and len(list(path.parent.glob("sample-*.pickle"))) == 1


def test_switched_off(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("ARCHIVE_REFERENCE_CACHE", "0")
    assert prepared_module.cache_folder() is None
    assert prepared("sample", lambda: 1, ["countries.tsv"], []) == 1
    assert not (tmp_path / "thai-meeting-archive").exists()


def test_prepared_gazetteer_matches_a_fresh_build() -> None:
    kept, fresh = _load(), _build()
    assert kept.places == fresh.places and kept.by_code == fresh.by_code
    text = "นายกฯ เยือน สปป.ลาว และกรุงเวียงจันทน์ พบผู้แทน Lao PDR"
    assert list(kept.matcher.finditer(text)) == list(fresh.matcher.finditer(text))
