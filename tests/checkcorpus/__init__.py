"""Conforming documents made two ways, and mutations that each break exactly one rule.

``docgen_docx`` is docgen's own output: a header table, direct formatting everywhere.
``word_docx`` is built the way a clerk's Word file often is, with python-docx and its stock
template: the header and the closing are paragraphs laid out with tab stops, every format comes
from paragraph and character styles chained with ``basedOn`` (fonts through the theme), the rule
under the Tiêu ngữ is a drawn line (DrawingML, with a VML fallback), the rule under the agency is
a row of underscores, the page number a ``PAGE`` field in a different first-page header. It also
uses legal values docgen does not (margins 22/21/31/17 mm, 13 pt body, 1 cm indent, 1.3 lines),
so a checker that judged by docgen's house values would fail it.

Each :class:`Mutation` edits the package XML of either kind of document through :class:`Docx`,
finding its target by text, so the same mutation applies to both.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from lxml import etree

from docgen import VanBan, render_docx
from docgen.ooxml import EMU_PER_TWIP, TWIPS_PER_MM, WPS, W, declarations

from .word import word_docx

__all__ = [
    "MUTATIONS",
    "NEUTRAL_MUTATIONS",
    "TITLED_MUTATIONS",
    "Docx",
    "Mutation",
    "base_cong_van",
    "base_thong_bao",
    "docgen_docx",
    "narrow_quoc_hieu",
    "textbox_header",
    "word_docx",
]

NS = {"w": W}
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def base_cong_van() -> VanBan:
    """A công văn with every part the corpus breaks: several recipients, a March date."""
    return VanBan.model_validate({
        "co_quan": {"ten": ["ỦY BAN NHÂN DÂN", "XÃ SA THẦY"], "viet_tat": "UBND"},
        "don_vi_soan_thao": "VHXH", "so": 5, "dia_danh": "Sa Thầy",
        "ngay": date(2025, 3, 5), "trich_yeu": "tổ chức tập huấn kỹ năng số",
        "kinh_gui": ["Văn phòng Đảng ủy xã", "Trưởng các thôn, làng"],
        "noi_dung": "Ủy ban nhân dân xã tổ chức **tập huấn** kỹ năng số cho cán bộ.\n"
                    "Đề nghị các đơn vị cử người tham dự *đúng thành phần*.\n"
                    "- Thời gian: ngày 10 tháng 3 năm 2025;\n"
                    "Các đơn vị triển khai thực hiện.",
        "noi_nhan": ["Chủ tịch, các PCT UBND xã"], "luu": ["VT", "VHXH"],
        "nguoi_ky": {"thay_mat": "ỦY BAN NHÂN DÂN", "ky_thay": "CHỦ TỊCH",
                     "chuc_vu": "PHÓ CHỦ TỊCH", "ho_ten": "Võ Thị Kim Dung"},
    })


def base_thong_bao() -> VanBan:
    """A titled kind with a governing body, urgency, legal bases and a drafter code."""
    return VanBan.model_validate({
        "loai": "thong-bao",
        "co_quan": {"chu_quan": ["UBND huyện Sa Thầy"], "ten": ["Phòng Nội vụ"],
                    "viet_tat": "PNV"},
        "so": 12, "dia_danh": "Sa Thầy", "ngay": date(2025, 1, 8), "do_khan": "khan",
        "trich_yeu": "lịch tiếp công dân tháng 1",
        "can_cu": ["Căn cứ Luật Tiếp công dân năm 2013", "Căn cứ Nghị định số 30/2020/NĐ-CP"],
        "noi_dung": "Phòng Nội vụ thông báo lịch tiếp công dân như sau.\n"
                    "Lãnh đạo phòng tiếp công dân vào sáng thứ Hai hằng tuần.",
        "noi_nhan": ["UBND huyện", "Các xã, thị trấn"], "luu": ["VT"],
        "nguoi_soan": "H", "so_ban": 20,
        "nguoi_ky": {"chuc_vu": "Trưởng phòng", "ho_ten": "Nguyễn Văn An"},
    })


def docgen_docx(vb: VanBan) -> bytes:
    """docgen's rendering of ``vb``."""
    return render_docx(vb)


