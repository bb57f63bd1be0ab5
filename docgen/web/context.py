"""What every route of the web desk shares: settings, the data folder, sessions, the warm
LibreOffice, the register, the batch jobs — one :class:`Web` per app — and the dependencies
that say who is asking (:data:`CurrentUser`) and check the CSRF token (:func:`csrf`).

(No ``from __future__ import annotations``: FastAPI reads the dependencies' signatures.)
"""

import base64
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from .. import __version__
from ..archive import Archive
from ..errors import DocgenError
from ..forms import list_templates
from ..i18n import _, current_language
from ..starter import starter_kinds
from ..users import User, role_label
from .desk import Desk
from .jobs import Jobs
from .lang import templates as make_templates
from .middleware import is_loopback
from .office import WarmOffice, page_count, page_png, without_external_links
from .responses import errors, one
from .scripttext import script_messages
from .security import LOCAL_USER, LoginLimiter, Session, Sessions, WebError, csrf_ok

HERE = Path(__file__).resolve().parent

PAGES = ("/soan", "/hang-loat", "/so-van-ban", "/kiem-tra", "/ho-so")
"""The desk's pages; the first is where a login leads by default."""

def next_page(path: str) -> str:
    """Where to go after logging in: one of :data:`PAGES`, never an address from elsewhere."""
    return path if path in PAGES else PAGES[0]


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


