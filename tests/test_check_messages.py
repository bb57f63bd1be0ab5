"""``docgen check`` speaks the clerk's language: every word of a finding comes from the catalog.

The findings are data (:mod:`docgen.check.report`); their wording is looked up in the catalog,
so ``--lang en`` prints English throughout — only the document's own text, quoted, stays
Vietnamese — and Vietnamese stays as it was. Neither report.py nor rules.py holds a phrase of
its own outside a gettext call.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import pytest
from checkcorpus import (
    MUTATIONS,
    TITLED_MUTATIONS,
    Docx,
    Mutation,
    base_cong_van,
    base_thong_bao,
    docgen_docx,
)
from click.testing import CliRunner
from realdocs import REAL_DOCS
from test_check_kinds import CASES, rendered
from vietnamese import VIETNAMESE, assert_english, vietnamese_left

from docgen.check import check_bytes, report
from docgen.check.report import GOI_Y, Finding, Report, describe
from docgen.cli import main
from docgen.errors import Problem
from docgen.i18n import language
from docgen.layout import LAYOUT

CHECK_DIR = Path(report.__file__).parent
# --- English throughout ------------------------------------------------------------------------

needs_real = pytest.mark.skipif(not REAL_DOCS.is_dir(), reason=f"no {REAL_DOCS}")


@needs_real
def test_english_check_of_every_real_document_is_english() -> None:
    paths = sorted(str(p) for p in REAL_DOCS.glob("*.docx"))
    result = CliRunner().invoke(main, ["--lang", "en", "check", *paths])
    assert result.exit_code in (0, 1), result.output
    text = result.stdout + result.stderr
    assert "Against Decree 30/2020/ND-CP:" in text and "expected" in text
    assert_english(text, paths)
    # JSON keeps its fields and data; only its words follow the language.
    data = CliRunner().invoke(main, ["--lang", "en", "check", "--json", *paths[:3]]).stdout
    assert_english("\n".join(
        f"{f['element_name']}\n{f['message']}\n{f['fix']}"
        for file in json.loads(data)["files"] for f in file["findings"]))


def _docgen_mutations() -> list[Any]:
    return [pytest.param(base_cong_van, m, id=m.name) for m in MUTATIONS] + \
        [pytest.param(base_thong_bao, m, id=m.name) for m in TITLED_MUTATIONS]


@pytest.mark.parametrize(("base", "mutation"), _docgen_mutations())
def test_english_report_of_docgen_output_with_a_mutation(base: Any, mutation: Mutation) -> None:
    broken = check_bytes(mutation(docgen_docx(base())), "x.docx")
    assert broken.findings
    assert_english(broken.text("en"))


@pytest.mark.parametrize(("case", "form", "rule", "mutate"), CASES, ids=[c[0] for c in CASES])
def test_english_report_of_a_kind_with_a_mutation(case: str, form: str, rule: str,
                                                  mutate: Any) -> None:
    doc = Docx(rendered(form))
    mutate(doc, rendered(form))
    findings = check_bytes(doc.save()).findings
    assert findings
    assert_english(Report("x.docx", findings).text("en"))


def _every_wording() -> list[Finding]:
    """A finding for every element, note, property and description report.py can word."""
    out = [Finding("R-12", key, {"present": False}, {})
           for key in [*LAYOUT.elements, *report._EXTRA_NAMES, "page_number"]]
    out += [Finding("R-19", "dia_danh_ngay", {"text": "x"}, {"text": "y"}, note=note)
            for note in report._NOTES]
    out += [Finding("R-40", "noi_nhan_tieu_de", {"level": False}, {"level": True}, note=note)
            for note in report._FIX_BY_NOTE]
    out += [Finding("R-31", key, {"size": 12}, {"size": [13, 14]})
            for key in report._FIX_BY_ELEMENT]
    for key in report._FLAGS:
        out += [Finding("R-31", "noi_dung", {key: True}, {key: False})]
    for key, choices in report._CHOICES.items():
        out += [Finding("R-31", "noi_dung", {key: value}, {}) for value in choices]
    out += [Finding("R-35", "bang", {"describe": key}, {}) for key in report._DESCRIBE]
    # What the decree wants may be a range; what was found is one value.
    wanted = {"ratio": [1 / 3, 1 / 2], "indent_cm": [1.0, 1.27], "line": [1.0, 1.5],
              "blank_lines": [3, 4], "size": [13, 14], "width_mm": [40, 45]}
    words = {"lines": 1, "number_format": "lowerRoman", "order": "THƯ KÝ – CHỦ TỌA",
             "describe": "luu_last", "text": "Nơi nhận", "font": "Arial"}
    for key in report._PHRASES:
        found = words.get(key, 12.5)
        out += [Finding("R-31", "noi_dung", {key: found}, {key: wanted.get(key, found)},
                        "Nội dung", 2, page=3)]
    return out


def test_every_phrase_of_the_report_is_english_in_english() -> None:
    for finding in _every_wording():
        with language("en"):
            text = f"{finding.element_name()}\n{finding.message()}\n{finding.fix()}"
        assert vietnamese_left(text) == [], finding
    for severity in report.SEVERITIES:
        with language("en"):
            assert not VIETNAMESE.search(report._(report._GROUP_TITLES[severity]))


CASES_WORDED = [
    # (finding, Vietnamese message, English message)
    (Finding("R-31", "noi_dung", {"line": 2.25}, {"line": [1.0, 1.5]}, "Căn cứ …", 3, page=2),
     "R-31 Nội dung: giãn dòng 2,25 lần (3 chỗ, khoảng trang 2, tại “Căn cứ …”) — cần giãn dòng "
     "1–1,5 lần",
     "R-31 Body: line spacing 2.25 lines (3 places, about page 2, at “Căn cứ …”) — expected "
     "line spacing 1–1.5 lines"),
    (Finding("R-42", "khoang_ky", {"blank_lines": 1}, {"blank_lines": [3, 4]}, severity=GOI_Y),
     "R-42 Khoảng trống để ký: 1 dòng trống — cần 3–4 dòng trống",
     "R-42 Space for the signature: 1 blank line — expected 3–4 blank lines"),
    (Finding("R-60", "quoc_hieu_dong", {"lines": 2}, {"lines": 1}, note="wraps"),
     "R-60 Quốc hiệu trên một dòng: 2 dòng — cần 1 dòng (dòng chữ rộng hơn ô chứa nên tự xuống "
     "dòng; nới rộng cột hoặc giảm cỡ chữ)",
     "R-60 National title on one line: 2 lines — expected 1 line (wider than its cell, so it "
     "wraps; widen the column or use a smaller size)"),
    (Finding("R-41", "noi_nhan", {"text": "- Như Điều 3;"}, {"text": "- Như trên;"},
             note="nhu_tren"),
     "R-41 Danh sách nơi nhận: “- Như Điều 3;” — cần “- Như trên;” (công văn ghi '- Như trên;' "
     "đầu tiên)",
     "R-41 Distribution list: “- Như Điều 3;” — expected “- Như trên;” (an official letter "
     "lists '- Như trên;' first)"),
    (Finding("R-02", "margins", {"margin_left": 25.4}, {"margin_left": [30, 35]}),
     "R-02 Lề trang: lề trái 25,4 mm — cần lề trái 30–35 mm",
     "R-02 Margins: left margin 25.4 mm — expected left margin 30–35 mm"),
    (Finding("R-31", "noi_dung", {"indent_cm": 0.5}, {"indent_cm": [1.0, 1.27]}),
     "R-31 Nội dung: thụt đầu dòng 0,5 cm — cần thụt đầu dòng 1 cm hoặc 1,27 cm",
     "R-31 Body: first-line indent 0.5 cm — expected first-line indent 1 cm or 1.27 cm"),
]


@pytest.mark.parametrize(("finding", "vi", "en"), CASES_WORDED,
                         ids=[f"{c[0].rule}-{c[0].element}" for c in CASES_WORDED])
def test_a_finding_worded_in_each_language(finding: Finding, vi: str, en: str) -> None:
    assert finding.message("vi") == vi
    assert finding.message("en") == en
    # Without a language the current one is used (the suite runs in Vietnamese).
    assert finding.message() == vi
    with language("en"):
        assert finding.message() == en and finding.as_dict()["message"] == en
        assert finding.as_dict("vi")["message"] == vi


def test_fixes_in_english_give_the_same_advice() -> None:
    missing = Finding("R-41", "luu", {"present": False}, {})
    # The element's name inside the sentence keeps the decree's own capital (“Lưu”, “V/v”).
    assert missing.fix("vi") == "Sửa: thêm dòng Lưu theo mẫu của Nghị định (docgen quy-tac R-41)"
    assert missing.fix("en") == \
        "Fix: add the file copies line as in the decree's model (docgen quy-tac R-41)"
    subject = Finding("R-20", "trich_yeu_cv", {"present": False}, {})
    assert "(V/v)" in subject.fix("vi") and "(v/v)" not in subject.fix("vi")
    assert "(V/v)" in subject.fix("en") and "(v/v)" not in subject.fix("en")
    margins = Finding("R-02", "margins", {"margin_left": 25.4}, {"margin_left": [30, 35]})
    assert margins.fix("en").startswith("Fix: Layout → Margins → Custom Margins")
    # The rule list's own advice, through the catalog in either language.
    body = Finding("R-31", "noi_dung", {"line": 2.0}, {"line": [1.0, 1.5]})
    assert body.fix("vi").startswith("Sửa: Đoạn văn (Paragraph): Canh đều (Ctrl+J)")
    assert body.fix("en") == ("Fix: Paragraph: Justify (Ctrl+J), Special indent → First line, "
                              "Spacing Before 6 pt, Line spacing (docgen quy-tac R-31)")
    assert Finding("R-99", "x", {}, {}).fix("en") == "see: docgen quy-tac R-99"


def test_report_heads_count_in_each_language() -> None:
    one = Report("a.docx", [Finding("R-03", "font", {"color": "222222"}, {"color": "000000"},
                                    severity=GOI_Y, note="near_black")])
    assert one.text("vi").splitlines()[0] == "a.docx: 0 lỗi trái Nghị định, 1 gợi ý"
    assert one.text("en").splitlines()[:2] == [
        "a.docx: 0 against the decree, 1 suggestion",
        "  Suggestions (house style, not required by the decree):"]
    assert Report("b.docx").text("en") == "b.docx: conforms, no deviation"
    unread = Report.unreadable("c.docx", [Problem("x", hint="y")])
    assert unread.text("en") == "Error: c.docx: x\n    → y"
    assert describe({"size": 12.5, "bold": False}, "en") == "12.5 pt, not bold"
    assert describe({"size": 12.5, "bold": False}, "vi") == "cỡ chữ 12,5, không in đậm"


# --- no phrase outside the catalog ----------------------------------------------------------------

_GETTEXT = {"_", "N_", "ngettext"}
_KEY = re.compile(r"^[a-z0-9_\-]*$")
_UNITS = re.compile(r"\b(cm|mm|pt)\b")


def _literals_outside_gettext(path: Path) -> list[tuple[int, str]]:
    """The string literals of ``path`` that are neither docstrings nor a gettext argument."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    docstrings = {node.value for node in ast.walk(tree)
                  if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str) \
                or node in docstrings:
            continue
        parent = parents.get(node)
        if isinstance(parents.get(parent), ast.FormattedValue):
            continue  # a format spec: {value:.2f}
        if isinstance(parent, ast.Call) and isinstance(parent.func, ast.Name) \
                and parent.func.id in _GETTEXT:
            continue
        out.append((node.lineno, node.value))
    return out


