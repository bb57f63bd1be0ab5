"""Accounts of the web desk (``docgen serve``): name, role, argon2 password hash.

The accounts live in one JSON file written atomically (temp file + rename), so a crash never
leaves half a file. Three roles, as an office divides the work: ``van-thu`` (the clerk who
issues numbers and exports the register), ``chuyen-vien`` (drafts and checks) and ``lanh-dao``
(reads)::

    from docgen.users import UserStore
    store = UserStore("docgen-web/tai-khoan.json")
    store.add("lan", "van-thu", "mật khẩu dài")
    user = store.verify("lan", "mật khẩu dài")
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .errors import DocgenError, Problem
from .fileio import atomic_write
from .i18n import N_, _

ROLES = {
    "van-thu": N_("Văn thư"),
    "chuyen-vien": N_("Chuyên viên"),
    "lanh-dao": N_("Lãnh đạo"),
}
"""Role id → the name shown on the pages (a msgid: shown through :func:`role_label`)."""
MIN_PASSWORD = 8
_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,31}")
_HASHER = PasswordHasher()
# Verifying an unknown name costs as much as a known one: no timing oracle for names.
_DUMMY_HASH = _HASHER.hash("docgen-khong-co-tai-khoan")


@dataclass(frozen=True)
class User:
    """One account, without its hash."""

    name: str
    role: str
    sessions_from: float = field(default=0.0, compare=False)
    """Sessions opened before this time (epoch seconds) are over: logged out, password changed."""

    @property
    def role_name(self) -> str:
        """``Văn thư``… in the current language."""
        return role_label(self.role)


def role_label(role: str) -> str:
    """The name of the role ``role`` (``van-thu`` → ``Văn thư``) in the current language."""
    return _(ROLES[role])


class UserStore:
    """The accounts file (created by the first :meth:`add`)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)

    def _read(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise DocgenError(Problem(
                _("không đọc được tệp tài khoản: {reason}").format(reason=exc), file=self.path,
                hint=_("Lấy lại tệp từ bản sao lưu, hoặc xóa tệp rồi tạo lại tài khoản bằng "
                       "'docgen users add'."))) from None
        if not isinstance(data, dict) or not isinstance(data.get("users"), dict):
            raise DocgenError(Problem(_("tệp tài khoản không đúng dạng"), file=self.path))
        return data["users"]

    def _write(self, users: dict[str, dict[str, Any]]) -> None:
        if not self.path.parent.is_dir():
            self.path.parent.mkdir(parents=True)
        text = json.dumps({"users": users}, ensure_ascii=False, indent=1, sort_keys=True)
        atomic_write(self.path, text.encode("utf-8"), overwrite=True)
        self.path.chmod(0o600)

    def users(self) -> list[User]:
        """Every account, by name."""
        return [User(name, record["role"]) for name, record in sorted(self._read().items())]

    def __bool__(self) -> bool:
        return bool(self._read())

    def get(self, name: str) -> User | None:
        """The account ``name``, or None."""
        return _user(name, self._read().get(name))

    def end_sessions(self, name: str) -> None:
        """End every session of ``name`` opened until now (on every computer)."""
        users = self._read()
        if name in users:
            users[name]["phien_tu"] = time.time()
            self._write(users)

    def add(self, name: str, role: str, password: str, *, replace: bool = False) -> User:
        """Create (or with ``replace`` change) an account; raises :class:`DocgenError`."""
        problems = _account_problems(name, role, password)
        if problems:
            raise DocgenError(*problems)
        users = self._read()
        if name in users and not replace:
            raise DocgenError(Problem(_("tài khoản '{name}' đã có").format(name=name),
                                      option="NAME",
                                      hint=_("Đổi mật khẩu hoặc vai trò bằng "
                                             "'docgen users add … --thay'.")))
        # A new password (or role) ends the sessions opened with the old one.
        users[name] = {"role": role, "hash": _HASHER.hash(password), "phien_tu": time.time()}
        self._write(users)
        return User(name, role)

    def remove(self, name: str) -> None:
        """Delete the account ``name``."""
        users = self._read()
        if name not in users:
            raise DocgenError(Problem(_("không có tài khoản '{name}'").format(name=name),
                                      option="NAME"))
        del users[name]
        self._write(users)

    def verify(self, name: str, password: str) -> User | None:
        """The account when ``password`` is right, else None (same cost either way)."""
        record = self._read().get(name)
        try:
            _HASHER.verify(record["hash"] if record else _DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            return None
        return _user(name, record)


def _account_problems(name: str, role: str, password: str) -> list[Problem]:
    """What is wrong with a new account's name, role and password (each said at once)."""
    problems = []
    if not _NAME.fullmatch(name):
        problems.append(Problem(_("tên đăng nhập '{name}' không hợp lệ").format(name=name),
                                option="NAME",
                                hint=_("Dùng chữ thường không dấu, chữ số, '.', '-' hoặc '_' "
                                       "(tối đa 32 ký tự), ví dụ: lan.vt")))
    if role not in ROLES:
        problems.append(Problem(_("vai trò '{role}' không có").format(role=role),
                                option="--vai-tro",
                                hint=_("Chọn một trong: {roles}.").format(roles=", ".join(ROLES))))
    if len(password) < MIN_PASSWORD:
        problems.append(Problem(
            _("mật khẩu phải có ít nhất {n} ký tự").format(n=MIN_PASSWORD),
            option="--mat-khau"))
    return problems


def _user(name: str, record: dict[str, Any] | None) -> User | None:
    if not record:
        return None
    return User(name, record["role"], float(record.get("phien_tu") or 0.0))
