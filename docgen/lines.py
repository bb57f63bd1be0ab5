"""The decree's fixed lines, each written by one function and read back by its twin.

``so_line`` / ``read_so_line``                 ``Số: 05/UBND-VHXH`` (R-16, R-18)
  (``read_so_ref``: the number as quoted, ``05/UBND-VHXH``, ``5``, ``Số: 05/…``)
``place_date_line`` / ``read_place_date_line`` ``Sa Thầy, ngày 05 tháng 02 năm 2026`` (R-19)
``vv_line`` / ``read_vv_line``                 ``V/v gia hạn …`` (R-20)
``luu_line`` / ``read_luu_line``               ``- Lưu: VT, VHXH, H(30).`` (R-41, R-45, R-61)
``NHU_TREN`` / ``is_nhu_tren``                 ``- Như trên;`` first in Nơi nhận (R-41)
``heading_line`` / ``read_heading_line``       ``Chương II``, ``Mục 1`` among the articles (R-34)

``check`` must also *find* these lines as a clerk left them before judging them (a blank form's
``Số: …/QĐ-UBND``, a lone ``V/v`` over its trích yếu), so the more lenient finders live here
too, built from the same patterns: ``is_so_line``, ``is_place_date_line``, ``starts_vv_line``.

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
    "FILL_IN",
    "MAX_PLACE_CHARS",
    "NHU_TREN",
    "PLACE_DATE_AS_TYPED",
    "PLACE_DATE_BLANKS",
    "SO_LABEL",
    "VV_LABEL",
    "Luu",
    "LuuParts",
    "PlaceDate",
    "SoLine",
    "SoParts",
    "date_words",
    "heading_line",
    "is_nhu_tren",
    "is_place_date_line",
    "is_so_line",
    "luu_line",
    "place_date_line",
    "read_heading_line",
    "read_luu_line",
    "read_luu_parts",
    "read_place_date_line",
    "read_so_line",
    "read_so_parts",
    "read_so_ref",
    "read_vv_line",
    "roman",
    "so_line",
    "starts_luu_line",
    "starts_vv_line",
    "strip_vv",
    "vv_line",
]

BLANK = " " * 6
"""The gap left for the văn thư to write a number or a day by hand."""

NHU_TREN = "Như trên"

FILL_IN = re.compile(r"…|\.{3,}")
"""Dots left for a value to be written by hand (``Số: …/QĐ-UBND``, ``ngày … tháng …``)."""


# -- Số ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SoLine:
    """A read ``Số:`` line: the number (None when left blank) and the ký hiệu."""

    number: int | None
    ky_hieu: str


_SO_WORD = r"s[ốôo]"  # Số, as typed with or without its accent
_SO_LABEL = r"^\s*" + _SO_WORD + r"\s*:"
SO_LABEL = re.compile(_SO_LABEL, re.IGNORECASE)
"""How a ``Số:`` line starts, however typed (``Số:``, ``So :``)."""


@dataclass(frozen=True)
class SoParts:
    """A ``Số:`` line as typed, for a reader that judges how it is written (check, R-16): the
    label with its colon (``Số:``, ``So :``), the number's digits as text (``""`` when left
    blank; never converted, so thousands of digits cannot overflow), the ký hiệu as typed (may
    be empty or hold spaces) and the white space around the ``/``."""

    label: str
    number: str
    ky_hieu: str
    space_before_slash: str = ""
    space_after_slash: str = ""


_SO = re.compile(r"^\s*(?P<label>" + _SO_WORD + r"\s*:)\s*(?P<num>\d*)(?P<sp2>\s*)/(?P<sp3>\s*)"
                 r"(?P<code>.*?)\s*$", re.IGNORECASE)


def so_line(number: int | None, ky_hieu: str) -> str:
    """``Số: 05/UBND-VHXH``; ``Số:      /UBND-VHXH`` when the number is left to the văn thư."""
    if number is None:
        return f"Số:{BLANK}/{ky_hieu}"
    return f"Số: {number:02d}/{ky_hieu}"


def read_so_line(text: str) -> SoLine | None:
    """The twin of :func:`so_line`; None when ``text`` is not a ``Số:`` line."""
    parts = read_so_parts(text)
    if parts is None or not parts.ky_hieu:
        return None
    return SoLine(int(parts.number) if parts.number else None, parts.ky_hieu)


def read_so_parts(text: str) -> SoParts | None:
    """The ``Số:`` line as typed (what :func:`read_so_line` is read from); None when ``text``
    is not a ``Số:`` line with a ``/``."""
    m = _SO.match(text)
    if m is None:
        return None
    return SoParts(m["label"], m["num"], m["code"], m["sp2"], m["sp3"])


def is_so_line(text: str) -> bool:
    """A ``Số:`` line as ``check`` finds it before judging it: the label and a ``/``, also when
    :func:`read_so_line` cannot read the number (``Số: …/QĐ-UBND``, ``Số: 05a/UBND``)."""
    return bool(SO_LABEL.match(text)) and "/" in text


_SO_REF = re.compile(r"^\s*(?:" + _SO_WORD + r"\s*:?\s*)?(?P<num>\d{1,6})\s*"
                     r"(?:/\s*(?P<code>\S.*?))?\s*$", re.IGNORECASE)


def read_so_ref(text: str) -> SoLine | None:
    """A number as a clerk quotes it (``archive show 05/UBND-VHXH``, a register's first
    column): ``05/UBND-VHXH``, ``5``, or with the ``Số:`` line's label (``Số: 05/UBND-VHXH``,
    ``số 12``). Reads every line :func:`so_line` writes with a number; unlike
    :func:`read_so_line` the number is required and the ký hiệu may be left out (``""``).
    None for anything else."""
    m = _SO_REF.match(text)
    if m is None:
        return None
    return SoLine(int(m["num"]), m["code"] or "")


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


_PLACE_DATE_CORE = (r"(?P<place>[^,]*?)\s*,\s*ngày(?P<day>[\s\d]*?)\s*tháng(?P<month>[\s\d]*?)"
                    r"\s*năm\s*(?P<year>\d{4})")
_PLACE_DATE = re.compile(r"^\s*" + _PLACE_DATE_CORE + r"\s*\.?\s*$", re.IGNORECASE)
PLACE_DATE_AS_TYPED = re.compile("^" + _PLACE_DATE_CORE + r"\s*$", re.IGNORECASE)
"""A place-date line ending at the year (a sentence that ends in a date has its full stop),
with the place, day, month and year as typed, for ``check`` to judge how each is written."""
PLACE_DATE_BLANKS = re.compile(r"^(?P<place>[^,]*?)\s*,\s*ngày\b.*\btháng\b.*\bnăm\b",
                               re.IGNORECASE)
"""A place-date line of a blank form (``…, ngày ... tháng ... năm …``): found, not judged."""
MAX_PLACE_CHARS = 60
"""A longer "place" is a sentence that holds a date, not a place-date line."""


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


def is_place_date_line(text: str) -> bool:
    """A place-date line as ``check`` finds it: ``Sa Thầy, ngày 05 tháng 3 năm 2025``, or a
    blank form's ``…, ngày … tháng … năm …``; not a sentence that holds a date (``Thời gian:
    08 giờ, ngày 10 tháng 12 năm 2026``, or one with its full stop)."""
    m = PLACE_DATE_AS_TYPED.match(text) or (
        PLACE_DATE_BLANKS.match(text) if FILL_IN.search(text) else None)
    return m is not None and ":" not in m["place"] and len(m["place"]) <= MAX_PLACE_CHARS


# -- V/v -------------------------------------------------------------------------------------

_VV_LABEL = r"^\s*v\s*/\s*v\b"
VV_LABEL = re.compile(_VV_LABEL, re.IGNORECASE)
"""How a ``V/v`` line starts."""
_TYPED_VV = re.compile(r"^\s*(v\s*/\s*v|về việc)\s*:?\s*", re.IGNORECASE)


def vv_line(trich_yeu: str) -> str:
    """``V/v …`` under the Số of a công văn (R-20); a ``V/v:`` or ``Về việc`` the clerk typed
    is not doubled."""
    return f"V/v {strip_vv(trich_yeu) or trich_yeu}"


def strip_vv(trich_yeu: str) -> str:
    """The trích yếu without a ``V/v``, ``V / v:`` or ``Về việc`` the clerk typed before it
    (empty when nothing else was typed): what :func:`vv_line` prints after its own ``V/v``."""
    return _TYPED_VV.sub("", trich_yeu)


def read_vv_line(text: str) -> str | None:
    """The twin of :func:`vv_line`: the trích yếu after ``V/v``; None for another line."""
    m = re.match(_VV_LABEL + r"\s*:?\s*", text, re.IGNORECASE)
    if m is None:
        return None
    return text[m.end():].strip() or None


def starts_vv_line(text: str) -> bool:
    """``V/v`` opens the line, also when the trích yếu starts on the next line (a lone
    ``V/v``, which :func:`read_vv_line` reads as None)."""
    return bool(VV_LABEL.match(text))


# -- Lưu -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Luu:
    """A read Lưu line: holders, drafter's initials and number of copies.

    ``- Lưu: VT, VHXH, H.`` cannot tell a drafter from a holder: ``H`` is read as a holder."""

    items: tuple[str, ...]
    nguoi_soan: str | None = None
    so_ban: int | None = None


@dataclass(frozen=True)
class LuuParts:
    """A Lưu line as typed, for a reader that judges how it is written (check, R-41, R-61):
    the dash (``-``, ``–`` or none), the label (``Lưu``, ``lưu``), what follows the colon with
    its end dot (``VT, VHXH.``) and the same without the end dot (``VT, VHXH``, what
    :func:`read_luu_line` splits)."""

    dash: str
    label: str
    codes: str
    holders: str


_LUU_LABEL = r"^\s*(?P<dash>[-–]?)\s*(?P<label>lưu)\b"
# "holders" is the shortest text before an optional end dot; "gap" and "dot" put the dot back.
_LUU = re.compile(_LUU_LABEL + r"\s*:\s*(?P<holders>.*?)(?P<gap>\s*)(?P<dot>\.?)\s*$",
                  re.IGNORECASE)
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
    parts = read_luu_parts(text)
    if parts is None:
        return None
    items = [i.strip() for i in parts.holders.split(",") if i.strip()]
    copies = _COPIES.match(items[-1]) if items else None
    if copies is None:
        return Luu(tuple(items))
    name, count = copies["name"].strip(), int(copies["n"])
    if copies["gap"] or not name:  # "VHXH (30)": copies of the whole line
        return Luu(tuple([*items[:-1], name] if name else items[:-1]), None, count)
    return Luu(tuple(items[:-1]), name, count)


def read_luu_parts(text: str) -> LuuParts | None:
    """The Lưu line as typed (what :func:`read_luu_line` is read from); None when ``text`` is
    not a Lưu line."""
    m = _LUU.match(text)
    if m is None:
        return None
    codes = m["holders"] + (m["gap"] + m["dot"] if m["dot"] else "")
    return LuuParts(m["dash"], m["label"], codes, m["holders"])


def starts_luu_line(text: str) -> tuple[str, str] | None:
    """(dash, label) as typed when ``text`` opens as a Lưu line, also when mistyped with no
    colon (``- Lưu VT.``, which :func:`read_luu_parts` reads as None); None otherwise."""
    m = re.match(_LUU_LABEL, text, re.IGNORECASE)
    return (m["dash"], m["label"]) if m else None


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
