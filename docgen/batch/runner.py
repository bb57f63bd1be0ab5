"""Running a batch: plan the rows, render them in worker processes, write safely, resume.

How a run goes:

1. The main process reads the form once and streams the roster. For each row it applies
   ``--loc``, renders ``--ten-tep`` into a safe, distinct file name (names are handed out in row
   order, so they never depend on timing) and computes the row's *input fingerprint* (form,
   headers, typed values, docgen version).
2. Rows go to ``--jobs`` worker processes in chunks; each worker received the parsed form once.
   A worker builds and renders the row and writes ``DIR/name.docx`` through a temporary file and
   a rename: a file in DIR is complete or absent, whatever kills the run. The bytes depend only
   on the row and the form (the renderer fixes zip timestamps and order), never on the worker.
3. The main process takes the chunks back in row order (at most two per worker in flight, so
   memory stays flat), appends each result to a journal (``DIR/.docgen-batch-nhat-ky.csv``), feeds
   ``--gop`` and the progress bar. At the end it writes ``DIR/manifest.csv`` atomically, sorted by
   row, and drops the journal.

Resuming: a rerun reads ``manifest.csv`` and the journal of an interrupted run. A row is skipped
when its fingerprint is unchanged and its file still has the recorded SHA-256. A file present but
unrecorded (written just before a kill -9) is kept when re-rendering gives the same bytes; one
that differs is someone else's and is not overwritten without ``--overwrite``. Leftover temporary
files are removed first. One run at a time may use a folder (an advisory lock on it).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import os
import shutil
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from ..errors import DocgenError, Problem
from ..forms import FormSpec, read_form
from ..pdf import INSTALL_HINT, convert, find_soffice
from ..render import render_docx
from ..templating import environment, evaluate, has_jinja, render_string
from .merge import MergedDocument, document_part
from .names import NameAllocator, safe_stem
from .roster import Columns, Dong, Roster, open_roster, reset_usage
from .row import build_row, form_fingerprint, row_fingerprint, row_problems

__all__ = ["BatchOptions", "BatchReport", "Progress", "RowResult", "default_name_template",
           "run_batch"]

RENDERED, UNCHANGED, FAILED, FILTERED, MERGED = "da-tao", "giu-nguyen", "loi", "loc-bo", "gop"
"""Manifest statuses: written this run; already up to date; failed; left out by --loc; the
--gop file."""

MANIFEST = "manifest.csv"
JOURNAL = ".docgen-batch-nhat-ky.csv"
MANIFEST_HEADER = ("hang", "tep", "sha256", "trang_thai", "ghi_chu", "dau_vao")
_PDF_TMP = ".docgen-pdf-"
_NAME_KEYS = ("ten_thon", "ten_lang", "thon", "lang", "ten_don_vi", "don_vi", "ten_xa", "ten",
              "ho_ten", "ho_va_ten")

Record = tuple[str, str]
"""(input fingerprint, SHA-256) of a file a previous run wrote."""


@dataclass
class BatchOptions:
    """What ``docgen batch`` was asked to do."""

    form: Path
    roster: Path
    out_dir: Path
    sheet: str | None = None
    loc: str | None = None
    """Sandboxed Jinja expression; rows where it is false are left out."""
    ten_tep: str | None = None
    """File name: a Jinja template (``{{ dong.ma }}-{{ dong.ten }}``) or expression."""
    gop: Path | None = None
    pdf: bool = False
    strict: bool = False
    jobs: int = 1
    overwrite: bool = False
    chunk_size: int | None = None
    """Rows per task sent to a worker; None picks one from the roster size."""


@dataclass(slots=True)
class RowResult:
    """What happened to one row."""

    number: int
    file: str
    sha256: str
    status: str
    problems: tuple[Problem, ...] = ()
    fingerprint: str = ""
    document: bytes | None = field(default=None, repr=False)
    """``word/document.xml`` of the row, only when building a --gop file."""

    def manifest_row(self) -> tuple[str, ...]:
        """The row's line in manifest.csv."""
        note = " | ".join(_one_line(p) for p in self.problems)
        return (str(self.number), self.file, self.sha256, self.status, note, self.fingerprint)


