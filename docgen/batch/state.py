"""What a batch keeps in its output folder between runs: lock, journal, manifest, records.

* ``DIR/manifest.csv`` lists every row (number, name, file, status, note, then the file's SHA-256
  and the row's input fingerprint), the PDFs docgen made and the ``--gop`` file; it is what a
  rerun trusts. Headers and statuses are Vietnamese whatever the clerk's language (``--lang``):
  a rerun reads them back, in any language; the notes are the messages as the clerk read them.
  No cell can start a spreadsheet formula (``=``, ``+``, ``-``, ``@`` get a leading apostrophe,
  as Excel itself writes them).
* ``DIR/.docgen-batch-nhat-ky.csv`` (the journal) gets a line per row as the row is done, so a
  run killed half way still tells the next one which files are docgen's.
* An advisory lock on DIR keeps two runs from writing into it at once.

A *record* is a line with a 64-hex SHA-256: docgen wrote that file with those bytes. A file
whose bytes no longer match its record was changed by someone and is not replaced without
``--overwrite``; a file with no record is someone else's.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import shutil
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import IO, NamedTuple

from ..errors import DocgenError, Problem
from ..fileio import atomic_write
from ..i18n import _

__all__ = ["FAILED", "FILTERED", "JOURNAL", "MANIFEST", "MANIFEST_HEADER", "MERGED", "PDF",
           "RENDERED", "UNCHANGED", "Journal", "ManifestLine", "Record", "Records", "Status",
           "check_out_dir", "clean_leftovers", "folder_lock", "read_records",
           "release_lock_in_child", "write_manifest"]


class Status(StrEnum):
    """What became of a row (or a file) in a run; the value is a stable code (API, web), the
    :attr:`label` what the manifest shows."""

    RENDERED = "da-tao"
    """Written this run."""
    UNCHANGED = "giu-nguyen"
    """Already up to date."""
    FAILED = "loi"
    FILTERED = "loc-bo"
    """Left out by --loc."""
    MERGED = "gop"
    """The --gop file."""
    PDF = "pdf"
    """A PDF docgen made (its fingerprint is the SHA-256 of the .docx it came from)."""

    @property
    def label(self) -> str:
        """The status in the clerk's words."""
        return _LABELS[self]

    @classmethod
    def read(cls, text: str) -> Status | None:
        """The status written as ``text`` (a label, or a code of an older manifest)."""
        return _BY_TEXT.get(text)


# Fixed Vietnamese, not messages: manifest.csv is read back by the next run (Status.read).
_LABELS = {Status.RENDERED: "đã tạo", Status.UNCHANGED: "giữ nguyên", Status.FAILED: "lỗi",
           Status.FILTERED: "lọc bỏ", Status.MERGED: "tệp gộp", Status.PDF: "PDF"}
_BY_TEXT = {**{s.value: s for s in Status}, **{label: s for s, label in _LABELS.items()}}

RENDERED, UNCHANGED, FAILED, FILTERED, MERGED, PDF = (
    Status.RENDERED, Status.UNCHANGED, Status.FAILED, Status.FILTERED, Status.MERGED, Status.PDF)

MANIFEST = "manifest.csv"
JOURNAL = ".docgen-batch-nhat-ky.csv"
MANIFEST_HEADER = (  # fixed Vietnamese: the next run recognises its manifest by this line
    "Hàng", "Tên", "Tệp", "Trạng thái", "Ghi chú", "SHA-256", "Dấu vào")
_OLD_HEADER = ("hang", "tep", "sha256", "trang_thai", "ghi_chu", "dau_vao")
"""The header of manifests written before 2026-12 (unaccented codes), still read."""
CONVERT_TMP = ".docgen-convert-"
"""Prefix of the private folders :func:`docgen.pdf.convert` works in."""
_SHA = re.compile(r"[0-9a-f]{64}")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Record(NamedTuple):
    """A file docgen wrote: the input it was made from, and its bytes' SHA-256."""

    fingerprint: str
    """The row's input fingerprint; for a PDF, the SHA-256 of the .docx it came from."""
    sha256: str


