"""Messages in catalogs for ``docgen batch`` (roster reading, row problems, summaries, the
manifest, ``--gop``/``--pdf``/``--archive``) and ``docgen users``.

With ``--lang en`` every line is English except the values it quotes (roster headers and
cells, file names, the document's own lines); without it the same runs print the Vietnamese
they always printed. "English" is checked the blunt way: once the values are taken out, no
Vietnamese letter is left.
"""

from __future__ import annotations

import csv
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from batchkit import CSV, FORM, manifest_text
from click.testing import CliRunner, Result
from vietnamese import assert_english

from docgen import i18n
from docgen.batch.runner import BatchReport, seconds_text
from docgen.batch.state import FILTERED, RENDERED
from docgen.cli import main
from docgen.users import UserStore

NO_LOCALE = {"DOCGEN_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}

def docgen(*args: object, lang: str | None = None, input: str | None = None) -> Result:
    """``docgen [--lang LANG] ARGS`` with no language in the environment."""
    words = (["--lang", lang] if lang else []) + [str(a) for a in args]
    return CliRunner().invoke(main, words, env=NO_LOCALE, input=input)


def rows_of_example() -> tuple[list[str], list[list[str]]]:
    with CSV.open(encoding="utf-8-sig", newline="") as handle:
        header, *rows = list(csv.reader(handle, delimiter=";"))
    return header, rows


def write_csv(path: Path, header: list[str], rows: list[list[str]],
              encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="", errors="replace") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
    return path


# --- the rosters a clerk gets wrong -------------------------------------------------------------

def example_csv(name: str, *, rename: dict[str, str] | None = None,
                cells: dict[tuple[int, str], str] | None = None,
                extra: dict[int, str] | None = None,
                encoding: str = "utf-8-sig") -> Callable[[Path], Path]:
    """A maker of the example roster as ``name``: headers renamed, cells (data row index,
    header) changed, a cell added past the last header of some rows, another encoding."""

    def make(tmp: Path) -> Path:
        header, rows = rows_of_example()
        for old, new in (rename or {}).items():
            header[header.index(old)] = new
        for (row, column), value in (cells or {}).items():
            rows[row][header.index(column)] = value
        for row, value in (extra or {}).items():
            rows[row].append(value)
        return write_csv(tmp / name, header, rows, encoding=encoding)

    return make


_renamed = example_csv("doi-ten.csv", rename={"Số tham gia": "Số người tham gia"})
_missing = example_csv("thieu-cot.csv", rename={"Loại": "Ghi chú"})
_empty_cell = example_csv("o-trong.csv", cells={(1, "Số tham gia"): ""})
_extra_cell = example_csv("thua-o.csv", extra={2: "Tân Sang; thừa"})
_control = example_csv("ky-tu-la.csv", cells={(0, "Tên thôn"): "Tân\x01Sang"})
_windows_1258 = example_csv("sai-ma.csv", encoding="cp1258")
_duplicate = example_csv("trung-cot.csv", rename={"Loại": "Tên thôn"})


def _empty(tmp: Path) -> Path:
    path = tmp / "trong.csv"
    path.write_text("\n\n", encoding="utf-8")
    return path


def ole_file(name: str) -> Callable[[Path], Path]:
    """A maker of an old Office file (OLE: .xls, or a password-protected workbook) as
    ``name``."""

    def make(tmp: Path) -> Path:
        path = tmp / name
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
        return path

    return make


def _word(tmp: Path) -> Path:
    path = tmp / "cong-van.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    return path


def _workbook(tmp: Path) -> Path:
    """A title row above the headers, formulas never calculated, and a second sheet that was
    the one on screen when the file was saved."""
    import openpyxl

    header, rows = rows_of_example()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    ws.append(["KẾT QUẢ THEO THÔN"])
    ws.append(header)
    for n, row in enumerate(rows[:3], start=3):
        ws.append([*row[:6], f"=E{n}/F{n}*100", row[7]])
    wb.create_sheet("Ghi chú").append(["Ghi chú", "Người lập"])
    wb.active = 1
    path = tmp / "bang.xlsx"
    wb.save(path)
    return path


def _folder(tmp: Path) -> Path:
    path = tmp / "thu-muc"
    path.mkdir()
    return path


def _absent(tmp: Path) -> Path:
    return tmp / "khong-co.csv"


# (roster maker, extra options, exit status, an English line, the same line in Vietnamese)
BAD_ROSTERS: dict[str, tuple[Callable[[Path], Path], tuple[str, ...], int, str, str]] = {
    "renamed column": (
        _renamed, ("-j", "2"), 1,
        "→ Did you mean the column 'Số người tham gia' (dong.so_nguoi_tham_gia)? The columns "
        "are: 'STT' (dong.stt), 'Mã thôn' (dong.ma_thon)",
        "→ Có phải ý bạn là cột 'Số người tham gia' (dong.so_nguoi_tham_gia)? Các cột có: STT "
        "(dong.stt), Mã thôn (dong.ma_thon)"),
    "missing column": (
        _missing, (), 1,
        "the roster has no column 'loai', which the form uses (dong.loai)",
        "bảng danh sách không có cột 'loai' mà biểu mẫu dùng (dong.loai)"),
    "empty cell": (
        _empty_cell, (), 1,
        "row 3, column 'Số tham gia': the cell is empty (field tham_so.so_tham_gia of the form",
        "hàng 3, cột Số tham gia: ô đang để trống (trường tham_so.so_tham_gia của biểu mẫu"),
    "cells beyond the header": (
        _extra_cell, (), 1,
        "row 4: the row has 9 cells, more than the 8 columns of the header\n"
        "    → A cell containing ';' must be put in double quotes; or delete the extra cells.",
        "hàng 4: hàng có 9 ô, nhiều hơn 8 cột tiêu đề\n"
        "    → Ô có dấu ';' phải đặt trong ngoặc kép; hoặc xóa ô thừa."),
    "control character": (
        _control, (), 1,
        "row 2, column 'Tên thôn': the cell has an invisible control character U+0001",
        "hàng 2, cột Tên thôn: ô có ký tự điều khiển vô hình U+0001"),
    "csv not in UTF-8": (
        _windows_1258, (), 2,
        "row 1: the .csv file is not UTF-8\n"
        "    → In Excel choose Save As → 'CSV UTF-8 (Comma delimited) (*.csv)'.",
        "hàng 1: tệp .csv không phải UTF-8\n"
        "    → Trong Excel chọn Save As → 'CSV UTF-8 (Comma delimited) (*.csv)'."),
    "duplicate headers": (
        _duplicate, (), 2,
        "two columns have the same header 'Tên thôn'",
        "có hai cột cùng tiêu đề 'Tên thôn'"),
    "empty csv": (
        _empty, (), 2,
        "the .csv file is empty: there is no header row",
        "tệp .csv trống, không có hàng tiêu đề"),
    "old Excel under .xlsx": (
        ole_file("cu.xlsx"), (), 2,
        "this is an old Excel file (.xls) or a password-protected file, not an .xlsx",
        "đây là tệp Excel cũ (.xls) hoặc tệp có mật khẩu, không phải .xlsx"),
    ".xls": (
        ole_file("cu.xls"), (), 2,
        "cannot read a roster of type '.xls'\n"
        "    → Open the file in Excel and save it again as .xlsx (Excel Workbook).",
        "không đọc được bảng danh sách dạng '.xls'\n"
        "    → Mở tệp bằng Excel rồi lưu lại dạng .xlsx (Excel Workbook)."),
    "Word document renamed": (
        _word, (), 2,
        "this is a Word document (.docx) renamed to .xlsx, not a spreadsheet\n"
        "    → Use an Excel file as the roster; to check a Word document, run: docgen check "
        "cong-van.docx",
        "đây là văn bản Word (.docx) bị đổi đuôi thành .xlsx, không phải bảng tính\n"
        "    → Dùng tệp Excel làm bảng danh sách; văn bản Word thì kiểm tra bằng: docgen check "
        "cong-van.docx"),
    "sheet on screen, not the first": (
        _workbook, (), 1,
        "Note: {roster}: reading the sheet 'Ghi chú' (the one open when the file was saved, "
        "not the first sheet 'Tổng hợp'). Choose another sheet with --sheet NAME.",
        "Lưu ý: {roster}: đọc trang 'Ghi chú' (trang đang mở khi lưu tệp, không phải trang "
        "đầu 'Tổng hợp'). Chọn trang khác bằng --sheet TÊN."),
    "title row and formulas": (
        _workbook, ("--sheet", "Tổng hợp"), 0,
        "Note: {roster}: some formula cells have not been calculated (the file was never opened "
        "and saved in Excel), so they read as empty.",
        "Lưu ý: {roster}: có ô công thức chưa được tính (tệp chưa từng được mở và lưu bằng "
        "Excel), các ô đó đọc là trống."),
    "missing sheet": (
        _workbook, ("--sheet", "Trang 3"), 2,
        "there is no sheet 'Trang 3' in the Excel file\n"
        "    → Its sheets are: Tổng hợp, Ghi chú.",
        "không có trang 'Trang 3' trong tệp Excel\n    → Các trang có: Tổng hợp, Ghi chú."),
    "--sheet on a csv": (
        _renamed, ("--sheet", "Trang 1"), 2,
        "a .csv file has a single sheet: leave --sheet out",
        "tệp .csv chỉ có một trang, không dùng --sheet"),
    "a folder": (
        _folder, (), 2,
        "this is a folder, not a roster\n    → Give the name of an .xlsx or .csv file after "
        "--roster",
        "đây là một thư mục, không phải bảng danh sách\n    → Ghi tên tệp .xlsx hoặc .csv sau "
        "--roster"),
    "no such file": (
        _absent, (), 2,
        "roster not found\n    → Check the name and the folder of the file after --roster.",
        "không tìm thấy bảng danh sách\n    → Kiểm tra lại tên và thư mục của tệp sau --roster."),
}


@pytest.mark.parametrize("case", list(BAD_ROSTERS))
def test_bad_roster_in_english_and_in_vietnamese(tmp_path: Path, case: str) -> None:
    make, options, status, english, vietnamese = BAD_ROSTERS[case]
    roster = make(tmp_path)
    # The sheets' names are values too: the summary and the notes quote them.
    values = (roster, FORM, tmp_path, "Tổng hợp", "Ghi chú")
    result = docgen("batch", FORM, "--roster", roster, "-o", tmp_path / "en", *options,
                    lang="en")
    assert result.exit_code == status, result.output
    assert english.format(roster=roster) in result.output
    assert_english(result.output, values)
    result = docgen("batch", FORM, "--roster", roster, "-o", tmp_path / "vi", *options)
    assert result.exit_code == status, result.output
    assert vietnamese.format(roster=roster) in result.output
    assert "Error" not in result.output and "Note" not in result.output


def test_renamed_column_reported_once_and_no_done_when_rows_failed(tmp_path: Path) -> None:
    result = docgen("batch", FORM, "--roster", _renamed(tmp_path), "-o", tmp_path / "ra",
                    lang="en")
    assert result.exit_code == 1
    assert result.output.count("Did you mean") == 1
    assert "(the same error in 23 other rows: 3, 4, 5, " in result.stderr
    assert result.stdout.startswith("Not finished: 0 written, 0 unchanged, 24 failed; ")
    assert f"s. List: {tmp_path / 'ra' / 'manifest.csv'}" in result.stdout


# --- summaries, options, the manifest ------------------------------------------------------------

def test_summary_with_filtered_rows_and_gop_in_english_and_in_vietnamese(tmp_path: Path) -> None:
    args = ("batch", FORM, "--roster", CSV, "--loc", "dong.ty_le < 60")
    result = docgen(*args, "-o", tmp_path / "en", "--gop", tmp_path / "en.docx", lang="en")
    assert result.exit_code == 0, result.output
    assert re.fullmatch(
        rf"Done: 8 written, 0 unchanged, 0 failed, 16 left out; \d+\.\d s\. List: "
        rf"{re.escape(str(tmp_path / 'en' / 'manifest.csv'))}; combined file: "
        rf"{re.escape(str(tmp_path / 'en.docx'))}\n", result.stdout)
    result = docgen(*args, "-o", tmp_path / "vi", "--gop", tmp_path / "vi.docx")
    assert re.fullmatch(
        rf"Xong: 8 đã tạo, 0 giữ nguyên, 0 lỗi, 16 lọc bỏ; \d+,\d giây\. Danh sách: "
        rf"{re.escape(str(tmp_path / 'vi' / 'manifest.csv'))}; gộp: "
        rf"{re.escape(str(tmp_path / 'vi.docx'))}\n", result.stdout)


def test_strict_refusal_in_english_and_in_vietnamese(tmp_path: Path) -> None:
    roster = _empty_cell(tmp_path)
    result = docgen("batch", FORM, "--roster", roster, "-o", tmp_path / "en", "--strict",
                    lang="en")
    assert result.exit_code == 2
    assert re.match(r"Nothing written \(--strict\): rows with errors: 1; valid rows: 23; "
                    r"\d+\.\d s\.$", result.stdout)
    assert "→ Fill in this cell, or leave the row out of the batch with --loc. If the cell may " \
        "be empty, the form can use: {{ dong.ten_cot | default('') }}." in result.stderr
    assert_english(result.output, [roster, FORM])
    result = docgen("batch", FORM, "--roster", roster, "-o", tmp_path / "vi", "--strict")
    assert re.match(r"Không ghi tệp nào: 1 hàng lỗi \(--strict\); 23 hàng hợp lệ; \d+,\d giây\.$",
                    result.stdout)


@pytest.mark.parametrize(("options", "english", "vietnamese"), [
    (("--loc", "dong.ty_lee < 80"),
     "the roster has no column 'ty_lee', which --loc uses (dong.ty_lee)\n    → Did you mean the "
     "column 'Tỷ lệ (%)' (dong.ty_le)?",
     "bảng danh sách không có cột 'ty_lee' mà --loc dùng (dong.ty_lee)\n    → Có phải ý bạn là "
     "cột 'Tỷ lệ (%)' (dong.ty_le)?"),
    (("--ten-tep", "{{ dong.ma_thon }}-{{ dong.ten_thon }}", "--loc", "dong.stt < 3"),
     None, None),
    (("--loc", "dong.ty_le <"),
     "Error: --loc 'dong.ty_le <' is not valid Jinja syntax (",
     "Lỗi: --loc 'dong.ty_le <' không đúng cú pháp Jinja ("),
    (("--gop", "tat-ca.pdf"),
     "Error: tat-ca.pdf: the combined file must end in .docx\n    → For example: --gop "
     "tat-ca.docx",
     "Lỗi: tat-ca.pdf: tệp gộp phải có đuôi .docx\n    → Ví dụ: --gop tat-ca.docx"),
    (("--gop", "khong-co/tat-ca.docx"),
     "Error: khong-co/tat-ca.docx: the folder 'khong-co' does not exist",
     "Lỗi: khong-co/tat-ca.docx: thư mục 'khong-co' không tồn tại"),
])
def test_options_in_english_and_in_vietnamese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              options: tuple[str, ...], english: str | None,
                                              vietnamese: str | None) -> None:
    monkeypatch.chdir(tmp_path)
    result = docgen("batch", FORM, "--roster", CSV, "-o", "en", *options, lang="en")
    assert_english(result.output, [CSV, FORM])
    if english is None:
        assert result.exit_code == 0 and result.stdout.startswith("Done: 2 written, ")
        return
    assert english in result.output
    result = docgen("batch", FORM, "--roster", CSV, "-o", "vi", *options)
    assert vietnamese in result.output


