"""``docgen extract``: a .docx back into a form file, to start a new document from an old one.

The elements are found by :mod:`docgen.check.locate` (so any layout the checker reads works
here too) and turned into form fields, with the punctuation the renderer adds taken off again:
the dashes and ``;``/``.`` of list items, ``V/v``, the ``TM.``/``KT.`` prefixes, the closing
``./.``. Bold and italic runs of the body come back as ``**…**`` and ``*…*``; body tables as
Markdown pipe rows; ``Điều 1.``… as ``dieu``; appendices (``Phụ lục``) as ``phu_luc``.

Nothing is dropped silently. Every piece of text of the document is either carried into a
field or listed as an :class:`Omission` (one Vietnamese line each), and so is every image,
footnote, comment, embedded object or header text, which a form cannot hold. A value the form
cannot take as it stands (a ký hiệu written ``...3…`` in a blank template) is left out and
listed the same way; a required value the document lacks is written as a visible placeholder
and listed. The result is validated as a :class:`~docgen.models.VanBan`, so what ``extract``
writes renders.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .body import strip_end_mark
from .check.flow import (
    Flow,
    FlowPara,
    Segment,
    _is_line,  # the checker's own test of a drawn rule
    clean_text,
    read_flow,
)
from .check.locate import DATE_PATTERN, URGENCY, Located, canonical, locate
from .check.reader import Package, bad_values, read_note_parts, read_package
from .check.styles import w
from .errors import DocgenError, Problem
from .fileio import read_limited
from .kinds import COPY_ABBREVIATIONS, KINDS
from .layout import LAYOUTS
from .models import DoKhan, LoaiVanBan, VanBan, validation_problems
from .templating import has_jinja
from .yamlsrc import LITERAL_TAG

__all__ = ["Extraction", "Omission", "extract_bytes", "extract_file", "form_text", "read_back",
           "read_back_file", "read_docx_file"]

_AUTHORITY_FIELDS = {"TM": "thay_mat", "KT": "ky_thay", "TL": "thua_lenh",
                     "TUQ": "thua_uy_quyen"}
_AUTHORITY_LINE = re.compile(r"^(TM|KT|TL|TUQ)\s*\.\s*(.+)$", re.IGNORECASE)
_ITEM_END = re.compile(r"[\s;,.]+$")
_DASH_ONLY = re.compile(r"^[-–—_‒−=.…\s]{3,}$")
_APPENDIX = re.compile(r"^phụ\s+lục(\s+(?P<n>[IVXLC]+|\d+)[a-z]?)?\s*[.:]?$", re.IGNORECASE)
_ATTACHED = re.compile(r"^\(\s*kèm\s+theo\b", re.IGNORECASE)
_DIEU = re.compile(r"^Điều\s*(?:(\d+[a-zđ]?)\s*[.:]|(?=[.…]{2,}))\s*", re.IGNORECASE)
_CAN_CU = re.compile(r"^căn\s+cứ\b", re.IGNORECASE)
_THEO_DE_NGHI = re.compile(r"^theo\s+đề\s+nghị\b(\s+của\b)?\s*", re.IGNORECASE)
_DECIDES = re.compile(r"^[A-ZĐÀ-Ỹ ]{4,}:$")
_TELEGRAM = re.compile(r"^(.+?)\s+điện\s*:?$")
_NN = re.compile(r"^nơi\s+nhận\s*:?\s*", re.IGNORECASE)
_LUU = re.compile(r"^-?\s*Lưu\s*:?\s*", re.IGNORECASE)
_DASH = ("-", "–", "—", "+", "•", "‒", "−")
_SIGNATURE_NOTE = re.compile(r"^\((đã\s+ký|ký|chữ\s+ký)\b.*\)$", re.IGNORECASE)

def _lines_of(*rules: tuple[str, bool]) -> list[tuple[re.Pattern[str], bool]]:
    return [(re.compile(pattern, re.IGNORECASE), is_list) for pattern, is_list in rules]


# The lines of Mẫu 1.6–1.10 that docgen writes from fields: a pattern whose named groups are the
# form keys (``__`` for a nested key). ``True`` marks a line whose value may instead be the dash
# list under it (``kính mời:`` then ``- A;`` ``- B.``). A pattern without groups is a sentence
# docgen prints itself. Each line is taken once; the rest of the body stays the body.
_LABELLED: dict[str, list[tuple[re.Pattern[str], bool]]] = {
    "giay-moi": _lines_of(
        (r"^(?P<tham_quyen>.+?)\s+trân\s+trọng\s+kính\s+mời\s*:?\s*(?P<kinh_moi>.*?)\.?$", True),
        (r"^kính\s+mời\s*:?\s*(?P<kinh_moi>.*?)\.?$", True),
        (r"^tới\s+dự\s*:?\s*(?P<toi_du>.+?)\.?$", False),
        (r"^chủ\s+trì\s*:\s*(?P<chu_tri>.+?)\.?$", False),
        (r"^thời\s+gian\s*:\s*(?P<thoi_gian>.+?)\.?$", False),
        (r"^địa\s+điểm\s*:\s*(?P<dia_diem>.+?)\.?$", False)),
    "bien-ban": _lines_of(
        (r"^thời\s+gian\s+bắt\s+đầu\s*:?\s*(?P<bien_ban__bat_dau>.+?)\.?$", False),
        (r"^địa\s+điểm\s*:\s*(?P<bien_ban__dia_diem>.+?)\.?$", False),
        (r"^thành\s+phần(?:\s+tham\s+dự)?\s*:\s*(?P<bien_ban__thanh_phan>.*?)\.?$", True),
        (r"^chủ\s+trì(?:\s*\(chủ\s+t[ọo]a\))?\s*:\s*(?P<bien_ban__chu_tri>.+?)\.?$", False),
        (r"^thư\s+ký(?:\s*\([^)]*\))?\s*:\s*(?P<bien_ban__thu_ky>.+?)\.?$", False),
        (r"^nội\s+dung(?:\s*\([^)]*\))?\s*:\s*(?P<body>.*)$", False),
        (r"^(?P<bien_ban__cuoc_hop>.+?)\s+kết\s+thúc\s+vào\s+(?P<bien_ban__ket_thuc>.+?)\.?$",
         False)),
    "giay-gioi-thieu": _lines_of(
        (r"^(?P<tham_quyen>.+?)\s+trân\s+trọng\s+giới\s+thiệu\s*:?$", False),
        (r"^(?P<gioi_thieu__ong_ba>Ông\s*\(bà\)|Ông|Bà)\s*:?\s+(?P<gioi_thieu__ho_ten>.+)$",
         False),
        (r"^chức\s+vụ\s*:\s*(?P<gioi_thieu__chuc_vu>.+?)\.?$", False),
        (r"^được\s+cử\s+đến\s*:?\s*(?P<gioi_thieu__duoc_cu_den>.+?)\.?$", False),
        (r"^về\s+việc\s*:\s*(?P<gioi_thieu__ve_viec>.+?)\.?$", False),
        (r"^đề\s+nghị\s+quý\s+cơ\s+quan\s+tạo\s+điều\s+kiện\s+để\s+ông\s*\(bà\)\s+có\s+tên"
         r"\s+ở\s+trên\s+hoàn\s+thành\s+nhiệm\s+vụ\.?$", False),
        (r"^giấy\s+này\s+có\s+giá\s+trị\s+đến\s+hết\s+ngày\s*(?P<gioi_thieu__gia_tri_den>.+?)"
         r"\.?$", False)),
    "giay-nghi-phep": _lines_of(
        (r"^xét\s+đơn\s+đề\s+nghị\s+nghỉ\s+phép\s+ngày\s+(?P<nghi_phep__ngay_don>\S+)\s+của\s+"
         r"(?:ông\s*\(bà\)|ông|bà)\s+(?P<ho_ten_don>.+?)\s*,?$", False),
        (r"^(?P<tham_quyen>.+?)\s+cấp\s+cho\s*:$", False),
        (r"^(?P<nghi_phep__ong_ba>Ông\s*\(bà\)|Ông|Bà)\s*:\s*(?P<nghi_phep__ho_ten>.+)$", False),
        (r"^chức\s+vụ\s*:\s*(?P<nghi_phep__chuc_vu>.+?)\.?$", False),
        (r"^được\s+nghỉ\s+phép\s+trong\s+thời\s+gian\s+(?P<nghi_phep__so_ngay>\d+)\s+ngày\s*,?\s*"
         r"kể\s+từ\s+ngày\s+(?P<nghi_phep__tu_ngay>\S+)\s+đến\s+hết\s+ngày\s+"
         r"(?P<nghi_phep__den_ngay>\S+?)\s+tại\s+(?P<nghi_phep__noi_nghi>.+?)\.?$", False),
        (r"^số\s+ngày\s+nghỉ\s+phép\s+nêu\s+trên\s+được\s+tính\s+vào\s+(?:thời\s+gian\s+)?"
         r"(?P<nghi_phep__tinh_vao>.+?)\.?$", False)),
}
_ONG_BA = {"ông": "Ông", "bà": "Bà"}


_FIELD_LABELS = {
    "dia_danh": "địa danh (dòng '<Địa danh>, ngày … tháng … năm …')",
    "trich_yeu": "trích yếu", "noi_dung": "nội dung", "kinh_gui": "nơi Kính gửi",
    "co_quan.ten": "tên cơ quan ban hành", "co_quan.viet_tat": "chữ viết tắt tên cơ quan",
    "nguoi_ky.chuc_vu": "chức vụ người ký", "nguoi_ky.ho_ten": "họ tên người ký",
    "don_vi_soan_thao": "đơn vị soạn thảo (sau dấu '-' của ký hiệu)",
    "ky_hieu": "ký hiệu văn bản", "so": "số văn bản", "tham_quyen": "thẩm quyền ban hành",
    "gioi_thieu.gia_tri_den": "ngày giấy giới thiệu hết giá trị (gia_tri_den)",
    "nghi_phep.ngay_don": "ngày của đơn xin nghỉ phép (ngay_don)",
    "nghi_phep.tu_ngay": "ngày bắt đầu nghỉ (tu_ngay)",
    "nghi_phep.den_ngay": "ngày nghỉ cuối cùng (den_ngay)",
}
# What a required value the document lacks is written as: visibly a blank to fill in.
_PLACEHOLDERS: dict[str, Any] = {
    "dia_danh": "Địa danh", "trich_yeu": "…", "noi_dung": "…", "kinh_gui": ["…"],
    "co_quan.ten": ["TÊN CƠ QUAN"], "co_quan.viet_tat": "CQ", "nguoi_ky.chuc_vu": "…",
    "nguoi_ky.ho_ten": "…", "don_vi_soan_thao": "VP", "nguoi_ky": {"chuc_vu": "…",
                                                                    "ho_ten": "…"},
}


@dataclass(frozen=True)
class Omission:
    """Something of the document the form does not carry as it was."""

    what: str
    """What it is, in Vietnamese: ``hình ảnh``, ``chú thích cuối trang 1``, ``đoạn văn``."""
    text: str = ""
    """The words left out (empty for an image)."""
    where: str = ""
    """Where it was, in words a clerk sees: ``gần đoạn «Điều 2. Chức năng…»``."""
    lost: bool = True
    """False when the form holds it in another shape (docgen writes it again on rendering)."""
    fill_in: bool = False
    """A value the document lacks, written as a visible placeholder for the clerk to replace."""

    def message(self) -> str:
        """One Vietnamese line for the clerk."""
        quoted = f" «{_short(self.text, 120)}»" if self.text else ""
        place = f" ({self.where})" if self.where else ""
        if self.lost:
            return f"không mang sang được {self.what}{quoted}{place}"
        return f"{self.what}{quoted}{place}"


@dataclass
class Extraction:
    """A document read back: the form's values and what could not be carried."""

    van_ban: VanBan | None
    """None when the document lacks values the form needs (see ``problems``)."""
    form: dict[str, Any] = field(default_factory=dict)
    """The form's values as read, before validation."""
    omissions: list[Omission] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """Values the clerk must fill in before the form renders (a blank template)."""

    def document(self) -> VanBan:
        """The validated document; a :class:`DocgenError` naming what is missing otherwise."""
        if self.van_ban is None:
            hint = ("Chạy docgen extract với văn bản này để có tệp biểu mẫu, điền giá trị đó "
                    "vào tệp rồi chạy docgen render.")
            raise DocgenError(*[replace(p, hint=hint) for p in self.problems])
        return self.van_ban

    @property
    def lost(self) -> list[Omission]:
        """The omissions that lose content (not only reshape it)."""
        return [o for o in self.omissions if o.lost]

    def warnings(self) -> list[str]:
        """One Vietnamese line per omission, in document order."""
        return [o.message() for o in self.omissions]

    def report_lines(self) -> list[str]:
        """What the CLI prints after extracting: each omission, then each value to fill in."""
        lines = [f"Lưu ý: {line}" for line in self.warnings()]
        lines += [f"Cần điền trước khi in: {p.message}" for p in self.problems]
        lines += [f"→ {hint}" for hint in dict.fromkeys(p.hint for p in self.problems if p.hint)]
        return lines

    @property
    def complete(self) -> bool:
        """Nothing lost and nothing to fill in: the form holds the whole document."""
        return self.van_ban is not None and not any(o.lost or o.fill_in
                                                    for o in self.omissions)


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _near(text: str) -> str:
    return f"gần đoạn «{_short(text, 40)}»" if text else ""


