"""Laying a :class:`~docgen.models.VanBan` out as ``word/document.xml``.

The document's kind (:mod:`docgen.kinds`) lists its blocks in order; each block has one drawing
function here. Every size, width and spacing comes from the layout table
(:func:`docgen.layout.layout_for`); the text of each element comes from the model. This module
only decides where things go.
"""

from __future__ import annotations

from collections.abc import Callable

from ..body import END_MARK, Block, Cell, Paragraph, Table
from ..layout import (
    QUOC_HIEU,
    TIEU_NGU,
    TWIPS_PER_PT,
    Element,
    Layout,
    cm_to_twips,
    layout_for,
    mm_to_twips,
)
from ..metrics import text_width_pt, word_width_pt
from ..models import NguoiKy, VanBan
from ..ooxml import declarations
from .wml import (
    CELL_MARGIN_TWIPS,
    Font,
    Para,
    borderless_table,
    content_width_twips,
    grid_table,
    paragraph,
    run,
    text_paragraph,
)

NAMESPACES = declarations("w", "r")


def font(element: Element) -> Font:
    """The run formatting of a layout element."""
    return Font(element.size_pt, bool(element.bold), bool(element.italic))


def rule_paragraph(width_twips: int, available_twips: int, lay: Layout) -> str:
    """A rule of ``width_twips`` centred in ``available_twips``: a 2-pt paragraph whose bottom
    border is the line.

    A bottom border on the text paragraph itself would span the whole cell (see nd30.md notes);
    indents on a separate paragraph give the exact length. A top border would do as well in Word,
    but Writer draws it over the descenders of the line above in the body flow.
    """
    width = min(width_twips, available_twips)
    side = max(0, (available_twips - width) // 2)
    fmt = Para(align="center", line_exact_pt=lay.rule_paragraph_pt, left=side, right=side,
               rule=True)
    return paragraph("", fmt, Font(lay.spacer_font_pt))


def element_text_twips(text: str, element: Element) -> int:
    """The width of ``text`` set as ``element`` (size, bold, italic), in twips."""
    return round(text_width_pt(text, element.size_pt, bold=bool(element.bold),
                               italic=bool(element.italic)) * TWIPS_PER_PT)


def text_width_twips(lay: Layout, landscape: bool = False) -> int:
    """The width between the page margins."""
    page = lay.page
    across = page.height_mm if landscape else page.width_mm
    return mm_to_twips(across - page.left.mm - page.right.mm)


def _body_para(lay: Layout, last: bool = False) -> Para:
    """Body paragraph format (R-31); the paragraph that closes the text (``./.``) keeps with
    the closing block, so a signature never stands alone on a page."""
    body = lay.body
    return Para(align="both", before=body.space_before_pt, line=body.line_spacing,
                first_line=cm_to_twips(body.first_line_indent_cm), keep_next=last)


def _centred(text: str, element: Element, before: float = 0, after: float = 0) -> str:
    return text_paragraph(text, font(element), Para(align="center", before=before, after=after))


# ---------------------------------------------------------------------------------------------
# Header


def _box(label: str, element: Element, cell_cm: float, lay: Layout) -> str:
    """A single-line framed box (R-23 urgency, R-26 circulation note)."""
    padding = mm_to_twips(lay.box_padding_mm)
    width = element_text_twips(label, element) + 2 * padding
    side = max(0, (content_width_twips(cell_cm) - width) // 2)
    fmt = Para(align="center", before=lay.box_space_before_pt, left=side, right=side, box=True)
    return text_paragraph(label, font(element), fmt)


def _agency_and_nation(vb: VanBan, lay: Layout) -> tuple[str, str]:
    """The header's first row: agency with its rule (R-13 – R-15), Quốc hiệu and Tiêu ngữ with
    its rule (R-10 – R-12)."""
    left_cm = lay.header_columns.left_cm
    right_cm = lay.header_columns.right_cm
    centre = Para(align="center")
    above_rule = Para(align="center", after=lay.above_rule_pt)

    left: list[str] = []
    chu_quan, co_quan = lay["chu_quan"], lay["co_quan"]
    left += [text_paragraph(line, font(chu_quan), centre) for line in vb.co_quan.lines_chu_quan]
    names = vb.co_quan.lines_ten
    left += [text_paragraph(line, font(co_quan), above_rule if i == len(names) - 1 else centre)
             for i, line in enumerate(names)]
    # A name wider than the cell wraps; its visible line is then the cell's width.
    longest = min(max(element_text_twips(line, co_quan) for line in vb.co_quan.lines_ten),
                  content_width_twips(left_cm))
    left.append(rule_paragraph(round(longest * lay.agency_rule_ratio), content_width_twips(left_cm),
                      lay))

    right = [
        text_paragraph(QUOC_HIEU, font(lay["quoc_hieu"]), centre),
        text_paragraph(TIEU_NGU, font(lay["tieu_ngu"]), above_rule),
        rule_paragraph(element_text_twips(TIEU_NGU, lay["tieu_ngu"]),
                       content_width_twips(right_cm), lay),
    ]
    return "".join(left), "".join(right)


def _header(vb: VanBan, lay: Layout) -> str:
    """Agency and Quốc hiệu; Số with V/v and the boxes, place and date (R-10 – R-26)."""
    left_cm = lay.header_columns.left_cm
    right_cm = lay.header_columns.right_cm
    agency, nation = _agency_and_nation(vb, lay)
    number: list[str] = [text_paragraph(vb.so_ky_hieu, font(lay["so_ky_hieu"]),
                                        Para(align="center", before=lay.so_space_before_pt))]
    if vb.kind.has("vv"):
        number.append(text_paragraph(
            vb.trich_yeu_line, font(lay["trich_yeu_cv"]),
            Para(align="center", before=lay.trich_yeu_space_before_pt)))
    if vb.do_khan is not None:
        number.append(_box(vb.do_khan.label, lay["do_khan"], left_cm, lay))
    if vb.luu_hanh:
        number.append(_box(vb.luu_hanh.upper(), lay["luu_hanh"], left_cm, lay))
    element = lay["dia_danh_ngay"]
    if vb.kind.place_date:
        date = text_paragraph(vb.dia_danh_ngay, font(element),
                              Para(align="center", before=lay.date_space_before_pt))
    else:  # a biên bản carries no place-date line (Mẫu 1.9)
        date = paragraph("", Para(align="center"), font(element))
    return borderless_table([[agency, nation], ["".join(number), date]], (left_cm, right_cm))


# ---------------------------------------------------------------------------------------------
# Title, authority, preamble


def _title_rule(text: str, element: Element, lay: Layout) -> str:
    full = text_width_twips(lay)
    width = min(element_text_twips(text, element), full)
    return rule_paragraph(round(width * lay.title_rule_ratio), full, lay)


def _title(vb: VanBan, lay: Layout) -> str:
    """Kind title, trích yếu and its rule (R-21, R-22)."""
    trich_yeu = lay["trich_yeu"]
    return "".join([
        _centred(vb.kind.title or "", lay["ten_loai"], before=lay.title_space_before_pt),
        _centred(vb.trich_yeu_line, trich_yeu, after=lay.above_rule_pt),
        _title_rule(vb.trich_yeu_line, trich_yeu, lay),
    ])


def _title_only(vb: VanBan, lay: Layout) -> str:
    """Kind title with the rule under it: giấy giới thiệu, giấy nghỉ phép (Mẫu 1.8, 1.10)."""
    title = vb.kind.title or ""
    element = lay["ten_loai"]
    return (_centred(title, element, before=lay.title_space_before_pt, after=lay.above_rule_pt)
            + _title_rule(title, element, lay))


def _tham_quyen(vb: VanBan, lay: Layout) -> str:
    """The authority line under the trích yếu rule (R-24)."""
    if not vb.tham_quyen_line:
        return ""
    return _centred(vb.tham_quyen_line, lay["tham_quyen"], before=lay.title_space_before_pt)


def _can_cu(vb: VanBan, lay: Layout) -> str:
    """Legal bases and ``Theo đề nghị của …`` (R-32)."""
    f = font(lay["can_cu"])
    fmt = _body_para(lay)
    return "".join(text_paragraph(line, f, fmt) for line in vb.can_cu_lines)


def _decision(vb: VanBan, lay: Layout) -> str:
    """``QUYẾT ĐỊNH:`` / ``QUYẾT NGHỊ:`` (R-25)."""
    if not vb.decision_line:
        return ""
    fmt = Para(align="center", before=lay.decision_space_before_pt,
               after=lay.decision_space_after_pt, keep_next=True)
    return text_paragraph(vb.decision_line, font(lay["quyet_dinh"]), fmt)


def _recipient_list(lines: list[str], label: str, lay: Layout) -> str:
    """``Kính gửi:`` (or nothing) in a left column and the ``- X;`` lines in a right one."""
    f = font(lay["kinh_gui"])
    before = lay.kinh_gui_space_before_pt
    head = (text_paragraph(label, f, Para(align="right", before=before)) if label
            else paragraph("", Para(before=before), f))
    hang = mm_to_twips(lay.kinh_gui_hanging_mm)
    items = "".join(
        text_paragraph(line, f, Para(align="both", before=before if i == 0 else 0, left=hang,
                                     hanging=hang))
        for i, line in enumerate(lines))
    cols = lay.kinh_gui_columns
    return borderless_table([[head, items]], (cols.left_cm, cols.right_cm))


def _kinh_gui(vb: VanBan, lay: Layout) -> str:
    """``Kính gửi:`` and the recipients (R-30)."""
    if not vb.kinh_gui:
        return ""
    f = font(lay["kinh_gui"])
    lines = vb.kinh_gui_lines
    if len(lines) == 1:
        return paragraph([run("Kính gửi: ", f), run(lines[0], f)],
                         Para(align="center", before=lay.kinh_gui_space_before_pt), f)
    return _recipient_list(lines, "Kính gửi:", lay)


def _dien(vb: VanBan, lay: Layout) -> str:
    """``<AUTHORITY> điện:`` and the recipients of the công điện (R-27, Mẫu 1.6)."""
    line = _centred(vb.dien_line, lay["dien"], before=lay.dien_space_before_pt)
    return line + _recipient_list(vb.dien_recipient_lines, "", lay)


# ---------------------------------------------------------------------------------------------
# Body: paragraphs, tables, articles, the fixed lines of giấy mời / giới thiệu / nghỉ phép


def _paragraph(para: Paragraph, lay: Layout, prefix: list[str] | None = None) -> str:
    size = lay["noi_dung"].size_pt
    runs = [*(prefix or []), *(run(r.text, Font(size, r.bold, r.italic)) for r in para.runs)]
    return paragraph(runs, _body_para(lay, para.text.endswith(END_MARK)), Font(size))


def _cell_widths(cell: Cell, size: float, header: bool) -> tuple[float, float]:
    """The widest line of ``cell`` and its widest unbreakable token, in points; a line with
    a bold run is measured bold (a bold total is wider than the figures above it)."""
    widest = token = 0.0
    for line in cell.lines:
        bold = header or any(r.bold for r in line)
        words = "".join(r.text for r in line).split(" ")
        # Widths add up letter by letter: the line is its words and its spaces.
        sizes = [word_width_pt(w, size, bold) for w in words]
        widest = max(widest, sum(sizes) + (len(words) - 1) * word_width_pt(" ", size, bold))
        token = max(token, *sizes)
    return widest, token


def _fit_floors(widths: list[int], floors: list[int], available: int) -> list[int]:
    """``widths`` changed so that no column is under its floor: the columns above their floor
    give the room in proportion to their width (R-35: a number or a word never wraps)."""
    if sum(floors) >= available:
        return [round(available * f / sum(floors)) for f in floors]
    widths = list(widths)
    for _ in widths:
        pinned = [w <= f for w, f in zip(widths, floors, strict=True)]
        rest = available - sum(f for f, p in zip(floors, pinned, strict=True) if p)
        shared = sum(w for w, p in zip(widths, pinned, strict=True) if not p)
        widths = [f if p else round(rest * w / shared)
                  for w, f, p in zip(widths, floors, pinned, strict=True)]
        if all(w >= f for w, f in zip(widths, floors, strict=True)):
            break
    return widths


def _column_widths(table: Table, size: float, available: int, lay: Layout) -> list[int]:
    """Column widths in twips filling ``available``: narrow columns (STT, numbers) get what
    their text needs, the others share the rest in proportion to their text; no column is
    narrower than its longest word or number."""
    margin = 2 * CELL_MARGIN_TWIPS
    minimum = cm_to_twips(lay.table.min_column_cm)
    natural, floors = [], []
    for c in range(table.columns):
        measured = [_cell_widths(row[c], size, i == 0) for i, row in enumerate(table.rows)]
        slack = lay.table.column_slack_pt
        natural.append(max(minimum, round((max(m[0] for m in measured) + slack) * TWIPS_PER_PT)
                           + margin))
        floors.append(round((max(m[1] for m in measured) + slack) * TWIPS_PER_PT) + margin)
    # Columns of numbers (STT, amounts) keep what they need; text columns take the rest.
    numeric = [all(row[c].numeric or not row[c].text for row in table.rows[1:])
               for c in range(table.columns)]
    fair = available / table.columns
    fixed = [n and w <= fair for w, n in zip(natural, numeric, strict=True)]
    if sum(natural) > available:  # too wide: text columns wider than a fair share shrink
        fixed = [f or w <= fair for f, w in zip(fixed, natural, strict=True)]
    if all(fixed):
        fixed = [False] * table.columns
    rest = available - sum(w for w, f in zip(natural, fixed, strict=True) if f)
    shared = sum(w for w, f in zip(natural, fixed, strict=True) if not f)
    widths = [w if f else round(rest * w / shared) for w, f in zip(natural, fixed, strict=True)]
    widths = _fit_floors(widths, floors, available)
    widths[-1] += available - sum(widths)
    return widths


def _table(table: Table, lay: Layout, available: int) -> str:
    """A body table (R-35)."""
    rule = lay.table
    size = rule.wide_size_pt if table.columns >= rule.wide_columns else rule.size_pt
    widths = _column_widths(table, size, available, lay)
    rows = []
    for i, row in enumerate(table.rows):
        cells = []
        for cell in row:
            header = i == 0
            align = "center" if header else ("right" if cell.numeric else "left")
            fmt = Para(align=align, before=rule.cell_space_pt, after=rule.cell_space_pt)
            cells.append("".join(
                paragraph([run(r.text, Font(size, r.bold or header, r.italic)) for r in line],
                          fmt, Font(size, header))
                for line in cell.lines))
        rows.append(cells)
    spacer = paragraph("", Para(line_exact_pt=rule.space_before_pt), Font(lay.spacer_font_pt))
    return spacer + grid_table(rows, widths, border_eighths=rule.border_eighths)


def _blocks(blocks: list[Block], lay: Layout, available: int) -> str:
    return "".join(_paragraph(b, lay) if isinstance(b, Paragraph) else _table(b, lay, available)
                   for b in blocks)


def _body(vb: VanBan, lay: Layout) -> str:
    """``noi_dung`` (R-31, R-33, R-35)."""
    return _blocks(vb.blocks, lay, text_width_twips(lay))


def _articles(vb: VanBan, lay: Layout) -> str:
    """``Điều 1.`` … (R-34): the label bold at body size, with the body's indent."""
    return _numbered_articles(vb.articles, lay, text_width_twips(lay), vb.article_headings)


def _numbered_articles(articles: list[tuple[str, str | None, list[Block]]], lay: Layout,
                       available: int, headings: list[list[str]]) -> str:
    f = font(lay["dieu"])
    heading = lay["chuong"]
    out = []
    for (label, title, content), lines in zip(articles, headings, strict=True):
        out += [text_paragraph(line, font(heading),
                               Para(align="center", keep_next=True,
                                    before=lay.chapter_space_before_pt if i == 0 else 0))
                for i, line in enumerate(lines)]
        if title:
            out.append(text_paragraph(f"{label} {title}", f, _body_para(lay)))
        elif content and isinstance(content[0], Paragraph):
            out.append(_paragraph(content[0], lay, [run(f"{label} ", f)]))
            content = content[1:]
        else:
            out.append(text_paragraph(label, f, _body_para(lay)))
        out.append(_blocks(content, lay, available))
    return "".join(out)


def _lines(lines: list[str], element: Element, lay: Layout) -> str:
    f = font(element)
    return "".join(text_paragraph(line, f, _body_para(lay, line.endswith(END_MARK)))
                   for line in lines)


def _giay_moi(vb: VanBan, lay: Layout) -> str:
    """The giấy mời lines (R-36, Mẫu 1.7)."""
    return _lines(vb.giay_moi_lines, lay["giay_moi"], lay)


def _gioi_thieu(vb: VanBan, lay: Layout) -> str:
    """The giấy giới thiệu lines (R-37, Mẫu 1.8)."""
    return _lines(vb.gioi_thieu_lines, lay["giay_to"], lay)


def _nghi_phep(vb: VanBan, lay: Layout) -> str:
    """The giấy nghỉ phép lines (R-37, Mẫu 1.10)."""
    return _lines(vb.nghi_phep_lines, lay["giay_to"], lay)


def _bien_ban(vb: VanBan, lay: Layout) -> str:
    """The biên bản's opening lines (Mẫu 1.9)."""
    return _lines(vb.bien_ban_lines, lay["noi_dung"], lay)


def _bien_ban_end(vb: VanBan, lay: Layout) -> str:
    """``Cuộc họp kết thúc vào …./.`` (Mẫu 1.9)."""
    return _lines([vb.bien_ban_end_line or ""], lay["noi_dung"], lay)


# ---------------------------------------------------------------------------------------------
# Closing


def _noi_nhan(vb: VanBan, lay: Layout) -> list[str]:
    heading, items = lay["noi_nhan_tieu_de"], lay["noi_nhan"]
    out = [text_paragraph("Nơi nhận:", font(heading),
                          Para(align="left", before=lay.closing_space_before_pt))]
    out += [text_paragraph(line, font(items), Para(align="left")) for line in vb.noi_nhan_lines]
    return out


def signature_block(lines: list[tuple[str, Element]], name: str, lay: Layout) -> list[str]:
    """Authority and title lines, room for the signature and seal, the name (R-42 – R-44)."""
    before = lay.closing_space_before_pt
    # Spacing before goes on the first line only, so "Nơi nhận:" stands level with it.
    out = [text_paragraph(text, font(element), Para(align="center", keep_next=True,
                                                     before=before if i == 0 else 0))
           for i, (text, element) in enumerate(lines)]
    element = lay["ho_ten"]
    blank = paragraph("", Para(align="center", keep_next=True), font(element))
    return [*out, blank * lay.signature_blank_lines,
            text_paragraph(name, font(element), Para(align="center"))]


def _signer_lines(label: str | None, signer: NguoiKy, lay: Layout) -> list[tuple[str, Element]]:
    """A signer's lines above the blank for the signature: a party label (hợp đồng), the
    authority lines (R-42) and the title (R-43)."""
    lines = [(label, lay["thu_ky"])] if label else []
    lines += [(line, lay["quyen_han"]) for line in signer.authority_lines]
    if signer.title_line:
        lines.append((signer.title_line, lay["chuc_vu"]))
    return lines


def _side_by_side(left: list[tuple[str, Element]], left_name: str,
                  right: list[tuple[str, Element]], right_name: str, vb: VanBan,
                  lay: Layout) -> str:
    """Two signatures side by side, names on the same line, Nơi nhận under the left one."""
    filler = ("", lay["thu_ky"])
    depth = max(len(left), len(right))
    left = left + [filler] * (depth - len(left))
    right = right + [filler] * (depth - len(right))
    empty = paragraph("", Para(), font(lay["noi_nhan"]))
    cols = lay.two_signers_columns
    return borderless_table(
        [["".join(signature_block(left, left_name, lay)),
          "".join(signature_block(right, right_name, lay))],
         ["".join(_noi_nhan(vb, lay)), empty]], (cols.left_cm, cols.right_cm))


def _closing(vb: VanBan, lay: Layout) -> str:
    """Nơi nhận and the signature, side by side (R-40 – R-45); a hợp đồng signed by both
    parties: ``ĐẠI DIỆN BÊN A`` and ``ĐẠI DIỆN BÊN B`` side by side, Nơi nhận under them."""
    signer = vb.nguoi_ky
    if vb.ben_b_ky is not None:
        return _side_by_side(_signer_lines(PARTY_A, signer, lay), signer.ho_ten,
                             _signer_lines(PARTY_B, vb.ben_b_ky, lay), vb.ben_b_ky.ho_ten,
                             vb, lay)
    lines = [(line, lay["quyen_han"]) for line in signer.authority_lines]
    lines.append((signer.title_line, lay["chuc_vu"]))
    right = signature_block(lines, signer.ho_ten, lay)
    cols = lay.closing_columns
    return borderless_table([["".join(_noi_nhan(vb, lay)), "".join(right)]],
                            (cols.left_cm, cols.right_cm))


def _closing_two(vb: VanBan, lay: Layout) -> str:
    """THƯ KÝ (left) and CHỦ TỌA (right) side by side, Nơi nhận under them (R-46, Mẫu 1.9)."""
    label = lay["thu_ky"]
    chair = [("CHỦ TỌA", label)]
    if vb.nguoi_ky.chuc_vu:
        chair.append((vb.nguoi_ky.title_line, lay["chuc_vu"]))
    thu_ky = vb.thu_ky_ky.ho_ten if vb.thu_ky_ky else ""
    return _side_by_side([("THƯ KÝ", label)], thu_ky, chair, vb.nguoi_ky.ho_ten, vb, lay)


PARTY_A, PARTY_B = "ĐẠI DIỆN BÊN A", "ĐẠI DIỆN BÊN B"
"""A contract's two signature headings."""


def _xac_nhan(vb: VanBan, lay: Layout) -> str:
    """Room for the confirmation of the place of leave, left under the closing (Mẫu 1.10)."""
    if vb.nghi_phep is None or not vb.nghi_phep.xac_nhan:
        return ""
    element = lay["xac_nhan"]
    note = Font(element.size_pt, italic=True)
    cell = [text_paragraph(XAC_NHAN, font(element),
                           Para(align="center", before=lay.closing_space_before_pt)),
            text_paragraph("(Chữ ký, dấu)", note, Para(align="center")),
            paragraph("", Para(align="center"), font(element)) * lay.signature_blank_lines]
    cols = lay.confirmation_columns
    return borderless_table([["".join(cell), paragraph("", Para(), font(element))]],
                            (cols.left_cm, cols.right_cm))


XAC_NHAN = "Xác nhận của cơ quan (tổ chức) hoặc chính quyền địa phương nơi nghỉ phép"
"""Mẫu 1.10's heading of the confirmation block."""


# ---------------------------------------------------------------------------------------------
# Sections: the main one, one per appendix


def _section(lay: Layout, *, landscape: bool = False, footer: bool = False,
             later: bool = False, next_page: bool = False) -> str:
    """A ``w:sectPr``: page size and margins (R-01, R-02), page numbers from 1 with none on
    the section's first page (R-04); the page-1 footer holds the address line (R-47)."""
    page = lay.page
    width, height = mm_to_twips(page.width_mm), mm_to_twips(page.height_mm)
    size = (f'<w:pgSz w:w="{height}" w:h="{width}" w:orient="landscape"/>' if landscape
            else f'<w:pgSz w:w="{width}" w:h="{height}"/>')
    footers = ""
    if footer:
        footers = '<w:footerReference w:type="first" r:id="rIdFooterFirst"/>'
    elif later:  # later sections would inherit the address footer; give them an empty one
        footers = '<w:footerReference w:type="first" r:id="rIdFooterEmpty"/>'
    return (
        "<w:sectPr>"
        '<w:headerReference w:type="default" r:id="rIdHeaderDefault"/>'
        '<w:headerReference w:type="first" r:id="rIdHeaderFirst"/>'
        f"{footers}"
        + ('<w:type w:val="nextPage"/>' if next_page else "")
        + f"{size}"
        f'<w:pgMar w:top="{mm_to_twips(page.top.mm)}" w:right="{mm_to_twips(page.right.mm)}" '
        f'w:bottom="{mm_to_twips(page.bottom.mm)}" w:left="{mm_to_twips(page.left.mm)}" '
        f'w:header="{mm_to_twips(page.header_distance_mm)}" '
        f'w:footer="{mm_to_twips(page.header_distance_mm)}" w:gutter="0"/>'
        '<w:pgNumType w:start="1"/>'
        '<w:cols w:space="720"/><w:titlePg/>'
        "</w:sectPr>"
    )


def _filler(lay: Layout) -> str:
    """An empty paragraph a point high: closes the body after a table, or ends a section."""
    return paragraph("", Para(line_exact_pt=lay.filler_paragraph_pt), Font(lay.spacer_font_pt))


def _section_break(sect_pr: str, lay: Layout) -> str:
    """An empty paragraph that ends a section (its ``sectPr`` describes the section)."""
    return _filler(lay).replace("</w:pPr>", f"{sect_pr}</w:pPr>", 1)


def _appendix(vb: VanBan, lay: Layout, index: int) -> str:
    """One appendix (R-50): label, title, ``(Kèm theo …)``, short rule, content; or the text
    the document issues (Mẫu 1.3): header, kind title, trích yếu, ``(Kèm theo …)``, rule,
    articles and content."""
    appendix = vb.phu_luc[index]
    rule = lay.appendix
    full = text_width_twips(lay, appendix.ngang)
    reference = _centred(vb.kem_theo_line, lay["phu_luc_kem_theo"],
                         after=rule.kem_theo_space_after_pt)
    label = vb.appendix_labels[index]
    if label is not None:
        head = [_centred(label, lay["phu_luc_so"], before=rule.label_space_before_pt),
                _centred(appendix.tieu_de.upper(), lay["phu_luc_tieu_de"])]
    else:
        assert appendix.loai is not None
        cols = lay.header_columns
        head = [borderless_table([list(_agency_and_nation(vb, lay))],
                                 (cols.left_cm, cols.right_cm)),
                _centred(appendix.loai.title or "", lay["ten_loai"],
                         before=lay.title_space_before_pt),
                _centred(appendix.tieu_de[:1].upper() + appendix.tieu_de[1:], lay["trich_yeu"])]
    return "".join([*head, reference, rule_paragraph(cm_to_twips(rule.rule_width_cm), full, lay),
                    _numbered_articles(appendix.articles, lay, full, appendix.article_headings),
                    _blocks(appendix.blocks, lay, full)])


_BLOCKS: dict[str, Callable[[VanBan, Layout], str]] = {
    "header": _header,
    "title": _title,
    "title_only": _title_only,
    "tham_quyen": _tham_quyen,
    "can_cu": _can_cu,
    "decision": _decision,
    "dien": _dien,
    "kinh_gui": _kinh_gui,
    "giay_moi": _giay_moi,
    "gioi_thieu": _gioi_thieu,
    "nghi_phep": _nghi_phep,
    "bien_ban": _bien_ban,
    "articles": _articles,
    "body": _body,
    "bien_ban_end": _bien_ban_end,
    "closing": _closing,
    "closing_two": _closing_two,
    "xac_nhan": _xac_nhan,
}
"""Each block of :mod:`docgen.kinds` and the function that draws it in the body flow."""
DRAWN_ELSEWHERE = frozenset({"vv", "appendices"})
"""Blocks drawn by others: ``V/v`` in the header's number cell, appendices as sections."""


def _body_parts(vb: VanBan) -> tuple[str, str]:
    """The content of ``w:body`` without its final ``w:sectPr``, and that ``sectPr``."""
    lay = layout_for(vb)
    parts = [_BLOCKS[block](vb, lay) for block in vb.kind.blocks
             if block not in DRAWN_ELSEWHERE]
    footer = bool(vb.dia_chi)
    main = _section(lay, footer=footer)
    if not vb.phu_luc:
        # A table may not end the body in Word's eyes; a 1-pt paragraph closes it.
        parts.append(_filler(lay))
        return "".join(parts), main
    parts.append(_section_break(main, lay))
    for i, appendix in enumerate(vb.phu_luc):
        parts.append(_appendix(vb, lay, i))
        sect = _section(lay, landscape=appendix.ngang, later=footer, next_page=True)
        if i < len(vb.phu_luc) - 1:
            parts.append(_section_break(sect, lay))
        else:
            parts.append(_filler(lay))
            main = sect
    return "".join(parts), main


def document_xml(vb: VanBan) -> str:
    """``word/document.xml`` for one document."""
    body, sect = _body_parts(vb)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<w:document {NAMESPACES}><w:body>{body}{sect}</w:body></w:document>"
    )


def footer_xml(vb: VanBan) -> str | None:
    """The page-1 footer with the agency's address under a full-width rule (R-47), or None."""
    if not vb.dia_chi:
        return None
    lay = layout_for(vb)
    element = lay["dia_chi"]
    full = text_width_twips(lay)
    lines = [rule_paragraph(full, full, lay)]
    lines += [text_paragraph(line, font(element),
                             Para(align="center", before=lay.address_space_before_pt if i == 0
                                  else 0))
              for i, line in enumerate(vb.dia_chi)]
    return "".join(lines)
