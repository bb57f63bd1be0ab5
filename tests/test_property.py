"""Arbitrary Unicode in every text field: a valid document or a clean, located error."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import Path

import docx
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from docgen import DocgenError, load_form, render_docx
from docgen.check import check_bytes
from docgen.models import VanBan

BASE = {
    "co_quan": {"ten": ["ỦY BAN NHÂN DÂN", "XÃ SA THẦY"], "viet_tat": "UBND"},
    "don_vi_soan_thao": "VHXH",
    "dia_danh": "Sa Thầy",
    "ngay": "2025-11-20",
    "trich_yeu": "gia hạn",
    "kinh_gui": ["Trưởng thôn"],
    "noi_dung": "Nội dung.",
    "noi_nhan": ["Chủ tịch"],
    "luu": ["VT", "VHXH"],
    "nguoi_ky": {"chuc_vu": "CHỦ TỊCH", "ho_ten": "Võ Thị Kim Dung"},
}
FIELDS = [("dia_danh",), ("trich_yeu",), ("noi_dung",), ("kinh_gui", 0), ("noi_nhan", 0),
          ("co_quan", "ten", 0), ("nguoi_ky", "ho_ten"), ("nguoi_ky", "chuc_vu"),
          ("luu", 1), ("co_quan", "viet_tat"), ("don_vi_soan_thao",), ("nguoi_ky", "ky_thay")]

# Every code point class, NFD Vietnamese, controls and markdown-ish marks.
TEXT = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=60),
    st.text(alphabet="aăâeêioôơuưyđAĂÂĐ\u0300\u0301\u0303\u0309\u0323 *-\t\n;.", max_size=40),
    st.text().map(lambda s: unicodedata.normalize("NFD", s)),
    st.sampled_from(["\x07", "\x00", "\ufffe", "a\x0bb", "**", "*a*", "- ", "NO", "01", "&<>"]),
)


def _set(data: dict, path: tuple, value: str) -> None:
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


def _load_changed(tmp_path: Path, base: dict, field: tuple, value: str) -> VanBan | None:
    """The form ``base`` with ``field`` set to ``value``, as a document; None when docgen
    refused it with a clean, located error."""
    import copy

    data = copy.deepcopy(base)
    _set(data, field, value)
    form = tmp_path / "form.yaml"
    form.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    try:
        return load_form(form)
    except DocgenError as exc:
        assert exc.problems and all(p.message and p.file for p in exc.problems)
        assert all("Traceback" not in str(p) for p in exc.problems)
        return None


@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(FIELDS), value=TEXT)
def test_any_text_gives_valid_docx_or_clean_error(tmp_path: Path, field: tuple,
                                                  value: str) -> None:
    vb = _load_changed(tmp_path, BASE, field, value)
    if vb is None:
        return
    data_bytes = render_docx(vb)
    findings = check_bytes(data_bytes).findings
    if field == ("noi_dung",):
        # A body typed all in *italic* or **bold** is the clerk's own deviation from R-31.
        findings = [f for f in findings if f.note != "body_dominant"]
    if field == ("luu", 1):
        # Whether a Lưu holder is a unit's abbreviation is the clerk's wording, not form.
        findings = [f for f in findings if f.rule != "R-61"]
    assert findings == []
    with zipfile.ZipFile(io.BytesIO(data_bytes)) as zf:
        parser = etree.XMLParser(resolve_entities=False)
        for name in zf.namelist():
            etree.fromstring(zf.read(name), parser)  # every part is well-formed XML
    document = docx.Document(io.BytesIO(data_bytes))
    texts = "\n".join(p.text for p in document.paragraphs)
    texts += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert unicodedata.is_normalized("NFC", texts)
    words = [w for w in unicodedata.normalize("NFC", value).split() if w.strip("*-;.:,")]
    if words and field == ("dia_danh",):
        assert words[0] in texts
    if words and field == ("nguoi_ky", "ho_ten"):
        assert words[0].lower() in texts.lower()


KIND_BASE = {
    **{k: v for k, v in BASE.items() if k not in ("kinh_gui", "don_vi_soan_thao", "noi_dung")},
    "loai": "quyet-dinh",
    "tham_quyen": "Chủ tịch Ủy ban nhân dân xã",
    "can_cu": ["Luật Tổ chức chính quyền địa phương"],
    "dieu": ["Điều thứ nhất (xem Phụ lục).", {"tieu_de": "Tổ chức", "noi_dung": "Thực hiện."}],
    "phu_luc": [{"tieu_de": "Danh sách", "noi_dung": "| STT | Tên |\n| 1 | A |", "ngang": True}],
}
GIAY_MOI = {
    **{k: v for k, v in BASE.items() if k not in ("kinh_gui", "don_vi_soan_thao")},
    "loai": "giay-moi", "kinh_moi": ["Trưởng thôn"], "toi_du": "cuộc họp",
    "thoi_gian": "08:00 05/12/2025", "dia_diem": "Hội trường",
}
KIND_FIELDS = [
    (KIND_BASE, ("tham_quyen",)), (KIND_BASE, ("can_cu", 0)), (KIND_BASE, ("dieu", 0)),
    (KIND_BASE, ("dieu", 1, "tieu_de")), (KIND_BASE, ("phu_luc", 0, "tieu_de")),
    (KIND_BASE, ("phu_luc", 0, "noi_dung")), (GIAY_MOI, ("kinh_moi", 0)),
    (GIAY_MOI, ("thoi_gian",)), (GIAY_MOI, ("toi_du",)), (GIAY_MOI, ("dia_diem",)),
]
TABLE_TEXT = st.lists(st.text(alphabet="|-*:ab1 ,.\\\n", max_size=12), max_size=6).map(
    lambda parts: "Xem Phụ lục.\n" + "\n".join("|" + p for p in parts))


@settings(max_examples=200, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=st.sampled_from(KIND_FIELDS), value=st.one_of(TEXT, TABLE_TEXT))
def test_any_text_in_kind_fields(tmp_path: Path, case: tuple, value: str) -> None:
    """Quyết định and giấy mời fields, tables included: a valid .docx that docgen check passes,
    or a clean error."""
    base, field = case
    vb = _load_changed(tmp_path, base, field, value)
    if vb is None:
        return
    data_bytes = render_docx(vb)
    with zipfile.ZipFile(io.BytesIO(data_bytes)) as zf:
        parser = etree.XMLParser(resolve_entities=False)
        for name in zf.namelist():
            etree.fromstring(zf.read(name), parser)
    findings = [f for f in check_bytes(data_bytes).findings
                if not (field[0] in ("dieu", "phu_luc") and f.note == "body_dominant")]
    assert findings == []


@settings(max_examples=300, deadline=None, derandomize=True)
@given(value=st.one_of(st.text(alphabet="ab *|\\-+–—:.,%1<r>/", min_size=1, max_size=30),
                      st.sampled_from(["a<br>b", "| x | y |", "<BR/>", "- a", "**b**"])))
def test_escaped_text_reads_back_as_typed(value: str) -> None:
    """Any one-line value passed through escape_markup is one paragraph with exactly its text,
    no emphasis, not a list item and not a table."""
    from docgen.body import Paragraph, escape_markup, parse_blocks
    from docgen.text import fold_spaces

    typed = fold_spaces(value)
    if not typed:
        return
    blocks = parse_blocks(escape_markup(typed), end_mark=False)
    assert len(blocks) == 1 and isinstance(blocks[0], Paragraph)
    assert blocks[0].text == typed and blocks[0].kind == "text"
    assert not any(r.bold or r.italic for r in blocks[0].runs)
    table = parse_blocks(f"| A | B |\n| 1 | {escape_markup(typed)} |", end_mark=False)[0]
    assert table.rows[1][1].text == typed.strip() and len(table.rows[1]) == 2