@dataclass
class BatchReport:
    """The outcome of a batch, for the summary line and the exit status."""

    out_dir: Path
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    """Row problems, in row order, then problems of the --gop and PDF steps."""
    seconds: float = 0.0
    refused: bool = False
    """--strict found bad rows: nothing was written."""
    gop: Path | None = None
    pdfs: int = 0

    @property
    def failed(self) -> int:
        """Rows that failed."""
        return self.counts.get(FAILED, 0)

    @property
    def exit_code(self) -> int:
        """0 all good; 1 some rows (or PDFs) failed, the rest written; 2 nothing written."""
        if self.refused:
            return 2
        return 1 if self.problems else 0

    def summary(self) -> str:
        """One line: rendered, unchanged, failed, left out, seconds."""
        c = self.counts
        seconds = f"{self.seconds:.1f}".replace(".", ",")
        if self.refused:
            return (f"Không ghi tệp nào: {c.get(FAILED, 0)} hàng lỗi (--strict); "
                    f"{c.get(RENDERED, 0)} hàng hợp lệ; {seconds} giây.")
        parts = [f"{c.get(RENDERED, 0)} đã tạo", f"{c.get(UNCHANGED, 0)} giữ nguyên",
                 f"{c.get(FAILED, 0)} lỗi"]
        if c.get(FILTERED):
            parts.append(f"{c[FILTERED]} lọc bỏ")
        extra = ""
        if self.gop is not None:
            extra += f"; gộp: {self.gop}"
        if self.pdfs:
            extra += f"; {self.pdfs} tệp PDF"
        return (f"Xong: {', '.join(parts)}; {seconds} giây. "
                f"Danh sách: {self.out_dir / MANIFEST}{extra}")


class Progress(Protocol):
    """Where a batch reports how far it is (a progress bar, or nothing)."""

    def start(self, label: str, total: int | None) -> None:
        """A phase begins; ``total`` rows if known."""

    def advance(self, rows: int) -> None:
        """``rows`` more rows are done."""

    def finish(self) -> None:
        """The phase is over."""

    def note(self, text: str) -> None:
        """A message between phases."""


def _one_line(problem: Problem) -> str:
    return " ".join(str(problem).split())


# ---------------------------------------------------------------------------------------------
# File names and filters


def default_name_template(columns: Columns) -> str:
    """``{{ '%03d' | format(hang) }}-{{ dong.ten_thon | default('') }}``: row number and name.

    The name column is the first of ``ten_thon``, ``ten_don_vi``, ``ten``… the roster has, or
    the first whose key starts with ``ten``; with none, the row number alone.
    """
    present = [k for k in columns.keys if k]
    key = next((k for k in _NAME_KEYS if k in present), None)
    key = key or next((k for k in present if k.startswith("ten")), None)
    number = "{{ '%03d' | format(hang) }}"
    return f"{number}-{{{{ dong.{key} | default('') }}}}" if key else number


def _check_syntax(source: str | None, option: str) -> None:
    if not source:
        return
    try:
        if has_jinja(source):
            environment().from_string(source)
        else:
            environment().compile_expression(source)
    except Exception as exc:  # any compile failure is a typo in the option
        raise DocgenError(Problem(
            f"{option} '{source}' không đúng cú pháp Jinja ({exc})",
            hint="Ví dụ: --loc \"dong.ty_le < 80\" hoặc "
            "--ten-tep \"{{ dong.ma_thon }}-{{ dong.ten_thon }}\".")) from None


def _row_context(constants: dict[str, Any], dong: Dong, number: int) -> dict[str, Any]:
    """What --loc and --ten-tep see: ``dong``, ``hang`` (the row number) and the form's
    ``tham_so`` that do not depend on the row (rendering those that do costs a whole row)."""
    return {**constants, "tham_so": constants, "dong": dong, "hang": number,
            "hom_nay": date.today()}


def _constants(spec: FormSpec) -> dict[str, Any]:
    return {k: v for k, v in spec.tham_so.items() if not (isinstance(v, str) and has_jinja(v))}


