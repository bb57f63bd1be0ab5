"""The content templates of templates/: each usable from ``docgen new`` and from ``mau:`` with
``tham_so``; the wording a clerk would change is a parameter, and the document follows it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from docxview import DocxView
from examples import TEMPLATE_NAMES
from kindview import assert_body_table, body_tables, outside_tables, sections, table_rows

from docgen import load_form, render_docx
from docgen.check import check_bytes
from docgen.cli import main
from docgen.forms import list_templates
from docgen.starter import starter_form

HEAD = """\
co_quan: {ten: [ỦY BAN NHÂN DÂN, XÃ SA THẦY], viet_tat: UBND}
don_vi_soan_thao: VHXH
so: 7
dia_danh: Sa Thầy
ngay: 05/12/2026
"""
SIGNER = """\
nguoi_ky:
  thay_mat: ỦY BAN NHÂN DÂN
  ky_thay: CHỦ TỊCH
  chuc_vu: PHÓ CHỦ TỊCH
  ho_ten: Võ Thị Kim Dung
"""


def build(tmp_path: Path, body: str, name: str = "bieu-mau.yaml") -> tuple[DocxView, list[str]]:
    form = tmp_path / name
    signer = "" if "\nnguoi_ky:" in "\n" + body or "mau: bien-ban-hop" in body else SIGNER
    form.write_text(HEAD + body + signer, "utf-8")
    data = render_docx(load_form(form))
    report = check_bytes(data, name)
    assert report.findings == [], [f.message() for f in report.findings]
    doc = DocxView(data)
    return doc, doc.texts()


def test_the_templates_are_bundled() -> None:
    assert set(TEMPLATE_NAMES) <= {t.name for t in list_templates()}


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_new_from_template_renders_unedited(name: str, tmp_path: Path) -> None:
    runner = CliRunner()
    form = tmp_path / f"{name}.yaml"
    result = runner.invoke(main, ["new", name, "-o", str(form)])
    assert result.exit_code == 0, result.output
    text = form.read_text("utf-8")
    assert f"\nmau: {name}\n" in text and "\ntham_so:" in text
    # The keys the template fills are left out of the starter, so the form cannot hide them.
    template = next(t for t in list_templates() if t.name == name)
    for key in template.fields:
        assert f"\n{key}:" not in text, key
    for param in template.params:
        assert f"\n  {param.name}:" in text and param.mo_ta in text, param.name
    out = tmp_path / f"{name}.docx"
    result = runner.invoke(main, ["render", str(form), "-o", str(out)])
    assert result.exit_code == 0, result.output
    checked = runner.invoke(main, ["check", str(out)])
    assert checked.exit_code == 0, checked.output


THANH_LAP = """\
mau: quyet-dinh-thanh-lap
tham_so:
  ten_to: Ban Chỉ đạo phòng, chống dịch bệnh xã Sa Thầy
  goi_tat: Ban Chỉ đạo
  tham_quyen: Ủy ban nhân dân xã Sa Thầy
  can_cu: Kế hoạch số 30/KH-UBND ngày 02 tháng 02 năm 2026 của Ủy ban nhân dân xã
  theo_de_nghi: Trạm trưởng Trạm Y tế xã
  thanh_vien:
    - {ho_ten: Trần Minh Hải, chuc_vu: Chủ tịch UBND xã, nhiem_vu: Trưởng ban}
    - {ho_ten: Y Nhung, chuc_vu: Trạm trưởng, nhiem_vu: Phó ban}
  nhiem_vu:
    - Chỉ đạo phòng, chống dịch bệnh trên địa bàn xã
  che_do_lam_viec: Ban Chỉ đạo họp thường kỳ mỗi quý một lần
  thi_hanh: Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã, Trạm trưởng Trạm Y tế xã
