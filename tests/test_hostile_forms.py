"""Issue 13 items 2, 5, 6, 8, 10 and issue 12 defects 2, 3, 5 on forms: each case reproduced."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

import pytest
from batchkit import FORM, batch, copy_roster
from click.testing import CliRunner
from docxview import DocxView

from docgen import dump_form, load_form, render_docx
from docgen.check import check_bytes
from docgen.cli import main
from docgen.errors import DocgenError, FormError
from docgen.forms import MAX_DOCUMENT_TEXT, read_form
from docgen.templating import MAX_TEXT

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / "data" / "forms"
GIA_HAN = FORMS / "gia-han-ky-nang-so.yaml"
GIA_HAN_MAU = FORMS / "gia-han-mau.yaml"
PROFILE = FORMS / "co-quan-sa-thay.yaml"

ESCAPES = ["X{%endraw%}{{ 7*7 }}{%raw%}", "X{%- endraw %}{{ 7*7 }}{%- raw %}",
           "X{% endraw -%}{{ 7*7 }}", "X{%endraw%}{% if true %}49{% endif %}",
           "{{ 7*7 }} và {% raw %}ô{% endraw %}"]


def _form(folder: Path, text: str, name: str = "don.yaml") -> Path:
    for extra in (PROFILE,):
        target = folder / extra.name
        if not target.exists():
            target.write_text(extra.read_text("utf-8"), encoding="utf-8")
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------
# Item 2: text from documents and rosters is never template source


@pytest.mark.parametrize("text", ESCAPES)
def test_dumped_form_keeps_any_raw_escape_literal(tmp_path: Path, text: str) -> None:
    van_ban = load_form(GIA_HAN).model_copy(update={"trich_yeu": text,
                                                     "noi_dung": f"Nội dung {text}."})
    form = tmp_path / "lai.yaml"
    form.write_text(dump_form(van_ban), encoding="utf-8")
    again = load_form(form)
    assert again.trich_yeu == text and again.noi_dung == f"Nội dung {text}."
    assert render_docx(again) == render_docx(van_ban)


@pytest.mark.parametrize("text", ESCAPES[:2])
def test_roster_cell_with_a_raw_escape_stays_text(tmp_path: Path, text: str) -> None:
    roster = copy_roster(tmp_path / "ds.csv", {(0, 3): text})
    out = tmp_path / "out"
    result = batch(FORM, "--roster", roster, "-o", out, "--jobs", "1", "--ten-tep", "stt")
    assert result.exit_code == 0, result.output
    texts = " ".join(DocxView((out / "1.docx").read_bytes()).texts())
    assert "7*7" in texts and "X49" not in texts


# ---------------------------------------------------------------------------------------------
# Item 5: asterisks in parameters and roster cells are text, not italics


def _italic_runs(data: bytes) -> list[str]:
    return [r.text for p in DocxView(data).paragraphs for r in p.runs if r.italic]


def test_asterisks_in_a_template_parameter_stay_text(tmp_path: Path) -> None:
    text = GIA_HAN_MAU.read_text("utf-8").replace(
        "  han_moi: 20/11/2025", "  han_moi: 20/11/2025\n  chu_the: Ủy ban (mã 3*4*5)")
    data = render_docx(load_form(_form(tmp_path, text)))
    assert any("Ủy ban (mã 3*4*5)" in t for t in DocxView(data).texts())
    assert not any("4" in r for r in _italic_runs(data))


def test_asterisks_in_a_roster_cell_stay_text(tmp_path: Path) -> None:
    roster = copy_roster(tmp_path / "ds.csv", {(0, 3): "mã 3*4*5 | A"})
    out = tmp_path / "out"
    result = batch(FORM, "--roster", roster, "-o", out, "--jobs", "1", "--ten-tep", "stt")
    assert result.exit_code == 0, result.output
    data = (out / "1.docx").read_bytes()
    assert any("mã 3*4*5 | A" in t for t in DocxView(data).texts())
    assert not any("4" in r for r in _italic_runs(data))


def test_markup_written_in_the_form_itself_still_works(tmp_path: Path) -> None:
    text = GIA_HAN.read_text("utf-8").replace(
        "noi_dung: |\n", "tham_so:\n  x: '3*4'\nnoi_dung: |\n  Chữ *nghiêng* và {{ x }}.\n", 1)
    data = render_docx(load_form(_form(tmp_path, text)))
    assert "nghiêng" in _italic_runs(data)
    assert not any("3" in r for r in _italic_runs(data))
    assert any("và 3*4." in t for t in DocxView(data).texts())


# ---------------------------------------------------------------------------------------------
# Item 6: dung_chung and mau stay in the clerk's folder


def test_files_outside_the_form_folder_are_not_read(tmp_path: Path) -> None:
    inner, outside = tmp_path / "ho-so", tmp_path / "khac"
    inner.mkdir()
    outside.mkdir()
    (outside / "co-quan.yaml").write_text(PROFILE.read_text("utf-8"), encoding="utf-8")
    (inner / "lien-ket.yaml").symlink_to(outside / "co-quan.yaml")
    body = GIA_HAN_MAU.read_text("utf-8").replace("dung_chung: co-quan-sa-thay.yaml", "{line}")
    for line in ("dung_chung: ../khac/co-quan.yaml", f"dung_chung: {outside}/co-quan.yaml",
                 "dung_chung: lien-ket.yaml", "dung_chung: /etc/passwd"):
        form = inner / "don.yaml"
        form.write_text(body.replace("{line}", line), encoding="utf-8")
        with pytest.raises(FormError, match="ngoài thư mục") as error:
            read_form(form)
        problem = error.value.problems[0]
        assert problem.field == "dung_chung" and problem.line == 2
        assert "root:" not in str(error.value)
        if line != "dung_chung: /etc/passwd":
            assert read_form(form, allow_outside=True).values  # allowed when asked
    result = CliRunner().invoke(main, ["render", str(inner / "don.yaml"), "-o",
                                       str(tmp_path / "x.docx"), "--cho-phep-ngoai"])
    assert result.exit_code == 2 and "root:" not in result.output  # /etc/passwd: not a form


# ---------------------------------------------------------------------------------------------
# Issue 12 defects 2 and 3: errors at the clerk's own line


def test_bad_template_parameter_is_reported_at_the_clerks_line(tmp_path: Path) -> None:
    text = GIA_HAN_MAU.read_text("utf-8").replace("han_moi: 20/11/2025", "han_moi: 31/02/2025")
    form = _form(tmp_path, text)
    with pytest.raises(DocgenError) as error:
        load_form(form)
    (problem,) = error.value.problems
    line = text.splitlines().index("  han_moi: 31/02/2025") + 1
    assert (problem.file, problem.line, problem.field) == (form, line, "tham_so.han_moi")
    assert "31/02/2025" in problem.message and problem.hint and "han_moi:" in problem.hint


def test_misspelt_parameter_named_with_line_and_guess(tmp_path: Path) -> None:
    text = GIA_HAN_MAU.read_text("utf-8").replace("  han_moi:", "  han_moii:")
    form = _form(tmp_path, text)
    with pytest.raises(FormError) as error:
        read_form(form)
    (problem,) = error.value.problems
    assert problem.line == text.splitlines().index("  han_moii: 20/11/2025") + 1
    assert problem.field == "tham_so.han_moii" and "'han_moi'" in (problem.hint or "")


@pytest.mark.parametrize(("line", "column", "where"), [
    ("dia_danh: Sa\tThầy", 13, "giữa dòng, sau 'dia_danh: Sa'"),
    ("dia_danh: Sa Thầy\t", 18, "cuối dòng"),
    ("\tdia_danh: Sa Thầy", 1, "đầu dòng"),
])
def test_tab_is_located_by_column(tmp_path: Path, line: str, column: int, where: str) -> None:
    form = _form(tmp_path, f"loai: cong-van\n{line}\n")
    with pytest.raises(FormError) as error:
        read_form(form)
    (problem,) = error.value.problems
    assert (problem.line, problem.column) == (2, column)
    assert where in problem.message and f"dòng 2, cột {column}" in str(problem)


def test_raw_control_character_named_in_vietnamese_with_line(tmp_path: Path) -> None:
    form = _form(tmp_path, "loai: cong-van\ntrich_yeu: gia\x01 hạn\n")
    with pytest.raises(FormError) as error:
        read_form(form)
    (problem,) = error.value.problems
    assert (problem.line, problem.column) == (2, 15) and "U+0001" in problem.message


# ---------------------------------------------------------------------------------------------
# Item 10: the form's limits stop huge input before check would refuse the output


def test_longest_body_a_form_allows_passes_checks_size_bounds(tmp_path: Path) -> None:
    paragraph = "Ủy ban nhân dân xã đề nghị các thôn hoàn thành đúng hạn, báo cáo kết quả. "
    body = "\n".join([paragraph * 10] * (MAX_TEXT // (len(paragraph) * 10) - 2))
    text = GIA_HAN.read_text("utf-8").split("noi_dung: |")[0] + "noi_dung: |\n" + "".join(
        f"  {line}\n" for line in body.splitlines()) + \
        GIA_HAN.read_text("utf-8").split("noi_nhan:")[1].join(["noi_nhan:", ""])
    data = render_docx(load_form(_form(tmp_path, text)))
    report = check_bytes(data)  # read, not refused as a zip bomb
    assert report is not None


def test_a_field_over_the_limit_is_refused_with_its_name(tmp_path: Path) -> None:
    form = _form(tmp_path, "trich_yeu: " + "a" * (MAX_TEXT + 1) + "\n")
    with pytest.raises(FormError, match="quá dài") as error:
        read_form(form)
    assert error.value.problems[0].field == "trich_yeu"
    big = "\"{{ 'Lời. ' * 190000 }}\""
    text = GIA_HAN.read_text("utf-8").replace(
        "noi_dung: |\n", "noi_dung: |\n  {{ 'Lời. ' * 190000 }}\n", 1).replace(
        "kinh_gui:\n", f"kinh_gui:\n  - {big}\n  - {big}\n", 1)
    with pytest.raises(FormError, match="văn bản quá dài") as error:
        load_form(_form(tmp_path, text, "dai.yaml"))
    assert error.value.problems[0].field == "kinh_gui"
    assert MAX_DOCUMENT_TEXT == 2 * MAX_TEXT


# ---------------------------------------------------------------------------------------------
# Item 8: write failures and bugs


@pytest.mark.parametrize(("code", "words"), [(errno.ENOSPC, "ổ đĩa đã đầy"),
                                             (errno.EROFS, "ổ đĩa hoặc thư mục chỉ cho đọc"),
                                             (errno.EACCES, "không có quyền")])
def test_write_failures_are_located_and_leave_nothing(tmp_path: Path, code: int, words: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> object:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    out = tmp_path / "x.docx"
    result = CliRunner().invoke(main, ["render", str(GIA_HAN), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert f"Lỗi: {out}: không ghi được tệp: {words}" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_unexpected_error_exits_3_and_names_its_log(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import docgen.cli.render as render_cli

    def broken(van_ban: object) -> bytes:
        raise ZeroDivisionError("lỗi lập trình")

    monkeypatch.setattr(render_cli, "render_docx", broken)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    result = CliRunner().invoke(main, ["render", str(GIA_HAN), "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 3
    assert "Traceback" not in result.output and "lỗi ngoài dự kiến" in result.stderr
    (log,) = (tmp_path / "state" / "docgen").iterdir()
    assert str(log) in result.stderr
    assert "ZeroDivisionError" in log.read_text("utf-8")
    assert not (tmp_path / "x.docx").exists()
