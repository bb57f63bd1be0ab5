"""The register in a folder: SQLite (``so-dang-ky.sqlite3``) beside the issued files.

One file in WAL mode, so readers never wait for a writer and there is no server to install.
Every change runs inside ``BEGIN IMMEDIATE``: the lock is taken before the highest number is read,
so two processes can never allocate the same one. A busy database is retried for a while rather
than failing, since several clerks (or a batch) may issue at once. The files are written while the
lock is held, under the journal of :mod:`.store`, so a crash leaves a whole entry or nothing.

Rows are immutable: triggers refuse UPDATE and DELETE, so even a bug in docgen cannot rewrite an
issued entry; the hash chain (:mod:`.chain`) shows it if someone removes the triggers.

A register file that is empty, damaged or missing while the folder holds issued files is never
re-created: that would silently lose the record of what was issued.
"""

from __future__ import annotations

import contextlib
import os
import random
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from ..errors import ArchiveError, Problem
from ..i18n import N_, _
from .backend import (
    COLUMNS,
    ENV_VAR,
    SCHEMA_VERSION,
    SHARED_SCHEMA,
    Register,
    Transaction,
    table_sql,
)
from .entry import GENESIS, chain_hash
from .store import Store, sha256_bytes

DB_NAME = "so-dang-ky.sqlite3"
BUSY_WAIT_S = 60.0
"""How long a writer keeps retrying a locked register before giving up."""

T = TypeVar("T")

TRIGGERS = (
    """CREATE TRIGGER so_di_khong_sua BEFORE UPDATE ON so_di
BEGIN SELECT RAISE(ABORT, 'sổ đăng ký không được sửa: đính chính bằng văn bản mới'); END""",
    """CREATE TRIGGER so_di_khong_xoa BEFORE DELETE ON so_di
BEGIN SELECT RAISE(ABORT, 'sổ đăng ký không được xóa'); END""",
    """CREATE TRIGGER dau_chuoi_chi_tien BEFORE UPDATE ON dau_chuoi
WHEN NEW.so_muc <> OLD.so_muc + 1
BEGIN SELECT RAISE(ABORT, 'đầu chuỗi sổ đăng ký chỉ tiến từng dòng'); END""",
    """CREATE TRIGGER dau_chuoi_khong_xoa BEFORE DELETE ON dau_chuoi
BEGIN SELECT RAISE(ABORT, 'đầu chuỗi sổ đăng ký không được xóa'); END""",
)
TRIGGER_NAMES = ("so_di_khong_sua", "so_di_khong_xoa", "dau_chuoi_chi_tien",
                 "dau_chuoi_khong_xoa")

_V1_NEW = ("day_so", "tep_pdf", "sha256_pdf", "thu_tu", "bam_truoc", "bam")
_V1_COLUMNS = tuple(c for c in COLUMNS if c not in _V1_NEW)
_RESTORE = N_("Lấy lại tệp so-dang-ky.sqlite3 từ bản sao lưu gần nhất vào thư mục này (giữ "
              "nguyên tệp hỏng ở nơi khác để đối chiếu), rồi chạy 'docgen archive verify'. "
              "docgen không tự tạo sổ mới vì như thế sẽ mất ghi chép các số đã cấp.")
"""The hint for a damaged or lost register file (translated where it is shown)."""


def _is_busy(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _retry(action: Callable[[], T], what: str, path: Path) -> T:
    """Run ``action`` until the database is not busy, for at most :data:`BUSY_WAIT_S`;
    ``what`` (a msgid marked ``N_``) names the action in the message when it gives up."""
    deadline = time.monotonic() + BUSY_WAIT_S
    delay = 0.002
    while True:
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc):
                raise
            if time.monotonic() > deadline:
                raise ArchiveError(Problem(
                    _("sổ đăng ký đang bận quá {seconds} giây, chưa {action}").format(
                        seconds=f"{BUSY_WAIT_S:.0f}", action=_(what)), file=path,
                    hint=_("Có máy khác đang ghi vào sổ; đợi một lát rồi chạy lại. "
                           "Không có số nào bị dùng."),
                )) from None
            # Jitter keeps several waiting writers from retrying in lock step.
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 0.1)


def _broken(path: Path, exc: BaseException | str) -> ArchiveError:
    return ArchiveError(Problem(
        _("tệp sổ đăng ký bị hỏng hoặc không phải sổ của docgen ({error})").format(error=exc),
        file=path, hint=_(_RESTORE)))


