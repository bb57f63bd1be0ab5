"""The archive: the outgoing register (sổ đăng ký văn bản đi) with automatic numbering.

The register lives in a folder (SQLite, ``so-dang-ky.sqlite3``, with the issued files beside it:
default ``./luu-tru``) or on a PostgreSQL server shared by the office (``postgresql://…``: rows
and files in the database). ``--archive``/``$DOCGEN_ARCHIVE`` choose; every method below works
the same on both. Numbers run in one series per agency (``co_quan.viet_tat``) per calendar year
of the document date, from 01 (Điều 15); a kind may get its own series (``danh_so_rieng``) and
copies have theirs (SY, TrS, SL)::

    from docgen.archive import Archive

    with Archive("luu-tru") as archive:          # or Archive("postgresql://vanthu@may-chu/so")
        entry = archive.issue("data/forms/gia-han-ky-nang-so.yaml")
        print(entry.so_ky_hieu, entry.tep)        # 01/UBND-VHXH 2026/01-UBND-VHXH-gia-hạn….docx
        data = archive.read_file(entry.tep)       # the archived bytes, wherever they live

        # A batch: consecutive numbers in roster order, all or nothing.
        entries = archive.issue_many([spec.build(row) for row in roster],
                                     template=spec.template_name)

        archive.export_register(2026, Path("so-dang-ky-2026.xlsx"))
        assert archive.verify().ok

Allocation, rendering and writing are one transaction under the register's write lock: a failed
render uses no number, concurrent processes never share a number, and a process killed at any
point leaves a complete entry or nothing. Entries are never changed or deleted (the database
refuses it); a correction is a new document. Each row is linked into a hash chain
(:mod:`.verify`), so :meth:`Archive.verify` also shows a row changed or removed behind docgen's
back.
"""

from __future__ import annotations

import difflib
import os
import re
import signal
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from pydantic import ValidationError

from .. import __version__
from ..errors import ArchiveError, DocgenError, FormError, Problem
from ..fileio import atomic_write
from ..forms import FormSpec, dump_form, load_form, read_form
from ..i18n import N_, _, ngettext
from ..lines import read_so_ref
from ..models import LoaiVanBan, VanBan, did_you_mean, validation_problems
from ..notices import notice_problems
from ..render import render_docx
from ..text import one_line
from ..vnformat import parse_date
from .backend import ENV_VAR, ChainHead, Register, Transaction
from .entry import COPY_FORMS, SOURCE_IMPORTED, Entry, entry_for
from .pg_register import PostgresRegister, is_url, repair_url
from .register import (
    COLUMNS,
    agency_of,
    clean_text,
    csv_bytes,
    fold,
    plain,
    read_register,
    xlsx_bytes,
)
from .sqlite_register import SqliteRegister
from .store import Store, docx_text, file_name, sha256_bytes
from .verify import (
    Finding,
    VerifyReport,
    check_anchors,
    check_chain,
    check_files,
    check_gaps,
)

__all__ = [
    "COLUMNS",
    "COPY_FORMS",
    "DEFAULT_DIR",
    "ENV_VAR",
    "Archive",
    "ChainHead",
    "CopyRequest",
    "Entry",
    "Finding",
    "Rerendered",
    "Series",
    "VerifyReport",
    "archive_dir",
    "parse_ref",
]

DEFAULT_DIR = "luu-tru"
FAULT_ENV = "DOCGEN_ARCHIVE_FAULT"
"""Test hook: set to a stage name (``locked``, ``journal``, ``docx``, ``form``, ``row``,
``commit``) and the issuing process kills itself with SIGKILL there, as a power cut would."""

Document = VanBan | FormSpec | str | os.PathLike[str]
"""What :meth:`Archive.issue` accepts: a document, a read form, or the path of a form file."""


def archive_dir(path: str | os.PathLike[str] | None = None) -> Path | str:
    """The register's location: ``path`` if given, else ``$DOCGEN_ARCHIVE``, else ``./luu-tru``.

    A folder as a :class:`Path`; a PostgreSQL URL (``postgresql://…``) as text.
    """
    text = str(path) if path is not None and str(path) else \
        os.environ.get(ENV_VAR) or DEFAULT_DIR
    text = repair_url(text)
    return text if is_url(text) else Path(path if path is not None and str(path) else text)


def parse_ref(text: str) -> tuple[int, str | None]:
    """``05/UBND-VHXH`` → ``(5, "UBND-VHXH")``; ``5`` → ``(5, None)``; ``Số: 05/UBND-VHXH``
    as copied from a document too (:func:`docgen.lines.read_so_ref`)."""
    m = read_so_ref(text)
    if m is None or m.number is None or m.number < 1 or any(c.isspace() for c in m.ky_hieu):
        raise ArchiveError(Problem(
            _("'{text}' không phải số văn bản").format(text=text), field="SO",
            hint=_("Ghi số (ví dụ 5) hoặc số và ký hiệu (ví dụ 05/UBND-VHXH)."),
        ))
    return m.number, m.ky_hieu or None


