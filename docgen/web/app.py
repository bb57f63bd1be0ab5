"""The web desk's FastAPI application: pages and the HTTP API, thin over docgen's Python API.

:func:`create_app` builds the app for a :class:`Settings`; ``docgen serve`` runs it on uvicorn.
Every route answers errors as ``{"errors": [{"field", "line", "message", "hint"}]}`` with the
messages of :class:`~docgen.errors.DocgenError` — the ones the CLI prints.

(No ``from __future__ import annotations`` here: FastAPI reads the route signatures, whose
``CurrentUser`` type is local to :func:`create_app`.)
"""


import base64
import hashlib
import io
import ipaddress
import re
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager, suppress
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Annotated, Any, ClassVar
from urllib.parse import quote

import openpyxl
from fastapi import Depends, FastAPI, File, Form, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..archive import COLUMNS, Archive, Entry
from ..archive.entry import kind_name
from ..batch import open_roster
from ..check import check_bytes
from ..check.report import Report, reports_json
from ..errors import DocgenError, Problem
from ..extract import form_text, read_back
from ..fix import fix_bytes
from ..forms import dump_form, list_templates
from ..pdf import convert
from ..render import render_docx
from ..starter import starter_form, starter_kinds
from ..users import ROLES, User
from . import formdata
from .desk import HAND_COLUMNS, Desk
from .jobs import Jobs
from .office import WarmOffice, page_count, page_png, without_external_links
from .security import (
    LOCAL_USER,
    LoginLimiter,
    Session,
    Sessions,
    WebError,
    csrf_ok,
    require_role,
)

_HERE = Path(__file__).resolve().parent
MAX_UPLOAD = 20 * 1024 * 1024
"""Largest request body (an upload of a roster or a .docx), in bytes."""
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_CONVERTIBLE = (".doc", ".odt", ".rtf")
Upload = Annotated[UploadFile, File()]


@dataclass
class Settings:
    """How one ``docgen serve`` runs."""

    data_dir: Path
    archive_dir: str | Path
    """A folder (SQLite register) or a ``postgresql://`` URL."""
    host: str = "127.0.0.1"
    https: bool = False
    office: WarmOffice | None = None
    """The LibreOffice used for previews (made on first use when None)."""
    warm_up: bool = False
    """Start LibreOffice with the server rather than at the first preview."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` only listens on this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# ---------------------------------------------------------------------------------------------
# Errors and the body size limit


def _errors(status: int, problems: list[dict[str, Any]]) -> JSONResponse:
    return JSONResponse({"errors": problems}, status_code=status)


def _one(message: str, hint: str | None = None, field: str | None = None) -> dict[str, Any]:
    return {"field": field, "line": None, "message": message, "hint": hint}


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413, before a route reads them."""

    def __init__(self, app: Any, limit: int = MAX_UPLOAD) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: dict[str, Any], receive: Callable[[], Awaitable[Any]],
                       send: Callable[[Any], Awaitable[None]]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            await self._refuse(scope, receive, send)
            return
        seen = 0

        async def counted() -> Any:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise _TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        mb = self.limit // (1024 * 1024)
        response = _errors(413, [_one(f"tệp gửi lên quá lớn (tối đa {mb} MB)",
                                      "Chia danh sách thành nhiều tệp nhỏ hơn, hoặc bỏ hình ảnh "
                                      "khỏi văn bản rồi gửi lại.")])
        await response(scope, receive, send)


class _TooLarge(Exception):
    pass


