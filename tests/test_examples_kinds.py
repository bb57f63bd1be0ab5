"""The examples of data/forms/ for Mẫu 1.1–1.10 and the quyết định with a landscape phụ lục:
each renders, each block the decree prescribes for its kind is read back from the .docx, and
``docgen check`` finds nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docxview import DocxView, ParaView
from examples import FORMS_DIR, example_forms
from kindview import assert_body_table, outside_tables, sections, table_holding, table_rows

from docgen import load_form, render_docx
from docgen.check import check_bytes
from docgen.ooxml import qn
from docgen.pdf import convert

MAU = {
    "1.1": "nghi-quyet-doan-giam-sat",
    "1.2": "quyet-dinh-to-cong-tac",
    "1.3": "quyet-dinh-ban-hanh-quy-che",
    "1.4": "ke-hoach-ngay-hoi-dai-doan-ket",
    "1.5": "gia-han-ky-nang-so",
    "1.6": "cong-dien-mua-lu",
    "1.7": "giay-moi-hop-chuyen-doi-so",
    "1.8": "giay-gioi-thieu-so-noi-vu",
    "1.9": "bien-ban-binh-xet-ho-ngheo",
    "1.10": "giay-nghi-phep-pham-thi-mai",
}
"""The example of each template of Phụ lục III."""
PHU_LUC_NGANG = "quyet-dinh-phu-luc-ngang"
THEO_THON = "bao-cao-ky-nang-so-theo-thon"
"""A báo cáo whose table the template builds from the village roster (two pages)."""
ROSTER = FORMS_DIR.parent / "rosters" / "ket-qua-theo-thon.csv"


def render(name: str) -> DocxView:
    return DocxView(render_docx(load_form(FORMS_DIR / f"{name}.yaml")))


def centred_bold(p: ParaView) -> None:
    assert p.align == "center" and p.bold and p.in_table is None, (p.text, p.align, p.bold)


def assert_articles(doc: DocxView, count: int, decision: str) -> list[ParaView]:
    """R-25 and R-34: the decision line, then ``Điều 1.`` … ``Điều n.`` with a bold label at
    body size and a first-line indent; the last article ends the body with ``./.``."""
    line = doc.find(decision)
    assert line.text == decision
    centred_bold(line)
    articles = [p for p in outside_tables(doc) if p.text.startswith("Điều ")]
    assert [p.text.split(".")[0] for p in articles] == [f"Điều {i}" for i in
                                                         range(1, count + 1)]
    assert all(doc.index(a) > doc.index(line) for a in articles)
    body = doc.find("Điều 1.")
    for article in articles:
        label = article.runs[0]
        assert label.text.startswith("Điều ") and label.bold, article.text
        assert article.size == body.size == 14.0
        assert article.first_line > 0 and article.align == "both"
    return articles


def assert_bases(doc: DocxView, first: str, count: int) -> None:
    """R-32: the căn cứ lines italic, ``;`` after each, ``.`` after the last (Theo đề nghị)."""
    start = doc.index(doc.find(first))
    lines = doc.paragraphs[start:start + count]
    assert all(p.italic for p in lines), [p.text for p in lines]
    assert [p.text[-1] for p in lines] == [";"] * (count - 1) + ["."]
    assert lines[0].text.startswith("Căn cứ ")
    assert lines[-1].text.startswith("Theo đề nghị của ")


@pytest.mark.parametrize("name", [*MAU.values(), PHU_LUC_NGANG, THEO_THON])
def test_example_renders_and_passes_check(name: str) -> None:
    data = render_docx(load_form(FORMS_DIR / f"{name}.yaml"))
    report = check_bytes(data, f"{name}.docx")
    assert report.findings == [], [f.message() for f in report.findings]


def test_every_mau_has_an_example_that_the_shared_tests_use() -> None:
    names = {p.stem for p in example_forms()}
    assert set(MAU.values()) | {PHU_LUC_NGANG, THEO_THON} <= names


def test_mau_1_1_nghi_quyet() -> None:
    doc = render("nghi-quyet-doan-giam-sat")
    assert doc.find("Số:").text == "Số: 18/NQ-HĐND"
    centred_bold(doc.find("NGHỊ QUYẾT"))
    # the authority line, upper case, bold, centred, after the trích yếu and its rule.
    authority = next(p for p in outside_tables(doc) if p.text == "HỘI ĐỒNG NHÂN DÂN XÃ SA THẦY")
    centred_bold(authority)
    assert doc.index(authority) > doc.index(doc.find("Về việc thành lập Đoàn giám sát"))
    assert_bases(doc, "Căn cứ Luật Tổ chức chính quyền địa phương", 4)
    articles = assert_articles(doc, 3, "QUYẾT NGHỊ:")
    assert articles[1].text == "Điều 2. Nội dung, đối tượng và thời gian giám sát"
    rows = assert_body_table(doc, table_holding(doc, "Họ và tên"), sections(doc)[0].text_width)
    assert rows[0] == ["STT", "Họ và tên", "Chức vụ", "Nhiệm vụ"] and len(rows) == 5
    assert rows[1] == ["1", "Nguyễn Văn Hùng", "Chủ tịch Hội đồng nhân dân xã", "Trưởng đoàn"]
    assert outside_tables(doc)[-1].text.endswith("Nghị quyết này./.")
    assert doc.find("TM. HỘI ĐỒNG NHÂN DÂN").in_table is not None


def test_mau_1_2_quyet_dinh_truc_tiep_from_the_template() -> None:
    doc = render("quyet-dinh-to-cong-tac")
    assert doc.find("Số:").text == "Số: 215/QĐ-UBND"
    centred_bold(doc.find("QUYẾT ĐỊNH"))
    subject = doc.find("Về việc thành lập Tổ công tác chuyển đổi số xã Sa Thầy")
    centred_bold(subject)
    authority = doc.find("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ SA THẦY")
    centred_bold(authority)
    assert_bases(doc, "Căn cứ Luật Tổ chức chính quyền địa phương", 3)
    articles = assert_articles(doc, 5, "QUYẾT ĐỊNH:")
    assert articles[1].text == "Điều 2. Nhiệm vụ của Tổ công tác"
    rows = assert_body_table(doc, table_holding(doc, "Họ và tên"), sections(doc)[0].text_width)
    # One row per member of tham_so.thanh_vien, numbered by the template's loop.
    assert [r[0] for r in rows] == ["STT", "1", "2", "3", "4", "5"]
    assert rows[5] == ["5", "Đinh Văn Sơn", "Bí thư Đoàn Thanh niên xã", "Thành viên"]
    texts = doc.texts()
    assert "3. Tổng hợp kết quả, báo cáo Chủ tịch Ủy ban nhân dân xã trước ngày 25 hằng tháng." \
        in texts
    # A quyết định of the Chủ tịch: no TM. line, KT. CHỦ TỊCH over the deputy's title.
    assert "TM. ỦY BAN NHÂN DÂN" not in texts
    assert texts[texts.index("KT. CHỦ TỊCH") + 1] == "PHÓ CHỦ TỊCH"
    assert "- Như Điều 5;" in texts


def test_mau_1_3_quyet_dinh_gian_tiep() -> None:
    doc = render("quyet-dinh-ban-hanh-quy-che")
    subject = doc.find("Ban hành Quy chế hoạt động")
    centred_bold(subject)
    centred_bold(doc.find("ỦY BAN NHÂN DÂN XÃ SA THẦY"))
    articles = assert_articles(doc, 3, "QUYẾT ĐỊNH:")
    assert articles[0].text.startswith("Điều 1. Ban hành kèm theo Quyết định này Quy chế")
    assert articles[-1].text.endswith("Quyết định này./.")
    texts = doc.texts()
    assert texts[texts.index("TM. ỦY BAN NHÂN DÂN") + 1] == "CHỦ TỊCH"


def test_mau_1_4_van_ban_co_ten_loai() -> None:
    doc = render("ke-hoach-ngay-hoi-dai-doan-ket")
    assert doc.find("Số:").text == "Số: 148/KH-UBND"
    assert not any(t.startswith(("V/v", "Kính gửi")) for t in doc.texts())
    title = doc.find("KẾ HOẠCH")
    centred_bold(title)
    assert doc.after(title).text.startswith("Tổ chức Ngày hội Đại đoàn kết")
    rows = assert_body_table(doc, table_holding(doc, "Nội dung"), sections(doc)[0].text_width)
    assert rows[0] == ["STT", "Nội dung", "Đơn vị chủ trì", "Thời gian"] and len(rows) == 5
    # The table sits between the paragraphs that frame it, as written in noi_dung.
    table_first = next(i for i, p in enumerate(doc.paragraphs)
                       if p.in_table is not None and p.text == "Nội dung")
    assert doc.index(doc.find("II. THỜI GIAN")) < table_first
    assert table_first < doc.index(doc.find("III. KINH PHÍ"))


def test_mau_1_6_cong_dien() -> None:
    doc = render("cong-dien-mua-lu")
    assert doc.find("Số:").text == "Số: 03/CĐ-UBND"
    box = doc.find("HỎA TỐC")
    assert box.bold and box.in_table == 0
    centred_bold(doc.find("CÔNG ĐIỆN"))
    # "<AUTHORITY> điện:" then the recipients of the điện, "- X;" … "- Y."
    line = doc.find("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ SA THẦY điện:")
    assert line.bold
    after = [p.text for p in doc.paragraphs[doc.index(line) + 1:] if p.text.strip()]
    recipients = after[:3]
    assert recipients == ["- Trưởng các thôn, làng;", "- Công an xã, Ban Chỉ huy Quân sự xã;",
                          "- Các cơ quan, đơn vị thuộc UBND xã."]
    assert doc.index(doc.find("Theo Bản tin dự báo")) > doc.index(line)
    assert outside_tables(doc)[-1].text.endswith("khẩn trương thực hiện./.")


def test_mau_1_7_giay_moi() -> None:
    doc = render("giay-moi-hop-chuyen-doi-so")
    assert doc.find("Số:").text == "Số: 41/GM-UBND"
    centred_bold(doc.find("GIẤY MỜI"))
    centred_bold(doc.find("Họp triển khai kế hoạch chuyển đổi số năm 2027"))
    texts = [p.text for p in outside_tables(doc)]
    start = texts.index("Ủy ban nhân dân xã Sa Thầy trân trọng kính mời:")
    assert texts[start + 1:start + 8] == [
        "- Trưởng các thôn, làng trên địa bàn xã;",
        "- Tổ trưởng các Tổ Công nghệ số cộng đồng.",
        "Tới dự cuộc họp triển khai kế hoạch chuyển đổi số năm 2027 của xã.",
        "Chủ trì: Bà Võ Thị Kim Dung, Phó Chủ tịch Ủy ban nhân dân xã.",
        # 15/12/2026 is a Tuesday: the weekday is computed, not typed.
        "Thời gian: 08 giờ 00 phút, thứ Ba, ngày 15 tháng 12 năm 2026.",
        "Địa điểm: Hội trường Ủy ban nhân dân xã Sa Thầy.",
        "Đề nghị các đại biểu mang theo danh sách hộ gia đình đã cài đặt ứng dụng định danh "
        "điện tử của thôn, làng.",
    ]
    for p in outside_tables(doc)[start:start + 8]:
        assert p.size == 14.0 and not p.italic
    assert texts[-1].endswith("0260 3821 234./.")


def test_mau_1_8_giay_gioi_thieu() -> None:
    doc = render("giay-gioi-thieu-so-noi-vu")
    assert doc.find("Số:").text == "Số: 27/GGT-UBND"
    title = doc.find("GIẤY GIỚI THIỆU")
    centred_bold(title)
    texts = [p.text for p in outside_tables(doc)]
    start = texts.index("Ủy ban nhân dân xã Sa Thầy trân trọng giới thiệu:")
    assert start == texts.index("GIẤY GIỚI THIỆU") + 1  # no trích yếu (Mẫu 1.8)
    assert texts[start + 1:] == [
        "Ông Nguyễn Văn Bình",
        "Chức vụ: Công chức Văn phòng - Thống kê xã",
        "Được cử đến: Sở Nội vụ tỉnh Quảng Ngãi",
        "Về việc: Liên hệ nộp hồ sơ đề nghị khen thưởng công tác dân vận năm 2026.",
        "Đề nghị Quý cơ quan tạo điều kiện để ông (bà) có tên ở trên hoàn thành nhiệm vụ.",
        "Giấy này có giá trị đến hết ngày 31/12/2026./.",
    ]
    closing = doc.texts()
    assert closing[closing.index("Nơi nhận:") + 1] == "- Như trên;"
    assert closing[closing.index("TL. CHỦ TỊCH") + 1] == "CHÁNH VĂN PHÒNG"


def test_mau_1_9_bien_ban() -> None:
    doc = render("bien-ban-binh-xet-ho-ngheo")
    assert doc.find("Số:").text == "Số: 09/BB-UBND"
    assert not any(", ngày " in t and t.startswith("Sa Thầy") for t in doc.texts())
    centred_bold(doc.find("BIÊN BẢN"))
    texts = [p.text for p in outside_tables(doc)]
    for opening in ("Thời gian bắt đầu: 08 giờ 00 phút, ngày 10 tháng 12 năm 2026",
                    "Địa điểm: Nhà văn hóa thôn Tân Sang", "Thành phần tham dự:",
                    "Chủ trì (chủ tọa): Bà Võ Thị Kim Dung",
                    "Thư ký (người ghi biên bản): Ông A Thanh"):
        assert any(t.startswith(opening) for t in texts), opening
    assert "- Đại diện 45 hộ gia đình trong thôn." in texts
    assert texts[-1] == "Cuộc họp kết thúc vào 10 giờ 30 phút, ngày 10 tháng 12 năm 2026./."
    rows = assert_body_table(doc, table_holding(doc, "Nhóm hộ"), sections(doc)[0].text_width)
    assert rows[1] == ["1", "Hộ nghèo", "13", "45/45"]
    # THƯ KÝ (left) and CHỦ TỌA (right) side by side, names bold; Nơi nhận under them.
    thu_ky, chu_toa = doc.find("THƯ KÝ"), doc.find("CHỦ TỌA")
    assert thu_ky.in_table == chu_toa.in_table is not None
    assert thu_ky.cell[0] == chu_toa.cell[0] and thu_ky.cell[1] < chu_toa.cell[1]
    names = {p.text: p for p in doc.paragraphs if p.in_table == thu_ky.in_table}
    assert names["A Thanh"].bold and names["A Thanh"].cell[1] == thu_ky.cell[1]
    assert names["Võ Thị Kim Dung"].bold and names["Võ Thị Kim Dung"].cell[1] == chu_toa.cell[1]
    noi_nhan = doc.find("Nơi nhận:")
    assert doc.index(noi_nhan) > doc.index(names["Võ Thị Kim Dung"])
    assert "- Lưu: VT, Hồ sơ." in doc.texts()


def test_mau_1_10_giay_nghi_phep() -> None:
    doc = render("giay-nghi-phep-pham-thi-mai")
    assert doc.find("Số:").text == "Số: 12/GNP-UBND"
    centred_bold(doc.find("GIẤY NGHỈ PHÉP"))
    texts = [p.text for p in outside_tables(doc)]
    start = texts.index("GIẤY NGHỈ PHÉP") + 1
    assert texts[start].startswith("Xét Đơn đề nghị nghỉ phép ngày 01/12/2026 của")
    assert "Phạm Thị Mai" in texts[start]
    assert texts[start + 1] == "Ủy ban nhân dân xã Sa Thầy cấp cho:"
    assert "Phạm Thị Mai" in texts[start + 2]
    assert texts[start + 3] == "Chức vụ: Công chức Tài chính - Kế toán xã"
    # The number of days is counted from the two dates (21 to 25 inclusive).
    assert texts[start + 4].startswith("Được nghỉ phép trong thời gian 05 ngày")
    assert "21/12/2026" in texts[start + 4] and "25/12/2026" in texts[start + 4]
    assert "xã Sa Bình, tỉnh Quảng Ngãi" in texts[start + 4]
    assert texts[-1] == ("Số ngày nghỉ phép nêu trên được tính vào thời gian nghỉ hằng năm có "
                         "hưởng lương./.")


def test_quyet_dinh_with_a_landscape_appendix() -> None:
    doc = render(PHU_LUC_NGANG)
    main, appendix = sections(doc)
    # the decision stays portrait; the appendix has its own landscape section.
    assert not main.landscape and appendix.landscape
    assert appendix.text_width > main.text_width
    assert any(t.startswith("Điều 3.") for t in main.texts())
    assert "Phụ lục" not in main.texts()
    # "Phụ lục" bold centred, the title upper case bold centred, the "(Kèm theo …)"
    # line italic centred and filled from the document, then a short rule.
    label = doc.find("Phụ lục")
    assert label.text == "Phụ lục"
    centred_bold(label)
    title = doc.after(label)
    assert title.text == "DANH SÁCH HỘ NGHÈO ĐƯỢC HỖ TRỢ SỬA CHỮA NHÀ Ở NĂM 2026"
    centred_bold(title)
    note = doc.after(title)
    assert note.text == ("(Kèm theo Quyết định số 220/QĐ-UBND ngày 10 tháng 12 năm 2026 của "
                         "Chủ tịch Ủy ban nhân dân xã Sa Thầy)")
    assert note.italic and note.align == "center"
    rule = next(p for p in doc.paragraphs[doc.index(note) + 1:] if p.rule or p.text.strip())
    assert rule.rule and not rule.text.strip()
    assert appendix.texts()[:3] == [label.text, title.text, note.text]
    # The appendix table: eight columns within the landscape text width, totals bold.
    index = table_holding(doc, "Họ và tên chủ hộ")
    assert doc.tables[index] in appendix.elements
    rows = assert_body_table(doc, index, appendix.text_width)
    assert len(rows[0]) == 8 and len(rows) == 8
    assert rows[-1][6] == "180.000.000"
    total = next(p for p in doc.paragraphs if p.in_table == index and p.text == "180.000.000")
    assert total.bold and total.align == "right"
    assert doc.texts()[-1].endswith("(Một trăm tám mươi triệu đồng)./.")
    # The body mentions its appendix.
    assert "Phụ lục kèm theo Quyết định này" in doc.find("Điều 1.").text


def test_example_tables_are_listed_in_reading_order() -> None:
    doc = render(PHU_LUC_NGANG)
    rows = table_rows(doc, table_holding(doc, "Họ và tên chủ hộ"))
    assert [r[1] for r in rows[1:7]] == ["Y Hoa", "A Nhơn", "Đinh Văn Lưu", "Lê Thị Nga",
                                         "Y Blưp", "Nguyễn Văn Tư"]


def test_examples_exist() -> None:
    for name in [*MAU.values(), PHU_LUC_NGANG]:
        assert (FORMS_DIR / f"{name}.yaml").is_file(), name


R_ID = qn("r:id")


@pytest.mark.parametrize("name", [*MAU.values(), PHU_LUC_NGANG, THEO_THON])
def test_every_relationship_the_document_uses_exists(name: str) -> None:
    """A reference to a missing part makes Word call the file corrupt and LibreOffice refuse it."""
    doc = render(name)
    rels = doc.xml["word/_rels/document.xml.rels"]
    targets = {r.get("Id"): r.get("Target") for r in rels}
    used = {el.get(R_ID) for el in doc.document.iter() if el.get(R_ID)}
    assert used <= set(targets), used - set(targets)
    for target in targets.values():
        assert f"word/{target}" in doc.parts, target


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice missing: scripts/test")
def test_libreoffice_lays_out_every_example(tmp_path: Path) -> None:
    """LibreOffice opens each example; pages are A4, portrait, except the landscape phụ lục."""
    import pypdfium2

    names = [*MAU.values(), PHU_LUC_NGANG, THEO_THON]
    sources = []
    for name in names:
        source = tmp_path / f"{name}.docx"
        source.write_bytes(render_docx(load_form(FORMS_DIR / f"{name}.yaml")))
        sources.append(source)
    pdfs = convert(sources, tmp_path / "pdf")
    for name, pdf_path in zip(names, pdfs, strict=True):
        pdf = pypdfium2.PdfDocument(str(pdf_path))
        sizes = [tuple(round(v) for v in pdf[i].get_size()) for i in range(len(pdf))]
        first_text = pdf[0].get_textpage().get_text_range()
        pdf.close()
        assert sizes[0] == (595, 842), (name, sizes)
        if name == PHU_LUC_NGANG:
            assert sizes[-1] == (842, 595), sizes
            assert all(s == (595, 842) for s in sizes[:-1]), sizes
        else:
            assert all(s == (595, 842) for s in sizes), (name, sizes)
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first_text, name
        if name == THEO_THON:
            assert len(sizes) == 2  # the 24-village table runs onto page 2


def test_report_table_is_the_roster() -> None:
    """The village table holds the roster's rows in order; the rates the template computes
    agree with the roster's own "Tỷ lệ (%)" column; the total row sums the columns."""
    import csv

    with ROSTER.open(encoding="utf-8-sig", newline="") as handle:
        roster = list(csv.DictReader(handle, delimiter=";"))
    doc = render(THEO_THON)
    rows = assert_body_table(doc, table_holding(doc, "Thôn, làng"), sections(doc)[0].text_width)
    assert len(rows) == len(roster) + 2
    for got, want in zip(rows[1:-1], roster, strict=True):
        assert got[0] == want["STT"]
        assert got[1] == f"{want['Loại']} {want['Tên thôn']}"
        assert int(got[2].replace(".", "")) == int(want["Số tham gia"])
        assert int(got[3].replace(".", "")) == int(want["Tổng số"])
        assert float(got[4].rstrip("%").replace(",", ".")) == \
            float(want["Tỷ lệ (%)"].replace(",", "."))
    total = rows[-1]
    assert total[1] == "Toàn xã"
    assert int(total[2].replace(".", "")) == sum(int(r["Số tham gia"]) for r in roster)
    assert int(total[3].replace(".", "")) == sum(int(r["Tổng số"]) for r in roster)
    below = [f"{r['Loại']} {r['Tên thôn']}" for r in roster
             if float(r["Tỷ lệ (%)"].replace(",", ".")) < 80]
    assert f"Còn {len(below)} thôn, làng chưa đạt chỉ tiêu 80%: {', '.join(below)}." in doc.texts()
