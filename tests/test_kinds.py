"""The kinds of Phụ lục III described once (docgen/kinds.py), and the models that read it."""

from __future__ import annotations

import re

import pytest
from kindforms import BASE, FORMS, document, form
from pydantic import ValidationError

from docgen import render_docx
from docgen.kinds import BLOCK_RULES, KINDS, MIXED_CASE_CODES, PL3_ABBREVIATIONS, plain_kinds
from docgen.models import LoaiVanBan, NguoiKy, VanBan, validation_problems
from docgen.render.document import _BLOCKS, DRAWN_ELSEWHERE

# Phụ lục III, section I, as the decree prints it.
DECREE_TABLE = """Nghị quyết NQ|Quyết định QĐ|Chỉ thị CT|Quy chế QC|Quy định QyĐ|Thông cáo TC|
Thông báo TB|Hướng dẫn HD|Chương trình CTr|Kế hoạch KH|Phương án PA|Đề án ĐA|Dự án DA|Báo cáo BC|
Biên bản BB|Tờ trình TTr|Hợp đồng HĐ|Công điện CĐ|Bản ghi nhớ BGN|Bản thỏa thuận BTT|
Giấy ủy quyền GUQ|Giấy mời GM|Giấy giới thiệu GGT|Giấy nghỉ phép GNP|Phiếu gửi PG|Phiếu chuyển PC|
Phiếu báo PB"""


def problems(data: dict) -> list[tuple[str, str, str | None]]:
    with pytest.raises(ValidationError) as info:
        VanBan.model_validate(data)
    return validation_problems(info.value)


def test_every_kind_once_with_the_decree_codes() -> None:
    decree = [item.strip().rsplit(" ", 1) for item in DECREE_TABLE.replace("\n", "").split("|")]
    assert [(k.name, k.abbreviation) for k in KINDS.values() if k.abbreviation] == \
        [(name, code) for name, code in decree]
    assert {k.title: k.abbreviation for k in KINDS.values() if k.title} == PL3_ABBREVIATIONS
    assert [k.value for k in LoaiVanBan] == list(KINDS)
    assert KINDS["cong-van"].title is None and KINDS["cong-van"].abbreviation is None
    assert {"TTr", "CTr", "QyĐ", "TrS"} == MIXED_CASE_CODES
    for kind in KINDS.values():
        assert kind.title is None or kind.title == kind.name.upper()


def test_blocks_rules_and_fields_are_known() -> None:
    for kind in KINDS.values():
        assert kind.blocks[0] == "header"
        assert set(kind.blocks) <= set(_BLOCKS) | DRAWN_ELSEWHERE, kind.slug
        assert set(kind.blocks) <= set(BLOCK_RULES)
        assert all(re.fullmatch(r"R-\d\d", r) for r in kind.rules)
        for required in kind.required:
            assert set(required.split("|")) <= set(VanBan.model_fields), kind.slug
        assert kind.fields <= set(VanBan.model_fields), kind.slug
        assert sum(b in kind.blocks for b in ("closing", "closing_two")) == 1
    assert KINDS["quyet-dinh"].rules[:3] == ("R-10", "R-11", "R-12")
    assert "R-46" in KINDS["bien-ban"].rules and "R-36" in KINDS["giay-moi"].rules


@pytest.mark.parametrize("kind", [k.slug for k in plain_kinds()])
def test_plain_kinds_render_with_common_fields(kind: str) -> None:
    data = {**BASE, "loai": kind, "trich_yeu": "thử nghiệm", "noi_dung": "Nội dung.",
            "kinh_gui": ["Sở Nội vụ"], "don_vi_soan_thao": "VHXH"}
    vb = VanBan.model_validate(data)
    assert render_docx(vb)
    assert vb.ky_hieu_day_du == (f"{vb.kind.abbreviation}-UBND" if vb.kind.abbreviation
                                 else "UBND-VHXH")


@pytest.mark.parametrize(("kind", "missing", "field"), [
    ("quyet-dinh", "tham_quyen", "tham_quyen"),
    ("quyet-dinh", "dieu", "dieu"),
    ("giay-moi", "thoi_gian", "thoi_gian"),
    ("giay-moi", "kinh_moi", "kinh_moi"),
    ("bien-ban", "thu_ky_ky", "thu_ky_ky"),
    ("cong-dien", "kinh_gui", "kinh_gui"),
    ("giay-nghi-phep", "nghi_phep", "nghi_phep"),
])
def test_required_fields_of_a_kind(kind: str, missing: str, field: str) -> None:
    data = form(kind)
    del data[missing]
    if kind == "quyet-dinh":
        data.pop("phu_luc")
    (where, message, hint), = problems(data)
    assert where == field and field in message and hint


