"""The lines of a giấy mời (R-36, Mẫu 1.7) and of a giấy giới thiệu or nghỉ phép (R-37, Mẫu 1.8
and 1.10): docgen's own are clean, and a one-rule change to them is named by that rule only."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from checkcorpus import Docx, format_runs

from docgen import render_docx
from docgen.check import check_bytes
from docgen.forms import load_form

FORMS = Path(__file__).resolve().parent.parent / "data" / "forms"
GIAY_MOI = "giay-moi-hop-chuyen-doi-so"
GIOI_THIEU = "giay-gioi-thieu-so-noi-vu"
NGHI_PHEP = "giay-nghi-phep-pham-thi-mai"


@cache
def rendered(name: str) -> bytes:
    return render_docx(load_form(FORMS / f"{name}.yaml"))


def _drop_paragraph(text: str) -> Callable[[Docx], None]:
    def mutate(doc: Docx) -> None:
        para = doc.para_with(text, start=True)
        para.getparent().remove(para)
    return mutate


CASES = [
    ("time_line_in_11_pt", GIAY_MOI, "R-36",
     lambda d: format_runs(d, "Thời gian", "sz", val="22")),
    ("place_line_missing", GIAY_MOI, "R-36", _drop_paragraph("Địa điểm")),
    ("introduced_person_in_11_pt", GIOI_THIEU, "R-37",
     lambda d: format_runs(d, "Được cử đến", "sz", val="22")),
]


@pytest.mark.parametrize("name", [GIAY_MOI, GIOI_THIEU, NGHI_PHEP])
def test_docgen_letters_have_no_finding(name: str) -> None:
    report = check_bytes(rendered(name))
    assert report.findings == [], [f.message() for f in report.findings]


@pytest.mark.parametrize(("case", "form", "rule", "mutate"), CASES, ids=[c[0] for c in CASES])
def test_one_rule_of_a_letter_is_reported_by_its_id(
        case: str, form: str, rule: str, mutate: Callable[[Docx], None]) -> None:
    data = rendered(form)
    doc = Docx(data)
    mutate(doc)
    broken = doc.save()
    assert broken != data
    report = check_bytes(broken)
    assert report.rules == {rule}, [f.message() for f in report.findings]
