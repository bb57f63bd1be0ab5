"""The register on paper and in spreadsheets: export in the ten columns, import of hand numbers.

Điều 16 asks that a register kept by software can still be printed and bound, with the ten
columns of Phụ lục IV. :func:`xlsx_bytes` lays it out for that (A4 landscape, header row on every
page, Times New Roman, wrapped text); :func:`csv_bytes` gives the same columns as plain text.
:func:`read_register` reads a register a commune kept by hand in Excel, so it can switch to
docgen in the middle of a year without reusing a number.
"""

from __future__ import annotations

import csv
import io
import re
import textwrap
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..errors import ArchiveError, Problem
from ..fileio import excel_problem
from ..i18n import _
from ..lines import read_so_ref
from ..models import PL3_ABBREVIATIONS, not_a_date
from ..ooxml import SML
from ..text import ascii_fold, nfc
from ..vnformat import parse_date
from .backend import ChainHead
from .entry import Entry, local_datetime

COLUMNS = (
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
)
"""The ten columns of the outgoing register, in the order of Phụ lục IV."""

WIDTHS = (15, 11, 33, 14, 25, 10, 7, 9, 9, 10)
"""Column widths (Excel units); together about the printable width of A4 landscape."""

TITLE = "SỔ ĐĂNG KÝ VĂN BẢN ĐI"
HEADER_ROW = 4
"""The spreadsheet row holding the column names (rows 1–3: agency, title, year)."""

TYPE_CODES = frozenset(PL3_ABBREVIATIONS.values()) | {"SY", "TrS", "SL"}
"""Document-type codes of Phụ lục III: the ký hiệu group that is not the agency.

The kinds of document plus the kinds of copy (sao y, trích sao, sao lục), which a hand-kept
register also numbers.
"""

CHAIN_LABEL = "Mã chuỗi của sổ (SHA-256)"
"""Opens the line under the table that prints the chain head; import skips it."""

_FONT = "Times New Roman"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def clean_text(text: str) -> str:
    """``text`` in NFC without control characters (tab and line feed kept, CR dropped).

    Every value that enters the register passes here: a control character would make the
    year's register impossible to write as .xlsx (issue 13 item 5).
    """
    return _CONTROL.sub("", unicodedata.normalize("NFC", text).replace("\r\n", "\n")
                        .replace("\r", "\n"))


def is_formula_like(value: object) -> bool:
    """Whether a spreadsheet would take ``value`` for a formula (``=``, ``+``, ``-``, ``@``…)."""
    return isinstance(value, str) and value.startswith(_FORMULA_START)


def neutralise(value: object) -> object:
    """A value safe in a CSV opened by Excel: formula-like text gets a leading ``'``.

    Excel hides the apostrophe and shows the text; without it ``=HYPERLINK(…)`` typed as a
    signer's name would run when the register is opened (issue 13 item 1).
    """
    return f"'{value}" if is_formula_like(value) else value


def chain_line(head: ChainHead) -> str:
    """The line printed under the register: the chain head, so paper anchors the database.

    Part of the printed register (Điều 16), so Vietnamese whatever the clerk's language.
    """
    when = local_datetime(datetime.now().astimezone().isoformat(timespec="seconds"))
    assert when is not None
    return (f"{CHAIN_LABEL} đến dòng thứ {head.count}, in lúc {when:%H:%M} ngày "
            f"{when:%d/%m/%Y}; đối chiếu về sau bằng: docgen archive verify --moc {head.anchor}")
_LINE_PT = 13.5
"""Height of one line of 11 pt Times New Roman, with room to spare."""
_CHARS_PER_UNIT = 1.15
"""Vietnamese text in 11 pt Times New Roman per unit of column width (measured: about 1.25)."""


def _line_count(text: str, width: int, *, bold: bool = False) -> int:
    """Lines ``text`` takes in a column ``width`` characters wide, wrapped at spaces.

    Neither Excel nor LibreOffice fits row heights to wrapped text when opening a file, so the
    heights are set here. Times New Roman is narrower than the digit width that column widths
    are measured in; counting fewer characters per line than fit errs on the tall side, so no
    text is cut off on paper.
    """
    per_line = max(4, int(width * _CHARS_PER_UNIT * (0.85 if bold else 1.0)) - 1)
    lines = 0
    for paragraph in str(text).split("\n"):
        lines += max(1, len(textwrap.wrap(paragraph, per_line, break_long_words=True)))
    return lines


def _row_height(values: Sequence[Any], *, bold: bool = False) -> float:
    lines = max(_line_count("" if v is None else v if isinstance(v, str) else "0", w, bold=bold)
                for v, w in zip(values, WIDTHS, strict=True))
    return lines * _LINE_PT + 3


