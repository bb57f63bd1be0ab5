"""The Sổ văn bản đi page's API: the register's rows, issuing a number, the printable
register, verifying the archive, a stored file, and the columns filled by hand.

(No ``from __future__ import annotations``: FastAPI reads the route signatures.)
"""

import io
from pathlib import Path
from typing import Any
from urllib.parse import quote

import openpyxl
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ...archive import COLUMNS, Entry
from ...archive.entry import kind_label
from ...errors import DocgenError, Problem
from ...i18n import N_, _
from .. import formdata
from ..context import Csrf, CurrentUser, WebApp
from ..desk import HAND_COLUMNS
from ..responses import DOCX_TYPE, XLSX_TYPE, download
from ..security import WebError, require_role

router = APIRouter()

Hand = dict[tuple[str, int, str], dict[str, str]]
"""The hand-filled columns by (co_quan, nam, so_ky_hieu) (:meth:`Desk.hand_columns`)."""


def entry_json(entry: Entry, hand: Hand) -> dict[str, Any]:
    """A register row as the page shows it, the hand-filled columns over the archived ones."""
    filled = hand.get((entry.co_quan, entry.nam, entry.so_ky_hieu), {})
    return {
        "co_quan": entry.co_quan, "nam": entry.nam, "so": entry.so,
        "so_ky_hieu": entry.so_ky_hieu, "ky_hieu": entry.ky_hieu,
        "ngay": entry.ngay.strftime("%d/%m/%Y"), "loai": entry.loai,
        "ten_loai": kind_label(entry.loai), "trich_yeu": entry.trich_yeu,
        "nguoi_ky": entry.nguoi_ky, "noi_nhan": entry.nguoi_nhan_text,
        "luu": entry.luu_text, "so_ban": filled.get("so_ban", entry.so_ban),
        "ngay_chuyen": filled.get("ngay_chuyen", entry.ngay_chuyen),
        "ky_nhan": filled.get("ky_nhan", entry.ky_nhan),
        "ghi_chu": filled.get("ghi_chu", entry.ghi_chu), "mau": entry.mau,
        "tep": f"/api/register/{entry.nam}/tep?so_ky_hieu={quote(entry.so_ky_hieu)}"
        f"&co_quan={quote(entry.co_quan)}" if entry.tep else None,
    }


@router.get("/api/register", summary=N_("Sổ đăng ký văn bản đi (các dòng)"))
def register_rows(user: CurrentUser, web: WebApp,
                  year: int | None = Query(None, ge=1900, le=2200),
                  tim: str | None = Query(None, max_length=200),
                  loai: str | None = Query(None, max_length=40)) -> dict[str, Any]:
    """The rows of year ``year`` (all years when None), found by ``tim``, of kind ``loai``."""
    with web.archive() as a:
        if not a.exists:
            return {"rows": []}
        rows = a.entries(nam=year, tim=tim or None)
    if loai:
        rows = [r for r in rows if r.loai == loai]
    hand = web.desk.hand_columns()
    return {"rows": [entry_json(r, hand) for r in rows]}


@router.post("/api/register", summary=N_("Cấp số: ghi văn bản vào sổ (chỉ văn thư)"),
             dependencies=Csrf)
async def register_issue(request: Request, user: CurrentUser, web: WebApp) -> dict[str, Any]:
    """Issue the next number to the form sent (JSON or YAML) and archive the document."""
    require_role(user, "van-thu")
    body = await request.body()
    text, is_json = formdata.request_text(body, request.headers.get("content-type"))

    def issue() -> Entry:
        try:
            spec = formdata.read_request_form(text, web.desk.profile())
            with web.archive() as a:
                return a.issue(spec)
        except DocgenError as exc:
            raise formdata.without_lines(exc) if is_json else exc from None

    entry = await run_in_threadpool(issue)
    web.desk.audit("cap-so", user.name, so_ky_hieu=entry.so_ky_hieu, nam=entry.nam,
                   co_quan=entry.co_quan)
    return entry_json(entry, {})


@router.get("/api/register/export", summary=N_("Sổ đăng ký in được (.xlsx, Phụ lục IV)"))
def register_export(user: CurrentUser, web: WebApp, year: int = Query(..., ge=1900, le=2200),
                    co_quan: str | None = Query(None, max_length=40)) -> Response:
    """The printable register of ``year`` with the hand-filled columns written in."""
    require_role(user, "van-thu")
    with web.archive() as a:
        data, count = a.register_bytes(year, co_quan=co_quan or None)
        rows = a.entries(nam=year, co_quan=co_quan or None)
    data = with_hand_columns(data, rows, web.desk.hand_columns())
    web.desk.audit("xuat-so", user.name, nam=year, dong=count)
    return download(data, f"so-dang-ky-{year}.xlsx", XLSX_TYPE)


