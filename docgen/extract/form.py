"""Validation with a net (what the form cannot take is named, never fatal) and the form file
(YAML) an extraction is written as."""

from __future__ import annotations

import copy
from typing import Any

import yaml
from pydantic import ValidationError

from ..errors import Problem
from ..i18n import N_, _
from ..models import VanBan, validation_problems
from ..templating import has_jinja
from ..yamlsrc import LITERAL_TAG
from .omissions import Extraction, Omission, _Reading

_FIELD_LABELS = {
    "dia_danh": N_("địa danh (dòng '<Địa danh>, ngày … tháng … năm …')"),
    "trich_yeu": N_("trích yếu"), "noi_dung": N_("nội dung"), "kinh_gui": N_("nơi Kính gửi"),
    "co_quan.ten": N_("tên cơ quan ban hành"), "co_quan.viet_tat": N_("chữ viết tắt tên cơ quan"),
    "nguoi_ky.chuc_vu": N_("chức vụ người ký"), "nguoi_ky.ho_ten": N_("họ tên người ký"),
    "don_vi_soan_thao": N_("đơn vị soạn thảo (sau dấu '-' của ký hiệu)"),
    "ky_hieu": N_("ký hiệu văn bản"), "so": N_("số văn bản"),
    "tham_quyen": N_("thẩm quyền ban hành"),
    "gioi_thieu.gia_tri_den": N_("ngày giấy giới thiệu hết giá trị (gia_tri_den)"),
    "nghi_phep.ngay_don": N_("ngày của đơn xin nghỉ phép (ngay_don)"),
    "nghi_phep.tu_ngay": N_("ngày bắt đầu nghỉ (tu_ngay)"),
    "nghi_phep.den_ngay": N_("ngày nghỉ cuối cùng (den_ngay)"),
}


# What a required value the document lacks is written as: visibly a blank to fill in.
_PLACEHOLDERS: dict[str, Any] = {
    "dia_danh": "Địa danh", "trich_yeu": "…", "noi_dung": "…", "kinh_gui": ["…"],
    "co_quan.ten": ["TÊN CƠ QUAN"], "co_quan.viet_tat": "CQ", "nguoi_ky.chuc_vu": "…",
    "nguoi_ky.ho_ten": "…", "don_vi_soan_thao": "VP", "nguoi_ky": {"chuc_vu": "…",
                                                                    "ho_ten": "…"},
}


def _get(data: dict[str, Any], path: tuple[Any, ...]) -> Any:
    value: Any = data
    for key in path:
        if (isinstance(value, dict) and key in value) or (
                isinstance(value, list) and isinstance(key, int) and key < len(value)):
            value = value[key]
        else:
            return None
    return value


def _drop(data: dict[str, Any], path: tuple[Any, ...]) -> bool:
    parent = _get(data, path[:-1]) if len(path) > 1 else data
    key = path[-1]
    if isinstance(parent, dict) and key in parent:
        del parent[key]
        return True
    if isinstance(parent, list) and isinstance(key, int) and key < len(parent):
        del parent[key]
        return True
    return False


