"""``docgen extract``: a .docx back into a form file, to start a new document from an old one.

The elements are found by :mod:`docgen.check.locate` (so any layout the checker reads works
here too) and turned into form fields, with the punctuation the renderer adds taken off again:
the dashes and ``;``/``.`` of list items, ``V/v``, the ``TM.``/``KT.`` prefixes, the closing
``./.``. Bold and italic runs of the body come back as ``**…**`` and ``*…*``. The result is
validated as a :class:`~docgen.models.VanBan`, so what ``extract`` writes renders.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .body import strip_end_mark
from .check import read_document
from .check.flow import FlowPara, Segment
from .check.locate import DATE_PATTERN, URGENCY, Located, canonical
from .check.reader import bad_values, read_file, read_package
from .errors import DocgenError, Problem
from .forms import dump_form
from .layout import LAYOUTS
from .models import DoKhan, LoaiVanBan, VanBan, validation_problems

_TITLE_KIND = {kind.title: kind for kind in LoaiVanBan if kind.title}
_AUTHORITY_FIELDS = {"TM": "thay_mat", "KT": "ky_thay", "TL": "thua_lenh",
                     "TUQ": "thua_uy_quyen"}
_ITEM_END = re.compile(r"[\s;,.]+$")


def _item(text: str) -> str:
    """A list item without its dash and end punctuation."""
    text = re.sub(r"^[-–—+•‒−]\s*", "", text.strip())
    return _ITEM_END.sub("", text).strip()


def _runs_markup(para: FlowPara) -> str:
    """The paragraph's text with bold and italic runs marked the way a form writes them."""
    out: list[str] = []
    for segment in para.segments:
        if out:
            out.append(" ")
        pending: list[tuple[str, str]] = []
        for run in segment.runs:
            mark = "**" if run.bold else "*" if run.italic else ""
            if pending and pending[-1][0] == mark:
                pending[-1] = (mark, pending[-1][1] + run.text)
            else:
                pending.append((mark, run.text))
        for mark, text in pending:
            if not mark or not text.strip():
                out.append(text)
                continue
            # Keep the spaces outside the marks, where the form syntax expects them.
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()):]
            out.append(f"{lead}{mark}{text.strip()}{mark}{trail}")
    return " ".join("".join(out).split())


def _text(segments: list[Segment]) -> str:
    return " ".join(s.clean for s in segments)


def _signer(found: Located) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for segment in found.authority:
        m = re.match(r"^(TM|KT|TL|TUQ|Q)\s*\.\s*(.+)$", segment.clean, re.IGNORECASE)
        if m and m.group(1).upper() in _AUTHORITY_FIELDS:
            data[_AUTHORITY_FIELDS[m.group(1).upper()]] = m.group(2).strip()
    if found.chuc_vu is not None:
        title = found.chuc_vu.clean
        m = re.match(r"^Q\s*\.\s*(.+)$", title)
        if m:
            data["quyen"] = True
            title = m.group(1)
        data["chuc_vu"] = title
    if found.ho_ten is not None:
        data["ho_ten"] = found.ho_ten.clean
    return data


def _luu(items: list[str], data: dict[str, Any]) -> None:
    """``- Lưu: VT, VHXH, H(30).`` → luu, nguoi_soan, so_ban."""
    text = re.sub(r"^-?\s*Lưu\s*:\s*", "", items[-1]).rstrip(". ")
    count = re.search(r"\s\((\d+)\)$", text)
    if count:
        data["so_ban"] = int(count.group(1))
        text = text[: count.start()]
    parts = [p.strip() for p in text.split(",") if p.strip()]
    drafter = re.fullmatch(r"([A-ZĐ][A-Za-zĐđ]*)\((\d+)\)", parts[-1]) if parts else None
    if drafter:
        data["nguoi_soan"] = drafter.group(1)
        data["so_ban"] = int(drafter.group(2))
        parts = parts[:-1]
    data["luu"] = parts


def _profile(found: Located) -> str | None:
    """The layout profile whose sizes the document uses, if it matches one exactly."""
    pairs = {"quoc_hieu": [found.quoc_hieu], "tieu_ngu": [found.tieu_ngu],
             "noi_dung": [s for p in found.body for s in p.segments],
             "ho_ten": [found.ho_ten], "dia_danh_ngay": [found.date]}
    sizes: dict[str, float] = {}
    for key, segments in pairs.items():
        values = {r.size for s in segments if s is not None for r in s.visible_runs()}
        if len(values) == 1:
            sizes[key] = values.pop()  # type: ignore[assignment]
    for name, layout in LAYOUTS.items():
        if sizes and all(layout[k].size_pt == v for k, v in sizes.items()):
            return name
    return None


