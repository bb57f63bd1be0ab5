"""``docgen new K`` for every kind of Phụ lục III: a starter form with a Vietnamese comment on
every field, written atomically and never over an existing file, that renders without editing
to a document ``docgen check`` passes and that holds the kind's own blocks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from docxview import DocxView
from examples import ALL_KINDS, TEMPLATE_NAMES
from kindview import assert_body_table, body_tables, outside_tables, sections

from docgen.cli import main
from docgen.kinds import KINDS
from docgen.starter import starter_form, starter_kinds

_KEY = re.compile(r"^([a-z_]+):")


def test_every_kind_has_a_starter() -> None:
    assert set(KINDS) == set(ALL_KINDS)
    assert [k.slug for k in starter_kinds()] == list(KINDS)


def new(tmp_path: Path, name: str, *extra: str) -> tuple[int, str, Path]:
    form = tmp_path / f"{name}.yaml"
    result = CliRunner().invoke(main, ["new", name, "-o", str(form), *extra])
    return result.exit_code, result.output, form


def render_and_check(tmp_path: Path, form: Path) -> DocxView:
    runner = CliRunner()
    out = tmp_path / f"{form.stem}.docx"
    result = runner.invoke(main, ["render", str(form), "-o", str(out)])
    assert result.exit_code == 0, result.output
    checked = runner.invoke(main, ["check", str(out)])
    assert checked.exit_code == 0, checked.output
    return DocxView(out.read_bytes())


@pytest.mark.parametrize("slug", ALL_KINDS)
def test_starter_renders_unedited_and_passes_check(slug: str, tmp_path: Path) -> None:
    code, output, form = new(tmp_path, slug)
    assert code == 0, output
    assert f"docgen render {form}" in output
    text = form.read_text("utf-8")
    lines = text.splitlines()
    # Every field is explained: each top-level key has a comment on its line or above it.
    for i, line in enumerate(lines):
        if _KEY.match(line):
            assert "#" in line or lines[i - 1].startswith("#"), line
    assert re.search(rf"^loai: {slug}\b", text, re.MULTILINE)
    doc = render_and_check(tmp_path, form)
    kind = KINDS[slug]
    texts = doc.texts()
    number = doc.find("Số:").text
    code_ = kind.abbreviation or "UBND"
    assert re.fullmatch(rf"Số:\s+/{re.escape(code_)}-[A-ZĐ]+", number), number
    if kind.title:
        title = doc.find(kind.title)
        assert title.text == kind.title and title.bold and title.align == "center"
    else:
        assert any(t.startswith("V/v ") for t in texts)
    assert_kind_blocks(doc, slug, text)


def assert_kind_blocks(doc: DocxView, slug: str, form_text: str) -> None:
    """The blocks the kind description names, each found where the decree puts it."""
    kind = KINDS[slug]
    texts = doc.texts()
    body = [p.text for p in outside_tables(doc)]
    if kind.decision_line:
        line = doc.find(kind.decision_line)
        assert line.bold and line.align == "center"
    if kind.has("tham_quyen"):
        authority = next(p for p in outside_tables(doc)
                         if p.text.isupper() and ("ỦY BAN" in p.text or "HỘI ĐỒNG" in p.text))
        assert authority.bold and authority.align == "center"
    if "\ndieu:" in form_text:
        assert any(t.startswith("Điều 1.") for t in body)
        assert doc.find("Điều 1.").runs[0].bold
    if kind.has("dien"):
        assert any(t.endswith(" điện:") and t.split(" điện:")[0].isupper() for t in body)
    if kind.has("giay_moi"):
        for label in ("Tới dự ", "Chủ trì: ", "Thời gian: ", "Địa điểm: "):
            assert any(t.startswith(label) for t in body), label
        assert any("trân trọng kính mời" in t for t in body)
    if kind.has("gioi_thieu"):
        for label in ("Chức vụ: ", "Được cử đến: ", "Về việc: ", "Giấy này có giá trị đến"):
            assert any(t.startswith(label) for t in body), label
    if kind.has("nghi_phep"):
        assert any(t.startswith("Xét Đơn đề nghị nghỉ phép") for t in body)
        assert any(t.startswith("Được nghỉ phép trong thời gian") for t in body)
    if kind.has("bien_ban"):
        assert any(t.startswith("Thời gian bắt đầu: ") for t in body)
        assert body[-1].startswith("Cuộc họp kết thúc vào ")
    if kind.has("closing_two"):
        thu_ky, chu_toa = doc.find("THƯ KÝ"), doc.find("CHỦ TỌA")
        assert thu_ky.cell[0] == chu_toa.cell[0] and thu_ky.cell[1] < chu_toa.cell[1]
    if kind.has("kinh_gui") and "\nkinh_gui:" in form_text:
        assert any(t.startswith("Kính gửi") for t in texts)
    if re.search(r"^\s+\|.*\|\s*$", form_text, re.MULTILINE):
        # A body table in the starter comes out as a Word table following R-35.
        tables = body_tables(doc)
        assert tables
        for index in tables:
            assert_body_table(doc, index, sections(doc)[0].text_width)
    assert body[-1].endswith("./.") or kind.has("closing_two")


def test_new_never_overwrites(tmp_path: Path) -> None:
    form = tmp_path / "thong-bao.yaml"
    form.write_text("# tệp của văn thư\n", "utf-8")
    code, output, _ = new(tmp_path, "thong-bao")
    assert code == 2 and "không ghi đè" in output and "--overwrite" in output
    assert form.read_text("utf-8") == "# tệp của văn thư\n"
    code, output, _ = new(tmp_path, "thong-bao", "--overwrite")
    assert code == 0, output
    assert form.read_text("utf-8") == starter_form("thong-bao")
    # Written through a temporary file that does not stay behind.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thong-bao.yaml"]


def test_new_into_a_missing_folder_writes_nothing(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["new", "giay-moi", "-o", str(tmp_path / "x" / "a.yaml")])
    assert result.exit_code == 2 and "không tồn tại" in result.output
    assert list(tmp_path.iterdir()) == []


def test_unknown_name_suggests_the_closest(tmp_path: Path) -> None:
    code, output, form = new(tmp_path, "quyet-dihn")
    assert code == 2
    assert "không có loại văn bản hay mẫu nội dung 'quyet-dihn'" in output
    assert "'quyet-dinh'" in output and "docgen templates" in output
    assert not form.exists()


def test_new_without_output_prints_the_form() -> None:
    result = CliRunner().invoke(main, ["new", "giay-nghi-phep"])
    assert result.exit_code == 0
    assert result.output == starter_form("giay-nghi-phep")


def test_a_kind_file_may_replace_the_shared_head() -> None:
    # The nghị quyết is issued by the Hội đồng nhân dân: its own co_quan, written once.
    text = starter_form("nghi-quyet")
    assert text.count("\nco_quan:") == 1 and "HỘI ĐỒNG NHÂN DÂN" in text
    assert text.index("loai: nghi-quyet") < text.index("co_quan:")


def test_templates_lists_kinds_then_templates() -> None:
    result = CliRunner().invoke(main, ["templates"])
    assert result.exit_code == 0
    rows = [line.split("\t") for line in result.output.splitlines()]
    assert all(len(row) == 2 for row in rows)
    names = [row[0] for row in rows]
    assert names[:len(ALL_KINDS)] == list(KINDS)
    assert all(row[1].startswith("Loại văn bản: ") for row in rows[:len(ALL_KINDS)])
    assert all(row[1].startswith("Mẫu nội dung (") for row in rows[len(ALL_KINDS):])
    assert dict(rows)["giay-moi"] == "Loại văn bản: Giấy mời (Mẫu 1.7)"
    assert {"don-doc", "gia-han", "quyet-dinh-thanh-lap", "bien-ban-hop"} <= set(names)


def test_optional_keys_shown_commented_out_work_when_uncommented(tmp_path: Path) -> None:
    """The starter shows luu_hanh, dia_chi and (quyết định) phu_luc as comments; removing the
    "# " (and pointing an article at the appendix, as the comment says) gives a lawful document."""
    text = starter_form("quyet-dinh")
    for key in ("# luu_hanh:", "# dia_chi:", "# phu_luc:"):
        assert key in text
    text = re.sub(r"^# (phu_luc:|  |luu_hanh:|dia_chi:)", r"\1", text, flags=re.MULTILINE)
    text = text.replace("đã có thành tích tiêu biểu trong phong trào học tập kỹ năng số, gồm:",
                        "đã có thành tích tiêu biểu trong phong trào học tập kỹ năng số (chi tiết "
                        "tại Phụ lục kèm theo Quyết định này), gồm:")
    form = tmp_path / "quyet-dinh.yaml"
    form.write_text(text, "utf-8")
    doc = render_and_check(tmp_path, form)
    _, appendix = sections(doc)
    assert appendix.texts()[:2] == ["Phụ lục", "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG"]
    assert not appendix.landscape
    box = doc.find("LƯU HÀNH NỘI BỘ")
    assert box.box and box.in_table == 0
    footers = [name for name in doc.parts if name.startswith("word/footer")]
    assert any("0260 3821 234" in doc.parts[name].decode() for name in footers)


def test_new_refuses_a_document_name(tmp_path: Path) -> None:
    # "-o quyet-dinh.docx" is a slip for the form's name: the form is YAML, never a .docx.
    result = CliRunner().invoke(main, ["new", "quyet-dinh", "-o", str(tmp_path / "qd.docx")])
    assert result.exit_code == 2
    assert "đuôi .yaml" in result.output and "qd.yaml" in result.output
    assert not (tmp_path / "qd.docx").exists()


def test_an_office_may_keep_its_own_starters(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """$DOCGEN_TEMPLATES/loai/<kind>.yaml replaces the bundled starter of that kind only."""
    folder = tmp_path / "mau-cua-xa"
    (folder / "loai").mkdir(parents=True)
    own = starter_form("thong-bao").split("loai: thong-bao", 1)[1].replace(
        "Lịch tiếp công dân định kỳ", "Lịch trực Tết")
    (folder / "loai" / "thong-bao.yaml").write_text("# Thông báo của xã\nloai: thong-bao" + own,
                                                     "utf-8")
    monkeypatch.setenv("DOCGEN_TEMPLATES", str(folder))
    assert "Lịch trực Tết" in starter_form("thong-bao")
    assert "Lịch trực Tết" not in starter_form("ke-hoach")
    code, output, form = new(tmp_path, "thong-bao")
    assert code == 0, output
    texts = render_and_check(tmp_path, form).texts()
    assert "Lịch trực Tết của lãnh đạo Ủy ban nhân dân xã" in texts


@pytest.mark.parametrize("name", [*ALL_KINDS, *TEMPLATE_NAMES])
def test_starter_document_extracts_back_to_the_same_text(name: str, tmp_path: Path) -> None:
    """The document of every starter goes through ``extract`` and renders the same text again:
    each kind's blocks are read back into the form contract."""
    from test_check_docgen import paragraph_texts

    from docgen import load_form, render_docx
    from docgen.extract import extract_bytes, form_text

    form = tmp_path / f"{name}.yaml"
    form.write_text(starter_form(name), "utf-8")
    data = render_docx(load_form(form))
    extracted = tmp_path / "trich.yaml"
    extracted.write_text(form_text(extract_bytes(data), f"{name}.docx"), "utf-8")
    assert paragraph_texts(render_docx(load_form(extracted))) == paragraph_texts(data)
