"""Every kind of Phụ lục III rendered and read back: each block where the decree puts it, set as
the layout table says (R-24 – R-27, R-32 – R-37, R-46, R-47, R-50, R-51)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docxview import NS, DocxView, ParaView, _w, assert_element
from kindforms import FORMS, document
from pydantic import ValidationError

from docgen import render_docx
from docgen.body import escape_markup, parse_blocks
from docgen.layout import LAYOUT, TWIPS_PER_MM, cm_to_twips, layout_for
from docgen.models import VanBan
from docgen.ooxml import qn


def rendered(kind: str, **changes: object) -> tuple[VanBan, DocxView]:
    vb = document(kind, **changes)
    return vb, DocxView(render_docx(vb))


def assert_body_format(para: ParaView, vb: VanBan) -> None:
    lay = layout_for(vb)
    assert para.align == "both", para.text
    assert para.first_line == cm_to_twips(lay.body.first_line_indent_cm), para.text
    assert para.before >= lay.body.min_paragraph_gap_pt * 20


@pytest.mark.parametrize("kind", sorted(FORMS))
def test_every_kind_renders_its_number_and_title(kind: str) -> None:
    """R-16, R-17, R-21: the ký hiệu opens with the kind's PL3 code, the title is printed."""
    vb, doc = rendered(kind)
    so = doc.find("Số:")
    code = vb.kind.abbreviation
    assert so.text.startswith(f"Số: 12/{code}-"), so.text
    title = doc.find(vb.kind.title)
    assert title.in_table is None
    assert_element(title, vb, "ten_loai")
    assert vb.nguoi_ky.ho_ten in doc.texts()


def test_quyet_dinh_preamble_and_articles() -> None:
    """R-24, R-25, R-32, R-34: authority line, căn cứ, QUYẾT ĐỊNH:, Điều 1…"""
    vb, doc = rendered("quyet-dinh")
    rule = doc.after(doc.find(vb.trich_yeu_line))
    assert rule.rule
    authority = doc.after(rule)
    assert authority.text == "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ SA THẦY"
    assert_element(authority, vb, "tham_quyen")
    bases = [doc.after(authority)]
    while not bases[-1].text.startswith("Theo đề nghị"):
        bases.append(doc.after(bases[-1]))
    assert [b.text for b in bases] == [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ;",
        "Theo đề nghị của Công chức Văn hóa - Xã hội xã.",
    ]
    for b in bases:
        assert_element(b, vb, "can_cu")
        assert_body_format(b, vb)
    decision = doc.after(bases[-1])
    assert decision.text == "QUYẾT ĐỊNH:"
    assert_element(decision, vb, "quyet_dinh")

    first = doc.after(decision)
    assert first.text.startswith("Điều 1. Thành lập Tổ công tác")
    assert first.runs[0].text == "Điều 1. " and first.runs[0].bold
    assert not any(r.bold for r in first.runs[1:])
    assert first.runs[0].size == LAYOUT["noi_dung"].size_pt
    assert_body_format(first, vb)
    titled = doc.find("Điều 2.")
    assert titled.text == "Điều 2. Nhiệm vụ của Tổ công tác" and titled.bold
    assert_body_format(titled, vb)
    last = doc.find("Điều 3.")
    assert last.text == "Điều 3. Quyết định này có hiệu lực kể từ ngày ký./."
    assert sum(t.endswith("./.") for t in doc.texts()) == 1 + len(vb.phu_luc)


def test_nghi_quyet_says_quyet_nghi() -> None:
    """R-25: a nghị quyết decides with ``QUYẾT NGHỊ:``."""
    vb, doc = rendered("nghi-quyet")
    line = doc.find("QUYẾT NGHỊ:")
    assert_element(line, vb, "quyet_dinh")
    assert doc.after(line).text == "Điều 1. Thông qua kế hoạch."
    assert doc.find("Điều 2.").text.endswith("thực hiện./.")
    assert "QUYẾT ĐỊNH:" not in doc.texts()