@dataclass(frozen=True, slots=True)
class ManifestLine:
    """One line of the manifest (and of the journal)."""

    number: str
    """The row number in the roster ('' for the --gop file)."""
    name: str
    """The row's name (its first text column), for the clerk."""
    file: str
    status: Status
    note: str = ""
    sha256: str = ""
    fingerprint: str = ""

    def cells(self) -> tuple[str, ...]:
        """The CSV cells, in :data:`MANIFEST_HEADER` order, safe to open in a spreadsheet."""
        return tuple(_neutral(c) for c in (self.number, self.name, self.file,
                                           self.status.label, self.note, self.sha256,
                                           self.fingerprint))


def _neutral(text: str) -> str:
    """``=HYPERLINK(…)`` → ``'=HYPERLINK(…)``: text a spreadsheet shows and never runs."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _parse(cells: list[str], header: tuple[str, ...]) -> tuple[str, str, str, str] | None:
    """(file, status text, sha256, fingerprint) of a line in either header's layout."""
    if len(cells) != len(header):
        return None
    if header == _OLD_HEADER:
        _, file, sha, status, _, fingerprint = cells
    else:
        _, _, file, status, _, sha, fingerprint = cells
    return file, status, sha, fingerprint


@dataclass
class Records:
    """What earlier runs wrote into a folder, from its manifest and journal."""

    files: dict[str, Record] = field(default_factory=dict)
    """File name (or, outside DIR, resolved path) → its record."""
    gop: tuple[str, str] | None = None
    """(name or resolved path, SHA-256) of the last --gop file."""

    def get(self, name: str) -> Record | None:
        """The record of ``name``, if docgen wrote it."""
        return self.files.get(name)


