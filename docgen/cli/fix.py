"""``docgen sua`` (make a document conformant) and ``docgen sao`` (a bản sao of a document)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..check.reader import CONVERT_HINT
from ..errors import DocgenError, Problem
from ..fix import fix_file
from .check import _CONVERTIBLE, _as_docx
from .common import EXIT_FINDINGS, clerk_errors, main


def _default_output(source: Path, suffix: str) -> Path:
    """``cong-van.docx`` → ``cong-van-da-sua.docx`` beside it."""
    return source.with_name(f"{source.stem}-{suffix}.docx")


@main.command("sua")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Tệp .docx ghi ra; mặc định <tên tệp>-da-sua.docx cạnh tệp gốc.")
@click.option("--overwrite", is_flag=True, help="Cho phép ghi đè tệp ghi ra đã có.")
@click.option("--convert", "want_convert", is_flag=True,
              help="Chuyển tệp .doc/.rtf/.odt sang .docx bằng LibreOffice trước.")
@clerk_errors
def sua_command(file: Path, output: Path | None, overwrite: bool, want_convert: bool) -> None:
    """Sửa văn bản FILE cho đúng thể thức Nghị định 30/2020/NĐ-CP: đọc lại rồi soạn lại.

    Tệp gốc không bao giờ bị sửa. In ra những gì đã sửa (cỡ chữ, lề, dấu câu, vị trí) và những
    gì không mang sang được (hình ảnh, chú thích…). Mã thoát: 0 giữ trọn văn bản, 1 có phần
    không mang sang được (đã liệt kê), 2 không đọc được hoặc không sửa được.
    """
    if file.suffix.lower() in _CONVERTIBLE and not want_convert:
        raise DocgenError(Problem(f"tệp {file.suffix} không phải .docx", file=str(file),
                                  hint=CONVERT_HINT))
    target = output if output is not None else _default_output(file, "da-sua")
    with _as_docx(file, want_convert) as docx_path:
        fixed = fix_file(docx_path, target, overwrite=overwrite, original=file)
    for line in fixed.report_lines():
        click.echo(line)
    click.echo(f"Đã ghi {target}. Tệp gốc {file} giữ nguyên.")
    if not fixed.extraction.complete:
        sys.exit(EXIT_FINDINGS)
