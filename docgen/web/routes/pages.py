"""The desk's HTML pages, the language switch, and the API page (/docs).

(No ``from __future__ import annotations``: FastAPI reads the route signatures.)
"""

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ...i18n import LANGUAGES, _, normalize_language
from ..context import PAGES, WebApp
from ..desk import HAND_COLUMNS
from ..lang import COOKIE, COOKIE_SECONDS

router = APIRouter(include_in_schema=False)

SWITCH_BACK = (*PAGES, "/docs", "/dang-nhap")
"""Where the language switch may lead back to (nowhere outside the desk)."""


@router.get("/")
def home() -> RedirectResponse:
    """The desk opens on the Soạn page."""
    return RedirectResponse("/soan", status_code=303)


@router.get("/soan")
def compose_page(request: Request, web: WebApp) -> HTMLResponse:
    """Soạn văn bản: the fields, the preview, downloads, issuing."""
    return web.page(request, "soan.html", kinds=web.kinds(), templates=web.templates_list(),
                    title=_("Soạn văn bản"))


@router.get("/hang-loat")
def batch_page(request: Request, web: WebApp) -> HTMLResponse:
    """Hàng loạt: one document per row of a roster."""
    return web.page(request, "hang-loat.html", title=_("Hàng loạt"))


@router.get("/so-van-ban")
def register_page(request: Request, web: WebApp) -> HTMLResponse:
    """Sổ văn bản đi: the register."""
    columns = {key: _(label) for key, label in HAND_COLUMNS.items()}
    return web.page(request, "so-van-ban.html", title=_("Sổ văn bản đi"), kinds=web.kinds(),
                    hand_columns=columns, year=web.this_year())


@router.get("/kiem-tra")
def check_page(request: Request, web: WebApp) -> HTMLResponse:
    """Kiểm tra: the findings of an uploaded document beside its pages."""
    return web.page(request, "kiem-tra.html", title=_("Kiểm tra"))


@router.get("/ho-so")
def profile_page(request: Request, web: WebApp) -> HTMLResponse:
    """Hồ sơ cơ quan: the agency profile."""
    return web.page(request, "ho-so.html", title=_("Hồ sơ cơ quan"),
                    profile=web.desk.profile() or "")


@router.get("/docs")
def docs_page(request: Request, web: WebApp) -> HTMLResponse:
    """The HTTP API, listed from the OpenAPI schema (no CDN, no script)."""
    return web.templates.TemplateResponse(request, "docs.html", web.base_context(
        request, schema=request.app.openapi(), title=_("Tài liệu API")))


@router.get("/ngon-ngu")
def choose_language(web: WebApp, chon: str = Query("vi", max_length=10),
                    tiep: str = Query("/soan", max_length=40)) -> RedirectResponse:
    """Speak ``chon`` from now on in this browser (a cookie), back on page ``tiep``.

    A GET link, so the switch works on every page, the error pages too; it changes nothing
    but the language of the pages. The Soạn page keeps its unsaved fields in the browser
    (localStorage), so they are there again after the switch.
    """
    lang = normalize_language(chon) or LANGUAGES[0]
    response = RedirectResponse(tiep if tiep in SWITCH_BACK else PAGES[0], status_code=303)
    response.set_cookie(COOKIE, lang, max_age=COOKIE_SECONDS, path="/", samesite="lax",
                        httponly=True, secure=web.settings.https)
    return response
