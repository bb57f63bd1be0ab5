"""What an administrative document is: pydantic models with the decree's rules as validation.

The models hold a document's facts (agency, number, date, recipients, signer, body) and derive
the exact text the decree prescribes for each element (``Số: 05/UBND-VHXH``, ``- Lưu: VT, VHXH.``,
``KT. CHỦ TỊCH``, ``Điều 1.``, ``Thời gian: 08 giờ 00 phút, thứ Sáu, …``). Which fields a document
needs and accepts comes from its kind's description (:mod:`docgen.kinds`). The renderer only
places that text on the page; ``docgen check`` compares a document's text with the same
derivations. Error messages are in the clerk's language (:mod:`docgen.i18n`) and name the field;
:attr:`VanBan.notices` says what docgen changed in what was typed (a name set in proper case).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from . import lines as decree_lines
from .body import Block, Paragraph, Table, close_paragraph, parse_blocks, with_end_mark
from .i18n import N_, _
from .kinds import KINDS, MIXED_CASE_CODES, PL3_ABBREVIATIONS, Kind
from .text import ascii_fold, describe_char, find_xml_illegal, nfc, one_line
from .vnformat import parse_date, parse_thoi_gian, thoi_gian


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
        raise PydanticCustomError("missing_text", _("chưa có nội dung"))
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise PydanticCustomError("text_type", _("phải là một dòng chữ, không phải danh sách"))
    text = nfc(str(value))
    bad = find_xml_illegal(text)
    if bad is not None:
        raise PydanticCustomError(
            "xml_illegal",
            _("có ký tự điều khiển {char} không thể ghi vào văn bản"),
            {"char": describe_char(bad)},
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.strip() if multiline else one_line(text)
    if not text:
        raise PydanticCustomError("empty_text", _("đang để trống"))
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

KY_HIEU_GROUP = re.compile(r"^[A-Z0-9Đ]+(\([A-Z0-9Đ]+\))?$")
"""One group of a ký hiệu (R-16): upper-case letters, Đ and digits, optionally ending in a
parenthesised unit code (``CAT(PC04)``)."""
DEGREE_PREFIX = re.compile(r"^(TS|ThS|PGS|GS|KS|BS|CN|TSKH|NCS)\b\.?", re.IGNORECASE)
"""An academic degree or title written before a name, which R-44 forbids."""


def is_all_capitals(text: str) -> bool:
    """Whether ``text`` is written in capitals (two or more, none lower-case), as R-44 forbids
    for the signer's name. Syllables of one letter (``Y``, ``A`` in Ê Đê and Ba Na names such as
    ``A Thanh``) are capitals in proper case too, so a name made only of them is not."""
    longer = any(sum(c.isalpha() for c in word) > 1 for word in text.split())
    return longer and sum(c.isupper() for c in text) > 1 and not any(c.islower() for c in text)


def proper_case_name(text: str) -> str:
    """A person's name with each syllable capitalised (R-44): ``trần minh hải`` → ``Trần Minh
    Hải``; a name typed in capitals is set in normal case; NFC."""
    if is_all_capitals(text):
        return nfc(" ".join(word.capitalize() for word in text.split(" ")))

    def syllable(word: str) -> str:
        # Letters after the first are kept as typed (H'Hen), unless that leaves a syllable all
        # in capitals; a first letter without a one-letter capital (µ, ß) is kept as typed.
        first = word[:1].upper()
        if len(first) != 1 or first.lower() != word[:1]:
            first = word[:1]
        raised = first + word[1:]
        return word.capitalize() if is_all_capitals(raised) else raised
    return nfc(" ".join(syllable(word) for word in text.split(" ")))


_UNIT_CODE = re.compile(r"^(?P<base>[^()]+)(?P<unit>\([^()]*\))?$")


def _group_ok(group: str) -> bool:
    m = _UNIT_CODE.match(group)
    if m is None:
        return False
    if m["base"] in MIXED_CASE_CODES:
        return m["unit"] is None or bool(KY_HIEU_GROUP.match("X" + m["unit"]))
    return bool(KY_HIEU_GROUP.match(group))


def _code(value: Any) -> str:
    """A ký hiệu group or chain of groups: upper-case letters, digits, Đ, joined by '-'."""
    text = _text(value)
    groups = text.split("-")
    for group in groups:
        if _group_ok(group):
            continue
        if group and _group_ok(group.upper()):
            raise PydanticCustomError(
                "code_case", _("'{value}' phải viết hoa: {upper}"), {"value": text,
                                                                      "upper": text.upper()}
            )
        raise PydanticCustomError(
            "code_chars",
            _("'{value}' không phải ký hiệu hợp lệ: chỉ gồm chữ in hoa không dấu, chữ Đ và chữ "
              "số, các nhóm nối bằng dấu '-' không có dấu cách (ví dụ UBND-VHXH; mã đơn vị "
              "trong ngoặc ở cuối nhóm: TTr-CAT(PC04))"),
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
    """Document kinds (Phụ lục III); each is described in :data:`docgen.kinds.KINDS`."""

    NGHI_QUYET = "nghi-quyet"
    QUYET_DINH = "quyet-dinh"
    CHI_THI = "chi-thi"
    QUY_CHE = "quy-che"
    QUY_DINH = "quy-dinh"
    THONG_CAO = "thong-cao"
    THONG_BAO = "thong-bao"
    HUONG_DAN = "huong-dan"
    CHUONG_TRINH = "chuong-trinh"
    KE_HOACH = "ke-hoach"
    PHUONG_AN = "phuong-an"
    DE_AN = "de-an"
    DU_AN = "du-an"
    BAO_CAO = "bao-cao"
    BIEN_BAN = "bien-ban"
    TO_TRINH = "to-trinh"
    HOP_DONG = "hop-dong"
    CONG_DIEN = "cong-dien"
    BAN_GHI_NHO = "ban-ghi-nho"
    BAN_THOA_THUAN = "ban-thoa-thuan"
    GIAY_UY_QUYEN = "giay-uy-quyen"
    GIAY_MOI = "giay-moi"
    GIAY_GIOI_THIEU = "giay-gioi-thieu"
    GIAY_NGHI_PHEP = "giay-nghi-phep"
    PHIEU_GUI = "phieu-gui"
    PHIEU_CHUYEN = "phieu-chuyen"
    PHIEU_BAO = "phieu-bao"
    CONG_VAN = "cong-van"

    @property
    def kind(self) -> Kind:
        """The kind's description: blocks, required fields, defaults."""
        return KINDS[self.value]

    @property
    def title(self) -> str | None:
        """The kind title printed above the trích yếu (R-21); None for a công văn."""
        return self.kind.title

    @property
    def abbreviation(self) -> str | None:
        """The PL3 type code that opens the ký hiệu (R-17); None for a công văn."""
        return self.kind.abbreviation


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
    "thua_lenh": "TL.",
    "thua_uy_quyen": "TUQ.",
    "ky_thay": "KT.",
}
"""Authority prefixes in printing order (Điều 13): ``TL. CHỦ TỊCH`` comes before
``KT. CHÁNH VĂN PHÒNG`` when a deputy signs by order."""
_DELEGATION_PAIRS_ALLOWED = ({"thua_lenh", "ky_thay"},)


