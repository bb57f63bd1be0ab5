"""The register in SQLite: schema, the write lock, number allocation, rows in and out.

One file (``so-dang-ky.sqlite3``) in WAL mode, so readers never wait for a writer and there is no
server to install. Every change runs inside ``BEGIN IMMEDIATE``: the lock is taken before the
highest number is read, so two processes can never allocate the same one. A busy database is
retried for a while rather than failing, since several clerks (or a batch) may issue at once.

Rows are immutable: triggers refuse UPDATE and DELETE, so even a bug in docgen cannot rewrite
an issued entry.
"""

from __future__ import annotations

import json
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import TypeVar

from ..errors import DocgenError, Problem
from .entry import Entry

DB_NAME = "so-dang-ky.sqlite3"
SCHEMA_VERSION = 1
BUSY_WAIT_S = 60.0
"""How long a writer keeps retrying a locked register before giving up."""

T = TypeVar("T")

_LIST_COLUMNS = ("kinh_gui", "noi_nhan", "luu")
_COLUMNS = tuple(f.name for f in fields(Entry) if f.name != "id")

_SCHEMA = (
    """CREATE TABLE so_di (
    id              INTEGER PRIMARY KEY,
    co_quan         TEXT NOT NULL,
    nam             INTEGER NOT NULL,
    so              INTEGER NOT NULL CHECK (so > 0),
    ky_hieu         TEXT NOT NULL,
    ngay            TEXT NOT NULL,
    trich_yeu       TEXT NOT NULL,
    loai            TEXT,
    ten_co_quan     TEXT,
    nguoi_ky        TEXT,
    kinh_gui        TEXT NOT NULL,
    noi_nhan        TEXT NOT NULL,
    luu             TEXT NOT NULL,
    so_ban          INTEGER,
    do_khan         TEXT,
    tep             TEXT UNIQUE,
    sha256          TEXT,
    tep_bieu_mau    TEXT UNIQUE,
    sha256_bieu_mau TEXT,
    mau             TEXT,
    phien_ban       TEXT,
    thoi_diem       TEXT NOT NULL,
    nguon           TEXT NOT NULL,
    ngay_chuyen     TEXT,
    ky_nhan         TEXT,
    ghi_chu         TEXT,
    UNIQUE (co_quan, nam, so)
)""",
    """CREATE TRIGGER so_di_khong_sua BEFORE UPDATE ON so_di
BEGIN SELECT RAISE(ABORT, 'sổ đăng ký không được sửa: đính chính bằng văn bản mới'); END""",
    """CREATE TRIGGER so_di_khong_xoa BEFORE DELETE ON so_di
BEGIN SELECT RAISE(ABORT, 'sổ đăng ký không được xóa'); END""",
)


def _is_busy(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _retry(action: Callable[[], T], what: str, path: Path) -> T:
    """Run ``action`` until the database is not busy, for at most :data:`BUSY_WAIT_S`."""
    deadline = time.monotonic() + BUSY_WAIT_S
    delay = 0.002
    while True:
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc) or time.monotonic() > deadline:
                if _is_busy(exc):
                    raise DocgenError(Problem(
                        f"sổ đăng ký đang bận quá {BUSY_WAIT_S:.0f} giây, chưa {what}",
                        file=path,
                        hint="Có máy khác đang ghi vào sổ; đợi một lát rồi chạy lại. "
                        "Không có số nào bị dùng.",
                    )) from None
                raise
            # Jitter keeps several waiting writers from retrying in lock step.
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 0.1)


def connect(folder: Path) -> sqlite3.Connection:
    """Open (creating if needed) the register in ``folder``, in WAL mode, schema checked."""
    path = folder / DB_NAME
    try:
        conn = sqlite3.connect(path, timeout=5.0, isolation_level=None,
                               check_same_thread=False)
    except sqlite3.Error as exc:
        raise DocgenError(Problem(f"không mở được sổ đăng ký: {exc}", file=path,
                                  hint="Kiểm tra quyền ghi vào thư mục lưu trữ.")) from None
    try:
        mode = _retry(lambda: conn.execute("PRAGMA journal_mode=WAL").fetchone()[0],
                      "mở sổ", path)
        if str(mode).lower() != "wal":
            raise DocgenError(Problem(
                "không bật được chế độ WAL cho sổ đăng ký", file=path,
                hint="Đặt thư mục lưu trữ trên ổ đĩa của máy (không phải ổ mạng) rồi chạy lại.",
            ))
        # FULL: a committed number survives a power cut, not only a killed process.
        conn.execute("PRAGMA synchronous=FULL")
        _ensure_schema(conn, path)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DocgenError(Problem(
            f"tệp sổ đăng ký bị hỏng hoặc không phải sổ của docgen ({exc})", file=path,
            hint="Khôi phục tệp từ bản sao lưu; không xóa tệp này vì nó là sổ đăng ký.",
        )) from None
    except BaseException:
        conn.close()
        raise
    return conn