def test_manifest_keeps_its_vietnamese_headers_and_the_notes_follow_the_language(
        tmp_path: Path) -> None:
    """The next run reads the headers and statuses back (in either language); the notes are
    the messages the clerk read on screen."""
    roster = _empty_cell(tmp_path)
    out = tmp_path / "ra"
    assert docgen("batch", FORM, "--roster", roster, "-o", out, lang="en").exit_code == 1
    text = manifest_text(out)
    assert text.startswith("Hàng,Tên,Tệp,Trạng thái,Ghi chú,SHA-256,Dấu vào\n")
    failed = next(line for line in text.splitlines() if ",lỗi," in line)
    assert failed.startswith("3,Bình Trung,002-Bình Trung.docx,lỗi,")
    assert "the cell is empty (field tham_so.so_tham_gia of the form" in failed
    # A Vietnamese rerun recognises the English run's files as its own and keeps them.
    again = docgen("batch", FORM, "--roster", roster, "-o", out)
    assert again.stdout.startswith("Chưa xong: 0 đã tạo, 23 giữ nguyên, 1 lỗi; ")
    assert "ô đang để trống" in manifest_text(out)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_pdf_summary_in_english(tmp_path: Path) -> None:
    result = docgen("batch", FORM, "--roster", CSV, "-o", tmp_path / "ra", "--pdf", "--loc",
                    "dong.stt < 3", lang="en")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Done: 2 written, 0 unchanged, 0 failed, 22 left out; ")
    assert result.stdout.rstrip().endswith("; 2 PDF files")
    assert_english(result.output, [CSV, FORM, tmp_path])


