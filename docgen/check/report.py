"""Findings as data, and their wording in the clerk's language.

A :class:`Finding` holds the rule id (R-nn of ``docs/quy-tac.md``), the element, what was found
and what the decree wants, as small dicts of properties (``{"size": 12}`` /
``{"size": [13, 14], "italic": True}``). Wording is done here only, from those properties, so the
JSON output and the text say the same thing and tests assert on data, not on sentences. Every
phrase is a message of the catalog (Vietnamese msgid, ``docgen/locale``): the tables below are
marked with ``N_`` and translated with ``_`` when a finding is worded, in the language of the
``lang`` argument or, without one, the current language (:mod:`docgen.i18n`).

The JSON of ``docgen check --json`` (:func:`reports_json`) is one object::

    {"files": [{"path": "a.docx", "ok": false, "error": null, "hint": null,
                "findings": [{"rule": "R-19", "element": "dia_danh_ngay",
                              "element_name": "Địa danh, ngày tháng", "found": {...},
                              "expected": {...}, "where": "...", "count": 1,
                              "note": "month_no_padding", "message": "R-19 ..."}]},
               {"path": "hong.docx", "ok": false, "error": "tệp rỗng", "hint": "...",
                "findings": []}],
     "summary": {"files": 2, "ok": 0, "with_findings": 1, "findings": 1, "unreadable": 1}}

Every file, read or not, has the same keys (:meth:`Report.as_dict`); ``error`` and ``hint`` are
null for a file that was checked. ``found`` and ``expected`` are data (document text stays as
it was found, ``note`` and ``describe`` are keys of the tables here); ``element_name``,
``message`` and ``fix`` are words in the chosen language.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from functools import cache, reduce
from typing import Any

from babel.numbers import get_decimal_symbol

from ..errors import Problem
from ..i18n import N_, _, current_language, language, ngettext
from ..layout import LAYOUT
from ..rules_doc import GOI_Y, NGHI_DINH

# Element keys that are not layout elements: the parts of the page and the drawn rules.
_EXTRA_NAMES = {
    "page": N_("Khổ giấy"),
    "margins": N_("Lề trang"),
    "font": N_("Phông chữ"),
    "rule_tieu_ngu": N_("Đường kẻ dưới Tiêu ngữ"),
    "rule_co_quan": N_("Đường kẻ dưới tên cơ quan"),
    "rule_trich_yeu": N_("Đường kẻ dưới trích yếu"),
    "ky_hieu": N_("Ký hiệu văn bản"),
    "can_cu": N_("Căn cứ ban hành"),
    "ket_thuc": N_("Kết thúc nội dung"),
    "luu": N_("Dòng Lưu"),
    "khoang_ky": N_("Khoảng trống để ký"),
    "tham_quyen": N_("Thẩm quyền ban hành"),
    "quyet_dinh": N_("Dòng “QUYẾT ĐỊNH:”"),
    "dieu": N_("Điều"),
    "ky_bien_ban": N_("Chữ ký biên bản (thư ký, chủ tọa)"),
    "bang": N_("Bảng trong nội dung"),
    "ban_sao": N_("Khối bản sao"),
    "hinh_thuc_sao": N_("Hình thức sao (SAO Y, TRÍCH SAO, SAO LỤC)"),
    "so_ban_sao": N_("Số, ký hiệu bản sao"),
    "quoc_hieu_dong": N_("Quốc hiệu trên một dòng"),
}

_FIX_BY_ELEMENT = {
    "khoang_ky": N_("thêm hoặc bớt dòng trống (Enter) giữa chức vụ và họ tên người ký"),
    "luu": N_("viết dòng cuối “- Lưu: VT, <chữ viết tắt đơn vị soạn thảo>.”"),
    "rule_tieu_ngu": N_("kéo đường kẻ cho dài bằng dòng Tiêu ngữ và canh giữa dưới nó"),
    "rule_co_quan": N_("kéo đường kẻ dài 1/3 đến 1/2 dòng tên cơ quan, canh giữa dưới nó"),
    "rule_trich_yeu": N_("kéo đường kẻ dài 1/3 đến 1/2 dòng trích yếu, canh giữa dưới nó"),
    "page_number": N_("Chèn → Số trang → Đầu trang, giữa; cỡ 13–14, chữ đứng; bật 'Trang đầu "
                      "khác'"),
    "margins": N_("Bố cục (Layout) → Lề (Margins) → Lề tùy chỉnh, nhập số mm cho từng lề"),
}
"""How to fix a finding about one part, where the rule's general advice is too broad."""

