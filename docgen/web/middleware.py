"""ASGI middleware of the web desk: body size limit, loopback-only host names, safe headers.

Each answers in the request's language: :class:`~docgen.web.lang.LanguageMiddleware` wraps them.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar

from ..i18n import _
from .responses import errors, one

MAX_UPLOAD = 20 * 1024 * 1024
"""Largest request body (an upload of a roster or a .docx), in bytes."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` only listens on this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def host_name(host: str) -> str:
    """``127.0.0.1`` of ``127.0.0.1:8080``, ``::1`` of ``[::1]:8080``."""
    if host.startswith("["):
        return host[1:host.find("]")]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


Receive = Callable[[], Awaitable[Any]]
Send = Callable[[Any], Awaitable[None]]


class HttpMiddleware:
    """An ASGI middleware that acts on HTTP requests only: other scopes (lifespan) pass through
    untouched. Subclasses write :meth:`http`."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.http(scope, receive, send)

    async def http(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        """Handle one HTTP request (pass it on with ``self.app``)."""
        raise NotImplementedError


class BodyLimit(HttpMiddleware):
    """Refuse request bodies over ``limit`` bytes with 413, before a route reads them."""

    def __init__(self, app: Any, limit: int = MAX_UPLOAD) -> None:
        super().__init__(app)
        self.limit = limit

    async def http(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
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
        response = errors(413, [one(
            _("tệp gửi lên quá lớn (tối đa {mb} MB)").format(mb=mb),
            _("Chia danh sách thành nhiều tệp nhỏ hơn, hoặc bỏ hình ảnh khỏi văn bản rồi gửi "
              "lại."))])
        await response(scope, receive, send)


class _TooLarge(Exception):
    pass


class LocalHosts(HttpMiddleware):
    """On a loopback-only desk, answer only requests addressed to this machine (``Host``).

    Such a desk has no login: a web page elsewhere that points its own name at 127.0.0.1
    (DNS rebinding) would otherwise be same-origin with it and could issue numbers.
    """

    async def http(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
        if not is_loopback(host_name(host)):
            response = errors(421, [one(
                _("máy chủ này chỉ phục vụ chính máy này, không phục vụ địa chỉ "
                  "'{host}'").format(host=host),
                _("Mở http://127.0.0.1:<cổng>/ trên máy chạy docgen serve; để cả mạng cơ "
                  "quan dùng, chạy docgen serve --host 0.0.0.0 (cần tài khoản)."))])
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


class SafeHeaders(HttpMiddleware):
    """Headers every answer carries: no framing by another site (a hidden "Cấp số" button under
    a decoy), no guessing of content types, no address leaked to links followed."""

    HEADERS: ClassVar[list[tuple[bytes, bytes]]] = [
        (b"x-frame-options", b"DENY"), (b"content-security-policy", b"frame-ancestors 'none'"),
        (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin")]

    async def http(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        async def with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], *self.HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)