def _name_text(source: str, ctx: dict[str, Any]) -> str:
    if has_jinja(source):
        return render_string(source, ctx, field="--ten-tep", source_kind="bảng danh sách")
    value = evaluate(source, ctx, what="--ten-tep")
    return str(value)


# ---------------------------------------------------------------------------------------------
# Work done in the worker processes


@dataclass(frozen=True, slots=True)
class Task:
    """One row to render, as sent to a worker."""

    number: int
    values: tuple[Any, ...]
    stem: str
    fingerprint: str
    previous: Record | None


@dataclass
class Worker:
    """Everything a worker needs, set up once per process."""

    spec: FormSpec
    columns: Columns
    out_dir: Path
    roster_file: Path
    overwrite: bool
    gop: bool
    validate_only: bool

    def run(self, tasks: list[Task]) -> list[RowResult]:
        """Render a chunk of rows, in order."""
        return [self.process(task) for task in tasks]

    def process(self, task: Task) -> RowResult:
        """Render, check and write one row; whatever goes wrong stays with this row."""
        try:
            return self._process(task)
        except OSError as exc:
            name = task.stem + ".docx"
            return RowResult(task.number, name, "", FAILED, (Problem(
                f"không ghi được tệp ({exc.strerror or exc})", file=self.out_dir / name,
                row=task.number, hint="Kiểm tra chỗ trống trên đĩa và quyền ghi vào thư mục."),),
                task.fingerprint)
        except Exception as exc:  # a bug must not cost the clerk the other rows
            return RowResult(task.number, task.stem + ".docx", "", FAILED, (Problem(
                f"docgen gặp lỗi nội bộ khi soạn hàng này ({type(exc).__name__}: {exc})",
                file=self.roster_file, row=task.number,
                hint="Các hàng khác vẫn được soạn. Hãy báo lỗi kèm nội dung hàng này."),),
                task.fingerprint)

    def _process(self, task: Task) -> RowResult:
        name = task.stem + ".docx"
        path = self.out_dir / name
        dong = Dong(self.columns, task.values, task.number)

        def result(status: str, sha: str = "", problems: tuple[Problem, ...] = (),
                   **extra: Any) -> RowResult:
            return RowResult(task.number, name, sha, status, problems, task.fingerprint,
                             **extra)

        if (not self.validate_only and not self.overwrite and task.previous is not None
                and task.previous[0] == task.fingerprint):
            if not self.gop:
                if _sha_file(path, quiet=True) == task.previous[1]:
                    return result(UNCHANGED, task.previous[1])
            else:
                existing_bytes = _read(path)
                if existing_bytes is not None and \
                        hashlib.sha256(existing_bytes).hexdigest() == task.previous[1]:
                    return result(UNCHANGED, task.previous[1],
                                  document=document_part(existing_bytes))
        try:
            van_ban = build_row(self.spec, dong, file=self.roster_file)
        except DocgenError as exc:
            return result(FAILED, problems=tuple(exc.problems))
        data = render_docx(van_ban)
        sha = hashlib.sha256(data).hexdigest()
        extra: dict[str, Any] = {"document": document_part(data)} if self.gop else {}
        try:
            existing = _sha_file(path)
        except OSError as exc:
            return result(FAILED, problems=(Problem(
                f"không ghi được tệp {name} ({exc.strerror})", file=path, row=task.number,
                hint="Xóa hoặc đổi tên thứ đang có tên đó trong thư mục."),))
        if existing == sha and not self.overwrite:
            return result(UNCHANGED, sha, **extra)  # same bytes already there: keep the file
        if existing is not None and not self.overwrite and task.previous is None:
            return result(FAILED, problems=(Problem(
                f"tệp {name} đã có trong thư mục và không do docgen batch ghi ra", file=path,
                row=task.number,
                hint="Xóa hoặc chuyển tệp đó đi, đặt tên khác bằng --ten-tep, hoặc thêm "
                "--overwrite nếu chắc chắn muốn ghi đè."),))
        if not self.validate_only:
            _write(self.out_dir, name, data)
        return result(RENDERED, sha, **extra)


_WORKER: Worker | None = None