def test_body_table() -> None:
    """R-35: header bold and repeated, single borders, fixed widths inside the text width,
    13 pt, numbers right-aligned."""
    _vb, doc = rendered("quyet-dinh")
    header = doc.find("STT")
    table = doc.table_of(header)
    rows = table.findall("w:tr", NS)
    assert len(rows) == 31
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert all(r.find("w:trPr/w:tblHeader", NS) is None for r in rows[1:])
    borders = table.find("w:tblPr/w:tblBorders", NS)
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        assert borders.find(f"w:{edge}", NS).get(_w("val")) == "single"
    assert table.find("w:tblPr/w:tblLayout", NS).get(_w("type")) == "fixed"
    grid = [int(c.get(_w("w"))) for c in table.findall("w:tblGrid/w:gridCol", NS)]
    page = LAYOUT.page
    text_width = (page.width_mm - page.left.mm - page.right.mm) * TWIPS_PER_MM
    assert abs(sum(grid) - text_width) < 5
    assert grid[0] < grid[1]  # the STT column takes only what it needs
    cells = [p for p in doc.paragraphs if p.in_table == header.in_table]
    for p in cells:
        assert p.size == LAYOUT.table.size_pt
    heads = [p for p in cells if p.cell[0] == 0]
    assert [p.text for p in heads] == ["STT", "Họ và tên", "Chức vụ", "Phụ cấp (đồng)"]
    assert all(p.bold and p.align == "center" for p in heads)
    row = [p for p in cells if p.cell[0] == 3]
    assert [p.text for p in row] == ["3", "Nguyễn Văn Thành Viên 3", "Công chức", "375.000"]
    assert [p.align for p in row] == ["right", "left", "left", "right"]
    assert not any(p.bold for p in row)


def test_wide_table_is_set_smaller() -> None:
    """R-35: from six columns the table is set at 12 pt."""
    _vb, doc = rendered("quyet-dinh")
    cell = doc.find("Điện thoại")
    assert cell.size == LAYOUT.table.wide_size_pt and cell.bold


def test_appendices_in_own_sections() -> None:
    """R-50, R-51: each appendix starts a section on a new page; ngang = landscape; label,
    title, (Kèm theo …) filled from the document, short rule."""
    vb, doc = rendered("quyet-dinh")
    sections = doc.sections()
    assert len(sections) == 3
    main, first, second = sections
    assert main.find("w:pgSz", NS).get(_w("orient")) is None
    size = first.find("w:pgSz", NS)
    assert size.get(_w("orient")) == "landscape"
    assert int(size.get(_w("w"))) > int(size.get(_w("h")))
    assert second.find("w:pgSz", NS).get(_w("orient")) is None
    for sect in (first, second):
        assert sect.find("w:type", NS).get(_w("val")) == "nextPage"
        assert sect.find("w:pgNumType", NS).get(_w("start")) == "1"
        assert sect.find("w:titlePg", NS) is not None

    label = doc.find("Phụ lục I")
    assert label.text == "Phụ lục I" and doc.section_index(label) == 1
    assert_element(label, vb, "phu_luc_so")
    title = doc.after(label)
    assert title.text == "DANH SÁCH THÀNH VIÊN"
    assert_element(title, vb, "phu_luc_tieu_de")
    ref = doc.after(title)
    assert ref.text == ("(Kèm theo Quyết định số 12/QĐ-UBND ngày 05 tháng 12 năm 2025 của Chủ tịch "
                        "Ủy ban nhân dân xã Sa Thầy)")
    assert_element(ref, vb, "phu_luc_kem_theo")
    rule = doc.after(ref)
    assert rule.rule
    landscape = (LAYOUT.page.height_mm - LAYOUT.page.left.mm - LAYOUT.page.right.mm)
    width_mm = landscape - (rule.left + rule.right) / TWIPS_PER_MM
    assert abs(width_mm - LAYOUT.appendix.rule_width_cm * 10) < 0.5
    # The landscape table spans the landscape text width.
    table = doc.table_of(doc.find("Điện thoại"))
    grid = sum(int(c.get(_w("w"))) for c in table.findall("w:tblGrid/w:gridCol", NS))
    assert abs(grid - landscape * TWIPS_PER_MM) < 5
    second_label = doc.find("Phụ lục II")
    assert doc.section_index(second_label) == 2
    assert doc.find("Họp mỗi tháng").text == "Họp mỗi tháng một lần./."