def cells(entry: Entry) -> list[Any]:
    """The ten column values of ``entry`` (the date as a :class:`date`)."""
    return [
        entry.so_ky_hieu,
        entry.ngay,
        entry.ten_loai_trich_yeu,
        entry.nguoi_ky or "",
        entry.nguoi_nhan_text,
        entry.luu_text,
        entry.so_ban,
        entry.ngay_chuyen or "",
        entry.ky_nhan or "",
        entry.ghi_chu or "",
    ]


def xlsx_bytes(entries: Sequence[Entry], *, nam: int, ten_co_quan: str | None,
               head: ChainHead | None = None) -> bytes:
    """The register of ``entries`` as an .xlsx laid out for printing and binding (Điều 16)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = f"Sổ văn bản đi {nam}"
    last = get_column_letter(len(COLUMNS))

    def title_row(row: int, text: str, font: Font) -> None:
        sheet.merge_cells(f"A{row}:{last}{row}")
        cell = sheet.cell(row=row, column=1, value=text)
        cell.font = font
        cell.alignment = Alignment(horizontal="center", vertical="center")

    title_row(1, (ten_co_quan or "").upper(), Font(name=_FONT, size=12, bold=True))
    title_row(2, TITLE, Font(name=_FONT, size=14, bold=True))
    title_row(3, f"Năm {nam}", Font(name=_FONT, size=13, italic=True))

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_font = Font(name=_FONT, size=11, bold=True)
    body_font = Font(name=_FONT, size=11)
    centred = {1, 2, 7, 8}
    for col, (name, width) in enumerate(zip(COLUMNS, WIDTHS, strict=True), start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
        cell = sheet.cell(row=HEADER_ROW, column=col, value=name)
        cell.font = head_font
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.row_dimensions[HEADER_ROW].height = _row_height(COLUMNS, bold=True)

    for row, entry in enumerate(entries, start=HEADER_ROW + 1):
        values = cells(entry)
        sheet.row_dimensions[row].height = _row_height(values)
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=col, value=value)
            if is_formula_like(value):
                # Text, never a formula: stored as a string with Excel's quote prefix.
                cell.data_type = "s"
                cell.quotePrefix = True
            cell.font = body_font
            cell.border = border
            cell.alignment = Alignment(horizontal="center" if col in centred else "left",
                                       vertical="top", wrap_text=True)
            if isinstance(value, date):
                cell.number_format = "DD/MM/YYYY"

    if head is not None:
        row = HEADER_ROW + len(entries) + 2
        sheet.merge_cells(f"A{row}:{last}{row}")
        cell = sheet.cell(row=row, column=1, value=chain_line(head))
        cell.font = Font(name=_FONT, size=9, italic=True)

    # Printing: A4 landscape, one page wide, the header row repeated on every page.
    setup = sheet.page_setup
    setup.orientation = sheet.ORIENTATION_LANDSCAPE
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.print_options.horizontalCentered = True
    # Inches; the wider left margin leaves room to bind the printed pages.
    sheet.page_margins.left, sheet.page_margins.right = 0.8, 0.4
    sheet.page_margins.top, sheet.page_margins.bottom = 0.5, 0.6
    sheet.oddFooter.center.text = "Trang &P / &N"
    sheet.oddFooter.center.font = _FONT
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"

    out = io.BytesIO()
    book.save(out)
    return _with_normal_font(out.getvalue())


_SML = f"{{{SML}}}"


def _with_normal_font(xlsx: bytes) -> bytes:
    """``xlsx`` with its Normal style in 11 pt Times New Roman instead of Calibri.

    Column widths are measured in digits of the Normal style's font. Calibri is missing where
    LibreOffice runs without Microsoft's fonts, and the wider fallback font then shrinks the
    whole printed register (14 pages instead of 20 for 40 rows); Times New Roman, which every
    office suite has or has a metric twin of, makes the columns equally wide everywhere.
    openpyxl has no public setting for the Normal style, so the stylesheet it wrote is edited.
    """
    from lxml import etree

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "xl/styles.xml":
                # Our own openpyxl output, not a file from outside: the default parser is safe.
                styles = etree.fromstring(part)
                normal = styles.find(f"{_SML}cellStyles/{_SML}cellStyle[@builtinId='0']")
                xf_id = int(normal.get("xfId", "0")) if normal is not None else 0
                xf = styles.findall(f"{_SML}cellStyleXfs/{_SML}xf")[xf_id]
                font = styles.findall(f"{_SML}fonts/{_SML}font")[int(xf.get("fontId", "0"))]
                # No scheme element: "minor" would make Excel take the theme's font instead.
                font.clear()
                etree.SubElement(font, f"{_SML}name", val=_FONT)
                etree.SubElement(font, f"{_SML}sz", val="11")
                part = etree.tostring(styles, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
            target.writestr(info, part)
    return out.getvalue()


def csv_bytes(entries: Iterable[Entry], *, head: ChainHead | None = None) -> bytes:
    """The ten columns as CSV, UTF-8 with a BOM so that Excel shows Vietnamese correctly.

    Formula-like values are neutralised (:func:`neutralise`); the chain head closes the file.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for entry in entries:
        row = cells(entry)
        row[1] = f"{entry.ngay:%d/%m/%Y}"
        writer.writerow(["" if v is None else neutralise(v) for v in row])
    if head is not None:
        writer.writerow([chain_line(head)])
    return out.getvalue().encode("utf-8-sig")