_FIX_BY_NOTE = {
    "level": N_("đặt “Nơi nhận:” ở dòng đầu của ô bên trái, ngang dòng quyền hạn, chức vụ người "
                "ký"),
    "single_stop": N_("thêm dấu chấm sau tên nơi nhận (không bắt buộc)"),
    "rule_above": N_("đặt con trỏ ở dòng đầu, Trang đầu → Viền (Borders) → Viền trên; cho đoạn "
                     "trải hết chiều ngang (không thụt lề trái, phải)"),
    "wraps": N_("kéo rộng cột chứa Quốc hiệu hoặc đặt cỡ 12 để Quốc hiệu nằm trên một dòng"),
}

_NOTES = {
    "day_padding": N_("ngày dưới 10 phải thêm số 0"),
    "month_padding_12": N_("tháng 1, 2 phải thêm số 0"),
    "month_no_padding": N_("tháng 3 đến 12 không thêm số 0"),
    "date_invalid": N_("ngày không có thật"),
    "date_format": N_("ngày, tháng, năm viết bằng chữ số liền nhau"),
    "number_padding": N_("số dưới 10 phải thêm số 0"),
    "number_leading_zero": N_("số từ 10 trở lên không thêm số 0"),
    "code_format": N_("ký hiệu viết hoa, các nhóm nối bằng '-', không có dấu cách"),
    "code_cong_van": N_("ký hiệu công văn là <tên cơ quan>-<đơn vị soạn thảo>, không có mã "
                        "loại"),
    "code_kind": N_("ký hiệu bắt đầu bằng chữ viết tắt tên loại (Phụ lục III)"),
    "en_dash": N_("dùng gạch nối '-' có dấu cách, không dùng gạch dài"),
    "capitals": N_("chỉ viết hoa chữ đầu mỗi cụm"),
    "nhu_tren": N_("công văn ghi '- Như trên;' đầu tiên"),
    "degree": N_("không ghi học hàm, học vị trước tên"),
    "normal_case": N_("họ tên viết chữ thường"),
    "level": N_("ngang hàng dòng đầu khối chữ ký"),
    "centred": N_("đặt cân giữa dưới dòng chữ"),
    "landscape": N_("khổ ngang chỉ dùng cho phần có bảng, biểu"),
    "body_dominant": N_("phần lớn nội dung"),
    "single_stop": N_("gửi một nơi: Nghị định không bắt buộc dấu chấm cuối"),
    "font_face": N_("tên một kiểu chữ của Times New Roman; nên chọn đúng tên phông"),
    "wraps": N_("dòng chữ rộng hơn ô chứa nên tự xuống dòng; nới rộng cột hoặc giảm cỡ chữ"),
    "luu_vt": N_("dòng Lưu phải có “VT” (Văn thư)"),
    "luu_unit": N_("dòng Lưu phải có chữ viết tắt đơn vị soạn thảo"),
    "luu_unit_mau_1_8": N_("Mẫu 1.8 của Nghị định chỉ ghi “Lưu: VT.”; nên thêm đơn vị soạn "
                           "thảo"),
    "rule_above": N_("Nghị định yêu cầu đường kẻ kéo dài hết chiều ngang"),
    "copy_code": N_("ký hiệu bản sao bắt đầu bằng SY (sao y), TrS (trích sao) hoặc SL (sao lục)"),
    "near_black": N_("xám rất đậm, in ra gần như đen"),
}
"""A short explanation of a finding, by its ``note`` key."""

_DESCRIBE = {
    "header_not_repeated": N_("hàng tiêu đề không lặp lại ở mỗi trang"),
    "luu_last": N_("dòng “- Lưu: …” ở cuối"),
    "recipient_after_kinh_gui": N_("nơi nhận sau “Kính gửi:”"),
}
"""What was found or is wanted, where no property says it: the values of a ``describe`` key."""

