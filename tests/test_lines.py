"""Each decree line is written by one function and read back by its twin (docgen.lines)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kindforms import document

from docgen.archive.store import title_part
from docgen.check import rules
from docgen.lines import (
    Luu,
    PlaceDate,
    SoLine,
    heading_line,
    is_nhu_tren,
    luu_line,
    place_date_line,
    read_heading_line,
    read_luu_line,
    read_luu_parts,
    read_place_date_line,
    read_so_line,
    read_vv_line,
    so_line,
    starts_luu_line,
    strip_vv,
    vv_line,
)

CODES = st.from_regex(r"[A-ZĐ]{1,5}(-[A-ZĐ]{1,5}){0,2}(\([A-Z0-9]{2,4}\))?", fullmatch=True)


@given(st.one_of(st.none(), st.integers(1, 99999)), CODES)
def test_so_line_round_trip(number: int | None, code: str) -> None:
    assert read_so_line(so_line(number, code)) == SoLine(number, code)


def test_so_line_as_printed_and_as_typed() -> None:
    assert so_line(5, "UBND-VHXH") == "Số: 05/UBND-VHXH"
    assert so_line(None, "QĐ-UBND") == "Số:      /QĐ-UBND"
    assert read_so_line("So :  123 / TTr-CAT(PC04)") == SoLine(123, "TTr-CAT(PC04)")
    assert read_so_line("Sa Thầy, ngày 05 tháng 02 năm 2026") is None


@given(st.dates(date(1990, 1, 1), date(2100, 12, 31)),
       st.sampled_from(["Sa Thầy", "Hà Nội", "Thành phố Hồ Chí Minh", "Đắk Lắk"]))
def test_place_date_round_trip(day: date, place: str) -> None:
    read = read_place_date_line(place_date_line(place, day, day.year))
    assert read is not None and read.dia_danh == place and read.date == day


def test_place_date_as_printed_and_blank() -> None:
    assert place_date_line("Sa Thầy", date(2026, 2, 5), 2026) == \
        "Sa Thầy, ngày 05 tháng 02 năm 2026"
    assert place_date_line("Sa Thầy", date(2025, 12, 15), 2025) == \
        "Sa Thầy, ngày 15 tháng 12 năm 2025"
    blank = read_place_date_line(place_date_line("Sa Thầy", None, 2026))
    assert blank == PlaceDate("Sa Thầy", None, None, 2026) and blank.date is None
    # The văn thư's own habit: the month written, the day left for signing.
    assert read_place_date_line("Lâm Đồng, ngày      tháng 12 năm 2025") == \
        PlaceDate("Lâm Đồng", None, 12, 2025)
    assert read_place_date_line("Số: 05/UBND-VHXH") is None


@pytest.mark.parametrize("typed", ["gia hạn nộp báo cáo", "V/v gia hạn nộp báo cáo",
                                   "V/v: gia hạn nộp báo cáo", "Về việc gia hạn nộp báo cáo"])
def test_vv_line_not_doubled_and_read_back(typed: str) -> None:
    line = vv_line(typed)
    assert line == "V/v gia hạn nộp báo cáo"
    assert read_vv_line(line) == "gia hạn nộp báo cáo"
    assert read_vv_line("Kính gửi: Sở Nội vụ") is None


@pytest.mark.parametrize("typed", ["V / v gia hạn", "v/v: gia hạn", "Về việc gia hạn", "gia hạn"])
def test_archive_names_strip_the_vv_the_line_strips(typed: str) -> None:
    """An archived file is named from the trích yếu as printed after ``V/v``: one reading of
    a typed ``V/v`` (archive.store used a stricter copy that kept ``V / v`` in the name)."""
    assert strip_vv(typed) == "gia hạn"
    assert vv_line(typed) == f"V/v {strip_vv(typed)}"
    assert title_part(typed) == "gia-hạn"


@pytest.mark.parametrize(("items", "drafter", "copies", "printed"), [
    (["VT", "VHXH"], None, None, "- Lưu: VT, VHXH."),
    (["VT", "VHXH"], "H", 30, "- Lưu: VT, VHXH, H(30)."),
    (["VT", "VHXH"], None, 30, "- Lưu: VT, VHXH (30)."),
    (["VT", "Hồ sơ"], None, None, "- Lưu: VT, Hồ sơ."),
])
def test_luu_line_round_trip(items: list[str], drafter: str | None, copies: int | None,
                             printed: str) -> None:
    assert luu_line(items, drafter, copies) == printed
    assert read_luu_line(printed) == Luu(tuple(items), drafter, copies)


def test_luu_line_as_typed() -> None:
    assert read_luu_line("-Lưu : VT, TCKT") == Luu(("VT", "TCKT"))
    assert read_luu_line("- Như trên;") is None


@pytest.mark.parametrize(("text", "start"), [
    ("- Lưu: VT, VHXH.", ("-", "Lưu")), ("-Lưu VT, VHXH.", ("-", "Lưu")),
    ("Lưu: VT.", ("", "Lưu")), ("– lưu: VT.", ("–", "lưu")),
    ("- Như trên;", None), ("- Lưu trữ tỉnh;", ("-", "Lưu")), ("- Lưux: VT.", None),
])
def test_luu_line_start_as_typed(text: str, start: tuple[str, str] | None) -> None:
    """The start of a Lưu line is read by the same pattern as the whole line."""
    assert starts_luu_line(text) == start
    parts = read_luu_parts(text)
    if parts is not None:
        assert (parts.dash, parts.label) == start


def test_checker_reads_the_luu_line_through_lines() -> None:
    """check.rules has no Lưu pattern of its own (issue 12: one reader per decree line)."""
    assert not hasattr(rules, "_LUU_START")
    assert rules._is_luu_item("- Lưu VT.") and not rules._is_luu_item("Lưu: VT.")


@pytest.mark.parametrize("item", ["Như trên", "- như trên;", "Như trên.", "NHƯ TRÊN"])
def test_nhu_tren_as_typed(item: str) -> None:
    assert is_nhu_tren(item)
    assert not is_nhu_tren("Như trên và các thôn")


def test_the_model_prints_through_the_writers() -> None:
    """What the renderer prints is what the readers read back."""
    vb = document("to-trinh", so_ban=30, nguoi_soan="H")
    assert read_so_line(vb.so_ky_hieu) == SoLine(12, "TTr-UBND(VHXH)")
    assert read_place_date_line(vb.dia_danh_ngay).date == date(2025, 12, 5)
    assert read_luu_line(vb.luu_line) == Luu(("VT", "VHXH"), "H", 30)
    assert vb.noi_nhan_items[0] == "Như trên"


def test_month_known_day_blank() -> None:
    """`thang` with no `ngay`: the month printed, the day left for the văn thư; read back."""
    line = place_date_line("Lâm Đồng", None, 2025, 12)
    assert line == "Lâm Đồng, ngày      tháng 12 năm 2025"
    assert read_place_date_line(line) == PlaceDate("Lâm Đồng", None, 12, 2025)
    assert place_date_line("Sa Thầy", None, 2026, 2) == "Sa Thầy, ngày      tháng 02 năm 2026"
    vb = document("quyet-dinh", ngay=None, nam=2025, thang=12)
    assert vb.dia_danh_ngay == "Sa Thầy, ngày      tháng 12 năm 2025"
    assert "ngày      tháng 12 năm 2025 của" in vb.kem_theo_line


def test_a_day_split_by_a_space_is_no_day() -> None:
    """``ngày 1 2``: no number docgen can trust, and no crash (the reader returns a value)."""
    assert read_place_date_line("Sa Thầy, ngày 1 2 tháng 3 năm 2025") == \
        PlaceDate("Sa Thầy", None, 3, 2025)


def test_month_that_contradicts_the_date_is_refused() -> None:
    from pydantic import ValidationError

    from docgen.models import validation_problems
    with pytest.raises(ValidationError) as err:
        document("quyet-dinh", thang=11)
    [(field, message, hint)] = validation_problems(err.value)
    assert field == "thang" and "tháng 11 khác với tháng của ngày ký 05/12/2025" in message
    assert hint == "Bỏ dòng thang: khi đã ghi ngay:."


@pytest.mark.parametrize(("level", "n", "printed"), [
    ("chuong", 1, "Chương I"), ("chuong", 4, "Chương IV"), ("chuong", 14, "Chương XIV"),
    ("muc", 1, "Mục 1"), ("muc", 12, "Mục 12")])
def test_heading_lines(level: str, n: int, printed: str) -> None:
    assert heading_line(level, n) == printed
    assert read_heading_line(printed) == (level, n)
    assert read_heading_line(printed.upper() + ".") == (level, n)


def test_heading_reader_refuses_other_lines() -> None:
    assert read_heading_line("Chương trình công tác") is None
    assert read_heading_line("Mục tiêu") is None