class _Named(BaseModel):
    """A model with a person's name (``ho_ten``): printed in proper case, what was typed kept
    for notices."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)
    _typed_name: str | None = PrivateAttr(default=None)

    @model_validator(mode="wrap")
    @classmethod
    def _remember_typed_name(cls, data: Any, handler: Any) -> Any:
        model = handler(data)
        typed = data.get("ho_ten") if isinstance(data, dict) else None
        if isinstance(typed, str) and one_line(nfc(typed)) != model.ho_ten:
            model._typed_name = typed
        return model

    @property
    def name_notice(self) -> str | None:
        """The notice, in the clerk's language, when the printed name differs from the typed
        one (R-44)."""
        if self._typed_name is None:
            return None
        return _("đã ghi tên '{typed}' thành '{printed}' (họ tên viết hoa chữ cái đầu mỗi tiếng, "
                 "R-44)").format(typed=self._typed_name, printed=self.ho_ten)


def _check_name(value: str) -> str:
    if DEGREE_PREFIX.match(value):
        raise PydanticCustomError(
            "degree", _("không ghi học hàm, học vị trước tên người ký (R-44): '{value}'"),
            {"value": value},
        )
    # the name in normal case; a name typed in capitals or lower case is set right.
    return proper_case_name(value)


class NguoiKy(_Named):
    """The signer block (R-42 – R-44)."""

    thay_mat: Text | None = None
    """On behalf of a collective: ``ỦY BAN NHÂN DÂN`` → ``TM. ỦY BAN NHÂN DÂN``."""
    ky_thay: Text | None = None
    """A deputy signs for the head: ``CHỦ TỊCH`` → ``KT. CHỦ TỊCH``."""
    thua_lenh: Text | None = None
    """By order: ``CHỦ TỊCH`` → ``TL. CHỦ TỊCH``."""
    thua_uy_quyen: Text | None = None
    """By authorisation: ``CHỦ TỊCH`` → ``TUQ. CHỦ TỊCH``."""
    chuc_vu: Text | None = None
    """The signer's own title: ``PHÓ CHỦ TỊCH`` (required except for a biên bản's chủ tọa)."""
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
        return _check_name(value)

    @model_validator(mode="after")
    def _one_delegation(self) -> NguoiKy:
        given = [k for k in ("ky_thay", "thua_lenh", "thua_uy_quyen") if getattr(self, k)]
        if len(given) > 1 and set(given) not in _DELEGATION_PAIRS_ALLOWED:
            raise FieldError(
                f"nguoi_ky.{given[1]}",
                _("chỉ dùng một trong ky_thay, thua_lenh, thua_uy_quyen, hoặc thua_lenh cùng "
                  "ky_thay (TL. … / KT. …) (đang có {given})").format(given=", ".join(given)),
            )
        if self.ky_thay and self.chuc_vu and self.chuc_vu.upper() == self.ky_thay.upper():
            raise FieldError(
                "nguoi_ky.chuc_vu",
                _("ký thay (KT. {head}) thì chức vụ phải là của cấp phó, không phải "
                  "'{title}'").format(head=self.ky_thay.upper(), title=self.chuc_vu),
                _("Ví dụ: ky_thay: CHỦ TỊCH và chuc_vu: PHÓ CHỦ TỊCH; người đứng đầu tự ký thì "
                  "bỏ dòng ky_thay."),
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
        """The signer's title, upper case, ``Q.`` for an acting head (R-43); empty when none."""
        if self.chuc_vu is None:
            return ""
        title = nfc(self.chuc_vu.upper())
        return f"Q. {title}" if self.quyen and not title.startswith("Q.") else title


class ThuKyKy(_Named):
    """The secretary who signs a biên bản on the left (R-46): only the name."""

    ho_ten: Text

    @field_validator("ho_ten", mode="after")
    @classmethod
    def _name_as_decree_wants(cls, value: str) -> str:
        return _check_name(value)


def _article(value: Any) -> Any:
    """An article typed as plain text is its content."""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return {"noi_dung": value}
    return value


class Dieu(_Model):
    """One article (R-34): ``Điều 1. <tieu_de>`` then its content (paragraphs, items, tables).

    ``chuong`` / ``muc`` open a chapter (``Chương I`` + its title in capitals) or a section
    (``Mục 1`` + title) before this article; articles are numbered on across chapters."""

    chuong: Text | None = None
    muc: Text | None = None
    tieu_de: Text | None = None
    noi_dung: MultilineText | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> Dieu:
        if self.tieu_de is None and self.noi_dung is None:
            raise FieldError("dieu", _("điều khoản đang để trống"),
                             _("Ghi nội dung điều, hoặc tieu_de: và noi_dung:."))
        return self


class PhuLuc(_Model):
    """An appendix (R-50): own section, new page; ``ngang`` = landscape (R-51).

    With ``loai`` it is instead the text a quyết định issues or approves (Mẫu 1.3): the header,
    the kind's title (``QUY CHẾ``), ``tieu_de`` as its trích yếu, ``(Kèm theo Quyết định số …)``,
    then its articles (``dieu``) and/or ``noi_dung``.
    """

    tieu_de: Text
    noi_dung: MultilineText | None = None
    ngang: bool = False
    loai: LoaiVanBan | None = None
    dieu: Annotated[list[Annotated[Dieu, BeforeValidator(_article)]],
                    BeforeValidator(_lines)] = []

    @model_validator(mode="after")
    def _content(self) -> PhuLuc:
        # Errors raised here keep pydantic's location (phu_luc.1), so they carry their own hint.
        problem = None
        if self.noi_dung is None and not self.dieu:
            problem = _("phụ lục chưa có nội dung: thêm noi_dung (hoặc dieu cho văn bản kèm theo)")
        elif self.dieu and self.loai is None:
            problem = _("chỉ văn bản ban hành kèm theo mới chia điều: thêm loai (quy-che, "
                        "quy-dinh…) cho phụ lục này")
        elif self.loai is not None and (self.loai.title is None or self.loai.kind.decision_line):
            problem = _("không ban hành kèm theo một {kind}: văn bản kèm theo là quy chế, quy "
                        "định, kế hoạch, đề án, chương trình…").format(
                kind=self.loai.kind.label.lower())
        if problem:
            raise PydanticCustomError("appendix", "{message}", {"message": problem})
        return self

    @property
    def articles(self) -> list[tuple[str, str | None, list[Block]]]:
        """The attached text's articles, as :attr:`VanBan.articles`."""
        return _numbered(self.dieu, closes=self.noi_dung is None)

    @property
    def article_headings(self) -> list[list[str]]:
        """Chapter and section lines before each article, as :attr:`VanBan.article_headings`."""
        return _headings(self.dieu)

    @property
    def blocks(self) -> list[Block]:
        """The content as paragraphs and tables, closed with ``./.``."""
        return parse_blocks(self.noi_dung or "")