# Properties that are on or off: (the phrase when true, the phrase when false).
_FLAGS = {
    "bold": (N_("in đậm"), N_("không in đậm")),
    "italic": (N_("in nghiêng"), N_("in đứng")),
    "bold_italic": (N_("in đậm nghiêng"), N_("không đậm nghiêng")),
    "upper": (N_("chữ in hoa"), N_("có chữ thường")),
    "present": (N_("có"), N_("không tìm thấy")),
    "nfc": (N_("Unicode dựng sẵn (NFC, TCVN 6909:2001)"), N_("chữ Unicode tổ hợp (không NFC)")),
    "page_one": (N_("có số trang ở trang đầu"), N_("trang đầu không đánh số")),
    "box": (N_("có khung viền"), N_("không có khung")),
    "rule_above": (N_("dưới một đường kẻ nét liền hết chiều ngang vùng trình bày"),
                   N_("không có đường kẻ nét liền hết chiều ngang phía trên")),
    "rule_under": (N_("có đường kẻ bên dưới"), N_("không có đường kẻ")),
    "level": (N_("ngang dòng đầu khối chữ ký"), N_("lệch dòng với khối chữ ký")),
}

# Properties with a few known values; another value is shown as it is.
_CHOICES = {
    "align": {"left": N_("căn trái"), "center": N_("căn giữa"), "right": N_("căn phải"),
              "both": N_("căn đều hai bên")},
    "orientation": {"landscape": N_("khổ ngang"), "portrait": N_("khổ dọc")},
    "place": {"footer": N_("ở chân trang"), "header": N_("ở đầu trang (lề trên)")},
}

SEVERITIES = (NGHI_DINH, GOI_Y)

_GROUP_TITLES = {
    NGHI_DINH: N_("Trái Nghị định 30/2020/NĐ-CP"),
    GOI_Y: N_("Gợi ý (thói quen trình bày, Nghị định không bắt buộc)"),
}


def _speaking(lang: str | None) -> AbstractContextManager[None]:
    """A block in ``lang`` (``vi``, ``en``); None keeps the current language."""
    return language(lang) if lang else nullcontext()


