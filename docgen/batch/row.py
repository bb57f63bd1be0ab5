"""One roster row → one document: the per-row work of a batch, reusable on its own.

:func:`render_row` is a plain function ``(spec, dong) -> (VanBan, bytes)`` so that other commands
(the archive, which numbers each row's document) can render rows without the batch runner.
Errors come back as :class:`~docgen.errors.DocgenError` whose problems name the roster file, the
row and the column that caused them.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import DocgenError, Problem
from ..forms import FormSpec
from ..models import VanBan
from ..render import render_docx
from ..templating import evaluate, has_jinja
from ..text import key_from_header
from .roster import (
    Columns,
    Dong,
    Roster,
    RosterRow,
    cell_value,
    columns_of,
    missing_names,
    reset_usage,
    row_number,
    used_columns,
)

__all__ = ["SelectedRow", "build_row", "form_constants", "form_fingerprint", "keep_row",
           "render_row", "row_context", "row_fingerprint", "row_problems", "select_rows"]


def form_constants(spec: FormSpec) -> dict[str, Any]:
    """The form's ``tham_so`` that do not depend on the row (no Jinja in them)."""
    return {k: v for k, v in spec.tham_so.items() if not (isinstance(v, str) and has_jinja(v))}


def row_context(constants: dict[str, Any], dong: Dong, number: int,
                ordinal: int = 0) -> dict[str, Any]:
    """What --loc and --ten-tep see: ``dong``, ``hang`` (the row number in the sheet), ``stt``
    (the data row's number as a person counts: 1 for the first row under the header) and the
    form's ``tham_so`` that do not depend on the row (rendering those that do costs a whole
    row)."""
    return {**constants, "tham_so": constants, "dong": dong, "hang": number, "stt": ordinal,
            "hom_nay": date.today()}


def keep_row(loc: str, context: dict[str, Any]) -> bool:
    """Whether ``--loc`` keeps the row; :class:`DocgenError` naming the option if it fails."""
    return bool(evaluate(loc, context, what="--loc"))


@dataclass(slots=True)
class SelectedRow:
    """A roster row after ``--loc``: kept or not, or with the problems that stop it."""

    row: RosterRow
    dong: Dong
    context: dict[str, Any]
    """:func:`row_context` of the row, for ``--ten-tep``."""
    kept: bool
    problems: tuple[Problem, ...] = ()
    """The roster's problems with the row, or ``--loc`` failing on it (then not kept)."""


def select_rows(spec: FormSpec, roster: Roster, loc: str | None) -> Iterator[SelectedRow]:
    """The roster's rows in order, each with its ``dong``, its context and ``--loc``'s verdict.

    Shared by the batch and ``--archive`` so that both filter and report alike.
    """
    constants = form_constants(spec)
    for ordinal, row in enumerate(roster.rows(), start=1):
        dong = Dong(roster.columns, row.values, row.number)
        context = row_context(constants, dong, row.number, ordinal)
        if row.problems:
            yield SelectedRow(row, dong, context, False, row.problems)
            continue
        try:
            kept = not loc or keep_row(loc, context)
        except DocgenError as exc:
            problems = row_problems(exc.located(field="--loc"), dong, roster.path,
                                    form=spec.path)
            yield SelectedRow(row, dong, context, False, tuple(problems))
            continue
        yield SelectedRow(row, dong, context, kept)


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
    the last column read before it failed. A problem whose ``field`` is an option (``--loc``,
    ``--ten-tep``) gets hints about that option, since the mistake is there, not in the form.
    """
    columns = columns_of(dong)
    used = used_columns(dong)
    missing = missing_names(dong)
    number = row_number(dong)
    out = []
    for problem in error.problems:
        field = problem.field or ""
        option = field if field.startswith("--") else None
        form_name = f" {form}" if form else ""
        where = (f" (trong {field})" if option else
                 f" (trường {field} của biểu mẫu{form_name})" if field else "")
        if missing:
            # Where the name is written is not where it fails (a tham_so passes it on).
            name = missing[-1]
            user = option or "biểu mẫu"
            fix = f"Sửa tên cột trong {option}" if option else \
                f"Sửa tên cột trong biểu mẫu{f' {form}' if form else ''}"
            close = closest_column(name, columns)
            guess = (f"Có phải ý bạn là cột '{columns.headers[columns.index[close]]}' "
                     f"(dong.{close})? " if close else "")
            out.append(Problem(
                f"bảng danh sách không có cột '{name}' mà {user} dùng (dong.{name})",
                file=file, row=number, field=name,
                hint=f"{guess}Các cột có: {columns.describe()}. {fix}, hoặc thêm cột đó vào "
                "bảng danh sách."))
            continue
        empty = [h for h in used if cell_value(dong, h) is None]
        if empty:
            allowed = (f"{option} có thể viết: dong.ten_cot | default('')" if option else
                       "biểu mẫu dùng: {{ dong.ten_cot | default('') }}")
            out.append(Problem(
                f"ô đang để trống{where}", file=file, row=number, field=empty[-1],
                hint="Điền giá trị vào ô này, hoặc bỏ hàng khỏi đợt bằng --loc. Nếu ô được phép "
                f"trống, {allowed}."))
            continue
        column = _quoted_column(problem.message, used, dong)
        runtime = problem.message.startswith("mẫu") or option is not None
        if column is None and runtime and used:
            column = used[-1]
        reason = problem.message.removeprefix("mẫu gặp lỗi khi chạy: ")
        hint = problem.hint or "Sửa giá trị trong ô này của bảng danh sách."
        if option:
            hint = (hint.replace("trong mẫu", f"trong {option}") +
                    f" Nếu ô đúng, sửa biểu thức sau {option} (lỗi ở tùy chọn này, không ở "
                    "biểu mẫu).")
        if option and reason.startswith(option):
            where = ""  # the message already starts with the option and its expression
        out.append(Problem(f"{reason}{where}", file=file, row=number, field=column, hint=hint))
    return out


def _spelling(key: str) -> str:
    """A column key with Vietnamese spelling variants made equal: ``tỉ``/``tỷ`` (i/y)."""
    return key.replace("y", "i")


def closest_column(name: str, columns: Columns) -> str | None:
    """The roster column key closest to ``name`` (a renamed or misspelt column), if any is
    close: ``ty_le`` finds the column ``Tỉ lệ`` (``ti_le``), ``so_tham_gia`` finds ``Số người
    tham gia``."""
    keys = [k for k in columns.keys if k]
    by_spelling = {_spelling(k): k for k in keys}
    found = difflib.get_close_matches(_spelling(key_from_header(name) or name),
                                      list(by_spelling), n=1, cutoff=0.7)
    return by_spelling[found[0]] if found else None


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