# ---------------------------------------------------------------------------------------------
# Lines of text


def _item(text: str) -> str:
    """A list item without its dash and end punctuation."""
    text = re.sub(r"^[-–—+•‒−]\s*", "", text.strip())
    return _ITEM_END.sub("", text).strip()


def _segment_lines(segments: list[Segment]) -> list[list[Segment]]:
    """Segments grouped by the line of their paragraph (soft breaks end a line)."""
    lines: dict[tuple[int, int], list[Segment]] = {}
    for s in segments:
        lines.setdefault((id(s.para), getattr(s, "line", 0)), []).append(s)
    return list(lines.values())


def _marked(segments: list[Segment]) -> str:
    """Text of segments with bold and italic runs marked the way a form writes them."""
    out: list[str] = []
    for segment in segments:
        if out:
            out.append("\t")
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
            for i, piece in enumerate(text.split("\n")):
                if i:
                    out.append("\n")
                if not piece.strip():
                    out.append(piece)
                    continue
                # Keep the spaces outside the marks, where the form syntax expects them.
                lead = piece[: len(piece) - len(piece.lstrip())]
                trail = piece[len(piece.rstrip()):]
                out.append(f"{lead}{mark}{piece.strip()}{mark}{trail}")
    return "".join(out)


def para_lines(para: FlowPara, *, markup: bool = True) -> list[str]:
    """The lines of a paragraph as a reader sees them: soft breaks end a line, tabs are spaces.

    With ``markup`` bold and italic runs are written ``**…**`` and ``*…*``.
    """
    texts = [s for s in para.segments if s.runs]
    out: list[str] = []
    for group in _segment_lines(texts):
        raw = _marked(group) if markup else "\t".join(s.shown for s in group)
        for line in raw.split("\n"):
            line = clean_text(line)
            if line:
                out.append(line)
    return out