def test_fields_of_another_kind_refused() -> None:
    (where, message, hint), = problems(form("giay-moi", dieu=["Điều lạ."]))
    assert where == "dieu" and "giấy mời" in message and "quyết định" in hint
    (where, message, _), = problems(form("giay-gioi-thieu", noi_dung="Thêm."))
    assert where == "noi_dung"
    (where, message, _), = problems({**BASE, "loai": "cong-van", "trich_yeu": "x",
                                     "noi_dung": "y", "kinh_gui": ["A"],
                                     "don_vi_soan_thao": "VHXH", "can_cu": ["Luật"]})
    assert where == "can_cu" and "công văn không ghi căn cứ" in message


def test_chuc_vu_needed_except_for_the_chair_of_a_bien_ban() -> None:
    (where, message, _), = problems(form("to-trinh", nguoi_ky={"ho_ten": "Lê Văn Bình"}))
    assert where == "nguoi_ky.chuc_vu" and "R-43" in message
    vb = document("bien-ban", nguoi_ky={"ho_ten": "Trần Minh Hải", "chuc_vu": "Chủ tịch UBND xã"})
    assert vb.nguoi_ky.title_line == "CHỦ TỊCH UBND XÃ"


def test_can_cu_prefix_and_final_stop() -> None:
    """R-32: ``Căn cứ `` added when missing, ``;`` after each, ``.`` after the last line."""
    vb = document("quyet-dinh", theo_de_nghi=None,
                  can_cu=["Luật A;", "căn cứ Nghị định B", "Xét Tờ trình số 5/TTr-VHXH."])
    assert vb.can_cu_lines == ["Căn cứ Luật A;", "căn cứ Nghị định B;",
                               "Xét Tờ trình số 5/TTr-VHXH."]
    vb = document("quyet-dinh", theo_de_nghi="Theo đề nghị của Văn phòng HĐND và UBND xã.")
    assert vb.can_cu_lines[-1] == "Theo đề nghị của Văn phòng HĐND và UBND xã."
    assert vb.can_cu_lines[-2].endswith(";")


@pytest.mark.parametrize("code", ["TTr-CAT(PC04)", "TTr(PC04)-UBND", "QĐ-UBND(VP)"])
def test_ky_hieu_with_unit_code(code: str) -> None:
    kind = "to-trinh" if code.startswith("TTr") else "quyet-dinh"
    assert document(kind, ky_hieu=code).so_ky_hieu == f"Số: 12/{code}"


@pytest.mark.parametrize("code", ["TTr-CAT(pc04)", "TTr-CAT(PC 04)", "TTr-CAT()"])
def test_bad_unit_code(code: str) -> None:
    (where, message, _), = problems(form("to-trinh", ky_hieu=code))
    assert where == "ky_hieu" and code in message


def test_signature_combinations() -> None:
    """Điều 13: TM. + KT., TL. + KT. (three lines); other pairs refused."""
    both = NguoiKy(thay_mat="ỦY BAN NHÂN DÂN", ky_thay="CHỦ TỊCH", chuc_vu="PHÓ CHỦ TỊCH",
                   ho_ten="Võ Thị Kim Dung")
    assert both.authority_lines == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]
    order = NguoiKy(ky_thay="CHÁNH VĂN PHÒNG", thua_lenh="TL. CHỦ TỊCH",
                    chuc_vu="PHÓ CHÁNH VĂN PHÒNG", ho_ten="Lê Văn Bình")
    assert [*order.authority_lines, order.title_line] == [
        "TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"]
    with pytest.raises(ValidationError, match="thua_lenh cùng ky_thay"):
        NguoiKy(ky_thay="CHỦ TỊCH", thua_uy_quyen="CHỦ TỊCH", chuc_vu="PHÓ CHỦ TỊCH",
                ho_ten="Lê Văn Bình")


