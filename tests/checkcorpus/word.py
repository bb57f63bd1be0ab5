"""A conforming văn bản built the way Word users build them (see the package docstring)."""

from __future__ import annotations

import io
import re

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import parse_xml
from docx.shared import Cm, Mm, Pt
from lxml import etree

from docgen import VanBan
from docgen.metrics import text_width_pt
from docgen.ooxml import EMU_PER_CM, EMU_PER_PT, WPS, W, declarations

NSDECL = declarations("w", "wp", "a", "wps", "mc", "v")
FONT = "Times New Roman"

# Legal values other than docgen's house ones.
MARGINS_MM = {"top": 22, "bottom": 21, "left": 31, "right": 17}
TEXT_WIDTH_CM = (210 - 31 - 17) / 10
LEFT_CENTRE_CM = 3.3
RIGHT_CENTRE_CM = 11.3
SIZES = {"quoc_hieu": 12, "tieu_ngu": 13, "co_quan": 12, "chu_quan": 12, "so": 13,
         "date": 13, "vv": 12, "title": 13, "trich_yeu": 13, "urgency": 13, "kinh_gui": 13,
         "body": 13, "noi_nhan": 12, "item": 11, "authority": 13, "name": 13, "page": 13}


def underscore_count(width_pt: float, size: float, bold: bool) -> int:
    """How many underscores draw a rule of ``width_pt``."""
    return max(3, round(width_pt / text_width_pt("_", size, bold=bold)))


def _wrap(text: str, size: float, width_mm: float, bold: bool = False) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and text_width_pt(trial, size, bold=bold) * 25.4 / 72 > width_mm:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines


