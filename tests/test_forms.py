"""Form files: what a clerk writes, and the message they get when it is wrong."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docxview import DocxView

from docgen import DocgenError, load_form, render_docx
from docgen.check import check_bytes
from docgen.cli import main
from docgen.ooxml import qn

ROOT = Path(__file__).resolve().parent.parent
SEED_FORM = ROOT / "data/forms/gia-han-ky-nang-so.yaml"

GOOD = """\
co_quan:
  ten: [ỦY BAN NHÂN DÂN, XÃ SA THẦY]
  viet_tat: UBND
don_vi_soan_thao: VHXH
so: 01
dia_danh: Sa Thầy
ngay: 05/02/2026
trich_yeu: đôn đốc hoàn thành khóa học
kinh_gui:
  - Trưởng các thôn, làng;
  - Các cơ quan, đơn vị thuộc UBND xã.
noi_dung: |
  Đề nghị các đơn vị hoàn thành.
noi_nhan:
  - Chủ tịch UBND xã;
  - Như trên
nguoi_ky:
  thay_mat: ỦY BAN NHÂN DÂN
  ky_thay: CHỦ TỊCH
  chuc_vu: PHÓ CHỦ TỊCH
  ho_ten: NO
"""


def write(tmp_path: Path, text: str, name: str = "form.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def run_render(tmp_path: Path, form: Path, *args: str) -> tuple[int, str, Path]:
    out = tmp_path / "out" / "van-ban.docx"
    out.parent.mkdir(exist_ok=True)
    result = CliRunner().invoke(main, ["render", str(form), "-o", str(out), *args])
    return result.exit_code, result.output, out


def test_good_form_values(tmp_path: Path) -> None:
    vb = load_form(write(tmp_path, GOOD))
    assert vb.so == 1 and vb.so_ky_hieu == "Số: 01/UBND-VHXH"  # 01 is one, not octal
    # NO stays text (not False); a signer's name in capitals is set in normal case.
    assert vb.nguoi_ky.ho_ten == "No"
    assert vb.kinh_gui_lines == ["- Trưởng các thôn, làng;", "- Các cơ quan, đơn vị thuộc UBND xã."]
    # Như trên first and once; punctuation typed by the clerk not doubled.
    assert vb.noi_nhan_lines == ["- Như trên;", "- Chủ tịch UBND xã;", "- Lưu: VT, VHXH."]
    assert vb.dia_danh_ngay == "Sa Thầy, ngày 05 tháng 02 năm 2026"
    assert vb.paragraphs[-1].text == "Đề nghị các đơn vị hoàn thành./."


def test_cli_render_writes_and_never_overwrites(tmp_path: Path) -> None:
    form = write(tmp_path, GOOD)
    code, output, out = run_render(tmp_path, form)
    assert code == 0, output
    first = out.read_bytes()
    assert DocxView(first).find("Số:").text == "Số: 01/UBND-VHXH"
    assert check_bytes(first).findings == []
    out.write_bytes(b"clerk's own edits")
    code, output, _ = run_render(tmp_path, form)
    assert code == 2 and "không ghi đè" in output and "--overwrite" in output
    assert out.read_bytes() == b"clerk's own edits"
    code, output, _ = run_render(tmp_path, form, "--overwrite")
    assert code == 0 and out.read_bytes() == first
    assert not [p for p in out.parent.iterdir() if p.name.endswith(".tmp")]


BAD_CASES = {
    # name: (replace this, with this, expected message part, expected line, field)
    "missing field": ("dia_danh: Sa Thầy\n", "", "thiếu trường bắt buộc", 1, "dia_danh"),
    "empty field": ("trich_yeu: đôn đốc hoàn thành khóa học", 'trich_yeu: "  "',
                    "đang để trống", 8, "trich_yeu"),
    "wrong type": ("so: 01", "so: một", "phải là số nguyên", 5, "so"),
    "list for text": ("dia_danh: Sa Thầy", "dia_danh: [Sa, Thầy]", "một dòng chữ", 6,
                      "dia_danh"),
    "impossible date": ("ngay: 05/02/2026", "ngay: 30/02/2025", "không có thật", 7, "ngay"),
    "bad ky hieu case": ("viet_tat: UBND", "viet_tat: ubnd", "phải viết hoa: UBND", 3,
                         "co_quan.viet_tat"),
    "bad ky hieu chars": ("don_vi_soan_thao: VHXH", "don_vi_soan_thao: VH XH",
                          "không phải ký hiệu hợp lệ", 4, "don_vi_soan_thao"),
    "unknown key": ("trich_yeu:", "trich_yue:", "Có phải ý bạn là 'trich_yeu'", 8, "trich_yue"),
    "unknown nested key": ("  ho_ten: NO", "  ho_ten: NO\n  chuc_danh: X", "'chuc_vu'", 22,
                           "nguoi_ky.chuc_danh"),
    "broken yaml": ("dia_danh: Sa Thầy", "dia_danh: [Sa Thầy", "YAML không đúng cú pháp",
                    None, None),
    "duplicate key": ("dia_danh: Sa Thầy", "dia_danh: Sa Thầy\ndia_danh: Sa Bình",
                      "ghi hai lần", 7, "dia_danh"),
    "control character": ("dia_danh: Sa Thầy", 'dia_danh: "Sa\\aThầy"', "U+0007", 6,
                          "dia_danh"),
    "missing profile": ("so: 01", "so: 01\ndung_chung: khong-co.yaml",
                        "không tìm thấy tệp dùng chung", 6, "dung_chung"),
    "template error": ("trich_yeu: đôn đốc hoàn thành khóa học",
                       "trich_yeu: đôn đốc {{ ten_thon }}", "ten_thon", 8, "trich_yeu"),
    "template syntax": ("trich_yeu: đôn đốc hoàn thành khóa học",
                        "trich_yeu: đôn đốc {{ ten_thon", "cú pháp mẫu", 8, "trich_yeu"),
    "deputy without deputy title": ("chuc_vu: PHÓ CHỦ TỊCH", "chuc_vu: CHỦ TỊCH",
                                    "cấp phó", 20, "nguoi_ky.chuc_vu"),
    "unknown template": ("so: 01", "so: 01\nmau: gia-hn", "Có phải ý bạn là 'gia-han'", 6, None),
    "bad enum": ("so: 01", "so: 01\ndo_khan: gap", "hoa-toc", 6, "do_khan"),
}


@pytest.mark.parametrize("case", list(BAD_CASES), ids=list(BAD_CASES))
def test_bad_input_is_located_and_writes_nothing(tmp_path: Path, case: str) -> None:
    old, new, message, line, field = BAD_CASES[case]
    assert old in GOOD
    form = write(tmp_path, GOOD.replace(old, new, 1))
    code, output, out = run_render(tmp_path, form)
    assert code == 2, output
    assert message in output, output
    assert str(form) in output
    if line is not None:
        assert f"dòng {line}" in output, output
    else:
        assert "dòng " in output, output
    if field is not None:
        assert f"trường {field}" in output, output
    assert output.startswith("Lỗi: ")
    assert not any(out.parent.iterdir()), "nothing may be written"


def test_output_in_missing_folder(tmp_path: Path) -> None:
    form = write(tmp_path, GOOD)
    out = tmp_path / "khong-co" / "x.docx"
    result = CliRunner().invoke(main, ["render", str(form), "-o", str(out)])
    assert result.exit_code == 2
    assert "không tồn tại" in result.output and str(out) in result.output
    assert not out.parent.exists()


def test_profile_is_inherited_and_replaced_whole(tmp_path: Path) -> None:
    shutil.copy(ROOT / "data/forms/co-quan-sa-thay.yaml", tmp_path / "co-quan.yaml")
    form = write(tmp_path, """\