# ------------------------------------------------------------------------------------------------


class Docx:
    """A .docx as editable XML parts; targets are found by their text."""

    def __init__(self, data: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            self.parts = {name: zf.read(name) for name in zf.namelist()}
        self.trees: dict[str, etree._Element] = {}

    def tree(self, name: str = "word/document.xml") -> etree._Element:
        if name not in self.trees:
            self.trees[name] = etree.fromstring(self.parts[name])
        return self.trees[name]

    def save(self) -> bytes:
        for name, root in self.trees.items():
            self.parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                              standalone=True)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in self.parts.items():
                zf.writestr(name, data)
        return buffer.getvalue()

    @property
    def body(self) -> etree._Element:
        return self.tree().find(w("body"))

    def paragraphs(self) -> list[etree._Element]:
        return list(self.body.iter(w("p")))

    def runs_with(self, text: str, exact: bool = False) -> list[etree._Element]:
        """Runs whose text contains (or is) ``text``: the runs of one element in any layout."""
        out = []
        for r in self.body.iter(w("r")):
            if next(r.iter(w("txbxContent")), None) is not None:
                continue  # the anchor of a text box: its text is the box's paragraphs'
            joined = "".join(t.text or "" for t in r.iter(w("t")))
            if (joined.strip() == text) if exact else (text in joined):
                out.append(r)
        return out

    def para_with(self, text: str, start: bool = False) -> etree._Element:
        for p in self.paragraphs():
            if next(p.iter(w("txbxContent")), None) is not None:
                continue
            joined = "".join(t.text or "" for t in p.iter(w("t")))
            segments = [s.strip() for s in _segments(p)]
            if (any(s.startswith(text) for s in segments) if start else text in joined):
                return p
        raise LookupError(text)

    def replace_text(self, old: str, new: str) -> None:
        done = False
        for t in self.body.iter(w("t")):
            if t.text and old in t.text:
                t.text = t.text.replace(old, new)
                done = True
        if not done:
            raise LookupError(old)

    def sect(self) -> etree._Element:
        return self.body.find(w("sectPr"))


def _segments(p: etree._Element) -> list[str]:
    out = [""]
    for el in p.iter(w("t"), w("tab")):
        if el.tag == w("tab"):
            if el.getparent().tag == w("r"):
                out.append("")
        else:
            out[-1] += el.text or ""
    return out


def set_rpr(run: etree._Element, tag: str, **attrs: str) -> None:
    """Direct run formatting, replacing what the run had for ``tag``."""
    rpr = run.find(w("rPr"))
    if rpr is None:
        rpr = etree.SubElement(run, w("rPr"))
        run.remove(rpr)
        run.insert(0, rpr)
    for old in rpr.findall(w(tag)):
        rpr.remove(old)
    el = etree.Element(w(tag))
    for key, value in attrs.items():
        el.set(w(key), value)
    # Schema order matters to Word, not to the checker; first is fine for rFonts.
    rpr.insert(0, el) if tag == "rFonts" else rpr.append(el)


def set_ppr(p: etree._Element, tag: str, **attrs: str) -> etree._Element:
    """Direct paragraph formatting (replacing ``tag``)."""
    ppr = p.find(w("pPr"))
    if ppr is None:
        ppr = etree.Element(w("pPr"))
        p.insert(0, ppr)
    for old in ppr.findall(w(tag)):
        ppr.remove(old)
    el = etree.SubElement(ppr, w(tag))
    for key, value in attrs.items():
        el.set(w(key), value)
    return el


def format_runs(doc: Docx, text: str, tag: str, exact: bool = False, **attrs: str) -> None:
    runs = doc.runs_with(text, exact)
    if not runs:
        raise LookupError(text)
    for run in runs:
        set_rpr(run, tag, **attrs)


