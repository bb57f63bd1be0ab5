"""Batch jobs of the web desk: ``docgen batch`` run in the background, one job at a time.

Each job is a folder ``hang-loat/<id>/`` holding the form, the profile, the roster, the output
folder and ``trang-thai.json``. The status file is rewritten atomically as the job advances, so
a reloaded page finds it; a job that was waiting or running when the server stopped is run
again at start-up, and :func:`~docgen.batch.run_batch` continues from its journal as
``docgen batch`` does after an interruption.

A job speaks the language of the request that started it (``lang`` in its status): its
messages are written into the status file as they come, in that language.
"""

from __future__ import annotations

import io
import json
import queue
import re
import threading
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..batch import BatchOptions, run_batch
from ..errors import DocgenError, Problem
from ..fileio import atomic_write
from ..i18n import _, current_language, language, normalize_language
from .desk import BATCH_DIR, Desk, now
from .formdata import PROFILE_FILE

STATUS_FILE = "trang-thai.json"
FORM_FILE = "bieu-mau.yaml"
OUT_DIR = "ket-qua"
GOP_FILE = "gop-de-in.docx"
MANIFEST_FILE = "manifest.csv"
ROSTER_SUFFIXES = (".xlsx", ".csv")
_ID = re.compile(r"[0-9a-f]{32}")

WAITING, RUNNING, DONE, FAILED = "cho", "dang-chay", "xong", "loi"


class _Progress:
    """Receives run_batch's progress and writes it to the job's status."""

    def __init__(self, job: Job) -> None:
        self.job = job

    def start(self, label: str, total: int | None) -> None:
        self.job.update(phase=label, total=total, done=0)

    def advance(self, rows: int) -> None:
        self.job.update(done=int(self.job.status.get("done") or 0) + rows, save=False)

    def finish(self) -> None:
        self.job.save()

    def note(self, text: str) -> None:
        self.job.update(notes=[*self.job.status.get("notes", []), text])