def test_archive_issue_in_english_and_in_vietnamese(tmp_path: Path) -> None:
    roster = _empty_cell(tmp_path)
    result = docgen("batch", FORM, "--roster", roster, "--archive", tmp_path / "luu", lang="en")
    assert result.exit_code == 2
    assert f"Error: {roster}: no number was issued: fix the rows above and run again" \
        in result.stderr
    assert_english(result.output, [roster, FORM])
    result = docgen("batch", FORM, "--roster", CSV, "--archive", tmp_path / "luu", "--loc",
                    "dong.stt < 2", lang="en")
    assert result.exit_code == 0, result.output
    assert result.stdout == (f"Issued number 01/UBND-VHXH for 1 document, stored in "
                             f"{tmp_path / 'luu'}; 23 rows left out by --loc.\n")
    result = docgen("batch", FORM, "--roster", CSV, "--archive", tmp_path / "luu", "--loc",
                    "dong.stt < 0", lang="en")
    assert result.stdout == "No row to number (24 rows left out by --loc).\n"
    result = docgen("batch", FORM, "--roster", CSV, "--archive", tmp_path / "luu", "--loc",
                    "dong.stt < 3")
    assert result.stdout == (f"Đã cấp số 02–03/UBND-VHXH cho 2 văn bản, lưu tại "
                             f"{tmp_path / 'luu'}; 22 hàng bị --loc bỏ qua.\n")


