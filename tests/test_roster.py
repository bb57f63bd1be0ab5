"""Reading rosters (.xlsx, .csv) into typed rows, and the row object templates see."""

from __future__ import annotations

import builtins
import io
import os
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from docgen.batch.roster import (
    Dong,
    EmptyCell,
    cell_value,
    missing_names,
    open_roster,
    parse_csv_value,
    used_columns,
)
from docgen.errors import DocgenError
from docgen.templating import evaluate, render_string

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_XLSX = ROOT / "data" / "rosters" / "ket-qua-theo-thon.xlsx"
EXAMPLE_CSV = ROOT / "data" / "rosters" / "ket-qua-theo-thon.csv"


def rows(path: Path, **kw: object) -> list[tuple[int, tuple[object, ...]]]:
    roster = open_roster(path, **kw)  # type: ignore[arg-type]
    return [(r.number, r.values) for r in roster.rows()]


# ---------------------------------------------------------------------------------------------
# CSV values


@pytest.mark.parametrize(("cell", "delimiter", "expected"), [
    ("312", ";", 312),
    ("-5", ";", -5),
    ("0", ";", 0),
    ("0123", ";", "0123"),          # a code: leading zero keeps it text
    ("01", ",", "01"),
    ("45,6", ";", 45.6),            # Vietnamese decimal comma
    ("45.6", ";", 45.6),
    ("88,0", ";", 88),              # a whole number is an int, as from Excel
    ("0,5", ";", 0.5),
    ("1.234", ";", 1234),           # thousands in a ';' (Vietnamese) file
    ("1.234", ",", 1.234),          # a decimal in a ',' file
    ("1,234", ",", 1234),
    ("1,234", ";", 1.234),
    ("1.234.567", ";", 1234567),
    ("1.234,5", ";", 1234.5),
    ("1,234,567.5", ",", 1234567.5),
    ("45,6%", ";", 45.6),
    ("80%", ";", 80),
    ("20/02/2026", ";", date(2026, 2, 20)),
    ("2026-02-20", ";", date(2026, 2, 20)),
    ("31/02/2026", ";", "31/02/2026"),  # no such day: stays text, the ngay filter names it
    ("+84 905 123 456", ";", "+84 905 123 456"),
    ("12 345", ";", "12 345"),
    ("  Tân Sang ", ";", "Tân Sang"),
    ("", ";", None),
    ("   ", ";", None),
])
def test_csv_values(cell: str, delimiter: str, expected: object) -> None:
    value = parse_csv_value(cell, delimiter)
    assert value == expected
    assert type(value) is type(expected)


def test_csv_text_is_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Đăk Wớt")
    assert parse_csv_value(nfd) == unicodedata.normalize("NFC", "Đăk Wớt")


@pytest.mark.parametrize("bom", [True, False])
@pytest.mark.parametrize("delimiter", [";", ","])
def test_csv_bom_and_delimiters(tmp_path: Path, bom: bool, delimiter: str) -> None:
    d = delimiter
    decimal = "57,8" if d == ";" else "57.8"
    text = (f"Tên thôn{d}Mã thôn{d}Số tham gia{d}Tỷ lệ (%){d}Hạn\n"
            f"Tân Sang{d}01{d}312{d}{decimal}{d}20/02/2026\n"
            f"{d}{d}{d}{d}\n"
            f"\"Kà Bầy{d} làng\"{d}02{d}211{d}86{d}2026-02-27\n")
    path = tmp_path / "r.csv"
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode())
    roster = open_roster(path)
    assert roster.columns.headers == ("Tên thôn", "Mã thôn", "Số tham gia", "Tỷ lệ (%)", "Hạn")
    assert rows(path) == [
        (2, ("Tân Sang", "01", 312, 57.8, date(2026, 2, 20))),
        (4, (f"Kà Bầy{d} làng", "02", 211, 86, date(2026, 2, 27))),  # empty row 3 skipped
    ]


