"""Number attributes the checker cannot take at face value: universal measures (``2cm``),
overflowing numbers (``1e999``), garbage (``abc``) — read, or refused with exit 2, never a
traceback."""

from __future__ import annotations

import contextlib
import math
from pathlib import Path

import pytest
from checkcorpus import (
    Docx,
    base_cong_van,
    base_thong_bao,
    docgen_docx,
    format_runs,
    textbox_header,
    word_docx,
)
from click.testing import CliRunner
from lxml import etree

from docgen.check import check_bytes, rules
from docgen.check.locate import Located
from docgen.check.reader import BAD_VALUE_HINT, BAD_VALUE_MESSAGE
from docgen.check.styles import twips
from docgen.cli import main
from docgen.errors import DocgenError
from docgen.extract import extract_bytes
from docgen.ooxml import EMU_PER_TWIP, TWIPS_PER_EMU, TWIPS_PER_HALF_POINT, W

DOCUMENTS = {
    "docgen": lambda: docgen_docx(base_cong_van()),
    "word": lambda: word_docx(base_thong_bao()),
    "textbox": lambda: textbox_header(docgen_docx(base_thong_bao())),
}
_BUILT: dict[str, bytes] = {}

# (element, attribute): the number attributes the reader takes a length or count from.
# ``text`` stands for the element's text (DrawingML offsets).
SITES = [("pgMar", "top"), ("pgMar", "left"), ("pgMar", "gutter"), ("pgSz", "w"),
         ("gridCol", "w"), ("tcW", "w"), ("tblInd", "w"), ("left", "w"), ("gridSpan", "val"),
         ("spacing", "before"), ("spacing", "after"), ("spacing", "line"), ("sz", "val"),
         ("ind", "left"), ("ind", "firstLine"), ("ind", "hanging"), ("tab", "pos"),
         ("defaultTabStop", "val"), ("ilvl", "val"), ("framePr", "w"), ("framePr", "x"),
         ("extent", "cx"), ("posOffset", "text"), ("bodyPr", "lIns")]
VALUES = ["2cm", "1e999", "abc", "-1e300", "nan"]


def built(name: str) -> bytes:
    if name not in _BUILT:
        _BUILT[name] = DOCUMENTS[name]()
    return _BUILT[name]


def _with_extra_elements(doc: Docx) -> None:
    """Add what none of the documents writes: a gridSpan and a framed paragraph."""
    tc_pr = next(doc.body.iter(f"{{{W}}}tcPr"), None)
    if tc_pr is not None:
        etree.SubElement(tc_pr, f"{{{W}}}gridSpan").set(f"{{{W}}}val", "1")
    ppr = doc.para_with("Nơi nhận").find(f"{{{W}}}pPr")
    if ppr is not None:
        frame = etree.SubElement(ppr, f"{{{W}}}framePr")
        frame.set(f"{{{W}}}w", "4000")
        frame.set(f"{{{W}}}x", "100")


def mutated(name: str, element: str, attr: str, value: str) -> bytes | None:
    """The document with every ``element``'s ``attr`` set to ``value``; None if it has none."""
    doc = Docx(built(name))
    _with_extra_elements(doc)
    changed = 0
    for part in [p for p in doc.parts if p.startswith("word/") and p.endswith(".xml")]:
        root = doc.tree(part)
        for el in root.iter():
            if not isinstance(el.tag, str) or etree.QName(el).localname != element:
                continue
            if attr == "text":
                el.text = value
                changed += 1
                continue
            for key in (f"{{{W}}}{attr}", attr):
                if key in el.attrib:
                    el.set(key, value)
                    changed += 1
    return doc.save() if changed else None


@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize(("element", "attr"), SITES, ids=[f"{e}-{a}" for e, a in SITES])
def test_unreadable_numbers_are_a_finding_or_a_clear_error(element: str, attr: str,
                                                           value: str) -> None:
    tried = 0
    for name in DOCUMENTS:
        data = mutated(name, element, attr, value)
        if data is None:
            continue
        tried += 1
        try:
            check_bytes(data, "x.docx")
        except DocgenError as exc:
            assert exc.problems[0].file == "x.docx"
        with contextlib.suppress(DocgenError):  # a form that does not validate, say
            extract_bytes(data, "x.docx")
    assert tried, f"no document has {element}/@{attr}"


def test_twips_reads_numbers_and_universal_measures() -> None:
    assert twips("720") == 720 and twips(" -567 ") == -567 and twips("1440.5") == 1440.5
    assert math.isclose(twips("2cm"), 1440 / 2.54 * 2)
    assert math.isclose(twips("25.4mm"), 1440)
    assert (twips("1in"), twips("-0.5in"), twips("3pt"), twips("1pc"), twips("1pi")) == \
        (1440, -720, 60, 240, 240)
    assert twips("26", TWIPS_PER_HALF_POINT) == 260  # 13 pt
    assert twips("13pt", TWIPS_PER_HALF_POINT) == 260
    assert twips(str(EMU_PER_TWIP), TWIPS_PER_EMU) == 1
    for bad in (None, "", "abc", "1e999", "-1e999", "inf", "nan", "1.2.3", "2 cm x", "50%",
                "1e12"):
        assert twips(bad) is None, bad


