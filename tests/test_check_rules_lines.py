"""``check`` reads the decree's fixed lines through their twins in :mod:`docgen.lines`.

The Số line and the Lưu line are read in one place: ``read_so_parts`` / ``read_luu_parts`` give
them as typed (the spacing and end dot that R-16 and R-41 judge), and the plain readers
``read_so_line`` / ``read_luu_line`` are built on them, reading exactly what they read before.
"""

from __future__ import annotations

import re

import pytest
from checkcorpus import Docx, base_cong_van, docgen_docx
from hypothesis import given
from hypothesis import strategies as st
from test_check_kinds import COPY, rendered

from docgen.check import check_bytes, rules
from docgen.lines import (
    Luu,
    LuuParts,
    SoLine,
    SoParts,
    read_luu_line,
    read_luu_parts,
    read_so_line,
    read_so_parts,
)

# The plain readers' patterns before they were built on the detailed ones: what they read must
# not change (check, extract and archive rely on them).
FORMER_SO = re.compile(r"^\s*s[ốôo]\s*:\s*(?P<num>\d*)\s*/\s*(?P<code>\S.*?)\s*$", re.IGNORECASE)
FORMER_LUU = re.compile(r"^\s*[-–]?\s*lưu\s*:\s*(?P<codes>.*?)\s*\.?\s*$", re.IGNORECASE)


@pytest.mark.parametrize(("typed", "parts"), [
    ("Số: 05/UBND-VHXH", SoParts("Số:", "05", "UBND-VHXH")),
    ("So :  123 / TTr-CAT(PC04)", SoParts("So :", "123", "TTr-CAT(PC04)", " ", " ")),
    ("Số: 5 /UBND VHXH", SoParts("Số:", "5", "UBND VHXH", " ", "")),
    ("Số:      /QĐ-UBND", SoParts("Số:", "", "QĐ-UBND", "", "")),
    ("Số: 05/", SoParts("Số:", "05", "")),
])
def test_so_line_as_typed(typed: str, parts: SoParts) -> None:
    assert read_so_parts(typed) == parts


def test_so_parts_keep_a_number_of_any_length_as_text() -> None:
    digits = "0" * 5000 + "3"
    assert read_so_parts(f"Số: {digits}/SY-UBND") == SoParts("Số:", digits, "SY-UBND")
    assert read_so_parts("Sa Thầy, ngày 05 tháng 02 năm 2026") is None


@pytest.mark.parametrize(("typed", "parts"), [
    ("- Lưu: VT, VHXH.", LuuParts("-", "Lưu", "VT, VHXH.", "VT, VHXH")),
    ("-Lưu : VT, TCKT", LuuParts("-", "Lưu", "VT, TCKT", "VT, TCKT")),
    ("– lưu: VT, NC.Châu .", LuuParts("–", "lưu", "VT, NC.Châu .", "VT, NC.Châu")),
    ("LƯU: VT..", LuuParts("", "LƯU", "VT..", "VT.")),
    ("- Lưu:", LuuParts("-", "Lưu", "", "")),
])
def test_luu_line_as_typed(typed: str, parts: LuuParts) -> None:
    assert read_luu_parts(typed) == parts
    assert read_luu_parts("- Như trên;") is None


SO_TEXT = st.builds(str.__add__, st.sampled_from(["Số:", "So :", " số: ", "SỐ:", "Sô", "x", ""]),
                    st.text(alphabet="0123 /\n\t.-ABĐ:", max_size=14))
LUU_TEXT = st.builds(str.__add__, st.sampled_from(["- Lưu:", "-Lưu :", "– lưu:", "LƯU:", "- Lưu",
                                                   "x", ""]),
                     st.text(alphabet="VT, .()3H\n\t;Đ", max_size=14))


@given(SO_TEXT)
def test_read_so_line_reads_what_it_read_before(text: str) -> None:
    m = FORMER_SO.match(text)
    former = SoLine(int(m["num"]) if m["num"] else None, m["code"]) if m else None
    assert read_so_line(text) == former


@given(LUU_TEXT)
def test_read_luu_line_reads_what_it_read_before(text: str) -> None:
    m = FORMER_LUU.match(text)
    read = read_luu_line(text)
    assert (read is None) == (m is None)
    if m is not None:
        assert isinstance(read, Luu)
        assert read_luu_parts(text).holders == m["codes"]


def test_check_has_no_reader_of_its_own_for_these_lines() -> None:
    assert not hasattr(rules, "_SO") and not hasattr(rules, "_LUU")


def test_copy_number_of_thousands_of_digits_is_judged_not_a_crash() -> None:
    doc = Docx(rendered(COPY))
    doc.replace_text("03/SY-UBND", "0" * 5000 + "3/SY-UBND")
    findings = check_bytes(doc.save()).findings
    assert [(f.rule, f.note, f.expected) for f in findings] == [
        ("R-56", "number_padding", {"text": "Số: 03/SY-UBND"})]


def test_nhu_tren_with_another_end_mark_is_judged_by_its_end_mark_only() -> None:
    """``- Như trên,`` is Như trên (docgen.lines.is_nhu_tren) with a wrong end mark: one
    finding for the mark, not a second one saying Như trên is missing."""
    doc = Docx(docgen_docx(base_cong_van()))
    doc.replace_text("Như trên;", "Như trên,")
    findings = check_bytes(doc.save()).findings
    assert [(f.rule, f.found, f.expected, f.note) for f in findings] == [
        ("R-41", {"ends_with": ","}, {"ends_with": ";"}, None)]
