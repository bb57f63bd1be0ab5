"""The project's rule list: every rule id (R-nn) docgen writes by and ``docgen check`` cites.

Each :class:`Rule` says, for a clerk, where the decree states it (Nghị định 30/2020/NĐ-CP:
PL1 = Phụ lục I, PL3 = Phụ lục III, Đ = an article of the decree), what the decree's own text
requires (its range), the value docgen itself writes (the house value), the severity of a
finding against it and how to fix it in Word. Every number comes from the layout table
(:data:`docgen.layout.LAYOUT`), so this list cannot drift from what the renderer draws and the
checker accepts.

Every text a clerk reads is a message of the catalog (Vietnamese msgid marked with ``N_``,
:mod:`docgen.i18n`), shown in the clerk's language by :func:`say`, :meth:`Rule.text` and the
other methods of :class:`Rule`; a text with numbers from the layout table is a :class:`Text`,
its msgid a whole sentence with named placeholders, the numbers worded in the language shown
(``0,5`` in Vietnamese, ``0.5`` in English). ``docs/quy-tac.md`` is generated in Vietnamese
(:func:`markdown`, written by ``python -m docgen.rules_doc``) and a test keeps the two equal.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from babel.lists import format_list
from babel.numbers import get_decimal_symbol

from .i18n import N_, _, current_language, language
from .layout import LAYOUT, QUOC_HIEU, TIEU_NGU

# The severities are codes (``docgen check --strict``, the JSON): the same in every language.
NGHI_DINH = "nghi-dinh"
"""Severity of a finding that breaks the decree's own text (exit status 1)."""
GOI_Y = "goi-y"
"""Severity of a finding about a house value or common practice (counted only with --strict)."""


@dataclass(frozen=True)
class Span:
    """A range from the layout table, worded ``13–14`` (one number when both ends are equal)."""

    lo: float
    hi: float


@dataclass(frozen=True)
class OneOf:
    """A few allowed values with their unit, worded ``1 cm hoặc 1,27 cm`` / ``1 cm or 1.27 cm``."""

    values: tuple[float, ...]
    unit: str


Value = str | int | float | Fraction | Span | OneOf
"""A value of a placeholder: text (decree wording, shown as it is) or a number to word."""


@dataclass(frozen=True)
class Text:
    """A message with numbers: its msgid (marked ``N_`` where it is written) and the values of
    its named placeholders, worded when shown (:meth:`say`)."""

    msgid: str
    values: tuple[tuple[str, Value], ...] = ()

    def say(self) -> str:
        """The text in the current language, its numbers worded in that language."""
        return _(self.msgid).format(**{name: _word(value) for name, value in self.values})


Said = str | Text
"""A clerk-facing text of a rule: a plain msgid, or a :class:`Text` with placeholders."""


def say(text: Said) -> str:
    """``text`` in the current language (a plain msgid through the catalog)."""
    return text.say() if isinstance(text, Text) else _(text)


def _t(msgid: str, **values: Value) -> Text:
    return Text(msgid, tuple(values.items()))


def _num(value: float) -> str:
    """``0,5`` in Vietnamese, ``0.5`` in English; no decimals when whole."""
    return f"{value:g}".replace(".", get_decimal_symbol(current_language()))


def _word(value: Value) -> str:
    """One placeholder's value in the current language."""
    if isinstance(value, str):
        return value
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, Span):
        return _num(value.lo) if value.lo == value.hi else f"{_num(value.lo)}–{_num(value.hi)}"
    if isinstance(value, OneOf):
        return format_list([f"{_num(v)} {value.unit}" for v in value.values], style="or",
                           locale=current_language())
    return _num(value)