@router.post("/api/register/verify",
             summary=N_("Kiểm tra lưu trữ: không tệp nào thiếu hay bị sửa"), dependencies=Csrf)
def register_verify(user: CurrentUser, web: WebApp) -> dict[str, Any]:
    """``docgen archive verify``: every archived file there and unchanged."""
    with web.archive() as a:
        report = a.verify()
    web.desk.audit("kiem-tra-so", user.name, dung=report.ok, phat_hien=len(report.findings))
    return {"ok": report.ok, "entries": report.entries, "files_checked": report.files_checked,
            "findings": [{"kind": f.kind, "file": f.file, "message": str(f)}
                         for f in report.findings]}


@router.get("/api/register/{nam}/tep", summary=N_("Tệp .docx đã lưu của một số văn bản"))
def register_file(nam: int, user: CurrentUser, web: WebApp,
                  so_ky_hieu: str = Query(..., max_length=80, description="01/UBND-VHXH"),
                  co_quan: str | None = Query(None, max_length=40)) -> Response:
    """The archived .docx of number ``so_ky_hieu`` of year ``nam``."""
    with web.archive() as a:
        entry = a.find(so_ky_hieu, nam=nam, co_quan=co_quan or None)
        if entry.tep is None:
            raise DocgenError(Problem(_("văn bản số {so_ky_hieu} nhập từ sổ cấp tay, không có "
                                        "tệp").format(so_ky_hieu=entry.so_ky_hieu)))
        data = a.read_file(entry.tep)  # the name comes from the register, not the request
    return download(data, Path(entry.tep).name, DOCX_TYPE)


@router.post("/api/register/ghi", summary=N_("Ghi cột ghi tay của sổ (Số lượng bản, Ngày "
                                             "chuyển, Ký nhận, Ghi chú)"), dependencies=Csrf)
async def register_note(request: Request, user: CurrentUser, web: WebApp) -> dict[str, Any]:
    """Record a value of a hand-filled column (the archive is not touched)."""
    require_role(user, "van-thu")
    try:
        data = await request.json()
        co_quan, nam = str(data["co_quan"]), int(data["nam"])
        so_ky_hieu = str(data["so_ky_hieu"])
        column, value = str(data["cot"]), str(data.get("gia_tri") or "")
    except (ValueError, KeyError, TypeError):
        raise WebError(422, _("cần JSON {json}").format(
            json="{co_quan, nam, so_ky_hieu, cot, gia_tri}")) from None

    def exists() -> str:
        with web.archive() as a:
            return a.find(so_ky_hieu, nam=nam, co_quan=co_quan).so_ky_hieu  # it must exist

    so_ky_hieu = await run_in_threadpool(exists)
    return web.desk.record_hand_column(co_quan, nam, so_ky_hieu, column, value.strip(),
                                       user.name)


def with_hand_columns(xlsx: bytes, rows: list[Entry], hand: Hand) -> bytes:
    """The printable register with the columns filled on the Sổ page written in.

    The archive keeps no edits of its rows (they never change), so the desk records them
    (:meth:`Desk.record_hand_column`) and writes the latest values into the exported sheet: the
    row is found by its ``Số, ký hiệu`` under the header of the ten columns.
    """
    wanted = {r.so_ky_hieu: hand[(r.co_quan, r.nam, r.so_ky_hieu)] for r in rows
              if (r.co_quan, r.nam, r.so_ky_hieu) in hand}
    if not wanted:
        return xlsx
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    sheet = book.active
    header: dict[str, int] | None = None
    for row in sheet.iter_rows():
        values = tuple(cell.value for cell in row[:len(COLUMNS)])
        if header is None:
            if values == COLUMNS:
                header = {name: i for i, name in enumerate(COLUMNS)}
            continue
        filled = wanted.get(str(values[0]))
        if filled:
            _write_hand_cells(row, header, filled)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_hand_cells(row: Any, header: dict[str, int], filled: dict[str, str]) -> None:
    for key, label in HAND_COLUMNS.items():
        if key in filled:
            value: Any = filled[key]
            cell = row[header[label]]
            cell.value = int(value) if value.isdigit() else value
            if isinstance(cell.value, str):
                cell.data_type = "s"  # typed text, never a formula (=HYPERLINK…)