class BienBan(_Model):
    """The opening lines of a biên bản (Mẫu 1.9). Times may be ``08:00 05/12/2025``."""

    bat_dau: Text
    """Start time: ``08:00 05/12/2025`` → ``08 giờ 00 phút, ngày 05 tháng 12 năm 2025``."""
    dia_diem: Text
    thanh_phan: Lines = Field(min_length=1)
    """Who attended, one per line."""
    chu_tri: Text
    thu_ky: Text
    ket_thuc: Text
    """End time, printed in the closing line ``<cuoc_hop> kết thúc vào …``."""
    cuoc_hop: Text = "Cuộc họp"
    """The noun of the closing line: ``Cuộc họp``, ``Hội nghị``, ``Hội thảo``."""

    @field_validator("bat_dau", "ket_thuc", mode="after")
    @classmethod
    def _time(cls, value: str) -> str:
        return _checked_time(value)


class GioiThieu(_Named):
    """The lines of a giấy giới thiệu (Mẫu 1.8)."""

    ong_ba: Literal["Ông", "Bà", "Ông (bà)"] = "Ông (bà)"
    ho_ten: Text
    chuc_vu: Text
    duoc_cu_den: Text
    """The agency the person is sent to."""
    ve_viec: Text
    gia_tri_den: DateField
    """Last day the letter is valid."""

    @field_validator("ho_ten", mode="after")
    @classmethod
    def _name(cls, value: str) -> str:
        return _check_name(value)


class NghiPhep(_Named):
    """The lines of a giấy nghỉ phép (Mẫu 1.10)."""

    ngay_don: DateField
    """Date of the leave request (Đơn đề nghị nghỉ phép)."""
    ong_ba: Literal["Ông", "Bà", "Ông (bà)"] = "Ông (bà)"
    ho_ten: Text
    chuc_vu: Text
    tu_ngay: DateField
    den_ngay: DateField
    so_ngay: int | None = Field(default=None, gt=0)
    """Days of leave; default: from tu_ngay to den_ngay, both included."""
    noi_nghi: Text
    tinh_vao: Text
    """What the days count as: ``nghỉ hằng năm có hưởng lương``."""
    xac_nhan: bool = False
    """Leave room under the signature for the confirmation of the place of leave (Mẫu 1.10)."""

    @field_validator("ho_ten", mode="after")
    @classmethod
    def _name(cls, value: str) -> str:
        return _check_name(value)

    @model_validator(mode="after")
    def _order(self) -> NghiPhep:
        if self.den_ngay < self.tu_ngay:
            raise FieldError("nghi_phep.den_ngay", _(
                "ngày kết thúc {end} trước ngày bắt đầu {start}").format(
                end=f"{self.den_ngay:%d/%m/%Y}", start=f"{self.tu_ngay:%d/%m/%Y}"))
        return self

    @property
    def days(self) -> int:
        """Days of leave as printed."""
        return self.so_ngay or (self.den_ngay - self.tu_ngay).days + 1


def _headings(articles: list[Dieu]) -> list[list[str]]:
    """The chapter and section lines printed before each article (``Chương I``, ``NHỮNG QUY
    ĐỊNH CHUNG``, ``Mục 1``, ``TỔ CHỨC``): chapters in Roman numerals, sections from 1 in each
    chapter."""
    out, chapter, section = [], 0, 0
    for article in articles:
        lines = []
        if article.chuong:
            chapter, section = chapter + 1, 0
            lines += [decree_lines.heading_line("chuong", chapter), nfc(article.chuong.upper())]
        if article.muc:
            section += 1
            lines += [decree_lines.heading_line("muc", section), nfc(article.muc.upper())]
        out.append(lines)
    return out


def _numbered(articles: list[Dieu], *, closes: bool) -> list[tuple[str, str | None, list[Block]]]:
    """(``Điều 1.``, title or None, content blocks) for each article; with ``closes`` the last
    one ends the text with ``./.`` (R-33, R-34)."""
    out = []
    for i, article in enumerate(articles):
        last = i == len(articles) - 1
        content = parse_blocks(article.noi_dung or "", end_mark=closes and last)
        if closes and last and not content and article.tieu_de:
            content = [close_paragraph(Paragraph(()))]
        out.append((f"Điều {i + 1}.", article.tieu_de, content))
    return out


def _checked_time(value: str) -> str:
    try:
        parse_thoi_gian(value)
    except ValueError as exc:
        raise PydanticCustomError("time_invalid", "{message}", {"message": str(exc)}) from None
    return value


_PLACE_LEVELS = ("thành phố", "thị trấn", "thị xã", "tỉnh", "huyện", "quận", "xã", "phường",
                 "đặc khu")
"""Administrative levels: the place name after one of them is written in title case."""


_SYLLABLE = re.compile(r"(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]+"
                       r"(ch|ng|nh|[cmnpt])?")


def _is_acronym(word: str) -> bool:
    """``UBND``, ``HĐND``, ``THCS``: no Vietnamese syllable and no tone or vowel mark (a name
    such as ``Xiếr`` carries marks and is a word)."""
    folded = ascii_fold(word).lower()
    marked = unicodedata.normalize("NFD", word.replace("Đ", "D").replace("đ", "d")) != word \
        .replace("Đ", "D").replace("đ", "d")
    return len(word) > 1 and word.isalpha() and not marked and not _SYLLABLE.fullmatch(folded)


def _sentence_case_agency(lines: list[str]) -> str:
    """An agency name for running text: ``ỦY BAN NHÂN DÂN`` / ``XÃ SA THẦY`` → ``Ủy ban nhân dân
    xã Sa Thầy``; ``CÔNG AN TỈNH LÂM ĐỒNG`` → ``Công an tỉnh Lâm Đồng``. Sentence case, with the
    place after its level (tỉnh, xã…) in title case; words without vowels (UBND, HĐND) keep
    their capitals. A name this cannot get right is written in ``tham_quyen``."""
    words = " ".join(lines).lower().split()
    out: list[str] = []
    place = False
    for i, w in enumerate(words):
        typed = " ".join(lines).split()[i]
        if _is_acronym(typed):
            out.append(typed)
            continue
        level = next((lv for lv in _PLACE_LEVELS
                      if words[i:i + len(lv.split())] == lv.split()), None)
        if level and not place:
            out += words[i:i + len(level.split())]
            place = True
            continue
        if len(out) > i:  # a word already written as part of a level
            continue
        out.append(w.capitalize() if i == 0 or place else w)
    return nfc(" ".join(out))


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


