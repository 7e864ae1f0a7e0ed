"""Thai sentences of a paragraph."""

from __future__ import annotations

from indexer.extract.sentences import sentence_spans, sentences


def test_a_discourse_word_or_a_new_subject_starts_a_sentence() -> None:
    paragraph = (
        "นายกรัฐมนตรีกล่าวต้อนรับเอกอัครราชทูต ทั้งสองฝ่ายเห็นพ้องที่จะจัดการประชุมร่วม ทั้งนี้ ฝ่ายไทยจะเป็นเจ้าภาพ"
    )
    assert sentences(paragraph) == [
        "นายกรัฐมนตรีกล่าวต้อนรับเอกอัครราชทูต",
        "ทั้งสองฝ่ายเห็นพ้องที่จะจัดการประชุมร่วม",
        "ทั้งนี้ ฝ่ายไทยจะเป็นเจ้าภาพ",  # a piece shorter than a sentence stays with the next
    ]


def test_a_space_inside_a_sentence_does_not_split_it() -> None:
    paragraph = "ผู้แทนกระทรวงการต่างประเทศ และสถานเอกอัครราชทูต สปป. ลาว ร่วมหารือ"
    assert sentences(paragraph) == [paragraph]


def test_a_second_assignment_starts_a_sentence() -> None:
    paragraph = "ที่ประชุมเห็นพ้องให้แลกเปลี่ยนข้อมูล และมอบหมายให้สำนักงานตรวจคนเข้าเมืองเชื่อมโยงข้อมูล"
    assert sentences(paragraph) == [
        "ที่ประชุมเห็นพ้องให้แลกเปลี่ยนข้อมูล",
        "และมอบหมายให้สำนักงานตรวจคนเข้าเมืองเชื่อมโยงข้อมูล",
    ]


def test_enumerated_points_are_sentences_but_the_first_stays_with_its_introduction() -> None:
    paragraph = "ผลการประชุม ได้แก่ ๑) เห็นชอบร่างเอกสาร ๒) จัดทำหนังสือที่ระลึก (3) เตรียมการจัดการประชุม"
    assert sentences(paragraph) == [
        "ผลการประชุม ได้แก่ ๑) เห็นชอบร่างเอกสาร",
        "๒) จัดทำหนังสือที่ระลึก",
        "(3) เตรียมการจัดการประชุม",
    ]


def test_english_sentences_end_at_a_full_stop_but_thai_abbreviations_do_not() -> None:
    english = "They met today. Both sides agreed."
    assert sentences(english) == ["They met today.", "Both sides agreed."]
    thai = "ผู้แทน สปป. ลาว และ ค.ศ. 2021 ร่วมประชุม"
    assert sentences(thai) == [thai]


def test_spans_index_the_paragraph() -> None:
    paragraph = "  นายกรัฐมนตรีกล่าวต้อนรับ ทั้งสองฝ่ายเห็นพ้องที่จะจัดการประชุม  "
    for (start, end), text in zip(sentence_spans(paragraph), sentences(paragraph), strict=True):
        assert paragraph[start:end] == text
        assert text == text.strip()


def test_what_someone_said_starts_its_own_sentence() -> None:
    paragraph = "นายสุรชัย กล่าวว่า ท่านรัฐมนตรีจะเร่งรัดให้มีการลงนามโดยเร็ว"
    assert sentences(paragraph) == ["นายสุรชัย กล่าวว่า", "ท่านรัฐมนตรีจะเร่งรัดให้มีการลงนามโดยเร็ว"]


def test_the_forward_command_is_no_new_sentence() -> None:
    paragraph = "ที่ประชุมยังเห็นชอบให้ ศบค. ส่วนหน้า จบภารกิจที่ 16 ธ.ค. 2564 เป็นต้นไป"
    assert sentences(paragraph) == [paragraph]


def test_a_number_closing_a_bracket_inside_a_listed_item_numbers_no_item() -> None:
    paragraph = (
        "การปรับปรุงภูมิทัศน์สวนป่ามีความก้าวหน้า ดังนี้ 1) จุด check in สวนดอกไม้ (ทางเดินบริเวณบ่อ 2) "
        "และจุด check in สวนดอกไม้ (ทางเดินบริเวณบ่อ 3) จะเปิดกิจกรรม 1 ส.ค. 65 2) ต้นไทรปลูกเพิ่ม "
        "จำนวน 15 ต้น (เข็ม 4) 3) SKY WALK กระจก ดำเนินการหลังพิธีเปิด"
    )
    assert sentences(paragraph) == [
        "การปรับปรุงภูมิทัศน์สวนป่ามีความก้าวหน้า ดังนี้ 1) จุด check in สวนดอกไม้ (ทางเดินบริเวณบ่อ 2) "
        "และจุด check in สวนดอกไม้ (ทางเดินบริเวณบ่อ 3) จะเปิดกิจกรรม 1 ส.ค. 65",
        "2) ต้นไทรปลูกเพิ่ม จำนวน 15 ต้น (เข็ม 4)",
        "3) SKY WALK กระจก ดำเนินการหลังพิธีเปิด",
    ]


def test_a_bracket_left_open_far_back_is_closed_by_no_item_number() -> None:
    paragraph = (
        "3) กลุ่มประเทศเสี่ยงต่ำ (มาจากประเทศในทวีปแอฟริกาไม่รวม 8 ประเทศ ได้แก่ Botswana Eswatini "
        "Lesotho Malawi Mozambique Namibia South Africa Zimbabwe 4) กลุ่มประเทศเสี่ยงสูง"
    )
    assert len(sentences(paragraph)) == 2


def test_a_number_closing_a_list_of_places_in_brackets_numbers_no_item() -> None:
    paragraph = (
        "ทล. ได้ดำเนินการพัฒนาระบบ M-Flow บนทางหลวงพิเศษระหว่างเมืองหมายเลข 9 (ด่านทับช้าง 1, 2 "
        "และด่านธัญบุรี 1, 2) เพื่อแก้ไขปัญหารถติดขัดหน้าด่าน"
    )
    assert sentences(paragraph) == [paragraph]
