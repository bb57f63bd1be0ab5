"""Reading clerk-written YAML: every scalar stays text, every value keeps its line number.

PyYAML's resolver reads ``01`` as 1, ``010`` as 8 and ``NO`` as False, and keeps the last of two
duplicate keys silently. We compose the node tree instead and convert it ourselves: scalars
stay strings (pydantic turns ``"05"`` into 5 where a number is wanted), ``null``/``~``/empty mean
"not given", duplicate keys are an error, and each value remembers where it was written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import DocgenError, Problem
from .text import nfc

Path_ = tuple[str | int, ...]

_NULLS = {"", "~", "null", "Null", "NULL"}


@dataclass
class YamlSource:
    """A parsed YAML document: plain data plus the line of every value (1-based)."""

    file: Path | str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    """Line where each value's text starts; for a block scalar (``|``) its first content line."""

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
    try:
        return _load(text, file)
    except RecursionError:
        raise DocgenError(Problem("YAML lồng nhau quá sâu", file=file,
                                  hint="Biểu mẫu chỉ cần vài cấp thụt lề.")) from None


def _load(text: str, file: Path | str) -> YamlSource:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise DocgenError(
            Problem(
                f"YAML không đúng cú pháp: {_yaml_problem_vi(exc)}",
                file=file,
                line=line,
                hint="Kiểm tra thụt lề (dùng dấu cách, không dùng Tab), dấu hai chấm sau tên "
                "trường và dấu ngoặc kép đóng mở đủ cặp.",
            )
        ) from None
    except yaml.YAMLError as exc:
        raise DocgenError(Problem(f"YAML không đúng cú pháp: {exc}", file=file)) from None
    source = YamlSource(file=file, data=None)
    source.data = {} if node is None else _convert(node, (), source, set())
    return source


def load_yaml_file(path: Path) -> YamlSource:
    """Read and parse a UTF-8 YAML file (a BOM is allowed)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DocgenError(
            Problem("không tìm thấy tệp", file=path, hint="Kiểm tra lại tên và thư mục của tệp.")
        ) from None
    except OSError as exc:
        raise DocgenError(Problem(f"không đọc được tệp ({exc.strerror})", file=path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DocgenError(
            Problem(
                "tệp không phải UTF-8",
                file=path,
                line=line,
                hint="Lưu lại tệp với bảng mã UTF-8 (trong Notepad: Save As → Encoding: UTF-8).",
            )
        ) from None
    return load_yaml_text(text, path)


def _convert(node: yaml.Node, path: Path_, source: YamlSource, seen: set[int]) -> Any:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.ScalarNode):
        # An alias (*name) to a list or group: a few lines of them expand to millions of
        # values, and a form never needs one.
        if id(node) in seen:
            raise DocgenError(Problem(
                "dùng lại một nhóm hoặc danh sách bằng tham chiếu (&/*)", file=source.file,
                line=line, hint="Chép lại giá trị thay vì dùng &tên và *tên."))
        seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        if node.style in ("|", ">"):
            line += 1
        source.lines[path] = line
        if node.style is None and node.value in _NULLS:
            return None
        return nfc(node.value)
    source.lines[path] = line
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*path, i), source, seen) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise DocgenError(
                    Problem("tên trường phải là chữ", file=source.file,
                            line=key_node.start_mark.line + 1)
                )
            key = nfc(key_node.value)
            if key in out:
                dotted = ".".join(str(p) for p in (*path, key))
                raise DocgenError(
                    Problem(
                        f"trường '{key}' được ghi hai lần",
                        file=source.file,
                        line=key_node.start_mark.line + 1,
                        field=dotted,
                        hint="Xóa một trong hai dòng; docgen không tự chọn giá trị nào.",
                    )
                )
            out[key] = _convert(value_node, (*path, key), source, seen)
        return out
    raise DocgenError(Problem("không đọc được giá trị", file=source.file, line=line))


_YAML_PROBLEMS = {
    "found character '\\t' that cannot start any token": "có ký tự Tab ở đầu dòng",
    "found character": "giá trị bắt đầu bằng ký tự đặc biệt (đặt cả giá trị trong dấu ngoặc kép)",
    "mapping values are not allowed here": "dấu hai chấm ở chỗ không hợp lệ (giá trị có dấu ':' "
    "phải đặt trong dấu ngoặc kép)",
    "could not find expected ':'": "thiếu dấu ':' sau tên trường",
    "found unexpected end of stream": "tệp kết thúc khi dấu ngoặc kép chưa đóng",
    "found unknown escape character": "dấu '\\' trong ngoặc kép không hợp lệ (dùng ngoặc đơn)",
    "expected ',' or ']'": "danh sách [...] thiếu dấu ']' đóng hoặc thiếu dấu phẩy",
    "expected ',' or '}'": "nhóm {...} thiếu dấu '}' đóng hoặc thiếu dấu phẩy",
    "expected <block end>": "thụt lề không thẳng hàng, hoặc có chữ sau dấu ngoặc kép đóng",
    "found undefined alias": "tham chiếu (*) đến tên chưa khai báo",
}


def _yaml_problem_vi(exc: yaml.MarkedYAMLError) -> str:
    problem = str(exc.problem or exc.context or "")
    for english, vietnamese in _YAML_PROBLEMS.items():
        if problem.startswith(english):
            return vietnamese
    return problem
