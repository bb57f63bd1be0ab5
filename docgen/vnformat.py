"""Vietnamese formatting of numbers, percentages, dates and amounts in words.

The functions are registered as Jinja filters (see :data:`FILTERS`) so that a template writes
``{{ so_tien | so }}``, ``{{ ngay_ky | ngay }}`` or ``{{ so_tien | tien_bang_chu }}``.

Conventions follow what a Vietnamese clerk expects and Nghị định 30/2020/NĐ-CP requires:

* numbers: ``.`` groups thousands, ``,`` is the decimal mark (1.234.567,5); rounding is half up;
* dates: day below 10 and months 1 and 2 get a leading zero (ngày 05 tháng 02 năm 2026);
* amounts in words use "nghìn", "linh" and "tỷ" (not "ngàn", "lẻ", "tỉ").

Errors are :class:`ValueError` with a message in the clerk's language, because it ends up in front
of the clerk who typed the value; it starts in lower case, as it follows a location.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from functools import cache

from babel import Locale
from babel.numbers import NumberPattern, parse_pattern

from .i18n import _

__all__ = ["FILTERS", "doc_so", "doc_tien", "ngay", "ngay_thang_nam", "parse_date",
           "parse_thoi_gian", "phan_tram", "so", "thoi_gian", "thu"]

_LOCALE = "vi"

# "#,##0.###" is vi's own decimal pattern; the fraction length is ignored because we pass
# decimal_quantization=False after rounding ourselves (babel would round half-even and cut
# at 3 digits, neither of which a clerk expects).
_PATTERN = "#,##0.###"

_SIGN = r"[+-]?"
_PLAIN_INT = re.compile(_SIGN + r"\d+")
# One separator only: "45,6" (Vietnamese) or "45.6" (as Python/Excel-in-English write it).
_ONE_SEP = re.compile(_SIGN + r"(\d+)([.,])(\d+)")
# Vietnamese grouping with at least two groups or a decimal comma: "1.234.567", "1.234,5".
_VN_GROUPED = re.compile(_SIGN + r"[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?")


def _loi_so(value: object) -> ValueError:
    return ValueError(_("không đọc được số: {value}").format(value=repr(value)))


def _parse_str(text: str) -> Decimal:
    """Read a number as a clerk or a program may have typed it; refuse what is ambiguous."""
    s = text.strip()
    if _PLAIN_INT.fullmatch(s):
        return Decimal(s)
    m = _ONE_SEP.fullmatch(s)
    if m:
        int_part, sep, frac = m.groups()
        # "1.234" is 1234 to a Vietnamese reader but 1.234 to Python; guessing wrong puts a
        # number off by a factor of 1000 into an official document, so refuse instead.
        if sep == "." and len(frac) == 3 and len(int_part) <= 3 and not int_part.startswith("0"):
            raise ValueError(_(
                "không đọc được số: {value} (dấu chấm là phân cách hàng nghìn hay dấu thập "
                "phân?); hãy viết không có phân cách hàng nghìn và dùng dấu phẩy thập phân, "
                "ví dụ '1234' hoặc '1,234'").format(value=repr(text)))
        return Decimal(s.replace(",", "."))
    if _VN_GROUPED.fullmatch(s):
        return Decimal(s.replace(".", "").replace(",", "."))
    raise _loi_so(text)


def _to_decimal(value: object) -> Decimal:
    # bool is an int subclass; True rendered as "1" would hide a template bug.
    if isinstance(value, bool):
        raise _loi_so(value)
    if isinstance(value, Decimal):
        d = value
    elif isinstance(value, int):
        d = Decimal(value)
    elif isinstance(value, float):
        # Through str so that 45.678 stays 45.678 and not 45.67799999999999727151...
        d = Decimal(repr(value))
    elif isinstance(value, str):
        d = _parse_str(value)
    else:
        raise _loi_so(value)
    if not d.is_finite():
        raise _loi_so(value)
    return d


@cache
def _locale() -> Locale:
    return Locale.parse(_LOCALE)


@cache
def _pattern() -> NumberPattern:
    # format_decimal parses the pattern and the locale again on every call: a batch formats
    # thousands of numbers, so both are parsed once.
    return parse_pattern(_PATTERN)


def so(value: int | float | Decimal | str, chu_so_thap_phan: int | None = None) -> str:
    """Format a number the Vietnamese way: ``1234567.5`` → ``"1.234.567,5"``.

    ``chu_so_thap_phan`` is the maximum number of decimal digits; the value is rounded half up
    (0.25 → "0,3" with one digit) and trailing zeros are dropped (12.0 → "12"). ``None`` keeps
    every significant digit of the value.

    A string is accepted if it is a number: "1234", "45,6", "45.6", "1.234.567", "1.234,5".
    "1.234" alone is refused because it could mean either 1234 or 1,234.

    Raises :class:`ValueError` (Vietnamese message) for anything that is not a finite number.
    """
    if chu_so_thap_phan is not None and (
        isinstance(chu_so_thap_phan, bool)
        or not isinstance(chu_so_thap_phan, int)
        or chu_so_thap_phan < 0
    ):
        raise ValueError(_(
            "Số chữ số thập phân phải là số nguyên không âm, không phải {value}"
        ).format(value=repr(chu_so_thap_phan)))
    d = _to_decimal(value)
    digits = d.as_tuple()
    exponent = digits.exponent
    assert isinstance(exponent, int)  # finite, checked in _to_decimal
    with localcontext() as ctx:
        # The default 28-digit context makes quantize (ours and babel's) fail on long numbers.
        ctx.prec = len(digits.digits) + abs(exponent) + (chu_so_thap_phan or 0) + 10
        if chu_so_thap_phan is not None:
            d = d.quantize(Decimal(1).scaleb(-chu_so_thap_phan), rounding=ROUND_HALF_UP)
        if d.is_zero():
            # -0.04 rounded to one digit must print "0", not "-0".
            d = abs(d)
        return _pattern().apply(d, _locale(), decimal_quantization=False)


def phan_tram(value: int | float | Decimal | str, chu_so_thap_phan: int = 1) -> str:
    """Format a value that is already a percentage: ``45.63`` → ``"45,6%"``, ``80.0`` → ``"80%"``.

    Rounds half up to ``chu_so_thap_phan`` digits and drops trailing zeros. No space before
    "%", as in babel's pattern for "vi" (``#,##0%``).
    """
    return so(value, chu_so_thap_phan) + "%"


_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_VN_DATE = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")


def parse_date(value: date | datetime | str) -> date:
    """A date as clerks write it: ``20/11/2025``, ``20.11.2025``, ``20-11-2025`` or ISO.

    Raises :class:`ValueError` with a message in the clerk's language for an unreadable or
    impossible date; it starts in lower case, as it is shown after a location
    (``trường ngay: ngày không có thật: '31/02/2026'``).
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        s = value.strip()
        if m := _ISO_DATE.fullmatch(s):
            year, month, day = (int(g) for g in m.groups())
        elif m := _VN_DATE.fullmatch(s):
            day, month, year = int(m[1]), int(m[3]), int(m[4])
        else:
            raise ValueError(_(
                "không đọc được ngày: {value}; hãy viết dạng 20/11/2025 hoặc 2025-11-20"
            ).format(value=repr(value)))
        try:
            return date(year, month, day)
        except ValueError:
            raise ValueError(_("ngày không có thật: {value}").format(value=repr(value))) from None
    raise ValueError(_("không đọc được ngày: {value}").format(value=repr(value)))


