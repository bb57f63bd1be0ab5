"""The register on a PostgreSQL server: one register for the whole office.

``--archive postgresql://vanthu@may-chu/so_dang_ky`` (or ``DOCGEN_ARCHIVE``) selects it. Rows,
the archived files (``tep``: the .docx, the resolved form, the PDF, as bytes) and the chain head
live in the database, so the register is one thing to back up, and many machines issue into it
through psycopg 3 and a connection pool.

Numbers: each writer first locks the chain head row (``dau_chuoi``) and then its series' counter
row (``bo_dem``) with ``SELECT … FOR UPDATE`` in the same transaction as the insert, so numbers
are allocated one at a time, with no gap and no duplicate; a client that dies mid-transaction
(kill -9, network cut) is rolled back by the server and its number was never used.

Immutability is enforced by the database: triggers refuse UPDATE, DELETE and TRUNCATE of rows
and files, and ``docgen archive migrate --cap-quyen ROLE`` grants a clerks' role only what issuing
needs (no UPDATE or DELETE of issued rows at all).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ..errors import ArchiveError, Problem
from ..i18n import N_, _
from .backend import (
    SCHEMA_VERSION,
    SHARED_SCHEMA,
    ChainHead,
    Register,
    Transaction,
    head_lost,
    table_sql,
)

URL_PREFIXES = ("postgresql://", "postgres://")
LOCK_TIMEOUT_MS = 60_000
"""How long a writer waits for another to finish before giving up (a clerk's patience)."""
IDLE_TIMEOUT_MS = 300_000
"""A client frozen inside a transaction is disconnected after this, releasing its locks."""
_MIGRATION_LOCK = 0x646F6367  # "docg": one migration at a time

_PROTECT = (
    """CREATE FUNCTION docgen_khong_sua() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'sổ đăng ký không được sửa hay xóa: đính chính bằng văn bản mới'
        USING ERRCODE = 'insufficient_privilege';
END $$""",
    """CREATE FUNCTION docgen_dau_chuoi_tien() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'UPDATE' OR NEW.so_muc <> OLD.so_muc + 1 THEN
        RAISE EXCEPTION 'đầu chuỗi sổ đăng ký chỉ tiến từng dòng'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$""",
    "CREATE TRIGGER so_di_khong_sua BEFORE UPDATE OR DELETE ON so_di FOR EACH ROW "
    "EXECUTE FUNCTION docgen_khong_sua()",
    "CREATE TRIGGER so_di_khong_xoa_het BEFORE TRUNCATE ON so_di FOR EACH STATEMENT "
    "EXECUTE FUNCTION docgen_khong_sua()",
    "CREATE TRIGGER tep_khong_sua BEFORE UPDATE OR DELETE ON tep FOR EACH ROW "
    "EXECUTE FUNCTION docgen_khong_sua()",
    "CREATE TRIGGER tep_khong_xoa_het BEFORE TRUNCATE ON tep FOR EACH STATEMENT "
    "EXECUTE FUNCTION docgen_khong_sua()",
    "CREATE TRIGGER dau_chuoi_chi_tien BEFORE UPDATE OR DELETE ON dau_chuoi FOR EACH ROW "
    "EXECUTE FUNCTION docgen_dau_chuoi_tien()",
    "CREATE TRIGGER dau_chuoi_khong_xoa_het BEFORE TRUNCATE ON dau_chuoi FOR EACH STATEMENT "
    "EXECUTE FUNCTION docgen_khong_sua()",
    "REVOKE UPDATE, DELETE, TRUNCATE ON so_di, tep FROM PUBLIC",
)
TRIGGER_NAMES = {
    "so_di": ("so_di_khong_sua", "so_di_khong_xoa_het"),
    "tep": ("tep_khong_sua", "tep_khong_xoa_het"),
    "dau_chuoi": ("dau_chuoi_chi_tien", "dau_chuoi_khong_xoa_het"),
}

_SCHEMA_V2 = (
    "CREATE TABLE docgen_luoc_do (phien_ban INTEGER PRIMARY KEY, "
    "thoi_diem TIMESTAMPTZ NOT NULL DEFAULT now())",
    table_sql("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY").replace(
        "ngay TEXT NOT NULL", "ngay DATE NOT NULL"),
    "CREATE TABLE tep (ten TEXT PRIMARY KEY, du_lieu BYTEA NOT NULL)",
    "CREATE TABLE bo_dem (co_quan TEXT NOT NULL, nam INTEGER NOT NULL, day_so TEXT NOT NULL, "
    "PRIMARY KEY (co_quan, nam, day_so))",
    *SHARED_SCHEMA,
    *_PROTECT,
)
MIGRATIONS: dict[int, tuple[str, ...]] = {2: _SCHEMA_V2}
"""Statements that bring the schema up to version ``n`` from the one before (a new database
is 0; the first schema on PostgreSQL is 2, the same as the folder register's)."""


def is_url(location: object) -> bool:
    """Whether ``location`` names a PostgreSQL register rather than a folder."""
    return str(location).startswith(URL_PREFIXES)


def repair_url(text: str) -> str:
    """``postgresql:/u@h/db`` (a URL that went through :class:`pathlib.Path`) → ``…://…``."""
    m = re.match(r"(postgres(?:ql)?):/(?!/)(.*)", text)
    return f"{m[1]}://{m[2]}" if m else text


def safe_url(url: str) -> str:
    """``url`` with its password (in the address or as ``?password=``) replaced by ``***``."""
    url = re.sub(r"(?i)([?&]password=)[^&]*", r"\1***", url)
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[1]}"))


