"""Reading a roster (bảng danh sách): .xlsx or .csv, one document per row.

The first non-empty row holds the column headers. Each later non-empty row becomes a
:class:`Dong`, which a form reaches as ``dong`` in Jinja: ``dong.ten_thon`` by the header's key
(``Tên thôn`` → diacritics removed, lower case, ``_`` between words) or ``dong["Tên thôn"]`` by the
exact header. Rows are streamed, never all held at once, so memory stays flat in roster size.

Values keep their type so templates can compute and compare (``dong.ty_le < 80``):

* **.xlsx**: numbers stay numbers and a whole number is an ``int`` (12, not 12.0); date cells are
  :class:`~datetime.date` (a datetime with a time of day stays a datetime); text cells stay text,
  even when they look like numbers, since the clerk typed them as text (codes such as ``01``). A
  cell formatted as a percentage gives its number of percent (a 45,6% cell → 45.6), as in .csv.
  Formulas give the value Excel last computed (a file never opened in Excel has none: empty).
* **.csv** (UTF-8 with or without BOM; ``;``, ``,`` or tab between cells, whichever the header
  uses most): a cell becomes a number only when it is plainly one: ``312`` → 312, ``-5`` → -5,
  ``45,6`` and ``45.6`` → 45.6, ``45,6%`` → 45.6, ``1.234.567`` → 1234567, ``1.234,5`` → 1234.5;
  a whole number is an ``int`` whatever its spelling (``88,0`` → 88), as in .xlsx.
  A lone group of three digits is read the way the file's locale writes thousands: ``1.234`` is
  1234 in a ``;`` file (Excel in Vietnamese) and 1.234 in a ``,`` file, where ``1,234`` is 1234.
  A leading zero keeps the cell text (``0123``, a code), and the whole column with it (a
  column of codes ``01`` … ``24`` stays text throughout); anything else that is not plainly a
  number stays text too (``+84…``, ``12 345``). ``20/11/2025`` and ``2025-11-20`` become dates
  when the date exists.
* Text is NFC with the ends stripped. An empty cell reads as :class:`EmptyCell`: false in
  ``{% if %}``, replaced by ``| default(…)``, and any other use fails with a message naming the
  column, so an empty figure never slips into a document as blank text.
"""

from __future__ import annotations

import csv
import math
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import IO, Any

import jinja2

from ..errors import DocgenError, Problem, RosterError
from ..fileio import check_regular_file, excel_problem
from ..i18n import _
from ..templating import count_text
from ..text import key_from_header, nfc
from ..yamlsrc import CONTROL

__all__ = ["Columns", "Dong", "EmptyCell", "Roster", "RosterRow", "cell_value", "columns_of",
           "missing_names", "open_roster", "parse_csv_value", "reset_usage", "row_number",
           "used_columns"]

SUFFIXES = (".xlsx", ".xlsm", ".csv")


class EmptyCell(jinja2.StrictUndefined):
    """An empty roster cell: false when tested, an error naming the column when printed or used.

    A :class:`jinja2.Undefined` so that ``| default(…)`` and ``is defined`` treat it as missing.
    """

    __slots__ = ()

    def __bool__(self) -> bool:
        return False


@dataclass(frozen=True)
class Columns:
    """The headers of a roster and how each column is reached (shared by all its rows)."""

    headers: tuple[str, ...]
    index: dict[str, int] = field(repr=False)
    """Exact header and key → column position."""
    keys: tuple[str, ...] = field(repr=False)

    @classmethod
    def from_headers(cls, headers: tuple[str, ...], file: Path | str | None = None) -> Columns:
        """Check the headers (no duplicates, by text or by key) and index them."""
        index: dict[str, int] = {}
        by_key: dict[str, int] = {}
        keys: list[str] = []
        for i, header in enumerate(headers):
            if header in index:
                raise RosterError(Problem(
                    _("có hai cột cùng tiêu đề '{header}'").format(header=header), file=file,
                    row=1, hint=_("Đổi tên một trong hai cột để mỗi cột có một tiêu đề riêng.")))
            index[header] = i
            key = key_from_header(header)
            keys.append(key)
            if not key:
                continue
            if key in by_key:
                other = headers[by_key[key]]
                raise RosterError(Problem(
                    _("hai cột '{first}' và '{second}' cùng được gọi là dong.{key}").format(
                        first=other, second=header, key=key),
                    file=file, row=1,
                    hint=_("Đổi tên một cột cho khác hẳn (không chỉ khác dấu hay chữ hoa).")))
            by_key[key] = i
        for key, i in by_key.items():
            index.setdefault(key, i)
        return cls(headers=headers, index=index, keys=tuple(keys))

    def describe(self) -> str:
        """``Tên thôn (dong.ten_thon), …`` for hints (in English the headers are quoted)."""
        # i18n: a roster header, a value the clerk typed; English quotes it.
        return ", ".join(_("{header} (dong.{key})").format(header=h, key=k) if k else
                         _("{header}").format(header=h)
                         for h, k in zip(self.headers, self.keys, strict=True))


