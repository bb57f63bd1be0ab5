"""The web desk's FastAPI application: pages and the HTTP API, thin over docgen's Python API.

:func:`create_app` builds the app for a :class:`Settings`; ``docgen serve`` runs it on uvicorn.
It only wires things together: the shared state (:class:`~docgen.web.context.Web`), the
middleware (:mod:`~docgen.web.middleware`, the language of each request
:mod:`~docgen.web.lang`), the error handlers (:mod:`~docgen.web.handlers`) and one router per
page or job (:mod:`docgen.web.routes`). Every route answers errors as
``{"errors": [{"field", "line", "message", "hint"}]}`` with the messages of
:class:`~docgen.errors.DocgenError` — the ones the CLI prints — in the request's language.
"""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..i18n import N_, _, current_language
from . import handlers
from .context import HERE, PAGES, Settings, Web
from .lang import LanguageMiddleware
from .middleware import MAX_UPLOAD, BodyLimit, LocalHosts, SafeHeaders, is_loopback
from .responses import DOCX_TYPE, XLSX_TYPE
from .responses import download as _download
from .routes import ROUTERS

__all__ = ["DOCX_TYPE", "MAX_UPLOAD", "PAGES", "XLSX_TYPE", "Settings", "_download", "create_app",
           "is_loopback"]

TITLE = N_("docgen — bàn làm việc văn thư")
DESCRIPTION = N_("Soạn, xem trước, kiểm tra và cấp số văn bản hành chính theo Nghị định "
                 "30/2020/NĐ-CP. Mọi yêu cầu POST cần mã CSRF (tiêu đề X-CSRF-Token) lấy từ "
                 "GET /api/phien; lỗi trả về {json}.")
ERRORS_JSON = '{"errors": [{field, line, message, hint}]}'


def create_app(settings: Settings) -> FastAPI:
    """The web desk for ``settings`` (see the module docstring)."""
    web = Web(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        web.start()
        yield
        web.close()

    app = FastAPI(title=TITLE, description=DESCRIPTION, version=__version__, docs_url=None,
                  redoc_url=None, lifespan=lifespan)
    app.state.web = web
    app.openapi = _openapi_in_each_language(app)  # type: ignore[method-assign]
    app.add_middleware(BodyLimit)
    if is_loopback(settings.host):
        app.add_middleware(LocalHosts)
    app.add_middleware(SafeHeaders)
    app.add_middleware(LanguageMiddleware)  # the outermost: every answer in the request's language
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    handlers.install(app)
    for router in ROUTERS:
        app.include_router(router)
    return app


def _openapi_in_each_language(app: FastAPI) -> Callable[[], dict[str, Any]]:
    """``app.openapi``: the schema with its title, summaries and descriptions translated (the
    /docs page and /openapi.json follow the request's language), made once per language."""
    made: dict[str, dict[str, Any]] = {}

    def openapi() -> dict[str, Any]:
        lang = current_language()
        if lang not in made:
            made[lang] = _translated(copy.deepcopy(FastAPI.openapi(app)))
        return made[lang]

    return openapi


def _translated(schema: dict[str, Any]) -> dict[str, Any]:
    info = schema["info"]
    info["title"] = _(info["title"])
    info["description"] = _(info["description"]).format(json=ERRORS_JSON)
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if "summary" in operation:
                operation["summary"] = _(operation["summary"])
            for parameter in operation.get("parameters", []):
                if "description" in parameter:
                    parameter["description"] = _(parameter["description"])
            for response in operation.get("responses", {}).values():
                if "description" in response:
                    response["description"] = _(response["description"])
    return schema