def _seg_lines(segment: Segment) -> list[str]:
    return [clean_text(x) for x in segment.shown.split("\n") if x.strip()]


# ---------------------------------------------------------------------------------------------
# Reading the parts of the document


@dataclass
class _Reading:
    """State while one document is read: what has been taken, what was left out."""

    flow: Flow
    taken: set[int] = field(default_factory=set)
    """ids of segments carried into the form."""
    omissions: list[Omission] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """What keeps the form from rendering until the clerk fills it in."""

    def take(self, *segments: Segment | None) -> None:
        for s in segments:
            if s is not None:
                self.taken.add(id(s))

    def take_para(self, para: FlowPara) -> None:
        for s in para.segments:
            self.taken.add(id(s))

    def omit(self, what: str, text: str = "", where: str = "", lost: bool = True,
             fill_in: bool = False) -> None:
        self.omissions.append(Omission(what, text, where, lost, fill_in))


def _sections_of(flow: Flow) -> dict[int, int]:
    """Section number (0-based) of each paragraph, by id."""
    if flow.paras and hasattr(flow.paras[0], "section"):
        return {id(p): p.section for p in flow.paras}
    out: dict[int, int] = {}
    number = 0
    for para in flow.paras:
        out[id(para)] = number
        el = para.element
        if el is not None and el.find(f"{w('pPr')}/{w('sectPr')}") is not None \
                and para.container in ("page", "cell"):
            number += 1
    return out


def _appendix_starts(flow: Flow) -> list[int]:
    """Indexes in ``flow.paras`` where an appendix (``Phụ lục I``) begins, after the closing."""
    closing_seen = False
    starts: list[int] = []
    for i, para in enumerate(flow.paras):
        lines = para_lines(para, markup=False)
        if not lines:
            continue
        if any(_NN.match(line) for line in lines):
            closing_seen = True
            continue
        if closing_seen and para.cell is None and (
                _APPENDIX.match(lines[0]) or re.match(r"^PHỤ\s+LỤC\b", lines[0])):
            starts.append(i)
    return starts


def _body_paras(found: Located) -> set[int]:
    """ids of the paragraphs between the preamble and the closing: the body, and what the
    locator sorts out of it (articles, body tables, a giấy mời's lines…), read here in order."""
    out = {id(p) for p in found.body}
    for value in vars(found).values():
        groups = value.values() if isinstance(value, dict) else [value]
        for group in groups:
            if isinstance(group, list) and group and all(isinstance(p, FlowPara) for p in group):
                out |= {id(p) for p in group}
    return out


def _copy_block(flow: Flow) -> tuple[int, int] | tuple[()]:
    """(first, end) indexes in ``flow.paras`` of a bản sao's copy block (Mẫu 3.1): the table
    holding ``SAO Y`` / ``TRÍCH SAO`` / ``SAO LỤC`` after the closing; () when there is none."""
    closing_seen = False
    for para in flow.paras:
        lines = para_lines(para, markup=False)
        if any(_NN.match(x) for x in lines):
            closing_seen = True
        if not closing_seen or para.cell is None or not lines \
                or canonical(lines[0]) not in COPY_ABBREVIATIONS:
            continue
        table = para.cell[0]
        first = next(j for j, p in enumerate(flow.paras)
                     if p.cell is not None and p.cell[0] == table)
        end = first
        while end < len(flow.paras) and flow.paras[end].cell is not None \
                and flow.paras[end].cell[0] == table:
            end += 1
        return first, end
    return ()


def _restricted(flow: Flow, end: int) -> Flow:
    """The flow of the paragraphs before index ``end`` only (the document without appendices)."""
    if end >= len(flow.paras):
        return flow
    paras = flow.paras[:end]
    keep = {id(p) for p in paras}
    return replace(flow, paras=paras,
                   segments=[s for s in flow.segments if id(s.para) in keep],
                   rules=[r for r in flow.rules if id(r.para) in keep],
                   boxes=[b for b in flow.boxes if id(b) in keep])


def _kind_of(found: Located) -> tuple[LoaiVanBan, str | None]:
    """The kind the title names, and the title itself when Phụ lục III has no such kind (the
    document is then read as a titled document, Mẫu 1.4, and the clerk chooses ``loai``)."""
    if found.title is None:
        return LoaiVanBan.CONG_VAN, None
    title = canonical(found.title.clean)
    for kind in LoaiVanBan:
        if kind.title == title:
            return kind, None
    return LoaiVanBan.THONG_BAO, title


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