def _connection_problem(url: str, exc: Exception) -> ArchiveError:
    """The clerk's explanation of a failed connection (psycopg's text is English)."""
    text = str(exc)
    low = text.lower()
    where = safe_url(url)
    if "password authentication failed" in low or "no password supplied" in low or \
            ("role" in low and "does not exist" in low) or "pg_hba.conf" in low:
        return ArchiveError(Problem(
            _("máy chủ PostgreSQL từ chối đăng nhập: sai tên người dùng hoặc mật khẩu "
              "(hoặc máy này chưa được phép kết nối)"), file=where,
            hint=_("Kiểm tra tên và mật khẩu trong địa chỉ --archive (hoặc tệp ~/.pgpass); hỏi "
                   "người quản trị máy chủ cấp quyền cho máy này.")))
    if "database" in low and "does not exist" in low:
        return ArchiveError(Problem(
            _("máy chủ PostgreSQL không có cơ sở dữ liệu này"), file=where,
            hint=_("Kiểm tra tên cơ sở dữ liệu ở cuối địa chỉ; người quản trị tạo nó bằng "
                   "'createdb', rồi chạy 'docgen archive migrate'.")))
    if "invalid" in low and ("dsn" in low or "uri" in low or "connection option" in low):
        return ArchiveError(Problem(
            _("địa chỉ sổ đăng ký PostgreSQL viết sai"), file=where,
            hint=_("Dạng đúng: postgresql://ten_nguoi_dung@may-chu:5432/ten_co_so_du_lieu")))
    return ArchiveError(Problem(
        _("không kết nối được máy chủ PostgreSQL của sổ đăng ký (máy chủ tắt, sai địa chỉ hoặc "
          "mạng bị chặn)"), file=where,
        hint=_("Kiểm tra máy chủ đang chạy và địa chỉ, cổng trong --archive (hoặc "
               "DOCGEN_ARCHIVE); hỏi người quản trị mạng. Chưa số nào được dùng.")))


def _lost(url: str, exc: Exception) -> ArchiveError:
    return ArchiveError(Problem(
        _("mất kết nối với máy chủ sổ đăng ký giữa chừng ({error})").format(
            error=type(exc).__name__),
        file=safe_url(url),
        hint=_("Việc đang làm bị hủy trọn vẹn: sổ có đủ văn bản hoặc không có gì. Xem lại bằng "
               "'docgen archive list' rồi chạy lại nếu văn bản chưa có số.")))


