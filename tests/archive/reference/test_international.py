"""International organisations and frameworks by their canonical names."""

from __future__ import annotations

from archive.reference.international import (
    find_internationals,
    international_named,
    internationals,
)


def names(text: str) -> list[str]:
    return [m.organization.name for m in find_internationals(text)]


def test_thai_and_english_names_and_acronyms() -> None:
    text = (
        "ผู้แทนสำนักงานว่าด้วยยาเสพติดและอาชญากรรมแห่งสหประชาชาติ (UNODC) ธนาคารโลก ADB "
        "และการประชุมคณะทำงานความร่วมมือด้านการเกษตรล้านช้าง – แม่โขง"
    )
    assert names(text) == ["UNODC", "UNODC", "World Bank", "ADB", "Mekong-Lancang Cooperation"]


def test_acronyms_must_be_written_in_capitals() -> None:
    assert names("WHO and who") == ["WHO"]
    assert names("the UN and un") == ["United Nations"]


def test_the_longest_name_wins() -> None:
    assert names("อาเซียนบวกสาม และอาเซียน") == ["ASEAN Plus Three", "ASEAN"]


def test_lookup_and_table() -> None:
    found = international_named("ไจก้า")
    assert found is not None and found.name == "JICA"
    assert international_named("nothing of the kind") is None
    canonical = [org.name for org in internationals()]
    assert len(canonical) == len(set(canonical))


def test_a_framework_named_in_full_wins_over_the_region_inside_it() -> None:
    text = (
        "การประชุมระดับรัฐมนตรีของประเทศในอนุภูมิภาคลุ่มแม่น้ำโขงเพื่อต่อต้านการค้ามนุษย์ "
        "และสมาพันธ์ทหารผ่านศึกอาเซียน กับองค์การความร่วมมือเซี่ยงไฮ้"
    )
    assert names(text) == ["COMMIT", "VECONAC", "SCO"]
    assert names("สำนักงานยาเสพติดสหประชาชาติ") == ["UNODC"]