def test_appendix_of_undated_document_keeps_blanks() -> None:
    """R-50: blank number and date stay blank for the văn thư; one appendix has no numeral."""
    _vb, doc = rendered("quyet-dinh", so=None, ngay=None, nam=2026,
                       phu_luc=[{"tieu_de": "Danh sách", "noi_dung": "Một dòng."}])
    blank = " " * 6
    assert doc.find("Phụ lục").text == "Phụ lục"
    assert doc.find("(Kèm theo").text == (
        f"(Kèm theo Quyết định số {blank}/QĐ-UBND ngày{blank}tháng{blank}năm 2026 của Chủ tịch "
        "Ủy ban nhân dân xã Sa Thầy)")


def test_appendix_needs_a_mention_in_the_body() -> None:
    """Phụ lục I III.1.a: the body points to its appendix."""
    from pydantic import ValidationError

    from docgen.models import validation_problems

    data = FORMS["quyet-dinh"]
    dieu = [d.replace("(danh sách tại Phụ lục I kèm theo) ", "") if isinstance(d, str) else d
            for d in data["dieu"]]
    with pytest.raises(ValidationError) as info:
        document("quyet-dinh", dieu=dieu)
    (field, message, hint), = validation_problems(info.value)
    assert field == "noi_dung" and "phụ lục" in message and hint


def test_circulation_box_and_address_footer() -> None:
    """R-26: the circulation note boxed under Số; R-47: the address at the foot of page 1 under a
    full-width rule, 11 pt; later sections get an empty first-page footer."""
    vb, doc = rendered("quyet-dinh")
    box = doc.find("LƯU HÀNH NỘI BỘ")
    assert box.box and box.cell == (1, 0)
    assert_element(box, vb, "luu_hanh")
    main = doc.sections()[0]
    ref = main.find("w:footerReference", NS)
    assert ref.get(_w("type")) == "first"
    rels = doc.parts["word/_rels/document.xml.rels"].decode()
    assert 'Target="footer1.xml"' in rels
    footer_xml = doc.xml["word/footer1.xml"]
    from docxview import _para

    paras = [_para(p, doc.default_size) for p in footer_xml.findall("w:p", NS)]
    assert paras[0].rule and paras[0].left == paras[0].right == 0
    assert paras[1].text == "Thôn 1, xã Sa Thầy; Điện thoại: 0260 3820 123"
    assert_element(paras[1], vb, "dia_chi")
    for later in doc.sections()[1:]:
        assert later.find("w:footerReference", NS).get(qn("r:id")) == "rIdFooterEmpty"
    plain = DocxView(render_docx(document("nghi-quyet")))
    assert "word/footer1.xml" not in plain.parts
    assert b"footer" not in plain.parts["[Content_Types].xml"]


def test_giay_moi_lines() -> None:
    """R-36 (Mẫu 1.7): inviter, kính mời, tới dự, chủ trì, time with its weekday, place."""
    vb, doc = rendered("giay-moi")
    opening = doc.find("Ủy ban nhân dân xã Sa Thầy trân trọng kính mời:")
    lines = [opening]
    for _ in range(6):
        lines.append(doc.after(lines[-1]))
    assert [p.text for p in lines] == [
        "Ủy ban nhân dân xã Sa Thầy trân trọng kính mời:",
        "- Trưởng các thôn, làng;",
        "- Công chức Văn hóa - Xã hội.",
        "Tới dự cuộc họp triển khai kế hoạch chuyển đổi số năm 2026 của xã.",
        "Chủ trì: Đồng chí Võ Thị Kim Dung, Phó Chủ tịch UBND xã.",
        "Thời gian: 08 giờ 00 phút, thứ Sáu, ngày 05 tháng 12 năm 2025.",
        "Địa điểm: Hội trường Ủy ban nhân dân xã Sa Thầy.",
    ]
    for p in lines:
        assert_element(p, vb, "giay_moi")
        assert_body_format(p, vb)
    assert doc.after(lines[-1]).text == "Đề nghị đại biểu đến đúng giờ./."


def test_giay_moi_single_invitee_and_no_notes() -> None:
    _vb, doc = rendered("giay-moi", kinh_moi="Ông Trần Văn Ba, Trưởng thôn 1", noi_dung=None,
                        thoi_gian="Sáng thứ Hai tuần sau", tham_quyen="Chủ tịch UBND xã")
    assert doc.find("Chủ tịch UBND xã trân trọng kính mời:").text == \
        "Chủ tịch UBND xã trân trọng kính mời: Ông Trần Văn Ba, Trưởng thôn 1."
    assert doc.find("Thời gian:").text == "Thời gian: Sáng thứ Hai tuần sau."
    assert doc.find("Địa điểm:").text.endswith("Sa Thầy./.")