def _fault(stage: str) -> None:
    if os.environ.get(FAULT_ENV) == stage:
        os.kill(os.getpid(), signal.SIGKILL)


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


@dataclass(frozen=True)
class CopyRequest:
    """A copy (bản sao, Phụ lục I Phần II) to number in its own series: see
    :meth:`Archive.issue_copy`."""

    co_quan: str
    """The copying agency's abbreviation (``UBND``)."""
    hinh_thuc: str
    """``SY`` (sao y), ``TrS`` (trích sao) or ``SL`` (sao lục)."""
    trich_yeu: str
    """What is copied, for the register (``Sao y Quyết định số 12/QĐ-UBND …``)."""
    ten_co_quan: str | None = None
    nguoi_ky: str | None = None
    noi_nhan: tuple[str, ...] = ()
    ngay: date | None = None
    """The copy's date; None: today."""
    so_ban: int | None = None


# Dates written in running text: "31/12/2025" and "ngày 31 tháng 12 năm 2025".
_TEXT_DATE = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})|ngày\s+(\d{1,2})\s+tháng\s+"
                        r"(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_DEADLINE_WORDS = re.compile(r"(hạn|trước|chậm nhất|đến|hết|kết thúc|xong)\W*(ngày\W*)?$",
                             re.IGNORECASE)


def _running_text(van_ban: VanBan) -> str:
    """The text a deadline may stand in: the body and the articles (a quyết định may have no
    ``noi_dung`` at all)."""
    parts = [van_ban.noi_dung or ""]
    parts += [f"{d.tieu_de or ''}\n{d.noi_dung or ''}" for d in van_ban.dieu]
    return "\n".join(parts)


def _deadlines_before(text: str, issued: date) -> list[date]:
    """Dates in ``text`` introduced as a deadline (``trước ngày 31/12/2025``) before ``issued``."""
    found = []
    for m in _TEXT_DATE.finditer(text):
        day, month, year = (m[1], m[2], m[3]) if m[1] else (m[4], m[5], m[6])
        try:
            when = parse_date(f"{int(day):02d}/{int(month):02d}/{year}")
        except ValueError:
            continue
        if when < issued and _DEADLINE_WORDS.search(text[max(0, m.start() - 25):m.start()]):
            found.append(when)
    return found


