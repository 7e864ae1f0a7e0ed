"""Follow-up actions from running prose: agreed, assigned and planned steps, and what is not."""

from __future__ import annotations

from datetime import date

import pytest

from indexer.extract.commitments import is_action, items_from_prose


@pytest.mark.parametrize(
    "sentence",
    [
        # agreed
        "ทั้งสองฝ่ายเห็นพ้องที่จะกำหนดอัตราค่าบริการของบริษัทจัดหางานให้ชัดเจนและเปิดเผยต่อสาธารณะ",
        "ทั้งสองฝ่ายเห็นพ้องให้มีการจัดการประชุมคณะกรรมาธิการเขตแดนร่วมไทย - กัมพูชา (JBC) ครั้งที่ 6",
        "ที่ประชุมเห็นควรให้พัฒนาศูนย์แรกรับแรงงานที่เดินทางกลับ บริเวณชายแดนแม่สอด – เมียวดี",
        "ยืนยันคำมั่นที่จะสนับสนุนเงินจำนวน 200 ล้านดอลลาร์สหรัฐแก่กองทุน",
        # assigned
        "ที่ประชุมมอบหมายให้กรมการจัดหางานและกรมสวัสดิการและคุ้มครองแรงงาน จัดทำคู่มือการจ้างแรงงาน",
        "ให้สำนักงานประกันสังคมพิจารณาแนวทางอำนวยความสะดวกการรับสิทธิประโยชน์ทดแทนของแรงงาน",
        "มีกรมควบคุมโรค เป็นหน่วยงานหลัก โดยทบทวนแผนการปฏิบัติที่ดีในการรณรงค์ลดการบริโภคเกลือ",
        "ผู้นำทั้งสองต่างขอให้นำแผนดังกล่าวไปปฏิบัติให้เป็นรูปธรรมโดยเร็วที่สุด",
        "ที่ประชุมยังได้กำชับเรื่องการใช้จ่ายงบประมาณให้ใช้อย่างคุ้มค่าและเป็นประโยชน์มากที่สุด",
        "กำชับจังหวัดที่มีอัตราผู้เสียชีวิตเกินร้อยละ 5 เร่งจัดทำแผนลดอุบัติเหตุทางถนน",
        # planned, with a Thai or joint actor
        "ฝ่ายไทยจะเป็นเจ้าภาพการประชุมครั้งที่ 8 ที่กรุงเทพมหานคร ในช่วงปลายปี 2563",
        "กระทรวงศึกษาธิการจะประสานความร่วมมือกับสถานเอกอัครราชทูตฟินแลนด์อย่างใกล้ชิด",
        "ในปีหน้าคาดว่าทั้งสองฝ่ายจะสามารถลงนามในความตกลงด้านการศึกษาระหว่างกันได้",
        "เตรียมผลักดันการทำเอ็มโอยู เพื่อส่งเสริมและต่อยอดความร่วมมือด้านเศรษฐกิจดิจิทัล",
        "Both leaders agreed to task relevant agencies to set up a joint working group.",
    ],
)
def test_actions(sentence: str) -> None:
    assert is_action(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        # readiness and wishes
        "นายกรัฐมนตรียืนยันว่าไทยพร้อมสนับสนุนการจัดทำความตกลงด้านการค้าระหว่างกัน",
        "ไทยยินดีที่จะเข้าร่วมการประชุมสุดยอด BIMSTEC ครั้งต่อไป",
        "ทั้งสองฝ่ายยังหวังเป็นอย่างยิ่งว่าจะมีพิธีลงนามในโอกาสแรก",
        # things done
        "นางสาวเกตสุดา ได้รับมอบหมายเป็นผู้แทนรัฐมนตรีว่าการกระทรวงการคลังเข้าร่วมการประชุม",
        # agreement in general terms
        "ทั้งสองฝ่ายเห็นพ้องที่จะกระชับความร่วมมือในทุกมิติ",
        "Both parties agreed to further promote tourism activities between the two countries.",
        # the foreign side's own plan, a forecast, a policy statement
        "ในเดือนเมษายน 2565 ITU จะจัดงาน Girls in ICT Day 2022 เพื่อสนับสนุนเด็กหญิง",
        "โดยคาดการณ์ว่า ในปี 2563 เศรษฐกิจอาเซียนจะหดตัวร้อยละ 3.8",
        "ไทยจะคุ้มครองดูแลแรงงานเมียนมาในประเทศไทยเสมือนที่ดูแลแรงงานไทย",
        # a proposal not agreed
        "นายกรัฐมนตรีเสนอให้อาเซียนจัดตั้งกองทุนรับมือโรคระบาด",
        # emphasis, or an instruction given before
        "ได้กำชับ ให้ความสำคัญกับการดูแลประชาชนในพื้นที่",
        "ได้กำชับถึงความสำคัญของการป้องกันการแพร่ระบาด",
        "ตามที่นายกรัฐมนตรีได้กำชับไว้ในการประชุมครั้งก่อน",
    ],
)
def test_not_actions(sentence: str) -> None:
    assert not is_action(sentence)