noi_nhan: [Như Điều 5]
nguoi_ky: {thay_mat: ỦY BAN NHÂN DÂN, chuc_vu: CHỦ TỊCH, ho_ten: Trần Minh Hải}
"""


def test_quyet_dinh_thanh_lap_builds_the_member_table(tmp_path: Path) -> None:
    doc, texts = build(tmp_path, THANH_LAP)
    assert "Về việc thành lập Ban Chỉ đạo phòng, chống dịch bệnh xã Sa Thầy" in texts
    assert "ỦY BAN NHÂN DÂN XÃ SA THẦY" in texts
    assert "Theo đề nghị của Trạm trưởng Trạm Y tế xã." in texts
    assert "Điều 2. Nhiệm vụ của Ban Chỉ đạo" in texts
    assert "1. Chỉ đạo phòng, chống dịch bệnh trên địa bàn xã." in texts
    assert any(t.startswith("Điều 3. Ban Chỉ đạo họp thường kỳ mỗi quý một lần.") for t in texts)
    (table,) = body_tables(doc)
    rows = assert_body_table(doc, table, sections(doc)[0].text_width)
    assert rows == [["STT", "Họ và tên", "Chức vụ", "Nhiệm vụ"],
                    ["1", "Trần Minh Hải", "Chủ tịch UBND xã", "Trưởng ban"],
                    ["2", "Y Nhung", "Trạm trưởng", "Phó ban"]]


def test_values_printed_into_an_article_are_data(tmp_path: Path) -> None:
    """A bar or asterisks typed in a parameter stay in their cell, as typed (never markup)."""
    doc, _ = build(tmp_path, THANH_LAP.replace("ho_ten: Y Nhung,", 'ho_ten: "Y Nhung | Trạm Y tế",')
                   .replace("nhiem_vu: Phó ban", 'nhiem_vu: "**Phó** ban"'))
    (table,) = body_tables(doc)
    assert table_rows(doc, table)[2] == ["2", "Y Nhung | Trạm Y tế", "Trạm trưởng", "**Phó** ban"]
    assert not any(p.bold for p in doc.paragraphs if p.in_table == table and p.cell[0] == 2)


def test_quyet_dinh_gia_han_writes_the_dates_out(tmp_path: Path) -> None:
    _, texts = build(tmp_path, """\
mau: quyet-dinh-gia-han
tham_so:
  tham_quyen: Chủ tịch Ủy ban nhân dân xã Sa Thầy
  viec: nộp hồ sơ đề nghị hỗ trợ giống cây trồng
  quyet_dinh_goc: Quyết định số 88/QĐ-UBND ngày 02 tháng 3 năm 2026 của Chủ tịch Ủy ban nhân dân xã
  can_cu: Báo cáo ngày 01 tháng 12 năm 2026 của Phòng Kinh tế xã
  theo_de_nghi: Trưởng phòng Kinh tế xã
  doi_tuong: các hộ gia đình trên địa bàn xã
  han_cu: 30/11/2026
  han_moi: 2026-12-20
  ly_do: nhiều hộ đang thu hoạch cà phê, chưa kịp hoàn thiện hồ sơ
  thi_hanh: Trưởng phòng Kinh tế xã và các hộ gia đình có liên quan
noi_nhan: [Như Điều 3]
nguoi_ky: {ky_thay: CHỦ TỊCH, chuc_vu: PHÓ CHỦ TỊCH, ho_ten: Võ Thị Kim Dung}
""")
    assert "Về việc gia hạn thời hạn nộp hồ sơ đề nghị hỗ trợ giống cây trồng" in texts
    article = next(t for t in texts if t.startswith("Điều 1."))
    assert "từ ngày 30 tháng 11 năm 2026 đến hết ngày 20 tháng 12 năm 2026" in article
    assert "Căn cứ Quyết định số 88/QĐ-UBND ngày 02 tháng 3 năm 2026" in " ".join(texts)
    assert texts.index("QUYẾT ĐỊNH:") < texts.index(article)


def test_quyet_dinh_gia_han_prints_values_as_typed(tmp_path: Path) -> None:
    form = (tmp_path / "a.yaml")
    form.write_text(starter_form("quyet-dinh-gia-han").replace(
        "doi_tuong: Hợp tác xã Xây dựng Tân Sang", 'doi_tuong: "Hợp tác xã *Tân Sang* | HTX"'),
        "utf-8")
    doc = DocxView(render_docx(load_form(form)))
    article = doc.find("Điều 1.")
    assert "của Hợp tác xã *Tân Sang* | HTX đã ghi tại" in article.text
    assert [r.text for r in article.runs if r.bold] == ["Điều 1. "]


def test_giay_moi_hop_optional_notes(tmp_path: Path) -> None:
    body = """\
