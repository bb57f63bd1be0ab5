"""What both register backends share: the table's columns, row conversion, the chain head.

A register backend (:class:`~.sqlite_register.SqliteRegister` for a folder,
:class:`~.pg_register.PostgresRegister` for a server) opens :class:`Transaction` objects; the
archive (:class:`docgen.archive.Archive`) does all its work through them, so every command
behaves the same on both. SQL is written once here with ``?`` placeholders; the PostgreSQL
backend turns them into ``%s``.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

from ..errors import ArchiveError, Problem
from ..i18n import _
from .entry import GENESIS, Entry, chain_hash

ENV_VAR = "DOCGEN_ARCHIVE"
"""The environment variable naming the register: a folder or a ``postgresql://`` URL."""
SCHEMA_VERSION = 2
"""1: the first SQLite register; 2: number series, PDF beside the .docx, the hash chain."""

LIST_COLUMNS = ("kinh_gui", "noi_nhan", "luu")
COLUMNS = tuple(f.name for f in fields(Entry) if f.name != "id")

_TEXT, _INT = "TEXT", "INTEGER"
COLUMN_TYPES: dict[str, str] = {
    "co_quan": f"{_TEXT} NOT NULL", "nam": f"{_INT} NOT NULL", "so": f"{_INT} NOT NULL CHECK "
    "(so > 0)", "ky_hieu": f"{_TEXT} NOT NULL", "ngay": f"{_TEXT} NOT NULL",
    "trich_yeu": f"{_TEXT} NOT NULL", "loai": _TEXT, "ten_co_quan": _TEXT, "nguoi_ky": _TEXT,
    "kinh_gui": f"{_TEXT} NOT NULL", "noi_nhan": f"{_TEXT} NOT NULL",
    "luu": f"{_TEXT} NOT NULL", "so_ban": _INT, "do_khan": _TEXT, "tep": f"{_TEXT} UNIQUE",
    "sha256": _TEXT, "tep_bieu_mau": f"{_TEXT} UNIQUE", "sha256_bieu_mau": _TEXT, "mau": _TEXT,
    "phien_ban": _TEXT, "thoi_diem": f"{_TEXT} NOT NULL", "nguon": f"{_TEXT} NOT NULL",
    "ngay_chuyen": _TEXT, "ky_nhan": _TEXT, "ghi_chu": _TEXT,
    "day_so": f"{_TEXT} NOT NULL DEFAULT ''", "tep_pdf": f"{_TEXT} UNIQUE", "sha256_pdf": _TEXT,
    "thu_tu": f"{_INT} NOT NULL UNIQUE CHECK (thu_tu > 0)", "bam_truoc": f"{_TEXT} NOT NULL",
    "bam": f"{_TEXT} NOT NULL",
}
assert set(COLUMN_TYPES) == set(COLUMNS), "every Entry field is a column"


def table_sql(id_type: str) -> str:
    """``CREATE TABLE so_di`` with ``id_type`` for the key (where the dialects differ)."""
    columns = ",\n    ".join(f"{name} {COLUMN_TYPES[name]}" for name in COLUMNS)
    return (f"CREATE TABLE so_di (\n    id {id_type},\n    {columns},\n"
            "    UNIQUE (co_quan, nam, day_so, so)\n)")


HEAD_TABLE = ("CREATE TABLE dau_chuoi (id INTEGER PRIMARY KEY CHECK (id = 1), "
              "so_muc INTEGER NOT NULL CHECK (so_muc >= 0), bam TEXT NOT NULL)")
HEAD_ROW = f"INSERT INTO dau_chuoi (id, so_muc, bam) VALUES (1, 0, '{GENESIS}')"
SETTINGS_TABLE = "CREATE TABLE cai_dat (khoa TEXT PRIMARY KEY, gia_tri TEXT NOT NULL)"
"""The register's own settings (``danh_so_rieng``: kinds numbered in a series of their own), so
every machine issuing into it numbers alike."""
SHARED_SCHEMA = (HEAD_TABLE, HEAD_ROW, SETTINGS_TABLE)
"""Tables besides ``so_di`` that both backends create the same way."""
SEPARATE_SERIES = "danh_so_rieng"