def _init_worker(worker: Worker) -> None:
    global _WORKER
    _WORKER = worker
    if _LOCK_FD is not None:
        # A forked worker shares the folder lock; only the main process may keep it, so that
        # the lock goes the moment the main process does.
        os.close(_LOCK_FD)
    # Ctrl-C is the main process's to handle: it stops handing out work and keeps the journal.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run_chunk(tasks: list[Task]) -> list[RowResult]:
    assert _WORKER is not None
    return _WORKER.run(tasks)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None  # absent or unreadable: rendered again, and the write then says why


def _sha_file(path: Path, *, quiet: bool = False) -> str | None:
    """SHA-256 of the file at ``path``; None when there is none (or, ``quiet``, unreadable)."""
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except FileNotFoundError:
        return None
    except OSError:
        if quiet:
            return None
        raise


def _write(out_dir: Path, name: str, data: bytes) -> None:
    """Write ``out_dir/name`` through a temporary file and a rename: whole or absent."""
    # The name comes from safe_stem; this guards the one promise that matters most.
    if "/" in name or "\\" in name or name.startswith(".") or ".." in name:
        raise ValueError(f"unsafe file name {name!r}")
    tmp = out_dir / f".{name}.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
        os.replace(tmp, out_dir / name)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


# ---------------------------------------------------------------------------------------------
# Records of earlier runs


def _read_records(path: Path, records: dict[str, Record]) -> tuple[str, str] | None:
    """Add the written files listed in a manifest or journal to ``records``; the --gop line."""
    gop = None
    try:
        with path.open("r", encoding="utf-8-sig", newline="") as handle:
            for line in csv.reader(handle):
                if len(line) != len(MANIFEST_HEADER):
                    continue  # the header, or a line cut short by a kill
                _, file, sha, status, _, fingerprint = line
                if len(sha) != 64:
                    continue
                if status in (RENDERED, UNCHANGED) and file:
                    records[file] = (fingerprint, sha)
                elif status == MERGED:
                    gop = (file, sha)
    except (OSError, csv.Error, UnicodeDecodeError):
        pass  # an unreadable record only means the rows are checked again
    return gop


_LOCK_FD: int | None = None
"""The descriptor holding the folder lock, so forked workers can let go of their copy."""
LOCK_WAIT_SECONDS = 5.0


@contextlib.contextmanager
def _folder_lock(out_dir: Path) -> Iterator[None]:
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


def _clean_leftovers(out_dir: Path) -> None:
    """Remove temporary files and PDF folders a killed run left behind."""
    for entry in out_dir.iterdir():
        name = entry.name
        if name.startswith(".") and name.endswith(".tmp") and ".docx." in name:
            with contextlib.suppress(OSError):
                entry.unlink()
        elif name.startswith(_PDF_TMP) and entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# The run