_PLACE = re.compile(r"[^\W\d_][\w .'()-]*", re.UNICODE)
"""A place name: starts with a letter; letters, digits, spaces and - ' . ( ) only."""
_PREAMBLE_OPENING = re.compile(r"^(căn cứ|xét|theo|thực hiện)\b", re.IGNORECASE)


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
    thang: int | None = Field(default=None, ge=1, le=12)
    """The month printed when ``ngay`` is blank: ``ngày      tháng 12 năm 2025`` (the văn thư
    writes the day at signing)."""
    do_khan: DoKhan | None = None
    trich_yeu: Text | None = None
    """Required except by a giấy giới thiệu / nghỉ phép, which print none."""
    kinh_gui: Lines = []
    can_cu: Lines = []
    """Legal bases of a titled kind (R-32), one per line; ``Căn cứ `` added when missing."""
    theo_de_nghi: Text | None = None
    """``Theo đề nghị của <text>.`` after the legal bases."""
    tham_quyen: Text | None = None
    """The authority: quyết định/nghị quyết line (R-24), công điện ``<…> điện:`` (R-27), the
    inviter of a giấy mời (default: the agency's name)."""
    dieu: Annotated[list[Annotated[Dieu, BeforeValidator(_article)]],
                    BeforeValidator(_lines)] = []
    """Articles (R-34): ``Điều 1.`` …"""
    noi_dung: MultilineText | None = None
    phu_luc: list[PhuLuc] = []
    kinh_moi: Lines = []
    """Giấy mời: who is invited (R-36)."""
    toi_du: Text | None = None
    chu_tri: Text | None = None
    thoi_gian: Text | None = None
    """Giấy mời: ``08:00 05/12/2025`` → ``08 giờ 00 phút, thứ Sáu, ngày 05 tháng 12 năm 2025``."""
    dia_diem: Text | None = None
    bien_ban: BienBan | None = None
    thu_ky_ky: ThuKyKy | None = None
    ben_b_ky: NguoiKy | None = None
    """Hợp đồng: the other party's signer; the closing then shows ``ĐẠI DIỆN BÊN A`` (nguoi_ky)
    and ``ĐẠI DIỆN BÊN B`` side by side."""
    gioi_thieu: GioiThieu | None = None
    nghi_phep: NghiPhep | None = None
    luu_hanh: Text | None = None
    """Circulation note in a box (R-26): ``LƯU HÀNH NỘI BỘ``, ``XEM XONG TRẢ LẠI``."""
    dia_chi: Lines = []
    """Agency address and contacts at the foot of page 1 (R-47)."""
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
    danh_so_rieng: list[LoaiVanBan] = []
    """Kinds the register numbers in a series of their own (Điều 15 allows it; set once in the
    ``dung_chung`` profile): ``[quyet-dinh]``. Read by :mod:`docgen.archive`."""

    @model_validator(mode="before")
    @classmethod
    def _implied_trich_yeu(cls, data: Any) -> Any:
        # A giấy giới thiệu or nghỉ phép prints no trích yếu (Mẫu 1.8, 1.10); the register and
        # the document properties still need one, so it is said for the clerk.
        if not isinstance(data, dict) or data.get("trich_yeu"):
            return data
        for key, verb in (("gioi_thieu", "Giới thiệu"), ("nghi_phep", "Nghỉ phép của")):
            block = data.get(key)
            if data.get("loai") in (f"giay-{key.replace('_', '-')}",) and isinstance(block, dict):
                name = block.get("ho_ten")
                if isinstance(name, str) and name.strip():
                    return {**data, "trich_yeu": f"{verb} ông (bà) {proper_case_name(name)}"}
        return data

    @field_validator("kinh_gui", "noi_nhan", "can_cu", "kinh_moi", mode="after")
    @classmethod
    def _strip_typed_punctuation(cls, items: list[str]) -> list[str]:
        cleaned = [_recipient(item) for item in items]
        for item in cleaned:
            if not item:
                raise PydanticCustomError("empty_item", _("có một dòng chỉ có dấu câu"))
        return cleaned

    @field_validator("dia_danh", mode="after")
    @classmethod
    def _place_name(cls, value: str) -> str:
        # The place opens the place-date line "<Place>, ngày …": a comma would split it,
        # and a line that does not start with the place's name is not read as one.
        if not _PLACE.fullmatch(value):
            raise PydanticCustomError(
                "place_name",
                _("'{value}' không phải tên địa danh (chỉ ghi tên, không có dấu phẩy)"),
                {"value": value})
        return value

    @field_validator("tham_quyen", mode="after")
    @classmethod
    def _authority(cls, value: str | None) -> str | None:
        # Letters, or a draft's dots ("……") still to fill in.
        if value is not None and not (any(c.isalpha() for c in value)
                                      or set(value) <= set(".…")):
            raise PydanticCustomError(
                "authority", _("'{value}' không phải tên cơ quan hay chức danh có thẩm quyền"),
                {"value": value})
        return value

    @field_validator("trich_yeu", "theo_de_nghi", "toi_du", "chu_tri", "dia_diem", mode="after")
    @classmethod
    def _has_words(cls, value: str | None) -> str | None:
        # A line of stray accents or symbols alone prints as nothing a reader can see; dots
        # ("……", a draft's blank to fill in) are kept.
        if value is not None and not any(unicodedata.category(c)[0] in "LNP" for c in value):
            raise PydanticCustomError("no_words", _("'{value}' chưa có chữ nào"), {"value": value})
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
        kind = self.kind
        if self.can_cu and "can_cu" not in kind.fields:
            raise FieldError("can_cu", _("{kind} không ghi căn cứ (R-32 chỉ áp dụng cho văn bản "
                                         "có tên loại)").format(kind=kind.label.lower()),
                             _("Đưa căn cứ vào nội dung hoặc đổi loai."))
        self._fields_of_kind(kind)
        if kind.needs_kinh_gui and not self.kinh_gui:
            message = (_("{kind} phải có ít nhất một nơi nhận điện (kinh_gui, R-27)")
                       if kind.has("dien") else
                       _("{kind} phải có ít nhất một nơi Kính gửi (R-30)"))
            raise FieldError("kinh_gui", message.format(kind=kind.label.lower()),
                             _("Thêm dòng kinh_gui: với tên cơ quan, đơn vị nhận."))
        if kind.abbreviation is None and not self.ky_hieu and not self.don_vi_soan_thao:
            # Without a type code the ký hiệu is <agency>-<drafting unit> (R-17).
            raise FieldError(
                "don_vi_soan_thao",
                _("{kind} cần đơn vị soạn thảo để ghi ký hiệu (UBND-VHXH), hoặc ghi sẵn "
                  "ky_hieu").format(kind=kind.label.lower()),
                _("Thêm dòng don_vi_soan_thao: VHXH"),
            )
        if kind.signer_title_required and self.nguoi_ky.chuc_vu is None:
            raise FieldError("nguoi_ky.chuc_vu", _("thiếu chức vụ người ký (R-43)"),
                             _("Thêm dòng 'chuc_vu: …' trong nguoi_ky, ví dụ chuc_vu: CHỦ TỊCH."))
        self._date_parts_agree()
        if self.ky_hieu:
            self._check_ky_hieu()
        self._check_body()
        return self

    def _check_body(self) -> None:
        """Nơi nhận without the Lưu line, a body and meeting time that read, appendices that
        the body points to and that are landscape only for a wide table."""
        for i, item in enumerate(self.noi_nhan):
            if item.lower().startswith("lưu"):
                unit = self.don_vi_soan_thao or "VHXH"
                raise FieldError(f"noi_nhan.{i}", _("dòng 'Lưu' ghi trong trường luu, không ghi "
                                                    "trong noi_nhan"),
                                 _("Ví dụ: luu: [VT, {unit}]").format(unit=unit))
        if self.noi_dung is not None and not parse_blocks(self.noi_dung):
            raise FieldError("noi_dung", _("nội dung văn bản đang để trống"))
        if self.thoi_gian is not None:
            try:
                parse_thoi_gian(self.thoi_gian)
            except ValueError as exc:
                raise FieldError("thoi_gian", str(exc)) from None
        for i, appendix in enumerate(self.phu_luc):
            # landscape pages only for a table too wide for a portrait page.
            tables = [*appendix.blocks, *(b for a in appendix.articles for b in a[2])]
            if appendix.ngang and not any(isinstance(b, Table) for b in tables):
                raise FieldError(f"phu_luc.{i}.ngang", _("chỉ trình bày khổ ngang khi phụ lục có "
                                                         "bảng rộng (R-01, R-51)"),
                                 _("Bỏ dòng ngang: true, hoặc đưa bảng vào phụ lục."))
        if self.phu_luc and not self._mentions_appendix():
            raise FieldError("noi_dung", _("văn bản có phụ lục thì nội dung phải chỉ dẫn đến phụ "
                                           "lục (Phụ lục I, mục III.1.a)"),
                             _("Ghi trong nội dung hoặc một điều, ví dụ: (chi tiết tại Phụ lục "
                               "kèm theo)."))

    def _date_parts_agree(self) -> None:
        """``nam`` / ``thang`` (for an undated text) must not contradict a ``ngay``."""
        if self.ngay is None:
            return
        if self.nam is not None and self.nam != self.ngay.year:
            raise FieldError("nam", _("năm {year} khác với năm của ngày ký {date}").format(
                year=self.nam, date=f"{self.ngay:%d/%m/%Y}"), _("Bỏ dòng nam: khi đã ghi ngay:."))
        if self.thang is not None and self.thang != self.ngay.month:
            raise FieldError("thang", _("tháng {month} khác với tháng của ngày ký {date}").format(
                month=self.thang, date=f"{self.ngay:%d/%m/%Y}"),
                _("Bỏ dòng thang: khi đã ghi ngay:."))

    def _fields_of_kind(self, kind: Kind) -> None:
        """Required fields present, fields of other kinds absent."""
        for required in kind.required:
            options = required.split("|")
            if not any(getattr(self, key) for key in options):
                message = (_("{kind} cần trường '{field}' (Phụ lục III, Mẫu {mau})") if
                           len(options) == 1 else
                           _("{kind} cần trường '{field} hoặc {other}' (Phụ lục III, Mẫu {mau})"))
                raise FieldError(
                    options[0], message.format(kind=kind.label.lower(), field=options[0],
                                               other=", ".join(options[1:]), mau=kind.mau),
                    _("Thêm dòng '{field}: …' vào tệp; 'docgen new {slug}' cho biểu mẫu mẫu có "
                      "chú thích.").format(field=options[0], slug=kind.slug))
        for key in self.model_fields_set - kind.fields:
            if getattr(self, key) not in (None, [], False):
                users = [k.label.lower() for k in KINDS.values() if key in k.fields]
                raise FieldError(key, _("trường '{field}' không dùng cho {kind}").format(
                    field=key, kind=kind.label.lower()),
                    _("Trường này dùng cho: {kinds}. Bỏ dòng này hoặc đổi loai.").format(
                        kinds=", ".join(users)))

    def _check_ky_hieu(self) -> None:
        assert self.ky_hieu is not None
        first = re.sub(r"\(.*\)$", "", self.ky_hieu.split("-")[0])
        wanted = self.loai.abbreviation
        if wanted is None and first in PL3_ABBREVIATIONS.values():
            raise FieldError("ky_hieu", _("ký hiệu công văn không có mã loại văn bản ('{code}' là "
                                          "mã của Phụ lục III) (R-17)").format(code=first),
                             _("Công văn ghi <tên cơ quan>-<đơn vị soạn thảo>, ví dụ UBND-VHXH."))
        if wanted is not None and first != wanted:
            raise FieldError("ky_hieu", _("ký hiệu của {title} phải bắt đầu bằng '{wanted}' "
                                          "(R-17), không phải '{code}'").format(
                                              title=self.loai.title, wanted=wanted, code=first),
                             _("Ví dụ: {example}; hoặc bỏ dòng ky_hieu để docgen tự ghi.").format(
                                 example=f"{wanted}-{self.co_quan.viet_tat}"))

    def _mentions_appendix(self) -> bool:
        """The body points to its appendices (``phụ lục``) or to the text it issues (``kèm
        theo``, Mẫu 1.3)."""
        texts = [self.noi_dung or ""] + [f"{d.tieu_de or ''} {d.noi_dung or ''}"
                                          for d in self.dieu]
        words = ("phụ lục", "kèm theo") if any(p.loai for p in self.phu_luc) else ("phụ lục",)
        return any(w in nfc(t).lower() for t in texts for w in words)

    # -- the kind -------------------------------------------------------------------------------

    @property
    def kind(self) -> Kind:
        """The description of this document's kind (:mod:`docgen.kinds`)."""
        return self.loai.kind

    @property
    def notices(self) -> list[str]:
        """What docgen changed in what the clerk typed, and what looks inconsistent without
        being refused (the CLI prints these as warnings)."""
        out = []
        named = (("nguoi_ky", self.nguoi_ky), ("thu_ky_ky", self.thu_ky_ky),
                 ("ben_b_ky", self.ben_b_ky),
                 ("gioi_thieu", self.gioi_thieu), ("nghi_phep", self.nghi_phep))
        for key, person in named:
            notice = person.name_notice if person is not None else None
            if notice:
                out.append(f"{key}.ho_ten: {notice}")
        mismatch = self._authority_mismatch()
        if mismatch:
            out.append(mismatch)
        return out

    def _authority_mismatch(self) -> str | None:
        """Mẫu 1.1–1.3, note 6: a text issued by the head (``tham_quyen: Chủ tịch …``) is signed
        by the head or a deputy (KT.), not ``TM.`` the collective."""
        signer = self.nguoi_ky
        if not (self.kind.has("tham_quyen") and self.tham_quyen and signer.thay_mat):
            return None
        head = signer.ky_thay or signer.chuc_vu
        if not head or not nfc(self.tham_quyen.upper()).startswith(nfc(head.upper()) + " "):
            return None
        return "nguoi_ky.thay_mat: " + _(
            "thẩm quyền ban hành là '{authority}' (người đứng đầu) nhưng người ký ghi "
            "'TM. {collective}' (tập thể). Người đứng đầu ký thì bỏ dòng thay_mat; tập thể ban "
            "hành thì ghi tham_quyen là tên tập thể (Mẫu 1.2, ghi chú 6).").format(
            authority=self.tham_quyen, collective=signer.thay_mat.upper())

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
        return decree_lines.so_line(self.so, self.ky_hieu_day_du)

    @property
    def nam_van_ban(self) -> int:
        """The document's year: that of its date, else ``nam``, else the current year."""
        if self.ngay is not None:
            return self.ngay.year
        return self.nam if self.nam is not None else date.today().year

    @property
    def dia_danh_ngay(self) -> str:
        """``Sa Thầy, ngày 05 tháng 02 năm 2026``; blanks when undated (R-19)."""
        return decree_lines.place_date_line(self.dia_danh, self.ngay, self.nam_van_ban,
                                            self.thang)

    @property
    def trich_yeu_line(self) -> str:
        """``V/v …`` for a công văn (R-20), else the trích yếu itself (R-22)."""
        if self.kind.has("vv"):
            return decree_lines.vv_line(self.trich_yeu)
        return self.trich_yeu[:1].upper() + self.trich_yeu[1:]

    @property
    def kinh_gui_lines(self) -> list[str]:
        """The recipients, ``- X;`` … ``- Y.`` (R-30); one recipient gives ``Y.``."""
        if len(self.kinh_gui) == 1:
            return [f"{self.kinh_gui[0]}."]
        return _dash_list(self.kinh_gui)

    @property
    def can_cu_lines(self) -> list[str]:
        """The preamble (R-32): legal bases with ``Căn cứ `` added when missing, then
        ``Theo đề nghị của …``; each line ends ``;``, the last ``.``."""
        lines = [item if _PREAMBLE_OPENING.match(item) else f"Căn cứ {item}"
                 for item in self.can_cu]
        if self.theo_de_nghi:
            text = re.sub(r"^(theo|xét)\s+đề\s+nghị\s+(của\s+)?", "", self.theo_de_nghi,
                          flags=re.IGNORECASE).rstrip(" .;")
            lines.append(f"Theo đề nghị của {text}")
        return [f"{line}{'.' if i == len(lines) - 1 else ';'}" for i, line in enumerate(lines)]

    @property
    def tham_quyen_line(self) -> str | None:
        """The authority line of a nghị quyết / quyết định, upper case (R-24)."""
        return nfc(self.tham_quyen.upper()) if self.tham_quyen else None

    @property
    def decision_line(self) -> str | None:
        """``QUYẾT ĐỊNH:`` / ``QUYẾT NGHỊ:`` before Điều 1 (R-25)."""
        return self.kind.decision_line

    @property
    def dien_line(self) -> str:
        """``<AUTHORITY> điện:`` of a công điện (R-27)."""
        return f"{self.tham_quyen_line or self.co_quan.ten_day_du} điện:"

    @property
    def dien_recipient_lines(self) -> list[str]:
        """Who receives the công điện, ``- X;`` … ``- Y.`` even for one (R-27, Mẫu 1.6)."""
        return _dash_list(self.kinh_gui)

    @property
    def ten_trong_cau(self) -> str:
        """Who issues, in running text: ``tham_quyen`` as typed, else the agency's name in
        sentence case (``Ủy ban nhân dân xã Sa Thầy``)."""
        if self.tham_quyen:
            return self.tham_quyen[:1].upper() + self.tham_quyen[1:]
        return _sentence_case_agency(self.co_quan.lines_ten)

    def _end_owner(self) -> str:
        """Which part closes the document with ``./.`` (R-33)."""
        kind = self.kind
        if kind.has("bien_ban_end"):
            return "bien_ban_end"
        if self.noi_dung is not None:
            return "body"
        if self.dieu:
            return "articles"
        for block in ("giay_moi", "gioi_thieu", "nghi_phep"):
            if kind.has(block):
                return block
        return "body"

    @property
    def blocks(self) -> list[Block]:
        """The body (``noi_dung``) as paragraphs and tables (R-31, R-35), closed with ``./.``
        when it ends the document (R-33)."""
        if self.noi_dung is None:
            return []
        return parse_blocks(self.noi_dung, end_mark=self._end_owner() == "body")

    @property
    def paragraphs(self) -> list[Paragraph]:
        """The body's paragraphs (tables left out), the last closed with ``./.``."""
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def articles(self) -> list[tuple[str, str | None, list[Block]]]:
        """Each article as (``Điều 1.``, title or None, content blocks) (R-34)."""
        return _numbered(self.dieu, closes=self._end_owner() == "articles")

    @property
    def article_headings(self) -> list[list[str]]:
        """For each article of :attr:`articles`, the ``Chương I`` / ``Mục 1`` lines and their
        titles printed before it (empty for most articles)."""
        return _headings(self.dieu)

    def _closed(self, lines: list[str], block: str) -> list[str]:
        if lines and self._end_owner() == block:
            lines[-1] = with_end_mark(lines[-1])
        return lines

    @property
    def giay_moi_lines(self) -> list[str]:
        """The giấy mời lines (R-36, Mẫu 1.7)."""
        opening = f"{self.ten_trong_cau} trân trọng kính mời:"
        lines = [f"{opening} {self.kinh_moi[0]}."] if len(self.kinh_moi) == 1 else \
            [opening, *_dash_list(self.kinh_moi)]
        if self.toi_du:
            text = re.sub(r"^tới dự\s+", "", self.toi_du, flags=re.IGNORECASE).rstrip(" .")
            lines.append(f"Tới dự {text}.")
        if self.chu_tri:
            lines.append(f"Chủ trì: {self.chu_tri.rstrip(' .')}.")
        if self.thoi_gian:
            lines.append(f"Thời gian: {thoi_gian(self.thoi_gian).rstrip(' .')}.")
        if self.dia_diem:
            lines.append(f"Địa điểm: {self.dia_diem.rstrip(' .')}.")
        return self._closed(lines, "giay_moi")

    @property
    def gioi_thieu_lines(self) -> list[str]:
        """The giấy giới thiệu lines (R-37, Mẫu 1.8)."""
        g = self.gioi_thieu
        if g is None:
            return []
        return self._closed([
            f"{self.ten_trong_cau} trân trọng giới thiệu:",
            f"{g.ong_ba} {g.ho_ten}",
            f"Chức vụ: {g.chuc_vu}",
            f"Được cử đến: {g.duoc_cu_den}",
            f"Về việc: {g.ve_viec.rstrip(' .')}.",
            "Đề nghị Quý cơ quan tạo điều kiện để ông (bà) có tên ở trên hoàn thành nhiệm vụ.",
            f"Giấy này có giá trị đến hết ngày {g.gia_tri_den:%d/%m/%Y}.",
        ], "gioi_thieu")

    @property
    def nghi_phep_lines(self) -> list[str]:
        """The giấy nghỉ phép lines (R-37, Mẫu 1.10)."""
        n = self.nghi_phep
        if n is None:
            return []
        return self._closed([
            f"Xét Đơn đề nghị nghỉ phép ngày {n.ngay_don:%d/%m/%Y} của {n.ong_ba.lower()} "
            f"{n.ho_ten},",
            f"{self.ten_trong_cau} cấp cho:",
            f"{n.ong_ba}: {n.ho_ten}",
            f"Chức vụ: {n.chuc_vu}",
            f"Được nghỉ phép trong thời gian {n.days:02d} ngày, kể từ ngày {n.tu_ngay:%d/%m/%Y} "
            f"đến hết ngày {n.den_ngay:%d/%m/%Y} tại {n.noi_nghi.rstrip(' .')}.",
            f"Số ngày nghỉ phép nêu trên được tính vào thời gian {n.tinh_vao.rstrip(' .')}.",
        ], "nghi_phep")

    @property
    def bien_ban_lines(self) -> list[str]:
        """The opening lines of a biên bản (Mẫu 1.9)."""
        b = self.bien_ban
        if b is None:
            return []
        lines = [f"Thời gian bắt đầu: {thoi_gian(b.bat_dau, co_thu=False)}.",
                 f"Địa điểm: {b.dia_diem.rstrip(' .')}."]
        if len(b.thanh_phan) == 1:
            lines.append(f"Thành phần tham dự: {b.thanh_phan[0].rstrip(' .;')}.")
        else:
            lines += ["Thành phần tham dự:", *_dash_list([_recipient(t) for t in b.thanh_phan])]
        lines += [f"Chủ trì (chủ tọa): {b.chu_tri.rstrip(' .')}.",
                  f"Thư ký (người ghi biên bản): {b.thu_ky.rstrip(' .')}.",
                  "Nội dung (theo diễn biến cuộc họp):"]
        return lines

    @property
    def bien_ban_end_line(self) -> str | None:
        """``Cuộc họp kết thúc vào 11 giờ 30 phút, ngày …./.`` (Mẫu 1.9, R-33)."""
        b = self.bien_ban
        if b is None:
            return None
        return with_end_mark(f"{b.cuoc_hop} kết thúc vào {thoi_gian(b.ket_thuc, co_thu=False)}.")

    @property
    def kem_theo_line(self) -> str:
        """``(Kèm theo Quyết định số 12/QĐ-UBND ngày 05 tháng 12 năm 2025 của …)`` (R-50);
        blank number and date stay blank for the văn thư."""
        number = f"{self.so_text or decree_lines.BLANK}/{self.ky_hieu_day_du}"
        when = decree_lines.date_words(self.ngay, self.nam_van_ban, self.thang)
        return f"(Kèm theo {self.kind.name} số {number} {when} của {self.ten_trong_cau})"

    @property
    def appendix_labels(self) -> list[str | None]:
        """``Phụ lục`` alone, or ``Phụ lục I``, ``Phụ lục II``… when there are several (R-50);
        None for a text issued with the document (Mẫu 1.3), which carries its own title."""
        numbered = [i for i, p in enumerate(self.phu_luc) if p.loai is None]
        labels: list[str | None] = [None] * len(self.phu_luc)
        for n, i in enumerate(numbered):
            labels[i] = "Phụ lục" if len(numbered) == 1 else f"Phụ lục {decree_lines.roman(n + 1)}"
        return labels

    @property
    def noi_nhan_items(self) -> list[str]:
        """Recipients of copies; starts with ``Như trên`` exactly once when the kind refers
        to recipients above (công văn, giấy giới thiệu; tờ trình and báo cáo with a Kính gửi,
        Phụ lục I II.9.b)."""
        items = list(self.noi_nhan)
        kind = self.kind
        if kind.nhu_tren or (kind.nhu_tren_with_kinh_gui and self.kinh_gui):
            items = [i for i in items if not decree_lines.is_nhu_tren(i)]
            items.insert(0, decree_lines.NHU_TREN)
        return items

    @property
    def luu_items(self) -> list[str]:
        """Holders of the archive copy (``VT`` and the drafting unit by default)."""
        if self.luu:
            return list(self.luu)
        unit = [self.don_vi_soan_thao] if self.don_vi_soan_thao else []
        return ["VT", *unit, *self.kind.luu_default]

    @property
    def luu_line(self) -> str:
        """``- Lưu: VT, VHXH.``, with drafter and copies ``- Lưu: VT, VHXH, H(30).`` (R-41/45)."""
        return decree_lines.luu_line(self.luu_items, self.nguoi_soan, self.so_ban)

    @property
    def noi_nhan_lines(self) -> list[str]:
        """The whole Nơi nhận list as printed: ``- X;`` lines then the Lưu line."""
        return [f"- {item};" for item in self.noi_nhan_items] + [self.luu_line]