def form_data(found: Located) -> dict[str, Any]:
    """The form fields of a located document (before validation)."""
    data: dict[str, Any] = {}
    kind = LoaiVanBan.CONG_VAN
    if found.title is not None:
        title = canonical(found.title.clean)
        if title not in _TITLE_KIND:
            raise DocgenError(Problem(
                f"văn bản loại '{title}' — docgen chưa soạn được loại này",
                hint="Các loại docgen soạn được: "
                     + ", ".join(k.value for k in LoaiVanBan) + "."))
        kind = _TITLE_KIND[title]
    data["loai"] = kind.value
    profile = _profile(found)
    if profile and profile != "chuan":
        data["bo_cuc"] = profile
    co_quan: dict[str, Any] = {"ten": [s.clean for s in found.co_quan]}
    if found.chu_quan:
        co_quan["chu_quan"] = [s.clean for s in found.chu_quan]
    so_text = found.so.clean if found.so is not None else ""
    m = re.match(r"^S[ốôo]\s*:\s*(\d*)\s*/\s*(.*)$", so_text, re.IGNORECASE)
    code = m.group(2).replace(" ", "") if m else ""
    groups = [g for g in code.split("-") if g]
    if m and m.group(1):
        data["so"] = int(m.group(1))
    if kind is LoaiVanBan.CONG_VAN:
        co_quan["viet_tat"] = groups[0] if groups else "UBND"
        if len(groups) >= 2:
            data["don_vi_soan_thao"] = groups[1]
        if len(groups) != 2:
            data["ky_hieu"] = code or None
    else:
        abbreviation = kind.abbreviation
        co_quan["viet_tat"] = groups[1] if len(groups) >= 2 else (groups[0] if groups else
                                                                    "UBND")
        if len(groups) != 2 or groups[0] != abbreviation:
            data["ky_hieu"] = code or None
    data["co_quan"] = co_quan
    if found.date is not None:
        dm = DATE_PATTERN.match(found.date.clean)
        assert dm is not None
        data["dia_danh"] = dm.group("place").strip()
        day, month, year = (dm.group(k).strip() for k in ("day", "month", "year"))
        if day and month:
            try:
                data["ngay"] = date(int(year), int(month), int(day)).isoformat()
            except ValueError:
                data["nam"] = int(year)
        else:
            data["nam"] = int(year)
    if found.urgency is not None:
        data["do_khan"] = URGENCY.get(canonical(found.urgency.clean), DoKhan.HOA_TOC).value
    if kind is LoaiVanBan.CONG_VAN:
        subject = _text(found.vv)
        data["trich_yeu"] = re.sub(r"^V\s*/\s*v\s*", "", subject, flags=re.IGNORECASE)
    else:
        data["trich_yeu"] = _text(found.trich_yeu)
    if found.kinh_gui is not None:
        rest = re.sub(r"^kính\s+gửi\s*:?\s*", "", found.kinh_gui.clean, flags=re.IGNORECASE)
        items = ([rest] if rest else []) + [s.clean for s in found.kinh_gui_items]
        data["kinh_gui"] = [_item(i) for i in items if _item(i)]
    if found.can_cu:
        data["can_cu"] = [_item(s.clean) for s in found.can_cu]
    lines = [_runs_markup(p) for p in found.body]
    if lines:
        lines[-1] = strip_end_mark(lines[-1])
    data["noi_dung"] = "\n".join(line for line in lines if line)
    items = [s.clean for s in found.noi_nhan_items]
    if items and re.match(r"^-?\s*Lưu\b", items[-1]):
        _luu(items, data)
        items = items[:-1]
    data["noi_nhan"] = [_item(i) for i in items if _item(i)]
    data["nguoi_ky"] = _signer(found)
    return {k: v for k, v in data.items() if v is not None}


def extract_document(found: Located, name: str = "văn bản") -> VanBan:
    """A validated :class:`VanBan` from a located document."""
    with bad_values(name):
        data = form_data(found)
    try:
        return VanBan.model_validate(data)
    except ValidationError as exc:
        problems = [Problem(f"không dựng lại được trường {field}: {message}", file=name,
                            field=field or None, hint=hint)
                    for field, message, hint in validation_problems(exc)]
        raise DocgenError(*problems) from None


def extract_bytes(data: bytes, name: str = "văn bản") -> VanBan:
    """The document in the .docx ``data`` as a :class:`VanBan`."""
    return extract_document(read_document(read_package(data, name)), name)


def extract_file(path: Path | str) -> VanBan:
    """The document in the .docx at ``path`` as a :class:`VanBan`."""
    package = read_file(path)
    return extract_document(read_document(package), package.name)


class _FormDumper(yaml.SafeDumper):
    """Multi-line text (the body) as a literal block, the way a clerk writes it."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_FormDumper.add_representer(str, _str)


def form_text(van_ban: VanBan, source: str | None = None) -> str:
    """The form file (YAML) of ``van_ban``, headed by where it came from.

    Same fields as :func:`docgen.forms.dump_form`, defaults left out and the body as a block.
    """
    data = yaml.safe_load(dump_form(van_ban))
    for key in ("kinh_gui", "can_cu", "noi_nhan"):
        if not data.get(key):
            data.pop(key, None)
    if data.get("nguoi_ky", {}).get("quyen") is False:
        del data["nguoi_ky"]["quyen"]
    if data.get("bo_cuc") == "chuan":
        del data["bo_cuc"]
    head = f"# Trích từ {source} bằng docgen extract; sửa rồi chạy: docgen render <tệp này>\n" \
        if source else ""
    return head + yaml.dump(data, Dumper=_FormDumper, allow_unicode=True, sort_keys=False,
                            width=100)
