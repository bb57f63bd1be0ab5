"""Forms that arrive over HTTP: JSON or YAML text in, :class:`~docgen.forms.FormSpec` out.

The web desk reads a form exactly as ``docgen render`` reads a file (one reader, one set of
messages): the text is written into a private temporary folder and read with
:func:`~docgen.forms.read_form`. Nothing from the request names a file: ``mau`` must be one of
the bundled templates, and ``dung_chung`` always means the agency profile kept by the server
(``dung-chung.yaml`` in its data folder), which is also applied to a form that names none — the
profile fills only the fields the form and its template leave out, as ``dung_chung`` does.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml

from ..errors import DocgenError, Problem
from ..forms import FormSpec, list_templates, read_form
from ..i18n import N_, _
from ..models import VanBan
from ..yamlsrc import YamlSource, load_yaml_text

PROFILE_FILE = "dung-chung.yaml"
FORM_LABEL = N_("biểu mẫu")
PROFILE_LABEL = N_("hồ sơ cơ quan")
"""How a form and the agency profile sent over HTTP are named in messages (translated with
``_()`` where used): they have no file name of their own."""
EXTRA_KEY = "truong_khac"
"""JSON key whose value is YAML text of more fields (those of a kind the page has no box for)."""

_DUNG_CHUNG_LINE = re.compile(r"^(dung_chung\s*:\s*).*$")


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Lines of text as block scalars (``|-``), unwrapped: docgen's YAML reader (pure Python)
    reads them about three times faster than quoted scalars, and the page sends a form with
    every pause in typing."""


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_text)
# The form is read from a private folder in memory where the system has one: a form arrives
# with every keystroke of the Soạn page, and a disk folder costs more than the reading.
_SCRATCH = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None


def form_text_from_json(data: Any) -> str:
    """YAML text of a JSON form (the page's fields), with :data:`EXTRA_KEY` merged in."""
    return _json_form(data)[0]


def _json_form(data: Any) -> tuple[str, dict[str, Any]]:
    if not isinstance(data, dict):
        raise DocgenError(Problem(
            _('biểu mẫu phải là một nhóm trường {{"tên": giá trị}}').format(),
            hint=_("Gửi JSON dạng {example}.").format(example='{"trich_yeu": "…", …}')))
    data = dict(data)
    extra = data.pop(EXTRA_KEY, None)
    if isinstance(extra, str) and extra.strip():
        source = load_yaml_text(extra, _("các trường khác"))
        if not isinstance(source.data, dict):
            raise DocgenError(Problem(
                _("các trường khác phải là các dòng 'tên_trường: giá trị'"), field=EXTRA_KEY))
        for key, value in source.data.items():
            data.setdefault(key, value)
    data = {key: value for key, value in data.items() if not _empty(value)}
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1 << 20)
    return text, data


def _empty(value: Any) -> bool:
    if value is None or value == "" or value == []:
        return True
    if isinstance(value, dict):
        return all(_empty(v) for v in value.values())
    return False


def request_text(body: bytes, content_type: str | None) -> tuple[str, bool]:
    """The form text of a request body and whether it came as JSON (then lines mean nothing)."""
    text, data = _request_form(body, content_type)
    return text, data is not None


def _request_form(body: bytes, content_type: str | None) -> tuple[str, dict[str, Any] | None]:
    """The form text of a request body, and its values when it came as JSON."""
    kind = (content_type or "application/json").split(";")[0].strip().lower()
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DocgenError(Problem(_("nội dung gửi lên không phải UTF-8"),
                                  hint=_("Lưu biểu mẫu với bảng mã UTF-8 rồi gửi lại."))) from None
    if kind in ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml",
                "text/plain"):
        return text, None
    if kind != "application/json":
        raise DocgenError(Problem(_("không nhận kiểu nội dung '{kind}'").format(kind=kind),
                                  hint=_("Gửi JSON (application/json) hoặc YAML "
                                         "(application/yaml).")))
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise DocgenError(Problem(_("JSON không đúng cú pháp: {error}").format(error=exc),
                                  hint=_("Kiểm tra dấu ngoặc và dấu phẩy."))) from None
    if isinstance(data, dict) and isinstance(data.get("form"), dict):
        data = data["form"]  # {"form": {...}} as well as the bare form
    return _json_form(data)