def test_csv_not_utf8_names_file_and_row(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes("Tên thôn;Số\nTân Sang;1\n".encode() + "Kà;2\n".encode("latin-1"))
    with pytest.raises(DocgenError) as info:
        list(open_roster(path).rows())
    problem = info.value.problems[0]
    assert problem.file == path and problem.row == 3
    assert "UTF-8" in problem.message and "CSV UTF-8" in (problem.hint or "")


def test_csv_row_with_extra_cells_is_a_row_problem(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("Tên thôn;Số\nTân Sang;1;thừa\nKleng;2\n", encoding="utf-8")
    found = list(open_roster(path).rows())
    assert found[0].problems and found[0].problems[0].row == 2
    assert not found[1].problems


@pytest.mark.parametrize(("header", "message"), [
    ("Tên thôn;Tên thôn", "hai cột cùng tiêu đề"),
    ("Tên thôn;Ten thon", "cùng được gọi là dong.ten_thon"),
    ("Tên thôn;;Số", "không có tiêu đề"),
])
def test_bad_headers(tmp_path: Path, header: str, message: str) -> None:
    path = tmp_path / "r.csv"
    path.write_text(header + "\nA;B;C\n", encoding="utf-8")
    with pytest.raises(DocgenError) as info:
        open_roster(path)
    assert message in str(info.value)


def test_unknown_format_and_missing_file(tmp_path: Path) -> None:
    (tmp_path / "r.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(DocgenError, match="xlsx"):
        open_roster(tmp_path / "r.xls")
    with pytest.raises(DocgenError, match="không tìm thấy"):
        open_roster(tmp_path / "khong-co.csv")


# ---------------------------------------------------------------------------------------------
# Excel values


def _workbook(path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    ws.append(["Tên thôn", "Mã", "Số tham gia", "Tổng số", "Tỷ lệ", "Hạn", "Lúc", "Ghi chú"])
    ws.append(["Tân Sang", "01", 312, 540.0, 0.578, datetime(2026, 2, 20),
               datetime(2026, 2, 3, 8, 30), None])
    ws.append([None] * 8)
    ws.append(["Kleng", "02", 142, 298, 0.4765, date(2026, 2, 27), None, "mới sáp nhập"])
    for row in ws.iter_rows(min_row=2):
        row[4].number_format = "0.0%"
    wb.create_sheet("Khác").append(["Cột khác"])
    wb.save(path)


def test_xlsx_types(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    _workbook(path)
    found = rows(path)
    assert found == [
        (2, ("Tân Sang", "01", 312, 540, 57.8, date(2026, 2, 20), datetime(2026, 2, 3, 8, 30),
             None)),
        (4, ("Kleng", "02", 142, 298, 47.65, date(2026, 2, 27), None, "mới sáp nhập")),
    ]
    values = found[0][1]
    assert type(values[3]) is int  # 540.0 in Excel is a whole number: 540
    assert type(values[5]) is date


def test_xlsx_sheet_option(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    _workbook(path)
    assert open_roster(path, sheet="Khác").columns.headers == ("Cột khác",)
    with pytest.raises(DocgenError) as info:
        open_roster(path, sheet="Không có")
    assert "Tổng hợp, Khác" in (info.value.problems[0].hint or "")


def test_example_rosters_agree() -> None:
    xlsx, csv_ = open_roster(EXAMPLE_XLSX), open_roster(EXAMPLE_CSV)
    assert xlsx.columns.headers == csv_.columns.headers
    assert rows(EXAMPLE_XLSX) == rows(EXAMPLE_CSV)
    found = rows(EXAMPLE_XLSX)
    assert len(found) >= 20
    assert len({v[3] for _, v in found}) == len(found)  # every village named once
    for _, (stt, ma, loai, ten, tham_gia, tong, ty_le, han) in found:
        assert isinstance(stt, int) and ma == f"{stt:02d}"
        assert loai in ("Thôn", "Làng") and ten
        assert 0 < tham_gia <= tong and round(100 * tham_gia / tong, 1) == ty_le
        assert isinstance(han, date)


# ---------------------------------------------------------------------------------------------
# The row object in the sandbox


def _dong(tmp_path: Path, header: str, line: str) -> Dong:
    path = tmp_path / "r.csv"
    path.write_text(header + "\n" + line + "\n", encoding="utf-8")
    roster = open_roster(path)
    row = next(roster.rows())
    return Dong(roster.columns, row.values, row.number)


def test_attribute_and_item_access(tmp_path: Path) -> None:
    dong = _dong(tmp_path, "Tên thôn;Số tham gia;Items", "Tân Sang;312;7")
    ctx = {"dong": dong}
    assert render_string("{{ dong.ten_thon }}|{{ dong['Tên thôn'] }}|{{ dong.so_tham_gia + 1 }}",
                         ctx) == "Tân Sang|Tân Sang|313"
    assert render_string("{{ dong.items }}", ctx) == "7"  # a column beats the Mapping method
    assert evaluate("dong.so_tham_gia < 400", ctx) is True
    assert render_string("{% for k in dong %}{{ k }};{% endfor %}", ctx) == \
        "Tên thôn;Số tham gia;Items;"
    nfd = unicodedata.normalize("NFD", "Tên thôn")
    assert dong[nfd] == "Tân Sang"
    assert used_columns(dong) == ["Tên thôn", "Số tham gia", "Items"]


def test_row_is_read_only_in_the_sandbox(tmp_path: Path) -> None:
    dong = _dong(tmp_path, "Tên thôn", "Tân Sang")
    for source in ("{{ dong.__class__.__mro__ }}", "{{ dong._values }}",
                   "{% set _ = dong.update({'a': 1}) %}"):
        with pytest.raises(DocgenError):
            render_string(source, {"dong": dong})
    with pytest.raises(AttributeError):
        dong.ten_thon = "khác"  # type: ignore[misc]


def test_empty_cell(tmp_path: Path) -> None:
    dong = _dong(tmp_path, "Tên thôn;Ghi chú;Số", "Tân Sang;;")
    ctx = {"dong": dong}
    assert isinstance(dong.ghi_chu, EmptyCell)
    assert render_string("{{ dong.ghi_chu | default('không') }}", ctx) == "không"
    assert render_string("{% if dong.ghi_chu %}có{% else %}trống{% endif %}", ctx) == "trống"
    assert dong.get("Ghi chú", "-") == "-"
    with pytest.raises(DocgenError) as info:
        render_string("Có {{ dong.so }} người", ctx)
    assert "ô cột 'Số' đang để trống" in str(info.value)
    assert cell_value(dong, "Số") is None


def test_missing_column_is_remembered(tmp_path: Path) -> None:
    dong = _dong(tmp_path, "Tên thôn", "Tân Sang")
    with pytest.raises(DocgenError):
        render_string("{{ dong.ten_thonn }}", {"dong": dong})
    assert missing_names(dong) == ["ten_thonn"]


def test_csv_code_column_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("Mã thôn;Số\n09;9\n10;10\n", encoding="utf-8")
    assert rows(path) == [(2, ("09", 9)), (3, ("10", 10))]


# ---------------------------------------------------------------------------------------------
# Files that are hard to read


def test_csv_number_too_long_for_an_int_stays_text(tmp_path: Path) -> None:
    long = "1" * 5000  # Python refuses int() beyond 4,300 digits
    assert parse_csv_value(long) == long
    assert parse_csv_value(long + ",5") == long + ",5"  # too big for a float as well
    path = tmp_path / "r.csv"
    path.write_text(f"Tên thôn;Mã\nTân Sang;{long}\n", encoding="utf-8")
    assert rows(path) == [(2, ("Tân Sang", long))]


@pytest.fixture
def locked(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    """Make a file unreadable as Excel on Windows makes an open workbook (root ignores chmod)."""
    real = io.open

    def lock(path: Path) -> None:
        def guarded(file: object, *args: object, **kwargs: object) -> object:
            if isinstance(file, str | os.PathLike) and os.fspath(file) == os.fspath(path):
                raise PermissionError(13, "Permission denied", os.fspath(path))
            return real(file, *args, **kwargs)  # type: ignore[call-overload]

        monkeypatch.setattr(io, "open", guarded)
        monkeypatch.setattr(builtins, "open", guarded)

    return lock


@pytest.mark.parametrize("name", ["r.csv", "r.xlsx"])
def test_roster_open_in_excel(tmp_path: Path, locked: Callable[[Path], None],
                             name: str) -> None:
    path = tmp_path / name
    if name.endswith(".xlsx"):
        _workbook(path)
    else:
        path.write_text("Tên thôn;Số\nTân Sang;1\n", encoding="utf-8")
    locked(path)
    with pytest.raises(DocgenError) as info:
        list(open_roster(path).rows())
    (problem,) = info.value.problems
    assert problem.file == path
    assert problem.message == "không đọc được tệp (đang mở trong Excel?)"
    assert problem.hint == "Đóng tệp trong Excel rồi chạy lại."


def test_roster_that_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "ds.csv").mkdir()
    with pytest.raises(DocgenError) as info:
        open_roster(tmp_path / "ds.csv")
    assert "thư mục" in str(info.value) and "không tìm thấy" not in str(info.value)


@pytest.mark.parametrize(("fmt", "expected"), [
    ('0.0"%"', 45.6),    # a literal % after the number: the cell holds 45,6 already
    ("0.0\\%", 45.6),    # the same, escaped
    ('0.0" %"', 45.6),
    ("0.0%", 4560),      # a real percentage format: 45.6 is 4560%
    ('0.0%" đạt"', 4560),
])
def test_xlsx_percent_sign_in_quotes_is_not_a_percentage(tmp_path: Path, fmt: str,
                                                         expected: float) -> None:
    path = tmp_path / "r.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Tên thôn", "Tỷ lệ"])
    ws.append(["Tân Sang", 45.6])
    ws["B2"].number_format = fmt
    wb.save(path)
    assert rows(path) == [(2, ("Tân Sang", expected))]


def test_title_row_above_the_header(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["KẾT QUẢ HỌC TẬP KỸ NĂNG SỐ THEO THÔN"])
    ws.append(["Tên thôn", "Số"])
    ws.append(["Tân Sang", 12])
    wb.save(path)
    roster = open_roster(path)
    assert roster.columns.headers == ("Tên thôn", "Số")
    assert [(r.number, r.values) for r in roster.rows()] == [(3, ("Tân Sang", 12))]
    (note,) = roster.notes
    assert "hàng 1" in note and "hàng 2" in note and "KẾT QUẢ" in note

    csv_path = tmp_path / "r.csv"
    csv_path.write_text("Danh sách thôn;;\n\nTên thôn;Số;Ghi chú\nKleng;3;\n", encoding="utf-8")
    roster = open_roster(csv_path)
    assert roster.columns.headers == ("Tên thôn", "Số", "Ghi chú")
    assert [(r.number, r.values) for r in roster.rows()] == [(4, ("Kleng", 3, None))]
    assert roster.notes

    one_column = tmp_path / "c.csv"
    one_column.write_text("Tên thôn\nTân Sang\nKleng\n", encoding="utf-8")
    assert rows(one_column) == [(2, ("Tân Sang",)), (3, ("Kleng",))]
    assert open_roster(one_column).notes == ()


def test_csv_sep_line_from_excel(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("sep=,\nTên thôn,Tỷ lệ\nTân Sang,\"45,6\"\n", encoding="utf-8-sig")
    assert open_roster(path).columns.headers == ("Tên thôn", "Tỷ lệ")
    assert rows(path) == [(3, ("Tân Sang", 45.6))]  # row numbers as the file's lines


def test_xlsx_formulas_never_calculated(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Tên thôn", "Số tham gia", "Tổng số", "Tỷ lệ"])
    ws.append(["Tân Sang", 312, 540, "=B2/C2*100"])
    wb.save(path)  # openpyxl saves no computed value: data_only reads None
    roster = open_roster(path)
    (note,) = roster.notes
    assert "công thức" in note and "Mở tệp bằng Excel, lưu lại" in note
    _workbook(tmp_path / "ok.xlsx")
    assert open_roster(tmp_path / "ok.xlsx").notes == ()


# ---------------------------------------------------------------------------------------------
# Issue 13 item 7 and 8: which sheet, bounded and entity-free reading, odd cells


def test_active_visible_sheet_is_read_and_named(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    hidden = wb.active
    hidden.title = "Nháp"
    hidden.append(["Cột cũ", "Khác"])
    hidden.append(["không dùng", 1])
    hidden.sheet_state = "veryHidden"
    shown = wb.create_sheet("Danh sách")
    shown.append(["Tên thôn", "Số"])
    shown.append(["Tân Sang", 3])
    wb.active = 1
    path = tmp_path / "ds.xlsx"
    wb.save(path)
    roster = open_roster(path)
    assert roster.sheet == "Danh sách" and roster.columns.headers == ("Tên thôn", "Số")
    assert [r.values for r in roster.rows()] == [("Tân Sang", 3)]
    assert any("'Danh sách'" in note and "'Nháp'" in note for note in roster.notes)
    assert open_roster(path, "Nháp").columns.headers == ("Cột cũ", "Khác")


def test_hidden_active_sheet_falls_back_to_the_first_visible(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    first = wb.active
    first.title = "Một"
    first.append(["Tên thôn", "Số"])
    second = wb.create_sheet("Hai")
    second.append(["A", "B"])
    second.sheet_state = "hidden"
    wb.active = 1
    path = tmp_path / "ds.xlsx"
    wb.save(path)
    assert open_roster(path).sheet == "Một"


def test_time_cells_read_as_clock_time(tmp_path: Path) -> None:
    from datetime import time

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Tên thôn", "Giờ họp"])
    ws.append(["Tân Sang", time(7, 30)])
    ws.append(["Rắc", time(14, 5, 9)])
    path = tmp_path / "ds.xlsx"
    wb.save(path)
    assert [r.values[1] for r in open_roster(path).rows()] == ["07:30", "14:05:09"]


def test_control_characters_fail_their_row_only(tmp_path: Path) -> None:
    path = tmp_path / "ds.csv"
    path.write_text("Tên thôn;Số\nTân\x07 Sang;1\nRắc;2\n", encoding="utf-8")
    (first, second) = list(open_roster(path).rows())
    (problem,) = first.problems
    assert problem.row == 2 and problem.field == "Tên thôn" and "U+0007" in problem.message
    assert second.problems == ()


@pytest.mark.parametrize(("content", "message"), [
    (b"<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>", "DOCTYPE"),
    (b"<!DOCTYPE x [<!ENTITY a 'lol'><!ENTITY b '&a;&a;&a;'>]>", "DOCTYPE"),
    ("<!DOCTYPE x>".encode("utf-16"), "DOCTYPE"),
    (b" " * 70_000 + b"<!DOCTYPE x [<!ENTITY e 'x'>]>", "DOCTYPE"),  # past a first glance
    (b"<!-- x -->", "bất thường"),
])
def test_xlsx_with_a_doctype_is_refused_before_parsing(tmp_path: Path, content: bytes,
                                                       message: str) -> None:
    import zipfile

    source = tmp_path / "ok.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Tên thôn", "Số"])
    wb.save(source)
    path = tmp_path / "xxe.xlsx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = content + data
            dst.writestr(info, data)
    with pytest.raises(DocgenError, match=message) as error:
        open_roster(path)
    assert error.value.problems[0].file == path


def test_word_file_named_xlsx_says_what_it_is(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "ds.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(DocgenError, match="văn bản Word") as error:
        open_roster(path)
    assert "đang mở trong Excel" not in str(error.value)