@dataclass(frozen=True)
class Finding:
    """One deviation from the decree."""

    rule: str
    """Rule id of ``docs/quy-tac.md``: ``R-19``."""
    element: str
    """Layout element key (``dia_danh_ngay``) or a part of the page (``margins``, ``font``)."""
    found: dict[str, Any]
    """What the document has, by property: ``{"size": 12}``."""
    expected: dict[str, Any]
    """What the decree wants, by property: ``{"size": [13, 14], "italic": True}``."""
    where: str = ""
    """The text of the element as found (shortened), to find it in the document."""
    count: int = 1
    """How many places (paragraphs, runs) have this deviation."""
    note: str | None = None
    """Key of a short explanation (``month_no_padding``)."""
    page: int | None = None
    """The page the text is on, estimated from the file (None when not known or one page)."""
    severity: str = "nghi-dinh"
    """:data:`NGHI_DINH` when the decree's own text is broken, :data:`GOI_Y` when only a house
    value or common practice is not followed (see ``docs/quy-tac.md``)."""

    def element_name(self, lang: str | None = None) -> str:
        """The element's name in ``lang`` (``vi``, ``en``; the current language by default)."""
        with _speaking(lang):
            element = LAYOUT.elements.get(self.element)
            if element is None and self.element == "page_number":
                element = LAYOUT.page_number
            if element is not None:
                return element.label
            name = _EXTRA_NAMES.get(self.element)
            return _(name) if name else self.element

    def message(self, lang: str | None = None) -> str:
        """``R-19 Địa danh, ngày tháng: cỡ chữ 12 — cần 13–14, in nghiêng`` in ``lang``
        (the current language by default)."""
        with _speaking(lang):
            found = describe(self.found)
            details = self._details()
            if details:
                found += f" ({', '.join(details)})"
            text = f"{self.rule} {self.element_name()}: {found}"
            expected = describe(self.expected, expected=True)
            if expected:
                text = _("{finding} — cần {expected}").format(finding=text, expected=expected)
            if self.note:
                note = _NOTES.get(self.note)
                text += f" ({_(note) if note else self.note})"
            return text

    def _details(self) -> list[str]:
        """How many places, the page and the text: ``3 chỗ``, ``khoảng trang 2``, ``tại “…”``."""
        out = []
        if self.count > 1:
            out.append(ngettext("{count} chỗ", "{count} chỗ", self.count).format(
                count=self.count))
        if self.page:
            out.append(_("khoảng trang {page}").format(page=self.page))
        if self.where:
            out.append(_("tại “{text}”").format(text=self.where))
        return out

    def as_dict(self, lang: str | None = None) -> dict[str, Any]:
        """The finding as JSON-ready data, its words in ``lang`` (the current language by
        default)."""
        with _speaking(lang):
            return {"rule": self.rule, "severity": self.severity, "page": self.page,
                    "element": self.element,
                    "element_name": self.element_name(), "found": self.found,
                    "expected": self.expected, "where": self.where, "count": self.count,
                    "note": self.note, "message": self.message(), "fix": self.fix()}

    def fix(self, lang: str | None = None) -> str:
        """How to put it right in Word (from the rule list, ``docgen quy-tac``), in ``lang``
        (the current language by default)."""
        with _speaking(lang):
            how = self._how()
            if how is None:
                return _("xem: docgen quy-tac {rule}").format(rule=self.rule)
            return _("Sửa: {how} (docgen quy-tac {rule})").format(how=how, rule=self.rule)

    def _how(self) -> str | None:
        """The fix in words, most particular first; None when only the rule can be named."""
        from ..rules_doc import RULES

        rule = RULES.get(self.rule)
        if rule is None:
            return None
        if self.found.get("present") is False:
            return _("thêm {element} theo mẫu của Nghị định").format(
                element=_lower_first(self.element_name()))
        advice = _FIX_BY_NOTE.get(self.note or "") or _FIX_BY_ELEMENT.get(self.element)
        if advice:
            return _(advice)
        # The rule list's own advice (``docgen quy-tac``), through the catalog like the rest.
        return rule.fix()


# -- wording of the properties ----------------------------------------------------------------


@cache
def _decimal_mark(lang: str) -> str:
    return get_decimal_symbol(lang)


