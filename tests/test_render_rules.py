"""Every example form renders to a .docx that follows nd30.md, read back from the file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docxview import NS, DocxView, _w, assert_element
from examples import example_forms

from docgen import load_form, render_docx
from docgen.check import check_bytes
from docgen.layout import LAYOUT, TWIPS_PER_MM, cm_to_twips, layout_for, mm_to_twips
from docgen.metrics import text_width_mm
from docgen.models import LoaiVanBan, VanBan
from docgen.ooxml import DC, qn
from docgen.render.wml import CELL_MARGIN_TWIPS

ROOT = Path(__file__).resolve().parent.parent
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"


def cong_van_forms() -> list[Path]:
    """The example công văn (Mẫu 1.5); the other kinds are tested in test_render_kinds.py."""
    forms = [p for p in example_forms() if load_form(p).loai is LoaiVanBan.CONG_VAN]
    assert len(forms) >= 3, forms
    return forms


@pytest.fixture(scope="module", params=cong_van_forms(), ids=lambda p: p.stem)
def rendered(request: pytest.FixtureRequest) -> tuple[VanBan, DocxView]:
    vb = load_form(request.param)
    data = render_docx(vb)
    assert check_bytes(data).findings == []  # docgen's output passes its own checker
    return vb, DocxView(data)


def test_page_size_margins_and_numbering(rendered: tuple[VanBan, DocxView]) -> None:
    """R-01, R-02, R-04."""
    _, doc = rendered
    sect = doc.section()
    size = sect.find("w:pgSz", NS)
    assert (int(size.get(_w("w"))), int(size.get(_w("h")))) == (11906, 16838)
    assert size.get(_w("orient")) in (None, "portrait")
    margin = sect.find("w:pgMar", NS)
    page = LAYOUT.page
    for side, rule in (("top", page.top), ("bottom", page.bottom), ("left", page.left),
                       ("right", page.right)):
        twips = int(margin.get(_w(side)))
        assert twips == mm_to_twips(rule.mm)
        assert mm_to_twips(rule.min_mm) <= twips <= mm_to_twips(rule.max_mm)
    assert sect.find("w:titlePg", NS) is not None
    refs = {r.get(_w("type")): r.get(qn("r:id"))
            for r in sect.findall("w:headerReference", NS)}
    assert set(refs) == {"default", "first"}
    default = doc.parts["word/header1.xml"].decode()
    first = doc.parts["word/header2.xml"].decode()
    assert " PAGE " in default and 'w:val="center"' in default and 'w:sz w:val="28"' in default
    assert "PAGE" not in first


def test_fonts_in_every_slot_and_no_theme(rendered: tuple[VanBan, DocxView]) -> None:
    """R-03: Times New Roman in ascii, hAnsi, cs and eastAsia; no theme fonts; vi-VN; NFC."""
    _, doc = rendered
    fonts = doc.styles.find(".//w:docDefaults//w:rFonts", NS)
    for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
        assert fonts.get(_w(slot)) == "Times New Roman"
    for name, part in doc.parts.items():
        if name.endswith(".xml"):
            assert b"Theme" not in part, name
            assert b"w:rFonts" not in part or name == "word/styles.xml"
    assert doc.styles.find(".//w:docDefaults//w:lang", NS).get(_w("val")) == "vi-VN"
    assert b"theme" not in doc.parts["[Content_Types].xml"]
    import unicodedata

    for text in doc.texts():
        assert unicodedata.is_normalized("NFC", text)


def test_header_blocks(rendered: tuple[VanBan, DocxView]) -> None:
    """R-10 – R-16, R-19, R-20: the two-column header."""
    vb, doc = rendered
    lay = layout_for(vb)
    qh = doc.find(QUOC_HIEU)
    assert qh.text == QUOC_HIEU and qh.cell == (0, 1)
    assert_element(qh, vb, "quoc_hieu")
    tn = doc.after(qh)
    assert tn.text == TIEU_NGU and "–" not in tn.text
    assert_element(tn, vb, "tieu_ngu")
    assert lay["quoc_hieu"].size_pt == lay["tieu_ngu"].size_pt - 1

    # the rule under the Tiêu ngữ is as long as its text.
    rule = doc.after(tn)
    assert rule.rule and rule.text == ""
    content = cm_to_twips(lay.header_columns.right_cm) - 2 * CELL_MARGIN_TWIPS
    rule_mm = (content - rule.left - rule.right) / TWIPS_PER_MM
    text_mm = text_width_mm(TIEU_NGU, lay["tieu_ngu"].size_pt, bold=True)
    assert abs(rule_mm - text_mm) < 0.3

    # The right column holds the Quốc hiệu on one line (nd30 notes: cell margins included).
    qh_mm = text_width_mm(QUOC_HIEU, lay["quoc_hieu"].size_pt, bold=True)
    assert qh_mm < (cm_to_twips(lay.header_columns.right_cm) - 2 * CELL_MARGIN_TWIPS) / \
        TWIPS_PER_MM

    left = [p for p in doc.paragraphs if p.cell == (0, 0) and p.in_table == 0]
    texts = [p.text for p in left if p.text]
    assert texts == vb.co_quan.lines_chu_quan + vb.co_quan.lines_ten
    for p in left:
        if p.text in vb.co_quan.lines_chu_quan:
            assert_element(p, vb, "chu_quan")  # not bold
        elif p.text:
            assert_element(p, vb, "co_quan")  # bold
    # the agency's rule is 1/3–1/2 of its longest line.
    agency_rule = left[-1]
    assert agency_rule.rule
    content = cm_to_twips(lay.header_columns.left_cm) - 2 * CELL_MARGIN_TWIPS
    longest = max(text_width_mm(t, lay["co_quan"].size_pt, bold=True)
                  for t in vb.co_quan.lines_ten)
    longest = min(longest, content / TWIPS_PER_MM)
    ratio = (content - agency_rule.left - agency_rule.right) / TWIPS_PER_MM / longest
    lo, hi = lay.agency_rule_ratio_range
    assert lo - 0.01 <= ratio <= hi + 0.01

    so = doc.find("Số:")
    assert so.cell == (1, 0)
    assert_element(so, vb, "so_ky_hieu")
    assert re.fullmatch(r"Số: (\d{2,}|\s+)/[A-ZĐ0-9]+(-[A-ZĐ0-9]+|-TTr|-CTr)+", so.text), so.text
    if vb.so is not None and vb.so < 10:
        assert f"Số: 0{vb.so}/" in so.text

    date = doc.find(f"{vb.dia_danh}, ngày")
    assert date.cell == (1, 1)  # same row as Số
    assert_element(date, vb, "dia_danh_ngay")
    assert lay["dia_danh_ngay"].size_pt == lay["tieu_ngu"].size_pt
    m = re.fullmatch(rf"{vb.dia_danh}, ngày (\d\d|\s+) tháng (\d+|\s+) năm (\d{{4}})", date.text)
    assert m, date.text
    if vb.ngay:
        assert m.group(1) == f"{vb.ngay.day:02d}"
        assert m.group(2) == (f"{vb.ngay.month:02d}" if vb.ngay.month < 3 else str(vb.ngay.month))

    vv = doc.find("V/v ")
    assert vv.cell == (1, 0)
    assert_element(vv, vb, "trich_yeu_cv")
    assert vv.before >= 120
    assert not (doc.after(vv).rule and not doc.after(vv).box)  # no rule under V/v

    if vb.do_khan:
        box = doc.find(vb.do_khan.label)
        assert box.box and box.cell == (1, 0)
        assert_element(box, vb, "do_khan")


def test_kinh_gui(rendered: tuple[VanBan, DocxView]) -> None:
    """R-30."""
    vb, doc = rendered
    if len(vb.kinh_gui) == 1:
        p = doc.find("Kính gửi:")
        assert p.text == f"Kính gửi: {vb.kinh_gui[0]}."
        assert_element(p, vb, "kinh_gui")
        return
    label = doc.find("Kính gửi:")
    assert label.text == "Kính gửi:"
    items = [p for p in doc.paragraphs if p.in_table == label.in_table and p.cell == (0, 1)]
    assert [p.text for p in items] == [f"- {k};" for k in vb.kinh_gui[:-1]] + \
        [f"- {vb.kinh_gui[-1]}."]
    for p in [label, *items]:
        assert p.size == layout_for(vb)["kinh_gui"].size_pt and not p.bold and not p.italic


def test_body(rendered: tuple[VanBan, DocxView]) -> None:
    """R-31, R-33."""
    vb, doc = rendered
    body = LAYOUT.body
    lay = layout_for(vb)
    paras = [p for p in doc.paragraphs if p.in_table is None and p.text.strip()
             and not p.text.startswith("Kính gửi:")]
    assert [p.text for p in paras] == [p.text for p in vb.paragraphs]
    for p in paras:
        assert p.align == "both"
        assert p.first_line == cm_to_twips(lay.body.first_line_indent_cm)
        assert lay.body.first_line_indent_cm in body.first_line_indent_choices_cm
        assert p.before >= body.min_paragraph_gap_pt * 20
        assert 240 <= p.line <= 360
        assert all(r.size == lay["noi_dung"].size_pt for r in p.runs if r.text)
    assert paras[-1].text.endswith("./.") and not paras[-1].text.endswith("./../.")


def test_closing(rendered: tuple[VanBan, DocxView]) -> None:
    """R-40 – R-45."""
    vb, doc = rendered
    heading = doc.find("Nơi nhận:")
    assert_element(heading, vb, "noi_nhan_tieu_de")
    items = [p for p in doc.paragraphs
             if p.in_table == heading.in_table and p.cell == (0, 0) and p is not heading]
    texts = [p.text for p in items]
    assert texts[0] == "- Như trên;"
    assert sum(t == "- Như trên;" for t in texts) == 1
    assert all(t.startswith("- ") and t.endswith(";") for t in texts[:-1])
    assert re.fullmatch(r"- Lưu: VT(, [A-ZĐ0-9]+(\(\d+\))?)*( \(\d+\))?\.", texts[-1]), texts[-1]
    assert not any(";;" in t or ".." in t for t in texts)
    for p in items:
        assert_element(p, vb, "noi_nhan")

    right = [p for p in doc.paragraphs if p.in_table == heading.in_table and p.cell == (0, 1)]
    lines = [p for p in right if p.text]
    expected = [*vb.nguoi_ky.authority_lines, vb.nguoi_ky.title_line, vb.nguoi_ky.ho_ten]
    assert [p.text for p in lines] == expected
    for p in lines[:-2]:
        assert_element(p, vb, "quyen_han")
    assert_element(lines[-2], vb, "chuc_vu")
    assert_element(lines[-1], vb, "ho_ten")
    # "Nơi nhận:" stands level with the first signature line.
    assert heading.before == lines[0].before
    blanks = right.index(lines[-1]) - right.index(lines[-2]) - 1
    lo, hi = LAYOUT.signature_blank_range
    assert lo <= blanks <= hi


def test_properties(rendered: tuple[VanBan, DocxView]) -> None:
    """Title = trích yếu, author = agency, language vi-VN."""
    vb, doc = rendered
    core = doc.xml["docProps/core.xml"]
    dc = f"{{{DC}}}"
    assert core.find(f"{dc}title").text == vb.trich_yeu_line
    assert core.find(f"{dc}creator").text == vb.co_quan.ten_day_du
    assert core.find(f"{dc}language").text == "vi-VN"


def test_opens_with_python_docx(rendered: tuple[VanBan, DocxView]) -> None:
    import io

    import docx

    vb, _doc = rendered
    document = docx.Document(io.BytesIO(render_docx(vb)))
    assert document.core_properties.title == vb.trich_yeu_line
    assert document.sections[0].different_first_page_header_footer


def test_same_document_same_bytes() -> None:
    for form in cong_van_forms():
        assert render_docx(load_form(form)) == render_docx(load_form(form))


def test_seed_reproduced() -> None:
    """The reference công văn: the same text, paragraph for paragraph."""
    seed = (ROOT.parent / "shared" / "seeds" / "000_82857ab7fe410abb.txt")
    if not seed.is_file():
        pytest.skip("shared/seeds is not beside the checkout")

    def norm(line: str) -> str:
        return " ".join(line.replace(",", ", ").split()).replace(" ,", ",")

    expected = [norm(line) for line in seed.read_text("utf-8").splitlines() if line.strip()]
    doc = DocxView(render_docx(load_form(ROOT / "data/forms/gia-han-ky-nang-so.yaml")))
    got = [norm(t) for t in doc.texts()]
    assert sorted(got) == sorted(expected)
    body = [t for t in got if len(t) > 120]
    assert body == [t for t in expected if len(t) > 120]


def test_titled_kind() -> None:
    """R-17, R-21, R-22, R-32: a Thông báo has a title line, a bold trích yếu with a rule."""
    vb = load_form(ROOT / "tests/forms/thong-bao.yaml")
    data = render_docx(vb)
    assert check_bytes(data).findings == []
    doc = DocxView(data)
    assert doc.find("Số:").text == "Số: 12/TB-UBND"
    assert not any(t.startswith("V/v") for t in doc.texts())
    title = doc.find("THÔNG BÁO")
    assert title.in_table is None
    assert_element(title, vb, "ten_loai")
    subject = doc.after(title)
    assert subject.text == "Kết quả đợt phát động học tập kỹ năng số năm 2025"
    assert_element(subject, vb, "trich_yeu")
    rule = doc.after(subject)
    assert rule.rule
    page = (LAYOUT.page.width_mm - LAYOUT.page.left.mm - LAYOUT.page.right.mm) * TWIPS_PER_MM
    line = text_width_mm(subject.text, 14, bold=True) * TWIPS_PER_MM
    assert 1 / 3 <= (page - rule.left - rule.right) / line <= 1 / 2
    bases = [doc.after(rule), doc.after(doc.after(rule))]
    assert [b.text[-1] for b in bases] == [";", "."]
    assert all(b.italic for b in bases)
    # No "Như trên" for a document without Kính gửi.
    assert "- Như trên;" not in doc.texts()
    body = doc.find("- Cán bộ")
    assert [(r.text, r.bold) for r in body.runs if r.bold] == [("100%", True)]
