"""What an administrative document is: pydantic models with the decree's rules as validation.

The models hold a document's facts (agency, number, date, recipients, signer, body) and derive
the exact text the decree prescribes for each element (``Số: 05/UBND-VHXH``, ``- Lưu: VT, VHXH.``,
``KT. CHỦ TỊCH``). The renderer only places that text on the page; ``docgen check`` compares a
document's text with the same derivations. Error messages are Vietnamese and name the field.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .body import Paragraph, parse_body
from .text import describe_char, find_xml_illegal, nfc, one_line
from .vnformat import ngay_thang_nam, parse_date


class FieldError(ValueError):
    """A cross-field rule broken; ``field`` names the field the clerk should change."""

    def __init__(self, field: str, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.hint = hint


# ---------------------------------------------------------------------------------------------
# Text fields


def _check_text(value: Any, *, multiline: bool) -> str:
    if value is None:
        raise PydanticCustomError("missing_text", "chưa có nội dung")
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise PydanticCustomError("text_type", "phải là một dòng chữ, không phải danh sách")
    text = nfc(str(value))
    bad = find_xml_illegal(text)
    if bad is not None:
        raise PydanticCustomError(
            "xml_illegal",
            "có ký tự điều khiển {char} không thể ghi vào văn bản",
            {"char": describe_char(bad)},
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.strip() if multiline else one_line(text)
    if not text:
        raise PydanticCustomError("empty_text", "đang để trống")
    return text


def _text(value: Any) -> str:
    return _check_text(value, multiline=False)


def _multiline(value: Any) -> str:
    return _check_text(value, multiline=True)


def _lines(value: Any) -> Any:
    """A string or a list of strings, as a list."""
    if value is None:
        return []
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return [value]
    return value


Text = Annotated[str, BeforeValidator(_text)]
"""One line of text: NFC, no control characters, spaces folded, not empty."""
MultilineText = Annotated[str, BeforeValidator(_multiline)]
Lines = Annotated[list[Text], BeforeValidator(_lines)]
"""A string or a list of strings."""

KY_HIEU_GROUP = re.compile(r"^[A-Z0-9Đ]+$")
"""One group of a ký hiệu (R-16): upper-case letters, Đ and digits."""
DEGREE_PREFIX = re.compile(r"^(TS|ThS|PGS|GS|KS|BS|CN|TSKH|NCS)\b\.?", re.IGNORECASE)
"""An academic degree or title written before a name, which R-44 forbids."""


def is_all_capitals(text: str) -> bool:
    """Whether ``text`` is written in capitals (two or more, none lower-case), as R-44 forbids
    for the signer's name."""
    return sum(c.isupper() for c in text) > 1 and not any(c.islower() for c in text)
# PL3 abbreviations that keep lower-case letters.
MIXED_CASE_CODES = frozenset({"TTr", "CTr", "QyĐ", "TrS"})


def _code(value: Any) -> str:
    """A ký hiệu group or chain of groups: upper-case letters, digits, Đ, joined by '-'."""
    text = _text(value)
    groups = text.split("-")
    for group in groups:
        if group in MIXED_CASE_CODES or KY_HIEU_GROUP.match(group):
            continue
        if group and KY_HIEU_GROUP.match(group.upper()):
            raise PydanticCustomError(
                "code_case", "'{value}' phải viết hoa: {upper}", {"value": text,
                                                                   "upper": text.upper()}
            )
        raise PydanticCustomError(
            "code_chars",
            "'{value}' không phải ký hiệu hợp lệ: chỉ gồm chữ in hoa không dấu, chữ Đ và chữ số, "
            "các nhóm nối bằng dấu '-' không có dấu cách (ví dụ UBND-VHXH)",
            {"value": text},
        )
    return text


Code = Annotated[str, BeforeValidator(_code)]


