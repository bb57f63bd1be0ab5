"""The parts around the body: kind, header, Kính gửi, Nơi nhận and the signers, appendix and
copy-block boundaries."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from ..check.flow import (
    Flow,
    FlowPara,
    Segment,
)
from ..check.locate import URGENCY, Located, canonical
from ..i18n import _
from ..kinds import COPY_ABBREVIATIONS
from ..layout import LAYOUTS
from ..lines import Luu, SoLine, read_luu_line, read_place_date_line, read_so_line, read_vv_line
from ..models import DoKhan, LoaiVanBan
from ..ooxml import qn
from .omissions import _Reading
from .text import _DASH, _DASH_ONLY, _item, _seg_lines, para_lines

_AUTHORITY_FIELDS = {"TM": "thay_mat", "KT": "ky_thay", "TL": "thua_lenh",
                     "TUQ": "thua_uy_quyen"}


_AUTHORITY_LINE = re.compile(r"^(TM|KT|TL|TUQ)\s*\.\s*(.+)$", re.IGNORECASE)


_APPENDIX = re.compile(r"^phụ\s+lục(\s+(?P<n>[IVXLC]+|\d+)[a-z]?)?\s*[.:]?$", re.IGNORECASE)


_NN = re.compile(r"^nơi\s+nhận\s*:?\s*", re.IGNORECASE)


_SIGNATURE_NOTE = re.compile(r"^\((đã\s+ký|ký|chữ\s+ký)\b.*\)$", re.IGNORECASE)


def _sections_of(flow: Flow) -> dict[int, int]:
    """Section number (0-based) of each paragraph, by id."""
    if flow.paras and hasattr(flow.paras[0], "section"):
        return {id(p): p.section for p in flow.paras}
    out: dict[int, int] = {}
    number = 0
    for para in flow.paras:
        out[id(para)] = number
        el = para.element
        if el is not None and el.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None \
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
        # No title line read: the ký hiệu still says the kind (QĐ-UBND), a công văn has none.
        so = read_so_line(found.so.clean) if found.so is not None else None
        groups = _code_groups(so)
        by_code = {k.abbreviation: k for k in LoaiVanBan if k.abbreviation}
        kind = by_code.get(groups[0]) if len(groups) >= 2 else None
        return kind or LoaiVanBan.CONG_VAN, None
    title = canonical(found.title.clean)
    for kind in LoaiVanBan:
        if kind.title == title:
            return kind, None
    return LoaiVanBan.THONG_BAO, title


def _code(so: SoLine | None) -> str:
    """The ký hiệu of a read Số line as far as its first space (``QĐ-UBND`` of ``QĐ-UBND
    ngày …``); empty when there is none."""
    words = so.ky_hieu.split() if so is not None else []
    return words[0] if words else ""


def _code_groups(so: SoLine | None) -> list[str]:
    """The ``-``-separated groups of the ký hiệu: ``["QĐ", "UBND"]``."""
    return [g for g in _code(so).split("-") if g]


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


def _same_column(segment: Segment, cell: tuple[int, int, int]) -> bool:
    """Whether ``segment`` is in the table column of ``cell`` (the Số line's cell)."""
    return segment.para.cell is not None and segment.para.cell[0] == cell[0] \
        and segment.para.cell[2] == cell[2]


def _agency(found: Located) -> tuple[list[Segment], list[Segment]]:
    """The agency's lines and the governing body's (chủ quản), as the header shows them."""
    agency = [s for s in found.co_quan if not _DASH_ONLY.match(s.clean)]
    so_cell = found.so.para.cell if found.so is not None else None
    if not agency and not found.chu_quan and so_cell is not None:
        # The agency above the Số line in the same column of the header table.
        skip = {id(s) for s in (found.quoc_hieu, found.tieu_ngu, found.date, found.urgency)
                if s is not None}
        agency = [s for s in found.flow.segments if s.seq < found.so.seq and id(s) not in skip
                  and _same_column(s, so_cell) and not _DASH_ONLY.match(s.clean)]
    if so_cell is None:
        return agency, list(found.chu_quan)
    # The agency lines are in the Số cell's column; a line above the header table is not.
    return ([s for s in agency if _same_column(s, so_cell)],
            [s for s in found.chu_quan if _same_column(s, so_cell)])


def _number_and_code(found: Located, kind: LoaiVanBan, co_quan: dict[str, Any],
                     data: dict[str, Any]) -> None:
    """``Số: 05/QĐ-UBND`` → so, and the ký hiệu split into the agency's abbreviation, the
    drafting unit and, when docgen would not write it so, the whole ký hiệu."""
    so = read_so_line(found.so.clean) if found.so is not None else None
    code = _code(so)
    groups = _code_groups(so)
    if so is not None and so.number is not None:
        data["so"] = so.number
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


def _place_and_date(found: Located, data: dict[str, Any], rd: _Reading) -> None:
    """The place-date line → dia_danh and ngay (or nam when the day is left blank)."""
    if found.date is None:
        return
    line = read_place_date_line(found.date.clean)
    if line is None:
        # A blank form's "…, ngày ... tháng ... năm …": only a written place name is a value.
        place = found.date.clean.split(",")[0].strip()
        if any(c.isalpha() for c in place) and not re.search(r"…|\.{2,}|\d", place):
            data["dia_danh"] = place
        else:
            rd.taken.discard(id(found.date))  # named by the sweep as it stands
        return
    data["dia_danh"] = line.dia_danh
    if line.date is not None:
        data["ngay"] = line.date.isoformat()
        return
    data["nam"] = line.year
    if (line.day is None) != (line.month is None):
        # The form has a whole date or only the year: a lone month or day is named, with
        # the date as the line writes it ("ngày    tháng 9 năm 2025").
        rd.omit(_("ngày, tháng ghi dở trên dòng địa danh (biểu mẫu chỉ giữ năm khi "
                  "chưa đủ ngày tháng)"), found.date.clean.split(",", 1)[1].strip())


def _subject(found: Located, kind: LoaiVanBan, data: dict[str, Any], rd: _Reading) -> None:
    """The trích yếu: a công văn's ``V/v …`` lines, the lines under another kind's title."""
    if kind is LoaiVanBan.CONG_VAN:
        rd.take(*found.vv)
        subject = " ".join(line for s in found.vv for line in _seg_lines(s))
        data["trich_yeu"] = read_vv_line(subject) or subject
        return
    lines: list[str] = []
    for s in found.trich_yeu:
        rd.take(s)
        if _DASH_ONLY.match(s.clean):
            break
        lines.extend(_seg_lines(s))
    data["trich_yeu"] = " ".join(lines)


def _header(found: Located, kind: LoaiVanBan, data: dict[str, Any], rd: _Reading) -> None:
    """The header block: agency, Số and ký hiệu, place and date, urgency, trích yếu."""
    rd.take(found.quoc_hieu, found.tieu_ngu, found.so, found.date, found.urgency, found.title)
    agency, chu_quan = _agency(found)
    rd.take(*agency, *chu_quan, *[s for s in found.co_quan if _DASH_ONLY.match(s.clean)])
    co_quan: dict[str, Any] = {"ten": [line for s in agency if s not in chu_quan
                                       for line in _seg_lines(s)]}
    if chu_quan:
        co_quan["chu_quan"] = [line for s in chu_quan for line in _seg_lines(s)]
    _number_and_code(found, kind, co_quan, data)
    data["co_quan"] = {k: v for k, v in co_quan.items() if v}
    _place_and_date(found, data, rd)
    if found.urgency is not None:
        data["do_khan"] = URGENCY.get(canonical(found.urgency.clean), DoKhan.HOA_TOC).value
    _subject(found, kind, data, rd)


def _kinh_gui(found: Located, data: dict[str, Any], rd: _Reading) -> None:
    if found.kinh_gui is None:
        return
    rd.take(found.kinh_gui, *found.kinh_gui_items)
    lines = _seg_lines(found.kinh_gui)
    rest = re.sub(r"^kính\s+gửi\s*:?\s*", "", lines[0], flags=re.IGNORECASE) if lines else ""
    items = ([rest] if rest else []) + lines[1:] + \
        [line for s in found.kinh_gui_items for line in _seg_lines(s)]
    data["kinh_gui"] = [_item(i) for i in items if _item(i)]


_DRAFTER = re.compile(r"[A-ZĐ][A-Za-zĐđ]*")
"""A drafter's initials as the Lưu line writes them before the copies: ``H(30)``."""


def _luu(luu: Luu, data: dict[str, Any], rd: _Reading) -> None:
    """A read Lưu line (:func:`docgen.lines.read_luu_line`) → luu, nguoi_soan, so_ban; a
    drafter written after the unit (``NC.Châu``) is named when it is not initials."""
    items = list(luu.items)
    if luu.nguoi_soan is not None and not _DRAFTER.fullmatch(luu.nguoi_soan):
        # "NC.Châu(5)" or "Ông A(5)": no initials, so the line's last item as typed.
        items.append(f"{luu.nguoi_soan}({luu.so_ban})")
        drafter, so_ban = None, None
    else:
        drafter, so_ban = luu.nguoi_soan, luu.so_ban
    if drafter is None and items:
        # "NC.Châu": the unit, then the drafter's name after a full stop.
        unit, dot, name = items[-1].partition(".")
        if unit.strip() and dot and name.strip():
            items[-1] = unit.strip()
            if re.fullmatch(r"[A-ZĐ0-9]+", name.strip()):
                drafter = name.strip()
            else:
                rd.omit(_("ký hiệu người soạn thảo"), name.strip(), _(
                    "dòng Lưu; ký hiệu người soạn chỉ gồm chữ in hoa không dấu — ghi vào "
                    "nguoi_soan nếu cần"))
    if drafter is not None:
        data["nguoi_soan"] = drafter
    if so_ban is not None:
        data["so_ban"] = so_ban
    data["luu"] = items


def _closing_sides(found: Located, closing: list[Segment]) -> tuple[list[Segment],
                                                                     list[Segment]]:
    """The closing's left side (Nơi nhận, from its label down) and right side (the signer)."""
    nn = found.noi_nhan
    if nn is None:
        return [], list(closing)
    cell = nn.para.cell
    left: list[Segment] = []
    for s in closing:
        same = _same_column(s, cell) if cell is not None else s.side in (nn.side, "L")
        if same and s.seq >= nn.seq:
            left.append(s)
    right = [s for s in closing if s not in left and (s.side != "L" or cell is not None)]
    return left, right


def _noi_nhan(found: Located, left: list[Segment], data: dict[str, Any], rd: _Reading) -> None:
    """Nơi nhận: the dash lines under the label, the Lưu line last."""
    items: list[str] = []
    luu: Luu | None = None
    for s in left:
        used = False
        for i, line in enumerate(_seg_lines(s)):
            read = read_luu_line(line)
            if s is found.noi_nhan and i == 0:
                rest = _NN.sub("", line)
                if rest:
                    items.append(rest)
            elif read is not None:
                luu = read
            elif line.startswith(_DASH) or s.para.numbering_text:
                items.append(line)
            elif items and luu is None:
                items[-1] += " " + line
            else:
                continue
            used = True
        if used:
            rd.take(s)
    if luu is not None:
        _luu(luu, data, rd)
    data["noi_nhan"] = [_item(i) for i in items if _item(i)]


def _signer(right: list[Segment], rd: _Reading) -> dict[str, Any]:
    """The signer: authority lines (TM., KT.…), the title, the name last."""
    signer: dict[str, Any] = {}
    titles: list[tuple[Segment, str]] = []
    for s, line in [(seg, line) for seg in right for line in _seg_lines(seg)]:
        m = _AUTHORITY_LINE.match(line)
        if m and line == line.upper() and not titles:
            key = _AUTHORITY_FIELDS[m.group(1).upper()]
            if key in signer:
                rd.omit(_("dòng thẩm quyền ký"), line, _("khối chữ ký"))
            else:
                signer[key] = m.group(2).strip()
            rd.take(s)
        elif not _SIGNATURE_NOTE.match(line):
            titles.append((s, line))
        # "(Đã ký)", "(Chữ ký, dấu)": left to the sweep, which names it
    if not titles:
        return signer
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
    return signer


def _closing(found: Located, data: dict[str, Any], rd: _Reading) -> list[Segment]:
    """Nơi nhận and the signer; returns the closing's segments."""
    start = found.closing_start
    if start is None:
        return []
    end = getattr(found, "end_seq", None)  # notes to a template or appendices follow
    closing = [s for s in found.flow.segments
               if s.seq >= start and (end is None or s.seq < end)]
    left, right = _closing_sides(found, closing)
    _noi_nhan(found, left, data, rd)
    data["nguoi_ky"] = _signer(right, rd)
    return closing


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