def test_two_agreements_in_one_sentence_are_two_items_and_keep_their_own_dates() -> None:
    paragraph = (
        "ในตอนท้าย ที่ประชุมเห็นชอบให้สำนักงานคณะกรรมการป้องกันและปราบปรามยาเสพติด จัดทำแผนปฏิบัติการร่วม "
        "ให้แล้วเสร็จภายในวันที่ ๓๑ มีนาคม ๒๕๖๒ และเห็นชอบให้ไทยเป็นเจ้าภาพการประชุมครั้งที่ ๑๐ "
        "ซึ่งจะจัดขึ้นในระหว่างวันที่ ๒๐ – ๒๒ สิงหาคม ๒๕๖๒ ที่จังหวัดหนองคาย"
    )
    first, second = items_from_prose([paragraph], after=date(2018, 11, 29))
    assert first.text.startswith("ที่ประชุมเห็นชอบให้สำนักงานคณะกรรมการ")
    assert first.due_date == date(2019, 3, 31)
    assert first.agencies == ["สำนักงานคณะกรรมการป้องกันและปราบปรามยาเสพติด"]
    assert second.text.startswith("เห็นชอบให้ไทยเป็นเจ้าภาพ")
    assert second.due_date is None  # the next meeting's dates are no deadline


def test_an_agreed_enumeration_gives_one_item_a_point() -> None:
    paragraph = (
        "ทั้งสองฝ่ายเห็นพ้องที่จะดำเนินความร่วมมือใน 3 ด้าน ได้แก่ 1) การเพิ่มเที่ยวบินตรงระหว่างกัน "
        "2) การพัฒนาเส้นทางท่องเที่ยวทางบก 3) การส่งเสริมการท่องเที่ยวคุณภาพ"
    )
    texts = [item.text for item in items_from_prose([paragraph])]
    assert texts == [
        "ทั้งสองฝ่ายเห็นพ้องที่จะดำเนินความร่วมมือใน 3 ด้าน ได้แก่ 1) การเพิ่มเที่ยวบินตรงระหว่างกัน",
        "2) การพัฒนาเส้นทางท่องเที่ยวทางบก",
        "3) การส่งเสริมการท่องเที่ยวคุณภาพ",
    ]


def test_a_numbered_press_release_decision_gives_one_item_per_action() -> None:
    """RULES.md: an action is one clause; a decision that agrees on one thing and assigns another
    holds two actions, the deadline staying with the assignment it belongs to."""
    paragraph = (
        "1. การแลกเปลี่ยนข้อมูล : ที่ประชุมเห็นพ้องให้มีการแลกเปลี่ยนข้อมูลผ่านช่องทางที่เป็นทางการ "
        "และมอบหมายให้สำนักงานตรวจคนเข้าเมืองเชื่อมโยงข้อมูล ให้แล้วเสร็จภายในวันที่ ๑๕ ต.ค. ๖๕"
    )
    agreed, assigned = items_from_prose([paragraph])
    assert agreed.text.endswith("ที่ประชุมเห็นพ้องให้มีการแลกเปลี่ยนข้อมูลผ่านช่องทางที่เป็นทางการ")
    assert agreed.due_date is None
    assert assigned.text.startswith("มอบหมายให้สำนักงานตรวจคนเข้าเมือง")
    assert assigned.agencies == ["สำนักงานตรวจคนเข้าเมือง"]
    assert assigned.due_date == date(2022, 10, 15)


def test_a_progress_meeting_the_organiser_will_hold_is_its_item_without_due_date() -> None:
    """RULES.md: "จะจัด…" with a Thai actor is a planned step; the next meeting's date is no
    deadline."""
    paragraph = "ทั้งนี้ กอ.รมน. จะจัดการประชุมติดตามความคืบหน้าอีกครั้งในต้นเดือนพฤศจิกายน ๒๕๖๕"
    (item,) = items_from_prose([paragraph])
    assert item.text == "กอ.รมน. จะจัดการประชุมติดตามความคืบหน้าอีกครั้งในต้นเดือนพฤศจิกายน ๒๕๖๕"
    assert item.agencies == ["กองอำนวยการรักษาความมั่นคงภายในราชอาณาจักร"]
    assert item.due_date is None


def test_paragraphs_without_a_cue_are_not_split() -> None:
    assert items_from_prose(["นายกรัฐมนตรีกล่าวต้อนรับเอกอัครราชทูตอย่างอบอุ่น"]) == []