def test_summary_without_files_for_the_web_desk(tmp_path: Path) -> None:
    """The web desk lists the files itself: the summary's counts alone, in either language,
    are what it cut off at " Danh sách:" in Vietnamese."""
    report = BatchReport(out_dir=tmp_path, counts={RENDERED: 8, FILTERED: 16}, seconds=0.94,
                         gop=tmp_path / "tat-ca.docx", pdfs=9)
    with i18n.language("vi"):
        full = report.summary()
        assert report.summary(files=False) == full.split(" Danh sách:")[0] == \
            "Xong: 8 đã tạo, 0 giữ nguyên, 0 lỗi, 16 lọc bỏ; 0,9 giây."
        assert full.endswith("; gộp: " + str(tmp_path / "tat-ca.docx") + "; 9 tệp PDF")
    with i18n.language("en"):
        assert report.summary(files=False) == "Done: 8 written, 0 unchanged, 0 failed, " \
            "16 left out; 0.9 s."
        assert report.summary().endswith("; 9 PDF files")


def test_durations_use_the_language_s_decimal_mark() -> None:
    with i18n.language("vi"):
        assert seconds_text(2.34) == "2,3 giây"
    with i18n.language("en"):
        assert seconds_text(2.34) == "2.3 s"


# --- accounts --------------------------------------------------------------------------

