"""The archive: the outgoing register (sổ đăng ký văn bản đi) with automatic numbering.

An archive is a folder (default ``./luu-tru``, or ``$DOCGEN_ARCHIVE``) holding the register in
SQLite (``so-dang-ky.sqlite3``) and the issued files, ``<year>/<số>-<ký hiệu>.docx`` with the
exact resolved form beside each (``.yaml``). Numbers run in one series per agency
(``co_quan.viet_tat``) per calendar year of the document date, from 01 (Điều 15)::

    from docgen.archive import Archive

    with Archive("luu-tru") as archive:
        entry = archive.issue("data/forms/gia-han-ky-nang-so.yaml")
        print(entry.so_ky_hieu, entry.tep)            # 01/UBND-VHXH 2026/01-UBND-VHXH.docx

        # A batch: consecutive numbers in roster order, all or nothing.
        spec = read_form("thong-bao.yaml")
        entries = archive.issue_many([spec.build(row) for row in roster],
                                     template=spec.template_name)

        archive.export_register(2026, Path("so-dang-ky-2026.xlsx"))
        assert not archive.verify().findings

Allocation, rendering and writing are one transaction under SQLite's write lock
(``BEGIN IMMEDIATE``, retried while busy): a failed render uses no number, concurrent processes
never share a number, and a process killed at any point leaves a complete entry or nothing
(see :mod:`.store` for the journal that cleans up after it). Entries are never changed or
deleted; a correction is a new document.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import re
import signal
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from pydantic import ValidationError

from .. import __version__
from ..errors import DocgenError, Problem
from ..fileio import atomic_write, sha256_file
from ..forms import FormSpec, dump_form, load_form, read_form
from ..models import VanBan, validation_problems
from ..render import render_docx
from . import db
from .entry import SOURCE_IMPORTED, Entry, entry_for
from .register import COLUMNS, agency_of, csv_bytes, fold, plain, read_register, xlsx_bytes
from .store import Store, docx_name, docx_text, form_name, sha256_bytes

__all__ = [
    "COLUMNS",
    "DEFAULT_DIR",
    "ENV_VAR",
    "Archive",
    "Entry",
    "Finding",
    "Rerendered",
    "Series",
    "VerifyReport",
    "archive_dir",
    "parse_ref",
]

ENV_VAR = "DOCGEN_ARCHIVE"
DEFAULT_DIR = "luu-tru"
FAULT_ENV = "DOCGEN_ARCHIVE_FAULT"
"""Test hook: set to a stage name (``locked``, ``journal``, ``docx``, ``form``, ``row``,
``commit``) and the issuing process kills itself with SIGKILL there, as a power cut would."""

Document = VanBan | FormSpec | str | os.PathLike[str]
"""What :meth:`Archive.issue` accepts: a document, a read form, or the path of a form file."""


def archive_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The archive folder: ``path`` if given, else ``$DOCGEN_ARCHIVE``, else ``./luu-tru``."""
    if path is not None and str(path):
        return Path(path)
    return Path(os.environ.get(ENV_VAR) or DEFAULT_DIR)


_REF = re.compile(r"\s*(?:s[oố]\s*:?\s*)?(\d{1,6})\s*(?:/\s*(\S+))?\s*", re.IGNORECASE)


def parse_ref(text: str) -> tuple[int, str | None]:
    """``05/UBND-VHXH`` → ``(5, "UBND-VHXH")``; ``5`` → ``(5, None)``."""
    m = _REF.fullmatch(text)
    if not m or int(m[1]) < 1:
        raise DocgenError(Problem(
            f"'{text}' không phải số văn bản", field="SO",
            hint="Ghi số (ví dụ 5) hoặc số và ký hiệu (ví dụ 05/UBND-VHXH).",
        ))
    return int(m[1]), m[2]


def _fault(stage: str) -> None:
    if os.environ.get(FAULT_ENV) == stage:
        os.kill(os.getpid(), signal.SIGKILL)


