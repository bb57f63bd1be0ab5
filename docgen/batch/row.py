"""One roster row → one document: the per-row work of a batch, reusable on its own.

:func:`render_row` is a plain function ``(spec, dong) -> (VanBan, bytes)`` so that other commands
(the archive, which numbers each row's document) can render rows without the batch runner.
Errors come back as :class:`~docgen.errors.DocgenError` whose problems name the roster file, the
row and the column that caused them.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import DocgenError, Problem
from ..forms import FormSpec
from ..models import VanBan
from ..render import render_docx
from .roster import (
    Columns,
    Dong,
    cell_value,
    columns_of,
    missing_names,
    reset_usage,
    row_number,
    used_columns,
)

__all__ = ["build_row", "form_fingerprint", "render_row", "row_fingerprint", "row_problems"]


def build_row(spec: FormSpec, dong: Dong, *, file: Any = None) -> VanBan:
    """The document of one row: ``tham_so`` and every field rendered with ``dong``, validated.

    (:meth:`FormSpec.context` renders ``tham_so`` with ``dong``; a value that is one expression,
    ``{{ dong.tong_so }}``, keeps the cell's type.)

    Raises :class:`DocgenError` whose problems carry ``file`` (the roster), the row and the
    column (see :func:`row_problems`).
    """
    reset_usage(dong)
    try:
        return spec.build(dong)
    except DocgenError as exc:
        raise DocgenError(*row_problems(exc, dong, file, form=spec.path)) from None


def render_row(spec: FormSpec, dong: Dong, *, file: Any = None) -> tuple[VanBan, bytes]:
    """One row rendered: its :class:`VanBan` and its .docx bytes (deterministic)."""
    van_ban = build_row(spec, dong, file=file)
    return van_ban, render_docx(van_ban)


def row_problems(error: DocgenError, dong: Dong, file: Any = None,
                 form: Any = None) -> list[Problem]:
    """``error`` restated for the clerk who fills the roster: row, column, what to do.

    The column is the one the failing template read: a column the roster lacks, an empty cell it
    needed, or the cell whose value the message quotes; for a template error with none of these,
    the last column read before it failed.
    """
    columns = columns_of(dong)
    used = used_columns(dong)
    missing = missing_names(dong)
    number = row_number(dong)
    out = []
    for problem in error.problems:
        field = problem.field or ""
        where = (f" (trong {field})" if field.startswith("--") else
                 f" (trường {field} của biểu mẫu)" if field else "")
        if missing:
            # Where the name is written is not where it fails (a tham_so passes it on).
            name = missing[-1]
            in_form = f" {form}" if form else ""
            out.append(Problem(
                f"bảng danh sách không có cột '{name}' mà biểu mẫu dùng (dong.{name})",
                file=file, row=number, field=name,
                hint=f"Các cột có: {columns.describe()}. Sửa tên cột trong biểu mẫu{in_form}, "
                "hoặc thêm cột đó vào bảng danh sách."))
            continue
        empty = [h for h in used if cell_value(dong, h) is None]
        if empty:
            out.append(Problem(
                f"ô đang để trống{where}", file=file, row=number, field=empty[-1],
                hint="Điền giá trị vào ô này, hoặc bỏ hàng khỏi đợt bằng --loc. Nếu ô được phép "
                "trống, biểu mẫu dùng: {{ dong.ten_cot | default('') }}."))
            continue
        column = _quoted_column(problem.message, used, dong)
        if column is None and problem.message.startswith("mẫu") and used:
            column = used[-1]
        reason = problem.message.removeprefix("mẫu gặp lỗi khi chạy: ")
        out.append(Problem(f"{reason}{where}", file=file, row=number, field=column,
                           hint=problem.hint or "Sửa giá trị trong ô này của bảng danh sách."))
    return out


def _quoted_column(message: str, used: list[str], dong: Dong) -> str | None:
    for header in reversed(used):
        value = cell_value(dong, header)
        if value is None:
            continue
        text = str(value)
        if f"'{text}'" in message or f'"{text}"' in message or repr(value) in message:
            return header
    return None


@cache
def code_fingerprint() -> str:
    """A hash of docgen's own code and data files: a renderer fix re-renders old files too."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".json", ".yaml") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def form_fingerprint(spec: FormSpec) -> str:
    """A hash of everything that shapes each document: the form's values and template, and
    docgen's code.

    A batch rerun re-renders a row when this, or the row, changed since its file was written.
    """
    data = {"docgen": code_fingerprint(), "template": spec.template_name,
            "values": spec.values, "tham_so": spec.tham_so}
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    if "hom_nay" in text:
        # A template that prints today's date gives another document tomorrow.
        text += date.today().isoformat()
    return hashlib.sha256(text.encode()).hexdigest()


def row_fingerprint(form: str, columns: Columns, values: tuple[Any, ...]) -> str:
    """A hash of a row's inputs: the form's fingerprint, the headers and the typed values."""
    text = repr((form, columns.headers, values))
    return hashlib.sha256(text.encode()).hexdigest()[:32]