mau: giay-moi-hop
tham_so:
  cuoc_hop: sơ kết công tác dân số 6 tháng
  kinh_moi: Trạm trưởng Trạm Y tế xã
  chu_tri: Bà Võ Thị Kim Dung, Phó Chủ tịch Ủy ban nhân dân xã
  thoi_gian: "14:00 03/07/2026"
  dia_diem: Phòng họp số 2, Ủy ban nhân dân xã
"""
    _, texts = build(tmp_path, body)
    assert "Tới dự cuộc họp sơ kết công tác dân số 6 tháng." in texts
    assert "Thời gian: 14 giờ 00 phút, thứ Sáu, ngày 03 tháng 7 năm 2026." in texts or \
        "Thời gian: 14 giờ 00 phút, thứ Sáu, ngày 03 tháng 07 năm 2026." in texts
    assert not any("chuẩn bị" in t or "báo trước" in t for t in texts)
    _, texts = build(tmp_path, body + "  chuan_bi: số liệu dân số của thôn\n"
                     "  lien_he: ông A Thanh, điện thoại 0912 345 678\n", "co-ghi-chu.yaml")
    assert "Đề nghị đại biểu chuẩn bị số liệu dân số của thôn để báo cáo tại cuộc họp." in texts
    assert any(t.startswith("Trường hợp không dự được, đề nghị báo trước cho ông A Thanh")
               for t in texts)


def test_thong_bao_ket_luan_task_table(tmp_path: Path) -> None:
    doc, texts = build(tmp_path, """\
mau: thong-bao-ket-luan
tham_so:
  nguoi_chu_tri: Chủ tịch Ủy ban nhân dân xã Trần Minh Hải
  cuoc_hop: giao ban tháng 11
  ngay_hop: 28/11/2026
  thanh_phan: lãnh đạo các phòng chuyên môn
  danh_gia: Các phòng hoàn thành cơ bản nhiệm vụ tháng 11
  giao_viec:
    - {don_vi: Phòng Kinh tế xã, viec: Hoàn thành thu ngân sách, han: 31/12/2026}
    - {don_vi: Phòng Văn hóa - Xã hội xã, viec: Tổ chức Ngày hội Đại đoàn kết, han: 15/12/2026}
    - {don_vi: Công an xã, viec: Bảo đảm an ninh trật tự dịp cuối năm, han: Thường xuyên}
noi_nhan: [Các phòng chuyên môn thuộc UBND xã]
""")
    assert doc.find("THÔNG BÁO").bold
    assert ("Kết luận của Chủ tịch Ủy ban nhân dân xã Trần Minh Hải tại cuộc họp giao ban "
            "tháng 11") in texts
    assert texts[texts.index("Kết luận của Chủ tịch Ủy ban nhân dân xã Trần Minh Hải tại cuộc "
                             "họp giao ban tháng 11") + 1].startswith("Ngày 28 tháng 11 năm 2026, ")
    (table,) = body_tables(doc)
    rows = assert_body_table(doc, table, sections(doc)[0].text_width)
    assert [r[1] for r in rows] == ["Đơn vị thực hiện", "Phòng Kinh tế xã",
                                    "Phòng Văn hóa - Xã hội xã", "Công an xã"]


def test_ke_hoach_trien_khai_task_table(tmp_path: Path) -> None:
    doc, texts = build(tmp_path, starter_form("ke-hoach-trien-khai").split("co_quan:")[0]
                       + "noi_nhan: [Các cơ quan, đơn vị thuộc UBND xã]\n")
    assert doc.find("KẾ HOẠCH").bold
    (table,) = body_tables(doc)
    rows = assert_body_table(doc, table, sections(doc)[0].text_width)
    assert rows[0] == ["STT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian"]
    assert rows[3] == ["3", "Tổng hợp, báo cáo kết quả", "Văn phòng HĐND và UBND xã",
                       "Các đơn vị", "Trước ngày 15/12"]
    assert "I. MỤC ĐÍCH, YÊU CẦU" in texts and "IV. TỔ CHỨC THỰC HIỆN" in texts


ROSTER = """\
mau: bao-cao-theo-thon
tham_so:
  ket_qua: tiêm chủng mở rộng
  ky_bao_cao: 6 tháng đầu năm 2026
  van_ban_yeu_cau: Công văn số 12/TYT ngày 01 tháng 6 năm 2026 của Trạm Y tế xã
  doi_tuong: trẻ được tiêm đủ
  chi_tieu: 90
  cac_thon:
{rows}
  kien_nghi: Đề nghị các thôn chưa đạt vận động gia đình đưa trẻ đi tiêm bù
