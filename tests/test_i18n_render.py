"""Issue 12, messages in catalogs, the render side: ``docgen --lang en render`` of a bad form,
``docgen --lang en new`` and the notices of a good form speak English throughout; the same
cases without ``--lang`` keep their Vietnamese words.

"Throughout" is checked mechanically: once the values quoted from the form ('…', “…”) are
taken out, no Vietnamese letter is left in what docgen printed.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from vietnamese import assert_english

from docgen import i18n
from docgen.cli import main
from docgen.errors import FormError
from docgen.forms import load_form

FORMS = Path(__file__).resolve().parent.parent / "data" / "forms"
NO_LOCALE = {"DOCGEN_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}
ENGLISH = {**NO_LOCALE, "DOCGEN_LANG": "en"}

def test_the_form_loading_and_rendering_modules_mark_their_messages() -> None:
    files = {Path(f).as_posix() for m in i18n.extract_catalog() for f, _line in m.locations}
    for module in ("models", "forms", "yamlsrc", "templating", "fileio", "vnformat", "starter",
                   "pdf", "kinds", "layout", "cli/render"):
        assert f"docgen/{module}.py" in files, f"no message of docgen/{module}.py is extracted"


# --- the forms ---------------------------------------------------------------------------------


def _copy(name: str) -> str:
    return (FORMS / name).read_text("utf-8")


def _with_profile(tmp_path: Path) -> None:
    (tmp_path / "co-quan-sa-thay.yaml").write_text(_copy("co-quan-sa-thay.yaml"),
                                                  "utf-8")


def _edited(name: str, edit: Callable[[str], str]) -> Callable[[Path], Path]:
    """A form from data/forms (with its profile beside it), changed by ``edit``."""
    def make(tmp_path: Path) -> Path:
        _with_profile(tmp_path)
        form = tmp_path / "form.yaml"
        form.write_text(edit(_copy(name)), "utf-8")
        return form
    return make


def _written(text: str, name: str = "form.yaml") -> Callable[[Path], Path]:
    def make(tmp_path: Path) -> Path:
        form = tmp_path / name
        form.write_text(text, "utf-8")
        return form
    return make


def _xlsx(tmp_path: Path) -> Path:
    path = tmp_path / "danh-sach.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    return path


def _sub(pattern: str, repl: str) -> Callable[[str], str]:
    return lambda text: re.sub(pattern, repl, text, count=1, flags=re.M)


@dataclass(frozen=True)
class Case:
    """A bad form, and words its message must carry in each language."""

    make: Callable[[Path], Path]
    english: tuple[str, ...]
    vietnamese: tuple[str, ...]
    args: tuple[str, ...] = ()


CASES: dict[str, Case] = {
    "yaml-syntax": Case(
        _written("loai: cong-van\ntrich_yeu: [mot, hai\ndia_danh: Sa Thầy\n"),
        ("YAML syntax error", "lacks its closing ']'"),
        ("YAML không đúng cú pháp", "thiếu dấu ']' đóng")),
    "unknown-key": Case(
        _written("loai: cong-van\nco_quan_chu_quan: UBND HUYỆN\n"),
        ("line 2, field co_quan_chu_quan: the field 'co_quan_chu_quan' is not part of the form",
         "Did you mean 'co_quan'?"),
        ("dòng 2, trường co_quan_chu_quan: trường 'co_quan_chu_quan' không có trong biểu mẫu",
         "Có phải ý bạn là 'co_quan'?")),
    "impossible-date": Case(
        _edited("gia-han-ky-nang-so.yaml", _sub(r"^ngay: null$", "ngay: 31/02/2025")),
        ("field ngay: the date does not exist: '31/02/2025'",
         "Write it as 20/11/2025 or 2025-11-20."),
        ("trường ngay: ngày không có thật: '31/02/2025'",
         "Ghi theo dạng 20/11/2025 hoặc 2025-11-20.")),
    "template-parameter-value": Case(
        _edited("gia-han-mau.yaml", _sub(r"^  han_moi: .*$", "  han_moi: 31/02/2025")),
        ("field tham_so.han_moi: the date does not exist: '31/02/2025' (parameter han_moi, used "
         "by the template 'gia-han' in the field noi_dung)",
         "Correct the value of the parameter han_moi on this line"),
        ("trường tham_so.han_moi: ngày không có thật: '31/02/2025' (tham số han_moi, mẫu "
         "'gia-han' dùng ở trường noi_dung)", "Sửa giá trị tham số han_moi ở dòng này")),
    "misspelt-parameter": Case(
        _edited("gia-han-mau.yaml", _sub(r"^  han_moi:", "  han_moii:")),
        ("field tham_so.han_moii: the template 'gia-han' has no parameter 'han_moii'",
         "Did you mean 'han_moi'? The template's parameters:"),
        ("trường tham_so.han_moii: mẫu 'gia-han' không có tham số 'han_moii'",
         "Có phải ý bạn là 'han_moi'? Các tham số của mẫu:")),
    "tab-inside-a-line": Case(
        _written("loai: cong-van\ndia_danh: Sa\tThầy\ntrich_yeu: x\t: y\n"),
        ("YAML syntax error: there is a Tab character inside the line",
         "Replace the Tab with spaces"),
        ("có ký tự Tab ở giữa dòng", "Thay Tab bằng dấu cách")),
    "missing-required-field": Case(
        _edited("gia-han-ky-nang-so.yaml", _sub(r"^dia_danh: .*\n", "")),
        ("field dia_danh: a required field is missing", "Add a line 'dia_danh: …' to the file."),
        ("trường dia_danh: thiếu trường bắt buộc", "Thêm dòng 'dia_danh: …' vào tệp.")),
    "kind-rule": Case(
        _edited("gia-han-ky-nang-so.yaml", _sub(r"^kinh_gui:\n(  - .*\n)+", "")),
        ("the official letter must have at least one addressee under 'Kính gửi' (R-30)",),
        ("công văn phải có ít nhất một nơi Kính gửi (R-30)",)),
    "undefined-name": Case(
        _edited("gia-han-ky-nang-so.yaml",
                _sub(r"^trich_yeu: .*$", "trich_yeu: gia hạn {{ ten_dott }}")),
        ("field trich_yeu: the template uses a name that has no value: 'ten_dott'",
         "Add that value to tham_so or the data table, or correct the name."),
        ("mẫu dùng tên chưa có giá trị: 'ten_dott'", "Thêm giá trị đó vào tham_so")),
    "sandbox-limit": Case(
        _edited("gia-han-ky-nang-so.yaml",
                _sub(r"^trich_yeu: .*$", "trich_yeu: \"{{ 'ab' * 10000000 }}\"")),
        ("safety limit exceeded: the template builds a string that is too long",
         "use fewer loops, smaller widths or fewer multiplications"),
        ("vượt giới hạn an toàn: mẫu tạo ra chuỗi quá dài",)),
    "sandbox-refusal": Case(
        _edited("gia-han-ky-nang-so.yaml",
                _sub(r"^trich_yeu: .*$", "trich_yeu: \"{{ 'x'.__class__.__mro__ }}\"")),
        ("the template does something not allowed",
         "A template may only read data; it may not change it or call system functions."),
        ("mẫu làm việc không được phép",)),
    "excel-file": Case(
        _xlsx,
        ("this is an Excel spreadsheet, not a .yaml form",
         "A roster is used with the batch command: docgen batch <form>.yaml --roster"),
        ("đây là bảng tính Excel, không phải biểu mẫu .yaml",)),
    "file-not-found": Case(
        lambda tmp_path: tmp_path / "khong-co.yaml",
        ("khong-co.yaml: file not found", "Check the file's name and folder."),
        ("không tìm thấy tệp", "Kiểm tra lại tên và thư mục của tệp.")),
    "output-exists": Case(
        _edited("gia-han-ky-nang-so.yaml", lambda text: text),
        ("the file already exists; docgen does not overwrite it",
         "Choose another name with -o, or add --overwrite"),
        ("tệp đã có, docgen không ghi đè", "Chọn tên khác với -o"),
        args=("-o", "{tmp}/form.yaml")),
    "output-folder-missing": Case(
        _edited("gia-han-ky-nang-so.yaml", lambda text: text),
        ("does not exist", "Create the folder first, or choose another place with -o."),
        ("không tồn tại", "Tạo thư mục trước"),
        args=("-o", "{tmp}/khong-co/van-ban.docx")),
}


def _render(case: Case, tmp_path: Path, env: dict[str, str | None]) -> tuple[int, str]:
    form = case.make(tmp_path)
    args = [a.replace("{tmp}", str(tmp_path)) for a in case.args] or \
        ["-o", str(tmp_path / "van-ban.docx")]
    done = CliRunner().invoke(main, ["render", str(form), *args], env=env)
    return done.exit_code, done.output


@pytest.mark.parametrize("name", sorted(CASES))
def test_render_of_a_bad_form_speaks_english_throughout(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    code, output = _render(case, tmp_path, ENGLISH)
    assert code == 2, output
    assert output.startswith("Error: "), output
    for words in case.english:
        assert words in output, output
    assert_english(output)


@pytest.mark.parametrize("name", sorted(CASES))
def test_render_of_a_bad_form_keeps_its_vietnamese_by_default(name: str,
                                                              tmp_path: Path) -> None:
    case = CASES[name]
    code, output = _render(case, tmp_path, NO_LOCALE)
    assert code == 2, output
    assert output.startswith("Lỗi: "), output
    for words in case.vietnamese:
        assert words in output, output
    assert "Error" not in output and "Did you mean" not in output


# --- a good form with notices, docgen new and docgen templates ---------------------------------


def _lower_case_signer(tmp_path: Path) -> Path:
    return _edited("gia-han-ky-nang-so.yaml",
                   _sub(r"^  ho_ten: .*$", "  ho_ten: võ thị kim dung"))(tmp_path)


def test_render_with_a_notice_warns_in_english(tmp_path: Path) -> None:
    form = _lower_case_signer(tmp_path)
    out = tmp_path / "van-ban.docx"
    done = CliRunner().invoke(main, ["render", str(form), "-o", str(out)], env=ENGLISH)
    assert done.exit_code == 0, done.output
    assert out.is_file()
    assert "Warning: " in done.output
    assert ("field nguoi_ky.ho_ten: the name 'võ thị kim dung' was written as 'Võ Thị Kim Dung' "
            "(a name has the first letter of each syllable in capitals, R-44)") in done.output
    assert_english(done.output)


def test_render_with_a_notice_warns_in_vietnamese_by_default(tmp_path: Path) -> None:
    form = _lower_case_signer(tmp_path)
    done = CliRunner().invoke(main, ["render", str(form), "-o", str(tmp_path / "v.docx")],
                              env=NO_LOCALE)
    assert done.exit_code == 0, done.output
    assert ("Cảnh báo: " in done.output and "đã ghi tên 'võ thị kim dung' thành 'Võ Thị Kim Dung' "
            "(họ tên viết hoa chữ cái đầu mỗi tiếng, R-44)" in done.output)


def test_a_kind_rule_broken_in_an_appendix_names_the_kind_in_english(tmp_path: Path) -> None:
    def appendix_of_a_letter(text: str) -> str:
        return text.replace("./.", " (chi tiết tại Phụ lục kèm theo)./.", 1) + (
            "phu_luc:\n  - tieu_de: Danh sách\n    loai: cong-van\n    noi_dung: Một dòng.\n")
    form = _edited("gia-han-ky-nang-so.yaml", appendix_of_a_letter)(tmp_path)
    done = CliRunner().invoke(main, ["render", str(form), "-o", str(tmp_path / "v.docx")],
                              env=ENGLISH)
    assert done.exit_code == 2, done.output
    assert "the kind 'official letter' is not issued as an attached text" in done.output
    assert_english(done.output)


@pytest.mark.parametrize(("args", "english", "vietnamese"), [
    (["new", "gia-hann"], ("there is no document kind or content template 'gia-hann'",
                           "Did you mean 'gia-han'? Run 'docgen templates'"),
     ("không có loại văn bản hay mẫu nội dung 'gia-hann'", "Có phải ý bạn là 'gia-han'?")),
    (["new", "-o", "{tmp}/bieu-mau.txt"], ("the form file must end in .yaml",),
     ("tệp biểu mẫu phải có đuôi .yaml",)),
])
def test_new_speaks_english_when_asked(args: list[str], english: tuple[str, ...],
                                       vietnamese: tuple[str, ...], tmp_path: Path) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    done = CliRunner().invoke(main, args, env=ENGLISH)
    assert done.exit_code == 2, done.output
    for words in english:
        assert words in done.output, done.output
    assert_english(done.output)
    done = CliRunner().invoke(main, args, env=NO_LOCALE)
    for words in vietnamese:
        assert words in done.output, done.output


def test_new_writes_and_says_so_in_english(tmp_path: Path) -> None:
    target = tmp_path / "bieu-mau.yaml"
    done = CliRunner().invoke(main, ["new", "-o", str(target)], env=ENGLISH)
    assert done.exit_code == 0, done.output
    assert target.is_file() and f"docgen render {target}" in done.output
    assert_english(done.output)
    again = CliRunner().invoke(main, ["new", "-o", str(target)], env=ENGLISH)
    assert again.exit_code == 2
    assert "the file already exists; docgen does not overwrite it" in again.output
    assert_english(again.output)


def test_templates_names_the_kinds_in_english() -> None:
    shown = CliRunner().invoke(main, ["templates"], env=ENGLISH).output
    assert "quyet-dinh\tKind of document: Decision (Form 1.2)" in shown
    assert "gia-han\tContent template (official letter): “" in shown
    assert_english(shown)  # a template's own title is quoted: it is the template's data
    shown = CliRunner().invoke(main, ["templates"], env=NO_LOCALE).output
    assert "quyet-dinh\tLoại văn bản: Quyết định (Mẫu 1.2)" in shown
    assert "gia-han\tMẫu nội dung (công văn): Gia hạn" in shown


# --- the Python API ----------------------------------------------------------------------------


def test_form_error_problems_carry_the_language_of_the_caller(tmp_path: Path) -> None:
    form = _edited("gia-han-mau.yaml", _sub(r"^  han_moi: .*$", "  han_moi: 31/02/2025"))(tmp_path)
    with i18n.language("en"), pytest.raises(FormError) as english:
        load_form(form)
    [problem] = english.value.problems
    assert problem.field == "tham_so.han_moi" and problem.file == form
    assert problem.message == ("the date does not exist: '31/02/2025' (parameter han_moi, used by "
                               "the template 'gia-han' in the field noi_dung)")
    assert problem.hint == ("Correct the value of the parameter han_moi on this line, for "
                            "example: han_moi: 20/11/2025.")
    with i18n.language("vi"), pytest.raises(FormError) as vietnamese:
        load_form(form)
    [problem] = vietnamese.value.problems
    assert problem.message.startswith("ngày không có thật: '31/02/2025' (tham số han_moi")
    assert problem.hint == "Sửa giá trị tham số han_moi ở dòng này, ví dụ: han_moi: 20/11/2025."


def test_validation_errors_are_form_errors_in_english(tmp_path: Path) -> None:
    form = _edited("gia-han-ky-nang-so.yaml", _sub(r"^dia_danh: .*\n", ""))(tmp_path)
    with i18n.language("en"), pytest.raises(FormError) as error:
        load_form(form)
    [problem] = error.value.problems
    assert (problem.field, problem.message, problem.hint) == (
        "dia_danh", "a required field is missing", "Add a line 'dia_danh: …' to the file.")


def test_notices_follow_the_language_they_are_read_in(tmp_path: Path) -> None:
    van_ban = load_form(_lower_case_signer(tmp_path))
    with i18n.language("en"):
        assert van_ban.notices == ["nguoi_ky.ho_ten: the name 'võ thị kim dung' was written as "
                                   "'Võ Thị Kim Dung' (a name has the first letter of each "
                                   "syllable in capitals, R-44)"]
    with i18n.language("vi"):
        assert van_ban.notices[0].startswith("nguoi_ky.ho_ten: đã ghi tên 'võ thị kim dung'")
