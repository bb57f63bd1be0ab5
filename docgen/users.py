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

ROLES = {
    "van-thu": "Văn thư",
    "chuyen-vien": "Chuyên viên",
    "lanh-dao": "Lãnh đạo",
}
"""Role id → the name shown on the pages."""
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
        """``Văn thư``…"""
        return ROLES[self.role]


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
            raise DocgenError(Problem(f"không đọc được tệp tài khoản: {exc}", file=self.path,
                                      hint="Lấy lại tệp từ bản sao lưu, hoặc xóa tệp rồi tạo "
                                      "lại tài khoản bằng 'docgen users add'.")) from None
        if not isinstance(data, dict) or not isinstance(data.get("users"), dict):
            raise DocgenError(Problem("tệp tài khoản không đúng dạng", file=self.path))
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
        problems = []
        if not _NAME.fullmatch(name):
            problems.append(Problem(f"tên đăng nhập '{name}' không hợp lệ", field="NAME",
                                    hint="Dùng chữ thường không dấu, chữ số, '.', '-' hoặc '_' "
                                    "(tối đa 32 ký tự), ví dụ: lan.vt"))
        if role not in ROLES:
            problems.append(Problem(f"vai trò '{role}' không có", field="--vai-tro",
                                    hint=f"Chọn một trong: {', '.join(ROLES)}."))
        if len(password) < MIN_PASSWORD:
            problems.append(Problem(f"mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự",
                                    field="mật khẩu"))
        if problems:
            raise DocgenError(*problems)
        users = self._read()
        if name in users and not replace:
            raise DocgenError(Problem(f"tài khoản '{name}' đã có", field="NAME",
                                      hint="Đổi mật khẩu hoặc vai trò bằng "
                                      "'docgen users add … --thay'."))
        # A new password (or role) ends the sessions opened with the old one.
        users[name] = {"role": role, "hash": _HASHER.hash(password), "phien_tu": time.time()}
        self._write(users)
        return User(name, role)

    def remove(self, name: str) -> None:
        """Delete the account ``name``."""
        users = self._read()
        if name not in users:
            raise DocgenError(Problem(f"không có tài khoản '{name}'", field="NAME"))
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


def _user(name: str, record: dict[str, Any] | None) -> User | None:
    if not record:
        return None
    return User(name, record["role"], float(record.get("phien_tu") or 0.0))