@pytest.mark.parametrize(
    "sentence",
    [
        # who represents Thailand at the meeting reported is no task after it
        "มอบหมายให้ นายปรเมศวร์ งามพิเชษฐ์ ผู้ช่วยรัฐมนตรีประจำกระทรวงวัฒนธรรม เข้าร่วมการประชุมวาระที่ ๓",
        # a foreign guest agreeing, named in Latin script or as "ฝ่าย<country>"
        "ในขณะเดียวกัน H.E. Erica J. Barks – Ruggles ได้แนะนำผู้สมัคร และได้เห็นพ้องที่จะร่วมผลักดัน"
        "การจัดอบรมร่วมกับไทย",
        "ซึ่งฝ่ายเวียดนามเห็นว่าประเทศไทยมีสหกรณ์การเกษตรที่เข้มแข็ง จึงมอบหมายให้เจ้าหน้าที่มาดูงาน",
        # agreeing to promote something abstract
        "โดยทั้งสองฝ่ายเห็นพ้องที่จะพิจารณาสนับสนุนการดำเนินงานภายใต้กรอบ ITU ให้เกิดผลอย่างเป็นรูปธรรม",
        "ทั้งสองฝ่ายจะร่วมกันส่งเสริมความเชื่อมโยงทางเศรษฐกิจและการพัฒนาที่ยั่งยืนในอนุภูมิภาค",
        # background: what was assigned before
        "ตามที่ดร.เฉลิมชัย ศรีอ่อน รัฐมนตรีว่าการกระทรวงเกษตรและสหกรณ์มอบหมายให้ นายอลงกรณ์ พลบุตร ดูแล",
    ],
)
def test_not_actions_either(sentence: str) -> None:
    assert not is_action(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "ที่ประชุม ศบค. มีมติเห็นชอบการเตรียมเปิดด่านทางบกรับนักท่องเที่ยวแบบ Test and Go",
        "หน่วยงานที่เกี่ยวข้องต้องดำเนินการเตรียมความพร้อมในเรื่องระบบการตรวจ Vaccine Certificate",
        "ขอให้ทุกเหล่าทัพ เตรียมการสนับสนุน ศบค.ในการดูแลประชาชน เพื่อรับการเปิดประเทศ",
        "ท่านสุชาติ ชมกลิ่น รมว.แรงงาน จะเร่งรัดให้มีการลงนามโดยเร็วที่สุด",
        "คณะทำงานฯ จะนำข้อมูลที่ได้ไปสังเคราะห์เพื่อใช้ในการจัดทำเอกสารประกอบการลงสมัคร",
        "สำหรับการประชุมทวิภาคี ครั้งที่ 19 จะจัดขึ้นที่ประเทศไทย",
    ],
)
def test_more_actions(sentence: str) -> None:
    assert is_action(sentence)


def test_the_items_of_an_agreed_list_may_be_paragraphs_of_their_own() -> None:
    paragraphs = [
        "ประเด็นความมั่นคง ทั้งสองฝ่ายจะร่วมกันดำเนินการ อาทิ 1)ป้องกันการลักลอบข้ามแดนผิดกฎหมาย",
        "2)เปิดศูนย์ฟื้นฟูสมรรถภาพผู้ติดยาเสพติดในจังหวัดพระสีหนุ",
        "นายกรัฐมนตรีกล่าวขอบคุณ",
        "3)ข้อความที่ไม่อยู่ในรายการ",
    ]
    texts = [item.text for item in items_from_prose(paragraphs)]
    assert texts == [paragraphs[0].split(" ", 1)[1], paragraphs[1]]


def test_a_line_cut_after_the_assignment_is_joined() -> None:
    paragraphs = ["นายกรัฐมนตรีได้สั่งการให้", "กระทรวงสาธารณสุขจัดทำแนวทางลดวันกักตัวภายในเดือนนี้"]
    (item,) = items_from_prose(paragraphs)
    assert item.text == "นายกรัฐมนตรีได้สั่งการให้ กระทรวงสาธารณสุขจัดทำแนวทางลดวันกักตัวภายในเดือนนี้"


@pytest.mark.parametrize(
    "sentence",
    [
        # a request to act made in the meeting, to an office or to all present (sets e-h)
        "ขอให้ กทพ. พิจารณาแนวทางร่วมลงทุนที่เหมาะสมในการดำเนินการ",
        # a decision of the meeting
        "ที่ประชุมคณะกรรมการโรคติดต่อแห่งชาติมีมติเห็นชอบร่างประกาศยกเลิกท้องที่นอกราชอาณาจักร",
        "มติที่ประชุมเห็นชอบให้นำมาตรการทางกฎหมายเพื่อมาบังคับใช้อย่างเป็นรูปธรรม",
    ],
)
def test_requests_and_decisions_of_the_meeting(sentence: str) -> None:
    assert is_action(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "ขอให้ทุกท่านมีความสุขและประสบความสำเร็จในการประชุมครั้งนี้",  # a wish
        "คณะกรรมการน้ำตาลทราย มีมติเลือกนายอำพันธุ์ เวฬุตันติ เป็นประธาน",  # an election, done
        "ที่ประชุมมีมติที่สำคัญ ดังนี้",  # a heading, the decisions follow
    ],
)
def test_wishes_elections_and_headings_are_not_decisions(sentence: str) -> None:
    assert not is_action(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "ให้ท่าอากาศยานเตรียมความพร้อมเพื่อรองรับการเพิ่มเที่ยวบินของสายการบิน",
        "3) ให้แบ่งมอบพื้นที่ ภารกิจ หน่วยงานรับผิดชอบให้ชัดเจนตามแผนเผชิญเหตุอุทกภัย",
        "รองนายกรัฐมนตรี กำชับให้เจ้าหน้าที่ตำรวจช่วยกวดขันการกระทำที่ผิดวินัยจราจรอย่างสม่ำเสมอ",
    ],
)
def test_instructions_given_in_a_meeting(sentence: str) -> None:
    assert is_action(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "ให้ความสำคัญกับการพัฒนาทรัพยากรมนุษย์ในภูมิภาค",  # "give importance", no instruction
        "ได้แจ้งให้ที่ประชุมทราบถึงการออกพันธบัตรเพื่ออนุรักษ์สิ่งแวดล้อม",  # informing, done
        "การเข้าร่วมการประชุมครั้งนี้ จึงเป็นการเน้นย้ำให้เห็นถึงการให้ความสำคัญกับประเด็นดังกล่าว",
    ],
)
def test_not_instructions(sentence: str) -> None:
    assert not is_action(sentence)


