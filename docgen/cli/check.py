"""``docgen check`` and ``docgen extract``."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from ..check import Report, check_file
from ..check.reader import CONVERT_HINT
from ..check.report import reports_json, summary
from ..errors import DocgenError, Problem
from ..extract import form_text, read_back_file
from ..fileio import atomic_write
from ..pdf import convert
from .common import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, clerk_errors, main

_CONVERTIBLE = (".doc", ".rtf", ".odt", ".dot", ".wps")


@contextmanager
def _as_docx(path: Path, want_convert: bool) -> Iterator[Path]:
    """``path`` itself, or a .docx made from it by LibreOffice with ``--convert``."""
    if not want_convert or path.suffix.lower() == ".docx":
        yield path
        return
    if not path.is_file():
        raise DocgenError(Problem("không tìm thấy tệp", file=str(path)))
    with tempfile.TemporaryDirectory(prefix="docgen-convert-") as tmp:
        (converted,) = convert([path], Path(tmp), target="docx")
        yield converted


def _summary(reports: list[Report], lang: str) -> str:
    n = summary(reports)
    if lang == "vi":
        return (f"Đã kiểm tra {n['files']} tệp: {n['ok']} đạt Nghị định, {n['with_findings']} có "
                f"phát hiện ({n['nghi_dinh']} lỗi trái Nghị định, "
                f"{n['findings'] - n['nghi_dinh']} gợi ý), {n['unreadable']} không đọc được.")
    return (f"Checked {n['files']} files: {n['ok']} meet the decree, {n['with_findings']} with "
            f"findings ({n['nghi_dinh']} against the decree, "
            f"{n['findings'] - n['nghi_dinh']} suggestions), {n['unreadable']} unreadable.")


@main.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True,
              help="Ngôn ngữ của thông báo (vi: tiếng Việt, en: English).")
@click.option("--json", "as_json", is_flag=True,
              help="In kết quả dạng JSON cho máy đọc: {\"files\": [...], \"summary\": {...}}, "
                   "mỗi tệp có path, ok, error, hint, findings.")
@click.option("--convert", "want_convert", is_flag=True,
              help="Chuyển tệp .doc/.rtf/.odt sang .docx bằng LibreOffice trước khi kiểm tra.")
@click.option("--strict", is_flag=True,
              help="Tính cả các gợi ý (goi-y) là sai lệch: mã thoát 1 khi có bất kỳ phát hiện nào.")
def check_command(files: tuple[Path, ...], lang: str, as_json: bool, want_convert: bool,
                  strict: bool) -> None:
    """Kiểm tra thể thức văn bản .docx theo Nghị định 30/2020/NĐ-CP.

    In mọi sai lệch kèm mã quy tắc (R-nn), chia hai mức: "nghi-dinh" (trái chính văn Nghị
    định) và "goi-y" (chỉ khác thói quen trình bày). Mã thoát: 0 đạt, 1 có lỗi trái Nghị định
    (với --strict: có bất kỳ phát hiện nào), 2 không đọc được tệp. Giải thích từng mã quy tắc:
    docgen quy-tac R-nn.
    """
    reports: list[Report] = []
    for path in files:
        try:
            with _as_docx(path, want_convert) as docx_path:
                report = check_file(docx_path)
                report.path = str(path)
        except DocgenError as exc:
            # One bad file does not stop the others; it is reported after them (exit 2).
            report = Report.unreadable(str(path), exc.problems)
        reports.append(report)
        if not as_json and report.readable:
            click.echo(report.text(lang))
    if as_json:
        click.echo(reports_json(reports, lang))
    else:
        for report in reports:
            if not report.readable:
                click.echo(report.text(lang), err=True)
        if len(files) > 1:
            click.echo(_summary(reports, lang))
    if any(not r.readable for r in reports):
        sys.exit(EXIT_INPUT)
    sys.exit(EXIT_FINDINGS if any(not r.passes(strict) for r in reports) else EXIT_OK)


@main.command("extract")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Tệp biểu mẫu ghi ra (.yaml); mặc định in ra màn hình.")
@click.option("--overwrite", is_flag=True, help="Cho phép ghi đè tệp đã có.")
@click.option("--convert", "want_convert", is_flag=True,
              help="Chuyển tệp .doc/.rtf/.odt sang .docx bằng LibreOffice trước.")
@clerk_errors
def extract_command(file: Path, output: Path | None, overwrite: bool,
                    want_convert: bool) -> None:
    """Trích văn bản .docx FILE thành tệp biểu mẫu để soạn văn bản mới từ văn bản cũ.

    Những gì biểu mẫu không giữ được (hình ảnh, chú thích, đoạn lạ…) được liệt kê từng dòng.
    Mã thoát: 0 giữ trọn văn bản, 1 có phần không mang sang được hoặc còn giá trị phải điền.
    """
    if output is not None and output.suffix.lower() not in (".yaml", ".yml"):
        raise DocgenError(Problem("tệp biểu mẫu ghi ra phải có đuôi .yaml", file=output,
                                  hint=f"Ví dụ: -o {output.with_suffix('.yaml')}"))
    if file.suffix.lower() in _CONVERTIBLE and not want_convert:
        raise DocgenError(Problem(f"tệp {file.suffix} không phải .docx", file=str(file),
                                  hint=CONVERT_HINT))
    with _as_docx(file, want_convert) as docx_path:
        extraction = read_back_file(docx_path)
    text = form_text(extraction, file.name)
    if output is None:
        click.echo(text, nl=False)
    else:
        atomic_write(output, text.encode("utf-8"), overwrite=overwrite)
        click.echo(f"Đã ghi {output}. Sửa các giá trị rồi chạy: docgen render {output}")
    # What the form could not carry is said, never dropped silently (exit 1).
    for line in extraction.report_lines():
        click.echo(line, err=True)
    if not extraction.complete:
        sys.exit(EXIT_FINDINGS)