def test_bien_ban_two_signatures() -> None:
    """R-46 (Mẫu 1.9): THƯ KÝ left, CHỦ TỌA right, side by side, names bold; Nơi nhận under
    them; no place-date line; the closing line ends the text."""
    vb, doc = rendered("bien-ban")
    assert not any(t.startswith(f"{vb.dia_danh}, ngày") for t in doc.texts())
    secretary, chair = doc.find("THƯ KÝ"), doc.find("CHỦ TỌA")
    assert secretary.in_table == chair.in_table
    assert secretary.cell == (0, 0) and chair.cell == (0, 1)
    for p in (secretary, chair):
        assert_element(p, vb, "thu_ky")
    names = [p for p in doc.paragraphs if p.in_table == chair.in_table and p.cell[0] == 0
             and p.text in ("Nguyễn Thị Lan", "Trần Minh Hải")]
    assert [p.cell for p in names] == [(0, 0), (0, 1)]
    for p in names:
        assert_element(p, vb, "ho_ten")
    left = [p for p in doc.paragraphs if p.in_table == chair.in_table and p.cell == (0, 0)]
    right = [p for p in doc.paragraphs if p.in_table == chair.in_table and p.cell == (0, 1)]
    assert left.index(names[0]) == right.index(names[1])  # names on one level
    heading = doc.find("Nơi nhận:")
    assert heading.in_table == chair.in_table and heading.cell == (1, 0)
    items = [p.text for p in doc.paragraphs if p.in_table == chair.in_table and p.cell == (1, 0)]
    assert items[1:] == ["- Các thành viên dự họp;", "- Lưu: VT, Hồ sơ."]
    assert doc.find("Thời gian bắt đầu:").text == \
        "Thời gian bắt đầu: 08 giờ 00 phút, ngày 05 tháng 12 năm 2025."
    assert doc.find("Cuộc họp kết thúc").text == \
        "Cuộc họp kết thúc vào 11 giờ 30 phút, ngày 05 tháng 12 năm 2025./."
    assert doc.find("Các thôn thống nhất").text == "Các thôn thống nhất thực hiện."
    assert vb.notices == ["thu_ky_ky.ho_ten: đã ghi tên 'nguyễn thị lan' thành 'Nguyễn Thị Lan' "
                          "(họ tên viết hoa chữ cái đầu mỗi tiếng, R-44)"]


def test_cong_dien() -> None:
    """R-27 (Mẫu 1.6): ``<AUTHORITY> điện:`` bold centred, then its recipients."""
    vb, doc = rendered("cong-dien")
    line = doc.find("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ SA THẦY điện:")
    assert line.in_table is None
    assert_element(line, vb, "dien")
    first = doc.after(line)
    assert first.in_table is not None
    items = [p.text for p in doc.paragraphs if p.in_table == first.in_table and p.cell == (0, 1)]
    assert items == ["- Trưởng các thôn, làng;", "- Các cơ quan, đơn vị thuộc UBND xã."]
    assert not any(t.startswith("Kính gửi") for t in doc.texts())


def test_giay_gioi_thieu() -> None:
    """R-37 (Mẫu 1.8): no trích yếu; the lines; Nơi nhận starts with Như trên."""
    vb, doc = rendered("giay-gioi-thieu")
    title = doc.find("GIẤY GIỚI THIỆU")
    assert doc.after(title).rule
    opening = doc.find("Ủy ban nhân dân xã Sa Thầy trân trọng giới thiệu:")
    lines = [opening]
    for _ in range(6):
        lines.append(doc.after(lines[-1]))
    assert [p.text for p in lines] == [
        "Ủy ban nhân dân xã Sa Thầy trân trọng giới thiệu:",
        "Ông (bà) Nguyễn Văn An",
        "Chức vụ: Công chức Văn phòng - Thống kê",
        "Được cử đến: Sở Nội vụ tỉnh Quảng Ngãi",
        "Về việc: Liên hệ công tác chuyển đổi số.",
        "Đề nghị Quý cơ quan tạo điều kiện để ông (bà) có tên ở trên hoàn thành nhiệm vụ.",
        "Giấy này có giá trị đến hết ngày 31/12/2025./.",
    ]
    for p in lines:
        assert_element(p, vb, "giay_to")
    assert "- Như trên;" in doc.texts()
    assert vb.trich_yeu == "Giới thiệu ông (bà) Nguyễn Văn An"


