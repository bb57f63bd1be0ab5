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
from ..i18n import _
from ..models import VanBan
from ..render import render_docx
from ..templating import evaluate, has_jinja, runtime_reason
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
    missing = missing_names(dong)
    empty = [h for h in used_columns(dong) if cell_value(dong, h) is None]
    out = []
    for problem in error.problems:
        field = problem.field or ""
        option = field if field.startswith("--") else None
        if missing:
            # Where the name is written is not where it fails (a tham_so passes it on).
            out.append(_missing_column(missing[-1], dong, file, option, form))
        elif empty:
            out.append(Problem(_placed(_("ô đang để trống"), field, option, form), file=file,
                               row=row_number(dong), field=empty[-1],
                               hint=_empty_cell_hint(option)))
        else:
            out.append(_template_failure(problem, dong, file, option, form))
    return out


def _placed(message: str, field: str, option: str | None, form: Any) -> str:
    """``message`` with where it arose: the option, or the form's field (and form file)."""
    if option:
        return _("{message} (trong {option})").format(message=message, option=option)
    if field and form:
        return _("{message} (trường {field} của biểu mẫu {form})").format(
            message=message, field=field, form=form)
    if field:
        return _("{message} (trường {field} của biểu mẫu)").format(message=message, field=field)
    return message


def _missing_column(name: str, dong: Dong, file: Any, option: str | None,
                    form: Any) -> Problem:
    """A name the form (or the option) reads as ``dong.NAME`` that no column has: the closest
    header, every header, and where to fix the name."""
    columns = columns_of(dong)
    if option:
        message = _("bảng danh sách không có cột '{name}' mà {option} dùng (dong.{name})").format(
            name=name, option=option)
        fix = _("Sửa tên cột trong {option}, hoặc thêm cột đó vào bảng danh sách.").format(
            option=option)
    else:
        message = _("bảng danh sách không có cột '{name}' mà biểu mẫu dùng (dong.{name})").format(
            name=name)
        fix = (_("Sửa tên cột trong biểu mẫu {form}, hoặc thêm cột đó vào bảng danh sách.")
               .format(form=form) if form else
               _("Sửa tên cột trong biểu mẫu, hoặc thêm cột đó vào bảng danh sách."))
    hint = [_("Các cột có: {columns}.").format(columns=columns.describe()), fix]
    close = closest_column(name, columns)
    if close:
        hint.insert(0, _("Có phải ý bạn là cột '{header}' (dong.{key})?").format(
            header=columns.headers[columns.index[close]], key=close))
    return Problem(message, file=file, row=row_number(dong), field=name, hint=" ".join(hint))


def _empty_cell_hint(option: str | None) -> str:
    """How to fill an empty cell, or let it be empty where the form or the option reads it."""
    if option:
        return _("Điền giá trị vào ô này, hoặc bỏ hàng khỏi đợt bằng --loc. Nếu ô được phép "
                 "trống, {option} có thể viết: {example}.").format(
                     option=option, example="dong.ten_cot | default('')")
    return _("Điền giá trị vào ô này, hoặc bỏ hàng khỏi đợt bằng --loc. Nếu ô được phép trống, "
             "biểu mẫu dùng: {example}.").format(example="{{ dong.ten_cot | default('') }}")


def _template_failure(problem: Problem, dong: Dong, file: Any, option: str | None,
                      form: Any) -> Problem:
    """A template (or option) failing on a cell's value: the column whose value the message
    quotes, else (a run-time failure) the last column read; the fix in the cell or the option.
    """
    used = used_columns(dong)
    column = _quoted_column(problem.message, used, dong)
    reason, runtime = _runtime_reason(problem.message)
    if column is None and (runtime or option is not None) and used:
        column = used[-1]
    hint = problem.hint or _("Sửa giá trị trong ô này của bảng danh sách.")
    if option:
        hint = _("{hint} Nếu ô đúng, sửa biểu thức sau {option} (lỗi ở tùy chọn này, không ở "
                 "biểu mẫu).").format(hint=hint.replace("trong mẫu", f"trong {option}"),
                                      option=option)
    if option and reason.startswith(option):
        message = reason  # the message already starts with the option and its expression
    else:
        message = _placed(reason, problem.field or "", option, form)
    return Problem(message, file=file, row=row_number(dong), field=column, hint=hint)


def _runtime_reason(message: str) -> tuple[str, bool]:
    """(the failure's own words, whether the template failed while running) of a message of
    docgen.templating, in the language it was made in."""
    reason = runtime_reason(message)
    return reason, reason != message


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
