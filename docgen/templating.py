"""Jinja in form files and templates: an immutable, bounded sandbox, undefined names as errors.

Form fields, template files and batch expressions all go through :func:`render_string` and
:func:`evaluate`, which compile each distinct source once (a batch renders the same fields for
every roster row) and turn Jinja's exceptions into located Vietnamese :class:`Problem` s.

A template comes from a form file, and a form file may come from anyone; so the sandbox bounds
what one render may cost, not only what it may touch: every string it builds (multiplying,
padding, formatting, replacing, joining, concatenating), the size of its integers, the number of
loop steps and calls, and its total output. A limit reached is a clerk's error naming the field.

Values (``tham_so``, the roster's ``dong``) are data: they are handed to Jinja in the context,
never spliced into template source, and what a ``{{ … }}`` prints into a field written with body
markup (``noi_dung``) is escaped, so ``mã 3*4*5`` from a roster cell stays those characters.
"""

from __future__ import annotations

import re
import string
import threading
import traceback
from collections.abc import Callable, Iterable
from functools import cache, wraps
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.visitor import NodeTransformer

from .body import escape_markup
from .errors import DocgenError, Problem
from .i18n import N_, _
from .vnformat import FILTERS

_TEMPLATE_FILE = "<template>"


MAX_TEXT = 1_000_000
"""Longest string or list a template may build, and longest text it may print into one field."""
MAX_EXPONENT = 1000
MAX_INT_BITS = 10_000
"""Largest integer a template may compute, in bits (some 3,000 decimal digits)."""
MAX_STEPS = 1_000_000
"""Loop iterations, calls and attribute reads one render may make."""
MAX_ITEMS = 100_000
"""Largest count a template may ask a filter to produce (``batch``, ``slice``)."""

MARKUP_FIELDS = (
    "noi_dung", "dieu", "dieu.N", "dieu.N.noi_dung",
    "phu_luc.N.noi_dung", "phu_luc.N.dieu", "phu_luc.N.dieu.N", "phu_luc.N.dieu.N.noi_dung",
)
"""Every field the body parser reads (``**đậm**``, ``*nghiêng*``, ``| bảng |``), as dotted paths
where ``N`` stands for a list index: an article may be typed as plain text (``dieu.N``) or as
``{tieu_de, noi_dung}``, in the document or in a text it issues (``phu_luc.N``). Values printed
into these fields are escaped, so they stay text."""


class LimitError(SecurityError):
    """A template reached one of the sandbox's bounds."""


def _limit(what: str) -> LimitError:
    return LimitError(what)


def count_text(number: int) -> str:
    """``1.000.000``: a count written the Vietnamese way."""
    return f"{number:,}".replace(",", ".")


def _text_too_long(size: int) -> LimitError:
    return _limit(_("mẫu tạo ra chuỗi quá dài ({size} ký tự, giới hạn {limit})").format(
        size=count_text(size), limit=count_text(MAX_TEXT)))


def _check_size(value: Any) -> Any:
    if isinstance(value, str | bytes | list | tuple) and len(value) > MAX_TEXT:
        raise _text_too_long(len(value))
    if isinstance(value, int) and not isinstance(value, bool) and \
            value.bit_length() > MAX_INT_BITS:
        raise _limit(_("mẫu tính ra số quá lớn"))
    return value


# ---------------------------------------------------------------------------------------------
# The work budget of one render


class _Budget(threading.local):
    steps = 0
    output = 0


_BUDGET = _Budget()


def _reset_budget() -> None:
    _BUDGET.steps = 0
    _BUDGET.output = 0


def _spend(steps: int = 1) -> None:
    _BUDGET.steps += steps
    if _BUDGET.steps > MAX_STEPS:
        raise _limit(_("mẫu chạy quá nhiều bước (vòng lặp lồng nhau quá lớn, giới hạn "
                       "{limit} bước)").format(limit=count_text(MAX_STEPS)))


class _CountedIterator:
    """Iterates ``iterable``, spending a step of the budget per item."""

    __slots__ = ("_it",)

    def __init__(self, iterable: Iterable[Any]) -> None:
        self._it = iter(iterable)

    def __iter__(self) -> _CountedIterator:
        return self

    def __next__(self) -> Any:
        item = next(self._it)
        _spend()
        return item


