"""``docgen check`` on documents made by other people, against labels decided by hand.

The labels (:mod:`realdocs`) say which decree rules each file in ``shared/real-docs`` really
breaks. The checker must be right at least 95 % of the time when it says the decree is broken
(precision) and find at least 90 % of the labelled violations (recall); it must read every file
without a traceback, find the elements each file has, and never suggest what is already there.
"""

from __future__ import annotations

import pytest
from realdocs import LABELS, MIN_PRECISION, MIN_RECALL, REAL_DOCS, UNSCORED

from docgen.check import check_file, read_document
from docgen.check.reader import read_file

pytestmark = pytest.mark.skipif(not REAL_DOCS.is_dir(),
                                reason=f"real documents not found in {REAL_DOCS}")

ALL_FILES = sorted([*LABELS, *UNSCORED])


def test_every_real_document_is_labelled() -> None:
    on_disk = {p.name for p in REAL_DOCS.glob("*.docx")}
    assert on_disk == set(LABELS) | UNSCORED


def test_precision_and_recall_on_the_labelled_corpus() -> None:
    true = false = found = labelled = 0
    wrong: list[str] = []
    missed: list[str] = []
    for name, labels in LABELS.items():
        report = check_file(REAL_DOCS / name)
        for finding in report.violations:
            if finding.rule in labels:
                true += 1
            else:
                false += 1
                wrong.append(f"{name}: {finding.message()}")
        rules = {f.rule for f in report.violations}
        labelled += len(labels)
        found += len(labels & rules)
        missed += [f"{name}: {rule}" for rule in sorted(labels - rules)]
    precision = true / max(1, true + false)
    recall = found / max(1, labelled)
    assert precision >= MIN_PRECISION, (precision, wrong)
    assert recall >= MIN_RECALL, (recall, missed)


@pytest.mark.parametrize("name", ALL_FILES)
def test_real_document_is_read_without_misreading(name: str) -> None:
    report = check_file(REAL_DOCS / name)  # no traceback
    for finding in report.findings:
        # A suggestion never repeats what was found.
        assert finding.found != finding.expected, finding.message()
        for key in ("text", "ends_with", "starts_with"):
            if key in finding.found and key in finding.expected:
                assert finding.found[key] != finding.expected[key], finding.message()
        # One finding per font, in words a clerk knows (no "ô ascii" / "ô hAnsi").
        assert "(ô " not in finding.message() and "slot" not in finding.message("en")
        assert finding.severity in ("nghi-dinh", "goi-y")


@pytest.mark.parametrize("name", sorted(n for n in LABELS if n.startswith("vbai_")))
def test_elements_that_are_there_are_found(name: str) -> None:
    """Every vbai file has these on its first page (seen in its PDF)."""
    found = read_document(read_file(REAL_DOCS / name))
    assert found.quoc_hieu is not None and found.tieu_ngu is not None
    assert found.so is not None and found.date is not None and found.co_quan
    assert found.rule_tieu_ngu is not None and found.rule_co_quan is not None
    assert found.noi_nhan is not None and found.chuc_vu is not None and found.ho_ten is not None
    # The signer's name is a name, not a note or an appendix line.
    assert len(found.ho_ten.clean.split()) <= 5 and not found.ho_ten.clean[0].isdigit()
    assert any(s.clean.startswith("- Lưu") for s in found.noi_nhan_items)
    report = check_file(REAL_DOCS / name)
    assert not [f for f in report.findings if f.found == {"present": False}
                and f.rule not in LABELS[name]], [f.message() for f in report.findings]


def test_a_finding_on_a_later_page_names_its_page() -> None:
    # The PDF of vbai_cv_kimthu.docx has its Nơi nhận on page 6 of 6.
    report = check_file(REAL_DOCS / "vbai_cv_kimthu.docx")
    (item,) = [f for f in report.violations if f.rule == "R-41"]
    assert item.page == 6 and "khoảng trang 6" in item.message()
    assert item.as_dict()["page"] == 6
