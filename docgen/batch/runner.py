"""Running a batch: plan the rows, render them in worker processes, write safely, resume.

How a run goes:

1. Planning (:mod:`.plan`): the main process reads the form once and streams the roster; each
   row gets ``--loc``'s verdict, a safe distinct file name and an input fingerprint.
2. Workers (:mod:`.workers`): rows go to ``--jobs`` worker processes in chunks; each writes its
   row's file whole or not at all, and dies with the main process.
3. The main process takes the chunks back in row order (at most two per worker in flight, so
   memory stays flat), appends each result to the journal, feeds ``--gop`` and the progress bar.
   Then ``--pdf`` converts what needs it (:mod:`.pdfs`), ``--gop`` is closed (:mod:`.merge`) and
   ``DIR/manifest.csv`` is written atomically, sorted by row (see :mod:`.state`).

Resuming: a rerun reads ``manifest.csv`` and the journal of an interrupted run. A row is skipped
when its fingerprint is unchanged and its file still has the recorded SHA-256. A file present but
unrecorded (written just before a kill -9) is kept when re-rendering gives the same bytes; one
that differs is someone else's, and a recorded file whose bytes changed since was edited by hand:
neither is overwritten without ``--overwrite``. The same holds for PDFs and the ``--gop`` file.
Leftover temporary files are removed first. One run at a time may use a folder (a lock on it).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from babel.numbers import format_decimal

from ..errors import DocgenError, Problem
from ..fileio import sha256_file
from ..forms import read_form
from ..i18n import _, current_language, ngettext
from ..pdf import find_soffice, install_hint
from . import state
from .merge import MergedDocument
from .pdfs import convert_pdfs
from .plan import BatchRun, check_syntax, default_name_template
from .roster import open_roster
from .row import form_fingerprint
from .state import (
    FAILED,
    FILTERED,
    MANIFEST,
    MERGED,
    RENDERED,
    UNCHANGED,
    Journal,
    ManifestLine,
    Records,
)
from .workers import RowResult, Worker, job_count

__all__ = ["MANIFEST", "BatchOptions", "BatchReport", "Progress", "RowResult",
           "default_name_template", "run_batch"]

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
    ascii_names: bool = False
    """File names folded to ASCII (``don-doc-thon-tan-sang``) instead of keeping Vietnamese
    letters (``Đôn đốc thôn Tân Sang``)."""
    allow_outside: bool = False
    """The form's ``dung_chung``/``mau`` may name files outside its folder."""
    strict: bool = False
    jobs: int = 1
    overwrite: bool = False


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
    warnings: list[Problem] = field(default_factory=list)
    """What docgen changed in the rows' documents (:attr:`VanBan.notices`), in row order."""
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

    def summary(self, *, files: bool = True) -> str:
        """One line: rendered, unchanged, failed, left out, seconds; with ``files``, then where
        the manifest is, the --gop file, the PDFs and the sheet read (the web desk, which
        lists the files itself, asks ``files=False``)."""
        c = self.counts
        seconds = seconds_text(self.seconds)
        if self.refused:
            return _("Không ghi tệp nào: {failed} hàng lỗi (--strict); {valid} hàng hợp lệ; "
                     "{seconds}.").format(failed=c.get(FAILED, 0), valid=c.get(RENDERED, 0),
                                          seconds=seconds)
        counts = [_("{n} đã tạo").format(n=c.get(RENDERED, 0)),
                  _("{n} giữ nguyên").format(n=c.get(UNCHANGED, 0)),
                  _("{n} lỗi").format(n=c.get(FAILED, 0))]
        if c.get(FILTERED):
            counts.append(_("{n} lọc bỏ").format(n=c[FILTERED]))
        clauses = [_("{counts}; {seconds}. Danh sách: {manifest}").format(
            counts=", ".join(counts), seconds=seconds, manifest=self.out_dir / MANIFEST)
            if files else _("{counts}; {seconds}.").format(counts=", ".join(counts),
                                                           seconds=seconds)]
        if files:
            clauses += self._file_clauses()
        # "Xong" only when everything is done: a clerk who reads the first word must not
        # take a run with failed rows for a finished one.
        head = _("Xong: {summary}") if not self.problems else _("Chưa xong: {summary}")
        return head.format(summary="; ".join(clauses))

    def _file_clauses(self) -> list[str]:
        """The --gop file, the PDFs and the sheet read, for the summary."""
        clauses = []
        if self.gop is not None:
            clauses.append(_("gộp: {file}").format(file=self.gop))
        if self.pdfs:
            clauses.append(ngettext("{n} tệp PDF", "{n} tệp PDF", self.pdfs).format(n=self.pdfs))
        if self.sheet:
            clauses.append(_("đã đọc trang tính '{sheet}'").format(sheet=self.sheet))
        return clauses


def seconds_text(seconds: float) -> str:
    """``2,3 giây`` / ``2.3 s``: a duration with the decimal mark of the clerk's language."""
    return _("{seconds} giây").format(
        seconds=format_decimal(round(seconds, 1), "0.0", locale=current_language()))


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


