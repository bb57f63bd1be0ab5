"""Running a batch: plan the rows, render them in worker processes, write safely, resume.

How a run goes:

1. The main process reads the form once and streams the roster. For each row it applies
   ``--loc``, renders ``--ten-tep`` into a safe, distinct file name and computes the row's *input
   fingerprint* (form, headers, typed values, docgen version). Names are handed out in row order
   to every row, left out by ``--loc`` or not, so a row's file name depends neither on timing nor
   on the filter.
2. Rows go to ``--jobs`` worker processes in chunks; each worker received the parsed form once.
   A worker builds and renders the row and writes ``DIR/name.docx`` through a temporary file and
   a rename: a file in DIR is complete or absent, whatever kills the run. The bytes depend only
   on the row and the form (the renderer fixes zip timestamps and order), never on the worker.
3. The main process takes the chunks back in row order (at most two per worker in flight, so
   memory stays flat), appends each result to the journal, feeds ``--gop`` and the progress bar.
   Then ``--pdf`` converts what needs it, and ``DIR/manifest.csv`` is written atomically, sorted
   by row (see :mod:`.state`).

Resuming: a rerun reads ``manifest.csv`` and the journal of an interrupted run. A row is skipped
when its fingerprint is unchanged and its file still has the recorded SHA-256. A file present but
unrecorded (written just before a kill -9) is kept when re-rendering gives the same bytes; one
that differs is someone else's, and a recorded file whose bytes changed since was edited by hand:
neither is overwritten without ``--overwrite``. The same holds for PDFs and the ``--gop`` file.
Leftover temporary files are removed first. One run at a time may use a folder (a lock on it).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import sys
import time
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..errors import DocgenError, Problem
from ..fileio import atomic_write, sha256_file
from ..forms import FormSpec, read_form
from ..pdf import INSTALL_HINT, convert, find_soffice
from ..render import render_docx
from ..templating import environment, evaluate, has_jinja, render_string
from ..text import one_line
from . import state
from .merge import MergedDocument, document_part
from .names import NameAllocator, safe_stem
from .roster import Columns, Dong, Roster, open_roster, reset_usage
from .row import build_row, form_fingerprint, row_fingerprint, row_problems, select_rows
from .state import (
    FAILED,
    FILTERED,
    MANIFEST,
    MERGED,
    PDF,
    RENDERED,
    UNCHANGED,
    Journal,
    Record,
    Records,
)

__all__ = ["MANIFEST", "BatchOptions", "BatchReport", "Progress", "RowResult",
           "default_name_template", "run_batch"]

_NAME_KEYS = ("ten_thon", "ten_lang", "thon", "lang", "ten_don_vi", "don_vi", "ten_xa", "ten",
              "ho_ten", "ho_va_ten")


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


@dataclass(slots=True)
class RowResult:
    """What happened to one row.

    A row that failed or was left out keeps the record (file, SHA-256, fingerprint) of the file
    an earlier run wrote for it, so that file stays known as docgen's.
    """

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
        note = " | ".join(one_line(str(p)) for p in self.problems)
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
    notes: list[str] = field(default_factory=list)
    """What the clerk should know that is no error (how the roster was read)."""
    sheet: str | None = None
    """The sheet read, when the workbook has several."""

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
        if self.sheet:
            extra += f"; đã đọc trang tính '{self.sheet}'"
        # "Xong" only when everything is done: a clerk who reads the first word must not
        # take a run with failed rows for a finished one.
        head = "Xong" if not self.problems else "Chưa xong"
        return (f"{head}: {', '.join(parts)}; {seconds} giây. "
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
    """--strict's first pass: build and check each row, write nothing (and render only when a
    file in the way must be compared)."""

    def run(self, tasks: list[Task]) -> list[RowResult]:
        """Render a chunk of rows, in order."""
        return [self.process(task) for task in tasks]

    def process(self, task: Task) -> RowResult:
        """Render, check and write one row; whatever goes wrong stays with this row."""
        try:
            return self._process(task)
        except OSError as exc:
            name = task.stem + ".docx"
            return _failed(task, Problem(
                f"không ghi được tệp ({exc.strerror or exc})", file=self.out_dir / name,
                row=task.number, hint="Kiểm tra chỗ trống trên đĩa và quyền ghi vào thư mục."))
        except DocgenError as exc:
            return _failed(task, *exc.located(row=task.number).problems)
        except Exception as exc:  # a bug must not cost the clerk the other rows
            return _failed(task, Problem(
                f"docgen gặp lỗi nội bộ khi soạn hàng này ({type(exc).__name__}: {exc})",
                file=self.roster_file, row=task.number,
                hint="Các hàng khác vẫn được soạn. Hãy báo lỗi kèm nội dung hàng này."))

    def _process(self, task: Task) -> RowResult:
        name = task.stem + ".docx"
        path = self.out_dir / name
        dong = Dong(self.columns, task.values, task.number)
        previous = None if self.overwrite else task.previous

        def result(status: str, sha: str, data: bytes | None = None) -> RowResult:
            document = document_part(data) if self.gop and data is not None else None
            return RowResult(task.number, name, sha, status, (), task.fingerprint, document)

        if not self.validate_only and previous is not None and previous[0] == task.fingerprint:
            if not self.gop:
                with contextlib.suppress(OSError):
                    if sha256_file(path) == previous[1]:
                        return result(UNCHANGED, previous[1])
            else:
                existing_bytes = _read(path)
                if existing_bytes is not None and \
                        hashlib.sha256(existing_bytes).hexdigest() == previous[1]:
                    return result(UNCHANGED, previous[1], existing_bytes)
        try:
            van_ban = build_row(self.spec, dong, file=self.roster_file)
        except DocgenError as exc:
            return _failed(task, *exc.problems)
        data = None if self.validate_only else render_docx(van_ban)
        try:
            existing = sha256_file(path)
        except OSError as exc:
            return _failed(task, Problem(
                f"không ghi được tệp {name} ({exc.strerror})", file=path, row=task.number,
                hint="Xóa hoặc đổi tên thứ đang có tên đó trong thư mục."))
        if existing is not None and not self.overwrite:
            ours = previous is not None and existing == previous[1]
            if data is None and not ours:
                data = render_docx(van_ban)  # only a file in the way needs the bytes
            if data is not None:
                sha = hashlib.sha256(data).hexdigest()
                if existing == sha:
                    return result(UNCHANGED, sha, data)  # same bytes there: keep the file
            conflict = _conflict(task, path, previous, ours)
            if conflict is not None:
                return _failed(task, conflict)
        if data is None:
            return result(RENDERED, "")  # validated; written in the second pass
        sha = hashlib.sha256(data).hexdigest()
        # The name comes from safe_stem; this guards the one promise that matters most.
        if "/" in name or "\\" in name or name.startswith(".") or ".." in name:
            raise ValueError(f"unsafe file name {name!r}")
        # No fsync per row: a rename already leaves the file whole or absent after a kill, and
        # a thousand fsyncs would cost more than the rendering.
        atomic_write(path, data, overwrite=True, fsync=False)
        return result(RENDERED, sha, data)


def _failed(task: Task, *problems: Problem) -> RowResult:
    """A failed row, keeping the record of the file an earlier run wrote for it."""
    name = task.stem + ".docx"
    if task.previous is not None:
        fingerprint, sha = task.previous
        return RowResult(task.number, name, sha, FAILED, problems, fingerprint)
    return RowResult(task.number, name, "", FAILED, problems, task.fingerprint)


def _conflict(task: Task, path: Path, previous: Record | None, ours: bool) -> Problem | None:
    """Why the file at ``path`` must not be replaced, or None when it may."""
    name = path.name
    if previous is None:
        return Problem(
            f"tệp {name} đã có trong thư mục và không do docgen batch ghi ra", file=path,
            row=task.number,
            hint="Xóa hoặc chuyển tệp đó đi, đặt tên khác bằng --ten-tep, hoặc thêm "
            "--overwrite nếu chắc chắn muốn ghi đè.")
    if not ours and _readable_docx(path):
        # A damaged file (unreadable zip) is docgen's to repair; a readable one with other
        # bytes was opened and saved by someone, and their changes would be lost.
        return Problem(
            f"tệp {name} đã bị sửa sau khi docgen ghi; thêm --overwrite để ghi đè", file=path,
            row=task.number,
            hint="Muốn giữ bản đã sửa thì chuyển hoặc đổi tên tệp đó rồi chạy lại; muốn soạn "
            "lại từ bảng danh sách thì chạy lại với --overwrite.")
    return None


def _readable_docx(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            return zf.testzip() is None
    except Exception:  # BadZipFile, OSError, and what a damaged zip raises in between
        return False


_WORKER: Worker | None = None


def _init_worker(worker: Worker) -> None:
    global _WORKER
    _WORKER = worker
    state.release_lock_in_child()
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


# ---------------------------------------------------------------------------------------------
# The run


@dataclass
class _Run:
    options: BatchOptions
    spec: FormSpec
    roster: Roster
    name_source: str
    form_fp: str
    records: Records
    progress: Progress | None
    reserved: tuple[str, ...] = ()
    results: dict[int, RowResult] = field(default_factory=dict)

    def plan(self, sink: Callable[[RowResult], None]) -> Iterator[Task]:
        """The tasks, in row order; rows decided here (filtered, unreadable) go to ``sink``."""
        allocator = NameAllocator(self.reserved)
        columns = self.roster.columns
        for selected in select_rows(self.spec, self.roster, self.options.loc):
            number, dong = selected.row.number, selected.dong
            stem: str | None = None
            try:
                reset_usage(dong)
                stem = allocator.allocate(safe_stem(_name_text(self.name_source,
                                                               selected.context)))
                name_error = None
            except DocgenError as exc:
                name_error = exc
            if selected.problems or not selected.kept:
                status = FAILED if selected.problems else FILTERED
                sink(self._kept_record(number, stem, status, selected.problems))
                continue
            if name_error is not None:
                problems = row_problems(name_error.located(field="--ten-tep"), dong,
                                        self.roster.path, form=self.spec.path)
                sink(RowResult(number, "", "", FAILED, tuple(problems)))
                continue
            assert stem is not None
            fingerprint = row_fingerprint(self.form_fp, columns, selected.row.values)
            yield Task(number, selected.row.values, stem, fingerprint,
                       self.records.get(stem + ".docx"))

    def _kept_record(self, number: int, stem: str | None, status: str,
                     problems: tuple[Problem, ...]) -> RowResult:
        """A row not rendered this time, with the record of its file from an earlier run."""
        record = self.records.get(stem + ".docx") if stem else None
        if stem and record is not None:
            return RowResult(number, stem + ".docx", record[1], status, problems, record[0])
        return RowResult(number, "", "", status, problems)

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
    state.check_out_dir(out_dir, overwrite=options.overwrite)
    gop = _check_gop(options)
    if gop is not None and gop.parent.is_dir():
        MergedDocument(gop).check()  # before any work, not after the last row
    if options.pdf and find_soffice() is None:
        raise DocgenError(Problem("không tìm thấy LibreOffice để chuyển sang PDF",
                                  hint=INSTALL_HINT))
    jobs = _jobs(options.jobs)
    reserved = ()
    if gop is not None and _inside(gop, out_dir):
        reserved = (gop.stem,)
    run = _Run(options, spec, roster, name_source, form_fingerprint(spec), Records(), progress,
               reserved)
    report = BatchReport(out_dir=out_dir, notes=list(roster.notes),
                         sheet=roster.sheet if len(roster.sheets) > 1 else None)

    if options.strict:
        if out_dir.is_dir() and not options.overwrite:
            state.read_records(out_dir / state.MANIFEST, run.records)
            state.read_records(out_dir / state.JOURNAL, run.records)
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
        if progress:
            progress.note("Mọi hàng hợp lệ; bắt đầu ghi tệp.")

    out_dir.mkdir(exist_ok=True)
    with state.folder_lock(out_dir):
        state.clean_leftovers(out_dir)
        run.records = Records()
        if not options.overwrite:
            state.read_records(out_dir / state.MANIFEST, run.records)
            state.read_records(out_dir / state.JOURNAL, run.records)
        if gop is not None:
            _clean_gop_leftovers(gop)
            _check_gop_target(gop, run.records.gop, options.overwrite, out_dir)
            MergedDocument(gop).check()
        _execute(run, options, jobs, gop, report, progress)
    report.seconds = time.perf_counter() - started
    return report


def _execute(run: _Run, options: BatchOptions, jobs: int, gop: Path | None,
             report: BatchReport, progress: Progress | None) -> None:
    out_dir = options.out_dir
    worker = Worker(run.spec, run.roster.columns, out_dir, run.roster.path, options.overwrite,
                    gop=gop is not None, validate_only=False)
    merged = MergedDocument(gop) if gop is not None else None
    journal = Journal(out_dir)

    def on_result(result: RowResult) -> None:
        if merged is not None and result.document is not None:
            reference = (out_dir / result.file).read_bytes() if merged.count == 0 else None
            merged.add(result.document, reference)
            result.document = None
        run.results[result.number] = result
        journal.write(result.manifest_row())

    try:
        try:
            _phase(run, progress, "Đang soạn", lambda: run.execute(worker, jobs, on_result))
            gop_line = None
            if merged is not None:
                if merged.count:
                    merged.commit()
                    gop_line = ("", _gop_label(merged.path, out_dir),
                                sha256_file(merged.path) or "", MERGED, "", "")
                    journal.write(gop_line)
                    report.gop = merged.path
                else:
                    merged.abort()
                    if run.results:
                        report.problems.append(Problem("không có văn bản nào để gộp", file=gop))
        except BaseException:
            if merged is not None:
                merged.abort()
            raise

        results = [run.results[n] for n in sorted(run.results)]
        if not results:
            report.problems.append(Problem(
                "bảng danh sách không có hàng dữ liệu nào", file=run.roster.path,
                hint="Kiểm tra tệp có dữ liệu dưới hàng tiêu đề, và đúng trang tính (--sheet)."))
        for result in results:
            report.counts[result.status] = report.counts.get(result.status, 0) + 1
            report.problems.extend(result.problems)
        pdf_lines = _pdfs(run, results, report, gop_line, jobs, journal, progress)
        lines: list[tuple[str, ...]] = []
        for result in results:
            lines.append(result.manifest_row())
            if result.file in pdf_lines:
                lines.append(pdf_lines[result.file])
        if gop_line is not None:
            lines.append(gop_line)
            if gop_line[1] in pdf_lines:
                lines.append(pdf_lines[gop_line[1]])
        state.write_manifest(out_dir, lines)
    finally:
        journal.close()
    journal.remove()


def _phase(run: _Run, progress: Progress | None, label: str, work: Callable[[], None]) -> None:
    if progress is None:
        work()
        return
    progress.start(label, run.roster.total)
    try:
        work()
    finally:
        progress.finish()


def _inside(path: Path, out_dir: Path) -> bool:
    return path.parent.resolve() == out_dir.resolve()


def _gop_label(path: Path, out_dir: Path) -> str:
    """How the manifest names the --gop file: by name in DIR, else by its resolved path (two
    files of the same name in different folders are not the same file)."""
    return path.name if _inside(path, out_dir) else str(path.resolve())


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


def _check_gop_target(gop: Path, previous: tuple[str, str] | None, overwrite: bool,
                      out_dir: Path) -> None:
    if overwrite or not gop.exists():
        return
    if previous is not None:
        label, sha = previous
        recorded = Path(label) if Path(label).is_absolute() else out_dir / label
        with contextlib.suppress(OSError):
            if recorded.resolve() == gop.resolve():
                if sha256_file(gop) == sha:
                    return  # the --gop file of an earlier run, as docgen wrote it: ours
                raise DocgenError(Problem(
                    "tệp gộp đã bị sửa sau khi docgen ghi; thêm --overwrite để ghi đè", file=gop,
                    hint="Muốn giữ bản đã sửa thì chuyển hoặc đổi tên tệp đó, hoặc chọn tên "
                    "khác với --gop."))
    raise DocgenError(Problem(
        "tệp đã có, docgen không ghi đè", file=gop,
        hint="Chọn tên khác với --gop, hoặc thêm --overwrite nếu chắc chắn muốn thay tệp cũ."))


def _clean_gop_leftovers(gop: Path) -> None:
    """Remove the temporary --gop files of killed runs (a process that no longer exists)."""
    for entry in MergedDocument.leftovers(gop):
        pid = int(entry.name[len(gop.name) + 2:-4])
        if pid != os.getpid() and not _alive(pid):
            with contextlib.suppress(OSError):
                entry.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, OverflowError):
        return True  # someone else's process, or no way to tell: leave its file alone
    return True


# ---------------------------------------------------------------------------------------------
# PDF


@dataclass(frozen=True, slots=True)
class _Pdf:
    """A .docx (a row's or the --gop file) and the PDF made from it."""

    number: str
    label: str
    """The .docx as the manifest names it."""
    source: Path
    source_sha: str
    target: Path

    @property
    def pdf_label(self) -> str:
        return str(Path(self.label).with_suffix(".pdf"))

    def line(self, sha: str) -> tuple[str, ...]:
        return (self.number, self.pdf_label, sha, PDF, "", self.source_sha)


def _pdfs(run: _Run, results: list[RowResult], report: BatchReport,
          gop_line: tuple[str, ...] | None, jobs: int, journal: Journal,
          progress: Progress | None) -> dict[str, tuple[str, ...]]:
    """With --pdf, convert the .docx files whose PDF is missing or made from older bytes;
    with or without, the manifest line of each PDF that is docgen's, by its .docx's label.

    A PDF docgen did not make (or one changed since) is kept and reported, unless --overwrite.
    """
    out_dir = run.options.out_dir
    items: list[tuple[_Pdf, bool]] = []
    for result in results:
        if result.file and result.sha256:
            source = out_dir / result.file
            live = result.status in (RENDERED, UNCHANGED)
            items.append((_Pdf(str(result.number), result.file, source, result.sha256,
                               source.with_suffix(".pdf")), live))
    if gop_line is not None and report.gop is not None:
        items.append((_Pdf("", gop_line[1], report.gop, gop_line[2],
                           report.gop.with_suffix(".pdf")), True))
    lines: dict[str, tuple[str, ...]] = {}
    wanted: list[_Pdf] = []
    for item, live in items:
        record = run.records.get(item.pdf_label)
        try:
            current = sha256_file(item.target)
        except OSError:
            current = ""  # a folder or an unreadable file in the way: not ours to replace
        ours = record is not None and current == record[1]
        if not (run.options.pdf and live):
            if ours and record is not None:
                lines[item.label] = item.line(record[1])  # kept, perhaps out of date
            continue
        if ours and record is not None and record[0] == item.source_sha and \
                not run.options.overwrite:
            lines[item.label] = item.line(record[1])  # up to date
        elif current is None or ours or run.options.overwrite:
            wanted.append(item)
        else:
            report.problems.append(Problem(
                f"tệp {item.target.name} đã có và không do docgen ghi ra (hoặc đã bị sửa sau "
                "khi docgen ghi); thêm --overwrite để ghi đè", file=item.target,
                row=int(item.number) if item.number else None,
                hint="Muốn giữ tệp đó thì chuyển hoặc đổi tên nó rồi chạy lại với --pdf."))
    if not wanted:
        return lines
    # Each soffice run writes into a private folder beside its targets (no rename across
    # disks): the row files together, a --gop file elsewhere on its own.
    inside = [w for w in wanted if w.target.parent == out_dir]
    groups = [(out_dir, g) for g in _split(inside, jobs)]
    groups += [(w.target.parent, [w]) for w in wanted if w.target.parent != out_dir]
    if progress:
        progress.note(f"Đang chuyển {len(wanted)} tệp sang PDF ({len(groups)} lượt LibreOffice)…")
    with ThreadPoolExecutor(max_workers=len(groups)) as pool:
        for made, problems in pool.map(lambda g: _convert_group(*g), groups):
            for item in made:
                line = item.line(sha256_file(item.target) or "")
                journal.write(line)  # a kill before the manifest still knows it is docgen's
                lines[item.label] = line
            report.pdfs += len(made)
            report.problems.extend(problems)
    return lines


def _split(items: list[_Pdf], parts: int) -> list[list[_Pdf]]:
    """Contiguous groups of nearly equal size."""
    if not items:
        return []
    parts = max(1, min(parts, len(items)))
    size = -(-len(items) // parts)
    return [items[i:i + size] for i in range(0, len(items), size)]


_CONVERT_ATTEMPTS = 3


def _convert_group(folder: Path, group: list[_Pdf]) -> tuple[list[_Pdf], list[Problem]]:
    """Convert ``group`` in one soffice run; when some files fail, the others are converted
    again without them (LibreOffice keeps nothing of a run with a failure)."""
    rest = list(group)
    problems: list[Problem] = []
    for _ in range(_CONVERT_ATTEMPTS):
        try:
            convert([item.source for item in rest], folder, overwrite=True)
            return rest, problems
        except DocgenError as exc:
            failed = {Path(p.file) for p in exc.problems if p.file is not None}
            bad = [item for item in rest if item.source in failed]
            if not bad:
                # The run itself failed (timeout…): no file to leave out.
                return [], problems + [_pdf_problem(item, exc) for item in rest]
            problems += [_pdf_problem(item, exc) for item in bad]
            rest = [item for item in rest if item.source not in failed]
            if not rest:
                return [], problems
    problems += [_pdf_problem(item, None) for item in rest]
    return [], problems


def _pdf_problem(item: _Pdf, error: DocgenError | None) -> Problem:
    reason = None
    if error is not None:
        reason = next((p.message for p in error.problems
                       if p.file is None or Path(p.file) == item.source), None)
    return Problem(reason or "LibreOffice không chuyển được tệp này sang PDF", file=item.source,
                   row=int(item.number) if item.number else None,
                   hint="Mở tệp bằng LibreOffice xem có lỗi không, rồi chạy lại với --pdf.")
