"""The per-row work of a batch, in worker processes: render, check, write one row's file.

A worker builds and renders the row and writes ``DIR/name.docx`` through a temporary file and a
rename: a file in DIR is complete or absent, whatever kills the run. The bytes depend only on the
row and the form (the renderer fixes zip timestamps and order), never on the worker. A worker
dies with the main process (:func:`die_with_parent`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import sys
import threading
import time
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DocgenError, Problem
from ..fileio import atomic_write, sha256_file, write_error
from ..forms import FormSpec
from ..i18n import _, current_language, set_language
from ..notices import notice_problems
from ..render import render_docx
from ..text import one_line
from . import state
from .merge import document_part
from .roster import Columns, Dong
from .row import build_row
from .state import FAILED, RENDERED, UNCHANGED, ManifestLine, Record, Status

__all__ = ["RowResult", "Task", "Worker", "chunked", "die_with_parent", "job_count",
           "run_tasks"]


@dataclass(slots=True)
class RowResult:
    """What happened to one row.

    A row that failed or was left out keeps the record (file, SHA-256, fingerprint) of the file
    an earlier run wrote for it, so that file stays known as docgen's.
    """

    number: int
    file: str
    sha256: str
    status: Status
    problems: tuple[Problem, ...] = ()
    fingerprint: str = ""
    document: bytes | None = field(default=None, repr=False)
    """``word/document.xml`` of the row, only when building a --gop file."""
    name: str = ""
    """The row's name for the clerk (its first text column)."""
    notices: tuple[Problem, ...] = ()
    """What docgen changed in the row's document (a name put in proper case…): warnings."""

    def manifest_line(self) -> ManifestLine:
        """The row's line in manifest.csv (its problems, then its notices, as the note)."""
        note = " | ".join(one_line(str(p)) for p in (*self.problems, *self.notices))
        return ManifestLine(str(self.number), self.name, self.file, self.status, note,
                            self.sha256, self.fingerprint)


@dataclass(frozen=True, slots=True)
class Task:
    """One row to render, as sent to a worker."""

    number: int
    values: tuple[Any, ...]
    stem: str
    fingerprint: str
    previous: Record | None
    name: str = ""


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
            return _failed(task, *write_error(exc, self.out_dir / name)
                           .located(row=task.number).problems)
        except DocgenError as exc:
            return _failed(task, *exc.located(row=task.number).problems)
        except Exception as exc:  # a bug must not cost the clerk the other rows
            return _failed(task, Problem(
                _("docgen gặp lỗi nội bộ khi soạn hàng này ({error}: {reason})").format(
                    error=type(exc).__name__, reason=exc),
                file=self.roster_file, row=task.number,
                hint=_("Các hàng khác vẫn được soạn. Hãy báo lỗi kèm nội dung hàng này.")))

    def _process(self, task: Task) -> RowResult:
        name = task.stem + ".docx"
        path = self.out_dir / name
        dong = Dong(self.columns, task.values, task.number)
        previous = None if self.overwrite else task.previous

        notices: list[Problem] = []

        def result(status: Status, sha: str, data: bytes | None = None) -> RowResult:
            document = document_part(data) if self.gop and data is not None else None
            return RowResult(task.number, name, sha, status, (), task.fingerprint, document,
                             task.name, tuple(notices))

        if not self.validate_only and previous is not None and \
                previous.fingerprint == task.fingerprint:
            if not self.gop:
                with contextlib.suppress(OSError):
                    if sha256_file(path) == previous.sha256:
                        return result(UNCHANGED, previous.sha256)
            else:
                existing_bytes = _read(path)
                if existing_bytes is not None and \
                        hashlib.sha256(existing_bytes).hexdigest() == previous.sha256:
                    return result(UNCHANGED, previous.sha256, existing_bytes)
        try:
            van_ban = build_row(self.spec, dong, file=self.roster_file)
        except DocgenError as exc:
            return _failed(task, *exc.problems)
        notices.extend(notice_problems(van_ban, self.spec, row=task.number))
        data = None if self.validate_only else render_docx(van_ban)
        try:
            existing = sha256_file(path)
        except OSError as exc:
            return _failed(task, Problem(
                _("không ghi được tệp {file} ({reason})").format(file=name, reason=exc.strerror),
                file=path, row=task.number,
                hint=_("Xóa hoặc đổi tên thứ đang có tên đó trong thư mục.")))
        if existing is not None and not self.overwrite:
            ours = previous is not None and existing == previous.sha256
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
        return RowResult(task.number, name, task.previous.sha256, FAILED, problems,
                         task.previous.fingerprint, name=task.name)
    return RowResult(task.number, name, "", FAILED, problems, task.fingerprint,
                     name=task.name)


