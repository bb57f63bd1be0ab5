"""The project's rule list: every rule id (R-nn) docgen writes by and ``docgen check`` cites.

Each :class:`Rule` says, in Vietnamese for a clerk, where the decree states it (Nghị định
30/2020/NĐ-CP: PL1 = Phụ lục I, PL3 = Phụ lục III, Đ = an article of the decree), what the
decree's own text requires (its range), the value docgen itself writes (the house value), the
severity of a finding against it and how to fix it in Word. Every number comes from the layout
table (:data:`docgen.layout.LAYOUT`), so this list cannot drift from what the renderer draws and
the checker accepts; ``docs/quy-tac.md`` is generated from it (:func:`markdown`, written by
``python -m docgen.rules_doc``) and a test keeps the two equal.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from .layout import LAYOUT, QUOC_HIEU, TIEU_NGU

NGHI_DINH = "nghi-dinh"
GOI_Y = "goi-y"
HAI_MUC = "nghi-dinh / goi-y"


@dataclass(frozen=True)
class Rule:
    """One rule of the list."""

    id: str
    ten: str
    """What the rule is about: ``Quốc hiệu``."""
    can_cu: str
    """Where the decree says it: ``PL1 II.1.a``."""
    nghi_dinh: str
    """What the decree's own text (or its templates) requires, with its range."""
    docgen: str
    """The value docgen writes (house value), ``—`` when there is no choice."""
    muc: str
    """Severity of a finding: ``nghi-dinh``, ``goi-y`` or both (which part is which is said)."""
    sua: str
    """How to fix it in Word."""

    def text(self) -> str:
        """The rule for a clerk, as ``docgen quy-tac R-nn`` prints it."""
        return "\n".join([
            f"{self.id} — {self.ten}",
            f"  Căn cứ: Nghị định 30/2020/NĐ-CP, {self.can_cu}",
            f"  Nghị định quy định: {self.nghi_dinh}",
            f"  docgen dùng: {self.docgen}",
            f"  Mức: {self.muc}",
            f"  Sửa trong Word: {self.sua}",
        ])