class Job:
    """One batch job folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.id = folder.name
        self._lock = threading.Lock()
        try:
            self.status: dict[str, Any] = json.loads((folder / STATUS_FILE).read_text("utf-8"))
        except (OSError, ValueError):
            self.status = {"id": self.id, "state": FAILED,
                           "errors": [{"message": _("trạng thái lô bị hỏng"), "field": None,
                                       "line": None, "hint": _(
                                           "Tạo lô mới ở trang Hàng loạt.")}]}

    @property
    def language(self) -> str | None:
        """The language of the request that started the job (None: the server's)."""
        return normalize_language(self.status.get("lang"))

    @property
    def roster(self) -> Path:
        return self.folder / str(self.status["roster"])

    def update(self, *, save: bool = True, **values: Any) -> None:
        with self._lock:
            self.status.update(values)
        if save:
            self.save()

    def save(self) -> None:
        with self._lock:
            data = json.dumps(self.status, ensure_ascii=False, indent=1)
        atomic_write(self.folder / STATUS_FILE, data.encode("utf-8"), overwrite=True,
                     fsync=False)

    def public(self) -> dict[str, Any]:
        """What ``GET /api/batch/{id}`` returns."""
        with self._lock:
            data = dict(self.status)
        base = f"/api/batch/{self.id}/tai"
        links = {}
        if data.get("state") == DONE:
            links["zip"] = f"{base}/zip"
            if (self.folder / OUT_DIR / MANIFEST_FILE).is_file():
                links["manifest"] = f"{base}/manifest"
            if (self.folder / GOP_FILE).is_file():
                links["gop"] = f"{base}/gop"
        data["links"] = links
        return data

    def download(self, kind: str) -> tuple[bytes, str, str]:
        """(bytes, file name, media type) of ``zip``, ``gop`` or ``manifest``."""
        out = self.folder / OUT_DIR
        if kind == "zip":
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for path in sorted(out.iterdir()):
                    if path.is_file() and not path.name.startswith("."):
                        archive.write(path, path.name)
            return buffer.getvalue(), f"hang-loat-{self.id[:8]}.zip", "application/zip"
        if kind == "gop" and (self.folder / GOP_FILE).is_file():
            return ((self.folder / GOP_FILE).read_bytes(), GOP_FILE,
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        if kind == "manifest" and (out / MANIFEST_FILE).is_file():
            return (out / MANIFEST_FILE).read_bytes(), MANIFEST_FILE, "text/csv; charset=utf-8"
        raise DocgenError(Problem(_("không có tệp '{kind}' cho lô này").format(kind=kind),
                                  field="kind", hint=_("Các tệp của lô: {links}.").format(
                                      links=", ".join(self.public()["links"]) or "—")))


class Jobs:
    """Every job of the desk and the one worker thread that runs them."""

    def __init__(self, desk: Desk, runner: Callable[[BatchOptions, Any], Any] = run_batch
                 ) -> None:
        self.desk = desk
        self.root = desk.root / BATCH_DIR
        self._runner = runner
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._jobs: dict[str, Job] = {}
        for folder in sorted(self.root.iterdir()):
            if folder.is_dir() and _ID.fullmatch(folder.name):
                job = Job(folder)
                self._jobs[job.id] = job
        self._thread = threading.Thread(target=self._work, name="docgen-hang-loat", daemon=True)
        self._thread.start()
        for job in self._jobs.values():
            if job.status.get("state") in (WAITING, RUNNING):
                with language(job.language):
                    note = _("Máy chủ khởi động lại: chạy tiếp lô từ chỗ đã dừng.")
                job.update(notes=[*job.status.get("notes", []), note])
                self._queue.put(job)

    def get(self, job_id: str) -> Job:
        """The job ``job_id``; raises :class:`DocgenError` for an unknown id."""
        job = self._jobs.get(job_id) if _ID.fullmatch(job_id) else None
        if job is None:
            raise DocgenError(Problem(
                _("không có lô văn bản này"), field="id",
                hint=_("Lô có thể đã bị xóa; tạo lô mới ở trang Hàng loạt.")))
        return job

    def create(self, form_text: str, profile: str | None, roster: bytes, roster_suffix: str,
               *, loc: str | None, gop: bool, user: str) -> Job:
        """Save the inputs and queue the job."""
        if roster_suffix not in ROSTER_SUFFIXES:
            raise DocgenError(Problem(_("danh sách phải là tệp .xlsx hoặc .csv"),
                                      field="roster"))
        job_id = uuid.uuid4().hex
        folder = self.root / job_id
        folder.mkdir()
        atomic_write(folder / FORM_FILE, form_text.encode("utf-8"))
        if profile is not None:
            atomic_write(folder / PROFILE_FILE, profile.encode("utf-8"))
        roster_name = "danh-sach" + roster_suffix
        atomic_write(folder / roster_name, roster)
        job = Job.__new__(Job)
        job.folder, job.id, job._lock = folder, job_id, threading.Lock()
        job.status = {"id": job_id, "state": WAITING, "created": now(), "user": user,
                      "roster": roster_name, "loc": loc or None, "gop": gop, "phase": _("Chờ chạy"),
                      "lang": current_language(),
                      "total": None, "done": 0, "notes": [], "errors": [], "rows": [],
                      "summary": None}
        job.save()
        self._jobs[job_id] = job
        self._queue.put(job)
        return job

    def _work(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            with language(job.language):  # its messages in the language of who started it
                self._run(job)

    def _run(self, job: Job) -> None:
        from .formdata import problems_json

        job.update(state=RUNNING, started=now())
        options = BatchOptions(
            form=job.folder / FORM_FILE, roster=job.roster, out_dir=job.folder / OUT_DIR,
            loc=job.status.get("loc"), gop=job.folder / GOP_FILE if job.status.get("gop") else None,
            jobs=1)
        try:
            report = self._runner(options, _Progress(job))
        except DocgenError as exc:
            job.update(state=FAILED, errors=problems_json(exc), finished=now())
            return
        except Exception as exc:  # the job must end in a state a clerk can read
            job.update(state=FAILED, finished=now(), errors=[{
                "field": None, "line": None,
                "message": _("lỗi không mong đợi: {error}").format(error=exc),
                "hint": _("Chạy lại lô; nếu vẫn lỗi, báo cho người quản trị.")}])
            return
        rows = [{"row": p.row, "field": p.field, "message": p.message, "hint": p.hint}
                for p in report.problems]
        job.update(state=DONE, finished=now(), summary=_without_server_paths(report.summary(),
                                                                              job.folder),
                   counts=dict(report.counts), rows=rows, done=job.status.get("total") or 0)

    def close(self) -> None:
        """Stop the worker after the job it is running."""
        self._queue.put(None)


def _without_server_paths(summary: str, folder: Path) -> str:
    """The batch's summary up to the sentence that names a file in the job's folder.

    The clerk downloads those files from the page; the server's folders are not theirs to see.
    Cut at the sentence, whatever the language the summary is in.
    """
    at = summary.find(str(folder))
    if at < 0:
        return summary
    head = summary[:at]
    end = head.rfind(". ")
    return head[:end + 1] if end >= 0 else head.rstrip(" :")