@dataclass(frozen=True)
class Finding:
    """One thing :meth:`Archive.verify` found wrong."""

    kind: str
    """``thieu`` (file missing), ``sai`` (hash differs) or ``ngoai-so`` (not in the register)."""
    file: str
    entry: Entry | None = None

    def __str__(self) -> str:
        where = f" (văn bản số {self.entry.so_ky_hieu}, năm {self.entry.nam})" if self.entry else ""
        if self.kind == "thieu":
            return f"THIẾU   {self.file}{where}: tệp không còn trong lưu trữ"
        if self.kind == "sai":
            return (f"BỊ SỬA  {self.file}{where}: nội dung khác với lúc cấp số "
                    "(mã SHA-256 không khớp sổ)")
        return f"NGOÀI SỔ {self.file}: tệp không có trong sổ đăng ký"


@dataclass(frozen=True)
class VerifyReport:
    """What :meth:`Archive.verify` checked and found."""

    entries: int
    files_checked: int
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No file missing, altered or unregistered."""
        return not self.findings


@dataclass(frozen=True)
class Rerendered:
    """The stored form rendered again, compared with the archived file."""

    entry: Entry
    data: bytes
    same_bytes: bool
    same_text: bool
    diff: list[str]
    """Unified diff of the body text, archived → re-rendered; empty when the text matches."""


@dataclass(frozen=True)
class Series:
    """One agency's numbers in one year, after an import."""

    co_quan: str
    nam: int
    imported: int
    highest: int
    next: int


