"""Reading clerk form files into :class:`~docgen.models.VanBan`.

A form file is YAML (see ``data/forms/``). Three sources are merged, later ones winning per
top-level key (no deep merge): the profile named by ``dung_chung``, the fields of the template
named by ``mau``, and the form itself. Every string value may contain Jinja, rendered with the
form's ``tham_so`` (and, in a batch, the roster row ``dong``) before validation.

:func:`read_form` does the file work once; :meth:`FormSpec.build` does the per-document work, so
a batch reads the form once and builds a document per row.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .errors import DocgenError, FormError, Problem
from .i18n import _
from .models import NESTED_MODELS, VanBan, did_you_mean, validation_details
from .templating import (
    MAX_TEXT,
    count_text,
    evaluate,
    has_jinja,
    render_string,
    runtime_reason,
)
from .yamlsrc import LITERAL_TAG, YamlSource, load_yaml_file

LOADER_KEYS = ("dung_chung", "mau", "tham_so")
"""Keys the loader consumes; the rest are document fields."""
DOCUMENT_KEYS = tuple(VanBan.model_fields)
TEMPLATE_KEYS = ("ten", "mo_ta", "phien_ban", "tham_so", "van_ban")

_PACKAGE_DIR = Path(__file__).resolve().parent


def template_dirs() -> list[Path]:
    """Where ``mau: NAME`` is looked up: ``$DOCGEN_TEMPLATES``, then the bundled templates."""
    dirs = []
    if os.environ.get("DOCGEN_TEMPLATES"):
        dirs.append(Path(os.environ["DOCGEN_TEMPLATES"]))
    # Installed wheels carry the templates inside the package; a source checkout beside it
    # (never a "templates" folder of site-packages, which may belong to anything).
    bundled = _PACKAGE_DIR / "_templates"
    if bundled.is_dir():
        dirs.append(bundled)
    elif (_PACKAGE_DIR.parent / "pyproject.toml").is_file():
        dirs.append(_PACKAGE_DIR.parent / "templates")
    return [d for d in dirs if d.is_dir()]


@dataclass(frozen=True)
class TemplateParam:
    """A parameter a template expects in ``tham_so``."""

    name: str
    mo_ta: str
    vi_du: Any = None
    bat_buoc: bool = True


@dataclass
class Template:
    """A body template: a partial form whose strings use Jinja with ``tham_so``."""

    name: str
    source: YamlSource
    ten: str
    mo_ta: str
    phien_ban: str
    params: list[TemplateParam]
    fields: dict[str, Any]


def list_templates() -> list[Template]:
    """Every bundled template, by name."""
    seen: dict[str, Template] = {}
    for directory in template_dirs():
        for path in sorted(directory.glob("*.yaml")):
            if path.stem not in seen:
                seen[path.stem] = load_template(path)
    return sorted(seen.values(), key=lambda t: t.name)


def find_template(name: str, relative_to: Path | None = None) -> Path:
    """The file of template ``name``: a bundled name, or a path relative to the form."""
    if relative_to is not None and name.endswith((".yaml", ".yml")):
        candidate = relative_to / name
        if candidate.is_file():
            return candidate
    for directory in template_dirs():
        candidate = directory / f"{name}.yaml"
        if candidate.is_file():
            return candidate
    names = [p.stem for d in template_dirs() for p in d.glob("*.yaml")]
    close = difflib.get_close_matches(name, names, n=1)
    available = _("Các mẫu có sẵn: {names}.").format(names=", ".join(sorted(set(names))))
    raise FormError(Problem(
        _("không có mẫu '{name}'").format(name=name), field="mau",
        hint=did_you_mean(close[0], available) if close else available,
    ))


def load_template(path: Path) -> Template:
    """Read a template file and check its shape."""
    source = load_yaml_file(path)
    data = source.data
    if not isinstance(data, dict):
        raise FormError(Problem(_("mẫu phải là một nhóm trường"), file=path, line=1))
    _check_keys(data, TEMPLATE_KEYS, source, ())
    fields = data.get("van_ban") or {}
    if not isinstance(fields, dict):
        raise FormError(Problem(_("van_ban phải là một nhóm trường"), file=path,
                                  line=source.line_of(("van_ban",)), field="van_ban"))
    _check_keys(fields, DOCUMENT_KEYS, source, ("van_ban",))
    declared = data.get("tham_so") or {}
    if not isinstance(declared, dict):
        raise FormError(Problem(_("tham_so của mẫu phải là một nhóm 'tên: {{mo_ta: …}}'"
                                    ).format(),
                                  file=path, line=source.line_of(("tham_so",)), field="tham_so"))
    params = []
    for name, spec in declared.items():
        spec = spec if isinstance(spec, dict) else {"mo_ta": str(spec or "")}
        params.append(TemplateParam(
            name=name,
            mo_ta=str(spec.get("mo_ta") or ""),
            vi_du=spec.get("vi_du"),
            bat_buoc=str(spec.get("bat_buoc", "true")).lower() not in ("false", "no", "0"),
        ))
    return Template(
        name=path.stem, source=source, ten=str(data.get("ten") or path.stem),
        mo_ta=str(data.get("mo_ta") or ""), phien_ban=str(data.get("phien_ban") or "1"),
        params=params, fields=fields,
    )


def _check_keys(data: dict[str, Any], allowed: tuple[str, ...], source: YamlSource,
                path: tuple[str | int, ...]) -> None:
    for key in data:
        if key in allowed:
            continue
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = did_you_mean(close[0]) if close else (
            _("Các trường được dùng: {fields}.").format(fields=", ".join(allowed)))
        raise FormError(Problem(
            _("trường '{key}' không có trong biểu mẫu").format(key=key), file=source.file,
            line=source.line_of((*path, key)), field=".".join(str(p) for p in (*path, key)),
            hint=hint,
        ))


@dataclass
class FormSpec:
    """A form file with its profile and template merged; Jinja not yet rendered.

    ``values`` maps each top-level document key to its raw value and ``origins`` to the
    :class:`YamlSource` (and path prefix inside it) it came from, for error locations.
    """

    path: Path
    values: dict[str, Any]
    origins: dict[str, tuple[YamlSource, tuple[str | int, ...]]]
    tham_so: dict[str, Any] = field(default_factory=dict)
    template: Template | None = None
    source: YamlSource | None = None
    """The form file itself, to locate errors in ``tham_so``."""

    @property
    def template_name(self) -> str | None:
        """``gia-han@1``: the template's name and version, for the archive register."""
        return f"{self.template.name}@{self.template.phien_ban}" if self.template else None

    def context(self, dong: Any = None) -> dict[str, Any]:
        """The names Jinja sees: each ``tham_so`` entry, ``tham_so`` itself and ``dong``.

        ``tham_so`` values may themselves use Jinja with ``dong`` (a batch form passes roster
        columns on to a template); a value that is a single ``{{ expression }}`` keeps the
        expression's type, so a number read from the roster stays a number.
        """
        base: dict[str, Any] = {"dong": dong if dong is not None else {},
                                "hom_nay": date.today()}
        tham_so = {key: self._param(key, value, base) for key, value in self.tham_so.items()}
        return {**tham_so, "tham_so": tham_so, **base}

    def _param(self, key: str, value: Any, ctx: dict[str, Any]) -> Any:
        if self.source is not None and ("tham_so", key) in self.source.literal:
            return value
        if not isinstance(value, str) or not has_jinja(value):
            if isinstance(value, list | dict) and self.source is not None:
                return self._render(value, ctx, self.source, ("tham_so", key))
            return value
        line = self.source.line_of(("tham_so", key)) if self.source else None
        file = self.source.file if self.source else self.path
        single = _SINGLE_EXPRESSION.fullmatch(value)
        if single:
            try:
                return evaluate(single.group(1), ctx, what=f"tham_so.{key}")
            except DocgenError as exc:
                located = exc.located(file=file, line=line, field=f"tham_so.{key}")
                raise FormError(*located.problems) from None
        return render_string(value, ctx, file=file, line=line, field=f"tham_so.{key}",
                             source_kind=_("bảng dữ liệu"))

    def resolve(self, dong: Any = None) -> dict[str, Any]:
        """The document fields with Jinja rendered: what :meth:`build` validates."""
        ctx = self.context(dong)
        out: dict[str, Any] = {}
        for key, value in self.values.items():
            source, prefix = self.origins[key]
            out[key] = self._render(value, ctx, source, (*prefix, key))
        return out

    def build(self, dong: Any = None) -> VanBan:
        """Render Jinja with ``dong`` and validate: one document."""
        data = self.resolve(dong)
        _check_size(data, self.path)
        try:
            return VanBan.model_validate(data)
        except ValidationError as exc:
            raise FormError(*self._problems(exc)) from None

    def _render(self, value: Any, ctx: dict[str, Any], source: YamlSource,
                path: tuple[str | int, ...]) -> Any:
        if isinstance(value, str):
            if not has_jinja(value) or path in source.literal:
                return value
            field = _dotted(path[1:] if path[:1] == ("van_ban",) else path)
            try:
                return render_string(value, ctx, file=source.file, line=source.line_of(path),
                                     field=field, source_kind=_("tham_so hoặc bảng dữ liệu"))
            except DocgenError as exc:
                raise FormError(*self._at_parameter(exc, source, field).problems) from None
        if isinstance(value, list):
            return [self._render(v, ctx, source, (*path, i)) for i, v in enumerate(value)]
        if isinstance(value, dict):
            return {k: self._render(v, ctx, source, (*path, k)) for k, v in value.items()}
        return value

    def _problems(self, exc: ValidationError) -> list[Problem]:
        problems = []
        for detail in validation_details(exc):
            dotted, message, hint = detail.field, detail.message, detail.hint
            parts: list[str | int] = [int(p) if p.isdigit() else p for p in dotted.split(".")]
            top = str(parts[0]) if parts and parts[0] != "" else None
            if top in self.origins:
                source, prefix = self.origins[top]
                file, line = source.file, source.line_of((*prefix, *parts))
            else:
                file, line = self.path, 1
                if hint is None and detail.kind == "missing" and top:
                    hint = _("Thêm dòng '{key}: …' vào tệp.").format(key=top)
            if detail.kind == "extra_forbidden":
                close = difflib.get_close_matches(str(parts[-1]), _known_keys(parts), n=1)
                hint = did_you_mean(close[0]) if close else hint
            problems.append(Problem(message, file=file, line=line, field=dotted or None,
                                    hint=hint))
        return problems


    def _at_parameter(self, error: DocgenError, source: YamlSource, field: str) -> DocgenError:
        """A template's field failing on a value the clerk gave in ``tham_so``: reported at
        the form's line of that parameter, which is what the clerk can fix (the template's own
        line is docgen's file)."""
        if self.template is None or source is not self.template.source or self.source is None:
            return error
        problems = []
        for problem in error.problems:
            key = next((k for k, v in self.tham_so.items()
                        if isinstance(v, str | int | float) and not isinstance(v, bool) and
                        f"'{v}'" in problem.message), None)
            if key is None:
                problems.append(problem)
                continue
            example = next((p.vi_du for p in self.template.params if p.name == key), None)
            hint = problem.hint or (
                _("Sửa giá trị tham số {key} ở dòng này, ví dụ: {key}: {example}.").format(
                    key=key, example=example) if example else
                _("Sửa giá trị tham số {key} ở dòng này.").format(key=key))
            problems.append(Problem(
                _("{reason} (tham số {key}, mẫu '{template}' dùng ở trường {field})").format(
                    reason=runtime_reason(problem.message), key=key,
                    template=self.template.name, field=field),
                file=self.source.file, line=self.source.line_of(("tham_so", key)),
                field=f"tham_so.{key}", hint=hint))
        return type(error)(*problems)


