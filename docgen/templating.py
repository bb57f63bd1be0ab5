"""Jinja in form files and templates: an immutable sandbox, undefined names as errors.

Form fields, template files and batch expressions all go through :func:`render_string` and
:func:`evaluate`, which compile each distinct source once (a batch renders the same fields for
every roster row) and turn Jinja's exceptions into located Vietnamese :class:`Problem` s.
"""

from __future__ import annotations

import re
import traceback
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from .errors import DocgenError, Problem
from .vnformat import FILTERS

_TEMPLATE_FILE = "<template>"


MAX_TEXT = 1_000_000
"""Longest string or list a template may build by multiplying (``'a' * 10**9`` would not fit)."""
MAX_EXPONENT = 1000


class _Sandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, with ``*`` and ``**`` bounded so a template cannot exhaust
    memory or time."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int | float) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"lũy thừa quá lớn (mũ {right})")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(times, int) and \
                        len(seq) * times > MAX_TEXT:
                    raise SecurityError("chuỗi nhân lên quá dài")
        return super().call_binop(context, operator, left, right)


@cache
def environment() -> ImmutableSandboxedEnvironment:
    """The one sandboxed environment docgen renders with, Vietnamese filters installed."""
    env = _Sandbox(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    return env


def has_jinja(text: str) -> bool:
    """Whether ``text`` contains Jinja markup at all (most fields do not)."""
    return "{{" in text or "{%" in text or "{#" in text


@cache
def _compile(source: str) -> jinja2.Template:
    return environment().from_string(source)


@cache
def _compile_expression(source: str) -> Any:
    return environment().compile_expression(source, undefined_to_none=False)


def _template_line(tb: Any) -> int | None:
    line = None
    for frame in traceback.extract_tb(tb):
        if frame.filename == _TEMPLATE_FILE:
            line = frame.lineno
    return line


_UNDEFINED = re.compile(r"'(?P<name>[^']+)' is undefined")
_NO_ATTRIBUTE = re.compile(r"'(?P<owner>[^']+)' has no attribute '(?P<name>[^']+)'")


def _undefined_vi(message: str) -> str:
    if m := _UNDEFINED.fullmatch(message):
        return f"'{m['name']}'"
    if m := _NO_ATTRIBUTE.fullmatch(message):
        owner = "dòng dữ liệu" if m["owner"] in ("dict object", "Row object") else m["owner"]
        return f"'{m['name']}' (không có trong {owner})"
    return message


def _problem(exc: Exception, file: Path | str | None, line: int | None, field: str | None,
             source_kind: str) -> Problem:
    inner = None
    if isinstance(exc, jinja2.TemplateSyntaxError):
        inner = exc.lineno
        if (exc.message or "").startswith("No filter named"):
            name = (exc.message or "").split("'")[1] if "'" in (exc.message or "") else ""
            message = f"mẫu dùng bộ lọc không có: '{name}'"
            hint = "Các bộ lọc tiếng Việt: " + ", ".join(sorted(FILTERS)) + \
                "; và các bộ lọc sẵn có của Jinja (upper, lower, default, round…)."
        else:
            message = f"lỗi cú pháp mẫu Jinja: {exc.message}"
            hint = "Kiểm tra cặp {{ }} và {% %} đóng mở đủ."
    elif isinstance(exc, jinja2.UndefinedError):
        inner = _template_line(exc.__traceback__)
        message = f"mẫu dùng tên chưa có giá trị: {_undefined_vi(exc.message or '')}"
        hint = f"Thêm giá trị đó vào {source_kind}, hoặc sửa lại tên cho đúng."
    elif isinstance(exc, SecurityError):
        message = f"mẫu làm việc không được phép: {exc}"
        hint = "Mẫu chỉ được đọc dữ liệu, không được thay đổi hay gọi hàm hệ thống."
    elif isinstance(exc, TypeError) and "not supported between instances" in str(exc):
        inner = _template_line(exc.__traceback__)
        message = "mẫu so sánh hoặc tính toán chữ với số (một ô có giá trị dạng chữ)"
        hint = ("Kiểm tra ô đó chỉ ghi số (không có chữ, dấu cách), hoặc đổi kiểu ô sang Số "
                "trong Excel; trong mẫu có thể viết dong.cot | float.")
    else:
        inner = _template_line(exc.__traceback__)
        message = f"mẫu gặp lỗi khi chạy: {exc}"
        hint = None
    if line is not None and inner is not None:
        line = line + inner - 1
    return Problem(message, file=file, line=line, field=field, hint=hint)


def render_string(source: str, context: dict[str, Any], *, file: Path | str | None = None,
                  line: int | None = None, field: str | None = None,
                  source_kind: str = "tham_so") -> str:
    """Render Jinja ``source`` with ``context``; errors name ``file``, ``line`` and ``field``.

    ``line`` is where ``source`` starts in ``file``; a Jinja error on the template's n-th line is
    reported at ``line + n - 1``.
    """
    try:
        return _compile(source).render(context)
    except Exception as exc:  # every Jinja failure becomes a located clerk message
        raise DocgenError(_problem(exc, file, line, field, source_kind)) from None


def evaluate(expression: str, context: dict[str, Any], *, what: str = "biểu thức") -> Any:
    """Evaluate a sandboxed Jinja expression (``dong.ty_le < 80``) with ``context``."""
    try:
        value = _compile_expression(expression)(**context)
        if isinstance(value, jinja2.Undefined):
            # An expression hands back Undefined instead of raising; a missing column or
            # empty cell must fail here, with its name, not later in bool() or str().
            value._fail_with_undefined_error()
        return value
    except Exception as exc:  # a bad filter expression is a clerk error, not a crash
        problem = _problem(exc, None, None, None, "bảng dữ liệu")
        raise DocgenError(Problem(f"{what} '{expression}': {problem.message}",
                                  hint=problem.hint)) from None
