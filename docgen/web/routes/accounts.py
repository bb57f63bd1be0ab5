"""Logging in and out, and the session a program asks for (``GET /api/phien``).

(No ``from __future__ import annotations``: FastAPI reads the route signatures.)
"""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from ...i18n import N_, _
from ...users import User
from ..context import Csrf, Web, WebApp, next_page
from ..security import Sessions, WebError

router = APIRouter()


@router.get("/dang-nhap", include_in_schema=False)
def login_page(request: Request, web: WebApp, tiep: str = "") -> HTMLResponse:
    """The login form."""
    return web.page(request, "dang-nhap.html", title=_("Đăng nhập"), error=None, ten="",
                    tiep=next_page(tiep))


@router.post("/dang-nhap", include_in_schema=False, dependencies=Csrf)
def login(request: Request, web: WebApp, ten: Annotated[str, Form()] = "",
          mat_khau: Annotated[str, Form()] = "", tiep: Annotated[str, Form()] = "",
          ) -> Response:
    """Log in, back to the page that asked for it; failed tries are limited."""
    tiep = next_page(tiep)
    if not ten.strip() or not mat_khau:  # a slip, not a guess: not counted as a failure
        return _login_again(request, web, _("Nhập tên đăng nhập và mật khẩu."), 422, ten, tiep)
    address = request.client.host if request.client else "?"
    keys = (f"ip:{address}", f"ten:{ten}")
    wait = web.limiter.wait_seconds(*keys)
    if wait:
        return _login_again(request, web, _(
            "Đăng nhập sai quá nhiều lần; thử lại sau {seconds} giây.").format(seconds=wait),
            429, ten, tiep)
    user = web.desk.users.verify(ten, mat_khau)
    if user is None:
        web.limiter.failed(*keys)
        return _login_again(request, web, _("Sai tên đăng nhập hoặc mật khẩu."), 401, ten, tiep)
    web.limiter.succeeded(*keys)
    response = RedirectResponse(tiep, status_code=303)  # the page that asked for a login
    response.set_cookie(**web.sessions.cookie(Sessions.new(user.name)))  # a fresh session
    return response


def _login_again(request: Request, web: Web, message: str, status: int, name: str, tiep: str
                 ) -> HTMLResponse:
    response = web.page(request, "dang-nhap.html", title=_("Đăng nhập"), error=message,
                        ten=name, tiep=tiep)
    response.status_code = status
    return response


@router.post("/dang-xuat", include_in_schema=False, dependencies=Csrf)
def logout(request: Request, web: WebApp) -> Response:
    """Log out: every copy of this user's session cookie stops working."""
    session = web.session_of(request)
    if session is not None and session.user is not None and web.accounts:
        # The cookie is signed, not stored: a copy of it must stop working too.
        web.desk.users.end_sessions(session.user)
    response = RedirectResponse("/dang-nhap", status_code=303)
    response.set_cookie(**web.sessions.cookie(Sessions.new()))
    return response


@router.get("/api/phien", summary=N_("Phiên làm việc: người dùng, vai trò, mã CSRF"))
def session_info(request: Request, web: WebApp) -> JSONResponse:
    """The user, the role and the CSRF token a program sends with its POSTs."""
    session = web.session_of(request) or Sessions.new()
    try:
        user: User | None = web.user_of(request)
    except WebError:
        user = None
    response = JSONResponse({"nguoi_dung": user.name if user else None,
                             "vai_tro": user.role if user else None, "csrf": session.csrf})
    response.set_cookie(**web.sessions.cookie(session))
    return response
