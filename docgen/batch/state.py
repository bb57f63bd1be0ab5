"""What a batch keeps in its output folder between runs: lock, journal, manifest, records.

* ``DIR/manifest.csv`` lists every row (number, file, SHA-256, status, note, input
  fingerprint), the PDFs docgen made and the ``--gop`` file; it is what a rerun trusts.
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
from pathlib import Path
from typing import IO

from ..errors import DocgenError, Problem
from ..fileio import atomic_write

__all__ = ["FAILED", "FILTERED", "JOURNAL", "MANIFEST", "MANIFEST_HEADER", "MERGED", "PDF",
           "RENDERED", "UNCHANGED", "Journal", "Record", "Records", "check_out_dir",
           "clean_leftovers", "folder_lock", "read_records", "release_lock_in_child",
           "write_manifest"]

RENDERED, UNCHANGED, FAILED, FILTERED, MERGED, PDF = (
    "da-tao", "giu-nguyen", "loi", "loc-bo", "gop", "pdf")
"""Manifest statuses: written this run; already up to date; failed; left out by --loc; the
--gop file; a PDF docgen made (its ``dau_vao`` is the SHA-256 of the .docx it came from)."""

MANIFEST = "manifest.csv"
JOURNAL = ".docgen-batch-nhat-ky.csv"
MANIFEST_HEADER = ("hang", "tep", "sha256", "trang_thai", "ghi_chu", "dau_vao")
CONVERT_TMP = ".docgen-convert-"
"""Prefix of the private folders :func:`docgen.pdf.convert` works in."""
_SHA = re.compile(r"[0-9a-f]{64}")

Record = tuple[str, str]
"""(input fingerprint — for a PDF, the SHA-256 of its .docx —, SHA-256) of a file docgen wrote."""


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
            for line in csv.reader(handle):
                if len(line) != len(MANIFEST_HEADER):
                    continue  # the header, or a line cut short by a kill
                _, file, sha, status, _, fingerprint = line
                if not file or not _SHA.fullmatch(sha):
                    continue  # a row that never had a file of docgen's
                if status == MERGED:
                    records.gop = (file, sha)
                else:
                    # Any status: a row that failed or was left out this time still owns the
                    # file an earlier run wrote for it.
                    records.files[file] = (fingerprint, sha)
    except (OSError, csv.Error, UnicodeDecodeError):
        pass  # an unreadable record only means the rows are checked again


def _manifest_bytes(lines: Iterable[tuple[str, ...]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(MANIFEST_HEADER)
    writer.writerows(lines)
    # With a BOM so that Excel opens the Vietnamese notes as UTF-8.
    return buffer.getvalue().encode("utf-8-sig")


def write_manifest(out_dir: Path, lines: Iterable[tuple[str, ...]]) -> None:
    """Write ``DIR/manifest.csv`` whole or not at all (checked as docgen's beforehand)."""
    atomic_write(out_dir / MANIFEST, _manifest_bytes(lines), overwrite=True)


class Journal:
    """The lines of the rows done so far, appended and flushed one by one."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / JOURNAL
        self._handle: IO[str] = self._open()
        self._writer = csv.writer(self._handle)

    def _open(self) -> IO[str]:
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

    def write(self, line: tuple[str, ...]) -> None:
        """Append one line, on disk at once (the next run may start after a kill -9)."""
        self._writer.writerow(line)
        self._handle.flush()

    def close(self) -> None:
        """Close the file (kept until the manifest is written)."""
        self._handle.close()

    def remove(self) -> None:
        """Drop the journal once the manifest holds everything."""
        self.path.unlink(missing_ok=True)


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
        raise DocgenError(Problem("đây là một tệp, không phải thư mục", file=out_dir,
                                  hint="Với -o hãy ghi tên một thư mục, ví dụ -o don-doc."))
    if not out_dir.exists():
        if not out_dir.parent.is_dir():
            raise DocgenError(Problem(
                f"thư mục '{out_dir.parent}' không tồn tại", file=out_dir,
                hint="Tạo thư mục đó trước, hoặc chọn nơi lưu khác với -o."))
        return
    for name in (MANIFEST, JOURNAL):
        if (out_dir / name).is_dir():
            raise DocgenError(Problem(
                "đây là một thư mục, nhưng docgen cần ghi tệp danh sách vào chỗ này",
                file=out_dir / name,
                hint="Đổi tên hoặc chuyển thư mục đó đi, hoặc chọn thư mục khác với -o."))
    manifest = out_dir / MANIFEST
    if manifest.exists() and not overwrite and not _is_our_manifest(manifest):
        raise DocgenError(Problem(
            "tệp manifest.csv đã có trong thư mục và không do docgen batch ghi ra",
            file=manifest,
            hint="Chuyển tệp đó đi, chọn thư mục khác với -o, hoặc thêm --overwrite nếu chắc "
            "chắn muốn ghi đè."))


def _is_our_manifest(path: Path) -> bool:
    try:
        with path.open("r", encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), None)
    except (OSError, csv.Error, UnicodeDecodeError):
        return False
    return header is not None and tuple(header) == MANIFEST_HEADER


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
                        "một lệnh docgen batch khác đang ghi vào thư mục này", file=out_dir,
                        hint="Chờ lệnh kia chạy xong, hoặc chọn thư mục khác với -o.")) from None
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