def run_batch(options: BatchOptions, progress: Progress | None = None) -> BatchReport:
    """Run a batch (see the module docstring), reporting to ``progress``.

    Raises :class:`DocgenError` (nothing written) for a bad form, roster, option or folder;
    row problems are in the report. ``KeyboardInterrupt`` leaves only whole files and the
    journal, from which a rerun continues.
    """
    started = time.perf_counter()
    spec = read_form(options.form, allow_outside=options.allow_outside)
    roster = open_roster(options.roster, options.sheet)
    check_syntax(options.loc, "--loc")
    check_syntax(options.ten_tep, "--ten-tep")
    name_source = options.ten_tep or default_name_template(roster.columns)
    out_dir = options.out_dir
    state.check_out_dir(out_dir, overwrite=options.overwrite)
    gop = _check_gop(options)
    if gop is not None and gop.parent.is_dir():
        MergedDocument(gop).check()  # before any work, not after the last row
    if options.pdf and find_soffice() is None:
        raise DocgenError(Problem(_("không tìm thấy LibreOffice để chuyển sang PDF"),
                                  hint=install_hint()))
    jobs = job_count(options.jobs)
    reserved = ()
    if gop is not None and _inside(gop, out_dir):
        reserved = (gop.stem,)
    run = BatchRun(options, spec, roster, name_source, form_fingerprint(spec), Records(), progress,
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

        _phase(run, progress, _("Đang kiểm tra"), lambda: run.execute(worker, jobs, check))
        if bad:
            bad.sort(key=lambda r: r.number)
            report.counts = counts
            report.problems = [p for r in bad for p in r.problems]
            report.refused = True
            report.seconds = time.perf_counter() - started
            return report
        if progress:
            progress.note(_("Mọi hàng hợp lệ; bắt đầu ghi tệp."))

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


def _execute(run: BatchRun, options: BatchOptions, jobs: int, gop: Path | None,
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
        journal.write(result.manifest_line())

    try:
        try:
            _phase(run, progress, _("Đang soạn"), lambda: run.execute(worker, jobs, on_result))
            gop_line: ManifestLine | None = None
            if merged is not None:
                if merged.count:
                    merged.commit()
                    # The manifest is a Vietnamese file whatever the language (see state.py).
                    gop_line = ManifestLine("", f"{merged.count} văn bản in gộp",
                                            _gop_label(merged.path, out_dir), MERGED, "",
                                            sha256_file(merged.path) or "")
                    journal.write(gop_line)
                    report.gop = merged.path
                else:
                    merged.abort()
                    if run.results:
                        report.problems.append(Problem(_("không có văn bản nào để gộp"),
                                                       file=gop))
        except BaseException:
            if merged is not None:
                merged.abort()
            raise

        results = [run.results[n] for n in sorted(run.results)]
        if not results:
            report.problems.append(Problem(
                _("bảng danh sách không có hàng dữ liệu nào"), file=run.roster.path,
                hint=_("Kiểm tra tệp có dữ liệu dưới hàng tiêu đề, và đúng trang tính "
                       "(--sheet).")))
        for result in results:
            report.counts[result.status] = report.counts.get(result.status, 0) + 1
            report.problems.extend(result.problems)
            report.warnings.extend(result.notices)
        pdf_lines = convert_pdfs(run, results, report, gop_line, jobs, journal, progress)
        lines: list[ManifestLine] = []
        for result in results:
            lines.append(result.manifest_line())
            if result.file in pdf_lines:
                lines.append(pdf_lines[result.file])
        if gop_line is not None:
            lines.append(gop_line)
            if gop_line.file in pdf_lines:
                lines.append(pdf_lines[gop_line.file])
        state.write_manifest(out_dir, lines)
    finally:
        journal.close()
    journal.remove()


def _phase(run: BatchRun, progress: Progress | None, label: str, work: Callable[[], None]) -> None:
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
    if gop.name in ("", ".", ".."):
        raise DocgenError(Problem(_("đây là một thư mục, không phải tên tệp .docx"), file=gop,
                                  hint=_("Ví dụ: --gop {file}").format(file="tat-ca.docx")))
    if gop.suffix.lower() != ".docx":
        raise DocgenError(Problem(_("tệp gộp phải có đuôi .docx"), file=gop,
                                  hint=_("Ví dụ: --gop {file}").format(
                                      file=gop.with_suffix(".docx"))))
    if not gop.parent.is_dir() and gop.parent.resolve() != options.out_dir.resolve():
        raise DocgenError(Problem(
            _("thư mục '{folder}' không tồn tại").format(folder=gop.parent), file=gop,
            hint=_("Tạo thư mục trước, hoặc chọn nơi lưu khác với --gop.")))
    if gop.is_dir():
        raise DocgenError(Problem(_("đây là một thư mục, không phải tên tệp"), file=gop))
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
                    _("tệp gộp đã bị sửa sau khi docgen ghi; thêm --overwrite để ghi đè"),
                    file=gop,
                    hint=_("Muốn giữ bản đã sửa thì chuyển hoặc đổi tên tệp đó, hoặc chọn tên "
                           "khác với --gop.")))
    raise DocgenError(Problem(
        _("tệp đã có, docgen không ghi đè"), file=gop,
        hint=_("Chọn tên khác với --gop, hoặc thêm --overwrite nếu chắc chắn muốn thay tệp "
               "cũ.")))


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