def _parse_date(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return parse_date(value)
    except ValueError as exc:
        raise PydanticCustomError("date_invalid", "{message}", {"message": str(exc)}) from None


DateField = Annotated[date, BeforeValidator(_parse_date)]


# ---------------------------------------------------------------------------------------------
# Kinds and urgency


class LoaiVanBan(StrEnum):
    """Document kinds (Phụ lục III). A công văn has no title line and no type code."""

    CONG_VAN = "cong-van"
    THONG_BAO = "thong-bao"
    KE_HOACH = "ke-hoach"
    BAO_CAO = "bao-cao"
    TO_TRINH = "to-trinh"
    HUONG_DAN = "huong-dan"
    CHUONG_TRINH = "chuong-trinh"
    GIAY_MOI = "giay-moi"

    @property
    def title(self) -> str | None:
        """The kind title printed above the trích yếu (R-21); None for a công văn."""
        return _KIND_TITLES[self][0]

    @property
    def abbreviation(self) -> str | None:
        """The PL3 type code that opens the ký hiệu (R-17); None for a công văn."""
        return _KIND_TITLES[self][1]


PL3_ABBREVIATIONS: dict[str, str] = {
    "NGHỊ QUYẾT": "NQ", "QUYẾT ĐỊNH": "QĐ", "CHỈ THỊ": "CT", "QUY CHẾ": "QC", "QUY ĐỊNH": "QyĐ",
    "THÔNG CÁO": "TC", "THÔNG BÁO": "TB", "HƯỚNG DẪN": "HD", "CHƯƠNG TRÌNH": "CTr",
    "KẾ HOẠCH": "KH", "PHƯƠNG ÁN": "PA", "ĐỀ ÁN": "ĐA", "DỰ ÁN": "DA", "BÁO CÁO": "BC",
    "BIÊN BẢN": "BB", "TỜ TRÌNH": "TTr", "HỢP ĐỒNG": "HĐ", "CÔNG ĐIỆN": "CĐ",
    "BẢN GHI NHỚ": "BGN", "BẢN THỎA THUẬN": "BTT", "GIẤY ỦY QUYỀN": "GUQ", "GIẤY MỜI": "GM",
    "GIẤY GIỚI THIỆU": "GGT", "GIẤY NGHỈ PHÉP": "GNP", "PHIẾU GỬI": "PG", "PHIẾU CHUYỂN": "PC",
    "PHIẾU BÁO": "PB",
}
"""Phụ lục III: every kind title the decree lists and its type code (công văn has none)."""

_KIND_TITLES: dict[LoaiVanBan, tuple[str | None, str | None]] = {
    kind: (title, PL3_ABBREVIATIONS[title] if title else None)
    for kind, title in (
        (LoaiVanBan.CONG_VAN, None),
        (LoaiVanBan.THONG_BAO, "THÔNG BÁO"),
        (LoaiVanBan.KE_HOACH, "KẾ HOẠCH"),
        (LoaiVanBan.BAO_CAO, "BÁO CÁO"),
        (LoaiVanBan.TO_TRINH, "TỜ TRÌNH"),
        (LoaiVanBan.HUONG_DAN, "HƯỚNG DẪN"),
        (LoaiVanBan.CHUONG_TRINH, "CHƯƠNG TRÌNH"),
        (LoaiVanBan.GIAY_MOI, "GIẤY MỜI"),
    )
}


class DoKhan(StrEnum):
    """Urgency (R-23)."""

    KHAN = "khan"
    THUONG_KHAN = "thuong-khan"
    HOA_TOC = "hoa-toc"

    @property
    def label(self) -> str:
        """The text printed in the urgency box."""
        return {"khan": "KHẨN", "thuong-khan": "THƯỢNG KHẨN", "hoa-toc": "HỎA TỐC"}[self.value]


# ---------------------------------------------------------------------------------------------
# Parts of a document


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class CoQuan(_Model):
    """The issuing agency (R-14) and the body above it (R-13)."""

    chu_quan: Lines = []
    """Governing body, printed upper case, not bold; may span lines."""
    ten: Lines = Field(min_length=1)
    """The agency's name, printed upper case and bold; may span lines."""
    viet_tat: Code
    """Abbreviation used in the ký hiệu: UBND."""

    @property
    def lines_chu_quan(self) -> list[str]:
        """Governing-body lines as printed."""
        return [nfc(line.upper()) for line in self.chu_quan]

    @property
    def lines_ten(self) -> list[str]:
        """Agency lines as printed."""
        return [nfc(line.upper()) for line in self.ten]

    @property
    def ten_day_du(self) -> str:
        """The agency's name on one line, for document properties and the register."""
        return " ".join(self.lines_ten)


_AUTHORITY_PREFIXES = {
    "thay_mat": "TM.",
    "ky_thay": "KT.",
    "thua_lenh": "TL.",
    "thua_uy_quyen": "TUQ.",
}


class NguoiKy(_Model):
    """The signer block (R-42 – R-44)."""

    thay_mat: Text | None = None
    """On behalf of a collective: ``ỦY BAN NHÂN DÂN`` → ``TM. ỦY BAN NHÂN DÂN``."""
    ky_thay: Text | None = None
    """A deputy signs for the head: ``CHỦ TỊCH`` → ``KT. CHỦ TỊCH``."""
    thua_lenh: Text | None = None
    """By order: ``CHỦ TỊCH`` → ``TL. CHỦ TỊCH``."""
    thua_uy_quyen: Text | None = None
    """By authorisation: ``CHỦ TỊCH`` → ``TUQ. CHỦ TỊCH``."""
    chuc_vu: Text
    """The signer's own title: ``PHÓ CHỦ TỊCH``."""
    quyen: bool = False
    """Acting head: prints ``Q. <chuc_vu>``."""
    ho_ten: Text
    """The signer's name, in normal case."""

    @field_validator("thay_mat", "ky_thay", "thua_lenh", "thua_uy_quyen", mode="after")
    @classmethod
    def _drop_typed_prefix(cls, value: str | None, info: Any) -> str | None:
        # Clerks often type "TM. ỦY BAN NHÂN DÂN" into thay_mat; keep only the body.
        if value is None:
            return None
        abbreviation = _AUTHORITY_PREFIXES[info.field_name].rstrip(".")
        return re.sub(rf"^{abbreviation}\s*\.?\s+", "", value, flags=re.IGNORECASE) or value

    @field_validator("ho_ten", mode="after")
    @classmethod
    def _name_as_decree_wants(cls, value: str) -> str:
        if DEGREE_PREFIX.match(value):
            raise PydanticCustomError(
                "degree", "không ghi học hàm, học vị trước tên người ký (R-44): '{value}'",
                {"value": value},
            )
        # the name in normal case; a name typed in capitals is set right, not refused.
        if is_all_capitals(value):
            value = nfc(" ".join(word.capitalize() for word in value.split(" ")))
        return value

    @model_validator(mode="after")
    def _one_delegation(self) -> NguoiKy:
        given = [k for k in ("ky_thay", "thua_lenh", "thua_uy_quyen") if getattr(self, k)]
        if len(given) > 1:
            raise FieldError(
                f"nguoi_ky.{given[1]}",
                "chỉ dùng một trong ky_thay, thua_lenh, thua_uy_quyen "
                f"(đang có {', '.join(given)})",
            )
        if self.ky_thay and self.chuc_vu.upper() == self.ky_thay.upper():
            raise FieldError(
                "nguoi_ky.chuc_vu",
                f"ký thay (KT. {self.ky_thay.upper()}) thì chức vụ phải là của cấp phó, "
                f"không phải '{self.chuc_vu}'",
                "Ví dụ: ky_thay: CHỦ TỊCH và chuc_vu: PHÓ CHỦ TỊCH; người đứng đầu tự ký thì "
                "bỏ dòng ky_thay.",
            )
        return self

    @property
    def authority_lines(self) -> list[str]:
        """``TM. …``, ``KT. …`` / ``TL. …`` / ``TUQ. …`` lines, upper case (R-42)."""
        lines = []
        for key, prefix in _AUTHORITY_PREFIXES.items():
            value = getattr(self, key)
            if value:
                lines.append(nfc(f"{prefix} {value.upper()}"))
        return lines

    @property
    def title_line(self) -> str:
        """The signer's title, upper case, ``Q.`` for an acting head (R-43)."""
        title = nfc(self.chuc_vu.upper())
        return f"Q. {title}" if self.quyen and not title.startswith("Q.") else title


# ---------------------------------------------------------------------------------------------
# The document


def _recipient(text: str) -> str:
    """A recipient as typed, without the dash and end punctuation docgen adds."""
    text = text.strip()
    text = re.sub(r"^[-–—+•]\s*", "", text)
    return re.sub(r"[\s;,.:]+$", "", text).strip()


def _dash_list(items: list[str]) -> list[str]:
    """``- X;`` for each item and ``- Y.`` for the last."""
    return [f"- {item}{'.' if i == len(items) - 1 else ';'}" for i, item in enumerate(items)]


_NHU_TREN = "Như trên"
_TYPED_VV = re.compile(r"^\s*(v/v|về việc)\s*:?\s*", re.IGNORECASE)


class VanBan(_Model):
    """An administrative document, validated against the decree's rules."""

    loai: LoaiVanBan = LoaiVanBan.CONG_VAN
    co_quan: CoQuan
    don_vi_soan_thao: Code | None = None
    """The drafting unit: VHXH. A công văn's ký hiệu is ``<viet_tat>-<don_vi_soan_thao>``."""
    ky_hieu: Code | None = None
    """Overrides the derived ký hiệu."""
    so: int | None = Field(default=None, gt=0)
    """The number; None leaves it blank for the văn thư (R-18)."""
    dia_danh: Text
    ngay: DateField | None = None
    """The date; None leaves it blank to fill by hand."""
    nam: int | None = Field(default=None, ge=1900, le=2200)
    """The year printed when ``ngay`` is blank (default: the current year)."""
    do_khan: DoKhan | None = None
    trich_yeu: Text
    kinh_gui: Lines = []
    can_cu: Lines = []
    """Legal bases of a titled kind (R-32), one per line."""
    noi_dung: MultilineText
    noi_nhan: Lines = []
    luu: Lines = []
    """Holders of the archive copy; default ``[VT, <don_vi_soan_thao>]``."""
    nguoi_soan: Code | None = None
    """Drafter's code after the Lưu line (R-45): ``H``."""
    so_ban: int | None = Field(default=None, gt=0)
    """Number of copies issued, printed after the drafter code: ``H(30)``."""
    nguoi_ky: NguoiKy
    bo_cuc: Literal["chuan", "gon"] = "chuan"
    """Layout profile: ``chuan`` (house sizes) or ``gon`` (smallest legal sizes, one page)."""

    @field_validator("kinh_gui", "noi_nhan", "can_cu", mode="after")
    @classmethod
    def _strip_typed_punctuation(cls, items: list[str]) -> list[str]:
        cleaned = [_recipient(item) for item in items]
        for item in cleaned:
            if not item:
                raise PydanticCustomError("empty_item", "có một dòng chỉ có dấu câu")
        return cleaned

    @field_validator("dia_danh", mode="after")
    @classmethod
    def _place_name(cls, value: str) -> str:
        # The place opens the place-date line "<Place>, ngày …": a comma would split it.
        if "," in value or not any(c.isalpha() for c in value):
            raise PydanticCustomError(
                "place_name", "'{value}' không phải tên địa danh (chỉ ghi tên, không có dấu phẩy)",
                {"value": value})
        return value

    @field_validator("luu", mode="before")
    @classmethod
    def _split_luu(cls, value: Any) -> Any:
        if isinstance(value, str):
            text = re.sub(r"^\s*-?\s*Lưu\s*:\s*", "", value, flags=re.IGNORECASE)
            return [part for part in (p.strip(" .;") for p in text.split(",")) if part]
        return value

    @model_validator(mode="after")
    def _cross_checks(self) -> VanBan:
        if self.loai is LoaiVanBan.CONG_VAN and not self.kinh_gui:
            raise FieldError("kinh_gui", "công văn phải có ít nhất một nơi Kính gửi (R-30)",
                             "Thêm dòng kinh_gui: với tên cơ quan, đơn vị nhận.")
        if self.loai is LoaiVanBan.CONG_VAN and not self.ky_hieu and not self.don_vi_soan_thao:
            raise FieldError(
                "don_vi_soan_thao",
                "công văn cần đơn vị soạn thảo để ghi ký hiệu (UBND-VHXH), hoặc ghi sẵn ky_hieu",
                "Thêm dòng don_vi_soan_thao: VHXH",
            )
        if self.ngay is not None and self.nam is not None and self.nam != self.ngay.year:
            raise FieldError("nam", f"năm {self.nam} khác với năm của ngày ký {self.ngay:%d/%m/%Y}",
                             "Bỏ dòng nam: khi đã ghi ngay:.")
        if self.ky_hieu:
            first = self.ky_hieu.split("-")[0]
            wanted = self.loai.abbreviation
            if wanted is None and first in PL3_ABBREVIATIONS.values():
                raise FieldError("ky_hieu", f"ký hiệu công văn không có mã loại văn bản ('{first}'"
                                 " là mã của Phụ lục III) (R-17)",
                                 "Công văn ghi <tên cơ quan>-<đơn vị soạn thảo>, ví dụ UBND-VHXH.")
            if wanted is not None and first != wanted:
                raise FieldError("ky_hieu", f"ký hiệu của {self.loai.title} phải bắt đầu bằng "
                                 f"'{wanted}' (R-17), không phải '{first}'",
                                 f"Ví dụ: {wanted}-{self.co_quan.viet_tat}; hoặc bỏ dòng ky_hieu "
                                 "để docgen tự ghi.")
        if self.can_cu and self.loai is LoaiVanBan.CONG_VAN:
            raise FieldError("can_cu", "công văn không ghi căn cứ (R-32 chỉ áp dụng cho văn bản "
                             "có tên loại)", "Đưa căn cứ vào nội dung hoặc đổi loai.")
        for i, item in enumerate(self.noi_nhan):
            if item.lower().startswith("lưu"):
                unit = self.don_vi_soan_thao or "VHXH"
                raise FieldError(f"noi_nhan.{i}", "dòng 'Lưu' ghi trong trường luu, không ghi "
                                 "trong noi_nhan", f"Ví dụ: luu: [VT, {unit}]")
        if not parse_body(self.noi_dung):
            raise FieldError("noi_dung", "nội dung văn bản đang để trống")
        return self

    # -- derived text, as the decree prints it ------------------------------------------------

    @property
    def ky_hieu_day_du(self) -> str:
        """The full ký hiệu (R-17): ``UBND-VHXH`` for a công văn, ``TB-UBND`` otherwise."""
        if self.ky_hieu:
            return self.ky_hieu
        abbreviation = self.loai.abbreviation
        if abbreviation is None:
            return f"{self.co_quan.viet_tat}-{self.don_vi_soan_thao}"
        return f"{abbreviation}-{self.co_quan.viet_tat}"

    @property
    def so_text(self) -> str:
        """The number as printed: ``05``, ``123``, or blank spaces for the văn thư."""
        return "" if self.so is None else f"{self.so:02d}"

    @property
    def so_ky_hieu(self) -> str:
        """``Số: 05/UBND-VHXH`` or ``Số:      /UBND-VHXH`` (R-16, R-18)."""
        if self.so is None:
            return f"Số:{' ' * 6}/{self.ky_hieu_day_du}"
        return f"Số: {self.so_text}/{self.ky_hieu_day_du}"

    @property
    def nam_van_ban(self) -> int:
        """The document's year: that of its date, else ``nam``, else the current year."""
        if self.ngay is not None:
            return self.ngay.year
        return self.nam if self.nam is not None else date.today().year

    @property
    def dia_danh_ngay(self) -> str:
        """``Sa Thầy, ngày 05 tháng 02 năm 2026``; blanks when undated (R-19)."""
        if self.ngay is None:
            blank = " " * 6
            return f"{self.dia_danh}, ngày{blank}tháng{blank}năm {self.nam_van_ban}"
        day, month, year = ngay_thang_nam(self.ngay)
        return f"{self.dia_danh}, ngày {day} tháng {month} năm {year}"

    @property
    def trich_yeu_line(self) -> str:
        """``V/v …`` for a công văn (R-20), else the trích yếu itself (R-22)."""
        if self.loai is LoaiVanBan.CONG_VAN:
            # "V/v: …" or "Về việc …" typed by the clerk: docgen writes the "V/v" itself.
            text = _TYPED_VV.sub("", self.trich_yeu) or self.trich_yeu
            return f"V/v {text}"
        return self.trich_yeu[:1].upper() + self.trich_yeu[1:]

    @property
    def kinh_gui_lines(self) -> list[str]:
        """The recipients, ``- X;`` … ``- Y.`` (R-30); one recipient gives ``Y.``."""
        if len(self.kinh_gui) == 1:
            return [f"{self.kinh_gui[0]}."]
        return _dash_list(self.kinh_gui)

    @property
    def can_cu_lines(self) -> list[str]:
        """Legal bases, each ending ``;``, the last ``.`` (R-32)."""
        return [f"{item}{'.' if i == len(self.can_cu) - 1 else ';'}"
                for i, item in enumerate(self.can_cu)]

    @property
    def paragraphs(self) -> list[Paragraph]:
        """The body, split and closed with ``./.`` (R-31, R-33)."""
        return parse_body(self.noi_dung)

    @property
    def noi_nhan_items(self) -> list[str]:
        """Recipients of copies; a công văn's list starts with ``Như trên`` exactly once."""
        items = list(self.noi_nhan)
        if self.loai is LoaiVanBan.CONG_VAN:
            items = [i for i in items if i.lower() != _NHU_TREN.lower()]
            items.insert(0, _NHU_TREN)
        return items

    @property
    def luu_items(self) -> list[str]:
        """Holders of the archive copy (``VT`` and the drafting unit by default)."""
        if self.luu:
            return list(self.luu)
        return ["VT", self.don_vi_soan_thao] if self.don_vi_soan_thao else ["VT"]

    @property
    def luu_line(self) -> str:
        """``- Lưu: VT, VHXH.``, with drafter and copies ``- Lưu: VT, VHXH, H(30).`` (R-41/45)."""
        items = self.luu_items
        if self.nguoi_soan:
            items = [*items, self.nguoi_soan + (f"({self.so_ban})" if self.so_ban else "")]
        text = ", ".join(items)
        if self.so_ban and not self.nguoi_soan:
            text += f" ({self.so_ban})"
        return f"- Lưu: {text}."

    @property
    def noi_nhan_lines(self) -> list[str]:
        """The whole Nơi nhận list as printed: ``- X;`` lines then the Lưu line."""
        return [f"- {item};" for item in self.noi_nhan_items] + [self.luu_line]


def validation_problems(exc: ValidationError) -> list[tuple[str, str, str | None]]:
    """(dotted field, Vietnamese message, hint) for each error pydantic reported."""
    out = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        ctx = err.get("ctx") or {}
        cause = ctx.get("error")
        if isinstance(cause, FieldError):
            out.append((cause.field, cause.message, cause.hint))
            continue
        message, hint = _explain(err)
        out.append((loc, message, hint))
    return out


_FIELD_CHOICES = {
    "loai": ", ".join(k.value for k in LoaiVanBan),
    "do_khan": ", ".join(k.value for k in DoKhan),
    "bo_cuc": "chuan, gon",
}


def _explain(err: dict[str, Any]) -> tuple[str, str | None]:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    field = str(err["loc"][-1]) if err["loc"] else ""
    value = err.get("input")
    if kind == "missing":
        return "thiếu trường bắt buộc", f"Thêm dòng '{field}: …' vào tệp."
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"phải là số nguyên, không phải '{value}'", None
    if kind in ("greater_than", "greater_than_equal"):
        return f"phải lớn hơn {ctx.get('gt', ctx.get('ge'))}, đang là {value}", None
    if kind in ("less_than", "less_than_equal"):
        return f"phải nhỏ hơn {ctx.get('lt', ctx.get('le'))}, đang là {value}", None
    if kind in ("bool_parsing", "bool_type"):
        return f"phải là true hoặc false, không phải '{value}'", None
    if kind in ("enum", "literal_error"):
        return (f"giá trị '{value}' không hợp lệ",
                f"Chọn một trong: {_FIELD_CHOICES.get(field, ctx.get('expected', ''))}")
    if kind in ("date_parsing", "date_from_datetime_parsing", "date_type"):
        return f"'{value}' không phải ngày tháng", "Ghi theo dạng 20/11/2025 hoặc 2025-11-20."
    if kind in ("list_type",):
        return "phải là một danh sách (mỗi dòng bắt đầu bằng '- ')", None
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "phải là một nhóm trường con (thụt lề bên dưới)", None
    if kind == "too_short":
        return "không được để trống", None
    if kind == "date_invalid":
        return err["msg"], "Ghi theo dạng 20/11/2025 hoặc 2025-11-20."
    if kind in ("code_case", "code_chars", "xml_illegal", "missing_text", "empty_text",
                "text_type", "empty_item", "degree", "place_name"):
        return err["msg"], None
    if kind == "extra_forbidden":
        return "trường không có trong biểu mẫu", None
    return err["msg"], None
