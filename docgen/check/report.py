"""Findings as data, and their wording in Vietnamese and English.

A :class:`Finding` holds the rule id (R-nn of ``shared/nd30.md``), the element, what was found
and what the decree wants, as small dicts of properties (``{"size": 12}`` /
``{"size": [13, 14], "italic": True}``). Wording is done here only, from those properties, so the
JSON output and the text say the same thing and tests assert on data, not on sentences.

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
null for a file that was checked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..errors import Problem
from ..layout import LAYOUT

# Element keys that are not layout elements: the parts of the page and the drawn rules.
_EXTRA_NAMES = {
    "page": ("Khổ giấy", "Paper"),
    "margins": ("Lề trang", "Margins"),
    "font": ("Phông chữ", "Font"),
    "rule_tieu_ngu": ("Đường kẻ dưới Tiêu ngữ", "Rule under the motto"),
    "rule_co_quan": ("Đường kẻ dưới tên cơ quan", "Rule under the agency"),
    "rule_trich_yeu": ("Đường kẻ dưới trích yếu", "Rule under the subject"),
    "ky_hieu": ("Ký hiệu văn bản", "Document code"),
    "can_cu": ("Căn cứ ban hành", "Legal bases"),
    "ket_thuc": ("Kết thúc nội dung", "End of the body"),
    "luu": ("Dòng Lưu", "Archive line"),
    "khoang_ky": ("Khoảng trống để ký", "Space for the signature"),
    "tham_quyen": ("Thẩm quyền ban hành", "Issuing authority line"),
    "quyet_dinh": ("Dòng “QUYẾT ĐỊNH:”", "The “QUYẾT ĐỊNH:” line"),
    "dieu": ("Điều", "Article label"),
    "ky_bien_ban": ("Chữ ký biên bản (thư ký, chủ tọa)", "Minutes signatures"),
    "bang": ("Bảng trong nội dung", "Body table"),
    "ban_sao": ("Khối bản sao", "Copy block"),
    "hinh_thuc_sao": ("Hình thức sao (SAO Y, TRÍCH SAO, SAO LỤC)", "Copy form"),
    "so_ban_sao": ("Số, ký hiệu bản sao", "Copy number"),
    "quoc_hieu_dong": ("Quốc hiệu trên một dòng", "National title on one line"),
}

_FIX_BY_ELEMENT = {
    "khoang_ky": "thêm hoặc bớt dòng trống (Enter) giữa chức vụ và họ tên người ký",
    "luu": "viết dòng cuối “- Lưu: VT, <chữ viết tắt đơn vị soạn thảo>.”",
    "rule_tieu_ngu": "kéo đường kẻ cho dài bằng dòng Tiêu ngữ và canh giữa dưới nó",
    "rule_co_quan": "kéo đường kẻ dài 1/3 đến 1/2 dòng tên cơ quan, canh giữa dưới nó",
    "rule_trich_yeu": "kéo đường kẻ dài 1/3 đến 1/2 dòng trích yếu, canh giữa dưới nó",
    "page_number": "Chèn → Số trang → Đầu trang, giữa; cỡ 13–14, chữ đứng; bật 'Trang đầu khác'",
    "margins": "Bố cục (Layout) → Lề (Margins) → Lề tùy chỉnh, nhập số mm cho từng lề",
}
"""How to fix a finding about one part, where the rule's general advice is too broad."""

_FIX_BY_NOTE = {
    "level": "đặt “Nơi nhận:” ở dòng đầu của ô bên trái, ngang dòng quyền hạn, chức vụ người ký",
    "single_stop": "thêm dấu chấm sau tên nơi nhận (không bắt buộc)",
    "rule_above": "đặt con trỏ ở dòng đầu, Trang đầu → Viền (Borders) → Viền trên; cho đoạn "
                  "trải hết chiều ngang (không thụt lề trái, phải)",
    "wraps": "kéo rộng cột chứa Quốc hiệu hoặc đặt cỡ 12 để Quốc hiệu nằm trên một dòng",
}