@dataclass(frozen=True)
class Rule:
    """One rule of the list. The texts are msgids (Vietnamese); the methods give them in the
    current language."""

    id: str
    ten: str
    """What the rule is about: ``Quốc hiệu``."""
    can_cu: str
    """Where the decree says it: ``PL1 II.1.a``."""
    nghi_dinh: Said
    """What the decree's own text (or its templates) requires, with its range."""
    docgen: Said
    """The value docgen writes (house value), ``—`` when there is no choice."""
    muc: str
    """Severity of a finding: ``nghi-dinh``, ``goi-y`` or both (which part is which is said)."""
    sua: Said
    """How to fix it in Word."""

    def title(self) -> str:
        """What the rule is about, in the current language."""
        return _(self.ten)

    def severity(self) -> str:
        """The severity codes, with what decides between them, in the current language."""
        return _(self.muc)

    def fix(self) -> str:
        """How to fix it in Word, in the current language."""
        return say(self.sua)

    def text(self) -> str:
        """The rule for a clerk, as ``docgen quy-tac R-nn`` prints it, in the current
        language."""
        return "\n".join([
            f"{self.id} — {self.title()}",
            "  " + _("Căn cứ: Nghị định 30/2020/NĐ-CP, {locator}").format(
                locator=_(self.can_cu)),
            "  " + _("Nghị định quy định: {text}").format(text=say(self.nghi_dinh)),
            "  " + _("docgen dùng: {text}").format(text=say(self.docgen)),
            "  " + _("Mức: {severity}").format(severity=self.severity()),
            "  " + _("Sửa trong Word: {how}").format(how=self.fix()),
        ])


def _size_range(key: str) -> Span:
    return Span(*LAYOUT[key].size_range)


def _size(key: str) -> float:
    return LAYOUT[key].size_pt


def _fraction(value: float) -> Fraction | float:
    """1/3, 1/2, 2/5 as fractions (as the decree writes them); another value as a number."""
    for known in (Fraction(1, 3), Fraction(1, 2), Fraction(2, 5)):
        if value == float(known):
            return known
    return value


def _margin_ranges() -> dict[str, Value]:
    page = LAYOUT.page
    return {side: Span(m.min_mm, m.max_mm) for side, m in
            (("top", page.top), ("bottom", page.bottom), ("left", page.left),
             ("right", page.right))}


def _margins() -> dict[str, Value]:
    page = LAYOUT.page
    return {"top": page.top.mm, "bottom": page.bottom.mm, "left": page.left.mm,
            "right": page.right.mm}


_BODY = LAYOUT.body
_PAGE = LAYOUT.page
_NONE = "—"
"""No house value of its own (not a message: the same dash in every language)."""
# The fix advice shared by several rules, each a whole message (not glued from pieces).
_SIZE_BOLD = N_("chọn dòng chữ, đặt cỡ chữ ở ô Cỡ chữ (Trang đầu → Phông); Ctrl+B in đậm, "
                "Ctrl+I in nghiêng")
_SIZE_BOLD_CENTER = N_("chọn dòng chữ, đặt cỡ chữ ở ô Cỡ chữ (Trang đầu → Phông); Ctrl+B in "
                       "đậm, Ctrl+I in nghiêng; Ctrl+E để canh giữa")
_BOLD_CENTER = N_("Ctrl+B in đậm, Ctrl+I in nghiêng; Ctrl+E để canh giữa")
# The house values said the same way by several rules.
_SIZE = N_("cỡ {size}")
_SIZE_BOLD_HOUSE = N_("cỡ {size}, đậm")