def _first_body_para(doc: Docx) -> etree._Element:
    return doc.para_with("Ủy ban nhân dân xã tổ chức")


def _remove_tn_rule(doc: Docx) -> None:
    """The rule under the Tiêu ngữ: a border paragraph (docgen) or a drawn line (Word)."""
    tn = doc.para_with(TIEU_NGU)
    for drawing in list(doc.body.iter(w("drawing"))):
        if drawing.getparent() is not None and "prst=\"line\"" in etree.tostring(
                drawing).decode():
            holder = drawing
            while holder.getparent().tag != w("p"):
                holder = holder.getparent()
            holder.getparent().remove(holder)
            return
    following = tn.getnext()
    border = following.find(f"{w('pPr')}/{w('pBdr')}")
    border.getparent().remove(border)


def _long_agency_rule(doc: Docx) -> None:
    """Make the agency's rule as long as the whole line (ratio ~1)."""
    for t in doc.body.iter(w("t")):
        if t.text and re.fullmatch(r"_{3,}", t.text.strip()):
            t.text = t.text.strip() * 2
            return
    agency = doc.para_with("XÃ SA THẦY")
    rule = agency.getnext()
    ind = rule.find(f"{w('pPr')}/{w('ind')}")
    ind.set(w("left"), "0")
    ind.set(w("right"), "0")


def _remove_luu(doc: Docx) -> None:
    for run in doc.runs_with("Lưu:"):
        for t in run.iter(w("t")):
            t.text = ""
    for p in doc.paragraphs():
        if not "".join(t.text or "" for t in p.iter(w("t"))).strip() and \
                p.getparent().tag == w("tc") and len(p.getparent().findall(w("p"))) > 1 and \
                p.find(f"{w('pPr')}/{w('spacing')}") is not None and p.getprevious() is not None \
                and "Chủ tịch, các PCT" in "".join(p.getprevious().itertext()):
            p.getparent().remove(p)


def narrow_quoc_hieu(doc: Docx) -> None:
    """Indent the Quốc hiệu's own paragraph until its line no longer fits: Word wraps it."""
    set_ppr(doc.para_with(QUOC_HIEU), "ind", left="1800", right="1800")


def _page_one(doc: Docx) -> None:
    for sect in doc.body.iter(w("sectPr")):
        for el in sect.findall(w("titlePg")):
            sect.remove(el)


def _page_number_italic(doc: Docx) -> None:
    names = [n for n in doc.parts if re.fullmatch(r"word/header\d*\.xml", n)]
    for name in names:
        root = doc.tree(name)
        if "PAGE" in etree.tostring(root).decode():
            for r in root.iter(w("r")):
                set_rpr(r, "i")


def _body_para(doc: Docx, tag: str, **attrs: str) -> None:
    set_ppr(_first_body_para(doc), tag, **attrs)


def _remove_end_mark(doc: Docx) -> None:
    doc.replace_text("hiện./.", "hiện.")


def _nfd(doc: Docx) -> None:
    import unicodedata

    for t in doc.body.iter(w("t")):
        if t.text and "Đề nghị các đơn vị" in t.text:
            t.text = unicodedata.normalize("NFD", t.text)
            return
    raise LookupError("Đề nghị")


@dataclass(frozen=True)
class Mutation:
    """One change to a conforming document that breaks exactly ``rule``."""

    name: str
    rule: str
    apply: Callable[[Docx], None]

    def __call__(self, data: bytes) -> bytes:
        doc = Docx(data)
        self.apply(doc)
        return doc.save()


def _margin(side: str, mm: float) -> Callable[[Docx], None]:
    def apply(doc: Docx) -> None:
        doc.sect().find(w("pgMar")).set(w(side), str(round(mm * TWIPS_PER_MM)))
    return apply


def _paper(doc: Docx) -> None:
    size = doc.sect().find(w("pgSz"))
    size.set(w("w"), "12240")
    size.set(w("h"), "15840")