_ALIGN = {
    "vi": {"left": "căn trái", "center": "căn giữa", "right": "căn phải",
           "both": "căn đều hai bên"},
    "en": {"left": "left-aligned", "center": "centred", "right": "right-aligned",
           "both": "justified"},
}

_NOTES = {
    "day_padding": ("ngày dưới 10 phải thêm số 0", "days below 10 take a leading zero"),
    "month_padding_12": ("tháng 1, 2 phải thêm số 0", "months 1 and 2 take a leading zero"),
    "month_no_padding": ("tháng 3 đến 12 không thêm số 0", "months 3 to 12 take no leading zero"),
    "date_invalid": ("ngày không có thật", "no such date"),
    "date_format": ("ngày, tháng, năm viết bằng chữ số liền nhau",
                    "day, month and year as plain digits"),
    "number_padding": ("số dưới 10 phải thêm số 0", "numbers below 10 take a leading zero"),
    "number_leading_zero": ("số từ 10 trở lên không thêm số 0",
                            "numbers from 10 take no leading zero"),
    "code_format": ("ký hiệu viết hoa, các nhóm nối bằng '-', không có dấu cách",
                    "upper case groups joined by '-', no spaces"),
    "code_cong_van": ("ký hiệu công văn là <tên cơ quan>-<đơn vị soạn thảo>, không có mã loại",
                      "a công văn's code is <agency>-<drafting unit>, without a kind code"),
    "code_kind": ("ký hiệu bắt đầu bằng chữ viết tắt tên loại (Phụ lục III)",
                  "the code starts with the kind's abbreviation (Appendix III)"),
    "en_dash": ("dùng gạch nối '-' có dấu cách, không dùng gạch dài",
                "hyphen-minus with spaces, not a dash"),
    "capitals": ("chỉ viết hoa chữ đầu mỗi cụm", "capitals only at each phrase's start"),
    "nhu_tren": ("công văn ghi '- Như trên;' đầu tiên", "a công văn lists '- Như trên;' first"),
    "degree": ("không ghi học hàm, học vị trước tên", "no degree before the name"),
    "normal_case": ("họ tên viết chữ thường", "the name is in normal case"),
    "level": ("ngang hàng dòng đầu khối chữ ký", "level with the first signature line"),
    "centred": ("đặt cân giữa dưới dòng chữ", "centred under the text"),
    "landscape": ("khổ ngang chỉ dùng cho phần có bảng, biểu",
                  "landscape only for a section holding tables"),
    "body_dominant": ("phần lớn nội dung", "most of the body"),
    "single_stop": ("gửi một nơi: Nghị định không bắt buộc dấu chấm cuối",
                    "one recipient: the decree does not require the full stop"),
    "font_face": ("tên một kiểu chữ của Times New Roman; nên chọn đúng tên phông",
                  "a face of Times New Roman; pick the family name"),
    "wraps": ("dòng chữ rộng hơn ô chứa nên tự xuống dòng; nới rộng cột hoặc giảm cỡ chữ",
              "wider than its cell, so it wraps; widen the column or use a smaller size"),
    "luu_vt": ("dòng Lưu phải có “VT” (Văn thư)", "the Lưu line names “VT” (the registry)"),
    "luu_unit": ("dòng Lưu phải có chữ viết tắt đơn vị soạn thảo",
                 "the Lưu line names the drafting unit"),
    "luu_unit_mau_1_8": ("Mẫu 1.8 của Nghị định chỉ ghi “Lưu: VT.”; nên thêm đơn vị soạn thảo",
                         "Form 1.8 of the decree prints “Lưu: VT.”; the unit is advised"),
    "rule_above": ("Nghị định yêu cầu đường kẻ kéo dài hết chiều ngang",
                   "the decree wants the rule across the whole width"),
    "copy_code": ("ký hiệu bản sao bắt đầu bằng SY (sao y), TrS (trích sao) hoặc SL (sao lục)",
                  "a copy's code starts with SY, TrS or SL"),
    "near_black": ("xám rất đậm, in ra gần như đen", "a very dark grey, prints almost black"),
}


