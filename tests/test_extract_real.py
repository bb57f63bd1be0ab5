"""``docgen extract`` on real Word files: every lawful kind reads back, nothing lost silently.

For each real document the extracted form is rendered and its words compared with the
original's: a word may only be missing when one of extract's warnings names it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from checkcorpus import Docx, base_cong_van, w
from realdocs import REAL_DOCS
from wordcompare import lost_words

from docgen import load_form, render_docx
from docgen.extract import form_text, read_back
from docgen.ooxml import RT_FOOTNOTES, RT_HEADER, declarations, qn

REAL = REAL_DOCS
VBAI = sorted(REAL.glob("vbai_*.docx"))
TEMPLATES = sorted(REAL.glob("cb_mau*.docx"))
pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="real documents not available")


def named(extraction) -> str:
    """Everything extract's warnings name: the words they allow to be missing."""
    return "\n".join(f"{o.what} {o.text}" for o in extraction.omissions)


@pytest.mark.parametrize("path", VBAI, ids=lambda p: p.stem)
def test_real_document_round_trip_keeps_every_word(path: Path, tmp_path: Path) -> None:
    data = path.read_bytes()
    extraction = read_back(data, path.name)
    assert extraction.van_ban is not None, extraction.problems
    form = tmp_path / "trich.yaml"  # through the form file a clerk would edit
    form.write_text(form_text(extraction, path.name), "utf-8")
    again = render_docx(load_form(form))
    assert lost_words(data, again, named(extraction)) == {}


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.stem)
def test_decree_template_extracts_and_names_what_it_leaves(path: Path) -> None:
    data = path.read_bytes()
    extraction = read_back(data, path.name)  # never refused
    # The "Mẫu 1.x" caption and the template's footnote lines are not part of any form field.
    assert any("Mẫu 1." in o.text for o in extraction.omissions)
    if extraction.van_ban is not None:
        again = render_docx(extraction.van_ban)
        assert lost_words(data, again, named(extraction)) == {}
    else:
        # A blank template lacks values the form needs (dates): each is said, none is a crash.
        assert extraction.problems and all(p.message for p in extraction.problems)


def test_kinds_signatures_and_codes_of_real_documents() -> None:
    qd = read_back((REAL / "vbai_qd_bcd_dulieu.docx").read_bytes()).van_ban
    assert qd is not None and qd.loai.value == "quyet-dinh"
    assert qd.tham_quyen == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"
    assert len(qd.can_cu) == 3 and qd.theo_de_nghi.startswith("Giám đốc Công an tỉnh")
    assert len(qd.dieu) == 8
    assert qd.dieu[1].tieu_de == "Chức năng của Ban Chỉ đạo"
    assert qd.noi_nhan[0] == "Như Điều 8" and qd.luu == ["VT", "NC"]
    tb = read_back((REAL / "vbai_tb_ketluan_hoinghi.docx").read_bytes())
    signer = tb.van_ban.nguoi_ky
    assert (signer.thua_lenh, signer.ky_thay, signer.chuc_vu) == \
        ("CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG")
    assert any("Châu" in o.text for o in tb.omissions)  # "NC.Châu": the drafter's name, named
    kh = read_back((REAL / "vbai_kh_kiemtra_cchc.docx").read_bytes()).van_ban
    assert [p.tieu_de for p in kh.phu_luc] == [
        "THỜI GIAN, ĐƠN VỊ ĐƯỢC KIỂM TRA",
        "ĐỀ CƯƠNG BÁO CÁO PHỤC VỤ KIỂM TRA CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2026"]
    table = kh.phu_luc[0].noi_dung.splitlines()
    assert table[0].startswith("| ") and "STT" in table[0] and table[1].startswith("|---")
    assert "| Sở Xây dựng | Tháng 7/2026 |" in kh.phu_luc[0].noi_dung
    assert kh.nguoi_ky.ho_ten == "Nguyễn Ngọc Phúc"  # not the appendix's last line