def read_request_form(text: str, profile: str | None,
                      data: dict[str, Any] | None = None) -> FormSpec:
    """The form in ``text`` with the server's agency ``profile`` (YAML text) applied.

    ``data`` is the form's values when the caller has them already (a JSON form), which saves
    parsing the text twice. Raises :class:`DocgenError` located in the form (``file`` is
    ``biểu mẫu``).
    """
    source = None
    if data is None:
        source = load_yaml_text(text, _(FORM_LABEL))
        data = source.data

    def line_of(key: str) -> int | None:  # a JSON form has no lines
        return source.line_of((key,)) if source is not None else None

    if isinstance(data, dict):
        _known_template(data.get("mau"), line_of)
        if "dung_chung" in data:
            if profile is None:
                raise DocgenError(Problem(
                    _("máy chủ chưa có hồ sơ cơ quan (dung_chung)"), file=_(FORM_LABEL),
                    line=line_of("dung_chung"), field="dung_chung",
                    hint=_("Điền trang 'Hồ sơ cơ quan' trước, hoặc bỏ dòng dung_chung.")))
            text = _point_profile(text, source or load_yaml_text(text, _(FORM_LABEL)))
    with tempfile.TemporaryDirectory(prefix="docgen-web-", dir=_SCRATCH) as tmp:
        form_path = Path(tmp) / "bieu-mau.yaml"
        form_path.write_text(text, encoding="utf-8")
        if profile is not None:
            (Path(tmp) / PROFILE_FILE).write_text(profile, encoding="utf-8")
        try:
            spec = read_form(form_path)
        except DocgenError as exc:
            raise _relabel(exc, tmp) from None
    _label_sources(spec, tmp)
    if profile is not None and not (isinstance(data, dict) and "dung_chung" in data):
        extra = _profile_source(profile, _(PROFILE_LABEL))
        if isinstance(extra.data, dict):
            for key, value in extra.data.items():
                if key not in spec.values:
                    spec.values[key] = value
                    spec.origins[key] = (extra, ())
    spec.path = Path(_(FORM_LABEL))
    return spec


def _known_template(mau: Any, line_of: Any) -> None:
    """Refuse a ``mau`` that is not a bundled template (nothing from a request names a file)."""
    if mau is None:
        return
    names = [t.name for t in list_templates()]
    if mau not in names:
        raise DocgenError(Problem(
            _("không có mẫu '{name}'").format(name=mau), file=_(FORM_LABEL),
            line=line_of("mau"), field="mau",
            hint=_("Các mẫu có sẵn: {names}.").format(names=", ".join(names))))


def read_document(body: bytes, content_type: str | None, profile: str | None) -> VanBan:
    """Request body → validated document, or :class:`DocgenError` (lines dropped for JSON)."""
    text, data = _request_form(body, content_type)
    try:
        return read_request_form(text, profile, data).build()
    except DocgenError as exc:
        if data is not None:
            raise without_lines(exc) from None
        raise


@functools.lru_cache(maxsize=4)
def _profile_source(profile: str, label: str) -> YamlSource:
    # Parsed once per profile text (and language of its label): the profile changes rarely,
    # forms arrive many times a second. Read-only to its users (the merge copies values out).
    return load_yaml_text(profile, label)


def without_lines(exc: DocgenError) -> DocgenError:
    """``exc`` without line numbers: lines of a form sent as JSON point nowhere."""
    return DocgenError(*[Problem(**{**p.__dict__, "line": None}) for p in exc.problems])


def batch_form_text(text: str, profile: str | None) -> str:
    """The form as a batch job keeps it: ``dung_chung`` names the job's copy of the profile.

    A form without ``dung_chung`` gets the line appended (its other lines keep their numbers);
    a form in flow style (``{…}``) is kept as it is.
    """
    source = load_yaml_text(text, _(FORM_LABEL))
    if profile is None or not isinstance(source.data, dict):
        return text
    if "dung_chung" in source.data:
        return _point_profile(text, source)
    if text.lstrip().startswith("{"):
        return text
    return text + ("" if text.endswith("\n") or not text else "\n") + \
        f"dung_chung: {PROFILE_FILE}\n"