NGHI_DINH = "nghi-dinh"
"""Severity of a finding that breaks the decree's own text (exit status 1)."""
GOI_Y = "goi-y"
"""Severity of a finding about a house value or common practice (counted only with --strict)."""
SEVERITIES = (NGHI_DINH, GOI_Y)

_GROUP_TITLES = {
    NGHI_DINH: ("Trái Nghị định 30/2020/NĐ-CP", "Against Decree 30/2020/ND-CP"),
    GOI_Y: ("Gợi ý (thói quen trình bày, Nghị định không bắt buộc)",
            "Suggestions (house style, not required by the decree)"),
}


@dataclass(frozen=True)
class Finding:
    """One deviation from the decree."""

    rule: str
    """Rule id of ``shared/nd30.md``: ``R-19``."""
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

    def element_name(self, lang: str = "vi") -> str:
        """The element's name in ``lang`` (``vi`` or ``en``)."""
        element = LAYOUT.elements.get(self.element)
        if element is None and self.element == "page_number":
            element = LAYOUT.page_number
        if element is not None:
            return element.name_vi if lang == "vi" else element.name_en
        names = _EXTRA_NAMES.get(self.element, (self.element, self.element))
        return names[0] if lang == "vi" else names[1]

    def message(self, lang: str = "vi") -> str:
        """``R-19 Địa danh, ngày tháng: cỡ chữ 12 — cần 13–14, in nghiêng``."""
        found = describe(self.found, lang, expected=False)
        expected = describe(self.expected, lang, expected=True)
        extra = []
        if self.count > 1:
            extra.append(f"{self.count} chỗ" if lang == "vi" else f"{self.count} places")
        if self.page:
            extra.append(f"khoảng trang {self.page}" if lang == "vi" else
                          f"about page {self.page}")
        if self.where:
            extra.append(("tại" if lang == "vi" else "at") + f" “{self.where}”")
        if extra:
            found += f" ({', '.join(extra)})"
        text = f"{self.rule} {self.element_name(lang)}: {found}"
        if expected:
            text += (" — cần " if lang == "vi" else " — expected ") + expected
        if self.note:
            note = _NOTES.get(self.note, (self.note, self.note))
            text += f" ({note[0] if lang == 'vi' else note[1]})"
        return text

    def as_dict(self, lang: str = "vi") -> dict[str, Any]:
        """The finding as JSON-ready data, with its message in ``lang``."""
        return {"rule": self.rule, "severity": self.severity, "page": self.page,
                "element": self.element,
                "element_name": self.element_name(lang), "found": self.found,
                "expected": self.expected, "where": self.where, "count": self.count,
                "note": self.note, "message": self.message(lang), "fix": self.fix(lang)}

    def fix(self, lang: str = "vi") -> str:
        """How to put it right in Word (from the rule list, ``docgen quy-tac``)."""
        from ..rules_doc import RULES

        rule = RULES.get(self.rule)
        if lang != "vi":
            return f"see: docgen quy-tac {self.rule}"
        if rule is None:
            return f"xem: docgen quy-tac {self.rule}"
        if self.found.get("present") is False:
            how = f"thêm {self.element_name('vi').lower()} theo mẫu của Nghị định"
        elif self.note in _FIX_BY_NOTE:
            how = _FIX_BY_NOTE[self.note]
        else:
            how = _FIX_BY_ELEMENT.get(self.element, rule.sua)
        return f"Sửa: {how} (docgen quy-tac {self.rule})"


def _num(value: float, lang: str) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "vi" else text


def _range(value: Any, lang: str, unit: str = "") -> str:
    if isinstance(value, list | tuple):
        lo, hi = value
        if lo == hi:
            return _num(lo, lang) + unit
        return f"{_num(lo, lang)}–{_num(hi, lang)}{unit}"
    return _num(value, lang) + unit