def _pt(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _range(key: str) -> str:
    lo, hi = LAYOUT[key].size_range
    return f"cỡ {_pt(lo)}" if lo == hi else f"cỡ {_pt(lo)}–{_pt(hi)}"


def _house(key: str) -> str:
    return f"cỡ {_pt(LAYOUT[key].size_pt)}"


def _margins() -> tuple[str, str]:
    page = LAYOUT.page
    sides = (("trên", page.top), ("dưới", page.bottom), ("trái", page.left),
             ("phải", page.right))
    decree = ", ".join(f"lề {name} {_pt(m.min_mm)}–{_pt(m.max_mm)} mm" for name, m in sides)
    house = " / ".join(_pt(m.mm) for _, m in sides) + " mm (trên / dưới / trái / phải)"
    return decree, house


def _ratio(lo: float, hi: float) -> str:
    names = {1 / 3: "1/3", 1 / 2: "1/2", 2 / 5: "2/5"}
    return f"{names.get(lo, _pt(lo))} đến {names.get(hi, _pt(hi))}"


_BODY = LAYOUT.body
_PAGE = LAYOUT.page
_SIZE_HINT = "chọn dòng chữ, đặt cỡ chữ ở ô Cỡ chữ (Trang đầu → Phông)"
_BOLD_HINT = "Ctrl+B in đậm, Ctrl+I in nghiêng"
_CENTER_HINT = "Ctrl+E để canh giữa"

_RULES: tuple[Rule, ...] = (
    Rule("R-01", "Khổ giấy", "PL1 I.1–2",
         f"A4 ({_pt(_PAGE.width_mm)} × {_pt(_PAGE.height_mm)} mm), trình bày theo chiều dài "
         "(khổ ngang: xem R-51)",
         "A4 dọc", NGHI_DINH, "Bố cục (Layout) → Khổ giấy (Size) → A4; Hướng (Orientation) → Dọc"),
    Rule("R-02", "Lề trang", "PL1 I.3", _margins()[0], _margins()[1], NGHI_DINH,
         "Bố cục → Lề (Margins) → Lề tùy chỉnh, nhập số mm cho từng lề"),
    Rule("R-03", "Phông chữ", "PL1 I.4",
         "Times New Roman, bộ mã Unicode dựng sẵn (TCVN 6909:2001), màu đen; docgen xét phông "
         "ở đúng ô phông mà chữ tiếng Việt dùng (ascii, hAnsi), không xét ô Đông Á",
         "Times New Roman ở cả bốn ô phông, tiếng Việt (vi-VN)",
         "nghi-dinh; goi-y khi chỉ là tên một kiểu chữ (Times New Roman Bold) hoặc màu xám rất "
         "đậm in ra gần như đen",
         "Ctrl+A rồi chọn phông Times New Roman; chữ tổ hợp: gõ lại bằng bảng mã Unicode dựng sẵn"),
    Rule("R-04", "Số trang", "PL1 I.7",
         "chữ số Ả Rập, cỡ " + "–".join(_pt(v) for v in LAYOUT.page_number.size_range)
         + ", chữ đứng, canh giữa ở lề trên, không hiện ở trang đầu",
         f"cỡ {_pt(LAYOUT.page_number.size_pt)}, trường PAGE ở đầu trang, trang đầu khác",
         NGHI_DINH,
         "Chèn (Insert) → Số trang → Đầu trang, giữa; bật 'Trang đầu khác' (Different First Page)"),
    Rule("R-10", "Quốc hiệu", "PL1 II.1.a",
         f"“{QUOC_HIEU}”, chữ in hoa, {_range('quoc_hieu')}, đứng, đậm, trên cùng bên phải",
         f"{_house('quoc_hieu')}, đậm", NGHI_DINH, f"{_SIZE_HINT}; {_BOLD_HINT}"),
    Rule("R-11", "Tiêu ngữ", "PL1 II.1.b–c",
         f"“{TIEU_NGU}”, chữ đầu mỗi cụm viết hoa, gạch nối (-) có cách chữ, "
         f"{_range('tieu_ngu')}, đứng, đậm, canh giữa dưới Quốc hiệu, cách Quốc hiệu dòng đơn",
         f"{_house('tieu_ngu')}, đậm", NGHI_DINH,
         f"gõ lại đúng chữ, dùng dấu gạch nối '-' (không dùng gạch dài); {_CENTER_HINT}"),
    Rule("R-12", "Đường kẻ dưới Tiêu ngữ", "PL1 II.1.b",
         "đường kẻ ngang, nét liền, dài bằng dòng chữ Tiêu ngữ, đặt cân giữa",
         "đo từ bề rộng chữ", NGHI_DINH,
         "vẽ đường thẳng (Chèn → Hình dạng → Đường thẳng) dài bằng dòng chữ, canh giữa dưới nó"),
    Rule("R-13", "Tên cơ quan chủ quản", "PL1 II.2.b",
         f"chữ in hoa, {_range('chu_quan')}, đứng, không đậm",
         f"{_house('chu_quan')}", NGHI_DINH, f"{_SIZE_HINT}; bỏ in đậm (Ctrl+B)"),
    Rule("R-14", "Tên cơ quan ban hành", "PL1 II.2.b",
         f"chữ in hoa, {_range('co_quan')}, đứng, đậm, canh giữa dưới tên cơ quan chủ quản; "
         "có thể nhiều dòng",
         f"{_house('co_quan')}, đậm", NGHI_DINH, f"{_SIZE_HINT}; {_BOLD_HINT}; {_CENTER_HINT}"),
    Rule("R-15", "Đường kẻ dưới tên cơ quan", "PL1 II.2.b",
         "nét liền, dài "
         f"{_ratio(*LAYOUT.agency_rule_ratio_range)} dòng chữ tên cơ quan, đặt cân đối",
         f"{_pt(LAYOUT.agency_rule_ratio)} dòng chữ", NGHI_DINH,
         "kéo đường kẻ cho dài khoảng một nửa dòng chữ và canh giữa dưới nó"),
    Rule("R-16", "Số, ký hiệu", "PL1 II.3",
         f"“Số:” chữ thường, {_range('so_ky_hieu')}, đứng; số dưới 10 thêm số 0; ký hiệu in hoa, "
         "các nhóm nối bằng '-', không cách chữ; canh giữa dưới tên cơ quan",
         f"{_house('so_ky_hieu')}", NGHI_DINH, "sửa chữ cho đúng mẫu “Số: 05/UBND-VHXH”; "
         f"{_SIZE_HINT}"),
    Rule("R-17", "Ký hiệu văn bản", "PL1 II.3.b, PL3 (bảng chữ viết tắt)",
         "công văn: <tên cơ quan>-<đơn vị soạn thảo>, không có mã loại; các loại khác: "
         "<mã loại>-<tên cơ quan> (QĐ-UBND, TB-UBND; TTr, CTr, QyĐ giữ chữ thường)",
         "—", NGHI_DINH, "sửa ký hiệu sau dấu '/' theo bảng chữ viết tắt của Phụ lục III"),
    Rule("R-18", "Đánh số văn bản", "Đ15",
         "mỗi cơ quan một hệ thống số trong năm, từ 01 ngày 01/01 đến 31/12; số và ký hiệu "
         "không trùng trong năm; để trống khi văn thư lấy số lúc phát hành",
         "sổ đăng ký văn bản đi (docgen archive)", NGHI_DINH,
         "lấy số theo sổ đăng ký văn bản đi của cơ quan"),
    Rule("R-19", "Địa danh và thời gian", "PL1 II.4",
         f"“<Địa danh>, ngày 05 tháng 3 năm 2025”, {_range('dia_danh_ngay')}, nghiêng; ngày dưới "
         "10 và tháng 1, 2 thêm số 0; cùng dòng với Số, canh giữa dưới Quốc hiệu – Tiêu ngữ",
         f"{_house('dia_danh_ngay')}, nghiêng", NGHI_DINH,
         f"Ctrl+I in nghiêng; sửa số ngày tháng; {_CENTER_HINT}"),
    Rule("R-20", "Trích yếu công văn (V/v)", "PL1 II.5.b",
         f"sau chữ “V/v”, chữ thường, {_range('trich_yeu_cv')}, đứng, canh giữa dưới Số, "
         "cách Số 6 pt",
         f"{_house('trich_yeu_cv')}", "nghi-dinh; goi-y khi có đường kẻ dưới (mẫu không có)",
         f"{_SIZE_HINT}; bỏ đậm; xóa đường kẻ dưới dòng V/v"),
    Rule("R-21", "Tên loại văn bản", "PL1 II.5.b",
         f"chữ in hoa, {_range('ten_loai')}, đứng, đậm, canh giữa trang",
         f"{_house('ten_loai')}, đậm", NGHI_DINH, f"{_SIZE_HINT}; {_BOLD_HINT}; {_CENTER_HINT}"),
    Rule("R-22", "Trích yếu (văn bản có tên loại)", "PL1 II.5.b",
         f"chữ thường, {_range('trich_yeu')}, đứng, đậm, canh giữa; đường kẻ nét liền dài "
         f"{_ratio(*LAYOUT.title_rule_ratio_range)} dòng chữ",
         f"{_house('trich_yeu')}, đậm, đường kẻ {_pt(LAYOUT.title_rule_ratio)} dòng chữ",
         NGHI_DINH, "in đậm trích yếu; kéo đường kẻ dài khoảng 1/3 đến 1/2 dòng chữ"),
    Rule("R-23", "Mức độ khẩn", "PL1 III.2.b",
         f"“HỎA TỐC”, “THƯỢNG KHẨN”, “KHẨN”: in hoa, {_range('do_khan')}, đứng, đậm, trong "
         "khung viền đơn",
         f"{_house('do_khan')}, đậm, có khung", NGHI_DINH,
         "chọn dòng, Trang đầu → Viền (Borders) → Viền ngoài"),
    Rule("R-24", "Thẩm quyền ban hành (nghị quyết, quyết định)", "PL3 Mẫu 1.1, 1.2",
         f"dòng thẩm quyền dưới đường kẻ trích yếu: in hoa, {_range('tham_quyen')}, đứng, đậm, "
         "canh giữa",
         f"{_house('tham_quyen')}, đậm", NGHI_DINH, f"{_BOLD_HINT}; {_CENTER_HINT}"),
    Rule("R-25", "Dòng “QUYẾT ĐỊNH:” / “QUYẾT NGHỊ:”", "PL3 Mẫu 1.1–1.3",
         f"in hoa, {_range('quyet_dinh')}, đứng, đậm, canh giữa, trước Điều 1",
         f"{_house('quyet_dinh')}, đậm", NGHI_DINH, f"{_BOLD_HINT}; {_CENTER_HINT}"),
    Rule("R-26", "Chỉ dẫn phạm vi lưu hành", "PL1 III.2.c",
         f"“LƯU HÀNH NỘI BỘ”, “XEM XONG TRẢ LẠI”: in hoa, {_range('luu_hanh')}, đứng, đậm, "
         "trong khung viền đơn",
         f"{_house('luu_hanh')}, đậm, có khung", NGHI_DINH, "Trang đầu → Viền → Viền ngoài"),
    Rule("R-27", "Công điện: dòng “… điện:”", "PL3 Mẫu 1.6",
         f"“<THẨM QUYỀN> điện:” {_range('dien')}, đậm, rồi danh sách nơi nhận công điện, mỗi "
         "nơi một dòng “- X;”, dòng cuối kết thúc bằng dấu chấm",
         f"{_house('dien')}, đậm",
         "nghi-dinh; goi-y cho chữ đậm của dòng “… điện:” (Phụ lục I không quy định, chỉ Mẫu "
         "1.6 vẽ đậm; cỡ chữ là cỡ của nội dung, 13–14)",
         "chọn dòng “… điện:”, Ctrl+B; sửa dấu câu cuối mỗi dòng nơi nhận: ';' và '.' ở dòng "
         "cuối"),
    Rule("R-30", "Kính gửi", "PL1 II.9.d",
         f"chữ thường, {_range('kinh_gui')}, đứng; gửi một nơi: “Kính gửi:” và tên trên cùng một "
         "dòng; nhiều nơi: mỗi nơi một dòng “- X;”, dòng cuối “- Y.”",
         f"{_house('kinh_gui')}; gửi một nơi vẫn thêm dấu chấm cuối",
         "nghi-dinh; goi-y cho dấu chấm sau một nơi nhận (ví dụ của Nghị định không có dấu chấm)",
         "sửa dấu câu cuối mỗi dòng: ';' và '.' ở dòng cuối"),
    Rule("R-31", "Nội dung", "PL1 II.6.e",
         f"chữ thường, {_range('noi_dung')}, đứng, canh đều hai lề, lùi đầu dòng "
         + " hoặc ".join(f"{_pt(c)} cm" for c in _BODY.first_line_indent_choices_cm)
         + f", cách đoạn tối thiểu {_pt(_BODY.min_paragraph_gap_pt)} pt, giãn dòng từ "
         f"{_pt(_BODY.line_spacing_range[0])} đến {_pt(_BODY.line_spacing_range[1])} dòng",
         f"{_house('noi_dung')}, lùi {_pt(_BODY.first_line_indent_cm)} cm, cách trước "
         f"{_pt(_BODY.space_before_pt)} pt, giãn dòng {_pt(_BODY.line_spacing)}",
         NGHI_DINH, "Đoạn văn (Paragraph): Canh đều (Ctrl+J), Thụt lề đặc biệt → Dòng đầu, "
         "Khoảng cách trước 6 pt, Giãn dòng"),
    Rule("R-32", "Căn cứ ban hành", "PL1 II.6.a",
         f"chữ thường, nghiêng, {_range('can_cu')}; mỗi căn cứ một dòng, cuối dòng ';', dòng "
         "cuối '.'", f"{_house('can_cu')}, nghiêng", NGHI_DINH,
         "Ctrl+I in nghiêng; sửa dấu cuối dòng"),
    Rule("R-33", "Kết thúc nội dung", "PL3 (các mẫu)",
         "đoạn cuối của nội dung kết thúc bằng “./.”", "—", NGHI_DINH,
         "gõ “./.” sau dấu chấm cuối đoạn cuối"),
    Rule("R-34", "Điều", "PL1 II.6.đ",
         f"“Điều 1.” chữ thường, đậm, {_range('dieu')} (bằng cỡ chữ nội dung), lùi đầu dòng như "
         "nội dung; “Chương I”, “Mục 1” mỗi dòng riêng, canh giữa, đậm, "
         f"{_range('chuong')}, tiêu đề chương, mục ngay dưới, in hoa, đậm, canh giữa",
         f"{_house('dieu')}, đậm", NGHI_DINH,
         "chọn chữ “Điều 1.”, Ctrl+B; dòng “Chương …”, “Mục …” và tiêu đề: Ctrl+B, Ctrl+E"),
    Rule("R-35", "Bảng trong nội dung", "— (Nghị định không quy định; thói quen trình bày)",
         "hàng tiêu đề đậm và lặp lại ở mỗi trang, viền đơn, nằm trong lề, "
         f"cỡ {_pt(LAYOUT.table.size_range[0])}–{_pt(LAYOUT.table.size_range[1])}, "
         "số canh phải",
         f"cỡ {_pt(LAYOUT.table.size_pt)} ({_pt(LAYOUT.table.wide_size_pt)} khi bảng rộng)",
         GOI_Y, "Thiết kế bảng → Lặp lại hàng tiêu đề (Repeat Header Rows); canh phải cột số"),
    Rule("R-36", "Giấy mời", "PL3 Mẫu 1.7",
         "các dòng kính mời, tới dự, chủ trì, thời gian, địa điểm theo Mẫu 1.7, "
         f"{_range('giay_moi')}",
         f"{_house('giay_moi')}", NGHI_DINH, "trình bày theo Mẫu 1.7"),
    Rule("R-37", "Giấy giới thiệu, giấy nghỉ phép", "PL3 Mẫu 1.8, 1.10",
         "các dòng của giấy theo Mẫu 1.8 (giới thiệu) và Mẫu 1.10 (nghỉ phép), "
         f"{_range('giay_to')}; xác nhận nơi nghỉ phép {_range('xac_nhan')}, đậm",
         f"{_house('giay_to')}", NGHI_DINH, "trình bày theo Mẫu 1.8, 1.10"),
    Rule("R-40", "Nơi nhận", "PL1 II.9.d",
         f"“Nơi nhận:” một dòng riêng, sát lề trái, {_range('noi_nhan_tieu_de')}, nghiêng, đậm, "
         "ngang hàng dòng quyền hạn, chức vụ người ký",
         f"{_house('noi_nhan_tieu_de')}, đậm nghiêng",
         "nghi-dinh; goi-y cho độ ngang hàng (chỉ ước lượng được từ tệp)",
         f"{_SIZE_HINT}; Ctrl+B và Ctrl+I"),
    Rule("R-41", "Danh sách nơi nhận và dòng Lưu", "PL1 II.9.b, II.9.d",
         f"chữ thường, {_range('noi_nhan')}, đứng; mỗi nơi một dòng “- X;”; công văn mở đầu "
         "bằng “- Như trên;”; dòng cuối “- Lưu: VT, <đơn vị>.” kết thúc bằng dấu chấm",
         f"{_house('noi_nhan')}", "nghi-dinh; goi-y khi viết “Như kính gửi” thay “Như trên”",
         "sửa từng dòng cho đúng dấu câu; cỡ chữ 11"),
    Rule("R-42", "Quyền hạn người ký", "PL1 II.7.b, II.7.đ; Đ13",
         f"“TM.”, “KT.”, “TL.”, “TUQ.”, “Q.”: in hoa, {_range('quyen_han')}, đứng, đậm",
         f"{_house('quyen_han')}, đậm", NGHI_DINH, f"{_BOLD_HINT}; {_CENTER_HINT}"),
    Rule("R-43", "Chức vụ người ký", "PL1 II.7.c, II.7.đ",
         f"in hoa, {_range('chuc_vu')}, đứng, đậm", f"{_house('chuc_vu')}, đậm", NGHI_DINH,
         f"{_BOLD_HINT}; viết in hoa"),
    Rule("R-44", "Họ tên người ký", "PL1 II.7.c, II.7.đ",
         f"chữ thường (viết hoa chữ đầu), {_range('ho_ten')}, đứng, đậm, canh giữa dưới chức vụ; "
         "không ghi học hàm, học vị trước tên",
         f"{_house('ho_ten')}, đậm; để {LAYOUT.signature_blank_lines} dòng trống để ký "
         f"(thói quen {LAYOUT.signature_blank_range[0]}–{LAYOUT.signature_blank_range[1]} dòng)",
         "nghi-dinh; goi-y cho số dòng trống để ký (Nghị định không quy định)",
         f"{_BOLD_HINT}; sửa chữ hoa; thêm/bớt dòng trống giữa chức vụ và họ tên"),
    Rule("R-45", "Ký hiệu người soạn thảo, số lượng bản", "PL1 III.3",
         "sau dòng Lưu: ký hiệu in hoa, số bản bằng chữ số Ả Rập, cỡ 11, đứng", "—", NGHI_DINH,
         "viết ký hiệu người soạn thảo in hoa, cỡ 11"),
    Rule("R-46", "Biên bản: hai chữ ký", "PL3 Mẫu 1.9",
         f"“THƯ KÝ” bên trái, “CHỦ TỌA” bên phải, cạnh nhau, in hoa {_range('thu_ky')}, đậm; "
         "họ tên in đậm; Nơi nhận dưới",
         f"{_house('thu_ky')}, đậm", NGHI_DINH, "đặt hai khối chữ ký trong một bảng hai cột"),
    Rule("R-47", "Địa chỉ cơ quan", "PL1 III.4",
         f"ở trang đầu, dưới đường kẻ nét liền hết chiều ngang, {_range('dia_chi')}, đứng",
         f"{_house('dia_chi')}", NGHI_DINH, "đặt ở chân trang đầu, cỡ 11–12"),
    Rule("R-50", "Phụ lục", "PL1 III.1",
         f"sang trang (phần) mới; “Phụ lục” (+ số La Mã) {_range('phu_luc_so')}, đậm, canh giữa; "
         f"tên phụ lục in hoa {_range('phu_luc_tieu_de')}, đậm; dòng “(Kèm theo … số … ngày … "
         f"của …)” {_range('phu_luc_kem_theo')}, nghiêng, canh giữa",
         f"{_house('phu_luc_so')}, đường kẻ dưới {_pt(LAYOUT.appendix.rule_width_cm)} cm",
         NGHI_DINH, "Bố cục → Ngắt → Trang tiếp theo (Section Break, Next Page)"),
    Rule("R-51", "Khổ ngang cho phần có bảng", "PL1 I.2",
         "trình bày theo chiều dài khổ A4; văn bản có bảng, biểu không làm thành phụ lục riêng "
         "thì có thể trình bày theo chiều rộng — docgen chấp nhận khổ ngang cho phần (section) "
         "có bảng, kể cả phụ lục chứa bảng rộng; phần không có bảng giữ khổ dọc",
         "phụ lục ngang là một phần riêng, khổ ngang", NGHI_DINH,
         "đặt con trỏ trong phần đó, Bố cục (Layout) → Hướng (Orientation) → Dọc; chỉ để ngang "
         "phần chứa bảng (Bố cục → Ngắt → Trang tiếp theo để tách phần)"),
    Rule("R-55", "Bản sao", "PL1 Phần II mục II.2.a",
         "các thành phần bản sao ngay sau văn bản được sao, dưới đường kẻ nét liền hết chiều "
         "ngang vùng trình bày", "—", NGHI_DINH,
         "đặt một đoạn trống ngay trên khối bản sao, không thụt lề, Trang đầu → Viền (Borders) → "
         "Viền dưới; hoặc tạo bản sao bằng docgen sao"),
    Rule("R-56", "Hình thức sao và số bản sao", "PL1 Phần II mục II.1–2; PL3",
         "“SAO Y”, “TRÍCH SAO”, “SAO LỤC” in hoa, cỡ 13–14, đậm; số bản sao “Số: 01/SY-UBND” "
         "(SY, TrS, SL)", "—", NGHI_DINH,
         "chọn chữ “SAO Y”, Ctrl+B, viết in hoa, cỡ 13–14; sửa số thành “Số: 01/SY-<cơ quan>” "
         "(TrS trích sao, SL sao lục), số dưới 10 thêm số 0"),
    Rule("R-60", "Quốc hiệu trên một dòng", "PL1 II.1.c",
         "Quốc hiệu và Tiêu ngữ là hai dòng chữ: Quốc hiệu nằm trọn trên một dòng, không "
         "xuống dòng",
         f"cột phải của phần đầu rộng {_pt(LAYOUT.header_columns.right_cm)} cm", NGHI_DINH,
         "nới rộng cột chứa Quốc hiệu (kéo đường biên bảng) hoặc dùng cỡ 12"),
    Rule("R-61", "Dòng Lưu có VT và đơn vị soạn thảo", "PL1 II.9.d",
         "dòng Lưu ghi “VT” (văn thư), chữ viết tắt đơn vị soạn thảo, số bản lưu nếu cần, cuối "
         "cùng dấu chấm", "“- Lưu: VT, <đơn vị>.”",
         "nghi-dinh; goi-y cho giấy giới thiệu (Mẫu 1.8 chỉ ghi “Lưu: VT.”)",
         "thêm chữ viết tắt đơn vị soạn thảo sau “VT,”"),
)

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}
"""Every rule by id, in the order of the list."""