def _set(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    parent: Any = data
    for key in path[:-1]:
        if isinstance(parent, dict):
            parent = parent.setdefault(key, {})
        else:
            return
    if isinstance(parent, dict):
        parent[path[-1]] = copy.deepcopy(value)


def _label(dotted: str, default: str) -> str:
    """A field in words for the clerk (``trích yếu``), ``default`` when docgen has none."""
    return _(_FIELD_LABELS[dotted]) if dotted in _FIELD_LABELS else default


def _to_fill(name: str, dotted: str, message: str, error_type: str) -> Problem:
    """A value the form still needs, in words for the clerk who now holds the form file."""
    if error_type == "missing":
        message = _("văn bản gốc không ghi giá trị này")
    # The message names the field itself (in words when docgen has them), so no field= here.
    return Problem(_("{field}: {problem}").format(field=_label(dotted, f"({dotted})"),
                                                   problem=message), file=name,
                   hint=_("Điền các giá trị đó vào tệp biểu mẫu vừa ghi (dòng ghi trong "
                          "ngoặc), rồi chạy docgen render với tệp đó."))


def _validate(data: dict[str, Any], rd: _Reading, name: str) -> VanBan | None:
    """The form as a :class:`VanBan`; None (and ``rd.problems``) when it cannot be one yet."""
    unfillable: set[str] = set()
    filled: dict[str, Omission] = {}
    for _attempt in range(12):
        try:
            return VanBan.model_validate(data)
        except ValidationError as exc:
            errors = exc.errors()
            explained = validation_problems(exc)
        changed = False
        for err, (dotted, message, _hint) in zip(errors, explained, strict=False):
            path: tuple[Any, ...] = tuple(dotted.split(".")) if dotted else tuple(err["loc"])
            path = tuple(int(p) if isinstance(p, str) and p.isdigit() else p for p in path)
            key = ".".join(str(p) for p in path)
            label = _label(key, key)
            if err["type"] in ("missing", "too_short") or _get(data, path) in (None, "", []):
                blank = _PLACEHOLDERS.get(key, ["…"] if err["type"] == "too_short" or
                                          isinstance(_get(data, path), list) else "…")
                if key not in filled and key not in unfillable:
                    _set(data, path, blank)
                    shown = blank[0] if isinstance(blank, list) else blank
                    rd.omit(_("không thấy {field} trong văn bản; đã ghi tạm '{placeholder}' để "
                              "điền sau").format(field=label, placeholder=shown), "", lost=False,
                            fill_in=True)
                    filled[key] = rd.omissions[-1]
                    changed = True
                    continue
                unfillable.add(key)
                continue
            value = _get(data, path)
            if isinstance(path[-1], int) and value in ("", None) and _drop(data, path):
                changed = True
                continue
            if key in filled and _drop(data, path):
                # Our own placeholder does not fit (a date): the value is to be filled in.
                rd.omissions.remove(filled.pop(key))
                unfillable.add(key)
                changed = True
                continue
            if _drop(data, path):
                text = value if isinstance(value, str) else (
                    " ".join(map(str, value)) if isinstance(value, list) else
                    " ".join(str(v) for v in value.values()) if isinstance(value, dict)
                    else str(value))
                text = rd.sources.get(key, text)  # the document's own line, when known
                if any(c.isalnum() for c in text):  # a template's dots are no content
                    rd.omit(_("{field} (mẫu văn bản không nhận được: {problem})").format(
                        field=label, problem=message), text)
                changed = True
        if not changed:
            rd.problems = [_to_fill(name, f, m, e["type"])
                           for e, (f, m, _h) in zip(errors, explained, strict=False)]
            return None
    rd.problems = [Problem(_("không dựng lại được biểu mẫu từ văn bản"), file=name)]
    return None


class _FormDumper(yaml.SafeDumper):
    """Multi-line text (the body) as a literal block, the way a clerk writes it; text that looks
    like Jinja tagged ``!chu``, so it stays text when the form is read again."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if has_jinja(value):
        return dumper.represent_scalar(LITERAL_TAG, value, style='"')
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_FormDumper.add_representer(str, _str)


def form_text(document: VanBan | Extraction, source: str | None = None) -> str:
    """The form file (YAML) of a document or an extraction, headed by where it came from.

    The fields :func:`docgen.forms.dump_form` writes, defaults left out and the body as a
    block; an extraction's omissions and missing values are listed in comments at the top, so
    the clerk sees them in the file too.
    """
    omissions: list[Omission] = []
    problems: list[Problem] = []
    van_ban: VanBan | None = document if isinstance(document, VanBan) else document.van_ban
    if isinstance(document, Extraction):
        omissions, problems = document.omissions, document.problems
    if van_ban is None:
        assert isinstance(document, Extraction)
        data = copy.deepcopy(document.form)
    else:
        data = van_ban.model_dump(mode="json", exclude_none=True)
        if van_ban.ngay is None:  # pinned, so the form renders the same next year
            data["nam"] = van_ban.nam_van_ban
    for group in [data, *(v for v in data.values() if isinstance(v, dict))]:
        for key in [k for k, v in group.items() if v in ([], {}, None)]:
            del group[key]  # empty values are the defaults: left out, as a clerk writes
    if isinstance(data.get("nguoi_ky"), dict) and data["nguoi_ky"].get("quyen") is False:
        del data["nguoi_ky"]["quyen"]
    for key, default in (("bo_cuc", "chuan"), ("cuoc_hop", "Cuộc họp")):
        if data.get(key) == default:
            del data[key]
    head = "# " + _("Trích từ {source} bằng docgen extract; sửa rồi chạy: docgen render <tệp "
                    "này>").format(source=source) + "\n" if source else ""
    for omission in omissions:
        head += "# " + _("Lưu ý: {warning}").format(warning=" ".join(
            omission.message().split())) + "\n"
    for problem in problems:
        head += "# " + _("Cần điền trước khi in: {problem}").format(
            problem=" ".join(problem.message.split())) + "\n"
    return head + yaml.dump(data, Dumper=_FormDumper, allow_unicode=True, sort_keys=False,
                            width=100)