def _prop(key: str, value: Any, lang: str, expected: bool) -> str:
    vi = lang == "vi"
    if key == "size":
        if expected:
            return ("cỡ " if vi else "") + _range(value, lang, "" if vi else " pt")
        return (f"cỡ chữ {_num(value, lang)}" if vi else f"{_num(value, lang)} pt") \
            if value is not None else ("không rõ cỡ chữ" if vi else "unknown size")
    if key == "bold":
        return ("in đậm" if vi else "bold") if value else ("không in đậm" if vi else "not bold")
    if key == "italic":
        return ("in nghiêng" if vi else "italic") if value else ("in đứng" if vi else "upright")
    if key == "bold_italic":
        return ("in đậm nghiêng" if vi else "bold italic") if value else \
            ("không đậm nghiêng" if vi else "not bold italic")
    if key == "upper":
        if value:
            return "chữ in hoa" if vi else "upper case"
        return "có chữ thường" if vi else "not all upper case"
    if key == "align":
        return _ALIGN[lang].get(str(value), str(value))
    if key == "text":
        return f"“{value}”"
    if key == "present":
        if value:
            return "có" if vi else "present"
        return "không tìm thấy" if vi else "missing"
    if key == "font":
        return f"phông {value}" if vi else f"font {value}"
    if key == "color":
        if expected:
            return "màu đen" if vi else "black"
        return f"màu {value}" if vi else f"colour {value}"
    if key == "nfc":
        if value:
            return "Unicode dựng sẵn (NFC, TCVN 6909:2001)" if vi else "precomposed Unicode (NFC)"
        return "chữ Unicode tổ hợp (không NFC)" if vi else "decomposed Unicode (not NFC)"
    if key == "width_mm":
        return ("dài " if vi else "") + _range(value, lang, " mm") + ("" if vi else " long")
    if key == "ratio":
        if expected and isinstance(value, list | tuple):
            lo, hi = value
            return (f"dài {_fraction(lo)}–{_fraction(hi)} dòng chữ" if vi else
                    f"{_fraction(lo)}–{_fraction(hi)} of the text line")
        return (f"dài bằng {_num(value, lang)} dòng chữ" if vi else
                f"{_num(value, lang)} of the text line")
    if key == "offset_mm":
        return (f"lệch tâm {_num(value, lang)} mm" if vi else
                f"{_num(value, lang)} mm off centre")
    if key.startswith("margin_"):
        side = key[7:]
        names = {"top": ("lề trên", "top"), "bottom": ("lề dưới", "bottom"),
                 "left": ("lề trái", "left"), "right": ("lề phải", "right")}[side]
        return f"{names[0] if vi else names[1] + ' margin'} {_range(value, lang, ' mm')}"
    if key == "paper":
        return f"{value}"
    if key == "orientation":
        if value == "landscape":
            return "khổ ngang" if vi else "landscape"
        return "khổ dọc" if vi else "portrait"
    if key == "indent_cm":
        if isinstance(value, list | tuple):
            choices = (" hoặc " if vi else " or ").join(_num(v, lang) + " cm" for v in value)
            return ("thụt đầu dòng " if vi else "first-line indent ") + choices
        return ("thụt đầu dòng " if vi else "first-line indent ") + _num(value, lang) + " cm"
    if key == "gap_pt":
        return ("cách đoạn " if vi else "paragraph spacing ") + _num(value, lang) + " pt"
    if key == "min_gap_pt":
        return ("cách đoạn ít nhất " if vi else "paragraph spacing at least ") + \
            _num(value, lang) + " pt"
    if key == "line":
        return ("giãn dòng " if vi else "line spacing ") + _range(value, lang) + \
            (" lần" if vi else " lines")
    if key == "blank_lines":
        return _range(value, lang) + (" dòng trống" if vi else " blank lines")
    if key == "ends_with":
        return (f"kết thúc bằng “{value}”" if vi else f"ending with “{value}”")
    if key == "starts_with":
        return (f"bắt đầu bằng “{value}”" if vi else f"starting with “{value}”")
    if key == "page_one":
        if value:
            return "có số trang ở trang đầu" if vi else "numbered on page 1"
        return "trang đầu không đánh số" if vi else "no number on page 1"
    if key == "place":
        where = {"footer": ("ở chân trang", "in the footer"),
                 "header": ("ở đầu trang (lề trên)", "in the header (top margin)")}
        return where.get(value, (value, value))[0 if vi else 1]
    if key == "number_format":
        if value in (None, "decimal"):
            return "số Ả Rập" if vi else "Arabic numerals"
        return (f"kiểu số {value}" if vi else f"{value} numbering")
    if key == "box":
        if value:
            return "có khung viền" if vi else "in a box"
        return "không có khung" if vi else "no box"
    if key == "rule_above":
        if value:
            return ("dưới một đường kẻ nét liền hết chiều ngang vùng trình bày" if vi else
                    "under a solid rule across the whole text width")
        return ("không có đường kẻ nét liền hết chiều ngang phía trên" if vi else
                "no full-width rule above it")
    if key == "rule_under":
        if value:
            return "có đường kẻ bên dưới" if vi else "a rule under it"
        return "không có đường kẻ" if vi else "no rule"
    if key == "level":
        if value:
            return "ngang dòng đầu khối chữ ký" if vi else "level with the signature block"
        return "lệch dòng với khối chữ ký" if vi else "not level with the signature block"
    if key == "order":
        return (f"thứ tự {value}" if vi else f"order {value}")
    if key == "lines":
        return (f"{value} dòng" if vi else f"{value} lines")
    if key == "describe":
        return str(value[0] if vi else value[1]) if isinstance(value, list | tuple) else value
    return f"{key} {value}"