class _Builder:
    def __init__(self) -> None:
        self.doc = docx.Document()
        self.styles = self.doc.styles
        self._fonts_and_theme()
        self._page()
        self._make_styles()

    # -- package-wide settings -------------------------------------------------------------------

    def _fonts_and_theme(self) -> None:
        # Latin slots through the theme (minorHAnsi → Times New Roman), the others named.
        styles_el = self.styles.element
        rfonts = styles_el.find(f".//{{{W}}}rPrDefault//{{{W}}}rFonts")
        for attr in ("eastAsiaTheme", "cstheme"):
            rfonts.attrib.pop(f"{{{W}}}{attr}", None)
        rfonts.set(f"{{{W}}}eastAsia", FONT)
        rfonts.set(f"{{{W}}}cs", FONT)
        for rel in self.doc.part.rels.values():
            if rel.reltype.endswith("/theme"):
                part = rel.target_part
                xml = part.blob.decode("utf-8")
                xml = re.sub(r'(<a:minorFont>\s*<a:latin typeface=")[^"]*"',
                             rf'\g<1>{FONT}"', xml)
                part._blob = xml.encode("utf-8")
        normal = self.styles["Normal"]
        normal.font.size = Pt(SIZES["body"])
        pf = normal.paragraph_format
        pf.space_after = Pt(0)
        pf.space_before = Pt(0)
        pf.line_spacing = 1.0

    def _page(self) -> None:
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = Mm(MARGINS_MM["top"])
        section.bottom_margin = Mm(MARGINS_MM["bottom"])
        section.left_margin = Mm(MARGINS_MM["left"])
        section.right_margin = Mm(MARGINS_MM["right"])
        section.different_first_page_header_footer = True
        header = section.header
        p = header.paragraphs[0]
        p.style = self.styles["Header"] if "Header" in [s.name for s in self.styles] else None
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p._p.append(parse_xml(
            f'<w:fldSimple {NSDECL} w:instr=" PAGE \\* MERGEFORMAT "><w:r><w:rPr>'
            f'<w:sz w:val="{SIZES["page"] * 2}"/></w:rPr><w:t>2</w:t></w:r></w:fldSimple>'))

    def char_style(self, name: str, size: float, bold: bool = False,
                   italic: bool = False, base: str | None = None) -> None:
        style = self.styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
        if base:
            style.base_style = self.styles[base]
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = italic

    def para_style(self, name: str, base: str = "Normal", **fmt: object) -> None:
        style = self.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = self.styles[base]
        pf = style.paragraph_format
        for key, value in fmt.items():
            setattr(pf, key, value)

    def _make_styles(self) -> None:
        self.char_style("VB Đậm 12", 12, bold=True)
        self.char_style("VB Quốc hiệu", SIZES["quoc_hieu"], bold=True, base="VB Đậm 12")
        self.char_style("VB Tiêu ngữ", SIZES["tieu_ngu"], bold=True)
        self.char_style("VB Cơ quan", SIZES["co_quan"], bold=True, base="VB Đậm 12")
        self.char_style("VB Chủ quản", SIZES["chu_quan"])
        self.char_style("VB Số", SIZES["so"])
        self.char_style("VB Ngày", SIZES["date"], italic=True)
        self.char_style("VB Vv", SIZES["vv"])
        self.char_style("VB Nơi nhận", SIZES["noi_nhan"], bold=True, italic=True)
        self.char_style("VB Mục", SIZES["item"])
        self.char_style("VB Ký", SIZES["authority"], bold=True)
        self.char_style("VB Tên", SIZES["name"], bold=True, base="VB Ký")
        self.char_style("VB Nhấn", SIZES["body"], bold=True)
        self.char_style("VB Nghiêng", SIZES["body"], italic=True)
        self.para_style("VB Khối", space_before=Pt(0), space_after=Pt(0))
        header = self.styles["VB Khối"].paragraph_format.tab_stops
        header.add_tab_stop(Cm(LEFT_CENTRE_CM), WD_TAB_ALIGNMENT.CENTER)
        header.add_tab_stop(Cm(RIGHT_CENTRE_CM), WD_TAB_ALIGNMENT.CENTER)
        self.para_style("VB Ký tên", base="VB Khối")
        closing = self.styles["VB Ký tên"].paragraph_format.tab_stops
        # The closing keeps only the right-hand stop: left text sits at the margin.
        closing.add_tab_stop(Cm(LEFT_CENTRE_CM), WD_TAB_ALIGNMENT.CLEAR)
        self.para_style("VB Đoạn gốc", alignment=WD_ALIGN_PARAGRAPH.JUSTIFY,
                        space_before=Pt(6), line_spacing=1.3)
        self.para_style("VB Nội dung", base="VB Đoạn gốc", first_line_indent=Cm(1.0))
        self.para_style("VB Căn cứ", base="VB Nội dung")
        self.styles["VB Căn cứ"].font.italic = True
        self.para_style("VB Giữa", alignment=WD_ALIGN_PARAGRAPH.CENTER)
        self.para_style("VB Kính gửi", space_before=Pt(12))
        stops = self.styles["VB Kính gửi"].paragraph_format.tab_stops
        stops.add_tab_stop(Cm(4.0), WD_TAB_ALIGNMENT.RIGHT)
        stops.add_tab_stop(Cm(4.3), WD_TAB_ALIGNMENT.LEFT)
        self.styles["VB Kính gửi"].font.size = Pt(SIZES["kinh_gui"])

    # -- content --------------------------------------------------------------------------------

    def row(self, style: str, cells: list[tuple[str, str | None]], lead_tab: bool = True):
        """One paragraph: ``\\t``-separated texts with a character style each."""
        p = self.doc.add_paragraph(style=style)
        for i, (text, char) in enumerate(cells):
            if i or lead_tab:
                p.add_run().add_tab()
            if text:
                p.add_run(text, style=char)
        return p

    def line_shape(self, p, centre_cm: float, width_pt: float) -> None:
        cx = round(width_pt * EMU_PER_PT)
        left = round(centre_cm * EMU_PER_CM - cx / 2)
        p._p.append(parse_xml(
            f'<w:r {NSDECL}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
            '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="2"'
            ' behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
            '<wp:simplePos x="0" y="0"/>'
            f'<wp:positionH relativeFrom="column"><wp:posOffset>{left}</wp:posOffset>'
            '</wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0'
            f'</wp:posOffset></wp:positionV><wp:extent cx="{cx}" cy="0"/>'
            '<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
            '<wp:docPr id="7" name="Đường kẻ"/><wp:cNvGraphicFramePr/>'
            f'<a:graphic><a:graphicData uri="{WPS}"><wps:wsp><wps:cNvCnPr/><wps:spPr><a:xfrm>'
            '<a:off x="0" y="0"/>'
            f'<a:ext cx="{cx}" cy="0"/></a:xfrm><a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
            '<a:ln w="9525"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln>'
            '</wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor>'
            '</w:drawing></mc:Choice><mc:Fallback><w:pict>'
            f'<v:line from="{left / EMU_PER_PT:.1f}pt,0" to="{(left + cx) / EMU_PER_PT:.1f}pt,0" '
            'strokeweight=".75pt"/></w:pict></mc:Fallback></mc:AlternateContent></w:r>'))

    def build(self, vb: VanBan) -> bytes:
        self._header(vb)
        self._urgency(vb)
        self._title(vb)
        self._kinh_gui(vb)
        self._content(vb)
        self._closing(vb)
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()

    def _header(self, vb: VanBan) -> None:
        """Agency and Quốc hiệu side by side, their rules, the Số and place-date line."""
        header_lines = [(t, "VB Chủ quản") for t in vb.co_quan.lines_chu_quan] + \
            [(t, "VB Cơ quan") for t in vb.co_quan.lines_ten]
        right = [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "VB Quốc hiệu"),
                 ("Độc lập - Tự do - Hạnh phúc", "VB Tiêu ngữ")]
        rows = max(len(header_lines), len(right))
        for i in range(rows):
            left = header_lines[i] if i < len(header_lines) else ("", None)
            cells = [left]
            if i < len(right):
                cells.append(right[i])
            self.row("VB Khối", cells)
        # The rules: underscores under the agency (half its longest line), a drawn line under
        # the Tiêu ngữ (its exact width).
        agency_width = max(text_width_pt(t, SIZES["co_quan"], bold=True)
                           for t in vb.co_quan.lines_ten)
        count = underscore_count(agency_width / 2, SIZES["co_quan"], True)
        rule = self.row("VB Khối", [("_" * count, "VB Cơ quan")])
        rule.paragraph_format.line_spacing = Pt(8)
        self.line_shape(rule, RIGHT_CENTRE_CM,
                        text_width_pt("Độc lập - Tự do - Hạnh phúc", SIZES["tieu_ngu"],
                                      bold=True))
        number = self.row("VB Khối", [(vb.so_ky_hieu, "VB Số"), (vb.dia_danh_ngay, "VB Ngày")])
        number.paragraph_format.space_before = Pt(6)
        if vb.loai.title is None:
            for i, line in enumerate(_wrap(vb.trich_yeu_line, SIZES["vv"], 58)):
                p = self.row("VB Khối", [(line, "VB Vv")])
                if i == 0:
                    p.paragraph_format.space_before = Pt(6)

    def _urgency(self, vb: VanBan) -> None:
        """The boxed urgency mark under the number."""
        if vb.do_khan is None:
            return
        p = self.doc.add_paragraph(style="VB Giữa")
        label = vb.do_khan.label
        width_cm = text_width_pt(label, SIZES["urgency"], bold=True) / 72 * 2.54 + 0.4
        p.paragraph_format.left_indent = Cm(LEFT_CENTRE_CM - width_cm / 2)
        p.paragraph_format.right_indent = Cm(TEXT_WIDTH_CM - LEFT_CENTRE_CM - width_cm / 2)
        p.paragraph_format.space_before = Pt(6)
        p.add_run(label, style="VB Ký")
        edge = 'w:val="single" w:sz="6" w:space="1" w:color="000000"'
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:pBdr {NSDECL}><w:top {edge}/><w:left {edge}/><w:bottom {edge}/>'
            f'<w:right {edge}/></w:pBdr>'))
        _order_ppr(p._p)

    def _title(self, vb: VanBan) -> None:
        """The kind's title, the subject, its rule and the căn cứ lines."""
        if vb.loai.title is None:
            return
        title = self.doc.add_paragraph(style="VB Giữa")
        title.paragraph_format.space_before = Pt(18)
        title.add_run(vb.loai.title, style="VB Ký")
        subject = self.doc.add_paragraph(style="VB Giữa")
        subject.add_run(vb.trich_yeu_line, style="VB Ký")
        width = min(text_width_pt(vb.trich_yeu_line, SIZES["trich_yeu"], bold=True),
                    TEXT_WIDTH_CM / 2.54 * 72)
        rule = self.doc.add_paragraph(style="VB Giữa")
        rule.add_run("_" * underscore_count(width * 0.4, SIZES["trich_yeu"], True),
                     style="VB Ký")
        for line in vb.can_cu_lines:
            self.doc.add_paragraph(line, style="VB Căn cứ")

    def _kinh_gui(self, vb: VanBan) -> None:
        """Kính gửi: on one line, or a tabbed list."""
        lines = vb.kinh_gui_lines
        if len(lines) == 1:
            p = self.doc.add_paragraph(style="VB Giữa")
            p.paragraph_format.space_before = Pt(12)
            p.add_run("Kính gửi: " + lines[0])
            p.runs[0].font.size = Pt(SIZES["kinh_gui"])
        elif lines:
            for i, line in enumerate(lines):
                p = self.doc.add_paragraph(style="VB Kính gửi")
                if i:
                    p.paragraph_format.space_before = Pt(0)
                p.add_run().add_tab()
                if i == 0:
                    p.add_run("Kính gửi:")
                p.add_run().add_tab()
                p.add_run(line)

    def _content(self, vb: VanBan) -> None:
        for para in vb.paragraphs:
            p = self.doc.add_paragraph(style="VB Nội dung")
            for run in para.runs:
                style = "VB Nhấn" if run.bold else "VB Nghiêng" if run.italic else None
                p.add_run(run.text, style=style)

    def _closing(self, vb: VanBan) -> None:
        """Nơi nhận beside the signature block."""
        left = [("Nơi nhận:", "VB Nơi nhận")] + [(t, "VB Mục") for t in vb.noi_nhan_lines]
        signer = vb.nguoi_ky
        right_cells = [(t, "VB Ký") for t in signer.authority_lines] + \
            [(signer.title_line, "VB Ký")] + [("", None)] * 4 + [(signer.ho_ten, "VB Tên")]
        for i in range(max(len(left), len(right_cells))):
            lcell = left[i] if i < len(left) else ("", None)
            rcell = right_cells[i] if i < len(right_cells) else ("", None)
            p = self.row("VB Ký tên", [lcell, rcell], lead_tab=False)
            if i == 0:
                p.paragraph_format.space_before = Pt(6)


def _order_ppr(p: etree._Element) -> None:
    """Put pPr children in schema order (pStyle … pBdr … spacing, ind, jc)."""
    ppr = p.find(f"{{{W}}}pPr")
    order = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
             "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
             "spacing", "ind", "contextualSpacing", "jc", "rPr"]
    children = sorted(ppr, key=lambda el: order.index(etree.QName(el).localname)
                      if etree.QName(el).localname in order else 99)
    for el in children:
        ppr.append(el)


def word_docx(vb: VanBan) -> bytes:
    """``vb`` as a Word-style document (tabs, styles, theme fonts, drawn rules)."""
    return _Builder().build(vb)