MAX_DOCUMENT_TEXT = 2 * MAX_TEXT
"""Most characters a document's fields may hold together (a 300-page report has some 600,000);
with it docgen never renders a .docx that ``check`` would refuse as too large."""


def _check_size(data: Any, path: Path) -> None:
    """Refuse a document whose fields, rendered, hold more than :data:`MAX_DOCUMENT_TEXT`
    characters, naming the largest field."""
    sizes: dict[str, int] = {}

    def walk(value: Any, key: str) -> None:
        if isinstance(value, str):
            sizes[key] = sizes.get(key, 0) + len(value)
        elif isinstance(value, list):
            for item in value:
                walk(item, key)
        elif isinstance(value, dict):
            for k, item in value.items():
                walk(item, f"{key}.{k}" if key else str(k))

    walk(data, "")
    total = sum(sizes.values())
    if total > MAX_DOCUMENT_TEXT:
        largest = max(sizes, key=lambda k: sizes[k])
        raise FormError(Problem(
            _("văn bản quá dài ({size} ký tự, giới hạn {limit}); dài nhất là trường {field} "
              "({field_size} ký tự)").format(
                size=count_text(total), limit=count_text(MAX_DOCUMENT_TEXT), field=largest,
                field_size=count_text(sizes[largest])), file=path, field=largest,
            hint=_("Một văn bản hành chính chỉ dài vài trang; kiểm tra lại giá trị của trường "
                   "đó.")))


