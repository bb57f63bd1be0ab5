"""Each kind's own blocks, rendered by docgen, broken one rule at a time.

A quyết định with a landscape appendix, one with a member table, and a biên bản are docgen's own
examples (``data/forms``). Every mutation breaks exactly one rule of a block that only some kinds
have — the authority line (R-24), ``QUYẾT ĐỊNH:`` (R-25), the legal bases (R-32), an article's
label (R-34), a body table (R-35), the biên bản's signers (R-46), the appendix (R-50) — and
``check`` must name exactly that rule; unchanged, both documents have no finding.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from checkcorpus import Docx, format_runs

from docgen import render_docx
from docgen.check import check_bytes, read_document
from docgen.check.reader import read_package
from docgen.forms import read_form

FORMS = Path(__file__).resolve().parent.parent / "data" / "forms"


@cache
def rendered(name: str) -> bytes:
    return render_docx(read_form(FORMS / f"{name}.yaml").build())


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
]


@pytest.mark.parametrize("name", [QD, TABLE, BB])
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
