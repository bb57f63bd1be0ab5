"""Each kind's own blocks, rendered by docgen, broken one rule at a time.

A quyết định with a landscape appendix, one with a member table, and a biên bản are docgen's own
examples (``data/forms``). Every mutation breaks exactly one rule of a block that only some kinds
have — the authority line (R-24), ``QUYẾT ĐỊNH:`` (R-25), the legal bases (R-32), an article's
label or a chapter/section heading (R-34), a body table (R-35), the biên bản's signers (R-46),
the appendix (R-50), the circulation note (R-26), the address at the foot of page 1 (R-47), the
công điện line (R-27), a copy's block and its form and number (R-55, R-56), a landscape section
with no table (R-51) — and ``check`` must name exactly that rule; unchanged, both documents have
no finding.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from checkcorpus import Docx, format_runs, w

from docgen import VanBan, render_docx
from docgen.check import check_bytes, read_document
from docgen.check.reader import read_package
from docgen.copies import build_ban_sao, copy_bytes, load_copy_form
from docgen.forms import read_form

FORMS = Path(__file__).resolve().parent.parent / "data" / "forms"


EXTRAS = "gia-han-ky-nang-so+luu-hanh+dia-chi"
"""A công văn of data/forms with the header's circulation note and the agency's address."""


COPY = "quyet-dinh-to-cong-tac+ban-sao-y"
COPY_SL = "quyet-dinh-to-cong-tac+ban-sao-luc"
"""docgen sao of a quyết định with data/forms/ban-sao/ban-sao-y.yaml (and as a sao lục)."""


QC = "quy-che-chuong-muc"
"""A quy chế whose articles are grouped in chapters (``Chương I``) and sections (``Mục 1``)."""

QC_FORM = """\
dung_chung: co-quan-sa-thay.yaml
loai: quy-che
so: 12
ngay: 08/12/2026
trich_yeu: Hoạt động của Tổ Công nghệ số cộng đồng xã Sa Thầy
dieu:
  - chuong: Những quy định chung
    tieu_de: Phạm vi điều chỉnh
    noi_dung: Quy chế này quy định hoạt động của Tổ Công nghệ số cộng đồng xã.
  - tieu_de: Đối tượng áp dụng
    noi_dung: Quy chế này áp dụng đối với các thành viên của Tổ.
  - chuong: Tổ chức và hoạt động
    muc: Tổ chức
    tieu_de: Thành phần của Tổ
    noi_dung: Tổ gồm Tổ trưởng, Tổ phó và các thành viên ở các thôn, làng.
  - muc: Hoạt động
    tieu_de: Chế độ sinh hoạt
    noi_dung: Tổ sinh hoạt mỗi tháng một lần vào tuần cuối của tháng.