def head_lost() -> ArchiveError:
    """The register has lost its chain head row: no number can be issued into it."""
    return ArchiveError(Problem(
        _("sổ đăng ký bị hỏng: mất dòng đầu chuỗi (dau_chuoi)"),
        hint=_("Không cấp số vào sổ này nữa; chạy 'docgen archive verify', báo người phụ trách "
               "và khôi phục sổ từ bản sao lưu. Chưa số nào được dùng.")))


@dataclass(frozen=True)
class ChainHead:
    """The end of the register's hash chain: how many rows, and the last row's hash."""

    count: int
    hash: str

    @property
    def anchor(self) -> str:
        """``120:3f9a…``: what ``docgen archive verify --moc`` takes to check it later."""
        return f"{self.count}:{self.hash}"

    def __str__(self) -> str:
        return _("{hash} (dòng thứ {position})").format(hash=self.hash, position=self.count)


class Transaction(ABC):
    """One unit of work on the register; reads see one consistent state.

    Opened by a backend's ``write(what)`` (holding the register's write lock: numbers, rows and
    files written in it land together or not at all) or ``read()``.
    """

    placeholder = "?"

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self._head: ChainHead | None = None

    def _sql(self, sql: str) -> str:
        return sql if self.placeholder == "?" else sql.replace("?", self.placeholder)

    def execute(self, sql: str, args: Sequence[Any] = ()) -> Any:
        """Run ``sql`` (``?`` placeholders) and return the cursor."""
        return self.conn.execute(self._sql(sql), list(args))

    # -- rows --------------------------------------------------------------------------------

    def _date_param(self, value: date) -> Any:
        return value.isoformat()

    def _row_values(self, entry: Entry) -> list[Any]:
        values = []
        for name in COLUMNS:
            value = getattr(entry, name)
            if name in LIST_COLUMNS:
                value = json.dumps(list(value), ensure_ascii=False)
            elif name == "ngay":
                value = self._date_param(value)
            values.append(value)
        return values

    @staticmethod
    def _entry(row: Sequence[Any]) -> Entry:
        values = dict(zip(("id", *COLUMNS), row, strict=True))
        for name in LIST_COLUMNS:
            values[name] = tuple(json.loads(values[name]))
        if isinstance(values["ngay"], str):
            values["ngay"] = date.fromisoformat(values["ngay"])
        return Entry(**values)

    def _select(self, where: list[str], args: list[Any], order: str) -> list[Entry]:
        sql = f"SELECT id, {', '.join(COLUMNS)} FROM so_di"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return [self._entry(row) for row in self.execute(f"{sql} ORDER BY {order}", args)]

    def entries(self, *, nam: int | None = None, co_quan: str | None = None,
                so: int | None = None) -> list[Entry]:
        """Register rows in order (year, agency, series, number), filtered by what is given."""
        where, args = [], []
        for column, value in (("nam", nam), ("co_quan", co_quan), ("so", so)):
            if value is not None:
                where.append(f"{column} = ?")
                args.append(value)
        return self._select(where, args, "nam, co_quan, day_so, so")

    def chain(self) -> list[Entry]:
        """Every row in the order it was written (its place in the hash chain)."""
        return self._select([], [], "thu_tu")

    def head(self) -> ChainHead:
        """The chain head as the register records it (read once per transaction: a write
        transaction holds it locked and moves it itself)."""
        if self._head is None:
            row = self.execute("SELECT so_muc, bam FROM dau_chuoi WHERE id = 1").fetchone()
            self._head = ChainHead(0, GENESIS) if row is None else ChainHead(int(row[0]), row[1])
        return self._head

    def separate_series(self) -> list[str]:
        """Kinds the register numbers in a series of their own (set by ``archive danh-so``)."""
        row = self.execute("SELECT gia_tri FROM cai_dat WHERE khoa = ?",
                           (SEPARATE_SERIES,)).fetchone()
        return list(json.loads(row[0])) if row else []

    def set_separate_series(self, kinds: Sequence[str]) -> None:
        """Record ``kinds`` as numbered apart (replacing the list)."""
        self.execute("INSERT INTO cai_dat (khoa, gia_tri) VALUES (?, ?) ON CONFLICT (khoa) "
                     "DO UPDATE SET gia_tri = excluded.gia_tri",
                     (SEPARATE_SERIES, json.dumps(list(kinds))))

    def taken(self, co_quan: str, nam: int, day_so: str, so: int) -> bool:
        """Whether ``so`` is already in that series."""
        row = self.execute("SELECT 1 FROM so_di WHERE co_quan = ? AND nam = ? AND day_so = ? "
                           "AND so = ?", (co_quan, nam, day_so, so)).fetchone()
        return row is not None

    def next_number(self, co_quan: str, nam: int, day_so: str = "") -> int:
        """The next free number of the series: one past the highest, from 1."""
        row = self.execute("SELECT MAX(so) FROM so_di WHERE co_quan = ? AND nam = ? "
                           "AND day_so = ?", (co_quan, nam, day_so)).fetchone()
        return (row[0] or 0) + 1

    def so_ky_hieu_taken(self, co_quan: str, nam: int, so: int, ky_hieu: str) -> bool:
        """Whether ``so/ky_hieu`` was issued that year in any series of the agency."""
        row = self.execute("SELECT 1 FROM so_di WHERE co_quan = ? AND nam = ? AND so = ? "
                           "AND ky_hieu = ?", (co_quan, nam, so, ky_hieu)).fetchone()
        return row is not None

    def is_registered_file(self, rel: str) -> bool:
        """Whether a row names ``rel`` as one of its files."""
        row = self.execute("SELECT 1 FROM so_di WHERE tep = ? OR tep_bieu_mau = ? OR "
                           "tep_pdf = ? LIMIT 1", (rel, rel, rel)).fetchone()
        return row is not None

    def append(self, entry: Entry) -> Entry:
        """Insert ``entry`` as the next link of the chain; returns it with its chain fields.

        The caller holds the write transaction (which serialises writers on the chain head).
        """
        head = self.head()
        linked = replace(entry, id=None, thu_tu=head.count + 1, bam_truoc=head.hash, bam=None)
        linked = replace(linked, bam=chain_hash(linked))
        self.execute(f"INSERT INTO so_di ({', '.join(COLUMNS)}) VALUES "
                     f"({', '.join('?' * len(COLUMNS))})", self._row_values(linked))
        moved = self.execute("UPDATE dau_chuoi SET so_muc = ?, bam = ? WHERE id = 1",
                             (linked.thu_tu, linked.bam))
        if moved.rowcount != 1:
            raise head_lost()
        self._head = ChainHead(linked.thu_tu or 0, linked.bam or GENESIS)
        return linked

    # -- files and checks (backend-specific) ------------------------------------------------

    def reserve(self, rels: list[str]) -> None:  # noqa: B027 - a no-op unless files are outside
        """Announce the files about to be written (a folder keeps a journal of them)."""

    @abstractmethod
    def file_exists(self, rel: str) -> bool:
        """Whether a stored file ``rel`` exists (registered or not)."""

    def existing_files(self, rels: Sequence[str]) -> list[str]:
        """Those of ``rels`` that are already stored."""
        return [rel for rel in rels if self.file_exists(rel)]

    @abstractmethod
    def put_file(self, rel: str, data: bytes) -> None:
        """Store ``data`` as ``rel``; it becomes permanent when the transaction commits."""

    @abstractmethod
    def read_file(self, rel: str) -> bytes | None:
        """The bytes of ``rel``, or None when it is not there."""

    @abstractmethod
    def file_digests(self) -> dict[str, str]:
        """SHA-256 of every stored file, registered or not."""

    @abstractmethod
    def integrity(self) -> list[str]:
        """The database's own checks: what is wrong with its storage or its protections."""


class Register(ABC):
    """A register backend: where rows and files live, and how writers take turns."""

    location: str
    """The folder or the server URL (password hidden), for messages."""

    @property
    @abstractmethod
    def exists(self) -> bool:
        """Whether a register has been created there."""

    @abstractmethod
    def write(self, what: str) -> AbstractContextManager[Transaction]:
        """A write transaction (``what``, a msgid marked ``N_`` such as ``cấp số``, names the
        action in a timeout message, translated there)."""

    @abstractmethod
    def read(self) -> AbstractContextManager[Transaction]:
        """A read-only view of the register; fails with a clear error if there is none."""

    @abstractmethod
    def snapshot(self) -> AbstractContextManager[Transaction]:
        """A consistent view for ``verify`` (a folder cleans up after crashed writers first)."""

    @abstractmethod
    def migrate(self) -> tuple[int, int]:
        """Create or upgrade the schema; returns (version before, version after)."""

    @abstractmethod
    def describe_file(self, rel: str) -> str:
        """Where a stored file is, for a clerk."""

    def close(self) -> None:  # noqa: B027 - nothing to release by default
        """Release connections."""