def _counted(value: Any) -> Any:
    if isinstance(value, jinja2.Undefined):
        return value  # iterating it raises the located "undefined" error
    return _CountedIterator(value)


class _Bounds(NodeTransformer):
    """Rewrites a parsed template so that every loop spends the budget per step and every
    ``~`` concatenation is size-checked (Jinja's sandbox intercepts neither)."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, "_docgen_dem", [], [], None, None,
                                 lineno=node.iter.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return nodes.Filter(node, "_docgen_do_dai", [], [], None, None, lineno=node.lineno)


# ---------------------------------------------------------------------------------------------
# Calls: string methods are allow-listed and their results estimated before they are built

_SAFE_STR_METHODS = frozenset({
    "capitalize", "casefold", "count", "endswith", "find", "index", "isalnum", "isalpha",
    "isdecimal", "isdigit", "islower", "isnumeric", "isspace", "istitle", "isupper", "lower",
    "lstrip", "partition", "removeprefix", "removesuffix", "rfind", "rindex", "rpartition",
    "rsplit", "rstrip", "split", "splitlines", "startswith", "strip", "swapcase", "title",
    "upper", "center", "ljust", "rjust", "zfill", "replace", "join", "format", "format_map",
})
_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill"})


def _width(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return 0


def _replace_size(text: str, old: str, new: str, count: int = -1) -> int:
    hits = len(text) + 1 if not old else text.count(old)
    if count is not None and count >= 0:
        hits = min(hits, count)
    return len(text) + hits * (len(new) - len(old))


def _join_size(separator: str, items: list[Any]) -> int:
    return sum(len(str(i)) if isinstance(i, str) else 24 for i in items) + \
        len(separator) * max(0, len(items) - 1)


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _check_percent(fmt: str, args: Any) -> None:
    """Refuse ``'%1000000000d' % 1``: widths and precisions bounded, ``*`` ones too."""
    starred = [a for a in (args if isinstance(args, tuple) else (args,))
               if isinstance(a, int) and not isinstance(a, bool)]
    for m in _PERCENT_SPEC.finditer(fmt):
        for part in (m.group(1), m.group(2)):
            if part is None:
                continue
            size = max((abs(a) for a in starred), default=0) if part == "*" else int(part)
            if size > MAX_TEXT:
                raise _text_too_long(size)


def _check_format(fmt: str) -> None:
    """Refuse ``'{:>1000000000}'.format(…)`` and widths taken from arguments."""
    try:
        fields = list(string.Formatter().parse(fmt))
    except ValueError:
        return  # str.format reports the malformed string itself
    for _text, _name, spec, _conv in fields:
        if not spec:
            continue
        if "{" in spec:
            raise _limit(_("mẫu dùng độ rộng lấy từ tham số trong format, không được phép"))
        for digits in re.findall(r"\d+", spec):
            if int(digits) > MAX_TEXT:
                raise _text_too_long(int(digits))


def _check_str_call(obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    # The sandbox hands str.format out wrapped (functools.update_wrapper): look through it.
    owner = getattr(getattr(obj, "__wrapped__", obj), "__self__", None)
    if not isinstance(owner, str | bytes):
        return
    name = getattr(obj, "__name__", "")
    if name not in _SAFE_STR_METHODS:
        raise _limit(_("mẫu gọi hàm chuỗi '{name}' không được phép").format(name=name))
    if isinstance(owner, bytes):
        raise _limit(_("mẫu dùng dữ liệu nhị phân, không được phép"))
    if name in _WIDTH_METHODS:
        width = _width(args[0] if args else kwargs.get("width", 0))
        if width > MAX_TEXT:
            raise _text_too_long(width)
    elif name == "replace" and len(args) >= 2 and isinstance(args[0], str) and \
            isinstance(args[1], str):
        count = args[2] if len(args) > 2 else kwargs.get("count", -1)
        size = _replace_size(owner, args[0], args[1], count if isinstance(count, int) else -1)
        if size > MAX_TEXT:
            raise _text_too_long(size)
    elif name in ("format", "format_map"):
        _check_format(owner)


class _Sandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox with a bounded cost: see the module docstring."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _spend()
        if operator == "**" and isinstance(right, int | float):
            if abs(right) > MAX_EXPONENT:
                raise _limit(_("lũy thừa quá lớn (mũ {exponent})").format(exponent=right))
            if isinstance(left, int) and isinstance(right, int) and \
                    abs(left).bit_length() * max(right, 0) > MAX_INT_BITS:
                raise _limit(_("mẫu tính ra số quá lớn"))
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(times, int) and \
                        len(seq) * times > MAX_TEXT:
                    raise _text_too_long(len(seq) * times)
            if isinstance(left, int) and isinstance(right, int) and \
                    left.bit_length() + right.bit_length() > MAX_INT_BITS + 64:
                raise _limit(_("mẫu tính ra số quá lớn"))
        if operator == "+" and isinstance(left, str | list | tuple) and \
                isinstance(right, str | list | tuple) and len(left) + len(right) > MAX_TEXT:
            raise _text_too_long(len(left) + len(right))
        if operator == "%" and isinstance(left, str):
            _check_percent(left, right)
        return _check_size(super().call_binop(context, operator, left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any,
             **kwargs: Any) -> Any:
        _spend()
        _check_str_call(__obj, args, kwargs)
        if getattr(__obj, "__name__", "") == "join" and isinstance(
                getattr(__obj, "__self__", None), str) and args:
            items = list(_counted(args[0]))
            if _join_size(__obj.__self__, items) > MAX_TEXT:
                raise _text_too_long(_join_size(__obj.__self__, items))
            args = (items, *args[1:])
        return _check_size(super().call(__context, __obj, *args, **kwargs))

    def getattr(self, obj: Any, attribute: str) -> Any:
        _spend()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        _spend()
        return super().getitem(obj, argument)

    def _generate(self, source: nodes.Template, name: str | None, filename: str | None,
                  defer_init: bool = False) -> str:
        return super()._generate(_Bounds().visit(source), name, filename,  # type: ignore[arg-type]
                                 defer_init=defer_init)


# ---------------------------------------------------------------------------------------------
# Jinja's own filters that can build large output, bounded


def _bounded_filters(filters: dict[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    center, indent, fmt = filters["center"], filters["indent"], filters["format"]
    replace, join, wordwrap = filters["replace"], filters["join"], filters["wordwrap"]
    batch, slice_ = filters["batch"], jinja2.filters.sync_do_slice

    @wraps(center)
    def do_center(value: str, width: int = 80) -> str:
        if _width(width) > MAX_TEXT:
            raise _text_too_long(_width(width))
        return center(value, width)

    @wraps(indent)
    def do_indent(s: str, width: int | str = 4, first: bool = False,
                  blank: bool = False) -> str:
        size = len(width) if isinstance(width, str) else _width(width)
        if len(str(s)) + size * (str(s).count("\n") + 1) > MAX_TEXT:
            raise _text_too_long(size * (str(s).count("\n") + 1))
        return _check_size(indent(s, width, first, blank))

    @wraps(fmt)
    def do_format(value: str, *args: Any, **kwargs: Any) -> str:
        _check_percent(str(value), tuple(args) + tuple(kwargs.values()))
        return _check_size(fmt(value, *args, **kwargs))

    @wraps(replace)
    def do_replace(eval_ctx: Any, s: str, old: str, new: str, count: int | None = None) -> str:
        size = _replace_size(str(s), str(old), str(new), -1 if count is None else count)
        if size > MAX_TEXT:
            raise _text_too_long(size)
        return replace(eval_ctx, s, old, new, count)

    @wraps(join)
    def do_join(eval_ctx: Any, value: Iterable[Any], d: str = "",
                attribute: str | int | None = None) -> str:
        items = list(_counted(value))
        if _join_size(str(d), items) > MAX_TEXT:
            raise _text_too_long(_join_size(str(d), items))
        return _check_size(join(eval_ctx, items, d, attribute))

    @wraps(wordwrap)
    def do_wordwrap(environment: Any, s: str, width: int = 79, break_long_words: bool = True,
                    wrapstring: str | None = None, break_on_hyphens: bool = True) -> str:
        if wrapstring is not None and len(str(wrapstring)) * (len(str(s)) + 1) > MAX_TEXT:
            raise _text_too_long(len(str(wrapstring)) * (len(str(s)) + 1))
        return wordwrap(environment, s, width, break_long_words, wrapstring, break_on_hyphens)

    def counted(function: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(function, updated=())
        def bounded(value: Any, count: int, fill_with: Any = None) -> Any:
            if _width(count) > MAX_ITEMS:
                raise _limit(_("mẫu chia thành quá nhiều phần ({count})").format(count=count))
            return function(value, count, fill_with)
        return bounded

    return {"center": do_center, "indent": do_indent, "format": do_format,
            "replace": do_replace, "join": do_join, "wordwrap": do_wordwrap,
            "batch": counted(batch), "slice": counted(slice_),
            "_docgen_dem": _counted, "_docgen_do_dai": _check_size}


# ---------------------------------------------------------------------------------------------
# Markup escaping for values printed into body text


def _finalize_markup(value: Any) -> Any:
    if isinstance(value, str) and not isinstance(value, jinja2.Undefined):
        return escape_markup(value)
    return value


def _build(markup: bool) -> ImmutableSandboxedEnvironment:
    env = _Sandbox(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        finalize=_finalize_markup if markup else None,
    )
    env.filters.update(FILTERS)
    env.filters.update(_bounded_filters(env.filters))
    # lipsum(10**9) would write a billion paragraphs; a form has no use for it.
    env.globals.pop("lipsum", None)
    return env


@cache
def environment(markup: bool = False) -> ImmutableSandboxedEnvironment:
    """The sandboxed environment docgen renders with, Vietnamese filters installed; with
    ``markup``, what ``{{ … }}`` prints is escaped for body markup."""
    return _build(markup)


def has_jinja(text: str) -> bool:
    """Whether ``text`` contains Jinja markup at all (most fields do not)."""
    return "{{" in text or "{%" in text or "{#" in text


@cache
def _compile(source: str, markup: bool = False) -> jinja2.Template:
    return environment(markup).from_string(source)


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
_RUNTIME = N_("mẫu gặp lỗi khi chạy: {error}")


def _undefined_name(message: str) -> str:
    """Jinja's (English) undefined-name message as the name the clerk must give."""
    if m := _UNDEFINED.fullmatch(message):
        return f"'{m['name']}'"
    if m := _NO_ATTRIBUTE.fullmatch(message):
        if m["owner"] in ("dict object", "Row object"):
            return _("'{name}' (không có trong dòng dữ liệu)").format(name=m["name"])
        return _("'{name}' (không có trong {owner})").format(name=m["name"], owner=m["owner"])
    return message


