"""The Kiểm tra page's API: the findings of an uploaded document, its pages, "Sửa giúp tôi".

(No ``from __future__ import annotations``: FastAPI reads the route signatures.)
"""

import base64
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, UploadFile
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ...check import check_bytes
from ...check.report import Report, reports_json
from ...errors import DocgenError
from ...extract import form_text, read_back
from ...fix import fix_bytes
from ...i18n import N_
from ...pdf import convert
from .. import formdata
from ..context import Csrf, CurrentUser, WebApp
from .common import Upload

router = APIRouter()

CONVERTIBLE = (".doc", ".odt", ".rtf")
"""Uploads LibreOffice turns into a .docx before they are checked."""


def _convert_to_docx(data: bytes, suffix: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="docgen-web-") as tmp:
        source = Path(tmp) / f"tai-len{suffix}"
        source.write_bytes(data)
        (made,) = convert([source], Path(tmp) / "docx", target="docx")
        return made.read_bytes()


async def uploaded_docx(file: UploadFile) -> tuple[bytes, str]:
    """The upload as .docx bytes (a .doc, .odt or .rtf converted) and its name."""
    data = await file.read()
    name = Path(file.filename or "van-ban.docx").name
    suffix = Path(name).suffix.lower()
    if suffix in CONVERTIBLE:
        data = await run_in_threadpool(_convert_to_docx, data, suffix)
    return data, name


@router.post("/api/check", summary=N_("Kiểm tra thể thức một tệp .docx (như docgen check "
                                      "--json)"), dependencies=Csrf)
async def check_route(file: Upload, user: CurrentUser) -> Response:
    """``docgen check --json`` of the upload (422 when it cannot be read)."""
    try:
        data, name = await uploaded_docx(file)
        report = await run_in_threadpool(check_bytes, data, name)
        report.path = name
    except DocgenError as exc:
        report = Report.unreadable(Path(file.filename or "?").name, exc.problems)
    status = 200 if report.readable else 422
    return Response(reports_json([report]), status_code=status, media_type="application/json")


@router.post("/api/check/trang", summary=N_("Ảnh các trang của tệp .docx tải lên"),
             dependencies=Csrf)
async def check_pages(file: Upload, user: CurrentUser, web: WebApp) -> dict[str, Any]:
    """The pages of the upload as images (read with the safe reader first)."""
    data, name = await uploaded_docx(file)
    await run_in_threadpool(check_bytes, data, name)  # the safe reader first
    return {"pages": await run_in_threadpool(web.page_images, data)}


@router.post("/api/check/sua", summary=N_("Sửa giúp tôi: trích biểu mẫu và soạn lại đúng thể "
                                          "thức"), dependencies=Csrf)
async def check_fix(file: Upload, user: CurrentUser) -> dict[str, Any]:
    """``docgen sua`` of the upload, or the form to fill when values are missing."""
    data, name = await uploaded_docx(file)
    stem = Path(name).stem
    extraction = await run_in_threadpool(read_back, data, name)
    if extraction.van_ban is None:
        # A blank template or a document missing a required value: nothing to re-render until
        # the clerk fills it in, which the Soạn page is for.
        return {"thieu": [p.message for p in extraction.problems],
                **formdata.page_fields(extraction.form),
                "yaml": form_text(extraction, name), "ten_yaml": f"{stem}.yaml"}
    fixed = await run_in_threadpool(fix_bytes, data, name)  # docgen sua
    report = await run_in_threadpool(check_bytes, fixed.data, name)
    return {"yaml": form_text(fixed.extraction, name),
            "docx": base64.b64encode(fixed.data).decode(),
            "ten_docx": f"{stem}-da-sua.docx", "ten_yaml": f"{stem}.yaml",
            "bao_cao": fixed.report_lines(), "con_lai": len(report.findings)}
