"""Starter form files with a Vietnamese comment on every field (``docgen new``).

A starter is made of two parts: the agency head every kind shares (:data:`_HEAD`: agency, number,
place, date) and the kind's own starter file, ``templates/loai/<kind>.yaml`` (title, body, the
kind's own blocks, recipients, signer). A kind file may set a head key itself (a nghị quyết is
issued by the Hội đồng nhân dân, not the Ủy ban): its block then replaces the shared one. A
starter for a content template (``mau:``) is the starter of the template's kind with the keys the
template fills left out and its ``tham_so`` listed, each with its description.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import DocgenError, Problem
from .forms import Template, find_template, list_templates, load_template, template_dirs
from .i18n import _
from .kinds import KINDS, Kind
from .models import did_you_mean

KIND_FOLDER = "loai"
"""Sub-folder of a template folder holding one starter form per kind."""

_INTRO = """\
# Biểu mẫu văn bản cho docgen. Sửa giá trị sau dấu hai chấm; dòng bắt đầu bằng # là chú thích.
# Soạn văn bản: docgen render <tệp này> -o van-ban.docx   Kiểm tra: docgen check van-ban.docx
"""

_HEAD = """\
co_quan:                              # cơ quan ban hành văn bản
  chu_quan: null                      # cơ quan chủ quản (nếu có), ví dụ: UBND HUYỆN SA THẦY
  ten: [ỦY BAN NHÂN DÂN, XÃ SA THẦY]   # tên cơ quan ban hành, mỗi phần tử một dòng
  viet_tat: UBND                      # chữ viết tắt dùng trong ký hiệu