def test_universal_measures_are_judged_as_lengths() -> None:
    def margin(value: str) -> list:
        doc = Docx(built("docgen"))
        doc.sect().find(f"{{{W}}}pgMar").set(f"{{{W}}}top", value)
        return [f.found for f in check_bytes(doc.save()).findings]

    assert margin("2cm") == []  # 20 mm: the decree's lowest top margin
    assert margin("1cm") == [{"margin_top": 10.0}]

    def body_size(value: str) -> list:
        doc = Docx(built("docgen"))
        format_runs(doc, "Đề nghị các đơn vị", "sz", val=value)
        return [f.found for f in check_bytes(doc.save()).findings]

    assert body_size("14pt") == []
    assert body_size("12pt") == [{"size": 12.0}]


def test_date_with_split_digits_is_a_finding() -> None:
    doc = Docx(built("docgen"))
    doc.replace_text("ngày 05 tháng", "ngày 1 2 tháng")
    data = doc.save()
    findings = check_bytes(data).findings
    assert [(f.rule, f.note) for f in findings] == [("R-19", "date_format")]
    assert "ngày 1 2 tháng 3 năm 2025" in findings[0].message()
    extract_bytes(data)  # no ValueError either


@pytest.mark.parametrize(("old", "new", "note"), [
    ("ngày 05 tháng 3", "ngày 31 tháng 02", "date_invalid"),
    ("ngày 05 tháng 3", "ngày 5 tháng 3", "day_padding"),
    ("ngày 05 tháng 3", "ngày 05 tháng 2", "month_padding_12"),
    ("ngày 05 tháng 3", "ngày 05 tháng 03", "month_no_padding"),
    ("ngày 05 tháng 3", "ngày ٠٥ tháng 3", "date_format"),
])
def test_date_padding_and_validity(old: str, new: str, note: str) -> None:
    doc = Docx(built("docgen"))
    doc.replace_text(old, new)
    assert [(f.rule, f.note) for f in check_bytes(doc.save()).findings] == [("R-19", note)]


def test_number_of_thousands_of_digits_is_a_finding() -> None:
    doc = Docx(built("docgen"))
    doc.replace_text("Số: 05/", "Số: 0" + "9" * 5000 + "/")
    assert [f.note for f in check_bytes(doc.save()).findings] == ["number_leading_zero"]


# -- the net under the readers --------------------------------------------------------------------


@pytest.fixture
def exploding_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader bug on one value, as a file nobody foresaw would trigger (number 99)."""
    def explode(found: Located) -> list:
        if found.so is not None and "99/" in found.so.clean:
            return [int(float("1e999"))]  # OverflowError, as int(float("1e999")) once did
        return []

    monkeypatch.setattr(rules, "CHECKS", (*rules.CHECKS, explode))


@pytest.mark.usefixtures("exploding_check")
def test_a_value_no_reader_handles_is_a_docgen_error() -> None:
    doc = Docx(built("docgen"))
    doc.replace_text("Số: 05/", "Số: 99/")
    with pytest.raises(DocgenError) as info:
        check_bytes(doc.save(), "la.docx")
    (problem,) = info.value.problems
    assert (problem.message, problem.file, problem.hint) == \
        (BAD_VALUE_MESSAGE, "la.docx", BAD_VALUE_HINT)


@pytest.mark.usefixtures("exploding_check")
def test_cli_reports_the_bad_file_and_goes_on(tmp_path: Path) -> None:
    doc = Docx(built("docgen"))
    doc.replace_text("Số: 05/", "Số: 99/")
    bad, good = tmp_path / "bad.docx", tmp_path / "good.docx"
    bad.write_bytes(doc.save())
    good.write_bytes(built("docgen"))
    result = CliRunner().invoke(main, ["check", str(bad), str(good)])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"{bad}: {BAD_VALUE_MESSAGE}" in result.stderr and BAD_VALUE_HINT in result.stderr
    assert f"{good}: đạt" in result.stdout
    assert "Đã kiểm tra 2 tệp: 1 đạt Nghị định, 0 có phát hiện (0 lỗi trái Nghị định, 0 gợi ý), " \
        "1 không đọc được." in result.stdout


def test_cli_measures_file_then_good_file(tmp_path: Path) -> None:
    bad, good = tmp_path / "bad.docx", tmp_path / "good.docx"
    bad.write_bytes(mutated("docgen", "pgMar", "top", "1e999") or b"")
    good.write_bytes(built("docgen"))
    result = CliRunner().invoke(main, ["check", str(bad), str(good)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert str(bad) in result.output and f"{good}: đạt" in result.stdout
