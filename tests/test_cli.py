"""The command line speaks Vietnamese, including click's own usage errors."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from docgen.cli import main


@pytest.mark.parametrize("args, message", [
    (["renderr"], "không có lệnh 'renderr'"),
    (["render"], "thiếu tham số 'FORM'"),
    (["render", "x.yaml", "--pdff"], "Có phải ý bạn là một trong: '--pdf'?"),
    (["batch", "f.yaml", "--roster", "r.csv", "--jobs", "0"],
     "giá trị của '--jobs' / '-j' không hợp lệ"),
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


# ---------------------------------------------------------------------------------------------
# docgen --lang / DOCGEN_LANG: the CLI's own words through the catalogs (docgen.i18n).

NO_LOCALE = {"DOCGEN_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}


def _real_doc_with_findings():
    from realdocs import REAL_DOCS

    doc = REAL_DOCS / "vbai_cv_BCA3980.docx"
    if not doc.is_file():
        pytest.skip("real documents not available")
    return doc


def test_lang_en_check_prints_english_findings_and_summary(tmp_path) -> None:
    doc = _real_doc_with_findings()
    form = tmp_path / "mau.yaml"
    form.write_text("loai: cong-van\n", "utf-8")
    for args, env in ((["--lang", "en", "check"], NO_LOCALE),
                      (["check"], {**NO_LOCALE, "DOCGEN_LANG": "en"})):
        result = CliRunner().invoke(main, [*args, str(doc), str(form)], env=env)
        assert result.exit_code == 2, result.output
        assert "Against Decree 30/2020/ND-CP:" in result.stdout
        assert "Checked 2 files: 0 meet the decree, 1 with findings" in result.stdout
        assert f"Error: {form}: " in result.stderr  # the unreadable file, framed in English
        assert "Lỗi" not in result.output and "Đã kiểm tra" not in result.output
    # check's own --lang still wins over docgen's language.
    result = CliRunner().invoke(main, ["--lang", "en", "check", "--lang", "vi", str(doc)],
                                env=NO_LOCALE)
    assert "Against Decree" not in result.output and "R-02" in result.output


def test_lang_en_render_of_a_bad_form_frames_the_errors_in_english(tmp_path) -> None:
    """The frame (Error:, line, field, the hint's wording of cli/*) is English; the model's own
    message (models.py, not converted to the catalogs yet) is still Vietnamese, so only the
    converted parts are asserted."""
    form = tmp_path / "sai.yaml"
    form.write_text("loai: cong-van\nsoo: 12\n", "utf-8")
    result = CliRunner().invoke(main, ["--lang", "en", "render", str(form),
                                       "-o", str(tmp_path / "x.docx")], env=NO_LOCALE)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {form}, line 2, field soo: ")
    assert not (tmp_path / "x.docx").exists()
    result = CliRunner().invoke(main, ["--lang", "en", "render", str(form),
                                       "-o", str(tmp_path / "x.txt")], env=NO_LOCALE)
    assert result.exit_code == 2
    assert f"Error: {tmp_path / 'x.txt'}: the output file must end in .docx" in result.stderr
    assert f"→ For example: -o {tmp_path / 'x.docx'}" in result.stderr
    # The default is Vietnamese, with the same frame in Vietnamese words.
    result = CliRunner().invoke(main, ["render", str(form), "-o", str(tmp_path / "x.docx")],
                                env=NO_LOCALE)
    assert result.stderr.startswith(f"Lỗi: {form}, dòng 2, trường soo: ")


def test_lang_en_usage_errors_and_help_in_english() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["--lang", "en", "render"], env=NO_LOCALE)
    assert result.exit_code == 2
    assert result.output.startswith("Error: Missing argument 'FORM'.")
    assert "→ Try 'main render --help' for help." in result.output
    result = runner.invoke(main, ["renderr"], env={**NO_LOCALE, "DOCGEN_LANG": "en"})
    assert result.exit_code == 2 and "No such command 'renderr'." in result.output
    shown = runner.invoke(main, ["--lang", "en", "--help"], env=NO_LOCALE).output
    assert shown.startswith("Usage: ")
    assert "Show this message and exit." in shown and "Show docgen's version and exit." in shown
    assert "Write a .docx document from the form file FORM (.yaml)." in shown
    shown = runner.invoke(main, ["--lang", "en", "check", "--help"], env=NO_LOCALE).output
    assert "Check the format of .docx documents against Decree 30/2020" in shown
    # --lang holds for that run only; the next run speaks the default, Vietnamese.
    shown = runner.invoke(main, ["--help"], env=NO_LOCALE).output
    assert shown.startswith("Cách dùng: ") and "Hiện hướng dẫn này rồi thoát." in shown
    assert "Soạn văn bản .docx từ tệp biểu mẫu FORM (.yaml)." in shown
    result = runner.invoke(main, ["--lang", "fr", "render"], env=NO_LOCALE)
    assert result.exit_code == 2 and result.output.startswith("Lỗi: giá trị của '--lang'")


def test_lang_en_batch_refusal_and_help_in_english(tmp_path) -> None:
    result = CliRunner().invoke(main, [
        "--lang", "en", "batch", "f.yaml", "--roster", "r.csv", "--archive",
        str(tmp_path / "luu-tru"), "-o", str(tmp_path / "ra")], env=NO_LOCALE)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: -o cannot be used with --archive: ")
    assert "→ Leave those options out; use --gop FILE.docx" in result.stderr
    assert not (tmp_path / "luu-tru").exists() and not (tmp_path / "ra").exists()
    shown = CliRunner().invoke(main, ["--lang", "en", "batch", "--help"], env=NO_LOCALE).output
    assert "Write one document for each row of a roster" in shown
    assert "Folder to write the documents in" in shown
    result = CliRunner().invoke(main, [
        "batch", "f.yaml", "--roster", "r.csv", "--archive", "x", "-o", "y"], env=NO_LOCALE)
    assert result.stderr.startswith("Lỗi: -o không dùng cùng --archive: ")


def test_lang_en_serve_and_users_in_english(tmp_path) -> None:
    cert = tmp_path / "cert.pem"
    cert.write_text("x", "utf-8")
    result = CliRunner().invoke(main, ["--lang", "en", "serve", "--cert", str(cert)],
                                env=NO_LOCALE)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: option --cert: HTTPS needs both --cert and --key")
    data = tmp_path / "web"
    result = CliRunner().invoke(main, ["--lang", "en", "users", "add", "lan", "--vai-tro",
                                       "van-thu", "--mat-khau", "mat-khau-dai-du-12",
                                       "--thu-muc", str(data)], env=NO_LOCALE)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Created the account lan (")
    result = CliRunner().invoke(main, ["users", "remove", "lan", "--thu-muc", str(data)],
                                env=NO_LOCALE)
    assert result.exit_code == 0 and "Đã xóa tài khoản lan." in result.stdout


def test_lang_en_archive_issue_verify_and_export_in_english(tmp_path) -> None:
    """The command's own lines (the archive's messages: tests/test_i18n_archive.py)."""
    form, _line = _lower_case_signer(tmp_path)
    store = str(tmp_path / "luu-tru")
    result = CliRunner().invoke(main, ["--lang", "en", "archive", "issue", str(form),
                                       "--archive", store], env=NO_LOCALE)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Issued number 01/")
    assert f"Warning: {form}, line " in result.stderr
    result = CliRunner().invoke(main, ["--lang", "en", "archive", "verify", "--archive", store],
                                env=NO_LOCALE)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("The archive matches the register: 1 document, ")
    bad = tmp_path / "so.txt"
    result = CliRunner().invoke(main, ["--lang", "en", "archive", "export", "-o", str(bad),
                                       "--archive", store], env=NO_LOCALE)
    assert result.exit_code == 2
    assert f"Error: {bad}: the output file must end in .xlsx" in result.stderr
    assert "→ For example: -o" in result.stderr and "(or add --csv to write CSV)" in result.stderr
    assert not bad.exists()
