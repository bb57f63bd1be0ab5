"""``check`` finds the decree's lines with the finders of :mod:`docgen.lines`, next to the twins.

The finders are more lenient than the twins where a clerk's file needs it (a blank form's
``Số: …/QĐ-UBND``, a lone ``V/v``) and stricter where a sentence would pass for a line (a
place-date with its full stop); every line docgen writes is found by its finder.
"""

from __future__ import annotations

import importlib
from datetime import date

import pytest

from docgen import lines
from docgen.lines import (
    is_place_date_line,
    is_so_line,
    place_date_line,
    read_place_date_line,
    read_so_line,
    read_vv_line,
    so_line,
    starts_vv_line,
    vv_line,
)

# docgen.check exports a function named locate: import the module by its name.
locate = importlib.import_module("docgen.check.locate")


@pytest.mark.parametrize(("text", "found", "read"), [
    ("Số: 05/UBND-VHXH", True, True),
    ("So :  123 / TTr-CAT(PC04)", True, True),
    ("Số:      /UBND-VHXH", True, True),
    ("Số: …/QĐ-UBND", True, False),  # a blank form: found, the number not read
    ("Số: 05a/UBND", True, False),  # mistyped: found, judged by the rules
    ("Số:", False, False),
    ("Số lượng: 5/6", False, False),
    ("Sa Thầy, ngày 05 tháng 02 năm 2026", False, False),
])
def test_so_line_is_found_as_check_needs(text: str, found: bool, read: bool) -> None:
    assert is_so_line(text) is found
    assert (read_so_line(text) is not None) is read


@pytest.mark.parametrize(("text", "found", "read"), [
    ("Sa Thầy, ngày 05 tháng 02 năm 2026", True, True),
    ("Lâm Đồng, ngày      tháng 12 năm 2025", True, True),
    ("…, ngày … tháng … năm …", True, False),  # a blank form
    ("Hà Nội, ngày ..... tháng ..... năm 20...", True, False),
    # A sentence holding a date is not the place-date line, though the twin reads its date.
    ("Căn cứ Luật ngày 19 tháng 6 năm 2015, ngày 5 tháng 3 năm 2025.", False, True),
    ("Thời gian: 08 giờ, ngày 10 tháng 12 năm 2026", False, True),
    ("Nơi tổ chức là hội trường lớn của Ủy ban nhân dân xã Sa Thầy mới xây dựng, ngày 10 "
     "tháng 12 năm 2026", False, True),
    (", ngày 05 tháng 3 năm 2025", True, False),  # the place typed in a cell of its own
    ("Số: 05/UBND-VHXH", False, False),
])
def test_place_date_line_is_found_as_check_needs(text: str, found: bool, read: bool) -> None:
    assert is_place_date_line(text) is found
    assert (read_place_date_line(text) is not None) is read


@pytest.mark.parametrize(("text", "found", "read"), [
    ("V/v gia hạn nộp báo cáo", True, "gia hạn nộp báo cáo"),
    ("V/v: gia hạn", True, "gia hạn"),
    ("v / v gia hạn", True, "gia hạn"),
    ("V/v", True, None),  # the trích yếu on the lines below
    ("Về việc gia hạn", False, None),
    ("Kính gửi: Sở Nội vụ", False, None),
])
def test_vv_line_is_found_as_check_needs(text: str, found: bool, read: str | None) -> None:
    assert starts_vv_line(text) is found
    assert read_vv_line(text) == read


@pytest.mark.parametrize("number", [None, 1, 5, 12, 305])
@pytest.mark.parametrize("code", ["UBND-VHXH", "QĐ-UBND", "TTr-UBND(VHXH)", "2025/NQ-HĐND"])
def test_every_so_line_docgen_writes_is_found(number: int | None, code: str) -> None:
    assert is_so_line(so_line(number, code))


@pytest.mark.parametrize("day", [date(2026, 2, 5), date(2025, 12, 31), None])
@pytest.mark.parametrize("place", ["Sa Thầy", "Lâm Đồng", "TP. Hồ Chí Minh"])
def test_every_place_date_line_docgen_writes_is_found(day: date | None, place: str) -> None:
    assert is_place_date_line(place_date_line(place, day, 2026))
    assert is_place_date_line(place_date_line(place, None, 2025, thang=12))


@pytest.mark.parametrize("trich_yeu", ["gia hạn nộp báo cáo", "V/v: gia hạn", "Về việc họp"])
def test_every_vv_line_docgen_writes_is_found(trich_yeu: str) -> None:
    assert starts_vv_line(vv_line(trich_yeu))


def test_check_reads_the_decree_lines_through_docgen_lines() -> None:
    # The names other modules import from docgen.check.locate are the patterns of
    # docgen.lines, not copies that could drift from the twins.
    assert locate.SO_PATTERN is lines.SO_LABEL
    assert locate.DATE_PATTERN is lines.PLACE_DATE_AS_TYPED
    assert locate.DATE_BLANKS is lines.PLACE_DATE_BLANKS
    assert locate.PLACEHOLDER is lines.FILL_IN
    assert not hasattr(locate, "VV_PATTERN")