"""


@cache
def rendered(name: str) -> bytes:
    if name in (COPY, COPY_SL):
        values = load_copy_form(FORMS / "ban-sao" / "ban-sao-y.yaml")
        if name == COPY_SL:
            values = {**values, "hinh_thuc": "sao-luc"}
        return copy_bytes(rendered(TABLE), build_ban_sao(values))
    if name == QC:
        with tempfile.TemporaryDirectory() as folder:
            shutil.copy(FORMS / "co-quan-sa-thay.yaml", folder)
            form = Path(folder) / "quy-che.yaml"
            form.write_text(QC_FORM, encoding="utf-8")
            return render_docx(read_form(form).build())
    if name == EXTRAS:
        values = read_form(FORMS / "gia-han-ky-nang-so.yaml").build().model_dump()
        values["luu_hanh"] = "LƯU HÀNH NỘI BỘ"
        values["dia_chi"] = ["Thôn 1, xã Sa Thầy, tỉnh Quảng Ngãi",
                             "ĐT: 0260 3820 123; Email: ubndxa@sathay.gov.vn"]
        return render_docx(VanBan.model_validate(values))
    return render_docx(read_form(FORMS / f"{name}.yaml").build())


def _unbox(text: str) -> Callable[[Docx, bytes], None]:
    def apply(doc: Docx, _: bytes) -> None:
        border = doc.para_with(text).find(f"{w('pPr')}/{w('pBdr')}")
        border.getparent().remove(border)
    return apply


def _centre_removed(text: str) -> Callable[[Docx, bytes], None]:
    def apply(doc: Docx, _: bytes) -> None:
        jc = doc.para_with(text).find(f"{w('pPr')}/{w('jc')}")
        jc.set(w("val"), "both")
    return apply


def _address_rule_removed(doc: Docx, _: bytes) -> None:
    for name in [n for n in doc.parts if n.startswith("word/footer")]:
        for border in doc.tree(name).iter(w("pBdr")):
            border.getparent().remove(border)


def _copy_rule_removed(doc: Docx, _: bytes) -> None:
    table = next(t for t in doc.body.iter(w("tbl"))
                 if "SAO Y" in "".join(x.text or "" for x in t.iter(w("t"))))
    border = table.getprevious().find(f"{w('pPr')}/{w('pBdr')}")
    border.getparent().remove(border)


def _landscape_appendix_without_table(doc: Docx, _: bytes) -> None:
    table = list(doc.body.iter(w("tbl")))[-1]  # the appendix's table, in its landscape section
    table.getparent().remove(table)


def _dien_not_bold(doc: Docx, data: bytes) -> None:
    found = read_document(read_package(data))
    format_runs(doc, found.dien[0].clean, "b", val="0")


def _authority(doc: Docx, data: bytes) -> None:
    found = read_document(read_package(data))
    format_runs(doc, found.tham_quyen[0].clean, "b", val="0")


def _header_row_plain(doc: Docx, data: bytes) -> None:
    found = read_document(read_package(data))
    table = next(iter(found.tables.values()))
    head = [p.text for p in table if p.cell and p.cell[1] == 0]
    format_runs(doc, head[0], "b", exact=True, val="0")


QD = "quyet-dinh-phu-luc-ngang"
TABLE = "quyet-dinh-to-cong-tac"
BB = "bien-ban-binh-xet-ho-ngheo"
CD = "cong-dien-mua-lu"

CASES: list[tuple[str, str, str, Callable[[Docx, bytes], None]]] = [
    ("authority_not_bold", QD, "R-24", _authority),
    ("decision_not_bold", QD, "R-25",
     lambda d, _: format_runs(d, "QUYẾT ĐỊNH:", "b", exact=True, val="0")),
    ("legal_basis_12pt", QD, "R-32",
     lambda d, _: format_runs(d, "Căn cứ Luật Tổ chức chính quyền", "sz", val="24")),
    ("article_label_not_bold", QD, "R-34",
     lambda d, _: format_runs(d, "Điều 1.", "b", val="0")),
    ("table_header_not_bold", TABLE, "R-35", _header_row_plain),
    ("chapter_heading_not_bold", QC, "R-34",
     lambda d, _: format_runs(d, "Chương II", "b", exact=True, val="0")),
    ("section_label_not_centred", QC, "R-34", _centre_removed("Mục 2")),
    ("appendix_title_not_bold", QD, "R-50",
     lambda d, data: format_runs(d, "DANH SÁCH HỘ NGHÈO", "b", val="0")),
    ("appendix_reference_upright", QD, "R-50",
     lambda d, _: format_runs(d, "(Kèm theo", "i", val="0")),
    ("secretary_missing", BB, "R-46", lambda d, _: d.replace_text("THƯ KÝ", "NGƯỜI GHI")),
    ("circulation_not_boxed", EXTRAS, "R-26", _unbox("LƯU HÀNH NỘI BỘ")),
    ("circulation_not_bold", EXTRAS, "R-26",
     lambda d, _: format_runs(d, "LƯU HÀNH NỘI BỘ", "b", exact=True, val="0")),
    ("address_without_full_width_rule", EXTRAS, "R-47", _address_rule_removed),
    ("dien_line_not_bold", CD, "R-27", _dien_not_bold),
    ("landscape_section_without_table", QD, "R-51", _landscape_appendix_without_table),
    ("dien_last_recipient_semicolon", CD, "R-27",
     lambda d, _: d.replace_text("đơn vị thuộc UBND xã.", "đơn vị thuộc UBND xã;")),
    ("copy_without_full_width_rule", COPY, "R-55", _copy_rule_removed),
    ("copy_form_not_bold", COPY, "R-56",
     lambda d, _: format_runs(d, "SAO Y", "b", exact=True, val="0")),
    ("copy_number_of_another_form", COPY, "R-56",
     lambda d, _: d.replace_text("/SY-UBND", "/SL-UBND")),
    ("copy_number_not_padded", COPY, "R-56",
     lambda d, _: d.replace_text("03/SY-UBND", "3/SY-UBND")),
]


@pytest.mark.parametrize("name", [QD, TABLE, BB, CD, EXTRAS, COPY, COPY_SL, QC])
def test_rendered_kind_has_no_finding(name: str) -> None:
    report = check_bytes(rendered(name))
    assert report.findings == [], [f.message() for f in report.findings]


@pytest.mark.parametrize(("case", "form", "rule", "mutate"), CASES, ids=[c[0] for c in CASES])
def test_one_rule_of_a_kind_block_is_reported_by_its_id(
        case: str, form: str, rule: str, mutate: Callable[[Docx, bytes], None]) -> None:
    data = rendered(form)
    doc = Docx(data)
    mutate(doc, data)
    broken = doc.save()
    assert broken != data
    report = check_bytes(broken)
    assert report.rules == {rule}, [f.message() for f in report.findings]


def test_a_landscape_document_holding_a_table_passes() -> None:
    """PL1 I.2: a text with tables may be laid out landscape, its one section included."""
    doc = Docx(rendered(TABLE))
    size = doc.sect().find(w("pgSz"))
    width, height = size.get(w("w")), size.get(w("h"))
    size.set(w("w"), height)
    size.set(w("h"), width)
    size.set(w("orient"), "landscape")
    report = check_bytes(doc.save())
    assert "R-51" not in report.rules, [f.message() for f in report.findings]


def test_luu_vt_alone_is_only_a_suggestion_on_a_giay_gioi_thieu() -> None:
    """Mẫu 1.8 (giấy giới thiệu) itself prints "- Lưu: VT.": the kind is read from the
    document's title, and only there the missing unit is a suggestion (R-61)."""
    values = read_form(FORMS / "giay-gioi-thieu-so-noi-vu.yaml").build().model_dump()
    values["luu"] = ["VT"]
    data = render_docx(VanBan.model_validate(values))
    report = check_bytes(data)
    assert [(f.rule, f.severity) for f in report.findings] == [("R-61", "goi-y")]
    assert report.ok
    doc = Docx(data)
    doc.replace_text("GIẤY GIỚI THIỆU", "THÔNG BÁO")  # the same closing on another kind
    other = check_bytes(doc.save())
    assert ("R-61", "nghi-dinh") in [(f.rule, f.severity) for f in other.findings]


def test_an_address_under_a_top_border_of_its_own_line_passes() -> None:
    """Word's way (R-47): no rule paragraph, a top border on the address's first line."""
    doc = Docx(rendered(EXTRAS))
    name = next(n for n in doc.parts if n.startswith("word/footer")
                and b"pBdr" in doc.parts[n])
    root = doc.tree(name)
    rule, first = root.findall(w("p"))[:2]
    root.remove(rule)
    ppr = first.find(w("pPr"))
    border = ppr.makeelement(w("pBdr"), {})
    border.append(border.makeelement(w("top"), {w("val"): "single", w("sz"): "6",
                                                  w("space"): "1", w("color"): "auto"}))
    ppr.insert(0, border)
    report = check_bytes(doc.save())
    assert report.findings == [], [f.message() for f in report.findings]
    first.find(w("r")).find(w("rPr")).find(w("sz")).set(w("val"), "28")  # 14 pt
    report = check_bytes(doc.save())
    assert report.rules == {"R-47"}, [f.message() for f in report.findings]