noi_nhan: [Trạm Y tế xã]
"""


def test_bao_cao_theo_thon_fills_the_table_from_the_roster(tmp_path: Path) -> None:
    rows = ("    - {ten: Thôn Tân Sang, dat: 95, tong: 100}\n"
            "    - {ten: Làng Kà Bầy, dat: 1180, tong: 1400}\n"
            "    - {ten: 'Làng Chốt *mới*', dat: 45, tong: 50}\n")
    doc, texts = build(tmp_path, ROSTER.format(rows=rows))
    (table,) = body_tables(doc)
    got = assert_body_table(doc, table, sections(doc)[0].text_width)
    assert got == [
        ["STT", "Thôn, làng", "Số trẻ được tiêm đủ", "Tổng số", "Tỷ lệ"],
        ["1", "Thôn Tân Sang", "95", "100", "95%"],
        ["2", "Làng Kà Bầy", "1.180", "1.400", "84,3%"],
        ["3", "Làng Chốt *mới*", "45", "50", "90%"],
        ["", "Toàn xã", "1.320", "1.550", "85,2%"],
    ]
    totals = [p for p in doc.paragraphs if p.in_table == table and p.cell[0] == 4 and p.text]
    assert all(p.bold for p in totals)
    assert "Còn 1 thôn, làng chưa đạt chỉ tiêu 90%: Làng Kà Bầy." in texts
    all_good = "    - {ten: Thôn Tân Sang, dat: 95, tong: 100}\n"
    _, texts = build(tmp_path, ROSTER.format(rows=all_good), "dat-het.yaml")
    assert "Tất cả các thôn, làng đều đạt chỉ tiêu 90%." in texts


def test_bao_cao_theo_thon_grows_with_the_roster(tmp_path: Path) -> None:
    rows = "".join(f"    - {{ten: Thôn {i}, dat: {i}, tong: 40}}\n" for i in range(1, 31))
    doc, _ = build(tmp_path, ROSTER.format(rows=rows))
    (table,) = body_tables(doc)
    assert len(table_rows(doc, table)) == 32  # header, 30 villages, the total


def test_to_trinh_de_nghi_money_in_words_only_when_given(tmp_path: Path) -> None:
    body = """\
mau: to-trinh-de-nghi
tham_so:
  noi_trinh: Hội đồng nhân dân xã Sa Thầy
  viec: phê duyệt chủ trương làm đường bê tông vào làng Chốt
  can_cu: Nghị quyết số 15/NQ-HĐND ngày 20 tháng 12 năm 2025 của Hội đồng nhân dân xã
  su_can_thiet: Đường đất vào làng Chốt lầy lội trong mùa mưa, học sinh đi học khó khăn
  de_nghi:
    - Làm mới 1,2 km đường bê tông rộng 3 m
    - Thực hiện trong năm 2027
  co_quan_trinh: Ủy ban nhân dân xã