def _header(found: Located, kind: LoaiVanBan, data: dict[str, Any], rd: _Reading) -> None:
    rd.take(found.quoc_hieu, found.tieu_ngu, found.so, found.date, found.urgency, found.title)
    agency = [s for s in found.co_quan if not _DASH_ONLY.match(s.clean)]
    so_cell = found.so.para.cell if found.so is not None else None
    if not agency and not found.chu_quan and so_cell is not None:
        # The agency above the Số line in the same column of the header table.
        skip = {id(s) for s in (found.quoc_hieu, found.tieu_ngu, found.date, found.urgency)
                if s is not None}
        agency = [s for s in found.flow.segments if s.seq < found.so.seq and id(s) not in skip
                  and s.para.cell is not None and s.para.cell[0] == so_cell[0]
                  and s.para.cell[2] == so_cell[2] and not _DASH_ONLY.match(s.clean)]
    if so_cell is not None:
        # The agency lines are in the Số cell's column; a line above the header table is not.
        agency = [s for s in agency if s.para.cell is not None and s.para.cell[0] == so_cell[0]
                  and s.para.cell[2] == so_cell[2]]
    chu_quan = [s for s in found.chu_quan if so_cell is None or (
        s.para.cell is not None and s.para.cell[0] == so_cell[0] and s.para.cell[2] == so_cell[2])]
    rd.take(*agency, *chu_quan, *[s for s in found.co_quan if _DASH_ONLY.match(s.clean)])
    ten = [line for s in agency if s not in chu_quan for line in _seg_lines(s)]
    co_quan: dict[str, Any] = {"ten": ten}
    if chu_quan:
        co_quan["chu_quan"] = [line for s in chu_quan for line in _seg_lines(s)]
    so_text = found.so.clean if found.so is not None else ""
    m = re.match(r"^S[ốôo]\s*:\s*(\d*)\s*/\s*(\S*)", so_text, re.IGNORECASE)
    code = m.group(2).replace(" ", "") if m else ""
    groups = [g for g in code.split("-") if g]
    if m and m.group(1):
        data["so"] = int(m.group(1))
    if kind is LoaiVanBan.CONG_VAN:
        co_quan["viet_tat"] = groups[0] if groups else None
        if len(groups) >= 2:
            data["don_vi_soan_thao"] = "-".join(groups[1:])
        if len(groups) != 2:
            data["ky_hieu"] = code or None
    else:
        co_quan["viet_tat"] = groups[1] if len(groups) >= 2 else None
        if len(groups) != 2 or groups[0] != kind.abbreviation:
            data["ky_hieu"] = code or None
    data["co_quan"] = {k: v for k, v in co_quan.items() if v}
    dm = DATE_PATTERN.match(found.date.clean) if found.date is not None else None
    if found.date is not None and dm is None:
        # A blank form's "…, ngày ... tháng ... năm …": only a written place name is a value.
        place = found.date.clean.split(",")[0].strip()
        if any(c.isalpha() for c in place) and not re.search(r"…|\.{2,}|\d", place):
            data["dia_danh"] = place
        else:
            rd.taken.discard(id(found.date))  # named by the sweep as it stands
    if dm is not None:
        data["dia_danh"] = dm.group("place").strip()
        day, month, year = (dm.group(k).strip() for k in ("day", "month", "year"))
        if day and month:
            try:
                data["ngay"] = date(int(year), int(month), int(day)).isoformat()
            except ValueError:
                data["nam"] = int(year)
        else:
            data["nam"] = int(year)
            if day or month:
                # The form has a whole date or only the year: a lone month or day is named.
                rd.omit("ngày, tháng ghi dở trên dòng địa danh (biểu mẫu chỉ giữ năm khi chưa "
                        "đủ ngày tháng)", " ".join(p for p in (f"ngày {day}" if day else "",
                                                              f"tháng {month}" if month else "")
                                                   if p))
    if found.urgency is not None:
        data["do_khan"] = URGENCY.get(canonical(found.urgency.clean), DoKhan.HOA_TOC).value
    if kind is LoaiVanBan.CONG_VAN:
        rd.take(*found.vv)
        subject = " ".join(line for s in found.vv for line in _seg_lines(s))
        data["trich_yeu"] = re.sub(r"^V\s*/\s*v\s*:?\s*", "", subject, flags=re.IGNORECASE)
    else:
        lines: list[str] = []
        for s in found.trich_yeu:
            if _DASH_ONLY.match(s.clean):
                rd.take(s)
                break
            rd.take(s)
            lines.extend(_seg_lines(s))
        data["trich_yeu"] = " ".join(lines)


def _kinh_gui(found: Located, data: dict[str, Any], rd: _Reading) -> None:
    if found.kinh_gui is None:
        return
    rd.take(found.kinh_gui, *found.kinh_gui_items)
    lines = _seg_lines(found.kinh_gui)
    rest = re.sub(r"^kính\s+gửi\s*:?\s*", "", lines[0], flags=re.IGNORECASE) if lines else ""
    items = ([rest] if rest else []) + lines[1:] + \
        [line for s in found.kinh_gui_items for line in _seg_lines(s)]
    data["kinh_gui"] = [_item(i) for i in items if _item(i)]


def _luu(text: str, data: dict[str, Any], rd: _Reading) -> None:
    """``- Lưu: VT, VHXH, H(30).`` → luu, nguoi_soan, so_ban."""
    text = _LUU.sub("", text).rstrip(". ")
    count = re.search(r"\s\((\d+)\)$", text)
    if count:
        data["so_ban"] = int(count.group(1))
        text = text[: count.start()]
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if parts and parts[-1].partition(".")[0].strip():
        # "NC.Châu": the unit, then the drafter's name after a full stop.
        unit, dot, drafter_name = parts[-1].partition(".")
        if dot and drafter_name.strip():
            parts[-1] = unit.strip()
            drafter = drafter_name.strip()
            if re.fullmatch(r"[A-ZĐ0-9]+", drafter):
                data["nguoi_soan"] = drafter
            else:
                rd.omit("ký hiệu người soạn thảo", drafter, "dòng Lưu; ký hiệu người soạn chỉ "
                        "gồm chữ in hoa không dấu — ghi vào nguoi_soan nếu cần")
    drafter = re.fullmatch(r"([A-ZĐ][A-Za-zĐđ]*)\((\d+)\)", parts[-1]) if parts else None
    if drafter:
        data["nguoi_soan"] = drafter.group(1)
        data["so_ban"] = int(drafter.group(2))
        parts = parts[:-1]
    data["luu"] = parts