def runtime_reason(message: str) -> str:
    """The error itself of a "template failed while running" message (what a clerk's value
    caused, e.g. an impossible date), without the words around it; other messages as given."""
    before, _sep, after = _(_RUNTIME).partition("{error}")
    if message.startswith(before) and message.endswith(after):
        return message[len(before):len(message) - len(after)]
    return message


def _syntax_problem(exc: jinja2.TemplateSyntaxError) -> tuple[str, str]:
    text = exc.message or ""
    if text.startswith("No filter named"):
        name = text.split("'")[1] if "'" in text else ""
        return (_("mẫu dùng bộ lọc không có: '{name}'").format(name=name),
                _("Các bộ lọc tiếng Việt: {filters}; và các bộ lọc sẵn có của Jinja (upper, "
                  "lower, default, round…).").format(filters=", ".join(sorted(FILTERS))))
    return (_("lỗi cú pháp mẫu Jinja: {error}").format(error=text),
            _("Kiểm tra cặp {{ }} và {% %} đóng mở đủ."))  # not formatted: the braces are literal


def _explain(exc: BaseException, source_kind: str) -> tuple[str, str | None]:
    """(message, hint) for a failure of Jinja while rendering."""
    if isinstance(exc, jinja2.UndefinedError):
        return (_("mẫu dùng tên chưa có giá trị: {name}").format(
                    name=_undefined_name(exc.message or "")),
                _("Thêm giá trị đó vào {source}, hoặc sửa lại tên cho đúng.").format(
                    source=source_kind))
    if isinstance(exc, LimitError):
        return (_("vượt giới hạn an toàn: {limit}").format(limit=exc),
                _("Biểu mẫu chỉ cần văn bản cỡ vài trang; bớt vòng lặp, độ rộng hoặc phép "
                  "nhân."))
    if isinstance(exc, SecurityError):
        return (_("mẫu làm việc không được phép: {error}").format(error=exc),
                _("Mẫu chỉ được đọc dữ liệu, không được thay đổi hay gọi hàm hệ thống."))
    if isinstance(exc, RecursionError | MemoryError):
        return (_("vượt giới hạn an toàn: mẫu gọi lồng nhau quá sâu hoặc quá lớn"),
                _("Bỏ macro tự gọi lại chính nó."))
    if isinstance(exc, TypeError) and "not supported between instances" in str(exc):
        return (_("mẫu so sánh hoặc tính toán chữ với số (một ô có giá trị dạng chữ)"),
                _("Kiểm tra ô đó chỉ ghi số (không có chữ, dấu cách), hoặc đổi kiểu ô sang Số "
                  "trong Excel; trong mẫu có thể viết dong.cot | float."))
    return _(_RUNTIME).format(error=_short(exc)), None