@pytest.mark.parametrize(("typed", "printed", "notice"), [
    ("trần minh hải", "Trần Minh Hải", True),
    ("TRẦN MINH HẢI", "Trần Minh Hải", True),
    ("Trần Minh Hải", "Trần Minh Hải", False),
    ("Tra\u0302\u0300n minh Hải", "Trần Minh Hải", True),
    ("A A", "A A", False),
    ("Y BLƯP", "Y Blưp", True),
    ("aA", "Aa", True),
    ("H'Hen Niê", "H'Hen Niê", False),
])
def test_signer_name_in_proper_case_with_notice(typed: str, printed: str, notice: bool) -> None:
    """R-44 (issue 12 defect 1): each syllable capitalised, NFC; a notice when docgen changed it."""
    vb = document("to-trinh", nguoi_ky={"chuc_vu": "CHỦ TỊCH", "ho_ten": typed})
    assert vb.nguoi_ky.ho_ten == printed
    assert bool(vb.notices) == notice
    if notice:
        assert typed in vb.notices[0] and printed in vb.notices[0]


def test_giay_moi_time_checked() -> None:
    (where, message, _), = problems(form("giay-moi", thoi_gian="08:00 31/02/2026"))
    assert where == "thoi_gian" and "31/02" in message
    (where, _, _), = problems(form("bien-ban", bien_ban={**FORMS["bien-ban"]["bien_ban"],
                                                         "ket_thuc": "25:00 05/12/2025"}))
    assert where.startswith("bien_ban")


def test_nghi_phep_dates_in_order() -> None:
    leave = {**FORMS["giay-nghi-phep"]["nghi_phep"], "den_ngay": "01/12/2025"}
    (where, message, _), = problems(form("giay-nghi-phep", nghi_phep=leave))
    assert where == "nghi_phep.den_ngay" and "trước" in message


def test_articles_as_text_or_titled() -> None:
    vb = document("nghi-quyet", dieu=["Một.\nHai.", {"tieu_de": "Tổ chức thực hiện"}])
    (label1, title1, blocks1), (label2, title2, blocks2) = vb.articles
    assert (label1, title1, [b.text for b in blocks1]) == ("Điều 1.", None, ["Một.", "Hai."])
    assert (label2, title2) == ("Điều 2.", "Tổ chức thực hiện")
    assert [b.text for b in blocks2] == ["./."]
    (where, _, _), = problems(form("nghi-quyet", dieu=[{}]))
    assert where == "dieu"


def test_luu_defaults_by_kind() -> None:
    assert document("bien-ban").luu_line == "- Lưu: VT, Hồ sơ."
    assert document("giay-gioi-thieu", luu=[]).noi_nhan_lines == ["- Như trên;", "- Lưu: VT."]


def test_landscape_only_for_an_appendix_with_a_table() -> None:
    """R-01, R-51: ``ngang: true`` needs a table to justify the landscape page."""
    appendix = {"tieu_de": "Ghi chú", "noi_dung": "Chỉ có chữ.", "ngang": True}
    (where, message, hint), = problems(form("quyet-dinh", phu_luc=[appendix]))
    assert where == "phu_luc.0.ngang" and "R-51" in message and hint


def test_changed_copy_has_its_own_body() -> None:
    """A document copied with another body renders that body (nothing cached on the model)."""
    vb = document("cong-dien")
    assert vb.blocks[0].text.startswith("Bão số 15")
    changed = vb.model_copy(update={"noi_dung": "Nội dung khác."})
    assert [b.text for b in changed.blocks] == ["Nội dung khác./."]
    decided = document("nghi-quyet")
    assert decided.articles[0][2][0].text == "Thông qua kế hoạch."
    other = decided.model_copy(update={"dieu": [decided.dieu[1]]})
    assert [a[2][0].text for a in other.articles] == ["Giao Chủ tịch tổ chức thực hiện./."]


def test_nhu_tren_for_to_trinh_and_bao_cao_with_kinh_gui() -> None:
    """Phụ lục I II.9.b: a tờ trình or báo cáo sent up with Kính gửi lists ``Như trên`` first;
    without Kính gửi (or for other titled kinds) it does not."""
    assert document("to-trinh").noi_nhan_lines[0] == "- Như trên;"
    assert document("to-trinh", kinh_gui=[]).noi_nhan_lines == ["- Lưu: VT, VHXH."]
    report = {**BASE, "loai": "bao-cao", "trich_yeu": "Kết quả", "noi_dung": "Báo cáo.",
              "kinh_gui": ["UBND tỉnh"], "noi_nhan": ["Như trên", "Sở Nội vụ"]}
    assert VanBan.model_validate(report).noi_nhan_lines[:2] == ["- Như trên;", "- Sở Nội vụ;"]
    notice = {**report, "loai": "thong-bao"}
    assert VanBan.model_validate(notice).noi_nhan_lines[0] == "- Như trên;"  # as typed
    assert VanBan.model_validate({**notice, "noi_nhan": ["Sở Nội vụ"]}).noi_nhan_lines[0] == \
        "- Sở Nội vụ;"