# ---------------------------------------------------------------------------------------------
# Import


@dataclass(frozen=True)
class HandRow:
    """A number issued by hand, read from an old register."""

    row: int
    """Row number as the spreadsheet shows it (for error messages)."""
    so: int
    ky_hieu: str
    ngay: date
    trich_yeu: str = ""
    nguoi_ky: str | None = None
    noi_nhan: str | None = None
    luu: str | None = None
    so_ban: int | None = None
    ngay_chuyen: str | None = None
    ky_nhan: str | None = None
    ghi_chu: str | None = None


def plain(text: str) -> str:
    """Lower case, spaces folded, diacritics kept: ``Gia  Hạn`` → ``gia hạn``."""
    return " ".join(nfc(text).casefold().split())


def fold(text: str) -> str:
    """:func:`plain` without diacritics: ``Số, ký hiệu`` → ``so, ky hieu``."""
    return ascii_fold(plain(text))


# Checked in order: "ngay chuyen" before "ngay", "ky nhan" before "nguoi ky"…
_HEADER_KEYS = (
    ("luu", "luu"),
    ("so_ban", "so luong"),
    ("ngay_chuyen", "ngay chuyen"),
    ("ky_nhan", "ky nhan"),
    ("so_ky_hieu", "ky hieu"),
    ("ngay", "ngay"),
    ("trich_yeu", "trich yeu"),
    ("nguoi_ky", "nguoi ky"),
    ("noi_nhan", "noi nhan"),
    ("ghi_chu", "ghi chu"),
)
# The year a legal document carries in its number ("05/2026/QĐ-UBND"): kept out of the ký hiệu.
_YEAR_PART = re.compile(r"^\d{4}\s*/\s*")
_KY_HIEU = re.compile(r"[A-Za-zĐđ0-9]+(?:-[A-Za-zĐđ0-9]+)*")
_COLUMN_NUMBER = re.compile(r"\(?\d{1,2}\)?")