class LocalHosts:
    """On a loopback-only desk, answer only requests addressed to this machine (``Host``).

    Such a desk has no login: a web page elsewhere that points its own name at 127.0.0.1
    (DNS rebinding) would otherwise be same-origin with it and could issue numbers.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Callable[[], Awaitable[Any]],
                       send: Callable[[Any], Awaitable[None]]) -> None:
        if scope["type"] == "http":
            host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
            if not is_loopback(_host_name(host)):
                response = _errors(421, [_one(
                    f"máy chủ này chỉ phục vụ chính máy này, không phục vụ địa chỉ '{host}'",
                    "Mở http://127.0.0.1:<cổng>/ trên máy chạy docgen serve; để cả mạng cơ "
                    "quan dùng, chạy docgen serve --host 0.0.0.0 (cần tài khoản).")])
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class SafeHeaders:
    """Headers every answer carries: no framing by another site (a hidden "Cấp số" button under
    a decoy), no guessing of content types, no address leaked to links followed."""

    HEADERS: ClassVar[list[tuple[bytes, bytes]]] = [
        (b"x-frame-options", b"DENY"), (b"content-security-policy", b"frame-ancestors 'none'"),
        (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin")]

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Callable[[], Awaitable[Any]],
                       send: Callable[[Any], Awaitable[None]]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], *self.HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)


def _host_name(host: str) -> str:
    """``127.0.0.1`` of ``127.0.0.1:8080``, ``::1`` of ``[::1]:8080``."""
    if host.startswith("["):
        return host[1:host.find("]")]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


_HTTP_MESSAGES = {
    400: ("yêu cầu gửi lên không đọc được", "Tải lại trang rồi thử lại."),
    404: ("không có trang hay địa chỉ này", "Chọn một trang trên thanh điều hướng ở trên."),
    405: ("địa chỉ này không nhận cách gửi đó", "Xem các địa chỉ và cách gửi ở trang /docs."),
}


def _download(data: bytes, name: str, media_type: str) -> Response:
    # The plain name keeps letters, digits, '.', '-', '_' only: no quote or line break can end
    # the header early; the exact name travels percent-encoded in filename*.
    ascii_name = re.sub(r"[^A-Za-z0-9._-]", "_", name)
    return Response(data, media_type=media_type, headers={
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; "
                               f"filename*=UTF-8''{quote(name)}"})


# ---------------------------------------------------------------------------------------------
# The application


def create_app(settings: Settings) -> FastAPI:
    """The web desk for ``settings`` (see the module docstring)."""
    desk = Desk(settings.data_dir, settings.archive_dir)
    sessions = Sessions(desk.secret(), secure=settings.https)
    limiter = LoginLimiter()
    office_lock = threading.Lock()
    state: dict[str, Any] = {"office": settings.office, "jobs": None}
    pdf_cache: OrderedDict[str, bytes] = OrderedDict()
    cache_lock = threading.Lock()
    templates = Jinja2Templates(directory=str(_HERE / "templates"))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> Any:
        state["jobs"] = Jobs(desk)
        if settings.warm_up:
            threading.Thread(target=_warm_up, name="docgen-office", daemon=True).start()
        yield
        state["jobs"].close()
        for instance in archives:
            instance.close()
        if state["office"] is not None and settings.office is None:
            state["office"].close()

    app = FastAPI(
        title="docgen — bàn làm việc văn thư",
        version=__version__,
        description="Soạn, xem trước, kiểm tra và cấp số văn bản hành chính theo Nghị định "
        "30/2020/NĐ-CP. Mọi yêu cầu POST cần mã CSRF (tiêu đề X-CSRF-Token) lấy từ "
        "GET /api/phien; lỗi trả về {\"errors\": [{field, line, message, hint}]}.",
        docs_url=None, redoc_url=None, lifespan=lifespan,
    )
    app.add_middleware(BodyLimit)
    if is_loopback(settings.host):
        app.add_middleware(LocalHosts)
    app.add_middleware(SafeHeaders)
    app.mount("/static", StaticFiles(directory=str(_HERE / "static")), name="static")

    # -- errors -----------------------------------------------------------------------------

    @app.exception_handler(DocgenError)
    async def docgen_error(request: Request, exc: DocgenError) -> JSONResponse:
        return _errors(422, formdata.problems_json(exc))

    @app.exception_handler(WebError)
    async def web_error(request: Request, exc: WebError) -> Response:
        if exc.status == 401 and not request.url.path.startswith("/api/"):
            wanted = _next_page(request.url.path)
            return RedirectResponse("/dang-nhap" if wanted == PAGES[0] else
                                    f"/dang-nhap?tiep={quote(wanted)}", status_code=303)
        return error_page(request, exc.status, exc.message, exc.hint, exc.field)

    def error_page(request: Request, status: int, message: str, hint: str | None,
                   field: str | None = None) -> Response:
        # A person who typed or followed an address gets a page; a program gets the JSON.
        path = request.url.path
        if request.method != "GET" or path.startswith(("/api/", "/static/", "/openapi")):
            return _errors(status, [_one(message, hint, field)])
        return templates.TemplateResponse(request, "loi.html", {
            "user": None, "roles": ROLES, "csrf": "", "accounts": False, "version": __version__,
            "path": path, "title": "Không mở được trang", "message": message, "hint": hint},
            status_code=status)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message, hint = _HTTP_MESSAGES.get(exc.status_code, (
            f"yêu cầu không thực hiện được (mã {exc.status_code})", "Tải lại trang rồi thử lại."))
        response = error_page(request, exc.status_code, message, hint)
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        # The traceback goes to the server's log (uvicorn prints it), never to the clerk.
        return error_page(request, 500, "máy chủ gặp lỗi không mong đợi",
                          "Thử lại; nếu vẫn lỗi, báo cho người quản trị kèm thời điểm xảy ra "
                          "(chi tiết có trong cửa sổ chạy docgen serve).")

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ())[1:]) or None
            if err.get("type") == "missing":
                message = f"thiếu {where or 'tham số'}"
            else:
                message = f"giá trị không hợp lệ cho {where or 'tham số'}"
            problems.append(_one(message, "Xem tài liệu API tại /docs.", where))
        return _errors(422, problems)

    # -- who is asking ----------------------------------------------------------------------

    def accounts() -> bool:
        return bool(desk.users)

    def session_of(request: Request) -> Session | None:
        return sessions.read(request)

    def current_user(request: Request) -> User:
        session = session_of(request)
        if not accounts():
            if not is_loopback(settings.host):
                raise WebError(503, "chưa có tài khoản nào", "Tạo tài khoản bằng 'docgen users "
                               "add' rồi khởi động lại.")
            return LOCAL_USER
        if session is None or session.user is None:
            raise WebError(401, "bạn chưa đăng nhập", "Đăng nhập tại /dang-nhap.")
        user = desk.users.get(session.user)
        if user is None:
            raise WebError(401, "tài khoản không còn", "Đăng nhập lại.")
        if session.issued <= user.sessions_from:  # logged out, or the password was changed
            raise WebError(401, "phiên đăng nhập đã kết thúc", "Đăng nhập lại.")
        return user

    CurrentUser = Annotated[User, Depends(current_user)]

    async def csrf(request: Request) -> None:
        token = request.headers.get("x-csrf-token")
        if token is None and request.headers.get("content-type", "").startswith(
                "application/x-www-form-urlencoded"):
            token = str((await request.form()).get("csrf_token") or "") or None
        if not csrf_ok(session_of(request), token):
            raise WebError(403, "thiếu hoặc sai mã chống giả mạo (CSRF)",
                           "Tải lại trang rồi thử lại; ứng dụng khác gọi API thì lấy mã ở "
                           "GET /api/phien và gửi trong tiêu đề X-CSRF-Token.")

    def page(request: Request, name: str, **context: Any) -> HTMLResponse:
        session = session_of(request) or Sessions.new()
        try:
            user: User | None = current_user(request)
        except WebError as exc:
            if exc.status != 401:
                raise
            user = None
            if name != "dang-nhap.html":
                raise
        response = templates.TemplateResponse(request, name, {
            "user": user, "roles": ROLES, "csrf": session.csrf, "accounts": accounts(),
            "version": __version__, "path": request.url.path, **context})
        response.set_cookie(**sessions.cookie(session))
        return response

    # -- pages ------------------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/soan", status_code=303)

    @app.get("/soan", include_in_schema=False)
    def compose_page(request: Request) -> HTMLResponse:
        return page(request, "soan.html", kinds=kinds(), templates=templates_list(),
                    title="Soạn văn bản")

    @app.get("/hang-loat", include_in_schema=False)
    def batch_page(request: Request) -> HTMLResponse:
        return page(request, "hang-loat.html", title="Hàng loạt")

    @app.get("/so-van-ban", include_in_schema=False)
    def register_page(request: Request) -> HTMLResponse:
        return page(request, "so-van-ban.html", title="Sổ văn bản đi", kinds=kinds(),
                    hand_columns=HAND_COLUMNS, year=date.today().year)

    @app.get("/kiem-tra", include_in_schema=False)
    def check_page(request: Request) -> HTMLResponse:
        return page(request, "kiem-tra.html", title="Kiểm tra")

    @app.get("/ho-so", include_in_schema=False)
    def profile_page(request: Request) -> HTMLResponse:
        return page(request, "ho-so.html", title="Hồ sơ cơ quan", profile=desk.profile() or "")

    @app.get("/docs", include_in_schema=False)
    def docs_page(request: Request) -> HTMLResponse:
        schema = app.openapi()
        return templates.TemplateResponse(request, "docs.html", {
            "schema": schema, "user": None, "title": "Tài liệu API", "path": "/docs",
            "csrf": "", "accounts": accounts(), "version": __version__, "roles": ROLES})

    @app.get("/dang-nhap", include_in_schema=False)
    def login_page(request: Request, tiep: str = "") -> HTMLResponse:
        return page(request, "dang-nhap.html", title="Đăng nhập", error=None, ten="",
                    tiep=_next_page(tiep))

    @app.post("/dang-nhap", include_in_schema=False, dependencies=[Depends(csrf)])
    def login(request: Request, ten: Annotated[str, Form()] = "",
              mat_khau: Annotated[str, Form()] = "", tiep: Annotated[str, Form()] = "",
              ) -> Response:
        tiep = _next_page(tiep)
        if not ten.strip() or not mat_khau:  # a slip, not a guess: not counted as a failure
            return _login_again(request, "Nhập tên đăng nhập và mật khẩu.", 422, ten, tiep)
        address = request.client.host if request.client else "?"
        keys = (f"ip:{address}", f"ten:{ten}")
        wait = limiter.wait_seconds(*keys)
        if wait:
            return _login_again(request, f"Đăng nhập sai quá nhiều lần; thử lại sau {wait} giây.",
                                429, ten, tiep)
        user = desk.users.verify(ten, mat_khau)
        if user is None:
            limiter.failed(*keys)
            return _login_again(request, "Sai tên đăng nhập hoặc mật khẩu.", 401, ten, tiep)
        limiter.succeeded(*keys)
        response = RedirectResponse(tiep, status_code=303)  # the page that asked for a login
        response.set_cookie(**sessions.cookie(Sessions.new(user.name)))  # a fresh session
        return response

    def _login_again(request: Request, message: str, status: int, name: str, tiep: str
                     ) -> HTMLResponse:
        response = page(request, "dang-nhap.html", title="Đăng nhập", error=message, ten=name,
                        tiep=tiep)
        response.status_code = status
        return response

    @app.post("/dang-xuat", include_in_schema=False, dependencies=[Depends(csrf)])
    def logout(request: Request) -> Response:
        session = session_of(request)
        if session is not None and session.user is not None and accounts():
            # The cookie is signed, not stored: a copy of it must stop working too.
            desk.users.end_sessions(session.user)
        response = RedirectResponse("/dang-nhap", status_code=303)
        response.set_cookie(**sessions.cookie(Sessions.new()))
        return response

    # -- API: session, kinds, templates, profile --------------------------------------------

    @app.get("/api/phien", summary="Phiên làm việc: người dùng, vai trò, mã CSRF")
    def session_info(request: Request) -> JSONResponse:
        session = session_of(request) or Sessions.new()
        try:
            user: User | None = current_user(request)
        except WebError:
            user = None
        response = JSONResponse({"nguoi_dung": user.name if user else None,
                                 "vai_tro": user.role if user else None, "csrf": session.csrf})
        response.set_cookie(**sessions.cookie(session))
        return response

    def kinds() -> list[dict[str, str]]:
        # Every kind of docgen.kinds that has a starter form: a new kind appears by itself.
        return [{"loai": k.slug, "ten": k.name} for k in starter_kinds()]

    def templates_list() -> list[dict[str, str]]:
        return [{"mau": t.name, "ten": t.ten, "mo_ta": t.mo_ta} for t in list_templates()]

    @app.get("/api/loai", summary="Các loại văn bản")
    def kinds_route(user: CurrentUser) -> list[dict[str, str]]:
        return kinds()

    @app.get("/api/mau", summary="Các mẫu nội dung có sẵn")
    def templates_route(user: CurrentUser) -> list[dict[str, str]]:
        return templates_list()

    @app.get("/api/bieu-mau-moi", summary="Các trường của văn bản mới theo loại hoặc mẫu")
    def new_form(user: CurrentUser,
                 ten: str = Query("cong-van", description="loại (cong-van…) hoặc mẫu (gia-han)"),
                 ) -> dict[str, Any]:
        names = {k["loai"] for k in kinds()} | {t["mau"] for t in templates_list()}
        if ten not in names:
            raise DocgenError(Problem(f"không có loại hay mẫu '{ten}'", field="ten",
                                      hint=f"Chọn một trong: {', '.join(sorted(names))}."))
        fields = formdata.editable_fields(starter_form(ten), None)
        profile = desk.profile()
        if profile:
            fields.update(formdata.raw_fields(profile))
        return formdata.page_fields(fields)

    @app.get("/api/ho-so", summary="Hồ sơ cơ quan (dung_chung) dạng YAML")
    def profile_get(user: CurrentUser) -> dict[str, Any]:
        return {"yaml": desk.profile() or ""}

    @app.post("/api/ho-so", summary="Lưu hồ sơ cơ quan", dependencies=[Depends(csrf)])
    async def profile_post(request: Request, user: CurrentUser
                           ) -> dict[str, Any]:
        require_role(user, "van-thu")  # the profile goes into everyone's documents
        body = await request.body()
        text, _ = _text_body(body)
        desk.save_profile(text)
        desk.audit("ho-so", user.name)
        return {"yaml": text}

    # -- API: render and preview ------------------------------------------------------------

    async def document_of(request: Request) -> Any:
        body = await request.body()
        return await run_in_threadpool(formdata.read_document, body,
                                       request.headers.get("content-type"), desk.profile())

    @app.post("/api/render", summary="Soạn .docx từ biểu mẫu (JSON hoặc YAML)",
              dependencies=[Depends(csrf)],
              responses={200: {"content": {DOCX_TYPE: {}}}, 422: {"description": "Lỗi biểu mẫu"}})
    async def render_route(request: Request, user: CurrentUser) -> Response:
        van_ban = await document_of(request)
        data = await run_in_threadpool(render_docx, van_ban)  # the event loop serves others
        return _download(data, _file_stem(van_ban) + ".docx", DOCX_TYPE)

    @app.post("/api/render/pdf", summary="Soạn bản PDF (qua LibreOffice)",
              dependencies=[Depends(csrf)])
    async def render_pdf(request: Request, user: CurrentUser) -> Response:
        van_ban = await document_of(request)
        pdf = await run_in_threadpool(lambda: to_pdf(render_docx(van_ban)))
        return _download(pdf, _file_stem(van_ban) + ".pdf", "application/pdf")

    @app.post("/api/render/yaml", summary="Biểu mẫu đầy đủ (.yaml) cho docgen render",
              dependencies=[Depends(csrf)])
    async def render_yaml(request: Request, user: CurrentUser) -> Response:
        van_ban = await document_of(request)
        text = await run_in_threadpool(dump_form, van_ban)
        return _download(text.encode("utf-8"), _file_stem(van_ban) + ".yaml", "application/yaml")

    def office() -> WarmOffice:
        with office_lock:
            if state["office"] is None:
                state["office"] = WarmOffice()
            return state["office"]

    def _warm_up() -> None:
        with suppress(DocgenError):  # no LibreOffice: previews will say so
            office().start()

    def to_pdf(docx: bytes) -> bytes:
        key = hashlib.sha256(docx).hexdigest()
        with cache_lock:
            if key in pdf_cache:
                pdf_cache.move_to_end(key)
                return pdf_cache[key]
        pdf = office().to_pdf(docx)
        with cache_lock:
            pdf_cache[key] = pdf
            while len(pdf_cache) > 32:
                pdf_cache.popitem(last=False)
        return pdf

    def preview_png(docx: bytes, page_no: int) -> tuple[bytes, int]:
        pdf = to_pdf(docx)
        return page_png(pdf, page_no), page_count(pdf)

    @app.post("/api/preview", summary="Ảnh PNG trang N của văn bản (như khi in)",
              dependencies=[Depends(csrf)], responses={200: {"content": {"image/png": {}}}})
    async def preview(request: Request, user: CurrentUser,
                      page: int = Query(1, ge=1, le=500)) -> Response:
        van_ban = await document_of(request)
        png, pages = await run_in_threadpool(lambda: preview_png(render_docx(van_ban), page))
        return Response(png, media_type="image/png",
                        headers={"X-So-Trang": str(pages), "Cache-Control": "no-store"})

    @app.post("/api/mo", summary="Mở tệp .yaml hoặc .docx thành các trường của trang Soạn",
              dependencies=[Depends(csrf)])
    async def open_file(file: Upload, user: CurrentUser
                        ) -> dict[str, Any]:
        data = await file.read()
        suffix = Path(file.filename or "").suffix.lower()
        if suffix in (".yaml", ".yml"):
            text, _ = _text_body(data)
            profile = desk.profile()
            spec = await run_in_threadpool(formdata.read_request_form, text, profile)
            try:
                van_ban = await run_in_threadpool(spec.build)
            except DocgenError:
                # A form half filled opens too: the page shows its fields, and the preview
                # each error next to its field.
                fields = await run_in_threadpool(formdata.editable_fields, text, profile)
                return {**formdata.page_fields(fields), "canh_bao": [
                    "Biểu mẫu còn thiếu hoặc sai vài trường: xem thông báo dưới từng ô."]}
        elif suffix == ".docx":
            # What extract could read, even when the document is a blank template: the page
            # shows the fields and the clerk fills what is missing.
            extraction = await run_in_threadpool(read_back, data, Path(file.filename or "").name)
            if extraction.van_ban is None:
                out = formdata.page_fields(extraction.form)
                return {**out, "canh_bao": extraction.report_lines()}
            van_ban = extraction.van_ban
            out = formdata.page_fields(formdata.document_fields(van_ban))
            return {**out, "canh_bao": extraction.report_lines()}
        else:
            raise DocgenError(Problem("chỉ mở được tệp biểu mẫu .yaml hoặc văn bản .docx",
                                      field="file"))
        return formdata.page_fields(formdata.document_fields(van_ban))

    # -- API: check -------------------------------------------------------------------------

    async def uploaded_docx(file: UploadFile) -> tuple[bytes, str]:
        data = await file.read()
        name = Path(file.filename or "van-ban.docx").name
        suffix = Path(name).suffix.lower()
        if suffix in _CONVERTIBLE:
            data = await run_in_threadpool(_convert_to_docx, data, suffix)
        return data, name

    @app.post("/api/check", summary="Kiểm tra thể thức một tệp .docx (như docgen check --json)",
              dependencies=[Depends(csrf)])
    async def check_route(file: Upload, user: CurrentUser
                          ) -> Response:
        try:
            data, name = await uploaded_docx(file)
            report = await run_in_threadpool(check_bytes, data, name)
            report.path = name
        except DocgenError as exc:
            report = Report.unreadable(Path(file.filename or "?").name, exc.problems)
        status = 200 if report.readable else 422
        return Response(reports_json([report]), status_code=status,
                        media_type="application/json")

    @app.post("/api/check/trang", summary="Ảnh các trang của tệp .docx tải lên",
              dependencies=[Depends(csrf)])
    async def check_pages(file: Upload, user: CurrentUser
                          ) -> dict[str, Any]:
        data, name = await uploaded_docx(file)
        await run_in_threadpool(check_bytes, data, name)  # the safe reader first
        return {"pages": await run_in_threadpool(page_images, data)}

    def page_images(docx: bytes) -> list[str]:
        pdf = to_pdf(without_external_links(docx))
        return [f"data:image/png;base64,{base64.b64encode(page_png(pdf, n, scale=1.0)).decode()}"
                for n in range(1, min(page_count(pdf), 20) + 1)]

    @app.post("/api/check/sua", summary="Sửa giúp tôi: trích biểu mẫu và soạn lại đúng thể thức",
              dependencies=[Depends(csrf)])
    async def check_fix(file: Upload, user: CurrentUser
                        ) -> dict[str, Any]:
        data, name = await uploaded_docx(file)
        stem = Path(name).stem
        extraction = await run_in_threadpool(read_back, data, name)
        if extraction.van_ban is None:
            # A blank template or a document missing a required value: nothing to re-render
            # until the clerk fills it in, which the Soạn page is for.
            return {"thieu": [p.message for p in extraction.problems],
                    **formdata.page_fields(extraction.form),
                    "yaml": form_text(extraction, name), "ten_yaml": f"{stem}.yaml"}
        fixed = await run_in_threadpool(fix_bytes, data, name)  # docgen sua
        report = await run_in_threadpool(check_bytes, fixed.data, name)
        return {"yaml": form_text(fixed.extraction, name),
                "docx": base64.b64encode(fixed.data).decode(),
                "ten_docx": f"{stem}-da-sua.docx", "ten_yaml": f"{stem}.yaml",
                "bao_cao": fixed.report_lines(), "con_lai": len(report.findings)}

    # -- API: register ----------------------------------------------------------------------

    archives: list[Archive] = []
    per_thread = threading.local()

    @contextmanager
    def archive() -> Iterator[Archive]:
        # One Archive per worker thread, kept open (its connection, or its PostgreSQL pool):
        # an instance serves one thread at a time, and opening one per request costs.
        instance = getattr(per_thread, "archive", None)
        if instance is None:
            instance = per_thread.archive = Archive(settings.archive_dir)
            with office_lock:
                archives.append(instance)
        yield instance

    def entry_json(entry: Entry, hand: dict[tuple[str, int, str], dict[str, str]]
                   ) -> dict[str, Any]:
        filled = hand.get((entry.co_quan, entry.nam, entry.so_ky_hieu), {})
        return {
            "co_quan": entry.co_quan, "nam": entry.nam, "so": entry.so,
            "so_ky_hieu": entry.so_ky_hieu, "ky_hieu": entry.ky_hieu,
            "ngay": entry.ngay.strftime("%d/%m/%Y"), "loai": entry.loai,
            "ten_loai": kind_name(entry.loai), "trich_yeu": entry.trich_yeu,
            "nguoi_ky": entry.nguoi_ky, "noi_nhan": entry.nguoi_nhan_text,
            "luu": entry.luu_text, "so_ban": filled.get("so_ban", entry.so_ban),
            "ngay_chuyen": filled.get("ngay_chuyen", entry.ngay_chuyen),
            "ky_nhan": filled.get("ky_nhan", entry.ky_nhan),
            "ghi_chu": filled.get("ghi_chu", entry.ghi_chu), "mau": entry.mau,
            "tep": f"/api/register/{entry.nam}/tep?so_ky_hieu={quote(entry.so_ky_hieu)}"
            f"&co_quan={quote(entry.co_quan)}" if entry.tep else None,
        }

    @app.get("/api/register", summary="Sổ đăng ký văn bản đi (các dòng)")
    def register_rows(user: CurrentUser, year: int | None = Query(None, ge=1900, le=2200),
                      tim: str | None = Query(None, max_length=200),
                      loai: str | None = Query(None, max_length=40)) -> dict[str, Any]:
        with archive() as a:
            if not a.exists:
                return {"rows": []}
            rows = a.entries(nam=year, tim=tim or None)
        if loai:
            rows = [r for r in rows if r.loai == loai]
        hand = desk.hand_columns()
        return {"rows": [entry_json(r, hand) for r in rows]}

    @app.post("/api/register", summary="Cấp số: ghi văn bản vào sổ (chỉ văn thư)",
              dependencies=[Depends(csrf)])
    async def register_issue(request: Request, user: CurrentUser
                             ) -> dict[str, Any]:
        require_role(user, "van-thu")
        body = await request.body()
        text, is_json = formdata.request_text(body, request.headers.get("content-type"))

        def issue() -> Entry:
            try:
                spec = formdata.read_request_form(text, desk.profile())
                with archive() as a:
                    return a.issue(spec)
            except DocgenError as exc:
                raise formdata.without_lines(exc) if is_json else exc from None

        entry = await run_in_threadpool(issue)
        desk.audit("cap-so", user.name, so_ky_hieu=entry.so_ky_hieu, nam=entry.nam,
                   co_quan=entry.co_quan)
        return entry_json(entry, {})

    @app.get("/api/register/export", summary="Sổ đăng ký in được (.xlsx, Phụ lục IV)")
    def register_export(user: CurrentUser, year: int = Query(..., ge=1900, le=2200),
                        co_quan: str | None = Query(None, max_length=40)) -> Response:
        require_role(user, "van-thu")
        with archive() as a:
            data, count = a.register_bytes(year, co_quan=co_quan or None)
            rows = a.entries(nam=year, co_quan=co_quan or None)
        data = _with_hand_columns(data, rows, desk.hand_columns())
        desk.audit("xuat-so", user.name, nam=year, dong=count)
        return _download(data, f"so-dang-ky-{year}.xlsx", XLSX_TYPE)

    @app.post("/api/register/verify", summary="Kiểm tra lưu trữ: không tệp nào thiếu hay bị sửa",
              dependencies=[Depends(csrf)])
    def register_verify(user: CurrentUser) -> dict[str, Any]:
        with archive() as a:
            report = a.verify()
        desk.audit("kiem-tra-so", user.name, dung=report.ok, phat_hien=len(report.findings))
        return {"ok": report.ok, "entries": report.entries, "files_checked": report.files_checked,
                "findings": [{"kind": f.kind, "file": f.file, "message": str(f)}
                             for f in report.findings]}

    @app.get("/api/register/{nam}/tep", summary="Tệp .docx đã lưu của một số văn bản")
    def register_file(nam: int, user: CurrentUser,
                      so_ky_hieu: str = Query(..., max_length=80, description="01/UBND-VHXH"),
                      co_quan: str | None = Query(None, max_length=40)) -> Response:
        with archive() as a:
            entry = a.find(so_ky_hieu, nam=nam, co_quan=co_quan or None)
            if entry.tep is None:
                raise DocgenError(Problem(f"văn bản số {entry.so_ky_hieu} nhập từ sổ cấp tay, "
                                          "không có tệp"))
            data = a.read_file(entry.tep)  # the name comes from the register, not the request
        return _download(data, Path(entry.tep).name, DOCX_TYPE)

    @app.post("/api/register/ghi", summary="Ghi cột ghi tay của sổ (Số lượng bản, Ngày chuyển, "
              "Ký nhận, Ghi chú)", dependencies=[Depends(csrf)])
    async def register_note(request: Request, user: CurrentUser
                            ) -> dict[str, Any]:
        require_role(user, "van-thu")
        try:
            data = await request.json()
            co_quan, nam = str(data["co_quan"]), int(data["nam"])
            so_ky_hieu = str(data["so_ky_hieu"])
            column, value = str(data["cot"]), str(data.get("gia_tri") or "")
        except (ValueError, KeyError, TypeError):
            raise WebError(422, "cần JSON {co_quan, nam, so_ky_hieu, cot, gia_tri}") from None

        def exists() -> str:
            with archive() as a:
                entry = a.find(so_ky_hieu, nam=nam, co_quan=co_quan)  # the entry must exist
                return entry.so_ky_hieu

        so_ky_hieu = await run_in_threadpool(exists)
        return desk.record_hand_column(co_quan, nam, so_ky_hieu, column, value.strip(),
                                       user.name)

    # -- API: batch -------------------------------------------------------------------------

    @app.post("/api/batch/cot", summary="Các cột và hàng đầu của danh sách tải lên",
              dependencies=[Depends(csrf)])
    async def batch_columns(roster: Upload, user: CurrentUser
                            ) -> dict[str, Any]:
        data = await roster.read()
        suffix = _roster_suffix(roster.filename)
        return await run_in_threadpool(_roster_preview, data, suffix, roster.filename)

    @app.post("/api/batch", summary="Chạy hàng loạt: biểu mẫu + danh sách → mã lô",
              dependencies=[Depends(csrf)])
    async def batch_start(form: Upload, roster: Upload, user: CurrentUser,
                          loc: Annotated[str, Form()] = "",
                          gop: Annotated[bool, Form()] = False) -> dict[str, Any]:
        text, _ = _text_body(await form.read())
        roster_data = await roster.read()
        suffix = _roster_suffix(roster.filename)
        profile = desk.profile()
        await run_in_threadpool(formdata.read_request_form, text, profile)  # errors now, not later
        await run_in_threadpool(_roster_preview, roster_data, suffix, roster.filename)
        job = state["jobs"].create(formdata.batch_form_text(text, profile), profile,
                                   roster_data, suffix, loc=loc.strip() or None, gop=gop,
                                   user=user.name)
        return {"id": job.id, "url": f"/api/batch/{job.id}"}

    @app.get("/api/batch/{job_id}", summary="Tiến độ và kết quả của một lô")
    def batch_status(job_id: str, user: CurrentUser) -> dict[str, Any]:
        return state["jobs"].get(job_id).public()

    @app.get("/api/batch/{job_id}/tai/{kind}", summary="Tải kết quả lô: zip, gop, manifest")
    def batch_download(job_id: str, kind: str, user: CurrentUser) -> Response:
        data, name, media = state["jobs"].get(job_id).download(kind)
        return _download(data, name, media)

    return app


# ---------------------------------------------------------------------------------------------
# Helpers


PAGES = ("/soan", "/hang-loat", "/so-van-ban", "/kiem-tra", "/ho-so")
"""The desk's pages; the first is where a login leads by default."""