NESTED_MODELS: dict[str, type[BaseModel]] = {
    "co_quan": CoQuan, "nguoi_ky": NguoiKy, "thu_ky_ky": ThuKyKy, "ben_b_ky": NguoiKy,
    "bien_ban": BienBan, "gioi_thieu": GioiThieu, "nghi_phep": NghiPhep, "phu_luc": PhuLuc,
    "dieu": Dieu,
}
"""The group of fields each nested form key holds, for did-you-mean hints."""


class ValidationDetail(NamedTuple):
    """One error pydantic reported, as a clerk reads it."""

    field: str
    """Dotted field (``nguoi_ky.chuc_vu``)."""
    message: str
    """What is wrong, in the clerk's language."""
    hint: str | None
    """How to fix it, in the clerk's language."""
    kind: str
    """pydantic's error type (``missing``, ``extra_forbidden``…; ``field_error`` for a
    cross-field rule), for callers that add to a message without reading its words."""


def validation_details(exc: ValidationError) -> list[ValidationDetail]:
    """Each error pydantic reported, explained (see :class:`ValidationDetail`)."""
    out = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        ctx = err.get("ctx") or {}
        cause = ctx.get("error")
        if isinstance(cause, FieldError):
            out.append(ValidationDetail(cause.field, cause.message, cause.hint, "field_error"))
            continue
        message, hint = _explain(err)
        out.append(ValidationDetail(loc, message, hint, err["type"]))
    return out


