"""How the web desk answers errors: a page for a person, ``{"errors": [...]}`` for a program,
always in the request's language and never with a traceback."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import i18n
from ..errors import DocgenError
from ..i18n import N_, _
from . import formdata
from .context import PAGES, next_page, web_of
from .lang import request_language
from .responses import errors, one
from .security import WebError

_HTTP_MESSAGES = {
    400: (N_("yêu cầu gửi lên không đọc được"), N_("Tải lại trang rồi thử lại.")),
    404: (N_("không có trang hay địa chỉ này"),
          N_("Chọn một trang trên thanh điều hướng ở trên.")),
    405: (N_("địa chỉ này không nhận cách gửi đó"),
          N_("Xem các địa chỉ và cách gửi ở trang /docs.")),
}


async def docgen_error(request: Request, exc: Exception) -> Response:
    """A :class:`DocgenError`: 422 with its problems (the messages the CLI prints)."""
    assert isinstance(exc, DocgenError)
    return errors(422, formdata.problems_json(exc))


async def web_error(request: Request, exc: Exception) -> Response:
    """A :class:`WebError`; a page that needs a login leads to the login page."""
    assert isinstance(exc, WebError)
    if exc.status == 401 and not request.url.path.startswith("/api/"):
        wanted = next_page(request.url.path)
        return RedirectResponse("/dang-nhap" if wanted == PAGES[0] else
                                f"/dang-nhap?tiep={quote(wanted)}", status_code=303)
    return web_of(request).error_page(request, exc.status, exc.message, exc.hint, exc.field)


async def http_error(request: Request, exc: Exception) -> Response:
    """starlette's 404, 405, 400… in the clerk's words."""
    assert isinstance(exc, StarletteHTTPException)
    known = _HTTP_MESSAGES.get(exc.status_code)
    if known is not None:
        message, hint = _(known[0]), _(known[1])
    else:
        message = _("yêu cầu không thực hiện được (mã {status})").format(status=exc.status_code)
        hint = _("Tải lại trang rồi thử lại.")
    response = web_of(request).error_page(request, exc.status_code, message, hint)
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    return response


async def unexpected(request: Request, exc: Exception) -> Response:
    """Anything else: 500; the traceback goes to the server's log (uvicorn prints it)."""
    # starlette calls this outside the middleware, where the request's language is over.
    with i18n.language(request_language(request)):
        return web_of(request).error_page(request, 500, _("máy chủ gặp lỗi không mong đợi"), _(
            "Thử lại; nếu vẫn lỗi, báo cho người quản trị kèm thời điểm xảy ra (chi tiết có "
            "trong cửa sổ chạy docgen serve)."))


async def bad_request(request: Request, exc: Exception) -> JSONResponse:
    """A request FastAPI could not read into a route's parameters."""
    assert isinstance(exc, RequestValidationError)
    problems = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ())[1:]) or None
        if err.get("type") == "missing":
            message = (_("thiếu {name}").format(name=where) if where else _("thiếu tham số"))
        elif where:
            message = _("giá trị không hợp lệ cho {name}").format(name=where)
        else:
            message = _("giá trị không hợp lệ cho tham số")
        problems.append(one(message, _("Xem tài liệu API tại /docs."), where))
    return errors(422, problems)


def install(app: FastAPI) -> None:
    """Answer errors of ``app`` as above."""
    app.add_exception_handler(DocgenError, docgen_error)
    app.add_exception_handler(WebError, web_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, unexpected)
    app.add_exception_handler(RequestValidationError, bad_request)