dung_chung: co-quan.yaml
don_vi_soan_thao: VHXH
trich_yeu: thử nghiệm
kinh_gui: [Trưởng thôn Tân Sang]
noi_dung: Nội dung.
nguoi_ky:
  chuc_vu: CHỦ TỊCH
  ho_ten: Trần Văn B
""")
    vb = load_form(form)
    assert vb.co_quan.lines_ten == ["ỦY BAN NHÂN DÂN", "XÃ SA THẦY"]
    assert vb.dia_danh == "Sa Thầy"
    # The form's nguoi_ky replaces the profile's whole block (no deep merge).
    assert vb.nguoi_ky.authority_lines == [] and vb.nguoi_ky.ho_ten == "Trần Văn B"


def test_nfd_input_is_stored_nfc(tmp_path: Path) -> None:
    import unicodedata

    nfd = unicodedata.normalize("NFD", GOOD)
    vb = load_form(write(tmp_path, nfd))
    assert vb.dia_danh == "Sa Thầy" and unicodedata.is_normalized("NFC", vb.trich_yeu)
    doc = DocxView(render_docx(vb))
    assert all(unicodedata.is_normalized("NFC", t) for t in doc.texts())


def test_new_starter_forms_render(tmp_path: Path) -> None:
    runner = CliRunner()
    listing = runner.invoke(main, ["templates"])
    assert listing.exit_code == 0
    names = [line.split("\t")[0] for line in listing.output.splitlines()]
    assert {"cong-van", "gia-han", "don-doc"} <= set(names)
    for name in names:
        form = tmp_path / f"{name}.yaml"
        result = runner.invoke(main, ["new", name, "-o", str(form)])
        assert result.exit_code == 0, result.output
        text = form.read_text("utf-8")
        assert text.count("#") > 10  # every field explained
        vb = load_form(form)
        assert (vb.paragraphs or vb.articles or vb.giay_moi_lines or vb.gioi_thieu_lines
                or vb.nghi_phep_lines) and vb.nguoi_ky.ho_ten
        assert check_bytes(render_docx(vb)).findings == []


def test_template_error_names_template_line(tmp_path: Path) -> None:
    templates = tmp_path / "mau"
    templates.mkdir()
    (templates / "thu.yaml").write_text(
        "ten: Thử\ntham_so:\n  a: {mo_ta: A}\nvan_ban:\n  noi_dung: |\n    Dòng một {{ a }}.\n"
        "    Dòng hai {{ b }}.\n", "utf-8")
    form = write(tmp_path, GOOD.replace("noi_dung: |\n  Đề nghị các đơn vị hoàn thành.\n", "")
                 + "mau: mau/thu.yaml\ntham_so: {a: 1}\n")
    code, output, _ = run_render(tmp_path, form)
    assert code == 2
    assert "thu.yaml, dòng 7" in output and "'b'" in output


def test_tham_so_may_use_the_row_and_keep_its_type(tmp_path: Path) -> None:
    from docgen import read_form

    form = write(tmp_path, GOOD.replace("noi_dung: |\n  Đề nghị các đơn vị hoàn thành.\n", "")
                 + 'mau: don-doc\ntham_so:\n  ten_don_vi: "thôn {{ dong.ten }}"\n'
                 "  nguoi_nhan: Trưởng thôn\n  ten_dot: đợt học\n  van_ban_trien_khai: Công văn 1\n"
                 '  doi_tuong: người dân\n  so_tham_gia: "{{ dong.so }}"\n  tong_so: 1500\n'
                 "  chi_tieu: 80\n  han: 20/11/2025\n")
    spec = read_form(form)
    assert spec.context({"ten": "Tân Sang", "so": 1234})["so_tham_gia"] == 1234
    text = spec.build({"ten": "Tân Sang", "so": 1234}).paragraphs[0].text
    assert "thôn Tân Sang có 1.234/1.500" in text and "82,3%" in text
    code, output, _ = run_render(tmp_path, form)  # no row: dong.so is undefined
    assert code == 2 and "tham_so.ten_don_vi" in output and "dòng 22" in output
    assert "dong.ten" in output or "'ten'" in output


@pytest.mark.parametrize("old, new, message", [
    ("ho_ten: NO", "ho_ten: TS NGUYỄN VĂN A", "học hàm, học vị"),
    ("ho_ten: NO", "ho_ten: PGS.TS. Nguyễn Văn A", "học hàm, học vị"),
    ("so: 01", "so: 01\nky_hieu: QĐ-UBND", "không có mã loại văn bản"),
    ("so: 01", "so: 01\nloai: thong-bao\nky_hieu: UBND-VHXH", "phải bắt đầu bằng 'TB'"),
    ("ngay: 05/02/2026", "ngay: 05/02/2026\nnam: 2025", "khác với năm của ngày ký"),
    ("dia_danh: Sa Thầy", "dia_danh: Sa Thầy, Quảng Ngãi", "không phải tên địa danh"),
])
def test_decree_rules_in_the_model(tmp_path: Path, old: str, new: str, message: str) -> None:
    code, output, out = run_render(tmp_path, write(tmp_path, GOOD.replace(old, new, 1)))
    assert code == 2 and message in output, output
    assert not out.exists()


def test_prefixes_typed_by_the_clerk_are_not_doubled(tmp_path: Path) -> None:
    vb = load_form(write(tmp_path, GOOD.replace("trich_yeu: đôn đốc hoàn thành khóa học",
                                                "trich_yeu: 'V/v: đôn đốc hoàn thành khóa học'")
                         .replace("ky_thay: CHỦ TỊCH", "ky_thay: KT CHỦ TỊCH")))
    assert vb.trich_yeu_line == "V/v đôn đốc hoàn thành khóa học"
    assert vb.nguoi_ky.authority_lines == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]
    typed = GOOD.replace("trich_yeu: đôn đốc", "trich_yeu: Về việc đôn đốc")
    vb = load_form(write(tmp_path, typed))
    assert vb.trich_yeu_line == "V/v đôn đốc hoàn thành khóa học"


def test_undated_form_prints_this_year(tmp_path: Path) -> None:
    from datetime import date

    vb = load_form(write(tmp_path, GOOD.replace("ngay: 05/02/2026\n", "")))
    assert vb.dia_danh_ngay.endswith(f"năm {date.today().year}")


def test_dumped_form_renders_the_same_document(tmp_path: Path) -> None:
    """A value that came from a roster cell and looks like Jinja stays text in the dump."""
    from docgen import VanBan, dump_form

    vb = load_form(write(tmp_path, GOOD))
    data = vb.model_dump()
    data["noi_dung"] = "Công thức {{ 7*7 }} và {% endraw %} {# x #}."
    data["kinh_gui"] = ["Thôn {{ 3/4 }}", "Làng B"]
    vb = VanBan.model_validate(data)
    again = load_form(write(tmp_path, dump_form(vb), "lai.yaml"))
    assert again == vb
    assert render_docx(again) == render_docx(vb)


def test_written_files_are_readable_by_colleagues(tmp_path: Path) -> None:
    import os
    import stat

    code, output, out = run_render(tmp_path, write(tmp_path, GOOD))
    assert code == 0, output
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask


def test_profile_sets_circulation_note_and_address(tmp_path: Path) -> None:
    """Header extras of Phụ lục I (R-26, R-47) set once in the dung_chung profile."""
    write(tmp_path, "dia_chi: Thôn 1, xã Sa Thầy; ĐT 0260 3820 123\n"
                    "luu_hanh: Lưu hành nội bộ\n", "co-quan.yaml")
    form = write(tmp_path, "dung_chung: co-quan.yaml\n" + GOOD)
    vb = load_form(form)
    assert vb.dia_chi == ["Thôn 1, xã Sa Thầy; ĐT 0260 3820 123"]
    doc = DocxView(render_docx(vb))
    assert doc.find("LƯU HÀNH NỘI BỘ").box
    assert b"Th\xc3\xb4n 1, x\xc3\xa3 Sa Th\xe1\xba\xa7y" in doc.parts["word/footer1.xml"]


def test_lower_case_name_notice_reaches_the_caller(tmp_path: Path) -> None:
    """Issue 12 defect 1: a name typed in lower case is printed in proper case, and the
    document says what it changed so the CLI can warn."""
    vb = load_form(write(tmp_path, GOOD.replace("ho_ten: NO", "ho_ten: trần minh hải")))
    assert vb.nguoi_ky.ho_ten == "Trần Minh Hải"
    assert vb.notices == ["nguoi_ky.ho_ten: đã ghi tên 'trần minh hải' thành 'Trần Minh Hải' "
                          "(họ tên viết hoa chữ cái đầu mỗi tiếng, R-44)"]
    assert "Trần Minh Hải" in DocxView(render_docx(vb)).texts()


def test_jinja_loop_builds_table_rows(tmp_path: Path) -> None:
    """R-35: table rows built by a Jinja loop over a parameter list."""
    text = GOOD.replace("noi_dung: |\n  Đề nghị các đơn vị hoàn thành.\n", (
        "noi_dung: |\n"
        "  Kết quả theo thôn:\n"
        "  | STT | Thôn | Tỷ lệ |\n"
        "  |---|---|---|\n"
        "  {% for t in thon %}| {{ loop.index }} | {{ t.ten }} | {{ t.ty_le }} |\n"
        "  {% endfor %}"
        "  Đề nghị các thôn tiếp tục.\n"
        "tham_so:\n"
        "  thon:\n"
        "    - {ten: Tân Sang, ty_le: '82,4%'}\n"
        "    - {ten: Kà Bầy, ty_le: '79%'}\n"))
    vb = load_form(write(tmp_path, text))
    doc = DocxView(render_docx(vb))
    header = doc.find("STT")
    rows = doc.table_of(header).findall(qn("w:tr"))
    assert len(rows) == 3
    assert doc.find("Kà Bầy").in_table == header.in_table
    assert doc.find("82,4%").align == "right"
    assert doc.texts()[-1] != "./." and "Đề nghị các thôn tiếp tục./." in doc.texts()


def test_misspelt_key_in_a_nested_group(tmp_path: Path) -> None:
    """A misspelt key inside a biên bản or an article gets a did-you-mean from its own group."""
    text = GOOD.replace("noi_dung: |\n  Đề nghị các đơn vị hoàn thành.\n", "").replace(
        "kinh_gui:\n  - Trưởng các thôn, làng;\n  - Các cơ quan, đơn vị thuộc UBND xã.\n", "")
    text = text.replace("don_vi_soan_thao: VHXH\n", "loai: quyet-dinh\n") + (
        "tham_quyen: Chủ tịch UBND xã\n"
        "dieu:\n  - tieu_dee: Thành lập\n    noi_dung: Một.\n")
    with pytest.raises(DocgenError) as info:
        load_form(write(tmp_path, text))
    problem = info.value.problems[0]
    assert problem.field == "dieu.0.tieu_dee" and "tieu_de" in (problem.hint or "")


@pytest.mark.parametrize(("old", "new", "said"), [
    ("so: 01", "so: [1, 2]", "trường so: phải là số nguyên, đang là một danh sách"),
    ("ngay: 05/02/2026", "ngay: [05/02/2026]",
     "trường ngay: phải là ngày tháng, đang là một danh sách"),
    ("so: 01", "so: 01\ndo_khan:\n  muc: khan",
     "trường do_khan: giá trị đang là một nhóm trường con"),
])
def test_bad_value_is_described_in_words_not_python(tmp_path: Path, old: str, new: str,
                                                      said: str) -> None:
    """An empty value or a list where one value belongs is named as the clerk sees it, never
    as Python prints it ('None', '[None]', "{'muc': 'khan'}")."""
    code, output, _out = run_render(tmp_path, write(tmp_path, GOOD.replace(old, new, 1)))
    assert code == 2 and said in output, output
    assert "None" not in output and "[" not in output and "{" not in output, output


def test_empty_value_is_said_empty() -> None:
    """A required date left empty (``gia_tri_den:``) reads "đang để trống", not 'None'."""
    from kindforms import form
    from pydantic import ValidationError

    from docgen.models import VanBan, validation_problems
    data = form("giay-gioi-thieu")
    data["gioi_thieu"]["gia_tri_den"] = None
    with pytest.raises(ValidationError) as err:
        VanBan.model_validate(data)
    [(field, message, _hint)] = validation_problems(err.value)
    assert field == "gioi_thieu.gia_tri_den"
    assert message == "phải là ngày tháng, đang để trống"
