"""Form errors a clerk reads stay Vietnamese and short, whatever pydantic says underneath.

Issue 13 item 8: ``nam: 999…9`` gave pydantic's English "exceeded maximum size" and echoed
5,000 digits; an unknown kind inside a list ended its choices with English "or".
"""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from docgen.cli import main

FORMS = Path(__file__).resolve().parent.parent / "data" / "forms"


def _form(tmp_path: Path, source: str, edit) -> Path:  # type: ignore[no-untyped-def]
    (tmp_path / "co-quan-sa-thay.yaml").write_text(
        (FORMS / "co-quan-sa-thay.yaml").read_text("utf-8"), "utf-8")
    form = tmp_path / "form.yaml"
    form.write_text(edit((FORMS / source).read_text("utf-8")), "utf-8")
    return form


def _render(form: Path) -> tuple[int, str]:
    done = CliRunner().invoke(main, ["render", str(form), "-o", str(form.with_suffix(".docx"))])
    return done.exit_code, done.output


def test_a_year_of_five_thousand_digits_is_refused_in_vietnamese_without_echoing_it(
        tmp_path: Path) -> None:
    def huge_year(text: str) -> str:
        text = re.sub(r"^ngay:.*\n", "", text, flags=re.M)
        return re.sub(r"^nam:.*$", "nam: " + "9" * 5000, text, flags=re.M)

    form = _form(tmp_path, "gia-han-ky-nang-so.yaml", huge_year)
    code, output = _render(form)
    assert code == 2
    assert "trường nam: phải là số nguyên" in output
    assert "Unable to parse" not in output and "maximum size" not in output
    assert "9" * 100 not in output and "(5000 ký tự)" in output
    assert not form.with_suffix(".docx").exists()


def test_an_unknown_kind_in_a_list_names_the_field_and_the_choices_in_vietnamese(
        tmp_path: Path) -> None:
    form = _form(tmp_path, "quyet-dinh-to-cong-tac.yaml",
                 lambda text: text + "danh_so_rieng: [quyet-dinhh]\n")
    code, output = _render(form)
    assert code == 2
    assert "trường danh_so_rieng.0: giá trị 'quyet-dinhh' không hợp lệ" in output
    assert "Có phải ý bạn là 'quyet-dinh'?" in output
    assert " or " not in output