def _fraction(value: float) -> str:
    for n, d in ((1, 3), (1, 2), (2, 5), (1, 4), (2, 3)):
        if abs(value - n / d) < 1e-6:
            return f"{n}/{d}"
    return f"{value:.2f}"


def describe(props: dict[str, Any], lang: str = "vi", *, expected: bool = False) -> str:
    """The properties as a phrase: ``cỡ chữ 12, in đứng``."""
    return ", ".join(_prop(k, v, lang, expected) for k, v in props.items())


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

    def text(self, lang: str = "vi") -> str:
        """Every finding on its own line, under the file name; or why it could not be read."""
        if self.problems:
            label = "Lỗi" if lang == "vi" else "Error"
            lines = []
            for problem in self.problems:
                lines.append(f"{label}: {problem.file or self.path}: {problem.message}")
                if problem.hint:
                    lines.append(f"    → {problem.hint}")
            return "\n".join(lines)
        if not self.findings:
            return f"{self.path}: " + ("đạt, không có sai lệch" if lang == "vi" else
                                       "conforms, no deviation")
        vi = lang == "vi"
        bad, soft = len(self.violations), len(self.suggestions)
        if vi:
            head = f"{self.path}: {bad} lỗi trái Nghị định, {soft} gợi ý"
        else:
            head = f"{self.path}: {bad} against the decree, {soft} suggestion" + \
                ("s" if soft != 1 else "")
        lines = [head]
        for severity, findings in ((NGHI_DINH, self.violations), (GOI_Y, self.suggestions)):
            if findings:
                title = _GROUP_TITLES[severity][0 if vi else 1]
                lines.append(f"  {title}:")
                for finding in findings:
                    lines.append("    " + finding.message(lang))
                    lines.append("      → " + finding.fix(lang))
        return "\n".join(lines)

    def as_dict(self, lang: str = "vi") -> dict[str, Any]:
        """JSON-ready data: path, ok, error and hint (null when read), findings."""
        return {"path": self.path, "ok": self.ok,
                "error": "; ".join(p.message for p in self.problems) or None,
                "hint": next((p.hint for p in self.problems if p.hint), None),
                "findings": [f.as_dict(lang) for f in self.findings]}

    def to_json(self, lang: str = "vi") -> str:
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


def reports_json(reports: list[Report], lang: str = "vi") -> str:
    """The JSON of ``docgen check --json``: ``{"files": [...], "summary": {...}}``.

    Each file is :meth:`Report.as_dict`; the shape is in this module's docstring.
    """
    data = {"files": [r.as_dict(lang) for r in reports], "summary": summary(reports)}
    return json.dumps(data, ensure_ascii=False, indent=2)