def test_typed_punctuation_of_invitees_dropped() -> None:
    """Clerks type the dash and the end punctuation; docgen writes them once (R-36)."""
    assert document("giay-moi", kinh_moi="Ông A, Trưởng thôn.").giay_moi_lines[0] == \
        "Ủy ban nhân dân xã Sa Thầy trân trọng kính mời: Ông A, Trưởng thôn."
    assert document("giay-moi", kinh_moi=["- Ông A;", "Bà B."]).giay_moi_lines[1:3] == \
        ["- Ông A;", "- Bà B."]


def test_required_and_optional_keys() -> None:
    qd = KINDS["quyet-dinh"]
    assert {"can_cu", "theo_de_nghi", "phu_luc", "noi_dung", "luu_hanh"} <= qd.optional
    assert "tham_quyen" not in qd.optional and "dieu|noi_dung" in qd.required
    assert "kinh_gui" not in KINDS["giay-moi"].fields
    assert "noi_dung" not in KINDS["giay-gioi-thieu"].fields


def test_misspelt_kind_gets_a_guess() -> None:
    (where, message, hint), = problems(form("giay-moi", loai="giay-moii"))
    assert where == "loai" and "giay-moii" in message
    assert hint.startswith("Có phải ý bạn là 'giay-moi'?") and "quyet-dinh" in hint


@pytest.mark.parametrize("field", ["trich_yeu", "toi_du", "dia_diem"])
def test_lines_without_words_refused(field: str) -> None:
    (where, message, _), = problems(form("giay-moi", **{field: "\u0300 \u0301"}))
    assert where == field and "chưa có chữ" in message
    assert getattr(document("giay-moi", **{field: "……"}), field) == "……"  # a blank to fill


def test_authority_words_or_a_blank_to_fill() -> None:
    """tham_quyen: words, or dots left by extract for the clerk to fill; digits alone refused."""
    assert document("quyet-dinh", tham_quyen="……").tham_quyen_line == "……"
    (where, _, _), = problems(form("quyet-dinh", tham_quyen="0"))
    assert where == "tham_quyen"


@pytest.mark.parametrize(("agency", "text"), [
    (["ỦY BAN NHÂN DÂN", "XÃ SA THẦY"], "Ủy ban nhân dân xã Sa Thầy"),
    (["CÔNG AN TỈNH LÂM ĐỒNG"], "Công an tỉnh Lâm Đồng"),
    (["VĂN PHÒNG HĐND VÀ UBND", "HUYỆN SA THẦY"], "Văn phòng HĐND và UBND huyện Sa Thầy"),
    (["TRƯỜNG THCS XÃ YA XIẾR"], "Trường THCS xã Ya Xiếr"),
])
def test_agency_in_running_text(agency: list[str], text: str) -> None:
    """The inviter of a giấy mời defaults to the agency's name as written in a sentence."""
    vb = document("giay-moi", co_quan={"ten": agency, "viet_tat": "UBND"})
    assert vb.giay_moi_lines[0].startswith(f"{text} trân trọng kính mời:")


def test_head_authority_signed_for_the_collective_is_noticed() -> None:
    """Mẫu 1.2 note 6: `tham_quyen: Chủ tịch …` with `TM. ỦY BAN NHÂN DÂN` is inconsistent;
    the head signing himself (or KT.) and a collective signing TM. are not."""
    from kindforms import document
    signer = {"thay_mat": "ỦY BAN NHÂN DÂN", "ky_thay": "CHỦ TỊCH", "chuc_vu": "PHÓ CHỦ TỊCH",
              "ho_ten": "Võ Thị Kim Dung"}
    mixed = document("quyet-dinh", nguoi_ky=signer)
    assert any(n.startswith("nguoi_ky.thay_mat:") and "Mẫu 1.2" in n for n in mixed.notices)
    head = document("quyet-dinh", nguoi_ky={**signer, "thay_mat": None})
    collective = document("quyet-dinh", nguoi_ky=signer, tham_quyen="Ủy ban nhân dân xã Sa Thầy")
    assert head.notices == [] and collective.notices == []