def test_giay_nghi_phep() -> None:
    """R-37 (Mẫu 1.10): the days counted from the dates, both included."""
    _vb, doc = rendered("giay-nghi-phep")
    assert doc.find("Được nghỉ phép").text == (
        "Được nghỉ phép trong thời gian 05 ngày, kể từ ngày 08/12/2025 đến hết ngày 12/12/2025 "
        "tại xã Sa Thầy, tỉnh Quảng Ngãi.")
    assert doc.find("Số ngày nghỉ phép").text.endswith("có hưởng lương./.")
    assert doc.find("Ủy ban nhân dân xã Sa Thầy cấp cho:")


def test_signature_by_order_and_deputy() -> None:
    """Điều 13: TL. CHỦ TỊCH / KT. CHÁNH VĂN PHÒNG / PHÓ CHÁNH VĂN PHÒNG; a lower-case name
    printed in proper case; a ký hiệu with a unit code."""
    vb, doc = rendered("to-trinh")
    lines = [doc.find("TL. CHỦ TỊCH")]
    for _ in range(2):
        lines.append(doc.after(lines[-1]))
    assert [p.text for p in lines] == ["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG",
                                      "PHÓ CHÁNH VĂN PHÒNG"]
    for p in lines[:2]:
        assert_element(p, vb, "quyen_han")
    assert_element(lines[2], vb, "chuc_vu")
    assert doc.find("Lê Văn Bình").bold
    assert doc.find("Số:").text == "Số: 12/TTr-UBND(VHXH)"


def test_escaped_markup_prints_literally() -> None:
    """A value with markup characters, escaped, prints exactly as typed."""
    typed = "- Thôn *Tân* | Sang **1** \\ hết"
    body = f"Kết quả:\n{escape_markup(typed)}\n| A | B |\n| {escape_markup('x|y')} | 2 |"
    _vb, doc = rendered("cong-dien", noi_dung=body)
    para = doc.find("- Thôn")
    assert para.text == typed
    assert not any(r.bold or r.italic for r in para.runs)
    assert doc.find("x|y").in_table is not None
    blocks = parse_blocks(escape_markup("- a\n+ b"))
    assert [b.kind for b in blocks] == ["text", "text"]


@pytest.mark.parametrize("changes", [{}, {"dia_chi": []}, {"dia_chi": [], "phu_luc": []}])
def test_every_relationship_exists(changes: dict) -> None:
    """Each r:id the document uses is in its relationships (LibreOffice refuses the file
    otherwise, while python-docx opens it)."""
    _vb, doc = rendered("quyet-dinh", **changes)
    rel_ns = qn("r:id")
    used = {el.get(rel_ns) for el in doc.document.iter() if el.get(rel_ns)}
    rels = doc.xml["word/_rels/document.xml.rels"]
    known = {r.get("Id") for r in rels}
    assert used and used <= known, used - known
    types = doc.parts["[Content_Types].xml"].decode()
    for r in rels:
        target = r.get("Target")
        assert f"word/{target}" in doc.parts, target
        if target.startswith(("footer", "header")):
            assert f'PartName="/word/{target}"' in types


def test_giay_nghi_phep_confirmation_block() -> None:
    """Mẫu 1.10: room for the confirmation of the place of leave, under the closing, if asked."""
    leave = {**FORMS["giay-nghi-phep"]["nghi_phep"], "xac_nhan": True}
    vb, doc = rendered("giay-nghi-phep", nghi_phep=leave)
    heading = doc.find("Xác nhận của cơ quan (tổ chức)")
    assert heading.in_table is not None and heading.cell == (0, 0)
    assert heading.in_table > doc.find("Nơi nhận:").in_table
    assert_element(heading, vb, "xac_nhan")
    assert doc.after(heading).text == "(Chữ ký, dấu)" and doc.after(heading).italic
    _vb, plain = rendered("giay-nghi-phep")
    assert not any(t.startswith("Xác nhận") for t in plain.texts())


@pytest.mark.parametrize("bo_cuc", ["chuan", "gon"])
@pytest.mark.parametrize("kind", sorted(FORMS))
def test_docgen_check_passes_every_kind(kind: str, bo_cuc: str) -> None:
    """docgen's output of every kind passes its own checker, in both layouts."""
    from docgen.check import check_bytes

    assert check_bytes(render_docx(document(kind, bo_cuc=bo_cuc))).findings == []