def _move_name_up(doc: Docx) -> None:
    """The signer's name right under the title: no space to sign."""
    name_runs = doc.runs_with("Võ Thị Kim Dung")
    name_para = name_runs[0].getparent()
    while name_para.tag != w("p"):
        name_para = name_para.getparent()
    title = doc.para_with("PHÓ CHỦ TỊCH")
    if title.getparent().tag == w("tc"):
        p = title.getnext()
        while p is not None and p is not name_para:
            nxt = p.getnext()
            p.getparent().remove(p)
            p = nxt
        return
    # Tab layout: every row between title and name only has left text; drop those rows'
    # height by moving the name row right after the title row, keeping the left items.
    name_para.getparent().remove(name_para)
    title.addnext(name_para)


MUTATIONS: list[Mutation] = [
    Mutation("margin_left_narrow", "R-02", _margin("left", 25)),
    Mutation("margin_top_wide", "R-02", _margin("top", 30)),
    Mutation("paper_letter", "R-01", _paper),
    Mutation("font_slot_hansi", "R-03",
             lambda d: format_runs(d, "Đề nghị các đơn vị", "rFonts", hAnsi="Arial")),
    Mutation("font_color_red", "R-03",
             lambda d: format_runs(d, "Võ Thị Kim Dung", "color", val="FF0000")),
    Mutation("text_not_nfc", "R-03", _nfd),
    Mutation("page_number_on_page_one", "R-04", _page_one),
    Mutation("page_number_italic", "R-04", _page_number_italic),
    # 14 pt would also push the Quốc hiệu onto two lines: too small breaks R-10 alone.
    Mutation("quoc_hieu_size_11", "R-10", lambda d: format_runs(d, QUOC_HIEU, "sz", val="22")),
    Mutation("quoc_hieu_not_bold", "R-10", lambda d: format_runs(d, QUOC_HIEU, "b", val="0")),
    Mutation("quoc_hieu_lower_case", "R-10",
             lambda d: d.replace_text(QUOC_HIEU, "Cộng hòa xã hội chủ nghĩa Việt Nam")),
    Mutation("tieu_ngu_en_dash", "R-11",
             lambda d: d.replace_text(TIEU_NGU, TIEU_NGU.replace(" - ", " – "))),
    Mutation("tieu_ngu_capitals", "R-11",
             lambda d: d.replace_text(TIEU_NGU, "Độc Lập - Tự Do - Hạnh Phúc")),
    Mutation("tieu_ngu_rule_missing", "R-12", _remove_tn_rule),
    Mutation("agency_not_bold", "R-14",
             lambda d: (format_runs(d, "ỦY BAN NHÂN DÂN", "b", exact=True, val="0"),
                        format_runs(d, "XÃ SA THẦY", "b", exact=True, val="0"))),
    Mutation("agency_rule_too_long", "R-15", _long_agency_rule),
    Mutation("so_not_zero_padded", "R-16", lambda d: d.replace_text("Số: 05/", "Số: 5/")),
    Mutation("ky_hieu_lower_case", "R-16", lambda d: d.replace_text("/UBND-VHXH", "/Ubnd-VHXH")),
    Mutation("cong_van_type_code", "R-17", lambda d: d.replace_text("/UBND-VHXH", "/CV-UBND")),
    Mutation("date_month_3_padded", "R-19", lambda d: d.replace_text("tháng 3 năm 2025",
                                                                     "tháng 03 năm 2025")),
    Mutation("date_day_not_padded", "R-19", lambda d: d.replace_text("ngày 05 tháng",
                                                                     "ngày 5 tháng")),
    Mutation("date_not_italic", "R-19", lambda d: format_runs(d, "Sa Thầy, ngày", "i", val="0")),
    Mutation("vv_bold", "R-20", lambda d: format_runs(d, "V/v", "b")),
    Mutation("kinh_gui_missing_period", "R-30",
             lambda d: d.replace_text("Trưởng các thôn, làng.", "Trưởng các thôn, làng")),
    Mutation("kinh_gui_size_12", "R-30",
             lambda d: format_runs(d, "Văn phòng Đảng ủy xã", "sz", val="24")),
    Mutation("body_not_justified", "R-31", lambda d: _body_para(d, "jc", val="left")),
    Mutation("body_indent_0", "R-31", lambda d: _body_para(d, "ind", left="0", firstLine="0")),
    Mutation("body_line_spacing_2", "R-31",
             lambda d: _body_para(d, "spacing", before="120", after="0", line="480",
                                  lineRule="auto")),
    Mutation("body_size_12", "R-31",
             lambda d: format_runs(d, "Đề nghị các đơn vị", "sz", val="24")),
    Mutation("body_no_paragraph_gap", "R-31",
             lambda d: set_ppr(d.para_with("Đề nghị các đơn vị"), "spacing", before="0",
                               after="0")),
    Mutation("body_end_mark_missing", "R-33", _remove_end_mark),
    Mutation("noi_nhan_not_bold_italic", "R-40",
             lambda d: (format_runs(d, "Nơi nhận", "b", val="0"),
                        format_runs(d, "Nơi nhận", "i", val="0"))),
    Mutation("luu_line_missing", "R-41", _remove_luu),
    Mutation("noi_nhan_item_size_13", "R-41",
             lambda d: format_runs(d, "Chủ tịch, các PCT", "sz", val="26")),
    Mutation("authority_not_bold", "R-42", lambda d: format_runs(d, "KT. CHỦ TỊCH", "b",
                                                                 val="0")),
    Mutation("signer_title_not_upper", "R-43",
             lambda d: d.replace_text("PHÓ CHỦ TỊCH", "Phó Chủ tịch")),
    Mutation("signer_name_not_bold", "R-44",
             lambda d: format_runs(d, "Võ Thị Kim Dung", "b", val="0")),
    Mutation("signer_no_space_to_sign", "R-44", _move_name_up),
]
"""Mutations of :func:`base_cong_van` documents."""


