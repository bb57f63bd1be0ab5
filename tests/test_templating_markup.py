"""Values printed by ``{{ … }}`` into any text the body parser reads (articles, appendices, tables)
are data: a bar stays in its table cell, asterisks print as asterisks (issue 13 item 5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen import load_form
from docgen.body import Paragraph, Table
from docgen.templating import MARKUP_FIELDS, is_markup_field

REPO = Path(__file__).resolve().parents[1]

HEAD = """\
dung_chung: co-quan-sa-thay.yaml
loai: quyet-dinh
so: 216
ngay: 08/12/2026
don_vi_soan_thao: VHXH
trich_yeu: Thành lập Tổ công tác chuyển đổi số
tham_quyen: Ủy ban nhân dân xã Sa Thầy
noi_nhan: [Như Điều 3]
nguoi_ky: {chuc_vu: CHỦ TỊCH, ho_ten: Trần Minh Hải}
tham_so:
  ten: "Y Nhung | Trạm Y tế"
  vai: "**Phó** ban"
"""
TABLE = r'"Tổ gồm:\n| STT | Họ và tên | Nhiệm vụ |\n| 1 | {{ ten }} | {{ vai }} |"'
LAST = "  - Quyết định này có hiệu lực kể từ ngày ký.\n"
ISSUES = "  - Ban hành kèm theo Quyết định này Quy chế hoạt động (chi tiết tại Phụ lục kèm theo).\n"

# Each place a clerk can write body markup, as a form fragment printing the two values in a table.
PLACES = {
    "dieu.N": f"dieu:\n  - {TABLE}\n{LAST}",
    "dieu": f"dieu: {TABLE}\n",
    "dieu.N.noi_dung": f"dieu:\n  - {{tieu_de: Thành phần, noi_dung: {TABLE}}}\n{LAST}",
    "noi_dung": f"loai: thong-bao\ntham_quyen: null\nnoi_dung: {TABLE}\n",
    "phu_luc.N.noi_dung": (f"dieu:\n{ISSUES}phu_luc:\n"
                           f"  - {{tieu_de: Danh sách, noi_dung: {TABLE}}}\n"),
    "phu_luc.N.dieu.N": (f"dieu:\n{ISSUES}phu_luc:\n  - tieu_de: Quy chế hoạt động\n"
                         f"    loai: quy-che\n    dieu:\n      - {TABLE}\n"),
    "phu_luc.N.dieu.N.noi_dung": (f"dieu:\n{ISSUES}phu_luc:\n  - tieu_de: Quy chế hoạt động\n"
                                  f"    loai: quy-che\n    dieu:\n"
                                  f"      - {{tieu_de: Thành phần, noi_dung: {TABLE}}}\n"),
}


def _tables(van_ban) -> list[Table]:
    blocks = list(van_ban.blocks)
    for _, _, content in van_ban.articles:
        blocks += content
    for appendix in van_ban.phu_luc:
        blocks += appendix.blocks
        for _, _, content in appendix.articles:
            blocks += content
    return [b for b in blocks if isinstance(b, Table)]


def _cell_runs(cell) -> list:
    return [run for line in cell.lines for run in line]


@pytest.mark.parametrize("place", PLACES)
def test_a_value_printed_into_body_markup_stays_in_its_cell(tmp_path: Path, place: str) -> None:
    (tmp_path / "co-quan-sa-thay.yaml").write_bytes(
        (REPO / "data" / "forms" / "co-quan-sa-thay.yaml").read_bytes())
    form = tmp_path / "qd.yaml"
    text = HEAD + PLACES[place]
    if place == "noi_dung":
        text = text.replace("loai: quyet-dinh\n", "").replace(
            "tham_quyen: Ủy ban nhân dân xã Sa Thầy\n", "").replace("tham_quyen: null\n", "")
        text = text.replace("noi_nhan: [Như Điều 3]", "noi_nhan: [Các thôn, làng]")
    form.write_text(text, "utf-8")
    (table,) = _tables(load_form(form))
    row = table.rows[1]
    assert [c.text for c in row[:3]] == ["1", "Y Nhung | Trạm Y tế", "**Phó** ban"]
    assert not any(run.bold or run.italic for cell in row for run in _cell_runs(cell))


def test_every_place_is_a_markup_field() -> None:
    for place in PLACES:
        assert is_markup_field(place.replace("N", "0")), place
        assert is_markup_field(place.replace("N", "12")), place


@pytest.mark.parametrize("field", ["trich_yeu", "dieu.0.tieu_de", "phu_luc.0.tieu_de",
                                   "tham_so.ten", "tham_so.noi_dung", "nguoi_ky.ho_ten",
                                   "noi_nhan.0", "dieu.x", "phu_luc.noi_dung", "kinh_gui.0", "",
                                   None])
def test_other_fields_print_values_as_they_are(field: str | None) -> None:
    assert not is_markup_field(field)


def test_the_list_names_fields_the_models_parse() -> None:
    """Every pattern of the list reaches a field of the model (no stale entries)."""
    from docgen.models import VanBan

    for pattern in MARKUP_FIELDS:
        model, parts = VanBan, pattern.split(".")
        for part in parts:
            if part == "N":
                continue
            assert model is not None and part in model.model_fields, pattern
            annotation = model.model_fields[part].annotation
            model = next((m for m in _models_in(annotation)), None)


def _models_in(annotation) -> list:
    from typing import get_args

    from pydantic import BaseModel

    out = []
    stack = [annotation]
    while stack:
        item = stack.pop()
        if isinstance(item, type) and issubclass(item, BaseModel):
            out.append(item)
        stack.extend(get_args(item))
    return out


def test_paragraph_text_outside_tables_is_data_too(tmp_path: Path) -> None:
    (tmp_path / "co-quan-sa-thay.yaml").write_bytes(
        (REPO / "data" / "forms" / "co-quan-sa-thay.yaml").read_bytes())
    form = tmp_path / "qd.yaml"
    form.write_text(HEAD + 'dieu:\n  - "Ông {{ ten }} là {{ vai }}."\n' + LAST, "utf-8")
    _, _, content = load_form(form).articles[0]
    (para,) = [b for b in content if isinstance(b, Paragraph)]
    assert para.text == "Ông Y Nhung | Trạm Y tế là **Phó** ban."
    assert not any(run.bold for run in para.runs)