def _closing(found: Located, data: dict[str, Any], rd: _Reading) -> list[Segment]:
    """Nơi nhận and the signer; returns the closing's segments."""
    segs = found.flow.segments
    start = found.closing_start
    if start is None:
        return []
    end = getattr(found, "end_seq", None)  # notes to a template or appendices follow
    closing = [s for s in segs if s.seq >= start and (end is None or s.seq < end)]
    nn = found.noi_nhan
    left: list[Segment] = []
    if nn is not None:
        cell = nn.para.cell
        for s in closing:
            if cell is not None:
                same = s.para.cell is not None and s.para.cell[0] == cell[0] \
                    and s.para.cell[2] == cell[2]
            else:
                same = s.side == nn.side or s.side == "L"
            if same and s.seq >= nn.seq:
                left.append(s)
    right = [s for s in closing if s not in left and (nn is None or s.side != "L"
                                                       or nn.para.cell is not None)]
    if nn is not None and nn.para.cell is None:
        right = [s for s in right if s.side != "L"]
    # Nơi nhận: the dash lines under the label, the Lưu line last.
    items: list[str] = []
    luu: str | None = None
    for s in left:
        used = False
        for i, line in enumerate(_seg_lines(s)):
            if s is nn and i == 0:
                rest = _NN.sub("", line)
                if rest:
                    items.append(rest)
                used = True
                continue
            if _LUU.match(line) and "lưu" in line.lower()[:6]:
                luu, used = line, True
            elif line.startswith(_DASH) or s.para.numbering_text:
                items.append(line)
                used = True
            elif items and luu is None:
                items[-1] += " " + line
                used = True
        if used:
            rd.take(s)
    if luu is not None:
        _luu(luu, data, rd)
    data["noi_nhan"] = [_item(i) for i in items if _item(i)]
    # The signer: authority lines, the title, the name last.
    lines: list[tuple[Segment, str]] = [(s, line) for s in right for line in _seg_lines(s)]
    signer: dict[str, Any] = {}
    titles: list[tuple[Segment, str]] = []
    for s, line in lines:
        m = _AUTHORITY_LINE.match(line)
        if m and line == line.upper() and not titles:
            key = _AUTHORITY_FIELDS[m.group(1).upper()]
            if key in signer:
                rd.omit("dòng thẩm quyền ký", line, "khối chữ ký")
            else:
                signer[key] = m.group(2).strip()
            rd.take(s)
        elif _SIGNATURE_NOTE.match(line):
            continue  # "(Đã ký)", "(Chữ ký, dấu)": left to the sweep, which names it
        else:
            titles.append((s, line))
    if titles:
        first_seg, title = titles[0]
        rd.take(first_seg)
        m = re.match(r"^Q\s*\.\s*(.+)$", title)
        if m:
            signer["quyen"] = True
            title = m.group(1)
        signer["chuc_vu"] = title
        if len(titles) > 1:
            name_seg, name = titles[-1]
            signer["ho_ten"] = name
            rd.take(name_seg)
            middle = titles[1:-1]
            if middle and all(s is first_seg for s, _ in middle):
                # A title over two soft-broken lines: "PHÓ CHÁNH VĂN PHÒNG\n…".
                signer["chuc_vu"] = " ".join([title] + [t for _, t in middle])
    data["nguoi_ky"] = signer
    return closing


def _table_rows(paras: list[FlowPara]) -> list[str]:
    """Markdown pipe rows of one table's paragraphs (row 0 is the header row)."""
    cells: dict[tuple[int, int], list[str]] = {}
    width = 0
    for para in paras:
        assert para.cell is not None
        _, row, col = para.cell
        width = max(width, col + 1)
        cells.setdefault((row, col), []).extend(para_lines(para))
    rows = sorted({r for r, _ in cells})
    out: list[str] = []
    for n, row in enumerate(rows):
        texts = [" ".join(cells.get((row, c), [])).replace("|", "/") for c in range(width)]
        out.append("| " + " | ".join(texts) + " |")
        if n == 0:
            out.append("|" + "---|" * width)
    return out


def _stream(paras: list[FlowPara], rd: _Reading) -> list[tuple[FlowPara | None, str]]:
    """The lines of a run of body paragraphs, tables as pipe rows (para None for a row)."""
    out: list[tuple[FlowPara | None, str]] = []
    i = 0
    while i < len(paras):
        para = paras[i]
        if para.cell is not None:
            table = para.cell[0]
            j = i
            while j < len(paras) and paras[j].cell is not None and paras[j].cell[0] == table:
                rd.take_para(paras[j])
                j += 1
            out.extend((None, row) for row in _table_rows(paras[i:j]))
            i = j
            continue
        lines = para_lines(para)
        if lines and not all(_DASH_ONLY.match(line) for line in lines):
            out.extend((para, line) for line in lines)
        rd.take_para(para)
        i += 1
    return out




def _plain(line: str) -> str:
    return line.replace("**", "").replace("*", "").strip()