def _problem(exc: BaseException, file: Path | str | None, line: int | None, field: str | None,
             source_kind: str) -> Problem:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        inner: int | None = exc.lineno
        message, hint = _syntax_problem(exc)
    else:
        # A security refusal is raised before the template runs: it has no line of its own.
        plain_security = isinstance(exc, SecurityError) and not isinstance(exc, LimitError)
        inner = None if plain_security or isinstance(exc, RecursionError | MemoryError) \
            else _template_line(exc.__traceback__)
        message, hint = _explain(exc, source_kind)
    if line is not None and inner is not None:
        line = line + inner - 1
    return Problem(message, file=file, line=line, field=field, hint=hint)


def _short(exc: BaseException) -> str:
    """The exception's text, cut short: it may quote a huge value."""
    text = str(exc)
    return text if len(text) <= 300 else text[:300] + "…"


def _render(template: jinja2.Template, context: dict[str, Any]) -> str:
    _reset_budget()
    parts: list[str] = []
    size = 0
    for chunk in template.generate(context):
        size += len(chunk)
        if size > MAX_TEXT:
            raise _text_too_long(size)
        parts.append(chunk)
    return "".join(parts)


def _pattern(field: str) -> str:
    return ".".join("N" if part.isdigit() else part for part in field.split("."))