def _pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")[:-1]


def _page_sizes(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(pdf)], capture_output=True,
                          text=True, check=True).stdout
    return [(float(w), float(h)) for w, h in
            re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice missing")
def test_every_kind_as_libreoffice_lays_it_out(tmp_path: Path) -> None:
    """Each kind opens in LibreOffice; the quyết định's table repeats its header on page 2, its
    landscape appendix is a landscape page with no page number; the biên bản's two
    signature blocks stand side by side."""
    from docgen.pdf import convert

    files = []
    for kind in sorted(FORMS):
        path = tmp_path / f"{kind}.docx"
        path.write_bytes(render_docx(document(kind)))
        files.append(path)
    pdfs = dict(zip(sorted(FORMS), convert(files, tmp_path / "pdf"), strict=True))
    for kind, pdf in pdfs.items():
        pages = _pdf_pages(pdf)
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pages[0], kind
        assert FORMS[kind].get("loai") and document(kind).kind.title in pages[0]

    pages = _pdf_pages(pdfs["quyet-dinh"])
    sizes = _page_sizes(pdfs["quyet-dinh"])
    assert len(pages) == len(sizes) >= 4
    first_appendix = next(i for i, p in enumerate(pages) if "DANH SÁCH THÀNH VIÊN" in p)
    main_pages = pages[:first_appendix]
    assert len(main_pages) >= 2 and "Nơi nhận:" in main_pages[-1]
    assert "STT" in main_pages[1] and "Họ và tên" in main_pages[1]  # header row repeated
    width, height = sizes[first_appendix]
    assert width > height  # landscape
    assert all(w < h for w, h in sizes[:first_appendix])
    assert main_pages[1].split()[0] == "2"
    assert not pages[first_appendix].split()[0].isdigit()  # first page of its own numbering
    second = pages[first_appendix + 1]
    assert "Phụ lục II" in second and sizes[first_appendix + 1][0] < sizes[first_appendix + 1][1]

    closing = next(line for line in _pdf_pages(pdfs["bien-ban"])[-1].splitlines()
                   if "THƯ KÝ" in line)
    assert "CHỦ TỌA" in closing


@pytest.mark.parametrize("kind", sorted(FORMS))
def test_dumped_form_renders_the_same_document(tmp_path: Path, kind: str) -> None:
    """The archive and extract write forms with dump_form: every kind's keys survive."""
    from docgen.forms import dump_form, load_form

    vb = document(kind)
    form = tmp_path / "form.yaml"
    form.write_text(dump_form(vb), "utf-8")
    assert render_docx(load_form(form)) == render_docx(vb)


def test_line_breaks_inside_a_table_cell() -> None:
    """``<br>`` starts a new line in a cell (a paragraph of its own); ``\\<br>`` is text."""
    body = ("Danh sách:\n| STT | Họ và tên | Ghi chú |\n| 1 | Nguyễn Văn A<br>Trưởng thôn | "
            "12 |\n| 2 | B | \\<br> là thẻ |")
    _vb, doc = rendered("cong-dien", noi_dung=body)
    name = doc.find("Nguyễn Văn A")
    assert name.text == "Nguyễn Văn A" and doc.after(name).text == "Trưởng thôn"
    assert doc.after(name).cell == name.cell and doc.after(name).align == "left"
    assert doc.find("<br> là thẻ").in_table == name.in_table
    assert doc.find("12").align == "right"


ISSUED = {"loai": "quy-che", "tieu_de": "hoạt động của Tổ công nghệ số cộng đồng xã Sa Thầy",
          "dieu": [{"tieu_de": "Phạm vi điều chỉnh", "noi_dung": "Quy chế này quy định về Tổ."},
                   "Tổ báo cáo định kỳ."]}


def test_text_issued_with_a_quyet_dinh() -> None:
    """Mẫu 1.3: the issued text on its own page: header, QUY CHẾ, its trích yếu, (Kèm theo …),
    rule, its own articles; docgen check passes."""
    from docgen.check import check_bytes

    vb = document("quyet-dinh", dieu=["Ban hành kèm theo Quyết định này Quy chế hoạt động.",
                                      "Quyết định này có hiệu lực kể từ ngày ký."],
                  phu_luc=[ISSUED])
    data = render_docx(vb)
    assert check_bytes(data).findings == []
    doc = DocxView(data)
    title = doc.find("QUY CHẾ")
    assert doc.section_index(title) == 1 and title.in_table is None
    assert_element(title, vb, "ten_loai")
    header = [p for p in doc.paragraphs if p.in_table is not None
              and doc.section_index(p) == 1]
    assert [p.text for p in header if p.text] == ["ỦY BAN NHÂN DÂN", "XÃ SA THẦY",
                                                  "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                                  "Độc lập - Tự do - Hạnh phúc"]
    subject = doc.after(title)
    assert subject.text == "Hoạt động của Tổ công nghệ số cộng đồng xã Sa Thầy"
    assert_element(subject, vb, "trich_yeu")
    assert doc.after(subject).text.startswith("(Kèm theo Quyết định số 12/QĐ-UBND")
    assert doc.after(doc.after(subject)).rule
    assert not any(t.startswith("Phụ lục") for t in doc.texts())
    article = [p for p in doc.paragraphs if p.text.startswith("Điều 1.")]
    assert [doc.section_index(p) for p in article] == [0, 1]
    assert article[1].text == "Điều 1. Phạm vi điều chỉnh" and article[1].bold
    assert doc.find("Điều 2. Tổ báo cáo").text == "Điều 2. Tổ báo cáo định kỳ./."


def test_issued_text_and_appendix_numbering() -> None:
    """Appendices are numbered among themselves; the issued text has no Phụ lục label."""
    vb = document("quyet-dinh", phu_luc=[ISSUED, {"tieu_de": "Biểu mẫu", "noi_dung": "Mẫu."}])
    assert vb.appendix_labels == [None, "Phụ lục"]


@pytest.mark.parametrize(("appendix", "words"), [
    ({"tieu_de": "X", "dieu": ["Một."]}, "thêm loai"),
    ({"tieu_de": "X", "loai": "quyet-dinh", "noi_dung": "Một."}, "quyết định"),
    ({"tieu_de": "X", "loai": "quy-che"}, "chưa có nội dung"),
])
def test_bad_issued_text(appendix: dict, words: str) -> None:
    from pydantic import ValidationError

    from docgen.models import validation_problems

    with pytest.raises(ValidationError) as info:
        document("quyet-dinh", phu_luc=[appendix])
    (field, message, _hint), = validation_problems(info.value)
    assert field == "phu_luc.0" and words in message


def _grid_of(doc: DocxView, text: str) -> list[int]:
    table = doc.table_of(doc.find(text))
    return [int(c.get(_w("w"))) for c in table.findall("w:tblGrid/w:gridCol", NS)]


def test_table_column_fits_its_longest_unbreakable_token() -> None:
    """R-35: a bold total "66,8%" never wraps because a long header took its column's room
    (seen in `docgen new bao-cao-theo-thon`: "66,8 / %")."""
    from docgen.metrics import text_width_pt
    from docgen.render.wml import CELL_MARGIN_TWIPS
    rows = ["| STT | Thôn, làng | Số người hoàn thành các khóa học kỹ năng số cơ bản"
            " | Tổng số người"
            " trong độ tuổi lao động | Tỷ lệ |", "|---|---|---|---|---|"]
    rows += [f"| {i} | Thôn Tân Sang số {i} | {100 + i} | {200 + i} | {50 + i},5% |"
             for i in range(1, 9)]
    rows.append("| | **Tổng cộng** | **1.236** | **1.849** | **66,8%** |")
    _vb, doc = rendered("to-trinh", noi_dung="Kết quả như sau:\n" + "\n".join(rows))
    grid = _grid_of(doc, "Tỷ lệ")
    size = LAYOUT.table.size_pt
    for col, token in ((4, "66,8%"), (2, "1.236"), (3, "1.849")):
        need = text_width_pt(token, size, bold=True) * 20 + 2 * CELL_MARGIN_TWIPS
        assert grid[col] >= need, (col, grid)
    page = LAYOUT.page
    assert abs(sum(grid) - (page.width_mm - page.left.mm - page.right.mm) * TWIPS_PER_MM) < 5


def _hop_dong(**changes: object) -> VanBan:
    return document("to-trinh", loai="hop-dong", ky_hieu=None, kinh_gui=[],
                    trich_yeu="Về việc thuê dịch vụ vệ sinh trụ sở",
                    dieu=["Bên A thuê Bên B làm vệ sinh trụ sở.", "Hợp đồng lập thành 04 bản."],
                    nguoi_ky={"chuc_vu": "CHỦ TỊCH", "ho_ten": "Trần Minh Hải"}, **changes)


def test_hop_dong_signed_by_both_parties() -> None:
    """A contract closes with ĐẠI DIỆN BÊN A (left) and ĐẠI DIỆN BÊN B (right), names on one
    line, Nơi nhận under them."""
    vb = _hop_dong(ben_b_ky={"chuc_vu": "Giám đốc", "ho_ten": "phạm thị mai"})
    doc = DocxView(render_docx(vb))
    party_a, party_b = doc.find("ĐẠI DIỆN BÊN A"), doc.find("ĐẠI DIỆN BÊN B")
    assert party_a.in_table == party_b.in_table
    assert party_a.cell == (0, 0) and party_b.cell == (0, 1)
    assert party_a.bold and party_b.bold and party_a.align == party_b.align == "center"
    assert doc.find("GIÁM ĐỐC").cell == (0, 1)
    name_a, name_b = doc.find("Trần Minh Hải"), doc.find("Phạm Thị Mai")
    assert name_a.cell == (0, 0) and name_b.cell == (0, 1) and name_a.bold and name_b.bold
    cells = [p for p in doc.paragraphs if p.in_table == party_a.in_table]
    left = [p.text for p in cells if p.cell == (0, 0)]
    right = [p.text for p in cells if p.cell == (0, 1)]
    assert len(left) == len(right) and left.index("Trần Minh Hải") == right.index("Phạm Thị Mai")
    assert doc.find("Nơi nhận:").cell == (1, 0)
    assert "ben_b_ky.ho_ten" in " ".join(vb.notices)


def test_hop_dong_signed_by_one_party_and_ben_b_elsewhere() -> None:
    """Without ben_b_ky the contract signs as any titled text; other kinds refuse the key."""
    doc = DocxView(render_docx(_hop_dong()))
    assert not any(t.startswith("ĐẠI DIỆN BÊN") for t in doc.texts())
    with pytest.raises(ValidationError, match="'ben_b_ky' không dùng cho quyết định"):
        document("quyet-dinh", ben_b_ky={"ho_ten": "Phạm Thị Mai"})


def test_quy_che_chapters_and_sections() -> None:
    """A quy chế in chapters: `Chương I` and its title in capitals, `Mục 1` and its title,
    bold centred before the article that opens them; articles numbered on across chapters."""
    dieu = [{"chuong": "Những quy định chung", "tieu_de": "Phạm vi điều chỉnh",
             "noi_dung": "Quy chế này quy định cách làm việc."},
            {"tieu_de": "Đối tượng áp dụng", "noi_dung": "Thành viên Tổ."},
            {"chuong": "Tổ chức và hoạt động", "muc": "Tổ chức", "noi_dung": "Tổ có 05 người."},
            {"muc": "Hoạt động", "noi_dung": "Tổ họp mỗi tháng một lần."}]
    vb = document("to-trinh", loai="quy-che", ky_hieu=None, kinh_gui=[], dieu=dieu,
                  noi_dung=None)
    doc = DocxView(render_docx(vb))
    texts = doc.texts()
    expected = ["Chương I", "NHỮNG QUY ĐỊNH CHUNG", "Điều 1. Phạm vi điều chỉnh",
                "Quy chế này quy định cách làm việc.", "Điều 2. Đối tượng áp dụng",
                "Thành viên Tổ.", "Chương II", "TỔ CHỨC VÀ HOẠT ĐỘNG", "Mục 1", "TỔ CHỨC",
                "Điều 3. Tổ có 05 người.", "Mục 2", "HOẠT ĐỘNG",
                "Điều 4. Tổ họp mỗi tháng một lần./."]
    start = texts.index("Chương I")
    assert texts[start:start + len(expected)] == expected
    for line in ("Chương I", "NHỮNG QUY ĐỊNH CHUNG", "Mục 2", "HOẠT ĐỘNG"):
        para = doc.find(line)
        assert para.bold and para.align == "center" and para.size == LAYOUT["chuong"].size_pt
    assert doc.find("Chương II").before == LAYOUT.chapter_space_before_pt * 20