def test_what_the_meeting_approved_is_a_follow_up() -> None:
    assert is_action("ที่ประชุมยังได้เห็นชอบการปรับปรุงมาตรฐานควบคุมการปล่อยมลพิษจากโรงงานอุตสาหกรรม")
    assert is_action("โดยที่ประชุมร่วมพิจารณา และให้ความเห็นชอบ การขอขยายระยะเวลาการดำเนินงานของแผน")


def test_a_thai_offices_next_step_counts_in_a_domestic_meeting_only() -> None:
    sentence = "กรมท่าอากาศยานจะเปิดให้บริการตรวจคัดกรองผู้โดยสารทุกท่าอากาศยาน"
    assert is_action(sentence, domestic=True)
    assert not is_action(sentence)  # in talks with a foreign side it may be an outlook
    assert not is_action("มาตรการนี้จะทำให้เกษตรกรมีรายได้เพิ่มขึ้น", domestic=True)  # an outcome
    items = items_from_prose(["โดยจะเริ่มนำร่องใช้รถยนต์ไฟฟ้าในส่วนราชการก่อน"], domestic=True)
    assert [item.text for item in items] == ["โดยจะเริ่มนำร่องใช้รถยนต์ไฟฟ้าในส่วนราชการก่อน"]
    assert is_action("สปสช. เตรียมกระจายชุดตรวจ ATK เพื่อให้ประชาชนตรวจหาเชื้อด้วยตนเอง", domestic=True)


def test_assignees_named_by_acronym_or_office_held() -> None:
    assert is_action("ขอให้ผู้ตรวจราชการทุกท่าน ตรวจติดตามการขับเคลื่อนนโยบายสำคัญของรัฐบาล")
    assert is_action("และให้ กฟผ. ปรับรูปแบบการลงทุนจากโครงการ FSRU ในพื้นที่อ่าวไทยตอนบน")


def test_points_inside_an_item_of_an_agreed_list_are_not_items() -> None:
    paragraph = (
        "ทั้งสองฝ่ายเห็นพ้องที่จะดำเนินความร่วมมือใน 2 ด้าน ได้แก่ 1) การจัดทำแผนยุทธศาสตร์ลุ่มน้ำโขง "
        "2) การคุ้มครองพื้นที่ชุ่มน้ำ 2 แห่ง ได้แก่ 1. แม่น้ำสงครามตอนล่าง จ.นครพนม "
        "2. อุทยานแห่งชาติเขาใหญ่ 3) การแลกเปลี่ยนข้อมูลน้ำ"
    )
    texts = [item.text for item in items_from_prose([paragraph])]
    assert [t[:2] for t in texts] == ["ทั", "2)", "3)"]  # "1.", "2." are points of item 2)
    assert not [t for t in texts if t.startswith("2. ")]


def test_a_bracketed_date_is_no_item_number() -> None:
    assert not is_action("ที่ประชุม ครม. (28 ธ.ค. 64) มีมติเห็นชอบร่าง พ.ร.ก.แก้ไขเพิ่มเติม")


def test_approving_documents_at_the_meeting_is_no_follow_up() -> None:
    assert not is_action("ที่ประชุมให้ความเห็นชอบเอกสารทั้งหมด 27 ฉบับ และรับทราบเอกสารทั้งหมด 6 ฉบับ")
    assert not is_action("ที่ประชุมเห็นชอบต่อรายงานการประเมินผลกระทบสิ่งแวดล้อม (EIA) โครงการรถไฟฟ้า")


def test_a_request_with_no_addressee_is_a_follow_up_in_a_domestic_meeting_only() -> None:
    request = "ขอให้ดำเนินการติดตามสถานการณ์การแพร่ระบาดของโรคติดเชื้อไวรัสโคโรนา ๒๐๑๙ อย่างใกล้ชิด"
    assert is_action(request, domestic=True)
    # in talks with a foreign side it asks the other side ("…จึงขอให้ทำการศึกษาผลกระทบ…")
    assert not is_action(request)


def test_a_foreign_leader_asking_is_not_a_thai_follow_up() -> None:
    assert not is_action(
        "นายชัยวุฒิ ย้ำว่า ความร่วมมือครั้งนี้เป็นการประสานงานกันตั้งแต่ในระดับนายกรัฐมนตรี และทาง"
        "นายกรัฐมนตรีของกัมพูชา ขอความร่วมมือให้ช่วยปราบปรามแก๊งคอลเซ็นเตอร์"
    )