def _header_map(row: Sequence[Any]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, value in enumerate(row):
        if value is None:
            continue
        text = fold(str(value))
        for key, needle in _HEADER_KEYS:
            if needle in text and key not in found:
                found[key] = index
                break
    return found


def _rows(path: Path) -> list[tuple[Any, ...]]:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise ArchiveError(excel_problem(path, exc)) from None
        try:
            return [tuple(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        finally:
            book.close()
    if suffix == ".csv":
        try:
            text = path.read_text("utf-8-sig")
        except UnicodeDecodeError:
            raise ArchiveError(Problem(
                _("tệp CSV không phải mã UTF-8"), file=path,
                hint=_("Trong Excel chọn Lưu thành → CSV UTF-8."))) from None
        try:
            dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        return [tuple(row) for row in csv.reader(io.StringIO(text), dialect)]
    raise ArchiveError(Problem(_("chỉ nhập được sổ dạng .xlsx hoặc .csv"), file=path,
                               hint=_("Mở sổ cũ bằng Excel và lưu thành .xlsx.")))


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = clean_text(str(value)).strip()
    if text.startswith("'") and is_formula_like(text[1:]):
        text = text[1:]  # neutralised by our own export
    return text or None


# A date and time as a spreadsheet saved to CSV may write it: "2026-02-05 00:00:00".
_ISO_WITH_TIME = re.compile(r"(\d{4}-\d{1,2}-\d{1,2})[ T]\d.*")


def _sentence(text: str) -> str:
    """``text`` with a capital first letter, to stand alone as a hint."""
    return text[:1].upper() + text[1:]


def _date(value: Any) -> date:
    """A date cell: a date (or datetime) as openpyxl reads it, or text a clerk typed.

    Raises :class:`ValueError` with a Vietnamese message when the text is not a date.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value) or ""
    m = _ISO_WITH_TIME.fullmatch(text)
    return parse_date(m[1] if m else text)


def read_register(path: Path) -> list[HandRow]:
    """The numbered rows of a register kept by hand (.xlsx or .csv, columns as Phụ lục IV).

    The header row is found by its column names (``Số, ký hiệu văn bản`` and ``Ngày tháng văn
    bản`` are required, the others optional, in any order); blank rows and the ``(1) … (10)``
    row are skipped. Raises :class:`ArchiveError` listing every bad row.
    """
    if not path.is_file():
        raise ArchiveError(Problem(_("không tìm thấy tệp sổ cần nhập"), file=path,
                                   hint=_("Kiểm tra đường dẫn và tên tệp.")))
    rows = _rows(path)
    header_index, columns = None, {}
    for index, row in enumerate(rows[:30]):
        columns = _header_map(row)
        if "so_ky_hieu" in columns and "ngay" in columns:
            header_index = index
            break
    if header_index is None:
        raise ArchiveError(Problem(
            _("không tìm thấy dòng tiêu đề có cột '{number}' và '{date}'").format(
                number=COLUMNS[0], date=COLUMNS[1]),
            file=path,
            hint=_("Đặt tên cột như sổ đăng ký văn bản đi (Phụ lục IV); xem mẫu bằng "
                   "'docgen archive export --csv'."),
        ))

    def cell(row: tuple[Any, ...], key: str) -> Any:
        index = columns.get(key)
        return row[index] if index is not None and index < len(row) else None

    out: list[HandRow] = []
    problems: list[Problem] = []
    for index in range(header_index + 1, len(rows)):
        row, number = rows[index], index + 1
        if all(_text(v) is None for v in row):
            continue
        raw_so, raw_ngay = _text(cell(row, "so_ky_hieu")), cell(row, "ngay")
        if any((_text(v) or "").startswith(CHAIN_LABEL) for v in row):
            continue  # the chain head line under an exported register
        if raw_so and _COLUMN_NUMBER.fullmatch(raw_so) and (
                _text(raw_ngay) is None or _COLUMN_NUMBER.fullmatch(_text(raw_ngay) or "")):
            continue  # the "(1) (2) … (10)" row under the header
        m = read_so_ref(raw_so or "")
        ky_hieu = re.sub(r"\s+", "", _YEAR_PART.sub("", m.ky_hieu)) if m else ""
        if not m or not _KY_HIEU.fullmatch(ky_hieu):
            problems.append(Problem(
                _("'{text}' không phải số, ký hiệu văn bản").format(text=raw_so or ""),
                file=path, row=number, field=COLUMNS[0],
                hint=_("Ghi theo dạng 05/UBND-VHXH."),
            ))
            continue
        try:
            ngay = _date(raw_ngay)
        except ValueError as exc:
            # parse_date says why ("ngày không có thật: …", "không đọc được ngày: …; hãy viết
            # dạng …"), mid-line; as the hint it starts a sentence.
            problems.append(Problem(
                not_a_date(_text(raw_ngay) or ""), file=path, row=number, field=COLUMNS[1],
                hint=_sentence(str(exc)),
            ))
            continue
        so_ban_text = _text(cell(row, "so_ban"))
        so_ban_digits = re.match(r"\d+", so_ban_text or "")
        out.append(HandRow(
            row=number, so=m.number or 0, ky_hieu=ky_hieu, ngay=ngay,
            trich_yeu=_text(cell(row, "trich_yeu")) or "",
            nguoi_ky=_text(cell(row, "nguoi_ky")), noi_nhan=_text(cell(row, "noi_nhan")),
            luu=_text(cell(row, "luu")),
            so_ban=int(so_ban_digits[0]) if so_ban_digits else None,
            ngay_chuyen=_text(cell(row, "ngay_chuyen")), ky_nhan=_text(cell(row, "ky_nhan")),
            ghi_chu=_text(cell(row, "ghi_chu")),
        ))
    if problems:
        raise ArchiveError(*problems)
    if not out:
        raise ArchiveError(Problem(_("tệp không có dòng nào ghi số văn bản"), file=path,
                                   hint=_("Kiểm tra đúng trang tính đầu tiên là sổ đăng ký.")))
    return out


def agency_of(ky_hieu: str) -> str:
    """The agency's abbreviation inside a ký hiệu: ``UBND`` in ``UBND-VHXH`` and ``QĐ-UBND``."""
    groups = ky_hieu.split("-")
    if len(groups) > 1 and groups[0] in TYPE_CODES:
        return groups[1]
    return groups[0]
