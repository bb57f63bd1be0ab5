"""Laying a :class:`~docgen.models.VanBan` out as ``word/document.xml`` (R-01 – R-45).

Every size, width and spacing comes from the layout table (:func:`docgen.layout.layout_for`);
the text of each element comes from the model. This module only decides where things go.
"""

from __future__ import annotations

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
from ..metrics import text_width_pt
from ..models import VanBan
from .wml import (
    Font,
    Para,
    borderless_table,
    content_width_twips,
    paragraph,
    run,
    text_paragraph,
)

ABOVE_RULE_PT = 3
"""Gap between a line of text and the rule drawn under it."""

NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)


def font(element: Element) -> Font:
    """The run formatting of a layout element."""
    return Font(element.size_pt, bool(element.bold), bool(element.italic))


def _rule(width_twips: int, available_twips: int) -> str:
    """A rule of ``width_twips`` centred in ``available_twips``: a 2-pt paragraph whose bottom
    border is the line.

    A bottom border on the text paragraph itself would span the whole cell (see nd30.md notes);
    indents on a separate paragraph give the exact length. A top border would do as well in Word,
    but Writer draws it over the descenders of the line above in the body flow.
    """
    width = min(width_twips, available_twips)
    side = max(0, (available_twips - width) // 2)
    fmt = Para(align="center", line_exact_pt=2, left=side, right=side, rule=True)
    return paragraph("", fmt, Font(1))


def _width_twips(text: str, element: Element) -> int:
    return round(text_width_pt(text, element.size_pt, bold=bool(element.bold),
                               italic=bool(element.italic)) * TWIPS_PER_PT)


def _header(vb: VanBan, lay: Layout) -> str:
    left_cm = lay.header_columns.left_cm
    right_cm = lay.header_columns.right_cm
    centre = Para(align="center")
    above_rule = Para(align="center", after=ABOVE_RULE_PT)

    left: list[str] = []
    chu_quan, co_quan = lay["chu_quan"], lay["co_quan"]
    left += [text_paragraph(line, font(chu_quan), centre) for line in vb.co_quan.lines_chu_quan]
    names = vb.co_quan.lines_ten
    left += [text_paragraph(line, font(co_quan), above_rule if i == len(names) - 1 else centre)
             for i, line in enumerate(names)]
    # A name wider than the cell wraps; its visible line is then the cell's width.
    longest = min(max(_width_twips(line, co_quan) for line in vb.co_quan.lines_ten),
                  content_width_twips(left_cm))
    left.append(_rule(round(longest * lay.agency_rule_ratio), content_width_twips(left_cm)))

    right = [
        text_paragraph(QUOC_HIEU, font(lay["quoc_hieu"]), centre),
        text_paragraph(TIEU_NGU, font(lay["tieu_ngu"]), above_rule),
        _rule(_width_twips(TIEU_NGU, lay["tieu_ngu"]), content_width_twips(right_cm)),
    ]

    number: list[str] = [text_paragraph(vb.so_ky_hieu, font(lay["so_ky_hieu"]),
                                        Para(align="center", before=6))]
    if vb.loai.title is None:
        number.append(text_paragraph(
            vb.trich_yeu_line, font(lay["trich_yeu_cv"]),
            Para(align="center", before=lay.trich_yeu_space_before_pt)))
    if vb.do_khan is not None:
        number.append(_urgency_box(vb.do_khan.label, left_cm, lay))
    date = [text_paragraph(vb.dia_danh_ngay, font(lay["dia_danh_ngay"]),
                           Para(align="center", before=6))]
    return borderless_table([["".join(left), "".join(right)], ["".join(number), "".join(date)]],
                            (left_cm, right_cm))


def _urgency_box(label: str, cell_cm: float, lay: Layout) -> str:
    element = lay["do_khan"]
    padding = mm_to_twips(1.5)
    width = _width_twips(label, element) + 2 * padding
    side = max(0, (content_width_twips(cell_cm) - width) // 2)
    fmt = Para(align="center", before=6, left=side, right=side, box=True)
    return text_paragraph(label, font(element), fmt)


def _title(vb: VanBan, lay: Layout) -> str:
    """Kind title, trích yếu and its rule, legal bases (R-21, R-22, R-32)."""
    title = vb.loai.title
    assert title is not None
    page_cm = (lay.page.width_mm - lay.page.left.mm - lay.page.right.mm) / 10
    trich_yeu = lay["trich_yeu"]
    width = _width_twips(vb.trich_yeu_line, trich_yeu)
    full = cm_to_twips(page_cm)
    rule_width = round(min(width, full) * lay.title_rule_ratio)
    out = [
        text_paragraph(title, font(lay["ten_loai"]), Para(align="center", before=18)),
        text_paragraph(vb.trich_yeu_line, font(trich_yeu), Para(align="center",
                                                                after=ABOVE_RULE_PT)),
        _rule(rule_width, full),
    ]
    body = lay.body
    can_cu = Font(lay["noi_dung"].size_pt, italic=True)
    for line in vb.can_cu_lines:
        out.append(text_paragraph(line, can_cu, Para(
            align="both", before=body.space_before_pt, line=body.line_spacing,
            first_line=cm_to_twips(body.first_line_indent_cm))))
    return "".join(out)


def _kinh_gui(vb: VanBan, lay: Layout) -> str:
    element = lay["kinh_gui"]
    f = font(element)
    lines = vb.kinh_gui_lines
    if len(lines) == 1:
        return paragraph([run("Kính gửi: ", f), run(lines[0], f)],
                         Para(align="center", before=lay.kinh_gui_space_before_pt), f)
    label_cm, list_cm = 4.5, 12.0
    before = lay.kinh_gui_space_before_pt
    label = text_paragraph("Kính gửi:", f, Para(align="right", before=before))
    hang = mm_to_twips(3)
    items = "".join(
        text_paragraph(line, f, Para(align="both", before=before if i == 0 else 0, left=hang,
                                     hanging=hang))
        for i, line in enumerate(lines))
    return borderless_table([[label, items]], (label_cm, list_cm))


def _body(vb: VanBan, lay: Layout) -> str:
    body = lay.body
    size = lay["noi_dung"].size_pt
    fmt = Para(align="both", before=body.space_before_pt, line=body.line_spacing,
               first_line=cm_to_twips(body.first_line_indent_cm))
    out = []
    for para in vb.paragraphs:
        runs = [run(r.text, Font(size, r.bold, r.italic)) for r in para.runs]
        out.append(paragraph(runs, fmt, Font(size)))
    return "".join(out)


def _closing(vb: VanBan, lay: Layout) -> str:
    before = lay.closing_space_before_pt
    heading, items = lay["noi_nhan_tieu_de"], lay["noi_nhan"]
    left = [text_paragraph("Nơi nhận:", font(heading), Para(align="left", before=before))]
    left += [text_paragraph(line, font(items), Para(align="left")) for line in vb.noi_nhan_lines]

    signer = vb.nguoi_ky
    lines = [(line, lay["quyen_han"]) for line in signer.authority_lines]
    lines.append((signer.title_line, lay["chuc_vu"]))
    # Spacing before goes on the first line only, so "Nơi nhận:" stands level with it.
    authority = [text_paragraph(text, font(element), Para(align="center", keep_next=True,
                                                           before=before if i == 0 else 0))
                 for i, (text, element) in enumerate(lines)]
    name = lay["ho_ten"]
    blank = paragraph("", Para(align="center", keep_next=True), font(name))
    right = [*authority, blank * lay.signature_blank_lines,
             text_paragraph(vb.nguoi_ky.ho_ten, font(name), Para(align="center"))]
    cols = lay.closing_columns
    return borderless_table([["".join(left), "".join(right)]], (cols.left_cm, cols.right_cm))


def _section(lay: Layout) -> str:
    page = lay.page
    return (
        "<w:sectPr>"
        '<w:headerReference w:type="default" r:id="rIdHeaderDefault"/>'
        '<w:headerReference w:type="first" r:id="rIdHeaderFirst"/>'
        f'<w:pgSz w:w="{mm_to_twips(page.width_mm)}" w:h="{mm_to_twips(page.height_mm)}"/>'
        f'<w:pgMar w:top="{mm_to_twips(page.top.mm)}" w:right="{mm_to_twips(page.right.mm)}" '
        f'w:bottom="{mm_to_twips(page.bottom.mm)}" w:left="{mm_to_twips(page.left.mm)}" '
        f'w:header="{mm_to_twips(page.header_distance_mm)}" '
        f'w:footer="{mm_to_twips(page.header_distance_mm)}" w:gutter="0"/>'
        '<w:pgNumType w:start="1"/>'
        '<w:cols w:space="720"/><w:titlePg/>'
        "</w:sectPr>"
    )


def _body_parts(vb: VanBan) -> str:
    """The content of ``w:body`` for one document, without the final ``w:sectPr``."""
    lay = layout_for(vb)
    parts = [_header(vb, lay)]
    if vb.loai.title is not None:
        parts.append(_title(vb, lay))
    if vb.kinh_gui:
        parts.append(_kinh_gui(vb, lay))
    parts.append(_body(vb, lay))
    parts.append(_closing(vb, lay))
    # A table may not end the body in Word's eyes; a 1-pt paragraph closes it.
    parts.append(paragraph("", Para(line_exact_pt=1), Font(1)))
    return "".join(parts)


def document_xml(vb: VanBan) -> str:
    """``word/document.xml`` for one document."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<w:document {NAMESPACES}><w:body>{_body_parts(vb)}{_section(layout_for(vb))}"
        "</w:body></w:document>"
    )