def validation_problems(exc: ValidationError) -> list[tuple[str, str, str | None]]:
    """(dotted field, message, hint) for each error pydantic reported, in the clerk's
    language."""
    return [(d.field, d.message, d.hint) for d in validation_details(exc)]


def did_you_mean(name: str | Sequence[str], more: str | None = None) -> str:
    """The hint ``Có phải ý bạn là 'name'?``, followed by the sentence ``more`` if given.

    ``name`` may be several near spellings: each is quoted, the last joined by "hay"
    ("or"): ``Có phải ý bạn là 'quyet-dinh' hay 'quy-dinh'?``.
    """
    names = [name] if isinstance(name, str) else list(name)
    if len(names) == 1:
        guess = _("Có phải ý bạn là '{name}'?").format(name=names[0])
    else:
        guess = _("Có phải ý bạn là {names} hay '{last}'?").format(
            names=", ".join(f"'{n}'" for n in names[:-1]), last=names[-1])
    return f"{guess} {more}" if more else guess


_FIELD_CHOICES = {
    "loai": ", ".join(k.value for k in LoaiVanBan),
    "danh_so_rieng": ", ".join(k.value for k in LoaiVanBan),
    "do_khan": ", ".join(k.value for k in DoKhan),
    "bo_cuc": "chuan, gon",
}