def read_records(path: Path, records: Records) -> None:
    """Add the records of a manifest or journal to ``records`` (later lines win)."""
    try:
        with path.open("r", encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = tuple(next(reader, ()))
            if header not in (MANIFEST_HEADER, _OLD_HEADER):
                return  # not a manifest of docgen's: no records
            for line in reader:
                parsed = _parse(line, header)
                if parsed is None:
                    continue  # a line cut short by a kill
                file, status, sha, fingerprint = parsed
                if not file or not _SHA.fullmatch(sha):
                    continue  # a row that never had a file of docgen's
                if Status.read(status) == MERGED:
                    records.gop = (file, sha)
                else:
                    # Any status: a row that failed or was left out this time still owns the
                    # file an earlier run wrote for it.
                    records.files[file] = Record(fingerprint, sha)
    except (OSError, csv.Error, UnicodeDecodeError):
        pass  # an unreadable record only means the rows are checked again


def _manifest_bytes(lines: Iterable[ManifestLine]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(MANIFEST_HEADER)
    writer.writerows(line.cells() for line in lines)
    # With a BOM so that Excel opens the Vietnamese notes as UTF-8.
    return buffer.getvalue().encode("utf-8-sig")


def write_manifest(out_dir: Path, lines: Iterable[ManifestLine]) -> None:
    """Write ``DIR/manifest.csv`` whole or not at all (checked as docgen's beforehand)."""
    atomic_write(out_dir / MANIFEST, _manifest_bytes(lines), overwrite=True)


class Journal:
    """The lines of the rows done so far, appended and flushed one by one."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / JOURNAL
        self._handle: IO[str] = self._open()
        self._writer = csv.writer(self._handle)

    def _open(self) -> IO[str]:
        if self.path.exists() and not _has_header(self.path, MANIFEST_HEADER):
            # A journal of an older docgen: its records are read already; start afresh.
            self.path.unlink()
        new = not self.path.exists()
        handle = self.path.open("a", encoding="utf-8", newline="")
        try:
            if new:
                csv.writer(handle).writerow(MANIFEST_HEADER)
            elif not _ends_with_newline(self.path):
                handle.write("\r\n")  # a line cut by a kill must not swallow the next one
        except BaseException:
            handle.close()
            raise
        return handle

    def write(self, line: ManifestLine) -> None:
        """Append one line, on disk at once (the next run may start after a kill -9)."""
        self._writer.writerow(line.cells())
        self._handle.flush()

    def close(self) -> None:
        """Close the file (kept until the manifest is written)."""
        self._handle.close()

    def remove(self) -> None:
        """Drop the journal once the manifest holds everything."""
        self.path.unlink(missing_ok=True)


def _has_header(path: Path, header: tuple[str, ...]) -> bool:
    try:
        with path.open("r", encoding="utf-8-sig", newline="") as handle:
            return tuple(next(csv.reader(handle), ())) == header
    except (OSError, csv.Error, UnicodeDecodeError):
        return False


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as handle:
        handle.seek(0, os.SEEK_END)
        if handle.tell() == 0:
            return True
        handle.seek(-1, os.SEEK_END)
        return handle.read(1) == b"\n"


def check_out_dir(out_dir: Path, *, overwrite: bool) -> None:
    """Refuse an output folder docgen cannot use, before anything is written."""
    if out_dir.exists() and not out_dir.is_dir():
        raise DocgenError(Problem(_("đây là một tệp, không phải thư mục"), file=out_dir,
                                  hint=_("Với -o hãy ghi tên một thư mục, ví dụ -o don-doc.")))
    if not out_dir.exists():
        if not out_dir.parent.is_dir():
            raise DocgenError(Problem(
                _("thư mục '{folder}' không tồn tại").format(folder=out_dir.parent),
                file=out_dir,
                hint=_("Tạo thư mục đó trước, hoặc chọn nơi lưu khác với -o.")))
        return
    for name in (MANIFEST, JOURNAL):
        if (out_dir / name).is_dir():
            raise DocgenError(Problem(
                _("đây là một thư mục, nhưng docgen cần ghi tệp danh sách vào chỗ này"),
                file=out_dir / name,
                hint=_("Đổi tên hoặc chuyển thư mục đó đi, hoặc chọn thư mục khác với -o.")))
    manifest = out_dir / MANIFEST
    if manifest.exists() and not overwrite and not _is_our_manifest(manifest):
        raise DocgenError(Problem(
            _("tệp {file} đã có trong thư mục và không do docgen batch ghi ra").format(
                file=MANIFEST),
            file=manifest,
            hint=_("Chuyển tệp đó đi, chọn thư mục khác với -o, hoặc thêm --overwrite nếu "
                   "chắc chắn muốn ghi đè.")))


def _is_our_manifest(path: Path) -> bool:
    try:
        with path.open("r", encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), None)
    except (OSError, csv.Error, UnicodeDecodeError):
        return False
    return header is not None and tuple(header) in (MANIFEST_HEADER, _OLD_HEADER)


_LOCK_FD: int | None = None
"""The descriptor holding the folder lock, so forked workers can let go of their copy."""
LOCK_WAIT_SECONDS = 5.0


def release_lock_in_child() -> None:
    """In a forked worker: close the inherited lock descriptor, so that the lock goes the
    moment the main process does."""
    if _LOCK_FD is not None:
        os.close(_LOCK_FD)


@contextlib.contextmanager
def folder_lock(out_dir: Path) -> Iterator[None]:
    """Hold an advisory lock on ``out_dir`` (released by the OS if the process dies).

    A lock just released by a killed run can take a moment to go (its workers die after it),
    so a busy lock is tried again for a few seconds before another run is assumed.
    """
    global _LOCK_FD
    try:
        import fcntl
    except ImportError:  # Windows: no flock; one run at a time is then the clerk's care
        yield
        return
    fd = os.open(out_dir, os.O_RDONLY)
    try:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise DocgenError(Problem(
                        _("một lệnh docgen batch khác đang ghi vào thư mục này"), file=out_dir,
                        hint=_("Chờ lệnh kia chạy xong, hoặc chọn thư mục khác với -o."))
                    ) from None
                time.sleep(0.05)
        _LOCK_FD = fd
        yield
    finally:
        _LOCK_FD = None
        os.close(fd)


def clean_leftovers(out_dir: Path) -> None:
    """Remove temporary files and PDF folders a killed run left behind (under the lock, so
    none of them belongs to a live run)."""
    for entry in out_dir.iterdir():
        name = entry.name
        if name.startswith(".") and name.endswith(".tmp") and (
                ".docx." in name or name.startswith(f".{MANIFEST}.")):
            with contextlib.suppress(OSError):
                entry.unlink()
        elif name.startswith((CONVERT_TMP, ".docgen-pdf-")) and entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