class Archive:
    """The outgoing register and the issued files, in a folder or on a PostgreSQL server.

    ``location`` defaults to :func:`archive_dir`. The register is created by the first
    :meth:`issue` or import (or :meth:`migrate`); reading one that does not exist raises
    :class:`DocgenError`. ``today`` and ``render`` replace :func:`datetime.date.today` and
    :func:`~docgen.render.render_docx` (for tests and benchmarks); ``danh_so_rieng`` lists kinds
    (``quyet-dinh``) that get a number series of their own, as a form's profile may too.

    An instance is used from one thread at a time; any number of processes and machines may
    issue into the same register at once.
    """

    def __init__(self, location: str | os.PathLike[str] | None = None, *,
                 today: Callable[[], date] | None = None,
                 render: Callable[[VanBan], bytes] | None = None,
                 danh_so_rieng: Iterable[str] = ()) -> None:
        where = archive_dir(location)
        self.register: Register = PostgresRegister(str(where), _fault) if isinstance(where, str) \
            else SqliteRegister(where, _fault)
        self.root: Path | None = where if isinstance(where, Path) else None
        """The archive folder; None for a register on a server."""
        self._today = today or date.today
        self._render = render or render_docx
        self._separate = set(danh_so_rieng)
        self.warnings: list[Problem] = []
        """Warnings of the last :meth:`issue_many` (a year or a deadline that looks wrong)."""
        self.notices: list[Problem] = []
        """What docgen changed in the documents of the last :meth:`issue_many` (a name typed in
        lower case printed in proper case…), located in their forms."""

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the register (the archive can be used again; it reopens)."""
        self.register.close()

    @property
    def store(self) -> Store:
        """The files of a folder archive (prefer :meth:`read_file`, which works on both)."""
        if not isinstance(self.register, SqliteRegister):
            raise TypeError("a register on a server keeps its files in the database")
        return self.register.store

    @property
    def location(self) -> str:
        """The folder, or the server URL with its password hidden."""
        return self.register.location

    @property
    def is_postgres(self) -> bool:
        """Whether the register is on a PostgreSQL server."""
        return isinstance(self.register, PostgresRegister)

    @property
    def exists(self) -> bool:
        """Whether a register has been created at :attr:`location`."""
        return self.register.exists

    def migrate(self) -> tuple[int, int]:
        """Create the register's schema or bring it up to date: ``(version before, after)``."""
        return self.register.migrate()

    def describe_file(self, rel: str) -> str:
        """Where an archived file is, for a clerk (a path, or its name in the database)."""
        return self.register.describe_file(rel)

    def read_file(self, rel: str) -> bytes:
        """The archived bytes of ``rel`` (``entry.tep``, ``tep_bieu_mau`` or ``tep_pdf``)."""
        with self.register.read() as tx:
            data = tx.read_file(rel)
        if data is None:
            raise ArchiveError(Problem(_("tệp lưu trữ không còn"), file=self.describe_file(rel),
                                      hint=_("Chạy 'docgen archive verify' và lấy lại tệp từ "
                                             "bản sao lưu.")))
        return data

    # -- issuing ---------------------------------------------------------------------------

    def issue(self, document: Document, *, template: str | None = None,
              pdf: bool = False) -> Entry:
        """Number, date, render and archive one document; returns its register row.

        ``document`` is a :class:`VanBan`, a :class:`FormSpec` or a form file's path. Its
        ``so`` must be blank (the register allocates it); a blank ``ngay`` becomes today. The
        number is the next free one of its series in the year of the date. ``template``
        (``gia-han@1``) is recorded for a bare VanBan; a form supplies its own. ``pdf`` keeps a
        PDF beside the .docx (LibreOffice). Raises :class:`ArchiveError` with nothing written
        when anything fails. After a successful issue :attr:`warnings` lists what looked
        wrong (a form year or a deadline before the issue date) but did not stop it.
        """
        return self.issue_many([document], template=template, pdf=pdf)[0]

    def issue_many(self, documents: Iterable[Document], *, template: str | None = None,
                   pdf: bool = False) -> list[Entry]:
        """Issue several documents in one transaction, numbered consecutively in order.

        For a batch: ``issue_many([spec.build(row) for row in roster],
        template=spec.template_name)``. Either every document is numbered and archived, or
        (on any error, or a crash) none is and no number is used.
        """
        prepared = [self._prepare(doc, template) for doc in documents]
        self.warnings = []
        self.notices = [p for van_ban, _mau, spec in prepared
                        for p in notice_problems(van_ban, spec)]
        if not prepared:
            return []
        today = self._today()
        issued: list[Entry] = []
        with self.register.write(N_("cấp số")) as tx:
            apart = self._separate | set(tx.separate_series())
            numbered = self._allocate(tx, prepared, today, apart)
            names = [{suffix: file_name(vb.nam_van_ban, vb.so or 0, vb.ky_hieu_day_du,
                                        vb.trich_yeu, suffix, _series(vb, apart))
                      for suffix in (".docx", ".yaml", ".pdf")} for vb, _mau in numbered]
            rels = [rel for group in names for suffix, rel in group.items()
                    if pdf or suffix != ".pdf"]
            self._refuse_squatters(tx, rels)
            tx.reserve(rels)
            _fault("journal")
            now = datetime.now().astimezone().isoformat(timespec="seconds")
            # With PDFs every document is rendered first (one LibreOffice run for all);
            # otherwise one at a time, so a long roster never sits in memory at once.
            rendered = [self._render_checked(vb) for vb, _mau in numbered] if pdf else []
            pdfs = self._pdfs(rendered) if pdf else []
            for index, ((vb, mau), group) in enumerate(zip(numbered, names, strict=True)):
                data = rendered[index] if pdf else self._render_checked(vb)
                pdf_data = pdfs[index] if pdf else None
                form = self._form_text(vb, mau, now).encode("utf-8")
                tx.put_file(group[".docx"], data)
                _fault("docx")
                tx.put_file(group[".yaml"], form)
                _fault("form")
                entry = entry_for(vb, tep=group[".docx"], sha256=sha256_bytes(data),
                                  tep_bieu_mau=group[".yaml"], sha256_bieu_mau=sha256_bytes(form),
                                  mau=mau, phien_ban=__version__, thoi_diem=now)
                if pdf_data is not None:
                    tx.put_file(group[".pdf"], pdf_data)
                    entry = replace(entry, tep_pdf=group[".pdf"], sha256_pdf=sha256_bytes(pdf_data))
                issued.append(tx.append(replace(entry, day_so=_series(vb, apart))))
            _fault("row")
        return issued

    def issue_copy(self, request: CopyRequest, render: Callable[[int, date], bytes]) -> Entry:
        """Number a copy (bản sao) in its own series and archive the file ``render`` makes.

        ``render(so, ngay)`` is called inside the register's transaction with the allocated
        number and date and returns the copy's .docx bytes; raising :class:`DocgenError` there
        gives the number back. The ký hiệu is ``<hinh_thuc>-<co_quan>`` (``01/SY-UBND``).
        """
        if request.hinh_thuc not in COPY_FORMS:
            raise ArchiveError(Problem(
                _("'{form}' không phải hình thức bản sao").format(form=request.hinh_thuc),
                field="hinh_thuc", hint=_("Dùng SY (sao y), TrS (trích sao) hoặc SL (sao lục).")))
        ngay = request.ngay or self._today()
        ky_hieu = f"{request.hinh_thuc}-{clean_text(request.co_quan)}"
        trich_yeu = one_line(clean_text(request.trich_yeu))
        with self.register.write(N_("cấp số bản sao")) as tx:
            so = tx.next_number(request.co_quan, ngay.year, request.hinh_thuc)
            rel = file_name(ngay.year, so, ky_hieu, trich_yeu, ".docx", request.hinh_thuc)
            self._refuse_squatters(tx, [rel])
            tx.reserve([rel])
            try:
                data = render(so, ngay)
            except DocgenError:
                raise
            except Exception as exc:
                raise ArchiveError(Problem(
                    _("không soạn được bản sao số {number}: {error}").format(
                        number=f"{so:02d}/{ky_hieu}", error=f"{type(exc).__name__}: {exc}"),
                    hint=_("Số này chưa được dùng và lưu trữ không thay đổi."))) from exc
            tx.put_file(rel, data)
            entry = tx.append(Entry(
                co_quan=request.co_quan, nam=ngay.year, so=so, ky_hieu=ky_hieu, ngay=ngay,
                trich_yeu=trich_yeu, loai=request.hinh_thuc,
                ten_co_quan=_clean_or_none(request.ten_co_quan),
                nguoi_ky=_clean_or_none(request.nguoi_ky),
                noi_nhan=tuple(clean_text(n) for n in request.noi_nhan),
                so_ban=request.so_ban, tep=rel, sha256=sha256_bytes(data),
                phien_ban=__version__, day_so=request.hinh_thuc,
                thoi_diem=datetime.now().astimezone().isoformat(timespec="seconds")))
        return entry

    def _refuse_squatters(self, tx: Transaction, rels: list[str]) -> None:
        in_the_way = tx.existing_files(rels)
        if in_the_way:
            raise ArchiveError(*[Problem(
                _("tệp đã có trong lưu trữ nhưng không có trong sổ đăng ký"),
                file=self.describe_file(rel),
                hint=_("Chạy 'docgen archive verify' để xem các tệp ngoài sổ; chuyển tệp "
                       "đó ra khỏi thư mục lưu trữ rồi cấp số lại. Chưa số nào được dùng."),
            ) for rel in in_the_way])

    def separate_series(self) -> list[str]:
        """Kinds this register numbers in a series of their own (empty: one series, Điều 15)."""
        if not self.exists:
            return []
        with self.register.read() as tx:
            return tx.separate_series()

    def set_separate_series(self, kinds: Iterable[str]) -> list[str]:
        """Number ``kinds`` (``quyet-dinh``…) in series of their own from now on, for every
        machine issuing into this register; an empty list returns to one series for all.

        Change it at the start of a year: a switch in the middle that would issue a number
        twice is refused when issuing. Raises :class:`ArchiveError` for an unknown kind.
        """
        wanted = sorted(set(kinds))
        known = [kind.value for kind in LoaiVanBan]
        problems = []
        for kind in (kind for kind in wanted if kind not in known):
            close = difflib.get_close_matches(kind, known, 3)
            problems.append(Problem(
                _("'{kind}' không phải loại văn bản").format(kind=kind), option="--rieng",
                hint=did_you_mean(close) if close
                else _("Các loại: {kinds}").format(kinds=", ".join(known))))
        if problems:
            raise ArchiveError(*problems)
        with self.register.write(N_("đổi cách đánh số")) as tx:
            tx.set_separate_series(wanted)
        return wanted

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
            file, line = self._origin(spec, "so")
            raise ArchiveError(Problem(
                _("văn bản đã ghi sẵn số {number}, trong khi số do sổ đăng ký cấp").format(
                    number=van_ban.so_text),
                file=file, line=line, field="so",
                hint=_("Xóa dòng so: (hoặc ghi so: null) để docgen cấp số tiếp theo trong sổ. "
                       "Số đã cấp tay thì nhập vào sổ bằng 'docgen archive import'."),
            ))
        return van_ban, template, spec

    @staticmethod
    def _origin(spec: FormSpec | None, key: str) -> tuple[Path | None, int | None]:
        if spec is None or key not in spec.origins:
            return (spec.path if spec is not None else None), None
        source, prefix = spec.origins[key]
        return source.file, source.line_of((*prefix, key))

    def _warn(self, van_ban: VanBan, spec: FormSpec | None, ngay: date) -> None:
        """Issue 12 defect 7: a year or a deadline that does not fit the issue date."""
        if van_ban.ngay is None and van_ban.nam is not None and van_ban.nam != ngay.year:
            file, line = self._origin(spec, "nam")
            self.warnings.append(Problem(
                _("biểu mẫu ghi nam: {form_year} nhưng văn bản được cấp số ngày {date}, nên vào "
                  "sổ năm {year}").format(form_year=van_ban.nam, date=f"{ngay:%d/%m/%Y}",
                                          year=ngay.year),
                file=file, line=line, field="nam",
                hint=_("Văn bản thuộc năm của ngày cấp số. Kiểm tra lại văn bản đã cấp; lần sau "
                       "bỏ dòng nam: (docgen ghi ngày cấp số) hoặc ghi ngay: là ngày ký."),
            ))
        deadlines = sorted(set(_deadlines_before(_running_text(van_ban), ngay)))
        if deadlines:
            file, line = self._origin(spec, "noi_dung")
            dates = ", ".join(f"{when:%d/%m/%Y}" for when in deadlines)
            self.warnings.append(Problem(
                ngettext("nội dung có hạn ngày {deadlines}, trước ngày ban hành {date}",
                         "nội dung có hạn ngày {deadlines}, trước ngày ban hành {date}",
                         len(deadlines)).format(deadlines=dates, date=f"{ngay:%d/%m/%Y}"),
                file=file, line=line, field="noi_dung",
                hint=_("Kiểm tra lại hạn trong văn bản (có thể chép từ văn bản năm trước); sửa "
                       "thì ban hành văn bản mới."),
            ))

    def _allocate(self, tx: Transaction,
                  prepared: list[tuple[VanBan, str | None, FormSpec | None]],
                  today: date, apart: set[str]) -> list[tuple[VanBan, str | None]]:
        counters: dict[tuple[str, int, str], int] = {}
        out = []
        for van_ban, mau, spec in prepared:
            ngay = van_ban.ngay or today
            key = (van_ban.co_quan.viet_tat, ngay.year, _series(van_ban, apart))
            number = counters.get(key) or tx.next_number(*key)
            counters[key] = number + 1
            data = {**van_ban.model_dump(), "so": number, "ngay": ngay, "nam": ngay.year}
            try:
                numbered = VanBan.model_validate(data)
            except ValidationError as exc:
                file = spec.path if spec is not None else None
                raise FormError(*[Problem(message, file=file, field=dotted or None, hint=hint)
                                  for dotted, message, hint in validation_problems(exc)]
                                ) from None
            if key[2] and tx.so_ky_hieu_taken(key[0], key[1], number, numbered.ky_hieu_day_du):
                raise ArchiveError(Problem(
                    _("số {number} năm {year} đã được cấp ở dãy số chung, nay {kind} lại có dãy "
                      "số riêng: hai văn bản sẽ trùng số, ký hiệu").format(
                        number=numbered.so_ky_hieu, year=key[1], kind=numbered.loai.value),
                    file=spec.path if spec is not None else None, field="danh_so_rieng",
                    hint=_("Chỉ đổi cách đánh số (danh_so_rieng) từ đầu năm; trong năm nay giữ "
                           "như cũ. Chưa số nào được dùng.")))
            self._warn(van_ban, spec, ngay)
            out.append((numbered, mau))
        return out

    def _render_checked(self, van_ban: VanBan) -> bytes:
        try:
            return self._render(van_ban)
        except DocgenError:
            raise
        except Exception as exc:
            raise ArchiveError(Problem(
                _("không soạn được văn bản {number}: {error}").format(
                    number=van_ban.so_ky_hieu, error=f"{type(exc).__name__}: {exc}"),
                hint=_("Số này chưa được dùng và lưu trữ không thay đổi; sửa biểu mẫu rồi cấp "
                       "số lại, hoặc báo lỗi cho người phát triển docgen kèm biểu mẫu."),
            )) from exc

    @staticmethod
    def _pdfs(documents: list[bytes]) -> list[bytes | None]:
        """The PDF of each .docx, in one LibreOffice run (inside the transaction: the number
        is in the document, and a failed conversion must give the numbers back)."""
        from ..pdf import convert

        with tempfile.TemporaryDirectory(prefix="docgen-luu-tru-") as work:
            folder = Path(work)
            sources = []
            for index, data in enumerate(documents):
                source = folder / f"{index:05d}.docx"
                source.write_bytes(data)
                sources.append(source)
            made = convert(sources, folder / "pdf")
            return [path.read_bytes() for path in made]

    @staticmethod
    def _form_text(van_ban: VanBan, mau: str | None, now: str) -> str:
        # The head of an archived file, hashed with it: Vietnamese in every --lang, like the
        # documents (a file's bytes must not depend on the language of the clerk's messages).
        so = f"{van_ban.so_text}/{van_ban.ky_hieu_day_du}"
        head = [
            f"# Biểu mẫu đầy đủ của văn bản số {so} (năm {van_ban.nam_van_ban}), cấp số lúc {now} "
            f"bằng docgen {__version__}" + (f", mẫu nội dung {mau}." if mau else "."),
            "# Tệp lưu trữ: không sửa. Đính chính thì ban hành văn bản mới.",
            f"# Soạn lại để đối chiếu: docgen archive rerender {so} --nam {van_ban.nam_van_ban}",
        ]
        return "\n".join(head) + "\n" + dump_form(van_ban)

    def next_number(self, co_quan: str, nam: int, day_so: str = "") -> int:
        """The number the next document of that series would get (without reserving it)."""
        if not self.exists:
            return 1
        with self.register.read() as tx:
            return Transaction.next_number(tx, co_quan, nam, day_so)

    # -- reading ---------------------------------------------------------------------------

    def entries(self, *, nam: int | None = None, co_quan: str | None = None,
                tim: str | None = None) -> list[Entry]:
        """Register rows in order of year, agency, series and number.

        ``tim`` searches the trích yếu and recipients, ignoring case; typed without
        diacritics (``gia han``) it also ignores them.
        """
        with self.register.read() as tx:
            rows = tx.entries(nam=nam, co_quan=co_quan)
        if tim:
            rows = [row for row in rows if _matches(row.search_text(), tim)]
        return rows

    def find(self, ref: str | int, *, nam: int | None = None,
             co_quan: str | None = None) -> Entry:
        """The entry numbered ``ref`` (``5`` or ``05/UBND-VHXH``), optionally in year ``nam``.

        Raises :class:`ArchiveError` when there is none, or several and ``ref``/``nam`` do not
        tell them apart.
        """
        so, ky_hieu = parse_ref(str(ref))
        with self.register.read() as tx:
            rows = tx.entries(nam=nam, co_quan=co_quan, so=so)
        if ky_hieu:
            rows = [r for r in rows if r.ky_hieu.casefold() == ky_hieu.casefold()]
        label = f"{so:02d}" + (f"/{ky_hieu}" if ky_hieu else "")
        if not rows:
            message, hint = (
                (_("sổ đăng ký không có văn bản số {number} năm {year}"),
                 _("Xem các số đã cấp: docgen archive list --nam {year}")) if nam else
                (_("sổ đăng ký không có văn bản số {number}"),
                 _("Xem các số đã cấp: docgen archive list")))
            raise ArchiveError(Problem(message.format(number=label, year=nam),
                                       file=self.location, hint=hint.format(year=nam)))
        if len(rows) > 1:
            found = ", ".join(_("{number} (năm {year})").format(number=r.so_ky_hieu, year=r.nam)
                              for r in rows)
            raise ArchiveError(Problem(
                _("có {count} văn bản số {number}: {found}").format(
                    count=len(rows), number=label, found=found), file=self.location,
                hint=_("Ghi rõ năm bằng --nam, hoặc cả số và ký hiệu (ví dụ {number}).").format(
                    number=rows[0].so_ky_hieu),
            ))
        return rows[0]

    def rerender(self, ref: str | int, *, nam: int | None = None) -> Rerendered:
        """Render the stored form of ``ref`` again and compare it with the archived file."""
        entry = self.find(ref, nam=nam)
        if entry.tep is None or entry.tep_bieu_mau is None:
            why = _("văn bản số {number} là bản sao, không có biểu mẫu") if entry.tep else \
                _("văn bản số {number} được nhập từ sổ cấp tay, lưu trữ không có tệp")
            raise ArchiveError(Problem(
                why.format(number=entry.so_ky_hieu),
                hint=_("Chỉ soạn lại được văn bản do docgen cấp số từ biểu mẫu."),
            ))
        form_bytes = self.read_file(entry.tep_bieu_mau)
        archived = self.read_file(entry.tep)
        with tempfile.TemporaryDirectory(prefix="docgen-soan-lai-") as work:
            form_path = Path(work) / Path(entry.tep_bieu_mau).name
            form_path.write_bytes(form_bytes)
            data = self._render(load_form(form_path))
        where = self.describe_file(entry.tep)
        old, new = docx_text(archived, where), docx_text(data)
        diff = list(difflib.unified_diff(old, new, _("lưu trữ"), _("soạn lại"), lineterm="",
                                         n=1))
        return Rerendered(entry=entry, data=data, same_bytes=archived == data,
                          same_text=old == new, diff=diff)

    # -- checking --------------------------------------------------------------------------

    def chain_head(self) -> ChainHead:
        """The end of the register's hash chain, as recorded (print it to anchor the register)."""
        with self.register.read() as tx:
            return tx.head()

    def verify(self, anchors: dict[int, str] | None = None) -> VerifyReport:
        """Check every file's hash, the hash chain, the numbering and the database itself.

        Findings name each file missing, altered or not in the register; each row changed,
        removed or slipped in; each number skipped; and what the database's own check reports
        (see :mod:`.verify` for what this proves). ``anchors`` (``{position: hash}``, chain
        heads printed under earlier exports) must still be in the chain. A folder register
        first cleans up after processes that died while issuing (under the write lock).
        """
        with self.register.snapshot() as tx:
            rows = tx.chain()
            head = tx.head()
            digests = tx.file_digests()
            problems = tx.integrity()
        findings, recomputed = check_chain(rows, head)
        findings += check_gaps(rows)
        findings += check_anchors(rows, anchors or {})
        file_findings, checked = check_files(rows, digests)
        findings += file_findings
        findings += [Finding("csdl", detail=text) for text in problems]
        return VerifyReport(entries=len(rows), files_checked=checked, findings=findings,
                            head=recomputed)

    # -- the register on paper -------------------------------------------------------------

    def register_bytes(self, nam: int, *, csv: bool = False,
                       co_quan: str | None = None) -> tuple[bytes, int]:
        """The register of year ``nam`` in the ten columns (.xlsx, or ``csv``) and its row count.

        The chain head is printed under the table, so a printed copy anchors the register.
        An archive holding several agencies needs ``co_quan``.
        """
        with self.register.read() as tx:
            rows = tx.entries(nam=nam, co_quan=co_quan)
            head = tx.head()
        agencies = sorted({r.co_quan for r in rows})
        if len(agencies) > 1:
            raise ArchiveError(Problem(
                _("năm {year} có văn bản của {count} cơ quan: {agencies}").format(
                    year=nam, count=len(agencies), agencies=", ".join(agencies)),
                option="--co-quan",
                hint=_("Mỗi cơ quan một sổ: thêm --co-quan {agency} (hoặc cơ quan khác).").format(
                    agency=agencies[0]),
            ))
        if csv:
            return csv_bytes(rows, head=head), len(rows)
        names = [r.ten_co_quan for r in rows if r.ten_co_quan]
        return xlsx_bytes(rows, nam=nam, ten_co_quan=names[-1] if names else None,
                          head=head), len(rows)

    def export_register(self, nam: int, output: Path, *, csv: bool = False,
                        co_quan: str | None = None, overwrite: bool = False) -> int:
        """Write :meth:`register_bytes` to ``output`` (atomically); returns the row count."""
        data, count = self.register_bytes(nam, csv=csv, co_quan=co_quan)
        atomic_write(output, data, overwrite=overwrite)
        return count

    def import_register(self, path: Path, *, co_quan: str | None = None) -> list[Series]:
        """Record numbers issued by hand (an .xlsx or .csv register) so none is reused.

        The agency of each row is ``co_quan`` or read from its ký hiệu (``UBND`` in
        ``UBND-VHXH`` and ``QĐ-UBND``). All rows or none: a number already in the register,
        or twice in the file, is an error naming its row.
        """
        rows = read_register(path)
        now = datetime.now().astimezone().isoformat(timespec="seconds")
        series: dict[tuple[str, int], list[int]] = {}
        with self.register.write(N_("nhập sổ")) as tx:
            problems = []
            first_row: dict[tuple[str, int, int], int] = {}
            for row in rows:
                agency = co_quan or agency_of(row.ky_hieu)
                key = (agency, row.ngay.year, row.so)
                where = {"file": path, "row": row.row, "field": COLUMNS[0]}
                values = {"number": f"{row.so:02d}", "agency": agency, "year": key[1]}
                if row.so < 1:
                    problems.append(Problem(_("số văn bản phải từ 01 trở lên"), **where))
                elif key in first_row:
                    problems.append(Problem(
                        _("số {number} của {agency} năm {year} ghi hai lần (hàng {first} và "
                          "hàng {row})").format(**values, first=first_row[key], row=row.row),
                        **where, hint=_("Sửa hoặc xóa một trong hai hàng rồi nhập lại.")))
                elif tx.taken(agency, row.ngay.year, "", row.so):
                    problems.append(Problem(
                        _("số {number} của {agency} năm {year} đã có trong sổ đăng ký").format(
                            **values),
                        **where, hint=_("Bỏ hàng này khỏi tệp (số đã được ghi vào sổ) rồi nhập "
                                        "lại; không nhập cùng một tệp hai lần.")))
                first_row.setdefault(key, row.row)
            if problems:
                raise ArchiveError(*problems)
            for row in rows:
                agency = co_quan or agency_of(row.ky_hieu)
                tx.append(Entry(
                    co_quan=agency, nam=row.ngay.year, so=row.so, ky_hieu=row.ky_hieu,
                    ngay=row.ngay, trich_yeu=row.trich_yeu, nguoi_ky=row.nguoi_ky,
                    noi_nhan=(row.noi_nhan,) if row.noi_nhan else (),
                    luu=(row.luu,) if row.luu else (), so_ban=row.so_ban, thoi_diem=now,
                    nguon=SOURCE_IMPORTED, ngay_chuyen=row.ngay_chuyen, ky_nhan=row.ky_nhan,
                    ghi_chu=row.ghi_chu,
                ))
                series.setdefault((agency, row.ngay.year), []).append(row.so)
            return [Series(co_quan=agency, nam=nam, imported=len(numbers), highest=max(numbers),
                           next=tx.next_number(agency, nam))
                    for (agency, nam), numbers in sorted(series.items())]

    def import_archive(self, source: str | os.PathLike[str]) -> int:
        """Move a folder archive (SQLite) into this register: rows, files and hashes kept.

        Refuses, changing nothing, when this register already holds any of those numbers, or
        when the source does not verify (a damaged source is not copied). Returns the rows
        copied; each gets a new place in this register's hash chain.
        """
        with Archive(Path(source)) as old:
            if not old.exists:
                raise ArchiveError(Problem(
                    _("thư mục này không có sổ đăng ký để chuyển"), file=Path(source),
                    option="--from", hint=_("Chỉ thư mục lưu trữ cũ (có so-dang-ky.sqlite3).")))
            report = old.verify()
            if not report.ok:
                raise ArchiveError(*[Problem(
                    _("lưu trữ nguồn chưa khớp sổ: {finding}").format(finding=finding),
                    file=Path(source)) for finding in report.findings])
            with old.register.read() as source_tx:
                rows = source_tx.chain()
                files = {rel: source_tx.read_file(rel) for row in rows for rel, _sha in row.files()}
        with self.register.write(N_("chuyển sổ")) as tx:
            clashes = [row for row in rows if tx.taken(row.co_quan, row.nam, row.day_so, row.so)]
            if clashes:
                raise ArchiveError(*[Problem(
                    _("số {number} năm {year} đã có trong sổ đích").format(
                        number=row.so_ky_hieu, year=row.nam), file=self.location,
                    hint=_("Không chuyển vào sổ đã có các số này; chọn cơ sở dữ liệu trống."))
                    for row in clashes[:20]])
            tx.reserve([rel for row in rows for rel, _sha in row.files()])
            for row in rows:
                for rel, _sha in row.files():
                    data = files[rel]
                    if data is not None:
                        tx.put_file(rel, data)
                tx.append(_cleaned(row))
        return len(rows)

