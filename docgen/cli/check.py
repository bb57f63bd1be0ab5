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
from ..fileio import atomic_write, check_target
from ..i18n import N_, _, current_language, language
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
        raise DocgenError(Problem(_("không tìm thấy tệp"), file=str(path)))
    with tempfile.TemporaryDirectory(prefix="docgen-convert-") as tmp:
        (converted,) = convert([path], Path(tmp), target="docx")
        yield converted


def _summary(reports: list[Report]) -> str:
    n = summary(reports)
    return _("Đã kiểm tra {files} tệp: {ok} đạt Nghị định, {with_findings} có phát hiện "
             "({nghi_dinh} lỗi trái Nghị định, {goi_y} gợi ý), {unreadable} không đọc được."
             ).format(files=n["files"], ok=n["ok"], with_findings=n["with_findings"],
                      nghi_dinh=n["nghi_dinh"], goi_y=n["findings"] - n["nghi_dinh"],
                      unreadable=n["unreadable"])


@main.command("check", help=N_(
    "Kiểm tra thể thức văn bản .docx theo Nghị định 30/2020/NĐ-CP.\n\n"
    "In mọi sai lệch kèm mã quy tắc (R-nn), chia hai mức: \"nghi-dinh\" (trái chính văn Nghị "
    "định) và \"goi-y\" (chỉ khác thói quen trình bày). Mã thoát: 0 đạt, 1 có lỗi trái Nghị "
    "định (với --strict: có bất kỳ phát hiện nào), 2 không đọc được tệp. Giải thích từng mã "
    "quy tắc: docgen quy-tac R-nn."))
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--lang", type=click.Choice(["vi", "en"]), default=None,
              help=N_("Ngôn ngữ của thông báo (vi: tiếng Việt, en: English); mặc định: ngôn "
                      "ngữ của docgen (docgen --lang, DOCGEN_LANG, locale)."))
@click.option("--json", "as_json", is_flag=True,
              help=N_("In kết quả dạng JSON cho máy đọc: {\"files\": [...], \"summary\": "
                      "{...}}, mỗi tệp có path, ok, error, hint, findings."))
@click.option("--convert", "want_convert", is_flag=True,
              help=N_("Chuyển tệp .doc/.rtf/.odt sang .docx bằng LibreOffice trước khi kiểm "
                      "tra."))
@click.option("--strict", is_flag=True,
              help=N_("Tính cả các gợi ý (goi-y) là sai lệch: mã thoát 1 khi có bất kỳ phát "
                      "hiện nào."))
def check_command(files: tuple[Path, ...], lang: str | None, as_json: bool, want_convert: bool,
                  strict: bool) -> None:
    """``docgen check``: every finding of every file, then a summary."""
    lang = lang or current_language()
    with language(lang):
        _check_files(files, lang, as_json, want_convert, strict)


def _check_files(files: tuple[Path, ...], lang: str, as_json: bool, want_convert: bool,
                 strict: bool) -> None:
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
            click.echo(_summary(reports))
    if any(not r.readable for r in reports):
        sys.exit(EXIT_INPUT)
    sys.exit(EXIT_FINDINGS if any(not r.passes(strict) for r in reports) else EXIT_OK)


@main.command("extract", help=N_(
    "Trích văn bản .docx FILE thành tệp biểu mẫu để soạn văn bản mới từ văn bản cũ.\n\n"
    "Những gì biểu mẫu không giữ được (hình ảnh, chú thích, đoạn lạ…) được liệt kê từng dòng. "
    "Mã thoát: 0 giữ trọn văn bản, 1 có phần không mang sang được hoặc còn giá trị phải điền."))
@click.argument("file", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help=N_("Tệp biểu mẫu ghi ra (.yaml); mặc định in ra màn hình."))
@click.option("--overwrite", is_flag=True, help=N_("Cho phép ghi đè tệp đã có."))
@click.option("--convert", "want_convert", is_flag=True,
              help=N_("Chuyển tệp .doc/.rtf/.odt sang .docx bằng LibreOffice trước."))
@clerk_errors
def extract_command(file: Path, output: Path | None, overwrite: bool,
                    want_convert: bool) -> None:
    """``docgen extract``: the form text of a .docx, and what it could not carry."""
    if output is not None:
        check_target(output, overwrite=overwrite)  # "-o ." or "-o /" names a folder
    if output is not None and output.suffix.lower() not in (".yaml", ".yml"):
        raise DocgenError(Problem(_("tệp biểu mẫu ghi ra phải có đuôi .yaml"), file=output,
                                  hint=_("Ví dụ: -o {output}").format(
                                      output=output.with_suffix(".yaml"))))
    if file.suffix.lower() in _CONVERTIBLE and not want_convert:
        raise DocgenError(Problem(_("tệp {suffix} không phải .docx").format(suffix=file.suffix),
                                  file=str(file),
                                  hint=_(CONVERT_HINT)))
    with _as_docx(file, want_convert) as docx_path:
        extraction = read_back_file(docx_path)
    text = form_text(extraction, file.name)
    if output is None:
        click.echo(text, nl=False)
    else:
        atomic_write(output, text.encode("utf-8"), overwrite=overwrite)
        click.echo(_("Đã ghi {output}. Sửa các giá trị rồi chạy: docgen render {output}").format(
            output=output))
    # What the form could not carry is said, never dropped silently (exit 1).
    for line in extraction.report_lines():
        click.echo(line, err=True)
    if not extraction.complete:
        sys.exit(EXIT_FINDINGS)