class PostgresTransaction(Transaction):
    """A transaction on the server; files are rows of ``tep``."""

    placeholder = "%s"

    def _date_param(self, value: date) -> Any:
        return value

    def next_number(self, co_quan: str, nam: int, day_so: str = "") -> int:
        """Lock the series' counter row (created if new), then one past its highest number."""
        key = (co_quan, nam, day_so)
        lock = "SELECT 1 FROM bo_dem WHERE co_quan = ? AND nam = ? AND day_so = ? FOR UPDATE"
        if self.execute(lock, key).fetchone() is None:
            self.execute("INSERT INTO bo_dem (co_quan, nam, day_so) VALUES (?, ?, ?) "
                         "ON CONFLICT DO NOTHING", key)
            self.execute(lock, key)
        return super().next_number(co_quan, nam, day_so)

    def file_exists(self, rel: str) -> bool:
        """Whether a file row ``rel`` exists."""
        return self.execute("SELECT 1 FROM tep WHERE ten = ?", (rel,)).fetchone() is not None

    def existing_files(self, rels: Sequence[str]) -> list[str]:
        """Those of ``rels`` already stored, in one query."""
        rows = self.execute("SELECT ten FROM tep WHERE ten = ANY(?)", (list(rels),))
        return [row[0] for row in rows]

    def put_file(self, rel: str, data: bytes) -> None:
        """Insert the file row (committed with the register row)."""
        self.execute("INSERT INTO tep (ten, du_lieu) VALUES (?, ?)", (rel, data))

    def read_file(self, rel: str) -> bytes | None:
        """The stored bytes, or None."""
        row = self.execute("SELECT du_lieu FROM tep WHERE ten = ?", (rel,)).fetchone()
        return None if row is None else bytes(row[0])

    def file_digests(self) -> dict[str, str]:
        """SHA-256 of every stored file, computed by the server."""
        rows = self.execute("SELECT ten, encode(sha256(du_lieu), 'hex') FROM tep ORDER BY ten")
        return {name: digest for name, digest in rows}

    def integrity(self) -> list[str]:
        """The protections are in place and enabled; the chain is checked by the caller."""
        problems = []
        for table, names in TRIGGER_NAMES.items():
            rows = self.execute(
                "SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = to_regclass(?) "
                "AND NOT tgisinternal", (table,)).fetchall()
            state = {name: enabled for name, enabled in rows}
            for name in names:
                if name not in state:
                    problems.append(_("thiếu trigger bảo vệ '{name}' trên bảng {table} (ai đó đã "
                                      "gỡ lớp chống sửa, xóa)").format(name=name, table=table))
                elif state[name] == "D":
                    problems.append(_("trigger bảo vệ '{name}' trên bảng {table} đang bị tắt"
                                      ).format(name=name, table=table))
        return problems