def _read_only(path: Path) -> ArchiveError:
    """Why the register cannot be written: its folder or its file is read-only (SQLite needs to
    write both: the file, and the ``-wal``/``-shm`` files beside it, even to read)."""
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        message = _("không ghi được vào sổ đăng ký: thư mục lưu trữ '{folder}' chỉ cho đọc (sổ "
                    "cần tạo các tệp {wal} và {shm} bên cạnh, kể cả khi chỉ xem); sổ không hỏng"
                    ).format(folder=folder, wal=f"{DB_NAME}-wal", shm=f"{DB_NAME}-shm")
    elif path.exists() and not os.access(path, os.W_OK):
        message = _("không ghi được vào sổ đăng ký: tệp sổ đăng ký chỉ cho đọc; sổ không hỏng")
    else:
        message = _("không ghi được vào sổ đăng ký: tệp hoặc thư mục lưu trữ chỉ cho đọc (hoặc "
                    "nằm trên ổ chỉ cho đọc); sổ không hỏng")
    return ArchiveError(Problem(
        message, file=path,
        hint=_("Cấp quyền ghi cho thư mục lưu trữ và tệp sổ (hoặc chạy bằng tài khoản văn thư), "
               "hoặc chép cả thư mục sang nơi ghi được, rồi chạy lại. Chưa số nào được dùng.")))


def _database_error(path: Path, exc: sqlite3.Error) -> ArchiveError:
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:
        return _read_only(path)
    if "disk" in text and ("full" in text or "i/o" in text):
        return ArchiveError(Problem(
            _("không ghi được vào sổ đăng ký ({error})").format(error=exc), file=path,
            hint=_("Ổ đĩa đầy hoặc lỗi; giải phóng chỗ trống rồi chạy lại. Chưa số nào được "
                   "dùng.")))
    return _broken(path, exc)