noi_nhan: [Như trên]
"""
    doc, texts = build(tmp_path, body)
    assert doc.find("TỜ TRÌNH").bold
    assert "Kính gửi: Hội đồng nhân dân xã Sa Thầy." in texts
    assert "- Làm mới 1,2 km đường bê tông rộng 3 m;" in texts
    assert "- Thực hiện trong năm 2027." in texts
    assert not any("Kinh phí" in t for t in texts)
    _, texts = build(tmp_path, body.replace("  co_quan_trinh", "  kinh_phi: 1250000000\n"
                                            "  nguon_kinh_phi: vốn nông thôn mới\n"
                                            "  co_quan_trinh"), "co-kinh-phi.yaml")
    assert ("Tổng kinh phí: 1.250.000.000 đồng (Một tỷ hai trăm năm mươi triệu đồng), từ nguồn "
            "vốn nông thôn mới.") in texts


def test_bien_ban_hop_signers_from_the_parameters(tmp_path: Path) -> None:
    doc, texts = build(tmp_path, starter_form("bien-ban-hop").split("co_quan:")[0]
                       .replace("chu_toa: Nguyễn Văn An", "chu_toa: Trần Minh Hải")
                       + "noi_nhan: [Ủy ban nhân dân xã]\n")
    thu_ky, chu_toa = doc.find("THƯ KÝ"), doc.find("CHỦ TỌA")
    assert thu_ky.cell[0] == chu_toa.cell[0] and thu_ky.cell[1] < chu_toa.cell[1]
    signers = {p.text: p.cell for p in doc.paragraphs if p.in_table == thu_ky.in_table}
    assert signers["Lê Thị Thu"][1] == thu_ky.cell[1]
    assert signers["Trần Minh Hải"][1] == chu_toa.cell[1]
    assert any(t.startswith("Chủ trì (chủ tọa): Trần Minh Hải - Phó Chủ tịch") for t in texts)
    body = [p.text for p in outside_tables(doc)]
    assert body[-1].startswith("Cuộc họp kết thúc vào 10 giờ 30 phút")
    assert "Kết quả biểu quyết: 45/45 hộ dự họp tán thành (100%)." in texts


DON_DOC = """\
mau: don-doc
tham_so:
  ten_don_vi: làng Kà Bầy
  nguoi_nhan: Trưởng làng Kà Bầy
  ten_dot: đợt vận động tiêm chủng
  van_ban_trien_khai: Công văn số 30/UBND-VHXH ngày 02/02/2026
  doi_tuong: trẻ dưới 5 tuổi
  so_tham_gia: 40
  tong_so: 50
  chi_tieu: 90
  han: 28/02/2026
"""


def test_don_doc_keeps_todays_wording_by_default(tmp_path: Path) -> None:
    _, texts = build(tmp_path, DON_DOC)
    assert ("- Phân công người hỗ trợ trực tiếp những trường hợp gặp khó khăn khi đăng nhập, "
            "học tập;") in texts
    assert ("- Báo cáo kết quả về Ủy ban nhân dân xã (qua công chức Văn hóa - Xã hội) trước "
            "ngày 28 tháng 02 năm 2026.") in texts


def test_don_doc_wording_is_a_parameter(tmp_path: Path) -> None:
    _, texts = build(tmp_path, DON_DOC + "  viec_can_ho_tro: đưa trẻ đến điểm tiêm\n"
                     "  noi_bao_cao: Trạm Y tế xã\n")
    joined = "\n".join(texts)
    assert "đăng nhập" not in joined and "Văn hóa - Xã hội" not in joined
    assert ("- Phân công người hỗ trợ trực tiếp những trường hợp gặp khó khăn khi đưa trẻ đến "
            "điểm tiêm;") in texts
    assert "- Báo cáo kết quả về Trạm Y tế xã trước ngày 28 tháng 02 năm 2026." in texts


def _sources(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in _sources(v)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _sources(v)]
    return []


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_template_uses_exactly_its_declared_parameters(name: str) -> None:
    """Every name a template prints is a declared parameter (so ``docgen new`` lists it with
    its description), and every declared parameter is printed somewhere."""
    from jinja2 import meta

    from docgen.templating import environment

    template = next(t for t in list_templates() if t.name == name)
    used: set[str] = set()
    for source in _sources(template.fields):
        used |= meta.find_undeclared_variables(environment().parse(source))
    declared = {p.name for p in template.params}
    assert used - {"dong", "tham_so", "hom_nay"} <= declared, used - declared
    assert declared <= used, declared - used