def rule(rule_id: str) -> Rule:
    """The rule ``rule_id`` (``R-12``, ``r12`` and ``12`` are accepted); KeyError if none."""
    text = rule_id.strip().upper().replace("R-", "").replace("R", "")
    key = f"R-{text.zfill(2)}" if text.isdigit() else rule_id.strip().upper()
    return RULES[key]


NOTES = (
    "Chỗ tài liệu nd30.md cũ khác chính văn Nghị định: ví dụ gửi một nơi của Nghị định là "
    "“Kính gửi: Bộ Nội vụ” không có dấu chấm (nd30.md ghi có dấu chấm) — docgen vẫn thêm dấu "
    "chấm nhưng chỉ báo “goi-y” khi thiếu; Nghị định không quy định số dòng trống để ký; "
    "chức vụ, học hàm trước họ tên do người đứng đầu ngành quy định cho lực lượng vũ trang, "
    "giáo dục, y tế, khoa học."
)


def markdown() -> str:
    """The text of ``docs/quy-tac.md``."""
    lines = [
        "# Quy tắc thể thức docgen áp dụng (Nghị định 30/2020/NĐ-CP)",
        "",
        "Tệp này được sinh từ `docgen/rules_doc.py` (lệnh `python -m docgen.rules_doc`); "
        "mọi con số lấy từ bảng bố cục `docgen/layout.py`. Đừng sửa tay: sửa ở đó rồi sinh lại.",
        "",
        "Mỗi phát hiện của `docgen check` có một mức:",
        "",
        "- **nghi-dinh** — trái chính văn Nghị định hoặc mẫu của Phụ lục III (ví dụ cỡ chữ "
        "ngoài khoảng cho phép, thiếu một thành phần). `docgen check` trả mã 1.",
        "- **goi-y** — chỉ khác giá trị docgen chọn hoặc thói quen trình bày (ví dụ 6 dòng "
        "trống để ký). Không làm `docgen check` thất bại, trừ khi chạy với `--strict`.",
        "",
        "Viết tắt: PL1 = Phụ lục I, PL3 = Phụ lục III, Đ = điều của Nghị định. "
        "Xem một quy tắc: `docgen quy-tac R-12`.",
        "",
        f"> {NOTES}",
        "",
        "| Mã | Quy tắc | Căn cứ | Nghị định quy định | docgen dùng | Mức |",
        "|---|---|---|---|---|---|",
    ]
    for r in _RULES:
        cells = [r.id, r.ten, r.can_cu, r.nghi_dinh, r.docgen, r.muc]
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    lines += ["", "## Cách sửa trong Word", ""]
    lines += [f"- **{r.id}** {r.ten}: {r.sua}." for r in _RULES]
    return "\n".join(lines) + "\n"


DOC_PATH = Path(__file__).resolve().parent.parent / "docs" / "quy-tac.md"


def main() -> None:
    """Write ``docs/quy-tac.md`` (atomically)."""
    from .fileio import atomic_write

    atomic_write(DOC_PATH, markdown().encode("utf-8"), overwrite=True)
    print(f"Đã ghi {DOC_PATH}", file=sys.stderr)


if __name__ == "__main__":
    main()