def _remove_title_rule(doc: Docx) -> None:
    subject = doc.para_with("Lịch tiếp công dân tháng 1")
    following = subject.getnext()
    border = following.find(f"{w('pPr')}/{w('pBdr')}")
    if border is not None:
        border.getparent().remove(border)
        return
    for t in following.iter(w("t")):
        t.text = ""


def _unbox_urgency(doc: Docx) -> None:
    para = doc.para_with("KHẨN")
    border = para.find(f"{w('pPr')}/{w('pBdr')}")
    border.getparent().remove(border)


TITLED_MUTATIONS: list[Mutation] = [
    Mutation("title_not_bold", "R-21", lambda d: format_runs(d, "THÔNG BÁO", "b", val="0")),
    Mutation("trich_yeu_not_bold", "R-22",
             lambda d: format_runs(d, "Lịch tiếp công dân tháng 1", "b", val="0")),
    Mutation("trich_yeu_rule_missing", "R-22", _remove_title_rule),
    Mutation("urgency_not_boxed", "R-23", _unbox_urgency),
    Mutation("urgency_not_bold", "R-23", lambda d: format_runs(d, "KHẨN", "b", val="0")),
    Mutation("can_cu_not_italic", "R-32",
             lambda d: format_runs(d, "Căn cứ Luật Tiếp công dân", "i", val="0")),
    Mutation("can_cu_last_semicolon", "R-32",
             lambda d: d.replace_text("30/2020/NĐ-CP.", "30/2020/NĐ-CP;")),
    Mutation("ky_hieu_wrong_kind", "R-17", lambda d: d.replace_text("/TB-PNV", "/KH-PNV")),
    Mutation("chu_quan_size_14", "R-13",
             lambda d: format_runs(d, "UBND HUYỆN SA THẦY", "sz", val="28")),
    Mutation("date_month_1_not_padded", "R-19",
             lambda d: d.replace_text("tháng 01 năm", "tháng 1 năm")),
    Mutation("luu_drafter_ok_but_item_no_dash", "R-41",
             lambda d: d.replace_text("- UBND huyện;", "UBND huyện;")),
]
"""Mutations of :func:`base_thong_bao` documents (titled kinds, urgency, legal bases)."""


