"""The project's rule list (docs/quy-tac.md, ``docgen quy-tac``) against the code and the layout."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from docgen.cli import main
from docgen.layout import LAYOUT
from docgen.rules_doc import DOC_PATH, RULES, markdown, rule

ROOT = Path(__file__).resolve().parent.parent
RULE_ID = re.compile(r"\bR-\d{2}\b")


def _row(text: str, rule_id: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(f"| {rule_id} |"))


def _pt(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def test_the_document_is_the_generated_one() -> None:
    assert DOC_PATH == ROOT / "docs" / "quy-tac.md"
    assert DOC_PATH.read_text(encoding="utf-8") == markdown(), \
        "docs/quy-tac.md is stale: run python -m docgen.rules_doc"


def test_every_rule_id_used_in_the_code_is_explained() -> None:
    used = {m for path in (ROOT / "docgen").rglob("*.py")
            for m in RULE_ID.findall(path.read_text(encoding="utf-8"))}
    text = DOC_PATH.read_text(encoding="utf-8")
    assert used, "no rule id found in docgen/"
    assert used <= set(RULES), sorted(used - set(RULES))
    for rule_id in used:
        assert f"| {rule_id} |" in text
    # The ids of nd30.md keep their meaning: all of R-01 … R-45 that it lists are here.
    old = {f"R-{n:02}" for n in (1, 2, 3, 4, *range(10, 24), 30, 31, 32, 33, *range(40, 46))}
    assert old <= set(RULES)


def test_every_number_matches_the_layout_table() -> None:
    text = DOC_PATH.read_text(encoding="utf-8")
    for key, element in LAYOUT.elements.items():
        lo, hi = element.size_range
        size = f"cỡ {_pt(lo)}" if lo == hi else f"cỡ {_pt(lo)}–{_pt(hi)}"
        assert size in _row(text, element.rule), (key, size)
    margins = _row(text, LAYOUT.page.rule_margins)
    for side in ("top", "bottom", "left", "right"):
        m = getattr(LAYOUT.page, side)
        assert f"{_pt(m.min_mm)}–{_pt(m.max_mm)} mm" in margins
    body = _row(text, LAYOUT.body.rule)
    for cm in LAYOUT.body.first_line_indent_choices_cm:
        assert f"{_pt(cm)} cm" in body
    assert f"{_pt(LAYOUT.body.min_paragraph_gap_pt)} pt" in body
    number = _row(text, LAYOUT.page_number.rule)
    assert "cỡ " + "–".join(_pt(v) for v in LAYOUT.page_number.size_range) in number


def test_severities_are_the_two_of_check() -> None:
    for item in RULES.values():
        assert item.muc.split(";")[0] in ("nghi-dinh", "goi-y", "nghi-dinh / goi-y"), item.id
        assert item.sua and item.can_cu and item.nghi_dinh


def test_docgen_quy_tac_prints_one_rule_or_the_list() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["quy-tac", "R-12"])
    assert result.exit_code == 0
    assert result.output.startswith("R-12 — Đường kẻ dưới Tiêu ngữ")
    assert "PL1 II.1.b" in result.output and "Sửa trong Word:" in result.output
    assert rule("r12") is rule("12") is RULES["R-12"]
    listing = runner.invoke(main, ["quy-tac"])
    assert listing.exit_code == 0 and len(listing.output.splitlines()) == len(RULES) + 1
    unknown = runner.invoke(main, ["quy-tac", "R-99"])
    assert unknown.exit_code == 2 and "không có quy tắc" in unknown.output