@dataclass
class _Run:
    options: BatchOptions
    spec: FormSpec
    roster: Roster
    name_source: str
    form_fp: str
    records: dict[str, Record]
    progress: Progress | None
    reserved: tuple[str, ...] = ()
    results: dict[int, RowResult] = field(default_factory=dict)

    def plan(self, sink: Callable[[RowResult], None]) -> Iterator[Task]:
        """The tasks, in row order; rows decided here (filtered, unreadable) go to ``sink``."""
        allocator = NameAllocator(self.reserved)
        columns = self.roster.columns
        file = self.roster.path
        loc = self.options.loc
        constants = _constants(self.spec)
        for row in self.roster.rows():
            number = row.number
            if row.problems:
                sink(RowResult(number, "", "", FAILED, row.problems))
                continue
            dong = Dong(columns, row.values, number)
            ctx = _row_context(constants, dong, number)
            option = "--loc"
            try:
                if loc and not _keep(loc, ctx):
                    sink(RowResult(number, "", "", FILTERED))
                    continue
                option = "--ten-tep"
                reset_usage(dong)
                stem = allocator.allocate(safe_stem(_name_text(self.name_source, ctx)))
            except DocgenError as exc:
                problems = row_problems(exc.located(field=option), dong, file,
                                        form=self.spec.path)
                sink(RowResult(number, "", "", FAILED, tuple(problems)))
                continue
            fingerprint = row_fingerprint(self.form_fp, columns, row.values)
            yield Task(number, row.values, stem, fingerprint, self.records.get(stem + ".docx"))

    def execute(self, worker: Worker, jobs: int,
                on_result: Callable[[RowResult], None]) -> None:
        """Run every task through ``worker`` (in this process or ``jobs`` processes)."""

        def sink(result: RowResult) -> None:
            on_result(result)
            if self.progress:
                self.progress.advance(1)

        def take(results: list[RowResult]) -> None:
            for result in results:
                on_result(result)
            if self.progress:
                self.progress.advance(len(results))

        chunks = _chunks(self.plan(sink), self._chunk_size(jobs))
        if jobs <= 1:
            for chunk in chunks:
                take(worker.run(chunk))
            return
        context = None
        if sys.platform.startswith("linux"):
            import multiprocessing

            # fork: workers start in milliseconds and inherit the imported modules. Elsewhere
            # the platform's default (spawn) pickles the Worker, form included, once per process.
            context = multiprocessing.get_context("fork")
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                                   initializer=_init_worker, initargs=(worker,))
        pending: deque[Future[list[RowResult]]] = deque()
        try:
            for chunk in chunks:
                pending.append(pool.submit(_run_chunk, chunk))
                # Bounded in flight, taken back in order: flat memory, deterministic order.
                while len(pending) >= 2 * jobs:
                    take(pending.popleft().result())
            while pending:
                take(pending.popleft().result())
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _chunk_size(self, jobs: int) -> int:
        if self.options.chunk_size:
            return self.options.chunk_size
        total = self.roster.total or 0
        if total <= 0:
            return 32
        return max(1, min(64, -(-total // (jobs * 4))))


def _chunks(tasks: Iterable[Task], size: int) -> Iterator[list[Task]]:
    chunk: list[Task] = []
    for task in tasks:
        chunk.append(task)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _keep(loc: str, ctx: dict[str, Any]) -> bool:
    value = evaluate(loc, ctx, what="--loc")
    return bool(value)


def _jobs(requested: int | None) -> int:
    if requested and requested > 0:
        return requested
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def run_batch(options: BatchOptions, progress: Progress | None = None) -> BatchReport:
    """Run a batch (see the module docstring), reporting to ``progress``.

    Raises :class:`DocgenError` (nothing written) for a bad form, roster, option or folder;
    row problems are in the report. ``KeyboardInterrupt`` leaves only whole files and the
    journal, from which a rerun continues.
    """
    started = time.perf_counter()
    spec = read_form(options.form)
    roster = open_roster(options.roster, options.sheet)
    _check_syntax(options.loc, "--loc")
    _check_syntax(options.ten_tep, "--ten-tep")
    name_source = options.ten_tep or default_name_template(roster.columns)
    out_dir = options.out_dir
    _check_out_dir(out_dir)
    gop = _check_gop(options)
    if options.pdf and find_soffice() is None:
        raise DocgenError(Problem("không tìm thấy LibreOffice để chuyển sang PDF",
                                  hint=INSTALL_HINT))
    jobs = _jobs(options.jobs)
    reserved = ()
    if gop is not None and gop.parent.resolve() == out_dir.resolve():
        reserved = (gop.stem,)
    run = _Run(options, spec, roster, name_source, form_fingerprint(spec), {}, progress,
               reserved)
    report = BatchReport(out_dir=out_dir)

    if options.strict:
        if out_dir.is_dir() and not options.overwrite:
            _read_records(out_dir / MANIFEST, run.records)
            _read_records(out_dir / JOURNAL, run.records)
        worker = Worker(spec, roster.columns, out_dir, roster.path, options.overwrite,
                        gop=False, validate_only=True)
        counts: dict[str, int] = {}
        bad: list[RowResult] = []

        def check(result: RowResult) -> None:
            counts[result.status] = counts.get(result.status, 0) + 1
            if result.status == FAILED:
                bad.append(result)

        _phase(run, progress, "Đang kiểm tra", lambda: run.execute(worker, jobs, check))
        if bad:
            bad.sort(key=lambda r: r.number)
            report.counts = counts
            report.problems = [p for r in bad for p in r.problems]
            report.refused = True
            report.seconds = time.perf_counter() - started
            return report
        run.records = {}
        if progress:
            progress.note("Mọi hàng hợp lệ; bắt đầu ghi tệp.")

    out_dir.mkdir(exist_ok=True)
    with _folder_lock(out_dir):
        _clean_leftovers(out_dir)
        previous_gop = None
        if not options.overwrite:
            previous_gop = _read_records(out_dir / MANIFEST, run.records)
            previous_gop = _read_records(out_dir / JOURNAL, run.records) or previous_gop
        if gop is not None:
            _check_gop_target(gop, previous_gop, options.overwrite)
        _execute(run, options, jobs, gop, report, progress)
    report.seconds = time.perf_counter() - started
    return report


def _execute(run: _Run, options: BatchOptions, jobs: int, gop: Path | None,
             report: BatchReport, progress: Progress | None) -> None:
    out_dir = options.out_dir
    worker = Worker(run.spec, run.roster.columns, out_dir, run.roster.path, options.overwrite,
                    gop=gop is not None, validate_only=False)
    merged = MergedDocument(gop) if gop is not None else None
    journal_path = out_dir / JOURNAL
    new_journal = not journal_path.exists()
    journal = journal_path.open("a", encoding="utf-8", newline="")
    writer = csv.writer(journal)
    if new_journal:
        writer.writerow(MANIFEST_HEADER)

    def on_result(result: RowResult) -> None:
        if merged is not None and result.document is not None:
            reference = (out_dir / result.file).read_bytes() if merged.count == 0 else None
            merged.add(result.document, reference)
            result.document = None
        run.results[result.number] = result
        writer.writerow(result.manifest_row())
        journal.flush()

    try:
        _phase(run, progress, "Đang soạn", lambda: run.execute(worker, jobs, on_result))
        gop_row = None
        if merged is not None:
            if merged.count:
                merged.commit()
                sha = _sha_file(merged.path) or ""
                gop_row = ("", _gop_label(merged.path, out_dir), sha, MERGED, "", "")
                report.gop = merged.path
            else:
                merged.abort()
                if run.results:
                    report.problems.append(Problem("không có văn bản nào để gộp", file=gop))
    except BaseException:
        if merged is not None:
            merged.abort()
        raise
    finally:
        journal.close()

    results = [run.results[n] for n in sorted(run.results)]
    if not results:
        report.problems.append(Problem(
            "bảng danh sách không có hàng dữ liệu nào", file=run.roster.path,
            hint="Kiểm tra tệp có dữ liệu dưới hàng tiêu đề, và đúng trang tính (--sheet)."))
    for result in results:
        report.counts[result.status] = report.counts.get(result.status, 0) + 1
        report.problems.extend(result.problems)
    if options.pdf:
        report.pdfs, problems = _make_pdfs(out_dir, results, report.gop, jobs, progress)
        report.problems.extend(problems)
    _write_manifest(out_dir, results, gop_row)
    journal_path.unlink(missing_ok=True)


def _phase(run: _Run, progress: Progress | None, label: str, work: Callable[[], None]) -> None:
    if progress is None:
        work()
        return
    progress.start(label, run.roster.total)
    try:
        work()
    finally:
        progress.finish()


def _gop_label(path: Path, out_dir: Path) -> str:
    return path.name if path.parent.resolve() == out_dir.resolve() else str(path)


def _write_manifest(out_dir: Path, results: list[RowResult],
                    gop_row: tuple[str, ...] | None) -> None:
    tmp = out_dir / f".{MANIFEST}.{os.getpid()}.tmp"
    with tmp.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(MANIFEST_HEADER)
        for result in results:
            writer.writerow(result.manifest_row())
        if gop_row is not None:
            writer.writerow(gop_row)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, out_dir / MANIFEST)


def _check_out_dir(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise DocgenError(Problem("đây là một tệp, không phải thư mục", file=out_dir,
                                  hint="Với -o hãy ghi tên một thư mục, ví dụ -o don-doc."))
    if not out_dir.exists() and not out_dir.parent.is_dir():
        raise DocgenError(Problem(f"thư mục '{out_dir.parent}' không tồn tại", file=out_dir,
                                  hint="Tạo thư mục đó trước, hoặc chọn nơi lưu khác với -o."))


def _check_gop(options: BatchOptions) -> Path | None:
    gop = options.gop
    if gop is None:
        return None
    if gop.suffix.lower() != ".docx":
        raise DocgenError(Problem("tệp gộp phải có đuôi .docx", file=gop,
                                  hint=f"Ví dụ: --gop {gop.with_suffix('.docx')}"))
    if not gop.parent.is_dir() and gop.parent.resolve() != options.out_dir.resolve():
        raise DocgenError(Problem(f"thư mục '{gop.parent}' không tồn tại", file=gop,
                                  hint="Tạo thư mục trước, hoặc chọn nơi lưu khác với --gop."))
    if gop.is_dir():
        raise DocgenError(Problem("đây là một thư mục, không phải tên tệp", file=gop))
    return gop


def _check_gop_target(gop: Path, previous: tuple[str, str] | None, overwrite: bool) -> None:
    if overwrite or not gop.exists():
        return
    if previous is not None and previous[0] in (gop.name, str(gop)):
        return  # the --gop file of an earlier run: ours to replace
    raise DocgenError(Problem(
        "tệp đã có, docgen không ghi đè", file=gop,
        hint="Chọn tên khác với --gop, hoặc thêm --overwrite nếu chắc chắn muốn thay tệp cũ."))


# ---------------------------------------------------------------------------------------------
# PDF


def _make_pdfs(out_dir: Path, results: list[RowResult], gop: Path | None, jobs: int,
               progress: Progress | None) -> tuple[int, list[Problem]]:
    """Convert the .docx files whose PDF is missing or older, one soffice run per worker."""
    wanted: list[tuple[Path, Path]] = []
    for result in results:
        if result.status in (RENDERED, UNCHANGED) and result.file:
            source = out_dir / result.file
            target = source.with_suffix(".pdf")
            if _stale(source, target):
                wanted.append((source, target))
    if gop is not None and _stale(gop, gop.with_suffix(".pdf")):
        wanted.append((gop, gop.with_suffix(".pdf")))
    if not wanted:
        return 0, []
    groups = _split(wanted, jobs)
    if progress:
        progress.note(f"Đang chuyển {len(wanted)} tệp sang PDF ({len(groups)} lượt LibreOffice)…")
    problems: list[Problem] = []
    done = 0
    with ThreadPoolExecutor(max_workers=len(groups)) as pool:
        for made, found in pool.map(lambda ig: _convert_group(out_dir, ig[0], ig[1]),
                                    enumerate(groups)):
            done += made
            problems.extend(found)
    return done, problems


def _stale(source: Path, target: Path) -> bool:
    try:
        return target.stat().st_mtime_ns < source.stat().st_mtime_ns
    except FileNotFoundError:
        return True


def _split(items: list[tuple[Path, Path]], parts: int) -> list[list[tuple[Path, Path]]]:
    """Contiguous groups of nearly equal size, each with distinct file stems."""
    parts = max(1, min(parts, len(items)))
    size = -(-len(items) // parts)
    groups = [items[i:i + size] for i in range(0, len(items), size)]
    # A --gop file outside DIR could share a stem with a row file: give it its own run then.
    last = groups[-1]
    stems = [s.stem for s, _ in last]
    if len(set(stems)) != len(stems):
        groups[-1] = last[:-1]
        groups.append(last[-1:])
    return [g for g in groups if g]


def _convert_group(out_dir: Path, index: int,
                   group: list[tuple[Path, Path]]) -> tuple[int, list[Problem]]:
    tmp = out_dir / f"{_PDF_TMP}{index}-{os.getpid()}"
    problems: list[Problem] = []
    made = 0
    try:
        try:
            convert([source for source, _ in group], tmp)
        except DocgenError as exc:
            problems.extend(exc.problems)
        for source, target in group:
            produced = tmp / (source.stem + ".pdf")
            if produced.is_file():
                os.replace(produced, target)  # whole PDFs only, as for .docx
                made += 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return made, problems