class PostgresRegister(Register):
    """The register in a PostgreSQL database."""

    def __init__(self, url: str, fault: Callable[[str], None] = lambda stage: None,
                 *, pool_size: int = 4) -> None:
        self.url = repair_url(str(url))
        self.location = safe_url(self.url)
        self._fault = fault
        self._pool: Any = None
        self._pool_size = pool_size
        self._version: int | None = None

    # -- connecting ----------------------------------------------------------------------------

    @staticmethod
    def _configure(conn: Any) -> None:
        conn.execute(f"SET lock_timeout = {LOCK_TIMEOUT_MS}")
        conn.execute(f"SET idle_in_transaction_session_timeout = {IDLE_TIMEOUT_MS}")

    def _probe(self) -> int:
        """Connect once directly (psycopg says why it failed; a pool only times out)."""
        import psycopg

        try:
            with psycopg.connect(self.url, autocommit=True, connect_timeout=10) as conn:
                return self._schema_version(conn)
        except psycopg.OperationalError as exc:
            raise _connection_problem(self.url, exc) from None
        except psycopg.ProgrammingError as exc:
            raise _connection_problem(self.url, exc) from None

    @staticmethod
    def _schema_version(conn: Any) -> int:
        if conn.execute("SELECT to_regclass('docgen_luoc_do')").fetchone()[0] is None:
            return 0
        return int(conn.execute("SELECT COALESCE(MAX(phien_ban), 0) FROM docgen_luoc_do")
                   .fetchone()[0])

    def _check_version(self, version: int, *, create: bool) -> None:
        if version > SCHEMA_VERSION:
            raise ArchiveError(Problem(
                _("sổ đăng ký trên máy chủ dùng lược đồ {version}, mới hơn bản docgen này (hiểu "
                  "đến {known})").format(version=version, known=SCHEMA_VERSION),
                file=self.location,
                hint=_("Cập nhật docgen trên máy này (pip install -U docgen) như các máy khác.")))
        if version == 0 and not create:
            raise ArchiveError(Problem(
                _("cơ sở dữ liệu này chưa có sổ đăng ký văn bản đi"), file=self.location,
                hint=_("Tạo sổ: docgen archive migrate --archive <địa chỉ>; hoặc cấp số văn bản "
                       "đầu tiên (docgen archive issue).")))

    def _get_pool(self, *, create: bool) -> Any:
        if self._pool is None:
            version = self._probe()
            self._check_version(version, create=create)
            if version < SCHEMA_VERSION:
                self._upgrade()
            from psycopg_pool import ConnectionPool

            self._pool = ConnectionPool(
                self.url, min_size=0, max_size=self._pool_size, open=True,
                kwargs={"autocommit": True}, configure=self._configure, timeout=30,
                check=ConnectionPool.check_connection,
                name="docgen-so-dang-ky")
        return self._pool

    def _upgrade(self) -> tuple[int, int]:
        import psycopg

        try:
            with psycopg.connect(self.url, autocommit=True, connect_timeout=10) as conn:
                conn.execute("BEGIN")
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
                before = self._schema_version(conn)
                self._check_version(before, create=True)
                for version in sorted(v for v in MIGRATIONS if v > before):
                    for statement in MIGRATIONS[version]:
                        conn.execute(statement)
                    conn.execute("INSERT INTO docgen_luoc_do (phien_ban) VALUES (%s)",
                                 (version,))
                conn.execute("COMMIT")
        except psycopg.errors.InsufficientPrivilege as exc:
            raise ArchiveError(Problem(
                _("người dùng PostgreSQL này không được tạo bảng ({error})").format(
                    error=exc.diag.message_primary),
                file=self.location,
                hint=_("Người quản trị chạy 'docgen archive migrate' bằng tài khoản chủ cơ sở "
                       "dữ liệu, rồi cấp quyền cho văn thư bằng --cap-quyen."))) from None
        except psycopg.OperationalError as exc:
            raise _connection_problem(self.url, exc) from None
        self._version = SCHEMA_VERSION
        return before, SCHEMA_VERSION

    def migrate(self) -> tuple[int, int]:
        """Create the schema in an empty database or upgrade it; records the version."""
        self._probe()
        return self._upgrade()

    def grant(self, role: str) -> None:
        """Let ``role`` issue and read, and nothing more: no UPDATE or DELETE of the register."""
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", role):
            raise ArchiveError(Problem(
                _("'{role}' không phải tên vai trò PostgreSQL").format(role=role),
                option="--cap-quyen", hint=_("Ví dụ: --cap-quyen van_thu")))
        statements = (
            f"GRANT SELECT, INSERT ON so_di, tep TO {role}",
            f"GRANT SELECT, INSERT, UPDATE ON bo_dem, dau_chuoi TO {role}",
            f"GRANT SELECT ON docgen_luoc_do, cai_dat TO {role}",
        )
        with self.write(N_("cấp quyền")) as tx:
            for statement in statements:
                tx.execute(statement)

    @property
    def exists(self) -> bool:
        """Whether the database holds a docgen register."""
        return self._version_now() > 0

    def _version_now(self) -> int:
        if self._version is None:
            self._version = self._probe()
        return self._version

    def describe_file(self, rel: str) -> str:
        """The file's name inside the database."""
        return _("{file} (trong cơ sở dữ liệu {location})").format(file=rel,
                                                                  location=self.location)

    def close(self) -> None:
        """Close the pool."""
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    # -- transactions ------------------------------------------------------------------------------

    @contextmanager
    def _connection(self, *, create: bool) -> Iterator[Any]:
        import psycopg
        import psycopg_pool

        try:
            with self._get_pool(create=create).connection() as conn:
                yield conn
        except psycopg_pool.PoolTimeout as exc:
            raise _connection_problem(self.url, exc) from None
        except psycopg.errors.LockNotAvailable:
            raise ArchiveError(Problem(
                _("sổ đăng ký đang bận quá {seconds} giây").format(
                    seconds=LOCK_TIMEOUT_MS // 1000), file=self.location,
                hint=_("Có máy khác đang ghi vào sổ; đợi một lát rồi chạy lại. Không có số nào "
                       "bị dùng."))) from None
        except psycopg.errors.InsufficientPrivilege as exc:
            raise ArchiveError(Problem(
                _("máy chủ từ chối: {error}").format(error=exc.diag.message_primary),
                file=self.location,
                hint=_("Sổ đăng ký không được sửa hay xóa; tài khoản này thiếu quyền thì hỏi "
                       "người quản trị (docgen archive migrate --cap-quyen)."))) from None
        except psycopg.OperationalError as exc:
            raise _lost(self.url, exc) from None
        except psycopg.DatabaseError as exc:
            raise ArchiveError(Problem(
                _("máy chủ sổ đăng ký báo lỗi: {error}").format(
                    error=exc.diag.message_primary or exc),
                file=self.location,
                hint=_("Chạy 'docgen archive verify'; báo người quản trị nếu lỗi lặp lại."))) \
                from None

    @contextmanager
    def write(self, what: str) -> Iterator[PostgresTransaction]:
        """A transaction holding the chain head's lock: writers take turns, nothing half done."""
        with self._connection(create=True) as conn:
            tx = PostgresTransaction(conn)
            conn.execute("BEGIN")
            try:
                # Every writer takes the head first, so locks are always taken in one order.
                row = conn.execute("SELECT so_muc, bam FROM dau_chuoi WHERE id = 1 FOR UPDATE"
                                   ).fetchone()
                if row is None:
                    raise head_lost()
                tx._head = ChainHead(int(row[0]), row[1])
                self._fault("locked")
                yield tx
                conn.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(Exception):
                    conn.execute("ROLLBACK")
                raise
        self._fault("commit")

    @contextmanager
    def read(self) -> Iterator[PostgresTransaction]:
        """A read-only snapshot (REPEATABLE READ): every query sees the same register."""
        with self._connection(create=False) as conn:
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            try:
                yield PostgresTransaction(conn)
            finally:
                with contextlib.suppress(Exception):
                    conn.execute("ROLLBACK")

    @contextmanager
    def snapshot(self) -> Iterator[Transaction]:
        """A read-only snapshot taken once the writers already at work have finished.

        The server leaves nothing behind to clean up, but a client killed just after sending
        COMMIT (or in a transaction its server process has not yet seen it leave) still holds
        the chain head: taken earlier, the snapshot would miss a number that commits a moment
        later, and verify would report on a register that is already out of date.
        """
        self._wait_for_writers()
        with self.read() as tx:
            yield tx

    def _wait_for_writers(self) -> None:
        import psycopg

        with self._connection(create=False) as conn:
            conn.execute("BEGIN")
            try:
                # Waits for the lock every writer takes first (write), then lets it go.
                conn.execute("SELECT 1 FROM dau_chuoi WHERE id = 1 FOR SHARE")
            except psycopg.errors.InsufficientPrivilege:
                pass  # an account that may only read cannot wait: its snapshot is of now
            finally:
                with contextlib.suppress(Exception):
                    conn.execute("ROLLBACK")