def _not_a_value(value: Any) -> str | None:
    """How the clerk sees a value that is no single value: empty, a list, a group; None for
    a plain value (its text is then quoted in the message)."""
    if value is None:
        return _("đang để trống")
    if isinstance(value, list | tuple):
        return _("đang là một danh sách")
    if isinstance(value, dict):
        return _("đang là một nhóm trường con")
    return None


def _shown(value: Any, limit: int = 60) -> Any:
    """A typed value as an error message may repeat it: a huge one is cut, never echoed whole."""
    if isinstance(value, str) and len(value) > limit:
        return _("{start}… ({count} ký tự)").format(start=value[:limit // 2], count=len(value))
    return value


_DATE_HINT = N_("Ghi theo dạng 20/11/2025 hoặc 2025-11-20.")


def not_a_date(value: Any) -> str:
    """The message for a value that is no date (a form field, a register cell alike)."""
    return _("'{value}' không phải ngày tháng").format(value=value)


def date_hint() -> str:
    """How to write a date, in the clerk's language."""
    return _(_DATE_HINT)
_SIMPLE = {
    "list_type": N_("phải là một danh sách (mỗi dòng bắt đầu bằng '- ')"),
    "model_type": N_("phải là một nhóm trường con (thụt lề bên dưới)"),
    "model_attributes_type": N_("phải là một nhóm trường con (thụt lề bên dưới)"),
    "dict_type": N_("phải là một nhóm trường con (thụt lề bên dưới)"),
    "too_short": N_("không được để trống"),
    "extra_forbidden": N_("trường không có trong biểu mẫu"),
}
"""pydantic error types whose message says it all, with no value and no hint."""


def _found(value: Any, shape: str | None) -> str:
    return shape or _("không phải '{value}'").format(value=value)


def _explain_number(kind: str, value: Any, shape: str | None,
                    ctx: dict[str, Any]) -> str | None:
    """The message of a number or true/false error, None for another kind of error."""
    if kind in ("int_parsing", "int_parsing_size", "int_type", "int_from_float"):
        return _("phải là số nguyên, {found}").format(found=_found(value, shape))
    if kind in ("greater_than", "greater_than_equal"):
        return _("phải lớn hơn {limit}, đang là {value}").format(
            limit=ctx.get("gt", ctx.get("ge")), value=value)
    if kind in ("less_than", "less_than_equal"):
        return _("phải nhỏ hơn {limit}, đang là {value}").format(
            limit=ctx.get("lt", ctx.get("le")), value=value)
    if kind in ("bool_parsing", "bool_type"):
        return _("phải là true hoặc false, {found}").format(found=_found(value, shape))
    return None


def _explain_choice(field: str, value: Any, shape: str | None,
                    ctx: dict[str, Any]) -> tuple[str, str]:
    """A value outside the field's choices: what was typed, the closest choice, all of them."""
    # pydantic joins the last two choices with an English "or".
    choices = _FIELD_CHOICES.get(field, str(ctx.get("expected", "")).replace(" or ", ", "))
    close = difflib.get_close_matches(str(value), choices.split(", "), n=1)
    listed = _("Chọn một trong: {choices}").format(choices=choices)
    said = (_("giá trị {shape}").format(shape=shape) if shape else
            _("giá trị '{value}' không hợp lệ").format(value=value))
    return said, did_you_mean(close[0], listed) if close else listed


def _explain(err: dict[str, Any]) -> tuple[str, str | None]:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    field = str(err["loc"][-1]) if err["loc"] else ""
    # A list item's location ends in its index: the field is the name before it.
    field = next((str(p) for p in reversed(err["loc"]) if not isinstance(p, int)), field)
    value = _shown(err.get("input"))
    shape = _not_a_value(value)
    if kind == "missing":
        return _("thiếu trường bắt buộc"), _("Thêm dòng '{key}: …' vào tệp.").format(key=field)
    number = _explain_number(kind, value, shape, ctx)
    if number is not None:
        return number, None
    if kind in ("enum", "literal_error"):
        return _explain_choice(field, value, shape, ctx)
    if kind in ("date_parsing", "date_from_datetime_parsing", "date_type"):
        said = (_("phải là ngày tháng, {shape}").format(shape=shape) if shape else
                not_a_date(value))
        return said, _(_DATE_HINT)
    if kind in _SIMPLE:
        return _(_SIMPLE[kind]), None
    if kind == "date_invalid":
        return err["msg"], _(_DATE_HINT)
    # The messages of docgen's own validators (code_case, degree, place_name…) are already
    # the clerk's; pydantic's others are English and rare (docgen's fields do not raise them).
    return err["msg"], None
