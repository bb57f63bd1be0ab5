"""Reading clerk-written YAML: every scalar stays text, every value keeps its line number.

PyYAML's resolver reads ``01`` as 1, ``010`` as 8 and ``NO`` as False, and keeps the last of two
duplicate keys silently. We compose the node tree instead and convert it ourselves: scalars
stay strings (pydantic turns ``"05"`` into 5 where a number is wanted), ``null``/``~``/empty mean
"not given", duplicate keys are an error, and each value remembers where it was written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import DocgenError, FormError, Problem
from .fileio import read_limited
from .i18n import N_, _
from .templating import MAX_TEXT, count_text
from .text import nfc

Path_ = tuple[str | int, ...]

_NULLS = {"", "~", "null", "Null", "NULL"}

MAX_FORM_BYTES = 4 * MAX_TEXT
"""Largest form file (4 MB; a long report's form is some 50 KB). With every value bounded by
:data:`~docgen.templating.MAX_TEXT` characters, a document docgen renders stays far inside the
bounds ``check`` applies to a .docx (:data:`docgen.check.reader.MAX_PART_BYTES`), so docgen
never writes a file its own checker would refuse as too large."""

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
"""Characters no clerk types and YAML refuses: C0 and C1 controls (Tab and line breaks
allowed), DEL, the non-characters U+FFFE/U+FFFF."""
LITERAL_TAG = "!chu"
"""YAML tag of a value that is text only, never Jinja: ``trich_yeu: !chu "{{ x }}"`` prints
the braces. :func:`docgen.forms.dump_form` writes it for values taken from documents."""


@dataclass
class YamlSource:
    """A parsed YAML document: plain data plus the line of every value (1-based)."""

    file: Path | str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    """Line where each value's text starts; for a block scalar (``|``) its first content line."""
    literal: set[Path_] = field(default_factory=set)
    """Values tagged ``!chu``: plain text, never rendered as Jinja."""

    def line_of(self, path: Path_) -> int | None:
        """The line of ``path`` or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None


def load_yaml_text(text: str, file: Path | str) -> YamlSource:
    """Parse ``text`` (the content of ``file``) into a :class:`YamlSource`.

    Raises :class:`DocgenError` naming the line for broken YAML and duplicate keys.
    """
    _check_controls(text, file)
    try:
        return _load(text, file)
    except RecursionError:
        raise FormError(Problem(_("YAML lồng nhau quá sâu"), file=file,
                                hint=_("Biểu mẫu chỉ cần vài cấp thụt lề."))) from None


def _check_controls(text: str, file: Path | str) -> None:
    """Refuse an invisible control character, naming its line and column (PyYAML's own
    message is English and gives a character offset)."""
    m = CONTROL.search(text)
    if m is None:
        return
    line = text.count("\n", 0, m.start()) + 1
    column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
    raise FormError(Problem(
        _("có ký tự điều khiển vô hình {char} trong tệp").format(char=f"U+{ord(m.group()):04X}"),
        file=file, line=line, column=column,
        hint=_("Xóa ký tự đó (thường lẫn vào khi chép từ phần mềm khác): gõ lại đoạn chữ quanh "
               "vị trí này.")))


def _load(text: str, file: Path | str) -> YamlSource:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        raise FormError(_syntax_problem(exc, text, file)) from None
    except yaml.YAMLError as exc:
        raise FormError(Problem(_("YAML không đúng cú pháp: {problem}").format(problem=exc),
                                file=file)) from None
    source = YamlSource(file=file, data=None)
    source.data = {} if node is None else _convert(node, (), source, set())
    return source


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, file: Path | str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    hint = _("Kiểm tra thụt lề (dùng dấu cách, không dùng Tab), dấu hai chấm sau tên "
             "trường và dấu ngoặc kép đóng mở đủ cặp.")
    message = _yaml_problem(exc)
    column = None
    if mark is not None and str(exc.problem or "").startswith("found character '\\t'"):
        # Say where the Tab is: PyYAML reports any Tab it trips on as one that starts a token.
        row = text.splitlines()[mark.line] if mark.line < len(text.splitlines()) else ""
        column = mark.column + 1
        message, hint = _tab_problem(row, mark.column)
    return Problem(_("YAML không đúng cú pháp: {problem}").format(problem=message), file=file,
                   line=line, column=column, hint=hint)


def _tab_problem(row: str, column: int) -> tuple[str, str]:
    """Where on ``row`` the Tab at ``column`` (0-based) is, and how to fix it."""
    before = row[:column]
    if not before.strip():
        return _("có ký tự Tab ở đầu dòng"), _("Thụt lề bằng dấu cách, không dùng Tab.")
    if not row[column:].strip():
        message = _("có ký tự Tab ở cuối dòng")
    else:
        message = _("có ký tự Tab ở giữa dòng, sau '{text}'").format(text=before.strip()[-20:])
    return message, _("Thay Tab bằng dấu cách; nếu Tab là một phần của giá trị, đặt cả giá trị "
                      "trong dấu ngoặc kép.")


def load_yaml_file(path: Path) -> YamlSource:
    """Read and parse a UTF-8 YAML file (a BOM is allowed) of at most
    :data:`MAX_FORM_BYTES`; a FIFO or device is refused without waiting on it."""
    try:
        raw = read_limited(path, MAX_FORM_BYTES, what=_("biểu mẫu"))
    except DocgenError as exc:
        raise FormError(*exc.problems) from None
    if raw.startswith(b"PK\x03\x04"):
        raise FormError(_not_a_form(path))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FormError(
            Problem(
                _("tệp không phải UTF-8"),
                file=path,
                line=line,
                hint=_("Lưu lại tệp với bảng mã UTF-8 (trong Notepad: Save As → Encoding: "
                       "UTF-8)."),
            )
        ) from None
    return load_yaml_text(text, path)


def _not_a_form(path: Path) -> Problem:
    """An Office file given where a form (.yaml) is expected: say what to run instead."""
    suffix = Path(path).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return Problem(
            _("đây là bảng tính Excel, không phải biểu mẫu .yaml"), file=path,
            hint=_("Bảng danh sách dùng với lệnh batch: docgen batch <biểu mẫu>.yaml "
                   "--roster {path}").format(path=path))
    if suffix == ".docx":
        return Problem(
            _("đây là văn bản Word, không phải biểu mẫu .yaml"), file=path,
            hint=_("Để kiểm tra văn bản: docgen check {path}; để lấy biểu mẫu từ văn bản: "
                   "docgen extract {path}").format(path=path))
    return Problem(_("đây là tệp nén (Office hoặc zip), không phải biểu mẫu .yaml"), file=path,
                   hint=_("Biểu mẫu là tệp chữ .yaml; tạo mới bằng: docgen new"))


def _convert(node: yaml.Node, path: Path_, source: YamlSource, seen: set[int]) -> Any:
    line = node.start_mark.line + 1
    if node.tag == LITERAL_TAG:
        source.literal.add(path)
    if not isinstance(node, yaml.ScalarNode):
        # An alias (*name) to a list or group: a few lines of them expand to millions of
        # values, and a form never needs one.
        if id(node) in seen:
            raise FormError(Problem(
                _("dùng lại một nhóm hoặc danh sách bằng tham chiếu (&/*)"), file=source.file,
                line=line, hint=_("Chép lại giá trị thay vì dùng &tên và *tên.")))
        seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        if node.style in ("|", ">"):
            line += 1
        source.lines[path] = line
        if node.style is None and node.value in _NULLS and node.tag != LITERAL_TAG:
            return None
        if len(node.value) > MAX_TEXT:
            raise FormError(Problem(
                _("giá trị quá dài ({size} ký tự, giới hạn {limit})").format(
                    size=count_text(len(node.value)), limit=count_text(MAX_TEXT)),
                file=source.file, line=line, field=".".join(str(p) for p in path) or None,
                hint=_("Một văn bản hành chính chỉ dài vài trang; kiểm tra lại giá trị này.")))
        return nfc(node.value)
    source.lines[path] = line
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*path, i), source, seen) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise FormError(
                    Problem(_("tên trường phải là chữ"), file=source.file,
                            line=key_node.start_mark.line + 1)
                )
            key = nfc(key_node.value)
            if key in out:
                dotted = ".".join(str(p) for p in (*path, key))
                raise FormError(
                    Problem(
                        _("trường '{key}' được ghi hai lần").format(key=key),
                        file=source.file,
                        line=key_node.start_mark.line + 1,
                        field=dotted,
                        hint=_("Xóa một trong hai dòng; docgen không tự chọn giá trị nào."),
                    )
                )
            out[key] = _convert(value_node, (*path, key), source, seen)
        return out
    raise FormError(Problem(_("không đọc được giá trị"), file=source.file, line=line))


_YAML_PROBLEMS = {
    "found character '\\t' that cannot start any token": N_("có ký tự Tab ở đầu dòng"),
    "found character": N_("giá trị bắt đầu bằng ký tự đặc biệt (đặt cả giá trị trong dấu ngoặc "
                          "kép)"),
    "mapping values are not allowed here": N_("dấu hai chấm ở chỗ không hợp lệ (giá trị có dấu "
                                              "':' phải đặt trong dấu ngoặc kép)"),
    "could not find expected ':'": N_("thiếu dấu ':' sau tên trường"),
    "found unexpected end of stream": N_("tệp kết thúc khi dấu ngoặc kép chưa đóng"),
    "found unknown escape character": N_("dấu '\\' trong ngoặc kép không hợp lệ (dùng ngoặc "
                                         "đơn)"),
    "expected ',' or ']'": N_("danh sách [...] thiếu dấu ']' đóng hoặc thiếu dấu phẩy"),
    "expected ',' or '}'": N_("nhóm {...} thiếu dấu '}' đóng hoặc thiếu dấu phẩy"),
    "expected <block end>": N_("thụt lề không thẳng hàng, hoặc có chữ sau dấu ngoặc kép đóng"),
    "found undefined alias": N_("tham chiếu (*) đến tên chưa khai báo"),
}


def _yaml_problem(exc: yaml.MarkedYAMLError) -> str:
    """PyYAML's problem (English, matched by its start) in the clerk's words and language."""
    problem = str(exc.problem or exc.context or "")
    for pyyaml_text, message in _YAML_PROBLEMS.items():
        if problem.startswith(pyyaml_text):
            return _(message)
    return problem