def _conflict(task: Task, path: Path, previous: Record | None, ours: bool) -> Problem | None:
    """Why the file at ``path`` must not be replaced, or None when it may."""
    if previous is None:
        message = _("tệp {file} đã có trong thư mục và không do docgen batch ghi ra")
        hint = _("Xóa hoặc chuyển tệp đó đi, đặt tên khác bằng --ten-tep, hoặc thêm "
                 "--overwrite nếu chắc chắn muốn ghi đè.")
    elif not ours and _readable_docx(path):
        # A damaged file (unreadable zip) is docgen's to repair; a readable one with other
        # bytes was opened and saved by someone, and their changes would be lost.
        message = _("tệp {file} đã bị sửa sau khi docgen ghi; thêm --overwrite để ghi đè")
        hint = _("Muốn giữ bản đã sửa thì chuyển hoặc đổi tên tệp đó rồi chạy lại; muốn soạn "
                 "lại từ bảng danh sách thì chạy lại với --overwrite.")
    else:
        return None
    return Problem(message.format(file=path.name), file=path, row=task.number, hint=hint)


def _readable_docx(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            return zf.testzip() is None
    except Exception:  # BadZipFile, OSError, and what a damaged zip raises in between
        return False


_WORKER: Worker | None = None


def _init_worker(worker: Worker, parent: int, language: str) -> None:
    global _WORKER
    _WORKER = worker
    # The rows' messages in the language the run speaks: a spawned worker knows only
    # DOCGEN_LANG, and a forked one only the process-wide setting, not a web request's.
    set_language(language)
    die_with_parent(parent)
    state.release_lock_in_child()
    # Ctrl-C is the main process's to handle: it stops handing out work and keeps the journal.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when ``parent`` dies (Linux ``PR_SET_PDEATHSIG``),
    so that a batch killed with SIGKILL or SIGTERM leaves no worker rendering on for minutes.

    Elsewhere, and where prctl is unavailable, a thread watches the parent instead.
    """
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:  # the parent died before prctl took effect
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True,
                     name="docgen-watch-parent").start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _run_chunk(tasks: list[Task]) -> list[RowResult]:
    assert _WORKER is not None
    return _WORKER.run(tasks)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None  # absent or unreadable: rendered again, and the write then says why


def run_tasks(worker: Worker, chunks: Iterable[list[Task]], jobs: int,
              take: Callable[[list[RowResult]], None]) -> None:
    """Run ``chunks`` through ``worker`` in this process (``jobs`` 1) or in ``jobs`` worker
    processes, handing each chunk's results to ``take`` in order."""
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
                               initializer=_init_worker,
                               initargs=(worker, os.getpid(), current_language()))
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


def chunked(tasks: Iterable[Task], size: int) -> Iterator[list[Task]]:
    """``tasks`` in lists of ``size``."""
    chunk: list[Task] = []
    for task in tasks:
        chunk.append(task)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def job_count(requested: int | None) -> int:
    """``requested``, or the CPUs this process may use."""
    if requested and requested > 0:
        return requested
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)
