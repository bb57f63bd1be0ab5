"""The Soạn page's API: kinds and templates, a new form, the agency profile, render (.docx,
.pdf, .yaml), the live preview, and opening a .yaml or .docx.

(No ``from __future__ import annotations``: FastAPI reads the route signatures.)
"""

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ...errors import DocgenError, Problem
from ...extract import read_back
from ...forms import dump_form
from ...i18n import N_, _
from ...models import VanBan
from ...render import render_docx
from ...starter import starter_form
from .. import formdata
from ..context import Csrf, CurrentUser, Web, WebApp
from ..responses import DOCX_TYPE, download
from ..security import require_role
from .common import Upload, text_body

router = APIRouter()


def _file_stem(van_ban: VanBan) -> str:
    return "van-ban" if van_ban.so is None else f"{van_ban.so_text}-{van_ban.ky_hieu_day_du}"


async def _document_of(request: Request, web: Web) -> VanBan:
    body = await request.body()
    return await run_in_threadpool(formdata.read_document, body,
                                   request.headers.get("content-type"), web.desk.profile())


# -- kinds, templates, profile ---------------------------------------------------------------

@router.get("/api/loai", summary=N_("Các loại văn bản"))
def kinds_route(user: CurrentUser, web: WebApp) -> list[dict[str, str]]:
    """Every kind the Soạn page offers."""
    return web.kinds()


@router.get("/api/mau", summary=N_("Các mẫu nội dung có sẵn"))
def templates_route(user: CurrentUser, web: WebApp) -> list[dict[str, str]]:
    """The bundled content templates."""
    return web.templates_list()


@router.get("/api/bieu-mau-moi", summary=N_("Các trường của văn bản mới theo loại hoặc mẫu"))
def new_form(user: CurrentUser, web: WebApp,
             ten: str = Query("cong-van",
                              description=N_("loại (cong-van…) hoặc mẫu (gia-han)")),
             ) -> dict[str, Any]:
    """The fields of a new document of kind or template ``ten``, the profile applied."""
    names = {k["loai"] for k in web.kinds()} | {t["mau"] for t in web.templates_list()}
    if ten not in names:
        raise DocgenError(Problem(
            _("không có loại hay mẫu '{name}'").format(name=ten), field="ten",
            hint=_("Chọn một trong: {names}.").format(names=", ".join(sorted(names)))))
    fields = formdata.editable_fields(starter_form(ten), None)
    profile = web.desk.profile()
    if profile:
        fields.update(formdata.raw_fields(profile))
    return formdata.page_fields(fields)


@router.get("/api/ho-so", summary=N_("Hồ sơ cơ quan (dung_chung) dạng YAML"))
def profile_get(user: CurrentUser, web: WebApp) -> dict[str, Any]:
    """The agency profile as YAML text."""
    return {"yaml": web.desk.profile() or ""}


@router.post("/api/ho-so", summary=N_("Lưu hồ sơ cơ quan"), dependencies=Csrf)
async def profile_post(request: Request, user: CurrentUser, web: WebApp) -> dict[str, Any]:
    """Replace the agency profile (văn thư only)."""
    require_role(user, "van-thu")  # the profile goes into everyone's documents
    text, _json = text_body(await request.body())
    web.desk.save_profile(text)
    web.desk.audit("ho-so", user.name)
    return {"yaml": text}


# -- render and preview ---------------------------------------------------------------------

@router.post("/api/render", summary=N_("Soạn .docx từ biểu mẫu (JSON hoặc YAML)"),
             dependencies=Csrf, responses={200: {"content": {DOCX_TYPE: {}}},
                                           422: {"description": N_("Lỗi biểu mẫu")}})
async def render_route(request: Request, user: CurrentUser, web: WebApp) -> Response:
    """The .docx of a form."""
    van_ban = await _document_of(request, web)
    data = await run_in_threadpool(render_docx, van_ban)  # the event loop serves others
    return download(data, _file_stem(van_ban) + ".docx", DOCX_TYPE)


@router.post("/api/render/pdf", summary=N_("Soạn bản PDF (qua LibreOffice)"),
             dependencies=Csrf)
async def render_pdf(request: Request, user: CurrentUser, web: WebApp) -> Response:
    """The PDF of a form."""
    van_ban = await _document_of(request, web)
    pdf = await run_in_threadpool(lambda: web.to_pdf(render_docx(van_ban)))
    return download(pdf, _file_stem(van_ban) + ".pdf", "application/pdf")


@router.post("/api/render/yaml", summary=N_("Biểu mẫu đầy đủ (.yaml) cho docgen render"),
             dependencies=Csrf)
async def render_yaml(request: Request, user: CurrentUser, web: WebApp) -> Response:
    """The complete form file of a form (what docgen render reads)."""
    van_ban = await _document_of(request, web)
    text = await run_in_threadpool(dump_form, van_ban)
    return download(text.encode("utf-8"), _file_stem(van_ban) + ".yaml", "application/yaml")


@router.post("/api/preview", summary=N_("Ảnh PNG trang N của văn bản (như khi in)"),
             dependencies=Csrf, responses={200: {"content": {"image/png": {}}}})
async def preview(request: Request, user: CurrentUser, web: WebApp,
                  page: int = Query(1, ge=1, le=500)) -> Response:
    """Page ``page`` of the form's document as printed; ``X-So-Trang`` its page count."""
    van_ban = await _document_of(request, web)
    png, pages = await run_in_threadpool(lambda: web.preview_png(render_docx(van_ban), page))
    return Response(png, media_type="image/png",
                    headers={"X-So-Trang": str(pages), "Cache-Control": "no-store"})


# -- opening a file -------------------------------------------------------------------------

@router.post("/api/mo", summary=N_("Mở tệp .yaml hoặc .docx thành các trường của trang Soạn"),
             dependencies=Csrf)
async def open_file(file: Upload, user: CurrentUser, web: WebApp) -> dict[str, Any]:
    """The Soạn page's fields of an uploaded form file or Word document."""
    data = await file.read()
    name = Path(file.filename or "").name
    suffix = Path(name).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return await _open_form(data, web)
    if suffix == ".docx":
        return await run_in_threadpool(_open_docx, data, name)
    raise DocgenError(Problem(_("chỉ mở được tệp biểu mẫu .yaml hoặc văn bản .docx"),
                              field="file"))


async def _open_form(data: bytes, web: Web) -> dict[str, Any]:
    text, _json = text_body(data)
    profile = web.desk.profile()
    spec = await run_in_threadpool(formdata.read_request_form, text, profile)
    try:
        van_ban = await run_in_threadpool(spec.build)
    except DocgenError:
        # A form half filled opens too: the page shows its fields, and the preview each error
        # next to its field.
        fields = await run_in_threadpool(formdata.editable_fields, text, profile)
        return {**formdata.page_fields(fields), "canh_bao": [
            _("Biểu mẫu còn thiếu hoặc sai vài trường: xem thông báo dưới từng ô.")]}
    return formdata.page_fields(formdata.document_fields(van_ban))


def _open_docx(data: bytes, name: str) -> dict[str, Any]:
    # What extract could read, even when the document is a blank template: the page shows
    # the fields and the clerk fills what is missing.
    extraction = read_back(data, name)
    if extraction.van_ban is None:
        out = formdata.page_fields(extraction.form)
    else:
        out = formdata.page_fields(formdata.document_fields(extraction.van_ban))
    return {**out, "canh_bao": extraction.report_lines()}