def ngay_thang_nam(value: date | datetime | str) -> tuple[str, str, str]:
    """Day, month and year as written on the place-date line: ``("05", "02", "2026")``.

    Per Nghị định 30/2020, a day below 10 and the months 1 and 2 take a leading zero; months
    3 to 12 do not ("3", not "03"). Accepts a date, a datetime, or a string "2025-11-20" or
    "20/11/2025"; raises :class:`ValueError` for an unreadable or impossible date.
    """
    d = parse_date(value)
    thang = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"{d.day:02d}", thang, str(d.year)


def ngay(value: date | datetime | str) -> str:
    """The date as written in running text: ``"ngày 20 tháng 11 năm 2025"``.

    Same padding and accepted inputs as :func:`ngay_thang_nam`.
    """
    d, m, y = ngay_thang_nam(value)
    return f"ngày {d} tháng {m} năm {y}"


_THU = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")
_CLOCK = r"(?P<h>\d{1,2})\s*(?::|h|giờ)\s*(?P<m>\d{2})?\s*(?:phút)?"
_DAY = r"(?P<d>\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{4}-\d{1,2}-\d{1,2})"
_TIME_FIRST = re.compile(_CLOCK + r"\s*,?\s*(?:ngày\s*)?" + _DAY)
_DATE_FIRST = re.compile(_DAY + r"\s*,?\s*(?:lúc\s*)?" + _CLOCK)


def thu(value: date | datetime | str) -> str:
    """The weekday as written in Vietnamese: ``thứ Sáu``, ``Chủ nhật``."""
    return _THU[parse_date(value).weekday()]


def parse_thoi_gian(text: str) -> datetime | None:
    """A meeting time typed as ``08:00 05/12/2025`` (also ``8h00``, ``05/12/2025 08:00``);
    None when ``text`` is not written that way (it is then printed as given).

    Raises :class:`ValueError` for a time or date that does not exist (``25:00``, ``31/02``).
    """
    s = " ".join(str(text).split())
    m = _TIME_FIRST.fullmatch(s) or _DATE_FIRST.fullmatch(s)
    if m is None:
        return None
    hour, minute = int(m["h"]), int(m["m"] or 0)
    if hour > 23 or minute > 59:
        raise ValueError(_("giờ không có thật: {value}; viết dạng 08:00 05/12/2025").format(
            value=repr(text)))
    d = parse_date(m["d"])
    return datetime(d.year, d.month, d.day, hour, minute)


