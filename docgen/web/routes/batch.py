"""The Hàng loạt page's API: a roster's columns, starting a batch, its progress, its files.

(No ``from __future__ import annotations``: FastAPI reads the route signatures.)
"""

import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ...batch import open_roster
from ...errors import DocgenError, Problem
from ...i18n import N_, _
from .. import formdata
from ..context import Csrf, CurrentUser, WebApp
from ..responses import download
from .common import Upload, text_body

router = APIRouter()


def roster_suffix(filename: str | None) -> str:
    """``.xlsx`` or ``.csv``, the roster's kind; any other is refused."""
    suffix = Path(filename or "").suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise DocgenError(Problem(
            _("danh sách phải là tệp .xlsx hoặc .csv"), field="roster",
            hint=_("Trong Excel: Tệp → Lưu thành → Sổ làm việc Excel (.xlsx).")))
    return suffix


def roster_preview(data: bytes, suffix: str, name: str | None) -> dict[str, Any]:
    """The roster's columns (headers and keys), first row, row count and notes."""
    with tempfile.TemporaryDirectory(prefix="docgen-web-") as tmp:
        path = Path(tmp) / f"danh-sach{suffix}"
        path.write_bytes(data)
        try:
            roster = open_roster(path)
            first: list[Any] = []
            count = 0
            for row in roster.rows():
                if count == 0:
                    first = [_cell(v) for v in row.values]
                count += 1
        except DocgenError as exc:  # named as the clerk knows the file, not our scratch copy
            label = Path(name or path.name).name
            raise DocgenError(*[replace(p, file=label if p.file is not None else None)
                                for p in exc.problems]) from None
        return {"columns": list(roster.columns.headers), "keys": list(roster.columns.keys),
                "first_row": first, "rows": count, "notes": list(roster.notes)}


def _cell(value: Any) -> Any:
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if value is None or isinstance(value, int | float | str):
        return value
    return str(value)


@router.post("/api/batch/cot", summary=N_("Các cột và hàng đầu của danh sách tải lên"),
             dependencies=Csrf)
async def batch_columns(roster: Upload, user: CurrentUser) -> dict[str, Any]:
    """What the page shows of a roster once chosen."""
    data = await roster.read()
    suffix = roster_suffix(roster.filename)
    return await run_in_threadpool(roster_preview, data, suffix, roster.filename)


@router.post("/api/batch", summary=N_("Chạy hàng loạt: biểu mẫu + danh sách → mã lô"),
             dependencies=Csrf)
async def batch_start(form: Upload, roster: Upload, user: CurrentUser, web: WebApp,
                      loc: Annotated[str, Form()] = "",
                      gop: Annotated[bool, Form()] = False) -> dict[str, Any]:
    """Queue a batch (form and roster read first, so their errors come now, not later)."""
    text, _json = text_body(await form.read())
    roster_data = await roster.read()
    suffix = roster_suffix(roster.filename)
    profile = web.desk.profile()
    await run_in_threadpool(formdata.read_request_form, text, profile)
    await run_in_threadpool(roster_preview, roster_data, suffix, roster.filename)
    job = web.job_list().create(formdata.batch_form_text(text, profile), profile, roster_data,
                                suffix, loc=loc.strip() or None, gop=gop, user=user.name)
    return {"id": job.id, "url": f"/api/batch/{job.id}"}


@router.get("/api/batch/{job_id}", summary=N_("Tiến độ và kết quả của một lô"))
def batch_status(job_id: str, user: CurrentUser, web: WebApp) -> dict[str, Any]:
    """The job's state, progress, summary, row errors and download links."""
    return web.job_list().get(job_id).public()


@router.get("/api/batch/{job_id}/tai/{kind}", summary=N_("Tải kết quả lô: zip, gop, manifest"))
def batch_download(job_id: str, kind: str, user: CurrentUser, web: WebApp) -> Response:
    """A result of the job: ``zip``, ``gop`` or ``manifest``."""
    data, name, media = web.job_list().get(job_id).download(kind)
    return download(data, name, media)
