"""Who is asking: signed session cookies, CSRF tokens, login rate limit, roles.

On one PC (listening on 127.0.0.1 with no accounts) the person at the keyboard is the văn thư
and needs no login. Once accounts exist — and ``--host 0.0.0.0`` refuses to start without them —
every page and API call needs a login. In both cases every POST carries the session's CSRF token
(header ``X-CSRF-Token``, or field ``csrf_token`` of a plain HTML form): another web site open in
the same browser must not be able to issue numbers on the clerk's behalf.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ..i18n import _
from ..users import User, role_label

COOKIE = "docgen_phien"
SESSION_SECONDS = 12 * 3600
LOCAL_USER = User("may-nay", "van-thu")
"""The one user of a desk on 127.0.0.1 without accounts."""


class WebError(Exception):
    """An HTTP error with a message in the request's language (made with ``_()`` where it is
    raised; rendered as ``{"errors": [...]}`` or as an error page)."""

    def __init__(self, status: int, message: str, hint: str | None = None,
                 field: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.hint, self.field = status, message, hint, field


@dataclass
class Session:
    """The signed cookie's content."""

    user: str | None
    csrf: str
    issued: float = 0.0
    """When the session was opened (epoch seconds): a logout ends the sessions before it."""


class Sessions:
    """Issue and read session cookies signed with the desk's key."""

    def __init__(self, secret: bytes, *, secure: bool) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="docgen-phien")
        self.secure = secure

    def read(self, request: Request) -> Session | None:
        raw = request.cookies.get(COOKIE)
        if not raw:
            return None
        try:
            data = self._serializer.loads(raw, max_age=SESSION_SECONDS)
        except BadSignature:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("c"), str):
            return None
        issued = data.get("t")
        return Session(user=data.get("u"), csrf=data["c"],
                       issued=float(issued) if isinstance(issued, int | float) else 0.0)

    def cookie(self, session: Session) -> dict[str, Any]:
        """Keyword arguments of ``Response.set_cookie``."""
        value = self._serializer.dumps({"u": session.user, "c": session.csrf,
                                        "t": session.issued})
        return {"key": COOKIE, "value": value, "httponly": True, "samesite": "strict",
                "secure": self.secure, "max_age": SESSION_SECONDS, "path": "/"}

    @staticmethod
    def new(user: str | None = None) -> Session:
        return Session(user=user, csrf=secrets.token_urlsafe(24), issued=time.time())


def csrf_ok(session: Session | None, token: str | None) -> bool:
    """Whether ``token`` is the session's CSRF token."""
    return bool(session and token and hmac.compare_digest(session.csrf, token))


class LoginLimiter:
    """At most ``limit`` failed logins per ``window`` seconds, per address and per name.

    Keys are cut to :data:`KEY_LENGTH` characters and at most ``max_keys`` are remembered:
    failures under ever new names must not fill the server's memory.
    """

    KEY_LENGTH = 80

    def __init__(self, limit: int = 5, window: float = 300, max_keys: int = 10_000) -> None:
        self.limit, self.window, self.max_keys = limit, window, max_keys
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._failures)

    def wait_seconds(self, *keys: str) -> int:
        """Seconds until another try is allowed (0: allowed now)."""
        now = time.monotonic()
        wait = 0.0
        with self._lock:
            for key in keys:
                times = self._failures.get(key[:self.KEY_LENGTH])
                if not times:
                    continue
                while times and now - times[0] > self.window:
                    times.popleft()
                if len(times) >= self.limit:
                    wait = max(wait, self.window - (now - times[0]))
        return int(wait) + 1 if wait else 0

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            if len(self._failures) >= self.max_keys:
                self._forget(now)
            for key in keys:
                times = self._failures.setdefault(key[:self.KEY_LENGTH], deque())
                times.append(now)
                while len(times) > self.limit:  # the oldest beyond the limit count for nothing
                    times.popleft()

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key[:self.KEY_LENGTH], None)

    def _forget(self, now: float) -> None:
        """Drop keys with no failure in the window, then, if still full, the oldest half."""
        for key in [k for k, t in self._failures.items() if not t or now - t[-1] > self.window]:
            del self._failures[key]
        if len(self._failures) >= self.max_keys:
            by_age = sorted(self._failures, key=lambda k: self._failures[k][-1])
            for key in by_age[:len(by_age) // 2 + 1]:
                del self._failures[key]


def require_role(user: User, *roles: str) -> None:
    """Raise 403 unless ``user`` has one of ``roles``."""
    if user.role not in roles:
        # Role names are marked for the catalog in docgen.web.context (_ROLE_NAMES).
        names = ", ".join(role_label(r) for r in roles)
        raise WebError(403, _("chỉ {roles} được làm việc này (bạn đăng nhập với vai trò "
                              "{role})").format(roles=names, role=user.role_name),
                       _("Nhờ người có vai trò đó làm, hoặc đăng nhập bằng tài khoản khác."))