def _known_keys(parts: list[str | int]) -> list[str]:
    # The innermost named group above the misspelt key: phu_luc.0.dieu.1.tieu_dee → Dieu.
    names = [str(p) for p in parts[:-1] if not isinstance(p, int)]
    model = NESTED_MODELS.get(names[-1]) if names else None
    return list((model or VanBan).model_fields)


def _dotted(path: tuple[str | int, ...]) -> str:
    return ".".join(str(p) for p in path)


def read_form(path: Path | str, *, allow_outside: bool = False) -> FormSpec:
    """Read a form file with its profile (``dung_chung``) and template (``mau``).

    ``dung_chung`` and a ``mau`` given as a file must lie in the form's folder (or below it) or
    in a template folder, symbolic links resolved, unless ``allow_outside``: a form received
    from someone else must not make docgen read (and quote) any file on the computer.

    Raises :class:`~docgen.errors.FormError` (a :class:`DocgenError`) with file and line for
    anything wrong in the files themselves; field values are validated by :meth:`FormSpec.build`,
    which raises it too.
    """
    path = Path(path)
    source = load_yaml_file(path)
    data = source.data
    if not isinstance(data, dict):
        raise FormError(Problem(_("biểu mẫu phải là các dòng 'tên_trường: giá trị'"),
                                  file=path, line=1))
    _check_keys(data, DOCUMENT_KEYS + LOADER_KEYS, source, ())

    values: dict[str, Any] = {}
    origins: dict[str, tuple[YamlSource, tuple[str | int, ...]]] = {}

    profile_name = data.get("dung_chung")
    if profile_name is not None:
        profile = _read_profile(path, str(profile_name), source, allow_outside)
        for key, value in profile.data.items():
            values[key], origins[key] = value, (profile, ())

    template = None
    if data.get("mau") is not None:
        try:
            template_path = find_template(str(data["mau"]), path.parent)
            if not allow_outside:
                _confine(template_path, path, source, "mau")
            template = load_template(template_path)
        except DocgenError as exc:
            raise FormError(*exc.located(file=path, line=source.line_of(("mau",))).problems) \
                from None
        for key, value in template.fields.items():
            values[key], origins[key] = value, (template.source, ("van_ban",))

    for key, value in data.items():
        if key not in LOADER_KEYS:
            values[key], origins[key] = value, (source, ())

    tham_so = data.get("tham_so") or {}
    if not isinstance(tham_so, dict):
        raise FormError(Problem(_("tham_so phải là một nhóm 'tên: giá trị'"), file=path,
                                  line=source.line_of(("tham_so",)), field="tham_so"))
    tham_so = {key: _typed(value) for key, value in tham_so.items()}
    if template is not None:
        _check_param_names(template, tham_so, source)
        missing = [p.name for p in template.params if p.bat_buoc and p.name not in tham_so]
        if missing:
            raise FormError(Problem(
                _("mẫu '{template}' cần tham số: {params}").format(
                    template=template.name, params=", ".join(missing)),
                file=path, line=source.line_of(("tham_so",)) or source.line_of(("mau",)),
                field="tham_so",
                hint=_("Chạy 'docgen new {template}' để xem biểu mẫu đầy đủ có chú thích."
                       ).format(template=template.name),
            ))
    return FormSpec(path=path, values=values, origins=origins, tham_so=tham_so,
                    template=template, source=source)