def test_a_standing_policy_and_approved_papers_are_background() -> None:
    assert not is_action(
        "ตามนโยบายของ นายศักดิ์สยาม ชิดชอบ รัฐมนตรีว่าการกระทรวงคมนาคม ที่ได้สั่งการให้ทุกหน่วยงาน"
        "ในสังกัดดูแลความปลอดภัยการเดินทางของประชาชน"
    )
    paragraph = (
        "ที่ประชุมได้พิจารณารายงาน EIA จำนวน 2 โครงการ โดยมีมติ ดังนี้ 1) เห็นชอบต่อรายงานการประเมินผล"
        "กระทบสิ่งแวดล้อม โครงการรถไฟฟ้าสายสีชมพู 2) เห็นชอบรายงาน EIA โครงการรถไฟความเร็วสูง"
    )
    assert items_from_prose([paragraph], domestic=True) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "จังหวัดศรีสะเกษมีกำหนดจะจัดงานเทศกาลทุเรียนภูเขาไฟ ระหว่างวันที่ 9-15 มิ.ย. 2565",
        "ให้มีการยกระดับ ศบค. โดยให้เป็นศูนย์กลางในการแก้ไขปัญหา",
        "ในส่วนของกระทรวงแรงงานจะได้มีการประสานสำนักงานประกันสังคมเพื่อช่วยเหลือลูกจ้าง",
        "ที่ประชุมพิจารณาจัดตั้งทีมเฉพาะกิจดำเนินการเรื่องการเชื่อมโยงข้อมูลเรื่องร้องเรียน",
    ],
)
def test_more_next_steps_of_a_domestic_meeting(sentence: str) -> None:
    assert is_action(sentence, domestic=True)


def test_a_sentence_of_several_instructions_gives_one_item_an_instruction() -> None:
    sentence = (
        "รองนายกรัฐมนตรียังได้สั่งการให้ สทนช.ติดตามสถานการณ์น้ำโขงอย่างใกล้ชิด "
        "เนื่องจากในช่วงเดือนพฤศจิกายนนี้พบว่ายังมีปริมาณฝนในแม่น้ำโขงและลำน้ำสาขา "
        "รวมถึงกำชับให้ สทนช. และกระทรวงการต่างประเทศ ประสานความร่วมมือ "
        "แลกเปลี่ยนข้อมูลการระบายน้ำจากเขื่อนในแม่น้ำโขงอย่างใกล้ชิด ภายในวันที่ 30 พฤศจิกายน 2563"
    )
    items = items_from_prose([sentence], after=date(2020, 11, 18), domestic=True)
    assert [item.text for item in items] == [
        "รองนายกรัฐมนตรียังได้สั่งการให้ สทนช.ติดตามสถานการณ์น้ำโขงอย่างใกล้ชิด "
        "เนื่องจากในช่วงเดือนพฤศจิกายนนี้พบว่ายังมีปริมาณฝนในแม่น้ำโขงและลำน้ำสาขา",
        "กำชับให้ สทนช. และกระทรวงการต่างประเทศ ประสานความร่วมมือ "
        "แลกเปลี่ยนข้อมูลการระบายน้ำจากเขื่อนในแม่น้ำโขงอย่างใกล้ชิด ภายในวันที่ 30 พฤศจิกายน 2563",
    ]
    assert items[0].due_date is None  # the deadline is the second instruction's
    assert items[1].due_date == date(2020, 11, 30)
    assert "กระทรวงการต่างประเทศ" in items[1].agencies


def test_a_plan_joined_to_an_instruction_is_an_item_of_its_own() -> None:
    sentence = (
        "รัฐมนตรีว่าการกระทรวงเกษตรและสหกรณ์ ได้สั่งการให้ตั้งคณะติดตามสถานการณ์ราคายางพาราผันผวน "
        "โดยมอบให้ปลัด กษ. เป็นประธานคณะกรรมการ "
        "และจะเชิญผู้ประกอบกิจการมาเพื่อขอความร่วมมือในการดำเนินการแก้ไขปัญหาราคายางอย่างเร่งด่วน"
    )
    assert [item.text for item in items_from_prose([sentence], domestic=True)] == [
        "รัฐมนตรีว่าการกระทรวงเกษตรและสหกรณ์ ได้สั่งการให้ตั้งคณะติดตามสถานการณ์ราคายางพาราผันผวน "
        "โดยมอบให้ปลัด กษ. เป็นประธานคณะกรรมการ",
        "จะเชิญผู้ประกอบกิจการมาเพื่อขอความร่วมมือในการดำเนินการแก้ไขปัญหาราคายางอย่างเร่งด่วน",
    ]


def test_a_clause_of_the_other_side_joined_to_a_thai_action_stays_no_item() -> None:
    sentence = (
        "ทั้งสองฝ่ายเห็นพ้องที่จะจัดการประชุมคณะกรรมาธิการร่วมครั้งต่อไปในปี 2565 "
        "โดยฝ่ายมาเลเซียจะจัดส่งคณะผู้แทนด้านรถไฟความเร็วสูงมาหารือรายละเอียด"
    )
    texts = [item.text for item in items_from_prose([sentence])]
    assert len(texts) == 1
    assert texts[0].startswith("ทั้งสองฝ่ายเห็นพ้องที่จะจัดการประชุม")