class Archive:
    """An archive folder: the register and the issued files.

    ``path`` defaults to :func:`archive_dir`. The folder and register are created by the first
    :meth:`issue` or :meth:`import_register`; reading an archive that does not exist raises
    :class:`DocgenError`. ``today`` and ``render`` replace :func:`datetime.date.today` and
    :func:`~docgen.render.render_docx` (for tests and benchmarks).

    An instance holds one SQLite connection: use it from one thread at a time. Several
    processes (or several instances) may issue into the same folder at once.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *,
                 today: Callable[[], date] | None = None,
                 render: Callable[[VanBan], bytes] | None = None) -> None:
        self.root = archive_dir(path)
        self.store = Store(self.root)
        self._today = today or date.today
        self._render = render or render_docx
        self._conn: sqlite3.Connection | None = None

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the register (the archive can be used again; it reopens)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    @property
    def db_path(self) -> Path:
        """The register's SQLite file."""
        return self.root / db.DB_NAME

    @property
    def exists(self) -> bool:
        """Whether the folder already holds a register."""
        return self.db_path.is_file()

    def _db(self, *, create: bool) -> sqlite3.Connection:
        if self._conn is not None:
            return self._conn
        if not self.exists:
            if not create:
                raise DocgenError(Problem(
                    "chưa có sổ đăng ký văn bản đi ở thư mục này", file=self.root,
                    hint=f"Chọn thư mục lưu trữ bằng --archive hoặc biến môi trường {ENV_VAR}; "
                    "sổ được tạo khi cấp số văn bản đầu tiên (docgen archive issue).",
                ))
            if self.root.exists() and not self.root.is_dir():
                raise DocgenError(Problem("đây là một tệp, không phải thư mục lưu trữ",
                                          file=self.root, hint="Chọn thư mục khác bằng --archive."))
            if not self.root.parent.is_dir():
                raise DocgenError(Problem(
                    f"thư mục '{self.root.parent}' không tồn tại", file=self.root,
                    hint="Tạo thư mục cha trước, hoặc chọn nơi lưu trữ khác bằng --archive.",
                ))
            self.root.mkdir(exist_ok=True)
        self._conn = db.connect(self.root)
        return self._conn

    def _recover(self, conn: sqlite3.Connection) -> list[str]:
        return self.store.recover(lambda rel: db.is_registered_file(conn, rel))

    # -- issuing ---------------------------------------------------------------------------

    def issue(self, document: Document, *, template: str | None = None) -> Entry:
        """Number, date, render and archive one document; returns its register row.

        ``document`` is a :class:`VanBan`, a :class:`FormSpec` or a form file's path. Its
        ``so`` must be blank (the register allocates it); a blank ``ngay`` becomes today. The
        number is the next free one of ``co_quan.viet_tat`` in the year of the date.
        ``template`` (``gia-han@1``) is recorded for a bare VanBan; a form supplies its own.
        Raises :class:`DocgenError` with nothing written when anything fails.
        """
        return self.issue_many([document], template=template)[0]

    def issue_many(self, documents: Iterable[Document], *,
                   template: str | None = None) -> list[Entry]:
        """Issue several documents in one transaction, numbered consecutively in order.

        For a batch: ``issue_many([spec.build(row) for row in roster],
        template=spec.template_name)``. Either every document is numbered and archived, or
        (on any error, or a crash) none is and no number is used.
        """
        prepared = [self._prepare(doc, template) for doc in documents]
        if not prepared:
            return []
        conn = self._db(create=True)
        today = self._today()
        written: list[str] = []
        journal: Path | None = None
        issued: list[Entry] = []
        db.begin_immediate(conn, self.db_path, "cấp số")
        try:
            _fault("locked")
            self._recover(conn)
            numbered = self._allocate(conn, prepared, today)
            names = [(docx_name(vb.nam_van_ban, vb.so or 0, vb.ky_hieu_day_du),
                      form_name(vb.nam_van_ban, vb.so or 0, vb.ky_hieu_day_du))
                     for vb, _ in numbered]
            for rel in (rel for pair in names for rel in pair):
                if self.store.exists(rel):
                    raise DocgenError(Problem(
                        "tệp đã có trong lưu trữ nhưng không có trong sổ đăng ký",
                        file=self.store.path(rel),
                        hint="Chạy 'docgen archive verify' để xem các tệp ngoài sổ; chuyển tệp "
                        "đó ra khỏi thư mục lưu trữ rồi cấp số lại. Chưa số nào được dùng.",
                    ))
            journal = self.store.begin([rel for pair in names for rel in pair])
            _fault("journal")
            now = datetime.now().astimezone().isoformat(timespec="seconds")
            for (vb, mau), (docx_rel, form_rel) in zip(numbered, names, strict=True):
                data = self._render_checked(vb)
                form = self._form_text(vb, mau, now).encode("utf-8")
                self.store.write(docx_rel, data)
                written.append(docx_rel)
                _fault("docx")
                self.store.write(form_rel, form)
                written.append(form_rel)
                _fault("form")
                entry = entry_for(vb, tep=docx_rel, sha256=sha256_bytes(data),
                                  tep_bieu_mau=form_rel, sha256_bieu_mau=sha256_bytes(form),
                                  mau=mau, phien_ban=__version__, thoi_diem=now)
                db.insert(conn, entry)
                issued.append(entry)
            _fault("row")
            self.store.sync(written)
            conn.execute("COMMIT")
        except BaseException:
            # Files go before the lock is released, so the next writer never meets them.
            for rel in written:
                self.store.remove(rel)
            if journal is not None:
                self.store.end(journal)
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise
        _fault("commit")
        self.store.end(journal)
        return issued

    def _prepare(self, document: Document,
                 template: str | None) -> tuple[VanBan, str | None, FormSpec | None]:
        spec = None
        if isinstance(document, str | os.PathLike):
            document = read_form(document)
        if isinstance(document, FormSpec):
            spec, template = document, document.template_name
            van_ban = document.build()
        elif isinstance(document, VanBan):
            van_ban = document
        else:
            raise TypeError(f"cannot issue {type(document).__name__}")
        if van_ban.so is not None:
            file, line = None, None
            if spec is not None and "so" in spec.origins:
                source, prefix = spec.origins["so"]
                file, line = source.file, source.line_of((*prefix, "so"))
            raise DocgenError(Problem(
                f"văn bản đã ghi sẵn số {van_ban.so_text}, trong khi số do sổ đăng ký cấp",
                file=file, line=line, field="so",
                hint="Xóa dòng so: (hoặc ghi so: null) để docgen cấp số tiếp theo trong sổ. "
                "Số đã cấp tay thì nhập vào sổ bằng 'docgen archive import'.",
            ))
        return van_ban, template, spec

    def _allocate(self, conn: sqlite3.Connection,
                  prepared: list[tuple[VanBan, str | None, FormSpec | None]],
                  today: date) -> list[tuple[VanBan, str | None]]:
        counters: dict[tuple[str, int], int] = {}
        out = []
        for van_ban, mau, spec in prepared:
            ngay = van_ban.ngay or today
            key = (van_ban.co_quan.viet_tat, ngay.year)
            number = counters.get(key) or db.next_number(conn, *key)
            counters[key] = number + 1
            data = {**van_ban.model_dump(), "so": number, "ngay": ngay, "nam": ngay.year}
            try:
                numbered = VanBan.model_validate(data)
            except ValidationError as exc:
                file = spec.path if spec is not None else None
                raise DocgenError(*[Problem(message, file=file, field=dotted or None, hint=hint)
                                    for dotted, message, hint in validation_problems(exc)]
                                  ) from None
            out.append((numbered, mau))
        return out

    def _render_checked(self, van_ban: VanBan) -> bytes:
        try:
            return self._render(van_ban)
        except DocgenError:
            raise
        except Exception as exc:
            raise DocgenError(Problem(
                f"không soạn được văn bản {van_ban.so_ky_hieu}: {type(exc).__name__}: {exc}",
                hint="Số này chưa được dùng và lưu trữ không thay đổi; sửa biểu mẫu rồi cấp "
                "số lại, hoặc báo lỗi cho người phát triển docgen kèm biểu mẫu.",
            )) from exc

    @staticmethod
    def _form_text(van_ban: VanBan, mau: str | None, now: str) -> str:
        so = f"{van_ban.so_text}/{van_ban.ky_hieu_day_du}"
        head = [
            f"# Biểu mẫu đầy đủ của văn bản số {so} (năm {van_ban.nam_van_ban}), cấp số lúc {now} "
            f"bằng docgen {__version__}" + (f", mẫu nội dung {mau}." if mau else "."),
            "# Tệp lưu trữ: không sửa. Đính chính thì ban hành văn bản mới.",
            f"# Soạn lại để đối chiếu: docgen archive rerender {so} --nam {van_ban.nam_van_ban}",
        ]
        return "\n".join(head) + "\n" + dump_form(van_ban)

    def next_number(self, co_quan: str, nam: int) -> int:
        """The number the next document of ``co_quan`` dated in ``nam`` would get."""
        if not self.exists:
            return 1
        return db.next_number(self._db(create=False), co_quan, nam)

    # -- reading ---------------------------------------------------------------------------

    def entries(self, *, nam: int | None = None, co_quan: str | None = None,
                tim: str | None = None) -> list[Entry]:
        """Register rows in order of year, agency and number.

        ``tim`` searches the trích yếu and recipients, ignoring case; typed without
        diacritics (``gia han``) it also ignores them.
        """
        rows = db.entries(self._db(create=False), nam=nam, co_quan=co_quan)
        if tim:
            rows = [row for row in rows if _matches(row.search_text(), tim)]
        return rows

    def find(self, ref: str | int, *, nam: int | None = None,
             co_quan: str | None = None) -> Entry:
        """The entry numbered ``ref`` (``5`` or ``05/UBND-VHXH``), optionally in year ``nam``.

        Raises :class:`DocgenError` when there is none, or several and ``ref``/``nam`` do not
        tell them apart.
        """
        so, ky_hieu = parse_ref(str(ref))
        rows = db.entries(self._db(create=False), nam=nam, co_quan=co_quan, so=so)
        if ky_hieu:
            rows = [r for r in rows if r.ky_hieu.casefold() == ky_hieu.casefold()]
        label = f"{so:02d}" + (f"/{ky_hieu}" if ky_hieu else "")
        in_year = f" năm {nam}" if nam else ""
        if not rows:
            raise DocgenError(Problem(
                f"sổ đăng ký không có văn bản số {label}{in_year}", file=self.db_path,
                hint="Xem các số đã cấp: docgen archive list" + (f" --nam {nam}" if nam else ""),
            ))
        if len(rows) > 1:
            found = ", ".join(f"{r.so_ky_hieu} (năm {r.nam})" for r in rows)
            raise DocgenError(Problem(
                f"có {len(rows)} văn bản số {label}: {found}", file=self.db_path,
                hint="Ghi rõ năm bằng --nam, hoặc cả số và ký hiệu (ví dụ "
                f"{rows[0].so_ky_hieu}).",
            ))
        return rows[0]

    def rerender(self, ref: str | int, *, nam: int | None = None) -> Rerendered:
        """Render the stored form of ``ref`` again and compare it with the archived file."""
        entry = self.find(ref, nam=nam)
        if entry.tep is None or entry.tep_bieu_mau is None:
            raise DocgenError(Problem(
                f"văn bản số {entry.so_ky_hieu} được nhập từ sổ cấp tay, lưu trữ không có tệp",
                hint="Chỉ soạn lại được văn bản do docgen cấp số.",
            ))
        form_path = self.store.path(entry.tep_bieu_mau)
        if not form_path.is_file():
            raise DocgenError(Problem("biểu mẫu lưu trữ không còn", file=form_path,
                                      hint="Chạy 'docgen archive verify' và lấy lại tệp từ bản "
                                      "sao lưu."))
        docx_path = self.store.path(entry.tep)
        if not docx_path.is_file():
            raise DocgenError(Problem("tệp văn bản lưu trữ không còn", file=docx_path,
                                      hint="Chạy 'docgen archive verify' và lấy lại tệp từ bản "
                                      "sao lưu."))
        data = self._render(load_form(form_path))
        archived = docx_path.read_bytes()
        old, new = docx_text(archived, docx_path), docx_text(data)
        diff = list(difflib.unified_diff(old, new, "lưu trữ", "soạn lại", lineterm="", n=1))
        return Rerendered(entry=entry, data=data, same_bytes=archived == data,
                          same_text=old == new, diff=diff)

    # -- checking --------------------------------------------------------------------------

    def verify(self) -> VerifyReport:
        """Recompute every hash; report files missing, altered or not in the register.

        First cleans up after processes that died while issuing (under the write lock), so
        what remains is what a clerk has to look at.
        """
        conn = self._db(create=False)
        with db.write_transaction(conn, self.db_path, "kiểm tra"):
            self._recover(conn)
            rows = db.entries(conn)
            files = self.store.files()
        findings: list[Finding] = []
        registered: set[str] = set()
        checked = 0
        for entry in rows:
            for rel, expected in ((entry.tep, entry.sha256),
                                  (entry.tep_bieu_mau, entry.sha256_bieu_mau)):
                if rel is None:
                    continue
                registered.add(rel)
                checked += 1
                actual = sha256_file(self.store.path(rel))
                if actual is None:
                    findings.append(Finding("thieu", rel, entry))
                elif actual != expected:
                    findings.append(Finding("sai", rel, entry))
        findings += [Finding("ngoai-so", rel) for rel in files if rel not in registered]
        return VerifyReport(entries=len(rows), files_checked=checked, findings=findings)

    # -- the register on paper -------------------------------------------------------------

    def export_register(self, nam: int, output: Path, *, csv: bool = False,
                        co_quan: str | None = None, overwrite: bool = False) -> int:
        """Write the register of year ``nam`` in the ten columns; returns the row count.

        .xlsx laid out for printing (A4 landscape, header on every page), or ``csv``. An
        archive holding several agencies needs ``co_quan``.
        """
        rows = self.entries(nam=nam, co_quan=co_quan)
        agencies = sorted({r.co_quan for r in rows})
        if len(agencies) > 1:
            raise DocgenError(Problem(
                f"năm {nam} có văn bản của {len(agencies)} cơ quan: {', '.join(agencies)}",
                field="--co-quan",
                hint=f"Mỗi cơ quan một sổ: thêm --co-quan {agencies[0]} (hoặc cơ quan khác).",
            ))
        if csv:
            data = csv_bytes(rows)
        else:
            names = [r.ten_co_quan for r in rows if r.ten_co_quan]
            data = xlsx_bytes(rows, nam=nam, ten_co_quan=names[-1] if names else None)
        atomic_write(output, data, overwrite=overwrite)
        return len(rows)

    def import_register(self, path: Path, *, co_quan: str | None = None) -> list[Series]:
        """Record numbers issued by hand (an .xlsx or .csv register) so none is reused.

        The agency of each row is ``co_quan`` or read from its ký hiệu (``UBND`` in
        ``UBND-VHXH`` and ``QĐ-UBND``). All rows or none: a number already in the register,
        or twice in the file, is an error naming its row.
        """
        rows = read_register(path)
        conn = self._db(create=True)
        now = datetime.now().astimezone().isoformat(timespec="seconds")
        series: dict[tuple[str, int], list[int]] = {}
        with db.write_transaction(conn, self.db_path, "nhập sổ"):
            self._recover(conn)
            problems = []
            first_row: dict[tuple[str, int, int], int] = {}
            for row in rows:
                agency = co_quan or agency_of(row.ky_hieu)
                key = (agency, row.ngay.year, row.so)
                where = {"file": path, "row": row.row, "field": COLUMNS[0]}
                if row.so < 1:
                    problems.append(Problem("số văn bản phải từ 01 trở lên", **where))
                elif key in first_row:
                    problems.append(Problem(
                        f"số {row.so:02d} của {agency} năm {key[1]} ghi hai lần "
                        f"(hàng {first_row[key]} và hàng {row.row})", **where,
                        hint="Sửa hoặc xóa một trong hai hàng rồi nhập lại."))
                elif db.taken(conn, *key):
                    problems.append(Problem(
                        f"số {row.so:02d} của {agency} năm {key[1]} đã có trong sổ đăng ký",
                        **where, hint="Bỏ hàng này khỏi tệp (số đã được ghi vào sổ) rồi nhập "
                        "lại; không nhập cùng một tệp hai lần."))
                first_row.setdefault(key, row.row)
            if problems:
                raise DocgenError(*problems)
            for row in rows:
                agency = co_quan or agency_of(row.ky_hieu)
                db.insert(conn, Entry(
                    co_quan=agency, nam=row.ngay.year, so=row.so, ky_hieu=row.ky_hieu,
                    ngay=row.ngay, trich_yeu=row.trich_yeu, nguoi_ky=row.nguoi_ky,
                    noi_nhan=(row.noi_nhan,) if row.noi_nhan else (),
                    luu=(row.luu,) if row.luu else (), so_ban=row.so_ban, thoi_diem=now,
                    nguon=SOURCE_IMPORTED, ngay_chuyen=row.ngay_chuyen, ky_nhan=row.ky_nhan,
                    ghi_chu=row.ghi_chu,
                ))
                series.setdefault((agency, row.ngay.year), []).append(row.so)
        return [Series(co_quan=agency, nam=nam, imported=len(numbers), highest=max(numbers),
                       next=db.next_number(conn, agency, nam))
                for (agency, nam), numbers in sorted(series.items())]


def _matches(text: str, query: str) -> bool:
    wanted = plain(query)
    if fold(wanted) == wanted:
        # Typed without diacritics: "gia han" finds "gia hạn".
        return wanted in fold(text)
    return wanted in plain(text)