def _read_profile(path: Path, name: str, source: YamlSource, allow_outside: bool) -> YamlSource:
    """The profile ``dung_chung: name`` of the form at ``path``, checked."""
    profile_path = path.parent / name
    if not allow_outside:
        _confine(profile_path, path, source, "dung_chung")
    if not profile_path.is_file():
        raise FormError(Problem(
            _("không tìm thấy tệp dùng chung '{name}' (tìm tại {path})").format(
                name=name, path=profile_path),
            file=path, line=source.line_of(("dung_chung",)), field="dung_chung",
            hint=_("Tên tệp tính từ thư mục chứa biểu mẫu; kiểm tra chính tả và đuôi .yaml."),
        ))
    profile = load_yaml_file(profile_path)
    if not isinstance(profile.data, dict):
        raise FormError(Problem(_("tệp dùng chung phải là các dòng 'tên_trường: giá trị'"),
                                  file=profile_path, line=1))
    _check_keys(profile.data, DOCUMENT_KEYS, profile, ())
    return profile


def _confine(target: Path, form: Path, source: YamlSource, key: str) -> None:
    """Refuse ``target`` outside the form's folder and the template folders (links resolved),
    without reading it or quoting anything from it."""
    try:
        resolved = target.resolve()
    except (OSError, RuntimeError):
        resolved = None
    allowed = [form.parent.resolve(), *(d.resolve() for d in template_dirs())]
    if resolved is not None and any(resolved.is_relative_to(d) for d in allowed):
        return
    raise FormError(Problem(
        _("tệp '{name}' nằm ngoài thư mục của biểu mẫu, docgen không đọc").format(
            name=source.data.get(key)),
        file=form, line=source.line_of((key,)), field=key,
        hint=_("Chép tệp đó vào cùng thư mục với biểu mẫu (hoặc thư mục con), hoặc chạy lại "
               "với --cho-phep-ngoai nếu chắc chắn tệp đó an toàn.")))