def _ensure_schema(conn: sqlite3.Connection, path: Path) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version == SCHEMA_VERSION:
        return
    if version > SCHEMA_VERSION:
        raise DocgenError(Problem(
            f"sổ đăng ký được tạo bằng phiên bản docgen mới hơn (lược đồ {version})", file=path,
            hint="Cập nhật docgen: pip install -U docgen.",
        ))
    with write_transaction(conn, path, "tạo sổ"):
        # Another process may have created it while we waited for the lock.
        if conn.execute("PRAGMA user_version").fetchone()[0] == 0:
            # Not executescript(): it would commit our transaction before running.
            for statement in _SCHEMA:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")


def begin_immediate(conn: sqlite3.Connection, path: Path, what: str) -> None:
    """Take the register's write lock, waiting while another process holds it.

    ``what`` (``cấp số``) names the action in the message shown if the wait times out.
    """
    _retry(lambda: conn.execute("BEGIN IMMEDIATE"), what, path)


@contextmanager
def write_transaction(conn: sqlite3.Connection, path: Path, what: str) -> Iterator[None]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``; rolled back if the body raises."""
    begin_immediate(conn, path, what)
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def next_number(conn: sqlite3.Connection, co_quan: str, nam: int) -> int:
    """The next free number of ``co_quan`` in ``nam``: one past the highest, from 1."""
    row = conn.execute("SELECT MAX(so) FROM so_di WHERE co_quan = ? AND nam = ?",
                       (co_quan, nam)).fetchone()
    return (row[0] or 0) + 1


def insert(conn: sqlite3.Connection, entry: Entry) -> None:
    """Add ``entry``; the caller holds the write transaction."""
    values = []
    for name in _COLUMNS:
        value = getattr(entry, name)
        if name in _LIST_COLUMNS:
            value = json.dumps(list(value), ensure_ascii=False)
        elif name == "ngay":
            value = value.isoformat()
        values.append(value)
    conn.execute(
        f"INSERT INTO so_di ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})",
        values,
    )


def _entry(row: sqlite3.Row | tuple) -> Entry:  # type: ignore[type-arg]
    values = dict(zip(("id", *_COLUMNS), row, strict=True))
    for name in _LIST_COLUMNS:
        values[name] = tuple(json.loads(values[name]))
    values["ngay"] = date.fromisoformat(values["ngay"])
    return Entry(**values)


def entries(conn: sqlite3.Connection, *, nam: int | None = None, co_quan: str | None = None,
            so: int | None = None) -> list[Entry]:
    """Register rows in order (year, agency, number), filtered by what is given."""
    where, args = [], []
    for column, value in (("nam", nam), ("co_quan", co_quan), ("so", so)):
        if value is not None:
            where.append(f"{column} = ?")
            args.append(value)
    sql = f"SELECT id, {', '.join(_COLUMNS)} FROM so_di"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY nam, co_quan, so"
    return [_entry(row) for row in conn.execute(sql, args)]


def is_registered_file(conn: sqlite3.Connection, rel: str) -> bool:
    """Whether a row names ``rel`` (posix path inside the archive) as its file or form."""
    row = conn.execute("SELECT 1 FROM so_di WHERE tep = ? OR tep_bieu_mau = ? LIMIT 1",
                       (rel, rel)).fetchone()
    return row is not None


def taken(conn: sqlite3.Connection, co_quan: str, nam: int, so: int) -> bool:
    """Whether ``so`` is already in the series of ``co_quan`` in ``nam``."""
    row = conn.execute("SELECT 1 FROM so_di WHERE co_quan = ? AND nam = ? AND so = ?",
                       (co_quan, nam, so)).fetchone()
    return row is not None