def test_a_further_instruction_after_the_first_is_its_own_item_for_the_same_office() -> None:
    paragraph = (
        "โดยย้ำ ขอให้ ทร.ให้ความสำคัญ ในการดูแลรักษาความปลอดภัยทางน้ำและเส้นทางสำคัญในพื้นที่ "
        "รวมทั้งให้ประสานกับ ตร.ท้องที่ อำนวยความสะดวกการจราจรกับประชาชนในพื้นที่พร้อมกันไป"
    )
    items = items_from_prose([paragraph])
    assert [item.text for item in items] == [
        "โดยย้ำ ขอให้ ทร.ให้ความสำคัญ ในการดูแลรักษาความปลอดภัยทางน้ำและเส้นทางสำคัญในพื้นที่",
        "ให้ประสานกับ ตร.ท้องที่ อำนวยความสะดวกการจราจรกับประชาชนในพื้นที่พร้อมกันไป",
    ]
    assert [item.agencies for item in items] == [["กองทัพเรือ"], ["กองทัพเรือ"]]


def test_a_second_verb_without_a_request_stays_with_the_first() -> None:
    paragraph = (
        "โดยมอบหมายให้สำนักงานคณะกรรมการการรักษาความมั่นคงปลอดภัยไซเบอร์แห่งชาติ จัดตั้งศูนย์"
        "ปฏิบัติการเฝ้าระวังภัยไซเบอร์ตลอด ๒๔ ชั่วโมง ในช่วงการประชุม และประสานแลกเปลี่ยนข้อมูล"
        "ภัยคุกคามกับหน่วยงานด้านไซเบอร์ของประเทศที่เข้าร่วมประชุม"
    )
    assert len(items_from_prose([paragraph])) == 1


def test_who_was_sent_to_the_meeting_reported_is_no_task_but_one_sent_on_a_task_is() -> None:
    reported = (
        "มอบหมายให้ นางธิวัลรัตน์ อังกินันทน์ ที่ปรึกษารัฐมนตรีว่าการกระทรวงแรงงาน ลงพื้นที่จังหวัดเพชรบุรี "
        "หารือร่วมกับชาวประมงจังหวัดเพชรบุรี ณ องค์การบริหารส่วนตำบลบางแก้ว"
    )
    assert items_from_prose([reported], domestic=True) == []
    task = (
        "นายกรัฐมนตรีได้มอบหมายให้นายสมชาย ใจดี รัฐมนตรีว่าการกระทรวงมหาดไทย "
        "ลงพื้นที่ตรวจสอบความเสียหายและรายงานผลโดยเร็ว"
    )
    assert len(items_from_prose([task], domestic=True)) == 1
    supposed = (
        "สมมติว่าเกิดเหตุ นายกรัฐมนตรีได้มอบหมายให้นายสมชาย ใจดี เป็นผู้แทนเข้าร่วมประชุมสุดยอดอาเซียน"
    )
    assert items_from_prose([supposed], domestic=True) == []


def test_a_request_to_another_addressee_does_not_inherit_the_office() -> None:
    paragraph = (
        "มอบหมายให้กระทรวงมหาดไทยเร่งให้ความช่วยเหลือผู้ประสบภัยโดยเร็ว "
        "และขอให้หน่วยงานที่เกี่ยวข้องเร่งสำรวจความเสียหายในพื้นที่"
    )
    assert [item.agencies for item in items_from_prose([paragraph], domestic=True)] == [
        ["กระทรวงมหาดไทย"],
        [],
    ]


def test_an_instruction_right_after_an_officials_abbreviated_title_is_an_action() -> None:
    sentence = (
        "รมช.กห. ได้ย้ำนโยบายของ พล.อ.ประยุทธ์ จันทร์โอชา นรม.และรมว.กห.ให้ ศปม.โดยทุกเหล่าทัพและ"
        "ตำรวจ เตรียมสนับสนุนการปรับมาตรการควบคุมโรคของ ศบค.ที่จะมีผลตั้งแต่ 1 ก.ย.64"
    )
    assert is_action(sentence, domestic=True)
    assert not is_action("ผลการประชุม 2564.ให้ความสำคัญกับการส่งออก", domestic=True)


def test_a_plan_of_both_sides_or_of_thailand_is_an_action() -> None:
    assert is_action("โดยทั้งสองฝ่ายวางแผนจะจัดกิจกรรมเพื่อเฉลิมฉลองวาระสำคัญดังกล่าว")
    assert is_action(  # three sides, after "moreover" written without a space
        "รวมทั้งเปิดโอกาสแก่นักลงทุนไทย มากไปกว่านั้นทั้งสามประเทศจะร่วมกันจัดทำแนวทางปฎิบัติสำหรับ"
        "ธุรกิจท่องเที่ยว"
    )
    assert is_action("ซึ่งไทยมีแผนที่จะจัดทำเวทีพัฒนาความรู้กรอบบิมสเทค (BIMSTEC Knowledge Platform)")
    assert not is_action("โดยทั้งสองฝ่ายวางแผนจะร่วมมือกันอย่างใกล้ชิดต่อไป")


