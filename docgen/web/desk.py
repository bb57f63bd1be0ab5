"""What the web desk keeps besides the archive: its data folder, the agency profile, the audit
log, the register columns filled by hand, and the secret that signs session cookies.

The data folder (``docgen serve --thu-muc``, default ``./docgen-web``) holds::

    tai-khoan.json              accounts (docgen users add)
    khoa-phien                  random key signing the session cookies (0600)
    dung-chung.yaml             agency profile applied to every form
    nhat-ky.jsonl               audit log: who issued, verified, exported, edited, and when
    so-dang-ky-ghi-them.jsonl   Số lượng bản / Ngày chuyển / Ký nhận / Ghi chú, as recorded edits
    hang-loat/<id>/             one folder per batch job

Logs are appended one JSON line at a time and flushed to disk; the archived documents and the
register itself are never changed by the desk.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import DocgenError, Problem
from ..fileio import atomic_write
from ..i18n import N_, _
from ..users import UserStore
from ..yamlsrc import load_yaml_text

DEFAULT_DATA_DIR = "docgen-web"
DATA_ENV = "DOCGEN_WEB_DIR"
USERS_FILE = "tai-khoan.json"
PROFILE_FILE = "dung-chung.yaml"
AUDIT_FILE = "nhat-ky.jsonl"
NOTES_FILE = "so-dang-ky-ghi-them.jsonl"
KEY_FILE = "khoa-phien"
BATCH_DIR = "hang-loat"
MAX_HAND_VALUE = 500
"""Longest value of a hand-filled register column, in characters."""

HAND_COLUMNS = {
    "so_ban": N_("Số lượng bản"),
    "ngay_chuyen": N_("Ngày chuyển"),
    "ky_nhan": N_("Ký nhận"),
    "ghi_chu": N_("Ghi chú"),
}
"""Register columns a clerk fills by hand (Phụ lục IV), by key: each value is the column's
header in the register (document text, matched as it is) and, translated with ``_()``, its
label on the Sổ page."""


def data_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The desk's data folder: ``path``, else ``$DOCGEN_WEB_DIR``, else ``./docgen-web``."""
    if path is not None and str(path):
        return Path(path)
    return Path(os.environ.get(DATA_ENV) or DEFAULT_DATA_DIR)


def now() -> str:
    """The local time, ISO 8601 with its offset."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


@dataclass
class Desk:
    """The data folder and the archive folder of one ``docgen serve``."""

    root: Path
    archive: Path
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / BATCH_DIR).mkdir(exist_ok=True)

    @property
    def users(self) -> UserStore:
        """The accounts."""
        return UserStore(self.root / USERS_FILE)

    def secret(self) -> bytes:
        """The cookie-signing key, made on first use."""
        path = self.root / KEY_FILE
        with self._lock:
            if not path.is_file():
                with contextlib.suppress(DocgenError):  # another process made it first
                    atomic_write(path, secrets.token_hex(32).encode())
                path.chmod(0o600)
            return path.read_bytes().strip()

    # -- agency profile --------------------------------------------------------------------

    def profile(self) -> str | None:
        """The agency profile (YAML text), or None before it is saved."""
        try:
            return (self.root / PROFILE_FILE).read_text(encoding="utf-8")
        except FileNotFoundError:
            return None

    def save_profile(self, text: str) -> None:
        """Replace the agency profile; raises :class:`DocgenError` for text that is no form."""
        source = load_yaml_text(text, _("hồ sơ cơ quan"))
        if not isinstance(source.data, dict):
            raise DocgenError(Problem(
                _("hồ sơ cơ quan phải là các dòng 'tên_trường: giá trị'"), field="dung_chung"))
        atomic_write(self.root / PROFILE_FILE, text.encode("utf-8"), overwrite=True)

    # -- logs ------------------------------------------------------------------------------

    def _append(self, name: str, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with self._lock, open(self.root / name, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())

    def _read(self, name: str) -> list[dict[str, Any]]:
        try:
            lines = (self.root / name).read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        out = []
        for line in lines:
            try:
                out.append(json.loads(line))
            except ValueError:
                continue  # a line cut by a power failure: the rest still counts
        return out

    def audit(self, action: str, user: str, **details: Any) -> None:
        """Record ``action`` (``cap-so``, ``kiem-tra-so``, ``xuat-so``, ``ghi-so``…)."""
        self._append(AUDIT_FILE, {"thoi_diem": now(), "viec": action, "nguoi": user, **details})

    def audit_log(self) -> list[dict[str, Any]]:
        """Every audit record, oldest first."""
        return self._read(AUDIT_FILE)

    def record_hand_column(self, co_quan: str, nam: int, so_ky_hieu: str, column: str, value: str,
                           user: str) -> dict[str, Any]:
        """Record a value of a hand-filled register column (the archive is not touched)."""
        if column not in HAND_COLUMNS:
            raise DocgenError(Problem(
                _("cột '{column}' không ghi tay được").format(column=column), field="cot",
                hint=_("Các cột ghi tay: {columns}.").format(
                    columns=", ".join(f"{key} ({_(label)})" for key, label in
                                      HAND_COLUMNS.items()))))
        if len(value) > MAX_HAND_VALUE:
            raise DocgenError(Problem(_("nội dung quá dài (tối đa {n} ký tự)").format(
                n=MAX_HAND_VALUE), field=column))
        record = {"thoi_diem": now(), "nguoi": user, "co_quan": co_quan, "nam": nam,
                  "so_ky_hieu": so_ky_hieu,
                  "cot": column, "gia_tri": value}
        self._append(NOTES_FILE, record)
        self.audit("ghi-so", user, co_quan=co_quan, nam=nam, so_ky_hieu=so_ky_hieu, cot=column)
        return record

    def hand_columns(self) -> dict[tuple[str, int, str], dict[str, str]]:
        """The latest hand-filled value of each column, by (co_quan, nam, so_ky_hieu).

        The number with its ký hiệu names a register row: a kind numbered in its own series
        (``danh_so_rieng``) or a copy (``SY``) may share the bare number with another row."""
        out: dict[tuple[str, int, str], dict[str, str]] = {}
        for record in self._read(NOTES_FILE):
            key = (str(record.get("co_quan")), int(record.get("nam", 0)),
                   str(record.get("so_ky_hieu")))
            out.setdefault(key, {})[str(record.get("cot"))] = str(record.get("gia_tri", ""))
        return out
