"""extract reads the decree's fixed lines with docgen.lines' readers and with no reader of its
own, so it takes every way of typing them that the readers take (tests/test_lines.py holds the
readers' own cases)."""

from __future__ import annotations

import ast
import importlib
import re
from datetime import date
from pathlib import Path

import pytest
from checkcorpus import Docx, base_cong_van

from docgen import render_docx
from docgen.extract import read_back
from docgen.lines import heading_line, luu_line, place_date_line, so_line, vv_line

EXTRACT = Path(__file__).resolve().parent.parent / "docgen" / "extract"

# Each line as docgen writes it, and the word that makes it that line.
DECREE_LINES = [
    (so_line(5, "UBND-VHXH"), "Số"), (so_line(None, "QĐ-UBND"), "Số"),
    (place_date_line("Sa Thầy", date(2026, 2, 5), 2026), "ngày"),
    (place_date_line("Sa Thầy", None, 2026), "ngày"),
    (luu_line(["VT", "VHXH"], "H", 30), "Lưu"), (vv_line("gia hạn hợp đồng"), "V/v"),
    ("- Như trên;", "Như trên"), (heading_line("chuong", 2), "Chương"),
    (heading_line("muc", 1), "Mục"),
]


def _patterns(path: Path) -> list[tuple[str, re.Pattern[str]]]:
    """The regular expressions a module of docgen/extract holds: compiled ones among its
    names (its own or imported), and literals handed to ``re`` functions."""
    module = importlib.import_module(f"docgen.extract.{path.stem}".removesuffix(".__init__"))
    out = [(name, value) for name, value in vars(module).items()
           if isinstance(value, re.Pattern)]
    for name, value in vars(module).items():  # tables of patterns (content._LABELLED)
        tables = value.values() if isinstance(value, dict) else []
        rules = [r for table in tables if isinstance(table, list) for r in table]
        out += [(name, r[0]) for r in rules
                if isinstance(r, tuple) and r and isinstance(r[0], re.Pattern)]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re" \
                and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str):
            # Case-blind, as most of them are: a reader that needs the case is still one.
            out.append((f"line {node.lineno}", re.compile(node.args[0].value, re.IGNORECASE)))
    return out


def _readers(path: Path) -> list[str]:
    """The patterns of ``path`` that read a decree line past its keyword."""
    return [f"{path.name}: {name} reads {line!r}" for name, pattern in _patterns(path)
            for line, word in DECREE_LINES
            if (m := pattern.match(line)) and m.end() >= line.index(word) + len(word)]


def test_extract_has_no_reader_of_its_own_for_the_decree_lines() -> None:
    """Số, place-date, Lưu, V/v, Như trên, Chương/Mục: read through docgen.lines only."""
    found = [hit for path in sorted(EXTRACT.glob("*.py")) for hit in _readers(path)]
    assert found == []


def test_the_probe_finds_a_reader() -> None:
    """The probe above sees the readers it looks for (docgen.lines' own)."""
    import docgen.lines as lines

    names = {name for name, value in vars(lines).items() if isinstance(value, re.Pattern)
             for line, word in DECREE_LINES if (m := value.match(line))
             and m.end() >= line.index(word) + len(word)}
    assert {"_SO", "_PLACE_DATE", "_LUU", "_HEADING"} <= names


@pytest.mark.parametrize("typed", ["– Lưu: VT, VHXH, H(30).", "- Lưu : VT, VHXH, H(30)"])
def test_a_luu_line_as_clerks_type_it(typed: str) -> None:
    """An en dash or spaces before the colon: still the Lưu line, not a Nơi nhận item."""
    doc = Docx(render_docx(base_cong_van()))
    doc.replace_text("- Lưu: VT, VHXH.", typed)
    form = read_back(doc.save()).form
    assert (form["luu"], form.get("nguoi_soan"), form.get("so_ban")) == (["VT", "VHXH"], "H", 30)
    assert not any("Lưu" in item for item in form["noi_nhan"])