_MARKUP_PATTERNS = frozenset(MARKUP_FIELDS)


def is_markup_field(field: str | None) -> bool:
    """Whether ``field`` (``noi_dung``, ``dieu.0``, ``phu_luc.0.noi_dung``) is written in body
    markup (one of :data:`MARKUP_FIELDS`)."""
    return bool(field) and _pattern(str(field)) in _MARKUP_PATTERNS


def render_string(source: str, context: dict[str, Any], *, file: Path | str | None = None,
                  line: int | None = None, field: str | None = None,
                  source_kind: str = "tham_so", markup: bool | None = None) -> str:
    """Render Jinja ``source`` with ``context``; errors name ``file``, ``line`` and ``field``.

    ``source_kind`` says where a missing name would be given, in the clerk's language (a form
    key such as ``tham_so`` as it is, else a translated phrase: ``_("bảng dữ liệu")``).

    ``line`` is where ``source`` starts in ``file``; a Jinja error on the template's n-th line is
    reported at ``line + n - 1``. With ``markup`` (by default: when ``field`` is body text such
    as ``noi_dung``) every printed value is escaped, so its ``*`` and ``|`` stay text.
    """
    if markup is None:
        markup = is_markup_field(field)
    try:
        return _render(_compile(source, markup), context)
    except Exception as exc:  # every Jinja failure becomes a located clerk message
        raise DocgenError(_problem(exc, file, line, field, source_kind)) from None


def evaluate(expression: str, context: dict[str, Any], *, what: str | None = None) -> Any:
    """Evaluate a sandboxed Jinja expression (``dong.ty_le < 80``) with ``context``; ``what``
    names it in messages (a field such as ``tham_so.x``, or a translated phrase), by default
    "expression" in the clerk's language."""
    try:
        _reset_budget()
        value = _compile_expression(expression)(**context)
        if isinstance(value, jinja2.Undefined):
            # An expression hands back Undefined instead of raising; a missing column or
            # empty cell must fail here, with its name, not later in bool() or str().
            value._fail_with_undefined_error()
        return value
    except Exception as exc:  # a bad filter expression is a clerk error, not a crash
        problem = _problem(exc, None, None, None, _("bảng dữ liệu"))
        raise DocgenError(Problem(_("{what} '{expression}': {message}").format(
            what=what or _("biểu thức"), expression=_clip(expression), message=problem.message),
            hint=problem.hint)) from None


def _clip(text: str) -> str:
    return text if len(text) <= 200 else text[:200] + "…"