class Dong(Mapping[str, Any]):
    """One roster row as Jinja sees it: ``dong.ten_thon`` and ``dong["Tên thôn"]``.

    Read-only (a :class:`~collections.abc.Mapping`, which the immutable sandbox allows). Keys
    iterate as the exact headers. A column wins over a mapping method of the same name (a column
    headed "Items" is ``dong.items``): each roster gets its own subclass with a property per
    column key (:func:`row_class`), which is also the fastest attribute access Python has. The
    row remembers which columns a template read, so an error can name the column to fix.
    """

    __slots__ = ("_columns", "_missing", "_number", "_used", "_values")

    def __new__(cls, columns: Columns, values: tuple[Any, ...], number: int = 0) -> Dong:
        if cls is Dong:
            cls = row_class(columns)
        return super().__new__(cls)

    def __init__(self, columns: Columns, values: tuple[Any, ...], number: int = 0) -> None:
        object.__setattr__(self, "_columns", columns)
        object.__setattr__(self, "_values", values)
        object.__setattr__(self, "_number", number)
        object.__setattr__(self, "_used", [])
        object.__setattr__(self, "_missing", [])

    def __getattr__(self, name: str) -> Any:
        # Only reached when no column and no method has the name: remember it for the message.
        if not name.startswith("__"):
            self._missing.append(name)
        raise AttributeError(name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(_("hàng dữ liệu chỉ được đọc"))

    def _cell(self, i: int) -> Any:
        self._used.append(i)
        value = self._values[i]
        if value is None:
            header = self._columns.headers[i]
            return EmptyCell(hint=_("ô cột '{column}' đang để trống").format(column=header),
                             name=header)
        return value

    def __getitem__(self, key: str) -> Any:
        i = self._columns.index.get(nfc(key) if isinstance(key, str) else key)
        if i is None and isinstance(key, str):
            i = self._columns.index.get(key_from_header(key))  # "Tỷ lệ" for "Tỷ Lệ "
        if i is None:
            self._missing.append(str(key))
            raise KeyError(key)
        return self._cell(i)

    def get(self, key: str, default: Any = None) -> Any:
        """The cell under ``key``, or ``default`` when the column is missing or the cell empty."""
        i = self._columns.index.get(nfc(key) if isinstance(key, str) else key)
        if i is None or self._values[i] is None:
            return default
        return self._cell(i)

    def __iter__(self) -> Iterator[str]:
        return iter(self._columns.headers)

    def __len__(self) -> int:
        return len(self._columns.headers)

    def __repr__(self) -> str:
        # Not a message: a template printing a whole row puts this into the document, whose
        # bytes must not depend on the language docgen speaks.
        return f"<hàng {self._number}>"


def _column_property(i: int) -> property:
    return property(lambda self: self._cell(i))


_ROW_CLASSES: dict[tuple[str, ...], type[Dong]] = {}


def row_class(columns: Columns) -> type[Dong]:
    """The :class:`Dong` subclass for a roster's columns (one per set of headers)."""
    cls = _ROW_CLASSES.get(columns.headers)
    if cls is None:
        props = {key: _column_property(i) for i, key in enumerate(columns.keys)
                 if key.isidentifier() and not key.startswith("_")}
        cls = type("Dong", (Dong,), {"__slots__": (), **props})
        _ROW_CLASSES[columns.headers] = cls
    return cls


# Helpers outside the class: any public name on Dong could be shadowed by a column of that name.


def row_number(dong: Dong) -> int:
    """The row number as the spreadsheet shows it (the header row is 1 in a .csv)."""
    return dong._number


def columns_of(dong: Dong) -> Columns:
    """The roster's columns."""
    return dong._columns


def cell_value(dong: Dong, header: str) -> Any:
    """The stored value of a column (None when empty), without recording the access."""
    return dong._values[dong._columns.index[header]]


def used_columns(dong: Dong) -> list[str]:
    """Headers of the columns a template read, in order, each once."""
    return list(dict.fromkeys(dong._columns.headers[i] for i in dong._used))


def missing_names(dong: Dong) -> list[str]:
    """Names a template asked for that are no column of the roster."""
    return list(dict.fromkeys(dong._missing))


def reset_usage(dong: Dong) -> None:
    """Forget which columns were read (before rendering the row again)."""
    dong._used.clear()
    dong._missing.clear()


@dataclass(frozen=True)
class RosterRow:
    """A data row as read: its number in the sheet, its values, problems found while reading."""

    number: int
    values: tuple[Any, ...]
    problems: tuple[Problem, ...] = ()


@dataclass
class Roster:
    """An opened roster: headers known, rows streamed by :meth:`rows`."""

    path: Path
    columns: Columns
    sheet: str | None
    _reader: Any = field(repr=False, default=None)
    total: int | None = None
    """Number of data rows if known cheaply (for a progress bar), else None."""
    notes: tuple[str, ...] = ()
    """What the clerk should know about how the file was read (a title row skipped…)."""
    sheets: tuple[str, ...] = ()
    """Every sheet of an .xlsx (``sheet`` is the one read)."""

    def rows(self) -> Iterator[RosterRow]:
        """The non-empty data rows, in order; re-readable (each call reads the file again)."""
        return self._reader()


def open_roster(path: Path | str, sheet: str | None = None) -> Roster:
    """Open ``path`` (.xlsx or .csv), read its header row; the rows stream from :meth:`rows`.

    Raises :class:`~docgen.errors.RosterError` naming the file for a missing file, a wrong
    format, a missing sheet, no header row or duplicate headers.
    """
    path = Path(path)
    # A folder first, with the hint about --roster (check_regular_file would name it without).
    if path.is_dir():
        raise RosterError(Problem(_("đây là một thư mục, không phải bảng danh sách"), file=path,
                                  hint=_("Ghi tên tệp .xlsx hoặc .csv sau --roster, ví dụ "
                                         "--roster ds/ket-qua.xlsx.")))
    try:
        check_regular_file(path, what=_("bảng danh sách"))
    except DocgenError as exc:
        raise RosterError(*exc.problems) from None
    if not path.is_file():
        raise RosterError(Problem(_("không tìm thấy bảng danh sách"), file=path,
                                  hint=_("Kiểm tra lại tên và thư mục của tệp sau --roster.")))
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        check_xlsx_package(path)
        return _open_xlsx(path, sheet)
    if suffix == ".csv":
        if sheet is not None:
            raise RosterError(Problem(_("tệp .csv chỉ có một trang, không dùng --sheet"),
                                      file=path))
        return _open_csv(path)
    hint = (_("Mở tệp bằng Excel rồi lưu lại dạng .xlsx (Excel Workbook).") if suffix == ".xls"
            else _("Dùng tệp .xlsx hoặc .csv (UTF-8)."))
    raise RosterError(Problem(_("không đọc được bảng danh sách dạng '{kind}'").format(
        kind=suffix or path.name), file=path, hint=hint))


# ---------------------------------------------------------------------------------------------
# .xlsx

# Bounds in the manner of the .docx reader's (docgen.check.reader): a roster of 20,000 rows is a
# sheet of some 10 MB; these are far above it, and far below what would exhaust memory (openpyxl
# holds the shared strings whole).
MAX_XLSX_PARTS = 5000
MAX_XLSX_PART = 64 * 1024 * 1024
MAX_XLSX_TOTAL = 256 * 1024 * 1024
MAX_XLSX_RATIO = 200
"""Declared uncompressed size over compressed size, whole package (XML is some 10:1)."""
_PROLOG_BYTES = 64 * 1024
"""Longest prolog (declaration before the root element) an .xlsx part may have."""
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_CELL = 100_000
"""Longest text in one cell (a whole document's body is a few thousand characters)."""


def _refuse(path: Path, message: str, hint: str | None = None) -> RosterError:
    return RosterError(Problem(message, file=path, hint=hint))


def check_xlsx_package(path: Path) -> None:
    """Refuse an .xlsx that is not one, or that would make the reader blow up, before
    openpyxl sees it: another file type under the name (a .docx, an old .xls), an absurd part
    count or uncompressed size (a zip bomb; a 1.5 MB file with a 1.5 GB string), and any XML
    part with a DOCTYPE (how entity expansion and external entities arrive; Excel never writes
    one)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError:
        raise unreadable(path) from None
    if head.startswith(_OLE_MAGIC):
        raise _refuse(path, _("đây là tệp Excel cũ (.xls) hoặc tệp có mật khẩu, không phải "
                              ".xlsx"),
                      _("Mở bằng Excel, bỏ mật khẩu nếu có, rồi lưu lại dạng .xlsx (Excel "
                        "Workbook)."))
    if not head.startswith(b"PK"):
        raise _refuse(path, _("không phải tệp Excel .xlsx (nội dung không phải bảng tính)"),
                      _("Kiểm tra lại đúng tệp chưa; nếu là .csv thì đổi đuôi thành .csv."))
    try:
        with zipfile.ZipFile(path) as zf:
            _check_parts(path, zf, path.stat().st_size)
    except zipfile.BadZipFile:
        raise _refuse(path, _("tệp Excel bị hỏng (không mở được tệp nén)"),
                      _("Mở bằng Excel và lưu lại, hoặc xin lại tệp gốc.")) from None
    except OSError:
        raise unreadable(path) from None


def _check_parts(path: Path, zf: zipfile.ZipFile, size: int) -> None:
    infos = zf.infolist()
    names = {i.filename for i in infos}
    if "word/document.xml" in names:
        raise _refuse(path, _("đây là văn bản Word (.docx) bị đổi đuôi thành .xlsx, không "
                              "phải bảng tính"),
                      _("Dùng tệp Excel làm bảng danh sách; văn bản Word thì kiểm tra bằng: "
                        "docgen check {name}").format(name=path.with_suffix(".docx").name))
    if "xl/workbook.xml" not in names:
        raise _refuse(path, _("tệp nén này không phải bảng tính Excel (.xlsx)"),
                      _("Mở bằng Excel và lưu lại dạng .xlsx (Excel Workbook)."))
    total = sum(i.file_size for i in infos)
    if len(infos) > MAX_XLSX_PARTS or total > MAX_XLSX_TOTAL or \
            any(i.file_size > MAX_XLSX_PART for i in infos) or \
            (total > 64 * 1024 * 1024 and total > MAX_XLSX_RATIO * max(1, size)):
        raise _refuse(path, _("tệp Excel giải nén ra {size} MB, bất thường cho một bảng danh "
                              "sách — có thể là tệp độc hại (zip bomb)").format(
                                  size=total // (1024 * 1024)),
                      _("Mở bằng Excel, chép riêng các hàng cần dùng sang tệp mới rồi lưu lại."))
    for info in infos:
        if info.filename.endswith((".xml", ".rels")) and info.file_size:
            if info.flag_bits & 0x1:
                raise _refuse(path, _("tệp Excel có phần được mã hóa, docgen không đọc được"))
            with zf.open(info) as part:
                plain = _plain_prolog(part)
            if not plain:
                raise _refuse(path, _("phần {part} của tệp Excel có khai báo DOCTYPE/ENTITY "
                                      "hoặc phần mở đầu bất thường (Excel không bao giờ ghi như "
                                      "vậy) — có thể là tệp độc hại, docgen không đọc").format(
                                          part=info.filename),
                              _("Mở bằng Excel và lưu lại thành tệp mới, hoặc xin lại tệp "
                                "gốc."))


def _plain_prolog(part: IO[bytes]) -> bool:
    """Whether an XML part reaches its first element with nothing before it but the XML
    declaration and processing instructions, as Excel writes it: no DOCTYPE, no entity, no
    comment (a comment could hide how long the prolog is), within :data:`_PROLOG_BYTES`.

    UTF-16 parts are read with their zero bytes dropped, which keeps the markup readable.
    """
    data = b""
    while len(data) <= _PROLOG_BYTES:
        chunk = part.read(8192)
        if not chunk:
            break
        data += chunk
        text = data.replace(b"\x00", b"")
        at = 0
        while (start := text.find(b"<", at)) >= 0 and start + 1 < len(text):
            kind = text[start + 1:start + 2]
            if kind == b"!":
                return False  # <!DOCTYPE, <!ENTITY, <!-- before the root element
            if kind != b"?":
                return True  # the root element: the prolog was plain
            end = text.find(b"?>", start)
            if end < 0:
                break  # the declaration continues in the next chunk
            at = end + 2
    return False


def _pick_sheet(wb: Any, sheet: str | None, path: Path) -> tuple[Any, str | None]:
    """The sheet to read and a note saying which it is: ``sheet`` by name, else the sheet that
    was active (on screen) when the file was saved, if visible, else the first visible one."""
    names = wb.sheetnames
    if sheet is not None:
        if sheet not in names:
            raise RosterError(Problem(
                _("không có trang '{sheet}' trong tệp Excel").format(sheet=sheet), file=path,
                hint=_("Các trang có: {sheets}.").format(sheets=", ".join(names))))
        return wb[sheet], None
    visible = [ws for ws in wb.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
    try:
        active = wb.active
    except (IndexError, KeyError, AttributeError):
        active = None
    chosen = active if active is not None and active in visible else \
        (visible[0] if visible else wb.worksheets[0])
    note = None
    if chosen is not wb.worksheets[0]:
        # Not the first sheet: the clerk may expect that one, so say so before the summary.
        note = _("{file}: đọc trang '{sheet}' (trang đang mở khi lưu tệp, không phải trang "
                 "đầu '{first}'). Chọn trang khác bằng --sheet TÊN.").format(
                     file=path, sheet=chosen.title, first=names[0])
    return chosen, note


def _open_xlsx(path: Path, sheet: str | None) -> Roster:
    import openpyxl  # only rosters in Excel need it; keeps CSV batches light to start
    from openpyxl.utils.exceptions import InvalidFileException

    def load(data_only: bool = True) -> Any:
        try:
            return openpyxl.load_workbook(path, read_only=True, data_only=data_only)
        except OSError:
            raise unreadable(path) from None
        except (InvalidFileException, KeyError, ValueError) as exc:
            raise RosterError(excel_problem(path, exc)) from None
        except Exception as exc:  # a damaged zip raises zipfile.BadZipFile and others
            raise RosterError(Problem(
                _("tệp Excel bị hỏng hoặc không phải .xlsx ({reason})").format(reason=exc),
                file=path)) from None

    wb = load()
    try:
        if not wb.sheetnames:
            raise _refuse(path, _("tệp Excel không có trang tính nào"))
        ws, sheet_note = _pick_sheet(wb, sheet, path)
        title, sheet_names = ws.title, wb.sheetnames
        found = _find_header(((n, [_header_text(v) for v in row]) for n, row in
                              enumerate(ws.iter_rows(values_only=True), start=1)), path)
        if found is None:
            raise RosterError(Problem(
                _("trang tính trống, không có hàng tiêu đề"), file=path,
                hint=_("Hàng đầu tiên ghi tên các cột, ví dụ: Tên thôn, Số tham gia.")))
        header_row, headers, notes = found
        if sheet_note:
            notes = (sheet_note, *notes)
        max_row = ws.max_row
    finally:
        wb.close()
    columns = Columns.from_headers(headers, path)
    total = max(0, max_row - header_row) if isinstance(max_row, int) else None
    if _uncalculated_formulas(load(data_only=False), load(), title, header_row):
        notes += (_("{file}: có ô công thức chưa được tính (tệp chưa từng được mở và lưu "
                    "bằng Excel), các ô đó đọc là trống. Mở tệp bằng Excel, lưu lại rồi chạy "
                    "lại.").format(file=path),)
    extra_hint = _("Thêm tiêu đề cho cột đó ở hàng tiêu đề, hoặc xóa dữ liệu thừa.")
    extra_message = _("hàng có dữ liệu ở cột không có tiêu đề")

    def read() -> Iterator[RosterRow]:
        book = load()
        try:
            width = len(headers)
            for number, cells in enumerate(book[title].iter_rows(min_row=header_row + 1),
                                           start=header_row + 1):
                row = _assemble(path, number, [_xlsx_value(c) for c in cells], width,
                                extra_message, extra_hint, headers)
                if row is not None:
                    yield row
        except (SyntaxError, ValueError, KeyError, zipfile.BadZipFile, EOFError) as exc:
            # xml.etree's ParseError is a SyntaxError: a sheet damaged past its header row.
            raise _refuse(path, _("tệp Excel bị hỏng, không đọc tiếp được ({reason})").format(
                reason=type(exc).__name__),
                _("Mở bằng Excel và lưu lại, rồi chạy lại.")) from None
        finally:
            book.close()

    return Roster(path=path, columns=columns, sheet=title, _reader=read, total=total,
                  notes=notes, sheets=tuple(sheet_names))


def unreadable(path: Path) -> RosterError:
    """The error for a roster the system will not let us read (most often: open in Excel,
    which locks it on Windows)."""
    return RosterError(Problem(_("không đọc được tệp (đang mở trong Excel?)"), file=path,
                               hint=_("Đóng tệp trong Excel rồi chạy lại.")))


def _assemble(path: Path, number: int, values: list[Any], width: int, extra_message: str,
              extra_hint: str, headers: tuple[str, ...] = ()) -> RosterRow | None:
    """A data row cut to the header's width (None for an empty row); cells beyond the last
    header are a problem of that row, not of the whole roster."""
    extra = [v for v in values[width:] if v is not None]
    values = values[:width]
    if not extra and all(v is None for v in values):
        return None
    values += [None] * (width - len(values))
    problems: tuple[Problem, ...] = ()
    if extra:
        problems = (Problem(extra_message, file=path, row=number, hint=extra_hint),)
    problems += _cell_problems(path, number, values, headers)
    return RosterRow(number, tuple(values), problems)


def _cell_problems(path: Path, number: int, values: list[Any],
                   headers: tuple[str, ...]) -> tuple[Problem, ...]:
    """Cells no document can take: an invisible control character, or text far too long."""
    out = []
    for i, value in enumerate(values):
        if not isinstance(value, str):
            continue
        column = headers[i] if i < len(headers) else None
        if m := CONTROL.search(value):
            out.append(Problem(
                _("ô có ký tự điều khiển vô hình U+{code:04X}").format(code=ord(m.group())),
                file=path, row=number, field=column,
                hint=_("Gõ lại nội dung ô đó (ký tự lạ thường lẫn vào khi chép từ phần mềm "
                       "khác).")))
        elif len(value) > MAX_CELL:
            out.append(Problem(
                _("ô dài {length} ký tự, quá giới hạn {limit} ký tự của một ô").format(
                    length=len(value), limit=MAX_CELL),
                file=path, row=number, field=column,
                hint=_("Kiểm tra lại nội dung ô đó; một ô chỉ cần tên, số hoặc một câu.")))
    return tuple(out)


def _find_header(rows: Iterator[tuple[int, list[str]]],
                 path: Path) -> tuple[int, tuple[str, ...], tuple[str, ...]] | None:
    """(row number, headers, notes) of the header row: the first non-empty row, or the row
    after it when that one is a title (one cell) above a wider row."""
    first: tuple[int, list[str]] | None = None
    for number, cells in rows:
        if not any(cells):
            continue
        while cells and not cells[-1]:
            cells.pop()
        if first is None:
            if sum(1 for c in cells if c) > 1:
                return number, _named_headers(cells, path, number), ()
            first = (number, cells)
            continue
        if sum(1 for c in cells if c) > 1:
            title = next(c for c in first[1] if c)
            note = _("{file}: hàng {title_row} ('{title}') được coi là tiêu đề của bảng; tên "
                     "các cột lấy ở hàng {header_row}.").format(
                         file=path, title_row=first[0], title=title, header_row=number)
            return number, _named_headers(cells, path, number), (note,)
        break
    if first is None:
        return None
    number, cells = first
    return number, _named_headers(cells, path, number), ()


def _uncalculated_formulas(formulas: Any, values: Any, title: str, header_row: int) -> bool:
    """Whether the first data rows hold formulas with no value saved (a file written by a
    program, never opened in Excel: openpyxl then reads those cells as empty)."""
    try:
        rows = zip(formulas[title].iter_rows(min_row=header_row + 1, max_row=header_row + 50,
                                             values_only=True),
                   values[title].iter_rows(min_row=header_row + 1, max_row=header_row + 50,
                                           values_only=True), strict=False)
        return any(isinstance(f, str) and f.startswith("=") and v is None
                   for frow, vrow in rows for f, v in zip(frow, vrow, strict=False))
    finally:
        formulas.close()
        values.close()


def _header_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(nfc(str(value)).split())


def _named_headers(cells: list[str], path: Path, row: int) -> tuple[str, ...]:
    for i, cell in enumerate(cells):
        if CONTROL.search(cell) or len(cell) > 1000:
            raise RosterError(Problem(
                _("tiêu đề cột thứ {n} có ký tự điều khiển vô hình hoặc quá dài").format(
                    n=i + 1), file=path,
                row=row, hint=_("Gõ lại tên cột đó ở hàng tiêu đề.")))
        if not cell:
            raise RosterError(Problem(
                _("cột thứ {n} không có tiêu đề").format(n=i + 1), file=path, row=row,
                hint=_("Ghi tên cột vào hàng tiêu đề, hoặc xóa hẳn cột đó.")))
    return tuple(cells)


def _xlsx_value(cell: Any) -> Any:
    value = cell.value
    if value is None:
        return None
    if isinstance(value, str):
        text = nfc(value).strip()
        return text or None
    if isinstance(value, bool):
        return value
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, time):
        # A time-of-day cell (07:30): text as Excel shows it, not Python's datetime.time(7, 30).
        return value.strftime("%H:%M" if not value.second else "%H:%M:%S")
    if isinstance(value, timedelta):
        minutes = int(value.total_seconds() // 60)
        return f"{minutes // 60}:{minutes % 60:02d}"
    if isinstance(value, int | float):
        fmt = getattr(cell, "number_format", "") or ""
        if "%" in _FORMAT_LITERALS.sub("", fmt):
            # Shown as 45,6% in Excel: give the number of percent, as a .csv "45,6%" does.
            value = round(value * 100, 9)
        if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
            return int(value)
        return value
    return value  # date, time, Decimal: already the right type


_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.')
"""Quoted text and backslash-escaped characters in an Excel number format: a literal ``%``
(``0.0"%"``, ``0.0\\%``) is printed as is, while a bare ``%`` multiplies by 100."""


# ---------------------------------------------------------------------------------------------
# .csv


def _open_csv(path: Path) -> Roster:
    def records() -> Iterator[tuple[int, list[str]]]:
        number = 0
        try:
            with path.open("r", encoding="utf-8-sig", newline="") as handle:
                if skip_first:
                    handle.readline(_SNIFF_CHARS)
                for number, record in enumerate(csv.reader(_bounded_lines(handle, path),
                                                           delimiter=delimiter),
                                                start=1 + int(skip_first)):
                    yield number, record
        except UnicodeDecodeError:
            raise RosterError(Problem(
                _("tệp .csv không phải UTF-8"), file=path, row=_bad_utf8_line(path),
                hint=_("Trong Excel chọn Save As → 'CSV UTF-8 (Comma delimited) (*.csv)'."),
            )) from None
        except csv.Error as exc:
            raise RosterError(Problem(_("tệp .csv sai cấu trúc ({reason})").format(reason=exc),
                                      file=path, row=number + 1)) from None
        except OSError:
            raise unreadable(path) from None

    delimiter, skip_first = _sniff(path)
    found = _find_header(((n, [" ".join(nfc(c).split()) for c in record])
                          for n, record in records()), path)
    if found is None:
        raise RosterError(Problem(_("tệp .csv trống, không có hàng tiêu đề"), file=path,
                                  hint=_("Hàng đầu tiên ghi tên các cột, ví dụ: "
                                         "Tên thôn;Số tham gia.")))
    header_row, headers, notes = found
    columns = Columns.from_headers(headers, path)
    width = len(headers)
    # One pass to find code columns and count rows: a column where any cell is a code with a
    # leading zero ("01") is text in every row, so "10" below "09" does not turn into a number.
    codes: set[int] = set()
    total = 0
    for number, record in records():
        if number <= header_row:
            continue
        total += 1
        codes.update(i for i, c in enumerate(record[:width]) if _CODE.fullmatch(c.strip()))
    extra_hint = _("Ô có dấu '{delimiter}' phải đặt trong ngoặc kép; hoặc xóa ô thừa.").format(
        delimiter=delimiter)

    def read() -> Iterator[RosterRow]:
        for number, record in records():
            if number <= header_row:
                continue
            values = [nfc(c).strip() or None if i in codes else parse_csv_value(c, delimiter)
                      for i, c in enumerate(record)]
            row = _assemble(path, number, values, width,
                            _("hàng có {cells} ô, nhiều hơn {width} cột tiêu đề").format(
                                cells=len(record), width=width),
                            extra_hint, headers)
            if row is not None:
                yield row

    return Roster(path=path, columns=columns, sheet=None, _reader=read, total=total,
                  notes=notes)


def _bad_utf8_line(path: Path) -> int | None:
    """The line of the first byte that is not UTF-8 (decoding reads ahead, so find it again)."""
    with path.open("rb") as handle:
        raw = handle.read(64 * 1024 * 1024)  # a bad byte past that is reported without a line
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return raw[: exc.start].count(b"\n") + 1
    return None


_SEP_LINE = re.compile(r'"?sep=(.)"?[;,\t]*')


def _sniff(path: Path) -> tuple[str, bool]:
    """The delimiter, and whether the first line only names it.

    Excel writes (and reads) a first line ``sep=;`` to say which delimiter follows; otherwise
    the delimiter is the one the header line uses most (``;`` on a tie: Excel in Vietnamese).
    """
    try:
        with path.open("r", encoding="utf-8-sig", errors="replace", newline="") as handle:
            # The start of the file is enough to see the header; a file without line breaks
            # must not be read whole to find its first line.
            head = handle.read(_SNIFF_CHARS)
    except OSError:
        raise unreadable(path) from None
    lines = head.splitlines()
    if lines and (m := _SEP_LINE.fullmatch(lines[0].strip())):
        return m.group(1), True
    first = next((line for line in lines if line.strip()), "")
    return max((";", ",", "\t"), key=lambda d: (_count_outside_quotes(first, d), d == ";")), False


_SNIFF_CHARS = 64 * 1024
MAX_LINE = 1024 * 1024
"""Longest line of a .csv roster in characters (a row of a few hundred cells is a few KB)."""


def _bounded_lines(handle: IO[str], path: Path) -> Iterator[str]:
    """The lines of ``handle``, refusing one longer than :data:`MAX_LINE` before it is read
    whole (a file of gigabytes without a line break)."""
    number = 0
    while line := handle.readline(MAX_LINE + 1):
        number += 1
        if len(line) > MAX_LINE:
            raise RosterError(Problem(
                _("dòng {line} của tệp .csv dài quá {limit} ký tự").format(
                    line=number, limit=count_text(MAX_LINE)), file=path,
                hint=_("Kiểm tra đúng tệp bảng danh sách chưa (xuống dòng sau mỗi hàng).")))
        yield line


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            count += 1
    return count


_INT = re.compile(r"-?(?:0|[1-9]\d*)")
_CODE = re.compile(r"0\d+")
_DEC_COMMA = re.compile(r"-?(?:0|[1-9]\d*),\d+")
_DEC_POINT = re.compile(r"-?(?:0|[1-9]\d*)\.\d+")
_GROUP3 = re.compile(r"-?[1-9]\d{0,2}[.,]\d{3}")
_VI_GROUPED = re.compile(r"-?[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?")
_EN_GROUPED = re.compile(r"-?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_VN_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def parse_csv_value(cell: str, delimiter: str = ";") -> Any:
    """A .csv cell as a value: a number or date when plainly one, else NFC text; None if empty.

    See the module docstring for the rules; ``delimiter`` decides how ``1.234`` is read.
    """
    text = nfc(cell).strip()
    if not text:
        return None
    if text[-1] == "%":
        number = _number(text[:-1].rstrip(), delimiter)
        return text if number is None else number
    number = _number(text, delimiter)
    if number is not None:
        return number
    if m := _VN_DATE.fullmatch(text):
        day, month, year = (int(g) for g in m.groups())
        return _date_or_text(year, month, day, text)
    if m := _ISO_DATE.fullmatch(text):
        year, month, day = (int(g) for g in m.groups())
        return _date_or_text(year, month, day, text)
    return text


def _number(text: str, delimiter: str) -> int | float | None:
    try:
        value = _parse_number(text, delimiter)
    except ValueError:
        # Python refuses to turn more than 4,300 digits into an int (a guard against slow
        # conversions): such a cell is an identifier or a mistake, not a figure. Keep the text.
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None  # 400 digits with a decimal comma: no float holds it; keep the text
    return value


def _parse_number(text: str, delimiter: str) -> int | float | None:
    if _INT.fullmatch(text):
        return int(text)
    if _GROUP3.fullmatch(text):
        # "1.234" / "1,234": thousands in the file's own locale, a decimal in the other.
        thousands = "." if delimiter == ";" else ","
        if text[-4] == thousands:
            return int(text.replace(thousands, ""))
        return _whole(float(text.replace(",", ".")))
    if _DEC_COMMA.fullmatch(text) or _DEC_POINT.fullmatch(text):
        return _whole(float(text.replace(",", ".")))
    if _VI_GROUPED.fullmatch(text):
        return _whole(float(text.replace(".", "").replace(",", ".")))
    if _EN_GROUPED.fullmatch(text):
        return _whole(float(text.replace(",", "")))
    return None


def _whole(value: float) -> int | float:
    """88,0 → 88: a whole number is an int, as in .xlsx (exact only below 2**53)."""
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _date_or_text(year: int, month: int, day: int, text: str) -> date | str:
    try:
        return date(year, month, day)
    except ValueError:
        return text  # an impossible date stays text: the ngay filter then names it