def _body(found: Located, kind: LoaiVanBan, paras: list[FlowPara], data: dict[str, Any],
          rd: _Reading) -> None:
    """Authority line, legal bases, articles, giấy mời/biên bản lines and the body text."""
    telegram = getattr(found, "dien", [])
    if telegram:
        # "<THẨM QUYỀN> điện:" and its recipients, as the locator found them.
        rd.take(*telegram)
        m = _TELEGRAM.match(telegram[0].clean)
        if m:
            data["tham_quyen"] = m.group(1).strip()
        items = [_item(x) for s in telegram[1:] for x in _seg_lines(s) if _item(x)]
        if items:
            data["kinh_gui"] = items
    elif kind.value == "cong-dien":
        paras = _telegram_recipients(paras, data, rd)
    lines = _stream(paras, rd)
    can_cu = [_item(s.clean) for s in found.can_cu]
    rd.take(*found.can_cu)
    # The preamble as the locator found it, when it did.
    authority = getattr(found, "tham_quyen", [])
    if authority:
        rd.take(*authority)
        data["tham_quyen"] = " ".join(line for s in authority for line in _seg_lines(s))
    proposal = getattr(found, "theo_de_nghi", [])
    if proposal:
        rd.take(*proposal)
        text = " ".join(line for s in proposal for line in _seg_lines(s))
        data["theo_de_nghi"] = _THEO_DE_NGHI.sub("", text).rstrip(" .;")
    decision = getattr(found, "decision", None)
    if decision is not None:
        rd.take(decision)
    body: list[str] = []
    articles: list[list[str]] = []
    labelled = _LABELLED.get(kind.value, [])
    used: set[int] = set()
    listing: str | None = None
    preamble = True
    for para, line in lines:
        plain = _plain(line)
        if listing is not None:
            # The dash list under "kính mời:", "Thành phần tham dự:", "… điện:".
            if plain.startswith(_DASH) and _item(plain):
                _put(data, listing, _item(plain), append=True)
                continue
            listing = None
        if preamble and para is not None and not articles and not body:
            if KINDS[kind.value].has("tham_quyen") and "tham_quyen" not in data and not can_cu \
                    and para.align == "center" and plain == plain.upper() \
                    and not plain.endswith(":"):
                data["tham_quyen"] = plain
                continue
            if _CAN_CU.match(plain) and kind is not LoaiVanBan.CONG_VAN:
                can_cu.append(_item(plain))
                continue
            if _THEO_DE_NGHI.match(plain) and kind is not LoaiVanBan.CONG_VAN:
                data["theo_de_nghi"] = _THEO_DE_NGHI.sub("", plain).rstrip(" .;")
                continue
        if para is not None and _DECIDES.match(plain) and para.align == "center" \
                and KINDS[kind.value].has("articles"):
            preamble = False
            continue  # "QUYẾT ĐỊNH:", printed again by docgen before Điều 1
        if para is not None and KINDS[kind.value].has("articles") and _DIEU.match(plain):
            preamble = False
            rest = _DIEU.sub("", plain, count=1).strip()
            articles.append([rest] if rest else [])
            continue
        preamble = False
        if articles:
            articles[-1].append(line)
            continue
        if para is not None and labelled:
            closed = strip_end_mark(plain)  # "… ngày 31/12/2026./." as "… ngày 31/12/2026."
            hit = next(((i, m, is_list) for i, (pattern, is_list) in enumerate(labelled)
                        if i not in used and (m := pattern.match(closed))), None)
            if hit is not None:
                i, m, is_list = hit
                used.add(i)
                groups = m.groupdict()
                if groups.get("body"):
                    body.append(groups["body"])  # text written on the label's own line
                listing = _labelled_values(m, is_list, data)
                continue
        body.append(line)
    if can_cu:
        data["can_cu"] = [c for c in can_cu if c]
    if decision is not None and not articles:
        # No "Điều 1." follows: docgen prints the line only before articles.
        rd.omit("dòng mở đầu phần quyết định (không có Điều nào theo sau)", decision.clean)
    if articles:
        dieu: list[Any] = []
        for article in articles:
            text_lines = [x for x in article if x]
            if len(text_lines) > 1 and not re.search(r"[.:;,]$", _plain(text_lines[0])):
                dieu.append({"tieu_de": _plain(text_lines[0]),
                             "noi_dung": "\n".join(text_lines[1:])})
            else:
                dieu.append("\n".join(text_lines) or "…")
        last = dieu[-1]
        if isinstance(last, dict):
            last["noi_dung"] = strip_end_mark(last["noi_dung"])
        else:
            dieu[-1] = strip_end_mark(last)
        data["dieu"] = dieu
    if body:
        body[-1] = strip_end_mark(body[-1])
        data["noi_dung"] = "\n".join(body)


def _telegram_recipients(paras: list[FlowPara], data: dict[str, Any], rd: _Reading
                         ) -> list[FlowPara]:
    """A công điện's ``<…> điện:`` line and the recipients under it (Mẫu 1.6), often laid in a
    table's right column: taken out of the body into tham_quyen and kinh_gui."""
    for i, para in enumerate(paras):
        lines = para_lines(para, markup=False)
        m = _TELEGRAM.match(lines[0]) if len(lines) == 1 else None
        if m is None:
            continue
        data["tham_quyen"] = m.group(1).strip()
        rd.take_para(para)
        j = i + 1
        items: list[str] = []
        table = paras[j].cell[0] if j < len(paras) and paras[j].cell is not None else None
        while j < len(paras):
            lines = para_lines(paras[j], markup=False)
            in_table = table is not None and paras[j].cell is not None \
                and paras[j].cell[0] == table
            if not in_table and not (lines and all(x.startswith(_DASH) for x in lines)):
                break
            items += [_item(x) for x in lines if _item(x)]
            rd.take_para(paras[j])
            j += 1
        if items:
            data["kinh_gui"] = items
        return paras[:i] + paras[j:]
    return paras


def _put(data: dict[str, Any], key: str, value: Any, append: bool = False) -> None:
    """Set ``a__b`` as ``data[a][b]``; with ``append`` add ``value`` to the list there."""
    *parents, last = key.split("__")
    target = data
    for parent in parents:
        target = target.setdefault(parent, {})
    if append:
        current = target.get(last)
        target[last] = ([] if current in (None, "") else
                        current if isinstance(current, list) else [current]) + [value]
    else:
        target[last] = value


def _labelled_values(m: re.Match[str], is_list: bool, data: dict[str, Any]) -> str | None:
    """Store a labelled line's values; the key whose dash list follows, if it does."""
    listing = None
    for key, value in m.groupdict().items():
        if key in ("ho_ten_don", "body"):
            continue  # the name again in "Xét Đơn … của ông (bà) X": printed from ho_ten
        value = strip_end_mark((value or "").strip()).strip()
        if key.endswith("ong_ba"):
            value = _ONG_BA.get(value.lower(), "Ông (bà)")
        if key.endswith("cuoc_hop") and value.lower() == "cuộc họp":
            continue  # the default noun
        if is_list and not value:
            listing = key
            continue
        if value:
            _put(data, key, value)
    return listing


def _two_signatures(found: Located, body: list[FlowPara], data: dict[str, Any],
                    rd: _Reading) -> list[FlowPara]:
    """A biên bản's THƯ KÝ / CHỦ TỌA blocks (Mẫu 1.9): the two signers, out of the body.

    Each block is a table cell whose first line is ``THƯ KÝ`` or ``CHỦ TỌA``; the name is the
    cell's last line (a ``(Chữ ký)`` note is left to the sweep, which names it).
    """
    cells: dict[tuple[int, int, int], list[FlowPara]] = {}
    for para in found.flow.paras:
        if para.cell is not None:
            cells.setdefault(para.cell, []).append(para)
    used: set[int] = set()
    for cell, paras in cells.items():
        lines = [(p, x) for p in paras for x in para_lines(p, markup=False)]
        if not lines:
            continue
        head = canonical(lines[0][1])
        if head not in ("THƯ KÝ", "CHỦ TỌA", "CHỦ TỊCH"):
            continue
        if head == "CHỦ TỊCH" and not any(canonical(x) == "THƯ KÝ" for c, ps in cells.items()
                                          if c[0] == cell[0] for p in ps
                                          for x in para_lines(p, markup=False)):
            continue
        names = [(p, x) for p, x in lines[1:] if not _SIGNATURE_NOTE.match(x)]
        rd.take_para(lines[0][0])
        key = "thu_ky_ky" if head == "THƯ KÝ" else "nguoi_ky"
        if names:
            rd.take_para(names[-1][0])
            data[key] = {"ho_ten": names[-1][1]}
        used.update(id(p) for p in paras)
    return [p for p in body if id(p) not in used]