def thoi_gian(value: datetime | str, *, co_thu: bool = True) -> str:
    """A meeting time in running text: ``08 giờ 00 phút, thứ Sáu, ngày 05 tháng 12 năm 2025``.

    ``value`` is a datetime or text as :func:`parse_thoi_gian` reads it; other text is returned
    as given. ``co_thu=False`` leaves the weekday out (the biên bản's times).
    """
    moment = value if isinstance(value, datetime) else parse_thoi_gian(value)
    if moment is None:
        return str(value)
    parts = [f"{moment.hour:02d} giờ {moment.minute:02d} phút"]
    if co_thu:
        parts.append(thu(moment))
    parts.append(ngay(moment))
    return ", ".join(parts)


_CHU_SO = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GIOI_HAN = 10**18
_TY = 10**9


def _doc_chuc_dv(chuc: int, dv: int) -> list[str]:
    """Tens and units of a group, tens > 0."""
    if chuc == 1:
        words = ["mười"]
        # 15 is "mười lăm"; 11 stays "mười một" ("mốt" only follows "mươi").
        if dv == 5:
            words.append("lăm")
        elif dv:
            words.append(_CHU_SO[dv])
        return words
    words = [_CHU_SO[chuc], "mươi"]
    if dv:
        words.append({1: "mốt", 4: "tư", 5: "lăm"}.get(dv, _CHU_SO[dv]))
    return words


def _doc_nhom(n: int, day_du: bool) -> list[str]:
    """Read 1..999; ``day_du`` when a higher non-zero group precedes, so "không trăm" is said."""
    tram, du = divmod(n, 100)
    chuc, dv = divmod(du, 10)
    words: list[str] = []
    if tram or day_du:
        words += [_CHU_SO[tram], "trăm"]
        if chuc == 0:
            if dv:
                words += ["linh", _CHU_SO[dv]]
            return words
    elif chuc == 0:
        return [_CHU_SO[dv]]
    return words + _doc_chuc_dv(chuc, dv)


def _doc_duoi_ty(n: int, day_du: bool) -> list[str]:
    """Read 1..999_999_999 as triệu / nghìn / units groups, skipping zero groups."""
    words: list[str] = []
    for scale, name in ((10**6, "triệu"), (10**3, "nghìn"), (1, "")):
        nhom, n = divmod(n, scale)
        if nhom:
            words += _doc_nhom(nhom, day_du)
            if name:
                words.append(name)
            day_du = True
    return words


def _doc_duong(n: int, day_du: bool = False) -> list[str]:
    # Above a billion the count of billions is itself a number ("một nghìn không trăm linh một
    # tỷ"), rather than a chain of "nghìn tỷ", "triệu tỷ" group names.
    ty, con_lai = divmod(n, _TY)
    words: list[str] = []
    if ty:
        words += [*_doc_duong(ty, day_du), "tỷ"]
        day_du = True
    if con_lai:
        words += _doc_duoi_ty(con_lai, day_du)
    return words


def _so_nguyen(n: object) -> int:
    if isinstance(n, bool):
        raise TypeError(_("Cần một số nguyên, không phải {value}").format(value=repr(n)))
    if isinstance(n, Decimal | float):
        # Amounts often arrive as Decimal from sums; accept them only if nothing is lost.
        try:
            if n == int(n):
                return int(n)
        except (ValueError, OverflowError, InvalidOperation):
            pass
        raise ValueError(_("Chỉ đọc thành chữ được số nguyên, không phải {value}").format(
            value=repr(n)))
    try:
        return operator.index(n)  # type: ignore[arg-type]
    except TypeError:
        raise TypeError(_("Cần một số nguyên, không phải {value}").format(
            value=repr(n))) from None


def doc_so(n: int) -> str:
    """A whole number in Vietnamese words: ``2025`` → ``"hai nghìn không trăm hai mươi lăm"``.

    Valid for -10**18 < n < 10**18; otherwise :class:`ValueError`. Negative numbers start
    with "âm". An integral :class:`~decimal.Decimal` or float is accepted; a fractional one
    raises :class:`ValueError`, since silently rounding an amount is worse than failing.
    """
    n = _so_nguyen(n)
    if not -_GIOI_HAN < n < _GIOI_HAN:
        raise ValueError(_("Số quá lớn để đọc thành chữ: {value} (giới hạn ±10^18)").format(
            value=n))
    if n == 0:
        return _CHU_SO[0]
    words = _doc_duong(abs(n))
    if n < 0:
        words.insert(0, "âm")
    return " ".join(words)


def doc_tien(n: int, don_vi: str = "đồng") -> str:
    """An amount in words for a document, capitalised, with its unit.

    ``1250000`` → ``"Một triệu hai trăm năm mươi nghìn đồng"``. An empty ``don_vi`` gives the
    words alone. Same range and errors as :func:`doc_so`.
    """
    chu = doc_so(n)
    chu = chu[0].upper() + chu[1:]
    return f"{chu} {don_vi}" if don_vi else chu


FILTERS: dict[str, Callable[..., str]] = {
    "so": so,
    "phan_tram": phan_tram,
    "ngay": ngay,
    "bang_chu": doc_so,
    "tien_bang_chu": doc_tien,
    "thoi_gian": thoi_gian,
    "thu": thu,
}
"""Jinja filter name → function, for ``environment.filters.update(FILTERS)``."""