def _check_param_names(template: Template, tham_so: dict[str, Any], source: YamlSource) -> None:
    """A parameter the template does not declare, spelt close to one it declares and was not
    given (``han_moii`` for ``han_moi``): named at its line, with a did-you-mean."""
    declared = [p.name for p in template.params]
    absent = [name for name in declared if name not in tham_so]
    for key in tham_so:
        if key in declared:
            continue
        close = difflib.get_close_matches(key, absent, n=1, cutoff=0.75)
        if close:
            raise FormError(Problem(
                _("mẫu '{template}' không có tham số '{key}'").format(
                    template=template.name, key=key), file=source.file,
                line=source.line_of(("tham_so", key)), field=f"tham_so.{key}",
                hint=did_you_mean(close[0], _("Các tham số của mẫu: {params}.").format(
                    params=", ".join(declared)))))


_SINGLE_EXPRESSION = re.compile(r"\{\{\s*([^{}]+?)\s*\}\}")
_INT = re.compile(r"-?(0|[1-9][0-9]*)")
_DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)\.[0-9]+")


def _typed(value: Any) -> Any:
    """Plain numbers in ``tham_so`` become numbers so templates can compute with them.

    Only unambiguous ones: ``312`` and ``45.6``; ``0123`` (a code) and ``1.234`` written the
    Vietnamese way stay text.
    """
    if isinstance(value, str):
        if _INT.fullmatch(value):
            return int(value)
        if _DECIMAL.fullmatch(value) and not re.fullmatch(r"-?\d{1,3}\.\d{3}", value):
            return float(value)
        return value
    if isinstance(value, list):
        return [_typed(v) for v in value]
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    return value


def load_form(path: Path | str, dong: Any = None, *, allow_outside: bool = False) -> VanBan:
    """Read a form file and build its document (the one-shot form of :func:`read_form`)."""
    return read_form(path, allow_outside=allow_outside).build(dong)


class _LiteralText(str):
    """Text dumped with the ``!chu`` tag: data, never Jinja source."""

    __slots__ = ()


def _represent_literal(dumper: Any, value: _LiteralText) -> Any:
    return dumper.represent_scalar(LITERAL_TAG, str(value), style="|" if "\n" in value else '"')


def _construct_literal(loader: Any, node: yaml.Node) -> _LiteralText:
    return _LiteralText(loader.construct_scalar(node))


# Registered on PyYAML's safe classes too, so that code which loads a dumped form with
# yaml.safe_load and dumps it again (extract's form_text) keeps the tag.
for _dumper in {yaml.SafeDumper, getattr(yaml, "CSafeDumper", yaml.SafeDumper)}:
    _dumper.add_representer(_LiteralText, _represent_literal)
for _loader in {yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)}:
    _loader.add_constructor(LITERAL_TAG, _construct_literal)


def _literal(value: Any) -> Any:
    """Text that must not run as Jinja when the form is read again: ``{{ 7*7 }}`` typed in a
    roster cell or a document stays ``{{ 7*7 }}``. It is tagged as text (``!chu``), not
    wrapped in ``{% raw %}``, which any spelling of ``{%endraw%}`` inside it would end."""
    if isinstance(value, str):
        return _LiteralText(value) if has_jinja(value) else value
    if isinstance(value, list):
        return [_literal(v) for v in value]
    if isinstance(value, dict):
        return {k: _literal(v) for k, v in value.items()}
    return value


def dump_form(van_ban: VanBan) -> str:
    """The document as a complete form file: every value, resolved, rendering the same
    document again (text that looks like Jinja is kept literal)."""
    data = _literal(van_ban.model_dump(mode="json", exclude_none=True))
    if van_ban.ngay is None:  # pinned, so the form renders the same next year
        data["nam"] = van_ban.nam_van_ban
    # libyaml's dumper writes the same text some ten times faster; the archive dumps every form.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)