def test_a_second_assignment_to_an_office_named_by_its_acronym_is_an_item_of_its_own() -> None:
    sentence = (
        "ทั้งนี้ ที่ประชุมมีมติให้ กยท.ประสานหน่วยงานที่เกี่ยวข้อง ภายใต้การสนับสนุนจากสำนักงานที่ปรึกษา"
        "การเกษตรต่างประเทศ ประจำสหภาพยุโรป (กรุงบรัสเซลส์) และให้ กยท. รายงานความคืบหน้าในประเด็น"
        "ที่เกี่ยวกับการทำสวนยางยั่งยืนให้ที่ประชุมทราบในการประชุมครั้งหน้า"
    )
    items = items_from_prose([sentence], after=date(2022, 12, 1), domestic=True)
    assert len(items) == 2
    assert items[0].text.startswith("ที่ประชุมมีมติให้ กยท.ประสานหน่วยงานที่เกี่ยวข้อง")
    assert items[0].text.endswith("(กรุงบรัสเซลส์)")
    assert items[1].text.startswith("ให้ กยท. รายงานความคืบหน้า")


def test_a_numbered_decisions_topic_naming_an_office_stays_with_its_first_assignment() -> None:
    sentence = (
        "1. การปรับปรุงแผนการเดินรถไฟของ รฟท. ให้ รฟท. ปรับลดขบวนรถที่เข้าสถานีกรุงเทพ (หัวลำโพง) "
        "ในช่วงเวลาเร่งด่วน ให้ รฟท. พิจารณาจัดทำตารางหยุดรถที่สถานีต่างๆ ให้มีความชัดเจน"
    )
    items = items_from_prose([sentence], domestic=True)
    assert len(items) == 2
    assert items[0].text.startswith("1. การปรับปรุงแผนการเดินรถไฟของ รฟท. ให้ รฟท. ปรับลดขบวนรถ")
    assert items[1].text.startswith("ให้ รฟท. พิจารณาจัดทำตารางหยุดรถ")


def test_a_lists_short_introduction_is_no_item_of_its_own() -> None:
    paragraphs = [
        "ที่ประชุมคณะกรรมการพัฒนาการบริหารงานยุติธรรมแห่งชาติ โดยที่ประชุมมีมติในประเด็นวาระที่สำคัญ ดังนี้",
        "๑ . รับทราบความคืบหน้าผลการดำเนินงานตามมติ กพยช. และความคืบหน้าการจัดทำร่างแผนแม่บท",
        "๒. มอบหมายฝ่ายเลขานุการกลับไปทบทวนร่างพระราชบัญญัติประวัติอาชญากรรม และเสนออีกครั้งใน"
        "การประชุมครั้งต่อไป",
    ]
    texts = [item.text for item in items_from_prose(paragraphs, domestic=True)]
    assert not any(text.endswith("ดังนี้") for text in texts)
    assert any(text.startswith("๒. มอบหมายฝ่ายเลขานุการกลับไปทบทวน") for text in texts)


@pytest.mark.parametrize(
    "sentence",
    [
        # a denial states what was never asked
        "“อลงกรณ์” เกรงวงการข้าวสับสนนโยบายกระทรวงเกษตรฯ ยืนยันไม่เคยสั่งการให้กรมการข้าวปลูกข้าวบาสมาติ",
        "โฆษกรัฐบาลยืนยันนายกรัฐมนตรีไม่เคยสั่งการให้ซื้อ ATK ที่ผ่าน WHO ใน ศบค.",
        "คาดว่าที่ผ่านมา ธปท. อาจไม่ได้กำชับให้ธนาคารดูแลประเด็นดังกล่าว",
        # what a meeting is an opportunity for is its aim, not a step
        "การประชุมในวันนี้เป็นโอกาสที่ประเทศต่าง ๆ จะได้ร่วมกันพิจารณาแผนงานระดับโลกในการแก้ไขปัญหา",
    ],
)
def test_a_denied_instruction_or_an_opportunity_is_no_action(sentence: str) -> None:
    assert not is_action(sentence, domestic=True)


def test_an_instruction_after_a_good_opportunity_is_still_an_action() -> None:
    assert is_action(
        "การเปิดโอกาสให้นิสิตได้ออกแบบชุดผ้าไหม เป็นโอกาสที่ดีที่ได้มีการแลกเปลี่ยนวัฒนธรรม "
        "จึงขอให้หน่วยงานที่เกี่ยวข้องจัดกิจกรรมเช่นนี้ต่อไป",
        domestic=True,
    )
    assert is_action("ยืนยันว่าได้สั่งการให้กรมการข้าวตรวจสอบข้อเท็จจริงภายใน 7 วัน", domestic=True)


@pytest.mark.parametrize(
    "sentence",
    [
        # "หรือไม่" asks; a negation ending the clause before denies nothing that follows
        "ต้องติดตามสถานการณ์ในต่างจังหวัดว่าจะมีการระบาดเพิ่มขึ้นหรือไม่ จึงขอให้กระทรวงสาธารณสุข"
        "ดำเนินมาตรการป้องกันโรคอย่างเข้มงวด",
        "ถ้าขัดแย้งทุกแผนก็ไปไม่ได้ จึงขอให้หน่วยงานที่เกี่ยวข้องช่วยกันลดความขัดแย้ง",
        # an opportunity in one clause, an agreement in the next
        "การหารือครั้งนี้เป็นโอกาสให้สองฝ่ายได้ทบทวนความร่วมมือ จึงตกลงที่จะจัดการประชุม"
        "คณะกรรมาธิการร่วม ครั้งที่ 3 ภายในปี 2566",
    ],
)
def test_a_question_or_an_opportunity_before_an_instruction_leaves_it_an_action(
    sentence: str,
) -> None:
    assert is_action(sentence, domestic=True)


