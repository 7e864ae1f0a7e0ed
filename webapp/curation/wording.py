"""The pages' wording of ``archive.curation`` refusals and of record fields, in Thai (the
message ids) with English in the catalogue; never the domain's English read back."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from archive.curation.errors import CurationError

FIELD_LABELS = {  # a key of the record JSON -> its label
    "title": _l("ชื่อเรื่อง"),
    "document_kind": _l("ประเภท"),
    "organization": _l("หน่วยงานเจ้าของเรื่อง"),
    "mission_group": _l("กลุ่มภารกิจ"),
    "venue": _l("สถานที่"),
    "date_start": _l("วันที่เริ่ม"),
    "date_end": _l("วันที่สิ้นสุด"),
    "party_countries": _l("ประเทศคู่เจรจา"),
    "party_organizations": _l("องค์การระหว่างประเทศคู่เจรจา"),
    "meetings": _l("การประชุมในรายงาน"),
    "findings": _l("สาระสำคัญ"),
    "people": _l("บุคคล"),
    "reporter": _l("ผู้รายงาน"),
    "source_url": _l("ที่มา"),
    "withdrawn": _l("การถอนรายงาน"),
    "reason": _l("เหตุผล"),
    "note": _l("หมายเหตุ"),
    "version": _l("รุ่น"),
}

PROBLEMS = {  # code of archive.curation.errors.ENGLISH -> the pages' wording
    "fields.not_editable": _l("แก้ไขช่องเหล่านี้ไม่ได้: %(names)s"),
    "value.type": _l("รูปแบบข้อมูลไม่ถูกต้อง"),
    "text.required": _l("ต้องกรอกช่องนี้"),
    "text.too_long": _l("ยาวเกิน %(limit)s ตัวอักษร"),
    "list.too_long": _l("มีได้ไม่เกิน %(limit)s รายการ"),
    "date.invalid": _l("ไม่ใช่วันที่: %(value)r (ใช้รูปแบบ 31/12/2568, 2025-12-31 หรือ 31 ธันวาคม 2568)"),
    "date.no_such_day": _l("ไม่มีวันนี้ในปฏิทิน: %(value)r"),
    "date.order": _l("วันที่สิ้นสุดอยู่ก่อนวันที่เริ่ม"),
    "kind.unknown": _l("ไม่มีประเภทเอกสาร %(value)r"),
    "country.unknown": _l("ไม่พบประเทศ %(value)r ในฐานข้อมูลชื่อสถานที่"),
    "country.thailand": _l("ไม่ต้องระบุประเทศไทย ให้ระบุเฉพาะคู่เจรจาต่างประเทศ"),
    "city.unknown": _l("ไม่พบเมือง %(value)r ในฐานข้อมูลชื่อสถานที่"),
    "city.country": _l("เมือง %(city)s อยู่ในประเทศ %(city_country)s ไม่ใช่ %(country)s"),
    "organization.unknown": _l("ไม่พบองค์การระหว่างประเทศ %(value)r ในรายชื่ออ้างอิง"),
    "url.invalid": _l("ไม่ใช่ที่อยู่เว็บ http(s): %(value)r"),
    "number.invalid": _l("ไม่ใช่ตัวเลข: %(value)r"),
    "note.required": _l("ต้องระบุเหตุผล"),
    "record.not_found": _l("ไม่มีรายงานเลขที่ %(value)s"),
    "record.withdrawn": _l("รายงานนี้ถูกถอนแล้ว"),
    "record.not_withdrawn": _l("รายงานนี้ไม่ได้ถูกถอน"),
    "record.conflict": _l(
        "มีผู้อื่นแก้ไขรายงานนี้แล้ว (ปัจจุบันเป็นรุ่น %(current)s คุณเริ่มจากรุ่น %(expected)s)"
    ),
    "source.unchanged": _l("ต้นฉบับไม่ได้เปลี่ยนค่าของช่องนี้"),
}


PART_LABELS = {  # the parts of a field's value
    "raw": _l("ข้อความ"),
    "city": _l("เมือง"),
    "country_code": _l("ประเทศ"),
    "name": _l("ชื่อ"),
    "text": _l("ข้อความ"),
    "number": _l("ข้อ"),
    "heading": _l("หัวข้อ"),
    "position": _l("ตำแหน่ง"),
    "unit": _l("หน่วยงาน"),
    "phone": _l("โทร."),
    "venue": _l("สถานที่"),
    "date_start": _l("วันที่เริ่ม"),
    "date_end": _l("วันที่สิ้นสุด"),
}


def field_label(name: str) -> str:
    """A field path ("venue.city", "findings[2].text") as the page reads it: "สถานที่ › เมือง",
    "สาระสำคัญ 3 › ข้อความ"."""
    parts = []
    for i, part in enumerate(re.findall(r"[^.\[\]]+|\[\d+\]", name)):
        if part.startswith("["):
            parts[-1] += f" {int(part[1:-1]) + 1}"
        else:
            labels = FIELD_LABELS if i == 0 else PART_LABELS
            parts.append(str(labels.get(part, part)))
    return " › ".join(parts)


def problem(error: CurationError) -> str:
    """The refusal in the page's language, after the field's label when it names one."""
    detail = str(PROBLEMS[error.code]) % dict(error.params)
    return f"{field_label(error.field)}: {detail}" if error.field else detail


def conflict_json(error: Any, changes: list[Mapping[str, Any]]) -> dict[str, Any]:
    """The API's 409 answer."""
    return {"error": str(error), "current_version": error.current,
            "your_version": error.expected, "changes": changes}


def refused(error: CurationError) -> str:
    """The page's whole message for a refusal."""
    return gettext("ข้อมูลไม่ถูกต้อง – %(detail)s", detail=problem(error))
