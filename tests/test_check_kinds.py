"""Each kind's own blocks, rendered by docgen, broken one rule at a time.

A quyết định with a landscape appendix, one with a member table, and a biên bản are docgen's own
examples (``data/forms``). Every mutation breaks exactly one rule of a block that only some kinds
have — the authority line (R-24), ``QUYẾT ĐỊNH:`` (R-25), the legal bases (R-32), an article's
label (R-34), a body table (R-35), the biên bản's signers (R-46), the appendix (R-50), the
circulation note (R-26), the address at the foot of page 1 (R-47), the công điện line (R-27) — and
``check`` must name exactly that rule; unchanged, both documents have no finding.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from checkcorpus import Docx, format_runs, w

from docgen import VanBan, render_docx
from docgen.check import check_bytes, read_document
from docgen.check.reader import read_package
from docgen.forms import read_form

FORMS = Path(__file__).resolve().parent.parent / "data" / "forms"


EXTRAS = "gia-han-ky-nang-so+luu-hanh+dia-chi"
"""A công văn of data/forms with the header's circulation note and the agency's address."""


@cache
def rendered(name: str) -> bytes:
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


def _address_rule_removed(doc: Docx, _: bytes) -> None:
    for name in [n for n in doc.parts if n.startswith("word/footer")]:
        for border in doc.tree(name).iter(w("pBdr")):
            border.getparent().remove(border)


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
]


@pytest.mark.parametrize("name", [QD, TABLE, BB, CD, EXTRAS])
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