don_vi_soan_thao: VHXH                # đơn vị soạn thảo: công văn ghi UBND-VHXH; dòng Lưu ghi VHXH
so: null                              # null: để trống cho văn thư ghi số; 5 → Số: 05/...
dia_danh: Sa Thầy                     # địa danh ghi trước ngày tháng
ngay: null                            # null: để trống ngày tháng; hoặc 20/11/2025
nam: null                             # năm in khi để trống ngày (null: năm nay)
do_khan: null                         # null | khan | thuong-khan | hoa-toc
"""

_OPTIONAL_NOTE = ("# Không bắt buộc (bỏ dấu # đầu dòng để dùng; có thể ghi một lần trong tệp "
                  "dung_chung):\n")
_HEAD_OPTIONAL = (
    ("luu_hanh", "# luu_hanh: LƯU HÀNH NỘI BỘ           "
                 "# dấu trong khung dưới số: LƯU HÀNH NỘI BỘ | XEM XONG TRẢ LẠI\n"),
    ("dia_chi", '# dia_chi: "Địa chỉ: thôn Tân Sang, xã Sa Thầy; ĐT: 0260 3821 234"   '
                "# dòng cuối trang 1\n"),
)
"""Header extras of Phụ lục I every kind may carry, shown commented out."""

_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):")


@dataclass
class _Blocks:
    """A form text cut at its top-level keys; comment lines go with the key below them."""

    preamble: str
    blocks: list[tuple[str, str]]

    def keys(self) -> set[str]:
        return {key for key, _ in self.blocks}


def _cut(text: str) -> _Blocks:
    lines = text.splitlines(keepends=True)
    preamble: list[str] = []
    blocks: list[tuple[str, str]] = []
    pending: list[str] = []
    for line in lines:
        match = _KEY.match(line)
        if match:
            blocks.append((match.group(1), "".join(pending) + line))
            pending = []
        elif blocks and line[:1] in (" ", "\t") and not pending:
            key, body = blocks[-1]
            blocks[-1] = (key, body + line)
        elif not blocks and (line.startswith("#") or not line.strip()):
            preamble.append(line)
        else:
            pending.append(line)
    if pending and blocks:  # trailing comments (an optional key shown commented out)
        key, body = blocks[-1]
        blocks[-1] = (key, body + "".join(pending))
    return _Blocks("".join(preamble), blocks)


def kind_starter_path(kind: str) -> Path | None:
    """The starter file of ``kind`` (``templates/loai/<kind>.yaml``), or None."""
    for directory in template_dirs():
        candidate = directory / KIND_FOLDER / f"{kind}.yaml"
        if candidate.is_file():
            return candidate
    return None


def starter_kinds() -> list[Kind]:
    """Every kind that has a starter form, in the order of Phụ lục III."""
    return [kind for kind in KINDS.values() if kind_starter_path(kind.slug) is not None]


def _kind_text(kind: str) -> str:
    path = kind_starter_path(kind)
    if path is None:
        raise DocgenError(Problem(_("chưa có biểu mẫu ban đầu cho loại '{kind}'").format(kind=kind),
                                  hint=_("Chạy 'docgen templates' để xem các loại có sẵn.")))
    return path.read_text("utf-8")


def _compose(kind_text: str, leave_out: set[str], inserted: str = "") -> str:
    """Intro, the kind's own header comment, ``inserted`` (a template's ``mau``/``tham_so``),
    ``loai``, the shared head (a key the kind file sets takes the shared block's place), the
    optional head keys as comments, then the rest of the kind file; ``leave_out`` keys dropped."""
    kind = _cut(kind_text)
    own = dict(kind.blocks)
    head = [own.get(key, body) for key, body in _cut(_HEAD).blocks if key not in leave_out]
    optional = [line for key, line in _HEAD_OPTIONAL if key not in leave_out | kind.keys()]
    if optional:
        head.append(_OPTIONAL_NOTE + "".join(optional))
    loai = [body for key, body in kind.blocks if key == "loai" and key not in leave_out]
    shared = {key for key, _ in _cut(_HEAD).blocks} | {"loai"}
    rest = [body for key, body in kind.blocks if key not in shared | leave_out]
    return _INTRO + kind.preamble + inserted + "".join(loai + head + rest)


def _scalar(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)  # JSON is YAML's flow style
    text = str(value)
    if isinstance(value, int) or (text.isdigit() and not text.startswith("0")):
        return text
    if text and all(ch.isalnum() or ch in " ,-/" for ch in text) and not text[0].isdigit():
        return text
    return json.dumps(text, ensure_ascii=False)


def _params(template: Template) -> str:
    lines = [f"# Mẫu nội dung '{template.name}': {template.ten}.",
             "# docgen viết phần nội dung từ các tham số dưới đây; sửa tham số, không cần sửa mẫu.",
             f"mau: {template.name}",
             "tham_so:                              # giá trị cho từng chỗ trống của mẫu"]
    for param in template.params:
        optional = "" if param.bat_buoc else " (không bắt buộc)"
        comment = f"# {param.mo_ta}{optional}"
        if isinstance(param.vi_du, list | dict) and param.vi_du:
            # A list of rows reads best one row per line, as the clerk will extend it.
            rows = isinstance(param.vi_du, list) and all(isinstance(v, dict)
                                                         for v in param.vi_du)
            block = yaml.safe_dump(param.vi_du, allow_unicode=True, sort_keys=False,
                                   default_flow_style=None if rows else False, width=1000)
            lines.append(f"  {param.name}:   {comment}")
            lines += [f"    {line}" for line in block.splitlines()]
        else:
            lines.append(f"  {param.name}: {_scalar(param.vi_du)}   {comment}")
    return "\n".join(lines) + "\n"


def _unknown(name: str) -> DocgenError:
    kinds = [k.slug for k in starter_kinds()]
    templates = [t.name for t in list_templates()]
    close = difflib.get_close_matches(name, kinds + templates, n=1)
    listing = _("Chạy 'docgen templates' để xem các loại văn bản và mẫu nội dung có sẵn.")
    return DocgenError(Problem(
        _("không có loại văn bản hay mẫu nội dung '{name}'").format(name=name),
        hint=did_you_mean(close[0], listing) if close else listing,
    ))


def starter_form(name: str = "cong-van") -> str:
    """The text of a new form file for kind or content template ``name``.

    A kind (``quyet-dinh``) gives its blank form with a comment on every field; a content
    template (``gia-han``) gives the form that uses it (``mau:`` and its ``tham_so``).
    """
    if name in {k.slug for k in starter_kinds()}:
        return _compose(_kind_text(name), set())
    try:
        template = load_template(find_template(name))
    except DocgenError:
        raise _unknown(name) from None
    kind = str(template.fields.get("loai") or "cong-van")
    return _compose(_kind_text(kind), set(template.fields), _params(template))