def test_report_module_holds_no_phrase_outside_the_catalog() -> None:
    """Every literal of report.py is a key (``month_no_padding``, ``nghi-dinh``) or punctuation
    and units: a phrase in any language belongs to the catalog."""
    words = [(line, text) for line, text in _literals_outside_gettext(CHECK_DIR / "report.py")
             if not _KEY.match(text) and re.search(r"[^\W\d_]", _UNITS.sub("", text))]
    assert words == []


def test_rules_describe_by_key_not_by_a_pair_of_languages() -> None:
    tree = ast.parse((CHECK_DIR / "rules.py").read_text(encoding="utf-8"))
    values = [value for node in ast.walk(tree) if isinstance(node, ast.Dict)
              for key, value in zip(node.keys, node.values, strict=True)
              if isinstance(key, ast.Constant) and key.value == "describe"]
    assert values
    for value in values:
        assert isinstance(value, ast.Constant) and value.value in report._DESCRIBE, \
            ast.unparse(value)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_element_names_take_the_findings_colon_once(lang: str) -> None:
    """A finding reads "R-27 <element>: …": a name that ends in its own colon would print two
    ("Dòng … điện::")."""
    with language(lang):
        names = {key: element.label for key, element in LAYOUT.elements.items()}
    assert {key: name for key, name in names.items() if name.rstrip().endswith(":")} == {}
