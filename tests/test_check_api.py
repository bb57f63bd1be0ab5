"""The checker's public shape: one JSON form for the API and the CLI, shared definitions, names
that do not clash with the renderer's."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

from checkcorpus import Docx, base_cong_van, docgen_docx
from click.testing import CliRunner

from docgen import layout, models
from docgen.check import Report, check_bytes, flow, report, rules
from docgen.check.report import Finding, reports_json
from docgen.cli import main
from docgen.errors import Problem
from docgen.i18n import language

# The package exports the function locate(); the module is wanted here.
locate = importlib.import_module("docgen.check.locate")
FILE_KEYS = {"path", "ok", "error", "hint", "findings"}


def test_cli_json_is_the_api_json(tmp_path: Path) -> None:
    good = tmp_path / "dat.docx"
    good.write_bytes(docgen_docx(base_cong_van()))
    missing = tmp_path / "khong-co.docx"
    result = CliRunner().invoke(main, ["check", "--json", str(good), str(missing)])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    # Every file has the same keys, whether it was read or not; files keep their order.
    assert [set(f) for f in data["files"]] == [FILE_KEYS, FILE_KEYS]
    assert [f["path"] for f in data["files"]] == [str(good), str(missing)]
    assert data["files"][0]["error"] is None and data["files"][0]["ok"] is True
    assert "không tìm thấy" in data["files"][1]["error"]
    assert data["summary"] == {"files": 2, "ok": 1, "with_findings": 0, "findings": 0,
                               "nghi_dinh": 0, "unreadable": 1}
    checked = check_bytes(good.read_bytes())
    checked.path = str(good)
    unread = Report.unreadable(str(missing), [Problem(data["files"][1]["error"],
                                                      hint=data["files"][1]["hint"])])
    assert json.loads(reports_json([checked, unread])) == data
    assert json.loads(checked.to_json()) == data["files"][0]


def test_unreadable_report() -> None:
    r = Report.unreadable("x.docx", [Problem("tệp rỗng", hint="Chọn tệp khác.")])
    assert (r.ok, r.readable, r.rules) == (False, False, set())
    assert r.as_dict()["error"] == "tệp rỗng" and r.as_dict()["hint"] == "Chọn tệp khác."
    assert r.text() == "Lỗi: x.docx: tệp rỗng\n    → Chọn tệp khác."


def test_no_dead_wording() -> None:
    assert "first_page" not in report._NOTES
    finding = Finding("R-04", "page_number", {"italic": True}, {"italic": False})
    for lang in ("vi", "en"):
        with language(lang):
            assert finding.element_name(lang) == layout.LAYOUT.page_number.label


def test_check_uses_shared_definitions() -> None:
    assert locate.QUOC_HIEU is layout.QUOC_HIEU
    for module, name in ((locate, "TIEU_NGU"), (locate, "PL3_TITLES"), (rules, "_GROUP"),
                         (rules, "_DEGREE")):
        assert not hasattr(module, name), f"{module.__name__}.{name} copies a shared definition"
    assert rules.KY_HIEU_GROUP is models.KY_HIEU_GROUP
    assert rules.DEGREE_PREFIX is models.DEGREE_PREFIX


def test_degree_is_found_as_the_models_refuse_it() -> None:
    # TSKH was missing from the checker's own copy of the degree list.
    doc = Docx(docgen_docx(base_cong_van()))
    doc.replace_text("Võ Thị Kim Dung", "TSKH. Võ Thị Kim Dung")
    assert [(f.rule, f.note) for f in check_bytes(doc.save()).findings] == [("R-44", "degree")]


def test_flow_names_do_not_clash_with_the_renderer() -> None:
    assert hasattr(flow, "FlowPara") and hasattr(flow, "FlowRun")
    assert not hasattr(flow, "Para") and not hasattr(flow, "Run")
