"""The command line speaks Vietnamese, including click's own usage errors."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from docgen.cli import main


@pytest.mark.parametrize("args, message", [
    (["renderr"], "không có lệnh 'renderr'"),
    (["render"], "thiếu 'FORM'"),
    (["render", "x.yaml", "--pdff"], "có phải ý bạn là --pdf?"),
    (["batch", "f.yaml", "--roster", "r.csv", "--jobs", "0"], "giá trị không hợp lệ cho"),
])
def test_usage_errors_in_vietnamese(args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert result.output.startswith("Lỗi: ") and message in result.output
    assert "--help" in result.output and "Usage:" not in result.output


def test_help_is_vietnamese() -> None:
    runner = CliRunner()
    for args in ([], ["--help"], ["render", "--help"], ["archive", "--help"],
                 ["archive", "issue", "--help"], ["batch", "--help"], ["check", "--help"]):
        result = runner.invoke(main, args)
        assert result.exit_code == 0, args
        assert "Show this message" not in result.output
        assert "Hiện hướng dẫn này rồi thoát." in result.output


# ---------------------------------------------------------------------------------------------
# What docgen changed in what the clerk typed (VanBan.notices): a warning, never a failure.

def _lower_case_signer(folder):
    from pathlib import Path

    forms = Path(__file__).resolve().parents[1] / "data" / "forms"
    for name in ("gia-han-ky-nang-so.yaml", "co-quan-sa-thay.yaml"):
        (folder / name).write_bytes((forms / name).read_bytes())
    form = folder / "gia-han-ky-nang-so.yaml"
    text = form.read_text("utf-8")
    assert "  ho_ten: Võ Thị Kim Dung\n" in text
    form.write_text(text.replace("  ho_ten: Võ Thị Kim Dung\n", "  ho_ten: võ thị kim dung\n"),
                    "utf-8")
    line = text.splitlines().index("  ho_ten: Võ Thị Kim Dung") + 1
    return form, line


def test_render_prints_what_docgen_changed_as_a_warning(tmp_path) -> None:
    form, line = _lower_case_signer(tmp_path)
    out = tmp_path / "x.docx"
    result = CliRunner().invoke(main, ["render", str(form), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (f"Cảnh báo: {form}, dòng {line}, trường nguoi_ky.ho_ten: đã ghi tên "
            "'võ thị kim dung' thành 'Võ Thị Kim Dung'") in result.stderr
    assert "Cảnh báo" not in result.stdout and out.is_file()


def test_render_of_a_form_typed_as_the_decree_wants_warns_of_nothing(tmp_path) -> None:
    form, _ = _lower_case_signer(tmp_path)
    form.write_text(form.read_text("utf-8").replace("võ thị kim dung", "Võ Thị Kim Dung"),
                    "utf-8")
    result = CliRunner().invoke(main, ["render", str(form), "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 0 and "Cảnh báo" not in result.output


def test_archive_issue_prints_what_docgen_changed_as_a_warning(tmp_path) -> None:
    form, line = _lower_case_signer(tmp_path)
    result = CliRunner().invoke(main, ["archive", "issue", str(form), "--archive",
                                       str(tmp_path / "luu-tru")])
    assert result.exit_code == 0, result.output
    assert (f"Cảnh báo: {form}, dòng {line}, trường nguoi_ky.ho_ten: đã ghi tên "
            "'võ thị kim dung' thành 'Võ Thị Kim Dung'") in result.stderr
    assert "Đã cấp số 01/" in result.stdout