_RULES: tuple[Rule, ...] = (
    Rule("R-01", N_("Khổ giấy"), N_("PL1 I.1–2"),
         _t(N_("A4 ({width} × {height} mm), trình bày theo chiều dài (khổ ngang: xem R-51)"),
            width=_PAGE.width_mm, height=_PAGE.height_mm),
         N_("A4 dọc"), NGHI_DINH,
         N_("Bố cục (Layout) → Khổ giấy (Size) → A4; Hướng (Orientation) → Dọc")),
    Rule("R-02", N_("Lề trang"), N_("PL1 I.3"),
         _t(N_("lề trên {top} mm, lề dưới {bottom} mm, lề trái {left} mm, lề phải {right} mm"),
            **_margin_ranges()),
         _t(N_("{top} / {bottom} / {left} / {right} mm (trên / dưới / trái / phải)"),
            **_margins()),
         NGHI_DINH, N_("Bố cục → Lề (Margins) → Lề tùy chỉnh, nhập số mm cho từng lề")),
    Rule("R-03", N_("Phông chữ"), N_("PL1 I.4"),
         N_("Times New Roman, bộ mã Unicode dựng sẵn (TCVN 6909:2001), màu đen; docgen xét phông "
            "ở đúng ô phông mà chữ tiếng Việt dùng (ascii, hAnsi), không xét ô Đông Á"),
         N_("Times New Roman ở cả bốn ô phông, tiếng Việt (vi-VN)"),
         N_("nghi-dinh; goi-y khi chỉ là tên một kiểu chữ (Times New Roman Bold) hoặc màu xám "
            "rất đậm in ra gần như đen"),
         N_("Ctrl+A rồi chọn phông Times New Roman; chữ tổ hợp: gõ lại bằng bảng mã Unicode "
            "dựng sẵn")),
    Rule("R-04", N_("Số trang"), N_("PL1 I.7"),
         _t(N_("chữ số Ả Rập, cỡ {size}, chữ đứng, canh giữa ở lề trên, không hiện ở trang "
               "đầu"), size=Span(*LAYOUT.page_number.size_range)),
         _t(N_("cỡ {size}, trường PAGE ở đầu trang, trang đầu khác"),
            size=LAYOUT.page_number.size_pt),
         NGHI_DINH,
         N_("Chèn (Insert) → Số trang → Đầu trang, giữa; bật 'Trang đầu khác' (Different First "
            "Page)")),
    Rule("R-10", N_("Quốc hiệu"), N_("PL1 II.1.a"),
         _t(N_("“{quoc_hieu}”, chữ in hoa, cỡ {size}, đứng, đậm, trên cùng bên phải"),
            quoc_hieu=QUOC_HIEU, size=_size_range("quoc_hieu")),
         _t(_SIZE_BOLD_HOUSE, size=_size("quoc_hieu")), NGHI_DINH, _SIZE_BOLD),
    Rule("R-11", N_("Tiêu ngữ"), N_("PL1 II.1.b–c"),
         _t(N_("“{tieu_ngu}”, chữ đầu mỗi cụm viết hoa, gạch nối (-) có cách chữ, cỡ {size}, "
               "đứng, đậm, canh giữa dưới Quốc hiệu, cách Quốc hiệu dòng đơn"),
            tieu_ngu=TIEU_NGU, size=_size_range("tieu_ngu")),
         _t(_SIZE_BOLD_HOUSE, size=_size("tieu_ngu")), NGHI_DINH,
         N_("gõ lại đúng chữ, dùng dấu gạch nối '-' (không dùng gạch dài); Ctrl+E để canh "
            "giữa")),
    Rule("R-12", N_("Đường kẻ dưới Tiêu ngữ"), N_("PL1 II.1.b"),
         N_("đường kẻ ngang, nét liền, dài bằng dòng chữ Tiêu ngữ, đặt cân giữa"),
         N_("đo từ bề rộng chữ"), NGHI_DINH,
         N_("vẽ đường thẳng (Chèn → Hình dạng → Đường thẳng) dài bằng dòng chữ, canh giữa dưới "
            "nó")),
    Rule("R-13", N_("Tên cơ quan chủ quản"), N_("PL1 II.2.b"),
         _t(N_("chữ in hoa, cỡ {size}, đứng, không đậm"), size=_size_range("chu_quan")),
         _t(_SIZE, size=_size("chu_quan")), NGHI_DINH,
         N_("chọn dòng chữ, đặt cỡ chữ ở ô Cỡ chữ (Trang đầu → Phông); bỏ in đậm (Ctrl+B)")),
    Rule("R-14", N_("Tên cơ quan ban hành"), N_("PL1 II.2.b"),
         _t(N_("chữ in hoa, cỡ {size}, đứng, đậm, canh giữa dưới tên cơ quan chủ quản; có thể "
               "nhiều dòng"), size=_size_range("co_quan")),
         _t(_SIZE_BOLD_HOUSE, size=_size("co_quan")), NGHI_DINH, _SIZE_BOLD_CENTER),
    Rule("R-15", N_("Đường kẻ dưới tên cơ quan"), N_("PL1 II.2.b"),
         _t(N_("nét liền, dài {low} đến {high} dòng chữ tên cơ quan, đặt cân đối"),
            low=_fraction(LAYOUT.agency_rule_ratio_range[0]),
            high=_fraction(LAYOUT.agency_rule_ratio_range[1])),
         _t(N_("{ratio} dòng chữ"), ratio=LAYOUT.agency_rule_ratio), NGHI_DINH,
         N_("kéo đường kẻ cho dài khoảng một nửa dòng chữ và canh giữa dưới nó")),
    Rule("R-16", N_("Số, ký hiệu"), N_("PL1 II.3"),
         _t(N_("“Số:” chữ thường, cỡ {size}, đứng; số dưới 10 thêm số 0; ký hiệu in hoa, các "
               "nhóm nối bằng '-', không cách chữ; canh giữa dưới tên cơ quan"),
            size=_size_range("so_ky_hieu")),
         _t(_SIZE, size=_size("so_ky_hieu")), NGHI_DINH,
         N_("sửa chữ cho đúng mẫu “Số: 05/UBND-VHXH”; chọn dòng chữ, đặt cỡ chữ ở ô Cỡ chữ "
            "(Trang đầu → Phông)")),
    Rule("R-17", N_("Ký hiệu văn bản"), N_("PL1 II.3.b, PL3 (bảng chữ viết tắt)"),
         N_("công văn: <tên cơ quan>-<đơn vị soạn thảo>, không có mã loại; các loại khác: "
            "<mã loại>-<tên cơ quan> (QĐ-UBND, TB-UBND; TTr, CTr, QyĐ giữ chữ thường)"),
         _NONE, NGHI_DINH,
         N_("sửa ký hiệu sau dấu '/' theo bảng chữ viết tắt của Phụ lục III")),
    Rule("R-18", N_("Đánh số văn bản"), N_("Đ15"),
         N_("mỗi cơ quan một hệ thống số trong năm, từ 01 ngày 01/01 đến 31/12; số và ký hiệu "
            "không trùng trong năm; để trống khi văn thư lấy số lúc phát hành"),
         N_("sổ đăng ký văn bản đi (docgen archive)"), NGHI_DINH,
         N_("lấy số theo sổ đăng ký văn bản đi của cơ quan")),
    Rule("R-19", N_("Địa danh và thời gian"), N_("PL1 II.4"),
         _t(N_("“<Địa danh>, ngày 05 tháng 3 năm 2025”, cỡ {size}, nghiêng; ngày dưới 10 và "
               "tháng 1, 2 thêm số 0; cùng dòng với Số, canh giữa dưới Quốc hiệu – Tiêu ngữ"),
            size=_size_range("dia_danh_ngay")),
         _t(N_("cỡ {size}, nghiêng"), size=_size("dia_danh_ngay")), NGHI_DINH,
         N_("Ctrl+I in nghiêng; sửa số ngày tháng; Ctrl+E để canh giữa")),
    Rule("R-20", N_("Trích yếu công văn (V/v)"), N_("PL1 II.5.b"),
         _t(N_("sau chữ “V/v”, chữ thường, cỡ {size}, đứng, canh giữa dưới Số, cách Số {gap} "
               "pt"), size=_size_range("trich_yeu_cv"), gap=LAYOUT.trich_yeu_space_before_pt),
         _t(_SIZE, size=_size("trich_yeu_cv")),
         N_("nghi-dinh; goi-y khi có đường kẻ dưới (mẫu không có)"),
         N_("chọn dòng chữ, đặt cỡ chữ ở ô Cỡ chữ (Trang đầu → Phông); bỏ đậm; xóa đường kẻ "
            "dưới dòng V/v")),
    Rule("R-21", N_("Tên loại văn bản"), N_("PL1 II.5.b"),
         _t(N_("chữ in hoa, cỡ {size}, đứng, đậm, canh giữa trang"), size=_size_range("ten_loai")),
         _t(_SIZE_BOLD_HOUSE, size=_size("ten_loai")), NGHI_DINH, _SIZE_BOLD_CENTER),
    Rule("R-22", N_("Trích yếu (văn bản có tên loại)"), N_("PL1 II.5.b"),
         _t(N_("chữ thường, cỡ {size}, đứng, đậm, canh giữa; đường kẻ nét liền dài {low} đến "
               "{high} dòng chữ"), size=_size_range("trich_yeu"),
            low=_fraction(LAYOUT.title_rule_ratio_range[0]),
            high=_fraction(LAYOUT.title_rule_ratio_range[1])),
         _t(N_("cỡ {size}, đậm, đường kẻ {ratio} dòng chữ"), size=_size("trich_yeu"),
            ratio=LAYOUT.title_rule_ratio),
         NGHI_DINH, N_("in đậm trích yếu; kéo đường kẻ dài khoảng 1/3 đến 1/2 dòng chữ")),
    Rule("R-23", N_("Mức độ khẩn"), N_("PL1 III.2.b"),
         _t(N_("“HỎA TỐC”, “THƯỢNG KHẨN”, “KHẨN”: in hoa, cỡ {size}, đứng, đậm, trong khung "
               "viền đơn"), size=_size_range("do_khan")),
         _t(N_("cỡ {size}, đậm, có khung"), size=_size("do_khan")), NGHI_DINH,
         N_("chọn dòng, Trang đầu → Viền (Borders) → Viền ngoài")),
    Rule("R-24", N_("Thẩm quyền ban hành (nghị quyết, quyết định)"), N_("PL3 Mẫu 1.1, 1.2"),
         _t(N_("dòng thẩm quyền dưới đường kẻ trích yếu: in hoa, cỡ {size}, đứng, đậm, canh "
               "giữa"), size=_size_range("tham_quyen")),
         _t(_SIZE_BOLD_HOUSE, size=_size("tham_quyen")), NGHI_DINH, _BOLD_CENTER),
    Rule("R-25", N_("Dòng “QUYẾT ĐỊNH:” / “QUYẾT NGHỊ:”"), N_("PL3 Mẫu 1.1–1.3"),
         _t(N_("in hoa, cỡ {size}, đứng, đậm, canh giữa, trước Điều 1"),
            size=_size_range("quyet_dinh")),
         _t(_SIZE_BOLD_HOUSE, size=_size("quyet_dinh")), NGHI_DINH, _BOLD_CENTER),
    Rule("R-26", N_("Chỉ dẫn phạm vi lưu hành"), N_("PL1 III.2.c"),
         _t(N_("“LƯU HÀNH NỘI BỘ”, “XEM XONG TRẢ LẠI”: in hoa, cỡ {size}, đứng, đậm, trong "
               "khung viền đơn"), size=_size_range("luu_hanh")),
         _t(N_("cỡ {size}, đậm, có khung"), size=_size("luu_hanh")), NGHI_DINH,
         N_("Trang đầu → Viền → Viền ngoài")),
    Rule("R-27", N_("Công điện: dòng “… điện:”"), N_("PL3 Mẫu 1.6"),
         _t(N_("“<THẨM QUYỀN> điện:” cỡ {size}, đậm, rồi danh sách nơi nhận công điện, mỗi nơi "
               "một dòng “- X;”, dòng cuối kết thúc bằng dấu chấm"), size=_size_range("dien")),
         _t(_SIZE_BOLD_HOUSE, size=_size("dien")),
         N_("nghi-dinh; goi-y cho chữ đậm của dòng “… điện:” (Phụ lục I không quy định, chỉ "
            "Mẫu 1.6 vẽ đậm; cỡ chữ là cỡ của nội dung, 13–14)"),
         N_("chọn dòng “… điện:”, Ctrl+B; sửa dấu câu cuối mỗi dòng nơi nhận: ';' và '.' ở "
            "dòng cuối")),
    Rule("R-30", N_("Kính gửi"), N_("PL1 II.9.d"),
         _t(N_("chữ thường, cỡ {size}, đứng; gửi một nơi: “Kính gửi:” và tên trên cùng một "
               "dòng; nhiều nơi: mỗi nơi một dòng “- X;”, dòng cuối “- Y.”"),
            size=_size_range("kinh_gui")),
         _t(N_("cỡ {size}; gửi một nơi vẫn thêm dấu chấm cuối"), size=_size("kinh_gui")),
         N_("nghi-dinh; goi-y cho dấu chấm sau một nơi nhận (ví dụ của Nghị định không có dấu "
            "chấm)"),
         N_("sửa dấu câu cuối mỗi dòng: ';' và '.' ở dòng cuối")),
    Rule("R-31", N_("Nội dung"), N_("PL1 II.6.e"),
         _t(N_("chữ thường, cỡ {size}, đứng, canh đều hai lề, lùi đầu dòng {indents}, cách đoạn "
               "tối thiểu {gap} pt, giãn dòng từ {spacing_low} đến {spacing_high} dòng"),
            size=_size_range("noi_dung"), indents=OneOf(_BODY.first_line_indent_choices_cm, "cm"),
            gap=_BODY.min_paragraph_gap_pt, spacing_low=_BODY.line_spacing_range[0],
            spacing_high=_BODY.line_spacing_range[1]),
         _t(N_("cỡ {size}, lùi {indent} cm, cách trước {before} pt, giãn dòng {spacing}"),
            size=_size("noi_dung"), indent=_BODY.first_line_indent_cm,
            before=_BODY.space_before_pt, spacing=_BODY.line_spacing),
         NGHI_DINH,
         _t(N_("Đoạn văn (Paragraph): Canh đều (Ctrl+J), Thụt lề đặc biệt → Dòng đầu, Khoảng "
               "cách trước {before} pt, Giãn dòng"), before=_BODY.space_before_pt)),
    Rule("R-32", N_("Căn cứ ban hành"), N_("PL1 II.6.a"),
         _t(N_("chữ thường, nghiêng, cỡ {size}; mỗi căn cứ một dòng, cuối dòng ';', dòng cuối "
               "'.'"), size=_size_range("can_cu")),
         _t(N_("cỡ {size}, nghiêng"), size=_size("can_cu")), NGHI_DINH,
         N_("Ctrl+I in nghiêng; sửa dấu cuối dòng")),
    Rule("R-33", N_("Kết thúc nội dung"), N_("PL3 (các mẫu)"),
         N_("đoạn cuối của nội dung kết thúc bằng “./.”"), _NONE, NGHI_DINH,
         N_("gõ “./.” sau dấu chấm cuối đoạn cuối")),
    Rule("R-34", N_("Điều"), N_("PL1 II.6.đ"),
         _t(N_("“Điều 1.” chữ thường, đậm, cỡ {size} (bằng cỡ chữ nội dung), lùi đầu dòng như "
               "nội dung; “Chương I”, “Mục 1” mỗi dòng riêng, canh giữa, đậm, cỡ "
               "{chapter_size}, tiêu đề chương, mục ngay dưới, in hoa, đậm, canh giữa"),
            size=_size_range("dieu"), chapter_size=_size_range("chuong")),
         _t(_SIZE_BOLD_HOUSE, size=_size("dieu")), NGHI_DINH,
         N_("chọn chữ “Điều 1.”, Ctrl+B; dòng “Chương …”, “Mục …” và tiêu đề: Ctrl+B, "
            "Ctrl+E")),
    Rule("R-35", N_("Bảng trong nội dung"),
         N_("— (Nghị định không quy định; thói quen trình bày)"),
         _t(N_("hàng tiêu đề đậm và lặp lại ở mỗi trang, viền đơn, nằm trong lề, cỡ {size}, số "
               "canh phải"), size=Span(*LAYOUT.table.size_range)),
         _t(N_("cỡ {size} ({wide_size} khi bảng rộng)"), size=LAYOUT.table.size_pt,
            wide_size=LAYOUT.table.wide_size_pt),
         GOI_Y,
         N_("Thiết kế bảng → Lặp lại hàng tiêu đề (Repeat Header Rows); canh phải cột số")),
    Rule("R-36", N_("Giấy mời"), N_("PL3 Mẫu 1.7"),
         _t(N_("các dòng kính mời, tới dự, chủ trì, thời gian, địa điểm theo Mẫu 1.7, cỡ "
               "{size}"), size=_size_range("giay_moi")),
         _t(_SIZE, size=_size("giay_moi")), NGHI_DINH, N_("trình bày theo Mẫu 1.7")),
    Rule("R-37", N_("Giấy giới thiệu, giấy nghỉ phép"), N_("PL3 Mẫu 1.8, 1.10"),
         _t(N_("các dòng của giấy theo Mẫu 1.8 (giới thiệu) và Mẫu 1.10 (nghỉ phép), cỡ {size}; "
               "xác nhận nơi nghỉ phép cỡ {confirmation_size}, đậm"),
            size=_size_range("giay_to"), confirmation_size=_size_range("xac_nhan")),
         _t(_SIZE, size=_size("giay_to")), NGHI_DINH, N_("trình bày theo Mẫu 1.8, 1.10")),
    Rule("R-40", N_("Nơi nhận"), N_("PL1 II.9.d"),
         _t(N_("“Nơi nhận:” một dòng riêng, sát lề trái, cỡ {size}, nghiêng, đậm, ngang hàng "
               "dòng quyền hạn, chức vụ người ký"), size=_size_range("noi_nhan_tieu_de")),
         _t(N_("cỡ {size}, đậm nghiêng"), size=_size("noi_nhan_tieu_de")),
         N_("nghi-dinh; goi-y cho độ ngang hàng (chỉ ước lượng được từ tệp)"),
         N_("chọn dòng chữ, đặt cỡ chữ ở ô Cỡ chữ (Trang đầu → Phông); Ctrl+B và Ctrl+I")),
    Rule("R-41", N_("Danh sách nơi nhận và dòng Lưu"), N_("PL1 II.9.b, II.9.d"),
         _t(N_("chữ thường, cỡ {size}, đứng; mỗi nơi một dòng “- X;”; công văn mở đầu bằng "
               "“- Như trên;”; dòng cuối “- Lưu: VT, <đơn vị>.” kết thúc bằng dấu chấm"),
            size=_size_range("noi_nhan")),
         _t(_SIZE, size=_size("noi_nhan")),
         N_("nghi-dinh; goi-y khi viết “Như kính gửi” thay “Như trên”"),
         _t(N_("sửa từng dòng cho đúng dấu câu; cỡ chữ {size}"), size=_size("noi_nhan"))),
    Rule("R-42", N_("Quyền hạn người ký"), N_("PL1 II.7.b, II.7.đ; Đ13"),
         _t(N_("“TM.”, “KT.”, “TL.”, “TUQ.”, “Q.”: in hoa, cỡ {size}, đứng, đậm"),
            size=_size_range("quyen_han")),
         _t(_SIZE_BOLD_HOUSE, size=_size("quyen_han")), NGHI_DINH, _BOLD_CENTER),
    Rule("R-43", N_("Chức vụ người ký"), N_("PL1 II.7.c, II.7.đ"),
         _t(N_("in hoa, cỡ {size}, đứng, đậm"), size=_size_range("chuc_vu")),
         _t(_SIZE_BOLD_HOUSE, size=_size("chuc_vu")), NGHI_DINH,
         N_("Ctrl+B in đậm, Ctrl+I in nghiêng; viết in hoa")),
    Rule("R-44", N_("Họ tên người ký"), N_("PL1 II.7.c, II.7.đ"),
         _t(N_("chữ thường (viết hoa chữ đầu), cỡ {size}, đứng, đậm, canh giữa dưới chức vụ; "
               "không ghi học hàm, học vị trước tên"), size=_size_range("ho_ten")),
         _t(N_("cỡ {size}, đậm; để {blank_lines} dòng trống để ký (thói quen {usual} dòng)"),
            size=_size("ho_ten"), blank_lines=LAYOUT.signature_blank_lines,
            usual=Span(*LAYOUT.signature_blank_range)),
         N_("nghi-dinh; goi-y cho số dòng trống để ký (Nghị định không quy định)"),
         N_("Ctrl+B in đậm, Ctrl+I in nghiêng; sửa chữ hoa; thêm/bớt dòng trống giữa chức vụ "
            "và họ tên")),
    Rule("R-45", N_("Ký hiệu người soạn thảo, số lượng bản"), N_("PL1 III.3"),
         N_("sau dòng Lưu: ký hiệu in hoa, số bản bằng chữ số Ả Rập, cỡ 11, đứng"), _NONE,
         NGHI_DINH, N_("viết ký hiệu người soạn thảo in hoa, cỡ 11")),
    Rule("R-46", N_("Biên bản: hai chữ ký"), N_("PL3 Mẫu 1.9"),
         _t(N_("“THƯ KÝ” bên trái, “CHỦ TỌA” bên phải, cạnh nhau, in hoa cỡ {size}, đậm; họ tên "
               "in đậm; Nơi nhận dưới"), size=_size_range("thu_ky")),
         _t(_SIZE_BOLD_HOUSE, size=_size("thu_ky")), NGHI_DINH,
         N_("đặt hai khối chữ ký trong một bảng hai cột")),
    Rule("R-47", N_("Địa chỉ cơ quan"), N_("PL1 III.4"),
         _t(N_("ở trang đầu, dưới đường kẻ nét liền hết chiều ngang, cỡ {size}, đứng"),
            size=_size_range("dia_chi")),
         _t(_SIZE, size=_size("dia_chi")), NGHI_DINH,
         _t(N_("đặt ở chân trang đầu, cỡ {size}"), size=_size_range("dia_chi"))),
    Rule("R-50", N_("Phụ lục"), N_("PL1 III.1"),
         _t(N_("sang trang (phần) mới; “Phụ lục” (+ số La Mã) cỡ {number_size}, đậm, canh giữa; "
               "tên phụ lục in hoa cỡ {title_size}, đậm; dòng “(Kèm theo … số … ngày … của …)” "
               "cỡ {note_size}, nghiêng, canh giữa"),
            number_size=_size_range("phu_luc_so"), title_size=_size_range("phu_luc_tieu_de"),
            note_size=_size_range("phu_luc_kem_theo")),
         _t(N_("cỡ {size}, đường kẻ dưới {width} cm"), size=_size("phu_luc_so"),
            width=LAYOUT.appendix.rule_width_cm),
         NGHI_DINH, N_("Bố cục → Ngắt → Trang tiếp theo (Section Break, Next Page)")),
    Rule("R-51", N_("Khổ ngang cho phần có bảng"), N_("PL1 I.2"),
         N_("trình bày theo chiều dài khổ A4; văn bản có bảng, biểu không làm thành phụ lục "
            "riêng thì có thể trình bày theo chiều rộng — docgen chấp nhận khổ ngang cho phần "
            "(section) có bảng, kể cả phụ lục chứa bảng rộng; phần không có bảng giữ khổ dọc"),
         N_("phụ lục ngang là một phần riêng, khổ ngang"), NGHI_DINH,
         N_("đặt con trỏ trong phần đó, Bố cục (Layout) → Hướng (Orientation) → Dọc; chỉ để "
            "ngang phần chứa bảng (Bố cục → Ngắt → Trang tiếp theo để tách phần)")),
    Rule("R-55", N_("Bản sao"), N_("PL1 Phần II mục II.2.a"),
         N_("các thành phần bản sao ngay sau văn bản được sao, dưới đường kẻ nét liền hết chiều "
            "ngang vùng trình bày"), _NONE, NGHI_DINH,
         N_("đặt một đoạn trống ngay trên khối bản sao, không thụt lề, Trang đầu → Viền "
            "(Borders) → Viền dưới; hoặc tạo bản sao bằng docgen sao")),
    Rule("R-56", N_("Hình thức sao và số bản sao"), N_("PL1 Phần II mục II.1–2; PL3"),
         N_("“SAO Y”, “TRÍCH SAO”, “SAO LỤC” in hoa, cỡ 13–14, đậm; số bản sao “Số: "
            "01/SY-UBND” (SY, TrS, SL)"), _NONE, NGHI_DINH,
         N_("chọn chữ “SAO Y”, Ctrl+B, viết in hoa, cỡ 13–14; sửa số thành “Số: 01/SY-<cơ "
            "quan>” (TrS trích sao, SL sao lục), số dưới 10 thêm số 0")),
    Rule("R-60", N_("Quốc hiệu trên một dòng"), N_("PL1 II.1.c"),
         N_("Quốc hiệu và Tiêu ngữ là hai dòng chữ: Quốc hiệu nằm trọn trên một dòng, không "
            "xuống dòng"),
         _t(N_("cột phải của phần đầu rộng {width} cm"), width=LAYOUT.header_columns.right_cm),
         NGHI_DINH,
         _t(N_("nới rộng cột chứa Quốc hiệu (kéo đường biên bảng) hoặc dùng cỡ {size}"),
            size=LAYOUT["quoc_hieu"].size_range[0])),
    Rule("R-61", N_("Dòng Lưu có VT và đơn vị soạn thảo"), N_("PL1 II.9.d"),
         N_("dòng Lưu ghi “VT” (văn thư), chữ viết tắt đơn vị soạn thảo, số bản lưu nếu cần, "
            "cuối cùng dấu chấm"), N_("“- Lưu: VT, <đơn vị>.”"),
         N_("nghi-dinh; goi-y cho giấy giới thiệu (Mẫu 1.8 chỉ ghi “Lưu: VT.”)"),
         N_("thêm chữ viết tắt đơn vị soạn thảo sau “VT,”")),
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
"""A note of docs/quy-tac.md (the document is Vietnamese: not a message of the catalog)."""

# docs/quy-tac.md is a Vietnamese document of the project, like the documents docgen writes:
# its own headings are plain text, and the rules' messages are given in Vietnamese.
_MARKDOWN_HEAD = [
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


def markdown() -> str:
    """The text of ``docs/quy-tac.md`` (Vietnamese, whatever the current language)."""
    lines = list(_MARKDOWN_HEAD)
    with language("vi"):
        for r in _RULES:
            cells = [r.id, r.title(), _(r.can_cu), say(r.nghi_dinh), say(r.docgen),
                     r.severity()]
            lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
        lines += ["", "## Cách sửa trong Word", ""]
        lines += [f"- **{r.id}** {r.title()}: {r.fix()}." for r in _RULES]
    return "\n".join(lines) + "\n"


DOC_PATH = Path(__file__).resolve().parent.parent / "docs" / "quy-tac.md"


def main() -> None:
    """Write ``docs/quy-tac.md`` (atomically)."""
    from .fileio import atomic_write

    atomic_write(DOC_PATH, markdown().encode("utf-8"), overwrite=True)
    print(_("Đã ghi {path}.").format(path=DOC_PATH), file=sys.stderr)


if __name__ == "__main__":
    main()