def _series(van_ban: VanBan, apart: set[str]) -> str:
    """The number series of ``van_ban``: its kind when that is numbered apart (by the register
    or by the form's ``danh_so_rieng``), else the common one."""
    kind = van_ban.loai.value
    own = apart | set(getattr(van_ban, "danh_so_rieng", None) or ())
    return kind if kind in own else ""


def _cleaned(entry: Entry) -> Entry:
    """``entry`` with control characters removed from its texts (an older register may hold
    some that came in before every entrance cleaned them)."""
    texts = {name: clean_text(getattr(entry, name)) for name in (
        "trich_yeu", "ten_co_quan", "nguoi_ky", "ngay_chuyen", "ky_nhan", "ghi_chu")
        if getattr(entry, name) is not None}
    lists = {name: tuple(clean_text(item) for item in getattr(entry, name))
             for name in ("kinh_gui", "noi_nhan", "luu")}
    return replace(entry, **texts, **lists)


def _clean_or_none(text: str | None) -> str | None:
    return None if text is None else one_line(clean_text(text)) or None


def _matches(text: str, query: str) -> bool:
    wanted = plain(query)
    if fold(wanted) == wanted:
        # Typed without diacritics: "gia han" finds "gia hạn".
        return wanted in fold(text)
    return wanted in plain(text)