def test_a_hope_that_three_countries_will_act_is_no_action() -> None:
    paragraph = "นายกรัฐมนตรีหวังว่า ทั้งสามประเทศจะร่วมกันจัดทำแผนปฏิบัติการด้านการท่องเที่ยวภายในปี 2566"
    assert items_from_prose([paragraph]) == []


def test_a_plan_for_readiness_is_no_readiness_of_ones_own() -> None:
    # "แผนการบริหารความพร้อม" (a continuity plan) and "เตรียมความพร้อม" name preparations, which
    # do not turn the instruction after them into a show of readiness
    sentence = (
        "ได้เน้นย้ำเรือนจำและทัณฑสถานที่พบการแพร่ระบาดให้ปฏิบัติตามแผนการบริหารความพร้อมต่อสภาวะ"
        "วิกฤต หรือ BCP ที่กำหนดไว้ รวมทั้งกำชับการป้องกันมิให้ผู้ต้องขังที่อยู่ระหว่างกักโรคหลบหนี"
        "ออกไปภายนอกได้"
    )
    assert is_action(sentence)
    assert not is_action("ไทยมีความพร้อมที่จะเป็นเจ้าภาพจัดการประชุม")
    assert not is_action("กระทรวงฯ ยืนยันความพร้อมในการจัดการประชุม")


def test_an_emphasis_to_the_meeting_or_sent_to_the_governors_is_an_instruction() -> None:
    assert is_action(
        "รัฐมนตรีประจำสำนักนายกรัฐมนตรี ได้เน้นย้ำที่ประชุมให้นำผลการวิจัยและข้อมูลเชิงลึกมาประกอบ"
        "การพิจารณาขับเคลื่อนการดำเนินงานด้านต่าง ๆ"
    )
    assert is_action(
        "กระทรวงมหาดไทยได้เน้นย้ำไปยังผู้ว่าราชการจังหวัดทุกจังหวัดในการปรับปรุงสถานที่ที่เหมาะสม"
    )
    # ... naming the governors, with the task in the next sentence
    assert not is_action(
        "ปลัดกระทรวงมหาดไทย ได้เน้นย้ำไปยังผู้ว่าราชการจังหวัดชายแดนด้านประเทศมาเลเซีย 4 จังหวัด "
        "ได้แก่ จังหวัดนราธิวาส ยะลา สตูล และสงขลา"
    )
    # "โดยเฉพาะ" (in particular) narrows the addressee; it starts no clause of its own
    paragraph = (
        "รองนายกรัฐมนตรีได้เน้นย้ำไปยังกระทรวงมหาดไทย โดยเฉพาะผู้ว่าราชการจังหวัดในพื้นที่ที่มีแนวโน้ม"
        "จะเกิดน้ำท่วม ให้เตรียมความพร้อมรับมือ"
    )
    assert [item.text for item in items_from_prose([paragraph])] == [paragraph]


def test_handing_over_a_policy_is_not_a_thing_done_and_promoting_is_no_sending() -> None:
    # "ได้มอบ…" (handed over) tells a thing done, but not when it is a policy with an instruction
    assert is_action("ได้มอบนโยบายโดยกำชับให้โครงการชลประทานทุกแห่งบริหารจัดการน้ำอย่างเคร่งครัด")
    assert not is_action("ได้มอบของที่ระลึกให้แก่ผู้แทนสถานเอกอัครราชทูต", domestic=True)
    # "เตรียมส่งเสริม" (getting ready to promote) in a headline sends nothing
    assert not is_action(
        "รัฐมนตรีช่วยว่าการกระทรวงแรงงาน หารือ ยูเอ็น เตรียมส่งเสริมอาชีพสตรี กลุ่มเปราะบาง",
        domestic=True,
    )
    assert is_action("กระทรวงพาณิชย์เตรียมส่งคณะผู้แทนการค้าไปญี่ปุ่นภายในเดือนมีนาคม")


def test_the_meeting_a_report_tells_as_its_context_is_no_follow_up() -> None:
    assert not is_action(
        "ตามที่รัฐบาลไทยโดยกระทรวงสาธารณสุข จะเป็นเจ้าภาพจัดการประชุมระดับสูงเอเปคว่าด้วยสาธารณสุข"
    )


def test_a_meeting_to_get_ready_is_no_instruction_to_get_ready() -> None:
    # the report's own meeting "to prepare" shows readiness; an instruction to prepare does not
    assert not is_action(
        "ปลัดกระทรวงสาธารณสุข เชิญผู้ว่าราชการกรุงเทพมหานคร ร่วมประชุมหารือเตรียมความพร้อม"
        "รับมือโควิด โดยจะจัดประชุมในบ่ายวันจันทร์นี้",
        domestic=True,
    )
    assert is_action("ขอให้หน่วยงานที่เกี่ยวข้องเตรียมความพร้อมรับมืออุทกภัยในช่วงฤดูฝน", domestic=True)
    # telling the meeting that something must be done ("ว่าต้องทำให้…") instructs no one
    assert not is_action("ได้เน้นย้ำที่ประชุมว่าต้องทำให้ประชาชนเข้าใจมาตรการ", domestic=True)