def _with_footnote_image_and_comment(data: bytes) -> bytes:
    doc = Docx(data)
    para = doc.para_with("Ủy ban nhân dân xã tổ chức", start=True)
    from lxml import etree

    run = etree.SubElement(para, w("r"))
    drawing = etree.SubElement(run, w("drawing"))
    etree.SubElement(drawing, qn("pic:pic"))
    # Word's usual picture: DrawingML with a VML fallback copy, one picture.
    alternate = etree.SubElement(etree.SubElement(para, w("r")), qn("mc:AlternateContent"))
    choice = etree.SubElement(etree.SubElement(alternate, qn("mc:Choice")), w("drawing"))
    etree.SubElement(choice, qn("pic:pic"))
    fallback = etree.SubElement(etree.SubElement(alternate, qn("mc:Fallback")), w("pict"))
    etree.SubElement(fallback, qn("v:imagedata"))
    ref = etree.SubElement(etree.SubElement(para, w("r")), w("footnoteReference"))
    ref.set(w("id"), "1")
    ns = declarations("w")
    doc.parts["word/footnotes.xml"] = (
        f'<w:footnotes {ns}><w:footnote w:id="1"><w:p><w:r><w:t>Theo số liệu của Chi cục '
        'Thống kê</w:t></w:r></w:p></w:footnote></w:footnotes>').encode()
    rels = doc.parts["word/_rels/document.xml.rels"].decode()
    rels = rels.replace("</Relationships>", f'<Relationship Id="rIdFn" Type="{RT_FOOTNOTES}" '
                        'Target="footnotes.xml"/></Relationships>')
    doc.parts["word/_rels/document.xml.rels"] = rels.encode()
    return doc.save()


def test_what_a_form_cannot_hold_is_named() -> None:
    data = _with_footnote_image_and_comment(render_docx(base_cong_van()))
    extraction = read_back(data)
    messages = extraction.warnings()
    images = [m for m in messages if m.startswith("không mang sang được hình ảnh")]
    assert len(images) == 2  # the plain one and the one with a fallback copy, once each
    footnote = [m for m in messages if "chú thích cuối trang 1" in m]
    assert footnote and "Theo số liệu của Chi cục Thống kê" in footnote[0]
    assert "Ủy ban nhân dân xã tổ chức" in footnote[0]  # where it was
    assert extraction.van_ban is not None


def test_clean_docgen_document_reads_back_with_no_warning() -> None:
    extraction = read_back(render_docx(base_cong_van()))
    assert extraction.omissions == []


def _join_with_soft_breaks(doc: Docx, first: str, count: int) -> None:
    """Paragraph ``first`` and the ``count`` after it as one paragraph with Shift+Enter breaks,
    the way many clerks type a header, the Nơi nhận list or the signature."""
    from lxml import etree

    para = doc.para_with(first, start=True)
    for _ in range(count):
        nxt = para.getnext()
        runs = nxt.findall(w("r"))
        brk = etree.SubElement(para, w("r"))
        etree.SubElement(brk, w("br"))
        for run in runs:
            para.append(run)
        nxt.getparent().remove(nxt)


def test_soft_line_breaks_read_as_line_ends() -> None:
    vb = base_cong_van()
    doc = Docx(render_docx(vb))
    _join_with_soft_breaks(doc, "ỦY BAN NHÂN DÂN", 1)   # the agency on two lines
    _join_with_soft_breaks(doc, "Nơi nhận:", 3)          # heading and its items
    _join_with_soft_breaks(doc, "PHÓ CHỦ TỊCH", 5)      # title, blank lines, name
    extraction = read_back(doc.save())
    assert extraction.omissions == []
    got = extraction.van_ban
    assert got.co_quan.lines_ten == vb.co_quan.lines_ten
    assert (got.noi_nhan_items, got.luu_items) == (vb.noi_nhan_items, vb.luu_items)
    assert (got.nguoi_ky.chuc_vu, got.nguoi_ky.ho_ten) == ("PHÓ CHỦ TỊCH", "Võ Thị Kim Dung")
    assert got.noi_dung == vb.noi_dung


def test_logo_in_the_header_is_named_once() -> None:
    doc = Docx(render_docx(base_cong_van()))
    ns = declarations("w", "pic")
    doc.parts["word/header9.xml"] = (
        f'<w:hdr {ns}><w:p><w:r><w:drawing><pic:pic/></w:drawing></w:r></w:p></w:hdr>').encode()
    rels = doc.parts["word/_rels/document.xml.rels"].decode()
    doc.parts["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>", f'<Relationship Id="rIdH9" Type="{RT_HEADER}" Target="header9.xml"/>'
        "</Relationships>"
    ).encode()
    messages = read_back(doc.save()).warnings()
    assert messages == ["không mang sang được hình ảnh ở đầu trang"]