WPS_NS = declarations("wp", "a", "wps", "w")


def _textbox(paras: list[etree._Element], left_twips: int, width_twips: int, ident: int,
             ) -> etree._Element:
    emu = EMU_PER_TWIP
    run = etree.fromstring(
        f'<w:r {WPS_NS}><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" '
        'simplePos="0" relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" '
        'allowOverlap="1"><wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column">'
        f'<wp:posOffset>{left_twips * emu}</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{width_twips * emu}" cy="{1800 * emu}"/><wp:wrapTopAndBottom/>'
        f'<wp:docPr id="{ident}" name="Khung {ident}"/><a:graphic><a:graphicData '
        f'uri="{WPS}"><wps:wsp>'
        '<wps:cNvSpPr txBox="1"/><wps:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        '<a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr><wps:txbx><w:txbxContent/></wps:txbx>'
        '<wps:bodyPr lIns="0" tIns="0" rIns="0" bIns="0"/></wps:wsp></a:graphicData>'
        '</a:graphic></wp:anchor></w:drawing></w:r>')
    content = next(run.iter(w("txbxContent")))
    for p in paras:
        content.append(p)
    return run


def textbox_header(data: bytes) -> bytes:
    """docgen's output with the header table replaced by two text boxes, as some clerks do."""
    doc = Docx(data)
    table = doc.body.find(w("tbl"))
    grid = [int(c.get(w("w"))) for c in table.iter(w("gridCol"))]
    margin = 108
    columns: list[list[etree._Element]] = [[], []]
    for tr in table.iter(w("tr")):
        for i, tc in enumerate(tr.findall(w("tc"))):
            columns[i] += tc.findall(w("p"))
    anchor = etree.Element(w("p"))
    lefts = [margin, grid[0] + margin]
    for i, paras in enumerate(columns):
        anchor.append(_textbox(paras, lefts[i], grid[i] - 2 * margin, i + 1))
    table.addprevious(anchor)
    table.getparent().remove(table)
    return doc.save()


# -- Word's own ways of writing the same thing ------------------------------------------------


def _join_with_breaks(doc: Docx, first: etree._Element, others: list[etree._Element]) -> None:
    """Move the runs of ``others`` into ``first``, each after a soft break (Shift+Enter)."""
    for p in others:
        br = etree.SubElement(first, w("r"))
        etree.SubElement(br, w("br"))
        for run in p.findall(w("r")):
            first.append(run)
        p.getparent().remove(p)


def _header_soft_break(doc: Docx) -> None:
    """Quốc hiệu and Tiêu ngữ typed in one paragraph, with Shift+Enter between them."""
    _join_with_breaks(doc, doc.para_with(QUOC_HIEU), [doc.para_with(TIEU_NGU)])


def _noi_nhan_soft_breaks(doc: Docx) -> None:
    """"Nơi nhận:" and every recipient in one paragraph, one line each."""
    heading = doc.para_with("Nơi nhận")
    items = []
    p = heading.getnext()
    while p is not None and "".join(p.itertext()).strip().startswith("-"):
        items.append(p)
        p = p.getnext()
    assert items
    _join_with_breaks(doc, heading, items)


def _signature_soft_breaks(doc: Docx) -> None:
    """The blank lines for signature and seal as soft breaks after the signer's title."""
    title = doc.para_with("PHÓ CHỦ TỊCH", start=True)
    blanks = []
    p = title.getnext()
    while p is not None and not "".join(p.itertext()).strip():
        blanks.append(p)
        p = p.getnext()
    assert blanks
    for blank in blanks:
        etree.SubElement(etree.SubElement(title, w("r")), w("br"))
        blank.getparent().remove(blank)