def _num(value: float) -> str:
    """``12,5`` in Vietnamese, ``12.5`` in English: at most two decimals, none when whole."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", _decimal_mark(current_language()))


def _range(value: Any) -> str:
    """A number, or a ``[low, high]`` range as ``13–14`` (one number when both are equal)."""
    if isinstance(value, list | tuple):
        lo, hi = value
        if lo == hi:
            return _num(lo)
        return f"{_num(lo)}–{_num(hi)}"
    return _num(value)


def _plural_n(value: Any) -> int:
    """The count gettext picks a plural form by: exactly one is singular; a fraction (1,5) or
    a range (1–1,5) reads as plural."""
    return 1 if not isinstance(value, list | tuple) and value == 1 else 2


def _fraction(value: float) -> str:
    for n, d in ((1, 3), (1, 2), (2, 5), (1, 4), (2, 3)):
        if abs(value - n / d) < 1e-6:
            return f"{n}/{d}"
    return f"{value:.2f}"


def _size(value: Any, expected: bool) -> str:
    if expected:
        return _("cỡ {size}").format(size=_range(value))
    if value is None:
        return _("không rõ cỡ chữ")
    return _("cỡ chữ {size}").format(size=_num(value))


def _color(value: Any, expected: bool) -> str:
    # The decree wants black: the expected colour is named, not given as a code.
    return _("màu đen") if expected else _("màu {color}").format(color=value)


def _ratio(value: Any, expected: bool) -> str:
    if expected and isinstance(value, list | tuple):
        lo, hi = value
        return _("dài {low}–{high} dòng chữ").format(low=_fraction(lo), high=_fraction(hi))
    return _("dài bằng {ratio} dòng chữ").format(ratio=_num(value))


def _indent(value: Any, _expected: bool) -> str:
    if isinstance(value, list | tuple):
        indent = reduce(lambda a, b: _("{first} hoặc {second}").format(first=a, second=b),
                        (f"{_num(v)} cm" for v in value))
    else:
        indent = f"{_num(value)} cm"
    return _("thụt đầu dòng {indent}").format(indent=indent)


def _number_format(value: Any, _expected: bool) -> str:
    if value in (None, "decimal"):
        return _("số Ả Rập")
    return _("kiểu số {format}").format(format=value)


def _describe_value(value: Any, _expected: bool) -> str:
    phrase = _DESCRIBE.get(value) if isinstance(value, str) else None
    return _(phrase) if phrase else str(value)


_PHRASES: dict[str, Callable[[Any, bool], str]] = {
    "size": _size,
    "color": _color,
    "ratio": _ratio,
    "indent_cm": _indent,
    "number_format": _number_format,
    "describe": _describe_value,
    "text": lambda v, _e: f"“{v}”",
    "paper": lambda v, _e: f"{v}",
    "font": lambda v, _e: _("phông {font}").format(font=v),
    "width_mm": lambda v, _e: _("dài {length} mm").format(length=_range(v)),
    "offset_mm": lambda v, _e: _("lệch tâm {offset} mm").format(offset=_num(v)),
    "margin_top": lambda v, _e: _("lề trên {length} mm").format(length=_range(v)),
    "margin_bottom": lambda v, _e: _("lề dưới {length} mm").format(length=_range(v)),
    "margin_left": lambda v, _e: _("lề trái {length} mm").format(length=_range(v)),
    "margin_right": lambda v, _e: _("lề phải {length} mm").format(length=_range(v)),
    "gap_pt": lambda v, _e: _("cách đoạn {gap} pt").format(gap=_num(v)),
    "min_gap_pt": lambda v, _e: _("cách đoạn ít nhất {gap} pt").format(gap=_num(v)),
    "line": lambda v, _e: ngettext("giãn dòng {line} lần", "giãn dòng {line} lần",
                                   _plural_n(v)).format(line=_range(v)),
    "blank_lines": lambda v, _e: ngettext("{lines} dòng trống", "{lines} dòng trống",
                                          _plural_n(v)).format(lines=_range(v)),
    "lines": lambda v, _e: ngettext("{lines} dòng", "{lines} dòng", v).format(lines=v),
    "ends_with": lambda v, _e: _("kết thúc bằng “{text}”").format(text=v),
    "starts_with": lambda v, _e: _("bắt đầu bằng “{text}”").format(text=v),
    "order": lambda v, _e: _("thứ tự {order}").format(order=v),
}
"""The wording of each property that is not a flag or a choice: (value, expected) → phrase."""


def _prop(key: str, value: Any, expected: bool) -> str:
    """One property as a phrase in the current language: ``cỡ chữ 12``, ``in nghiêng``."""
    if key in _FLAGS:
        yes, no = _FLAGS[key]
        return _(yes if value else no)
    if key in _CHOICES:
        choice = _CHOICES[key].get(str(value))
        return _(choice) if choice else str(value)
    phrase = _PHRASES.get(key)
    return phrase(value, expected) if phrase else f"{key} {value}"


def describe(props: dict[str, Any], lang: str | None = None, *, expected: bool = False) -> str:
    """The properties as a phrase in ``lang`` (the current language by default):
    ``cỡ chữ 12, in đứng``."""
    with _speaking(lang):
        return ", ".join(_prop(k, v, expected) for k, v in props.items())


@dataclass
class Report:
    """The result of checking one document (or of failing to read it)."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """Why the file could not be checked; empty when it was."""

    @classmethod
    def unreadable(cls, path: str, problems: list[Problem]) -> Report:
        """The report of a file that could not be read, with the reasons."""
        return cls(path, problems=list(problems))

    @property
    def readable(self) -> bool:
        """True when the file was read and checked."""
        return not self.problems

    @property
    def violations(self) -> list[Finding]:
        """The findings that break the decree's own text (severity ``nghi-dinh``)."""
        return [f for f in self.findings if f.severity == NGHI_DINH]

    @property
    def suggestions(self) -> list[Finding]:
        """The findings about house values only (severity ``goi-y``)."""
        return [f for f in self.findings if f.severity == GOI_Y]

    @property
    def ok(self) -> bool:
        """True when the document was read and breaks no rule of the decree."""
        return not self.violations and not self.problems

    def passes(self, strict: bool = False) -> bool:
        """:attr:`ok`; with ``strict`` the suggestions count too."""
        return self.ok and not (strict and self.findings)

    @property
    def rules(self) -> set[str]:
        """The rule ids broken."""
        return {f.rule for f in self.findings}

    def text(self, lang: str | None = None) -> str:
        """Every finding on its own line, under the file name; or why it could not be read.
        In ``lang`` (the current language by default)."""
        with _speaking(lang):
            if self.problems:
                return self._problems_text()
            if not self.findings:
                return _("{path}: đạt, không có sai lệch").format(path=self.path)
            return self._findings_text()

    def _problems_text(self) -> str:
        lines = []
        for problem in self.problems:
            lines.append(_("Lỗi: {file}: {message}").format(file=problem.file or self.path,
                                                             message=problem.message))
            if problem.hint:
                lines.append(f"    → {problem.hint}")
        return "\n".join(lines)

    def _findings_text(self) -> str:
        bad, soft = len(self.violations), len(self.suggestions)
        lines = [ngettext("{path}: {bad} lỗi trái Nghị định, {soft} gợi ý",
                          "{path}: {bad} lỗi trái Nghị định, {soft} gợi ý", soft).format(
                              path=self.path, bad=bad, soft=soft)]
        for severity, findings in ((NGHI_DINH, self.violations), (GOI_Y, self.suggestions)):
            if findings:
                lines.append(f"  {_(_GROUP_TITLES[severity])}:")
                for finding in findings:
                    lines.append("    " + finding.message())
                    lines.append("      → " + finding.fix())
        return "\n".join(lines)

    def as_dict(self, lang: str | None = None) -> dict[str, Any]:
        """JSON-ready data: path, ok, error and hint (null when read), findings; words in
        ``lang`` (the current language by default)."""
        return {"path": self.path, "ok": self.ok,
                "error": "; ".join(p.message for p in self.problems) or None,
                "hint": next((p.hint for p in self.problems if p.hint), None),
                "findings": [f.as_dict(lang) for f in self.findings]}

    def to_json(self, lang: str | None = None) -> str:
        """The report as JSON text (the object :meth:`as_dict` gives)."""
        return json.dumps(self.as_dict(lang), ensure_ascii=False, indent=2)


