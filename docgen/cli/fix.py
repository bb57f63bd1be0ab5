"""``docgen sua`` (make a document conformant) and ``docgen sao`` (a bản sao of a document)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from ..copies import (
    HinhThucSao,
    build_ban_sao,
    copy_file,
    issue_copy,
    load_copy_form,
    load_profile,
)
from ..errors import DocgenError, Problem
from ..extract import read_docx_file
from ..fileio import atomic_write, check_target
from ..fix import fix_file
from ..i18n import N_, _
from ..models import date_hint
from ..vnformat import parse_date
from .check import _as_docx
from .common import EXIT_FINDINGS, clerk_errors, document_options, main


def _default_output(source: Path, suffix: str) -> Path:
    """``cong-van.docx`` → ``cong-van-da-sua.docx`` beside it."""
    return source.with_name(f"{source.stem}-{suffix}.docx")


# Help texts are msgids (N_): shown through the catalog in the clerk's language.
@main.command("sua", help=N_(
    "Sửa văn bản FILE cho đúng thể thức Nghị định 30/2020/NĐ-CP: đọc lại rồi soạn lại.\n\n"
    "Tệp gốc không bao giờ bị sửa. In ra những gì đã sửa (cỡ chữ, lề, dấu câu, vị trí) và "
    "những gì không mang sang được (hình ảnh, chú thích…). Mã thoát: 0 giữ trọn văn bản, 1 có "
    "phần không mang sang được (đã liệt kê), 2 không đọc được hoặc không sửa được."))
@click.argument("file", type=click.Path(path_type=Path))
@document_options(N_("Tệp .docx ghi ra; mặc định <tên tệp>-da-sua.docx cạnh tệp gốc."))
@clerk_errors
def sua_command(file: Path, output: Path | None, overwrite: bool, want_convert: bool) -> None:
    """``docgen sua``: write the conformant version of FILE and say what changed."""
    target = output if output is not None else _default_output(file, "da-sua")
    with _as_docx(file, want_convert) as docx_path:
        fixed = fix_file(docx_path, target, overwrite=overwrite, original=file)
    for line in fixed.report_lines():
        click.echo(line)
    click.echo(_("Đã ghi {output}. Tệp gốc {source} giữ nguyên.").format(output=target,
                                                                          source=file))
    if not fixed.extraction.complete:
        sys.exit(EXIT_FINDINGS)


def _copy_date(text: str | None) -> date | None:
    """The date of ``--ngay`` (None when not given); a wrong one is blamed on the option,
    not on the copy form it overrides."""
    if text is None:
        return None
    try:
        return parse_date(text)
    except ValueError as exc:
        raise DocgenError(Problem(str(exc), option="--ngay", hint=date_hint())) from None


@main.command("sao", help=N_(
    "Làm bản sao (sao y, trích sao, sao lục) của văn bản FILE theo Phụ lục I Phần II.\n\n"
    "Văn bản được sao giữ nguyên; khối bản sao (tên cơ quan sao, số ký hiệu SY/TrS/SL, hình "
    "thức sao, địa danh và ngày, nơi nhận, người ký) đặt dưới một đường kẻ suốt chiều ngang. Cơ "
    "quan sao và người ký lấy từ --mau hoặc --dung-chung; các tùy chọn khác ghi đè giá trị "
    "trong đó."))
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--hinh-thuc", "hinh_thuc", type=click.Choice([h.value for h in HinhThucSao]),
              help=N_("Hình thức sao: sao-y, trich-sao hoặc sao-luc."))
@click.option("--mau", "copy_form", type=click.Path(path_type=Path),
              help=N_("Biểu mẫu bản sao (.yaml) ghi sẵn cơ quan sao, người ký, nơi nhận…, ví dụ "
                      "data/forms/ban-sao/ban-sao-y.yaml."))
@click.option("--dung-chung", "profile", type=click.Path(path_type=Path),
              help=N_("Hoặc: tệp dùng chung của cơ quan sao (co_quan, dia_danh, nguoi_ky)."))
@document_options(N_("Tệp bản sao ghi ra; mặc định <tên tệp>-<hình thức>.docx cạnh tệp gốc."))
@click.option("--so", type=int, help=N_("Số bản sao (khi không cấp số qua --archive); bỏ trống "
                                        "để văn thư ghi tay."))
@click.option("--ngay", help=N_("Ngày sao, dạng 15/12/2025; bỏ trống để ghi tay."))
@click.option("--noi-nhan", "noi_nhan", multiple=True,
              help=N_("Một nơi nhận bản sao; lặp lại cho mỗi nơi."))
@click.option("--tu", help=N_("Trích sao: những chữ đầu của đoạn đầu tiên được sao."))
@click.option("--den", help=N_("Trích sao: những chữ đầu của đoạn cuối cùng được sao."))
@click.option("--archive", "archive_location", type=str, metavar="DIR|URL",
              help=N_("Cấp số bản sao trong sổ đăng ký này (dãy số riêng SY/TrS/SL) và lưu bản "
                      "sao."))
@clerk_errors
def sao_command(file: Path, hinh_thuc: str | None, copy_form: Path | None,
                profile: Path | None, output: Path | None,
                overwrite: bool, so: int | None, ngay: str | None, noi_nhan: tuple[str, ...],
                tu: str | None, den: str | None, archive_location: str | None,
                want_convert: bool) -> None:
    """``docgen sao``: the bản sao of FILE, numbered in the register with ``--archive``."""
    if (copy_form is None) == (profile is None):
        raise DocgenError(Problem(_("cần đúng một trong --mau và --dung-chung"),
                                  hint=_("Ví dụ: --mau data/forms/ban-sao/ban-sao-y.yaml, hoặc "
                                         "--dung-chung co-quan.yaml --hinh-thuc sao-y.")))
    values = load_copy_form(copy_form) if copy_form is not None else load_profile(profile)
    options = {"hinh_thuc": hinh_thuc, "so": so, "ngay": _copy_date(ngay),
               "noi_nhan": list(noi_nhan) or None}
    values.update({k: v for k, v in options.items() if v is not None})
    if archive_location:
        if so is not None:
            raise DocgenError(Problem(_("--so và --archive không dùng cùng nhau: sổ đăng ký "
                                        "cấp số"), hint=_("Bỏ --so để sổ cấp số tiếp theo.")))
        values.pop("so", None)  # the register numbers the copy
    if "hinh_thuc" not in values:
        raise DocgenError(Problem(_("chưa chọn hình thức sao"),
                                  hint=_("Thêm --hinh-thuc sao-y (hoặc trich-sao, sao-luc).")))
    ban_sao = build_ban_sao(values, str(copy_form or profile))
    if (tu or den) and ban_sao.hinh_thuc is not HinhThucSao.TRICH_SAO:
        raise DocgenError(Problem(_("--tu và --den chỉ dùng cho trích sao"),
                                  hint=_("Thêm --hinh-thuc trich-sao, hoặc bỏ --tu/--den.")))
    target = output if output is not None else _default_output(file, ban_sao.hinh_thuc.value)
    excerpt = (tu, den) if tu else None
    with _as_docx(file, want_convert) as docx_path:
        if archive_location is None:
            copy_file(docx_path, target, ban_sao, overwrite=overwrite, excerpt=excerpt)
            click.echo(_("Đã ghi bản sao {output} ({number}).").format(
                output=target, number=ban_sao.so_ky_hieu.strip()))
            return
        check_target(target, overwrite=overwrite)
        entry, data = issue_copy(archive_location, read_docx_file(docx_path), ban_sao,
                                 str(file), excerpt)
        atomic_write(target, data, overwrite=overwrite)
        click.echo(_("Đã cấp số {number} và ghi bản sao {output}.").format(
            number=entry.so_ky_hieu, output=target))