def _authority_case(attached: str, data: dict[str, Any]) -> None:
    """``(Kèm theo … của Chủ tịch Ủy ban nhân dân xã X)``: the authority as the clerk typed it,
    which the authority line above only shows in capitals."""
    authority = data.get("tham_quyen")
    m = re.search(r"\bcủa\s+(.+?)\)?\s*$", attached)
    if authority and m and canonical(m.group(1)) == canonical(authority):
        data["tham_quyen"] = m.group(1).strip()


def _appendices(flow: Flow, starts: list[int], sections: dict[int, int], rd: _Reading,
                data: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    bounds = [*starts, len(flow.paras)]
    for n, begin in enumerate(starts):
        paras = flow.paras[begin:bounds[n + 1]]
        rd.take_para(paras[0])
        heading = para_lines(paras[0], markup=False)
        title: list[str] = [_plain(x) for x in heading[1:]]
        i = 1
        attached = False
        while i < len(paras):
            lines = para_lines(paras[i], markup=False)
            if not lines:
                i += 1
                continue
            if paras[i].cell is not None or paras[i].align != "center":
                break
            text = " ".join(lines)
            if _DASH_ONLY.match(text):
                rd.take_para(paras[i])
                i += 1
                break
            if attached or _ATTACHED.match(text):
                _authority_case(text, data)
                # "(Kèm theo Kế hoạch số …)": docgen writes it from the document's number/date.
                rd.take_para(paras[i])
                rd.omit(f"dòng ghi chú của phụ lục {n + 1} (docgen ghi lại từ số, ngày của văn "
                        "bản)", text, lost=False)
                attached = not text.rstrip().endswith(")")
                i += 1
                if not attached:
                    nxt = para_lines(paras[i], markup=False) if i < len(paras) else []
                    if nxt and _DASH_ONLY.match(" ".join(nxt)):
                        rd.take_para(paras[i])
                        i += 1
                    break
                continue
            title.extend(_plain(x) for x in lines)
            rd.take_para(paras[i])
            i += 1
        body = [line for _, line in _stream(paras[i:], rd)]
        section = flow.sections[min(sections.get(id(paras[0]), 0), len(flow.sections) - 1)] \
            if flow.sections else None
        item: dict[str, Any] = {"tieu_de": " ".join(title) or f"Phụ lục {n + 1}",
                                "noi_dung": "\n".join(body) or "…"}
        if section is not None and section.width > section.height:
            item["ngang"] = True
        out.append(item)
    return out


# ---------------------------------------------------------------------------------------------
# What a form cannot hold


_PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
_CHART = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_MATH = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_V = "urn:schemas-microsoft-com:vml"
_DIAGRAM = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _note_text(root: Any, tag: str, note_id: str | None) -> str:
    for note in root.iter(w(tag)):
        if note.get(w("id")) == note_id:
            return clean_text(" ".join(t.text or "" for t in note.iter(w("t"))))
    return ""


def _drawing_kind(drawing: Any) -> str | None:
    """What a ``w:drawing`` / ``w:pict`` shows that a form cannot hold; None for a text box
    (its text is read) or a line (a rule docgen draws itself)."""
    if next(drawing.iter(w("txbxContent")), None) is not None or _is_line(drawing):
        return None
    tags = {el.tag for el in drawing.iter() if isinstance(el.tag, str)}
    if f"{{{_PIC}}}pic" in tags or f"{{{_V}}}imagedata" in tags:
        return "hình ảnh"
    if f"{{{_CHART}}}chart" in tags:
        return "biểu đồ"
    if f"{{{_DIAGRAM}}}relIds" in tags:
        return "sơ đồ (SmartArt)"
    return "hình vẽ"


def _objects(package: Package, flow: Flow, notes: dict[str, Any], rd: _Reading) -> None:
    """Images, drawings, charts, formulas, embedded objects, footnotes and comments, each
    named once with the paragraph it sits in (the fallback copy of ``mc:AlternateContent`` is
    not counted again)."""
    text_of = {id(p.element): " ".join(para_lines(p, markup=False)) for p in flow.paras
               if p.element is not None}
    body = package.document.find(w("body"))
    if body is None:
        return
    counters = {"footnote": 0, "endnote": 0}
    # Elements, not ids: an lxml proxy kept in the set keeps its identity.
    skip: set[Any] = set()
    for el in body.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if el in skip:
            continue
        if tag in (f"{{{_MC}}}Fallback", w("drawing"), w("pict"), w("object")):
            skip.update(el.iter())  # read once, here, or not at all
        if tag == f"{{{_MC}}}Fallback":
            continue
        para = next(el.iterancestors(w("p")), None)
        where = _near(text_of.get(id(para), "")) if para is not None else ""
        if tag in (w("drawing"), w("pict")):
            kind = _drawing_kind(el)
            if kind is not None:
                rd.omit(kind, "", where)
        elif tag == f"{{{_MATH}}}oMath" and el.getparent().tag != f"{{{_MATH}}}oMathPara":
            rd.omit("công thức", clean_text("".join(el.itertext())), where)
        elif tag == f"{{{_MATH}}}oMathPara":
            rd.omit("công thức", clean_text("".join(el.itertext())), where)
            skip.update(el.iter())
        elif tag == w("object"):
            rd.omit("đối tượng nhúng (OLE)", "", where)
        elif tag in (w("footnoteReference"), w("endnoteReference")):
            kind = "footnote" if tag == w("footnoteReference") else "endnote"
            counters[kind] += 1
            label = "chú thích cuối trang" if kind == "footnote" else "chú thích cuối văn bản"
            text = _note_text(notes[kind + "s"], kind, el.get(w("id"))) \
                if kind + "s" in notes else ""
            rd.omit(f"{label} {counters[kind]}", text, where)
        elif tag == w("commentReference"):
            text = _note_text(notes["comments"], "comment", el.get(w("id"))) \
                if "comments" in notes else ""
            rd.omit("nhận xét (comment)", text, where)
    for store, label in ((flow.header_paras, "đầu trang"), (flow.footer_paras, "chân trang")):
        seen: set[str] = set()
        for paras in store.values():
            for para in paras:
                text = " ".join(para_lines(para, markup=False))
                if not text or para.has_page_field or text.isdigit() or text in seen:
                    continue
                seen.add(text)
                rd.omit(f"chữ ở {label}", text, "docgen tự đánh số trang")


def _sweep(flow: Flow, rd: _Reading) -> None:
    """Every text the form did not take, paragraph by paragraph, named."""
    for para in flow.paras:
        left = [s for s in para.segments if s.runs and s.text.strip() and id(s) not in rd.taken]
        if not left:
            continue
        text = " ".join(line for s in left for line in _seg_lines(s))
        if _DASH_ONLY.match(text):
            continue  # a rule typed as dashes or dots
        where = "khung chữ (text box)" if para.container == "textbox" else ""
        rd.omit("đoạn văn không thuộc phần nào của thể thức", text, where)


# ---------------------------------------------------------------------------------------------
# Validation with a net: what the form cannot take is named, never fatal


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


def _to_fill(name: str, dotted: str, message: str) -> Problem:
    """A value the form still needs, in words for the clerk who now holds the form file."""
    label = _FIELD_LABELS.get(dotted, f"({dotted})")
    if message == "thiếu trường bắt buộc":
        message = "văn bản gốc không ghi giá trị này"
    # The message names the field itself (in words when docgen has them), so no field= here.
    return Problem(f"{label}: {message}", file=name,
                   hint="Điền các giá trị đó vào tệp biểu mẫu vừa ghi (dòng ghi trong ngoặc), "
                        "rồi chạy docgen render với tệp đó.")


def _validate(data: dict[str, Any], rd: _Reading, name: str) -> VanBan | None:
    """The form as a :class:`VanBan`; None (and ``rd.problems``) when it cannot be one yet."""
    unfillable: set[str] = set()
    filled: dict[str, Omission] = {}
    for _ in range(12):
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
            label = _FIELD_LABELS.get(key, key)
            if err["type"] in ("missing", "too_short") or _get(data, path) in (None, "", []):
                blank = _PLACEHOLDERS.get(key, ["…"] if err["type"] == "too_short" or
                                          isinstance(_get(data, path), list) else "…")
                if key not in filled and key not in unfillable:
                    _set(data, path, blank)
                    shown = blank[0] if isinstance(blank, list) else blank
                    rd.omit(f"không thấy {label} trong văn bản; đã ghi tạm '{shown}' để điền "
                            "sau", "", lost=False, fill_in=True)
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
                if any(c.isalnum() for c in text):  # a template's dots are no content
                    rd.omit(f"{label} (mẫu văn bản không nhận được: {message})", text)
                changed = True
        if not changed:
            rd.problems = [_to_fill(name, f, m) for f, m, _ in explained]
            return None
    rd.problems = [Problem("không dựng lại được biểu mẫu từ văn bản", file=name)]
    return None


# ---------------------------------------------------------------------------------------------
# The API


def read_back(data: bytes, name: str = "văn bản") -> Extraction:
    """The document in the .docx ``data`` as form values, and what could not be carried."""
    package = read_package(data, name)
    notes = read_note_parts(data, name)
    with bad_values(name):
        flow = read_flow(package)
        starts = _appendix_starts(flow)
        sections = _sections_of(flow)
        copy_block = _copy_block(flow)
        end = min([*starts[:1], *copy_block[:1], len(flow.paras)])
        found = locate(_restricted(flow, end))
        rd = _Reading(flow)
        if copy_block:
            # A bản sao: the form holds the copied document; docgen sao makes the block again.
            paras = flow.paras[copy_block[0]:copy_block[1]]
            for para in paras:
                rd.take_para(para)
            rd.omit("khối bản sao (docgen sao làm lại khối này)",
                    " ".join(x for p in paras for x in para_lines(p, markup=False)))
        kind, unknown_title = _kind_of(found)
        values: dict[str, Any] = {"loai": kind.value}
        profile = _profile(found)
        if profile and profile != "chuan":
            values["bo_cuc"] = profile
        _header(found, kind, values, rd)
        _kinh_gui(found, values, rd)
        in_body = _body_paras(found)
        body = [p for p in found.flow.paras if id(p) in in_body]
        if kind.value == "bien-ban":
            body = _two_signatures(found, body, values, rd)
        signers = {k: values[k] for k in ("nguoi_ky",) if k in values}
        closing = _closing(found, values, rd)
        values.update(signers)  # a biên bản's CHỦ TỌA block wins over the closing's reading
        closing_paras = {id(s.para) for s in closing}
        body = [p for p in body if id(p) not in closing_paras]
        _body(found, kind, body, values, rd)
        if starts:
            values["phu_luc"] = _appendices(flow, starts, sections, rd, values)
        _objects(package, flow, notes, rd)
        _sweep(flow, rd)
    values = {k: v for k, v in values.items() if v is not None}
    if not KINDS[kind.value].place_date and "dia_danh" not in values:
        # A biên bản prints no place-date line, but every form names its place.
        values["dia_danh"] = _PLACEHOLDERS["dia_danh"]
        rd.omit(f"{kind.title.lower() if kind.title else 'văn bản'} không có dòng địa danh; "
                f"đã ghi '{values['dia_danh']}' vào dia_danh (không in ra)", lost=False)
    van_ban = _validate(values, rd, name)
    if unknown_title is not None:
        # Read as a titled document; which kind it is, only the clerk can say.
        van_ban = None
        values["loai"] = "…"
        rd.problems.insert(0, Problem(
            f"loại văn bản: tên loại '{unknown_title}' không có trong Phụ lục III", file=name,
            field="loai", hint="Ghi vào dòng loai một trong: "
            + ", ".join(k.value for k in LoaiVanBan) + "."))
    return Extraction(van_ban, values, rd.omissions, rd.problems)


MAX_DOCX_BYTES = 128 * 1024 * 1024
"""Largest .docx file extract, sua and sao read (a long report with photos is a few MB)."""


def read_docx_file(path: Path | str) -> bytes:
    """The bytes of the .docx at ``path``: a folder, a device or an absurdly large file is
    refused with a clerk's message before anything is read."""
    return read_limited(Path(path), MAX_DOCX_BYTES, what="văn bản .docx")


def read_back_file(path: Path | str) -> Extraction:
    """:func:`read_back` of the .docx at ``path``."""
    return read_back(read_docx_file(path), str(path))


def extract_bytes(data: bytes, name: str = "văn bản") -> VanBan:
    """The document in the .docx ``data`` as a :class:`VanBan` (see :func:`read_back`)."""
    return read_back(data, name).document()


def extract_file(path: Path | str) -> VanBan:
    """The document in the .docx at ``path`` as a :class:`VanBan`."""
    return read_back_file(path).document()


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
    head = f"# Trích từ {source} bằng docgen extract; sửa rồi chạy: docgen render <tệp này>\n" \
        if source else ""
    for omission in omissions:
        head += "# Lưu ý: " + " ".join(omission.message().split()) + "\n"
    for problem in problems:
        head += "# Cần điền trước khi in: " + " ".join(problem.message.split()) + "\n"
    return head + yaml.dump(data, Dumper=_FormDumper, allow_unicode=True, sort_keys=False,
                            width=100)