def summary(reports: list[Report]) -> dict[str, int]:
    """Counts over several reports: files, ok, with_findings, findings, unreadable.

    ``ok`` counts files that break no rule of the decree; ``with_findings`` those with any
    finding; ``findings`` all findings, of which ``nghi_dinh`` break the decree.
    """
    readable = [r for r in reports if r.readable]
    return {"files": len(reports), "ok": sum(r.ok for r in readable),
            "with_findings": sum(bool(r.findings) for r in readable),
            "findings": sum(len(r.findings) for r in readable),
            "nghi_dinh": sum(len(r.violations) for r in readable),
            "unreadable": len(reports) - len(readable)}


def reports_json(reports: list[Report], lang: str | None = None) -> str:
    """The JSON of ``docgen check --json``: ``{"files": [...], "summary": {...}}``, its words
    in ``lang`` (the current language by default).

    Each file is :meth:`Report.as_dict`; the shape is in this module's docstring.
    """
    data = {"files": [r.as_dict(lang) for r in reports], "summary": summary(reports)}
    return json.dumps(data, ensure_ascii=False, indent=2)


def _lower_first(name: str) -> str:
    """An element's name inside a sentence: its first letter in lower case, the rest as it is
    (a quoted decree word such as “QUYẾT ĐỊNH:” or “V/v” keeps its capitals)."""
    if len(name) > 1 and name[1].isupper():
        return name  # an abbreviation (UBND …)
    return name[:1].lower() + name[1:]
