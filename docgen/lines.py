"""The decree's fixed lines, each written by one function and read back by its twin.

``so_line`` / ``read_so_line``                 ``Số: 05/UBND-VHXH`` (R-16, R-18)
``place_date_line`` / ``read_place_date_line`` ``Sa Thầy, ngày 05 tháng 02 năm 2026`` (R-19)
``vv_line`` / ``read_vv_line``                 ``V/v gia hạn …`` (R-20)
``luu_line`` / ``read_luu_line``               ``- Lưu: VT, VHXH, H(30).`` (R-41, R-45, R-61)
``NHU_TREN`` / ``is_nhu_tren``                 ``- Như trên;`` first in Nơi nhận (R-41)
``heading_line`` / ``read_heading_line``       ``Chương II``, ``Mục 1`` among the articles (R-34)

The writers print exactly what the model means; the readers accept what a clerk types in Word
as well (spaces around ``:`` and ``/``, ``So:`` without accents, a missing end dot) and return
``None`` for a line that is not theirs. ``reader(writer(x)) == x`` for every value docgen writes
(tests/test_lines.py), so check, extract and archive read these lines as docgen writes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .vnformat import ngay_thang_nam

__all__ = [
    "BLANK",
    "NHU_TREN",
    "Luu",
    "PlaceDate",
    "SoLine",
    "date_words",
    "heading_line",
    "is_nhu_tren",
    "luu_line",
    "place_date_line",
    "read_heading_line",
    "read_luu_line",
    "read_place_date_line",
    "read_so_line",
    "read_vv_line",
    "roman",
    "so_line",
    "vv_line",
]

BLANK = " " * 6
"""The gap left for the văn thư to write a number or a day by hand."""

NHU_TREN = "Như trên"


# -- Số ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SoLine:
    """A read ``Số:`` line: the number (None when left blank) and the ký hiệu."""

    number: int | None
    ky_hieu: str


_SO = re.compile(r"^\s*s[ốôo]\s*:\s*(?P<num>\d*)\s*/\s*(?P<code>\S.*?)\s*$", re.IGNORECASE)


def so_line(number: int | None, ky_hieu: str) -> str:
    """``Số: 05/UBND-VHXH``; ``Số:      /UBND-VHXH`` when the number is left to the văn thư."""
    if number is None:
        return f"Số:{BLANK}/{ky_hieu}"
    return f"Số: {number:02d}/{ky_hieu}"


def read_so_line(text: str) -> SoLine | None:
    """The twin of :func:`so_line`; None when ``text`` is not a ``Số:`` line."""
    m = _SO.match(text)
    if m is None:
        return None
    return SoLine(int(m["num"]) if m["num"] else None, m["code"])


# -- place and date --------------------------------------------------------------------------

@dataclass(frozen=True)
class PlaceDate:
    """A read place-date line; a day or month left blank (or typed as no one number, ``1 2``)
    is None."""

    dia_danh: str
    day: int | None
    month: int | None
    year: int

    @property
    def date(self) -> date | None:
        """The whole date when day and month are written (and make a real date)."""
        if self.day is None or self.month is None:
            return None
        try:
            return date(self.year, self.month, self.day)
        except ValueError:
            return None


_PLACE_DATE = re.compile(
    r"^\s*(?P<place>[^,]*?)\s*,\s*ngày(?P<day>[\s\d]*?)\s*tháng(?P<month>[\s\d]*?)\s*"
    r"năm\s*(?P<year>\d{4})\s*\.?\s*$", re.IGNORECASE)


def date_words(ngay: date | None, nam: int, thang: int | None = None) -> str:
    """``ngày 05 tháng 02 năm 2026`` (day < 10 and months 1, 2 padded, R-19); with no date,
    blanks for the day (and the month unless ``thang`` is given) and the year ``nam``."""
    if ngay is None:
        month = BLANK if thang is None else f" {thang:02d} " if thang <= 2 else f" {thang} "
        return f"ngày{BLANK}tháng{month}năm {nam}"
    day, month, year = ngay_thang_nam(ngay)
    return f"ngày {day} tháng {month} năm {year}"


def place_date_line(dia_danh: str, ngay: date | None, nam: int, thang: int | None = None) -> str:
    """``Sa Thầy, ngày 05 tháng 02 năm 2026``; undated: ``Sa Thầy, ngày      tháng      năm
    2026``, or with the month known ``Sa Thầy, ngày      tháng 12 năm 2025`` (the văn thư
    writes the day at signing)."""
    return f"{dia_danh}, {date_words(ngay, nam, thang)}"


def read_place_date_line(text: str) -> PlaceDate | None:
    """The twin of :func:`place_date_line`; None when ``text`` is not a place-date line."""
    m = _PLACE_DATE.match(text)
    if m is None or not m["place"]:
        return None
    day, month = (_number(m[g]) for g in ("day", "month"))
    return PlaceDate(m["place"], day, month, int(m["year"]))


def _number(text: str) -> int | None:
    """A day or month as typed; None when left blank or not one number (``1 2``)."""
    text = text.strip()
    return int(text) if text.isdecimal() else None


# -- V/v -------------------------------------------------------------------------------------

_TYPED_VV = re.compile(r"^\s*(v\s*/\s*v|về việc)\s*:?\s*", re.IGNORECASE)


def vv_line(trich_yeu: str) -> str:
    """``V/v …`` under the Số of a công văn (R-20); a ``V/v:`` or ``Về việc`` the clerk typed
    is not doubled."""
    return f"V/v {_TYPED_VV.sub('', trich_yeu) or trich_yeu}"


def read_vv_line(text: str) -> str | None:
    """The twin of :func:`vv_line`: the trích yếu after ``V/v``; None for another line."""
    m = re.match(r"^\s*v\s*/\s*v\b\s*:?\s*", text, re.IGNORECASE)
    if m is None:
        return None
    return text[m.end():].strip() or None


# -- Lưu -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Luu:
    """A read Lưu line: holders, drafter's initials and number of copies.

    ``- Lưu: VT, VHXH, H.`` cannot tell a drafter from a holder: ``H`` is read as a holder."""

    items: tuple[str, ...]
    nguoi_soan: str | None = None
    so_ban: int | None = None


_LUU = re.compile(r"^\s*[-–]?\s*lưu\s*:\s*(?P<codes>.*?)\s*\.?\s*$", re.IGNORECASE)
_COPIES = re.compile(r"^(?P<name>.*?)(?P<gap>\s*)\((?P<n>\d+)\)$")


def luu_line(items: list[str], nguoi_soan: str | None = None, so_ban: int | None = None) -> str:
    """``- Lưu: VT, VHXH.``; with drafter and copies ``- Lưu: VT, VHXH, H(30).``; copies with
    no drafter ``- Lưu: VT, VHXH (30).`` (R-41, R-45)."""
    items = list(items)
    if nguoi_soan:
        items.append(nguoi_soan + (f"({so_ban})" if so_ban else ""))
    text = ", ".join(items)
    if so_ban and not nguoi_soan:
        text += f" ({so_ban})"
    return f"- Lưu: {text}."


def read_luu_line(text: str) -> Luu | None:
    """The twin of :func:`luu_line`; None when ``text`` is not a Lưu line."""
    m = _LUU.match(text)
    if m is None:
        return None
    items = [i.strip() for i in m["codes"].split(",") if i.strip()]
    copies = _COPIES.match(items[-1]) if items else None
    if copies is None:
        return Luu(tuple(items))
    name, count = copies["name"].strip(), int(copies["n"])
    if copies["gap"] or not name:  # "VHXH (30)": copies of the whole line
        return Luu(tuple([*items[:-1], name] if name else items[:-1]), None, count)
    return Luu(tuple(items[:-1]), name, count)


# -- Như trên --------------------------------------------------------------------------------

def is_nhu_tren(item: str) -> bool:
    """``Như trên`` as a Nơi nhận item, however the clerk typed it (``- như trên;``)."""
    return re.sub(r"^[-–\s]+|[\s;,.]+$", "", item).lower() == NHU_TREN.lower()


# -- Chương, Mục -----------------------------------------------------------------------------

_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
          (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
_HEADING = re.compile(r"^\s*(?P<word>chương|mục)\s+(?P<n>[IVXLCDM]+|\d+)\s*\.?\s*$", re.IGNORECASE)


def roman(n: int) -> str:
    """``4`` → ``IV`` (chapters, appendices: Phụ lục I, III.1.a)."""
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _from_roman(text: str) -> int:
    total, rest = 0, text.upper()
    for value, letters in _ROMAN:
        while rest.startswith(letters):
            total, rest = total + value, rest[len(letters):]
    return total if not rest else 0


def heading_line(level: str, n: int) -> str:
    """``Chương II`` (chapters in Roman numerals) or ``Mục 1`` (sections from 1 in a chapter);
    ``level`` is ``chuong`` or ``muc``. The title follows on its own line in capitals."""
    return f"Chương {roman(n)}" if level == "chuong" else f"Mục {n}"


def read_heading_line(text: str) -> tuple[str, int] | None:
    """The twin of :func:`heading_line`: ``("chuong", 2)`` for ``Chương II``; None otherwise."""
    m = _HEADING.match(text)
    if m is None:
        return None
    level = "chuong" if m["word"].lower() == "chương" else "muc"
    n = int(m["n"]) if m["n"].isdigit() else _from_roman(m["n"])
    return (level, n) if n else None