def _point_profile(text: str, source: YamlSource) -> str:
    line = source.line_of(("dung_chung",))
    lines = text.splitlines(keepends=True)
    if line is None or not _DUNG_CHUNG_LINE.match(lines[line - 1]):
        raise DocgenError(Problem(
            _("ghi dung_chung trên một dòng: 'dung_chung: tên-tệp.yaml'"), file=_(FORM_LABEL),
            line=line, field="dung_chung"))
    end = "\n" if lines[line - 1].endswith("\n") else ""
    lines[line - 1] = _DUNG_CHUNG_LINE.sub(rf"\g<1>{PROFILE_FILE}", lines[line - 1].rstrip("\n"))
    lines[line - 1] += end
    return "".join(lines)


def _label(file: object, tmp: str) -> object:
    if file is None:
        return None
    text = str(file)
    if not text.startswith(tmp):
        return Path(text).name if "/" in text else text  # a bundled template: its name only
    return _(PROFILE_LABEL) if text.endswith(PROFILE_FILE) else _(FORM_LABEL)


def _relabel(exc: DocgenError, tmp: str) -> DocgenError:
    return DocgenError(*[Problem(**{**p.__dict__, "file": _label(p.file, tmp)})
                         for p in exc.problems])


def _label_sources(spec: FormSpec, tmp: str) -> None:
    sources = [origin[0] for origin in spec.origins.values()]
    if spec.source is not None:
        sources.append(spec.source)
    if spec.template is not None:
        sources.append(spec.template.source)
    for source in sources:
        source.file = _label(source.file, tmp)  # type: ignore[assignment]


def problems_json(exc: DocgenError) -> list[dict[str, Any]]:
    """The problems as the API returns them: field, line, message, hint (and row, file)."""
    out = []
    for p in exc.problems:
        item: dict[str, Any] = {"field": p.field, "line": p.line, "message": p.message,
                                "hint": p.hint}
        if p.row is not None:
            item["row"] = p.row
        if p.file is not None:
            item["file"] = Path(str(p.file)).name  # never a folder of the server
        out.append(item)
    return out


def document_fields(van_ban: VanBan) -> dict[str, Any]:
    """The document as the page's fields (dates dd/mm/yyyy)."""
    data = van_ban.model_dump(mode="json", exclude_none=True)
    if van_ban.ngay is not None:
        data["ngay"] = van_ban.ngay.strftime("%d/%m/%Y")
    return data


def raw_fields(text: str) -> dict[str, Any]:
    """A form's own values (the starter of a kind, a saved profile), not validated."""
    source = load_yaml_text(text, _(FORM_LABEL))
    return source.data if isinstance(source.data, dict) else {}


def editable_fields(text: str, profile: str | None) -> dict[str, Any]:
    """A form's fields for the Soạn page, also when it does not validate yet.

    A template's text is rendered where it can be; the keys the page has no box for (``mau``,
    ``tham_so``, ``dung_chung``: the server's profile applies anyway) are dropped.
    """
    fields = raw_fields(text)
    with contextlib.suppress(DocgenError):  # else the raw values; the preview shows the errors
        fields = {**fields, **read_request_form(text, profile).resolve()}
    for key in ("mau", "tham_so", "dung_chung"):
        fields.pop(key, None)
    return fields


PAGE_FIELDS = ("loai", "co_quan", "don_vi_soan_thao", "so", "dia_danh", "ngay", "do_khan",
               "trich_yeu", "kinh_gui", "noi_dung", "noi_nhan", "luu", "nguoi_ky")
"""Fields the Soạn page has a box for; the rest go to its 'Các trường khác' box as YAML."""


def page_fields(data: dict[str, Any]) -> dict[str, Any]:
    """``{"fields": …, "truong_khac": …}``: ``data`` split for the Soạn page."""
    fields = {k: v for k, v in data.items() if k in PAGE_FIELDS}
    extra = {k: v for k, v in data.items() if k not in PAGE_FIELDS}
    text = yaml.safe_dump(extra, allow_unicode=True, sort_keys=False) if extra else ""
    return {"fields": fields, "truong_khac": text}