def _next_page(path: str) -> str:
    """Where to go after logging in: one of :data:`PAGES`, never an address from elsewhere."""
    return path if path in PAGES else PAGES[0]


def _text_body(data: bytes) -> tuple[str, bool]:
    return formdata.request_text(data, "application/yaml")


def _file_stem(van_ban: Any) -> str:
    return "van-ban" if van_ban.so is None else f"{van_ban.so_text}-{van_ban.ky_hieu_day_du}"


def _roster_suffix(filename: str | None) -> str:
    suffix = Path(filename or "").suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise DocgenError(Problem("danh sách phải là tệp .xlsx hoặc .csv", field="roster",
                                  hint="Trong Excel: Tệp → Lưu thành → Sổ làm việc Excel (.xlsx)."))
    return suffix


def _roster_preview(data: bytes, suffix: str, name: str | None) -> dict[str, Any]:
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


def _convert_to_docx(data: bytes, suffix: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="docgen-web-") as tmp:
        source = Path(tmp) / f"tai-len{suffix}"
        source.write_bytes(data)
        (made,) = convert([source], Path(tmp) / "docx", target="docx")
        return made.read_bytes()


def _with_hand_columns(xlsx: bytes, rows: list[Entry],
                       hand: dict[tuple[str, int, str], dict[str, str]]) -> bytes:
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
    header = None
    for row in sheet.iter_rows():
        values = tuple(cell.value for cell in row[:len(COLUMNS)])
        if header is None:
            if values == COLUMNS:
                header = {name: i for i, name in enumerate(COLUMNS)}
            continue
        filled = wanted.get(str(values[0]))
        if filled:
            for key, label in HAND_COLUMNS.items():
                if key in filled:
                    value: Any = filled[key]
                    cell = row[header[label]]
                    cell.value = int(value) if value.isdigit() else value
                    if isinstance(cell.value, str):
                        cell.data_type = "s"  # typed text, never a formula (=HYPERLINK…)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