class Web:
    """The state of one web desk app (``request.app.state.web``)."""

    PDF_CACHE = 32
    """Previews kept (a clerk pausing and typing on sends the same document again)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.desk = Desk(settings.data_dir, settings.archive_dir)
        self.sessions = Sessions(self.desk.secret(), secure=settings.https)
        self.limiter = LoginLimiter()
        self.templates: Jinja2Templates = make_templates(HERE / "templates")
        self.jobs: Jobs | None = None
        self._office = settings.office
        self._office_lock = threading.Lock()
        self._pdf_cache: OrderedDict[str, bytes] = OrderedDict()
        self._cache_lock = threading.Lock()
        self._archives: list[Archive] = []
        self._per_thread = threading.local()

    # -- life -----------------------------------------------------------------------------

    def start(self) -> None:
        """At the server's start: the batch worker, and LibreOffice if asked to warm up."""
        self.jobs = Jobs(self.desk)
        if self.settings.warm_up:
            threading.Thread(target=self._warm_up, name="docgen-office", daemon=True).start()

    def close(self) -> None:
        """At the server's end: the worker, the registers, and the office we started."""
        if self.jobs is not None:
            self.jobs.close()
        for instance in self._archives:
            instance.close()
        if self._office is not None and self.settings.office is None:
            self._office.close()

    def job_list(self) -> Jobs:
        """The batch jobs (running once the app has started)."""
        assert self.jobs is not None, "the app's lifespan starts the jobs"
        return self.jobs

    # -- who is asking --------------------------------------------------------------------

    @property
    def accounts(self) -> bool:
        """Whether the desk has accounts (else the one person at this machine)."""
        return bool(self.desk.users)

    def session_of(self, request: Request) -> Session | None:
        """The request's signed session, if any."""
        return self.sessions.read(request)

    def user_of(self, request: Request) -> User:
        """The logged-in user (:class:`WebError` 401 or 503 when there is none)."""
        session = self.session_of(request)
        if not self.accounts:
            if not is_loopback(self.settings.host):
                raise WebError(503, _("chưa có tài khoản nào"), _(
                    "Tạo tài khoản bằng 'docgen users add' rồi khởi động lại."))
            return LOCAL_USER
        if session is None or session.user is None:
            raise WebError(401, _("bạn chưa đăng nhập"), _("Đăng nhập tại /dang-nhap."))
        user = self.desk.users.get(session.user)
        if user is None:
            raise WebError(401, _("tài khoản không còn"), _("Đăng nhập lại."))
        if session.issued <= user.sessions_from:  # logged out, or the password was changed
            raise WebError(401, _("phiên đăng nhập đã kết thúc"), _("Đăng nhập lại."))
        return user

    # -- pages ----------------------------------------------------------------------------

    def base_context(self, request: Request, **context: Any) -> dict[str, Any]:
        """What ``base.html`` needs, with ``context`` over it."""
        return {"user": None, "csrf": "", "accounts": self.accounts, "version": __version__,
                "path": request.url.path, "lang": current_language(),
                "msgs": script_messages(), "role_name": role_label, **context}

    def page(self, request: Request, name: str, **context: Any) -> HTMLResponse:
        """Page ``name`` for the logged-in user (a login page also for nobody)."""
        session = self.session_of(request) or Sessions.new()
        try:
            user: User | None = self.user_of(request)
        except WebError as exc:
            if exc.status != 401 or name != "dang-nhap.html":
                raise
            user = None
        response = self.templates.TemplateResponse(request, name, self.base_context(
            request, user=user, csrf=session.csrf, **context))
        response.set_cookie(**self.sessions.cookie(session))
        return response

    def error_page(self, request: Request, status: int, message: str, hint: str | None,
                   field: str | None = None) -> Response:
        """A page for a person who typed or followed an address; JSON for a program."""
        path = request.url.path
        if request.method != "GET" or path.startswith(("/api/", "/static/", "/openapi")):
            return errors(status, [one(message, hint, field)])
        return self.templates.TemplateResponse(request, "loi.html", self.base_context(
            request, title=_("Không mở được trang"), message=message, hint=hint),
            status_code=status)

    # -- what the pages list ---------------------------------------------------------------

    @staticmethod
    def kinds() -> list[dict[str, str]]:
        """Every kind of docgen.kinds that has a starter form: a new kind appears by itself.
        ``ten`` is the kind's label in the page's language (the option's value is the key)."""
        return [{"loai": k.slug, "ten": k.label} for k in starter_kinds()]

    @staticmethod
    def templates_list() -> list[dict[str, str]]:
        """The bundled content templates."""
        return [{"mau": t.name, "ten": t.ten, "mo_ta": t.mo_ta} for t in list_templates()]

    @staticmethod
    def this_year() -> int:
        """The year the register page opens on."""
        return date.today().year

    # -- the register ---------------------------------------------------------------------

    @contextmanager
    def archive(self) -> Iterator[Archive]:
        """The register, one :class:`Archive` per worker thread, kept open."""
        # An instance serves one thread at a time (its connection, or its PostgreSQL pool),
        # and opening one per request costs.
        instance = getattr(self._per_thread, "archive", None)
        if instance is None:
            instance = self._per_thread.archive = Archive(self.settings.archive_dir)
            with self._office_lock:
                self._archives.append(instance)
        yield instance

    # -- LibreOffice ----------------------------------------------------------------------

    def office(self) -> WarmOffice:
        """The warm LibreOffice (made on first use)."""
        with self._office_lock:
            if self._office is None:
                self._office = WarmOffice()
            return self._office

    def _warm_up(self) -> None:
        with suppress(DocgenError):  # no LibreOffice: previews will say so
            self.office().start()

    def to_pdf(self, docx: bytes) -> bytes:
        """The PDF of ``docx`` (the last :data:`PDF_CACHE` kept)."""
        key = hashlib.sha256(docx).hexdigest()
        with self._cache_lock:
            if key in self._pdf_cache:
                self._pdf_cache.move_to_end(key)
                return self._pdf_cache[key]
        pdf = self.office().to_pdf(docx)
        with self._cache_lock:
            self._pdf_cache[key] = pdf
            while len(self._pdf_cache) > self.PDF_CACHE:
                self._pdf_cache.popitem(last=False)
        return pdf

    def preview_png(self, docx: bytes, page_no: int) -> tuple[bytes, int]:
        """Page ``page_no`` of ``docx`` as PNG, and the number of pages."""
        pdf = self.to_pdf(docx)
        return page_png(pdf, page_no), page_count(pdf)

    def page_images(self, docx: bytes) -> list[str]:
        """The first 20 pages of an uploaded ``docx`` as data: URLs (nothing linked fetched)."""
        pdf = self.to_pdf(without_external_links(docx))
        return [f"data:image/png;base64,{base64.b64encode(page_png(pdf, n, scale=1.0)).decode()}"
                for n in range(1, min(page_count(pdf), 20) + 1)]


# ---------------------------------------------------------------------------------------------
# Dependencies of the routes


def web_of(request: Request) -> Web:
    """The :class:`Web` of the app serving ``request``."""
    return request.app.state.web  # type: ignore[no-any-return]


WebApp = Annotated[Web, Depends(web_of)]


def current_user(request: Request) -> User:
    """The logged-in user (dependency)."""
    return web_of(request).user_of(request)


CurrentUser = Annotated[User, Depends(current_user)]


async def csrf(request: Request) -> None:
    """Refuse a POST without the session's CSRF token (header, or field of an HTML form)."""
    token = request.headers.get("x-csrf-token")
    if token is None and request.headers.get("content-type", "").startswith(
            "application/x-www-form-urlencoded"):
        token = str((await request.form()).get("csrf_token") or "") or None
    if not csrf_ok(web_of(request).session_of(request), token):
        raise WebError(403, _("thiếu hoặc sai mã chống giả mạo (CSRF)"), _(
            "Tải lại trang rồi thử lại; ứng dụng khác gọi API thì lấy mã ở GET /api/phien và "
            "gửi trong tiêu đề X-CSRF-Token."))


Csrf = [Depends(csrf)]
"""``dependencies=`` of every POST route."""
