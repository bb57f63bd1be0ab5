"""``docgen render``, ``docgen new``, ``docgen templates``."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from ..errors import DocgenError, Problem
from ..fileio import atomic_write, check_target
from ..forms import list_templates, read_form
from ..i18n import N_, _
from ..kinds import KINDS
from ..notices import notice_problems
from ..pdf import convert
from ..render import render_docx
from ..starter import starter_form, starter_kinds
from .common import clerk_errors, main, warn


@main.command("render", help=N_("Soạn văn bản .docx từ tệp biểu mẫu FORM (.yaml)."))
@click.argument("form", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help=N_("Tệp .docx ghi ra (mặc định: cùng tên với biểu mẫu, trong thư mục hiện "
                      "tại)."))
@click.option("--pdf", "want_pdf", is_flag=True, help=N_("Ghi thêm bản PDF (cần LibreOffice)."))
@click.option("--overwrite", is_flag=True, help=N_("Cho phép ghi đè tệp đã có."))
@click.option("--cho-phep-ngoai", "allow_outside", is_flag=True,
              help=N_("Cho phép dung_chung và mau trỏ tới tệp ngoài thư mục của biểu mẫu."))
@clerk_errors
def render_command(form: Path, output: Path | None, want_pdf: bool, overwrite: bool,
                   allow_outside: bool) -> None:
    """``docgen render``: the .docx (and PDF) of a form, then what docgen changed."""
    output = output if output is not None else Path(form.stem + ".docx")
    check_target(output, overwrite=overwrite)  # first: -o . or -o / is a folder, not a name
    if output.suffix.lower() != ".docx":
        raise DocgenError(Problem(_("tệp ghi ra phải có đuôi .docx"), file=output,
                                  hint=_("Ví dụ: -o {output}").format(
                                      output=output.with_suffix(".docx"))))
    pdf_path = output.with_suffix(".pdf")
    if want_pdf:
        check_target(pdf_path, overwrite=overwrite)
    spec = read_form(form, allow_outside=allow_outside)
    van_ban = spec.build()
    data = render_docx(van_ban)
    if want_pdf:
        # Convert first, so a missing LibreOffice leaves nothing half done.
        with tempfile.TemporaryDirectory(prefix="docgen-") as tmp:
            source = Path(tmp) / output.name
            source.write_bytes(data)
            (converted,) = convert([source], Path(tmp) / "pdf")
            atomic_write(pdf_path, converted.read_bytes(), overwrite=overwrite)
    atomic_write(output, data, overwrite=overwrite)
    warn(notice_problems(van_ban, spec))
    if want_pdf:
        click.echo(_("Đã ghi {output} và {pdf}").format(output=output, pdf=pdf_path))
    else:
        click.echo(_("Đã ghi {output}").format(output=output))


@main.command("new", help=N_(
    "Tạo biểu mẫu mới có chú thích từng trường, từ mẫu TEMPLATE (mặc định: cong-van)."))
@click.argument("template", default="cong-van")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help=N_("Tệp biểu mẫu ghi ra (mặc định: in ra màn hình)."))
@click.option("--overwrite", is_flag=True, help=N_("Cho phép ghi đè tệp đã có."))
@clerk_errors
def new_command(template: str, output: Path | None, overwrite: bool) -> None:
    """``docgen new``: a starter form, printed or written."""
    text = starter_form(template)
    if output is None:
        click.echo(text, nl=False)
        return
    if output.suffix.lower() not in (".yaml", ".yml"):
        raise DocgenError(Problem(_("tệp biểu mẫu phải có đuôi .yaml"), file=output,
                                  hint=_("Ví dụ: -o {output}; sau đó docgen render {output}"
                                         ).format(output=output.with_suffix(".yaml"))))
    atomic_write(output, text.encode("utf-8"), overwrite=overwrite)
    click.echo(_("Đã ghi {output}. Sửa các giá trị rồi chạy: docgen render {output}").format(
        output=output))


@main.command("templates", help=N_(
    "Liệt kê các loại văn bản và mẫu nội dung có sẵn (dùng với docgen new TÊN).\n\n"
    "Mỗi dòng: tên, dấu tab, mô tả. Trước hết là các loại văn bản (biểu mẫu trống có chú "
    "thích), sau đó là các mẫu nội dung (dùng với mau: TÊN trong biểu mẫu)."))
@clerk_errors
def templates_command() -> None:
    """``docgen templates``: one line per kind, then one per content template."""
    for kind in starter_kinds():
        click.echo(_("{slug}\tLoại văn bản: {name} (Mẫu {mau})").format(
            slug=kind.slug, name=kind.label, mau=kind.mau))
    for template in list_templates():
        loai = str(template.fields.get("loai") or "cong-van")
        group = KINDS[loai].label.lower() if loai in KINDS else loai
        click.echo(_("{name}\tMẫu nội dung ({group}): {title}").format(
            name=template.name, group=group, title=template.ten))