def test_users_in_english_and_in_vietnamese(tmp_path: Path) -> None:
    data = tmp_path / "web"
    shown: list[str] = []

    def english(*args: object, input: str | None = None) -> Result:
        result = docgen("users", *args, "--thu-muc", data, lang="en", input=input)
        shown.append(result.output)
        return result

    result = english("add", "Lan Anh", "--vai-tro", "van-thu", "--mat-khau", "ngan")
    assert result.exit_code == 2
    assert "Error: argument NAME: the user name 'Lan Anh' is not valid" in result.stderr
    assert "Error: option --mat-khau: the password must have at least 8 characters" \
        in result.stderr
    result = english("add", "lan", "--vai-tro", "van-thu", input="mat-khau-dai\nmat-khau-dai\n")
    assert result.exit_code == 0, result.output
    assert "Password: " in result.output and "Repeat the password: " in result.output
    assert "Created the account lan (Records clerk)." in result.stdout
    result = english("add", "lan", "--vai-tro", "lanh-dao", "--mat-khau", "mat-khau-dai")
    assert "the account 'lan' already exists" in result.stderr
    assert english("list").stdout == "lan\tRecords clerk\n"
    assert english("remove", "nam").stderr == "Error: argument NAME: there is no account 'nam'\n"
    (data / "tai-khoan.json").write_text("[]", encoding="utf-8")
    assert "the accounts file is not in the expected form" in english("list").stderr
    assert_english("\n".join(shown), [data])
    # Vietnamese by default; the account file is the same whatever the language.
    (data / "tai-khoan.json").unlink()
    result = docgen("users", "add", "lan", "--vai-tro", "van-thu", "--thu-muc", data,
                    input="mat-khau-dai\nmat-khau-dai\n")
    assert "Mật khẩu: " in result.output and "Nhập lại mật khẩu: " in result.output
    assert "Đã tạo tài khoản lan (Văn thư)." in result.stdout
    assert docgen("users", "list", "--thu-muc", data).stdout == "lan\tVăn thư\n"
    assert UserStore(data / "tai-khoan.json").verify("lan", "mat-khau-dai") is not None
    result = docgen("users", "remove", "nam", "--thu-muc", data)
    assert result.stderr == "Lỗi: đối số NAME: không có tài khoản 'nam'\n"