class SqliteTransaction(Transaction):
    """A transaction on the SQLite register; files go to the folder beside it."""

    def __init__(self, conn: sqlite3.Connection, store: Store) -> None:
        super().__init__(conn)
        self.store = store
        self.journal: Path | None = None
        self.written: list[str] = []

    def reserve(self, rels: list[str]) -> None:
        """Record the files about to be created, so a crash can be cleaned up (:mod:`.store`)."""
        self.journal = self.store.begin(rels)

    def file_exists(self, rel: str) -> bool:
        """Whether ``rel`` is in the folder."""
        return self.store.exists(rel)

    def put_file(self, rel: str, data: bytes) -> None:
        """Write ``rel`` read-only into the folder (removed again if the transaction fails)."""
        self.store.write(rel, data)
        self.written.append(rel)

    def read_file(self, rel: str) -> bytes | None:
        """The bytes of ``rel``, or None."""
        try:
            return self.store.path(rel).read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return None

    def file_digests(self) -> dict[str, str]:
        """SHA-256 of every file in the year folders."""
        out = {}
        for rel in self.store.files():
            data = self.read_file(rel)
            if data is not None:
                out[rel] = sha256_bytes(data)
        return out

    def integrity(self) -> list[str]:
        """``PRAGMA integrity_check`` and the immutability triggers."""
        problems = [row[0] for row in self.execute("PRAGMA integrity_check")
                    if row[0] != "ok"]
        present = {row[0] for row in self.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        problems += [_("thiếu trigger bảo vệ '{name}' (ai đó đã gỡ lớp chống sửa, xóa)"
                       ).format(name=name) for name in TRIGGER_NAMES if name not in present]
        return problems


class SqliteRegister(Register):
    """The register of an archive folder."""

    def __init__(self, root: Path, fault: Callable[[str], None] = lambda stage: None) -> None:
        self.root = root
        self.location = str(root)
        self.store = Store(root)
        self._fault = fault
        self._conn: sqlite3.Connection | None = None

    @property
    def path(self) -> Path:
        """The SQLite file."""
        return self.root / DB_NAME

    @property
    def exists(self) -> bool:
        """Whether the folder holds a register file."""
        return self.path.is_file()

    def describe_file(self, rel: str) -> str:
        """The file's path on disk."""
        return str(self.store.path(rel))

    def close(self) -> None:
        """Close the connection (reopened on next use)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # -- opening -------------------------------------------------------------------------------

    def _check_not_lost(self) -> None:
        """Refuse to create a register where one evidently existed (issue 13 item 5)."""
        if self.path.exists() and self.path.stat().st_size == 0:
            raise ArchiveError(Problem(_("tệp sổ đăng ký rỗng (0 byte): sổ đã bị hỏng"),
                                       file=self.path, hint=_(_RESTORE)))
        if not self.path.exists() and self.root.is_dir() and self.store.files():
            raise ArchiveError(Problem(
                _("thư mục lưu trữ có văn bản đã cấp số nhưng không còn tệp sổ đăng ký {name}"
                  ).format(name=DB_NAME), file=self.root, hint=_(_RESTORE)))

    def _connect(self, *, create: bool) -> sqlite3.Connection:
        if self._conn is not None:
            return self._conn
        self._check_not_lost()
        if not self.exists:
            if not create:
                raise ArchiveError(Problem(
                    _("chưa có sổ đăng ký văn bản đi ở thư mục này"), file=self.root,
                    hint=_("Chọn thư mục lưu trữ bằng --archive hoặc biến môi trường {variable}; "
                           "sổ được tạo khi cấp số văn bản đầu tiên (docgen archive issue)."
                           ).format(variable=ENV_VAR),
                ))
            if self.root.exists() and not self.root.is_dir():
                raise ArchiveError(Problem(_("đây là một tệp, không phải thư mục lưu trữ"),
                                           file=self.root,
                                           hint=_("Chọn thư mục khác bằng --archive.")))
            if not self.root.parent.is_dir():
                raise ArchiveError(Problem(
                    _("thư mục '{folder}' không tồn tại").format(folder=self.root.parent),
                    file=self.root,
                    hint=_("Tạo thư mục cha trước, hoặc chọn nơi lưu trữ khác bằng --archive."),
                ))
            self.root.mkdir(exist_ok=True)
            self._create()
        try:
            conn = sqlite3.connect(self.path, timeout=5.0, isolation_level=None,
                                   check_same_thread=False)
        except sqlite3.Error as exc:
            raise ArchiveError(Problem(
                _("không mở được sổ đăng ký: {error}").format(error=exc), file=self.path,
                hint=_("Kiểm tra quyền ghi vào thư mục lưu trữ."))) from None
        try:
            mode = _retry(lambda: conn.execute("PRAGMA journal_mode=WAL").fetchone()[0],
                          N_("mở sổ"), self.path)
            if str(mode).lower() != "wal":
                raise ArchiveError(Problem(
                    _("không bật được chế độ WAL cho sổ đăng ký"), file=self.path,
                    hint=_("Đặt thư mục lưu trữ trên ổ đĩa của máy (không phải ổ mạng) rồi chạy "
                           "lại; sổ dùng chung cho nhiều máy thì dùng PostgreSQL."),
                ))
            # FULL: a committed number survives a power cut, not only a killed process.
            conn.execute("PRAGMA synchronous=FULL")
            self._ensure_schema(conn)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise _database_error(self.path, exc) from None
        except BaseException:
            conn.close()
            raise
        self._conn = conn
        return conn

    def _create(self) -> None:
        """Create the register beside its final name, then link it there in one step.

        Nobody ever sees a half-made register, so an empty register file always means damage
        (and another process creating it at the same moment simply wins the race).
        """
        temp = self.root / f".{DB_NAME}.{uuid.uuid4().hex}.tmp"
        try:
            conn = sqlite3.connect(temp, isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("BEGIN")
                conn.execute(table_sql("INTEGER PRIMARY KEY"))
                for statement in SHARED_SCHEMA:
                    conn.execute(statement)
                for trigger in TRIGGERS:
                    conn.execute(trigger)
                conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
                conn.execute("COMMIT")
            finally:
                conn.close()
            fd = os.open(temp, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
            with contextlib.suppress(FileExistsError):
                os.link(temp, self.path)
        except (OSError, sqlite3.Error) as exc:
            raise ArchiveError(Problem(
                _("không tạo được sổ đăng ký ({error})").format(error=exc), file=self.path,
                hint=_("Kiểm tra quyền ghi và chỗ trống của thư mục lưu trữ."))) from None
        finally:
            for leftover in (temp, temp.with_name(temp.name + "-wal"),
                             temp.with_name(temp.name + "-shm")):
                leftover.unlink(missing_ok=True)

    def _version(self, conn: sqlite3.Connection) -> int:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])

    def _ensure_schema(self, conn: sqlite3.Connection) -> None:
        version = self._version(conn)
        if version == SCHEMA_VERSION:
            return
        if version > SCHEMA_VERSION:
            raise ArchiveError(Problem(
                _("sổ đăng ký được tạo bằng phiên bản docgen mới hơn (lược đồ {version}, bản này "
                  "hiểu đến {known})").format(version=version, known=SCHEMA_VERSION),
                file=self.path, hint=_("Cập nhật docgen trên máy này: pip install -U docgen."),
            ))
        self._upgrade(conn)

    def _upgrade(self, conn: sqlite3.Connection) -> None:
        _retry(lambda: conn.execute("BEGIN IMMEDIATE"), N_("nâng cấp sổ"), self.path)
        try:
            # Another process may have done it while we waited for the lock.
            version = self._version(conn)
            if version == 1:
                self._upgrade_from_1(conn)
            elif version != SCHEMA_VERSION:
                raise _broken(self.path, _("lược đồ {version}").format(version=version))
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    @staticmethod
    def _upgrade_from_1(conn: sqlite3.Connection) -> None:
        """Version 1 → 2: the series column, the PDF, and a hash chain over the existing rows.

        The old table's ``UNIQUE (co_quan, nam, so)`` cannot be altered in SQLite, so the
        rows move to a new table (in the same transaction), chained in the order written.
        """
        old = conn.execute(f"SELECT id, {', '.join(_V1_COLUMNS)} FROM so_di ORDER BY id")
        rows = [dict(zip(("id", *_V1_COLUMNS), row, strict=True)) for row in old.fetchall()]
        conn.execute("DROP TABLE so_di")  # its triggers go with it
        conn.execute(table_sql("INTEGER PRIMARY KEY"))
        for statement in SHARED_SCHEMA:
            conn.execute(statement)
        tx = SqliteTransaction(conn, Store(Path(".")))
        previous = GENESIS
        for position, row in enumerate(rows, start=1):
            entry = tx._entry([row["id"], *[row.get(c, "") if c == "day_so" else row.get(c)
                                            for c in COLUMNS]])
            entry = replace(entry, thu_tu=position, bam_truoc=previous)
            entry = replace(entry, bam=chain_hash(entry))
            values = tx._row_values(entry)
            conn.execute(f"INSERT INTO so_di (id, {', '.join(COLUMNS)}) VALUES "
                         f"({', '.join('?' * (len(COLUMNS) + 1))})", [row["id"], *values])
            previous = entry.bam or GENESIS
        conn.execute("UPDATE dau_chuoi SET so_muc = ?, bam = ? WHERE id = 1",
                     (len(rows), previous))
        for trigger in TRIGGERS:
            conn.execute(trigger)

    def migrate(self) -> tuple[int, int]:
        """Create or upgrade the register; returns (version before, version after)."""
        before = 0
        if self.exists and self._conn is None:
            self._check_not_lost()
            try:
                probe = sqlite3.connect(self.path, timeout=5.0)
                try:
                    before = self._version(probe)
                finally:
                    probe.close()
            except sqlite3.DatabaseError as exc:
                raise _broken(self.path, exc) from None
        elif self._conn is not None:
            before = SCHEMA_VERSION
        self._connect(create=True)
        return before, SCHEMA_VERSION

    # -- transactions ------------------------------------------------------------------------------

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise _database_error(self.path, exc) from None

    @contextmanager
    def write(self, what: str) -> Iterator[SqliteTransaction]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``: files and rows land together or not at all."""
        conn = self._connect(create=True)
        tx = SqliteTransaction(conn, self.store)
        with self._guard():
            _retry(lambda: conn.execute("BEGIN IMMEDIATE"), what, self.path)
        try:
            with self._guard():
                self._fault("locked")
                self.store.recover(tx.is_registered_file)
                yield tx
                if tx.written:
                    self.store.sync(tx.written)
                if self.store.has_held:
                    # A commit that writes nothing leaves the -wal file as it is, and with it
                    # the commit of a process killed inside COMMIT that the recovery above
                    # could not see (Store.recover): rewriting a value writes a page over it.
                    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.execute("COMMIT")
        except BaseException:
            # Files go before the lock is released, so the next writer never meets them.
            for rel in tx.written:
                self.store.remove(rel)
            if tx.journal is not None:
                self.store.end(tx.journal)
            self.store.keep_held()
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise
        self.store.settle()
        self._fault("commit")
        if tx.journal is not None:
            self.store.end(tx.journal)

    @contextmanager
    def read(self) -> Iterator[SqliteTransaction]:
        """Reads outside a transaction (WAL: each statement sees committed rows)."""
        conn = self._connect(create=False)
        with self._guard():
            yield SqliteTransaction(conn, self.store)

    def snapshot(self) -> contextlib.AbstractContextManager[Transaction]:
        """Under the write lock, after cleaning up what crashed writers left."""
        return self.write(N_("kiểm tra"))