def _east_asian_font(doc: Docx) -> None:
    """A font set only in the East Asian slot, which Vietnamese text never uses."""
    format_runs(doc, "Đề nghị các đơn vị", "rFonts", ascii="Times New Roman",
                hAnsi="Times New Roman", eastAsia="SimSun")


def _rule_drawn_in_cell(doc: Docx) -> None:
    """The Tiêu ngữ's rule as a line drawn in the header cell, placed from the cell's edge."""
    border_para = doc.para_with(TIEU_NGU).getnext()
    ppr = border_para.find(w("pPr"))
    ind = ppr.find(w("ind"))
    left, right = int(ind.get(w("left"))), int(ind.get(w("right")))
    cell = border_para.getparent()
    width = int(cell.find(f"{w('tcPr')}/{w('tcW')}").get(w("w"))) - 2 * 108
    length = width - left - right
    ppr.remove(ppr.find(w("pBdr")))
    ppr.remove(ind)
    drawing = etree.fromstring(
        f'<w:r {WPS_NS}><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" '
        'simplePos="0" relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" '
        'allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="column"><wp:posOffset>{left * EMU_PER_TWIP}</wp:posOffset>'
        '</wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset>'
        f'</wp:positionV><wp:extent cx="{length * EMU_PER_TWIP}" cy="0"/><wp:wrapNone/>'
        '<wp:docPr id="77" name="Straight Connector 77"/><a:graphic><a:graphicData '
        f'uri="{WPS}"><wps:wsp>'
        '<wps:cNvCnPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{length * EMU_PER_TWIP}" cy="0"/></a:xfrm><a:prstGeom prst="line"><a:avLst/>'
        '</a:prstGeom></wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic>'
        '</wp:anchor></w:drawing></w:r>')
    border_para.append(drawing)


def _tracked_changes(doc: Docx) -> None:
    """A word inserted and one deleted with Track Changes on: the accepted text is the same."""
    run = doc.runs_with("Đề nghị các đơn vị")[0]
    ins = etree.Element(w("ins"), {w("id"): "901", w("author"): "Văn thư"})
    run.addprevious(ins)
    ins.append(run)
    deleted = etree.SubElement(etree.Element(w("del"), {w("id"): "902", w("author"): "Văn thư"}),
                               w("r"))
    etree.SubElement(etree.SubElement(deleted, w("rPr")), w("sz"), {w("val"): "40"})
    etree.SubElement(deleted, w("delText")).text = "CHỮ ĐÃ XÓA SAI CỠ "
    ins.addprevious(deleted.getparent())


def _content_control(doc: Docx) -> None:
    """The Kính gửi paragraph inside a content control (a Word form field)."""
    para = doc.para_with("Kính gửi")
    sdt = etree.Element(w("sdt"))
    para.addprevious(sdt)
    content = etree.SubElement(sdt, w("sdtContent"))
    content.append(para)


def _hyperlink(doc: Docx) -> None:
    """A body run turned into a hyperlink (to a bookmark, so no relationship is needed)."""
    run = doc.runs_with("Các đơn vị triển khai")[0]
    link = etree.Element(w("hyperlink"), {w("anchor"): "_top"})
    run.addprevious(link)
    link.append(run)


NEUTRAL_MUTATIONS: list[Mutation] = [
    Mutation("header_soft_break", "", _header_soft_break),
    Mutation("noi_nhan_soft_breaks", "", _noi_nhan_soft_breaks),
    Mutation("signature_soft_breaks", "", _signature_soft_breaks),
    Mutation("east_asian_font_only", "", _east_asian_font),
    Mutation("tieu_ngu_rule_drawn_in_cell", "", _rule_drawn_in_cell),
    Mutation("tracked_changes", "", _tracked_changes),
    Mutation("kinh_gui_in_content_control", "", _content_control),
    Mutation("hyperlink_in_body", "", _hyperlink),
]
"""Changes in Word's style that show the same page: the checker must still find nothing.

They apply to :func:`docgen_docx` documents (a header table with direct formatting)."""
